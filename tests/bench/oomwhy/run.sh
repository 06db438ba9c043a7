#!/usr/bin/env bash
# tests/bench/oomwhy/run.sh - `oomwhy -a` on 100,000 OOM events.
#
#   tests/bench/oomwhy/run.sh [BUILD_DIR]    (default: ./build)
#
# Makes the log of the hostile-input probe N4 (below; 100,000 memcg
# OOM events, four lines each: 50 programs, 100 memcgs) and its first
# 25,000 and 50,000 events, then measures in one run, RUNS times each,
# alternating, medians of the CPU time (user + sys, the children's rusage):
#   - `oomwhy -a FILE` (text) and `oomwhy -a -J FILE`, output discarded;
#   - the baselines on the same file: `oomwhy FILE` (the last event only:
#     reading, parsing and indexing everything, one explanation) and
#     `oomlog -n FILE` (reading and listing);
#   - `oomwhy -a` on the 25,000- and 50,000-event files, for the growth.
# The goals are checked here, never in ctest (exit 1 when one is missed):
#   - `oomwhy -a` within 8x the CPU time of `oomwhy` on the last event;
#   - doubling the events costs at most 2.5x (linear or n log n; the
#     quadratic code it replaces cost 4x per doubling).
# Writes the figures to docs/bench-oomwhy.md (and stdout).
# Environment: RUNS (default 5), BENCH_DIR (default /var/tmp/oomwhy-bench),
# NO_DOC=1 to leave docs/ alone, CPU=N to run every command on CPU N only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../../.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
oomwhy=$build/cmd/oomwhy/oomwhy
oomlog=$build/cmd/oomlog/oomlog
for b in "$oomwhy" "$oomlog"; do
	[[ -x $b ]] || { echo "run.sh: $b not built" >&2; exit 2; }
done
runs=${RUNS:-5}
dir=${BENCH_DIR:-/var/tmp/oomwhy-bench}
mkdir -p "$dir"

log=$dir/k100k.log
if [[ ! -s $log ]]; then
	echo "generating $log" >&2
	# the probe's snippet, as written there
	python3 -c '
import sys
for i in range(100000):
    p = 1000 + i
    print(f"[{i}.000000] t{i%50} invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0")
    print(f"[{i}.000001] memory: usage 65536kB, limit 65536kB, failcnt 1")
    print(f"[{i}.000002] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/c{i%100},task_memcg=/c{i%100},task=t{i%50},pid={p},uid=0")
    print(f"[{i}.000003] Memory cgroup out of memory: Killed process {p} (t{i%50}) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:1kB oom_score_adj:0")
' >"$log"
fi
head -100000 "$log" >"$dir/k25k.log"
head -200000 "$log" >"$dir/k50k.log"

python3 - "$oomwhy" "$oomlog" "$dir" "$runs" "$src/docs/bench-oomwhy.md" "${NO_DOC:-0}" <<'PY'
import os, platform, resource, statistics, subprocess, sys, time
oomwhy, oomlog, d, runs, doc, nodoc = sys.argv[1:7]
runs, nodoc = int(runs), nodoc == "1"
env = dict(os.environ, LC_ALL="C.UTF-8", TZ="UTC")
pin = ["taskset", "-c", os.environ["CPU"]] if os.environ.get("CPU") else []

def run(argv):
    """CPU seconds (user + sys) and peak RSS (KiB) of one run."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(pin + ["/usr/bin/time", "-f", "%M", "--"] + argv,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit("%s failed: %d %s" % (argv, p.returncode, p.stderr.decode()))
    rss = int(p.stderr.decode().strip().splitlines()[-1])
    return (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), rss

big = os.path.join(d, "k100k.log")
cmds = [
    ("oomwhy -a", [oomwhy, "-a", big]),
    ("oomwhy -a -J", [oomwhy, "-a", "-J", big]),
    ("oomwhy (last event)", [oomwhy, big]),
    ("oomlog -n", [oomlog, "-n", big]),
    ("oomwhy -a, 25,000 events", [oomwhy, "-a", os.path.join(d, "k25k.log")]),
    ("oomwhy -a, 50,000 events", [oomwhy, "-a", os.path.join(d, "k50k.log")]),
]
res = {name: [] for name, _ in cmds}
for i in range(runs):
    # alternating, the order rotated each round: a drift hits all alike
    for name, argv in cmds[i % len(cmds):] + cmds[:i % len(cmds)]:
        res[name].append(run(argv))
med = {n: statistics.median(r[0] for r in v) for n, v in res.items()}
rss = {n: max(r[1] for r in v) for n, v in res.items()}

base = med["oomwhy (last event)"]
rows = ["| command (100,000 events) | median CPU | vs oomwhy on the last event | peak RSS |",
        "|---|---|---|---|"]
for n in ("oomwhy -a", "oomwhy -a -J", "oomwhy (last event)", "oomlog -n"):
    rows.append("| `%s` | %.2f s | %.2fx | %.0f MiB |" % (n, med[n], med[n] / base, rss[n] / 1024))
g25, g50, g100 = med["oomwhy -a, 25,000 events"], med["oomwhy -a, 50,000 events"], med["oomwhy -a"]
grow = ["| events | `oomwhy -a` median CPU | vs half as many |", "|---|---|---|",
        "| 25,000 | %.2f s | |" % g25,
        "| 50,000 | %.2f s | %.2fx |" % (g50, g50 / g25),
        "| 100,000 | %.2f s | %.2fx |" % (g100, g100 / g50)]
goals = [("`oomwhy -a` within 8x of `oomwhy` on the last event", med["oomwhy -a"] / base <= 8),
         ("`oomwhy -a -J` within 8x of `oomwhy` on the last event",
          med["oomwhy -a -J"] / base <= 8),
         ("twice the events cost at most 2.5x", max(g50 / g25, g100 / g50) <= 2.5)]
goal_text = "\n".join("- %s: %s" % (g, "met" if ok else "MISSED") for g, ok in goals)
text = "\n".join(rows) + "\n\n" + "\n".join(grow) + "\n\nGoals:\n" + goal_text
print(text)
cpu = "?"
try:
    for l in open("/proc/cpuinfo"):
        if l.startswith("model name"):
            cpu = l.split(":", 1)[1].strip()
            break
except OSError:
    pass
if not nodoc:
    with open(doc, "w") as f:
        f.write("""# oomwhy benchmark: `oomwhy -a` on 100,000 events

Produced by `tests/bench/oomwhy/run.sh BUILD_DIR` (%d runs per figure, the commands alternating, medians of the CPU time, user + system, from the children's rusage; peak RSS from GNU time).
Not part of ctest: the goals below are checked by the script, which exits 1 when one is missed.%s

Input: the log of the hostile-input probe N4 (its Python snippet is in `run.sh`): 100,000 memcg OOM events of four lines each (trigger, memcg usage, `oom-kill:` summary, kill line), 50 programs in 100 memcgs, so every event has 1,999 others of its program and 999 of its memcg in its history.
The 25,000- and 50,000-event files are its first lines.
Baselines in the same run: `oomwhy FILE` reads, parses and indexes every event and explains the last one; `oomlog -n FILE` reads and lists them.

Machine: %s, %d CPUs, Linux %s, %s.

%s

Before the explanation index (`oomkit_explain_add_index`, `lib/explain-index.c`), each explanation was given every event of the log for its history and searched the list for its own place, so `oomwhy -a` cost n squared: the probe measured 0.97 s for 5,000 events, 15.66 s for 20,000 and 69.77 s for 40,000 (four times the time per doubling), about 7 minutes projected for 100,000.
Now each event is entered once into sorted lists (by program, memcg, unit, invocation, burst domain, address), and an explanation takes from them its peers near it and each history as a count less the few events history leaves out.
What is left is mostly writing the text (`vfprintf`, `fwrite`, line wrapping) and the binary searches' string comparisons.
The sentences are the same as before, event by event (`tests/unit/test_explain_index.c` compares them with the old way on a log made to have every case).
""" % (runs, (" Every command ran on CPU %s only (`CPU=%s`, taskset)." % (os.environ["CPU"], os.environ["CPU"])) if pin else "", cpu, os.cpu_count(), platform.release(), time.strftime("%Y-%m-%d"), text))
sys.exit(0 if all(ok for _, ok in goals) else 1)
PY
