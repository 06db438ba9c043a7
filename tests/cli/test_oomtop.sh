#!/usr/bin/env bash
# oomtop end to end: exit codes, error wording, JSON schema, columns.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
[[ -x $OOMTOP ]] || { echo "oomtop not built"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# --help: stdout, exit 0, mentions every long option of the man page
"$OOMTOP" --help >"$tmp/help" 2>"$tmp/err"; rc=$?
check "--help exits 0" test $rc -eq 0
check "--help on stdout only" test ! -s "$tmp/err"
for opt in --batch --iterations --delay --domains --domain --all --limit --output --list-columns --json --raw --noheadings --help --version --pid --user --memcg --sort --sort-asc; do
	check "--help lists $opt" grep -q -- "$opt" "$tmp/help"
	check "man page documents $opt" grep -q -- "${opt//-/\\\\-}" "$OOMKIT_SOURCE_DIR/man/oomtop.1"
	check "bash completion offers $opt" grep -q -- "$opt" "$OOMKIT_SOURCE_DIR/completions/bash/oomtop"
done
check "--version format" bash -c "'$OOMTOP' --version | grep -Eq '^oomtop from oomkit [0-9]+\.[0-9]+\.[0-9]+$'"

# usage errors: exit 2, one line + hint on stderr, nothing on stdout
usage_case() {
	local what=$1; shift
	"$OOMTOP" "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
	check "$what: exit 2" test $rc -eq 2
	check "$what: nothing on stdout" test ! -s "$tmp/out"
	check "$what: two lines on stderr" test "$(wc -l <"$tmp/err")" -eq 2
	check "$what: --help hint" grep -q "Try 'oomtop --help' for more information." "$tmp/err"
}
usage_case "bad count" -b -n abc
usage_case "zero count" -b -n 0
usage_case "bad delay" -b -d -1
usage_case "unknown column" -b -n 1 -o PID,NOPE
usage_case "unknown option" -b --frobnicate
usage_case "stray argument" -b -n 1 extra
usage_case "json and raw" -b -n 1 -J -r
usage_case "unknown sort column" -b -n 1 -s NOPE
usage_case "bad pid" -b -n 1 -p 0
usage_case "batch options without -b" -J
usage_case "domains without -b" --domains
check "bad count names the range" grep -q "must be an integer from 1" <("$OOMTOP" -b -n abc 2>&1)
check "unknown column is named" grep -q "unknown column: NOPE" <("$OOMTOP" -b -n 1 -o PID,NOPE 2>&1)

# focus and sort (batch), on the paper fixture root (docs/kernel.md §11.1)
fx="$OOMKIT_SOURCE_DIR/tests/fixtures/proc/v2-paper"
fxtop() { OOMKIT_PROC_ROOT=$fx "$OOMTOP" -b -n 1 -r --noheadings "$@"; }
check "-p 1002: only nginx" test "$(fxtop -p 1002 -o PID,COMM)" = "1002 nginx"
check "-p of a process that cannot be chosen, with -a: listed with why" \
	test "$(fxtop -a -p 1 -o PID,ELIGIBLE)" = "1 no:init"
check "-u 1000: batch and web (odd) 2, in rank order" \
	test "$(fxtop -u 1000 -o PID | tr '\n' ' ')" = "1003 3001 "
check "-u with no process: empty" test -z "$(fxtop -u 4242 -o PID)"
check "-s RSS: descending" test "$(fxtop -s RSS -o PID -l 3 | tr '\n' ' ')" = "1001 1002 1003 "
check "-s RSS --sort-asc: ascending" \
	test "$(fxtop -s RSS --sort-asc -o PID -l 3 | tr '\n' ' ')" = "2002 3002 3001 "
check "-s RANK: the kernel's order" test "$(fxtop -s RANK -o PID -l 2 | tr '\n' ' ')" = "1003 1002 "
check "-a: ELIGIBLE column added to the default table" \
	bash -c "OOMKIT_PROC_ROOT='$fx' '$OOMTOP' -b -n 1 -a | grep -Eq '^ +1 .* no:init\$'"
check "summary: host oom kills, PSI avg10, named" \
	bash -c "OOMKIT_PROC_ROOT='$fx' '$OOMTOP' -b -n 1 | head -1 | grep -q 'host oom kills 7  psi avg10 some 0.25%'"
# JSON snapshots carry their time and the host figures; two differ in time
OOMKIT_PROC_ROOT=$fx "$OOMTOP" -b -n 2 -d 0.2 -J -l 1 >"$tmp/two.json"
check "JSON: time and host figures, snapshots told apart" python3 -c "
import json, sys
a, b = [json.loads(l) for l in open('$tmp/two.json')]
for d in (a, b):
    h = d['host']
    assert h['mem_available_kb'] == 12000000 and h['swap_total_kb'] == 4194304, h
    assert h['host_oom_kills'] == 7 and h['psi_some_avg10'] == 0.25, h
assert a['time'] < b['time'], (a['time'], b['time'])
assert a['processes'][0]['rss_growth_kb_per_s'] is None
assert b['processes'][0]['rss_growth_kb_per_s'] == 0, b['processes'][0]
"

# runtime failure: a domain that does not exist, an unreadable procfs root
"$OOMTOP" -b -n 1 --domain /no/such/cgroup >"$tmp/out" 2>"$tmp/err"; rc=$?
check "unknown domain: exit 1" test $rc -eq 1
check "unknown domain: says so" grep -q "no OOM domain '/no/such/cgroup'" "$tmp/err"
OOMKIT_PROC_ROOT=$tmp/nonexistent "$OOMTOP" -b -n 1 >"$tmp/out" 2>"$tmp/err"; rc=$?
check "missing procfs: exit 1" test $rc -eq 1
check "missing procfs: one line" test "$(wc -l <"$tmp/err")" -eq 1

# JSON: valid, required keys, kernel score equals oomkit's for this snapshot
"$OOMTOP" -b -n 1 -J >"$tmp/j" 2>"$tmp/err"; rc=$?
check "JSON exit 0" test $rc -eq 0
check "JSON schema" python3 - "$tmp/j" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["domain"] == "global"
procs = d["processes"]
assert procs, "no processes"
need = {"pid", "comm", "user", "oom_score", "oom_score_adj", "badness", "rss_kb", "swap_kb", "pgtables_kb", "memcg"}
for p in procs:
    missing = need - p.keys()
    assert not missing, missing
    assert isinstance(p["pid"], int) and isinstance(p["badness"], int)
# ranked highest badness first
b = [p["badness"] for p in procs if p["eligible"]]
assert b == sorted(b, reverse=True), "not ranked"
PY
"$OOMTOP" -b -n 1 -J --domains >"$tmp/d" 2>/dev/null
check "domains JSON schema" python3 - "$tmp/d" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["domains"]
assert d[0]["domain"] == "global"
need = {"domain", "limit_kb", "usage_kb", "victim_pid", "victim_comm", "victim_badness", "runner_up_pid"}
for row in d:
    assert not (need - row.keys()), need - row.keys()
PY
check "JSON -o selects keys" python3 -c "
import json,subprocess,sys
d=json.loads(subprocess.check_output(['$OOMTOP','-b','-n','1','-J','-o','PID,COMM','-l','3']))
assert all(set(p)=={'pid','comm'} for p in d['processes']), d"

# iterations: -n 2 -d 0.1 prints two JSON documents
check "-n 2 prints two snapshots" test "$("$OOMTOP" -b -n 2 -d 0.1 -J -l 1 | wc -l)" -eq 2
# raw: sizes as in the table (25.6M style), in bytes with --bytes; no
# headings with --noheadings
check "--raw --noheadings prints only rows" bash -c "'$OOMTOP' -b -n 1 -r --noheadings -o PID,RSS | awk 'NF!=2 || \$1 !~ /^[0-9]+\$/ || \$2 !~ /^[0-9]+(\\.[0-9])?[KMGTPE]\$/ {exit 1}'"
# the paper fixture's batch (pid 1003) has 240000 KiB resident
paper=$OOMKIT_SOURCE_DIR/tests/fixtures/proc/v2-paper
check "--bytes: RSS of the fixture's pid 1003 is 240000 KiB in bytes" test \
	"$(OOMKIT_PROC_ROOT=$paper "$OOMTOP" -b -n 1 -r --bytes --noheadings -o PID,RSS | awk '$1 == 1003 { print $2 }')" = 245760000
check "table: the same RSS as 234.4M" test \
	"$(OOMKIT_PROC_ROOT=$paper "$OOMTOP" -b -n 1 --noheadings -o PID,RSS | awk '$1 == 1003 { print $2 }')" = 234.4M
check "-H lists columns" bash -c "'$OOMTOP' -H | grep -q BADNESS && '$OOMTOP' --domains -H | grep -q VICTIM"
check "-l limits rows" test "$("$OOMTOP" -b -n 1 -r --noheadings -l 3 | wc -l)" -eq 3
# every column name offered by -H is accepted by -o, and by the completions
for c in $("$OOMTOP" -H | awk 'NR>1 {print $1}'); do
	check "column $c works" bash -c "'$OOMTOP' -b -n 1 -l 1 -o $c >/dev/null"
	check "column $c in fish completion" grep -qw "$c" "$OOMKIT_SOURCE_DIR/completions/fish/oomtop.fish"
done
# output errors end the loop at once, with the reason (not after -n runs)
"$OOMTOP" -b -n 200 -d 0.01 >/dev/full 2>"$tmp/err"; rc=$?
check "full disk: exit 1" test $rc -eq 1
check "full disk: one line with the reason" test "$(cat "$tmp/err")" = "oomtop: write error: No space left on device"
"$OOMTOP" -b -n 200 -d 0.01 -J -l 1 >&- 2>"$tmp/err"; rc=$?
check "closed stdout: exit 1" test $rc -eq 1
check "closed stdout: says so" grep -qx "oomtop: write error: Bad file descriptor" "$tmp/err"
# a reader that goes away while SIGPIPE is ignored (as under systemd):
# oomtop ends after the next snapshot, quietly, with a failure status
rc=$(bash -c "trap '' PIPE; timeout 20 '$OOMTOP' -b -d 0.05 -J -l 1 2>'$tmp/err' | head -c 1 >/dev/null; echo \${PIPESTATUS[0]}")
check "dead pipe: oomtop stops by itself (status $rc)" test "$rc" -eq 1
check "dead pipe: nothing on stderr" test ! -s "$tmp/err"

# arguments quoted in messages are escaped like process names
"$OOMTOP" -b -n 1 --domain "$(printf '/x\033[31mred\nline2')" >/dev/null 2>"$tmp/err"
check "hostile --domain: one line" test "$(wc -l <"$tmp/err")" -eq 1
check "hostile --domain: no raw control byte" bash -c "! LC_ALL=C grep -q \$'\\x1b' '$tmp/err'"
check "hostile --domain: escaped" grep -qF "'/x\\x1b[31mred\\nline2'" "$tmp/err"
"$OOMTOP" -b -n "$(printf '\n5')" >/dev/null 2>"$tmp/err"; rc=$?
check "leading newline in a number: usage error" test $rc -eq 2
check "leading newline in a number: quoted escaped" grep -qF "invalid iteration count '\\n5'" "$tmp/err"
# impossible sizes from a fixture root read as unknown (null in JSON): no
# overflow (the sanitizer build halts on one), badness is only the adj term
fx=$tmp/fx; mkdir -p "$fx/4242"
printf 'MemTotal: 16384 kB\nMemFree: 100 kB\nMemAvailable: 200 kB\nSwapTotal: -9223372036854775808 kB\nSwapFree: 0 kB\n' >"$fx/meminfo"
printf 'Name:\tevil\nState:\tS (sleeping)\nTgid:\t4242\nPPid:\t1\nUid:\t0\t0\t0\t0\nVmRSS:\t-9223372036854775808 kB\nRssAnon:\t9223372036854775807 kB\nRssFile:\t9223372036854775807 kB\nRssShmem:\t0 kB\nVmSwap:\t9223372036854775807 kB\nVmPTE:\t9223372036854775807 kB\nThreads:\t1\n' >"$fx/4242/status"
echo 1000 >"$fx/4242/oom_score_adj"; echo 99999999999999999999 >"$fx/4242/oom_score"
echo '0::/' >"$fx/4242/cgroup"
echo '4242 (evil) S 1 4242 4242 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0' >"$fx/4242/stat"
OOMKIT_PROC_ROOT=$fx "$OOMTOP" -b -n 1 -J >"$tmp/out" 2>"$tmp/err"; rc=$?
check "impossible sizes: exit 0" test $rc -eq 0
check "impossible sizes: badness is the adj term only (1000 x 16384/4/1000)" python3 -c "
import json,sys; d=json.load(open('$tmp/out')); p=d['processes'][0]
assert p['badness']==4000 and p['rss_kb'] is None and p['swap_kb'] is None, p
assert p['pgtables_kb'] is None and p['shmem_rss_kb']==0 and p['oom_score'] is None, p"
finish
