/*
 * fuzz_meminfo.c - libFuzzer target for /proc/meminfo
 * (oomkit__parse_meminfo) and what is computed from it
 * (oomkit_sysmem_totalpages).
 */
#include "fuzz-common.h"
#include "sysmem-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oomkit_sysmem *m = oomkit__sysmem_new();
	char *text = fz_str(data, size);
	long long v;
	int i;

	if (!m)
		abort();
	(void)oomkit__parse_meminfo(text, m);
	for (i = 0; i < OOMKIT_MEM_ITEM_COUNT_; i++)
		(void)oomkit_sysmem_get(m, (enum oomkit_sysmem_item)i, &v);
	(void)oomkit_sysmem_totalpages(m, 4096);
	(void)oomkit_sysmem_totalpages(m, 65536);
	oomkit_sysmem_free(m);
	free(text);
	return 0;
}
