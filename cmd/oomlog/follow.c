/*
 * follow.c - -f: print new kills as they come, until SIGINT or SIGTERM.
 */
#include <err.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "oomlog.h"

/*
 * follow mode. JSON: JSON Lines, each event (the backlog's too) a
 * compact document on a line of its own, printed at once; raw: each
 * row printed at once. Tables: every row stays in one table and only
 * the new row is printed, so the columns keep one width as long as
 * values fit; the backlog comes out as one table, header first.
 */
void follow_row(struct ctl *ctl, const struct oomkit_event *ev)
{
	struct libscols_line *ln;

	if (!ctl->ftb)
		ctl->ftb = events_table(ctl);
	ln = add_row(ctl, ctl->ftb, ev);
	if (ctl->o.mode != OUT_TABLE) {
		out_rows(&ctl->o, ctl->ftb, ln);
		scols_table_remove_lines(ctl->ftb);
		cli_flush_stdout_or_exit();
		return;
	}
	if (ctl->following) {
		out_rows(&ctl->o, ctl->ftb, ln);
		cli_flush_stdout_or_exit();
	}
	/* rows printed or a full backlog batch: out, then dropped */
	if (scols_table_get_nlines(ctl->ftb) >= BATCH_ROWS) {
		if (!ctl->following) {
			print_rows(ctl, ctl->ftb);
			cli_flush_stdout_or_exit();
		}
		keep_widths(ctl, ctl->ftb);
	}
}

/* follow: poll the followable sources until SIGINT/SIGTERM */
int follow(struct ctl *ctl, struct oomkit_source **srcs, size_t nsrcs,
	   struct oomkit_report_parser *rp)
{
	struct pollfd *pfd = calloc(nsrcs, sizeof(*pfd));
	struct oomkit_source **fsrc = calloc(nsrcs, sizeof(*fsrc));
	size_t n = 0, i;
	sigset_t mask, old;
	int fed_since_settle = 0, have_journal = 0, rc = 0;

	if (!pfd || !fsrc)
		err(CLI_EXIT_USAGE, "cannot allocate memory");
	for (i = 0; i < nsrcs; i++) {
		short events = 0;
		int fd = oomkit_source_get_fd(srcs[i], &events);

		if (fd < 0)
			continue;
		pfd[n].fd = fd;
		pfd[n].events = events;
		fsrc[n++] = srcs[i];
		if (oomkit_source_kind(srcs[i]) == OOMKIT_SOURCE_JOURNAL)
			have_journal = 1;
	}
	if (n == 0) {
		warnx("nothing to follow");
		free(pfd);
		free(fsrc);
		return -1;
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, &old);
	while (!stop) {
		/*
		 * The parser holds a finished event back for a few lines in
		 * case an oom_reaper line or a unit message belongs to it;
		 * after OOMKIT_REPORT_SETTLE_MS of quiet it can go out. A
		 * journal is also looked at every few seconds even without a
		 * wake-up (sd-journal falls back to polling where inotify
		 * cannot watch, and files get rotated).
		 */
		struct timespec ts = { OOMKIT_REPORT_SETTLE_MS / 1000,
				       OOMKIT_REPORT_SETTLE_MS % 1000 * 1000000L };
		int r = ppoll(pfd, n, fed_since_settle || have_journal ? &ts : NULL, &old);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			warn("poll");
			rc = -1;
			break;
		}
		for (i = 0; i < n; i++) {
			int got;

			if (!pfd[i].revents &&
			    !(r == 0 && oomkit_source_kind(fsrc[i]) == OOMKIT_SOURCE_JOURNAL))
				continue;
			/* /dev/kmsg wakes with POLLERR|POLLPRI when records
			 * were overwritten: the read counts them and goes on */
			oomkit_source_process(fsrc[i]);
			got = drain(fsrc[i], rp, evs_take, &ctl->evs);
			if (got < 0) {
				rc = -1;
				goto out;
			}
			if (got > 0)
				fed_since_settle = 1;
		}
		if (r == 0 && fed_since_settle) {
			/* release finished events held back for late lines;
			 * reports still open stay open */
			evs_end(&ctl->evs, rp, 1);
			fed_since_settle = 0;
		}
	}
out:
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(pfd);
	free(fsrc);
	return rc;
}
