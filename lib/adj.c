/*
 * adj.c - read and write oom_score_adj through a pinned process
 * (see include/oomkit/adj.h, and docs/kernel.md §7 and §8).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/kcmp.h>

#include "oomkit/adj.h"
#include "oomkit/domain.h"
#include "oomkit/memcg.h"
#include "adj-private.h"
#include "ctx-private.h"
#include "proc-private.h"
#include "util-private.h"

#ifndef PID_FS_MAGIC
#define PID_FS_MAGIC 0x50494446
#endif
#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC 0x9fa0
#endif

struct oomkit_adj_target {
	pid_t pid;
	int pidfd;                /* -1 when none */
	int rootfd;               /* the procfs root; -1 for a fixture */
	int dirfd;                /* /proc/<pid>, pinned */
	unsigned long long start; /* stat field 22 at pin time */
	enum oomkit_adj_denial denial;
	int predicted; /* denial comes from oomkit_adj_can_access() */
	int from;      /* the value then: what a write would lower */
	int readback;  /* last value read after a write */
};

/* ESRCH and ENOENT on a per-process file both mean "gone". */
static int gone(int rc)
{
	return rc == -ENOENT ? -ESRCH : rc;
}

static int sys_pidfd_open(pid_t pid)
{
#ifdef SYS_pidfd_open
	long fd = syscall(SYS_pidfd_open, pid, 0);

	return fd < 0 ? -errno : (int)fd;
#else
	(void)pid;
	return -ENOSYS;
#endif
}

/* 0 when alive, -ESRCH when exited, -ENOSYS when not available. */
static int pidfd_alive(int pidfd)
{
#ifdef SYS_pidfd_send_signal
	if (syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) == 0)
		return 0;
	/* EPERM: it exists, we are just not allowed to signal it */
	return errno == EPERM ? 0 : -errno;
#else
	(void)pidfd;
	return -ENOSYS;
#endif
}

static int read_start(int dirfd, unsigned long long *ticks)
{
	/* stat is bounded: 52 numeric fields plus a 16-byte comm (64 with
	 * the 6.x "comm may be longer for kthreads" rule); 1 KiB is ample */
	char buf[1024];
	ssize_t n = oomkit__read_at(dirfd, "stat", buf, sizeof(buf));

	if (n < 0)
		return n == -EFBIG ? -OOMKIT_EPARSE : gone((int)n);
	return oomkit__parse_stat_start(buf, ticks);
}

static int is_live_proc(const struct oomkit_ctx *ctx)
{
	return strcmp(ctx->proc_root, "/proc") == 0;
}

/* Is @fd on a procfs (as opposed to a fixture tree)? 1, 0 or -errno. */
static int is_procfs(int fd)
{
	struct statfs sfs;

	if (fstatfs(fd, &sfs) < 0)
		return -errno;
	return (unsigned long)sfs.f_type == PROC_SUPER_MAGIC;
}

/*
 * A procfs shows the pids of the pid namespace it was mounted in, which
 * need not be the caller's (unshare -p without a new /proc, nsenter into
 * a container's mount namespace only, a bind-mounted host /proc). Its
 * "self" link names the caller in that namespace: the caller's own pid
 * only when the namespaces agree; another number, or nothing at all
 * (ENOENT) when the caller is not visible there.
 * Returns 0 when @rootfd's procfs is the caller's, -EXDEV when not,
 * other -errno.
 */
static int procfs_is_ours(int rootfd)
{
	char link[32], want[32];
	ssize_t n;

	n = readlinkat(rootfd, "self", link, sizeof(link) - 1);
	if (n < 0)
		return errno == ENOENT ? -EXDEV : -errno;
	link[n] = '\0';
	snprintf(want, sizeof(want), "%d", (int)getpid());
	return strcmp(link, want) == 0 ? 0 : -EXDEV;
}

/*
 * The pidfd and the directory are one process: the "Pid:" line of the
 * pidfd's fdinfo, read through the same procfs, is the pidfd's process as
 * numbered in that procfs's pid namespace (0 when it is not visible there,
 * -1 once it has exited). It must be the number the directory was opened
 * by. Kernels without the line (before 5.4) rely on procfs_is_ours().
 * Returns 0, -ESRCH when the process has exited, -EXDEV when the pidfd's
 * process has another number there, other -errno.
 */
static int pidfd_matches(int rootfd, int pidfd, pid_t pid)
{
	char name[64], buf[1024];
	const char *p;
	long long v;
	ssize_t n;

	snprintf(name, sizeof(name), "self/fdinfo/%d", pidfd);
	n = oomkit__read_at(rootfd, name, buf, sizeof(buf));
	if (n == -ENOENT)
		return -EXDEV; /* "self" is not us there */
	if (n < 0 && n != -EFBIG)
		return (int)n;
	p = oomkit__find_key(buf, "Pid", ':');
	if (!p)
		return 0;
	if (oomkit__parse_ll(&p, &v) < 0)
		return -OOMKIT_EPARSE;
	if (v == -1)
		return -ESRCH;
	return v == (long long)pid ? 0 : -EXDEV;
}

/* Both identity checks that need a live procfs (see oomkit_adj_open). */
static int same_namespace(const struct oomkit_adj_target *t)
{
	int rc;

	if (t->rootfd < 0)
		return 0;
	rc = procfs_is_ours(t->rootfd);
	if (rc == 0 && t->pidfd >= 0)
		rc = pidfd_matches(t->rootfd, t->pidfd, t->pid);
	return rc;
}

int oomkit_adj_check_procfs(const struct oomkit_ctx *ctx)
{
	int fd, rc;

	if (!ctx)
		return -EINVAL;
	fd = open(ctx->proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = is_procfs(fd);
	if (rc == 1)
		rc = procfs_is_ours(fd);
	close(fd);
	return rc < 0 ? rc : 0;
}

int oomkit_adj_open(struct oomkit_ctx *ctx, pid_t pid, unsigned long long expect_start,
		    struct oomkit_adj_target **out)
{
	struct oomkit_adj_target *t;
	char path[PATH_MAX];
	int rc, n;

	if (!ctx || !out || pid <= 0)
		return -EINVAL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->pid = pid;
	t->pidfd = -1;
	t->rootfd = -1;
	t->dirfd = -1;

	/* 0. the procfs must number processes as the caller does; a root
	 * that cannot be opened fails below, where the directory is */
	t->rootfd = open(ctx->proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (t->rootfd >= 0 && is_procfs(t->rootfd) != 1) {
		close(t->rootfd); /* a fixture tree */
		t->rootfd = -1;
	}
	if (t->rootfd >= 0) {
		rc = procfs_is_ours(t->rootfd);
		if (rc < 0)
			goto fail;
	}
	/* 1. the pidfd first: it names this very process */
	if (is_live_proc(ctx)) {
		rc = sys_pidfd_open(pid);
		if (rc >= 0)
			t->pidfd = rc;
		else if (rc != -ENOSYS)
			goto fail; /* ESRCH, or EINVAL for a non-leader */
	}
	/* 2. the directory, in the procfs just checked */
	if (t->rootfd >= 0)
		n = snprintf(path, sizeof(path), "%d", (int)pid);
	else
		n = snprintf(path, sizeof(path), "%s/%d", ctx->proc_root, (int)pid);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		rc = -ENAMETOOLONG;
		goto fail;
	}
	t->dirfd = openat(t->rootfd >= 0 ? t->rootfd : AT_FDCWD, path,
			  O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (t->dirfd < 0) {
		rc = gone(-errno);
		goto fail;
	}
	/* 3. the identity, read through the directory */
	rc = read_start(t->dirfd, &t->start);
	if (rc < 0)
		goto fail;
	/* 4. the pidfd's process is still alive, so the directory opened
	 * after it cannot belong to a successor using the same pid */
	if (t->pidfd >= 0) {
		rc = pidfd_alive(t->pidfd);
		if (rc < 0 && rc != -ENOSYS)
			goto fail;
	}
	/* 5. and the directory's pid is the pidfd's process's pid there */
	rc = same_namespace(t);
	if (rc < 0)
		goto fail;
	if (expect_start && expect_start != t->start) {
		rc = -OOMKIT_ERACE;
		goto fail;
	}
	*out = t;
	return 0;
fail:
	oomkit_adj_close(t);
	return rc;
}

void oomkit_adj_close(struct oomkit_adj_target *t)
{
	if (!t)
		return;
	if (t->pidfd >= 0)
		close(t->pidfd);
	if (t->rootfd >= 0)
		close(t->rootfd);
	if (t->dirfd >= 0)
		close(t->dirfd);
	free(t);
}

pid_t oomkit_adj_pid(const struct oomkit_adj_target *t)
{
	return t ? t->pid : 0;
}

int oomkit_adj_pidfd(const struct oomkit_adj_target *t)
{
	return t ? t->pidfd : -1;
}

int oomkit_adj_dirfd(const struct oomkit_adj_target *t)
{
	return t ? t->dirfd : -1;
}

unsigned long long oomkit_adj_start(const struct oomkit_adj_target *t)
{
	return t ? t->start : 0;
}

int oomkit_adj_inode(const struct oomkit_adj_target *t, unsigned long long *ino)
{
	struct statfs sfs;
	struct stat st;

	if (!t || !ino)
		return -EINVAL;
	if (t->pidfd < 0)
		return -OOMKIT_EUNSUPPORTED;
	if (fstatfs(t->pidfd, &sfs) < 0)
		return -errno;
	/* before 6.9 a pidfd is an anon inode shared by all of them */
	if ((unsigned long)sfs.f_type != PID_FS_MAGIC)
		return -OOMKIT_EUNSUPPORTED;
	if (fstat(t->pidfd, &st) < 0)
		return -errno;
	*ino = (unsigned long long)st.st_ino;
	return 0;
}

int oomkit_adj_check(struct oomkit_adj_target *t)
{
	unsigned long long now;
	int rc;

	if (!t)
		return -EINVAL;
	if (t->pidfd >= 0) {
		rc = pidfd_alive(t->pidfd);
		if (rc < 0 && rc != -ENOSYS)
			return rc;
	}
	rc = same_namespace(t);
	if (rc < 0)
		return rc;
	rc = read_start(t->dirfd, &now);
	if (rc < 0)
		return rc;
	return now == t->start ? 0 : -OOMKIT_ERACE;
}

static int read_ll(struct oomkit_adj_target *t, const char *name, long long *v)
{
	char buf[64];
	ssize_t n;

	n = oomkit__read_at(t->dirfd, name, buf, sizeof(buf));
	if (n < 0)
		return n == -EFBIG ? -OOMKIT_EPARSE : gone((int)n);
	if (n == 0) /* an exiting task can give an empty read */
		return -ESRCH;
	if (oomkit__parse_ll_full(buf, v) < 0)
		return -OOMKIT_EPARSE;
	return 0;
}

int oomkit_adj_read(struct oomkit_adj_target *t, int *adj)
{
	long long v;
	int rc;

	if (!t || !adj)
		return -EINVAL;
	rc = read_ll(t, "oom_score_adj", &v);
	if (rc < 0)
		return rc;
	if (v < OOMKIT_ADJ_MIN || v > OOMKIT_ADJ_MAX)
		return -OOMKIT_EPARSE;
	*adj = (int)v;
	return 0;
}

int oomkit_adj_read_score(struct oomkit_adj_target *t, long long *score)
{
	if (!t || !score)
		return -EINVAL;
	return read_ll(t, "oom_score", score);
}

int oomkit_adj_comm(struct oomkit_adj_target *t, char *buf, size_t size)
{
	ssize_t n;

	if (!t || !buf || !size)
		return -EINVAL;
	n = oomkit__read_at(t->dirfd, "comm", buf, size);
	if (n < 0 && n != -EFBIG) {
		buf[0] = '\0';
		return gone((int)n);
	}
	if (n == 0) /* an exiting task can give an empty read */
		return -ESRCH;
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return n == -EFBIG ? -ERANGE : 0;
}

int oomkit_adj_owner(struct oomkit_adj_target *t, uid_t *uid)
{
	struct stat st;

	if (!t || !uid)
		return -EINVAL;
	if (fstatat(t->dirfd, "oom_score_adj", &st, 0) < 0)
		return gone(-errno);
	*uid = st.st_uid;
	return 0;
}

int oomkit_adj_clamp(long long value, int *clamped)
{
	int c = 0;

	if (value < OOMKIT_ADJ_MIN) {
		value = OOMKIT_ADJ_MIN;
		c = 1;
	} else if (value > OOMKIT_ADJ_MAX) {
		value = OOMKIT_ADJ_MAX;
		c = 1;
	}
	if (clamped)
		*clamped = c;
	return (int)value;
}

int oomkit_adj_has_sys_resource(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = 0,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) < 0)
		return -errno;
	return (data[CAP_TO_INDEX(CAP_SYS_RESOURCE)].effective & CAP_TO_MASK(CAP_SYS_RESOURCE)) ?
		       1 :
		       0;
}

/* Write all of @s to @fd in one write(2): procfs parses each write
 * separately, so a short write would be a different number. */
static int write_value(int fd, const char *s)
{
	size_t len = strlen(s);
	ssize_t n;

	do
		n = write(fd, s, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if ((size_t)n != len)
		return -EIO;
	return 0;
}

int oomkit_adj_write(struct oomkit_adj_target *t, int value, int *old, int *now)
{
	char num[16];
	int fd, rc, before, after;

	if (!t)
		return -EINVAL;
	t->denial = OOMKIT_ADJ_DENIED_NONE;
	t->predicted = 0;
	if (value < OOMKIT_ADJ_MIN || value > OOMKIT_ADJ_MAX)
		return -EINVAL;
	rc = oomkit_adj_read(t, &before);
	if (rc < 0)
		return rc;
	if (old)
		*old = before;

	fd = openat(t->dirfd, "oom_score_adj", O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = gone(-errno);
		if (rc == -EACCES || rc == -EPERM) {
			t->denial = OOMKIT_ADJ_DENIED_NOT_OWNER;
			rc = -EACCES;
		}
		return rc;
	}
	/* last check right before the write: still the same process? */
	rc = oomkit_adj_check(t);
	if (rc < 0) {
		close(fd);
		return rc;
	}
	snprintf(num, sizeof(num), "%d", value);
	rc = write_value(fd, num);
	if (close(fd) < 0 && rc == 0 && errno != EINTR)
		rc = -errno;
	if (rc < 0) {
		if (rc == -EACCES || rc == -EPERM) {
			t->denial = OOMKIT_ADJ_DENIED_BELOW_FLOOR;
			rc = -EACCES;
		}
		return gone(rc);
	}
	rc = oomkit_adj_read(t, &after);
	if (rc < 0)
		return rc;
	t->readback = after;
	if (now)
		*now = after;
	return after == value ? 0 : -EIO;
}

enum oomkit_adj_denial oomkit_adj_denial(const struct oomkit_adj_target *t)
{
	return t ? t->denial : OOMKIT_ADJ_DENIED_NONE;
}

/* "0 (root)", or just the number when the uid has no name. */
static void describe_uid(uid_t uid, char *buf, size_t size)
{
	struct passwd pw, *res = NULL;
	char tmp[1024];

	if (uid == (uid_t)-1) {
		snprintf(buf, size, "?");
		return;
	}
	if (getpwuid_r(uid, &pw, tmp, sizeof(tmp), &res) == 0 && res && res->pw_name)
		snprintf(buf, size, "%u (%s)", (unsigned)uid, res->pw_name);
	else
		snprintf(buf, size, "%u", (unsigned)uid);
}

int oomkit_adj_explain(const struct oomkit_adj_target *t, int err, int value, const char *who,
		       char *buf, size_t size)
{
	char owner[300], me[300];
	struct stat st;
	int cap;

	if (!buf && size)
		return -EINVAL;
	if (!who)
		who = "the caller";
	if (err > 0)
		err = -err;
	if (err == -EXDEV)
		return snprintf(buf, size,
				"the procfs belongs to another pid namespace than %s's, "
				"where a pid can name another process (mount a procfs "
				"of %s's pid namespace, e.g. with unshare --mount-proc)",
				who, who);
	if (!t)
		return snprintf(buf, size, "%s",
				err == -ESRCH        ? "no such process" :
				err == -OOMKIT_ERACE ? "the pid now belongs to another process "
						       "(the chosen one exited and its pid was "
						       "reused)" :
						       oomkit_strerror(err));
	if (err == -EACCES && t->denial == OOMKIT_ADJ_DENIED_NOT_OWNER) {
		if (fstatat(t->dirfd, "oom_score_adj", &st, 0) < 0)
			st.st_uid = (uid_t)-1;
		describe_uid(st.st_uid, owner, sizeof(owner));
		describe_uid(geteuid(), me, sizeof(me));
		return snprintf(buf, size,
				"Permission denied: the process belongs to uid %s, and "
				"%s runs as uid %s without the right to change another "
				"user's processes",
				owner, who, me);
	}
	if (err == -EACCES && t->denial == OOMKIT_ADJ_DENIED_BELOW_FLOOR && t->predicted)
		/* the floor cannot be read: any lowering below 0 is taken to need it */
		return snprintf(buf, size,
				"lowering oom_score_adj from %d to %d needs "
				"CAP_SYS_RESOURCE, which %s does not have",
				t->from, value, who);
	if (err == -EACCES && t->denial == OOMKIT_ADJ_DENIED_BELOW_FLOOR) {
		cap = oomkit_adj_has_sys_resource();
		return snprintf(buf, size,
				"Permission denied: the value is below the process's "
				"floor (oom_score_adj_min, the last value set by a "
				"writer with CAP_SYS_RESOURCE, 0 if none), and lowering "
				"below it needs CAP_SYS_RESOURCE, which %s %s",
				who,
				cap == 1 ? "has (so the kernel refused for another reason)" :
				cap == 0 ? "does not have" :
					   "may not have (it could not be checked)");
	}
	switch (err) {
	case -ESRCH:
		return snprintf(buf, size, "the process has exited");
	case -OOMKIT_ERACE:
		return snprintf(buf, size,
				"the pid now belongs to another process (the pinned one "
				"exited and its pid was reused)");
	case -EIO:
		return snprintf(buf, size,
				"wrote %d but read back %d: another writer changed it "
				"at the same time",
				value, t->readback);
	case -EINVAL:
		return snprintf(buf, size, "value %d is out of range: must be from %d to %d", value,
				OOMKIT_ADJ_MIN, OOMKIT_ADJ_MAX);
	default:
		return snprintf(buf, size, "%s", oomkit_strerror(err));
	}
}

int oomkit_adj_explain_clamp(int old, long long delta, int value, char *buf, size_t size)
{
	if (!buf && size)
		return -EINVAL;
	return snprintf(buf, size, "%d %+lld is outside %d..%d, clamped to %d", old, delta,
			OOMKIT_ADJ_MIN, OOMKIT_ADJ_MAX, value);
}

int oomkit_adj_explain_thread(pid_t tid, pid_t tgid, char *buf, size_t size)
{
	if (!buf && size)
		return -EINVAL;
	return snprintf(buf, size,
			"%d is a thread of process %d: oom_score_adj belongs to the "
			"whole process, so process %d is used",
			(int)tid, (int)tgid, (int)tgid);
}

/* Append one formatted note to the NULL-terminated array @v of @n. */
static int __attribute__((format(printf, 3, 4)))
note_add(char ***v, size_t *n, const char *fmt, ...)
{
	char **nv;
	char *s;
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		return -EINVAL;
	s = malloc((size_t)len + 1);
	if (!s)
		return -ENOMEM;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)len + 1, fmt, ap);
	va_end(ap);
	nv = realloc(*v, (*n + 2) * sizeof(*nv));
	if (!nv) {
		free(s);
		return -ENOMEM;
	}
	nv[(*n)++] = s;
	nv[*n] = NULL;
	*v = nv;
	return 0;
}

#define NOTE_SHARERS 16

int oomkit_adj_notes(struct oomkit_ctx *ctx, struct oomkit_adj_target *t,
		     const struct oomkit_adj_change *c, char ***notes)
{
	pid_t sharers[NOTE_SHARERS];
	char **v = NULL;
	size_t n = 0;
	int never, ns, i, rc = 0;
	int pid;

	if (!notes)
		return -EINVAL;
	*notes = NULL;
	if (!ctx || !t || !c)
		return -EINVAL;
	pid = (int)t->pid;
	never = oomkit_adj_never_chosen(t);
	if (never == OOMKIT_INELIGIBLE_KTHREAD)
		rc = note_add(&v, &n,
			      "pid %d is a kernel thread: the OOM killer never chooses "
			      "kernel threads, so the value has no effect",
			      pid);
	else if (never == OOMKIT_INELIGIBLE_INIT)
		rc = note_add(&v, &n,
			      "pid 1 is the init process: the OOM killer never chooses "
			      "it, so the value has no effect on it (processes it starts later "
			      "inherit it)");
	else if (never == OOMKIT_INELIGIBLE_NO_MM)
		rc = note_add(&v, &n,
			      "pid %d has exited (a zombie, or exiting) and holds no "
			      "memory: the OOM killer never chooses it, so the value has no "
			      "effect",
			      pid);
	if (rc < 0)
		goto fail;
	/* the kernel copies a write to every process sharing the mm */
	ns = oomkit_adj_mm_sharers(ctx, t, sharers, NOTE_SHARERS);
	if (ns > 0) {
		char list[256] = "";
		size_t len = 0;

		for (i = 0; i < ns && i < NOTE_SHARERS; i++) {
			int w = snprintf(list + len, sizeof(list) - len, "%s%d", i ? ", " : "",
					 (int)sharers[i]);
			if (w < 0 || (size_t)w >= sizeof(list) - len)
				break;
			len += (size_t)w;
		}
		rc = note_add(&v, &n,
			      "%s %s%s share%s the memory map of pid %d: the kernel "
			      "keeps oom_score_adj the same in all of them, so %s %d too",
			      ns == 1 ? "process" : "processes", list,
			      ns > NOTE_SHARERS ? ", ..." : "", ns == 1 ? "s" : "", pid,
			      c->dry_run ? "they would get" : "they now have", c->value);
		if (rc < 0)
			goto fail;
	}
	/* oom_badness() skips -1000; out_of_memory() panics with no victim */
	if (c->value == OOMKIT_ADJ_MIN && never <= 0) {
		rc = note_add(&v, &n,
			      "-1000 makes pid %d unkillable by the OOM killer; if every "
			      "process in an OOM domain is unkillable, a global OOM panics the "
			      "kernel (\"System is deadlocked on memory\") and a memory cgroup "
			      "OOM fails the allocation instead",
			      pid);
		if (rc < 0)
			goto fail;
	}
	/* systemd sets OOMScoreAdjust= again at each start of the service */
	if (c->unit && *c->unit) {
		if (c->unit_user)
			rc = note_add(&v, &n,
				      "pid %d belongs to the user service %s: the value "
				      "is lost when the service restarts; to keep it, set "
				      "OOMScoreAdjust=%d in a drop-in under "
				      "~/.config/systemd/user/%s.d/",
				      pid, c->unit, c->value, c->unit);
		else
			rc = note_add(&v, &n,
				      "pid %d belongs to %s: the value is lost when the "
				      "service restarts; to keep it, set OOMScoreAdjust=%d in a "
				      "drop-in%s%s%s",
				      pid, c->unit, c->value, c->dropin_hint ? " (" : "",
				      c->dropin_hint ? c->dropin_hint : "",
				      c->dropin_hint ? ")" : "");
		if (rc < 0)
			goto fail;
	}
	if (!v) { /* no note: an empty array, not NULL */
		v = calloc(1, sizeof(*v));
		if (!v)
			return -ENOMEM;
	}
	*notes = v;
	return (int)n;
fail:
	oomkit_strv_free(v);
	return rc;
}

int oomkit_adj_can_access(struct oomkit_adj_target *t, int value)
{
	int cur, rc;

	if (!t)
		return -EINVAL;
	t->denial = OOMKIT_ADJ_DENIED_NONE;
	t->predicted = 1;
	if (value < OOMKIT_ADJ_MIN || value > OOMKIT_ADJ_MAX)
		return -EINVAL;
	if (faccessat(t->dirfd, "oom_score_adj", W_OK, AT_EACCESS) < 0) {
		rc = gone(-errno);
		if (rc == -EACCES || rc == -EPERM) {
			t->denial = OOMKIT_ADJ_DENIED_NOT_OWNER;
			rc = -EACCES;
		}
		return rc;
	}
	rc = oomkit_adj_read(t, &cur);
	if (rc < 0)
		return rc;
	if (value < cur && value < 0 && oomkit_adj_has_sys_resource() != 1) {
		t->denial = OOMKIT_ADJ_DENIED_BELOW_FLOOR;
		t->from = cur;
		return -EACCES;
	}
	return 0;
}

/* Is the caller's (and, once checked, the procfs's) pid namespace the
 * initial one, where pid 1 is the global init? 1, 0 or -errno. */
static int in_initial_pidns(const struct oomkit_adj_target *t)
{
	char link[64];
	ssize_t n;

	if (t->rootfd < 0)
		return 1; /* a fixture tree models the host */
	n = readlinkat(t->rootfd, "self/ns/pid", link, sizeof(link) - 1);
	if (n < 0)
		return -errno;
	link[n] = '\0';
	return strcmp(link, OOMKIT__PIDNS_INIT_LINK) == 0;
}

int oomkit_adj_never_chosen(struct oomkit_adj_target *t)
{
	struct oomkit_proc p;
	char *text = NULL;
	int rc;
	ssize_t n;

	if (!t)
		return -EINVAL;
	n = oomkit__read_alloc_at(t->dirfd, "status", &text);
	if (n < 0)
		return gone((int)n);
	memset(&p, 0, sizeof(p));
	p.num[OOMKIT_PROC_THREADS] = 1;
	/* the process reader's parser and kernel-thread rule */
	rc = oomkit__parse_status(text, &p);
	free(text);
	if (rc < 0 && n == 0)
		return -ESRCH; /* an exiting task can give an empty read */
	if (p.num[OOMKIT_PROC_KTHREAD])
		return OOMKIT_INELIGIBLE_KTHREAD;
	if (t->pid == 1) {
		rc = in_initial_pidns(t);
		if (rc < 0)
			return rc;
		if (rc == 1)
			return OOMKIT_INELIGIBLE_INIT;
	}
	/* a zombie leader whose other threads live still has their mm */
	if (!p.num[OOMKIT_PROC_HAS_MM] && p.num[OOMKIT_PROC_THREADS] <= 1)
		return OOMKIT_INELIGIBLE_NO_MM;
	return 0;
}

/* Does the target's own task have an mm (VmRSS in its status)? */
static int target_has_mm(struct oomkit_adj_target *t)
{
	char *text = NULL;
	ssize_t n;
	int has;

	n = oomkit__read_alloc_at(t->dirfd, "status", &text);
	if (n < 0)
		return gone((int)n);
	has = oomkit__find_key(text, "VmRSS", ':') != NULL;
	free(text);
	return has;
}

int oomkit_adj_mm_sharers(struct oomkit_ctx *ctx, struct oomkit_adj_target *t, pid_t *pids,
			  size_t max)
{
#ifdef SYS_kcmp
	struct dirent *de;
	DIR *dir;
	int found = 0;

	if (!ctx || !t || (!pids && max))
		return -EINVAL;
	if (!is_live_proc(ctx))
		return -OOMKIT_EUNSUPPORTED;
	/* kcmp(KCMP_VM) compares mm pointers: a zombie, an exiting task and
	 * every kernel thread have none, and would all "share" it */
	found = target_has_mm(t);
	if (found <= 0)
		return found;
	found = 0;
	/* does kcmp work at all? (comparing the target with itself) */
	if (syscall(SYS_kcmp, t->pid, t->pid, KCMP_VM, 0, 0) != 0) {
		if (errno == ENOSYS)
			return -OOMKIT_EUNSUPPORTED;
		return gone(-errno);
	}
	dir = opendir(ctx->proc_root);
	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		long long v;
		pid_t p;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		if (oomkit__parse_ll_full(de->d_name, &v) < 0 || v <= 0 || v > INT_MAX)
			continue;
		p = (pid_t)v;
		if (p == t->pid)
			continue;
		/* 0 means "same mm"; errors (EPERM, ESRCH) mean "not ours to
		 * know" or "gone" and are skipped */
		if (syscall(SYS_kcmp, t->pid, p, KCMP_VM, 0, 0) == 0) {
			if ((size_t)found < max)
				pids[found] = p;
			found++;
		}
	}
	closedir(dir);
	return found;
#else
	(void)ctx;
	(void)t;
	(void)pids;
	(void)max;
	return -OOMKIT_EUNSUPPORTED;
#endif
}

/* Does the path component [s, s+len) end in @suffix? */
static int ends_with(const char *s, size_t len, const char *suffix)
{
	size_t sl = strlen(suffix);

	return len > sl && memcmp(s + len - sl, suffix, sl) == 0;
}

/*
 * The first component of [*p, end) that is not a slice, as systemd finds
 * the unit of a cgroup (cg_path_get_unit(): slices only group, the first
 * other component is the unit, and everything below it belongs to that
 * unit, whatever the cgroups there are called). Sets *comp and *len, moves
 * *p past it; returns 0, or -ENOENT when only slices (or nothing) remain.
 */
static int first_non_slice(const char **p, const char *end, const char **comp, size_t *len)
{
	while (*p < end) {
		const char *c = *p;
		const char *slash = memchr(c, '/', (size_t)(end - c));
		size_t l = slash ? (size_t)(slash - c) : (size_t)(end - c);

		*p = slash ? slash + 1 : end;
		if (l == 0 || ends_with(c, l, ".slice"))
			continue;
		*comp = c;
		*len = l;
		return 0;
	}
	return -ENOENT;
}

/*
 * Find the service in one cgroup path ("/system.slice/foo.service"): the
 * unit of the system manager, or, below user@UID.service, the unit of that
 * user's manager. A service nested below a scope or another service (a
 * container's own systemd, a delegated subtree whose owner chose the
 * names) is not a unit of either manager.
 */
static int unit_of_path(const char *path, size_t plen, char *buf, size_t size, int *user)
{
	const char *p = path, *end = path + plen, *unit;
	size_t ulen;
	int in_user = 0;

	if (first_non_slice(&p, end, &unit, &ulen) < 0)
		return -ENOENT;
	if (ulen > 5 && memcmp(unit, "user@", 5) == 0 && ends_with(unit, ulen, ".service") &&
	    first_non_slice(&p, end, &unit, &ulen) == 0)
		in_user = 1; /* a unit of that user's manager */
	if (!ends_with(unit, ulen, ".service"))
		return -ENOENT; /* a scope, or not a unit at all */
	if (ulen + 1 > size)
		return -ERANGE;
	memcpy(buf, unit, ulen);
	buf[ulen] = '\0';
	if (user)
		*user = in_user;
	return 0;
}

int oomkit__adj_parse_unit(const char *text, char *buf, size_t size, int *user)
{
	const char *line, *v1 = NULL, *v2 = NULL;
	size_t v1len = 0, v2len = 0;

	if (!text || !buf || !size)
		return -EINVAL;
	/* hierarchy-ID:controller-list:path, one per line */
	for (line = text; *line;) {
		const char *nl = strchr(line, '\n');
		const char *eol = nl ? nl : line + strlen(line);
		const char *c1 = memchr(line, ':', (size_t)(eol - line));
		const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(eol - c1 - 1)) : NULL;

		if (c2) {
			size_t clen = (size_t)(c2 - c1 - 1);

			if (clen == 12 && memcmp(c1 + 1, "name=systemd", 12) == 0) {
				v1 = c2 + 1;
				v1len = (size_t)(eol - v1);
			} else if (c1 - line == 1 && line[0] == '0' && clen == 0) {
				v2 = c2 + 1;
				v2len = (size_t)(eol - v2);
			}
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	/* hybrid systems have both; systemd tracks units in name=systemd */
	if (v1)
		return unit_of_path(v1, v1len, buf, size, user);
	if (v2)
		return unit_of_path(v2, v2len, buf, size, user);
	return -ENOENT;
}

int oomkit_adj_unit_name_valid(const char *name)
{
	const char *p;

	if (!name || !*name || *name == '.')
		return 0;
	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr(":-_.\\@", *p)))
			return 0;
	return 1;
}

int oomkit_adj_systemd_unit(struct oomkit_adj_target *t, char *buf, size_t size, int *user)
{
	char *text = NULL;
	ssize_t n;
	int rc;

	if (!t || !buf || !size)
		return -EINVAL;
	n = oomkit__read_alloc_at(t->dirfd, "cgroup", &text);
	if (n < 0)
		return gone((int)n);
	rc = oomkit__adj_parse_unit(text, buf, size, user);
	free(text);
	return rc;
}
