/*
 * oomkit/report.h - the kernel OOM report parser.
 *
 * A streaming parser: feed it kernel log lines one by one (in log order)
 * and take OOM events out as soon as they are complete. It recognises
 * every kernel era's report (docs/kernel.md §9), lines with any of the
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
 * panic, a report cut off) is one event with no pid. What an event means
 * beyond the fields read (its constraint, RSS, memcg) is in oomkit/event.h.
 *
 * This header, by topic: what makes an event (the rules); the parser's
 * life and its input (new, feed, flush, settle, next); the event's fields
 * (outcome and killer, numbers, strings); the task table kept with it.
 * The enums are append-only: values are never renumbered or removed.
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

/* ---- What makes an event ---- */

/*
 * Which event: a "Killed process" line is a KILLED event (the report's
 * header, summary and task table fill the rest). A report whose kill line
 * is missing from the input still gives a KILLED event when its
 * "Kill process N" selection or "oom-kill:...pid=N" summary names the
 * victim; one with only a trigger line gives an INCOMPLETE event; lines
 * of a report body without a trigger, a summary or a kill never make an
 * event. A report ends at the next trigger line of the same printk
 * caller, at flush, or after 512 lines that add nothing to it.
 *
 * Event timing. A finished event is held back briefly (64 input lines) so
 * that a late oom_reaper line, a repeated kill line or a systemd unit
 * message can still be merged into it; flush and settle release it at
 * once. Duplicates: a kill line repeated for the same pid in one OOM
 * invocation (memory.oom.group prints it twice) is one event; a userspace
 * killer's repeated signal to one pid (earlyoom's SIGTERM then SIGKILL)
 * is one event.
 *
 * systemd unit messages ("foo.service: A process of this unit has been
 * killed by the OOM killer.", "Failed with result 'oom-kill'", "The kernel
 * OOM killer killed some processes in this unit.") are annotations, never
 * events: they set OOMKIT_EV_UNIT on the kernel (or oomd) event whose
 * victim memcg has that unit as a path component, if any is seen within
 * 64 lines. systemd-oomd's "Considered N cgroups for killing" survey is
 * ignored; its "Killed X due to ..." / "Marked X for killing due to ..."
 * lines are events (no pid; OOMKIT_EV_TASK_MEMCG = X).
 *
 * Time: dmesg -T, syslog and journal short clocks have no zone and are
 * taken as local time of this machine (TZ). Syslog clocks have no year:
 * OOMKIT_EV_REALTIME_US is then unknown unless oomkit_report_set_year()
 * gave one.
 */

/* ---- The parser and its input ---- */

/*
 * oomkit_report_parser_new - a parser with an empty state.
 * Returns 0, -EINVAL for a NULL @rp, or -ENOMEM. Free with
 * oomkit_report_parser_free().
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_report_parser_new(struct oomkit_report_parser **rp);

/* oomkit_report_parser_free - release @rp and the events still in it; NULL is ok. */
OOMKIT_EXPORT void oomkit_report_parser_free(struct oomkit_report_parser *rp);

/*
 * oomkit_report_feed_line - feed one line of log text as written in a
 * file (with whatever prefixes it has; a trailing newline is allowed).
 * @origin: where it came from ("kern.log:42"); copied when needed.
 * Returns 0 or -ENOMEM. Garbage is ignored, never an error.
 */
OOMKIT_EXPORT int oomkit_report_feed_line(struct oomkit_report_parser *rp, const char *line,
					  size_t len, const char *origin);

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
OOMKIT_EXPORT int oomkit_report_feed_record(struct oomkit_report_parser *rp, const char *msg,
					    size_t len, long long boot_us, long long realtime_us,
					    const char *host, const char *ident,
					    const char *origin);

/*
 * oomkit_report_feed_kmsg - oomkit_report_feed_record() for a /dev/kmsg
 * record of the kernel, with its printk caller id.
 * @caller: the record's "caller=" value ("T1234", "C0"), or NULL. With it,
 *          reports that two CPUs print at the same time are kept apart.
 * Returns 0 or -ENOMEM.
 */
OOMKIT_EXPORT int oomkit_report_feed_kmsg(struct oomkit_report_parser *rp, const char *msg,
					  size_t len, long long boot_us, long long realtime_us,
					  const char *caller, const char *origin);

/*
 * oomkit_report_set_year - the year to assume for clocks written without
 * one (syslog "Mar 19 03:42:11"); 0 (the default) leaves their
 * OOMKIT_EV_REALTIME_US unknown.
 */
OOMKIT_EXPORT void oomkit_report_set_year(struct oomkit_report_parser *rp, int year);

/*
 * oomkit_report_flush - end of input: reports still open become events
 * (INCOMPLETE when they never reached an outcome). Returns 0 or -ENOMEM.
 */
OOMKIT_EXPORT int oomkit_report_flush(struct oomkit_report_parser *rp);

/*
 * oomkit_report_settle - release every finished event now, without
 * cutting reports that are still open. Call it when the input has been
 * idle for a while (follow mode). Returns 0.
 */
OOMKIT_EXPORT int oomkit_report_settle(struct oomkit_report_parser *rp);

/*
 * OOMKIT_REPORT_SETTLE_MS - how long a live input must stay quiet before
 * oomkit_report_settle() may release the events held back without losing
 * their late lines: longer than the oom_reaper waits after a kill
 * (OOM_REAPER_DELAY, 2 s, since 5.18) before it reaps and prints
 * "oom_reaper: reaped process N".
 */
#define OOMKIT_REPORT_SETTLE_MS 3000

/*
 * oomkit_report_next - take the next finished event, oldest first.
 * Returns 0 and sets *ev (the caller frees it with oomkit_event_free()),
 * or 1 when none is ready.
 */
OOMKIT_EXPORT int oomkit_report_next(struct oomkit_report_parser *rp, struct oomkit_event **ev);

/* ---- The event ---- */

enum oomkit_event_outcome {
	OOMKIT_OUTCOME_KILLED,         /* a process was killed */
	OOMKIT_OUTCOME_NO_KILLABLE,    /* "Out of memory and no killable processes" */
	OOMKIT_OUTCOME_PANIC,          /* panic_on_oom or "System is deadlocked" */
	OOMKIT_OUTCOME_INCOMPLETE,     /* report cut off before its outcome */
	OOMKIT_OUTCOME_VICTIM_EXITING, /* "OOM victim N (c) is already exiting.
					* Skip killing the task": PID is that
					* victim, nothing new was killed */
};

/* What the allocating task was doing, from its call trace (TRACE_PATH). */
enum oomkit_trace_path {
	OOMKIT_TRACE_NONE = 0,
	OOMKIT_TRACE_PAGE_FAULT, /* handle_mm_fault(): a page fault */
	OOMKIT_TRACE_FILE_FAULT, /* filemap_fault(): a page-cache fault (thrashing) */
	OOMKIT_TRACE_FORK,       /* copy_process(): fork (kernel stack, page tables) */
	OOMKIT_TRACE_SLAB,       /* kmem_cache_alloc(), __kmalloc(): a slab object */
};

enum oomkit_event_killer {
	OOMKIT_KILLER_KERNEL,
	OOMKIT_KILLER_EARLYOOM,
	OOMKIT_KILLER_SYSTEMD_OOMD,
	OOMKIT_KILLER_OOMD,
};

/* Numeric fields: oomkit_event_num() gives -ENODATA when the log did not say. */
enum oomkit_event_num {
	OOMKIT_EV_PID,         /* victim pid */
	OOMKIT_EV_UID,         /* victim uid */
	OOMKIT_EV_OUTCOME,     /* enum oomkit_event_outcome */
	OOMKIT_EV_KILLER,      /* enum oomkit_event_killer */
	OOMKIT_EV_BOOT_US,     /* time since boot, microseconds */
	OOMKIT_EV_REALTIME_US, /* wall clock, microseconds since the epoch */
	OOMKIT_EV_TOTAL_VM_KB,
	OOMKIT_EV_ANON_RSS_KB,
	OOMKIT_EV_FILE_RSS_KB,
	OOMKIT_EV_SHMEM_RSS_KB,
	OOMKIT_EV_PGTABLES_KB,
	OOMKIT_EV_OOM_SCORE_ADJ,   /* victim's adj (kill line, else task table) */
	OOMKIT_EV_TRIGGER_PID,     /* allocating task's pid (stack dump/summary) */
	OOMKIT_EV_TRIGGER_ADJ,     /* oom_score_adj on the trigger line */
	OOMKIT_EV_ORDER,           /* allocation order; -1 for sysrq-f */
	OOMKIT_EV_GFP_MASK,        /* numeric gfp_mask */
	OOMKIT_EV_REAPED_ANON_KB,  /* anon-rss after the oom_reaper */
	OOMKIT_EV_SCORE,           /* "score N" of old kill lines */
	OOMKIT_EV_REAPED_FILE_KB,  /* file-rss after the oom_reaper */
	OOMKIT_EV_REAPED_SHMEM_KB, /* shmem-rss after the oom_reaper */
	OOMKIT_EV_REAP_FAILED,     /* 1: "oom_reaper: unable to reap" */
	OOMKIT_EV_OOM_GROUP,       /* 1: killed with its memory.oom.group */
	OOMKIT_EV_MEMCG_OOM,       /* 1 memcg OOM, 0 global/cpuset/mempolicy */
	OOMKIT_EV_RSS_KB,          /* total RSS (earlyoom's VmRSS) */
	OOMKIT_EV_TRIGGER_OOM_ADJ, /* legacy oom_adj= / oomkilladj= */
	OOMKIT_EV_SELECTED_PID,    /* "Kill process N": the task chosen,
				    * which may differ from the child
				    * that was killed (<= 5.0) */
	OOMKIT_EV_MEMCG_USAGE_KB,  /* "memory: usage N" */
	OOMKIT_EV_MEMCG_LIMIT_KB,  /* "memory: ... limit N" */
	OOMKIT_EV_MEMCG_FAILCNT,
	OOMKIT_EV_MEMCG_SWAP_USAGE_KB, /* "swap:" (v2) / "memory+swap:" (v1) */
	OOMKIT_EV_MEMCG_SWAP_LIMIT_KB,
	OOMKIT_EV_SWAP_FREE_KB,  /* "Free swap  = N" (global report) */
	OOMKIT_EV_SWAP_TOTAL_KB, /* "Total swap = N" */
	OOMKIT_EV_TASKS_TOTAL,   /* task table rows seen (kept rows are
				  * capped, see oomkit_event_task_count) */
	OOMKIT_EV_YEAR_INFERRED, /* 1: the log did not write the year of
				  * REALTIME_US (syslog); it was inferred
				  * from the file's or today's date, never
				  * giving a time after it */
	/*
	 * Where the memory was, as the report's memory state printed it
	 * (docs/kernel.md §9.3). A global OOM's show_mem(): */
	OOMKIT_EV_RAM_PAGES,       /* "N pages RAM" */
	OOMKIT_EV_RESERVED_PAGES,  /* "N pages reserved" */
	OOMKIT_EV_PAGECACHE_PAGES, /* "N total pagecache pages" */
	OOMKIT_EV_MI_FREE,         /* Mem-Info summary, in pages: free: */
	OOMKIT_EV_MI_ACTIVE_ANON,
	OOMKIT_EV_MI_INACTIVE_ANON,
	OOMKIT_EV_MI_ACTIVE_FILE,
	OOMKIT_EV_MI_INACTIVE_FILE,
	OOMKIT_EV_MI_SHMEM,
	OOMKIT_EV_MI_SLAB_RECLAIMABLE,
	OOMKIT_EV_MI_SLAB_UNRECLAIMABLE,
	OOMKIT_EV_MI_MAPPED,
	OOMKIT_EV_MI_PAGETABLES,
	OOMKIT_EV_MI_FREE_CMA,
	OOMKIT_EV_ZONES,           /* per-zone lines read ("Node 0 DMA32
				    * free:NkB ... min:NkB ...") */
	OOMKIT_EV_ZONES_FREE_KB,   /* sum of their free: */
	OOMKIT_EV_ZONES_MIN_KB,    /* sum of their min: watermarks */
	OOMKIT_EV_ZONES_BELOW_MIN, /* zones whose free < min */
	OOMKIT_EV_HUGEPAGES_KB,    /* sum of hugepages_total * size */
	/* a memcg OOM's "Memory cgroup stats for X:" keys, in kB (v1
	 * total_* when printed, else the local key): */
	OOMKIT_EV_MEMCG_ANON_KB,         /* v2 anon, v1 rss */
	OOMKIT_EV_MEMCG_FILE_KB,         /* v2 file, v1 cache */
	OOMKIT_EV_MEMCG_SHMEM_KB,        /* shmem */
	OOMKIT_EV_MEMCG_MAPPED_KB,       /* v2 file_mapped, v1 mapped_file */
	OOMKIT_EV_MEMCG_SWAP_KB,         /* v1 swap */
	OOMKIT_EV_MEMCG_KERNEL_KB,       /* v2 kernel (5.18+) */
	OOMKIT_EV_MEMCG_KERNEL_STACK_KB, /* v2 kernel_stack */
	OOMKIT_EV_MEMCG_PGTABLES_KB,     /* v2 pagetables */
	OOMKIT_EV_MEMCG_SLAB_UNRECL_KB,  /* v2 slab_unreclaimable */
	OOMKIT_EV_MEMCG_SOCK_KB,         /* v2 sock */
	/*
	 * Which line gave MEMCG_SWAP_USAGE_KB/LIMIT_KB: 1 "memory+swap:"
	 * (cgroup v1: memory and swap together), 0 "swap:" (v2: swap alone).
	 */
	OOMKIT_EV_MEMCG_MEMSW,
	OOMKIT_EV_TASK_COLUMNS_UNKNOWN, /* 1: the task table's header names a
					 * column no upstream kernel prints
					 * (a patched kernel): its rows are
					 * counted (TASKS_TOTAL) but not read */
	OOMKIT_EV_SYSRQ,                /* 1: a manual OOM: "SysRq : Manual OOM
					 * execution" just before the header,
					 * or order=-1 */
	OOMKIT_EV_PANIC_COMPULSORY,     /* 1: "compulsory panic_on_oom is
					 * enabled" (vm.panic_on_oom=2) */
	/* per-zone lines by kind of zone (docs/kernel.md §9.3) */
	OOMKIT_EV_LOW_ZONES,           /* DMA, DMA32 and Normal zones read */
	OOMKIT_EV_LOW_ZONES_BELOW_MIN, /* of those, free < min */
	OOMKIT_EV_LOW_FREE_KB,         /* their free: */
	OOMKIT_EV_HIGHMEM_FREE_KB,     /* free: of HighMem zones (32-bit) */
	OOMKIT_EV_MOVABLE_FREE_KB,     /* free: of Movable zones */
	/* the buddy lists ("Node 0 Normal: 12*4kB 3*8kB ... = 72kB") */
	OOMKIT_EV_BUDDY_FREE_KB,     /* their totals, every zone */
	OOMKIT_EV_BUDDY_ORDER_OK_KB, /* free in blocks of at least the
				      * allocation's order (ORDER) */
	OOMKIT_EV_TASK_HEADER,       /* 1: a task table header was read
				      * (rows may still be missing) */
	OOMKIT_EV_TRACE_PATH,        /* enum oomkit_trace_path: what the
				      * call trace shows the task doing */
	OOMKIT_EV_NUM_COUNT_
};

/* String fields: oomkit_event_str() gives NULL when the log did not say. */
enum oomkit_event_str {
	OOMKIT_EV_COMM,         /* victim comm, raw bytes as logged */
	OOMKIT_EV_CONSTRAINT,   /* "CONSTRAINT_MEMCG" etc., from oom-kill: */
	OOMKIT_EV_OOM_MEMCG,    /* memcg whose limit was hit */
	OOMKIT_EV_TASK_MEMCG,   /* victim's memcg */
	OOMKIT_EV_TRIGGER_COMM, /* comm before "invoked oom-killer" */
	OOMKIT_EV_GFP_TEXT,     /* gfp_mask as printed, e.g. 0xcc0(GFP_KERNEL) */
	OOMKIT_EV_NODEMASK,
	OOMKIT_EV_CPUSET,
	OOMKIT_EV_HOST,          /* syslog/journal host name */
	OOMKIT_EV_TIME_TEXT,     /* the line prefix as written */
	OOMKIT_EV_SOURCE,        /* origin of the kill line: "file:line",
				  * "kmsg:seq", "journal:cursor" */
	OOMKIT_EV_KILL_PREFIX,   /* "Out of memory", "Memory cgroup out of
				  * memory", ... as on the kill line */
	OOMKIT_EV_SELECTED_COMM, /* comm on the "Kill process" line */
	OOMKIT_EV_MEMS_ALLOWED,
	OOMKIT_EV_STATS_MEMCG,    /* "Memory cgroup stats for X:" */
	OOMKIT_EV_GROUP_MEMCG,    /* "Tasks in X are going to be killed
				   * due to memory.oom.group set" */
	OOMKIT_EV_UNIT,           /* systemd unit that reported the OOM
				   * kill (annotation, see the rules at
				   * the top) */
	OOMKIT_EV_REASON,         /* userspace killer's reason text */
	OOMKIT_EV_KERNEL_VERSION, /* "6.1.0-18-amd64" from the stack dump's
				   * "CPU: .. Comm: x Not tainted V" (or
				   * "Tainted: G W V", 2.6's "Pid: N,
				   * comm: x Not tainted V") */
	OOMKIT_EV_STR_COUNT_
};

/* oomkit_event_free - release an event taken with oomkit_report_next(); NULL is ok. */
OOMKIT_EXPORT void oomkit_event_free(struct oomkit_event *ev);

/* oomkit_event_num - 0 and *val, or -ENODATA when the log did not say. */
OOMKIT_EXPORT int oomkit_event_num(const struct oomkit_event *ev, enum oomkit_event_num item,
				   long long *val);

/* oomkit_event_str - the string, owned by @ev, or NULL when not known. */
OOMKIT_EXPORT const char *oomkit_event_str(const struct oomkit_event *ev,
					   enum oomkit_event_str item);

/*
 * oomkit_outcome_name / oomkit_killer_name - the names of enum values as
 * the commands print them and use them in JSON ("killed", "no-killable",
 * "panic", "incomplete", "victim-exiting"; "kernel", "earlyoom",
 * "systemd-oomd", "oomd"). Static strings, never NULL: "unknown" for a
 * value out of range.
 */
OOMKIT_EXPORT const char *oomkit_outcome_name(enum oomkit_event_outcome o);
OOMKIT_EXPORT const char *oomkit_killer_name(enum oomkit_event_killer k);

/* ---- The task table kept with an event ---- */

/* Columns of the task table ("[ pid ] uid tgid total_vm rss ..."). */
enum oomkit_task_num {
	OOMKIT_TASK_PID,
	OOMKIT_TASK_UID,
	OOMKIT_TASK_TGID,
	OOMKIT_TASK_TOTAL_VM,       /* pages */
	OOMKIT_TASK_RSS,            /* pages */
	OOMKIT_TASK_RSS_ANON,       /* pages, 6.8+ */
	OOMKIT_TASK_RSS_FILE,       /* pages, 6.8+ */
	OOMKIT_TASK_RSS_SHMEM,      /* pages, 6.8+ */
	OOMKIT_TASK_PGTABLES_BYTES, /* bytes, 4.15+ */
	OOMKIT_TASK_NR_PTES,        /* page-table pages, <= 4.14 */
	OOMKIT_TASK_NR_PMDS,
	OOMKIT_TASK_NR_PUDS,
	OOMKIT_TASK_SWAPENTS, /* pages */
	OOMKIT_TASK_CPU,      /* <= 3.x */
	OOMKIT_TASK_OOM_ADJ,  /* legacy column, <= 3.x */
	OOMKIT_TASK_OOM_SCORE_ADJ,
	OOMKIT_TASK_NUM_COUNT_
};

/*
 * oomkit_event_task_count - rows of the task table kept with @ev (0 when
 * the report had none). At most 4096 rows are kept per report;
 * OOMKIT_EV_TASKS_TOTAL counts them all. Events of one report (a
 * memory.oom.group kill) share the same rows.
 */
OOMKIT_EXPORT size_t oomkit_event_task_count(const struct oomkit_event *ev);

/*
 * oomkit_event_task_num - 0 and *val for row @row's column @item;
 * -ENODATA when that column was not printed; -ERANGE for a bad @row.
 */
OOMKIT_EXPORT int oomkit_event_task_num(const struct oomkit_event *ev, size_t row,
					enum oomkit_task_num item, long long *val);

/* oomkit_event_task_name - row @row's name (raw bytes), or NULL. */
OOMKIT_EXPORT const char *oomkit_event_task_name(const struct oomkit_event *ev, size_t row);

#ifdef __cplusplus
}
#endif
#endif
