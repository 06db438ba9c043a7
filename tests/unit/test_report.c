/*
 * test_report.c - the kernel OOM report parser, era by era, prefix by
 * prefix, plus garbage. Lines follow the kernel's format strings as
 * documented in docs/kernel-oom.md §4 (synthetic where the corpus has no
 * example of an era); every check compares exact field values.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "oomkit/report.h"
#include "report-private.h"

#define MAXEV 256
#define NA LLONG_MIN

struct evs {
	struct oomkit_event *ev[MAXEV];
	int n;
};

static void collect(struct oomkit_report_parser *rp, struct evs *o)
{
	struct oomkit_event *ev;

	while (oomkit_report_next(rp, &ev) == 0) {
		assert_true(o->n < MAXEV);
		o->ev[o->n++] = ev;
	}
}

/* feed NULL-terminated lines, flush, collect */
static void run_with(struct oomkit_report_parser *rp, struct evs *o,
		     const char *const *lines)
{
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 0; lines[i]; i++) {
		char origin[32];

		snprintf(origin, sizeof(origin), "t:%d", i + 1);
		assert_int_equal(oomkit_report_feed_line(rp, lines[i],
							 strlen(lines[i]),
							 origin), 0);
		collect(rp, o);
	}
	assert_int_equal(oomkit_report_flush(rp), 0);
	collect(rp, o);
}

static void run(struct evs *o, const char *const *lines)
{
	struct oomkit_report_parser *rp;

	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	run_with(rp, o, lines);
	oomkit_report_parser_free(rp);
}

static void done(struct evs *o)
{
	int i;

	for (i = 0; i < o->n; i++)
		oomkit_event_free(o->ev[i]);
	o->n = 0;
}

static long long N(const struct oomkit_event *ev, enum oomkit_event_num i)
{
	long long v;

	return oomkit_event_num(ev, i, &v) == 0 ? v : NA;
}

static const char *S(const struct oomkit_event *ev, enum oomkit_event_str i)
{
	const char *s = oomkit_event_str(ev, i);

	return s ? s : "(none)";
}

static long long T(const struct oomkit_event *ev, size_t row,
		   enum oomkit_task_num c)
{
	long long v;

	return oomkit_event_task_num(ev, row, c, &v) == 0 ? v : NA;
}

/* ---------------------------------------------------------------- */
/* eras */

static void test_618_memcg_full(void **state)
{
	static const char *const l[] = {
		"[ 4113.500001] hog invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		"[ 4113.500010] CPU: 1 UID: 0 PID: 11174 Comm: hog Not tainted 6.18.44-1 #1 PREEMPT(voluntary)",
		"[ 4113.500011] Hardware name: QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.2",
		"[ 4113.500012] Call Trace:",
		"[ 4113.500013]  <TASK>",
		"[ 4113.500014]  dump_stack_lvl+0x5d/0x80",
		"[ 4113.500015]  try_charge_memcg+0x6f1/0x7e0",
		"[ 4113.500016]  </TASK>",
		"[ 4113.500020] memory: usage 65536kB, limit 65536kB, failcnt 118",
		"[ 4113.500021] memory+swap: usage 65536kB, limit 9007199254740988kB, failcnt 0",
		"[ 4113.500022] kmem: usage 1200kB, limit 9007199254740988kB, failcnt 0",
		"[ 4113.500023] Memory cgroup stats for /kres:",
		"[ 4113.500024] cache 0",
		"[ 4113.500025] rss 66000000",
		"[ 4113.500030] Tasks state (memory values in pages):",
		"[ 4113.500031] [  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name",
		"[ 4113.500032] [  11130]     0 11130    30000     6521     6400      121        0    94208        0             0 big",
		"[ 4113.500033] [  11132]     0 11132      876      605      256      349         0    53248        0          1000 tiny",
		"[ 4113.500034] [  11174]     0 11174    12000    10203    10100      103        0   131072        0             0 hog",
		"[ 4113.500040] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/kres,task_memcg=/kres,task=tiny,pid=11132,uid=0",
		"[ 4113.500050] Memory cgroup out of memory: Killed process 11132 (tiny) total-vm:3504kB, anon-rss:1024kB, file-rss:1396kB, shmem-rss:0kB, UID:0 pgtables:52kB oom_score_adj:1000",
		NULL };
	struct evs o;
	const struct oomkit_event *e;

	(void)state;
	run(&o, l);
	assert_int_equal(o.n, 1);
	e = o.ev[0];
	assert_int_equal(N(e, OOMKIT_EV_OUTCOME), OOMKIT_OUTCOME_KILLED);
	assert_int_equal(N(e, OOMKIT_EV_KILLER), OOMKIT_KILLER_KERNEL);
	assert_int_equal(N(e, OOMKIT_EV_PID), 11132);
	assert_string_equal(S(e, OOMKIT_EV_COMM), "tiny");
	assert_int_equal(N(e, OOMKIT_EV_UID), 0);
	assert_int_equal(N(e, OOMKIT_EV_TOTAL_VM_KB), 3504);
	assert_int_equal(N(e, OOMKIT_EV_ANON_RSS_KB), 1024);
	assert_int_equal(N(e, OOMKIT_EV_FILE_RSS_KB), 1396);
	assert_int_equal(N(e, OOMKIT_EV_SHMEM_RSS_KB), 0);
	assert_int_equal(N(e, OOMKIT_EV_PGTABLES_KB), 52);
	assert_int_equal(N(e, OOMKIT_EV_OOM_SCORE_ADJ), 1000);
	assert_int_equal(N(e, OOMKIT_EV_TRIGGER_PID), 11174);
	assert_int_equal(N(e, OOMKIT_EV_TRIGGER_ADJ), 0);
	assert_int_equal(N(e, OOMKIT_EV_ORDER), 0);
	assert_int_equal(N(e, OOMKIT_EV_GFP_MASK), 0xcc0);
	assert_string_equal(S(e, OOMKIT_EV_GFP_TEXT), "0xcc0(GFP_KERNEL)");
	assert_string_equal(S(e, OOMKIT_EV_TRIGGER_COMM), "hog");
	assert_string_equal(S(e, OOMKIT_EV_CONSTRAINT), "CONSTRAINT_MEMCG");
	assert_string_equal(S(e, OOMKIT_EV_OOM_MEMCG), "/kres");
	assert_string_equal(S(e, OOMKIT_EV_TASK_MEMCG), "/kres");
	assert_string_equal(S(e, OOMKIT_EV_STATS_MEMCG), "/kres");
	assert_string_equal(S(e, OOMKIT_EV_NODEMASK), "(null)");
	assert_string_equal(S(e, OOMKIT_EV_CPUSET), "/");
	assert_string_equal(S(e, OOMKIT_EV_KILL_PREFIX),
			    "Memory cgroup out of memory");
	assert_int_equal(N(e, OOMKIT_EV_MEMCG_OOM), 1);
	assert_int_equal(N(e, OOMKIT_EV_MEMCG_USAGE_KB), 65536);
	assert_int_equal(N(e, OOMKIT_EV_MEMCG_LIMIT_KB), 65536);
	assert_int_equal(N(e, OOMKIT_EV_MEMCG_FAILCNT), 118);
	assert_int_equal(N(e, OOMKIT_EV_BOOT_US), 4113500050LL);
	assert_int_equal(N(e, OOMKIT_EV_REALTIME_US), NA);
	assert_string_equal(S(e, OOMKIT_EV_TIME_TEXT), "[ 4113.500050]");
	assert_string_equal(S(e, OOMKIT_EV_SOURCE), "t:21");
	assert_string_equal(S(e, OOMKIT_EV_HOST), "(none)");
	/* the task table, 6.8+ columns */
	assert_int_equal(oomkit_event_task_count(e), 3);
	assert_int_equal(N(e, OOMKIT_EV_TASKS_TOTAL), 3);
	assert_int_equal(T(e, 1, OOMKIT_TASK_PID), 11132);
	assert_int_equal(T(e, 1, OOMKIT_TASK_TOTAL_VM), 876);
	assert_int_equal(T(e, 1, OOMKIT_TASK_RSS), 605);
	assert_int_equal(T(e, 1, OOMKIT_TASK_RSS_ANON), 256);
	assert_int_equal(T(e, 1, OOMKIT_TASK_RSS_FILE), 349);
	assert_int_equal(T(e, 1, OOMKIT_TASK_RSS_SHMEM), 0);
	assert_int_equal(T(e, 1, OOMKIT_TASK_PGTABLES_BYTES), 53248);
	assert_int_equal(T(e, 1, OOMKIT_TASK_OOM_SCORE_ADJ), 1000);
	assert_int_equal(T(e, 1, OOMKIT_TASK_NR_PTES), NA);
	assert_string_equal(oomkit_event_task_name(e, 2), "hog");
	assert_int_equal(oomkit_event_task_num(e, 3, OOMKIT_TASK_PID, NULL),
			 -ERANGE);
	assert_null(oomkit_event_task_name(e, 3));
	done(&o);
}

static void test_26_2x(void **state)
{
	static const char *const l[] = {
		"sed invoked oom-killer: gfp_mask=0x201d2, order=0, oomkilladj=0",
		"Pid: 3100, comm: sed Not tainted 2.6.24-1-686 #1",
		"Mem-Info:",
		"[ pid ]   uid  tgid total_vm      rss cpu oom_adj name",
		"[ 2200]  1000  2200    50000    40000   0       0 firefox",
		"Out of Memory: Kill process 2200 (firefox) score 812345 and children.",
		"Out of memory: Killed process 2200 (firefox).",
		NULL };
	struct evs o;
	const struct oomkit_event *e;

	(void)state;
	run(&o, l);
	assert_int_equal(o.n, 1);
	e = o.ev[0];
	assert_int_equal(N(e, OOMKIT_EV_PID), 2200);
	assert_string_equal(S(e, OOMKIT_EV_COMM), "firefox");
	assert_int_equal(N(e, OOMKIT_EV_SCORE), 812345);
	assert_int_equal(N(e, OOMKIT_EV_SELECTED_PID), 2200);
	assert_int_equal(N(e, OOMKIT_EV_TRIGGER_OOM_ADJ), 0);
	assert_int_equal(N(e, OOMKIT_EV_TRIGGER_ADJ), NA);
	assert_int_equal(N(e, OOMKIT_EV_TRIGGER_PID), 3100);
	assert_int_equal(N(e, OOMKIT_EV_GFP_MASK), 0x201d2);
	assert_int_equal(N(e, OOMKIT_EV_MEMCG_OOM), 0);
	assert_int_equal(N(e, OOMKIT_EV_UID), 1000);
	assert_int_equal(N(e, OOMKIT_EV_ANON_RSS_KB), NA);
	assert_int_equal(T(e, 0, OOMKIT_TASK_CPU), 0);
	assert_int_equal(T(e, 0, OOMKIT_TASK_OOM_ADJ), 0);
	assert_int_equal(T(e, 0, OOMKIT_TASK_RSS), 40000);
	assert_string_equal(S(e, OOMKIT_EV_TIME_TEXT), "(none)");
	done(&o);
}

static void test_3x_sacrifice_child(void **state)
{
	static const char *const l[] = {
		"[  500.000001] java invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0",
		"[  500.000002] java cpuset=/ mems_allowed=0",
		"[  500.000003] Pid: 777, comm: java Not tainted 3.2.0-4-amd64 #1 Debian 3.2.57-3",
		"[  500.000004] [ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name",
		"[  500.000005] [  700]     0   700   500000   300000   1       0             0 java",
		"[  500.000006] [  701]    33   701   100000    90000   0       0           500 worker",
		"[  500.000007] Out of memory: Kill process 700 (java) score 901 or sacrifice child",
		"[  500.000008] Killed process 701 (worker) total-vm:400000kB, anon-rss:350000kB, file-rss:10000kB",
		NULL };
	struct evs o;
	const struct oomkit_event *e;

	(void)state;
	run(&o, l);
	assert_int_equal(o.n, 1);
	e = o.ev[0];
	assert_int_equal(N(e, OOMKIT_EV_PID), 701);
	assert_string_equal(S(e, OOMKIT_EV_COMM), "worker");
	assert_int_equal(N(e, OOMKIT_EV_SELECTED_PID), 700);
	assert_string_equal(S(e, OOMKIT_EV_SELECTED_COMM), "java");
	assert_int_equal(N(e, OOMKIT_EV_SCORE), 901);
	assert_int_equal(N(e, OOMKIT_EV_OOM_SCORE_ADJ), 500);	/* row 701 */
	assert_int_equal(N(e, OOMKIT_EV_UID), 33);
	assert_int_equal(N(e, OOMKIT_EV_TRIGGER_OOM_ADJ), 0);
	assert_int_equal(N(e, OOMKIT_EV_TRIGGER_ADJ), 0);
	assert_int_equal(N(e, OOMKIT_EV_ANON_RSS_KB), 350000);
	assert_int_equal(N(e, OOMKIT_EV_SHMEM_RSS_KB), NA);
	assert_string_equal(S(e, OOMKIT_EV_CPUSET), "/");
	assert_string_equal(S(e, OOMKIT_EV_MEMS_ALLOWED), "0");
	assert_int_equal(N(e, OOMKIT_EV_TRIGGER_PID), 777);
	assert_string_equal(S(e, OOMKIT_EV_TIME_TEXT), "[  500.000008]");
	done(&o);
}

static void test_4x_nodemask_and_tables(void **state)
{
	static const char *const l[] = {
		/* 4.14: nodemask on the trigger line, nr_puds column */
		"[ 10.100000] stress invoked oom-killer: gfp_mask=0x14280ca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), nodemask=0-1,3, order=2, oom_score_adj=-17",
		"[ 10.100001] stress cpuset=grp mems_allowed=0-1",
		"[ 10.100002] CPU: 3 PID: 4242 Comm: stress Not tainted 4.14.0 #1",
		"[ 10.100003] Task in /grp/a killed as a result of limit of /grp",
		"[ 10.100004] [ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds nr_puds swapents oom_score_adj name",
		"[ 10.100005] [ 4242]     0  4242    80000    70000     150       3       2        9           -17 stress",
		"[ 10.100006] [ 4243]  1001  4243    90000    80000     170       3       2       11           300 stress worker",
		"[ 10.100007] Memory cgroup out of memory: Kill process 4243 (stress worker) score 870 or sacrifice child",
		"[ 10.100008] Killed process 4243 (stress worker) total-vm:360000kB, anon-rss:318000kB, file-rss:2000kB, shmem-rss:4kB",
		/* 4.15-4.18: pgtables_bytes, no "Tasks state" line */
		"[ 20.000000] dd invoked oom-killer: gfp_mask=0x14000c0(GFP_KERNEL), nodemask=(null), order=0, oom_score_adj=0",
		"[ 20.000001] [ pid ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
		"[ 20.000002] [  900]     0   900     2000     1000    45056        0           123 dd",
		"[ 20.000003] Out of memory: Kill process 900 (dd) score 5 or sacrifice child",
		"[ 20.000004] Killed process 900 (dd) total-vm:8000kB, anon-rss:3000kB, file-rss:1000kB, shmem-rss:0kB",
		"[ 20.100000] oom_reaper: reaped process 900 (dd), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
		NULL };
	struct evs o;
	const struct oomkit_event *e;

	(void)state;
	run(&o, l);
	assert_int_equal(o.n, 2);
	e = o.ev[0];
	assert_int_equal(N(e, OOMKIT_EV_PID), 4243);
	assert_string_equal(S(e, OOMKIT_EV_COMM), "stress worker");
	assert_string_equal(S(e, OOMKIT_EV_NODEMASK), "0-1,3");
	assert_int_equal(N(e, OOMKIT_EV_ORDER), 2);
	assert_int_equal(N(e, OOMKIT_EV_TRIGGER_ADJ), -17);
	assert_int_equal(N(e, OOMKIT_EV_GFP_MASK), 0x14280ca);
	assert_string_equal(S(e, OOMKIT_EV_GFP_TEXT),
			    "0x14280ca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO)");
	assert_string_equal(S(e, OOMKIT_EV_TASK_MEMCG), "/grp/a");
	assert_string_equal(S(e, OOMKIT_EV_OOM_MEMCG), "/grp");
	assert_string_equal(S(e, OOMKIT_EV_CONSTRAINT), "(none)");
	assert_string_equal(S(e, OOMKIT_EV_CPUSET), "grp");
	assert_int_equal(N(e, OOMKIT_EV_OOM_SCORE_ADJ), 300);
	assert_int_equal(N(e, OOMKIT_EV_UID), 1001);
	assert_int_equal(N(e, OOMKIT_EV_SHMEM_RSS_KB), 4);
	assert_int_equal(T(e, 1, OOMKIT_TASK_NR_PUDS), 2);
	assert_int_equal(T(e, 1, OOMKIT_TASK_NR_PTES), 170);
	assert_int_equal(T(e, 1, OOMKIT_TASK_SWAPENTS), 11);
	assert_string_equal(oomkit_event_task_name(e, 1), "stress worker");
	e = o.ev[1];
	assert_int_equal(N(e, OOMKIT_EV_PID), 900);
	assert_string_equal(S(e, OOMKIT_EV_NODEMASK), "(null)");
	assert_int_equal(N(e, OOMKIT_EV_OOM_SCORE_ADJ), 123);
	assert_int_equal(T(e, 0, OOMKIT_TASK_PGTABLES_BYTES), 45056);
	assert_int_equal(N(e, OOMKIT_EV_REAPED_ANON_KB), 0);
	assert_int_equal(N(e, OOMKIT_EV_REAP_FAILED), 0);
	done(&o);
}

static void test_419_to_67_and_51(void **state)
{
	static const char *const l[] = {
		"[  77.000000] python3 invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0",
		"[  77.000001] Tasks state (memory values in pages):",
		"[  77.000002] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
		"[  77.000003] [   1234]  1000  1234   900000   800000  6500000     2000           200 python3",
		"[  77.000004] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice,task=python3,pid=1234,uid=1000",
		/* 5.1-5.3: no UID/pgtables/oom_score_adj on the kill line */
		"[  77.000005] Out of memory: Killed process 1234 (python3) total-vm:3600000kB, anon-rss:3190000kB, file-rss:10000kB, shmem-rss:0kB",
		NULL };
	struct evs o;
	const struct oomkit_event *e;

	(void)state;
	run(&o, l);
	assert_int_equal(o.n, 1);
	e = o.ev[0];
	assert_int_equal(N(e, OOMKIT_EV_PID), 1234);
	assert_int_equal(N(e, OOMKIT_EV_UID), 1000);
	assert_int_equal(N(e, OOMKIT_EV_OOM_SCORE_ADJ), 200);	/* from row */
	assert_int_equal(N(e, OOMKIT_EV_PGTABLES_KB), NA);
	assert_int_equal(N(e, OOMKIT_EV_MEMCG_OOM), 0);
	assert_string_equal(S(e, OOMKIT_EV_TASK_MEMCG), "/user.slice");
	assert_string_equal(S(e, OOMKIT_EV_OOM_MEMCG), "(none)");
	assert_int_equal(T(e, 0, OOMKIT_TASK_PGTABLES_BYTES), 6500000);
	assert_int_equal(T(e, 0, OOMKIT_TASK_RSS_ANON), NA);
	done(&o);
}

static void test_oom_group(void **state)
{
	static const char *const l[] = {
		"[ 300.000000] worker invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		"[ 300.000001] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/job,task_memcg=/job,task=a,pid=10,uid=0",
		"[ 300.000002] Memory cgroup out of memory: Killed process 10 (a) total-vm:100kB, anon-rss:50kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0",
		"[ 300.000003] Tasks in /job are going to be killed due to memory.oom.group set",
		"[ 300.000004] Memory cgroup out of memory: Killed process 10 (a) total-vm:100kB, anon-rss:50kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0",
		"[ 300.000005] Memory cgroup out of memory: Killed process 11 (b) total-vm:200kB, anon-rss:60kB, file-rss:0kB, shmem-rss:0kB, UID:5 pgtables:4kB oom_score_adj:10",
		"[ 300.000006] Memory cgroup out of memory: Killed process 12 (c) total-vm:300kB, anon-rss:70kB, file-rss:0kB, shmem-rss:0kB, UID:6 pgtables:4kB oom_score_adj:20",
		"[ 300.000100] oom_reaper: reaped process 11 (b), now anon-rss:8kB, file-rss:4kB, shmem-rss:0kB",
		"[ 300.000200] oom_reaper: unable to reap pid:12 (c)",
		NULL };
	struct evs o;

	(void)state;
	run(&o, l);
	assert_int_equal(o.n, 3);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_PID), 10);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_PID), 11);
	assert_int_equal(N(o.ev[2], OOMKIT_EV_PID), 12);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_OOM_GROUP), 1);
	assert_int_equal(N(o.ev[2], OOMKIT_EV_OOM_GROUP), 1);
	assert_string_equal(S(o.ev[1], OOMKIT_EV_GROUP_MEMCG), "/job");
	assert_string_equal(S(o.ev[2], OOMKIT_EV_TRIGGER_COMM), "worker");
	assert_string_equal(S(o.ev[2], OOMKIT_EV_OOM_MEMCG), "/job");
	assert_int_equal(N(o.ev[1], OOMKIT_EV_UID), 5);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_REAPED_ANON_KB), 8);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_REAPED_FILE_KB), 4);
	assert_int_equal(N(o.ev[2], OOMKIT_EV_REAP_FAILED), 1);
	assert_int_equal(N(o.ev[2], OOMKIT_EV_REAPED_ANON_KB), NA);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_REAPED_ANON_KB), NA);
	done(&o);
}

static void test_no_killable_and_panics(void **state)
{
	static const char *const global[] = {
		"[  9.000000] init invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=-1000",
		"[  9.000001] Mem-Info:",
		"[  9.000002] Out of memory and no killable processes...",
		"[  9.000003] Kernel panic - not syncing: System is deadlocked on memory",
		NULL };
	static const char *const memcg[] = {
		"[  9.000000] tee invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		"[  9.000001] memory: usage 709300kB, limit 488280kB, failcnt 63201",
		"[  9.000002] Out of memory and no killable processes...",
		"[  9.500000] wlo1: authenticated",
		NULL };
	static const char *const pon[] = {
		"[  1.000000] a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		"[  1.000001] Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled",
		"[  2.000000] b invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		"[  2.000001] Kernel panic - not syncing: Out of memory: compulsory panic_on_oom is enabled",
		NULL };
	static const char *const old[] = {
		"Kernel panic - not syncing: Out of memory and no killable processes...",
		NULL };
	static const char *const sysrq[] = {
		"[ 3.0] sysrq: Manual OOM execution",
		"[ 3.0] kworker/0:2 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=-1, oom_score_adj=0",
		"[ 3.1] OOM request ignored. No task eligible",
		/* 2.6.1x: no comm before "oom-killer:" */
		"oom-killer: gfp_mask=0xd0, order=0",
		"Out of Memory: Kill process 77 (x) score 1 and children.",
		"Out of memory: Killed process 77 (x).",
		NULL };
	struct evs o;

	(void)state;
	run(&o, global);
	assert_int_equal(o.n, 1);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_OUTCOME), OOMKIT_OUTCOME_PANIC);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_PID), NA);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_TRIGGER_COMM), "init");
	assert_string_equal(S(o.ev[0], OOMKIT_EV_TIME_TEXT), "[  9.000002]");
	done(&o);

	run(&o, memcg);
	assert_int_equal(o.n, 1);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_OUTCOME),
			 OOMKIT_OUTCOME_NO_KILLABLE);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_MEMCG_LIMIT_KB), 488280);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_TRIGGER_COMM), "tee");
	done(&o);

	run(&o, pon);
	assert_int_equal(o.n, 2);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_OUTCOME), OOMKIT_OUTCOME_PANIC);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_TRIGGER_COMM), "a");
	assert_int_equal(N(o.ev[1], OOMKIT_EV_OUTCOME), OOMKIT_OUTCOME_PANIC);
	assert_string_equal(S(o.ev[1], OOMKIT_EV_TRIGGER_COMM), "b");
	done(&o);

	run(&o, old);
	assert_int_equal(o.n, 1);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_OUTCOME), OOMKIT_OUTCOME_PANIC);
	done(&o);

	run(&o, sysrq);
	assert_int_equal(o.n, 2);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_OUTCOME),
			 OOMKIT_OUTCOME_NO_KILLABLE);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_ORDER), -1);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_TRIGGER_COMM), "kworker/0:2");
	assert_int_equal(N(o.ev[1], OOMKIT_EV_PID), 77);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_GFP_MASK), 0xd0);
	assert_string_equal(S(o.ev[1], OOMKIT_EV_TRIGGER_COMM), "(none)");
	done(&o);
}

static void test_exiting_and_cut(void **state)
{
	static const char *const l[] = {
		"[ 5.0] x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		"[ 5.1] Memory cgroup out of memory: OOM victim 4000 (leaker) is already exiting. Skip killing the task",
		"[ 6.0] kworker/0:2 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=-1, oom_score_adj=0",
		"[ 6.05] CPU: 3 PID: 999 Comm: other Tainted: G        W 6.1.0 #1",
		"[ 6.1] CPU: 0 PID: 55 Comm: kworker/0:2 Not tainted 6.1.0 #1",
		"[ 7.0] z invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		NULL };
	struct evs o;

	(void)state;
	run(&o, l);
	assert_int_equal(o.n, 3);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_OUTCOME),
			 OOMKIT_OUTCOME_VICTIM_EXITING);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_PID), 4000);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_COMM), "leaker");
	/* kworker's was cut off by z's report, z by the end of input; the
	 * other CPU's stack dump header is not the trigger's */
	assert_int_equal(N(o.ev[1], OOMKIT_EV_OUTCOME),
			 OOMKIT_OUTCOME_INCOMPLETE);
	assert_string_equal(S(o.ev[1], OOMKIT_EV_TRIGGER_COMM), "kworker/0:2");
	assert_int_equal(N(o.ev[1], OOMKIT_EV_ORDER), -1);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_TRIGGER_PID), 55);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_PID), NA);
	assert_string_equal(S(o.ev[1], OOMKIT_EV_TIME_TEXT), "[ 6.0]");
	assert_int_equal(N(o.ev[2], OOMKIT_EV_OUTCOME),
			 OOMKIT_OUTCOME_INCOMPLETE);
	assert_string_equal(S(o.ev[2], OOMKIT_EV_TRIGGER_COMM), "z");
	done(&o);
}

static void test_rate_limited(void **state)
{
	/* header suppressed: only kill lines, one per invocation */
	static const char *const l[] = {
		"[ 1.0] Out of memory: Killed process 100 (a) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0",
		"[ 1.1] Out of memory: Killed process 101 (b) total-vm:10kB, anon-rss:6kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0",
		"[ 1.2] Out of memory: Killed process 102 (c) total-vm:10kB, anon-rss:7kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0",
		NULL };
	struct evs o;
	int i;

	(void)state;
	run(&o, l);
	assert_int_equal(o.n, 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(N(o.ev[i], OOMKIT_EV_PID), 100 + i);
		assert_int_equal(N(o.ev[i], OOMKIT_EV_ANON_RSS_KB), 5 + i);
		assert_string_equal(S(o.ev[i], OOMKIT_EV_TRIGGER_COMM), "(none)");
	}
	done(&o);
}

static void test_interleaved_callers(void **state)
{
	static const char *const l[] = {
		"[  10.000001][ T100] alpha invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		"[  10.000002][ T200] beta invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=100",
		"[  10.000003][ T100] CPU: 0 PID: 100 Comm: alpha Not tainted 6.6.0 #1",
		"[  10.000004][ T200] CPU: 1 PID: 200 Comm: beta Not tainted 6.6.0 #1",
		"[  10.000005][    C1] sched: RT throttling activated",
		"[  10.000006][ T200] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/b,task=bv,pid=201,uid=0",
		"[  10.000007][ T100] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/a,task_memcg=/a,task=av,pid=101,uid=0",
		"[  10.000008][ T200] Out of memory: Killed process 201 (bv) total-vm:10kB, anon-rss:2kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0",
		"[  10.000009][ T100] Memory cgroup out of memory: Killed process 101 (av) total-vm:10kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0",
		"[  10.000010][   T18] oom_reaper: reaped process 101 (av), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
		NULL };
	struct evs o;

	(void)state;
	run(&o, l);
	assert_int_equal(o.n, 2);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_PID), 201);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_TRIGGER_COMM), "beta");
	assert_int_equal(N(o.ev[0], OOMKIT_EV_TRIGGER_PID), 200);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_TRIGGER_ADJ), 100);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_CONSTRAINT), "CONSTRAINT_NONE");
	assert_string_equal(S(o.ev[0], OOMKIT_EV_TIME_TEXT),
			    "[  10.000008][ T200]");
	assert_int_equal(N(o.ev[1], OOMKIT_EV_PID), 101);
	assert_string_equal(S(o.ev[1], OOMKIT_EV_TRIGGER_COMM), "alpha");
	assert_int_equal(N(o.ev[1], OOMKIT_EV_TRIGGER_PID), 100);
	assert_string_equal(S(o.ev[1], OOMKIT_EV_CONSTRAINT), "CONSTRAINT_MEMCG");
	assert_string_equal(S(o.ev[1], OOMKIT_EV_OOM_MEMCG), "/a");
	assert_int_equal(N(o.ev[1], OOMKIT_EV_REAPED_ANON_KB), 0);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_REAPED_ANON_KB), NA);
	done(&o);
}

static void test_joined_and_wrapped(void **state)
{
	static const char *const joined[] = {
		"Killed process 1 (a)Out of memory: kill process 2 (b) score 9 or a childOut of memory: kill process 2 (b) score 9 or a childKilled process 2 (b)Killed process 2 (b)",
		NULL };
	static const char *const maybe[] = {
		/* 2.6.32-2.6.35 "vsz:", wrapped after the comm */
		"Out of memory: kill process 900 (db) score 50 or a child",
		"Killed process 901 (db-worker)",
		"vsz:2000kB, anon-rss:1500kB, file-rss:20kB",
		/* an old kernel's kill line that really ends after the comm */
		"Killed process 902 (old)",
		"BUG: something unrelated",
		NULL };
	static const char *const wrapped[] = {
		"[ 65.4] Out of memory: Killed process",
		"1968 (memkiller) total-vm:2099436kB, anon-rss:1971712kB, file-rss:1024kB,",
		"shmem-rss:0kB, UID:0 pgtables:3904kB oom_score_adj:-5",
		"[ 66.0] Out of memory: Killed process 1969 (x) total-vm:1kB,",
		"[ 66.1] unrelated line",
		NULL };
	struct evs o;

	(void)state;
	run(&o, joined);
	assert_int_equal(o.n, 2);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_PID), 1);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_COMM), "a");
	assert_int_equal(N(o.ev[1], OOMKIT_EV_PID), 2);
	assert_string_equal(S(o.ev[1], OOMKIT_EV_COMM), "b");
	assert_int_equal(N(o.ev[1], OOMKIT_EV_SCORE), 9);
	done(&o);

	run(&o, maybe);
	assert_int_equal(o.n, 2);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_PID), 901);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_SELECTED_PID), 900);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_TOTAL_VM_KB), 2000);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_ANON_RSS_KB), 1500);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_PID), 902);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_ANON_RSS_KB), NA);
	done(&o);

	run(&o, wrapped);
	assert_int_equal(o.n, 2);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_PID), 1968);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_ANON_RSS_KB), 1971712);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_OOM_SCORE_ADJ), -5);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_SHMEM_RSS_KB), 0);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_TIME_TEXT), "[ 65.4]");
	/* a cut line followed by a new line is taken as it is */
	assert_int_equal(N(o.ev[1], OOMKIT_EV_PID), 1969);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_TOTAL_VM_KB), 1);
	done(&o);
}

/* the same kill line behind every prefix the parser knows */
static void test_prefixes(void **state)
{
	static const struct {
		const char *pre;
		const char *text;	/* expected time text */
		long long boot_us;
		long long rt_us;	/* TZ=UTC, year 2022 assumed */
		const char *host;
	} c[] = {
		{ "[  123.456789] ", "[  123.456789]", 123456789, NA, NULL },
		{ "<4>[  123.456789] ", "[  123.456789]", 123456789, NA, NULL },
		{ "[  123.456789][ T4242] ", "[  123.456789][ T4242]", 123456789, NA, NULL },
		{ "[  123.456789][    C0] ", "[  123.456789][    C0]", 123456789, NA, NULL },
		{ "[Sat Mar 19 03:42:11 2022] ", "[Sat Mar 19 03:42:11 2022]", NA, 1647661331000000LL, NULL },
		{ "[Sa Mär 19 03:42:11 2022] ", "[Sa Mär 19 03:42:11 2022]", NA, 1647661331000000LL, NULL },
		{ "[sam. 19 mars 03:42:11 2022] ", "[sam. 19 mars 03:42:11 2022]", NA, 1647661331000000LL, NULL },
		{ "[\xe5\x9c\x9f 3\xe6\x9c\x88 19 03:42:11 2022] ", "[\xe5\x9c\x9f 3\xe6\x9c\x88 19 03:42:11 2022]", NA, NA, NULL },
		{ "Mar 19 03:42:11 web1 kernel: ", "Mar 19 03:42:11 web1 kernel:", NA, 1647661331000000LL, "web1" },
		{ "Mar 19 03:42:11 web1 kernel: [  123.456789] ", "Mar 19 03:42:11 web1 kernel: [  123.456789]", 123456789, 1647661331000000LL, "web1" },
		{ "Mar 19 03:42:11.250000 web1 kernel: ", "Mar 19 03:42:11.250000 web1 kernel:", NA, 1647661331250000LL, "web1" },
		{ "2022-03-19T03:42:11.123456+00:00 web1 kernel: ", "2022-03-19T03:42:11.123456+00:00 web1 kernel:", NA, 1647661331123456LL, "web1" },
		{ "2022-03-19T05:42:11+0200 web1 kernel: ", "2022-03-19T05:42:11+0200 web1 kernel:", NA, 1647661331000000LL, "web1" },
		{ "2022-03-19T03:42:11,123456+00:00 ", "2022-03-19T03:42:11,123456+00:00", NA, 1647661331123456LL, NULL },
		{ "Sat 2022-03-19 03:42:11 UTC web1 kernel: ", "Sat 2022-03-19 03:42:11 UTC web1 kernel:", NA, 1647661331000000LL, "web1" },
		{ "[  123.456789] web1 kernel: ", "[  123.456789] web1 kernel:", 123456789, NA, "web1" },
		{ "kernel: ", NULL, NA, NA, NULL },
		{ "", NULL, NA, NA, NULL },
		{ "> [  123.456789] ", "[  123.456789]", 123456789, NA, NULL },
		{ ">> > [  123.456789] ", "[  123.456789]", 123456789, NA, NULL },
		{ "12: [  123.456789] ", "[  123.456789]", 123456789, NA, NULL },
		{ "  12 [  123.456789] ", "[  123.456789]", 123456789, NA, NULL },
		{ "#3 [  123.456789] ", "[  123.456789]", 123456789, NA, NULL },
		{ "166233 Apr 18 00:37:34   kernel: ", "Apr 18 00:37:34   kernel:", NA, 1650242254000000LL, NULL },
		{ "/var/log/kern.log:Mar 19 03:42:11 web1 kernel: ", "Mar 19 03:42:11 web1 kernel:", NA, 1647661331000000LL, "web1" },
		{ "/var/log/kern.log.1:4711:Mar 19 03:42:11 web1 kernel: ", "Mar 19 03:42:11 web1 kernel:", NA, 1647661331000000LL, "web1" },
		{ "kern.log:[  123.456789] ", "[  123.456789]", 123456789, NA, NULL },
		{ "/tmp/oom.txt:", NULL, NA, NA, NULL },
		{ "kern  :err   : [  123.456789] ", "[  123.456789]", 123456789, NA, NULL },
		{ "[  123.456789 <    0.000123>] ", "[  123.456789 <    0.000123>]", 123456789, NA, NULL },
		{ "[  +0.000123] ", "[  +0.000123]", NA, NA, NULL },
		{ "[Mar19 03:42] ", "[Mar19 03:42]", NA, NA, NULL },
		{ "\x1b[32m[  123.456789]\x1b[0m \x1b[33mOut of memory\x1b[0m: ", "[  123.456789]", 123456789, NA, NULL },
		{ "1647661331.123456 web1 kernel: ", "1647661331.123456 web1 kernel:", NA, 1647661331123456LL, "web1" },
	};
	static const char kill[] =
		"Out of memory: Killed process 4567 (firefox) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:4kB oom_score_adj:0";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct oomkit_report_parser *rp;
		struct oomkit_event *ev;
		char line[512];
		const char *trails[] = { "", "   ", "\n", "  \r\n" };

		snprintf(line, sizeof(line), "%s%s%s", c[i].pre,
			 strstr(c[i].pre, "Out of memory") ?
			 kill + strlen("Out of memory: ") : kill,
			 trails[i % 4]);
		assert_int_equal(oomkit_report_parser_new(&rp), 0);
		oomkit_report_set_year(rp, 2022);
		assert_int_equal(oomkit_report_feed_line(rp, line, strlen(line),
							 NULL), 0);
		assert_int_equal(oomkit_report_flush(rp), 0);
		if (oomkit_report_next(rp, &ev) != 0)
			fail_msg("no event for prefix '%s'", c[i].pre);
		assert_int_equal(N(ev, OOMKIT_EV_PID), 4567);
		assert_string_equal(S(ev, OOMKIT_EV_COMM), "firefox");
		assert_int_equal(N(ev, OOMKIT_EV_UID), 1000);
		if (c[i].text)
			assert_string_equal(S(ev, OOMKIT_EV_TIME_TEXT), c[i].text);
		else
			assert_null(oomkit_event_str(ev, OOMKIT_EV_TIME_TEXT));
		if (N(ev, OOMKIT_EV_BOOT_US) != c[i].boot_us ||
		    N(ev, OOMKIT_EV_REALTIME_US) != c[i].rt_us)
			fail_msg("prefix '%s': boot %lld rt %lld", c[i].pre,
				 N(ev, OOMKIT_EV_BOOT_US),
				 N(ev, OOMKIT_EV_REALTIME_US));
		if (c[i].host)
			assert_string_equal(S(ev, OOMKIT_EV_HOST), c[i].host);
		else
			assert_null(oomkit_event_str(ev, OOMKIT_EV_HOST));
		assert_int_equal(oomkit_report_next(rp, &ev), 1);
		oomkit_event_free(ev);
		oomkit_report_parser_free(rp);
	}
}

/*
 * Only kernel-tagged syslog lines are the kernel's: anyone can log a line
 * with a tag of their choosing (logger writes "host USER: message"), so a
 * kill line behind any other tag, in every syslog format, is not an event.
 */
static void test_syslog_tags(void **state)
{
#define KL "Out of memory: Killed process 22 (postgres) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:1kB oom_score_adj:0"
	static const char *const forged[] = {
		"2026-11-21T14:30:09.000000+01:00 myhost nobody: " KL,
		"2026-11-21T14:30:09.000000+01:00 myhost nobody[123]: " KL,
		"2026-11-21T14:30:09+01:00 myhost nobody: " KL,
		"2026-11-21T14:30:09.000000+01:00 nobody: " KL,
		"2026-11-21T14:30:09.000000+01:00 myhost foo bar: " KL,
		"<13>1 2026-11-21T14:30:13.000Z myhost evil 999 - - " KL,
		"<13>1 2026-11-21T14:30:13.000Z myhost evil - - [x@1 a=\"b\"] " KL,
		"<13>1 - myhost - - - - " KL,
		"1 2026-11-21T14:30:13.000Z myhost evil 999 - - " KL,
		"Nov 21 14:30:12 myhost nobody: " KL,
		"Nov 21 14:30:12 myhost nobody[123]: " KL,
		"Nov 21 14:30:12 myhost foo bar: " KL,
		"Nov 21 14:30:12 myhost user.notice nobody: " KL,
		"Sat 2026-11-21 14:30:12 UTC myhost nobody: " KL,
		"1647661331.123456 myhost nobody: " KL,
		NULL };
	static const char *const genuine[] = {
		"2026-11-21T14:30:09.000000+01:00 myhost kernel: " KL,
		"2026-11-21T14:30:09+0100 myhost kernel: " KL,
		"<6>1 2026-11-21T14:30:13.000Z myhost kernel - - - " KL,
		"<6>1 2026-11-21T14:30:13.000Z myhost kernel - - [x@1 a=\"]\\\"\"] " KL,
		"1 2026-11-21T14:30:13.000Z myhost kernel - - - " KL,
		"Nov 21 14:30:12 myhost kernel: " KL,
		"Nov 21 14:30:12 myhost kernel: [  123.456789] " KL,
		"Nov 21 14:30:12 myhost kern.warn kernel: " KL,
		"Sat 2026-11-21 14:30:12 UTC myhost kernel: " KL,
		"1647661331.123456 myhost kernel: " KL,
		NULL };
	static const char *const nohost[] = {
		"[  123.456789] " KL,
		"2026-11-21T14:30:09,123456+01:00 " KL,
		KL,
		NULL };
	static const char *const killer[] = {
		"2026-11-21T14:30:12.000000+01:00 desk earlyoom: sending SIGKILL to process 4567 uid 1000 \"firefox\": oom_score 600, VmRSS 3000 MiB",
		"<14>1 2026-11-21T14:30:13Z desk earlyoom 812 - - sending SIGKILL to process 4568 uid 1000 \"firefox\": oom_score 600, VmRSS 3000 MiB",
		NULL };
	const char *one[2] = { NULL, NULL };
	struct evs o;
	size_t i;

	(void)state;
	for (i = 0; forged[i]; i++) {
		one[0] = forged[i];
		run(&o, one);
		if (o.n)
			fail_msg("forged line taken as the kernel's: '%s'",
				 forged[i]);
	}
	for (i = 0; genuine[i]; i++) {
		one[0] = genuine[i];
		run(&o, one);
		if (o.n != 1)
			fail_msg("kernel line not found: '%s'", genuine[i]);
		assert_int_equal(N(o.ev[0], OOMKIT_EV_KILLER),
				 OOMKIT_KILLER_KERNEL);
		assert_int_equal(N(o.ev[0], OOMKIT_EV_PID), 22);
		assert_string_equal(S(o.ev[0], OOMKIT_EV_HOST), "myhost");
		done(&o);
	}
	for (i = 0; nohost[i]; i++) {
		one[0] = nohost[i];
		run(&o, one);
		if (o.n != 1)
			fail_msg("kernel line not found: '%s'", nohost[i]);
		assert_int_equal(N(o.ev[0], OOMKIT_EV_KILLER),
				 OOMKIT_KILLER_KERNEL);
		done(&o);
	}
	run(&o, killer);
	assert_int_equal(o.n, 2);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_KILLER), OOMKIT_KILLER_EARLYOOM);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_PID), 4567);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_KILLER), OOMKIT_KILLER_EARLYOOM);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_PID), 4568);
	assert_string_equal(S(o.ev[1], OOMKIT_EV_HOST), "desk");
	done(&o);
#undef KL
}

static void test_syslog_year(void **state)
{
	static const char *const l[] = {
		"Mar 19 03:42:11 web1 kernel: Out of memory: Killed process 9 (x) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB",
		NULL };
	struct evs o;

	(void)state;
	run(&o, l);	/* no year given: realtime stays unknown */
	assert_int_equal(o.n, 1);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_REALTIME_US), NA);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_HOST), "web1");
	done(&o);
}

static void test_strip_internals(void **state)
{
	struct oomkit__pfx p;
	size_t n;
	const char *m;

	(void)state;
	/* a bare task row is not a time stamp */
	m = oomkit__report_strip("[  11132]     0 11132 tiny", 26, &p, 0, &n);
	assert_int_equal(p.boot_us, -1);
	assert_null(p.time_text);
	assert_int_equal(m[0], '[');
	/* a kernel "word:" after a time stamp is not a syslog tag */
	m = oomkit__report_strip("[ 1.5] ACPI: Reserving FACP", 27, &p, 0, &n);
	assert_null(p.ident);
	assert_int_equal(n, 20);
	assert_memory_equal(m, "ACPI: Reserving FACP", 20);
	/* a userspace tag in the kernel buffer */
	m = oomkit__report_strip("[ 2.1] systemd[1]: Relabelled", 29, &p, 0, &n);
	assert_int_equal(p.ident_len, 7);
	assert_memory_equal(p.ident, "systemd", 7);
	assert_memory_equal(m, "Relabelled", 10);
	/* "foo.service: msg" is a message, not a grep file name */
	m = oomkit__report_strip("foo.service: Failed", 19, &p, 0, &n);
	assert_int_equal(n, 19);
	assert_int_equal(oomkit__month_from_name("Okt", 3), 10);
	assert_int_equal(oomkit__month_from_name("d\xc3\xa9" "c.", 4), 12);
	assert_int_equal(oomkit__month_from_name("Xyz", 3), 0);
}

/* ---------------------------------------------------------------- */
/* userspace killers */

static void test_userspace(void **state)
{
	static const char *const l[] = {
		"Mar 19 03:42:10 desk earlyoom[812]: mem avail:   123 of 15843 MiB ( 0.78%), swap free:    0 of 2047 MiB ( 0.00%)",
		"Mar 19 03:42:10 desk earlyoom[812]: low memory! at or below SIGTERM limits: mem 10.00%, swap 10.00%",
		"Mar 19 03:42:11 desk earlyoom[812]: sending SIGTERM to process 4567 uid 1000 \"firefox\": oom_score 600, VmRSS 3000 MiB, cmdline \"/usr/lib/firefox/firefox -P\"",
		"Mar 19 03:42:12 desk earlyoom[812]: escalating to SIGKILL after 0.5 seconds",
		"Mar 19 03:42:12 desk earlyoom[812]: sending SIGKILL to process 4567 uid 1000 \"firefox\": oom_score 600, VmRSS 3000 MiB, cmdline \"/usr/lib/firefox/firefox -P\"",
		"Mar 19 03:50:00 desk earlyoom[812]: sending SIGTERM to process 5000 uid 1000 \"chrome\": oom_score 900, oom_score_adj 300, badness 1200 KiB, VmRSS 1500 MiB, ordering oom_score, cmdline \"chrome\"",
		"Mar 19 04:00:00 old earlyoom[10]: Killing process 6000 java",
		"Mar 19 05:00:00 desk systemd-oomd[700]: Considered 21 cgroups for killing, top candidates were:",
		"Mar 19 05:00:00 desk systemd-oomd[700]:         Path: /user.slice/user-1000.slice/user@1000.service/app.slice/app-a.scope",
		"Mar 19 05:00:00 desk systemd-oomd[700]: Killed /user.slice/user-1000.slice/user@1000.service/app.slice/app-a.scope due to memory used (16260780032) / total (16419115008) and swap used (29560922112) / total (32838500352) being more than 90.00%",
		"Mar 19 05:00:01 desk systemd[1000]: app-a.scope: A process of this unit has been killed by the OOM killer.",
		"Mar 19 06:00:00 desk systemd-oomd[700]: Marked /user.slice/user-1000.slice/user@1000.service/app.slice/app-b.scope for killing due to memory pressure for /user.slice being 80.00% > 60.00% for > 20s with reclaim activity",
		"[ 9999.000001] oomd kill: 10.00 60.00 600.00 /workload.slice/big.service 1999 ruleset:[protection against heavy workload thrashing] detectorgroup:[Memory pressure] killer:kill_by_memory_size_or_growth v2",
		"Mar 19 07:00:00 desk kernel: oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/system.slice/leak.service,task_memcg=/system.slice/leak.service,task=leak,pid=7000,uid=0",
		"Mar 19 07:00:00 desk kernel: Memory cgroup out of memory: Killed process 7000 (leak) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0",
		"Mar 19 07:00:00 desk kernel: oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/system.slice/leak.service,task_memcg=/system.slice/leak.service,task=leak,pid=7000,uid=0",
		"Mar 19 07:00:01 desk systemd[1]: leak.service: A process of this unit has been killed by the OOM killer.",
		"Mar 19 07:00:01 desk systemd[1]: leak.service: Failed with result 'oom-kill'.",
		NULL };
	struct evs o;
	const struct oomkit_event *e;

	(void)state;
	run(&o, l);
	assert_int_equal(o.n, 7);
	e = o.ev[0];
	assert_int_equal(N(e, OOMKIT_EV_KILLER), OOMKIT_KILLER_EARLYOOM);
	assert_int_equal(N(e, OOMKIT_EV_PID), 4567);
	assert_int_equal(N(e, OOMKIT_EV_UID), 1000);
	assert_string_equal(S(e, OOMKIT_EV_COMM), "firefox");
	assert_int_equal(N(e, OOMKIT_EV_SCORE), 600);
	assert_int_equal(N(e, OOMKIT_EV_RSS_KB), 3000 * 1024);
	assert_string_equal(S(e, OOMKIT_EV_REASON), "SIGTERM");
	assert_string_equal(S(e, OOMKIT_EV_HOST), "desk");
	e = o.ev[1];
	assert_int_equal(N(e, OOMKIT_EV_PID), 5000);
	assert_int_equal(N(e, OOMKIT_EV_OOM_SCORE_ADJ), 300);
	assert_int_equal(N(e, OOMKIT_EV_SCORE), 900);
	e = o.ev[2];
	assert_int_equal(N(e, OOMKIT_EV_PID), 6000);
	assert_string_equal(S(e, OOMKIT_EV_COMM), "java");
	assert_int_equal(N(e, OOMKIT_EV_KILLER), OOMKIT_KILLER_EARLYOOM);
	e = o.ev[3];
	assert_int_equal(N(e, OOMKIT_EV_KILLER), OOMKIT_KILLER_SYSTEMD_OOMD);
	assert_int_equal(N(e, OOMKIT_EV_PID), NA);
	assert_string_equal(S(e, OOMKIT_EV_TASK_MEMCG),
			    "/user.slice/user-1000.slice/user@1000.service/app.slice/app-a.scope");
	assert_string_equal(S(e, OOMKIT_EV_UNIT), "app-a.scope");
	e = o.ev[4];
	assert_int_equal(N(e, OOMKIT_EV_KILLER), OOMKIT_KILLER_SYSTEMD_OOMD);
	assert_string_equal(S(e, OOMKIT_EV_TASK_MEMCG),
			    "/user.slice/user-1000.slice/user@1000.service/app.slice/app-b.scope");
	e = o.ev[5];
	assert_int_equal(N(e, OOMKIT_EV_KILLER), OOMKIT_KILLER_OOMD);
	assert_string_equal(S(e, OOMKIT_EV_TASK_MEMCG),
			    "/workload.slice/big.service");
	assert_int_equal(N(e, OOMKIT_EV_BOOT_US), 9999000001LL);
	e = o.ev[6];
	assert_int_equal(N(e, OOMKIT_EV_KILLER), OOMKIT_KILLER_KERNEL);
	assert_int_equal(N(e, OOMKIT_EV_PID), 7000);
	assert_string_equal(S(e, OOMKIT_EV_UNIT), "leak.service");
	done(&o);
}

static void test_feed_record(void **state)
{
	struct oomkit_report_parser *rp;
	struct evs o;
	static const char stats[] = "anon 314535936\nfile 0\nkernel_stack 49152";
	static const char kill[] =
		"Memory cgroup out of memory: Killed process 11638 (uwsgi) total-vm:8439228kB, anon-rss:305280kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:8864kB oom_score_adj:-997";

	(void)state;
	memset(&o, 0, sizeof(o));
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	assert_int_equal(oomkit_report_feed_record(rp, stats, strlen(stats),
						   5000000, -1, NULL, NULL,
						   "kmsg:1"), 0);
	assert_int_equal(oomkit_report_feed_record(rp, kill, strlen(kill),
						   5000123, 1647661331000000LL,
						   "h1", NULL, "kmsg:2"), 0);
	assert_int_equal(oomkit_report_feed_record(rp,
		"sending SIGTERM to process 77 uid 0 \"x\": badness 5, VmRSS 1 MiB",
		63, -1, 1647661332000000LL, "h1", "earlyoom", "journal:c"), 0);
	assert_int_equal(oomkit_report_settle(rp), 0);
	collect(rp, &o);
	assert_int_equal(o.n, 2);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_PID), 11638);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_BOOT_US), 5000123);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_REALTIME_US), 1647661331000000LL);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_HOST), "h1");
	assert_string_equal(S(o.ev[0], OOMKIT_EV_SOURCE), "kmsg:2");
	assert_int_equal(N(o.ev[1], OOMKIT_EV_KILLER), OOMKIT_KILLER_EARLYOOM);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_PID), 77);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_SCORE), 5);
	done(&o);
	oomkit_report_parser_free(rp);
}

/* events wait HOLD lines for late lines, then come out unasked */
static void test_hold_and_order(void **state)
{
	struct oomkit_report_parser *rp;
	struct oomkit_event *ev;
	static const char k[] =
		"[ 1.0] Out of memory: Killed process 5 (a) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB";
	int i;

	(void)state;
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	assert_int_equal(oomkit_report_feed_line(rp, k, sizeof(k) - 1, NULL), 0);
	assert_int_equal(oomkit_report_next(rp, &ev), 1);
	for (i = 0; i < 64; i++)
		assert_int_equal(oomkit_report_feed_line(rp, "[ 2.0] eth0: link up", 20, NULL), 0);
	assert_int_equal(oomkit_report_next(rp, &ev), 0);
	assert_int_equal(N(ev, OOMKIT_EV_PID), 5);
	oomkit_event_free(ev);
	assert_int_equal(oomkit_report_next(rp, &ev), 1);
	oomkit_report_parser_free(rp);
}

/* ---------------------------------------------------------------- */
/* garbage and bounds */

static void test_random_bytes(void **state)
{
	struct oomkit_report_parser *rp;
	struct oomkit_event *ev;
	char buf[512];
	int i, j, events = 0;

	(void)state;
	srand(12345);
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	for (i = 0; i < 20000; i++) {
		size_t len = (size_t)(rand() % (int)sizeof(buf));

		for (j = 0; j < (int)len; j++)
			buf[j] = (char)(rand() & 0xff);
		assert_int_equal(oomkit_report_feed_line(rp, buf, len, NULL), 0);
		while (oomkit_report_next(rp, &ev) == 0) {
			events++;
			oomkit_event_free(ev);
		}
	}
	oomkit_report_flush(rp);
	while (oomkit_report_next(rp, &ev) == 0) {
		events++;
		oomkit_event_free(ev);
	}
	assert_int_equal(events, 0);
	oomkit_report_parser_free(rp);
}

/* keyword soup: fragments of real lines in random order and cut anywhere */
static void test_fragments(void **state)
{
	static const char *const frag[] = {
		"[ 1.0] ", "Killed process ", "Kill process ", "(", ")", " ",
		"invoked oom-killer: ", "gfp_mask=0x", "oom-kill:", "pid=",
		"task=", ",", "total-vm:", "kB", "anon-rss:", "oom_reaper: ",
		"reaped process ", "Tasks in ", "[  pid  ]", " uid tgid name",
		"Task in ", " killed as a result of limit of ", "12", "-3",
		"99999999999999999999999", "\xff", "\0", "> ", "Mar 19 ",
		"03:42:11 ", "kernel: ", "earlyoom[1]: ", "sending SIGKILL to process ",
		"systemd-oomd[2]: ", "Killed /a due to memory ", "oomd kill: ",
	};
	struct oomkit_report_parser *rp;
	struct oomkit_event *ev;
	char buf[1024];
	int i;

	(void)state;
	srand(777);
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	for (i = 0; i < 50000; i++) {
		size_t len = 0;
		int k = rand() % 12;

		while (k-- > 0) {
			const char *f = frag[rand() % (int)(sizeof(frag) / sizeof(frag[0]))];
			size_t fl = strlen(f) ? strlen(f) : 1;

			if (len + fl >= sizeof(buf))
				break;
			memcpy(buf + len, f, fl);
			len += fl;
		}
		len = len ? (size_t)rand() % (len + 1) : 0;
		assert_int_equal(oomkit_report_feed_line(rp, buf, len, "f"), 0);
		while (oomkit_report_next(rp, &ev) == 0) {
			long long pid;

			/* whatever came out must be coherent */
			if (oomkit_event_num(ev, OOMKIT_EV_PID, &pid) == 0)
				assert_true(pid > 0);
			oomkit_event_free(ev);
		}
	}
	oomkit_report_flush(rp);
	while (oomkit_report_next(rp, &ev) == 0)
		oomkit_event_free(ev);
	oomkit_report_parser_free(rp);
}

static void test_truncated_kill_lines(void **state)
{
	static const char k[] =
		"[ 7.0] Memory cgroup out of memory: Killed process 11132 (tiny) total-vm:3504kB, anon-rss:1024kB, file-rss:1396kB, shmem-rss:0kB, UID:0 pgtables:52kB oom_score_adj:1000";
	const char *open = strchr(k, '(');
	size_t cut;

	(void)state;
	for (cut = 0; cut <= sizeof(k) - 1; cut++) {
		struct oomkit_report_parser *rp;
		struct oomkit_event *ev;
		int n = 0;

		assert_int_equal(oomkit_report_parser_new(&rp), 0);
		assert_int_equal(oomkit_report_feed_line(rp, k, cut, NULL), 0);
		oomkit_report_flush(rp);
		while (oomkit_report_next(rp, &ev) == 0) {
			assert_int_equal(N(ev, OOMKIT_EV_PID), 11132);
			n++;
			oomkit_event_free(ev);
		}
		/* an event only once "(tiny)" is complete: never a guess */
		assert_int_equal(n, cut > (size_t)(open - k) + 5 ? 1 : 0);
		oomkit_report_parser_free(rp);
	}
}

static void test_huge_lines_and_nuls(void **state)
{
	struct oomkit_report_parser *rp;
	struct oomkit_event *ev;
	size_t len = 1 << 20;
	char *big = malloc(len);
	static const char nul[] =
		"[ 1.0] Out of memory: Killed process 42 (a\0b) total-vm:1kB, anon-rss:1kB\0, file-rss:0kB";
	int n = 0;

	(void)state;
	assert_non_null(big);
	memset(big, 'k', len);
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	assert_int_equal(oomkit_report_feed_line(rp, big, len, NULL), 0);
	memcpy(big, "[ 1.0] ", 7);
	memcpy(big + len / 2, "Killed process ", 15);
	assert_int_equal(oomkit_report_feed_line(rp, big, len, NULL), 0);
	memset(big, '[', len);
	assert_int_equal(oomkit_report_feed_line(rp, big, len, NULL), 0);
	memset(big, ' ', len);
	assert_int_equal(oomkit_report_feed_line(rp, big, len, NULL), 0);
	memset(big, '\0', len);
	assert_int_equal(oomkit_report_feed_line(rp, big, len, NULL), 0);
	assert_int_equal(oomkit_report_feed_line(rp, nul, sizeof(nul) - 1, NULL), 0);
	oomkit_report_flush(rp);
	while (oomkit_report_next(rp, &ev) == 0) {
		/* the NUL-carrying line is a real kill line: comm cut at NUL */
		assert_int_equal(N(ev, OOMKIT_EV_PID), 42);
		assert_string_equal(S(ev, OOMKIT_EV_COMM), "a");
		n++;
		oomkit_event_free(ev);
	}
	assert_int_equal(n, 1);
	oomkit_report_parser_free(rp);
	free(big);
}

/* a comm holding escape sequences is kept byte for byte */
static void test_hostile_comm(void **state)
{
	static const char *const l[] = {
		"[  1.000000] Out of memory: Killed process 4242 (ev\033[31mil\377x) total-vm:100kB, anon-rss:50kB, file-rss:10kB, shmem-rss:0kB, UID:1000 pgtables:4kB oom_score_adj:0",
		"[  2.000000] a) b\n invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		NULL };
	struct evs o;

	(void)state;
	run(&o, l);
	assert_int_equal(o.n, 2);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_COMM), "ev\033[31mil\377x");
	assert_string_equal(S(o.ev[1], OOMKIT_EV_TRIGGER_COMM), "a) b\n");
	done(&o);
}

static void test_task_table_cap(void **state)
{
	struct oomkit_report_parser *rp;
	struct oomkit_event *ev;
	char line[256];
	int i, n;
	static const char hdr[] =
		"[ 1.0] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name";
	static const char trig[] =
		"[ 1.0] big invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0";
	static const char kill[] =
		"[ 2.0] Out of memory: Killed process 99999 (t99999) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB";

	(void)state;
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	assert_int_equal(oomkit_report_feed_line(rp, trig, sizeof(trig) - 1, NULL), 0);
	assert_int_equal(oomkit_report_feed_line(rp, hdr, sizeof(hdr) - 1, NULL), 0);
	for (i = 0; i < 100000; i++) {
		n = snprintf(line, sizeof(line),
			     "[ 1.5] [%7d]  1000 %5d     4908        0    98304      117          %d t%d",
			     i, i, i % 1000, i);
		assert_int_equal(oomkit_report_feed_line(rp, line, (size_t)n, NULL), 0);
	}
	assert_int_equal(oomkit_report_feed_line(rp, kill, sizeof(kill) - 1, NULL), 0);
	oomkit_report_flush(rp);
	assert_int_equal(oomkit_report_next(rp, &ev), 0);
	assert_int_equal(oomkit_event_task_count(ev), 4096);
	assert_int_equal(N(ev, OOMKIT_EV_TASKS_TOTAL), 100000);
	assert_int_equal(T(ev, 4095, OOMKIT_TASK_PID), 4095);
	assert_int_equal(T(ev, 4095, OOMKIT_TASK_OOM_SCORE_ADJ), 95);
	/* the victim's row was not kept: its adj is not guessed */
	assert_int_equal(N(ev, OOMKIT_EV_OOM_SCORE_ADJ), NA);
	oomkit_event_free(ev);
	oomkit_report_parser_free(rp);
}


static void test_kill_prefixes(void **state)
{
	static const char *const l[] = {
		"[ 1.0] Out of memory (oom_kill_allocating_task): Killed process 300 (alloc) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB, UID:7 pgtables:4kB oom_score_adj:0",
		"No available memory (MPOL_BIND): Kill process 301 (numa) score 40 or sacrifice child",
		"Killed process 301 (numa) total-vm:20kB, anon-rss:6kB, file-rss:0kB",
		/* 4.1-4.13 table, then the child of a selected process */
		"[ 3.0] w invoked oom-killer: gfp_mask=0x24201ca(GFP_HIGHUSER_MOVABLE|__GFP_COLD), nodemask=0, order=0, oom_score_adj=0",
		"[ 3.0] [ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds swapents oom_score_adj name",
		"[ 3.0] [  400]    10   400     1000      900      12       3        4            15 p(a)r en)t",
		"[ 3.1] Out of memory: Kill process 400 (p(a)r en)t) score 7 or sacrifice child",
		"[ 3.1] Killed process 400 (p(a)r en)t) total-vm:4000kB, anon-rss:3600kB, file-rss:0kB, shmem-rss:0kB",
		NULL };
	struct evs o;

	(void)state;
	run(&o, l);
	assert_int_equal(o.n, 3);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_PID), 300);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_KILL_PREFIX),
			    "Out of memory (oom_kill_allocating_task)");
	assert_int_equal(N(o.ev[0], OOMKIT_EV_UID), 7);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_PID), 301);
	assert_string_equal(S(o.ev[1], OOMKIT_EV_KILL_PREFIX),
			    "No available memory (MPOL_BIND)");
	assert_int_equal(N(o.ev[1], OOMKIT_EV_SCORE), 40);
	assert_int_equal(N(o.ev[2], OOMKIT_EV_PID), 400);
	assert_string_equal(S(o.ev[2], OOMKIT_EV_COMM), "p(a)r en)t");
	assert_string_equal(S(o.ev[2], OOMKIT_EV_SELECTED_COMM), "p(a)r en)t");
	assert_string_equal(S(o.ev[2], OOMKIT_EV_NODEMASK), "0");
	assert_int_equal(N(o.ev[2], OOMKIT_EV_OOM_SCORE_ADJ), 15);
	assert_int_equal(N(o.ev[2], OOMKIT_EV_UID), 10);
	assert_int_equal(T(o.ev[2], 0, OOMKIT_TASK_NR_PMDS), 3);
	assert_int_equal(T(o.ev[2], 0, OOMKIT_TASK_SWAPENTS), 4);
	assert_string_equal(oomkit_event_task_name(o.ev[2], 0), "p(a)r en)t");
	done(&o);
}

static void test_earlyoom_versions(void **state)
{
	static const char *const l[] = {
		"Jan  2 10:00:00 h earlyoom[5]: sending SIGTERM to process 10 \"a b\": badness 800, VmRSS 100 MiB",
		"Jan  2 10:00:01 h earlyoom[5]: sending SIGKILL to process 10 \"a b\": badness 800, VmRSS 100 MiB",
		"Jan  2 10:00:05 h earlyoom[5]: sending SIGTERM to process 11 uid 1000 \"c\": badness 700, VmRSS 50 MiB",
		"Jan  2 10:00:09 h earlyoom[5]: Killing process 12 d",
		"Jan  2 10:00:10 h earlyoom[5]: Killing process: e, pid: 13",
		"Jan  2 10:00:11 h earlyoom[5]: mem avail: 100 of 1000 MiB (10.00%), swap free: 0 of 0 MiB ( 0.00%)",
		NULL };
	struct evs o;

	(void)state;
	run(&o, l);
	assert_int_equal(o.n, 4);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_PID), 10);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_COMM), "a b");
	assert_int_equal(N(o.ev[0], OOMKIT_EV_UID), NA);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_SCORE), 800);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_PID), 11);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_UID), 1000);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_RSS_KB), 50 * 1024);
	assert_int_equal(N(o.ev[2], OOMKIT_EV_PID), 12);
	assert_string_equal(S(o.ev[2], OOMKIT_EV_COMM), "d");
	assert_int_equal(N(o.ev[3], OOMKIT_EV_PID), 13);
	assert_string_equal(S(o.ev[3], OOMKIT_EV_COMM), "e");
	assert_int_equal(N(o.ev[3], OOMKIT_EV_KILLER), OOMKIT_KILLER_EARLYOOM);
	done(&o);
}

/* /dev/kmsg records of two CPUs' reports, kept apart by caller id */
static void test_feed_kmsg_callers(void **state)
{
	static const struct {
		const char *caller, *msg;
	} r[] = {
		{ "T1", "a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0" },
		{ "T2", "b invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=1, oom_score_adj=0" },
		{ "T1", "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/x,task_memcg=/x,task=v1,pid=11,uid=0" },
		{ "T2", "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=v2,pid=22,uid=0" },
		{ "T2", "Out of memory: Killed process 22 (v2) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0" },
		{ "T1", "Memory cgroup out of memory: Killed process 11 (v1) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0" },
	};
	struct oomkit_report_parser *rp;
	struct evs o;
	size_t i;

	(void)state;
	memset(&o, 0, sizeof(o));
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	for (i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		assert_int_equal(oomkit_report_feed_kmsg(rp, r[i].msg,
			strlen(r[i].msg), (long long)i, -1, r[i].caller, "k"), 0);
	oomkit_report_flush(rp);
	collect(rp, &o);
	assert_int_equal(o.n, 2);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_PID), 22);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_TRIGGER_COMM), "b");
	assert_int_equal(N(o.ev[0], OOMKIT_EV_ORDER), 1);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_PID), 11);
	assert_string_equal(S(o.ev[1], OOMKIT_EV_TRIGGER_COMM), "a");
	assert_string_equal(S(o.ev[1], OOMKIT_EV_OOM_MEMCG), "/x");
	done(&o);
	oomkit_report_parser_free(rp);
}

/* a report cut off and forgotten is not paired with a kill much later */
static void test_expiry(void **state)
{
	struct oomkit_report_parser *rp;
	struct evs o;
	static const char t[] = "[ 1.0] x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0";
	static const char k[] = "[ 9.0] Out of memory: Killed process 5 (y) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB";
	int i;

	(void)state;
	memset(&o, 0, sizeof(o));
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	assert_int_equal(oomkit_report_feed_line(rp, t, sizeof(t) - 1, NULL), 0);
	for (i = 0; i < 1000; i++)
		assert_int_equal(oomkit_report_feed_line(rp, "[ 2.0] eth0: up", 15, NULL), 0);
	assert_int_equal(oomkit_report_feed_line(rp, k, sizeof(k) - 1, NULL), 0);
	oomkit_report_flush(rp);
	collect(rp, &o);
	assert_int_equal(o.n, 2);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_OUTCOME), OOMKIT_OUTCOME_INCOMPLETE);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_TRIGGER_COMM), "x");
	assert_int_equal(N(o.ev[1], OOMKIT_EV_PID), 5);
	assert_string_equal(S(o.ev[1], OOMKIT_EV_TRIGGER_COMM), "(none)");
	done(&o);
	oomkit_report_parser_free(rp);
}

/*
 * The shape table of report-kernel.c: every example line reaches its own
 * row (SHAPE), the SHAPE row above it (ERA, which must follow a SHAPE or
 * ERA row), or no row (BODY: read by on_body and friends).
 */
static void test_shape_table(void **state)
{
	struct oomkit_report_parser *rp;
	int owner = -1;
	size_t i;

	(void)state;
	assert_true(oomkit__report_nshapes > 20);
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	for (i = 0; i < oomkit__report_nshapes; i++) {
		const struct oomkit__shape *sh = &oomkit__report_shapes[i];
		const char *k = NULL;
		size_t len;
		int got, want;

		assert_non_null(sh->example);
		assert_non_null(sh->kernels);
		assert_non_null(sh->printer);
		len = strlen(sh->example);
		switch (sh->how) {
		case OOMKIT__SHAPE_ERA:
			assert_null(sh->fn);
			want = owner;
			assert_true(want >= 0);
			assert_non_null(oomkit__report_shapes[want].reader);
			break;
		case OOMKIT__SHAPE_BODY:
			assert_null(sh->fn);
			assert_non_null(sh->reader);
			want = owner = -1;
			break;
		default:
			assert_non_null(sh->fn);
			assert_non_null(sh->reader);
			assert_int_equal(sh->litlen, strlen(sh->lit));
			want = owner = (int)i;
			break;
		}
		got = oomkit__report_match(sh->example, len, &k);
		if (got != want)
			print_message("row %zu (%s): %s\n", i, sh->kernels,
				      sh->example);
		assert_int_equal(got, want);
		if (got >= 0)
			assert_true(k >= sh->example && k < sh->example + len);
		assert_int_equal(oomkit_report_feed_line(rp, sh->example, len,
							 NULL), 0);
	}
	assert_int_equal(oomkit_report_flush(rp), 0);
	oomkit_report_parser_free(rp);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(oomkit_outcome_name(OOMKIT_OUTCOME_KILLED), "killed");
	assert_string_equal(oomkit_outcome_name(OOMKIT_OUTCOME_NO_KILLABLE), "no-killable");
	assert_string_equal(oomkit_outcome_name(OOMKIT_OUTCOME_PANIC), "panic");
	assert_string_equal(oomkit_outcome_name(OOMKIT_OUTCOME_INCOMPLETE), "incomplete");
	assert_string_equal(oomkit_killer_name(OOMKIT_KILLER_SYSTEMD_OOMD), "systemd-oomd");
	assert_string_equal(oomkit_killer_name(OOMKIT_KILLER_EARLYOOM), "earlyoom");
	assert_int_equal(oomkit_event_num(NULL, OOMKIT_EV_PID, NULL), -EINVAL);
	assert_null(oomkit_event_str(NULL, OOMKIT_EV_COMM));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_618_memcg_full),
		cmocka_unit_test(test_26_2x),
		cmocka_unit_test(test_3x_sacrifice_child),
		cmocka_unit_test(test_4x_nodemask_and_tables),
		cmocka_unit_test(test_419_to_67_and_51),
		cmocka_unit_test(test_oom_group),
		cmocka_unit_test(test_no_killable_and_panics),
		cmocka_unit_test(test_exiting_and_cut),
		cmocka_unit_test(test_rate_limited),
		cmocka_unit_test(test_interleaved_callers),
		cmocka_unit_test(test_joined_and_wrapped),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_syslog_tags),
		cmocka_unit_test(test_syslog_year),
		cmocka_unit_test(test_strip_internals),
		cmocka_unit_test(test_userspace),
		cmocka_unit_test(test_feed_record),
		cmocka_unit_test(test_hold_and_order),
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_fragments),
		cmocka_unit_test(test_truncated_kill_lines),
		cmocka_unit_test(test_huge_lines_and_nuls),
		cmocka_unit_test(test_hostile_comm),
		cmocka_unit_test(test_task_table_cap),
		cmocka_unit_test(test_kill_prefixes),
		cmocka_unit_test(test_earlyoom_versions),
		cmocka_unit_test(test_feed_kmsg_callers),
		cmocka_unit_test(test_expiry),
		cmocka_unit_test(test_shape_table),
		cmocka_unit_test(test_names),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
