/*
 * badness.c - the kernel's oom_badness() and oom_score arithmetic, and the
 * eligibility rules, on one process record (pure: no I/O).
 * See docs/kernel.md §1 to §3 and mm/oom_kill.c (oom_badness), fs/proc/base.c
 * (proc_oom_score).
 */
#include <errno.h>
#include <limits.h>

#include "oomkit/domain.h"
#include "proc-private.h"

#define OOM_SCORE_ADJ_MIN (-1000)

long long oomkit_badness(long long rss_pages, long long swap_pages, long long pgtables_bytes,
			 long page_size, int adj, unsigned long long totalpages)
{
	long long points, term;

	if (page_size < 1)
		page_size = 1;
	/*
	 * The kernel's own values never come near the limits of long long;
	 * hostile arguments (this is public API) saturate instead of
	 * overflowing.
	 */
	if (__builtin_add_overflow(rss_pages, swap_pages, &points) ||
	    __builtin_add_overflow(points, pgtables_bytes / page_size, &points))
		points = rss_pages < 0 ? LLONG_MIN : LLONG_MAX;
	/* the kernel truncates totalpages/1000 before multiplying */
	if (totalpages / 1000 > (unsigned long long)LLONG_MAX ||
	    __builtin_mul_overflow((long long)adj, (long long)(totalpages / 1000), &term))
		term = adj < 0 ? LLONG_MIN : LLONG_MAX;
	if (adj == 0)
		term = 0;
	if (__builtin_add_overflow(points, term, &points))
		points = term < 0 ? LLONG_MIN : LLONG_MAX;
	return points;
}

/* get_mm_rss() from a record; an unread counter counts 0. Each is within
 * 0..OOMKIT__KB_MAX (proc.c): the sum cannot overflow. */
static long long mm_rss_kb(const struct oomkit_proc *p)
{
	return p->num[OOMKIT_PROC_RSS_ANON_KB] + p->num[OOMKIT_PROC_RSS_FILE_KB] +
	       p->num[OOMKIT_PROC_RSS_SHMEM_KB];
}

int oomkit_proc_badness(const struct oomkit_proc *p, long page_size, unsigned long long totalpages,
			long long *points)
{
	long long page_kb, rss;

	if (!p || page_size < 1024)
		return OOMKIT_INELIGIBLE_NO_MM;
	if (p->num[OOMKIT_PROC_KTHREAD])
		return OOMKIT_INELIGIBLE_KTHREAD;
	/* is_global_init(): pid 1 of a container's namespace can be chosen */
	if (p->num[OOMKIT_PROC_PID] == 1 && !p->num[OOMKIT_PROC_PIDNS_CHILD])
		return OOMKIT_INELIGIBLE_INIT;
	if (!p->num[OOMKIT_PROC_HAS_MM])
		return OOMKIT_INELIGIBLE_NO_MM;
	if (p->num[OOMKIT_PROC_OOM_SCORE_ADJ] == OOM_SCORE_ADJ_MIN)
		return OOMKIT_INELIGIBLE_ADJ_MIN;
	page_kb = page_size / 1024;
	/* status prints each MM counter as pages << (PAGE_SHIFT - 10) */
	/*
	 * The readers keep each kB value within 0..OOMKIT__KB_MAX and adj
	 * within -1000..1000 (see proc.c), so these sums cannot overflow;
	 * oomkit_badness() saturates for records built by other means.
	 */
	rss = mm_rss_kb(p) / page_kb;
	if (points)
		*points = oomkit_badness(rss, p->num[OOMKIT_PROC_SWAP_KB] / page_kb,
					 p->num[OOMKIT_PROC_PTE_KB] * 1024, page_size,
					 (int)p->num[OOMKIT_PROC_OOM_SCORE_ADJ], totalpages);
	return OOMKIT_ELIGIBLE;
}

long long oomkit_oom_score(long long points, int eligible, unsigned long long totalpages,
			   unsigned kver)
{
	long long tp = totalpages && totalpages <= LLONG_MAX ? (long long)totalpages : 1;
	long long s;

	if (!eligible)
		return 0;
	/* points beyond what any domain holds saturate (public API) */
	if (__builtin_mul_overflow(points, 1000LL, &s))
		s = points < 0 ? LLONG_MIN : LLONG_MAX;
	s /= tp;
	if (kver == 0 || kver >= OOMKIT_KVER(5, 9, 0)) {
		if (s > LLONG_MAX / 4)
			s = LLONG_MAX / 4;
		if (s < LLONG_MIN / 4)
			s = LLONG_MIN / 4;
		return (1000 + s) * 2 / 3;
	}
	/* 3.5 .. 5.8: unsigned badness, at least 1 for an eligible task */
	if (points < 1)
		return 1000 / tp;
	return s;
}

int oomkit_proc_mm_rss_kb(const struct oomkit_proc *p, long long *kb)
{
	long long anon, file, shmem;

	if (!p)
		return -EINVAL;
	if (oomkit_proc_get(p, OOMKIT_PROC_RSS_ANON_KB, &anon) < 0 ||
	    oomkit_proc_get(p, OOMKIT_PROC_RSS_FILE_KB, &file) < 0 ||
	    oomkit_proc_get(p, OOMKIT_PROC_RSS_SHMEM_KB, &shmem) < 0)
		/* before 4.5 status has no split: VmRSS is the same sum */
		return oomkit_proc_get(p, OOMKIT_PROC_RSS_KB, kb);
	if (kb)
		*kb = mm_rss_kb(p);
	return 0;
}

long long oomkit_proc_oom_score(const struct oomkit_proc *p, long page_size,
				unsigned long long totalpages, unsigned kver)
{
	long long points = 0;
	int reason = oomkit_proc_badness(p, page_size, totalpages, &points);

	return oomkit_oom_score(points, reason == OOMKIT_ELIGIBLE, totalpages, kver);
}
