/*
 * oomkit/proc.h - the process table: one record per process with the
 * fields the OOM killer's decisions use.
 *
 * Records come from <procfs>/<pid>/{status,oom_score,oom_score_adj,cgroup}
 * (and cmdline, stat when asked for), each process read through one
 * directory fd opened once, so a pid reused mid-read is never mixed with
 * its predecessor. A process that vanishes between two reads is skipped
 * silently. Permission problems (hidepid, another user's files) are
 * counted, not reported per process.
 *
 * Memory values are in KiB as /proc/<pid>/status gives them.
 *
 * Items follow the getter rule of oomkit/common.h: oomkit_proc_get() gives
 * -ENODATA and oomkit_proc_str() NULL for what was not read (a file that
 * could not be read, a line the kernel does not print, a flag not given).
 */
#ifndef OOMKIT_PROC_H
#define OOMKIT_PROC_H

#include <sys/types.h>
#include <oomkit/common.h>
#include <oomkit/ctx.h>

#ifdef __cplusplus
extern "C" {
#endif

struct oomkit_proc;
struct oomkit_proc_table;

/* What to read besides the always-read fields (flags for the readers). */
enum oomkit_proc_flags {
	OOMKIT_PROC_CMDLINE = 1 << 0,      /* read /proc/<pid>/cmdline */
	OOMKIT_PROC_START = 1 << 1,        /* read start time from stat */
	OOMKIT_PROC_USER = 1 << 2,         /* resolve uid to a user name */
	OOMKIT_PROC_KTHREADS = 1 << 3,     /* keep kernel threads in the table */
	OOMKIT_PROC_NO_OOM_SCORE = 1 << 4, /* leave oom_score unread (it is then
					    * -ENODATA): see
					    * oomkit_proc_table_read_scores() */
};

/* Numeric fields of a process record. */
enum oomkit_proc_item {
	OOMKIT_PROC_PID,           /* status: Tgid (the process id) */
	OOMKIT_PROC_PPID,          /* status: PPid */
	OOMKIT_PROC_UID,           /* status: Uid, the real uid (owner of the
				    * /proc files is the euid: see EUID) */
	OOMKIT_PROC_EUID,          /* status: Uid, second field */
	OOMKIT_PROC_STATE,         /* status: State, the letter (R, S, D, Z...) */
	OOMKIT_PROC_THREADS,       /* status: Threads */
	OOMKIT_PROC_RSS_ANON_KB,   /* status: RssAnon (kB) */
	OOMKIT_PROC_RSS_FILE_KB,   /* status: RssFile (kB) */
	OOMKIT_PROC_RSS_SHMEM_KB,  /* status: RssShmem (kB) */
	OOMKIT_PROC_RSS_KB,        /* status: VmRSS (kB) */
	OOMKIT_PROC_SWAP_KB,       /* status: VmSwap (kB) */
	OOMKIT_PROC_PTE_KB,        /* status: VmPTE (kB) */
	OOMKIT_PROC_VSIZE_KB,      /* status: VmSize (kB) */
	OOMKIT_PROC_OOM_SCORE,     /* oom_score, the kernel's value */
	OOMKIT_PROC_OOM_SCORE_ADJ, /* oom_score_adj, -1000..1000 */
	OOMKIT_PROC_HAS_MM,        /* 1 if status has Vm* lines (an mm), else 0;
				    * without an mm the memory items above are
				    * known and 0 */
	OOMKIT_PROC_KTHREAD,       /* 1 for a kernel thread */
	OOMKIT_PROC_START_TICKS,   /* stat: starttime in clock ticks (read
				    * with OOMKIT_PROC_START only) */
	OOMKIT_PROC_PIDNS_CHILD,   /* 1 when the procfs numbers a pid
				    * namespace other than the initial one
				    * (a container's /proc): its pid 1 is
				    * then not the host's init and the OOM
				    * killer may choose it; 0 for the
				    * initial namespace, a fixture root, or
				    * when it cannot be told */
	OOMKIT_PROC_ITEM_COUNT_
};

/* String fields of a process record. */
enum oomkit_proc_str {
	OOMKIT_PROC_COMM,        /* status: Name, unescaped by oomkit (raw bytes
				  * as the task set them, NUL-terminated) */
	OOMKIT_PROC_CMDLINE_STR, /* cmdline, NULs replaced by spaces (read
				  * with OOMKIT_PROC_CMDLINE only); ""
				  * for kernel threads and zombies */
	OOMKIT_PROC_USER_STR,    /* user name of UID, or the number (read
				  * with OOMKIT_PROC_USER only) */
	OOMKIT_PROC_MEMCG,       /* memory cgroup path relative to the memcg
				  * hierarchy root ("/" for the root), as the
				  * kernel prints it in OOM reports */
};

/*
 * oomkit_proc_table_read - read every process under the procfs root.
 * @ctx:   the context (not retained beyond the call).
 * @flags: OOMKIT_PROC_* flags.
 * @out:   receives the table; free with oomkit_proc_table_free().
 *
 * Kernel threads are left out unless OOMKIT_PROC_KTHREADS is given.
 * Returns the number of processes read (>= 0), or -errno when the procfs
 * root itself cannot be opened (-ENOENT: not mounted).
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_proc_table_read(struct oomkit_ctx *ctx, unsigned flags,
						    struct oomkit_proc_table **out);

/*
 * oomkit_proc_table_read_scores - oomkit_proc_table_read() that reads the
 * kernel's oom_score only for some processes.
 * @pids:  the processes whose oom_score is read (any order, duplicates and
 *         pids that do not exist are fine); NULL when @npids is 0.
 * @npids: how many.
 *
 * oom_score is a display figure (the kernel's own badness scaled to
 * 0..1000): no oomkit decision reads it, but the kernel computes it for
 * each read. A caller showing a few processes of many (a screen) reads it
 * for those only; every other item is read as oomkit_proc_table_read()
 * reads it. OOMKIT_PROC_OOM_SCORE of the others is -ENODATA.
 * @flags as oomkit_proc_table_read() (OOMKIT_PROC_NO_OOM_SCORE is implied).
 * Returns as oomkit_proc_table_read(); -EINVAL for a NULL @pids with a
 * non-zero @npids; -ENOMEM.
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_proc_table_read_scores(struct oomkit_ctx *ctx, unsigned flags,
							   const pid_t *pids, size_t npids,
							   struct oomkit_proc_table **out);

/* oomkit_proc_table_free - free a table and all its records; NULL is ok. */
OOMKIT_EXPORT void oomkit_proc_table_free(struct oomkit_proc_table *tab);

/* oomkit_proc_table_count - the number of records in @tab. */
OOMKIT_EXPORT size_t oomkit_proc_table_count(const struct oomkit_proc_table *tab);

/*
 * oomkit_proc_table_get - record @i (0-based, in pid order).
 * The record is owned by the table and lives as long as it does.
 * Returns NULL (errno ERANGE) when @i is out of range.
 */
OOMKIT_EXPORT const struct oomkit_proc *oomkit_proc_table_get(const struct oomkit_proc_table *tab,
							      size_t i);

/*
 * oomkit_proc_table_find - the record of process @pid, or NULL (errno
 * ENOENT). Owned by the table.
 */
OOMKIT_EXPORT const struct oomkit_proc *oomkit_proc_table_find(const struct oomkit_proc_table *tab,
							       pid_t pid);

/*
 * oomkit_proc_table_denied - how many processes could not be read because
 * of EACCES/EPERM (hidepid, another user's files). The caller may warn
 * once. 0 when everything was readable.
 */
OOMKIT_EXPORT unsigned oomkit_proc_table_denied(const struct oomkit_proc_table *tab);

/*
 * oomkit_proc_read - read one process.
 * @pid: the process (a thread id is not resolved: see oomkit_proc_tgid()).
 * @out: receives a record the caller frees with oomkit_proc_free().
 *
 * Returns 0; -ESRCH when the process does not exist or vanished while
 * being read; -EACCES when it cannot be read; other -errno.
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_proc_read(struct oomkit_ctx *ctx, pid_t pid, unsigned flags,
					      struct oomkit_proc **out);

/*
 * oomkit_proc_read_at - read one process through @piddir, a directory fd
 * on /proc/<pid> the caller opened and keeps (it is not closed): every
 * file is read relative to it, so a pinned process is never confused with
 * a later one that reuses its pid.
 * Returns and sets *out as oomkit_proc_read().
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_proc_read_at(struct oomkit_ctx *ctx, int piddir, unsigned flags,
						 struct oomkit_proc **out);

/* oomkit_proc_free - free a record from oomkit_proc_read(); NULL is ok. */
OOMKIT_EXPORT void oomkit_proc_free(struct oomkit_proc *p);

/*
 * oomkit_proc_get - a numeric field of a record.
 * @val: receives the value (may be NULL to test whether it is known); left
 *       unchanged on error.
 * Returns 0; -ENODATA when the item was not read (see the items: the pid,
 * OOMKIT_PROC_HAS_MM, OOMKIT_PROC_KTHREAD and OOMKIT_PROC_PIDNS_CHILD are
 * always known); -EINVAL for a NULL @p or an item out of range.
 */
OOMKIT_EXPORT int oomkit_proc_get(const struct oomkit_proc *p, enum oomkit_proc_item item,
				  long long *val);

/* oomkit_proc_pid - the process id of record @p (always known; 0 for NULL). */
OOMKIT_EXPORT pid_t oomkit_proc_pid(const struct oomkit_proc *p);

/*
 * oomkit_proc_start - the start time (stat field 22, clock ticks since
 * boot) of the process record @p was read from: what a caller that acts on
 * a record later (a screen's row, chosen seconds after it was read) hands
 * to oomkit_adj_open() as @expect_start, so that it pins that process and
 * no other that has its pid by then.
 * @ctx:   the context @p was read with (its procfs root); may be NULL for
 *         a record read with OOMKIT_PROC_START.
 * @ticks: receives the start time.
 *
 * A record read with OOMKIT_PROC_START holds it (no I/O). Otherwise
 * <procfs>/<pid>/stat is read now, through a directory fd opened for the
 * read, and on a live procfs kept only when that process started before
 * @p was read: it held the pid then, and a pid has one holder, so it is
 * @p's process. One that started later reuses the pid of a process that
 * is gone. A fixture tree (not a procfs) has no pid reuse: its stat is
 * taken as it is. A process started in the clock tick @p was read in
 * counts as a newcomer (ticks are 10 ms at the usual 100 Hz).
 * Returns 0; -ESRCH when @p's process is gone (the pid is free, or held
 * by a newcomer); -ENODATA for a record not read from a procfs, or a NULL
 * @ctx with one read without OOMKIT_PROC_START; -OOMKIT_EPARSE;
 * -EINVAL for a NULL @p or @ticks; other -errno.
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_proc_start(struct oomkit_ctx *ctx, const struct oomkit_proc *p,
					       unsigned long long *ticks);

/*
 * oomkit_proc_str - a string field, owned by the record; NULL when it was
 * not read (errno is then not set), or for a NULL @p or an unknown item
 * (errno EINVAL). OOMKIT_PROC_COMM is always known. The bytes are as the
 * kernel gave them: escape them with oomkit_escape() before showing them
 * on a terminal.
 */
OOMKIT_EXPORT const char *oomkit_proc_str(const struct oomkit_proc *p, enum oomkit_proc_str item);

/*
 * oomkit_proc_tgid - the process (thread group) id that thread @tid
 * belongs to, from <procfs>/<tid>/status Tgid. Returns 0 and sets *tgid,
 * or -ESRCH / -errno.
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_proc_tgid(struct oomkit_ctx *ctx, pid_t tid, pid_t *tgid);

#ifdef __cplusplus
}
#endif
#endif
