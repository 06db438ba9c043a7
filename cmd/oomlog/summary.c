/*
 * summary.c - --summary: kills counted per command and per memory cgroup
 * as the events come, printed as one table at the end.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "oomlog.h"

struct sum_ent {
	int kind;			/* 0 comm, 1 memcg */
	char *name;			/* NULL: unknown */
	long long kills;
	long long first, last;		/* realtime us, -1 */
};

static struct sum_ent *sum_find(struct ctl *ctl, int kind, const char *name)
{
	size_t i;

	for (i = 0; i < ctl->nsum; i++) {
		struct sum_ent *e = &ctl->sum[i];

		if (e->kind == kind && ((!name && !e->name) ||
					(name && e->name && strcmp(name, e->name) == 0)))
			return e;
	}
	if (ctl->nsum == ctl->capsum) {
		struct sum_ent *nv;

		ctl->capsum = ctl->capsum ? ctl->capsum * 2 : 32;
		nv = realloc(ctl->sum, ctl->capsum * sizeof(*nv));
		if (!nv)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		ctl->sum = nv;
	}
	ctl->sum[ctl->nsum] = (struct sum_ent){ kind, name ? cli_xstrdup(name) : NULL, 0, -1, -1 };
	return &ctl->sum[ctl->nsum++];
}

void sum_add(struct ctl *ctl, const struct oomkit_event *ev)
{
	long long o, rt = -1;
	int k;

	if (ev_num(ev, OOMKIT_EV_OUTCOME, &o) < 0 || o != OOMKIT_OUTCOME_KILLED)
		return;
	if (ev_num(ev, OOMKIT_EV_REALTIME_US, &rt) < 0)
		rt = -1;
	for (k = 0; k < 2; k++) {
		struct sum_ent *e = sum_find(ctl, k, k == 0 ? oomkit_event_str(ev, OOMKIT_EV_COMM)
							     : oomkit_event_memcg(ev));

		e->kills++;
		if (rt >= 0 && (e->first < 0 || rt < e->first))
			e->first = rt;
		if (rt >= 0 && rt > e->last)
			e->last = rt;
	}
}

static int cmp_sum(const void *a, const void *b)
{
	const struct sum_ent *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind - y->kind;
	if (x->kills != y->kills)
		return x->kills > y->kills ? -1 : 1;
	if (!x->name || !y->name)
		return !x->name - !y->name;
	return strcmp(x->name, y->name);
}

void print_summary(struct ctl *ctl)
{
	struct libscols_table *tb;
	static const char *const hdr[] = { "KIND", "NAME", "KILLS", "FIRST", "LAST" };
	static const char *const keys[] = { "kind", "name", "kills", "first", "last" };
	static const int types[] = { SCOLS_JSON_STRING, SCOLS_JSON_STRING,
				     SCOLS_JSON_NUMBER, SCOLS_JSON_STRING,
				     SCOLS_JSON_STRING };
	static const double whint[] = { 5, 0.3, 5, 19, 19 };
	size_t i;

	if (ctl->nsum)
		qsort(ctl->sum, ctl->nsum, sizeof(*ctl->sum), cmp_sum);
	tb = new_table(ctl, "summary");
	for (i = 0; i < ARRAY_LEN(hdr); i++) {
		struct libscols_column *cl = scols_table_new_column(tb,
				ctl->json ? keys[i] : hdr[i], whint[i],
				i == 2 ? SCOLS_FL_RIGHT : 0);

		if (!cl)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		if (ctl->json)
			scols_column_set_json_type(cl, types[i]);
	}
	for (i = 0; i < ctl->nsum; i++) {
		const struct sum_ent *e = &ctl->sum[i];
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		scols_line_set_data(ln, 0, e->kind ? "memcg" : "comm");
		if (e->name)
			scols_line_refer_data(ln, 1, str_cell(ctl, e->name));
		scols_line_refer_data(ln, 2, xasprintf_ll("%lld", e->kills));
		if (e->first >= 0)
			scols_line_refer_data(ln, 3, time_str(ctl, e->first, ctl->json));
		if (e->last >= 0)
			scols_line_refer_data(ln, 4, time_str(ctl, e->last, ctl->json));
	}
	scols_print_table(tb);
	scols_unref_table(tb);
}

void free_summary(struct ctl *ctl)
{
	size_t i;

	for (i = 0; i < ctl->nsum; i++)
		free(ctl->sum[i].name);
	free(ctl->sum);
}
