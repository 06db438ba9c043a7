/*
 * summary.c - --summary: kills counted per command and per memory cgroup
 * as the events come, printed as one table at the end.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "oomlog.h"

struct sum_ent {
	int kind;   /* 0 comm, 1 memcg */
	char *name; /* NULL: unknown */
	long long kills;
	long long first, last; /* realtime us, -1 */
};

static struct sum_ent *sum_find(struct ctl *ctl, int kind, const char *name)
{
	size_t i;

	for (i = 0; i < ctl->nsum; i++) {
		struct sum_ent *e = &ctl->sum[i];

		if (e->kind == kind &&
		    ((!name && !e->name) || (name && e->name && strcmp(name, e->name) == 0)))
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
		struct sum_ent *e = sum_find(ctl, k,
					     k == 0 ? oomkit_event_str(ev, OOMKIT_EV_COMM) :
						      oomkit_event_memcg(ev));

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

/* --summary's columns: KIND NAME KILLS FIRST LAST */
static const struct cli_colinfo sum_infos[] = {
	{ "KIND", 5, 0, SCOLS_JSON_STRING, "comm or memcg", "kind" },
	{ "NAME", 0.3, 0, SCOLS_JSON_STRING, "the command or memory cgroup", "name" },
	{ "KILLS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "kills", "kills" },
	{ "FIRST", 19, 0, SCOLS_JSON_STRING, "first kill", "first" },
	{ "LAST", 19, 0, SCOLS_JSON_STRING, "last kill", "last" },
};
static const int sum_cols[] = { 0, 1, 2, 3, 4 };

void print_summary(struct ctl *ctl)
{
	struct libscols_table *tb;
	size_t i;

	if (ctl->nsum)
		qsort(ctl->sum, ctl->nsum, sizeof(*ctl->sum), cmp_sum);
	tb = out_table(&ctl->o, sum_infos, sum_cols, ARRAY_LEN(sum_cols));
	for (i = 0; i < ctl->nsum; i++) {
		const struct sum_ent *e = &ctl->sum[i];
		struct libscols_line *ln = out_line(tb);

		out_set(&ctl->o, ln, 0, out_fmt("%s", e->kind ? "memcg" : "comm"));
		out_set(&ctl->o, ln, 1, out_text(e->name));
		out_set(&ctl->o, ln, 2, out_num(e->kills));
		out_set(&ctl->o, ln, 3, e->first >= 0 ? time_str(ctl, e->first, ctl->json) : NULL);
		out_set(&ctl->o, ln, 4, e->last >= 0 ? time_str(ctl, e->last, ctl->json) : NULL);
	}
	out_doc_open(&ctl->o);
	out_doc_rows(&ctl->o, "summary");
	out_rows(&ctl->o, tb, NULL);
	out_doc_close(&ctl->o);
	scols_unref_table(tb);
}

void free_summary(struct ctl *ctl)
{
	size_t i;

	for (i = 0; i < ctl->nsum; i++)
		free(ctl->sum[i].name);
	free(ctl->sum);
}
