/*
 * test_sysmem.c - lib/sysmem.c through include/oomkit/sysmem.h: meminfo,
 * the vm sysctls, vmstat oom_kill, pressure/memory and the global OOM
 * domain's totalpages, on procfs trees this test writes into a mkdtemp(3)
 * directory (removed at the end), then against the running kernel.
 *
 * The expectations are the kernel's, with docs/kernel.md as the reference:
 * totalpages is totalram_pages() + total_swap_pages (§4.1), which
 * /proc/<pid>/oom_score is computed from (§3.1); oom_kill appeared in
 * vmstat in 4.13 and PSI in 4.20, so their absence is normal (§10.4,
 * §10.7); MemAvailable only exists since 3.14.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "oomkit/oomkit.h"
#include "tmptree.h"
#include "getters.h"

#define KB_MAX (1LL << 50) /* the largest size the readers take (OOMKIT__KB_MAX) */

static char root[PATH_MAX];

/* Debian 12, 6.1, 4 KiB pages, 23.5 GiB RAM, no swap (this machine's sizes) */
static const char meminfo_61[] = "MemTotal:       24683652 kB\n"
				 "MemFree:        17712044 kB\n"
				 "MemAvailable:   21953256 kB\n"
				 "Buffers:          305864 kB\n"
				 "Cached:          4097480 kB\n"
				 "SwapCached:            0 kB\n"
				 "Active:          2760212 kB\n"
				 "Inactive:        3280556 kB\n"
				 "Shmem:             91520 kB\n"
				 "KReclaimable:     402560 kB\n"
				 "Slab:             653076 kB\n"
				 "SReclaimable:     402560 kB\n"
				 "SUnreclaim:       250516 kB\n"
				 "KernelStack:       12592 kB\n"
				 "PageTables:        27780 kB\n"
				 "SwapTotal:             0 kB\n"
				 "SwapFree:              0 kB\n"
				 "CommitLimit:    12341824 kB\n"
				 "Committed_AS:    5123456 kB\n"
				 "VmallocTotal:   34359738367 kB\n"
				 "HugePages_Total:       0\n"
				 "Hugepagesize:       2048 kB\n"
				 "DirectMap1G:    20971520 kB\n";

/* RHEL 6 style, 2.6.32: no MemAvailable (3.14+), 4 GiB RAM, 2 GiB swap */
static const char meminfo_2632[] = "MemTotal:        4194304 kB\n"
				   "MemFree:          812340 kB\n"
				   "Buffers:          120000 kB\n"
				   "Cached:          1500000 kB\n"
				   "SwapCached:         1024 kB\n"
				   "Shmem:              4096 kB\n"
				   "Slab:             200000 kB\n"
				   "SReclaimable:     150000 kB\n"
				   "SUnreclaim:        50000 kB\n"
				   "SwapTotal:       2097148 kB\n"
				   "SwapFree:        2000000 kB\n"
				   "CommitLimit:     4194300 kB\n"
				   "Committed_AS:    3000000 kB\n";

static int setup(void **state)
{
	(void)state;
	tt_make(root);
	tt_mkdir(root, "proc");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return tt_teardown(root);
}

static void put(const char *rel, const char *text)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "proc/%s", rel);
	tt_write(root, p, text);
}

static void del(const char *rel)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "proc/%s", rel);
	tt_unlink(root, p);
}

/* Read the fixture procfs; returns the code, *out on success. */
static int read_fixture(struct oomkit_sysmem **out)
{
	struct oomkit_ctx *ctx = NULL;
	char procfs[PATH_MAX];
	int rc;

	assert_true(snprintf(procfs, sizeof(procfs), "%s/proc", root) < (int)sizeof(procfs));
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	assert_int_equal(oomkit_ctx_set_proc_root(ctx, procfs), 0);
	*out = (struct oomkit_sysmem *)&ctx; /* must be overwritten */
	rc = oomkit_sysmem_read(ctx, out);
	if (rc < 0)
		assert_null(*out);
	oomkit_ctx_free(ctx);
	return rc;
}

static struct oomkit_sysmem *read_ok(void)
{
	struct oomkit_sysmem *m = NULL;

	assert_int_equal(read_fixture(&m), 0);
	assert_non_null(m);
	return m;
}

static long long get(const struct oomkit_sysmem *m, enum oomkit_sysmem_item it)
{
	long long v = -12345;

	assert_int_equal(oomkit_sysmem_get(m, it, &v), 0);
	return v;
}

static void absent(const struct oomkit_sysmem *m, enum oomkit_sysmem_item it)
{
	long long v = -12345;

	assert_int_equal(oomkit_sysmem_get(m, it, &v), -ENODATA);
	assert_int_equal(v, -12345);
}

/* ---- meminfo ---- */

static void test_meminfo_61(void **state)
{
	struct oomkit_sysmem *m;
	int i;

	(void)state;
	put("meminfo", meminfo_61);
	m = read_ok();
	assert_int_equal(get(m, OOMKIT_MEM_TOTAL_KB), 24683652);
	assert_int_equal(get(m, OOMKIT_MEM_FREE_KB), 17712044);
	assert_int_equal(get(m, OOMKIT_MEM_AVAILABLE_KB), 21953256);
	assert_int_equal(get(m, OOMKIT_MEM_SWAP_TOTAL_KB), 0);
	assert_int_equal(get(m, OOMKIT_MEM_SWAP_FREE_KB), 0);
	assert_int_equal(get(m, OOMKIT_MEM_SHMEM_KB), 91520);
	assert_int_equal(get(m, OOMKIT_MEM_SUNRECLAIM_KB), 250516);
	assert_int_equal(get(m, OOMKIT_MEM_COMMITTED_AS_KB), 5123456);
	assert_int_equal(get(m, OOMKIT_MEM_COMMIT_LIMIT_KB), 12341824);
	/* only meminfo exists: every other item is unknown, not 0 */
	for (i = OOMKIT_MEM_OVERCOMMIT_MODE; i < OOMKIT_MEM_ITEM_COUNT_; i++)
		absent(m, (enum oomkit_sysmem_item)i);
	/* docs/kernel.md §3.3: this machine's totalpages is 6,170,913 */
	assert_int_equal(oomkit_sysmem_totalpages(m, 4096), 6170913);
	oomkit_sysmem_free(m);
}

static void test_meminfo_without_memavailable(void **state)
{
	struct oomkit_sysmem *m;

	(void)state;
	put("meminfo", meminfo_2632);
	m = read_ok();
	assert_int_equal(get(m, OOMKIT_MEM_TOTAL_KB), 4194304);
	assert_int_equal(get(m, OOMKIT_MEM_FREE_KB), 812340);
	absent(m, OOMKIT_MEM_AVAILABLE_KB);
	assert_int_equal(get(m, OOMKIT_MEM_SWAP_TOTAL_KB), 2097148);
	assert_int_equal(get(m, OOMKIT_MEM_SWAP_FREE_KB), 2000000);
	/* 1,048,576 RAM pages + 524,287 swap pages (the swap header takes one) */
	assert_int_equal(oomkit_sysmem_totalpages(m, 4096), 1048576 + 524287);
	oomkit_sysmem_free(m);

	/* a 2.6.18-era file: no Shmem (2.6.32+), no SUnreclaim (2.6.19+) */
	put("meminfo", "MemTotal:  1024000 kB\nMemFree:  1000 kB\n"
		       "SwapTotal:  0 kB\nSwapFree:  0 kB\n");
	m = read_ok();
	absent(m, OOMKIT_MEM_AVAILABLE_KB);
	absent(m, OOMKIT_MEM_SHMEM_KB);
	absent(m, OOMKIT_MEM_SUNRECLAIM_KB);
	absent(m, OOMKIT_MEM_COMMITTED_AS_KB);
	assert_int_equal(oomkit_sysmem_totalpages(m, 4096), 256000);
	oomkit_sysmem_free(m);
}

static void test_meminfo_required(void **state)
{
	struct oomkit_sysmem *m;

	(void)state;
	/* no meminfo: its errno */
	assert_int_equal(read_fixture(&m), -ENOENT);
	tt_mkdir(root, "proc/meminfo");
	assert_int_equal(read_fixture(&m), -EISDIR);
	tt_remove(root);
	setup(NULL);
	/* no MemTotal: a parse error, whatever else is there */
	put("meminfo", "");
	assert_int_equal(read_fixture(&m), -OOMKIT_EPARSE);
	put("meminfo", "MemFree: 100 kB\nSwapTotal: 5 kB\n");
	assert_int_equal(read_fixture(&m), -OOMKIT_EPARSE);
	put("meminfo", "MemTotal:\nMemFree: 100 kB\n");
	assert_int_equal(read_fixture(&m), -OOMKIT_EPARSE);
	put("meminfo", "MemTotal: kB 100\n");
	assert_int_equal(read_fixture(&m), -OOMKIT_EPARSE);
	/* keys match at the start of a line, colon included */
	put("meminfo", "HugeMemTotal: 5 kB\n MemTotal: 6 kB\nMemTotals: 7 kB\nMemTotal 8 kB\n");
	assert_int_equal(read_fixture(&m), -OOMKIT_EPARSE);
	put("meminfo", "XMemTotal: 5 kB\nMemTotal:\t\t 4096 kB\nSwapCached: 9 kB\n");
	m = read_ok();
	assert_int_equal(get(m, OOMKIT_MEM_TOTAL_KB), 4096);
	absent(m, OOMKIT_MEM_SWAP_TOTAL_KB);
	oomkit_sysmem_free(m);
}

static void test_swap_absent(void **state)
{
	struct oomkit_sysmem *m;

	(void)state;
	/* swapoff / CONFIG_SWAP=n: SwapTotal 0, the domain is RAM alone */
	put("meminfo", "MemTotal: 16777216 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n");
	m = read_ok();
	assert_int_equal(oomkit_sysmem_totalpages(m, 4096), 4194304);
	oomkit_sysmem_free(m);
	/* no SwapTotal line at all: unknown, counted as no swap */
	put("meminfo", "MemTotal: 16777216 kB\n");
	m = read_ok();
	absent(m, OOMKIT_MEM_SWAP_TOTAL_KB);
	absent(m, OOMKIT_MEM_SWAP_FREE_KB);
	assert_int_equal(oomkit_sysmem_totalpages(m, 4096), 4194304);
	oomkit_sysmem_free(m);
}

/* ---- totalpages (docs/kernel.md §4.1) ---- */

static void test_totalpages(void **state)
{
	struct oomkit_sysmem *m;

	(void)state;
	/* docs/kernel.md §11.1: 16 GiB RAM + 4 GiB swap = 5,242,880 pages */
	put("meminfo", "MemTotal: 16777216 kB\nSwapTotal: 4194304 kB\n");
	m = read_ok();
	assert_int_equal(oomkit_sysmem_totalpages(m, 4096), 5242880);
	/* the same memory in 16 KiB and 64 KiB pages (arm64, ppc64) */
	assert_int_equal(oomkit_sysmem_totalpages(m, 16384), 5242880 / 4);
	assert_int_equal(oomkit_sysmem_totalpages(m, 65536), 5242880 / 16);
	/* 2 MiB "pages" still divide exactly */
	assert_int_equal(oomkit_sysmem_totalpages(m, 2097152), 10240);
	/* each term in whole pages, like the kernel's two page counts */
	oomkit_sysmem_free(m);
	put("meminfo", "MemTotal: 16777212 kB\nSwapTotal: 4194300 kB\n");
	m = read_ok();
	assert_int_equal(oomkit_sysmem_totalpages(m, 4096), 4194303 + 1048575);
	assert_int_equal(oomkit_sysmem_totalpages(m, 65536), 262143 + 65535);
	/* a page size no kernel uses gives the neutral 1, never a division by zero */
	assert_int_equal(oomkit_sysmem_totalpages(m, 0), 1);
	assert_int_equal(oomkit_sysmem_totalpages(m, -4096), 1);
	assert_int_equal(oomkit_sysmem_totalpages(m, 512), 1);
	assert_int_equal(oomkit_sysmem_totalpages(NULL, 4096), 1);
	oomkit_sysmem_free(m);
	/* an empty domain is 1, as the kernel's "?: 1" */
	put("meminfo", "MemTotal: 0 kB\nSwapTotal: 0 kB\n");
	m = read_ok();
	assert_int_equal(oomkit_sysmem_totalpages(m, 4096), 1);
	oomkit_sysmem_free(m);
	put("meminfo", "MemTotal: 3 kB\nSwapTotal: 3 kB\n");
	m = read_ok();
	assert_int_equal(oomkit_sysmem_totalpages(m, 4096), 1);
	oomkit_sysmem_free(m);
}

/* ---- impossible sizes (OOMKIT__KB_MAX in lib/util-private.h) ---- */

static void test_impossible_sizes(void **state)
{
	struct oomkit_sysmem *m;

	(void)state;
	/* the largest accepted size is exact, and the sum cannot overflow */
	put("meminfo", "MemTotal: 1125899906842624 kB\nSwapTotal: 1125899906842624 kB\n"
		       "MemFree: 1125899906842624 kB\n");
	m = read_ok();
	assert_int_equal(get(m, OOMKIT_MEM_TOTAL_KB), KB_MAX);
	assert_int_equal(get(m, OOMKIT_MEM_FREE_KB), KB_MAX);
	assert_true(oomkit_sysmem_totalpages(m, 4096) == (unsigned long long)KB_MAX / 2);
	assert_true(oomkit_sysmem_totalpages(m, 1024) == (unsigned long long)KB_MAX * 2);
	oomkit_sysmem_free(m);

	/* one past it, negative, or past long long: unknown */
	put("meminfo", "MemTotal: 8388608 kB\n"
		       "MemFree: 1125899906842625 kB\n"
		       "MemAvailable: -1 kB\n"
		       "SwapTotal: -9223372036854775808 kB\n"
		       "SwapFree: 9223372036854775808 kB\n"
		       "Shmem: 99999999999999999999999999 kB\n"
		       "SUnreclaim: -0 kB\n"
		       "Committed_AS: 9223372036854775807 kB\n"
		       "CommitLimit: +5 kB\n");
	m = read_ok();
	absent(m, OOMKIT_MEM_FREE_KB);
	absent(m, OOMKIT_MEM_AVAILABLE_KB);
	absent(m, OOMKIT_MEM_SWAP_TOTAL_KB);
	absent(m, OOMKIT_MEM_SWAP_FREE_KB);
	absent(m, OOMKIT_MEM_SHMEM_KB);
	absent(m, OOMKIT_MEM_COMMITTED_AS_KB);
	/* a negative SwapTotal adds no swap */
	assert_int_equal(oomkit_sysmem_totalpages(m, 4096), 2097152);
	oomkit_sysmem_free(m);

	/* an impossible MemTotal is no MemTotal */
	put("meminfo", "MemTotal: -4096 kB\nSwapTotal: 4 kB\n");
	assert_int_equal(read_fixture(&m), -OOMKIT_EPARSE);
	put("meminfo", "MemTotal: 1125899906842625 kB\n");
	assert_int_equal(read_fixture(&m), -OOMKIT_EPARSE);
	put("meminfo", "MemTotal: 18446744073709551616 kB\n");
	assert_int_equal(read_fixture(&m), -OOMKIT_EPARSE);
}

/* ---- vm sysctls ---- */

static void test_sysctls(void **state)
{
	struct oomkit_sysmem *m;

	(void)state;
	put("meminfo", meminfo_61);
	put("sys/vm/overcommit_memory", "2\n");
	put("sys/vm/overcommit_ratio", "80\n");
	put("sys/vm/swappiness", "200\n"); /* the maximum since 5.8 */
	put("sys/vm/panic_on_oom", "1\n");
	put("sys/vm/oom_kill_allocating_task", "1"); /* no newline */
	m = read_ok();
	assert_int_equal(get(m, OOMKIT_MEM_OVERCOMMIT_MODE), 2);
	assert_int_equal(get(m, OOMKIT_MEM_OVERCOMMIT_RATIO), 80);
	assert_int_equal(get(m, OOMKIT_MEM_SWAPPINESS), 200);
	assert_int_equal(get(m, OOMKIT_MEM_PANIC_ON_OOM), 1);
	assert_int_equal(get(m, OOMKIT_MEM_OOM_KILL_ALLOCATING), 1);
	oomkit_sysmem_free(m);

	/* the defaults */
	put("sys/vm/overcommit_memory", "0\n");
	put("sys/vm/overcommit_ratio", "50\n");
	put("sys/vm/swappiness", "60\n");
	put("sys/vm/panic_on_oom", "0\n");
	put("sys/vm/oom_kill_allocating_task", "0\n");
	m = read_ok();
	assert_int_equal(get(m, OOMKIT_MEM_OVERCOMMIT_MODE), 0);
	assert_int_equal(get(m, OOMKIT_MEM_OVERCOMMIT_RATIO), 50);
	assert_int_equal(get(m, OOMKIT_MEM_SWAPPINESS), 60);
	assert_int_equal(get(m, OOMKIT_MEM_PANIC_ON_OOM), 0);
	assert_int_equal(get(m, OOMKIT_MEM_OOM_KILL_ALLOCATING), 0);
	oomkit_sysmem_free(m);

	/* one missing (a container without /proc/sys, a stripped kernel) */
	del("sys/vm/swappiness");
	m = read_ok();
	absent(m, OOMKIT_MEM_SWAPPINESS);
	assert_int_equal(get(m, OOMKIT_MEM_OVERCOMMIT_RATIO), 50);
	oomkit_sysmem_free(m);
}

static void test_sysctls_hostile(void **state)
{
	/* none of these is what an int sysctl prints */
	static const char *const bad[] = {
		"",
		"\n",
		"abc\n",
		"1 2\n",
		"1x\n",
		"0x10\n",
		"1.5\n",
		"--1\n",
		"\xff\xfe\n",
		"9223372036854775808\n",
		"99999999999999999999999\n",
		/* cgroup files say "max"; a sysctl never does */
		"max\n",
		"max",
		/* a sysctl is a C int: nothing outside INT_MIN..INT_MAX */
		"2147483648\n",
		"-2147483649\n",
		"9223372036854775807\n",
	};
	static const char *const files[] = {
		"sys/vm/overcommit_memory", "sys/vm/overcommit_ratio",         "sys/vm/swappiness",
		"sys/vm/panic_on_oom",      "sys/vm/oom_kill_allocating_task",
	};
	struct oomkit_sysmem *m;
	size_t i, f;

	(void)state;
	put("meminfo", meminfo_61);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		for (f = 0; f < sizeof(files) / sizeof(files[0]); f++)
			put(files[f], bad[i]);
		m = read_ok();
		for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
			long long v = -12345;

			if (oomkit_sysmem_get(
				    m, (enum oomkit_sysmem_item)(OOMKIT_MEM_OVERCOMMIT_MODE + f),
				    &v) != -ENODATA)
				fail_msg("%s = \"%s\" read as %lld", files[f], bad[i], v);
		}
		oomkit_sysmem_free(m);
	}
	/* the int range itself is fine, with blanks around it */
	put("sys/vm/overcommit_ratio", " 2147483647 \n");
	put("sys/vm/oom_kill_allocating_task", "-2147483648\n");
	m = read_ok();
	assert_int_equal(get(m, OOMKIT_MEM_OVERCOMMIT_RATIO), INT_MAX);
	assert_int_equal(get(m, OOMKIT_MEM_OOM_KILL_ALLOCATING), INT_MIN);
	oomkit_sysmem_free(m);
}

/* ---- vmstat oom_kill (4.13+) ---- */

static void test_vmstat(void **state)
{
	struct oomkit_sysmem *m;

	(void)state;
	put("meminfo", meminfo_61);
	put("vmstat", "nr_free_pages 4428011\nnr_zone_inactive_anon 7331\n"
		      "oom_kill_x 9\nxoom_kill 8\noom_kill 260\nnr_unstable 0\n");
	m = read_ok();
	assert_int_equal(get(m, OOMKIT_MEM_VMSTAT_OOM_KILL), 260);
	oomkit_sysmem_free(m);
	/* last line, no newline */
	put("vmstat", "pgfault 12\noom_kill 0");
	m = read_ok();
	assert_int_equal(get(m, OOMKIT_MEM_VMSTAT_OOM_KILL), 0);
	oomkit_sysmem_free(m);
	/* before 4.13 the counter did not exist: unknown, not 0 */
	put("vmstat", "nr_free_pages 4428011\npgfault 12\nallocstall 0\n");
	m = read_ok();
	absent(m, OOMKIT_MEM_VMSTAT_OOM_KILL);
	oomkit_sysmem_free(m);
	del("vmstat");
	m = read_ok();
	absent(m, OOMKIT_MEM_VMSTAT_OOM_KILL);
	oomkit_sysmem_free(m);
	/* a counter (%lu) is never negative; garbage is unknown */
	put("vmstat", "oom_kill -3\n");
	m = read_ok();
	absent(m, OOMKIT_MEM_VMSTAT_OOM_KILL);
	oomkit_sysmem_free(m);
	put("vmstat", "oom_kill lots\n");
	m = read_ok();
	absent(m, OOMKIT_MEM_VMSTAT_OOM_KILL);
	oomkit_sysmem_free(m);
	put("vmstat", "oom_kill 99999999999999999999\n");
	m = read_ok();
	absent(m, OOMKIT_MEM_VMSTAT_OOM_KILL);
	oomkit_sysmem_free(m);
	put("vmstat", "oom_kill\n5\n");
	m = read_ok();
	absent(m, OOMKIT_MEM_VMSTAT_OOM_KILL);
	oomkit_sysmem_free(m);
}

/* ---- pressure/memory (4.20+, CONFIG_PSI) ---- */

static void psi_expect(const char *text, const long long want[8])
{
	struct oomkit_sysmem *m;
	int i;

	put("pressure/memory", text);
	m = read_ok();
	for (i = 0; i < 8; i++) {
		long long v = -1;
		int rc = oomkit_sysmem_get(
			m, (enum oomkit_sysmem_item)(OOMKIT_MEM_PSI_SOME_AVG10 + i), &v);

		if (want[i] < 0 ? rc != -ENODATA : rc != 0 || v != want[i])
			fail_msg("PSI \"%s\" value %d: rc %d, %lld, want %lld", text, i, rc, v,
				 want[i]);
	}
	oomkit_sysmem_free(m);
}

static void test_psi(void **state)
{
	static const long long none[8] = { -1, -1, -1, -1, -1, -1, -1, -1 };
	struct oomkit_sysmem *m;

	(void)state;
	put("meminfo", meminfo_61);
	/* absent (before 4.20, CONFIG_PSI=n): unknown */
	m = read_ok();
	absent(m, OOMKIT_MEM_PSI_SOME_AVG10);
	absent(m, OOMKIT_MEM_PSI_FULL_TOTAL_US);
	oomkit_sysmem_free(m);

	/* present: percentages in hundredths, totals in microseconds */
	psi_expect("some avg10=0.00 avg60=0.00 avg300=0.00 total=365447\n"
		   "full avg10=0.00 avg60=0.00 avg300=0.00 total=128694\n",
		   (const long long[8]){ 0, 0, 0, 365447, 0, 0, 0, 128694 });
	psi_expect("some avg10=12.34 avg60=5.06 avg300=100.00 total=18446744073709\n"
		   "full avg10=0.07 avg60=99.99 avg300=1.10 total=0\n",
		   (const long long[8]){ 1234, 506, 10000, 18446744073709, 7, 9999, 110, 0 });
	/* fewer decimals than the kernel prints; "some" alone */
	psi_expect("some avg10=1.5 avg60=3 avg300=0.0 total=7\n",
		   (const long long[8]){ 150, 300, 0, 7, -1, -1, -1, -1 });
	/* full first, unknown keys ignored */
	psi_expect("full avg10=2.00 avg60=1.00 avg300=0.50 total=9 extra=1\n"
		   "some avg10=3.00 avg60=2.00 avg300=1.00 total=11\n",
		   (const long long[8]){ 300, 200, 100, 11, 200, 100, 50, 9 });

	/* garbage: unknown */
	psi_expect("", none);
	psi_expect("\n\n", none);
	psi_expect("pressure\n", none);
	psi_expect("\xff\xfe\x01 avg10=1.00\n", none);
	psi_expect("some avg10=x avg60=.5 avg300= total=\n",
		   (const long long[8]){ -1, -1, -1, -1, -1, -1, -1, -1 });
	/* negative values are not the kernel's (it prints %lu) */
	psi_expect("some avg10=-1.00 avg60=-0.50 avg300=-0 total=-5\n", none);
	/* the kernel clamps each sample to the period: an average is at most 100.00 */
	psi_expect("some avg10=100.01 avg60=250.00 avg300=99999999999999999.00 "
		   "total=99999999999999999999\n"
		   "full avg10=92233720368547758.07 avg60=9223372036854775807.99 avg300=1e9 "
		   "total=5\n",
		   (const long long[8]){ -1, -1, -1, -1, -1, -1, -1, 5 });
	/* a value is taken from its own line only */
	psi_expect("some total=3\nfull avg10=4.00 avg60=5.00 avg300=6.00 total=7\n",
		   (const long long[8]){ -1, -1, -1, 3, 400, 500, 600, 7 });
	psi_expect("some avg10=1.00\nfull total=7\nx avg60=5.00 avg300=6.00\n",
		   (const long long[8]){ 100, -1, -1, -1, -1, -1, -1, 7 });

	/* a file the kernel cannot produce (larger than any PSI text) is unknown */
	{
		char big[2048];

		memset(big, ' ', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		memcpy(big, "some avg10=1.00 avg60=1.00 avg300=1.00 total=1\n", 47);
		psi_expect(big, none);
	}
}

/* ---- the getter ---- */

static void test_get(void **state)
{
	struct oomkit_sysmem *m;
	long long v = 7;

	(void)state;
	put("meminfo", meminfo_61);
	m = read_ok();
	assert_int_equal(oomkit_sysmem_get(m, OOMKIT_MEM_TOTAL_KB, NULL), 0);
	assert_int_equal(oomkit_sysmem_get(NULL, OOMKIT_MEM_TOTAL_KB, &v), -EINVAL);
	assert_int_equal(oomkit_sysmem_get(m, OOMKIT_MEM_ITEM_COUNT_, &v), -EINVAL);
	assert_int_equal(oomkit_sysmem_get(m, (enum oomkit_sysmem_item) - 1, &v), -EINVAL);
	assert_int_equal(oomkit_sysmem_get(m, (enum oomkit_sysmem_item)INT_MAX, &v), -EINVAL);
	assert_int_equal(v, 7);
	oomkit_sysmem_free(m);
	oomkit_sysmem_free(NULL);
	assert_int_equal(oomkit_sysmem_read(NULL, &m), -EINVAL);
	{
		struct oomkit_ctx *ctx = NULL;

		assert_int_equal(oomkit_ctx_new(&ctx), 0);
		assert_int_equal(oomkit_sysmem_read(ctx, NULL), -EINVAL);
		oomkit_ctx_free(ctx);
	}
}

/* ---- hostile bytes ---- */

static void test_hostile_meminfo(void **state)
{
	struct oomkit_sysmem *m;
	char buf[8192];
	size_t i;

	(void)state;
	/* control bytes, no final newline, huge lines, and the keys still found */
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (char)(i * 131 % 255 + 1); /* no NUL */
	memcpy(buf + 4000, "\nMemTotal: 2048 kB\nSwapTotal:\t1024 kB", 38);
	tt_write_n(root, "proc/meminfo", buf, sizeof(buf));
	m = read_ok();
	assert_int_equal(get(m, OOMKIT_MEM_TOTAL_KB), 2048);
	assert_int_equal(get(m, OOMKIT_MEM_SWAP_TOTAL_KB), 1024);
	oomkit_sysmem_free(m);
	/* the kernel never writes a NUL: oomkit stops reading the text there */
	tt_write_n(root, "proc/meminfo", "MemTotal: 4096 kB\n\0SwapTotal: 4 kB\n", 35);
	m = read_ok();
	assert_int_equal(get(m, OOMKIT_MEM_TOTAL_KB), 4096);
	absent(m, OOMKIT_MEM_SWAP_TOTAL_KB);
	oomkit_sysmem_free(m);
	tt_write_n(root, "proc/meminfo", "\0MemTotal: 4096 kB\n", 19);
	assert_int_equal(read_fixture(&m), -OOMKIT_EPARSE);
	/* a large file (several MiB) is read whole */
	{
		size_t n = 4 << 20, off;
		char *big = malloc(n + 64);

		assert_non_null(big);
		for (off = 0; off + 16 <= n; off += 16)
			memcpy(big + off, "Junk:    1 kB\n\r\t", 16);
		off += (size_t)snprintf(big + off, 64, "\nMemTotal: 8192 kB\n");
		tt_write_n(root, "proc/meminfo", big, off);
		free(big);
	}
	m = read_ok();
	assert_int_equal(get(m, OOMKIT_MEM_TOTAL_KB), 8192);
	oomkit_sysmem_free(m);
}

/* ---- the running kernel ---- */

/* MemTotal and SwapTotal of the live meminfo, read independently. */
static int live_meminfo(long long *ram, long long *swap)
{
	char line[256];
	FILE *f = fopen("/proc/meminfo", "re");
	int got = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "MemTotal: %lld kB", ram) == 1)
			got |= 1;
		else if (sscanf(line, "SwapTotal: %lld kB", swap) == 1)
			got |= 2;
	}
	fclose(f);
	return got == 3 ? 0 : -1;
}

static void test_live_totalpages(void **state)
{
	struct oomkit_ctx *ctx = NULL;
	struct oomkit_sysmem *m = NULL;
	long long ram, swap;
	long ps = sysconf(_SC_PAGESIZE);

	(void)state;
	if (live_meminfo(&ram, &swap) < 0)
		skip();
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	assert_int_equal(oomkit_sysmem_read(ctx, &m), 0);
	/* MemTotal and SwapTotal only change on hotplug and swapon/swapoff */
	assert_int_equal(get(m, OOMKIT_MEM_TOTAL_KB), ram);
	assert_int_equal(get(m, OOMKIT_MEM_SWAP_TOTAL_KB), swap);
	assert_int_equal(oomkit_sysmem_totalpages(m, oomkit_ctx_page_size(ctx)),
			 (unsigned long long)(ram * 1024 / ps + swap * 1024 / ps));
	/* whatever the kernel, the sysctls it has are in their ranges */
	if (access("/proc/sys/vm/overcommit_memory", R_OK) == 0) {
		long long v = get(m, OOMKIT_MEM_OVERCOMMIT_MODE);

		assert_true(v >= 0 && v <= 2);
		v = get(m, OOMKIT_MEM_SWAPPINESS);
		assert_true(v >= 0 && v <= 200);
	}
	if (access("/proc/pressure/memory", R_OK) == 0 &&
	    oomkit_sysmem_get(m, OOMKIT_MEM_PSI_SOME_AVG10, NULL) == 0) {
		assert_in_range(get(m, OOMKIT_MEM_PSI_SOME_AVG10), 0, 10000);
		assert_in_range(get(m, OOMKIT_MEM_PSI_FULL_AVG300), 0, 10000);
	}
	oomkit_sysmem_free(m);
	oomkit_ctx_free(ctx);
}

/*
 * /proc/<pid>/oom_score is computed with the global totalpages (docs/kernel.md
 * §3.1): for a paused child at three adj values, the score the kernel prints
 * must equal the formula (§3.2, as test_core.c checks it) applied to the
 * child's status and to totalpages from sysmem. At adj 1000 the score moves
 * with totalpages itself (§3.3), so a wrong domain size shows.
 */
static void test_live_oom_score(void **state)
{
	static const int adjs[] = { 0, 500, 1000 };
	struct oomkit_ctx *ctx = NULL;
	struct oomkit_sysmem *m = NULL;
	unsigned long long tp;
	unsigned kver;
	long ps;
	pid_t child;
	size_t i;
	int status;

	(void)state;
	if (access("/proc/self/oom_score", R_OK) != 0 || access("/proc/meminfo", R_OK) != 0)
		skip();
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	kver = kget(ctx);
	if (kver < OOMKIT_KVER(3, 5, 0)) {
		oomkit_ctx_free(ctx);
		skip();
	}
	assert_int_equal(oomkit_sysmem_read(ctx, &m), 0);
	ps = oomkit_ctx_page_size(ctx);
	tp = oomkit_sysmem_totalpages(m, ps);
	oomkit_sysmem_free(m);

	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		pause();
		_exit(0);
	}
	for (i = 0; i < sizeof(adjs) / sizeof(adjs[0]); i++) {
		char path[64], val[16];
		struct oomkit_proc *p = NULL;
		long long pts = 0, want = -1, v = 0;
		FILE *f;
		int n, score = -1, tries;

		snprintf(path, sizeof(path), "/proc/%d/oom_score_adj", (int)child);
		f = fopen(path, "we");
		assert_non_null(f);
		n = snprintf(val, sizeof(val), "%d", adjs[i]);
		assert_int_equal(fwrite(val, 1, (size_t)n, f), n);
		if (fclose(f) != 0)
			break; /* lowering back is refused without CAP_SYS_RESOURCE */
		/* the child may still be between fork and pause: retry a few times */
		for (tries = 0; tries < 50; tries++) {
			assert_int_equal(oomkit_proc_read(ctx, child, 0, &p), 0);
			assert_int_equal(oomkit_proc_badness(p, ps, tp, &pts), OOMKIT_ELIGIBLE);
			assert_int_equal(oomkit_proc_get(p, OOMKIT_PROC_OOM_SCORE_ADJ, &v), 0);
			assert_int_equal(v, adjs[i]);
			oomkit_proc_free(p);
			snprintf(path, sizeof(path), "/proc/%d/oom_score", (int)child);
			f = fopen(path, "re");
			assert_non_null(f);
			assert_int_equal(fscanf(f, "%d", &score), 1);
			fclose(f);
			want = oomkit_oom_score(pts, 1, tp, kver);
			if (want == score)
				break;
			usleep(20000);
		}
		if (want != score)
			fail_msg("adj %d: oom_score %d, formula %lld (points %lld, "
				 "totalpages %llu)",
				 adjs[i], score, want, pts, tp);
	}
	kill(child, SIGKILL);
	assert_int_equal(waitpid(child, &status, 0), child);
	oomkit_ctx_free(ctx);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_meminfo_61),
		T(test_meminfo_without_memavailable),
		T(test_meminfo_required),
		T(test_swap_absent),
		T(test_totalpages),
		T(test_impossible_sizes),
		T(test_sysctls),
		T(test_sysctls_hostile),
		T(test_vmstat),
		T(test_psi),
		T(test_get),
		T(test_hostile_meminfo),
		T(test_live_totalpages),
		T(test_live_oom_score),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
