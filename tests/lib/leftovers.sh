#!/usr/bin/env bash
# leftovers.sh record|check - nothing a test changes may outlive it.
#
# CTest runs `record` before every other test (suite/leftovers-record,
# FIXTURES_SETUP) and `check` after all of them (suite/leftovers-check,
# FIXTURES_CLEANUP); `ctest -R` on a few tests runs both too. `check`
# fails with the list of what the tests left behind:
#   - anything in the suite's temporary directory ($OOMKIT_TEST_TMPDIR,
#     which ctest gives every test as TMPDIR and TMUX_TMPDIR): everything
#     there is the tests' own, so it must be empty at the end;
#   - processes started by this build's tests: those whose environment
#     holds OOMKIT_BUILD_DIR=<this build directory> (ctest sets it for
#     every test, children inherit it), apart from this script and its
#     parents and those already there at `record`;
#   - cgroups named as the tests name theirs (oomkit-*, oomadj-*, oomtop-*
#     at the top of any cgroup hierarchy) that were not there at `record`;
#   - the sysctls an OOM test could touch (vm.oom_dump_tasks,
#     vm.panic_on_oom, ...) and the memory controller of the cgroup v2
#     root's children, against their values at `record`.
# The machine is shared: other people's test runs (from other build
# directories) start processes and make cgroups of the same names
# meanwhile. Processes are told apart by their build directory; a cgroup
# whose name carries the pid of a test that still runs elsewhere (the $$
# in oomkit-screen-$$) is theirs, not a leftover of this run. The host's
# /tmp is not compared: the tests write under $TMPDIR only
# (tests/cli/test_style.sh checks that no test names /tmp itself).
#
# Exit codes: 0 nothing left, 1 leftovers (listed) or an unusable state.
set -u
export LC_ALL=C

: "${OOMKIT_BUILD_DIR:?run through ctest}"
: "${OOMKIT_TEST_TMPDIR:?run through ctest}"
state=$OOMKIT_BUILD_DIR/tests/leftovers
sysctls=(vm/oom_dump_tasks vm/panic_on_oom vm/oom_kill_allocating_task
	vm/overcommit_memory vm/overcommit_ratio vm/overcommit_kbytes vm/swappiness
	vm/min_free_kbytes kernel/panic kernel/printk kernel/dmesg_restrict)

# the pids of this script and its parents (ctest, the shell that ran it)
ancestors() {
	local p=$$
	while [[ -n $p && $p != 0 ]]; do
		echo "$p"
		p=$(awk '$1 == "PPid:" { print $2 }' "/proc/$p/status" 2>/dev/null)
	done
}

# true when @1 is this script or runs below it (its subshells)
below_us() {
	local p=$1 i
	for ((i = 0; i < 16 && p > 1; i++)); do
		[[ $p == "$$" ]] && return 0
		p=$(awk '$1 == "PPid:" { print $2 }' "/proc/$p/status" 2>/dev/null)
		[[ -n $p ]] || return 1
	done
	return 1
}

# "pid starttime" of every process whose environment has this build dir,
# other than this script and what it runs
ours() {
	local d pid want="OOMKIT_BUILD_DIR=$OOMKIT_BUILD_DIR"
	for d in /proc/[0-9]*; do
		pid=${d#/proc/}
		tr '\0' '\n' 2>/dev/null <"$d/environ" | grep -qxF -- "$want" || continue
		below_us "$pid" && continue
		echo "$pid $(sed 's/.*) //' 2>/dev/null <"$d/stat" | cut -d' ' -f20)"
	done
}

# the top-level cgroups with the tests' name prefixes, as "mountpoint/name"
cgroups() {
	local m
	awk '$9 == "cgroup" || $9 == "cgroup2" { print $5 }' /proc/self/mountinfo | sort -u |
		while read -r m; do
			find "$m" -mindepth 1 -maxdepth 1 -type d \
				\( -name 'oomkit-*' -o -name 'oomadj-*' -o -name 'oomtop-*' \) 2>/dev/null
		done | sort
}

settings() {
	local s root
	for s in "${sysctls[@]}"; do
		[[ -r /proc/sys/$s ]] && printf '%s = %s\n' "${s//\//.}" "$(tr '\t' ' ' <"/proc/sys/$s")"
	done
	root=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
	if [[ -n $root && -r $root/cgroup.subtree_control ]]; then
		printf '%s/cgroup.subtree_control has memory = %s\n' "$root" \
			"$(grep -qw memory "$root/cgroup.subtree_control" && echo yes || echo no)"
	fi
}

# a pid in a cgroup's name (the test's $$) that runs, but not from this
# build: another run of the suite on this machine owns that cgroup
someone_elses() {
	local pid
	pid=$(grep -oE '[0-9]+' <<<"${1##*/}" | head -n1)
	[[ -n $pid && -d /proc/$pid ]] || return 1
	! tr '\0' '\n' 2>/dev/null <"/proc/$pid/environ" | grep -qxF -- "OOMKIT_BUILD_DIR=$OOMKIT_BUILD_DIR"
}

record() {
	local t=$OOMKIT_TEST_TMPDIR
	# the suite's temporary directory, fresh (a run that was stopped may
	# have left one); a path that is not a directory of ours is refused
	if [[ -L $t || (-e $t && ! -O $t) ]]; then
		echo "FAIL: $t exists and is not a directory of this user: remove it"
		exit 1
	fi
	rm -rf "$t" && mkdir -m 1777 "$t" && chmod 1777 "$t" ||
		{ echo "FAIL: cannot make $t"; exit 1; }
	rm -rf "$state" && mkdir -p "$state" || { echo "FAIL: cannot make $state"; exit 1; }
	ours >"$state/processes"
	cgroups >"$state/cgroups"
	settings >"$state/settings"
	echo "recorded: $(wc -l <"$state/cgroups") test-named cgroups, $(wc -l <"$state/settings") settings; TMPDIR=$t"
}

check() {
	local t=$OOMKIT_TEST_TMPDIR n=0 line pid rest c
	[[ -d $state ]] || { echo "FAIL: nothing recorded (was suite/leftovers-record run?)"; exit 1; }

	# files: everything under the suite's TMPDIR, shown two levels deep
	if [[ -d $t ]]; then
		while IFS= read -r line; do
			echo "LEFTOVER file: $line"
			n=$((n + 1))
		done < <(find "$t" -mindepth 1 -maxdepth 3 | sort)
	fi

	# processes
	local anc
	anc=" $(ancestors | tr '\n' ' ') "
	while read -r pid rest; do
		[[ $anc == *" $pid "* ]] && continue
		grep -qxF -- "$pid $rest" "$state/processes" && continue
		echo "LEFTOVER process: pid $pid ($(cat "/proc/$pid/comm" 2>/dev/null)):" \
			"$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-200)"
		n=$((n + 1))
	done < <(ours)

	# cgroups
	while IFS= read -r c; do
		grep -qxF -- "$c" "$state/cgroups" && continue
		someone_elses "$c" && continue
		echo "LEFTOVER cgroup: $c"
		n=$((n + 1))
	done < <(cgroups)

	# settings
	while IFS= read -r line; do
		echo "LEFTOVER setting: $line (at the start: $(grep -F -- "${line%% = *} = " "$state/settings" | sed 's/.* = //'))"
		n=$((n + 1))
	done < <(settings | grep -vxF -f "$state/settings")

	# the directory goes either way: the next run starts afresh
	rm -rf "$t"
	if ((n)); then
		echo "FAIL: $n things left behind by the tests (above)"
		exit 1
	fi
	echo "ok: no leftovers (files under $t, processes, cgroups, sysctls)"
}

case ${1:-} in
record) record ;;
check) check ;;
*)
	echo "usage: leftovers.sh record|check" >&2
	exit 2
	;;
esac
