#!/usr/bin/env bash
# doc/example.c, the example program of the development package, builds
# against an install into a DESTDIR through pkg-config alone and runs:
# the library's version, the memory state as /proc/meminfo says it, and
# the kill of a kernel log read by the report parser. man/oomkit.3 is
# installed beside it.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
src=$OOMKIT_SOURCE_DIR
want=$(sed -n 's/^project(oomkit VERSION \([0-9][0-9.]*\)[ )].*/\1/p' "$src/CMakeLists.txt")
dest=$tmp/stage
DESTDIR=$dest cmake --install "$OOMKIT_BUILD_DIR" --prefix /usr >"$tmp/log" 2>&1 ||
	{ cat "$tmp/log"; fail "cmake --install"; finish; }
pc=$(find "$dest/usr" -name oomkit.pc -path '*/pkgconfig/*' | head -1)
lib=${pc%/pkgconfig/oomkit.pc}
export PKG_CONFIG_PATH=${pc%/oomkit.pc}
check "oomkit.3 installed" test -f "$dest/usr/share/man/man3/oomkit.3"
check "oomkit.3 has no groff warnings" \
	test -z "$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$dest/usr/share/man/man3/oomkit.3" 2>&1 >/dev/null)"

# shellcheck disable=SC2046 # pkg-config's words are separate arguments
check "doc/example.c builds with pkg-config's flags only, warnings as errors" \
	cc -std=c11 -Wall -Wextra -Werror "$src/doc/example.c" -o "$tmp/example" \
	$(pkg-config --cflags --libs oomkit)
run() { LD_LIBRARY_PATH=$lib "$tmp/example" "$@"; }

run >"$tmp/out" 2>"$tmp/err"
check "runs without a log: exit 0, nothing on stderr" test $? -eq 0 -a ! -s "$tmp/err"
check "prints the library's and the headers' version" \
	test "$(sed -n 1p "$tmp/out")" = "liboomkit $want (headers $want)"
total=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
swap=$(awk '/^SwapTotal:/ {print $2}' /proc/meminfo)
pages=$(((total + swap) * 1024 / $(getconf PAGESIZE)))
check "MemTotal and totalpages as /proc/meminfo gives them ($total kB, $pages)" \
	test "$(sed -n 2p "$tmp/out")" = "MemTotal $total kB, totalpages $pages"
check "MemAvailable known or said unknown" grep -Eq '^MemAvailable ([0-9]+ kB|unknown)$' "$tmp/out"

log=$src/tests/fixtures/kmsg/003-lkml-5.6-printk-caller-id-global-oom.log
run - <"$log" >"$tmp/out" 2>"$tmp/err"
check "reads a log on stdin: exit 0" test $? -eq 0 -a ! -s "$tmp/err"
check "the log's kill, from its kill line" \
	grep -qx 'killed: pid 23173 (normal-priority) by kernel at stdin:73' "$tmp/out"
check "one event in the log's lines" \
	grep -qx "1 OOM event(s) in $(wc -l <"$log") line(s)" "$tmp/out"
# a comm is hostile text: escaped, never written raw to the terminal
printf 'Out of memory: Killed process 42 (a\033]0;x\a) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB\n' >"$tmp/hostile"
run "$tmp/hostile" >"$tmp/out" 2>&1
check "a hostile comm is printed escaped" grep -qF 'pid 42 (a\x1b]0;x\x07)' "$tmp/out"
check "no raw escape byte reaches the output" bash -c "! grep -q $'\033' '$tmp/out'"

run "$tmp/missing" >"$tmp/out" 2>"$tmp/err"
check "a missing log: exit 1" test $? -eq 1
check "... one line on stderr naming it" \
	test "$(wc -l <"$tmp/err")" -eq 1 -a -n "$(grep -F "$tmp/missing" "$tmp/err")"
finish
