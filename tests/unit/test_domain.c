/*
 * test_domain.c - the ranking on plain data made up here (no files):
 * oomkit_domains_rank() over a process table, a memcg tree snapshot and
 * the system memory, with the kernel's rules (mm/oom_kill.c
 * oom_evaluate_task(), docs/kernel.md §1 and §6): the highest badness wins, an
 * equal score replaces the earlier task (the last-scanned one wins),
 * ineligible tasks are members but never ranked, a memcg domain holds its
 * subtree, and each domain has its own totalpages. The numbers are worked
 * from the kernel's formulas; docs/kernel.md §11.1 is the paper example.
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
#include "memcg-private.h"
#include "proc-private.h"
#include "sysmem-private.h"
#include "getters.h"

#define PAGE 4096L
#define GIB (1024LL * 1024 * 1024)
#define MIB (1024LL * 1024)
#define G_TOTAL 5242880ULL /* 16 GiB RAM + 4 GiB swap, in pages */

/* A process with an mm: sizes in pages (as the kernel counts them). */
static struct oomkit_proc *task(struct oomkit_proc_table *tab, int pid, long long rss,
				long long swap, long long pte_kb, int adj, const char *memcg)
{
	struct oomkit_proc *p = oomkit__proc_table_append(tab);

	assert_non_null(p);
	p->num[OOMKIT_PROC_PID] = pid;
	p->num[OOMKIT_PROC_PPID] = 1;
	p->num[OOMKIT_PROC_HAS_MM] = 1;
	p->num[OOMKIT_PROC_RSS_ANON_KB] = rss * (PAGE / 1024);
	p->num[OOMKIT_PROC_SWAP_KB] = swap * (PAGE / 1024);
	p->num[OOMKIT_PROC_PTE_KB] = pte_kb;
	p->num[OOMKIT_PROC_OOM_SCORE_ADJ] = adj;
	if (memcg) {
		p->memcg = strdup(memcg);
		assert_non_null(p->memcg);
	}
	return p;
}

static void started(struct oomkit_proc *p, long long ticks)
{
	p->num[OOMKIT_PROC_START_TICKS] = ticks;
	p->start_read = 1;
}

/* The host of docs/kernel.md §11.1: 16 GiB RAM, 4 GiB swap. */
static struct oomkit_sysmem *host(void)
{
	struct oomkit_sysmem *m = oomkit__sysmem_new();

	assert_non_null(m);
	oomkit__sysmem_set(m, OOMKIT_MEM_TOTAL_KB, 16 * 1024 * 1024);
	oomkit__sysmem_set(m, OOMKIT_MEM_SWAP_TOTAL_KB, 4 * 1024 * 1024);
	oomkit__sysmem_set(m, OOMKIT_MEM_AVAILABLE_KB, 8 * 1024 * 1024);
	oomkit__sysmem_set(m, OOMKIT_MEM_SWAP_FREE_KB, 4 * 1024 * 1024);
	oomkit__sysmem_set(m, OOMKIT_MEM_VMSTAT_OOM_KILL, 7);
	return m;
}

/* A v2 memcg; @limit / @swap in bytes, -1 for "max". */
static struct oomkit_memcg *cg(struct oomkit_memcg_tree *t, const char *path, long long limit,
			       long long swap, int swappiness)
{
	struct oomkit_memcg *c = oomkit__memcg_tree_add(t, path, OOMKIT_CGROUP_V2);

	assert_non_null(c);
	oomkit__memcg_set(c, OOMKIT_MEMCG_LIMIT, limit < 0 ? OOMKIT_UNLIMITED : limit);
	oomkit__memcg_set(c, OOMKIT_MEMCG_SWAP_LIMIT, swap < 0 ? OOMKIT_UNLIMITED : swap);
	oomkit__memcg_set(c, OOMKIT_MEMCG_SWAPPINESS, swappiness);
	return c;
}

/* Domain @name ranks exactly @pids (victim first) with @points. */
static void expect_rank(const struct oomkit_domains *set, const char *name,
			unsigned long long totalpages, size_t members, const int *pids,
			const long long *points, size_t n)
{
	const struct oomkit_domain *d = oomkit_domains_find(set, name);
	long long pts;
	size_t i;

	if (!d)
		fail_msg("no domain %s", name);
	assert_int_equal(oomkit_domain_totalpages(d), totalpages);
	assert_int_equal(oomkit_domain_members(d), members);
	assert_int_equal(oomkit_domain_ranked(d), n);
	for (i = 0; i < n; i++) {
		const struct oomkit_proc *p = oomkit_domain_rank(d, i, &pts);

		assert_non_null(p);
		if (oomkit_proc_pid(p) != pids[i])
			fail_msg("%s rank %zu: pid %lld, want %d", name, i,
				 (long long)oomkit_proc_pid(p), pids[i]);
		if (points)
			assert_int_equal(pts, points[i]);
	}
	assert_null(oomkit_domain_rank(d, n, NULL));
}

/* §11.1: the same three tasks, a different victim in a global and a memcg OOM. */
static void test_paper_example(void **state)
{
	struct oomkit_proc_table *tab = oomkit__proc_table_new();
	struct oomkit_memcg_tree *tree = oomkit__memcg_tree_new();
	struct oomkit_sysmem *mem = host();
	struct oomkit_domains *set = NULL;
	static const int g_pids[] = { 1003, 1002, 1001 };
	static const long long g_pts[] = { 584350, 160400, -2280000 };
	static const int app_pids[] = { 1002, 1003, 1001 };
	static const long long app_pts[] = { 160400, 125650, 13500 };
	static const int batch_pids[] = { 1003 };
	static const long long batch_pts[] = { 86350 };
	const struct oomkit_domain *d;
	struct oomkit_memcg *app;

	(void)state;
	assert_non_null(tab);
	assert_non_null(tree);
	cg(tree, "/", -1, -1, 60);
	app = cg(tree, "/app", 2 * GIB, 512 * MIB, 60); /* 524288 + 131072 pages */
	oomkit__memcg_set(app, OOMKIT_MEMCG_USAGE, 2040000LL * 1024);
	oomkit__memcg_set(app, OOMKIT_MEMCG_EV_OOM_KILL, 1);
	cg(tree, "/app/web", -1, -1, 60);                    /* no limit: no domain */
	cg(tree, "/app/batch", GIB, 0, 60);                  /* 262144 pages, no swap */
	task(tab, 1001, 300000, 40000, 4000, -500, "/app");  /* A */
	task(tab, 1002, 150000, 10000, 1600, 0, "/app/web"); /* B */
	task(tab, 1003, 60000, 0, 600, 100, "/app/batch");   /* C */

	assert_int_equal(oomkit_domains_rank(tab, tree, mem, PAGE, 0, &set), 3);
	assert_string_equal(oomkit_domain_name(oomkit_domains_get(set, 0)), "global");
	assert_string_equal(oomkit_domain_name(oomkit_domains_get(set, 1)), "/app");
	assert_string_equal(oomkit_domain_name(oomkit_domains_get(set, 2)), "/app/batch");
	assert_null(oomkit_domains_find(set, "/app/web"));
	/* global: adj unit 5242 pages, A goes negative; C wins */
	expect_rank(set, "global", G_TOTAL, 3, g_pids, g_pts, 3);
	/* memcg /app: adj unit 655 pages; B wins */
	expect_rank(set, "/app", 655360, 3, app_pids, app_pts, 3);
	/* 60000 + 600/4 + 100 * 262 */
	expect_rank(set, "/app/batch", 262144, 1, batch_pids, batch_pts, 1);

	d = oomkit_domains_find(set, "/app");
	assert_ptr_equal(oomkit_domain_memcg(d), app);
	assert_int_equal(oomkit_domain_kind(d), OOMKIT_DOMAIN_MEMCG);
	assert_int_equal(dget(d, OOMKIT_DOMAIN_LIMIT_KB), 2 * 1024 * 1024);
	assert_int_equal(dget(d, OOMKIT_DOMAIN_USAGE_KB), 2040000);
	assert_int_equal(dget(d, OOMKIT_DOMAIN_OOM_KILLS), 1);
	d = oomkit_domains_find(set, "global");
	assert_int_equal(oomkit_domain_kind(d), OOMKIT_DOMAIN_GLOBAL);
	assert_null(oomkit_domain_memcg(d));
	assert_int_equal(dget(d, OOMKIT_DOMAIN_LIMIT_KB), 20 * 1024 * 1024);
	assert_int_equal(dget(d, OOMKIT_DOMAIN_USAGE_KB), 8 * 1024 * 1024);
	/* vmstat oom_kill (7) counts every kill: the host has no own count */
	assert_int_equal(oomkit_domain_get(d, OOMKIT_DOMAIN_OOM_KILLS, NULL), -ENODATA);
	oomkit_domains_free(set);

	/* the global domain alone: with the flag, or without a memcg tree */
	assert_int_equal(
		oomkit_domains_rank(tab, tree, mem, PAGE, OOMKIT_DOMAINS_GLOBAL_ONLY, &set), 1);
	expect_rank(set, "global", G_TOTAL, 3, g_pids, g_pts, 3);
	oomkit_domains_free(set);
	assert_int_equal(oomkit_domains_rank(tab, NULL, mem, PAGE, 0, &set), 1);
	oomkit_domains_free(set);
	assert_int_equal(oomkit_domains_rank(tab, tree, mem, 512, 0, &set), -EINVAL);
	assert_null(set);
	assert_int_equal(oomkit_domains_rank(NULL, tree, mem, PAGE, 0, &set), -EINVAL);

	oomkit_memcg_tree_free(tree);
	oomkit_sysmem_free(mem);
	oomkit_proc_table_free(tab);
}

/* Members that can never be chosen: init, kernel threads, adj -1000, no mm. */
static void test_ineligible(void **state)
{
	struct oomkit_proc_table *tab = oomkit__proc_table_new();
	struct oomkit_sysmem *mem = host();
	struct oomkit_domains *set = NULL;
	struct oomkit_proc *p;
	const struct oomkit_domain *d;
	static const int pids[] = { 40, 30 };
	static const long long pts[] = { 1000 + 250, 500 + 100 };
	long long pts_out;

	(void)state;
	task(tab, 1, 900000, 0, 0, 0, "/"); /* init */
	p = task(tab, 2, 0, 0, 0, 0, NULL); /* kthreadd */
	p->num[OOMKIT_PROC_HAS_MM] = 0;
	p->num[OOMKIT_PROC_KTHREAD] = 1;
	task(tab, 10, 800000, 0, 0, -1000, "/");    /* adj -1000 */
	p = task(tab, 20, 700000, 0, 0, 1000, "/"); /* zombie */
	p->num[OOMKIT_PROC_HAS_MM] = 0;
	task(tab, 30, 500, 0, 400, 0, "/");   /* 500 + 100 */
	task(tab, 40, 1000, 0, 1000, 0, "/"); /* 1000 + 250 */

	assert_int_equal(oomkit_domains_rank(tab, NULL, mem, PAGE, 0, &set), 1);
	expect_rank(set, "global", G_TOTAL, 6, pids, pts, 2);
	d = oomkit_domains_get(set, 0);
	assert_int_equal(oomkit_domain_badness_of(d, 1, &pts_out), OOMKIT_INELIGIBLE_INIT);
	assert_int_equal(oomkit_domain_badness_of(d, 2, &pts_out), OOMKIT_INELIGIBLE_KTHREAD);
	assert_int_equal(oomkit_domain_badness_of(d, 10, &pts_out), OOMKIT_INELIGIBLE_ADJ_MIN);
	assert_int_equal(oomkit_domain_badness_of(d, 20, &pts_out), OOMKIT_INELIGIBLE_NO_MM);
	assert_int_equal(oomkit_domain_badness_of(d, 30, &pts_out), 0);
	assert_int_equal(pts_out, 600);
	assert_int_equal(oomkit_domain_badness_of(d, 99, &pts_out), -ENOENT);
	oomkit_domains_free(set);

	/* nothing eligible: members, no victim */
	oomkit_proc_table_free(tab);
	tab = oomkit__proc_table_new();
	task(tab, 1, 900000, 0, 0, 0, "/");
	assert_int_equal(oomkit_domains_rank(tab, NULL, mem, PAGE, 0, &set), 1);
	expect_rank(set, "global", G_TOTAL, 1, NULL, NULL, 0);
	oomkit_domains_free(set);

	oomkit_sysmem_free(mem);
	oomkit_proc_table_free(tab);
}

/*
 * Equal points: the kernel keeps the last-scanned task. for_each_process()
 * scans in fork order, so the latest start wins, whatever the pids say
 * (they wrap); without start times the higher pid stands for the later
 * fork. A memcg scan visits parents before children, so a task of a
 * deeper memcg wins a tie over one of its ancestor memcg.
 */
static void test_ties(void **state)
{
	struct oomkit_proc_table *tab = oomkit__proc_table_new();
	struct oomkit_memcg_tree *tree = oomkit__memcg_tree_new();
	struct oomkit_sysmem *mem = host();
	struct oomkit_domains *set = NULL;
	/* global: 700 (started last, lowest pid) beats 30000 and 31000 */
	static const int g_pids[] = { 700, 31000, 30000, 900, 800, 600, 500 };
	/* /job: 800 (in /job/sub, scanned after /job's own tasks) wins */
	static const int job_pids[] = { 800, 900, 600, 500 };

	(void)state;
	cg(tree, "/", -1, -1, 60);
	cg(tree, "/job", 256 * MIB, -1, 0);
	cg(tree, "/job/sub", -1, -1, 0);
	/*
	 * 20000 pages in three ways: 20000 + 0 adj; 20000 - 5242 + 5242 * 1
	 * (adj 1 is worth 5242 pages globally); 19000 pages + 4000 kB of page
	 * tables (1000 pages).
	 */
	started(task(tab, 30000, 20000, 0, 0, 0, NULL), 100);
	started(task(tab, 31000, 20000 - 5242, 0, 0, 1, NULL), 200);
	started(task(tab, 700, 19000, 0, 4000, 0, "/"), 9000); /* pid wrapped */
	/* /job: 800 and 900 tie at 10000 in both domains, 600 and 500 at 5000 */
	started(task(tab, 800, 10000, 0, 0, 0, "/job/sub"), 50);
	started(task(tab, 900, 10000, 0, 0, 0, "/job"), 60);
	started(task(tab, 500, 5000, 0, 0, 0, "/job"), 10);
	started(task(tab, 600, 5000, 0, 0, 0, "/job"), 5);

	assert_int_equal(oomkit_domains_rank(tab, tree, mem, PAGE, 0, &set), 2);
	/*
	 * Global: the victim's run (three at 20000) is ordered by start; the
	 * later runs keep the pid order (only the victim's and runner-up's
	 * runs matter to the kernel's choice).
	 */
	expect_rank(set, "global", G_TOTAL, 7, g_pids, NULL, 7);
	/* /job: 256 MiB, swappiness 0: 65536 pages */
	expect_rank(set, "/job", 65536, 4, job_pids, NULL, 4);
	oomkit_domains_free(set);

	oomkit_memcg_tree_free(tree);
	oomkit_sysmem_free(mem);
	oomkit_proc_table_free(tab);
}

/* The victim alone: the runner-up's run is ordered by start too, and none
 * after it; the same input in another order ranks the same. */
static void test_runner_up_tie(void **state)
{
	static const int order_a[] = { 1, 2, 3, 4, 5, 6 };
	static const int order_b[] = { 6, 4, 2, 5, 3, 1 };
	static const int *orders[] = { order_a, order_b };
	/* 10: victim alone; 20/30/40 tie, by start (20 started last); 50/60
	 * tie after them: pid order, not start order */
	static const int pids[] = { 10, 30, 20, 40, 60, 50 };
	static const long long rss[] = { 9000, 5000, 5000, 5000, 1000, 1000 };
	static const long long start[] = { 1, 300, 700, 200, 100, 900 };
	static const int want[] = { 10, 20, 30, 40, 60, 50 };
	struct oomkit_sysmem *mem = host();
	size_t o, i;

	(void)state;
	for (o = 0; o < 2; o++) {
		struct oomkit_proc_table *tab = oomkit__proc_table_new();
		struct oomkit_domains *set = NULL;

		for (i = 0; i < 6; i++) {
			int k = orders[o][i] - 1;

			started(task(tab, pids[k], rss[k], 0, 0, 0, "/"), start[k]);
		}
		assert_int_equal(oomkit_domains_rank(tab, NULL, mem, PAGE, 0, &set), 1);
		expect_rank(set, "global", G_TOTAL, 6, want, NULL, 6);
		oomkit_domains_free(set);
		oomkit_proc_table_free(tab);
	}
	oomkit_sysmem_free(mem);
}

/* Without start times (a table read without OOMKIT_PROC_START, or made up):
 * the higher pid stands for the later fork. */
static void test_ties_without_start(void **state)
{
	struct oomkit_proc_table *tab = oomkit__proc_table_new();
	struct oomkit_sysmem *mem = host();
	struct oomkit_domains *set = NULL;
	static const int pids[] = { 300, 200, 100 };

	(void)state;
	task(tab, 200, 4000, 0, 0, 0, "/");
	task(tab, 100, 4000, 0, 0, 0, "/");
	task(tab, 300, 4000, 0, 0, 0, "/");
	assert_int_equal(oomkit_domains_rank(tab, NULL, mem, PAGE, 0, &set), 1);
	expect_rank(set, "global", G_TOTAL, 3, pids, NULL, 3);
	oomkit_domains_free(set);
	oomkit_sysmem_free(mem);
	oomkit_proc_table_free(tab);
}

/*
 * Membership: a memcg domain holds its memcg and every memcg below it
 * (nested limits give nested domains, each with its own totalpages); the
 * root memcg "/" and an unknown memcg belong to the host only; "/ab" is
 * not below "/a".
 */
static void test_nested_memcgs(void **state)
{
	struct oomkit_proc_table *tab = oomkit__proc_table_new();
	struct oomkit_memcg_tree *tree = oomkit__memcg_tree_new();
	struct oomkit_sysmem *mem = host();
	struct oomkit_domains *set = NULL;
	const struct oomkit_domain *d;
	/* global: T 10000 + 100 * 5242; R; U; V; W */
	static const int g_pids[] = { 11, 13, 12, 14, 15 };
	static const long long g_pts[] = { 534200, 100000, 40000, 30000, 20000 };
	/* /a: 1 GiB + 256 MiB of swap = 327680 pages, adj unit 327 */
	static const int a_pids[] = { 11, 12 };
	static const long long a_pts[] = { 10000 + 100 * 327, 40000 };
	/* /a/b: 256 MiB, swappiness 0: no swap counted, 65536 pages, unit 65 */
	static const int b_pids[] = { 11 };
	static const long long b_pts[] = { 10000 + 100 * 65 };
	/* /ab: 128 MiB, swap "max" capped at SwapTotal: 32768 + 1048576 */
	static const int ab_pids[] = { 15 };
	static const long long ab_pts[] = { 20000 };
	long long pts;

	(void)state;
	cg(tree, "/", -1, -1, 60);
	cg(tree, "/a", GIB, 256 * MIB, 60);
	cg(tree, "/a/b", 256 * MIB, -1, 0);
	cg(tree, "/a/b/c", -1, -1, 60);
	cg(tree, "/ab", 128 * MIB, -1, 60);
	oomkit__memcg_tree_add(tree, "/gone", OOMKIT_CGROUP_V2); /* vanished: unknown */
	task(tab, 11, 10000, 0, 0, 100, "/a/b/c");               /* T */
	task(tab, 12, 40000, 0, 0, 0, "/a");                     /* U */
	task(tab, 13, 100000, 0, 0, 0, "/");                     /* R, in the root memcg */
	task(tab, 14, 30000, 0, 0, 0, NULL);                     /* V, memcg unknown */
	task(tab, 15, 20000, 0, 0, 0, "/ab");                    /* W */

	assert_int_equal(oomkit_domains_rank(tab, tree, mem, PAGE, 0, &set), 4);
	expect_rank(set, "global", G_TOTAL, 5, g_pids, g_pts, 5);
	expect_rank(set, "/a", 327680, 2, a_pids, a_pts, 2);
	expect_rank(set, "/a/b", 65536, 1, b_pids, b_pts, 1);
	expect_rank(set, "/ab", 32768 + 1048576, 1, ab_pids, ab_pts, 1);
	assert_null(oomkit_domains_find(set, "/"));
	assert_null(oomkit_domains_find(set, "/a/b/c"));
	assert_null(oomkit_domains_find(set, "/gone"));
	d = oomkit_domains_find(set, "/a");
	assert_int_equal(oomkit_domain_badness_of(d, 15, &pts), -ENOENT);
	assert_int_equal(oomkit_domain_badness_of(d, 13, &pts), -ENOENT);
	assert_int_equal(oomkit_domain_badness_of(d, 14, &pts), -ENOENT);
	assert_int_equal(oomkit_domain_get(d, OOMKIT_DOMAIN_USAGE_KB, NULL), -ENODATA);
	assert_int_equal(oomkit_domain_get(d, OOMKIT_DOMAIN_OOM_KILLS, NULL), -ENODATA);
	assert_int_equal(dget(d, OOMKIT_DOMAIN_LIMIT_KB), 1024 * 1024);
	assert_int_equal(oomkit_domain_get(d, (enum oomkit_domain_item)(OOMKIT_DOMAIN_OOMS + 1),
					   NULL),
			 -EINVAL);
	assert_int_equal(oomkit_domain_get(NULL, OOMKIT_DOMAIN_LIMIT_KB, NULL), -EINVAL);
	oomkit_domains_free(set);

	oomkit_memcg_tree_free(tree);
	oomkit_sysmem_free(mem);
	oomkit_proc_table_free(tab);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paper_example),
		cmocka_unit_test(test_ineligible),
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_runner_up_tie),
		cmocka_unit_test(test_ties_without_start),
		cmocka_unit_test(test_nested_memcgs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
