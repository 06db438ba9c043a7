#!/usr/bin/env bash
# bench.sh [MIB] [RUNS] - parser speed on a synthetic syslog kern.log.
#
# Builds a MIB-sized (default 1024) kern.log in $TMPDIR: a 1 MiB block of
# ordinary kernel lines (firewall, USB, ext4, audit, NIC, ...) with one
# 6.x OOM report, repeated. Then times, RUNS times each (default 5),
#   grep -c 'Killed process' FILE          (the reference)
#   report-bench FILE                      (read + parse every line)
# and prints the medians and their ratio. Needs the build's report-bench
# (OOMKIT_BUILD_DIR, default ./build). A benchmark, not a test.
set -euo pipefail
mib=${1:-1024} runs=${2:-5}
build=${OOMKIT_BUILD_DIR:-$(pwd)/build}
bench=$build/tests/helpers/report-bench
[[ -x $bench ]] || { echo "bench.sh: build report-bench first ($bench)" >&2; exit 1; }
file=${TMPDIR:-/tmp}/oomkit-bench-kern-$mib.log

if [[ ! -s $file ]]; then
	python3 - "$file.block" <<'PY'
import random, sys
random.seed(1)
out = []
host = "web1"
def ts(i):
    s = 3600 * 3 + i // 50
    return "Mar 19 %02d:%02d:%02d %s kernel: [%6d.%06d] " % (s // 3600 % 24, s // 60 % 60, s % 60, host, 1000 + i // 50, (i * 7919) % 1000000)
plain = [
    "[UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=203.0.113.%d DST=198.51.100.7 LEN=60 TOS=0x00 PREC=0x00 TTL=52 ID=%d DF PROTO=TCP SPT=%d DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0",
    "usb 1-1.%d: new high-speed USB device number %d using ehci-pci",
    "EXT4-fs (sda%d): mounted filesystem with ordered data mode. Opts: (null). Quota mode: none.",
    "audit: type=1400 audit(1647661331.%d:%d): apparmor=\"DENIED\" operation=\"open\" profile=\"snap.lxd\" name=\"/proc/%d/mounts\" pid=%d comm=\"lxd\"",
    "e1000e 0000:00:1f.6 eno1: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx (%d/%d)",
    "TCP: request_sock_TCP: Possible SYN flooding on port %d. Sending cookies.  Check SNMP counters.",
    "nf_conntrack: nf_conntrack: table full, dropping packet (%d/%d)",
    "device veth%d entered promiscuous mode (%d)",
    "docker0: port %d(veth%d) entered forwarding state",
    "perf: interrupt took too long (%d > %d), lowering kernel.perf_event_max_sample_rate to 79500",
]
oom = open(sys.argv[2] if len(sys.argv) > 2 else "/dev/null").read().splitlines() if False else None
report = """stress-ng invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0, oom_score_adj=1000
CPU: 1 UID: 0 PID: 4242 Comm: stress-ng Not tainted 6.1.0-18-amd64 #1 Debian 6.1.76-1
Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014
Call Trace:
 <TASK>
 dump_stack_lvl+0x44/0x5c
 dump_header+0x4a/0x211
 oom_kill_process.cold+0xb/0x10
 out_of_memory+0x1fd/0x4c0
 </TASK>
Mem-Info:
active_anon:1314192 inactive_anon:5198 isolated_anon:0
 active_file:9 inactive_file:0 isolated_file:0
Free swap  = 0kB
Total swap = 0kB
Tasks state (memory values in pages):
[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name
[    412]     0   412    12034      300   102400        0         -1000 systemd-udevd
[   4242]     0  4242   900000   800000  6500000        0          1000 stress-ng
oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice,task=stress-ng,pid=4242,uid=0
Out of memory: Killed process 4242 (stress-ng) total-vm:3600000kB, anon-rss:3190000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:6348kB oom_score_adj:1000
oom_reaper: reaped process 4242 (stress-ng), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB""".splitlines()
size = 0
i = 0
while size < (1 << 20) - 4096:
    if i == 5000:
        for l in report:
            line = ts(i) + l + "\n"
            out.append(line); size += len(line); i += 1
        continue
    t = random.choice(plain)
    line = ts(i) + (t % tuple(random.randrange(1, 65535) for _ in range(t.count("%d")))) + "\n"
    out.append(line); size += len(line); i += 1
open(sys.argv[1], "w").write("".join(out))
PY
	: >"$file"
	for ((i = 0; i < mib; i++)); do cat "$file.block"; done >"$file"
	rm -f "$file.block"
fi
cat "$file" >/dev/null	# warm the page cache

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
timeit() {	# prints wall seconds of "$@"
	local s e
	# not >/dev/null: GNU grep stops at the first match when it sees that
	s=$(date +%s.%N); "$@" >"$out"; e=$(date +%s.%N)
	echo "$e - $s" | bc -l
}
g=() b=()
for ((r = 0; r < runs; r++)); do
	g+=("$(timeit grep -c 'Killed process' "$file")")
	b+=("$(timeit "$bench" "$file")")
done
gm=$(printf '%s\n' "${g[@]}" | median) bm=$(printf '%s\n' "${b[@]}" | median)
printf 'file: %s (%s MiB, %s lines)\n' "$file" "$mib" "$(wc -l <"$file")"
printf 'grep -c Killed process: %s kills, median %.3f s over %d runs\n' "$(grep -c 'Killed process' "$file")" "$gm" "$runs"
printf 'report-bench:           %s, median %.3f s over %d runs\n' "$("$bench" "$file")" "$bm" "$runs"
printf 'ratio report-bench/grep: %.2f\n' "$(echo "$bm / $gm" | bc -l)"
