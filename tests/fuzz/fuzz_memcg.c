/*
 * fuzz_memcg.c - libFuzzer target for a memory cgroup's files as
 * oomkit_memcg_read() reads them (v1 and v2: the limits, usages,
 * memory.events, memory.oom_control, memory.pressure, and vm.swappiness
 * for v2). The reader takes a directory, so the input is written to a
 * scratch tree: byte 0 picks v1 or v2 (bit 0) and the root or a child
 * (bit 1); the rest is split at each NUL into the contents of files[] in
 * order (an empty part: the file is absent). Then every item is read back
 * and the OOM killer's totalpages computed from them.
 */
#include "fuzz-common.h"
#include "oomkit/ctx.h"
#include "oomkit/memcg.h"

static const char *const files[] = {
	"cg/x/memory.max",
	"cg/x/memory.high",
	"cg/x/memory.current",
	"cg/x/memory.peak",
	"cg/x/memory.swap.max",
	"cg/x/memory.swap.current",
	"cg/x/memory.oom.group",
	"cg/x/memory.events",
	"cg/x/memory.pressure",
	"cg/x/memory.limit_in_bytes",
	"cg/x/memory.usage_in_bytes",
	"cg/x/memory.max_usage_in_bytes",
	"cg/x/memory.memsw.limit_in_bytes",
	"cg/x/memory.memsw.usage_in_bytes",
	"cg/x/memory.failcnt",
	"cg/x/memory.swappiness",
	"cg/x/memory.oom_control",
	"proc/sys/vm/swappiness",
	"cg/memory.pressure",
};
#define NFILES (sizeof(files) / sizeof(files[0]))

static char root[4096];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const dirs[] = { "cg", "cg/x", "proc", "proc/sys", "proc/sys/vm" };
	size_t i;

	snprintf(root, sizeof(root), "%s", fz_tmpdir());
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char d[4200];

		snprintf(d, sizeof(d), "%s/%s", root, dirs[i]);
		if (mkdir(d, 0755) < 0)
			abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data + (size ? 1 : 0), *end = (const char *)data + size;
	enum oomkit_cgroup_mode mode;
	struct oomkit_ctx *ctx;
	struct oomkit_memcg *cg;
	char dir[4200];
	size_t i;
	long long v;

	if (size < 1)
		return 0;
	mode = data[0] & 1 ? OOMKIT_CGROUP_V1 : OOMKIT_CGROUP_V2;
	for (i = 0; i < NFILES; i++) {
		const char *nul = p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;
		size_t len = p < end ? (nul ? (size_t)(nul - p) : (size_t)(end - p)) : 0;

		if (len)
			fz_write(root, files[i], p, len);
		else
			fz_unlink(root, files[i]);
		p = nul ? nul + 1 : end;
	}
	if (oomkit_ctx_new(&ctx) < 0)
		abort();
	snprintf(dir, sizeof(dir), "%s/proc", root);
	if (oomkit_ctx_set_proc_root(ctx, dir) < 0)
		abort();
	snprintf(dir, sizeof(dir), "%s/cg", root);
	if (oomkit_ctx_set_memcg_root(ctx, mode, dir) < 0)
		abort();
	if (oomkit_memcg_read(ctx, data[0] & 2 ? "/" : "/x", &cg) == 0) {
		for (i = 0; i < OOMKIT_MEMCG_ITEM_COUNT_; i++)
			(void)oomkit_memcg_get(cg, (enum oomkit_memcg_item)i, &v);
		(void)oomkit_memcg_has_limit(cg);
		(void)oomkit_memcg_totalpages(cg, 4096, 0);
		(void)oomkit_memcg_totalpages(cg, 4096, 1ULL << 20);
		(void)oomkit_memcg_totalpages(cg, 65536, ~0ULL);
		oomkit_memcg_free(cg);
	}
	oomkit_ctx_free(ctx);
	return 0;
}
