/*
 * columns.c - oomlog's columns: the column table (names, widths, JSON
 * keys, the defaults) and the cell of each column for one event, made
 * with the output helpers (cmd/common/output.h).
 */
#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oomlog.h"

const struct cli_colinfo infos[NCOLS] = {
	[COL_TIME] = { "TIME", 19, 0, SCOLS_JSON_STRING,
		       "when the kernel reported it (local time; [seconds since "
		       "boot] if unknown)",
		       "time" },
	[COL_BOOT_S] = { "BOOT_S", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "seconds since boot",
			 "boot_s" },
	[COL_HOST] = { "HOST", 10, 0, SCOLS_JSON_STRING, "host name (syslog, journal)", "host" },
	[COL_PID] = { "PID", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "victim's process id", "pid" },
	[COL_COMM] = { "COMM", 16, 0, SCOLS_JSON_STRING, "victim's command name", "comm" },
	[COL_UID] = { "UID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "victim's user id", "uid" },
	[COL_OUTCOME] = { "OUTCOME", 8, 0, SCOLS_JSON_STRING,
			  "killed, no-killable, panic or incomplete", "outcome" },
	[COL_KILLER] = { "KILLER", 6, 0, SCOLS_JSON_STRING,
			 "kernel, earlyoom, systemd-oomd or oomd", "killer" },
	[COL_CONSTRAINT] = { "CONSTRAINT", 6, 0, SCOLS_JSON_STRING,
			     "global, memcg, cpuset or mempolicy (JSON: the kernel's "
			     "CONSTRAINT_*)",
			     "constraint" },
	[COL_MEMCG] = { "MEMCG", 0.2, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			"victim's memory cgroup (else the one whose limit was hit)", "memcg" },
	[COL_OOM_MEMCG] = { "OOM_MEMCG", 0.2, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			    "memory cgroup whose limit was hit", "oom_memcg" },
	[COL_TASK_MEMCG] = { "TASK_MEMCG", 0.2, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			     "victim's memory cgroup", "task_memcg" },
	[COL_RSS] = { "RSS", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		      "victim's resident memory: anon + file + shmem (JSON: KiB)", "rss_kb" },
	[COL_TOTAL_VM] = { "TOTAL_VM", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			   "victim's virtual size (JSON: KiB)", "total_vm_kb" },
	[COL_ANON_RSS] = { "ANON_RSS", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			   "anonymous resident memory (JSON: KiB)", "anon_rss_kb" },
	[COL_FILE_RSS] = { "FILE_RSS", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			   "file-backed resident memory (JSON: KiB)", "file_rss_kb" },
	[COL_SHMEM_RSS] = { "SHMEM_RSS", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			    "shared memory resident (JSON: KiB)", "shmem_rss_kb" },
	[COL_PGTABLES] = { "PGTABLES", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			   "page tables (JSON: KiB)", "pgtables_kb" },
	[COL_ADJ] = { "ADJ", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "victim's oom_score_adj",
		      "oom_score_adj" },
	[COL_TRIGGER] = { "TRIGGER", 16, 0, SCOLS_JSON_STRING,
			  "command that invoked the OOM killer (allocating task)", "trigger_comm" },
	[COL_TRIGGER_PID] = { "TRIGGER_PID", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			      "process id of the allocating task", "trigger_pid" },
	[COL_GFP] = { "GFP", 10, 0, SCOLS_JSON_STRING, "allocation's gfp_mask as printed",
		      "gfp_mask" },
	[COL_ORDER] = { "ORDER", 3, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			"allocation order (-1: sysrq-f)", "order" },
	[COL_REAPED] = { "REAPED", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			 "anon-rss left after the oom_reaper (JSON: KiB; -: no "
			 "reaper line)",
			 "reaped" },
	[COL_SOURCE] = { "SOURCE", 0.2, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			 "where the kill line was read (file:line, kmsg:seq, journal:cursor)",
			 "source" },
	[COL_NODEMASK] = { "NODEMASK", 6, 0, SCOLS_JSON_STRING, "allocation's nodemask",
			   "nodemask" },
	[COL_CPUSET] = { "CPUSET", 6, 0, SCOLS_JSON_STRING, "allocating task's cpuset", "cpuset" },
	[COL_SCORE] = { "SCORE", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			"badness score printed by old kernels (before 5.1)", "score" },
	[COL_UNIT] = { "UNIT", 0.15, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
		       "systemd unit that reported the kill", "unit" },
	[COL_REASON] = { "REASON", 0.2, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			 "userspace killer's reason", "reason" },
	[COL_MEMCG_LIMIT] = { "MEMCG_LIMIT", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			      "limit of the memory cgroup that ran out (JSON: KiB)",
			      "memcg_limit_kb" },
	[COL_MEMCG_USAGE] = { "MEMCG_USAGE", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			      "its usage at the OOM (JSON: KiB)", "memcg_usage_kb" },
	[COL_OOM_GROUP] = { "OOM_GROUP", 3, 0, SCOLS_JSON_BOOLEAN,
			    "killed with its whole memory.oom.group", "oom_group" },
	[COL_YEAR_GUESSED] = { "YEAR_GUESSED", 3, 0, SCOLS_JSON_BOOLEAN,
			       "the log did not write the year: inferred (TIME starts with ~)",
			       "year_guessed" },
	[COL_CONTEXT] = { "CONTEXT", 0.2, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			  "the memcg as pod/container/unit (see oomwhy(1))", "context" },
};

static const int default_cols[] = {
	COL_TIME,  COL_PID, COL_COMM, COL_UID,     COL_CONSTRAINT,
	COL_MEMCG, COL_RSS, COL_ADJ,  COL_TRIGGER, COL_KILLER,
};

static const int default_json_cols[] = {
	COL_TIME,       COL_BOOT_S,   COL_HOST,     COL_PID,          COL_COMM,
	COL_UID,        COL_OUTCOME,  COL_KILLER,   COL_CONSTRAINT,   COL_OOM_MEMCG,
	COL_TASK_MEMCG, COL_TOTAL_VM, COL_ANON_RSS, COL_FILE_RSS,     COL_SHMEM_RSS,
	COL_PGTABLES,   COL_ADJ,      COL_TRIGGER,  COL_TRIGGER_PID,  COL_GFP,
	COL_ORDER,      COL_REAPED,   COL_SOURCE,   COL_YEAR_GUESSED,
};

void set_default_columns(struct ctl *ctl)
{
	if (ctl->json) { /* -J -o +COL adds to the JSON keys */
		memcpy(ctl->cols, default_json_cols, sizeof(default_json_cols));
		ctl->ncols = ARRAY_LEN(default_json_cols);
	} else {
		memcpy(ctl->cols, default_cols, sizeof(default_cols));
		ctl->ncols = ARRAY_LEN(default_cols);
	}
}

char *time_str(struct ctl *ctl, long long rt_us, int iso)
{
	time_t t = (time_t)(rt_us / 1000000);
	long long us = rt_us % 1000000;
	struct tm tm;
	char buf[64], zone[8];
	size_t n;

	if (!localtime_r(&t, &tm))
		return NULL;
	if (!iso) {
		strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
		return cli_xstrdup(buf);
	}
	n = strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	if (us)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, ".%06lld", us);
	strftime(zone, sizeof(zone), "%z", &tm); /* +0100 -> +01:00 */
	if (strlen(zone) == 5)
		snprintf(buf + n, sizeof(buf) - n, "%.3s:%.2s", zone, zone + 3);
	(void)ctl;
	return cli_xstrdup(buf);
}

static char *num_cell(const struct oomkit_event *ev, enum oomkit_event_num item)
{
	long long v;

	if (ev_num(ev, item, &v) < 0)
		return NULL;
	return out_num(v);
}

static char *kb_cell(struct ctl *ctl, const struct oomkit_event *ev, enum oomkit_event_num item)
{
	long long v;

	if (ev_num(ev, item, &v) < 0)
		return NULL;
	return out_size(&ctl->o, v);
}

char *cell(struct ctl *ctl, const struct oomkit_event *ev, int col)
{
	long long v;
	const char *s;

	switch (col) {
	case COL_TIME:
		if (ev_num(ev, OOMKIT_EV_REALTIME_US, &v) == 0) {
			char *t = time_str(ctl, v, ctl->json), *m;
			long long g;

			/* a year the log did not write: "~2024-01-01 ..." */
			if (!t || ctl->json || ev_num(ev, OOMKIT_EV_YEAR_INFERRED, &g) < 0 || !g)
				return t;
			m = out_fmt("~%s", t);
			free(t);
			return m;
		}
		if (!ctl->json && ev_num(ev, OOMKIT_EV_BOOT_US, &v) == 0) {
			char buf[40];

			snprintf(buf, sizeof(buf), "[%lld.%06lld]", v / 1000000, v % 1000000);
			return cli_xstrdup(buf);
		}
		return NULL;
	case COL_BOOT_S:
		if (ev_num(ev, OOMKIT_EV_BOOT_US, &v) < 0)
			return NULL;
		{
			char buf[40];

			snprintf(buf, sizeof(buf), "%lld.%06lld", v / 1000000, v % 1000000);
			return cli_xstrdup(buf);
		}
	case COL_HOST:
		return out_text(oomkit_event_str(ev, OOMKIT_EV_HOST));
	case COL_PID:
		return num_cell(ev, OOMKIT_EV_PID);
	case COL_COMM:
		s = oomkit_event_str(ev, OOMKIT_EV_COMM);
		/*
		 * A row that killed nothing says so in the table, where the
		 * victim would be: "(no-killable)", "leaker (victim-exiting)".
		 */
		if (!ctl->json && ev_num(ev, OOMKIT_EV_OUTCOME, &v) == 0 &&
		    v != OOMKIT_OUTCOME_KILLED) {
			const char *o = oomkit_outcome_name((enum oomkit_event_outcome)v);
			char *e = out_text(s), *r;

			r = e ? out_fmt("%s (%s)", e, o) : out_fmt("(%s)", o);
			free(e);
			return r;
		}
		return out_text(s);
	case COL_UID:
		return num_cell(ev, OOMKIT_EV_UID);
	case COL_OUTCOME:
		if (ev_num(ev, OOMKIT_EV_OUTCOME, &v) < 0 ||
		    !(s = oomkit_outcome_name((enum oomkit_event_outcome)v)))
			return NULL;
		return cli_xstrdup(s);
	case COL_KILLER:
		if (ev_num(ev, OOMKIT_EV_KILLER, &v) < 0 ||
		    !(s = oomkit_killer_name((enum oomkit_event_killer)v)))
			return NULL;
		return cli_xstrdup(s);
	case COL_CONSTRAINT:
		if (ctl->json)
			return out_text(oomkit_event_str(ev, OOMKIT_EV_CONSTRAINT));
		{
			int k = oomkit_event_constraint(ev);

			return k == OOMKIT_CONSTRAINT_UNKNOWN ?
				       NULL :
				       cli_xstrdup(oomkit_constraint_name(k));
		}
	case COL_MEMCG:
		return out_text(oomkit_event_memcg(ev));
	case COL_OOM_MEMCG:
		return out_text(oomkit_event_str(ev, OOMKIT_EV_OOM_MEMCG));
	case COL_TASK_MEMCG:
		return out_text(oomkit_event_str(ev, OOMKIT_EV_TASK_MEMCG));
	case COL_RSS:
		return oomkit_event_rss_kb(ev, &v) < 0 ? NULL : out_size(&ctl->o, v);
	case COL_TOTAL_VM:
		return kb_cell(ctl, ev, OOMKIT_EV_TOTAL_VM_KB);
	case COL_ANON_RSS:
		return kb_cell(ctl, ev, OOMKIT_EV_ANON_RSS_KB);
	case COL_FILE_RSS:
		return kb_cell(ctl, ev, OOMKIT_EV_FILE_RSS_KB);
	case COL_SHMEM_RSS:
		return kb_cell(ctl, ev, OOMKIT_EV_SHMEM_RSS_KB);
	case COL_PGTABLES:
		return kb_cell(ctl, ev, OOMKIT_EV_PGTABLES_KB);
	case COL_ADJ:
		return num_cell(ev, OOMKIT_EV_OOM_SCORE_ADJ);
	case COL_TRIGGER:
		return out_text(oomkit_event_str(ev, OOMKIT_EV_TRIGGER_COMM));
	case COL_TRIGGER_PID:
		return num_cell(ev, OOMKIT_EV_TRIGGER_PID);
	case COL_GFP:
		if ((s = oomkit_event_str(ev, OOMKIT_EV_GFP_TEXT)))
			return out_text(s);
		if (ev_num(ev, OOMKIT_EV_GFP_MASK, &v) < 0)
			return NULL;
		return out_fmt("%#llx", v);
	case COL_ORDER:
		return num_cell(ev, OOMKIT_EV_ORDER);
	case COL_REAPED:
		return kb_cell(ctl, ev, OOMKIT_EV_REAPED_ANON_KB);
	case COL_SOURCE:
		return out_text(oomkit_event_str(ev, OOMKIT_EV_SOURCE));
	case COL_NODEMASK:
		return out_text(oomkit_event_str(ev, OOMKIT_EV_NODEMASK));
	case COL_CPUSET:
		return out_text(oomkit_event_str(ev, OOMKIT_EV_CPUSET));
	case COL_SCORE:
		return num_cell(ev, OOMKIT_EV_SCORE);
	case COL_UNIT:
		return out_text(oomkit_event_str(ev, OOMKIT_EV_UNIT));
	case COL_REASON:
		return out_text(oomkit_event_str(ev, OOMKIT_EV_REASON));
	case COL_MEMCG_LIMIT:
		return kb_cell(ctl, ev, OOMKIT_EV_MEMCG_LIMIT_KB);
	case COL_MEMCG_USAGE:
		return kb_cell(ctl, ev, OOMKIT_EV_MEMCG_USAGE_KB);
	case COL_OOM_GROUP:
		if (ev_num(ev, OOMKIT_EV_OOM_GROUP, &v) < 0)
			return NULL;
		return out_bool(&ctl->o, (int)v, "yes", "no");
	case COL_YEAR_GUESSED:
		if (ev_num(ev, OOMKIT_EV_YEAR_INFERRED, &v) < 0)
			return NULL;
		return out_bool(&ctl->o, (int)v, "yes", "no");
	case COL_CONTEXT: {
		struct oomkit_context *c;
		char *r;

		if (oomkit_context_parse(oomkit_event_memcg(ev), &c) < 0)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		r = *oomkit_context_summary(c) ? out_text(oomkit_context_summary(c)) : NULL;
		oomkit_context_free(c);
		return r;
	}
	}
	return NULL;
}
