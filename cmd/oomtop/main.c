/*
 * oomtop - who the OOM killer would pick next, per OOM domain, and why.
 *
 * This file is the batch mode (-b): options, one snapshot per iteration,
 * a table through libsmartcols or JSON. The ranking itself is liboomkit's
 * (oomkit_domains_build): the kernel's oom_badness() per domain.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libsmartcols.h>

#include "oomkit/oomkit.h"
#include "cli.h"
#include "json.h"

enum {
	COL_PID, COL_PPID, COL_USER, COL_UID, COL_STATE, COL_ADJ, COL_SCORE,
	COL_CSCORE, COL_BADNESS, COL_SHARE, COL_RANK, COL_RSS, COL_ANON,
	COL_FILE, COL_SHMEM, COL_SWAP, COL_PTE, COL_MEMCG, COL_ELIGIBLE,
	COL_COMMAND, COL_CMDLINE,
};

static const struct cli_colinfo pcols[] = {
	[COL_PID] = { "PID", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "process id", "pid", 0 },
	[COL_PPID] = { "PPID", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "parent process id", "ppid", 0 },
	[COL_USER] = { "USER", 8, 0, SCOLS_JSON_STRING, "owner (real uid) name", "user", 0 },
	[COL_UID] = { "UID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "owner (real uid)", "uid", 0 },
	[COL_STATE] = { "STATE", 1, 0, SCOLS_JSON_STRING, "process state letter (R, S, D, Z...)", "state", 0 },
	[COL_ADJ] = { "ADJ", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "oom_score_adj (-1000..1000)", "oom_score_adj", 0 },
	[COL_SCORE] = { "SCORE", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "the kernel's /proc/<pid>/oom_score (host domain)", "oom_score", 0 },
	[COL_CSCORE] = { "CSCORE", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "oom_score computed by oomkit from BADNESS (equals SCORE)", "oomkit_score", 0 },
	[COL_BADNESS] = { "BADNESS", 9, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "oom_badness() in pages, in the shown domain", "badness", 0 },
	[COL_SHARE] = { "SHARE", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "badness as a share of the domain's totalpages, %", "share", 0 },
	[COL_RANK] = { "RANK", 4, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "1 = the domain's predicted victim", "rank", 0 },
	[COL_RSS] = { "RSS", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "resident memory (anon + file + shmem)", "rss_kb", 1 },
	[COL_ANON] = { "ANON", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "RssAnon", "rss_anon_kb", 1 },
	[COL_FILE] = { "FILE", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "RssFile", "rss_file_kb", 1 },
	[COL_SHMEM] = { "SHMEM", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "RssShmem", "rss_shmem_kb", 1 },
	[COL_SWAP] = { "SWAP", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "swapped-out anonymous memory (VmSwap)", "swap_kb", 1 },
	[COL_PTE] = { "PTE", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "page tables (VmPTE)", "pte_kb", 1 },
	[COL_MEMCG] = { "MEMCG", 20, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "memory cgroup path, as in the kernel's OOM reports", "memcg", 0 },
	[COL_ELIGIBLE] = { "ELIGIBLE", 8, 0, SCOLS_JSON_STRING, "yes, or why the kernel cannot pick it", "eligible", 0 },
	[COL_COMMAND] = { "COMMAND", 16, 0, SCOLS_JSON_STRING, "command name (comm), escaped", "comm", 0 },
	[COL_CMDLINE] = { "CMDLINE", 30, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "full command line, escaped", "cmdline", 0 },
};


enum {
	DCOL_DOMAIN, DCOL_TYPE, DCOL_LIMIT, DCOL_USAGE, DCOL_HEADROOM,
	DCOL_KILLS, DCOL_MEMBERS, DCOL_TOTALPAGES, DCOL_VICTIM, DCOL_VCOMM,
	DCOL_VBADNESS, DCOL_RUNNER, DCOL_RCOMM, DCOL_RBADNESS, DCOL_MARGIN,
};

static const struct cli_colinfo dcols[] = {
	[DCOL_DOMAIN] = { "DOMAIN", 20, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "\"global\" or the memory cgroup path", "domain", 0 },
	[DCOL_TYPE] = { "TYPE", 6, 0, SCOLS_JSON_STRING, "global or memcg", "type", 0 },
	[DCOL_LIMIT] = { "LIMIT", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "memory limit (host: RAM + swap)", "limit_kb", 1 },
	[DCOL_USAGE] = { "USAGE", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "memory in use (host: MemTotal - MemAvailable + swap used)", "usage_kb", 1 },
	[DCOL_HEADROOM] = { "HEADROOM", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "LIMIT - USAGE", "headroom_kb", 1 },
	[DCOL_KILLS] = { "KILLS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "OOM kills so far (vmstat oom_kill, memcg oom_kill)", "oom_kills", 0 },
	[DCOL_MEMBERS] = { "TASKS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "processes in the domain", "tasks", 0 },
	[DCOL_TOTALPAGES] = { "TOTALPAGES", 8, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "the kernel's totalpages for this domain", "totalpages", 0 },
	[DCOL_VICTIM] = { "VICTIM", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "predicted victim's pid", "victim_pid", 0 },
	[DCOL_VCOMM] = { "VICTIM_COMM", 12, 0, SCOLS_JSON_STRING, "predicted victim's command name", "victim_comm", 0 },
	[DCOL_VBADNESS] = { "BADNESS", 9, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "predicted victim's badness (pages)", "victim_badness", 0 },
	[DCOL_RUNNER] = { "RUNNER_UP", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "runner-up's pid", "runner_up_pid", 0 },
	[DCOL_RCOMM] = { "RUNNER_UP_COMM", 12, 0, SCOLS_JSON_STRING, "runner-up's command name", "runner_up_comm", 0 },
	[DCOL_RBADNESS] = { "RUNNER_UP_BADNESS", 9, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "runner-up's badness (pages)", "runner_up_badness", 0 },
	[DCOL_MARGIN] = { "MARGIN", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "victim's badness minus runner-up's (pages)", "margin", 0 },
};


#define NPCOLS (sizeof(pcols) / sizeof(pcols[0]))
#define NDCOLS (sizeof(dcols) / sizeof(dcols[0]))
#define MAXCOLS 64

struct oomtop {
	int cols[MAXCOLS];
	size_t ncols;
	int columns_given;
	int json, raw, noheadings, domains, all, cmdline_needed;
	long iterations;	/* -1: until interrupted */
	double delay;
	long limit;		/* rows per table, 0 = all */
	const char *domain;	/* rank within this domain */
	struct oomkit_ctx *ctx;
	int denied_warned;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;

	fputs("Usage:\n", out);
	fprintf(out, " %s -b [options]\n", cli_prog());
	fputs("\nShow who the OOM killer would kill next, per OOM domain, and why.\n", out);
	fputs("\nOptions:\n", out);
	fputs(" -b, --batch               batch mode: print snapshots, no screen\n", out);
	fputs(" -n, --iterations <count>  number of snapshots (default: until interrupted)\n", out);
	fputs(" -d, --delay <seconds>     time between snapshots (default 3)\n", out);
	fputs("     --domains             one row per OOM domain (host and limited memcgs)\n", out);
	fputs("     --domain <name>       rank the processes of one domain\n", out);
	fputs("                             (\"global\" or a memory cgroup path)\n", out);
	fputs(" -a, --all                 also list processes the kernel cannot pick\n", out);
	fputs(" -l, --limit <rows>        show only the first <rows> processes\n", out);
	fputs(" -o, --output <list>       columns to show (see --list-columns; +list adds)\n", out);
	fputs(" -H, --list-columns        list the available columns\n", out);
	fputs(" -J, --json                JSON output\n", out);
	fputs(" -r, --raw                 raw table output\n", out);
	fputs("     --noheadings          do not print headings\n", out);
	fputs(" -h, --help                display this help\n", out);
	fputs(" -V, --version             display version\n", out);
	fputs("\nBADNESS is the kernel's oom_badness() in pages for the shown domain:\n"
	      "rss + swap + page tables + oom_score_adj * (totalpages / 1000).\n"
	      "The highest BADNESS in a domain is killed when that domain runs out.\n", out);
	fprintf(out, "\nFor more details see %s(1).\n", cli_prog());
	exit(CLI_EXIT_OK);
}

/* Human-readable KiB, as lsblk does: 1023K, 25.6M, 3.1G. */
static void human_kb(char *buf, size_t size, long long kb)
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

/* One process row's cell, as text (table) or a typed JSON member. */
struct prow {
	const struct oomkit_proc *p;
	long long points;
	int reason;
	long long rank;		/* 1-based, 0 when not ranked */
	long long cscore;
	unsigned long long totalpages;
};

static long long pnum(const struct prow *r, int col, int *isnull)
{
	const struct oomkit_proc *p = r->p;

	*isnull = 0;
	switch (col) {
	case COL_PID: return oomkit_proc_get(p, OOMKIT_PROC_PID);
	case COL_PPID: return oomkit_proc_get(p, OOMKIT_PROC_PPID);
	case COL_UID: return oomkit_proc_get(p, OOMKIT_PROC_UID);
	case COL_ADJ: return oomkit_proc_get(p, OOMKIT_PROC_OOM_SCORE_ADJ);
	case COL_SCORE:
		*isnull = oomkit_proc_get(p, OOMKIT_PROC_OOM_SCORE) < 0;
		return oomkit_proc_get(p, OOMKIT_PROC_OOM_SCORE);
	case COL_CSCORE: return r->cscore;
	case COL_BADNESS: *isnull = r->reason != 0; return r->points;
	case COL_RANK: *isnull = r->rank == 0; return r->rank;
	case COL_RSS: return oomkit_proc_get(p, OOMKIT_PROC_RSS_ANON_KB) +
			     oomkit_proc_get(p, OOMKIT_PROC_RSS_FILE_KB) +
			     oomkit_proc_get(p, OOMKIT_PROC_RSS_SHMEM_KB);
	case COL_ANON: return oomkit_proc_get(p, OOMKIT_PROC_RSS_ANON_KB);
	case COL_FILE: return oomkit_proc_get(p, OOMKIT_PROC_RSS_FILE_KB);
	case COL_SHMEM: return oomkit_proc_get(p, OOMKIT_PROC_RSS_SHMEM_KB);
	case COL_SWAP: return oomkit_proc_get(p, OOMKIT_PROC_SWAP_KB);
	case COL_PTE: return oomkit_proc_get(p, OOMKIT_PROC_PTE_KB);
	}
	*isnull = 1;
	return 0;
}

static char *pstr(const struct prow *r, int col, int *isnull)
{
	const struct oomkit_proc *p = r->p;
	char buf[64];

	*isnull = 0;
	switch (col) {
	case COL_USER: return cli_escape(oomkit_proc_str(p, OOMKIT_PROC_USER_STR));
	case COL_STATE:
		snprintf(buf, sizeof(buf), "%c", (char)oomkit_proc_get(p, OOMKIT_PROC_STATE));
		return cli_escape(buf);
	case COL_MEMCG:
		if (!*oomkit_proc_str(p, OOMKIT_PROC_MEMCG)) {
			*isnull = 1;
			return NULL;
		}
		return cli_escape(oomkit_proc_str(p, OOMKIT_PROC_MEMCG));
	case COL_ELIGIBLE: return cli_escape(ineligible_text(r->reason));
	case COL_COMMAND: return cli_escape(oomkit_proc_str(p, OOMKIT_PROC_COMM));
	case COL_CMDLINE: return cli_escape(oomkit_proc_str(p, OOMKIT_PROC_CMDLINE_STR));
	}
	*isnull = 1;
	return NULL;
}

static double share(const struct prow *r)
{
	return r->totalpages ? (double)r->points * 100.0 / (double)r->totalpages : 0;
}

static void emit_proc_json(struct oomtop *t, struct json *j, const struct prow *r)
{
	size_t i;

	json_open(j, NULL, '{');
	for (i = 0; i < t->ncols; i++) {
		int c = t->cols[i], isnull;
		const char *key = pcols[c].json;

		if (c == COL_SHARE) {
			if (r->reason)
				json_null(j, key);
			else
				json_double(j, key, share(r), 2);
		} else if (c == COL_ELIGIBLE) {
			json_bool(j, key, r->reason == 0);
		} else if (pcols[c].json_type == SCOLS_JSON_NUMBER) {
			long long v = pnum(r, c, &isnull);

			if (isnull)
				json_null(j, key);
			else
				json_num(j, key, v);
		} else {
			char *s = pstr(r, c, &isnull);

			json_str(j, key, isnull ? NULL : s);
			free(s);
		}
	}
	json_close(j, '}');
}

static void emit_proc_cell(struct libscols_line *ln, size_t i, int c,
			   const struct prow *r, int raw)
{
	char buf[64], *s = NULL;
	int isnull;

	if (c == COL_SHARE) {
		if (r->reason)
			snprintf(buf, sizeof(buf), "-");
		else
			snprintf(buf, sizeof(buf), "%.1f", share(r));
		s = strdup(buf);
	} else if (pcols[c].json_type == SCOLS_JSON_NUMBER) {
		long long v = pnum(r, c, &isnull);

		if (isnull)
			snprintf(buf, sizeof(buf), "-");
		else if (pcols[c].size_kb && !raw)
			human_kb(buf, sizeof(buf), v);
		else
			snprintf(buf, sizeof(buf), "%lld", v);
		s = strdup(buf);
	} else {
		s = pstr(r, c, &isnull);
		if (isnull) {
			free(s);
			s = strdup("-");
		}
	}
	if (!s || scols_line_refer_data(ln, i, s) < 0)
		err(CLI_EXIT_FAILURE, "cannot allocate memory");
}

/* One process: a JSON object, or a table line. */
static void emit_proc_row(struct oomtop *t, struct json *j,
			  struct libscols_table *tb, const struct prow *r)
{
	struct libscols_line *ln;
	size_t c;

	if (t->json) {
		emit_proc_json(t, j, r);
		return;
	}
	ln = scols_table_new_line(tb, NULL);
	if (!ln)
		err(CLI_EXIT_FAILURE, "cannot allocate output line");
	for (c = 0; c < t->ncols; c++)
		emit_proc_cell(ln, c, t->cols[c], r, t->raw);
}

static struct libscols_table *new_table(struct oomtop *t,
					const struct cli_colinfo *infos)
{
	struct libscols_table *tb = scols_new_table();
	size_t i;

	if (!tb)
		err(CLI_EXIT_FAILURE, "cannot allocate output table");
	scols_table_enable_raw(tb, t->raw);
	scols_table_enable_noheadings(tb, t->noheadings);
	/* cells are already escaped by oomkit_escape(): do not encode twice */
	scols_table_enable_noencoding(tb, 1);
	for (i = 0; i < t->ncols; i++) {
		const struct cli_colinfo *ci = &infos[t->cols[i]];

		if (!scols_table_new_column(tb, ci->name, ci->whint, ci->flags))
			err(CLI_EXIT_FAILURE, "cannot allocate output column");
	}
	return tb;
}

static void print_procs(struct oomtop *t, const struct oomkit_domain *dom,
			const struct oomkit_proc_table *tab,
			unsigned long long global_tp, unsigned kver)
{
	struct libscols_table *tb = NULL;
	struct json j;
	size_t i, n, shown = 0;
	unsigned long long tp = oomkit_domain_totalpages(dom);
	long ps = oomkit_ctx_page_size(t->ctx);

	if (t->json) {
		json_init(&j, stdout);
		json_open(&j, NULL, '{');
		json_str(&j, "domain", oomkit_domain_name(dom));
		json_open(&j, "processes", '[');
	} else {
		tb = new_table(t, pcols);
	}
	/* ranked (eligible) processes first, in the kernel's order */
	n = oomkit_domain_ranked(dom);
	for (i = 0; i < n && (!t->limit || shown < (size_t)t->limit); i++, shown++) {
		struct prow r = { 0 };
		long long gpts;

		r.p = oomkit_domain_rank(dom, i, &r.points);
		r.rank = (long long)i + 1;
		r.totalpages = tp;
		oomkit_proc_badness(r.p, ps, global_tp, &gpts);
		r.cscore = oomkit_oom_score(gpts, 1, global_tp, kver);
		emit_proc_row(t, &j, tb, &r);
	}
	if (t->all) {
		/* members that cannot be chosen, in pid order */
		for (i = 0; i < oomkit_proc_table_count(tab) &&
			    (!t->limit || shown < (size_t)t->limit); i++) {
			struct prow r = { 0 };
			int rc;

			r.p = oomkit_proc_table_get(tab, i);
			rc = oomkit_domain_badness_of(dom, (pid_t)oomkit_proc_get(r.p, OOMKIT_PROC_PID), NULL);
			if (rc <= 0)
				continue;	/* ranked above, or not a member */
			r.reason = rc;
			r.totalpages = tp;
			r.cscore = 0;
			shown++;
			emit_proc_row(t, &j, tb, &r);
		}
	}
	if (t->json) {
		json_close(&j, ']');
		json_close(&j, '}');
	} else {
		scols_print_table(tb);
		scols_unref_table(tb);
	}
}

static void domain_cell(const struct oomkit_domain *d, int c, long long *num,
			int *isnull, char **str)
{
	long long v1 = 0, v2 = 0;
	const struct oomkit_proc *victim = oomkit_domain_rank(d, 0, &v1);
	const struct oomkit_proc *runner = oomkit_domain_rank(d, 1, &v2);
	long long lim = oomkit_domain_limit_kb(d), use = oomkit_domain_usage_kb(d);

	*isnull = 0;
	*str = NULL;
	*num = 0;
	switch (c) {
	case DCOL_DOMAIN: *str = cli_escape(oomkit_domain_name(d)); break;
	case DCOL_TYPE:
		*str = cli_escape(oomkit_domain_kind(d) == OOMKIT_DOMAIN_GLOBAL ? "global" : "memcg");
		break;
	case DCOL_LIMIT: *num = lim; *isnull = lim < 0; break;
	case DCOL_USAGE: *num = use; *isnull = use < 0; break;
	case DCOL_HEADROOM:
		*isnull = lim < 0 || use < 0;
		*num = lim - use;
		break;
	case DCOL_KILLS: *num = oomkit_domain_oom_kills(d); *isnull = *num < 0; break;
	case DCOL_MEMBERS: *num = (long long)oomkit_domain_members(d); break;
	case DCOL_TOTALPAGES: *num = (long long)oomkit_domain_totalpages(d); break;
	case DCOL_VICTIM:
		*isnull = !victim;
		*num = victim ? oomkit_proc_get(victim, OOMKIT_PROC_PID) : 0;
		break;
	case DCOL_VCOMM:
		*isnull = !victim;
		if (victim)
			*str = cli_escape(oomkit_proc_str(victim, OOMKIT_PROC_COMM));
		break;
	case DCOL_VBADNESS: *isnull = !victim; *num = v1; break;
	case DCOL_RUNNER:
		*isnull = !runner;
		*num = runner ? oomkit_proc_get(runner, OOMKIT_PROC_PID) : 0;
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

static void print_domains(struct oomtop *t, const struct oomkit_domains *set)
{
	struct libscols_table *tb = NULL;
	struct json j;
	size_t i, c;

	if (t->json) {
		json_init(&j, stdout);
		json_open(&j, NULL, '{');
		json_open(&j, "domains", '[');
	} else {
		tb = new_table(t, dcols);
	}
	for (i = 0; i < oomkit_domains_count(set); i++) {
		const struct oomkit_domain *d = oomkit_domains_get(set, i);
		struct libscols_line *ln = NULL;

		if (t->json) {
			json_open(&j, NULL, '{');
		} else if (!(ln = scols_table_new_line(tb, NULL))) {
			err(CLI_EXIT_FAILURE, "cannot allocate output line");
		}
		for (c = 0; c < t->ncols; c++) {
			int col = t->cols[c], isnull;
			long long num;
			char *s, buf[64];

			domain_cell(d, col, &num, &isnull, &s);
			if (t->json) {
				if (isnull)
					json_null(&j, dcols[col].json);
				else if (s)
					json_str(&j, dcols[col].json, s);
				else
					json_num(&j, dcols[col].json, num);
				free(s);
				continue;
			}
			if (!s) {
				if (isnull)
					snprintf(buf, sizeof(buf), "-");
				else if (dcols[col].size_kb && !t->raw)
					human_kb(buf, sizeof(buf), num);
				else
					snprintf(buf, sizeof(buf), "%lld", num);
				s = strdup(buf);
			}
			if (!s || scols_line_refer_data(ln, c, s) < 0)
				err(CLI_EXIT_FAILURE, "cannot allocate memory");
		}
		if (t->json)
			json_close(&j, '}');
	}
	if (t->json) {
		json_close(&j, ']');
		json_close(&j, '}');
	} else {
		scols_print_table(tb);
		scols_unref_table(tb);
	}
}

static void print_summary(const struct oomkit_sysmem *mem)
{
	long long total = 0, avail = -1, swt = 0, swf = 0, kills = -1, some = -1, full = -1;
	char a[16], b[16], c[16], d[16];
	char when[32];
	time_t now = time(NULL);
	struct tm tm;

	oomkit_sysmem_get(mem, OOMKIT_MEM_TOTAL_KB, &total);
	oomkit_sysmem_get(mem, OOMKIT_MEM_AVAILABLE_KB, &avail);
	oomkit_sysmem_get(mem, OOMKIT_MEM_SWAP_TOTAL_KB, &swt);
	oomkit_sysmem_get(mem, OOMKIT_MEM_SWAP_FREE_KB, &swf);
	oomkit_sysmem_get(mem, OOMKIT_MEM_VMSTAT_OOM_KILL, &kills);
	oomkit_sysmem_get(mem, OOMKIT_MEM_PSI_SOME_AVG10, &some);
	oomkit_sysmem_get(mem, OOMKIT_MEM_PSI_FULL_AVG10, &full);
	human_kb(a, sizeof(a), avail);
	human_kb(b, sizeof(b), total);
	human_kb(c, sizeof(c), swf);
	human_kb(d, sizeof(d), swt);
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	printf("oomtop %s  mem avail %s of %s  swap free %s of %s", when, a, b, c, d);
	if (kills >= 0)
		printf("  oom_kill %lld", kills);
	if (some >= 0)
		printf("  psi some %lld.%02lld%% full %lld.%02lld%%", some / 100, some % 100,
		       full / 100, full % 100);
	putchar('\n');
}

static int snapshot(struct oomtop *t, int first)
{
	struct oomkit_proc_table *tab = NULL;
	struct oomkit_sysmem *mem = NULL;
	struct oomkit_domains *set = NULL;
	const struct oomkit_domain *dom;
	unsigned flags = OOMKIT_PROC_USER;
	unsigned dflags = 0;
	int rc;

	if (t->cmdline_needed)
		flags |= OOMKIT_PROC_CMDLINE;
	rc = oomkit_sysmem_read(t->ctx, &mem);
	if (rc < 0) {
		warnx("cannot read %s/meminfo: %s", oomkit_ctx_get_proc_root(t->ctx),
		      oomkit_strerror(rc));
		return -1;
	}
	rc = oomkit_proc_table_read(t->ctx, flags, &tab);
	if (rc < 0) {
		warnx("cannot read processes from %s: %s",
		      oomkit_ctx_get_proc_root(t->ctx), oomkit_strerror(rc));
		oomkit_sysmem_free(mem);
		return -1;
	}
	if (oomkit_proc_table_denied(tab) && !t->denied_warned) {
		warnx("%u processes could not be read (hidepid or permissions): run as root to see them",
		      oomkit_proc_table_denied(tab));
		t->denied_warned = 1;
	}
	if (!t->domains && (!t->domain || strcmp(t->domain, "global") == 0))
		dflags |= OOMKIT_DOMAINS_GLOBAL_ONLY;
	rc = oomkit_domains_build(t->ctx, tab, mem, dflags, &set);
	if (rc < 0) {
		warnx("cannot build OOM domains: %s", oomkit_strerror(rc));
		oomkit_proc_table_free(tab);
		oomkit_sysmem_free(mem);
		return -1;
	}
	dom = t->domains ? NULL : oomkit_domains_find(set, t->domain ? t->domain : "global");
	if (!t->domains && !dom) {
		warnx("no OOM domain '%s': not a memory cgroup with a limit (see --domains)",
		      cli_arg(t->domain));
		rc = -1;
	} else if (!t->json && !t->raw && !t->noheadings) {
		if (!first)
			putchar('\n');
		print_summary(mem);
	}
	if (t->domains) {
		print_domains(t, set);
	} else {
		if (dom) {
			print_procs(t, dom, tab, oomkit_domain_totalpages(oomkit_domains_get(set, 0)),
				    oomkit_ctx_kernel_version(t->ctx));
		}
	}
	/* a full disk or a gone reader ends the loop now, with the reason */
	if (cli_flush_stdout() < 0)
		rc = -1;
	oomkit_domains_free(set);
	oomkit_proc_table_free(tab);
	oomkit_sysmem_free(mem);
	return rc < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	enum { OPT_DOMAINS = CHAR_MAX + 1, OPT_DOMAIN, OPT_NOHEADINGS };
	static const struct option longopts[] = {
		{ "batch", no_argument, NULL, 'b' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "delay", required_argument, NULL, 'd' },
		{ "domains", no_argument, NULL, OPT_DOMAINS },
		{ "domain", required_argument, NULL, OPT_DOMAIN },
		{ "all", no_argument, NULL, 'a' },
		{ "limit", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ "list-columns", no_argument, NULL, 'H' },
		{ "json", no_argument, NULL, 'J' },
		{ "raw", no_argument, NULL, 'r' },
		{ "noheadings", no_argument, NULL, OPT_NOHEADINGS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct oomtop t = { .iterations = -1, .delay = 3.0 };
	const char *outarg = NULL;
	int c, batch = 0, list_columns = 0, rc = 0;
	long i;

	cli_init(argc, argv);
	while ((c = getopt_long(argc, argv, "bn:d:al:o:HJrhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': batch = 1; break;
		case 'n': t.iterations = (long)cli_strtoll(optarg, "iteration count", 1, LONG_MAX); break;
		case 'd': t.delay = cli_strtod_secs(optarg, "delay", 86400); break;
		case OPT_DOMAINS: t.domains = 1; break;
		case OPT_DOMAIN: t.domain = optarg; break;
		case 'a': t.all = 1; break;
		case 'l': t.limit = (long)cli_strtoll(optarg, "row limit", 1, LONG_MAX); break;
		case 'o': outarg = optarg; break;
		case 'H': list_columns = 1; break;
		case 'J': t.json = 1; break;
		case 'r': t.raw = 1; break;
		case OPT_NOHEADINGS: t.noheadings = 1; break;
		case 'h': usage();
		case 'V': cli_print_version();
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", cli_prog());
			return CLI_EXIT_USAGE;
		}
	}
	if (optind < argc)
		cli_usage_error("unexpected argument '%s'", cli_arg(argv[optind]));
	if (t.domains && t.domain)
		cli_usage_error("--domains and --domain are mutually exclusive");
	if (t.json && t.raw)
		cli_usage_error("--json and --raw are mutually exclusive");
	if (list_columns) {
		if (t.domains)
			cli_list_columns(dcols, NDCOLS);
		cli_list_columns(pcols, NPCOLS);
	}
	if (t.domains) {
		static const int def[] = { DCOL_DOMAIN, DCOL_LIMIT, DCOL_USAGE, DCOL_HEADROOM,
					   DCOL_KILLS, DCOL_MEMBERS, DCOL_VICTIM, DCOL_VCOMM,
					   DCOL_VBADNESS, DCOL_RUNNER, DCOL_RBADNESS };
		static const int defj[] = { DCOL_DOMAIN, DCOL_TYPE, DCOL_LIMIT, DCOL_USAGE,
					    DCOL_HEADROOM, DCOL_KILLS, DCOL_MEMBERS, DCOL_TOTALPAGES,
					    DCOL_VICTIM, DCOL_VCOMM, DCOL_VBADNESS, DCOL_RUNNER,
					    DCOL_RCOMM, DCOL_RBADNESS, DCOL_MARGIN };
		const int *d = t.json ? defj : def;
		size_t nd = t.json ? sizeof(defj) / sizeof(defj[0]) : sizeof(def) / sizeof(def[0]);

		memcpy(t.cols, d, nd * sizeof(int));
		t.ncols = nd;
		if (outarg)
			t.ncols = cli_parse_columns(outarg, dcols, NDCOLS, t.cols, t.ncols, MAXCOLS);
	} else {
		static const int def[] = { COL_PID, COL_USER, COL_ADJ, COL_SCORE, COL_BADNESS,
					   COL_SHARE, COL_RSS, COL_SWAP, COL_MEMCG, COL_COMMAND };
		size_t k;

		if (t.json) {	/* every column: a stable schema for scripts */
			for (k = 0; k < NPCOLS; k++)
				if (k != COL_CMDLINE)
					t.cols[t.ncols++] = (int)k;
		} else {
			memcpy(t.cols, def, sizeof(def));
			t.ncols = sizeof(def) / sizeof(def[0]);
		}
		if (outarg)
			t.ncols = cli_parse_columns(outarg, pcols, NPCOLS, t.cols, t.ncols, MAXCOLS);
		for (k = 0; k < t.ncols; k++)
			if (t.cols[k] == COL_CMDLINE)
				t.cmdline_needed = 1;
	}
	if (!batch) {
		/* FIXME: the interactive ncurses screen is a separate issue;
		 * until it lands, show one batch snapshot. */
		if (isatty(STDOUT_FILENO))
			warnx("the interactive screen is not available yet: showing one snapshot (use -b for batch mode)");
		if (t.iterations < 0)
			t.iterations = 1;
	}
	if (oomkit_ctx_new(&t.ctx) < 0)
		err(CLI_EXIT_FAILURE, "cannot allocate context");
	{
		const char *root = getenv("OOMKIT_PROC_ROOT");	/* tests */

		if (root && *root && oomkit_ctx_set_proc_root(t.ctx, root) < 0)
			errx(CLI_EXIT_FAILURE, "invalid OOMKIT_PROC_ROOT '%s'", cli_arg(root));
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	for (i = 0; !stop && (t.iterations < 0 || i < t.iterations); i++) {
		if (i > 0) {
			struct timespec ts;

			ts.tv_sec = (time_t)t.delay;
			ts.tv_nsec = (long)((t.delay - (double)ts.tv_sec) * 1e9);
			while (!stop && nanosleep(&ts, &ts) < 0 && errno == EINTR)
				;
			if (stop)
				break;
		}
		if (snapshot(&t, i == 0) < 0) {
			rc = CLI_EXIT_FAILURE;
			break;
		}
	}
	oomkit_ctx_free(t.ctx);
	return rc;
}
