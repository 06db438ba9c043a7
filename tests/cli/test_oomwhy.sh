#!/usr/bin/env bash
# oomwhy end to end: every report of the corpus (tests/fixtures/kmsg, with
# expected.json) gives its victim, domain and trigger and says what the
# log does not show; exit codes and wording; byte-identical output for the
# same input; formats; options documented in --help, man page and
# completions.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
OOMWHY=$OOMKIT_BUILD_DIR/cmd/oomwhy/oomwhy
[[ -x $OOMWHY ]] || { echo "oomwhy not built"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
src=$OOMKIT_SOURCE_DIR
kmsg=$src/tests/fixtures/kmsg
export TZ=UTC LC_ALL=C.UTF-8

# --- the corpus --------------------------------------------------------------
python3 "$src/tests/cli/oomwhy-corpus.py" "$OOMWHY" "$kmsg" >"$tmp/corpus"; rc=$?
cat "$tmp/corpus"
check "corpus: victim, domain and trigger of every event" test $rc -eq 0

# --- help, version, completions, man page ------------------------------------
"$OOMWHY" --help >"$tmp/help" 2>"$tmp/err"; rc=$?
check "--help exits 0" test $rc -eq 0
check "--help on stdout only" test ! -s "$tmp/err"
check "--help fits 80 columns" test "$(awk 'length($0) > 80' "$tmp/help" | wc -l)" -eq 0
for opt in --kmsg --kmsg-file --journal --boot --journal-file --since --until --pid --comm \
	--memcg --event --all --format --json --relative-time --verbose --help --version; do
	check "--help lists $opt" grep -q -- "$opt" "$tmp/help"
	check "man page documents $opt" grep -q -- "${opt//-/\\\\-}" "$src/man/oomwhy.1"
	check "bash completion offers $opt" grep -q -- "$opt" "$src/completions/bash/oomwhy"
	check "zsh completion offers $opt" grep -q -- "$opt" "$src/completions/zsh/_oomwhy"
	check "fish completion offers $opt" grep -q -- "-l ${opt#--}" "$src/completions/fish/oomwhy.fish"
done
"$OOMWHY" --version >"$tmp/out"; rc=$?
check "--version" grep -qx "oomwhy from oomkit [0-9.]*" "$tmp/out"

# --- exit codes and messages -------------------------------------------------
"$OOMWHY" --bogus >"$tmp/out" 2>"$tmp/err"; rc=$?
check "bad option exits 2" test $rc -eq 2
check "bad option: hint on stderr" grep -q "Try 'oomwhy --help'" "$tmp/err"
"$OOMWHY" --format=html x >"$tmp/out" 2>"$tmp/err"; rc=$?
check "bad format exits 2" test $rc -eq 2
check "bad format names the choices" grep -q "text, markdown or json" "$tmp/err"
"$OOMWHY" --event 0 x >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--event 0 exits 2" test $rc -eq 2
"$OOMWHY" --all --event 1 x >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--all with --event exits 2" test $rc -eq 2
printf 'nothing to see\nhere\n' >"$tmp/quiet.log"
"$OOMWHY" "$tmp/quiet.log" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "no event exits 1" test $rc -eq 1
check "no event: nothing on stdout" test ! -s "$tmp/out"
check "no event: one line naming the source and its lines" \
	grep -qx "oomwhy: no OOM event found in .*quiet.log (2 lines read)" "$tmp/err"
check "no event: exactly one line" test "$(wc -l <"$tmp/err")" -eq 1
"$OOMWHY" "$tmp/missing.log" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "unreadable file exits 2" test $rc -eq 2
check "unreadable file: says why" grep -q "cannot open '.*missing.log'" "$tmp/err"
"$OOMWHY" --pid 1 "$kmsg/009-k8s-cgroupv2-containerd-oom-group-dmesg-w-grep.log" \
	>"$tmp/out" 2>"$tmp/err"; rc=$?
check "filtered out: exit 1" test $rc -eq 1
check "filtered out: says the filters" grep -q "that matches the filters" "$tmp/err"
"$OOMWHY" --event 3 "$kmsg/033-k8s-issue-56891-dmesg-T-rhel7-3.10-memcg-two-ooms.log" \
	>"$tmp/out" 2>"$tmp/err"; rc=$?
check "--event beyond the last: exit 1" test $rc -eq 1
check "--event beyond the last: says how many" grep -q "no event 3: 2 events selected" "$tmp/err"

# --- which event ---------------------------------------------------------------
f=$kmsg/045-notes-nixos-6.5-cgroupv2-perline-stat-no-killable-then-wifi.log
"$OOMWHY" "$f" >"$tmp/last"
check "default: the most recent event" grep -q "^OOM event 2 of 2: no-killable" "$tmp/last"
"$OOMWHY" --event -1 "$f" >"$tmp/minus1"
check "--event -1 is the default" cmp -s "$tmp/last" "$tmp/minus1"
"$OOMWHY" --event 1 "$f" >"$tmp/first"
check "--event 1: the first" grep -q "^OOM event 1 of 2: Isolated Web Co (pid 265856) killed" \
	"$tmp/first"
"$OOMWHY" --comm '^Isolated' "$f" >"$tmp/comm"
check "--comm selects as oomlog" grep -q "^OOM event 1 of 1: Isolated Web Co" "$tmp/comm"
"$OOMWHY" --all "$f" >"$tmp/all"
check "--all explains each" test "$(grep -c '^OOM event' "$tmp/all")" -eq 2
# a kill burst (one memcg, headers rate-limited): each kill is a row of
# oomlog and an explanation of its own, which names the others
f=$kmsg/042-ltp-issue-rhel7-memcg-kill-burst-uid-format.log
"$OOMWHY" --all "$f" >"$tmp/burst"
check "burst: one explanation per kill, as oomlog lists them" \
	test "$(grep -c '^OOM event [1-6] of 6' "$tmp/burst")" -eq 6
check "burst: the others are listed" grep -q "memcg_test_1 (pid 42471), memcg_test_1 (pid 42468)" "$tmp/burst"
"$OOMWHY" -J --all "$f" >"$tmp/burst.json"
"$OOMWHY" -J --event 4 "$f" >"$tmp/burst4.json"
check "burst: --all's fourth explanation is --event 4" python3 -c '
import json, sys
a, e = (json.load(open(f))["events"] for f in sys.argv[1:3])
sys.exit(0 if len(a) == 6 and a[3] == e[0] and a[3]["index"] == 4 else 1)' "$tmp/burst.json" "$tmp/burst4.json"

# --- the journal: the same kills as the dmesg capture, --event as numbered there ---
jr=/lib/systemd/systemd-journal-remote
fx=$src/tests/fixtures/real
if [[ -x $jr ]] && ! "$OOMWHY" --journal-file=/nonexistent 2>&1 | grep -q "without libsystemd"; then
	mkdir "$tmp/jdir"
	"$jr" --output="$tmp/jdir/remote.journal" - <"$fx/journal.export" >/dev/null 2>&1
	for n in 1 2 3; do
		want=$(sed -n "${n}p" "$fx/kills.txt" | cut -f1)
		"$OOMWHY" -J --event $n --journal-file="$tmp/jdir" >"$tmp/j$n.json"
		"$OOMWHY" -J --event $n "$fx/dmesg.txt" >"$tmp/d$n.json"
		check "journal --event $n: the kill of pid $want, ranked first as in dmesg" python3 -c '
import json, sys
j, d = (json.load(open(f))["events"][0] for f in sys.argv[1:3])
assert j["event"]["pid"] == d["event"]["pid"] == int(sys.argv[3])
assert j["ranking"] == d["ranking"] and j["ranking_agrees"] is True
' "$tmp/j$n.json" "$tmp/d$n.json" "$want"
	done
	check "journal -b (last boot in the files) explains" \
		bash -c "'$OOMWHY' --journal-file='$tmp/jdir' -b | grep -q '^OOM event 3 of 3: grower'"
else
	echo "note: no systemd-journal-remote or libsystemd: journal cases skipped"
fi

# --- formats, determinism, stdin, compression ----------------------------------
f=$kmsg/015-blog-kernlog-3.13-ubuntu-docker-line-numbered.log
for fmt in text markdown json; do
	"$OOMWHY" --format=$fmt "$f" >"$tmp/a.$fmt"
	"$OOMWHY" --format=$fmt "$f" >"$tmp/b.$fmt"
	check "$fmt: byte-identical on the same input" cmp -s "$tmp/a.$fmt" "$tmp/b.$fmt"
done
check "text fits 100 columns" test "$(awk 'length($0) > 100' "$tmp/a.text" | wc -l)" -eq 0
check "markdown has a ranking table" grep -q '^| Rank | PID | Comm' "$tmp/a.markdown"
check "JSON parses" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/a.json"
check "JSON keys of the issue" python3 -c '
import json, sys
x = json.load(open(sys.argv[1]))["events"][0]
for k in ("event", "context", "domain", "ranking", "ranking_agrees", "causes", "history",
          "advice"):
    assert k in x, k
for k in ("kind", "path", "limit_kb", "totalpages"):
    assert k in x["domain"], k
for k in ("pid", "comm", "badness", "share", "adj", "adj_pages"):
    assert k in x["ranking"][0], k
assert x["ranking_agrees"] is True
assert x["context"]["runtime"] == "docker"
assert all(set(c) == {"id", "evidence"} for c in x["causes"])
' "$tmp/a.json"
"$OOMWHY" -J - <"$f" >"$tmp/stdin.json"
check "stdin ('-') reads as a file" python3 -c '
import json, sys
assert json.load(open(sys.argv[1]))["events"][0]["event"]["pid"] == 12417' "$tmp/stdin.json"
gzip -c "$f" >"$tmp/kern.log.gz"
"$OOMWHY" -J "$tmp/kern.log.gz" >"$tmp/gz.json"
check "gzip input" python3 -c '
import json, sys
assert json.load(open(sys.argv[1]))["events"][0]["event"]["pid"] == 12417' "$tmp/gz.json"
"$OOMWHY" --relative-time "$f" >"$tmp/rel"
check "--relative-time says how long ago" grep -q "ago)" "$tmp/rel"
check "without --relative-time nothing is relative" bash -c "! grep -q ' ago)' '$tmp/a.text'"

# --- userspace killers: their policy, not the kernel's ranking ------------------
cat >"$tmp/userspace.log" <<'LOG'
Mar 19 03:42:10 desk earlyoom[812]: low memory! at or below SIGTERM limits: mem 10.00%, swap 10.00%
Mar 19 03:42:11 desk earlyoom[812]: sending SIGTERM to process 4567 uid 1000 "firefox": oom_score 600, VmRSS 3000 MiB, cmdline "/usr/lib/firefox/firefox -P"
Mar 19 03:50:12 desk systemd-oomd[600]: Killed /user.slice/user-1000.slice/user@1000.service/app.slice/app-firefox.scope due to memory pressure for /user.slice/user-1000.slice/user@1000.service being 72.31% > 50.00% for > 20s with reclaim activity
LOG
"$OOMWHY" -J --all "$tmp/userspace.log" >"$tmp/userspace.json"
check "userspace killers: no kernel ranking, and the notes say why" python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["events"]
assert len(e) == 2, len(e)
assert all(x["ranking_agrees"] is None and x["ranking"] == [] for x in e)
assert any("own policy" in n for n in e[0]["ranking_notes"])
assert e[0]["verdict"][0] == "earlyoom killed firefox (pid 4567, uid 1000).", e[0]["verdict"]
assert "2.9 GiB resident" in e[0]["verdict"][1]
assert e[1]["verdict"][0].startswith("systemd-oomd killed the processes of /user.slice/"), e[1]
assert [c["id"] for c in e[1]["causes"]] == ["userspace_policy"]
assert "72.31% > 50.00%" in e[1]["causes"][0]["evidence"]
' "$tmp/userspace.json"

# --- what happened after: the unit's state from systemd -------------------------
# systemd does not run in the test machine and a file is no running boot:
# a fake systemctl (the test seam) stands in, and without it nothing is said
cat >"$tmp/web.log" <<'LOG'
[ 50.0] web invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0
[ 50.0] memory: usage 1048576kB, limit 1048576kB, failcnt 4
[ 50.0] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/system.slice/web.service,task_memcg=/system.slice/web.service,task=web,pid=400,uid=33
[ 50.0] Memory cgroup out of memory: Killed process 400 (web) total-vm:120000kB, anon-rss:80000kB, file-rss:0kB, shmem-rss:0kB, UID:33 pgtables:16kB oom_score_adj:0
LOG
cat >"$tmp/systemctl" <<'SH'
#!/bin/sh
printf '%s\n' "$@" >"$FAKE_ARGS"
printf 'ActiveState=active\nSubState=running\nResult=oom-kill\nNRestarts=3\n'
SH
chmod +x "$tmp/systemctl"
OOMWHY_TEST_SYSTEMCTL=$tmp/systemctl FAKE_ARGS=$tmp/args "$OOMWHY" "$tmp/web.log" >"$tmp/after"
check "after: the unit's state now" grep -q "^  After:   web.service is active (running) now; systemd restarted it 3 times; its last result:" "$tmp/after"
check "after: systemctl show asked for that unit only" \
	test "$(tr '\n' ' ' <"$tmp/args")" = "show --no-pager --property=ActiveState,SubState,Result,NRestarts -- web.service "
OOMWHY_TEST_SYSTEMCTL=$tmp/systemctl FAKE_ARGS=$tmp/args "$OOMWHY" -J "$tmp/web.log" >"$tmp/after.json"
check "after: JSON" python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["events"][0]["after"]
assert a == {"unit": "web.service", "active_state": "active", "sub_state": "running",
             "result": "oom-kill", "restarts": 3}, a' "$tmp/after.json"
"$OOMWHY" -J "$tmp/web.log" >"$tmp/noafter.json"
check "after: nothing said for a log file (not the running boot)" python3 -c '
import json, sys
assert json.load(open(sys.argv[1]))["events"][0]["after"] is None' "$tmp/noafter.json"

# --- a failed write ends the run at once ----------------------------------------
# 60 kills in web.service; the fake systemctl counts the events oomwhy
# explains (it runs once per event rendered), so the test counts work, not
# time: the first failed write must be the last event explained
python3 -c '
for i in range(60):
    p = 1000 + i
    print(f"[{i}.000000] web invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0")
    print(f"[{i}.000001] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/system.slice/web.service,task_memcg=/system.slice/web.service,task=web,pid={p},uid=33")
    print(f"[{i}.000002] Memory cgroup out of memory: Killed process {p} (web) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:33 pgtables:1kB oom_score_adj:0")
' >"$tmp/many.log"
cat >"$tmp/counting-systemctl" <<'SH'
#!/bin/sh
echo event >>"$FAKE_COUNT"
printf 'ActiveState=failed\nResult=oom-kill\n'
SH
chmod +x "$tmp/counting-systemctl"
explained() { # explained ARGS...: oomwhy's exit status; $tmp/n: events it explained
	: >"$tmp/count"
	OOMWHY_TEST_SYSTEMCTL=$tmp/counting-systemctl FAKE_COUNT=$tmp/count "$OOMWHY" "$@"
}
explained --all "$tmp/many.log" >/dev/null
check "every event explained to a writable output (60)" test "$(wc -l <"$tmp/count")" -eq 60
for fmt in text json; do
	explained --all --format=$fmt "$tmp/many.log" >/dev/full 2>"$tmp/err"; rc=$?
	check "full disk ($fmt): exit 2" test $rc -eq 2
	check "full disk ($fmt): one line with the reason" \
		test "$(cat "$tmp/err")" = "oomwhy: write error: No space left on device"
	check "full disk ($fmt): stops after the first event (explained $(wc -l <"$tmp/count"))" \
		test "$(wc -l <"$tmp/count")" -eq 1
done
explained --all "$tmp/many.log" >&- 2>"$tmp/err"; rc=$?
check "closed stdout: exit 2" test $rc -eq 2
check "closed stdout: says so" grep -qx "oomwhy: write error: Bad file descriptor" "$tmp/err"
check "closed stdout: stops after the first event" test "$(wc -l <"$tmp/count")" -eq 1
# a reader gone before the first write, SIGPIPE ignored (as under systemd):
# quiet, exit 2, and no event after the first
: >"$tmp/count"
OOMWHY_TEST_SYSTEMCTL=$tmp/counting-systemctl FAKE_COUNT=$tmp/count python3 -c '
import os, signal, subprocess, sys
r, w = os.pipe()
os.close(r)
signal.signal(signal.SIGPIPE, signal.SIG_IGN)
p = subprocess.run(sys.argv[1:], stdout=w, stderr=subprocess.PIPE, restore_signals=False)
sys.stderr.buffer.write(p.stderr)
sys.exit(p.returncode)' "$OOMWHY" --all "$tmp/many.log" 2>"$tmp/err"; rc=$?
check "reader gone: exit 2" test $rc -eq 2
check "reader gone: nothing on stderr" test ! -s "$tmp/err"
check "reader gone: stops after the first event" test "$(wc -l <"$tmp/count")" -eq 1

# --- the CONTEXT column of oomlog (the same library module) --------------------
"$OOMLOG" -J -o PID,CONTEXT "$kmsg/009-k8s-cgroupv2-containerd-oom-group-dmesg-w-grep.log" \
	>"$tmp/ctx.json"
check "oomlog -o CONTEXT: the pod, QoS and container" python3 -c '
import json, sys
row = json.load(open(sys.argv[1]))["events"][0]
assert row["context"] == ("pod 94eb36cd-29e1-478b-b365-4cb5dfc7d6fb (burstable) "
                          "container 46b3e0a4df44"), row' "$tmp/ctx.json"
finish
