#!/usr/bin/env bash
# test_live_report.sh - the report parser on reports this kernel prints
# right now, checked against the kernel's own facts, not against itself.
#
# A child memcg (64 MiB, no swap) holds "tiny one" (2 MiB, adj 1000, a
# comm with a space), "big" (24 MiB, adj 300) and a grower (adj 0, grows
# until the kernel acts; no lower adj: root here lacks CAP_SYS_RESOURCE). Then, on `dmesg`, `dmesg -T` and /dev/kmsg-style
# `dmesg -r` output of the same reports:
#   - the events whose oom_memcg is our memcg are exactly as many as the
#     memcg's oom_kill counter says, and all are "killed" by the kernel;
#   - the first victim is tiny (highest badness by adj), with its pid,
#     comm, uid 0, oom_score_adj 1000 and CONSTRAINT_MEMCG;
#   - every victim pid is a process that is really gone;
#   - the trigger is the grower (its comm), trigger pid = its pid;
#   - the task table rows for our pids carry the adj values /proc showed;
#   - dmesg -T events have a wall clock within 10 minutes of now, dmesg
#     ones a boot time within the uptime.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
need_oom_kills

DUMP=$OOMKIT_HELPERS/report-dump
[[ -x $DUMP ]] || { echo "FAIL: $DUMP not built"; exit 1; }
[[ -x $HOG ]] || { echo "FAIL: $HOG not built"; exit 1; }
command -v python3 >/dev/null || skip "python3 missing"
need_root
dmesg >/dev/null 2>&1 || skip "cannot read the kernel log (dmesg)"
memcg_setup "oomkit-report-$$" 64
# after memcg_setup, which sets a trap of its own
tmp=$(mktemp -d "${TMPDIR:-/tmp}/oomkit-report-live.XXXXXX")
trap 'memcg_cleanup; rm -rf "$tmp"' EXIT
before=$(memcg_oom_kills)
tiny=$(memcg_spawn -m 2 -a 1000 -c 'tiny one')
adj_tiny=$(cat /proc/$tiny/oom_score_adj)
big=$(memcg_spawn -m 24 -a 300 -c big)
adj_big=$(cat /proc/$big/oom_score_adj)
grower=$(memcg_spawn -m 1 -g 2 -i 20 -a 0 -c grower)
adj_grower=0
[[ -n $tiny && -n $big && -n $grower && -n $adj_tiny && -n $adj_big ]] ||
	{ echo "FAIL: could not start the hogs"; exit 1; }

# wait for the kernel: tiny first, then big, then the grower itself
for _ in $(seq 300); do
	kill -0 "$grower" 2>/dev/null || break
	sleep 0.1
done
kill -9 "$grower" 2>/dev/null || true
sleep 0.5
after=$(memcg_oom_kills)
kills=$((after - before))
((kills >= 1)) || { echo "FAIL: no OOM kill happened in $MEMCG_PATH"; exit 1; }
echo "kernel: $kills OOM kills in $MEMCG_PATH (tiny=$tiny big=$big grower=$grower)"

dmesg >"$tmp/dmesg.txt"
dmesg -T >"$tmp/dmesg-T.txt"
dmesg -r >"$tmp/dmesg-r.txt"
for f in dmesg dmesg-T dmesg-r; do
	"$DUMP" -t "$tmp/$f.txt" >"$tmp/$f.json" || { echo "FAIL: report-dump $f"; exit 1; }
done

python3 - "$tmp" "$MEMCG_PATH" "$kills" "$tiny" "$big" "$grower" \
	"$adj_tiny" "$adj_big" "$adj_grower" <<'PY'
import json, os, sys, time
tmp, memcg, kills, tiny, big, grower = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
adj = {tiny: int(sys.argv[7]), big: int(sys.argv[8]), grower: int(sys.argv[9])}
uptime = float(open("/proc/uptime").read().split()[0])
bad = 0
def check(what, ok):
    global bad
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        bad += 1
for f in ("dmesg", "dmesg-T", "dmesg-r"):
    evs = [json.loads(l) for l in open(os.path.join(tmp, f + ".json"))]
    ours = [e for e in evs if e["oom_memcg"] == memcg]
    check("%s: %d events for %s = the memcg's oom_kill count %d" % (f, len(ours), memcg, kills), len(ours) == kills)
    if not ours:
        continue
    check("%s: all outcomes killed by the kernel" % f,
          all(e["outcome"] == "killed" and e["killer"] == "kernel" for e in ours))
    e = ours[0]
    check("%s: first victim is tiny (pid %d)" % (f, tiny), e["victim_pid"] == tiny)
    check("%s: victim comm 'tiny one'" % f, e["victim_comm"] == "tiny one")
    check("%s: victim uid 0, adj %d" % (f, adj[tiny]), e["victim_uid"] == 0 and e["victim_oom_score_adj"] == adj[tiny])
    check("%s: constraint CONSTRAINT_MEMCG, task_memcg %s" % (f, memcg),
          e["constraint"] == "CONSTRAINT_MEMCG" and e["task_memcg"] == memcg and e["memcg_oom"] == 1)
    check("%s: trigger is the grower" % f, e["trigger_comm"] == "grower" and e["trigger_pid"] == grower)
    check("%s: memcg limit 65536 kB" % f, e["memcg_limit_kb"] == 65536)
    for v in ours:
        pid = v["victim_pid"]
        check("%s: victim %s is gone" % (f, pid), pid is not None and not os.path.exists("/proc/%d" % pid))
    rows = {t["pid"]: t for t in e.get("tasks", [])}
    for pid in (tiny, big, grower):
        t = rows.get(pid)
        check("%s: task row for %d has adj %d" % (f, pid, adj[pid]),
              t is not None and t["oom_score_adj"] == adj[pid] and t["uid"] == 0)
    if f == "dmesg-T":
        rt = e["realtime_us"]
        check("dmesg-T: wall clock within 10 min of now", rt is not None and abs(rt / 1e6 - time.time()) < 600)
    else:
        b = e["boot_us"]
        check("%s: boot time within the uptime" % f, b is not None and 0 < b / 1e6 <= uptime + 1)
sys.exit(1 if bad else 0)
PY
rc=$?
if ((rc != 0)); then
	echo "--- kernel log of the kills"
	grep -E "invoked oom-killer|Killed process|oom-kill:" "$tmp/dmesg.txt" | tail -n 12
fi
exit $rc
