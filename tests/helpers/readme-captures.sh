#!/usr/bin/env bash
# tests/helpers/readme-captures.sh [BUILD_DIR] - the oomtop screen captures
# of README.md, printed as Markdown code blocks.
#
# Starts the README's three test processes: leaky-worker (oom_score_adj
# 1000, 30 MiB growing 1 MiB a second) and, in a memory cgroup limited to
# 128 MiB, cache-warmer (60 MiB) and batch-export (20 MiB, oom_score_adj
# 500). Then runs `oomtop -d 1` in a 100x22 tmux window and captures the
# process view, the domain view (D), the cgroup's ranking (Enter), a
# process's detail (Enter) and the help (h).
# Needs root, tmux and a writable memory cgroup; the processes and the
# cgroup are removed at the end. Not a test: it prints what it sees.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
OOMKIT_BUILD_DIR=$(cd "${1:-$src/build}" && pwd)
OOMKIT_HELPERS=$OOMKIT_BUILD_DIR/tests/helpers
export OOMKIT_BUILD_DIR OOMKIT_HELPERS
# shellcheck source=../lib/common.sh
. "$src/tests/lib/common.sh"
command -v tmux >/dev/null || { echo "readme-captures: needs tmux" >&2; exit 1; }

# tmux's socket in a directory of our own: tmux 3.3a leaves the socket
# file behind after kill-server
sock=oomkit-readme-$$
TMUX_TMPDIR=
pids=()
cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null || true
	kill "${pids[@]}" 2>/dev/null || true
	memcg_cleanup
	[[ -z $TMUX_TMPDIR ]] || rm -rf "$TMUX_TMPDIR"
}
memcg_setup "oomkit-screen-readme-$$" 128
trap cleanup EXIT
TMUX_TMPDIR=$(mktemp -d "${TMPDIR:-/tmp}/oomkit-readme.XXXXXX")
export TMUX_TMPDIR

hog_start leak -m 30 -a 1000 -c leaky-worker -g 1 -i 1000
memcg_spawn -m 60 -c cache-warmer >/dev/null
memcg_spawn -m 20 -a 500 -c batch-export >/dev/null

shot() { # shot TEXT: the text before a capture, then the screen
	printf '%s\n\n```\n' "$1"
	tmux -L "$sock" capture-pane -p -t top
	printf '```\n\n'
}
keys() { tmux -L "$sock" send-keys -t top "$@"; sleep 2; }

tmux -L "$sock" new-session -d -s top -x 100 -y 22 "$OOMTOP -d 1"
sleep 5 # a few refreshes, so that GROWTH has a rate
shot "The process view:"
keys D
shot "The domain view (D):"
keys Down Enter
shot "Enter on the memory cgroup:"
keys Enter
shot "Enter on its first process:"
keys h
shot "The help (h):"
