/*
 * fuzz_cli_number.c - libFuzzer target for the commands' strict option
 * values (cmd/common/cli.c: cli_parse_ll, cli_parse_secs) and the quoting
 * of a bad value in the message (cli_arg). A value accepted is in range.
 */
#include <errno.h>
#include <math.h>

#include "fuzz-common.h"
#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fz_str(data, size);
	long long v;
	double d;

	if (cli_parse_ll(s, -1000, 1000, &v) == 0 && (v < -1000 || v > 1000))
		abort();
	if (cli_parse_ll(s, LLONG_MIN, LLONG_MAX, &v) == 0 && cli_parse_ll(s, v, v, &v) != 0)
		abort(); /* what was read is read again the same */
	if (cli_parse_secs(s, 3600, &d) == 0 && !(d > 0 && d <= 3600 && isfinite(d)))
		abort();
	if (strchr(cli_arg(s), '\n'))
		abort();
	free(s);
	return 0;
}
