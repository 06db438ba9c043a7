/*
 * report-tasks.c - the task table of a kernel OOM report: the header line
 * ("[ pid ]   uid  tgid total_vm ... name"), which names the columns of each
 * kernel era, and the rows. A row seen without its header gets its columns
 * guessed from the number of values (guess_cols). Tables are reference
 * counted: events keep the table of their report after the report closes.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "report-private.h"

#define MAX_ROWS 4096 /* task table rows kept per report */

void oomkit__report_tab_put(struct tasktab *t)
{
	if (t && atomic_fetch_sub(&t->refs, 1) == 1) {
		free(t->rows);
		free(t);
	}
}

struct tasktab *oomkit__report_tab_get(struct tasktab *t)
{
	if (t) {
		atomic_fetch_add(&t->refs, 1);
		t->frozen = 1;
	}
	return t;
}

static const struct {
	const char *name;
	int col;
} colnames[] = {
	{ "uid", OOMKIT_TASK_UID },
	{ "tgid", OOMKIT_TASK_TGID },
	{ "total_vm", OOMKIT_TASK_TOTAL_VM },
	{ "rss", OOMKIT_TASK_RSS },
	{ "rss_anon", OOMKIT_TASK_RSS_ANON },
	{ "rss_file", OOMKIT_TASK_RSS_FILE },
	{ "rss_shmem", OOMKIT_TASK_RSS_SHMEM },
	{ "pgtables_bytes", OOMKIT_TASK_PGTABLES_BYTES },
	{ "nr_ptes", OOMKIT_TASK_NR_PTES },
	{ "nr_pmds", OOMKIT_TASK_NR_PMDS },
	{ "nr_puds", OOMKIT_TASK_NR_PUDS },
	{ "swapents", OOMKIT_TASK_SWAPENTS },
	{ "cpu", OOMKIT_TASK_CPU },
	{ "oom_adj", OOMKIT_TASK_OOM_ADJ },
	{ "oom_score_adj", OOMKIT_TASK_OOM_SCORE_ADJ },
};

/* "[ pid ]   uid  tgid total_vm ... name": 1 and fills cols; -1 unknown columns */
int oomkit__report_parse_header(const char *m, size_t n, int *cols, int *ncols)
{
	const char *e = m + n, *s, *t;
	int k = 0;

	if (n < 10 || m[0] != '[')
		return 0;
	s = memchr(m, ']', n < 16 ? n : 16);
	if (!s || !FIND(m, (size_t)(s - m), "pid"))
		return 0;
	for (s++; s < e; s = t) {
		size_t i, l;

		while (s < e && *s == ' ')
			s++;
		for (t = s; t < e && *t != ' '; t++)
			;
		if (t == s)
			break;
		l = (size_t)(t - s);
		if (l == 4 && !memcmp(s, "name", 4)) {
			*ncols = k;
			return k >= 4;
		}
		for (i = 0; i < sizeof(colnames) / sizeof(colnames[0]); i++)
			if (strlen(colnames[i].name) == l && !memcmp(colnames[i].name, s, l))
				break;
		if (k >= OOMKIT_TASK_NUM_COUNT_ - 1)
			return 0;
		if (i == sizeof(colnames) / sizeof(colnames[0])) {
			/* a header ("pid" ... "name") with a column of its own */
			for (; t < e; t++)
				if (e - t >= 5 && !memcmp(t, " name", 5) &&
				    (t + 5 == e || t[5] == ' '))
					return -1;
			return 0;
		}
		cols[k++] = colnames[i].col;
	}
	return 0;
}

/* guess the columns of a row seen without its header */
static int guess_cols(int nnum, long long fifth, int *cols)
{
	static const int c6[] = { OOMKIT_TASK_UID, OOMKIT_TASK_TGID, OOMKIT_TASK_TOTAL_VM,
				  OOMKIT_TASK_RSS, OOMKIT_TASK_CPU,  OOMKIT_TASK_OOM_ADJ };
	static const int c7[] = {
		OOMKIT_TASK_UID,          OOMKIT_TASK_TGID,           OOMKIT_TASK_TOTAL_VM,
		OOMKIT_TASK_RSS,          OOMKIT_TASK_PGTABLES_BYTES, OOMKIT_TASK_SWAPENTS,
		OOMKIT_TASK_OOM_SCORE_ADJ
	};
	static const int c8[] = { OOMKIT_TASK_UID,      OOMKIT_TASK_TGID,
				  OOMKIT_TASK_TOTAL_VM, OOMKIT_TASK_RSS,
				  OOMKIT_TASK_NR_PTES,  OOMKIT_TASK_NR_PMDS,
				  OOMKIT_TASK_SWAPENTS, OOMKIT_TASK_OOM_SCORE_ADJ };
	static const int c10[] = { OOMKIT_TASK_UID,       OOMKIT_TASK_TGID,
				   OOMKIT_TASK_TOTAL_VM,  OOMKIT_TASK_RSS,
				   OOMKIT_TASK_RSS_ANON,  OOMKIT_TASK_RSS_FILE,
				   OOMKIT_TASK_RSS_SHMEM, OOMKIT_TASK_PGTABLES_BYTES,
				   OOMKIT_TASK_SWAPENTS,  OOMKIT_TASK_OOM_SCORE_ADJ };
	const int *src;

	switch (nnum) {
	case 6:
		src = c6;
		break;
	case 7:
		src = c7;
		break;
	case 8:
		src = c8;
		break;
	case 10:
		src = c10;
		break;
	default:
		return 0;
	}
	memcpy(cols, src, sizeof(int) * (size_t)nnum);
	if (nnum == 7 && (fifth < 4096 || fifth % 1024))
		cols[4] = OOMKIT_TASK_NR_PTES;
	return nnum;
}

int oomkit__report_maybe_row(const char *line, size_t len)
{
	const char *s = line, *e = line + (len < 96 ? len : 96);
	int tries;

	/* "[ 1807]  1000": a bracketed number, then a number */
	for (tries = 0; tries < 3 && s < e; tries++) {
		const char *b = memchr(s, '[', (size_t)(e - s)), *q;

		if (!b)
			return 0;
		for (q = b + 1; q < e && *q == ' '; q++)
			;
		if (q < e && isdig(*q)) {
			while (q < e && isdig(*q))
				q++;
			if (q + 2 < e && q[0] == ']' && q[1] == ' ') {
				for (q++; q < e && *q == ' '; q++)
					;
				if (q < e && isdig(*q))
					return 1;
			}
		}
		s = b + 1;
	}
	return 0;
}

int oomkit__report_is_row(const char *m, size_t n)
{
	const char *e = m + n, *s = m + 1;
	long long v, vals[OOMKIT_TASK_NUM_COUNT_];
	int nv = 0, cols[OOMKIT_TASK_NUM_COUNT_];

	if (n < 8 || m[0] != '[')
		return 0;
	while (s < e && *s == ' ')
		s++;
	s = num(s, e, &v);
	if (!s || s >= e || *s != ']')
		return 0;
	for (s++; nv < OOMKIT_TASK_NUM_COUNT_ - 1;) {
		const char *q = s, *z;

		while (q < e && *q == ' ')
			q++;
		z = num(q, e, &v);
		if (!z || z == e || *z != ' ')
			break;
		vals[nv++] = v;
		s = z;
	}
	while (s < e && *s == ' ')
		s++;
	return s < e && !isdig(*s) && guess_cols(nv, nv > 4 ? vals[4] : 0, cols) > 0;
}

/* "[  11132]     0 11132  876 ... 1000 tiny" */
int oomkit__report_parse_row(struct report *r, const char *m, size_t n)
{
	const char *e = m + n, *s = m + 1;
	long long pid, vals[OOMKIT_TASK_NUM_COUNT_];
	int nv = 0, cols[OOMKIT_TASK_NUM_COUNT_], ncols, i;
	struct tasktab *t;
	struct row *row;

	while (s < e && *s == ' ')
		s++;
	s = num(s, e, &pid);
	if (!s || s >= e || *s != ']' || pid < 0)
		return 0;
	s++;
	while (nv < OOMKIT_TASK_NUM_COUNT_ - 1) {
		const char *q = s, *z;
		long long v;

		while (q < e && *q == ' ')
			q++;
		z = num(q, e, &v);
		if (!z || (z < e && *z != ' ') || z == e)
			break;
		if (r->ncols && nv == r->ncols)
			break;
		vals[nv++] = v;
		s = z;
	}
	if (r->cols_unknown) {
		/* counted, not read: the columns are not known */
		if (nv < 4)
			return 0;
		r->rows_total++;
		return 1;
	}
	if (r->ncols) {
		if (nv != r->ncols)
			return 0;
		memcpy(cols, r->cols, sizeof(cols));
		ncols = r->ncols;
	} else {
		ncols = guess_cols(nv, nv > 4 ? vals[4] : 0, cols);
		if (!ncols)
			return 0;
	}
	while (s < e && *s == ' ')
		s++;
	if (s >= e)
		return 0;
	/*
	 * A row cut short (a pager, a paste) shifts the columns when there
	 * is no header to count them: its numbers are not read. A value no
	 * kernel prints gives the row away too.
	 */
	if (!r->ncols && (isdig(*s) || (e - s >= 3 && !memcmp(e - 3, "\xe2\x80\xa6", 3))))
		return 0;
	for (i = 0; i < ncols; i++)
		if ((cols[i] == OOMKIT_TASK_OOM_SCORE_ADJ && (vals[i] < -1000 || vals[i] > 1000)) ||
		    (cols[i] == OOMKIT_TASK_OOM_ADJ && (vals[i] < -17 || vals[i] > 15)))
			return 0;
	r->rows_total++;
	if (!r->tab) {
		r->tab = calloc(1, sizeof(*r->tab));
		if (!r->tab)
			return -ENOMEM;
		atomic_init(&r->tab->refs, 1);
	}
	t = r->tab;
	if (t->frozen || t->n >= MAX_ROWS)
		return 1;
	if (t->n == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 32;
		struct row *nr = realloc(t->rows, nc * sizeof(*nr));

		if (!nr)
			return -ENOMEM;
		t->rows = nr;
		t->cap = nc;
	}
	row = &t->rows[t->n++];
	for (i = 0; i < OOMKIT_TASK_NUM_COUNT_; i++)
		row->v[i] = NONE;
	row->v[OOMKIT_TASK_PID] = pid;
	for (i = 0; i < ncols; i++)
		row->v[cols[i]] = vals[i];
	cpy(row->name, sizeof(row->name), s, (size_t)(e - s));
	return 1;
}

const struct row *oomkit__report_find_row(const struct report *r, long long pid)
{
	size_t i;

	if (!r || !r->tab || pid == NONE)
		return NULL;
	for (i = r->tab->n; i-- > 0;)
		if (r->tab->rows[i].v[OOMKIT_TASK_PID] == pid)
			return &r->tab->rows[i];
	return NULL;
}
