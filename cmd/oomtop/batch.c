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
#include "outfile.h"

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
		} else if (c == COL_GROWTH || c == COL_CPU) {
			if (c == COL_GROWTH ? !r->has_growth : r->cpu10 < 0)
				json_null(j, key);
			else
				json_double(j, key, c == COL_GROWTH ? r->growth : r->cpu10 / 10.0,
					    1);
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
	char *s = pcell(r, c, raw);

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

/*
 * The snapshot's time and the header figures, as the first members of a
 * JSON snapshot: a script tells snapshots apart and reads the host state
 * without the text summary. Unknown figures are null.
 */
static void json_header(struct oomtop *t, struct json *j, const struct oomtop_snapshot *s)
{
	static const struct { const char *key; enum oomkit_sysmem_item item; int psi; } figs[] = {
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
	char when[64];
	struct tm tm;
	size_t i;

	(void)t;
	gmtime_r(&s->when.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(when + strlen(when), sizeof(when) - strlen(when), ".%03ldZ",
		 s->when.tv_nsec / 1000000);
	json_str(j, "time", when);
	json_open(j, "host", '{');
	for (i = 0; i < sizeof(figs) / sizeof(figs[0]); i++) {
		long long v;

		if (oomkit_sysmem_get(s->mem, figs[i].item, &v) < 0)
			json_null(j, figs[i].key);
		else if (figs[i].psi)
			json_double(j, figs[i].key, v / 100.0, 2);
		else
			json_num(j, figs[i].key, v);
	}
	json_close(j, '}');
}

static void print_procs(struct oomtop *t, const struct oomtop_snapshot *s,
			const struct oomtop_rows *rows)
{
	struct libscols_table *tb = NULL;
	struct json j;
	size_t i;

	if (t->json) {
		json_init(&j, stdout);
		json_open(&j, NULL, '{');
		json_header(t, &j, s);
		json_str(&j, "domain", oomkit_domain_name(s->dom));
		json_open(&j, "processes", '[');
	} else {
		tb = new_table(t, pcols);
	}
	for (i = 0; i < rows->n && (!t->limit || i < (size_t)t->limit); i++)
		emit_proc_row(t, &j, tb, &rows->v[i]);
	print_end(t, &j, tb);
}

/* One row of the domain table: domain @d, or (when @d is NULL) memcg @m
 * that has only memory.high. */
static void emit_domain_row(struct oomtop *t, struct json *j, struct libscols_table *tb,
			    const struct oomkit_domain *d, const struct oomkit_memcg *m)
{
	struct libscols_line *ln = NULL;
	size_t c;

	if (t->json)
		json_open(j, NULL, '{');
	else if (!(ln = scols_table_new_line(tb, NULL)))
		err(CLI_EXIT_FAILURE, "cannot allocate output line");
	for (c = 0; c < t->ncols; c++) {
		int col = t->cols[c], isnull;
		long long num;
		char *s, buf[64];

		if (d)
			domain_cell(d, col, &num, &isnull, &s);
		else
			throttled_cell(m, col, &num, &isnull, &s);
		if (t->json) {
			if (isnull)
				json_null(j, dcols[col].json);
			else if (s)
				json_str(j, dcols[col].json, s);
			else
				json_num(j, dcols[col].json, num);
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
		json_close(j, '}');
}

/* Every OOM domain, then the memcgs with only memory.high (throttled,
 * never OOM-killed on their own). */
static void print_domains(struct oomtop *t, const struct oomtop_snapshot *snap)
{
	const struct oomkit_domains *set = snap->set;
	const struct oomkit_memcg_tree *tree = oomkit_domains_memcgs(set);
	struct libscols_table *tb = NULL;
	struct json j;
	size_t i;

	if (t->json) {
		json_init(&j, stdout);
		json_open(&j, NULL, '{');
		json_header(t, &j, snap);
		json_open(&j, "domains", '[');
	} else {
		tb = new_table(t, dcols);
	}
	for (i = 0; i < oomkit_domains_count(set); i++)
		emit_domain_row(t, &j, tb, oomkit_domains_get(set, i), NULL);
	for (i = 0; i < oomkit_memcg_tree_count(tree); i++)
		if (memcg_throttled_only(oomkit_memcg_tree_get(tree, i)))
			emit_domain_row(t, &j, tb, NULL, oomkit_memcg_tree_get(tree, i));
	print_end(t, &j, tb);
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
	human_kb(a, sizeof(a), avail);
	human_kb(b, sizeof(b), total);
	human_kb(c, sizeof(c), swf);
	human_kb(d, sizeof(d), swt);
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
		printf("  psi avg10 some %lld.%02lld%% full %lld.%02lld%%", some / 100,
		       some % 100, full / 100, full % 100);
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
		unsigned kver = 0;	/* unknown: oomkit_oom_score() uses 5.9+ rules */

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
