#!/usr/bin/env bash
# Unicode format characters (category Cf: bidi overrides, embeddings,
# isolates and marks, zero-width characters, the BOM, tags) and the line
# and paragraph separators U+2028, U+2029 in process names and memory
# cgroup paths are escaped byte by byte (\xHH) like control bytes, in a
# UTF-8 locale, in every output form: oomtop -b (table, raw, JSON,
# Prometheus) on a procfs and cgroup fixture whose names hold them, oomlog
# (table, raw, JSON, Prometheus) and oomwhy (text, markdown, JSON) on a
# kernel log whose names hold them. No output may hold one of those
# characters, and the escaped form of each must be there. (The screen:
# tests/live/test_oomtop_screen.sh.)
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
OOMWHY=$OOMKIT_BUILD_DIR/cmd/oomwhy/oomwhy
src=$OOMKIT_SOURCE_DIR
fx=$src/tests/fixtures
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export TZ=UTC LC_ALL=C.UTF-8

# U+202E (RLO), U+2066 (LRI), U+200B (ZWSP), U+FEFF (BOM), U+2028 (LS),
# U+E0041 (TAG LATIN CAPITAL LETTER A); each name fits 15 bytes
rlo=$'\xe2\x80\xae' lri=$'\xe2\x81\xa6' zwsp=$'\xe2\x80\x8b' bom=$'\xef\xbb\xbf'
ls=$'\xe2\x80\xa8' tag=$'\xf3\xa0\x81\x81'
comm1="${rlo}gp${lri}x"      # shows as "x⁦pg" reversed
comm2="a${zwsp}b${bom}c${ls}"
comm3="t${tag}g"
memcg="/app/${rlo}bat${zwsp}ch"

# --- oomtop -b on a fixture whose names hold them -----------------------------
cp -r "$fx/proc/v2-paper" "$tmp/proc"
cp -r "$fx/cgroup-v2/paper" "$tmp/cg"
mv "$tmp/cg/app/batch" "$tmp/cg$memcg"
printf '0::%s\n' "$memcg" >"$tmp/proc/1003/cgroup"
for p in 1001:"$comm1" 1002:"$comm2" 3001:"$comm3"; do
	pid=${p%%:*} name=${p#*:}
	printf '%s\n' "$name" >"$tmp/proc/$pid/comm"
	sed -i "s/^Name:.*/Name:\t$name/" "$tmp/proc/$pid/status"
	sed -i "s/^$pid (.*) \([A-Z] \)/$pid ($name) \1/" "$tmp/proc/$pid/stat"
	printf '%s\0' "$name" >"$tmp/proc/$pid/cmdline"
done
top() { env OOMKIT_PROC_ROOT="$tmp/proc" OOMKIT_MEMCG_ROOT="$tmp/cg" "$OOMTOP" -b -n 1 "$@"; }
top -o PID,MEMCG,COMM,CMDLINE >"$tmp/out.oomtop-table"
top -r -o PID,MEMCG,COMM,CMDLINE >"$tmp/out.oomtop-raw"
top -J -o PID,MEMCG,COMM,CMDLINE >"$tmp/out.oomtop-json"
top --domains >"$tmp/out.oomtop-domains"
top --prometheus >"$tmp/out.oomtop-prometheus"

# --- oomlog and oomwhy on a kernel log (6.8+ memcg report) ---------------------
{
	printf '[ 100.000001] %s invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n' "$comm2"
	printf '[ 100.000002] memory: usage 65536kB, limit 65536kB, failcnt 3\n'
	printf '[ 100.000003] Tasks state (memory values in pages):\n'
	printf '[ 100.000004] [  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name\n'
	printf '[ 100.000005] [    501]     0   501    30000     9000     8900      100         0    94208        0           500 %s\n' "$comm1"
	printf '[ 100.000006] [    502]     0   502    30000     7000     6900      100         0    94208        0             0 %s\n' "$comm2"
	printf '[ 100.000007] [    503]     0   503    30000     5000     4900      100         0    94208        0             0 %s\n' "$comm3"
	printf '[ 100.000008] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=%s,task_memcg=%s,task=%s,pid=501,uid=0\n' "$memcg" "$memcg" "$comm1"
	printf '[ 100.000009] Memory cgroup out of memory: Killed process 501 (%s) total-vm:120000kB, anon-rss:35600kB, file-rss:400kB, shmem-rss:0kB, UID:0 pgtables:92kB oom_score_adj:500\n' "$comm1"
} >"$tmp/kern.log"
"$OOMLOG" -o PID,COMM,MEMCG "$tmp/kern.log" >"$tmp/out.oomlog-table"
"$OOMLOG" -r -o PID,COMM,MEMCG "$tmp/kern.log" >"$tmp/out.oomlog-raw"
"$OOMLOG" -J -o PID,COMM,MEMCG "$tmp/kern.log" >"$tmp/out.oomlog-json"
"$OOMLOG" --prometheus "$tmp/kern.log" >"$tmp/out.oomlog-prometheus"
"$OOMWHY" "$tmp/kern.log" >"$tmp/out.oomwhy-text"
"$OOMWHY" --format=markdown "$tmp/kern.log" >"$tmp/out.oomwhy-markdown"
"$OOMWHY" -J "$tmp/kern.log" >"$tmp/out.oomwhy-json"

python3 - "$tmp" <<'EOF' >"$tmp/check"
import glob, json, os, sys, unicodedata

def hidden(ch):
    return unicodedata.category(ch) == "Cf" or ch in "\u2028\u2029"

# what each name must look like, in the text and in a JSON string
esc = {
    "comm1": r"\xe2\x80\xaegp\xe2\x81\xa6x",
    "comm2": r"a\xe2\x80\x8bb\xef\xbb\xbfc\xe2\x80\xa8",
    "comm3": r"t\xf3\xa0\x81\x81g",
    "memcg": r"/app/\xe2\x80\xaebat\xe2\x80\x8bch",
}
need = {  # which names each output shows
    "oomtop-table": ["comm1", "comm2", "comm3", "memcg"],
    "oomtop-raw": ["comm1", "comm2", "comm3", "memcg"],
    "oomtop-json": ["comm1", "comm2", "comm3", "memcg"],
    "oomtop-domains": ["memcg"],
    "oomtop-prometheus": ["memcg"],
    "oomlog-table": ["comm1", "memcg"],
    "oomlog-raw": ["comm1", "memcg"],
    "oomlog-json": ["comm1", "memcg"],
    "oomlog-prometheus": ["comm1", "memcg"],
    "oomwhy-text": ["comm1", "comm2", "memcg"],
    "oomwhy-markdown": ["comm1", "comm2", "comm3", "memcg"],
    "oomwhy-json": ["comm1", "comm2", "comm3", "memcg"],
}
for path in sorted(glob.glob(os.path.join(sys.argv[1], "out.*"))):
    name = path.split("out.", 1)[1]
    text = open(path, "rb").read().decode("utf-8", "surrogateescape")
    found = sorted({"U+%04X" % ord(c) for c in text if hidden(c)})
    print(("FAIL" if found else "ok") + ": %s: no format character%s" %
          (name, " (found %s)" % ", ".join(found) if found else ""))
    if name.endswith("json"):
        # escaped text, its backslashes doubled by JSON
        text = json.dumps(json.loads(text), ensure_ascii=False)
    for k in need[name]:
        want = esc[k].replace("\\", "\\\\") if name.endswith("json") else esc[k]
        if name.endswith("prometheus"):
            want = esc[k].replace("\\", "\\\\")
        print(("ok" if want in text else "FAIL") + ": %s: %s shown as %s" % (name, k, esc[k]))
EOF
cat "$tmp/check"
check "every output: format characters escaped, names shown escaped" \
	test "$(grep -c '^FAIL' "$tmp/check")" -eq 0
check "every output checked" test "$(grep -c '^ok: .*no format character' "$tmp/check")" -eq 12
finish
