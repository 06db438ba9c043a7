/*
 * output.c - the commands' one output dialect (see output.h).
 */
#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

#define NOMEM() err(cli_failure_status(), "cannot allocate memory")

void out_init(struct out *o, int json, int raw, int noheadings, int bytes, int json_lines)
{
	memset(o, 0, sizeof(*o));
	o->mode = json ? OUT_JSON : raw ? OUT_RAW : OUT_TABLE;
	o->noheadings = noheadings;
	o->bytes = bytes;
	o->lines = json_lines;
}

struct libscols_table *out_table(struct out *o, const struct cli_colinfo *infos, const int *cols,
				 size_t ncols)
{
	struct libscols_table *tb = scols_new_table();
	size_t i;

	if (!tb)
		NOMEM();
	o->infos = infos;
	o->cols = cols;
	o->ncols = ncols;
	scols_table_enable_noheadings(tb, o->noheadings);
	/* cells are escaped by out_text() already: not a second time */
	scols_table_enable_noencoding(tb, 1);
	for (i = 0; i < ncols; i++) {
		const struct cli_colinfo *ci = &infos[cols[i]];

		if (!scols_table_new_column(tb, ci->name, ci->whint, ci->flags))
			NOMEM();
	}
	return tb;
}

struct libscols_line *out_line(struct libscols_table *tb)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);

	if (!ln)
		NOMEM();
	return ln;
}

void out_set(const struct out *o, struct libscols_line *ln, size_t i, char *text)
{
	int r;

	if (!text && o->mode != OUT_JSON)
		r = scols_line_set_data(ln, i, "-");
	else
		r = text ? scols_line_refer_data(ln, i, text) : 0;
	if (r != 0)
		NOMEM();
}

char *out_text(const char *s)
{
	return s ? cli_escape(s) : NULL;
}

char *out_fmt(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		NOMEM();
	return s;
}

char *out_num(long long v)
{
	return out_fmt("%lld", v);
}

char *out_bool(const struct out *o, int v, const char *yes, const char *no)
{
	if (o->mode == OUT_JSON)
		return out_fmt("%s", v ? "true" : "false");
	return out_fmt("%s", v ? yes : no);
}

/*
 * One decimal, rounded, left out when it is 0: 1023K, 25.6M, 234.4M,
 * 1.1G (the style of util-linux's size_to_human_string(), on KiB).
 */
void out_human_kb(char *buf, size_t size, long long kb)
{
	static const char units[] = "KMGTPE";
	unsigned long long v, rest = 0;
	unsigned dec;
	int u = 0;

	if (kb < 0) {
		snprintf(buf, size, "-");
		return;
	}
	v = (unsigned long long)kb;
	while (v >= 1024 && units[u + 1]) {
		rest = v % 1024;
		v /= 1024;
		u++;
	}
	dec = (unsigned)((rest * 10 + 512) / 1024);
	if (dec == 10) {
		v++;
		dec = 0;
	}
	if (v == 1024 && units[u + 1]) { /* 1023.96M rounds to 1G */
		v = 1;
		u++;
	}
	if (dec)
		snprintf(buf, size, "%llu.%u%c", v, dec, units[u]);
	else
		snprintf(buf, size, "%llu%c", v, units[u]);
}

char *out_size(const struct out *o, long long kb)
{
	char buf[32];
	long long bytes;

	if (kb < 0)
		return NULL;
	if (o->mode == OUT_JSON)
		return out_num(kb);
	if (o->bytes) {
		if (__builtin_mul_overflow(kb, 1024LL, &bytes))
			return NULL;
		return out_num(bytes);
	}
	out_human_kb(buf, sizeof(buf), kb);
	return out_fmt("%s", buf);
}

/* A JSON string: quotes, backslashes and control bytes escaped. */
static void json_string_to(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;

	putc('"', f);
	for (; *p; p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\' && *p != 0x7f)
			continue;
		fwrite(run, 1, (size_t)(p - run), f);
		run = p + 1;
		if (*p == '"' || *p == '\\') {
			putc('\\', f);
			putc(*p, f);
		} else if (*p == '\n') {
			fputs("\\n", f);
		} else if (*p == '\t') {
			fputs("\\t", f);
		} else {
			fprintf(f, "\\u%04x", *p);
		}
	}
	fwrite(run, 1, (size_t)(p - run), f);
	putc('"', f);
}

static void json_string(const char *s)
{
	json_string_to(stdout, s);
}

/* A JSON value of type @type (SCOLS_JSON_*) from a cell's text. */
static void json_value(const char *data, int type)
{
	if (!data) {
		fputs("null", stdout);
		return;
	}
	switch (type) {
	case SCOLS_JSON_NUMBER:
	case SCOLS_JSON_BOOLEAN:
		fputs(data, stdout);
		break;
	case SCOLS_JSON_ARRAY_STRING: {
		/* '\n'-separated items (escaped text has no raw newline) */
		const char *p = data, *nl;

		putchar('[');
		while (*p) {
			char *one;

			nl = strchr(p, '\n');
			one = strndup(p, nl ? (size_t)(nl - p) : strlen(p));
			if (!one)
				NOMEM();
			if (p != data)
				putchar(',');
			json_string(one);
			free(one);
			if (!nl)
				break;
			p = nl + 1;
		}
		putchar(']');
		break;
	}
	default:
		json_string(data);
	}
}

/* Layout: pretty as libsmartcols prints JSON, or compact (JSON Lines). */
#define IND_MEMBER "\n   "
#define IND_ROW "\n      "
#define IND_CELL "\n         "

static void member_key(struct out *o, const char *key)
{
	if (o->in_array) {
		/* a member after the rows: the rows' array ends first */
		fputs(o->rows && !o->lines ? "\n   ]" : "]", stdout);
		o->in_array = 0;
	}
	if (o->members++)
		putchar(',');
	if (!o->lines)
		fputs(IND_MEMBER, stdout);
	json_string(key);
	fputs(o->lines ? ":" : ": ", stdout);
}

void out_doc_open(struct out *o)
{
	if (o->mode != OUT_JSON)
		return;
	putchar('{');
	o->in_doc = 1;
	o->members = 0;
	o->rows = 0;
}

void out_doc_str(struct out *o, const char *key, const char *s)
{
	char *e;

	if (o->mode != OUT_JSON)
		return;
	member_key(o, key);
	e = out_text(s);
	json_value(e, SCOLS_JSON_STRING);
	free(e);
}

void out_doc_rows(struct out *o, const char *name)
{
	if (o->mode != OUT_JSON)
		return;
	member_key(o, name);
	putchar('[');
	o->in_array = 1;
	o->rows = 0;
}

void out_doc_object(struct out *o, const char *key, const char *const *keys,
		    const char *const *vals, const int *types, size_t n)
{
	size_t i;

	if (o->mode != OUT_JSON)
		return;
	member_key(o, key);
	putchar('{');
	for (i = 0; i < n; i++) {
		if (i)
			putchar(',');
		if (!o->lines)
			fputs(IND_ROW, stdout);
		json_string(keys[i]);
		fputs(o->lines ? ":" : ": ", stdout);
		json_value(vals[i], types[i]);
	}
	fputs(o->lines ? "}" : IND_MEMBER "}", stdout);
}

void out_doc_close(struct out *o)
{
	if (o->mode != OUT_JSON)
		return;
	if (o->in_array)
		fputs(o->rows && !o->lines ? "\n   ]" : "]", stdout);
	fputs(o->lines ? "}\n" : "\n}\n", stdout);
	o->in_doc = o->in_array = 0;
}

static void json_row(struct out *o, struct libscols_line *ln)
{
	int alone = !o->in_array; /* a JSON Lines document of its own */
	const char *sep = o->lines ? "" : alone ? IND_MEMBER : IND_CELL;
	size_t i;

	if (!alone)
		fputs(o->rows == 0 ? (o->lines ? "" : IND_ROW) : ",", stdout);
	putchar('{');
	for (i = 0; i < o->ncols; i++) {
		const struct cli_colinfo *ci = &o->infos[o->cols[i]];
		struct libscols_cell *ce = scols_line_get_cell(ln, i);

		if (i)
			putchar(',');
		fputs(sep, stdout);
		json_string(ci->json ? ci->json : ci->name);
		fputs(o->lines ? ":" : ": ", stdout);
		json_value(ce ? scols_cell_get_data(ce) : NULL, ci->json_type);
	}
	if (!o->lines)
		fputs(alone ? "\n" : IND_ROW, stdout);
	putchar('}');
	if (alone)
		putchar('\n');
	o->rows++;
}

/*
 * A raw cell: the escaped text, with its spaces as \x20 (and, should a
 * cell hold one, a control byte as out_text() writes it), so a row is one
 * line of space-separated fields.
 */
static void raw_cell(const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;

	for (; *p; p++) {
		if (*p > ' ' && *p != 0x7f)
			continue;
		fwrite(run, 1, (size_t)(p - run), stdout);
		run = p + 1;
		if (*p == '\n')
			fputs("\\n", stdout);
		else if (*p == '\t')
			fputs("\\t", stdout);
		else
			printf("\\x%02x", *p);
	}
	fwrite(run, 1, (size_t)(p - run), stdout);
}

static void raw_row(struct out *o, struct libscols_line *ln)
{
	size_t i;

	for (i = 0; i < o->ncols; i++) {
		struct libscols_cell *ce = scols_line_get_cell(ln, i);
		const char *d = ce ? scols_cell_get_data(ce) : NULL;

		if (i)
			putchar(' ');
		raw_cell(d ? d : "-");
	}
	putchar('\n');
}

void out_rows(struct out *o, struct libscols_table *tb, struct libscols_line *first)
{
	struct libscols_iter *itr;
	struct libscols_line *ln;
	int on = !first;
	size_t i;

	if (o->mode == OUT_TABLE) {
		if (!first) {
			scols_print_table(tb);
		} else {
			scols_table_print_range(tb, first, NULL);
			putchar('\n');
		}
		return;
	}
	if (o->mode == OUT_RAW && !o->header_done && !o->noheadings) {
		for (i = 0; i < o->ncols; i++) {
			if (i)
				putchar(' ');
			raw_cell(o->infos[o->cols[i]].name);
		}
		putchar('\n');
	}
	o->header_done = 1;
	itr = scols_new_iter(SCOLS_ITER_FORWARD);
	if (!itr)
		NOMEM();
	while (scols_table_next_line(tb, itr, &ln) == 0) {
		if (ln == first)
			on = 1;
		if (!on)
			continue;
		if (o->mode == OUT_RAW)
			raw_row(o, ln);
		else
			json_row(o, ln);
	}
	scols_free_iter(itr);
}

/*
 * The nested JSON writer (oomwhy's documents): the same string rule as the
 * rows above, and the same layout: one member per line, three spaces of
 * indent per level, "key": value.
 */
void json_init(struct json *j, FILE *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->first[0] = 1;
}

static void json_indent(struct json *j)
{
	int i;

	putc('\n', j->out);
	for (i = 0; i < j->depth; i++)
		fputs("   ", j->out);
}

static void json_member(struct json *j, const char *key)
{
	if (j->depth > 0) {
		if (!j->first[j->depth])
			putc(',', j->out);
		json_indent(j);
	}
	j->first[j->depth] = 0;
	if (key) {
		json_string_to(j->out, key);
		fputs(": ", j->out);
	}
}

void json_open(struct json *j, const char *key, char bracket)
{
	json_member(j, key);
	putc(bracket, j->out);
	if (j->depth < 31)
		j->depth++;
	j->first[j->depth] = 1;
}

void json_close(struct json *j, char bracket)
{
	int empty = j->first[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (!empty)
		json_indent(j);
	putc(bracket, j->out);
	if (j->depth == 0)
		putc('\n', j->out);
}

void json_str(struct json *j, const char *key, const char *val)
{
	json_member(j, key);
	if (val)
		json_string_to(j->out, val);
	else
		fputs("null", j->out);
}

void json_num(struct json *j, const char *key, long long val)
{
	json_member(j, key);
	fprintf(j->out, "%lld", val);
}

void json_null(struct json *j, const char *key)
{
	json_member(j, key);
	fputs("null", j->out);
}

void json_bool(struct json *j, const char *key, int val)
{
	json_member(j, key);
	fputs(val ? "true" : "false", j->out);
}

void json_double(struct json *j, const char *key, double val, int decimals)
{
	json_member(j, key);
	fprintf(j->out, "%.*f", decimals, val);
}

void json_number_text(struct json *j, const char *key, const char *text)
{
	json_member(j, key);
	fputs(text, j->out);
}
