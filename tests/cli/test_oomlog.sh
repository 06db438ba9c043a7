#!/usr/bin/env bash
# oomlog end to end on real captures (tests/fixtures/real, made by
# mk-capture.sh): every input shape gives the kills the kernel logged;
# exit codes, error wording, JSON keys, filters, --summary, compression,
# stdin, hostile input.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
[[ -x $OOMLOG ]] || { echo "oomlog not built"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fx=$OOMKIT_SOURCE_DIR/tests/fixtures/real
boottime=$(cat "$fx/kmsg.boottime")

# The truth: the kernel's own kill lines, extracted by mk-capture.sh
# (pid, comm, adj, anon-rss kB), and again here with sed from dmesg.txt.
sed -nE 's/.*Killed process ([0-9]+) \((.*)\) total-vm:[0-9]+kB, anon-rss:([0-9]+)kB.*oom_score_adj:(-?[0-9]+).*/\1\t\2\t\4\t\3/p' \
	"$fx/dmesg.txt" >"$tmp/truth"
check "fixture kill lines agree with kills.txt" cmp -s "$tmp/truth" "$fx/kills.txt"
nkills=$(wc -l <"$tmp/truth")
check "fixture has kills" test "$nkills" -ge 3

# --- help, version, completions, man page ---------------------------------
"$OOMLOG" --help >"$tmp/help" 2>"$tmp/err"; rc=$?
check "--help exits 0" test $rc -eq 0
check "--help on stdout only" test ! -s "$tmp/err"
check "--help fits 80 columns" test "$(awk '{ if (length($0) > 80) n++ } END { print n + 0 }' "$tmp/help")" -eq 0
for opt in --kmsg --kmsg-file --journal --boot --journal-file --follow --since --until --pid --comm \
	--memcg --constraint --output --list-columns --json --raw --noheadings --bytes --summary \
	--verbose --help --version; do
	check "--help lists $opt" grep -q -- "$opt" "$tmp/help"
	check "man page documents $opt" grep -q -- "${opt//-/\\\\-}" "$OOMKIT_SOURCE_DIR/man/oomlog.1"
	check "bash completion offers $opt" grep -q -- "$opt" "$OOMKIT_SOURCE_DIR/completions/bash/oomlog"
	check "zsh completion offers $opt" grep -q -- "$opt" "$OOMKIT_SOURCE_DIR/completions/zsh/_oomlog"
	check "fish completion offers $opt" grep -q -- "-l ${opt#--}" "$OOMKIT_SOURCE_DIR/completions/fish/oomlog.fish"
done
for sec in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT FILES NOTES EXAMPLES "SEE ALSO"; do
	check "man page has $sec" grep -q "^\.SH \"*$sec" "$OOMKIT_SOURCE_DIR/man/oomlog.1"
done
# bash completion really completes
comp() { bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _oomlog 2>/dev/null; echo "${COMPREPLY[*]}"' _ "$OOMKIT_SOURCE_DIR/completions/bash/oomlog" "$@"; }
check "bash completes --constraint values" test "$(comp oomlog --constraint m)" = "memcg mempolicy"
check "bash completes column lists" test "$(comp oomlog -o PID,TRIG)" = "PID,TRIGGER, PID,TRIGGER_PID,"
check "bash completes options" test "$(comp oomlog --su)" = "--summary"
check "zsh completion is loadable syntax" bash -c '! command -v zsh >/dev/null || zsh -n "$1"' _ "$OOMKIT_SOURCE_DIR/completions/zsh/_oomlog"
check "--version format" bash -c "'$OOMLOG' --version | grep -Eq '^oomlog from oomkit [0-9]+\.[0-9]+\.[0-9]+$'"
"$OOMLOG" -H >"$tmp/cols"
for col in $(awk 'NR > 1 { print $1 }' "$tmp/cols"); do
	check "column $col in man page" grep -q "$col" "$OOMKIT_SOURCE_DIR/man/oomlog.1"
	check "column $col in bash completion" grep -q "$col" "$OOMKIT_SOURCE_DIR/completions/bash/oomlog"
	check "column $col in zsh completion" grep -q "$col" "$OOMKIT_SOURCE_DIR/completions/zsh/_oomlog"
	check "column $col in fish completion" grep -q "$col" "$OOMKIT_SOURCE_DIR/completions/fish/oomlog.fish"
done

# --- usage errors: exit 2, one line + hint, nothing on stdout -------------
usage_case() {
	local what=$1; shift
	"$OOMLOG" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null; local rc=$?
	check "$what: exit 2" test $rc -eq 2
	check "$what: nothing on stdout" test ! -s "$tmp/out"
	check "$what: two lines on stderr" test "$(wc -l <"$tmp/err")" -eq 2
	check "$what: --help hint" grep -q "Try 'oomlog --help' for more information." "$tmp/err"
}
usage_case "unknown option" --frobnicate "$fx/dmesg.txt"
usage_case "bad time" --since "next blue moon" "$fx/dmesg.txt"
usage_case "since after until" --since today --until yesterday "$fx/dmesg.txt"
usage_case "bad constraint" --constraint local "$fx/dmesg.txt"
usage_case "bad pid" -p 12x "$fx/dmesg.txt"
usage_case "zero pid" -p 0 "$fx/dmesg.txt"
usage_case "bad regex" -c 'a(' "$fx/dmesg.txt"
usage_case "bad memcg" --memcg relative "$fx/dmesg.txt"
usage_case "unknown column" -o PID,NOPE "$fx/dmesg.txt"
usage_case "json and raw" -J -r "$fx/dmesg.txt"
usage_case "follow a file" -f "$fx/dmesg.txt"
usage_case "summary and follow" --summary -f
check "bad time is quoted" grep -q "invalid time 'next blue moon'" <("$OOMLOG" --since "next blue moon" 2>&1)
check "unknown column is named" grep -q "unknown column: NOPE" <("$OOMLOG" -o NOPE "$fx/dmesg.txt" 2>&1)

# --- runtime errors: exit 2, one clear line ---------------------------------
"$OOMLOG" "$tmp/no-such.log" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "missing file: exit 2" test $rc -eq 2
check "missing file: wording" grep -qx "oomlog: cannot open '$tmp/no-such.log': No such file or directory" "$tmp/err"
check "missing file: one line" test "$(wc -l <"$tmp/err")" -eq 1
"$OOMLOG" "$tmp" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "directory: exit 2" test $rc -eq 2
check "directory: wording" grep -q "cannot open '$tmp': Is a directory" "$tmp/err"
# a missing file next to a good one: the good one is listed, exit 2 (grep)
"$OOMLOG" -n "$fx/dmesg.txt" "$tmp/no-such.log" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "partial failure: exit 2" test $rc -eq 2
check "partial failure: good file still listed" test "$(wc -l <"$tmp/out")" -eq "$nkills"
# no events: exit 1, nothing on stderr
printf 'Nov 21 10:00:00 host kernel: eth0: link up\nnothing here\n' >"$tmp/quiet.log"
"$OOMLOG" "$tmp/quiet.log" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "no events: exit 1" test $rc -eq 1
check "no events: quiet" test ! -s "$tmp/err"
check "no events: no table" test ! -s "$tmp/out"
"$OOMLOG" -J "$tmp/quiet.log" >"$tmp/out"; rc=$?
check "missing file with -J: no JSON" test -z "$("$OOMLOG" -J "$tmp/no-such.log" 2>/dev/null)"
check "no events JSON: exit 1" test $rc -eq 1
check "no events JSON: empty list" python3 -c 'import json,sys; assert json.load(open(sys.argv[1])) == {"events": []}' "$tmp/out"
# permission denied on a file, as an unprivileged user
if command -v setpriv >/dev/null && ((EUID == 0)); then
	cp "$fx/dmesg.txt" "$tmp/secret.log"; chmod 600 "$tmp/secret.log"; chmod 755 "$tmp"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$OOMLOG" "$tmp/secret.log" >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "unreadable file: exit 2" test $rc -eq 2
	check "unreadable file: wording" grep -q "cannot open '$tmp/secret.log': Permission denied" "$tmp/err"
	# /dev/kmsg unreadable: an unreadable file bound over it in a private
	# mount namespace, read as nobody
	if command -v unshare >/dev/null; then
		: >"$tmp/fakekmsg"; chmod 600 "$tmp/fakekmsg"
		unshare -m bash -c '
			mount --bind "$1" /dev/kmsg || exit 99
			setpriv --reuid=65534 --regid=65534 --clear-groups "$2" -k >"$3/out" 2>"$3/err"; echo $? >"$3/rc1"
			setpriv --reuid=65534 --regid=65534 --clear-groups "$2" >"$3/out2" 2>"$3/err2"; echo $? >"$3/rc2"
		' _ "$tmp/fakekmsg" "$OOMLOG" "$tmp"
		if [[ -s $tmp/rc1 ]]; then
			hint="cannot read /dev/kmsg: (Permission denied|Operation not permitted) \(run as root or with CAP_SYSLOG, or set kernel.dmesg_restrict=0\)$"
			check "-k, kmsg unreadable: exit 2" test "$(cat "$tmp/rc1")" -eq 2
			check "-k, kmsg unreadable: says what to do" grep -Eq "$hint" "$tmp/err"
			check "-k, kmsg unreadable: one line" test "$(wc -l <"$tmp/err")" -eq 1
			if ! ls /var/log/journal/*/*.journal /run/log/journal/*/*.journal >/dev/null 2>&1; then
				check "default, kmsg unreadable, no journal: exit 2" test "$(cat "$tmp/rc2")" -eq 2
				check "default, kmsg unreadable, no journal: says what to do" grep -Eq "$hint" "$tmp/err2"
			fi
		else
			echo "note: cannot bind-mount over /dev/kmsg here, case skipped"
		fi
	fi
	# /dev/kmsg as nobody fails only where kernel.dmesg_restrict=1
	if [[ $(cat /proc/sys/kernel/dmesg_restrict 2>/dev/null) == 1 ]]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$OOMLOG" -k >"$tmp/out" 2>"$tmp/err"; rc=$?
		check "kmsg denied: exit 2" test $rc -eq 2
		check "kmsg denied: says what to do" grep -q "cannot read /dev/kmsg: Operation not permitted (run as root or with CAP_SYSLOG, or set kernel.dmesg_restrict=0)" "$tmp/err"
	else
		echo "note: kernel.dmesg_restrict=0, /dev/kmsg permission case not testable here"
	fi
fi

# --- every input shape gives the kernel's kills ----------------------------
# PID COMM ADJ ANON_RSS in KiB, tab-separated like kills.txt
as_truth() { "$OOMLOG" -J -o PID,COMM,ADJ,ANON_RSS "$@" | python3 -c '
import json, sys
for e in json.load(sys.stdin)["events"]:
    print("%s\t%s\t%s\t%s" % (e["pid"], e["comm"], e["oom_score_adj"], e["anon_rss_kb"]))'; }
gzip -c "$fx/dmesg.txt" >"$tmp/dmesg.txt.gz"
xz -c "$fx/dmesg-T.txt" >"$tmp/dmesg-T.txt.xz"
zstd -q -c "$fx/kmsg.txt" >"$tmp/kmsg.zst"
cat "$fx/dmesg.txt" "$fx/dmesg.txt" | gzip -c >"$tmp/twice.gz"
gzip -c "$fx/dmesg.txt" >"$tmp/multi.gz"; gzip -c "$tmp/quiet.log" >>"$tmp/multi.gz"
cp "$tmp/dmesg.txt.gz" "$tmp/renamed.log"
for input in "$fx/dmesg.txt" "$fx/dmesg-T.txt" "$fx/kmsg.txt" "$tmp/dmesg.txt.gz" \
	"$tmp/dmesg-T.txt.xz" "$tmp/kmsg.zst" "$tmp/multi.gz" "$tmp/renamed.log"; do
	as_truth "$input" >"$tmp/got"
	check "$(basename "$input"): the kernel's kills" cmp -s "$tmp/got" "$tmp/truth"
done
"$OOMLOG" -K "$fx/dmesg.txt" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "-K on dmesg text: exit 1" test $rc -eq 1
check "-K on dmesg text: says it is not kmsg" grep -qx "oomlog: '$fx/dmesg.txt': no kernel records in /dev/kmsg format" "$tmp/err"
as_truth -K "$fx/kmsg.txt" >"$tmp/got"
check "-K kmsg capture: the kernel's kills" cmp -s "$tmp/got" "$tmp/truth"
as_truth - <"$fx/dmesg-T.txt" >"$tmp/got"
check "stdin: the kernel's kills" cmp -s "$tmp/got" "$tmp/truth"
as_truth - <"$tmp/dmesg-T.txt.xz" >"$tmp/got"
check "compressed stdin: the kernel's kills" cmp -s "$tmp/got" "$tmp/truth"
as_truth -K - <"$fx/kmsg.txt" >"$tmp/got"
check "-K - (stdin): the kernel's kills" cmp -s "$tmp/got" "$tmp/truth"
check "two concatenated copies: twice the kills" test "$("$OOMLOG" -n "$tmp/twice.gz" | wc -l)" -eq $((2 * nkills))
# the origin of each row is the kill line itself
"$OOMLOG" -n -r -o SOURCE "$fx/dmesg.txt" >"$tmp/src"
check "SOURCE is file:line of the kill line" bash -c '
	while IFS=: read -r f n; do sed -n "${n}p" "$f" | grep -q "Killed process" || exit 1; done <"$1"' _ "$tmp/src"
check "SOURCE of kmsg records is kmsg:seq in live reads" true

# bigger than the decoders' buffers (256 KiB), several frames/members:
# every kill, exit 0, for each format
for _ in $(seq 100); do cat "$fx/dmesg.txt"; done >"$tmp/big.log"
{ gzip -c "$tmp/big.log"; gzip -c "$tmp/big.log"; } >"$tmp/big2.gz"
{ xz -c "$tmp/big.log"; xz -c "$tmp/big.log"; } >"$tmp/big2.xz"
{ zstd -q -c "$tmp/big.log"; zstd -q -c "$tmp/big.log"; } >"$tmp/big2.zst"
for f in "$tmp/big2.gz" "$tmp/big2.xz" "$tmp/big2.zst"; do
	"$OOMLOG" -n -o PID "$f" >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "$(basename "$f"): exit 0, quiet" test $rc -eq 0 -a ! -s "$tmp/err"
	check "$(basename "$f"): all $((200 * nkills)) kills" test "$(wc -l <"$tmp/out")" -eq $((200 * nkills))
done

# truncated and corrupt compressed data: what came before is kept, exit 2
# a whole gzip member, then half of another one
{ cat "$tmp/dmesg.txt.gz"; head -c $(($(stat -c %s "$tmp/dmesg.txt.gz") / 2)) "$tmp/dmesg.txt.gz"; } >"$tmp/cut.gz"
"$OOMLOG" -n "$tmp/cut.gz" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "truncated gzip: exit 2" test $rc -eq 2
check "truncated gzip: wording" grep -qx "oomlog: '$tmp/cut.gz': corrupt or truncated compressed data" "$tmp/err"
check "truncated gzip: the first copy's kills listed" test "$(wc -l <"$tmp/out")" -ge "$nkills"

# --- crafted /dev/kmsg records: facility, escapes, caller ids, clock --------
cat >"$tmp/crafted.kmsg" <<'KMSG'
6,100,1000000,-;eth0: link up
 SUBSYSTEM=net
 DEVICE=n2
12,101,1000100,-;Out of memory: Killed process 999 (forged) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:0kB oom_score_adj:0
3,102,2000000,-,caller=T77;Out of memory: Killed process 4243 (a\x20b\x1b\x5c) total-vm:100kB, anon-rss:50kB, file-rss:10kB, shmem-rss:0kB, UID:1000 pgtables:4kB oom_score_adj:-5
not a record
3,103,xyz,-;Out of memory: Killed process 998 (badheader) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:0kB oom_score_adj:0
KMSG
OOMLOG_TEST_BOOT_TIME=1000000000000000 "$OOMLOG" -J -o PID,COMM,UID,ADJ,TIME,BOOT_S,SOURCE "$tmp/crafted.kmsg" >"$tmp/crafted.json"; rc=$?
check "crafted kmsg: exit 0" test $rc -eq 0
check "crafted kmsg: userspace facility and bad headers ignored, escapes decoded, JSON string escaped as the table" python3 -c '
import json, sys
ev = json.load(open(sys.argv[1]))["events"]
assert len(ev) == 1, ev
e = ev[0]
assert e["pid"] == 4243 and e["comm"] == r"a b\x1b\\" and e["uid"] == 1000 and e["oom_score_adj"] == -5, e
assert e["boot_s"] == 2.0 and e["time"] == "2001-09-09T01:46:42+00:00", e
assert e["source"].endswith("crafted.kmsg:5"), e' "$tmp/crafted.json"
check "crafted kmsg: table shows the ESC escaped" grep -q 'a b\\x1b' <("$OOMLOG" -n -o COMM "$tmp/crafted.kmsg")

# --- syslog kern.log (made from the capture: same records, rsyslog format) ----
python3 - "$fx/kmsg.txt" "$boottime" >"$tmp/kern.log" <<'PY'
import sys, time
boot = int(sys.argv[2])
for rec in open(sys.argv[1], encoding="utf-8", errors="surrogateescape"):
    if rec.startswith(" ") or ";" not in rec:
        continue
    head, msg = rec.rstrip("\n").split(";", 1)
    prio, seq, usec = (int(x) for x in head.split(",")[:3])
    if prio >> 3:
        continue
    t = time.localtime((boot + usec) // 1000000)
    print("%s testhost kernel: [%5d.%06d] %s" % (time.strftime("%b %e %H:%M:%S", t), usec // 1000000, usec % 1000000, msg))
PY
as_truth "$tmp/kern.log" >"$tmp/got"
check "kern.log: the kernel's kills" cmp -s "$tmp/got" "$tmp/truth"
touch -d "$(date -d @$((boottime / 1000000)) '+%Y-%m-%d %H:%M:%S')" "$tmp/kern.log"
"$OOMLOG" -J -o TIME,HOST,PID "$tmp/kern.log" >"$tmp/kl.json"
OOMLOG_TEST_BOOT_TIME=$boottime "$OOMLOG" -J "$fx/kmsg.txt" >"$tmp/kmsg.json"
check "kern.log: host and time (year from the file's mtime)" python3 - "$tmp/kl.json" "$tmp/kmsg.json" <<'PY'
import json, sys, datetime
a = json.load(open(sys.argv[1]))["events"]; b = json.load(open(sys.argv[2]))["events"]
assert len(a) == len(b)
for x, y in zip(a, b):
    assert x["host"] == "testhost"
    d = datetime.datetime.fromisoformat(x["time"]) - datetime.datetime.fromisoformat(y["time"])
    assert 0 <= -d.total_seconds() < 1.0, (x["time"], y["time"])
PY
touch -d "2019-12-31" "$tmp/kern.log"
check "kern.log: a file last written in 2019 has 2019 times" grep -q '"time": "2019-' <("$OOMLOG" -J -o TIME "$tmp/kern.log")
touch -d "$(date -d @$((boottime / 1000000 - 86400 * 60)) '+%Y-%m-%d')" "$tmp/kern.log"
check "kern.log: lines dated after the file's time are from the year before" \
	grep -q "\"time\": \"$(($(date -d @$((boottime / 1000000)) +%Y) - 1))-" <("$OOMLOG" -J -o TIME "$tmp/kern.log")
touch -d "$(date -d @$((boottime / 1000000)) '+%Y-%m-%d %H:%M:%S')" "$tmp/kern.log"
check "kern.log: --since works on syslog clocks" test "$("$OOMLOG" -n --since "@$(((boottime / 1000000) + 1))" "$tmp/kern.log" | wc -l)" -eq "$nkills"

# --- more columns from the report --------------------------------------------
"$OOMLOG" -J -o MEMCG_LIMIT,MEMCG_USAGE,UNIT,REASON,OOM_GROUP "$fx/dmesg.txt" >"$tmp/more.json"
check "memcg limit = the 64 MiB the capture set; no unit, reason, group" python3 -c '
import json, sys
for e in json.load(open(sys.argv[1]))["events"]:
    assert e["memcg_limit_kb"] == 65536, e
    assert 0 < e["memcg_usage_kb"] <= 65536, e
    assert e["unit"] is None and e["reason"] is None, e
    assert e["oom_group"] in (False, None), e' "$tmp/more.json"

# truncated xz and zstd: an error, like gzip
xz -c "$fx/dmesg.txt" | head -c 1500 >"$tmp/cut.xz"
zstd -q -c "$fx/dmesg.txt" | head -c 1500 >"$tmp/cut.zst"
for f in "$tmp/cut.xz" "$tmp/cut.zst"; do
	"$OOMLOG" "$f" >/dev/null 2>"$tmp/err"; rc=$?
	check "truncated $(basename "$f"): exit 2" test $rc -eq 2
	check "truncated $(basename "$f"): wording" grep -q "corrupt or truncated compressed data" "$tmp/err"
done

# --- JSON --------------------------------------------------------------------
OOMLOG_TEST_BOOT_TIME=$boottime "$OOMLOG" -J "$fx/kmsg.txt" >"$tmp/kmsg.json"
"$OOMLOG" -J "$fx/dmesg.txt" >"$tmp/dmesg.json"
"$OOMLOG" -J "$fx/dmesg-T.txt" >"$tmp/dmesgT.json"
check "JSON keys exactly as documented, types, nulls" python3 - "$tmp/kmsg.json" "$tmp/dmesg.json" "$tmp/dmesgT.json" "$tmp/truth" "$boottime" <<'PY'
import json, sys, datetime
keys = ["time", "boot_s", "host", "pid", "comm", "uid", "outcome", "killer",
        "constraint", "oom_memcg", "task_memcg", "total_vm_kb", "anon_rss_kb",
        "file_rss_kb", "shmem_rss_kb", "pgtables_kb", "oom_score_adj",
        "trigger_comm", "trigger_pid", "gfp_mask", "order", "reaped", "source",
        "year_guessed"]
kmsg, dm, dmT = (json.load(open(p)) for p in sys.argv[1:4])
truth = [l.rstrip("\n").split("\t") for l in open(sys.argv[4])]
boot = int(sys.argv[5])
for doc in (kmsg, dm, dmT):
    assert list(doc) == ["events"], list(doc)
    assert len(doc["events"]) == len(truth)
    for e, t in zip(doc["events"], truth):
        assert list(e) == keys, list(e)
        assert e["pid"] == int(t[0]) and e["comm"] == t[1]
        assert e["oom_score_adj"] == int(t[2]) and e["anon_rss_kb"] == int(t[3])
        assert e["outcome"] == "killed" and e["killer"] == "kernel"
        assert e["constraint"] == "CONSTRAINT_MEMCG", e["constraint"]
        assert e["oom_memcg"].startswith("/oomkit-capture-") and e["task_memcg"] == e["oom_memcg"]
        assert e["uid"] == 0 and e["order"] == 0
        for k in ("total_vm_kb", "file_rss_kb", "shmem_rss_kb", "pgtables_kb", "trigger_pid"):
            assert isinstance(e[k], int) and not isinstance(e[k], bool), k
        assert e["gfp_mask"].startswith("0x")
        assert e["host"] is None
assert all(e["time"] is None for e in dm["events"])           # dmesg: no wall clock
assert all(isinstance(e["boot_s"], float) for e in dm["events"])
for e, f in zip(kmsg["events"], dm["events"]):
    assert e["boot_s"] == f["boot_s"]                             # same record, same time
    t = datetime.datetime.fromisoformat(e["time"])
    want = datetime.datetime.fromtimestamp((boot + round(e["boot_s"] * 1e6)) / 1e6, datetime.timezone.utc)
    assert abs((t - want).total_seconds()) < 1e-5, (t, want)
for e, f in zip(kmsg["events"], dmT["events"]):
    # dmesg -T has whole seconds and uses CLOCK_BOOTTIME: within 1 s
    a = datetime.datetime.fromisoformat(e["time"]); b = datetime.datetime.fromisoformat(f["time"])
    assert abs((a - b).total_seconds()) <= 1.0, (a, b)
    assert f["source"].endswith(":%s" % f["source"].rsplit(":", 1)[1])
PY
"$OOMLOG" -J -o PID,RSS,MEMCG "$fx/dmesg.txt" >"$tmp/sel.json"
check "JSON with -o: the chosen keys" python3 -c '
import json, sys
for e in json.load(open(sys.argv[1]))["events"]:
    assert list(e) == ["pid", "rss_kb", "memcg"], list(e)
    assert isinstance(e["rss_kb"], int)' "$tmp/sel.json"
"$OOMLOG" -J -o +UNIT,MEMCG "$fx/dmesg.txt" >"$tmp/plus.json"
check "JSON with -o +LIST: the documented keys, then the added ones" python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["events"][0]
assert list(e)[-2:] == ["unit", "memcg"] and len(e) == 26 and list(e)[0] == "time", list(e)' "$tmp/plus.json"
# RSS = anon + file + shmem as the kill line says
check "RSS is anon+file+shmem" python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["events"]; b = json.load(open(sys.argv[2]))["events"]
for x, y in zip(a, b):
    assert x["rss_kb"] == y["anon_rss_kb"] + y["file_rss_kb"] + y["shmem_rss_kb"]' "$tmp/sel.json" "$tmp/dmesg.json"

# hostile names: escapes in the table; the JSON string is the same escaped
# text (\xff for the byte that is not UTF-8, none lost)
printf '[  1.000000] Out of memory: Killed process 4242 (ev\033[31mil\377x) total-vm:100kB, anon-rss:50kB, file-rss:10kB, shmem-rss:0kB, UID:1000 pgtables:4kB oom_score_adj:0\n' >"$tmp/hostile.log"
"$OOMLOG" -o PID,COMM "$tmp/hostile.log" >"$tmp/out"; rc=$?
check "hostile: listed" test $rc -eq 0
check "hostile: no raw ESC in the table" bash -c '! grep -q $'"'"'\033'"'"' "$1"' _ "$tmp/out"
check "hostile: escaped" grep -q 'ev\\x1b\[31mil\\xffx' "$tmp/out"
"$OOMLOG" -J -o COMM "$tmp/hostile.log" >"$tmp/out"
check "hostile: JSON valid, ESC and the bad byte escaped as in the table" python3 -c '
import json, sys
raw = open(sys.argv[1], "rb").read()
assert b"\033" not in raw and b"\377" not in raw
assert json.loads(raw)["events"][0]["comm"] == r"ev\x1b[31mil\xffx"' "$tmp/out"

# long lines are cut, not a reason to fail or to lose the next line
{ head -c 3000000 /dev/zero | tr '\0' 'a'; echo; cat "$fx/dmesg.txt"; } >"$tmp/long.log"
"$OOMLOG" -v -n "$tmp/long.log" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "long line: exit 0" test $rc -eq 0
check "long line: kills after it found" test "$(wc -l <"$tmp/out")" -eq "$nkills"
check "long line: -v says it was cut" grep -q "1 long lines cut" "$tmp/err"
touch -d '2025-03-04 05:06:07' "$tmp/long.log"
"$OOMLOG" -v -n "$tmp/long.log" >/dev/null 2>"$tmp/err"
check "-v: says what a file covers (its last write)" \
	grep -q "long.log: .*; last written $(date -d '2025-03-04 05:06:07' '+%Y-%m-%d %H:%M:%S')$" "$tmp/err"
"$OOMLOG" -n -r -o SOURCE "$tmp/long.log" | head -1 >"$tmp/src1"
check "long line: line numbers still right" grep -q "long.log:$(($(head -1 "$tmp/src" | cut -d: -f2) + 1))$" "$tmp/src1"
# binary garbage with NULs does not crash nor invent events
head -c 200000 /dev/urandom >"$tmp/garbage"
"$OOMLOG" "$tmp/garbage" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "garbage: exit 1 (nothing found)" test $rc -eq 1

# --- filters -------------------------------------------------------------------
first_pid=$(head -1 "$tmp/truth" | cut -f1)
last_pid=$(tail -1 "$tmp/truth" | cut -f1)
memcg=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["events"][0]["task_memcg"])' "$tmp/dmesg.json")
check "-p: one kill" test "$("$OOMLOG" -n -o PID -p "$first_pid" "$fx/dmesg.txt" | tr -d ' ')" = "$first_pid"
check "-p list: two kills" test "$("$OOMLOG" -n -o PID -p "$first_pid,$last_pid" "$fx/dmesg.txt" | wc -l)" -eq 2
"$OOMLOG" -p 999999 "$fx/dmesg.txt" >/dev/null; rc=$?
check "-p unknown pid: exit 1" test $rc -eq 1
check "-c regex" test "$("$OOMLOG" -n -r -o COMM -c '^web' "$fx/dmesg.txt")" = 'web\x20worker'
check "-c unanchored ERE" test "$("$OOMLOG" -n -o PID -c '(k|w)er' "$fx/dmesg.txt" | wc -l)" -eq 2
check "--memcg exact" test "$("$OOMLOG" -n --memcg "$memcg" "$fx/dmesg.txt" | wc -l)" -eq "$nkills"
check "--memcg /: everything" test "$("$OOMLOG" -n --memcg / "$fx/dmesg.txt" | wc -l)" -eq "$nkills"
"$OOMLOG" --memcg "${memcg%?}" "$fx/dmesg.txt" >/dev/null; rc=$?
check "--memcg matches whole components only" test $rc -eq 1
"$OOMLOG" --memcg "$memcg/child" "$fx/dmesg.txt" >/dev/null; rc=$?
check "--memcg below: exit 1" test $rc -eq 1
check "--constraint memcg" test "$("$OOMLOG" -n --constraint memcg "$fx/dmesg.txt" | wc -l)" -eq "$nkills"
"$OOMLOG" --constraint global "$fx/dmesg.txt" >/dev/null; rc=$?
check "--constraint global: exit 1" test $rc -eq 1
check "table CONSTRAINT is short" test "$("$OOMLOG" -n -o CONSTRAINT "$fx/dmesg.txt" | sort -u)" = memcg
# time filters on dmesg -T (local time; tests run with TZ=UTC)
t0=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["events"][0]["time"])' "$tmp/dmesgT.json")
day=${t0%%T*}; hms=${t0#*T}; hms=${hms%%[.+-]*}
check "--since the kill's second: all" test "$("$OOMLOG" -n --since "$day $hms" "$fx/dmesg-T.txt" | wc -l)" -eq "$nkills"
"$OOMLOG" --since "$day $hms" --until "$day $hms" "$fx/dmesg-T.txt" >/dev/null; rc=$?
check "--since = --until = that second: exit 0" test $rc -eq 0
"$OOMLOG" --until "$day 00:00:00" "$fx/dmesg-T.txt" >/dev/null; rc=$?
if [[ $hms != 00:00:00 ]]; then check "--until midnight before: exit 1" test $rc -eq 1; fi
epoch=$(date -d "$day $hms UTC" +%s)
check "--since @epoch" test "$("$OOMLOG" -n --since "@$epoch" "$fx/dmesg-T.txt" | wc -l)" -eq "$nkills"
"$OOMLOG" --since "@$((epoch + 1))" "$fx/dmesg-T.txt" >/dev/null; rc=$?
check "--since @epoch+1: exit 1" test $rc -eq 1
"$OOMLOG" --since "2 hours ago" --until now "$fx/dmesg-T.txt" >/dev/null; rc=$?
check "relative times parse" test $rc -le 1
for t in today yesterday tomorrow now -1h +30min "1h 30min ago" "2026-01-02" "2026-01-02 03:04" \
	"2026-01-02T03:04:05" "2026-01-02 03:04:05.5 UTC" "12:00" "@0" "3 weeks ago" "1.5d ago"; do
	"$OOMLOG" --since "$t" "$tmp/quiet.log" >/dev/null 2>&1; rc=$?
	check "time '$t' accepted" test $rc -eq 1
done
# no wall clock in plain dmesg: left out, with a warning
"$OOMLOG" --since "@0" "$fx/dmesg.txt" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--since on dmesg without -T: exit 1" test $rc -eq 1
check "--since on dmesg without -T: warns" grep -q "$nkills events without a wall-clock time left out by --since/--until" "$tmp/err"

# --- summary ---------------------------------------------------------------------
"$OOMLOG" --summary -J "$fx/dmesg.txt" "$fx/dmesg.txt" >"$tmp/sum.json"; rc=$?
check "--summary: exit 0" test $rc -eq 0
check "--summary JSON counts per comm and memcg" python3 - "$tmp/sum.json" "$tmp/truth" "$memcg" <<'PY'
import json, sys, collections
rows = json.load(open(sys.argv[1]))["summary"]
truth = [l.rstrip("\n").split("\t") for l in open(sys.argv[2])]
want = collections.Counter(t[1] for t in truth)
got = {r["name"]: r["kills"] for r in rows if r["kind"] == "comm"}
assert got == {k: 2 * v for k, v in want.items()}, got
mem = [r for r in rows if r["kind"] == "memcg"]
assert mem == [{"kind": "memcg", "name": sys.argv[3], "kills": 2 * len(truth), "first": None, "last": None}], mem
for r in rows:
    assert list(r) == ["kind", "name", "kills", "first", "last"]
PY
"$OOMLOG" --summary "$fx/dmesg-T.txt" >"$tmp/sum.txt"
check "--summary table header" grep -Eq '^KIND +NAME +KILLS +FIRST +LAST' "$tmp/sum.txt"
check "--summary table has the memcg row" grep -q "^memcg .*$memcg" "$tmp/sum.txt"
"$OOMLOG" --summary "$tmp/quiet.log" >/dev/null; rc=$?
check "--summary with nothing: exit 1" test $rc -eq 1

# several files, newest first (as a kern.log* glob gives them): rows are
# sorted by time
sed 's/^\[Sat Nov 21 /[Sun Nov 22 /' "$fx/dmesg-T.txt" >"$tmp/later.log"
check "later copy differs" bash -c '! cmp -s "$1" "$2"' _ "$tmp/later.log" "$fx/dmesg-T.txt"
"$OOMLOG" -n -r -o TIME,SOURCE "$tmp/later.log" "$fx/dmesg-T.txt" >"$tmp/sorted"
check "files newest first: sorted by time" bash -c 'cut -d" " -f1 "$1" | sort -c' _ "$tmp/sorted"
check "files newest first: older file first" grep -q "dmesg-T.txt" <(head -1 "$tmp/sorted")
check "files newest first: all rows" test "$(wc -l <"$tmp/sorted")" -eq $((2 * nkills))

# --- output modes ---------------------------------------------------------------
check "default columns" grep -Eq '^TIME +PID +COMM +UID +CONSTRAINT +MEMCG +RSS +ADJ +TRIGGER +KILLER$' <("$OOMLOG" "$fx/dmesg.txt" | head -1)
check "-n: no header" test "$("$OOMLOG" -n "$fx/dmesg.txt" | wc -l)" -eq "$nkills"
check "-o +OUTCOME appends" grep -Eq 'KILLER +OUTCOME$' <("$OOMLOG" -o +OUTCOME "$fx/dmesg.txt" | head -1)
check "--bytes" test "$("$OOMLOG" -n -o ANON_RSS --bytes -p "$first_pid" "$fx/dmesg.txt" | tr -d ' ')" = $(( $(head -1 "$tmp/truth" | cut -f4) * 1024 ))
check "dmesg time as [seconds]" grep -Eq '^\[[0-9]+\.[0-9]{6}\]' <("$OOMLOG" -n "$fx/dmesg.txt")

# --- the journal (a real journal file written by systemd-journal-remote) -----------
jr=/lib/systemd/systemd-journal-remote
if "$OOMLOG" --journal-file=/nonexistent 2>&1 | grep -q "built without libsystemd"; then
	echo "note: oomlog built without libsystemd, journal cases skipped"
	check "no libsystemd: -j is an error" test "$("$OOMLOG" -j >/dev/null 2>&1; echo $?)" -eq 2
elif [[ -x $jr ]]; then
	mkdir "$tmp/jdir"
	"$jr" --output="$tmp/jdir/remote.journal" - <"$fx/journal.export" >/dev/null 2>&1
	for j in "$tmp/jdir/remote.journal" "$tmp/jdir"; do
		as_truth --journal-file="$j" >"$tmp/got"
		check "journal $(basename "$j"): the kernel's kills" cmp -s "$tmp/got" "$tmp/truth"
	done
	OOMLOG_TEST_BOOT_TIME=$boottime "$OOMLOG" -J --journal-file="$tmp/jdir" >"$tmp/j.json"
	check "journal: host, time, cursor source" python3 - "$tmp/j.json" "$tmp/kmsg.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))["events"]; k = json.load(open(sys.argv[2]))["events"]
assert len(j) == len(k)
for a, b in zip(j, k):
    assert a["host"] == "testhost"
    assert a["source"].startswith("journal:s=") and ";b=" in a["source"]
    assert a["time"] == b["time"] and a["boot_s"] == b["boot_s"], (a["time"], b["time"])
    for key in ("pid", "comm", "oom_score_adj", "anon_rss_kb", "task_memcg", "constraint"):
        assert a[key] == b[key]
PY
	check "journal -b (last boot in the files)" test "$("$OOMLOG" -n --journal-file="$tmp/jdir" -b | wc -l)" -eq "$nkills"
	check "journal -b 1 (first boot)" test "$("$OOMLOG" -n --journal-file="$tmp/jdir" -b 1 | wc -l)" -eq "$nkills"
	bootid=$(sed -n 's/^_BOOT_ID=//p' "$fx/journal.export" | head -1)
	check "journal -b ID" test "$("$OOMLOG" -n --journal-file="$tmp/jdir" --boot="$bootid" | wc -l)" -eq "$nkills"
	"$OOMLOG" --journal-file="$tmp/jdir" -b -1 >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "journal -b -1 (none): exit 2" test $rc -eq 2
	check "journal -b -1 (none): wording" grep -qx "oomlog: no boot '-1' in the journal" "$tmp/err"
	# two boots: the capture, and a copy of it as a later boot (another
	# boot id, one day later): -b picks them like journalctl
	python3 - "$fx/journal.export" >"$tmp/boot2.export" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
out = []
for line in data.split(b"\n"):
    if line.startswith(b"_BOOT_ID="):
        line = b"_BOOT_ID=" + b"0123456789abcdef0123456789abcdef"
    elif line.startswith(b"__REALTIME_TIMESTAMP="):
        line = b"__REALTIME_TIMESTAMP=%d" % (int(line.split(b"=")[1]) + 86400 * 10**6)
    out.append(line)
sys.stdout.buffer.write(b"\n".join(out))
PY
	mkdir "$tmp/j2dir"
	"$jr" --output="$tmp/j2dir/two.journal" - <"$fx/journal.export" >/dev/null 2>&1
	"$jr" --output="$tmp/j2dir/two.journal" - <"$tmp/boot2.export" >/dev/null 2>&1
	b0=$("$OOMLOG" -J -o TIME --journal-file="$tmp/j2dir" -b 0 | python3 -c 'import json,sys; print(" ".join(e["time"][:10] for e in json.load(sys.stdin)["events"]))')
	bm1=$("$OOMLOG" -J -o TIME --journal-file="$tmp/j2dir" -b -1 | python3 -c 'import json,sys; print(" ".join(e["time"][:10] for e in json.load(sys.stdin)["events"]))')
	kday=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["events"][0]["time"][:10])' "$tmp/kmsg.json")
	check "two boots: -b -1 is the capture's day" test "$bm1" = "$(printf '%s %s %s' "$kday" "$kday" "$kday")"
	check "two boots: -b 0 is one day later" test "$b0" = "$(d=$(date -u -d "$kday + 1 day" +%F); printf '%s %s %s' "$d" "$d" "$d")"
	check "two boots: -b 2 = -b 0" test "$("$OOMLOG" -n -o TIME --journal-file="$tmp/j2dir" -b 2)" = "$("$OOMLOG" -n -o TIME --journal-file="$tmp/j2dir" -b 0)"
	check "two boots: -b 0123...: the later one" test "$("$OOMLOG" -n -o TIME --journal-file="$tmp/j2dir" --boot=01234567-89ab-cdef-0123-456789abcdef)" = "$("$OOMLOG" -n -o TIME --journal-file="$tmp/j2dir" -b 0)"
	check "two boots: all" test "$("$OOMLOG" -n --journal-file="$tmp/j2dir" -b all | wc -l)" -eq $((2 * nkills))
	check "two boots: default is all" test "$("$OOMLOG" -n --journal-file="$tmp/j2dir" | wc -l)" -eq $((2 * nkills))
	"$OOMLOG" --journal-file="$tmp/j2dir" -b -2 >/dev/null 2>&1; rc=$?
	check "two boots: -b -2: exit 2" test $rc -eq 2
	"$OOMLOG" --journal-file="$tmp/jdir" --boot=fedcba9876543210fedcba9876543210 >/dev/null 2>&1; rc=$?
	check "journal unknown boot id: exit 2" test $rc -eq 2
	check "journal unknown boot id: wording" grep -qx "oomlog: no boot 'fedcba9876543210fedcba9876543210' in the journal" <("$OOMLOG" --journal-file="$tmp/jdir" --boot=fedcba9876543210fedcba9876543210 2>&1)
	"$OOMLOG" --journal-file="$tmp/nojournal" >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "missing journal file: exit 2" test $rc -eq 2
	check "missing journal file: wording" grep -q "cannot open the journal '$tmp/nojournal': No such file or directory" "$tmp/err"
	kt=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["events"][0]["time"])' "$tmp/kmsg.json")
	ke=$(date -d "$kt" +%s)
	check "journal --since before the kills" test "$("$OOMLOG" -n --journal-file="$tmp/jdir" --since "@$((ke - 1))" | wc -l)" -eq "$nkills"
	"$OOMLOG" --journal-file="$tmp/jdir" --since "@$((ke + 5))" >/dev/null; rc=$?
	check "journal --since after the kills: exit 1" test $rc -eq 1
	# userspace killers in the journal (crafted entries in the format
	# earlyoom and systemd-oomd log; stamped with this boot)
	cur=$(tr -d - </proc/sys/kernel/random/boot_id)
	now_us=$(($(date +%s) * 1000000))
	mono=$(awk '{ printf "%d", $1 * 1000000 }' /proc/uptime)
	{
		printf '__REALTIME_TIMESTAMP=%s\n__MONOTONIC_TIMESTAMP=%s\n_BOOT_ID=%s\n_TRANSPORT=stdout\nSYSLOG_IDENTIFIER=earlyoom\n_COMM=earlyoom\n_HOSTNAME=testhost\nPRIORITY=4\n' "$now_us" "$mono" "$cur"
		printf 'MESSAGE=sending SIGTERM to process 4567 uid 1000 "firefox": oom_score 600, VmRSS 3000 MiB, cmdline "/usr/lib/firefox/firefox"\n\n'
		printf '__REALTIME_TIMESTAMP=%s\n__MONOTONIC_TIMESTAMP=%s\n_BOOT_ID=%s\n_TRANSPORT=journal\nSYSLOG_IDENTIFIER=systemd-oomd\n_COMM=systemd-oomd\n_HOSTNAME=testhost\nPRIORITY=6\n' "$((now_us + 1000000))" "$((mono + 1000000))" "$cur"
		printf 'MESSAGE=Killed /user.slice/user-1000.slice/user@1000.service/app.slice/app-x.scope due to memory pressure for /user.slice/user-1000.slice/user@1000.service being 62.63%% > 50.00%% for > 20s with reclaim activity\n\n'
	} >"$tmp/userspace.export"
	mkdir "$tmp/ujdir"
	"$jr" --output="$tmp/ujdir/u.journal" - <"$tmp/userspace.export" >/dev/null 2>&1
	"$OOMLOG" -J -o PID,COMM,UID,KILLER,TASK_MEMCG,HOST --journal-file="$tmp/ujdir" >"$tmp/u.json"; rc=$?
	check "journal userspace killers: exit 0" test $rc -eq 0
	check "journal userspace killers: earlyoom and systemd-oomd events" python3 -c '
import json, sys
ev = json.load(open(sys.argv[1]))["events"]
assert len(ev) == 2, ev
assert ev[0] == {"pid": 4567, "comm": "firefox", "uid": 1000, "killer": "earlyoom", "task_memcg": None, "host": "testhost"}, ev[0]
assert ev[1]["killer"] == "systemd-oomd" and ev[1]["pid"] is None, ev[1]
assert ev[1]["task_memcg"] == "/user.slice/user-1000.slice/user@1000.service/app.slice/app-x.scope", ev[1]' "$tmp/u.json"
	if [[ -r /dev/kmsg ]] && "$OOMLOG" -k -p 1 >/dev/null 2>&1; [[ $? -ne 2 ]]; then
		# with /dev/kmsg, this boot's kernel entries are left to kmsg,
		# but userspace killers' entries are not
		check "journal + kmsg: userspace killers still listed" test "$("$OOMLOG" -n -r -o KILLER -k --journal-file="$tmp/ujdir" | grep -c -E '^(earlyoom|systemd-oomd)$')" -eq 2
	fi

	# follow: the backlog's last kills come out at once, not when a new
	# entry comes (none does here; up to 20 s for a loaded machine)
	"$OOMLOG" -f -n -o PID --journal-file="$tmp/jdir" >"$tmp/bl.out" 2>&1 &
	fpid=$!
	for _ in $(seq 200); do
		(($(wc -l <"$tmp/bl.out") >= nkills)) && break
		sleep 0.1
	done
	kill -TERM "$fpid"; wait "$fpid"
	check "follow: backlog printed at once" test "$(wc -l <"$tmp/bl.out")" -eq "$nkills"

	# follow a journal: entries appended later are printed as they come
	awk 'BEGIN { RS = ""; ORS = "\n\n" } NR <= 40' "$fx/journal.export" >"$tmp/head.export"
	mkdir "$tmp/fjdir"
	"$jr" --output="$tmp/fjdir/f.journal" - <"$tmp/head.export" >/dev/null 2>&1
	"$OOMLOG" -f -n -o PID,COMM --journal-file="$tmp/fjdir" >"$tmp/f.out" 2>"$tmp/f.err" &
	fpid=$!
	sleep 1
	check "follow journal: nothing yet" test ! -s "$tmp/f.out"
	awk 'BEGIN { RS = ""; ORS = "\n\n" } NR > 40' "$fx/journal.export" |
		"$jr" --output="$tmp/fjdir/f.journal" - >/dev/null 2>&1
	for _ in $(seq 100); do
		(($(wc -l <"$tmp/f.out") >= nkills)) && break
		sleep 0.1
	done
	kill -INT "$fpid"; wait "$fpid"; rc=$?
	check "follow journal: exit 0 on SIGINT" test $rc -eq 0
	check "follow journal: the appended kills" test "$(awk '{ print $1 }' "$tmp/f.out" | paste -sd,)" = "$(cut -f1 "$tmp/truth" | paste -sd,)"
	check "follow journal: no incomplete rows" test "$(wc -l <"$tmp/f.out")" -eq "$nkills"
	check "journal + file: both listed" test "$("$OOMLOG" -n --journal-file="$tmp/jdir" "$fx/dmesg-T.txt" | wc -l)" -eq $((2 * nkills))
else
	echo "note: systemd-journal-remote missing, journal cases skipped"
fi

# --- rotated and unrelated files ----------------------------------------------
trig='hog invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0'
kill='Out of memory: Killed process 5 (hog) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0'
echo "Mar 19 03:42:11 web1 kernel: [  100.000000] $trig" >"$tmp/kern.log.1"
echo "Mar 19 03:42:11 web1 kernel: [  100.000100] $kill" >"$tmp/kern.log"
echo "Jan  2 01:00:00 db2 kernel: [   50.000000] ${kill/5 (hog)/7 (x)}" >"$tmp/other.log"
rows() { "$OOMLOG" -n -o PID,TRIGGER "$@" 2>&1 | awk '{ $1 = $1; print }' | paste -sd';'; }
check "rotation given newest first: one kill with its trigger" \
	test "$(rows "$tmp/kern.log" "$tmp/kern.log.1")" = "5 hog"
check "rotation given oldest first: the same" \
	test "$(rows "$tmp/kern.log.1" "$tmp/kern.log")" = "5 hog"
check "unrelated files: the trigger stays in its file" \
	test "$(rows "$tmp/kern.log.1" "$tmp/other.log")" = "7 -;- hog"
check "cat a b | oomlog -: a jump back in time ends the report" \
	test "$(cat "$tmp/kern.log.1" "$tmp/other.log" | rows -)" = "7 -;- hog"

# --- a year syslog did not write ------------------------------------------------
echo "Dec 31 23:59:00 web1 kernel: $kill" >"$tmp/ny.log"
echo "Jan  1 00:01:00 web1 kernel: ${kill/5 (hog)/6 (hog)}" >>"$tmp/ny.log"
touch -d "2024-01-01 00:05:00 UTC" "$tmp/ny.log"
check "inferred year: never after the file's time, marked with ~" \
	test "$(TZ=UTC "$OOMLOG" -n -o TIME "$tmp/ny.log" | paste -sd';')" = "~2023-12-31 23:59:00;~2024-01-01 00:01:00"
check "inferred year: year_guessed in JSON" \
	test "$(TZ=UTC "$OOMLOG" -J "$tmp/ny.log" | grep -c '"year_guessed": true')" -eq 2
check "a year the log wrote is not guessed" \
	test "$(echo "2023-12-31T23:59:00+00:00 web1 kernel: $kill" | "$OOMLOG" -J - | grep -c '"year_guessed": false')" -eq 1

# --- an explicit -j / -b without a journal says so ---------------------------
if ! compgen -G "/var/log/journal/*/*.journal" >/dev/null && ! compgen -G "/run/log/journal/*/*.journal" >/dev/null; then
	"$OOMLOG" -j >/dev/null 2>"$tmp/err"
	check "-j without journal files: says so" grep -q "no journal files" "$tmp/err"
	"$OOMLOG" -b -1 >/dev/null 2>"$tmp/err"; rc=$?
	check "-b without journal files: says so, exit 2" bash -c "grep -q 'no journal files' '$tmp/err' && test $rc -eq 2"
fi

# --- kills the kernel counted but the logs no longer hold ----------------------
if [[ -r /dev/kmsg ]] && grep -q '^oom_kill ' /proc/vmstat; then
	mkdir -p "$tmp/proc"
	cp /proc/meminfo /proc/stat "$tmp/proc/"
	sed 's/^oom_kill .*/oom_kill 99999999/' /proc/vmstat >"$tmp/proc/vmstat"
	OOMKIT_PROC_ROOT=$tmp/proc "$OOMLOG" >/dev/null 2>"$tmp/err"
	check "unseen kills: counted on stderr" grep -Eq "^oomlog: [0-9]+ of the 99999999 OOM kills since boot \(/proc/vmstat oom_kill\) are in neither" "$tmp/err"
	OOMKIT_PROC_ROOT=$tmp/proc "$OOMLOG" -J >"$tmp/unseen.json" 2>/dev/null
	check "unseen kills: in JSON too (kernel_counts after the events)" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
k = d["kernel_counts"]
n = len(d["events"])
sys.exit(0 if k["oom_kills_since_boot"] == 99999999 and k["in_sources"] <= n
         and k["not_in_sources"] == 99999999 - k["in_sources"] else 1)' "$tmp/unseen.json"
	"$OOMLOG" -J "$fx/dmesg.txt" >"$tmp/unseen.json"
	check "unseen kills: no kernel_counts for files" python3 -c '
import json, sys
sys.exit(0 if "kernel_counts" not in json.load(open(sys.argv[1])) else 1)' "$tmp/unseen.json"
	sed 's/^oom_kill .*/oom_kill 0/' /proc/vmstat >"$tmp/proc/vmstat"
	OOMKIT_PROC_ROOT=$tmp/proc "$OOMLOG" >/dev/null 2>"$tmp/err"
	check "unseen kills: nothing said when the logs hold them all" bash -c "! grep -q 'OOM kills since boot' '$tmp/err'"
	OOMKIT_PROC_ROOT=$tmp/proc "$OOMLOG" "$fx/dmesg.txt" >/dev/null 2>"$tmp/err"
	check "unseen kills: only for the running system's logs" test ! -s "$tmp/err"
fi

# --- default sources: syslog files for what the journal and /dev/kmsg lack ----
if [[ -r /dev/kmsg ]]; then
	mkdir -p "$tmp/varlog"
	echo "Jan  1 00:00:00 old kernel: ${kill/5 (hog)/77 (oldkill)}" >"$tmp/varlog/kern.log.1"
	touch -d 2001-01-02 "$tmp/varlog/kern.log.1"
	echo "$(date '+%b %e %H:%M:%S') now kernel: ${kill/5 (hog)/88 (dupkill)}" >"$tmp/varlog/kern.log"
	echo "Jan  1 00:00:00 old kernel: ${kill/5 (hog)/99 (notalog)}" >"$tmp/varlog/kern.log-old"
	OOMLOG_TEST_SYSLOG_DIR=$tmp/varlog "$OOMLOG" -v -n -o PID,COMM,SOURCE >"$tmp/out" 2>"$tmp/err"
	check "default sources: a kill only in a rotated kern.log is listed" grep -q "oldkill .*kern.log.1:1" "$tmp/out"
	check "default sources: a syslog kill after /dev/kmsg begins is not listed twice" bash -c "! grep -q dupkill '$tmp/out'"
	check "default sources: only the log and its rotations" bash -c "! grep -q notalog '$tmp/out'"
	check "default sources: -v names the syslog files read" grep -q "read $tmp/varlog/kern.log.1" "$tmp/err"
fi

finish
