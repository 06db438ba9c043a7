#!/usr/bin/env bash
# oomlog's input side against hostile input: forged kernel lines from
# userspace loggers, signals while waiting for input, compressed files that
# claim huge decoder memory, journal directories with no readable file.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
[[ -x $OOMLOG ]] || { echo "oomlog not built"; exit 1; }
tmp=$(mktemp -d)
cleanup() {
	local p
	for p in $(jobs -p); do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

K='Out of memory: Killed process 22 (postgres) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:1kB oom_score_adj:0'

# --- forged kernel kills (only kernel-tagged syslog lines are the kernel's)
# What logger(1) sends for an ordinary user, in its own wire formats.
python3 - "$tmp/logger.out" "$K" <<'EOF' || fail "logger capture"
import os, socket, subprocess, sys, tempfile
d = tempfile.mkdtemp()
path = os.path.join(d, "log")
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
with open(sys.argv[1], "wb") as out:
    for fmt in (["--rfc5424"], ["--rfc3164"], ["--rfc5424", "-t", "evil", "-i"]):
        subprocess.run(["logger", "-u", path] + fmt + [sys.argv[2]], check=True)
        out.write(s.recv(65536) + b"\n")
os.unlink(path)
os.rmdir(d)
EOF
# What rsyslog writes to /var/log/syslog with RFC 3339 stamps (Debian 12's
# default) and with traditional ones, for `logger` and `logger -t x -i`.
{
	printf '2026-11-21T14:30:09.000000+01:00 myhost nobody: %s\n' "$K"
	printf '2026-11-21T14:30:10.000000+01:00 myhost nobody[123]: %s\n' "$K"
	printf '2026-11-21T14:30:11+01:00 myhost foo bar: %s\n' "$K"
	printf 'Nov 21 14:30:12 myhost nobody: %s\n' "$K"
	printf '<13>1 2026-11-21T14:30:13.000Z myhost evil 999 - - %s\n' "$K"
	cat "$tmp/logger.out"
} >"$tmp/forged.log"
"$OOMLOG" -o PID,COMM,KILLER "$tmp/forged.log" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "forged syslog lines: exit 1 (nothing found)" test $rc -eq 1
check "forged syslog lines: nothing listed" test ! -s "$tmp/out"
check "forged syslog lines: nothing on stderr" test ! -s "$tmp/err"
"$OOMLOG" -o PID - <"$tmp/forged.log" >"$tmp/out" 2>&1; rc=$?
check "forged syslog lines on stdin: exit 1" test $rc -eq 1
# the same lines with the kernel's tag are the kernel's
{
	printf '2026-11-21T14:30:09.000000+01:00 myhost kernel: %s\n' "${K/22/31}"
	printf 'Nov 21 14:30:12 myhost kernel: %s\n' "${K/22/32}"
	printf '<6>1 2026-11-21T14:30:13.000Z myhost kernel - - - %s\n' "${K/22/33}"
	printf '2026-11-21T14:30:14+0100 myhost kernel: %s\n' "${K/22/34}"
	printf '[  123.456789] %s\n' "${K/22/35}"
	printf '%s\n' "${K/22/36}"
} >"$tmp/genuine.log"
cat "$tmp/forged.log" >>"$tmp/genuine.log"
"$OOMLOG" -n -o PID,KILLER "$tmp/genuine.log" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "kernel-tagged lines: exit 0" test $rc -eq 0
check "kernel-tagged lines: exactly the kernel's kills" \
	test "$(awk '{ print $1 ":" $2 }' "$tmp/out" | tr '\n' ' ')" = "31:kernel 32:kernel 33:kernel 34:kernel 35:kernel 36:kernel "

# --- SIGINT and SIGTERM end it at once outside -f, as they end cat -------
# (timeout -k 20: a command that ignores the signal ends in SIGKILL, 137;
# the status tells, not a time, which a loaded machine stretches)
mkfifo "$tmp/fifo"
timeout -k 20 0.5 "$OOMLOG" "$tmp/fifo" >/dev/null 2>&1; rc=$?
check "SIGTERM while waiting in open() of a FIFO: ends (124, was $rc)" test $rc -eq 124
timeout -k 20 -s INT 0.5 "$OOMLOG" "$tmp/fifo" >/dev/null 2>&1; rc=$?
check "SIGINT while waiting in open() of a FIFO: ends (124, was $rc)" test $rc -eq 124
exec 7<>"$tmp/fifo"	# a writer that never writes
timeout -k 20 -s INT 0.5 "$OOMLOG" - <&7 >/dev/null 2>&1; rc=$?
check "SIGINT while waiting in read() on a pipe: ends (124, was $rc)" test $rc -eq 124
timeout -k 20 0.5 "$OOMLOG" -K - <&7 >/dev/null 2>&1; rc=$?
check "SIGTERM while waiting in read() of a kmsg capture: ends (124, was $rc)" test $rc -eq 124
exec 7<&-
timeout -k 20 -s INT 0.5 "$OOMLOG" /dev/zero >/dev/null 2>&1; rc=$?
check "SIGINT while discarding an endless line: ends (124, was $rc)" test $rc -eq 124
timeout -k 20 0.5 "$OOMLOG" /dev/zero >/dev/null 2>&1; rc=$?
check "SIGTERM while discarding an endless line: ends (124, was $rc)" test $rc -eq 124
# -f ends normally on either signal: exit 0, as oomlog(1) promises
if "$OOMLOG" -k -o PID >/dev/null 2>&1 || [[ $? -eq 1 ]]; then
	for sig in INT TERM; do
		timeout -k 20 --preserve-status -s $sig 1 "$OOMLOG" -f -k >"$tmp/out" 2>"$tmp/err"; rc=$?
		check "-f ends on SIG$sig with status 0 (was $rc)" test $rc -eq 0
		check "-f on SIG$sig: nothing on stderr" test ! -s "$tmp/err"
	done
else
	echo "SKIP: -f -k: /dev/kmsg cannot be read here"
fi

# --- a fixed decoder budget: 128 MiB, whatever the header claims ---------
# peak RSS in KiB of a command (GNU time: forked from a small process, so
# the number is the command's own); its exit status is left in $tmp/rc
peak_kb() {
	/usr/bin/time -o "$tmp/time" -f %M "$@" >/dev/null 2>"$tmp/peak.err"
	echo $? >"$tmp/rc"
	tail -n 1 "$tmp/time"
}
kill_line() { printf 'Nov 21 14:30:05 host kernel: Out of memory: Killed process %s (postgres) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:1kB oom_score_adj:0\n' "$1"; }
if command -v xz >/dev/null; then
	# 16 MiB of log, then the block header rewritten to claim a 1 GiB
	# dictionary (valid: xz -t accepts it); liblzma fills what it is given
	{ kill_line 7; yes 'Nov 21 14:30:05 host kernel: eth0: link up' | head -c 16M; } |
		xz -0 -T1 >"$tmp/small.xz"
	python3 - "$tmp/small.xz" "$tmp/big.xz" <<'EOF2'
import struct, sys, zlib
d = bytearray(open(sys.argv[1], "rb").read())
n = (d[12] + 1) * 4               # block header size
assert d[14:16] == b"\x21\x01"    # LZMA2 filter, one property byte
d[16] = 36                        # dictionary size: 1 GiB
d[12 + n - 4:12 + n] = struct.pack("<I", zlib.crc32(bytes(d[12:12 + n - 4])))
open(sys.argv[2], "wb").write(d)
EOF2
	xz -t "$tmp/big.xz" || fail "the 1 GiB-dictionary file is valid xz"
	if [[ -x /usr/bin/time ]]; then
		small=$(peak_kb "$OOMLOG" -o PID "$tmp/small.xz")
		check "xz -0 file: read (exit 0, was $(<"$tmp/rc"))" test "$(<"$tmp/rc")" -eq 0
		big=$(peak_kb "$OOMLOG" -o PID "$tmp/big.xz")
		check "xz 1 GiB claim: peak RSS ${big} KiB not above the plain file's ${small} KiB + 4 MiB" \
			test "$big" -le $((small + 4096))
	else
		echo "SKIP: peak RSS: no /usr/bin/time (Debian package time)"
	fi
	"$OOMLOG" -o PID "$tmp/big.xz" >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "xz file claiming a 1 GiB dictionary: exit 2 (was $rc)" test $rc -eq 2
	check "xz 1 GiB claim: one line naming the memory budget" \
		test "$(cat "$tmp/err")" = "oomlog: '$tmp/big.xz': needs more than 128 MiB of memory to decompress"
	# every xz preset decodes (-9 and -9e need 65 MiB); without a known
	# size xz keeps the preset's dictionary
	for p in 0 6 9 9e; do
		kill_line 8 | xz -$p -T1 >"$tmp/p.xz"
		check "xz -$p file decodes" test "$("$OOMLOG" -n -o PID "$tmp/p.xz" | tr -d ' ')" = 8
	done
else
	echo "SKIP: no xz"
fi
if command -v zstd >/dev/null; then
	# piped input: the frame header declares the whole window
	kill_line 9 | zstd -q --long=27 -c >"$tmp/w27.zst"
	check "zstd --long=27 (what zstd -d decodes by default) decodes" \
		test "$("$OOMLOG" -n -o PID "$tmp/w27.zst" | tr -d ' ')" = 9
	for w in 28 30; do
		kill_line 9 | zstd -q --long=$w -c >"$tmp/w$w.zst"
		"$OOMLOG" -o PID "$tmp/w$w.zst" >"$tmp/out" 2>"$tmp/err"; rc=$?
		check "zstd --long=$w: exit 2 (was $rc)" test $rc -eq 2
		check "zstd --long=$w: 'needs more than 128 MiB', not 'corrupt'" \
			test "$(cat "$tmp/err")" = "oomlog: '$tmp/w$w.zst': needs more than 128 MiB of memory to decompress"
	done
	kill_line 9 | zstd -q --long=30 -c | "$OOMLOG" -o PID - >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "zstd --long=30 on stdin: exit 2, one line" \
		test $rc -eq 2 -a "$(cat "$tmp/err")" = "oomlog: '-': needs more than 128 MiB of memory to decompress"
else
	echo "SKIP: no zstd"
fi

# --- a journal directory where every file is skipped is an error -------
jr=/lib/systemd/systemd-journal-remote
if "$OOMLOG" --journal-file=/nonexistent 2>&1 | grep -q "built without libsystemd"; then
	echo "SKIP: journal: oomlog built without libsystemd"
elif [[ -x $jr ]]; then
	mkdir "$tmp/jgood" "$tmp/jbad" "$tmp/jempty"
	"$jr" --output="$tmp/jgood/remote.journal" - \
		<"$OOMKIT_SOURCE_DIR/tests/fixtures/real/journal.export" >/dev/null 2>&1
	head -c 65536 "$tmp/jgood/remote.journal" >"$tmp/jbad/a.journal"
	: >"$tmp/jbad/b.journal"
	"$OOMLOG" --journal-file="$tmp/jbad" >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "journal dir of truncated/empty files: exit 2 (was $rc)" test $rc -eq 2
	check "journal dir of truncated/empty files: one line on stderr" \
		test "$(wc -l <"$tmp/err")" -eq 1 -a "$(grep -c "cannot open the journal '$tmp/jbad'" "$tmp/err")" -eq 1
	check "journal dir of truncated/empty files: nothing listed" test ! -s "$tmp/out"
	"$OOMLOG" --journal-file="$tmp/jempty" >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "journal dir without journal files: exit 2 (was $rc)" test $rc -eq 2
	# one good file among bad ones: read, as journalctl -D does
	cp "$tmp/jbad/"*.journal "$tmp/jgood/"
	"$OOMLOG" -n -o PID --journal-file="$tmp/jgood" >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "journal dir with a readable file among bad ones: exit 0 (was $rc)" test $rc -eq 0
	check "journal dir with a readable file: its kills" \
		test "$(wc -l <"$tmp/out")" -eq "$(wc -l <"$OOMKIT_SOURCE_DIR/tests/fixtures/real/kills.txt")"
else
	echo "SKIP: journal: no systemd-journal-remote"
fi

finish
