/*
 * oomkit/report.h - the kernel OOM report parser.
 *
 * A streaming parser: feed it kernel log lines one by one (in log order)
 * and take OOM events out as soon as they are complete. It recognises
 * every kernel era's report (docs kernel-oom.md §4), lines with any of the
 * usual prefixes (dmesg, dmesg -T, printk caller ids, syslog, journalctl,
 * mail quoting, line numbers, grep file names) and userspace OOM killers'
 * kill lines. It never invents an event from garbage. Memory use is bounded
 * whatever the input size.
 *
 * Typical use:
 *	struct oomkit_report_parser *rp;
 *	struct oomkit_event *ev;
 *	oomkit_report_parser_new(&rp);
 *	while (getline(...))
 *		oomkit_report_feed_line(rp, line, len, "kern.log:42");
 *		while (oomkit_report_next(rp, &ev) == 0) { ...; oomkit_event_free(ev); }
 *	oomkit_report_flush(rp);
 *	while (oomkit_report_next(rp, &ev) == 0) ...
 *	oomkit_report_parser_free(rp);
 *
 * One event is one OOM invocation outcome: each killed process is its own
 * event; an invocation that killed nothing ("no killable processes", a
 * panic, a report cut off) is one event with no pid.
 *
 * OWNER: report parser. Fields may be appended; never renumber.
 */
#ifndef OOMKIT_REPORT_H
#define OOMKIT_REPORT_H

#include <stddef.h>
#include <oomkit/common.h>

#ifdef __cplusplus
extern "C" {
#endif

struct oomkit_report_parser;
struct oomkit_event;

enum oomkit_event_outcome {
	OOMKIT_OUTCOME_KILLED,		/* a process was killed */
	OOMKIT_OUTCOME_NO_KILLABLE,	/* "Out of memory and no killable processes" */
	OOMKIT_OUTCOME_PANIC,		/* panic_on_oom or "System is deadlocked" */
	OOMKIT_OUTCOME_INCOMPLETE,	/* report cut off before its outcome */
};

enum oomkit_event_killer {
	OOMKIT_KILLER_KERNEL,
	OOMKIT_KILLER_EARLYOOM,
	OOMKIT_KILLER_SYSTEMD_OOMD,
	OOMKIT_KILLER_OOMD,
};

/* Numeric fields: oomkit_event_num() gives -ENODATA when the log did not say. */
enum oomkit_event_num {
	OOMKIT_EV_PID,			/* victim pid */
	OOMKIT_EV_UID,			/* victim uid */
	OOMKIT_EV_OUTCOME,		/* enum oomkit_event_outcome */
	OOMKIT_EV_KILLER,		/* enum oomkit_event_killer */
	OOMKIT_EV_BOOT_US,		/* time since boot, microseconds */
	OOMKIT_EV_REALTIME_US,		/* wall clock, microseconds since the epoch */
	OOMKIT_EV_TOTAL_VM_KB,
	OOMKIT_EV_ANON_RSS_KB,
	OOMKIT_EV_FILE_RSS_KB,
	OOMKIT_EV_SHMEM_RSS_KB,
	OOMKIT_EV_PGTABLES_KB,
	OOMKIT_EV_OOM_SCORE_ADJ,	/* victim's adj (kill line, else task table) */
	OOMKIT_EV_TRIGGER_PID,		/* allocating task's pid (stack dump/summary) */
	OOMKIT_EV_TRIGGER_ADJ,		/* oom_score_adj on the trigger line */
	OOMKIT_EV_ORDER,		/* allocation order; -1 for sysrq-f */
	OOMKIT_EV_GFP_MASK,		/* numeric gfp_mask */
	OOMKIT_EV_REAPED_ANON_KB,	/* anon-rss after the oom_reaper */
	OOMKIT_EV_SCORE,		/* "score N" of old kill lines */
	OOMKIT_EV_NUM_COUNT_
};

/* String fields: oomkit_event_str() gives NULL when the log did not say. */
enum oomkit_event_str {
	OOMKIT_EV_COMM,			/* victim comm, raw bytes as logged */
	OOMKIT_EV_CONSTRAINT,		/* "CONSTRAINT_MEMCG" etc., from oom-kill: */
	OOMKIT_EV_OOM_MEMCG,		/* memcg whose limit was hit */
	OOMKIT_EV_TASK_MEMCG,		/* victim's memcg */
	OOMKIT_EV_TRIGGER_COMM,		/* comm before "invoked oom-killer" */
	OOMKIT_EV_GFP_TEXT,		/* gfp_mask as printed, e.g. 0xcc0(GFP_KERNEL) */
	OOMKIT_EV_NODEMASK,
	OOMKIT_EV_CPUSET,
	OOMKIT_EV_HOST,			/* syslog/journal host name */
	OOMKIT_EV_TIME_TEXT,		/* the line prefix as written */
	OOMKIT_EV_SOURCE,		/* origin of the kill line: "file:line",
					 * "kmsg:seq", "journal:cursor" */
	OOMKIT_EV_STR_COUNT_
};

/*
 * oomkit_report_parser_new - a parser with an empty state.
 * Returns 0 or -ENOMEM. Free with oomkit_report_parser_free().
 */
OOMKIT_EXPORT int oomkit_report_parser_new(struct oomkit_report_parser **rp);
OOMKIT_EXPORT void oomkit_report_parser_free(struct oomkit_report_parser *rp);

/*
 * oomkit_report_feed_line - feed one line of log text as written in a
 * file (with whatever prefixes it has; a trailing newline is allowed).
 * @origin: where it came from ("kern.log:42"); copied when needed.
 * Returns 0 or -ENOMEM. Garbage is ignored, never an error.
 */
OOMKIT_EXPORT int oomkit_report_feed_line(struct oomkit_report_parser *rp,
					  const char *line, size_t len,
					  const char *origin);

/*
 * oomkit_report_feed_record - feed one kernel message that a structured
 * source already split from its metadata (/dev/kmsg, the journal).
 * @boot_us:     monotonic time since boot in microseconds, or -1.
 * @realtime_us: wall-clock time in microseconds since the epoch, or -1.
 * @host:        host name or NULL.
 * @ident:       the journal's SYSLOG_IDENTIFIER / _COMM for userspace
 *               killers (earlyoom, systemd-oomd, systemd), or NULL for the
 *               kernel.
 * Returns 0 or -ENOMEM.
 */
OOMKIT_EXPORT int oomkit_report_feed_record(struct oomkit_report_parser *rp,
					    const char *msg, size_t len,
					    long long boot_us,
					    long long realtime_us,
					    const char *host, const char *ident,
					    const char *origin);

/*
 * oomkit_report_flush - end of input: reports still open become events
 * (INCOMPLETE when they never reached an outcome). Returns 0 or -ENOMEM.
 */
OOMKIT_EXPORT int oomkit_report_flush(struct oomkit_report_parser *rp);

/*
 * oomkit_report_next - take the next finished event, oldest first.
 * Returns 0 and sets *ev (the caller frees it with oomkit_event_free()),
 * or 1 when none is ready.
 */
OOMKIT_EXPORT int oomkit_report_next(struct oomkit_report_parser *rp,
				     struct oomkit_event **ev);

OOMKIT_EXPORT void oomkit_event_free(struct oomkit_event *ev);

/* oomkit_event_num - 0 and *val, or -ENODATA when the log did not say. */
OOMKIT_EXPORT int oomkit_event_num(const struct oomkit_event *ev,
				   enum oomkit_event_num item, long long *val);

/* oomkit_event_str - the string, owned by @ev, or NULL when not known. */
OOMKIT_EXPORT const char *oomkit_event_str(const struct oomkit_event *ev,
					   enum oomkit_event_str item);

/* Names for enum values as used in JSON ("killed", "earlyoom", ...). */
OOMKIT_EXPORT const char *oomkit_outcome_name(enum oomkit_event_outcome o);
OOMKIT_EXPORT const char *oomkit_killer_name(enum oomkit_event_killer k);

#ifdef __cplusplus
}
#endif
#endif
