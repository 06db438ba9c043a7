/*
 * oomadj - choosing the targets: PID and PID:INODE arguments, the -N, -u
 * and --memcg selections, and --tree.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oomadj.h"

/* "PID" or "PID:INODE"; returns 0, or -1 when @s is not of that form. */
int parse_pidspec(const char *s, pid_t *pid, unsigned long long *ino, int *has_ino)
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
int pid_shaped(const char *s)
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
void check_pidspec(const char *s)
{
	pid_t p;
	unsigned long long i;
	int h;

	if (parse_pidspec(s, &p, &i, &h) < 0)
		cli_usage_error("invalid process '%s': must be PID or PID:INODE", cli_arg(s));
}

static void read_table(struct control *ctl)
{
	int rc;

	if (ctl->tab)
		return;
	rc = oomkit_proc_table_read(ctl->ctx, OOMKIT_PROC_CMDLINE | OOMKIT_PROC_START, &ctl->tab);
	if (rc < 0)
		errx(CLI_EXIT_FAILURE, "cannot read the process table from %s: %s",
		     oomkit_ctx_get_proc_root(ctl->ctx), oomkit_strerror(rc));
}

/* Normalize --memcg: accept a path below the hierarchy mount too. */
void prepare_memcg(struct control *ctl)
{
	const char *root = NULL;
	char dir[PATH_MAX];
	struct stat st;
	int rc;

	rc = oomkit_ctx_memcg_root(ctl->ctx, NULL, &root);
	if (rc < 0)
		errx(CLI_EXIT_FAILURE, "cannot use --memcg: %s", oomkit_strerror(rc));
	rc = oomkit_memcg_path_from_user(ctl->ctx, ctl->memcg, &ctl->memcg_norm);
	if (rc == -EINVAL)
		cli_usage_error("invalid memory cgroup '%s': must be a path starting with '/'",
				cli_arg(ctl->memcg));
	else if (rc == -EPERM)
		cli_usage_error("invalid memory cgroup '%s': '..' is not allowed",
				cli_arg(ctl->memcg));
	else if (rc < 0)
		errx(CLI_EXIT_FAILURE, "cannot use --memcg: %s", oomkit_strerror(rc));
	snprintf(dir, sizeof(dir), "%s%s", root, ctl->memcg_norm);
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		errx(CLI_EXIT_FAILURE, "no memory cgroup '%s' (looked for %s)",
		     cli_arg(ctl->memcg_norm), cli_arg(dir));
}

int have_selectors(const struct control *ctl)
{
	return ctl->name_re || ctl->have_user || ctl->memcg;
}

/* A process chosen by a selection: it may exit before it is done. */
static void add_selected(struct control *ctl, const struct oomkit_proc *p)
{
	struct target *t;
	long long start = 0; /* unknown: accept the process the pid has */

	oomkit_proc_get(p, OOMKIT_PROC_START_TICKS, &start);
	t = add_target(ctl, oomkit_proc_pid(p), oomkit_proc_pid(p), (unsigned long long)start);
	if (t)
		t->selected = 1;
}

void select_processes(struct control *ctl)
{
	size_t i, n;
	pid_t self = getpid();

	read_table(ctl);
	n = oomkit_proc_table_count(ctl->tab);
	for (i = 0; i < n; i++) {
		const struct oomkit_proc *p = oomkit_proc_table_get(ctl->tab, i);
		pid_t pid = oomkit_proc_pid(p);
		long long euid;

		if (pid == self)
			continue;
		if (ctl->name_re) {
			const char *s = oomkit_proc_str(p, OOMKIT_PROC_COMM);
			const char *cmdline = oomkit_proc_str(p, OOMKIT_PROC_CMDLINE_STR);

			if (ctl->full && cmdline && *cmdline)
				s = cmdline;
			if (regexec(&ctl->re, s, 0, NULL, 0) != 0)
				continue;
		}
		if (ctl->have_user &&
		    (oomkit_proc_get(p, OOMKIT_PROC_EUID, &euid) < 0 || (uid_t)euid != ctl->user))
			continue;
		if (ctl->memcg_norm &&
		    !oomkit_memcg_path_within(oomkit_proc_str(p, OOMKIT_PROC_MEMCG),
					      ctl->memcg_norm))
			continue;
		add_selected(ctl, p);
	}
	if (oomkit_proc_table_denied(ctl->tab) && !ctl->quiet)
		warnx("%u processes could not be read (another user's, or /proc mounted with "
		      "hidepid) and were not considered",
		      oomkit_proc_table_denied(ctl->tab));
}

/* Add the descendants of every target (breadth first over PPid). */
void add_descendants(struct control *ctl)
{
	size_t i, j, n;
	pid_t self = getpid();

	read_table(ctl);
	n = oomkit_proc_table_count(ctl->tab);
	for (i = 0; i < ctl->ntargets; i++) { /* grows while we walk it */
		pid_t parent = ctl->targets[i].pid;

		if (parent <= 0)
			continue;
		for (j = 0; j < n; j++) {
			const struct oomkit_proc *p = oomkit_proc_table_get(ctl->tab, j);
			pid_t pid = oomkit_proc_pid(p);
			long long ppid;

			if (oomkit_proc_get(p, OOMKIT_PROC_PPID, &ppid) < 0 || ppid != parent ||
			    pid == self)
				continue;
			add_selected(ctl, p);
		}
	}
}

/* Resolve a named pid: a thread id becomes its process, with a note. */
void add_named(struct control *ctl, pid_t asked, unsigned long long ino, int has_ino)
{
	struct target *t;
	pid_t tgid = asked;
	int rc;

	rc = oomkit_proc_tgid(ctl->ctx, asked, &tgid);
	if (rc < 0)
		tgid = asked; /* the failure is reported when pinning */
	t = add_target(ctl, tgid, asked, 0);
	if (!t)
		return;
	t->inode = ino;
	t->has_inode = has_ino;
	if (tgid != asked) {
		char why[160];

		oomkit_adj_explain_thread(asked, tgid, why, sizeof(why));
		if (ctl->json) /* text mode says it once, on stderr */
			target_note(t, "%s", why);
		if (!ctl->quiet && !ctl->json)
			warnx("%s", why);
		if (has_ino)
			t->has_inode = 2; /* a thread's inode: not comparable */
	}
}

/*
 * Test seam (documented as test-only in oomadj(1)): with
 * OOMADJ_TEST_PAUSE=select:<fifo>, block after choosing the targets and
 * before pinning them until a line arrives on <fifo>, so a test can make
 * a target exit, or reuse its pid, at exactly that moment.
 */
void test_pause(const char *where)
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
