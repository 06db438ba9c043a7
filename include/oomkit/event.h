/*
 * oomkit/event.h - the event model: what one OOM event means, beyond the
 * fields the report parser read (oomkit/report.h). Every front end
 * (oomlog, oomwhy, the screen) asks these functions instead of deciding
 * the kernel's rules again.
 *
 * All functions here are pure: they read the event and nothing else.
 */
#ifndef OOMKIT_EVENT_H
#define OOMKIT_EVENT_H

#include <oomkit/common.h>
#include <oomkit/report.h>

/*
 * The OOM's constraint (mm/oom_kill.c: enum oom_constraint), which also
 * names the OOM domain: the host, a cpuset, a mempolicy or a memcg.
 */
enum oomkit_constraint {
	OOMKIT_CONSTRAINT_UNKNOWN = 0, /* the report does not tell */
	OOMKIT_CONSTRAINT_NONE,        /* global: the host's RAM and swap */
	OOMKIT_CONSTRAINT_CPUSET,
	OOMKIT_CONSTRAINT_MEMORY_POLICY,
	OOMKIT_CONSTRAINT_MEMCG,
};

/*
 * oomkit_event_constraint - the constraint of @ev's OOM.
 * Read from the summary line (oom-kill:constraint=..., 4.19+) with the
 * kernel's own exception: 5.0 and 5.1 print CONSTRAINT_NONE for memcg
 * OOMs, so an oom_memcg= naming a memcg wins. Without a summary line
 * (before 4.19, or a rate-limited header), a "Memory cgroup out of
 * memory" kill line still tells a memcg OOM.
 * Returns an enum oomkit_constraint (OOMKIT_CONSTRAINT_UNKNOWN for a NULL
 * @ev or when the report does not tell).
 */
OOMKIT_EXPORT int oomkit_event_constraint(const struct oomkit_event *ev);

/*
 * oomkit_constraint_name - a short name for @c: "global", "cpuset",
 * "mempolicy", "memcg"; "" for unknown or out-of-range values. Static
 * storage, never NULL.
 */
OOMKIT_EXPORT const char *oomkit_constraint_name(int c);

/*
 * oomkit_constraint_from_name - the inverse of oomkit_constraint_name()
 * (exact, lower case). Returns the constraint, or -EINVAL.
 */
OOMKIT_EXPORT int oomkit_constraint_from_name(const char *name);

/*
 * oomkit_event_rss_kb - the victim's resident memory when it was killed:
 * anon + file + shmem RSS from the kill line, or the one VmRSS figure of
 * a userspace killer.
 * Returns 0 and *@kb; -ENODATA when the log gives no RSS; -ERANGE when
 * the parts do not add up within a long long (no real size: a forged or
 * corrupt line), never a wrapped number.
 */
OOMKIT_EXPORT int oomkit_event_rss_kb(const struct oomkit_event *ev, long long *kb);

/*
 * oomkit_event_memcg - the victim's memory cgroup (task_memcg=), else the
 * memcg whose limit was hit (oom_memcg=), else NULL. Owned by @ev.
 */
OOMKIT_EXPORT const char *oomkit_event_memcg(const struct oomkit_event *ev);

/*
 * oomkit_event_in_memcg - did @ev's OOM happen in memory cgroup @memcg or
 * below it? Yes when the victim's memcg (task_memcg=) or the memcg whose
 * limit was hit (oom_memcg=) is @memcg or a descendant, by the rule of
 * oomkit_memcg_path_within() (whole components; "/" holds every memcg).
 * So a memcg OOM of /a that killed a task of /a/b is in /a and in /a/b;
 * a global OOM is in the victim's memcg and its ancestors only.
 * Returns 1 or 0 (0 for a NULL @ev or @memcg, or an event that names no
 * memcg).
 */
OOMKIT_EXPORT int oomkit_event_in_memcg(const struct oomkit_event *ev, const char *memcg);

/*
 * oomkit_event_same_invocation - were @a and @b printed by one OOM
 * invocation (one report: a memory.oom.group kill, a kill whose report
 * repeats)? Only events of the same parser compare; each report gets its
 * own id there. Returns 1 or 0 (0 for NULL).
 */
OOMKIT_EXPORT int oomkit_event_same_invocation(const struct oomkit_event *a,
					       const struct oomkit_event *b);

/*
 * oomkit_event_same_burst - is @later a kill of the same burst as @first:
 * both killed a process, in the same domain (constraint and memcg), at
 * most 1 s apart (boot clock, else wall clock), and @later's report has
 * no header of its own (the kernel rate-limits headers, not kill lines).
 * Returns 1 or 0 (0 for NULL or when the log gives no time to compare).
 */
OOMKIT_EXPORT int oomkit_event_same_burst(const struct oomkit_event *first,
					  const struct oomkit_event *later);

#endif
