/*
 * screen-views.c - drawing oomtop's views: the header (host or domain),
 * the process list, the domain view, a process's detail and the help.
 * Every text from the kernel or a process is escaped (cli_escape) and cut
 * to the terminal cells it may use (text_fit), so a hostile name can
 * neither move the cursor nor break the columns.
 */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libsmartcols.h>

#include "screen.h"

#define A_VICTIM (sc->color ? COLOR_PAIR(1) | A_BOLD : A_BOLD)
#define A_WARN (sc->color ? COLOR_PAIR(2) | A_BOLD : A_BOLD)

/* Draw @text on row @y from column @x, at most @w cells, padded to @w
 * when @pad. @text is escaped already or plain ASCII. */
static void put(const struct screen *sc, int y, int x, int w, const char *text, int pad, int right)
{
	char buf[1024];
	int used;

	if (w <= 0 || y >= LINES)
		return;
	text_fit(buf, sizeof(buf), text, w, sc->utf8, &used);
	if (right && used < w)
		mvprintw(y, x, "%*s%s", w - used, "", buf);
	else
		mvaddstr(y, x, buf);
	if (pad && !right && used < w)
		printw("%*s", w - used, "");
}

/* A printf-formatted line at row @y, cut to the width; raw strings given
 * to it must be escaped by the caller. */
static void __attribute__((format(printf, 3, 4)))
line(const struct screen *sc, int y, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	move(y, 0);
	clrtoeol();
	put(sc, y, 0, COLS, buf, 0, 0);
}

static const char *kb(char *buf, size_t size, long long v)
{
	out_human_kb(buf, size, v);
	return buf;
}

static const char *psi(char *buf, size_t size, long long v)
{
	if (v < 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%lld.%02lld%%", v / 100, v % 100);
	return buf;
}

static long long mem(const struct oomkit_sysmem *m, enum oomkit_sysmem_item item)
{
	long long v;

	return oomkit_sysmem_get(m, item, &v) < 0 ? -1 : v;
}

/* A domain's fact (oomkit_domain_get()), -1 when unknown. */
static long long dom(const struct oomkit_domain *d, enum oomkit_domain_item item)
{
	long long v;

	return oomkit_domain_get(d, item, &v) < 0 ? -1 : v;
}

/* the escaped comm of @p (caller frees) */
static char *comm(const struct oomkit_proc *p)
{
	return cli_escape(pstrs(p, OOMKIT_PROC_COMM));
}

/* view_domain - the domain the process list ranks, or NULL when gone. */
const struct oomkit_domain *view_domain(const struct screen *sc)
{
	return sc->s ? oomkit_domains_find(sc->s->set, sc->domain) : NULL;
}

/* dom_hist_get - the history of domain @name, made at first sight. */
struct dom_hist *dom_hist_get(struct screen *sc, const char *name)
{
	struct dom_hist *v;
	size_t i;

	for (i = 0; i < sc->ndh; i++)
		if (strcmp(sc->dh[i].name, name) == 0)
			return &sc->dh[i];
	v = realloc(sc->dh, (sc->ndh + 1) * sizeof(*v));
	if (!v)
		return NULL;
	sc->dh = v;
	v = &sc->dh[sc->ndh];
	memset(v, 0, sizeof(*v));
	v->name = strdup(name);
	if (!v->name)
		return NULL;
	v->oom0 = v->kill0 = v->high0 = -1;
	sc->ndh++;
	return v;
}

/* dom_hist_prune - forget the domains gone from the shown reading (test
 * and job memcgs come and go: their history must not pile up). */
void dom_hist_prune(struct screen *sc)
{
	size_t i, k = 0;

	const struct oomkit_memcg_tree *tree = oomkit_domains_memcgs(sc->s->set);

	for (i = 0; i < sc->ndh; i++) {
		size_t j, n = oomkit_memcg_tree_count(tree);
		int found = oomkit_domains_find(sc->s->set, sc->dh[i].name) != NULL;

		/* a throttled memcg (no limit) is kept while it exists */
		for (j = 0; !found && j < n; j++)
			found = strcmp(oomkit_memcg_path(oomkit_memcg_tree_get(tree, j)),
				       sc->dh[i].name) == 0;
		if (found)
			sc->dh[k++] = sc->dh[i];
		else
			free(sc->dh[i].name);
	}
	sc->ndh = k;
}

void dom_hist_free(struct screen *sc)
{
	size_t i;

	for (i = 0; i < sc->ndh; i++)
		free(sc->dh[i].name);
	free(sc->dh);
	sc->dh = NULL;
	sc->ndh = 0;
}

static long long cg(const struct oomkit_memcg *m, enum oomkit_memcg_item item)
{
	long long v;

	return m && oomkit_memcg_get(m, item, &v) == 0 ? v : -1;
}

/* Feed the domain's counters and usage of the shown reading. */
static struct dom_hist *dom_feed(struct screen *sc, const struct oomkit_domain *d)
{
	struct dom_hist *h = dom_hist_get(sc, oomkit_domain_name(d));
	const struct oomkit_memcg *m = oomkit_domain_memcg(d);

	if (!h)
		return NULL;
	if (h->oom0 < 0 && h->kill0 < 0) {
		h->oom0 = cg(m, OOMKIT_MEMCG_EV_OOM);
		h->kill0 = m ? cg(m, OOMKIT_MEMCG_EV_OOM_KILL) : dom(d, OOMKIT_DOMAIN_OOM_KILLS);
		h->high0 = cg(m, OOMKIT_MEMCG_EV_HIGH);
	}
	if (h->n == 0 || h->t[1] != sc->s->mono) {
		h->t[0] = h->t[1];
		h->use[0] = h->use[1];
		h->t[1] = sc->s->mono;
		h->use[1] = dom(d, OOMKIT_DOMAIN_USAGE_KB);
		if (h->n < 2)
			h->n++;
	}
	return h;
}

/* Seconds until the domain's usage reaches its limit at the current rate;
 * -1 when it is not growing (or unknown). */
static double dom_eta(const struct dom_hist *h, long long headroom)
{
	double rate;

	if (!h || h->n < 2 || h->t[1] <= h->t[0] || headroom < 0)
		return -1;
	rate = (double)(h->use[1] - h->use[0]) / (h->t[1] - h->t[0]);
	return rate > 0 ? (double)headroom / rate : -1;
}

static const char *eta_text(char *buf, size_t size, double s)
{
	if (s < 0)
		snprintf(buf, size, "-");
	else if (s < 120)
		snprintf(buf, size, "%.0fs", s);
	else if (s < 7200)
		snprintf(buf, size, "%.0fm", s / 60);
	else
		snprintf(buf, size, "%.0fh", s / 3600);
	return buf;
}

static const char *delta(char *buf, size_t size, long long now, long long base)
{
	if (now < 0 || base < 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "+%lld", now - base);
	return buf;
}

/* The victim line: "pid N (comm) badness B pages (S%), margin M over ..." */
static void victim_line(const struct screen *sc, int y, const struct oomkit_domain *d,
			const char *who)
{
	long long v1 = 0, v2 = 0;
	const struct oomkit_proc *a = oomkit_domain_rank(d, 0, &v1);
	const struct oomkit_proc *b = oomkit_domain_rank(d, 1, &v2);
	unsigned long long tp = oomkit_domain_totalpages(d);
	char *ca, *cb;

	if (!a) {
		line(sc, y, "%s: none (no process can be chosen)", who);
		return;
	}
	ca = comm(a);
	if (b) {
		cb = comm(b);
		line(sc, y,
		     "%s: pid %lld (%s) badness %lld pages (%.1f%%), margin %lld over "
		     "pid %lld (%s)",
		     who, (long long)oomkit_proc_pid(a), ca, v1,
		     tp ? (double)v1 * 100.0 / (double)tp : 0.0, v1 - v2,
		     (long long)oomkit_proc_pid(b), cb);
		free(cb);
	} else {
		line(sc, y, "%s: pid %lld (%s) badness %lld pages, the only candidate", who,
		     (long long)oomkit_proc_pid(a), ca, v1);
	}
	free(ca);
}

/*
 * "last kill 5m ago: pid N (comm)", from the kernel log (lastkill.c). The
 * age comes first: an escaped comm can be 60 columns, and the line is
 * cut at the window's width.
 */
static void last_kill(const struct screen *sc, char *buf, size_t size)
{
	const struct lastkill_info *k = &sc->s->kill;
	double now = sc->test_uptime > 0 ? sc->test_uptime : sc->s->mono;
	char age[24], *c;

	if (sc->s->kill_err) {
		snprintf(buf, size, "last kill: kmsg unread (%s)",
			 oomkit_strerror(sc->s->kill_err));
		return;
	}
	if (k->pid < 0) {
		snprintf(buf, size, "last kill: none in the kernel log");
		return;
	}
	c = cli_escape(k->comm);
	/* a stamp after now (a capture from a longer boot): no age to tell */
	if (k->boot_us < 0 || (double)k->boot_us / 1e6 > now) {
		snprintf(buf, size, "last kill: pid %lld (%s)", k->pid, c);
	} else {
		eta_text(age, sizeof(age), now - (double)k->boot_us / 1e6);
		snprintf(buf, size, "last kill %s ago: pid %lld (%s)", age, k->pid, c);
	}
	free(c);
}

/* The blast radius: with memory.oom.group the victim does not die alone.
 * Returns the lines drawn (0 or 1). */
static int group_line(const struct screen *sc, int y, const struct oomkit_domain *d)
{
	const char *g = oomkit_domain_oom_group(d);
	char *name, *pids;

	if (!g)
		return 0;
	name = cli_escape(g);
	pids = group_pids(d);
	attron(A_WARN);
	line(sc, y,
	     "memory.oom.group of %s: the kernel kills all %zu processes in it with the "
	     "victim: %s",
	     name, oomkit_domain_group_count(d), pids);
	attroff(A_WARN);
	free(name);
	free(pids);
	return 1;
}

/* The host header: 3 lines, 4 with a group kill. */
static int header_host(struct screen *sc)
{
	const struct oomkit_sysmem *m = sc->s->mem;
	char a[24], b[24], c[24], d[24], e[24], f[24], when[16];
	long long swt = mem(m, OOMKIT_MEM_SWAP_TOTAL_KB), mode;
	struct tm tm;
	static const char *const modes[] = { "heuristic", "always", "never" };
	char swap[64], lk[160];

	localtime_r(&sc->s->when.tv_sec, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	if (swt > 0)
		snprintf(swap, sizeof(swap), "swap free %s of %s",
			 kb(c, sizeof(c), mem(m, OOMKIT_MEM_SWAP_FREE_KB)), kb(d, sizeof(d), swt));
	else
		snprintf(swap, sizeof(swap), "no swap");
	mode = mem(m, OOMKIT_MEM_OVERCOMMIT_MODE);
	line(sc, 0, "oomtop %s  mem avail %s of %s  %s  commit %s of %s (overcommit %s)%s", when,
	     kb(a, sizeof(a), mem(m, OOMKIT_MEM_AVAILABLE_KB)),
	     kb(b, sizeof(b), mem(m, OOMKIT_MEM_TOTAL_KB)), swap,
	     kb(e, sizeof(e), mem(m, OOMKIT_MEM_COMMITTED_AS_KB)),
	     kb(f, sizeof(f), mem(m, OOMKIT_MEM_COMMIT_LIMIT_KB)),
	     mode >= 0 && mode <= 2 ? modes[mode] : "?", sc->paused ? "  [paused]" : "");
	last_kill(sc, lk, sizeof(lk));
	line(sc, 1, "PSI some %s %s full %s %s (avg10 avg60)  host OOM kills %lld  %s",
	     psi(a, sizeof(a), mem(m, OOMKIT_MEM_PSI_SOME_AVG10)),
	     psi(b, sizeof(b), mem(m, OOMKIT_MEM_PSI_SOME_AVG60)),
	     psi(c, sizeof(c), mem(m, OOMKIT_MEM_PSI_FULL_AVG10)),
	     psi(d, sizeof(d), mem(m, OOMKIT_MEM_PSI_FULL_AVG60)),
	     mem(m, OOMKIT_MEM_VMSTAT_OOM_KILL), lk);
	victim_line(sc, 2, oomkit_domains_get(sc->s->set, 0), "next host victim");
	return 3 + group_line(sc, 3, oomkit_domains_get(sc->s->set, 0));
}

/*
 * The host's oom_score of @p: the kernel's where it was read (the screen
 * reads it for the rows it can show), else oomkit's computation of it
 * from the same status figures (docs/kernel.md §3.1).
 */
static long long host_score(const struct screen *sc, const struct oomkit_proc *p)
{
	long long v;

	if (oomkit_proc_get(p, OOMKIT_PROC_OOM_SCORE, &v) == 0)
		return v;
	return oomkit_proc_oom_score(p, oomkit_ctx_page_size(sc->actx),
				     oomkit_domain_totalpages(oomkit_domains_get(sc->s->set, 0)),
				     kver_of(sc->actx));
}

/* A memory cgroup domain's header: its own figures, not the host's. */
static int header_domain(struct screen *sc, const struct oomkit_domain *d)
{
	const struct oomkit_memcg *m = oomkit_domain_memcg(d);
	struct dom_hist *h = dom_feed(sc, d);
	char a[24], b[24], c[24], e[24], f[24], g[24], x[24], k[24];
	long long lim = dom(d, OOMKIT_DOMAIN_LIMIT_KB), use = dom(d, OOMKIT_DOMAIN_USAGE_KB);
	long long high = cg(m, OOMKIT_MEMCG_HIGH);
	char *name = cli_escape(oomkit_domain_name(d));
	int y;

	line(sc, 0, "domain %s  limit %s  usage %s  headroom %s  high %s  to limit %s%s", name,
	     kb(a, sizeof(a), lim), kb(b, sizeof(b), use),
	     kb(c, sizeof(c), lim >= 0 && use >= 0 ? lim - use : -1),
	     high < 0 || high == OOMKIT_UNLIMITED ? "max" : kb(e, sizeof(e), high / 1024),
	     eta_text(f, sizeof(f), dom_eta(h, lim - use)), sc->paused ? "  [paused]" : "");
	line(sc, 1,
	     "since start: oom %s oom_kill %s high %s  memory.pressure some %s full %s "
	     "(avg10)  oom.group %s",
	     delta(x, sizeof(x), cg(m, OOMKIT_MEMCG_EV_OOM), h ? h->oom0 : -1),
	     delta(k, sizeof(k), cg(m, OOMKIT_MEMCG_EV_OOM_KILL), h ? h->kill0 : -1),
	     delta(g, sizeof(g), cg(m, OOMKIT_MEMCG_EV_HIGH), h ? h->high0 : -1),
	     psi(a, sizeof(a), cg(m, OOMKIT_MEMCG_PSI_SOME_AVG10)),
	     psi(b, sizeof(b), cg(m, OOMKIT_MEMCG_PSI_FULL_AVG10)),
	     cg(m, OOMKIT_MEMCG_OOM_GROUP) > 0 ? "on" : "off");
	victim_line(sc, 2, d, "victim in this domain");
	free(name);
	y = 3 + group_line(sc, 3, d);
	{
		/* the host's choice among these members, for comparison */
		const struct oomkit_proc *v = oomkit_domain_rank(d, 0, NULL), *best = NULL;
		size_t i, n = oomkit_domain_ranked(d);
		long long bs = -1;

		for (i = 0; i < n; i++) {
			const struct oomkit_proc *p = oomkit_domain_rank(d, i, NULL);
			long long sc0 = host_score(sc, p);

			if (sc0 > bs) {
				bs = sc0;
				best = p;
			}
		}
		/* a tie in oom_score is no disagreement */
		if (v && best && bs > host_score(sc, v)) {
			char *cv = comm(v), *cb = comm(best);

			attron(A_WARN);
			line(sc, y,
			     "differs from the host view: oom_score ranks pid %lld "
			     "(%s) first here, but this domain's OOM kills pid %lld (%s)",
			     (long long)oomkit_proc_pid(best), cb, (long long)oomkit_proc_pid(v),
			     cv);
			attroff(A_WARN);
			free(cv);
			free(cb);
			return y + 1;
		}
	}
	return y;
}

/* The line under the header: domain, sort, filters. */
static void focus_line(struct screen *sc, int y)
{
	char buf[600];
	int o;
	char *dn = cli_escape(sc->domain);

	o = snprintf(buf, sizeof(buf), "[%s] %zu processes, sorted by %s%s", dn, sc->rows.n,
		     sc->sort_col < 0 ? "RANK (the kernel's order)" : pcols[sc->sort_col].name,
		     sc->sort_col < 0 ? "" :
		     sc->sort_asc     ? " ascending" :
					" descending");
	free(dn);
	if (sc->fname[0])
		o += snprintf(buf + o, sizeof(buf) - (size_t)o, "  name~%s", sc->fname);
	if (sc->fuser[0] && o < (int)sizeof(buf))
		o += snprintf(buf + o, sizeof(buf) - (size_t)o, "  user=%s", sc->fuser);
	if (sc->fmemcg[0] && o < (int)sizeof(buf))
		o += snprintf(buf + o, sizeof(buf) - (size_t)o, "  memcg=%s", sc->fmemcg);
	if (sc->follow && o < (int)sizeof(buf))
		snprintf(buf + o, sizeof(buf) - (size_t)o, "  following %d", (int)sc->sel_pid);
	move(y, 0);
	clrtoeol();
	put(sc, y, 0, COLS, buf, 0, 0);
}

static void draw_procs(struct screen *sc, int y0)
{
	int widths[MAXCOLS], x, y, i;
	size_t c, n = sc->t->ncols;
	int rows_avail;

	focus_line(sc, y0++);
	layout_columns(sc->t->cols, n, COLS, widths);
	attron(A_REVERSE);
	move(y0, 0);
	clrtoeol();
	mvprintw(y0, 0, "%*s", COLS, "");
	for (c = 0, x = 0; c < n; c++) {
		int col = sc->t->cols[c];
		char h[32];

		if (!widths[c])
			continue;
		snprintf(h, sizeof(h), "%s%s", pcols[col].name,
			 col == sc->sort_col ? (sc->sort_asc ? "^" : "v") : "");
		put(sc, y0, x, widths[c], h, 0, (pcols[col].flags & SCOLS_FL_RIGHT) != 0);
		x += widths[c] + 1;
	}
	attroff(A_REVERSE);
	y0++;
	rows_avail = LINES - 1 - y0;
	if (rows_avail < 1)
		return;
	if (sc->sel < sc->top)
		sc->top = sc->sel;
	if (sc->sel >= sc->top + rows_avail)
		sc->top = sc->sel - rows_avail + 1;
	if (sc->top > (int)sc->rows.n - rows_avail)
		sc->top = (int)sc->rows.n - rows_avail;
	if (sc->top < 0)
		sc->top = 0;
	for (y = 0; y < rows_avail; y++) {
		move(y0 + y, 0);
		clrtoeol();
	}
	for (y = 0, i = sc->top; y < rows_avail && i < (int)sc->rows.n; y++, i++) {
		const struct prow *r = &sc->rows.v[i];
		int attr = 0;

		if (i == sc->sel)
			attr = A_REVERSE;
		else if (r->rank == 1)
			attr = A_VICTIM;
		attron(attr);
		if (i == sc->sel)
			mvprintw(y0 + y, 0, "%*s", COLS, "");
		for (c = 0, x = 0; c < n; c++) {
			int col = sc->t->cols[c];
			char *cell;

			if (!widths[c])
				continue;
			cell = pcell(r, col, 0);
			put(sc, y0 + y, x, widths[c], cell ? cell : "?", 0,
			    (pcols[col].flags & SCOLS_FL_RIGHT) != 0);
			free(cell);
			x += widths[c] + 1;
		}
		attroff(attr);
	}
}

/* A usage bar of @w cells: '#' used, '.' free (plain ASCII: any terminal). */
static void bar(char *buf, int w, long long use, long long lim)
{
	int k, fill = lim > 0 && use > 0 ? (int)((double)use * w / (double)lim + 0.5) : 0;

	if (fill > w)
		fill = w;
	for (k = 0; k < w; k++)
		buf[k] = k < fill ? '#' : '.';
	buf[w] = '\0';
}

static void draw_domains(struct screen *sc, int y0)
{
	size_t i, n = oomkit_domains_count(sc->s->set);
	const struct oomkit_memcg_tree *tree = oomkit_domains_memcgs(sc->s->set);
	int rows_avail = LINES - 2 - y0, y;
	int wname = COLS >= 120 ? 28 : COLS >= 100 ? 22 : 14;

	if (sc->dsel >= n)
		sc->dsel = n ? n - 1 : 0;
	line(sc, y0++,
	     "%zu OOM domains (the host and each memory cgroup with a limit); Enter "
	     "shows a domain's ranking",
	     n);
	attron(A_REVERSE);
	mvprintw(y0, 0, "%*s", COLS, "");
	mvprintw(y0, 0, "%-*s %6s %6s %-10s %6s %6s %4s %4s %5s %5s %5s %s", wname, "DOMAIN",
		 "LIMIT", "USAGE", "", "HEADRM", "TO-HI", "ETA", "OOM", "KILLS", "HIGH", "PSI",
		 "VICTIM");
	attroff(A_REVERSE);
	y0++;
	if (sc->dsel < sc->dtop)
		sc->dtop = sc->dsel;
	if (rows_avail > 0 && sc->dsel >= sc->dtop + (size_t)rows_avail)
		sc->dtop = sc->dsel - (size_t)rows_avail + 1;
	for (y = 0; y < rows_avail; y++) {
		move(y0 + y, 0);
		clrtoeol();
	}
	for (y = 0, i = sc->dtop; y < rows_avail && i < n; y++, i++) {
		const struct oomkit_domain *d = oomkit_domains_get(sc->s->set, i);
		const struct oomkit_memcg *m = oomkit_domain_memcg(d);
		struct dom_hist *h = dom_feed(sc, d);
		long long lim = dom(d, OOMKIT_DOMAIN_LIMIT_KB);
		long long use = dom(d, OOMKIT_DOMAIN_USAGE_KB);
		long long high = cg(m, OOMKIT_MEMCG_HIGH);
		const struct oomkit_proc *v = oomkit_domain_rank(d, 0, NULL);
		char a[24], b[24], c[24], e[24], f[24], g[24], hh[24], p[24], u[24], bb[12];
		char vic[96], nm[64], *name = cli_escape(oomkit_domain_name(d)), *vc = NULL;
		char row[512];

		bar(bb, 10, use, lim);
		if (v) {
			vc = comm(v);
			snprintf(vic, sizeof(vic), "%lld %s%s", (long long)oomkit_proc_pid(v), vc,
				 cg(m, OOMKIT_MEMCG_OOM_GROUP) > 0 ? " +group" : "");
		} else {
			snprintf(vic, sizeof(vic), "-");
		}
		text_fit(nm, sizeof(nm), name, wname, sc->utf8, NULL);
		snprintf(row, sizeof(row), "%-*s %6s %6s %s %6s %6s %4s %4s %5s %5s %5s %s", wname,
			 nm, kb(a, sizeof(a), lim), kb(u, sizeof(u), use), bb,
			 kb(b, sizeof(b), lim >= 0 && use >= 0 ? lim - use : -1),
			 high >= 0 && high != OOMKIT_UNLIMITED && use >= 0 ?
				 kb(c, sizeof(c), high / 1024 - use) :
				 "-",
			 eta_text(e, sizeof(e), dom_eta(h, lim - use)),
			 delta(f, sizeof(f), cg(m, OOMKIT_MEMCG_EV_OOM), h ? h->oom0 : -1),
			 delta(g, sizeof(g),
			       m ? cg(m, OOMKIT_MEMCG_EV_OOM_KILL) :
				   dom(d, OOMKIT_DOMAIN_OOM_KILLS),
			       h ? h->kill0 : -1),
			 delta(hh, sizeof(hh), cg(m, OOMKIT_MEMCG_EV_HIGH), h ? h->high0 : -1),
			 psi(p, sizeof(p),
			     m ? cg(m, OOMKIT_MEMCG_PSI_SOME_AVG10) :
				 mem(sc->s->mem, OOMKIT_MEM_PSI_SOME_AVG10)),
			 vic);
		if (i == sc->dsel)
			attron(A_REVERSE);
		put(sc, y0 + y, 0, COLS, row, i == sc->dsel, 0);
		if (i == sc->dsel)
			attroff(A_REVERSE);
		free(name);
		free(vc);
	}
	/* memcgs with only memory.high: throttled there, never OOM domains */
	for (i = 0; y < rows_avail && i < oomkit_memcg_tree_count(tree); i++) {
		const struct oomkit_memcg *m = oomkit_memcg_tree_get(tree, i);
		long long use = cg(m, OOMKIT_MEMCG_USAGE), high = cg(m, OOMKIT_MEMCG_HIGH);
		char nm[64], a[24], b[24], g[24], row[256], *name;

		struct dom_hist *h;

		if (!memcg_throttled_only(m))
			continue;
		h = dom_hist_get(sc, oomkit_memcg_path(m));
		if (h && h->high0 < 0)
			h->high0 = cg(m, OOMKIT_MEMCG_EV_HIGH);
		name = cli_escape(oomkit_memcg_path(m));
		text_fit(nm, sizeof(nm), name, wname, sc->utf8, NULL);
		snprintf(row, sizeof(row), "%-*s %6s %6s %-10s %6s %6s %4s %4s %5s %5s %5s %s",
			 wname, nm, "-", kb(a, sizeof(a), use / 1024), "", "-",
			 kb(b, sizeof(b), (high - use) / 1024), "-", "-", "-",
			 delta(g, sizeof(g), cg(m, OOMKIT_MEMCG_EV_HIGH), h ? h->high0 : -1), "-",
			 "throttled (memory.high only, no OOM of its own)");
		put(sc, y0 + y++, 0, COLS, row, 0, 0);
		free(name);
	}
}

/* The process's badness in each domain it belongs to, term by term. */
static int detail_domains(struct screen *sc, int y, pid_t pid, const struct oomkit_proc *p)
{
	long ps = oomkit_ctx_page_size(sc->actx), kpp = ps / 1024 ? ps / 1024 : 1;
	size_t i, n = oomkit_domains_count(sc->s->set);
	long long anon = pget(p, OOMKIT_PROC_RSS_ANON_KB) / kpp;
	long long file = pget(p, OOMKIT_PROC_RSS_FILE_KB) / kpp;
	long long shm = pget(p, OOMKIT_PROC_RSS_SHMEM_KB) / kpp;
	long long swp = pget(p, OOMKIT_PROC_SWAP_KB) / kpp;
	long long pte = pget(p, OOMKIT_PROC_PTE_KB) / kpp;
	long long adj = pget(p, OOMKIT_PROC_OOM_SCORE_ADJ);

	for (i = 0; i < n && y < LINES - 2; i++) {
		const struct oomkit_domain *d = oomkit_domains_get(sc->s->set, i);
		unsigned long long tp = oomkit_domain_totalpages(d);
		long long points = 0;
		int rc = oomkit_domain_badness_of(d, pid, &points);
		char *name;
		size_t r, nr = oomkit_domain_ranked(d);

		if (rc < 0)
			continue;
		name = cli_escape(oomkit_domain_name(d));
		for (r = 0; r < nr && oomkit_domain_rank(d, r, NULL) != p; r++)
			;
		if (rc > 0)
			line(sc, y++, "  %s: cannot be chosen (%s)", name,
			     rc == OOMKIT_INELIGIBLE_ADJ_MIN ? "oom_score_adj -1000" :
			     rc == OOMKIT_INELIGIBLE_INIT    ? "init" :
			     rc == OOMKIT_INELIGIBLE_NO_MM   ? "no memory: exiting or zombie" :
							       "kernel thread");
		else
			line(sc, y++,
			     "  %s: anon %lld + file %lld + shmem %lld + swap %lld + pte "
			     "%lld + adj %lld x %llu = %lld (%.2f%%), rank %zu of %zu",
			     name, anon, file, shm, swp, pte, adj, tp / 1000, points,
			     tp ? (double)points * 100.0 / (double)tp : 0.0, r + 1, nr);
		free(name);
	}
	return y;
}

static void draw_detail(struct screen *sc, int y)
{
	pid_t pid = sc->sel_pid;
	const struct oomkit_proc *p = pid ? oomkit_proc_table_find(sc->s->tab, pid) : NULL;
	long ps = oomkit_ctx_page_size(sc->actx);
	unsigned long long gtp = oomkit_domain_totalpages(oomkit_domains_get(sc->s->set, 0));
	char *c, *u, *mc, *cmd = NULL;
	const char *path;
	int k;

	for (k = y; k < LINES - 1; k++) {
		move(k, 0);
		clrtoeol();
	}
	if (!p) {
		line(sc, y, "process %d is gone (Escape goes back)", (int)pid);
		return;
	}
	c = comm(p);
	u = cli_escape(pstrs(p, OOMKIT_PROC_USER_STR));
	mc = cli_escape(pstrs(p, OOMKIT_PROC_MEMCG));
	line(sc, y++, "pid %d (%s)  user %s  state %c  threads %lld", (int)pid, c, u,
	     (char)pget(p, OOMKIT_PROC_STATE), pget(p, OOMKIT_PROC_THREADS));
	if (sc->detail && oomkit_proc_pid(sc->detail) == pid)
		cmd = cli_escape(pstrs(sc->detail, OOMKIT_PROC_CMDLINE_STR));
	line(sc, y++, "command line: %s", cmd ? cmd : "(reading...)");
	if (oomkit_proc_get(p, OOMKIT_PROC_OOM_SCORE, NULL) < 0)
		line(sc, y++,
		     "kernel oom_score (read at the next refresh), oomkit's "
		     "computation %lld",
		     oomkit_proc_oom_score(p, ps, gtp, kver_of(sc->actx)));
	else
		line(sc, y++, "kernel oom_score %lld, oomkit's computation %lld%s",
		     pget(p, OOMKIT_PROC_OOM_SCORE),
		     oomkit_proc_oom_score(p, ps, gtp, kver_of(sc->actx)),
		     pget(p, OOMKIT_PROC_OOM_SCORE) ==
				     oomkit_proc_oom_score(p, ps, gtp, kver_of(sc->actx)) ?
			     " (equal)" :
			     " (DIFFER: memory changed between the reads, or a model error)");
	line(sc, y++,
	     "oom_score_adj %lld; floor not visible (oom_score_adj_min): going below "
	     "it needs CAP_SYS_RESOURCE, which oomtop %s",
	     pget(p, OOMKIT_PROC_OOM_SCORE_ADJ), oomkit_adj_has_sys_resource() ? "has" : "lacks");
	line(sc, y++, "badness per domain, in pages of %ld bytes (adj x totalpages/1000):", ps);
	y = detail_domains(sc, y, pid, p);
	line(sc, y++, "memcg chain:");
	path = pstrs(p, OOMKIT_PROC_MEMCG);
	if (*path) {
		char pre[PATH_MAX];
		size_t i, len = strlen(path);

		for (i = 1; i <= len && y < LINES - 1; i++) {
			const struct oomkit_domain *d;
			char a[24], *e;

			if (i != 1 && i != len && path[i] != '/')
				continue;
			snprintf(pre, sizeof(pre), "%.*s",
				 (int)(i == 1   ? 1 :
				       i == len ? len :
						  i),
				 path);
			if (i == len && path[len - 1] != '/' && len > 1)
				snprintf(pre, sizeof(pre), "%s", path);
			d = oomkit_domains_find(sc->s->set, pre);
			e = cli_escape(pre);
			line(sc, y++, "  %s  %s", e,
			     d ? kb(a, sizeof(a), dom(d, OOMKIT_DOMAIN_LIMIT_KB)) : "no limit");
			free(e);
		}
	} else {
		line(sc, y++, "  unknown");
	}
	free(c);
	free(u);
	free(mc);
	free(cmd);
}

static void draw_help(struct screen *sc, int y)
{
	static const char *const keys[] = {
		"q            quit (from every view)",
		"Escape       back to the previous view (or to the host domain)",
		"h ?          this help; any key closes it",
		"Tab          cycle views: processes, domains, detail",
		"D            domain view; Enter ranks the selected domain's processes",
		"P            process view",
		"Enter        process view: detail of the selected process",
		"Up Down PgUp PgDn Home End j  move the selection",
		"< >          sort by the previous / next shown column",
		"s            sort by a column typed by name (RANK: the kernel's order)",
		"I            invert the sort order;  R  back to the kernel's order",
		"o            choose and order the columns (as -o: A,B or +A)",
		"/ \\          filter by name (command or command line), as typed",
		"u            filter by user;  g  filter by memory cgroup",
		"F            follow the selected process",
		"a            also list processes the kernel cannot pick",
		"] [          raise / lower oom_score_adj of the selected process by 100",
		"=            set oom_score_adj of the selected process to a typed value",
		"k            send a signal to the selected process (asks to confirm)",
		"space        pause / resume refreshing;  d  set the refresh delay",
		"l Ctrl-L     redraw now",
	};
	size_t i;
	int k;

	for (k = y; k < LINES - 1; k++) {
		move(k, 0);
		clrtoeol();
	}
	line(sc, y++, "oomtop keys (see oomtop(1)):");
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]) && y < LINES - 1; i++)
		line(sc, y++, "  %s", keys[i]);
}

static void draw_status(struct screen *sc)
{
	static const char *const what[] = {
		[PROMPT_FNAME] = "filter by name: ",   [PROMPT_FUSER] = "filter by user: ",
		[PROMPT_FMEMCG] = "filter by memcg: ", [PROMPT_ADJ] = "oom_score_adj: ",
		[PROMPT_SIGNAL] = "signal [TERM]: ",   [PROMPT_DELAY] = "delay (seconds): ",
		[PROMPT_COLUMNS] = "columns: ",        [PROMPT_SORT] = "sort by column: ",
	};
	int y = LINES - 1;
	char buf[512];

	move(y, 0);
	clrtoeol();
	if (sc->prompt == PROMPT_CONFIRM) {
		attron(A_WARN);
		snprintf(buf, sizeof(buf), "send signal %d (%s) to pid %d? y/N", sc->psig,
			 sigabbrev_np(sc->psig) ? sigabbrev_np(sc->psig) : "?", (int)sc->ppid);
		put(sc, y, 0, COLS, buf, 0, 0);
		attroff(A_WARN);
	} else if (sc->prompt) {
		snprintf(buf, sizeof(buf), "%s%s", what[sc->prompt], sc->pbuf);
		put(sc, y, 0, COLS, buf, 0, 0);
	} else if (sc->status[0]) {
		if (sc->status_err)
			attron(A_WARN);
		put(sc, y, 0, COLS, sc->status, 0, 0);
		if (sc->status_err)
			attroff(A_WARN);
	} else {
		put(sc, y, 0, COLS,
		    "h help  q quit  D domains  Tab views  / filter  < > sort  "
		    "[ ] = adj  k signal",
		    0, 0);
	}
}

/* view_draw - draw the current view whole. */
void view_draw(struct screen *sc)
{
	const struct oomkit_domain *d;
	int y;

	erase();
	if (!sc->s) {
		line(sc, 0, "oomtop: reading...");
		draw_status(sc);
		refresh();
		return;
	}
	d = view_domain(sc);
	if (!d) {
		status_set(sc, 1, "domain %s is gone: back to the host", sc->domain);
		snprintf(sc->domain, sizeof(sc->domain), "global");
		d = oomkit_domains_get(sc->s->set, 0);
	}
	y = oomkit_domain_kind(d) == OOMKIT_DOMAIN_GLOBAL ? header_host(sc) : header_domain(sc, d);
	switch (sc->view) {
	case V_PROCS:
		draw_procs(sc, y);
		break;
	case V_DOMAINS:
		draw_domains(sc, y);
		break;
	case V_DETAIL:
		draw_detail(sc, y);
		break;
	default:
		draw_help(sc, y);
		break;
	}
	draw_status(sc);
	refresh();
}
