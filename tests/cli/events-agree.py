#!/usr/bin/env python3
"""events-agree.py BUILD SRC [CORPUS] - oomlog and oomwhy read one stream.

For every case (each log fixture under SRC/tests/fixtures, each report of
the shared corpus CORPUS if given, and sources given together), on the
same sources:
- `oomwhy -a -J` explains as many events as `oomlog -J` lists rows, and
  its n-th explanation is numbered n and names oomlog's row n;
- `oomwhy -J -e n` names the victim of oomlog's row n (pid, comm, time,
  time since boot, source line), and is the n-th explanation of -a;
- an explanation without peers counts as its program's history oomlog's
  other rows of that program.
Every file under tests/fixtures is a case or named as not a log.
Prints "ok:"/"FAIL:" lines and a summary; exit 0 when every check passes.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

build, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
corpus = sys.argv[3] if len(sys.argv) > 3 else None
oomlog = os.path.join(build, "cmd/oomlog/oomlog")
oomwhy = os.path.join(build, "cmd/oomwhy/oomwhy")
fx = os.path.join(src, "tests/fixtures")
env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
env["OOMLOG_TEST_BOOT_TIME"] = open(os.path.join(fx, "real/kmsg.boottime")).read().strip()
env.pop("OOMWHY_TEST_SYSTEMCTL", None)
fails = passes = 0
KEYS = ("pid", "comm", "time", "boot_s", "source")


def check(ok, what):
    global fails, passes
    if ok:
        passes += 1
    else:
        fails += 1
        print("FAIL:", what)
    return ok


def run(cmd, extra_env=None):
    e = dict(env, **(extra_env or {}))
    return subprocess.run(cmd, capture_output=True, env=e, cwd=fx)


def events(p, what):
    """The events of a -J document; [] for 'nothing found' (exit 1, no output)."""
    if p.returncode == 1 and not p.stdout.strip():
        return []
    try:
        return json.loads(p.stdout)["events"]
    except (ValueError, KeyError) as e:
        check(False, "%s: no JSON document (exit %d, %s): %s" %
              (what, p.returncode, e, p.stderr.decode(errors="replace").strip()))
        return None


def victim(ev):
    # a guessed year has no zone in oomwhy (the log wrote none): compare
    # the wall clock without its offset
    return tuple((ev.get(k) or "")[:19] if k == "time" and ev.get(k) else ev.get(k)
                 for k in KEYS)


def case(name, args, extra_env=None, sample=None):
    """oomlog and oomwhy on the sources @args; @sample: the n to try with -e."""
    rows = events(run([oomlog, "-J"] + args, extra_env), name + ": oomlog -J")
    allx = events(run([oomwhy, "-a", "-J"] + args, extra_env), name + ": oomwhy -a -J")
    if rows is None or allx is None:
        return
    if not check(len(rows) == len(allx),
                 "%s: oomlog lists %d rows, oomwhy -a explains %d events" %
                 (name, len(rows), len(allx))):
        return
    bad = [i + 1 for i, (r, x) in enumerate(zip(rows, allx))
           if x.get("index") != i + 1 or victim(r) != victim(x["event"])]
    check(not bad, "%s: oomwhy -a's explanations %s are not oomlog's rows (first: %s / %s)" %
          (name, bad[:5], bad and victim(rows[bad[0] - 1]),
           bad and victim(allx[bad[0] - 1]["event"])))
    # the history counts oomlog's rows: of an event without peers, the
    # other rows of its program
    per_comm = {}
    for r in rows:
        per_comm[r["comm"]] = per_comm.get(r["comm"], 0) + 1
    bad = []
    for i, x in enumerate(allx):
        comm = x["event"]["comm"]
        if comm is None or any("also killed" in v or "memory.oom.group" in v
                               for v in x["verdict"]):
            continue
        said = [int(m.group(1)) for m in (re.match(r"(\d+) other OOM events? in these sources "
                                                    r"killed ", h) for h in x["history"]) if m]
        if (said[0] if said else 0) != per_comm[comm] - 1:
            bad.append((i + 1, said, per_comm[comm] - 1))
    check(not bad, "%s: history of the program is not oomlog's other rows of it: %s" %
          (name, bad[:3]))
    ns = range(1, len(rows) + 1) if sample is None else sample(len(rows))
    for n in ns:
        one = events(run([oomwhy, "-J", "-e", str(n)] + args, extra_env),
                     "%s: oomwhy -e %d" % (name, n))
        if one is None:
            continue
        check(len(one) == 1 and victim(one[0]["event"]) == victim(rows[n - 1]) and
              one[0] == allx[n - 1],
              "%s: oomwhy -e %d is not oomlog's row %d (%s / %s)" %
              (name, n, n, one and victim(one[0]["event"]), victim(rows[n - 1])))
    print("ok: %s: %d events, the same in both" % (name, len(rows)))


# --- every file of tests/fixtures: a log, or said why not -------------------
not_logs = {
    "real/kills.txt": "the kills of the captures, a list",
    "real/kmsg.boottime": "the boot time of the kmsg capture",
    "real/mk-capture.sh": "the capture script",
    "real/journal.export": "a journal export (read below through systemd-journal-remote)",
}
files = []
for d, _, names in os.walk(fx):
    for n in sorted(names):
        rel = os.path.relpath(os.path.join(d, n), fx)
        top = rel.split(os.sep)[0]
        if top in ("proc", "cgroup-v2"):
            continue  # process and cgroup trees, no logs
        if rel.endswith((".md", ".expected", ".json", ".py")) or rel in not_logs:
            continue
        files.append(rel)
files.sort()
for rel in files:
    if rel == "real/kmsg.txt":
        case(rel + " (-K)", ["-K", rel])
    else:
        case(rel, [rel])

jr = "/lib/systemd/systemd-journal-remote"
if os.access(jr, os.X_OK):
    with tempfile.TemporaryDirectory() as t:
        with open(os.path.join(fx, "real/journal.export"), "rb") as f:
            subprocess.run([jr, "--output=" + os.path.join(t, "remote.journal"), "-"], stdin=f,
                           capture_output=True)
        p = run([oomwhy, "--journal-file=" + t])
        if b"without libsystemd" not in p.stderr:
            case("real/journal.export (--journal-file)", ["--journal-file=" + t])
        else:
            print("note: built without libsystemd: the journal case skipped")
else:
    print("note: no systemd-journal-remote: the journal case skipped")

# --- the shared corpus ---------------------------------------------------------
if corpus and os.path.isdir(corpus):
    for n in sorted(os.listdir(corpus)):
        if n.endswith(".log"):
            case("corpus " + n, [os.path.join(corpus, n)])
else:
    print("note: no shared corpus (%s): its rows skipped" % corpus)

# --- several sources together: sorted by time where every event has one --------
case("every kmsg/*.log together", sorted("kmsg/" + n for n in os.listdir(os.path.join(fx, "kmsg"))
                                          if n.endswith(".log")))
case("every report-eras/*.log together",
     sorted("report-eras/" + n for n in os.listdir(os.path.join(fx, "report-eras"))
            if n.endswith(".log")))
case("dmesg-T twice, dmesg, -K kmsg", ["real/dmesg-T.txt", "real/dmesg.txt", "real/dmesg-T.txt",
                                        "-K", "real/kmsg.txt"])

with tempfile.TemporaryDirectory() as t:
    kill = ("Memory cgroup out of memory: Killed process %d (w%d) total-vm:1kB, anon-rss:%dkB, "
            "file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:1kB oom_score_adj:0")

    def syslog(path, n, start, step, year):
        with open(path, "w") as f:
            for i in range(n):
                s = start + i * step
                f.write("%04d-%02d-%02dT%02d:%02d:%02d.000000+00:00 host kernel: %s\n" %
                        (year, 3, 1 + s // 86400, s // 3600 % 24, s // 60 % 60, s % 60,
                         kill % (1000 + i, i % 7, 1 + i % 50)))

    # two hosts' logs, interleaved in time: one sorted batch
    syslog(os.path.join(t, "a.log"), 700, 0, 10, 2026)
    syslog(os.path.join(t, "b.log"), 700, 5, 10, 2026)
    edges = lambda n: sorted({1, 2, n // 2, n - 1, n} | set(range(1, n + 1, 97)))
    case("two hosts' logs interleaved", [os.path.join(t, "a.log"), os.path.join(t, "b.log")],
         sample=edges)
    # one file out of time order, over several batches of one source
    with open(os.path.join(t, "c.log"), "w") as f:
        for part in (2, 0, 1):
            f.write(open(os.path.join(t, "a.log")).read().replace("2026-", "202%d-" % (6 + part)))
    case("one file out of order, 2100 events in three batches", [os.path.join(t, "c.log")],
         sample=lambda n: sorted({1, 999, 1000, 1001, 1999, 2000, 2001, n} |
                                 set(range(1, n + 1, 211))))

    # the running system's logs and its syslog files, a kill of which is
    # also in /dev/kmsg: the filter keeps the test off other processes' kills
    if os.access("/dev/kmsg", os.R_OK):
        vl = os.path.join(t, "varlog")
        os.mkdir(vl)
        with open(os.path.join(vl, "kern.log.1"), "w") as f:
            f.write("Jan  1 00:00:00 old kernel: " + kill % (77, 1, 5) + "\n")
        with open(os.path.join(vl, "kern.log"), "w") as f:
            f.write(time.strftime("%b %e %H:%M:%S") + " now kernel: " + kill % (88, 2, 5) + "\n")
        os.utime(os.path.join(vl, "kern.log.1"), (978393600, 978393600))
        case("default sources with syslog files (w1: only there, w2: also in /dev/kmsg)",
             ["--comm", "^w[12]$"], {"OOMLOG_TEST_SYSLOG_DIR": vl})
    else:
        print("note: /dev/kmsg not readable: the default-sources case skipped")

print("%d passed, %d failed" % (passes, fails))
sys.exit(1 if fails else 0)
