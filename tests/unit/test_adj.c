/*
 * test_adj.c - liboomkit's adj module: the pure parsers on hostile text,
 * and the pin/write/verify routine on real processes this test starts.
 *
 * The live cases compare with the kernel's own files (/proc/<pid>/...
 * read directly, not through the library) and with its own refusals:
 * lowering below 0 without CAP_SYS_RESOURCE, writing another user's
 * process, writing after the process exited, a start time that differs,
 * and the kernel's copying of the value to a process sharing the mm.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "oomkit/oomkit.h"
#include "adj-private.h"
#include "proc-private.h"
#include "tmptree.h"

/* ---------------------------------------------------------------- */
/* pure parsers */

static void test_parse_start(void **state)
{
	unsigned long long t = 0;
	/* fields 3..21 then 22 = 4242 */
	static const char tail[] = " S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 4242 100 200\n";
	char buf[512];

	(void)state;
	snprintf(buf, sizeof(buf), "77 (sleep)%s", tail);
	assert_int_equal(oomkit__parse_stat_start(buf, &t), 0);
	assert_int_equal(t, 4242);
	/* a comm with ')', spaces, digits and a newline: parse after the
	 * LAST ')' */
	snprintf(buf, sizeof(buf),
		 "77 (a) 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 99 x\n)%s", tail);
	assert_int_equal(oomkit__parse_stat_start(buf, &t), 0);
	assert_int_equal(t, 4242);
	/* truncated before field 22 */
	assert_int_equal(oomkit__parse_stat_start("77 (sleep) S 1 2 3\n", &t), -OOMKIT_EPARSE);
	/* no ')' at all, nothing after it, garbage in field 22 */
	assert_int_equal(oomkit__parse_stat_start("77 sleep S 1", &t), -OOMKIT_EPARSE);
	assert_int_equal(oomkit__parse_stat_start("77 (sleep)", &t), -OOMKIT_EPARSE);
	snprintf(buf, sizeof(buf), "77 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 -5 1\n");
	assert_int_equal(oomkit__parse_stat_start(buf, &t), -OOMKIT_EPARSE);
	snprintf(buf, sizeof(buf), "77 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 12z 1\n");
	assert_int_equal(oomkit__parse_stat_start(buf, &t), -OOMKIT_EPARSE);
	snprintf(
		buf, sizeof(buf),
		"77 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 99999999999999999999999 1\n");
	assert_int_equal(oomkit__parse_stat_start(buf, &t), -OOMKIT_EPARSE);
}

static void test_parse_unit(void **state)
{
	char u[64];
	int user = -1;

	(void)state;
	/* hybrid (this machine's layout): name=systemd wins over 0:: */
	assert_int_equal(
		oomkit__adj_parse_unit("12:pids:/system.slice/pg.service\n"
				       "1:name=systemd:/system.slice/postgresql@15-main.service\n"
				       "0::/system.slice/other.service\n",
				       u, sizeof(u), &user),
		0);
	assert_string_equal(u, "postgresql@15-main.service");
	assert_int_equal(user, 0);
	/* pure v2 */
	assert_int_equal(
		oomkit__adj_parse_unit("0::/system.slice/nginx.service\n", u, sizeof(u), &user), 0);
	assert_string_equal(u, "nginx.service");
	/* a delegated sub-cgroup below the service still belongs to it */
	assert_int_equal(oomkit__adj_parse_unit("0::/system.slice/docker.service/sub/x\n", u,
						sizeof(u), &user),
			 0);
	assert_string_equal(u, "docker.service");
	/* a user service */
	assert_int_equal(
		oomkit__adj_parse_unit(
			"0::/user.slice/user-1000.slice/user@1000.service/app.slice/foo.service\n",
			u, sizeof(u), &user),
		0);
	assert_string_equal(u, "foo.service");
	assert_int_equal(user, 1);
	/* scopes are not services: sessions, apps in a user manager */
	assert_int_equal(oomkit__adj_parse_unit("0::/user.slice/user-0.slice/session-3.scope\n", u,
						sizeof(u), &user),
			 -ENOENT);
	assert_int_equal(oomkit__adj_parse_unit(
				 "0::/user.slice/user-1000.slice/user@1000.service/init.scope\n", u,
				 sizeof(u), &user),
			 -ENOENT);
	/* the root, no systemd line, empty text, no newline at the end */
	assert_int_equal(oomkit__adj_parse_unit("0::/\n", u, sizeof(u), NULL), -ENOENT);
	assert_int_equal(oomkit__adj_parse_unit("4:memory:/a.service\n", u, sizeof(u), NULL),
			 -ENOENT);
	assert_int_equal(oomkit__adj_parse_unit("", u, sizeof(u), NULL), -ENOENT);
	assert_int_equal(oomkit__adj_parse_unit("0::/s.slice/b.service", u, sizeof(u), NULL), 0);
	assert_string_equal(u, "b.service");
	/* ".service" alone is not a unit name; buffer too small */
	assert_int_equal(oomkit__adj_parse_unit("0::/.service\n", u, sizeof(u), NULL), -ENOENT);
	assert_int_equal(oomkit__adj_parse_unit("0::/s.slice/abcdefgh.service\n", u, 8, NULL),
			 -ERANGE);
}

/*
 * systemd's rule (D8): slices are skipped, the first other component is
 * the unit, and a service nested below a scope or another service belongs
 * to that outer unit, not to the host's manager.
 */
static void test_parse_unit_nested(void **state)
{
	char u[64];
	int user = -1;

	(void)state;
	/* systemd in a podman/nspawn container: the unit is the scope */
	assert_int_equal(
		oomkit__adj_parse_unit(
			"0::/machine.slice/libpod-abc.scope/container/system.slice/sshd.service\n",
			u, sizeof(u), &user),
		-ENOENT);
	assert_int_equal(
		oomkit__adj_parse_unit(
			"0::/kubepods.slice/kubepods-pod1.slice/cri-containerd-x.scope/system.slice/systemd-journald.service\n",
			u, sizeof(u), &user),
		-ENOENT);
	assert_int_equal(
		oomkit__adj_parse_unit(
			"1:name=systemd:/machine.slice/systemd-nspawn@c1.service/payload/system.slice/sshd.service\n",
			u, sizeof(u), &user),
		0);
	assert_string_equal(u, "systemd-nspawn@c1.service");
	assert_int_equal(user, 0);
	/* a delegated service whose owner names its cgroups like units */
	assert_int_equal(oomkit__adj_parse_unit(
				 "0::/system.slice/docker.service/system.slice/sshd.service\n", u,
				 sizeof(u), &user),
			 0);
	assert_string_equal(u, "docker.service");
	/* the kubelet's cgroupfs driver: no unit at all */
	assert_int_equal(oomkit__adj_parse_unit("0::/kubepods/burstable/pod1234/abcdef.service\n",
						u, sizeof(u), &user),
			 -ENOENT);
	assert_int_equal(
		oomkit__adj_parse_unit(
			"0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/cri-containerd-abc.scope\n",
			u, sizeof(u), &user),
		-ENOENT);
	/* ordinary units */
	user = -1;
	assert_int_equal(
		oomkit__adj_parse_unit("0::/system.slice/sshd.service\n", u, sizeof(u), &user), 0);
	assert_string_equal(u, "sshd.service");
	assert_int_equal(user, 0);
	assert_int_equal(oomkit__adj_parse_unit("0::/init.scope\n", u, sizeof(u), &user), -ENOENT);
	assert_int_equal(oomkit__adj_parse_unit("0::/\n", u, sizeof(u), &user), -ENOENT);
	assert_int_equal(oomkit__adj_parse_unit("0::/system.slice\n", u, sizeof(u), &user),
			 -ENOENT);
	/* the user manager itself is a system service ... */
	assert_int_equal(
		oomkit__adj_parse_unit("0::/user.slice/user-1000.slice/user@1000.service\n", u,
				       sizeof(u), &user),
		0);
	assert_string_equal(u, "user@1000.service");
	assert_int_equal(user, 0);
	/* ... and below it the rule applies again, for the user's manager */
	assert_int_equal(
		oomkit__adj_parse_unit(
			"0::/user.slice/user-1000.slice/user@1000.service/app.slice/x.service\n", u,
			sizeof(u), &user),
		0);
	assert_string_equal(u, "x.service");
	assert_int_equal(user, 1);
	assert_int_equal(
		oomkit__adj_parse_unit(
			"0::/user.slice/user-1000.slice/user@1000.service/app.slice/x.service/sub/y.service\n",
			u, sizeof(u), &user),
		0);
	assert_string_equal(u, "x.service");
	assert_int_equal(user, 1);
	assert_int_equal(
		oomkit__adj_parse_unit(
			"0::/user.slice/user-1000.slice/user@1000.service/app.slice/app-x.scope/a.service\n",
			u, sizeof(u), &user),
		-ENOENT);
	/* "user@" deeper down is not the user manager */
	assert_int_equal(
		oomkit__adj_parse_unit(
			"0::/machine.slice/m.scope/user.slice/user@1000.service/app.slice/x.service\n",
			u, sizeof(u), &user),
		-ENOENT);
}

/*
 * systemd.unit(5): a unit name is ASCII letters, digits, ":", "-", "_",
 * ".", "\" (escapes such as \x2d) and "@" (instances), and does not start
 * with "."; a cgroup directory may be named anything, so everything else
 * is not a unit.
 */
static void test_unit_name_valid(void **state)
{
	(void)state;
	assert_int_equal(oomkit_adj_unit_name_valid("sshd.service"), 1);
	assert_int_equal(oomkit_adj_unit_name_valid("getty@tty1.service"), 1);
	assert_int_equal(oomkit_adj_unit_name_valid("systemd-fsck@dev-disk-by\\x2duuid-1.service"),
			 1);
	assert_int_equal(oomkit_adj_unit_name_valid("a:b_C-9.service"), 1);
	assert_int_equal(oomkit_adj_unit_name_valid(NULL), 0);
	assert_int_equal(oomkit_adj_unit_name_valid(""), 0);
	assert_int_equal(oomkit_adj_unit_name_valid(".hidden.service"), 0);
	assert_int_equal(oomkit_adj_unit_name_valid("a b.service"), 0);
	assert_int_equal(oomkit_adj_unit_name_valid("a/b.service"), 0);
	assert_int_equal(oomkit_adj_unit_name_valid("x\n.service"), 0);
	assert_int_equal(oomkit_adj_unit_name_valid("x\033[31m.service"), 0);
	assert_int_equal(oomkit_adj_unit_name_valid("caf\xc3\xa9.service"), 0);
	assert_int_equal(oomkit_adj_unit_name_valid("a%b.service"), 0);
}

static void test_clamp(void **state)
{
	int c = -1;

	(void)state;
	assert_int_equal(oomkit_adj_clamp(1500, &c), 1000);
	assert_int_equal(c, 1);
	assert_int_equal(oomkit_adj_clamp(-1001, &c), -1000);
	assert_int_equal(c, 1);
	assert_int_equal(oomkit_adj_clamp(-1000, &c), -1000);
	assert_int_equal(c, 0);
	assert_int_equal(oomkit_adj_clamp(7, NULL), 7);
}

/* The words every front end uses for a clamped --add and a thread id. */
static void test_explain_request(void **state)
{
	char why[160];
	int len;

	(void)state;
	len = oomkit_adj_explain_clamp(900, 500, oomkit_adj_clamp(1400, NULL), why, sizeof(why));
	assert_string_equal(why, "900 +500 is outside -1000..1000, clamped to 1000");
	assert_int_equal(len, (int)strlen(why));
	oomkit_adj_explain_clamp(-800, -9999999999LL, -1000, why, sizeof(why));
	assert_string_equal(why, "-800 -9999999999 is outside -1000..1000, clamped to -1000");
	oomkit_adj_explain_thread(4243, 4242, why, sizeof(why));
	assert_string_equal(why, "4243 is a thread of process 4242: oom_score_adj belongs to "
				 "the whole process, so process 4242 is used");
	/* truncation is safe and reports the full length */
	assert_int_equal(
		oomkit_adj_explain_thread(4243, 4242, why, 5),
		(int)strlen(
			"4243 is a thread of process 4242: oom_score_adj belongs to the whole process, "
			"so process 4242 is used"));
	assert_string_equal(why, "4243");
	assert_int_equal(oomkit_adj_explain_clamp(1, 1, 1, NULL, 4), -EINVAL);
}

/* ---------------------------------------------------------------- */
/* live processes */

static int read_proc_int(pid_t pid, const char *name)
{
	char path[64], buf[32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	assert_true(n > 0);
	buf[n] = '\0';
	return atoi(buf);
}

static pid_t spawn_sleeper(void)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		/* die with the test: a failed assertion longjmps past reap(),
		 * and an orphan holding ctest's pipe would stall the run */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	return pid;
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void test_live_write_readback(void **state)
{
	struct oomkit_ctx *ctx;
	struct oomkit_adj_target *t;
	pid_t child = spawn_sleeper();
	int adj = -1, old = -1, now = -1;
	long long score = -1;

	(void)state;
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	assert_int_equal(oomkit_adj_open(ctx, child, 0, &t), 0);
	assert_int_equal(oomkit_adj_pid(t), child);
	assert_true(oomkit_adj_pidfd(t) >= 0);
	assert_int_equal(oomkit_adj_read(t, &adj), 0);
	assert_int_equal(adj, read_proc_int(child, "oom_score_adj"));
	assert_int_equal(oomkit_adj_read_score(t, &score), 0);
	assert_int_equal(score, read_proc_int(child, "oom_score"));

	assert_int_equal(oomkit_adj_write(t, 321, &old, &now), 0);
	assert_int_equal(old, adj);
	assert_int_equal(now, 321);
	assert_int_equal(read_proc_int(child, "oom_score_adj"), 321);
	/* +1000 adds 1000 * (totalpages / 1000) pages: the permille term is
	 * at least 999 even for an empty process (totalpages % 1000 pages are
	 * lost to the truncation), so the kernel's score is at least
	 * (1000 + 999) * 2 / 3 = 1332 (docs/kernel.md §3.3) */
	assert_int_equal(oomkit_adj_write(t, 1000, NULL, NULL), 0);
	assert_true(read_proc_int(child, "oom_score") >= 1332);
	/* raising and lowering down to the floor (0) needs no privilege */
	assert_int_equal(oomkit_adj_write(t, 0, &old, &now), 0);
	assert_int_equal(old, 1000);
	assert_int_equal(read_proc_int(child, "oom_score_adj"), 0);
	/* out of range: refused before anything is written */
	assert_int_equal(oomkit_adj_write(t, 1001, NULL, NULL), -EINVAL);
	assert_int_equal(oomkit_adj_write(t, -1001, NULL, NULL), -EINVAL);
	assert_int_equal(read_proc_int(child, "oom_score_adj"), 0);
	assert_int_equal(oomkit_adj_check(t), 0);

	/* the start time is the kernel's field 22 */
	{
		char path[64], buf[1024];
		unsigned long long st = 0;
		ssize_t n;
		int fd;

		snprintf(path, sizeof(path), "/proc/%d/stat", (int)child);
		fd = open(path, O_RDONLY);
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		assert_true(n > 0);
		buf[n] = '\0';
		assert_int_equal(oomkit__parse_stat_start(buf, &st), 0);
		assert_int_equal(st, oomkit_adj_start(t));
		assert_true(st > 0);
	}
	oomkit_adj_close(t);

	/* a wrong expected start time is a reused pid */
	assert_int_equal(oomkit_adj_open(ctx, child, 1, &t), -OOMKIT_ERACE);
	reap(child);
	oomkit_ctx_free(ctx);
}

static void test_live_gone(void **state)
{
	struct oomkit_ctx *ctx;
	struct oomkit_adj_target *t;
	pid_t child = spawn_sleeper();
	int adj;

	(void)state;
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	assert_int_equal(oomkit_adj_open(ctx, child, 0, &t), 0);
	/* the process exits (and is reaped) after it was pinned */
	reap(child);
	assert_int_equal(oomkit_adj_check(t), -ESRCH);
	assert_int_equal(oomkit_adj_read(t, &adj), -ESRCH);
	assert_int_equal(oomkit_adj_write(t, 100, NULL, NULL), -ESRCH);
	{
		char why[256];

		oomkit_adj_explain(t, -ESRCH, 100, NULL, why, sizeof(why));
		assert_string_equal(why, "the process has exited");
		oomkit_adj_explain(t, -EINVAL, 5000, NULL, why, sizeof(why));
		assert_string_equal(why, "value 5000 is out of range: must be from -1000 to 1000");
		oomkit_adj_explain(t, -OOMKIT_ERACE, 1, NULL, why, sizeof(why));
		assert_non_null(strstr(why, "reused"));
	}
	oomkit_adj_close(t);
	/* and cannot be opened any more */
	assert_int_equal(oomkit_adj_open(ctx, child, 0, &t), -ESRCH);
	oomkit_ctx_free(ctx);
}

static int cap_eff_has(int bit)
{
	char buf[4096], *p;
	ssize_t n;
	int fd = open("/proc/self/status", O_RDONLY);

	assert_true(fd >= 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	assert_true(n > 0);
	buf[n] = '\0';
	p = strstr(buf, "\nCapEff:");
	assert_non_null(p);
	return (int)((strtoull(p + 8, NULL, 16) >> bit) & 1);
}

static void test_live_below_floor(void **state)
{
	struct oomkit_ctx *ctx;
	struct oomkit_adj_target *t;
	pid_t child = spawn_sleeper();
	int has = oomkit_adj_has_sys_resource();

	(void)state;
	/* capget agrees with the kernel's CapEff (CAP_SYS_RESOURCE = 24) */
	assert_int_equal(has, cap_eff_has(24));
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	assert_int_equal(oomkit_adj_open(ctx, child, 0, &t), 0);
	if (has) {
		/* privileged: allowed, and it becomes the new floor */
		assert_int_equal(oomkit_adj_write(t, -5, NULL, NULL), 0);
		assert_int_equal(read_proc_int(child, "oom_score_adj"), -5);
	} else {
		/* the kernel refuses with EACCES; nothing changes */
		assert_int_equal(oomkit_adj_can_access(t, -1), -EACCES);
		assert_int_equal(oomkit_adj_denial(t), OOMKIT_ADJ_DENIED_BELOW_FLOOR);
		{
			char why[512];

			/* predicted (dry run): the floor is not visible, the rule is */
			oomkit_adj_explain(t, -EACCES, -1, "tester", why, sizeof(why));
			assert_string_equal(why, "lowering oom_score_adj from 0 to -1 needs "
						 "CAP_SYS_RESOURCE, which tester does not have");
		}
		assert_int_equal(oomkit_adj_write(t, -1, NULL, NULL), -EACCES);
		assert_int_equal(oomkit_adj_denial(t), OOMKIT_ADJ_DENIED_BELOW_FLOOR);
		{
			char why[512];
			int len = oomkit_adj_explain(t, -EACCES, -1, "tester", why, sizeof(why));

			assert_true(len > 0 && (size_t)len < sizeof(why));
			assert_non_null(strstr(
				why,
				"Permission denied: the value is below the process's floor (oom_score_adj_min"));
			assert_non_null(
				strstr(why, "needs CAP_SYS_RESOURCE, which tester does not have"));
			/* truncation is safe and reports the full length */
			assert_int_equal(oomkit_adj_explain(t, -EACCES, -1, "tester", why, 8), len);
			assert_int_equal(strlen(why), 7);
		}
		assert_int_equal(read_proc_int(child, "oom_score_adj"), 0);
		assert_int_equal(oomkit_adj_write(t, -1000, NULL, NULL), -EACCES);
		assert_int_equal(read_proc_int(child, "oom_score_adj"), 0);
	}
	oomkit_adj_close(t);
	reap(child);
	oomkit_ctx_free(ctx);
}

static void test_live_not_owner(void **state)
{
	pid_t child, writer;
	int status;

	(void)state;
	if (geteuid() != 0) {
		skip();
		return;
	}
	child = spawn_sleeper(); /* owned by root */
	writer = fork();
	assert_true(writer >= 0);
	if (writer == 0) {
		struct oomkit_ctx *ctx;
		struct oomkit_adj_target *t;
		int rc, rc2;

		if (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 ||
		    setresuid(65534, 65534, 65534) < 0)
			_exit(10);
		if (oomkit_ctx_new(&ctx) < 0 || oomkit_adj_open(ctx, child, 0, &t) < 0)
			_exit(11);
		rc = oomkit_adj_write(t, 500, NULL, NULL);
		if (rc != -EACCES)
			_exit(12);
		if (oomkit_adj_denial(t) != OOMKIT_ADJ_DENIED_NOT_OWNER)
			_exit(13);
		{
			char why[512];

			oomkit_adj_explain(t, rc, 500, "tester", why, sizeof(why));
			if (strncmp(why, "Permission denied: the process belongs to uid 0", 47) !=
				    0 ||
			    !strstr(why, "and tester runs as uid 65534"))
				_exit(15);
		}
		rc2 = oomkit_adj_can_access(t, 500);
		if (rc2 != -EACCES || oomkit_adj_denial(t) != OOMKIT_ADJ_DENIED_NOT_OWNER)
			_exit(14);
		_exit(0);
	}
	assert_int_equal(waitpid(writer, &status, 0), writer);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(read_proc_int(child, "oom_score_adj"), 0);
	reap(child);
}

static void test_live_inode(void **state)
{
	struct oomkit_ctx *ctx;
	struct oomkit_adj_target *t, *t2;
	unsigned long long a = 0, b = 0, c = 0;
	pid_t c1 = spawn_sleeper(), c2 = spawn_sleeper();
	struct stat st;
	int fd, rc;

	(void)state;
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	assert_int_equal(oomkit_adj_open(ctx, c1, 0, &t), 0);
	assert_int_equal(oomkit_adj_open(ctx, c2, 0, &t2), 0);
	rc = oomkit_adj_inode(t, &a);
	if (rc == -OOMKIT_EUNSUPPORTED) {
		/* before 6.9: only check that it says so consistently */
		assert_int_equal(oomkit_adj_inode(t2, &b), -OOMKIT_EUNSUPPORTED);
	} else {
		assert_int_equal(rc, 0);
		assert_int_equal(oomkit_adj_inode(t2, &b), 0);
		assert_true(a != b);
		/* an independent pidfd for the same process: same inode */
		fd = (int)syscall(SYS_pidfd_open, c1, 0);
		assert_true(fd >= 0);
		assert_int_equal(fstat(fd, &st), 0);
		close(fd);
		c = (unsigned long long)st.st_ino;
		assert_int_equal(a, c);
	}
	oomkit_adj_close(t);
	oomkit_adj_close(t2);
	reap(c1);
	reap(c2);
	oomkit_ctx_free(ctx);
}

static int vm_child(void *arg)
{
	(void)arg;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (;;)
		pause();
	return 0;
}

static void test_live_mm_sharers(void **state)
{
	struct oomkit_ctx *ctx;
	struct oomkit_adj_target *t;
	static char stack[64 * 1024] __attribute__((aligned(16)));
	pid_t sharers[8], child;
	int n, i, found = 0, before;

	(void)state;
	/* a process sharing our mm, not our thread group */
	child = clone(vm_child, stack + sizeof(stack), CLONE_VM | SIGCHLD, NULL);
	assert_true(child > 0);
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	assert_int_equal(oomkit_adj_open(ctx, child, 0, &t), 0);
	n = oomkit_adj_mm_sharers(ctx, t, sharers, 8);
	if (n == -OOMKIT_EUNSUPPORTED) {
		skip();
		return;
	}
	assert_true(n >= 1);
	for (i = 0; i < n && i < 8; i++)
		if (sharers[i] == getpid())
			found = 1;
	assert_true(found);
	/* the kernel copies a write to the child into our own value */
	before = read_proc_int(getpid(), "oom_score_adj");
	assert_int_equal(oomkit_adj_write(t, before + 7 > 1000 ? 1000 : before + 7, NULL, NULL), 0);
	assert_int_equal(read_proc_int(getpid(), "oom_score_adj"),
			 before + 7 > 1000 ? 1000 : before + 7);
	oomkit_adj_close(t);
	reap(child);

	/* an ordinary forked child shares with nobody */
	child = spawn_sleeper();
	assert_int_equal(oomkit_adj_open(ctx, child, 0, &t), 0);
	assert_int_equal(oomkit_adj_mm_sharers(ctx, t, sharers, 8), 0);
	oomkit_adj_close(t);
	reap(child);
	oomkit_ctx_free(ctx);
}

/* A child that has exited and is not reaped: the caller waits for it. */
static pid_t make_zombie(void)
{
	pid_t zombie = fork();
	char st = 0;
	int i;

	assert_true(zombie >= 0);
	if (zombie == 0)
		_exit(0);
	/* wait until it is a zombie, without reaping it */
	for (i = 0; i < 200 && st != 'Z'; i++) {
		char path[64], buf[512], *p;
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%d/stat", (int)zombie);
		f = fopen(path, "r");
		if (f && fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
			st = p[2];
		if (f)
			fclose(f);
		if (st != 'Z')
			usleep(10000);
	}
	assert_int_equal(st, 'Z');
	return zombie;
}

/* The notes of a change on @t, as one array; the count is checked. */
static char **notes_of(struct oomkit_ctx *ctx, struct oomkit_adj_target *t,
		       const struct oomkit_adj_change *c, int want)
{
	char **v = (char **)1;

	assert_int_equal(oomkit_adj_notes(ctx, t, c, &v), want);
	assert_non_null(v);
	assert_null(v[want]);
	return v;
}

/*
 * The consequences of a value, as the kernel and systemd decide them: a
 * zombie is never chosen, -1000 makes a process unkillable (and a domain
 * of only such processes panics or fails), a process sharing the mm gets
 * the value too (4.8+), and systemd sets OOMScoreAdjust= again at each
 * start of the service.
 */
static void test_live_notes(void **state)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	struct oomkit_adj_change c = { .value = 0 };
	struct oomkit_ctx *ctx;
	struct oomkit_adj_target *t;
	pid_t child, zombie;
	char **v, me[32];
	int i;

	(void)state;
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	/* an ordinary process, an ordinary value, no service: nothing */
	child = spawn_sleeper();
	assert_int_equal(oomkit_adj_open(ctx, child, 0, &t), 0);
	v = notes_of(ctx, t, &c, 0);
	oomkit_strv_free(v);
	/* -1000: unkillable, and the whole-domain consequence */
	c.value = OOMKIT_ADJ_MIN;
	v = notes_of(ctx, t, &c, 1);
	assert_non_null(strstr(v[0], "unkillable"));
	assert_non_null(strstr(v[0], "panics the kernel"));
	assert_non_null(strstr(v[0], "memory cgroup OOM fails the allocation"));
	oomkit_strv_free(v);
	/* a system service: the value is lost at restart; a drop-in keeps it */
	c.value = 300;
	c.unit = "x.service";
	c.dropin_hint = "written to /etc/x";
	v = notes_of(ctx, t, &c, 1);
	assert_non_null(strstr(v[0], "belongs to x.service"));
	assert_non_null(strstr(v[0], "lost when the service restarts"));
	assert_non_null(strstr(v[0], "OOMScoreAdjust=300 in a drop-in (written to /etc/x)"));
	oomkit_strv_free(v);
	c.dropin_hint = NULL;
	v = notes_of(ctx, t, &c, 1);
	assert_int_equal(strcmp(v[0] + strlen(v[0]) - strlen("in a drop-in"), "in a drop-in"), 0);
	oomkit_strv_free(v);
	/* a user service: its drop-ins live in the user's configuration */
	c.unit_user = 1;
	v = notes_of(ctx, t, &c, 1);
	assert_non_null(strstr(v[0], "user service x.service"));
	assert_non_null(strstr(v[0], "~/.config/systemd/user/x.service.d/"));
	oomkit_strv_free(v);
	c.unit = NULL;
	c.unit_user = 0;
	/* bad arguments */
	v = (char **)1;
	assert_int_equal(oomkit_adj_notes(ctx, t, NULL, &v), -EINVAL);
	assert_null(v);
	assert_int_equal(oomkit_adj_notes(ctx, t, &c, NULL), -EINVAL);
	oomkit_adj_close(t);
	reap(child);

	/* a process sharing our mm: the kernel copies the value to us */
	child = clone(vm_child, stack + sizeof(stack), CLONE_VM | SIGCHLD, NULL);
	assert_true(child > 0);
	assert_int_equal(oomkit_adj_open(ctx, child, 0, &t), 0);
	snprintf(me, sizeof(me), "%d", (int)getpid());
	c.value = 5;
	c.dry_run = 1;
	i = oomkit_adj_notes(ctx, t, &c, &v);
	if (i == 1) { /* 0 without kcmp */
		assert_non_null(strstr(v[0], me));
		assert_non_null(strstr(v[0], "share"));
		assert_non_null(strstr(v[0], "would get 5"));
		oomkit_strv_free(v);
		c.dry_run = 0;
		v = notes_of(ctx, t, &c, 1);
		assert_non_null(strstr(v[0], "now have 5"));
	} else {
		assert_int_equal(i, 0);
	}
	oomkit_strv_free(v);
	c.dry_run = 0;
	oomkit_adj_close(t);
	reap(child);

	/* a zombie holds no memory: never chosen, and -1000 says nothing more */
	zombie = make_zombie();
	assert_int_equal(oomkit_adj_open(ctx, zombie, 0, &t), 0);
	c.value = OOMKIT_ADJ_MIN;
	v = notes_of(ctx, t, &c, 1);
	assert_non_null(strstr(v[0], "holds no memory"));
	assert_non_null(strstr(v[0], "never chooses it"));
	assert_non_null(strstr(v[0], "no effect"));
	oomkit_strv_free(v);
	oomkit_adj_close(t);
	waitpid(zombie, NULL, 0);
	oomkit_ctx_free(ctx);
}

/*
 * A zombie and every kernel thread have no mm: kcmp(KCMP_VM) says they
 * all "share" one (D10). They share nothing, and the OOM killer never
 * chooses them.
 */
static void test_live_never_chosen(void **state)
{
	struct oomkit_ctx *ctx;
	struct oomkit_adj_target *t;
	pid_t sharers[8], zombie = make_zombie(), live;

	(void)state;
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	assert_int_equal(oomkit_adj_open(ctx, zombie, 0, &t), 0);
	assert_int_equal(oomkit_adj_never_chosen(t), OOMKIT_INELIGIBLE_NO_MM);
	assert_int_equal(oomkit_adj_mm_sharers(ctx, t, sharers, 8), 0);
	oomkit_adj_close(t);
	waitpid(zombie, NULL, 0);

	live = spawn_sleeper();
	assert_int_equal(oomkit_adj_open(ctx, live, 0, &t), 0);
	assert_int_equal(oomkit_adj_never_chosen(t), 0);
	oomkit_adj_close(t);
	reap(live);

	/* kthreadd, where this pid namespace has one */
	if (oomkit_adj_open(ctx, 2, 0, &t) == 0) {
		char comm[32] = "";
		int fd = openat(oomkit_adj_dirfd(t), "comm", O_RDONLY);

		if (fd >= 0 && read(fd, comm, sizeof(comm) - 1) > 0 &&
		    strncmp(comm, "kthreadd", 8) == 0) {
			assert_int_equal(oomkit_adj_never_chosen(t), OOMKIT_INELIGIBLE_KTHREAD);
			assert_int_equal(oomkit_adj_mm_sharers(ctx, t, sharers, 8), 0);
		}
		if (fd >= 0)
			close(fd);
		oomkit_adj_close(t);
	}
	oomkit_ctx_free(ctx);
}

static void test_live_errors(void **state)
{
	struct oomkit_ctx *ctx;
	struct oomkit_adj_target *t;

	(void)state;
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	assert_int_equal(oomkit_adj_open(ctx, 0, 0, &t), -EINVAL);
	assert_int_equal(oomkit_adj_open(ctx, -4, 0, &t), -EINVAL);
	/* pid_max is at most 4194304: this pid cannot exist */
	assert_int_equal(oomkit_adj_open(ctx, 0x7ffffff0, 0, &t), -ESRCH);
	oomkit_adj_close(NULL);
	oomkit_ctx_free(ctx);
}

/*
 * The grandchild's side of test_live_foreign_pidns(): it is pid 1 of a
 * new pid namespace but still sees the parent namespace's /proc, where
 * "1" is another process (the parent's init) and its own number is not 1.
 * Returns a bit for each check that failed, so the parent can say which.
 */
static int in_foreign_pidns(void)
{
	struct oomkit_ctx *ctx;
	struct oomkit_adj_target *t = NULL;
	char why[512];
	int bad = 0;

	if (oomkit_ctx_new(&ctx) < 0)
		return 64;
	if (oomkit_adj_check_procfs(ctx) != -EXDEV)
		bad |= 1;
	/* pid 1 is this process here, another one in that /proc */
	if (oomkit_adj_open(ctx, 1, 0, &t) != -EXDEV)
		bad |= 2;
	oomkit_adj_close(t);
	t = NULL;
	if (oomkit_adj_open(ctx, getpid(), 0, &t) != -EXDEV)
		bad |= 4;
	oomkit_adj_close(t);
	/* one text for every front end, with or without a target */
	oomkit_adj_explain(NULL, -EXDEV, 0, "tester", why, sizeof(why));
	if (!strstr(why, "the procfs belongs to another pid namespace than tester's"))
		bad |= 8;
	oomkit_ctx_free(ctx);
	return bad;
}

/*
 * A procfs of another pid namespace numbers processes otherwise than the
 * caller's pidfd_open() does: the library must refuse it (D1), and must
 * still work with the caller's own procfs.
 */
static void test_live_foreign_pidns(void **state)
{
	struct oomkit_ctx *ctx;
	pid_t child;
	int status;

	(void)state;
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	assert_int_equal(oomkit_adj_check_procfs(ctx), 0);
	oomkit_ctx_free(ctx);

	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		pid_t inner;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (unshare(CLONE_NEWPID) < 0)
			_exit(77);
		inner = fork();
		if (inner < 0)
			_exit(65);
		if (inner == 0)
			_exit(in_foreign_pidns());
		if (waitpid(inner, &status, 0) != inner || !WIFEXITED(status))
			_exit(66);
		_exit(WEXITSTATUS(status));
	}
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77)
		skip(); /* no CAP_SYS_ADMIN for a pid namespace */
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* A fixture procfs root: no pidfd is taken, everything else works. */
static void test_fixture_root(void **state)
{
	char dir[PATH_MAX], path[PATH_MAX + 64];
	struct oomkit_ctx *ctx;
	struct oomkit_adj_target *t;
	char unit[64];
	int adj, user;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(tt_template(dir, "oomkit-adj")));
	snprintf(path, sizeof(path), "%s/4242", dir);
	assert_int_equal(mkdir(path, 0755), 0);
#define PUT(name, text)                                                \
	do {                                                           \
		snprintf(path, sizeof(path), "%s/4242/%s", dir, name); \
		f = fopen(path, "w");                                  \
		assert_non_null(f);                                    \
		fputs(text, f);                                        \
		fclose(f);                                             \
	} while (0)
	PUT("stat", "4242 (we)ird) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 777 1 2\n");
	PUT("oom_score_adj", "-17\n");
	PUT("cgroup", "1:name=systemd:/system.slice/db.service\n0::/\n");
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	assert_int_equal(oomkit_ctx_set_proc_root(ctx, dir), 0);
	assert_int_equal(oomkit_adj_open(ctx, 4242, 777, &t), 0);
	assert_int_equal(oomkit_adj_pidfd(t), -1);
	assert_int_equal(oomkit_adj_start(t), 777);
	assert_int_equal(oomkit_adj_read(t, &adj), 0);
	assert_int_equal(adj, -17);
	assert_int_equal(oomkit_adj_systemd_unit(t, unit, sizeof(unit), &user), 0);
	assert_string_equal(unit, "db.service");
	/* comm through the pinned directory: raw bytes, newline dropped */
	PUT("comm", "we)ird \xff\n");
	assert_int_equal(oomkit_adj_comm(t, unit, sizeof(unit)), 0);
	assert_string_equal(unit, "we)ird \xff");
	assert_int_equal(oomkit_adj_comm(t, unit, 4), -ERANGE);
	assert_string_equal(unit, "we)");
	snprintf(path, sizeof(path), "%s/4242/comm", dir);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(oomkit_adj_comm(t, unit, sizeof(unit)), -ESRCH);
	assert_string_equal(unit, "");
	assert_int_equal(oomkit_adj_inode(t, NULL), -EINVAL);
	oomkit_adj_close(t);
	assert_int_equal(oomkit_adj_open(ctx, 4242, 778, &t), -OOMKIT_ERACE);
	/* hostile oom_score_adj contents */
	PUT("oom_score_adj", "5000\n");
	assert_int_equal(oomkit_adj_open(ctx, 4242, 0, &t), 0);
	assert_int_equal(oomkit_adj_read(t, &adj), -OOMKIT_EPARSE);
	PUT("oom_score_adj", "");
	assert_int_equal(oomkit_adj_read(t, &adj), -ESRCH);
	PUT("oom_score_adj", "12abc\n");
	assert_int_equal(oomkit_adj_read(t, &adj), -OOMKIT_EPARSE);
	oomkit_adj_close(t);
	assert_int_equal(oomkit_adj_open(ctx, 4243, 0, &t), -ESRCH);
	oomkit_ctx_free(ctx);
#undef PUT
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

/* a careless caller: no target, and errors at the ends of int's range */
static void test_explain_extremes(void **state)
{
	char why[256];

	(void)state;
	assert_true(oomkit_adj_explain(NULL, INT_MIN, 0, NULL, why, sizeof(why)) > 0);
	assert_string_equal(why, "Unknown oomkit error");
	assert_true(oomkit_adj_explain(NULL, INT_MAX, INT_MIN, NULL, why, sizeof(why)) > 0);
	assert_string_equal(why, "Unknown oomkit error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_explain_extremes),
		cmocka_unit_test(test_parse_start),
		cmocka_unit_test(test_parse_unit),
		cmocka_unit_test(test_parse_unit_nested),
		cmocka_unit_test(test_explain_request),
		cmocka_unit_test(test_unit_name_valid),
		cmocka_unit_test(test_clamp),
		cmocka_unit_test(test_live_write_readback),
		cmocka_unit_test(test_live_gone),
		cmocka_unit_test(test_live_below_floor),
		cmocka_unit_test(test_live_not_owner),
		cmocka_unit_test(test_live_inode),
		cmocka_unit_test(test_live_mm_sharers),
		cmocka_unit_test(test_live_never_chosen),
		cmocka_unit_test(test_live_notes),
		cmocka_unit_test(test_live_errors),
		cmocka_unit_test(test_live_foreign_pidns),
		cmocka_unit_test(test_fixture_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
