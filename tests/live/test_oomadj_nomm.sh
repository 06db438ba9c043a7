#!/usr/bin/env bash
# test_oomadj_nomm.sh - processes the OOM killer never chooses: a zombie,
# a kernel thread (kthreadd, pid 2) and the global init. kcmp(KCMP_VM)
# compares mm pointers, and a zombie and every kernel thread have none,
# so they must not be told that they "share the memory map" of each other;
# instead oomadj says that the value has no effect on them
# (oom_unkillable_task(), find_lock_task_mm(): docs/kernel.md §5).
# Only --dry-run touches processes that are not this test's own.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"

[[ -x $OOMADJ ]] || skip "oomadj not built"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/oomadj-nomm.XXXXXX")
trap 'kill -9 $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT

run() { "$OOMADJ" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
show() { echo "--- stdout:"; cat "$tmp/out"; echo "--- stderr:"; cat "$tmp/err"; }

# --- a real zombie: the child of a process that never reaps ---------------
sh -c 'sleep 0 & exec sleep 60' & parent=$!
z=
for _ in $(seq 50); do
	z=$(cat /proc/$parent/task/$parent/children 2>/dev/null | tr -d ' ')
	[[ -n $z && $(awk '{ print $3 }' /proc/$z/stat 2>/dev/null) == Z ]] && break
	sleep 0.05
done
if [[ -z $z || $(awk '{ print $3 }' /proc/$z/stat 2>/dev/null) != Z ]]; then
	fail "could not make a zombie"
else
	check "the zombie has no mm (no VmRSS)" test "$(grep -c '^VmRSS:' /proc/$z/status)" = 0
	for mode in --dry-run ""; do
		run $mode -n 100 "$z"
		check "zombie $mode: exit 0" test "$rc" -eq 0 || show
		check "zombie $mode: no 'share the memory map' note" \
			test "$(grep -c 'share the memory map' "$tmp/out")" = 0 || show
		check "zombie $mode: the value has no effect" grep -qF \
			"  note: pid $z has exited (a zombie, or exiting) and holds no memory: the OOM killer never chooses it, so the value has no effect" "$tmp/out" ||
			show
	done
	run -J --dry-run -n 100 "$z"
	python3 -c 'import json, sys; t = json.load(open(sys.argv[1]))["targets"][0]
assert not any("memory map" in n for n in t["notes"]), t
assert any("has no effect" in n for n in t["notes"]), t' "$tmp/out" &&
		pass "zombie JSON: notes" || { fail "zombie JSON: notes"; show; }
fi
kill -9 "$parent"; wait "$parent" 2>/dev/null

# --- a kernel thread: kthreadd, when this pid namespace has it ---------------
if [[ $(cat /proc/2/comm 2>/dev/null) == kthreadd ]]; then
	run --dry-run -n 100 2
	check "kthreadd --dry-run: exit 0" test "$rc" -eq 0 || show
	check "kthreadd: no 'share the memory map' note" \
		test "$(grep -c 'share the memory map' "$tmp/out")" = 0 || show
	check "kthreadd: the value has no effect" grep -qF \
		"  note: pid 2 is a kernel thread: the OOM killer never chooses kernel threads, so the value has no effect" "$tmp/out" ||
		show
	kt=$(awk '$1 == "PPid:" && $2 == 2 { split(FILENAME, a, "/"); print a[3]; nextfile }' /proc/[0-9]*/status 2>/dev/null | head -n1)
	if [[ -n $kt ]]; then
		run --dry-run -n 100 "$kt"
		check "kernel thread $kt: the value has no effect" grep -qF \
			"  note: pid $kt is a kernel thread" "$tmp/out" || show
		check "kernel thread $kt: no 'share the memory map' note" \
			test "$(grep -c 'share the memory map' "$tmp/out")" = 0 || show
	fi
else
	echo "# no kthreadd in this pid namespace: the kernel thread cases are skipped"
fi

# --- the global init (only when this is the initial pid namespace) ---------
if [[ $(readlink /proc/self/ns/pid) == "pid:[4026531836]" ]]; then
	run --dry-run -n 100 1
	check "global init --dry-run: exit 0" test "$rc" -eq 0 || show
	check "global init: the value has no effect" grep -qF \
		"  note: pid 1 is the init process: the OOM killer never chooses it, so the value has no effect on it (processes it starts later inherit it)" "$tmp/out" ||
		show
else
	echo "# not in the initial pid namespace: the global init case is skipped"
fi
# pid 1 of a child pid namespace is an ordinary process for the OOM killer
if ((EUID == 0)) && unshare --pid --fork --mount-proc true 2>/dev/null; then
	unshare --pid --fork --mount-proc sh -c "\"$OOMADJ\" --dry-run -n 100 1; exit" >"$tmp/out" 2>"$tmp/err"
	check "pid 1 of a child namespace: exit 0" test $? -eq 0 || show
	check "pid 1 of a child namespace: no 'has no effect' note" \
		test "$(grep -c 'has no effect' "$tmp/out")" = 0 || show
fi

# --- an ordinary process: no such note ---------------------------------------
sleep 60 & s=$!
run --dry-run -n 100 "$s"
check "ordinary process: no note" test "$rc" -eq 0 -a "$(grep -c 'note:' "$tmp/out")" = 0 || show
kill "$s"

finish
