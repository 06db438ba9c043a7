/*
 * fuzz_report.c - libFuzzer target for the kernel OOM report parser.
 *
 * The input is split into lines. The first byte picks how they are fed:
 * as text lines (feed_line), as structured records (feed_record, with an
 * ident taken from the byte; feed_kmsg with caller ids), or mixed, with settle/flush calls
 * sprinkled in. Every event that comes out is read through every accessor,
 * task rows included, so that ASan/UBSan see all the parser's paths; then
 * it is explained (lib/explain.c, lib/context.c) with the events before it
 * as peers and history, and every part of the explanation is read; the
 * same explanation fed from an index of those events (lib/explain-index.c)
 * must say the same, or the target traps.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "oomkit/context.h"
#include "oomkit/event.h"
#include "oomkit/explain.h"
#include "oomkit/report.h"

#define KEEP 8		/* events kept as peers and history */

static struct oomkit_event *kept[KEEP];
static size_t nkept;

/* @ex again, with its peers and history from an index of the kept events */
static void same_from_index(const struct oomkit_explain *ex, struct oomkit_event *ev)
{
	struct oomkit_explain_index *ix;
	struct oomkit_explain *ex2;
	size_t i, l;
	int r;

	if (oomkit_explain_index_new(&ix) < 0)
		return;
	for (i = 0, r = 0; r == 0 && i <= nkept; i++)
		r = oomkit_explain_index_add(ix, i < nkept ? kept[i] : ev);
	if (r == 0 && oomkit_explain_new(&ex2, ev) == 0) {
		if (oomkit_explain_add_index(ex2, ix) == 0 && oomkit_explain_run(ex2) == 0)
			for (l = 0; l < OOMKIT_EXPLAIN_LIST_COUNT_; l++) {
				enum oomkit_explain_list li = (enum oomkit_explain_list)l;

				if (oomkit_explain_count(ex, li) != oomkit_explain_count(ex2, li))
					__builtin_trap();
				for (i = 0; i < oomkit_explain_count(ex, li); i++)
					if (strcmp(oomkit_explain_text(ex, li, i),
						   oomkit_explain_text(ex2, li, i)))
						__builtin_trap();
			}
		oomkit_explain_free(ex2);
	}
	oomkit_explain_index_free(ix);
}

static void explain(struct oomkit_event *ev)
{
	struct oomkit_explain *ex;
	struct oomkit_context *c;
	long long v;
	size_t i, l;
	int k;

	if (oomkit_context_parse(oomkit_event_memcg(ev), &c) == 0) {
		for (k = 0; k < OOMKIT_CONTEXT_FIELD_COUNT_; k++) {
			const char *s = oomkit_context_get(c, (enum oomkit_context_field)k);

			if (s)
				(void)strlen(s);
		}
		(void)strlen(oomkit_context_summary(c));
		oomkit_context_free(c);
	}
	if (oomkit_explain_new(&ex, ev) < 0)
		return;
	for (i = 0; i < nkept; i++) {
		oomkit_explain_add_peer(ex, kept[i]);
		oomkit_explain_add_history(ex, kept[i]);
	}
	if (oomkit_explain_run(ex) == 0) {
		for (l = 0; l < OOMKIT_EXPLAIN_LIST_COUNT_; l++)
			for (i = 0; i < oomkit_explain_count(ex, (enum oomkit_explain_list)l); i++) {
				(void)strlen(oomkit_explain_text(ex, (enum oomkit_explain_list)l, i));
				(void)strlen(oomkit_explain_id(ex, (enum oomkit_explain_list)l, i));
			}
		for (k = 0; k < OOMKIT_EXPLAIN_NUM_COUNT_; k++)
			oomkit_explain_num(ex, (enum oomkit_explain_num)k, &v);
		oomkit_explain_num(ex, OOMKIT_EXPLAIN_RANKED, &v);
		for (i = 0; i < oomkit_explain_count(ex, OOMKIT_EXPLAIN_VERDICT) + 4; i++) {
			for (k = 0; k < OOMKIT_RANK_NUM_COUNT_; k++)
				oomkit_explain_rank(ex, i, (enum oomkit_explain_rank)k, &v);
			oomkit_explain_rank_name(ex, i);
		}
		same_from_index(ex, ev);
	}
	oomkit_explain_free(ex);
}

static void keep(struct oomkit_event *ev)
{
	if (nkept == KEEP) {
		oomkit_event_free(kept[0]);
		memmove(kept, kept + 1, (KEEP - 1) * sizeof(kept[0]));
		nkept--;
	}
	kept[nkept++] = ev;
}

static void drain(struct oomkit_report_parser *rp)
{
	struct oomkit_event *ev;

	while (oomkit_report_next(rp, &ev) == 0) {
		long long v;
		size_t r, n;
		int i;

		for (i = 0; i < OOMKIT_EV_NUM_COUNT_; i++)
			oomkit_event_num(ev, i, &v);
		for (i = 0; i < OOMKIT_EV_STR_COUNT_; i++) {
			const char *s = oomkit_event_str(ev, i);

			if (s)
				(void)strlen(s);
		}
		n = oomkit_event_task_count(ev);
		for (r = 0; r < n; r++) {
			const char *name = oomkit_event_task_name(ev, r);

			if (name)
				(void)strlen(name);
			for (i = 0; i < OOMKIT_TASK_NUM_COUNT_; i++)
				oomkit_event_task_num(ev, r, i, &v);
		}
		explain(ev);
		keep(ev);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const idents[] = { NULL, "kernel", "earlyoom",
		"systemd-oomd", "oomd", "systemd" };
	struct oomkit_report_parser *rp;
	const char *p, *e;
	unsigned mode, i = 0;

	if (!size)
		return 0;
	mode = data[0];
	p = (const char *)data + 1;
	e = (const char *)data + size;
	if (oomkit_report_parser_new(&rp) < 0)
		return 0;
	if (mode & 0x80)
		oomkit_report_set_year(rp, 2024);
	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		size_t len = (size_t)((nl ? nl : e) - p);

		if ((mode & 3) == 1 || ((mode & 3) == 2 && (i & 1)))
			oomkit_report_feed_record(rp, p, len, (long long)i * 1000,
						  -1, "h", idents[(mode >> 2) % 6],
						  "fuzz");
		else if ((mode & 3) == 3)
			oomkit_report_feed_kmsg(rp, p, len, (long long)i, -1,
						(i & 2) ? "T1" : "C0", "kmsg");
		else
			oomkit_report_feed_line(rp, p, len + (nl != NULL),
						"fuzz:1");
		if ((mode & 0x40) && i % 7 == 3)
			oomkit_report_settle(rp);
		if ((mode & 0x20) && i % 11 == 5)
			oomkit_report_flush(rp);
		drain(rp);
		p = nl ? nl + 1 : e;
		i++;
	}
	oomkit_report_flush(rp);
	drain(rp);
	oomkit_report_parser_free(rp);
	while (nkept)
		oomkit_event_free(kept[--nkept]);
	return 0;
}
