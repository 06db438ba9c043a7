/*
 * batch.c - oomtop's batch mode (-b): one snapshot per iteration, printed
 * as a table, raw or JSON (cmd/common/output.h; -J: JSON Lines, one
 * document per snapshot).
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

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* One process: a row of the table. */
static void add_proc_row(struct oomtop *t, struct out *o, struct libscols_table *tb,
			 const struct prow *r)
{
	struct libscols_line *ln = out_line(tb);
	size_t c;

	for (c = 0; c < t->ncols; c++)
		out_set(o, ln, c, pcell(o, r, t->cols[c]));
}

static void print_procs(struct oomtop *t, const struct oomkit_domain *dom,
			const struct oomkit_proc_table *tab,
			unsigned long long global_tp, unsigned kver)
{
	struct out o;
	struct libscols_table *tb;
	size_t i, n, shown = 0;
	unsigned long long tp = oomkit_domain_totalpages(dom);
	long ps = oomkit_ctx_page_size(t->ctx);

	/* a stream of snapshots: JSON Lines */
	out_init(&o, t->json, t->raw, t->noheadings, t->bytes, 1);
	tb = out_table(&o, pcols, t->cols, t->ncols);
	/* ranked (eligible) processes first, in the kernel's order */
	n = oomkit_domain_ranked(dom);
	for (i = 0; i < n && (!t->limit || shown < (size_t)t->limit); i++, shown++) {
		struct prow r = { 0 };

		r.p = oomkit_domain_rank(dom, i, &r.points);
		r.rank = (long long)i + 1;
		r.totalpages = tp;
		r.cscore = oomkit_proc_oom_score(r.p, ps, global_tp, kver);
		add_proc_row(t, &o, tb, &r);
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
			add_proc_row(t, &o, tb, &r);
		}
	}
	out_doc_open(&o);
	out_doc_str(&o, "domain", oomkit_domain_name(dom));
	out_doc_rows(&o, "processes");
	out_rows(&o, tb, NULL);
	out_doc_close(&o);
	scols_unref_table(tb);
}

static void print_domains(struct oomtop *t, const struct oomkit_domains *set)
{
	struct out o;
	struct libscols_table *tb;
	size_t i, c;

	out_init(&o, t->json, t->raw, t->noheadings, t->bytes, 1);
	tb = out_table(&o, dcols, t->cols, t->ncols);
	for (i = 0; i < oomkit_domains_count(set); i++) {
		const struct oomkit_domain *d = oomkit_domains_get(set, i);
		struct libscols_line *ln = out_line(tb);

		for (c = 0; c < t->ncols; c++)
			out_set(&o, ln, c, dcell(&o, d, t->cols[c]));
	}
	out_doc_open(&o);
	out_doc_rows(&o, "domains");
	out_rows(&o, tb, NULL);
	out_doc_close(&o);
	scols_unref_table(tb);
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
	out_human_kb(a, sizeof(a), avail);
	out_human_kb(b, sizeof(b), total);
	out_human_kb(c, sizeof(c), swf);
	out_human_kb(d, sizeof(d), swt);
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
