#!/usr/bin/env bash
# Whole outputs of every command, compared with golden files: stdout,
# stderr and the exit status of each case, on fixture inputs only (a
# procfs fixture root, kernel logs from tests/fixtures, a pinned boot
# time and time zone), so a drift in any column fails, not only in the
# ones other tests grep for.
#
#   bash tests/cli/test_golden.sh            compare (ctest runs this)
#   UPDATE=1 bash tests/cli/test_golden.sh   rewrite tests/cli/expected/
#
# After UPDATE=1, read `git diff tests/cli/expected/` before committing:
# every changed line must be a change you meant.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
src=$OOMKIT_SOURCE_DIR
exp=$src/tests/cli/expected
fx=$src/tests/fixtures
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export TZ=UTC LC_ALL=C.UTF-8 COLUMNS=200
export OOMLOG_TEST_BOOT_TIME=$(cat "$fx/real/kmsg.boottime")

# golden NAME CMD...: run CMD in tests/fixtures, so that file names in the
# output are relative and the same in every checkout; the clock in
# oomtop's summary line is the only thing that changes between runs
golden() {
	local name=$1; shift
	(cd "$fx" && "$@") >"$tmp/out" 2>"$tmp/err" </dev/null
	echo $? >"$tmp/rc"
	sed -i -E 's/^oomtop [0-9]{2}:[0-9]{2}:[0-9]{2} /oomtop HH:MM:SS /' "$tmp/out"
	# so does the time a JSON snapshot was taken
	sed -i -E 's/"time":"[0-9T:.-]+Z"/"time":"TIME"/' "$tmp/out"
	# user names depend on the machine's passwd: the uid is kept
	sed -i -E 's/"user":"[^"]*"/"user":"USER"/g' "$tmp/out"
	# messages name the program, not the path it was run by
	sed -i -E "s|$OOMKIT_BUILD_DIR/cmd/[a-z]+/||g; s|$src/|SRC/|g" "$tmp/out" "$tmp/err"
	local part
	for part in out err rc; do
		if [[ -n ${UPDATE:-} ]]; then
			cp "$tmp/$part" "$exp/$name.$part"
		elif ! cmp -s "$tmp/$part" "$exp/$name.$part"; then
			fail "$name: $part differs from tests/cli/expected/$name.$part"
			diff -u "$exp/$name.$part" "$tmp/$part" | head -20
			continue
		fi
		pass "$name: $part"
	done
}

top=$OOMTOP log=$OOMLOG adj=$OOMADJ
root=$fx/proc/v2-paper

# oomtop on the paper fixture root (docs/kernel.md §11.1); the default
# columns less USER, whose names come from this machine's passwd
cols=PID,UID,ADJ,SCORE,BADNESS,SHARE,RSS,SWAP,MEMCG,COMM
golden oomtop-table env OOMKIT_PROC_ROOT="$root" $top -b -n 1 -o $cols
golden oomtop-all env OOMKIT_PROC_ROOT="$root" $top -b -n 1 -a -o $cols,CSCORE,PPID,STATE
golden oomtop-raw env OOMKIT_PROC_ROOT="$root" $top -b -n 1 -r -o $cols
golden oomtop-json env OOMKIT_PROC_ROOT="$root" $top -b -n 1 -J
golden oomtop-domains env OOMKIT_PROC_ROOT="$root" $top -b -n 1 --domains
golden oomtop-domains-json env OOMKIT_PROC_ROOT="$root" $top -b -n 1 --domains -J
golden oomtop-no-domain env OOMKIT_PROC_ROOT="$root" $top -b -n 1 --domain /nope
golden oomtop-prometheus env OOMKIT_PROC_ROOT="$root" \
	OOMKIT_MEMCG_ROOT="$fx/cgroup-v2/paper" $top -b -n 1 --prometheus
golden oomtop-help $top --help
golden oomtop-usage $top -b -n 0

# oomlog on real captures: dmesg, dmesg -T, a /dev/kmsg capture
golden oomlog-dmesg $log real/dmesg.txt
golden oomlog-dmesg-T $log real/dmesg-T.txt
golden oomlog-kmsg $log -K real/kmsg.txt
golden oomlog-kmsg-json $log -J -K real/kmsg.txt
golden oomlog-kmsg-raw $log -r -K real/kmsg.txt
golden oomlog-all-columns $log -o TIME,BOOT_S,HOST,PID,COMM,UID,OUTCOME,KILLER,CONSTRAINT,MEMCG,OOM_MEMCG,TASK_MEMCG,RSS,TOTAL_VM,ANON_RSS,FILE_RSS,SHMEM_RSS,PGTABLES,ADJ,TRIGGER,TRIGGER_PID,GFP,ORDER,REAPED,SOURCE,NODEMASK,CPUSET,SCORE,UNIT,REASON,MEMCG_LIMIT,MEMCG_USAGE,OOM_GROUP,CONTEXT -K real/kmsg.txt
golden oomlog-summary $log --summary real/dmesg.txt
golden oomlog-corpus $log $(cd "$fx" && echo kmsg/0*.log)
golden oomlog-none $log /dev/null
golden oomlog-prometheus $log --prometheus $(cd "$fx" && echo kmsg/0*.log) real/kmsg.txt
golden oomlog-missing $log /nonexistent/kern.log
golden oomlog-help $log --help
golden oomlog-usage $log --since 'not a time' /dev/null

# oomadj: what does not depend on the live process table
golden oomadj-help $adj --help
golden oomadj-usage-range $adj -n 1001 1
golden oomadj-usage-pid $adj -n 5 0
golden oomadj-usage-none $adj -n 5

# oomwhy on real reports of the corpus: a memcg kill with a task table
# (3.13, Docker), a memory.oom.group kill in a Kubernetes pod, a host OOM,
# a memcg kill then "no killable processes"; each format
why=$OOMKIT_BUILD_DIR/cmd/oomwhy/oomwhy
# a syslog clock has no year: oomwhy assumes the year the file was written,
# so the copy gets a fixed one (a checkout's own mtime is today)
d015=kmsg/015-blog-kernlog-3.13-ubuntu-docker-line-numbered.log
mkdir -p "$tmp/fx/kmsg"
cp "$fx/$d015" "$tmp/fx/$d015"
touch -d "2018-04-18 12:00:00" "$tmp/fx/$d015"
in015() { (cd "$tmp/fx" && "$@"); }
golden oomwhy-text-docker in015 $why $d015
golden oomwhy-text-host $why kmsg/003-lkml-5.6-printk-caller-id-global-oom.log
golden oomwhy-text-all $why --all \
	kmsg/045-notes-nixos-6.5-cgroupv2-perline-stat-no-killable-then-wifi.log
golden oomwhy-markdown in015 $why --format=markdown $d015
golden oomwhy-markdown-k8s $why --format=markdown \
	kmsg/009-k8s-cgroupv2-containerd-oom-group-dmesg-w-grep.log
golden oomwhy-json in015 $why -J $d015
golden oomwhy-json-all $why -J --all \
	kmsg/045-notes-nixos-6.5-cgroupv2-perline-stat-no-killable-then-wifi.log
golden oomwhy-help $why --help
golden oomwhy-usage $why --event 0 x
finish
