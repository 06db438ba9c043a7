/*
 * oomadj - output: the show table, and the set mode's text and JSON.
 */
#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsmartcols.h>

#include "oomadj.h"
#include "json.h"

static const char *const status_names[] = {
	[ST_PENDING] = "pending",
	[ST_SHOWN] = "shown",
	[ST_CHANGED] = "changed",
	[ST_UNCHANGED] = "unchanged",
	[ST_WOULD_CHANGE] = "would-change",
	[ST_FAILED] = "failed",
	[ST_GONE] = "gone",
};

const struct cli_colinfo infos[] = {
	[COL_PID] = {
		.name = "PID",
		.whint = 7,
		.flags = SCOLS_FL_RIGHT,
		.json_type = SCOLS_JSON_NUMBER,
		.help = "process id",
	},
	[COL_COMM] = {
		.name = "COMM",
		.whint = 16,
		.flags = 0,
		.json_type = SCOLS_JSON_STRING,
		.help = "command name (escaped)",
	},
	[COL_ADJ] = {
		.name = "ADJ",
		.whint = 5,
		.flags = SCOLS_FL_RIGHT,
		.json_type = SCOLS_JSON_NUMBER,
		.help = "oom_score_adj, -1000..1000",
	},
	[COL_SCORE] = {
		.name = "SCORE",
		.whint = 5,
		.flags = SCOLS_FL_RIGHT,
		.json_type = SCOLS_JSON_NUMBER,
		.help = "the kernel's oom_score (global domain, 0..2000)",
	},
	[COL_BADNESS] = {
		.name = "BADNESS",
		.whint = 9,
		.flags = SCOLS_FL_RIGHT,
		.json_type = SCOLS_JSON_NUMBER,
		.help = "oomkit's badness in pages, host domain (- when it cannot be chosen)",
	},
	[COL_INODE] = {
		.name = "INODE",
		.whint = 8,
		.flags = SCOLS_FL_RIGHT,
		.json_type = SCOLS_JSON_NUMBER,
		.help = "pidfs inode of the process (kernel 6.9+)",
	},
	[COL_UNIT] = {
		.name = "UNIT",
		.whint = 20,
		.flags = 0,
		.json_type = SCOLS_JSON_STRING,
		.help = "systemd service the process belongs to",
	},
	[COL_TARGET] = {
		.name = "TARGET",
		.whint = 16,
		.flags = 0,
		.json_type = SCOLS_JSON_STRING,
		.help = "PID:INODE, for race-free use in scripts",
	},
};
const size_t ninfos = sizeof(infos) / sizeof(infos[0]);

static struct libscols_column *new_col(struct libscols_table *tb,
				       const char *name, double w, int flags,
				       int json_type)
{
	struct libscols_column *cl = scols_table_new_column(tb, name, w, flags);

	if (!cl)
		err(CLI_EXIT_FAILURE, "cannot allocate output column");
	scols_column_set_json_type(cl, json_type);
	return cl;
}

static void set_cell(struct libscols_line *ln, size_t i, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_cell(struct libscols_line *ln, size_t i, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	if (scols_line_refer_data(ln, i, s) != 0)
		err(CLI_EXIT_FAILURE, "cannot set output data");
}

static struct libscols_table *new_table(struct control *ctl)
{
	struct libscols_table *tb = scols_new_table();

	if (!tb)
		err(CLI_EXIT_FAILURE, "cannot allocate output table");
	if (ctl->json) {
		scols_table_enable_json(tb, 1);
		scols_table_set_name(tb, "targets");
	}
	return tb;
}

void print_show(struct control *ctl)
{
	struct libscols_table *tb = new_table(ctl);
	size_t i, c;

	for (c = 0; c < ctl->ncols; c++) {
		const struct cli_colinfo *ci = &infos[ctl->cols[c]];

		new_col(tb, ci->name, ci->whint, ci->flags, ci->json_type);
	}
	scols_table_enable_noheadings(tb, ctl->noheadings);
	if (ctl->json) {
		new_col(tb, "STATUS", 0, 0, SCOLS_JSON_STRING);
		new_col(tb, "ERROR", 0, 0, SCOLS_JSON_STRING);
	}
	for (i = 0; i < ctl->ntargets; i++) {
		struct target *t = &ctl->targets[i];
		struct libscols_line *ln;

		if ((t->status == ST_FAILED || t->status == ST_GONE) && !ctl->json)
			continue;
		ln = scols_table_new_line(tb, NULL);
		if (!ln)
			err(CLI_EXIT_FAILURE, "cannot allocate output line");
		for (c = 0; c < ctl->ncols; c++) {
			int ok = t->status == ST_SHOWN;

			switch (ctl->cols[c]) {
			case COL_PID:
				set_cell(ln, c, "%d", (int)t->pid);
				break;
			case COL_COMM:
				if (t->comm)
					set_cell(ln, c, "%s", t->comm);
				break;
			case COL_ADJ:
				if (ok && t->have_old)
					set_cell(ln, c, "%d", t->old);
				break;
			case COL_SCORE:
				if (ok && t->score >= 0)
					set_cell(ln, c, "%lld", t->score);
				break;
			case COL_BADNESS:
				if (ok && t->eligible)
					set_cell(ln, c, "%lld", t->badness);
				else if (ok && !ctl->json)
					set_cell(ln, c, "-");
				break;
			case COL_INODE:
				if (t->pidfs_ino)
					set_cell(ln, c, "%llu", t->pidfs_ino);
				break;
			case COL_UNIT:
				if (t->unit[0])
					set_cell(ln, c, "%s", t->unit);
				break;
			case COL_TARGET:
				if (t->pidfs_ino)
					set_cell(ln, c, "%d:%llu", (int)t->pid, t->pidfs_ino);
				else
					set_cell(ln, c, "%d", (int)t->pid);
				break;
			}
		}
		if (ctl->json) {
			set_cell(ln, ctl->ncols, "%s", status_names[t->status]);
			if (t->error)
				set_cell(ln, ctl->ncols + 1, "%s", t->error);
		}
	}
	if (!ctl->quiet || ctl->json)
		scols_print_table(tb);
	scols_unref_table(tb);
}

/*
 * Set mode JSON, written with the shared writer (cmd/common/json.h)
 * because libsmartcols 2.38 prints an empty array cell as [null]:
 * {"targets": [{pid, comm, old, new, status, error, unit, notes[]}]}.
 * Keys are stable (documented in oomadj(1)).
 */
void print_set_json(struct control *ctl)
{
	struct json j;
	size_t i;

	json_init(&j, stdout);
	json_open(&j, NULL, '{');
	json_open(&j, "targets", '[');
	for (i = 0; i < ctl->ntargets; i++) {
		struct target *t = &ctl->targets[i];
		const char *p, *nl;

		json_open(&j, NULL, '{');
		json_num(&j, "pid", (long long)t->pid);
		json_str(&j, "comm", t->comm);
		if (t->have_old)
			json_num(&j, "old", t->old);
		else
			json_null(&j, "old");
		if (t->have_new)
			json_num(&j, "new", t->new);
		else
			json_null(&j, "new");
		json_str(&j, "status", status_names[t->status]);
		json_str(&j, "error", t->error);
		json_str(&j, "unit", t->unit[0] ? t->unit : NULL);
		json_open(&j, "notes", '[');
		for (p = t->notes; p && *p; p = nl + 1) {
			char *one;

			nl = strchr(p, '\n');
			one = nl ? strndup(p, (size_t)(nl - p)) : cli_xstrdup(p);
			if (!one)
				err(CLI_EXIT_FAILURE, "cannot allocate memory");
			json_str(&j, NULL, one);
			free(one);
			if (!nl)
				break;
		}
		json_close(&j, ']');
		json_close(&j, '}');
	}
	json_close(&j, ']');
	json_close(&j, '}');
}

void print_set_text(struct control *ctl)
{
	size_t i;

	if (ctl->quiet)
		return;
	for (i = 0; i < ctl->ntargets; i++) {
		struct target *t = &ctl->targets[i];
		const char *p, *nl;

		if (t->status == ST_FAILED || t->status == ST_GONE)
			continue;
		printf("pid %d (%s): oom_score_adj %d -> %d%s\n", (int)t->pid,
		       comm_or(t), t->old, t->new,
		       t->status == ST_WOULD_CHANGE ? " (dry run, not changed)" :
		       t->status == ST_UNCHANGED ?
		       (ctl->dry_run ? " (dry run, unchanged)" : " (unchanged)") : "");
		for (p = t->notes; p && *p; p = nl ? nl + 1 : NULL) {
			nl = strchr(p, '\n');
			printf("  note: %.*s\n", nl ? (int)(nl - p) : (int)strlen(p), p);
			if (!nl)
				break;
		}
	}
}
