/*
 * fuzz_proc_cgroup.c - libFuzzer target for /proc/<pid>/cgroup
 * (oomkit__memcg_parse_cgroup_file). The first byte picks the hierarchy
 * (v1 or v2) and the size of the caller's buffer (1 to 128 bytes).
 */
#include "fuzz-common.h"
#include "memcg-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum oomkit_cgroup_mode mode;
	size_t bufsize;
	char *text, *buf;

	if (size < 1)
		return 0;
	mode = data[0] & 1 ? OOMKIT_CGROUP_V1 : OOMKIT_CGROUP_V2;
	bufsize = (size_t)(data[0] >> 1) + 1;
	text = fz_str(data + 1, size - 1);
	/* exactly bufsize bytes, so that ASan sees a write past it */
	buf = malloc(bufsize);
	if (!buf)
		abort();
	if (oomkit__memcg_parse_cgroup_file(text, mode, buf, bufsize) == 0 &&
	    strnlen(buf, bufsize) >= bufsize)
		abort();
	free(buf);
	free(text);
	return 0;
}
