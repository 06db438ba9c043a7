/*
 * oomkit/domain.h - the kernel's victim selection, reproduced.
 *
 * An OOM domain is a set of processes the kernel scans together with one
 * totalpages: the host ("global": every process, totalpages = MemTotal +
 * SwapTotal) and every memory cgroup with a hard limit (its processes and
 * those of its descendants, totalpages = mem_cgroup_get_max()). A process
 * belongs to the host and to each limited memcg on its path.
 *
 * Badness follows mm/oom_kill.c oom_badness() of 5.9+ (see
 * docs/kernel.md §1):
 *	points = rss + swap + pgtables_bytes / PAGE_SIZE
 *	       + oom_score_adj * (totalpages / 1000)
 * in integer arithmetic, signed, with ineligible tasks left out.
 */
#ifndef OOMKIT_DOMAIN_H
#define OOMKIT_DOMAIN_H

#include <oomkit/common.h>
#include <oomkit/ctx.h>
#include <oomkit/proc.h>
#include <oomkit/sysmem.h>
#include <oomkit/memcg.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Why a process cannot be chosen (0: it can). */
enum oomkit_ineligible {
	OOMKIT_ELIGIBLE = 0,
	OOMKIT_INELIGIBLE_INIT,    /* pid 1 of the initial pid namespace */
	OOMKIT_INELIGIBLE_KTHREAD, /* kernel thread */
	OOMKIT_INELIGIBLE_NO_MM,   /* zombie or exiting: no mm */
	OOMKIT_INELIGIBLE_ADJ_MIN, /* oom_score_adj == -1000 */
};

/*
 * oomkit_badness - the kernel's oom_badness() arithmetic (pure).
 * @rss_pages:      MM_FILEPAGES + MM_ANONPAGES + MM_SHMEMPAGES
 * @swap_pages:     MM_SWAPENTS
 * @pgtables_bytes: mm_pgtables_bytes()
 * @page_size:      bytes per page
 * @adj:            oom_score_adj (-1000..1000; -1000 is not special here)
 * @totalpages:     the domain's totalpages
 * Returns the points, which may be negative.
 */
OOMKIT_EXPORT long long oomkit_badness(long long rss_pages, long long swap_pages,
				       long long pgtables_bytes, long page_size, int adj,
				       unsigned long long totalpages);

/*
 * oomkit_proc_mm_rss_kb - the resident memory oom_badness() counts for
 * the process of record @p, in KiB: get_mm_rss(), the sum of the
 * MM_ANONPAGES, MM_FILEPAGES and MM_SHMEMPAGES counters, as status prints
 * them (RssAnon + RssFile + RssShmem); before 4.5, which prints no split,
 * VmRSS (the same sum). A process without an mm has 0.
 * @kb: receives the value (may be NULL); left unchanged on error.
 * Returns 0; -ENODATA when status gave neither (a field out of range);
 * -EINVAL for a NULL @p.
 */
OOMKIT_EXPORT int oomkit_proc_mm_rss_kb(const struct oomkit_proc *p, long long *kb);

/*
 * oomkit_proc_badness - eligibility and badness of a process record.
 * @points: receives the points when eligible (may be NULL).
 * Returns an enum oomkit_ineligible value (0 when eligible).
 */
OOMKIT_EXPORT int oomkit_proc_badness(const struct oomkit_proc *p, long page_size,
				      unsigned long long totalpages, long long *points);

/*
 * oomkit_oom_score - what /proc/<pid>/oom_score prints for a task with
 * these @points (global totalpages), on kernel @kver (OOMKIT_KVER(); 0
 * for an unknown kernel, scored as 5.9+).
 * @eligible: 0 for a task the kernel cannot choose.
 * 5.9+: (1000 + points*1000/totalpages) * 2 / 3, 0 when ineligible;
 * 3.5-5.8: points (at least 1) * 1000 / totalpages.
 */
OOMKIT_EXPORT long long oomkit_oom_score(long long points, int eligible,
					 unsigned long long totalpages, unsigned kver);

/*
 * oomkit_proc_oom_score - what /proc/<pid>/oom_score prints for the
 * process of record @p (fs/proc/base.c proc_oom_score()): its
 * oom_badness() against @totalpages, the host's (the global domain's:
 * totalram_pages() + total_swap_pages), scaled as oomkit_oom_score() for
 * kernel @kver. A process the kernel cannot choose (oomkit_proc_badness()
 * gives a reason) scores 0.
 */
OOMKIT_EXPORT long long oomkit_proc_oom_score(const struct oomkit_proc *p, long page_size,
					      unsigned long long totalpages, unsigned kver);

struct oomkit_domains;
struct oomkit_domain;

enum oomkit_domain_kind {
	OOMKIT_DOMAIN_GLOBAL,
	OOMKIT_DOMAIN_MEMCG,
};

/*
 * oomkit_domains_rank - rank snapshots already read: pure, no I/O.
 * @tab:       the process table (must outlive the result).
 * @tree:      the memcg snapshot (must outlive the result), or NULL for
 *             the global domain only.
 * @mem:       the system memory state (only read during the call).
 * @page_size: bytes per page (oomkit_ctx_page_size()), at least 1024.
 * @flags:     OOMKIT_DOMAINS_* flags.
 * @out:       receives the set; free with oomkit_domains_free().
 *
 * The domains are the global one, then every memcg of @tree with a hard
 * limit, in @tree's pre-order. Ties are broken as the kernel does: the
 * last-scanned task wins. The global scan (for_each_process) visits
 * processes in fork order, approximated by start time (the records' start
 * times: read the table with OOMKIT_PROC_START; a record without one
 * counts as started at 0) and then pid; a memcg scan visits memcgs parent
 * first, then their tasks. The same input always gives the same ranking.
 * Returns the number of domains (>= 1), -EINVAL or -ENOMEM.
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_domains_rank(const struct oomkit_proc_table *tab,
						 const struct oomkit_memcg_tree *tree,
						 const struct oomkit_sysmem *mem, long page_size,
						 unsigned flags, struct oomkit_domains **out);

/*
 * oomkit_domains_build - find every OOM domain and rank its processes:
 * reads the memcg snapshot (oomkit_memcg_tree_read()) through @ctx, then
 * ranks as oomkit_domains_rank() with @ctx's page size.
 * @tab: the process table (must outlive the result; it is not changed).
 * @mem: the system memory state.
 * @flags: OOMKIT_DOMAINS_* flags.
 * @out: receives the set; free with oomkit_domains_free().
 *
 * When no memory controller is mounted only the global domain is built; a
 * memcg that vanishes while being read is no domain. When @tab was read
 * without OOMKIT_PROC_START, the start times that decide a tie for the
 * predicted victim or runner-up are read before ranking, each through a
 * pinned /proc/<pid> directory and only if that process is the one the
 * table read (not a newer one reusing the pid); otherwise 0.
 * Returns the number of domains (>= 1) or -errno.
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_domains_build(struct oomkit_ctx *ctx,
						  const struct oomkit_proc_table *tab,
						  const struct oomkit_sysmem *mem, unsigned flags,
						  struct oomkit_domains **out);

/* Flags for oomkit_domains_rank() and oomkit_domains_build(). */
enum oomkit_domains_flags {
	OOMKIT_DOMAINS_GLOBAL_ONLY = 1 << 0, /* skip memory cgroups */
};

/* oomkit_domains_free - release @set (not the table); NULL is accepted. */
OOMKIT_EXPORT void oomkit_domains_free(struct oomkit_domains *set);

/* oomkit_domains_count - number of domains; index 0 is the global one. */
OOMKIT_EXPORT size_t oomkit_domains_count(const struct oomkit_domains *set);

/* oomkit_domains_get - domain @i, owned by @set; NULL (ERANGE) past the end. */
OOMKIT_EXPORT const struct oomkit_domain *oomkit_domains_get(const struct oomkit_domains *set,
							     size_t i);

/*
 * oomkit_domains_find - the domain named @name ("global" or a memcg path,
 * exactly as oomkit_domain_name() gives it), owned by @set; NULL (errno
 * ENOENT) when there is none.
 */
OOMKIT_EXPORT const struct oomkit_domain *oomkit_domains_find(const struct oomkit_domains *set,
							      const char *name);

/* oomkit_domain_kind - global or memcg (GLOBAL for a NULL @d). */
OOMKIT_EXPORT enum oomkit_domain_kind oomkit_domain_kind(const struct oomkit_domain *d);

/* oomkit_domain_name - "global" or the memcg path; owned by the set. */
OOMKIT_EXPORT const char *oomkit_domain_name(const struct oomkit_domain *d);

/* oomkit_domain_memcg - the memcg state (owned by the memcg snapshot), or
 * NULL for the global domain. */
OOMKIT_EXPORT const struct oomkit_memcg *oomkit_domain_memcg(const struct oomkit_domain *d);

/* oomkit_domain_totalpages - the totalpages the kernel would use. */
OOMKIT_EXPORT unsigned long long oomkit_domain_totalpages(const struct oomkit_domain *d);

/* Numeric facts of a domain (oomkit_domain_get()). */
enum oomkit_domain_item {
	OOMKIT_DOMAIN_LIMIT_KB,  /* global: MemTotal + SwapTotal; memcg: its
				  * memory limit (v1: else memory+swap) */
	OOMKIT_DOMAIN_USAGE_KB,  /* global: MemTotal - MemAvailable (or
				  * MemFree) + swap used; memcg: usage */
	OOMKIT_DOMAIN_OOM_KILLS, /* OOM kills the domain's own counter
				  * shows: memory.events oom_kill (v2:
				  * processes of the cgroup and below
				  * killed by any OOM killer, global OOMs
				  * included) or memory.oom_control
				  * oom_kill (v1). The host has none of
				  * its own (-ENODATA): /proc/vmstat
				  * oom_kill (OOMKIT_MEM_VMSTAT_OOM_KILL)
				  * counts every OOM kill on the host,
				  * memcg kills included */
	OOMKIT_DOMAIN_OOMS,      /* times the memcg's limit invoked the
				  * OOM killer (v2 memory.events oom);
				  * -ENODATA for the host and on v1 */
};

/*
 * oomkit_domain_get - one fact of domain @d, in KiB or a count.
 * @val: receives the value (may be NULL); left unchanged on error.
 * Returns 0; -ENODATA when the kernel did not give it (no vmstat oom_kill
 * before 4.13, a memcg file that could not be read) or the domain has no
 * such count (the host's own OOM kills and OOMs); -EINVAL for a NULL @d
 * or an unknown item.
 */
OOMKIT_EXPORT int oomkit_domain_get(const struct oomkit_domain *d, enum oomkit_domain_item item,
				    long long *val);

/*
 * oomkit_domain_oom_group - the memcg killed whole with the predicted
 * victim: the highest memcg with memory.oom.group set between the victim's
 * memcg and the domain's (the root for the host), as
 * mem_cgroup_get_oom_group() picks it. Owned by the set; NULL when no
 * such memcg (or no victim, or cgroup v1).
 */
OOMKIT_EXPORT const char *oomkit_domain_oom_group(const struct oomkit_domain *d);

/*
 * oomkit_domain_group_count / _get - the processes the kernel would kill
 * with the victim because of oomkit_domain_oom_group() (the victim among
 * them): every process in that memcg and below except those with
 * oom_score_adj -1000 and init. 0 / NULL (errno ERANGE) without a group.
 * Records are owned by the process table.
 */
OOMKIT_EXPORT size_t oomkit_domain_group_count(const struct oomkit_domain *d);
OOMKIT_EXPORT const struct oomkit_proc *oomkit_domain_group_get(const struct oomkit_domain *d,
								size_t i);

/*
 * oomkit_domains_memcgs - the memcg snapshot the set was ranked over
 * (every memcg, those without a limit too, e.g. to list memcgs with only
 * memory.high), owned by the set or by the caller of
 * oomkit_domains_rank(); NULL when only the host was ranked.
 */
OOMKIT_EXPORT const struct oomkit_memcg_tree *
oomkit_domains_memcgs(const struct oomkit_domains *set);

/* oomkit_domain_members - processes in the domain, eligible or not. */
OOMKIT_EXPORT size_t oomkit_domain_members(const struct oomkit_domain *d);

/* oomkit_domain_ranked - number of eligible processes in the ranking. */
OOMKIT_EXPORT size_t oomkit_domain_ranked(const struct oomkit_domain *d);

/*
 * oomkit_domain_rank - the process at rank @i (0 = predicted victim).
 * @points: receives its badness in this domain (may be NULL).
 * Returns a record owned by the process table, or NULL past the end.
 */
OOMKIT_EXPORT const struct oomkit_proc *oomkit_domain_rank(const struct oomkit_domain *d, size_t i,
							   long long *points);

/*
 * oomkit_domain_badness_of - badness of process @pid in this domain.
 * Returns 0 and sets *points; OOMKIT_INELIGIBLE_* (> 0) when the process
 * is a member but cannot be chosen; -ENOENT when it is not a member.
 */
OOMKIT_EXPORT int oomkit_domain_badness_of(const struct oomkit_domain *d, pid_t pid,
					   long long *points);

#ifdef __cplusplus
}
#endif
#endif
