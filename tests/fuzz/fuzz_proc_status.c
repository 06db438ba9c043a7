/*
 * fuzz_proc_status.c - libFuzzer target for /proc/<pid>/status
 * (oomkit__parse_status): every item it sets is read back through the
 * public getters.
 */
#include "fuzz-common.h"
#include "proc-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oomkit_proc *p = calloc(1, sizeof(*p));
	char *text = fz_str(data, size);
	long long v;
	int i;

	if (!p)
		abort();
	if (oomkit__parse_status(text, p) == 0) {
		for (i = 0; i < OOMKIT_PROC_ITEM_COUNT_; i++)
			(void)oomkit_proc_get(p, (enum oomkit_proc_item)i, &v);
		/* the name is a C string inside comm[] */
		if (strnlen(oomkit_proc_str(p, OOMKIT_PROC_COMM), sizeof(p->comm)) >=
		    sizeof(p->comm))
			abort();
	}
	free(p);
	free(text);
	return 0;
}
