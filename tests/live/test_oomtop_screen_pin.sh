#!/usr/bin/env bash
# test_oomtop_screen_pin.sh - oomtop's screen acts on the process the user
# chose, not on whatever holds its pid when the action is confirmed.
#
# In a private pid namespace (unshare -p, its own /proc) where oomtop is
# pid 1: A is chosen on the screen (k, then Enter for TERM; or = and 777
# typed), then A exits and B gets A's pid (ns_last_pid) while the prompt is
# still open, then the user confirms (y; Enter). B must not be signalled
# nor re-scored, and the status line must say the chosen process is gone.
# tmux runs on a socket in the test's own directory (TMUX_TMPDIR), removed
# with it. Skips (77) without root, tmux or a pid namespace.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"

[[ -x $OOMTOP ]] || { echo "FAIL: oomtop not built"; exit 1; }
need_root
command -v tmux >/dev/null || skip "tmux missing"
command -v unshare >/dev/null || skip "needs unshare (util-linux)"
unshare --pid --fork --mount-proc true 2>/dev/null ||
	skip "cannot create a pid namespace with its own /proc"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/oomkit-pin.XXXXXX")
export TMUX_TMPDIR=$tmp
T=(tmux -L pin)
# process names of this run only: the host's pgrep finds them
nA=pinA$$ nB=pinB$$
nA=${nA:0:15} nB=${nB:0:15}
# oomtop is the namespace's init (host pid in ns_init): killing it ends
# the namespace, A and B with it. As an init it ignores the SIGHUP of a
# closed terminal, so it is killed by pid rather than left to the hangup.
ns_init=
end_session() {
	[[ -n $ns_init ]] && kill -9 "$ns_init" 2>/dev/null
	ns_init=
	"${T[@]}" kill-server 2>/dev/null
}
cleanup() {
	end_session
	pkill -9 -x "$nA" 2>/dev/null
	pkill -9 -x "$nB" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
cp /bin/sleep "$tmp/$nA" && cp /bin/sleep "$tmp/$nB" || { echo "FAIL: cannot copy sleep"; exit 1; }

screen() { "${T[@]}" capture-pane -p -t pin; }
keys() { "${T[@]}" send-keys -t pin "$@"; }
status_line() { screen | awk 'NF { l = $0 } END { print l }'; }
wait_for() { # wait_for REGEX [SECONDS]
	local i
	for ((i = 0; i < ${2:-20} * 10; i++)); do
		screen | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	echo "# screen, waiting for /$1/:"; screen | sed 's/^/#   /'
	return 1
}
# wait_gone REGEX: until no line of the screen matches
wait_gone() {
	local i
	for ((i = 0; i < 200; i++)); do
		screen | grep -qE -- "$1" || return 0
		sleep 0.1
	done
	echo "# screen, waiting for /$1/ to go:"; screen | sed 's/^/#   /'
	return 1
}
# wait_until SECONDS COMMAND...: until COMMAND succeeds
wait_until() {
	local i n=$1
	shift
	for ((i = 0; i < n * 10; i++)); do "$@" && return 0; sleep 0.1; done
	return 1
}
b_pid() { pgrep -x "$nB" | head -1; }
b_started() { [[ -n $(b_pid) ]]; }
b_gone() { [[ -z $(b_pid) ]]; }

# one_case ACT: k (signal TERM, confirmed with y) or = (777, with Enter)
one_case() {
	local act=$1 a b nspid adj0 said
	rm -f "$tmp/go" "$tmp/a"
	# A runs until $tmp/go exists; then it is killed and reaped, and B
	# is started with the next pid set to A's
	"${T[@]}" new-session -d -s pin -x 150 -y 40 -c "$tmp" \
		"unshare -p -f --mount-proc sh -c '( ./$nA 1000 & A=\$!; echo \$A >a; \
		while [ ! -e go ]; do sleep 0.05; done; kill \$A; wait \$A; \
		echo \$((A - 1)) >/proc/sys/kernel/ns_last_pid; ./$nB 1000 & wait ) 2>/dev/null & \
		sleep 0.3; exec \"$OOMTOP\" -d 0.5 -o PID,ADJ,COMM'" ||
		skip "tmux cannot start a session"
	wait_until 10 test -s "$tmp/a" || { fail "$act: A did not start"; return; }
	ns_init=$(pgrep -P "$("${T[@]}" display-message -p -t pin '#{pane_pid}')")
	a=$(cat "$tmp/a")
	check "$act: the screen starts" wait_for '^oomtop [0-9:]{8} '
	keys /; keys -l "$nA"; keys Enter
	check "$act: A (pid $a in the namespace) is listed" wait_for "^ *$a +[-0-9]+ +$nA *\$"
	if [[ $act == k ]]; then
		keys k; keys Enter
		check "k: asks to confirm the signal to pid $a" \
			wait_for "send signal 15 \\(TERM\\) to pid $a\\? y/N"
	else
		keys =; keys -l 777
		check "=: asks for the value" wait_for 'oom_score_adj: 777'
	fi

	touch "$tmp/go"
	wait_until 10 b_started || { fail "$act: B did not start"; return; }
	b=$(b_pid)
	nspid=$(awk '/^NSpid:/ { print $NF }' "/proc/$b/status")
	check "$act: B (host pid $b) holds A's pid $a in the namespace" test "$nspid" = "$a"
	adj0=$(cat "/proc/$b/oom_score_adj")
	# the reading after A exited no longer lists it
	check "$act: the screen no longer lists A" wait_gone " $nA *\$"
	if [[ $act == k ]]; then keys y; else keys Enter; fi
	check "$act: the status line says the chosen process is gone" \
		wait_for "pid $a is no longer the process you chose"
	said=$(status_line)
	if [[ $act == k ]]; then
		check "k: no success claimed ($said)" test "${said#*sent signal}" = "$said"
		sleep 0.5
		check "k: B was not signalled: it lives, not a zombie" \
			bash -c "[[ -r /proc/$b/status ]] && ! grep -q '^State:.Z' /proc/$b/status"
	else
		check "=: no success claimed ($said)" test "${said#*-> 777}" = "$said"
		check "=: B's oom_score_adj is unchanged ($adj0)" \
			test "$(cat "/proc/$b/oom_score_adj")" = "$adj0"
	fi
	keys q
	# oomtop is the namespace's init: when it exits, A and B go with it
	wait_until 10 b_gone || fail "$act: the namespace did not end"
	end_session
}

one_case k
end_session
one_case =
finish
