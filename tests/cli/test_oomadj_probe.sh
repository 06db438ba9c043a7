#!/usr/bin/env bash
# test_oomadj_probe.sh - oomadj's command line against the hostile-input
# probe: pid-shaped words that are not valid pids (usage error, not a
# command), white space before a number, the memory controller's mount
# point as --memcg, and control bytes in arguments echoed in messages.
# Processes it touches are its own children.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"

[[ -x $OOMADJ ]] || skip "oomadj not built"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/oomadj-probe.XXXXXX")
trap 'kill -9 $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT

run() { "$OOMADJ" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
err_is() { [[ $(cat "$tmp/err") == "$1" ]] || { echo "stderr was:"; cat -A "$tmp/err"; return 1; }; }
hint="Try 'oomadj --help' for more information."

sleep 60 & T=$!

# --- pid-shaped words are pids, valid or not (exit 2, never run) -------------
for w in 0 00 2147483648 99999999999999999999 1:0 0:5 "$T:99999999999999999999999"; do
	run -n 5 "$w"
	check "-n 5 $w: exit 2 (not run as a command)" test "$rc" -eq 2
	check "-n 5 $w: usage error naming it" err_is "oomadj: invalid process '$w': must be PID or PID:INODE
$hint"
done
run 0
check "oomadj 0: invalid process, exit 2" test "$rc" -eq 2 &&
	check "oomadj 0: says why" err_is "oomadj: invalid process '0': must be PID or PID:INODE
$hint"
run -n 5 "$T" 0
check "a bad pid after a good one: exit 2" test "$rc" -eq 2
check "a bad pid after a good one: named" grep -q "invalid process '0'" "$tmp/err"
check "a bad pid after a good one: nothing changed" test "$(cat /proc/$T/oom_score_adj)" = 0
# not pid-shaped: still a command
run -n 5 -- 0
check "-- 0 is a command (127)" test "$rc" -eq 127
run -n 5 1x
check "1x is a command (127)" test "$rc" -eq 127
run -n 5 "1:"
check "'1:' is a command (127)" test "$rc" -eq 127
# a valid pid with leading zeros is still that pid
run --dry-run -n 5 "0$T"
check "0$T is pid $T" test "$rc" -eq 0 -a "$(grep -c "^pid $T " "$tmp/out")" = 1

# --- no white space before a number (strtoll would skip it) -------------------
for ws in ' ' $'\t' $'\n' $'\r' $'\v' $'\f'; do
	name=$(printf '%q' "$ws")
	run --dry-run -n "${ws}10" "$T"
	check "-n ${name}10: exit 2" test "$rc" -eq 2
	check "-n ${name}10: invalid value" grep -q "^oomadj: invalid value '.*10': must be an integer from -1000 to 1000$" "$tmp/err"
	check "-n ${name}10: one message line and the hint" test "$(wc -l <"$tmp/err")" -eq 2
done
run --dry-run --add $'\n10' "$T"
check "--add \\n10: exit 2" test "$rc" -eq 2
check "the value was never changed" test "$(cat /proc/$T/oom_score_adj)" = 0

# --- --memcg: the mount point is the root cgroup ------------------------------
mnt=$(awk '$9 == "cgroup" && $NF ~ /(^|,)memory(,|$)/ { print $5; exit }' /proc/self/mountinfo)
[[ -z $mnt ]] && mnt=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [[ -n $mnt && -x $HOG ]]; then
	"$HOG" -c oomadjprobe15 & h=$!
	sleep 0.2
	for m in "$mnt" "$mnt/" /; do
		run -o PID --noheadings --memcg "$m" -N '^oomadjprobe15$'
		check "--memcg $m: exit 0" test "$rc" -eq 0 -a ! -s "$tmp/err" || cat "$tmp/err"
		check "--memcg $m: finds the process" test "$(tr -d ' ' <"$tmp/out")" = "$h"
	done
	kill "$h"
else
	echo "# no memory controller mounted (or no helper): --memcg mount point skipped"
fi

# --- control bytes in arguments are escaped in messages ------------------------
bad=$'x\e[31mred\nline2'
esc='x\x1b[31mred\nline2'
# no_raw: no control byte but newline in stderr
no_raw() { ! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$tmp/err"; }
probe() { # probe WHAT EXPECTED-FIRST-LINE LINES ARGS...
	local what=$1 first=$2 lines=$3; shift 3
	run "$@"
	check "$what: no raw control byte on stderr" no_raw
	check "$what: $lines line(s) on stderr" test "$(wc -l <"$tmp/err")" -eq "$lines" || cat -A "$tmp/err"
	check "$what: the argument escaped" test "$(head -n1 "$tmp/err")" = "$first" || cat -A "$tmp/err"
}
probe "-n" "oomadj: invalid value '$esc': must be an integer from -1000 to 1000" 2 -n "$bad" "$T"
probe "-n +" "oomadj: invalid value '+$esc': -n takes an absolute value; use --add $esc for a relative change" 2 -n "+$bad" "$T"
probe "-n, digits first" "oomadj: invalid value '5000${esc#x}': must be an integer from -1000 to 1000" 2 -n "5000${bad#x}" "$T"
probe "-N" "oomadj: invalid regular expression '[$esc': Unmatched [, [^, [:, [., or [=" 2 -N "[$bad"
probe "-u" "oomadj: unknown user '$esc'" 2 -u "$bad"
probe "-p" "oomadj: invalid process '$esc': must be PID or PID:INODE" 2 -p "$bad"
probe "a word after a pid" "oomadj: invalid process '$esc': must be PID or PID:INODE" 2 -n 5 "$T" "$bad"
probe "--memcg relative" "oomadj: invalid memory cgroup '$esc': must be a path starting with '/'" 2 --memcg "$bad"
probe "--memcg with .." "oomadj: invalid memory cgroup '/../$esc': '..' is not allowed" 2 --memcg "/../$bad"
if [[ -n $mnt ]]; then
	probe "--memcg missing" "oomadj: no memory cgroup '/$esc' (looked for $mnt/$esc)" 1 --memcg "/$bad"
fi
probe "a command not found" "oomadj: failed to execute '$esc': No such file or directory" 1 -n 5 -- "$bad"
probe "--add" "oomadj: invalid delta '$esc': must be an integer from -2000 to 2000" 2 --add "$bad" "$T"

finish
