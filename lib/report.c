/*
 * report.c - the streaming kernel OOM report parser (oomkit/report.h):
 * the public API (feed, flush, next, the event accessors) and the queue
 * that holds finished events back.
 *
 * Lines go through oomkit__report_strip() (report-prefix.c), then to the
 * dispatch (report-dispatch.c), which rejects the unrelated ones cheaply
 * and hands the rest to the kernel line handlers (report-kernel.c) or to
 * the userspace killers (report-userspace.c). Per-caller report state and
 * the event object are in report-state.c, the task table in
 * report-tasks.c, wrapped and coloured line repair in report-repair.c.
 * Nothing is allocated for a line that is not part of a report.
 *
 * Events wait in a queue for HOLD_LINES lines so that late lines
 * (oom_reaper, a repeated kill line, a systemd unit message) can be merged
 * into them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "oomkit/report.h"
#include "killers-private.h"
#include "report-private.h"

int oomkit__report_push(struct oomkit_report_parser *rp, struct oomkit_event *ev)
{
	if (rp->qn == rp->qcap) {
		size_t nc = rp->qcap ? rp->qcap * 2 : 16, i;
		struct oomkit_event **nq = malloc(nc * sizeof(*nq));

		if (!nq) {
			oomkit_event_free(ev);
			return -ENOMEM;
		}
		for (i = 0; i < rp->qn; i++)
			nq[i] = rp->q[(rp->qhead + i) % rp->qcap];
		free(rp->q);
		rp->q = nq;
		rp->qhead = 0;
		rp->qcap = nc;
	}
	oomkit__report_apply_notes(rp, ev);
	ev->seal_line = rp->lineno + HOLD_LINES;
	rp->q[(rp->qhead + rp->qn) % rp->qcap] = ev;
	rp->qn++;
	return 0;
}

/* the i-th newest event still held back, or NULL */
struct oomkit_event *oomkit__report_held(struct oomkit_report_parser *rp, size_t i)
{
	struct oomkit_event *ev;

	if (i >= rp->qn)
		return NULL;
	ev = rp->q[(rp->qhead + rp->qn - 1 - i) % rp->qcap];
	if (ev->sealed || rp->lineno > ev->seal_line)
		return NULL;
	return ev;
}

/* ------------------------------------------------------------------ */
/* public API                                                           */

void oomkit_event_free(struct oomkit_event *ev)
{
	int i;

	if (!ev)
		return;
	for (i = 0; i < OOMKIT_EV_STR_COUNT_; i++)
		free(ev->str[i]);
	oomkit__report_tab_put(ev->tab);
	free(ev);
}

int oomkit_report_parser_new(struct oomkit_report_parser **rpp)
{
	struct oomkit_report_parser *rp;

	if (!rpp)
		return -EINVAL;
	rp = calloc(1, sizeof(*rp));
	if (!rp)
		return -ENOMEM;
	rp->last_boot_us = rp->last_wall = -1;
	*rpp = rp;
	return 0;
}

void oomkit_report_parser_free(struct oomkit_report_parser *rp)
{
	int i;

	if (!rp)
		return;
	for (i = 0; i < MAX_REPORTS; i++)
		if (rp->rep[i].used)
			oomkit__report_tab_put(rp->rep[i].tab);
	while (rp->qn) {
		oomkit_event_free(rp->q[rp->qhead]);
		rp->qhead = (rp->qhead + 1) % rp->qcap;
		rp->qn--;
	}
	free(rp->q);
	free(rp);
}

void oomkit__report_set_ref(struct oomkit_report_parser *rp, long long ref_us)
{
	rp->ref_us = ref_us;
}

void oomkit_report_set_year(struct oomkit_report_parser *rp, int year)
{
	if (rp)
		rp->year = year;
}

/* a time stamp that goes back more than this ends the open reports */
#define JUMP_BACK_US 1000000LL
#define JUMP_BACK_S 2
/* another file goes on with a report only this soon after its last line */
#define NEXT_FILE_S 600

/* the length of the file part of an origin "name:line" */
static size_t file_len(const char *origin)
{
	const char *c = strrchr(origin, ':');

	return c ? (size_t)(c - origin) : strlen(origin);
}

/* is @origin from another file than the last line's? */
static int other_file(const struct oomkit_report_parser *rp, const char *origin)
{
	size_t l;

	if (!origin || !rp->last_file_len)
		return 0;
	l = file_len(origin);
	if (l >= sizeof(rp->last_file))
		l = sizeof(rp->last_file) - 1; /* as time_mark() keeps it */
	return l != rp->last_file_len || memcmp(origin, rp->last_file, l);
}

/* a wall clock in seconds that only orders lines (-1: none) */
static long long wall_key(const struct oomkit__pfx *p)
{
	int mon = p->mon;

	if (mon < 0)
		mon = oomkit__month_from_name(p->mon_tok, p->mon_len);
	if (!p->has_clock || mon <= 0 || p->mday <= 0)
		return -1;
	return (long long)(mon * 32 + p->mday) * 86400 + p->hour * 3600 + p->min * 60 + p->sec;
}

/*
 * The clock went back (another boot, files concatenated out of order), or
 * the line is from another file that does not go on where the last one
 * stopped: a report open before cannot go on with this line. Close them.
 */
static int time_jump(struct oomkit_report_parser *rp, const struct oomkit__pfx *p,
		     const char *origin)
{
	long long w, b = p->boot_us;
	int rc = 0, end = 0;

	/* only a line that meets an open report is compared */
	if (!rp->nopen && !rp->wrap_len) {
		rp->last_file_len = 0;
		return 0;
	}
	w = wall_key(p);
	if (b >= 0 && rp->last_boot_us > b + JUMP_BACK_US)
		end = 1;
	if (w >= 0 && rp->last_wall > w + JUMP_BACK_S)
		end = 1;
	if (other_file(rp, origin) &&
	    !(b >= 0 && rp->last_boot_us >= 0 && b - rp->last_boot_us <= NEXT_FILE_S * 1000000LL) &&
	    !(w >= 0 && rp->last_wall >= 0 && w - rp->last_wall <= NEXT_FILE_S))
		end = 1;
	if (end) {
		if (rp->wrap_len)
			rc = oomkit__report_wrap_finish(rp);
		while (rc >= 0 && rp->nopen) {
			struct report *old = NULL;
			int i;

			for (i = 0; i < MAX_REPORTS; i++)
				if (rp->rep[i].used && (!old || rp->rep[i].touched < old->touched))
					old = &rp->rep[i];
			rc = oomkit__rep_close(rp, old);
		}
	}
	return rc < 0 ? rc : 0;
}

/* remember the clocks and file of a line read while a report is open */
static void time_mark(struct oomkit_report_parser *rp, const struct oomkit__pfx *p,
		      const char *origin)
{
	long long w;

	if (!rp->nopen && !rp->wrap_len)
		return;
	if (origin && (!rp->last_file_len || other_file(rp, origin))) {
		/* clocks are compared within a file */
		size_t l = file_len(origin);

		rp->last_boot_us = rp->last_wall = -1;
		rp->last_file_len = l < sizeof(rp->last_file) ? l : sizeof(rp->last_file) - 1;
		memcpy(rp->last_file, origin, rp->last_file_len);
	}
	if (p->boot_us >= 0)
		rp->last_boot_us = p->boot_us;
	w = wall_key(p);
	if (w >= 0)
		rp->last_wall = w;
}

/*
 * A pager cut the line ("…" at the end): the field it cut is unknown, so
 * the message ends before it (at the comma or blank before it).
 */
static size_t drop_cut_field(const char *m, size_t n, struct oomkit__pfx *p)
{
	int summary = STARTS(m, n, "oom-kill:");

	if (n < 3 || memcmp(m + n - 3, "\xe2\x80\xa6", 3))
		return n;
	p->cut = 1;
	n -= 3;
	while (n && m[n - 1] != ',' && (summary || m[n - 1] != ' '))
		n--;
	while (n && m[n - 1] == ' ')
		n--;
	return n;
}

/* one message (no glued second record) */
static int feed_msg(struct oomkit_report_parser *rp, const char *m, size_t n, struct oomkit__pfx *p,
		    const char *origin)
{
	int ishot;

	/* a tag other than "kernel", or a facility other than kern: userspace */
	if ((p->ident && !idis(p->ident, p->ident_len, "kernel")) || p->not_kern)
		return oomkit__report_userspace_msg(rp, p->ident ? p->ident : "", p->ident_len, m,
						    n, p, origin);
	ishot = oomkit__report_hot(m, n);
	if (ishot && oomkit__report_wrap_start(rp, m, n, p, origin))
		return 0;
	return oomkit__report_kernel_line(rp, m, n, p, origin, ishot);
}

/* a physical line, unmangled */
static int feed_text(struct oomkit_report_parser *rp, const char *line, size_t len,
		     const char *origin)
{
	struct oomkit__pfx p;
	const char *m;
	size_t n, k;
	int rc;

	if (rp->wrap_len) {
		rc = oomkit__report_wrap_join(rp, line, len);
		if (rc)
			return rc < 0 ? rc : 0;
	}
	m = oomkit__report_strip(line, len, &p, 0, &n);
	n = drop_cut_field(m, n, &p);
	if (!n)
		return 0;
	if ((rc = time_jump(rp, &p, origin)) < 0)
		return rc;
	if (rp->split_depth >= 8 || p.not_kern ||
	    (p.ident && p.ident_len && !idis(p.ident, p.ident_len, "kernel"))) {
		rc = feed_msg(rp, m, n, &p, origin);
	} else if (p.ident && !p.ident_len && oomkit__report_stamp_len(m, n)) {
		/*
		 * A logger's line with no tag that carries a dmesg line (a
		 * serial console or a VM's log with its own time stamp in
		 * front): read the dmesg line.
		 */
		rp->split_depth++;
		rc = feed_text(rp, m, n, origin);
		rp->split_depth--;
		return rc;
	} else if ((k = oomkit__report_glued(m, n)) < n) {
		/* two records glued on one line: "...#1[  12.345] Out of memory" */
		rc = feed_msg(rp, m, k, &p, origin);
		if (rc < 0)
			return rc;
		time_mark(rp, &p, origin);
		rp->split_depth++;
		rc = feed_text(rp, m + k, n - k, origin);
		rp->split_depth--;
		return rc;
	} else {
		rc = feed_msg(rp, m, n, &p, origin);
	}
	if (rc >= 0)
		time_mark(rp, &p, origin);
	return rc;
}

int oomkit_report_feed_line(struct oomkit_report_parser *rp, const char *line, size_t len,
			    const char *origin)
{
	int soft;

	if (!rp || (!line && len))
		return -EINVAL;
	/* journal records pasted as JSON or export text */
	if ((len && (line[0] == '{' || line[0] == '_')) || rp->jrec_on) {
		int rc = oomkit__report_jtext(rp, line, len, origin);

		if (rc)
			return rc < 0 ? rc : 0;
	}
	rp->lineno++;
	/* the common case: an unrelated line while no report is open */
	if (!rp->wrap_len && !rp->nopen && !rp->qp && !oomkit__report_hot(line, len) &&
	    !oomkit__report_maybe_row(line, len))
		return 0;
	oomkit__report_decolour(rp, &line, &len);
	soft = oomkit__report_unmangle(rp, &line, &len);
	if (soft || rp->qp_len) {
		/* a quoted-printable soft line break: join the pieces */
		size_t l = len < WRAP_MAX - rp->qp_len ? len : WRAP_MAX - rp->qp_len;

		memcpy(rp->qp_buf + rp->qp_len, line, l);
		rp->qp_len += l;
		if (soft && rp->qp_len < WRAP_MAX)
			return 0;
		line = rp->qp_buf;
		len = rp->qp_len;
		rp->qp_len = 0;
	}
	return feed_text(rp, line, len, origin);
}

/*
 * A kill line is one printk whose comm may hold a newline (any process
 * can name itself so; /dev/kmsg and the journal keep it as \x0a): such
 * a record is one line, not split at the newline inside "(comm)".
 */
static int kill_record(const char *msg, size_t len)
{
	static const char k[] = "Killed process ";
	const char *p;
	size_t rest;

	/* most records are one line: the newline is looked for first */
	if (!msg || !memchr(msg, '\n', len) || !(p = memmem(msg, len, k, sizeof(k) - 1)))
		return 0;
	rest = len - (size_t)(p - msg);
	return memmem(p, rest, ") total-vm:", 11) || memmem(p, rest, "), UID", 6);
}

static int feed_record(struct oomkit_report_parser *rp, const char *msg, size_t len,
		       long long boot_us, long long realtime_us, const char *host,
		       const char *ident, const char *caller, const char *origin)
{
	struct oomkit__pfx p;
	const char *e = msg + len;
	int rc, whole;

	if (!rp || (!msg && len))
		return -EINVAL;
	rp->lineno++;
	if (rp->wrap_len && (rc = oomkit__report_wrap_finish(rp)) < 0)
		return rc;
	memset(&p, 0, sizeof(p));
	p.boot_us = boot_us >= 0 ? boot_us : -1;
	p.realtime_us = realtime_us >= 0 ? realtime_us : -1;
	if (host) {
		p.host = host;
		p.host_len = strlen(host);
	}
	if (caller && *caller) {
		p.caller = caller;
		p.caller_len = strnlen(caller, 15);
	}
	/* a record may hold several lines (memory.stat on one printk) */
	whole = kill_record(msg, len);
	while (msg < e) {
		const char *nl = whole ? NULL : memchr(msg, '\n', (size_t)(e - msg));
		const char *le = nl ? nl : e, *s = msg;

		while (s < le && (*s == ' ' || *s == '\t'))
			s++;
		while (le > s && (le[-1] == ' ' || le[-1] == '\r' || le[-1] == '\t'))
			le--;
		if (le > s) {
			if (ident && *ident && strcmp(ident, "kernel"))
				rc = oomkit__report_userspace_msg(rp, ident, strlen(ident), s,
								  (size_t)(le - s), &p, origin);
			else
				rc = oomkit__report_kernel_line(rp, s, (size_t)(le - s), &p, origin,
								-1);
			if (rc < 0)
				return rc;
		}
		msg = nl ? nl + 1 : e;
	}
	return 0;
}

int oomkit_report_feed_record(struct oomkit_report_parser *rp, const char *msg, size_t len,
			      long long boot_us, long long realtime_us, const char *host,
			      const char *ident, const char *origin)
{
	return feed_record(rp, msg, len, boot_us, realtime_us, host, ident, NULL, origin);
}

int oomkit_report_feed_kmsg(struct oomkit_report_parser *rp, const char *msg, size_t len,
			    long long boot_us, long long realtime_us, const char *caller,
			    const char *origin)
{
	return feed_record(rp, msg, len, boot_us, realtime_us, NULL, NULL, caller, origin);
}

int oomkit_report_settle(struct oomkit_report_parser *rp)
{
	size_t i;

	if (!rp)
		return -EINVAL;
	for (i = 0; i < rp->qn; i++)
		rp->q[(rp->qhead + i) % rp->qcap]->sealed = 1;
	return 0;
}

int oomkit_report_flush(struct oomkit_report_parser *rp)
{
	int i, rc = 0;

	if (!rp)
		return -EINVAL;
	if (oomkit__report_jtext_end(rp) < 0)
		rc = -ENOMEM;
	if (rp->qp_len) {
		size_t n = rp->qp_len;

		rp->qp_len = 0;
		rc = feed_text(rp, rp->qp_buf, n, NULL);
	}
	if (rp->wrap_len && oomkit__report_wrap_finish(rp) < 0)
		rc = -ENOMEM;
	rp->qp = 0;
	rp->last_boot_us = rp->last_wall = -1;
	rp->last_file_len = 0;
	/* close in the order the reports were last written to */
	while (rp->nopen) {
		struct report *old = NULL;

		for (i = 0; i < MAX_REPORTS; i++)
			if (rp->rep[i].used &&
			    (!old || rp->rep[i].touched < old->touched ||
			     (rp->rep[i].touched == old->touched && rp->rep[i].id < old->id)))
				old = &rp->rep[i];
		if (oomkit__rep_close(rp, old) < 0)
			rc = -ENOMEM;
	}
	memset(rp->notes, 0, sizeof(rp->notes));
	oomkit_report_settle(rp);
	return rc < 0 ? rc : 0;
}

int oomkit_report_next(struct oomkit_report_parser *rp, struct oomkit_event **ev)
{
	struct oomkit_event *h;

	if (!rp || !ev || !rp->qn)
		return 1;
	h = rp->q[rp->qhead];
	if (!h->sealed && rp->lineno < h->seal_line)
		return 1;
	h->sealed = 1;
	rp->qhead = (rp->qhead + 1) % rp->qcap;
	rp->qn--;
	*ev = h;
	return 0;
}

int oomkit_event_num(const struct oomkit_event *ev, enum oomkit_event_num item, long long *val)
{
	if (!ev || (unsigned)item >= OOMKIT_EV_NUM_COUNT_)
		return -EINVAL;
	if (ev->num[item] == NONE)
		return -ENODATA;
	if (val)
		*val = ev->num[item];
	return 0;
}

const char *oomkit_event_str(const struct oomkit_event *ev, enum oomkit_event_str item)
{
	if (!ev || (unsigned)item >= OOMKIT_EV_STR_COUNT_)
		return NULL;
	return ev->str[item];
}

const char *oomkit_outcome_name(enum oomkit_event_outcome o)
{
	switch (o) {
	case OOMKIT_OUTCOME_KILLED:
		return "killed";
	case OOMKIT_OUTCOME_NO_KILLABLE:
		return "no-killable";
	case OOMKIT_OUTCOME_PANIC:
		return "panic";
	case OOMKIT_OUTCOME_INCOMPLETE:
		return "incomplete";
	case OOMKIT_OUTCOME_VICTIM_EXITING:
		return "victim-exiting";
	}
	return "unknown";
}

const char *oomkit_killer_name(enum oomkit_event_killer k)
{
	size_t i;

	if (k == OOMKIT_KILLER_KERNEL)
		return "kernel";
	for (i = 0; i < oomkit__nkillers; i++)
		if (oomkit__killers[i].killer == k)
			return oomkit__killers[i].ident;
	return "unknown";
}

size_t oomkit_event_task_count(const struct oomkit_event *ev)
{
	return ev && ev->tab ? ev->tab->n : 0;
}

int oomkit_event_task_num(const struct oomkit_event *ev, size_t row, enum oomkit_task_num item,
			  long long *val)
{
	if (!ev || (unsigned)item >= OOMKIT_TASK_NUM_COUNT_)
		return -EINVAL;
	if (!ev->tab || row >= ev->tab->n)
		return -ERANGE;
	if (ev->tab->rows[row].v[item] == NONE)
		return -ENODATA;
	if (val)
		*val = ev->tab->rows[row].v[item];
	return 0;
}

const char *oomkit_event_task_name(const struct oomkit_event *ev, size_t row)
{
	if (!ev || !ev->tab || row >= ev->tab->n)
		return NULL;
	return ev->tab->rows[row].name;
}
