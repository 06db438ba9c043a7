#!/usr/bin/env bash
# test_oomwhy_live.sh - oomwhy against real OOM kills: in a child memory
# cgroup (128 MiB, no swap; tests/lib/common.sh memcg_setup) processes of
# chosen sizes, names and oom_score_adj values, then a grower pushes the
# cgroup over its limit and the kernel kills one of them. For each
# arrangement `oomwhy -k -p <victim> -J` must rebuild the kernel's ranking
# from the report with the kernel's actual victim first (ranking_agrees
# true, totalpages 32,768), and each what-if it states is checked by
# running the arrangement again without that adj and observing whom the
# kernel kills then. Arrangements:
#   adj:     big 90 MiB adj 0 (23,040 pages) and tiny 1 MiB adj 1000
#            (256 + 32,000): adj decides, tiny dies; the what-if says big
#            would have died without tiny's 1000 (checked by a re-run);
#   noeffect: big 90 MiB adj 0 and small 10 MiB adj 500 (2,560 + 16,000):
#            big dies and adj changes nothing, so no what-if is stated;
#   samecomm: two "worker" processes (80 and 20 MiB, adj 0): the ranking
#            tells them apart by pid and puts the one the kernel killed
#            first.
# (A negative adj cannot be set here: root lacks CAP_SYS_RESOURCE.)
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
need_oom_kills
OOMWHY=$OOMKIT_BUILD_DIR/cmd/oomwhy/oomwhy
[[ -x $OOMWHY ]] || { echo "FAIL: $OOMWHY not built"; exit 1; }
[[ -x $HOG ]] || { echo "FAIL: $HOG not built"; exit 1; }
command -v python3 >/dev/null || skip "python3 missing"
need_root
[[ -r /dev/kmsg ]] || skip "cannot read /dev/kmsg"
LIMIT_MIB=128
tmp=$(mktemp -d "${TMPDIR:-/tmp}/oomkit-why.XXXXXX")
trap 'memcg_cleanup; rm -rf "$tmp"' EXIT
skip() {
	if ((passes + fails > 0)); then
		echo "SKIP (the rest): $*"
		finish
	fi
	echo "SKIP: $*"
	exit 77
}

# oom NAME LABEL:MIB:ADJ...: one real OOM in a fresh memcg. Sets VICTIM
# (the label the kernel killed), VPID (its pid) and PIDS (label=pid ...).
oom() {
	local name=$1 spec label mib adj grower before now usage free_mib
	local -A pid=()
	shift
	VICTIM= VPID= PIDS=
	memcg_setup "oomkit-oomwhy-$$-$name" "$LIMIT_MIB"
	trap 'memcg_cleanup; rm -rf "$tmp"' EXIT
	for spec in "$@"; do
		IFS=: read -r label mib adj <<<"$spec"
		pid[$label]=$(memcg_spawn -m "$mib" -a "$adj" -c "${label%%.*}")
		PIDS+="$label=${pid[$label]} "
	done
	before=$(memcg_oom_kills)
	if [[ $MEMCG_MODE == v1 ]]; then
		usage=$(cat "$MEMCG_DIR/memory.usage_in_bytes")
	else
		usage=$(cat "$MEMCG_DIR/memory.current")
	fi
	free_mib=$(((LIMIT_MIB * 1048576 - usage) / 1048576 - 6))
	((free_mib < 0)) && free_mib=0
	grower=$(memcg_spawn -m "$free_mib" -g 1 -i 250 -a 0 -c grower)
	for _ in $(seq 3000); do
		now=$(memcg_oom_kills)
		((now > before)) && break
		sleep 0.01
	done
	kill -9 "$grower" 2>/dev/null
	sleep 0.5
	for label in "${!pid[@]}"; do
		if [[ ! -d /proc/${pid[$label]} ]] ||
			grep -q '^State:.*Z' "/proc/${pid[$label]}/status" 2>/dev/null; then
			VICTIM=$label VPID=${pid[$label]}
		fi
	done
	echo "$name: $PIDS grower=$grower; the kernel killed ${VICTIM:-nobody we started} ($VPID)"
	memcg_cleanup
	MEMCG_DIR=
}

# why NAME: oomwhy on the kernel's report of VPID; prints facts for checks
why() {
	"$OOMWHY" -k -p "$VPID" -J >"$tmp/$1.json" 2>"$tmp/$1.err"
	echo $? >"$tmp/$1.rc"
	python3 - "$tmp/$1.json" <<'PY'
import json, sys
try:
    x = json.load(open(sys.argv[1]))["events"][-1]
except Exception as e:
    print("error", e)
    sys.exit()
r = x["ranking"]
print("agrees", x["ranking_agrees"])
print("totalpages", x["domain"]["totalpages"], x["domain"]["totalpages_max"])
print("first", r[0]["pid"] if r else None, r[0]["comm"] if r else None)
print("victim_rows", sum(1 for t in r if t["victim"]))
print("rows", " ".join("%s:%s:%s" % (t["pid"], t["comm"], t["badness"]) for t in r))
for w in x["what_if"]:
    print("whatif", w)
PY
}

# --- adj decides; the what-if checked by a re-run without tiny's adj ------------
oom adj big:90:0 tiny:1:1000
[[ -n $VPID ]] || skip "no OOM kill happened in the child memcg"
check "adj: the kernel killed tiny (adj 1000)" test "$VICTIM" = tiny
out=$(why adj); echo "$out"
check "adj: oomwhy exits 0" test "$(cat "$tmp/adj.rc")" -eq 0
check "adj: ranking agrees with the kernel" grep -qx "agrees True" <<<"$out"
check "adj: the kernel's victim (pid $VPID) is first" grep -qx "first $VPID tiny" <<<"$out"
check "adj: totalpages is the 128 MiB limit, fixed (v1 memsw or v2 swap.max 0)" \
	grep -qx "totalpages 32768 32768" <<<"$out"
check "adj: the what-if names big" \
	grep -q "^whatif With every oom_score_adj at 0, big (pid [0-9]*, adj 0) would have been chosen instead of tiny (pid $VPID, adj 1000)" \
	<<<"$out"
oom adj-rerun big:90:0 tiny:1:0
check "adj re-run without tiny's adj: the kernel killed big, as the what-if said" \
	test "$VICTIM" = big
out=$(why adj-rerun); echo "$out"
check "adj re-run: ranking agrees" grep -qx "agrees True" <<<"$out"
check "adj re-run: no what-if (no adj changes the outcome)" bash -c "! grep -q '^whatif' <<<'$out'"

# --- adj that changes nothing: no what-if ------------------------------------------
oom noeffect big:90:0 small:10:500
check "noeffect: the kernel killed big" test "$VICTIM" = big
out=$(why noeffect); echo "$out"
check "noeffect: ranking agrees, big first" grep -qx "first $VPID big" <<<"$out"
check "noeffect: no what-if stated" bash -c "! grep -q '^whatif' <<<'$out'"

# --- two processes with one comm ---------------------------------------------------
oom samecomm worker.a:80:0 worker.b:20:0
check "samecomm: the kernel killed the larger worker" test "$VICTIM" = worker.a
out=$(why samecomm); echo "$out"
check "samecomm: ranking agrees" grep -qx "agrees True" <<<"$out"
check "samecomm: the killed worker's pid ($VPID) is first" grep -qx "first $VPID worker" <<<"$out"
check "samecomm: exactly one row is the victim" grep -qx "victim_rows 1" <<<"$out"
check "samecomm: both workers are ranked" \
	test "$(grep -o ':worker:' <<<"$out" | wc -l)" -eq 2
finish
