/*
 * metrics.c - oomtop --prometheus: one snapshot as Prometheus metrics
 * for node_exporter's textfile collector (see prom.h and oomtop(1)).
 *
 * Cardinality: every oomkit_domain_* series has one "domain" label (the
 * host's domain "global" or the path of a memory cgroup with a limit),
 * plus "event" for the memory.events counters (a fixed set). The victim's
 * pid, comm and memory cgroup appear only in oomkit_domain_victim_info,
 * one series per domain at a time. oomkit_memcg_high_* series have one
 * "memcg" label, for the memcgs that set memory.high. oomkit_host_* series
 * have no labels.
 */
#include <stdio.h>

#include "oomtop.h"
#include "prom.h"

/*
 * memory.events keys. Cgroup v1 has only oom_kill (memory.oom_control):
 * its memory.failcnt is no stand-in for max, as it misses the limit hits
 * of a memcg with a memory+swap limit (docs/kernel.md §10.5).
 */
static const struct {
	const char *event;
	int item; /* enum oomkit_memcg_item */
} events[] = {
	{ "high", OOMKIT_MEMCG_EV_HIGH },
	{ "max", OOMKIT_MEMCG_EV_MAX },
	{ "oom", OOMKIT_MEMCG_EV_OOM },
	{ "oom_kill", OOMKIT_MEMCG_EV_OOM_KILL },
	{ "oom_group_kill", OOMKIT_MEMCG_EV_OOM_GROUP_KILL },
};

/* A memcg item of domain @d; -1 for the global domain or when unknown. */
static long long memcg_item(const struct oomkit_domain *d, int item)
{
	const struct oomkit_memcg *cg = oomkit_domain_memcg(d);
	long long v;

	if (!cg || oomkit_memcg_get(cg, (enum oomkit_memcg_item)item, &v) < 0)
		return -1;
	return v;
}

/*
 * The value of one per-domain metric for domain @d: 0 and *i (an integer)
 * or *f (a fraction, seconds), as the metric's table entry says; -1 when
 * the domain has none (a memcg item the kernel lacks, no victim...).
 */
typedef int domain_value_fn(const struct oomtop_snapshot *s, const struct oomkit_domain *d,
			    long page_size, long long *i, double *f);

static int limit_bytes(const struct oomtop_snapshot *s, const struct oomkit_domain *d,
		       long page_size, long long *i, double *f)
{
	if (oomkit_domain_get(d, OOMKIT_DOMAIN_LIMIT_KB, i) < 0)
		return -1;
	*i *= 1024;
	return 0;
}

static int usage_bytes(const struct oomtop_snapshot *s, const struct oomkit_domain *d,
		       long page_size, long long *i, double *f)
{
	if (oomkit_domain_get(d, OOMKIT_DOMAIN_USAGE_KB, i) < 0)
		return -1;
	*i *= 1024;
	return 0;
}

static int headroom_bytes(const struct oomtop_snapshot *s, const struct oomkit_domain *d,
			  long page_size, long long *i, double *f)
{
	long long lim, use;

	if (oomkit_domain_get(d, OOMKIT_DOMAIN_LIMIT_KB, &lim) < 0 ||
	    oomkit_domain_get(d, OOMKIT_DOMAIN_USAGE_KB, &use) < 0)
		return -1;
	/* over the limit (v1 usage can pass it briefly): no headroom */
	*i = lim > use ? (lim - use) * 1024 : 0;
	return 0;
}

static int processes(const struct oomtop_snapshot *s, const struct oomkit_domain *d, long page_size,
		     long long *i, double *f)
{
	*i = (long long)oomkit_domain_members(d);
	return 0;
}

/* The PSI stall total of domain @d in seconds: memory.pressure of a
 * memcg, /proc/pressure/memory for the host. */
static int psi_seconds(const struct oomtop_snapshot *s, const struct oomkit_domain *d, int full,
		       double *f)
{
	long long v;

	if (oomkit_domain_kind(d) == OOMKIT_DOMAIN_GLOBAL) {
		if (oomkit_sysmem_get(s->mem,
				      full ? OOMKIT_MEM_PSI_FULL_TOTAL_US :
					     OOMKIT_MEM_PSI_SOME_TOTAL_US,
				      &v) < 0)
			return -1;
	} else if ((v = memcg_item(d, full ? OOMKIT_MEMCG_PSI_FULL_TOTAL_US :
					     OOMKIT_MEMCG_PSI_SOME_TOTAL_US)) < 0) {
		return -1;
	}
	*f = (double)v / 1e6;
	return 0;
}

static int psi_some(const struct oomtop_snapshot *s, const struct oomkit_domain *d, long page_size,
		    long long *i, double *f)
{
	return psi_seconds(s, d, 0, f);
}

static int psi_full(const struct oomtop_snapshot *s, const struct oomkit_domain *d, long page_size,
		    long long *i, double *f)
{
	return psi_seconds(s, d, 1, f);
}

static int victim_ratio(const struct oomtop_snapshot *s, const struct oomkit_domain *d,
			long page_size, long long *i, double *f)
{
	unsigned long long tp = oomkit_domain_totalpages(d);
	long long pts;

	if (!oomkit_domain_rank(d, 0, &pts) || !tp)
		return -1;
	*f = (double)pts / (double)tp;
	return 0;
}

static int victim_margin(const struct oomtop_snapshot *s, const struct oomkit_domain *d,
			 long page_size, long long *i, double *f)
{
	long long v1, v2;

	if (!oomkit_domain_rank(d, 0, &v1) || !oomkit_domain_rank(d, 1, &v2))
		return -1;
	*i = (v1 - v2) * page_size;
	return 0;
}

static int victim_adj(const struct oomtop_snapshot *s, const struct oomkit_domain *d,
		      long page_size, long long *i, double *f)
{
	const struct oomkit_proc *v = oomkit_domain_rank(d, 0, NULL);

	if (!v || oomkit_proc_get(v, OOMKIT_PROC_OOM_SCORE_ADJ, i) < 0)
		return -1;
	return 0;
}

/* The metrics with one series per domain and only the "domain" label. */
static const struct {
	const char *name, *type, *help;
	domain_value_fn *value;
	int fraction; /* the value is a double */
} domain_metrics[] = {
	{ "oomkit_domain_limit_bytes", "gauge",
	  "Memory an OOM domain may use before the OOM killer acts: MemTotal + SwapTotal "
	  "for the host (domain=\"global\"), the hard limit of a memory cgroup.",
	  limit_bytes, 0 },
	{ "oomkit_domain_usage_bytes", "gauge",
	  "Memory the OOM domain uses: MemTotal - MemAvailable + swap used for the host, "
	  "the usage of a memory cgroup.",
	  usage_bytes, 0 },
	{ "oomkit_domain_headroom_bytes", "gauge",
	  "Limit minus usage of the OOM domain (0 when over the limit).", headroom_bytes, 0 },
	{ "oomkit_domain_processes", "gauge",
	  "Processes in the OOM domain, eligible for the OOM killer or not.", processes, 0 },
	{ "oomkit_domain_pressure_memory_waiting_seconds_total", "counter",
	  "Memory PSI \"some\" total of the OOM domain: time at least one task stalled on "
	  "memory (memory.pressure; /proc/pressure/memory for the host).",
	  psi_some, 1 },
	{ "oomkit_domain_pressure_memory_stalled_seconds_total", "counter",
	  "Memory PSI \"full\" total of the OOM domain: time all non-idle tasks stalled on "
	  "memory at once.",
	  psi_full, 1 },
	{ "oomkit_domain_victim_badness_ratio", "gauge",
	  "Badness of the predicted victim (the kernel's oom_badness()) over the domain's "
	  "totalpages: 1 means the whole domain.",
	  victim_ratio, 1 },
	{ "oomkit_domain_victim_margin_bytes", "gauge",
	  "Badness of the predicted victim minus the runner-up's, in bytes (badness counts "
	  "pages): how much the runner-up must grow to be killed instead.",
	  victim_margin, 0 },
	{ "oomkit_domain_victim_oom_score_adj", "gauge",
	  "oom_score_adj of the predicted victim (below 0: a protected process is the next "
	  "to be killed).",
	  victim_adj, 0 },
};

/* memory.events counters: a second label, "event" */
static void print_events(struct prom *p, const struct oomkit_domains *set)
{
	size_t i, e;

	prom_family(p, "oomkit_domain_memory_events_total", "counter",
		    "memory.events counters of a memory cgroup domain (this cgroup and "
		    "below); cgroup v1: oom_kill of memory.oom_control only.");
	for (i = 0; i < oomkit_domains_count(set); i++) {
		const struct oomkit_domain *d = oomkit_domains_get(set, i);

		for (e = 0; e < sizeof(events) / sizeof(events[0]); e++) {
			long long v = memcg_item(d, events[e].item);

			if (v >= 0)
				prom_sample(p, v, "domain", oomkit_domain_name(d), "event",
					    events[e].event, NULL);
		}
	}
}

/* who the predicted victim is: the only series with a pid or a comm */
static void print_victims(struct prom *p, const struct oomkit_domains *set)
{
	size_t i;

	prom_family(p, "oomkit_domain_victim_info", "gauge",
		    "The process the OOM killer would kill next in the domain (value 1): "
		    "pid, comm and its memory cgroup.");
	for (i = 0; i < oomkit_domains_count(set); i++) {
		const struct oomkit_domain *d = oomkit_domains_get(set, i);
		const struct oomkit_proc *v = oomkit_domain_rank(d, 0, NULL);
		char pid[24];

		if (!v)
			continue;
		snprintf(pid, sizeof(pid), "%d", (int)oomkit_proc_pid(v));
		prom_sample(p, 1, "domain", oomkit_domain_name(d), "pid", pid, "comm",
			    oomkit_proc_str(v, OOMKIT_PROC_COMM), "memcg",
			    oomkit_proc_str(v, OOMKIT_PROC_MEMCG), NULL);
	}
}

static void print_domains(struct prom *p, const struct oomtop_snapshot *s, long page_size)
{
	size_t m, i;

	for (m = 0; m < sizeof(domain_metrics) / sizeof(domain_metrics[0]); m++) {
		prom_family(p, domain_metrics[m].name, domain_metrics[m].type,
			    domain_metrics[m].help);
		for (i = 0; i < oomkit_domains_count(s->set); i++) {
			const struct oomkit_domain *d = oomkit_domains_get(s->set, i);
			long long iv = 0;
			double fv = 0;

			if (domain_metrics[m].value(s, d, page_size, &iv, &fv) < 0)
				continue;
			if (domain_metrics[m].fraction)
				prom_sample_f(p, fv, "domain", oomkit_domain_name(d), NULL);
			else
				prom_sample(p, iv, "domain", oomkit_domain_name(d), NULL);
		}
	}
	print_events(p, s->set);
	print_victims(p, s->set);
}

/*
 * memory.high of every memory cgroup that sets one (cgroup v2), limited
 * or not, and its high events: throttling at memory.high never ends in an
 * OOM kill without a memory.max, so such a cgroup is no OOM domain and
 * has no oomkit_domain_* series. One series per such memcg.
 */
static void print_high(struct prom *p, struct oomkit_ctx *ctx)
{
	struct oomkit_memcg_tree *tree;
	size_t i, n;
	int pass;

	if (oomkit_memcg_tree_read(ctx, &tree) < 0)
		return; /* no memory controller: nothing to say */
	n = oomkit_memcg_tree_count(tree);
	for (pass = 0; pass < 2; pass++) {
		if (pass == 0)
			prom_family(p, "oomkit_memcg_high_bytes", "gauge",
				    "memory.high of a memory cgroup that sets one: above it the "
				    "cgroup's tasks are throttled and reclaimed, not killed.");
		else
			prom_family(p, "oomkit_memcg_high_events_total", "counter",
				    "memory.events high of a memory cgroup that sets memory.high: "
				    "the times it was throttled.");
		for (i = 0; i < n; i++) {
			const struct oomkit_memcg *cg = oomkit_memcg_tree_get(tree, i);
			long long high, ev;

			if (oomkit_memcg_get(cg, OOMKIT_MEMCG_HIGH, &high) < 0 ||
			    high == OOMKIT_UNLIMITED)
				continue;
			if (pass == 0)
				prom_sample(p, high, "memcg", oomkit_memcg_path(cg), NULL);
			else if (oomkit_memcg_get(cg, OOMKIT_MEMCG_EV_HIGH, &ev) == 0)
				prom_sample(p, ev, "memcg", oomkit_memcg_path(cg), NULL);
		}
	}
	oomkit_memcg_tree_free(tree);
}

/* One unlabelled host gauge from a meminfo item in KiB, when known. */
static void host_kb(struct prom *p, const struct oomkit_sysmem *mem, const char *name, int item,
		    const char *help)
{
	long long v;

	prom_family(p, name, "gauge", help);
	if (oomkit_sysmem_get(mem, (enum oomkit_sysmem_item)item, &v) == 0)
		prom_sample(p, v * 1024, NULL);
}

static void print_host(struct prom *p, const struct oomkit_sysmem *mem)
{
	long long v;

	host_kb(p, mem, "oomkit_host_memory_total_bytes", OOMKIT_MEM_TOTAL_KB,
		"MemTotal of /proc/meminfo.");
	host_kb(p, mem, "oomkit_host_memory_available_bytes", OOMKIT_MEM_AVAILABLE_KB,
		"MemAvailable of /proc/meminfo.");
	host_kb(p, mem, "oomkit_host_swap_total_bytes", OOMKIT_MEM_SWAP_TOTAL_KB,
		"SwapTotal of /proc/meminfo.");
	host_kb(p, mem, "oomkit_host_swap_free_bytes", OOMKIT_MEM_SWAP_FREE_KB,
		"SwapFree of /proc/meminfo.");
	host_kb(p, mem, "oomkit_host_committed_bytes", OOMKIT_MEM_COMMITTED_AS_KB,
		"Committed_AS of /proc/meminfo: memory promised to processes.");
	host_kb(p, mem, "oomkit_host_commit_limit_bytes", OOMKIT_MEM_COMMIT_LIMIT_KB,
		"CommitLimit of /proc/meminfo (enforced only when overcommit mode is 2).");
	prom_family(p, "oomkit_host_overcommit_mode", "gauge",
		    "vm.overcommit_memory: 0 heuristic, 1 always, 2 never (CommitLimit).");
	if (oomkit_sysmem_get(mem, OOMKIT_MEM_OVERCOMMIT_MODE, &v) == 0)
		prom_sample(p, v, NULL);
	prom_family(p, "oomkit_host_oom_kills_total", "counter",
		    "oom_kill of /proc/vmstat: every OOM kill on the host since boot, memory "
		    "cgroup kills included.");
	if (oomkit_sysmem_get(mem, OOMKIT_MEM_VMSTAT_OOM_KILL, &v) == 0)
		prom_sample(p, v, NULL);
}

/* oomtop_metrics_print - snapshot @s (read with every domain) to @out. */
void oomtop_metrics_print(struct oomtop *t, const struct oomtop_snapshot *s, FILE *out)
{
	struct prom p;

	prom_init(&p, out);
	print_domains(&p, s, oomkit_ctx_page_size(t->ctx));
	print_high(&p, t->ctx);
	print_host(&p, s->mem);
}
