/*
 * fuzz_proc_stat.c - libFuzzer target for /proc/<pid>/stat's start time
 * (oomkit__parse_stat_start: the comm in parentheses may hold ')' and
 * spaces, the fields resume after the last ')').
 */
#include "fuzz-common.h"
#include "proc-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fz_str(data, size);
	unsigned long long ticks;

	if (oomkit__parse_stat_start(text, &ticks) == 0 && ticks > (unsigned long long)LLONG_MAX)
		abort();
	free(text);
	return 0;
}
