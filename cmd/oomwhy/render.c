/*
 * render.c - an explanation as text (100 columns, plain enough to paste
 * into any ticket), markdown (headings and a ranking table) or JSON. The
 * sentences come from liboomkit's explain module; this file only lays
 * them out. Output depends on nothing but the input (and TZ for wall
 * clock times), unless --relative-time.
 */
#include <err.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "markdown.h"
#include "output.h"
#include "oomwhy.h"

#define WIDTH 100
#define TOP_ROWS 3 /* rows shown by default; --full shows all */

static struct json J;

static long long num(const struct oomkit_event *ev, enum oomkit_event_num i, int *ok)
{
	long long v = 0;

	*ok = oomkit_event_num(ev, i, &v) == 0;
	return v;
}

/* "2026-11-21 14:00:03" (local time), ISO 8601 for JSON */
/*
 * @guessed: the log did not write the year (syslog): the text omits it, and
 * the zone, which is the reading machine's, not the log's.
 */
static void time_text(long long us, int iso, int guessed, char *buf, size_t len)
{
	time_t t = (time_t)(us / 1000000);
	struct tm tm;
	char zone[8];
	size_t n;

	if (!localtime_r(&t, &tm)) {
		snprintf(buf, len, "?");
		return;
	}
	if (!iso) {
		strftime(buf, len,
			 guessed ? "%b %d %H:%M:%S (year not in the log)" : "%Y-%m-%d %H:%M:%S",
			 &tm);
		return;
	}
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	if (us % 1000000 && n < len)
		n += (size_t)snprintf(buf + n, len - n, ".%06lld", us % 1000000);
	strftime(zone, sizeof(zone), "%z", &tm);
	if (!guessed && strlen(zone) == 5 && n < len)
		snprintf(buf + n, len - n, "%.3s:%.2s", zone, zone + 3);
}

static int year_guessed(const struct oomkit_event *ev)
{
	long long g;

	return oomkit_event_num(ev, OOMKIT_EV_YEAR_INFERRED, &g) == 0 && g == 1;
}

static void ago(const struct why *w, long long us, char *buf, size_t len)
{
	long long s = (w->now_us - us) / 1000000;

	if (s < 0)
		snprintf(buf, len, " (in the future)");
	else if (s < 120)
		snprintf(buf, len, " (%lld s ago)", s);
	else if (s < 7200)
		snprintf(buf, len, " (%lld min ago)", s / 60);
	else if (s < 172800)
		snprintf(buf, len, " (%lld h ago)", s / 3600);
	else
		snprintf(buf, len, " (%lld days ago)", s / 86400);
}

/* when: wall clock, else the log's own time text, else the boot clock */
static void when(const struct why *w, const struct oomkit_event *ev, char *buf, size_t len)
{
	const char *tt = oomkit_event_str(ev, OOMKIT_EV_TIME_TEXT);
	long long v;
	int ok;

	v = num(ev, OOMKIT_EV_REALTIME_US, &ok);
	if (ok) {
		size_t n;

		time_text(v, 0, year_guessed(ev), buf, len);
		n = strlen(buf);
		if (w->relative)
			ago(w, v, buf + n, len - n);
		return;
	}
	if (tt) {
		char *e = cli_escape(tt);

		snprintf(buf, len, "%s", e);
		free(e);
		return;
	}
	v = num(ev, OOMKIT_EV_BOOT_US, &ok);
	if (ok)
		snprintf(buf, len, "%lld.%06lld s after boot", v / 1000000, v % 1000000);
	else
		snprintf(buf, len, "not in the log");
}

/* "web.service is active (running) now; systemd restarted it 3 times; ..." */
static int after_text(const struct oomkit_event *ev, char *buf, size_t len)
{
	struct after a;
	int n;

	after_lookup(ev, &a);
	if (!a.have) {
		after_free(&a);
		return 0;
	}
	n = snprintf(buf, len, "%s is %s%s%s%s now", a.unit, a.active, a.sub ? " (" : "",
		     a.sub ? a.sub : "", a.sub ? ")" : "");
	if (n > 0 && (size_t)n < len && a.restarts >= 0)
		n += snprintf(buf + n, len - (size_t)n, "; systemd restarted it %lld time%s",
			      a.restarts, a.restarts == 1 ? "" : "s");
	if (n > 0 && (size_t)n < len && a.result)
		snprintf(buf + n, len - (size_t)n, "; its last result: %s", a.result);
	after_free(&a);
	return 1;
}

/* ---- text ------------------------------------------------------------ */

/*
 * Print @s wrapped at WIDTH, the first line after @lead, the others
 * indented by @indent. A word longer than a line (a memcg path) is cut.
 */
static void wrap(const char *lead, int indent, const char *s)
{
	int col = printf("%s", lead), avail, bol = 1;
	const char *p = s;

	while (*p) {
		const char *e;
		int n;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		e = p;
		while (*e && *e != ' ')
			e++;
		n = (int)(e - p);
		if (!bol && col + 1 + n > WIDTH) {
			printf("\n%*s", indent, "");
			col = indent;
			bol = 1;
		} else if (!bol) {
			putchar(' ');
			col++;
		}
		bol = 0;
		while (n > 0) {
			avail = WIDTH - col;
			if (avail < 1)
				avail = 1;
			if (n <= avail) {
				fwrite(p, 1, (size_t)n, stdout);
				col += n;
				p += n;
				n = 0;
			} else {
				fwrite(p, 1, (size_t)avail, stdout);
				p += avail;
				n -= avail;
				printf("\n%*s", indent, "");
				col = indent;
			}
		}
		p = e;
	}
	putchar('\n');
}

/* the mark of a sentence that is not read from the log: "(computed) " */
static const char *basis_mark(const struct oomkit_explain *ex, enum oomkit_explain_list l, size_t i)
{
	int b = oomkit_explain_basis(ex, l, i);

	if (l == OOMKIT_EXPLAIN_ADVICE || l == OOMKIT_EXPLAIN_ANSWER)
		return "";
	return b == OOMKIT_BASIS_COMPUTED ? "(computed) " :
	       b == OOMKIT_BASIS_INFERRED ? "(inferred) " :
					    "";
}

static void wrap_item(const char *lead, int indent, const struct oomkit_explain *ex,
		      enum oomkit_explain_list l, size_t i)
{
	char *t;

	if (asprintf(&t, "%s%s", basis_mark(ex, l, i), oomkit_explain_text(ex, l, i)) < 0) {
		wrap(lead, indent, oomkit_explain_text(ex, l, i));
		return;
	}
	wrap(lead, indent, t);
	free(t);
}

static void text_list(const struct oomkit_explain *ex, enum oomkit_explain_list l,
		      const char *title, const char *empty)
{
	size_t i, n = oomkit_explain_count(ex, l);

	if (!n && !empty)
		return;
	printf("\n%s\n", title);
	if (!n)
		wrap("  ", 2, empty);
	for (i = 0; i < n; i++)
		wrap_item("  - ", 4, ex, l, i);
}

static void share_text(long long permille, char *buf, size_t len)
{
	long long a = permille < 0 ? -permille : permille;

	snprintf(buf, len, "%s%lld.%lld%%", permille < 0 ? "-" : "", a / 10, a % 10);
}

static void grouped(long long v, char *buf, size_t len)
{
	char raw[32];
	size_t n, i, o = 0;
	int neg = v < 0;

	snprintf(raw, sizeof(raw), "%llu",
		 neg ? 0ULL - (unsigned long long)v : (unsigned long long)v);
	n = strlen(raw);
	if (neg && o + 1 < len)
		buf[o++] = '-';
	for (i = 0; i < n && o + 2 < len; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = raw[i];
	}
	buf[o] = '\0';
}

struct rowtxt {
	char pid[24], badness[32], share[24], adj[16], adjp[32], usage[32];
	const char *name, *mark;
};

static void row_text(const struct oomkit_explain *ex, size_t i, struct rowtxt *r)
{
	long long v;

	memset(r, 0, sizeof(*r));
	snprintf(r->pid, sizeof(r->pid), "%lld",
		 oomkit_explain_rank(ex, i, OOMKIT_RANK_PID, &v) == 0 ? v : -1);
	grouped(oomkit_explain_rank(ex, i, OOMKIT_RANK_BADNESS, &v) == 0 ? v : 0, r->badness,
		sizeof(r->badness));
	if (oomkit_explain_rank(ex, i, OOMKIT_RANK_SHARE, &v) == 0)
		share_text(v, r->share, sizeof(r->share));
	else
		snprintf(r->share, sizeof(r->share), "-");
	snprintf(r->adj, sizeof(r->adj), "%lld",
		 oomkit_explain_rank(ex, i, OOMKIT_RANK_ADJ, &v) == 0 ? v : 0);
	grouped(oomkit_explain_rank(ex, i, OOMKIT_RANK_ADJ_PAGES, &v) == 0 ? v : 0, r->adjp,
		sizeof(r->adjp));
	grouped(oomkit_explain_rank(ex, i, OOMKIT_RANK_USAGE, &v) == 0 ? v : 0, r->usage,
		sizeof(r->usage));
	r->name = oomkit_explain_rank_name(ex, i);
	r->mark = "";
	if (oomkit_explain_rank(ex, i, OOMKIT_RANK_VICTIM, &v) == 0 && v)
		r->mark = "killed";
	else if (oomkit_explain_rank(ex, i, OOMKIT_RANK_ELIGIBLE, &v) == 0 && !v)
		r->mark = "ineligible";
}

/* the rows shown: the first TOP_ROWS (all with --full), and the kernel's victim */
static int shown(const struct oomkit_explain *ex, size_t i, int full)
{
	long long v;

	return full || i < TOP_ROWS ||
	       (oomkit_explain_rank(ex, i, OOMKIT_RANK_VICTIM, &v) == 0 && v);
}

static const char *agrees_text(const struct oomkit_explain *ex)
{
	long long v;

	if (oomkit_explain_num(ex, OOMKIT_EXPLAIN_AGREEMENT, &v) < 0)
		return "cannot be rebuilt (see the notes)";
	return v == 2 ? "only under some readings of the report (see the notes)" :
	       v      ? "yes, the kernel's victim comes first" :
			"no (see the notes)";
}

static void domain_line(const struct oomkit_explain *ex, char *buf, size_t len, int with_path)
{
	long long c = 0, lim, tp, tpm;
	const char *path = oomkit_explain_domain_path(ex);
	char *e = path ? cli_escape(path) : NULL;
	char tpt[32] = "unknown", tpmt[32] = "", limt[48] = "";
	size_t n;

	oomkit_explain_num(ex, OOMKIT_EXPLAIN_CONSTRAINT, &c);
	if (oomkit_explain_num(ex, OOMKIT_EXPLAIN_TOTALPAGES, &tp) == 0)
		grouped(tp, tpt, sizeof(tpt));
	if (oomkit_explain_num(ex, OOMKIT_EXPLAIN_TOTALPAGES_MAX, &tpm) == 0 && tpm != tp)
		grouped(tpm, tpmt, sizeof(tpmt));
	if (oomkit_explain_num(ex, OOMKIT_EXPLAIN_LIMIT_KB, &lim) == 0)
		snprintf(limt, sizeof(limt), ", limit %lld kB", lim);
	n = (size_t)snprintf(buf, len, "%s%s%s%s, totalpages %s%s%s",
			     *oomkit_constraint_name((int)c) ? oomkit_constraint_name((int)c) :
							       "unknown domain",
			     e && with_path ? " " : "", e && with_path ? e : "", limt, tpt,
			     *tpmt ? " to " : "", tpmt);
	if (n >= len)
		buf[len - 1] = '\0';
	free(e);
}

static void text_ranking(const struct why *w, const struct oomkit_explain *ex)
{
	size_t i, n;
	long long ranked = 0, era = 0;
	char dom[2048];
	struct rowtxt r;

	printf("\nWhy this victim\n");
	domain_line(ex, dom, sizeof(dom), w->full);
	wrap("  Domain: ", 4, dom);
	oomkit_explain_num(ex, OOMKIT_EXPLAIN_RANKED, &ranked);
	oomkit_explain_num(ex, OOMKIT_EXPLAIN_ERA, &era);
	wrap("  Rebuilt ranking agrees with the kernel: ", 4, agrees_text(ex));
	if (ranked > 0) {
		printf("\n  %4s %8s %-16s %13s %7s %5s %13s %11s\n", "RANK", "PID", "COMM",
		       "BADNESS", "SHARE", "ADJ", "FROM ADJ", "USAGE");
		for (i = 0; i < (size_t)ranked; i++) {
			char name[17];

			if (!shown(ex, i, w->full))
				continue;
			if (i == TOP_ROWS && !w->full)
				printf("  %4s\n", "...");
			row_text(ex, i, &r);
			snprintf(name, sizeof(name), "%s", r.name ? r.name : "?");
			/* cut on a character boundary, not inside a UTF-8 sequence */
			if (r.name && strlen(r.name) >= sizeof(name)) {
				size_t k = sizeof(name) - 1;

				while (k > 0 && ((unsigned char)r.name[k] & 0xc0) == 0x80)
					k--;
				name[k] = '\0';
			}
			printf("  %4zu %8s %-16s %13s %7s %5s %13s %11s%s%s\n", i + 1, r.pid, name,
			       r.badness, r.share, r.adj, r.adjp, r.usage, *r.mark ? "  " : "",
			       r.mark);
		}
		if ((size_t)ranked > TOP_ROWS && !w->full)
			printf("  BADNESS, FROM ADJ, USAGE in pages; SHARE of totalpages; %d of "
			       "%lld shown (--full)\n",
			       TOP_ROWS, ranked);
		else
			printf("  BADNESS, FROM ADJ and USAGE in pages; SHARE of totalpages.\n");
	}
	n = oomkit_explain_count(ex, OOMKIT_EXPLAIN_WHATIF);
	for (i = 0; i < n; i++)
		wrap_item("  What if: ", 4, ex, OOMKIT_EXPLAIN_WHATIF, i);
	n = oomkit_explain_count(ex, OOMKIT_EXPLAIN_RANKING);
	for (i = 0; i < n; i++)
		wrap_item("  - ", 4, ex, OOMKIT_EXPLAIN_RANKING, i);
}

/*
 * Who the event killed: a process (*@name its comm, *@pid), a cgroup as a
 * whole (systemd-oomd; *@name its path), or nobody (*@outcome says what
 * happened instead). *@name is raw text from the log.
 */
enum victim_kind { VICTIM_NONE, VICTIM_PROCESS, VICTIM_CGROUP };

static enum victim_kind victim(const struct oomkit_event *ev, const char **name, long long *pid,
			       long long *outcome)
{
	int ok;

	*pid = num(ev, OOMKIT_EV_PID, &ok);
	*name = NULL;
	*outcome = 0;
	oomkit_event_num(ev, OOMKIT_EV_OUTCOME, outcome);
	if (*outcome == OOMKIT_OUTCOME_KILLED && !ok &&
	    oomkit_event_str(ev, OOMKIT_EV_TASK_MEMCG)) {
		*name = oomkit_event_str(ev, OOMKIT_EV_TASK_MEMCG);
		return VICTIM_CGROUP;
	}
	if (*outcome != OOMKIT_OUTCOME_KILLED || !ok)
		return VICTIM_NONE;
	*name = oomkit_event_str(ev, OOMKIT_EV_COMM);
	if (!*name)
		*name = "?";
	return VICTIM_PROCESS;
}

static const char *victim_title(const struct oomkit_event *ev, char *buf, size_t len)
{
	const char *name;
	long long pid, outcome;
	enum victim_kind v = victim(ev, &name, &pid, &outcome);
	char *e;

	if (v == VICTIM_NONE) {
		snprintf(buf, len, "%s", oomkit_outcome_name((enum oomkit_event_outcome)outcome));
		return buf;
	}
	e = cli_escape(name);
	if (v == VICTIM_CGROUP)
		snprintf(buf, len, "cgroup %s killed", e);
	else
		snprintf(buf, len, "%s (pid %lld) killed", e, pid);
	free(e);
	return buf;
}

/* the three lines on top: what happened, why, what to change */
static void text_answer(const struct oomkit_explain *ex)
{
	static const char *const label[] = { "What:   ", "Why:    ", "Change: " };
	size_t i, n = oomkit_explain_count(ex, OOMKIT_EXPLAIN_ANSWER);

	for (i = 0; i < n && i < 3; i++) {
		const char *t = oomkit_explain_text(ex, OOMKIT_EXPLAIN_ANSWER, i);

		printf("%s%s\n", label[i], t);
	}
}

static void text_render(const struct why *w, const struct oomkit_explain *ex, int first)
{
	const struct oomkit_event *ev = oomkit_explain_event(ex);
	struct oomkit_context *ctx = NULL;
	const char *src = oomkit_event_str(ev, OOMKIT_EV_SOURCE);
	char buf[512], title[256];
	char *e;
	size_t i;

	if (!first)
		printf("\n%.*s\n\n", WIDTH,
		       "======================================================"
		       "==============================================");
	text_answer(ex);
	e = src ? cli_escape(src) : NULL;
	snprintf(buf, sizeof(buf), "OOM event %zu of %zu: %s%s%s%s", w->index, w->total,
		 victim_title(ev, title, sizeof(title)), e ? " (" : "", e ? e : "", e ? ")" : "");
	wrap("", 2, buf);
	free(e);
	when(w, ev, buf, sizeof(buf));
	wrap("  When:    ", 11, buf);
	if (oomkit_context_parse(oomkit_event_memcg(ev), &ctx) == 0 &&
	    *oomkit_context_summary(ctx)) {
		e = cli_escape(oomkit_context_summary(ctx));
		wrap("  Context: ", 11, e);
		free(e);
	}
	oomkit_context_free(ctx);
	if (after_text(ev, buf, sizeof(buf))) {
		e = cli_escape(buf);
		wrap("  After:   ", 11, e);
		free(e);
	}

	printf("\nVerdict\n");
	for (i = 0; i < oomkit_explain_count(ex, OOMKIT_EXPLAIN_VERDICT); i++)
		wrap_item("  ", 2, ex, OOMKIT_EXPLAIN_VERDICT, i);
	text_ranking(w, ex);
	text_list(ex, OOMKIT_EXPLAIN_MEMORY, "Where the memory was", NULL);
	text_list(ex, OOMKIT_EXPLAIN_CAUSES, "Likely causes", "None with evidence in this report.");
	text_list(ex, OOMKIT_EXPLAIN_HISTORY, "History", NULL);
	text_list(ex, OOMKIT_EXPLAIN_ADVICE, "What to do next", NULL);
	text_list(ex, OOMKIT_EXPLAIN_GAPS, "Not in the log", NULL);
}

/* ---- markdown -------------------------------------------------------- */

/*
 * Names, paths and anything else from the log are hostile here too: in a
 * ticket they must not become mentions, links or markup (markdown.h). A
 * value printed alone is a code span; a sentence, whose names the
 * explanation has already placed, goes word by word through md_text().
 */
static void md_escaped(const char *raw, int code)
{
	char *e = cli_escape(raw);

	if (code)
		md_code(stdout, e, 0);
	else
		md_text(stdout, e, 0);
	free(e);
}

/* item @i of list @l after its basis mark; @flags: MD_LINE_START or 0 */
static void md_item(const struct oomkit_explain *ex, enum oomkit_explain_list l, size_t i,
		    int flags)
{
	const char *mark = basis_mark(ex, l, i);

	md_text(stdout, mark, flags);
	md_text(stdout, oomkit_explain_text(ex, l, i), *mark ? 0 : flags);
}

static void md_list(const struct oomkit_explain *ex, enum oomkit_explain_list l, const char *title,
		    const char *empty)
{
	size_t i, n = oomkit_explain_count(ex, l);

	if (!n && !empty)
		return;
	printf("\n### %s\n\n", title);
	if (!n) {
		md_text(stdout, empty, MD_LINE_START);
		putchar('\n');
		return;
	}
	for (i = 0; i < n; i++) {
		fputs("- ", stdout);
		md_item(ex, l, i, MD_LINE_START);
		putchar('\n');
	}
}

/* the three lines on top, in bold labels */
static void md_answer(const struct oomkit_explain *ex)
{
	static const char *const label[] = { "What:", "Why:", "Change:" };
	size_t i, n = oomkit_explain_count(ex, OOMKIT_EXPLAIN_ANSWER);

	for (i = 0; i < n && i < 3; i++) {
		printf("**%s** ", label[i]);
		md_text(stdout, oomkit_explain_text(ex, OOMKIT_EXPLAIN_ANSWER, i), 0);
		fputs(i + 1 < n && i < 2 ? "  \n" : "\n\n", stdout);
	}
}

static void md_title(const struct oomkit_event *ev)
{
	const char *name;
	long long pid, outcome;
	enum victim_kind v = victim(ev, &name, &pid, &outcome);

	if (v == VICTIM_NONE) {
		md_text(stdout, oomkit_outcome_name((enum oomkit_event_outcome)outcome), 0);
		return;
	}
	if (v == VICTIM_CGROUP)
		fputs("cgroup ", stdout);
	md_escaped(name, 1);
	if (v == VICTIM_CGROUP)
		fputs(" killed", stdout);
	else
		printf(" (pid %lld) killed", pid);
}

static void md_render(const struct why *w, const struct oomkit_explain *ex, int first)
{
	const struct oomkit_event *ev = oomkit_explain_event(ex);
	struct oomkit_context *ctx = NULL;
	long long ranked = 0;
	char buf[2048];
	struct rowtxt r;
	size_t i, n;

	if (!first)
		printf("\n---\n\n");
	printf("## OOM event %zu of %zu: ", w->index, w->total);
	md_title(ev);
	printf("\n\n");
	md_answer(ex);
	when(w, ev, buf, sizeof(buf));
	fputs("- **When:** ", stdout);
	md_code(stdout, buf, 0);
	putchar('\n');
	if (oomkit_event_str(ev, OOMKIT_EV_SOURCE)) {
		fputs("- **Source:** ", stdout);
		md_escaped(oomkit_event_str(ev, OOMKIT_EV_SOURCE), 1);
		putchar('\n');
	}
	if (oomkit_context_parse(oomkit_event_memcg(ev), &ctx) == 0 &&
	    *oomkit_context_summary(ctx)) {
		fputs("- **Context:** ", stdout);
		md_escaped(oomkit_context_summary(ctx), 0);
		putchar('\n');
	}
	oomkit_context_free(ctx);
	if (after_text(ev, buf, sizeof(buf))) {
		fputs("- **After:** ", stdout);
		md_escaped(buf, 0);
		putchar('\n');
	}

	printf("\n### Verdict\n\n");
	for (i = 0; i < oomkit_explain_count(ex, OOMKIT_EXPLAIN_VERDICT); i++) {
		md_item(ex, OOMKIT_EXPLAIN_VERDICT, i, i ? 0 : MD_LINE_START);
		putchar(i + 1 < oomkit_explain_count(ex, OOMKIT_EXPLAIN_VERDICT) ? ' ' : '\n');
	}

	printf("\n### Why this victim\n\n");
	domain_line(ex, buf, sizeof(buf), 1);
	fputs("- **Domain:** ", stdout);
	md_text(stdout, buf, 0);
	fputs("\n- **Rebuilt ranking agrees with the kernel:** ", stdout);
	md_text(stdout, agrees_text(ex), 0);
	putchar('\n');
	n = oomkit_explain_count(ex, OOMKIT_EXPLAIN_RANKING);
	for (i = 0; i < n; i++) {
		fputs("- ", stdout);
		md_item(ex, OOMKIT_EXPLAIN_RANKING, i, MD_LINE_START);
		putchar('\n');
	}
	oomkit_explain_num(ex, OOMKIT_EXPLAIN_RANKED, &ranked);
	if (ranked > 0) {
		printf("\n| Rank | PID | Comm | Badness (pages) | Share | Adj | From adj (pages) "
		       "| Usage (pages) | |\n");
		printf("|---:|---:|---|---:|---:|---:|---:|---:|---|\n");
		for (i = 0; i < (size_t)ranked; i++) {
			if (!shown(ex, i, w->full))
				continue;
			row_text(ex, i, &r);
			printf("| %zu | %s | ", i + 1, r.pid);
			md_code(stdout, r.name ? r.name : "?", MD_TABLE);
			printf(" | %s | %s | %s | %s | %s | %s |\n", r.badness, r.share, r.adj,
			       r.adjp, r.usage, r.mark);
		}
		if ((size_t)ranked > TOP_ROWS)
			printf("\n%lld candidates; the first %d shown.\n", ranked, TOP_ROWS);
	}
	n = oomkit_explain_count(ex, OOMKIT_EXPLAIN_WHATIF);
	if (n)
		putchar('\n');
	for (i = 0; i < n; i++) {
		fputs("- **What if:** ", stdout);
		md_text(stdout, oomkit_explain_text(ex, OOMKIT_EXPLAIN_WHATIF, i), 0);
		putchar('\n');
	}
	md_list(ex, OOMKIT_EXPLAIN_MEMORY, "Where the memory was", NULL);
	md_list(ex, OOMKIT_EXPLAIN_CAUSES, "Likely causes", "None with evidence in this report.");
	md_list(ex, OOMKIT_EXPLAIN_HISTORY, "History", NULL);
	md_list(ex, OOMKIT_EXPLAIN_ADVICE, "What to do next", NULL);
	md_list(ex, OOMKIT_EXPLAIN_GAPS, "Not in the log", NULL);
}

/* ---- JSON ------------------------------------------------------------ */

static void jstr(const char *key, const char *raw)
{
	char *e;

	if (!raw) {
		json_null(&J, key);
		return;
	}
	e = cli_escape(raw);
	json_str(&J, key, e);
	free(e);
}

static void jnum(const char *key, const struct oomkit_event *ev, enum oomkit_event_num i)
{
	long long v;

	if (oomkit_event_num(ev, i, &v) == 0)
		json_num(&J, key, v);
	else
		json_null(&J, key);
}

/* the event with the keys of oomlog -J */
static void json_event(const struct oomkit_event *ev)
{
	long long v;
	char buf[64];
	int c = oomkit_event_constraint(ev);

	json_open(&J, "event", '{');
	if (oomkit_event_num(ev, OOMKIT_EV_REALTIME_US, &v) == 0) {
		time_text(v, 1, year_guessed(ev), buf, sizeof(buf));
		json_str(&J, "time", buf);
		json_bool(&J, "year_guessed", year_guessed(ev));
	} else {
		json_null(&J, "time");
	}
	if (oomkit_event_num(ev, OOMKIT_EV_BOOT_US, &v) == 0) {
		/* a number, as oomlog -J writes it */
		snprintf(buf, sizeof(buf), "%lld.%06lld", v / 1000000, v % 1000000);
		json_number_text(&J, "boot_s", buf);
	} else {
		json_null(&J, "boot_s");
	}
	jstr("host", oomkit_event_str(ev, OOMKIT_EV_HOST));
	jnum("pid", ev, OOMKIT_EV_PID);
	jstr("comm", oomkit_event_str(ev, OOMKIT_EV_COMM));
	jnum("uid", ev, OOMKIT_EV_UID);
	if (oomkit_event_num(ev, OOMKIT_EV_OUTCOME, &v) == 0)
		json_str(&J, "outcome", oomkit_outcome_name((enum oomkit_event_outcome)v));
	if (oomkit_event_num(ev, OOMKIT_EV_KILLER, &v) == 0)
		json_str(&J, "killer", oomkit_killer_name((enum oomkit_event_killer)v));
	jstr("constraint", oomkit_event_str(ev, OOMKIT_EV_CONSTRAINT));
	jstr("memcg", oomkit_event_memcg(ev));
	jstr("oom_memcg", oomkit_event_str(ev, OOMKIT_EV_OOM_MEMCG));
	jstr("task_memcg", oomkit_event_str(ev, OOMKIT_EV_TASK_MEMCG));
	if (oomkit_event_rss_kb(ev, &v) == 0)
		json_num(&J, "rss_kb", v);
	else
		json_null(&J, "rss_kb");
	jnum("total_vm_kb", ev, OOMKIT_EV_TOTAL_VM_KB);
	jnum("anon_rss_kb", ev, OOMKIT_EV_ANON_RSS_KB);
	jnum("file_rss_kb", ev, OOMKIT_EV_FILE_RSS_KB);
	jnum("shmem_rss_kb", ev, OOMKIT_EV_SHMEM_RSS_KB);
	jnum("pgtables_kb", ev, OOMKIT_EV_PGTABLES_KB);
	jnum("oom_score_adj", ev, OOMKIT_EV_OOM_SCORE_ADJ);
	jstr("trigger_comm", oomkit_event_str(ev, OOMKIT_EV_TRIGGER_COMM));
	jnum("trigger_pid", ev, OOMKIT_EV_TRIGGER_PID);
	jstr("gfp_mask", oomkit_event_str(ev, OOMKIT_EV_GFP_TEXT));
	jnum("order", ev, OOMKIT_EV_ORDER);
	jnum("reaped", ev, OOMKIT_EV_REAPED_ANON_KB);
	jstr("source", oomkit_event_str(ev, OOMKIT_EV_SOURCE));
	jstr("nodemask", oomkit_event_str(ev, OOMKIT_EV_NODEMASK));
	jstr("cpuset", oomkit_event_str(ev, OOMKIT_EV_CPUSET));
	jnum("score", ev, OOMKIT_EV_SCORE);
	jstr("unit", oomkit_event_str(ev, OOMKIT_EV_UNIT));
	jstr("reason", oomkit_event_str(ev, OOMKIT_EV_REASON));
	jnum("memcg_limit_kb", ev, OOMKIT_EV_MEMCG_LIMIT_KB);
	jnum("memcg_usage_kb", ev, OOMKIT_EV_MEMCG_USAGE_KB);
	if (oomkit_event_num(ev, OOMKIT_EV_OOM_GROUP, &v) == 0)
		json_bool(&J, "oom_group", (int)v);
	else
		json_null(&J, "oom_group");
	(void)c;
	json_close(&J, '}');
}

static void json_context(const struct oomkit_event *ev)
{
	struct oomkit_context *ctx = NULL;
	int f;

	if (oomkit_context_parse(oomkit_event_memcg(ev), &ctx) < 0)
		err(CLI_EXIT_USAGE, "cannot allocate memory");
	json_open(&J, "context", '{');
	json_str(&J, "kind",
		 *oomkit_context_kind_name(oomkit_context_kind(ctx)) ?
			 oomkit_context_kind_name(oomkit_context_kind(ctx)) :
			 NULL);
	jstr("summary", *oomkit_context_summary(ctx) ? oomkit_context_summary(ctx) : NULL);
	for (f = 0; f < OOMKIT_CONTEXT_FIELD_COUNT_; f++)
		jstr(oomkit_context_field_name((enum oomkit_context_field)f),
		     oomkit_context_get(ctx, (enum oomkit_context_field)f));
	json_close(&J, '}');
	oomkit_context_free(ctx);
}

static void json_after(const struct oomkit_event *ev)
{
	struct after a;

	after_lookup(ev, &a);
	if (!a.have) {
		json_null(&J, "after");
		after_free(&a);
		return;
	}
	json_open(&J, "after", '{');
	jstr("unit", a.unit);
	jstr("active_state", a.active);
	jstr("sub_state", a.sub);
	jstr("result", a.result);
	if (a.restarts >= 0)
		json_num(&J, "restarts", a.restarts);
	else
		json_null(&J, "restarts");
	json_close(&J, '}');
	after_free(&a);
}

static void json_xnum(const struct oomkit_explain *ex, const char *key,
		      enum oomkit_explain_num item)
{
	long long v;

	if (oomkit_explain_num(ex, item, &v) == 0)
		json_num(&J, key, v);
	else
		json_null(&J, key);
}

static void json_texts(const struct oomkit_explain *ex, enum oomkit_explain_list l, const char *key,
		       const char *idkey, const char *textkey)
{
	size_t i, n = oomkit_explain_count(ex, l);

	json_open(&J, key, '[');
	for (i = 0; i < n; i++) {
		if (!idkey) {
			json_str(&J, NULL, oomkit_explain_text(ex, l, i));
			continue;
		}
		json_open(&J, NULL, '{');
		json_str(&J, idkey, oomkit_explain_id(ex, l, i));
		json_str(&J, textkey, oomkit_explain_text(ex, l, i));
		json_close(&J, '}');
	}
	json_close(&J, ']');
}

/*
 * "memory_state": the numbers of the report's memory state as the parser
 * kept them, in kB (4 KiB pages, as explain assumes); null when the
 * report does not give them.
 */
/*
 * How each sentence is known, list by list, in the order of the sentences:
 * "basis": {"verdict": ["read", ...], "ranking_notes": [...], ...}
 */
static void json_basis(const struct oomkit_explain *ex)
{
	static const struct {
		enum oomkit_explain_list l;
		const char *key;
	} lists[] = {
		{ OOMKIT_EXPLAIN_VERDICT, "verdict" }, { OOMKIT_EXPLAIN_RANKING, "ranking_notes" },
		{ OOMKIT_EXPLAIN_WHATIF, "what_if" },  { OOMKIT_EXPLAIN_MEMORY, "memory" },
		{ OOMKIT_EXPLAIN_CAUSES, "causes" },   { OOMKIT_EXPLAIN_HISTORY, "history" },
		{ OOMKIT_EXPLAIN_GAPS, "not_shown" },  { OOMKIT_EXPLAIN_ANSWER, "answer" },
	};
	size_t k, i;

	json_open(&J, "basis", '{');
	for (k = 0; k < sizeof(lists) / sizeof(lists[0]); k++) {
		json_open(&J, lists[k].key, '[');
		for (i = 0; i < oomkit_explain_count(ex, lists[k].l); i++)
			json_str(
				&J, NULL,
				oomkit_explain_basis_name(oomkit_explain_basis(ex, lists[k].l, i)));
		json_close(&J, ']');
	}
	json_close(&J, '}');
}

static void json_memory_state(const struct oomkit_event *ev)
{
	static const struct {
		const char *key;
		enum oomkit_event_num item;
		int pages;
	} keys[] = {
		{ "ram_kb", OOMKIT_EV_RAM_PAGES, 1 },
		{ "reserved_kb", OOMKIT_EV_RESERVED_PAGES, 1 },
		{ "free_kb", OOMKIT_EV_MI_FREE, 1 },
		{ "zones", OOMKIT_EV_ZONES, 0 },
		{ "zones_free_kb", OOMKIT_EV_ZONES_FREE_KB, 0 },
		{ "zones_min_kb", OOMKIT_EV_ZONES_MIN_KB, 0 },
		{ "zones_below_min", OOMKIT_EV_ZONES_BELOW_MIN, 0 },
		{ "pagecache_kb", OOMKIT_EV_PAGECACHE_PAGES, 1 },
		{ "active_anon_kb", OOMKIT_EV_MI_ACTIVE_ANON, 1 },
		{ "inactive_anon_kb", OOMKIT_EV_MI_INACTIVE_ANON, 1 },
		{ "active_file_kb", OOMKIT_EV_MI_ACTIVE_FILE, 1 },
		{ "inactive_file_kb", OOMKIT_EV_MI_INACTIVE_FILE, 1 },
		{ "shmem_kb", OOMKIT_EV_MI_SHMEM, 1 },
		{ "slab_reclaimable_kb", OOMKIT_EV_MI_SLAB_RECLAIMABLE, 1 },
		{ "slab_unreclaimable_kb", OOMKIT_EV_MI_SLAB_UNRECLAIMABLE, 1 },
		{ "mapped_kb", OOMKIT_EV_MI_MAPPED, 1 },
		{ "pagetables_kb", OOMKIT_EV_MI_PAGETABLES, 1 },
		{ "free_cma_kb", OOMKIT_EV_MI_FREE_CMA, 1 },
		{ "hugepages_kb", OOMKIT_EV_HUGEPAGES_KB, 0 },
		{ "swap_total_kb", OOMKIT_EV_SWAP_TOTAL_KB, 0 },
		{ "swap_free_kb", OOMKIT_EV_SWAP_FREE_KB, 0 },
		{ "memcg_anon_kb", OOMKIT_EV_MEMCG_ANON_KB, 0 },
		{ "memcg_file_kb", OOMKIT_EV_MEMCG_FILE_KB, 0 },
		{ "memcg_shmem_kb", OOMKIT_EV_MEMCG_SHMEM_KB, 0 },
		{ "memcg_mapped_kb", OOMKIT_EV_MEMCG_MAPPED_KB, 0 },
		{ "memcg_swap_kb", OOMKIT_EV_MEMCG_SWAP_KB, 0 },
		{ "memcg_kernel_kb", OOMKIT_EV_MEMCG_KERNEL_KB, 0 },
		{ "memcg_kernel_stack_kb", OOMKIT_EV_MEMCG_KERNEL_STACK_KB, 0 },
		{ "memcg_pgtables_kb", OOMKIT_EV_MEMCG_PGTABLES_KB, 0 },
		{ "memcg_slab_unreclaimable_kb", OOMKIT_EV_MEMCG_SLAB_UNRECL_KB, 0 },
		{ "memcg_sock_kb", OOMKIT_EV_MEMCG_SOCK_KB, 0 },
	};
	long long v;
	size_t i;

	json_open(&J, "memory_state", '{');
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (oomkit_event_num(ev, keys[i].item, &v) < 0 ||
		    (keys[i].pages && (v < 0 || v > LLONG_MAX / 4)))
			json_null(&J, keys[i].key);
		else
			json_num(&J, keys[i].key, keys[i].pages ? v * 4 : v);
	}
	jstr("kernel_version", oomkit_event_str(ev, OOMKIT_EV_KERNEL_VERSION));
	json_close(&J, '}');
}

static void json_render(const struct why *w, const struct oomkit_explain *ex)
{
	const struct oomkit_event *ev = oomkit_explain_event(ex);
	static const struct {
		const char *key;
		enum oomkit_explain_rank item;
	} cols[] = {
		{ "pid", OOMKIT_RANK_PID },
		{ "badness", OOMKIT_RANK_BADNESS },
		{ "share", OOMKIT_RANK_SHARE },
		{ "adj", OOMKIT_RANK_ADJ },
		{ "adj_pages", OOMKIT_RANK_ADJ_PAGES },
		{ "usage_pages", OOMKIT_RANK_USAGE },
		{ "uid", OOMKIT_RANK_UID },
	};
	long long v, ranked = 0, c = 0;
	size_t i, k;

	json_open(&J, NULL, '{');
	json_num(&J, "index", (long long)w->index);
	json_event(ev);
	json_context(ev);
	json_after(ev);
	json_open(&J, "domain", '{');
	oomkit_explain_num(ex, OOMKIT_EXPLAIN_CONSTRAINT, &c);
	json_str(&J, "kind",
		 *oomkit_constraint_name((int)c) ? oomkit_constraint_name((int)c) : NULL);
	jstr("path", oomkit_explain_domain_path(ex));
	json_xnum(ex, "limit_kb", OOMKIT_EXPLAIN_LIMIT_KB);
	json_xnum(ex, "totalpages", OOMKIT_EXPLAIN_TOTALPAGES);
	json_xnum(ex, "totalpages_max", OOMKIT_EXPLAIN_TOTALPAGES_MAX);
	json_close(&J, '}');
	if (oomkit_explain_num(ex, OOMKIT_EXPLAIN_ERA, &v) == 0 && *oomkit_explain_era_name((int)v))
		json_str(&J, "era", oomkit_explain_era_name((int)v));
	else
		json_null(&J, "era");
	json_texts(ex, OOMKIT_EXPLAIN_VERDICT, "verdict", NULL, NULL);
	json_open(&J, "ranking", '[');
	oomkit_explain_num(ex, OOMKIT_EXPLAIN_RANKED, &ranked);
	for (i = 0; i < (size_t)ranked; i++) {
		json_open(&J, NULL, '{');
		for (k = 0; k < sizeof(cols) / sizeof(cols[0]); k++) {
			if (oomkit_explain_rank(ex, i, cols[k].item, &v) == 0)
				json_num(&J, cols[k].key, v);
			else
				json_null(&J, cols[k].key);
			if (k == 0)
				json_str(&J, "comm", oomkit_explain_rank_name(ex, i));
		}
		oomkit_explain_rank(ex, i, OOMKIT_RANK_ELIGIBLE, &v);
		json_bool(&J, "eligible", (int)v);
		oomkit_explain_rank(ex, i, OOMKIT_RANK_VICTIM, &v);
		json_bool(&J, "victim", (int)v);
		json_close(&J, '}');
	}
	json_close(&J, ']');
	if (oomkit_explain_num(ex, OOMKIT_EXPLAIN_AGREES, &v) == 0)
		json_bool(&J, "ranking_agrees", (int)v);
	else
		json_null(&J, "ranking_agrees");
	json_texts(ex, OOMKIT_EXPLAIN_RANKING, "ranking_notes", NULL, NULL);
	json_texts(ex, OOMKIT_EXPLAIN_WHATIF, "what_if", NULL, NULL);
	json_texts(ex, OOMKIT_EXPLAIN_MEMORY, "memory", NULL, NULL);
	json_memory_state(ev);
	json_texts(ex, OOMKIT_EXPLAIN_CAUSES, "causes", "id", "evidence");
	json_texts(ex, OOMKIT_EXPLAIN_HISTORY, "history", NULL, NULL);
	json_texts(ex, OOMKIT_EXPLAIN_ADVICE, "advice", "id", "text");
	json_texts(ex, OOMKIT_EXPLAIN_GAPS, "not_shown", "id", "text");
	json_texts(ex, OOMKIT_EXPLAIN_ANSWER, "answer", "id", "text");
	json_basis(ex);
	if (oomkit_explain_num(ex, OOMKIT_EXPLAIN_AGREEMENT, &v) == 0)
		json_str(&J, "ranking_agreement", v == 2 ? "depends" : v ? "yes" : "no");
	else
		json_null(&J, "ranking_agreement");
	json_close(&J, '}');
}

/* ---- entry points ---------------------------------------------------- */

void render_begin(const struct why *w)
{
	if (w->format != FMT_JSON)
		return;
	json_init(&J, stdout);
	json_open(&J, NULL, '{');
	json_open(&J, "events", '[');
}

void render_end(const struct why *w)
{
	if (w->format != FMT_JSON)
		return;
	json_close(&J, ']');
	json_close(&J, '}');
}

void render(const struct why *w, const struct oomkit_explain *ex, int first)
{
	switch (w->format) {
	case FMT_JSON:
		json_render(w, ex);
		break;
	case FMT_MARKDOWN:
		md_render(w, ex, first);
		break;
	default:
		text_render(w, ex, first);
		break;
	}
}
