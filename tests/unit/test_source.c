/*
 * test_source.c - text sources under signals: a signal handler installed
 * without SA_RESTART gets control back from a blocking open() or read()
 * (-EINTR, so a follow loop can check its stop flag), and nothing is
 * lost when the caller goes on. And the year assumed for clocks without
 * one (oomkit_source_year).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "oomkit/report.h"
#include "oomkit/source.h"
#include "tmptree.h"

static volatile sig_atomic_t fired;

static void on_alarm(int sig)
{
	(void)sig;
	fired = 1;
}

static void arm(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 100000 } }; /* 0.1 s */
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm; /* no SA_RESTART */
	assert_int_equal(sigaction(SIGALRM, &sa, NULL), 0);
	fired = 0;
	assert_int_equal(setitimer(ITIMER_REAL, &it, NULL), 0);
}

static void test_open_fifo_eintr(void **state)
{
	char dir[PATH_MAX], path[PATH_MAX + 8];
	struct oomkit_source *src = NULL;
	pid_t pid;
	int r;

	(void)state;
	assert_non_null(mkdtemp(tt_template(dir, "oomkit-src")));
	snprintf(path, sizeof(path), "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	/* a late writer, so that a library that retries fails, not hangs */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd;

		sleep(1);
		fd = open(path, O_WRONLY | O_NONBLOCK);
		_exit(fd >= 0 ? 0 : 1);
	}
	arm();
	/* no writer yet: open() waits until the signal */
	r = oomkit_source_open_file(&src, path);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	oomkit_source_free(src);
	assert_int_equal(r, -EINTR);
	assert_true(fired);
	unlink(path);
	rmdir(dir);
}

static void test_read_eintr_resumes(void **state)
{
	static const char kill[] =
		"[  1.000000] Out of memory: Killed process 42 (victim) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB\n";
	struct oomkit_report_parser *rp;
	struct oomkit_source *src;
	struct oomkit_event *ev;
	long long v;
	pid_t pid;
	int fds[2], saved, r;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	saved = dup(STDIN_FILENO);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
	close(fds[0]);
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	assert_int_equal(oomkit_source_open_file(&src, "-"), 0);
	/* half a line, then nothing for a second */
	assert_int_equal(write(fds[1], kill, 20), 20);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		size_t rest = strlen(kill) - 20;

		sleep(1);
		_exit(write(fds[1], kill + 20, rest) == (ssize_t)rest ? 0 : 1);
	}
	close(fds[1]);
	arm();
	/* read() waits until the signal */
	r = oomkit_source_read(src, rp);
	assert_int_equal(r, -EINTR);
	assert_true(fired);
	/* the caller goes on: the rest of the line joins the first half */
	do
		r = oomkit_source_read(src, rp);
	while (r > 0 || r == -EINTR);
	assert_int_equal(r, 0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	assert_int_equal(oomkit_report_flush(rp), 0);
	assert_int_equal(oomkit_report_next(rp, &ev), 0);
	assert_int_equal(oomkit_event_num(ev, OOMKIT_EV_PID, &v), 0);
	assert_int_equal(v, 42);
	assert_string_equal(oomkit_event_str(ev, OOMKIT_EV_COMM), "victim");
	oomkit_event_free(ev);
	/* the counters: two reads of one line that arrived in two parts */
	v = -1;
	assert_int_equal(oomkit_source_stat(src, OOMKIT_SOURCE_LINES, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(oomkit_source_stat(src, OOMKIT_SOURCE_LOST, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(oomkit_source_stat(src, OOMKIT_SOURCE_STAT_COUNT_, &v), -EINVAL);
	assert_int_equal(oomkit_source_stat(NULL, OOMKIT_SOURCE_LINES, &v), -EINVAL);
	assert_int_equal(v, 0);
	oomkit_source_free(src);
	oomkit_report_parser_free(rp);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
}

/* a file source whose file was last written at @mtime (seconds, UTC) */
static struct oomkit_source *file_written_at(char *path, int kmsg, time_t mtime)
{
	struct timeval tv[2] = { { mtime, 0 }, { mtime, 0 } };
	struct oomkit_source *src = NULL;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(utimes(path, tv), 0);
	if (kmsg)
		assert_int_equal(oomkit_source_open_kmsg(&src, path), 0);
	else
		assert_int_equal(oomkit_source_open_file(&src, path), 0);
	return src;
}

static int this_year(void)
{
	time_t t = time(NULL);
	struct tm tm;

	assert_non_null(localtime_r(&t, &tm));
	return tm.tm_year + 1900;
}

/* oomkit_source_year() of @src, which must be known. */
static int year_of(const struct oomkit_source *src)
{
	int year = -1;

	assert_int_equal(oomkit_source_year(src, &year), 0);
	return year;
}

/* @src's year is the current one: the year read before or after it, so
 * that a test run across midnight of New Year's Eve does not fail */
static void assert_current_year(const struct oomkit_source *src)
{
	int before = this_year(), got = year_of(src), after = this_year();

	if (got != before)
		assert_int_equal(got, after);
}

static void test_year(void **state)
{
	char path[PATH_MAX];
	struct oomkit_source *src;
	const char *tz = getenv("TZ");
	char *old_tz = tz ? strdup(tz) : NULL;

	(void)state;
	/* a rotated log last written 2019-07-01 12:00 UTC: its lines are of 2019 */
	setenv("TZ", "UTC", 1);
	tzset();
	src = file_written_at(tt_template(path, "oomkit-year"), 0, 1561982400);
	assert_int_equal(year_of(src), 2019);
	oomkit_source_free(src);
	unlink(path);

	/* 2020-12-31 23:30 UTC is 2021 where the clocks are at UTC+1: local time */
	setenv("TZ", "UTC-1", 1);
	tzset();
	src = file_written_at(tt_template(path, "oomkit-year"), 0, 1609457400);
	assert_int_equal(year_of(src), 2021);
	oomkit_source_free(src);
	unlink(path);

	/* a saved /dev/kmsg capture is a file like any other */
	src = file_written_at(tt_template(path, "oomkit-year"), 1, 1561982400);
	assert_int_equal(year_of(src), 2019);
	/* a file that is gone by now: the current year */
	unlink(path);
	assert_current_year(src);
	oomkit_source_free(src);

	/* standard input: written now */
	assert_int_equal(oomkit_source_open_file(&src, "-"), 0);
	assert_current_year(src);
	oomkit_source_free(src);
	assert_int_equal(oomkit_source_year(NULL, NULL), -EINVAL);

	if (old_tz)
		setenv("TZ", old_tz, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old_tz);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_fifo_eintr),
		cmocka_unit_test(test_read_eintr_resumes),
		cmocka_unit_test(test_year),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
