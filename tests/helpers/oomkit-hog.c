/*
 * oomkit-hog - a test process with a chosen size, oom_score_adj and comm.
 *
 *   oomkit-hog [-m MiB] [-f MiB] [-a ADJ] [-c COMM] [-g MiB] [-i MS] [-r FD]
 *
 *   -m MiB   anonymous memory to allocate and touch (default 0)
 *   -f MiB   file-backed memory: map and read a temporary file of this size
 *   -a ADJ   write ADJ to /proc/self/oom_score_adj first
 *   -c COMM  set the comm (prctl PR_SET_NAME); \n, \t, \\ and \xHH escapes
 *            are decoded, so hostile names can be made from the shell
 *   -g MiB   after the initial allocation, keep allocating MiB every
 *            interval until killed (to cause an OOM)
 *   -i MS    the interval for -g, in milliseconds (default 20)
 *   -r FD    write "ready\n" to FD once the memory is touched
 *
 * Then it sleeps until killed. Only for tests: exits 1 on any error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void touch(size_t mib)
{
	size_t len = mib << 20, i;
	char *p;

	if (!mib)
		return;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("mmap");
	for (i = 0; i < len; i += 4096)
		p[i] = (char)(i + 1);
}

static void map_file(size_t mib)
{
	char path[] = "/tmp/oomkit-hog-XXXXXX";
	size_t len = mib << 20, i;
	volatile char sum = 0;
	char *p;
	int fd;

	if (!mib)
		return;
	fd = mkstemp(path);
	if (fd < 0)
		die("mkstemp");
	unlink(path);
	if (ftruncate(fd, (off_t)len) < 0)
		die("ftruncate");
	p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("mmap file");
	for (i = 0; i < len; i += 4096)
		sum = (char)(sum + p[i]);
	(void)sum;
}

static void decode(const char *in, char *out, size_t size)
{
	size_t n = 0;

	while (*in && n + 1 < size) {
		if (in[0] == '\\' && in[1] == 'n') {
			out[n++] = '\n';
			in += 2;
		} else if (in[0] == '\\' && in[1] == 't') {
			out[n++] = '\t';
			in += 2;
		} else if (in[0] == '\\' && in[1] == '\\') {
			out[n++] = '\\';
			in += 2;
		} else if (in[0] == '\\' && in[1] == 'x' && in[2] && in[3]) {
			char hex[3] = { in[2], in[3], 0 };

			out[n++] = (char)strtoul(hex, NULL, 16);
			in += 4;
		} else {
			out[n++] = *in++;
		}
	}
	out[n] = '\0';
}

int main(int argc, char **argv)
{
	size_t mib = 0, fmib = 0, grow = 0;
	long interval_ms = 20;
	int ready_fd = -1, opt;
	const char *adj = NULL, *comm = NULL;

	while ((opt = getopt(argc, argv, "m:f:a:c:g:i:r:")) != -1) {
		switch (opt) {
		case 'm': mib = strtoul(optarg, NULL, 10); break;
		case 'f': fmib = strtoul(optarg, NULL, 10); break;
		case 'a': adj = optarg; break;
		case 'c': comm = optarg; break;
		case 'g': grow = strtoul(optarg, NULL, 10); break;
		case 'i': interval_ms = strtol(optarg, NULL, 10); break;
		case 'r': ready_fd = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: oomkit-hog [-m MiB] [-f MiB] [-a ADJ] [-c COMM] [-g MiB] [-i MS] [-r FD]\n");
			return 1;
		}
	}
	if (adj) {
		int fd = open("/proc/self/oom_score_adj", O_WRONLY);

		if (fd < 0 || write(fd, adj, strlen(adj)) < 0)
			die("oom_score_adj");
		close(fd);
	}
	if (comm) {
		char name[64];

		decode(comm, name, sizeof(name));
		if (prctl(PR_SET_NAME, name, 0, 0, 0) < 0)
			die("prctl");
	}
	touch(mib);
	map_file(fmib);
	if (ready_fd >= 0) {
		if (write(ready_fd, "ready\n", 6) < 0)
			die("ready");
		close(ready_fd);
	}
	while (grow) {
		struct timespec ts = { interval_ms / 1000, (interval_ms % 1000) * 1000000L };

		touch(grow);
		nanosleep(&ts, NULL);
	}
	for (;;)
		pause();
}
