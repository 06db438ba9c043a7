/*
 * fuzz_vmstat.c - libFuzzer target for /proc/vmstat's oom_kill counter
 * (oomkit__parse_vmstat): a counter read is never negative.
 */
#include "fuzz-common.h"
#include "sysmem-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oomkit_sysmem *m = oomkit__sysmem_new();
	char *text = fz_str(data, size);
	long long v;

	if (!m)
		abort();
	if (oomkit__parse_vmstat(text, m) == 0 &&
	    (oomkit_sysmem_get(m, OOMKIT_MEM_VMSTAT_OOM_KILL, &v) < 0 || v < 0))
		abort();
	oomkit_sysmem_free(m);
	free(text);
	return 0;
}
