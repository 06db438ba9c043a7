#!/usr/bin/env bash
# test_oomadj_vs_choom.sh - measure util-linux choom and oomadj on the same
# cases, on processes this test starts, and check that each row of
# docs/oomadj-vs-choom.md still holds. choom's rows are checked only for
# the util-linux release they were measured with (2.38.1, Debian 12);
# with another release the outputs are printed, not judged.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"

[[ -x $OOMADJ ]] || skip "oomadj not built"
[[ -x $HOG ]] || skip "oomkit-hog not built"
command -v choom >/dev/null || skip "choom (util-linux) not installed"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/oomadj-vs.XXXXXX")
pids=()
trap 'kill -9 "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT

judge_choom=0
[[ $(choom --version) == "choom from util-linux 2.38.1" ]] && judge_choom=1
((judge_choom)) || echo "# $(choom --version): choom rows are printed, not checked"

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
# m TOOL ARGS...: run, keep stdout+stderr in $out and the status in $rc
m() { out=$("$@" 2>&1); rc=$?; printf '$ %s\n%s\n[exit %d]\n' "$*" "$out" "$rc"; }
# c DESCRIPTION TEST...: a check on choom's behaviour (judged on 2.38.1)
c() { if ((judge_choom)); then check "choom: $1" "${@:2}"; fi; }
has_cap_resource() { (( (0x$(awk '/^CapEff/ { print $2 }' /proc/self/status) >> 24) & 1 )); }

spawn -c vsA; a=$SPAWNED
spawn -c vsB; b=$SPAWNED

# range check
m choom -p "$a" -n 5000
c "5000 reaches the kernel: bare EINVAL, exit 1" test "$rc" -eq 1 -a "$out" = "choom: failed to set score adjust value: Invalid argument"
m "$OOMADJ" -n 5000 "$a"
check "oomadj: 5000 is a usage error naming the range" test "$rc" -eq 2 -a "$out" = "oomadj: value 5000 is out of range: must be from -1000 to 1000
Try 'oomadj --help' for more information."

# a sign on -n
m choom -p "$a" -n +10
c "-n +10 silently means 10" test "$rc" -eq 0 -a "$(adj "$a")" = 10
echo 0 >"/proc/$a/oom_score_adj"
m "$OOMADJ" -n +10 "$a"
check "oomadj: -n +10 refused, points to --add" test "$rc" -eq 2 -a "$(adj "$a")" = 0

# below the floor without CAP_SYS_RESOURCE
if ! has_cap_resource; then
	m choom -p "$a" -n -1
	c "lowering below 0: bare Permission denied" test "$rc" -eq 1 -a "$out" = "choom: failed to set score adjust value: Permission denied"
	m "$OOMADJ" -n -1 "$a"
	check "oomadj: lowering below 0: the floor and the capability explained" grep -q "below the process's floor.*which oomadj does not have" <<<"$out"
fi

# not the owner
if ((EUID == 0)) && command -v setpriv >/dev/null; then
	m setpriv --reuid=65534 --regid=65534 --clear-groups choom -p "$a" -n 100
	c "not the owner: the same bare Permission denied" test "$rc" -eq 1 -a "$out" = "choom: failed to set score adjust value: Permission denied"
	m setpriv --reuid=65534 --regid=65534 --clear-groups "$OOMADJ" -n 100 "$a"
	check "oomadj: not the owner: both uids named" grep -q "the process belongs to uid 0 (root), and oomadj runs as uid 65534" <<<"$out"
fi

# no such process
m choom -p 2147483647 -n 5
c "no such process: reads as a missing file" test "$rc" -eq 1 -a "$out" = "choom: failed to read OOM score adjust value: No such file or directory"
m "$OOMADJ" -n 5 2147483647
check "oomadj: no such process" test "$rc" -eq 1 -a "$out" = "oomadj: pid 2147483647: no such process"

# several processes
m choom -p "$a" -p "$b" -n 7
c "two -p: only the last one is changed" test "$rc" -eq 0 -a "$(adj "$a")" = 0 -a "$(adj "$b")" = 7
m choom -n 7 -p "$a" "$b"
c "a second pid as an argument: usage error, exit 1" test "$rc" -eq 1
m "$OOMADJ" -n 8 "$a" "$b"
check "oomadj: both changed" test "$rc" -eq 0 -a "$(grep -c '^pid ' <<<"$out")" -eq 2 -a "$(adj "$a")" = 8 -a "$(adj "$b")" = 8

# usage errors
m choom
c "usage error: exit 1 (same as a failure)" test "$rc" -eq 1
m "$OOMADJ" -n
check "oomadj: usage error: exit 2" test "$rc" -eq 2

# exec form
m choom -n 5 -- /nonexistent/x
c "exec form, not found: 127" test "$rc" -eq 127
m choom -n 5 -- /etc/passwd
c "exec form, not executable: 126" test "$rc" -eq 126
m "$OOMADJ" -n 5 -- /nonexistent/x
check "oomadj: exec form, not found: 127" test "$rc" -eq 127
m "$OOMADJ" -n 5 -- /etc/passwd
check "oomadj: exec form, not executable: 126" test "$rc" -eq 126

# PID:INODE
m choom -p "$a:1" -n 5
c "PID:INODE not accepted" test "$rc" -eq 1 -a "$out" = "choom: invalid PID argument: '$a:1'"

# what is printed after a change
m choom -p "$a" -n 9
c "prints the requested value, not a read-back" test "$out" = "pid $a's OOM score adjust value changed from 8 to 9"
m "$OOMADJ" -n 10 "$a"
check "oomadj: prints old -> new read back" test "$(head -n1 <<<"$out")" = "pid $a (vsA): oom_score_adj 9 -> 10"

finish
