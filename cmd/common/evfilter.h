/*
 * evfilter.h - the event filters oomlog and oomwhy share (--since,
 * --until, --pid, --comm, --memcg, --constraint), so that both select
 * the same events and oomwhy's --event N counts as oomlog lists them.
 */
#ifndef OOMKIT_EVFILTER_H
#define OOMKIT_EVFILTER_H

#include <regex.h>
#include <stddef.h>
#include <sys/types.h>

#include "oomkit/event.h"
#include "oomkit/report.h"

struct ev_filters {
	long long since, until; /* -1: none */
	int have_time;
	pid_t *pids;
	size_t npids;
	regex_t comm_re;
	int have_comm;
	const char *memcg;
	int constraint;    /* enum oomkit_constraint */
	long long no_time; /* events dropped for lack of a time */
};

/*
 * evf_set_time - --since (@since 1) or --until from @arg (systemd.time
 * style, relative to now); a usage error (exit 2) when it is no time.
 */
void evf_set_time(struct ev_filters *f, int since, const char *arg);

/* evf_set_memcg - --memcg @arg: a path from '/', else a usage error. */
void evf_set_memcg(struct ev_filters *f, const char *arg);

/* evf_want - 1 when @ev passes every filter of @f, else 0 (counts no_time). */
int evf_want(struct ev_filters *f, const struct oomkit_event *ev);

/* evf_add_pids - add "1,2,3" to the --pid list; exits 2 on a bad pid. */
void evf_add_pids(struct ev_filters *f, const char *arg);

/* evf_set_comm - the --comm extended regex; exits 2 when it is invalid. */
void evf_set_comm(struct ev_filters *f, const char *re);

/* evf_free - release what @f holds. */
void evf_free(struct ev_filters *f);

#endif
