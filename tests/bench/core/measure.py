#!/usr/bin/env python3
"""measure.py - CPU time of commands, run in alternation, medians and ratios.

Usage: measure.py ROUNDS NAME=CMD [NAME=CMD ...]

Each round runs every command once, in a rotating order, with stdout to
/dev/null; the CPU time (user + sys) of the command and its children is
taken from wait4()'s rusage. A command that exits non-zero fails the
benchmark. Prints one line per run, then a summary as JSON on the last
line (name -> median/min/max of cpu and wall seconds, exit codes).
"""
import json
import os
import shlex
import statistics
import subprocess
import sys
import time


def run_once(argv):
    t0 = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t0
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return ru.ru_utime + ru.ru_stime, ru.ru_utime, ru.ru_stime, wall, \
        proc.returncode, err


def main():
    rounds = int(sys.argv[1])
    cmds = []
    for arg in sys.argv[2:]:
        name, _, cmd = arg.partition("=")
        cmds.append((name, shlex.split(cmd)))
    res = {name: {"cpu": [], "user": [], "sys": [], "wall": []}
           for name, _ in cmds}
    failed = False
    for r in range(rounds):
        order = cmds[r % len(cmds):] + cmds[:r % len(cmds)]
        for name, argv in order:
            cpu, user, sys_, wall, rc, err = run_once(argv)
            print(f"round {r + 1} {name}: cpu {cpu:.4f}s (user {user:.4f} "
                  f"sys {sys_:.4f}) wall {wall:.4f}s rc {rc}", flush=True)
            if rc != 0:
                print(f"  {name} failed: {err.strip()[:500]}", flush=True)
                failed = True
            for k, v in (("cpu", cpu), ("user", user), ("sys", sys_),
                         ("wall", wall)):
                res[name][k].append(v)
    summary = {}
    for name, d in res.items():
        summary[name] = {k: {"median": statistics.median(v), "min": min(v),
                             "max": max(v)} for k, v in d.items()}
    print(json.dumps(summary))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
