/*
 * test_report.c - the kernel OOM report parser, era by era, prefix by
 * prefix, plus garbage. Lines follow the kernel's format strings as
 * documented in docs/kernel.md §9 (synthetic where the corpus has no
 * example of an era); every check compares exact field values.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <dirent.h>

#include "oomkit/report.h"
#include "report-private.h"
#include "../report/event-keys.h"

#define MAXEV 256
#define NA LLONG_MIN

struct evs {
	struct oomkit_event *ev[MAXEV];
	int n;
};

static void collect(struct oomkit_report_parser *rp, struct evs *o)
{
	struct oomkit_event *ev;

	while (oomkit_report_next(rp, &ev) == 0) {
		assert_true(o->n < MAXEV);
		o->ev[o->n++] = ev;
	}
}

/* feed NULL-terminated lines, flush, collect */
static void run_with(struct oomkit_report_parser *rp, struct evs *o, const char *const *lines)
{
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 0; lines[i]; i++) {
		char origin[32];

		snprintf(origin, sizeof(origin), "t:%d", i + 1);
		assert_int_equal(oomkit_report_feed_line(rp, lines[i], strlen(lines[i]), origin),
				 0);
		collect(rp, o);
	}
	assert_int_equal(oomkit_report_flush(rp), 0);
	collect(rp, o);
}

static void run(struct evs *o, const char *const *lines)
{
	struct oomkit_report_parser *rp;

	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	run_with(rp, o, lines);
	oomkit_report_parser_free(rp);
}

static void done(struct evs *o)
{
	int i;

	for (i = 0; i < o->n; i++)
		oomkit_event_free(o->ev[i]);
	o->n = 0;
}

static long long N(const struct oomkit_event *ev, enum oomkit_event_num i)
{
	long long v;

	return oomkit_event_num(ev, i, &v) == 0 ? v : NA;
}

static const char *S(const struct oomkit_event *ev, enum oomkit_event_str i)
{
	const char *s = oomkit_event_str(ev, i);

	return s ? s : "(none)";
}

static long long T(const struct oomkit_event *ev, size_t row, enum oomkit_task_num c)
{
	long long v;

	return oomkit_event_task_num(ev, row, c, &v) == 0 ? v : NA;
}

/* ---------------------------------------------------------------- */
/* eras */

/*
 * Eras and shapes as data: every tests/fixtures/report-eras/NAME.log is fed
 * line by line (origin "t:LINE"), then flushed; NAME.expected says what the
 * events must hold:
 *
 *   events=N                 the number of events
 *   [I]                      the checks below are on event I (from 0)
 *   KEY=VALUE                an item, named as report-dump names it
 *                            (victim_pid, trigger_comm, ...); NA is a
 *                            number not given, (none) a string not given
 *   outcome=, killer=        oomkit_outcome_name(), oomkit_killer_name()
 *   task_count=N             oomkit_event_task_count()
 *   task[R].COLUMN=VALUE     a task table cell (pid, rss, ...), or .name
 *   task[R]=out-of-range     row R is past the table
 *
 * Lines starting with '#' are comments. An unknown key fails the test.
 */

static int key_index(const char *const *keys, int n, const char *k)
{
	int i;

	for (i = 0; i < n; i++)
		if (keys[i] && !strcmp(keys[i], k))
			return i;
	return -1;
}

/* a number of an .expected file: decimal, 0x hex, or NA */
static long long want_num(const char *where, const char *v)
{
	char *end;
	long long x;

	if (!strcmp(v, "NA"))
		return NA;
	errno = 0;
	x = strncmp(v, "0x", 2) ? strtoll(v, &end, 10) : strtoll(v, &end, 16);
	if (errno || end == v || *end)
		fail_msg("%s: not a number: '%s'", where, v);
	return x;
}

static void check_item(const char *where, const struct oomkit_event *e, const char *k,
		       const char *v)
{
	unsigned long row;
	char col[32];
	int i, c;

	if (!strcmp(k, "outcome")) {
		if (strcmp(oomkit_outcome_name(N(e, OOMKIT_EV_OUTCOME)), v))
			fail_msg("%s: outcome %s", where,
				 oomkit_outcome_name(N(e, OOMKIT_EV_OUTCOME)));
	} else if (!strcmp(k, "killer")) {
		if (strcmp(oomkit_killer_name(N(e, OOMKIT_EV_KILLER)), v))
			fail_msg("%s: killer %s", where,
				 oomkit_killer_name(N(e, OOMKIT_EV_KILLER)));
	} else if (!strcmp(k, "task_count")) {
		if ((long long)oomkit_event_task_count(e) != want_num(where, v))
			fail_msg("%s: %zu rows", where, oomkit_event_task_count(e));
	} else if (sscanf(k, "task[%lu%c", &row, col) == 2 && col[0] == ']' &&
		   !strcmp(v, "out-of-range")) {
		if (oomkit_event_task_num(e, row, OOMKIT_TASK_PID, NULL) != -ERANGE ||
		    oomkit_event_task_name(e, row))
			fail_msg("%s: row %lu exists", where, row);
	} else if (sscanf(k, "task[%lu].%31s", &row, col) == 2) {
		if (!strcmp(col, "name")) {
			const char *name = oomkit_event_task_name(e, row);

			if (!name || strcmp(name, v))
				fail_msg("%s: name '%s'", where, name ? name : "(null)");
		} else {
			c = key_index(tasknames, OOMKIT_TASK_NUM_COUNT_, col);
			if (c < 0)
				fail_msg("%s: unknown column '%s'", where, col);
			if (T(e, row, c) != want_num(where, v))
				fail_msg("%s: %lld", where, T(e, row, c));
		}
	} else if ((i = key_index(numnames, OOMKIT_EV_NUM_COUNT_, k)) >= 0) {
		if (N(e, i) != want_num(where, v))
			fail_msg("%s: %lld", where, N(e, i));
	} else if ((i = key_index(strnames, OOMKIT_EV_STR_COUNT_, k)) >= 0) {
		if (strcmp(S(e, i), v))
			fail_msg("%s: '%s'", where, S(e, i));
	} else {
		fail_msg("%s: unknown key '%s'", where, k);
	}
}

/* feed @dir/@name.log, check it against @dir/@name.expected */
static void run_era(const char *dir, const char *name)
{
	struct oomkit_report_parser *rp;
	struct evs o;
	char *path, line[8192], where[512];
	FILE *f;
	int lineno = 0, checked = 0, ev = -1, n = -1;

	memset(&o, 0, sizeof(o));
	assert_true(asprintf(&path, "%s/%s.log", dir, name) > 0);
	f = fopen(path, "r");
	free(path);
	assert_non_null(f);
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	while (fgets(line, sizeof(line), f)) {
		char origin[32];
		size_t len = strcspn(line, "\n");

		snprintf(origin, sizeof(origin), "t:%d", ++lineno);
		assert_int_equal(oomkit_report_feed_line(rp, line, len, origin), 0);
		collect(rp, &o);
	}
	fclose(f);
	assert_int_equal(oomkit_report_flush(rp), 0);
	collect(rp, &o);
	oomkit_report_parser_free(rp);

	assert_true(asprintf(&path, "%s/%s.expected", dir, name) > 0);
	f = fopen(path, "r");
	free(path);
	assert_non_null(f);
	lineno = 0;
	while (fgets(line, sizeof(line), f)) {
		char *eq;

		lineno++;
		line[strcspn(line, "\n")] = '\0';
		snprintf(where, sizeof(where), "%.400s.expected:%d", name, lineno);
		if (!line[0] || line[0] == '#')
			continue;
		if (line[0] == '[') {
			ev = atoi(line + 1);
			if (ev < 0 || ev >= o.n)
				fail_msg("%s: there are %d events", where, o.n);
			continue;
		}
		eq = strchr(line, '=');
		if (!eq)
			fail_msg("%s: no '='", where);
		*eq = '\0';
		if (!strcmp(line, "events")) {
			n = (int)want_num(where, eq + 1);
			if (n != o.n)
				fail_msg("%s: %d events", where, o.n);
		} else {
			if (ev < 0)
				fail_msg("%s: no [event] yet", where);
			check_item(where, o.ev[ev], line, eq + 1);
		}
		checked++;
	}
	fclose(f);
	if (n < 0)
		fail_msg("%s.expected: no events= line", name);
	print_message("report-eras/%s: %d checks\n", name, checked);
	done(&o);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_eras(void **state)
{
	const char *src = getenv("OOMKIT_SOURCE_DIR");
	char dir[4096], *names[256];
	struct dirent *d;
	DIR *dp;
	size_t i, n = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/tests/fixtures/report-eras", src ? src : ".");
	dp = opendir(dir);
	if (!dp)
		fail_msg("cannot open %s (set OOMKIT_SOURCE_DIR)", dir);
	while ((d = readdir(dp)) != NULL) {
		size_t l = strlen(d->d_name);

		if (l > 4 && !strcmp(d->d_name + l - 4, ".log")) {
			assert_true(n < sizeof(names) / sizeof(names[0]));
			names[n] = strndup(d->d_name, l - 4);
			assert_non_null(names[n]);
			n++;
		}
	}
	closedir(dp);
	/* the 11 former era tests gave 17 fixtures; a lost one is a failure */
	assert_true(n >= 17);
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (i = 0; i < n; i++) {
		run_era(dir, names[i]);
		free(names[i]);
	}
}

/* the same kill line behind every prefix the parser knows */
static void test_prefixes(void **state)
{
	static const struct {
		const char *pre;
		const char *text; /* expected time text */
		long long boot_us;
		long long rt_us; /* TZ=UTC, year 2022 assumed */
		const char *host;
	} c[] = {
		{ "[  123.456789] ", "[  123.456789]", 123456789, NA, NULL },
		{ "<4>[  123.456789] ", "[  123.456789]", 123456789, NA, NULL },
		{ "[  123.456789][ T4242] ", "[  123.456789][ T4242]", 123456789, NA, NULL },
		{ "[  123.456789][    C0] ", "[  123.456789][    C0]", 123456789, NA, NULL },
		{ "[Sat Mar 19 03:42:11 2022] ", "[Sat Mar 19 03:42:11 2022]", NA,
		  1647661331000000LL, NULL },
		{ "[Sa Mär 19 03:42:11 2022] ", "[Sa Mär 19 03:42:11 2022]", NA, 1647661331000000LL,
		  NULL },
		{ "[sam. 19 mars 03:42:11 2022] ", "[sam. 19 mars 03:42:11 2022]", NA,
		  1647661331000000LL, NULL },
		{ "[\xe5\x9c\x9f 3\xe6\x9c\x88 19 03:42:11 2022] ",
		  "[\xe5\x9c\x9f 3\xe6\x9c\x88 19 03:42:11 2022]", NA, 1647661331000000LL, NULL },
		{ "[mar. xyzw 19 03:42:11 2022] ", "[mar. xyzw 19 03:42:11 2022]", NA, NA, NULL },
		/* journalctl short in other languages (month names of glibc's locales) */
		{ "3\xe6\x9c\x88 19 03:42:11 web1 kernel: ",
		  "3\xe6\x9c\x88 19 03:42:11 web1 kernel:", NA, 1647661331000000LL, "web1" },
		{ "\xd0\xbc\xd0\xb0\xd1\x80 19 03:42:11 web1 kernel: ",
		  "\xd0\xbc\xd0\xb0\xd1\x80 19 03:42:11 web1 kernel:", NA, 1647661331000000LL,
		  "web1" },
		{ "\xd0\x9c\xd0\xb0\xd1\x80 19 03:42:11 web1 kernel: ",
		  "\xd0\x9c\xd0\xb0\xd1\x80 19 03:42:11 web1 kernel:", NA, 1647661331000000LL,
		  "web1" },
		{ "mars 19 03:42:11 web1 kernel: ", "mars 19 03:42:11 web1 kernel:", NA,
		  1647661331000000LL, "web1" },
		{ "marzo 19 03:42:11 web1 kernel: ", "marzo 19 03:42:11 web1 kernel:", NA,
		  1647661331000000LL, "web1" },
		{ "qqq 19 03:42:11 web1 kernel: ", "qqq 19 03:42:11 web1 kernel:", NA, NA, "web1" },
		/* a /dev/kmsg record, a time stamp that lost its '[' */
		{ "4,1093,123456789,-;", "4,1093,123456789,-", 123456789, NA, NULL },
		{ "123.456789] ", "123.456789]", 123456789, NA, NULL },
		{ "Mar 19 03:42:11 web1 kernel: ", "Mar 19 03:42:11 web1 kernel:", NA,
		  1647661331000000LL, "web1" },
		{ "Mar 19 03:42:11 web1 kernel: [  123.456789] ",
		  "Mar 19 03:42:11 web1 kernel: [  123.456789]", 123456789, 1647661331000000LL,
		  "web1" },
		{ "Mar 19 03:42:11.250000 web1 kernel: ", "Mar 19 03:42:11.250000 web1 kernel:", NA,
		  1647661331250000LL, "web1" },
		{ "2022-03-19T03:42:11.123456+00:00 web1 kernel: ",
		  "2022-03-19T03:42:11.123456+00:00 web1 kernel:", NA, 1647661331123456LL, "web1" },
		{ "2022-03-19T05:42:11+0200 web1 kernel: ", "2022-03-19T05:42:11+0200 web1 kernel:",
		  NA, 1647661331000000LL, "web1" },
		{ "2022-03-19T03:42:11,123456+00:00 ", "2022-03-19T03:42:11,123456+00:00", NA,
		  1647661331123456LL, NULL },
		{ "Sat 2022-03-19 03:42:11 UTC web1 kernel: ",
		  "Sat 2022-03-19 03:42:11 UTC web1 kernel:", NA, 1647661331000000LL, "web1" },
		{ "[  123.456789] web1 kernel: ", "[  123.456789] web1 kernel:", 123456789, NA,
		  "web1" },
		{ "kernel: ", NULL, NA, NA, NULL },
		{ "", NULL, NA, NA, NULL },
		{ "> [  123.456789] ", "[  123.456789]", 123456789, NA, NULL },
		{ ">> > [  123.456789] ", "[  123.456789]", 123456789, NA, NULL },
		{ "12: [  123.456789] ", "[  123.456789]", 123456789, NA, NULL },
		{ "  12 [  123.456789] ", "[  123.456789]", 123456789, NA, NULL },
		{ "#3 [  123.456789] ", "[  123.456789]", 123456789, NA, NULL },
		{ "166233 Apr 18 00:37:34   kernel: ", "Apr 18 00:37:34   kernel:", NA,
		  1650242254000000LL, NULL },
		{ "/var/log/kern.log:Mar 19 03:42:11 web1 kernel: ", "Mar 19 03:42:11 web1 kernel:",
		  NA, 1647661331000000LL, "web1" },
		{ "/var/log/kern.log.1:4711:Mar 19 03:42:11 web1 kernel: ",
		  "Mar 19 03:42:11 web1 kernel:", NA, 1647661331000000LL, "web1" },
		{ "kern.log:[  123.456789] ", "[  123.456789]", 123456789, NA, NULL },
		{ "/tmp/oom.txt:", NULL, NA, NA, NULL },
		{ "kern  :err   : [  123.456789] ", "[  123.456789]", 123456789, NA, NULL },
		{ "[  123.456789 <    0.000123>] ", "[  123.456789 <    0.000123>]", 123456789, NA,
		  NULL },
		{ "[  +0.000123] ", "[  +0.000123]", NA, NA, NULL },
		{ "[Mar19 03:42] ", "[Mar19 03:42]", NA, NA, NULL },
		{ "\x1b[32m[  123.456789]\x1b[0m \x1b[33mOut of memory\x1b[0m: ", "[  123.456789]",
		  123456789, NA, NULL },
		{ "1647661331.123456 web1 kernel: ", "1647661331.123456 web1 kernel:", NA,
		  1647661331123456LL, "web1" },
	};
	static const char kill[] =
		"Out of memory: Killed process 4567 (firefox) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:4kB oom_score_adj:0";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct oomkit_report_parser *rp;
		struct oomkit_event *ev;
		char line[512];
		const char *trails[] = { "", "   ", "\n", "  \r\n" };

		snprintf(line, sizeof(line), "%s%s%s", c[i].pre,
			 strstr(c[i].pre, "Out of memory") ? kill + strlen("Out of memory: ") :
							     kill,
			 trails[i % 4]);
		assert_int_equal(oomkit_report_parser_new(&rp), 0);
		oomkit_report_set_year(rp, 2022);
		assert_int_equal(oomkit_report_feed_line(rp, line, strlen(line), NULL), 0);
		assert_int_equal(oomkit_report_flush(rp), 0);
		if (oomkit_report_next(rp, &ev) != 0)
			fail_msg("no event for prefix '%s'", c[i].pre);
		assert_int_equal(N(ev, OOMKIT_EV_PID), 4567);
		assert_string_equal(S(ev, OOMKIT_EV_COMM), "firefox");
		assert_int_equal(N(ev, OOMKIT_EV_UID), 1000);
		if (c[i].text)
			assert_string_equal(S(ev, OOMKIT_EV_TIME_TEXT), c[i].text);
		else
			assert_null(oomkit_event_str(ev, OOMKIT_EV_TIME_TEXT));
		if (N(ev, OOMKIT_EV_BOOT_US) != c[i].boot_us ||
		    N(ev, OOMKIT_EV_REALTIME_US) != c[i].rt_us)
			fail_msg("prefix '%s': boot %lld rt %lld", c[i].pre,
				 N(ev, OOMKIT_EV_BOOT_US), N(ev, OOMKIT_EV_REALTIME_US));
		if (c[i].host)
			assert_string_equal(S(ev, OOMKIT_EV_HOST), c[i].host);
		else
			assert_null(oomkit_event_str(ev, OOMKIT_EV_HOST));
		assert_int_equal(oomkit_report_next(rp, &ev), 1);
		oomkit_event_free(ev);
		oomkit_report_parser_free(rp);
	}
}

/*
 * Only kernel-tagged syslog lines are the kernel's: anyone can log a line
 * with a tag of their choosing (logger writes "host USER: message"), so a
 * kill line behind any other tag, in every syslog format, is not an event.
 */
static void test_syslog_tags(void **state)
{
#define KL \
	"Out of memory: Killed process 22 (postgres) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:1kB oom_score_adj:0"
	static const char *const forged[] = {
		"2026-11-21T14:30:09.000000+01:00 myhost nobody: " KL,
		"2026-11-21T14:30:09.000000+01:00 myhost nobody[123]: " KL,
		"2026-11-21T14:30:09+01:00 myhost nobody: " KL,
		"2026-11-21T14:30:09.000000+01:00 nobody: " KL,
		"2026-11-21T14:30:09.000000+01:00 myhost foo bar: " KL,
		"<13>1 2026-11-21T14:30:13.000Z myhost evil 999 - - " KL,
		"<13>1 2026-11-21T14:30:13.000Z myhost evil - - [x@1 a=\"b\"] " KL,
		"<13>1 - myhost - - - - " KL, "1 2026-11-21T14:30:13.000Z myhost evil 999 - - " KL,
		"Nov 21 14:30:12 myhost nobody: " KL, "Nov 21 14:30:12 myhost nobody[123]: " KL,
		"Nov 21 14:30:12 myhost foo bar: " KL,
		"Nov 21 14:30:12 myhost user.notice nobody: " KL,
		"Sat 2026-11-21 14:30:12 UTC myhost nobody: " KL,
		"1647661331.123456 myhost nobody: " KL,
		/*
		 * Tagged "kernel", but the line's own facility is not kern
		 * (0): logger -t kernel (it cannot send kern), a write to
		 * /dev/kmsg, in each format that carries the facility
		 */
		"<11>1 2026-12-07T23:53:28.903272+00:00 myhost kernel - - [timeQuality tzKnown=\"1\" isSynced=\"0\"] " KL,
		"<13>1 2026-11-21T14:30:13.000Z myhost kernel - - - " KL,
		"<8>1 2026-11-21T14:30:13.000Z myhost kernel - - - " KL,
		"<191>1 2026-11-21T14:30:13.000Z myhost kernel - - - " KL,
		"<14>Nov 21 14:30:12 myhost kernel: " KL,
		"<13>2026-11-21T14:30:09.000000+01:00 myhost kernel: " KL,
		"Nov 21 14:30:12 myhost user.notice kernel: " KL,
		"Nov 21 14:30:12 myhost daemon.err kernel: " KL,
		"Nov 21 14:30:12 myhost local7.err kernel: " KL,
		"Sat Mar 19 03:42:11 2022 user.notice kernel: " KL,
		"Sat Mar 19 03:42:11 2022 authpriv.err kernel: " KL, "<14>[  123.456789] " KL,
		"<12>" KL, "14,1093,123456789,-;" KL, "8,1093,123456789,-;" KL,
		"user  :notice: [  123.456789] " KL, "daemon:err   : [  123.456789] " KL, NULL
	};
	static const char *const genuine[] = {
		"2026-11-21T14:30:09.000000+01:00 myhost kernel: " KL,
		"2026-11-21T14:30:09+0100 myhost kernel: " KL,
		"<6>1 2026-11-21T14:30:13.000Z myhost kernel - - - " KL,
		"<6>1 2026-11-21T14:30:13.000Z myhost kernel - - [x@1 a=\"]\\\"\"] " KL,
		"1 2026-11-21T14:30:13.000Z myhost kernel - - - " KL,
		"Nov 21 14:30:12 myhost kernel: " KL,
		"Nov 21 14:30:12 myhost kernel: [  123.456789] " KL,
		"Nov 21 14:30:12 myhost kern.warn kernel: " KL,
		"<0>Nov 21 14:30:12 myhost kernel: " KL,
		"<7>1 2026-11-21T14:30:13.000Z myhost kernel - - - " KL,
		"<6>2026-11-21T14:30:09.000000+01:00 myhost kernel: " KL,
		"Sat 2026-11-21 14:30:12 UTC myhost kernel: " KL,
		"1647661331.123456 myhost kernel: " KL,
		NULL
	};
	static const char *const nohost[] = { "[  123.456789] " KL,
					      "2026-11-21T14:30:09,123456+01:00 " KL,
					      KL,
					      "<4>[  123.456789] " KL,
					      "<7>" KL,
					      "7,1093,123456789,-;" KL,
					      "kern  :err   : [  123.456789] " KL,
					      "Sat Mar 19 03:42:11 2022 kern.err kernel: " KL,
					      NULL };
	static const char *const killer[] = {
		"2026-11-21T14:30:12.000000+01:00 desk earlyoom: sending SIGKILL to process 4567 uid 1000 \"firefox\": oom_score 600, VmRSS 3000 MiB",
		"<14>1 2026-11-21T14:30:13Z desk earlyoom 812 - - sending SIGKILL to process 4568 uid 1000 \"firefox\": oom_score 600, VmRSS 3000 MiB",
		/* a userspace facility is no reason to ignore a userspace killer */
		"Sat Mar 19 03:42:11 2022 daemon.err earlyoom[812]: sending SIGKILL to process 4569 uid 1000 \"firefox\": oom_score 600, VmRSS 3000 MiB",
		NULL
	};
	const char *one[2] = { NULL, NULL };
	struct evs o;
	size_t i;

	(void)state;
	for (i = 0; forged[i]; i++) {
		one[0] = forged[i];
		run(&o, one);
		if (o.n)
			fail_msg("forged line taken as the kernel's: '%s'", forged[i]);
	}
	for (i = 0; genuine[i]; i++) {
		one[0] = genuine[i];
		run(&o, one);
		if (o.n != 1)
			fail_msg("kernel line not found: '%s'", genuine[i]);
		assert_int_equal(N(o.ev[0], OOMKIT_EV_KILLER), OOMKIT_KILLER_KERNEL);
		assert_int_equal(N(o.ev[0], OOMKIT_EV_PID), 22);
		assert_string_equal(S(o.ev[0], OOMKIT_EV_HOST), "myhost");
		done(&o);
	}
	for (i = 0; nohost[i]; i++) {
		one[0] = nohost[i];
		run(&o, one);
		if (o.n != 1)
			fail_msg("kernel line not found: '%s'", nohost[i]);
		assert_int_equal(N(o.ev[0], OOMKIT_EV_KILLER), OOMKIT_KILLER_KERNEL);
		done(&o);
	}
	run(&o, killer);
	assert_int_equal(o.n, 3);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_KILLER), OOMKIT_KILLER_EARLYOOM);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_PID), 4567);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_KILLER), OOMKIT_KILLER_EARLYOOM);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_PID), 4568);
	assert_string_equal(S(o.ev[1], OOMKIT_EV_HOST), "desk");
	assert_int_equal(N(o.ev[2], OOMKIT_EV_KILLER), OOMKIT_KILLER_EARLYOOM);
	assert_int_equal(N(o.ev[2], OOMKIT_EV_PID), 4569);
	done(&o);
#undef KL
}

static void test_syslog_year(void **state)
{
	static const char *const l[] = {
		"Mar 19 03:42:11 web1 kernel: Out of memory: Killed process 9 (x) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB",
		NULL
	};
	struct evs o;

	(void)state;
	run(&o, l); /* no year given: realtime stays unknown */
	assert_int_equal(o.n, 1);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_REALTIME_US), NA);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_HOST), "web1");
	done(&o);
}

/* The filter's rule, written plainly: one of its words anywhere in @s. */
static int hot_reference(const char *s, size_t n)
{
	static const char *const words[] = { "oom", "OOM", "emor", "kill", "Kill", "SIG" };
	size_t i, w;

	for (w = 0; w < sizeof(words) / sizeof(words[0]); w++)
		for (i = 0; i + strlen(words[w]) <= n; i++)
			if (memcmp(s + i, words[w], strlen(words[w])) == 0)
				return 1;
	return 0;
}

/*
 * oomkit__report_hot() against the plain rule: each word at every offset
 * of lines of every length up to 70 (whole blocks, the padded tail, the
 * word cut by the line's end), near misses, and random text.
 */
static void hot_filter_once(void)
{
	static const char *const words[] = { "oom", "OOM", "emor", "kill", "Kill", "SIG",
					     "emo", "kil", "Kil",  "oo",   "SI",   "OOm",
					     "mor", "ill", "eMor", "kIll" };
	char buf[80];
	size_t w, len, at;
	unsigned seed = 12345;
	int i;

	for (w = 0; w < sizeof(words) / sizeof(words[0]); w++) {
		size_t wl = strlen(words[w]);

		for (len = 0; len <= 70; len++) {
			for (at = 0; at <= len; at++) {
				size_t cp = wl < len - at ? wl : len - at;

				memset(buf, 'x', sizeof(buf));
				memcpy(buf + at, words[w], cp);
				assert_int_equal(oomkit__report_hot(buf, len),
						 hot_reference(buf, len));
			}
		}
	}
	/* random text over the letters that matter */
	for (i = 0; i < 200000; i++) {
		static const char abc[] = "oOmMeErkKilIlSGx ";
		size_t j;

		len = (size_t)(i % 61);
		for (j = 0; j < len; j++) {
			seed = seed * 1103515245u + 12345u;
			buf[j] = abc[(seed >> 16) % (sizeof(abc) - 1)];
		}
		assert_int_equal(oomkit__report_hot(buf, len), hot_reference(buf, len));
	}
	/* the bytes after the given length are not read as part of the line */
	memcpy(buf, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxoom", 37);
	assert_int_equal(oomkit__report_hot(buf, 35), 0);
	assert_int_equal(oomkit__report_hot(buf, 37), 1);
}

/* on x86-64, both the AVX2 code (where the CPU has it) and the SSE2 code */
static void test_hot_filter(void **state)
{
	(void)state;
	hot_filter_once();
#if defined(__x86_64__) && defined(__GNUC__)
	oomkit__report_hot_no_avx2 = 1;
	hot_filter_once();
	oomkit__report_hot_no_avx2 = 0;
#endif
}

/* The parser's literal search against memmem(), on the same random text. */
static void test_find(void **state)
{
	static const char *const lits[] = { "oom", " invoked oom-killer:", "  x", " ",
					    "m",   "Killed process",       "o o", "  ",
					    "" };
	static const char abc[] = "om ixK";
	char buf[48];
	unsigned seed = 777;
	size_t l;
	int i;

	(void)state;
	for (i = 0; i < 100000; i++) {
		size_t len = (size_t)(i % 40), j;

		for (j = 0; j < len; j++) {
			seed = seed * 1103515245u + 12345u;
			buf[j] = abc[(seed >> 16) % (sizeof(abc) - 1)];
		}
		for (l = 0; l < sizeof(lits) / sizeof(lits[0]); l++) {
			size_t ln = strlen(lits[l]);
			const char *want = ln <= len ? memmem(buf, len, lits[l], ln) : NULL;

			if (!ln)
				want = buf;
			assert_ptr_equal(find(buf, len, lits[l], ln), want);
		}
	}
}

static void test_strip_internals(void **state)
{
	struct oomkit__pfx p;
	size_t n;
	const char *m;

	(void)state;
	/* a bare task row is not a time stamp */
	m = oomkit__report_strip("[  11132]     0 11132 tiny", 26, &p, 0, &n);
	assert_int_equal(p.boot_us, -1);
	assert_null(p.time_text);
	assert_int_equal(m[0], '[');
	/* a kernel "word:" after a time stamp is not a syslog tag */
	m = oomkit__report_strip("[ 1.5] ACPI: Reserving FACP", 27, &p, 0, &n);
	assert_null(p.ident);
	assert_int_equal(n, 20);
	assert_memory_equal(m, "ACPI: Reserving FACP", 20);
	/* a userspace tag in the kernel buffer */
	m = oomkit__report_strip("[ 2.1] systemd[1]: Relabelled", 29, &p, 0, &n);
	assert_int_equal(p.ident_len, 7);
	assert_memory_equal(p.ident, "systemd", 7);
	assert_memory_equal(m, "Relabelled", 10);
	/* "foo.service: msg" is a message, not a grep file name */
	m = oomkit__report_strip("foo.service: Failed", 19, &p, 0, &n);
	assert_int_equal(n, 19);
	assert_int_equal(oomkit__month_from_name("Okt", 3), 10);
	assert_int_equal(oomkit__month_from_name("d\xc3\xa9"
						 "c.",
						 4),
			 12);
	assert_int_equal(oomkit__month_from_name("Xyz", 3), 0);
}

/* ---------------------------------------------------------------- */
/* userspace killers */

static void test_userspace(void **state)
{
	static const char *const l[] = {
		"Mar 19 03:42:10 desk earlyoom[812]: mem avail:   123 of 15843 MiB ( 0.78%), swap free:    0 of 2047 MiB ( 0.00%)",
		"Mar 19 03:42:10 desk earlyoom[812]: low memory! at or below SIGTERM limits: mem 10.00%, swap 10.00%",
		"Mar 19 03:42:11 desk earlyoom[812]: sending SIGTERM to process 4567 uid 1000 \"firefox\": oom_score 600, VmRSS 3000 MiB, cmdline \"/usr/lib/firefox/firefox -P\"",
		"Mar 19 03:42:12 desk earlyoom[812]: escalating to SIGKILL after 0.5 seconds",
		"Mar 19 03:42:12 desk earlyoom[812]: sending SIGKILL to process 4567 uid 1000 \"firefox\": oom_score 600, VmRSS 3000 MiB, cmdline \"/usr/lib/firefox/firefox -P\"",
		"Mar 19 03:50:00 desk earlyoom[812]: sending SIGTERM to process 5000 uid 1000 \"chrome\": oom_score 900, oom_score_adj 300, badness 1200 KiB, VmRSS 1500 MiB, ordering oom_score, cmdline \"chrome\"",
		"Mar 19 04:00:00 old earlyoom[10]: Killing process 6000 java",
		"Mar 19 05:00:00 desk systemd-oomd[700]: Considered 21 cgroups for killing, top candidates were:",
		"Mar 19 05:00:00 desk systemd-oomd[700]:         Path: /user.slice/user-1000.slice/user@1000.service/app.slice/app-a.scope",
		"Mar 19 05:00:00 desk systemd-oomd[700]: Killed /user.slice/user-1000.slice/user@1000.service/app.slice/app-a.scope due to memory used (16260780032) / total (16419115008) and swap used (29560922112) / total (32838500352) being more than 90.00%",
		"Mar 19 05:00:01 desk systemd[1000]: app-a.scope: A process of this unit has been killed by the OOM killer.",
		"Mar 19 06:00:00 desk systemd-oomd[700]: Marked /user.slice/user-1000.slice/user@1000.service/app.slice/app-b.scope for killing due to memory pressure for /user.slice being 80.00% > 60.00% for > 20s with reclaim activity",
		"[ 9999.000001] oomd kill: 10.00 60.00 600.00 /workload.slice/big.service 1999 ruleset:[protection against heavy workload thrashing] detectorgroup:[Memory pressure] killer:kill_by_memory_size_or_growth v2",
		"Mar 19 07:00:00 desk kernel: oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/system.slice/leak.service,task_memcg=/system.slice/leak.service,task=leak,pid=7000,uid=0",
		"Mar 19 07:00:00 desk kernel: Memory cgroup out of memory: Killed process 7000 (leak) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0",
		"Mar 19 07:00:00 desk kernel: oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/system.slice/leak.service,task_memcg=/system.slice/leak.service,task=leak,pid=7000,uid=0",
		"Mar 19 07:00:01 desk systemd[1]: leak.service: A process of this unit has been killed by the OOM killer.",
		"Mar 19 07:00:01 desk systemd[1]: leak.service: Failed with result 'oom-kill'.",
		NULL
	};
	struct evs o;
	const struct oomkit_event *e;

	(void)state;
	run(&o, l);
	assert_int_equal(o.n, 7);
	e = o.ev[0];
	assert_int_equal(N(e, OOMKIT_EV_KILLER), OOMKIT_KILLER_EARLYOOM);
	assert_int_equal(N(e, OOMKIT_EV_PID), 4567);
	assert_int_equal(N(e, OOMKIT_EV_UID), 1000);
	assert_string_equal(S(e, OOMKIT_EV_COMM), "firefox");
	assert_int_equal(N(e, OOMKIT_EV_SCORE), 600);
	assert_int_equal(N(e, OOMKIT_EV_RSS_KB), 3000 * 1024);
	assert_string_equal(S(e, OOMKIT_EV_REASON), "SIGTERM");
	assert_string_equal(S(e, OOMKIT_EV_HOST), "desk");
	e = o.ev[1];
	assert_int_equal(N(e, OOMKIT_EV_PID), 5000);
	assert_int_equal(N(e, OOMKIT_EV_OOM_SCORE_ADJ), 300);
	assert_int_equal(N(e, OOMKIT_EV_SCORE), 900);
	e = o.ev[2];
	assert_int_equal(N(e, OOMKIT_EV_PID), 6000);
	assert_string_equal(S(e, OOMKIT_EV_COMM), "java");
	assert_int_equal(N(e, OOMKIT_EV_KILLER), OOMKIT_KILLER_EARLYOOM);
	e = o.ev[3];
	assert_int_equal(N(e, OOMKIT_EV_KILLER), OOMKIT_KILLER_SYSTEMD_OOMD);
	assert_int_equal(N(e, OOMKIT_EV_PID), NA);
	assert_string_equal(S(e, OOMKIT_EV_TASK_MEMCG),
			    "/user.slice/user-1000.slice/user@1000.service/app.slice/app-a.scope");
	assert_string_equal(S(e, OOMKIT_EV_UNIT), "app-a.scope");
	e = o.ev[4];
	assert_int_equal(N(e, OOMKIT_EV_KILLER), OOMKIT_KILLER_SYSTEMD_OOMD);
	assert_string_equal(S(e, OOMKIT_EV_TASK_MEMCG),
			    "/user.slice/user-1000.slice/user@1000.service/app.slice/app-b.scope");
	e = o.ev[5];
	assert_int_equal(N(e, OOMKIT_EV_KILLER), OOMKIT_KILLER_OOMD);
	assert_string_equal(S(e, OOMKIT_EV_TASK_MEMCG), "/workload.slice/big.service");
	assert_int_equal(N(e, OOMKIT_EV_BOOT_US), 9999000001LL);
	e = o.ev[6];
	assert_int_equal(N(e, OOMKIT_EV_KILLER), OOMKIT_KILLER_KERNEL);
	assert_int_equal(N(e, OOMKIT_EV_PID), 7000);
	assert_string_equal(S(e, OOMKIT_EV_UNIT), "leak.service");
	done(&o);
}

static void test_feed_record(void **state)
{
	struct oomkit_report_parser *rp;
	struct evs o;
	static const char stats[] = "anon 314535936\nfile 0\nkernel_stack 49152";
	static const char kill[] =
		"Memory cgroup out of memory: Killed process 11638 (uwsgi) total-vm:8439228kB, anon-rss:305280kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:8864kB oom_score_adj:-997";

	(void)state;
	memset(&o, 0, sizeof(o));
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	assert_int_equal(oomkit_report_feed_record(rp, stats, strlen(stats), 5000000, -1, NULL,
						   NULL, "kmsg:1"),
			 0);
	assert_int_equal(oomkit_report_feed_record(rp, kill, strlen(kill), 5000123,
						   1647661331000000LL, "h1", NULL, "kmsg:2"),
			 0);
	assert_int_equal(
		oomkit_report_feed_record(
			rp, "sending SIGTERM to process 77 uid 0 \"x\": badness 5, VmRSS 1 MiB", 63,
			-1, 1647661332000000LL, "h1", "earlyoom", "journal:c"),
		0);
	assert_int_equal(oomkit_report_settle(rp), 0);
	collect(rp, &o);
	assert_int_equal(o.n, 2);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_PID), 11638);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_BOOT_US), 5000123);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_REALTIME_US), 1647661331000000LL);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_HOST), "h1");
	assert_string_equal(S(o.ev[0], OOMKIT_EV_SOURCE), "kmsg:2");
	assert_int_equal(N(o.ev[1], OOMKIT_EV_KILLER), OOMKIT_KILLER_EARLYOOM);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_PID), 77);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_SCORE), 5);
	done(&o);
	oomkit_report_parser_free(rp);
}

/*
 * A follow loop settles after OOMKIT_REPORT_SETTLE_MS of quiet: the
 * oom_reaper line must have come by then. mm/oom_kill.c (5.18+) queues
 * the victim for the reaper with a timer of OOM_REAPER_DELAY (2*HZ).
 */
static void test_settle_delay(void **state)
{
	(void)state;
	assert_true(OOMKIT_REPORT_SETTLE_MS > 2000);
	/* and not so long that a follower's kill shows late */
	assert_true(OOMKIT_REPORT_SETTLE_MS <= 10000);
}

/* events wait HOLD lines for late lines, then come out unasked */
static void test_hold_and_order(void **state)
{
	struct oomkit_report_parser *rp;
	struct oomkit_event *ev;
	static const char k[] =
		"[ 1.0] Out of memory: Killed process 5 (a) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB";
	int i;

	(void)state;
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	assert_int_equal(oomkit_report_feed_line(rp, k, sizeof(k) - 1, NULL), 0);
	assert_int_equal(oomkit_report_next(rp, &ev), 1);
	for (i = 0; i < 64; i++)
		assert_int_equal(oomkit_report_feed_line(rp, "[ 2.0] eth0: link up", 20, NULL), 0);
	assert_int_equal(oomkit_report_next(rp, &ev), 0);
	assert_int_equal(N(ev, OOMKIT_EV_PID), 5);
	oomkit_event_free(ev);
	assert_int_equal(oomkit_report_next(rp, &ev), 1);
	oomkit_report_parser_free(rp);
}

/* ---------------------------------------------------------------- */
/* garbage and bounds */

static void test_random_bytes(void **state)
{
	struct oomkit_report_parser *rp;
	struct oomkit_event *ev;
	char buf[512];
	int i, j, events = 0;

	(void)state;
	srand(12345);
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	for (i = 0; i < 20000; i++) {
		size_t len = (size_t)(rand() % (int)sizeof(buf));

		for (j = 0; j < (int)len; j++)
			buf[j] = (char)(rand() & 0xff);
		assert_int_equal(oomkit_report_feed_line(rp, buf, len, NULL), 0);
		while (oomkit_report_next(rp, &ev) == 0) {
			events++;
			oomkit_event_free(ev);
		}
	}
	oomkit_report_flush(rp);
	while (oomkit_report_next(rp, &ev) == 0) {
		events++;
		oomkit_event_free(ev);
	}
	assert_int_equal(events, 0);
	oomkit_report_parser_free(rp);
}

/* keyword soup: fragments of real lines in random order and cut anywhere */
static void test_fragments(void **state)
{
	static const char *const frag[] = {
		"[ 1.0] ",
		"Killed process ",
		"Kill process ",
		"(",
		")",
		" ",
		"invoked oom-killer: ",
		"gfp_mask=0x",
		"oom-kill:",
		"pid=",
		"task=",
		",",
		"total-vm:",
		"kB",
		"anon-rss:",
		"oom_reaper: ",
		"reaped process ",
		"Tasks in ",
		"[  pid  ]",
		" uid tgid name",
		"Task in ",
		" killed as a result of limit of ",
		"12",
		"-3",
		"99999999999999999999999",
		"\xff",
		"\0",
		"> ",
		"Mar 19 ",
		"03:42:11 ",
		"kernel: ",
		"earlyoom[1]: ",
		"sending SIGKILL to process ",
		"systemd-oomd[2]: ",
		"Killed /a due to memory ",
		"oomd kill: ",
	};
	struct oomkit_report_parser *rp;
	struct oomkit_event *ev;
	char buf[1024];
	int i;

	(void)state;
	srand(777);
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	for (i = 0; i < 50000; i++) {
		size_t len = 0;
		int k = rand() % 12;

		while (k-- > 0) {
			const char *f = frag[rand() % (int)(sizeof(frag) / sizeof(frag[0]))];
			size_t fl = strlen(f) ? strlen(f) : 1;

			if (len + fl >= sizeof(buf))
				break;
			memcpy(buf + len, f, fl);
			len += fl;
		}
		len = len ? (size_t)rand() % (len + 1) : 0;
		assert_int_equal(oomkit_report_feed_line(rp, buf, len, "f"), 0);
		while (oomkit_report_next(rp, &ev) == 0) {
			long long pid;

			/* whatever came out must be coherent */
			if (oomkit_event_num(ev, OOMKIT_EV_PID, &pid) == 0)
				assert_true(pid > 0);
			oomkit_event_free(ev);
		}
	}
	oomkit_report_flush(rp);
	while (oomkit_report_next(rp, &ev) == 0)
		oomkit_event_free(ev);
	oomkit_report_parser_free(rp);
}

static void test_truncated_kill_lines(void **state)
{
	static const char k[] =
		"[ 7.0] Memory cgroup out of memory: Killed process 11132 (tiny) total-vm:3504kB, anon-rss:1024kB, file-rss:1396kB, shmem-rss:0kB, UID:0 pgtables:52kB oom_score_adj:1000";
	const char *open = strchr(k, '(');
	size_t cut;

	(void)state;
	for (cut = 0; cut <= sizeof(k) - 1; cut++) {
		struct oomkit_report_parser *rp;
		struct oomkit_event *ev;
		int n = 0;

		assert_int_equal(oomkit_report_parser_new(&rp), 0);
		assert_int_equal(oomkit_report_feed_line(rp, k, cut, NULL), 0);
		oomkit_report_flush(rp);
		while (oomkit_report_next(rp, &ev) == 0) {
			assert_int_equal(N(ev, OOMKIT_EV_PID), 11132);
			n++;
			oomkit_event_free(ev);
		}
		/* an event only once "(tiny)" is complete: never a guess */
		assert_int_equal(n, cut > (size_t)(open - k) + 5 ? 1 : 0);
		oomkit_report_parser_free(rp);
	}
}

static void test_huge_lines_and_nuls(void **state)
{
	struct oomkit_report_parser *rp;
	struct oomkit_event *ev;
	size_t len = 1 << 20;
	char *big = malloc(len);
	static const char nul[] =
		"[ 1.0] Out of memory: Killed process 42 (a\0b) total-vm:1kB, anon-rss:1kB\0, file-rss:0kB";
	int n = 0;

	(void)state;
	assert_non_null(big);
	memset(big, 'k', len);
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	assert_int_equal(oomkit_report_feed_line(rp, big, len, NULL), 0);
	memcpy(big, "[ 1.0] ", 7);
	memcpy(big + len / 2, "Killed process ", 15);
	assert_int_equal(oomkit_report_feed_line(rp, big, len, NULL), 0);
	memset(big, '[', len);
	assert_int_equal(oomkit_report_feed_line(rp, big, len, NULL), 0);
	memset(big, ' ', len);
	assert_int_equal(oomkit_report_feed_line(rp, big, len, NULL), 0);
	memset(big, '\0', len);
	assert_int_equal(oomkit_report_feed_line(rp, big, len, NULL), 0);
	assert_int_equal(oomkit_report_feed_line(rp, nul, sizeof(nul) - 1, NULL), 0);
	oomkit_report_flush(rp);
	while (oomkit_report_next(rp, &ev) == 0) {
		/* the NUL-carrying line is a real kill line: comm cut at NUL */
		assert_int_equal(N(ev, OOMKIT_EV_PID), 42);
		assert_string_equal(S(ev, OOMKIT_EV_COMM), "a");
		n++;
		oomkit_event_free(ev);
	}
	assert_int_equal(n, 1);
	oomkit_report_parser_free(rp);
	free(big);
}

/* a comm holding escape sequences is kept byte for byte */
static void test_hostile_comm(void **state)
{
	static const char *const l[] = {
		"[  1.000000] Out of memory: Killed process 4242 (ev\033[31mil\377x) total-vm:100kB, anon-rss:50kB, file-rss:10kB, shmem-rss:0kB, UID:1000 pgtables:4kB oom_score_adj:0",
		"[  2.000000] a) b\n invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		NULL
	};
	struct evs o;

	(void)state;
	run(&o, l);
	assert_int_equal(o.n, 2);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_COMM), "ev\033[31mil\377x");
	assert_string_equal(S(o.ev[1], OOMKIT_EV_TRIGGER_COMM), "a) b\n");
	done(&o);
}

/*
 * A kill record whose comm holds a newline and ')' (/dev/kmsg and the
 * journal keep the newline, as \x0a): one kill, the whole name, while a
 * record of several lines (memory.stat) is still read line by line.
 */
static void test_kill_record_newline_comm(void **state)
{
	struct oomkit_report_parser *rp;
	struct evs o;
	static const char kill[] =
		"Out of memory: Killed process 4242 (a b)\n\t\xff\\\"\xc3\xa9) total-vm:100kB, "
		"anon-rss:50kB, file-rss:10kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0";

	(void)state;
	memset(&o, 0, sizeof(o));
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	assert_int_equal(
		oomkit_report_feed_kmsg(rp, kill, strlen(kill), 2000000, -1, NULL, "kmsg:1"), 0);
	assert_int_equal(oomkit_report_flush(rp), 0);
	collect(rp, &o);
	assert_int_equal(o.n, 1);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_PID), 4242);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_COMM), "a b)\n\t\xff\\\"\xc3\xa9");
	assert_int_equal(N(o.ev[0], OOMKIT_EV_ANON_RSS_KB), 50);
	done(&o);
	oomkit_report_parser_free(rp);
}

static void test_task_table_cap(void **state)
{
	struct oomkit_report_parser *rp;
	struct oomkit_event *ev;
	char line[256];
	int i, n;
	static const char hdr[] =
		"[ 1.0] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name";
	static const char trig[] =
		"[ 1.0] big invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0";
	static const char kill[] =
		"[ 2.0] Out of memory: Killed process 99999 (t99999) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB";

	(void)state;
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	assert_int_equal(oomkit_report_feed_line(rp, trig, sizeof(trig) - 1, NULL), 0);
	assert_int_equal(oomkit_report_feed_line(rp, hdr, sizeof(hdr) - 1, NULL), 0);
	for (i = 0; i < 100000; i++) {
		n = snprintf(
			line, sizeof(line),
			"[ 1.5] [%7d]  1000 %5d     4908        0    98304      117          %d t%d",
			i, i, i % 1000, i);
		assert_int_equal(oomkit_report_feed_line(rp, line, (size_t)n, NULL), 0);
	}
	assert_int_equal(oomkit_report_feed_line(rp, kill, sizeof(kill) - 1, NULL), 0);
	oomkit_report_flush(rp);
	assert_int_equal(oomkit_report_next(rp, &ev), 0);
	assert_int_equal(oomkit_event_task_count(ev), 4096);
	assert_int_equal(N(ev, OOMKIT_EV_TASKS_TOTAL), 100000);
	assert_int_equal(T(ev, 4095, OOMKIT_TASK_PID), 4095);
	assert_int_equal(T(ev, 4095, OOMKIT_TASK_OOM_SCORE_ADJ), 95);
	/* the victim's row was not kept: its adj is not guessed */
	assert_int_equal(N(ev, OOMKIT_EV_OOM_SCORE_ADJ), NA);
	oomkit_event_free(ev);
	oomkit_report_parser_free(rp);
}

static void test_kill_prefixes(void **state)
{
	static const char *const l[] = {
		"[ 1.0] Out of memory (oom_kill_allocating_task): Killed process 300 (alloc) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB, UID:7 pgtables:4kB oom_score_adj:0",
		"No available memory (MPOL_BIND): Kill process 301 (numa) score 40 or sacrifice child",
		"Killed process 301 (numa) total-vm:20kB, anon-rss:6kB, file-rss:0kB",
		/* 4.1-4.13 table, then the child of a selected process */
		"[ 3.0] w invoked oom-killer: gfp_mask=0x24201ca(GFP_HIGHUSER_MOVABLE|__GFP_COLD), nodemask=0, order=0, oom_score_adj=0",
		"[ 3.0] [ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds swapents oom_score_adj name",
		"[ 3.0] [  400]    10   400     1000      900      12       3        4            15 p(a)r en)t",
		"[ 3.1] Out of memory: Kill process 400 (p(a)r en)t) score 7 or sacrifice child",
		"[ 3.1] Killed process 400 (p(a)r en)t) total-vm:4000kB, anon-rss:3600kB, file-rss:0kB, shmem-rss:0kB",
		NULL
	};
	struct evs o;

	(void)state;
	run(&o, l);
	assert_int_equal(o.n, 3);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_PID), 300);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_KILL_PREFIX),
			    "Out of memory (oom_kill_allocating_task)");
	assert_int_equal(N(o.ev[0], OOMKIT_EV_UID), 7);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_PID), 301);
	assert_string_equal(S(o.ev[1], OOMKIT_EV_KILL_PREFIX), "No available memory (MPOL_BIND)");
	assert_int_equal(N(o.ev[1], OOMKIT_EV_SCORE), 40);
	assert_int_equal(N(o.ev[2], OOMKIT_EV_PID), 400);
	assert_string_equal(S(o.ev[2], OOMKIT_EV_COMM), "p(a)r en)t");
	assert_string_equal(S(o.ev[2], OOMKIT_EV_SELECTED_COMM), "p(a)r en)t");
	assert_string_equal(S(o.ev[2], OOMKIT_EV_NODEMASK), "0");
	assert_int_equal(N(o.ev[2], OOMKIT_EV_OOM_SCORE_ADJ), 15);
	assert_int_equal(N(o.ev[2], OOMKIT_EV_UID), 10);
	assert_int_equal(T(o.ev[2], 0, OOMKIT_TASK_NR_PMDS), 3);
	assert_int_equal(T(o.ev[2], 0, OOMKIT_TASK_SWAPENTS), 4);
	assert_string_equal(oomkit_event_task_name(o.ev[2], 0), "p(a)r en)t");
	done(&o);
}

static void test_earlyoom_versions(void **state)
{
	static const char *const l[] = {
		"Jan  2 10:00:00 h earlyoom[5]: sending SIGTERM to process 10 \"a b\": badness 800, VmRSS 100 MiB",
		"Jan  2 10:00:01 h earlyoom[5]: sending SIGKILL to process 10 \"a b\": badness 800, VmRSS 100 MiB",
		"Jan  2 10:00:05 h earlyoom[5]: sending SIGTERM to process 11 uid 1000 \"c\": badness 700, VmRSS 50 MiB",
		"Jan  2 10:00:09 h earlyoom[5]: Killing process 12 d",
		"Jan  2 10:00:10 h earlyoom[5]: Killing process: e, pid: 13",
		"Jan  2 10:00:11 h earlyoom[5]: mem avail: 100 of 1000 MiB (10.00%), swap free: 0 of 0 MiB ( 0.00%)",
		NULL
	};
	struct evs o;

	(void)state;
	run(&o, l);
	assert_int_equal(o.n, 4);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_PID), 10);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_COMM), "a b");
	assert_int_equal(N(o.ev[0], OOMKIT_EV_UID), NA);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_SCORE), 800);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_PID), 11);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_UID), 1000);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_RSS_KB), 50 * 1024);
	assert_int_equal(N(o.ev[2], OOMKIT_EV_PID), 12);
	assert_string_equal(S(o.ev[2], OOMKIT_EV_COMM), "d");
	assert_int_equal(N(o.ev[3], OOMKIT_EV_PID), 13);
	assert_string_equal(S(o.ev[3], OOMKIT_EV_COMM), "e");
	assert_int_equal(N(o.ev[3], OOMKIT_EV_KILLER), OOMKIT_KILLER_EARLYOOM);
	done(&o);
}

/* /dev/kmsg records of two CPUs' reports, kept apart by caller id */
static void test_feed_kmsg_callers(void **state)
{
	static const struct {
		const char *caller, *msg;
	} r[] = {
		{ "T1",
		  "a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0" },
		{ "T2",
		  "b invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=1, oom_score_adj=0" },
		{ "T1",
		  "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/x,task_memcg=/x,task=v1,pid=11,uid=0" },
		{ "T2",
		  "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=v2,pid=22,uid=0" },
		{ "T2",
		  "Out of memory: Killed process 22 (v2) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0" },
		{ "T1",
		  "Memory cgroup out of memory: Killed process 11 (v1) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0" },
	};
	struct oomkit_report_parser *rp;
	struct evs o;
	size_t i;

	(void)state;
	memset(&o, 0, sizeof(o));
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	for (i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		assert_int_equal(oomkit_report_feed_kmsg(rp, r[i].msg, strlen(r[i].msg),
							 (long long)i, -1, r[i].caller, "k"),
				 0);
	oomkit_report_flush(rp);
	collect(rp, &o);
	assert_int_equal(o.n, 2);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_PID), 22);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_TRIGGER_COMM), "b");
	assert_int_equal(N(o.ev[0], OOMKIT_EV_ORDER), 1);
	assert_int_equal(N(o.ev[1], OOMKIT_EV_PID), 11);
	assert_string_equal(S(o.ev[1], OOMKIT_EV_TRIGGER_COMM), "a");
	assert_string_equal(S(o.ev[1], OOMKIT_EV_OOM_MEMCG), "/x");
	done(&o);
	oomkit_report_parser_free(rp);
}

/* a report cut off and forgotten is not paired with a kill much later */
static void test_expiry(void **state)
{
	struct oomkit_report_parser *rp;
	struct evs o;
	static const char t[] =
		"[ 1.0] x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0";
	static const char k[] =
		"[ 9.0] Out of memory: Killed process 5 (y) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB";
	int i;

	(void)state;
	memset(&o, 0, sizeof(o));
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	assert_int_equal(oomkit_report_feed_line(rp, t, sizeof(t) - 1, NULL), 0);
	for (i = 0; i < 1000; i++)
		assert_int_equal(oomkit_report_feed_line(rp, "[ 2.0] eth0: up", 15, NULL), 0);
	assert_int_equal(oomkit_report_feed_line(rp, k, sizeof(k) - 1, NULL), 0);
	oomkit_report_flush(rp);
	collect(rp, &o);
	assert_int_equal(o.n, 2);
	assert_int_equal(N(o.ev[0], OOMKIT_EV_OUTCOME), OOMKIT_OUTCOME_INCOMPLETE);
	assert_string_equal(S(o.ev[0], OOMKIT_EV_TRIGGER_COMM), "x");
	assert_int_equal(N(o.ev[1], OOMKIT_EV_PID), 5);
	assert_string_equal(S(o.ev[1], OOMKIT_EV_TRIGGER_COMM), "(none)");
	done(&o);
	oomkit_report_parser_free(rp);
}

/*
 * The shape table of report-kernel.c: every example line reaches its own
 * row (SHAPE), the SHAPE row above it (ERA, which must follow a SHAPE or
 * ERA row), or no row (BODY: read by on_body and friends).
 */
static void test_shape_table(void **state)
{
	struct oomkit_report_parser *rp;
	int owner = -1;
	size_t i;

	(void)state;
	assert_true(oomkit__report_nshapes > 20);
	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	for (i = 0; i < oomkit__report_nshapes; i++) {
		const struct oomkit__shape *sh = &oomkit__report_shapes[i];
		const char *k = NULL;
		size_t len;
		int got, want;

		assert_non_null(sh->example);
		assert_non_null(sh->kernels);
		assert_non_null(sh->printer);
		len = strlen(sh->example);
		switch (sh->how) {
		case OOMKIT__SHAPE_ERA:
			assert_null(sh->fn);
			want = owner;
			assert_true(want >= 0);
			assert_non_null(oomkit__report_shapes[want].reader);
			break;
		case OOMKIT__SHAPE_BODY:
			assert_null(sh->fn);
			assert_non_null(sh->reader);
			want = owner = -1;
			break;
		default:
			assert_non_null(sh->fn);
			assert_non_null(sh->reader);
			assert_int_equal(sh->litlen, strlen(sh->lit));
			want = owner = (int)i;
			break;
		}
		got = oomkit__report_match(sh->example, len, &k);
		if (got != want)
			print_message("row %zu (%s): %s\n", i, sh->kernels, sh->example);
		assert_int_equal(got, want);
		if (got >= 0)
			assert_true(k >= sh->example && k < sh->example + len);
		assert_int_equal(oomkit_report_feed_line(rp, sh->example, len, NULL), 0);
	}
	assert_int_equal(oomkit_report_flush(rp), 0);
	oomkit_report_parser_free(rp);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(oomkit_outcome_name(OOMKIT_OUTCOME_KILLED), "killed");
	assert_string_equal(oomkit_outcome_name(OOMKIT_OUTCOME_NO_KILLABLE), "no-killable");
	assert_string_equal(oomkit_outcome_name(OOMKIT_OUTCOME_PANIC), "panic");
	assert_string_equal(oomkit_outcome_name(OOMKIT_OUTCOME_INCOMPLETE), "incomplete");
	assert_string_equal(oomkit_killer_name(OOMKIT_KILLER_SYSTEMD_OOMD), "systemd-oomd");
	assert_string_equal(oomkit_killer_name(OOMKIT_KILLER_EARLYOOM), "earlyoom");
	assert_int_equal(oomkit_report_parser_new(NULL), -EINVAL);
	assert_int_equal(oomkit_event_num(NULL, OOMKIT_EV_PID, NULL), -EINVAL);
	assert_null(oomkit_event_str(NULL, OOMKIT_EV_COMM));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eras),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_syslog_tags),
		cmocka_unit_test(test_syslog_year),
		cmocka_unit_test(test_strip_internals),
		cmocka_unit_test(test_hot_filter),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_userspace),
		cmocka_unit_test(test_feed_record),
		cmocka_unit_test(test_hold_and_order),
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_fragments),
		cmocka_unit_test(test_truncated_kill_lines),
		cmocka_unit_test(test_huge_lines_and_nuls),
		cmocka_unit_test(test_hostile_comm),
		cmocka_unit_test(test_task_table_cap),
		cmocka_unit_test(test_kill_prefixes),
		cmocka_unit_test(test_earlyoom_versions),
		cmocka_unit_test(test_feed_kmsg_callers),
		cmocka_unit_test(test_kill_record_newline_comm),
		cmocka_unit_test(test_expiry),
		cmocka_unit_test(test_shape_table),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_settle_delay),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
