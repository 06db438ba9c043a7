#!/usr/bin/env bash
# oomlog's output side under hostile conditions: failed writes (exit 2,
# not the "nothing found" 1), bounded memory and streaming on huge inputs,
# forged sizes that do not fit in 64 bits, arguments with control bytes
# in error messages.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
[[ -x $OOMLOG ]] || { echo "oomlog not built"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fx=$OOMKIT_SOURCE_DIR/tests/fixtures/real

# kill lines in time order, as the kernel prints them: kills N
kills() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
		printf "[%d.0] Out of memory: Killed process %d (t) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB\n", i, i + 2 }'
}
kills 20000 >"$tmp/many.log"

# --- write errors: exit 2 (oomlog's 1 means "no event found") ----------------
if [[ -w /dev/full ]]; then
	"$OOMLOG" "$fx/dmesg.txt" >/dev/full 2>"$tmp/err"; rc=$?
	check "stdout full: exit 2" test $rc -eq 2
	check "stdout full: says so" grep -qx "oomlog: write error: No space left on device" "$tmp/err"
	check "stdout full: one line" test "$(wc -l <"$tmp/err")" -eq 1
	"$OOMLOG" -J "$fx/dmesg.txt" >/dev/full 2>/dev/null; rc=$?
	check "stdout full, -J: exit 2" test $rc -eq 2
	"$OOMLOG" "$tmp/many.log" >/dev/full 2>"$tmp/err"; rc=$?
	check "stdout full, many rows: exit 2" test $rc -eq 2
	check "stdout full, many rows: one message" test "$(wc -l <"$tmp/err")" -eq 1
fi
"$OOMLOG" "$fx/dmesg.txt" >&- 2>"$tmp/err"; rc=$?
check "stdout closed: exit 2" test $rc -eq 2
check "stdout closed: a write error" grep -q "^oomlog: write error" "$tmp/err"
"$OOMLOG" "$tmp/no-such.log" >&- 2>&-; rc=$?
check "missing file, stdout and stderr closed: exit 2" test $rc -eq 2
# the reader goes away: quiet, exit 2 (SIGPIPE ignored, as under many
# supervisors); oomlog stops at the first failed write
(trap '' PIPE; "$OOMLOG" "$tmp/many.log" 2>"$tmp/err" | head -1 >/dev/null; echo "${PIPESTATUS[0]}" >"$tmp/rc")
check "reader gone, SIGPIPE ignored: exit 2" test "$(cat "$tmp/rc")" -eq 2
check "reader gone, SIGPIPE ignored: nothing on stderr" test ! -s "$tmp/err"

# --- memory bounded whatever the number of kills; rows stream out -------------
kills 300000 >"$tmp/300k.log"
if grep -q __asan_init "$OOMLOG"; then
	echo "note: AddressSanitizer build (shadow memory, quarantine), peak RSS cases skipped"
elif [[ -x /usr/bin/time ]]; then
	for mode in "" -J "-o +SOURCE,OUTCOME --bytes"; do
		# shellcheck disable=SC2086
		/usr/bin/time -o "$tmp/rss" -f %M "$OOMLOG" $mode "$tmp/300k.log" >"$tmp/out" 2>"$tmp/err"; rc=$?
		rss=$(tail -1 "$tmp/rss")
		check "300,000 kills ${mode:-(table)}: exit 0, quiet" test $rc -eq 0 -a ! -s "$tmp/err"
		check "300,000 kills ${mode:-(table)}: peak RSS $rss KiB under 32 MiB" test "$rss" -lt 32768
		[[ $mode == -J ]] && check "300,000 kills -J: one JSON document with every event" python3 -c '
import json, sys
ev = json.load(open(sys.argv[1]))["events"]
assert len(ev) == 300000 and ev[0]["pid"] == 2 and ev[-1]["pid"] == 300001, len(ev)' "$tmp/out"
	done
	# two sources sorted together: bounded too (batches of rows)
	/usr/bin/time -o "$tmp/rss" -f %M "$OOMLOG" -n -o PID "$tmp/300k.log" "$tmp/300k.log" >"$tmp/out" 2>"$tmp/err"
	rss=$(tail -1 "$tmp/rss")
	check "two files of 300,000 kills: peak RSS $rss KiB under 32 MiB" test "$rss" -lt 32768
	check "two files of 300,000 kills: every row" test "$(wc -l <"$tmp/out")" -eq 600000
else
	echo "note: /usr/bin/time (package time) missing, memory cases skipped"
fi
"$OOMLOG" "$tmp/300k.log" >"$tmp/out"
check "300,000 kills: header once, every row" test "$(grep -c '^TIME' "$tmp/out")" -eq 1 -a "$(wc -l <"$tmp/out")" -eq 300001
check "300,000 kills: columns line up (one line length)" test "$(awk '{ print length($0) }' "$tmp/out" | sort -u | wc -l)" -eq 1
# a few rows of a long log (a filter): one table whatever the batches
# the events were read in, its columns as wide as the widest value
"$OOMLOG" -o PID,COMM,BOOT_S -p 2,150000,299999 "$tmp/300k.log" >"$tmp/out"
check "3 rows of 300,000 kills: header once, three rows" test "$(wc -l <"$tmp/out")" -eq 4
check "3 rows of 300,000 kills: columns line up" test "$(awk '{ print length($0) }' "$tmp/out" | sort -u | wc -l)" -eq 1
# rows come out before the input ends: a writer that stalls after 3000
# kills (and never closes the FIFO while we wait)
mkfifo "$tmp/fifo"
{ kills 3000; exec sleep 20; } >"$tmp/fifo" &
wpid=$!
"$OOMLOG" -n -o PID "$tmp/fifo" >"$tmp/stream" 2>&1 &
opid=$!
for _ in $(seq 100); do
	[[ -s $tmp/stream ]] && break
	sleep 0.1
done
check "rows printed while the input is still open" test -s "$tmp/stream"
check "the first row is the first kill" test "$(head -1 "$tmp/stream" | tr -d ' ')" = 2
kill "$opid" "$wpid" 2>/dev/null
wait "$opid" "$wpid" 2>/dev/null
# and | head -1 ends at once, without reading all of a huge input
"$OOMLOG" "$tmp/300k.log" 2>/dev/null | head -2 >"$tmp/out"
check "| head: the first row" test "$(sed -n 2p "$tmp/out" | awk '{ print $2 }')" = 2

# --- D11: sizes that do not fit in 64 bits -------------------------------------
big=9223372036854775807
printf '[ 1.0] Out of memory: Killed process 5 (a) total-vm:1kB, anon-rss:%skB, file-rss:%skB, shmem-rss:%skB, UID:0 pgtables:1kB oom_score_adj:0\n' \
	$big $big $big >"$tmp/huge3.log"
"$OOMLOG" -n -r -o PID,RSS "$tmp/huge3.log" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "RSS sum overflow: exit 0" test $rc -eq 0
check "RSS sum overflow: unknown (-), not a wrapped number" test "$(cat "$tmp/out")" = "5 -"
check "RSS sum overflow: quiet" test ! -s "$tmp/err"
"$OOMLOG" -J -o PID,RSS,ANON_RSS "$tmp/huge3.log" >"$tmp/out"
check "RSS sum overflow, JSON: null, the part exact" python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["events"][0]
assert e == {"pid": 5, "rss_kb": None, "anon_rss_kb": 9223372036854775807}, e' "$tmp/out"
printf '[ 1.0] Out of memory: Killed process 5 (a) total-vm:1kB, anon-rss:%skB, file-rss:0kB, shmem-rss:0kB\n' $big >"$tmp/huge1.log"
"$OOMLOG" --bytes -n -r -o PID,ANON_RSS,TOTAL_VM "$tmp/huge1.log" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--bytes overflow: exit 0" test $rc -eq 0
check "--bytes overflow: unknown (-), not negative" test "$(cat "$tmp/out")" = "5 - 1024"
check "--bytes overflow: quiet" test ! -s "$tmp/err"
check "2^63-1 KiB in the human form: 8192E (no unit above E)" test "$("$OOMLOG" -n -r -o ANON_RSS "$tmp/huge1.log")" = "8192E"

# --- D17: arguments echoed in messages are escaped -------------------------------
hostile=$(printf '/x\033[31mred\nline2')
one_line() { # one_line WHAT ARGS...: exactly one line on stderr (plus the
	# --help hint for usage errors), no raw control byte
	local what=$1; shift
	"$OOMLOG" "$@" </dev/null >/dev/null 2>"$tmp/err"
	local n; n=$(grep -vc "^Try 'oomlog --help'" "$tmp/err")
	check "$what: one message line" test "$n" -eq 1
	check "$what: no raw control byte" bash -c '! LC_ALL=C grep -q "[[:cntrl:]]" "$1"' _ "$tmp/err"
	check "$what: the argument shown escaped" grep -qF '\x1b[31mred\nline2' "$tmp/err"
}
one_line "--since" --since "$hostile" "$fx/dmesg.txt"
one_line "--until" --until "$hostile" "$fx/dmesg.txt"
one_line "--comm regex" -c "a($hostile" "$fx/dmesg.txt"
one_line "--memcg" --memcg "x$hostile" "$fx/dmesg.txt"
one_line "--constraint" --constraint "$hostile" "$fx/dmesg.txt"
one_line "-o" -o "PID,$hostile" "$fx/dmesg.txt"
one_line "-p" -p "$hostile" "$fx/dmesg.txt"
one_line "file name" "$tmp/$hostile"
one_line "-K file name" -K "$tmp/$hostile"
one_line "--journal-file" --journal-file="$tmp/$hostile"
mkdir "$tmp/$hostile"
one_line "directory name" "$tmp/$hostile"

# --- --prometheus --output-file over what others planted at the path --------
# The file being replaced is read for its counters only when it is a
# regular file: a FIFO is not opened for reading (that would block), a
# symlink is not followed (its target is neither read nor written).
mkdir "$tmp/tf"
mkfifo "$tmp/tf/fifo.prom"
timeout 20 "$OOMLOG" --prometheus --output-file "$tmp/tf/fifo.prom" "$fx/dmesg.txt" 2>"$tmp/err"; rc=$?
check "--output-file over a FIFO: does not block, exit 0 (got $rc)" test $rc -eq 0
check "--output-file over a FIFO: replaced by a regular file" test -f "$tmp/tf/fifo.prom" -a ! -p "$tmp/tf/fifo.prom"
check "--output-file over a FIFO: nothing on stderr" test ! -s "$tmp/err"
boot=$(tr -d - </proc/sys/kernel/random/boot_id)
printf '# oomkit boot_id %s\n# TYPE oomkit_log_oom_events_total counter\noomkit_log_oom_events_total{outcome="killed"} 99\n' \
	"$boot" >"$tmp/target"
cp "$tmp/target" "$tmp/target.orig"
ln -s "$tmp/target" "$tmp/tf/link.prom"
timeout 20 "$OOMLOG" --prometheus --output-file "$tmp/tf/link.prom" "$fx/dmesg.txt" 2>"$tmp/err"; rc=$?
check "--output-file over a symlink: exit 0 (got $rc)" test $rc -eq 0
check "--output-file over a symlink: the link replaced by a regular file" \
	test -f "$tmp/tf/link.prom" -a ! -L "$tmp/tf/link.prom"
check "--output-file over a symlink: its target untouched" cmp -s "$tmp/target" "$tmp/target.orig"
check "--output-file over a symlink: the target's counters not taken" \
	grep -qx 'oomkit_log_oom_events_total{outcome="killed"} 3' "$tmp/tf/link.prom"
# a regular file of ours is still read: its higher counter is kept
cp "$tmp/target" "$tmp/tf/reg.prom"
"$OOMLOG" --prometheus --output-file "$tmp/tf/reg.prom" "$fx/dmesg.txt"
check "--output-file over our regular file: its counter kept (never drops)" \
	grep -qx 'oomkit_log_oom_events_total{outcome="killed"} 99' "$tmp/tf/reg.prom"

finish
