/*
 * memcg.c - memory cgroups, v1 and v2 behind one model.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oomkit/memcg.h"
#include "ctx-private.h"
#include "memcg-private.h"
#include "util-private.h"

/* v1 "unlimited" is PAGE_COUNTER_MAX in bytes: LONG_MAX rounded down to a
 * page. Anything at or above this is treated as no limit. */
#define V1_UNLIMITED_MIN 0x7ffffffffffff000LL

struct oomkit_memcg {
	char *path;
	enum oomkit_cgroup_mode mode;
	long long val[OOMKIT_MEMCG_ITEM_COUNT_];
	unsigned char have[OOMKIT_MEMCG_ITEM_COUNT_];
};

struct oomkit_memcg_tree {
	struct oomkit_memcg **cg; /* pre-order */
	size_t n, cap;
};

static void set(struct oomkit_memcg *cg, enum oomkit_memcg_item it, long long v)
{
	cg->val[it] = v;
	cg->have[it] = 1;
}

static int valid_path(const char *path)
{
	const char *p = path;

	if (!path || path[0] != '/')
		return 0;
	while ((p = strstr(p, "..")) != NULL) {
		if ((p == path || p[-1] == '/') && (p[2] == '/' || p[2] == '\0'))
			return 0;
		p += 2;
	}
	return 1;
}

static void read_item(struct oomkit_memcg *cg, int dfd, const char *file, enum oomkit_memcg_item it)
{
	long long v;

	if (oomkit__read_ll_at(dfd, file, &v) == 0) {
		if (cg->mode == OOMKIT_CGROUP_V1 && v >= V1_UNLIMITED_MIN)
			v = OOMKIT_UNLIMITED;
		set(cg, it, v);
	}
}

/* "key value" lines (memory.events, memory.oom_control) */
static void read_keyed(struct oomkit_memcg *cg, int dfd, const char *file, const char *const *keys,
		       const enum oomkit_memcg_item *items, size_t n)
{
	char buf[4096];
	size_t i;

	if (oomkit__read_at(dfd, file, buf, sizeof(buf)) < 0)
		return;
	for (i = 0; i < n; i++) {
		const char *v = oomkit__find_key(buf, keys[i], ' ');
		long long x;

		if (v && oomkit__parse_ll(&v, &x) == 0)
			set(cg, items[i], x);
	}
}

static void read_psi(struct oomkit_memcg *cg, int dfd)
{
	char buf[512];
	long long v[8];

	if (oomkit__read_at(dfd, "memory.pressure", buf, sizeof(buf)) < 0 ||
	    oomkit__parse_psi(buf, v) < 0)
		return;
	if (v[0] >= 0)
		set(cg, OOMKIT_MEMCG_PSI_SOME_AVG10, v[0]);
	if (v[3] >= 0)
		set(cg, OOMKIT_MEMCG_PSI_SOME_TOTAL_US, v[3]);
	if (v[4] >= 0)
		set(cg, OOMKIT_MEMCG_PSI_FULL_AVG10, v[4]);
	if (v[7] >= 0)
		set(cg, OOMKIT_MEMCG_PSI_FULL_TOTAL_US, v[7]);
}

static int open_memcg_dir(struct oomkit_ctx *ctx, const char *path, enum oomkit_cgroup_mode *mode)
{
	const char *root;
	char full[8192];
	int rc, fd, n;

	rc = oomkit_ctx_memcg_root(ctx, mode, &root);
	if (rc < 0)
		return rc;
	if (!valid_path(path))
		return -EINVAL;
	n = snprintf(full, sizeof(full), "%s%s", root, strcmp(path, "/") ? path : "");
	if (n < 0 || (size_t)n >= sizeof(full))
		return -ENAMETOOLONG;
	fd = open(full, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int oomkit_memcg_read(struct oomkit_ctx *ctx, const char *path, struct oomkit_memcg **out)
{
	static const char *const ev_keys[] = { "low", "high",     "max",
					       "oom", "oom_kill", "oom_group_kill" };
	static const enum oomkit_memcg_item ev_items[] = {
		OOMKIT_MEMCG_EV_LOW, OOMKIT_MEMCG_EV_HIGH,     OOMKIT_MEMCG_EV_MAX,
		OOMKIT_MEMCG_EV_OOM, OOMKIT_MEMCG_EV_OOM_KILL, OOMKIT_MEMCG_EV_OOM_GROUP_KILL
	};
	static const char *const oc_keys[] = { "oom_kill_disable", "under_oom", "oom_kill" };
	static const enum oomkit_memcg_item oc_items[] = { OOMKIT_MEMCG_OOM_KILL_DISABLE,
							   OOMKIT_MEMCG_UNDER_OOM,
							   OOMKIT_MEMCG_EV_OOM_KILL };
	enum oomkit_cgroup_mode mode;
	struct oomkit_memcg *cg;
	int dfd, is_root;

	if (!ctx || !out)
		return -EINVAL;
	*out = NULL;
	dfd = open_memcg_dir(ctx, path, &mode);
	if (dfd < 0)
		return dfd;
	cg = calloc(1, sizeof(*cg));
	if (!cg || !(cg->path = strdup(path))) {
		free(cg);
		close(dfd);
		return -ENOMEM;
	}
	cg->mode = mode;
	is_root = strcmp(path, "/") == 0;
	if (mode == OOMKIT_CGROUP_V2) {
		long long swappiness;
		char buf[PATH_MAX];
		int n;

		if (!is_root) {
			read_item(cg, dfd, "memory.max", OOMKIT_MEMCG_LIMIT);
			read_item(cg, dfd, "memory.high", OOMKIT_MEMCG_HIGH);
			read_item(cg, dfd, "memory.current", OOMKIT_MEMCG_USAGE);
			read_item(cg, dfd, "memory.peak", OOMKIT_MEMCG_PEAK);
			read_item(cg, dfd, "memory.swap.max", OOMKIT_MEMCG_SWAP_LIMIT);
			read_item(cg, dfd, "memory.swap.current", OOMKIT_MEMCG_SWAP_USAGE);
			read_item(cg, dfd, "memory.oom.group", OOMKIT_MEMCG_OOM_GROUP);
			read_keyed(cg, dfd, "memory.events", ev_keys, ev_items, 6);
		} else {
			set(cg, OOMKIT_MEMCG_LIMIT, OOMKIT_UNLIMITED);
		}
		read_psi(cg, dfd);
		/* v2 has no per-cgroup swappiness: the kernel uses vm.swappiness */
		n = snprintf(buf, sizeof(buf), "%s/sys/vm/swappiness", ctx->proc_root);
		if (n >= 0 && (size_t)n < sizeof(buf) &&
		    oomkit__read_ll_at(AT_FDCWD, buf, &swappiness) == 0)
			set(cg, OOMKIT_MEMCG_SWAPPINESS, swappiness);
	} else {
		read_item(cg, dfd, "memory.limit_in_bytes", OOMKIT_MEMCG_LIMIT);
		read_item(cg, dfd, "memory.usage_in_bytes", OOMKIT_MEMCG_USAGE);
		read_item(cg, dfd, "memory.max_usage_in_bytes", OOMKIT_MEMCG_PEAK);
		read_item(cg, dfd, "memory.memsw.limit_in_bytes", OOMKIT_MEMCG_MEMSW_LIMIT);
		read_item(cg, dfd, "memory.failcnt", OOMKIT_MEMCG_FAILCNT);
		read_item(cg, dfd, "memory.swappiness", OOMKIT_MEMCG_SWAPPINESS);
		read_keyed(cg, dfd, "memory.oom_control", oc_keys, oc_items, 3);
		if (cg->have[OOMKIT_MEMCG_MEMSW_LIMIT] && cg->have[OOMKIT_MEMCG_LIMIT]) {
			long long ms = cg->val[OOMKIT_MEMCG_MEMSW_LIMIT];
			long long l = cg->val[OOMKIT_MEMCG_LIMIT];

			set(cg, OOMKIT_MEMCG_SWAP_LIMIT,
			    ms == OOMKIT_UNLIMITED ? OOMKIT_UNLIMITED : (ms > l ? ms - l : 0));
		}
		{
			long long msu;

			if (cg->have[OOMKIT_MEMCG_USAGE] &&
			    oomkit__read_ll_at(dfd, "memory.memsw.usage_in_bytes", &msu) == 0)
				set(cg, OOMKIT_MEMCG_SWAP_USAGE,
				    msu > cg->val[OOMKIT_MEMCG_USAGE] ?
					    msu - cg->val[OOMKIT_MEMCG_USAGE] :
					    0);
		}
		read_psi(cg, dfd);
	}
	close(dfd);
	*out = cg;
	return 0;
}

void oomkit_memcg_free(struct oomkit_memcg *cg)
{
	if (!cg)
		return;
	free(cg->path);
	free(cg);
}

const char *oomkit_memcg_path(const struct oomkit_memcg *cg)
{
	return cg ? cg->path : NULL;
}

enum oomkit_cgroup_mode oomkit_memcg_mode(const struct oomkit_memcg *cg)
{
	return cg ? cg->mode : OOMKIT_CGROUP_NONE;
}

int oomkit_memcg_get(const struct oomkit_memcg *cg, enum oomkit_memcg_item item, long long *val)
{
	if (!cg || (unsigned)item >= OOMKIT_MEMCG_ITEM_COUNT_)
		return -EINVAL;
	if (!cg->have[item])
		return -ENODATA;
	if (val)
		*val = cg->val[item];
	return 0;
}

int oomkit_memcg_has_limit(const struct oomkit_memcg *cg)
{
	if (!cg || strcmp(cg->path, "/") == 0)
		return 0;
	if (cg->have[OOMKIT_MEMCG_LIMIT] && cg->val[OOMKIT_MEMCG_LIMIT] != OOMKIT_UNLIMITED)
		return 1;
	if (cg->mode == OOMKIT_CGROUP_V1 && cg->have[OOMKIT_MEMCG_MEMSW_LIMIT] &&
	    cg->val[OOMKIT_MEMCG_MEMSW_LIMIT] != OOMKIT_UNLIMITED)
		return 1;
	return 0;
}

unsigned long long oomkit_memcg_totalpages(const struct oomkit_memcg *cg, long page_size,
					   unsigned long long swap_total_pages)
{
	unsigned long long max, swap = 0, ps;
	long long limit, swappiness = 60;

	if (!cg || page_size <= 0)
		return 1;
	ps = (unsigned long long)page_size;
	/* page counters hold pages: the byte limit rounds down to a page */
	limit = cg->have[OOMKIT_MEMCG_LIMIT] ? cg->val[OOMKIT_MEMCG_LIMIT] : OOMKIT_UNLIMITED;
	max = (unsigned long long)limit / ps;
	if (cg->have[OOMKIT_MEMCG_SWAPPINESS])
		swappiness = cg->val[OOMKIT_MEMCG_SWAPPINESS];
	if (swappiness) {
		if (cg->mode == OOMKIT_CGROUP_V1) {
			/* swap excess = memsw.max - memory.max, in pages */
			unsigned long long memsw =
				cg->have[OOMKIT_MEMCG_MEMSW_LIMIT] ?
					(unsigned long long)cg->val[OOMKIT_MEMCG_MEMSW_LIMIT] / ps :
					(unsigned long long)OOMKIT_UNLIMITED / ps;

			swap = memsw > max ? memsw - max : 0;
		} else {
			long long sl = cg->have[OOMKIT_MEMCG_SWAP_LIMIT] ?
					       cg->val[OOMKIT_MEMCG_SWAP_LIMIT] :
					       OOMKIT_UNLIMITED;

			swap = (unsigned long long)sl / ps;
		}
		if (swap > swap_total_pages)
			swap = swap_total_pages;
	}
	max += swap;
	return max ? max : 1;
}

int oomkit__memcg_parse_cgroup_file(const char *text, enum oomkit_cgroup_mode mode, char *buf,
				    size_t size)
{
	const char *line = text;

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		/* ID:controllers:path - split on the first two colons only */
		const char *c1 = memchr(line, ':', len);
		const char *c2 = c1 ? memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - line)) : NULL;

		if (c2) {
			const char *ctl = c1 + 1;
			size_t ctl_len = (size_t)(c2 - ctl);
			const char *path = c2 + 1;
			size_t plen = len - (size_t)(path - line);
			int match = 0;

			if (mode == OOMKIT_CGROUP_V2) {
				match = ctl_len == 0 && c1 - line == 1 && line[0] == '0';
			} else {
				const char *p = ctl;

				while (p < c2) {
					const char *comma = memchr(p, ',', (size_t)(c2 - p));
					size_t l = comma ? (size_t)(comma - p) : (size_t)(c2 - p);

					if (l == 6 && memcmp(p, "memory", 6) == 0) {
						match = 1;
						break;
					}
					p = comma ? comma + 1 : c2;
				}
			}
			if (match) {
				if (plen + 1 > size)
					return -ERANGE;
				memcpy(buf, path, plen);
				buf[plen] = '\0';
				return 0;
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	return -ENOENT;
}

int oomkit_memcg_pid_path(struct oomkit_ctx *ctx, pid_t pid, char *buf, size_t size)
{
	enum oomkit_cgroup_mode mode;
	char path[4096], text[8192];
	ssize_t n;
	int rc;

	if (!ctx || !buf || pid <= 0)
		return -EINVAL;
	rc = oomkit_ctx_memcg_root(ctx, &mode, NULL);
	if (rc < 0)
		return rc;
	snprintf(path, sizeof(path), "%s/%d/cgroup", ctx->proc_root, pid);
	n = oomkit__read_at(AT_FDCWD, path, text, sizeof(text));
	if (n < 0 && n != -EFBIG)
		return n == -ENOENT ? -ESRCH : (int)n;
	return oomkit__memcg_parse_cgroup_file(text, mode, buf, size);
}

struct strv {
	char **v;
	size_t n, cap;
};

static int strv_push(struct strv *s, const char *str)
{
	if (s->n + 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		char **nv = realloc(s->v, cap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		s->v = nv;
		s->cap = cap;
	}
	if (!(s->v[s->n] = strdup(str)))
		return -ENOMEM;
	s->v[++s->n] = NULL;
	return 0;
}

static int walk(int dfd, const char *path, struct strv *out, int depth)
{
	DIR *d;
	struct dirent *de;
	int rc = 0;

	if (depth > 64) {
		close(dfd);
		return 0;
	}
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return 0;
	}
	while ((de = readdir(d))) {
		char child[8192];
		int cfd, n;

		if (de->d_name[0] == '.' || (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN))
			continue;
		cfd = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cfd < 0)
			continue; /* a file, or gone meanwhile */
		n = snprintf(child, sizeof(child), "%s/%s", strcmp(path, "/") ? path : "",
			     de->d_name);
		if (n < 0 || (size_t)n >= sizeof(child)) {
			close(cfd);
			continue;
		}
		rc = strv_push(out, child);
		if (rc < 0) {
			close(cfd);
			break;
		}
		rc = walk(cfd, child, out, depth + 1);
		if (rc < 0)
			break;
	}
	closedir(d);
	return rc;
}

int oomkit_memcg_list(struct oomkit_ctx *ctx, char ***paths)
{
	enum oomkit_cgroup_mode mode;
	struct strv s = { 0 };
	int dfd, rc;

	if (!ctx || !paths)
		return -EINVAL;
	*paths = NULL;
	dfd = open_memcg_dir(ctx, "/", &mode);
	if (dfd < 0)
		return dfd;
	rc = strv_push(&s, "/");
	if (rc == 0)
		rc = walk(dfd, "/", &s, 0);
	else
		close(dfd);
	if (rc < 0) {
		oomkit_strv_free(s.v);
		return rc;
	}
	*paths = s.v;
	return (int)s.n;
}

void oomkit_strv_free(char **strv)
{
	char **p;

	if (!strv)
		return;
	for (p = strv; *p; p++)
		free(*p);
	free(strv);
}

int oomkit_memcg_path_within(const char *path, const char *ancestor)
{
	size_t n;

	if (!path || path[0] != '/' || !ancestor || ancestor[0] != '/')
		return 0;
	n = strlen(ancestor);
	while (n > 1 && ancestor[n - 1] == '/')
		n--;
	if (n == 1) /* the root holds every memcg */
		return 1;
	return strncmp(path, ancestor, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

int oomkit_memcg_path_from_user(struct oomkit_ctx *ctx, const char *name, char **out)
{
	const char *root = NULL, *p = name;
	size_t len;
	char *norm;
	int rc;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!ctx || !name)
		return -EINVAL;
	rc = oomkit_ctx_memcg_root(ctx, NULL, &root);
	if (rc < 0)
		return rc;
	/* a directory of the mounted hierarchy names the memcg below it */
	len = strlen(root);
	if (strcmp(root, "/") != 0 && strncmp(p, root, len) == 0 &&
	    (p[len] == '/' || p[len] == '\0')) {
		p += len;
		if (!*p) /* the mount point itself: the root memcg */
			p = "/";
	}
	if (*p != '/')
		return -EINVAL;
	norm = strdup(p);
	if (!norm)
		return -ENOMEM;
	len = strlen(norm);
	while (len > 1 && norm[len - 1] == '/')
		norm[--len] = '\0';
	if (strstr(norm, "/../") || (len >= 3 && strcmp(norm + len - 3, "/..") == 0)) {
		free(norm);
		return -EPERM;
	}
	*out = norm;
	return 0;
}

struct oomkit_memcg_tree *oomkit__memcg_tree_new(void)
{
	return calloc(1, sizeof(struct oomkit_memcg_tree));
}

/* Append @cg (owned by @tree from now on, also on failure). */
static int tree_push(struct oomkit_memcg_tree *tree, struct oomkit_memcg *cg)
{
	if (tree->n == tree->cap) {
		size_t cap = tree->cap ? tree->cap * 2 : 64;
		struct oomkit_memcg **nv = realloc(tree->cg, cap * sizeof(*nv));

		if (!nv) {
			oomkit_memcg_free(cg);
			return -ENOMEM;
		}
		tree->cg = nv;
		tree->cap = cap;
	}
	tree->cg[tree->n++] = cg;
	return 0;
}

struct oomkit_memcg *oomkit__memcg_tree_add(struct oomkit_memcg_tree *tree, const char *path,
					    enum oomkit_cgroup_mode mode)
{
	struct oomkit_memcg *cg;

	if (!tree || !path) {
		errno = EINVAL;
		return NULL;
	}
	cg = calloc(1, sizeof(*cg));
	if (!cg || !(cg->path = strdup(path))) {
		free(cg);
		errno = ENOMEM;
		return NULL;
	}
	cg->mode = mode;
	if (tree_push(tree, cg) < 0) {
		errno = ENOMEM;
		return NULL;
	}
	return cg;
}

void oomkit__memcg_set(struct oomkit_memcg *cg, enum oomkit_memcg_item it, long long v)
{
	if (cg && (int)it >= 0 && it < OOMKIT_MEMCG_ITEM_COUNT_)
		set(cg, it, v);
}

int oomkit_memcg_tree_read(struct oomkit_ctx *ctx, struct oomkit_memcg_tree **out)
{
	struct oomkit_memcg_tree *tree;
	enum oomkit_cgroup_mode mode = OOMKIT_CGROUP_V2;
	char **paths = NULL;
	int n, rc = 0;
	size_t i;

	if (!ctx || !out)
		return -EINVAL;
	*out = NULL;
	n = oomkit_memcg_list(ctx, &paths);
	if (n < 0)
		return n;
	oomkit_ctx_memcg_root(ctx, &mode, NULL);
	tree = oomkit__memcg_tree_new();
	if (!tree) {
		oomkit_strv_free(paths);
		return -ENOMEM;
	}
	for (i = 0; i < (size_t)n && rc == 0; i++) {
		struct oomkit_memcg *cg;

		if (oomkit_memcg_read(ctx, paths[i], &cg) == 0)
			rc = tree_push(tree, cg);
		else if (!oomkit__memcg_tree_add(tree, paths[i], mode))
			rc = -ENOMEM; /* vanished meanwhile: kept, unknown */
	}
	oomkit_strv_free(paths);
	if (rc < 0) {
		oomkit_memcg_tree_free(tree);
		return rc;
	}
	*out = tree;
	return (int)tree->n;
}

void oomkit_memcg_tree_free(struct oomkit_memcg_tree *tree)
{
	size_t i;

	if (!tree)
		return;
	for (i = 0; i < tree->n; i++)
		oomkit_memcg_free(tree->cg[i]);
	free(tree->cg);
	free(tree);
}

size_t oomkit_memcg_tree_count(const struct oomkit_memcg_tree *tree)
{
	return tree ? tree->n : 0;
}

const struct oomkit_memcg *oomkit_memcg_tree_get(const struct oomkit_memcg_tree *tree, size_t i)
{
	if (!tree || i >= tree->n) {
		errno = ERANGE;
		return NULL;
	}
	return tree->cg[i];
}
