/*
 * growth.c - the GROWTH column: how fast each process's resident memory
 * changes, in KiB per second, over the last GROWTH_SAMPLES readings.
 *
 * Plain data, no I/O and no terminal: batch mode feeds it once per
 * iteration, the screen once per refresh, and the unit tests directly.
 * The history is an array sorted by pid (the process table's order), so
 * one reading is merged in one pass; the two arrays are kept and swapped,
 * so a steady state allocates nothing per refresh.
 */
#include <stdlib.h>
#include <string.h>

#include "oomtop.h"

/* Find @pid in the sorted history, or NULL. */
static const struct growth_hist *find(const struct oomtop_growth *g, pid_t pid)
{
	size_t lo = 0, hi = g->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g->v[mid].pid == pid)
			return &g->v[mid];
		if (g->v[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static unsigned hash_comm(const char *s)
{
	unsigned h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/*
 * growth_begin - start a reading of @count processes (fed in increasing
 * pid order with growth_feed(), then growth_end()). Returns 0 or -1 when
 * memory runs out (the history is then kept as it was).
 */
int growth_begin(struct oomtop_growth *g, size_t count)
{
	if (count > g->next_cap) {
		struct growth_hist *v = realloc(g->next, count * sizeof(*v));

		if (!v)
			return -1;
		g->next = v;
		g->next_cap = count;
	}
	g->next_n = 0;
	g->cursor = 0;
	return 0;
}

/*
 * growth_feed - one process of the reading: @kb resident at @now seconds
 * (any monotonic clock). @start (start time in ticks, 0 unknown) and
 * @comm tell a process from a later one that reuses its pid: the history
 * of a pid whose start time or name changed begins again.
 */
void growth_feed(struct oomtop_growth *g, pid_t pid, unsigned long long start, const char *comm,
		 long long kb, double now)
{
	struct growth_hist *h;
	const struct growth_hist *old = NULL;
	unsigned ch = hash_comm(comm ? comm : "");

	if (g->next_n >= g->next_cap)
		return;
	/* the previous reading is sorted too: advance instead of searching */
	while (g->cursor < g->n && g->v[g->cursor].pid < pid)
		g->cursor++;
	if (g->cursor < g->n && g->v[g->cursor].pid == pid)
		old = &g->v[g->cursor];
	else
		old = find(g, pid); /* fed out of order: still correct */
	h = &g->next[g->next_n++];
	if (old && old->start == start && old->comm_hash == ch) {
		*h = *old;
		if (h->n == GROWTH_SAMPLES) {
			memmove(h->t, h->t + 1, (GROWTH_SAMPLES - 1) * sizeof(h->t[0]));
			memmove(h->kb, h->kb + 1, (GROWTH_SAMPLES - 1) * sizeof(h->kb[0]));
			h->n--;
		}
	} else {
		memset(h, 0, sizeof(*h));
		h->pid = pid;
		h->start = start;
		h->comm_hash = ch;
	}
	h->t[h->n] = now;
	h->kb[h->n] = kb;
	h->n++;
}

static int cmp_hist(const void *a, const void *b)
{
	const struct growth_hist *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* growth_end - the reading becomes the history; processes not fed are gone. */
void growth_end(struct oomtop_growth *g)
{
	struct growth_hist *v = g->v;
	size_t cap = g->cap, i;

	/* /proc lists pids in order, a fixture tree need not: keep it sorted */
	for (i = 1; i < g->next_n; i++)
		if (g->next[i - 1].pid > g->next[i].pid) {
			qsort(g->next, g->next_n, sizeof(g->next[0]), cmp_hist);
			break;
		}
	g->v = g->next;
	g->cap = g->next_cap;
	g->n = g->next_n;
	g->next = v;
	g->next_cap = cap;
	g->next_n = 0;
}

/*
 * growth_rate - the RSS change of @pid in KiB per second between its
 * oldest and newest reading held. Returns 1 and sets *kbps, or 0 when the
 * process was read fewer than twice (or the clock did not advance).
 */
int growth_rate(const struct oomtop_growth *g, pid_t pid, double *kbps)
{
	const struct growth_hist *h = find(g, pid);
	double dt;

	if (!h || h->n < 2)
		return 0;
	dt = h->t[h->n - 1] - h->t[0];
	if (dt <= 0)
		return 0;
	*kbps = (double)(h->kb[h->n - 1] - h->kb[0]) / dt;
	return 1;
}

/* growth_update - feed a whole process table read at @now. */
void growth_update(struct oomtop_growth *g, const struct oomkit_proc_table *tab, double now)
{
	size_t i, n = oomkit_proc_table_count(tab);

	if (growth_begin(g, n) < 0)
		return;
	for (i = 0; i < n; i++) {
		const struct oomkit_proc *p = oomkit_proc_table_get(tab, i);
		long long kb;

		if (oomkit_proc_mm_rss_kb(p, &kb) < 0)
			continue; /* no RSS known (a zombie): no rate */
		growth_feed(g, oomkit_proc_pid(p),
			    (unsigned long long)pget(p, OOMKIT_PROC_START_TICKS),
			    pstrs(p, OOMKIT_PROC_COMM), kb, now);
	}
	growth_end(g);
}

/* growth_free - release the history; @g is empty and reusable after. */
void growth_free(struct oomtop_growth *g)
{
	free(g->v);
	free(g->next);
	memset(g, 0, sizeof(*g));
}
