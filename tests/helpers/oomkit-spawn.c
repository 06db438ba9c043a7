/*
 * oomkit-spawn - start many test processes at once and keep them alive.
 *
 *   oomkit-spawn [-n COUNT] [-P PLANFILE] [-c COMM] [-t SECONDS]
 *
 *   -n COUNT     start COUNT idle children (0 MiB, adj unchanged)
 *   -P PLANFILE  also start one child per line of PLANFILE ("-": stdin),
 *                "ANON_MIB FILE_MIB ADJ [UID]"; ADJ "-" leaves
 *                oom_score_adj alone, UID (optional) makes the child drop
 *                to that uid/gid after setting its adj
 *   -c COMM      comm of the children (prctl PR_SET_NAME; default
 *                "oomkit-spawnc")
 *   -t SECONDS   give up and clean up after SECONDS (default 900), so a
 *                test that dies without its trap leaves nothing behind
 *
 * Each child touches ANON_MIB of anonymous memory, maps and reads
 * FILE_MIB of one shared temporary file under /var/tmp (file pages count
 * in RssFile of every child that maps them), then reports to the parent
 * and sleeps. When all children are ready the parent prints one line per
 * child, "PID ANON_MIB FILE_MIB ADJ" (ADJ "-" when not set), then
 * "ready", flushes stdout and waits. On SIGTERM, SIGINT, SIGHUP or the -t
 * timeout it kills every child with SIGKILL, reaps them and exits 0. Children also die with the parent
 * (PR_SET_PDEATHSIG), so a killed spawner leaves nothing behind.
 *
 * Only for tests and benchmarks: exits 1 on any error.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

struct plan {
	unsigned anon_mib;
	unsigned file_mib;
	int adj;
	int set_adj;
	long uid;
	pid_t pid;
};

static struct plan *plans;
static size_t nplans;
static volatile sig_atomic_t stop;

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void add_plan(unsigned anon, unsigned file, int adj, int set_adj,
		     long uid)
{
	static size_t cap;

	if (nplans == cap) {
		cap = cap ? cap * 2 : 256;
		plans = realloc(plans, cap * sizeof(*plans));
		if (!plans)
			die("realloc");
	}
	plans[nplans].anon_mib = anon;
	plans[nplans].file_mib = file;
	plans[nplans].adj = adj;
	plans[nplans].set_adj = set_adj;
	plans[nplans].uid = uid;
	plans[nplans].pid = 0;
	nplans++;
}

static void read_plan(const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char line[256];

	if (!f)
		die(path);
	while (fgets(line, sizeof(line), f)) {
		char adjs[32] = "";
		unsigned anon, file;
		long uid = -1;
		int n;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		n = sscanf(line, "%u %u %31s %ld", &anon, &file, adjs, &uid);
		if (n < 3) {
			fprintf(stderr, "oomkit-spawn: bad plan line: %s", line);
			exit(1);
		}
		if (strcmp(adjs, "-") == 0)
			add_plan(anon, file, 0, 0, uid);
		else
			add_plan(anon, file, atoi(adjs), 1, uid);
	}
	if (f != stdin)
		fclose(f);
}

static void child(const struct plan *pl, int ready_fd, int file_fd,
		  const char *comm, pid_t parent)
{
	size_t i;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		die("prctl");
	if (getppid() != parent)
		_exit(1);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGALRM, SIG_DFL);
	if (prctl(PR_SET_NAME, comm, 0, 0, 0) < 0)
		die("prctl name");
	if (pl->set_adj) {
		char buf[16];
		int fd = open("/proc/self/oom_score_adj", O_WRONLY);
		int len = snprintf(buf, sizeof(buf), "%d", pl->adj);

		if (fd < 0 || write(fd, buf, (size_t)len) != len)
			die("oom_score_adj");
		close(fd);
	}
	if (pl->uid >= 0) {
		if (setgroups(0, NULL) < 0 || setresgid((gid_t)pl->uid, (gid_t)pl->uid, (gid_t)pl->uid) < 0 ||
		    setresuid((uid_t)pl->uid, (uid_t)pl->uid, (uid_t)pl->uid) < 0)
			die("setresuid");
		/* a uid change clears the dumpable flag and PDEATHSIG */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
			die("prctl");
		if (getppid() != parent)
			_exit(1);
	}
	if (pl->anon_mib) {
		size_t len = (size_t)pl->anon_mib << 20;
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			die("mmap");
		for (i = 0; i < len; i += 4096)
			p[i] = (char)(i / 4096 + 1);
	}
	if (pl->file_mib) {
		size_t len = (size_t)pl->file_mib << 20;
		volatile char sum = 0;
		char *p = mmap(NULL, len, PROT_READ, MAP_SHARED, file_fd, 0);

		if (p == MAP_FAILED)
			die("mmap file");
		for (i = 0; i < len; i += 4096)
			sum = (char)(sum + p[i]);
		(void)sum;
	}
	if (file_fd >= 0)
		close(file_fd);
	if (write(ready_fd, "r", 1) != 1)
		die("ready");
	close(ready_fd);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	const char *comm = "oomkit-spawnc";
	const char *plan_file = NULL;
	unsigned max_file = 0, timeout = 900;
	size_t i, count = 0, got = 0;
	int opt, file_fd = -1, pfd[2];
	struct sigaction sa;
	pid_t self = getpid();

	while ((opt = getopt(argc, argv, "n:P:c:t:")) != -1) {
		switch (opt) {
		case 'n': count = strtoul(optarg, NULL, 10); break;
		case 'P': plan_file = optarg; break;
		case 'c': comm = optarg; break;
		case 't': timeout = (unsigned)strtoul(optarg, NULL, 10); break;
		default:
			fprintf(stderr, "usage: oomkit-spawn [-n COUNT] [-P PLANFILE] [-c COMM] [-t SECONDS]\n");
			return 1;
		}
	}
	if (plan_file)
		read_plan(plan_file);
	for (i = 0; i < count; i++)
		add_plan(0, 0, 0, 0, -1);
	for (i = 0; i < nplans; i++)
		if (plans[i].file_mib > max_file)
			max_file = plans[i].file_mib;
	if (max_file) {
		char path[] = "/var/tmp/oomkit-spawn-XXXXXX";
		size_t len = (size_t)max_file << 20, off;
		char block[65536];

		file_fd = mkstemp(path);
		if (file_fd < 0)
			die("mkstemp");
		unlink(path);
		/* real data, not a hole: hole pages would map the zero page */
		memset(block, 'x', sizeof(block));
		for (off = 0; off < len; off += sizeof(block))
			if (write(file_fd, block, sizeof(block)) != (ssize_t)sizeof(block))
				die("write");
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	alarm(timeout);

	if (pipe(pfd) < 0)
		die("pipe");
	for (i = 0; i < nplans && !stop; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			stop = 1;
			break;
		}
		if (pid == 0) {
			close(pfd[0]);
			child(&plans[i], pfd[1], file_fd, comm, self);
		}
		plans[i].pid = pid;
	}
	close(pfd[1]);
	if (file_fd >= 0)
		close(file_fd);
	while (!stop && got < nplans) {
		char buf[4096];
		ssize_t n = read(pfd[0], buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "oomkit-spawn: only %zu of %zu children ready\n",
				got, nplans);
			stop = 2;
			break;
		}
		got += (size_t)n;
	}
	close(pfd[0]);
	if (!stop) {
		for (i = 0; i < nplans; i++)
			if (plans[i].set_adj)
				printf("%d %u %u %d\n", (int)plans[i].pid,
				       plans[i].anon_mib, plans[i].file_mib,
				       plans[i].adj);
			else
				printf("%d %u %u -\n", (int)plans[i].pid,
				       plans[i].anon_mib, plans[i].file_mib);
		printf("ready\n");
		if (fflush(stdout) != 0)
			stop = 2;
	}
	/* wait for a signal (or the timeout), without a lost-wakeup window */
	{
		sigset_t block, old;

		sigemptyset(&block);
		sigaddset(&block, SIGTERM);
		sigaddset(&block, SIGINT);
		sigaddset(&block, SIGHUP);
		sigaddset(&block, SIGALRM);
		sigprocmask(SIG_BLOCK, &block, &old);
		while (!stop)
			sigsuspend(&old);
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	for (i = 0; i < nplans; i++)
		if (plans[i].pid > 0)
			kill(plans[i].pid, SIGKILL);
	for (i = 0; i < nplans; i++)
		if (plans[i].pid > 0)
			while (waitpid(plans[i].pid, NULL, 0) < 0 && errno == EINTR)
				;
	return stop == 2 ? 1 : 0;
}
