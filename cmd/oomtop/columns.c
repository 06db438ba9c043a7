/*
 * columns.c - oomtop's process and domain columns: the tables, the
 * default lists, and the value of every cell.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsmartcols.h>

#include "oomtop.h"

const struct cli_colinfo pcols[COL_CONTEXT + 1] = {
	[COL_PID] = { "PID", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "process id", "pid" },
	[COL_PPID] = { "PPID", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "parent process id", "ppid" },
	[COL_USER] = { "USER", 8, 0, SCOLS_JSON_STRING, "owner (real uid) name", "user" },
	[COL_UID] = { "UID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "owner (real uid)", "uid" },
	[COL_STATE] = { "STATE", 1, 0, SCOLS_JSON_STRING, "process state letter (R, S, D, Z...)",
			"state" },
	[COL_ADJ] = { "ADJ", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "oom_score_adj (-1000..1000)",
		      "oom_score_adj" },
	[COL_SCORE] = { "SCORE", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			"the kernel's /proc/<pid>/oom_score (host domain)", "oom_score" },
	[COL_CSCORE] = { "CSCORE", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			 "oom_score computed by oomkit from BADNESS (equals SCORE)",
			 "oomkit_score" },
	[COL_BADNESS] = { "BADNESS", 9, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			  "oom_badness() in pages, in the shown domain", "badness" },
	[COL_SHARE] = { "SHARE", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			"badness as a share of the domain's totalpages, %", "share" },
	[COL_RANK] = { "RANK", 4, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		       "1 = the domain's predicted victim", "rank" },
	[COL_RSS] = { "RSS", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		      "resident memory (anon + file + shmem)", "rss_kb" },
	[COL_ANON] = { "ANON_RSS", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		       "anonymous resident memory (RssAnon)", "anon_rss_kb" },
	[COL_FILE] = { "FILE_RSS", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		       "file-backed resident memory (RssFile)", "file_rss_kb" },
	[COL_SHMEM] = { "SHMEM_RSS", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			"shared memory resident (RssShmem)", "shmem_rss_kb" },
	[COL_SWAP] = { "SWAP", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		       "swapped-out anonymous memory (VmSwap)", "swap_kb" },
	[COL_PTE] = { "PGTABLES", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "page tables (VmPTE)",
		      "pgtables_kb" },
	[COL_MEMCG] = { "MEMCG", 20, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			"memory cgroup path, as in the kernel's OOM reports", "memcg" },
	[COL_ELIGIBLE] = { "ELIGIBLE", 8, 0, SCOLS_JSON_BOOLEAN,
			   "yes, or why the kernel cannot pick it", "eligible" },
	[COL_COMM] = { "COMM", 16, 0, SCOLS_JSON_STRING, "command name (comm), escaped", "comm" },
	[COL_GROWTH] = { "GROWTH", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			 "RSS change per second over the last readings (KiB/s; needs two)",
			 "rss_growth_kb_per_s" },
	[COL_CPU] = { "CPU%", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		      "CPU use since the previous reading, % of one CPU (needs two)",
		      "cpu_percent" },
	[COL_NICE] = { "NICE", 4, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "nice value (libproc2)",
		       "nice" },
	[COL_AGE] = { "AGE", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		      "time since the process started, seconds (libproc2)", "age_s" },
	[COL_THREADS] = { "THREADS", 4, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "number of threads",
			  "threads" },
	[COL_CMDLINE] = { "CMDLINE", 30, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			  "full command line, escaped", "cmdline" },
	[COL_CONTEXT] = { "CONTEXT", 20, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			  "the memcg as pod/container/unit (see oomwhy(1))", "context" },
};

const struct cli_colinfo dcols[DCOL_COUNT_] = {
	[DCOL_DOMAIN] = { "DOMAIN", 20, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			  "\"global\" or the memory cgroup path", "domain" },
	[DCOL_TYPE] = { "TYPE", 6, 0, SCOLS_JSON_STRING, "global or memcg", "type" },
	[DCOL_LIMIT] = { "LIMIT", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			 "memory limit (host: RAM + swap)", "limit_kb" },
	[DCOL_USAGE] = { "USAGE", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			 "memory in use (host: MemTotal - MemAvailable + swap used)", "usage_kb" },
	[DCOL_HEADROOM] = { "HEADROOM", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "LIMIT - USAGE",
			    "headroom_kb" },
	[DCOL_KILLS] = { "KILLS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			 "memcg: its processes killed by any OOM (memory.events oom_kill, "
			 "hierarchical; v1 oom_control); host: - (see the summary's host-wide "
			 "count)",
			 "oom_kills" },
	[DCOL_MEMBERS] = { "TASKS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "processes in the domain",
			   "tasks" },
	[DCOL_TOTALPAGES] = { "TOTALPAGES", 8, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			      "the kernel's totalpages for this domain", "totalpages" },
	[DCOL_VICTIM] = { "VICTIM", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "predicted victim's pid",
			  "victim_pid" },
	[DCOL_VCOMM] = { "VICTIM_COMM", 12, 0, SCOLS_JSON_STRING, "predicted victim's command name",
			 "victim_comm" },
	[DCOL_VBADNESS] = { "BADNESS", 9, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			    "predicted victim's badness (pages)", "victim_badness" },
	[DCOL_RUNNER] = { "RUNNER_UP", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "runner-up's pid",
			  "runner_up_pid" },
	[DCOL_RCOMM] = { "RUNNER_UP_COMM", 12, 0, SCOLS_JSON_STRING, "runner-up's command name",
			 "runner_up_comm" },
	[DCOL_RBADNESS] = { "RUNNER_UP_BADNESS", 9, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			    "runner-up's badness (pages)", "runner_up_badness" },
	[DCOL_MARGIN] = { "MARGIN", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			  "victim's badness minus runner-up's (pages)", "margin" },
	[DCOL_OOMS] = { "OOMS", 4, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			"times the limit invoked the OOM killer (memory.events oom)", "ooms" },
	[DCOL_HIGH] = { "HIGH", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			"memory.high, where throttling starts (- when max)", "high_kb" },
	[DCOL_HIGHROOM] = { "TO_HIGH", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "HIGH - USAGE",
			    "high_headroom_kb" },
	[DCOL_GROUP] = { "OOM_GROUP", 12, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			 "memcg killed whole with the victim (memory.oom.group)", "oom_group" },
	[DCOL_GROUP_TASKS] = { "GROUP_TASKS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			       "processes killed with the victim by memory.oom.group",
			       "oom_group_tasks" },
	[DCOL_GROUP_PIDS] = { "GROUP_PIDS", 12, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			      "their pids, comma-separated", "oom_group_pids" },
};

/* Columns whose values are sizes in KiB (out_size()). */
static int pcol_size(int col)
{
	return col == COL_RSS || col == COL_ANON || col == COL_FILE || col == COL_SHMEM ||
	       col == COL_SWAP || col == COL_PTE;
}

static int dcol_size(int col)
{
	return col == DCOL_LIMIT || col == DCOL_USAGE || col == DCOL_HEADROOM || col == DCOL_HIGH ||
	       col == DCOL_HIGHROOM;
}

static const char *ineligible_text(int reason)
{
	switch (reason) {
	case OOMKIT_ELIGIBLE:
		return "yes";
	case OOMKIT_INELIGIBLE_INIT:
		return "no:init";
	case OOMKIT_INELIGIBLE_KTHREAD:
		return "no:kthread";
	case OOMKIT_INELIGIBLE_NO_MM:
		return "no:exiting";
	case OOMKIT_INELIGIBLE_ADJ_MIN:
		return "no:adj-1000";
	}
	return "no";
}

/* Item @item of @p; *isnull when the library does not know it. */
static long long proc_num(const struct oomkit_proc *p, enum oomkit_proc_item item, int *isnull)
{
	long long v = 0;

	*isnull = oomkit_proc_get(p, item, &v) < 0;
	return v;
}

/* String @item of @p, escaped; *isnull (and NULL) when it is not known. */
static char *proc_str(const struct oomkit_proc *p, enum oomkit_proc_str item, int *isnull)
{
	const char *s = oomkit_proc_str(p, item);

	*isnull = !s;
	return s ? cli_escape(s) : NULL;
}

long long pnum(const struct prow *r, int col, int *isnull)
{
	const struct oomkit_proc *p = r->p;

	*isnull = 0;
	switch (col) {
	case COL_PID:
		return oomkit_proc_pid(p);
	case COL_PPID:
		return proc_num(p, OOMKIT_PROC_PPID, isnull);
	case COL_UID:
		return proc_num(p, OOMKIT_PROC_UID, isnull);
	case COL_ADJ:
		return proc_num(p, OOMKIT_PROC_OOM_SCORE_ADJ, isnull);
	case COL_SCORE:
		return proc_num(p, OOMKIT_PROC_OOM_SCORE, isnull);
	case COL_CSCORE:
		return r->cscore;
	case COL_BADNESS:
		*isnull = r->reason != 0;
		return r->points;
	case COL_RANK:
		*isnull = r->rank == 0;
		return r->rank;
	case COL_RSS: {
		long long kb = 0;

		*isnull = oomkit_proc_mm_rss_kb(p, &kb) < 0;
		return kb;
	}
	case COL_ANON:
		return proc_num(p, OOMKIT_PROC_RSS_ANON_KB, isnull);
	case COL_FILE:
		return proc_num(p, OOMKIT_PROC_RSS_FILE_KB, isnull);
	case COL_SHMEM:
		return proc_num(p, OOMKIT_PROC_RSS_SHMEM_KB, isnull);
	case COL_SWAP:
		return proc_num(p, OOMKIT_PROC_SWAP_KB, isnull);
	case COL_PTE:
		return proc_num(p, OOMKIT_PROC_PTE_KB, isnull);
	case COL_GROWTH:
		*isnull = !r->has_growth;
		return (long long)(r->growth < 0 ? r->growth - 0.5 : r->growth + 0.5);
	case COL_CPU:
		*isnull = r->cpu10 < 0;
		return r->cpu10;
	case COL_NICE:
		*isnull = !r->pc;
		return r->pc ? r->pc->nice : 0;
	case COL_AGE:
		*isnull = !r->pc;
		return r->pc ? (long long)r->pc->age : 0;
	case COL_THREADS:
		return proc_num(p, OOMKIT_PROC_THREADS, isnull);
	}
	*isnull = 1;
	return 0;
}

char *pstr(const struct prow *r, int col, int *isnull)
{
	const struct oomkit_proc *p = r->p;
	char buf[64];
	long long state;

	*isnull = 0;
	switch (col) {
	case COL_USER:
		return proc_str(p, OOMKIT_PROC_USER_STR, isnull);
	case COL_STATE:
		if (oomkit_proc_get(p, OOMKIT_PROC_STATE, &state) < 0) {
			*isnull = 1;
			return NULL;
		}
		snprintf(buf, sizeof(buf), "%c", (char)state);
		return cli_escape(buf);
	case COL_MEMCG:
		return proc_str(p, OOMKIT_PROC_MEMCG, isnull);
	case COL_ELIGIBLE:
		return cli_escape(ineligible_text(r->reason));
	case COL_COMM:
		return proc_str(p, OOMKIT_PROC_COMM, isnull);
	case COL_CMDLINE:
		return proc_str(p, OOMKIT_PROC_CMDLINE_STR, isnull);
	case COL_CONTEXT: {
		struct oomkit_context *c;
		char *s = NULL;

		if (oomkit_context_parse(oomkit_proc_str(p, OOMKIT_PROC_MEMCG), &c) < 0)
			return NULL;
		if (*oomkit_context_summary(c))
			s = cli_escape(oomkit_context_summary(c));
		else
			*isnull = 1;
		oomkit_context_free(c);
		return s;
	}
	}
	*isnull = 1;
	return NULL;
}

/* A duration as top's TIME+ is not: the largest units, "59s", "3h12m", "4d02h". */
static void age_text(char *buf, size_t size, long long s)
{
	if (s < 60)
		snprintf(buf, size, "%llds", s);
	else if (s < 3600)
		snprintf(buf, size, "%lldm%02llds", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, size, "%lldh%02lldm", s / 3600, s % 3600 / 60);
	else
		snprintf(buf, size, "%lldd%02lldh", s / 86400, s % 86400 / 3600);
}

/*
 * pcell - the text of process cell @col of @r, as a table shows it: sizes
 * human-readable unless @raw, "-" for an unknown value. The caller frees
 * it; NULL when memory runs out.
 */
char *pcell(const struct prow *r, int col, int raw)
{
	char buf[64], *s;
	int isnull;
	long long v;

	if (col == COL_SHARE) {
		if (r->reason)
			return strdup("-");
		snprintf(buf, sizeof(buf), "%.1f", share(r));
		return strdup(buf);
	}
	if (pcols[col].json_type != SCOLS_JSON_NUMBER) {
		s = pstr(r, col, &isnull);
		if (!isnull)
			return s;
		free(s);
		return strdup("-");
	}
	v = pnum(r, col, &isnull);
	if (isnull)
		snprintf(buf, sizeof(buf), "-");
	else if (col == COL_CPU)
		snprintf(buf, sizeof(buf), "%d.%d", (int)(v / 10), (int)(v % 10));
	else if (col == COL_AGE && !raw)
		age_text(buf, sizeof(buf), v);
	else if (col == COL_GROWTH && !raw && v != 0) {
		out_human_kb(buf + 1, sizeof(buf) - 1, v < 0 ? -v : v);
		buf[0] = v < 0 ? '-' : '+';
		strncat(buf, "/s", sizeof(buf) - strlen(buf) - 1);
	} else if (pcol_size(col) && !raw)
		out_human_kb(buf, sizeof(buf), v);
	else
		snprintf(buf, sizeof(buf), "%lld", v);
	return strdup(buf);
}

/*
 * pcell_out - process cell @col of @r for batch output, by the rules of
 * output.h: sizes through out_size(), rates and percentages as numbers in
 * JSON, escaped text, NULL when unknown. The caller frees it.
 */
char *pcell_out(const struct out *o, const struct prow *r, int col)
{
	int json = o->mode == OUT_JSON, isnull;
	char buf[64];
	long long v;

	switch (col) {
	case COL_SHARE: /* JSON: two decimals, the table one */
		return r->reason ? NULL : out_fmt("%.*f", json ? 2 : 1, share(r));
	case COL_ELIGIBLE: /* JSON: a boolean; the table says why not */
		return json ? out_bool(o, r->reason == 0, "yes", "no") :
			      out_fmt("%s", ineligible_text(r->reason));
	case COL_GROWTH:
		if (!r->has_growth)
			return NULL;
		if (json)
			return out_fmt("%.1f", r->growth);
		return o->bytes ? out_fmt("%.0f", r->growth * 1024) : pcell(r, col, 0);
	case COL_CPU:
		return r->cpu10 < 0 ? NULL : out_fmt("%d.%d", r->cpu10 / 10, r->cpu10 % 10);
	}
	if (pcols[col].json_type != SCOLS_JSON_NUMBER) {
		char *s = pstr(r, col, &isnull);

		if (!isnull)
			return s;
		free(s);
		return NULL;
	}
	v = pnum(r, col, &isnull);
	if (isnull)
		return NULL;
	if (pcol_size(col))
		return out_size(o, v);
	if (col == COL_AGE && !json) {
		age_text(buf, sizeof(buf), v);
		return out_fmt("%s", buf);
	}
	return out_num(v);
}

double share(const struct prow *r)
{
	return r->totalpages ? (double)r->points * 100.0 / (double)r->totalpages : 0;
}

void domain_cell(const struct oomkit_domain *d, int c, long long *num, int *isnull, char **str)
{
	long long v1 = 0, v2 = 0;
	const struct oomkit_proc *victim = oomkit_domain_rank(d, 0, &v1);
	const struct oomkit_proc *runner = oomkit_domain_rank(d, 1, &v2);
	long long lim = 0, use = 0;
	int nolim = oomkit_domain_get(d, OOMKIT_DOMAIN_LIMIT_KB, &lim) < 0;
	int nouse = oomkit_domain_get(d, OOMKIT_DOMAIN_USAGE_KB, &use) < 0;

	*isnull = 0;
	*str = NULL;
	*num = 0;
	switch (c) {
	case DCOL_DOMAIN:
		*str = cli_escape(oomkit_domain_name(d));
		break;
	case DCOL_TYPE:
		*str = cli_escape(oomkit_domain_kind(d) == OOMKIT_DOMAIN_GLOBAL ? "global" :
										  "memcg");
		break;
	case DCOL_LIMIT:
		*num = lim;
		*isnull = nolim;
		break;
	case DCOL_USAGE:
		*num = use;
		*isnull = nouse;
		break;
	case DCOL_HEADROOM:
		*isnull = nolim || nouse;
		*num = lim - use;
		break;
	case DCOL_KILLS:
		*isnull = oomkit_domain_get(d, OOMKIT_DOMAIN_OOM_KILLS, num) < 0;
		break;
	case DCOL_MEMBERS:
		*num = (long long)oomkit_domain_members(d);
		break;
	case DCOL_TOTALPAGES:
		*num = (long long)oomkit_domain_totalpages(d);
		break;
	case DCOL_VICTIM:
		*isnull = !victim;
		*num = oomkit_proc_pid(victim);
		break;
	case DCOL_VCOMM:
		*isnull = !victim;
		if (victim)
			*str = cli_escape(oomkit_proc_str(victim, OOMKIT_PROC_COMM));
		break;
	case DCOL_VBADNESS:
		*isnull = !victim;
		*num = v1;
		break;
	case DCOL_RUNNER:
		*isnull = !runner;
		*num = oomkit_proc_pid(runner);
		break;
	case DCOL_RCOMM:
		*isnull = !runner;
		if (runner)
			*str = cli_escape(oomkit_proc_str(runner, OOMKIT_PROC_COMM));
		break;
	case DCOL_RBADNESS:
		*isnull = !runner;
		*num = v2;
		break;
	case DCOL_MARGIN:
		*isnull = !victim || !runner;
		*num = v1 - v2;
		break;
	case DCOL_OOMS:
		*isnull = oomkit_domain_get(d, OOMKIT_DOMAIN_OOMS, num) < 0;
		break;
	case DCOL_GROUP:
		*isnull = !oomkit_domain_oom_group(d);
		if (!*isnull)
			*str = cli_escape(oomkit_domain_oom_group(d));
		break;
	case DCOL_GROUP_TASKS:
		*isnull = !oomkit_domain_oom_group(d);
		*num = (long long)oomkit_domain_group_count(d);
		break;
	case DCOL_GROUP_PIDS:
		*isnull = !oomkit_domain_oom_group(d);
		if (!*isnull)
			*str = group_pids(d);
		break;
	case DCOL_HIGH:
	case DCOL_HIGHROOM:
		throttled_cell(oomkit_domain_memcg(d), c, num, isnull, str);
		break;
	}
}

/*
 * dcell_out - domain-table cell @col of domain @d (or, when @d is NULL,
 * of memcg @m that has only memory.high) for batch output (output.h).
 * A headroom below 0 is a number in JSON and "-" in tables.
 */
char *dcell_out(const struct out *o, const struct oomkit_domain *d, const struct oomkit_memcg *m,
		int col)
{
	long long num;
	int isnull;
	char *s;

	if (d)
		domain_cell(d, col, &num, &isnull, &s);
	else
		throttled_cell(m, col, &num, &isnull, &s);
	if (isnull) {
		free(s);
		return NULL;
	}
	if (s)
		return s;
	if (dcol_size(col) && o->mode != OUT_JSON)
		return out_size(o, num);
	return out_num(num);
}

/* group_pids - the pids of the domain's oom.group kill, "1,2,3" (freed by
 * the caller). */
char *group_pids(const struct oomkit_domain *d)
{
	size_t i, n = oomkit_domain_group_count(d), len = 0;
	char *s = malloc(n * 12 + 1);

	if (!s)
		err(CLI_EXIT_FAILURE, "cannot allocate memory");
	s[0] = '\0';
	for (i = 0; i < n; i++) {
		const struct oomkit_proc *p = oomkit_domain_group_get(d, i);

		len += (size_t)sprintf(s + len, "%s%d", i ? "," : "", (int)oomkit_proc_pid(p));
	}
	return s;
}

/* memcg_throttled_only - 1 for a memcg with memory.high but no hard
 * limit: throttled when over it, never an OOM domain. */
int memcg_throttled_only(const struct oomkit_memcg *m)
{
	long long high;

	return !oomkit_memcg_has_limit(m) && oomkit_memcg_get(m, OOMKIT_MEMCG_HIGH, &high) == 0 &&
	       high != OOMKIT_UNLIMITED;
}

/*
 * throttled_cell - a domain-table cell of memcg @m (a domain's, or one
 * with only memory.high, listed as TYPE "throttled"): its own figures;
 * what only an OOM domain has (victim, totalpages...) is unknown.
 */
void throttled_cell(const struct oomkit_memcg *m, int c, long long *num, int *isnull, char **str)
{
	long long high = -1, use = -1, v;

	*isnull = 1;
	*str = NULL;
	*num = 0;
	if (!m)
		return;
	if (oomkit_memcg_get(m, OOMKIT_MEMCG_HIGH, &v) == 0 && v != OOMKIT_UNLIMITED)
		high = v / 1024;
	if (oomkit_memcg_get(m, OOMKIT_MEMCG_USAGE, &v) == 0)
		use = v / 1024;
	switch (c) {
	case DCOL_DOMAIN:
		*str = cli_escape(oomkit_memcg_path(m));
		break;
	case DCOL_TYPE:
		*str = cli_escape("throttled");
		break;
	case DCOL_USAGE:
		*num = use;
		break;
	case DCOL_HIGH:
		*num = high;
		break;
	case DCOL_HIGHROOM:
		*num = high - use;
		*isnull = high < 0 || use < 0;
		return;
	case DCOL_KILLS:
		oomkit_memcg_get(m, OOMKIT_MEMCG_EV_OOM_KILL, num);
		break;
	case DCOL_OOMS:
		oomkit_memcg_get(m, OOMKIT_MEMCG_EV_OOM, num);
		break;
	default:
		return;
	}
	*isnull = *str ? 0 : *num < 0 || (c == DCOL_HIGH && high < 0);
}

/*
 * oomtop_columns_init - the columns to show: the defaults of the mode
 * (domains or processes, table or JSON), changed by -o @outarg. With
 * @list_columns, list the columns and exit.
 */
void oomtop_columns_init(struct oomtop *t, const char *outarg, int list_columns)
{
	if (list_columns) {
		if (t->domains)
			cli_list_columns(dcols, NDCOLS);
		cli_list_columns(pcols, NPCOLS);
	}
	if (t->domains) {
		static const int def[] = {
			DCOL_DOMAIN,   DCOL_TYPE,     DCOL_LIMIT, DCOL_USAGE,
			DCOL_HEADROOM, DCOL_HIGH,     DCOL_OOMS,  DCOL_KILLS,
			DCOL_MEMBERS,  DCOL_VICTIM,   DCOL_VCOMM, DCOL_VBADNESS,
			DCOL_RUNNER,   DCOL_RBADNESS, DCOL_GROUP, DCOL_GROUP_TASKS,
		};
		static const int defj[] = {
			DCOL_DOMAIN,     DCOL_TYPE,     DCOL_LIMIT,    DCOL_USAGE,
			DCOL_HEADROOM,   DCOL_KILLS,    DCOL_MEMBERS,  DCOL_TOTALPAGES,
			DCOL_VICTIM,     DCOL_VCOMM,    DCOL_VBADNESS, DCOL_RUNNER,
			DCOL_RCOMM,      DCOL_RBADNESS, DCOL_MARGIN,   DCOL_OOMS,
			DCOL_HIGH,       DCOL_HIGHROOM, DCOL_GROUP,    DCOL_GROUP_TASKS,
			DCOL_GROUP_PIDS,
		};
		const int *d = t->json ? defj : def;
		size_t nd = t->json ? sizeof(defj) / sizeof(defj[0]) : sizeof(def) / sizeof(def[0]);

		memcpy(t->cols, d, nd * sizeof(int));
		t->ncols = nd;
		if (outarg)
			t->ncols = cli_parse_columns(outarg, dcols, NDCOLS, t->cols, t->ncols,
						     MAXCOLS);
	} else {
		static const int def[] = {
			COL_PID,   COL_USER, COL_ADJ,  COL_SCORE, COL_BADNESS,
			COL_SHARE, COL_RSS,  COL_SWAP, COL_MEMCG, COL_COMM,
		};
		/* the screen adds the rates that show a leak and a busy process */
		static const int defs[] = {
			COL_PID, COL_USER, COL_ADJ,    COL_SCORE, COL_BADNESS, COL_SHARE,
			COL_RSS, COL_SWAP, COL_GROWTH, COL_CPU,   COL_MEMCG,   COL_COMM,
		};
		size_t k;

		if (t->screen) {
			memcpy(t->cols, defs, sizeof(defs));
			t->ncols = sizeof(defs) / sizeof(defs[0]);
		} else if (t->json) { /* every column: a stable schema for scripts */
			/* but those that cost a read of their own per process */
			for (k = 0; k < NPCOLS; k++)
				if (k != COL_CMDLINE && k != COL_NICE && k != COL_AGE)
					t->cols[t->ncols++] = (int)k;
		} else {
			memcpy(t->cols, def, sizeof(def));
			t->ncols = sizeof(def) / sizeof(def[0]);
		}
		/* -a lists processes that cannot be picked: say why */
		if (t->all && !t->json && !columns_have(t, COL_ELIGIBLE))
			t->cols[t->ncols++] = COL_ELIGIBLE;
		if (outarg)
			t->ncols = cli_parse_columns(outarg, pcols, NPCOLS, t->cols, t->ncols,
						     MAXCOLS);
		for (k = 0; k < t->ncols; k++)
			if (t->cols[k] == COL_CMDLINE)
				t->cmdline_needed = 1;
	}
}

/* columns_have - is column @col among the shown ones? */
int columns_have(const struct oomtop *t, int col)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (t->cols[i] == col)
			return 1;
	return 0;
}
