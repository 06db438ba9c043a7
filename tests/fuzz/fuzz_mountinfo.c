/*
 * fuzz_mountinfo.c - libFuzzer target for /proc/self/mountinfo as the
 * memory cgroup's mount point is found in it (oomkit_ctx_memcg_root):
 * the input is written to <scratch>/self/mountinfo and the context's
 * procfs root pointed there. (A cgroup2 line makes the reader look for
 * <mount point>/cgroup.controllers: a read of a file of that name only.)
 */
#include "fuzz-common.h"
#include "oomkit/ctx.h"

static char root[4096];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char d[4200];

	snprintf(root, sizeof(root), "%s", fz_tmpdir());
	snprintf(d, sizeof(d), "%s/self", root);
	if (mkdir(d, 0755) < 0)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oomkit_ctx *ctx;
	enum oomkit_cgroup_mode mode;
	const char *path;

	fz_write(root, "self/mountinfo", (const char *)data, size);
	if (oomkit_ctx_new(&ctx) < 0 || oomkit_ctx_set_proc_root(ctx, root) < 0)
		abort();
	if (oomkit_ctx_memcg_root(ctx, &mode, &path) == 0 &&
	    (!path || (mode != OOMKIT_CGROUP_V1 && mode != OOMKIT_CGROUP_V2)))
		abort();
	oomkit_ctx_free(ctx);
	return 0;
}
