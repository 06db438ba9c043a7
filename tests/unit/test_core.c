/*
 * test_core.c - pure logic of the core: the kernel's badness and oom_score
 * arithmetic (checked against the worked examples of docs/kernel.md §11, whose
 * numbers come from the kernel and a live 6.18 OOM), and the parsers for
 * status, stat and cgroup files with hostile input.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "oomkit/oomkit.h"
#include "memcg-private.h"
#include "proc-private.h"

/* docs/kernel.md §11.1: host 16 GiB RAM + 4 GiB swap; memcg 2 GiB + 512 MiB swap. */
#define G_TOTAL 5242880ULL
#define M_TOTAL 655360ULL

static long long task(long long rss, long long swap, long long pte_kb, int adj,
		      unsigned long long tp)
{
	return oomkit_badness(rss, swap, pte_kb * 1024, 4096, adj, tp);
}

static void test_badness_paper_example(void **state)
{
	(void)state;
	/* memcg OOM: adj unit is 655 pages */
	assert_int_equal(task(300000, 40000, 4000, -500, M_TOTAL), 13500);
	assert_int_equal(task(150000, 10000, 1600, 0, M_TOTAL), 160400);
	assert_int_equal(task(60000, 0, 600, 100, M_TOTAL), 125650);
	/* global OOM: adj unit is 5242 pages; A goes negative (5.9+) */
	assert_int_equal(task(300000, 40000, 4000, -500, G_TOTAL), -2280000);
	assert_int_equal(task(150000, 10000, 1600, 0, G_TOTAL), 160400);
	assert_int_equal(task(60000, 0, 600, 100, G_TOTAL), 584350);
	/* the oom_score readings on 5.9+ */
	assert_int_equal(oomkit_oom_score(-2280000, 1, G_TOTAL, OOMKIT_KVER(6, 18, 0)), 377);
	assert_int_equal(oomkit_oom_score(160400, 1, G_TOTAL, OOMKIT_KVER(6, 18, 0)), 686);
	assert_int_equal(oomkit_oom_score(584350, 1, G_TOTAL, OOMKIT_KVER(6, 18, 0)), 740);
}

static void test_badness_live_example(void **state)
{
	(void)state;
	/* docs/kernel.md §11.2: 64 MiB v1 memcg, no swap: totalpages 16384, unit 16 (not 16.384) */
	assert_int_equal(oomkit_badness(605, 0, 53248, 4096, 1000, 16384), 16618);
	assert_int_equal(oomkit_badness(6521, 0, 94208, 4096, 0, 16384), 6544);
	assert_int_equal(oomkit_badness(10203, 0, 131072, 4096, 0, 16384), 10235);
	/* oom_score (docs/kernel.md §3), live values, totalpages 6,171,023 */
	assert_int_equal(oomkit_oom_score(300, 1, 6171023, 0), 666);
	assert_int_equal(oomkit_oom_score(6586, 1, 6171023, 0), 667);
	assert_int_equal(oomkit_oom_score(6171LL * 1000 + 643, 1, 6171023, 0), 1333);
	assert_int_equal(oomkit_oom_score(123, 0, 6171023, 0), 0);
}

static void test_oom_score_truncation(void **state)
{
	(void)state;
	/* C division truncates toward zero for negatives too */
	assert_int_equal(oomkit_oom_score(-1, 1, 1000, 0), 666);     /* 999*2/3 */
	assert_int_equal(oomkit_oom_score(-999, 1, 1000, 0), 0);     /* 1*2/3 */
	assert_int_equal(oomkit_oom_score(-1500, 1, 1000, 0), -333); /* (1000-1500)*2/3 */
	/* 3.5 .. 5.8: at least 1 point, then permille */
	assert_int_equal(oomkit_oom_score(-5000, 1, 1000, OOMKIT_KVER(5, 4, 0)), 1000 / 1000);
	assert_int_equal(oomkit_oom_score(300, 1, 6171023, OOMKIT_KVER(5, 8, 0)), 0);
}

/* A process record with an mm: sizes in pages of 4 KiB, as the kernel counts. */
static struct oomkit_proc record(int pid, long long anon, long long file, long long shmem,
				 long long swap, long long pte_kb, int adj)
{
	struct oomkit_proc p;

	memset(&p, 0, sizeof(p));
	p.num[OOMKIT_PROC_PID] = pid;
	p.num[OOMKIT_PROC_HAS_MM] = 1;
	p.num[OOMKIT_PROC_RSS_ANON_KB] = anon * 4;
	p.num[OOMKIT_PROC_RSS_FILE_KB] = file * 4;
	p.num[OOMKIT_PROC_RSS_SHMEM_KB] = shmem * 4;
	p.num[OOMKIT_PROC_SWAP_KB] = swap * 4;
	p.num[OOMKIT_PROC_PTE_KB] = pte_kb;
	p.num[OOMKIT_PROC_OOM_SCORE_ADJ] = adj;
	p.known = ~0u;
	return p;
}

/* oomkit_proc_mm_rss_kb() of a record whose value is known. */
static long long mm_rss(const struct oomkit_proc *p)
{
	long long kb = -1;

	assert_int_equal(oomkit_proc_mm_rss_kb(p, &kb), 0);
	return kb;
}

static void test_mm_rss(void **state)
{
	struct oomkit_proc p = record(4242, 40000, 15000, 5000, 0, 600, 100);
	long long v = -5;

	(void)state;
	/* get_mm_rss(): MM_ANONPAGES + MM_FILEPAGES + MM_SHMEMPAGES */
	assert_int_equal(mm_rss(&p), 60000 * 4);
	/* VmRSS is not what oom_badness() reads */
	p.num[OOMKIT_PROC_RSS_KB] = 1;
	assert_int_equal(mm_rss(&p), 60000 * 4);
	/* ... unless status has no split (before 4.5): then it is the same sum */
	p.known &= ~(1u << OOMKIT_PROC_RSS_FILE_KB);
	assert_int_equal(mm_rss(&p), 1);
	p.known &= ~(1u << OOMKIT_PROC_RSS_KB);
	assert_int_equal(oomkit_proc_mm_rss_kb(&p, &v), -ENODATA);
	assert_int_equal(v, -5);
	p = record(4242, 0, 0, 7, 0, 0, 0); /* shared memory counts as resident */
	assert_int_equal(mm_rss(&p), 28);
	assert_int_equal(oomkit_proc_mm_rss_kb(NULL, &v), -EINVAL);
}

static void test_proc_oom_score(void **state)
{
	/* docs/kernel.md §11.1 task C, its rss split over the three counters */
	struct oomkit_proc c = record(4242, 40000, 15000, 5000, 0, 600, 100);
	struct oomkit_proc a = record(4243, 300000, 0, 0, 40000, 4000, -500);
	struct oomkit_proc q;

	(void)state;
	/* 5.9+: (1000 + badness * 1000 / totalpages) * 2 / 3 on the host's totalpages */
	assert_int_equal(oomkit_proc_oom_score(&c, 4096, G_TOTAL, OOMKIT_KVER(6, 18, 0)), 740);
	assert_int_equal(oomkit_proc_oom_score(&a, 4096, G_TOTAL, OOMKIT_KVER(6, 18, 0)), 377);
	assert_int_equal(oomkit_proc_oom_score(&c, 4096, G_TOTAL, 0), 740);
	/* 3.5 .. 5.8: badness (at least 1) * 1000 / totalpages */
	assert_int_equal(oomkit_proc_oom_score(&c, 4096, G_TOTAL, OOMKIT_KVER(5, 8, 0)), 111);
	assert_int_equal(oomkit_proc_oom_score(&a, 4096, G_TOTAL, OOMKIT_KVER(5, 8, 0)), 0);
	/* what oom_badness() rejects reads 0, however big: init, kthread, no mm, -1000 */
	q = c;
	q.num[OOMKIT_PROC_PID] = 1;
	assert_int_equal(oomkit_proc_oom_score(&q, 4096, G_TOTAL, OOMKIT_KVER(6, 18, 0)), 0);
	q = c;
	q.num[OOMKIT_PROC_KTHREAD] = 1;
	assert_int_equal(oomkit_proc_oom_score(&q, 4096, G_TOTAL, OOMKIT_KVER(6, 18, 0)), 0);
	q = c;
	q.num[OOMKIT_PROC_HAS_MM] = 0;
	assert_int_equal(oomkit_proc_oom_score(&q, 4096, G_TOTAL, OOMKIT_KVER(6, 18, 0)), 0);
	q = c;
	q.num[OOMKIT_PROC_OOM_SCORE_ADJ] = -1000;
	assert_int_equal(oomkit_proc_oom_score(&q, 4096, G_TOTAL, OOMKIT_KVER(6, 18, 0)), 0);
	assert_int_equal(oomkit_proc_oom_score(&q, 4096, G_TOTAL, OOMKIT_KVER(5, 8, 0)), 0);
	/* -999 is still eligible: scored, not 0 by rule */
	q.num[OOMKIT_PROC_OOM_SCORE_ADJ] = -999;
	/* 60150 - 999 * 5242 = -5176608: (1000 - 987) * 2 / 3 */
	assert_int_equal(oomkit_proc_oom_score(&q, 4096, G_TOTAL, OOMKIT_KVER(6, 18, 0)), 8);
	assert_int_equal(oomkit_proc_oom_score(NULL, 4096, G_TOTAL, 0), 0);
}

static void test_status_hostile_name(void **state)
{
	static const char status[] =
		"Name:\ta b)\\nc\\\\d\xff\n"
		"Umask:\t0022\nState:\tS (sleeping)\nTgid:\t4242\nNgid:\t0\n"
		"Pid:\t4242\nPPid:\t1\nUid:\t1000\t1001\t1000\t1000\n"
		"VmSize:\t  10000 kB\nVmRSS:\t    5000 kB\nRssAnon:\t    3000 kB\n"
		"RssFile:\t    1996 kB\nRssShmem:\t       4 kB\nVmPTE:\t      92 kB\n"
		"VmSwap:\t     128 kB\nThreads:\t3\n";
	struct oomkit_proc p;
	long long pts;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(oomkit__parse_status(status, &p), 0);
	assert_string_equal(p.comm, "a b)\nc\\d\xff");
	assert_int_equal(p.num[OOMKIT_PROC_PID], 4242);
	assert_int_equal(p.num[OOMKIT_PROC_UID], 1000);
	assert_int_equal(p.num[OOMKIT_PROC_EUID], 1001);
	assert_int_equal(p.num[OOMKIT_PROC_STATE], 'S');
	assert_int_equal(p.num[OOMKIT_PROC_THREADS], 3);
	assert_int_equal(p.num[OOMKIT_PROC_HAS_MM], 1);
	/* rss (3000+1996+4)/4 = 1250, swap 32, pte 92 kB = 23 pages */
	assert_int_equal(oomkit_proc_badness(&p, 4096, 16384, &pts), OOMKIT_ELIGIBLE);
	assert_int_equal(pts, 1250 + 32 + 23);
	p.num[OOMKIT_PROC_OOM_SCORE_ADJ] = -1000;
	assert_int_equal(oomkit_proc_badness(&p, 4096, 16384, &pts), OOMKIT_INELIGIBLE_ADJ_MIN);
}

static void test_status_zombie_and_garbage(void **state)
{
	struct oomkit_proc p;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(oomkit__parse_status(
				 "Name:\tdefunct\nState:\tZ (zombie)\nTgid:\t77\nPPid:\t1\n", &p),
			 0);
	assert_int_equal(p.num[OOMKIT_PROC_HAS_MM], 0);
	assert_int_equal(oomkit_proc_badness(&p, 4096, 16384, NULL), OOMKIT_INELIGIBLE_NO_MM);
	memset(&p, 0, sizeof(p));
	assert_int_equal(oomkit__parse_status("garbage\n\n\x01\x02:::\n", &p), -OOMKIT_EPARSE);
	assert_int_equal(oomkit__parse_status("", &p), -OOMKIT_EPARSE);
}

/*
 * Impossible sizes (a fixture root, a corrupt file): no kernel prints a
 * negative size or one past 2^50 kB; they read as unknown, and the
 * badness arithmetic, public API, saturates instead of overflowing.
 */
static void test_status_impossible_sizes(void **state)
{
	struct oomkit_proc p;
	long long pts = 0;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(oomkit__parse_status("Name:\tx\nTgid:\t-5\nPPid:\t99999999999\n"
					      "VmRSS:\t-9223372036854775808 kB\n"
					      "RssAnon:\t9223372036854775807 kB\n"
					      "RssFile:\t9223372036854775807 kB\n"
					      "RssShmem:\t1125899906842625 kB\n"
					      "VmSwap:\t-1 kB\nVmPTE:\t9223372036854775807 kB\n",
					      &p),
			 0);
	assert_int_equal(p.num[OOMKIT_PROC_PID], 0);
	assert_int_equal(p.num[OOMKIT_PROC_PPID], 0);
	assert_int_equal(p.num[OOMKIT_PROC_RSS_ANON_KB], 0);
	assert_int_equal(p.num[OOMKIT_PROC_RSS_FILE_KB], 0);
	assert_int_equal(p.num[OOMKIT_PROC_RSS_SHMEM_KB], 0);
	assert_int_equal(p.num[OOMKIT_PROC_SWAP_KB], 0);
	assert_int_equal(p.num[OOMKIT_PROC_PTE_KB], 0);
	assert_int_equal(oomkit_proc_badness(&p, 4096, 16384, &pts), OOMKIT_ELIGIBLE);
	assert_int_equal(pts, 0);
	/* the largest size accepted still computes exactly */
	memset(&p, 0, sizeof(p));
	assert_int_equal(oomkit__parse_status("Name:\tx\nTgid:\t5\nVmRSS:\t1 kB\n"
					      "RssAnon:\t1125899906842624 kB\n",
					      &p),
			 0);
	assert_int_equal(p.num[OOMKIT_PROC_RSS_ANON_KB], 1LL << 50);
	assert_int_equal(oomkit_proc_badness(&p, 4096, 16384, &pts), OOMKIT_ELIGIBLE);
	assert_int_equal(pts, (1LL << 50) / 4);

	assert_true(oomkit_badness(LLONG_MAX, LLONG_MAX, LLONG_MAX, 4096, 1000, ULLONG_MAX) ==
		    LLONG_MAX);
	assert_true(oomkit_badness(LLONG_MIN, -1, 0, 4096, -1000, ULLONG_MAX) == LLONG_MIN);
	assert_true(oomkit_badness(1, 0, 0, 4096, 1000, ULLONG_MAX) == LLONG_MAX);
	assert_true(oomkit_badness(5, 0, 0, 0, 0, 0) == 5);
	assert_true(oomkit_oom_score(LLONG_MAX, 1, 1, 0) > 0);
	assert_true(oomkit_oom_score(LLONG_MIN, 1, 1, 0) < 0);
	assert_true(oomkit_oom_score(LLONG_MAX, 1, 1, OOMKIT_KVER(5, 4, 0)) == LLONG_MAX);
}

static void test_stat_start(void **state)
{
	unsigned long long t = 0;
	/* comm holds ") (" and spaces: fields resume after the last ')' */
	static const char stat[] = "4242 (x) (y z) S 1 4242 4242 0 -1 4194560 "
				   "100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 200";

	(void)state;
	assert_int_equal(oomkit__parse_stat_start(stat, &t), 0);
	assert_int_equal(t, 987654);
	assert_int_equal(oomkit__parse_stat_start("no paren", &t), -OOMKIT_EPARSE);
	assert_int_equal(oomkit__parse_stat_start("1 (a) S 1 2", &t), -OOMKIT_EPARSE);
}

static void test_cgroup_file(void **state)
{
	static const char hybrid[] = "12:pids:/user.slice\n"
				     "5:cpu,memory,cpuacct:/kube:pod/with:colons\n"
				     "1:name=systemd:/user.slice/session-1.scope\n"
				     "0::/user.slice/session-1.scope\n";
	char buf[256];

	(void)state;
	assert_int_equal(
		oomkit__memcg_parse_cgroup_file(hybrid, OOMKIT_CGROUP_V1, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/kube:pod/with:colons");
	assert_int_equal(
		oomkit__memcg_parse_cgroup_file(hybrid, OOMKIT_CGROUP_V2, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/user.slice/session-1.scope");
	/* "memoryx" is not "memory" */
	assert_int_equal(oomkit__memcg_parse_cgroup_file("3:memoryx:/a\n", OOMKIT_CGROUP_V1, buf,
							 sizeof(buf)),
			 -ENOENT);
	assert_int_equal(oomkit__memcg_parse_cgroup_file("0::/x\n", OOMKIT_CGROUP_V1, buf,
							 sizeof(buf)),
			 -ENOENT);
	assert_int_equal(oomkit__memcg_parse_cgroup_file("4:memory:/a/long/path\n",
							 OOMKIT_CGROUP_V1, buf, 4),
			 -ERANGE);
}

/* oomkit_memcg_path_from_user() on a v1 mount, and its norm */
static void expect_user_path(struct oomkit_ctx *ctx, const char *name, int rc, const char *want)
{
	char *p = (char *)"unset";

	assert_int_equal(oomkit_memcg_path_from_user(ctx, name, &p), rc);
	if (rc == 0) {
		assert_string_equal(p, want);
		free(p);
	} else {
		assert_null(p);
	}
}

/*
 * A memcg is named by its path from the hierarchy root, as the kernel
 * prints it; a directory of the mounted hierarchy names the same memcg,
 * and the mount point itself is the root memcg "/". Whole components
 * only: a sibling of the mount point whose name starts the same is not
 * below it.
 */
static void test_memcg_path_from_user(void **state)
{
	struct oomkit_ctx *ctx = NULL;

	(void)state;
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	assert_int_equal(oomkit_ctx_set_memcg_root(ctx, OOMKIT_CGROUP_V1, "/sys/fs/cgroup/memory"),
			 0);
	expect_user_path(ctx, "/", 0, "/");
	expect_user_path(ctx, "/system.slice/x.service", 0, "/system.slice/x.service");
	expect_user_path(ctx, "/system.slice//", 0, "/system.slice");
	expect_user_path(ctx, "//", 0, "/");
	expect_user_path(ctx, "/sys/fs/cgroup/memory", 0, "/");
	expect_user_path(ctx, "/sys/fs/cgroup/memory/", 0, "/");
	expect_user_path(ctx, "/sys/fs/cgroup/memory/kres", 0, "/kres");
	/* not below the mount: "/sys/fs/cgroup/memoryx" is a memcg path */
	expect_user_path(ctx, "/sys/fs/cgroup/memoryx", 0, "/sys/fs/cgroup/memoryx");
	/* ".." could leave the hierarchy; "..." and "a.." are names */
	expect_user_path(ctx, "/..", -EPERM, NULL);
	expect_user_path(ctx, "/a/../b", -EPERM, NULL);
	expect_user_path(ctx, "/a/..", -EPERM, NULL);
	expect_user_path(ctx, "/a/../", -EPERM, NULL);
	expect_user_path(ctx, "/sys/fs/cgroup/memory/..", -EPERM, NULL);
	expect_user_path(ctx, "/a/...", 0, "/a/...");
	expect_user_path(ctx, "/a..", 0, "/a..");
	/* relative, empty */
	expect_user_path(ctx, "kres", -EINVAL, NULL);
	expect_user_path(ctx, "", -EINVAL, NULL);
	expect_user_path(ctx, NULL, -EINVAL, NULL);
	/* the same rule on a v2 mount */
	assert_int_equal(oomkit_ctx_set_memcg_root(ctx, OOMKIT_CGROUP_V2, "/sys/fs/cgroup"), 0);
	expect_user_path(ctx, "/sys/fs/cgroup", 0, "/");
	expect_user_path(ctx, "/sys/fs/cgroup/user.slice", 0, "/user.slice");
	expect_user_path(ctx, "/user.slice", 0, "/user.slice");
	oomkit_ctx_free(ctx);
}

/* What --memcg selects: the memcg and everything below; "/" every known one. */
static void test_memcg_path_within_selection(void **state)
{
	(void)state;
	assert_true(oomkit_memcg_path_within("/user.slice", "/"));
	assert_true(oomkit_memcg_path_within("/", "/"));
	assert_false(oomkit_memcg_path_within("", "/")); /* unknown memcg */
	assert_false(oomkit_memcg_path_within("", "/user.slice"));
	assert_true(oomkit_memcg_path_within("/user.slice/a", "/user.slice"));
	assert_false(oomkit_memcg_path_within("/user.slicex", "/user.slice"));
}

static void e_check(const char *in, const char *want)
{
	char *e = oomkit_escape(in);

	assert_string_equal(e, want);
	free(e);
}

static void test_escape(void **state)
{
	char *e;

	(void)state;
	e = oomkit_escape("a b)\nc\t\\\xff\x1b[31m");
	assert_string_equal(e, "a b)\\nc\\t\\\\\\xff\\x1b[31m");
	free(e);
	e = oomkit_escape("caf\xc3\xa9 \xe2\x82\xac"); /* valid UTF-8 stays */
	assert_string_equal(e, "caf\xc3\xa9 \xe2\x82\xac");
	free(e);
	e = oomkit_escape("\xc2\x9b"
			  "x\xc0\xaf"); /* C1 CSI, overlong '/' */
	assert_string_equal(e, "\\xc2\\x9bx\\xc0\\xaf");
	free(e);
}

/* @cp as UTF-8 into @out (at least 5 bytes) */
static void utf8(unsigned long cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		*o++ = (unsigned char)cp;
	} else if (cp < 0x800) {
		*o++ = (unsigned char)(0xc0 | (cp >> 6));
		*o++ = (unsigned char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*o++ = (unsigned char)(0xe0 | (cp >> 12));
		*o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (unsigned char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (unsigned char)(0xf0 | (cp >> 18));
		*o++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		*o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (unsigned char)(0x80 | (cp & 0x3f));
	}
	*o = '\0';
}

/*
 * Unicode format characters (Cf, Unicode 15.1) and the line and paragraph
 * separators are escaped byte by byte like control bytes; their
 * neighbours, at each end of each range, are kept.
 */
static void test_escape_format_chars(void **state)
{
	static const struct {
		unsigned long cp;
		int escaped;
	} t[] = {
		{ 0x00ac, 0 },  { 0x00ad, 1 },  { 0x00ae, 0 }, /* soft hyphen */
		{ 0x05ff, 0 },  { 0x0600, 1 },  { 0x0605, 1 },   { 0x0606, 0 },
		{ 0x061b, 0 },  { 0x061c, 1 },  { 0x061d, 0 }, /* Arabic letter mark */
		{ 0x06dc, 0 },  { 0x06dd, 1 },  { 0x06de, 0 },   { 0x070e, 0 },
		{ 0x070f, 1 },  { 0x0710, 0 },  { 0x088f, 0 },   { 0x0890, 1 },
		{ 0x0891, 1 },  { 0x0892, 0 },  { 0x08e1, 0 },   { 0x08e2, 1 },
		{ 0x08e3, 0 },  { 0x180d, 0 },  { 0x180e, 1 },   { 0x180f, 0 },
		{ 0x200a, 0 },  { 0x200b, 1 },  { 0x200d, 1 },   { 0x200f, 1 }, /* ZWSP..RLM */
		{ 0x2010, 0 },  { 0x2027, 0 },  { 0x2028, 1 },   { 0x2029, 1 }, /* LS, PS */
		{ 0x202a, 1 },  { 0x202e, 1 },  { 0x202f, 0 },                  /* LRE..RLO */
		{ 0x205f, 0 },  { 0x2060, 1 },  { 0x2064, 1 },   { 0x2065, 0 },
		{ 0x2066, 1 },  { 0x2069, 1 },  { 0x206f, 1 },   { 0x2070, 0 }, /* LRI..PDI */
		{ 0xfefe, 0 },  { 0xfeff, 1 },  { 0xff00, 0 },   { 0xfff8, 0 }, /* BOM */
		{ 0xfff9, 1 },  { 0xfffb, 1 },  { 0xfffc, 0 },   { 0x110bc, 0 },
		{ 0x110bd, 1 }, { 0x110be, 0 }, { 0x110cc, 0 },  { 0x110cd, 1 },
		{ 0x110ce, 0 }, { 0x1342f, 0 }, { 0x13430, 1 },  { 0x13438, 1 },
		{ 0x13439, 1 }, { 0x1343f, 1 }, { 0x13440, 0 },  { 0x1bc9f, 0 },
		{ 0x1bca0, 1 }, { 0x1bca3, 1 }, { 0x1bca4, 0 },  { 0x1d172, 0 },
		{ 0x1d173, 1 }, { 0x1d17a, 1 }, { 0x1d17b, 0 },  { 0xe0000, 0 },
		{ 0xe0001, 1 }, { 0xe0002, 0 }, { 0xe001f, 0 },  { 0xe0020, 1 }, /* tags */
		{ 0xe007f, 1 }, { 0xe0080, 0 }, { 0x00a0, 0 },   { 0x00e9, 0 },
		{ 0x20ac, 0 },  { 0x1f600, 0 }, { 0x10ffff, 0 },
	};
	static const char hex[] = "0123456789abcdef";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char ch[8], in[16], want[32], *w = want, *e;
		const unsigned char *c;

		utf8(t[i].cp, ch);
		snprintf(in, sizeof(in), "a%sb", ch);
		*w++ = 'a';
		for (c = (const unsigned char *)ch; *c; c++) {
			if (!t[i].escaped) {
				*w++ = (char)*c;
				continue;
			}
			*w++ = '\\';
			*w++ = 'x';
			*w++ = hex[*c >> 4];
			*w++ = hex[*c & 0xf];
		}
		*w++ = 'b';
		*w = '\0';
		e = oomkit_escape(in);
		if (strcmp(e, want) != 0)
			fail_msg("U+%04lX: escaped as \"%s\", want \"%s\"", t[i].cp, e, want);
		free(e);
	}
	/* a comm that would reverse the rest of the line, and a hidden joiner */
	e_check("\xe2\x80\xae"
		"evil\xe2\x81\xa6x",
		"\\xe2\\x80\\xae"
		"evil\\xe2\\x81\\xa6x");
	e_check("a\xe2\x80\x8b"
		"b\xef\xbb\xbf",
		"a\\xe2\\x80\\x8b"
		"b\\xef\\xbb\\xbf");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_badness_paper_example),
		cmocka_unit_test(test_badness_live_example),
		cmocka_unit_test(test_oom_score_truncation),
		cmocka_unit_test(test_mm_rss),
		cmocka_unit_test(test_proc_oom_score),
		cmocka_unit_test(test_status_hostile_name),
		cmocka_unit_test(test_status_zombie_and_garbage),
		cmocka_unit_test(test_status_impossible_sizes),
		cmocka_unit_test(test_stat_start),
		cmocka_unit_test(test_cgroup_file),
		cmocka_unit_test(test_memcg_path_from_user),
		cmocka_unit_test(test_memcg_path_within_selection),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_escape_format_chars),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
