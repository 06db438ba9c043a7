/*
 * test_explain.c - the explanation model (lib/explain.c): the kernel's
 * ranking rebuilt from task tables of each era (nr_ptes; pgtables_bytes;
 * rss_anon/rss_file/rss_shmem; the 2.6.36 permille table), totalpages per
 * domain, the tie rule, what-ifs, ranking_agrees and what the log does
 * not show. Expected badness values are worked out by hand from
 * mm/oom_kill.c's formula (docs/kernel.md §1), not taken from the code.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "oomkit/oomkit.h"

#define MAXEV 16

struct evs {
	struct oomkit_event *v[MAXEV];
	size_t n;
};

static void parse(const char *const *lines, struct evs *e)
{
	struct oomkit_report_parser *rp;
	struct oomkit_event *ev;
	size_t i;

	e->n = 0;
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	for (i = 0; lines[i]; i++)
		assert_int_equal(oomkit_report_feed_line(rp, lines[i], strlen(lines[i]), "t"), 0);
	assert_int_equal(oomkit_report_flush(rp), 0);
	while (oomkit_report_next(rp, &ev) == 0) {
		assert_true(e->n < MAXEV);
		e->v[e->n++] = ev;
	}
	oomkit_report_parser_free(rp);
}

static void free_evs(struct evs *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		oomkit_event_free(e->v[i]);
}

static struct oomkit_explain *explain(struct evs *e, size_t k)
{
	struct oomkit_explain *ex;
	size_t i;

	assert_true(k < e->n);
	assert_int_equal(oomkit_explain_new(&ex, e->v[k]), 0);
	for (i = 0; i < e->n; i++)
		assert_int_equal(oomkit_explain_add_peer(ex, e->v[i]), 0);
	for (i = 0; i < e->n; i++)
		assert_int_equal(oomkit_explain_add_history(ex, e->v[i]), 0);
	assert_int_equal(oomkit_explain_run(ex), 0);
	return ex;
}

static long long xnum(const struct oomkit_explain *ex, enum oomkit_explain_num item)
{
	long long v = -12345;

	assert_int_equal(oomkit_explain_num(ex, item, &v), 0);
	return v;
}

static long long rnum(const struct oomkit_explain *ex, size_t i, enum oomkit_explain_rank item)
{
	long long v = -12345;

	assert_int_equal(oomkit_explain_rank(ex, i, item, &v), 0);
	return v;
}

static int has_id(const struct oomkit_explain *ex, enum oomkit_explain_list l, const char *id)
{
	size_t i;

	for (i = 0; i < oomkit_explain_count(ex, l); i++)
		if (strcmp(oomkit_explain_id(ex, l, i), id) == 0)
			return 1;
	return 0;
}

static int has_text(const struct oomkit_explain *ex, enum oomkit_explain_list l, const char *s)
{
	size_t i;

	for (i = 0; i < oomkit_explain_count(ex, l); i++)
		if (strstr(oomkit_explain_text(ex, l, i), s))
			return 1;
	return 0;
}

/*
 * 6.8+ table, memcg v1 with a 64 MiB limit: the live example of
 * docs/kernel.md §7.2. totalpages 16,384 (unit 16): big 6521 + 94208/4096
 * = 6544; tiny 605 + 13 + 1000 x 16 = 16,618 (killed); hog 10,203 + 32 =
 * 10,235. adj decided: without tiny's 1000, hog would have been chosen.
 */
static const char *const era_6_8[] = {
	"[  100.000000] hog invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, "
	"oom_score_adj=0",
	"[  100.000001] CPU: 1 UID: 0 PID: 11174 Comm: hog Not tainted 6.18.0 #1",
	"[  100.000002] memory: usage 65536kB, limit 65536kB, failcnt 118",
	"[  100.000003] memory+swap: usage 65536kB, limit 65536kB, failcnt 0",
	"[  100.000004] Memory cgroup stats for /kres:",
	"[  100.000005] Tasks state (memory values in pages):",
	"[  100.000006] [  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem "
	"pgtables_bytes swapents oom_score_adj name",
	"[  100.000007] [  11130]     0 11130     9000     6521     6000      521         0"
	"    94208        0             0 big",
	"[  100.000008] [  11132]     0 11132      876      605      256      349         0"
	"    53248        0          1000 tiny",
	"[  100.000009] [  11174]     0 11174    12000    10203    10000      203         0"
	"   131072        0             0 hog",
	"[  100.000010] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,"
	"mems_allowed=0,oom_memcg=/kres,task_memcg=/kres,task=tiny,pid=11132,uid=0",
	"[  100.000011] Memory cgroup out of memory: Killed process 11132 (tiny) "
	"total-vm:3504kB, anon-rss:1024kB, file-rss:1396kB, shmem-rss:0kB, UID:0 "
	"pgtables:52kB oom_score_adj:1000",
	NULL,
};

static void test_era_rss_split(void **state)
{
	struct evs e;
	struct oomkit_explain *ex;

	(void)state;
	parse(era_6_8, &e);
	assert_int_equal(e.n, 1);
	ex = explain(&e, 0);
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_ERA), OOMKIT_ERA_RSS_SPLIT);
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_CONSTRAINT), OOMKIT_CONSTRAINT_MEMCG);
	assert_string_equal(oomkit_explain_domain_path(ex), "/kres");
	/* v1 memory+swap limit equal to the limit: no swap, totalpages fixed */
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_TOTALPAGES), 16384);
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_TOTALPAGES_MAX), 16384);
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_RANKED), 3);
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_AGREES), 1);
	assert_int_equal(rnum(ex, 0, OOMKIT_RANK_PID), 11132);
	assert_int_equal(rnum(ex, 0, OOMKIT_RANK_BADNESS), 16618);
	assert_int_equal(rnum(ex, 0, OOMKIT_RANK_ADJ_PAGES), 16000);
	assert_int_equal(rnum(ex, 0, OOMKIT_RANK_SHARE), 1014); /* 16618000 / 16384 */
	assert_int_equal(rnum(ex, 0, OOMKIT_RANK_VICTIM), 1);
	assert_int_equal(rnum(ex, 1, OOMKIT_RANK_PID), 11174);
	assert_int_equal(rnum(ex, 1, OOMKIT_RANK_BADNESS), 10235);
	assert_int_equal(rnum(ex, 2, OOMKIT_RANK_PID), 11130);
	assert_int_equal(rnum(ex, 2, OOMKIT_RANK_BADNESS), 6544);
	assert_string_equal(oomkit_explain_rank_name(ex, 2), "big");
	/* the symmetric test: with every adj at 0, hog wins */
	assert_true(has_text(ex, OOMKIT_EXPLAIN_WHATIF,
			     "With every oom_score_adj at 0, hog (pid 11174, adj 0) would have "
			     "been chosen instead of tiny (pid 11132, adj 1000)"));
	assert_true(has_text(ex, OOMKIT_EXPLAIN_RANKING, "needed"));
	assert_true(has_id(ex, OOMKIT_EXPLAIN_CAUSES, "adj_decided"));
	assert_true(has_text(ex, OOMKIT_EXPLAIN_VERDICT, "it was not the victim"));
	assert_true(has_text(ex, OOMKIT_EXPLAIN_VERDICT, "reached its limit of 64.0 MiB"));
	assert_true(has_text(ex, OOMKIT_EXPLAIN_RANKING, "6.8 and later"));
	assert_true(has_text(ex, OOMKIT_EXPLAIN_RANKING, "no root bonus since 4.17"));
	assert_true(has_id(ex, OOMKIT_EXPLAIN_ADVICE, "raise_limit"));
	assert_int_equal(oomkit_explain_rank(ex, 3, OOMKIT_RANK_PID, &(long long){ 0 }), -ERANGE);
	oomkit_explain_free(ex);
	free_evs(&e);
}

/*
 * 4.19 - 6.7 table (pgtables_bytes), cgroup v2 with 1 GiB and no swap
 * allowed: totalpages 262,144, unit 262. postgres is protected (-900):
 * 200,000 + 97 - 235,800 = -35,703; web 20,000 + 4 = 20,004 (killed);
 * node 10,000 + 2 = 10,002. Without postgres's -900 it would have been
 * chosen (200,097).
 */
static const char *const era_pgtables[] = {
	"[ 50.0] web invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
	"[ 50.0] memory: usage 1048576kB, limit 1048576kB, failcnt 4",
	"[ 50.0] swap: usage 0kB, limit 0kB, failcnt 0",
	"[ 50.0] Tasks state (memory values in pages):",
	"[ 50.0] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents "
	"oom_score_adj name",
	"[ 50.0] [    300]   999   300   300000   200000   397312        0          -900 postgres",
	"[ 50.0] [    400]    33   400    30000    20000    16384        0             0 web",
	"[ 50.0] [    500]  1000   500    20000    10000     8192        0             0 node",
	"[ 50.0] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,"
	"oom_memcg=/db.slice,task_memcg=/db.slice/web.service,task=web,pid=400,uid=33",
	"[ 50.0] Memory cgroup out of memory: Killed process 400 (web) total-vm:120000kB, "
	"anon-rss:80000kB, file-rss:0kB, shmem-rss:0kB, UID:33 pgtables:16kB oom_score_adj:0",
	NULL,
};

static void test_era_pgtables_protected(void **state)
{
	struct evs e;
	struct oomkit_explain *ex;

	(void)state;
	parse(era_pgtables, &e);
	ex = explain(&e, 0);
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_ERA), OOMKIT_ERA_PGTABLES);
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_TOTALPAGES), 262144);
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_TOTALPAGES_MAX), 262144);
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_AGREES), 1);
	assert_int_equal(rnum(ex, 0, OOMKIT_RANK_PID), 400);
	assert_int_equal(rnum(ex, 0, OOMKIT_RANK_BADNESS), 20004);
	assert_int_equal(rnum(ex, 1, OOMKIT_RANK_BADNESS), 10002);
	assert_int_equal(rnum(ex, 2, OOMKIT_RANK_PID), 300);
	assert_int_equal(rnum(ex, 2, OOMKIT_RANK_BADNESS), -35703); /* signed, 5.9+ */
	assert_int_equal(rnum(ex, 2, OOMKIT_RANK_ADJ_PAGES), -235800);
	assert_true(has_text(ex, OOMKIT_EXPLAIN_WHATIF,
			     "With every oom_score_adj at 0, postgres (pid 300, adj -900) would "
			     "have been chosen instead of web (pid 400, adj 0)"));
	assert_true(has_id(ex, OOMKIT_EXPLAIN_CAUSES, "adj_decided"));
	/* the unit of the victim's memcg: systemd advice */
	assert_true(has_id(ex, OOMKIT_EXPLAIN_ADVICE, "oom_policy"));
	assert_true(
		has_text(ex, OOMKIT_EXPLAIN_VERDICT, "The victim was in /db.slice/web.service"));
	oomkit_explain_free(ex);
	free_evs(&e);
}

/*
 * Two processes share a comm and tie. 5.9+ (here 6.8 columns): the last
 * scanned of equal points wins, so the table's second "worker" (pid 20)
 * is the kernel's choice. Before 5.x (nr_ptes table) the first one.
 */
static void test_ties(void **state)
{
	static const char *const new_tie[] = {
		"[ 5.0] Tasks state (memory values in pages):",
		"[ 5.0] [  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem "
		"pgtables_bytes swapents oom_score_adj name",
		"[ 5.0] [     10]     0    10     9000     5000     5000        0         0"
		"    40960        0             0 worker",
		"[ 5.0] [     20]     0    20     9000     5000     5000        0         0"
		"    40960        0             0 worker",
		"[ 5.0] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,"
		"mems_allowed=0,oom_memcg=/w,task_memcg=/w,task=worker,pid=20,uid=0",
		"[ 5.0] Memory cgroup out of memory: Killed process 20 (worker) total-vm:36000kB, "
		"anon-rss:20000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB "
		"oom_score_adj:0",
		NULL,
	};
	static const char *const old_tie[] = {
		"[ 5.0] [ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name",
		"[ 5.0] [   10]     0    10     9000     5000      10        0             0 worker",
		"[ 5.0] [   20]     0    20     9000     5000      10        0             0 worker",
		"[ 5.0] Memory cgroup out of memory: Kill process 10 (worker) score 305 or "
		"sacrifice child",
		"[ 5.0] Killed process 10 (worker) total-vm:36000kB, anon-rss:20000kB, "
		"file-rss:0kB",
		NULL,
	};
	static const char *const mid_tie[] = {
		"[ 5.0] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents "
		"oom_score_adj name",
		"[ 5.0] [     10]     0    10     9000     5000    40960        0             0 worker",
		"[ 5.0] [     20]     0    20     9000     5000    40960        0             0 worker",
		"[ 5.0] Out of memory: Killed process 20 (worker) total-vm:36000kB, "
		"anon-rss:20000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB "
		"oom_score_adj:0",
		NULL,
	};
	struct evs e;
	struct oomkit_explain *ex;

	(void)state;
	/*
	 * pgtables_bytes without "Kill process": 5.1 to 6.7. 5.9+ gives the
	 * tie to pid 20 (the kernel's choice here); 5.1 - 5.8 kept pid 10,
	 * and the notes say the format does not tell them apart.
	 */
	parse(mid_tie, &e);
	ex = explain(&e, 0);
	/* 4.17 - 5.8 keep pid 10, 5.9+ choose pid 20: it depends, never "yes" */
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_AGREEMENT), 2);
	assert_int_equal(oomkit_explain_num(ex, OOMKIT_EXPLAIN_AGREES, &(long long){ 0 }),
			 -ENODATA);
	assert_int_equal(rnum(ex, 0, OOMKIT_RANK_PID), 20);
	assert_true(has_text(ex, OOMKIT_EXPLAIN_RANKING, "the kernel release"));
	oomkit_explain_free(ex);
	free_evs(&e);

	parse(new_tie, &e);
	ex = explain(&e, 0);
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_AGREES), 1);
	assert_int_equal(rnum(ex, 0, OOMKIT_RANK_PID), 20);
	assert_int_equal(rnum(ex, 0, OOMKIT_RANK_BADNESS), 5010);
	assert_int_equal(rnum(ex, 1, OOMKIT_RANK_BADNESS), 5010);
	assert_true(has_text(ex, OOMKIT_EXPLAIN_RANKING, "ties: last wins"));
	assert_false(has_id(ex, OOMKIT_EXPLAIN_RANKING, "era_ambiguous")); /* 6.8+ */
	/* no memory: line: totalpages unknown, a gap says so */
	assert_true(has_id(ex, OOMKIT_EXPLAIN_GAPS, "no_limit"));
	assert_int_equal(oomkit_explain_rank(ex, 0, OOMKIT_RANK_SHARE, &(long long){ 0 }),
			 -ENODATA);
	oomkit_explain_free(ex);
	free_evs(&e);

	parse(old_tie, &e);
	ex = explain(&e, 0);
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_ERA), OOMKIT_ERA_NR_PTES);
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_AGREES), 1);
	assert_int_equal(rnum(ex, 0, OOMKIT_RANK_PID), 10);
	assert_int_equal(rnum(ex, 0, OOMKIT_RANK_BADNESS), 5010);
	assert_true(has_text(ex, OOMKIT_EXPLAIN_RANKING, "ties: first wins"));
	assert_true(has_text(ex, OOMKIT_EXPLAIN_RANKING, "tried with and without the root bonus"));
	oomkit_explain_free(ex);
	free_evs(&e);
}

/*
 * 3.13 memcg (corpus 015): nr_ptes table, limit 3 GiB = 786,432 pages,
 * memory+swap unlimited. The kill line's score 1237 pins totalpages: the
 * victim's 449,708 + 666 x 786 = 973,184 pages is 1237 permille of
 * 786,432 (no swap, no root bonus).
 */
static void test_era_nr_ptes_score(void **state)
{
	static const char *const lines[] = {
		"[14049899.298694] exe invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0",
		"[14049899.298701] CPU: 3 PID: 12983 Comm: exe Not tainted 3.13.0-135-generic "
		"#184-Ubuntu",
		"[14049899.298773] Task in /docker/d9 killed as a result of limit of /docker/d9",
		"[14049899.298776] memory: usage 3145728kB, limit 3145728kB, failcnt 22832",
		"[14049899.298777] memory+swap: usage 0kB, limit 18014398509481983kB, failcnt 0",
		"[14049899.298790] [ pid ]   uid  tgid total_vm      rss nr_ptes swapents "
		"oom_score_adj name",
		"[14049899.298828] [28234]     0 28234     1109       48       7        0"
		"           666 sh",
		"[14049899.298833] [28282]     0 28282  1591618   333513     808        0"
		"           666 java",
		"[14049899.298836] [12417]     0 12417   616805   448697    1011        0"
		"           666 python",
		"[14049899.298841] [12983]     0 12983    13399      230      27        0"
		"             0 exe",
		"[14049899.298843] Memory cgroup out of memory: Kill process 12417 (python) score "
		"1237 or sacrifice child",
		"[14049899.310153] Killed process 12417 (python) total-vm:2467220kB, "
		"anon-rss:1794532kB, file-rss:256kB",
		NULL,
	};
	struct evs e;
	struct oomkit_explain *ex;
	long long hi;

	(void)state;
	parse(lines, &e);
	ex = explain(&e, 0);
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_ERA), OOMKIT_ERA_NR_PTES);
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_TOTALPAGES), 786432);
	hi = xnum(ex, OOMKIT_EXPLAIN_TOTALPAGES_MAX);
	assert_true(hi >= 786432 && hi < 787000);
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_AGREES), 1);
	assert_int_equal(rnum(ex, 0, OOMKIT_RANK_PID), 12417);
	assert_int_equal(rnum(ex, 0, OOMKIT_RANK_BADNESS), 973184);
	assert_int_equal(rnum(ex, 0, OOMKIT_RANK_SHARE), 1237); /* = the kernel's score */
	assert_int_equal(rnum(ex, 1, OOMKIT_RANK_BADNESS), 333513 + 808 + 666 * 786);
	assert_true(has_id(ex, OOMKIT_EXPLAIN_RANKING, "score"));
	/*
	 * Every candidate but exe had adj 666: with all at 0 python is still
	 * the largest, so adj did not decide (oomwhy-truth.md, wrong 1).
	 */
	assert_true(has_id(ex, OOMKIT_EXPLAIN_WHATIF, "adj_no_effect"));
	assert_false(has_id(ex, OOMKIT_EXPLAIN_CAUSES, "adj_decided"));
	assert_false(has_id(ex, OOMKIT_EXPLAIN_ADVICE, "adj"));
	oomkit_explain_free(ex);
	free_evs(&e);
}

/* 2.6.36 - 3.x: points in permille, 1..1000 */
static void test_era_permille(void **state)
{
	static const char *const lines[] = {
		"[ 9.0] [ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name",
		"[ 9.0] [  100]  1000   100    50000    40000   0       0             0 big",
		"[ 9.0] [  200]  1000   200    10000     5000   1      15          1000 small",
		"[ 9.0] Out of memory: Kill process 200 (small) score 1000 or sacrifice child",
		"[ 9.0] Killed process 200 (small) total-vm:40000kB, anon-rss:20000kB, "
		"file-rss:0kB",
		NULL,
	};
	struct evs e;
	struct oomkit_explain *ex;

	(void)state;
	parse(lines, &e);
	ex = explain(&e, 0);
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_ERA), OOMKIT_ERA_PERMILLE);
	/*
	 * A global OOM without "pages RAM": at the smallest totalpages the
	 * report allows (big's 40,000 pages) both score 1000 (small: 125 +
	 * 1000, clamped) and the first scanned is kept; with RAM any larger
	 * small wins. The kernel's choice is first for part of the range.
	 */
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_AGREEMENT), 2);
	assert_true(has_text(ex, OOMKIT_EXPLAIN_RANKING,
			     "totalpages, which the report does "
			     "not fix"));
	/* shown: the reading that reproduces the kill, totalpages unbounded */
	assert_int_equal(rnum(ex, 0, OOMKIT_RANK_PID), 200);
	assert_int_equal(rnum(ex, 0, OOMKIT_RANK_BADNESS), 1000); /* clamped */
	assert_int_equal(rnum(ex, 1, OOMKIT_RANK_BADNESS), 1);    /* the floor */
	oomkit_explain_free(ex);
	free_evs(&e);
}

/* a partial log: no task table, no header; the gaps say what is missing */
static void test_gaps(void **state)
{
	static const char *const lines[] = {
		"[ 7.0] Out of memory: Killed process 77 (leaky) total-vm:9000kB, "
		"anon-rss:8000kB, file-rss:4kB, shmem-rss:0kB, UID:0 pgtables:40kB "
		"oom_score_adj:0",
		NULL,
	};
	struct evs e;
	struct oomkit_explain *ex;
	long long v;

	(void)state;
	parse(lines, &e);
	ex = explain(&e, 0);
	assert_int_equal(oomkit_explain_num(ex, OOMKIT_EXPLAIN_AGREES, &v), -ENODATA);
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_RANKED), 0);
	assert_true(has_id(ex, OOMKIT_EXPLAIN_GAPS, "no_task_table"));
	assert_true(has_id(ex, OOMKIT_EXPLAIN_GAPS, "no_trigger"));
	assert_true(has_text(ex, OOMKIT_EXPLAIN_VERDICT, "killed leaky (pid 77, uid 0)"));
	oomkit_explain_free(ex);
	free_evs(&e);
}

/* the kernel's choice missing from the table: ranking_agrees is false */
static void test_victim_not_listed(void **state)
{
	static const char *const lines[] = {
		"[ 5.0] [ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name",
		"[ 5.0] [28438]     0 28438  5063909   119961    1661   136409          -998 java",
		"[ 5.0] Memory cgroup out of memory: Kill process 24572 (java) score 0 or "
		"sacrifice child",
		"[ 5.0] Killed process 28438 (java) total-vm:20255636kB, anon-rss:466160kB, "
		"file-rss:13684kB",
		NULL,
	};
	struct evs e;
	struct oomkit_explain *ex;

	(void)state;
	parse(lines, &e);
	ex = explain(&e, 0);
	/*
	 * 3.10 walks threads: 24572 is a thread of java 28438, the only
	 * process of the table; its row is the victim's, found by the killed
	 * pid (oomwhy-truth.md, wrong 8). Score 0 with adj -998: the floor.
	 */
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_AGREES), 1);
	assert_true(has_id(ex, OOMKIT_EXPLAIN_RANKING, "victim_row"));
	assert_true(has_text(ex, OOMKIT_EXPLAIN_VERDICT, "is a thread of java (pid 28438)"));
	assert_true(has_id(ex, OOMKIT_EXPLAIN_RANKING, "score_floor"));
	assert_false(has_id(ex, OOMKIT_EXPLAIN_CAUSES, "protected_grew"));
	oomkit_explain_free(ex);
	free_evs(&e);
}

/*
 * One invocation or burst: kills of one memcg whose headers were rate
 * limited, 0.2 s apart, are peers; one 5 s later, or one with its own
 * header, is history.
 */
static void test_burst(void **state)
{
	static const char *const lines[] = {
		"[ 10.0] Memory cgroup out of memory: Killed process 1 (w) total-vm:900kB, "
		"anon-rss:800kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0",
		"[ 10.2] Memory cgroup out of memory: Killed process 2 (w) total-vm:900kB, "
		"anon-rss:800kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0",
		"[ 15.0] Memory cgroup out of memory: Killed process 3 (w) total-vm:900kB, "
		"anon-rss:700kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0",
		NULL,
	};
	struct evs e;
	struct oomkit_explain *ex;

	(void)state;
	parse(lines, &e);
	assert_int_equal(e.n, 3);
	assert_true(oomkit_event_same_burst(e.v[0], e.v[1]));
	assert_false(oomkit_event_same_burst(e.v[0], e.v[2]));
	assert_false(oomkit_event_same_invocation(e.v[0], e.v[1]));
	ex = explain(&e, 0);
	assert_true(has_text(ex, OOMKIT_EXPLAIN_VERDICT, "the kernel also killed w (pid 2)"));
	assert_false(has_text(ex, OOMKIT_EXPLAIN_VERDICT, "(pid 3)"));
	/* history: the third kill only (the second is part of this one) */
	assert_true(has_text(ex, OOMKIT_EXPLAIN_HISTORY,
			     "1 other OOM event in these sources killed w (first [ 15.0], last "
			     "[ 15.0]; its memory at those kills: 700 KiB)"));
	oomkit_explain_free(ex);
	free_evs(&e);
}

/* hostile names reach the sentences escaped */
/*
 * Where the memory was, host: RAM 8 GiB, 2 GiB of unreclaimable slab (a
 * fifth or more: a cause), 1 GiB of hugepages (less: a line, no cause),
 * DMA32 below its min watermark, one 1 GiB task (12 % of RAM). The 5.4
 * version line decides the rules: unsigned badness, first of equal scores
 * kept (without it, a report with no selection line reads as 5.9+).
 */
static void test_memory_host(void **state)
{
	static const char *const lines[] = {
		"[ 9.0] big invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), "
		"order=0, oom_score_adj=0",
		"[ 9.0] CPU: 0 PID: 5 Comm: big Tainted: G        W         5.4.0-1 #1",
		"[ 9.0] Mem-Info:",
		"[ 9.0] active_anon:262144 inactive_anon:0 isolated_anon:0",
		"[ 9.0]  slab_reclaimable:10 slab_unreclaimable:524288",
		"[ 9.0]  mapped:0 shmem:10 pagetables:600 bounce:0",
		"[ 9.0]  free:5000 free_pcp:0 free_cma:0",
		"[ 9.0] Node 0 DMA32 free:1000kB min:2000kB low:2500kB high:3000kB",
		"[ 9.0] Node 0 Normal free:19000kB min:9000kB low:9500kB high:9900kB",
		"[ 9.0] Node 0 hugepages_total=512 hugepages_free=512 hugepages_surp=0 "
		"hugepages_size=2048kB",
		"[ 9.0] 40 total pagecache pages",
		"[ 9.0] Free swap  = 0kB",
		"[ 9.0] Total swap = 0kB",
		"[ 9.0] 2097152 pages RAM",
		"[ 9.0] 0 pages reserved",
		"[ 9.0] Tasks state (memory values in pages):",
		"[ 9.0] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents "
		"oom_score_adj name",
		"[ 9.0] [      5]     0     5   300000   262144      4096        0             0 big",
		"[ 9.0] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,"
		"mems_allowed=0,global_oom,task_memcg=/,task=big,pid=5,uid=0",
		"[ 9.0] Out of memory: Killed process 5 (big) total-vm:1200000kB, "
		"anon-rss:1048576kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB "
		"oom_score_adj:0",
		NULL,
	};
	struct evs e;
	struct oomkit_explain *ex;

	(void)state;
	parse(lines, &e);
	ex = explain(&e, 0);
	assert_true(has_text(ex, OOMKIT_EXPLAIN_MEMORY, "RAM: 8.0 GiB (\"2097152 pages RAM\")"));
	assert_true(has_text(ex, OOMKIT_EXPLAIN_MEMORY,
			     "Free memory: 19.5 MiB against min watermarks of 10.7 MiB over 2 "
			     "zones; 1 zone was below"));
	assert_true(has_text(ex, OOMKIT_EXPLAIN_MEMORY,
			     "Page cache: 160 KiB, of which "
			     "shmem/tmpfs 40 KiB"));
	assert_true(has_text(ex, OOMKIT_EXPLAIN_MEMORY,
			     "Unreclaimable slab (kernel memory): "
			     "2.0 GiB, 25% of RAM"));
	assert_true(has_text(ex, OOMKIT_EXPLAIN_MEMORY, "Reserved hugepages: 1.0 GiB"));
	assert_true(has_text(ex, OOMKIT_EXPLAIN_MEMORY, "They account for 12% of RAM"));
	assert_true(has_id(ex, OOMKIT_EXPLAIN_CAUSES, "slab"));
	assert_false(has_id(ex, OOMKIT_EXPLAIN_CAUSES, "hugepages"));
	assert_false(has_id(ex, OOMKIT_EXPLAIN_CAUSES, "tmpfs"));
	assert_false(has_id(ex, OOMKIT_EXPLAIN_GAPS, "meminfo"));
	/* totalpages at most "pages RAM" plus swap (none here) */
	assert_int_equal(xnum(ex, OOMKIT_EXPLAIN_TOTALPAGES_MAX), 2097152);
	assert_true(has_text(ex, OOMKIT_EXPLAIN_RANKING, "stack dump: 5.4.0-1"));
	/* 5.3 - 5.8: oom_evaluate_task() lets the last of equal points win */
	assert_true(has_text(ex, OOMKIT_EXPLAIN_RANKING, "ties: last wins"));
	assert_true(has_text(ex, OOMKIT_EXPLAIN_RANKING, "no root bonus since 4.17"));
	oomkit_explain_free(ex);
	free_evs(&e);
}

/* memcg v2 stats: tmpfs holds most of the usage; the breakdown says so */
static void test_memory_memcg(void **state)
{
	static const char *const lines[] = {
		"[ 9.0] sh invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, "
		"oom_score_adj=0",
		"[ 9.0] CPU: 0 PID: 6 Comm: sh Not tainted 6.1.0-18-amd64 #1",
		"[ 9.0] memory: usage 102400kB, limit 102400kB, failcnt 7",
		"[ 9.0] swap: usage 0kB, limit 0kB, failcnt 0",
		"[ 9.0] Memory cgroup stats for /t:",
		"[ 9.0] anon 10485760",
		"[ 9.0] file 94371840",
		"[ 9.0] kernel 1048576",
		"[ 9.0] sock 0",
		"[ 9.0] shmem 94371840",
		"[ 9.0] slab_unreclaimable 524288",
		"[ 9.0] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,"
		"mems_allowed=0,oom_memcg=/t,task_memcg=/t,task=sh,pid=6,uid=0",
		"[ 9.0] Memory cgroup out of memory: Killed process 6 (sh) total-vm:12000kB, "
		"anon-rss:10240kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB "
		"oom_score_adj:0",
		NULL,
	};
	struct evs e;
	struct oomkit_explain *ex;

	(void)state;
	parse(lines, &e);
	ex = explain(&e, 0);
	assert_true(has_text(ex, OOMKIT_EXPLAIN_MEMORY,
			     "anon 10.0 MiB, file 90.0 MiB, shmem 90.0 MiB, kernel 1.0 MiB, "
			     "unreclaimable slab 512 KiB, sock 0 KiB."));
	assert_true(has_id(ex, OOMKIT_EXPLAIN_CAUSES, "tmpfs"));
	assert_true(has_text(ex, OOMKIT_EXPLAIN_CAUSES, "90.0 MiB of its 100.0 MiB usage (90%"));
	assert_false(has_id(ex, OOMKIT_EXPLAIN_CAUSES, "slab"));
	assert_false(has_id(ex, OOMKIT_EXPLAIN_GAPS, "memcg_stat"));
	oomkit_explain_free(ex);
	free_evs(&e);
}

static void test_hostile_name(void **state)
{
	static const char *const lines[] = {
		"[ 7.0] Out of memory: Killed process 78 (a\x1b[2Jb) total-vm:9000kB, "
		"anon-rss:8000kB, file-rss:4kB, shmem-rss:0kB, UID:0 pgtables:40kB "
		"oom_score_adj:0",
		NULL,
	};
	struct evs e;
	struct oomkit_explain *ex;
	size_t i, l;

	(void)state;
	parse(lines, &e);
	ex = explain(&e, 0);
	for (l = 0; l < OOMKIT_EXPLAIN_LIST_COUNT_; l++)
		for (i = 0; i < oomkit_explain_count(ex, (enum oomkit_explain_list)l); i++)
			assert_null(strchr(oomkit_explain_text(ex, (enum oomkit_explain_list)l, i),
					   '\x1b'));
	assert_true(has_text(ex, OOMKIT_EXPLAIN_VERDICT, "a\\x1b[2Jb"));
	oomkit_explain_free(ex);
	free_evs(&e);
	assert_int_equal(oomkit_explain_new(&ex, NULL), -EINVAL);
	assert_int_equal(oomkit_explain_count(NULL, OOMKIT_EXPLAIN_VERDICT), 0);
	assert_null(oomkit_explain_text(NULL, OOMKIT_EXPLAIN_VERDICT, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_era_rss_split),
		cmocka_unit_test(test_era_pgtables_protected),
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_era_nr_ptes_score),
		cmocka_unit_test(test_era_permille),
		cmocka_unit_test(test_gaps),
		cmocka_unit_test(test_victim_not_listed),
		cmocka_unit_test(test_burst),
		cmocka_unit_test(test_hostile_name),
		cmocka_unit_test(test_memory_host),
		cmocka_unit_test(test_memory_memcg),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
