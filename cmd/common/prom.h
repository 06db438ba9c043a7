/*
 * prom.h - a small writer of the Prometheus text exposition format
 * (version 0.0.4), for node_exporter's textfile collector.
 *
 * A metric family is announced with prom_family(); its "# HELP" and
 * "# TYPE" lines are written before its first sample, so a family without
 * samples leaves no trace. All samples of a family must follow its
 * announcement (the format wants a family's lines together).
 *
 * Label values are taken raw, as the kernel gave them: a comm or memcg
 * path may hold any byte. They are first made valid UTF-8 and printable
 * by oomkit_escape() (a backslash doubles, a newline becomes \n, any other
 * control byte, byte that is not UTF-8 or byte of a Unicode format
 * character becomes \xHH), then escaped as
 * the format requires (backslash, double quote, newline). The value a
 * Prometheus server stores is therefore the oomkit_escape() form, from
 * which the original bytes can be recovered.
 */
#ifndef OOMKIT_PROM_H
#define OOMKIT_PROM_H

#include <stdio.h>

struct prom {
	FILE *out;
	const char *name; /* the family announced last */
	const char *type;
	const char *help;
	int started; /* its HELP and TYPE lines are written */
};

void prom_init(struct prom *p, FILE *out);

/*
 * prom_family - announce family @name of @type ("gauge", "counter") with
 * the one-line @help (static strings: they are kept until the next call).
 */
void prom_family(struct prom *p, const char *name, const char *type, const char *help);

/*
 * prom_sample / prom_sample_f - one sample of the family announced last:
 * an integer or a floating point @value, then label name/value pairs
 * ending with NULL. A NULL label value writes an empty value (Prometheus
 * treats it as the label not being set). Exits 1 when out of memory.
 */
__attribute__((sentinel)) void prom_sample(struct prom *p, long long value, ...);
__attribute__((sentinel)) void prom_sample_f(struct prom *p, double value, ...);

/*
 * prom_label_escape - @s escaped for a label value (without the quotes),
 * as above. The caller frees the result; exits 1 when out of memory.
 */
char *prom_label_escape(const char *s);

/*
 * prom_counters_never_drop - write the exposition @text to @out, except
 * that a sample of a counter family whose value is below the value the
 * same series (same name and labels, as written) has in @prev, an earlier
 * exposition, gets @prev's value. For counters derived from logs that can
 * forget (a ring buffer), where a drop would look like a counter reset to
 * Prometheus and increase() would count the whole value again. Series
 * only in @prev are not kept. @prev may be NULL. Exits 1 when out of
 * memory.
 */
void prom_counters_never_drop(const char *text, const char *prev, FILE *out);

#endif
