/*
 * evstream.h - the one stream of OOM events that oomlog lists and oomwhy
 * explains, so that oomwhy's event N is oomlog's row N and oomwhy's
 * history counts the rows oomlog lists.
 *
 * The sources (logsrc.h) are read in order into the report parser; each
 * event that comes out is an event of the stream, except a kill of the
 * running system's syslog files that the journal or /dev/kmsg also holds
 * (see syslog_fallback), which would be listed twice. The stream counts
 * the kernel's kills of this boot (for oomlog's comparison with
 * /proc/vmstat), then hands each event to the command (make), which keeps
 * what it needs of it (a table row, the event) or nothing, and then
 * gives back what was kept in batches (out), in the stream's order:
 *
 * - one source, or the journal's history followed by /dev/kmsg, is in
 *   time order: batches of EVS_BATCH_EVENTS events, so that rows go out
 *   while the input is still read;
 * - several sources given together (kern.log*, several hosts' files) may
 *   come in any order: batches as large as EVS_BATCH_BYTES of events
 *   allows (a warning says when there is more than one);
 * - a batch whose events all have a wall-clock time, and came out of
 *   order, is sorted by it (stable: arrival order among equal times);
 *   events with only a time since boot cannot be placed against others,
 *   so a batch with one of them keeps arrival order.
 *
 * The batches and the order depend on the events only, not on the
 * filters or on what the command keeps: the filters (evfilter.h) are the
 * command's to apply in make(), and both commands number what passes.
 */
#ifndef OOMKIT_EVSTREAM_H
#define OOMKIT_EVSTREAM_H

#include <stddef.h>

#include "oomkit/report.h"
#include "oomkit/source.h"

/* events of a batch of one source in time order */
#define EVS_BATCH_EVENTS 1000
/* estimated bytes of events of a batch of several sources sorted together
 * (some 15,000 events without task tables) */
#define EVS_BATCH_BYTES (16u << 20)

/*
 * evs_make_fn - @ev comes out of the stream; the command owns it now.
 * Returns what to keep of it until its batch is out (oomlog: its table
 * row; oomwhy: the event), or NULL for nothing (filtered out, counted,
 * printed at once).
 */
typedef void *(*evs_make_fn)(void *arg, struct oomkit_event *ev);

/*
 * evs_out_fn - a batch is complete: the @n things kept of its events, in
 * the stream's order (@sorted: not the order make() saw them in); @last:
 * the input has ended. They are the command's again.
 */
typedef void (*evs_out_fn)(void *arg, void **items, size_t n, int sorted, int last);

struct evs_slot {
	long long t; /* wall clock, microseconds since the epoch */
	size_t seq;  /* arrival */
	void *item;
};

struct evstream {
	evs_make_fn make;
	evs_out_fn out;
	void *arg;
	int merge;  /* several sources given together */
	int direct; /* no batches: each event out at once (follow mode) */

	long long boot_rt_us; /* count the kernel's kills from here (-1: no) */
	long long boot_kills; /* ... counted */
	long long lines;      /* lines/records read (evs_read) */

	/* the batch */
	struct evs_slot *v;
	void **items;
	size_t n, cap;
	size_t nev;    /* events of the batch, kept or not */
	size_t bytes;  /* their estimated size */
	size_t seq;    /* events so far */
	int all_timed; /* every event of the batch has a wall-clock time */
	int out_of_order;
	long long last_t;
	size_t batches; /* batches out before the last */
};

/*
 * evs_init - a stream of the @nsrcs sources opened for @nreqs requests
 * (open_sources()), handing its events to @make and its batches to @out
 * with @arg; @direct: each event out at once, in arrival order (follow
 * mode, where sorting would hold rows back).
 */
void evs_init(struct evstream *s, size_t nsrcs, size_t nreqs, int direct, evs_make_fn make,
	      evs_out_fn out, void *arg);

/* evs_take - the parser's finished events into the stream (a take_fn). */
void evs_take(void *s, struct oomkit_report_parser *rp);

/*
 * evs_read - read each of @srcs to its current end into @rp (the year of
 * its clock set first), the events into @s; with @verbose, say on stderr
 * what each gave. Stops early when `stop` is set. Returns the number of
 * sources that could not be read (said on stderr).
 */
int evs_read(struct evstream *s, struct oomkit_source **srcs, size_t nsrcs,
	     struct oomkit_report_parser *rp, int verbose);

/*
 * evs_end - the input has ended: @rp's open reports become events and the
 * last batch goes out (@last set). With @settle, only the events @rp has
 * finished come out and its open reports stay open for what follows
 * (follow mode; the stream stays usable).
 */
void evs_end(struct evstream *s, struct oomkit_report_parser *rp, int settle);

/* evs_free - release the stream's buffers (after evs_end). */
void evs_free(struct evstream *s);

#endif
