#!/usr/bin/env python3
"""oomwhy-corpus.py OOMWHY DIR - check oomwhy on every report of a corpus.

DIR holds kernel logs and expected.json (the shared corpus format: per
file, the events a careful reader finds, in log order). For each expected
event N, `oomwhy -J --event N FILE` must name the same victim (pid, comm),
trigger (comm before "invoked oom-killer"), constraint and memcgs, and
where the report is partial (no header, no task table, no outcome) its
not_shown list must say so. Prints one line per failure and a summary:
events with a task table and in how many the rebuilt ranking agreed with
the kernel (ranking_agrees), with the reason given where it did not.
Exit 0 when every check passes.
"""
import json
import os
import subprocess
import sys

oomwhy, d = sys.argv[1], sys.argv[2]
exp = json.load(open(os.path.join(d, "expected.json")))
fails = checks = 0
tables = agree = 0
disagree = []


def check(ok, what):
    global fails, checks
    checks += 1
    if not ok:
        fails += 1
        print("FAIL:", what)


for f in exp:
    path = os.path.join(d, f["file"])
    for n, want in enumerate(f["events"], 1):
        name = "%s event %d" % (f["file"], n)
        p = subprocess.run([oomwhy, "-J", "--event", str(n), path],
                           capture_output=True, text=True)
        check(p.returncode == 0, "%s: exit %d %s" % (name, p.returncode, p.stderr.strip()))
        if p.returncode != 0:
            continue
        x = json.loads(p.stdout)["events"][0]
        ev = x["event"]
        for key, got in (("victim_pid", ev["pid"]), ("victim_comm", ev["comm"]),
                         ("trigger_comm", ev["trigger_comm"]),
                         ("constraint", ev["constraint"]),
                         ("oom_memcg", ev["oom_memcg"]),
                         ("task_memcg", ev["task_memcg"]),
                         ("victim_oom_score_adj", ev["oom_score_adj"])):
            check(got == want[key], "%s: %s is %r, expected %r" % (name, key, got, want[key]))
        gaps = {g["id"] for g in x["not_shown"]}
        if want["trigger_comm"] is None and ev["killer"] in (None, "kernel"):
            check("no_trigger" in gaps or ev["pid"] is None,
                  "%s: no header, but not_shown does not say so" % name)
        if want["victim_pid"] is None:
            check(any(v for v in x["verdict"] if "Nothing" in v or "ends before" in v),
                  "%s: no victim, but the verdict does not say so" % name)
        if x["ranking"]:
            tables += 1
            if x["ranking_agrees"]:
                agree += 1
            else:
                why = [t for t in x["ranking_notes"] if "choice" in t] or x["ranking_notes"][-1:]
                disagree.append("%s: %s" % (name, why[0]))
        elif ev["pid"] is not None:
            check("no_task_table" in gaps or "no_task_rows" in gaps or x["ranking_notes"],
                  "%s: no ranking, and nothing says why" % name)
        # the domain: memcg path for memcg OOMs, "/" for the host
        if want["constraint"] == "CONSTRAINT_MEMCG":
            check(x["domain"]["kind"] == "memcg" and x["domain"]["path"] == want["oom_memcg"],
                  "%s: domain %r" % (name, x["domain"]))
        elif want["constraint"] == "CONSTRAINT_NONE":
            check(x["domain"]["kind"] == "global", "%s: domain %r" % (name, x["domain"]))

print("corpus: %d checks, %d failed" % (checks, fails))
print("corpus: %d events had a task table; the rebuilt ranking agreed with the kernel in %d"
      % (tables, agree))
for line in disagree:
    print("corpus: not agreed:", line)
sys.exit(1 if fails else 0)
