#!/usr/bin/env bash
# oomkit's own process reader against an independent one (procps-ng's
# libproc2): for processes the test starts (stable sizes, chosen adj), the
# memory counters, oom_score and oom_score_adj that oomtop reports must be
# what libproc2 reads from the same kernel.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
DUMP=$OOMKIT_HELPERS/oomkit-proc2-dump
[[ -x $OOMTOP && -x $HOG && -x $DUMP ]] || { echo "FAIL: binaries not built"; exit 1; }
command -v python3 >/dev/null || skip "python3 missing"
tmp=$(mktemp -d); pids=()
cleanup() { kill -9 "${pids[@]}" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

# 20 processes with distinct sizes (anon and file-backed) and adj values
for i in $(seq 0 19); do
	fifo=$tmp/ready.$i; mkfifo "$fifo"
	"$HOG" -m $((i % 7 * 3)) -f $((i % 3 * 2)) -a $((i * 50)) -c "p2-$i" -r 3 3>"$fifo" &
	pids+=($!)
	timeout 20 head -n1 "$fifo" >/dev/null || fail "hog $i did not start"
done
"$DUMP" >"$tmp/proc2" || { fail "libproc2 reader"; finish; }
"$OOMTOP" -b -n 1 -J >"$tmp/oomtop" || { fail "oomtop -J"; finish; }
check "oomtop and libproc2 agree on every test process" python3 - "$tmp/oomtop" "$tmp/proc2" "${pids[@]}" <<'PY'
import json, sys
top = {p["pid"]: p for p in json.load(open(sys.argv[1]))["processes"]}
p2 = {}
for line in open(sys.argv[2]):
    f = [int(x) for x in line.split()]
    p2[f[0]] = f
bad = 0
for pid in map(int, sys.argv[3:]):
    t, l = top.get(pid), p2.get(pid)
    if not t or not l:
        print(f"pid {pid} missing: oomtop={bool(t)} libproc2={bool(l)}"); bad += 1; continue
    mine = (t["anon_rss_kb"], t["file_rss_kb"], t["shmem_rss_kb"], t["swap_kb"], t["oom_score"], t["oom_score_adj"], t["uid"])
    theirs = tuple(l[1:8])
    if mine != theirs:
        print(f"pid {pid}: oomtop {mine} != libproc2 {theirs}"); bad += 1
    # and oomkit's computed score equals the kernel's for these processes
    if t["oomkit_score"] != t["oom_score"]:
        print(f"pid {pid}: oomkit_score {t['oomkit_score']} != oom_score {t['oom_score']}"); bad += 1
print(f"{len(sys.argv) - 3 - bad} of {len(sys.argv) - 3} processes agree")
sys.exit(1 if bad else 0)
PY
# the adj values the test set are the ones reported, in rank order of badness
check "adj 950 process ranks above adj 0 process" python3 - "$tmp/oomtop" "${pids[19]}" "${pids[0]}" <<'PY'
import json, sys
rank = {p["pid"]: p["rank"] for p in json.load(open(sys.argv[1]))["processes"]}
assert rank[int(sys.argv[2])] < rank[int(sys.argv[3])]
PY
finish
