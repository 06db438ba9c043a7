/*
 * explain-index.c - the events of a set of sources indexed once, so that
 * explaining each of n events costs log n rather than n (see
 * oomkit_explain_add_index() in oomkit/explain.h).
 *
 * An explanation wants two things of the other events: its peers (the
 * kills of its invocation, and kills without a header of the same domain
 * within a second: oomkit_event_same_invocation(), _same_burst()) and its
 * history (how many other events killed the same program, hit the same
 * memcg or the same unit; the first and last; the program's RSS at its
 * last kills). Given every event, that is n steps per explanation and n
 * squared for a whole log. Here each event is entered once in a few sorted
 * lists (by program, memcg, unit, invocation, burst domain, address), and
 * an explanation takes from them only what it needs: the candidates for
 * its peers near it, and each history as a count of a list's run less the
 * few events history leaves out (the event, its invocation, its peers).
 * The result is what oomkit_explain_add_peer() over the window and
 * oomkit_explain_add_history() over every event give, by construction and
 * by test (tests/unit/test_explain_index.c).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "oomkit/event.h"
#include "oomkit/explain.h"
#include "oomkit/report.h"
#include "explain-private.h"
#include "report-private.h"

/* the sorted lists of the index */
enum {
	K_COMM,   /* events that name a program */
	K_MEMCG,  /* ... an oom_memcg */
	K_UNIT,   /* ... a systemd unit */
	K_RSS,    /* ... a program and its RSS (the growth sentence) */
	K_REPORT, /* events of a report (an invocation) */
	K_BURST,  /* kills without a header: the later kills of a burst */
	K_PTR,    /* every event, by address */
	NKEYS
};

struct key {
	unsigned long long k; /* K_REPORT: report id; K_BURST: constraint;
			       * K_PTR: the address; else 0 */
	const char *s;        /* the string the list is by; NULL: unknown */
	size_t pos;           /* the event's place in the log */
};

/* how far in log order a loop's other OOMs are looked for (each side) */
#define NEAR_WINDOW 4096

struct oomkit_explain_index {
	const struct oomkit_event **v; /* in log order */
	size_t n, cap;
	int sorted; /* the lists are up to date */
	struct key *key[NKEYS];
	size_t nkey[NKEYS];
};

#define S(ev, item) oomkit_event_str((ev), (item))

static int cmp_ks(unsigned long long ka, const char *sa, unsigned long long kb, const char *sb)
{
	if (ka != kb)
		return ka < kb ? -1 : 1;
	if (!sa || !sb)
		return !sb - !sa; /* unknown first */
	return strcmp(sa, sb);
}

static int cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c = cmp_ks(x->k, x->s, y->k, y->s);

	if (c)
		return c;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

int oomkit_explain_index_new(struct oomkit_explain_index **ix)
{
	if (!ix)
		return -EINVAL;
	*ix = calloc(1, sizeof(**ix));
	return *ix ? 0 : -ENOMEM;
}

void oomkit_explain_index_free(struct oomkit_explain_index *ix)
{
	size_t i;

	if (!ix)
		return;
	for (i = 0; i < NKEYS; i++)
		free(ix->key[i]);
	free(ix->v);
	free(ix);
}

int oomkit_explain_index_add(struct oomkit_explain_index *ix, const struct oomkit_event *ev)
{
	if (!ix || !ev)
		return -EINVAL;
	if (ix->n == ix->cap) {
		size_t cap = ix->cap ? ix->cap * 2 : 256;
		const struct oomkit_event **nv = realloc(ix->v, cap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		ix->v = nv;
		ix->cap = cap;
	}
	ix->v[ix->n++] = ev;
	ix->sorted = 0;
	return 0;
}

/* a kill that may follow another in a burst (the second argument of
 * oomkit_event_same_burst(): killed, and no header of its own) */
static int burst_follower(const struct oomkit_event *ev)
{
	long long o;

	return !S(ev, OOMKIT_EV_TRIGGER_COMM) && oomkit_event_num(ev, OOMKIT_EV_OUTCOME, &o) == 0 &&
	       o == OOMKIT_OUTCOME_KILLED;
}

static int has_rss(const struct oomkit_event *ev, long long *kb)
{
	return oomkit_event_rss_kb(ev, kb) == 0;
}

/* the lists, sorted by (k, s, place) */
static int build(struct oomkit_explain_index *ix)
{
	size_t i, j;
	long long kb;

	for (j = 0; j < NKEYS; j++) {
		struct key *nk = realloc(ix->key[j], (ix->n ? ix->n : 1) * sizeof(*nk));

		if (!nk)
			return -ENOMEM;
		ix->key[j] = nk;
		ix->nkey[j] = 0;
	}
	for (i = 0; i < ix->n; i++) {
		const struct oomkit_event *ev = ix->v[i];
		const char *comm = S(ev, OOMKIT_EV_COMM);
		const struct key e[NKEYS] = {
			[K_COMM] = { 0, comm, i },
			[K_MEMCG] = { 0, S(ev, OOMKIT_EV_OOM_MEMCG), i },
			[K_UNIT] = { 0, S(ev, OOMKIT_EV_UNIT), i },
			[K_RSS] = { 0, comm, i },
			[K_REPORT] = { ev->report_id, NULL, i },
			[K_BURST] = { (unsigned long long)oomkit_event_constraint(ev),
				      S(ev, OOMKIT_EV_OOM_MEMCG), i },
			[K_PTR] = { (uintptr_t)ev, NULL, i },
		};
		const int in[NKEYS] = {
			[K_COMM] = comm != NULL,
			[K_MEMCG] = e[K_MEMCG].s != NULL,
			[K_UNIT] = e[K_UNIT].s != NULL,
			[K_RSS] = comm && has_rss(ev, &kb),
			[K_REPORT] = ev->report_id != 0,
			[K_BURST] = burst_follower(ev),
			[K_PTR] = 1,
		};

		for (j = 0; j < NKEYS; j++)
			if (in[j])
				ix->key[j][ix->nkey[j]++] = e[j];
	}
	for (j = 0; j < NKEYS; j++)
		qsort(ix->key[j], ix->nkey[j], sizeof(struct key), cmp_key);
	ix->sorted = 1;
	return 0;
}

/* [*lo, *hi): the run of list @l with key (@k, @s); empty for an unknown @s
 * where unknown matches nothing (@any_null 0) */
static void run_of(const struct oomkit_explain_index *ix, int l, unsigned long long k,
		   const char *s, size_t *lo, size_t *hi)
{
	const struct key *v = ix->key[l];
	size_t a = 0, b = ix->nkey[l];

	while (a < b) {
		size_t m = a + (b - a) / 2;

		if (cmp_ks(v[m].k, v[m].s, k, s) < 0)
			a = m + 1;
		else
			b = m;
	}
	*lo = a;
	b = ix->nkey[l];
	while (a < b) {
		size_t m = a + (b - a) / 2;

		if (cmp_ks(v[m].k, v[m].s, k, s) <= 0)
			a = m + 1;
		else
			b = m;
	}
	*hi = a;
}

/* the first entry of the run [lo, hi) of list @l at or after place @pos */
static size_t at_or_after(const struct oomkit_explain_index *ix, int l, size_t lo, size_t hi,
			  size_t pos)
{
	const struct key *v = ix->key[l];

	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;

		if (v[m].pos < pos)
			lo = m + 1;
		else
			hi = m;
	}
	return lo;
}

/* the places left out of the history, sorted, without repeats */
struct places {
	size_t *v, n, cap;
};

static int places_add(struct places *p, size_t pos)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		size_t *nv = realloc(p->v, cap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		p->v = nv;
		p->cap = cap;
	}
	p->v[p->n++] = pos;
	return 0;
}

static int cmp_size(const void *a, const void *b)
{
	const size_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

static int places_has(const struct places *p, size_t pos)
{
	return bsearch(&pos, p->v, p->n, sizeof(*p->v), cmp_size) != NULL;
}

/* every place @ev is at (an event given twice is at two) */
static int places_of(const struct oomkit_explain_index *ix, const struct oomkit_event *ev,
		     struct places *p)
{
	size_t lo, hi;

	run_of(ix, K_PTR, (uintptr_t)ev, NULL, &lo, &hi);
	for (; lo < hi; lo++)
		if (places_add(p, ix->key[K_PTR][lo].pos) < 0)
			return -ENOMEM;
	return 0;
}

/*
 * The history of one list: the run of @ev's string in list @l less the
 * places in @out: how many, the first and the last.
 */
static void count_run(const struct oomkit_explain_index *ix, int l, const char *s,
		      const struct places *out, int item, size_t *n,
		      const struct oomkit_event **first, const struct oomkit_event **last)
{
	size_t lo, hi, i, left = 0;

	*n = 0;
	*first = *last = NULL;
	if (!s)
		return; /* an unknown name matches no other */
	run_of(ix, l, 0, s, &lo, &hi);
	for (i = 0; i < out->n; i++) {
		const char *o = S(ix->v[out->v[i]], item);
		long long kb;

		if (o && strcmp(o, s) == 0 && (l != K_RSS || has_rss(ix->v[out->v[i]], &kb)))
			left++;
	}
	*n = hi - lo - left;
	if (!*n)
		return;
	for (i = lo; i < hi && places_has(out, ix->key[l][i].pos); i++)
		;
	*first = ix->v[ix->key[l][i].pos];
	for (i = hi; i > lo && places_has(out, ix->key[l][i - 1].pos); i--)
		;
	*last = ix->v[ix->key[l][i - 1].pos];
}

/* the peers: the candidates of the invocation and of a burst near @at, in log order */
static int add_peers(struct oomkit_explain *ex, const struct oomkit_explain_index *ix, size_t at)
{
	const struct oomkit_event *ev = ix->v[at];
	size_t wlo = at > OOMKIT_EXPLAIN_PEER_WINDOW ? at - OOMKIT_EXPLAIN_PEER_WINDOW : 0;
	size_t whi = at + OOMKIT_EXPLAIN_PEER_WINDOW; /* inclusive */
	size_t rlo = 0, rhi = 0, blo, bhi;
	int r = 0;

	if (ev->report_id) {
		run_of(ix, K_REPORT, ev->report_id, NULL, &rlo, &rhi);
		rlo = at_or_after(ix, K_REPORT, rlo, rhi, wlo);
	}
	run_of(ix, K_BURST, (unsigned long long)oomkit_event_constraint(ev),
	       S(ev, OOMKIT_EV_OOM_MEMCG), &blo, &bhi);
	blo = at_or_after(ix, K_BURST, blo, bhi, wlo);
	while (r == 0) {
		size_t pr = rlo < rhi ? ix->key[K_REPORT][rlo].pos : SIZE_MAX;
		size_t pb = blo < bhi ? ix->key[K_BURST][blo].pos : SIZE_MAX;
		size_t pos = pr < pb ? pr : pb;

		if (pos == SIZE_MAX || pos > whi)
			break;
		if (pr == pos)
			rlo++;
		if (pb == pos)
			blo++;
		r = oomkit_explain_add_peer(ex, ix->v[pos]);
	}
	return r;
}

int oomkit_explain_add_index(struct oomkit_explain *ex, struct oomkit_explain_index *ix)
{
	const struct oomkit_event *ev = oomkit_explain_event(ex), *const * peers;
	struct oomkit__explain_history h = { 0 };
	struct places out = { 0 };
	size_t lo, hi, at, np, i, k;
	const struct oomkit_event *first, *last;
	int r;

	if (!ex || !ix)
		return -EINVAL;
	if (!ix->sorted && (r = build(ix)) < 0)
		return r;
	run_of(ix, K_PTR, (uintptr_t)ev, NULL, &lo, &hi);
	if (lo == hi)
		return -ENOENT;
	at = ix->key[K_PTR][lo].pos;
	r = add_peers(ex, ix, at);
	if (r < 0)
		return r;

	/* history leaves out the event, its invocation and its peers */
	r = places_of(ix, ev, &out);
	if (r == 0 && ev->report_id) {
		run_of(ix, K_REPORT, ev->report_id, NULL, &lo, &hi);
		for (; r == 0 && lo < hi; lo++)
			r = places_add(&out, ix->key[K_REPORT][lo].pos);
	}
	np = oomkit__explain_peers(ex, &peers);
	for (i = 0; r == 0 && i < np; i++)
		r = places_of(ix, peers[i], &out);
	if (r < 0) {
		free(out.v);
		return r;
	}
	qsort(out.v, out.n, sizeof(*out.v), cmp_size);
	for (i = k = 0; i < out.n; i++)
		if (!k || out.v[k - 1] != out.v[i])
			out.v[k++] = out.v[i];
	out.n = k;

	count_run(ix, K_COMM, S(ev, OOMKIT_EV_COMM), &out, OOMKIT_EV_COMM, &h.comm_n, &h.comm_first,
		  &h.comm_last);
	count_run(ix, K_MEMCG, S(ev, OOMKIT_EV_OOM_MEMCG), &out, OOMKIT_EV_OOM_MEMCG, &h.memcg_n,
		  &h.memcg_first, &h.memcg_last);
	count_run(ix, K_UNIT, S(ev, OOMKIT_EV_UNIT), &out, OOMKIT_EV_UNIT, &h.unit_n, &first,
		  &last);
	/* the RSS at the program's last kills, oldest first */
	count_run(ix, K_RSS, S(ev, OOMKIT_EV_COMM), &out, OOMKIT_EV_COMM, &h.growth_n, &first,
		  &last);
	if (h.growth_n) {
		size_t want = h.growth_n < OOMKIT__EXPLAIN_GROWTH ? h.growth_n :
								    OOMKIT__EXPLAIN_GROWTH;
		long long kb;

		run_of(ix, K_RSS, 0, S(ev, OOMKIT_EV_COMM), &lo, &hi);
		for (i = hi, k = want; i > lo && k > 0; i--) {
			size_t pos = ix->key[K_RSS][i - 1].pos;

			if (places_has(&out, pos) || !has_rss(ix->v[pos], &kb))
				continue;
			h.growth[--k] = kb;
		}
	}
	/*
	 * Other OOMs of the host within a minute: the neighbours in log
	 * order, up to the first more than a minute away on each side (the
	 * log is in time order), NEAR_WINDOW at most.
	 */
	for (i = at; i-- > 0 && at - i <= NEAR_WINDOW;)
		if (oomkit__explain_near(ex, ix->v[i], !places_has(&out, i)) == 0)
			break;
	for (i = at + 1; i < ix->n && i - at <= NEAR_WINDOW; i++)
		if (oomkit__explain_near(ex, ix->v[i], !places_has(&out, i)) == 0)
			break;
	free(out.v);
	oomkit__explain_add_history_summary(ex, &h);
	return 0;
}
