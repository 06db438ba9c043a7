/*
 * report-kernel.c - the shapes of the kernel's OOM report lines, by kernel
 * era, and their handlers: the trigger ("invoked oom-killer:"), the
 * one-line summary ("oom-kill:"), the victim selection ("Kill process ...
 * or sacrifice child"), the kill ("Killed process"), the outcomes without
 * a kill (no killable processes, panic, victim already exiting), memcg
 * and oom.group lines, the oom_reaper line and the body of an open report
 * (memcg usage, swap, the stack dump's pid, the task table).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "report-private.h"

#define MEM(r, item) ((r)->mem[(item)-OOMKIT_EV_RAM_PAGES])

static oomkit__shape_fn on_trigger, on_summary, on_select, on_killed, on_no_killable, on_ignored,
	on_panic, on_exiting, on_task_in, on_group, on_sharing, on_sysrq;

/* clang-format off */
/* a line the dispatch hands to @fn when @lit (and @also) is in it */
#define SHAPE(how, lit, also, fn, kernels, printer, example) \
	{ OOMKIT__SHAPE_##how, lit, sizeof(lit) - 1, also, fn, #fn, \
	  kernels, printer, example }
/* the line of the SHAPE row above, as other kernels print it */
#define ERA(kernels, printer, example) \
	{ OOMKIT__SHAPE_ERA, NULL, 0, NULL, NULL, NULL, kernels, printer, \
	  example }
/* a line of an open report's body: not dispatched by this table */
#define BODY(lit, reader, kernels, printer, example) \
	{ OOMKIT__SHAPE_BODY, lit, sizeof(lit) - 1, NULL, NULL, reader, \
	  kernels, printer, example }

/*
 * Every line shape of a kernel OOM report: the kernels that print it (a
 * "~" marks an approximate boundary), the kernel function that prints it,
 * an example and the function that reads it. The dispatch
 * (report-dispatch.c:kernel_msg) tries the SHAPE rows in this order, after
 * the oom_reaper line and the userspace killers; the first match wins.
 * ERA rows are the same line as printed by other kernels (read by the
 * SHAPE row above them), BODY rows are read by on_body() while a report is
 * open. test_report.c checks that every example reaches its row.
 *
 * The kill line by era, for instance: 5.4+ adds "UID:.. pgtables:..
 * oom_score_adj:.."; 5.1-5.3 prefix it with the reason and drop the
 * "Kill process" line; 2.6.36-5.0 print the selection first; RHEL 6 and
 * 7 moved the UID; 2.6.3x wrote "vsz:"; 2.6.1x/2x print the comm only.
 */
const struct oomkit__shape oomkit__report_shapes[] = {
	/* 1. trigger: the allocating task, not necessarily the victim */
	SHAPE(ANY, " invoked oom-killer:", NULL, on_trigger,
	      "5.0 - 6.x", "mm/oom_kill.c:dump_header()",
	      "hog invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, "
	      "oom_score_adj=0"),
	ERA("4.8 - 4.18 (nodemask= here, not on the summary)",
	    "mm/oom_kill.c:dump_header()",
	    "stress invoked oom-killer: gfp_mask=0x14280ca(GFP_HIGHUSER_MOVABLE"
	    "|__GFP_ZERO), nodemask=0-1,3, order=2, oom_score_adj=-17"),
	ERA("2.6.36 - ~4.4 (hex gfp_mask only; oom_adj= up to ~3.x)",
	    "mm/oom_kill.c:dump_header()",
	    "java invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, "
	    "oom_score_adj=0"),
	ERA("2.6.2x", "mm/oom_kill.c:out_of_memory() (~)",
	    "sed invoked oom-killer: gfp_mask=0x201d2, order=0, oomkilladj=0"),
	SHAPE(START, "oom-killer: gfp_mask=", NULL, on_trigger,
	      "2.6.1x (no comm)", "mm/oom_kill.c:out_of_memory()",
	      "oom-killer: gfp_mask=0xd0, order=0"),
	BODY("cpuset=", "on_body",
	     "up to 4.19 (then on the summary line)",
	     "kernel/cgroup/cpuset.c:cpuset_print_current_mems_allowed()",
	     "java cpuset=/ mems_allowed=0"),
	BODY("CPU: ", "on_body", "~3.x - 6.x (UID: from 6.x)",
	     "lib/dump_stack.c:dump_stack_print_info()",
	     "CPU: 1 UID: 0 PID: 11174 Comm: hog Not tainted 6.18.44-1 #1"),
	BODY("Pid: ", "on_body", "2.6.x", "arch/x86 dump_stack() (~)",
	     "Pid: 3100, comm: sed Not tainted 2.6.24-1-686 #1"),
	BODY("CPU: ", "on_body (kernel_version: after the taint flags)",
	     "~3.x - 6.x (tainted)", "lib/dump_stack.c:dump_stack_print_info()",
	     "CPU: 0 PID: 812 Comm: java Tainted: G        W  OE     "
	     "5.4.0-100-generic #113-Ubuntu"),

	/* 2. memory state: global, or the memcg whose limit was hit */
	BODY("Mem-Info:", "on_body", "all (a global OOM)",
	     "mm/show_mem.c:__show_free_areas() (mm/page_alloc.c before 6.x)",
	     "Mem-Info:"),
	BODY("active_anon:", "meminfo_line", "2.6.28 - 6.x (pages)",
	     "mm/show_mem.c:__show_free_areas() (mm/page_alloc.c before 6.x)",
	     "active_anon:1314192 inactive_anon:5198 isolated_anon:0"),
	BODY("free:", "meminfo_line", "2.6.28 - 6.x (pages)",
	     "mm/show_mem.c:__show_free_areas()",
	     " free:25585 free_pcp:62 free_cma:0"),
	BODY(" free:", "zone_line", "~3.x - 6.x (boost: from 5.0)",
	     "mm/show_mem.c:show_free_areas() (per zone)",
	     "Node 0 DMA32 free:44404kB boost:0kB min:44540kB low:55672kB "
	     "high:66804kB reserved_highatomic:0KB active_anon:3027968kB"),
	BODY(" free:", "zone_line", "2.6.x (no node)",
	     "mm/page_alloc.c:show_free_areas() (per zone)",
	     "DMA free:2008kB min:88kB low:108kB high:132kB active:0kB"),
	BODY("hugepages_total=", "huge_line", "~3.x - 6.x",
	     "mm/hugetlb.c:hugetlb_show_meminfo_node()",
	     "Node 0 hugepages_total=64 hugepages_free=64 hugepages_surp=0 "
	     "hugepages_size=2048kB"),
	BODY(" total pagecache pages", "count_line", "all",
	     "mm/show_mem.c:__show_mem()", "10478 total pagecache pages"),
	BODY(" pages RAM", "count_line", "all", "mm/show_mem.c:__show_mem()",
	     "2096998 pages RAM"),
	BODY(" pages reserved", "count_line", "all",
	     "mm/show_mem.c:__show_mem()", "136105 pages reserved"),
	BODY("Free swap", "on_body", "all",
	     "mm/swap_state.c:show_swap_cache_info()", "Free swap  = 0kB"),
	BODY("Total swap", "on_body", "all",
	     "mm/swap_state.c:show_swap_cache_info()",
	     "Total swap = 2097148kB"),
	BODY("memory: usage ", "on_body", "2.6.3x - 6.x (memcg)",
	     "mm/memcontrol.c:mem_cgroup_print_oom_meminfo() "
	     "(mem_cgroup_print_oom_info() before 5.0)",
	     "memory: usage 65536kB, limit 65536kB, failcnt 118"),
	BODY("memory+swap: usage ", "on_body", "2.6.3x - 6.x (memcg v1)",
	     "mm/memcontrol.c:mem_cgroup_print_oom_meminfo()",
	     "memory+swap: usage 65536kB, limit 9007199254740988kB, failcnt 0"),
	BODY("swap: usage ", "on_body", "5.3 - 6.x (memcg v2)",
	     "mm/memcontrol.c:mem_cgroup_print_oom_meminfo()",
	     "swap: usage 0kB, limit 9007199254740988kB, failcnt 0"),
	BODY("Memory cgroup stats for ", "on_body", "2.6.3x - 6.x (memcg)",
	     "mm/memcontrol.c:mem_cgroup_print_oom_meminfo()",
	     "Memory cgroup stats for /kres:"),
	BODY("Memory cgroup stats for ", "memcg_stat (one line per memcg of "
	     "the tree, kB, summed)", "~3.x - 4.x (memcg v1)",
	     "mm/memcontrol.c:mem_cgroup_print_oom_info()",
	     "Memory cgroup stats for /docker/de9d: cache:188KB rss:3145540KB "
	     "rss_huge:0KB mapped_file:8KB swap:0KB"),
	BODY("anon ", "memcg_stat (bytes; after \"Memory cgroup stats\")",
	     "5.3 - 6.x (memcg v2: anon file kernel kernel_stack pagetables "
	     "sock shmem slab_unreclaimable ...)",
	     "mm/memcontrol.c:memory_stat_format()", "anon 314535936"),
	BODY("rss ", "memcg_stat (bytes; total_* win)", "5.x - 6.x (memcg v1)",
	     "mm/memcontrol.c:memcg1_stat_format() (~)", "total_rss 66000000"),

	/* 3. task table (vm.oom_dump_tasks=1); columns by era */
	BODY("Tasks state", "on_body", "4.19 - 6.x",
	     "mm/oom_kill.c:dump_tasks()",
	     "Tasks state (memory values in pages):"),
	BODY("[", "oomkit__report_parse_header", "6.8 - 6.x",
	     "mm/oom_kill.c:dump_tasks()",
	     "[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file "
	     "rss_shmem pgtables_bytes swapents oom_score_adj name"),
	BODY("[", "oomkit__report_parse_header", "4.15 - 6.7",
	     "mm/oom_kill.c:dump_tasks()",
	     "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents "
	     "oom_score_adj name"),
	BODY("[", "oomkit__report_parse_header", "4.14 (~)",
	     "mm/oom_kill.c:dump_tasks()",
	     "[ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds nr_puds "
	     "swapents oom_score_adj name"),
	BODY("[", "oomkit__report_parse_header", "4.1 - 4.13",
	     "mm/oom_kill.c:dump_tasks()",
	     "[ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds swapents "
	     "oom_score_adj name"),
	BODY("[", "oomkit__report_parse_header", "~3.x - 4.0",
	     "mm/oom_kill.c:dump_tasks()",
	     "[ pid ]   uid  tgid total_vm      rss nr_ptes swapents "
	     "oom_score_adj name"),
	BODY("[", "oomkit__report_parse_header", "2.6.36 - ~3.x",
	     "mm/oom_kill.c:dump_tasks()",
	     "[ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj "
	     "name"),
	BODY("[", "oomkit__report_parse_header", "up to 2.6.35",
	     "mm/oom_kill.c:dump_tasks()",
	     "[ pid ]   uid  tgid total_vm      rss cpu oom_adj name"),
	BODY("[", "oomkit__report_parse_row (guess_cols without a header)",
	     "all", "mm/oom_kill.c:dump_task() (dump_tasks() before 4.19)",
	     "[  11132]     0 11132      876      605      256      349      "
	     "   0    53248        0          1000 tiny"),

	/* 4. summary */
	SHAPE(START, "oom-kill:", NULL, on_summary,
	      "5.0 - 6.x (5.0 - 5.1 memcg OOMs said CONSTRAINT_NONE)",
	      "mm/oom_kill.c:dump_oom_summary()",
	      "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,"
	      "mems_allowed=0,oom_memcg=/kres,task_memcg=/kres,task=tiny,"
	      "pid=11132,uid=0"),

	/* 5. kill */
	SHAPE(ANY, "Killed process ", NULL, on_killed,
	      "5.4 - 6.x", "mm/oom_kill.c:__oom_kill_process()",
	      "Memory cgroup out of memory: Killed process 11132 (tiny) "
	      "total-vm:3504kB, anon-rss:1024kB, file-rss:1396kB, "
	      "shmem-rss:0kB, UID:0 pgtables:52kB oom_score_adj:1000"),
	ERA("5.1 - 5.3 (prefixed, no selection line before it)",
	    "mm/oom_kill.c:__oom_kill_process()",
	    "Out of memory: Killed process 1234 (python3) total-vm:3600000kB, "
	    "anon-rss:3190000kB, file-rss:10000kB, shmem-rss:0kB"),
	ERA("4.5 - 5.0 (after the selection line)",
	    "mm/oom_kill.c:__oom_kill_process() (oom_kill_process() "
	    "before 4.19)",
	    "Killed process 4243 (stress worker) total-vm:360000kB, "
	    "anon-rss:318000kB, file-rss:2000kB, shmem-rss:4kB"),
	ERA("2.6.36 - 4.4", "mm/oom_kill.c:oom_kill_process() (~)",
	    "Killed process 701 (worker) total-vm:400000kB, "
	    "anon-rss:350000kB, file-rss:10000kB"),
	ERA("RHEL 7 (3.10)", "mm/oom_kill.c:oom_kill_process() (~)",
	    "Killed process 42452 (memcg_test_1), UID 0, total-vm:7296kB, "
	    "anon-rss:96kB, file-rss:164kB, shmem-rss:0kB"),
	ERA("RHEL 6 (2.6.32)", "mm/oom_kill.c:__oom_kill_task() (~)",
	    "Killed process 9682, UID 27, (mysqld) total-vm:47388kB, "
	    "anon-rss:3744kB, file-rss:80kB"),
	ERA("2.6.32 - 2.6.35", "mm/oom_kill.c:__oom_kill_task() (~)",
	    "Killed process 901 (db-worker) vsz:2000kB, anon-rss:1500kB, "
	    "file-rss:20kB"),
	ERA("2.6.1x - 2.6.2x (the comm only)",
	    "mm/oom_kill.c:__oom_kill_task() (~)",
	    "Out of memory: Killed process 2200 (firefox)."),
	SHAPE(AFTER_K, "ill process ", " sharing same memory", on_sharing,
	      "2.6.3x - 4.6 (after the kill line: the other processes that "
	      "share the victim's mm get SIGKILL too; part of that kill, "
	      "not rows of their own)",
	      "mm/oom_kill.c:oom_kill_process()",
	      "Kill process 4244 (stress worker) sharing same memory"),
	SHAPE(AFTER_K, "ill process ", NULL, on_select,
	      "2.6.36 - 5.0 (selection before the kill line)",
	      "mm/oom_kill.c:oom_kill_process()",
	      "Out of memory: Kill process 700 (java) score 901 or sacrifice "
	      "child"),
	ERA("~2.6.3x", "mm/oom_kill.c:oom_kill_process() (~)",
	    "Out of memory: kill process 900 (db) score 50 or a child"),
	ERA("2.6.1x - 2.6.2x", "mm/oom_kill.c:oom_kill_process() (~)",
	    "Out of Memory: Kill process 2200 (firefox) score 812345 and "
	    "children."),

	/* 6. outcomes without a kill */
	SHAPE(ANY, "no killable processes", NULL, on_no_killable,
	      "2.6.36 - 6.x", "mm/oom_kill.c:out_of_memory()",
	      "Out of memory and no killable processes..."),
	ERA("up to 2.6.35 (a panic)", "mm/oom_kill.c:out_of_memory()",
	    "Kernel panic - not syncing: Out of memory and no killable "
	    "processes..."),
	SHAPE(ANY, "Manual OOM execution", NULL, on_sysrq,
	      "2.6.x - 6.x (sysrq-f; the report follows)",
	      "drivers/tty/sysrq.c:__handle_sysrq()",
	      "SysRq : Manual OOM execution"),
	SHAPE(START, "OOM request ignored", NULL, on_ignored,
	      "~4.x - 6.x (sysrq-f)", "drivers/tty/sysrq.c:moom_callback()",
	      "OOM request ignored. No task eligible"),
	SHAPE(ANY, "System is deadlocked on memory", NULL, on_panic,
	      "~4.x - 6.x (a global OOM with nothing to kill)",
	      "mm/oom_kill.c:out_of_memory()",
	      "Kernel panic - not syncing: System is deadlocked on memory"),
	SHAPE(ANY, "panic_on_oom is enabled", NULL, on_panic,
	      "2.6.x - 6.x (vm.panic_on_oom)",
	      "mm/oom_kill.c:check_panic_on_oom()",
	      "Kernel panic - not syncing: Out of memory: system-wide "
	      "panic_on_oom is enabled"),
	SHAPE(ANY, "OOM victim ", "is already exiting", on_exiting,
	      "~4.x - 6.x", "mm/oom_kill.c:oom_kill_process()",
	      "Memory cgroup out of memory: OOM victim 4000 (leaker) is "
	      "already exiting. Skip killing the task"),

	/* 7. memcg lines: the memcgs of a v1-era OOM (printed before the
	 * memory state), and the group kill of memory.oom.group */
	SHAPE(START, "Task in ", " killed as a result of limit of ",
	      on_task_in, "2.6.3x - 4.19 (memcg)",
	      "mm/memcontrol.c:mem_cgroup_print_oom_info()",
	      "Task in /grp/a killed as a result of limit of /grp"),
	SHAPE(START, "Tasks in ", " are going to be killed", on_group,
	      "4.19 - 6.x (memory.oom.group; a kill line per member follows)",
	      "mm/memcontrol.c:mem_cgroup_print_oom_group()",
	      "Tasks in /job are going to be killed due to memory.oom.group "
	      "set"),

	/* 8. after the kill (read before the table, see kernel_line) */
	BODY("oom_reaper:", "oomkit__report_on_reaper (before the table)",
	     "4.6 - 6.x", "mm/oom_kill.c:oom_reap_task_mm()",
	     "oom_reaper: reaped process 900 (dd), now anon-rss:0kB, "
	     "file-rss:0kB, shmem-rss:0kB"),
	BODY("oom_reaper:", "oomkit__report_on_reaper (before the table)",
	     "4.6 - 6.x", "mm/oom_kill.c:oom_reap_task()",
	     "oom_reaper: unable to reap pid:12 (c)"),
};
/* clang-format on */

const size_t oomkit__report_nshapes =
	sizeof(oomkit__report_shapes) / sizeof(oomkit__report_shapes[0]);

static long long hexnum(const char *s, const char *e)
{
	unsigned long long x = 0;
	int nd = 0;

	if (e - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; s < e && nd < 16; s++, nd++) {
		int c = *s, d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		x = x * 16 + (unsigned)d;
	}
	if (!nd || x > (unsigned long long)LLONG_MAX)
		return NONE;
	return (long long)x;
}

/*
 * The comm in front of " invoked oom-killer:" (@m to @inv). The kernel
 * prints the task's comm, at most TASK_COMM_LEN - 1 = 15 bytes, but a
 * paste may put junk in front of it: a SysRq line joined to it ("SysRq :
 * Manual OOM execution`kworker/0:2"), the rest of a time stamp, a quote.
 * Debug kernels print "comm:pid". What is left must be at most 15 bytes,
 * else the comm is unknown (never the last 15 bytes of the junk;
 * docs/kernel.md §9.11).
 */
static void trigger_comm(const char *m, const char *inv, struct report *r, size_t sz)
{
	static const char *const junk[] = { "Manual OOM execution", "`", "] ", "> ", "\t" };
	const char *s = m, *e = inv, *k, *c;
	size_t i;
	long long v = 0;

	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		size_t l = strlen(junk[i]);

		if ((size_t)(e - s) <= 15 && i > 0)
			break;
		while ((k = find(s, (size_t)(e - s), junk[i], l)) != NULL)
			s = k + l;
	}
	while (s < e && (*s == ' ' || *s == ':' || *s == '`'))
		s++;
	/* "comm:pid": a pid after the last ':' (not kworker/0:2's CPU) */
	c = e;
	while (c > s && isdig(c[-1]))
		c--;
	if (c < e && c > s + 1 && c[-1] == ':' && !memchr(s, '/', (size_t)(c - s)) &&
	    num(c, e, &v) == e && v > 0)
		e = c - 1;
	if (e - s > 15 || e == s)
		return;
	cpy(r->trig_comm, sz, s, (size_t)(e - s));
}

/* "comm invoked oom-killer: gfp_mask=..., order=0, oom_score_adj=0" */
static int on_trigger(struct oomkit_report_parser *rp, const char *m, size_t n, const char *inv,
		      const struct oomkit__pfx *p, const char *origin)
{
	const char *e = m + n, *v, *ve;
	struct report *r = oomkit__rep_find(rp, p);
	int rc = 0;

	if (r && (p->caller_len || !r->caller[0]))
		rc = oomkit__rep_close(rp, r);
	if (oomkit__rep_open(rp, p, &r) < 0 || rc < 0)
		return -ENOMEM;
	r->has_trigger = 1;
	oomkit__report_snap(rp, &r->trig_at, p, origin);
	trigger_comm(m, inv, r, sizeof(r->trig_comm));
	/* "SysRq : Manual OOM execution" on this line (joined) or just before */
	if (FIND(m, (size_t)(inv - m), "Manual OOM execution") ||
	    (rp->sysrq_line && rp->lineno - rp->sysrq_line <= 3))
		MEM(r, OOMKIT_EV_SYSRQ) = 1;
	rp->sysrq_line = 0;
	v = FIND(inv, (size_t)(e - inv), "gfp_mask=");
	if (v) {
		v += 9;
		for (ve = v; ve < e && *ve != ',' && *ve != ' '; ve++)
			if (*ve == '(') {
				const char *c = memchr(ve, ')', (size_t)(e - ve));

				ve = c ? c : e - 1;
			}
		cpy(r->gfp_text, sizeof(r->gfp_text), v, (size_t)(ve - v));
		r->gfp = hexnum(v, ve);
	}
	v = FIND(inv, (size_t)(e - inv), "nodemask=");
	if (v) {
		v += 9;
		ve = FIND(v, (size_t)(e - v), ", order=");
		if (!ve)
			ve = memchr(v, ',', (size_t)(e - v));
		cpy(r->nodemask, sizeof(r->nodemask), v, (size_t)((ve ? ve : e) - v));
	}
	r->order = keyed(inv, e, "order=");
	r->trig_adj = keyed(inv, e, "oom_score_adj=");
	if (r->trig_adj != NONE && (r->trig_adj < -1000 || r->trig_adj > 1000))
		r->trig_adj = NONE; /* not a value the kernel prints */
	r->trig_oom_adj = keyed(inv, e, " oom_adj=");
	if (r->trig_oom_adj == NONE)
		r->trig_oom_adj = keyed(inv, e, "oomkilladj=");
	return 0;
}

/* oom-kill:constraint=...,nodemask=...,cpuset=...,task=...,pid=...,uid=... */
static const char *const sumkeys[] = {
	"constraint=", "nodemask=",   "cpuset=", "mems_allowed=", "global_oom",
	"oom_memcg=",  "task_memcg=", "task=",   "pid=",          "uid=",
};

static int sum_value(const char *m, const char *e, const char *key, const char **vs,
		     const char **ve)
{
	size_t kl = strlen(key), i;
	const char *s = m, *best;

	for (;;) {
		const char *k = find(s, (size_t)(e - s), key, kl);

		if (!k)
			return 0;
		if (k == m || k[-1] == ',' || k[-1] == ':') {
			s = k + kl;
			break;
		}
		s = k + 1;
	}
	best = e;
	for (i = 0; i < sizeof(sumkeys) / sizeof(sumkeys[0]); i++) {
		size_t l = strlen(sumkeys[i]);
		const char *c = s;

		while (c < best) {
			const char *k = find(c, (size_t)(best - c), sumkeys[i], l);

			if (!k)
				break;
			if (k > s && k[-1] == ',') {
				best = k - 1;
				break;
			}
			c = k + 1;
		}
	}
	*vs = s;
	*ve = best;
	return 1;
}

static int on_summary(struct oomkit_report_parser *rp, const char *m, size_t n, const char *k,
		      const struct oomkit__pfx *p, const char *origin)
{
	const char *e = m + n, *vs, *ve;
	struct report *r = oomkit__rep_find(rp, p);
	long long v;

	m = k + 9; /* after "oom-kill:" */
	n = (size_t)(e - m);
	/*
	 * The line ends with ",uid=N". Without it the line was cut, and the
	 * field it was cut in is unknown: read up to the comma before it.
	 */
	vs = e;
	while (vs > m && isdig(vs[-1]))
		vs--;
	if (!(vs < e && vs - m >= 5 && !memcmp(vs - 5, ",uid=", 5))) {
		while (e > m && e[-1] != ',')
			e--;
		if (e > m)
			e--;
		n = (size_t)(e - m);
	}

	if (oomkit__rep_continue(rp, p, &r, r && (r->nkills || r->has_summary || r->outcome_done)) <
	    0)
		return -ENOMEM;
	r->touched = rp->lineno;
	r->has_summary = 1;
	oomkit__report_snap(rp, &r->sum_at, p, origin);
	if (sum_value(m, e, "constraint=", &vs, &ve))
		cpy(r->constraint, sizeof(r->constraint), vs, (size_t)(ve - vs));
	if (sum_value(m, e, "nodemask=", &vs, &ve))
		cpy(r->nodemask, sizeof(r->nodemask), vs, (size_t)(ve - vs));
	if (sum_value(m, e, "cpuset=", &vs, &ve))
		cpy(r->cpuset, sizeof(r->cpuset), vs, (size_t)(ve - vs));
	if (sum_value(m, e, "mems_allowed=", &vs, &ve))
		cpy(r->mems, sizeof(r->mems), vs, (size_t)(ve - vs));
	if (sum_value(m, e, "oom_memcg=", &vs, &ve)) {
		cpy(r->oom_memcg, sizeof(r->oom_memcg), vs, (size_t)(ve - vs));
		r->memcg_oom = 1;
	} else if (FIND(m, n, ",global_oom")) {
		r->memcg_oom = 0;
	}
	if (sum_value(m, e, "task_memcg=", &vs, &ve))
		cpy(r->task_memcg, sizeof(r->task_memcg), vs, (size_t)(ve - vs));
	if (sum_value(m, e, "task=", &vs, &ve))
		cpy(r->sum_task, sizeof(r->sum_task), vs, (size_t)(ve - vs));
	if (sum_value(m, e, "pid=", &vs, &ve) && num(vs, ve, &v) && v > 0)
		r->sum_pid = v;
	if (sum_value(m, e, "uid=", &vs, &ve) && num(vs, ve, &v))
		r->sum_uid = v;
	return 0;
}

/*
 * The comm in "(comm)" after a pid. Returns the end (past ')') or NULL.
 * A comm may itself hold ')' or spaces, so prefer the ')' before a known
 * continuation.
 */
static const char *paren_comm(const char *s, const char *e, char *out, size_t osz)
{
	const char *o, *c, *lim;
	static const char *const next[] = { ") total-vm:", "), UID", ") score", ", now ",
					    ") is already" };
	size_t i;

	while (s < e && *s == ' ')
		s++;
	if (s >= e || *s != '(')
		return NULL;
	o = s + 1;
	lim = e - o > COMMLEN + 2 ? o + COMMLEN + 2 : e;
	for (i = 0; i < sizeof(next) / sizeof(next[0]); i++) {
		c = find(o, (size_t)(e - o), next[i], strlen(next[i]));
		if (c && c < lim + 8) {
			if (next[i][0] == ',')
				c--; /* "(comm), now" */
			if (c >= o && *c == ')') {
				cpy(out, osz, o, (size_t)(c - o));
				return c + 1;
			}
		}
	}
	for (c = o; c < lim; c++) {
		if (*c != ')')
			continue;
		if (c + 1 == e || c[1] == ' ' || c[1] == ',' || c[1] == '.' || c[1] == ':' ||
		    (c[1] >= 'A' && c[1] <= 'Z') || c[1] == 'o')
			break;
	}
	if (c >= lim)
		return NULL;
	cpy(out, osz, o, (size_t)(c - o));
	return c + 1;
}

/* text before "Killed process"/"Kill process", without ": " */
static void kill_prefix(const char *m, const char *k, char *out, size_t osz)
{
	const char *e = k;

	while (e > m && (e[-1] == ' ' || e[-1] == ':'))
		e--;
	cpy(out, osz, m, (size_t)(e - m));
}

static int prefix_is_memcg(const char *pre)
{
	return strstr(pre, "Memory cgroup") != NULL;
}

/*
 * A kill line's "key:NkB": the number only when its unit follows it (a
 * line cut in the number, "anon-rss:987", gives nothing).
 */
static long long keyed_kb(const char *s, const char *e, const char *key)
{
	size_t kl = strlen(key);
	const char *k = find(s, (size_t)(e - s), key, kl), *z;
	long long v;

	if (!k || !(z = num(k + kl, e, &v)) || e - z < 2 || (z[0] != 'k' && z[0] != 'K') ||
	    z[1] != 'B')
		return NONE;
	return v;
}

/*
 * "oom_score_adj:N" at the end of a kill line: within -1000..1000, and not
 * where a pager cut the line.
 */
static long long keyed_adj(const char *s, const char *e, const struct oomkit__pfx *p)
{
	const char *k = FIND(s, (size_t)(e - s), "oom_score_adj:"), *z;
	long long v;

	if (!k || !(z = num(k + 14, e, &v)) || v < -1000 || v > 1000)
		return NONE;
	if (p->cut && z == e)
		return NONE;
	if (z < e && *z != ' ' && *z != ',' && *z != '"' && *z != '\'')
		return NONE;
	return v;
}

/* "<prefix>: Kill process N (comm) score S or sacrifice child" */
static int on_select(struct oomkit_report_parser *rp, const char *m, size_t n, const char *k,
		     const struct oomkit__pfx *p, const char *origin)
{
	const char *e = m + n, *s;
	long long pid, score;
	char comm[COMMLEN];
	struct report *r;

	s = num(k + 13, e, &pid); /* after "Kill process " */
	if (!s || pid <= 0)
		return 0;
	if (!paren_comm(s, e, comm, sizeof(comm)))
		comm[0] = '\0';
	score = keyed(s, e, "score ");
	r = oomkit__rep_find(rp, p);
	if (r && r->has_sel && r->sel_pid == pid && !r->nkills)
		return 0; /* the same line twice */
	if (oomkit__rep_continue(rp, p, &r, r && (r->nkills || r->has_sel || r->outcome_done)) < 0)
		return -ENOMEM;
	r->touched = rp->lineno;
	r->has_sel = 1;
	r->sel_pid = pid;
	r->sel_score = score;
	cpy(r->sel_comm, sizeof(r->sel_comm), comm, strlen(comm));
	kill_prefix(m, k, r->sel_prefix, sizeof(r->sel_prefix));
	if (prefix_is_memcg(r->sel_prefix))
		r->memcg_oom = 1;
	oomkit__report_snap(rp, &r->sel_at, p, origin);
	return 0;
}

/*
 * "Kill process N (comm) sharing same memory" (up to 4.6): printed after
 * the kill line for each other process that shares the victim's mm, which
 * is killed with it. It belongs to that kill: it is not a row of its own
 * (the kernel did not choose it) and it never starts a selection that a
 * later kill line (of another OOM) would be read against (docs/kernel.md
 * §9.6).
 */
static int on_sharing(struct oomkit_report_parser *rp, const char *m, size_t n, const char *k,
		      const struct oomkit__pfx *p, const char *origin)
{
	struct report *r = oomkit__rep_find(rp, p);

	(void)m;
	(void)n;
	(void)k;
	(void)origin;
	if (r)
		r->touched = rp->lineno;
	return 0;
}

static int same_or_unknown(long long a, long long b)
{
	return a == NONE || b == NONE || a == b;
}

/*
 * The same kill line pasted twice (a grep excerpt and then the whole log,
 * or a report shown short and then in full): a kill still held with the
 * same pid, comm, total-vm and anon-rss, and the same time where both
 * have one, is this kill. The kernel never prints one victim twice with
 * the same sizes outside one report (that case is caught above). The held
 * event keeps its place and gains what this copy adds (its trigger,
 * summary, task table). Returns 1 when @ev was merged (and freed).
 */
static int merge_reprint(struct oomkit_report_parser *rp, struct oomkit_event *ev)
{
	struct oomkit_event *o;
	size_t i;
	int k;

	if (ev->num[OOMKIT_EV_TOTAL_VM_KB] == NONE || ev->num[OOMKIT_EV_ANON_RSS_KB] == NONE)
		return 0;
	for (i = 0; (o = oomkit__report_held(rp, i)) != NULL; i++) {
		if (o->num[OOMKIT_EV_KILLER] != OOMKIT_KILLER_KERNEL ||
		    o->num[OOMKIT_EV_OUTCOME] != OOMKIT_OUTCOME_KILLED ||
		    o->num[OOMKIT_EV_PID] != ev->num[OOMKIT_EV_PID] ||
		    o->num[OOMKIT_EV_TOTAL_VM_KB] != ev->num[OOMKIT_EV_TOTAL_VM_KB] ||
		    o->num[OOMKIT_EV_ANON_RSS_KB] != ev->num[OOMKIT_EV_ANON_RSS_KB] ||
		    !streq_opt(o->str[OOMKIT_EV_COMM], ev->str[OOMKIT_EV_COMM]) ||
		    !same_or_unknown(o->num[OOMKIT_EV_BOOT_US], ev->num[OOMKIT_EV_BOOT_US]) ||
		    !same_or_unknown(o->num[OOMKIT_EV_REALTIME_US], ev->num[OOMKIT_EV_REALTIME_US]))
			continue;
		for (k = 0; k < OOMKIT_EV_NUM_COUNT_; k++)
			if (o->num[k] == NONE)
				o->num[k] = ev->num[k];
		for (k = 0; k < OOMKIT_EV_STR_COUNT_; k++)
			if (!o->str[k]) {
				o->str[k] = ev->str[k];
				ev->str[k] = NULL;
			}
		if (!o->tab) {
			o->tab = ev->tab;
			ev->tab = NULL;
		}
		oomkit_event_free(ev);
		return 1;
	}
	return 0;
}

/*
 * "<prefix>: Killed process N (comm) total-vm:..kB, anon-rss:..kB, ..."
 * RHEL 6: "Killed process N, UID U, (comm) total-vm:..."
 * RHEL 7: "Killed process N (comm), UID U, total-vm:..."
 */
static int on_killed(struct oomkit_report_parser *rp, const char *m, size_t n, const char *k,
		     const struct oomkit__pfx *p, const char *origin)
{
	const char *e = m + n, *s, *after;
	long long pid, uid = NONE;
	char comm[COMMLEN], prefix[64];
	struct report *r;
	struct oomkit_event *ev;
	struct tsnap t;
	int i, rc = 0;

	s = num(k + 15, e, &pid); /* after "Killed process " */
	if (!s || pid <= 0)
		return 0;
	if (s < e && *s == ',') { /* RHEL 6 */
		uid = keyed(s, e, "UID ");
		s = memchr(s, '(', (size_t)(e - s));
		if (!s)
			return 0;
	}
	after = paren_comm(s, e, comm, sizeof(comm));
	if (!after && p->cut && s == e) {
		/* "Killed process 4244 (stre…": the pid, no comm */
		comm[0] = '\0';
		after = e;
	}
	if (!after)
		return 0;
	kill_prefix(m, k, prefix, sizeof(prefix));

	r = oomkit__rep_find(rp, p);
	for (i = 0; r && i < r->nkills; i++)
		if (r->kills[i] == pid)
			return 0; /* printed twice (oom.group) */
	if (oomkit__rep_continue(rp, p, &r,
				 r && !r->group_memcg[0] && (r->nkills || r->outcome_done)) < 0)
		return -ENOMEM;
	r->touched = rp->lineno;
	if (r->nkills < MAX_KILLS)
		r->kills[r->nkills] = pid;
	r->nkills++;

	ev = oomkit__ev_new(OOMKIT_KILLER_KERNEL, OOMKIT_OUTCOME_KILLED);
	if (!ev)
		return -ENOMEM;
	ev->num[OOMKIT_EV_PID] = pid;
	rc |= oomkit__ev_set_str(ev, OOMKIT_EV_COMM, comm);
	if (uid == NONE) {
		uid = keyed(after, e, "UID:");
		if (uid == NONE)
			uid = keyed(after, e, "UID ");
	}
	oomkit__ev_set_num(ev, OOMKIT_EV_UID, uid);
	oomkit__ev_set_num(ev, OOMKIT_EV_TOTAL_VM_KB, keyed_kb(after, e, "total-vm:"));
	oomkit__ev_set_num(ev, OOMKIT_EV_TOTAL_VM_KB, keyed_kb(after, e, "vsz:")); /* 2.6.3x */
	oomkit__ev_set_num(ev, OOMKIT_EV_ANON_RSS_KB, keyed_kb(after, e, "anon-rss:"));
	oomkit__ev_set_num(ev, OOMKIT_EV_FILE_RSS_KB, keyed_kb(after, e, "file-rss:"));
	oomkit__ev_set_num(ev, OOMKIT_EV_SHMEM_RSS_KB, keyed_kb(after, e, "shmem-rss:"));
	oomkit__ev_set_num(ev, OOMKIT_EV_PGTABLES_KB, keyed_kb(after, e, "pgtables:"));
	oomkit__ev_set_num(ev, OOMKIT_EV_OOM_SCORE_ADJ, keyed_adj(after, e, p));
	rc |= oomkit__ev_set_str(ev, OOMKIT_EV_KILL_PREFIX, prefix);
	if (prefix_is_memcg(prefix))
		r->memcg_oom = 1;
	oomkit__report_snap(rp, &t, p, origin);
	rc |= oomkit__ev_time(ev, &t);
	rc |= oomkit__ev_from_report(ev, r);
	if (rc) {
		oomkit_event_free(ev);
		return -ENOMEM;
	}
	if (merge_reprint(rp, ev))
		return 0;
	return oomkit__report_push(rp, ev);
}

/* an outcome without a kill: no killable processes, panic, exiting */
static int on_outcome(struct oomkit_report_parser *rp, int outcome, long long pid, const char *comm,
		      const struct oomkit__pfx *p, const char *origin)
{
	struct report *r = oomkit__rep_find(rp, p);
	struct oomkit_event *ev;
	struct tsnap t;
	size_t i;
	int rc = 0;

	if (outcome == OOMKIT_OUTCOME_PANIC && r && r->outcome_done) {
		/* "no killable processes" then "System is deadlocked": one */
		for (i = 0; (ev = oomkit__report_held(rp, i)) != NULL; i++) {
			if (ev->num[OOMKIT_EV_KILLER] != OOMKIT_KILLER_KERNEL ||
			    ev->report_id != r->id)
				continue;
			if (ev->num[OOMKIT_EV_OUTCOME] == OOMKIT_OUTCOME_NO_KILLABLE ||
			    ev->num[OOMKIT_EV_OUTCOME] == OOMKIT_OUTCOME_PANIC) {
				ev->num[OOMKIT_EV_OUTCOME] = OOMKIT_OUTCOME_PANIC;
				return 0;
			}
			break;
		}
	}
	if (oomkit__rep_continue(rp, p, &r, r && (r->nkills || r->outcome_done)) < 0)
		return -ENOMEM;
	r->outcome_done = 1;
	if (rp->compulsory) {
		MEM(r, OOMKIT_EV_PANIC_COMPULSORY) = 1;
		rp->compulsory = 0;
	}
	if (rp->outcome_memcg) {
		r->memcg_oom = 1;
		rp->outcome_memcg = 0;
	}
	ev = oomkit__ev_new(OOMKIT_KILLER_KERNEL, outcome);
	if (!ev)
		return -ENOMEM;
	if (pid != NONE) {
		ev->num[OOMKIT_EV_PID] = pid;
		rc |= oomkit__ev_set_str(ev, OOMKIT_EV_COMM, comm);
	}
	oomkit__report_snap(rp, &t, p, origin);
	rc |= oomkit__ev_time(ev, &t);
	rc |= oomkit__ev_from_report(ev, r);
	if (rc) {
		oomkit_event_free(ev);
		return -ENOMEM;
	}
	return oomkit__report_push(rp, ev);
}

/* "SysRq : Manual OOM execution": the next report is a manual one */
static int on_sysrq(struct oomkit_report_parser *rp, const char *m, size_t n, const char *k,
		    const struct oomkit__pfx *p, const char *origin)
{
	(void)m;
	(void)n;
	(void)k;
	(void)p;
	(void)origin;
	rp->sysrq_line = rp->lineno;
	return 0;
}

/* "Out of memory and no killable processes...": a panic up to 2.6.35 */
static int on_no_killable(struct oomkit_report_parser *rp, const char *m, size_t n, const char *k,
			  const struct oomkit__pfx *p, const char *origin)
{
	(void)k;
	return on_outcome(
		rp, FIND(m, n, "Kernel panic") ? OOMKIT_OUTCOME_PANIC : OOMKIT_OUTCOME_NO_KILLABLE,
		NONE, NULL, p, origin);
}

/* sysrq-f found nothing to kill */
static int on_ignored(struct oomkit_report_parser *rp, const char *m, size_t n, const char *k,
		      const struct oomkit__pfx *p, const char *origin)
{
	(void)m;
	(void)n;
	(void)k;
	return on_outcome(rp, OOMKIT_OUTCOME_NO_KILLABLE, NONE, NULL, p, origin);
}

static int on_panic(struct oomkit_report_parser *rp, const char *m, size_t n, const char *k,
		    const struct oomkit__pfx *p, const char *origin)
{
	(void)k;
	/* check_panic_on_oom(): "compulsory" when vm.panic_on_oom=2 */
	rp->compulsory = FIND(m, n, "compulsory panic_on_oom") != NULL;
	return on_outcome(rp, OOMKIT_OUTCOME_PANIC, NONE, NULL, p, origin);
}

/* "<prefix>: OOM victim N (comm) is already exiting. Skip killing the task" */
static int on_exiting(struct oomkit_report_parser *rp, const char *m, size_t n, const char *k,
		      const struct oomkit__pfx *p, const char *origin)
{
	const char *e = m + n, *s;
	long long pid;
	char comm[COMMLEN] = "";

	struct report *r = oomkit__rep_find(rp, p);

	s = num(k + 11, e, &pid); /* after "OOM victim " */
	if (!s)
		return 0;
	/*
	 * A member of a memory.oom.group kill that is already exiting: part
	 * of that group kill, which goes on with the next member
	 * (docs/kernel.md §9.7).
	 */
	if (r && r->group_memcg[0]) {
		r->touched = rp->lineno;
		return 0;
	}
	paren_comm(s, e, comm, sizeof(comm));
	/* the prefix names the domain, as the kill line's does */
	rp->outcome_memcg = FIND(m, (size_t)(k - m), "Memory cgroup out of memory") != NULL;
	return on_outcome(rp, OOMKIT_OUTCOME_VICTIM_EXITING, pid, comm, p, origin);
}

/* "Task in /A killed as a result of limit of /B" (memcg, before 5.0) */
static int on_task_in(struct oomkit_report_parser *rp, const char *m, size_t n, const char *k,
		      const struct oomkit__pfx *p, const char *origin)
{
	const char *e = m + n;
	struct report *r;

	(void)origin;
	k = FIND(m, n, " killed as a result of limit of ");
	if (oomkit__rep_for(rp, p, &r) < 0)
		return -ENOMEM;
	cpy(r->task_memcg, sizeof(r->task_memcg), m + 8, (size_t)(k - m - 8));
	k += 32;
	cpy(r->oom_memcg, sizeof(r->oom_memcg), k, (size_t)(e - k));
	r->memcg_oom = 1;
	return 0;
}

/* "Tasks in /job are going to be killed due to memory.oom.group set" */
static int on_group(struct oomkit_report_parser *rp, const char *m, size_t n, const char *k,
		    const struct oomkit__pfx *p, const char *origin)
{
	struct report *r;
	struct oomkit_event *ev;
	size_t i;

	(void)origin;
	k = FIND(m, n, " are going to be killed");
	if (oomkit__rep_for(rp, p, &r) < 0)
		return -ENOMEM;
	cpy(r->group_memcg, sizeof(r->group_memcg), m + 9, (size_t)(k - m - 9));
	for (i = 0; (ev = oomkit__report_held(rp, i)) != NULL; i++)
		if (ev->report_id == r->id) {
			ev->num[OOMKIT_EV_OOM_GROUP] = 1;
			oomkit__ev_set_str(ev, OOMKIT_EV_GROUP_MEMCG, r->group_memcg);
		}
	return 0;
}

/* "oom_reaper: reaped process N (comm), now anon-rss:..kB, ..." */
void oomkit__report_on_reaper(struct oomkit_report_parser *rp, const char *m, size_t n)
{
	const char *e = m + n, *s;
	long long pid;
	int failed = 0;
	struct oomkit_event *ev;
	size_t i;

	s = FIND(m, n, "reaped process ");
	if (s) {
		s += 15;
	} else if ((s = FIND(m, n, "unable to reap pid:")) != NULL) {
		s += 19;
		failed = 1;
	} else {
		return;
	}
	if (!num(s, e, &pid))
		return;
	for (i = 0; (ev = oomkit__report_held(rp, i)) != NULL; i++) {
		if (ev->num[OOMKIT_EV_KILLER] != OOMKIT_KILLER_KERNEL ||
		    ev->num[OOMKIT_EV_PID] != pid)
			continue;
		if (failed) {
			ev->num[OOMKIT_EV_REAP_FAILED] = 1;
		} else {
			ev->num[OOMKIT_EV_REAP_FAILED] = 0;
			ev->num[OOMKIT_EV_REAPED_ANON_KB] = keyed(s, e, "anon-rss:");
			ev->num[OOMKIT_EV_REAPED_FILE_KB] = keyed(s, e, "file-rss:");
			ev->num[OOMKIT_EV_REAPED_SHMEM_KB] = keyed(s, e, "shmem-rss:");
		}
		return;
	}
}

/* does "Comm: X ..." name the trigger? (true when there is no trigger) */
static int same_comm(const struct report *r, const char *c, size_t skip, const char *e)
{
	size_t l = strlen(r->trig_comm);

	if (!c)
		return 0;
	if (!r->has_trigger || !l)
		return 1;
	c += skip;
	if (l > 15) /* TASK_COMM_LEN - 1 */
		l = 15;
	if ((size_t)(e - c) < l || memcmp(c, r->trig_comm, l))
		return 0;
	return l == 15 || c + l == e || c[l] == ' ';
}

/* where the comm of a stack dump line matched by same_comm() ends */
static const char *past_comm(const struct report *r, const char *c, size_t skip, const char *e)
{
	size_t l = strlen(r->trig_comm);

	c += skip;
	if (l > 15)
		l = 15;
	return r->has_trigger && l && (size_t)(e - c) >= l ? c + l : c;
}

/* a + b, or NONE when either is unknown or the sum would overflow */
static long long add(long long a, long long b)
{
	if (a == NONE || b == NONE || a < 0 || b < 0 || a > LLONG_MAX - b)
		return NONE;
	return a + b;
}

/*
 * The number after @key where @key starts a word of [s, e) (so "anon:"
 * is not read inside "inactive_anon:"), and the end of that number in
 * *@z; NONE when absent or damaged.
 */
static long long word_num(const char *s, const char *e, const char *key, const char **z)
{
	size_t kl = strlen(key);
	const char *k = s;
	long long v;

	while ((k = find(k, (size_t)(e - k), key, kl)) != NULL) {
		if (k == s || k[-1] == ' ') {
			*z = num(k + kl, e, &v);
			return *z && v >= 0 ? v : NONE;
		}
		k++;
	}
	return NONE;
}

/* "key:N" (pages: no unit after it) in a Mem-Info summary line */
static long long pages_at(const char *s, const char *e, const char *key)
{
	const char *z;
	long long v = word_num(s, e, key, &z);

	return v != NONE && (z == e || *z == ' ') ? v : NONE;
}

/* "key:NkB" in a per-zone line */
static long long kb_at(const char *s, const char *e, const char *key)
{
	const char *z;
	long long v = word_num(s, e, key, &z);

	return v != NONE && e - z >= 2 && z[0] == 'k' && z[1] == 'B' ? v : NONE;
}

/*
 * Mem-Info's summary counters, in pages (docs/kernel.md §9.3):
 * "active_anon:1 inactive_anon:2 isolated_anon:0", " free:3 free_pcp:4
 * free_cma:0"... The per-node lines after them ("Node 0 active_anon:4kB")
 * are in kB and not read here. 1 when the line was used.
 */
static int meminfo_line(struct report *r, const char *m, const char *e)
{
	static const struct {
		const char *key;
		int item;
	} keys[] = {
		{ "free:", OOMKIT_EV_MI_FREE },
		{ "active_anon:", OOMKIT_EV_MI_ACTIVE_ANON },
		{ "inactive_anon:", OOMKIT_EV_MI_INACTIVE_ANON },
		{ "active_file:", OOMKIT_EV_MI_ACTIVE_FILE },
		{ "inactive_file:", OOMKIT_EV_MI_INACTIVE_FILE },
		{ "shmem:", OOMKIT_EV_MI_SHMEM },
		{ "slab_reclaimable:", OOMKIT_EV_MI_SLAB_RECLAIMABLE },
		{ "slab_unreclaimable:", OOMKIT_EV_MI_SLAB_UNRECLAIMABLE },
		{ "mapped:", OOMKIT_EV_MI_MAPPED },
		{ "pagetables:", OOMKIT_EV_MI_PAGETABLES },
		{ "free_cma:", OOMKIT_EV_MI_FREE_CMA },
	};
	size_t i;
	int used = 0;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		long long v = pages_at(m, e, keys[i].key);

		if (v != NONE && MEM(r, keys[i].item) == NONE) {
			MEM(r, keys[i].item) = v;
			used = 1;
		}
	}
	return used;
}

/*
 * A per-zone line: "Node 0 DMA32 free:3420kB boost:0kB min:5500kB ..."
 * (2.6: "DMA32 free:3420kB min:5500kB ..."). 1 when used.
 */
/* the zone a "Node 0 Normal free:..." or "Node 0 Normal: 1*4kB" line is of */
static const char *zone_name(const char *m, const char *e, size_t *len)
{
	const char *s = m, *t;
	long long v;

	if (e - s > 5 && !memcmp(s, "Node ", 5)) {
		s = num(s + 5, e, &v);
		if (!s || s >= e || *s != ' ')
			return NULL;
		s++;
	}
	for (t = s; t < e && *t != ' ' && *t != ':'; t++)
		;
	*len = (size_t)(t - s);
	return s;
}

/* 0 DMA/DMA32/Normal, 1 HighMem, 2 Movable, -1 other */
static int zone_kind(const char *z, size_t l)
{
	if ((l == 3 && !memcmp(z, "DMA", 3)) || (l == 5 && !memcmp(z, "DMA32", 5)) ||
	    (l == 6 && !memcmp(z, "Normal", 6)))
		return 0;
	if (l == 7 && !memcmp(z, "HighMem", 7))
		return 1;
	if (l == 7 && !memcmp(z, "Movable", 7))
		return 2;
	return -1;
}

static void sum_into(long long *v, long long x)
{
	*v = add(*v == NONE ? 0 : *v, x);
}

/*
 * A buddy list: "Node 0 Normal: 12*4kB (UM) 3*8kB ... = 72kB". Its total,
 * and what of it sits in blocks of at least the allocation's order.
 */
static int buddy_line(struct report *r, const char *m, const char *e)
{
	size_t l;
	const char *z = zone_name(m, e, &l), *s, *eq;
	long long total, ok = 0, cnt, sz;

	if (!z || zone_kind(z, l) < 0 || z + l >= e || z[l] != ':' ||
	    !FIND(z, (size_t)(e - z), "*4kB") || !(eq = FIND(z, (size_t)(e - z), "= ")))
		return 0;
	if (!num(eq + 2, e, &total))
		return 0;
	for (s = z + l + 1; s < eq; s++) {
		const char *a, *b;

		if (*s < '0' || *s > '9' || (s[-1] != ' ' && s[-1] != ':'))
			continue;
		a = num(s, eq, &cnt);
		if (!a || a >= eq || *a != '*' || !(b = num(a + 1, eq, &sz)) || eq - b < 2 ||
		    b[0] != 'k' || b[1] != 'B')
			continue;
		if (r->order != NONE && r->order >= 0 && r->order < 20 && sz >= (4LL << r->order) &&
		    cnt < (1LL << 40) && sz < (1LL << 20))
			ok += cnt * sz;
		s = b;
	}
	sum_into(&MEM(r, OOMKIT_EV_BUDDY_FREE_KB), total);
	if (r->order != NONE && r->order >= 0)
		sum_into(&MEM(r, OOMKIT_EV_BUDDY_ORDER_OK_KB), ok);
	return 1;
}

static int zone_line(struct report *r, const char *m, const char *e)
{
	long long fr = kb_at(m, e, "free:"), mn = kb_at(m, e, "min:");
	size_t l;
	const char *z;

	if (fr == NONE || mn == NONE || m[0] == 'f')
		return 0;
	z = zone_name(m, e, &l);
	switch (z ? zone_kind(z, l) : -1) {
	case 0:
		sum_into(&MEM(r, OOMKIT_EV_LOW_ZONES), 1);
		sum_into(&MEM(r, OOMKIT_EV_LOW_ZONES_BELOW_MIN), fr < mn);
		sum_into(&MEM(r, OOMKIT_EV_LOW_FREE_KB), fr);
		break;
	case 1:
		sum_into(&MEM(r, OOMKIT_EV_HIGHMEM_FREE_KB), fr);
		break;
	case 2:
		sum_into(&MEM(r, OOMKIT_EV_MOVABLE_FREE_KB), fr);
		break;
	default:
		break;
	}
	MEM(r, OOMKIT_EV_ZONES) =
		add(MEM(r, OOMKIT_EV_ZONES) == NONE ? 0 : MEM(r, OOMKIT_EV_ZONES), 1);
	MEM(r, OOMKIT_EV_ZONES_FREE_KB) =
		add(MEM(r, OOMKIT_EV_ZONES) == 1 ? 0 : MEM(r, OOMKIT_EV_ZONES_FREE_KB), fr);
	MEM(r, OOMKIT_EV_ZONES_MIN_KB) =
		add(MEM(r, OOMKIT_EV_ZONES) == 1 ? 0 : MEM(r, OOMKIT_EV_ZONES_MIN_KB), mn);
	MEM(r, OOMKIT_EV_ZONES_BELOW_MIN) =
		add(MEM(r, OOMKIT_EV_ZONES) == 1 ? 0 : MEM(r, OOMKIT_EV_ZONES_BELOW_MIN), fr < mn);
	return 1;
}

/* "Node 0 hugepages_total=2 hugepages_free=0 ... hugepages_size=2048kB" */
static int huge_line(struct report *r, const char *m, const char *e)
{
	long long t = keyed(m, e, "hugepages_total="), kb;
	const char *z, *k = FIND(m, (size_t)(e - m), "hugepages_size=");
	long long *sum = &MEM(r, OOMKIT_EV_HUGEPAGES_KB);

	if (t == NONE || t < 0 || !k || !(z = num(k + 15, e, &kb)) || kb <= 0 || e - z < 2 ||
	    z[0] != 'k' || z[1] != 'B')
		return 0;
	if (r->huge_bad)
		return 1;
	if (t > LLONG_MAX / kb || (*sum = add(*sum == NONE ? 0 : *sum, t * kb)) == NONE)
		r->huge_bad = 1, *sum = NONE; /* no wrong sum: unknown */
	return 1;
}

/*
 * "N pages RAM", "N pages reserved", "N total pagecache pages": a number,
 * then exactly these words. 1 when used.
 */
static int count_line(struct report *r, const char *m, const char *e)
{
	long long v;
	const char *z = num(m, e, &v);
	size_t l;

	if (!z || v < 0 || z == e || *z != ' ')
		return 0;
	l = (size_t)(e - z);
	if ((STARTS(z, l, " pages RAM") && l == 10) ||
	    (STARTS(z, l, " pages of RAM") && l == 13)) /* 2.6.2x */
		MEM(r, OOMKIT_EV_RAM_PAGES) = v;
	else if (STARTS(z, l, " pages reserved") && l == 15)
		MEM(r, OOMKIT_EV_RESERVED_PAGES) = v;
	else if (STARTS(z, l, " total pagecache pages") && l == 22)
		MEM(r, OOMKIT_EV_PAGECACHE_PAGES) = v;
	else
		return 0;
	return 1;
}

/*
 * One "key value" of "Memory cgroup stats for X:" (memory.stat: bytes),
 * or the old one-line "cache:0KB rss:1024KB ..." (up to 4.x: kB, one
 * line per memcg of the tree, local counts: summed). v1's hierarchical
 * total_* win over the local key. 1 when used.
 */
static int memcg_stat(struct report *r, const char *m, const char *e)
{
	static const struct {
		const char *key;
		int item;
	} keys[] = {
		{ "anon", OOMKIT_EV_MEMCG_ANON_KB },
		{ "rss", OOMKIT_EV_MEMCG_ANON_KB },
		{ "file", OOMKIT_EV_MEMCG_FILE_KB },
		{ "cache", OOMKIT_EV_MEMCG_FILE_KB },
		{ "shmem", OOMKIT_EV_MEMCG_SHMEM_KB },
		{ "file_mapped", OOMKIT_EV_MEMCG_MAPPED_KB },
		{ "mapped_file", OOMKIT_EV_MEMCG_MAPPED_KB },
		{ "swap", OOMKIT_EV_MEMCG_SWAP_KB },
		{ "kernel", OOMKIT_EV_MEMCG_KERNEL_KB },
		{ "kernel_stack", OOMKIT_EV_MEMCG_KERNEL_STACK_KB },
		{ "pagetables", OOMKIT_EV_MEMCG_PGTABLES_KB },
		{ "slab_unreclaimable", OOMKIT_EV_MEMCG_SLAB_UNRECL_KB },
		{ "sock", OOMKIT_EV_MEMCG_SOCK_KB },
	};
	const char *w = m, *z;
	int used = 0, one = 0;
	unsigned seen = 0, bit;

	while (w < e) {
		const char *ke = w;
		int total = 0, one_line;
		long long v;
		size_t i, kl;

		while (ke < e && *ke != ' ' && *ke != ':')
			ke++;
		if (ke == e)
			break;
		one_line = *ke == ':';
		if (!(z = num(ke + 1, e, &v)) || v < 0)
			break;
		if (one_line) {
			if (e - z < 2 || z[0] != 'K' || z[1] != 'B')
				break;
			z += 2;
		} else if (z != e) {
			break;
		} else {
			v /= 1024; /* bytes */
		}
		kl = (size_t)(ke - w);
		if (kl > 6 && !memcmp(w, "total_", 6)) {
			w += 6;
			kl -= 6;
			total = 1;
		}
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			if (strlen(keys[i].key) != kl || memcmp(keys[i].key, w, kl))
				continue;
			bit = 1u << (keys[i].item - OOMKIT_EV_MEMCG_ANON_KB);
			if (one_line) { /* one line per memcg of the tree */
				one = 1;
				seen |= bit;
				if (!(r->stat_bad & bit))
					MEM(r, keys[i].item) = add(MEM(r, keys[i].item) == NONE ?
									   0 :
									   MEM(r, keys[i].item),
								   v);
			} else if (total || MEM(r, keys[i].item) == NONE)
				MEM(r, keys[i].item) = v;
			used = 1;
		}
		w = z;
		while (w < e && *w == ' ')
			w++;
	}
	if (one) {
		/* a key one memcg of the tree lacks (a damaged line) has no
		 * true sum: unknown, never a part of it */
		if (r->stat_lines++)
			r->stat_bad |= seen ^ r->stat_seen;
		r->stat_bad |= r->stat_seen & ~seen;
		r->stat_seen |= seen;
		for (bit = 0; bit < 32; bit++)
			if (r->stat_bad & (1u << bit))
				MEM(r, OOMKIT_EV_MEMCG_ANON_KB + (int)bit) = NONE;
	}
	return used;
}

/*
 * The kernel release after "Not tainted " or after "Tainted: " and its
 * flags (capitals and blanks: "Tainted: G        W  OE     5.4.0-1 #1"),
 * searched from @from (past the comm, which may hold these words).
 */
static void kernel_version(struct report *r, const char *from, const char *e)
{
	const char *s = FIND(from, (size_t)(e - from), "ainted");
	const char *z;

	if (r->kver[0] || !s || s == from)
		return;
	if (s[-1] == 'T' && s + 7 < e && s[6] == ':') {
		s += 7;
		while (s < e && (*s == ' ' || (*s >= 'A' && *s <= 'Z')))
			s++;
	} else if (s - from >= 5 && !memcmp(s - 5, "Not t", 5) && s + 6 < e && s[6] == ' ') {
		s += 7;
	} else {
		return;
	}
	for (z = s; z < e && *z != ' '; z++)
		if ((unsigned char)*z < 0x21 || (unsigned char)*z > 0x7e)
			return;
	if (z > s && isdig(*s))
		cpy(r->kver, sizeof(r->kver), s, (size_t)(z - s));
}

/* lines of an open report's body; 1 when used */
/*
 * A call trace line of the allocating task ("? filemap_fault+0x3c/0x4c0",
 * "copy_process+0x1a3/0x1bd0"): the most telling function seen decides
 * what it was doing (a page-cache fault over any fault, fork, slab).
 */
static int trace_line(struct report *r, const char *m, size_t n)
{
	static const struct {
		const char *fn;
		int path, rank;
	} fns[] = {
		{ "filemap_fault+", OOMKIT_TRACE_FILE_FAULT, 4 },
		{ "copy_process+", OOMKIT_TRACE_FORK, 3 },
		{ "kmem_cache_alloc", OOMKIT_TRACE_SLAB, 2 },
		{ "__kmalloc", OOMKIT_TRACE_SLAB, 2 },
		{ "handle_mm_fault+", OOMKIT_TRACE_PAGE_FAULT, 1 },
	};
	static const int rank_of[] = { 0, 1, 4, 3, 2 };
	long long *cur = &MEM(r, OOMKIT_EV_TRACE_PATH);
	size_t i;

	if (n > 2 && m[0] == '?' && m[1] == ' ') {
		m += 2;
		n -= 2;
	}
	if (n < 8 || !FIND(m, n, "+0x"))
		return 0;
	for (i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		size_t l = strlen(fns[i].fn);

		if (n >= l && !memcmp(m, fns[i].fn, l)) {
			if (*cur == NONE || *cur < 0 || *cur > OOMKIT_TRACE_SLAB ||
			    rank_of[*cur] < fns[i].rank)
				*cur = fns[i].path;
			return 1;
		}
	}
	return 0;
}

int oomkit__report_on_body(struct oomkit_report_parser *rp, struct report *r, const char *m,
			   size_t n)
{
	const char *e = m + n, *s;
	long long v;

	/* old cpuset line: "comm cpuset=name mems_allowed=0", right after
	 * the trigger line */
	if (r->has_trigger && !r->cpuset[0] && r->trig_pid == NONE &&
	    (s = FIND(m, n, " cpuset=")) != NULL) {
		const char *ma = FIND(m, n, " mems_allowed=");

		if (ma && ma > s) {
			cpy(r->cpuset, sizeof(r->cpuset), s + 8, (size_t)(ma - s - 8));
			cpy(r->mems, sizeof(r->mems), ma + 14, (size_t)(e - ma - 14));
			return 1;
		}
	}
	while (n && m[0] == ' ') {
		m++;
		n--;
	}
	if (!n)
		return 0;
	if (r->mem_part == 2 && memcg_stat(r, m, e))
		return 1;
	if (r->has_trigger && trace_line(r, m, n))
		return 1;
	if (isdig(m[0]))
		return count_line(r, m, e);
	if (r->mem_part == 1 && !STARTS(m, n, "Node ") && meminfo_line(r, m, e))
		return 1;
	if ((STARTS(m, n, "Node ") || r->mem_part == 1) &&
	    (zone_line(r, m, e) || huge_line(r, m, e) || buddy_line(r, m, e)))
		return 1;
	switch (m[0]) {
	case '[':
		switch (oomkit__report_parse_header(m, n, r->cols, &r->ncols)) {
		case 1:
			r->cols_unknown = 0;
			MEM(r, OOMKIT_EV_TASK_HEADER) = 1;
			return 1;
		case -1:
			/* a patched kernel's columns: not guessed (§9.4) */
			r->cols_unknown = 1;
			r->ncols = 0;
			MEM(r, OOMKIT_EV_TASK_COLUMNS_UNKNOWN) = 1;
			return 1;
		default:
			break;
		}
		return oomkit__report_parse_row(r, m, n);
	case 'C':
		/* the stack dump of the allocating task, not of another CPU's
		 * warning printed in between: the comm must match */
		if (STARTS(m, n, "CPU: ") && (s = FIND(m, n, " PID: ")) != NULL &&
		    r->trig_pid == NONE && num(s + 6, e, &v) &&
		    same_comm(r, FIND(m, n, " Comm: "), 7, e)) {
			r->trig_pid = v;
			kernel_version(r, past_comm(r, FIND(m, n, " Comm: "), 7, e), e);
			return 1;
		}
		return 0;
	case 'P':
		/* 2.6.x: "Pid: 8911, comm: httpd Not tainted" */
		if (STARTS(m, n, "Pid: ") && r->trig_pid == NONE && num(m + 5, e, &v) &&
		    same_comm(r, FIND(m, n, ", comm: "), 8, e)) {
			r->trig_pid = v;
			kernel_version(r, past_comm(r, FIND(m, n, ", comm: "), 8, e), e);
			return 1;
		}
		return 0;
	case 'M':
		if (STARTS(m, n, "Mem-info:")) { /* 2.6.2x arch show_mem() */
			r->mem_part = 1;
		} else if (STARTS(m, n, "Mem-Info:")) {
			if (r->memcg_oom < 0)
				r->memcg_oom = 0;
			r->mem_part = 1;
		} else if (STARTS(m, n, "Memory cgroup stats for ")) {
			/*
			 * "for /path:" then, up to 4.x, the stats on the same
			 * line ("for /path: cache:0KB rss:..."). A path
			 * without its ':' was cut: unknown.
			 */
			const char *c = FIND(m, n, ": ");

			s = m + 24;
			if (!c && m[n - 1] == ':')
				c = e - 1;
			/* the first: the memcg whose limit was hit; up to
			 * 4.x its descendants' lines follow */
			if (c && c >= s && !r->stats_memcg[0])
				cpy(r->stats_memcg, sizeof(r->stats_memcg), s, (size_t)(c - s));
			r->memcg_oom = 1;
			r->mem_part = 2;
			if (c && c + 2 < e) /* the old one-line form */
				memcg_stat(r, c + 2, e);
		} else {
			return 0;
		}
		return 1;
	case 'm':
		if (STARTS(m, n, "memory: usage ")) {
			r->usage = keyed(m, e, "usage ");
			r->limit = keyed(m, e, "limit ");
			r->failcnt = keyed(m, e, "failcnt ");
			r->memcg_oom = 1;
		} else if (STARTS(m, n, "memory+swap: usage ")) {
			r->swusage = keyed(m, e, "usage ");
			r->swlimit = keyed(m, e, "limit ");
			MEM(r, OOMKIT_EV_MEMCG_MEMSW) = 1;
		} else {
			return 0;
		}
		return 1;
	case 's':
		if (STARTS(m, n, "swap: usage ")) {
			r->swusage = keyed(m, e, "usage ");
			r->swlimit = keyed(m, e, "limit ");
			MEM(r, OOMKIT_EV_MEMCG_MEMSW) = 0;
			return 1;
		}
		return 0;
	case 'F':
		if (STARTS(m, n, "Free swap")) {
			r->freeswap = keyed(m, e, "= ");
			return 1;
		}
		return 0;
	case 'T':
		if (STARTS(m, n, "Total swap")) {
			r->totalswap = keyed(m, e, "= ");
			return 1;
		}
		if (STARTS(m, n, "Tasks state")) {
			r->mem_part = 0;
			return 1;
		}
		return 0;
	}
	return 0;
}
