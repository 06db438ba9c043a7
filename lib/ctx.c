/*
 * ctx.c - the library context: procfs root, memory cgroup mount, page size
 * and kernel version.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "oomkit/ctx.h"
#include "ctx-private.h"
#include "util-private.h"

int oomkit_ctx_new(struct oomkit_ctx **ctx)
{
	struct oomkit_ctx *c;

	if (!ctx)
		return -EINVAL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->proc_root = strdup("/proc");
	if (!c->proc_root) {
		free(c);
		return -ENOMEM;
	}
	c->page_size = sysconf(_SC_PAGESIZE);
	if (c->page_size <= 0)
		c->page_size = 4096;
	*ctx = c;
	return 0;
}

void oomkit_ctx_free(struct oomkit_ctx *ctx)
{
	if (!ctx)
		return;
	free(ctx->proc_root);
	free(ctx->memcg_root);
	free(ctx);
}

int oomkit_ctx_set_proc_root(struct oomkit_ctx *ctx, const char *path)
{
	char *p;

	if (!ctx || !path || !*path)
		return -EINVAL;
	p = strdup(path);
	if (!p)
		return -ENOMEM;
	free(ctx->proc_root);
	ctx->proc_root = p;
	/* a memcg root set explicitly stays; a discovered one is re-read
	 * from the new root's mountinfo */
	if (!ctx->memcg_explicit) {
		ctx->memcg_done = 0;
		free(ctx->memcg_root);
		ctx->memcg_root = NULL;
	}
	ctx->kver_read = 0;
	ctx->pidns_done = 0;
	return 0;
}

const char *oomkit_ctx_get_proc_root(const struct oomkit_ctx *ctx)
{
	return ctx ? ctx->proc_root : NULL;
}

int oomkit_ctx_set_memcg_root(struct oomkit_ctx *ctx, enum oomkit_cgroup_mode mode,
			      const char *path)
{
	char *p;

	if (!ctx || !path || (mode != OOMKIT_CGROUP_V1 && mode != OOMKIT_CGROUP_V2))
		return -EINVAL;
	p = strdup(path);
	if (!p)
		return -ENOMEM;
	free(ctx->memcg_root);
	ctx->memcg_root = p;
	ctx->memcg_mode = mode;
	ctx->memcg_explicit = 1;
	ctx->memcg_done = 1;
	ctx->memcg_err = 0;
	return 0;
}

/* Undo mountinfo's octal escapes (\040 for a space) in place. */
static void unescape_mountinfo(char *s)
{
	char *r = s, *w = s;

	while (*r) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
		    r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 4;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

static int has_option(const char *opts, const char *want)
{
	size_t wl = strlen(want);
	const char *p = opts;

	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == wl && strncmp(p, want, wl) == 0)
			return 1;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

static int v2_has_memory(const char *mnt)
{
	char path[4096], buf[512];
	const char *p;
	int n = snprintf(path, sizeof(path), "%s/cgroup.controllers", mnt);

	if (n < 0 || (size_t)n >= sizeof(path))
		return 0;
	if (oomkit__read_at(AT_FDCWD, path, buf, sizeof(buf)) < 0)
		return 0;
	for (p = buf; (p = strstr(p, "memory")); p += 6) {
		if ((p == buf || p[-1] == ' ') && (p[6] == ' ' || p[6] == '\n' || p[6] == '\0'))
			return 1;
	}
	return 0;
}

/*
 * Split the next space-separated field off *s (NULL when none is left).
 * The field is NUL-terminated in place; *s moves past it.
 */
static char *next_field(char **s)
{
	char *f = *s, *end;

	if (!f || !*f)
		return NULL;
	end = strchr(f, ' ');
	if (end) {
		*end = '\0';
		*s = end + 1;
	} else {
		*s = NULL;
	}
	return f;
}

static int discover_memcg(struct oomkit_ctx *ctx)
{
	char path[4096], *text = NULL, *line, *save = NULL;
	char *v2 = NULL;
	ssize_t n;
	int rc = -OOMKIT_ENOMEMCG;

	n = snprintf(path, sizeof(path), "%s/self/mountinfo", ctx->proc_root);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	n = oomkit__read_alloc_at(AT_FDCWD, path, &text);
	if (n < 0)
		return (int)n;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[6], *fstype, *super, *q = line, *opt;
		int i;

		/*
		 * ID parent maj:min root mountpoint options [optional...] - fstype source super
		 * The optional fields end at a field that is exactly "-"; every
		 * field is cut inside this line, so a short line cannot reach
		 * the next one.
		 */
		for (i = 0; i < 6; i++)
			if (!(f[i] = next_field(&q)))
				break;
		if (i < 6)
			continue;
		while ((opt = next_field(&q)) && strcmp(opt, "-") != 0)
			;
		if (!opt)
			continue;
		fstype = next_field(&q);
		if (!fstype || !next_field(&q)) /* source */
			continue;
		super = next_field(&q);
		if (!super)
			super = (char *)"";
		unescape_mountinfo(f[4]);
		if (strcmp(fstype, "cgroup") == 0 && has_option(super, "memory")) {
			free(ctx->memcg_root);
			ctx->memcg_root = strdup(f[4]);
			ctx->memcg_mode = OOMKIT_CGROUP_V1;
			rc = ctx->memcg_root ? 0 : -ENOMEM;
			break;
		}
		if (strcmp(fstype, "cgroup2") == 0 && !v2 && v2_has_memory(f[4]))
			v2 = strdup(f[4]);
	}
	if (rc == -OOMKIT_ENOMEMCG && v2) {
		free(ctx->memcg_root);
		ctx->memcg_root = v2;
		ctx->memcg_mode = OOMKIT_CGROUP_V2;
		v2 = NULL;
		rc = 0;
	}
	free(v2);
	free(text);
	return rc;
}

int oomkit_ctx_memcg_root(struct oomkit_ctx *ctx, enum oomkit_cgroup_mode *mode, const char **path)
{
	if (!ctx)
		return -EINVAL;
	if (!ctx->memcg_done) {
		ctx->memcg_err = discover_memcg(ctx);
		ctx->memcg_done = 1;
	}
	if (ctx->memcg_err < 0) {
		if (mode)
			*mode = OOMKIT_CGROUP_NONE;
		return ctx->memcg_err;
	}
	if (mode)
		*mode = ctx->memcg_mode;
	if (path)
		*path = ctx->memcg_root;
	return 0;
}

long oomkit_ctx_page_size(const struct oomkit_ctx *ctx)
{
	return ctx ? ctx->page_size : 4096;
}

int oomkit_ctx_set_page_size(struct oomkit_ctx *ctx, long bytes)
{
	if (!ctx || bytes < 512 || (bytes & (bytes - 1)))
		return -EINVAL;
	ctx->page_size = bytes;
	return 0;
}

/*
 * "6.1.0-27-amd64" -> 6.1.0. Each part is plain digits (no sign, no
 * blank); a '.' must be followed by one. Like the kernel's
 * KERNEL_VERSION(), the sublevel is capped at 255 (4.9.256 and later
 * stable releases); a version or patchlevel past 255 is not a Linux
 * release: 0, unknown.
 */
static unsigned parse_kver(const char *rel)
{
	unsigned long v[3] = { 0, 0, 0 };
	const char *p = rel;
	int i;

	for (i = 0; i < 3; i++) {
		if (*p < '0' || *p > '9')
			return 0;
		for (; *p >= '0' && *p <= '9'; p++)
			if (v[i] <= 255)
				v[i] = v[i] * 10 + (unsigned long)(*p - '0');
		if (*p != '.')
			break;
		p++;
	}
	if (v[0] == 0 || v[0] > 255 || v[1] > 255)
		return 0;
	if (v[2] > 255)
		v[2] = 255;
	return OOMKIT_KVER((unsigned)v[0], (unsigned)v[1], (unsigned)v[2]);
}

int oomkit_ctx_kernel_version(struct oomkit_ctx *ctx, unsigned *version)
{
	if (!ctx)
		return -EINVAL;
	if (!ctx->kver_read) {
		char path[4096], buf[256];
		int n = snprintf(path, sizeof(path), "%s/sys/kernel/osrelease", ctx->proc_root);

		/* a root too long for the path reads as one without the file */
		if (n >= 0 && (size_t)n < sizeof(path) &&
		    oomkit__read_at(AT_FDCWD, path, buf, sizeof(buf)) >= 0) {
			ctx->kver = parse_kver(buf);
		} else {
			struct utsname u;

			ctx->kver = uname(&u) == 0 ? parse_kver(u.release) : 0;
		}
		ctx->kver_read = 1;
	}
	if (!ctx->kver)
		return -ENODATA;
	if (version)
		*version = ctx->kver;
	return 0;
}

void oomkit_ctx_set_kernel_version(struct oomkit_ctx *ctx, unsigned version)
{
	if (!ctx)
		return;
	ctx->kver = version;
	ctx->kver_read = 1;
}

int oomkit_ctx_boot_time(const struct oomkit_ctx *ctx, long long *realtime_us)
{
	char path[4096], *line = NULL;
	size_t cap = 0;
	int len, r = -ENODATA;
	FILE *f;

	if (!ctx || !realtime_us)
		return -EINVAL;
	len = snprintf(path, sizeof(path), "%s/stat", ctx->proc_root);
	if (len < 0 || (size_t)len >= sizeof(path))
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	/* btime follows the per-CPU and interrupt lines, which are long on a
	 * big host: read line by line, whatever their length */
	while (getline(&line, &cap, f) > 0) {
		long long v = 0;
		const char *p;

		if (strncmp(line, "btime ", 6) != 0)
			continue;
		for (p = line + 6; *p >= '0' && *p <= '9'; p++) {
			if (v > (LLONG_MAX / 1000000LL - 9) / 10)
				break;
			v = v * 10 + (*p - '0');
		}
		if (p > line + 6 && (*p == '\n' || *p == '\0') && v > 0) {
			*realtime_us = v * 1000000LL;
			r = 0;
		}
		break;
	}
	free(line);
	fclose(f);
	return r;
}
