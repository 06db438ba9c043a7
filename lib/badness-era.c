/*
 * badness-era.c - the kernel's oom_badness() and its scan, era by era: one
 * row per set of rules, in the shape of the report parser's shape table
 * (lib/report-kernel.c). Pure data and arithmetic. docs/kernel.md §2 and
 * §13 cite the function and release behind each row; test_badness_era.c
 * has a synthetic task table at each boundary.
 */
#include <limits.h>
#include <stdlib.h>

#include "badness-era-private.h"

/* clang-format off */
const struct oomkit__badness_era oomkit__badness_eras[] = {
	{ "2.6.36 - 3.4", OOMKIT__REL(2, 6, 36), OOMKIT__REL(3, 4, 999),
	  OOMKIT__UNIT_PERMILLE, OOMKIT__BONUS_30_PERMILLE, 1, OOMKIT__TIES_FIRST,
	  OOMKIT__WALK_THREADS, OOMKIT__TIES_FIRST, OOMKIT__WALK_THREADS,
	  "pid uid tgid total_vm rss cpu oom_adj oom_score_adj name",
	  "(rss + swap + page tables) x 1000 / totalpages, less 30 for "
	  "CAP_SYS_ADMIN, plus oom_score_adj, kept in 1..1000",
	  "mm/oom_kill.c:oom_badness() (a63d83f427fb; page tables from 2.6.39)",
	  "permille + adj, root -30, 1..1000" },
	{ "3.5 - 3.13", OOMKIT__REL(3, 5, 0), OOMKIT__REL(3, 13, 999),
	  OOMKIT__UNIT_PAGES, OOMKIT__BONUS_ADJ_30, 1, OOMKIT__TIES_FIRST,
	  OOMKIT__WALK_THREADS, OOMKIT__TIES_FIRST, OOMKIT__WALK_THREADS,
	  "pid uid tgid total_vm rss nr_ptes swapents oom_score_adj name (3.6+)",
	  "rss + swapents + nr_ptes + (oom_score_adj, less 30 for "
	  "CAP_SYS_ADMIN) x (totalpages / 1000), at least 1",
	  "mm/oom_kill.c:oom_badness() (a7f638f999ff)",
	  "pages + adj x tp/1000 (root: adj-30), >= 1" },
	{ "3.14 - 4.6", OOMKIT__REL(3, 14, 0), OOMKIT__REL(4, 6, 999),
	  OOMKIT__UNIT_PAGES, OOMKIT__BONUS_3_PERCENT, 1, OOMKIT__TIES_FIRST,
	  OOMKIT__WALK_THREADS, OOMKIT__TIES_FIRST, OOMKIT__WALK_THREADS,
	  "pid uid tgid total_vm rss nr_ptes [nr_pmds] swapents oom_score_adj name",
	  "rss + swapents + page tables, less 3 % for CAP_SYS_ADMIN, + "
	  "oom_score_adj x (totalpages / 1000), at least 1",
	  "mm/oom_kill.c:oom_badness() (778c14affaf9)",
	  "pages + adj x tp/1000, root -3 %, >= 1" },
	{ "4.7 - 4.8", OOMKIT__REL(4, 7, 0), OOMKIT__REL(4, 8, 999),
	  OOMKIT__UNIT_PAGES, OOMKIT__BONUS_3_PERCENT, 1, OOMKIT__TIES_LAST,
	  OOMKIT__WALK_PROCESSES, OOMKIT__TIES_FIRST, OOMKIT__WALK_THREADS,
	  "pid uid tgid total_vm rss nr_ptes nr_pmds swapents oom_score_adj name",
	  "rss + swapents + page tables, less 3 % for CAP_SYS_ADMIN, + "
	  "oom_score_adj x (totalpages / 1000), at least 1",
	  "mm/oom_kill.c:oom_badness(), select_bad_process()",
	  "pages + adj x tp/1000, root -3 %, >= 1" },
	{ "4.9 - 4.16", OOMKIT__REL(4, 9, 0), OOMKIT__REL(4, 16, 999),
	  OOMKIT__UNIT_PAGES, OOMKIT__BONUS_3_PERCENT, 1, OOMKIT__TIES_FIRST,
	  OOMKIT__WALK_PROCESSES, OOMKIT__TIES_FIRST, OOMKIT__WALK_THREADS,
	  "pid uid tgid total_vm rss nr_ptes nr_pmds swapents oom_score_adj name "
	  "(pgtables_bytes from 4.15)",
	  "rss + swapents + page tables, less 3 % for CAP_SYS_ADMIN, + "
	  "oom_score_adj x (totalpages / 1000), at least 1",
	  "mm/oom_kill.c:oom_badness(), oom_evaluate_task()",
	  "pages + adj x tp/1000, root -3 %, >= 1" },
	{ "4.17 - 5.2", OOMKIT__REL(4, 17, 0), OOMKIT__REL(5, 2, 999),
	  OOMKIT__UNIT_PAGES, OOMKIT__BONUS_NONE, 1, OOMKIT__TIES_FIRST,
	  OOMKIT__WALK_PROCESSES, OOMKIT__TIES_FIRST, OOMKIT__WALK_THREADS,
	  "pid uid tgid total_vm rss pgtables_bytes swapents oom_score_adj name",
	  "rss + swapents + pgtables_bytes / 4096 + oom_score_adj x "
	  "(totalpages / 1000), at least 1",
	  "mm/oom_kill.c:oom_badness() (d46078b28889)",
	  "pages + adj x tp/1000, >= 1" },
	{ "5.3 - 5.8", OOMKIT__REL(5, 3, 0), OOMKIT__REL(5, 8, 999),
	  OOMKIT__UNIT_PAGES, OOMKIT__BONUS_NONE, 1, OOMKIT__TIES_LAST,
	  OOMKIT__WALK_PROCESSES, OOMKIT__TIES_LAST, OOMKIT__WALK_PROCESSES,
	  "pid uid tgid total_vm rss pgtables_bytes swapents oom_score_adj name",
	  "rss + swapents + pgtables_bytes / 4096 + oom_score_adj x "
	  "(totalpages / 1000), at least 1",
	  "mm/oom_kill.c:oom_evaluate_task()",
	  "pages + adj x tp/1000, >= 1" },
	{ "5.9 - 6.7", OOMKIT__REL(5, 9, 0), OOMKIT__REL(6, 7, 999),
	  OOMKIT__UNIT_PAGES, OOMKIT__BONUS_NONE, 0, OOMKIT__TIES_LAST,
	  OOMKIT__WALK_PROCESSES, OOMKIT__TIES_LAST, OOMKIT__WALK_PROCESSES,
	  "pid uid tgid total_vm rss pgtables_bytes swapents oom_score_adj name",
	  "rss + swapents + pgtables_bytes / 4096 + oom_score_adj x "
	  "(totalpages / 1000), signed",
	  "mm/oom_kill.c:oom_badness() (9066e5cfb73c)",
	  "pages + adj x tp/1000, signed" },
	{ "6.8 and later", OOMKIT__REL(6, 8, 0), LLONG_MAX,
	  OOMKIT__UNIT_PAGES, OOMKIT__BONUS_NONE, 0, OOMKIT__TIES_LAST,
	  OOMKIT__WALK_PROCESSES, OOMKIT__TIES_LAST, OOMKIT__WALK_PROCESSES,
	  "pid uid tgid total_vm rss rss_anon rss_file rss_shmem pgtables_bytes "
	  "swapents oom_score_adj name",
	  "rss + swapents + pgtables_bytes / 4096 + oom_score_adj x "
	  "(totalpages / 1000), signed",
	  "mm/oom_kill.c:oom_badness(), dump_task()",
	  "pages + adj x tp/1000, signed" },
};
/* clang-format on */

const size_t oomkit__badness_neras = sizeof(oomkit__badness_eras) / sizeof(oomkit__badness_eras[0]);

long long oomkit__era_badness(const struct oomkit__badness_era *e, long long usage, long long adj,
			      long long totalpages, int cap)
{
	long long p = usage < 0 ? 0 : usage, unit = totalpages / 1000;

	if (e->unit == OOMKIT__UNIT_PERMILLE) {
		p = totalpages > 0 ? p * 1000 / totalpages : 0;
		if (cap && e->bonus == OOMKIT__BONUS_30_PERMILLE)
			p -= 30;
		p += adj;
		return p <= 0 ? 1 : p < 1000 ? p : 1000;
	}
	if (cap && e->bonus == OOMKIT__BONUS_ADJ_30)
		adj -= 30;
	if (cap && e->bonus == OOMKIT__BONUS_3_PERCENT)
		p -= p * 3 / 100;
	p += adj * unit;
	if (e->floor_one && p < 1)
		p = 1;
	return p;
}

long long oomkit__era_score(const struct oomkit__badness_era *e, long long points,
			    long long totalpages)
{
	if (e->unit == OOMKIT__UNIT_PERMILLE)
		return points;
	return totalpages > 0 && points > 0 ? points * 1000 / totalpages : 0;
}

long long oomkit__release_num(const char *v)
{
	long long part[3] = { 0, 0, 0 };
	int i;

	if (!v)
		return -1;
	for (i = 0; i < 3; i++) {
		char *e;

		if (*v < '0' || *v > '9')
			break;
		part[i] = strtol(v, &e, 10);
		if (part[i] > 999)
			return -1;
		v = e;
		if (*v != '.')
			break;
		v++;
	}
	if (i < 1 || part[0] < 2 || part[0] > 99)
		return -1;
	return OOMKIT__REL(part[0], part[1], part[2]);
}

int oomkit__era_of_release(long long rel)
{
	size_t i;

	for (i = 0; i < oomkit__badness_neras; i++)
		if (rel >= oomkit__badness_eras[i].first && rel <= oomkit__badness_eras[i].last)
			return (int)i;
	return -1;
}
