/*
 * report-dump - feed files (or stdin) to the OOM report parser and print
 * each event as one JSON object per line. Test helper for the corpus test
 * (tests/report/check-corpus.py) and for looking at what the parser sees.
 *
 * Usage: report-dump [-t] [-y YEAR] [FILE...]
 *   -t  also print the task table rows of each event
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oomkit/report.h"
#include "event-keys.h"

static int show_tasks;

/* JSON string; bytes that are not printable ASCII become \u00XX so the
 * output is valid whatever the log held */
static void jstr(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void dump(const struct oomkit_event *ev)
{
	long long v;
	int i;

	oomkit_event_num(ev, OOMKIT_EV_OUTCOME, &v);
	printf("{\"outcome\":\"%s\"", oomkit_outcome_name((int)v));
	oomkit_event_num(ev, OOMKIT_EV_KILLER, &v);
	printf(",\"killer\":\"%s\"", oomkit_killer_name((int)v));
	for (i = 0; i < OOMKIT_EV_NUM_COUNT_; i++) {
		if (!numnames[i])
			continue;
		printf(",\"%s\":", numnames[i]);
		if (oomkit_event_num(ev, i, &v) == 0)
			printf("%lld", v);
		else
			fputs("null", stdout);
	}
	for (i = 0; i < OOMKIT_EV_STR_COUNT_; i++) {
		const char *s = oomkit_event_str(ev, i);

		if (!strnames[i])
			continue;
		printf(",\"%s\":", strnames[i]);
		if (s)
			jstr(s);
		else
			fputs("null", stdout);
	}
	printf(",\"tasks_kept\":%zu", oomkit_event_task_count(ev));
	if (show_tasks) {
		size_t r, n = oomkit_event_task_count(ev);

		fputs(",\"tasks\":[", stdout);
		for (r = 0; r < n; r++) {
			int c, first = 1;

			printf("%s{", r ? "," : "");
			for (c = 0; c < OOMKIT_TASK_NUM_COUNT_; c++)
				if (oomkit_event_task_num(ev, r, c, &v) == 0) {
					printf("%s\"%s\":%lld", first ? "" : ",",
					       tasknames[c], v);
					first = 0;
				}
			fputs(",\"name\":", stdout);
			jstr(oomkit_event_task_name(ev, r));
			putchar('}');
		}
		putchar(']');
	}
	puts("}");
}

static int drain(struct oomkit_report_parser *rp)
{
	struct oomkit_event *ev;
	int n = 0;

	while (oomkit_report_next(rp, &ev) == 0) {
		dump(ev);
		oomkit_event_free(ev);
		n++;
	}
	return n;
}

static int feed(struct oomkit_report_parser *rp, FILE *f, const char *name)
{
	char *line = NULL, origin[4096];
	size_t cap = 0;
	ssize_t len;
	unsigned long no = 0;
	int rc;

	while ((len = getline(&line, &cap, f)) >= 0) {
		snprintf(origin, sizeof(origin), "%s:%lu", name, ++no);
		rc = oomkit_report_feed_line(rp, line, (size_t)len, origin);
		if (rc < 0) {
			free(line);
			return rc;
		}
		drain(rp);
	}
	free(line);
	return 0;
}

int main(int argc, char **argv)
{
	struct oomkit_report_parser *rp;
	int c, i, rc = 0;

	while ((c = getopt(argc, argv, "ty:")) != -1) {
		switch (c) {
		case 't':
			show_tasks = 1;
			break;
		case 'y':
			break;
		default:
			fprintf(stderr, "usage: report-dump [-t] [-y YEAR] [FILE...]\n");
			return 2;
		}
	}
	if (oomkit_report_parser_new(&rp) < 0)
		return 1;
	optind = 1;
	while ((c = getopt(argc, argv, "ty:")) != -1)
		if (c == 'y')
			oomkit_report_set_year(rp, atoi(optarg));
	if (optind == argc) {
		rc = feed(rp, stdin, "-");
	} else {
		for (i = optind; i < argc && rc == 0; i++) {
			FILE *f = fopen(argv[i], "r");

			if (!f) {
				fprintf(stderr, "report-dump: cannot open %s: %s\n",
					argv[i], strerror(errno));
				rc = -errno;
				break;
			}
			rc = feed(rp, f, argv[i]);
			fclose(f);
			/* files are independent: end each one */
			oomkit_report_flush(rp);
			drain(rp);
		}
	}
	oomkit_report_flush(rp);
	drain(rp);
	oomkit_report_parser_free(rp);
	return rc < 0 ? 1 : 0;
}
