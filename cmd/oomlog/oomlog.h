/*
 * oomlog.h - what the files of oomlog share: the control struct, the
 * column ids and the functions one file calls in another.
 *
 * main.c     options and wiring
 * columns.c  the column table and the cells (sizes, times, strings)
 * output.c   the batches of rows: widths and sorting; printed through
 *            cmd/common/output.h
 * follow.c   -f: the poll loop and its rows
 * summary.c  --summary
 * metrics.c  --prometheus
 * (the filters and the sources are shared with oomwhy: cmd/common/)
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
 * Rows kept before they are printed (see struct ctl). A batch of one
 * stream: its rows get the table's column widths and are sorted when out
 * of order, so the output of up to BATCH_ROWS events is what sorting
 * everything gave. Several sources are sorted in batches of
 * BATCH_BYTES of rows (about 20,000 rows of the default columns).
 */
#define BATCH_ROWS 1000
#define BATCH_BYTES (16u << 20)
/* estimated bytes of a libsmartcols line and of each of its cells */
#define ROW_COST 256
#define CELL_COST 64

struct ctl {
	int cols[64];
	size_t ncols;
	int json, raw, noheadings, bytes, summary, follow, verbose;
	struct out o; /* the output dialect (table, raw, JSON) */
	struct ev_filters f;

	/*
	 * Events become table rows as soon as they leave the parser and are
	 * freed (an event carries its report's task table). The rows wait
	 * in tb only as a batch: at most BATCH_ROWS of them when the input
	 * is one stream in time order, at most BATCH_BYTES (estimated) when
	 * several sources are sorted together; then the batch is printed
	 * and dropped (see print_batch), so memory stays bounded whatever
	 * the input.
	 */
	struct libscols_table *tb;
	struct libscols_column *keycol; /* hidden: time + arrival order */
	size_t printed;                 /* events that passed the filters */
	int all_timed;                  /* every row of the batch has a wall-clock time */
	int out_of_order;               /* ... and they are not in order */
	long long last_t;
	int merge;          /* several sources, sorted together */
	size_t batch_bytes; /* estimated size of the rows in tb */
	size_t batches;     /* batches printed before the last */
	int split_warned;
	int spaced;        /* the table's first line is the spacer */
	size_t widths[64]; /* widest column widths printed */
	int following;     /* follow mode, past the backlog */

	/* --summary: counted on the fly */
	struct sum_ent *sum;
	size_t nsum, capsum;

	/* kernel kills read since boot (default sources), to compare with
	 * the kernel's own count: boot_rt_us < 0 when not counted */
	long long boot_rt_us, boot_kills;
	/* /proc/vmstat oom_kill when counted (else -1), for -J's kernel_counts */
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
struct libscols_table *events_table(struct ctl *ctl, int with_key);
struct libscols_line *add_row(struct ctl *ctl, struct libscols_table *tb,
			      const struct oomkit_event *ev, int with_key);
void keep_widths(struct ctl *ctl, struct libscols_table *tb);
void print_rows(struct ctl *ctl, struct libscols_table *tb);
void print_batch(struct ctl *ctl, int last);
void print_events(struct ctl *ctl);
void take_events(struct ctl *ctl, struct oomkit_report_parser *rp);

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

/* output.c: take_events() as a drain() callback */
void take_events_cb(void *ctl, struct oomkit_report_parser *rp);

#endif
