/*
 * report-state.c - the event object and the per-caller report state.
 *
 * A report is kept per printk caller id (so that two CPUs' reports that
 * interleave stay apart) in fixed-size buffers: oomkit__rep_open() starts
 * one, oomkit__rep_continue() decides whether a line still belongs to the
 * open one, oomkit__rep_close() emits the event a report stands for when no
 * kill line did, and oomkit__rep_expire() closes reports nothing was added
 * to for EXPIRE_LINES lines. Events are filled from what their report said
 * (oomkit__ev_from_report()).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report-private.h"

#define EXPIRE_LINES 512 /* lines without news that end a report */

struct oomkit_event *oomkit__ev_new(int killer, int outcome)
{
	struct oomkit_event *ev = calloc(1, sizeof(*ev));
	int i;

	if (!ev)
		return NULL;
	for (i = 0; i < OOMKIT_EV_NUM_COUNT_; i++)
		ev->num[i] = NONE;
	ev->num[OOMKIT_EV_KILLER] = killer;
	ev->num[OOMKIT_EV_OUTCOME] = outcome;
	return ev;
}

int oomkit__ev_set_str(struct oomkit_event *ev, int item, const char *s)
{
	char *d;

	if (!s || !*s || ev->str[item])
		return 0;
	d = strdup(s);
	if (!d)
		return -ENOMEM;
	ev->str[item] = d;
	return 0;
}

void oomkit__ev_set_num(struct oomkit_event *ev, int item, long long v)
{
	if (v != NONE && ev->num[item] == NONE)
		ev->num[item] = v;
}

void oomkit__report_snap(struct oomkit_report_parser *rp, struct tsnap *t,
			 const struct oomkit__pfx *p, const char *origin)
{
	t->valid = 1;
	t->boot_us = p->boot_us;
	t->realtime_us = oomkit__pfx_realtime(p, rp->year);
	t->year_inferred = 0;
	if (t->realtime_us >= 0 && !p->year && p->realtime_us < 0) {
		/* the year was not written: never after the reference */
		long long ref = rp->ref_us > 0 ? rp->ref_us : (long long)time(NULL) * 1000000LL;

		t->year_inferred = 1;
		if (t->realtime_us > ref + 86400LL * 1000000LL && rp->year > 1970)
			t->realtime_us = oomkit__pfx_realtime(p, rp->year - 1);
	}
	cpy(t->text, sizeof(t->text), p->time_text ? p->time_text : "", p->time_len);
	cpy(t->host, sizeof(t->host), p->host ? p->host : "", p->host_len);
	cpy(t->origin, sizeof(t->origin), origin ? origin : "", origin ? strlen(origin) : 0);
}

int oomkit__ev_time(struct oomkit_event *ev, const struct tsnap *t)
{
	int rc = 0;

	if (!t->valid)
		return 0;
	if (t->boot_us >= 0)
		oomkit__ev_set_num(ev, OOMKIT_EV_BOOT_US, t->boot_us);
	if (t->realtime_us >= 0 && ev->num[OOMKIT_EV_REALTIME_US] == NONE) {
		ev->num[OOMKIT_EV_REALTIME_US] = t->realtime_us;
		ev->num[OOMKIT_EV_YEAR_INFERRED] = t->year_inferred;
	}
	rc |= oomkit__ev_set_str(ev, OOMKIT_EV_TIME_TEXT, t->text);
	rc |= oomkit__ev_set_str(ev, OOMKIT_EV_HOST, t->host);
	rc |= oomkit__ev_set_str(ev, OOMKIT_EV_SOURCE, t->origin);
	return rc ? -ENOMEM : 0;
}

/* fill an event from what its report said */
int oomkit__ev_from_report(struct oomkit_event *ev, struct report *r)
{
	int rc = 0, i;
	const struct row *row;

	if (!r)
		return 0;
	ev->report_id = r->id;
	if (r->has_trigger) {
		rc |= oomkit__ev_set_str(ev, OOMKIT_EV_TRIGGER_COMM, r->trig_comm);
		oomkit__ev_set_num(ev, OOMKIT_EV_TRIGGER_PID, r->trig_pid);
		oomkit__ev_set_num(ev, OOMKIT_EV_TRIGGER_ADJ, r->trig_adj);
		oomkit__ev_set_num(ev, OOMKIT_EV_TRIGGER_OOM_ADJ, r->trig_oom_adj);
		oomkit__ev_set_num(ev, OOMKIT_EV_ORDER, r->order);
		oomkit__ev_set_num(ev, OOMKIT_EV_GFP_MASK, r->gfp);
		rc |= oomkit__ev_set_str(ev, OOMKIT_EV_GFP_TEXT, r->gfp_text);
	} else {
		oomkit__ev_set_num(ev, OOMKIT_EV_TRIGGER_PID, r->trig_pid);
	}
	rc |= oomkit__ev_set_str(ev, OOMKIT_EV_NODEMASK, r->nodemask);
	rc |= oomkit__ev_set_str(ev, OOMKIT_EV_CPUSET, r->cpuset);
	rc |= oomkit__ev_set_str(ev, OOMKIT_EV_MEMS_ALLOWED, r->mems);
	rc |= oomkit__ev_set_str(ev, OOMKIT_EV_CONSTRAINT, r->constraint);
	rc |= oomkit__ev_set_str(ev, OOMKIT_EV_OOM_MEMCG, oomkit__memcg_path(r->oom_memcg));
	rc |= oomkit__ev_set_str(ev, OOMKIT_EV_TASK_MEMCG, oomkit__memcg_path(r->task_memcg));
	rc |= oomkit__ev_set_str(ev, OOMKIT_EV_STATS_MEMCG, oomkit__memcg_path(r->stats_memcg));
	rc |= oomkit__ev_set_str(ev, OOMKIT_EV_GROUP_MEMCG, oomkit__memcg_path(r->group_memcg));
	if (r->memcg_oom >= 0)
		oomkit__ev_set_num(ev, OOMKIT_EV_MEMCG_OOM, r->memcg_oom);
	if (r->group_memcg[0])
		oomkit__ev_set_num(ev, OOMKIT_EV_OOM_GROUP, 1);
	oomkit__ev_set_num(ev, OOMKIT_EV_MEMCG_USAGE_KB, r->usage);
	oomkit__ev_set_num(ev, OOMKIT_EV_MEMCG_LIMIT_KB, r->limit);
	oomkit__ev_set_num(ev, OOMKIT_EV_MEMCG_FAILCNT, r->failcnt);
	oomkit__ev_set_num(ev, OOMKIT_EV_MEMCG_SWAP_USAGE_KB, r->swusage);
	oomkit__ev_set_num(ev, OOMKIT_EV_MEMCG_SWAP_LIMIT_KB, r->swlimit);
	oomkit__ev_set_num(ev, OOMKIT_EV_SWAP_FREE_KB, r->freeswap);
	oomkit__ev_set_num(ev, OOMKIT_EV_SWAP_TOTAL_KB, r->totalswap);
	for (i = OOMKIT_EV_RAM_PAGES; i < OOMKIT_EV_NUM_COUNT_; i++)
		oomkit__ev_set_num(ev, i, r->mem[i - OOMKIT_EV_RAM_PAGES]);
	rc |= oomkit__ev_set_str(ev, OOMKIT_EV_KERNEL_VERSION, r->kver);
	if (r->has_sel) {
		oomkit__ev_set_num(ev, OOMKIT_EV_SELECTED_PID, r->sel_pid);
		oomkit__ev_set_num(ev, OOMKIT_EV_SCORE, r->sel_score);
		rc |= oomkit__ev_set_str(ev, OOMKIT_EV_SELECTED_COMM, r->sel_comm);
		rc |= oomkit__ev_set_str(ev, OOMKIT_EV_KILL_PREFIX, r->sel_prefix);
	}
	if (r->has_summary && ev->num[OOMKIT_EV_PID] != NONE &&
	    ev->num[OOMKIT_EV_PID] == r->sum_pid)
		oomkit__ev_set_num(ev, OOMKIT_EV_UID, r->sum_uid);
	if (r->rows_total)
		oomkit__ev_set_num(ev, OOMKIT_EV_TASKS_TOTAL, r->rows_total);
	if (r->tab && !ev->tab)
		ev->tab = oomkit__report_tab_get(r->tab);
	row = oomkit__report_find_row(r, ev->num[OOMKIT_EV_PID]);
	if (row) {
		oomkit__ev_set_num(ev, OOMKIT_EV_OOM_SCORE_ADJ, row->v[OOMKIT_TASK_OOM_SCORE_ADJ]);
		oomkit__ev_set_num(ev, OOMKIT_EV_UID, row->v[OOMKIT_TASK_UID]);
	}
	return rc ? -ENOMEM : 0;
}

/* ------------------------------------------------------------------ */
/* reports                                                              */

struct report *oomkit__rep_find(struct oomkit_report_parser *rp, const struct oomkit__pfx *p)
{
	struct report *best = NULL;
	int i;

	if (!rp->nopen)
		return NULL;
	for (i = 0; i < MAX_REPORTS; i++) {
		struct report *r = &rp->rep[i];

		if (!r->used)
			continue;
		if (p->caller_len) {
			if (strlen(r->caller) == p->caller_len &&
			    !memcmp(r->caller, p->caller, p->caller_len))
				return r;
		} else if (!best || r->touched > best->touched) {
			best = r;
		}
	}
	return best;
}

static void rep_free(struct oomkit_report_parser *rp, struct report *r)
{
	oomkit__report_tab_put(r->tab);
	memset(r, 0, sizeof(*r));
	rp->nopen--;
}

/* is a kernel kill of @pid still held back? */
static int seen_kill(struct oomkit_report_parser *rp, long long pid)
{
	struct oomkit_event *ev;
	size_t i;

	for (i = 0; (ev = oomkit__report_held(rp, i)) != NULL; i++)
		if (ev->num[OOMKIT_EV_KILLER] == OOMKIT_KILLER_KERNEL &&
		    ev->num[OOMKIT_EV_OUTCOME] == OOMKIT_OUTCOME_KILLED &&
		    ev->num[OOMKIT_EV_PID] == pid)
			return 1;
	return 0;
}

/* emit the event a report stands for when nothing else did, and drop it */
int oomkit__rep_close(struct oomkit_report_parser *rp, struct report *r)
{
	struct oomkit_event *ev = NULL;
	int rc = 0;

	if (r->nkills || r->outcome_done) {
		rep_free(rp, r);
		return 0;
	}
	if ((r->has_sel && seen_kill(rp, r->sel_pid)) ||
	    (!r->has_sel && r->has_summary && seen_kill(rp, r->sum_pid))) {
		/* lines of a kill already counted, out of order */
		rep_free(rp, r);
		return 0;
	}
	if ((r->has_sel && r->sel_pid != NONE) || (r->has_summary && r->sum_pid != NONE)) {
		/* the kill line itself is missing from the excerpt */
		ev = oomkit__ev_new(OOMKIT_KILLER_KERNEL, OOMKIT_OUTCOME_KILLED);
		if (!ev)
			goto nomem;
		if (r->has_sel) {
			ev->num[OOMKIT_EV_PID] = r->sel_pid;
			rc |= oomkit__ev_set_str(ev, OOMKIT_EV_COMM, r->sel_comm);
			rc |= oomkit__ev_time(ev, &r->sel_at);
		} else {
			ev->num[OOMKIT_EV_PID] = r->sum_pid;
			rc |= oomkit__ev_set_str(ev, OOMKIT_EV_COMM, r->sum_task);
			rc |= oomkit__ev_time(ev, &r->sum_at);
		}
	} else if (r->has_trigger) {
		ev = oomkit__ev_new(OOMKIT_KILLER_KERNEL, OOMKIT_OUTCOME_INCOMPLETE);
		if (!ev)
			goto nomem;
		rc |= oomkit__ev_time(ev, &r->trig_at);
	}
	if (ev) {
		rc |= oomkit__ev_from_report(ev, r);
		rep_free(rp, r);
		if (rc) {
			oomkit_event_free(ev);
			return -ENOMEM;
		}
		return oomkit__report_push(rp, ev);
	}
	rep_free(rp, r);
	return 0;
nomem:
	rep_free(rp, r);
	return -ENOMEM;
}

int oomkit__rep_open(struct oomkit_report_parser *rp, const struct oomkit__pfx *p,
		     struct report **out)
{
	struct report *r = NULL, *old = NULL;
	int i, rc = 0;

	for (i = 0; i < MAX_REPORTS; i++) {
		if (!rp->rep[i].used) {
			r = &rp->rep[i];
			break;
		}
		if (!old || rp->rep[i].touched < old->touched)
			old = &rp->rep[i];
	}
	if (!r) {
		rc = oomkit__rep_close(rp, old);
		r = old;
	}
	memset(r, 0, sizeof(*r));
	r->used = 1;
	r->id = ++rp->next_id;
	r->touched = rp->lineno;
	cpy(r->caller, sizeof(r->caller), p->caller ? p->caller : "", p->caller_len);
	r->trig_pid = r->trig_adj = r->trig_oom_adj = r->order = r->gfp = NONE;
	r->usage = r->limit = r->failcnt = r->swusage = r->swlimit = NONE;
	r->freeswap = r->totalswap = NONE;
	for (i = 0; i < (int)(sizeof(r->mem) / sizeof(r->mem[0])); i++)
		r->mem[i] = NONE;
	r->sum_pid = r->sum_uid = r->sel_pid = r->sel_score = NONE;
	r->memcg_oom = -1;
	rp->nopen++;
	*out = r;
	return rc;
}

/*
 * The report a line of @p goes to: *@r while it can take the line, else
 * (@done: it already has what the line would add) close it and open a
 * new one. Returns 0 or -ENOMEM.
 */
int oomkit__rep_continue(struct oomkit_report_parser *rp, const struct oomkit__pfx *p,
			 struct report **r, int done)
{
	if (*r && done) {
		if (oomkit__rep_close(rp, *r) < 0)
			return -ENOMEM;
		*r = NULL;
	}
	if (!*r && oomkit__rep_open(rp, p, r) < 0)
		return -ENOMEM;
	return 0;
}

/* the report a body line belongs to, opened headerless when needed */
int oomkit__rep_for(struct oomkit_report_parser *rp, const struct oomkit__pfx *p,
		    struct report **out)
{
	struct report *r = oomkit__rep_find(rp, p);

	if (r) {
		r->touched = rp->lineno;
		*out = r;
		return 0;
	}
	return oomkit__rep_open(rp, p, out);
}

/* close reports nothing was added to for a long time */
int oomkit__rep_expire(struct oomkit_report_parser *rp)
{
	int i, rc = 0;

	for (i = 0; i < MAX_REPORTS; i++) {
		struct report *r = &rp->rep[i];

		if (r->used && rp->lineno - r->touched > EXPIRE_LINES &&
		    oomkit__rep_close(rp, r) < 0)
			rc = -ENOMEM;
	}
	return rc;
}
