/*
 * oomlog.h - what the files of oomlog share: the control struct, the
 * column ids and the functions one file calls in another.
 *
 * main.c     options and wiring
 * columns.c  the column table and the cells (sizes, times, strings)
 * output.c   the rows of the event stream's batches: widths, order;
 *            printed through cmd/common/output.h
 * follow.c   -f: the poll loop and its rows
 * summary.c  --summary
 * metrics.c  --prometheus
 * (the sources, the event stream and the filters are shared with
 * oomwhy: cmd/common/logsrc.c, evstream.c, evfilter.c)
 */
#ifndef OOMLOG_H
#define OOMLOG_H

#include <regex.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include <libsmartcols.h>

#include "oomkit/oomkit.h"
#include "oomkit/report.h"
#include "oomkit/source.h"
#include "cli.h"
#include "output.h"
#include "evfilter.h"
#include "evstream.h"
#include "logsrc.h"

/* columns */
enum {
	COL_TIME,
	COL_BOOT_S,
	COL_HOST,
	COL_PID,
	COL_COMM,
	COL_UID,
	COL_OUTCOME,
	COL_KILLER,
	COL_CONSTRAINT,
	COL_MEMCG,
	COL_OOM_MEMCG,
	COL_TASK_MEMCG,
	COL_RSS,
	COL_TOTAL_VM,
	COL_ANON_RSS,
	COL_FILE_RSS,
	COL_SHMEM_RSS,
	COL_PGTABLES,
	COL_ADJ,
	COL_TRIGGER,
	COL_TRIGGER_PID,
	COL_GFP,
	COL_ORDER,
	COL_REAPED,
	COL_SOURCE,
	COL_NODEMASK,
	COL_CPUSET,
	COL_SCORE,
	COL_UNIT,
	COL_REASON,
	COL_MEMCG_LIMIT,
	COL_MEMCG_USAGE,
	COL_OOM_GROUP,
	COL_YEAR_GUESSED,
	COL_CONTEXT,
	NCOLS, /* not a column: the number of them */
};

extern const struct cli_colinfo infos[NCOLS];

#define NINFOS (sizeof(infos) / sizeof(infos[0]))

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Rows printed at a time: when a batch of the event stream (evstream.h)
 * leaves this many or more waiting, and -f's backlog.
 */
#define BATCH_ROWS EVS_BATCH_EVENTS

struct ctl {
	int cols[64];
	size_t ncols;
	int json, raw, noheadings, bytes, summary, follow, verbose;
	struct out o; /* the output dialect (table, raw, JSON) */
	struct ev_filters f;

	/*
	 * The events come out of the stream (cmd/common/evstream.h), which
	 * oomwhy reads too, and become table rows at once (an event, with
	 * its report's task table, is freed as soon as its row is made).
	 * The rows wait in tb until their batch of the stream is complete
	 * and put in the stream's order, and until BATCH_ROWS of them wait
	 * (one source) or the batch is out (several sources); then they are
	 * printed and dropped (see print_batch), so memory stays bounded
	 * whatever the input.
	 */
	struct evstream evs;
	struct libscols_table *tb;
	size_t printed;    /* events that passed the filters */
	size_t batches;    /* batches printed before the last */
	int spaced;        /* the table's first line is the spacer */
	size_t widths[64]; /* widest column widths printed */
	int following;     /* follow mode, past the backlog */

	/* --summary: counted on the fly */
	struct sum_ent *sum;
	size_t nsum, capsum;

	/* /proc/vmstat oom_kill when counted (else -1), for -J's kernel_counts;
	 * compared with the stream's kernel kills since boot (evs.boot_kills,
	 * counted when evs.boot_rt_us >= 0: the running system's logs) */
	long long kernel_kills;

	/* --prometheus: counted on the fly (metrics.c) */
	int prometheus;
	const char *output_file;
	struct prom_counts *prom;

	/* follow mode: one table reused per event */
	struct libscols_table *ftb;
};

static inline int ev_num(const struct oomkit_event *ev, enum oomkit_event_num item, long long *v)
{
	return oomkit_event_num(ev, item, v);
}

/* columns.c */
void set_default_columns(struct ctl *ctl);
char *time_str(struct ctl *ctl, long long rt_us, int iso);
char *cell(struct ctl *ctl, const struct oomkit_event *ev, int col);

/* output.c */
struct libscols_table *events_table(struct ctl *ctl);
struct libscols_line *add_row(struct ctl *ctl, struct libscols_table *tb,
			      const struct oomkit_event *ev);
void keep_widths(struct ctl *ctl, struct libscols_table *tb);
void print_rows(struct ctl *ctl, struct libscols_table *tb);
void print_batch(struct ctl *ctl, int last);
void print_events(struct ctl *ctl);
void *take_event(void *ctl, struct oomkit_event *ev);
void take_batch(void *ctl, void **rows, size_t n, int sorted, int last);

/* follow.c */
void follow_row(struct ctl *ctl, const struct oomkit_event *ev);
int follow(struct ctl *ctl, struct oomkit_source **srcs, size_t nsrcs,
	   struct oomkit_report_parser *rp);

/* summary.c */
void sum_add(struct ctl *ctl, const struct oomkit_event *ev);
void print_summary(struct ctl *ctl);
void free_summary(struct ctl *ctl);

/* metrics.c */
void prom_add(struct ctl *ctl, const struct oomkit_event *ev);
void print_prometheus(struct ctl *ctl, FILE *out);
int write_prometheus(struct ctl *ctl);

#endif
