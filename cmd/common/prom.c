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
		fprintf(p->out, "# HELP %s %s\n# TYPE %s %s\n", p->name, p->help,
			p->name, p->type);
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
