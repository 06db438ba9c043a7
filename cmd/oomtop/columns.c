/*
 * columns.c - oomtop's process and domain columns: the tables, the
 * default lists, and the text of every cell (cmd/common/output.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsmartcols.h>

#include "oomtop.h"

const struct cli_colinfo pcols[COL_CONTEXT + 1] = {
	[COL_PID] = { "PID", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"process id", "pid" },
	[COL_PPID] = { "PPID", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"parent process id", "ppid" },
	[COL_USER] = { "USER", 8, 0, SCOLS_JSON_STRING,
		"owner (real uid) name", "user" },
	[COL_UID] = { "UID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"owner (real uid)", "uid" },
	[COL_STATE] = { "STATE", 1, 0, SCOLS_JSON_STRING,
		"process state letter (R, S, D, Z...)", "state" },
	[COL_ADJ] = { "ADJ", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"oom_score_adj (-1000..1000)", "oom_score_adj" },
	[COL_SCORE] = { "SCORE", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"the kernel's /proc/<pid>/oom_score (host domain)", "oom_score" },
	[COL_CSCORE] = { "CSCORE", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"oom_score computed by oomkit from BADNESS (equals SCORE)", "oomkit_score" },
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
	[COL_PTE] = { "PGTABLES", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"page tables (VmPTE)", "pgtables_kb" },
	[COL_MEMCG] = { "MEMCG", 20, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
		"memory cgroup path, as in the kernel's OOM reports", "memcg" },
	[COL_ELIGIBLE] = { "ELIGIBLE", 8, 0, SCOLS_JSON_BOOLEAN,
		"yes, or why the kernel cannot pick it", "eligible" },
	[COL_COMM] = { "COMM", 16, 0, SCOLS_JSON_STRING,
		"command name (comm), escaped", "comm" },
	[COL_CMDLINE] = { "CMDLINE", 30, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
		"full command line, escaped", "cmdline" },
	[COL_CONTEXT] = { "CONTEXT", 20, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
		"the memcg as pod/container/unit (see oomwhy(1))", "context" },
};

const struct cli_colinfo dcols[DCOL_MARGIN + 1] = {
	[DCOL_DOMAIN] = { "DOMAIN", 20, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
		"\"global\" or the memory cgroup path", "domain" },
	[DCOL_TYPE] = { "TYPE", 6, 0, SCOLS_JSON_STRING,
		"global or memcg", "type" },
	[DCOL_LIMIT] = { "LIMIT", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"memory limit (host: RAM + swap)", "limit_kb" },
	[DCOL_USAGE] = { "USAGE", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"memory in use (host: MemTotal - MemAvailable + swap used)", "usage_kb" },
	[DCOL_HEADROOM] = { "HEADROOM", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"LIMIT - USAGE", "headroom_kb" },
	[DCOL_KILLS] = { "KILLS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"OOM kills so far (vmstat oom_kill, memcg oom_kill)", "oom_kills" },
	[DCOL_MEMBERS] = { "TASKS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"processes in the domain", "tasks" },
	[DCOL_TOTALPAGES] = { "TOTALPAGES", 8, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"the kernel's totalpages for this domain", "totalpages" },
	[DCOL_VICTIM] = { "VICTIM", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"predicted victim's pid", "victim_pid" },
	[DCOL_VCOMM] = { "VICTIM_COMM", 12, 0, SCOLS_JSON_STRING,
		"predicted victim's command name", "victim_comm" },
	[DCOL_VBADNESS] = { "BADNESS", 9, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"predicted victim's badness (pages)", "victim_badness" },
	[DCOL_RUNNER] = { "RUNNER_UP", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"runner-up's pid", "runner_up_pid" },
	[DCOL_RCOMM] = { "RUNNER_UP_COMM", 12, 0, SCOLS_JSON_STRING,
		"runner-up's command name", "runner_up_comm" },
	[DCOL_RBADNESS] = { "RUNNER_UP_BADNESS", 9, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"runner-up's badness (pages)", "runner_up_badness" },
	[DCOL_MARGIN] = { "MARGIN", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		"victim's badness minus runner-up's (pages)", "margin" },
};

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

/* Item @item of @p; NULL when the library does not know it. */
static char *proc_num(const struct oomkit_proc *p, enum oomkit_proc_item item)
{
	long long v = 0;

	return oomkit_proc_get(p, item, &v) < 0 ? NULL : out_num(v);
}

static char *proc_size(const struct out *o, const struct oomkit_proc *p,
		       enum oomkit_proc_item item)
{
	long long v = 0;

	return oomkit_proc_get(p, item, &v) < 0 ? NULL : out_size(o, v);
}

/* The memcg as pod/container/unit (lib/context.c); NULL when none. */
static char *proc_context(const struct oomkit_proc *p)
{
	struct oomkit_context *c;
	char *s = NULL;

	if (oomkit_context_parse(oomkit_proc_str(p, OOMKIT_PROC_MEMCG), &c) < 0)
		return NULL;
	if (*oomkit_context_summary(c))
		s = out_text(oomkit_context_summary(c));
	oomkit_context_free(c);
	return s;
}

char *pcell(const struct out *o, const struct prow *r, int col)
{
	const struct oomkit_proc *p = r->p;
	long long v = 0;
	double share;

	switch (col) {
	case COL_PID: return out_num(oomkit_proc_pid(p));
	case COL_PPID: return proc_num(p, OOMKIT_PROC_PPID);
	case COL_UID: return proc_num(p, OOMKIT_PROC_UID);
	case COL_USER: return out_text(oomkit_proc_str(p, OOMKIT_PROC_USER_STR));
	case COL_STATE:
		if (oomkit_proc_get(p, OOMKIT_PROC_STATE, &v) < 0)
			return NULL;
		return out_fmt("%c", (char)v);
	case COL_ADJ: return proc_num(p, OOMKIT_PROC_OOM_SCORE_ADJ);
	case COL_SCORE: return proc_num(p, OOMKIT_PROC_OOM_SCORE);
	case COL_CSCORE: return out_num(r->cscore);
	case COL_BADNESS: return r->reason ? NULL : out_num(r->points);
	case COL_SHARE:
		if (r->reason)
			return NULL;
		share = r->totalpages ? (double)r->points * 100.0 / (double)r->totalpages : 0;
		/* JSON: two decimals, the table one */
		return out_fmt("%.*f", o->mode == OUT_JSON ? 2 : 1, share);
	case COL_RANK: return r->rank ? out_num(r->rank) : NULL;
	case COL_RSS:
		return oomkit_proc_mm_rss_kb(p, &v) < 0 ? NULL : out_size(o, v);
	case COL_ANON: return proc_size(o, p, OOMKIT_PROC_RSS_ANON_KB);
	case COL_FILE: return proc_size(o, p, OOMKIT_PROC_RSS_FILE_KB);
	case COL_SHMEM: return proc_size(o, p, OOMKIT_PROC_RSS_SHMEM_KB);
	case COL_SWAP: return proc_size(o, p, OOMKIT_PROC_SWAP_KB);
	case COL_PTE: return proc_size(o, p, OOMKIT_PROC_PTE_KB);
	case COL_MEMCG: return out_text(oomkit_proc_str(p, OOMKIT_PROC_MEMCG));
	case COL_ELIGIBLE:
		/* JSON: a boolean; the table says why not */
		return o->mode == OUT_JSON ? out_bool(o, r->reason == 0, "yes", "no")
					   : out_fmt("%s", ineligible_text(r->reason));
	case COL_COMM: return out_text(oomkit_proc_str(p, OOMKIT_PROC_COMM));
	case COL_CMDLINE: return out_text(oomkit_proc_str(p, OOMKIT_PROC_CMDLINE_STR));
	case COL_CONTEXT: return proc_context(p);
	}
	return NULL;
}

char *dcell(const struct out *o, const struct oomkit_domain *d, int c)
{
	long long v1 = 0, v2 = 0, kills = 0;
	const struct oomkit_proc *victim = oomkit_domain_rank(d, 0, &v1);
	const struct oomkit_proc *runner = oomkit_domain_rank(d, 1, &v2);
	long long lim = 0, use = 0;
	int nolim = oomkit_domain_get(d, OOMKIT_DOMAIN_LIMIT_KB, &lim) < 0;
	int nouse = oomkit_domain_get(d, OOMKIT_DOMAIN_USAGE_KB, &use) < 0;

	switch (c) {
	case DCOL_DOMAIN: return out_text(oomkit_domain_name(d));
	case DCOL_TYPE:
		return out_fmt("%s", oomkit_domain_kind(d) == OOMKIT_DOMAIN_GLOBAL ?
				     "global" : "memcg");
	case DCOL_LIMIT: return nolim ? NULL : out_size(o, lim);
	case DCOL_USAGE: return nouse ? NULL : out_size(o, use);
	case DCOL_HEADROOM:
		if (nolim || nouse)
			return NULL;
		/* over the limit: JSON says by how much, tables "-" */
		if (o->mode == OUT_JSON)
			return out_num(lim - use);
		return out_size(o, lim - use);
	case DCOL_KILLS:
		return oomkit_domain_get(d, OOMKIT_DOMAIN_OOM_KILLS, &kills) < 0 ? NULL
										 : out_num(kills);
	case DCOL_MEMBERS: return out_num((long long)oomkit_domain_members(d));
	case DCOL_TOTALPAGES: return out_num((long long)oomkit_domain_totalpages(d));
	case DCOL_VICTIM: return victim ? out_num(oomkit_proc_pid(victim)) : NULL;
	case DCOL_VCOMM:
		return victim ? out_text(oomkit_proc_str(victim, OOMKIT_PROC_COMM)) : NULL;
	case DCOL_VBADNESS: return victim ? out_num(v1) : NULL;
	case DCOL_RUNNER: return runner ? out_num(oomkit_proc_pid(runner)) : NULL;
	case DCOL_RCOMM:
		return runner ? out_text(oomkit_proc_str(runner, OOMKIT_PROC_COMM)) : NULL;
	case DCOL_RBADNESS: return runner ? out_num(v2) : NULL;
	case DCOL_MARGIN: return victim && runner ? out_num(v1 - v2) : NULL;
	}
	return NULL;
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
			COL_SHARE, COL_RSS, COL_SWAP, COL_MEMCG, COL_COMM,
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
