/*
 * output.c - the events as a table, raw or JSON (cmd/common/output.h),
 * printed in batches so that memory stays bounded: column widths kept
 * across batches, rows sorted by time within a batch, the batches' JSON
 * rows written into one document.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oomlog.h"

struct libscols_table *events_table(struct ctl *ctl, int with_key)
{
	struct libscols_table *tb = out_table(&ctl->o, infos, ctl->cols, ctl->ncols);

	if (with_key) {
		/* not printed (not even in JSON); only for sorting */
		ctl->keycol = scols_table_new_column(tb, "SORTKEY", 1, SCOLS_FL_HIDDEN);
		if (!ctl->keycol)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		scols_column_set_cmpfunc(ctl->keycol, scols_cmpstr_cells, NULL);
	}
	return tb;
}

struct libscols_line *add_row(struct ctl *ctl, struct libscols_table *tb,
			      const struct oomkit_event *ev, int with_key)
{
	struct libscols_line *ln = out_line(tb);
	size_t i;
	long long t;

	ctl->batch_bytes += ROW_COST + CELL_COST * (ctl->ncols + 1);
	for (i = 0; i < ctl->ncols; i++) {
		char *data = cell(ctl, ev, ctl->cols[i]);

		if (data)
			ctl->batch_bytes += strlen(data) + 1;
		out_set(&ctl->o, ln, i, data);
	}
	if (!with_key)
		return ln;
	if (oomkit_event_num(ev, OOMKIT_EV_REALTIME_US, &t) < 0 || t < 0) {
		ctl->all_timed = 0;
		return ln;
	}
	if (t < ctl->last_t)
		ctl->out_of_order = 1;
	ctl->last_t = t;
	/* fixed width: string order = time order, then arrival order */
	if (scols_line_refer_data(ln, ctl->ncols, out_fmt("%020lld%012zu", t, ctl->printed)) != 0)
		err(CLI_EXIT_USAGE, "cannot allocate memory");
	return ln;
}

/*
 * After a table's first rows are out and dropped, later rows must keep
 * the columns' widths: each column's widest width so far is remembered,
 * and the emptied table gets a first line that is never printed (the
 * "spacer") with a cell of that width in every column. libsmartcols
 * counts it when it computes the widths, and printing from the line
 * after it leaves the header out. Rows line up as long as their values
 * fit, as in follow mode.
 */
void keep_widths(struct ctl *ctl, struct libscols_table *tb)
{
	struct libscols_line *ln;
	size_t i;

	for (i = 0; i < ctl->ncols; i++) {
		struct libscols_column *cl = scols_table_get_column(tb, i);
		size_t w = cl ? scols_column_get_width(cl) : 0;

		if (w > ctl->widths[i])
			ctl->widths[i] = w;
		/* a column with values is at least as wide as its hint, an
		 * empty one only as its header: the width is the hint now */
		if (cl)
			scols_column_set_whint(cl, (double)ctl->widths[i]);
	}
	scols_table_remove_lines(tb);
	ln = scols_table_new_line(tb, NULL);
	if (!ln)
		err(CLI_EXIT_USAGE, "cannot allocate memory");
	for (i = 0; i < ctl->ncols; i++) {
		char *w;

		if (!ctl->widths[i])
			continue; /* -n and never a value: stays empty */
		w = malloc(ctl->widths[i] + 1);
		if (!w)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		memset(w, 'x', ctl->widths[i]);
		w[ctl->widths[i]] = '\0';
		if (scols_line_refer_data(ln, i, w) != 0)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
	}
	/* the sort key sorts it first: every real key is 32 digits */
	if (tb == ctl->tb && scols_line_set_data(ln, ctl->ncols, "") != 0)
		err(CLI_EXIT_USAGE, "cannot allocate memory");
	ctl->spaced = 1;
}

/*
 * Print the rows of a table, without the spacer if any (only tables have
 * one: raw and JSON rows need no widths).
 */
void print_rows(struct ctl *ctl, struct libscols_table *tb)
{
	if (!ctl->spaced) {
		out_rows(&ctl->o, tb, NULL);
		return;
	}
	if (scols_table_get_nlines(tb) < 2)
		return;
	out_rows(&ctl->o, tb, scols_table_get_line(tb, 1));
}

static int cmp_key(const void *a, const void *b, void *keycol)
{
	struct libscols_line *const *x = a, *const *y = b;
	const char *kx = scols_cell_get_data(scols_line_get_column_cell(*x, keycol));
	const char *ky = scols_cell_get_data(scols_line_get_column_cell(*y, keycol));

	return strcmp(kx ? kx : "", ky ? ky : "");
}

/*
 * Sort the batch's lines by their key (time, then arrival; the spacer's
 * empty key first): taken out and added back in order.
 */
static void sort_batch(struct ctl *ctl)
{
	size_t n = scols_table_get_nlines(ctl->tb), i;
	struct libscols_line **v = calloc(n ? n : 1, sizeof(*v)), *ln;
	struct libscols_iter *itr = scols_new_iter(SCOLS_ITER_FORWARD);

	if (!v || !itr)
		err(CLI_EXIT_USAGE, "cannot allocate memory");
	for (i = 0; i < n && scols_table_next_line(ctl->tb, itr, &ln) == 0; i++) {
		v[i] = ln;
		scols_ref_line(ln);
	}
	n = i;
	scols_free_iter(itr);
	scols_table_remove_lines(ctl->tb);
	qsort_r(v, n, sizeof(*v), cmp_key, ctl->keycol);
	for (i = 0; i < n; i++) {
		if (scols_table_add_line(ctl->tb, v[i]) != 0)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		scols_unref_line(v[i]);
	}
	free(v);
}

/*
 * Print the rows of the batch and drop them (@last: the input is done).
 * A batch is sorted by wall clock when every row has a time and they
 * came out of order (several files, rotated logs given newest first);
 * events with only a time since boot cannot be placed against others,
 * so then the input order stays. Rows in different batches are not
 * sorted against each other.
 */
/*
 * -J on the running system's logs: the kernel's own count of OOM kills
 * since boot beside the kills of this boot the sources still hold, so a
 * script sees what could not be listed (the ring buffer wrapped, no
 * persistent journal).
 */
static void kernel_counts(struct ctl *ctl)
{
	static const char *const keys[] = { "oom_kills_since_boot", "in_sources",
					    "not_in_sources" };
	static const int types[] = { SCOLS_JSON_NUMBER, SCOLS_JSON_NUMBER, SCOLS_JSON_NUMBER };
	long long v[3] = { ctl->kernel_kills, ctl->boot_kills,
			   ctl->kernel_kills > ctl->boot_kills ?
				   ctl->kernel_kills - ctl->boot_kills :
				   0 };
	char buf[3][24];
	const char *vals[3];
	size_t i;

	for (i = 0; i < 3; i++) {
		snprintf(buf[i], sizeof(buf[i]), "%lld", v[i]);
		vals[i] = buf[i];
	}
	out_doc_object(&ctl->o, "kernel_counts", keys, vals, types, 3);
}

void print_batch(struct ctl *ctl, int last)
{
	if (!ctl->tb)
		ctl->tb = events_table(ctl, 1);
	if (ctl->all_timed && ctl->out_of_order)
		sort_batch(ctl);
	/* -J: one document, its "events" array filled batch by batch */
	if (ctl->batches == 0) {
		out_doc_open(&ctl->o);
		out_doc_rows(&ctl->o, "events");
	}
	if (scols_table_get_nlines(ctl->tb) > 0)
		print_rows(ctl, ctl->tb);
	if (last) {
		if (ctl->kernel_kills >= 0)
			kernel_counts(ctl);
		out_doc_close(&ctl->o);
		scols_unref_table(ctl->tb);
		ctl->tb = NULL;
		return;
	}
	/* stop at the first failed write, not after the whole input */
	cli_flush_stdout_or_exit();
	if (ctl->merge && !ctl->split_warned) {
		warnx("more events from several sources than oomlog keeps (%u MiB): "
		      "they are sorted by time in parts, not as a whole",
		      BATCH_BYTES >> 20);
		ctl->split_warned = 1;
	}
	if (ctl->o.mode == OUT_TABLE)
		keep_widths(ctl, ctl->tb);
	else
		scols_table_remove_lines(ctl->tb);
	ctl->batches++;
	ctl->batch_bytes = 0;
	ctl->all_timed = 1;
	ctl->out_of_order = 0;
	ctl->last_t = 0;
}

void print_events(struct ctl *ctl)
{
	print_batch(ctl, 1);
}

void take_events(struct ctl *ctl, struct oomkit_report_parser *rp)
{
	struct oomkit_event *ev;

	while (oomkit_report_next(rp, &ev) == 0) {
		long long k, o, t;
		const char *src;

		/* a syslog file's kill that the journal or /dev/kmsg holds */
		if (syslog_fallback.prefix[0] &&
		    (src = oomkit_event_str(ev, OOMKIT_EV_SOURCE)) != NULL &&
		    !strncmp(src, syslog_fallback.prefix, strlen(syslog_fallback.prefix)) &&
		    (oomkit_event_num(ev, OOMKIT_EV_REALTIME_US, &t) < 0 ||
		     t >= syslog_fallback.cut_us)) {
			oomkit_event_free(ev);
			continue;
		}

		/* every kernel kill of this boot, whatever the filters */
		if (ctl->boot_rt_us >= 0 && oomkit_event_num(ev, OOMKIT_EV_KILLER, &k) == 0 &&
		    k == OOMKIT_KILLER_KERNEL && oomkit_event_num(ev, OOMKIT_EV_OUTCOME, &o) == 0 &&
		    o == OOMKIT_OUTCOME_KILLED &&
		    oomkit_event_num(ev, OOMKIT_EV_REALTIME_US, &t) == 0 && t >= ctl->boot_rt_us)
			ctl->boot_kills++;
		if (evf_want(&ctl->f, ev)) {
			ctl->printed++;
			if (ctl->prometheus) {
				prom_add(ctl, ev);
			} else if (ctl->summary) {
				sum_add(ctl, ev);
			} else if (ctl->follow) {
				follow_row(ctl, ev);
			} else {
				if (!ctl->tb)
					ctl->tb = events_table(ctl, 1);
				add_row(ctl, ctl->tb, ev, 1);
				if (ctl->merge ? ctl->batch_bytes >= BATCH_BYTES :
						 (scols_table_get_nlines(ctl->tb) >= BATCH_ROWS ||
						  ctl->batch_bytes >= BATCH_BYTES))
					print_batch(ctl, 0);
			}
		}
		oomkit_event_free(ev);
	}
}

void take_events_cb(void *ctl, struct oomkit_report_parser *rp)
{
	take_events(ctl, rp);
}
