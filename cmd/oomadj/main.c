/*
 * oomadj - show and change oom_score_adj, safely and scriptably.
 *
 *   oomadj [options] [PID[:INODE]...]           show
 *   oomadj [options] -n VALUE|--add DELTA PID... set
 *   oomadj [options] -n VALUE [--] COMMAND ...  run a command with a value
 *
 * Every target is pinned (pidfd + /proc/<pid> dirfd) and re-checked before
 * the write by liboomkit's adj module; this file chooses the targets,
 * explains the outcome and formats it.
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pwd.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libsmartcols.h>

#include "oomkit/oomkit.h"
#include "cli.h"
#include "json.h"

#define EXIT_CANNOT_EXEC 126
#define EXIT_NOT_FOUND 127

/* Where --persist writes drop-ins, and how we tell systemd is running. */
#define SYSTEMD_ETC_DIR "/etc/systemd/system"
#define SYSTEMD_RUN_DIR "/run/systemd/system"
#define DROPIN_NAME "50-oomadj.conf"

enum status {
	ST_PENDING = 0,
	ST_SHOWN,
	ST_CHANGED,
	ST_UNCHANGED,
	ST_WOULD_CHANGE,
	ST_FAILED,
	ST_GONE,		/* selected, but exited before it was done */
};

static const char *const status_names[] = {
	[ST_PENDING] = "pending",
	[ST_SHOWN] = "shown",
	[ST_CHANGED] = "changed",
	[ST_UNCHANGED] = "unchanged",
	[ST_WOULD_CHANGE] = "would-change",
	[ST_FAILED] = "failed",
	[ST_GONE] = "gone",
};

struct target {
	pid_t pid;			/* the process (thread group id) */
	pid_t asked;			/* what was named, maybe a thread id */
	unsigned long long start;	/* start time seen at selection; 0 */
	unsigned long long inode;	/* pidfs inode from PID:INODE; 0 */
	int has_inode;
	int selected;			/* by -N, -u, --memcg or --tree, not named */

	/* results */
	enum status status;
	char *comm;			/* escaped */
	int old, new;
	int have_old, have_new;
	long long score;		/* kernel oom_score, -1 unknown */
	long long badness;
	int eligible;			/* badness is valid */
	unsigned long long pidfs_ino;	/* 0 when unknown */
	char unit[256];
	int unit_user;
	char *error;			/* message, without "oomadj: " */
	char *notes;			/* '\n'-separated */
};

struct control {
	struct oomkit_ctx *ctx;

	/* what to do */
	int set;			/* -n or --add given */
	int relative;			/* --add */
	long long value;		/* -n VALUE or --add DELTA */
	int dry_run;
	int quiet;
	int json;
	int persist;
	int noheadings;

	/* selection */
	const char *name_re;
	regex_t re;
	int full;
	int have_user;
	uid_t user;
	const char *memcg;
	char *memcg_norm;
	int tree;

	/* show columns */
	int cols[16];
	size_t ncols;

	struct target *targets;
	size_t ntargets, alloc;

	struct oomkit_proc_table *tab;	/* read on demand */
	unsigned long long totalpages;
};

enum {
	COL_PID, COL_COMM, COL_ADJ, COL_SCORE, COL_BADNESS, COL_INODE,
	COL_UNIT, COL_TARGET,
};

static const struct cli_colinfo infos[] = {
	[COL_PID] = { .name = "PID", .whint = 7, .flags = SCOLS_FL_RIGHT, .json_type = SCOLS_JSON_NUMBER, .help = "process id" },
	[COL_COMM] = { .name = "COMM", .whint = 16, .flags = 0, .json_type = SCOLS_JSON_STRING, .help = "command name (escaped)" },
	[COL_ADJ] = { .name = "ADJ", .whint = 5, .flags = SCOLS_FL_RIGHT, .json_type = SCOLS_JSON_NUMBER, .help = "oom_score_adj, -1000..1000" },
	[COL_SCORE] = { .name = "SCORE", .whint = 5, .flags = SCOLS_FL_RIGHT, .json_type = SCOLS_JSON_NUMBER, .help = "the kernel's oom_score (global domain, 0..2000)" },
	[COL_BADNESS] = { .name = "BADNESS", .whint = 9, .flags = SCOLS_FL_RIGHT, .json_type = SCOLS_JSON_NUMBER, .help = "oomkit's badness in pages, host domain (- when it cannot be chosen)" },
	[COL_INODE] = { .name = "INODE", .whint = 8, .flags = SCOLS_FL_RIGHT, .json_type = SCOLS_JSON_NUMBER, .help = "pidfs inode of the process (kernel 6.9+)" },
	[COL_UNIT] = { .name = "UNIT", .whint = 20, .flags = 0, .json_type = SCOLS_JSON_STRING, .help = "systemd service the process belongs to" },
	[COL_TARGET] = { .name = "TARGET", .whint = 16, .flags = 0, .json_type = SCOLS_JSON_STRING, .help = "PID:INODE, for race-free use in scripts" },
};
#define NINFOS (sizeof(infos) / sizeof(infos[0]))

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;

	fputs("Usage:\n", out);
	fprintf(out, " %s [options] [<pid>[:<inode>]...]\n", cli_prog());
	fprintf(out, " %s [options] {-n <value>|--add <delta>} <pid>[:<inode>]...\n", cli_prog());
	fprintf(out, " %s [options] {-n <value>|--add <delta>} [--] <command> [<arg>...]\n", cli_prog());
	fputs("\nShow or change the OOM killer's oom_score_adj of processes, safely.\n", out);
	fputs("With no process, show the calling process (the parent of oomadj).\n", out);
	fputs("\nOptions:\n", out);
	fputs(" -n, --adjust <value>   set oom_score_adj to <value> (-1000..1000)\n", out);
	fputs("     --add <delta>      change oom_score_adj by <delta> (negative lowers),\n"
	      "                          clamped to -1000..1000 with a warning\n", out);
	fputs(" -p, --pid <pid>        a process to act on (as choom; may repeat)\n", out);
	fputs("\nSelection (combined with AND; pids given are added):\n", out);
	fputs(" -N, --name <regex>     processes whose name (comm) matches <regex>\n", out);
	fputs(" -f, --full             match <regex> against the whole command line\n", out);
	fputs(" -u, --user <user>      processes whose effective user is <user>\n", out);
	fputs("     --memcg <path>     processes in memory cgroup <path> or below it\n", out);
	fputs("     --tree             add every descendant of each selected process\n", out);
	fputs("\nOutput:\n", out);
	fputs("     --dry-run          show what would change, change nothing\n", out);
	fputs(" -q, --quiet            print nothing but errors and warnings\n", out);
	fputs(" -J, --json             JSON output, one object per target\n", out);
	fputs(" -o, --output <list>    columns to show (show mode; see --list-columns)\n", out);
	fputs("     --noheadings       do not print the header line\n", out);
	fputs(" -H, --list-columns     list the columns and exit\n", out);
	fputs("     --persist          also write an OOMScoreAdjust= drop-in for the\n"
	      "                          systemd service of each process\n", out);
	fputs("\n -h, --help             display this help\n", out);
	fputs(" -V, --version          display version\n", out);
	fputs("\nExit status: 0 all done, 1 a target failed or nothing matched,\n"
	      "2 usage error, 126 command cannot run, 127 command not found.\n", out);
	fprintf(out, "\nFor more details see %s(1).\n", cli_prog());
	exit(CLI_EXIT_OK);
}

/* ------------------------------------------------------------------ */

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		err(CLI_EXIT_FAILURE, "cannot allocate memory");
	return p;
}

static char * __attribute__((format(printf, 1, 0))) xvasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		err(CLI_EXIT_FAILURE, "cannot allocate memory");
	return s;
}

/* Record a failure: print it now (unless JSON) and keep it for JSON. */
static void __attribute__((format(printf, 3, 4)))
target_fail(struct control *ctl, struct target *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	free(t->error);
	t->error = xvasprintf(fmt, ap);
	va_end(ap);
	t->status = ST_FAILED;
	if (!ctl->json)
		warnx("%s", t->error);
}

static void __attribute__((format(printf, 2, 3)))
target_note(struct target *t, const char *fmt, ...)
{
	va_list ap;
	char *s, *n;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	if (t->notes) {
		if (asprintf(&n, "%s\n%s", t->notes, s) < 0)
			err(CLI_EXIT_FAILURE, "cannot allocate memory");
		free(t->notes);
		free(s);
		t->notes = n;
	} else {
		t->notes = s;
	}
}

static struct target *add_target(struct control *ctl, pid_t pid, pid_t asked,
				 unsigned long long start)
{
	struct target *t;
	size_t i;

	for (i = 0; i < ctl->ntargets; i++)
		if (ctl->targets[i].pid == pid && pid > 0)
			return NULL;	/* already a target */
	if (ctl->ntargets == ctl->alloc) {
		size_t n = ctl->alloc ? ctl->alloc * 2 : 16;
		struct target *p = reallocarray(ctl->targets, n, sizeof(*p));

		if (!p)
			err(CLI_EXIT_FAILURE, "cannot allocate memory");
		ctl->targets = p;
		ctl->alloc = n;
	}
	t = &ctl->targets[ctl->ntargets++];
	memset(t, 0, sizeof(*t));
	t->pid = pid;
	t->asked = asked;
	t->start = start;
	t->score = -1;
	return t;
}

/* "PID" or "PID:INODE"; returns 0, or -1 when @s is not of that form. */
static int parse_pidspec(const char *s, pid_t *pid, unsigned long long *ino,
			 int *has_ino)
{
	char *end;
	long long v;
	unsigned long long i;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || v <= 0 || v > INT_MAX)
		return -1;
	*has_ino = 0;
	if (*end == ':') {
		const char *q = end + 1;

		if (*q < '0' || *q > '9')
			return -1;
		errno = 0;
		i = strtoull(q, &end, 10);
		if (errno || *end || i == 0)
			return -1;
		*ino = i;
		*has_ino = 1;
	} else if (*end) {
		return -1;
	}
	*pid = (pid_t)v;
	return 0;
}

/*
 * Is @s shaped like a process (digits, or digits:digits), whether or not
 * it is a valid one? Such a word is never taken for a COMMAND: "0", a pid
 * above INT_MAX or "PID:0" (an unset or overflowed variable in a script)
 * is a usage error, not a command to run.
 */
static int pid_shaped(const char *s)
{
	const char *p = s;

	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == ':') {
		if (p[1] < '0' || p[1] > '9')
			return 0;
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	}
	return *p == '\0';
}

/* A valid "PID" or "PID:INODE", else a usage error (exit 2). */
static void check_pidspec(const char *s)
{
	pid_t p;
	unsigned long long i;
	int h;

	if (parse_pidspec(s, &p, &i, &h) < 0)
		cli_usage_error("invalid process '%s': must be PID or PID:INODE",
				cli_arg(s));
}

/* ------------------------------------------------------------------ */
/* selection */

static void read_table(struct control *ctl)
{
	int rc;

	if (ctl->tab)
		return;
	rc = oomkit_proc_table_read(ctl->ctx, OOMKIT_PROC_CMDLINE | OOMKIT_PROC_START,
				    &ctl->tab);
	if (rc < 0)
		errx(CLI_EXIT_FAILURE, "cannot read the process table from %s: %s",
		     oomkit_ctx_get_proc_root(ctl->ctx), oomkit_strerror(rc));
}

static int memcg_matches(const char *want, const char *have)
{
	size_t wl = strlen(want);

	if (strcmp(want, "/") == 0)
		return *have != '\0';
	return strncmp(have, want, wl) == 0 && (have[wl] == '\0' || have[wl] == '/');
}

/* Normalize --memcg: accept a path below the hierarchy mount too. */
static void prepare_memcg(struct control *ctl)
{
	const char *root = NULL, *p = ctl->memcg;
	enum oomkit_cgroup_mode mode;
	char dir[PATH_MAX];
	struct stat st;
	size_t len;
	int rc;

	rc = oomkit_ctx_memcg_root(ctl->ctx, &mode, &root);
	if (rc < 0)
		errx(CLI_EXIT_FAILURE, "cannot use --memcg: %s", oomkit_strerror(rc));
	len = strlen(root);
	if (strncmp(p, root, len) == 0 && (p[len] == '/' || p[len] == '\0') &&
	    strcmp(root, "/") != 0) {
		p += len;
		if (!*p)	/* the mount point itself: the root cgroup */
			p = "/";
	}
	if (*p != '/')
		cli_usage_error("invalid memory cgroup '%s': must be a path starting with '/'",
				cli_arg(ctl->memcg));
	ctl->memcg_norm = xstrdup(*p ? p : "/");
	len = strlen(ctl->memcg_norm);
	while (len > 1 && ctl->memcg_norm[len - 1] == '/')
		ctl->memcg_norm[--len] = '\0';
	if (strstr(ctl->memcg_norm, "/../") || strcmp(ctl->memcg_norm + len - (len >= 3 ? 3 : len), "/..") == 0)
		cli_usage_error("invalid memory cgroup '%s': '..' is not allowed",
				cli_arg(ctl->memcg));
	snprintf(dir, sizeof(dir), "%s%s", root, ctl->memcg_norm);
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		errx(CLI_EXIT_FAILURE, "no memory cgroup '%s' (looked for %s)",
		     cli_arg(ctl->memcg_norm), cli_arg(dir));
}

static int have_selectors(const struct control *ctl)
{
	return ctl->name_re || ctl->have_user || ctl->memcg;
}

/* A process chosen by a selection: it may exit before it is done. */
static void add_selected(struct control *ctl, const struct oomkit_proc *p)
{
	struct target *t;

	t = add_target(ctl, (pid_t)oomkit_proc_get(p, OOMKIT_PROC_PID),
		       (pid_t)oomkit_proc_get(p, OOMKIT_PROC_PID),
		       (unsigned long long)oomkit_proc_get(p, OOMKIT_PROC_START_TICKS));
	if (t)
		t->selected = 1;
}

static void select_processes(struct control *ctl)
{
	size_t i, n;
	pid_t self = getpid();

	read_table(ctl);
	n = oomkit_proc_table_count(ctl->tab);
	for (i = 0; i < n; i++) {
		const struct oomkit_proc *p = oomkit_proc_table_get(ctl->tab, i);
		pid_t pid = (pid_t)oomkit_proc_get(p, OOMKIT_PROC_PID);

		if (pid == self)
			continue;
		if (ctl->name_re) {
			const char *s = oomkit_proc_str(p, OOMKIT_PROC_COMM);

			if (ctl->full && *oomkit_proc_str(p, OOMKIT_PROC_CMDLINE_STR))
				s = oomkit_proc_str(p, OOMKIT_PROC_CMDLINE_STR);
			if (regexec(&ctl->re, s, 0, NULL, 0) != 0)
				continue;
		}
		if (ctl->have_user &&
		    (uid_t)oomkit_proc_get(p, OOMKIT_PROC_EUID) != ctl->user)
			continue;
		if (ctl->memcg_norm &&
		    !memcg_matches(ctl->memcg_norm, oomkit_proc_str(p, OOMKIT_PROC_MEMCG)))
			continue;
		add_selected(ctl, p);
	}
	if (oomkit_proc_table_denied(ctl->tab) && !ctl->quiet)
		warnx("%u processes could not be read (another user's, or /proc mounted with hidepid) and were not considered",
		      oomkit_proc_table_denied(ctl->tab));
}

/* Add the descendants of every target (breadth first over PPid). */
static void add_descendants(struct control *ctl)
{
	size_t i, j, n;
	pid_t self = getpid();

	read_table(ctl);
	n = oomkit_proc_table_count(ctl->tab);
	for (i = 0; i < ctl->ntargets; i++) {	/* grows while we walk it */
		pid_t parent = ctl->targets[i].pid;

		if (parent <= 0)
			continue;
		for (j = 0; j < n; j++) {
			const struct oomkit_proc *p = oomkit_proc_table_get(ctl->tab, j);
			pid_t pid = (pid_t)oomkit_proc_get(p, OOMKIT_PROC_PID);

			if (oomkit_proc_get(p, OOMKIT_PROC_PPID) != parent || pid == self)
				continue;
			add_selected(ctl, p);
		}
	}
}

/* Resolve a named pid: a thread id becomes its process, with a note. */
static void add_named(struct control *ctl, pid_t asked, unsigned long long ino,
		      int has_ino)
{
	struct target *t;
	pid_t tgid = asked;
	int rc;

	rc = oomkit_proc_tgid(ctl->ctx, asked, &tgid);
	if (rc < 0)
		tgid = asked;	/* the failure is reported when pinning */
	t = add_target(ctl, tgid, asked, 0);
	if (!t)
		return;
	t->inode = ino;
	t->has_inode = has_ino;
	if (tgid != asked) {
		if (ctl->json)	/* text mode says it once, on stderr */
			target_note(t, "%d is a thread of process %d: oom_score_adj belongs to the whole process, so process %d is used",
				    (int)asked, (int)tgid, (int)tgid);
		if (!ctl->quiet && !ctl->json)
			warnx("%d is a thread of process %d: oom_score_adj is per process, using %d",
			      (int)asked, (int)tgid, (int)tgid);
		if (has_ino)
			t->has_inode = 2;	/* a thread's inode: not comparable */
	}
}

/*
 * Test seam (documented as test-only in oomadj(1)): with
 * OOMADJ_TEST_PAUSE=select:<fifo>, block after choosing the targets and
 * before pinning them until a line arrives on <fifo>, so a test can make
 * a target exit, or reuse its pid, at exactly that moment.
 */
static void test_pause(const char *where)
{
	const char *env = getenv("OOMADJ_TEST_PAUSE");
	size_t wl = strlen(where);
	char c;
	int fd;

	if (!env || strncmp(env, where, wl) != 0 || env[wl] != ':')
		return;
	fd = open(env + wl + 1, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	while (read(fd, &c, 1) == 1 && c != '\n')
		;
	close(fd);
}

/* ------------------------------------------------------------------ */
/* acting on one target */

static void read_comm(struct target *t, struct oomkit_adj_target *at)
{
	char buf[128];
	ssize_t n = 0, r;
	int fd = openat(oomkit_adj_dirfd(at), "comm", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		while ((size_t)n < sizeof(buf) - 1) {
			r = read(fd, buf + n, sizeof(buf) - 1 - (size_t)n);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			n += r;
		}
		close(fd);
	}
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	free(t->comm);
	t->comm = cli_escape(buf);
}

static const char *comm_or(const struct target *t)
{
	return t->comm ? t->comm : "?";
}

/*
 * A selected process that exited (or whose pid now names a later process)
 * is dropped silently, as pgrep and ps drop it: it no longer exists to be
 * changed. Only a process the user named is an error when it is gone.
 */
static int dropped_as_gone(struct target *t, int rc)
{
	if (!t->selected || (rc != -ESRCH && rc != -OOMKIT_ERACE))
		return 0;
	t->status = ST_GONE;
	t->have_new = 0;
	return 1;
}

static void explain_open_error(struct control *ctl, struct target *t, int rc)
{
	if (dropped_as_gone(t, rc))
		return;
	if (rc == -ESRCH)
		target_fail(ctl, t, !t->start ? "pid %d: no such process" :
			    ctl->set ? "pid %d: the process exited before it could be changed"
			    : "pid %d: the process exited before it could be read", (int)t->pid);
	else if (rc == -OOMKIT_ERACE)
		target_fail(ctl, t, "pid %d is no longer the process that was selected: it exited and its pid was reused by another process (start time changed); not touched",
			    (int)t->pid);
	else if (rc == -EINVAL)
		target_fail(ctl, t, "pid %d is not a process", (int)t->pid);
	else {
		char why[512];

		oomkit_adj_explain(NULL, rc, 0, cli_prog(), why, sizeof(why));
		target_fail(ctl, t, "cannot open process %d: %s", (int)t->pid, why);
	}
}

static void explain_write_error(struct control *ctl, struct target *t,
				struct oomkit_adj_target *at, int value, int rc)
{
	char why[1024];

	if (dropped_as_gone(t, rc))
		return;
	oomkit_adj_explain(at, rc, value, cli_prog(), why, sizeof(why));
	if (rc == -EACCES && oomkit_adj_denial(at) == OOMKIT_ADJ_DENIED_NOT_OWNER)
		target_fail(ctl, t, "%scannot write oom_score_adj of pid %d (%s): %s",
			    ctl->dry_run ? "would fail: " : "", (int)t->pid,
			    comm_or(t), why);
	else if (rc == -EACCES)
		target_fail(ctl, t, "cannot set oom_score_adj of pid %d (%s) to %d: %s",
			    (int)t->pid, comm_or(t), value, why);
	else if (rc == -ESRCH)
		target_fail(ctl, t, "pid %d (%s) exited before its value could be written",
			    (int)t->pid, comm_or(t));
	else if (rc == -EINVAL)
		target_fail(ctl, t, "%s", why);
	else
		target_fail(ctl, t, "cannot write oom_score_adj of pid %d (%s): %s",
			    (int)t->pid, comm_or(t), why);
}

/* The consequences of a change, in words. */
static void add_notes(struct control *ctl, struct target *t,
		      struct oomkit_adj_target *at)
{
	pid_t sharers[16];
	int n, i, never;

	never = oomkit_adj_never_chosen(at);
	if (never == OOMKIT_INELIGIBLE_KTHREAD)
		target_note(t, "pid %d is a kernel thread: the OOM killer never chooses kernel threads, so the value has no effect",
			    (int)t->pid);
	else if (never == OOMKIT_INELIGIBLE_INIT)
		target_note(t, "pid 1 is the init process: the OOM killer never chooses it, so the value has no effect on it (processes it starts later inherit it)");
	else if (never == OOMKIT_INELIGIBLE_NO_MM)
		target_note(t, "pid %d has exited (a zombie, or exiting) and holds no memory: the OOM killer never chooses it, so the value has no effect",
			    (int)t->pid);
	n = oomkit_adj_mm_sharers(ctl->ctx, at, sharers, 16);
	if (n > 0) {
		char list[256] = "";
		size_t len = 0;

		for (i = 0; i < n && i < 16; i++) {
			int w = snprintf(list + len, sizeof(list) - len, "%s%d",
					 i ? ", " : "", (int)sharers[i]);
			if (w < 0 || (size_t)w >= sizeof(list) - len)
				break;
			len += (size_t)w;
		}
		target_note(t, "%s %s%s share%s the memory map of pid %d: the kernel keeps oom_score_adj the same in all of them, so %s %d too",
			    n == 1 ? "process" : "processes", list, n > 16 ? ", ..." : "",
			    n == 1 ? "s" : "", (int)t->pid,
			    ctl->dry_run ? "they would get" : "they now have", t->new);
	}
	if (t->new == OOMKIT_ADJ_MIN && never <= 0)
		target_note(t, "-1000 makes pid %d unkillable by the OOM killer; if every process in an OOM domain is unkillable, a global OOM panics the kernel (\"System is deadlocked on memory\") and a memory cgroup OOM fails the allocation instead",
			    (int)t->pid);
	if (t->unit[0] && !ctl->persist) {
		if (t->unit_user)
			target_note(t, "pid %d belongs to the user service %s: the value is lost when the service restarts; to keep it, set OOMScoreAdjust=%d in a drop-in under ~/.config/systemd/user/%s.d/",
				    (int)t->pid, t->unit, t->new, t->unit);
		else
			target_note(t, "pid %d belongs to %s: the value is lost when the service restarts; to keep it, set OOMScoreAdjust=%d in a drop-in (oomadj --persist writes %s/%s.d/%s)",
				    (int)t->pid, t->unit, t->new, SYSTEMD_ETC_DIR, t->unit, DROPIN_NAME);
	}
}

/* @buf = "@dir/@name@suffix"; -1 when it does not fit. */
static int path_join(char *buf, size_t size, const char *dir, const char *name,
		     const char *suffix)
{
	size_t dl = strlen(dir), nl = strlen(name), sl = strlen(suffix);

	if (dl + 1 + nl + sl + 1 > size)
		return -1;
	memcpy(buf, dir, dl);
	buf[dl] = '/';
	memcpy(buf + dl + 1, name, nl);
	memcpy(buf + dl + 1 + nl, suffix, sl + 1);
	return 0;
}

/* Write the OOMScoreAdjust= drop-in for @t's unit. */
static void persist(struct control *ctl, struct target *t)
{
	const char *dir = getenv("OOMADJ_SYSTEMD_DIR");
	char ddir[PATH_MAX], path[PATH_MAX], tmp[PATH_MAX];
	struct target *o;
	size_t i;
	FILE *f;
	int fd, ok;

	if (!t->unit[0]) {
		target_fail(ctl, t, "cannot persist pid %d (%s): it does not belong to a systemd service",
			    (int)t->pid, comm_or(t));
		return;
	}
	if (t->unit_user) {
		target_fail(ctl, t, "cannot persist pid %d (%s): %s is a user service; set OOMScoreAdjust=%d in ~/.config/systemd/user/%s.d/ instead",
			    (int)t->pid, comm_or(t), t->unit, t->new, t->unit);
		return;
	}
	if (!dir || !*dir) {
		if (access(SYSTEMD_RUN_DIR, F_OK) < 0) {
			target_fail(ctl, t, "cannot persist pid %d (%s): systemd is not running on this system (no %s)",
				    (int)t->pid, comm_or(t), SYSTEMD_RUN_DIR);
			return;
		}
		dir = SYSTEMD_ETC_DIR;
	}
	/* two targets in the same unit must agree */
	for (o = ctl->targets; o < t; o++) {
		if (strcmp(o->unit, t->unit) != 0 || o->status == ST_FAILED ||
		    o->status == ST_GONE)
			continue;
		if (o->new != t->new) {
			target_fail(ctl, t, "cannot persist pid %d: %s already gets OOMScoreAdjust=%d from pid %d",
				    (int)t->pid, t->unit, o->new, (int)o->pid);
			return;
		}
		target_note(t, "%s: drop-in already written for pid %d", t->unit, (int)o->pid);
		return;
	}
	if (path_join(ddir, sizeof(ddir), dir, t->unit, ".d") < 0 ||
	    path_join(path, sizeof(path), ddir, DROPIN_NAME, "") < 0) {
		target_fail(ctl, t, "cannot persist pid %d: path too long", (int)t->pid);
		return;
	}
	if (ctl->dry_run) {
		target_note(t, "would write %s with OOMScoreAdjust=%d", path, t->new);
		return;
	}
	if (mkdir(ddir, 0755) < 0 && errno != EEXIST) {
		target_fail(ctl, t, "cannot create %s: %s", ddir, strerror(errno));
		return;
	}
	i = (size_t)snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", ddir, DROPIN_NAME);
	if (i >= sizeof(tmp) || (fd = mkstemp(tmp)) < 0) {
		target_fail(ctl, t, "cannot write %s: %s", path, strerror(errno));
		return;
	}
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
		target_fail(ctl, t, "cannot write %s: %s", path, strerror(errno));
		return;
	}
	fprintf(f, "# Written by oomadj --persist (oomadj(1)).\n[Service]\nOOMScoreAdjust=%d\n",
		t->new);
	ok = fflush(f) == 0 && fchmod(fd, 0644) == 0 && fsync(fd) == 0;
	if (fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) < 0) {
		target_fail(ctl, t, "cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		return;
	}
	target_note(t, "wrote %s (OOMScoreAdjust=%d); run 'systemctl daemon-reload' so that systemd applies it at the next start of %s",
		    path, t->new, t->unit);
}

/*
 * A cgroup name is hostile text; a real unit name only has the characters
 * systemd allows (systemd.unit(5): ASCII letters, digits, ":", "-", "_",
 * ".", "\\", and "@" for instances). Anything else is not a unit we could
 * write a drop-in for, nor print raw.
 */
static int valid_unit_name(const char *s)
{
	const char *p;

	if (!*s || *s == '.')
		return 0;
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr(":-_.\\@", *p)))
			return 0;
	return 1;
}

static void fill_show(struct control *ctl, struct target *t,
		      struct oomkit_adj_target *at)
{
	struct oomkit_proc *rec = NULL;
	long long pts = 0;
	int rc;

	rc = oomkit_adj_read(at, &t->old);
	if (rc < 0) {
		explain_open_error(ctl, t, rc);
		return;
	}
	t->have_old = 1;
	if (oomkit_adj_read_score(at, &t->score) < 0)
		t->score = -1;
	if (ctl->totalpages && oomkit_proc_read_at(ctl->ctx, oomkit_adj_dirfd(at), 0, &rec) == 0) {
		if (oomkit_proc_badness(rec, oomkit_ctx_page_size(ctl->ctx),
					ctl->totalpages, &pts) == OOMKIT_ELIGIBLE) {
			t->badness = pts;
			t->eligible = 1;
		}
		oomkit_proc_free(rec);
	}
	/* everything above must describe the pinned process */
	rc = oomkit_adj_check(at);
	if (rc < 0) {
		explain_open_error(ctl, t, rc);
		return;
	}
	t->status = ST_SHOWN;
}

static void do_target(struct control *ctl, struct target *t)
{
	struct oomkit_adj_target *at = NULL;
	int rc, clamped = 0, value;

	rc = oomkit_adj_open(ctl->ctx, t->pid, t->start, &at);
	if (rc < 0) {
		explain_open_error(ctl, t, rc);
		return;
	}
	read_comm(t, at);
	if (oomkit_adj_inode(at, &t->pidfs_ino) < 0)
		t->pidfs_ino = 0;
	if (t->has_inode == 2) {
		target_fail(ctl, t, "%d:%llu names a thread; PID:INODE needs a process id",
			    (int)t->asked, t->inode);
		goto out;
	}
	if (t->has_inode) {
		unsigned long long ino;

		rc = oomkit_adj_inode(at, &ino);
		if (rc == -OOMKIT_EUNSUPPORTED) {
			target_fail(ctl, t, "pid %d: PID:INODE needs pidfs (Linux 6.9 or later); this kernel cannot name a process by inode",
				    (int)t->pid);
			goto out;
		} else if (rc < 0) {
			target_fail(ctl, t, "pid %d: cannot read its pidfs inode: %s",
				    (int)t->pid, oomkit_strerror(rc));
			goto out;
		}
		if (ino != t->inode) {
			target_fail(ctl, t, "pid %d is not the process with pidfs inode %llu (it has inode %llu): the process exited and its pid was reused; not touched",
				    (int)t->pid, t->inode, ino);
			goto out;
		}
	}
	if (oomkit_adj_systemd_unit(at, t->unit, sizeof(t->unit), &t->unit_user) < 0 ||
	    !valid_unit_name(t->unit))
		t->unit[0] = '\0';

	if (!ctl->set) {
		fill_show(ctl, t, at);
		goto out;
	}

	rc = oomkit_adj_read(at, &t->old);
	if (rc < 0) {
		explain_open_error(ctl, t, rc);
		goto out;
	}
	t->have_old = 1;
	if (ctl->relative) {
		value = oomkit_adj_clamp((long long)t->old + ctl->value, &clamped);
		if (clamped) {
			if (!ctl->quiet && !ctl->json)
				warnx("pid %d: %d %+lld is outside -1000..1000, clamped to %d",
				      (int)t->pid, t->old, ctl->value, value);
			target_note(t, "%d %+lld is outside -1000..1000, clamped to %d",
				    t->old, ctl->value, value);
		}
	} else {
		value = (int)ctl->value;
	}
	t->new = value;

	if (ctl->dry_run) {
		rc = oomkit_adj_can_access(at, value);
		if (rc == -EACCES &&
		    oomkit_adj_denial(at) == OOMKIT_ADJ_DENIED_BELOW_FLOOR) {
			target_fail(ctl, t, "would fail: lowering oom_score_adj of pid %d (%s) from %d to %d needs CAP_SYS_RESOURCE, which oomadj does not have",
				    (int)t->pid, comm_or(t), t->old, value);
			goto out;
		} else if (rc < 0) {
			explain_write_error(ctl, t, at, value, rc);
			goto out;
		}
		t->have_new = 1;
		t->status = value == t->old ? ST_UNCHANGED : ST_WOULD_CHANGE;
	} else {
		rc = oomkit_adj_write(at, value, &t->old, &t->new);
		if (rc < 0) {
			if (rc == -EIO)
				t->have_new = 1;
			explain_write_error(ctl, t, at, value, rc);
			goto out;
		}
		t->have_new = 1;
		t->status = t->new == t->old ? ST_UNCHANGED : ST_CHANGED;
	}
	add_notes(ctl, t, at);
	if (ctl->persist)
		persist(ctl, t);
out:
	oomkit_adj_close(at);
}

/* ------------------------------------------------------------------ */
/* output */

static struct libscols_column *new_col(struct libscols_table *tb,
				       const char *name, double w, int flags,
				       int json_type)
{
	struct libscols_column *cl = scols_table_new_column(tb, name, w, flags);

	if (!cl)
		err(CLI_EXIT_FAILURE, "cannot allocate output column");
	scols_column_set_json_type(cl, json_type);
	return cl;
}

static void set_cell(struct libscols_line *ln, size_t i, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_cell(struct libscols_line *ln, size_t i, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	if (scols_line_refer_data(ln, i, s) != 0)
		err(CLI_EXIT_FAILURE, "cannot set output data");
}

static struct libscols_table *new_table(struct control *ctl)
{
	struct libscols_table *tb = scols_new_table();

	if (!tb)
		err(CLI_EXIT_FAILURE, "cannot allocate output table");
	if (ctl->json) {
		scols_table_enable_json(tb, 1);
		scols_table_set_name(tb, "targets");
	}
	return tb;
}

static void print_show(struct control *ctl)
{
	struct libscols_table *tb = new_table(ctl);
	size_t i, c;

	for (c = 0; c < ctl->ncols; c++) {
		const struct cli_colinfo *ci = &infos[ctl->cols[c]];

		new_col(tb, ci->name, ci->whint, ci->flags, ci->json_type);
	}
	scols_table_enable_noheadings(tb, ctl->noheadings);
	if (ctl->json) {
		new_col(tb, "STATUS", 0, 0, SCOLS_JSON_STRING);
		new_col(tb, "ERROR", 0, 0, SCOLS_JSON_STRING);
	}
	for (i = 0; i < ctl->ntargets; i++) {
		struct target *t = &ctl->targets[i];
		struct libscols_line *ln;

		if ((t->status == ST_FAILED || t->status == ST_GONE) && !ctl->json)
			continue;
		ln = scols_table_new_line(tb, NULL);
		if (!ln)
			err(CLI_EXIT_FAILURE, "cannot allocate output line");
		for (c = 0; c < ctl->ncols; c++) {
			int ok = t->status == ST_SHOWN;

			switch (ctl->cols[c]) {
			case COL_PID:
				set_cell(ln, c, "%d", (int)t->pid);
				break;
			case COL_COMM:
				if (t->comm)
					set_cell(ln, c, "%s", t->comm);
				break;
			case COL_ADJ:
				if (ok && t->have_old)
					set_cell(ln, c, "%d", t->old);
				break;
			case COL_SCORE:
				if (ok && t->score >= 0)
					set_cell(ln, c, "%lld", t->score);
				break;
			case COL_BADNESS:
				if (ok && t->eligible)
					set_cell(ln, c, "%lld", t->badness);
				else if (ok && !ctl->json)
					set_cell(ln, c, "-");
				break;
			case COL_INODE:
				if (t->pidfs_ino)
					set_cell(ln, c, "%llu", t->pidfs_ino);
				break;
			case COL_UNIT:
				if (t->unit[0])
					set_cell(ln, c, "%s", t->unit);
				break;
			case COL_TARGET:
				if (t->pidfs_ino)
					set_cell(ln, c, "%d:%llu", (int)t->pid, t->pidfs_ino);
				else
					set_cell(ln, c, "%d", (int)t->pid);
				break;
			}
		}
		if (ctl->json) {
			set_cell(ln, ctl->ncols, "%s", status_names[t->status]);
			if (t->error)
				set_cell(ln, ctl->ncols + 1, "%s", t->error);
		}
	}
	if (!ctl->quiet || ctl->json)
		scols_print_table(tb);
	scols_unref_table(tb);
}

/*
 * Set mode JSON, written with the shared writer (cmd/common/json.h)
 * because libsmartcols 2.38 prints an empty array cell as [null]:
 * {"targets": [{pid, comm, old, new, status, error, unit, notes[]}]}.
 * Keys are stable (documented in oomadj(1)).
 */
static void print_set_json(struct control *ctl)
{
	struct json j;
	size_t i;

	json_init(&j, stdout);
	json_open(&j, NULL, '{');
	json_open(&j, "targets", '[');
	for (i = 0; i < ctl->ntargets; i++) {
		struct target *t = &ctl->targets[i];
		const char *p, *nl;

		json_open(&j, NULL, '{');
		json_num(&j, "pid", (long long)t->pid);
		json_str(&j, "comm", t->comm);
		if (t->have_old)
			json_num(&j, "old", t->old);
		else
			json_null(&j, "old");
		if (t->have_new)
			json_num(&j, "new", t->new);
		else
			json_null(&j, "new");
		json_str(&j, "status", status_names[t->status]);
		json_str(&j, "error", t->error);
		json_str(&j, "unit", t->unit[0] ? t->unit : NULL);
		json_open(&j, "notes", '[');
		for (p = t->notes; p && *p; p = nl + 1) {
			char *one;

			nl = strchr(p, '\n');
			one = nl ? strndup(p, (size_t)(nl - p)) : xstrdup(p);
			if (!one)
				err(CLI_EXIT_FAILURE, "cannot allocate memory");
			json_str(&j, NULL, one);
			free(one);
			if (!nl)
				break;
		}
		json_close(&j, ']');
		json_close(&j, '}');
	}
	json_close(&j, ']');
	json_close(&j, '}');
}

static void print_set_text(struct control *ctl)
{
	size_t i;

	if (ctl->quiet)
		return;
	for (i = 0; i < ctl->ntargets; i++) {
		struct target *t = &ctl->targets[i];
		const char *p, *nl;

		if (t->status == ST_FAILED || t->status == ST_GONE)
			continue;
		printf("pid %d (%s): oom_score_adj %d -> %d%s\n", (int)t->pid,
		       comm_or(t), t->old, t->new,
		       t->status == ST_WOULD_CHANGE ? " (dry run, not changed)" :
		       t->status == ST_UNCHANGED ? (ctl->dry_run ? " (dry run, unchanged)" : " (unchanged)") : "");
		for (p = t->notes; p && *p; p = nl ? nl + 1 : NULL) {
			nl = strchr(p, '\n');
			printf("  note: %.*s\n", nl ? (int)(nl - p) : (int)strlen(p), p);
			if (!nl)
				break;
		}
	}
}

/* ------------------------------------------------------------------ */
/* the exec form */

static void __attribute__((noreturn))
run_command(struct control *ctl, char **argv)
{
	struct oomkit_adj_target *at;
	int rc, old, now, value, clamped = 0;

	rc = oomkit_adj_open(ctl->ctx, getpid(), 0, &at);
	if (rc < 0)
		errx(CLI_EXIT_FAILURE, "cannot open own process: %s", oomkit_strerror(rc));
	value = (int)ctl->value;
	if (ctl->relative) {
		rc = oomkit_adj_read(at, &old);
		if (rc < 0)
			errx(CLI_EXIT_FAILURE, "cannot read own oom_score_adj: %s",
			     oomkit_strerror(rc));
		value = oomkit_adj_clamp((long long)old + ctl->value, &clamped);
		if (clamped && !ctl->quiet)
			warnx("%d %+lld is outside -1000..1000, clamped to %d",
			      old, ctl->value, value);
	}
	rc = oomkit_adj_write(at, value, &old, &now);
	if (rc < 0) {
		struct target t;

		memset(&t, 0, sizeof(t));
		t.pid = getpid();
		t.comm = xstrdup("oomadj");
		t.new = now;
		ctl->json = 0;
		explain_write_error(ctl, &t, at, value, rc);
		errx(CLI_EXIT_FAILURE, "%s not run", cli_arg(argv[0]));
	}
	oomkit_adj_close(at);
	oomkit_ctx_free(ctl->ctx);
	execvp(argv[0], argv);
	rc = errno;
	warn("failed to execute '%s'", cli_arg(argv[0]));
	exit(rc == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC);
}

/* ------------------------------------------------------------------ */

static int parse_value(const char *s, const char *opt)
{
	char *end;
	long long v;

	if (*s == '+')
		cli_usage_error("invalid value '%s': %s takes an absolute value; use --add %s for a relative change",
				cli_arg(s), opt, cli_arg(s + 1));
	errno = 0;
	v = strtoll(s, &end, 10);
	/* strtoll skips any leading white space (newline, CR, VT, FF too) */
	if (!*s || end == s || *end || isspace((unsigned char)*s))
		cli_usage_error("invalid value '%s': must be an integer from %d to %d",
				cli_arg(s), OOMKIT_ADJ_MIN, OOMKIT_ADJ_MAX);
	if (errno == ERANGE || v < OOMKIT_ADJ_MIN || v > OOMKIT_ADJ_MAX)
		cli_usage_error("value %s is out of range: must be from %d to %d",
				cli_arg(s), OOMKIT_ADJ_MIN, OOMKIT_ADJ_MAX);
	return (int)v;
}

static uid_t parse_user(const char *s)
{
	struct passwd *pw;
	char *end;
	unsigned long v;

	pw = getpwnam(s);
	if (pw)
		return pw->pw_uid;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*s >= '0' && *s <= '9' && !*end && !errno && v < (unsigned long)(uid_t)-1)
		return (uid_t)v;
	cli_usage_error("unknown user '%s'", cli_arg(s));
}

int main(int argc, char **argv)
{
	enum {
		OPT_ADD = CHAR_MAX + 1,
		OPT_MEMCG,
		OPT_TREE,
		OPT_DRY_RUN,
		OPT_PERSIST,
		OPT_NOHEADINGS,
	};
	static const struct option longopts[] = {
		{ "adjust",       required_argument, NULL, 'n' },
		{ "add",          required_argument, NULL, OPT_ADD },
		{ "pid",          required_argument, NULL, 'p' },
		{ "name",         required_argument, NULL, 'N' },
		{ "full",         no_argument,       NULL, 'f' },
		{ "user",         required_argument, NULL, 'u' },
		{ "memcg",        required_argument, NULL, OPT_MEMCG },
		{ "tree",         no_argument,       NULL, OPT_TREE },
		{ "dry-run",      no_argument,       NULL, OPT_DRY_RUN },
		{ "quiet",        no_argument,       NULL, 'q' },
		{ "json",         no_argument,       NULL, 'J' },
		{ "output",       required_argument, NULL, 'o' },
		{ "list-columns", no_argument,       NULL, 'H' },
		{ "noheadings",   no_argument,       NULL, OPT_NOHEADINGS },
		{ "persist",      no_argument,       NULL, OPT_PERSIST },
		{ "help",         no_argument,       NULL, 'h' },
		{ "version",      no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct control ctl = { 0 };
	const char *outarg = NULL;
	char **pidargs, **command = NULL;
	size_t npidargs = 0, i, gone;
	int c, rc, have_n = 0, have_add = 0, failed = 0;

	cli_init(argc, argv);
	/* getopt's own messages use argv[0]: make them "oomadj: ..." */
	if (argc > 0)
		argv[0] = (char *)cli_prog();
	pidargs = calloc((size_t)argc + 1, sizeof(*pidargs));
	if (!pidargs)
		err(CLI_EXIT_FAILURE, "cannot allocate memory");

	/*
	 * '+': stop at the first non-option, so that "oomadj -n 5 cmd -x"
	 * leaves -x to cmd. A pid there is collected and option parsing
	 * resumes, so "oomadj 123 -n 5" works too.
	 */
	for (;;) {
		c = getopt_long(argc, argv, "+n:p:N:fu:qJo:HhV", longopts, NULL);
		if (c == -1) {
			if (optind >= argc)
				break;
			if (strcmp(argv[optind - 1], "--") == 0 && optind > 1) {
				command = &argv[optind];
				break;
			}
			if (!pid_shaped(argv[optind])) {
				if (npidargs)
					cli_usage_error("invalid process '%s': must be PID or PID:INODE",
							cli_arg(argv[optind]));
				command = &argv[optind];
				break;
			}
			check_pidspec(argv[optind]);
			pidargs[npidargs++] = argv[optind++];
			continue;
		}
		switch (c) {
		case 'n':
			ctl.value = parse_value(optarg, "-n");
			have_n = 1;
			break;
		case OPT_ADD:
			ctl.value = cli_strtoll(optarg, "delta", -2000, 2000);
			have_add = 1;
			break;
		case 'p':
			check_pidspec(optarg);
			pidargs[npidargs++] = optarg;
			break;
		case 'N':
			ctl.name_re = optarg;
			break;
		case 'f':
			ctl.full = 1;
			break;
		case 'u':
			ctl.user = parse_user(optarg);
			ctl.have_user = 1;
			break;
		case OPT_MEMCG:
			ctl.memcg = optarg;
			break;
		case OPT_TREE:
			ctl.tree = 1;
			break;
		case OPT_DRY_RUN:
			ctl.dry_run = 1;
			break;
		case 'q':
			ctl.quiet = 1;
			break;
		case 'J':
			ctl.json = 1;
			break;
		case 'o':
			outarg = optarg;
			break;
		case 'H':
			cli_list_columns(infos, NINFOS);
		case OPT_PERSIST:
			ctl.persist = 1;
			break;
		case OPT_NOHEADINGS:
			ctl.noheadings = 1;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", cli_prog());
			exit(CLI_EXIT_USAGE);
		}
	}

	/* option conflicts, in one place */
	{
		const struct {
			int bad;
			const char *msg;
		} rules[] = {
			{ have_n && have_add, "-n and --add cannot be combined: -n sets an absolute value, --add a relative one" },
			{ ctl.full && !ctl.name_re, "--full needs -N/--name" },
			{ command && (npidargs || have_selectors(&ctl) || ctl.tree),
			  "a COMMAND cannot be combined with process selection" },
			{ command && !have_n && !have_add, "running a COMMAND needs -n VALUE or --add DELTA" },
			{ command && ctl.dry_run, "--dry-run cannot be used with a COMMAND" },
			{ command && ctl.persist, "--persist cannot be used with a COMMAND" },
			{ command && ctl.json, "--json cannot be used with a COMMAND" },
			{ ctl.persist && !have_n && !have_add, "--persist needs -n VALUE or --add DELTA" },
			{ outarg && (have_n || have_add), "-o/--output is for showing; it cannot be used with -n or --add" },
			{ (have_n || have_add) && !command && !npidargs && !have_selectors(&ctl),
			  "no process given: name a PID, select with -N, -u or --memcg, or give a COMMAND to run" },
		};
		for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
			if (rules[i].bad)
				cli_usage_error("%s", rules[i].msg);
	}
	ctl.set = have_n || have_add;
	ctl.relative = have_add;

	if (ctl.name_re) {
		rc = regcomp(&ctl.re, ctl.name_re, REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			char msg[256];

			regerror(rc, &ctl.re, msg, sizeof(msg));
			cli_usage_error("invalid regular expression '%s': %s",
					cli_arg(ctl.name_re), msg);
		}
	}
	ctl.cols[0] = COL_PID;
	ctl.cols[1] = COL_COMM;
	ctl.cols[2] = COL_ADJ;
	ctl.cols[3] = COL_SCORE;
	ctl.cols[4] = COL_BADNESS;
	ctl.ncols = 5;
	if (outarg)
		ctl.ncols = cli_parse_columns(outarg, infos, NINFOS, ctl.cols, ctl.ncols,
					      sizeof(ctl.cols) / sizeof(ctl.cols[0]));

	rc = oomkit_ctx_new(&ctl.ctx);
	if (rc < 0)
		errx(CLI_EXIT_FAILURE, "cannot create context: %s", oomkit_strerror(rc));
	/* a /proc of another pid namespace names other processes: refuse
	 * once here (the library refuses each open and write too) */
	rc = oomkit_adj_check_procfs(ctl.ctx);
	if (rc < 0) {
		char why[512];

		oomkit_adj_explain(NULL, rc, 0, cli_prog(), why, sizeof(why));
		errx(CLI_EXIT_FAILURE, "cannot use %s: %s",
		     oomkit_ctx_get_proc_root(ctl.ctx), why);
	}

	if (command)
		run_command(&ctl, command);

	if (ctl.memcg)
		prepare_memcg(&ctl);

	/* the targets: named pids first, then selections, then trees */
	for (i = 0; i < npidargs; i++) {
		pid_t pid = 0;
		unsigned long long ino = 0;
		int has_ino = 0;

		parse_pidspec(pidargs[i], &pid, &ino, &has_ino);
		add_named(&ctl, pid, ino, has_ino);
	}
	if (have_selectors(&ctl))
		select_processes(&ctl);
	if (!npidargs && !have_selectors(&ctl))
		add_named(&ctl, getppid(), 0, 0);
	if (ctl.tree)
		add_descendants(&ctl);
	if (ctl.ntargets == 0) {
		if (ctl.json) {
			print_set_json(&ctl);
		}
		warnx("no process matched");
		failed = 1;
		goto done;
	}
	if (!ctl.set) {
		struct oomkit_sysmem *mem = NULL;

		if (oomkit_sysmem_read(ctl.ctx, &mem) == 0)
			ctl.totalpages = oomkit_sysmem_totalpages(mem, oomkit_ctx_page_size(ctl.ctx));
		oomkit_sysmem_free(mem);
	}

	test_pause("select");
	for (i = 0; i < ctl.ntargets; i++)
		do_target(&ctl, &ctl.targets[i]);

	if (!ctl.set)
		print_show(&ctl);
	else if (ctl.json)
		print_set_json(&ctl);
	else
		print_set_text(&ctl);
	for (i = 0, gone = 0; i < ctl.ntargets; i++) {
		if (ctl.targets[i].status == ST_FAILED)
			failed = 1;
		if (ctl.targets[i].status == ST_GONE)
			gone++;
	}
	if (gone == ctl.ntargets) {	/* every match exited */
		warnx("no process matched");
		failed = 1;
	}
done:
	for (i = 0; i < ctl.ntargets; i++) {
		free(ctl.targets[i].comm);
		free(ctl.targets[i].error);
		free(ctl.targets[i].notes);
	}
	free(ctl.targets);
	free(pidargs);
	free(ctl.memcg_norm);
	if (ctl.name_re)
		regfree(&ctl.re);
	oomkit_proc_table_free(ctl.tab);
	oomkit_ctx_free(ctl.ctx);
	return failed ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
}
