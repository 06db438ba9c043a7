#!/usr/bin/env bash
# test_oomadj_pidns.sh - oomadj with a /proc of another pid namespace.
#
# pidfd_open() numbers processes in the caller's pid namespace, /proc in
# the namespace it was mounted in. After `unshare -p -f` without a new
# /proc the two differ: "1" is the caller's init for the pidfd but the
# outer init in /proc. oomadj must refuse (one line, exit 1) instead of
# changing the outer process, in every form; with its own /proc it works.
#
# Everything runs inside an outer `unshare -p -f --mount-proc`, so the
# "other namespace's pid 1" is this script itself, never the host's init.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"

[[ -x $OOMADJ ]] || skip "oomadj not built"
need_root
command -v unshare >/dev/null || skip "needs unshare (util-linux)"

if [[ ${1:-} != inner ]]; then
	unshare --pid --fork --mount-proc true 2>/dev/null ||
		skip "cannot create a pid namespace with its own /proc"
	exec unshare --pid --fork --mount-proc bash "$0" inner
fi

# --- inside the outer namespace: we are its pid 1, /proc is ours ------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/oomadj-pidns.XXXXXX")
trap 'kill -9 $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
check "this script is pid 1 of its namespace" test "$$" -eq 1 -a "$(readlink /proc/self)" != ""
before=$(cat /proc/1/oom_score_adj)
unshare --pid --fork true 2>/dev/null || skip "cannot create a nested pid namespace"

msg="oomadj: cannot use /proc: the procfs belongs to another pid namespace than oomadj's, where a pid can name another process (mount a procfs of oomadj's pid namespace, e.g. with unshare --mount-proc)"

# LeakSanitizer (in a sanitizer build) finds the threads to stop through
# /proc/<getpid()>/task, which is the wrong process in a foreign /proc, and
# then aborts at exit: leak checks are off for oomadj run there.
nested_env=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0")

# nested ARGS...: run oomadj as pid 1 of a new pid namespace that still has
# our /proc; stdout/stderr to $tmp/out, $tmp/err, status in $rc
nested() {
	unshare --pid --fork "${nested_env[@]}" "$OOMADJ" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}
refused() { # refused WHAT ARGS...
	local what=$1; shift
	nested "$@"
	check "$what: exit 1" test "$rc" -eq 1
	check "$what: one line naming the namespace problem" \
		test "$(cat "$tmp/err")" = "$msg" -a "$(wc -l <"$tmp/err")" -eq 1 ||
		cat "$tmp/err"
	check "$what: nothing on stdout" test ! -s "$tmp/out"
	check "$what: the other namespace's pid 1 is not changed" \
		test "$(cat /proc/1/oom_score_adj)" = "$before"
}

refused "-n 123 1" -n 123 1
refused "--dry-run -n 500 1" --dry-run -n 500 1
refused "show 1" -o PID,COMM,TARGET 1
refused "-J -n 123 1" -J -n 123 1
refused "--add 10 1" --add 10 1
refused "-N selection" -n 123 -N '^bash$'
refused "exec form" -n 7 -- true
# the probe's exact reproduction: the nested shell's own value stays 0 too
unshare --pid --fork "${nested_env[@]}" sh -c "\"$OOMADJ\" -n 123 1 2>/dev/null; echo \$?:\$(cat /proc/\$\$/oom_score_adj 2>/dev/null)" >"$tmp/out"
check "nested sh: exit 1, outer pid 1 untouched" \
	test "$(cut -d: -f1 "$tmp/out")" = 1 -a "$(cat /proc/1/oom_score_adj)" = "$before"

# --- the caller's own /proc: works as usual ---------------------------------
sleep 60 & t=$!
"$OOMADJ" -n 123 "$t" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "own /proc: -n 123 exit 0" test "$rc" -eq 0 -a ! -s "$tmp/err"
check "own /proc: value set" test "$(cat /proc/$t/oom_score_adj)" = 123
check "own /proc: said so" grep -q "^pid $t (sleep): oom_score_adj 0 -> 123$" "$tmp/out"
"$OOMADJ" -n 5 -- sh -c 'cat /proc/self/oom_score_adj' >"$tmp/out" 2>"$tmp/err"
check "own /proc: exec form" test "$?" -eq 0 -a "$(cat "$tmp/out")" = 5
# pid 1 of this namespace is this script, and the one /proc names
"$OOMADJ" --dry-run -n 500 1 >"$tmp/out" 2>"$tmp/err"
check "own /proc: --dry-run on pid 1 names our pid 1" \
	grep -q "^pid 1 (bash): oom_score_adj $before -> 500 (dry run, not changed)$" "$tmp/out" ||
	{ cat "$tmp/out" "$tmp/err"; }
# with its own /proc mounted, the nested namespace is fine again
unshare --pid --fork --mount-proc "$OOMADJ" -o PID,COMM 1 >"$tmp/out" 2>"$tmp/err"
check "nested with --mount-proc: its own pid 1 is shown" \
	grep -q '^ *1 oomadj$' "$tmp/out" || cat "$tmp/out" "$tmp/err"
kill "$t"

finish
