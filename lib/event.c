/*
 * event.c - the event model: constraint, RSS and memcg of one OOM event,
 * decided once for every front end (see oomkit/event.h).
 */
#include <errno.h>
#include <string.h>

#include "oomkit/event.h"
#include "oomkit/memcg.h"
#include "report-private.h"

static const char *const constraint_names[] = {
	[OOMKIT_CONSTRAINT_UNKNOWN] = "",      [OOMKIT_CONSTRAINT_NONE] = "global",
	[OOMKIT_CONSTRAINT_CPUSET] = "cpuset", [OOMKIT_CONSTRAINT_MEMORY_POLICY] = "mempolicy",
	[OOMKIT_CONSTRAINT_MEMCG] = "memcg",
};

#define NCONSTRAINTS (sizeof(constraint_names) / sizeof(constraint_names[0]))

int oomkit_event_constraint(const struct oomkit_event *ev)
{
	/* as the kernel spells them in oom-kill:constraint= */
	static const char *const kernel_names[] = {
		[OOMKIT_CONSTRAINT_NONE] = "CONSTRAINT_NONE",
		[OOMKIT_CONSTRAINT_CPUSET] = "CONSTRAINT_CPUSET",
		[OOMKIT_CONSTRAINT_MEMORY_POLICY] = "CONSTRAINT_MEMORY_POLICY",
		[OOMKIT_CONSTRAINT_MEMCG] = "CONSTRAINT_MEMCG",
	};
	const char *c, *oom_memcg;
	long long m;
	size_t i;

	if (!ev)
		return OOMKIT_CONSTRAINT_UNKNOWN;
	c = oomkit_event_str(ev, OOMKIT_EV_CONSTRAINT);
	oom_memcg = oomkit_event_str(ev, OOMKIT_EV_OOM_MEMCG);
	/*
	 * mm/oom_kill.c:dump_oom_summary() in 5.0 and 5.1 printed
	 * CONSTRAINT_NONE for memcg OOMs too; oom_memcg= is the truth.
	 */
	if (oom_memcg && *oom_memcg)
		return OOMKIT_CONSTRAINT_MEMCG;
	if (!c) {
		/* no summary line: the kill line's prefix still tells */
		if (oomkit_event_num(ev, OOMKIT_EV_MEMCG_OOM, &m) == 0 && m == 1)
			return OOMKIT_CONSTRAINT_MEMCG;
		return OOMKIT_CONSTRAINT_UNKNOWN;
	}
	for (i = 1; i < sizeof(kernel_names) / sizeof(kernel_names[0]); i++)
		if (strcmp(c, kernel_names[i]) == 0)
			return (int)i;
	return OOMKIT_CONSTRAINT_UNKNOWN;
}

const char *oomkit_constraint_name(int c)
{
	if (c < 0 || (size_t)c >= NCONSTRAINTS)
		return "";
	return constraint_names[c];
}

int oomkit_constraint_from_name(const char *name)
{
	size_t i;

	if (!name)
		return -EINVAL;
	for (i = 1; i < NCONSTRAINTS; i++)
		if (strcmp(name, constraint_names[i]) == 0)
			return (int)i;
	return -EINVAL;
}

int oomkit_event_rss_kb(const struct oomkit_event *ev, long long *kb)
{
	static const enum oomkit_event_num parts[] = {
		OOMKIT_EV_ANON_RSS_KB,
		OOMKIT_EV_FILE_RSS_KB,
		OOMKIT_EV_SHMEM_RSS_KB,
	};
	long long sum = 0, v;
	int have = 0;
	size_t i;

	if (!ev || !kb)
		return -EINVAL;
	/*
	 * The parts come from the log line, up to LLONG_MAX each: a sum
	 * that does not fit is no real size, so it is unknown.
	 */
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if (oomkit_event_num(ev, parts[i], &v) < 0)
			continue;
		if (__builtin_add_overflow(sum, v, &sum))
			return -ERANGE;
		have = 1;
	}
	/* userspace killers give one VmRSS */
	if (!have && oomkit_event_num(ev, OOMKIT_EV_RSS_KB, &v) == 0) {
		sum = v;
		have = 1;
	}
	if (!have)
		return -ENODATA;
	*kb = sum;
	return 0;
}

const char *oomkit_event_memcg(const struct oomkit_event *ev)
{
	const char *m;

	if (!ev)
		return NULL;
	m = oomkit_event_str(ev, OOMKIT_EV_TASK_MEMCG);
	return m ? m : oomkit_event_str(ev, OOMKIT_EV_OOM_MEMCG);
}

int oomkit_event_in_memcg(const struct oomkit_event *ev, const char *memcg)
{
	if (!ev || !memcg)
		return 0;
	return oomkit_memcg_path_within(oomkit_event_str(ev, OOMKIT_EV_TASK_MEMCG), memcg) ||
	       oomkit_memcg_path_within(oomkit_event_str(ev, OOMKIT_EV_OOM_MEMCG), memcg);
}

int oomkit_event_same_invocation(const struct oomkit_event *a, const struct oomkit_event *b)
{
	/* report ids start at 1 (report-state.c); 0 is no report */
	return a && b && a->report_id && a->report_id == b->report_id;
}

int oomkit_event_same_burst(const struct oomkit_event *first, const struct oomkit_event *later)
{
	static const enum oomkit_event_num clocks[] = { OOMKIT_EV_BOOT_US, OOMKIT_EV_REALTIME_US };
	long long a, b, o1, o2;
	size_t i;

	if (!first || !later || oomkit_event_str(later, OOMKIT_EV_TRIGGER_COMM))
		return 0;
	if (oomkit_event_num(first, OOMKIT_EV_OUTCOME, &o1) < 0 || o1 != OOMKIT_OUTCOME_KILLED ||
	    oomkit_event_num(later, OOMKIT_EV_OUTCOME, &o2) < 0 || o2 != OOMKIT_OUTCOME_KILLED)
		return 0;
	if (oomkit_event_constraint(first) != oomkit_event_constraint(later) ||
	    !streq_opt(oomkit_event_str(first, OOMKIT_EV_OOM_MEMCG),
		       oomkit_event_str(later, OOMKIT_EV_OOM_MEMCG)))
		return 0;
	for (i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++)
		if (oomkit_event_num(first, clocks[i], &a) == 0 &&
		    oomkit_event_num(later, clocks[i], &b) == 0)
			return b >= a - 1000000 && b <= a + 1000000;
	return 0;
}
