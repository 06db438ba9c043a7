#!/usr/bin/env bash
# flat.sh - does oomtop's memory stay flat over many refreshes?
#
#   bash tests/bench/screen/flat.sh OOMTOP MINUTES...
#
# Runs OOMTOP (the screen, -d 1: one refresh a second) in a detached tmux
# pane and prints its VmRSS and VmHWM (from /proc/<pid>/status) and the
# number of processes on the host at each of MINUTES (increasing, e.g.
# "1 10 60"), then quits it with q. Not a test: it takes as long as the
# last of MINUTES. On a shared machine the process count moves with the
# other work, and oomtop's tables with it: read RSS beside it.
set -euo pipefail
oomtop=$1; shift
command -v tmux >/dev/null || { echo "tmux is needed" >&2; exit 1; }
sock=oomtop-flat-$$
tmux -L "$sock" new-session -d -x 120 -y 40 "$oomtop -d 1"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true' EXIT
sleep 2
pid=$(tmux -L "$sock" list-panes -F '#{pane_pid}')
start=$(date +%s)
echo "oomtop pid $pid, started $(date -u +%H:%M:%S)"
for m in "$@"; do
	while (( $(date +%s) - start < m * 60 )); do sleep 5; done
	procs=(/proc/[0-9]*)
	printf 'after %3d min: %s, %s, %d processes on the host\n' "$m" \
		"$(grep VmRSS "/proc/$pid/status" | tr -s '\t ' ' ')" \
		"$(grep VmHWM "/proc/$pid/status" | tr -s '\t ' ' ')" "${#procs[@]}"
done
tmux -L "$sock" send-keys q
