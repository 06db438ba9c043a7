/*
 * evfilter.c - which events a command takes: --since/--until, --pid,
 * --comm, --memcg and --constraint, one rule for oomlog and oomwhy.
 */
#include <limits.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include <err.h>
#include "cli.h"
#include "evfilter.h"
#include "timespec.h"

int evf_want(struct ev_filters *f, const struct oomkit_event *ev)
{
	long long v;

	if (f->have_time) {
		if (oomkit_event_num(ev, OOMKIT_EV_REALTIME_US, &v) < 0) {
			f->no_time++;
			return 0;
		}
		if ((f->since >= 0 && v < f->since) || (f->until >= 0 && v > f->until))
			return 0;
	}
	if (f->npids) {
		size_t i;

		if (oomkit_event_num(ev, OOMKIT_EV_PID, &v) < 0)
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

void evf_add_pids(struct ev_filters *f, const char *arg)
{
	char *copy = cli_xstrdup(arg), *tok = copy, *comma;

	for (;;) {
		pid_t *nv = realloc(f->pids, (f->npids + 1) * sizeof(*nv));

		comma = strchr(tok, ',');
		if (comma)
			*comma = '\0';
		if (!nv)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		f->pids = nv;
		f->pids[f->npids++] = (pid_t)cli_strtoll(tok, "pid", 1, INT_MAX);
		if (!comma)
			break;
		tok = comma + 1;
	}
	free(copy);
}

void evf_set_comm(struct ev_filters *f, const char *re)
{
	int r = regcomp(&f->comm_re, re, REG_EXTENDED | REG_NOSUB);

	if (r != 0) {
		char msg[128];

		regerror(r, &f->comm_re, msg, sizeof(msg));
		cli_usage_error("invalid regular expression '%s': %s", cli_arg(re), msg);
	}
	f->have_comm = 1;
}

void evf_free(struct ev_filters *f)
{
	if (f->have_comm)
		regfree(&f->comm_re);
	f->have_comm = 0;
	free(f->pids);
	f->pids = NULL;
	f->npids = 0;
}

void evf_set_time(struct ev_filters *f, int since, const char *arg)
{
	long long t;

	if (parse_timestamp(arg, realtime_now_us(), &t) < 0)
		cli_usage_error("invalid time '%s'", cli_arg(arg));
	if (since)
		f->since = t;
	else
		f->until = t;
	f->have_time = 1;
}

void evf_set_memcg(struct ev_filters *f, const char *arg)
{
	if (arg[0] != '/')
		cli_usage_error("invalid memory cgroup '%s': must start with '/'", cli_arg(arg));
	f->memcg = arg;
}
