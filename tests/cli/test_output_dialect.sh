#!/usr/bin/env bash
# test_output_dialect.sh - one hostile process name comes out the same from
# oomtop, oomadj and oomlog, in table, raw and JSON form (the rules of
# cmd/common/output.h).
#
# The name holds a space, ')', a newline, a tab, a byte that is not UTF-8
# (\xff), a backslash, a double quote and valid UTF-8 (é). A live process
# takes it (oomkit-hog -c, prctl PR_SET_NAME); oomtop and oomadj read it
# from /proc, oomlog from a kill record that carries the name the kernel
# keeps (/proc/<pid>/comm), written as /dev/kmsg writes it (\xHH for
# control bytes, bytes >= 0x7f and the backslash). Every command must show
# the escaped name E: \n, \t, \\ and \xHH, valid UTF-8 kept:
#   - table: the COMM cell is E;
#   - raw (-r): the cell is E with each space as \x20, so a row has exactly
#     two space-separated fields;
#   - JSON (-J): valid JSON whose "comm" decodes (python3 json) to E;
# and E decodes back to the kernel's bytes (nothing lost, unambiguous).
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
export LC_ALL=C.UTF-8

[[ -x $HOG ]] || { echo "FAIL: $HOG not built"; exit 1; }
command -v python3 >/dev/null || skip "python3 missing"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/oomkit-dialect.XXXXXX")
hog=
cleanup() {
	[[ -n $hog ]] && { kill -9 "$hog" 2>/dev/null; wait "$hog" 2>/dev/null; }
	rm -rf "$tmp"
}
trap cleanup EXIT

# oomkit-hog -c decodes \n, \t, \\ and \xHH
mkfifo "$tmp/ready"
"$HOG" -r 3 -c 'a b)\n\t\xff\\"\xc3\xa9' 3>"$tmp/ready" >/dev/null 2>&1 &
hog=$!
timeout 10 head -n1 "$tmp/ready" >/dev/null
cp "/proc/$hog/comm" "$tmp/comm" || skip "cannot read /proc/$hog/comm"

# the name as the kernel keeps it (comm adds a newline), and the kill
# record of that process as /dev/kmsg prints it
python3 - "$tmp/comm" "$hog" >"$tmp/kill.kmsg" <<'PY'
import sys
name = open(sys.argv[1], "rb").read()[:-1]
assert name == b'a b)\n\t\xff\\"\xc3\xa9', name
esc = "".join("\\x%02x" % c if c < 0x20 or c >= 0x7f or c == 0x5c else chr(c) for c in name)
print("3,102,2000000,-;Out of memory: Killed process %s (%s) total-vm:100kB, "
      "anon-rss:50kB, file-rss:10kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0"
      % (sys.argv[2], esc))
PY

# run NAME CMD...: stdout to $tmp/NAME, check the exit status
run() {
	local name=$1 rc=0; shift
	"$@" >"$tmp/$name" 2>"$tmp/$name.err" || rc=$?
	check "$name: exit 0 (got $rc)" test "$rc" -eq 0
}
cols=(-o PID,COMM)
for form in table raw json; do
	case $form in
	table) opt=(--noheadings) ;;
	raw) opt=(-r --noheadings) ;;
	json) opt=(-J) ;;
	esac
	run oomtop.$form "$OOMTOP" -b -n 1 "${cols[@]}" "${opt[@]}"
	run oomadj.$form "$OOMADJ" "${cols[@]}" "${opt[@]}" "$hog"
	run oomlog.$form "$OOMLOG" -K "$tmp/kill.kmsg" "${cols[@]}" "${opt[@]}"
done

check "every command, every form: the same escaped name" python3 - "$tmp" "$hog" <<'PY'
import json, re, sys
tmp, pid = sys.argv[1], int(sys.argv[2])
name = open(tmp + "/comm", "rb").read()[:-1]
E = 'a b)\\n\\t\\xff\\\\"é'

def decode(s):
    """The escaping rule read back: \\\\, \\n, \\t, \\xHH; UTF-8 as is."""
    out, i, b = bytearray(), 0, s.encode()
    while i < len(b):
        if b[i:i + 1] == b"\\":
            nxt = b[i + 1:i + 2]
            if nxt == b"x":
                out.append(int(b[i + 2:i + 4], 16)); i += 4; continue
            out += {b"\\": b"\\", b"n": b"\n", b"t": b"\t"}[nxt]; i += 2; continue
        out.append(b[i]); i += 1
    return bytes(out)

assert decode(E) == name, (decode(E), name)
assert decode(E.replace(" ", "\\x20")) == name
bad = []
for cmd in ("oomtop", "oomadj", "oomlog"):
    for form in ("table", "raw", "json"):
        raw = open("%s/%s.%s" % (tmp, cmd, form), "rb").read()
        # nothing raw reaches the terminal: no control byte but the line
        # ends, only valid UTF-8
        if re.search(rb"[\x00-\x09\x0b-\x1f\x7f]", raw):
            bad.append((cmd, form, "raw control byte"))
        text = raw.decode("utf-8")
        if form == "json":
            d = json.loads(text)
            rows = d.get("processes") or d.get("targets") or d.get("events")
            got = [r["comm"] for r in rows if r["pid"] == pid]
            want = E
        else:
            got = []
            for line in text.splitlines():
                if form == "raw":
                    f = line.split(" ")
                    if len(f) != 2:
                        bad.append((cmd, form, "not 2 fields", line))
                        continue
                else:
                    f = line.strip(" ").split(" ", 1)
                    f[1] = f[1].lstrip(" ").rstrip(" ")
                if f[0] == str(pid):
                    got.append(f[1])
            want = E if form == "table" else E.replace(" ", "\\x20")
        if got != [want]:
            bad.append((cmd, form, got, want))
assert not bad, bad
PY

# in a locale that is not UTF-8, the é is \xc3\xa9 as well (and every
# command finishes: libsmartcols 2.38 loops forever on UTF-8 there)
for cmd in oomtop oomadj oomlog; do
	case $cmd in
	oomtop) argv=("$OOMTOP" -b -n 1) ;;
	oomadj) argv=("$OOMADJ" "$hog") ;;
	oomlog) argv=("$OOMLOG" -K "$tmp/kill.kmsg") ;;
	esac
	rc=0
	LC_ALL=C timeout 20 "${argv[@]}" -o PID,COMM --noheadings >"$tmp/$cmd.C" 2>&1 || rc=$?
	check "$cmd, C locale: exit 0 (got $rc)" test "$rc" -eq 0
	check "$cmd, C locale: the name with UTF-8 escaped too" \
		grep -qF 'a b)\n\t\xff\\"\xc3\xa9' "$tmp/$cmd.C"
done
finish
