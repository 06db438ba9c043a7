/*
 * fuzz_timespec.c - libFuzzer target for --since/--until
 * (cmd/common/timespec.c: parse_timespan, parse_timestamp). The first 8
 * bytes are the "now" the timestamp is relative to.
 */
#include "fuzz-common.h"
#include "timespec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long long now = 1700000000LL * 1000000, out;
	char *s;

	if (size >= 8) {
		memcpy(&now, data, 8);
		data += 8;
		size -= 8;
	}
	s = fz_str(data, size);
	(void)parse_timespan(s, &out);
	(void)parse_timestamp(s, now, &out);
	(void)parse_timestamp(s, 1700000000LL * 1000000, &out);
	free(s);
	return 0;
}
