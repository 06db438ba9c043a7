#!/usr/bin/env bash
# test_oomadj_race.sh - the process changes under oomadj's feet, for real:
#  1. a target exits between selection and write: a selected one (-N, -u,
#     --memcg, --tree) is dropped silently, as pgrep drops it; a named pid
#     fails; when nothing is left, "no process matched";
#  2. its pid is reused by a new process (same name, even) between
#     selection and write: the start-time check leaves the new one alone;
#  3. a PID:INODE target whose pid was reused: the pidfs inode refuses it.
#
# oomadj is held between selection and pinning with its test-only
# OOMADJ_TEST_PAUSE=select:<fifo> hook. Pid reuse is forced inside a new
# pid namespace (unshare --pid --fork --mount-proc), where
# /proc/sys/kernel/ns_last_pid chooses the next pid.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"

[[ -x $OOMADJ ]] || skip "oomadj not built"
[[ -x $HOG ]] || skip "oomkit-hog not built"
need_root
command -v unshare >/dev/null || skip "needs unshare (util-linux)"

if [[ ${1:-} != inner ]]; then
	unshare --pid --fork --mount-proc true 2>/dev/null ||
		skip "cannot create a pid namespace with its own /proc"
	exec unshare --pid --fork --mount-proc bash "$0" inner
fi

# --- inside the new pid namespace -------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/oomadj-race.XXXXXX")
fifo=$tmp/pause
mkfifo "$fifo"
trap 'kill -9 $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
[[ -w /proc/sys/kernel/ns_last_pid ]] || skip "ns_last_pid not writable"

# start_paused ARGS...: run oomadj in the background, held after selection;
# returns once it is waiting on the fifo. The fifo is opened read-write
# here, so neither side blocks in open(); we then watch for oomadj to have
# it open (and give up if oomadj exits first, rather than hang).
start_paused() {
	exec 7<>"$fifo"
	OOMADJ_TEST_PAUSE=select:$fifo "$OOMADJ" "$@" >"$tmp/out" 2>"$tmp/err" 7>&- &
	oa=$!
	paused=0
	local i
	# up to 60 s: a loaded (sanitizer) run can be slow to get there
	# Only once oomadj runs: between fork and exec the child is still the
	# shell with our fd 7 on the fifo (the 7>&- is applied just before
	# exec), which looked like the pause under load, so a target was
	# killed before oomadj had even chosen it.
	for ((i = 0; i < 1200; i++)); do
		if [[ $(cat /proc/$oa/comm 2>/dev/null) == oomadj &&
		      $(readlink /proc/$oa/fd/* 2>/dev/null) == *"$fifo"* ]]; then
			paused=1
			return 0
		fi
		kill -0 "$oa" 2>/dev/null || break
		sleep 0.05
	done
	fail "oomadj did not reach the pause point: $(cat "$tmp/err")"
}
release() {
	echo go >&7
	# an oomadj that never opened the fifo would block in open() once
	# we close our end: end it instead of waiting for ever
	((paused)) || kill -9 "$oa" 2>/dev/null
	exec 7>&-
	wait "$oa"
	rc=$?
}
# reuse_pid PID: make the next process get PID; sets NEW to its pid
reuse_pid() {
	sleep 0.05	# a different start time (clock ticks of 10 ms)
	echo $(($1 - 1)) >/proc/sys/kernel/ns_last_pid
	"$HOG" -c "$2" &
	NEW=$!
}

# 1. exits between selection and write
"$HOG" -c racer1 & p=$!
sleep 0.1
start_paused -n 100 -N '^racer1$'
kill -9 "$p"; wait "$p" 2>/dev/null
release
check "the only match gone after selection: exit 1" test "$rc" -eq 1
check "the only match gone after selection: no process matched" \
	test "$(cat "$tmp/err")" = "oomadj: no process matched" || cat "$tmp/err"

# one of two matches exits: dropped silently, the other is done. With -N
# the two are racer1 processes; with --tree, the children of a parent
# named on the command line (named, so it is changed too).
# is_racer PID: has it set its name yet?
is_racer() { [[ $(cat /proc/$1/comm 2>/dev/null) == racer1 ]]; }
pair() { # pair HOW: start the two (and the parent); sets p, q, sel
	local i
	p= q=
	if [[ $1 == tree ]]; then
		bash -c '"$1" -c racer1 & "$1" -c racer1 & wait' _ "$HOG" 2>/dev/null & par=$!
		sel=(--tree "$par")
	else
		"$HOG" -c racer1 & p=$!
		"$HOG" -c racer1 & q=$!
		par=
		sel=(-N '^racer1$')
	fi
	# both must be racer1, and selected by oomadj, before the paused run
	# (they start slowly under sanitizers)
	for ((i = 0; i < 200; i++)); do
		[[ -n $par ]] && read -r p q < <(echo $(cat /proc/$par/task/*/children 2>/dev/null))
		if [[ -n $p && -n $q ]] && is_racer "$p" && is_racer "$q"; then
			seen=" $("$OOMADJ" -o PID --noheadings "${sel[@]}" 2>/dev/null | tr -s ' \n' ' ') "
			[[ $seen == *" $p "* && $seen == *" $q "* ]] && return 0
		fi
		sleep 0.05
	done
	fail "the two racer1 processes did not start"
}
own=$(cat /proc/$$/oom_score_adj)
for how in name tree; do
	for mode in set show json; do
		pair "$how"
		case $mode in
		set) start_paused -n 150 "${sel[@]}" ;;
		show) start_paused -o PID --noheadings "${sel[@]}" ;;
		json) start_paused -J -n 150 "${sel[@]}" ;;
		esac
		kill -9 "$p"; [[ -z $par ]] && wait "$p" 2>/dev/null
		sleep 0.1
		release
		check "$how ($mode): one match gone: exit 0" test "$rc" -eq 0
		check "$how ($mode): nothing on stderr" test ! -s "$tmp/err" || cat "$tmp/err"
		case $mode in
		set)	check "$how: the other one changed" test "$(cat /proc/$q/oom_score_adj)" = 150
			check "$how: the gone one is not listed" test "$(grep -c "^pid $p " "$tmp/out")" = 0 ;;
		show)	check "$how: the gone one is not shown" test "$(grep -c "^ *$p\$" "$tmp/out")" = 0
			check "$how: the other one is shown" test "$(grep -c "^ *$q\$" "$tmp/out")" = 1 ;;
		json)	python3 -c 'import json, sys; t = {x["pid"]: x for x in json.load(open(sys.argv[1]))["targets"]}
p, q = int(sys.argv[2]), int(sys.argv[3])
assert t[p]["status"] == "gone" and t[p]["error"] is None and t[p]["new"] is None, t[p]
assert t[q]["status"] in ("changed", "unchanged") and t[q]["new"] == 150, t[q]' "$tmp/out" "$p" "$q" &&
			pass "$how (json): the gone one has status gone" || { fail "$how (json)"; cat "$tmp/out"; } ;;
		esac
		kill -9 "$q" $par 2>/dev/null; wait 2>/dev/null
	done
done
check "this script's own value is untouched" test "$(cat /proc/$$/oom_score_adj)" = "$own"

# a named pid is no selection: it fails when it is gone
"$HOG" -c racer1 & p=$!
"$HOG" -c racer1 & q=$!
sleep 0.1
start_paused -n 100 "$p" "$q"
kill -9 "$p"; wait "$p" 2>/dev/null
release
check "a named pid gone: exit 1" test "$rc" -eq 1
check "a named pid gone: said" test "$(cat "$tmp/err")" = "oomadj: pid $p: no such process" || cat "$tmp/err"
check "a named pid gone: the other named one is done" test "$(cat /proc/$q/oom_score_adj)" = 100
kill -9 "$q"; wait "$q" 2>/dev/null

# 2. the pid is reused between selection and write
"$HOG" -c racer2 & p=$!
sleep 0.1
start_paused -n 100 -N '^racer2$'
kill -9 "$p"; wait "$p" 2>/dev/null
reuse_pid "$p" racer2
if [[ $NEW != "$p" ]]; then
	fail "could not reuse pid $p (got $NEW)"
else
	pass "pid $p reused by a new process"
	sleep 0.1
	release
	# the selected process is gone; the new one was never selected
	check "reused pid: exit 1" test "$rc" -eq 1
	check "reused pid: the selected one is gone, nothing left" \
		test "$(cat "$tmp/err")" = "oomadj: no process matched" || cat "$tmp/err"
	check "reused pid: the new process was not touched" test "$(cat /proc/$p/oom_score_adj)" = 0
	# what choom does in the same place: it writes to the stranger
	if command -v choom >/dev/null; then
		choom -p "$p" -n 100 >/dev/null 2>&1
		echo "# choom -p $p -n 100 on the reused pid: exit $?, value now $(cat /proc/$p/oom_score_adj)"
		echo 0 >/proc/$p/oom_score_adj
	fi
	kill -9 "$NEW"; wait "$NEW" 2>/dev/null
fi

# 3. PID:INODE whose pid was reused
"$HOG" -c racer3 & p=$!
sleep 0.1
ino=$("$OOMADJ" -o INODE "$p" 2>/dev/null | tail -n1 | tr -d ' ')
if [[ -z $ino ]]; then
	echo "# no pidfs inodes on this kernel: case 3 skipped"
else
	"$OOMADJ" -q -n 200 "$p:$ino"
	check "PID:INODE while it is the same process: exit 0" test $? -eq 0 -a "$(cat /proc/$p/oom_score_adj)" = 200
	kill -9 "$p"; wait "$p" 2>/dev/null
	reuse_pid "$p" racer3
	if [[ $NEW != "$p" ]]; then
		fail "could not reuse pid $p (got $NEW)"
	else
		sleep 0.1
		"$OOMADJ" -n 300 "$p:$ino" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		check "PID:INODE after reuse: exit 1" test "$rc" -eq 1
		check "PID:INODE after reuse: explained" grep -q \
			"oomadj: pid $p is not the process with pidfs inode $ino (it has inode" "$tmp/err" || cat "$tmp/err"
		check "PID:INODE after reuse: the new process was not touched" \
			test "$(cat /proc/$p/oom_score_adj)" = 0
	fi
fi

finish
