#!/usr/bin/env bash
# oomtop --prometheus and oomlog --prometheus (issue 11): promtool check
# metrics accepts both outputs, hostile comms and memcg paths included; an
# independent parser of the text format (python3-prometheus-client) reads
# back label values from which the original bytes are recovered; label
# cardinality stays bounded; --output-file replaces the file atomically.
# Fixture inputs only: a copy of tests/fixtures/proc/v2-paper and
# cgroup-v2/paper with hostile names, and kernel logs written here.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
[[ -x $OOMTOP && -x $OOMLOG ]] || { echo "FAIL: oomtop or oomlog not built"; exit 1; }
command -v promtool >/dev/null || skip "promtool missing (Debian package prometheus)"
# the Debian python has the Debian module, whatever python3 is first in PATH
PY=
for p in /usr/bin/python3 python3; do
	"$p" -c 'import prometheus_client.parser' 2>/dev/null && { PY=$p; break; }
done
[[ -n $PY ]] || skip "python3-prometheus-client missing"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fx=$OOMKIT_SOURCE_DIR/tests/fixtures

# parse FILE: every sample as "name<TAB>labels as JSON (raw bytes recovered
# from the oomkit_escape() form, as latin-1 text)<TAB>value", sorted
cat >"$tmp/parse.py" <<'PY'
import json, re, sys
from prometheus_client.parser import text_string_to_metric_families

def unescape(s):
    """undo oomkit_escape(): \\\\, \\n, \\t and \\xHH; UTF-8 stays"""
    out, i = bytearray(), 0
    while i < len(s):
        if s[i] == "\\":
            c = s[i + 1]
            if c == "x":
                out.append(int(s[i + 2:i + 4], 16)); i += 4; continue
            out += {"\\": b"\\", "n": b"\n", "t": b"\t"}[c]; i += 2; continue
        out += s[i].encode(); i += 1
    return out.decode("latin-1")

text = open(sys.argv[1], encoding="utf-8").read()   # must be UTF-8
rows = []
for fam in text_string_to_metric_families(text):
    for s in fam.samples:
        labels = {k: unescape(v) for k, v in s.labels.items()}
        v = s.value
        v = str(int(v)) if v == int(v) else repr(v)
        rows.append("%s\t%s\t%s" % (s.name, json.dumps(labels, sort_keys=True), v))
print("\n".join(sorted(rows)))
PY
parse() { "$PY" "$tmp/parse.py" "$1"; }
# has FILE NAME LABELS-JSON VALUE: the parsed FILE has this exact sample
has() {
	parse "$1" >"$tmp/parsed" && grep -qxF "$2	$3	$4" "$tmp/parsed"
}
promcheck() { # promcheck FILE: promtool accepts it, lint included
	promtool check metrics <"$1" >"$tmp/lint" 2>&1 || { cat "$tmp/lint"; return 1; }
}

# --- options, help, man page, completions ---------------------------------
for cmd in oomtop oomlog; do
	bin=$OOMKIT_BUILD_DIR/cmd/$cmd/$cmd
	for opt in --prometheus --output-file; do
		check "$cmd --help lists $opt" grep -q -- "$opt" <("$bin" --help)
		check "$cmd.1 documents $opt" grep -q -- "${opt//-/\\\\-}" "$OOMKIT_SOURCE_DIR/man/$cmd.1"
		check "bash completion of $cmd offers $opt" \
			grep -q -- "$opt" "$OOMKIT_SOURCE_DIR/completions/bash/$cmd"
		check "zsh completion of $cmd offers $opt" \
			grep -q -- "$opt" "$OOMKIT_SOURCE_DIR/completions/zsh/_$cmd"
		check "fish completion of $cmd offers ${opt#--}" \
			grep -q -- "-l ${opt#--}" "$OOMKIT_SOURCE_DIR/completions/fish/$cmd.fish"
	done
	for bad in "--output-file $tmp/x.prom" "--prometheus -J" "--prometheus -r"; do
		# shellcheck disable=SC2086
		"$bin" $bad >"$tmp/out" 2>"$tmp/err" </dev/null; rc=$?
		check "$cmd $bad: usage error (exit 2, nothing on stdout)" \
			test $rc -eq 2 -a ! -s "$tmp/out" -a ! -e "$tmp/x.prom"
		check "$cmd $bad: one line and the hint on stderr" test "$(wc -l <"$tmp/err")" -eq 2
	done
done
check "oomtop --output-file without --prometheus names the fix" \
	grep -q -- "--output-file needs --prometheus" <("$OOMTOP" -b --output-file "$tmp/x" 2>&1)

# --- oomtop on a fixture root with hostile names ---------------------------
# comm of pid 1003 (the host's predicted victim) and 2002 (the victim of
# the limited memcg): quote, newline, backslash, a byte that is not UTF-8
root=$tmp/proc cg=$tmp/cgroup
cp -a "$fx/proc/v2-paper" "$root"
cp -a "$fx/cgroup-v2/paper" "$cg"
comm=$(printf 't"i\ny\\\376')
memcg=$(printf '/li"m\\it ed,x=}{\377')
# status shows Name escaped as the kernel does (\n, \\); the byte stays raw
for pid in 1003 2002; do
	sed -i "s/^Name:.*/Name:\t$(printf 't"i\\\\ny\\\\\\\\\376')/" "$root/$pid/status"
	printf '%s\n' "$comm" >"$root/$pid/comm"
done
mv "$cg/limited" "$cg$memcg"
for pid in 2001 2002; do printf '0::%s\n' "$memcg" >"$root/$pid/cgroup"; done
OOMKIT_PROC_ROOT=$root OOMKIT_MEMCG_ROOT=$cg "$OOMTOP" -b -n 1 --prometheus \
	>"$tmp/top.prom" 2>"$tmp/err"; rc=$?
check "oomtop --prometheus: exit 0, nothing on stderr" test $rc -eq 0 -a ! -s "$tmp/err"
check "oomtop --prometheus: promtool check metrics accepts it" promcheck "$tmp/top.prom"
check "oomtop --prometheus: every family has HELP and TYPE" \
	test "$(grep -c '^# HELP' "$tmp/top.prom")" -eq "$(grep -c '^# TYPE' "$tmp/top.prom")" \
	-a "$(grep -v '^#' "$tmp/top.prom" | sed -E 's/[{ ].*//' | sort -u | wc -l)" \
	-eq "$(grep -c '^# TYPE' "$tmp/top.prom")"
# the numbers are the fixture's (docs/kernel.md §11.1 for the paper tree)
jm=$("$PY" -c 'import json,sys; print(json.dumps(sys.argv[1], ensure_ascii=True))' \
	"$(printf '%s' "$memcg" | iconv -f latin1 -t utf-8)")
jc=$("$PY" -c 'import json,sys; print(json.dumps(sys.argv[1], ensure_ascii=True))' \
	"$(printf '%s' "$comm" | iconv -f latin1 -t utf-8)")
check "hostile memcg: its limit (100 MiB, memory.max) under its own name" \
	has "$tmp/top.prom" oomkit_domain_limit_bytes "{\"domain\": $jm}" 104857600
check "hostile memcg: memory.events oom_kill 3" \
	has "$tmp/top.prom" oomkit_domain_memory_events_total "{\"domain\": $jm, \"event\": \"oom_kill\"}" 3
check "hostile memcg: victim info names pid 2002, its hostile comm and memcg" \
	has "$tmp/top.prom" oomkit_domain_victim_info \
	"{\"comm\": $jc, \"domain\": $jm, \"memcg\": $jm, \"pid\": \"2002\"}" 1
check "host: victim info names pid 1003 with its hostile comm" \
	has "$tmp/top.prom" oomkit_domain_victim_info \
	"{\"comm\": $jc, \"domain\": \"global\", \"memcg\": \"/app/batch\", \"pid\": \"1003\"}" 1
check "host: /proc/vmstat oom_kill 7 as oomkit_host_oom_kills_total" \
	has "$tmp/top.prom" oomkit_host_oom_kills_total "{}" 7
check "host: MemAvailable in bytes" \
	has "$tmp/top.prom" oomkit_host_memory_available_bytes "{}" \
	"$(( $(awk '$1 == "MemAvailable:" { print $2 }' "$root/meminfo") * 1024 ))"
check "memory.high without memory.max: /system.slice/foo.service (no domain) has its high" \
	has "$tmp/top.prom" oomkit_memcg_high_bytes '{"memcg": "/system.slice/foo.service"}' 67108864
check "... and its high events (5)" \
	has "$tmp/top.prom" oomkit_memcg_high_events_total '{"memcg": "/system.slice/foo.service"}' 5
check "... and no domain series" bash -c "! grep -q 'domain=\"/system.slice' '$tmp/top.prom'"
check "no raw newline, quote or byte 0xfe/0xff inside a label" \
	bash -c "! LC_ALL=C grep -aq \$'\\376\\|\\377' '$tmp/top.prom'"

# --- oomlog: hostile names and bounded cardinality -------------------------
# a 6.x memcg OOM report, comm and memcg hostile (no comma in the path: the
# summary line separates its fields with commas)
lcomm=$(printf 'q"u\\o)te\376')
lmemcg=$(printf '/fl"e\\et }\377')
kill_report() { # kill_report SECONDS PID COMM MEMCG
	printf '[%6d.000001] stress invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n' "$1"
	printf '[%6d.000100] memory: usage 262144kB, limit 262144kB, failcnt 10\n' "$1"
	printf '[%6d.000200] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=%s,task_memcg=%s,task=%s,pid=%d,uid=0\n' "$1" "$4" "$4" "$3" "$2"
	printf '[%6d.000300] Memory cgroup out of memory: Killed process %d (%s) total-vm:300000kB, anon-rss:250000kB, file-rss:100kB, shmem-rss:0kB, UID:0 pgtables:600kB oom_score_adj:0\n' "$1" "$2" "$3"
}
{ kill_report 100 4242 "$lcomm" "$lmemcg"; kill_report 200 4243 "$lcomm" "$lmemcg"; } >"$tmp/hostile.log"
"$OOMLOG" --prometheus "$tmp/hostile.log" >"$tmp/log.prom" 2>"$tmp/err"; rc=$?
check "oomlog --prometheus: exit 0, nothing on stderr" test $rc -eq 0 -a ! -s "$tmp/err"
check "oomlog --prometheus: promtool check metrics accepts it" promcheck "$tmp/log.prom"
jm=$("$PY" -c 'import json,sys; print(json.dumps(sys.argv[1]))' \
	"$(printf '%s' "$lmemcg" | iconv -f latin1 -t utf-8)")
jc=$("$PY" -c 'import json,sys; print(json.dumps(sys.argv[1]))' \
	"$(printf '%s' "$lcomm" | iconv -f latin1 -t utf-8)")
check "oomlog: 2 kills under the hostile comm and memcg, recovered byte for byte" \
	has "$tmp/log.prom" oomkit_log_kills_total \
	"{\"comm\": $jc, \"constraint\": \"memcg\", \"killer\": \"kernel\", \"memcg\": $jm}" 2
check "oomlog: 2 OOM events killed" \
	has "$tmp/log.prom" oomkit_log_oom_events_total '{"outcome": "killed"}' 2
check "oomlog: outcomes without events are there with 0 (increase() needs the 0)" \
	has "$tmp/log.prom" oomkit_log_oom_events_total '{"outcome": "panic"}' 0

# 30 memcgs; memcg i has i kills of each of 8 commands (the first i of them)
for ((i = 1; i <= 30; i++)); do
	for ((c = 1; c <= 8 && c <= i; c++)); do
		for ((k = 0; k < i; k++)); do
			kill_report $((i * 1000 + c * 40 + k)) $((i * 100 + c)) "cmd$c" "/m$i"
		done
	done
done >"$tmp/many.log"
total=$(grep -c 'Killed process' "$tmp/many.log")
"$OOMLOG" --prometheus "$tmp/many.log" >"$tmp/many.prom"; rc=$?
check "oomlog many memcgs: exit 0, promtool accepts it" promcheck "$tmp/many.prom"
parse "$tmp/many.prom" | grep "^oomkit_log_kills_total	" >"$tmp/kills"
check "oomlog many memcgs: the sum of the series is every kill ($total)" \
	test "$(awk -F'\t' '{ s += $3 } END { print s }' "$tmp/kills")" -eq "$total"
check "oomlog many memcgs: 20 memcgs by name, plus [other memory cgroups]" \
	test "$(grep -o '"memcg": "[^"]*"' "$tmp/kills" | sort -u | wc -l)" -eq 21
check "oomlog many memcgs: the named ones are the 20 with most kills (/m11../m30)" \
	bash -c "grep -o '\"memcg\": \"/m[0-9]*\"' '$tmp/kills' | sort -u | grep -o '[0-9]*' |
		sort -n | tr '\n' ' ' | grep -qx '$(seq -s ' ' 11 30) '"
comms_bounded() { # at most 5 named commands per memcg, the rest as one
	"$PY" - "$tmp/kills" <<'PY'
import json, sys, collections
n = collections.defaultdict(set)
for l in open(sys.argv[1]):
    d = json.loads(l.split("\t")[1])
    n[d["memcg"]].add(d["comm"])
sys.exit(any(len(v - {"[other commands]"}) > 5 for v in n.values()) or
         "[other commands]" not in n["/m30"])
PY
}
check "oomlog many memcgs: at most 5 commands per memcg, plus [other commands]" comms_bounded
check "oomlog many memcgs: /m30's cmd6..cmd8 (30 kills each) are folded into other: 90" \
	has "$tmp/many.prom" oomkit_log_kills_total \
	'{"comm": "[other commands]", "constraint": "memcg", "killer": "kernel", "memcg": "/m30"}' 90

# no kill at all is a count too: exit 0, zeros
: >"$tmp/empty.log"
"$OOMLOG" --prometheus "$tmp/empty.log" >"$tmp/empty.prom"; rc=$?
check "oomlog --prometheus on a log without kills: exit 0" test $rc -eq 0
check "... and outcome killed 0" has "$tmp/empty.prom" oomkit_log_oom_events_total \
	'{"outcome": "killed"}' 0

# --- --output-file ---------------------------------------------------------
out=$tmp/tf/oomkit.prom
mkdir "$tmp/tf"
echo stale >"$out"
ino=$(stat -c %i "$out")
(umask 022; OOMKIT_PROC_ROOT=$root OOMKIT_MEMCG_ROOT=$cg "$OOMTOP" -b -n 1 --prometheus \
	--output-file "$out" >"$tmp/out" 2>"$tmp/err"); rc=$?
check "--output-file: exit 0, nothing on stdout or stderr" \
	test $rc -eq 0 -a ! -s "$tmp/out" -a ! -s "$tmp/err"
check "--output-file: the same metrics as stdout" cmp -s "$out" "$tmp/top.prom"
check "--output-file: a new file renamed over the old (inode changed)" \
	test "$(stat -c %i "$out")" != "$ino"
check "--output-file: mode 0644 under umask 022 (the collector is another user)" \
	test "$(stat -c %a "$out")" = 644
check "--output-file: no temporary file left" test "$(ls -A "$tmp/tf")" = oomkit.prom
OOMKIT_PROC_ROOT=$root OOMKIT_MEMCG_ROOT=$cg "$OOMTOP" -b -n 3 -d 0.1 --prometheus \
	--output-file "$out" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--output-file with -n 3: each snapshot replaces the file (exit 0, the same metrics)" \
	bash -c "test $rc -eq 0 && cmp -s '$out' '$tmp/top.prom'"
check "... and leaves no temporary file" test "$(ls -A "$tmp/tf")" = oomkit.prom
"$OOMLOG" --prometheus --output-file "$tmp/tf/log.prom" "$tmp/hostile.log"; rc=$?
boot_id=$(tr -d -- "-\n" </proc/sys/kernel/random/boot_id)	# as the journal writes it
check "oomlog --output-file: exit 0, first line names this boot" \
	bash -c "test $rc -eq 0 && test \"\$(head -n1 '$tmp/tf/log.prom')\" = '# oomkit boot_id $boot_id'"
check "oomlog --output-file: then the same metrics as on stdout" \
	cmp -s <(tail -n +2 "$tmp/tf/log.prom") "$tmp/log.prom"
check "oomlog --output-file: promtool accepts it, comment included" promcheck "$tmp/tf/log.prom"

# counters never drop within a boot: a kill that left the ring buffer
# (the second log lacks the first of three kills) is still counted
{ kill_report 10 501 worker /ring; kill_report 20 502 worker /ring; kill_report 30 503 worker /ring
} >"$tmp/ring3.log"
{ kill_report 20 502 worker /ring; kill_report 30 503 worker /ring; } >"$tmp/ring2.log"
ring='{"comm": "worker", "constraint": "memcg", "killer": "kernel", "memcg": "/ring"}'
"$OOMLOG" --prometheus --output-file "$tmp/tf/ring.prom" "$tmp/ring3.log"
check "ring buffer: 3 kills of worker at first" has "$tmp/tf/ring.prom" oomkit_log_kills_total "$ring" 3
"$OOMLOG" --prometheus --output-file "$tmp/tf/ring.prom" "$tmp/ring2.log"
check "ring buffer: still 3 once the first kill is forgotten" \
	has "$tmp/tf/ring.prom" oomkit_log_kills_total "$ring" 3
check "ring buffer: OOM events killed stay at 3 too" \
	has "$tmp/tf/ring.prom" oomkit_log_oom_events_total '{"outcome": "killed"}' 3
{ cat "$tmp/ring2.log"; kill_report 50 505 worker /ring; kill_report 60 506 worker /ring
  kill_report 70 507 fresh /ring; } >"$tmp/ring4.log"
"$OOMLOG" --prometheus --output-file "$tmp/tf/ring.prom" "$tmp/ring4.log"
check "ring buffer: a real rise shows (4)" has "$tmp/tf/ring.prom" oomkit_log_kills_total "$ring" 4
check "ring buffer: a new command's series is there" has "$tmp/tf/ring.prom" \
	oomkit_log_kills_total '{"comm": "fresh", "constraint": "memcg", "killer": "kernel", "memcg": "/ring"}' 1
sed -i '1s/.*/# oomkit boot_id 00000000-0000-0000-0000-000000000000/' "$tmp/tf/ring.prom"
"$OOMLOG" --prometheus --output-file "$tmp/tf/ring.prom" "$tmp/ring2.log"
check "ring buffer: a file of another boot is not carried over (2)" \
	has "$tmp/tf/ring.prom" oomkit_log_kills_total "$ring" 2
"$OOMTOP" -b -n 1 --prometheus --output-file "$tmp/nodir/x.prom" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--output-file in a missing directory: exit 1, one line naming it" \
	test $rc -eq 1 -a "$(wc -l <"$tmp/err")" -eq 1
check "... which says why" grep -q "cannot write '$tmp/nodir/x.prom': No such file" "$tmp/err"
finish
