/*
 * filters.c - which events oomlog lists: --since/--until, --pid, --comm,
 * --memcg and --constraint.
 */
#include <err.h>
#include <limits.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "oomlog.h"

int want(struct ctl *ctl, const struct oomkit_event *ev)
{
	struct filters *f = &ctl->f;
	long long v;

	if (f->have_time) {
		if (ev_num(ev, OOMKIT_EV_REALTIME_US, &v) < 0) {
			f->no_time++;
			return 0;
		}
		if ((f->since >= 0 && v < f->since) || (f->until >= 0 && v > f->until))
			return 0;
	}
	if (f->npids) {
		size_t i;

		if (ev_num(ev, OOMKIT_EV_PID, &v) < 0)
			return 0;
		for (i = 0; i < f->npids; i++)
			if (f->pids[i] == v)
				break;
		if (i == f->npids)
			return 0;
	}
	if (f->have_comm) {
		const char *c = oomkit_event_str(ev, OOMKIT_EV_COMM);

		if (!c || regexec(&f->comm_re, c, 0, NULL, 0) != 0)
			return 0;
	}
	if (f->memcg && !oomkit_event_in_memcg(ev, f->memcg))
		return 0;
	if (f->constraint != OOMKIT_CONSTRAINT_UNKNOWN &&
	    oomkit_event_constraint(ev) != f->constraint)
		return 0;
	return 1;
}

void add_pids(struct filters *f, const char *arg)
{
	char *copy = cli_xstrdup(arg), *tok = copy, *comma;

	do {
		pid_t *nv = realloc(f->pids, (f->npids + 1) * sizeof(*nv));

		comma = strchr(tok, ',');
		if (comma)
			*comma = '\0';
		if (!nv)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		f->pids = nv;
		f->pids[f->npids++] = (pid_t)cli_strtoll(tok, "pid", 1, INT_MAX);
		tok = comma + 1;
	} while (comma);
	free(copy);
}
