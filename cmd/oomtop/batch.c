/*
 * batch.c - oomtop's batch mode (-b): one snapshot per iteration, printed
 * as a table through libsmartcols, raw, or as JSON.
 */
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libsmartcols.h>

#include "oomtop.h"
#include "json.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void emit_proc_json(struct oomtop *t, struct json *j, const struct prow *r)
{
	size_t i;

	json_open(j, NULL, '{');
	for (i = 0; i < t->ncols; i++) {
		int c = t->cols[i], isnull;
		const char *key = pcols[c].json;

		if (c == COL_SHARE) {
			if (r->reason)
				json_null(j, key);
			else
				json_double(j, key, share(r), 2);
		} else if (c == COL_ELIGIBLE) {
			json_bool(j, key, r->reason == 0);
		} else if (pcols[c].json_type == SCOLS_JSON_NUMBER) {
			long long v = pnum(r, c, &isnull);

			if (isnull)
				json_null(j, key);
			else
				json_num(j, key, v);
		} else {
			char *s = pstr(r, c, &isnull);

			json_str(j, key, isnull ? NULL : s);
			free(s);
		}
	}
	json_close(j, '}');
}

static void emit_proc_cell(struct libscols_line *ln, size_t i, int c,
			   const struct prow *r, int raw)
{
	char buf[64], *s = NULL;
	int isnull;

	if (c == COL_SHARE) {
		if (r->reason)
			snprintf(buf, sizeof(buf), "-");
		else
			snprintf(buf, sizeof(buf), "%.1f", share(r));
		s = strdup(buf);
	} else if (pcols[c].json_type == SCOLS_JSON_NUMBER) {
		long long v = pnum(r, c, &isnull);

		if (isnull)
			snprintf(buf, sizeof(buf), "-");
		else if (pcols[c].size_kb && !raw)
			human_kb(buf, sizeof(buf), v);
		else
			snprintf(buf, sizeof(buf), "%lld", v);
		s = strdup(buf);
	} else {
		s = pstr(r, c, &isnull);
		if (isnull) {
			free(s);
			s = strdup("-");
		}
	}
	if (!s || scols_line_refer_data(ln, i, s) < 0)
		err(CLI_EXIT_FAILURE, "cannot allocate memory");
}

/* One process: a JSON object, or a table line. */
static void emit_proc_row(struct oomtop *t, struct json *j,
			  struct libscols_table *tb, const struct prow *r)
{
	struct libscols_line *ln;
	size_t c;

	if (t->json) {
		emit_proc_json(t, j, r);
		return;
	}
	ln = scols_table_new_line(tb, NULL);
	if (!ln)
		err(CLI_EXIT_FAILURE, "cannot allocate output line");
	for (c = 0; c < t->ncols; c++)
		emit_proc_cell(ln, c, t->cols[c], r, t->raw);
}

static struct libscols_table *new_table(struct oomtop *t,
					const struct cli_colinfo *infos)
{
	struct libscols_table *tb = scols_new_table();
	size_t i;

	if (!tb)
		err(CLI_EXIT_FAILURE, "cannot allocate output table");
	scols_table_enable_raw(tb, t->raw);
	scols_table_enable_noheadings(tb, t->noheadings);
	/* cells are already escaped by oomkit_escape(): do not encode twice */
	scols_table_enable_noencoding(tb, 1);
	for (i = 0; i < t->ncols; i++) {
		const struct cli_colinfo *ci = &infos[t->cols[i]];

		if (!scols_table_new_column(tb, ci->name, ci->whint, ci->flags))
			err(CLI_EXIT_FAILURE, "cannot allocate output column");
	}
	return tb;
}

/* End what print_procs() or print_domains() began: the JSON list and
 * object, or the table. */
static void print_end(const struct oomtop *t, struct json *j, struct libscols_table *tb)
{
	if (t->json) {
		json_close(j, ']');
		json_close(j, '}');
	} else {
		scols_print_table(tb);
		scols_unref_table(tb);
	}
}

static void print_procs(struct oomtop *t, const struct oomkit_domain *dom,
			const struct oomkit_proc_table *tab,
			unsigned long long global_tp, unsigned kver)
{
	struct libscols_table *tb = NULL;
	struct json j;
	size_t i, n, shown = 0;
	unsigned long long tp = oomkit_domain_totalpages(dom);
	long ps = oomkit_ctx_page_size(t->ctx);

	if (t->json) {
		json_init(&j, stdout);
		json_open(&j, NULL, '{');
		json_str(&j, "domain", oomkit_domain_name(dom));
		json_open(&j, "processes", '[');
	} else {
		tb = new_table(t, pcols);
	}
	/* ranked (eligible) processes first, in the kernel's order */
	n = oomkit_domain_ranked(dom);
	for (i = 0; i < n && (!t->limit || shown < (size_t)t->limit); i++, shown++) {
		struct prow r = { 0 };

		r.p = oomkit_domain_rank(dom, i, &r.points);
		r.rank = (long long)i + 1;
		r.totalpages = tp;
		r.cscore = oomkit_proc_oom_score(r.p, ps, global_tp, kver);
		emit_proc_row(t, &j, tb, &r);
	}
	if (t->all) {
		/* members that cannot be chosen, in pid order */
		for (i = 0; i < oomkit_proc_table_count(tab) &&
			    (!t->limit || shown < (size_t)t->limit); i++) {
			struct prow r = { 0 };
			pid_t pid;
			int rc;

			r.p = oomkit_proc_table_get(tab, i);
			pid = oomkit_proc_pid(r.p);
			rc = oomkit_domain_badness_of(dom, pid, NULL);
			if (rc <= 0)
				continue;	/* ranked above, or not a member */
			r.reason = rc;
			r.totalpages = tp;
			r.cscore = oomkit_proc_oom_score(r.p, ps, global_tp, kver);
			shown++;
			emit_proc_row(t, &j, tb, &r);
		}
	}
	print_end(t, &j, tb);
}

static void print_domains(struct oomtop *t, const struct oomkit_domains *set)
{
	struct libscols_table *tb = NULL;
	struct json j;
	size_t i, c;

	if (t->json) {
		json_init(&j, stdout);
		json_open(&j, NULL, '{');
		json_open(&j, "domains", '[');
	} else {
		tb = new_table(t, dcols);
	}
	for (i = 0; i < oomkit_domains_count(set); i++) {
		const struct oomkit_domain *d = oomkit_domains_get(set, i);
		struct libscols_line *ln = NULL;

		if (t->json) {
			json_open(&j, NULL, '{');
		} else if (!(ln = scols_table_new_line(tb, NULL))) {
			err(CLI_EXIT_FAILURE, "cannot allocate output line");
		}
		for (c = 0; c < t->ncols; c++) {
			int col = t->cols[c], isnull;
			long long num;
			char *s, buf[64];

			domain_cell(d, col, &num, &isnull, &s);
			if (t->json) {
				if (isnull)
					json_null(&j, dcols[col].json);
				else if (s)
					json_str(&j, dcols[col].json, s);
				else
					json_num(&j, dcols[col].json, num);
				free(s);
				continue;
			}
			if (!s) {
				if (isnull)
					snprintf(buf, sizeof(buf), "-");
				else if (dcols[col].size_kb && !t->raw)
					human_kb(buf, sizeof(buf), num);
				else
					snprintf(buf, sizeof(buf), "%lld", num);
				s = strdup(buf);
			}
			if (!s || scols_line_refer_data(ln, c, s) < 0)
				err(CLI_EXIT_FAILURE, "cannot allocate memory");
		}
		if (t->json)
			json_close(&j, '}');
	}
	print_end(t, &j, tb);
}

static void print_summary(const struct oomkit_sysmem *mem)
{
	long long total = 0, avail = -1, swt = 0, swf = 0, kills = -1, some = -1, full = -1;
	char a[16], b[16], c[16], d[16];
	char when[32];
	time_t now = time(NULL);
	struct tm tm;

	oomkit_sysmem_get(mem, OOMKIT_MEM_TOTAL_KB, &total);
	oomkit_sysmem_get(mem, OOMKIT_MEM_AVAILABLE_KB, &avail);
	oomkit_sysmem_get(mem, OOMKIT_MEM_SWAP_TOTAL_KB, &swt);
	oomkit_sysmem_get(mem, OOMKIT_MEM_SWAP_FREE_KB, &swf);
	oomkit_sysmem_get(mem, OOMKIT_MEM_VMSTAT_OOM_KILL, &kills);
	oomkit_sysmem_get(mem, OOMKIT_MEM_PSI_SOME_AVG10, &some);
	oomkit_sysmem_get(mem, OOMKIT_MEM_PSI_FULL_AVG10, &full);
	human_kb(a, sizeof(a), avail);
	human_kb(b, sizeof(b), total);
	human_kb(c, sizeof(c), swf);
	human_kb(d, sizeof(d), swt);
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	printf("oomtop %s  mem avail %s of %s  swap free %s of %s", when, a, b, c, d);
	if (kills >= 0)
		printf("  oom_kill %lld", kills);
	if (some >= 0)
		printf("  psi some %lld.%02lld%% full %lld.%02lld%%", some / 100, some % 100,
		       full / 100, full % 100);
	putchar('\n');
}

/* Print snapshot @s: the summary line, then the domains or the ranking. */
static int print_snapshot(struct oomtop *t, const struct oomtop_snapshot *s, int first)
{
	int rc = 0;

	if (!t->json && !t->raw && !t->noheadings) {
		if (!first)
			putchar('\n');
		print_summary(s->mem);
	}
	if (t->domains) {
		print_domains(t, s->set);
	} else {
		/* oom_score is against the host's totalpages: domain 0's */
		unsigned long long global_tp =
			oomkit_domain_totalpages(oomkit_domains_get(s->set, 0));
		unsigned kver = 0;	/* unknown: oomkit_oom_score() uses 5.9+ rules */

		oomkit_ctx_kernel_version(t->ctx, &kver);
		print_procs(t, s->dom, s->tab, global_tp, kver);
	}
	/* a full disk or a gone reader ends the loop now, with the reason */
	if (cli_flush_stdout() < 0)
		rc = -1;
	return rc;
}

/*
 * oomtop_batch_run - print t->iterations snapshots (-1: until SIGINT or
 * SIGTERM), t->delay seconds apart. Returns the exit status.
 */
int oomtop_batch_run(struct oomtop *t)
{
	struct oomtop_snapshot s;
	int rc = 0;
	long i;

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	for (i = 0; !stop && (t->iterations < 0 || i < t->iterations); i++) {
		if (i > 0) {
			struct timespec ts;

			ts.tv_sec = (time_t)t->delay;
			ts.tv_nsec = (long)((t->delay - (double)ts.tv_sec) * 1e9);
			while (!stop && nanosleep(&ts, &ts) < 0 && errno == EINTR)
				;
			if (stop)
				break;
		}
		if (oomtop_snapshot_read(t, &s) < 0) {
			rc = CLI_EXIT_FAILURE;
			break;
		}
		if (print_snapshot(t, &s, i == 0) < 0) {
			oomtop_snapshot_free(&s);
			rc = CLI_EXIT_FAILURE;
			break;
		}
		oomtop_snapshot_free(&s);
	}
	return rc;
}
