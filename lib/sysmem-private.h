/*
 * sysmem-private.h - building a system memory snapshot from plain data,
 * for the unit tests (domains ranked on made-up numbers).
 */
#ifndef OOMKIT_SYSMEM_PRIVATE_H
#define OOMKIT_SYSMEM_PRIVATE_H

#include "oomkit/sysmem.h"
#include "util-private.h"

/* A snapshot with every item unknown; free with oomkit_sysmem_free(). */
OOMKIT_HIDDEN struct oomkit_sysmem *oomkit__sysmem_new(void);

/* Set item @it of @mem to @v (in the unit oomkit_sysmem_get() gives). */
OOMKIT_HIDDEN void oomkit__sysmem_set(struct oomkit_sysmem *mem, enum oomkit_sysmem_item it,
				      long long v);

/*
 * Fill @m from the text of /proc/meminfo: the items whose line is there
 * and in range. -OOMKIT_EPARSE without a MemTotal line (the rest is kept).
 */
OOMKIT_HIDDEN int oomkit__parse_meminfo(const char *text, struct oomkit_sysmem *m);

/* vmstat's oom_kill counter into @m; -OOMKIT_EPARSE without one. */
OOMKIT_HIDDEN int oomkit__parse_vmstat(const char *text, struct oomkit_sysmem *m);

#endif
