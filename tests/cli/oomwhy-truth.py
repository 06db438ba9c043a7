#!/usr/bin/env python3
"""oomwhy tells only the truth: one check per item of the review of its
explanations (the wrong, the misleading and the missing), each on a
synthetic report in tests/fixtures/truth/ written from the kernel's format
strings of its era; then rules over every fixture and the shared corpus:

- no explanation says the ranking agrees while the kernel's victim is not
  the first eligible row;
- every claim that something is not in the log is checked against the
  lines of that event's report;
- the text starts with three lines (What, Why, Change) of at most 100
  columns, and one event's explanation fits 60 lines;
- every sentence has its basis in JSON.

usage: oomwhy-truth.py OOMWHY FIXTURES_DIR [CORPUS_DIR]
"""
import json
import os
import re
import subprocess
import sys

OOMWHY, FX = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
CORPUS = sys.argv[3] if len(sys.argv) > 3 else ""
TRUTH = os.path.join(FX, "truth")
ENV = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", COLUMNS="100")
ENV.pop("OOMWHY_TEST_SYSTEMCTL", None)
fails = passes = 0


def check(ok, what):
    global fails, passes
    if ok:
        passes += 1
    else:
        fails += 1
        print("FAIL:", what)


def run(args, cwd=None):
    p = subprocess.run([OOMWHY] + args, capture_output=True, env=ENV, cwd=cwd)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def events(path):
    rc, out = run(["-a", "-J", path])
    if rc not in (0, 1) or not out.strip():
        return []
    try:
        return json.loads(out)["events"]
    except ValueError:
        return []


def texts(ev, key, field="text"):
    return [x if isinstance(x, str) else x.get(field) or x.get("evidence") or ""
            for x in ev.get(key) or []]


def ids(ev, key):
    return [x.get("id") for x in ev.get(key) or [] if isinstance(x, dict)]


def alltext(ev):
    out = []
    for k in ("verdict", "ranking_notes", "what_if", "memory", "history", "answer"):
        out += texts(ev, k)
    out += texts(ev, "causes", "evidence") + texts(ev, "advice") + texts(ev, "not_shown")
    return "\n".join(out)


def victim_row(ev):
    for r in ev.get("ranking") or []:
        if r.get("victim"):
            return r
    return None


# --- one check per item: (fixture, event index or -1 for the last, item, what, test) ---
def no_adj_claim(ev):
    return "adj_decided" not in ids(ev, "causes") and "adj" not in ids(ev, "advice")


ITEMS = [
    # wrong 1: adj shared by every candidate did not decide the victim
    ("w01-same-adj.log", -1, "wrong 1", "same adj for all: no 'adj decided', no oomadj advice",
     no_adj_claim),
    ("w01-same-adj.log", -1, "wrong 1", "same adj for all: the what-if says so",
     lambda e: any("All 3 candidates had oom_score_adj 500" in t for t in texts(e, "what_if"))),
    ("w01-k8s-guaranteed.log", -1, "wrong 1", "Guaranteed pod: nobody 'protected', no oomadj",
     lambda e: "protected by" not in alltext(e) and "oomadj" not in alltext(e)),
    # wrong 2: host OOMs before 4.19 from the kill line; totalpages from show_mem
    ("w02-host-2.6.37.log", -1, "wrong 2", "2.6.37 'Out of memory:' is a host OOM",
     lambda e: e["domain"]["kind"] not in (None, "unknown")
     and "domain" not in ids(e, "not_shown")),
    ("w02-host-2.6.37.log", -1, "wrong 2", "totalpages = pages RAM - reserved + swap = 49,028",
     lambda e: e["domain"]["totalpages"] == 49028 and e["domain"].get("totalpages_max") == 49028),
    ("w02-lowmem-3.2-i386.log", -1, "wrong 2", "32-bit lowmem exhaustion is a cause",
     lambda e: "lowmem" in ids(e, "causes")),
    # wrong 3: never 'agrees' unless the victim is first under every reading
    ("w03-root-bonus-score-1.log", -1, "wrong 3", "score-1 root tasks: agreement is not 'yes'",
     lambda e: e["ranking_agrees"] is not True),
    ("w03-root-bonus-score-1.log", -1, "wrong 3", "the 2.6.36-3.x table has no swapents: said",
     lambda e: "no_swapents" in ids(e, "not_shown")),
    # wrong 4: the score narrows totalpages from both sides; SHARE = score
    ("w04-score-both-sides.log", -1, "wrong 4", "victim's SHARE equals the kill line's score 901",
     lambda e: (victim_row(e) or {}).get("share") == 901),
    ("w04-score-both-sides.log", -1, "wrong 4", "totalpages raised from below by the score",
     lambda e: (e["domain"].get("totalpages") or 0) >= 998896),
    ("w04-score-floor.log", -1, "wrong 4", "score 0 with a negative adj is the floor",
     lambda e: any("floor" in t for t in texts(e, "ranking_notes"))),
    # wrong 5: cgroup v1 memory+swap is not swap; a leak is not fixed by 25 %
    ("w05-memsw-leak.log", -1, "wrong 5", "memory+swap not shown as 'Swap: usage'",
     lambda e: not any(t.startswith("Swap: usage") for t in texts(e, "memory"))),
    ("w05-memsw-leak.log", -1, "wrong 5", "no 25 % raise when the cgroup held its limit in swap",
     lambda e: "swap_leak" in ids(e, "advice") and "raise_limit" not in ids(e, "advice")),
    ("w05-memsw-leak.log", -1, "wrong 5", "no share of the limit above 100 %",
     lambda e: all(int(x) <= 100 for x in re.findall(r"(\d+)%", " ".join(texts(e, "causes", "evidence"))))),
    ("w05-swapaccount-off.log", -1, "wrong 5", "memory+swap usage 0: swap accounting is off",
     lambda e: any("swap accounting is off" in t for t in texts(e, "memory"))),
    # wrong 6: what is in the log is not reported absent
    ("w06-limit-and-stats-read.log", -1, "wrong 6", "the limit line is read (8 MiB, tp 2,048-4,096)",
     lambda e: "no_limit" not in ids(e, "not_shown") and e["domain"].get("limit_kb") == 8192
     and e["domain"].get("totalpages_max") == 4096),
    ("w06-limit-and-stats-read.log", -1, "wrong 6", "the memcg named by 'Memory cgroup stats for'",
     lambda e: "/kubepods/pod95387fa4-da9c-11e7-9d36-5254b24cbf5e/6895a3e134" in
     " ".join(texts(e, "verdict"))),
    ("w06-trigger-from-stack.log", -1, "wrong 6", "the allocating task from 'CPU: .. PID: 3974'",
     lambda e: "no_trigger" not in ids(e, "not_shown")
     and any("3974" in t for t in texts(e, "verdict"))),
    # wrong 7: 'not the victim' only with evidence
    ("w07-thread-trigger.log", -1, "wrong 7", "a thread name is no evidence it was not the victim",
     lambda e: "it was not the victim" not in alltext(e)),
    ("w07-cut-before-outcome.log", -1, "wrong 7", "a report cut before its outcome says nothing",
     lambda e: "it was not the victim" not in alltext(e)),
    # wrong 8: 3.10 walks threads: the kill line's tid is the table's process
    ("w08-thread-id-3.10.log", -1, "wrong 8", "no 'protected, a smaller one killed'",
     lambda e: "protected_grew" not in ids(e, "causes") and "protected by" not in alltext(e)),
    ("w08-thread-id-3.10.log", -1, "wrong 8", "the chosen tid is a thread of the killed java",
     lambda e: e["ranking_agrees"] is True
     and any("is a thread of java" in t for t in texts(e, "verdict"))),
    # wrong 9: unknown task table columns are not guessed
    ("w09-patched-header.log", -1, "wrong 9", "a patched kernel's table is not ranked",
     lambda e: e["ranking"] == [] and e["ranking_agrees"] is None
     and any("no upstream kernel prints" in t for t in texts(e, "ranking_notes"))),
    # wrong 10: free memory only in Movable zones is configuration, not shortage
    ("w10-cpuset-movable.log", -1, "wrong 10", "movable-only nodes: a configuration problem",
     lambda e: "movable_only" in ids(e, "causes")
     and "nodes ran out" not in " ".join(texts(e, "verdict"))),
    # wrong 11: manual OOMs and compulsory panics named as such
    ("w11-sysrq-2.6.log", -1, "wrong 11", "'SysRq : Manual OOM execution' is a manual OOM",
     lambda e: any("manual OOM" in t for t in texts(e, "verdict"))
     and "when memory ran out" not in " ".join(texts(e, "verdict"))),
    ("w11-compulsory-panic.log", -1, "wrong 11", "'compulsory panic_on_oom' is vm.panic_on_oom=2",
     lambda e: any("vm.panic_on_oom=2" in t for t in texts(e, "verdict"))),
    # wrong 12: order 1-3 is fragmentation (buddy lists); order > 3 never kills
    ("w12-order3-fragmentation.log", -1, "wrong 12", "order 3 with small free blocks: fragmentation",
     lambda e: "fragmentation" in ids(e, "causes") and "high_order" not in ids(e, "causes")),
    # misleading
    ("m01-shared-mm.log", -1, "misleading 1", "identical rows: one shared mm counted per row",
     lambda e: any("shared by several processes" in t for t in texts(e, "memory"))),
    ("m02-reaper-3.10.log", -1, "misleading 2", "no oom_reaper note before 4.6",
     lambda e: "no_reaper" not in ids(e, "not_shown")),
    ("m03-summary-no-header.log", -1, "misleading 3", "with a summary line, headers are not 'rate-limited, never the kill line'",
     lambda e: "never the kill line" not in alltext(e)),
    ("w05-memsw-leak.log", -1, "misleading 4", "resident and swap shown apart",
     lambda e: any("resident and" in t and "in swap" in t for t in texts(e, "memory"))),
    ("m05-syslog-no-year.log", -1, "misleading 5", "a syslog time: no year, no zone, said so",
     lambda e: e["event"].get("year_guessed") is True
     and not re.search(r"[+-]\d\d:\d\d$|Z$", e["event"].get("time") or "")),
    ("w05-memsw-leak.log", -1, "misleading 6", "no memory.high advice on cgroup v1",
     lambda e: "memory_high" not in ids(e, "advice")),
    ("w01-k8s-guaranteed.log", -1, "misleading 6", "no memory.high or oomadj advice for a pod",
     lambda e: "memory_high" not in ids(e, "advice") and "oomadj" not in alltext(e)),
    ("m06-shmem-db.log", -1, "misleading 6", "shared memory the kill does not free: not 'add memory'",
     lambda e: "shmem" in ids(e, "advice") and "host" not in ids(e, "advice")),
    ("m07-loop.log", 0, "misleading 7", "an OOM 108 ms later on the host is a loop",
     lambda e: "loop" in " ".join(texts(e, "history")) and "No other OOM event" not in alltext(e)),
    # missing
    ("w01-same-adj.log", -1, "missing 1", "three lines on top: what, why, change",
     lambda e: [x.get("id") for x in e["answer"]] == ["what", "why", "change"]
     and e["answer"][0]["text"].startswith("A cgroup limit")),
    ("m06-shmem-db.log", -1, "missing 4", "whether the kill freed it: shmem stays",
     lambda e: "kept after a kill" in e["answer"][1]["text"]),
    ("w07-thread-trigger.log", -1, "missing 5", "a Burstable adj gives the request",
     lambda e: any("3.1 %" in t for t in texts(e, "advice"))),
    ("m03-summary-no-header.log", -1, "missing 6", "no table: the victim's size from the kill line",
     lambda e: "488.2 MiB anon" in e["answer"][1]["text"]),
    ("w01-same-adj.log", -1, "missing 2", "sentences not read from the log are marked",
     lambda e: "computed" in e["basis"]["ranking_notes"]),
    ("w12-order3-fragmentation.log", -1, "missing 3", "the gfp mask's highest zone is said",
     lambda e: any("Normal" in t or "zone" in t for t in texts(e, "verdict"))),
    ("x03-filemap-thrashing.log", -1, "missing 3", "the call trace's path: a page-cache fault",
     lambda e: any("page-cache fault" in t for t in texts(e, "verdict"))
     and "thrashing" in ids(e, "causes")),
    ("w01-k8s-guaranteed.log", -1, "missing 5", "the oom.group/QoS context: no adj advice for pods",
     lambda e: "adj" not in ids(e, "advice") or "kubelet" in " ".join(texts(e, "advice"))),
    ("m03-summary-no-header.log", -1, "missing 7", "what to collect next time",
     lambda e: "collect" in ids(e, "advice")),
]


def by_item():
    for fx, idx, item, what, test in ITEMS:
        evs = events(os.path.join(TRUTH, fx))
        if not evs:
            check(False, "%s: %s (%s): no event read" % (item, what, fx))
            continue
        try:
            ok = bool(test(evs[idx]))
        except (KeyError, TypeError, IndexError, AttributeError) as e:
            ok = False
            what += " [%s: %s]" % (type(e).__name__, e)
        check(ok, "%s: %s (%s)" % (item, what, fx))


# --- rules over every fixture ------------------------------------------------------
# what a claim of absence says is missing, and the lines that would show it
ABSENT = {
    "no_limit": r"memory: usage \d+kB, limit \d+kB",
    "no_trigger": r"invoked oom-killer|CPU: \d+ (UID: \d+ )?PID: \d+ Comm:|Pid: \d+, comm:",
    "no_task_table": r"\[\s*pid\s*\]\s+uid|Tasks state|\]\s+\[\s*\d+\]\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+",
    "memcg_stat": r"Memory cgroup stats for",
    "meminfo": r"Mem-Info|pages RAM",
    "no_reaper": r"oom_reaper:",
    "no_outcome": r"Killed process|no killable|panic_on_oom|already exiting",
    "domain": r"oom-kill:constraint|Memory cgroup out of memory|killed as a result of limit",
}


def fixtures():
    out = []
    for d in ("truth", "report-eras", "real", "kmsg"):
        p = os.path.join(FX, d)
        if os.path.isdir(p):
            out += [os.path.join(p, f) for f in sorted(os.listdir(p))
                    if f.endswith((".log", ".txt")) and not f.startswith(".")]
    if CORPUS and os.path.isdir(CORPUS):
        out += [os.path.join(CORPUS, f) for f in sorted(os.listdir(CORPUS)) if f.endswith(".log")]
    return out


def source_line(ev, path):
    src = ev["event"].get("source") or ""
    m = re.match(r"(.*):(\d+)$", src)
    if not m or os.path.basename(m.group(1)) != os.path.basename(path):
        return None
    return int(m.group(2))


def stamp(line):
    m = re.match(r"\[\s*(\d+\.\d+)\]", line)
    return float(m.group(1)) if m else None


def rules(path):
    rel = os.path.relpath(path, FX) if path.startswith(FX) else os.path.basename(path)
    evs = events(path)
    try:
        lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    except OSError:
        return
    prev = 0
    for n, ev in enumerate(evs, 1):
        # the ranking agrees only with the victim first among the eligible
        if ev.get("ranking_agrees") is True:
            first = next((r for r in ev["ranking"] if r.get("eligible")), None)
            check(first is not None and first.get("victim"),
                  "%s event %d: 'agrees' but the victim is not the first eligible row" % (rel, n))
        # claims of absence against the report's lines: from after the
        # previous event's kill line to just after this one's
        at = source_line(ev, path)
        if at is not None:
            nxt = [source_line(e, path) for e in evs[n:]]
            nxt = min([x for x in nxt if x and x > at] or [len(lines) + 1])
            for i in ids(ev, "not_shown"):
                if i not in ABSENT:
                    continue
                # the report's lines: after the previous kill, up to this one;
                # the reaper's come after the kill, before the next event's
                # the report starts at its header when it has one
                start = prev
                if ev["event"].get("trigger_comm") or ev["event"].get("trigger_pid"):
                    heads = [k for k in range(prev, at) if "invoked oom-killer" in lines[k]]
                    start = heads[-1] if heads else prev
                part = (lines[at:min(nxt - 1, at + 20)] if i == "no_reaper" else
                        lines[start:at])
                # a report's lines are not later than its kill (a clock that
                # jumped back started another report)
                t0 = stamp(lines[at - 1]) if at else None
                window = "\n".join(x for x in part if i == "no_reaper" or t0 is None
                                   or stamp(x) is None or stamp(x) <= t0)
                check(not re.search(ABSENT[i], window),
                      "%s event %d: says '%s' is not in the log, but it is" % (rel, n, i))
            prev = at
        # every sentence has its basis, in the order of its list
        b = ev.get("basis") or {}
        for k in ("verdict", "ranking_notes", "what_if", "memory", "causes", "answer"):
            check(len(b.get(k) or []) == len(ev.get(k) or []),
                  "%s event %d: basis of %s" % (rel, n, k))
        # the text: three answer lines first, 100 columns, 60 lines an event
        # relative to its folder: the text must not depend on the checkout's path
        rc, out = run(["-e", str(n), os.path.basename(path)], cwd=os.path.dirname(path))
        tl = out.split("\n")
        check(len(tl) >= 3 and tl[0].startswith("What:") and tl[1].startswith("Why:")
              and tl[2].startswith("Change:"),
              "%s event %d: the first three lines are What, Why, Change" % (rel, n))
        check(all(len(x) <= 100 for x in tl), "%s event %d: 100 columns" % (rel, n))
        check(len(out.rstrip("\n").split("\n")) <= 60,
              "%s event %d: %d lines, more than 60" % (rel, n, len(out.rstrip("\n").split("\n"))))


by_item()
for f in fixtures():
    rules(f)

# --full shows every ranking row; the default the first three and the victim
rc, full = run(["--full", os.path.join(TRUTH, "w03-root-bonus-score-1.log")])
rc2, short = run([os.path.join(TRUTH, "w03-root-bonus-score-1.log")])
check(rc == 0 and "worker14 " in full and "worker14 " not in short and "--full" in short,
      "--full shows every row, the default three and says so")
rc, helptext = run(["--help"])
check("--full" in helptext, "--help lists --full")
# the man page's examples are today's output
man = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "helpers",
                   "oomwhy-man-examples.py")
p = subprocess.run([sys.executable, man, OOMWHY, os.path.join(FX, "..", ".."), "--check"],
                   capture_output=True, env=ENV)
check(p.returncode == 0, "man/oomwhy.1's examples are today's output: " +
      p.stdout.decode(errors="replace").strip())
print("%d passed, %d failed" % (passes, fails))
sys.exit(1 if fails else 0)
