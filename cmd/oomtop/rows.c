/*
 * rows.c - the process rows of one OOM domain, as batch mode prints them
 * and the screen draws them: ranked processes first (the kernel's order),
 * then with -a the members the kernel cannot pick; narrowed by a focus
 * (pid, user, memcg, name) and sorted by any column. No I/O, no terminal.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "oomtop.h"

static int rows_push(struct oomtop_rows *rows, const struct prow *r)
{
	if (rows->n == rows->cap) {
		size_t cap = rows->cap ? rows->cap * 2 : 256;
		struct prow *v = realloc(rows->v, cap * sizeof(*v));

		if (!v)
			return -1;
		rows->v = v;
		rows->cap = cap;
	}
	rows->v[rows->n++] = *r;
	return 0;
}

static void row_extras(struct prow *r, const struct oomtop_snapshot *s,
		       const struct oomtop_growth *g, long ps, unsigned long long global_tp,
		       unsigned kver)
{
	pid_t pid = (pid_t)oomkit_proc_pid(r->p);

	r->cscore = oomkit_proc_oom_score(r->p, ps, global_tp, kver);
	r->has_growth = g ? growth_rate(g, pid, &r->growth) : 0;
	r->pc = cpu_find(s->cpu, pid);
	r->cpu10 = r->pc ? r->pc->cpu10 : -1;
}

/*
 * rows_build - the rows of domain @dom of snapshot @s into @rows (its
 * array is reused): the ranked processes in rank order, then, with @all,
 * the members that cannot be chosen, in pid order, with their reason.
 * @g gives the GROWTH values (NULL: none). Returns 0 or -ENOMEM.
 */
int rows_build(struct oomtop_rows *rows, const struct oomtop_snapshot *s,
	       const struct oomkit_domain *dom, int all, long page_size, unsigned kver,
	       const struct oomtop_growth *g)
{
	unsigned long long tp = oomkit_domain_totalpages(dom);
	/* oom_score is against the host's totalpages: domain 0's */
	unsigned long long global_tp = oomkit_domain_totalpages(oomkit_domains_get(s->set, 0));
	size_t i, n = oomkit_domain_ranked(dom);

	rows->n = 0;
	for (i = 0; i < n; i++) {
		struct prow r = { .totalpages = tp };

		r.p = oomkit_domain_rank(dom, i, &r.points);
		r.rank = (long long)i + 1;
		row_extras(&r, s, g, page_size, global_tp, kver);
		if (rows_push(rows, &r) < 0)
			return -ENOMEM;
	}
	if (!all)
		return 0;
	for (i = 0; i < oomkit_proc_table_count(s->tab); i++) {
		struct prow r = { .totalpages = tp };
		int rc;

		r.p = oomkit_proc_table_get(s->tab, i);
		rc = oomkit_domain_badness_of(dom, (pid_t)oomkit_proc_pid(r.p), NULL);
		if (rc <= 0)
			continue; /* ranked above, or not a member */
		r.reason = rc;
		row_extras(&r, s, g, page_size, global_tp, kver);
		if (rows_push(rows, &r) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* Does @user (a name or a number) name the owner of @p? */
static int user_match(const char *user, const struct oomkit_proc *p)
{
	char *end;
	unsigned long uid;

	if (strcmp(user, pstrs(p, OOMKIT_PROC_USER_STR)) == 0)
		return 1;
	errno = 0;
	uid = strtoul(user, &end, 10);
	return *user && !*end && !errno && (long long)uid == pget(p, OOMKIT_PROC_UID);
}

/*
 * focus_match - is row @r in focus @f? The name is matched without case
 * against the command name and the command line (when it was read).
 */
int focus_match(const struct oomtop_focus *f, const struct prow *r)
{
	const struct oomkit_proc *p = r->p;

	if (f->pid && oomkit_proc_pid(p) != f->pid)
		return 0;
	if (f->user && *f->user && !user_match(f->user, p))
		return 0;
	if (f->memcg && *f->memcg &&
	    !oomkit_memcg_path_within(pstrs(p, OOMKIT_PROC_MEMCG), f->memcg))
		return 0;
	if (f->name && *f->name && !strcasestr(pstrs(p, OOMKIT_PROC_COMM), f->name) &&
	    !strcasestr(pstrs(p, OOMKIT_PROC_CMDLINE_STR), f->name))
		return 0;
	return 1;
}

/* rows_focus - keep only the rows in focus @f, in their order. */
void rows_focus(struct oomtop_rows *rows, const struct oomtop_focus *f)
{
	size_t i, k = 0;

	for (i = 0; i < rows->n; i++)
		if (focus_match(f, &rows->v[i]))
			rows->v[k++] = rows->v[i];
	rows->n = k;
}

/* The string a column sorts by (raw, not escaped), or NULL for a number. */
static const char *sort_str(const struct prow *r, int col)
{
	switch (col) {
	case COL_USER:
		return pstrs(r->p, OOMKIT_PROC_USER_STR);
	case COL_MEMCG:
		return pstrs(r->p, OOMKIT_PROC_MEMCG);
	case COL_COMM:
		return pstrs(r->p, OOMKIT_PROC_COMM);
	case COL_CMDLINE:
		return pstrs(r->p, OOMKIT_PROC_CMDLINE_STR);
	}
	return NULL;
}

/* The number a column sorts by; unknown values sort below every number. */
static double sort_num(const struct prow *r, int col, int *isnull)
{
	switch (col) {
	case COL_SHARE:
		*isnull = r->reason != 0;
		return share(r);
	case COL_ELIGIBLE:
		*isnull = 0;
		return -r->reason;
	case COL_GROWTH:
		*isnull = !r->has_growth;
		return r->growth;
	case COL_STATE:
		*isnull = 0;
		return (double)pget(r->p, OOMKIT_PROC_STATE);
	}
	return (double)pnum(r, col, isnull);
}

struct sort_key {
	int col, asc;
};

static int cmp_rows(const void *a, const void *b, void *arg)
{
	const struct prow *x = a, *y = b;
	const struct sort_key *k = arg;
	const char *sx = sort_str(x, k->col);
	int c = 0;

	if (sx) {
		c = strcmp(sx, sort_str(y, k->col));
	} else {
		int nx, ny;
		double vx = sort_num(x, k->col, &nx), vy = sort_num(y, k->col, &ny);

		if (nx != ny)
			c = nx ? -1 : 1;
		else if (!nx)
			c = vx < vy ? -1 : vx > vy;
	}
	if (!k->asc)
		c = -c;
	if (c)
		return c;
	/* ties: the kernel's order (ranked first, by rank), then pid */
	if (x->rank != y->rank) {
		if (!x->rank || !y->rank)
			return x->rank ? -1 : 1;
		return x->rank < y->rank ? -1 : 1;
	}
	return oomkit_proc_pid(x->p) < oomkit_proc_pid(y->p) ? -1 : 1;
}

/*
 * rows_sort - sort by column @col (COL_*), descending unless @asc; ties
 * keep the kernel's order. @col < 0 keeps the order rows_build() gives
 * (the kernel's: rank, then the members that cannot be chosen), whatever
 * @asc.
 */
void rows_sort(struct oomtop_rows *rows, int col, int asc)
{
	struct sort_key k = { col, asc };

	if (col < 0)
		return;
	if (rows->n > 1)
		qsort_r(rows->v, rows->n, sizeof(rows->v[0]), cmp_rows, &k);
}

/* rows_find - the index of @pid in @rows, or -1. */
int rows_find(const struct oomtop_rows *rows, pid_t pid)
{
	size_t i;

	for (i = 0; i < rows->n; i++)
		if (oomkit_proc_pid(rows->v[i].p) == pid)
			return (int)i;
	return -1;
}

void rows_free(struct oomtop_rows *rows)
{
	free(rows->v);
	memset(rows, 0, sizeof(*rows));
}

/* column_by_name - the index of column @name (@len bytes, any case), or -1. */
int column_by_name(const struct cli_colinfo *infos, size_t n, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(infos[i].name) == len && strncasecmp(infos[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

/*
 * columns_parse - a column list as -o takes it ("A,B" replaces, "+A,B"
 * appends), for the screen, where a mistake must not exit: on error the
 * columns are unchanged, @err says why and -1 is returned.
 */
int columns_parse(const char *list, const struct cli_colinfo *infos, size_t ninfos, int *cols,
		  size_t *ncols, char *err, size_t errsize)
{
	int tmp[MAXCOLS];
	size_t n = 0;
	const char *p = list;

	if (*p == '+') {
		memcpy(tmp, cols, *ncols * sizeof(int));
		n = *ncols;
		p++;
	}
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		int c = column_by_name(infos, ninfos, p, len);

		if (c < 0) {
			snprintf(err, errsize, "unknown column: %.*s", (int)len, p);
			return -1;
		}
		if (n >= MAXCOLS) {
			snprintf(err, errsize, "too many columns");
			return -1;
		}
		tmp[n++] = c;
		if (!end)
			break;
		p = end + 1;
	}
	if (!n) {
		snprintf(err, errsize, "no columns given");
		return -1;
	}
	memcpy(cols, tmp, n * sizeof(int));
	*ncols = n;
	return 0;
}
