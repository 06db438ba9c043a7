/*
 * fuzz_prom_label.c - libFuzzer target for a Prometheus label value
 * (cmd/common/prom.c: prom_label_escape). The text format's reading of
 * the result (\\ \" \n the only escapes, no raw '"' or newline) must give
 * back cli_escape() of the input.
 */
#include "fuzz-common.h"
#include "cli.h"
#include "prom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fz_str(data, size), *e, *esc, *back, *w;
	const char *r;

	esc = prom_label_escape(s);
	e = cli_escape(s);
	back = malloc(strlen(esc) + 1);
	if (!e || !back)
		abort();
	for (r = esc, w = back; *r; r++) {
		if (*r == '"' || *r == '\n')
			abort();
		if (*r == '\\') {
			r++;
			if (*r == 'n')
				*w++ = '\n';
			else if (*r == '\\' || *r == '"')
				*w++ = *r;
			else
				abort();
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	if (strcmp(back, e) != 0)
		abort();
	free(back);
	free(e);
	free(esc);
	free(s);
	return 0;
}
