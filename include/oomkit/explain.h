/*
 * oomkit/explain.h - the explanation of one OOM event, for people.
 *
 * From one event of the report parser (oomkit/report.h) and, optionally,
 * the other events of the same OOM invocation and of the same sources,
 * build what an incident ticket needs: the verdict, the OOM domain and its
 * totalpages, the ranking the kernel computed rebuilt from the report's
 * task table with the badness rules of the report's kernel era
 * (docs/kernel.md §1, §2, §4, §6), whether that ranking agrees with the kernel's
 * choice, what-ifs that change the outcome, the memory picture, likely
 * causes with their evidence, history and advice.
 *
 * Pure data: nothing is read, printed or looked up. Every sentence is
 * backed by a number or line of the report, or by a kernel rule; what the
 * report does not show is listed (OOMKIT_EXPLAIN_GAPS), never guessed.
 * Text items are complete sentences in English with process names already
 * escaped (oomkit_escape), safe for a terminal; renderers lay them out.
 *
 * Typical use:
 *	struct oomkit_explain *ex;
 *	oomkit_explain_new(&ex, ev);
 *	oomkit_explain_add_peer(ex, other_kill_of_the_same_report);
 *	oomkit_explain_add_history(ex, every_event_of_the_sources);
 *	oomkit_explain_run(ex);
 *	for (i = 0; i < oomkit_explain_count(ex, OOMKIT_EXPLAIN_VERDICT); i++)
 *		puts(oomkit_explain_text(ex, OOMKIT_EXPLAIN_VERDICT, i));
 *	oomkit_explain_free(ex);
 *
 * Events passed in must outlive the explanation (it keeps pointers).
 * Sizes assume 4 KiB pages (the report does not print the page size).
 *
 * To explain many events of the same sources (every one of a log), give
 * each explanation an index of them instead of every event, so that the
 * whole run costs n log n rather than n squared:
 *	struct oomkit_explain_index *ix;
 *	oomkit_explain_index_new(&ix);
 *	for (i = 0; i < n; i++)
 *		oomkit_explain_index_add(ix, events[i]);
 *	for (i = 0; i < n; i++) {
 *		oomkit_explain_new(&ex, events[i]);
 *		oomkit_explain_add_index(ex, ix);
 *		oomkit_explain_run(ex);
 *		...
 *		oomkit_explain_free(ex);
 *	}
 *	oomkit_explain_index_free(ix);
 */
#ifndef OOMKIT_EXPLAIN_H
#define OOMKIT_EXPLAIN_H

#include <stddef.h>
#include <oomkit/common.h>
#include <oomkit/report.h>

#ifdef __cplusplus
extern "C" {
#endif

struct oomkit_explain;

/* The lists of sentences an explanation holds. */
enum oomkit_explain_list {
	OOMKIT_EXPLAIN_VERDICT, /* what happened, in order */
	OOMKIT_EXPLAIN_RANKING, /* rules used and notes on the ranking */
	OOMKIT_EXPLAIN_WHATIF,  /* adj what-ifs that change the victim */
	OOMKIT_EXPLAIN_MEMORY,  /* where the memory was */
	OOMKIT_EXPLAIN_CAUSES,  /* likely causes (id + evidence) */
	OOMKIT_EXPLAIN_HISTORY, /* other events of the same program/memcg */
	OOMKIT_EXPLAIN_ADVICE,  /* what to do next (id + text) */
	OOMKIT_EXPLAIN_GAPS,    /* what the report does not show */
	OOMKIT_EXPLAIN_ANSWER,  /* three lines: what happened, why (who held
				 * the memory, whether the kill freed it),
				 * what to change; ids "what", "why", "change" */
	OOMKIT_EXPLAIN_LIST_COUNT_
};

/* How a sentence is known (oomkit_explain_basis()). */
enum oomkit_explain_basis {
	OOMKIT_BASIS_READ,     /* restates what the log printed */
	OOMKIT_BASIS_COMPUTED, /* arithmetic on what the log printed */
	OOMKIT_BASIS_INFERRED, /* a conclusion the log supports but does not
				* state (the sentence gives its range or why) */
	OOMKIT_BASIS_ADVICE,   /* a recommendation, not a claim */
};

/* Numbers of the explanation (oomkit_explain_num()). */
enum oomkit_explain_num {
	OOMKIT_EXPLAIN_CONSTRAINT,     /* enum oomkit_constraint (oomkit/event.h) */
	OOMKIT_EXPLAIN_LIMIT_KB,       /* the memcg's limit (memory: ... limit) */
	OOMKIT_EXPLAIN_TOTALPAGES,     /* the domain's totalpages (lowest value
					* the report allows, see below) */
	OOMKIT_EXPLAIN_TOTALPAGES_MAX, /* highest value the report allows; equal
					* to TOTALPAGES when the report fixes it */
	OOMKIT_EXPLAIN_AGREES,         /* 1 the rebuilt ranking puts the kernel's
					* victim first, 0 it does not; -ENODATA
					* when it cannot be rebuilt */
	OOMKIT_EXPLAIN_RANKED,         /* rows in the ranking */
	OOMKIT_EXPLAIN_ERA,            /* enum oomkit_explain_era */
	OOMKIT_EXPLAIN_AGREEMENT,      /* 1 the kernel's victim comes first
					* under every reading of the report
					* (candidate kernel releases, root
					* bonus or not, the totalpages range),
					* 0 under none, 2 under some only
					* (AGREES is then -ENODATA); -ENODATA
					* when the ranking cannot be rebuilt */
	OOMKIT_EXPLAIN_NUM_COUNT_
};

/* Which kernel era's badness rules a task table calls for. */
enum oomkit_explain_era {
	OOMKIT_ERA_UNKNOWN = 0, /* no task table */
	OOMKIT_ERA_BADNESS_VM,  /* <= 2.6.35: total_vm, CPU time, nice */
	OOMKIT_ERA_PERMILLE,    /* 2.6.36 - 3.x: 0..1000 points */
	OOMKIT_ERA_NR_PTES,     /* 3.x - 4.14: pages, nr_ptes column */
	OOMKIT_ERA_PGTABLES,    /* 4.15 - 6.7: pgtables_bytes column */
	OOMKIT_ERA_RSS_SPLIT,   /* 6.8+: rss_anon/rss_file/rss_shmem */
};

/* Columns of a ranking row (oomkit_explain_rank()). */
enum oomkit_explain_rank {
	OOMKIT_RANK_PID,
	OOMKIT_RANK_UID,
	OOMKIT_RANK_BADNESS,   /* the kernel's points at TOTALPAGES */
	OOMKIT_RANK_SHARE,     /* badness in permille of TOTALPAGES */
	OOMKIT_RANK_ADJ,       /* oom_score_adj */
	OOMKIT_RANK_ADJ_PAGES, /* the part of BADNESS from adj */
	OOMKIT_RANK_USAGE,     /* rss + swap + page tables, pages */
	OOMKIT_RANK_ELIGIBLE,  /* 0 for adj -1000 (never chosen) */
	OOMKIT_RANK_VICTIM,    /* 1 for the kernel's choice */
	OOMKIT_RANK_NUM_COUNT_
};

/*
 * oomkit_explain_new - an explanation of @ev (not yet computed).
 * Returns 0, -EINVAL (NULL argument), -ENOMEM. Free with
 * oomkit_explain_free().
 */
OOMKIT_EXPORT int oomkit_explain_new(struct oomkit_explain **ex, const struct oomkit_event *ev);

/* oomkit_explain_free - free @ex (NULL is fine); the events stay. */
OOMKIT_EXPORT void oomkit_explain_free(struct oomkit_explain *ex);

/*
 * oomkit_explain_add_peer - another kill of the same OOM invocation (a
 * memory.oom.group kill; oomkit_event_same_invocation()) or of the same
 * burst (oomkit_event_same_burst()), explained with @ex's event. Other
 * events are ignored. Call before _run().
 * Returns 0, -EINVAL, -ENOMEM.
 */
OOMKIT_EXPORT int oomkit_explain_add_peer(struct oomkit_explain *ex, const struct oomkit_event *ev);

/*
 * oomkit_explain_add_history - an event of the same sources, for the
 * history and the repeated-kill causes, in log order (the first and last
 * ones are named); @ex's own event and its peers (add them first) are
 * ignored. Counted as it is added: any number of events costs no memory.
 * Call before _run(). Returns 0 or -EINVAL.
 */
OOMKIT_EXPORT int oomkit_explain_add_history(struct oomkit_explain *ex,
					     const struct oomkit_event *ev);

/*
 * The kills of one invocation or burst are next to each other in a log:
 * oomkit_explain_add_index() looks for peers among the events this many
 * places before and after the event explained.
 */
#define OOMKIT_EXPLAIN_PEER_WINDOW 256

struct oomkit_explain_index;

/*
 * oomkit_explain_index_new - an empty index of the events of a set of
 * sources, for oomkit_explain_add_index(). Returns 0, -EINVAL (NULL
 * argument), -ENOMEM. Free with oomkit_explain_index_free().
 */
OOMKIT_EXPORT int oomkit_explain_index_new(struct oomkit_explain_index **ix);

/* oomkit_explain_index_free - free @ix (NULL is fine); the events stay. */
OOMKIT_EXPORT void oomkit_explain_index_free(struct oomkit_explain_index *ix);

/*
 * oomkit_explain_index_add - append @ev to @ix, in log order (the order
 * in which oomkit_explain_add_history() would be given the events). The
 * index keeps the pointer: @ev must outlive @ix and every explanation
 * @ix fed. Returns 0, -EINVAL, -ENOMEM.
 */
OOMKIT_EXPORT int oomkit_explain_index_add(struct oomkit_explain_index *ix,
					   const struct oomkit_event *ev);

/*
 * oomkit_explain_add_index - the peers and the history of @ex's event,
 * which must be in @ix, from @ix: the same as
 *	oomkit_explain_add_peer() for each event of @ix from
 *	OOMKIT_EXPLAIN_PEER_WINDOW places before @ex's event to as many
 *	after it, in order; then
 *	oomkit_explain_add_history() for each event of @ix, in order;
 * but in O(log n) plus the size of the event's invocation and burst,
 * where those calls cost O(n). Call before _run().
 * The first call after an oomkit_explain_index_add() sorts the index
 * (O(n log n)); an index is therefore not to be shared between threads
 * without a lock. Returns 0, -EINVAL, -ENOENT (@ex's event is not in
 * @ix), -ENOMEM.
 */
OOMKIT_EXPORT int oomkit_explain_add_index(struct oomkit_explain *ex,
					   struct oomkit_explain_index *ix);

/*
 * oomkit_explain_run - compute the explanation. Returns 0 or -ENOMEM
 * (after which @ex may only be freed).
 */
OOMKIT_EXPORT int oomkit_explain_run(struct oomkit_explain *ex);

/* oomkit_explain_event - the event explained (owned by the caller). */
OOMKIT_EXPORT const struct oomkit_event *oomkit_explain_event(const struct oomkit_explain *ex);

/* oomkit_explain_count - items in list @l (0 for a bad @l). */
OOMKIT_EXPORT size_t oomkit_explain_count(const struct oomkit_explain *ex,
					  enum oomkit_explain_list l);

/*
 * oomkit_explain_text - item @i of list @l: one or more sentences, owned
 * by @ex; NULL when out of range.
 */
OOMKIT_EXPORT const char *oomkit_explain_text(const struct oomkit_explain *ex,
					      enum oomkit_explain_list l, size_t i);

/*
 * oomkit_explain_id - the stable short id of item @i of list @l
 * ("no_swap", "raise_limit", ...: JSON "id"), owned by @ex; NULL when out
 * of range.
 */
OOMKIT_EXPORT const char *oomkit_explain_id(const struct oomkit_explain *ex,
					    enum oomkit_explain_list l, size_t i);

/*
 * oomkit_explain_num - 0 and *@v, or -ENODATA when the report does not
 * give it, -EINVAL for a bad item.
 */
OOMKIT_EXPORT int oomkit_explain_num(const struct oomkit_explain *ex, enum oomkit_explain_num item,
				     long long *v);

/*
 * oomkit_explain_domain_path - the memcg whose limit was hit (memcg OOM),
 * "/" for the host, the cpuset name for a cpuset OOM; NULL when unknown.
 * Raw bytes from the log, owned by the event.
 */
OOMKIT_EXPORT const char *oomkit_explain_domain_path(const struct oomkit_explain *ex);

/*
 * oomkit_explain_basis - how item @i of list @l is known: an enum
 * oomkit_explain_basis value, or -ERANGE for a bad @l or @i.
 */
OOMKIT_EXPORT int oomkit_explain_basis(const struct oomkit_explain *ex, enum oomkit_explain_list l,
				       size_t i);

/* oomkit_explain_basis_name - "read", "computed", "inferred", "advice"; "" otherwise. */
OOMKIT_EXPORT const char *oomkit_explain_basis_name(int basis);

/* oomkit_explain_era_name - "6.8+ (rss_anon/rss_file/rss_shmem)" etc., "" unknown. */
OOMKIT_EXPORT const char *oomkit_explain_era_name(int era);

/*
 * oomkit_explain_rank - column @item of ranking row @i (highest badness
 * first, the kernel's tie rule applied). 0 and *@v, -ERANGE for a bad
 * row, -ENODATA when the table does not give it.
 */
OOMKIT_EXPORT int oomkit_explain_rank(const struct oomkit_explain *ex, size_t i,
				      enum oomkit_explain_rank item, long long *v);

/* oomkit_explain_rank_name - row @i's name, escaped; NULL for a bad row. */
OOMKIT_EXPORT const char *oomkit_explain_rank_name(const struct oomkit_explain *ex, size_t i);

#ifdef __cplusplus
}
#endif
#endif
