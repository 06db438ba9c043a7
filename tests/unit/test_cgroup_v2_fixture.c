/*
 * test_cgroup_v2_fixture.c - the cgroup v2 readers, the process table and
 * the OOM domains on a hand-made cgroup2 + procfs tree.
 *
 * This machine's memory controller is on cgroup v1, so the v2 code paths
 * are checked here on fixtures: tests/fixtures/cgroup-v2/paper (a cgroup2
 * root with memory on) and tests/fixtures/proc/v2-paper (a procfs root).
 * Both are written by tests/fixtures/cgroup-v2/gen-paper.py, which
 * explains every number. The core of the tree is the paper example of
 * docs/kernel.md §11.1, whose answers are worked out by hand in the
 * doc: in a memcg OOM of /app the victim is B (160,400 pages), in a global
 * OOM it is C (584,350), and the kernel's oom_score files read A 377,
 * B 686, C 740.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "oomkit/oomkit.h"
#include "memcg-private.h"
#include "proc-private.h"
#include "getters.h"

#define PAGE 4096L
#define GLOBAL_TP 5242880ULL  /* (16 GiB + 4 GiB) / 4 KiB */
#define SWAP_PAGES 1048576ULL /* 4 GiB of swap */
#define KVER_618 OOMKIT_KVER(6, 18, 0)

enum {
	PID_INIT = 1,
	PID_KTHREADD = 2,
	PID_A = 1001,
	PID_B = 1002,
	PID_C = 1003,
	PID_ZOMBIE = 1004,
	PID_E = 2001,
	PID_F = 2002,
	PID_G = 3001,
	PID_H = 3002
};

static char proc_root[4096];
static char cg_root[4096];

static struct oomkit_ctx *fixture_ctx(void)
{
	struct oomkit_ctx *ctx = NULL;

	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	/* proc root first: setting it resets the memcg discovery */
	assert_int_equal(oomkit_ctx_set_proc_root(ctx, proc_root), 0);
	assert_int_equal(oomkit_ctx_set_memcg_root(ctx, OOMKIT_CGROUP_V2, cg_root), 0);
	assert_int_equal(oomkit_ctx_set_page_size(ctx, PAGE), 0);
	return ctx;
}

static int group_setup(void **state)
{
	const char *src = getenv("OOMKIT_SOURCE_DIR");
	int n;

	(void)state;
	if (!src)
		src = ".."; /* ctest runs us in tests/ */
	n = snprintf(proc_root, sizeof(proc_root), "%s/tests/fixtures/proc/v2-paper", src);
	if (n < 0 || (size_t)n >= sizeof(proc_root))
		return -1;
	n = snprintf(cg_root, sizeof(cg_root), "%s/tests/fixtures/cgroup-v2/paper", src);
	if (n < 0 || (size_t)n >= sizeof(cg_root))
		return -1;
	return 0;
}

static long long item(const struct oomkit_memcg *cg, enum oomkit_memcg_item it)
{
	long long v = -12345;

	assert_int_equal(oomkit_memcg_get(cg, it, &v), 0);
	return v;
}

static struct oomkit_memcg *read_cg(struct oomkit_ctx *ctx, const char *path)
{
	struct oomkit_memcg *cg = NULL;
	int rc = oomkit_memcg_read(ctx, path, &cg);

	if (rc < 0)
		fail_msg("oomkit_memcg_read(%s): %s", path, oomkit_strerror(rc));
	assert_non_null(cg);
	return cg;
}

/*
 * A long procfs root (the same directory, reached through "../proc" hops):
 * vm.swappiness, which v2 memcgs use, must still be read through it (a
 * fixed 64-byte path buffer once lost it).
 */
static void test_long_proc_root(void **state)
{
	char root[PATH_MAX];
	struct oomkit_ctx *ctx = NULL;
	struct oomkit_memcg *cg;
	const char *base = strrchr(proc_root, '/');
	size_t len;
	int i, n;

	(void)state;
	assert_non_null(base);
	len = (size_t)(base - proc_root);
	n = snprintf(root, sizeof(root), "%.*s", (int)len, proc_root);
	for (i = 0; i < 40 && n > 0 && (size_t)n < sizeof(root); i++)
		n += snprintf(root + n, sizeof(root) - (size_t)n, "/../proc");
	assert_true(n > 0 && (size_t)n < sizeof(root));
	n += snprintf(root + n, sizeof(root) - (size_t)n, "%s", base);
	assert_true((size_t)n < sizeof(root) && n > 300);

	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	assert_int_equal(oomkit_ctx_set_proc_root(ctx, root), 0);
	assert_int_equal(oomkit_ctx_set_memcg_root(ctx, OOMKIT_CGROUP_V2, cg_root), 0);
	assert_int_equal(oomkit_ctx_set_page_size(ctx, PAGE), 0);
	cg = read_cg(ctx, "/app");
	assert_int_equal(item(cg, OOMKIT_MEMCG_SWAPPINESS), 60);
	assert_int_equal(oomkit_memcg_totalpages(cg, PAGE, SWAP_PAGES), 655360);
	oomkit_memcg_free(cg);
	oomkit_ctx_free(ctx);
}

/* /app: every memory.* file of a limited v2 memcg. */
static void test_memcg_items_app(void **state)
{
	struct oomkit_ctx *ctx = fixture_ctx();
	struct oomkit_memcg *cg = read_cg(ctx, "/app");
	long long v;

	(void)state;
	assert_int_equal(oomkit_memcg_mode(cg), OOMKIT_CGROUP_V2);
	assert_string_equal(oomkit_memcg_path(cg), "/app");
	assert_int_equal(item(cg, OOMKIT_MEMCG_LIMIT), 2147483648LL);
	assert_int_equal(item(cg, OOMKIT_MEMCG_HIGH), OOMKIT_UNLIMITED); /* "max" */
	assert_int_equal(item(cg, OOMKIT_MEMCG_USAGE), 2040000LL * 1024);
	assert_int_equal(item(cg, OOMKIT_MEMCG_PEAK), 2100000000LL);
	assert_int_equal(item(cg, OOMKIT_MEMCG_SWAP_LIMIT), 536870912LL);
	assert_int_equal(item(cg, OOMKIT_MEMCG_SWAP_USAGE), 200000LL * 1024);
	assert_int_equal(item(cg, OOMKIT_MEMCG_SWAPPINESS), 60); /* vm.swappiness */
	assert_int_equal(item(cg, OOMKIT_MEMCG_EV_LOW), 0);
	assert_int_equal(item(cg, OOMKIT_MEMCG_EV_HIGH), 12);
	assert_int_equal(item(cg, OOMKIT_MEMCG_EV_MAX), 345);
	assert_int_equal(item(cg, OOMKIT_MEMCG_EV_OOM), 2);
	assert_int_equal(item(cg, OOMKIT_MEMCG_EV_OOM_KILL), 1);
	assert_int_equal(item(cg, OOMKIT_MEMCG_EV_OOM_GROUP_KILL), 0);
	assert_int_equal(item(cg, OOMKIT_MEMCG_OOM_GROUP), 1);
	assert_int_equal(item(cg, OOMKIT_MEMCG_PSI_SOME_AVG10), 150);
	assert_int_equal(item(cg, OOMKIT_MEMCG_PSI_FULL_AVG10), 50);
	assert_int_equal(item(cg, OOMKIT_MEMCG_PSI_SOME_TOTAL_US), 123456);
	assert_int_equal(item(cg, OOMKIT_MEMCG_PSI_FULL_TOTAL_US), 65432);
	/* v1-only items are not there on v2 */
	assert_int_equal(oomkit_memcg_get(cg, OOMKIT_MEMCG_FAILCNT, &v), -ENODATA);
	assert_int_equal(oomkit_memcg_get(cg, OOMKIT_MEMCG_MEMSW_LIMIT, &v), -ENODATA);
	assert_int_equal(oomkit_memcg_get(cg, OOMKIT_MEMCG_UNDER_OOM, &v), -ENODATA);
	assert_int_equal(oomkit_memcg_has_limit(cg), 1);
	/* 524,288 + min(131,072, 1,048,576) (docs/kernel.md §11.1) */
	assert_int_equal(oomkit_memcg_totalpages(cg, PAGE, SWAP_PAGES), 655360);
	/* without swap on the host only memory.max counts */
	assert_int_equal(oomkit_memcg_totalpages(cg, PAGE, 0), 524288);
	oomkit_memcg_free(cg);
	oomkit_ctx_free(ctx);
}

/* Other memcgs: swap.max "max" and 0, memory.high as a number, no limit. */
static void test_memcg_items_others(void **state)
{
	struct oomkit_ctx *ctx = fixture_ctx();
	struct oomkit_memcg *cg;

	(void)state;
	cg = read_cg(ctx, "/limited");
	assert_int_equal(item(cg, OOMKIT_MEMCG_LIMIT), 104857600LL);
	assert_int_equal(item(cg, OOMKIT_MEMCG_HIGH), 99614720LL);
	assert_int_equal(item(cg, OOMKIT_MEMCG_SWAP_LIMIT), OOMKIT_UNLIMITED);
	assert_int_equal(item(cg, OOMKIT_MEMCG_EV_OOM_KILL), 3);
	assert_int_equal(item(cg, OOMKIT_MEMCG_EV_LOW), 1);
	assert_int_equal(item(cg, OOMKIT_MEMCG_PSI_SOME_AVG10), 1234);
	assert_int_equal(item(cg, OOMKIT_MEMCG_PSI_FULL_AVG10), 321);
	assert_int_equal(item(cg, OOMKIT_MEMCG_OOM_GROUP), 0);
	assert_int_equal(oomkit_memcg_has_limit(cg), 1);
	/* unlimited swap is capped by SwapTotal: 25,600 + 1,048,576 */
	assert_int_equal(oomkit_memcg_totalpages(cg, PAGE, SWAP_PAGES), 1074176);
	oomkit_memcg_free(cg);

	cg = read_cg(ctx, "/app/batch");
	assert_int_equal(item(cg, OOMKIT_MEMCG_LIMIT), 1073741824LL);
	assert_int_equal(item(cg, OOMKIT_MEMCG_SWAP_LIMIT), 0);
	assert_int_equal(oomkit_memcg_has_limit(cg), 1);
	assert_int_equal(oomkit_memcg_totalpages(cg, PAGE, SWAP_PAGES), 262144);
	oomkit_memcg_free(cg);

	/* memory.max "max": no OOM domain, even with a swap limit */
	cg = read_cg(ctx, "/swaponly");
	assert_int_equal(item(cg, OOMKIT_MEMCG_LIMIT), OOMKIT_UNLIMITED);
	assert_int_equal(item(cg, OOMKIT_MEMCG_SWAP_LIMIT), 0);
	assert_int_equal(oomkit_memcg_has_limit(cg), 0);
	oomkit_memcg_free(cg);

	cg = read_cg(ctx, "/app/web");
	assert_int_equal(oomkit_memcg_has_limit(cg), 0);
	oomkit_memcg_free(cg);

	/* the cgroup2 root has no memory.max at all */
	cg = read_cg(ctx, "/");
	assert_int_equal(oomkit_memcg_has_limit(cg), 0);
	oomkit_memcg_free(cg);

	cg = NULL;
	assert_int_equal(oomkit_memcg_read(ctx, "/no-such-group", &cg), -ENOENT);
	assert_null(cg);
	assert_int_equal(oomkit_memcg_read(ctx, "/app/../limited", &cg), -EINVAL);
	assert_null(cg);
	oomkit_ctx_free(ctx);
}

static void test_parse_cgroup_file(void **state)
{
	const char *hybrid = "12:pids:/batch-v1\n4:memory:/batch-v1\n"
			     "1:name=systemd:/batch-v1\n0::/app/batch\n";
	const char *tricky = "3:name=memorylike:/no\n5:cpu,memory,pids:/yes:with:colons\n"
			     "0::/v2 path:x\n";
	char buf[64], tiny[4];

	(void)state;
	assert_int_equal(oomkit__memcg_parse_cgroup_file("0::/system.slice/foo.service\n",
							 OOMKIT_CGROUP_V2, buf, sizeof(buf)),
			 0);
	assert_string_equal(buf, "/system.slice/foo.service");
	/* no trailing newline */
	assert_int_equal(
		oomkit__memcg_parse_cgroup_file("0::/", OOMKIT_CGROUP_V2, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/");
	/* hybrid: v2 takes the 0:: line, v1 the memory line */
	assert_int_equal(
		oomkit__memcg_parse_cgroup_file(hybrid, OOMKIT_CGROUP_V2, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/app/batch");
	assert_int_equal(
		oomkit__memcg_parse_cgroup_file(hybrid, OOMKIT_CGROUP_V1, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/batch-v1");
	/* split on the first two colons only; "memorylike" is not memory */
	assert_int_equal(
		oomkit__memcg_parse_cgroup_file(tricky, OOMKIT_CGROUP_V1, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/yes:with:colons");
	assert_int_equal(
		oomkit__memcg_parse_cgroup_file(tricky, OOMKIT_CGROUP_V2, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/v2 path:x");
	/* no matching line */
	assert_int_equal(oomkit__memcg_parse_cgroup_file("0::/only-v2\n", OOMKIT_CGROUP_V1, buf,
							 sizeof(buf)),
			 -ENOENT);
	assert_int_equal(oomkit__memcg_parse_cgroup_file("4:memory:/only-v1\n", OOMKIT_CGROUP_V2,
							 buf, sizeof(buf)),
			 -ENOENT);
	assert_int_equal(oomkit__memcg_parse_cgroup_file("", OOMKIT_CGROUP_V2, buf, sizeof(buf)),
			 -ENOENT);
	/* the buffer is too small for "/app/batch" */
	assert_int_equal(oomkit__memcg_parse_cgroup_file(hybrid, OOMKIT_CGROUP_V2, tiny,
							 sizeof(tiny)),
			 -ERANGE);
}

static void test_pid_path_and_list(void **state)
{
	struct oomkit_ctx *ctx = fixture_ctx();
	static const char *const want[] = {
		"/",         "/app",          "/app/batch",
		"/app/web",  "/init.scope",   "/limited",
		"/swaponly", "/system.slice", "/system.slice/foo.service",
	};
	char buf[256], **paths = NULL;
	size_t i, j;
	int n;

	(void)state;
	assert_int_equal(oomkit_memcg_pid_path(ctx, PID_C, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/app/batch");
	assert_int_equal(oomkit_memcg_pid_path(ctx, PID_G, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/system.slice/foo.service");
	assert_int_equal(oomkit_memcg_pid_path(ctx, PID_KTHREADD, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/");
	assert_int_equal(oomkit_memcg_pid_path(ctx, 4242, buf, sizeof(buf)), -ESRCH);

	n = oomkit_memcg_list(ctx, &paths);
	assert_int_equal(n, (int)(sizeof(want) / sizeof(want[0])));
	assert_non_null(paths);
	assert_string_equal(paths[0], "/");
	assert_null(paths[n]);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		size_t at = (size_t)n;

		for (j = 0; j < (size_t)n; j++)
			if (strcmp(paths[j], want[i]) == 0)
				at = j;
		if (at == (size_t)n)
			fail_msg("%s not listed", want[i]);
		/* pre-order: the parent comes first */
		if (i > 0) {
			char parent[256], *slash;
			size_t k, pat = (size_t)n;

			snprintf(parent, sizeof(parent), "%s", want[i]);
			slash = strrchr(parent, '/');
			if (slash == parent)
				slash[1] = '\0';
			else
				*slash = '\0';
			for (k = 0; k < (size_t)n; k++)
				if (strcmp(paths[k], parent) == 0)
					pat = k;
			assert_true(pat < at);
		}
	}
	oomkit_strv_free(paths);
	oomkit_ctx_free(ctx);
}

static void test_sysmem(void **state)
{
	struct oomkit_ctx *ctx = fixture_ctx();
	struct oomkit_sysmem *mem = NULL;
	long long v;

	(void)state;
	assert_int_equal(kget(ctx), KVER_618);
	assert_int_equal(oomkit_sysmem_read(ctx, &mem), 0);
	assert_int_equal(oomkit_sysmem_totalpages(mem, PAGE), GLOBAL_TP);
	assert_int_equal(oomkit_sysmem_get(mem, OOMKIT_MEM_TOTAL_KB, &v), 0);
	assert_int_equal(v, 16777216);
	assert_int_equal(oomkit_sysmem_get(mem, OOMKIT_MEM_SWAP_TOTAL_KB, &v), 0);
	assert_int_equal(v, 4194304);
	assert_int_equal(oomkit_sysmem_get(mem, OOMKIT_MEM_AVAILABLE_KB, &v), 0);
	assert_int_equal(v, 12000000);
	assert_int_equal(oomkit_sysmem_get(mem, OOMKIT_MEM_VMSTAT_OOM_KILL, &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(oomkit_sysmem_get(mem, OOMKIT_MEM_SWAPPINESS, &v), 0);
	assert_int_equal(v, 60);
	assert_int_equal(oomkit_sysmem_get(mem, OOMKIT_MEM_PSI_SOME_AVG10, &v), 0);
	assert_int_equal(v, 25);
	assert_int_equal(oomkit_sysmem_get(mem, OOMKIT_MEM_PSI_FULL_TOTAL_US, &v), 0);
	assert_int_equal(v, 572);
	oomkit_sysmem_free(mem);
	oomkit_ctx_free(ctx);
}

static const struct oomkit_proc *find(const struct oomkit_proc_table *tab, pid_t pid)
{
	const struct oomkit_proc *p = oomkit_proc_table_find(tab, pid);

	if (!p)
		fail_msg("pid %d missing from the table", (int)pid);
	return p;
}

static void test_proc_table(void **state)
{
	struct oomkit_ctx *ctx = fixture_ctx();
	struct oomkit_proc_table *tab = NULL;
	const struct oomkit_proc *p;
	long long v;

	(void)state;
	/* 9 processes; kthreadd only with OOMKIT_PROC_KTHREADS */
	assert_int_equal(oomkit_proc_table_read(ctx, 0, &tab), 9);
	assert_null(oomkit_proc_table_find(tab, PID_KTHREADD));
	assert_int_equal(oomkit_proc_table_denied(tab), 0);
	oomkit_proc_table_free(tab);
	tab = NULL;
	assert_int_equal(
		oomkit_proc_table_read(ctx, OOMKIT_PROC_KTHREADS | OOMKIT_PROC_CMDLINE, &tab), 10);
	assert_int_equal(oomkit_proc_table_count(tab), 10);

	p = find(tab, PID_KTHREADD);
	assert_int_equal(pget(p, OOMKIT_PROC_KTHREAD), 1);
	assert_int_equal(pget(p, OOMKIT_PROC_HAS_MM), 0);
	assert_string_equal(oomkit_proc_str(p, OOMKIT_PROC_CMDLINE_STR), "");

	p = find(tab, PID_A);
	/* unknown: read without OOMKIT_PROC_START / OOMKIT_PROC_USER */
	assert_int_equal(oomkit_proc_get(p, OOMKIT_PROC_START_TICKS, NULL), -ENODATA);
	assert_null(oomkit_proc_str(p, OOMKIT_PROC_USER_STR));
	assert_int_equal(oomkit_proc_get(p, OOMKIT_PROC_ITEM_COUNT_, NULL), -EINVAL);
	assert_int_equal(oomkit_proc_get(NULL, OOMKIT_PROC_PID, NULL), -EINVAL);
	assert_int_equal(oomkit_proc_pid(p), PID_A);
	assert_string_equal(oomkit_proc_str(p, OOMKIT_PROC_COMM), "postgres");
	assert_string_equal(oomkit_proc_str(p, OOMKIT_PROC_MEMCG), "/app");
	assert_string_equal(oomkit_proc_str(p, OOMKIT_PROC_CMDLINE_STR),
			    "postgres -D /var/lib/postgresql");
	assert_int_equal(pget(p, OOMKIT_PROC_PID), PID_A);
	assert_int_equal(pget(p, OOMKIT_PROC_PPID), 1);
	assert_int_equal(pget(p, OOMKIT_PROC_UID), 999);
	assert_int_equal(pget(p, OOMKIT_PROC_STATE), 'S');
	assert_int_equal(pget(p, OOMKIT_PROC_RSS_KB), 1200000);
	assert_int_equal(pget(p, OOMKIT_PROC_RSS_ANON_KB), 1150000);
	assert_int_equal(pget(p, OOMKIT_PROC_RSS_FILE_KB), 50000);
	assert_int_equal(pget(p, OOMKIT_PROC_SWAP_KB), 160000);
	assert_int_equal(pget(p, OOMKIT_PROC_PTE_KB), 4000);
	assert_int_equal(pget(p, OOMKIT_PROC_OOM_SCORE), 377);
	assert_int_equal(pget(p, OOMKIT_PROC_OOM_SCORE_ADJ), -500);
	assert_int_equal(pget(p, OOMKIT_PROC_HAS_MM), 1);
	assert_int_equal(pget(p, OOMKIT_PROC_KTHREAD), 0);

	/* hybrid-style cgroup file: memory is on v2, so the 0:: line counts */
	p = find(tab, PID_C);
	assert_string_equal(oomkit_proc_str(p, OOMKIT_PROC_MEMCG), "/app/batch");
	assert_int_equal(pget(p, OOMKIT_PROC_STATE), 'R');

	p = find(tab, PID_ZOMBIE);
	assert_int_equal(pget(p, OOMKIT_PROC_STATE), 'Z');
	assert_int_equal(pget(p, OOMKIT_PROC_HAS_MM), 0);
	assert_int_equal(pget(p, OOMKIT_PROC_RSS_KB), 0); /* no mm: a true 0 */
	assert_int_equal(pget(p, OOMKIT_PROC_PTE_KB), 0);
	v = -1;
	assert_int_equal(oomkit_proc_mm_rss_kb(p, &v), 0);
	assert_int_equal(v, 0);

	p = find(tab, PID_G);
	assert_string_equal(oomkit_proc_str(p, OOMKIT_PROC_COMM), "web (odd) 2");
	assert_string_equal(oomkit_proc_str(p, OOMKIT_PROC_MEMCG), "/system.slice/foo.service");
	oomkit_proc_table_free(tab);
	oomkit_ctx_free(ctx);
}

/* A string item, "" when unknown. */
static const char *sget(const struct oomkit_proc *p, enum oomkit_proc_str item)
{
	const char *s = oomkit_proc_str(p, item);

	return s ? s : "";
}

/* oom_score read for the processes asked for only; every other item as always. */
static void test_proc_table_some_scores(void **state)
{
	struct oomkit_ctx *ctx = fixture_ctx();
	struct oomkit_proc_table *all = NULL, *some = NULL;
	const pid_t want[] = { PID_C, 4242 /* no such process */, PID_A, PID_A };
	long long v;
	size_t i;

	(void)state;
	assert_int_equal(oomkit_proc_table_read(ctx, OOMKIT_PROC_CMDLINE, &all), 9);
	assert_int_equal(oomkit_proc_table_read_scores(ctx, OOMKIT_PROC_CMDLINE, want,
						       sizeof(want) / sizeof(want[0]), &some),
			 9);
	assert_int_equal(pget(find(some, PID_A), OOMKIT_PROC_OOM_SCORE), 377);
	assert_int_equal(pget(find(some, PID_C), OOMKIT_PROC_OOM_SCORE), 740);
	assert_int_equal(oomkit_proc_get(find(some, PID_B), OOMKIT_PROC_OOM_SCORE, &v), -ENODATA);
	/* the rest of every record is the same as a full read's */
	for (i = 0; i < oomkit_proc_table_count(all); i++) {
		const struct oomkit_proc *a = oomkit_proc_table_get(all, i);
		const struct oomkit_proc *b = find(some, oomkit_proc_pid(a));
		int item;

		for (item = 0; item < OOMKIT_PROC_ITEM_COUNT_; item++) {
			long long va = -7, vb = -7;
			int ra = oomkit_proc_get(a, item, &va), rb = oomkit_proc_get(b, item, &vb);

			if (item == OOMKIT_PROC_OOM_SCORE && oomkit_proc_pid(a) != PID_A &&
			    oomkit_proc_pid(a) != PID_C)
				continue;
			assert_int_equal(ra, rb);
			assert_int_equal(va, vb);
		}
		assert_string_equal(sget(a, OOMKIT_PROC_MEMCG), sget(b, OOMKIT_PROC_MEMCG));
		assert_string_equal(sget(a, OOMKIT_PROC_CMDLINE_STR),
				    sget(b, OOMKIT_PROC_CMDLINE_STR));
	}
	oomkit_proc_table_free(some);
	some = NULL;
	/* none asked for: no oom_score at all; the flag alone does the same */
	assert_int_equal(oomkit_proc_table_read_scores(ctx, 0, NULL, 0, &some), 9);
	assert_int_equal(oomkit_proc_get(find(some, PID_A), OOMKIT_PROC_OOM_SCORE, NULL), -ENODATA);
	oomkit_proc_table_free(some);
	some = NULL;
	assert_int_equal(oomkit_proc_table_read(ctx, OOMKIT_PROC_NO_OOM_SCORE, &some), 9);
	assert_int_equal(oomkit_proc_get(find(some, PID_C), OOMKIT_PROC_OOM_SCORE, NULL), -ENODATA);
	oomkit_proc_table_free(some);
	some = NULL;
	assert_int_equal(oomkit_proc_table_read_scores(ctx, 0, NULL, 1, &some), -EINVAL);
	oomkit_proc_table_free(all);
	oomkit_ctx_free(ctx);
}

/* Badness and oom_score against the kernel's files (docs/kernel.md §11.1). */
static void test_badness_and_oom_score(void **state)
{
	static const struct {
		pid_t pid;
		int why;
		long long points; /* global totalpages */
	} want[] = {
		{ PID_INIT, OOMKIT_INELIGIBLE_INIT, 0 },
		{ PID_KTHREADD, OOMKIT_INELIGIBLE_KTHREAD, 0 },
		{ PID_A, OOMKIT_ELIGIBLE, -2280000 },
		{ PID_B, OOMKIT_ELIGIBLE, 160400 },
		{ PID_C, OOMKIT_ELIGIBLE, 584350 },
		{ PID_ZOMBIE, OOMKIT_INELIGIBLE_NO_MM, 0 },
		{ PID_E, OOMKIT_ELIGIBLE, 10050 },
		{ PID_F, OOMKIT_ELIGIBLE, 52930 },
		{ PID_G, OOMKIT_ELIGIBLE, 2005 },
		{ PID_H, OOMKIT_ELIGIBLE, 1030 },
	};
	struct oomkit_ctx *ctx = fixture_ctx();
	struct oomkit_proc_table *tab = NULL;
	size_t i;

	(void)state;
	assert_int_equal(oomkit_proc_table_read(ctx, OOMKIT_PROC_KTHREADS, &tab), 10);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct oomkit_proc *p = find(tab, want[i].pid);
		long long pts = 0x7777, score;
		int why = oomkit_proc_badness(p, PAGE, GLOBAL_TP, &pts);

		if (why != want[i].why)
			fail_msg("pid %d: eligibility %d, want %d", (int)want[i].pid, why,
				 want[i].why);
		if (why == OOMKIT_ELIGIBLE && pts != want[i].points)
			fail_msg("pid %d: badness %lld, want %lld", (int)want[i].pid, pts,
				 want[i].points);
		/* what the kernel printed in the fixture's oom_score */
		score = oomkit_oom_score(why == OOMKIT_ELIGIBLE ? pts : 0, why == OOMKIT_ELIGIBLE,
					 GLOBAL_TP, KVER_618);
		if (score != pget(p, OOMKIT_PROC_OOM_SCORE))
			fail_msg("pid %d: oom_score %lld, kernel file says %lld", (int)want[i].pid,
				 score, pget(p, OOMKIT_PROC_OOM_SCORE));
	}
	/* the doc's readings, directly */
	assert_int_equal(oomkit_oom_score(-2280000, 1, GLOBAL_TP, KVER_618), 377);
	assert_int_equal(oomkit_oom_score(160400, 1, GLOBAL_TP, KVER_618), 686);
	assert_int_equal(oomkit_oom_score(584350, 1, GLOBAL_TP, KVER_618), 740);
	/* badness in the /app memcg (unit 655) */
	assert_int_equal(oomkit_badness(300000, 40000, 4000 * 1024, PAGE, -500, 655360), 13500);
	assert_int_equal(oomkit_badness(150000, 10000, 1600 * 1024, PAGE, 0, 655360), 160400);
	assert_int_equal(oomkit_badness(60000, 0, 600 * 1024, PAGE, 100, 655360), 125650);
	oomkit_proc_table_free(tab);
	oomkit_ctx_free(ctx);
}

struct rank_want {
	pid_t pid;
	long long points;
};

static void check_domain(const struct oomkit_domains *set, const char *name,
			 enum oomkit_domain_kind kind, unsigned long long tp, size_t members,
			 const struct rank_want *rank, size_t n)
{
	const struct oomkit_domain *d = oomkit_domains_find(set, name);
	size_t i;

	if (!d)
		fail_msg("domain %s not found", name);
	assert_string_equal(oomkit_domain_name(d), name);
	assert_int_equal(oomkit_domain_kind(d), kind);
	if (oomkit_domain_totalpages(d) != tp)
		fail_msg("%s: totalpages %llu, want %llu", name, oomkit_domain_totalpages(d), tp);
	assert_int_equal(oomkit_domain_members(d), members);
	assert_int_equal(oomkit_domain_ranked(d), n);
	for (i = 0; i < n; i++) {
		long long pts = 0;
		const struct oomkit_proc *p = oomkit_domain_rank(d, i, &pts);

		assert_non_null(p);
		if (pget(p, OOMKIT_PROC_PID) != rank[i].pid || pts != rank[i].points)
			fail_msg("%s rank %zu: pid %lld with %lld, want pid %d with %lld", name, i,
				 pget(p, OOMKIT_PROC_PID), pts, (int)rank[i].pid, rank[i].points);
	}
	assert_null(oomkit_domain_rank(d, n, NULL));
	if (kind == OOMKIT_DOMAIN_GLOBAL)
		assert_null(oomkit_domain_memcg(d));
	else
		assert_non_null(oomkit_domain_memcg(d));
}

static void test_domains(void **state)
{
	static const struct rank_want global[] = {
		{ PID_C, 584350 }, { PID_B, 160400 }, { PID_F, 52930 },    { PID_E, 10050 },
		{ PID_G, 2005 },   { PID_H, 1030 },   { PID_A, -2280000 },
	};
	static const struct rank_want app[] = {
		{ PID_B, 160400 },
		{ PID_C, 125650 },
		{ PID_A, 13500 },
	};
	static const struct rank_want batch[] = { { PID_C, 86350 } };
	static const struct rank_want limited[] = {
		{ PID_F, 11250 },
		{ PID_E, 10050 },
	};
	struct oomkit_ctx *ctx = fixture_ctx();
	struct oomkit_proc_table *tab = NULL;
	struct oomkit_sysmem *mem = NULL;
	struct oomkit_domains *set = NULL;
	const struct oomkit_domain *d;
	long long pts;
	size_t i;
	int n;

	(void)state;
	assert_int_equal(oomkit_proc_table_read(ctx, 0, &tab), 9);
	assert_int_equal(oomkit_sysmem_read(ctx, &mem), 0);
	n = oomkit_domains_build(ctx, tab, mem, 0, &set);
	/* global, /app, /app/batch, /limited; not /swaponly, /app/web, / */
	assert_int_equal(n, 4);
	assert_int_equal(oomkit_domains_count(set), 4);
	d = oomkit_domains_get(set, 0);
	assert_non_null(d);
	assert_string_equal(oomkit_domain_name(d), "global");
	assert_null(oomkit_domains_get(set, 4));
	for (i = 1; i < 4; i++) {
		const char *name = oomkit_domain_name(oomkit_domains_get(set, i));

		assert_true(strcmp(name, "/app") == 0 || strcmp(name, "/app/batch") == 0 ||
			    strcmp(name, "/limited") == 0);
	}
	assert_null(oomkit_domains_find(set, "/swaponly"));
	assert_null(oomkit_domains_find(set, "/app/web"));

	/* 9 members: init and the zombie are members but not ranked */
	check_domain(set, "global", OOMKIT_DOMAIN_GLOBAL, GLOBAL_TP, 9, global, 7);
	/* A, the zombie (in /app), B (in /app/web), C (in /app/batch) */
	check_domain(set, "/app", OOMKIT_DOMAIN_MEMCG, 655360, 4, app, 3);
	check_domain(set, "/app/batch", OOMKIT_DOMAIN_MEMCG, 262144, 1, batch, 1);
	check_domain(set, "/limited", OOMKIT_DOMAIN_MEMCG, 1074176, 2, limited, 2);

	d = oomkit_domains_find(set, "/app");
	assert_int_equal(oomkit_domain_badness_of(d, PID_ZOMBIE, &pts), OOMKIT_INELIGIBLE_NO_MM);
	assert_int_equal(oomkit_domain_badness_of(d, PID_E, &pts), -ENOENT);
	assert_int_equal(oomkit_domain_badness_of(d, PID_C, &pts), 0);
	assert_int_equal(pts, 125650);
	assert_int_equal(dget(d, OOMKIT_DOMAIN_LIMIT_KB), 2097152);
	assert_int_equal(dget(d, OOMKIT_DOMAIN_USAGE_KB), 2040000);
	assert_int_equal(dget(d, OOMKIT_DOMAIN_OOM_KILLS), 1);
	d = oomkit_domains_find(set, "/limited");
	assert_int_equal(dget(d, OOMKIT_DOMAIN_OOM_KILLS), 3);
	assert_int_equal(dget(d, OOMKIT_DOMAIN_LIMIT_KB), 102400);
	d = oomkit_domains_find(set, "global");
	assert_int_equal(oomkit_domain_badness_of(d, PID_INIT, &pts), OOMKIT_INELIGIBLE_INIT);
	assert_int_equal(dget(d, OOMKIT_DOMAIN_LIMIT_KB), 16777216 + 4194304);
	/* vmstat oom_kill (7) counts every kill on the host, memcg kills
	 * included: the host domain has no count of its own */
	assert_int_equal(oomkit_domain_get(d, OOMKIT_DOMAIN_OOM_KILLS, NULL), -ENODATA);
	assert_int_equal(oomkit_domain_get(d, OOMKIT_DOMAIN_OOMS, NULL), -ENODATA);
	assert_int_equal(dget(oomkit_domains_find(set, "/limited"), OOMKIT_DOMAIN_OOMS), 3);
	assert_int_equal(dget(oomkit_domains_find(set, "/app"), OOMKIT_DOMAIN_OOMS), 2);

	/* memory.oom.group: /app has it. The host's victim C sits in
	 * /app/batch, so all of /app dies with it: A, B and C, not the zombie
	 * (no mm) and nothing outside /app */
	assert_string_equal(oomkit_domain_oom_group(d), "/app");
	assert_int_equal(oomkit_domain_group_count(d), 3);
	for (i = 0; i < 3; i++) {
		pid_t gp = oomkit_proc_pid(oomkit_domain_group_get(d, i));

		assert_true(gp == PID_A || gp == PID_B || gp == PID_C);
	}
	assert_null(oomkit_domain_group_get(d, 3));
	/* /app's own OOM: the group is /app itself (the domain is included) */
	assert_string_equal(oomkit_domain_oom_group(oomkit_domains_find(set, "/app")), "/app");
	/* /app/batch's OOM stops at /app/batch, which has no oom.group */
	assert_null(oomkit_domain_oom_group(oomkit_domains_find(set, "/app/batch")));
	assert_int_equal(oomkit_domain_group_count(oomkit_domains_find(set, "/app/batch")), 0);
	assert_null(oomkit_domain_oom_group(oomkit_domains_find(set, "/limited")));
	assert_non_null(oomkit_domains_memcgs(set));

	oomkit_domains_free(set);
	oomkit_sysmem_free(mem);
	oomkit_proc_table_free(tab);
	oomkit_ctx_free(ctx);
}

/* The memcg snapshot: the listing's pre-order, each memcg read once. */
static void test_memcg_tree(void **state)
{
	struct oomkit_ctx *ctx = fixture_ctx();
	struct oomkit_memcg_tree *tree = NULL;
	char **paths = NULL;
	long long v;
	size_t i;
	int n;

	(void)state;
	n = oomkit_memcg_list(ctx, &paths);
	assert_int_equal(oomkit_memcg_tree_read(ctx, &tree), n);
	assert_int_equal(oomkit_memcg_tree_count(tree), (size_t)n);
	for (i = 0; i < (size_t)n; i++)
		assert_string_equal(oomkit_memcg_path(oomkit_memcg_tree_get(tree, i)), paths[i]);
	assert_null(oomkit_memcg_tree_get(tree, (size_t)n));
	for (i = 0; i < (size_t)n; i++) {
		const struct oomkit_memcg *cg = oomkit_memcg_tree_get(tree, i);

		if (strcmp(oomkit_memcg_path(cg), "/app") != 0)
			continue;
		assert_int_equal(oomkit_memcg_get(cg, OOMKIT_MEMCG_LIMIT, &v), 0);
		assert_int_equal(v, 2147483648LL);
		assert_int_equal(oomkit_memcg_get(cg, OOMKIT_MEMCG_EV_OOM_KILL, &v), 0);
		assert_int_equal(v, 1);
	}
	oomkit_strv_free(paths);
	oomkit_memcg_tree_free(tree);
	assert_int_equal(oomkit_memcg_tree_count(NULL), 0);
	oomkit_ctx_free(ctx);
}

/*
 * Start times read after the table (for ties): through a pinned pid
 * directory, and on a live procfs kept only for a process that started
 * before its record was read. On the fixture (static files: no pid reuse
 * to fear) and on the live /proc (pid 1, which started long before this
 * test, and as if it had started after its record was read).
 */
static void test_start_read_later(void **state)
{
	struct oomkit_ctx *ctx = fixture_ctx(), *live = NULL;
	struct oomkit_proc_table *tab = NULL;
	struct oomkit_proc *p = NULL, copy;
	unsigned long long t = 0, t2 = 0;
	char buf[2048];
	FILE *f;

	(void)state;
	assert_int_equal(oomkit_proc_table_read(ctx, 0, &tab), 9);
	copy = *oomkit_proc_table_find(tab, PID_E);
	assert_int_equal(copy.start_read, 0);
	assert_int_equal(oomkit_proc_start(ctx, &copy, &t), 0);
	assert_int_equal(t, 2000);
	copy.read_tick = 2000; /* no clock check on a fixture */
	assert_int_equal(oomkit_proc_start(ctx, &copy, &t), 0);
	assert_int_equal(t, 2000);
	copy.read_tick = 0; /* not read from procfs */
	assert_int_equal(oomkit_proc_start(ctx, &copy, &t), -ENODATA);
	copy.num[OOMKIT_PROC_START_TICKS] = 77;
	copy.start_read = 1; /* read with the table: no I/O */
	assert_int_equal(oomkit_proc_start(NULL, &copy, &t), 0);
	assert_int_equal(t, 77);
	copy = *oomkit_proc_table_find(tab, PID_E);
	copy.num[OOMKIT_PROC_PID] = 4242; /* gone */
	assert_int_equal(oomkit_proc_start(ctx, &copy, &t), -ESRCH);
	assert_int_equal(oomkit_proc_start(ctx, NULL, &t), -EINVAL);
	assert_int_equal(oomkit_proc_start(ctx, &copy, NULL), -EINVAL);
	oomkit_proc_table_free(tab);

	assert_int_equal(oomkit_ctx_new(&live), 0);
	if (oomkit_proc_read(live, 1, 0, &p) == 0) {
		f = fopen("/proc/1/stat", "r");
		assert_non_null(f);
		assert_non_null(fgets(buf, sizeof(buf), f));
		fclose(f);
		assert_int_equal(oomkit__parse_stat_start(buf, &t2), 0);
		assert_int_equal(oomkit_proc_start(live, p, &t), 0);
		assert_int_equal(t, t2);
		p->read_tick = t2; /* as if a newer process now had the pid */
		assert_int_equal(oomkit_proc_start(live, p, &t), -ESRCH);
		oomkit_proc_free(p);
	}
	oomkit_ctx_free(live);
	oomkit_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcg_items_app),
		cmocka_unit_test(test_memcg_items_others),
		cmocka_unit_test(test_long_proc_root),
		cmocka_unit_test(test_parse_cgroup_file),
		cmocka_unit_test(test_pid_path_and_list),
		cmocka_unit_test(test_sysmem),
		cmocka_unit_test(test_proc_table),
		cmocka_unit_test(test_proc_table_some_scores),
		cmocka_unit_test(test_badness_and_oom_score),
		cmocka_unit_test(test_domains),
		cmocka_unit_test(test_memcg_tree),
		cmocka_unit_test(test_start_read_later),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
