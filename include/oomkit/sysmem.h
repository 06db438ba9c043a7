/*
 * oomkit/sysmem.h - system-wide memory state: /proc/meminfo, overcommit
 * settings, /proc/vmstat oom_kill and /proc/pressure/memory.
 */
#ifndef OOMKIT_SYSMEM_H
#define OOMKIT_SYSMEM_H

#include <oomkit/common.h>
#include <oomkit/ctx.h>

#ifdef __cplusplus
extern "C" {
#endif

struct oomkit_sysmem;

enum oomkit_sysmem_item {
	OOMKIT_MEM_TOTAL_KB,            /* meminfo MemTotal */
	OOMKIT_MEM_FREE_KB,             /* meminfo MemFree */
	OOMKIT_MEM_AVAILABLE_KB,        /* meminfo MemAvailable (3.14+) */
	OOMKIT_MEM_SWAP_TOTAL_KB,       /* meminfo SwapTotal */
	OOMKIT_MEM_SWAP_FREE_KB,        /* meminfo SwapFree */
	OOMKIT_MEM_SHMEM_KB,            /* meminfo Shmem */
	OOMKIT_MEM_SUNRECLAIM_KB,       /* meminfo SUnreclaim */
	OOMKIT_MEM_COMMITTED_AS_KB,     /* meminfo Committed_AS */
	OOMKIT_MEM_COMMIT_LIMIT_KB,     /* meminfo CommitLimit */
	OOMKIT_MEM_OVERCOMMIT_MODE,     /* sys/vm/overcommit_memory: 0, 1, 2 */
	OOMKIT_MEM_OVERCOMMIT_RATIO,    /* sys/vm/overcommit_ratio */
	OOMKIT_MEM_SWAPPINESS,          /* sys/vm/swappiness */
	OOMKIT_MEM_PANIC_ON_OOM,        /* sys/vm/panic_on_oom */
	OOMKIT_MEM_OOM_KILL_ALLOCATING, /* sys/vm/oom_kill_allocating_task */
	OOMKIT_MEM_VMSTAT_OOM_KILL,     /* vmstat oom_kill (4.13+) */
	OOMKIT_MEM_PSI_SOME_AVG10,      /* pressure/memory some avg10, in
					 * hundredths of a percent */
	OOMKIT_MEM_PSI_SOME_AVG60,
	OOMKIT_MEM_PSI_SOME_AVG300,
	OOMKIT_MEM_PSI_SOME_TOTAL_US, /* some total, microseconds */
	OOMKIT_MEM_PSI_FULL_AVG10,
	OOMKIT_MEM_PSI_FULL_AVG60,
	OOMKIT_MEM_PSI_FULL_AVG300,
	OOMKIT_MEM_PSI_FULL_TOTAL_US,
	OOMKIT_MEM_ITEM_COUNT_
};

/*
 * oomkit_sysmem_read - read the system memory state.
 * @out: receives an object the caller frees with oomkit_sysmem_free().
 *
 * Only /proc/meminfo is required: a missing vmstat counter, PSI file (old
 * kernel, CONFIG_PSI=n) or sysctl simply leaves that item unavailable.
 * Returns 0; -errno when meminfo cannot be read; -OOMKIT_EPARSE when it
 * lacks MemTotal.
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_sysmem_read(struct oomkit_ctx *ctx, struct oomkit_sysmem **out);

/* oomkit_sysmem_free - release @mem; NULL is accepted. */
OOMKIT_EXPORT void oomkit_sysmem_free(struct oomkit_sysmem *mem);

/*
 * oomkit_sysmem_get - one item.
 * Returns 0 and sets *val, or -ENODATA when the kernel did not provide it.
 */
OOMKIT_EXPORT int oomkit_sysmem_get(const struct oomkit_sysmem *mem, enum oomkit_sysmem_item item,
				    long long *val);

/*
 * oomkit_sysmem_totalpages - the global OOM domain's totalpages as the
 * kernel computes it (totalram_pages() + total_swap_pages): MemTotal plus
 * SwapTotal, in pages of @page_size bytes.
 */
OOMKIT_EXPORT unsigned long long oomkit_sysmem_totalpages(const struct oomkit_sysmem *mem,
							  long page_size);

#ifdef __cplusplus
}
#endif
#endif
