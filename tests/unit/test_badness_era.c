/*
 * test_badness_era.c - one test per row of the badness era table
 * (lib/badness-era.c): a memcg OOM report of the row's first release (the
 * stack dump names it), its task table in that release's columns, and the
 * badness, tie rule and root bonus worked out by hand from mm/oom_kill.c of
 * that release (docs/kernel.md §13.1). A report whose release is one before
 * the boundary must get the previous row.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "oomkit/oomkit.h"
#include "badness-era-private.h"

/* a report: limit 64 MiB (totalpages 16,384, unit 16), no swap allowed */
struct rep {
	const char *release; /* on the stack dump line */
	const char *header;  /* the task table's header */
	const char *rows[4]; /* its rows */
	long long kill_pid;
};

static struct oomkit_event *parse(const struct rep *r)
{
	struct oomkit_report_parser *rp;
	struct oomkit_event *ev = NULL, *e;
	char line[512];
	size_t i;

#define FEED(...)                                                                          \
	do {                                                                               \
		snprintf(line, sizeof(line), __VA_ARGS__);                                 \
		assert_int_equal(oomkit_report_feed_line(rp, line, strlen(line), "t"), 0); \
	} while (0)
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	FEED("[ 9.000000] x invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0");
	FEED("[ 9.000001] CPU: 0 PID: 1 Comm: x Not tainted %s #1", r->release);
	FEED("[ 9.000002] memory: usage 65536kB, limit 65536kB, failcnt 1");
	FEED("[ 9.000003] memory+swap: usage 65536kB, limit 65536kB, failcnt 0");
	FEED("[ 9.000004] %s", r->header);
	for (i = 0; i < 4 && r->rows[i]; i++)
		FEED("[ 9.000005] %s", r->rows[i]);
	/* the "Kill process ... sacrifice child" line is gone after 5.0 */
	if (oomkit__release_num(r->release) < OOMKIT__REL(5, 1, 0)) {
		FEED("[ 9.000006] Memory cgroup out of memory: Kill process %lld (w) score 1 or "
		     "sacrifice child",
		     r->kill_pid);
		FEED("[ 9.000007] Killed process %lld (w) total-vm:4kB, anon-rss:4kB, file-rss:0kB",
		     r->kill_pid);
	} else {
		FEED("[ 9.000007] Memory cgroup out of memory: Killed process %lld (w) "
		     "total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB",
		     r->kill_pid);
	}
#undef FEED
	assert_int_equal(oomkit_report_flush(rp), 0);
	while (oomkit_report_next(rp, &e) == 0) {
		if (ev)
			oomkit_event_free(ev);
		ev = e;
	}
	oomkit_report_parser_free(rp);
	assert_non_null(ev);
	return ev;
}

static struct oomkit_explain *explain(struct oomkit_event *ev)
{
	struct oomkit_explain *ex;

	assert_int_equal(oomkit_explain_new(&ex, ev), 0);
	assert_int_equal(oomkit_explain_run(ex), 0);
	return ex;
}

static int has_text(const struct oomkit_explain *ex, enum oomkit_explain_list l, const char *s)
{
	size_t i;

	for (i = 0; i < oomkit_explain_count(ex, l); i++)
		if (strstr(oomkit_explain_text(ex, l, i), s))
			return 1;
	return 0;
}

static long long rank_of(const struct oomkit_explain *ex, long long pid,
			 enum oomkit_explain_rank it)
{
	long long v, p;
	size_t i;

	for (i = 0; oomkit_explain_rank(ex, i, OOMKIT_RANK_PID, &p) == 0; i++)
		if (p == pid) {
			assert_int_equal(oomkit_explain_rank(ex, i, it, &v), 0);
			return v;
		}
	fail_msg("pid %lld not ranked", pid);
	return 0;
}

static long long first_pid(const struct oomkit_explain *ex)
{
	long long p = -1;

	assert_int_equal(oomkit_explain_rank(ex, 0, OOMKIT_RANK_PID, &p), 0);
	return p;
}

static const char *const H_PERMILLE =
	"[ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name";
static const char *const H_NR_PTES =
	"[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name";
static const char *const H_NR_PMDS =
	"[ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds swapents oom_score_adj name";
static const char *const H_PGTABLES =
	"[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name";
static const char *const H_RSS_SPLIT = "[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file "
				       "rss_shmem pgtables_bytes swapents oom_score_adj name";

/* the era row the explanation names */
static void assert_era(const struct oomkit_explain *ex, const char *name)
{
	char want[64];

	snprintf(want, sizeof(want), "Rules of kernels %s ", name);
	if (!has_text(ex, OOMKIT_EXPLAIN_RANKING, want))
		fail_msg("not '%s'", want);
}

/* 2.6.36 - 3.4: permille, clamped to 1..1000; 8000 pages of 16,384 = 488 */
static void test_2_6_36(void **state)
{
	const struct rep r = { "2.6.36",
			       H_PERMILLE,
			       { "[  10]  1000    10     9000     8000   0       0             0 w",
				 "[  20]  1000    20     9000     1000   0       0           900 w",
				 NULL },
			       10 };
	struct oomkit_event *ev = parse(&r);
	struct oomkit_explain *ex = explain(ev);

	(void)state;
	assert_era(ex, "2.6.36 - 3.4");
	assert_int_equal(rank_of(ex, 10, OOMKIT_RANK_BADNESS), 488);
	/* 1000 * 1000 / 16384 = 61, + 900 = 961 */
	assert_int_equal(rank_of(ex, 20, OOMKIT_RANK_BADNESS), 961);
	assert_int_equal(first_pid(ex), 20);
	oomkit_explain_free(ex);
	oomkit_event_free(ev);
}

/* 3.5 (the permille table is still printed): pages, adj x (tp / 1000) */
static void test_3_5(void **state)
{
	const struct rep r = { "3.5.0",
			       H_PERMILLE,
			       { "[  10]  1000    10     9000     8000   0       0             0 w",
				 "[  20]  1000    20     9000     1000   0       0           500 w",
				 NULL },
			       10 };
	struct oomkit_event *ev = parse(&r);
	struct oomkit_explain *ex = explain(ev);

	(void)state;
	assert_era(ex, "3.5 - 3.13");
	assert_int_equal(rank_of(ex, 10, OOMKIT_RANK_BADNESS), 8000);
	assert_int_equal(rank_of(ex, 20, OOMKIT_RANK_BADNESS), 1000 + 500 * 16);
	oomkit_explain_free(ex);
	oomkit_event_free(ev);

	/* one release before: the permille rules */
	{
		const struct rep r4 = { "3.4.113", r.header, { r.rows[0], r.rows[1], NULL }, 10 };

		ev = parse(&r4);
		ex = explain(ev);
		assert_era(ex, "2.6.36 - 3.4");
		oomkit_explain_free(ex);
		oomkit_event_free(ev);
	}
}

/* 3.14 - 4.6: a root task loses 3 % of its points; nr_ptes counted */
static void test_3_14(void **state)
{
	const struct rep r = {
		"3.14.1",
		H_NR_PTES,
		{ "[  10]     0    10     9000    10000       0        0             0 w", NULL },
		10
	};
	struct oomkit_event *ev = parse(&r);
	struct oomkit_explain *ex = explain(ev);

	(void)state;
	assert_era(ex, "3.14 - 4.6");
	assert_true(has_text(ex, OOMKIT_EXPLAIN_RANKING, "root bonus"));
	oomkit_explain_free(ex);
	oomkit_event_free(ev);
	/* the arithmetic of the row itself */
	assert_int_equal(oomkit__era_badness(&oomkit__badness_eras[2], 10000, 0, 16384, 1), 9700);
	assert_int_equal(oomkit__era_badness(&oomkit__badness_eras[1], 10000, 0, 16384, 1),
			 10000 - 30 * 16);
	assert_int_equal(oomkit__era_badness(&oomkit__badness_eras[0], 8000, 0, 16384, 1),
			 488 - 30);
}

/*
 * Ties: two equal tasks. 4.7 - 4.8 let the last win in a global scan but
 * kept the first in a memcg scan; 4.9 - 5.2 keep the first; 5.3+ the last.
 */
static void tie(const char *release, const char *header, const char *era, long long winner)
{
	const struct rep r = {
		release,
		header,
		{ "[  10]  1000    10     9000     5000       0       0        0             0 w",
		  "[  20]  1000    20     9000     5000       0       0        0             0 w",
		  NULL },
		winner
	};
	struct oomkit_event *ev = parse(&r);
	struct oomkit_explain *ex = explain(ev);
	long long agrees = -1;

	assert_era(ex, era);
	assert_int_equal(first_pid(ex), winner);
	assert_int_equal(oomkit_explain_num(ex, OOMKIT_EXPLAIN_AGREES, &agrees), 0);
	assert_int_equal(agrees, 1);
	oomkit_explain_free(ex);
	oomkit_event_free(ev);
}

static void test_ties_4_x(void **state)
{
	(void)state;
	tie("4.7.4", H_NR_PMDS, "4.7 - 4.8", 10); /* memcg scan: the first */
	tie("4.9.0", H_NR_PMDS, "4.9 - 4.16", 10);
	assert_int_equal(oomkit__badness_eras[3].ties, OOMKIT__TIES_LAST); /* global 4.7 */
	assert_int_equal(oomkit__badness_eras[3].ties_memcg, OOMKIT__TIES_FIRST);
}

static void tie_pg(const char *release, const char *era, long long winner)
{
	const struct rep r = {
		release,
		H_PGTABLES,
		{ "[     10]  1000    10     9000     5000    40960        0             0 w",
		  "[     20]  1000    20     9000     5000    40960        0             0 w",
		  NULL },
		winner
	};
	struct oomkit_event *ev = parse(&r);
	struct oomkit_explain *ex = explain(ev);

	assert_era(ex, era);
	assert_int_equal(first_pid(ex), winner);
	oomkit_explain_free(ex);
	oomkit_event_free(ev);
}

static void test_4_17_5_3(void **state)
{
	(void)state;
	tie_pg("4.17.0", "4.17 - 5.2", 10);
	tie_pg("5.2.1", "4.17 - 5.2", 10);
	tie_pg("5.3.1", "5.3 - 5.8", 20);
}

/* 5.9: signed; a negative adj is no longer held at 1 */
static void test_5_9(void **state)
{
	const struct rep r = {
		"5.9.1",
		H_PGTABLES,
		{ "[     10]  1000    10     9000     5000        0        0          -900 w",
		  "[     20]  1000    20     9000      100        0        0             0 w",
		  NULL },
		20
	};
	struct oomkit_event *ev = parse(&r);
	struct oomkit_explain *ex = explain(ev);

	(void)state;
	assert_era(ex, "5.9 - 6.7");
	assert_int_equal(rank_of(ex, 10, OOMKIT_RANK_BADNESS), 5000 - 900 * 16);
	oomkit_explain_free(ex);
	oomkit_event_free(ev);
	/* 5.8: at least 1 */
	assert_int_equal(oomkit__era_badness(&oomkit__badness_eras[6], 5000, -900, 16384, 0), 1);
}

/* 6.8: the rss split table */
static void test_6_8(void **state)
{
	const struct rep r = {
		"6.8.1",
		H_RSS_SPLIT,
		{ "[     10]  1000    10     9000     5000     4000     1000         0"
		  "    40960        8             0 w",
		  NULL },
		10
	};
	struct oomkit_event *ev = parse(&r);
	struct oomkit_explain *ex = explain(ev);

	(void)state;
	assert_era(ex, "6.8 and later");
	assert_int_equal(rank_of(ex, 10, OOMKIT_RANK_BADNESS), 5000 + 8 + 10);
	oomkit_explain_free(ex);
	oomkit_event_free(ev);
}

/* the table itself: rows in order, without gaps, each a release range */
static void test_table(void **state)
{
	size_t i;

	(void)state;
	assert_int_equal(oomkit__era_of_release(oomkit__release_num("2.6.35")), -1);
	for (i = 0; i < oomkit__badness_neras; i++) {
		const struct oomkit__badness_era *e = &oomkit__badness_eras[i];

		assert_true(e->first <= e->last);
		assert_int_equal(oomkit__era_of_release(e->first), (int)i);
		if (i + 1 < oomkit__badness_neras)
			assert_true(oomkit__badness_eras[i + 1].first > e->last);
	}
	assert_int_equal(oomkit__release_num("5.10.0-21-amd64"), OOMKIT__REL(5, 10, 0));
	assert_int_equal(oomkit__release_num("3.10.0-327.4.5.el7.x86_64"), OOMKIT__REL(3, 10, 0));
	assert_int_equal(oomkit__release_num("garbage"), -1);
	/* the kill line's score: permille points, then badness x 1000 / tp */
	assert_int_equal(oomkit__era_score(&oomkit__badness_eras[0], 488, 16384), 488);
	assert_int_equal(oomkit__era_score(&oomkit__badness_eras[1], 8000, 16384), 488);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),    cmocka_unit_test(test_2_6_36),
		cmocka_unit_test(test_3_5),      cmocka_unit_test(test_3_14),
		cmocka_unit_test(test_ties_4_x), cmocka_unit_test(test_4_17_5_3),
		cmocka_unit_test(test_5_9),      cmocka_unit_test(test_6_8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
