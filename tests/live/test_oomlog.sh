#!/usr/bin/env bash
# oomlog against real OOM kills: tests/fixtures/real/mk-capture.sh starts
# hogs with distinct names and adj in a 64 MiB child memory cgroup until
# the kernel has killed three of them, and saves the log in every shape.
# oomlog must list exactly the kernel's kills (pid, comm, adj, anon-rss,
# memcg, constraint) from /dev/kmsg, from the default sources, from dmesg
# and dmesg -T text, from a kmsg copy and from a journal file written by
# systemd-journal-remote; and -f must print them as they happen.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
need_oom_kills
need_root
[[ -x $OOMLOG ]] || { echo "oomlog not built"; exit 1; }
[[ -r /dev/kmsg ]] || skip "/dev/kmsg not readable"
tmp=$(mktemp -d)
follower=
cleanup() { [[ -n $follower ]] && kill "$follower" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

# follow mode first: it must see the kills happen
"$OOMLOG" -k -f -J -c "^(tiny|web worker|grower)$" >"$tmp/follow.json" 2>"$tmp/follow.err" &
follower=$!
# until it reads /dev/kmsg (up to 20 s)
for _ in $(seq 200); do
	ls -l "/proc/$follower/fd" 2>/dev/null | grep -q '/dev/kmsg$' && break
	sleep 0.1
done

cap=$tmp/cap
start=$(date +%s)	# the kills come after this second
bash "$OOMKIT_SOURCE_DIR/tests/fixtures/real/mk-capture.sh" "$cap" >"$tmp/cap.log" 2>&1
rc=$?
((rc == 77)) && skip "$(grep SKIP "$tmp/cap.log")"
((rc == 0)) || { cat "$tmp/cap.log"; fail "capture failed"; finish; }
memcg=$(cat "$cap/memcg.txt")

# The truth: the kernel's kill lines for the processes we started
awk -F'\t' 'NR == FNR { ours[$1] = 1; next } ours[$1]' "$cap/spawned.txt" "$cap/kills.txt" >"$tmp/truth"
cat "$tmp/truth"
n=$(wc -l <"$tmp/truth")
check "the kernel killed three of ours" test "$n" -eq 3
check "tiny (adj 1000) was killed" grep -q $'\ttiny\t1000\t' "$tmp/truth"
check "web worker (adj 800) was killed" grep -q $'\tweb worker\t800\t' "$tmp/truth"
check "the grower was killed" grep -q $'\tgrower\t0\t' "$tmp/truth"

# compare oomlog's JSON for our memcg with the truth and the hogs' sizes
verify() { # label oomlog-args...
	local label=$1; shift
	"$OOMLOG" -J --memcg "$memcg" "$@" >"$tmp/out.json" 2>"$tmp/err"
	local rc=$?
	check "$label: exit 0" test $rc -eq 0
	check "$label: the kernel's kills, right fields" python3 - "$tmp/out.json" "$tmp/truth" "$cap/spawned.txt" "$memcg" <<'PY'
import json, sys
ev = json.load(open(sys.argv[1]))["events"]
truth = [l.rstrip("\n").split("\t") for l in open(sys.argv[2])]
spawned = {l.split("\t")[0]: l.rstrip("\n").split("\t") for l in open(sys.argv[3])}
memcg = sys.argv[4]
assert len(ev) == len(truth), (len(ev), len(truth))
for e, t in zip(ev, truth):
    pid, comm, adj, anon = t
    assert e["pid"] == int(pid) and e["comm"] == comm, (e["pid"], e["comm"], t)
    assert e["oom_score_adj"] == int(adj) and e["anon_rss_kb"] == int(anon), (e, t)
    assert e["task_memcg"] == memcg and e["oom_memcg"] == memcg, e
    assert e["constraint"] == "CONSTRAINT_MEMCG" and e["outcome"] == "killed" and e["killer"] == "kernel"
    assert e["uid"] == 0
    # anon-rss close to what the hog allocated: at least its size, at most
    # 4 MiB more (libc, stack); the grower grew, so only the lower bound
    mib = int(spawned[pid][3]) * 1024
    assert e["anon_rss_kb"] >= mib, (e["anon_rss_kb"], mib)
    if comm != "grower":
        assert e["anon_rss_kb"] <= mib + 4096, (e["anon_rss_kb"], mib)
    assert e["trigger_comm"] is not None and e["gfp_mask"] is not None
PY
}
verify "/dev/kmsg" -k
verify "default sources" 
verify "dmesg text" "$cap/dmesg.txt"
verify "dmesg -T text" "$cap/dmesg-T.txt"
verify "kmsg copy" "$cap/kmsg.txt"
dmesg | gzip -c >"$tmp/dmesg.gz"
verify "dmesg piped, gzip" - <"$tmp/dmesg.gz"

# wall clock: kmsg's converted times and dmesg -T's agree within 2 s
# (dmesg -T prints whole seconds and takes its boot time from the uptime
# in whole seconds: up to 2 s off)
"$OOMLOG" -J -o TIME,PID -k --memcg "$memcg" >"$tmp/k.json"
"$OOMLOG" -J -o TIME,PID --memcg "$memcg" "$cap/dmesg-T.txt" >"$tmp/t.json"
check "kmsg time = dmesg -T time (±2 s)" python3 - "$tmp/k.json" "$tmp/t.json" <<'PY'
import json, sys, datetime
a = json.load(open(sys.argv[1]))["events"]; b = json.load(open(sys.argv[2]))["events"]
assert len(a) == len(b) == 3
for x, y in zip(a, b):
    d = datetime.datetime.fromisoformat(x["time"]) - datetime.datetime.fromisoformat(y["time"])
    assert abs(d.total_seconds()) <= 2.0, (x, y)
PY
# time filters: the kills came after $start (kmsg's times may be up to a
# second early: the boot time is in whole seconds), and this test ends
# within its 10 minutes, however loaded the machine is
check "--since 1 hour ago finds them" test "$("$OOMLOG" -n -k --memcg "$memcg" --since "1 hour ago" | wc -l)" -eq 3
check "--since the second before the capture finds them" \
	test "$("$OOMLOG" -n -k --memcg "$memcg" --since "@$((start - 2))" | wc -l)" -eq 3
"$OOMLOG" -k --memcg "$memcg" --until "@$((start - 5))" >/dev/null; rc=$?
check "--until before the capture: none" test $rc -eq 1

# the journal: written by systemd-journal-remote from the kmsg records
jr=/lib/systemd/systemd-journal-remote
if "$OOMLOG" --journal-file=/nonexistent 2>&1 | grep -q "built without libsystemd"; then
	echo "note: oomlog built without libsystemd, journal case skipped"
elif [[ -x $jr ]]; then
	"$jr" --output="$tmp/live.journal" - <"$cap/journal.export" >/dev/null 2>&1
	verify "journal file" --journal-file="$tmp/live.journal"
	verify "journal file, this boot" --journal-file="$tmp/live.journal" -b "$(tr -d - </proc/sys/kernel/random/boot_id)"
	# journal + kmsg of the same boot: the journal leaves to kmsg what
	# kmsg still has, so each kill is listed once
	"$OOMLOG" -J --memcg "$memcg" -k --journal-file="$tmp/live.journal" >"$tmp/both.json"
	check "journal file + kmsg: each kill once, from kmsg" python3 - "$tmp/both.json" <<'PY'
import json, sys
ev = json.load(open(sys.argv[1]))["events"]
assert len(ev) == 3, len(ev)
assert all(e["source"].startswith("kmsg:") for e in ev), [e["source"] for e in ev]
PY
else
	echo "note: systemd-journal-remote missing, journal case skipped"
fi

# follow: the kills appeared while it was running (it prints each one as
# it comes: wait until it has, up to 60 s); SIGTERM ends it with 0
for _ in $(seq 600); do
	[[ $(grep -c '"pid"' "$tmp/follow.json" 2>/dev/null) -ge 3 ]] &&
		awk -F'\t' '{ print $1 }' "$tmp/truth" | while read -r p; do grep -q "\"pid\": *$p[,}]" "$tmp/follow.json" || exit 1; done && break
	sleep 0.1
done
kill -TERM "$follower"
wait "$follower"; rc=$?
follower=
check "follow: exit 0 on SIGTERM" test $rc -eq 0
check "follow: printed our kills as they came" python3 - "$tmp/follow.json" "$tmp/truth" <<'PY'
import json, sys
# JSON Lines: one event per line
ev = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert all("pid" in e and "comm" in e for e in ev), ev
truth = [l.split("\t") for l in open(sys.argv[2])]
pids = [e["pid"] for e in ev]
for t in truth:
    assert int(t[0]) in pids, (t, pids)
PY
check "follow: nothing on stderr" test ! -s "$tmp/follow.err"
finish
