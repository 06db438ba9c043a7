/*
 * oomkit/context.h - who a memory cgroup is, in the user's terms.
 *
 * The kernel's OOM report names memory cgroups by path (oom_memcg=,
 * task_memcg=, "Task in /A killed as a result of limit of /B"). People
 * know them as a Kubernetes pod and container, a Docker container, a
 * systemd unit or a login session. oomkit_context_parse() reads those out
 * of the path alone (pure: no I/O, nothing looked up), for the layouts
 * that kubelet, container runtimes and systemd create, in cgroup v1 and
 * v2 hierarchies:
 *
 *  - Kubernetes, systemd cgroup driver:
 *    /kubepods.slice/kubepods-burstable.slice/
 *    kubepods-burstable-pod<uid with _>.slice/cri-containerd-<id>.scope
 *    (also crio-<id>.scope, docker-<id>.scope; a guaranteed pod sits
 *    directly in kubepods.slice as kubepods-pod<uid>.slice)
 *  - Kubernetes, cgroupfs driver: /kubepods/burstable/pod<uid>/<id>
 *    (guaranteed: /kubepods/pod<uid>/<id>)
 *  - Docker: /docker/<id> (cgroupfs driver), /system.slice/docker-<id>.scope
 *    (systemd driver); podman: libpod-<id>.scope
 *  - systemd: the unit (the last *.service, *.scope, *.socket, *.mount,
 *    *.swap component), its slice (the nearest *.slice above it), a login
 *    session (session-<N>.scope) and the user of user-<uid>.slice.
 *
 * A path matches only on whole components; anything else yields an empty
 * context (no field set), never a guess. Paths may come from any log, so
 * they are treated as hostile text: no length or byte is trusted.
 */
#ifndef OOMKIT_CONTEXT_H
#define OOMKIT_CONTEXT_H

#include <oomkit/common.h>

#ifdef __cplusplus
extern "C" {
#endif

struct oomkit_context;

/* What a memcg path is, most specific first. */
enum oomkit_context_kind {
	OOMKIT_CONTEXT_NONE = 0,  /* nothing recognised */
	OOMKIT_CONTEXT_K8S,       /* a Kubernetes pod (and container) */
	OOMKIT_CONTEXT_CONTAINER, /* a Docker / podman container */
	OOMKIT_CONTEXT_UNIT,      /* a systemd unit (service, scope, ...) */
	OOMKIT_CONTEXT_SLICE,     /* a systemd slice only */
};

/* Fields (oomkit_context_get()); each NULL when the path does not say. */
enum oomkit_context_field {
	OOMKIT_CONTEXT_POD_UID,      /* "94eb36cd-29e1-478b-b365-4cb5dfc7d6fb" */
	OOMKIT_CONTEXT_QOS,          /* "guaranteed", "burstable", "besteffort" */
	OOMKIT_CONTEXT_CONTAINER_ID, /* hex id as in the path (64 digits) */
	OOMKIT_CONTEXT_RUNTIME,      /* "containerd", "crio", "docker", "podman" */
	OOMKIT_CONTEXT_UNIT_NAME,    /* "nginx.service", "session-4.scope" */
	OOMKIT_CONTEXT_SLICE_NAME,   /* "system.slice", "user-1000.slice" */
	OOMKIT_CONTEXT_SESSION,      /* login session id: "4" */
	OOMKIT_CONTEXT_USER_UID,     /* uid of user-<uid>.slice: "1000" */
	OOMKIT_CONTEXT_FIELD_COUNT_
};

/*
 * oomkit_context_parse - what @memcg_path names.
 * @memcg_path: a memcg path as the kernel prints it ("/a/b"); NULL or ""
 *              gives an empty context.
 * @out:        receives the context; free it with oomkit_context_free().
 * Returns 0, or -EINVAL (NULL @out), -ENOMEM.
 */
OOMKIT_EXPORT int oomkit_context_parse(const char *memcg_path, struct oomkit_context **out);

/* oomkit_context_free - free @c (NULL is fine). */
OOMKIT_EXPORT void oomkit_context_free(struct oomkit_context *c);

/* oomkit_context_kind - an enum oomkit_context_kind (NONE for NULL @c). */
OOMKIT_EXPORT int oomkit_context_kind(const struct oomkit_context *c);

/*
 * oomkit_context_get - field @f of @c: a string owned by @c (valid until
 * oomkit_context_free()), or NULL when the path does not say it.
 */
OOMKIT_EXPORT const char *oomkit_context_get(const struct oomkit_context *c,
					     enum oomkit_context_field f);

/*
 * oomkit_context_summary - one short line for a table cell:
 * "pod 94eb36cd-... (burstable) container 46b3e0a4df44", "docker
 * 3f2a9c1b0d4e", "nginx.service", "session-4.scope (user 1000)",
 * "user.slice"; container ids are cut to 12 digits as docker ps shows
 * them. "" for an empty context. Owned by @c; never NULL for a non-NULL
 * @c (NULL for NULL).
 */
OOMKIT_EXPORT const char *oomkit_context_summary(const struct oomkit_context *c);

/* oomkit_context_field_name - JSON key of @f ("pod_uid", ...), or "". */
OOMKIT_EXPORT const char *oomkit_context_field_name(enum oomkit_context_field f);

/* oomkit_context_kind_name - "k8s", "container", "unit", "slice" or "". */
OOMKIT_EXPORT const char *oomkit_context_kind_name(int kind);

#ifdef __cplusplus
}
#endif
#endif
