/*
 * test_screen_model.c - the logic of oomtop's screen that needs no
 * terminal (cmd/oomtop/growth.c, rows.c, layout.c): growth rates, the
 * rows of a domain with focus and sort, column layout and text fitting.
 * Rows come from the paper fixture root (tests/fixtures/proc/v2-paper,
 * docs/kernel.md §11.1), whose ranking the golden files pin. The actions
 * (cmd/oomtop/action.c): which process k, = and [ ] pin, seen through
 * oomkit_adj_open() wrapped at link time (-Wl,--wrap, extra.cmake).
 */
#include <errno.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "oomtop.h"
#include "../unit/tmptree.h"

/* What the actions asked oomkit_adj_open() for, last. */
static struct {
	int calls;
	pid_t pid;
	unsigned long long expect_start;
} opened;

int __real_oomkit_adj_open(struct oomkit_ctx *ctx, pid_t pid, unsigned long long expect_start,
			   struct oomkit_adj_target **out);
int __wrap_oomkit_adj_open(struct oomkit_ctx *ctx, pid_t pid, unsigned long long expect_start,
			   struct oomkit_adj_target **out);

int __wrap_oomkit_adj_open(struct oomkit_ctx *ctx, pid_t pid, unsigned long long expect_start,
			   struct oomkit_adj_target **out)
{
	opened.calls++;
	opened.pid = pid;
	opened.expect_start = expect_start;
	return __real_oomkit_adj_open(ctx, pid, expect_start, out);
}

static void test_growth_rate(void **state)
{
	struct oomtop_growth g = { 0 };
	double r = 0;
	int i;

	(void)state;
	/* pid 10 grows 1000 KiB per second; pid 20 is flat; pid 30 shrinks */
	for (i = 0; i < 3; i++) {
		assert_int_equal(growth_begin(&g, 3), 0);
		growth_feed(&g, 10, 5, "leak", 1000 + 1000LL * i, 100.0 + i);
		growth_feed(&g, 20, 5, "flat", 500, 100.0 + i);
		growth_feed(&g, 30, 5, "gc", 9000 - 2000LL * i, 100.0 + i);
		growth_end(&g);
	}
	assert_int_equal(growth_rate(&g, 10, &r), 1);
	assert_true(r > 999.9 && r < 1000.1);
	assert_int_equal(growth_rate(&g, 20, &r), 1);
	assert_true(r == 0);
	assert_int_equal(growth_rate(&g, 30, &r), 1);
	assert_true(r < -1999.9 && r > -2000.1);
	assert_int_equal(growth_rate(&g, 40, &r), 0);	/* never seen */
	growth_free(&g);
}

static void test_growth_window_and_reuse(void **state)
{
	struct oomtop_growth g = { 0 };
	double r = 0;
	int i;

	(void)state;
	/* a burst long ago leaves the window: only the last GROWTH_SAMPLES
	 * readings count */
	for (i = 0; i < 10; i++) {
		growth_begin(&g, 2);
		growth_feed(&g, 7, 1, "svc", i < 3 ? 100000LL * i : 200000, (double)i);
		growth_feed(&g, 8, 1, "other", 10, (double)i);
		growth_end(&g);
	}
	assert_int_equal(growth_rate(&g, 7, &r), 1);
	assert_true(r == 0);

	/* pid 7 reused (another start time): its history starts again */
	growth_begin(&g, 2);
	growth_feed(&g, 7, 2, "svc", 999999, 10.0);
	growth_feed(&g, 8, 1, "other", 10, 10.0);
	growth_end(&g);
	assert_int_equal(growth_rate(&g, 7, &r), 0);
	/* a new name on the same pid (exec, or an unknown start time) too */
	growth_begin(&g, 2);
	growth_feed(&g, 7, 2, "svc", 999999, 11.0);
	growth_feed(&g, 8, 1, "renamed", 10, 11.0);
	growth_end(&g);
	assert_int_equal(growth_rate(&g, 7, &r), 1);
	assert_int_equal(growth_rate(&g, 8, &r), 0);

	/* fed out of pid order (a fixture tree's listing): still found */
	growth_begin(&g, 2);
	growth_feed(&g, 8, 1, "renamed", 10, 11.5);
	growth_feed(&g, 7, 2, "svc", 999999, 11.5);
	growth_end(&g);
	assert_int_equal(growth_rate(&g, 7, &r), 1);
	assert_int_equal(growth_rate(&g, 8, &r), 1);

	/* a process not fed is gone */
	growth_begin(&g, 1);
	growth_feed(&g, 8, 1, "renamed", 20, 12.0);
	growth_end(&g);
	assert_int_equal(growth_rate(&g, 7, &r), 0);
	assert_int_equal(growth_rate(&g, 8, &r), 1);
	assert_true(r == 10);	/* 10 KiB at 11.0, 20 KiB at 12.0 */
	growth_free(&g);
}

struct fx {
	struct oomtop t;
	struct oomtop_snapshot s;
	struct oomtop_rows rows;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	char err[256] = "";

	assert_non_null(f);
	assert_int_equal(oomkit_ctx_new(&f->t.ctx), 0);
	assert_int_equal(oomkit_ctx_set_proc_root(f->t.ctx, "fixtures/proc/v2-paper"), 0);
	f->t.sort_col = -1;
	f->t.errbuf = err;
	f->t.errsize = sizeof(err);
	if (oomtop_snapshot_read(&f->t, &f->s) < 0)
		fail_msg("snapshot: %s", err);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	rows_free(&f->rows);
	oomtop_snapshot_free(&f->s);
	oomkit_ctx_free(f->t.ctx);
	free(f);
	return 0;
}

static pid_t pid_at(const struct fx *f, size_t i)
{
	return oomkit_proc_pid(f->rows.v[i].p);
}

static void build(struct fx *f, int all)
{
	assert_int_equal(rows_build(&f->rows, &f->s, f->s.dom, all,
				    oomkit_ctx_page_size(f->t.ctx), OOMKIT_KVER(6, 1, 0), NULL), 0);
}

static void test_rows_kernel_order(void **state)
{
	struct fx *f = *state;
	static const pid_t ranked[] = { 1003, 1002, 2002, 2001, 3001, 3002, 1001 };
	size_t i;

	build(f, 0);
	assert_int_equal(f->rows.n, 7);
	for (i = 0; i < 7; i++) {
		assert_int_equal(pid_at(f, i), ranked[i]);
		assert_int_equal(f->rows.v[i].rank, (long long)i + 1);
	}
	/* -a: the two that cannot be chosen follow, with their reasons */
	build(f, 1);
	assert_int_equal(f->rows.n, 9);
	for (i = 7; i < 9; i++) {
		assert_int_equal(f->rows.v[i].rank, 0);
		assert_int_equal(f->rows.v[i].reason, pid_at(f, i) == 1 ?
				 OOMKIT_INELIGIBLE_INIT : OOMKIT_INELIGIBLE_NO_MM);
	}
	/* no sort column: the kernel's order stays */
	rows_sort(&f->rows, -1, 1);
	assert_int_equal(pid_at(f, 0), 1003);
	assert_int_equal(f->rows.v[8].rank, 0);
}

static void test_rows_sort(void **state)
{
	struct fx *f = *state;
	size_t i;
	int isnull;

	build(f, 1);
	rows_sort(&f->rows, COL_RSS, 0);
	for (i = 1; i < f->rows.n; i++)
		assert_true(pnum(&f->rows.v[i - 1], COL_RSS, &isnull) >=
			    pnum(&f->rows.v[i], COL_RSS, &isnull));
	assert_int_equal(pid_at(f, 0), 1001);	/* postgres, 1.1G */
	rows_sort(&f->rows, COL_PID, 1);
	for (i = 1; i < f->rows.n; i++)
		assert_true(pid_at(f, i - 1) < pid_at(f, i));
	/* by name, descending: strcmp order reversed */
	rows_sort(&f->rows, COL_COMM, 0);
	for (i = 1; i < f->rows.n; i++)
		assert_true(strcmp(pstrs(f->rows.v[i - 1].p, OOMKIT_PROC_COMM),
				   pstrs(f->rows.v[i].p, OOMKIT_PROC_COMM)) >= 0);
	/* BADNESS descending: the unknown (cannot be chosen) go last */
	rows_sort(&f->rows, COL_BADNESS, 0);
	assert_int_equal(pid_at(f, 0), 1003);
	assert_int_equal(f->rows.v[f->rows.n - 1].rank, 0);
	assert_int_equal(f->rows.v[f->rows.n - 2].rank, 0);
}

static void test_rows_focus(void **state)
{
	struct fx *f = *state;
	struct oomtop_focus none = { 0 }, byname = { .name = "NGI" }, byuser = { .user = "1000" };
	struct oomtop_focus bypid = { .pid = 2002 }, both = { .user = "1000", .name = "odd" };

	build(f, 1);
	rows_focus(&f->rows, &none);
	assert_int_equal(f->rows.n, 9);
	rows_focus(&f->rows, &byname);		/* case-insensitive substring */
	assert_int_equal(f->rows.n, 1);
	assert_int_equal(pid_at(f, 0), 1002);
	build(f, 1);
	rows_focus(&f->rows, &byuser);		/* a uid: batch and web (odd) 2 */
	assert_int_equal(f->rows.n, 2);
	build(f, 1);
	rows_focus(&f->rows, &both);
	assert_int_equal(f->rows.n, 1);
	assert_int_equal(pid_at(f, 0), 3001);
	build(f, 1);
	rows_focus(&f->rows, &bypid);
	assert_int_equal(f->rows.n, 1);
	assert_int_equal(rows_find(&f->rows, 2002), 0);
	assert_int_equal(rows_find(&f->rows, 1003), -1);
}

static int sum_widths(const int *w, size_t n)
{
	int s = 0, k = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i]) {
			s += w[i];
			k++;
		}
	return s + (k ? k - 1 : 0);
}

static void test_layout(void **state)
{
	static const int cols[] = {
		COL_PID, COL_USER, COL_ADJ, COL_SCORE, COL_BADNESS, COL_SHARE,
		COL_RSS, COL_SWAP, COL_GROWTH, COL_CPU, COL_MEMCG, COL_COMM,
	};
	size_t n = sizeof(cols) / sizeof(cols[0]), i;
	int w[MAXCOLS];

	(void)state;
	/* 80 columns: CPU% and MEMCG give way; GROWTH and COMM stay */
	assert_int_equal(layout_columns(cols, n, 80, w), 10);
	assert_int_equal(w[9], 0);
	assert_int_equal(w[10], 0);
	assert_true(w[8] >= (int)strlen("GROWTH"));
	assert_true(w[11] >= 12);
	assert_int_equal(sum_widths(w, n), 80);
	/* wide: everything, MEMCG up to 24, COMM takes the rest */
	assert_int_equal(layout_columns(cols, n, 200, w), (int)n);
	assert_int_equal(w[10], 24);
	assert_int_equal(sum_widths(w, n), 200);
	for (i = 0; i < n; i++)
		assert_true(w[i] >= (int)strlen(pcols[cols[i]].name));
	/* too narrow for anything but the last column: it alone, cut */
	assert_int_equal(layout_columns(cols, n, 10, w), 1);
	assert_int_equal(w[n - 1], 10);
}

static void test_text_fit(void **state)
{
	char buf[64];
	int cells;

	(void)state;
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	text_fit(buf, sizeof(buf), "postgres", 4, 1, &cells);
	assert_string_equal(buf, "post");
	assert_int_equal(cells, 4);
	/* valid UTF-8 kept in a UTF-8 terminal: 3 cells for 5 bytes */
	text_fit(buf, sizeof(buf), "\xc3\xa9t\xc3\xa9", 10, 1, &cells);
	assert_string_equal(buf, "\xc3\xa9t\xc3\xa9");
	assert_int_equal(cells, 3);
	/* a C-locale terminal sees escapes, never raw bytes */
	text_fit(buf, sizeof(buf), "\xc3\xa9t", 20, 0, &cells);
	assert_string_equal(buf, "\\xc3\\xa9t");
	assert_int_equal(cells, 9);
	/* control bytes never reach the terminal, even if a caller forgot */
	text_fit(buf, sizeof(buf), "a\x1b[31m\n", 20, 1, &cells);
	assert_string_equal(buf, "a\\x1b[31m\\x0a");
	/* an escape is never cut in half */
	text_fit(buf, sizeof(buf), "ab\x01", 4, 1, &cells);
	assert_string_equal(buf, "ab");
	assert_int_equal(cells, 2);
	/* a wide character that does not fit is left out whole */
	text_fit(buf, sizeof(buf), "a\xe6\x97\xa5", 2, 1, &cells);
	assert_string_equal(buf, "a");
}

static void test_columns_parse(void **state)
{
	int cols[MAXCOLS] = { COL_PID, COL_COMM };
	size_t n = 2;
	char err[128];

	(void)state;
	assert_int_equal(columns_parse("+growth,CPU%", pcols, NPCOLS, cols, &n, err,
				       sizeof(err)), 0);
	assert_int_equal(n, 4);
	assert_int_equal(cols[2], COL_GROWTH);
	assert_int_equal(cols[3], COL_CPU);
	assert_int_equal(columns_parse("RSS,PID", pcols, NPCOLS, cols, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 2);
	assert_int_equal(cols[0], COL_RSS);
	/* a mistake leaves the columns as they were, and says why */
	assert_int_equal(columns_parse("RSS,NOPE", pcols, NPCOLS, cols, &n, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "unknown column: NOPE");
	assert_int_equal(n, 2);
	assert_int_equal(cols[0], COL_RSS);
}

/* A memcg with only memory.high is throttled, not an OOM domain: a copy of
 * the cgroup v2 fixture where /app/web gets memory.high 64 MiB. */
static void test_throttled(void **state)
{
	char dir[PATH_MAX], cmd[PATH_MAX + 64], path[PATH_MAX + 64];
	struct oomkit_ctx *ctx;
	struct oomkit_memcg_tree *tree;
	const struct oomkit_memcg *web = NULL, *app = NULL;
	long long num;
	int isnull;
	char *str;
	size_t i;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(tt_template(dir, "oomtop-throttled")));
	snprintf(cmd, sizeof(cmd), "cp -r fixtures/cgroup-v2/paper/. %s/", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/app/web/memory.high", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%d\n", 64 << 20);
	fclose(f);
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	assert_int_equal(oomkit_ctx_set_proc_root(ctx, "fixtures/proc/v2-paper"), 0);
	assert_int_equal(oomkit_ctx_set_memcg_root(ctx, OOMKIT_CGROUP_V2, dir), 0);
	assert_true(oomkit_memcg_tree_read(ctx, &tree) > 0);
	for (i = 0; i < oomkit_memcg_tree_count(tree); i++) {
		const struct oomkit_memcg *m = oomkit_memcg_tree_get(tree, i);

		if (strcmp(oomkit_memcg_path(m), "/app/web") == 0)
			web = m;
		if (strcmp(oomkit_memcg_path(m), "/app") == 0)
			app = m;
	}
	assert_non_null(web);
	assert_non_null(app);
	assert_int_equal(memcg_throttled_only(web), 1);
	assert_int_equal(memcg_throttled_only(app), 0);	/* a hard limit: a domain */
	throttled_cell(web, DCOL_TYPE, &num, &isnull, &str);
	assert_string_equal(str, "throttled");
	free(str);
	throttled_cell(web, DCOL_HIGH, &num, &isnull, &str);
	assert_false(isnull);
	assert_int_equal(num, 64 * 1024);
	throttled_cell(web, DCOL_VICTIM, &num, &isnull, &str);
	assert_true(isnull);		/* no OOM of its own: no victim */
	oomkit_memcg_tree_free(tree);
	oomkit_ctx_free(ctx);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/*
 * The start time of @pid as the fixture's stat has it, read by the test
 * itself: field 22, after the last ')'.
 */
static unsigned long long fixture_start(const char *root, pid_t pid)
{
	char path[600], buf[1024], *p;
	unsigned long long v = 0;
	int i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%d/stat", root, (int)pid);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	p = strrchr(buf, ')');
	assert_non_null(p);
	for (i = 3; i <= 22; i++) { /* p points before field i */
		p = strchr(p + 1, ' ');
		assert_non_null(p);
	}
	v = strtoull(p + 1, NULL, 10);
	return v;
}

/*
 * k, = and [ ] pin the process of the chosen row with that row's own start
 * time, also with CPU%, NICE and AGE hidden (no libproc2 reading: the old
 * screen then passed 0, "any process"); a pid not in the reading is gone.
 */
static void test_action_pin_identity(void **state)
{
	struct fx *f = *state;
	struct oomkit_adj_target *at = NULL;
	size_t i;

	build(f, 1);
	assert_null(f->s.cpu); /* CPU%, NICE and AGE not shown */
	assert_true(f->rows.n >= 7);
	for (i = 0; i < f->rows.n; i++) {
		pid_t pid = pid_at(f, i);
		unsigned long long want = fixture_start("fixtures/proc/v2-paper", pid);

		memset(&opened, 0, sizeof(opened));
		assert_int_equal(action_pin(f->t.ctx, &f->s, pid, &at), 0);
		assert_int_equal(opened.calls, 1);
		assert_int_equal(opened.pid, pid);
		assert_true(want != 0);
		assert_int_equal(opened.expect_start, want);
		assert_int_equal(oomkit_adj_start(at), want);
		oomkit_adj_close(at);
	}
	/* not in the reading: gone, nothing opened */
	memset(&opened, 0, sizeof(opened));
	assert_int_equal(action_pin(f->t.ctx, &f->s, 4242, &at), -ESRCH);
	assert_null(at);
	assert_int_equal(opened.calls, 0);
}

/*
 * The target pinned when = was pressed is kept across the prompt: when
 * the pid has another process by the time the value is typed (the stat of
 * a copy of the fixture rewritten with another start time), the write is
 * refused as the chosen process gone, and nothing is written.
 */
static char pin_dir[PATH_MAX];

static int pin_dir_setup(void **state)
{
	char cmd[PATH_MAX + 64];

	(void)state;
	if (!mkdtemp(tt_template(pin_dir, "oomtop-pin")))
		return -1;
	snprintf(cmd, sizeof(cmd), "cp -r fixtures/proc/v2-paper/. %s/", pin_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int pin_dir_teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", pin_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_action_pin_kept(void **state)
{
	char path[PATH_MAX + 64], buf[64] = "";
	struct oomtop t;
	struct oomtop_snapshot s;
	struct oomkit_adj_target *at = NULL;
	int old = 0, now = 0;
	FILE *f;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.sort_col = -1;
	assert_int_equal(oomkit_ctx_new(&t.ctx), 0);
	assert_int_equal(oomkit_ctx_set_proc_root(t.ctx, pin_dir), 0);
	assert_int_equal(oomtop_snapshot_read(&t, &s), 0);

	assert_int_equal(action_pin(t.ctx, &s, 1003, &at), 0);
	assert_int_equal(oomkit_adj_start(at), 1200);
	/* pid 1003 is now another process: batch exited, a newcomer started */
	snprintf(path, sizeof(path), "%s/1003/stat", pin_dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "1003 (newcomer) S 1 1003 1003 0 -1 4194560 100 0 0 0 10 5 0 0 20 0 1 0 "
		   "4242 737280000 60000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 "
		   "0 0 0 0 0 0 0 0 0 0 0\n");
	fclose(f);
	assert_int_equal(oomkit_adj_check(at), -OOMKIT_ERACE);
	assert_int_equal(oomkit_adj_write(at, 777, &old, &now), -OOMKIT_ERACE);
	oomkit_adj_close(at);
	snprintf(path, sizeof(path), "%s/1003/oom_score_adj", pin_dir);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "100\n"); /* as the fixture has it */

	oomtop_snapshot_free(&s);
	oomkit_ctx_free(t.ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_growth_rate),
		cmocka_unit_test(test_growth_window_and_reuse),
		cmocka_unit_test_setup_teardown(test_rows_kernel_order, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_rows_sort, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_rows_focus, fx_setup, fx_teardown),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_text_fit),
		cmocka_unit_test(test_columns_parse),
		cmocka_unit_test(test_throttled),
		cmocka_unit_test_setup_teardown(test_action_pin_identity, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_action_pin_kept, pin_dir_setup,
						pin_dir_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
