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

/* a byte a JSON string holds as it is (else json_string() escapes it) */
static int json_plain(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\' && c != 0x7f;
}

/*
 * Every JSON row repeats the same keys: write each column's '"key": ' once
 * here (keys are the program's own names; one that would need escaping,
 * or more columns than fit, leaves the table empty and rows escape keys
 * as they go).
 */
static void keys_init(struct out *o)
{
	size_t i, at = 0;

	memset(o->keyoff, 0, sizeof(o->keyoff));
	if (o->ncols + 1 > sizeof(o->keyoff) / sizeof(o->keyoff[0]))
		return;
	for (i = 0; i < o->ncols; i++) {
		const struct cli_colinfo *ci = &o->infos[o->cols[i]];
		const char *k = ci->json ? ci->json : ci->name, *p;
		int n;

		for (p = k; *p; p++)
			if (!json_plain((unsigned char)*p))
				goto none;
		o->keyoff[i] = (unsigned short)at;
		n = snprintf(o->keys + at, sizeof(o->keys) - at,
			     o->lines ? "\"%s\":" : "\"%s\": ", k);
		if (n < 0 || (size_t)n >= sizeof(o->keys) - at)
			goto none;
		at += (size_t)n;
	}
	o->keyoff[o->ncols] = (unsigned short)at;
	return;
none:
	memset(o->keyoff, 0, sizeof(o->keyoff));
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
	keys_init(o);
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

/* a copy of the @n bytes at @s, NUL-terminated */
static char *dup_text(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (!d)
		NOMEM();
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/*
 * Cells are many (a snapshot of 5,000 processes has 125,000) and short:
 * format on the stack and allocate once, not vasprintf()'s two or three
 * times.
 */
char *out_fmt(const char *fmt, ...)
{
	char buf[128], *s;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		NOMEM();
	if ((size_t)n < sizeof(buf))
		return dup_text(buf, (size_t)n);
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		NOMEM();
	return s;
}

char *out_num(long long v)
{
	char buf[24], *p = buf + sizeof(buf);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	return dup_text(p, (size_t)(buf + sizeof(buf) - p));
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

/*
 * Raw and JSON text is gathered in a buffer and written with one fwrite()
 * per call of the functions below (and whenever the buffer is full): a
 * snapshot of thousands of rows would otherwise cost a stdio call for
 * every key, value and comma.
 */
static struct {
	char b[8192];
	size_t n;
} wb;

static void w_flush(FILE *f)
{
	if (wb.n)
		fwrite(wb.b, 1, wb.n, f);
	wb.n = 0;
}

static inline void w_put(const char *s, size_t n)
{
	if (n > sizeof(wb.b) - wb.n) {
		w_flush(stdout);
		if (n > sizeof(wb.b)) {
			fwrite(s, 1, n, stdout);
			return;
		}
	}
	memcpy(wb.b + wb.n, s, n);
	wb.n += n;
}

static inline void w_c(char c)
{
	if (wb.n == sizeof(wb.b))
		w_flush(stdout);
	wb.b[wb.n++] = c;
}

static void w_s(const char *s)
{
	w_put(s, strlen(s));
}

/* A JSON string into the buffer: quotes, backslashes and control bytes escaped. */
static void json_string(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *run = p;

	w_c('"');
	for (; *p; p++) {
		if (json_plain(*p))
			continue;
		w_put((const char *)run, (size_t)(p - run));
		run = p + 1;
		if (*p == '"' || *p == '\\') {
			w_c('\\');
			w_c((char)*p);
		} else if (*p == '\n') {
			w_s("\\n");
		} else if (*p == '\t') {
			w_s("\\t");
		} else {
			w_s("\\u00");
			w_c(hex[*p >> 4]);
			w_c(hex[*p & 0xf]);
		}
	}
	w_put((const char *)run, (size_t)(p - run));
	w_c('"');
}

/* the same, written to @f at once (the nested writer) */
static void json_string_to(FILE *f, const char *s)
{
	w_flush(stdout);
	json_string(s);
	w_flush(f);
}

/* A member's key (a column name, or the program's own key) and colon. */
static void json_key(const char *key, int compact)
{
	json_string(key);
	w_s(compact ? ":" : ": ");
}

/* A JSON value of type @type (SCOLS_JSON_*) from a cell's text. */
static void json_value(const char *data, int type)
{
	if (!data) {
		w_s("null");
		return;
	}
	switch (type) {
	case SCOLS_JSON_NUMBER:
	case SCOLS_JSON_BOOLEAN:
		w_s(data);
		break;
	case SCOLS_JSON_ARRAY_STRING: {
		/* '\n'-separated items (escaped text has no raw newline) */
		const char *p = data, *nl;

		w_c('[');
		while (*p) {
			char *one;

			nl = strchr(p, '\n');
			one = strndup(p, nl ? (size_t)(nl - p) : strlen(p));
			if (!one)
				NOMEM();
			if (p != data)
				w_c(',');
			json_string(one);
			free(one);
			if (!nl)
				break;
			p = nl + 1;
		}
		w_c(']');
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
		w_s(o->rows && !o->lines ? "\n   ]" : "]");
		o->in_array = 0;
	}
	if (o->members++)
		w_c(',');
	if (!o->lines)
		w_s(IND_MEMBER);
	json_string(key);
	w_s(o->lines ? ":" : ": ");
}

void out_doc_open(struct out *o)
{
	if (o->mode != OUT_JSON)
		return;
	w_c('{');
	o->in_doc = 1;
	o->members = 0;
	o->rows = 0;
	w_flush(stdout);
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
	w_flush(stdout);
}

void out_doc_rows(struct out *o, const char *name)
{
	if (o->mode != OUT_JSON)
		return;
	member_key(o, name);
	w_c('[');
	o->in_array = 1;
	o->rows = 0;
	w_flush(stdout);
}

void out_doc_object(struct out *o, const char *key, const char *const *keys,
		    const char *const *vals, const int *types, size_t n)
{
	size_t i;

	if (o->mode != OUT_JSON)
		return;
	member_key(o, key);
	w_c('{');
	for (i = 0; i < n; i++) {
		if (i)
			w_c(',');
		if (!o->lines)
			w_s(IND_ROW);
		json_string(keys[i]);
		w_s(o->lines ? ":" : ": ");
		json_value(vals[i], types[i]);
	}
	w_s(o->lines ? "}" : IND_MEMBER "}");
	w_flush(stdout);
}

void out_doc_close(struct out *o)
{
	if (o->mode != OUT_JSON)
		return;
	if (o->in_array)
		w_s(o->rows && !o->lines ? "\n   ]" : "]");
	w_s(o->lines ? "}\n" : "\n}\n");
	o->in_doc = o->in_array = 0;
	w_flush(stdout);
}

static void json_row(struct out *o, const char *const *cells)
{
	int alone = !o->in_array; /* a JSON Lines document of its own */
	const char *sep = o->lines ? "" : alone ? IND_MEMBER : IND_CELL;
	size_t i;

	if (!alone)
		w_s(o->rows == 0 ? (o->lines ? "" : IND_ROW) : ",");
	w_c('{');
	for (i = 0; i < o->ncols; i++) {
		const struct cli_colinfo *ci = &o->infos[o->cols[i]];

		if (i)
			w_c(',');
		w_s(sep);
		if (o->keyoff[o->ncols])
			w_put(o->keys + o->keyoff[i], (size_t)(o->keyoff[i + 1] - o->keyoff[i]));
		else
			json_key(ci->json ? ci->json : ci->name, o->lines);
		json_value(cells[i], ci->json_type);
	}
	if (!o->lines)
		w_s(alone ? "\n" : IND_ROW);
	w_c('}');
	if (alone)
		w_c('\n');
	o->rows++;
}

static void raw_hex(unsigned char c)
{
	static const char hex[] = "0123456789abcdef";

	w_s("\\x");
	w_c(hex[c >> 4]);
	w_c(hex[c & 0xf]);
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
		w_put((const char *)run, (size_t)(p - run));
		run = p + 1;
		if (*p == '\n')
			w_s("\\n");
		else if (*p == '\t')
			w_s("\\t");
		else
			raw_hex(*p);
	}
	w_put((const char *)run, (size_t)(p - run));
}

static void raw_row(struct out *o, const char *const *cells)
{
	size_t i;

	for (i = 0; i < o->ncols; i++) {
		if (i)
			w_c(' ');
		raw_cell(cells[i] ? cells[i] : "-");
	}
	w_c('\n');
}

/* raw: the header line, once (unless --noheadings) */
static void raw_header(struct out *o)
{
	size_t i;

	if (o->mode == OUT_RAW && !o->header_done && !o->noheadings) {
		for (i = 0; i < o->ncols; i++) {
			if (i)
				w_c(' ');
			raw_cell(o->infos[o->cols[i]].name);
		}
		w_c('\n');
	}
	o->header_done = 1;
}

/* one raw or JSON row */
static void print_row(struct out *o, const char *const *cells)
{
	if (o->mode == OUT_RAW)
		raw_row(o, cells);
	else
		json_row(o, cells);
}

void out_row(struct out *o, char **cells)
{
	size_t i;

	raw_header(o);
	print_row(o, (const char *const *)cells);
	for (i = 0; i < o->ncols; i++) {
		free(cells[i]);
		cells[i] = NULL;
	}
	w_flush(stdout);
}

void out_rows(struct out *o, struct libscols_table *tb, struct libscols_line *first)
{
	struct libscols_iter *itr;
	struct libscols_line *ln;
	const char **cells;
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
	raw_header(o);
	itr = scols_new_iter(SCOLS_ITER_FORWARD);
	cells = calloc(o->ncols ? o->ncols : 1, sizeof(*cells));
	if (!itr || !cells)
		NOMEM();
	while (scols_table_next_line(tb, itr, &ln) == 0) {
		if (ln == first)
			on = 1;
		if (!on)
			continue;
		for (i = 0; i < o->ncols; i++) {
			struct libscols_cell *ce = scols_line_get_cell(ln, i);

			cells[i] = ce ? scols_cell_get_data(ce) : NULL;
		}
		print_row(o, cells);
	}
	free(cells);
	scols_free_iter(itr);
	w_flush(stdout);
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
