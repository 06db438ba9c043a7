/*
 * fuzz_markdown.c - libFuzzer target for oomwhy's markdown escaping
 * (cmd/common/markdown.c: md_text, md_code) of text that went through
 * cli_escape() first, as the callers do. The first byte is the flags.
 * The output never holds a newline (it would end a paragraph or a table
 * row), and in a table cell every '|' is written "\|".
 */
#include "fuzz-common.h"
#include "cli.h"
#include "markdown.h"

static void check(const char *out, size_t len, int flags)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (out[i] == '\n' || out[i] == '\0')
			abort();
		if ((flags & MD_TABLE) && out[i] == '|' && (i == 0 || out[i - 1] != '\\'))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *e, *buf;
	size_t len;
	FILE *f;
	int flags;

	if (size < 1)
		return 0;
	flags = data[0] & (MD_TABLE | MD_LINE_START);
	s = fz_str(data + 1, size - 1);
	e = cli_escape(s);
	if (!e)
		abort();
	f = open_memstream(&buf, &len);
	if (!f)
		abort();
	md_text(f, e, flags);
	if (fclose(f) != 0)
		abort();
	check(buf, len, flags);
	free(buf);
	f = open_memstream(&buf, &len);
	if (!f)
		abort();
	md_code(f, e, flags);
	if (fclose(f) != 0)
		abort();
	check(buf, len, flags);
	free(buf);
	free(e);
	free(s);
	return 0;
}
