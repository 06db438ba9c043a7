/*
 * prom.c - the Prometheus text exposition format writer (see prom.h).
 */
#include <err.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "oomkit/common.h"
#include "cli.h"
#include "prom.h"

void prom_init(struct prom *p, FILE *out)
{
	memset(p, 0, sizeof(*p));
	p->out = out;
}

void prom_family(struct prom *p, const char *name, const char *type, const char *help)
{
	p->name = name;
	p->type = type;
	p->help = help;
	p->started = 0;
}

char *prom_label_escape(const char *s)
{
	char *e = cli_escape(s ? s : ""), *out, *w;
	const char *r;

	/* after oomkit_escape() only '\\' and '"' need a backslash (no
	 * newline is left), so at most every byte doubles */
	out = malloc(strlen(e) * 2 + 1);
	if (!out)
		err(CLI_EXIT_FAILURE, "cannot allocate memory");
	for (r = e, w = out; *r; r++) {
		if (*r == '\\' || *r == '"') {
			*w++ = '\\';
			*w++ = *r;
		} else if (*r == '\n') {
			*w++ = '\\';
			*w++ = 'n';
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	free(e);
	return out;
}

/* The family's HELP and TYPE before its first sample, then the name and
 * the labels of one sample, up to the space before the value. */
static void sample_start(struct prom *p, va_list ap)
{
	const char *name;
	int first = 1;

	if (!p->started) {
		/* HELP texts are ours, one line without backslashes */
		fprintf(p->out, "# HELP %s %s\n# TYPE %s %s\n", p->name, p->help, p->name, p->type);
		p->started = 1;
	}
	fputs(p->name, p->out);
	while ((name = va_arg(ap, const char *))) {
		char *v = prom_label_escape(va_arg(ap, const char *));

		fprintf(p->out, "%s%s=\"%s\"", first ? "{" : ",", name, v);
		free(v);
		first = 0;
	}
	if (!first)
		fputc('}', p->out);
	fputc(' ', p->out);
}

void prom_sample(struct prom *p, long long value, ...)
{
	va_list ap;

	va_start(ap, value);
	sample_start(p, ap);
	va_end(ap);
	fprintf(p->out, "%lld\n", value);
}

void prom_sample_f(struct prom *p, double value, ...)
{
	va_list ap;

	va_start(ap, value);
	sample_start(p, ap);
	va_end(ap);
	if (isnan(value))
		fputs("NaN\n", p->out);
	else if (isinf(value))
		fputs(value > 0 ? "+Inf\n" : "-Inf\n", p->out);
	else
		fprintf(p->out, "%.15g\n", value);
}

/* a sample of a counter family in an earlier exposition */
struct prev_sample {
	const char *key; /* name and labels, up to the value */
	size_t keylen;
	const char *value; /* the value as written, to the line's end */
	size_t valuelen;
	double v;
};

/* The sample line @line (@len bytes): its key length (up to the last
 * space), or 0 for a comment, an empty line or no value. */
static size_t sample_key(const char *line, size_t len)
{
	size_t k = len;

	if (!len || line[0] == '#')
		return 0;
	while (k > 0 && line[k - 1] != ' ')
		k--;
	return k > 1 ? k - 1 : 0;
}

/* Is the family of sample key @key the counter family @type_name (the
 * latest TYPE line, which is the sample's own: families are written
 * together)? */
static int is_counter(const char *type_name, size_t type_len, const char *key, size_t keylen)
{
	size_t n = strcspn(key, "{ ");

	return type_name && n <= keylen && n == type_len && memcmp(key, type_name, n) == 0;
}

static int cmp_prev(const void *a, const void *b)
{
	const struct prev_sample *x = a, *y = b;
	size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
	int c = memcmp(x->key, y->key, n);

	return c ? c : (x->keylen > y->keylen) - (x->keylen < y->keylen);
}

/*
 * for_each_line - call @fn for each line of @text with whether its
 * family is a counter (the latest "# TYPE <name> counter" line names it).
 */
static void for_each_line(const char *text,
			  void (*fn)(const char *line, size_t len, size_t keylen, void *arg),
			  void *arg)
{
	const char *line = text, *counter = NULL;
	size_t counter_len = 0;

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line), k;

		if (len > 7 && memcmp(line, "# TYPE ", 7) == 0) {
			const char *name = line + 7;
			size_t n = strcspn(name, " \n");

			counter = len - 7 - n == sizeof(" counter") - 1 &&
						  memcmp(name + n, " counter", 8) == 0 ?
					  name :
					  NULL;
			counter_len = n;
		}
		k = sample_key(line, len);
		fn(line, len, k && is_counter(counter, counter_len, line, k) ? k : 0, arg);
		line = nl ? nl + 1 : NULL;
	}
}

struct prev_set {
	struct prev_sample *v;
	size_t n, cap;
};

static void collect(const char *line, size_t len, size_t keylen, void *arg)
{
	struct prev_set *ps = arg;
	char num[64];
	size_t vl = len - keylen - 1;

	if (!keylen || vl >= sizeof(num))
		return;
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 64;
		ps->v = realloc(ps->v, ps->cap * sizeof(*ps->v));
		if (!ps->v)
			err(CLI_EXIT_FAILURE, "cannot allocate memory");
	}
	memcpy(num, line + keylen + 1, vl);
	num[vl] = '\0';
	ps->v[ps->n++] =
		(struct prev_sample){ line, keylen, line + keylen + 1, vl, strtod(num, NULL) };
}

struct merge_arg {
	struct prev_set *prev;
	FILE *out;
};

static void merge(const char *line, size_t len, size_t keylen, void *arg)
{
	struct merge_arg *m = arg;
	struct prev_sample want = { line, keylen, NULL, 0, 0 }, *old = NULL;
	char num[64];
	size_t vl = len - keylen - 1;

	if (keylen && vl < sizeof(num) && m->prev->n)
		old = bsearch(&want, m->prev->v, m->prev->n, sizeof(want), cmp_prev);
	if (old) {
		memcpy(num, line + keylen + 1, vl);
		num[vl] = '\0';
		if (old->v > strtod(num, NULL)) {
			fprintf(m->out, "%.*s %.*s\n", (int)keylen, line, (int)old->valuelen,
				old->value);
			return;
		}
	}
	fprintf(m->out, "%.*s\n", (int)len, line);
}

void prom_counters_never_drop(const char *text, const char *prev, FILE *out)
{
	struct prev_set ps = { 0 };
	struct merge_arg m = { &ps, out };

	if (prev)
		for_each_line(prev, collect, &ps);
	if (ps.n)
		qsort(ps.v, ps.n, sizeof(*ps.v), cmp_prev);
	for_each_line(text, merge, &m);
	free(ps.v);
}
