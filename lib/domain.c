/*
 * domain.c - the kernel's victim selection reproduced: OOM domains, badness
 * per domain, ranking, predicted victim and runner-up.
 * See docs/kernel.md §1, §5 and §6, and mm/oom_kill.c (oom_evaluate_task).
 *
 * The ranking (oomkit_domains_rank) is pure: it works on snapshots read
 * before (the process table, a memcg tree, the system memory) and does no
 * I/O. oomkit_domains_build() is the reading wrapper: it takes the memcg
 * snapshot, ranks, and reads the start times that order tied tasks (see
 * read_tie_starts) before the ties are resolved, never while sorting.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "oomkit/domain.h"
#include "ctx-private.h"
#include "proc-private.h"

/* 32 bytes, as small as before the start times moved in: sorted by value */
struct entry {
	const struct oomkit_proc *p;
	long long points;
	unsigned long long start; /* start time in ticks, 0 when unknown */
	int scan_group;           /* memcg pre-order index (0 for global) */
	int reason;               /* enum oomkit_ineligible */
};

struct oomkit_domain {
	enum oomkit_domain_kind kind;
	char *name;
	const struct oomkit_memcg *cg; /* in the memcg snapshot */
	unsigned long long totalpages;
	long long limit_kb, usage_kb, kills, ooms; /* -1: unknown */
	struct entry *e;
	size_t n, nranked;
	const char *group;             /* memory.oom.group memcg of the victim */
	const struct oomkit_proc **gm; /* the processes killed with it */
	size_t ngm;
};

struct oomkit_domains {
	struct oomkit_domain *d;
	size_t n;
	struct oomkit_memcg_tree *tree;       /* owned when built by oomkit_domains_build */
	const struct oomkit_memcg_tree *view; /* the memcgs ranked (owned or not) */
};

/* Highest points first; among equal points the task the kernel scans
 * last wins (oom_evaluate_task only skips tasks with *lower* points).
 * This order uses the memcg scan group and then the pid as the scan
 * order; cmp_tied() refines it with start times where it matters. */
static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->reason != y->reason) /* eligible (0) before the rest */
		return x->reason < y->reason ? -1 : 1;
	if (x->reason)
		return x->p->num[OOMKIT_PROC_PID] < y->p->num[OOMKIT_PROC_PID] ? -1 : 1;
	if (x->points != y->points)
		return x->points > y->points ? -1 : 1;
	if (x->scan_group != y->scan_group)
		return x->scan_group > y->scan_group ? -1 : 1;
	if (x->p->num[OOMKIT_PROC_PID] != y->p->num[OOMKIT_PROC_PID])
		return x->p->num[OOMKIT_PROC_PID] > y->p->num[OOMKIT_PROC_PID] ? -1 : 1;
	return 0;
}

/* Among tasks with equal points: for_each_process() walks the task list in
 * fork order, which start time follows better than the pid (pids wrap).
 * Pure: the start times were read before sorting. */
static int cmp_tied(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->scan_group != y->scan_group)
		return x->scan_group > y->scan_group ? -1 : 1;
	if (x->start != y->start)
		return x->start > y->start ? -1 : 1;
	return cmp_entry(a, b);
}

/* The end of the run of equal points that starts at @i. */
static size_t run_end(const struct oomkit_domain *d, size_t i)
{
	size_t j = i + 1;

	while (j < d->nranked && d->e[j].points == d->e[i].points)
		j++;
	return j;
}

/*
 * The entries whose order start times decide: the run of equal points
 * holding the victim and, when the victim is alone, the run holding the
 * runner-up. Only these are worth the stat reads. Returns the end of that
 * span (0 when nothing is tied) and sets *first to its start.
 */
static size_t tie_span(const struct oomkit_domain *d, size_t *first)
{
	size_t j;

	*first = 0;
	if (d->nranked == 0)
		return 0;
	j = run_end(d, 0);
	if (j > 1)
		return j;
	*first = 1;
	j = d->nranked > 1 ? run_end(d, 1) : 1;
	return j > 2 ? j : 0;
}

static void resolve_ties(struct oomkit_domain *d)
{
	size_t i, j = tie_span(d, &i);

	if (j > i + 1)
		qsort(&d->e[i], j - i, sizeof(*d->e), cmp_tied);
}

static void domain_release(struct oomkit_domain *d)
{
	free(d->name);
	free(d->e);
	free(d->gm);
}

void oomkit_domains_free(struct oomkit_domains *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->n; i++)
		domain_release(&set->d[i]);
	free(set->d);
	oomkit_memcg_tree_free(set->tree);
	free(set);
}

struct path_idx {
	const char *path;
	int idx;
};

static int cmp_path(const void *a, const void *b)
{
	return strcmp(((const struct path_idx *)a)->path, ((const struct path_idx *)b)->path);
}

/* Collect @d's members from @tab (all of them, or those in @memcg and
 * below), with their eligibility and badness, in cmp_entry order. */
static int fill_domain(struct oomkit_domain *d, const struct oomkit_proc_table *tab, long ps,
		       const char *memcg, const struct path_idx *order, size_t norder)
{
	size_t i, n = oomkit_proc_table_count(tab);

	d->e = calloc(n ? n : 1, sizeof(*d->e));
	if (!d->e)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		const struct oomkit_proc *p = oomkit_proc_table_get(tab, i);
		struct entry *e;

		if (memcg && !oomkit_memcg_path_within(p->memcg, memcg))
			continue;
		e = &d->e[d->n++];
		e->p = p;
		e->reason = oomkit_proc_badness(p, ps, d->totalpages, &e->points);
		if (e->reason == OOMKIT_ELIGIBLE)
			d->nranked++;
		if (p->start_read)
			e->start = (unsigned long long)p->num[OOMKIT_PROC_START_TICKS];
		if (memcg && order) {
			struct path_idx key = { p->memcg, 0 };
			const struct path_idx *hit =
				bsearch(&key, order, norder, sizeof(*order), cmp_path);

			e->scan_group = hit ? hit->idx : 0;
		}
	}
	qsort(d->e, d->n, sizeof(*d->e), cmp_entry);
	return 0;
}

/* A new domain at the end of @set, zeroed; NULL when out of memory. */
static struct oomkit_domain *add_domain(struct oomkit_domains *set)
{
	struct oomkit_domain *nd = realloc(set->d, (set->n + 1) * sizeof(*nd));

	if (!nd)
		return NULL;
	set->d = nd;
	memset(&nd[set->n], 0, sizeof(*nd));
	return &nd[set->n++];
}

/* The host: every process, totalpages = MemTotal + SwapTotal. */
static int add_global(struct oomkit_domains *set, const struct oomkit_proc_table *tab,
		      const struct oomkit_sysmem *mem, long ps)
{
	struct oomkit_domain *g = add_domain(set);
	long long v = 0, swap_total = 0, avail, swfree;

	if (!g)
		return -ENOMEM;
	g->kind = OOMKIT_DOMAIN_GLOBAL;
	g->name = strdup("global");
	g->totalpages = oomkit_sysmem_totalpages(mem, ps);
	oomkit_sysmem_get(mem, OOMKIT_MEM_SWAP_TOTAL_KB, &swap_total);
	oomkit_sysmem_get(mem, OOMKIT_MEM_TOTAL_KB, &v);
	g->limit_kb = v + swap_total;
	swfree = swap_total;
	if (oomkit_sysmem_get(mem, OOMKIT_MEM_AVAILABLE_KB, &avail) < 0)
		oomkit_sysmem_get(mem, OOMKIT_MEM_FREE_KB, &avail);
	oomkit_sysmem_get(mem, OOMKIT_MEM_SWAP_FREE_KB, &swfree);
	g->usage_kb = v - avail + (swap_total - swfree);
	/* the kernel counts no global OOM kills apart: vmstat oom_kill is
	 * every kill on the host, memcg kills included (docs/kernel.md §5) */
	g->kills = -1;
	g->ooms = -1;
	if (!g->name)
		return -ENOMEM;
	return fill_domain(g, tab, ps, NULL, NULL, 0);
}

/* Every memcg of @tree with a hard limit, in pre-order (the scan order). */
static int add_memcgs(struct oomkit_domains *set, const struct oomkit_proc_table *tab,
		      const struct oomkit_memcg_tree *tree, const struct oomkit_sysmem *mem,
		      long ps)
{
	size_t i, n = oomkit_memcg_tree_count(tree);
	struct path_idx *order;
	long long v, swap_total = 0;
	int rc = 0;

	if (n == 0)
		return 0;
	oomkit_sysmem_get(mem, OOMKIT_MEM_SWAP_TOTAL_KB, &swap_total);
	order = calloc(n, sizeof(*order));
	if (!order)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		order[i].path = oomkit_memcg_path(oomkit_memcg_tree_get(tree, i));
		order[i].idx = (int)i; /* pre-order: the scan order */
	}
	qsort(order, n, sizeof(*order), cmp_path);
	for (i = 0; i < n && rc == 0; i++) {
		const struct oomkit_memcg *cg = oomkit_memcg_tree_get(tree, i);
		struct oomkit_domain *d;

		if (!oomkit_memcg_has_limit(cg))
			continue;
		d = add_domain(set);
		if (!d) {
			rc = -ENOMEM;
			break;
		}
		d->kind = OOMKIT_DOMAIN_MEMCG;
		d->cg = cg;
		d->name = strdup(oomkit_memcg_path(cg));
		d->totalpages = oomkit_memcg_totalpages(
			cg, ps, (unsigned long long)swap_total / (unsigned long long)(ps / 1024));
		d->limit_kb = -1;
		if (oomkit_memcg_get(cg, OOMKIT_MEMCG_LIMIT, &v) == 0 && v != OOMKIT_UNLIMITED)
			d->limit_kb = v / 1024;
		else if (oomkit_memcg_get(cg, OOMKIT_MEMCG_MEMSW_LIMIT, &v) == 0)
			d->limit_kb = v / 1024;
		d->usage_kb = oomkit_memcg_get(cg, OOMKIT_MEMCG_USAGE, &v) == 0 ? v / 1024 : -1;
		d->kills = oomkit_memcg_get(cg, OOMKIT_MEMCG_EV_OOM_KILL, &v) == 0 ? v : -1;
		d->ooms = oomkit_memcg_get(cg, OOMKIT_MEMCG_EV_OOM, &v) == 0 ? v : -1;
		rc = d->name ? fill_domain(d, tab, ps, d->name, order, n) : -ENOMEM;
	}
	free(order);
	return rc;
}

/* Every domain with its members in cmp_entry order, ties not resolved. */
static int rank_sorted(const struct oomkit_proc_table *tab, const struct oomkit_memcg_tree *tree,
		       const struct oomkit_sysmem *mem, long page_size, unsigned flags,
		       struct oomkit_domains **out)
{
	struct oomkit_domains *set;
	int rc;

	if (out)
		*out = NULL;
	if (!tab || !mem || !out || page_size < 1024)
		return -EINVAL;
	set = calloc(1, sizeof(*set));
	if (!set)
		return -ENOMEM;
	set->view = tree;
	rc = add_global(set, tab, mem, page_size);
	if (rc == 0 && !(flags & OOMKIT_DOMAINS_GLOBAL_ONLY))
		rc = add_memcgs(set, tab, tree, mem, page_size);
	if (rc < 0) {
		oomkit_domains_free(set);
		return rc;
	}
	*out = set;
	return (int)set->n;
}

static const struct oomkit_memcg *tree_find(const struct oomkit_memcg_tree *tree, const char *path)
{
	size_t i, n = oomkit_memcg_tree_count(tree);

	for (i = 0; i < n; i++) {
		const struct oomkit_memcg *cg = oomkit_memcg_tree_get(tree, i);

		if (strcmp(oomkit_memcg_path(cg), path) == 0)
			return cg;
	}
	return NULL;
}

/*
 * The victim's memory.oom.group (mm/memcontrol.c
 * mem_cgroup_get_oom_group()): from the victim's memcg up to the domain's
 * (the root for the host), the highest memcg with memory.oom.group set;
 * every process in it is killed with the victim, except those with
 * oom_score_adj -1000 and init (oom_kill_memcg_member()). See
 * docs/kernel.md §1.
 */
static int find_group(struct oomkit_domain *d, const struct oomkit_proc_table *tab,
		      const struct oomkit_memcg_tree *tree)
{
	const char *top = d->kind == OOMKIT_DOMAIN_GLOBAL ? "/" : d->name;
	const struct oomkit_memcg *cg;
	char *path;
	size_t len, i, n;
	long long v;

	if (!d->nranked || !tree || !*d->e[0].p->memcg)
		return 0;
	path = strdup(d->e[0].p->memcg);
	if (!path)
		return -ENOMEM;
	/* walk up: the victim's memcg, its parent, ... to @top, keeping the
	 * highest with oom.group */
	for (len = strlen(path);;) {
		const char *cur;

		path[len] = '\0';
		cur = len ? path : "/";
		if (!oomkit_memcg_path_within(cur, top))
			break;
		cg = tree_find(tree, cur);
		if (cg && oomkit_memcg_get(cg, OOMKIT_MEMCG_OOM_GROUP, &v) == 0 && v > 0)
			d->group = oomkit_memcg_path(cg);
		if (!len || strcmp(cur, top) == 0)
			break;
		while (len > 0 && path[len] != '/')
			len--;
	}
	free(path);
	if (!d->group)
		return 0;
	n = oomkit_proc_table_count(tab);
	d->gm = calloc(n ? n : 1, sizeof(*d->gm));
	if (!d->gm)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		const struct oomkit_proc *p = oomkit_proc_table_get(tab, i);

		/* init and adj -1000 are spared; a process without an mm
		 * (exiting, zombie) has nothing to kill */
		if (!oomkit_memcg_path_within(p->memcg, d->group) ||
		    oomkit_proc_badness(p, 4096, 1, NULL) != OOMKIT_ELIGIBLE)
			continue;
		d->gm[d->ngm++] = p;
	}
	return 0;
}

/* Resolve ties and find the group kills of every domain of @set. */
static int finish(struct oomkit_domains *set, const struct oomkit_proc_table *tab)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < set->n && rc == 0; i++) {
		resolve_ties(&set->d[i]);
		rc = find_group(&set->d[i], tab, set->view);
	}
	return rc;
}

int oomkit_domains_rank(const struct oomkit_proc_table *tab, const struct oomkit_memcg_tree *tree,
			const struct oomkit_sysmem *mem, long page_size, unsigned flags,
			struct oomkit_domains **out)
{
	int rc = rank_sorted(tab, tree, mem, page_size, flags, out);
	int frc = rc > 0 ? finish(*out, tab) : 0;

	if (frc < 0) {
		oomkit_domains_free(*out);
		*out = NULL;
		return frc;
	}
	return rc;
}

/*
 * Give the tied entries of every domain their start time when the table
 * was read without one (oomkit_proc_table_read() without
 * OOMKIT_PROC_START, as oomtop does: stat for every process costs about a
 * quarter more). Each process is read at most once, through a pinned
 * directory fd (oomkit_proc_start); one that is gone keeps 0.
 */
static int read_tie_starts(struct oomkit_ctx *ctx, const struct oomkit_proc_table *tab,
			   struct oomkit_domains *set)
{
	enum { UNREAD, KNOWN, FAILED };
	unsigned long long *start = NULL;
	unsigned char *state = NULL;
	size_t i, k, first, end;

	for (i = 0; i < set->n; i++) {
		struct oomkit_domain *d = &set->d[i];

		end = tie_span(d, &first);
		for (k = first; k < end; k++) {
			struct entry *e = &d->e[k];
			size_t at;

			if (e->p->start_read)
				continue;
			if (!state) {
				size_t n = oomkit_proc_table_count(tab);

				start = calloc(n, sizeof(*start));
				state = calloc(n, sizeof(*state));
				if (!start || !state) {
					free(start);
					free(state);
					return -ENOMEM;
				}
			}
			at = oomkit__proc_table_index(tab, e->p);
			if (state[at] == UNREAD)
				state[at] = oomkit_proc_start(ctx, e->p, &start[at]) == 0 ? KNOWN :
											    FAILED;
			e->start = state[at] == KNOWN ? start[at] : 0;
		}
	}
	free(start);
	free(state);
	return 0;
}

int oomkit_domains_build(struct oomkit_ctx *ctx, const struct oomkit_proc_table *tab,
			 const struct oomkit_sysmem *mem, unsigned flags,
			 struct oomkit_domains **out)
{
	struct oomkit_memcg_tree *tree = NULL;
	struct oomkit_domains *set;
	int rc;

	if (!ctx || !tab || !mem || !out)
		return -EINVAL;
	*out = NULL;
	/* no memory controller, or none readable: only the host */
	if (!(flags & OOMKIT_DOMAINS_GLOBAL_ONLY) && oomkit_memcg_tree_read(ctx, &tree) < 0)
		tree = NULL;
	rc = rank_sorted(tab, tree, mem, oomkit_ctx_page_size(ctx), flags, &set);
	if (rc < 0) {
		oomkit_memcg_tree_free(tree);
		return rc;
	}
	set->tree = tree;
	rc = read_tie_starts(ctx, tab, set);
	if (rc < 0) {
		oomkit_domains_free(set);
		return rc;
	}
	rc = finish(set, tab);
	if (rc < 0) {
		oomkit_domains_free(set);
		return rc;
	}
	*out = set;
	return (int)set->n;
}

size_t oomkit_domains_count(const struct oomkit_domains *set)
{
	return set ? set->n : 0;
}

const struct oomkit_domain *oomkit_domains_get(const struct oomkit_domains *set, size_t i)
{
	if (!set || i >= set->n) {
		errno = ERANGE;
		return NULL;
	}
	return &set->d[i];
}

const struct oomkit_domain *oomkit_domains_find(const struct oomkit_domains *set, const char *name)
{
	size_t i;

	for (i = 0; set && name && i < set->n; i++)
		if (strcmp(set->d[i].name, name) == 0)
			return &set->d[i];
	errno = ENOENT;
	return NULL;
}

enum oomkit_domain_kind oomkit_domain_kind(const struct oomkit_domain *d)
{
	return d ? d->kind : OOMKIT_DOMAIN_GLOBAL;
}

const char *oomkit_domain_name(const struct oomkit_domain *d)
{
	return d ? d->name : NULL;
}

const struct oomkit_memcg *oomkit_domain_memcg(const struct oomkit_domain *d)
{
	return d ? d->cg : NULL;
}

unsigned long long oomkit_domain_totalpages(const struct oomkit_domain *d)
{
	return d ? d->totalpages : 0;
}

int oomkit_domain_get(const struct oomkit_domain *d, enum oomkit_domain_item item, long long *val)
{
	long long v;

	if (!d)
		return -EINVAL;
	switch (item) {
	case OOMKIT_DOMAIN_LIMIT_KB:
		v = d->limit_kb;
		break;
	case OOMKIT_DOMAIN_USAGE_KB:
		v = d->usage_kb;
		break;
	case OOMKIT_DOMAIN_OOM_KILLS:
		v = d->kills;
		break;
	case OOMKIT_DOMAIN_OOMS:
		v = d->ooms;
		break;
	default:
		return -EINVAL;
	}
	if (v < 0) /* none of them is negative: -1 marks unknown here */
		return -ENODATA;
	if (val)
		*val = v;
	return 0;
}

const char *oomkit_domain_oom_group(const struct oomkit_domain *d)
{
	return d ? d->group : NULL;
}

size_t oomkit_domain_group_count(const struct oomkit_domain *d)
{
	return d ? d->ngm : 0;
}

const struct oomkit_proc *oomkit_domain_group_get(const struct oomkit_domain *d, size_t i)
{
	if (!d || i >= d->ngm) {
		errno = ERANGE;
		return NULL;
	}
	return d->gm[i];
}

const struct oomkit_memcg_tree *oomkit_domains_memcgs(const struct oomkit_domains *set)
{
	return set ? set->view : NULL;
}

size_t oomkit_domain_members(const struct oomkit_domain *d)
{
	return d ? d->n : 0;
}

size_t oomkit_domain_ranked(const struct oomkit_domain *d)
{
	return d ? d->nranked : 0;
}

const struct oomkit_proc *oomkit_domain_rank(const struct oomkit_domain *d, size_t i,
					     long long *points)
{
	if (!d || i >= d->nranked) {
		errno = ERANGE;
		return NULL;
	}
	if (points)
		*points = d->e[i].points;
	return d->e[i].p;
}

int oomkit_domain_badness_of(const struct oomkit_domain *d, pid_t pid, long long *points)
{
	size_t i;

	for (i = 0; d && i < d->n; i++) {
		if (d->e[i].p->num[OOMKIT_PROC_PID] != pid)
			continue;
		if (d->e[i].reason)
			return d->e[i].reason;
		if (points)
			*points = d->e[i].points;
		return 0;
	}
	return -ENOENT;
}
