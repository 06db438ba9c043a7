/*
 * report-bench - feed a file to the OOM report parser as fast as a reader
 * can (64 KiB reads, lines split with memchr, no copies) and print the
 * number of events and kill events. The parser's share of oomlog's time:
 * compare with `grep -c 'Killed process' FILE` (tests/report/bench.sh).
 *
 * Usage: report-bench FILE
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oomkit/report.h"

static unsigned long events, kills;

static void drain(struct oomkit_report_parser *rp)
{
	struct oomkit_event *ev;
	long long v;

	while (oomkit_report_next(rp, &ev) == 0) {
		events++;
		if (oomkit_event_num(ev, OOMKIT_EV_OUTCOME, &v) == 0 &&
		    v == OOMKIT_OUTCOME_KILLED)
			kills++;
		oomkit_event_free(ev);
	}
}

int main(int argc, char **argv)
{
	struct oomkit_report_parser *rp;
	size_t cap = 1 << 20, have = 0;
	char *buf = malloc(cap);
	ssize_t n;
	int fd;

	if (argc != 2 || !buf) {
		fprintf(stderr, "usage: report-bench FILE\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "report-bench: cannot open %s: %s\n", argv[1],
			strerror(errno));
		return 1;
	}
	if (oomkit_report_parser_new(&rp) < 0)
		return 1;
	for (;;) {
		char *p, *e, *nl;

		if (have == cap) {	/* a line longer than the buffer */
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				return 1;
		}
		n = read(fd, buf + have, cap - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return 1;
		if (n == 0)
			break;
		have += (size_t)n;
		p = buf;
		e = buf + have;
		while ((nl = memchr(p, '\n', (size_t)(e - p))) != NULL) {
			oomkit_report_feed_line(rp, p, (size_t)(nl - p), NULL);
			p = nl + 1;
		}
		drain(rp);
		have = (size_t)(e - p);
		memmove(buf, p, have);
	}
	if (have)
		oomkit_report_feed_line(rp, buf, have, NULL);
	oomkit_report_flush(rp);
	drain(rp);
	oomkit_report_parser_free(rp);
	close(fd);
	free(buf);
	printf("events %lu kills %lu\n", events, kills);
	return 0;
}
