/*
 * test_output.c - the commands' output module (cmd/common/output.c): the
 * one size formatter, and one hostile row printed as a table, raw and
 * JSON (pretty and JSON Lines); and markdown text (cmd/common/markdown.c)
 * that no renderer turns into a mention, a link or markup.
 */
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "markdown.h"
#include "output.h"

static void test_human_kb(void **state)
{
	static const struct {
		long long kb;
		const char *want;
	} t[] = {
		{ 0, "0K" },          { 1023, "1023K" },   { 1024, "1M" },
		{ 1075, "1M" },       { 1076, "1.1M" },    { 26214, "25.6M" },
		{ 240000, "234.4M" }, { 2000, "2M" },      { 45772, "44.7M" },
		{ 1048575, "1G" },    { 1200000, "1.1G" }, { 20971520, "20G" },
		{ -1, "-" },          { 1LL << 50, "1E" }, { 1LL << 62, "4096E" },
	};
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		out_human_kb(buf, sizeof(buf), t[i].kb);
		assert_string_equal(buf, t[i].want);
	}
}

static void test_size_modes(void **state)
{
	struct out o;
	char *s;

	(void)state;
	out_init(&o, 0, 0, 0, 0, 0);
	assert_string_equal(s = out_size(&o, 240000), "234.4M");
	free(s);
	assert_null(out_size(&o, -1));
	out_init(&o, 0, 1, 0, 1, 0); /* raw --bytes */
	assert_string_equal(s = out_size(&o, 240000), "245760000");
	free(s);
	assert_null(out_size(&o, 1LL << 60)); /* bytes beyond 64 bits */
	out_init(&o, 1, 0, 0, 1, 0);          /* JSON: KiB whatever --bytes */
	assert_string_equal(s = out_size(&o, 240000), "240000");
	free(s);
}

static const struct cli_colinfo infos[] = {
	{ "PID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "", "pid" },
	{ "COMM", 16, 0, SCOLS_JSON_STRING, "", "comm" },
	{ "RSS", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "", "rss_kb" },
	{ "OK", 3, 0, SCOLS_JSON_BOOLEAN, "", "ok" },
	{ "NOTES", 5, 0, SCOLS_JSON_ARRAY_STRING, "", "notes" },
};
static const int cols[] = { 0, 1, 2, 3, 4 };

/* Print @nrows rows (pid 7, @comm, unknown RSS) in a mode, through
 * out_set() and out_rows() or (@stream) out_row(); return what went to
 * stdout. */
static char *print_rows(int json, int raw, int lines, int doc, int stream, const char *comm,
			int nrows)
{
	struct libscols_table *tb;
	struct libscols_line *ln;
	struct out o;
	char *buf = NULL;
	size_t len = 0, c;
	FILE *mem = open_memstream(&buf, &len), *old = stdout;
	int i;

	assert_non_null(mem);
	stdout = mem;
	out_init(&o, json, raw, 0, 0, lines);
	tb = out_table(&o, infos, cols, 5);
	scols_table_set_stream(tb, mem);
	if (doc && stream) {
		out_doc_open(&o);
		out_doc_str(&o, "domain", "x\"y");
		out_doc_rows(&o, "rows");
	}
	for (i = 0; i < nrows; i++) {
		char *cells[5] = { out_num(7), out_text(comm), NULL, out_bool(&o, 1, "yes", "no"),
				   out_fmt("one\ntwo") };

		if (stream) {
			out_row(&o, cells);
			for (c = 0; c < 5; c++)
				assert_null(cells[c]);
			continue;
		}
		ln = out_line(tb);
		for (c = 0; c < 5; c++)
			out_set(&o, ln, c, cells[c]);
	}
	if (doc && !stream) {
		out_doc_open(&o);
		out_doc_str(&o, "domain", "x\"y");
		out_doc_rows(&o, "rows");
	}
	if (!stream)
		out_rows(&o, tb, NULL);
	if (doc)
		out_doc_close(&o);
	scols_unref_table(tb);
	fclose(mem);
	stdout = old;
	return buf;
}

static char *print_one(int json, int raw, int lines, int doc)
{
	return print_rows(json, raw, lines, doc, 0, "a b)\n\t\xff\\\"\xc3\xa9", 1);
}

static void test_forms(void **state)
{
	char *s;

	(void)state;
	assert_string_equal(nl_langinfo(CODESET), "UTF-8");
	s = print_one(0, 1, 0, 0);
	assert_string_equal(s, "PID COMM RSS OK NOTES\n"
			       "7 a\\x20b)\\n\\t\\xff\\\\\"\xc3\xa9 - yes one\\ntwo\n");
	free(s);
	s = print_one(1, 0, 1, 1);
	assert_string_equal(s, "{\"domain\":\"x\\\"y\",\"rows\":[{\"pid\":7,"
			       "\"comm\":\"a b)\\\\n\\\\t\\\\xff\\\\\\\\\\\"\xc3\xa9\","
			       "\"rss_kb\":null,\"ok\":true,\"notes\":[\"one\",\"two\"]}]}\n");
	free(s);
	s = print_one(1, 0, 1, 0); /* JSON Lines without a document */
	assert_string_equal(s, "{\"pid\":7,\"comm\":\"a b)\\\\n\\\\t\\\\xff\\\\\\\\\\\"\xc3\xa9\","
			       "\"rss_kb\":null,\"ok\":true,\"notes\":[\"one\",\"two\"]}\n");
	free(s);
	s = print_one(1, 0, 0, 1); /* pretty, as libsmartcols */
	assert_string_equal(s, "{\n   \"domain\": \"x\\\"y\",\n   \"rows\": [\n      {\n"
			       "         \"pid\": 7,\n"
			       "         \"comm\": \"a b)\\\\n\\\\t\\\\xff\\\\\\\\\\\"\xc3\xa9\",\n"
			       "         \"rss_kb\": null,\n         \"ok\": true,\n"
			       "         \"notes\": [\"one\",\"two\"]\n      }\n   ]\n}\n");
	free(s);
	s = print_one(0, 0, 0, 0); /* table: the escaped text, - */
	assert_non_null(strstr(s, "a b)\\n\\t\\xff\\\\\"\xc3\xa9"));
	assert_non_null(strstr(s, " - "));
	free(s);
}

/*
 * In a locale that is not UTF-8, UTF-8 is escaped too (\xc3\xa9): it
 * would not print as text, and libsmartcols 2.38 loops forever measuring
 * it in such a locale.
 */
static void test_c_locale(void **state)
{
	char *s;

	(void)state;
	assert_non_null(setlocale(LC_ALL, "C"));
	s = print_one(0, 0, 0, 0);
	assert_non_null(strstr(s, "a b)\\n\\t\\xff\\\\\"\\xc3\\xa9"));
	free(s);
	s = print_one(1, 0, 1, 0);
	assert_non_null(strstr(s, "\"comm\":\"a b)\\\\n\\\\t\\\\xff\\\\\\\\\\\"\\\\xc3\\\\xa9\""));
	free(s);
	assert_non_null(setlocale(LC_ALL, "C.UTF-8"));
}

/*
 * Rows printed one at a time (out_row(), oomtop -b) come out byte for byte
 * as rows printed from a table (out_rows()), in raw and every JSON layout:
 * one row, many rows (past the write buffer) and a cell longer than it.
 */
static void test_stream(void **state)
{
	static const int forms[][3] = { { 0, 1, 0 }, { 1, 0, 1 }, { 1, 0, 0 } };
	char *big = malloc(20001), *a, *b;
	size_t f;
	int doc, n;

	(void)state;
	assert_non_null(big);
	memset(big, 'x', 20000);
	big[20000] = '\0';
	big[9000] = '"';
	for (f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
		for (doc = 0; doc <= 1; doc++) {
			if (doc && !forms[f][0])
				continue;
			for (n = 1; n <= 300; n += 299) {
				a = print_rows(forms[f][0], forms[f][1], forms[f][2], doc, 0,
					       "a b)\n\t\xff\\\"\xc3\xa9", n);
				b = print_rows(forms[f][0], forms[f][1], forms[f][2], doc, 1,
					       "a b)\n\t\xff\\\"\xc3\xa9", n);
				assert_string_equal(a, b);
				free(a);
				free(b);
			}
			a = print_rows(forms[f][0], forms[f][1], forms[f][2], doc, 0, big, 2);
			b = print_rows(forms[f][0], forms[f][1], forms[f][2], doc, 1, big, 2);
			assert_true(strlen(a) > 40000);
			assert_string_equal(a, b);
			free(a);
			free(b);
		}
	}
	free(big);
}

static char *md(void (*fn)(FILE *, const char *, int), const char *s, int flags)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	fn(f, s, flags);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_md_code(void **state)
{
	static const struct {
		const char *in;
		int flags;
		const char *want;
	} t[] = {
		{ "@all", 0, "`@all`" },
		{ "web worker", 0, "`web worker`" },
		{ "a`b", 0, "``a`b``" },
		{ "a``b`", 0, "``` a``b` ```" }, /* ends with a backtick: padded */
		{ "`x`", 0, "`` `x` ``" },
		{ " x ", 0, "`  x  `" }, /* one space each side is stripped */
		{ " x", 0, "` x`" },     /* only when both sides have one */
		{ "   ", 0, "`   `" },   /* all spaces: kept as they are */
		{ "|a|", 0, "`|a|`" },
		{ "|a|", MD_TABLE, "`\\|a\\|`" },
		{ "\\x1b", 0, "`\\x1b`" }, /* no escapes in a code span */
		{ "", 0, "" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *got = md(md_code, t[i].in, t[i].flags);

		assert_string_equal(got, t[i].want);
		free(got);
	}
}

static void test_md_text(void **state)
{
	static const struct {
		const char *in;
		int flags;
		const char *want;
	} t[] = {
		/* prose and harmless names stay text */
		{ "grower (pid 30828) was killed.", 0, "grower (pid 30828) was killed." },
		{ "at 2026-11-21 14:00:03, 83.2% of it; UID:0 (25 % above)", 0,
		  "at 2026-11-21 14:00:03, 83.2% of it; UID:0 (25 % above)" },
		{ "Rules used: 'oomadj' x=1/2 + 3 - 4? \"q\" caf\xc3\xa9", 0,
		  "Rules used: 'oomadj' x=1/2 + 3 - 4? \"q\" caf\xc3\xa9" },
		/* mentions, references, links, e-mail, emoji, GitLab's %milestone */
		{ "killed @all (pid 1).", 0, "killed `@all` (pid 1)." },
		{ "see #12, !3, ~bug, $5 and &7", 0, "see `#12`, `!3`, `~bug`, `$5` and `&7`" },
		{ "http://e.co/x www.evil.co WWW.E.CO a@b.co", 0,
		  "`http://e.co/x` `www.evil.co` `WWW.E.CO` `a@b.co`" },
		{ "mailto:x :smile: :+1: :100: 1:100: %v1 %\"v 1\" GH-12 gh-3", 0,
		  "`mailto:x` `:smile:` `:+1:` `:100:` `1:100:` `%v1` `%\"v` 1\" `GH-12` `gh-3`" },
		/* markup */
		{ "~~x~~ $x$ *b* _i_ <a href=x> [x](http://y) ![p](y) {+x+} [-x-]", 0,
		  "`~~x~~` `$x$` `*b*` `_i_` `<a` `href=x>` `[x](http://y)` `![p](y)` `{+x+}` "
		  "`[-x-]`" },
		{ "a `b` c\\x1b|", 0, "a `` `b` `` `c\\x1b|`" },
		{ "a|b", MD_TABLE, "`a\\|b`" },
		/* punctuation around a word stays outside its code span */
		{ "(oom_score_adj), (gfp_mask=0xcc0(GFP_KERNEL)), @x:", 0,
		  "(`oom_score_adj`), (`gfp_mask=0xcc0(GFP_KERNEL)`), `@x`:" },
		{ "((@a)).", 0, "((`@a`))." },
		/* what would open a block at the start of a line */
		{ "1. x", MD_LINE_START, "`1`. x" },
		{ "12) x", MD_LINE_START, "`12`) x" },
		{ "- x", MD_LINE_START, "`-` x" },
		{ "+x", MD_LINE_START, "`+x`" },
		{ "=== x", MD_LINE_START, "`===` x" },
		{ "# x", MD_LINE_START, "`#` x" },
		{ "> x", MD_LINE_START, "`>` x" },
		{ "    x y", MD_LINE_START, "`    x` y" },
		{ "  ", MD_LINE_START, "`  `" },
		{ "1. - x", 0, "1. - x" },
		{ "1.5 x", MD_LINE_START, "1.5 x" },
		{ "", MD_LINE_START, "" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *got = md(md_text, t[i].in, t[i].flags);

		if (strcmp(got, t[i].want) != 0)
			fail_msg("md_text(\"%s\"): \"%s\", want \"%s\"", t[i].in, got, t[i].want);
		free(got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_human_kb), cmocka_unit_test(test_size_modes),
		cmocka_unit_test(test_forms),    cmocka_unit_test(test_c_locale),
		cmocka_unit_test(test_stream),   cmocka_unit_test(test_md_code),
		cmocka_unit_test(test_md_text),
	};

	setlocale(LC_ALL, "C.UTF-8"); /* glibc's, always there */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
