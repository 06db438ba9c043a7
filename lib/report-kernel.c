/*
 * report-kernel.c - handlers of the kernel's OOM report lines: the trigger
 * ("invoked oom-killer:"), the one-line summary ("oom-kill:"), the victim
 * selection ("Kill process ... or sacrifice child"), the kill ("Killed
 * process"), the outcomes without a kill (no killable processes, panic,
 * victim already exiting), the oom_reaper line and the body lines of an
 * open report (memcg usage, swap, the stack dump's pid, the task table).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "report-private.h"

static long long hexnum(const char *s, const char *e)
{
	unsigned long long x = 0;
	int nd = 0;

	if (e - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; s < e && nd < 16; s++, nd++) {
		int c = *s, d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		x = x * 16 + (unsigned)d;
	}
	if (!nd || x > (unsigned long long)LLONG_MAX)
		return NONE;
	return (long long)x;
}

/* "comm invoked oom-killer: gfp_mask=..., order=0, oom_score_adj=0" */
int oomkit__report_on_trigger(struct oomkit_report_parser *rp, const char *m,
			      size_t n, const char *inv, const struct oomkit__pfx *p,
			      const char *origin)
{
	const char *e = m + n, *v, *ve;
	struct report *r = oomkit__rep_find(rp, p);
	int rc = 0;

	if (r && (p->caller_len || !r->caller[0]))
		rc = oomkit__rep_close(rp, r);
	if (oomkit__rep_open(rp, p, &r) < 0 || rc < 0)
		return -ENOMEM;
	r->has_trigger = 1;
	oomkit__report_snap(rp, &r->trig_at, p, origin);
	if (inv - m <= COMMLEN - 1)
		cpy(r->trig_comm, sizeof(r->trig_comm), m, (size_t)(inv - m));
	else
		cpy(r->trig_comm, sizeof(r->trig_comm), inv - 16, 16);
	v = FIND(inv, (size_t)(e - inv), "gfp_mask=");
	if (v) {
		v += 9;
		for (ve = v; ve < e && *ve != ',' && *ve != ' '; ve++)
			if (*ve == '(') {
				const char *c = memchr(ve, ')', (size_t)(e - ve));

				ve = c ? c : e - 1;
			}
		cpy(r->gfp_text, sizeof(r->gfp_text), v, (size_t)(ve - v));
		r->gfp = hexnum(v, ve);
	}
	v = FIND(inv, (size_t)(e - inv), "nodemask=");
	if (v) {
		v += 9;
		ve = FIND(v, (size_t)(e - v), ", order=");
		if (!ve)
			ve = memchr(v, ',', (size_t)(e - v));
		cpy(r->nodemask, sizeof(r->nodemask), v,
		    (size_t)((ve ? ve : e) - v));
	}
	r->order = keyed(inv, e, "order=");
	r->trig_adj = keyed(inv, e, "oom_score_adj=");
	r->trig_oom_adj = keyed(inv, e, " oom_adj=");
	if (r->trig_oom_adj == NONE)
		r->trig_oom_adj = keyed(inv, e, "oomkilladj=");
	return 0;
}

/* oom-kill:constraint=...,nodemask=...,cpuset=...,task=...,pid=...,uid=... */
static const char *const sumkeys[] = {
	"constraint=", "nodemask=", "cpuset=", "mems_allowed=", "global_oom",
	"oom_memcg=", "task_memcg=", "task=", "pid=", "uid=",
};

static int sum_value(const char *m, const char *e, const char *key,
		     const char **vs, const char **ve)
{
	size_t kl = strlen(key), i;
	const char *s = m, *best;

	for (;;) {
		const char *k = find(s, (size_t)(e - s), key, kl);

		if (!k)
			return 0;
		if (k == m || k[-1] == ',' || k[-1] == ':') {
			s = k + kl;
			break;
		}
		s = k + 1;
	}
	best = e;
	for (i = 0; i < sizeof(sumkeys) / sizeof(sumkeys[0]); i++) {
		size_t l = strlen(sumkeys[i]);
		const char *c = s;

		while (c < best) {
			const char *k = find(c, (size_t)(best - c), sumkeys[i], l);

			if (!k)
				break;
			if (k > s && k[-1] == ',') {
				best = k - 1;
				break;
			}
			c = k + 1;
		}
	}
	*vs = s;
	*ve = best;
	return 1;
}

int oomkit__report_on_summary(struct oomkit_report_parser *rp, const char *m,
			      size_t n, const struct oomkit__pfx *p,
			      const char *origin)
{
	const char *e = m + n, *vs, *ve;
	struct report *r = oomkit__rep_find(rp, p);
	long long v;

	if (oomkit__rep_continue(rp, p, &r, r && (r->nkills || r->has_summary ||
						  r->outcome_done)) < 0)
		return -ENOMEM;
	r->touched = rp->lineno;
	r->has_summary = 1;
	oomkit__report_snap(rp, &r->sum_at, p, origin);
	if (sum_value(m, e, "constraint=", &vs, &ve))
		cpy(r->constraint, sizeof(r->constraint), vs, (size_t)(ve - vs));
	if (sum_value(m, e, "nodemask=", &vs, &ve))
		cpy(r->nodemask, sizeof(r->nodemask), vs, (size_t)(ve - vs));
	if (sum_value(m, e, "cpuset=", &vs, &ve))
		cpy(r->cpuset, sizeof(r->cpuset), vs, (size_t)(ve - vs));
	if (sum_value(m, e, "mems_allowed=", &vs, &ve))
		cpy(r->mems, sizeof(r->mems), vs, (size_t)(ve - vs));
	if (sum_value(m, e, "oom_memcg=", &vs, &ve)) {
		cpy(r->oom_memcg, sizeof(r->oom_memcg), vs, (size_t)(ve - vs));
		r->memcg_oom = 1;
	} else if (FIND(m, n, ",global_oom")) {
		r->memcg_oom = 0;
	}
	if (sum_value(m, e, "task_memcg=", &vs, &ve))
		cpy(r->task_memcg, sizeof(r->task_memcg), vs, (size_t)(ve - vs));
	if (sum_value(m, e, "task=", &vs, &ve))
		cpy(r->sum_task, sizeof(r->sum_task), vs, (size_t)(ve - vs));
	if (sum_value(m, e, "pid=", &vs, &ve) && num(vs, ve, &v) && v > 0)
		r->sum_pid = v;
	if (sum_value(m, e, "uid=", &vs, &ve) && num(vs, ve, &v))
		r->sum_uid = v;
	return 0;
}

/*
 * The comm in "(comm)" after a pid. Returns the end (past ')') or NULL.
 * A comm may itself hold ')' or spaces, so prefer the ')' before a known
 * continuation.
 */
const char *oomkit__report_paren_comm(const char *s, const char *e, char *out,
				      size_t osz)
{
	const char *o, *c, *lim;
	static const char *const next[] = { ") total-vm:", "), UID", ") score",
					    ", now ", ") is already" };
	size_t i;

	while (s < e && *s == ' ')
		s++;
	if (s >= e || *s != '(')
		return NULL;
	o = s + 1;
	lim = e - o > COMMLEN + 2 ? o + COMMLEN + 2 : e;
	for (i = 0; i < sizeof(next) / sizeof(next[0]); i++) {
		c = find(o, (size_t)(e - o), next[i], strlen(next[i]));
		if (c && c < lim + 8) {
			if (next[i][0] == ',')
				c--;	/* "(comm), now" */
			if (c >= o && *c == ')') {
				cpy(out, osz, o, (size_t)(c - o));
				return c + 1;
			}
		}
	}
	for (c = o; c < lim; c++) {
		if (*c != ')')
			continue;
		if (c + 1 == e || c[1] == ' ' || c[1] == ',' || c[1] == '.' ||
		    c[1] == ':' || (c[1] >= 'A' && c[1] <= 'Z') || c[1] == 'o')
			break;
	}
	if (c >= lim)
		return NULL;
	cpy(out, osz, o, (size_t)(c - o));
	return c + 1;
}

/* text before "Killed process"/"Kill process", without ": " */
static void kill_prefix(const char *m, const char *k, char *out, size_t osz)
{
	const char *e = k;

	while (e > m && (e[-1] == ' ' || e[-1] == ':'))
		e--;
	cpy(out, osz, m, (size_t)(e - m));
}

static int prefix_is_memcg(const char *pre)
{
	return strstr(pre, "Memory cgroup") != NULL;
}

/* "<prefix>: Kill process N (comm) score S or sacrifice child" */
int oomkit__report_on_select(struct oomkit_report_parser *rp, const char *m, size_t n,
			     const char *k, const struct oomkit__pfx *p,
			     const char *origin)
{
	const char *e = m + n, *s;
	long long pid, score;
	char comm[COMMLEN];
	struct report *r;

	s = num(k + 13, e, &pid);	/* after "Kill process " */
	if (!s || pid <= 0)
		return 0;
	if (!oomkit__report_paren_comm(s, e, comm, sizeof(comm)))
		comm[0] = '\0';
	score = keyed(s, e, "score ");
	r = oomkit__rep_find(rp, p);
	if (r && r->has_sel && r->sel_pid == pid && !r->nkills)
		return 0;	/* the same line twice */
	if (oomkit__rep_continue(rp, p, &r, r && (r->nkills || r->has_sel ||
						  r->outcome_done)) < 0)
		return -ENOMEM;
	r->touched = rp->lineno;
	r->has_sel = 1;
	r->sel_pid = pid;
	r->sel_score = score;
	cpy(r->sel_comm, sizeof(r->sel_comm), comm, strlen(comm));
	kill_prefix(m, k, r->sel_prefix, sizeof(r->sel_prefix));
	if (prefix_is_memcg(r->sel_prefix))
		r->memcg_oom = 1;
	oomkit__report_snap(rp, &r->sel_at, p, origin);
	return 0;
}

/*
 * "<prefix>: Killed process N (comm) total-vm:..kB, anon-rss:..kB, ..."
 * RHEL 6: "Killed process N, UID U, (comm) total-vm:..."
 * RHEL 7: "Killed process N (comm), UID U, total-vm:..."
 */
int oomkit__report_on_killed(struct oomkit_report_parser *rp, const char *m, size_t n,
			     const char *k, const struct oomkit__pfx *p,
			     const char *origin)
{
	const char *e = m + n, *s, *after;
	long long pid, uid = NONE;
	char comm[COMMLEN], prefix[64];
	struct report *r;
	struct oomkit_event *ev;
	struct tsnap t;
	int i, rc = 0;

	s = num(k + 15, e, &pid);	/* after "Killed process " */
	if (!s || pid <= 0)
		return 0;
	if (s < e && *s == ',') {	/* RHEL 6 */
		uid = keyed(s, e, "UID ");
		s = memchr(s, '(', (size_t)(e - s));
		if (!s)
			return 0;
	}
	after = oomkit__report_paren_comm(s, e, comm, sizeof(comm));
	if (!after)
		return 0;
	kill_prefix(m, k, prefix, sizeof(prefix));

	r = oomkit__rep_find(rp, p);
	for (i = 0; r && i < r->nkills; i++)
		if (r->kills[i] == pid)
			return 0;	/* printed twice (oom.group) */
	if (oomkit__rep_continue(rp, p, &r, r && ((r->nkills && !r->group_memcg[0]) ||
						  r->outcome_done)) < 0)
		return -ENOMEM;
	r->touched = rp->lineno;
	if (r->nkills < MAX_KILLS)
		r->kills[r->nkills] = pid;
	r->nkills++;

	ev = oomkit__ev_new(OOMKIT_KILLER_KERNEL, OOMKIT_OUTCOME_KILLED);
	if (!ev)
		return -ENOMEM;
	ev->num[OOMKIT_EV_PID] = pid;
	rc |= oomkit__ev_set_str(ev, OOMKIT_EV_COMM, comm);
	if (uid == NONE) {
		uid = keyed(after, e, "UID:");
		if (uid == NONE)
			uid = keyed(after, e, "UID ");
	}
	oomkit__ev_set_num(ev, OOMKIT_EV_UID, uid);
	oomkit__ev_set_num(ev, OOMKIT_EV_TOTAL_VM_KB, keyed(after, e, "total-vm:"));
	oomkit__ev_set_num(ev, OOMKIT_EV_TOTAL_VM_KB, keyed(after, e, "vsz:"));	/* 2.6.3x */
	oomkit__ev_set_num(ev, OOMKIT_EV_ANON_RSS_KB, keyed(after, e, "anon-rss:"));
	oomkit__ev_set_num(ev, OOMKIT_EV_FILE_RSS_KB, keyed(after, e, "file-rss:"));
	oomkit__ev_set_num(ev, OOMKIT_EV_SHMEM_RSS_KB, keyed(after, e, "shmem-rss:"));
	oomkit__ev_set_num(ev, OOMKIT_EV_PGTABLES_KB, keyed(after, e, "pgtables:"));
	oomkit__ev_set_num(ev, OOMKIT_EV_OOM_SCORE_ADJ, keyed(after, e, "oom_score_adj:"));
	rc |= oomkit__ev_set_str(ev, OOMKIT_EV_KILL_PREFIX, prefix);
	if (prefix_is_memcg(prefix))
		r->memcg_oom = 1;
	oomkit__report_snap(rp, &t, p, origin);
	rc |= oomkit__ev_time(ev, &t);
	rc |= oomkit__ev_from_report(ev, r);
	if (rc) {
		oomkit_event_free(ev);
		return -ENOMEM;
	}
	return oomkit__report_push(rp, ev);
}

/* an outcome without a kill: no killable processes, panic, exiting */
int oomkit__report_on_outcome(struct oomkit_report_parser *rp, int outcome,
			      long long pid, const char *comm,
			      const struct oomkit__pfx *p, const char *origin)
{
	struct report *r = oomkit__rep_find(rp, p);
	struct oomkit_event *ev;
	struct tsnap t;
	size_t i;
	int rc = 0;

	if (outcome == OOMKIT_OUTCOME_PANIC && r && r->outcome_done) {
		/* "no killable processes" then "System is deadlocked": one */
		for (i = 0; (ev = oomkit__report_held(rp, i)) != NULL; i++) {
			if (ev->num[OOMKIT_EV_KILLER] != OOMKIT_KILLER_KERNEL ||
			    ev->report_id != r->id)
				continue;
			if (ev->num[OOMKIT_EV_OUTCOME] ==
				    OOMKIT_OUTCOME_NO_KILLABLE ||
			    ev->num[OOMKIT_EV_OUTCOME] == OOMKIT_OUTCOME_PANIC) {
				ev->num[OOMKIT_EV_OUTCOME] = OOMKIT_OUTCOME_PANIC;
				return 0;
			}
			break;
		}
	}
	if (oomkit__rep_continue(rp, p, &r, r && (r->nkills || r->outcome_done)) < 0)
		return -ENOMEM;
	r->outcome_done = 1;
	ev = oomkit__ev_new(OOMKIT_KILLER_KERNEL, outcome);
	if (!ev)
		return -ENOMEM;
	if (pid != NONE) {
		ev->num[OOMKIT_EV_PID] = pid;
		rc |= oomkit__ev_set_str(ev, OOMKIT_EV_COMM, comm);
	}
	oomkit__report_snap(rp, &t, p, origin);
	rc |= oomkit__ev_time(ev, &t);
	rc |= oomkit__ev_from_report(ev, r);
	if (rc) {
		oomkit_event_free(ev);
		return -ENOMEM;
	}
	return oomkit__report_push(rp, ev);
}

/* "oom_reaper: reaped process N (comm), now anon-rss:..kB, ..." */
void oomkit__report_on_reaper(struct oomkit_report_parser *rp, const char *m, size_t n)
{
	const char *e = m + n, *s;
	long long pid;
	int failed = 0;
	struct oomkit_event *ev;
	size_t i;

	s = FIND(m, n, "reaped process ");
	if (s) {
		s += 15;
	} else if ((s = FIND(m, n, "unable to reap pid:")) != NULL) {
		s += 19;
		failed = 1;
	} else {
		return;
	}
	if (!num(s, e, &pid))
		return;
	for (i = 0; (ev = oomkit__report_held(rp, i)) != NULL; i++) {
		if (ev->num[OOMKIT_EV_KILLER] != OOMKIT_KILLER_KERNEL ||
		    ev->num[OOMKIT_EV_PID] != pid)
			continue;
		if (failed) {
			ev->num[OOMKIT_EV_REAP_FAILED] = 1;
		} else {
			ev->num[OOMKIT_EV_REAP_FAILED] = 0;
			ev->num[OOMKIT_EV_REAPED_ANON_KB] =
				keyed(s, e, "anon-rss:");
			ev->num[OOMKIT_EV_REAPED_FILE_KB] =
				keyed(s, e, "file-rss:");
			ev->num[OOMKIT_EV_REAPED_SHMEM_KB] =
				keyed(s, e, "shmem-rss:");
		}
		return;
	}
}

/* does "Comm: X ..." name the trigger? (true when there is no trigger) */
static int same_comm(const struct report *r, const char *c, size_t skip,
		     const char *e)
{
	size_t l = strlen(r->trig_comm);

	if (!c)
		return 0;
	if (!r->has_trigger || !l)
		return 1;
	c += skip;
	if (l > 15)	/* TASK_COMM_LEN - 1 */
		l = 15;
	if ((size_t)(e - c) < l || memcmp(c, r->trig_comm, l))
		return 0;
	return l == 15 || c + l == e || c[l] == ' ';
}

/* lines of an open report's body; 1 when used */
int oomkit__report_on_body(struct oomkit_report_parser *rp, struct report *r,
			   const char *m, size_t n)
{
	const char *e = m + n, *s;
	long long v;

	/* old cpuset line: "comm cpuset=name mems_allowed=0", right after
	 * the trigger line */
	if (r->has_trigger && !r->cpuset[0] && r->trig_pid == NONE &&
	    (s = FIND(m, n, " cpuset=")) != NULL) {
		const char *ma = FIND(m, n, " mems_allowed=");

		if (ma && ma > s) {
			cpy(r->cpuset, sizeof(r->cpuset), s + 8,
			    (size_t)(ma - s - 8));
			cpy(r->mems, sizeof(r->mems), ma + 14,
			    (size_t)(e - ma - 14));
			return 1;
		}
	}
	switch (m[0]) {
	case '[':
		if (oomkit__report_parse_header(m, n, r->cols, &r->ncols))
			return 1;
		return oomkit__report_parse_row(r, m, n);
	case 'C':
		/* the stack dump of the allocating task, not of another CPU's
		 * warning printed in between: the comm must match */
		if (STARTS(m, n, "CPU: ") && (s = FIND(m, n, " PID: ")) != NULL &&
		    r->trig_pid == NONE && num(s + 6, e, &v) &&
		    same_comm(r, FIND(m, n, " Comm: "), 7, e)) {
			r->trig_pid = v;
			return 1;
		}
		return 0;
	case 'P':
		/* 2.6.x: "Pid: 8911, comm: httpd Not tainted" */
		if (STARTS(m, n, "Pid: ") && r->trig_pid == NONE &&
		    num(m + 5, e, &v) &&
		    same_comm(r, FIND(m, n, ", comm: "), 8, e)) {
			r->trig_pid = v;
			return 1;
		}
		return 0;
	case 'M':
		if (STARTS(m, n, "Mem-Info:")) {
			if (r->memcg_oom < 0)
				r->memcg_oom = 0;
		} else if (STARTS(m, n, "Memory cgroup stats for ")) {
			s = m + 24;
			cpy(r->stats_memcg, sizeof(r->stats_memcg), s,
			    (size_t)(e - s));
			s = strrchr(r->stats_memcg, ':');
			if (s)
				r->stats_memcg[s - r->stats_memcg] = '\0';
			r->memcg_oom = 1;
		} else {
			return 0;
		}
		return 1;
	case 'm':
		if (STARTS(m, n, "memory: usage ")) {
			r->usage = keyed(m, e, "usage ");
			r->limit = keyed(m, e, "limit ");
			r->failcnt = keyed(m, e, "failcnt ");
			r->memcg_oom = 1;
		} else if (STARTS(m, n, "memory+swap: usage ")) {
			r->swusage = keyed(m, e, "usage ");
			r->swlimit = keyed(m, e, "limit ");
		} else {
			return 0;
		}
		return 1;
	case 's':
		if (STARTS(m, n, "swap: usage ")) {
			r->swusage = keyed(m, e, "usage ");
			r->swlimit = keyed(m, e, "limit ");
			return 1;
		}
		return 0;
	case 'F':
		if (STARTS(m, n, "Free swap")) {
			r->freeswap = keyed(m, e, "= ");
			return 1;
		}
		return 0;
	case 'T':
		if (STARTS(m, n, "Total swap")) {
			r->totalswap = keyed(m, e, "= ");
			return 1;
		}
		if (STARTS(m, n, "Tasks state"))
			return 1;
		return 0;
	}
	return 0;
}
