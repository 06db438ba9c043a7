#!/usr/bin/env bash
# test_oomtop_screen.sh - oomtop's interactive screen in a real terminal
# (tmux: send-keys, capture-pane), against processes the test starts:
#   - it starts and keeps running; the first row is a process started with
#     adj 1000 and a distinctive name;
#   - a process started later with a higher badness moves to the top at the
#     next refresh;
#   - sorting (s PID, I) and filtering (/ name) change what is shown;
#   - the domain view (D) lists a memory cgroup the test created, with its
#     limit and predicted victim (when a writable memcg exists);
#   - = sets /proc/<pid>/oom_score_adj; a refused change (below the floor
#     without CAP_SYS_RESOURCE) shows oomadj's words on the status line;
#   - h opens the help; a resize redraws at the new size; q exits and the
#     terminal is sane afterwards (stty: icanon and echo back on);
#   - the header's latest kill from a kernel log capture, its age from a
#     pinned clock (OOMTOP_TEST_UPTIME): the same on any machine, however
#     long ago it booted.
# tmux runs on a socket of its own in the test's temporary directory
# (TMUX_TMPDIR): tmux 3.3a leaves the socket file after kill-server.
# Skips (77) without tmux.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"

[[ -x $OOMTOP && -x $HOG ]] || { echo "FAIL: binaries not built"; exit 1; }
command -v tmux >/dev/null || skip "tmux missing"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/oomkit-screen.XXXXXX")
sock=oomkit-screen-$$
export TMUX_TMPDIR=$tmp
pids=()
cleanup() {
	local p
	tmux -L "$sock" kill-server 2>/dev/null
	for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	memcg_cleanup
	rm -rf "$tmp"
}
trap cleanup EXIT

screen() { tmux -L "$sock" capture-pane -p -t oomtop; }
keys() { tmux -L "$sock" send-keys -t oomtop "$@"; }
# wait_for REGEX [SECONDS]: until the screen matches (extended regex); 20 s
# by default: a loaded machine (thousands of processes) refreshes slowly
wait_for() {
	local i
	for ((i = 0; i < ${2:-20} * 10; i++)); do
		screen | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	echo "# screen, waiting for /$1/:"; screen | sed 's/^/#   /'
	return 1
}
# wait_for_in SESSION REGEX: wait_for on another session
wait_for_in() {
	local i
	for ((i = 0; i < 100; i++)); do
		tmux -L "$sock" capture-pane -p -t "$1" | grep -qE -- "$2" && return 0
		sleep 0.1
	done
	echo "# screen $1, waiting for /$2/:"
	tmux -L "$sock" capture-pane -p -t "$1" | sed 's/^/#   /'
	return 1
}
# the first process row: the line after the PID heading
first_row() { screen | awk 'f { print; exit } /^ *PID[v^]? /{ f = 1 }'; }
rows_shown() { screen | awk '/^ *PID[v^]? /{ f = 1; next } f && /^ *[0-9]+ / { n++ } END { print n + 0 }'; }

tag=scr$$
tag=${tag:0:9}
# the first: adj 1000 and a small size; every other process here has
# adj <= 999 or is smaller, so it is the host's predicted victim
hog_start a -m 8 -a 1000 -c "${tag}a"

tmux -L "$sock" new-session -d -s oomtop -x 120 -y 30 \
	"'$OOMTOP' -d 1 -o PID,ADJ,BADNESS,RSS,GROWTH,COMM; echo rc=\$? >'$tmp/rc'; \
	stty -a >'$tmp/stty'; sleep 60" || skip "tmux cannot start a session"
check "screen starts and shows the header" wait_for '^oomtop [0-9:]{8} +mem avail'
# the age comes before the comm, which the window's width may cut (the
# hostile name live/test_output_kill kills is 30 columns escaped)
check "the header shows the latest kill of this kernel's kmsg (or none)" \
	wait_for 'last kill ([0-9]+[smh] ago: )?pid [0-9]+ \(|last kill: (pid [0-9]+ \(|none in|kmsg unread)'
check "the adj-1000 process is listed" wait_for "^ *$a +1000 .* ${tag}a"
check "the first row is the adj-1000 process" test "$(first_row | awk '{ print $1, $NF }')" = "$a ${tag}a"
sleep 2
check "still running after two refreshes" wait_for '^oomtop '
check "first row still pid $a" test "$(first_row | awk '{ print $1 }')" = "$a"

# a later process with a higher badness takes the top at the next refresh
hog_start b -m 48 -a 1000 -c "${tag}b"
check "the bigger process moves to the top" wait_for "^ *$b +1000 .* ${tag}b" 15
first=$(first_row)
check "first row is pid $b" test "$(awk '{ print $1 }' <<<"$first")" = "$b"

# sorting: by PID (descending), then inverted
keys s; keys -l PID; keys Enter
check "sort by PID: said in the focus line" wait_for 'sorted by PID descending'
maxpid=$(screen | awk '/^ *PID[v^]? /{ f = 1; next } f && /^ *[0-9]+ / { if ($1 > m) m = $1 } END { print m }')
first=$(first_row)
check "sort by PID: the first row has the highest pid ($maxpid): $first" \
	test "$(awk '{ print $1 }' <<<"$first")" = "$maxpid"
keys I
check "sort inverted: ascending" wait_for 'sorted by PID ascending'
first=$(first_row)
check "sort inverted: the first row has a lower pid: $first" \
	test "$(awk '{ print $1 }' <<<"$first")" -lt "$maxpid"
keys R
check "R: back to the kernel's order" wait_for "sorted by RANK"

# filtering by name, incremental: only the test's two, then one
keys /; keys -l "$tag"
check "filter: typed text shown" wait_for "filter by name: $tag"
keys Enter
check "filter: the focus line says it" wait_for "name~$tag"
check "filter by name: two rows" test "$(rows_shown)" -eq 2
keys /; keys -l a; keys Enter
check "filter narrowed: one row" wait_for "1 processes, sorted"
check "filter narrowed: pid $a" test "$(first_row | awk '{ print $1 }')" = "$a"

# the adjust action: = 500 on the selected (only) row
keys =; keys -l 500; keys Enter
check "= 500: the status line says it" wait_for "pid $a: oom_score_adj 1000 -> 500"
check "= 500: /proc/$a/oom_score_adj is 500" test "$(cat /proc/$a/oom_score_adj)" = 500
if has_cap_resource; then
	echo "# has CAP_SYS_RESOURCE: the below-floor refusal cannot be produced here"
else
	keys =; keys -l -- -1; keys Enter
	check "= -1 refused: oomadj's words on the status line" \
		wait_for "Permission denied: the value is below the process's floor"
	check "= -1 refused: the kernel kept 500" test "$(cat /proc/$a/oom_score_adj)" = 500
fi
keys /; keys Escape	# Escape in the filter prompt clears the filter
check "Escape in the prompt clears the filter" wait_for "sorted by RANK \(the kernel's order\) *$"

# a signal, with confirmation: n sends nothing, y sends it (through a pidfd)
hog_start k -c "${tag}k"
keys /; keys -l "${tag}k"; keys Enter
check "filtered to the process to signal" wait_for "^ *$k .* ${tag}k"
keys k; keys Enter
# The action pins the row's process when k is pressed, from the reading
# shown; a reading taken while the filter was being applied may not hold
# it yet, and the screen then refuses ("no longer the process you chose")
# rather than act on a stale pid. That refusal is safe: press k once more.
if ! wait_for "send signal 15 \(TERM\) to pid $k\? y/N|no longer the process you chose" >/dev/null ||
	screen | grep -q "no longer the process you chose"; then
	sleep 0.5; keys k; keys Enter
fi
check "k asks to confirm" wait_for "send signal 15 \(TERM\) to pid $k\? y/N"
keys n
check "n: no signal sent" wait_for "no signal sent"
check "n: the process lives" kill -0 "$k"
keys k; keys -l KILL; keys Enter
check "k KILL asks to confirm" wait_for "send signal 9 \(KILL\) to pid $k\? y/N"
keys y
check "y: the status line says it" wait_for "sent signal 9 \(KILL\) to pid $k"
dead() { [[ ! -d /proc/$k ]] || grep -q '^State:.Z' "/proc/$k/status" 2>/dev/null; }
for _ in $(seq 50); do dead && break; sleep 0.1; done
check "y: the process was killed (gone or a zombie)" dead
keys /; keys Escape

# pause: the clock stops, space again resumes; d sets the delay
keys Space
check "space pauses" wait_for '\[paused\]'
t1=$(screen | awk 'NR == 1 { print $2 }')
sleep 2.5
check "paused: no refresh for 2.5 s" test "$(screen | awk 'NR == 1 { print $2 }')" = "$t1"
keys Space
# the clock moves again at the next refresh (-d 1), however slow that is
clock_moved() { [[ $(screen | awk 'NR == 1 { print $2 }') != "$t1" ]]; }
resumed() { local i; for ((i = 0; i < 200; i++)); do clock_moved && return 0; sleep 0.1; done; return 1; }
check "space again resumes" resumed
keys d; keys -l 0; keys Enter
check "d 0 refused with the range" wait_for 'delay must be 0.1 to 86400 seconds'

# the help screen
keys h
check "h opens the help" wait_for 'oomtop keys'
keys x
check "any key closes the help" wait_for '^ *PID '

# the domain view, with a memory cgroup of our own when one can be made
if ( memcg_setup "oomkit-screen-$$" 64 ) >/dev/null 2>&1; then
	memcg_setup "oomkit-screen-$$" 64
	trap cleanup EXIT	# memcg_setup set its own: ours removes the memcg too
	c=$(memcg_spawn -m 8 -c "${tag}c")
	pids+=("$c")
	keys D
	check "domain view lists the test memcg with its 64M limit" \
		wait_for "^$MEMCG_PATH +64(\\.0)?M "
	check "domain view: the memcg's victim is pid $c" wait_for "^$MEMCG_PATH .* $c ${tag}c"
	keys Escape
else
	echo "# no writable memory cgroup: domain view checked for the host only"
	keys D
	check "domain view lists the host" wait_for '^global '
	keys Escape
fi

# resize: the screen redraws at the new size
tmux -L "$sock" resize-window -t oomtop -x 80 -y 24 2>/dev/null ||
	tmux -L "$sock" resize-pane -t oomtop -x 80 -y 24
sleep 1.5
check "resize: redrawn with the header" wait_for '^oomtop '
check "resize: the headings fit in 80 columns" \
	bash -c "screen() { tmux -L '$sock' capture-pane -p -t oomtop; }; screen | awk 'length > 80 { exit 1 }'"
check "resize: COMM still shown" wait_for ' COMM'

# the latest kill in the header, from a kernel log capture whose kill is
# stamped 904.330495 s after its boot. The age is told from a pinned
# clock (OOMTOP_TEST_UPTIME), not from this machine's uptime: 1000 s
# gives 96 s ago; 600 s, as on a machine booted 10 minutes ago, is before
# the kill, so no age is told.
capture=$OOMKIT_SOURCE_DIR/tests/fixtures/real/kmsg.txt
tmux -L "$sock" new-session -d -s kmsg -x 120 -y 30 \
	"OOMTOP_KMSG='$capture' OOMTOP_TEST_UPTIME=1000 '$OOMTOP' -d 1"
check "last kill from a kmsg capture, pinned clock: 96s ago, pid 30828 (grower)" \
	wait_for_in kmsg 'last kill 96s ago: pid 30828 \(grower\)'
tmux -L "$sock" kill-session -t kmsg
tmux -L "$sock" new-session -d -s kmsg -x 120 -y 30 \
	"OOMTOP_KMSG='$capture' OOMTOP_TEST_UPTIME=600 '$OOMTOP' -d 1"
check "last kill stamped after now (a fresh boot): no age, pid 30828 (grower)" \
	wait_for_in kmsg 'last kill: pid 30828 \(grower\)'
tmux -L "$sock" kill-session -t kmsg

# a C locale without colours: a hostile name is escaped, no raw byte shown
hog_start h -c 'evil\x1b[31m\xff' -a 999
tmux -L "$sock" new-session -d -s clocale -x 120 -y 30 \
	"LANG=C LC_ALL=C NO_COLOR=1 TERM=vt100 '$OOMTOP' -d 1 -o PID,ADJ,COMM"
check "C locale, vt100: the hostile name escaped" \
	wait_for_in clocale "^ *$h +999 evil\\\\x1b\\[31m\\\\xff"
check "C locale: no raw escape byte on the screen" \
	bash -c "! tmux -L '$sock' capture-pane -p -t clocale | LC_ALL=C grep -q \$'\\x1b'"
tmux -L "$sock" kill-session -t clocale

# a UTF-8 locale keeps valid UTF-8, but not a Unicode format character: a
# right-to-left override (U+202E) is escaped like a control byte
hog_start u -c '\xe2\x80\xaeevil' -a 998
tmux -L "$sock" new-session -d -s utf8 -x 120 -y 30 \
	"LC_ALL=C.UTF-8 NO_COLOR=1 '$OOMTOP' -d 1 -o PID,ADJ,COMM"
check "UTF-8 locale: a right-to-left override in a name escaped" \
	wait_for_in utf8 "^ *$u +998 \\\\xe2\\\\x80\\\\xaeevil"
check "UTF-8 locale: no raw U+202E on the screen" \
	bash -c "! tmux -L '$sock' capture-pane -p -t utf8 | grep -q \$'\\xe2\\x80\\xae'"
tmux -L "$sock" kill-session -t utf8

# q exits, status 0, and the terminal is sane after it
keys q
for _ in $(seq 50); do [[ -s $tmp/stty ]] && break; sleep 0.1; done
check "q exits with status 0" grep -qx 'rc=0' "$tmp/rc"
check "terminal sane after q: icanon and echo" \
	bash -c "grep -qw icanon '$tmp/stty' && grep -qw echo '$tmp/stty' && ! grep -qw -- -icanon '$tmp/stty'"
finish
