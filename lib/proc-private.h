/*
 * proc-private.h - the process record, for liboomkit's modules only.
 */
#ifndef OOMKIT_PROC_PRIVATE_H
#define OOMKIT_PROC_PRIVATE_H

#include "oomkit/proc.h"
#include "util-private.h"

_Static_assert(OOMKIT_PROC_ITEM_COUNT_ <= 32, "struct oomkit_proc's known bits");

struct oomkit_proc {
	long long num[OOMKIT_PROC_ITEM_COUNT_];
	unsigned known;   /* bit 1 << item: num[item] was read */
	char comm[128];   /* raw bytes, unescaped from status */
	char *cmdline;    /* malloc'ed, or NULL */
	char *memcg;      /* malloc'ed, or NULL */
	const char *user; /* table's cache, or own copy (owns_user) */
	int owns_user;
	int start_read; /* START_TICKS is valid */
	/* CLOCK_BOOTTIME in clock ticks, taken just before status was read
	 * through the pinned directory (0: not read from procfs) */
	unsigned long long read_tick;
};

/* The index in @tab of record @p, which must be one of @tab's records. */
OOMKIT_HIDDEN size_t oomkit__proc_table_index(const struct oomkit_proc_table *tab,
					      const struct oomkit_proc *p);

/* An empty table, to fill with oomkit__proc_table_append() (tests). */
OOMKIT_HIDDEN struct oomkit_proc_table *oomkit__proc_table_new(void);

/*
 * A new zeroed record at the end of @tab (oom_score -1, as unread), to
 * fill in place; memcg and cmdline, when set, must be malloc'ed: the table
 * frees them. Valid until the next append. NULL (ENOMEM) on failure.
 */
OOMKIT_HIDDEN struct oomkit_proc *oomkit__proc_table_append(struct oomkit_proc_table *tab);

/*
 * Parse the text of /proc/<pid>/status into @p, including whether it is a
 * kernel thread ("Kthread: 1" on 6.x; before, no mm and kthreadd or one
 * of its children). Returns 0 or -OOMKIT_EPARSE.
 */
OOMKIT_HIDDEN int oomkit__parse_status(const char *text, struct oomkit_proc *p);

/*
 * Parse starttime (field 22) of a /proc/<pid>/stat text: the fields after
 * the LAST ')' (comm may hold ')' and spaces), one space apart; field 22
 * is digits ended by a space, a newline or the end. Returns 0 and sets
 * *ticks, or -OOMKIT_EPARSE.
 */
OOMKIT_HIDDEN int oomkit__parse_stat_start(const char *text, unsigned long long *ticks);

#endif
