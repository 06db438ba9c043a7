#!/usr/bin/env bash
# test_oomadj.sh - oomadj on real processes this test starts: set and read
# back through /proc, relative changes and clamping, selection by name,
# full command line, user, memory cgroup and tree, threads, PID:INODE,
# dry run, JSON, the kernel's refusals explained, one failure not stopping
# the others, the systemd note and --persist.
#
# Every process touched has a name unique to this run (oa<pid><letter>),
# and every selector is combined with that name, so nothing else on the
# machine is changed.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"

[[ -x $OOMADJ ]] || skip "oomadj not built"
[[ -x $HOG ]] || skip "oomkit-hog not built"
command -v python3 >/dev/null || skip "needs python3"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/oomadj-live.XXXXXX")
pids=()
cgdirs=()
cleanup() {
	local p d
	for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
	wait 2>/dev/null
	for d in "${cgdirs[@]}"; do rmdir "$d" 2>/dev/null; done
	memcg_cleanup
	rm -rf "$tmp"
}
trap cleanup EXIT

tag=oa$$
# spawn ARGS...: start oomkit-hog, wait until it has set its comm; pid in SPAWNED
spawn() {
	local fifo=$tmp/ready.$RANDOM
	mkfifo "$fifo"
	"$HOG" -r 3 "$@" 3>"$fifo" >/dev/null 2>&1 &
	SPAWNED=$!
	pids+=("$SPAWNED")
	timeout 10 head -n1 "$fifo" >/dev/null
	rm -f "$fifo"
}
adj() { cat "/proc/$1/oom_score_adj"; }
run() { "$OOMADJ" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
# the systemd service this test runs in, if any (CI runners often are one):
# our children inherit it, so oomadj adds a note about it
unit_of() { "$OOMADJ" -o UNIT --noheadings "$1" 2>/dev/null | tr -d ' ' | sed 's/^-$//'; }
show_err() { echo "--- stdout:"; cat "$tmp/out"; echo "--- stderr:"; cat "$tmp/err"; }

# --- set, read back, old -> new ------------------------------------------
spawn -c "${tag}a"; a=$SPAWNED
spawn -c "${tag}b"; b=$SPAWNED
run -n 500 "$a"
check "set: exit 0" test "$rc" -eq 0
check "set: the kernel has the value" test "$(adj "$a")" = 500
check "set: old -> new on stdout" test "$(head -n1 "$tmp/out")" = "pid $a (${tag}a): oom_score_adj 0 -> 500"
check "set: stderr empty" test ! -s "$tmp/err"
run -n 250 "$a" "$b"
check "several pids in one call" test "$rc" -eq 0 -a "$(adj "$a")" = 250 -a "$(adj "$b")" = 250
run -n 250 "$a"
check "same value: unchanged" grep -q "oom_score_adj 250 -> 250 (unchanged)" "$tmp/out"
run -p "$a" -n 300
check "-p as choom has it" test "$rc" -eq 0 -a "$(adj "$a")" = 300
run "$a" -n 310
check "options after pids" test "$rc" -eq 0 -a "$(adj "$a")" = 310
run -q -n 320 "$a"
check "-q: nothing on stdout" test "$rc" -eq 0 -a ! -s "$tmp/out" -a "$(adj "$a")" = 320

# --- relative changes and clamping ----------------------------------------
run -n 100 "$a"
run --add 50 "$a"
check "--add 50: 100 -> 150" test "$rc" -eq 0 -a "$(adj "$a")" = 150
run --add -30 "$a"
check "--add -30 lowers: 150 -> 120" test "$rc" -eq 0 -a "$(adj "$a")" = 120
run -n 900 "$a"
run --add 500 "$a"
check "--add clamps at 1000" test "$rc" -eq 0 -a "$(adj "$a")" = 1000
check "--add clamping warns" grep -q "oomadj: pid $a: 900 +500 is outside -1000..1000, clamped to 1000" "$tmp/err"
run -n 100 "$a"
run --add -600 "$a"
if has_cap_resource; then
	check "--add clamps at -1000 (privileged)" test "$(adj "$a")" = -500
else
	check "--add -600 from 100 needs CAP_SYS_RESOURCE: refused" test "$rc" -eq 1 -a "$(adj "$a")" = 100
fi

# --- refusals, in words -----------------------------------------------------
run -n 0 "$a"
if has_cap_resource; then
	echo "# has CAP_SYS_RESOURCE: the below-floor refusal cannot be produced here"
	run -n -1000 "$a"
	check "-1000 (privileged): set" test "$rc" -eq 0 -a "$(adj "$a")" = -1000
	check "-1000: the kernel's oom_score is 0 (cannot be chosen)" test "$(cat /proc/$a/oom_score)" = 0
	check "-1000: the note says unkillable and what happens if everything is" grep -q \
		"note: -1000 makes pid $a unkillable by the OOM killer; if every process in an OOM domain is unkillable, a global OOM panics the kernel" "$tmp/out"
	run -n 0 "$a"
else
	run -n -1 "$a"
	check "below the floor: exit 1" test "$rc" -eq 1
	check "below the floor: the kernel kept the value" test "$(adj "$a")" = 0
	check "below the floor: explained, capability stated" grep -q \
		"oomadj: cannot set oom_score_adj of pid $a (${tag}a) to -1: Permission denied: the value is below the process's floor (oom_score_adj_min, the last value set by a writer with CAP_SYS_RESOURCE, 0 if none), and lowering below it needs CAP_SYS_RESOURCE, which oomadj does not have" "$tmp/err" || show_err
	run --dry-run -n -1000 "$a"
	check "dry run predicts the refusal: exit 1" test "$rc" -eq 1
	check "dry run predicts the refusal: says why" grep -q "would fail: cannot set oom_score_adj of pid $a (${tag}a) to -1000: lowering oom_score_adj from 0 to -1000 needs CAP_SYS_RESOURCE, which oomadj does not have" "$tmp/err"
fi
if ((EUID == 0)) && command -v setpriv >/dev/null; then
	"$OOMADJ" -n 600 "$a" >/dev/null
	setpriv --reuid=65534 --regid=65534 --clear-groups "$OOMADJ" -n 700 "$a" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "not the owner: exit 1" test "$rc" -eq 1
	check "not the owner: value kept" test "$(adj "$a")" = 600
	check "not the owner: explained" grep -q \
		"oomadj: cannot write oom_score_adj of pid $a (${tag}a): Permission denied: the process belongs to uid 0 (root), and oomadj runs as uid 65534" "$tmp/err" || show_err
	setpriv --reuid=65534 --regid=65534 --clear-groups "$OOMADJ" --dry-run -n 700 "$a" >"$tmp/out" 2>"$tmp/err"
	check "not the owner, dry run: exit 1" test $? -eq 1
	check "not the owner, dry run: would fail, explained" grep -q "oomadj: would fail: cannot write oom_score_adj of pid $a (${tag}a): Permission denied: the process belongs to uid 0 (root)" "$tmp/err"
else
	echo "# not root: the not-owner case is skipped"
fi
run -n 200 "$a" 2147483647 "$b"
check "one failing target does not stop the others: exit 1" test "$rc" -eq 1
check "...the others are done" test "$(adj "$a")" = 200 -a "$(adj "$b")" = 200
check "...the failure is named" grep -q "oomadj: pid 2147483647: no such process" "$tmp/err"

# --- selection by name, full command line, user ---------------------------
spawn -c "${tag}n"; n1=$SPAWNED
spawn -c "${tag}n"; n2=$SPAWNED
run -n 410 -N "^${tag}n\$"
check "-N: exit 0" test "$rc" -eq 0
check "-N: both matching processes" test "$(adj "$n1")" = 410 -a "$(adj "$n2")" = 410
check "-N: others untouched" test "$(adj "$a")" = 200
check "-N: one line per target" test "$(grep -c '^pid ' "$tmp/out")" -eq 2
run -n 410 -N "^${tag}-nomatch\$"
check "nothing matched: exit 1" test "$rc" -eq 1
check "nothing matched: said" grep -q "oomadj: no process matched" "$tmp/err"

bash -c "exec -a ${tag}-full-marker sleep 600" &
f=$!; pids+=("$f")
for _ in $(seq 50); do grep -q "${tag}-full-marker" "/proc/$f/cmdline" 2>/dev/null && break; sleep 0.05; done
run -n 420 -N "${tag}-full-marker"
check "-N matches comm only (sleep): nothing" test "$rc" -eq 1 -a "$(adj "$f")" = 0
run -n 420 -N "${tag}-full-marker" --full
check "--full matches the command line" test "$rc" -eq 0 -a "$(adj "$f")" = 420
check "--full: only that process" test "$(grep -c '^pid ' "$tmp/out")" -eq 1

if ((EUID == 0)) && command -v setpriv >/dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$HOG" -c "${tag}u" &
	u=$!; pids+=("$u")
	for _ in $(seq 50); do [[ $(cat /proc/$u/comm 2>/dev/null) == "${tag}u" ]] && break; sleep 0.05; done
	spawn -c "${tag}u"; ur=$SPAWNED
	run -n 430 -u nobody -N "^${tag}u\$"
	check "-u nobody -N: the nobody process" test "$rc" -eq 0 -a "$(adj "$u")" = 430
	check "-u nobody -N: not root's process of that name" test "$(adj "$ur")" = 0
	run -n 440 -u 0 -N "^${tag}u\$"
	check "-u 0 (a uid): root's process only" test "$(adj "$ur")" = 440 -a "$(adj "$u")" = 430
fi

# --- threads resolve to their process ---------------------------------------
python3 -c 'import threading, time
t = threading.Thread(target=time.sleep, args=(600,), daemon=True); t.start(); time.sleep(600)' &
py=$!; pids+=("$py")
tid=
for _ in $(seq 100); do
	tid=$(ls "/proc/$py/task" 2>/dev/null | grep -vx "$py" | head -n1)
	[[ -n $tid ]] && break
	sleep 0.05
done
if [[ -n $tid ]]; then
	run -n 450 "$tid"
	check "thread id: exit 0" test "$rc" -eq 0
	check "thread id: the process got the value" test "$(adj "$py")" = 450
	check "thread id: oomadj says so" grep -q "oomadj: $tid is a thread of process $py: oom_score_adj belongs to the whole process, so process $py is used" "$tmp/err"
	check "thread id: the line names the process" grep -q "^pid $py " "$tmp/out"
else
	fail "could not find a thread of python3"
fi

# --- PID:INODE ---------------------------------------------------------------
ino=$(python3 -c 'import os, sys; fd = os.pidfd_open(int(sys.argv[1])); print(os.fstat(fd).st_ino)' "$b" 2>/dev/null)
if [[ -n $ino ]] && run -o INODE "$b" && [[ $(tail -n1 "$tmp/out" | tr -d ' ') == "$ino" ]]; then
	pass "INODE column is the pidfs inode python sees"
	run -n 460 "$b:$ino"
	check "PID:INODE that matches: exit 0" test "$rc" -eq 0 -a "$(adj "$b")" = 460
	run -n 470 "$b:$((ino + 1))"
	check "PID:INODE that does not match: exit 1" test "$rc" -eq 1 -a "$(adj "$b")" = 460
	check "PID:INODE mismatch explained" grep -q "oomadj: pid $b is not the process with pidfs inode $((ino + 1)) (it has inode $ino)" "$tmp/err"
else
	echo "# pidfs inodes not available (kernel < 6.9 or python3 < 3.9)"
	run -n 470 "$b:12345"
	check "PID:INODE without pidfs: exit 1, said" grep -q "needs pidfs" "$tmp/err"
fi

# --- --tree --------------------------------------------------------------------
bash -c "exec -a ${tag}-tree bash -c 'sleep 600 & sleep 600 & wait'" &
tp=$!; pids+=("$tp")
kids=
for _ in $(seq 100); do
	kids=$(ps -o pid= --ppid "$tp" | tr -d ' ' | sort -n | tr '\n' ' ')
	[[ $(wc -w <<<"$kids") -eq 2 ]] && break
	sleep 0.05
done
run -n 480 --tree "$tp"
check "--tree: exit 0" test "$rc" -eq 0
check "--tree: the parent" test "$(adj "$tp")" = 480
for k in $kids; do
	check "--tree: child $k" test "$(adj "$k")" = 480
	pids+=("$k")
done
check "--tree: three targets" test "$(grep -c '^pid ' "$tmp/out")" -eq 3

# --- dry run and JSON ------------------------------------------------------------
run -n 100 "$n1"
run --dry-run -n 700 "$n1"
check "dry run: exit 0" test "$rc" -eq 0
check "dry run: nothing changed" test "$(adj "$n1")" = 100
check "dry run: says what would change" test "$(head -n1 "$tmp/out")" = "pid $n1 (${tag}n): oom_score_adj 100 -> 700 (dry run, not changed)"
run -J -n 710 "$n1" 2147483647
check "JSON: exit 1 with a failed target" test "$rc" -eq 1
check "JSON: stderr empty (errors are in the objects)" test ! -s "$tmp/err"
python3 - "$tmp/out" "$n1" "${tag}n" <<'EOF' && pass "JSON: targets with pid, comm, oom_score_adj, old, new, status, error" || fail "JSON content"
import json, sys
d = json.load(open(sys.argv[1]))
t = d["targets"]
assert len(t) == 2, t
a, b = t
unit = a.pop("unit"); notes = a.pop("notes")
assert a == {"pid": int(sys.argv[2]), "comm": sys.argv[3], "oom_score_adj": 710,
             "old": 100, "new": 710, "status": "changed", "error": None}, a
# no unit and no notes, unless this test itself runs in a systemd service
assert (unit is None and notes == []) or (unit and all(unit in n for n in notes)), (unit, notes)
assert b["pid"] == 2147483647 and b["status"] == "failed" and b["old"] is None, b
assert b["oom_score_adj"] is None, b
assert b["error"] == "pid 2147483647: no such process", b
EOF
check "JSON: the kernel has the value" test "$(adj "$n1")" = 710
run -J --dry-run --add 400 "$n1"
python3 -c 'import json, sys; t = json.load(open(sys.argv[1]))["targets"][0]
assert (t["old"], t["new"], t["status"]) == (710, 1000, "would-change"), t
assert t["oom_score_adj"] == 710, t
assert t["notes"][0] == "710 +400 is outside -1000..1000, clamped to 1000", t' "$tmp/out" &&
	pass "JSON dry run with clamping" || fail "JSON dry run with clamping"
run -J "$n1" "$n2"
python3 -c 'import json, sys; t = json.load(open(sys.argv[1]))["targets"]
assert [x["pid"] for x in t] == [int(sys.argv[2]), int(sys.argv[3])], t
assert t[0]["oom_score_adj"] == 710 and t[0]["status"] == "shown", t
assert t[0]["oom_score"] == int(open("/proc/%s/oom_score" % sys.argv[2]).read()), t
assert t[0]["notes"] == [] and t[0]["error"] is None, t' "$tmp/out" "$n1" "$n2" &&
	pass "JSON show: oom_score_adj and the kernel's oom_score" || fail "JSON show"

# --- systemd: the note and --persist ----------------------------------------------
sdroot=$(awk '$9 == "cgroup" && $NF ~ /(^|,)name=systemd(,|$)/ { print $5; exit }' /proc/self/mountinfo)
[[ -z $sdroot ]] && sdroot=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
unit=oomadj-test-$$.service
if [[ -n $sdroot ]] && ((EUID == 0)) && mkdir "$sdroot/$unit" 2>/dev/null; then
	cgdirs+=("$sdroot/$unit")
	spawn -c "${tag}s"; s=$SPAWNED
	echo "$s" >"$sdroot/$unit/cgroup.procs"
	run -n 510 "$s"
	check "service: exit 0" test "$rc" -eq 0
	check "service: the restart note with the drop-in" grep -qF \
		"note: pid $s belongs to $unit: the value is lost when the service restarts; to keep it, set OOMScoreAdjust=510 in a drop-in (oomadj --persist writes /etc/systemd/system/$unit.d/50-oomadj.conf)" "$tmp/out" || show_err
	run -o PID,UNIT "$s"
	check "UNIT column" test "$(tail -n1 "$tmp/out" | tr -s ' ' | sed 's/^ //')" = "$s $unit"
	if [[ ! -d /run/systemd/system ]]; then
		run --persist -n 520 "$s"
		check "--persist without systemd: exit 1" test "$rc" -eq 1
		check "--persist without systemd: said" grep -q "systemd is not running on this system (no /run/systemd/system)" "$tmp/err"
		check "--persist without systemd: the live value is still set" test "$(adj "$s")" = 520
	fi
	mkdir "$tmp/etc"
	OOMADJ_SYSTEMD_DIR=$tmp/etc "$OOMADJ" --persist -n 530 "$s" >"$tmp/out" 2>"$tmp/err"
	check "--persist: exit 0" test $? -eq 0
	check "--persist: the drop-in" test "$(cat "$tmp/etc/$unit.d/50-oomadj.conf" 2>/dev/null)" = "# Written by oomadj --persist (oomadj(1)).
[Service]
OOMScoreAdjust=530"
	check "--persist: tells to daemon-reload" grep -q "run 'systemctl daemon-reload'" "$tmp/out"
	check "--persist: the live value too" test "$(adj "$s")" = 530
	if [[ -z $(unit_of "$a") ]]; then
		# (a private directory all the same: never write the real /etc)
		OOMADJ_SYSTEMD_DIR=$tmp/etc "$OOMADJ" --persist -n 540 "$a" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		check "--persist for a process outside any service: exit 1" test "$rc" -eq 1
		check "--persist outside a service: said" grep -q "cannot persist pid $a (${tag}a): it does not belong to a systemd service" "$tmp/err"
	fi
	# a service nested below a scope (systemd inside a container) belongs
	# to the scope, not to the host's manager: no note, no drop-in
	scope=oomadj-test-$$.scope
	nested=$sdroot/$scope/payload/system.slice/$unit
	if mkdir -p "$nested"; then
		cgdirs=("$nested" "$sdroot/$scope/payload/system.slice" "$sdroot/$scope/payload"
			"$sdroot/$scope" "${cgdirs[@]}")
		echo "$s" >"$nested/cgroup.procs"
		run -o PID,UNIT --noheadings "$s"
		check "nested service: no UNIT" test "$(tr -d ' ' <"$tmp/out")" = "$s-"
		run -n 545 "$s"
		check "nested service: no restart note" test "$rc" -eq 0 -a "$(grep -c 'belongs to' "$tmp/out")" = 0 ||
			show_err
		OOMADJ_SYSTEMD_DIR=$tmp/etc "$OOMADJ" --persist -n 550 "$s" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		check "nested service: --persist refused, exit 1" test "$rc" -eq 1
		check "nested service: --persist says why" grep -q \
			"cannot persist pid $s (${tag}s): it does not belong to a systemd service" "$tmp/err" ||
			show_err
		check "nested service: the host unit's drop-in is not rewritten" \
			test "$(sed -n 3p "$tmp/etc/$unit.d/50-oomadj.conf")" = "OOMScoreAdjust=530"
		echo "$s" >"$sdroot/cgroup.procs"
	fi
	kill -9 "$s"; wait "$s" 2>/dev/null
else
	echo "# no writable systemd cgroup hierarchy: the service cases are skipped"
fi

# --- --memcg --------------------------------------------------------------------------
memcg_setup "oomadj-test-$$" 64
trap cleanup EXIT	# memcg_setup set its own; ours calls memcg_cleanup too
spawn -c "${tag}o"; outside=$SPAWNED
m1=$(memcg_spawn -c "${tag}m")
m2=$(memcg_spawn -c "${tag}m")
pids+=("$m1" "$m2")
run -n 610 --memcg "$MEMCG_PATH"
check "--memcg: exit 0" test "$rc" -eq 0
check "--memcg: every process in it" test "$(adj "$m1")" = 610 -a "$(adj "$m2")" = 610
check "--memcg: nothing outside" test "$(adj "$outside")" = 0
check "--memcg: two targets" test "$(grep -c '^pid ' "$tmp/out")" -eq 2
run -n 620 --memcg "$MEMCG_DIR" -N "^${tag}m\$"
check "--memcg accepts the filesystem path" test "$rc" -eq 0 -a "$(adj "$m1")" = 620
run -n 630 --memcg "$MEMCG_PATH-nonexistent"
check "--memcg of a missing cgroup: exit 1" test "$rc" -eq 1
check "--memcg of a missing cgroup: said" grep -q "no memory cgroup '$MEMCG_PATH-nonexistent'" "$tmp/err"

finish
