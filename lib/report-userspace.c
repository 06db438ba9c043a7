/*
 * report-userspace.c - userspace OOM killers (earlyoom, systemd-oomd,
 * oomd), each an event of its own, and systemd's unit messages ("A process
 * of this unit has been killed by the OOM killer."), which name the unit of
 * a kernel kill.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "killers-private.h"
#include "report-private.h"

static int unit_matches(const char *path, const char *unit)
{
	size_t ul = strlen(unit);
	const char *p = path;

	if (!path || !ul)
		return 0;
	while ((p = strstr(p, unit)) != NULL) {
		if (p > path && p[-1] == '/' && (p[ul] == '/' || !p[ul]))
			return 1;
		p++;
	}
	return 0;
}

void oomkit__report_apply_notes(struct oomkit_report_parser *rp, struct oomkit_event *ev)
{
	int i;

	for (i = 0; i < NOTES; i++) {
		struct unit_note *n = &rp->notes[i];

		if (!n->unit[0] || rp->lineno - n->line > HOLD_LINES)
			continue;
		if (unit_matches(ev->str[OOMKIT_EV_TASK_MEMCG], n->unit)) {
			oomkit__ev_set_str(ev, OOMKIT_EV_UNIT, n->unit);
			return;
		}
	}
}

static int user_dup(struct oomkit_report_parser *rp, int killer, long long pid, const char *path)
{
	struct oomkit_event *ev;
	size_t i;

	for (i = 0; (ev = oomkit__report_held(rp, i)) != NULL; i++) {
		if (ev->num[OOMKIT_EV_KILLER] != killer)
			continue;
		if (pid != NONE && ev->num[OOMKIT_EV_PID] == pid)
			return 1;
		if (path && ev->str[OOMKIT_EV_TASK_MEMCG] &&
		    !strcmp(ev->str[OOMKIT_EV_TASK_MEMCG], path))
			return 1;
	}
	return 0;
}

static int user_event(struct oomkit_report_parser *rp, int killer, long long pid, long long uid,
		      const char *comm, const char *path, const char *reason,
		      const struct oomkit__pfx *p, const char *origin, struct oomkit_event **out)
{
	struct oomkit_event *ev;
	struct tsnap t;
	int rc = 0;

	*out = NULL;
	if (user_dup(rp, killer, pid, path))
		return 0;
	ev = oomkit__ev_new(killer, OOMKIT_OUTCOME_KILLED);
	if (!ev)
		return -ENOMEM;
	ev->num[OOMKIT_EV_PID] = pid;
	ev->num[OOMKIT_EV_UID] = uid;
	rc |= oomkit__ev_set_str(ev, OOMKIT_EV_COMM, comm);
	rc |= oomkit__ev_set_str(ev, OOMKIT_EV_TASK_MEMCG, oomkit__memcg_path(path));
	rc |= oomkit__ev_set_str(ev, OOMKIT_EV_REASON, reason);
	oomkit__report_snap(rp, &t, p, origin);
	rc |= oomkit__ev_time(ev, &t);
	if (rc) {
		oomkit_event_free(ev);
		return -ENOMEM;
	}
	*out = ev;
	return 0;
}

/*
 * earlyoom:
 *  sending SIGTERM to process 4567 uid 1000 "firefox": oom_score 600,
 *    [oom_score_adj 0, ]VmRSS 3000 MiB[, cmdline "..."]
 *  sending SIGTERM to process 4567 uid 1000 "firefox": badness 600, VmRSS ...
 *  sending SIGKILL to process 4567 "firefox": badness 600, VmRSS 3000 MiB
 *  killing process 4567 "firefox" with signal 15: badness 600, VmRSS 3000 MiB
 *                                          (1.3 release candidates)
 *  Killing process 'firefox' with signal 15, pid: 4567, badness: 600,
 *    VmRSS: 3000 MiB                       (1.1, 1.2)
 *  Killing process 4567 firefox            (before 1.0)
 *  Killing process: firefox, pid: 4567     (a few 0.x versions)
 * The comm between quotes may hold the quote itself: the one before
 * " with signal " closes it.
 */
static int on_earlyoom(struct oomkit_report_parser *rp, const char *m, size_t n,
		       const struct oomkit__pfx *p, const char *origin)
{
	const char *e = m + n, *s, *q;
	long long pid = NONE, uid = NONE, v;
	char comm[256] = "", reason[64] = "";
	struct oomkit_event *ev;
	int rc;

	if (STARTS(m, n, "sending SIG") && (s = FIND(m, n, " to process ")) &&
	    (s = num(s + 12, e, &pid)) != NULL) {
		cpy(reason, sizeof(reason), m + 8, (size_t)(s - m - 8));
		q = FIND(m, n, " to process ");
		cpy(reason, sizeof(reason), m + 8, (size_t)(q - m - 8));
		if (STARTS(s, (size_t)(e - s), " uid ")) {
			s = num(s + 5, e, &uid);
			if (!s)
				return 0;
		}
		while (s < e && *s == ' ')
			s++;
		if (s < e && *s == '"') {
			q = FIND(s + 1, (size_t)(e - s - 1), "\": ");
			if (!q)
				q = memchr(s + 1, '"', (size_t)(e - s - 1));
			if (q) {
				cpy(comm, sizeof(comm), s + 1, (size_t)(q - s - 1));
				s = q + 1;
			}
		}
	} else if ((STARTS(m, n, "killing process ") || STARTS(m, n, "Killing process ")) &&
		   (q = FIND(m, n, " with signal ")) != NULL) {
		s = m + 16;
		if (*s == '\'' && q[-1] == '\'' && q - s >= 2) {
			cpy(comm, sizeof(comm), s + 1, (size_t)(q - s - 2));
			s = FIND(q, (size_t)(e - q), ", pid: ");
			if (!s || !num(s + 7, e, &pid))
				return 0;
		} else {
			s = num(s, q, &pid);
			if (!s || s + 3 > q || s[0] != ' ' || s[1] != '"' || q[-1] != '"')
				return 0;
			cpy(comm, sizeof(comm), s + 2, (size_t)(q - s - 3));
		}
		s = q + 13;
		q = num(s, e, &v);
		if (q && (v == 9 || v == 15))
			cpy(reason, sizeof(reason), v == 9 ? "SIGKILL" : "SIGTERM", 7);
	} else if (STARTS(m, n, "Killing process: ")) {
		q = FIND(m, n, ", pid: ");
		if (!q || !num(q + 7, e, &pid))
			return 0;
		cpy(comm, sizeof(comm), m + 17, (size_t)(q - m - 17));
		s = q;
	} else if (STARTS(m, n, "Killing process ")) {
		s = num(m + 16, e, &pid);
		if (!s)
			return 0;
		cpy(comm, sizeof(comm), s, (size_t)(e - s));
	} else {
		return 0;
	}
	if (pid <= 0)
		return 0;
	rc = user_event(rp, OOMKIT_KILLER_EARLYOOM, pid, uid, comm, NULL, reason, p, origin, &ev);
	if (rc < 0 || !ev)
		return rc;
	if ((v = keyed(s, e, "oom_score ")) != NONE)
		ev->num[OOMKIT_EV_SCORE] = v;
	else if ((v = keyed(s, e, "badness ")) != NONE)
		ev->num[OOMKIT_EV_SCORE] = v;
	else if ((v = keyed(s, e, "badness: ")) != NONE)
		ev->num[OOMKIT_EV_SCORE] = v;
	ev->num[OOMKIT_EV_OOM_SCORE_ADJ] = keyed(s, e, "oom_score_adj ");
	v = keyed(s, e, "VmRSS ");
	if (v == NONE)
		v = keyed(s, e, "VmRSS: ");
	if (v != NONE && v < LLONG_MAX / 1024)
		ev->num[OOMKIT_EV_RSS_KB] = v * 1024;
	return oomkit__report_push(rp, ev);
}

/*
 * systemd-oomd:
 *  Killed /a.slice/b.scope due to memory used (X) / total (Y) and swap ...
 *  Killed /a.slice/b.scope due to memory pressure for /a.slice being ...
 *  Marked /a.slice/b.scope for killing due to memory ...     (v254+)
 */
static int on_systemd_oomd(struct oomkit_report_parser *rp, const char *m, size_t n,
			   const struct oomkit__pfx *p, const char *origin)
{
	const char *e = m + n, *s, *d;
	char path[PATHLEN], reason[512];
	struct oomkit_event *ev;
	int rc;

	if (STARTS(m, n, "Killed "))
		s = m + 7;
	else if (STARTS(m, n, "Marked "))
		s = m + 7;
	else
		return 0; /* "Considered N cgroups for killing": a survey */
	d = FIND(s, (size_t)(e - s), " due to ");
	if (!d)
		return 0;
	cpy(path, sizeof(path), s, (size_t)(d - s));
	if (strlen(path) > 12 && !strcmp(path + strlen(path) - 12, " for killing"))
		path[strlen(path) - 12] = '\0';
	if (!path[0] || strchr(path, ' '))
		return 0;
	cpy(reason, sizeof(reason), d + 8, (size_t)(e - d - 8));
	rc = user_event(rp, OOMKIT_KILLER_SYSTEMD_OOMD, NONE, NONE, NULL, path, reason, p, origin,
			&ev);
	if (rc < 0 || !ev)
		return rc;
	return oomkit__report_push(rp, ev);
}

/* oomd: "oomd kill: 10.00 60.00 600.00 /path 1999 ruleset:[...] ..." */
static int on_oomd(struct oomkit_report_parser *rp, const char *m, size_t n,
		   const struct oomkit__pfx *p, const char *origin)
{
	const char *e = m + n, *s = m + 10, *t;
	char path[PATHLEN], reason[512];
	struct oomkit_event *ev;
	int i, rc;

	for (i = 0; i < 3; i++) { /* pressure averages */
		while (s < e && *s == ' ')
			s++;
		for (t = s; t < e && *t != ' '; t++)
			if (!isdig(*t) && *t != '.')
				return 0;
		if (t == s)
			return 0;
		s = t;
	}
	while (s < e && *s == ' ')
		s++;
	for (t = s; t < e && *t != ' '; t++)
		;
	if (t == s)
		return 0;
	cpy(path, sizeof(path), s, (size_t)(t - s));
	cpy(reason, sizeof(reason), m + 11, (size_t)(e - m - 11));
	rc = user_event(rp, OOMKIT_KILLER_OOMD, NONE, NONE, NULL, path, reason, p, origin, &ev);
	if (rc < 0 || !ev)
		return rc;
	return oomkit__report_push(rp, ev);
}

/* systemd: "foo.service: A process of this unit has been killed by the OOM
 * killer." and friends: an annotation on the kernel event */
static void on_unit(struct oomkit_report_parser *rp, const char *m, size_t n)
{
	const char *c = memchr(m, ':', n);
	struct unit_note *note;
	struct oomkit_event *ev;
	size_t i;

	if (!c || c == m || c - m >= 256 || memchr(m, ' ', (size_t)(c - m)))
		return;
	if (!FIND(c, (size_t)(m + n - c), "OOM killer") &&
	    !FIND(c, (size_t)(m + n - c), "'oom-kill'"))
		return;
	note = &rp->notes[rp->nextnote];
	rp->nextnote = (rp->nextnote + 1) % NOTES;
	cpy(note->unit, sizeof(note->unit), m, (size_t)(c - m));
	note->line = rp->lineno;
	for (i = 0; (ev = oomkit__report_held(rp, i)) != NULL; i++)
		if (unit_matches(ev->str[OOMKIT_EV_TASK_MEMCG], note->unit)) {
			oomkit__ev_set_str(ev, OOMKIT_EV_UNIT, note->unit);
			break;
		}
}

const struct oomkit__killer oomkit__killers[] = {
	{ OOMKIT_KILLER_EARLYOOM, "earlyoom" },
	{ OOMKIT_KILLER_SYSTEMD_OOMD, "systemd-oomd" },
	{ OOMKIT_KILLER_OOMD, "oomd" },
};
const size_t oomkit__nkillers = sizeof(oomkit__killers) / sizeof(oomkit__killers[0]);

int oomkit__report_userspace_msg(struct oomkit_report_parser *rp, const char *id, size_t idl,
				 const char *m, size_t n, const struct oomkit__pfx *p,
				 const char *origin)
{
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < oomkit__nkillers; i++) {
		if (!idis(id, idl, oomkit__killers[i].ident))
			continue;
		switch (oomkit__killers[i].killer) {
		case OOMKIT_KILLER_EARLYOOM:
			return on_earlyoom(rp, m, n, p, origin);
		case OOMKIT_KILLER_SYSTEMD_OOMD:
			return on_systemd_oomd(rp, m, n, p, origin);
		case OOMKIT_KILLER_OOMD:
			/* oomd logs much else; only its kill lines count */
			return STARTS(m, n, "oomd kill:") ? on_oomd(rp, m, n, p, origin) : 0;
		case OOMKIT_KILLER_KERNEL:
			break;
		}
		return 0;
	}
	if (idis(id, idl, "systemd") && (memchr(m, 'O', n) || memchr(m, 'o', n)))
		on_unit(rp, m, n);
	return 0;
}
