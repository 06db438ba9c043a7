/*
 * action.c - what the screen's actions (k, =, [ and ]) act on, without a
 * terminal: the process of the row the user chose, pinned when the action
 * starts (screen.c keeps the target across its prompt, asks and reports).
 */
#include <errno.h>

#include "oomtop.h"

/*
 * action_pin - pin the process of @pid's row in the reading @s, for an
 * action starting now.
 *
 * The identity is the row's own: the start time of the process the row
 * was read from (oomkit_proc_start(): liboomkit's reading of stat, kept
 * only for a process that held the pid when the row was read), never
 * whatever holds the pid by now, and never "any" (0): a process that
 * started in the kernel's first tick is checked here instead, as
 * oomkit_adj_open() takes 0 for "no check".
 *
 * Returns 0 with *at the target, which the caller closes with
 * oomkit_adj_close(); -ESRCH when the row's process is gone (no such row,
 * the pid free or reused); -OOMKIT_ERACE when it was reused while being
 * pinned; other errors of oomkit_proc_start() and oomkit_adj_open().
 */
int action_pin(struct oomkit_ctx *ctx, const struct oomtop_snapshot *s, pid_t pid,
	       struct oomkit_adj_target **at)
{
	const struct oomkit_proc *p = s && s->tab ? oomkit_proc_table_find(s->tab, pid) : NULL;
	unsigned long long start;
	int rc;

	*at = NULL;
	if (!p)
		return -ESRCH;
	rc = oomkit_proc_start(ctx, p, &start);
	if (rc < 0)
		return rc;
	rc = oomkit_adj_open(ctx, pid, start, at);
	if (rc == 0 && start == 0 && oomkit_adj_start(*at) != 0) {
		oomkit_adj_close(*at);
		*at = NULL;
		rc = -OOMKIT_ERACE;
	}
	return rc;
}

/* action_gone - does @rc say the chosen process is gone (exited, pid reused)? */
int action_gone(int rc)
{
	return rc == -ESRCH || rc == -OOMKIT_ERACE;
}
