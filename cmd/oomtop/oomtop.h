/*
 * oomtop.h - what the files of oomtop share: the control struct, the
 * column tables and the cross-file functions.
 *
 * columns.c   the process and domain columns, and the value of each cell
 * snapshot.c  one reading of memory, processes and OOM domains
 * growth.c    the GROWTH column: RSS change per second across readings
 * rows.c      the rows of one domain, focused (-p, -u, --memcg, a name
 *             filter) and sorted by any column: batch and screen alike
 * layout.c    the screen's column widths and text fitting (no terminal)
 * batch.c     batch mode (-b): a snapshot as a table, raw or JSON
 * metrics.c   --prometheus: a snapshot as Prometheus metrics
 * action.c    the process a screen action (signal, oom_score_adj) pins
 * screen*.c   the interactive screen (ncursesw): the only files that draw
 * main.c      options, then wiring
 *
 * Everything but screen*.c runs without a terminal and is unit-tested.
 */
#ifndef OOMTOP_H
#define OOMTOP_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "oomkit/oomkit.h"
#include "cli.h"
#include "output.h"

enum {
	COL_PID,
	COL_PPID,
	COL_USER,
	COL_UID,
	COL_STATE,
	COL_ADJ,
	COL_SCORE,
	COL_CSCORE,
	COL_BADNESS,
	COL_SHARE,
	COL_RANK,
	COL_RSS,
	COL_ANON,
	COL_FILE,
	COL_SHMEM,
	COL_SWAP,
	COL_PTE,
	COL_MEMCG,
	COL_ELIGIBLE,
	COL_COMM,
	COL_GROWTH,
	COL_CPU,
	COL_NICE,
	COL_AGE,
	COL_THREADS,
	COL_CMDLINE,
	COL_CONTEXT,
};

extern const struct cli_colinfo pcols[COL_CONTEXT + 1];

enum {
	DCOL_DOMAIN,
	DCOL_TYPE,
	DCOL_LIMIT,
	DCOL_USAGE,
	DCOL_HEADROOM,
	DCOL_KILLS,
	DCOL_MEMBERS,
	DCOL_TOTALPAGES,
	DCOL_VICTIM,
	DCOL_VCOMM,
	DCOL_VBADNESS,
	DCOL_RUNNER,
	DCOL_RCOMM,
	DCOL_RBADNESS,
	DCOL_MARGIN,
	DCOL_OOMS,
	DCOL_HIGH,
	DCOL_HIGHROOM,
	DCOL_GROUP,
	DCOL_GROUP_TASKS,
	DCOL_GROUP_PIDS,
	DCOL_COUNT_
};

extern const struct cli_colinfo dcols[DCOL_COUNT_];

#define NPCOLS (sizeof(pcols) / sizeof(pcols[0]))
#define NDCOLS (sizeof(dcols) / sizeof(dcols[0]))
#define MAXCOLS 64

/* What a listing is narrowed to (-p, -u, --memcg, the screen's filters). */
struct oomtop_focus {
	pid_t pid;         /* 0: any */
	const char *user;  /* user name or uid; NULL: any */
	const char *memcg; /* memcg path (and below); NULL: any */
	const char *name;  /* substring of comm or cmdline; NULL: any */
};

struct oomtop {
	int cols[MAXCOLS];
	size_t ncols;
	int columns_given;
	int json, raw, noheadings, bytes, domains, all, cmdline_needed;
	int prometheus;          /* --prometheus: metrics of every domain */
	const char *output_file; /* --output-file: replaced per snapshot */
	int screen;              /* the interactive screen, not -b */
	long iterations;         /* -1: until interrupted */
	double delay;
	long limit;         /* rows per table, 0 = all */
	const char *domain; /* rank within this domain */
	struct oomkit_ctx *ctx;
	int denied_warned;
	struct oomtop_focus focus;
	int sort_col;            /* -1: the kernel's rank order */
	int sort_asc;            /* 1: ascending (default descending) */
	int want_cpu;            /* read libproc2's stat (CPU%, NICE, AGE shown) */
	int all_domains;         /* build every domain even when ranking one */
	const pid_t *score_pids; /* read oom_score of these only (the screen's
				  * shown rows), unless NULL: of all */
	size_t nscore_pids;
	char *errbuf; /* screen: snapshot errors go here, not stderr */
	size_t errsize;
};

/* One process row's cell, as text (table) or a typed JSON member. */
struct prow {
	const struct oomkit_proc *p;
	long long points;
	int reason;
	long long rank; /* 1-based, 0 when not ranked */
	long long cscore;
	unsigned long long totalpages;
	double growth;            /* RSS change, KiB per second (see growth.c) */
	int has_growth;           /* 0 until a process was seen twice */
	int cpu10;                /* CPU use in tenths of a percent, -1 unknown */
	const struct cpu_val *pc; /* libproc2's reading of it, or NULL */
};

/*
 * One reading of the system: everything a batch snapshot or a screen
 * refresh shows. The records of @tab and the domains of @set stay valid
 * until oomtop_snapshot_free().
 */
struct oomtop_snapshot {
	struct oomkit_sysmem *mem;
	struct oomkit_proc_table *tab;
	struct oomkit_domains *set;
	const struct oomkit_domain *dom; /* ranked domain; NULL with --domains */
	struct timespec when;            /* CLOCK_REALTIME of the reading */
	double mono;                     /* CLOCK_MONOTONIC seconds */
	struct oomtop_cpu *cpu;          /* per-pid CPU%, or NULL */
	struct lastkill_info {           /* the latest OOM kill in kmsg */
		long long pid;           /* -1: none seen */
		long long boot_us;       /* when, since boot */
		char comm[64];           /* raw, as logged */
		unsigned long count;     /* kills seen in the buffer */
	} kill;
	int kill_err; /* why kmsg is unread, or 0 */
};
struct oomtop_lastkill;

/* CPU use per process between two readings (cpu.c, libproc2's pids stack). */
struct oomtop_cpu {
	size_t n;
	struct cpu_val {
		pid_t pid;
		int cpu10;                /* tenths of a percent of one CPU */
		unsigned long long start; /* start time, clock ticks */
		int nice;
		double age; /* seconds since it started */
	} v[];
};
struct oomtop_cpu_reader;

#define GROWTH_SAMPLES 5 /* readings the GROWTH rate spans */

struct growth_hist {
	pid_t pid;
	unsigned comm_hash;
	unsigned long long start;
	int n;
	double t[GROWTH_SAMPLES];
	long long kb[GROWTH_SAMPLES];
};

/* RSS history by pid (growth.c); zero-initialise. */
struct oomtop_growth {
	struct growth_hist *v, *next;
	size_t n, cap, next_n, next_cap, cursor;
};

/* The rows of one listing (rows.c); zero-initialise, reused per reading. */
struct oomtop_rows {
	struct prow *v;
	size_t n, cap;
};

/* A numeric field of @p, 0 when the kernel did not give it. */
static inline long long pget(const struct oomkit_proc *p, enum oomkit_proc_item item)
{
	long long v = 0;

	oomkit_proc_get(p, item, &v);
	return v;
}

/* A string field of @p, "" when unknown (raw: escape it to show it). */
static inline const char *pstrs(const struct oomkit_proc *p, enum oomkit_proc_str item)
{
	const char *s = oomkit_proc_str(p, item);

	return s ? s : "";
}

/* The kernel version oomkit_oom_score() needs; 0 (5.9+ rules) unknown. */
static inline unsigned kver_of(struct oomkit_ctx *ctx)
{
	unsigned v = 0;

	oomkit_ctx_kernel_version(ctx, &v);
	return v;
}

/* columns.c */
void oomtop_columns_init(struct oomtop *t, const char *outarg, int list_columns);
int columns_have(const struct oomtop *t, int col);
long long pnum(const struct prow *r, int col, int *isnull);
char *pstr(const struct prow *r, int col, int *isnull);
char *pcell(const struct prow *r, int col, int raw);
char *pcell_out(const struct out *o, const struct prow *r, int col);
char *dcell_out(const struct out *o, const struct oomkit_domain *d, const struct oomkit_memcg *m,
		int col);
double share(const struct prow *r);
void domain_cell(const struct oomkit_domain *d, int c, long long *num, int *isnull, char **str);
void throttled_cell(const struct oomkit_memcg *m, int c, long long *num, int *isnull, char **str);
int memcg_throttled_only(const struct oomkit_memcg *m);
char *group_pids(const struct oomkit_domain *d);

/* growth.c */
int growth_begin(struct oomtop_growth *g, size_t count);
void growth_feed(struct oomtop_growth *g, pid_t pid, unsigned long long start, const char *comm,
		 long long kb, double now);
void growth_end(struct oomtop_growth *g);
int growth_rate(const struct oomtop_growth *g, pid_t pid, double *kbps);
void growth_update(struct oomtop_growth *g, const struct oomkit_proc_table *tab, double now);
void growth_free(struct oomtop_growth *g);

/* action.c */
int action_pin(struct oomkit_ctx *ctx, const struct oomtop_snapshot *s, pid_t pid,
	       struct oomkit_adj_target **at);
int action_gone(int rc);

/* cpu.c */
int cpu_reader_new(struct oomtop_cpu_reader **out);
struct oomtop_cpu *cpu_read(struct oomtop_cpu_reader *rd, double now, const pid_t *pids,
			    size_t npids);
const struct cpu_val *cpu_find(const struct oomtop_cpu *c, pid_t pid);
unsigned long long cpu_start(const struct oomtop_cpu *c, pid_t pid);
void cpu_reader_free(struct oomtop_cpu_reader *rd);

/* lastkill.c */
struct oomtop_lastkill *lastkill_open(const char *path);
int lastkill_poll(struct oomtop_lastkill *lk);
int lastkill_get(const struct oomtop_lastkill *lk, struct lastkill_info *info);
void lastkill_free(struct oomtop_lastkill *lk);

/* rows.c */
int rows_build(struct oomtop_rows *rows, const struct oomtop_snapshot *s,
	       const struct oomkit_domain *dom, int all, long page_size, unsigned kver,
	       const struct oomtop_growth *g);
int focus_match(const struct oomtop_focus *f, const struct prow *r);
void rows_focus(struct oomtop_rows *rows, const struct oomtop_focus *f);
void rows_sort(struct oomtop_rows *rows, int col, int asc);
int rows_find(const struct oomtop_rows *rows, pid_t pid);
void rows_free(struct oomtop_rows *rows);
int column_by_name(const struct cli_colinfo *infos, size_t n, const char *name, size_t len);
int columns_parse(const char *list, const struct cli_colinfo *infos, size_t ninfos, int *cols,
		  size_t *ncols, char *err, size_t errsize);

/* layout.c */
int layout_width(int col);
int layout_columns(const int *cols, size_t n, int width, int *widths);
char *text_fit(char *dst, size_t size, const char *src, int width, int utf8, int *cells);

/* snapshot.c */
int oomtop_snapshot_read(struct oomtop *t, struct oomtop_snapshot *s);
void oomtop_snapshot_free(struct oomtop_snapshot *s);

/* metrics.c */
void oomtop_metrics_print(struct oomtop *t, const struct oomtop_snapshot *s, FILE *out);

/* batch.c */
int oomtop_batch_run(struct oomtop *t);

/* screen.c */
int oomtop_screen_run(struct oomtop *t);

#endif
