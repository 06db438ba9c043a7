/*
 * columns.c - oomlog's columns: the column table (names, widths, JSON
 * keys, the defaults) and the cell of each column for one event.
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
		       "when the kernel reported it "
		       "(local time; [seconds since boot] if unknown)" },
	[COL_BOOT_S] = { "BOOT_S", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			 "seconds since boot" },
	[COL_HOST] = { "HOST", 10, 0, SCOLS_JSON_STRING, "host name (syslog, journal)" },
	[COL_PID] = { "PID", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "victim's process id" },
	[COL_COMM] = { "COMM", 16, 0, SCOLS_JSON_STRING, "victim's command name" },
	[COL_UID] = { "UID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "victim's user id" },
	[COL_OUTCOME] = { "OUTCOME", 8, 0, SCOLS_JSON_STRING,
			  "killed, no-killable, panic or incomplete" },
	[COL_KILLER] = { "KILLER", 6, 0, SCOLS_JSON_STRING,
			 "kernel, earlyoom, systemd-oomd or oomd" },
	[COL_CONSTRAINT] = { "CONSTRAINT", 6, 0, SCOLS_JSON_STRING,
			     "global, memcg, cpuset or mempolicy "
			     "(JSON: the kernel's CONSTRAINT_*)" },
	[COL_MEMCG] = { "MEMCG", 0.2, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			"victim's memory cgroup (else the one whose limit was hit)" },
	[COL_OOM_MEMCG] = { "OOM_MEMCG", 0.2, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			    "memory cgroup whose limit was hit" },
	[COL_TASK_MEMCG] = { "TASK_MEMCG", 0.2, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			     "victim's memory cgroup" },
	[COL_RSS] = { "RSS", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		      "victim's resident memory: anon + file + shmem (JSON: KiB)" },
	[COL_TOTAL_VM] = { "TOTAL_VM", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			   "victim's virtual size (JSON: KiB)" },
	[COL_ANON_RSS] = { "ANON_RSS", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			   "anonymous resident memory (JSON: KiB)" },
	[COL_FILE_RSS] = { "FILE_RSS", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			   "file-backed resident memory (JSON: KiB)" },
	[COL_SHMEM_RSS] = { "SHMEM_RSS", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			    "shared memory resident (JSON: KiB)" },
	[COL_PGTABLES] = { "PGTABLES", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			   "page tables (JSON: KiB)" },
	[COL_ADJ] = { "ADJ", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "victim's oom_score_adj" },
	[COL_TRIGGER] = { "TRIGGER", 16, 0, SCOLS_JSON_STRING,
			  "command that invoked the OOM killer (allocating task)" },
	[COL_TRIGGER_PID] = { "TRIGGER_PID", 7, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			      "process id of the allocating task" },
	[COL_GFP] = { "GFP", 10, 0, SCOLS_JSON_STRING, "allocation's gfp_mask as printed" },
	[COL_ORDER] = { "ORDER", 3, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			"allocation order (-1: sysrq-f)" },
	[COL_REAPED] = { "REAPED", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			 "anon-rss left after the oom_reaper (JSON: KiB; empty: no reaper line)" },
	[COL_SOURCE] = { "SOURCE", 0.2, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			 "where the kill line was read (file:line, kmsg:seq, journal:cursor)" },
	[COL_NODEMASK] = { "NODEMASK", 6, 0, SCOLS_JSON_STRING, "allocation's nodemask" },
	[COL_CPUSET] = { "CPUSET", 6, 0, SCOLS_JSON_STRING, "allocating task's cpuset" },
	[COL_SCORE] = { "SCORE", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			"badness score printed by old kernels (before 5.1)" },
	[COL_UNIT] = { "UNIT", 0.15, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
		       "systemd unit that reported the kill" },
	[COL_REASON] = { "REASON", 0.2, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			 "userspace killer's reason" },
	[COL_MEMCG_LIMIT] = { "MEMCG_LIMIT", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			      "limit of the memory cgroup that ran out (JSON: KiB)" },
	[COL_MEMCG_USAGE] = { "MEMCG_USAGE", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			      "its usage at the OOM (JSON: KiB)" },
	[COL_OOM_GROUP] = { "OOM_GROUP", 3, 0, SCOLS_JSON_BOOLEAN,
			    "killed with its whole memory.oom.group" },
	[COL_YEAR_GUESSED] = { "YEAR_GUESSED", 3, 0, SCOLS_JSON_BOOLEAN,
			       "the log did not write the year: inferred (TIME starts with ~)" },
	[COL_CONTEXT] = { "CONTEXT", 0.2, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			  "the memcg as pod/container/unit (see oomwhy(1))" },
};

/* JSON keys: stable interface, see oomlog(1). */
const char *const json_keys[NCOLS] = {
	[COL_TIME] = "time",
	[COL_BOOT_S] = "boot_s",
	[COL_HOST] = "host",
	[COL_PID] = "pid",
	[COL_COMM] = "comm",
	[COL_UID] = "uid",
	[COL_OUTCOME] = "outcome",
	[COL_KILLER] = "killer",
	[COL_CONSTRAINT] = "constraint",
	[COL_MEMCG] = "memcg",
	[COL_OOM_MEMCG] = "oom_memcg",
	[COL_TASK_MEMCG] = "task_memcg",
	[COL_RSS] = "rss_kb",
	[COL_TOTAL_VM] = "total_vm_kb",
	[COL_ANON_RSS] = "anon_rss_kb",
	[COL_FILE_RSS] = "file_rss_kb",
	[COL_SHMEM_RSS] = "shmem_rss_kb",
	[COL_PGTABLES] = "pgtables_kb",
	[COL_ADJ] = "oom_score_adj",
	[COL_TRIGGER] = "trigger_comm",
	[COL_TRIGGER_PID] = "trigger_pid",
	[COL_GFP] = "gfp_mask",
	[COL_ORDER] = "order",
	[COL_REAPED] = "reaped",
	[COL_SOURCE] = "source",
	[COL_NODEMASK] = "nodemask",
	[COL_CPUSET] = "cpuset",
	[COL_SCORE] = "score",
	[COL_UNIT] = "unit",
	[COL_REASON] = "reason",
	[COL_MEMCG_LIMIT] = "memcg_limit_kb",
	[COL_MEMCG_USAGE] = "memcg_usage_kb",
	[COL_OOM_GROUP] = "oom_group",
	[COL_YEAR_GUESSED] = "year_guessed",
	[COL_CONTEXT] = "context",
};

static const int default_cols[] = {
	COL_TIME, COL_PID, COL_COMM, COL_UID, COL_CONSTRAINT, COL_MEMCG,
	COL_RSS, COL_ADJ, COL_TRIGGER, COL_KILLER,
};

static const int default_json_cols[] = {
	COL_TIME, COL_BOOT_S, COL_HOST, COL_PID, COL_COMM, COL_UID,
	COL_OUTCOME, COL_KILLER, COL_CONSTRAINT, COL_OOM_MEMCG, COL_TASK_MEMCG,
	COL_TOTAL_VM, COL_ANON_RSS, COL_FILE_RSS, COL_SHMEM_RSS, COL_PGTABLES,
	COL_ADJ, COL_TRIGGER, COL_TRIGGER_PID, COL_GFP, COL_ORDER, COL_REAPED,
	COL_SOURCE, COL_YEAR_GUESSED,
};

void set_default_columns(struct ctl *ctl)
{
	if (ctl->json) {	/* -J -o +COL adds to the JSON keys */
		memcpy(ctl->cols, default_json_cols, sizeof(default_json_cols));
		ctl->ncols = ARRAY_LEN(default_json_cols);
	} else {
		memcpy(ctl->cols, default_cols, sizeof(default_cols));
		ctl->ncols = ARRAY_LEN(default_cols);
	}
}

/* Replace bytes that are not valid UTF-8 with U+FFFD (for JSON). */
static char *utf8_sanitize(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), o = 0;
	char *out = malloc(len * 3 + 1);

	if (!out)
		err(CLI_EXIT_USAGE, "cannot allocate memory");
	while (*p) {
		unsigned char c = *p;
		size_t n = 0, i;
		unsigned long cp = 0;

		if (c < 0x80)
			n = 1, cp = c;
		else if (c >= 0xc2 && c <= 0xdf)
			n = 2, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			n = 3, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 4, cp = c & 0x07;
		for (i = 1; i < n; i++) {
			if ((p[i] & 0xc0) != 0x80) {
				n = 0;
				break;
			}
			cp = cp << 6 | (p[i] & 0x3f);
		}
		if (n && ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
			  (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff))
			n = 0;
		if (n) {
			memcpy(out + o, p, n);
			o += n;
			p += n;
		} else {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			p++;
		}
	}
	out[o] = '\0';
	return out;
}

char *xasprintf_ll(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *s;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		err(CLI_EXIT_USAGE, "cannot allocate memory");
	return s;
}

/*
 * "64M", "1.5G": KiB in the util-linux size style (or bytes). A number
 * of bytes that does not fit in 64 bits (a forged kB value) is unknown:
 * NULL, an empty cell, as a missing value.
 */
static char *size_str(struct ctl *ctl, long long kb)
{
	static const char units[] = "KMGTPE";
	double v = (double)kb;
	int u = 0;
	char buf[32];
	long long bytes;

	if (ctl->json)
		return xasprintf_ll("%lld", kb);
	if (ctl->bytes) {
		if (__builtin_mul_overflow(kb, 1024LL, &bytes))
			return NULL;
		return xasprintf_ll("%lld", bytes);
	}
	if (kb < 0)
		return xasprintf_ll("%lldK", kb);
	while (v >= 1024 && units[u + 1]) {
		v /= 1024;
		u++;
	}
	if (u == 0 || v >= 10 || v == (double)(long long)v)
		snprintf(buf, sizeof(buf), "%.0f%c", v, units[u]);
	else
		snprintf(buf, sizeof(buf), "%.1f%c", v, units[u]);
	return cli_xstrdup(buf);
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
	strftime(zone, sizeof(zone), "%z", &tm);	/* +0100 -> +01:00 */
	if (strlen(zone) == 5)
		snprintf(buf + n, sizeof(buf) - n, "%.3s:%.2s", zone, zone + 3);
	(void)ctl;
	return cli_xstrdup(buf);
}

/*
 * Kernel strings are hostile. For JSON, bytes that are not UTF-8 become
 * U+FFFD and libsmartcols escapes the control characters. For tables,
 * libsmartcols itself writes every unprintable byte or invalid sequence
 * as \xHH (mbs_safe_encode, and \x20 for spaces in raw mode);
 * pre-escaping with cli_escape() would make it escape our backslashes a
 * second time ("\x5cx1b"), so the raw bytes are passed.
 */
char *str_cell(struct ctl *ctl, const char *s)
{
	if (!s)
		return NULL;
	return ctl->json ? utf8_sanitize(s) : cli_xstrdup(s);
}

static char *num_cell(const struct oomkit_event *ev, enum oomkit_event_num item)
{
	long long v;

	if (ev_num(ev, item, &v) < 0)
		return NULL;
	return xasprintf_ll("%lld", v);
}

static char *kb_cell(struct ctl *ctl, const struct oomkit_event *ev,
		     enum oomkit_event_num item)
{
	long long v;

	if (ev_num(ev, item, &v) < 0)
		return NULL;
	return size_str(ctl, v);
}

/*
 * A boolean cell. libsmartcols prints a JSON boolean as false only for an
 * empty string or one starting with '0', 'N' or 'n' ("false" reads true).
 */
static char *yes_no(struct ctl *ctl, long long v)
{
	if (ctl->json)
		return cli_xstrdup(v ? "1" : "0");
	return cli_xstrdup(v ? "yes" : "no");
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
			if (!t || ctl->json ||
			    ev_num(ev, OOMKIT_EV_YEAR_INFERRED, &g) < 0 || !g)
				return t;
			m = xasprintf_ll("~%s", t);
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
		return str_cell(ctl, oomkit_event_str(ev, OOMKIT_EV_HOST));
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

			return s ? xasprintf_ll("%s (%s)", s, o) : xasprintf_ll("(%s)", o);
		}
		return str_cell(ctl, s);
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
			return str_cell(ctl, oomkit_event_str(ev, OOMKIT_EV_CONSTRAINT));
		{
			int k = oomkit_event_constraint(ev);

			return k == OOMKIT_CONSTRAINT_UNKNOWN ?
				       NULL : cli_xstrdup(oomkit_constraint_name(k));
		}
	case COL_MEMCG:
		return str_cell(ctl, oomkit_event_memcg(ev));
	case COL_OOM_MEMCG:
		return str_cell(ctl, oomkit_event_str(ev, OOMKIT_EV_OOM_MEMCG));
	case COL_TASK_MEMCG:
		return str_cell(ctl, oomkit_event_str(ev, OOMKIT_EV_TASK_MEMCG));
	case COL_RSS:
		return oomkit_event_rss_kb(ev, &v) < 0 ? NULL : size_str(ctl, v);
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
		return str_cell(ctl, oomkit_event_str(ev, OOMKIT_EV_TRIGGER_COMM));
	case COL_TRIGGER_PID:
		return num_cell(ev, OOMKIT_EV_TRIGGER_PID);
	case COL_GFP:
		if ((s = oomkit_event_str(ev, OOMKIT_EV_GFP_TEXT)))
			return str_cell(ctl, s);
		if (ev_num(ev, OOMKIT_EV_GFP_MASK, &v) < 0)
			return NULL;
		return xasprintf_ll("%#llx", v);
	case COL_ORDER:
		return num_cell(ev, OOMKIT_EV_ORDER);
	case COL_REAPED:
		return kb_cell(ctl, ev, OOMKIT_EV_REAPED_ANON_KB);
	case COL_SOURCE:
		return str_cell(ctl, oomkit_event_str(ev, OOMKIT_EV_SOURCE));
	case COL_NODEMASK:
		return str_cell(ctl, oomkit_event_str(ev, OOMKIT_EV_NODEMASK));
	case COL_CPUSET:
		return str_cell(ctl, oomkit_event_str(ev, OOMKIT_EV_CPUSET));
	case COL_SCORE:
		return num_cell(ev, OOMKIT_EV_SCORE);
	case COL_UNIT:
		return str_cell(ctl, oomkit_event_str(ev, OOMKIT_EV_UNIT));
	case COL_REASON:
		return str_cell(ctl, oomkit_event_str(ev, OOMKIT_EV_REASON));
	case COL_MEMCG_LIMIT:
		return kb_cell(ctl, ev, OOMKIT_EV_MEMCG_LIMIT_KB);
	case COL_MEMCG_USAGE:
		return kb_cell(ctl, ev, OOMKIT_EV_MEMCG_USAGE_KB);
	case COL_OOM_GROUP:
		if (ev_num(ev, OOMKIT_EV_OOM_GROUP, &v) < 0)
			return NULL;
		return yes_no(ctl, v);
	case COL_YEAR_GUESSED:
		if (ev_num(ev, OOMKIT_EV_YEAR_INFERRED, &v) < 0)
			return NULL;
		return yes_no(ctl, v);
	case COL_CONTEXT: {
		struct oomkit_context *c;
		char *r;

		if (oomkit_context_parse(oomkit_event_memcg(ev), &c) < 0)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		r = *oomkit_context_summary(c) ? str_cell(ctl, oomkit_context_summary(c)) : NULL;
		oomkit_context_free(c);
		return r;
	}
	}
	return NULL;
}
