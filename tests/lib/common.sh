# tests/lib/common.sh - shared helpers for the shell test layers.
# Source it: . "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
#
# Exit codes: 0 pass, 1 fail, 77 skip (CTest SKIP_RETURN_CODE).

: "${OOMKIT_BUILD_DIR:?run through ctest}"
OOMTOP=$OOMKIT_BUILD_DIR/cmd/oomtop/oomtop
OOMLOG=$OOMKIT_BUILD_DIR/cmd/oomlog/oomlog
OOMADJ=$OOMKIT_BUILD_DIR/cmd/oomadj/oomadj
HOG=$OOMKIT_HELPERS/oomkit-hog

fails=0
passes=0
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; passes=$((passes + 1)); }
check() { # check "description" command...
	local what=$1; shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}
finish() {
	echo "$passes passed, $fails failed"
	((fails == 0))
	exit $?
}
need_root() { ((EUID == 0)) || skip "needs root"; }
# need_oom_kills: for a test that makes the kernel kill processes (in a
# child memory cgroup of its own): each kill writes an OOM report to this
# host's kernel log, where monitoring may see it. Such tests run in CI
# (CI=true) or when asked for with OOMKIT_TEST_OOM=1; otherwise they skip.
need_oom_kills() {
	[[ ${CI:-} == true || ${OOMKIT_TEST_OOM:-} == 1 ]] ||
		skip "makes real OOM kills (reports in this host's kernel log): run with OOMKIT_TEST_OOM=1 to include it"
}
# has_cap_resource: true when this shell has CAP_SYS_RESOURCE (bit 24)
has_cap_resource() { (( (0x$(awk '/^CapEff/ { print $2 }' /proc/self/status) >> 24) & 1 )); }

# hog_start VAR ARGS...: start oomkit-hog with ARGS and wait until its
# memory is touched; its pid goes to VAR and to the caller's array pids
# (which the caller's cleanup kills)
hog_start() {
	local var=$1 fifo
	shift
	fifo=$(mktemp -u "${TMPDIR:-/tmp}/oomkit-ready.XXXXXX")
	mkfifo "$fifo"
	"$HOG" -r 3 "$@" 3>"$fifo" >/dev/null 2>&1 &
	pids+=($!)
	printf -v "$var" %s $!
	timeout 20 head -n1 "$fifo" >/dev/null
	rm -f "$fifo"
}

# --- child memory cgroups for real OOM kills ---------------------------
# memcg_setup NAME LIMIT_MIB: create a child memcg with a hard limit (at most
# 256 MiB) and no swap, on v1 or v2, whichever holds the memory controller.
# Sets MEMCG_DIR (the directory) and MEMCG_PATH (the path the kernel prints,
# e.g. /oomkit-test-123). Skips (77) when that is impossible.
MEMCG_DIR=
MEMCG_PATH=
MEMCG_MODE=
MEMCG_ENABLED_IN=
memcg_setup() {
	local name=$1 limit_mib=$2 root
	((limit_mib <= 256)) || { echo "memcg_setup: limit over 256 MiB refused" >&2; exit 1; }
	need_root
	root=$(awk '$9 == "cgroup" && $NF ~ /(^|,)memory(,|$)/ { print $5; exit }' /proc/self/mountinfo)
	if [[ -n $root ]]; then
		MEMCG_MODE=v1
	else
		root=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
		[[ -n $root ]] && grep -qw memory "$root/cgroup.controllers" 2>/dev/null || skip "no memory cgroup controller"
		# enabled here, disabled again by memcg_cleanup (when nothing
		# else uses it by then): no setting outlives the test
		if ! grep -qw memory "$root/cgroup.subtree_control" 2>/dev/null; then
			echo +memory >"$root/cgroup.subtree_control" 2>/dev/null || skip "cannot enable memory controller"
			MEMCG_ENABLED_IN=$root
		fi
		MEMCG_MODE=v2
	fi
	MEMCG_DIR=$root/$name
	MEMCG_PATH=/$name
	mkdir "$MEMCG_DIR" 2>/dev/null || { memcg_disable; skip "memory cgroup not writable ($root)"; }
	# memcg_cleanup first, then the caller's EXIT trap if it has one (not
	# in a subshell, e.g. a probe: `trap -p` shows the parent's trap there,
	# which is not the subshell's to run)
	local prev=
	((BASH_SUBSHELL == 0)) && prev=$(trap -p EXIT)
	eval "set -- $prev"
	trap "memcg_cleanup${3:+; $3}" EXIT
	local bytes=$((limit_mib * 1024 * 1024))
	if [[ $MEMCG_MODE == v1 ]]; then
		echo "$bytes" >"$MEMCG_DIR/memory.limit_in_bytes" || skip "cannot set limit"
		[[ -e $MEMCG_DIR/memory.memsw.limit_in_bytes ]] &&
			echo "$bytes" >"$MEMCG_DIR/memory.memsw.limit_in_bytes"
		echo 0 >"$MEMCG_DIR/memory.swappiness" 2>/dev/null || true
	else
		echo "$bytes" >"$MEMCG_DIR/memory.max" || skip "cannot set limit"
		echo 0 >"$MEMCG_DIR/memory.swap.max" 2>/dev/null || true
	fi
}
# memcg_spawn ARGS...: start oomkit-hog inside the memcg, wait until its
# memory is touched, and print its pid. The hog is moved into the memcg
# before it allocates (a wrapper shell joins the cgroup, then execs).
memcg_spawn() {
	local fifo pid
	fifo=$(mktemp -u "${TMPDIR:-/tmp}/oomkit-ready.XXXXXX")
	mkfifo "$fifo"
	bash -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' _ "$MEMCG_DIR" \
		"$HOG" -r 3 "$@" 3>"$fifo" >/dev/null 2>&1 &
	pid=$!
	timeout 30 head -n1 "$fifo" >/dev/null
	rm -f "$fifo"
	echo "$pid"
}
# memcg_oom_kills: the kernel's oom_kill counter of $MEMCG_DIR (v1
# memory.oom_control, v2 memory.events)
memcg_oom_kills() {
	if [[ $MEMCG_MODE == v1 ]]; then
		awk '$1 == "oom_kill" { print $2 }' "$MEMCG_DIR/memory.oom_control"
	else
		awk '$1 == "oom_kill" { print $2 }' "$MEMCG_DIR/memory.events"
	fi
}
memcg_cleanup() {
	[[ -n $MEMCG_DIR && -d $MEMCG_DIR ]] || { memcg_disable; return 0; }
	local p
	for p in $(cat "$MEMCG_DIR/cgroup.procs" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
	for _ in $(seq 50); do
		[[ -z $(cat "$MEMCG_DIR/cgroup.procs" 2>/dev/null) ]] && break
		sleep 0.1
	done
	rmdir "$MEMCG_DIR" 2>/dev/null || true
	memcg_disable
}
# memcg_disable: the memory controller off again where memcg_setup turned
# it on (it stays on while another cgroup uses it)
memcg_disable() {
	[[ -n $MEMCG_ENABLED_IN ]] || return 0
	echo -memory >"$MEMCG_ENABLED_IN/cgroup.subtree_control" 2>/dev/null || true
	MEMCG_ENABLED_IN=
}
