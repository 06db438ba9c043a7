/*
 * screen.h - what the screen files share (screen.c: terminal, loop, keys
 * and actions; screen-views.c: drawing). Only these files use curses.
 *
 * Like htop's split of Machine/Table/Row (data) from Panel/CRT (screen),
 * the data is the snapshot (snapshot.c, read by a reader thread so that a
 * slow /proc never freezes the keys) and the rows (rows.c, growth.c);
 * this state only says what is shown and where.
 */
#ifndef OOMTOP_SCREEN_H
#define OOMTOP_SCREEN_H

#include <limits.h>

#include "oomtop.h"

enum view { V_PROCS, V_DOMAINS, V_DETAIL, V_HELP, V_COUNT_ };

/* A domain's history since oomtop started: event deltas, usage rate. */
struct dom_hist {
	char *name;
	long long oom0, kill0, high0; /* memory.events at first sight */
	double t[2];                  /* the two last readings */
	long long use[2];
	int n;
};

struct screen {
	struct oomtop *t;
	struct oomtop_snapshot *s; /* the shown reading, or NULL */
	struct oomtop_growth g;
	struct oomtop_rows rows; /* the shown domain's rows, focused, sorted */
	struct oomkit_ctx *actx; /* the actions' context (the reader has t->ctx) */

	enum view view, back[8];
	int nback;
	char domain[PATH_MAX]; /* the ranked domain: "global" or a memcg */
	int sel, top;          /* process list: selected row, first shown */
	pid_t sel_pid;
	int follow;
	size_t dsel, dtop; /* domain view */
	char fname[128], fuser[64], fmemcg[256];
	struct oomtop_focus focus;
	int sort_col, sort_asc, all;
	int paused, color, utf8;
	int cpu_ok; /* CPU% can be read (procfs is /proc) */
	double delay;
	double test_uptime; /* OOMTOP_TEST_UPTIME (tests): "now" for the last
			     * kill's age, in kernel-log seconds; 0: the clock */

	struct dom_hist *dh;
	size_t ndh;
	unsigned long refreshes;
	struct oomkit_proc *detail; /* the detail view's process, with cmdline */

	char status[1024];
	int status_err;

	int prompt; /* a PROMPT_* while a line is typed */
	char pbuf[256];
	size_t plen;
	pid_t ppid;                    /* the process a prompt acts on, */
	struct oomkit_adj_target *pin; /* pinned when the prompt opened */
	int psig;
};

enum {
	PROMPT_NONE,
	PROMPT_FNAME,
	PROMPT_FUSER,
	PROMPT_FMEMCG,
	PROMPT_ADJ,
	PROMPT_SIGNAL,
	PROMPT_CONFIRM,
	PROMPT_DELAY,
	PROMPT_COLUMNS,
	PROMPT_SORT
};

/* screen-views.c */
void view_draw(struct screen *sc);
const struct oomkit_domain *view_domain(const struct screen *sc);
struct dom_hist *dom_hist_get(struct screen *sc, const char *name);
void dom_hist_prune(struct screen *sc);
void dom_hist_free(struct screen *sc);
void status_set(struct screen *sc, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
