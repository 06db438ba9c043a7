/*
 * output.c - the events as a table, raw or JSON (cmd/common/output.h),
 * printed a batch of the event stream at a time (cmd/common/evstream.h)
 * so that memory stays bounded: rows in the stream's order, column widths
 * kept across batches, the batches' JSON rows written into one document.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oomlog.h"

struct libscols_table *events_table(struct ctl *ctl)
{
	return out_table(&ctl->o, infos, ctl->cols, ctl->ncols);
}

struct libscols_line *add_row(struct ctl *ctl, struct libscols_table *tb,
			      const struct oomkit_event *ev)
{
	struct libscols_line *ln = out_line(tb);
	size_t i;

	for (i = 0; i < ctl->ncols; i++)
		out_set(&ctl->o, ln, i, cell(ctl, ev, ctl->cols[i]));
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

/*
 * Put the rows of the stream's last batch (the table's last @n lines, in
 * the order they were made) in the stream's order (@rows): taken out and
 * added back. The lines before them are in order already.
 */
static void order_rows(struct ctl *ctl, void **rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		scols_ref_line(rows[i]);
		scols_table_remove_line(ctl->tb, rows[i]);
	}
	for (i = 0; i < n; i++) {
		if (scols_table_add_line(ctl->tb, rows[i]) != 0)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		scols_unref_line(rows[i]);
	}
}

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
	long long v[3] = { ctl->kernel_kills, ctl->evs.boot_kills,
			   ctl->kernel_kills > ctl->evs.boot_kills ?
				   ctl->kernel_kills - ctl->evs.boot_kills :
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

/*
 * Print the rows of the batch and drop them (@last: the input is done;
 * then the document ends). They are in the event stream's order.
 */
void print_batch(struct ctl *ctl, int last)
{
	if (!ctl->tb)
		ctl->tb = events_table(ctl);
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
	if (ctl->o.mode == OUT_TABLE)
		keep_widths(ctl, ctl->tb);
	else
		scols_table_remove_lines(ctl->tb);
	ctl->batches++;
}

void print_events(struct ctl *ctl)
{
	print_batch(ctl, 1);
}

/*
 * An event out of the stream (evstream.h make()): counted, summed or
 * made a row when it passes the filters, then freed. Returns the row to
 * keep until its batch is out, or NULL.
 */
void *take_event(void *arg, struct oomkit_event *ev)
{
	struct ctl *ctl = arg;
	struct libscols_line *ln = NULL;

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
				ctl->tb = events_table(ctl);
			ln = add_row(ctl, ctl->tb, ev);
		}
	}
	oomkit_event_free(ev);
	return ln;
}

/*
 * A batch of the stream is complete (evstream.h out()): its rows in the
 * stream's order. The rows waiting are printed when they are BATCH_ROWS
 * or more (fewer, as when filters pass a few events of a long log, wait
 * for more, so that they share the columns' widths), or for each batch of
 * several sources (a large one); the last rows are main's to print, with
 * what the document holds after them.
 */
void take_batch(void *arg, void **rows, size_t n, int sorted, int last)
{
	struct ctl *ctl = arg;

	if (!n)
		return;
	if (sorted)
		order_rows(ctl, rows, n);
	if (!last &&
	    (ctl->evs.merge || scols_table_get_nlines(ctl->tb) - (size_t)ctl->spaced >= BATCH_ROWS))
		print_batch(ctl, 0);
}
