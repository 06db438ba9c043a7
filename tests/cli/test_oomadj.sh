#!/usr/bin/env bash
# test_oomadj.sh - oomadj's command line: help, version, usage errors
# (exit 2 with one line and a hint), the exec form's exit codes (126, 127)
# and the show form on the calling process. Processes it touches are its
# own children.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"

[[ -x $OOMADJ ]] || skip "oomadj not built"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/oomadj-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# run ARGS...: stdout to $tmp/out, stderr to $tmp/err, status in $rc
run() { "$OOMADJ" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
err_is() { [[ $(cat "$tmp/err") == "$1" ]] || { echo "stderr was:"; cat "$tmp/err"; return 1; }; }

# --- help and version ---------------------------------------------------
run --help
check "--help exits 0" test "$rc" -eq 0
check "--help is on stdout, stderr empty" test -s "$tmp/out" -a ! -s "$tmp/err"
check "--help starts with Usage:" grep -q '^Usage:' "$tmp/out"
check "--help names every documented exit status" \
	grep -q '0 all done, 1 a target failed or nothing matched' "$tmp/out"
check "--help ends with the man page pointer" \
	test "$(tail -n1 "$tmp/out")" = "For more details see oomadj(1)."
check "--help fits 80 columns" test "$(awk '{ if (length > m) m = length } END { print m }' "$tmp/out")" -le 80
run --version
check "--version" test "$rc" -eq 0 -a "$(cut -d' ' -f1-3 "$tmp/out")" = "oomadj from oomkit"
run -H
check "--list-columns lists TARGET" grep -q 'TARGET' "$tmp/out"

# --- usage errors: exit 2, one line + hint --------------------------------
hint="Try 'oomadj --help' for more information."
run -n 5000 1
check "-n 5000: exit 2" test "$rc" -eq 2
check "-n 5000: names the range" err_is "oomadj: value 5000 is out of range: must be from -1000 to 1000
$hint"
run -n -1001 1
check "-n -1001: exit 2" test "$rc" -eq 2
check "-n -1001: names the range" err_is "oomadj: value -1001 is out of range: must be from -1000 to 1000
$hint"
run -n +10 1
check "-n +10 is refused (choom takes it as 10)" test "$rc" -eq 2
check "-n +10: points to --add" err_is "oomadj: invalid value '+10': -n takes an absolute value; use --add 10 for a relative change
$hint"
run -n 12abc 1
check "-n 12abc: exit 2" test "$rc" -eq 2
check "-n 12abc: says why" err_is "oomadj: invalid value '12abc': must be an integer from -1000 to 1000
$hint"
run -n ''
check "-n '': exit 2" test "$rc" -eq 2
run --add 3000 1
check "--add 3000: exit 2" test "$rc" -eq 2
check "--add 3000: names the range" grep -q "out of range: must be from -2000 to 2000" "$tmp/err"
run -n 5 --add 5 1
check "-n with --add: exit 2" test "$rc" -eq 2
check "-n with --add: says why" err_is "oomadj: -n and --add cannot be combined: -n sets an absolute value, --add a relative one
$hint"
run -n 5
check "-n without a target: exit 2" test "$rc" -eq 2
check "-n without a target: says what to give" grep -q "no process given" "$tmp/err"
run --full 1
check "--full without -N: exit 2" test "$rc" -eq 2
run -N '(' 1
check "bad regex: exit 2" test "$rc" -eq 2
check "bad regex: named" grep -q "invalid regular expression '('" "$tmp/err"
run -u no-such-user-oomadj
check "unknown user: exit 2" test "$rc" -eq 2
check "unknown user: named" err_is "oomadj: unknown user 'no-such-user-oomadj'
$hint"
run -p abc
check "-p abc: exit 2" test "$rc" -eq 2
run -n 5 1 notapid
check "a non-pid after pids: exit 2" test "$rc" -eq 2
check "a non-pid after pids: named" grep -q "invalid process 'notapid'" "$tmp/err"
run --bogus
check "unknown option: exit 2" test "$rc" -eq 2
check "unknown option: hint only, no help dump" test "$(wc -l <"$tmp/err")" -eq 2
run -n 5 --dry-run -- true
check "--dry-run with a command: exit 2" test "$rc" -eq 2
run -o PID,NOPE
check "unknown column: exit 2" test "$rc" -eq 2
run -n 5 -o PID 1
check "-o with -n: exit 2" test "$rc" -eq 2
run -n 5 --memcg /x -- true
check "selection with a command: exit 2" test "$rc" -eq 2
run -n 1 --memcg relative/path
check "--memcg needs an absolute path: exit 2" test "$rc" -eq 2

# --- show: the calling process ------------------------------------------
"$OOMADJ" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "show with no target: exit 0" test "$rc" -eq 0
check "show with no target: the caller (this shell, pid $$)" \
	test "$(awk 'NR == 2 { print $1 }' "$tmp/out")" = "$$"
check "show: header" test "$(head -n1 "$tmp/out" | tr -s ' ')" = " PID COMM ADJ SCORE BADNESS"
check "show: ADJ is the kernel's value" \
	test "$(awk 'NR == 2 { print $3 }' "$tmp/out")" = "$(cat /proc/$$/oom_score_adj)"
check "show: SCORE is the kernel's oom_score" \
	test "$(awk 'NR == 2 { print $4 }' "$tmp/out")" = "$(cat /proc/$$/oom_score)"
run -o PID,TARGET,INODE $$
if [[ $(awk 'NR == 2 { print $3 }' "$tmp/out") != "" ]]; then
	check "TARGET is PID:INODE" test "$(awk 'NR == 2 { print $2 }' "$tmp/out")" = \
		"$$:$(awk 'NR == 2 { print $3 }' "$tmp/out")"
fi
run 2147483647
check "show a pid that does not exist: exit 1" test "$rc" -eq 1
check "show a pid that does not exist: says so" err_is "oomadj: pid 2147483647: no such process"

# --- the exec form --------------------------------------------------------
own=$(cat /proc/self/oom_score_adj)
run -n 900 -- sh -c 'cat /proc/self/oom_score_adj'
check "exec form: exit status of the command" test "$rc" -eq 0
check "exec form: the command runs with the value" test "$(cat "$tmp/out")" = 900
run -n 901 sh -c 'cat /proc/self/oom_score_adj; exit 3'
check "exec form without --: exit status passed through" test "$rc" -eq 3
check "exec form without --: value" test "$(cat "$tmp/out")" = 901
run --add 10 -- sh -c 'cat /proc/self/oom_score_adj'
check "exec form --add: relative to the current value" \
	test "$(cat "$tmp/out")" = "$(( own + 10 > 1000 ? 1000 : own + 10 ))"
run -n 5 -- /nonexistent/oomadj-cmd
check "exec form: not found is 127" test "$rc" -eq 127
check "exec form: not found says so" \
	err_is "oomadj: failed to execute '/nonexistent/oomadj-cmd': No such file or directory"
printf 'not a program\n' >"$tmp/noexec"
chmod 644 "$tmp/noexec"
run -n 5 -- "$tmp/noexec"
check "exec form: cannot run is 126" test "$rc" -eq 126
check "exec form: cannot run says so" grep -q "Permission denied" "$tmp/err"
run -n 5 -- 12345
check "exec form with --: a numeric command is a command (127)" test "$rc" -eq 127
if ! grep -q '^CapEff:.*' /proc/self/status || (( (0x$(awk '/^CapEff/ { print $2 }' /proc/self/status) >> 24) & 1 )); then
	echo "# has CAP_SYS_RESOURCE: the refused exec case is not run"
else
	run -n -5 -- true
	check "exec form: refused value is exit 1, command not run" test "$rc" -eq 1
	check "exec form: refusal explained" grep -q "CAP_SYS_RESOURCE, which oomadj does not have" "$tmp/err"
	check "exec form: says the command did not run" grep -q "oomadj: true not run" "$tmp/err"
fi

finish
