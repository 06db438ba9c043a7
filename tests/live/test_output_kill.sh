#!/usr/bin/env bash
# test_output_kill.sh - a real OOM kill of a process with a hostile name:
# the kernel's /dev/kmsg record, and oomlog's table, raw and JSON of it.
#
# A hog named 'a b)\n\t\xff\\"é' grows in a 64 MiB child memory cgroup
# until the kernel kills it. Checks:
#   - the kernel's /dev/kmsg kill record writes the name with \xHH for
#     control bytes, bytes >= 0x7f and the backslash (what
#     tests/cli/test_output_dialect.sh builds its record from);
#   - oomlog -k shows the escaped name E (\n, \t, \xff, \\, é kept) in the
#     table, E with \x20 for the space in raw output, and E as the decoded
#     JSON "comm": the whole name, although it holds ')' and a newline.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
need_oom_kills
need_root
export LC_ALL=C.UTF-8
[[ -x $OOMLOG ]] || { echo "FAIL: oomlog not built"; exit 1; }
[[ -r /dev/kmsg ]] || skip "/dev/kmsg not readable"
command -v python3 >/dev/null || skip "python3 missing"

memcg_setup "oomkit-output-$$" 64
tmp=$(mktemp -d)
trap 'memcg_cleanup; rm -rf "$tmp"' EXIT

pid=$(memcg_spawn -c 'a b)\n\t\xff\\"\xc3\xa9' -m 8 -g 8 -i 20)
for _ in $(seq 300); do
	[[ -e /proc/$pid ]] || break
	sleep 0.1
done
check "the kernel killed the hog" test ! -e "/proc/$pid"

check "/dev/kmsg: the kill record escapes the name byte by byte" python3 - "$pid" <<'PY'
import errno, os, sys
fd = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
want = "Killed process %s (a b)\\x0a\\x09\\xff\\x5c\"\\xc3\\xa9) " % sys.argv[1]
found = False
while True:
    try:
        rec = os.read(fd, 8192).decode("ascii", "replace")
    except OSError as e:
        if e.errno == errno.EAGAIN:
            break
        if e.errno == errno.EPIPE:
            continue
        raise
    if want in rec:
        found = True
assert found, want
PY

"$OOMLOG" -k --memcg "$MEMCG_PATH" -o PID,COMM --noheadings >"$tmp/table" 2>"$tmp/err"
"$OOMLOG" -k --memcg "$MEMCG_PATH" -o PID,COMM --noheadings -r >"$tmp/raw" 2>>"$tmp/err"
"$OOMLOG" -k --memcg "$MEMCG_PATH" -o PID,COMM -J >"$tmp/json" 2>>"$tmp/err"
check "oomlog: the same escaped name in table, raw and JSON" python3 - "$tmp" "$pid" <<'PY'
import json, sys
tmp, pid = sys.argv[1], sys.argv[2]
E = 'a b)\\n\\t\\xff\\\\"é'
table = [l.strip().split(" ", 1) for l in open(tmp + "/table", encoding="utf-8")]
table = [c[1].strip() for c in table if c[0] == pid]
raw = [l.rstrip("\n").split(" ") for l in open(tmp + "/raw", encoding="utf-8")]
raw = [c[1] for c in raw if c[0] == pid and len(c) == 2]
js = [e["comm"] for e in json.load(open(tmp + "/json"))["events"] if e["pid"] == int(pid)]
assert table == [E], table
assert raw == [E.replace(" ", "\\x20")], raw
assert js == [E], js
PY
check "oomlog: nothing on stderr" test ! -s "$tmp/err"
finish
