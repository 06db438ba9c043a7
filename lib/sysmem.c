/*
 * sysmem.c - system memory: /proc/meminfo, vm sysctls, /proc/vmstat
 * oom_kill and /proc/pressure/memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oomkit/sysmem.h"
#include "ctx-private.h"
#include "sysmem-private.h"
#include "util-private.h"

struct oomkit_sysmem {
	long long val[OOMKIT_MEM_ITEM_COUNT_];
	unsigned char have[OOMKIT_MEM_ITEM_COUNT_];
};

static void set(struct oomkit_sysmem *m, enum oomkit_sysmem_item it, long long v)
{
	m->val[it] = v;
	m->have[it] = 1;
}

static int root_file(const struct oomkit_ctx *ctx, const char *rel, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/%s", ctx->proc_root, rel);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int oomkit__parse_meminfo(const char *text, struct oomkit_sysmem *m)
{
	static const struct {
		const char *key;
		enum oomkit_sysmem_item item;
	} mi[] = {
		{ "MemTotal", OOMKIT_MEM_TOTAL_KB },
		{ "MemFree", OOMKIT_MEM_FREE_KB },
		{ "MemAvailable", OOMKIT_MEM_AVAILABLE_KB },
		{ "SwapTotal", OOMKIT_MEM_SWAP_TOTAL_KB },
		{ "SwapFree", OOMKIT_MEM_SWAP_FREE_KB },
		{ "Shmem", OOMKIT_MEM_SHMEM_KB },
		{ "SUnreclaim", OOMKIT_MEM_SUNRECLAIM_KB },
		{ "Committed_AS", OOMKIT_MEM_COMMITTED_AS_KB },
		{ "CommitLimit", OOMKIT_MEM_COMMIT_LIMIT_KB },
	};
	size_t i;
	long long v;

	for (i = 0; i < sizeof(mi) / sizeof(mi[0]); i++) {
		const char *p = oomkit__find_key(text, mi[i].key, ':');

		/* sizes out of any real range read as unknown */
		if (p && oomkit__parse_kb(&p, &v) == 0)
			set(m, mi[i].item, v);
	}
	return m->have[OOMKIT_MEM_TOTAL_KB] ? 0 : -OOMKIT_EPARSE;
}

int oomkit__parse_vmstat(const char *text, struct oomkit_sysmem *m)
{
	const char *p = oomkit__find_key(text, "oom_kill", ' ');
	long long v;

	/* an event counter, printed with "%lu": never negative */
	if (!p || oomkit__parse_ll(&p, &v) < 0 || v < 0)
		return -OOMKIT_EPARSE;
	set(m, OOMKIT_MEM_VMSTAT_OOM_KILL, v);
	return 0;
}

int oomkit_sysmem_read(struct oomkit_ctx *ctx, struct oomkit_sysmem **out)
{
	static const struct {
		const char *file;
		enum oomkit_sysmem_item item;
	} sysctl[] = {
		{ "sys/vm/overcommit_memory", OOMKIT_MEM_OVERCOMMIT_MODE },
		{ "sys/vm/overcommit_ratio", OOMKIT_MEM_OVERCOMMIT_RATIO },
		{ "sys/vm/swappiness", OOMKIT_MEM_SWAPPINESS },
		{ "sys/vm/panic_on_oom", OOMKIT_MEM_PANIC_ON_OOM },
		{ "sys/vm/oom_kill_allocating_task", OOMKIT_MEM_OOM_KILL_ALLOCATING },
	};
	struct oomkit_sysmem *m;
	char path[4096], *text = NULL;
	ssize_t n;
	size_t i;
	long long v;

	if (!ctx || !out)
		return -EINVAL;
	*out = NULL;
	if (root_file(ctx, "meminfo", path, sizeof(path)) < 0)
		return -ENAMETOOLONG;
	n = oomkit__read_alloc_at(AT_FDCWD, path, &text);
	if (n < 0)
		return (int)n;
	m = calloc(1, sizeof(*m));
	if (!m) {
		free(text);
		return -ENOMEM;
	}
	if (oomkit__parse_meminfo(text, m) < 0) {
		free(text);
		free(m);
		return -OOMKIT_EPARSE;
	}
	free(text);
	/* each is a C int the kernel prints with "%d": "max" or a value
	 * outside INT_MIN..INT_MAX is not the kernel's */
	for (i = 0; i < sizeof(sysctl) / sizeof(sysctl[0]); i++)
		if (root_file(ctx, sysctl[i].file, path, sizeof(path)) == 0 &&
		    oomkit__read_ll_at(AT_FDCWD, path, &v) == 0 && v >= INT_MIN && v <= INT_MAX)
			set(m, sysctl[i].item, v);

	if (root_file(ctx, "vmstat", path, sizeof(path)) == 0 &&
	    oomkit__read_alloc_at(AT_FDCWD, path, &text) >= 0) {
		oomkit__parse_vmstat(text, m);
		free(text);
	}
	if (root_file(ctx, "pressure/memory", path, sizeof(path)) == 0) {
		char buf[512];
		long long psi[8];
		enum oomkit_sysmem_item item;

		if (oomkit__read_at(AT_FDCWD, path, buf, sizeof(buf)) >= 0 &&
		    oomkit__parse_psi(buf, psi) == 0)
			for (i = 0; i < 8; i++) {
				item = (enum oomkit_sysmem_item)(OOMKIT_MEM_PSI_SOME_AVG10 + i);
				if (psi[i] >= 0)
					set(m, item, psi[i]);
			}
	}
	*out = m;
	return 0;
}

void oomkit_sysmem_free(struct oomkit_sysmem *mem)
{
	free(mem);
}

int oomkit_sysmem_get(const struct oomkit_sysmem *mem, enum oomkit_sysmem_item item, long long *val)
{
	if (!mem || (unsigned)item >= OOMKIT_MEM_ITEM_COUNT_)
		return -EINVAL;
	if (!mem->have[item])
		return -ENODATA;
	if (val)
		*val = mem->val[item];
	return 0;
}

unsigned long long oomkit_sysmem_totalpages(const struct oomkit_sysmem *mem, long page_size)
{
	unsigned long long page_kb, ram, swap;

	if (!mem || page_size < 1024)
		return 1;
	page_kb = (unsigned long long)page_size / 1024;
	/* MemTotal = totalram_pages << (PAGE_SHIFT - 10): exact in pages */
	ram = (unsigned long long)mem->val[OOMKIT_MEM_TOTAL_KB] / page_kb;
	swap = mem->have[OOMKIT_MEM_SWAP_TOTAL_KB] ?
		       (unsigned long long)mem->val[OOMKIT_MEM_SWAP_TOTAL_KB] / page_kb :
		       0;
	return ram + swap ? ram + swap : 1;
}

struct oomkit_sysmem *oomkit__sysmem_new(void)
{
	return calloc(1, sizeof(struct oomkit_sysmem));
}

void oomkit__sysmem_set(struct oomkit_sysmem *mem, enum oomkit_sysmem_item it, long long v)
{
	if (mem && (int)it >= 0 && it < OOMKIT_MEM_ITEM_COUNT_)
		set(mem, it, v);
}
