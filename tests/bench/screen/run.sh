#!/usr/bin/env bash
# tests/bench/screen/run.sh - CPU cost of oomtop's screen against top(1).
#
#   tests/bench/screen/run.sh [-b BUILD_DIR] [-n PROCS] [-r ROUNDS] [-s SECONDS] [-w FILE]
#
#   -b BUILD_DIR  an oomkit build (default: $OOMKIT_BUILD_DIR or ./build)
#   -n PROCS      idle processes to start first (default 5000)
#   -r ROUNDS     rounds (default 3)
#   -s SECONDS    length of a round (default 60)
#   -w FILE       also write the figures as Markdown to FILE (docs/bench-screen.md)
#
# In each round, at the same moment and for the same SECONDS, each on a
# pseudo-terminal of its own (tmux panes of 120x40):
#   oomtop        oomtop -d 1 (default columns: CPU% from libproc2)
#   oomtop-nocpu  oomtop -d 1 without the CPU% column (no libproc2 reads)
#   top           top -d 1
# CPU = utime + stime from /proc/<pid>/stat when the round ends. Reported:
# the median of each over the rounds and the median of the per-round
# ratios to top. Goal (issue 12): oomtop's CPU at most top's. A benchmark,
# not a test: it exits 0 whatever the figures (1 only when it cannot run).
# The three run side by side, so a loaded machine slows them alike.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../../.." && pwd)
build=${OOMKIT_BUILD_DIR:-$src/build}
procs=5000 rounds=3 secs=60 out=
while getopts 'b:n:r:s:w:' opt; do
	case $opt in
	b) build=$OPTARG ;;
	n) procs=$OPTARG ;;
	r) rounds=$OPTARG ;;
	s) secs=$OPTARG ;;
	w) out=$OPTARG ;;
	*) sed -n 3,10p "$0" >&2; exit 2 ;;
	esac
done
oomtop=$build/cmd/oomtop/oomtop
spawn=$build/tests/helpers/oomkit-spawn
for f in "$oomtop" "$spawn"; do
	[[ -x $f ]] || { echo "bench: $f missing: build first" >&2; exit 1; }
done
for c in tmux top python3; do
	command -v $c >/dev/null || { echo "bench: needs $c" >&2; exit 1; }
done

tmp=$(mktemp -d /tmp/oomkit-bench-screen.XXXXXX)
sock=
spawn_pid=
cleanup() {
	# no set -e here: a failing step must not skip the ones after it
	set +e
	[[ -n $sock ]] && tmux -L "$sock" kill-server 2>/dev/null
	if [[ -n $spawn_pid ]]; then
		kill -TERM "$spawn_pid" 2>/dev/null || true
		wait "$spawn_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "starting $procs idle processes..."
"$spawn" -n "$procs" -t 3600 >"$tmp/spawned" 2>"$tmp/spawn.err" &
spawn_pid=$!
for _ in $(seq 900); do
	grep -qx ready "$tmp/spawned" 2>/dev/null && break
	kill -0 "$spawn_pid" 2>/dev/null || { cat "$tmp/spawn.err" >&2; exit 1; }
	sleep 0.1
done
grep -qx ready "$tmp/spawned" || { echo "bench: children not ready" >&2; exit 1; }
all=(/proc/[0-9]*)
echo "${#all[@]} processes in /proc"

# cpu_ticks PID: utime + stime (fields 14 and 15, after the ')' of comm)
cpu_ticks() { sed -E 's/.*\) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
nocpu=PID,USER,ADJ,SCORE,BADNESS,SHARE,RSS,SWAP,GROWTH,MEMCG,COMMAND
: >"$tmp/rounds"
# run_in SESSION CMD...: CMD in a pane of its own; its exit status goes to
# $tmp/rc.SESSION if it ends before the round does (then the round is void)
run_in() {
	local s=$1; shift
	tmux -L "$sock" new-session -d -s "$s" -x 120 -y 40 \
		"$*; echo \$? >'$tmp/rc.$s'; sleep 3600"
}
for r in $(seq "$rounds"); do
	sock=oomkit-bench-screen-$$-$r	# a fresh server per round
	rm -f "$tmp"/rc.*
	run_in top top -d 1
	run_in oomtop "$oomtop" -d 1
	run_in nocpu "$oomtop" -d 1 -o "$nocpu"
	sleep 2
	pids=()
	for s in oomtop nocpu top; do
		pids+=("$(tmux -L "$sock" list-panes -t "$s" -F '#{pane_pid}')")
	done
	sleep "$((secs - 2))"
	line="$r"
	for i in 0 1 2; do
		line+=" $(cpu_ticks "$(pgrep -P "${pids[$i]}" | head -n1)")"
	done
	if compgen -G "$tmp/rc.*" >/dev/null; then
		echo "round $r void: a program ended early: $(grep -H . "$tmp"/rc.*)" >&2
	else
		echo "$line" >>"$tmp/rounds"
		echo "round $r (oomtop oomtop-nocpu top, ticks): ${line#* }"
	fi
	tmux -L "$sock" kill-server 2>/dev/null || true
done

python3 - "$tmp/rounds" "$out" "${#all[@]}" "$procs" "$rounds" "$secs" \
	"$(getconf CLK_TCK)" "$(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo '?')" \
	"$(uptime)" <<'EOF'
import statistics as st, sys, platform
rows = [list(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
out, total, procs, rounds, secs, hz, rev, up = sys.argv[2:10]
hz = int(hz)
o = [r[1] / hz for r in rows]; n = [r[2] / hz for r in rows]; t = [r[3] / hz for r in rows]
ro = [a / b for a, b in zip(o, t) if b]; rn = [a / b for a, b in zip(n, t) if b]
med = lambda v: st.median(v) if v else float("nan")
summary = (f"oomtop {med(o):.2f} s, oomtop without CPU% {med(n):.2f} s, top {med(t):.2f} s "
           f"of CPU in {secs} s; ratio oomtop/top {med(ro):.2f}, without CPU% {med(rn):.2f} "
           f"(medians of {len(rows)} rounds)")
print(summary)
if out:
    with open(out, "w") as f:
        f.write(f"""# Cost of oomtop's screen against top(1)

Measured by `tests/bench/screen/run.sh -n {procs} -r {rounds} -s {secs} -w docs/bench-screen.md` at commit {rev}, kernel {platform.release()}, with {total} processes in /proc during the run ({procs} idle ones started by the script).

In each round, three programs run side by side for the same {secs} seconds, each on a pseudo-terminal of its own (tmux, 120x40): oomtop (`-d 1`, default columns), oomtop without the CPU% column (`-d 1 -o ...` without CPU%: no libproc2 reads) and `top -d 1`.
CPU is utime + stime from `/proc/<pid>/stat` at the end of the round.

The machine was shared with other work while this ran (load: `{up.strip()}`), so the absolute seconds are noisy.
The three programs ran at the same time under the same load, and the ratios are per round.

| round | oomtop (s) | oomtop without CPU% (s) | top (s) | oomtop/top | without CPU%/top |
|---|---|---|---|---|---|
""")
        for r, a, b, c in zip(rows, o, n, t):
            f.write(f"| {r[0]} | {a:.2f} | {b:.2f} | {c:.2f} | {a / c:.2f} | {b / c:.2f} |\n")
        f.write(f"| **median** | **{med(o):.2f}** | **{med(n):.2f}** | **{med(t):.2f}** | "
                f"**{med(ro):.2f}** | **{med(rn):.2f}** |\n\n")
        f.write("Goal (issue 12): oomtop's CPU at most top's (ratio <= 1).\n")
EOF
