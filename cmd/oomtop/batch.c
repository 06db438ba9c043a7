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
#include "outfile.h"

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
		out_set(o, ln, c, pcell_out(o, r, t->cols[c]));
}

/*
 * The snapshot's time and the header figures, as the first members of a
 * JSON snapshot: a script tells snapshots apart and reads the host state
 * without the text summary. Unknown figures are null.
 */
static void json_header(struct out *o, const struct oomtop_snapshot *s)
{
	static const struct {
		const char *key;
		enum oomkit_sysmem_item item;
		int psi;
	} figs[] = {
		{ "mem_total_kb", OOMKIT_MEM_TOTAL_KB, 0 },
		{ "mem_available_kb", OOMKIT_MEM_AVAILABLE_KB, 0 },
		{ "swap_total_kb", OOMKIT_MEM_SWAP_TOTAL_KB, 0 },
		{ "swap_free_kb", OOMKIT_MEM_SWAP_FREE_KB, 0 },
		{ "committed_as_kb", OOMKIT_MEM_COMMITTED_AS_KB, 0 },
		{ "commit_limit_kb", OOMKIT_MEM_COMMIT_LIMIT_KB, 0 },
		{ "overcommit_memory", OOMKIT_MEM_OVERCOMMIT_MODE, 0 },
		{ "host_oom_kills", OOMKIT_MEM_VMSTAT_OOM_KILL, 0 },
		{ "psi_some_avg10", OOMKIT_MEM_PSI_SOME_AVG10, 1 },
		{ "psi_some_avg60", OOMKIT_MEM_PSI_SOME_AVG60, 1 },
		{ "psi_full_avg10", OOMKIT_MEM_PSI_FULL_AVG10, 1 },
		{ "psi_full_avg60", OOMKIT_MEM_PSI_FULL_AVG60, 1 },
	};
	enum { NFIGS = sizeof(figs) / sizeof(figs[0]) };
	const char *keys[NFIGS];
	char *vals[NFIGS];
	int types[NFIGS];
	char when[64];
	struct tm tm;
	size_t i;

	if (o->mode != OUT_JSON)
		return;
	gmtime_r(&s->when.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(when + strlen(when), sizeof(when) - strlen(when), ".%03ldZ",
		 s->when.tv_nsec / 1000000);
	out_doc_str(o, "time", when);
	for (i = 0; i < NFIGS; i++) {
		long long v;

		keys[i] = figs[i].key;
		types[i] = SCOLS_JSON_NUMBER;
		if (oomkit_sysmem_get(s->mem, figs[i].item, &v) < 0)
			vals[i] = NULL;
		else if (figs[i].psi)
			vals[i] = out_fmt("%lld.%02lld", v / 100, v % 100);
		else
			vals[i] = out_num(v);
	}
	out_doc_object(o, "host", keys, (const char *const *)vals, types, NFIGS);
	for (i = 0; i < NFIGS; i++)
		free(vals[i]);
}

static void print_procs(struct oomtop *t, const struct oomtop_snapshot *s,
			const struct oomtop_rows *rows)
{
	size_t i, c, n = rows->n;
	struct libscols_table *tb;
	struct out o;
	char **cells;

	if (t->limit && (size_t)t->limit < n)
		n = (size_t)t->limit;
	/* a stream of snapshots: JSON Lines */
	out_init(&o, t->json, t->raw, t->noheadings, t->bytes, 1);
	tb = out_table(&o, pcols, t->cols, t->ncols);
	if (o.mode == OUT_TABLE) {
		/* the widths need every row first */
		for (i = 0; i < n; i++)
			add_proc_row(t, &o, tb, &rows->v[i]);
		out_rows(&o, tb, NULL);
		scols_unref_table(tb);
		return;
	}
	/* raw and JSON: each row printed as it is made */
	cells = calloc(t->ncols ? t->ncols : 1, sizeof(*cells));
	if (!cells)
		err(cli_failure_status(), "cannot allocate memory");
	out_doc_open(&o);
	json_header(&o, s);
	out_doc_str(&o, "domain", oomkit_domain_name(s->dom));
	out_doc_rows(&o, "processes");
	for (i = 0; i < n; i++) {
		for (c = 0; c < t->ncols; c++)
			cells[c] = pcell_out(&o, &rows->v[i], t->cols[c]);
		out_row(&o, cells);
	}
	out_doc_close(&o);
	free(cells);
	scols_unref_table(tb);
}

/* One row of the domain table: domain @d, or (when @d is NULL) memcg @m
 * that has only memory.high. */
static void add_domain_row(struct oomtop *t, struct out *o, struct libscols_table *tb,
			   const struct oomkit_domain *d, const struct oomkit_memcg *m)
{
	struct libscols_line *ln = out_line(tb);
	size_t c;

	for (c = 0; c < t->ncols; c++)
		out_set(o, ln, c, dcell_out(o, d, m, t->cols[c]));
}

/* Every OOM domain, then the memcgs with only memory.high (throttled,
 * never OOM-killed on their own). */
static void print_domains(struct oomtop *t, const struct oomtop_snapshot *snap)
{
	const struct oomkit_domains *set = snap->set;
	const struct oomkit_memcg_tree *tree = oomkit_domains_memcgs(set);
	struct libscols_table *tb;
	struct out o;
	size_t i;

	out_init(&o, t->json, t->raw, t->noheadings, t->bytes, 1);
	tb = out_table(&o, dcols, t->cols, t->ncols);
	for (i = 0; i < oomkit_domains_count(set); i++)
		add_domain_row(t, &o, tb, oomkit_domains_get(set, i), NULL);
	for (i = 0; i < oomkit_memcg_tree_count(tree); i++)
		if (memcg_throttled_only(oomkit_memcg_tree_get(tree, i)))
			add_domain_row(t, &o, tb, NULL, oomkit_memcg_tree_get(tree, i));
	out_doc_open(&o);
	json_header(&o, snap);
	out_doc_rows(&o, "domains");
	out_rows(&o, tb, NULL);
	out_doc_close(&o);
	scols_unref_table(tb);
}

static void print_summary(const struct oomkit_sysmem *mem, time_t now)
{
	long long total = 0, avail = -1, swt = 0, swf = 0, kills = -1, some = -1, full = -1;
	char a[16], b[16], c[16], d[16];
	char when[32];
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
	printf("oomtop %s  mem avail %s of %s", when, a, b);
	if (swt > 0)
		printf("  swap free %s of %s", c, d);
	else
		printf("  no swap");
	if (kills >= 0)
		printf("  host oom kills %lld", kills);
	if (some >= 0)
		printf("  psi avg10 some %lld.%02lld%% full %lld.%02lld%%", some / 100, some % 100,
		       full / 100, full % 100);
	putchar('\n');
}

struct metrics_arg {
	struct oomtop *t;
	const struct oomtop_snapshot *s;
};

static void fill_metrics(FILE *out, void *arg)
{
	struct metrics_arg *a = arg;

	oomtop_metrics_print(a->t, a->s, out);
}

/*
 * --prometheus: snapshot @s as metrics on stdout, or replacing
 * --output-file at once (so a collector never reads half of it).
 */
static int print_metrics(struct oomtop *t, const struct oomtop_snapshot *s)
{
	struct metrics_arg a = { t, s };

	if (!t->output_file) {
		oomtop_metrics_print(t, s, stdout);
		return cli_flush_stdout();
	}
	return outfile_write(t->output_file, fill_metrics, &a) < 0 ? -1 : 0;
}

/* Print snapshot @s: the summary line, then the domains or the ranking. */
static int print_snapshot(struct oomtop *t, const struct oomtop_snapshot *s, int first,
			  struct oomtop_rows *rows, const struct oomtop_growth *g)
{
	int rc = 0;

	if (t->prometheus)
		return print_metrics(t, s);
	if (!t->json && !t->raw && !t->noheadings) {
		if (!first)
			putchar('\n');
		print_summary(s->mem, s->when.tv_sec);
	}
	if (t->domains) {
		print_domains(t, s);
	} else {
		unsigned kver = 0; /* unknown: oomkit_oom_score() uses 5.9+ rules */

		oomkit_ctx_kernel_version(t->ctx, &kver);
		if (rows_build(rows, s, s->dom, t->all, oomkit_ctx_page_size(t->ctx), kver, g) < 0)
			err(CLI_EXIT_FAILURE, "cannot allocate memory");
		rows_focus(rows, &t->focus);
		rows_sort(rows, t->sort_col, t->sort_asc);
		print_procs(t, s, rows);
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
	struct oomtop_rows rows = { 0 };
	struct oomtop_growth g = { 0 };
	struct oomtop_cpu_reader *cpu = NULL;
	int rc = 0;
	long i;

	if (t->want_cpu && cpu_reader_new(&cpu) < 0)
		warnx("cannot read CPU use (libproc2): the CPU%% column stays empty");

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
		growth_update(&g, s.tab, s.mono);
		if (cpu)
			s.cpu = cpu_read(cpu, s.mono, NULL, 0);
		if (print_snapshot(t, &s, i == 0, &rows, &g) < 0) {
			oomtop_snapshot_free(&s);
			rc = CLI_EXIT_FAILURE;
			break;
		}
		oomtop_snapshot_free(&s);
	}
	rows_free(&rows);
	growth_free(&g);
	cpu_reader_free(cpu);
	return rc;
}
