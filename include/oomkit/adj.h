/*
 * oomkit/adj.h - read and write a process's oom_score_adj safely.
 *
 * A target is one process, pinned before anything is read or written:
 *  - a pidfd (pidfd_open(2), 5.3+) taken first, and
 *  - the /proc/<pid> directory, opened once through the context's procfs
 *    root and used for every later read and for the write.
 * After the directory is opened the pidfd is checked to be still alive, and
 * its fdinfo "Pid:" line, read through the same procfs, to be the number
 * the directory was opened by, so the directory provably belongs to the
 * pidfd's process. A procfs of another pid namespace than the caller's
 * (unshare -p without a new /proc, nsenter into a container's mount
 * namespace only, a bind-mounted host /proc) numbers processes otherwise:
 * it is refused with -EXDEV, at open and again before every write, because
 * the same pid there can be another process. Every later read
 * through the directory fails with ESRCH once that process is gone, even if
 * its pid has been reused; the start time (stat field 22) is re-read and
 * compared before each write as a second check.
 *
 * Only oom_score_adj is written, never the legacy, lossy oom_adj (see
 * docs/kernel.md §7.3). A write is verified by reading the value back.
 *
 * Typical use:
 *	struct oomkit_adj_target *t;
 *	int old, now;
 *	if (oomkit_adj_open(ctx, pid, 0, &t) < 0) ...
 *	rc = oomkit_adj_write(t, 500, &old, &now);
 *	if (rc == -EACCES)
 *		... oomkit_adj_denial(t) says why ...
 *	oomkit_adj_close(t);
 *
 * Targets are not thread-safe; distinct targets may be used from distinct
 * threads.
 */
#ifndef OOMKIT_ADJ_H
#define OOMKIT_ADJ_H

#include <sys/types.h>
#include <oomkit/common.h>
#include <oomkit/ctx.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The kernel's range for oom_score_adj (OOM_SCORE_ADJ_MIN/MAX). */
#define OOMKIT_ADJ_MIN (-1000)
#define OOMKIT_ADJ_MAX 1000

struct oomkit_adj_target;

/* Why a write failed with -EACCES. */
enum oomkit_adj_denial {
	OOMKIT_ADJ_DENIED_NONE = 0,    /* no permission failure (yet) */
	OOMKIT_ADJ_DENIED_NOT_OWNER,   /* oom_score_adj could not be opened
					* for writing: the process belongs to
					* another user (or is not dumpable) */
	OOMKIT_ADJ_DENIED_BELOW_FLOOR, /* the write itself was refused: the
					* value is below the process's
					* oom_score_adj_min and the caller
					* lacks CAP_SYS_RESOURCE */
};

/*
 * oomkit_adj_open - pin process @pid.
 * @ctx:          the context; its procfs root is used. A pidfd is taken
 *                only when the root is "/proc" (a fixture tree has no
 *                processes to pin).
 * @pid:          a process id (a thread group leader: resolve thread ids
 *                with oomkit_proc_tgid() first).
 * @expect_start: the start time (clock ticks since boot, stat field 22)
 *                the caller saw when it chose this pid, or 0 to accept
 *                whatever process has the pid now.
 * @out:          receives the target; free it with oomkit_adj_close().
 *
 * Returns 0; -ESRCH when there is no such process or it exited while being
 * pinned; -OOMKIT_ERACE when @expect_start is given and the process now
 * using @pid started at another time (the pid was reused); -EXDEV when the
 * procfs root is a procfs of another pid namespace than the caller's (its
 * "self" link is not getpid()) or the pidfd's process has another pid
 * there than @pid (see oomkit_adj_check_procfs()); -EINVAL for a
 * pid <= 0 or a thread id that is not a process (pidfd_open refuses it);
 * -EACCES when /proc/<pid> cannot be read (hidepid); -ENOMEM; other -errno.
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_adj_open(struct oomkit_ctx *ctx, pid_t pid,
					     unsigned long long expect_start,
					     struct oomkit_adj_target **out);

/*
 * oomkit_adj_check_procfs - may @ctx's procfs root be used to act on the
 * caller's pids? A procfs shows the pids of the namespace it was mounted
 * in; its "self" link must name getpid(), else the same number there can
 * be another process. A root that is not a procfs (a fixture tree) passes.
 * oomkit_adj_open() and every check before a write do this themselves; a
 * front end calls it first to refuse once rather than for each process.
 * Returns 0; -EXDEV when the procfs belongs to another pid namespace (or
 * the caller is not visible in it); -errno when the root cannot be opened.
 * oomkit_adj_explain(NULL, -EXDEV, ...) says why in words.
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_adj_check_procfs(const struct oomkit_ctx *ctx);

/* oomkit_adj_close - close the fds and free @t; NULL is accepted. */
OOMKIT_EXPORT void oomkit_adj_close(struct oomkit_adj_target *t);

/* oomkit_adj_pid - the pid @t was opened for. */
OOMKIT_EXPORT pid_t oomkit_adj_pid(const struct oomkit_adj_target *t);

/*
 * oomkit_adj_pidfd - the target's pidfd, owned by @t, or -1 when none was
 * taken (fixture root, or a kernel before 5.3).
 */
OOMKIT_EXPORT int oomkit_adj_pidfd(const struct oomkit_adj_target *t);

/*
 * oomkit_adj_dirfd - the pinned /proc/<pid> directory fd, owned by @t (do
 * not close it); -1 for a NULL @t.
 */
OOMKIT_EXPORT int oomkit_adj_dirfd(const struct oomkit_adj_target *t);

/* oomkit_adj_start - the start time (clock ticks) read when pinning. */
OOMKIT_EXPORT unsigned long long oomkit_adj_start(const struct oomkit_adj_target *t);

/*
 * oomkit_adj_inode - the pidfs inode number of the target's pidfd
 * (kernel 6.9+): unique for the life of the system, so "pid:inode" names
 * one process race-free (as util-linux kill(1) accepts it).
 * Returns 0 and sets *ino; -OOMKIT_EUNSUPPORTED when the kernel's pidfds
 * are not on pidfs (before 6.9) or there is no pidfd; -errno.
 */
OOMKIT_EXPORT int oomkit_adj_inode(const struct oomkit_adj_target *t, unsigned long long *ino);

/*
 * oomkit_adj_check - is the target still the process that was pinned?
 * Checks the pidfd (pidfd_send_signal(2) with signal 0), that the procfs
 * is still the caller's pid namespace's and the pidfd's process still has
 * the pinned pid in it, and re-reads the start time through the pinned
 * directory.
 * Returns 0; -ESRCH when it has exited; -EXDEV (see oomkit_adj_open());
 * -OOMKIT_ERACE when the start time differs; other -errno.
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_adj_check(struct oomkit_adj_target *t);

/*
 * oomkit_adj_read - read oom_score_adj through the pinned directory.
 * Returns 0 and sets *adj; -ESRCH when the process is gone;
 * -OOMKIT_EPARSE; other -errno.
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_adj_read(struct oomkit_adj_target *t, int *adj);

/*
 * oomkit_adj_read_score - read the kernel's oom_score through the pinned
 * directory. Returns 0 and sets *score, or an error as oomkit_adj_read().
 */
OOMKIT_EXPORT int oomkit_adj_read_score(struct oomkit_adj_target *t, long long *score);

/*
 * oomkit_adj_comm - the target's command name (/proc/<pid>/comm read
 * through the pinned directory, without its newline): raw bytes as the
 * task set them; escape them with oomkit_escape() before showing them.
 * @buf/@size: receives the NUL-terminated name ("" when it cannot be read).
 * Returns 0; -ERANGE when @buf is too small (a truncated name is stored);
 * -ESRCH when the process is gone; -EINVAL; other -errno.
 */
OOMKIT_EXPORT int oomkit_adj_comm(struct oomkit_adj_target *t, char *buf, size_t size);

/*
 * oomkit_adj_owner - the uid owning /proc/<pid>/oom_score_adj (the task's
 * euid, or 0 for a process that is not dumpable). Returns 0 or -errno.
 */
OOMKIT_EXPORT int oomkit_adj_owner(struct oomkit_adj_target *t, uid_t *uid);

/*
 * oomkit_adj_write - set oom_score_adj to @value.
 * @old: receives the value read just before the write (may be NULL).
 * @now: receives the value read back after it (may be NULL).
 *
 * Order: range check; read the old value; open oom_score_adj for writing
 * through the pinned directory; oomkit_adj_check(); write one decimal
 * string; close; read back.
 * Returns 0 when the value read back equals @value; -EXDEV as
 * oomkit_adj_check() (nothing is written);
 * -EINVAL when @value is outside OOMKIT_ADJ_MIN..OOMKIT_ADJ_MAX (nothing
 * is written); -EACCES when refused, with oomkit_adj_denial() telling
 * which of the two causes; -ESRCH when the process is gone;
 * -OOMKIT_ERACE when it changed identity; -EIO when the value read back
 * differs from @value (another writer raced us); other -errno.
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_adj_write(struct oomkit_adj_target *t, int value, int *old,
					      int *now);

/* oomkit_adj_denial - why the last oomkit_adj_write() got -EACCES. */
OOMKIT_EXPORT enum oomkit_adj_denial oomkit_adj_denial(const struct oomkit_adj_target *t);

/*
 * oomkit_adj_explain - why an oomkit_adj_write() or oomkit_adj_can_access()
 * on @t failed with @err, in words for a person, so that every front end
 * (oomadj, oomtop's adjust action) says the same thing:
 *  - -EACCES, not the owner: "Permission denied: the process belongs to
 *    uid 0 (root), and WHO runs as uid 65534 (nobody) without the right to
 *    change another user's processes";
 *  - -EACCES, below the floor: "Permission denied: the value is below the
 *    process's floor (oom_score_adj_min, ...), and lowering below it needs
 *    CAP_SYS_RESOURCE, which WHO does not have" (or "has", when the caller
 *    has it and the kernel refused anyway); when oomkit_adj_can_access()
 *    predicted it (a dry run: the floor cannot be read), "lowering
 *    oom_score_adj from OLD to VALUE needs CAP_SYS_RESOURCE, which WHO does
 *    not have";
 *  - -EXDEV: "the procfs belongs to another pid namespace than WHO's,
 *    where a pid can name another process (mount a procfs of WHO's pid
 *    namespace, e.g. with unshare --mount-proc)";
 *  - -ESRCH, -OOMKIT_ERACE, -EIO (with the value read back), -EINVAL (with
 *    the range), anything else through oomkit_strerror().
 * @t:     the target, or NULL for an error without one (from
 *         oomkit_adj_open() or oomkit_adj_check_procfs()): -EXDEV, -ESRCH
 *         and -OOMKIT_ERACE are then explained, others by oomkit_strerror().
 * @value: the value that was being written.
 * @who:   how to name the caller ("oomadj"); NULL gives "the caller".
 * @buf/@size: receives the NUL-terminated text (no trailing period),
 *         truncated to fit.
 * Returns the length of the full text (as snprintf(3)), or -EINVAL when
 * @buf is NULL with a non-zero @size. Uses getpwuid_r(3); safe to call
 * from several threads on distinct targets.
 */
OOMKIT_EXPORT int oomkit_adj_explain(const struct oomkit_adj_target *t, int err, int value,
				     const char *who, char *buf, size_t size);

/*
 * oomkit_adj_explain_clamp - words for a relative change that
 * oomkit_adj_clamp() had to clamp: "OLD +DELTA is outside -1000..1000,
 * clamped to VALUE". oomkit_adj_explain_thread - words for a thread id
 * given where a process is meant (oom_score_adj belongs to the thread
 * group, signal_struct): "TID is a thread of process TGID: oom_score_adj
 * belongs to the whole process, so process TGID is used".
 * @buf/@size: as oomkit_adj_explain(). Return as oomkit_adj_explain().
 */
OOMKIT_EXPORT int oomkit_adj_explain_clamp(int old, long long delta, int value, char *buf,
					   size_t size);
OOMKIT_EXPORT int oomkit_adj_explain_thread(pid_t tid, pid_t tgid, char *buf, size_t size);

/* What oomkit_adj_notes() is told about a change. */
struct oomkit_adj_change {
	int value;               /* the value set (read back), or that would be */
	int dry_run;             /* nothing was written: others "would get" it */
	const char *unit;        /* the process's service, as from
				  * oomkit_adj_systemd_unit(); NULL for none,
				  * or to leave the service note out */
	int unit_user;           /* @unit runs under a user manager */
	const char *dropin_hint; /* for a system service: how the caller
				  * writes the drop-in, added in parentheses
				  * to that note; NULL for nothing */
};

/*
 * oomkit_adj_notes - the consequences of setting oom_score_adj of @t to
 * @c->value, in words for a person (one sentence each, no trailing period),
 * so that every front end (oomadj, oomtop's adjust action) says the same:
 *  - the value has no effect: @t is a kernel thread, the global init, or
 *    has exited (oomkit_adj_never_chosen());
 *  - the processes sharing @t's memory map (oomkit_adj_mm_sharers(); up
 *    to 16 are named) get the same value, as the kernel copies it;
 *  - -1000 makes @t unkillable, and an OOM domain with only unkillable
 *    processes panics the kernel (global OOM) or fails the allocation
 *    (memcg OOM);
 *  - the value is lost when @c->unit restarts: systemd sets
 *    OOMScoreAdjust= at each start, so it is kept with a drop-in.
 * Failures to find sharers or eligibility leave those notes out.
 * @notes: receives a NULL-terminated array of strings, in the order above,
 *         which the caller frees with oomkit_strv_free() (oomkit/common.h).
 * Returns the number of notes (0 with an empty array), -EINVAL for a NULL
 * argument, or -ENOMEM; *notes is NULL on error.
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_adj_notes(struct oomkit_ctx *ctx, struct oomkit_adj_target *t,
					      const struct oomkit_adj_change *c, char ***notes);

/*
 * oomkit_adj_can_access - would the write be allowed, without writing?
 * (for dry runs). Checks that oom_score_adj can be opened for writing
 * (faccessat with the effective ids) and, when @value is below the current
 * value and below 0, whether the caller has CAP_SYS_RESOURCE. The real
 * floor (oom_score_adj_min) is not visible from user space, so a value
 * below the current one but >= 0 is assumed allowed.
 * Returns 0 when allowed, -EACCES (with oomkit_adj_denial() set) when it
 * would be refused, or -errno.
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_adj_can_access(struct oomkit_adj_target *t, int value);

/*
 * oomkit_adj_has_sys_resource - does the calling thread have
 * CAP_SYS_RESOURCE in its effective set (capget(2))?
 * Returns 1, 0, or -errno.
 */
OOMKIT_EXPORT int oomkit_adj_has_sys_resource(void);

/*
 * oomkit_adj_clamp - @value clamped to OOMKIT_ADJ_MIN..OOMKIT_ADJ_MAX.
 * Returns the clamped value; *clamped (may be NULL) is set to 1 when it
 * had to be changed, else 0.
 */
OOMKIT_EXPORT int oomkit_adj_clamp(long long value, int *clamped);

/*
 * oomkit_adj_mm_sharers - other processes that share the target's memory
 * map (clone(CLONE_VM) without CLONE_THREAD): the kernel copies every
 * oom_score_adj write to them (4.8+), except to vfork children, init and
 * kernel threads.
 * @ctx:  the context (its procfs root is scanned for candidates).
 * @pids: caller's array receiving up to @max pids (other than the target).
 * Found with kcmp(2) KCMP_VM against every process, which needs
 * ptrace-read access to both. A target without an mm of its own (a
 * zombie, an exiting process, a kernel thread: no VmRSS in its status)
 * shares nothing: 0.
 * Returns the number found (may exceed @max: only @max are stored);
 * -OOMKIT_EUNSUPPORTED without kcmp (CONFIG_KCMP=n) or a pidfd; -errno.
 */
OOMKIT_EXPORT int oomkit_adj_mm_sharers(struct oomkit_ctx *ctx, struct oomkit_adj_target *t,
					pid_t *pids, size_t max);

/*
 * oomkit_adj_never_chosen - is the target a process the OOM killer never
 * chooses, whatever its oom_score_adj (mm/oom_kill.c
 * oom_unkillable_task() and oom_badness(); docs/kernel.md §5)?
 * Read through the pinned directory's status:
 *  - OOMKIT_INELIGIBLE_KTHREAD: a kernel thread ("Kthread: 1", or, before
 *    that line existed, kthreadd or a child of it without an mm);
 *  - OOMKIT_INELIGIBLE_INIT: pid 1 when the caller's pid namespace is the
 *    initial one (the global init; pid 1 of a child namespace can be
 *    chosen). For a fixture root, pid 1 counts as the global init;
 *  - OOMKIT_INELIGIBLE_NO_MM: no mm (a zombie, or exiting), and no other
 *    live thread that could hold one.
 * oom_score_adj -1000 is not reported: it is the value itself.
 * Returns 0 when none applies, one of the values above (> 0), -ESRCH when
 * the process is gone, other -errno.
 */
OOMKIT_EXPORT int oomkit_adj_never_chosen(struct oomkit_adj_target *t);

/*
 * oomkit_adj_systemd_unit - the systemd service the target belongs to,
 * from /proc/<pid>/cgroup read through the pinned directory, by systemd's
 * own rule on the "name=systemd" (v1) or "0::" (v2) path: "*.slice"
 * components are skipped and the first other component is the unit;
 * everything below it belongs to that unit. When that unit is
 * user@UID.service, the same rule below it gives the unit of that user's
 * manager. A "*.service" nested below a scope or another service (a
 * container's own systemd, a delegated subtree) is not a unit of the
 * system's or a user's manager, and is not returned.
 * @buf/@size: receives the unit name ("foo.service").
 * @user:      set to 1 when the unit runs under a user manager
 *             (user@UID.service is an ancestor), else 0 (may be NULL).
 * Returns 0; -ENOENT when the process is not in a service (its unit is a
 * scope, a session or a container, or the path has no unit, like "/" or
 * cgroupfs-driver "/kubepods/burstable"; no systemd hierarchy); -ERANGE when
 * @buf is too small; -ESRCH;
 * -errno.
 */
OOMKIT_EXPORT int oomkit_adj_systemd_unit(struct oomkit_adj_target *t, char *buf, size_t size,
					  int *user);

/*
 * oomkit_adj_unit_name_valid - is @name a unit name systemd could have
 * given? systemd.unit(5) allows ASCII letters, digits, ":", "-", "_",
 * ".", "\\" (escapes) and "@" (instances), and no leading ".". A cgroup
 * path is hostile text: a name with any other byte is not a unit to write
 * a drop-in for, nor to print raw.
 * Returns 1 or 0 (0 for NULL or "").
 */
OOMKIT_EXPORT int oomkit_adj_unit_name_valid(const char *name);

#ifdef __cplusplus
}
#endif
#endif
