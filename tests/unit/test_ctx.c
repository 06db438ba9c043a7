/*
 * test_ctx.c - lib/ctx.c through include/oomkit/ctx.h: the procfs root,
 * the page size, the kernel version read from <procfs>/sys/kernel/osrelease
 * and the memory cgroup mount found in <procfs>/self/mountinfo.
 *
 * Every fixture is a tree this test writes into a mkdtemp(3) directory and
 * removes at the end. Mount points in a fixture mountinfo are absolute
 * paths into that directory, as the kernel prints them, so the cgroup2
 * "cgroup.controllers" check reads the fixture, never this machine.
 * The live checks compare with uname(2) and /proc and are skipped when
 * /proc cannot be read.
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
#include <sys/utsname.h>
#include <unistd.h>
#include <cmocka.h>

#include "oomkit/oomkit.h"
#include "tmptree.h"
#include "getters.h"

static char root[PATH_MAX];   /* the fixture tree of the running test */
static char procfs[PATH_MAX]; /* <root>/proc */

static int setup(void **state)
{
	(void)state;
	tt_make(root);
	assert_true(snprintf(procfs, sizeof(procfs), "%s/proc", root) < (int)sizeof(procfs));
	tt_mkdir(root, "proc/self");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return tt_teardown(root);
}

static struct oomkit_ctx *fixture_ctx(void)
{
	struct oomkit_ctx *ctx = NULL;

	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	assert_int_equal(oomkit_ctx_set_proc_root(ctx, procfs), 0);
	return ctx;
}

/* ---- context, procfs root, page size ---- */

static void test_new_defaults(void **state)
{
	struct oomkit_ctx *ctx = NULL;
	long ps = sysconf(_SC_PAGESIZE);

	(void)state;
	assert_int_equal(oomkit_ctx_new(NULL), -EINVAL);
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	assert_non_null(ctx);
	assert_string_equal(oomkit_ctx_get_proc_root(ctx), "/proc");
	assert_int_equal(oomkit_ctx_page_size(ctx), ps > 0 ? ps : 4096);
	oomkit_ctx_free(ctx);
	oomkit_ctx_free(NULL);
	/* NULL contexts are refused, not dereferenced */
	assert_null(oomkit_ctx_get_proc_root(NULL));
	assert_int_equal(oomkit_ctx_page_size(NULL), 4096);
	assert_int_equal(oomkit_ctx_kernel_version(NULL, NULL), -EINVAL);
	oomkit_ctx_set_kernel_version(NULL, 1);
	assert_int_equal(oomkit_ctx_memcg_root(NULL, NULL, NULL), -EINVAL);
}

static void test_proc_root(void **state)
{
	struct oomkit_ctx *ctx = NULL;
	char buf[64];

	(void)state;
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	assert_int_equal(oomkit_ctx_set_proc_root(NULL, "/x"), -EINVAL);
	assert_int_equal(oomkit_ctx_set_proc_root(ctx, NULL), -EINVAL);
	assert_int_equal(oomkit_ctx_set_proc_root(ctx, ""), -EINVAL);
	/* a refused root leaves the old one */
	assert_string_equal(oomkit_ctx_get_proc_root(ctx), "/proc");

	/* the string is copied */
	snprintf(buf, sizeof(buf), "/fixture/one");
	assert_int_equal(oomkit_ctx_set_proc_root(ctx, buf), 0);
	memset(buf, 'x', sizeof(buf) - 1);
	assert_string_equal(oomkit_ctx_get_proc_root(ctx), "/fixture/one");
	/* and may be set again, to its own value too */
	assert_int_equal(oomkit_ctx_set_proc_root(ctx, oomkit_ctx_get_proc_root(ctx)), 0);
	assert_string_equal(oomkit_ctx_get_proc_root(ctx), "/fixture/one");
	/* no mountinfo under a missing root: the errno, not "no memcg" */
	assert_int_equal(oomkit_ctx_memcg_root(ctx, NULL, NULL), -ENOENT);
	oomkit_ctx_free(ctx);
}

static void test_page_size(void **state)
{
	static const long good[] = { 4096, 8192, 16384, 65536, 262144 };
	static const long bad[] = { 0, -1, -4096, 511, 3000, 4097, 12288, LONG_MIN, LONG_MAX };
	struct oomkit_ctx *ctx = NULL;
	size_t i;

	(void)state;
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(oomkit_ctx_set_page_size(ctx, good[i]), 0);
		assert_int_equal(oomkit_ctx_page_size(ctx), good[i]);
	}
	/* a page is a power of two: anything else is refused and changes nothing */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(oomkit_ctx_set_page_size(ctx, bad[i]), -EINVAL);
		assert_int_equal(oomkit_ctx_page_size(ctx), 262144);
	}
	assert_int_equal(oomkit_ctx_set_page_size(NULL, 4096), -EINVAL);
	oomkit_ctx_free(ctx);
}

/* ---- kernel version ---- */

static const struct {
	const char *osrelease; /* the file's bytes */
	unsigned kver;
} kver_cases[] = {
	/* Debian 12, Debian 10 cloud, RHEL 7, RHEL 6, this machine, a release candidate */
	{ "6.1.0-27-amd64\n", OOMKIT_KVER(6, 1, 0) },
	{ "4.19.0-26-cloud-amd64\n", OOMKIT_KVER(4, 19, 0) },
	{ "3.10.0-1160.el7.x86_64\n", OOMKIT_KVER(3, 10, 0) },
	{ "2.6.32-754.el6.x86_64\n", OOMKIT_KVER(2, 6, 32) },
	{ "6.18.44\n", OOMKIT_KVER(6, 18, 44) },
	{ "6.18.44-fc-v857\n", OOMKIT_KVER(6, 18, 44) },
	{ "7.0.0-rc3\n", OOMKIT_KVER(7, 0, 0) },
	{ "5.10.0+\n", OOMKIT_KVER(5, 10, 0) },
	{ "6.8.0-rc1-next-20240112\n", OOMKIT_KVER(6, 8, 0) },
	{ "4.4.0-21-generic", OOMKIT_KVER(4, 4, 0) }, /* no newline */
	{ "5.4\n", OOMKIT_KVER(5, 4, 0) },
	{ "6.1-rc7\n", OOMKIT_KVER(6, 1, 0) },
	/* the kernel's KERNEL_VERSION() caps the sublevel at 255 (4.9.256+, 4.14.256+) */
	{ "4.9.337\n", OOMKIT_KVER(4, 9, 255) },
	{ "4.14.99999999999999999999\n", OOMKIT_KVER(4, 14, 255) },
	{ "5.4.255\n", OOMKIT_KVER(5, 4, 255) },
	/* garbage: unknown */
	{ "", 0 },
	{ "\n", 0 },
	{ "linux\n", 0 },
	{ "v6.1.0\n", 0 },
	{ "0.0.0\n", 0 },
	{ "256.1.0\n", 0 },
	{ "6.256.0\n", 0 },
	{ "-6.1.0\n", 0 },
	{ "99999999999999999999.1.0\n", 0 },
	{ "\xff\xfe\x00"
	  "6.1.0\n",
	  0 },
	{ ".6.1\n", 0 },
	{ "6.\n", 0 },
	{ "6..1\n", 0 },
	{ "6.-1.0\n", 0 }, /* not 5.255.0 */
	{ "6.1.-5\n", 0 }, /* not 6.0.251 */
	{ "+6.1.0\n", 0 },
	{ " 6.1.0\n", 0 },
	{ "6. 1.0\n", 0 },
	{ "6.99999999999999999999.0\n", 0 },
};

static void test_kernel_version_strings(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(kver_cases) / sizeof(kver_cases[0]); i++) {
		const char *s = kver_cases[i].osrelease;
		size_t len = strlen(s);
		struct oomkit_ctx *ctx;

		if (s[0] == '\xff') /* keeps its NUL byte */
			len = 9;
		tt_write_n(root, "proc/sys/kernel/osrelease", s, len);
		ctx = fixture_ctx();
		if (kget(ctx) != kver_cases[i].kver)
			fail_msg("osrelease \"%s\": %#x, want %#x", s, kget(ctx),
				 kver_cases[i].kver);
		oomkit_ctx_free(ctx);
	}
}

static void test_kernel_version_reread(void **state)
{
	struct oomkit_ctx *ctx;

	(void)state;
	tt_write(root, "proc/sys/kernel/osrelease", "5.4.0-150-generic\n");
	ctx = fixture_ctx();
	assert_int_equal(kget(ctx), OOMKIT_KVER(5, 4, 0));
	/* read once: a changed file is not seen ... */
	tt_write(root, "proc/sys/kernel/osrelease", "5.15.0\n");
	assert_int_equal(kget(ctx), OOMKIT_KVER(5, 4, 0));
	/* ... until the root is set again */
	assert_int_equal(oomkit_ctx_set_proc_root(ctx, procfs), 0);
	assert_int_equal(kget(ctx), OOMKIT_KVER(5, 15, 0));
	/* an override wins over the file */
	oomkit_ctx_set_kernel_version(ctx, OOMKIT_KVER(4, 13, 0));
	assert_int_equal(kget(ctx), OOMKIT_KVER(4, 13, 0));
	oomkit_ctx_free(ctx);
}

/* Parse a release as the kernel's KERNEL_VERSION() would see it. */
static unsigned kver_of(const char *rel)
{
	unsigned a = 0, b = 0, c = 0;

	if (sscanf(rel, "%u.%u.%u", &a, &b, &c) < 1)
		return 0;
	return OOMKIT_KVER(a, b, c > 255 ? 255 : c);
}

static void test_kernel_version_live(void **state)
{
	struct oomkit_ctx *ctx = NULL;
	struct utsname u;
	char rel[256];
	FILE *f;

	(void)state;
	assert_int_equal(uname(&u), 0);
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	assert_int_not_equal(kget(ctx), 0);
	assert_int_equal(kget(ctx), kver_of(u.release));
	oomkit_ctx_free(ctx);
	f = fopen("/proc/sys/kernel/osrelease", "re");
	if (!f)
		skip();
	assert_non_null(fgets(rel, sizeof(rel), f));
	fclose(f);
	rel[strcspn(rel, "\n")] = '\0';
	assert_string_equal(rel, u.release);
}

/*
 * A procfs root so long that "<root>/self/mountinfo" passes PATH_MAX must
 * not be cut to a shorter path that exists: "<root>/self/moun" here. The
 * root is the fixture's own "proc" reached through a run of slashes.
 */
static void test_root_too_long(void **state)
{
	struct oomkit_ctx *ctx = NULL;
	char *longroot = malloc(PATH_MAX + 1);
	size_t len = strlen(root), pad;
	unsigned live;

	(void)state;
	assert_non_null(longroot);
	tt_write(root, "proc/self/moun", "35 31 0:32 / /m rw - cgroup cgroup rw,memory\n");
	tt_write(root, "proc/sys/kernel/osrel", "9.9.9\n");
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	live = kget(ctx); /* uname(2) with the default root */

	/* <root> + slashes + "proc", so that the path is exactly 4095 bytes once cut */
	pad = PATH_MAX - 1 - len - strlen("proc/self/moun");
	memcpy(longroot, root, len);
	memset(longroot + len, '/', pad);
	strcpy(longroot + len + pad, "proc");
	assert_int_equal(oomkit_ctx_set_proc_root(ctx, longroot), 0);
	assert_int_equal(oomkit_ctx_memcg_root(ctx, NULL, NULL), -ENAMETOOLONG);

	pad = PATH_MAX - 1 - len - strlen("proc/sys/kernel/osrel");
	memset(longroot + len, '/', pad);
	strcpy(longroot + len + pad, "proc");
	assert_int_equal(oomkit_ctx_set_proc_root(ctx, longroot), 0);
	/* as for a root without the file: the running kernel's version */
	assert_int_equal(kget(ctx), live);
	oomkit_ctx_free(ctx);
	free(longroot);
}

/* ---- memory cgroup discovery ---- */

/* Mount point @name inside the fixture, as an absolute path. */
static const char *mnt(const char *name)
{
	static char buf[4][PATH_MAX];
	static int next;
	char *p = buf[next++ % 4];

	assert_true(snprintf(p, PATH_MAX, "%s/%s", root, name) < PATH_MAX);
	tt_mkdir(root, name);
	return p;
}

/* Write <procfs>/self/mountinfo from printf-style text. */
static void mountinfo(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void mountinfo(const char *fmt, ...)
{
	char text[16384];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof(text));
	tt_write(root, "proc/self/mountinfo", text);
}

/* Discover with a fresh context; returns the code, fills mode and path. */
static int discover(enum oomkit_cgroup_mode *mode, char *path, size_t size)
{
	struct oomkit_ctx *ctx = fixture_ctx();
	const char *p = NULL;
	int rc;

	*mode = (enum oomkit_cgroup_mode)99;
	rc = oomkit_ctx_memcg_root(ctx, mode, &p);
	if (path) {
		path[0] = '\0';
		if (rc == 0) {
			assert_non_null(p);
			snprintf(path, size, "%s", p);
		}
	}
	oomkit_ctx_free(ctx);
	return rc;
}

static void test_memcg_v1(void **state)
{
	enum oomkit_cgroup_mode mode;
	char path[PATH_MAX];
	const char *memory = mnt("sys/fs/cgroup/memory");

	(void)state;
	/* this machine's layout (Debian 12, hybrid, v1 memory), with optional fields */
	mountinfo("22 28 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
		  "31 23 0:28 / %s/sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
		  "32 31 0:29 / %s/sys/fs/cgroup/cpu rw,relatime shared:9 - cgroup cgroup rw,cpu\n"
		  "35 31 0:32 / %s rw,nosuid,nodev,noexec,relatime shared:14 master:3 "
		  "- cgroup cgroup rw,memory\n"
		  "40 31 0:37 / %s/sys/fs/cgroup/systemd rw,relatime - cgroup cgroup "
		  "rw,xattr,name=systemd\n",
		  root, root, memory, root);
	assert_int_equal(discover(&mode, path, sizeof(path)), 0);
	assert_int_equal(mode, OOMKIT_CGROUP_V1);
	assert_string_equal(path, memory);

	/* memory co-mounted with other controllers; the first memory mount wins */
	mountinfo("35 31 0:32 / %s rw - cgroup cgroup rw,nosuid,cpu,memory,cpuacct\n"
		  "36 31 0:32 / %s/elsewhere rw - cgroup cgroup rw,memory\n",
		  memory, root);
	assert_int_equal(discover(&mode, path, sizeof(path)), 0);
	assert_int_equal(mode, OOMKIT_CGROUP_V1);
	assert_string_equal(path, memory);

	/* "memory" must be a whole super option, and in the super options */
	mountinfo("35 31 0:32 / %s rw,memory - cgroup cgroup rw,name=memory\n"
		  "36 31 0:33 / %s rw - cgroup cgroup rw,memory_x,xmemory\n"
		  "37 31 0:34 / %s rw - cgroup memory rw,pids\n"
		  "38 31 0:35 / %s rw - tmpfs tmpfs rw,memory\n",
		  memory, memory, memory, memory);
	assert_int_equal(discover(&mode, path, sizeof(path)), -OOMKIT_ENOMEMCG);
	assert_int_equal(mode, OOMKIT_CGROUP_NONE);
}

static void test_memcg_v2(void **state)
{
	enum oomkit_cgroup_mode mode;
	char path[PATH_MAX];
	const char *cg2 = mnt("sys/fs/cgroup");

	(void)state;
	mountinfo("25 30 0:23 / %s rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 "
		  "rw,nsdelegate,memory_recursiveprot\n",
		  cg2);
	/* memory listed by the root's cgroup.controllers (Debian 12, pure v2) */
	tt_write(root, "sys/fs/cgroup/cgroup.controllers",
		 "cpuset cpu io memory hugetlb pids rdma misc\n");
	assert_int_equal(discover(&mode, path, sizeof(path)), 0);
	assert_int_equal(mode, OOMKIT_CGROUP_V2);
	assert_string_equal(path, cg2);
	tt_write(root, "sys/fs/cgroup/cgroup.controllers", "memory\n");
	assert_int_equal(discover(&mode, path, sizeof(path)), 0);
	assert_int_equal(mode, OOMKIT_CGROUP_V2);
	tt_write(root, "sys/fs/cgroup/cgroup.controllers", "pids memory");
	assert_int_equal(discover(&mode, path, sizeof(path)), 0);
	assert_int_equal(mode, OOMKIT_CGROUP_V2);

	/* cgroup2 without the memory controller: none (memory_recursiveprot is a mount option) */
	tt_write(root, "sys/fs/cgroup/cgroup.controllers", "cpuset cpu io pids\n");
	assert_int_equal(discover(&mode, path, sizeof(path)), -OOMKIT_ENOMEMCG);
	assert_int_equal(mode, OOMKIT_CGROUP_NONE);
	tt_write(root, "sys/fs/cgroup/cgroup.controllers", "memoryx xmemory memory_foo\n");
	assert_int_equal(discover(&mode, path, sizeof(path)), -OOMKIT_ENOMEMCG);
	tt_write(root, "sys/fs/cgroup/cgroup.controllers", "");
	assert_int_equal(discover(&mode, path, sizeof(path)), -OOMKIT_ENOMEMCG);
	tt_unlink(root, "sys/fs/cgroup/cgroup.controllers");
	assert_int_equal(discover(&mode, path, sizeof(path)), -OOMKIT_ENOMEMCG);

	/* two cgroup2 mounts: the first one with memory */
	tt_write(root, "sys/fs/cgroup/cgroup.controllers", "memory pids\n");
	tt_write(root, "other/cgroup.controllers", "pids\n");
	mountinfo("24 30 0:23 / %s/other rw - cgroup2 cgroup2 rw\n"
		  "25 30 0:23 / %s rw - cgroup2 cgroup2 rw\n"
		  "26 30 0:23 / %s/copy rw - cgroup2 cgroup2 rw\n",
		  root, cg2, cg2);
	tt_write(root, "sys/fs/cgroup/copy/cgroup.controllers", "memory\n");
	assert_int_equal(discover(&mode, path, sizeof(path)), 0);
	assert_int_equal(mode, OOMKIT_CGROUP_V2);
	assert_string_equal(path, cg2);
}

static void test_memcg_hybrid(void **state)
{
	enum oomkit_cgroup_mode mode;
	char path[PATH_MAX];
	const char *unified = mnt("sys/fs/cgroup/unified");
	const char *memory = mnt("sys/fs/cgroup/memory");

	(void)state;
	/* systemd's hybrid layout: controllers on v1, an empty v2 tree for systemd */
	tt_write(root, "sys/fs/cgroup/unified/cgroup.controllers", "\n");
	mountinfo("26 25 0:23 / %s rw,nosuid,nodev,noexec,relatime shared:5 - cgroup2 cgroup2 "
		  "rw,nsdelegate\n"
		  "33 25 0:30 / %s rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup "
		  "rw,memory\n",
		  unified, memory);
	assert_int_equal(discover(&mode, path, sizeof(path)), 0);
	assert_int_equal(mode, OOMKIT_CGROUP_V1);
	assert_string_equal(path, memory);

	/* memory on v1 wins whatever the line order, even if cgroup2 claims it too */
	tt_write(root, "sys/fs/cgroup/unified/cgroup.controllers", "memory\n");
	mountinfo("33 25 0:30 / %s rw - cgroup cgroup rw,memory\n"
		  "26 25 0:23 / %s rw - cgroup2 cgroup2 rw\n",
		  memory, unified);
	assert_int_equal(discover(&mode, path, sizeof(path)), 0);
	assert_int_equal(mode, OOMKIT_CGROUP_V1);
	assert_string_equal(path, memory);

	/* v1 without memory plus v2 with it: memory is on v2 */
	mountinfo("32 25 0:29 / %s/sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu,cpuacct\n"
		  "26 25 0:23 / %s rw - cgroup2 cgroup2 rw\n",
		  root, unified);
	assert_int_equal(discover(&mode, path, sizeof(path)), 0);
	assert_int_equal(mode, OOMKIT_CGROUP_V2);
	assert_string_equal(path, unified);

	/* no cgroup mount at all */
	mountinfo("22 28 0:21 / /proc rw - proc proc rw\n");
	assert_int_equal(discover(&mode, path, sizeof(path)), -OOMKIT_ENOMEMCG);
	mountinfo("%s", "");
	assert_int_equal(discover(&mode, path, sizeof(path)), -OOMKIT_ENOMEMCG);
	/* no mountinfo: its errno */
	tt_unlink(root, "proc/self/mountinfo");
	assert_int_equal(discover(&mode, path, sizeof(path)), -ENOENT);
	assert_int_equal(mode, OOMKIT_CGROUP_NONE);
}

static void test_memcg_escaped_mount_point(void **state)
{
	enum oomkit_cgroup_mode mode;
	char path[PATH_MAX];
	const char *memory = mnt("cg mem\\ory\ttab");

	(void)state;
	/* the kernel escapes space, tab, newline and backslash as \ooo */
	mountinfo("35 31 0:32 / %s/cg\\040mem\\134ory\\011tab rw - cgroup cgroup rw,memory\n",
		  root);
	assert_int_equal(discover(&mode, path, sizeof(path)), 0);
	assert_int_equal(mode, OOMKIT_CGROUP_V1);
	assert_string_equal(path, memory);
}

static void test_memcg_cached_and_reset(void **state)
{
	struct oomkit_ctx *ctx;
	enum oomkit_cgroup_mode mode;
	const char *p = NULL;
	const char *memory = mnt("v1mem");
	const char *cg2 = mnt("v2");

	(void)state;
	tt_write(root, "v2/cgroup.controllers", "memory\n");
	mountinfo("35 31 0:32 / %s rw - cgroup cgroup rw,memory\n", memory);
	ctx = fixture_ctx();
	assert_int_equal(oomkit_ctx_memcg_root(ctx, NULL, NULL), 0);
	assert_int_equal(oomkit_ctx_memcg_root(ctx, &mode, &p), 0);
	assert_int_equal(mode, OOMKIT_CGROUP_V1);
	assert_string_equal(p, memory);

	/* discovered once */
	mountinfo("25 30 0:23 / %s rw - cgroup2 cgroup2 rw\n", cg2);
	assert_int_equal(oomkit_ctx_memcg_root(ctx, &mode, &p), 0);
	assert_int_equal(mode, OOMKIT_CGROUP_V1);
	/* setting the procfs root forgets it */
	assert_int_equal(oomkit_ctx_set_proc_root(ctx, procfs), 0);
	assert_int_equal(oomkit_ctx_memcg_root(ctx, &mode, &p), 0);
	assert_int_equal(mode, OOMKIT_CGROUP_V2);
	assert_string_equal(p, cg2);

	/* a failed discovery is remembered too, and forgotten the same way */
	assert_int_equal(oomkit_ctx_set_proc_root(ctx, root), 0); /* no self/ */
	assert_int_equal(oomkit_ctx_memcg_root(ctx, &mode, NULL), -ENOENT);
	assert_int_equal(mode, OOMKIT_CGROUP_NONE);
	assert_int_equal(oomkit_ctx_set_proc_root(ctx, procfs), 0);
	assert_int_equal(oomkit_ctx_memcg_root(ctx, &mode, NULL), 0);
	assert_int_equal(mode, OOMKIT_CGROUP_V2);
	oomkit_ctx_free(ctx);
}

static void test_memcg_explicit(void **state)
{
	struct oomkit_ctx *ctx;
	enum oomkit_cgroup_mode mode;
	const char *p = NULL;
	char buf[64];

	(void)state;
	mountinfo("35 31 0:32 / %s rw - cgroup cgroup rw,memory\n", mnt("v1mem"));
	ctx = fixture_ctx();
	assert_int_equal(oomkit_ctx_set_memcg_root(NULL, OOMKIT_CGROUP_V2, "/x"), -EINVAL);
	assert_int_equal(oomkit_ctx_set_memcg_root(ctx, OOMKIT_CGROUP_V2, NULL), -EINVAL);
	assert_int_equal(oomkit_ctx_set_memcg_root(ctx, OOMKIT_CGROUP_NONE, "/x"), -EINVAL);
	assert_int_equal(oomkit_ctx_set_memcg_root(ctx, (enum oomkit_cgroup_mode)7, "/x"), -EINVAL);
	/* refused settings leave discovery alone */
	assert_int_equal(oomkit_ctx_memcg_root(ctx, &mode, NULL), 0);
	assert_int_equal(mode, OOMKIT_CGROUP_V1);

	snprintf(buf, sizeof(buf), "/fixture/cg2");
	assert_int_equal(oomkit_ctx_set_memcg_root(ctx, OOMKIT_CGROUP_V2, buf), 0);
	buf[0] = 'X';
	assert_int_equal(oomkit_ctx_memcg_root(ctx, &mode, &p), 0);
	assert_int_equal(mode, OOMKIT_CGROUP_V2);
	assert_string_equal(p, "/fixture/cg2");
	/* an explicit root stays when the procfs root changes, even to a bad one */
	assert_int_equal(oomkit_ctx_set_proc_root(ctx, "/nonexistent/proc"), 0);
	assert_int_equal(oomkit_ctx_memcg_root(ctx, &mode, &p), 0);
	assert_int_equal(mode, OOMKIT_CGROUP_V2);
	assert_string_equal(p, "/fixture/cg2");
	/* it may be replaced */
	assert_int_equal(oomkit_ctx_set_memcg_root(ctx, OOMKIT_CGROUP_V1, "/fixture/v1"), 0);
	assert_int_equal(oomkit_ctx_memcg_root(ctx, &mode, &p), 0);
	assert_int_equal(mode, OOMKIT_CGROUP_V1);
	assert_string_equal(p, "/fixture/v1");
	oomkit_ctx_free(ctx);
}

/*
 * Hostile mountinfo: short lines, a missing separator, a line that ends
 * at the separator, binary bytes, a huge line, no final newline. None of
 * it may crash or read outside the text, and a good line after the
 * garbage is still found.
 */
static void test_memcg_hostile(void **state)
{
	static const char *const junk[] = {
		"1\n",
		"1 2 3 4 5\n",
		"1 2 3 4 5 6\n",
		"1 2 0:1 / /m rw -\n",
		"1 2 0:1 / /m rw - \n",
		"1 2 0:1 / /m rw - cgroup\n",
		"1 2 0:1 / /m rw -cgroup cgroup rw,memory\n",
		"1 2 0:1 / /m rw shared:1\n",
		"      \n",
		"- - - - - - - - -\n",
		"\x01\x02\xff\xfe - cgroup cgroup rw,memory\n",
		"\\\\\\\\ \\0 \\7777 \\\n",
	};
	enum oomkit_cgroup_mode mode;
	char path[PATH_MAX], *big;
	const char *memory = mnt("mem");
	size_t i, n = 0, cap = 1 << 20;

	(void)state;
	/* every junk line alone finds nothing */
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		mountinfo("%s", junk[i]);
		assert_int_equal(discover(&mode, path, sizeof(path)), -OOMKIT_ENOMEMCG);
	}
	/* each junk line, without its newline, at the very end of the file */
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		size_t len = strlen(junk[i]) - 1;

		tt_write_n(root, "proc/self/mountinfo", junk[i], len);
		assert_int_equal(discover(&mode, path, sizeof(path)), -OOMKIT_ENOMEMCG);
	}

	/* all junk, a 512 KiB line, then the real line */
	big = malloc(cap);
	assert_non_null(big);
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		n += (size_t)snprintf(big + n, cap - n, "%s", junk[i]);
	memset(big + n, 'a', 512 * 1024);
	n += 512 * 1024;
	n += (size_t)snprintf(big + n, cap - n, "\n35 31 0:32 / %s rw - cgroup cgroup rw,memory",
			      memory);
	tt_write_n(root, "proc/self/mountinfo", big, n);
	free(big);
	assert_int_equal(discover(&mode, path, sizeof(path)), 0);
	assert_int_equal(mode, OOMKIT_CGROUP_V1);
	assert_string_equal(path, memory);
}

/* The running system: discovery agrees with /proc/self/cgroup. */
static void test_memcg_live(void **state)
{
	struct oomkit_ctx *ctx = NULL;
	enum oomkit_cgroup_mode mode;
	const char *p = NULL;
	char line[4096], ctl[PATH_MAX];
	int rc, v1_memory_line = 0;
	FILE *f;

	(void)state;
	if (access("/proc/self/mountinfo", R_OK) != 0)
		skip();
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	rc = oomkit_ctx_memcg_root(ctx, &mode, &p);
	assert_true(rc == 0 || rc == -OOMKIT_ENOMEMCG);
	f = fopen("/proc/self/cgroup", "re");
	if (rc != 0 || !f) {
		if (f)
			fclose(f);
		oomkit_ctx_free(ctx);
		skip();
	}
	while (fgets(line, sizeof(line), f)) {
		char *c = strchr(line, ':'), *e = c ? strchr(c + 1, ':') : NULL;
		char *tok, *save = NULL;

		if (!e)
			continue;
		*e = '\0';
		for (tok = strtok_r(c + 1, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			if (strcmp(tok, "memory") == 0)
				v1_memory_line = 1;
	}
	fclose(f);
	assert_non_null(p);
	assert_int_equal(access(p, F_OK), 0);
	if (mode == OOMKIT_CGROUP_V1) {
		assert_true(v1_memory_line);
	} else {
		assert_int_equal(mode, OOMKIT_CGROUP_V2);
		assert_false(v1_memory_line);
		snprintf(ctl, sizeof(ctl), "%s/cgroup.controllers", p);
		f = fopen(ctl, "re");
		assert_non_null(f);
		assert_non_null(fgets(line, sizeof(line), f));
		fclose(f);
		assert_non_null(strstr(line, "memory"));
	}
	oomkit_ctx_free(ctx);
}

/* btime of <procfs>/stat: found after a long interrupt line, unknown when
 * missing or damaged, never a number read from a damaged line */
static void test_boot_time(void **state)
{
	struct oomkit_ctx *ctx;
	long long us = 7;
	char *big;
	size_t i, n = 200000;

	(void)state;
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	assert_int_equal(oomkit_ctx_set_proc_root(ctx, procfs), 0);
	assert_int_equal(oomkit_ctx_boot_time(ctx, &us), -ENOENT);
	assert_int_equal(us, 7);

	big = malloc(n + 200);
	assert_non_null(big);
	strcpy(big, "cpu  1 2 3 4 5 6 7 0 0 0\nintr 1");
	for (i = strlen(big); i < n; i += 2)
		memcpy(big + i, " 0", 2);
	strcpy(big + n, "\nctxt 99\nbtime 1764547200\nprocesses 5\n");
	tt_write(root, "proc/stat", big);
	free(big);
	assert_int_equal(oomkit_ctx_boot_time(ctx, &us), 0);
	assert_int_equal(us, 1764547200LL * 1000000LL);

	us = 7;
	tt_write(root, "proc/stat", "cpu 1 2\nbtime 17645x\n");
	assert_int_equal(oomkit_ctx_boot_time(ctx, &us), -ENODATA);
	tt_write(root, "proc/stat", "cpu 1 2\nbtime \n");
	assert_int_equal(oomkit_ctx_boot_time(ctx, &us), -ENODATA);
	tt_write(root, "proc/stat", "cpu 1 2\nbtime 99999999999999999999\n");
	assert_int_equal(oomkit_ctx_boot_time(ctx, &us), -ENODATA);
	tt_write(root, "proc/stat", "cpu 1 2\nctxt 5\n");
	assert_int_equal(oomkit_ctx_boot_time(ctx, &us), -ENODATA);
	assert_int_equal(us, 7);
	assert_int_equal(oomkit_ctx_boot_time(NULL, &us), -EINVAL);
	assert_int_equal(oomkit_ctx_boot_time(ctx, NULL), -EINVAL);
	oomkit_ctx_free(ctx);
}

/* btime of the live /proc/stat, or -1 */
static long long live_btime(void)
{
	long long bt = -1;
	char line[65536];
	FILE *f = fopen("/proc/stat", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "btime %lld", &bt) == 1)
			break;
	fclose(f);
	return bt;
}

/* the live /proc: the second of an independent read of btime, read just
 * before or just after (the kernel derives btime from the wall clock
 * minus the time since boot: a clock step or slew between two reads
 * moves it by a second) */
static void test_boot_time_live(void **state)
{
	struct oomkit_ctx *ctx;
	long long us, before, after;

	(void)state;
	before = live_btime();
	if (before < 0)
		skip();
	assert_true(before > 0);
	assert_int_equal(oomkit_ctx_new(&ctx), 0);
	assert_int_equal(oomkit_ctx_boot_time(ctx, &us), 0);
	after = live_btime();
	if (us != before * 1000000LL)
		assert_int_equal(us, after * 1000000LL);
	oomkit_ctx_free(ctx);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_new_defaults),
		T(test_proc_root),
		T(test_page_size),
		T(test_kernel_version_strings),
		T(test_kernel_version_reread),
		T(test_kernel_version_live),
		T(test_root_too_long),
		T(test_memcg_v1),
		T(test_memcg_v2),
		T(test_memcg_hybrid),
		T(test_memcg_escaped_mount_point),
		T(test_memcg_cached_and_reset),
		T(test_memcg_explicit),
		T(test_memcg_hostile),
		T(test_memcg_live),
		T(test_boot_time),
		T(test_boot_time_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
