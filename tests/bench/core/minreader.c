/*
 * minreader - the floor for reading the OOM-relevant state of every
 * process: for each /proc/<pid>, open the pid directory once and read
 * status, oom_score, oom_score_adj and cgroup into a buffer, then print
 * one line "PID OOM_SCORE OOM_SCORE_ADJ VMRSS_KB". Nothing else: no
 * escaping, no sorting, no memcg files, no meminfo.
 *
 * Built by tests/bench/core/run.sh with cc -O2; not part of oomkit.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char buf[16384];

/* Read a whole (small) file relative to @dfd into buf; -1 on error. */
static ssize_t slurp(int dfd, const char *name)
{
	ssize_t len = 0, n;
	int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((size_t)len < sizeof(buf) - 1) {
		n = read(fd, buf + len, sizeof(buf) - 1 - (size_t)len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	return len;
}

static long first_number(void)
{
	return strtol(buf, NULL, 10);
}

int main(void)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	long procs = 0;

	if (!d) {
		perror("/proc");
		return 1;
	}
	while ((de = readdir(d))) {
		long rss = 0, score, adj;
		const char *p;
		int dfd;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		dfd = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0)
			continue;
		if (slurp(dfd, "status") < 0)
			goto next;
		p = strstr(buf, "\nVmRSS:");
		if (p)
			rss = strtol(p + 7, NULL, 10);
		if (slurp(dfd, "oom_score") < 0)
			goto next;
		score = first_number();
		if (slurp(dfd, "oom_score_adj") < 0)
			goto next;
		adj = first_number();
		if (slurp(dfd, "cgroup") < 0)
			goto next;
		printf("%s %ld %ld %ld\n", de->d_name, score, adj, rss);
		procs++;
next:
		close(dfd);
	}
	closedir(d);
	fprintf(stderr, "minreader: %ld processes\n", procs);
	return 0;
}
