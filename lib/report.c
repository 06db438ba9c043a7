/*
 * report.c - the streaming kernel OOM report parser (oomkit/report.h).
 *
 * Lines go through oomkit__report_strip() (report-prefix.c), then a cheap
 * filter rejects the unrelated ones: when no report is open, every line
 * that matters contains 'k', 'K' or 'y' ("killer", "Killed", "memory"),
 * starts with "oom_reaper:" or is a task table header. The rest is matched
 * with fixed strings, never regular expressions, and nothing is allocated
 * for a line that is not part of a report.
 *
 * A report is kept per printk caller id (so that two CPUs' reports that
 * interleave stay apart) in fixed-size buffers; its task table keeps at
 * most OOMKIT_REPORT_MAX_ROWS rows. Events wait in a queue for
 * HOLD_LINES lines so that late lines (oom_reaper, a repeated kill line)
 * can be merged into them.
 */
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "oomkit/report.h"
#include "report-private.h"

#define NONE		LLONG_MIN
#define MAX_REPORTS	8
#define MAX_KILLS	64
#define MAX_ROWS	4096
#define HOLD_LINES	64
#define WRAP_MAX	1024
#define WRAP_JOINS	4
#define PATHLEN		1024
#define COMMLEN		64
#define NOTES		4
#define EXPIRE_LINES	512	/* lines without news that end a report */

struct row {
	long long v[OOMKIT_TASK_NUM_COUNT_];
	char name[COMMLEN];
};

struct tasktab {
	atomic_int refs;
	int frozen;		/* an event holds it: no more rows */
	size_t n, cap;
	struct row *rows;
};

struct tsnap {			/* when, where and how a line was logged */
	int valid;
	long long boot_us, realtime_us;
	char text[96];
	char host[64];
	char origin[128];
};

struct report {
	int used;
	unsigned long long id;
	unsigned long long touched;
	char caller[16];

	int has_trigger;
	struct tsnap trig_at;
	char trig_comm[COMMLEN];
	long long trig_pid, trig_adj, trig_oom_adj, order, gfp;
	char gfp_text[128];
	char nodemask[128];
	char cpuset[256];
	char mems[64];
	char constraint[40];
	char oom_memcg[PATHLEN];
	char task_memcg[PATHLEN];
	char stats_memcg[PATHLEN];
	char group_memcg[PATHLEN];
	int memcg_oom;		/* -1 unknown */
	long long usage, limit, failcnt, swusage, swlimit, freeswap, totalswap;

	int has_summary;
	struct tsnap sum_at;
	char sum_task[COMMLEN];
	long long sum_pid, sum_uid;

	int has_sel;
	struct tsnap sel_at;
	char sel_comm[COMMLEN];
	char sel_prefix[64];
	long long sel_pid, sel_score;

	struct tasktab *tab;
	int cols[OOMKIT_TASK_NUM_COUNT_];
	int ncols;
	long long rows_total;

	int nkills;
	long long kills[MAX_KILLS];
	int outcome_done;	/* no killable / panic / exiting emitted */
};

struct oomkit_event {
	long long num[OOMKIT_EV_NUM_COUNT_];
	char *str[OOMKIT_EV_STR_COUNT_];
	struct tasktab *tab;
	unsigned long long report_id;
	unsigned long long seal_line;
	int sealed;
};

struct unit_note {
	unsigned long long line;
	char unit[256];
};

struct oomkit_report_parser {
	unsigned long long lineno;
	unsigned long long next_id;
	int year;
	struct report rep[MAX_REPORTS];
	int nopen;

	/* finished events, oldest first */
	struct oomkit_event **q;
	size_t qhead, qn, qcap;

	struct unit_note notes[NOTES];
	int nextnote;

	/* a kill/trigger line wrapped over several physical lines */
	size_t wrap_len;
	int wrap_joins;
	int wrap_cut;		/* looks_cut() of the text held */
	char wrap[WRAP_MAX];
	struct oomkit__pfx wrap_pfx;
	char wrap_time[96], wrap_host[64], wrap_ident[32], wrap_caller[16];
	char wrap_origin[128];

	char scratch[16384];	/* a line without its colour escapes */
};

/* ------------------------------------------------------------------ */
/* small string helpers on (pointer, length)                           */

static inline int isdig(int c)
{
	return c >= '0' && c <= '9';
}

static int starts(const char *s, size_t n, const char *lit, size_t ln)
{
	return n >= ln && !memcmp(s, lit, ln);
}
#define STARTS(s, n, lit) starts((s), (n), (lit), sizeof(lit) - 1)

static const char *find(const char *s, size_t n, const char *lit, size_t ln)
{
	return n >= ln ? memmem(s, n, lit, ln) : NULL;
}
#define FIND(s, n, lit) find((s), (n), (lit), sizeof(lit) - 1)

/* copy [s, s+n) into dst (size dsz), stopping at a NUL, trimming blanks */
static void cpy(char *dst, size_t dsz, const char *s, size_t n)
{
	const char *z = memchr(s, '\0', n);

	if (z)
		n = (size_t)(z - s);
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= dsz)
		n = dsz - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* signed decimal at s; returns the end or NULL */
static const char *num(const char *s, const char *e, long long *v)
{
	int neg = 0, nd = 0;
	unsigned long long x = 0;

	while (s < e && *s == ' ')
		s++;
	if (s < e && (*s == '-' || *s == '+'))
		neg = *s++ == '-';
	while (s < e && isdig(*s)) {
		if (x > (ULLONG_MAX - 9) / 10)
			return NULL;
		x = x * 10 + (unsigned)(*s++ - '0');
		nd++;
	}
	if (!nd || x > (unsigned long long)LLONG_MAX)
		return NULL;
	*v = neg ? -(long long)x : (long long)x;
	return s;
}

/* the number after "key" somewhere in [s, e), or NONE */
static long long keyed(const char *s, const char *e, const char *key)
{
	size_t kl = strlen(key);
	const char *k = find(s, (size_t)(e - s), key, kl);
	long long v;

	if (!k || !num(k + kl, e, &v))
		return NONE;
	return v;
}

static long long hexnum(const char *s, const char *e)
{
	unsigned long long x = 0;
	int nd = 0;

	if (e - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; s < e && nd < 16; s++, nd++) {
		int c = *s, d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		x = x * 16 + (unsigned)d;
	}
	if (!nd || x > (unsigned long long)LLONG_MAX)
		return NONE;
	return (long long)x;
}

/* ------------------------------------------------------------------ */
/* task tables                                                          */

static void tab_put(struct tasktab *t)
{
	if (t && atomic_fetch_sub(&t->refs, 1) == 1) {
		free(t->rows);
		free(t);
	}
}

static struct tasktab *tab_get(struct tasktab *t)
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
	{ "uid", OOMKIT_TASK_UID }, { "tgid", OOMKIT_TASK_TGID },
	{ "total_vm", OOMKIT_TASK_TOTAL_VM }, { "rss", OOMKIT_TASK_RSS },
	{ "rss_anon", OOMKIT_TASK_RSS_ANON }, { "rss_file", OOMKIT_TASK_RSS_FILE },
	{ "rss_shmem", OOMKIT_TASK_RSS_SHMEM },
	{ "pgtables_bytes", OOMKIT_TASK_PGTABLES_BYTES },
	{ "nr_ptes", OOMKIT_TASK_NR_PTES }, { "nr_pmds", OOMKIT_TASK_NR_PMDS },
	{ "nr_puds", OOMKIT_TASK_NR_PUDS }, { "swapents", OOMKIT_TASK_SWAPENTS },
	{ "cpu", OOMKIT_TASK_CPU }, { "oom_adj", OOMKIT_TASK_OOM_ADJ },
	{ "oom_score_adj", OOMKIT_TASK_OOM_SCORE_ADJ },
};

/* "[ pid ]   uid  tgid total_vm ... name": returns 1 and fills cols */
static int parse_header(const char *m, size_t n, int *cols, int *ncols)
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
			if (strlen(colnames[i].name) == l &&
			    !memcmp(colnames[i].name, s, l))
				break;
		if (i == sizeof(colnames) / sizeof(colnames[0]) ||
		    k >= OOMKIT_TASK_NUM_COUNT_ - 1)
			return 0;
		cols[k++] = colnames[i].col;
	}
	return 0;
}

/* guess the columns of a row seen without its header */
static int guess_cols(int nnum, long long fifth, int *cols)
{
	static const int c6[] = { OOMKIT_TASK_UID, OOMKIT_TASK_TGID,
		OOMKIT_TASK_TOTAL_VM, OOMKIT_TASK_RSS, OOMKIT_TASK_CPU,
		OOMKIT_TASK_OOM_ADJ };
	static const int c7[] = { OOMKIT_TASK_UID, OOMKIT_TASK_TGID,
		OOMKIT_TASK_TOTAL_VM, OOMKIT_TASK_RSS,
		OOMKIT_TASK_PGTABLES_BYTES, OOMKIT_TASK_SWAPENTS,
		OOMKIT_TASK_OOM_SCORE_ADJ };
	static const int c8[] = { OOMKIT_TASK_UID, OOMKIT_TASK_TGID,
		OOMKIT_TASK_TOTAL_VM, OOMKIT_TASK_RSS, OOMKIT_TASK_NR_PTES,
		OOMKIT_TASK_NR_PMDS, OOMKIT_TASK_SWAPENTS,
		OOMKIT_TASK_OOM_SCORE_ADJ };
	static const int c10[] = { OOMKIT_TASK_UID, OOMKIT_TASK_TGID,
		OOMKIT_TASK_TOTAL_VM, OOMKIT_TASK_RSS, OOMKIT_TASK_RSS_ANON,
		OOMKIT_TASK_RSS_FILE, OOMKIT_TASK_RSS_SHMEM,
		OOMKIT_TASK_PGTABLES_BYTES, OOMKIT_TASK_SWAPENTS,
		OOMKIT_TASK_OOM_SCORE_ADJ };
	const int *src;

	switch (nnum) {
	case 6: src = c6; break;
	case 7: src = c7; break;
	case 8: src = c8; break;
	case 10: src = c10; break;
	default: return 0;
	}
	memcpy(cols, src, sizeof(int) * (size_t)nnum);
	if (nnum == 7 && (fifth < 4096 || fifth % 1024))
		cols[4] = OOMKIT_TASK_NR_PTES;
	return nnum;
}

/* "[  11132]     0 11132  876 ... 1000 tiny" */
static int parse_row(struct report *r, const char *m, size_t n)
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

static const struct row *find_row(const struct report *r, long long pid)
{
	size_t i;

	if (!r || !r->tab || pid == NONE)
		return NULL;
	for (i = r->tab->n; i-- > 0;)
		if (r->tab->rows[i].v[OOMKIT_TASK_PID] == pid)
			return &r->tab->rows[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* events                                                               */

static struct oomkit_event *ev_new(int killer, int outcome)
{
	struct oomkit_event *ev = calloc(1, sizeof(*ev));
	int i;

	if (!ev)
		return NULL;
	for (i = 0; i < OOMKIT_EV_NUM_COUNT_; i++)
		ev->num[i] = NONE;
	ev->num[OOMKIT_EV_KILLER] = killer;
	ev->num[OOMKIT_EV_OUTCOME] = outcome;
	return ev;
}

void oomkit_event_free(struct oomkit_event *ev)
{
	int i;

	if (!ev)
		return;
	for (i = 0; i < OOMKIT_EV_STR_COUNT_; i++)
		free(ev->str[i]);
	tab_put(ev->tab);
	free(ev);
}

static int set_str(struct oomkit_event *ev, int item, const char *s)
{
	char *d;

	if (!s || !*s || ev->str[item])
		return 0;
	d = strdup(s);
	if (!d)
		return -ENOMEM;
	ev->str[item] = d;
	return 0;
}

static void set_num(struct oomkit_event *ev, int item, long long v)
{
	if (v != NONE && ev->num[item] == NONE)
		ev->num[item] = v;
}

static void snap(struct oomkit_report_parser *rp, struct tsnap *t,
		 const struct oomkit__pfx *p, const char *origin)
{
	t->valid = 1;
	t->boot_us = p->boot_us;
	t->realtime_us = oomkit__pfx_realtime(p, rp->year);
	cpy(t->text, sizeof(t->text), p->time_text ? p->time_text : "",
	    p->time_len);
	cpy(t->host, sizeof(t->host), p->host ? p->host : "", p->host_len);
	cpy(t->origin, sizeof(t->origin), origin ? origin : "",
	    origin ? strlen(origin) : 0);
}

static int ev_time(struct oomkit_event *ev, const struct tsnap *t)
{
	int rc = 0;

	if (!t->valid)
		return 0;
	if (t->boot_us >= 0)
		set_num(ev, OOMKIT_EV_BOOT_US, t->boot_us);
	if (t->realtime_us >= 0)
		set_num(ev, OOMKIT_EV_REALTIME_US, t->realtime_us);
	rc |= set_str(ev, OOMKIT_EV_TIME_TEXT, t->text);
	rc |= set_str(ev, OOMKIT_EV_HOST, t->host);
	rc |= set_str(ev, OOMKIT_EV_SOURCE, t->origin);
	return rc ? -ENOMEM : 0;
}

/* fill an event from what its report said */
static int ev_from_report(struct oomkit_event *ev, struct report *r)
{
	int rc = 0;
	const struct row *row;

	if (!r)
		return 0;
	ev->report_id = r->id;
	if (r->has_trigger) {
		rc |= set_str(ev, OOMKIT_EV_TRIGGER_COMM, r->trig_comm);
		set_num(ev, OOMKIT_EV_TRIGGER_PID, r->trig_pid);
		set_num(ev, OOMKIT_EV_TRIGGER_ADJ, r->trig_adj);
		set_num(ev, OOMKIT_EV_TRIGGER_OOM_ADJ, r->trig_oom_adj);
		set_num(ev, OOMKIT_EV_ORDER, r->order);
		set_num(ev, OOMKIT_EV_GFP_MASK, r->gfp);
		rc |= set_str(ev, OOMKIT_EV_GFP_TEXT, r->gfp_text);
	} else {
		set_num(ev, OOMKIT_EV_TRIGGER_PID, r->trig_pid);
	}
	rc |= set_str(ev, OOMKIT_EV_NODEMASK, r->nodemask);
	rc |= set_str(ev, OOMKIT_EV_CPUSET, r->cpuset);
	rc |= set_str(ev, OOMKIT_EV_MEMS_ALLOWED, r->mems);
	rc |= set_str(ev, OOMKIT_EV_CONSTRAINT, r->constraint);
	rc |= set_str(ev, OOMKIT_EV_OOM_MEMCG, r->oom_memcg);
	rc |= set_str(ev, OOMKIT_EV_TASK_MEMCG, r->task_memcg);
	rc |= set_str(ev, OOMKIT_EV_STATS_MEMCG, r->stats_memcg);
	rc |= set_str(ev, OOMKIT_EV_GROUP_MEMCG, r->group_memcg);
	if (r->memcg_oom >= 0)
		set_num(ev, OOMKIT_EV_MEMCG_OOM, r->memcg_oom);
	if (r->group_memcg[0])
		set_num(ev, OOMKIT_EV_OOM_GROUP, 1);
	set_num(ev, OOMKIT_EV_MEMCG_USAGE_KB, r->usage);
	set_num(ev, OOMKIT_EV_MEMCG_LIMIT_KB, r->limit);
	set_num(ev, OOMKIT_EV_MEMCG_FAILCNT, r->failcnt);
	set_num(ev, OOMKIT_EV_MEMCG_SWAP_USAGE_KB, r->swusage);
	set_num(ev, OOMKIT_EV_MEMCG_SWAP_LIMIT_KB, r->swlimit);
	set_num(ev, OOMKIT_EV_SWAP_FREE_KB, r->freeswap);
	set_num(ev, OOMKIT_EV_SWAP_TOTAL_KB, r->totalswap);
	if (r->has_sel) {
		set_num(ev, OOMKIT_EV_SELECTED_PID, r->sel_pid);
		set_num(ev, OOMKIT_EV_SCORE, r->sel_score);
		rc |= set_str(ev, OOMKIT_EV_SELECTED_COMM, r->sel_comm);
		rc |= set_str(ev, OOMKIT_EV_KILL_PREFIX, r->sel_prefix);
	}
	if (r->has_summary && ev->num[OOMKIT_EV_PID] != NONE &&
	    ev->num[OOMKIT_EV_PID] == r->sum_pid)
		set_num(ev, OOMKIT_EV_UID, r->sum_uid);
	if (r->rows_total)
		set_num(ev, OOMKIT_EV_TASKS_TOTAL, r->rows_total);
	if (r->tab && !ev->tab)
		ev->tab = tab_get(r->tab);
	row = find_row(r, ev->num[OOMKIT_EV_PID]);
	if (row) {
		set_num(ev, OOMKIT_EV_OOM_SCORE_ADJ,
			row->v[OOMKIT_TASK_OOM_SCORE_ADJ]);
		set_num(ev, OOMKIT_EV_UID, row->v[OOMKIT_TASK_UID]);
	}
	return rc ? -ENOMEM : 0;
}

static int unit_matches(const char *path, const char *unit)
{
	size_t ul = strlen(unit);
	const char *p = path;

	if (!path || !ul)
		return 0;
	while ((p = strstr(p, unit)) != NULL) {
		if (p > path && p[-1] == '/' && (p[ul] == '/' || !p[ul]))
			return 1;
		p++;
	}
	return 0;
}

static void apply_notes(struct oomkit_report_parser *rp,
			struct oomkit_event *ev)
{
	int i;

	for (i = 0; i < NOTES; i++) {
		struct unit_note *n = &rp->notes[i];

		if (!n->unit[0] || rp->lineno - n->line > HOLD_LINES)
			continue;
		if (unit_matches(ev->str[OOMKIT_EV_TASK_MEMCG], n->unit)) {
			set_str(ev, OOMKIT_EV_UNIT, n->unit);
			return;
		}
	}
}

static int push(struct oomkit_report_parser *rp, struct oomkit_event *ev)
{
	if (rp->qn == rp->qcap) {
		size_t nc = rp->qcap ? rp->qcap * 2 : 16, i;
		struct oomkit_event **nq = malloc(nc * sizeof(*nq));

		if (!nq) {
			oomkit_event_free(ev);
			return -ENOMEM;
		}
		for (i = 0; i < rp->qn; i++)
			nq[i] = rp->q[(rp->qhead + i) % rp->qcap];
		free(rp->q);
		rp->q = nq;
		rp->qhead = 0;
		rp->qcap = nc;
	}
	apply_notes(rp, ev);
	ev->seal_line = rp->lineno + HOLD_LINES;
	rp->q[(rp->qhead + rp->qn) % rp->qcap] = ev;
	rp->qn++;
	return 0;
}

/* the i-th newest event still held back, or NULL */
static struct oomkit_event *held(struct oomkit_report_parser *rp, size_t i)
{
	struct oomkit_event *ev;

	if (i >= rp->qn)
		return NULL;
	ev = rp->q[(rp->qhead + rp->qn - 1 - i) % rp->qcap];
	if (ev->sealed || rp->lineno > ev->seal_line)
		return NULL;
	return ev;
}

/* ------------------------------------------------------------------ */
/* reports                                                              */

static struct report *rep_find(struct oomkit_report_parser *rp,
			       const struct oomkit__pfx *p)
{
	struct report *best = NULL;
	int i;

	if (!rp->nopen)
		return NULL;
	for (i = 0; i < MAX_REPORTS; i++) {
		struct report *r = &rp->rep[i];

		if (!r->used)
			continue;
		if (p->caller_len) {
			if (strlen(r->caller) == p->caller_len &&
			    !memcmp(r->caller, p->caller, p->caller_len))
				return r;
		} else if (!best || r->touched > best->touched) {
			best = r;
		}
	}
	return best;
}

static void rep_free(struct oomkit_report_parser *rp, struct report *r)
{
	tab_put(r->tab);
	memset(r, 0, sizeof(*r));
	rp->nopen--;
}

/* is a kernel kill of @pid still held back? */
static int seen_kill(struct oomkit_report_parser *rp, long long pid)
{
	struct oomkit_event *ev;
	size_t i;

	for (i = 0; (ev = held(rp, i)) != NULL; i++)
		if (ev->num[OOMKIT_EV_KILLER] == OOMKIT_KILLER_KERNEL &&
		    ev->num[OOMKIT_EV_OUTCOME] == OOMKIT_OUTCOME_KILLED &&
		    ev->num[OOMKIT_EV_PID] == pid)
			return 1;
	return 0;
}

/* emit the event a report stands for when nothing else did, and drop it */
static int rep_close(struct oomkit_report_parser *rp, struct report *r)
{
	struct oomkit_event *ev = NULL;
	int rc = 0;

	if (r->nkills || r->outcome_done) {
		rep_free(rp, r);
		return 0;
	}
	if ((r->has_sel && seen_kill(rp, r->sel_pid)) ||
	    (!r->has_sel && r->has_summary && seen_kill(rp, r->sum_pid))) {
		/* lines of a kill already counted, out of order */
		rep_free(rp, r);
		return 0;
	}
	if ((r->has_sel && r->sel_pid != NONE) ||
	    (r->has_summary && r->sum_pid != NONE)) {
		/* the kill line itself is missing from the excerpt */
		ev = ev_new(OOMKIT_KILLER_KERNEL, OOMKIT_OUTCOME_KILLED);
		if (!ev)
			goto nomem;
		if (r->has_sel) {
			ev->num[OOMKIT_EV_PID] = r->sel_pid;
			rc |= set_str(ev, OOMKIT_EV_COMM, r->sel_comm);
			rc |= ev_time(ev, &r->sel_at);
		} else {
			ev->num[OOMKIT_EV_PID] = r->sum_pid;
			rc |= set_str(ev, OOMKIT_EV_COMM, r->sum_task);
			rc |= ev_time(ev, &r->sum_at);
		}
	} else if (r->has_trigger) {
		ev = ev_new(OOMKIT_KILLER_KERNEL, OOMKIT_OUTCOME_INCOMPLETE);
		if (!ev)
			goto nomem;
		rc |= ev_time(ev, &r->trig_at);
	}
	if (ev) {
		rc |= ev_from_report(ev, r);
		rep_free(rp, r);
		if (rc) {
			oomkit_event_free(ev);
			return -ENOMEM;
		}
		return push(rp, ev);
	}
	rep_free(rp, r);
	return 0;
nomem:
	rep_free(rp, r);
	return -ENOMEM;
}

static int rep_open(struct oomkit_report_parser *rp,
		    const struct oomkit__pfx *p, struct report **out)
{
	struct report *r = NULL, *old = NULL;
	int i, rc = 0;

	for (i = 0; i < MAX_REPORTS; i++) {
		if (!rp->rep[i].used) {
			r = &rp->rep[i];
			break;
		}
		if (!old || rp->rep[i].touched < old->touched)
			old = &rp->rep[i];
	}
	if (!r) {
		rc = rep_close(rp, old);
		r = old;
	}
	memset(r, 0, sizeof(*r));
	r->used = 1;
	r->id = ++rp->next_id;
	r->touched = rp->lineno;
	cpy(r->caller, sizeof(r->caller), p->caller ? p->caller : "",
	    p->caller_len);
	r->trig_pid = r->trig_adj = r->trig_oom_adj = r->order = r->gfp = NONE;
	r->usage = r->limit = r->failcnt = r->swusage = r->swlimit = NONE;
	r->freeswap = r->totalswap = NONE;
	r->sum_pid = r->sum_uid = r->sel_pid = r->sel_score = NONE;
	r->memcg_oom = -1;
	rp->nopen++;
	*out = r;
	return rc;
}

/*
 * The report a line of @p goes to: *@r while it can take the line, else
 * (@done: it already has what the line would add) close it and open a
 * new one. Returns 0 or -ENOMEM.
 */
static int rep_continue(struct oomkit_report_parser *rp,
			const struct oomkit__pfx *p, struct report **r, int done)
{
	if (*r && done) {
		if (rep_close(rp, *r) < 0)
			return -ENOMEM;
		*r = NULL;
	}
	if (!*r && rep_open(rp, p, r) < 0)
		return -ENOMEM;
	return 0;
}

/* the report a body line belongs to, opened headerless when needed */
static int rep_for(struct oomkit_report_parser *rp,
		   const struct oomkit__pfx *p, struct report **out)
{
	struct report *r = rep_find(rp, p);

	if (r) {
		r->touched = rp->lineno;
		*out = r;
		return 0;
	}
	return rep_open(rp, p, out);
}

/* ------------------------------------------------------------------ */
/* kernel lines                                                         */

/* "comm invoked oom-killer: gfp_mask=..., order=0, oom_score_adj=0" */
static int on_trigger(struct oomkit_report_parser *rp, const char *m,
		      size_t n, const char *inv, const struct oomkit__pfx *p,
		      const char *origin)
{
	const char *e = m + n, *v, *ve;
	struct report *r = rep_find(rp, p);
	int rc = 0;

	if (r && (p->caller_len || !r->caller[0]))
		rc = rep_close(rp, r);
	if (rep_open(rp, p, &r) < 0 || rc < 0)
		return -ENOMEM;
	r->has_trigger = 1;
	snap(rp, &r->trig_at, p, origin);
	if (inv - m <= COMMLEN - 1)
		cpy(r->trig_comm, sizeof(r->trig_comm), m, (size_t)(inv - m));
	else
		cpy(r->trig_comm, sizeof(r->trig_comm), inv - 16, 16);
	v = FIND(inv, (size_t)(e - inv), "gfp_mask=");
	if (v) {
		v += 9;
		for (ve = v; ve < e && *ve != ',' && *ve != ' '; ve++)
			if (*ve == '(') {
				const char *c = memchr(ve, ')', (size_t)(e - ve));

				ve = c ? c : e - 1;
			}
		cpy(r->gfp_text, sizeof(r->gfp_text), v, (size_t)(ve - v));
		r->gfp = hexnum(v, ve);
	}
	v = FIND(inv, (size_t)(e - inv), "nodemask=");
	if (v) {
		v += 9;
		ve = FIND(v, (size_t)(e - v), ", order=");
		if (!ve)
			ve = memchr(v, ',', (size_t)(e - v));
		cpy(r->nodemask, sizeof(r->nodemask), v,
		    (size_t)((ve ? ve : e) - v));
	}
	r->order = keyed(inv, e, "order=");
	r->trig_adj = keyed(inv, e, "oom_score_adj=");
	r->trig_oom_adj = keyed(inv, e, " oom_adj=");
	if (r->trig_oom_adj == NONE)
		r->trig_oom_adj = keyed(inv, e, "oomkilladj=");
	return 0;
}

/* oom-kill:constraint=...,nodemask=...,cpuset=...,task=...,pid=...,uid=... */
static const char *const sumkeys[] = {
	"constraint=", "nodemask=", "cpuset=", "mems_allowed=", "global_oom",
	"oom_memcg=", "task_memcg=", "task=", "pid=", "uid=",
};

static int sum_value(const char *m, const char *e, const char *key,
		     const char **vs, const char **ve)
{
	size_t kl = strlen(key), i;
	const char *s = m, *best;

	for (;;) {
		const char *k = find(s, (size_t)(e - s), key, kl);

		if (!k)
			return 0;
		if (k == m || k[-1] == ',' || k[-1] == ':') {
			s = k + kl;
			break;
		}
		s = k + 1;
	}
	best = e;
	for (i = 0; i < sizeof(sumkeys) / sizeof(sumkeys[0]); i++) {
		size_t l = strlen(sumkeys[i]);
		const char *c = s;

		while (c < best) {
			const char *k = find(c, (size_t)(best - c), sumkeys[i], l);

			if (!k)
				break;
			if (k > s && k[-1] == ',') {
				best = k - 1;
				break;
			}
			c = k + 1;
		}
	}
	*vs = s;
	*ve = best;
	return 1;
}

static int on_summary(struct oomkit_report_parser *rp, const char *m,
		      size_t n, const struct oomkit__pfx *p,
		      const char *origin)
{
	const char *e = m + n, *vs, *ve;
	struct report *r = rep_find(rp, p);
	long long v;

	if (rep_continue(rp, p, &r, r && (r->nkills || r->has_summary ||
					  r->outcome_done)) < 0)
		return -ENOMEM;
	r->touched = rp->lineno;
	r->has_summary = 1;
	snap(rp, &r->sum_at, p, origin);
	if (sum_value(m, e, "constraint=", &vs, &ve))
		cpy(r->constraint, sizeof(r->constraint), vs, (size_t)(ve - vs));
	if (sum_value(m, e, "nodemask=", &vs, &ve))
		cpy(r->nodemask, sizeof(r->nodemask), vs, (size_t)(ve - vs));
	if (sum_value(m, e, "cpuset=", &vs, &ve))
		cpy(r->cpuset, sizeof(r->cpuset), vs, (size_t)(ve - vs));
	if (sum_value(m, e, "mems_allowed=", &vs, &ve))
		cpy(r->mems, sizeof(r->mems), vs, (size_t)(ve - vs));
	if (sum_value(m, e, "oom_memcg=", &vs, &ve)) {
		cpy(r->oom_memcg, sizeof(r->oom_memcg), vs, (size_t)(ve - vs));
		r->memcg_oom = 1;
	} else if (FIND(m, n, ",global_oom")) {
		r->memcg_oom = 0;
	}
	if (sum_value(m, e, "task_memcg=", &vs, &ve))
		cpy(r->task_memcg, sizeof(r->task_memcg), vs, (size_t)(ve - vs));
	if (sum_value(m, e, "task=", &vs, &ve))
		cpy(r->sum_task, sizeof(r->sum_task), vs, (size_t)(ve - vs));
	if (sum_value(m, e, "pid=", &vs, &ve) && num(vs, ve, &v) && v > 0)
		r->sum_pid = v;
	if (sum_value(m, e, "uid=", &vs, &ve) && num(vs, ve, &v))
		r->sum_uid = v;
	return 0;
}

/*
 * The comm in "(comm)" after a pid. Returns the end (past ')') or NULL.
 * A comm may itself hold ')' or spaces, so prefer the ')' before a known
 * continuation.
 */
static const char *paren_comm(const char *s, const char *e, char *out,
			      size_t osz)
{
	const char *o, *c, *lim;
	static const char *const next[] = { ") total-vm:", "), UID", ") score",
					    ", now ", ") is already" };
	size_t i;

	while (s < e && *s == ' ')
		s++;
	if (s >= e || *s != '(')
		return NULL;
	o = s + 1;
	lim = e - o > COMMLEN + 2 ? o + COMMLEN + 2 : e;
	for (i = 0; i < sizeof(next) / sizeof(next[0]); i++) {
		c = find(o, (size_t)(e - o), next[i], strlen(next[i]));
		if (c && c < lim + 8) {
			if (next[i][0] == ',')
				c--;	/* "(comm), now" */
			if (c >= o && *c == ')') {
				cpy(out, osz, o, (size_t)(c - o));
				return c + 1;
			}
		}
	}
	for (c = o; c < lim; c++) {
		if (*c != ')')
			continue;
		if (c + 1 == e || c[1] == ' ' || c[1] == ',' || c[1] == '.' ||
		    c[1] == ':' || (c[1] >= 'A' && c[1] <= 'Z') || c[1] == 'o')
			break;
	}
	if (c >= lim)
		return NULL;
	cpy(out, osz, o, (size_t)(c - o));
	return c + 1;
}

/* text before "Killed process"/"Kill process", without ": " */
static void kill_prefix(const char *m, const char *k, char *out, size_t osz)
{
	const char *e = k;

	while (e > m && (e[-1] == ' ' || e[-1] == ':'))
		e--;
	cpy(out, osz, m, (size_t)(e - m));
}

static int prefix_is_memcg(const char *pre)
{
	return strstr(pre, "Memory cgroup") != NULL;
}

/* "<prefix>: Kill process N (comm) score S or sacrifice child" */
static int on_select(struct oomkit_report_parser *rp, const char *m, size_t n,
		     const char *k, const struct oomkit__pfx *p,
		     const char *origin)
{
	const char *e = m + n, *s;
	long long pid, score;
	char comm[COMMLEN];
	struct report *r;

	s = num(k + 13, e, &pid);	/* after "Kill process " */
	if (!s || pid <= 0)
		return 0;
	if (!paren_comm(s, e, comm, sizeof(comm)))
		comm[0] = '\0';
	score = keyed(s, e, "score ");
	r = rep_find(rp, p);
	if (r && r->has_sel && r->sel_pid == pid && !r->nkills)
		return 0;	/* the same line twice */
	if (rep_continue(rp, p, &r, r && (r->nkills || r->has_sel ||
					  r->outcome_done)) < 0)
		return -ENOMEM;
	r->touched = rp->lineno;
	r->has_sel = 1;
	r->sel_pid = pid;
	r->sel_score = score;
	cpy(r->sel_comm, sizeof(r->sel_comm), comm, strlen(comm));
	kill_prefix(m, k, r->sel_prefix, sizeof(r->sel_prefix));
	if (prefix_is_memcg(r->sel_prefix))
		r->memcg_oom = 1;
	snap(rp, &r->sel_at, p, origin);
	return 0;
}

/*
 * "<prefix>: Killed process N (comm) total-vm:..kB, anon-rss:..kB, ..."
 * RHEL 6: "Killed process N, UID U, (comm) total-vm:..."
 * RHEL 7: "Killed process N (comm), UID U, total-vm:..."
 */
static int on_killed(struct oomkit_report_parser *rp, const char *m, size_t n,
		     const char *k, const struct oomkit__pfx *p,
		     const char *origin)
{
	const char *e = m + n, *s, *after;
	long long pid, uid = NONE;
	char comm[COMMLEN], prefix[64];
	struct report *r;
	struct oomkit_event *ev;
	struct tsnap t;
	int i, rc = 0;

	s = num(k + 15, e, &pid);	/* after "Killed process " */
	if (!s || pid <= 0)
		return 0;
	if (s < e && *s == ',') {	/* RHEL 6 */
		uid = keyed(s, e, "UID ");
		s = memchr(s, '(', (size_t)(e - s));
		if (!s)
			return 0;
	}
	after = paren_comm(s, e, comm, sizeof(comm));
	if (!after)
		return 0;
	kill_prefix(m, k, prefix, sizeof(prefix));

	r = rep_find(rp, p);
	for (i = 0; r && i < r->nkills; i++)
		if (r->kills[i] == pid)
			return 0;	/* printed twice (oom.group) */
	if (rep_continue(rp, p, &r, r && ((r->nkills && !r->group_memcg[0]) ||
					  r->outcome_done)) < 0)
		return -ENOMEM;
	r->touched = rp->lineno;
	if (r->nkills < MAX_KILLS)
		r->kills[r->nkills] = pid;
	r->nkills++;

	ev = ev_new(OOMKIT_KILLER_KERNEL, OOMKIT_OUTCOME_KILLED);
	if (!ev)
		return -ENOMEM;
	ev->num[OOMKIT_EV_PID] = pid;
	rc |= set_str(ev, OOMKIT_EV_COMM, comm);
	if (uid == NONE) {
		uid = keyed(after, e, "UID:");
		if (uid == NONE)
			uid = keyed(after, e, "UID ");
	}
	set_num(ev, OOMKIT_EV_UID, uid);
	set_num(ev, OOMKIT_EV_TOTAL_VM_KB, keyed(after, e, "total-vm:"));
	set_num(ev, OOMKIT_EV_TOTAL_VM_KB, keyed(after, e, "vsz:"));	/* 2.6.3x */
	set_num(ev, OOMKIT_EV_ANON_RSS_KB, keyed(after, e, "anon-rss:"));
	set_num(ev, OOMKIT_EV_FILE_RSS_KB, keyed(after, e, "file-rss:"));
	set_num(ev, OOMKIT_EV_SHMEM_RSS_KB, keyed(after, e, "shmem-rss:"));
	set_num(ev, OOMKIT_EV_PGTABLES_KB, keyed(after, e, "pgtables:"));
	set_num(ev, OOMKIT_EV_OOM_SCORE_ADJ, keyed(after, e, "oom_score_adj:"));
	rc |= set_str(ev, OOMKIT_EV_KILL_PREFIX, prefix);
	if (prefix_is_memcg(prefix))
		r->memcg_oom = 1;
	snap(rp, &t, p, origin);
	rc |= ev_time(ev, &t);
	rc |= ev_from_report(ev, r);
	if (rc) {
		oomkit_event_free(ev);
		return -ENOMEM;
	}
	return push(rp, ev);
}

/* an outcome without a kill: no killable processes, panic, exiting */
static int on_outcome(struct oomkit_report_parser *rp, int outcome,
		      long long pid, const char *comm,
		      const struct oomkit__pfx *p, const char *origin)
{
	struct report *r = rep_find(rp, p);
	struct oomkit_event *ev;
	struct tsnap t;
	size_t i;
	int rc = 0;

	if (outcome == OOMKIT_OUTCOME_PANIC && r && r->outcome_done) {
		/* "no killable processes" then "System is deadlocked": one */
		for (i = 0; (ev = held(rp, i)) != NULL; i++) {
			if (ev->num[OOMKIT_EV_KILLER] != OOMKIT_KILLER_KERNEL ||
			    ev->report_id != r->id)
				continue;
			if (ev->num[OOMKIT_EV_OUTCOME] ==
				    OOMKIT_OUTCOME_NO_KILLABLE ||
			    ev->num[OOMKIT_EV_OUTCOME] == OOMKIT_OUTCOME_PANIC) {
				ev->num[OOMKIT_EV_OUTCOME] = OOMKIT_OUTCOME_PANIC;
				return 0;
			}
			break;
		}
	}
	if (rep_continue(rp, p, &r, r && (r->nkills || r->outcome_done)) < 0)
		return -ENOMEM;
	r->outcome_done = 1;
	ev = ev_new(OOMKIT_KILLER_KERNEL, outcome);
	if (!ev)
		return -ENOMEM;
	if (pid != NONE) {
		ev->num[OOMKIT_EV_PID] = pid;
		rc |= set_str(ev, OOMKIT_EV_COMM, comm);
	}
	snap(rp, &t, p, origin);
	rc |= ev_time(ev, &t);
	rc |= ev_from_report(ev, r);
	if (rc) {
		oomkit_event_free(ev);
		return -ENOMEM;
	}
	return push(rp, ev);
}

/* "oom_reaper: reaped process N (comm), now anon-rss:..kB, ..." */
static void on_reaper(struct oomkit_report_parser *rp, const char *m, size_t n)
{
	const char *e = m + n, *s;
	long long pid;
	int failed = 0;
	struct oomkit_event *ev;
	size_t i;

	s = FIND(m, n, "reaped process ");
	if (s) {
		s += 15;
	} else if ((s = FIND(m, n, "unable to reap pid:")) != NULL) {
		s += 19;
		failed = 1;
	} else {
		return;
	}
	if (!num(s, e, &pid))
		return;
	for (i = 0; (ev = held(rp, i)) != NULL; i++) {
		if (ev->num[OOMKIT_EV_KILLER] != OOMKIT_KILLER_KERNEL ||
		    ev->num[OOMKIT_EV_PID] != pid)
			continue;
		if (failed) {
			ev->num[OOMKIT_EV_REAP_FAILED] = 1;
		} else {
			ev->num[OOMKIT_EV_REAP_FAILED] = 0;
			ev->num[OOMKIT_EV_REAPED_ANON_KB] =
				keyed(s, e, "anon-rss:");
			ev->num[OOMKIT_EV_REAPED_FILE_KB] =
				keyed(s, e, "file-rss:");
			ev->num[OOMKIT_EV_REAPED_SHMEM_KB] =
				keyed(s, e, "shmem-rss:");
		}
		return;
	}
}

/* does "Comm: X ..." name the trigger? (true when there is no trigger) */
static int same_comm(const struct report *r, const char *c, size_t skip,
		     const char *e)
{
	size_t l = strlen(r->trig_comm);

	if (!c)
		return 0;
	if (!r->has_trigger || !l)
		return 1;
	c += skip;
	if (l > 15)	/* TASK_COMM_LEN - 1 */
		l = 15;
	if ((size_t)(e - c) < l || memcmp(c, r->trig_comm, l))
		return 0;
	return l == 15 || c + l == e || c[l] == ' ';
}

/* lines of an open report's body; 1 when used */
static int on_body(struct oomkit_report_parser *rp, struct report *r,
		   const char *m, size_t n)
{
	const char *e = m + n, *s;
	long long v;

	/* old cpuset line: "comm cpuset=name mems_allowed=0", right after
	 * the trigger line */
	if (r->has_trigger && !r->cpuset[0] && r->trig_pid == NONE &&
	    (s = FIND(m, n, " cpuset=")) != NULL) {
		const char *ma = FIND(m, n, " mems_allowed=");

		if (ma && ma > s) {
			cpy(r->cpuset, sizeof(r->cpuset), s + 8,
			    (size_t)(ma - s - 8));
			cpy(r->mems, sizeof(r->mems), ma + 14,
			    (size_t)(e - ma - 14));
			return 1;
		}
	}
	switch (m[0]) {
	case '[':
		if (parse_header(m, n, r->cols, &r->ncols))
			return 1;
		return parse_row(r, m, n);
	case 'C':
		/* the stack dump of the allocating task, not of another CPU's
		 * warning printed in between: the comm must match */
		if (STARTS(m, n, "CPU: ") && (s = FIND(m, n, " PID: ")) != NULL &&
		    r->trig_pid == NONE && num(s + 6, e, &v) &&
		    same_comm(r, FIND(m, n, " Comm: "), 7, e)) {
			r->trig_pid = v;
			return 1;
		}
		return 0;
	case 'P':
		/* 2.6.x: "Pid: 8911, comm: httpd Not tainted" */
		if (STARTS(m, n, "Pid: ") && r->trig_pid == NONE &&
		    num(m + 5, e, &v) &&
		    same_comm(r, FIND(m, n, ", comm: "), 8, e)) {
			r->trig_pid = v;
			return 1;
		}
		return 0;
	case 'M':
		if (STARTS(m, n, "Mem-Info:")) {
			if (r->memcg_oom < 0)
				r->memcg_oom = 0;
		} else if (STARTS(m, n, "Memory cgroup stats for ")) {
			s = m + 24;
			cpy(r->stats_memcg, sizeof(r->stats_memcg), s,
			    (size_t)(e - s));
			s = strrchr(r->stats_memcg, ':');
			if (s)
				r->stats_memcg[s - r->stats_memcg] = '\0';
			r->memcg_oom = 1;
		} else {
			return 0;
		}
		return 1;
	case 'm':
		if (STARTS(m, n, "memory: usage ")) {
			r->usage = keyed(m, e, "usage ");
			r->limit = keyed(m, e, "limit ");
			r->failcnt = keyed(m, e, "failcnt ");
			r->memcg_oom = 1;
		} else if (STARTS(m, n, "memory+swap: usage ")) {
			r->swusage = keyed(m, e, "usage ");
			r->swlimit = keyed(m, e, "limit ");
		} else {
			return 0;
		}
		return 1;
	case 's':
		if (STARTS(m, n, "swap: usage ")) {
			r->swusage = keyed(m, e, "usage ");
			r->swlimit = keyed(m, e, "limit ");
			return 1;
		}
		return 0;
	case 'F':
		if (STARTS(m, n, "Free swap")) {
			r->freeswap = keyed(m, e, "= ");
			return 1;
		}
		return 0;
	case 'T':
		if (STARTS(m, n, "Total swap")) {
			r->totalswap = keyed(m, e, "= ");
			return 1;
		}
		if (STARTS(m, n, "Tasks state"))
			return 1;
		return 0;
	}
	return 0;
}

static int body_msg(struct oomkit_report_parser *rp, const char *m, size_t n,
		    const struct oomkit__pfx *p);

/* one kernel message (no prefix, no joined lines) */
static int kernel_msg(struct oomkit_report_parser *rp, const char *m,
		      size_t n, const struct oomkit__pfx *p, const char *origin)
{
	const char *e = m + n, *k;
	struct report *r;

	if ((k = FIND(m, n, " invoked oom-killer:")) != NULL)
		return on_trigger(rp, m, n, k, p, origin);
	if (STARTS(m, n, "oom-killer: gfp_mask="))	/* 2.6.1x: no comm */
		return on_trigger(rp, m, n, m, p, origin);
	if (STARTS(m, n, "oom-kill:"))
		return on_summary(rp, m + 9, n - 9, p, origin);
	if ((k = FIND(m, n, "Killed process ")) != NULL)
		return on_killed(rp, m, n, k, p, origin);
	if ((k = FIND(m, n, "ill process ")) != NULL && k > m &&
	    (k[-1] == 'K' || k[-1] == 'k'))
		return on_select(rp, m, n, k - 1, p, origin);
	if (FIND(m, n, "no killable processes"))
		return on_outcome(rp, FIND(m, n, "Kernel panic") ?
				  OOMKIT_OUTCOME_PANIC :
				  OOMKIT_OUTCOME_NO_KILLABLE, NONE, NULL, p,
				  origin);
	if (STARTS(m, n, "OOM request ignored"))	/* sysrq-f, nothing to kill */
		return on_outcome(rp, OOMKIT_OUTCOME_NO_KILLABLE, NONE, NULL, p,
				  origin);
	if (FIND(m, n, "System is deadlocked on memory") ||
	    FIND(m, n, "panic_on_oom is enabled"))
		return on_outcome(rp, OOMKIT_OUTCOME_PANIC, NONE, NULL, p,
				  origin);
	if ((k = FIND(m, n, "OOM victim ")) != NULL &&
	    FIND(m, n, "is already exiting")) {
		long long pid;
		const char *s = num(k + 11, e, &pid);
		char comm[COMMLEN] = "";

		if (!s)
			return 0;
		paren_comm(s, e, comm, sizeof(comm));
		return on_outcome(rp, OOMKIT_OUTCOME_VICTIM_EXITING, pid, comm,
				  p, origin);
	}
	if (STARTS(m, n, "Task in ") &&
	    (k = FIND(m, n, " killed as a result of limit of ")) != NULL) {
		if (rep_for(rp, p, &r) < 0)
			return -ENOMEM;
		cpy(r->task_memcg, sizeof(r->task_memcg), m + 8,
		    (size_t)(k - m - 8));
		k += 32;
		cpy(r->oom_memcg, sizeof(r->oom_memcg), k, (size_t)(e - k));
		r->memcg_oom = 1;
		return 0;
	}
	if (STARTS(m, n, "Tasks in ") &&
	    (k = FIND(m, n, " are going to be killed")) != NULL) {
		struct oomkit_event *ev;
		size_t i;

		if (rep_for(rp, p, &r) < 0)
			return -ENOMEM;
		cpy(r->group_memcg, sizeof(r->group_memcg), m + 9,
		    (size_t)(k - m - 9));
		for (i = 0; (ev = held(rp, i)) != NULL; i++)
			if (ev->report_id == r->id) {
				ev->num[OOMKIT_EV_OOM_GROUP] = 1;
				set_str(ev, OOMKIT_EV_GROUP_MEMCG,
					r->group_memcg);
			}
		return 0;
	}
	return body_msg(rp, m, n, p);
}

/* a line that can only be part of a report's body */
static int body_msg(struct oomkit_report_parser *rp, const char *m, size_t n,
		    const struct oomkit__pfx *p)
{
	struct report *r = rep_find(rp, p);
	int rc;

	if (r) {
		rc = on_body(rp, r, m, n);
		if (rc > 0)
			r->touched = rp->lineno;
		return rc < 0 ? -ENOMEM : 0;
	}
	/* a report whose header is outside the excerpt */
	if (STARTS(m, n, "Memory cgroup stats for ") ||
	    STARTS(m, n, "Tasks state") ||
	    (m[0] == '[' && parse_header(m, n, (int[OOMKIT_TASK_NUM_COUNT_]){0},
					 &(int){0}))) {
		if (rep_open(rp, p, &r) < 0)
			return -ENOMEM;
		return on_body(rp, r, m, n) < 0 ? -ENOMEM : 0;
	}
	return 0;
}

/* where a joined line must be cut: "...(trashapplet)Out of memory: ..." */
static size_t split_at(const char *m, size_t n)
{
	static const char *const starts_[] = { "Killed process",
		"Out of memory", "Out of Memory", "Memory cgroup out of memory" };
	size_t best = n, i;

	for (i = 0; i < sizeof(starts_) / sizeof(starts_[0]); i++) {
		size_t l = strlen(starts_[i]);
		const char *s = m + 1;

		while (s < m + best) {
			const char *k = find(s, (size_t)(m + best - s),
					     starts_[i], l);
			char c;

			if (!k)
				break;
			c = k[-1];
			if (c != ' ' && c != '\t' && c != ':' && c != '(' &&
			    c != '>') {
				best = (size_t)(k - m);
				break;
			}
			s = k + 1;
		}
	}
	return best;
}

/* userspace OOM killers and systemd's unit messages */
static int userspace_msg(struct oomkit_report_parser *rp, const char *id,
			 size_t idl, const char *m, size_t n,
			 const struct oomkit__pfx *p, const char *origin);

/*
 * The fast filter. Every line that can start or end a report holds "oom",
 * "OOM", "emor" (memory, Memory) or "kill"/"Kill" (Killed, killed,
 * killable); earlyoom's lines hold "SIG". Look for the rarer letters m, M,
 * k, K, G 16 bytes at a time (GCC vector extensions: SSE2/NEON where
 * available, plain code elsewhere), then check the neighbours.
 */
typedef unsigned char v16u8 __attribute__((vector_size(16)));

static int hot_at(const unsigned char *b, size_t n, size_t j)
{
	switch (b[j]) {
	case 'm':
		if (j >= 2 && b[j - 1] == 'o' && b[j - 2] == 'o')
			return 1;
		return j >= 1 && j + 2 < n && b[j - 1] == 'e' &&
		       b[j + 1] == 'o' && b[j + 2] == 'r';
	case 'M':
		return j >= 2 && b[j - 1] == 'O' && b[j - 2] == 'O';
	case 'k':
	case 'K':
		return j + 3 < n && b[j + 1] == 'i' && b[j + 2] == 'l' &&
		       b[j + 3] == 'l';
	case 'G':
		return j >= 2 && b[j - 1] == 'I' && b[j - 2] == 'S';
	}
	return 0;
}

static int hot(const char *s, size_t n)
{
	const unsigned char *b = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < n; i += 16) {
		v16u8 v, h;
		uint64_t w[2];
		size_t len = n - i < 16 ? n - i : 16;
		int l;

		if (len == 16) {
			memcpy(&v, b + i, 16);
		} else {
			memset(&v, 0, sizeof(v));
			memcpy(&v, b + i, len);
		}
		h = (v16u8)((v == 'm') | (v == 'M') | (v == 'k') | (v == 'K') |
			    (v == 'G'));
		memcpy(w, &h, sizeof(w));
		for (l = 0; l < 2; l++) {
			uint64_t m = w[l] & 0x8080808080808080ULL;

			while (m) {
				/* byte order: find the byte's index in memory */
				unsigned bit = (unsigned)__builtin_ctzll(m);
				size_t k;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
				k = bit / 8;
#else
				k = 7 - bit / 8;
#endif
				if (hot_at(b, n, i + (size_t)l * 8 + k))
					return 1;
				m &= m - 1;
			}
		}
	}
	return 0;
}

/* close reports nothing was added to for a long time */
static int expire(struct oomkit_report_parser *rp)
{
	int i, rc = 0;

	for (i = 0; i < MAX_REPORTS; i++) {
		struct report *r = &rp->rep[i];

		if (r->used && rp->lineno - r->touched > EXPIRE_LINES &&
		    rep_close(rp, r) < 0)
			rc = -ENOMEM;
	}
	return rc;
}

/* @ishot: hot(m, n) when known, else -1 */
static int kernel_line(struct oomkit_report_parser *rp, const char *m,
		       size_t n, const struct oomkit__pfx *p,
		       const char *origin, int ishot)
{
	int rc = 0;

	if (!n)
		return 0;
	if (rp->nopen && !(rp->lineno & 63) && expire(rp) < 0)
		return -ENOMEM;
	if (ishot < 0)
		ishot = hot(m, n);
	if (!ishot) {
		/* earlyoom's line without its tag */
		if (m[0] == 's' && STARTS(m, n, "sending SIG"))
			return userspace_msg(rp, "earlyoom", 8, m, n, p, origin);
		if (rp->nopen || m[0] == '[')
			return body_msg(rp, m, n, p);
		return 0;
	}
	if (m[0] == 'o') {
		if (STARTS(m, n, "oom_reaper:")) {
			on_reaper(rp, m, n);
			return 0;
		}
		if (STARTS(m, n, "oomd kill:"))
			return userspace_msg(rp, "oomd", 4, m, n, p, origin);
	}
	/* earlyoom / systemd-oomd messages seen without their tag */
	if (m[0] == 's' && STARTS(m, n, "sending SIG"))
		return userspace_msg(rp, "earlyoom", 8, m, n, p, origin);
	if ((m[0] == 'K' || m[0] == 'M') && n > 8 &&
	    (m[7] == '/' || m[7] == ' ') && FIND(m, n, " due to memory "))
		return userspace_msg(rp, "systemd-oomd", 12, m, n, p, origin);
	while (n) {
		size_t cut = split_at(m, n);

		rc = kernel_msg(rp, m, cut, p, origin);
		if (rc < 0)
			return rc;
		m += cut;
		n -= cut;
	}
	return 0;
}

static int user_dup(struct oomkit_report_parser *rp, int killer, long long pid,
		    const char *path)
{
	struct oomkit_event *ev;
	size_t i;

	for (i = 0; (ev = held(rp, i)) != NULL; i++) {
		if (ev->num[OOMKIT_EV_KILLER] != killer)
			continue;
		if (pid != NONE && ev->num[OOMKIT_EV_PID] == pid)
			return 1;
		if (path && ev->str[OOMKIT_EV_TASK_MEMCG] &&
		    !strcmp(ev->str[OOMKIT_EV_TASK_MEMCG], path))
			return 1;
	}
	return 0;
}

static int user_event(struct oomkit_report_parser *rp, int killer,
		      long long pid, long long uid, const char *comm,
		      const char *path, const char *reason,
		      const struct oomkit__pfx *p, const char *origin,
		      struct oomkit_event **out)
{
	struct oomkit_event *ev;
	struct tsnap t;
	int rc = 0;

	*out = NULL;
	if (user_dup(rp, killer, pid, path))
		return 0;
	ev = ev_new(killer, OOMKIT_OUTCOME_KILLED);
	if (!ev)
		return -ENOMEM;
	ev->num[OOMKIT_EV_PID] = pid;
	ev->num[OOMKIT_EV_UID] = uid;
	rc |= set_str(ev, OOMKIT_EV_COMM, comm);
	rc |= set_str(ev, OOMKIT_EV_TASK_MEMCG, path);
	rc |= set_str(ev, OOMKIT_EV_REASON, reason);
	snap(rp, &t, p, origin);
	rc |= ev_time(ev, &t);
	if (rc) {
		oomkit_event_free(ev);
		return -ENOMEM;
	}
	*out = ev;
	return 0;
}

/*
 * earlyoom:
 *  sending SIGTERM to process 4567 uid 1000 "firefox": oom_score 600,
 *    [oom_score_adj 0, ]VmRSS 3000 MiB[, cmdline "..."]
 *  sending SIGTERM to process 4567 uid 1000 "firefox": badness 600, VmRSS ...
 *  sending SIGKILL to process 4567 "firefox": badness 600, VmRSS 3000 MiB
 *  Killing process 4567 firefox            (before 1.0)
 *  Killing process: firefox, pid: 4567     (a few 0.x versions)
 */
static int on_earlyoom(struct oomkit_report_parser *rp, const char *m,
		       size_t n, const struct oomkit__pfx *p,
		       const char *origin)
{
	const char *e = m + n, *s, *q;
	long long pid = NONE, uid = NONE, v;
	char comm[256] = "", reason[64] = "";
	struct oomkit_event *ev;
	int rc;

	if (STARTS(m, n, "sending SIG") && (s = FIND(m, n, " to process ")) &&
	    (s = num(s + 12, e, &pid)) != NULL) {
		cpy(reason, sizeof(reason), m + 8, (size_t)(s - m - 8));
		q = FIND(m, n, " to process ");
		cpy(reason, sizeof(reason), m + 8, (size_t)(q - m - 8));
		if (STARTS(s, (size_t)(e - s), " uid ")) {
			s = num(s + 5, e, &uid);
			if (!s)
				return 0;
		}
		while (s < e && *s == ' ')
			s++;
		if (s < e && *s == '"') {
			q = FIND(s + 1, (size_t)(e - s - 1), "\": ");
			if (!q)
				q = memchr(s + 1, '"', (size_t)(e - s - 1));
			if (q) {
				cpy(comm, sizeof(comm), s + 1, (size_t)(q - s - 1));
				s = q + 1;
			}
		}
	} else if (STARTS(m, n, "Killing process: ")) {
		q = FIND(m, n, ", pid: ");
		if (!q || !num(q + 7, e, &pid))
			return 0;
		cpy(comm, sizeof(comm), m + 17, (size_t)(q - m - 17));
		s = q;
	} else if (STARTS(m, n, "Killing process ")) {
		s = num(m + 16, e, &pid);
		if (!s)
			return 0;
		cpy(comm, sizeof(comm), s, (size_t)(e - s));
	} else {
		return 0;
	}
	if (pid <= 0)
		return 0;
	rc = user_event(rp, OOMKIT_KILLER_EARLYOOM, pid, uid, comm, NULL,
			reason, p, origin, &ev);
	if (rc < 0 || !ev)
		return rc;
	if ((v = keyed(s, e, "oom_score ")) != NONE)
		ev->num[OOMKIT_EV_SCORE] = v;
	else if ((v = keyed(s, e, "badness ")) != NONE)
		ev->num[OOMKIT_EV_SCORE] = v;
	ev->num[OOMKIT_EV_OOM_SCORE_ADJ] = keyed(s, e, "oom_score_adj ");
	v = keyed(s, e, "VmRSS ");
	if (v != NONE && v < LLONG_MAX / 1024)
		ev->num[OOMKIT_EV_RSS_KB] = v * 1024;
	return push(rp, ev);
}

/*
 * systemd-oomd:
 *  Killed /a.slice/b.scope due to memory used (X) / total (Y) and swap ...
 *  Killed /a.slice/b.scope due to memory pressure for /a.slice being ...
 *  Marked /a.slice/b.scope for killing due to memory ...     (v254+)
 */
static int on_systemd_oomd(struct oomkit_report_parser *rp, const char *m,
			   size_t n, const struct oomkit__pfx *p,
			   const char *origin)
{
	const char *e = m + n, *s, *d;
	char path[PATHLEN], reason[512];
	struct oomkit_event *ev;
	int rc;

	if (STARTS(m, n, "Killed "))
		s = m + 7;
	else if (STARTS(m, n, "Marked "))
		s = m + 7;
	else
		return 0;	/* "Considered N cgroups for killing": a survey */
	d = FIND(s, (size_t)(e - s), " due to ");
	if (!d)
		return 0;
	cpy(path, sizeof(path), s, (size_t)(d - s));
	if (strlen(path) > 12 && !strcmp(path + strlen(path) - 12,
					 " for killing"))
		path[strlen(path) - 12] = '\0';
	if (!path[0] || strchr(path, ' '))
		return 0;
	cpy(reason, sizeof(reason), d + 8, (size_t)(e - d - 8));
	rc = user_event(rp, OOMKIT_KILLER_SYSTEMD_OOMD, NONE, NONE, NULL, path,
			reason, p, origin, &ev);
	if (rc < 0 || !ev)
		return rc;
	return push(rp, ev);
}

/* oomd: "oomd kill: 10.00 60.00 600.00 /path 1999 ruleset:[...] ..." */
static int on_oomd(struct oomkit_report_parser *rp, const char *m, size_t n,
		   const struct oomkit__pfx *p, const char *origin)
{
	const char *e = m + n, *s = m + 10, *t;
	char path[PATHLEN], reason[512];
	struct oomkit_event *ev;
	int i, rc;

	for (i = 0; i < 3; i++) {	/* pressure averages */
		while (s < e && *s == ' ')
			s++;
		for (t = s; t < e && *t != ' '; t++)
			if (!isdig(*t) && *t != '.')
				return 0;
		if (t == s)
			return 0;
		s = t;
	}
	while (s < e && *s == ' ')
		s++;
	for (t = s; t < e && *t != ' '; t++)
		;
	if (t == s)
		return 0;
	cpy(path, sizeof(path), s, (size_t)(t - s));
	cpy(reason, sizeof(reason), m + 11, (size_t)(e - m - 11));
	rc = user_event(rp, OOMKIT_KILLER_OOMD, NONE, NONE, NULL, path, reason,
			p, origin, &ev);
	if (rc < 0 || !ev)
		return rc;
	return push(rp, ev);
}

/* systemd: "foo.service: A process of this unit has been killed by the OOM
 * killer." and friends: an annotation on the kernel event */
static void on_unit(struct oomkit_report_parser *rp, const char *m, size_t n)
{
	const char *c = memchr(m, ':', n);
	struct unit_note *note;
	struct oomkit_event *ev;
	size_t i;

	if (!c || c == m || c - m >= 256 || memchr(m, ' ', (size_t)(c - m)))
		return;
	if (!FIND(c, (size_t)(m + n - c), "OOM killer") &&
	    !FIND(c, (size_t)(m + n - c), "'oom-kill'"))
		return;
	note = &rp->notes[rp->nextnote];
	rp->nextnote = (rp->nextnote + 1) % NOTES;
	cpy(note->unit, sizeof(note->unit), m, (size_t)(c - m));
	note->line = rp->lineno;
	for (i = 0; (ev = held(rp, i)) != NULL; i++)
		if (unit_matches(ev->str[OOMKIT_EV_TASK_MEMCG], note->unit)) {
			set_str(ev, OOMKIT_EV_UNIT, note->unit);
			break;
		}
}

static int idis(const char *id, size_t idl, const char *lit)
{
	return strlen(lit) == idl && !memcmp(id, lit, idl);
}

static int userspace_msg(struct oomkit_report_parser *rp, const char *id,
			 size_t idl, const char *m, size_t n,
			 const struct oomkit__pfx *p, const char *origin)
{
	if (!n)
		return 0;
	if (idis(id, idl, "earlyoom"))
		return on_earlyoom(rp, m, n, p, origin);
	if (idis(id, idl, "systemd-oomd"))
		return on_systemd_oomd(rp, m, n, p, origin);
	if (idis(id, idl, "oomd") && STARTS(m, n, "oomd kill:"))
		return on_oomd(rp, m, n, p, origin);
	if (idis(id, idl, "oomd"))
		return 0;
	if (idis(id, idl, "systemd") && (memchr(m, 'O', n) ||
					  memchr(m, 'o', n)))
		on_unit(rp, m, n);
	return 0;
}

/* ------------------------------------------------------------------ */
/* wrapped lines                                                        */

/* a kill or trigger line whose end is on the next physical line */
/*
 * A kill or trigger line whose end is on the next physical line: 2 when
 * surely cut (ends with a comma, no pid or comm yet), 1 when maybe (a kill
 * line that stops after the comm: old kernels print nothing more, a
 * wrapped one goes on with "total-vm:" on the next line).
 */
static int looks_cut(const char *m, size_t n)
{
	const char *k, *e = m + n;

	if (!n)
		return 0;
	k = FIND(m, n, "Killed process");
	if (!k)
		k = FIND(m, n, " invoked oom-killer:");
	if (!k)
		return 0;
	if (m[n - 1] == ',' || (k[0] == ' ' && m[n - 1] == ':'))
		return 2;
	if (k[0] == 'K') {
		const char *s = k + 14;
		long long v;

		while (s < e && *s == ' ')
			s++;
		if (s == e)
			return 2;
		s = num(s, e, &v);
		if (s && s == e)
			return 2;
		if (s && s < e && !memchr(s, ')', (size_t)(e - s)))
			return 2;
		if ((m[n - 1] == ')' || (n > 1 && m[n - 2] == ')' &&
					 m[n - 1] == '.')) &&
		    !FIND(k, (size_t)(e - k), "total-vm:") &&
		    !FIND(k, (size_t)(e - k), "vsz:"))
			return 1;
	}
	return 0;
}

/* the rest of a kill line: "total-vm:...", "anon-rss:...", ... */
static int kill_rest(const char *m, size_t n)
{
	return STARTS(m, n, "total-vm:") || STARTS(m, n, "vsz:") ||
	       STARTS(m, n, "anon-rss:") || STARTS(m, n, "file-rss:") ||
	       STARTS(m, n, "shmem-rss:") || STARTS(m, n, "UID") ||
	       STARTS(m, n, "pgtables:") || STARTS(m, n, "oom_score_adj:");
}

static void keep(char *dst, size_t dsz, const char **p, size_t *l)
{
	size_t n = *l < dsz - 1 ? *l : dsz - 1;

	if (*p)
		memcpy(dst, *p, n);
	dst[n] = '\0';
	*p = *p ? dst : NULL;
	*l = *p ? n : 0;
}

static void wrap_start(struct oomkit_report_parser *rp, const char *m,
		       size_t n, const struct oomkit__pfx *p,
		       const char *origin)
{
	n = n < WRAP_MAX ? n : WRAP_MAX;
	memcpy(rp->wrap, m, n);
	rp->wrap_len = n;
	rp->wrap_joins = 0;
	rp->wrap_pfx = *p;
	if (p->mon < 0) {
		rp->wrap_pfx.mon = oomkit__month_from_name(p->mon_tok, p->mon_len);
		rp->wrap_pfx.mon_tok = NULL;
	}
	keep(rp->wrap_time, sizeof(rp->wrap_time), &rp->wrap_pfx.time_text,
	     &rp->wrap_pfx.time_len);
	keep(rp->wrap_host, sizeof(rp->wrap_host), &rp->wrap_pfx.host,
	     &rp->wrap_pfx.host_len);
	keep(rp->wrap_ident, sizeof(rp->wrap_ident), &rp->wrap_pfx.ident,
	     &rp->wrap_pfx.ident_len);
	keep(rp->wrap_caller, sizeof(rp->wrap_caller), &rp->wrap_pfx.caller,
	     &rp->wrap_pfx.caller_len);
	cpy(rp->wrap_origin, sizeof(rp->wrap_origin), origin ? origin : "",
	    origin ? strlen(origin) : 0);
}

static int wrap_finish(struct oomkit_report_parser *rp)
{
	size_t n = rp->wrap_len;

	if (!n)
		return 0;
	rp->wrap_len = 0;
	return kernel_line(rp, rp->wrap, n, &rp->wrap_pfx,
			   rp->wrap_origin[0] ? rp->wrap_origin : NULL, -1);
}

/* copy without ESC sequences (CSI "ESC [ ... final", or ESC + one byte) */
static size_t strip_ansi(const char *in, size_t n, char *out, size_t osz)
{
	size_t i = 0, o = 0;

	while (i < n && o < osz) {
		if (in[i] != '\x1b') {
			out[o++] = in[i++];
			continue;
		}
		i++;
		if (i < n && in[i] == '[') {
			i++;
			while (i < n && (unsigned char)in[i] >= 0x20 &&
			       (unsigned char)in[i] <= 0x3f)
				i++;
			if (i < n)
				i++;	/* the final byte */
		} else if (i < n) {
			i++;
		}
	}
	return o;
}

static int colour_start(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && i < 16 && (s[i] == ' ' || s[i] == '>' || s[i] == '\t'))
		i++;
	return i + 1 < n && s[i] == '\x1b' && s[i + 1] == '[';
}

static int is_start(const char *m, size_t n)
{
	return STARTS(m, n, "Killed process") || STARTS(m, n, "Out of") ||
	       STARTS(m, n, "Memory cgroup") || STARTS(m, n, "oom") ||
	       STARTS(m, n, "Kill") || FIND(m, n, " invoked oom-killer");
}

/* ------------------------------------------------------------------ */
/* public API                                                           */

int oomkit_report_parser_new(struct oomkit_report_parser **rpp)
{
	struct oomkit_report_parser *rp = calloc(1, sizeof(*rp));

	if (!rp)
		return -ENOMEM;
	*rpp = rp;
	return 0;
}

void oomkit_report_parser_free(struct oomkit_report_parser *rp)
{
	int i;

	if (!rp)
		return;
	for (i = 0; i < MAX_REPORTS; i++)
		if (rp->rep[i].used)
			tab_put(rp->rep[i].tab);
	while (rp->qn) {
		oomkit_event_free(rp->q[rp->qhead]);
		rp->qhead = (rp->qhead + 1) % rp->qcap;
		rp->qn--;
	}
	free(rp->q);
	free(rp);
}

void oomkit_report_set_year(struct oomkit_report_parser *rp, int year)
{
	if (rp)
		rp->year = year;
}

int oomkit_report_feed_line(struct oomkit_report_parser *rp, const char *line,
			    size_t len, const char *origin)
{
	struct oomkit__pfx p;
	const char *m;
	size_t n;
	int rc, ishot, cut;

	if (!rp || (!line && len))
		return -EINVAL;
	rp->lineno++;
	/* the common case: an unrelated line while no report is open */
	if (!rp->wrap_len && !rp->nopen && !hot(line, len))
		return 0;
	/*
	 * dmesg --color=always, pasted: the line starts with an escape (the
	 * time stamp is coloured first); drop the escape sequences. Only
	 * then: elsewhere an escape may be part of a hostile comm, kept as
	 * logged.
	 */
	if (len && colour_start(line, len)) {
		len = strip_ansi(line, len, rp->scratch, sizeof(rp->scratch));
		line = rp->scratch;
	}
	if (rp->wrap_len) {
		m = oomkit__report_strip(line, len, &p, 1, &n);
		if (!n)
			return 0;	/* blank (double-spaced paste) */
		if (!p.time_text && !p.ident && !is_start(m, n) &&
		    (rp->wrap_cut == 2 || kill_rest(m, n)) &&
		    rp->wrap_joins < WRAP_JOINS &&
		    rp->wrap_len + 1 + n <= WRAP_MAX) {
			rp->wrap[rp->wrap_len++] = ' ';
			memcpy(rp->wrap + rp->wrap_len, m, n);
			rp->wrap_len += n;
			rp->wrap_joins++;
			rp->wrap_cut = looks_cut(rp->wrap, rp->wrap_len);
			if (rp->wrap_cut && rp->wrap_joins < WRAP_JOINS)
				return 0;
			return wrap_finish(rp);
		}
		rc = wrap_finish(rp);
		if (rc < 0)
			return rc;
	}
	m = oomkit__report_strip(line, len, &p, 0, &n);
	if (!n)
		return 0;
	if (p.ident && !idis(p.ident, p.ident_len, "kernel"))
		return userspace_msg(rp, p.ident, p.ident_len, m, n, &p, origin);
	ishot = hot(m, n);
	if (ishot && (cut = looks_cut(m, n)) != 0) {
		wrap_start(rp, m, n, &p, origin);
		rp->wrap_cut = cut;
		return 0;
	}
	return kernel_line(rp, m, n, &p, origin, ishot);
}

static int feed_record(struct oomkit_report_parser *rp, const char *msg,
		       size_t len, long long boot_us, long long realtime_us,
		       const char *host, const char *ident, const char *caller,
		       const char *origin)
{
	struct oomkit__pfx p;
	const char *e = msg + len;
	int rc;

	if (!rp || (!msg && len))
		return -EINVAL;
	rp->lineno++;
	if (rp->wrap_len && (rc = wrap_finish(rp)) < 0)
		return rc;
	memset(&p, 0, sizeof(p));
	p.boot_us = boot_us >= 0 ? boot_us : -1;
	p.realtime_us = realtime_us >= 0 ? realtime_us : -1;
	if (host) {
		p.host = host;
		p.host_len = strlen(host);
	}
	if (caller && *caller) {
		p.caller = caller;
		p.caller_len = strnlen(caller, 15);
	}
	/* a record may hold several lines (memory.stat on one printk) */
	while (msg < e) {
		const char *nl = memchr(msg, '\n', (size_t)(e - msg));
		const char *le = nl ? nl : e, *s = msg;

		while (s < le && (*s == ' ' || *s == '\t'))
			s++;
		while (le > s && (le[-1] == ' ' || le[-1] == '\r' ||
				  le[-1] == '\t'))
			le--;
		if (le > s) {
			if (ident && *ident && strcmp(ident, "kernel"))
				rc = userspace_msg(rp, ident, strlen(ident), s,
						   (size_t)(le - s), &p, origin);
			else
				rc = kernel_line(rp, s, (size_t)(le - s), &p,
						 origin, -1);
			if (rc < 0)
				return rc;
		}
		msg = nl ? nl + 1 : e;
	}
	return 0;
}

int oomkit_report_feed_record(struct oomkit_report_parser *rp,
			      const char *msg, size_t len, long long boot_us,
			      long long realtime_us, const char *host,
			      const char *ident, const char *origin)
{
	return feed_record(rp, msg, len, boot_us, realtime_us, host, ident,
			   NULL, origin);
}

int oomkit_report_feed_kmsg(struct oomkit_report_parser *rp, const char *msg,
			    size_t len, long long boot_us,
			    long long realtime_us, const char *caller,
			    const char *origin)
{
	return feed_record(rp, msg, len, boot_us, realtime_us, NULL, NULL,
			   caller, origin);
}

int oomkit_report_settle(struct oomkit_report_parser *rp)
{
	size_t i;

	if (!rp)
		return -EINVAL;
	for (i = 0; i < rp->qn; i++)
		rp->q[(rp->qhead + i) % rp->qcap]->sealed = 1;
	return 0;
}

int oomkit_report_flush(struct oomkit_report_parser *rp)
{
	int i, rc = 0;

	if (!rp)
		return -EINVAL;
	if (rp->wrap_len)
		rc = wrap_finish(rp);
	/* close in the order the reports were last written to */
	while (rp->nopen) {
		struct report *old = NULL;

		for (i = 0; i < MAX_REPORTS; i++)
			if (rp->rep[i].used &&
			    (!old || rp->rep[i].touched < old->touched ||
			     (rp->rep[i].touched == old->touched &&
			      rp->rep[i].id < old->id)))
				old = &rp->rep[i];
		if (rep_close(rp, old) < 0)
			rc = -ENOMEM;
	}
	memset(rp->notes, 0, sizeof(rp->notes));
	oomkit_report_settle(rp);
	return rc < 0 ? rc : 0;
}

int oomkit_report_next(struct oomkit_report_parser *rp,
		       struct oomkit_event **ev)
{
	struct oomkit_event *h;

	if (!rp || !ev || !rp->qn)
		return 1;
	h = rp->q[rp->qhead];
	if (!h->sealed && rp->lineno < h->seal_line)
		return 1;
	h->sealed = 1;
	rp->qhead = (rp->qhead + 1) % rp->qcap;
	rp->qn--;
	*ev = h;
	return 0;
}

int oomkit_event_num(const struct oomkit_event *ev, enum oomkit_event_num item,
		     long long *val)
{
	if (!ev || (unsigned)item >= OOMKIT_EV_NUM_COUNT_)
		return -EINVAL;
	if (ev->num[item] == NONE)
		return -ENODATA;
	if (val)
		*val = ev->num[item];
	return 0;
}

const char *oomkit_event_str(const struct oomkit_event *ev,
			     enum oomkit_event_str item)
{
	if (!ev || (unsigned)item >= OOMKIT_EV_STR_COUNT_)
		return NULL;
	return ev->str[item];
}

const char *oomkit_outcome_name(enum oomkit_event_outcome o)
{
	switch (o) {
	case OOMKIT_OUTCOME_KILLED: return "killed";
	case OOMKIT_OUTCOME_NO_KILLABLE: return "no-killable";
	case OOMKIT_OUTCOME_PANIC: return "panic";
	case OOMKIT_OUTCOME_INCOMPLETE: return "incomplete";
	case OOMKIT_OUTCOME_VICTIM_EXITING: return "victim-exiting";
	}
	return "unknown";
}

const char *oomkit_killer_name(enum oomkit_event_killer k)
{
	switch (k) {
	case OOMKIT_KILLER_KERNEL: return "kernel";
	case OOMKIT_KILLER_EARLYOOM: return "earlyoom";
	case OOMKIT_KILLER_SYSTEMD_OOMD: return "systemd-oomd";
	case OOMKIT_KILLER_OOMD: return "oomd";
	}
	return "unknown";
}

size_t oomkit_event_task_count(const struct oomkit_event *ev)
{
	return ev && ev->tab ? ev->tab->n : 0;
}

int oomkit_event_task_num(const struct oomkit_event *ev, size_t row,
			  enum oomkit_task_num item, long long *val)
{
	if (!ev || (unsigned)item >= OOMKIT_TASK_NUM_COUNT_)
		return -EINVAL;
	if (!ev->tab || row >= ev->tab->n)
		return -ERANGE;
	if (ev->tab->rows[row].v[item] == NONE)
		return -ENODATA;
	if (val)
		*val = ev->tab->rows[row].v[item];
	return 0;
}

const char *oomkit_event_task_name(const struct oomkit_event *ev, size_t row)
{
	if (!ev || !ev->tab || row >= ev->tab->n)
		return NULL;
	return ev->tab->rows[row].name;
}
