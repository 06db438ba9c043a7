/*
 * domain.c - the kernel's victim selection reproduced: eligibility,
 * badness per OOM domain, ranking, predicted victim and runner-up.
 * See kernel-oom.md §1 and mm/oom_kill.c (oom_badness, oom_evaluate_task).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "oomkit/domain.h"
#include "ctx-private.h"
#include "proc-private.h"

struct entry {
	struct oomkit_proc *p;
	long long points;
	int reason;		/* enum oomkit_ineligible */
	long long scan_group;	/* memcg pre-order index (0 for global) */
};

struct oomkit_domain {
	enum oomkit_domain_kind kind;
	char *name;
	struct oomkit_memcg *cg;
	unsigned long long totalpages;
	long long limit_kb, usage_kb, kills;
	struct entry *e;
	size_t n, nranked;
};

struct oomkit_domains {
	struct oomkit_domain *d;
	size_t n;
};

struct sort_ctx {
	struct oomkit_ctx *ctx;
};

/* Highest points first; among equal points the task the kernel scans
 * last wins (oom_evaluate_task only skips tasks with *lower* points).
 * This order uses the memcg scan group and then the pid as the scan
 * order; cmp_tied() refines it with start times where it matters. */
static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->reason != y->reason)	/* eligible (0) before the rest */
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
 * fork order, which start time follows better than the pid (pids wrap). */
static int cmp_tied(const void *a, const void *b, void *arg)
{
	const struct entry *x = a, *y = b;
	struct sort_ctx *sc = arg;
	unsigned long long sx, sy;

	if (x->scan_group != y->scan_group)
		return x->scan_group > y->scan_group ? -1 : 1;
	sx = oomkit__proc_start(sc->ctx, x->p);
	sy = oomkit__proc_start(sc->ctx, y->p);
	if (sx != sy)
		return sx > sy ? -1 : 1;
	return cmp_entry(a, b);
}

/* Re-order the run of equal points that starts at @i by start time; only
 * the runs holding the victim and the runner-up are worth the stat reads. */
static size_t resolve_tie(struct oomkit_domain *d, size_t i, struct sort_ctx *sc)
{
	size_t j = i + 1;

	while (j < d->nranked && d->e[j].points == d->e[i].points)
		j++;
	if (j - i > 1)
		qsort_r(&d->e[i], j - i, sizeof(*d->e), cmp_tied, sc);
	return j;
}

static void domain_release(struct oomkit_domain *d)
{
	free(d->name);
	oomkit_memcg_free(d->cg);
	free(d->e);
}

void oomkit_domains_free(struct oomkit_domains *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->n; i++)
		domain_release(&set->d[i]);
	free(set->d);
	free(set);
}

/* Is memcg path @m equal to or below @dom? */
static int memcg_within(const char *m, const char *dom)
{
	size_t l = strlen(dom);

	if (strcmp(dom, "/") == 0)
		return 1;
	return strncmp(m, dom, l) == 0 && (m[l] == '\0' || m[l] == '/');
}

struct path_idx {
	const char *path;
	long long idx;
};

static int cmp_path(const void *a, const void *b)
{
	return strcmp(((const struct path_idx *)a)->path,
		      ((const struct path_idx *)b)->path);
}

static int fill_domain(struct oomkit_ctx *ctx, struct oomkit_domain *d,
		       const struct oomkit_proc_table *tab, const char *memcg,
		       const struct path_idx *order, size_t norder)
{
	size_t i, n = oomkit_proc_table_count(tab);
	long ps = oomkit_ctx_page_size(ctx);
	struct sort_ctx sc = { ctx };

	d->e = calloc(n ? n : 1, sizeof(*d->e));
	if (!d->e)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct oomkit_proc *p = (struct oomkit_proc *)oomkit_proc_table_get(tab, i);
		struct entry *e;

		if (memcg && (!p->memcg || !memcg_within(p->memcg, memcg)))
			continue;
		e = &d->e[d->n++];
		e->p = p;
		e->reason = oomkit_proc_badness(p, ps, d->totalpages, &e->points);
		if (e->reason == OOMKIT_ELIGIBLE)
			d->nranked++;
		if (memcg && order) {
			struct path_idx key = { p->memcg, 0 };
			const struct path_idx *hit = bsearch(&key, order, norder,
							     sizeof(*order), cmp_path);

			e->scan_group = hit ? hit->idx : 0;
		}
	}
	qsort(d->e, d->n, sizeof(*d->e), cmp_entry);
	if (d->nranked > 0 && resolve_tie(d, 0, &sc) == 1)
		resolve_tie(d, 1, &sc);
	return 0;
}

int oomkit_domains_build(struct oomkit_ctx *ctx, const struct oomkit_proc_table *tab,
			 const struct oomkit_sysmem *mem, unsigned flags,
			 struct oomkit_domains **out)
{
	struct oomkit_domains *set;
	struct oomkit_domain *g;
	struct path_idx *order = NULL;
	char **paths = NULL;
	long ps = oomkit_ctx_page_size(ctx);
	long long v, swap_total = 0;
	int npaths = 0, rc;
	size_t i;

	if (!ctx || !tab || !mem || !out)
		return -EINVAL;
	*out = NULL;
	set = calloc(1, sizeof(*set));
	if (!set)
		return -ENOMEM;
	set->d = calloc(1, sizeof(*set->d));
	if (!set->d) {
		free(set);
		return -ENOMEM;
	}
	set->n = 1;
	g = &set->d[0];
	g->kind = OOMKIT_DOMAIN_GLOBAL;
	g->name = strdup("global");
	g->totalpages = oomkit_sysmem_totalpages(mem, ps);
	oomkit_sysmem_get(mem, OOMKIT_MEM_SWAP_TOTAL_KB, &swap_total);
	oomkit_sysmem_get(mem, OOMKIT_MEM_TOTAL_KB, &v);
	g->limit_kb = v + swap_total;
	{
		long long avail, swfree = swap_total;

		if (oomkit_sysmem_get(mem, OOMKIT_MEM_AVAILABLE_KB, &avail) < 0)
			oomkit_sysmem_get(mem, OOMKIT_MEM_FREE_KB, &avail);
		oomkit_sysmem_get(mem, OOMKIT_MEM_SWAP_FREE_KB, &swfree);
		g->usage_kb = v - avail + (swap_total - swfree);
	}
	g->kills = -1;
	oomkit_sysmem_get(mem, OOMKIT_MEM_VMSTAT_OOM_KILL, &g->kills);
	if (!g->name || (rc = fill_domain(ctx, g, tab, NULL, NULL, 0)) < 0) {
		oomkit_domains_free(set);
		return -ENOMEM;
	}
	if (flags & OOMKIT_DOMAINS_GLOBAL_ONLY) {
		*out = set;
		return 1;
	}

	npaths = oomkit_memcg_list(ctx, &paths);
	if (npaths <= 0) {	/* no memory controller: only the host */
		*out = set;
		return 1;
	}
	order = calloc((size_t)npaths, sizeof(*order));
	if (!order) {
		rc = -ENOMEM;
		goto fail;
	}
	for (i = 0; i < (size_t)npaths; i++) {
		order[i].path = paths[i];
		order[i].idx = (long long)i;	/* pre-order: the scan order */
	}
	qsort(order, (size_t)npaths, sizeof(*order), cmp_path);
	for (i = 0; i < (size_t)npaths; i++) {
		struct oomkit_memcg *cg;
		struct oomkit_domain *d, *nd;

		if (oomkit_memcg_read(ctx, paths[i], &cg) < 0)
			continue;	/* vanished meanwhile */
		if (!oomkit_memcg_has_limit(cg)) {
			oomkit_memcg_free(cg);
			continue;
		}
		nd = realloc(set->d, (set->n + 1) * sizeof(*nd));
		if (!nd) {
			oomkit_memcg_free(cg);
			rc = -ENOMEM;
			goto fail;
		}
		set->d = nd;
		d = &set->d[set->n++];
		memset(d, 0, sizeof(*d));
		d->kind = OOMKIT_DOMAIN_MEMCG;
		d->cg = cg;
		d->name = strdup(paths[i]);
		d->totalpages = oomkit_memcg_totalpages(cg, ps,
				(unsigned long long)swap_total / (unsigned long long)(ps / 1024));
		d->limit_kb = -1;
		if (oomkit_memcg_get(cg, OOMKIT_MEMCG_LIMIT, &v) == 0 && v != OOMKIT_UNLIMITED)
			d->limit_kb = v / 1024;
		else if (oomkit_memcg_get(cg, OOMKIT_MEMCG_MEMSW_LIMIT, &v) == 0)
			d->limit_kb = v / 1024;
		d->usage_kb = oomkit_memcg_get(cg, OOMKIT_MEMCG_USAGE, &v) == 0 ? v / 1024 : -1;
		d->kills = oomkit_memcg_get(cg, OOMKIT_MEMCG_EV_OOM_KILL, &v) == 0 ? v : -1;
		if (!d->name || fill_domain(ctx, d, tab, paths[i], order, (size_t)npaths) < 0) {
			rc = -ENOMEM;
			goto fail;
		}
	}
	free(order);
	oomkit_strv_free(paths);
	*out = set;
	return (int)set->n;
fail:
	free(order);
	oomkit_strv_free(paths);
	oomkit_domains_free(set);
	return rc;
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

const struct oomkit_domain *oomkit_domains_find(const struct oomkit_domains *set,
						const char *name)
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

long long oomkit_domain_limit_kb(const struct oomkit_domain *d)
{
	return d ? d->limit_kb : -1;
}

long long oomkit_domain_usage_kb(const struct oomkit_domain *d)
{
	return d ? d->usage_kb : -1;
}

long long oomkit_domain_oom_kills(const struct oomkit_domain *d)
{
	return d ? d->kills : -1;
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

int oomkit_domain_badness_of(const struct oomkit_domain *d, pid_t pid,
			     long long *points)
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
