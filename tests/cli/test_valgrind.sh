#!/usr/bin/env bash
# Valgrind memcheck on each command's main paths: no invalid read or
# write, no use of an uninitialised value, no definitely or indirectly
# lost block (--errors-for-leak-kinds=definite,indirect; still-reachable
# memory at exit, e.g. ncurses' and libsmartcols' caches, is not an
# error). oomtop -b -n 1 on the fixture tree, oomlog and oomwhy -a on a
# kernel log fixture, oomadj's read-only query of this shell's pid, and
# --help of each. Skips (77) without valgrind, and on a sanitizer build
# (ASan's runtime and valgrind cannot run one process together).
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
command -v valgrind >/dev/null || skip "valgrind not installed"
b=$OOMKIT_BUILD_DIR/cmd
for c in oomtop oomlog oomwhy oomadj; do
	[[ -x $b/$c/$c ]] || { echo "FAIL: $c not built"; exit 1; }
done
if grep -q __asan_init "$b/oomtop/oomtop" "$b/../lib/liboomkit.so" 2>/dev/null; then
	skip "a sanitizer build: valgrind runs on the plain build"
fi
src=$OOMKIT_SOURCE_DIR
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
log=$src/tests/fixtures/kmsg/033-k8s-issue-56891-dmesg-T-rhel7-3.10-memcg-two-ooms.log

vg() { # vg NAME EXPECTED-EXIT COMMAND... : memcheck clean and the exit wanted
	local name=$1 want=$2 rc; shift 2
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect --track-origins=yes --log-file="$tmp/vg.$name" \
		"$@" >"$tmp/out.$name" 2>"$tmp/err.$name" </dev/null
	rc=$?
	# -q leaves only errors in the log, as "==PID== ..." lines (valgrind's
	# own notes, such as a syscall it does not know, start with "--PID--")
	if ((rc == 99)) || grep -q '^==[0-9]*==' "$tmp/vg.$name"; then
		fail "$name: memcheck found errors"
		head -n 40 "$tmp/vg.$name"
	elif ((rc != want)); then
		fail "$name: exit $rc, want $want"
		head -n 5 "$tmp/err.$name"
	else
		pass "$name"
	fi
}

for c in oomtop oomlog oomwhy oomadj; do
	vg "$c --help" 0 "$b/$c/$c" --help
done
vg "oomtop -b -n 1 (fixture)" 0 env OOMKIT_PROC_ROOT="$src/tests/fixtures/proc/v2-paper" \
	OOMKIT_MEMCG_ROOT="$src/tests/fixtures/cgroup-v2/paper" "$b/oomtop/oomtop" -b -n 1
vg "oomtop -b -n 1 --json (fixture)" 0 env OOMKIT_PROC_ROOT="$src/tests/fixtures/proc/v2-paper" \
	OOMKIT_MEMCG_ROOT="$src/tests/fixtures/cgroup-v2/paper" "$b/oomtop/oomtop" -b -n 1 --json
vg "oomlog FILE" 0 "$b/oomlog/oomlog" "$log"
vg "oomlog --json FILE" 0 "$b/oomlog/oomlog" --json "$log"
vg "oomwhy -a FILE" 0 "$b/oomwhy/oomwhy" -a "$log"
vg "oomadj PID" 0 "$b/oomadj/oomadj" $$
vg "oomlog bad option" 2 "$b/oomlog/oomlog" --no-such-option
finish
