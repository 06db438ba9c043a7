#!/usr/bin/env bash
# test_oomtop_names.sh - hostile process names in `oomtop -b` output.
#
# Any process may name itself (prctl PR_SET_NAME) with spaces, ')', a
# newline, a tab, a backslash, terminal escape sequences or bytes that are
# not UTF-8. Starts one oomkit-hog per hostile name (no root needed) and
# checks, with the raw name taken from the kernel (/proc/<pid>/comm):
#   - table (`oomtop -b -n 1`): exactly one row per process, no raw
#     control byte and no invalid UTF-8 anywhere in the output, and the
#     COMM cell is the escaped name: \n, \t, \\ for newline, tab and
#     backslash, \xHH for other control bytes, C1 controls, Unicode
#     format characters (Cf: bidi overrides, zero-width characters) and
#     invalid UTF-8 bytes, other valid UTF-8 kept (the oomkit_escape() rule);
#   - JSON (`oomtop -b -n 1 -J`): valid JSON (python3 json.loads), one
#     object per process, and "comm" decodes to the same escaped text as
#     the table shows, so both outputs are unambiguous and consistent: a
#     real newline and a literal backslash-n come out different.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"

[[ -x $OOMTOP ]] || { echo "FAIL: $OOMTOP not built"; exit 1; }
[[ -x $HOG ]] || { echo "FAIL: $HOG not built"; exit 1; }
command -v python3 >/dev/null || skip "python3 missing"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/oomkit-names.XXXXXX")
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

# oomkit-hog -c decodes \n, \t, \\ and \xHH; the kernel keeps 15 bytes.
names=(
	'a b)\nc\xff'		# space, ')', newline, invalid UTF-8
	'tab\there\\x'		# tab, backslash followed by x
	'x\\ny'			# a literal backslash-n: must differ from a newline
	'x\ny'			# a real newline
	'\x1b[31mred\x07'	# terminal escape sequence and BEL
	'\xc3\xa9t\xc3\xa9 ok'	# valid UTF-8: kept
	'c1\xc2\x85del\x7f'	# C1 control (U+0085) and DEL
	') (9) S 1'		# looks like the end of a stat comm field
	'fake\n  1 root'	# tries to forge a table row
	'\xe2\x82'		# truncated UTF-8 sequence
	'\xe2\x80\xaeevil\xe2\x80\x8b'	# right-to-left override, zero width space
)
for n in "${names[@]}"; do
	mkfifo "$tmp/ready"
	"$HOG" -r 3 -c "$n" 3>"$tmp/ready" >/dev/null 2>&1 &
	pids+=($!)
	timeout 10 head -n1 "$tmp/ready" >/dev/null
	rm -f "$tmp/ready"
done
printf '%s\n' "${pids[@]}" >"$tmp/pids"

rc=0
"$OOMTOP" -b -n 1 >"$tmp/table" 2>"$tmp/table.err" || rc=$?
check "oomtop -b -n 1 exits 0 (got $rc)" test "$rc" -eq 0
rc=0
"$OOMTOP" -b -n 1 -J >"$tmp/json" 2>"$tmp/json.err" || rc=$?
check "oomtop -b -n 1 -J exits 0 (got $rc)" test "$rc" -eq 0
rc=0
"$OOMTOP" -b -n 1 -o PID,COMM --noheadings >"$tmp/cols" 2>/dev/null || rc=$?
check "oomtop -b -n 1 -o PID,COMM --noheadings exits 0 (got $rc)" test "$rc" -eq 0

python3 - "$tmp" <<'EOF'
import json, sys, unicodedata
tmp = sys.argv[1]
fails = 0
def check(ok, what):
    global fails
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        fails += 1

def escape(raw):
    """The documented oomkit_escape() rule, written independently."""
    out, i = [], 0
    while i < len(raw):
        c = raw[i]
        n = 0
        if c < 0x80:
            n = 1
        else:
            for size, lo, hi in ((2, 0xc2, 0xdf), (3, 0xe0, 0xef), (4, 0xf0, 0xf4)):
                if lo <= c <= hi:
                    try:
                        ch = raw[i:i + size].decode("utf-8")
                        n = size if len(ch) == 1 and not (0x80 <= ord(ch) <= 0x9f) \
                            and unicodedata.category(ch) != "Cf" and ch not in "\u2028\u2029" \
                            else 0
                    except UnicodeDecodeError:
                        n = 0
        if n > 1:
            out.append(raw[i:i + n].decode("utf-8"))
            i += n
            continue
        if n == 1 and 0x20 <= c != 0x7f and c != 0x5c:
            out.append(chr(c))
        elif c == 0x5c:
            out.append("\\\\")
        elif c == 0x0a:
            out.append("\\n")
        elif c == 0x09:
            out.append("\\t")
        else:
            out.append("\\x%02x" % c)
        i += 1
    return "".join(out)

pids = [int(x) for x in open(f"{tmp}/pids").read().split()]
want = {}
for p in pids:
    try:
        raw = open(f"/proc/{p}/comm", "rb").read()
    except OSError:
        check(False, f"hog {p} is running")
        continue
    want[p] = escape(raw[:-1] if raw.endswith(b"\n") else raw)
    print(f"pid {p}: kernel comm {raw[:-1]!r} -> expected {want[p]}")
check(len(set(want.values())) == len(want), "the expected escaped names are all different")

for name in ("table", "cols"):
    data = open(f"{tmp}/{name}", "rb").read()
    ctl = sorted({b for b in data if (b < 0x20 and b != 0x0a) or b == 0x7f})
    check(not ctl, f"{name}: no raw control byte in the output" +
          (f" (found {', '.join('0x%02x' % b for b in ctl)})" if ctl else ""))
    try:
        text = data.decode("utf-8")
        check(True, f"{name}: the output is valid UTF-8")
    except UnicodeDecodeError as e:
        check(False, f"{name}: the output is valid UTF-8 ({e})")
        text = data.decode("utf-8", "replace")
    lines = text.split("\n")
    for p, esc in want.items():
        rows = [l for l in lines if l.split(None, 1)[:1] == [str(p)]]
        check(len(rows) == 1, f"{name}: exactly one row for pid {p} (got {len(rows)})")
        if len(rows) != 1:
            continue
        # COMM is the last column of the default table and of -o PID,COMM
        got = rows[0].rstrip(" ")
        check(got.endswith(" " + esc), f"{name}: pid {p} row ends with the escaped name {esc}"
              + ("" if got.endswith(" " + esc) else f" (row: {got!r})"))
    # a raw newline in 'fake\n  1 root' would leave a line "  1 root"
    fake = [l for l in lines if l.strip() == "1 root"]
    check(not fake, f"{name}: no forged row")

raw = open(f"{tmp}/json", "rb").read()
try:
    doc = json.loads(raw)
    check(True, "JSON output parses (json.loads)")
except ValueError as e:
    check(False, f"JSON output parses ({e})")
    sys.exit(1)
ctl = sorted({b for b in raw if b < 0x20 and b != 0x0a})
check(not ctl, "JSON: no raw control byte (they must be escaped)")
rows = {}
for r in doc.get("processes", []):
    rows.setdefault(r.get("pid"), []).append(r)
for p, esc in want.items():
    got = rows.get(p, [])
    check(len(got) == 1, f"JSON: exactly one object for pid {p}")
    if len(got) == 1:
        c = got[0].get("comm")
        check(c == esc, f"JSON: pid {p} comm decodes to the escaped name {esc}"
              + ("" if c == esc else f" (got {c!r})"))
sys.exit(1 if fails else 0)
EOF
py=$?
check "hostile names (python checks above)" test "$py" -eq 0

# Part 2 (root and a memory controller only): a memory cgroup with a
# hostile name. Its path shows in the MEMCG column, as a DOMAIN and in
# JSON "memcg" / "domain", escaped by the same rule. No newline: the
# kernel prints cgroup paths raw in /proc/<pid>/cgroup, one per line.
has_memcg() {
	awk '$9 == "cgroup" && $NF ~ /(^|,)memory(,|$)/ { f = 1 } END { exit !f }' /proc/self/mountinfo && return 0
	local r
	r=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
	[[ -n $r ]] && grep -qw memory "$r/cgroup.controllers" 2>/dev/null
}
if ((EUID != 0)) || ! has_memcg; then
	echo "memcg part skipped: needs root and a memory cgroup controller"
	finish
fi
# Once something has been checked, a later skip (memcg_setup cannot
# create a cgroup) must not hide the results: finish instead of exit 77.
skip() {
	if ((passes + fails > 0)); then
		echo "SKIP (the rest): $*"
		finish
	fi
	echo "SKIP: $*"
	exit 77
}
memcg_setup "$(printf 'oomkit-test-%s-a b\tc\\d)\xff\x1b[1m' $$)" 64
trap 'cleanup; memcg_cleanup' EXIT
hog=$(memcg_spawn -m 1 -c cgmember)
pids+=("$hog")
"$OOMTOP" -b -n 1 -o PID,MEMCG --noheadings >"$tmp/cg-procs" 2>&1
"$OOMTOP" -b -n 1 --domains -o VICTIM,DOMAIN --noheadings >"$tmp/cg-domains" 2>&1
"$OOMTOP" -b -n 1 -J >"$tmp/cg-procs.json" 2>&1
"$OOMTOP" -b -n 1 --domains -J >"$tmp/cg-domains.json" 2>&1
python3 - "$tmp" "$hog" "$MEMCG_PATH" <<'EOF'
import json, os, sys
tmp, hog = sys.argv[1], int(sys.argv[2])
path = os.fsencode(sys.argv[3])
fails = 0
def check(ok, what):
    global fails
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        fails += 1
def escape(raw):  # the oomkit_escape() rule, for these (ASCII + 0xff) bytes
    out = []
    for c in raw:
        if c == 0x5c:
            out.append("\\\\")
        elif c == 0x09:
            out.append("\\t")
        elif c == 0x0a:
            out.append("\\n")
        elif c < 0x20 or c >= 0x7f:
            out.append("\\x%02x" % c)
        else:
            out.append(chr(c))
    return "".join(out)
esc = escape(path)
print(f"memcg {path!r} -> expected {esc}")
for name, label in (("cg-procs", "MEMCG column"), ("cg-domains", "DOMAIN column")):
    data = open(f"{tmp}/{name}", "rb").read()
    ctl = sorted({b for b in data if (b < 0x20 and b != 0x0a) or b >= 0x7f})
    check(not ctl, f"{label}: no raw control or non-ASCII byte")
    text = data.decode("utf-8", "replace")
    rows = [l.strip() for l in text.split("\n") if l.split(None, 1)[:1] == [str(hog)]]
    ok = len(rows) == 1 and rows[0] == f"{hog} {esc}"
    check(ok, f"{label}: one row '{hog} {esc}'" + ("" if ok else f" (got {rows!r})"))
try:
    procs = json.load(open(f"{tmp}/cg-procs.json"))["processes"]
    doms = json.load(open(f"{tmp}/cg-domains.json"))["domains"]
except (ValueError, KeyError) as e:
    check(False, f"JSON output parses ({e})")
    sys.exit(1)
mine = [r.get("memcg") for r in procs if r.get("pid") == hog]
check(mine == [esc], f"JSON: \"memcg\" of pid {hog} is the escaped path (got {mine!r})")
d = [x for x in doms if x.get("victim_pid") == hog]
ok = len(d) == 1 and d[0].get("domain") == esc
check(ok, f"JSON: the domain whose victim is {hog} is named by the escaped path"
      + ("" if ok else f" (got {[x.get('domain') for x in d]!r})"))
sys.exit(1 if fails else 0)
EOF
py=$?
check "hostile memcg name (python checks above)" test "$py" -eq 0
finish
