/*
 * memcg-private.h - building memcg snapshots from plain data, for
 * liboomkit's modules and the unit tests (which rank domains on data
 * they make up, without cgroup files).
 */
#ifndef OOMKIT_MEMCG_PRIVATE_H
#define OOMKIT_MEMCG_PRIVATE_H

#include "oomkit/memcg.h"
#include "util-private.h"

/* An empty tree; NULL when out of memory. */
OOMKIT_HIDDEN struct oomkit_memcg_tree *oomkit__memcg_tree_new(void);

/*
 * Append the memcg @path (in pre-order: parents before children) with no
 * items known. Returns it, owned by @tree, to fill with oomkit__memcg_set(),
 * or NULL (ENOMEM). The pointer is valid until @tree is freed.
 */
OOMKIT_HIDDEN struct oomkit_memcg *oomkit__memcg_tree_add(struct oomkit_memcg_tree *tree,
							  const char *path,
							  enum oomkit_cgroup_mode mode);

/* Set item @it of @cg to @v (bytes, counts: as oomkit_memcg_get() gives it). */
OOMKIT_HIDDEN void oomkit__memcg_set(struct oomkit_memcg *cg, enum oomkit_memcg_item it,
				     long long v);

/*
 * oomkit__memcg_parse_cgroup_file - the pure parser behind
 * oomkit_memcg_pid_path(): find the memory cgroup path in the text of a
 * /proc/<pid>/cgroup file for hierarchy kind @mode.
 * Returns 0 and the path in @buf; -ENOENT when there is no such line;
 * -ERANGE when @buf is too small.
 */
OOMKIT_HIDDEN int oomkit__memcg_parse_cgroup_file(const char *text, enum oomkit_cgroup_mode mode,
						  char *buf, size_t size);

#endif
