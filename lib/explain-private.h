/*
 * explain-private.h - what the explanation index (explain-index.c) needs
 * of an explanation (explain.c). Not installed.
 */
#ifndef OOMKIT_EXPLAIN_PRIVATE_H
#define OOMKIT_EXPLAIN_PRIVATE_H

#include <stddef.h>

#include "oomkit/explain.h"
#include "util-private.h"

/* the RSS values of the program's last kills an explanation keeps */
#define OOMKIT__EXPLAIN_GROWTH 8

/*
 * The history of an event counted elsewhere, as oomkit_explain_add_history()
 * would have counted it for a sequence of events (in log order): for each
 * of the same program (comm), the same memcg (oom_memcg) and the same unit,
 * how many and the first and last; and the RSS of the program's kills that
 * have one: how many (growth_n) and the last min(growth_n, 8) of them,
 * oldest first.
 */
struct oomkit__explain_history {
	size_t comm_n, memcg_n, unit_n;
	const struct oomkit_event *comm_first, *comm_last;
	const struct oomkit_event *memcg_first, *memcg_last;
	size_t growth_n;
	long long growth[OOMKIT__EXPLAIN_GROWTH];
};

/*
 * oomkit__explain_peers - the peers added to @ex so far (owned by @ex,
 * valid until the next oomkit_explain_add_peer()); returns their number.
 */
OOMKIT_HIDDEN size_t oomkit__explain_peers(const struct oomkit_explain *ex,
					   const struct oomkit_event *const **peers);

/*
 * oomkit__explain_add_history_summary - @h counted into @ex's history, as
 * if each of its events had been given to oomkit_explain_add_history() in
 * order after the ones already given.
 */
OOMKIT_HIDDEN void oomkit__explain_add_history_summary(struct oomkit_explain *ex,
						       const struct oomkit__explain_history *h);

/*
 * oomkit__explain_near - is @other an OOM of @ex's host within a minute of
 * it (an OOM loop)? 1 yes (counted into @ex when @count), 0 more than a
 * minute away, -1 not comparable (another host, no common clock).
 */
OOMKIT_HIDDEN int oomkit__explain_near(struct oomkit_explain *ex, const struct oomkit_event *other,
				       int count);

#endif
