/*
 * badness-era-private.h - the kernel's oom_badness() rules by era, one table
 * (lib/badness-era.c), used to rebuild a report's ranking (lib/explain.c).
 * docs/kernel.md §2 and §13 give the functions and versions behind each row.
 */
#ifndef OOMKIT_BADNESS_ERA_PRIVATE_H
#define OOMKIT_BADNESS_ERA_PRIVATE_H

#include "util-private.h"

/* a kernel release as a number: 2.6.36 is 2006036, 5.9 is 5009000 */
#define OOMKIT__REL(a, b, c) ((a)*1000000LL + (b)*1000LL + (c))

enum oomkit__unit {
	OOMKIT__UNIT_PERMILLE, /* points in 0..1000 of totalpages */
	OOMKIT__UNIT_PAGES,    /* points in pages; adj scaled by totalpages/1000 */
};

/* the bonus for CAP_SYS_ADMIN tasks (not logged: uid 0 is the proxy) */
enum oomkit__bonus {
	OOMKIT__BONUS_NONE,
	OOMKIT__BONUS_30_PERMILLE, /* points -= 30, before adj */
	OOMKIT__BONUS_ADJ_30,      /* adj -= 30, then scaled */
	OOMKIT__BONUS_3_PERCENT,   /* points -= points * 3 / 100 */
};

enum oomkit__ties {
	OOMKIT__TIES_FIRST, /* of equal points the first scanned is kept */
	OOMKIT__TIES_LAST,  /* of equal points the last scanned wins */
};

enum oomkit__walk {
	OOMKIT__WALK_THREADS,   /* the scan visits every thread */
	OOMKIT__WALK_PROCESSES, /* one task per thread group */
};

struct oomkit__badness_era {
	const char *name; /* "2.6.36 - 3.7" */
	long long first;  /* OOMKIT__REL() of the first release */
	long long last;   /* and of the last one (LLONG_MAX: today) */
	int unit;         /* enum oomkit__unit */
	int bonus;        /* enum oomkit__bonus */
	int floor_one;    /* 1: an eligible task scores at least 1 */
	int ties;         /* enum oomkit__ties (global OOM) */
	int walk;         /* enum oomkit__walk (global scan) */
	int ties_memcg;   /* the same for a memcg OOM's scan */
	int walk_memcg;
	const char *columns; /* the task table header's names, in order */
	const char *formula; /* in words, for the explanation */
	const char *printer; /* where the rule lives */
	const char *brief;   /* the formula in a few words */
};

OOMKIT_HIDDEN extern const struct oomkit__badness_era oomkit__badness_eras[];
OOMKIT_HIDDEN extern const size_t oomkit__badness_neras;

/*
 * Points of one task by era @e: @usage (rss + swap + page tables, pages),
 * @adj, @totalpages, @cap (1: the task held CAP_SYS_ADMIN). No clamp for
 * eligibility: the caller skips adj -1000 tasks.
 */
OOMKIT_HIDDEN long long oomkit__era_badness(const struct oomkit__badness_era *e, long long usage,
					    long long adj, long long totalpages, int cap);

/*
 * The kill line's "score" (3.8 - 5.0: chosen_points * 1000 / totalpages,
 * truncated; 2.6.36 - 3.7: the points themselves) for @points at
 * @totalpages.
 */
OOMKIT_HIDDEN long long oomkit__era_score(const struct oomkit__badness_era *e, long long points,
					  long long totalpages);

/* "5.10.0-21-amd64" -> OOMKIT__REL(5, 10, 0); -1 when not a release */
OOMKIT_HIDDEN long long oomkit__release_num(const char *v);

/* index of the era holding release @rel, or -1 */
OOMKIT_HIDDEN int oomkit__era_of_release(long long rel);

#endif
