/*
 * context.c - a memcg path in the user's terms: Kubernetes pod, QoS class
 * and container, Docker/podman container, systemd unit, slice and login
 * session (see oomkit/context.h). Pure string work on path components.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oomkit/context.h"

struct oomkit_context {
	int kind;
	char *f[OOMKIT_CONTEXT_FIELD_COUNT_];
	char *summary;
};

static const char *const field_names[OOMKIT_CONTEXT_FIELD_COUNT_] = {
	[OOMKIT_CONTEXT_POD_UID] = "pod_uid",
	[OOMKIT_CONTEXT_QOS] = "qos",
	[OOMKIT_CONTEXT_CONTAINER_ID] = "container_id",
	[OOMKIT_CONTEXT_RUNTIME] = "runtime",
	[OOMKIT_CONTEXT_UNIT_NAME] = "unit",
	[OOMKIT_CONTEXT_SLICE_NAME] = "slice",
	[OOMKIT_CONTEXT_SESSION] = "session",
	[OOMKIT_CONTEXT_USER_UID] = "user_uid",
};

static const char *const kind_names[] = {
	[OOMKIT_CONTEXT_NONE] = "",
	[OOMKIT_CONTEXT_K8S] = "k8s",
	[OOMKIT_CONTEXT_CONTAINER] = "container",
	[OOMKIT_CONTEXT_UNIT] = "unit",
	[OOMKIT_CONTEXT_SLICE] = "slice",
};

#define ALNUM "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

/* one path component: pointer into the path and its length */
struct comp {
	const char *s;
	size_t n;
};

static int has_prefix(struct comp c, const char *p)
{
	size_t n = strlen(p);

	return c.n >= n && memcmp(c.s, p, n) == 0;
}

static int has_suffix(struct comp c, const char *sfx)
{
	size_t n = strlen(sfx);

	return c.n >= n && memcmp(c.s + c.n - n, sfx, n) == 0;
}

static int is_equal(struct comp c, const char *lit)
{
	return c.n == strlen(lit) && memcmp(c.s, lit, c.n) == 0;
}

static int all_of(const char *s, size_t n, const char *set)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!s[i] || !strchr(set, s[i]))
			return 0;
	return 1;
}

/* a container id: 12 to 64 lower-case hex digits */
static int is_cid(const char *s, size_t n)
{
	return n >= 12 && n <= 64 && all_of(s, n, "0123456789abcdef");
}

/* a pod uid: a UUID (with '-' or systemd's '_'), or a static pod's hash */
static int is_pod_uid(const char *s, size_t n)
{
	return n >= 16 && n <= 36 && all_of(s, n, "0123456789abcdef-_");
}

static int set(struct oomkit_context *c, enum oomkit_context_field f, const char *s, size_t n)
{
	char *v = strndup(s, n);
	size_t i;

	if (!v)
		return -ENOMEM;
	if (f == OOMKIT_CONTEXT_POD_UID)
		for (i = 0; v[i]; i++)
			if (v[i] == '_')
				v[i] = '-'; /* systemd escapes '-' in slice names */
	free(c->f[f]);
	c->f[f] = v;
	return 0;
}

/*
 * A container scope "<runtime>-<id>.scope" of the systemd cgroup driver.
 * Returns 1 and sets the fields, 0 when @c is no such scope, -ENOMEM.
 */
static int container_scope(struct oomkit_context *ctx, struct comp c)
{
	static const struct {
		const char *prefix, *runtime;
	} rt[] = {
		{ "cri-containerd-", "containerd" },
		{ "crio-", "crio" },
		{ "docker-", "docker" },
		{ "libpod-", "podman" },
	};
	size_t i, pn;

	if (!has_suffix(c, ".scope"))
		return 0;
	for (i = 0; i < sizeof(rt) / sizeof(rt[0]); i++) {
		if (!has_prefix(c, rt[i].prefix))
			continue;
		pn = strlen(rt[i].prefix);
		if (!is_cid(c.s + pn, c.n - pn - 6))
			return 0;
		if (set(ctx, OOMKIT_CONTEXT_CONTAINER_ID, c.s + pn, c.n - pn - 6) < 0 ||
		    set(ctx, OOMKIT_CONTEXT_RUNTIME, rt[i].runtime, strlen(rt[i].runtime)) < 0)
			return -ENOMEM;
		return 1;
	}
	return 0;
}

/* a pod component: "pod<uid>" (cgroupfs) or "kubepods[-<qos>]-pod<uid>.slice" */
static int pod_component(struct oomkit_context *ctx, struct comp c)
{
	const char *p;
	size_t n;

	if (has_prefix(c, "pod") && is_pod_uid(c.s + 3, c.n - 3))
		return set(ctx, OOMKIT_CONTEXT_POD_UID, c.s + 3, c.n - 3) < 0 ? -ENOMEM : 1;
	if (!has_prefix(c, "kubepods-") || !has_suffix(c, ".slice"))
		return 0;
	p = memmem(c.s, c.n, "-pod", 4);
	if (!p)
		return 0;
	p += 4;
	n = (size_t)(c.s + c.n - 6 - p);
	if (p > c.s + c.n - 6 || !is_pod_uid(p, n))
		return 0;
	return set(ctx, OOMKIT_CONTEXT_POD_UID, p, n) < 0 ? -ENOMEM : 1;
}

static int qos_component(struct oomkit_context *ctx, struct comp c)
{
	static const char *const qos[] = { "burstable", "besteffort" };
	char buf[64];
	size_t i;

	for (i = 0; i < 2; i++) {
		snprintf(buf, sizeof(buf), "kubepods-%s.slice", qos[i]);
		if (is_equal(c, qos[i]) || is_equal(c, buf))
			return set(ctx, OOMKIT_CONTEXT_QOS, qos[i], strlen(qos[i])) < 0 ? -ENOMEM :
											  1;
	}
	return 0;
}

static int is_unit(struct comp c)
{
	static const char *const sfx[] = { ".service", ".scope", ".socket", ".mount", ".swap" };
	size_t i;

	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++)
		if (c.n > strlen(sfx[i]) && has_suffix(c, sfx[i]))
			return 1;
	return 0;
}

/* systemd: unit, slice, session-N.scope, user-UID.slice, user@UID.service */
static int systemd_component(struct oomkit_context *ctx, struct comp c, struct comp *slice)
{
	int r = 0;

	if (has_prefix(c, "user-") && has_suffix(c, ".slice") &&
	    all_of(c.s + 5, c.n - 11, "0123456789"))
		r = set(ctx, OOMKIT_CONTEXT_USER_UID, c.s + 5, c.n - 11);
	else if (has_prefix(c, "user@") && has_suffix(c, ".service") &&
		 all_of(c.s + 5, c.n - 13, "0123456789"))
		r = set(ctx, OOMKIT_CONTEXT_USER_UID, c.s + 5, c.n - 13);
	if (r < 0)
		return r;
	if (has_prefix(c, "session-") && has_suffix(c, ".scope") && c.n > 14 &&
	    all_of(c.s + 8, c.n - 14, ALNUM))
		r = set(ctx, OOMKIT_CONTEXT_SESSION, c.s + 8, c.n - 14);
	if (r < 0)
		return r;
	if (c.n > 6 && has_suffix(c, ".slice")) {
		*slice = c;
	} else if (is_unit(c)) {
		/* the unit's slice is the nearest one above it */
		r = set(ctx, OOMKIT_CONTEXT_UNIT_NAME, c.s, c.n);
		if (r >= 0 && slice->n)
			r = set(ctx, OOMKIT_CONTEXT_SLICE_NAME, slice->s, slice->n);
	}
	return r;
}

static int build_summary(struct oomkit_context *c)
{
	char **f = c->f;
	char cid[13] = "";
	int n = -1;

	if (f[OOMKIT_CONTEXT_CONTAINER_ID])
		snprintf(cid, sizeof(cid), "%.12s", f[OOMKIT_CONTEXT_CONTAINER_ID]);
	switch (c->kind) {
	case OOMKIT_CONTEXT_K8S:
		n = asprintf(&c->summary, "pod %s (%s)%s%s", f[OOMKIT_CONTEXT_POD_UID],
			     f[OOMKIT_CONTEXT_QOS] ? f[OOMKIT_CONTEXT_QOS] : "?",
			     *cid ? " container " : "", cid);
		break;
	case OOMKIT_CONTEXT_CONTAINER:
		n = asprintf(&c->summary, "%s %s",
			     f[OOMKIT_CONTEXT_RUNTIME] ? f[OOMKIT_CONTEXT_RUNTIME] : "container",
			     cid);
		break;
	case OOMKIT_CONTEXT_UNIT:
		if (f[OOMKIT_CONTEXT_USER_UID])
			n = asprintf(&c->summary, "%s (user %s)", f[OOMKIT_CONTEXT_UNIT_NAME],
				     f[OOMKIT_CONTEXT_USER_UID]);
		else
			n = asprintf(&c->summary, "%s", f[OOMKIT_CONTEXT_UNIT_NAME]);
		break;
	case OOMKIT_CONTEXT_SLICE:
		n = asprintf(&c->summary, "%s", f[OOMKIT_CONTEXT_SLICE_NAME]);
		break;
	default:
		c->summary = strdup("");
		n = c->summary ? 0 : -1;
		break;
	}
	if (n < 0) {
		c->summary = NULL;
		return -ENOMEM;
	}
	return 0;
}

int oomkit_context_parse(const char *path, struct oomkit_context **out)
{
	struct oomkit_context *c;
	const char *p = path ? path : "";
	struct comp slice = { NULL, 0 };
	int k8s = 0, docker_dir = 0, in_pod = 0, r = 0;

	if (!out)
		return -EINVAL;
	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	while (*p && r >= 0) {
		struct comp cp;

		while (*p == '/')
			p++;
		cp.s = p;
		while (*p && *p != '/')
			p++;
		cp.n = (size_t)(p - cp.s);
		if (!cp.n)
			break;
		if (is_equal(cp, "kubepods") || is_equal(cp, "kubepods.slice")) {
			/* a node in a container (kind): the outer id is the node's */
			free(c->f[OOMKIT_CONTEXT_CONTAINER_ID]);
			free(c->f[OOMKIT_CONTEXT_RUNTIME]);
			c->f[OOMKIT_CONTEXT_CONTAINER_ID] = c->f[OOMKIT_CONTEXT_RUNTIME] = NULL;
			k8s = 1;
			continue;
		}
		if (k8s && !in_pod) {
			r = qos_component(c, cp);
			if (r)
				continue;
			r = pod_component(c, cp);
			if (r > 0)
				in_pod = 1;
			if (r)
				continue;
		}
		if (in_pod && !c->f[OOMKIT_CONTEXT_CONTAINER_ID] && is_cid(cp.s, cp.n)) {
			/* cgroupfs driver: the container's directory is its id */
			r = set(c, OOMKIT_CONTEXT_CONTAINER_ID, cp.s, cp.n);
			continue;
		}
		if (docker_dir && is_cid(cp.s, cp.n)) {
			r = set(c, OOMKIT_CONTEXT_CONTAINER_ID, cp.s, cp.n);
			if (r >= 0)
				r = set(c, OOMKIT_CONTEXT_RUNTIME, "docker", 6);
			docker_dir = 0;
			continue;
		}
		docker_dir = is_equal(cp, "docker");
		r = container_scope(c, cp);
		if (r >= 0)
			r = systemd_component(c, cp, &slice);
	}
	if (r >= 0 && !c->f[OOMKIT_CONTEXT_UNIT_NAME] && slice.n)
		r = set(c, OOMKIT_CONTEXT_SLICE_NAME, slice.s, slice.n);
	if (r < 0) {
		oomkit_context_free(c);
		return -ENOMEM;
	}
	if (c->f[OOMKIT_CONTEXT_POD_UID]) {
		c->kind = OOMKIT_CONTEXT_K8S;
		/* a pod directly below kubepods is in the guaranteed class */
		if (!c->f[OOMKIT_CONTEXT_QOS] && set(c, OOMKIT_CONTEXT_QOS, "guaranteed", 10) < 0)
			r = -ENOMEM;
	} else if (c->f[OOMKIT_CONTEXT_CONTAINER_ID]) {
		c->kind = OOMKIT_CONTEXT_CONTAINER;
	} else if (c->f[OOMKIT_CONTEXT_UNIT_NAME]) {
		c->kind = OOMKIT_CONTEXT_UNIT;
	} else if (c->f[OOMKIT_CONTEXT_SLICE_NAME]) {
		c->kind = OOMKIT_CONTEXT_SLICE;
	}
	if (r < 0 || build_summary(c) < 0) {
		oomkit_context_free(c);
		return -ENOMEM;
	}
	*out = c;
	return 0;
}

void oomkit_context_free(struct oomkit_context *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < OOMKIT_CONTEXT_FIELD_COUNT_; i++)
		free(c->f[i]);
	free(c->summary);
	free(c);
}

int oomkit_context_kind(const struct oomkit_context *c)
{
	return c ? c->kind : OOMKIT_CONTEXT_NONE;
}

const char *oomkit_context_get(const struct oomkit_context *c, enum oomkit_context_field f)
{
	if (!c || (unsigned)f >= OOMKIT_CONTEXT_FIELD_COUNT_)
		return NULL;
	return c->f[f];
}

const char *oomkit_context_summary(const struct oomkit_context *c)
{
	return c ? c->summary : NULL;
}

const char *oomkit_context_field_name(enum oomkit_context_field f)
{
	if ((unsigned)f >= OOMKIT_CONTEXT_FIELD_COUNT_)
		return "";
	return field_names[f];
}

const char *oomkit_context_kind_name(int kind)
{
	if (kind < 0 || (size_t)kind >= sizeof(kind_names) / sizeof(kind_names[0]))
		return "";
	return kind_names[kind];
}
