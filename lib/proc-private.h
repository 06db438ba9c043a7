/*
 * proc-private.h - the process record, for liboomkit's modules only.
 */
#ifndef OOMKIT_PROC_PRIVATE_H
#define OOMKIT_PROC_PRIVATE_H

#include "oomkit/proc.h"
#include "util-private.h"

struct oomkit_proc {
	long long num[OOMKIT_PROC_ITEM_COUNT_];
	char comm[128];		/* raw bytes, unescaped from status */
	char *cmdline;		/* malloc'ed, or NULL */
	char *memcg;		/* malloc'ed, or NULL */
	const char *user;	/* table's cache, or own copy (owns_user) */
	int owns_user;
	int start_read;		/* START_TICKS is valid */
};

/* Start time in clock ticks of @p, read on demand through the context's
 * procfs root (for tie-breaking). 0 when it cannot be read. */
OOMKIT_HIDDEN unsigned long long oomkit__proc_start(struct oomkit_ctx *ctx,
						    struct oomkit_proc *p);

/* Parse the text of /proc/<pid>/status into @p. Returns 0 or -OOMKIT_EPARSE. */
OOMKIT_HIDDEN int oomkit__parse_status(const char *text, struct oomkit_proc *p);

/* Parse starttime (field 22) of a /proc/<pid>/stat text. */
OOMKIT_HIDDEN int oomkit__parse_stat_start(const char *text,
					   unsigned long long *ticks);

#endif
