/*
 * test_explain_index.c - the explanation index (lib/explain-index.c)
 * gives every explanation exactly what oomkit_explain_add_peer() over the
 * window and oomkit_explain_add_history() over every event give: the
 * same sentences, ids and numbers, on a log made to have every case
 * (repeated programs, memcgs and units, bursts of kills without a
 * header, memory.oom.group kills, kills without an RSS, events far apart
 * beyond the peer window), event by event.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "oomkit/oomkit.h"

struct evs {
	struct oomkit_event **v;
	size_t n, cap;
};

struct gen {
	struct oomkit_report_parser *rp;
	unsigned long long seed, us;
	long long pid;
	int storm; /* only kills without a header, 1 ms apart */
};

static unsigned rnd(struct gen *g, unsigned n)
{
	g->seed = g->seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((g->seed >> 33) % n);
}

static void __attribute__((format(printf, 2, 3))) line(struct gen *g, const char *fmt, ...)
{
	char msg[512], buf[600];
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	n = snprintf(buf, sizeof(buf), "[%6llu.%06llu] %s", g->us / 1000000, g->us % 1000000, msg);
	assert_true(n > 0 && (size_t)n < sizeof(buf));
	assert_int_equal(oomkit_report_feed_line(g->rp, buf, (size_t)n, "t"), 0);
	g->us += 1;
}

static void kill_line(struct gen *g, const char *prefix, long long pid, const char *comm)
{
	line(g,
	     "%s: Killed process %lld (%s) total-vm:%ukB, anon-rss:%ukB, file-rss:0kB, "
	     "shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0",
	     prefix, pid, comm, 1000 + rnd(g, 1000), rnd(g, 5000));
}

static void header(struct gen *g, const char *comm, const char *memcg, long long pid)
{
	line(g, "%s invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
	     comm);
	if (memcg) {
		line(g, "memory: usage 65536kB, limit 65536kB, failcnt 1");
		line(g,
		     "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,"
		     "mems_allowed=0,oom_memcg=%s,task_memcg=%s,task=%s,pid=%lld,uid=0",
		     memcg, memcg, comm, pid);
	} else {
		line(g,
		     "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,"
		     "mems_allowed=0,global_oom,task_memcg=/,task=%s,pid=%lld,uid=0",
		     comm, pid);
	}
}

/* one step of the log: a kind of OOM event chosen at random */
static void step(struct gen *g)
{
	static const char *const comms[] = { "a", "b", "c", "web worker", "d" };
	static const char *const memcgs[] = {
		"/system.slice/u1.service",
		"/system.slice/u2.service",
		"/job",
		"/kubepods/x",
	};
	const char *comm = comms[rnd(g, 5)], *memcg = memcgs[rnd(g, 4)];
	long long pid = g->pid;
	unsigned k = rnd(g, 10), i;

	g->pid += 4;
	if (g->storm) {
		/* one long burst: its peers reach past the window on both sides */
		g->us += 1000;
		kill_line(g, "Memory cgroup out of memory", pid, comm);
		return;
	}
	/* most events far apart; some within a second (bursts) */
	g->us += rnd(g, 3) ? 5000000 : 300000;
	if (k < 3) {
		header(g, comm, memcg, pid);
		kill_line(g, "Memory cgroup out of memory", pid, comm);
		if (k == 0 && !strncmp(memcg, "/system.slice/", 14))
			line(g,
			     "systemd[1]: %s: A process of this unit has been killed by the "
			     "OOM killer.",
			     memcg + 14);
	} else if (k < 6) {
		/* the header rate-limited: a kill of a burst */
		kill_line(g, "Memory cgroup out of memory", pid, comm);
	} else if (k == 6) {
		header(g, comm, memcg, pid);
		kill_line(g, "Memory cgroup out of memory", pid, comm);
		line(g, "Tasks in %s are going to be killed due to memory.oom.group set", memcg);
		for (i = 0; i < 3; i++)
			kill_line(g, "Memory cgroup out of memory", pid + i, i ? comms[i] : comm);
	} else if (k == 7) {
		header(g, comm, NULL, pid);
		kill_line(g, "Out of memory", pid, comm);
	} else if (k == 8) {
		/* 2.6.2x: no sizes on the kill line */
		line(g, "Out of memory: Killed process %lld (%s).", pid, comm);
	} else {
		header(g, comm, memcg, pid);
		line(g,
		     "Memory cgroup out of memory: OOM victim %lld (%s) is already exiting. "
		     "Skip killing the task",
		     pid, comm);
	}
}

static void parse(unsigned long long seed, size_t steps, int storm, struct evs *e)
{
	struct gen g = { .seed = seed, .us = 1000000, .pid = 1000, .storm = storm };
	struct oomkit_event *ev;
	size_t i;

	memset(e, 0, sizeof(*e));
	assert_int_equal(oomkit_report_parser_new(&g.rp), 0);
	for (i = 0; i < steps; i++)
		step(&g);
	assert_int_equal(oomkit_report_flush(g.rp), 0);
	while (oomkit_report_next(g.rp, &ev) == 0) {
		if (e->n == e->cap) {
			e->cap = e->cap ? e->cap * 2 : 64;
			e->v = realloc(e->v, e->cap * sizeof(*e->v));
			assert_non_null(e->v);
		}
		e->v[e->n++] = ev;
	}
	oomkit_report_parser_free(g.rp);
}

static void free_evs(struct evs *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		oomkit_event_free(e->v[i]);
	free(e->v);
}

/* what oomwhy gave each explanation before the index */
static struct oomkit_explain *explain_plain(const struct evs *e, size_t at)
{
	struct oomkit_explain *ex;
	size_t i, lo = at > OOMKIT_EXPLAIN_PEER_WINDOW ? at - OOMKIT_EXPLAIN_PEER_WINDOW : 0;

	assert_int_equal(oomkit_explain_new(&ex, e->v[at]), 0);
	for (i = lo; i < e->n && i <= at + OOMKIT_EXPLAIN_PEER_WINDOW; i++)
		assert_int_equal(oomkit_explain_add_peer(ex, e->v[i]), 0);
	for (i = 0; i < e->n; i++)
		assert_int_equal(oomkit_explain_add_history(ex, e->v[i]), 0);
	assert_int_equal(oomkit_explain_run(ex), 0);
	return ex;
}

static struct oomkit_explain *explain_index(const struct evs *e, size_t at,
					    struct oomkit_explain_index *ix)
{
	struct oomkit_explain *ex;

	assert_int_equal(oomkit_explain_new(&ex, e->v[at]), 0);
	assert_int_equal(oomkit_explain_add_index(ex, ix), 0);
	assert_int_equal(oomkit_explain_run(ex), 0);
	return ex;
}

static void assert_same(const struct oomkit_explain *a, const struct oomkit_explain *b, size_t at)
{
	int l;
	size_t i;

	for (l = 0; l < OOMKIT_EXPLAIN_LIST_COUNT_; l++) {
		if (oomkit_explain_count(a, l) != oomkit_explain_count(b, l))
			fail_msg("event %zu, list %d: %zu items, %zu with the index", at, l,
				 oomkit_explain_count(a, l), oomkit_explain_count(b, l));
		for (i = 0; i < oomkit_explain_count(a, l); i++) {
			if (strcmp(oomkit_explain_text(a, l, i), oomkit_explain_text(b, l, i)))
				fail_msg(
					"event %zu, list %d item %zu:\n  %s\nwith the index:\n  %s",
					at, l, i, oomkit_explain_text(a, l, i),
					oomkit_explain_text(b, l, i));
			assert_string_equal(oomkit_explain_id(a, l, i), oomkit_explain_id(b, l, i));
		}
	}
}

/* counts of what the log made, so that the test cannot pass on a dull log */
struct seen {
	size_t peers, history_comm, history_unit, growth_last;
};

static void note(const struct oomkit_explain *ex, struct seen *s)
{
	size_t i;

	for (i = 0; i < oomkit_explain_count(ex, OOMKIT_EXPLAIN_VERDICT); i++) {
		const char *id = oomkit_explain_id(ex, OOMKIT_EXPLAIN_VERDICT, i);

		if (!strcmp(id, "oom_group") || !strcmp(id, "same_invocation"))
			s->peers++;
	}
	for (i = 0; i < oomkit_explain_count(ex, OOMKIT_EXPLAIN_HISTORY); i++) {
		const char *id = oomkit_explain_id(ex, OOMKIT_EXPLAIN_HISTORY, i);

		if (!strcmp(id, "same_program")) {
			s->history_comm++;
			if (strstr(oomkit_explain_text(ex, OOMKIT_EXPLAIN_HISTORY, i),
				   "the last kills"))
				s->growth_last++;
		}
		if (!strcmp(id, "same_unit"))
			s->history_unit++;
	}
}

static void test_same_as_every_event(void **state)
{
	struct oomkit_explain_index *ix;
	struct seen seen = { 0 };
	struct evs e;
	size_t i;

	(void)state;
	parse(42, 700, 0, &e);
	assert_true(e.n > 2 * OOMKIT_EXPLAIN_PEER_WINDOW + 100);
	assert_int_equal(oomkit_explain_index_new(&ix), 0);
	for (i = 0; i < e.n; i++)
		assert_int_equal(oomkit_explain_index_add(ix, e.v[i]), 0);
	for (i = 0; i < e.n; i++) {
		struct oomkit_explain *a = explain_plain(&e, i), *b = explain_index(&e, i, ix);

		assert_same(a, b, i);
		note(a, &seen);
		oomkit_explain_free(a);
		oomkit_explain_free(b);
	}
	/* the log had each case */
	assert_true(seen.peers > 50);
	assert_true(seen.history_comm > 100);
	assert_true(seen.history_unit > 10);
	assert_true(seen.growth_last > 100);
	oomkit_explain_index_free(ix);
	free_evs(&e);
}

/* 800 kills within a second: every one a peer of the others, as far as
 * the window reaches (and the explanation keeps) */
static void test_storm(void **state)
{
	struct oomkit_explain_index *ix;
	struct evs e;
	size_t i;

	(void)state;
	parse(11, 800, 1, &e);
	assert_int_equal(e.n, 800);
	assert_int_equal(oomkit_explain_index_new(&ix), 0);
	for (i = 0; i < e.n; i++)
		assert_int_equal(oomkit_explain_index_add(ix, e.v[i]), 0);
	for (i = 0; i < e.n; i += 7) {
		struct oomkit_explain *a = explain_plain(&e, i), *b = explain_index(&e, i, ix);

		assert_same(a, b, i);
		oomkit_explain_free(a);
		oomkit_explain_free(b);
	}
	oomkit_explain_index_free(ix);
	free_evs(&e);
}

/* a small log where the index grows between explanations (sorted again) */
static void test_added_after_use(void **state)
{
	struct oomkit_explain_index *ix;
	struct evs e;
	size_t i, j;

	(void)state;
	parse(7, 40, 0, &e);
	assert_true(e.n > 10);
	assert_int_equal(oomkit_explain_index_new(&ix), 0);
	for (i = 0; i < e.n; i++) {
		struct evs part = { e.v, i + 1, 0 };

		assert_int_equal(oomkit_explain_index_add(ix, e.v[i]), 0);
		for (j = 0; j <= i; j += 3) {
			struct oomkit_explain *a = explain_plain(&part, j);
			struct oomkit_explain *b = explain_index(&part, j, ix);

			assert_same(a, b, j);
			oomkit_explain_free(a);
			oomkit_explain_free(b);
		}
	}
	oomkit_explain_index_free(ix);
	free_evs(&e);
}

static void test_errors(void **state)
{
	struct oomkit_explain_index *ix;
	struct oomkit_explain *ex;
	struct evs e;

	(void)state;
	parse(3, 5, 0, &e);
	assert_true(e.n >= 2);
	assert_int_equal(oomkit_explain_index_new(NULL), -EINVAL);
	assert_int_equal(oomkit_explain_index_new(&ix), 0);
	assert_int_equal(oomkit_explain_index_add(ix, NULL), -EINVAL);
	assert_int_equal(oomkit_explain_index_add(NULL, e.v[0]), -EINVAL);
	assert_int_equal(oomkit_explain_index_add(ix, e.v[0]), 0);
	assert_int_equal(oomkit_explain_new(&ex, e.v[1]), 0);
	/* an event the index does not hold */
	assert_int_equal(oomkit_explain_add_index(ex, ix), -ENOENT);
	assert_int_equal(oomkit_explain_add_index(ex, NULL), -EINVAL);
	assert_int_equal(oomkit_explain_add_index(NULL, ix), -EINVAL);
	oomkit_explain_free(ex);
	oomkit_explain_index_free(ix);
	oomkit_explain_index_free(NULL);
	free_evs(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_every_event),
		cmocka_unit_test(test_storm),
		cmocka_unit_test(test_added_after_use),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
