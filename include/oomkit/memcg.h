/*
 * oomkit/memcg.h - memory cgroups, v1 and v2 behind one model.
 *
 * A memcg is named by its path relative to the memory hierarchy's root,
 * exactly as the kernel prints it in OOM reports ("/" for the root,
 * "/system.slice/foo.service", "/kres"). Byte values are bytes; a limit
 * that is not set reads as OOMKIT_UNLIMITED ("max" in v2, the
 * PAGE_COUNTER_MAX value 9223372036854771712 in v1).
 */
#ifndef OOMKIT_MEMCG_H
#define OOMKIT_MEMCG_H

#include <sys/types.h>

#include <oomkit/common.h>
#include <oomkit/ctx.h>

#ifdef __cplusplus
extern "C" {
#endif

struct oomkit_memcg;

#define OOMKIT_UNLIMITED 0x7fffffffffffffffLL

enum oomkit_memcg_item {
	OOMKIT_MEMCG_LIMIT,             /* v2 memory.max, v1 limit_in_bytes */
	OOMKIT_MEMCG_HIGH,              /* v2 memory.high (never OOMs) */
	OOMKIT_MEMCG_USAGE,             /* v2 memory.current, v1 usage_in_bytes */
	OOMKIT_MEMCG_PEAK,              /* v2 memory.peak, v1 max_usage_in_bytes */
	OOMKIT_MEMCG_SWAP_LIMIT,        /* v2 memory.swap.max; v1 memsw limit
					 * minus memory limit */
	OOMKIT_MEMCG_SWAP_USAGE,        /* v2 memory.swap.current; v1 memsw
					 * usage minus memory usage */
	OOMKIT_MEMCG_MEMSW_LIMIT,       /* v1 memory.memsw.limit_in_bytes */
	OOMKIT_MEMCG_SWAPPINESS,        /* v1 memory.swappiness; v2: the global
					 * vm.swappiness (v2 has no per-cgroup
					 * value) */
	OOMKIT_MEMCG_EV_LOW,            /* memory.events low (v2) */
	OOMKIT_MEMCG_EV_HIGH,           /* memory.events high (v2) */
	OOMKIT_MEMCG_EV_MAX,            /* memory.events max (v2) */
	OOMKIT_MEMCG_EV_OOM,            /* memory.events oom (v2) */
	OOMKIT_MEMCG_EV_OOM_KILL,       /* memory.events oom_kill (v2);
					 * memory.oom_control oom_kill (v1) */
	OOMKIT_MEMCG_EV_OOM_GROUP_KILL, /* memory.events oom_group_kill */
	OOMKIT_MEMCG_FAILCNT,           /* v1 memory.failcnt (limit hits, not
					 * OOMs) */
	OOMKIT_MEMCG_OOM_KILL_DISABLE,  /* v1 memory.oom_control */
	OOMKIT_MEMCG_UNDER_OOM,         /* v1 memory.oom_control */
	OOMKIT_MEMCG_OOM_GROUP,         /* v2 memory.oom.group */
	OOMKIT_MEMCG_PSI_SOME_AVG10,    /* memory.pressure, hundredths of % */
	OOMKIT_MEMCG_PSI_FULL_AVG10,
	OOMKIT_MEMCG_PSI_SOME_TOTAL_US,
	OOMKIT_MEMCG_PSI_FULL_TOTAL_US,
	OOMKIT_MEMCG_ITEM_COUNT_
};

/*
 * oomkit_memcg_read - read the memory state of the memcg at @path.
 * @path: "/" or a path from the hierarchy root, as in /proc/<pid>/cgroup.
 * @out:  receives an object the caller frees with oomkit_memcg_free().
 *
 * Returns 0; -OOMKIT_ENOMEMCG when no memory controller is mounted;
 * -ENOENT when the cgroup does not exist; -EINVAL for a path with ".."
 * components; other -errno.
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_memcg_read(struct oomkit_ctx *ctx, const char *path,
					       struct oomkit_memcg **out);

/* oomkit_memcg_free - release @cg; NULL is accepted. */
OOMKIT_EXPORT void oomkit_memcg_free(struct oomkit_memcg *cg);

/* oomkit_memcg_path - the path as given to oomkit_memcg_read(); owned by @cg. */
OOMKIT_EXPORT const char *oomkit_memcg_path(const struct oomkit_memcg *cg);

/* oomkit_memcg_mode - V1 or V2. */
OOMKIT_EXPORT enum oomkit_cgroup_mode oomkit_memcg_mode(const struct oomkit_memcg *cg);

/*
 * oomkit_memcg_get - one item. Returns 0 and sets *val, or -ENODATA when
 * this hierarchy or kernel does not have it (v2 items on v1 and so on).
 */
OOMKIT_EXPORT int oomkit_memcg_get(const struct oomkit_memcg *cg, enum oomkit_memcg_item item,
				   long long *val);

/*
 * oomkit_memcg_has_limit - 1 when a hard limit (memory or, on v1,
 * memory+swap) is set on this memcg itself, so that an OOM can happen in
 * it; 0 otherwise (also for NULL). The root memcg never has one.
 */
OOMKIT_EXPORT int oomkit_memcg_has_limit(const struct oomkit_memcg *cg);

/*
 * oomkit_memcg_totalpages - mem_cgroup_get_max() for this memcg as the
 * kernel computes it for the OOM killer: the limit in pages, plus (when
 * its swappiness is not 0) min(swap limit, SwapTotal) in pages; at
 * least 1.
 * @swap_total_pages: SwapTotal in pages (from oomkit_sysmem).
 */
OOMKIT_EXPORT unsigned long long oomkit_memcg_totalpages(const struct oomkit_memcg *cg,
							 long page_size,
							 unsigned long long swap_total_pages);

/*
 * oomkit_memcg_pid_path - the memcg path of process @pid from
 * <procfs>/<pid>/cgroup: the v1 line whose controllers include "memory",
 * or the v2 "0::" line when memory is on cgroup2.
 * @buf/@size: caller's buffer for the path.
 * Returns 0; -ESRCH when the process is gone; -OOMKIT_ENOMEMCG; -ERANGE
 * when @buf is too small; other -errno.
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_memcg_pid_path(struct oomkit_ctx *ctx, pid_t pid, char *buf,
						   size_t size);

/*
 * oomkit_memcg_list - every memcg below the hierarchy root (the root
 * itself included, first), in pre-order (parents before children).
 * @paths: receives a NULL-terminated array of paths; the caller frees it
 *         (array and strings) with oomkit_strv_free().
 * Returns the number of paths, or a negative error as oomkit_memcg_read().
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_memcg_list(struct oomkit_ctx *ctx, char ***paths);

/*
 * A memcg tree snapshot: every memcg of the hierarchy read once, in the
 * order of oomkit_memcg_list() (pre-order: the root "/" first, parents
 * before children, which is also the order the kernel's memcg OOM scan
 * visits them). Plain data: nothing is read after oomkit_memcg_tree_read()
 * returns.
 */
struct oomkit_memcg_tree;

/*
 * oomkit_memcg_tree_read - list every memcg and read each one's state
 * (limits, usage, events) with oomkit_memcg_read().
 * @out: receives the snapshot; free with oomkit_memcg_tree_free().
 *
 * A memcg that vanishes between the listing and its read stays in the
 * snapshot, in its place, with every item unknown (so it has no limit).
 * Returns the number of memcgs (>= 1), or a negative error as
 * oomkit_memcg_list() (-OOMKIT_ENOMEMCG: no memory controller; -ENOMEM);
 * *out is NULL then.
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_memcg_tree_read(struct oomkit_ctx *ctx,
						    struct oomkit_memcg_tree **out);

/* oomkit_memcg_tree_free - release @tree and its memcgs; NULL is accepted. */
OOMKIT_EXPORT void oomkit_memcg_tree_free(struct oomkit_memcg_tree *tree);

/* oomkit_memcg_tree_count - the number of memcgs in @tree (0 for NULL). */
OOMKIT_EXPORT size_t oomkit_memcg_tree_count(const struct oomkit_memcg_tree *tree);

/*
 * oomkit_memcg_tree_get - memcg @i in pre-order, owned by @tree; NULL
 * (errno ERANGE) past the end.
 */
OOMKIT_EXPORT const struct oomkit_memcg *oomkit_memcg_tree_get(const struct oomkit_memcg_tree *tree,
							       size_t i);

/*
 * oomkit_memcg_path_within - is memcg @path equal to @ancestor or below
 * it? Whole components only: "/a" holds "/a" and "/a/b", not "/ab".
 * Both are memcg paths as the kernel prints them (absolute); trailing
 * slashes of @ancestor are ignored, and "/" holds every memcg path. A
 * NULL, empty or relative @path (an unknown memcg) is within nothing.
 * Returns 1 or 0.
 */
OOMKIT_EXPORT int oomkit_memcg_path_within(const char *path, const char *ancestor);

/*
 * oomkit_memcg_path_from_user - the memcg path a user means by @name:
 * either a memcg path as the kernel prints it ("/", "/system.slice") or a
 * directory of the mounted memory hierarchy (@ctx's v1 or v2 mount point,
 * e.g. "/sys/fs/cgroup/system.slice"), whose mount point part is taken
 * off; the mount point itself means the root memcg "/". Trailing slashes
 * are removed. Whether the memcg exists is not checked.
 * @out: receives the path, which the caller frees with free(); NULL on
 *       error.
 *
 * Returns 0; -OOMKIT_ENOMEMCG or -errno as oomkit_ctx_memcg_root();
 * -EINVAL when @name is not a path starting with '/' (once the mount
 * point is taken off); -EPERM when it has a ".." component (which could
 * leave the hierarchy); -ENOMEM.
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_memcg_path_from_user(struct oomkit_ctx *ctx, const char *name,
							 char **out);

#ifdef __cplusplus
}
#endif
#endif
