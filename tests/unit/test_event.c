/*
 * test_event.c - the event model (lib/event.c) and the one memcg path
 * rule (oomkit_memcg_path_within), on events the report parser builds
 * from kernel lines of each era.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "oomkit/oomkit.h"

/* the one event a few kernel lines give */
static struct oomkit_event *one(const char *const *lines)
{
	struct oomkit_report_parser *rp;
	struct oomkit_event *ev = NULL, *extra;
	size_t i;

	assert_int_equal(oomkit_report_parser_new(&rp), 0);
	for (i = 0; lines[i]; i++)
		assert_int_equal(oomkit_report_feed_line(rp, lines[i], strlen(lines[i]), "t"), 0);
	assert_int_equal(oomkit_report_flush(rp), 0);
	assert_int_equal(oomkit_report_next(rp, &ev), 0);
	assert_int_equal(oomkit_report_next(rp, &extra), 1);
	oomkit_report_parser_free(rp);
	return ev;
}

#define KILL6                                                               \
	"[ 9.0] Out of memory: Killed process 4242 (hog) total-vm:2000kB, " \
	"anon-rss:1000kB, file-rss:200kB, shmem-rss:30kB, UID:0 pgtables:40kB oom_score_adj:0"
#define MKILL6                                                                     \
	"[ 9.0] Memory cgroup out of memory: Killed process 4242 (hog) "           \
	"total-vm:2000kB, anon-rss:1000kB, file-rss:200kB, shmem-rss:30kB, UID:0 " \
	"pgtables:40kB oom_score_adj:0"

static void test_constraint_summary(void **state)
{
	static const struct {
		const char *summary;
		int want;
	} cases[] = {
		{ "[ 8.0] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,"
		  "mems_allowed=0,global_oom,task_memcg=/user.slice,task=hog,pid=4242,uid=0",
		  OOMKIT_CONSTRAINT_NONE },
		{ "[ 8.0] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,"
		  "mems_allowed=0,oom_memcg=/kres,task_memcg=/kres/a,task=hog,pid=4242,uid=0",
		  OOMKIT_CONSTRAINT_MEMCG },
		{ "[ 8.0] oom-kill:constraint=CONSTRAINT_CPUSET,nodemask=(null),cpuset=/c,"
		  "mems_allowed=0,global_oom,task_memcg=/,task=hog,pid=4242,uid=0",
		  OOMKIT_CONSTRAINT_CPUSET },
		{ "[ 8.0] oom-kill:constraint=CONSTRAINT_MEMORY_POLICY,nodemask=0,cpuset=/,"
		  "mems_allowed=0-1,global_oom,task_memcg=/,task=hog,pid=4242,uid=0",
		  OOMKIT_CONSTRAINT_MEMORY_POLICY },
		/* 5.0 and 5.1: CONSTRAINT_NONE for a memcg OOM; oom_memcg= tells */
		{ "[ 8.0] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,"
		  "mems_allowed=0,oom_memcg=/kres,task_memcg=/kres,task=hog,pid=4242,uid=0",
		  OOMKIT_CONSTRAINT_MEMCG },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *lines[] = { cases[i].summary, KILL6, NULL };
		struct oomkit_event *ev = one(lines);

		assert_int_equal(oomkit_event_constraint(ev), cases[i].want);
		oomkit_event_free(ev);
	}
}

static void test_constraint_without_summary(void **state)
{
	/* before 4.19 no summary line: the kill line's prefix tells memcg */
	static const char *const memcg[] = { MKILL6, NULL };
	static const char *const plain[] = { KILL6, NULL };
	struct oomkit_event *ev;

	(void)state;
	ev = one(memcg);
	assert_int_equal(oomkit_event_constraint(ev), OOMKIT_CONSTRAINT_MEMCG);
	oomkit_event_free(ev);
	ev = one(plain);
	assert_int_equal(oomkit_event_constraint(ev), OOMKIT_CONSTRAINT_UNKNOWN);
	oomkit_event_free(ev);
	assert_int_equal(oomkit_event_constraint(NULL), OOMKIT_CONSTRAINT_UNKNOWN);
}

static void test_constraint_names(void **state)
{
	int c;

	(void)state;
	for (c = OOMKIT_CONSTRAINT_NONE; c <= OOMKIT_CONSTRAINT_MEMCG; c++)
		assert_int_equal(oomkit_constraint_from_name(oomkit_constraint_name(c)), c);
	assert_string_equal(oomkit_constraint_name(OOMKIT_CONSTRAINT_NONE), "global");
	assert_string_equal(oomkit_constraint_name(OOMKIT_CONSTRAINT_MEMORY_POLICY), "mempolicy");
	assert_string_equal(oomkit_constraint_name(-1), "");
	assert_string_equal(oomkit_constraint_name(99), "");
	assert_int_equal(oomkit_constraint_from_name(""), -EINVAL);
	assert_int_equal(oomkit_constraint_from_name("Memcg"), -EINVAL);
	assert_int_equal(oomkit_constraint_from_name(NULL), -EINVAL);
}

static void test_rss(void **state)
{
	static const char *const six[] = { KILL6, NULL };
	/* 2.6.3x: anon-rss and file-rss only */
	static const char *const old[] = {
		"[ 9.0] Killed process 77 (java) total-vm:5000kB, anon-rss:3000kB, file-rss:100kB",
		NULL
	};
	static const char *const huge[] = {
		"[ 1.0] Out of memory: Killed process 5 (a) total-vm:1kB, "
		"anon-rss:9223372036854775807kB, file-rss:9223372036854775807kB, "
		"shmem-rss:0kB, UID:0 pgtables:1kB oom_score_adj:0",
		NULL
	};
	struct oomkit_event *ev;
	long long kb = -1;

	(void)state;
	ev = one(six);
	assert_int_equal(oomkit_event_rss_kb(ev, &kb), 0);
	assert_int_equal(kb, 1230);
	oomkit_event_free(ev);
	ev = one(old);
	assert_int_equal(oomkit_event_rss_kb(ev, &kb), 0);
	assert_int_equal(kb, 3100);
	oomkit_event_free(ev);
	ev = one(huge);
	kb = 7;
	assert_int_equal(oomkit_event_rss_kb(ev, &kb), -ERANGE);
	assert_int_equal(kb, 7);
	oomkit_event_free(ev);
	assert_int_equal(oomkit_event_rss_kb(NULL, &kb), -EINVAL);
}

static void test_memcg(void **state)
{
	static const char *const both[] = {
		"[ 8.0] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,"
		"mems_allowed=0,oom_memcg=/kres,task_memcg=/kres/a,task=hog,pid=4242,uid=0",
		MKILL6, NULL
	};
	static const char *const none[] = { KILL6, NULL };
	struct oomkit_event *ev;

	(void)state;
	ev = one(both);
	assert_string_equal(oomkit_event_memcg(ev), "/kres/a");
	oomkit_event_free(ev);
	ev = one(none);
	assert_null(oomkit_event_memcg(ev));
	oomkit_event_free(ev);
}

static void test_in_memcg(void **state)
{
	/* a memcg OOM of /kres that killed a task of /kres/a */
	static const char *const memcg_oom[] = {
		"[ 8.0] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,"
		"mems_allowed=0,oom_memcg=/kres,task_memcg=/kres/a,task=hog,pid=4242,uid=0",
		MKILL6, NULL
	};
	/* a global OOM that killed a task of a user's slice */
	static const char *const global_oom[] = {
		"[ 8.0] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,"
		"mems_allowed=0,global_oom,task_memcg=/user.slice/user-1000.slice,"
		"task=hog,pid=4242,uid=0",
		KILL6, NULL
	};
	/* before 4.19: no summary line, so no memcg at all */
	static const char *const old[] = { KILL6, NULL };
	/* systemd-oomd names the cgroup it killed */
	static const char *const oomd[] = {
		"Mar 19 05:00:00 desk systemd-oomd[700]: Killed /user.slice/app.slice/a.scope "
		"due to memory pressure for /user.slice being 80.00% > 50.00% for > 20s "
		"with reclaim activity",
		NULL
	};
	struct oomkit_event *ev;

	(void)state;
	ev = one(memcg_oom);
	assert_true(oomkit_event_in_memcg(ev, "/kres"));   /* the limit hit */
	assert_true(oomkit_event_in_memcg(ev, "/kres/a")); /* the victim's */
	assert_true(oomkit_event_in_memcg(ev, "/kres/"));
	assert_true(oomkit_event_in_memcg(ev, "/"));
	assert_false(oomkit_event_in_memcg(ev, "/kres/b"));   /* a sibling */
	assert_false(oomkit_event_in_memcg(ev, "/kre"));      /* not a component */
	assert_false(oomkit_event_in_memcg(ev, "/kres/a/x")); /* below both */
	assert_false(oomkit_event_in_memcg(ev, NULL));
	oomkit_event_free(ev);

	ev = one(global_oom);
	assert_true(oomkit_event_in_memcg(ev, "/user.slice"));
	assert_true(oomkit_event_in_memcg(ev, "/user.slice/user-1000.slice"));
	assert_true(oomkit_event_in_memcg(ev, "/"));
	assert_false(oomkit_event_in_memcg(ev, "/system.slice"));
	oomkit_event_free(ev);

	ev = one(old);
	assert_false(oomkit_event_in_memcg(ev, "/")); /* unknown: in nothing */
	oomkit_event_free(ev);

	ev = one(oomd);
	assert_true(oomkit_event_in_memcg(ev, "/user.slice/app.slice"));
	assert_false(oomkit_event_in_memcg(ev, "/system.slice"));
	oomkit_event_free(ev);

	assert_false(oomkit_event_in_memcg(NULL, "/"));
}

static void test_path_within(void **state)
{
	(void)state;
	assert_true(oomkit_memcg_path_within("/a", "/a"));
	assert_true(oomkit_memcg_path_within("/a/b", "/a"));
	assert_true(oomkit_memcg_path_within("/a/b", "/a/"));
	assert_true(oomkit_memcg_path_within("/a/b", "/a//"));
	assert_false(oomkit_memcg_path_within("/ab", "/a"));
	assert_false(oomkit_memcg_path_within("/a", "/a/b"));
	/* the root holds every memcg, and only memcgs */
	assert_true(oomkit_memcg_path_within("/", "/"));
	assert_true(oomkit_memcg_path_within("/x/y", "/"));
	assert_true(oomkit_memcg_path_within("/x", "//"));
	assert_false(oomkit_memcg_path_within("", "/"));
	assert_false(oomkit_memcg_path_within(NULL, "/"));
	assert_false(oomkit_memcg_path_within("x", "/"));
	assert_false(oomkit_memcg_path_within("/a", "a"));
	assert_false(oomkit_memcg_path_within("/a", ""));
	assert_false(oomkit_memcg_path_within("/a", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_constraint_summary),
		cmocka_unit_test(test_constraint_without_summary),
		cmocka_unit_test(test_constraint_names),
		cmocka_unit_test(test_rss),
		cmocka_unit_test(test_memcg),
		cmocka_unit_test(test_in_memcg),
		cmocka_unit_test(test_path_within),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
