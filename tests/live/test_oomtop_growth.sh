#!/usr/bin/env bash
# test_oomtop_growth.sh - the GROWTH column across batch iterations, and
# the batch focus options on live processes:
#   - a process that allocates 4 MiB every 250 ms grows about 16 MiB/s:
#     oomtop -b -n 3 -d 1 -p PID -J says null, then a rate between 8 and
#     24 MiB/s (it is measured over real readings, with scheduling noise),
#     and a flat process's rate is 0;
#   - -p keeps one process, -u another user's none, --memcg the memcg.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
[[ -x $OOMTOP && -x $HOG ]] || { echo "FAIL: binaries not built"; exit 1; }
command -v python3 >/dev/null || skip "python3 missing"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/oomkit-growth.XXXXXX")
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

hog_start grow -m 4 -g 4 -i 250 -c growtest
hog_start flat -m 4 -c flattest
timeout 30 "$OOMTOP" -b -n 3 -d 1 -J -o PID,RSS,GROWTH -u "$(id -u)" >"$tmp/out" 2>"$tmp/err"
check "oomtop -b -n 3 exits 0" test $? -eq 0
kill -9 "$grow" 2>/dev/null
check "GROWTH: null first, then the leak's rate, 0 for a flat process" python3 -c "
import json
snaps = [json.loads(l) for l in open('$tmp/out')]
assert len(snaps) == 3, len(snaps)
def row(s, pid):
    return next(p for p in s['processes'] if p['pid'] == pid)
assert row(snaps[0], $grow)['rss_growth_kb_per_s'] is None
g = row(snaps[2], $grow)['rss_growth_kb_per_s']
assert 8 * 1024 <= g <= 24 * 1024, g
assert row(snaps[2], $flat)['rss_growth_kb_per_s'] == 0
print('growth', g, 'KiB/s')
"

"$OOMTOP" -b -n 1 -r --noheadings -o PID -p "$flat" >"$tmp/p"
check "-p: only that process" test "$(cat "$tmp/p")" = "$flat"
check "-u of a user without processes: nothing" \
	test -z "$("$OOMTOP" -b -n 1 -r --noheadings -o PID -u 4242)"
cg=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ || $1 == "0" { print $3; exit }' /proc/$flat/cgroup)
if [[ -n $cg ]]; then
	"$OOMTOP" -b -n 1 -r --noheadings -o PID,MEMCG --memcg "$cg" >"$tmp/m"
	check "--memcg $cg: the process is listed" grep -q "^$flat " "$tmp/m"
	check "--memcg $cg: every row in it or below" \
		awk -v cg="$cg" '{ if (cg != "/" && $2 != cg && index($2, cg "/") != 1) exit 1 }' "$tmp/m"
fi
finish
