/*
 * columns.c - oomtop's process and domain columns: the tables, the
 * default lists, and the value of every cell.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsmartcols.h>

#include "oomtop.h"

const struct cli_colinfo pcols[COL_CONTEXT + 1] = {
	[COL_PID] = { "PID", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"process id", "pid", 0 },
	[COL_PPID] = { "PPID", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"parent process id", "ppid", 0 },
	[COL_USER] = { "USER", 8, 0, SCOLS_JSON_STRING,
		"owner (real uid) name", "user", 0 },
	[COL_UID] = { "UID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"owner (real uid)", "uid", 0 },
	[COL_STATE] = { "STATE", 1, 0, SCOLS_JSON_STRING,
		"process state letter (R, S, D, Z...)", "state", 0 },
	[COL_ADJ] = { "ADJ", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"oom_score_adj (-1000..1000)", "oom_score_adj", 0 },
	[COL_SCORE] = { "SCORE", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"the kernel's /proc/<pid>/oom_score (host domain)", "oom_score", 0 },
	[COL_CSCORE] = { "CSCORE", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"oom_score computed by oomkit from BADNESS (equals SCORE)", "oomkit_score", 0 },
	[COL_BADNESS] = { "BADNESS", 9, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"oom_badness() in pages, in the shown domain", "badness", 0 },
	[COL_SHARE] = { "SHARE", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"badness as a share of the domain's totalpages, %", "share", 0 },
	[COL_RANK] = { "RANK", 4, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"1 = the domain's predicted victim", "rank", 0 },
	[COL_RSS] = { "RSS", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"resident memory (anon + file + shmem)", "rss_kb", 1 },
	[COL_ANON] = { "ANON", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"RssAnon", "rss_anon_kb", 1 },
	[COL_FILE] = { "FILE", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"RssFile", "rss_file_kb", 1 },
	[COL_SHMEM] = { "SHMEM", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"RssShmem", "rss_shmem_kb", 1 },
	[COL_SWAP] = { "SWAP", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"swapped-out anonymous memory (VmSwap)", "swap_kb", 1 },
	[COL_PTE] = { "PTE", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"page tables (VmPTE)", "pte_kb", 1 },
	[COL_MEMCG] = { "MEMCG", 20, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
		"memory cgroup path, as in the kernel's OOM reports", "memcg", 0 },
	[COL_ELIGIBLE] = { "ELIGIBLE", 8, 0, SCOLS_JSON_STRING,
		"yes, or why the kernel cannot pick it", "eligible", 0 },
	[COL_COMMAND] = { "COMMAND", 16, 0, SCOLS_JSON_STRING,
		"command name (comm), escaped", "comm", 0 },
	[COL_CMDLINE] = { "CMDLINE", 30, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
		"full command line, escaped", "cmdline", 0 },
	[COL_CONTEXT] = { "CONTEXT", 20, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
		"the memcg as pod/container/unit (see oomwhy(1))", "context", 0 },
};

const struct cli_colinfo dcols[DCOL_MARGIN + 1] = {
	[DCOL_DOMAIN] = { "DOMAIN", 20, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
		"\"global\" or the memory cgroup path", "domain", 0 },
	[DCOL_TYPE] = { "TYPE", 6, 0, SCOLS_JSON_STRING,
		"global or memcg", "type", 0 },
	[DCOL_LIMIT] = { "LIMIT", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"memory limit (host: RAM + swap)", "limit_kb", 1 },
	[DCOL_USAGE] = { "USAGE", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"memory in use (host: MemTotal - MemAvailable + swap used)", "usage_kb", 1 },
	[DCOL_HEADROOM] = { "HEADROOM", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"LIMIT - USAGE", "headroom_kb", 1 },
	[DCOL_KILLS] = { "KILLS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"OOM kills so far (vmstat oom_kill, memcg oom_kill)", "oom_kills", 0 },
	[DCOL_MEMBERS] = { "TASKS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"processes in the domain", "tasks", 0 },
	[DCOL_TOTALPAGES] = { "TOTALPAGES", 8, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"the kernel's totalpages for this domain", "totalpages", 0 },
	[DCOL_VICTIM] = { "VICTIM", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"predicted victim's pid", "victim_pid", 0 },
	[DCOL_VCOMM] = { "VICTIM_COMM", 12, 0, SCOLS_JSON_STRING,
		"predicted victim's command name", "victim_comm", 0 },
	[DCOL_VBADNESS] = { "BADNESS", 9, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"predicted victim's badness (pages)", "victim_badness", 0 },
	[DCOL_RUNNER] = { "RUNNER_UP", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"runner-up's pid", "runner_up_pid", 0 },
	[DCOL_RCOMM] = { "RUNNER_UP_COMM", 12, 0, SCOLS_JSON_STRING,
		"runner-up's command name", "runner_up_comm", 0 },
	[DCOL_RBADNESS] = { "RUNNER_UP_BADNESS", 9, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"runner-up's badness (pages)", "runner_up_badness", 0 },
	[DCOL_MARGIN] = { "MARGIN", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"victim's badness minus runner-up's (pages)", "margin", 0 },
};

/* Human-readable KiB, as lsblk does: 1023K, 25.6M, 3.1G. */
void human_kb(char *buf, size_t size, long long kb)
{
	static const char units[] = "KMGTPE";
	double v = (double)kb;
	int u = 0;

	if (kb < 0) {
		snprintf(buf, size, "-");
		return;
	}
	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	if (u == 0 || v >= 100)
		snprintf(buf, size, "%.0f%c", v, units[u]);
	else
		snprintf(buf, size, "%.1f%c", v, units[u]);
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
	case COL_PID: return oomkit_proc_pid(p);
	case COL_PPID: return proc_num(p, OOMKIT_PROC_PPID, isnull);
	case COL_UID: return proc_num(p, OOMKIT_PROC_UID, isnull);
	case COL_ADJ: return proc_num(p, OOMKIT_PROC_OOM_SCORE_ADJ, isnull);
	case COL_SCORE: return proc_num(p, OOMKIT_PROC_OOM_SCORE, isnull);
	case COL_CSCORE: return r->cscore;
	case COL_BADNESS: *isnull = r->reason != 0; return r->points;
	case COL_RANK: *isnull = r->rank == 0; return r->rank;
	case COL_RSS: {
		long long kb = 0;

		*isnull = oomkit_proc_mm_rss_kb(p, &kb) < 0;
		return kb;
	}
	case COL_ANON: return proc_num(p, OOMKIT_PROC_RSS_ANON_KB, isnull);
	case COL_FILE: return proc_num(p, OOMKIT_PROC_RSS_FILE_KB, isnull);
	case COL_SHMEM: return proc_num(p, OOMKIT_PROC_RSS_SHMEM_KB, isnull);
	case COL_SWAP: return proc_num(p, OOMKIT_PROC_SWAP_KB, isnull);
	case COL_PTE: return proc_num(p, OOMKIT_PROC_PTE_KB, isnull);
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
	case COL_USER: return proc_str(p, OOMKIT_PROC_USER_STR, isnull);
	case COL_STATE:
		if (oomkit_proc_get(p, OOMKIT_PROC_STATE, &state) < 0) {
			*isnull = 1;
			return NULL;
		}
		snprintf(buf, sizeof(buf), "%c", (char)state);
		return cli_escape(buf);
	case COL_MEMCG: return proc_str(p, OOMKIT_PROC_MEMCG, isnull);
	case COL_ELIGIBLE: return cli_escape(ineligible_text(r->reason));
	case COL_COMMAND: return proc_str(p, OOMKIT_PROC_COMM, isnull);
	case COL_CMDLINE: return proc_str(p, OOMKIT_PROC_CMDLINE_STR, isnull);
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

double share(const struct prow *r)
{
	return r->totalpages ? (double)r->points * 100.0 / (double)r->totalpages : 0;
}

void domain_cell(const struct oomkit_domain *d, int c, long long *num,
		 int *isnull, char **str)
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
	case DCOL_DOMAIN: *str = cli_escape(oomkit_domain_name(d)); break;
	case DCOL_TYPE:
		*str = cli_escape(oomkit_domain_kind(d) == OOMKIT_DOMAIN_GLOBAL ?
				  "global" : "memcg");
		break;
	case DCOL_LIMIT: *num = lim; *isnull = nolim; break;
	case DCOL_USAGE: *num = use; *isnull = nouse; break;
	case DCOL_HEADROOM:
		*isnull = nolim || nouse;
		*num = lim - use;
		break;
	case DCOL_KILLS: *isnull = oomkit_domain_get(d, OOMKIT_DOMAIN_OOM_KILLS, num) < 0; break;
	case DCOL_MEMBERS: *num = (long long)oomkit_domain_members(d); break;
	case DCOL_TOTALPAGES: *num = (long long)oomkit_domain_totalpages(d); break;
	case DCOL_VICTIM:
		*isnull = !victim;
		*num = oomkit_proc_pid(victim);
		break;
	case DCOL_VCOMM:
		*isnull = !victim;
		if (victim)
			*str = cli_escape(oomkit_proc_str(victim, OOMKIT_PROC_COMM));
		break;
	case DCOL_VBADNESS: *isnull = !victim; *num = v1; break;
	case DCOL_RUNNER:
		*isnull = !runner;
		*num = oomkit_proc_pid(runner);
		break;
	case DCOL_RCOMM:
		*isnull = !runner;
		if (runner)
			*str = cli_escape(oomkit_proc_str(runner, OOMKIT_PROC_COMM));
		break;
	case DCOL_RBADNESS: *isnull = !runner; *num = v2; break;
	case DCOL_MARGIN: *isnull = !victim || !runner; *num = v1 - v2; break;
	}
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
			DCOL_DOMAIN, DCOL_LIMIT, DCOL_USAGE, DCOL_HEADROOM, DCOL_KILLS,
			DCOL_MEMBERS, DCOL_VICTIM, DCOL_VCOMM, DCOL_VBADNESS, DCOL_RUNNER,
			DCOL_RBADNESS,
		};
		static const int defj[] = {
			DCOL_DOMAIN, DCOL_TYPE, DCOL_LIMIT, DCOL_USAGE, DCOL_HEADROOM,
			DCOL_KILLS, DCOL_MEMBERS, DCOL_TOTALPAGES, DCOL_VICTIM, DCOL_VCOMM,
			DCOL_VBADNESS, DCOL_RUNNER, DCOL_RCOMM, DCOL_RBADNESS, DCOL_MARGIN,
		};
		const int *d = t->json ? defj : def;
		size_t nd = t->json ? sizeof(defj) / sizeof(defj[0]) :
				      sizeof(def) / sizeof(def[0]);

		memcpy(t->cols, d, nd * sizeof(int));
		t->ncols = nd;
		if (outarg)
			t->ncols = cli_parse_columns(outarg, dcols, NDCOLS, t->cols,
						     t->ncols, MAXCOLS);
	} else {
		static const int def[] = {
			COL_PID, COL_USER, COL_ADJ, COL_SCORE, COL_BADNESS,
			COL_SHARE, COL_RSS, COL_SWAP, COL_MEMCG, COL_COMMAND,
		};
		size_t k;

		if (t->json) {	/* every column: a stable schema for scripts */
			for (k = 0; k < NPCOLS; k++)
				if (k != COL_CMDLINE)
					t->cols[t->ncols++] = (int)k;
		} else {
			memcpy(t->cols, def, sizeof(def));
			t->ncols = sizeof(def) / sizeof(def[0]);
		}
		if (outarg)
			t->ncols = cli_parse_columns(outarg, pcols, NPCOLS, t->cols,
						     t->ncols, MAXCOLS);
		for (k = 0; k < t->ncols; k++)
			if (t->cols[k] == COL_CMDLINE)
				t->cmdline_needed = 1;
	}
}
