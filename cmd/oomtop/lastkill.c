/*
 * lastkill.c - the latest OOM kill the kernel logged, for the screen's
 * header: /dev/kmsg read through liboomkit's kmsg source and report
 * parser (what oomlog reads), a little more at each refresh. No terminal.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oomtop.h"

struct oomtop_lastkill {
	struct oomkit_source *src;
	struct oomkit_report_parser *rp;
	int err; /* why kmsg cannot be read, or 0 */
	struct lastkill_info info;
};

/*
 * lastkill_open - open @path (NULL: /dev/kmsg). Returns an object even
 * when the source cannot be opened (lastkill_get() then says why), or
 * NULL when memory runs out.
 */
struct oomtop_lastkill *lastkill_open(const char *path)
{
	struct oomtop_lastkill *lk = calloc(1, sizeof(*lk));

	if (!lk)
		return NULL;
	lk->info.pid = -1;
	lk->err = oomkit_report_parser_new(&lk->rp);
	if (lk->err == 0)
		lk->err = oomkit_source_open_kmsg(&lk->src, path);
	return lk;
}

/* Keep the newest KILLED event of the parser's finished ones. */
static void drain(struct oomtop_lastkill *lk)
{
	struct oomkit_event *ev;

	while (oomkit_report_next(lk->rp, &ev) == 0) {
		long long outcome = -1, pid = -1, boot = -1;
		const char *comm = oomkit_event_str(ev, OOMKIT_EV_COMM);

		oomkit_event_num(ev, OOMKIT_EV_OUTCOME, &outcome);
		oomkit_event_num(ev, OOMKIT_EV_PID, &pid);
		oomkit_event_num(ev, OOMKIT_EV_BOOT_US, &boot);
		if (outcome == OOMKIT_OUTCOME_KILLED && (boot < 0 || boot >= lk->info.boot_us)) {
			lk->info.pid = pid;
			lk->info.boot_us = boot;
			snprintf(lk->info.comm, sizeof(lk->info.comm), "%s", comm ? comm : "");
			lk->info.count++;
		}
		oomkit_event_free(ev);
	}
}

/*
 * lastkill_poll - read what kmsg has now (never waits for more) and keep
 * the latest kill. Returns 0 or a negative error (kept for lastkill_get).
 */
int lastkill_poll(struct oomtop_lastkill *lk)
{
	int rc;

	if (!lk || lk->err)
		return lk ? lk->err : -EINVAL;
	while ((rc = oomkit_source_read(lk->src, lk->rp)) > 0)
		drain(lk);
	if (rc < 0 && rc != -EINTR && rc != -EAGAIN) {
		lk->err = rc;
		return rc;
	}
	/* the kernel writes a report at once: what is there is complete */
	oomkit_report_settle(lk->rp);
	drain(lk);
	return 0;
}

/*
 * lastkill_get - the latest kill seen (info->pid < 0: none since the
 * buffer's oldest record). Returns 0, or the error that stops reading.
 */
int lastkill_get(const struct oomtop_lastkill *lk, struct lastkill_info *info)
{
	if (!lk)
		return -EINVAL;
	*info = lk->info;
	return lk->err;
}

void lastkill_free(struct oomtop_lastkill *lk)
{
	if (!lk)
		return;
	oomkit_source_free(lk->src);
	oomkit_report_parser_free(lk->rp);
	free(lk);
}
