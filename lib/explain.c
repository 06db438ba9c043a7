/*
 * explain.c - the explanation of one OOM event (see oomkit/explain.h):
 * verdict, domain and totalpages, the kernel's ranking rebuilt from the
 * report's task table, what-ifs, memory picture, causes, history, advice.
 * Pure: it reads events and writes sentences, nothing else.
 *
 * Kernel rules used here: docs/kernel.md §1 and §2 (oom_badness and its
 * history by era), §4 (totalpages per constraint), §6.3 (ties), §9 (the
 * report's parts and task table columns by era).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "oomkit/context.h"
#include "oomkit/event.h"
#include "oomkit/explain.h"
#include "oomkit/report.h"
#include "explain-private.h"

#include "badness-era-private.h"

#define UNK LLONG_MIN            /* a number the report does not give */
#define PAGE_KB 4LL              /* sizes assume 4 KiB pages (header) */
#define HUGE_TP (1LL << 40)      /* "no upper bound" for totalpages */
#define UNLIMITED_KB (1LL << 50) /* a limit this large is "max" */
#define OOM_SCORE_ADJ_MIN (-1000)
#define MAX_PEERS 4096

struct item {
	char *id;
	char *text;
	int basis; /* enum oomkit_explain_basis */
};

struct list {
	struct item *v;
	size_t n, cap;
};

/* one reading of a report: a badness era, root bonus or not, totalpages */
struct reading {
	int era, cap;
	long long tp;
};

struct cand {
	size_t row;
	long long pid, tgid, uid, adj, usage, badness, adj_pages;
	long long rss, swap; /* pages: resident, and swapents (0 when not printed) */
	int eligible, victim;
	char *name; /* escaped */
};

/* other events of one kind (same program, same memcg): how many, which first, which last */
struct hist {
	size_t n;
	const struct oomkit_event *first, *last;
};

struct oomkit_explain {
	const struct oomkit_event *ev;
	const struct oomkit_event **peers;
	size_t npeers;
	struct hist hist_comm, hist_memcg; /* history, counted as it is added */
	size_t hist_unit;
	size_t hist_near;         /* other OOMs on this host within LOOP_US */
	long long near_us;        /* the nearest one's distance */
	int seen_self, near_stop; /* add_history(): the event itself seen, the far one after it */
	size_t before_n;          /* near ones before the event, since the last far one */
	long long before_us;
	long long growth[8]; /* the program's RSS at its last kills */
	size_t ngrowth;

	int nomem;
	int constraint;
	int host_from_prefix; /* a host OOM told by the kill line's words */
	const char *domain;
	const char *tp_how; /* how totalpages was found, or NULL */
	long long limit_kb, tp_lo, tp_hi;
	int era;              /* enum oomkit_explain_era: the table's shape */
	int rlo, rhi, rprim;  /* candidate rows of oomkit__badness_eras */
	int era_from_version; /* the stack dump's release decided */
	int score_unmatched;  /* the kill line's score is not reproduced */
	int score_fixed;      /* it holds over all of [tp_lo, tp_hi] */
	struct {
		int ok;
		long long lo, hi;
	} valid[16][2];        /* by era and root bonus: where the kill line's score holds */
	const char *victim_by; /* how the victim's row was found, if not by pid */
	struct reading shown;  /* the reading the ranking shows */
	struct cand *c;
	size_t nc;
	long long agrees; /* UNK, 0, 1 */
	struct list l[OOMKIT_EXPLAIN_LIST_COUNT_];
	char **scratch; /* escaped strings kept for the sentences */
	size_t nscratch, capscratch;
	size_t *byrow; /* candidate index of each task table row */
};

/*
 * Numbers from the log are hostile: one beyond any real size (2^52 kB or
 * pages) is taken as not given, so that the arithmetic below (sums, x1000
 * for permille) cannot overflow.
 */
#define BIG (1LL << 52)

static long long N(const struct oomkit_event *ev, enum oomkit_event_num i)
{
	long long v;

	return oomkit_event_num(ev, i, &v) == 0 && v > -BIG && v < BIG ? v : UNK;
}

static const char *S(const struct oomkit_event *ev, enum oomkit_event_str i)
{
	return oomkit_event_str(ev, i);
}

/* a task table cell; beyond 2^42 pages (16 PiB) no real size: not given */
static long long T(const struct oomkit_event *ev, size_t row, enum oomkit_task_num i)
{
	long long v;

	return oomkit_event_task_num(ev, row, i, &v) == 0 && v > -(1LL << 42) && v < (1LL << 42) ?
		       v :
		       UNK;
}

/* an escaped copy of log text, kept until the explanation is freed */
static const char *esc(struct oomkit_explain *ex, const char *s)
{
	char *e;

	if (!s)
		return "?";
	if (ex->nscratch == ex->capscratch) {
		size_t cap = ex->capscratch ? ex->capscratch * 2 : 64;
		char **nv = realloc(ex->scratch, cap * sizeof(*nv));

		if (!nv) {
			ex->nomem = 1;
			return "?";
		}
		ex->scratch = nv;
		ex->capscratch = cap;
	}
	e = oomkit_escape(s);
	if (!e) {
		ex->nomem = 1;
		return "?";
	}
	ex->scratch[ex->nscratch++] = e;
	return e;
}

/*
 * How a sentence is known: a format that starts "Read: ", "Computed: " or
 * "Inferred: " says so itself (the marker is not part of the text); else
 * its list decides. One table, one rule (test_explain_truth checks it).
 */
static const struct {
	const char *mark;
	int basis;
} basis_marks[] = {
	{ "Read: ", OOMKIT_BASIS_READ },
	{ "Computed: ", OOMKIT_BASIS_COMPUTED },
	{ "Inferred: ", OOMKIT_BASIS_INFERRED },
};

static const int list_basis[OOMKIT_EXPLAIN_LIST_COUNT_] = {
	[OOMKIT_EXPLAIN_VERDICT] = OOMKIT_BASIS_READ,
	[OOMKIT_EXPLAIN_RANKING] = OOMKIT_BASIS_COMPUTED,
	[OOMKIT_EXPLAIN_WHATIF] = OOMKIT_BASIS_COMPUTED,
	[OOMKIT_EXPLAIN_MEMORY] = OOMKIT_BASIS_READ,
	[OOMKIT_EXPLAIN_CAUSES] = OOMKIT_BASIS_INFERRED,
	[OOMKIT_EXPLAIN_HISTORY] = OOMKIT_BASIS_READ,
	[OOMKIT_EXPLAIN_ADVICE] = OOMKIT_BASIS_ADVICE,
	[OOMKIT_EXPLAIN_GAPS] = OOMKIT_BASIS_READ,
	[OOMKIT_EXPLAIN_ANSWER] = OOMKIT_BASIS_INFERRED,
};

__attribute__((format(printf, 4, 5))) static void
add(struct oomkit_explain *ex, enum oomkit_explain_list l, const char *id, const char *fmt, ...)
{
	struct list *L = &ex->l[l];
	va_list ap;
	char *text;
	int r, basis = list_basis[l], marked = 0;
	size_t k;

	for (k = 0; k < sizeof(basis_marks) / sizeof(basis_marks[0]); k++)
		if (!strncmp(fmt, basis_marks[k].mark, strlen(basis_marks[k].mark))) {
			basis = basis_marks[k].basis;
			fmt += strlen(basis_marks[k].mark);
			marked = 1;
			break;
		}
	va_start(ap, fmt);
	r = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (r < 0) {
		ex->nomem = 1;
		return;
	}
	/* "Computed: the ..." reads "The ..." once the marker is gone */
	if (marked && fmt[0] >= 'a' && fmt[0] <= 'z')
		text[0] = (char)(text[0] - 'a' + 'A');
	if (L->n == L->cap) {
		size_t cap = L->cap ? L->cap * 2 : 8;
		struct item *nv = realloc(L->v, cap * sizeof(*nv));

		if (!nv) {
			free(text);
			ex->nomem = 1;
			return;
		}
		L->v = nv;
		L->cap = cap;
	}
	L->v[L->n].id = strdup(id);
	if (!L->v[L->n].id) {
		free(text);
		ex->nomem = 1;
		return;
	}
	L->v[L->n].basis = basis;
	L->v[L->n++].text = text;
}

static int has_id(const struct oomkit_explain *ex, enum oomkit_explain_list l, const char *id)
{
	size_t i;

	for (i = 0; i < ex->l[l].n; i++)
		if (strcmp(ex->l[l].v[i].id, id) == 0)
			return 1;
	return 0;
}

/* ---- number formatting (integer only: no locale, byte-stable) ------- */

struct numbuf {
	char s[40];
};

/* "4.0 GiB", "512.0 MiB", "88 KiB" */
static struct numbuf size_kb(long long kb)
{
	struct numbuf b;
	const char *unit = "GiB";
	long long div = 1024 * 1024;

	if (kb == UNK) {
		snprintf(b.s, sizeof(b.s), "?");
		return b;
	}
	if (kb < 0)
		kb = 0;
	if (kb >= 1024LL * 1024 * 1024 * 10) {
		div = 1024LL * 1024 * 1024;
		unit = "TiB";
	} else if (kb < 1024) {
		snprintf(b.s, sizeof(b.s), "%lld KiB", kb);
		return b;
	} else if (kb < 1024 * 1024) {
		div = 1024;
		unit = "MiB";
	}
	snprintf(b.s, sizeof(b.s), "%lld.%lld %s", kb / div, (kb % div) * 10 / div, unit);
	return b;
}

/* "1,273,284" */
static struct numbuf grouped(long long v)
{
	struct numbuf b;
	char raw[32];
	size_t n, i, o = 0;
	int neg = v < 0;

	snprintf(raw, sizeof(raw), "%llu",
		 neg ? 0ULL - (unsigned long long)v : (unsigned long long)v);
	n = strlen(raw);
	if (neg)
		b.s[o++] = '-';
	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			b.s[o++] = ',';
		b.s[o++] = raw[i];
	}
	b.s[o] = '\0';
	return b;
}

static struct numbuf pct(long long part, long long whole)
{
	struct numbuf b;

	if (whole <= 0 || part == UNK)
		snprintf(b.s, sizeof(b.s), "?");
	else
		snprintf(b.s, sizeof(b.s), "%lld%%", part * 100 / whole);
	return b;
}

/* ---- the domain ------------------------------------------------------ */

/*
 * The kill line's own words: "Memory cgroup out of memory: Kill..." is
 * mem_cgroup_out_of_memory(), "Out of memory: Kill..." out_of_memory()
 * (docs/kernel.md §9.6). Before the 4.19 summary line this is how a host
 * OOM is told from a memcg one.
 */
static int prefix_is_host(const struct oomkit_event *ev)
{
	const char *p = S(ev, OOMKIT_EV_KILL_PREFIX);

	return p && strncasecmp(p, "Out of memory", 13) == 0;
}

/* the swap a memcg may use beyond its limit, in pages, or HUGE_TP */
static long long memcg_swap_pages(const struct oomkit_event *ev, long long lim)
{
	long long swl = N(ev, OOMKIT_EV_MEMCG_SWAP_LIMIT_KB),
		  swu = N(ev, OOMKIT_EV_MEMCG_SWAP_USAGE_KB);
	long long use = N(ev, OOMKIT_EV_MEMCG_USAGE_KB), memsw = N(ev, OOMKIT_EV_MEMCG_MEMSW);
	long long st = N(ev, OOMKIT_EV_SWAP_TOTAL_KB), cap;

	/*
	 * mem_cgroup_get_max() (mem_cgroup_get_limit() before 4.19): the
	 * limit plus the swap the memcg may use, capped at the host's swap.
	 * v1 prints "memory+swap:" (memory included), v2 "swap:" alone.
	 */
	if (swl == UNK || swl >= UNLIMITED_KB)
		cap = HUGE_TP;
	else if (memsw == 1 ||
		 (memsw == UNK && swl >= lim && swu != UNK && use != UNK && swu >= use && swu > 0))
		cap = swl > lim ? (swl - lim) / PAGE_KB : 0;
	else
		cap = swl / PAGE_KB;
	if (st != UNK && st >= 0 && st / PAGE_KB < cap)
		cap = st / PAGE_KB;
	return cap;
}

static void find_domain(struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	long long lim = N(ev, OOMKIT_EV_MEMCG_LIMIT_KB), st = N(ev, OOMKIT_EV_SWAP_TOTAL_KB);
	long long ram = N(ev, OOMKIT_EV_RAM_PAGES), res = N(ev, OOMKIT_EV_RESERVED_PAGES), cap;
	long long killer = N(ev, OOMKIT_EV_KILLER);
	size_t i;

	ex->constraint = oomkit_event_constraint(ev);
	ex->limit_kb = UNK;
	ex->tp_lo = ex->tp_hi = UNK;
	ex->tp_how = NULL;
	/* no summary line (before 4.19): the kill line and Mem-Info tell */
	if (ex->constraint == OOMKIT_CONSTRAINT_UNKNOWN &&
	    (killer == UNK || killer == OOMKIT_KILLER_KERNEL) && N(ev, OOMKIT_EV_MEMCG_OOM) != 1 &&
	    !S(ev, OOMKIT_EV_STATS_MEMCG) &&
	    (prefix_is_host(ev) || N(ev, OOMKIT_EV_MEMCG_OOM) == 0)) {
		ex->constraint = OOMKIT_CONSTRAINT_NONE;
		ex->host_from_prefix = 1;
	}
	switch (ex->constraint) {
	case OOMKIT_CONSTRAINT_MEMCG:
		ex->domain = S(ev, OOMKIT_EV_OOM_MEMCG);
		if (!ex->domain)
			ex->domain = S(ev, OOMKIT_EV_STATS_MEMCG);
		if (!ex->domain)
			ex->domain = S(ev, OOMKIT_EV_TASK_MEMCG);
		if (lim == UNK || lim <= 0 || lim >= UNLIMITED_KB)
			return;
		ex->limit_kb = lim;
		cap = memcg_swap_pages(ev, lim);
		ex->tp_lo = lim / PAGE_KB;
		ex->tp_hi = cap >= HUGE_TP ? HUGE_TP : ex->tp_lo + cap;
		if (ex->tp_lo < 1)
			ex->tp_lo = 1;
		if (ex->tp_hi < ex->tp_lo)
			ex->tp_hi = ex->tp_lo;
		ex->tp_how = "the limit plus the swap the cgroup may use";
		return;
	case OOMKIT_CONSTRAINT_CPUSET:
		ex->domain = S(ev, OOMKIT_EV_CPUSET);
		break;
	case OOMKIT_CONSTRAINT_MEMORY_POLICY:
		ex->domain = S(ev, OOMKIT_EV_NODEMASK);
		break;
	case OOMKIT_CONSTRAINT_NONE:
		ex->domain = "/";
		break;
	default:
		ex->domain = NULL;
		break;
	}
	/*
	 * Global: totalram_pages() + total_swap_pages (constrained_alloc()).
	 * show_mem() prints "N pages RAM" (present pages) and "N pages
	 * reserved" (present less managed), so RAM - reserved is
	 * totalram_pages; "Total swap" gives the swap. Cpuset and mempolicy
	 * count their nodes' pages, which the report does not total.
	 */
	ex->tp_lo = 1;
	for (i = 0; i < ex->nc; i++)
		if (ex->c[i].usage > ex->tp_lo)
			ex->tp_lo = ex->c[i].usage;
	if (st != UNK && st > 0)
		ex->tp_lo += st / PAGE_KB;
	ex->tp_hi = HUGE_TP;
	if (ex->constraint != OOMKIT_CONSTRAINT_NONE || ram == UNK || ram <= 0 || ram >= HUGE_TP ||
	    st == UNK || st < 0 || st / PAGE_KB >= HUGE_TP)
		return;
	if (res != UNK && res >= 0 && res < ram && ram - res + st / PAGE_KB >= ex->tp_lo) {
		ex->tp_lo = ex->tp_hi = ram - res + st / PAGE_KB;
		ex->tp_how = "\"pages RAM\" less \"pages reserved\", plus \"Total swap\"";
	} else if (ram + st / PAGE_KB >= ex->tp_lo) {
		ex->tp_hi = ram + st / PAGE_KB;
		ex->tp_how = "at most \"pages RAM\" plus \"Total swap\"";
	}
}

/* ---- the ranking ----------------------------------------------------- */

static int find_era(const struct oomkit_event *ev)
{
	if (oomkit_event_task_count(ev) == 0)
		return OOMKIT_ERA_UNKNOWN;
	if (T(ev, 0, OOMKIT_TASK_RSS_ANON) != UNK)
		return OOMKIT_ERA_RSS_SPLIT;
	if (T(ev, 0, OOMKIT_TASK_PGTABLES_BYTES) != UNK)
		return OOMKIT_ERA_PGTABLES;
	if (T(ev, 0, OOMKIT_TASK_NR_PTES) != UNK)
		return OOMKIT_ERA_NR_PTES;
	if (T(ev, 0, OOMKIT_TASK_OOM_SCORE_ADJ) != UNK)
		return OOMKIT_ERA_PERMILLE;
	return OOMKIT_ERA_BADNESS_VM;
}

static long long nz(long long v)
{
	return v == UNK || v < 0 ? 0 : v;
}

/* rows of oomkit__badness_eras, by their first release */
enum {
	ERA_2_6_36,
	ERA_3_5,
	ERA_3_14,
	ERA_4_7,
	ERA_4_9,
	ERA_4_17,
	ERA_5_3,
	ERA_5_9,
	ERA_6_8,
};

static const struct oomkit__badness_era *ER(int i)
{
	return &oomkit__badness_eras[i];
}

/* the tie rule of era @e for this report's kind of scan */
static int ties(const struct oomkit_explain *ex, int e)
{
	return ex->constraint == OOMKIT_CONSTRAINT_MEMCG ? ER(e)->ties_memcg : ER(e)->ties;
}

static int walk(const struct oomkit_explain *ex, int e)
{
	return ex->constraint == OOMKIT_CONSTRAINT_MEMCG ? ER(e)->walk_memcg : ER(e)->walk;
}

/* what-if modes of top_at() */
#define ADJ_AS_IS 0
#define ADJ_ALL_ZERO 1

/* oom_badness() of @c by era @e at @tp; @cap: uid 0 holds CAP_SYS_ADMIN */
static long long badness(const struct cand *c, int e, long long tp, int cap, int adjmode)
{
	return oomkit__era_badness(ER(e), c->usage, adjmode == ADJ_ALL_ZERO ? 0 : c->adj, tp,
				   cap && c->uid == 0);
}

/*
 * Index of the candidate the kernel would choose by era @e at @tp: the
 * scan in table order (the kernel's task order), the era's tie rule
 * deciding equal points; -1 when none is eligible.
 */
static long top_at(const struct oomkit_explain *ex, int e, long long tp, int cap, int adjmode)
{
	long best = -1;
	long long bb = 0, b;
	size_t r;

	for (r = 0; r < ex->nc; r++) {
		long k = (long)ex->byrow[r];
		const struct cand *c = &ex->c[k];

		if (!c->eligible)
			continue;
		b = badness(c, e, tp, cap, adjmode);
		if (best < 0 || b > bb || (b == bb && ties(ex, e) == OOMKIT__TIES_LAST)) {
			best = k;
			bb = b;
		}
	}
	return best;
}

/*
 * Every reading of the report the evidence allows: each candidate era,
 * the ends of the totalpages range, and with or without the root bonus
 * where the era had one (capabilities are not logged). @fn is called for
 * each; it returns nonzero to stop.
 */
static int has_root(const struct oomkit_explain *ex)
{
	size_t i;

	for (i = 0; i < ex->nc; i++)
		if (ex->c[i].uid == 0 && ex->c[i].eligible)
			return 1;
	return 0;
}

static size_t readings(const struct oomkit_explain *ex, struct reading *out, size_t max)
{
	size_t n = 0;
	int e, cap, t;

	for (e = ex->rlo; e <= ex->rhi; e++)
		for (cap = 0; cap <= (ER(e)->bonus != OOMKIT__BONUS_NONE && has_root(ex)); cap++)
			for (t = 0; t < 2 && n < max; t++) {
				long long lo = ex->tp_lo, hi = ex->tp_hi, tp;

				/* the kill line's score fixed this reading's own range */
				if (ex->score_fixed) {
					if (!ex->valid[e][cap].ok)
						break;
					lo = ex->valid[e][cap].lo;
					hi = ex->valid[e][cap].hi;
				}
				tp = t ? hi : lo;
				if (t && hi == lo)
					break;
				out[n].era = e;
				out[n].cap = cap;
				out[n++].tp = tp;
			}
	return n;
}

static int cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->eligible != y->eligible)
		return y->eligible - x->eligible;
	if (x->badness != y->badness)
		return x->badness > y->badness ? -1 : 1;
	/* equal points: the last scanned wins (5.9+) */
	return x->row < y->row ? 1 : -1;
}

static int cmp_cand_old(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->eligible != y->eligible)
		return y->eligible - x->eligible;
	if (x->badness != y->badness)
		return x->badness > y->badness ? -1 : 1;
	return x->row < y->row ? -1 : 1;
}

static long long kernel_choice(const struct oomkit_event *ev)
{
	long long v = N(ev, OOMKIT_EV_SELECTED_PID);

	return v != UNK ? v : N(ev, OOMKIT_EV_PID);
}

/*
 * The table row of the kernel's choice. The kill line names a task: its
 * pid, or its tgid; where the scan walked threads (before 4.x) a thread
 * id the table does not list, so then the killed pid and the size the
 * kill line printed (total-vm, the same for every thread) find the row.
 */
static void mark_victim(struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	long long vpid = kernel_choice(ev), kpid = N(ev, OOMKIT_EV_PID);
	long long vm = N(ev, OOMKIT_EV_TOTAL_VM_KB);
	const char *comm = S(ev, OOMKIT_EV_COMM);
	size_t i, n = 0, k = 0;

	if (vpid == UNK)
		return;
	for (i = 0; i < ex->nc; i++)
		if (ex->c[i].pid == vpid || ex->c[i].tgid == vpid) {
			ex->c[i].victim = 1;
			return;
		}
	for (i = 0; i < ex->nc; i++)
		if (kpid != UNK && (ex->c[i].pid == kpid || ex->c[i].tgid == kpid)) {
			ex->c[i].victim = 1;
			ex->victim_by = "the killed pid";
			return;
		}
	if (vm == UNK || !comm)
		return;
	for (i = 0; i < ex->nc; i++)
		if (T(ev, ex->c[i].row, OOMKIT_TASK_TOTAL_VM) * PAGE_KB == vm &&
		    strcmp(oomkit_event_task_name(ev, ex->c[i].row), comm) == 0) {
			n++;
			k = i;
		}
	if (n == 1) {
		ex->c[k].victim = 1;
		ex->victim_by = "its name and total-vm";
	}
}

static void build_candidates(struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	size_t n = oomkit_event_task_count(ev), i;

	ex->era = find_era(ev);
	if (ex->era == OOMKIT_ERA_UNKNOWN || ex->era == OOMKIT_ERA_BADNESS_VM)
		return;
	ex->c = calloc(n, sizeof(*ex->c));
	if (!ex->c) {
		ex->nomem = 1;
		return;
	}
	for (i = 0; i < n; i++) {
		struct cand *c = &ex->c[ex->nc];
		long long rss = nz(T(ev, i, OOMKIT_TASK_RSS)), pt = 0;

		c->row = i;
		c->pid = T(ev, i, OOMKIT_TASK_PID);
		c->tgid = T(ev, i, OOMKIT_TASK_TGID);
		c->uid = T(ev, i, OOMKIT_TASK_UID);
		c->adj = T(ev, i, OOMKIT_TASK_OOM_SCORE_ADJ);
		if (c->adj == UNK || c->adj < -1000 || c->adj > 1000)
			c->adj = 0; /* no kernel prints one out of range */
		if (ex->era == OOMKIT_ERA_PGTABLES || ex->era == OOMKIT_ERA_RSS_SPLIT)
			pt = nz(T(ev, i, OOMKIT_TASK_PGTABLES_BYTES)) / (PAGE_KB * 1024);
		else
			/* page-table pages: nr_ptes, and nr_pmds (4.1+) and nr_puds
			 * (4.14, ≈) where the table prints them (docs/kernel.md §9.4) */
			pt = nz(T(ev, i, OOMKIT_TASK_NR_PTES)) + nz(T(ev, i, OOMKIT_TASK_NR_PMDS)) +
			     nz(T(ev, i, OOMKIT_TASK_NR_PUDS));
		/* the 2.6.36 - 3.7 table has no swapents: swap is unknown there */
		c->rss = rss;
		c->swap = nz(T(ev, i, OOMKIT_TASK_SWAPENTS));
		c->usage = rss + c->swap + pt;
		/* adj -1000 is never chosen (OOM_SCORE_ADJ_MIN) */
		c->eligible = c->adj != OOM_SCORE_ADJ_MIN;
		c->name = (char *)esc(ex, oomkit_event_task_name(ev, i));
		ex->nc++;
	}
	mark_victim(ex);
}

/* a 4.17+ sign in the report: the summary line (4.19+) or a 5.1+ kill line */
static int modern_report(const struct oomkit_event *ev)
{
	return S(ev, OOMKIT_EV_CONSTRAINT) ||
	       (N(ev, OOMKIT_EV_SELECTED_PID) == UNK && N(ev, OOMKIT_EV_PGTABLES_KB) != UNK);
}

/*
 * The candidate eras [rlo, rhi] of the badness table: the stack dump's
 * release when given, else what the task table's columns and the report's
 * lines allow (docs/kernel.md §13).
 */
static void set_rules(struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	long long rel = oomkit__release_num(S(ev, OOMKIT_EV_KERNEL_VERSION));
	int e = rel >= 0 ? oomkit__era_of_release(rel) : -1;

	ex->rlo = 0;
	ex->rhi = -1;
	switch (ex->era) {
	case OOMKIT_ERA_PERMILLE: /* "cpu oom_adj oom_score_adj": 2.6.36 - 3.5 */
		ex->rlo = ERA_2_6_36;
		ex->rhi = ERA_3_5;
		break;
	case OOMKIT_ERA_NR_PTES: /* "nr_ptes ... swapents": 3.6 - 4.14 */
		ex->rlo = ERA_3_5;
		ex->rhi = ERA_4_9;
		break;
	case OOMKIT_ERA_PGTABLES: /* "pgtables_bytes": 4.15 - 6.7 */
		ex->rlo = ERA_4_9;
		ex->rhi = ERA_5_9;
		/* "Kill process ... score": 5.0 or older; a summary line or a
		 * 5.1+ kill line: 4.17 or later (docs/kernel.md §13.2) */
		if (N(ev, OOMKIT_EV_SELECTED_PID) != UNK)
			ex->rhi = ERA_4_17;
		if (modern_report(ev))
			ex->rlo = ERA_4_17;
		break;
	case OOMKIT_ERA_RSS_SPLIT:
		ex->rlo = ex->rhi = ERA_6_8;
		break;
	default:
		return;
	}
	if (ex->rlo > ex->rhi)
		ex->rlo = ex->rhi;
	/* the version line, when given, decides (upstream releases) */
	if (e >= 0 && e >= ex->rlo - 1 && e <= ex->rhi + 1) {
		ex->rlo = ex->rhi = e;
		ex->era_from_version = 1;
	}
	/* shown by default: the rules most of the table's releases had */
	ex->rprim = ex->era == OOMKIT_ERA_PERMILLE ? ex->rlo : ex->rhi;
}

/* the score the kill line would print at @tp by era @e */
static long long score_at(const struct cand *v, int e, long long tp, int cap)
{
	return oomkit__era_score(ER(e), badness(v, e, tp, cap, ADJ_AS_IS), tp);
}

/*
 * The kill line's "score N" (up to 5.0) is a function of totalpages that
 * does not rise as totalpages grows: narrow [tp_lo, tp_hi] from both
 * sides to the values that reproduce it, over the readings that can; an
 * era that reproduces it nowhere is dropped.
 */
static void narrow_by_score(struct oomkit_explain *ex)
{
	long long score = N(ex->ev, OOMKIT_EV_SCORE), lo = UNK, hi = UNK;
	const struct cand *v = NULL;
	int e, cap, elo = -1, ehi = -1;
	size_t i;

	if (score == UNK || ex->tp_lo == UNK || ex->rhi < 0 ||
	    N(ex->ev, OOMKIT_EV_SELECTED_PID) == UNK)
		return;
	for (i = 0; i < ex->nc; i++)
		if (ex->c[i].victim)
			v = &ex->c[i];
	if (!v)
		return;
	for (e = ex->rlo; e <= ex->rhi; e++) {
		int ok = 0;

		for (cap = 0; cap <= (ER(e)->bonus != OOMKIT__BONUS_NONE && v->uid == 0); cap++) {
			long long a = ex->tp_lo, b = ex->tp_hi, m, first, last;

			/* the smallest t with score_at(t) <= score */
			if (score_at(v, e, b, cap) > score || score_at(v, e, a, cap) < score)
				continue;
			while (a < b) {
				m = a + (b - a) / 2;
				if (score_at(v, e, m, cap) <= score)
					b = m;
				else
					a = m + 1;
			}
			first = a;
			/* the largest t with score_at(t) >= score */
			a = first;
			b = ex->tp_hi;
			while (a < b) {
				m = a + (b - a + 1) / 2;
				if (score_at(v, e, m, cap) >= score)
					a = m;
				else
					b = m - 1;
			}
			last = a;
			if (score_at(v, e, first, cap) != score)
				continue;
			ex->valid[e][cap].ok = 1;
			ex->valid[e][cap].lo = first;
			ex->valid[e][cap].hi = last;
			ok = 1;
			lo = lo == UNK || first < lo ? first : lo;
			hi = hi == UNK || last > hi ? last : hi;
		}
		if (ok) {
			elo = elo < 0 ? e : elo;
			ehi = e;
		}
	}
	if (lo == UNK) {
		add(ex, OOMKIT_EXPLAIN_RANKING, "score_unmatched",
		    "The kill line's score %lld is not reproduced by the table's numbers at any "
		    "totalpages the report allows: the rebuilt badness is not the kernel's.",
		    score);
		ex->score_unmatched = 1;
		return;
	}
	if (elo > ex->rlo || ehi < ex->rhi) {
		ex->rlo = elo;
		ex->rhi = ehi;
		if (ex->rprim > ehi || ex->rprim < elo)
			ex->rprim = ehi;
	}
	if (lo > ex->tp_lo || hi < ex->tp_hi) {
		add(ex, OOMKIT_EXPLAIN_RANKING, "score",
		    "Computed: the kill line's score %lld (%s) holds only for totalpages %s%s%s.",
		    score,
		    ER(ex->rlo)->unit == OOMKIT__UNIT_PERMILLE ? "the victim's points" :
								 "badness x 1000 / totalpages",
		    grouped(lo).s, lo == hi ? "" : " to ", lo == hi ? "" : grouped(hi).s);
		ex->tp_lo = lo;
		ex->tp_hi = hi;
	}
	ex->score_fixed = 1;
	if (score == 0 && v->adj < 0)
		add(ex, OOMKIT_EXPLAIN_RANKING, "score_floor",
		    "Score 0 with oom_score_adj %lld: the victim's badness was at the floor "
		    "(1 point, less than one permille), not a measured size.",
		    v->adj);
}

static void rank_at(struct oomkit_explain *ex, int e, long long tp, int cap)
{
	size_t i;

	for (i = 0; i < ex->nc; i++) {
		struct cand *c = &ex->c[i];

		c->badness = badness(c, e, tp, cap, ADJ_AS_IS);
		c->adj_pages = ER(e)->unit == OOMKIT__UNIT_PERMILLE ? c->adj : c->adj * (tp / 1000);
	}
}

/* rank at reading @r, sorted as the kernel's scan ranks, byrow kept right */
static void rank_reading(struct oomkit_explain *ex, const struct reading *r)
{
	size_t i;

	rank_at(ex, r->era, r->tp, r->cap);
	qsort(ex->c, ex->nc, sizeof(*ex->c),
	      ties(ex, r->era) == OOMKIT__TIES_FIRST ? cmp_cand_old : cmp_cand);
	for (i = 0; i < ex->nc; i++)
		ex->byrow[ex->c[i].row] = i;
	ex->shown = *r;
}

/* the first ranking: the primary era at the lowest totalpages, no bonus */
static void rank(struct oomkit_explain *ex)
{
	const struct reading r = { .era = ex->rprim, .cap = 0, .tp = ex->tp_lo };

	if (!ex->nc || ex->rhi < 0)
		return;
	ex->byrow = calloc(ex->nc, sizeof(*ex->byrow));
	if (!ex->byrow) {
		ex->nomem = 1;
		ex->nc = 0;
		return;
	}
	rank_reading(ex, &r);
}

/* the report listed more rows than were kept */
static int table_cut(const struct oomkit_explain *ex)
{
	long long rows = N(ex->ev, OOMKIT_EV_TASKS_TOTAL);

	return rows != UNK && (size_t)rows > oomkit_event_task_count(ex->ev);
}

static const struct cand *victim_cand(const struct oomkit_explain *ex)
{
	size_t i;

	for (i = 0; i < ex->nc; i++)
		if (ex->c[i].victim)
			return &ex->c[i];
	return NULL;
}

#define MAX_READINGS 24

/*
 * Does the rebuilt ranking choose the kernel's victim? 1 under every
 * reading, 0 under none, AGREE_DEPENDS in between (the notes say on
 * what). The ranking shown is a reading that reproduces the kernel's
 * choice when there is one.
 */
#define AGREE_DEPENDS 2

static void agreement(struct oomkit_explain *ex, const struct cand *v)
{
	struct reading rd[MAX_READINGS];
	size_t n = readings(ex, rd, MAX_READINGS), i, j, yes = 0, k = n;
	int era_matters = 0, cap_matters = 0, tp_matters = 0, hit[MAX_READINGS];

	for (i = 0; i < n; i++) {
		long t = top_at(ex, rd[i].era, rd[i].tp, rd[i].cap, ADJ_AS_IS);

		hit[i] = t >= 0 && ex->c[t].row == v->row;
		if (!hit[i])
			continue;
		yes++;
		/* shown: the primary era first, then no bonus, then tp_lo */
		if (k == n || (rd[k].era != ex->rprim && rd[i].era == ex->rprim))
			k = i;
	}
	/* what differs between a reading that reproduces the choice and one that does not */
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			if (hit[i] == hit[j])
				continue;
			era_matters |= rd[i].era != rd[j].era;
			cap_matters |= rd[i].cap != rd[j].cap;
			tp_matters |= rd[i].tp != rd[j].tp;
		}
	if (k < n)
		rank_reading(ex, &rd[k]);
	ex->agrees = yes == n ? 1 : yes == 0 ? 0 : AGREE_DEPENDS;
	if (ex->agrees != AGREE_DEPENDS)
		return;
	add(ex, OOMKIT_EXPLAIN_RANKING, "depends",
	    "Computed: the kernel's choice comes first only for some readings of the report: "
	    "it depends on %s%s%s%s%s. Shown: kernels %s, totalpages %s%s.",
	    era_matters ? "the kernel release (the report does not name it)" : "",
	    era_matters && (cap_matters || tp_matters) ? " and " : "",
	    cap_matters ? "which uid-0 tasks held CAP_SYS_ADMIN (not logged)" : "",
	    cap_matters && tp_matters ? " and " : "",
	    tp_matters ? "totalpages, which the report does not fix" : "", ER(ex->shown.era)->name,
	    ex->shown.tp >= HUGE_TP ? "as large as the report allows" : grouped(ex->shown.tp).s,
	    ex->shown.cap ? ", uid-0 tasks with the root bonus" : "");
}

/* "4.17 to 6.7": the releases the candidate eras cover */
static const char *era_span(struct oomkit_explain *ex)
{
	char buf[64];
	const char *a = ER(ex->rlo)->name, *b = ER(ex->rhi)->name, *sp = strrchr(b, ' ');

	if (!strcmp(b, "6.8 and later"))
		sp = NULL;
	snprintf(buf, sizeof(buf), "%.*s to %s", (int)strcspn(a, " "), a, sp ? sp + 1 : b);
	return esc(ex, buf);
}

static void ranking_notes(struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	long long outcome = N(ev, OOMKIT_EV_OUTCOME), killer = N(ev, OOMKIT_EV_KILLER);
	long long rows = N(ev, OOMKIT_EV_TASKS_TOTAL), vpid = kernel_choice(ev);
	const char *prefix = S(ev, OOMKIT_EV_KILL_PREFIX);
	const struct cand *v = victim_cand(ex);
	int cut = rows != UNK && (size_t)rows > oomkit_event_task_count(ev);

	ex->agrees = UNK;
	if (killer != UNK && killer != OOMKIT_KILLER_KERNEL) {
		add(ex, OOMKIT_EXPLAIN_RANKING, "userspace",
		    "A userspace OOM killer (%s) chose this victim by its own policy: the "
		    "kernel's badness ranking does not apply.",
		    oomkit_killer_name((enum oomkit_event_killer)killer));
		return;
	}
	if (N(ev, OOMKIT_EV_TASK_COLUMNS_UNKNOWN) == 1) {
		add(ex, OOMKIT_EXPLAIN_RANKING, "columns_unknown",
		    "Read: the task table's header names columns no upstream kernel prints (a "
		    "patched kernel), so its rows are not read and the ranking is not rebuilt.");
		return;
	}
	if (ex->era == OOMKIT_ERA_UNKNOWN) {
		if (rows != UNK && rows > 0)
			return;
		if (N(ex->ev, OOMKIT_EV_TASK_HEADER) == 1)
			add(ex, OOMKIT_EXPLAIN_GAPS, "no_task_rows",
			    "The task table's header is in the log but none of its rows (an "
			    "empty table, or lines filtered out), so the ranking cannot be "
			    "rebuilt.");
		else
			add(ex, OOMKIT_EXPLAIN_GAPS, "no_task_table",
			    "The log has no task table for this OOM (vm.oom_dump_tasks=0, or "
			    "lines cut or filtered out), so the ranking cannot be rebuilt.");
		return;
	}
	if (ex->era == OOMKIT_ERA_BADNESS_VM) {
		add(ex, OOMKIT_EXPLAIN_RANKING, "era",
		    "This task table is from a kernel before 2.6.36, whose badness() used "
		    "virtual size, CPU time, run time, nice and children: the table does not "
		    "give those, so the ranking is not rebuilt.");
		return;
	}
	if (ex->nc == 0 || ex->rhi < 0)
		return;
	add(ex, OOMKIT_EXPLAIN_RANKING, "era",
	    "Rules of kernels %s (%s%s%s): %s; ties: %s; scan: %s%s.", ER(ex->rprim)->name,
	    ex->era_from_version ? "stack dump: " : "table fits ",
	    ex->era_from_version ? esc(ex, S(ev, OOMKIT_EV_KERNEL_VERSION)) : era_span(ex),
	    ex->rlo != ex->rhi ? ", each tried" : "", ER(ex->rprim)->brief,
	    ties(ex, ex->rprim) == OOMKIT__TIES_FIRST ? "first wins" : "last wins",
	    walk(ex, ex->rprim) == OOMKIT__WALK_THREADS ? "threads" : "processes",
	    ER(ex->rprim)->bonus == OOMKIT__BONUS_NONE ? "; no root bonus since 4.17" :
							 "; uid 0 tried with and without the root "
							 "bonus");
	if (ex->era == OOMKIT_ERA_PERMILLE)
		add(ex, OOMKIT_EXPLAIN_GAPS, "no_swapents",
		    "This kernel's task table has no swapents column: the swap each task held "
		    "is unknown, and counted as 0.");
	if (cut)
		add(ex, OOMKIT_EXPLAIN_GAPS, "table_cut",
		    "The report listed %lld tasks, of which only %zu were kept: the ranking "
		    "covers those.",
		    rows, oomkit_event_task_count(ev));
	if (outcome == OOMKIT_OUTCOME_NO_KILLABLE || outcome == OOMKIT_OUTCOME_PANIC ||
	    outcome == OOMKIT_OUTCOME_INCOMPLETE || vpid == UNK) {
		add(ex, OOMKIT_EXPLAIN_RANKING, "no_choice",
		    "The kernel chose no victim in this report, so there is no choice to "
		    "compare the ranking with.");
		return;
	}
	if (prefix && strstr(prefix, "oom_kill_allocating_task")) {
		ex->agrees = 0;
		add(ex, OOMKIT_EXPLAIN_RANKING, "allocating_task",
		    "Read: vm.oom_kill_allocating_task=1 (the kill line says so): the kernel "
		    "killed the allocating task without ranking anything.");
		return;
	}
	if (!v) {
		/* rows were dropped: the victim may be among them (cannot tell) */
		ex->agrees = cut ? UNK : 0;
		add(ex, OOMKIT_EXPLAIN_RANKING, "victim_not_listed",
		    "The kernel's choice, pid %lld, is not in the task table%s, so the rebuilt "
		    "ranking cannot put it first.",
		    vpid,
		    cut ? " (rows were cut)" :
			  " (the table is incomplete, or lists another thread of that process)");
		return;
	}
	if (ex->victim_by)
		add(ex, OOMKIT_EXPLAIN_RANKING, "victim_row",
		    "Inferred: the kill line's pid %lld is no row; pid %lld's row matches by %s "
		    "(the scan visits threads).",
		    vpid, v->pid, ex->victim_by);
	agreement(ex, v);
	v = victim_cand(ex);
	if (ex->agrees == 0) {
		if (!v->eligible)
			add(ex, OOMKIT_EXPLAIN_RANKING, "victim_ineligible",
			    "The table lists the kernel's choice, %s (pid %lld), with "
			    "oom_score_adj -1000, which can never be chosen: the table was "
			    "printed before its adj changed, or it shared memory with a victim.",
			    v->name, v->pid);
		else
			add(ex, OOMKIT_EXPLAIN_RANKING, "disagrees",
			    "Computed: the rebuilt ranking puts %s (pid %lld) first, not the "
			    "kernel's choice %s (pid %lld), under every reading the report allows; "
			    "the report does not show why (the table is a snapshot taken before "
			    "the choice, and a task already being killed is skipped).",
			    ex->c[0].name, ex->c[0].pid, v->name, v->pid);
	}
}

/* MiB of @pages, for margins ("28 MiB") */
static struct numbuf pages_size(long long pages)
{
	return size_kb(pages * PAGE_KB);
}

/*
 * The margin of the choice and the what-ifs, only where they hold under
 * the reading shown and change the outcome in the symmetric test: every
 * oom_score_adj set to 0 (docs/kernel.md §13.3).
 */
static void whatifs(struct oomkit_explain *ex)
{
	const struct cand *v = victim_cand(ex), *second = NULL;
	const struct reading *r = &ex->shown;
	long long adj0 = UNK;
	long top0;
	size_t i, neligible = 0;
	int same_adj = 1;

	if (ex->agrees != 1 && ex->agrees != AGREE_DEPENDS)
		return;
	if (!v || ex->nc < 2)
		return;
	for (i = 0; i < ex->nc; i++) {
		const struct cand *c = &ex->c[i];

		if (!c->eligible)
			continue;
		neligible++;
		if (adj0 == UNK)
			adj0 = c->adj;
		else if (c->adj != adj0)
			same_adj = 0;
		if (c != v && !second)
			second = c;
	}
	/* no margin at the floor: more memory would not lift a clamped score */
	if (second && ER(r->era)->unit == OOMKIT__UNIT_PAGES && v->badness >= second->badness &&
	    !(ER(r->era)->floor_one && second->badness <= 1))
		add(ex, OOMKIT_EXPLAIN_RANKING, "margin",
		    "Computed: margin %s pages: %s (pid %lld) needed %s more to be chosen.",
		    grouped(v->badness - second->badness).s, second->name, second->pid,
		    pages_size(v->badness - second->badness + 1).s);
	top0 = top_at(ex, r->era, r->tp, r->cap, ADJ_ALL_ZERO);
	if (same_adj && neligible > 1) {
		if (top0 >= 0 && &ex->c[top0] != v)
			add(ex, OOMKIT_EXPLAIN_WHATIF, "floor",
			    "All %zu candidates had oom_score_adj %lld, which held every score at "
			    "the floor of 1: the first task scanned was chosen. With adj 0 for "
			    "all, "
			    "%s (pid %lld) would have been.",
			    neligible, adj0, ex->c[top0].name, ex->c[top0].pid);
		else if (adj0 != 0)
			add(ex, OOMKIT_EXPLAIN_WHATIF, "same_adj",
			    "All %zu candidates had oom_score_adj %lld: it did not change the "
			    "order.",
			    neligible, adj0);
		return;
	}
	if (top0 < 0 || &ex->c[top0] == v) {
		if (v->adj != 0)
			add(ex, OOMKIT_EXPLAIN_WHATIF, "adj_no_effect",
			    "With every oom_score_adj at 0 the kernel would still have chosen %s "
			    "(pid %lld): its size decided, not the adj values.",
			    v->name, v->pid);
		return;
	}
	add(ex, OOMKIT_EXPLAIN_WHATIF, "adj_decided",
	    "With every oom_score_adj at 0, %s (pid %lld, adj %lld) would have been chosen "
	    "instead of %s (pid %lld, adj %lld): the adj values decided the victim.",
	    ex->c[top0].name, ex->c[top0].pid, ex->c[top0].adj, v->name, v->pid, v->adj);
}

/* ---- verdict --------------------------------------------------------- */

static void verdict_domain(struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	long long use = N(ev, OOMKIT_EV_MEMCG_USAGE_KB), fc = N(ev, OOMKIT_EV_MEMCG_FAILCNT);
	long long sfree = N(ev, OOMKIT_EV_SWAP_FREE_KB), stot = N(ev, OOMKIT_EV_SWAP_TOTAL_KB);
	const char *tm = S(ev, OOMKIT_EV_TASK_MEMCG);

	switch (ex->constraint) {
	case OOMKIT_CONSTRAINT_MEMCG:
		if (ex->limit_kb != UNK)
			add(ex, OOMKIT_EXPLAIN_VERDICT, "domain",
			    "The memory cgroup %s reached its limit of %s (usage %s, failcnt %s).",
			    ex->domain ? esc(ex, ex->domain) : "(name not in the log)",
			    size_kb(ex->limit_kb).s, size_kb(use).s,
			    fc == UNK ? "?" : grouped(fc).s);
		else
			add(ex, OOMKIT_EXPLAIN_VERDICT, "domain",
			    "The memory cgroup %s ran out of memory (its limit is not in the "
			    "log).",
			    ex->domain ? esc(ex, ex->domain) : "(name not in the log)");
		if (tm && ex->domain && strcmp(tm, ex->domain) != 0)
			add(ex, OOMKIT_EXPLAIN_VERDICT, "task_memcg",
			    "The victim was in %s, below that cgroup.", esc(ex, tm));
		break;
	case OOMKIT_CONSTRAINT_NONE:
		if (stot == 0)
			add(ex, OOMKIT_EXPLAIN_VERDICT, "domain",
			    "The host ran out of RAM, and it has no swap (Total swap = 0kB).");
		else if (stot != UNK && sfree != UNK && sfree * 20 < stot)
			add(ex, OOMKIT_EXPLAIN_VERDICT, "domain",
			    "The host ran out of RAM and swap (%s of %s swap free).",
			    size_kb(sfree).s, size_kb(stot).s);
		else if (stot != UNK && sfree != UNK)
			add(ex, OOMKIT_EXPLAIN_VERDICT, "domain",
			    "A global OOM with swap to spare (%s of %s free): RAM could not be "
			    "found for this allocation.",
			    size_kb(sfree).s, size_kb(stot).s);
		else
			add(ex, OOMKIT_EXPLAIN_VERDICT, "domain",
			    "A global OOM: the host's RAM and swap (the swap lines are not in the "
			    "log).");
		if (ex->host_from_prefix)
			add(ex, OOMKIT_EXPLAIN_VERDICT, "host_from_prefix",
			    "Read: \"Out of memory:\" on the kill line is out_of_memory(), not a "
			    "memory cgroup's; before 4.19 the report does not say whether a cpuset "
			    "or memory policy limited the nodes.");
		break;
	case OOMKIT_CONSTRAINT_CPUSET:
		add(ex, OOMKIT_EXPLAIN_VERDICT, "domain",
		    "The allocation could use only the memory nodes of cpuset %s (mems %s); "
		    "memory elsewhere did not count (see the causes for what the zones show).",
		    esc(ex, S(ev, OOMKIT_EV_CPUSET)), esc(ex, S(ev, OOMKIT_EV_MEMS_ALLOWED)));
		break;
	case OOMKIT_CONSTRAINT_MEMORY_POLICY:
		add(ex, OOMKIT_EXPLAIN_VERDICT, "domain",
		    "The allocation was bound by a memory policy (mbind/set_mempolicy, "
		    "nodemask %s): only those nodes' memory counted.",
		    esc(ex, S(ev, OOMKIT_EV_NODEMASK)));
		break;
	default:
		if (N(ev, OOMKIT_EV_KILLER) == OOMKIT_KILLER_EARLYOOM)
			add(ex, OOMKIT_EXPLAIN_VERDICT, "domain",
			    "earlyoom watches the host's available memory and free swap and "
			    "kills before the kernel's OOM killer would run.");
		else if (N(ev, OOMKIT_EV_KILLER) != UNK &&
			 N(ev, OOMKIT_EV_KILLER) != OOMKIT_KILLER_KERNEL)
			add(ex, OOMKIT_EXPLAIN_VERDICT, "domain",
			    "%s acts on a cgroup's memory pressure or swap use%s%s, before the "
			    "kernel's OOM killer would run.",
			    oomkit_killer_name((enum oomkit_event_killer)N(ev, OOMKIT_EV_KILLER)),
			    tm ? ": here " : "", tm ? esc(ex, tm) : "");
		else
			add(ex, OOMKIT_EXPLAIN_GAPS, "domain",
			    "The log does not say which OOM domain ran out (no oom-kill: summary "
			    "line and no memory cgroup lines).");
		break;
	}
}

static void verdict_victim(struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	long long pid = N(ev, OOMKIT_EV_PID), uid = N(ev, OOMKIT_EV_UID);
	long long outcome = N(ev, OOMKIT_EV_OUTCOME), killer = N(ev, OOMKIT_EV_KILLER);
	long long anon = N(ev, OOMKIT_EV_ANON_RSS_KB), file = N(ev, OOMKIT_EV_FILE_RSS_KB);
	long long shm = N(ev, OOMKIT_EV_SHMEM_RSS_KB), pt = N(ev, OOMKIT_EV_PGTABLES_KB);
	long long sel = N(ev, OOMKIT_EV_SELECTED_PID), swap = UNK;
	const struct cand *v = victim_cand(ex);
	const char *by = "the kernel's OOM killer";
	char uidtxt[32] = "";

	if (killer != UNK && killer != OOMKIT_KILLER_KERNEL)
		by = oomkit_killer_name((enum oomkit_event_killer)killer);
	switch (outcome) {
	case OOMKIT_OUTCOME_NO_KILLABLE:
		add(ex, OOMKIT_EXPLAIN_VERDICT, "no_victim",
		    "Nothing was killed: the kernel found no killable process (every "
		    "candidate had oom_score_adj -1000, or was init or a kernel thread). "
		    "A memcg OOM then fails the charge; a global one panics.");
		return;
	case OOMKIT_OUTCOME_PANIC:
		if (N(ev, OOMKIT_EV_PANIC_COMPULSORY) == 1)
			add(ex, OOMKIT_EXPLAIN_VERDICT, "panic",
			    "Read: nothing was killed: the host panicked because vm.panic_on_oom=2 "
			    "(\"compulsory panic_on_oom\"), which panics on every OOM, memcg, "
			    "cpuset and older kernels' SysRq-f ones included.");
		else
			add(ex, OOMKIT_EXPLAIN_VERDICT, "panic",
			    "Nothing was killed: the kernel panicked (vm.panic_on_oom=1 on a "
			    "global OOM, or a global OOM with nothing left to kill).");
		return;
	case OOMKIT_OUTCOME_VICTIM_EXITING:
		add(ex, OOMKIT_EXPLAIN_VERDICT, "exiting",
		    "Nothing new was killed: the chosen task, %s (pid %lld), was already "
		    "exiting, so the kernel let it free its memory.",
		    esc(ex, S(ev, OOMKIT_EV_COMM)), pid);
		return;
	case OOMKIT_OUTCOME_INCOMPLETE:
		add(ex, OOMKIT_EXPLAIN_VERDICT, "incomplete",
		    "The report ends before its outcome: the log does not show whether "
		    "anything was killed.");
		add(ex, OOMKIT_EXPLAIN_GAPS, "no_outcome",
		    "The kill line (or \"no killable processes\") of this report is not in "
		    "the log.");
		return;
	default:
		break;
	}
	if (pid == UNK) {
		/* systemd-oomd kills a whole cgroup and logs no pid */
		add(ex, OOMKIT_EXPLAIN_VERDICT, "victim", "%s killed the processes of %s.",
		    killer != UNK && killer != OOMKIT_KILLER_KERNEL ? by :
								      "The kernel's OOM killer",
		    S(ev, OOMKIT_EV_TASK_MEMCG) ? esc(ex, S(ev, OOMKIT_EV_TASK_MEMCG)) :
						  "a process the log does not name");
		return;
	}
	if (uid != UNK)
		snprintf(uidtxt, sizeof(uidtxt), ", uid %lld", uid);
	add(ex, OOMKIT_EXPLAIN_VERDICT, "victim", "%s killed %s (pid %lld%s).",
	    killer != UNK && killer != OOMKIT_KILLER_KERNEL ? by : "The kernel's OOM killer",
	    esc(ex, S(ev, OOMKIT_EV_COMM)), pid, uidtxt);
	if (v && T(ev, v->row, OOMKIT_TASK_SWAPENTS) != UNK)
		swap = T(ev, v->row, OOMKIT_TASK_SWAPENTS) * PAGE_KB;
	if (anon == UNK && file == UNK && N(ev, OOMKIT_EV_RSS_KB) != UNK)
		add(ex, OOMKIT_EXPLAIN_VERDICT, "victim_memory",
		    "It had %s resident (VmRSS, as the killer logged it).",
		    size_kb(N(ev, OOMKIT_EV_RSS_KB)).s);
	if (anon != UNK || file != UNK) {
		char extra[96] = "";

		if (swap != UNK)
			snprintf(extra, sizeof(extra), ", %s in swap", size_kb(swap).s);
		if (pt != UNK)
			snprintf(extra + strlen(extra), sizeof(extra) - strlen(extra),
				 " and %s of page tables", size_kb(pt).s);
		add(ex, OOMKIT_EXPLAIN_VERDICT, "victim_memory",
		    "At its death it held %s anonymous, %s file-backed and %s shmem memory%s.",
		    size_kb(anon).s, size_kb(file).s,
		    shm == UNK ? "? (not logged)" : size_kb(shm).s, extra);
	}
	if (sel != UNK && pid != UNK && sel != pid) {
		const struct cand *sc = NULL;
		size_t i;

		for (i = 0; i < ex->nc; i++)
			if (ex->c[i].pid == sel)
				sc = &ex->c[i];
		if (sc && sc->tgid == sel)
			add(ex, OOMKIT_EXPLAIN_VERDICT, "child",
			    "The kernel chose %s (pid %lld) and killed its child %s (pid %lld) "
			    "instead (\"or sacrifice child\", removed in 5.1).",
			    esc(ex, S(ev, OOMKIT_EV_SELECTED_COMM)), sel,
			    esc(ex, S(ev, OOMKIT_EV_COMM)), pid);
		else if (!sc && ex->victim_by && !table_cut(ex))
			/* the table lists every process of the domain with an mm */
			add(ex, OOMKIT_EXPLAIN_VERDICT, "child",
			    "Inferred: pid %lld, which the kernel chose, is a thread of %s (pid "
			    "%lld): the task table lists every process of the domain and pid %lld "
			    "is none of them, and this kernel's scan visits threads.",
			    sel, esc(ex, S(ev, OOMKIT_EV_COMM)), pid, sel);
		else
			add(ex, OOMKIT_EXPLAIN_VERDICT, "child",
			    "The kernel chose pid %lld (%s) but the kill line names pid %lld: "
			    "either it sacrificed a child (before 5.1) or pid %lld is a thread of "
			    "the killed process; the log does not say which.",
			    sel, esc(ex, S(ev, OOMKIT_EV_SELECTED_COMM)), pid, sel);
	}
}

/*
 * Was the allocating task the victim? Only evidence answers: the same
 * pid; or another process, shown by a table row of the trigger's pid in
 * another thread group, or by another oom_score_adj (one value per
 * process, shared by its threads). A different name proves nothing: the
 * header names the thread ("Thread-2"), the kill line the process.
 */
static const char *trigger_is_victim(struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	long long tpid = N(ev, OOMKIT_EV_TRIGGER_PID), pid = N(ev, OOMKIT_EV_PID);
	long long tadj = N(ev, OOMKIT_EV_TRIGGER_ADJ), vadj = N(ev, OOMKIT_EV_OOM_SCORE_ADJ);
	const struct cand *v = victim_cand(ex);
	const char *comm = S(ev, OOMKIT_EV_COMM), *tc = S(ev, OOMKIT_EV_TRIGGER_COMM);
	size_t i;

	if (pid == UNK || N(ev, OOMKIT_EV_OUTCOME) != OOMKIT_OUTCOME_KILLED)
		return "the log does not show which task died";
	if (tpid != UNK && tpid == pid)
		return "it was also the victim";
	if (vadj == UNK && v)
		vadj = v->adj;
	if (tadj != UNK && vadj != UNK && tadj != vadj)
		return "it was not the victim (its oom_score_adj differs, and threads share one)";
	for (i = 0; tpid != UNK && i < ex->nc; i++)
		if ((ex->c[i].pid == tpid || ex->c[i].tgid == tpid) && ex->c[i].tgid != UNK &&
		    (!v || ex->c[i].tgid != v->tgid) && ex->c[i].tgid != pid)
			return "it was not the victim (the task table lists it as another process)";
	if (comm && tc && strcmp(comm, tc) == 0)
		return "it has the victim's name, but the log does not show whether it was the "
		       "victim";
	return "the log does not show whether it was a thread of the victim";
}

/*
 * What the allocation was, from the gfp flag names the kernel printed
 * (include/linux/gfp.h; 4.10+ prints them), the most telling first.
 */
static const struct {
	const char *flag;
	const char *words;
} gfp_words[] = {
	{ "GFP_HIGHUSER_MOVABLE", "a user page (a page fault or the page cache)" },
	{ "GFP_HIGHUSER", "a user page" },
	{ "GFP_KERNEL_ACCOUNT", "kernel memory charged to the cgroup" },
	{ "__GFP_ACCOUNT", "kernel memory charged to the cgroup" },
	{ "GFP_NOFS", "kernel memory inside a filesystem (no fs reclaim)" },
	{ "GFP_NOIO", "kernel memory inside block I/O (no I/O reclaim)" },
	{ "GFP_ATOMIC", "an atomic allocation (cannot sleep)" },
	{ "GFP_USER", "a page for user space" },
	{ "GFP_KERNEL", "kernel memory (slab, page tables, a kernel stack)" },
};

/* the call trace's path, in words (enum oomkit_trace_path) */
static const char *const trace_words[] = {
	[OOMKIT_TRACE_PAGE_FAULT] = " in a page fault",
	[OOMKIT_TRACE_FILE_FAULT] = " in a page-cache fault (filemap_fault)",
	[OOMKIT_TRACE_FORK] = " in fork (copy_process)",
	[OOMKIT_TRACE_SLAB] = " for a slab object",
};

static const char *trace_text(const struct oomkit_event *ev)
{
	long long t = N(ev, OOMKIT_EV_TRACE_PATH);

	return t > 0 && t < (long long)(sizeof(trace_words) / sizeof(trace_words[0])) ?
		       trace_words[t] :
		       "";
}

static const char *gfp_meaning(const char *gfp)
{
	size_t i;

	for (i = 0; gfp && i < sizeof(gfp_words) / sizeof(gfp_words[0]); i++)
		if (strstr(gfp, gfp_words[i].flag))
			return gfp_words[i].words;
	return NULL;
}

static const char *gfp_zone(const struct oomkit_event *ev);

static void verdict_trigger(struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	const char *tc = S(ev, OOMKIT_EV_TRIGGER_COMM), *gfp = S(ev, OOMKIT_EV_GFP_TEXT);
	long long tpid = N(ev, OOMKIT_EV_TRIGGER_PID), order = N(ev, OOMKIT_EV_ORDER);
	char pidtxt[40] = "";

	if (tc && !*tc)
		tc = NULL;
	if (!tc) {
		if (N(ev, OOMKIT_EV_KILLER) != OOMKIT_KILLER_KERNEL &&
		    N(ev, OOMKIT_EV_KILLER) != UNK)
			return;
		if (tpid == UNK && (gfp || order != UNK))
			add(ex, OOMKIT_EXPLAIN_GAPS, "trigger_unreadable",
			    "The header (\"... invoked oom-killer\") is in the log but its task "
			    "name was damaged in the paste, and there is no stack dump line: the "
			    "allocating task is unknown.");
		else if (tpid != UNK)
			add(ex, OOMKIT_EXPLAIN_VERDICT, "trigger",
			    "Read: pid %lld was allocating (the stack dump's \"CPU: ... PID: "
			    "%lld\" "
			    "line; its header line is not in the log).",
			    tpid, tpid);
		else
			add(ex, OOMKIT_EXPLAIN_GAPS, "no_trigger",
			    "No header (\"... invoked oom-killer\") or stack dump: the allocating "
			    "task is unknown%s.",
			    S(ev, OOMKIT_EV_CONSTRAINT) ?
				    " (the summary line is printed with the header, so lines were "
				    "lost or filtered out)" :
				    " (the kernel rate-limits the header, not the kill line)");
		return;
	}
	if (tpid != UNK)
		snprintf(pidtxt, sizeof(pidtxt), " (pid %lld)", tpid);
	if (order == -1 || N(ev, OOMKIT_EV_SYSRQ) == 1) {
		add(ex, OOMKIT_EXPLAIN_VERDICT, "trigger",
		    "Read: a manual OOM (SysRq-f%s), run from %s%s: someone asked for a kill; "
		    "memory need not have run out.",
		    order == -1 ? ", order=-1" : ": \"SysRq : Manual OOM execution\"", esc(ex, tc),
		    pidtxt);
		return;
	}
	add(ex, OOMKIT_EXPLAIN_VERDICT, "trigger",
	    "%s%s was allocating %s%s (%s%s%s%s%s%sorder=%s) when memory ran out; %s.", esc(ex, tc),
	    pidtxt, gfp_meaning(gfp) ? gfp_meaning(gfp) : "memory", trace_text(ev),
	    gfp ? "gfp_mask=" : "", gfp ? esc(ex, gfp) : "", gfp ? ", " : "",
	    gfp_zone(ev) ? "zones up to " : "", gfp_zone(ev) ? gfp_zone(ev) : "",
	    gfp_zone(ev) ? ", " : "", order == UNK ? "?" : grouped(order).s, trigger_is_victim(ex));
}

static void verdict_group(struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	const char *g = S(ev, OOMKIT_EV_GROUP_MEMCG);
	char buf[1024];
	size_t i, o = 0;

	if (!ex->npeers && !g)
		return;
	buf[0] = '\0';
	for (i = 0; i < ex->npeers && o < sizeof(buf) - 64; i++) {
		int n = snprintf(buf + o, sizeof(buf) - o, "%s%s (pid %lld)", i ? ", " : "",
				 esc(ex, S(ex->peers[i], OOMKIT_EV_COMM)),
				 N(ex->peers[i], OOMKIT_EV_PID));

		if (n < 0 || (size_t)n >= sizeof(buf) - o)
			break;
		o += (size_t)n;
	}
	if (g)
		add(ex, OOMKIT_EXPLAIN_VERDICT, "oom_group",
		    "memory.oom.group is set on %s: every task in it was killed with the "
		    "victim%s%s%s.",
		    esc(ex, g), ex->npeers ? ": " : " (no other kill line in the log)", buf,
		    strstr(g, "kubepods") ? " (kubelet sets it on cgroup v2 since Kubernetes 1.28: "
					    "the whole container dies)" :
					    "");
	else
		add(ex, OOMKIT_EXPLAIN_VERDICT, "same_invocation",
		    "In the same OOM invocation or burst (the same domain within 1 s) the "
		    "kernel also killed %s.",
		    buf);
}

/* a kernel before 4.6, which had no oom_reaper: by its release or table */
static int before_reaper(const struct oomkit_explain *ex)
{
	long long rel = oomkit__release_num(S(ex->ev, OOMKIT_EV_KERNEL_VERSION));

	if (rel >= 0)
		return rel < OOMKIT__REL(4, 6, 0);
	return ex->era == OOMKIT_ERA_PERMILLE || ex->era == OOMKIT_ERA_BADNESS_VM;
}

static void verdict_reaper(struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	long long ra = N(ev, OOMKIT_EV_REAPED_ANON_KB), rf = N(ev, OOMKIT_EV_REAP_FAILED);
	long long outcome = N(ev, OOMKIT_EV_OUTCOME), killer = N(ev, OOMKIT_EV_KILLER);

	if (outcome != OOMKIT_OUTCOME_KILLED || (killer != UNK && killer != OOMKIT_KILLER_KERNEL))
		return;
	if (rf == 1)
		add(ex, OOMKIT_EXPLAIN_VERDICT, "reap_failed",
		    "The oom_reaper could not reap the victim's memory (\"unable to reap\").");
	else if (ra != UNK)
		add(ex, OOMKIT_EXPLAIN_VERDICT, "reaped",
		    "The oom_reaper freed its memory (anon-rss now %s, file-rss %s).",
		    size_kb(ra).s, size_kb(N(ev, OOMKIT_EV_REAPED_FILE_KB)).s);
	else if (!before_reaper(ex))
		add(ex, OOMKIT_EXPLAIN_GAPS, "no_reaper",
		    "No oom_reaper line (4.6+ print one only when the reaper freed memory).");
}

/* ---- memory picture and causes --------------------------------------- */

struct comm_total {
	const char *name;
	long long usage;
	size_t n;
};

/* a count the report printed, unknown when beyond any real size (so that
 * the sums and shares below cannot overflow on a forged line) */
static long long sane(long long v)
{
	return v == UNK || v < 0 || v > LLONG_MAX / 64 ? UNK : v;
}

/*
 * The "Memory cgroup stats for X:" breakdown the parser kept: only the
 * keys the report printed (docs/kernel.md §9.3).
 */
static void memcg_breakdown(struct oomkit_explain *ex)
{
	static const struct {
		int item;
		const char *name;
	} keys[] = {
		{ OOMKIT_EV_MEMCG_ANON_KB, "anon" },
		{ OOMKIT_EV_MEMCG_FILE_KB, "file" },
		{ OOMKIT_EV_MEMCG_SHMEM_KB, "shmem" },
		{ OOMKIT_EV_MEMCG_KERNEL_KB, "kernel" },
		{ OOMKIT_EV_MEMCG_SLAB_UNRECL_KB, "unreclaimable slab" },
		{ OOMKIT_EV_MEMCG_SOCK_KB, "sock" },
		{ OOMKIT_EV_MEMCG_SWAP_KB, "swap" },
		{ OOMKIT_EV_MEMCG_PGTABLES_KB, "page tables" },
		{ OOMKIT_EV_MEMCG_KERNEL_STACK_KB, "kernel stacks" },
	};
	char buf[512];
	size_t o = 0, i;

	buf[0] = '\0';
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		long long v = N(ex->ev, keys[i].item);
		int n;

		if (v == UNK)
			continue;
		n = snprintf(buf + o, sizeof(buf) - o, "%s%s %s", o ? ", " : "", keys[i].name,
			     size_kb(v).s);
		if (n < 0 || (size_t)n >= sizeof(buf) - o)
			break;
		o += (size_t)n;
	}
	if (o) {
		long long use = sane(N(ex->ev, OOMKIT_EV_MEMCG_USAGE_KB));
		long long sh = sane(N(ex->ev, OOMKIT_EV_MEMCG_SHMEM_KB));
		long long sl = sane(N(ex->ev, OOMKIT_EV_MEMCG_SLAB_UNRECL_KB));

		add(ex, OOMKIT_EXPLAIN_MEMORY, "memcg_stat",
		    "Its stats (\"Memory cgroup stats\" lines): %s.", buf);
		/* causes with their evidence: a fifth of the usage or more */
		if (use != UNK && use > 0 && sh != UNK && sh * 5 >= use)
			add(ex, OOMKIT_EXPLAIN_CAUSES, "tmpfs",
			    "tmpfs/shm charged to the cgroup held %s of its %s usage (%s, the "
			    "stats' shmem): files in /dev/shm or a tmpfs count against the limit "
			    "and cannot be reclaimed without swap.",
			    size_kb(sh).s, size_kb(use).s, pct(sh, use).s);
		if (use != UNK && use > 0 && sl != UNK && sl * 5 >= use)
			add(ex, OOMKIT_EXPLAIN_CAUSES, "slab",
			    "Unreclaimable slab charged to the cgroup held %s of its %s usage "
			    "(%s, the stats' slab_unreclaimable): kernel objects its tasks "
			    "created.",
			    size_kb(sl).s, size_kb(use).s, pct(sl, use).s);
	} else {
		if (S(ex->ev, OOMKIT_EV_STATS_MEMCG))
			add(ex, OOMKIT_EXPLAIN_GAPS, "memcg_stat_values",
			    "The \"Memory cgroup stats for\" line is in the log, but none of its "
			    "values (anon, file, shmem, slab...): cut or filtered out.");
		else
			add(ex, OOMKIT_EXPLAIN_GAPS, "memcg_stat",
			    "The report gives no breakdown of the cgroup's memory (no \"Memory "
			    "cgroup stats\" lines).");
	}
}

/* the host's memory state from Mem-Info and show_mem() (a global OOM) */
static void host_memory(struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	long long ram = sane(N(ev, OOMKIT_EV_RAM_PAGES)), zn = N(ev, OOMKIT_EV_ZONES);
	long long res = sane(N(ev, OOMKIT_EV_RESERVED_PAGES));
	long long pc = sane(N(ev, OOMKIT_EV_PAGECACHE_PAGES));
	long long sh = sane(N(ev, OOMKIT_EV_MI_SHMEM));
	long long su = sane(N(ev, OOMKIT_EV_MI_SLAB_UNRECLAIMABLE));
	long long hp = sane(N(ev, OOMKIT_EV_HUGEPAGES_KB));
	long long ram_kb = ram != UNK ? ram * PAGE_KB : UNK;

	if (ram != UNK)
		add(ex, OOMKIT_EXPLAIN_MEMORY, "ram", "RAM: %s (\"%lld pages RAM\")%s%s%s.",
		    size_kb(ram_kb).s, ram, res != UNK ? ", of which " : "",
		    res != UNK ? size_kb(res * PAGE_KB).s : "",
		    res != UNK ? " reserved by the kernel" : "");
	if (zn != UNK && N(ev, OOMKIT_EV_ZONES_FREE_KB) != UNK)
		add(ex, OOMKIT_EXPLAIN_MEMORY, "zones",
		    "Free memory: %s against min watermarks of %s over %lld zone%s; %lld "
		    "zone%s below its min watermark.",
		    size_kb(N(ev, OOMKIT_EV_ZONES_FREE_KB)).s,
		    size_kb(N(ev, OOMKIT_EV_ZONES_MIN_KB)).s, zn, zn == 1 ? "" : "s",
		    N(ev, OOMKIT_EV_ZONES_BELOW_MIN),
		    N(ev, OOMKIT_EV_ZONES_BELOW_MIN) == 1 ? " was" : "s were");
	if (pc != UNK)
		add(ex, OOMKIT_EXPLAIN_MEMORY, "pagecache", "Page cache: %s%s%s.",
		    size_kb(pc * PAGE_KB).s, sh != UNK ? ", of which shmem/tmpfs " : "",
		    sh != UNK ? size_kb(sh * PAGE_KB).s : "");
	if (su != UNK)
		add(ex, OOMKIT_EXPLAIN_MEMORY, "slab_unreclaimable",
		    "Unreclaimable slab (kernel memory): %s%s%s%s.", size_kb(su * PAGE_KB).s,
		    ram_kb > 0 ? ", " : "", ram_kb > 0 ? pct(su * PAGE_KB, ram_kb).s : "",
		    ram_kb > 0 ? " of RAM" : "");
	if (hp != UNK && hp > 0)
		add(ex, OOMKIT_EXPLAIN_MEMORY, "hugepages",
		    "Reserved hugepages: %s (hugepages_total * hugepages_size).", size_kb(hp).s);
	if (ram == UNK && zn == UNK)
		add(ex, OOMKIT_EXPLAIN_GAPS,
		    N(ev, OOMKIT_EV_MEMCG_OOM) == 0 ? "meminfo_values" : "meminfo", "%s",
		    N(ev, OOMKIT_EV_MEMCG_OOM) == 0 ?
			    "The Mem-Info header is in the log, but no zone line and no \"pages "
			    "RAM\" "
			    "were read after it (cut or filtered out): totalpages is a range." :
			    "The report gives no Mem-Info lines and no \"pages RAM\": the host's "
			    "totalpages is a range.");
	/* causes with their evidence: a fifth of RAM or more */
	if (ram_kb == UNK || ram_kb <= 0)
		return;
	if (su != UNK && su * PAGE_KB * 5 >= ram_kb)
		add(ex, OOMKIT_EXPLAIN_CAUSES, "slab",
		    "Unreclaimable slab held %s of %s RAM (\"slab_unreclaimable:%lld\"): "
		    "kernel memory, often a driver or a kernel object leak.",
		    size_kb(su * PAGE_KB).s, size_kb(ram_kb).s, su);
	if (sh != UNK && sh * PAGE_KB * 5 >= ram_kb)
		add(ex, OOMKIT_EXPLAIN_CAUSES, "tmpfs",
		    "Read: shared memory (tmpfs/shm) held %s of %s RAM (\"shmem:%lld\"): files in "
		    "/dev/shm or "
		    "other tmpfs mounts cannot be reclaimed without swap.",
		    size_kb(sh * PAGE_KB).s, size_kb(ram_kb).s, sh);
	if (hp != UNK && hp * 5 >= ram_kb)
		add(ex, OOMKIT_EXPLAIN_CAUSES, "hugepages",
		    "Reserved hugepages took %s of %s RAM (hugepages_total lines): memory no "
		    "ordinary allocation can use.",
		    size_kb(hp).s, size_kb(ram_kb).s);
}

/*
 * The highest zone a gfp mask may use: its zone modifiers, the low four
 * bits (__GFP_DMA 0x01, __GFP_HIGHMEM 0x02, __GFP_DMA32 0x04,
 * __GFP_MOVABLE 0x08, the same from 2.6.23 to 6.x; gfp_zone()).
 */
static const char *gfp_zone(const struct oomkit_event *ev)
{
	long long g = N(ev, OOMKIT_EV_GFP_MASK);

	if (g == UNK || g < 0)
		return NULL;
	if (g & 0x08)
		return (g & 0x02) ? "Movable" : "Normal"; /* movable needs highmem too */
	if (g & 0x02)
		return "HighMem";
	if (g & 0x04)
		return "DMA32";
	if (g & 0x01)
		return "DMA";
	return "Normal";
}

/*
 * Causes read from the zones: lowmem exhausted while HighMem or Movable
 * memory the allocation may not use is free; an order 1-3 allocation
 * failing on fragmented memory (__alloc_pages_may_oom() does not kill
 * for order > 3, PAGE_ALLOC_COSTLY_ORDER).
 */
static const char *gfp_text(struct oomkit_explain *ex)
{
	const char *g = S(ex->ev, OOMKIT_EV_GFP_TEXT);

	return g ? esc(ex, g) : "?";
}

static void zone_causes(struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	long long order = N(ev, OOMKIT_EV_ORDER), lbm = N(ev, OOMKIT_EV_LOW_ZONES_BELOW_MIN);
	long long hi = N(ev, OOMKIT_EV_HIGHMEM_FREE_KB), mv = N(ev, OOMKIT_EV_MOVABLE_FREE_KB);
	long long lf = N(ev, OOMKIT_EV_LOW_FREE_KB), bf = N(ev, OOMKIT_EV_BUDDY_FREE_KB);
	long long bok = N(ev, OOMKIT_EV_BUDDY_ORDER_OK_KB);
	const char *z = gfp_zone(ev);

	if (ex->constraint == OOMKIT_CONSTRAINT_MEMCG)
		return;
	if (z && strcmp(z, "HighMem") != 0 && strcmp(z, "Movable") != 0 && hi != UNK && lf != UNK &&
	    hi > 4 * (lf + 1024))
		add(ex, OOMKIT_EXPLAIN_CAUSES, "lowmem",
		    "Read: lowmem ran out while HighMem had %s free: this allocation (gfp %s) may "
		    "use "
		    "zones up to %s only, and %lld low zone%s below min. A 32-bit kernel's "
		    "lowmem is the limit here; a 64-bit kernel removes it.",
		    size_kb(hi).s, gfp_text(ex), z, lbm == UNK ? 0 : lbm,
		    lbm == 1 ? " was" : "s were");
	if (z && strcmp(z, "Movable") != 0 && mv != UNK && mv > 4 * ((lf == UNK ? 0 : lf) + 1024))
		add(ex, OOMKIT_EXPLAIN_CAUSES, "movable_only",
		    "Read: %s was free in Movable zones, which this allocation (gfp %s, highest "
		    "zone "
		    "%s) may not use: a configuration problem (movable-only nodes%s), not a "
		    "shortage of memory.",
		    size_kb(mv).s, gfp_text(ex), z,
		    ex->constraint == OOMKIT_CONSTRAINT_CPUSET ? " in the cpuset's mems" : "");
	if (order != UNK && order >= 1 && order <= 3 && bf != UNK && bok != UNK && bok * 4 < bf &&
	    bf > 0)
		add(ex, OOMKIT_EXPLAIN_CAUSES, "fragmentation",
		    "Read: an order-%lld allocation (%lld contiguous pages: a fork's kernel stack "
		    "or "
		    "a larger kmalloc) failed while %s was free, of which only %s in blocks that "
		    "large (the buddy lists): fragmentation.",
		    order, 1LL << order, size_kb(bf).s, size_kb(bok).s);
}

/*
 * The swap a memcg held, in kB, or UNK: v1's "memory+swap" less memory,
 * or its stats' swap; v2's "swap:". The line's own label says which.
 */
static long long memcg_swap_kb(const struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	long long use = N(ev, OOMKIT_EV_MEMCG_USAGE_KB), swu = N(ev, OOMKIT_EV_MEMCG_SWAP_USAGE_KB);
	long long st = N(ev, OOMKIT_EV_MEMCG_SWAP_KB);

	if (N(ev, OOMKIT_EV_MEMCG_MEMSW) == 1) {
		if (st != UNK)
			return st;
		if (swu > 0 && use != UNK && swu >= use)
			return swu - use;
		return UNK;
	}
	return N(ev, OOMKIT_EV_MEMCG_MEMSW) == 0 ? swu : UNK;
}

static void memcg_swap(struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	long long use = N(ev, OOMKIT_EV_MEMCG_USAGE_KB), swu = N(ev, OOMKIT_EV_MEMCG_SWAP_USAGE_KB);
	long long swl = N(ev, OOMKIT_EV_MEMCG_SWAP_LIMIT_KB), sw = memcg_swap_kb(ex);
	const char *lim = swl == UNK || swl >= UNLIMITED_KB ? "max (none set)" : size_kb(swl).s;

	if (N(ev, OOMKIT_EV_MEMCG_MEMSW) != 1) {
		add(ex, OOMKIT_EXPLAIN_MEMORY, "swap", "Swap: usage %s, limit %s.", size_kb(swu).s,
		    esc(ex, lim));
		return;
	}
	if (swu == 0 && use != UNK && use > 0) {
		add(ex, OOMKIT_EXPLAIN_MEMORY, "swap",
		    "Read: \"memory+swap: usage 0kB\" next to %s of memory: swap accounting is "
		    "off (swapaccount=0), so the cgroup's swap use is not known.",
		    size_kb(use).s);
		return;
	}
	add(ex, OOMKIT_EXPLAIN_MEMORY, "swap",
	    "Memory+swap (v1, or v2 before 5.3: both together): usage %s, limit %s; %s of it "
	    "swap%s.",
	    size_kb(swu).s, esc(ex, lim), sw == UNK ? "?" : size_kb(sw).s,
	    swl == ex->limit_kb ? ", none allowed" : "");
}

/*
 * Rows with the same sizes to the page (total_vm, rss, swapents, page
 * tables) are most likely one mm shared by processes (CLONE_VM, "sharing
 * same memory" up to 4.6): the totals above count it once per row.
 */
static void shared_mm_note(struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	size_t i, j, dup = 0;
	long long kb = 0;

	for (i = 0; i < ex->nc; i++) {
		const struct cand *a = &ex->c[i];

		if (a->rss < 256)
			continue;
		for (j = 0; j < i; j++) {
			const struct cand *b = &ex->c[j];

			if (b->rss == a->rss && b->swap == a->swap && b->usage == a->usage &&
			    T(ev, a->row, OOMKIT_TASK_TOTAL_VM) ==
				    T(ev, b->row, OOMKIT_TASK_TOTAL_VM) &&
			    b->tgid != a->tgid) {
				dup++;
				kb += a->usage * PAGE_KB;
				break;
			}
		}
	}
	if (dup)
		add(ex, OOMKIT_EXPLAIN_MEMORY, "shared_mm",
		    "Inferred: %zu row%s repeat%s another row's sizes to the page: most likely one "
		    "memory shared by several processes (CLONE_VM), which the sums above count "
		    "once "
		    "per row (up to %s too much).",
		    dup, dup == 1 ? "" : "s", dup == 1 ? "s" : "", size_kb(kb).s);
}

static void memory_and_causes(struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	const char *comm = S(ev, OOMKIT_EV_COMM);
	long long use = N(ev, OOMKIT_EV_MEMCG_USAGE_KB), swu = N(ev, OOMKIT_EV_MEMCG_SWAP_USAGE_KB);
	long long stot = N(ev, OOMKIT_EV_SWAP_TOTAL_KB), sfree = N(ev, OOMKIT_EV_SWAP_FREE_KB);
	long long sum = 0, rss_sum = 0, swap_sum = 0, dom_kb, kb;
	struct comm_total *ct = NULL;
	size_t nct = 0, i, j, best = 0;

	if (ex->constraint == OOMKIT_CONSTRAINT_MEMCG && ex->limit_kb != UNK) {
		add(ex, OOMKIT_EXPLAIN_MEMORY, "usage", "Usage %s of a limit of %s (%s).",
		    size_kb(use).s, size_kb(ex->limit_kb).s, pct(use, ex->limit_kb).s);
		/* a limit beyond any real size (N() gives UNK) is "max" */
		if (swu != UNK && oomkit_event_num(ev, OOMKIT_EV_MEMCG_SWAP_LIMIT_KB, &kb) == 0)
			memcg_swap(ex);
		memcg_breakdown(ex);
	}
	if (ex->constraint == OOMKIT_CONSTRAINT_NONE ||
	    ex->constraint == OOMKIT_CONSTRAINT_CPUSET ||
	    ex->constraint == OOMKIT_CONSTRAINT_MEMORY_POLICY) {
		/* no swap at all is said by the verdict and the causes */
		if (stot != UNK && stot > 0)
			add(ex, OOMKIT_EXPLAIN_MEMORY, "swap", "Swap: %s total, %s free.",
			    size_kb(stot).s, size_kb(sfree).s);
		host_memory(ex);
	}
	/* the task table: what the listed tasks hold, per program */
	for (i = 0; i < ex->nc; i++)
		sum += ex->c[i].usage;
	if (ex->nc) {
		ct = calloc(ex->nc, sizeof(*ct));
		if (!ct) {
			ex->nomem = 1;
			return;
		}
		for (i = 0; i < ex->nc; i++) {
			for (j = 0; j < nct; j++)
				if (strcmp(ct[j].name, ex->c[i].name) == 0)
					break;
			if (j == nct)
				ct[nct++].name = ex->c[i].name;
			ct[j].usage += ex->c[i].usage;
			ct[j].n++;
		}
		for (i = 0; i < ex->nc; i++) {
			rss_sum += ex->c[i].rss;
			swap_sum += ex->c[i].swap;
		}
		add(ex, OOMKIT_EXPLAIN_MEMORY, "tasks",
		    "The %zu listed tasks hold %s resident%s%s%s (%s with page tables)%s%s%s.",
		    ex->nc, size_kb(rss_sum * PAGE_KB).s, swap_sum ? " and " : "",
		    swap_sum ? size_kb(swap_sum * PAGE_KB).s : "", swap_sum ? " in swap" : "",
		    size_kb(sum * PAGE_KB).s,
		    use != UNK && ex->constraint == OOMKIT_CONSTRAINT_MEMCG ? ", " : "",
		    use != UNK && ex->constraint == OOMKIT_CONSTRAINT_MEMCG ?
			    pct(sum * PAGE_KB, use).s :
			    "",
		    use != UNK && ex->constraint == OOMKIT_CONSTRAINT_MEMCG ?
			    (sum * PAGE_KB > use ?
				     " of the usage: pages shared by several processes "
				     "count once per process" :
				     " of the usage") :
			    "");
		for (j = 0; j < nct; j++)
			if (ct[j].usage > ct[best].usage)
				best = j;
		if (ex->constraint != OOMKIT_CONSTRAINT_MEMCG &&
		    sane(N(ev, OOMKIT_EV_RAM_PAGES)) > 0 && sum <= LLONG_MAX / 64)
			add(ex, OOMKIT_EXPLAIN_MEMORY, "tasks_ram",
			    sum > N(ev, OOMKIT_EV_RAM_PAGES) ?
				    "Computed: more than RAM%s: shared pages count once per "
				    "process." :
				    "Computed: they account for %s of RAM; the rest was free, page "
				    "cache or held by the kernel, drivers or hugepages.",
			    sum > N(ev, OOMKIT_EV_RAM_PAGES) ?
				    "" :
				    pct(sum, N(ev, OOMKIT_EV_RAM_PAGES)).s);
		shared_mm_note(ex);
		for (j = 0; j < nct; j++)
			if (ct[j].n >= 3)
				add(ex, OOMKIT_EXPLAIN_MEMORY, "per_program",
				    "%zu copies of %s hold %s together.", ct[j].n, ct[j].name,
				    size_kb(ct[j].usage * PAGE_KB).s);
	}

	/* causes, each with its evidence */
	if (stot == 0)
		add(ex, OOMKIT_EXPLAIN_CAUSES, "no_swap",
		    "Read: no swap: the report says \"Total swap = 0kB\", so no anonymous memory "
		    "could be moved out.");
	else if (stot != UNK && sfree != UNK && stot > 0 && sfree * 100 / stot < 5)
		add(ex, OOMKIT_EXPLAIN_CAUSES, "swap_full", "Read: swap was full: %s free of %s.",
		    size_kb(sfree).s, size_kb(stot).s);
	dom_kb = ex->constraint == OOMKIT_CONSTRAINT_MEMCG ? ex->limit_kb : UNK;
	if (ex->nc && sum > 0) {
		const struct cand *big = &ex->c[0];

		for (i = 0; i < ex->nc; i++)
			if (ex->c[i].usage > big->usage)
				big = &ex->c[i];
		if (dom_kb != UNK && big->usage * PAGE_KB * 2 >= dom_kb)
			add(ex, OOMKIT_EXPLAIN_CAUSES, "one_process",
			    "One process held most of the cgroup: %s (pid %lld) had %s resident "
			    "(%s of the %s limit)%s%s%s; a leak suspect if that is more than it "
			    "needs.",
			    big->name, big->pid, size_kb(big->rss * PAGE_KB).s,
			    pct(big->rss * PAGE_KB, dom_kb).s, size_kb(dom_kb).s,
			    big->swap ? " and " : "",
			    big->swap ? size_kb(big->swap * PAGE_KB).s : "",
			    big->swap ? " in swap" : "");
		else if (dom_kb == UNK && ex->nc > 1 && big->usage * 2 > sum)
			add(ex, OOMKIT_EXPLAIN_CAUSES, "one_process",
			    "One process held most of what the listed tasks use: %s (pid %lld) "
			    "with %s of %s (%s).",
			    big->name, big->pid, size_kb(big->usage * PAGE_KB).s,
			    size_kb(sum * PAGE_KB).s, pct(big->usage, sum).s);
		if (nct && ct[best].n >= 5 && ct[best].usage * 10 >= sum * 3)
			add(ex, OOMKIT_EXPLAIN_CAUSES, "many_copies",
			    "Many copies of one program: %zu %s processes hold %s (%s of the "
			    "listed tasks).",
			    ct[best].n, ct[best].name, size_kb(ct[best].usage * PAGE_KB).s,
			    pct(ct[best].usage, sum).s);
		if (ex->constraint == OOMKIT_CONSTRAINT_MEMCG && use != UNK &&
		    sum * PAGE_KB * 2 < use &&
		    oomkit_event_task_count(ev) == (size_t)nz(N(ev, OOMKIT_EV_TASKS_TOTAL)))
			add(ex, OOMKIT_EXPLAIN_CAUSES, "not_in_processes",
			    "Most of the usage is not in any process: the listed tasks hold %s of "
			    "%s; the rest is page cache, tmpfs/shm or kernel memory charged to the "
			    "cgroup (its stats lines say which).",
			    size_kb(sum * PAGE_KB).s, size_kb(use).s);
	}
	zone_causes(ex);
	if (N(ev, OOMKIT_EV_TRACE_PATH) == OOMKIT_TRACE_FILE_FAULT &&
	    ex->constraint != OOMKIT_CONSTRAINT_UNKNOWN)
		add(ex, OOMKIT_EXPLAIN_CAUSES, "thrashing",
		    "The allocating task was reading file pages in (filemap_fault in its call "
		    "trace): the page cache was thrashing, its working set no longer fit.");
	if (comm && (!strcmp(comm, "systemd-journal") || !strcmp(comm, "systemd-journald")))
		add(ex, OOMKIT_EXPLAIN_CAUSES, "journald_killed",
		    "Read: the victim was the journal daemon: log lines from around this kill "
		    "may be missing from the journal.");
	if (N(ev, OOMKIT_EV_KILLER) != UNK && N(ev, OOMKIT_EV_KILLER) != OOMKIT_KILLER_KERNEL)
		add(ex, OOMKIT_EXPLAIN_CAUSES, "userspace_policy",
		    "%s acted on its own thresholds, not the kernel's (%s%s).",
		    oomkit_killer_name((enum oomkit_event_killer)N(ev, OOMKIT_EV_KILLER)),
		    S(ev, OOMKIT_EV_REASON) ? "its log: " : "its message gives no reason",
		    S(ev, OOMKIT_EV_REASON) ? esc(ex, S(ev, OOMKIT_EV_REASON)) : "");
	if (victim_cand(ex) && (has_id(ex, OOMKIT_EXPLAIN_WHATIF, "adj_decided") ||
				has_id(ex, OOMKIT_EXPLAIN_WHATIF, "floor")))
		add(ex, OOMKIT_EXPLAIN_CAUSES, "adj_decided",
		    "oom_score_adj chose the victim, not size: %s (pid %lld) had %lld.",
		    victim_cand(ex)->name, victim_cand(ex)->pid, victim_cand(ex)->adj);
	free(ct);
}

/* ---- history --------------------------------------------------------- */

static int same_str(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* when @e was logged: its time as written, else the boot clock, else where */
static const char *when(struct oomkit_explain *ex, const struct oomkit_event *e)
{
	const char *t = S(e, OOMKIT_EV_TIME_TEXT);
	long long us = N(e, OOMKIT_EV_BOOT_US);
	char buf[48];

	if (t)
		return esc(ex, t);
	if (us != UNK && us >= 0) {
		snprintf(buf, sizeof(buf), "%lld.%06lld s after boot", us / 1000000, us % 1000000);
		return esc(ex, buf);
	}
	return esc(ex, S(e, OOMKIT_EV_SOURCE));
}

static void history(struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	const char *comm = S(ev, OOMKIT_EV_COMM), *mc = S(ev, OOMKIT_EV_OOM_MEMCG);
	const struct hist *hc = &ex->hist_comm, *hm = &ex->hist_memcg;
	size_t nk = ex->ngrowth < 8 ? ex->ngrowth : 8, i, o = 0;
	char growth[256] = "";

	/* the RSS at the last (up to 8) kills, oldest first */
	for (i = ex->ngrowth - nk; i < ex->ngrowth; i++) {
		int n = snprintf(growth + o, sizeof(growth) - o, "%s%s", o ? ", " : "",
				 size_kb(ex->growth[i % 8]).s);

		if (n < 0 || (size_t)n >= sizeof(growth) - o)
			break;
		o += (size_t)n;
	}
	if (hc->n)
		add(ex, OOMKIT_EXPLAIN_HISTORY, "same_program",
		    "%zu other OOM event%s in these sources killed %s (first %s, last %s; "
		    "its memory at %s: %s).",
		    hc->n, hc->n == 1 ? "" : "s", esc(ex, comm), when(ex, hc->first),
		    when(ex, hc->last), ex->ngrowth > nk ? "the last kills" : "those kills",
		    *growth ? growth : "not logged");
	if (hm->n) {
		add(ex, OOMKIT_EXPLAIN_HISTORY, "same_memcg",
		    "%zu other OOM event%s hit the limit of %s (first %s, last %s).", hm->n,
		    hm->n == 1 ? "" : "s", esc(ex, mc), when(ex, hm->first), when(ex, hm->last));
		add(ex, OOMKIT_EXPLAIN_CAUSES, "limit_tight",
		    "The limit looks too tight for the workload: %zu more OOM kill%s there.", hm->n,
		    hm->n == 1 ? "" : "s");
	}
	if (ex->hist_unit)
		add(ex, OOMKIT_EXPLAIN_HISTORY, "same_unit",
		    "%zu other OOM event%s hit the unit %s.", ex->hist_unit,
		    ex->hist_unit == 1 ? "" : "s", esc(ex, S(ev, OOMKIT_EV_UNIT)));
	/* a loop of this cgroup's OOMs is said above already */
	if (ex->hist_near > hm->n)
		add(ex, OOMKIT_EXPLAIN_HISTORY, "loop",
		    "%zu other OOM event%s on this host within a minute of this one (the nearest "
		    "%lld.%03lld s away): the host was in an OOM loop, not one event.",
		    ex->hist_near, ex->hist_near == 1 ? "" : "s", ex->near_us / 1000000,
		    ex->near_us % 1000000 / 1000);
	if (!hc->n && !hm->n && !ex->hist_unit && !ex->hist_near)
		add(ex, OOMKIT_EXPLAIN_HISTORY, "none",
		    "No other OOM event in these sources for this program, this cgroup, or "
		    "this host within a minute.");
}

/* ---- advice ---------------------------------------------------------- */

static int has_cause(const struct oomkit_explain *ex, const char *id)
{
	return has_id(ex, OOMKIT_EXPLAIN_CAUSES, id);
}

/*
 * kubelet's adj for a Burstable container: 1000 - 1000 x request / capacity
 * (pkg/kubelet/qos/policy.go, clamped to 2..999), so the victim's adj gives
 * its memory request as a share of the node's capacity.
 */
static void k8s_request(struct oomkit_explain *ex, const struct oomkit_context *ctx)
{
	const char *qos = oomkit_context_get(ctx, OOMKIT_CONTEXT_QOS);
	long long adj = N(ex->ev, OOMKIT_EV_OOM_SCORE_ADJ);
	const struct cand *v = victim_cand(ex);

	if (adj == UNK && v)
		adj = v->adj;
	if (!qos || strcmp(qos, "burstable") != 0 || adj == UNK || adj < 2 || adj > 999)
		return;
	add(ex, OOMKIT_EXPLAIN_ADVICE, "k8s_request",
	    "Inferred: its oom_score_adj %lld puts the container's memory request at about "
	    "%lld.%lld %% of the node's memory (kubelet: 1000 - 1000 x request / capacity, "
	    "rounded); Burstable pods above their request are the first to go.",
	    adj, (1000 - adj) / 10, (1000 - adj) % 10);
}

/* what the report lacked, and the setting or file that gives it next time */
static void collect_next_time(struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	char buf[400] = "";
	size_t o = 0;

#define WANT(cond, what)                                                                          \
	do {                                                                                      \
		if ((cond) && o < sizeof(buf) - 1) {                                              \
			int n_ = snprintf(buf + o, sizeof(buf) - o, "%s%s", o ? "; " : "", what); \
			o += n_ > 0 ? (size_t)n_ : 0;                                             \
		}                                                                                 \
	} while (0)

	if (N(ev, OOMKIT_EV_KILLER) != UNK && N(ev, OOMKIT_EV_KILLER) != OOMKIT_KILLER_KERNEL)
		return;
	WANT(oomkit_event_task_count(ev) == 0 && N(ev, OOMKIT_EV_TASK_COLUMNS_UNKNOWN) != 1,
	     "vm.oom_dump_tasks=1 (the task table, for the ranking)");
	WANT(ex->constraint == OOMKIT_CONSTRAINT_MEMCG &&
		     !has_id(ex, OOMKIT_EXPLAIN_MEMORY, "memcg_stat"),
	     "the cgroup's memory.stat and memory.events (what the usage was)");
	WANT(ex->constraint != OOMKIT_CONSTRAINT_MEMCG && N(ev, OOMKIT_EV_RAM_PAGES) == UNK,
	     "the whole report with its Mem-Info lines (journalctl -k, not a grep)");
	WANT(o, "/proc/pressure/memory before the kill, and smaps_rollup of the largest process");
#undef WANT
	if (o)
		add(ex, OOMKIT_EXPLAIN_ADVICE, "collect", "Next time, collect: %s.", buf);
}

static void advice(struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	struct oomkit_context *ctx = NULL;
	long long use = N(ev, OOMKIT_EV_MEMCG_USAGE_KB), want, swkb, shm;
	const char *dom = ex->domain ? esc(ex, ex->domain) : "the cgroup";
	int kind = OOMKIT_CONTEXT_NONE;

	if (oomkit_context_parse(oomkit_event_memcg(ev), &ctx) < 0) {
		ex->nomem = 1;
		return;
	}
	kind = oomkit_context_kind(ctx);
	if (N(ev, OOMKIT_EV_PANIC_COMPULSORY) == 1)
		add(ex, OOMKIT_EXPLAIN_ADVICE, "panic_on_oom",
		    "vm.panic_on_oom=2 panics on every OOM, a cgroup's included: set it to 0 (the "
		    "default) unless a panic and reboot is what you want.");
	if (N(ev, OOMKIT_EV_ORDER) == -1 || N(ev, OOMKIT_EV_SYSRQ) == 1) {
		add(ex, OOMKIT_EXPLAIN_ADVICE, "sysrq",
		    "This OOM was asked for (SysRq-f): find who pressed it or wrote f to "
		    "/proc/sysrq-trigger; kernel.sysrq limits who can.");
		oomkit_context_free(ctx);
		return;
	}
	swkb = memcg_swap_kb(ex);
	if (ex->constraint == OOMKIT_CONSTRAINT_MEMCG && ex->limit_kb != UNK && swkb != UNK &&
	    swkb * 4 >= ex->limit_kb) {
		add(ex, OOMKIT_EXPLAIN_ADVICE, "swap_leak",
		    "Raising the limit 25 %% would not have helped: the cgroup also held %s in "
		    "swap, more than a quarter of its %s limit. Find what grew (a leak fills "
		    "swap first), and cap the cgroup's swap: %s.",
		    size_kb(swkb).s, size_kb(ex->limit_kb).s,
		    N(ev, OOMKIT_EV_MEMCG_MEMSW) == 1 ? "memory.memsw.limit_in_bytes (cgroup v1)" :
							"memory.swap.max (cgroup v2)");
	} else if (ex->constraint == OOMKIT_CONSTRAINT_MEMCG && ex->limit_kb != UNK) {
		/* a quarter above what the cgroup used, in MiB */
		want = use != UNK && use > ex->limit_kb ? use : ex->limit_kb;
		want = (want * 5 / 4 + 1023) / 1024;
		if (kind == OOMKIT_CONTEXT_K8S)
			add(ex, OOMKIT_EXPLAIN_ADVICE, "raise_limit",
			    "Raise the container's resources.limits.memory (the cgroup's limit is "
			    "%s; about %lldMi leaves 25 %% headroom) and set requests.memory to "
			    "the steady-state usage, or find why it grew.",
			    size_kb(ex->limit_kb).s, want);
		else if (kind == OOMKIT_CONTEXT_CONTAINER)
			add(ex, OOMKIT_EXPLAIN_ADVICE, "raise_limit",
			    "Raise the container's memory limit (now %s), for example: docker "
			    "update --memory %lldm %.12s",
			    size_kb(ex->limit_kb).s, want,
			    oomkit_context_get(ctx, OOMKIT_CONTEXT_CONTAINER_ID));
		else if (kind == OOMKIT_CONTEXT_UNIT)
			add(ex, OOMKIT_EXPLAIN_ADVICE, "raise_limit",
			    "Raise the unit's limit (now %s): systemctl set-property %s "
			    "MemoryMax=%lldM, and set MemoryHigh= below it for back-pressure.",
			    size_kb(ex->limit_kb).s,
			    esc(ex, oomkit_context_get(ctx, OOMKIT_CONTEXT_UNIT_NAME)), want);
		else
			add(ex, OOMKIT_EXPLAIN_ADVICE, "raise_limit",
			    "Raise the limit of %s (now %s) to about %lldM: memory.max (v2), "
			    "memory.limit_in_bytes (v1).",
			    dom, size_kb(ex->limit_kb).s, want);
		if (N(ev, OOMKIT_EV_MEMCG_MEMSW) == 0 && kind != OOMKIT_CONTEXT_K8S)
			add(ex, OOMKIT_EXPLAIN_ADVICE, "memory_high",
			    "Set memory.high a little below memory.max (say 90 %%): the cgroup is "
			    "then throttled and reclaimed before it reaches the OOM killer.");
	}
	if (has_cause(ex, "no_swap"))
		add(ex, OOMKIT_EXPLAIN_ADVICE, "swap",
		    "Add swap (a swap file or zram): cold anonymous memory then has somewhere to "
		    "go.");
	else if (has_cause(ex, "swap_full"))
		add(ex, OOMKIT_EXPLAIN_ADVICE, "swap",
		    "Swap filled up as well: add memory or more swap, or find what grew "
		    "(swap only delays an OOM when the demand keeps growing).");
	if (has_cause(ex, "one_process"))
		add(ex, OOMKIT_EXPLAIN_ADVICE, "leak",
		    "Check the largest process for a leak or an unbounded cache.");
	/* not where the kernel's own memory held the host */
	if (has_cause(ex, "many_copies") && !has_cause(ex, "slab") && !has_cause(ex, "hugepages"))
		add(ex, OOMKIT_EXPLAIN_ADVICE, "workers",
		    "Cap the number of worker processes (their pool size) to what the memory "
		    "holds.");
	if (kind == OOMKIT_CONTEXT_K8S)
		k8s_request(ex, ctx);
	if (has_cause(ex, "adj_decided") && kind == OOMKIT_CONTEXT_K8S)
		add(ex, OOMKIT_EXPLAIN_ADVICE, "adj",
		    "kubelet sets a pod's oom_score_adj from its QoS class (Guaranteed -997, "
		    "BestEffort 1000, Burstable from its memory request): change the requests "
		    "and limits, not the adj.");
	else if (has_cause(ex, "adj_decided"))
		add(ex, OOMKIT_EXPLAIN_ADVICE, "adj",
		    "Review oom_score_adj with oomadj (a systemd unit: OOMScoreAdjust=).");
	/* OOMPolicy= is a setting of services (systemd.service(5)) */
	if (kind == OOMKIT_CONTEXT_UNIT &&
	    strstr(oomkit_context_get(ctx, OOMKIT_CONTEXT_UNIT_NAME), ".service"))
		add(ex, OOMKIT_EXPLAIN_ADVICE, "oom_policy",
		    "OOMPolicy= of %s says what systemd does after such a kill (stop, kill the "
		    "rest, "
		    "continue).",
		    esc(ex, oomkit_context_get(ctx, OOMKIT_CONTEXT_UNIT_NAME)));
	if (has_cause(ex, "fragmentation"))
		add(ex, OOMKIT_EXPLAIN_ADVICE, "fragmentation",
		    "For fragmentation: watch /proc/buddyinfo, raise vm.min_free_kbytes a "
		    "little, and let compaction run (vm.compaction_proactiveness, 5.9+).");
	if (has_cause(ex, "lowmem"))
		add(ex, OOMKIT_EXPLAIN_ADVICE, "lowmem",
		    "Run a 64-bit kernel: a 32-bit one can address only its lowmem for kernel "
		    "memory, however much HighMem is free.");
	if (has_cause(ex, "movable_only"))
		add(ex, OOMKIT_EXPLAIN_ADVICE, "movable_only",
		    "Give the cpuset or policy a node with a Normal zone, or move the workload "
		    "off the movable-only nodes (movable_node, kernelcore=).");
	/* a kill does not free shared memory: more RAM is not the first answer */
	shm = N(ev, OOMKIT_EV_SHMEM_RSS_KB);
	if (shm != UNK && shm >= 65536 &&
	    shm * 2 >= shm + nz(N(ev, OOMKIT_EV_ANON_RSS_KB)) + nz(N(ev, OOMKIT_EV_FILE_RSS_KB)))
		add(ex, OOMKIT_EXPLAIN_ADVICE, "shmem",
		    "The victim's memory was mostly shared memory (shmem-rss %s), which a kill "
		    "does "
		    "not free: size it (shared buffers, /dev/shm) to the memory there is.",
		    size_kb(shm).s);
	if (ex->constraint == OOMKIT_CONSTRAINT_NONE && !ex->l[OOMKIT_EXPLAIN_ADVICE].n)
		add(ex, OOMKIT_EXPLAIN_ADVICE, "host",
		    "Give the host more memory or put the biggest workloads in memory cgroups "
		    "with limits, so that one workload cannot take the whole host.");
	collect_next_time(ex);
	oomkit_context_free(ctx);
}

/* ---- the answer on top ------------------------------------------------ */

/* an answer line's length, so that it fits 100 columns after its label */
#define ANSWER_MAX 90

/* a memcg path short enough for one line: "/kubepods.sl.../cri-containerd-4..." */
static const char *short_path(struct oomkit_explain *ex, const char *p)
{
	char buf[64];
	const char *last;
	size_t first, ll;

	if (!p)
		return "?";
	if (strlen(p) <= 36)
		return esc(ex, p);
	first = strcspn(p + 1, "/") + 1;
	last = strrchr(p, '/');
	if (!last || last == p) /* one component: keep its end */
		last = p + strlen(p) - 16;
	ll = strlen(last);
	if (first > 14)
		first = 14;
	snprintf(buf, sizeof(buf), "%.*s/...%.*s%s", (int)first, p, 16, last, ll > 16 ? "..." : "");
	return esc(ex, buf);
}

/* what advice id the answer's third line names, in short */
static const struct {
	const char *id;
	const char *text;
} short_advice[] = {
	/* in order of priority: the first the explanation advises is the answer */
	{ "panic_on_oom", "Set vm.panic_on_oom=0 unless a panic is what you want on every OOM" },
	{ "sysrq", "Find who ran SysRq-f (or wrote f to /proc/sysrq-trigger)" },
	{ "swap_leak", "Find what grew, and cap the cgroup's swap; a higher limit would not help" },
	{ "shmem", "Size the shared memory to the limit: a kill does not free it" },
	{ "lowmem", "Run a 64-bit kernel (32-bit lowmem ran out)" },
	{ "movable_only", "Give the allocation a node with a Normal zone" },
	{ "fragmentation", "Reduce fragmentation (vm.min_free_kbytes, compaction)" },
	{ "raise_limit", "Raise the cgroup's limit, or find why its usage grew" },
	{ "leak", "Check the largest process for a leak or an unbounded cache" },
	{ "swap", "Add swap or memory, or find what grew" },
	{ "workers", "Cap the number of worker processes" },
	{ "adj", "Review oom_score_adj: it chose the victim" },
	{ "host", "Add memory, or put the largest workloads in memory cgroups with limits" },
};

static void answer_what(struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	long long killer = N(ev, OOMKIT_EV_KILLER), st = N(ev, OOMKIT_EV_SWAP_TOTAL_KB);
	long long sf = N(ev, OOMKIT_EV_SWAP_FREE_KB);

	if (killer != UNK && killer != OOMKIT_KILLER_KERNEL)
		add(ex, OOMKIT_EXPLAIN_ANSWER, "what",
		    "Read: %s killed by its own thresholds, before the kernel's OOM killer ran.",
		    oomkit_killer_name((enum oomkit_event_killer)killer));
	else if (N(ev, OOMKIT_EV_ORDER) == -1 || N(ev, OOMKIT_EV_SYSRQ) == 1)
		add(ex, OOMKIT_EXPLAIN_ANSWER, "what",
		    "Read: a manual OOM (SysRq-f): a kill was asked for; memory need not have run "
		    "out.");
	else if (ex->constraint == OOMKIT_CONSTRAINT_MEMCG)
		add(ex, OOMKIT_EXPLAIN_ANSWER, "what",
		    "Read: a cgroup limit%s%s%s, not a host shortage: %s.",
		    ex->limit_kb != UNK ? " (" : "",
		    ex->limit_kb != UNK ? size_kb(ex->limit_kb).s : "",
		    ex->limit_kb != UNK ? ")" : "",
		    ex->domain ? short_path(ex, ex->domain) : "name not in the log");
	else if (ex->constraint == OOMKIT_CONSTRAINT_NONE &&
		 has_id(ex, OOMKIT_EXPLAIN_CAUSES, "lowmem"))
		add(ex, OOMKIT_EXPLAIN_ANSWER, "what",
		    "Read: a host shortage of lowmem (a 32-bit kernel), while HighMem was free.");
	else if (has_id(ex, OOMKIT_EXPLAIN_CAUSES, "movable_only"))
		add(ex, OOMKIT_EXPLAIN_ANSWER, "what",
		    "Read: configuration, not a shortage: the free memory was in zones "
		    "this allocation may not use.");
	else if (has_id(ex, OOMKIT_EXPLAIN_CAUSES, "fragmentation"))
		add(ex, OOMKIT_EXPLAIN_ANSWER, "what",
		    "Read: fragmentation, not a lack of memory: an order-%lld allocation found no "
		    "free "
		    "block that large.",
		    N(ev, OOMKIT_EV_ORDER));
	else if (ex->constraint == OOMKIT_CONSTRAINT_NONE)
		add(ex, OOMKIT_EXPLAIN_ANSWER, "what",
		    ex->host_from_prefix ?
			    "Read: outside any cgroup: the host's RAM%s%s%s, or a cpuset's nodes." :
			    "Read: a real shortage on the host: RAM%s%s%s.",
		    st == 0                                ? " (it has no swap)" :
		    st != UNK && sf != UNK && sf * 20 < st ? " and swap" :
		    st != UNK && sf != UNK                 ? " (swap still had " :
							     " (swap not in the log)",
		    st > 0 && sf != UNK && sf * 20 >= st ? size_kb(sf).s : "",
		    st > 0 && sf != UNK && sf * 20 >= st ? " free)" : "");
	else if (ex->constraint == OOMKIT_CONSTRAINT_CPUSET)
		add(ex, OOMKIT_EXPLAIN_ANSWER, "what",
		    "Read: an OOM on cpuset %s's nodes only (mems %s), not necessarily the host's.",
		    short_path(ex, S(ev, OOMKIT_EV_CPUSET)),
		    esc(ex, S(ev, OOMKIT_EV_MEMS_ALLOWED)));
	else if (ex->constraint == OOMKIT_CONSTRAINT_MEMORY_POLICY)
		add(ex, OOMKIT_EXPLAIN_ANSWER, "what",
		    "Read: a shortage on a memory policy's nodes (%s), not necessarily the host's.",
		    esc(ex, S(ev, OOMKIT_EV_NODEMASK)));
	else
		add(ex, OOMKIT_EXPLAIN_ANSWER, "what",
		    "Read: an OOM kill; the report does not say which domain ran out.");
}

static void answer_why(struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = ex->ev;
	long long outcome = N(ev, OOMKIT_EV_OUTCOME), anon = N(ev, OOMKIT_EV_ANON_RSS_KB);
	long long shm = N(ev, OOMKIT_EV_SHMEM_RSS_KB), ra = N(ev, OOMKIT_EV_REAPED_ANON_KB);
	const struct cand *v = victim_cand(ex), *big = NULL;
	const char *comm = S(ev, OOMKIT_EV_COMM);
	char held[160] = "";
	size_t i;

	if (outcome != OOMKIT_OUTCOME_KILLED || N(ev, OOMKIT_EV_PID) == UNK) {
		add(ex, OOMKIT_EXPLAIN_ANSWER, "why", "Read: %s.",
		    outcome == OOMKIT_OUTCOME_NO_KILLABLE ?
			    "Nothing was killed: no process could be" :
		    outcome == OOMKIT_OUTCOME_PANIC ? "Nothing was killed: the kernel panicked" :
		    outcome == OOMKIT_OUTCOME_VICTIM_EXITING ?
						      "Nothing new was killed: the victim was "
						      "already exiting" :
		    outcome == OOMKIT_OUTCOME_INCOMPLETE ?
						      "The log ends before the kill: who died is "
						      "not shown" :
						      "The log does not name the process killed");
		return;
	}
	for (i = 0; i < ex->nc; i++)
		if (!big || ex->c[i].usage > big->usage)
			big = &ex->c[i];
	if (anon != UNK)
		snprintf(held, sizeof(held), "%s anon%s%s%s", size_kb(anon).s,
			 shm != UNK && shm > 0 ? ", " : "",
			 shm != UNK && shm > 0 ? size_kb(shm).s : "",
			 shm != UNK && shm > 0 ? " shmem (kept after a kill)" : "");
	else if (v)
		snprintf(held, sizeof(held), "%s resident", size_kb(v->rss * PAGE_KB).s);
	if (v && v->swap > 0)
		snprintf(held + strlen(held), sizeof(held) - strlen(held), "%s%s swap",
			 *held ? ", " : "", size_kb(v->swap * PAGE_KB).s);
	/* one line: the clauses after the first are dropped from the end to fit */
	{
		char line[ANSWER_MAX + 64];
		const char *tail[3] = {
			has_id(ex, OOMKIT_EXPLAIN_CAUSES, "adj_decided") ? "; its adj chose it" :
			big && v && big == v && ex->nc > 1               ? "; the largest" :
									   "",
			big && v && big != v ? "; the largest was " : "",
			ra != UNK ? "; the oom_reaper freed it" : "",
		};
		int n;

		for (n = 3; n >= 0; n--) {
			snprintf(line, sizeof(line), "%s (pid %lld)%s%s%s%s%s%s.", esc(ex, comm),
				 N(ev, OOMKIT_EV_PID), *held ? " held " : "", held,
				 n > 0 ? tail[0] : "", n > 1 ? tail[1] : "",
				 n > 1 && *tail[1] ? big->name : "", n > 2 ? tail[2] : "");
			if (strlen(line) <= ANSWER_MAX)
				break;
			/* last resort: the parenthesis goes */
			if (n == 0 && strstr(held, " (kept after a kill)")) {
				*strstr(held, " (kept after a kill)") = '\0';
				n = 4;
			}
		}
		add(ex, OOMKIT_EXPLAIN_ANSWER, "why", "%s", line);
	}
}

static void answer(struct oomkit_explain *ex)
{
	const char *first = NULL;
	size_t i, k;

	answer_what(ex);
	answer_why(ex);
	for (k = 0; k < sizeof(short_advice) / sizeof(short_advice[0]) && !first; k++)
		for (i = 0; i < ex->l[OOMKIT_EXPLAIN_ADVICE].n; i++)
			if (!strcmp(ex->l[OOMKIT_EXPLAIN_ADVICE].v[i].id, short_advice[k].id)) {
				first = short_advice[k].text;
				break;
			}
	if (first)
		add(ex, OOMKIT_EXPLAIN_ANSWER, "change", "%s.", first);
	else
		add(ex, OOMKIT_EXPLAIN_ANSWER, "change",
		    "No one change has evidence here; see what to collect next time.");
	if (ex->l[OOMKIT_EXPLAIN_ANSWER].n)
		ex->l[OOMKIT_EXPLAIN_ANSWER].v[ex->l[OOMKIT_EXPLAIN_ANSWER].n - 1].basis =
			OOMKIT_BASIS_ADVICE;
}

/* ---- API ------------------------------------------------------------- */

int oomkit_explain_new(struct oomkit_explain **ex, const struct oomkit_event *ev)
{
	if (!ex || !ev)
		return -EINVAL;
	*ex = calloc(1, sizeof(**ex));
	if (!*ex)
		return -ENOMEM;
	(*ex)->ev = ev;
	(*ex)->agrees = UNK;
	return 0;
}

void oomkit_explain_free(struct oomkit_explain *ex)
{
	size_t i, j;

	if (!ex)
		return;
	for (i = 0; i < OOMKIT_EXPLAIN_LIST_COUNT_; i++) {
		for (j = 0; j < ex->l[i].n; j++) {
			free(ex->l[i].v[j].id);
			free(ex->l[i].v[j].text);
		}
		free(ex->l[i].v);
	}
	for (i = 0; i < ex->nscratch; i++)
		free(ex->scratch[i]);
	free(ex->scratch);
	free(ex->byrow);
	free(ex->c);
	free(ex->peers);
	free(ex);
}

static int push(const struct oomkit_event ***v, size_t *n, const struct oomkit_event *ev)
{
	const struct oomkit_event **nv;

	if (*n >= MAX_PEERS)
		return 0; /* a sentence lists at most a few dozen anyway */
	nv = realloc(*v, (*n + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	nv[(*n)++] = ev;
	*v = nv;
	return 0;
}

int oomkit_explain_add_peer(struct oomkit_explain *ex, const struct oomkit_event *ev)
{
	if (!ex || !ev)
		return -EINVAL;
	if (ev == ex->ev || N(ev, OOMKIT_EV_PID) == N(ex->ev, OOMKIT_EV_PID) ||
	    (!oomkit_event_same_invocation(ev, ex->ev) && !oomkit_event_same_burst(ex->ev, ev)))
		return 0;
	return push(&ex->peers, &ex->npeers, ev);
}

/* another OOM of the same host within a minute is a loop, whatever it hit */
#define LOOP_US (60LL * 1000000)

int oomkit__explain_near(struct oomkit_explain *ex, const struct oomkit_event *ev, int count)
{
	static const int clocks[] = { OOMKIT_EV_REALTIME_US, OOMKIT_EV_BOOT_US };
	const char *h1 = S(ev, OOMKIT_EV_HOST), *h2 = S(ex->ev, OOMKIT_EV_HOST);
	size_t i;

	if ((h1 || h2) && !same_str(h1, h2))
		return -1;
	for (i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		long long a = N(ev, clocks[i]), b = N(ex->ev, clocks[i]), d;

		if (a == UNK || b == UNK)
			continue;
		d = a > b ? a - b : b - a;
		if (d > LOOP_US)
			return 0;
		if (count && N(ev, OOMKIT_EV_KILLER) == N(ex->ev, OOMKIT_EV_KILLER) &&
		    (!ex->hist_near++ || d < ex->near_us))
			ex->near_us = d;
		return 1;
	}
	return -1;
}

/*
 * The loop count of events given one by one in log order, as the index
 * scans outward from the event: before it, only those after the last one
 * more than a minute away count; after it, those before the first one.
 */
static void near_track(struct oomkit_explain *ex, const struct oomkit_event *ev, int count)
{
	size_t n = ex->hist_near;
	long long d = ex->near_us;
	int r;

	if (ex->seen_self) {
		if (!ex->near_stop && oomkit__explain_near(ex, ev, count) == 0)
			ex->near_stop = 1;
		return;
	}
	/* counted into hist_near for now, moved to the "before" tally */
	ex->hist_near = 0;
	r = oomkit__explain_near(ex, ev, count);
	if (r == 0) {
		ex->before_n = 0;
	} else if (ex->hist_near) {
		if (!ex->before_n++ || ex->near_us < ex->before_us)
			ex->before_us = ex->near_us;
	}
	ex->hist_near = n;
	ex->near_us = d;
}

/* the events before this one join the count (also at the end of the input) */
static void near_fold(struct oomkit_explain *ex)
{
	if (ex->seen_self || !ex->before_n)
		return;
	if (!ex->hist_near || ex->before_us < ex->near_us)
		ex->near_us = ex->before_us;
	ex->hist_near += ex->before_n;
	ex->before_n = 0;
}

static void hist_count(struct hist *h, const struct oomkit_event *ev)
{
	if (!h->n++)
		h->first = ev;
	h->last = ev;
}

int oomkit_explain_add_history(struct oomkit_explain *ex, const struct oomkit_event *ev)
{
	long long kb;
	size_t i;

	if (!ex || !ev)
		return -EINVAL;
	if (ev == ex->ev) {
		near_fold(ex);
		ex->seen_self = 1;
		return 0;
	}
	if (oomkit_event_same_invocation(ev, ex->ev)) {
		near_track(ex, ev, 0);
		return 0;
	}
	/* a peer is part of this event, not its history */
	for (i = 0; i < ex->npeers; i++)
		if (ex->peers[i] == ev) {
			near_track(ex, ev, 0);
			return 0;
		}
	near_track(ex, ev, 1);
	/* counted now, so that any number of events costs no memory */
	if (same_str(S(ev, OOMKIT_EV_COMM), S(ex->ev, OOMKIT_EV_COMM))) {
		hist_count(&ex->hist_comm, ev);
		if (oomkit_event_rss_kb(ev, &kb) == 0)
			ex->growth[ex->ngrowth++ % 8] = kb;
	}
	if (same_str(S(ev, OOMKIT_EV_OOM_MEMCG), S(ex->ev, OOMKIT_EV_OOM_MEMCG)))
		hist_count(&ex->hist_memcg, ev);
	if (same_str(S(ev, OOMKIT_EV_UNIT), S(ex->ev, OOMKIT_EV_UNIT)))
		ex->hist_unit++;
	return 0;
}

size_t oomkit__explain_peers(const struct oomkit_explain *ex,
			     const struct oomkit_event *const **peers)
{
	*peers = ex->peers;
	return ex->npeers;
}

/* history counted by explain-index.c: as add_history() for each of its events */
static void hist_add(struct hist *h, size_t n, const struct oomkit_event *first,
		     const struct oomkit_event *last)
{
	if (!n)
		return;
	if (!h->n)
		h->first = first;
	h->n += n;
	h->last = last;
}

void oomkit__explain_add_history_summary(struct oomkit_explain *ex,
					 const struct oomkit__explain_history *h)
{
	const size_t ring = sizeof(ex->growth) / sizeof(ex->growth[0]);
	_Static_assert(sizeof(ex->growth) / sizeof(ex->growth[0]) == OOMKIT__EXPLAIN_GROWTH,
		       "the summary's ring is the explanation's");
	size_t k = h->growth_n < OOMKIT__EXPLAIN_GROWTH ? h->growth_n : OOMKIT__EXPLAIN_GROWTH, i;

	hist_add(&ex->hist_comm, h->comm_n, h->comm_first, h->comm_last);
	hist_add(&ex->hist_memcg, h->memcg_n, h->memcg_first, h->memcg_last);
	ex->hist_unit += h->unit_n;
	/* the older ones only move the ring on: the last k overwrite them */
	ex->ngrowth += h->growth_n - k;
	for (i = 0; i < k; i++)
		ex->growth[ex->ngrowth++ % ring] = h->growth[i];
}

int oomkit_explain_run(struct oomkit_explain *ex)
{
	if (!ex)
		return -EINVAL;
	near_fold(ex);
	build_candidates(ex);
	set_rules(ex);
	find_domain(ex);
	if (ex->tp_lo == UNK) {
		size_t i;

		/* a memcg without its limit line: at least what one task holds */
		ex->tp_lo = 1;
		for (i = 0; i < ex->nc; i++)
			if (ex->c[i].usage > ex->tp_lo)
				ex->tp_lo = ex->c[i].usage;
		ex->tp_hi = HUGE_TP;
		if (ex->nc)
			add(ex, OOMKIT_EXPLAIN_GAPS, "no_limit",
			    "The cgroup's limit line (\"memory: usage ... limit\") is not in the "
			    "log: totalpages is a range.");
	}
	narrow_by_score(ex);
	rank(ex);
	verdict_victim(ex);
	verdict_domain(ex);
	verdict_trigger(ex);
	verdict_group(ex);
	verdict_reaper(ex);
	ranking_notes(ex);
	if (ex->nc && ex->tp_lo != ex->tp_hi && ex->agrees != AGREE_DEPENDS)
		add(ex, OOMKIT_EXPLAIN_RANKING, "totalpages",
		    "totalpages is not fixed by the report: at least %s pages%s%s%s; the "
		    "ranking uses the lowest value.",
		    grouped(ex->tp_lo).s,
		    ex->tp_hi < HUGE_TP ? ", at most " :
					  " (the domain's RAM and swap are not all in the log)",
		    ex->tp_hi < HUGE_TP ? grouped(ex->tp_hi).s : "",
		    ex->tp_hi >= HUGE_TP ?
			    "" :
		    ex->constraint == OOMKIT_CONSTRAINT_MEMCG ?
			    " (the swap the cgroup may use is capped by the host's, which a memcg "
			    "report does not print)" :
			    " (\"pages RAM\" plus swap: \"pages reserved\" is not in the log)");
	else if (ex->nc && ex->tp_how && ex->tp_lo == ex->tp_hi)
		add(ex, OOMKIT_EXPLAIN_RANKING, "totalpages", "Computed: totalpages %s, from %s.",
		    grouped(ex->tp_lo).s, ex->tp_how);
	whatifs(ex);
	memory_and_causes(ex);
	history(ex);
	advice(ex);
	answer(ex);
	return ex->nomem ? -ENOMEM : 0;
}

const struct oomkit_event *oomkit_explain_event(const struct oomkit_explain *ex)
{
	return ex ? ex->ev : NULL;
}

size_t oomkit_explain_count(const struct oomkit_explain *ex, enum oomkit_explain_list l)
{
	if (!ex || (unsigned)l >= OOMKIT_EXPLAIN_LIST_COUNT_)
		return 0;
	return ex->l[l].n;
}

const char *oomkit_explain_text(const struct oomkit_explain *ex, enum oomkit_explain_list l,
				size_t i)
{
	if (i >= oomkit_explain_count(ex, l))
		return NULL;
	return ex->l[l].v[i].text;
}

int oomkit_explain_basis(const struct oomkit_explain *ex, enum oomkit_explain_list l, size_t i)
{
	if (i >= oomkit_explain_count(ex, l))
		return -ERANGE;
	return ex->l[l].v[i].basis;
}

const char *oomkit_explain_basis_name(int basis)
{
	switch (basis) {
	case OOMKIT_BASIS_READ:
		return "read";
	case OOMKIT_BASIS_COMPUTED:
		return "computed";
	case OOMKIT_BASIS_INFERRED:
		return "inferred";
	case OOMKIT_BASIS_ADVICE:
		return "advice";
	default:
		return "";
	}
}

const char *oomkit_explain_id(const struct oomkit_explain *ex, enum oomkit_explain_list l, size_t i)
{
	if (i >= oomkit_explain_count(ex, l))
		return NULL;
	return ex->l[l].v[i].id;
}

int oomkit_explain_num(const struct oomkit_explain *ex, enum oomkit_explain_num item, long long *v)
{
	long long r;

	if (!ex || !v)
		return -EINVAL;
	switch (item) {
	case OOMKIT_EXPLAIN_CONSTRAINT:
		r = ex->constraint;
		break;
	case OOMKIT_EXPLAIN_LIMIT_KB:
		r = ex->limit_kb;
		break;
	case OOMKIT_EXPLAIN_TOTALPAGES:
		r = ex->nc || ex->limit_kb != UNK || ex->tp_how ? ex->tp_lo : UNK;
		break;
	case OOMKIT_EXPLAIN_TOTALPAGES_MAX:
		r = (ex->nc || ex->limit_kb != UNK || ex->tp_how) && ex->tp_hi < HUGE_TP ?
			    ex->tp_hi :
			    UNK;
		break;
	case OOMKIT_EXPLAIN_AGREES:
		r = ex->agrees == AGREE_DEPENDS ? UNK : ex->agrees;
		break;
	case OOMKIT_EXPLAIN_AGREEMENT:
		r = ex->agrees;
		break;
	case OOMKIT_EXPLAIN_RANKED:
		r = (long long)ex->nc;
		break;
	case OOMKIT_EXPLAIN_ERA:
		r = ex->era;
		break;
	default:
		return -EINVAL;
	}
	if (r == UNK)
		return -ENODATA;
	*v = r;
	return 0;
}

const char *oomkit_explain_domain_path(const struct oomkit_explain *ex)
{
	return ex ? ex->domain : NULL;
}

const char *oomkit_explain_era_name(int era)
{
	switch (era) {
	case OOMKIT_ERA_BADNESS_VM:
		return "up to 2.6.35 (oom_adj, total_vm)";
	case OOMKIT_ERA_PERMILLE:
		return "2.6.36 to 3.5 (cpu, oom_adj, oom_score_adj)";
	case OOMKIT_ERA_NR_PTES:
		return "3.6 to 4.14 (nr_ptes, swapents)";
	case OOMKIT_ERA_PGTABLES:
		return "4.15 to 6.7 (pgtables_bytes, swapents)";
	case OOMKIT_ERA_RSS_SPLIT:
		return "6.8 and later (rss_anon, rss_file, rss_shmem)";
	default:
		return "";
	}
}

int oomkit_explain_rank(const struct oomkit_explain *ex, size_t i, enum oomkit_explain_rank item,
			long long *v)
{
	const struct cand *c;
	long long r;

	if (!ex || !v || i >= ex->nc)
		return -ERANGE;
	c = &ex->c[i];
	switch (item) {
	case OOMKIT_RANK_PID:
		r = c->pid;
		break;
	case OOMKIT_RANK_UID:
		r = c->uid;
		break;
	case OOMKIT_RANK_BADNESS:
		r = c->badness;
		break;
	case OOMKIT_RANK_SHARE:
		/* only where the report fixes totalpages (the reading shown) */
		r = ex->era == OOMKIT_ERA_PERMILLE ? c->badness :
		    ex->shown.tp > 0 && (ex->tp_lo == ex->tp_hi || ex->score_fixed ||
					 ex->agrees == AGREE_DEPENDS) ?
						     c->badness * 1000 / ex->shown.tp :
						     UNK;
		break;
	case OOMKIT_RANK_ADJ:
		r = c->adj;
		break;
	case OOMKIT_RANK_ADJ_PAGES:
		r = c->adj_pages;
		break;
	case OOMKIT_RANK_USAGE:
		r = c->usage;
		break;
	case OOMKIT_RANK_ELIGIBLE:
		r = c->eligible;
		break;
	case OOMKIT_RANK_VICTIM:
		r = c->victim;
		break;
	default:
		return -EINVAL;
	}
	if (r == UNK)
		return -ENODATA;
	*v = r;
	return 0;
}

const char *oomkit_explain_rank_name(const struct oomkit_explain *ex, size_t i)
{
	if (!ex || i >= ex->nc)
		return NULL;
	return ex->c[i].name;
}
