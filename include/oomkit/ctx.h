/*
 * oomkit/ctx.h - the library context: where to read kernel state from.
 *
 * A context carries the procfs root (default "/proc"), the memory cgroup
 * mounts (found from <procfs>/self/mountinfo, never assumed), the page
 * size and the kernel version. Every reader takes one, so tests can point
 * the whole library at a fixture tree.
 *
 * Typical use:
 *	struct oomkit_ctx *ctx;
 *	if (oomkit_ctx_new(&ctx) < 0) ...
 *	... readers ...
 *	oomkit_ctx_free(ctx);
 */
#ifndef OOMKIT_CTX_H
#define OOMKIT_CTX_H

#include <oomkit/common.h>

#ifdef __cplusplus
extern "C" {
#endif

struct oomkit_ctx;

/* Which cgroup hierarchy holds the memory controller. */
enum oomkit_cgroup_mode {
	OOMKIT_CGROUP_NONE = 0, /* no memory controller mounted */
	OOMKIT_CGROUP_V1,       /* "cgroup" fs with the memory option */
	OOMKIT_CGROUP_V2,       /* "cgroup2" fs whose root lists memory */
};

/*
 * oomkit_ctx_new - allocate a context with the default roots.
 * @ctx: receives the new context; the caller frees it with
 *       oomkit_ctx_free().
 *
 * Cgroup discovery is lazy: it happens on first use, so a context for a
 * fixture tree can be re-pointed before anything is read.
 * Returns 0, or -ENOMEM.
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_ctx_new(struct oomkit_ctx **ctx);

/* oomkit_ctx_free - release a context; NULL is accepted. */
OOMKIT_EXPORT void oomkit_ctx_free(struct oomkit_ctx *ctx);

/*
 * oomkit_ctx_set_proc_root - read procfs from @path instead of "/proc".
 * The string is copied. A discovered memory cgroup mount is forgotten
 * and found again from <path>/self/mountinfo; one set with
 * oomkit_ctx_set_memcg_root() stays. Returns 0, -EINVAL or -ENOMEM.
 */
OOMKIT_EXPORT int oomkit_ctx_set_proc_root(struct oomkit_ctx *ctx, const char *path);

/* oomkit_ctx_get_proc_root - the procfs root; owned by @ctx. */
OOMKIT_EXPORT const char *oomkit_ctx_get_proc_root(const struct oomkit_ctx *ctx);

/*
 * oomkit_ctx_set_memcg_root - use @path as the memory cgroup hierarchy
 * root, of kind @mode (V1 or V2), instead of discovering it from
 * mountinfo. For fixture trees and unusual mounts. The string is copied.
 * Returns 0, -EINVAL or -ENOMEM.
 */
OOMKIT_EXPORT int oomkit_ctx_set_memcg_root(struct oomkit_ctx *ctx, enum oomkit_cgroup_mode mode,
					    const char *path);

/*
 * oomkit_ctx_memcg_root - discover (once) and return the memory cgroup
 * mount.
 * @mode: receives the hierarchy kind (may be NULL).
 * @path: receives the mount point, owned by @ctx (may be NULL).
 *
 * Returns 0, -OOMKIT_ENOMEMCG when no memory controller is mounted, or
 * -errno when mountinfo cannot be read.
 */
OOMKIT_EXPORT int oomkit_ctx_memcg_root(struct oomkit_ctx *ctx, enum oomkit_cgroup_mode *mode,
					const char **path);

/* oomkit_ctx_page_size - bytes per page (sysconf, or set for tests). */
OOMKIT_EXPORT long oomkit_ctx_page_size(const struct oomkit_ctx *ctx);

/*
 * oomkit_ctx_set_page_size - override the page size (fixtures).
 * Returns 0, or -EINVAL for a NULL @ctx or a size that is not a power of
 * two of at least 512 bytes.
 */
OOMKIT_EXPORT int oomkit_ctx_set_page_size(struct oomkit_ctx *ctx, long bytes);

/*
 * oomkit_ctx_kernel_version - the kernel's version as major*65536 +
 * minor*256 + patch (patch capped at 255, OOMKIT_KVER()), from uname(2) or
 * <procfs>/sys/kernel/osrelease for a fixture root; read once.
 * @version: receives it (may be NULL); left unchanged on error.
 * Returns 0; -ENODATA when the release string is not a version; -EINVAL
 * for a NULL @ctx.
 */
OOMKIT_EXPORT int oomkit_ctx_kernel_version(struct oomkit_ctx *ctx, unsigned *version);

/*
 * oomkit_ctx_set_kernel_version - override the kernel version (tests); 0
 * makes it unknown.
 */
OOMKIT_EXPORT void oomkit_ctx_set_kernel_version(struct oomkit_ctx *ctx, unsigned version);

/*
 * oomkit_ctx_boot_time - the wall-clock time the system booted, in
 * microseconds since the epoch: the "btime" line of <procfs>/stat (whole
 * seconds, as the kernel keeps it). Read at each call.
 * @realtime_us: receives it; left unchanged on error.
 * Returns 0; -ENODATA when the file has no valid btime line; -errno when it
 * cannot be read; -EINVAL for a NULL argument.
 */
OOMKIT_EXPORT int oomkit_ctx_boot_time(const struct oomkit_ctx *ctx, long long *realtime_us);

#define OOMKIT_KVER(a, b, c) (((a) << 16) + ((b) << 8) + (c))

#ifdef __cplusplus
}
#endif
#endif
