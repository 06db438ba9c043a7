/*
 * oomtop.h - what the files of oomtop share: the control struct, the
 * column tables and the cross-file functions.
 *
 * columns.c   the process and domain columns, and the value of each cell
 * snapshot.c  one reading of memory, processes and OOM domains
 * batch.c     batch mode (-b): a snapshot as a table, raw or JSON
 * main.c      options, then wiring
 *
 * Nothing here draws: an interactive screen goes beside batch.c and reads
 * the same snapshots and cells.
 */
#ifndef OOMTOP_H
#define OOMTOP_H

#include <stddef.h>

#include "oomkit/oomkit.h"
#include "cli.h"

enum {
	COL_PID, COL_PPID, COL_USER, COL_UID, COL_STATE, COL_ADJ, COL_SCORE,
	COL_CSCORE, COL_BADNESS, COL_SHARE, COL_RANK, COL_RSS, COL_ANON,
	COL_FILE, COL_SHMEM, COL_SWAP, COL_PTE, COL_MEMCG, COL_ELIGIBLE,
	COL_COMMAND, COL_CMDLINE, COL_CONTEXT,
};

extern const struct cli_colinfo pcols[COL_CONTEXT + 1];

enum {
	DCOL_DOMAIN, DCOL_TYPE, DCOL_LIMIT, DCOL_USAGE, DCOL_HEADROOM,
	DCOL_KILLS, DCOL_MEMBERS, DCOL_TOTALPAGES, DCOL_VICTIM, DCOL_VCOMM,
	DCOL_VBADNESS, DCOL_RUNNER, DCOL_RCOMM, DCOL_RBADNESS, DCOL_MARGIN,
};

extern const struct cli_colinfo dcols[DCOL_MARGIN + 1];

#define NPCOLS (sizeof(pcols) / sizeof(pcols[0]))
#define NDCOLS (sizeof(dcols) / sizeof(dcols[0]))
#define MAXCOLS 64

struct oomtop {
	int cols[MAXCOLS];
	size_t ncols;
	int columns_given;
	int json, raw, noheadings, domains, all, cmdline_needed;
	long iterations;	/* -1: until interrupted */
	double delay;
	long limit;		/* rows per table, 0 = all */
	const char *domain;	/* rank within this domain */
	struct oomkit_ctx *ctx;
	int denied_warned;
};

/* One process row's cell, as text (table) or a typed JSON member. */
struct prow {
	const struct oomkit_proc *p;
	long long points;
	int reason;
	long long rank;		/* 1-based, 0 when not ranked */
	long long cscore;
	unsigned long long totalpages;
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
	const struct oomkit_domain *dom;	/* ranked domain; NULL with --domains */
};

/* columns.c */
void oomtop_columns_init(struct oomtop *t, const char *outarg, int list_columns);
void human_kb(char *buf, size_t size, long long kb);
long long pnum(const struct prow *r, int col, int *isnull);
char *pstr(const struct prow *r, int col, int *isnull);
double share(const struct prow *r);
void domain_cell(const struct oomkit_domain *d, int c, long long *num,
		 int *isnull, char **str);

/* snapshot.c */
int oomtop_snapshot_read(struct oomtop *t, struct oomtop_snapshot *s);
void oomtop_snapshot_free(struct oomtop_snapshot *s);

/* batch.c */
int oomtop_batch_run(struct oomtop *t);

#endif
