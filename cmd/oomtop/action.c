/*
 * action.c - what the screen's actions (k, =, [ and ]) act on, without a
 * terminal: the process of a row, pinned (screen.c asks and reports).
 */
#include "oomtop.h"

/*
 * action_pin - pin process @pid of the snapshot @s for an action, in
 * @ctx's procfs. Returns oomkit_adj_open()'s result; *at is the target,
 * which the caller closes with oomkit_adj_close().
 */
int action_pin(struct oomkit_ctx *ctx, const struct oomtop_snapshot *s, pid_t pid,
	       struct oomkit_adj_target **at)
{
	unsigned long long start = s ? cpu_start(s->cpu, pid) : 0;

	return oomkit_adj_open(ctx, pid, start, at);
}
