/*
 * oomadj - output: the targets as a table, raw or JSON (show mode, and
 * set mode's JSON; cmd/common/output.h), and set mode's text.
 */
#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsmartcols.h>

#include "oomadj.h"

static const char *const status_names[] = {
	[ST_PENDING] = "pending",
	[ST_SHOWN] = "shown",
	[ST_CHANGED] = "changed",
	[ST_UNCHANGED] = "unchanged",
	[ST_WOULD_CHANGE] = "would-change",
	[ST_FAILED] = "failed",
	[ST_GONE] = "gone",
};

/*
 * The columns. The first ninfos can be shown (-o, -H); the others are
 * JSON members only: old and new in set mode, then status, error and
 * notes for every target. JSON keys are stable (documented in oomadj(1))
 * and name each fact as the other commands do.
 */
const struct cli_colinfo infos[] = {
	[COL_PID] = { "PID", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "process id", "pid" },
	[COL_COMM] = { "COMM", 16, 0, SCOLS_JSON_STRING, "command name (escaped)", "comm" },
	[COL_ADJ] = { "ADJ", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		      "oom_score_adj, -1000..1000 (set mode: the value now)", "oom_score_adj" },
	[COL_SCORE] = { "SCORE", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			"the kernel's oom_score (global domain, 0..2000)", "oom_score" },
	[COL_BADNESS] = { "BADNESS", 9, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			  "oomkit's badness in pages, host domain (- when it cannot be chosen)",
			  "badness" },
	[COL_INODE] = { "INODE", 8, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			"pidfs inode of the process (kernel 6.9+)", "inode" },
	[COL_UNIT] = { "UNIT", 20, 0, SCOLS_JSON_STRING, "systemd service the process belongs to",
		       "unit" },
	[COL_TARGET] = { "TARGET", 16, 0, SCOLS_JSON_STRING,
			 "PID:INODE, for race-free use in scripts", "target" },
	[COL_OLD] = { "OLD", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		      "oom_score_adj before the change", "old" },
	[COL_NEW] = { "NEW", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		      "oom_score_adj asked for, read back after the write", "new" },
	[COL_STATUS] = { "STATUS", 8, 0, SCOLS_JSON_STRING, "what happened to the target",
			 "status" },
	[COL_ERROR] = { "ERROR", 20, 0, SCOLS_JSON_STRING, "why it failed", "error" },
	[COL_NOTES] = { "NOTES", 20, 0, SCOLS_JSON_ARRAY_STRING, "consequences of the value",
			"notes" },
};
const size_t ninfos = COL_TARGET + 1;

/* The value a target has now: the new one once written (or unchanged). */
static char *adj_now(const struct control *ctl, const struct target *t)
{
	if (!ctl->set)
		return t->status == ST_SHOWN && t->have_old ? out_num(t->old) : NULL;
	if ((t->status == ST_CHANGED || t->status == ST_UNCHANGED) && t->have_new)
		return out_num(t->new);
	return t->have_old ? out_num(t->old) : NULL;
}

static char *cell(const struct out *o, const struct control *ctl, const struct target *t, int col)
{
	int ok = t->status == ST_SHOWN;

	switch (col) {
	case COL_PID:
		return out_num(t->pid);
	case COL_COMM:
		return t->comm ? out_fmt("%s", t->comm) : NULL; /* escaped */
	case COL_ADJ:
		return adj_now(ctl, t);
	case COL_SCORE:
		return ok && t->score >= 0 ? out_num(t->score) : NULL;
	case COL_BADNESS:
		return ok && t->eligible ? out_num(t->badness) : NULL;
	case COL_INODE:
		return t->pidfs_ino ? out_fmt("%llu", t->pidfs_ino) : NULL;
	case COL_UNIT:
		return t->unit[0] ? out_text(t->unit) : NULL;
	case COL_TARGET:
		if (t->pidfs_ino)
			return out_fmt("%d:%llu", (int)t->pid, t->pidfs_ino);
		return out_num(t->pid);
	case COL_OLD:
		return t->have_old ? out_num(t->old) : NULL;
	case COL_NEW:
		return t->have_new ? out_num(t->new) : NULL;
	case COL_STATUS:
		return out_fmt("%s", status_names[t->status]);
	case COL_ERROR:
		return t->error ? out_fmt("%s", t->error) : NULL;
	case COL_NOTES:
		return out_fmt("%s", t->notes ? t->notes : "");
	}
	(void)o;
	return NULL;
}

/*
 * print_targets - show mode's table, raw table or JSON, and set mode's
 * JSON: {"targets": [...]}, one object per target with the columns
 * (set mode: pid, comm, oom_score_adj, old, new, unit), then status,
 * error and notes. A table lists only the targets that could be read.
 */
void print_targets(struct control *ctl)
{
	static const int set_cols[] = { COL_PID, COL_COMM, COL_ADJ, COL_OLD, COL_NEW, COL_UNIT };
	int cols[sizeof(ctl->cols) / sizeof(ctl->cols[0]) + 3];
	size_t ncols = 0, i, c;
	struct libscols_table *tb;
	struct out o;

	out_init(&o, ctl->json, ctl->raw, ctl->noheadings, 0, 0);
	if (ctl->set) {
		memcpy(cols, set_cols, sizeof(set_cols));
		ncols = sizeof(set_cols) / sizeof(set_cols[0]);
	} else {
		memcpy(cols, ctl->cols, ctl->ncols * sizeof(int));
		ncols = ctl->ncols;
	}
	if (ctl->json) {
		cols[ncols++] = COL_STATUS;
		cols[ncols++] = COL_ERROR;
		cols[ncols++] = COL_NOTES;
	}
	tb = out_table(&o, infos, cols, ncols);
	for (i = 0; i < ctl->ntargets; i++) {
		struct target *t = &ctl->targets[i];
		struct libscols_line *ln;

		if ((t->status == ST_FAILED || t->status == ST_GONE) && !ctl->json)
			continue;
		ln = out_line(tb);
		for (c = 0; c < ncols; c++)
			out_set(&o, ln, c, cell(&o, ctl, t, cols[c]));
	}
	if (!ctl->quiet || ctl->json) {
		out_doc_open(&o);
		out_doc_rows(&o, "targets");
		out_rows(&o, tb, NULL);
		out_doc_close(&o);
	}
	scols_unref_table(tb);
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
		printf("pid %d (%s): oom_score_adj %d -> %d%s\n", (int)t->pid, comm_or(t), t->old,
		       t->new,
		       t->status == ST_WOULD_CHANGE ? " (dry run, not changed)" :
		       t->status == ST_UNCHANGED    ? (ctl->dry_run ? " (dry run, unchanged)" :
								      " (unchanged)") :
						      "");
		for (p = t->notes; p && *p; p = nl ? nl + 1 : NULL) {
			nl = strchr(p, '\n');
			printf("  note: %.*s\n", nl ? (int)(nl - p) : (int)strlen(p), p);
			if (!nl)
				break;
		}
	}
}
