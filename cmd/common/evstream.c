/*
 * evstream.c - the one stream of OOM events oomlog lists and oomwhy
 * explains (see evstream.h).
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "evstream.h"
#include "logsrc.h"

/*
 * Estimated bytes of an event: its numbers and pointers, the strings it
 * holds, and its task table's rows (the events of one report share them,
 * but an event cannot tell once the one before is gone: counted for each).
 */
#define EVENT_COST 1024
#define TASK_ROW_COST 160

void evs_init(struct evstream *s, size_t nsrcs, size_t nreqs, int direct, evs_make_fn make,
	      evs_out_fn out, void *arg)
{
	memset(s, 0, sizeof(*s));
	s->make = make;
	s->out = out;
	s->arg = arg;
	s->direct = direct;
	/* files and journal copies given together may come in any order */
	s->merge = nsrcs > 1 && nreqs > 0 && !direct;
	s->boot_rt_us = -1;
	s->all_timed = 1;
}

static size_t cost(const struct oomkit_event *ev)
{
	size_t c = EVENT_COST;
	int i;

	for (i = 0; i < OOMKIT_EV_STR_COUNT_; i++) {
		const char *str = oomkit_event_str(ev, i);

		if (str)
			c += strlen(str) + 1;
	}
	return c + oomkit_event_task_count(ev) * TASK_ROW_COST;
}

static int cmp_slot(const void *a, const void *b)
{
	const struct evs_slot *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* the batch out, in time order when it can and must be */
static void batch_out(struct evstream *s, int last)
{
	int sorted = s->all_timed && s->out_of_order && s->n > 1;
	size_t i;

	if (sorted)
		qsort(s->v, s->n, sizeof(*s->v), cmp_slot);
	for (i = 0; i < s->n; i++)
		s->items[i] = s->v[i].item;
	s->out(s->arg, s->items, s->n, sorted, last);
	if (!last && s->merge && s->batches++ == 0)
		warnx("more events from several sources than %s sorts at once (%u MiB): "
		      "they are sorted by time in parts, not as a whole",
		      cli_prog(), EVS_BATCH_BYTES >> 20);
	s->n = s->nev = s->bytes = 0;
	s->all_timed = 1;
	s->out_of_order = 0;
	s->last_t = 0;
}

static void push(struct evstream *s, struct oomkit_event *ev)
{
	long long t;
	void *item;

	if (oomkit_event_num(ev, OOMKIT_EV_REALTIME_US, &t) < 0 || t < 0)
		t = -1;
	if (s->direct) {
		item = s->make(s->arg, ev);
		if (item)
			s->out(s->arg, &item, 1, 0, 0);
		return;
	}
	if (t < 0) {
		s->all_timed = 0;
	} else {
		if (t < s->last_t)
			s->out_of_order = 1;
		s->last_t = t;
	}
	s->nev++;
	s->bytes += cost(ev);
	item = s->make(s->arg, ev); /* ev belongs to the command now */
	if (item) {
		if (s->n == s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 64;
			struct evs_slot *nv = realloc(s->v, cap * sizeof(*nv));
			void **ni = realloc(s->items, cap * sizeof(*ni));

			if (nv)
				s->v = nv;
			if (ni)
				s->items = ni;
			if (!nv || !ni)
				err(CLI_EXIT_USAGE, "cannot allocate memory");
			s->cap = cap;
		}
		s->v[s->n++] = (struct evs_slot){ t, s->seq, item };
	}
	s->seq++;
	if (s->merge ? s->bytes >= EVS_BATCH_BYTES :
		       s->nev >= EVS_BATCH_EVENTS || s->bytes >= EVS_BATCH_BYTES)
		batch_out(s, 0);
}

/* a kill of the running system's syslog files that the journal or /dev/kmsg holds */
static int syslog_duplicate(const struct oomkit_event *ev)
{
	const char *src;
	long long t;

	return syslog_fallback.prefix[0] && (src = oomkit_event_str(ev, OOMKIT_EV_SOURCE)) &&
	       !strncmp(src, syslog_fallback.prefix, strlen(syslog_fallback.prefix)) &&
	       (oomkit_event_num(ev, OOMKIT_EV_REALTIME_US, &t) < 0 || t >= syslog_fallback.cut_us);
}

void evs_take(void *arg, struct oomkit_report_parser *rp)
{
	struct evstream *s = arg;
	struct oomkit_event *ev;

	while (oomkit_report_next(rp, &ev) == 0) {
		long long k, o, t;

		if (syslog_duplicate(ev)) {
			oomkit_event_free(ev);
			continue;
		}
		/* every kernel kill of this boot, whatever the filters */
		if (s->boot_rt_us >= 0 && oomkit_event_num(ev, OOMKIT_EV_KILLER, &k) == 0 &&
		    k == OOMKIT_KILLER_KERNEL && oomkit_event_num(ev, OOMKIT_EV_OUTCOME, &o) == 0 &&
		    o == OOMKIT_OUTCOME_KILLED &&
		    oomkit_event_num(ev, OOMKIT_EV_REALTIME_US, &t) == 0 && t >= s->boot_rt_us)
			s->boot_kills++;
		push(s, ev);
	}
}

int evs_read(struct evstream *s, struct oomkit_source **srcs, size_t nsrcs,
	     struct oomkit_report_parser *rp, int verbose)
{
	int errors = 0;
	size_t i;

	for (i = 0; i < nsrcs && !stop; i++) {
		int year = 0; /* unknown: syslog clocks get no wall-clock time */

		oomkit_source_year(srcs[i], &year);
		oomkit_report_set_year(rp, year);
		if (drain(srcs[i], rp, evs_take, s) < 0)
			errors++;
		else if (oomkit_source_kind(srcs[i]) == OOMKIT_SOURCE_KMSG &&
			 src_count(srcs[i], OOMKIT_SOURCE_LINES) == 0 &&
			 src_count(srcs[i], OOMKIT_SOURCE_SKIPPED) > 0 &&
			 strcmp(src_label(srcs[i]), "/dev/kmsg") != 0)
			/* -K on dmesg text, say: probably the wrong option */
			warnx("'%s': no kernel records in /dev/kmsg format", src_label(srcs[i]));
		verbose_stats(verbose, srcs[i]);
		s->lines += src_count(srcs[i], OOMKIT_SOURCE_LINES);
	}
	return errors;
}

void evs_end(struct evstream *s, struct oomkit_report_parser *rp, int settle)
{
	if (settle) {
		oomkit_report_settle(rp);
		evs_take(s, rp);
		return;
	}
	oomkit_report_flush(rp);
	evs_take(s, rp);
	if (!s->direct)
		batch_out(s, 1);
}

void evs_free(struct evstream *s)
{
	free(s->v);
	free(s->items);
	s->v = NULL;
	s->items = NULL;
	s->n = s->cap = 0;
}
