/*
 * oomlog - list the OOM kills the kernel (and userspace OOM killers)
 * reported: from /dev/kmsg, the systemd journal, or log files.
 *
 * Options -> sources (liboomkit source.h) -> report parser (report.h) ->
 * filters -> libsmartcols table / JSON. This file only wires them; it
 * never parses kernel text itself.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libsmartcols.h>

#include "oomkit/oomkit.h"
#include "oomkit/report.h"
#include "oomkit/source.h"
#include "cli.h"
#include "timespec.h"

/* ------------------------------------------------------------------ */
/* columns */

enum {
	COL_TIME,
	COL_BOOT_S,
	COL_HOST,
	COL_PID,
	COL_COMM,
	COL_UID,
	COL_OUTCOME,
	COL_KILLER,
	COL_CONSTRAINT,
	COL_MEMCG,
	COL_OOM_MEMCG,
	COL_TASK_MEMCG,
	COL_RSS,
	COL_TOTAL_VM,
	COL_ANON_RSS,
	COL_FILE_RSS,
	COL_SHMEM_RSS,
	COL_PGTABLES,
	COL_ADJ,
	COL_TRIGGER,
	COL_TRIGGER_PID,
	COL_GFP,
	COL_ORDER,
	COL_REAPED,
	COL_SOURCE,
	COL_NODEMASK,
	COL_CPUSET,
	COL_SCORE,
	COL_UNIT,
	COL_REASON,
	COL_MEMCG_LIMIT,
	COL_MEMCG_USAGE,
	COL_OOM_GROUP,
};

static const struct cli_colinfo infos[] = {
	[COL_TIME] = { "TIME", 19, 0, SCOLS_JSON_STRING,
		       "when the kernel reported it (local time; [seconds since boot] if unknown)" },
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
			     "global, memcg, cpuset or mempolicy (JSON: the kernel's CONSTRAINT_*)" },
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
};

/* JSON keys: stable interface, see oomlog(1). */
static const char *const json_keys[] = {
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
};

#define NINFOS (sizeof(infos) / sizeof(infos[0]))

static const int default_cols[] = {
	COL_TIME, COL_PID, COL_COMM, COL_UID, COL_CONSTRAINT, COL_MEMCG,
	COL_RSS, COL_ADJ, COL_TRIGGER, COL_KILLER,
};

static const int default_json_cols[] = {
	COL_TIME, COL_BOOT_S, COL_HOST, COL_PID, COL_COMM, COL_UID,
	COL_OUTCOME, COL_KILLER, COL_CONSTRAINT, COL_OOM_MEMCG, COL_TASK_MEMCG,
	COL_TOTAL_VM, COL_ANON_RSS, COL_FILE_RSS, COL_SHMEM_RSS, COL_PGTABLES,
	COL_ADJ, COL_TRIGGER, COL_TRIGGER_PID, COL_GFP, COL_ORDER, COL_REAPED,
	COL_SOURCE,
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Rows kept before they are printed (see struct ctl). A batch of one
 * stream: its rows get the table's column widths and are sorted when out
 * of order, so the output of up to BATCH_ROWS events is what sorting
 * everything gave. Several sources are sorted in batches of
 * BATCH_BYTES of rows (about 20,000 rows of the default columns).
 */
#define BATCH_ROWS 1000
#define BATCH_BYTES (16u << 20)
/* estimated bytes of a libsmartcols line and of each of its cells */
#define ROW_COST 256
#define CELL_COST 64

/* ------------------------------------------------------------------ */
/* state */


struct filters {
	long long since, until;		/* -1: none */
	int have_time;
	pid_t *pids;
	size_t npids;
	regex_t comm_re;
	int have_comm;
	const char *memcg;
	int constraint;			/* enum oomkit_constraint */
	long long no_time;		/* events dropped for lack of a time */
};

struct ctl {
	int cols[64];
	size_t ncols;
	int json, raw, noheadings, bytes, summary, follow, verbose;
	struct filters f;

	/*
	 * Events become table rows as soon as they leave the parser and are
	 * freed (an event carries its report's task table). The rows wait
	 * in tb only as a batch: at most BATCH_ROWS of them when the input
	 * is one stream in time order, at most BATCH_BYTES (estimated) when
	 * several sources are sorted together; then the batch is printed
	 * and dropped (see print_batch), so memory stays bounded whatever
	 * the input.
	 */
	struct libscols_table *tb;
	struct libscols_column *keycol;	/* hidden: time + arrival order */
	size_t printed;			/* events that passed the filters */
	int all_timed;			/* every row of the batch has a wall-clock time */
	int out_of_order;		/* ... and they are not in order */
	long long last_t;
	int merge;			/* several sources, sorted together */
	size_t batch_bytes;		/* estimated size of the rows in tb */
	size_t batches;			/* batches printed before the last */
	int json_rows_out;		/* a JSON row was printed already */
	int split_warned;
	int spaced;			/* the table's first line is the spacer */
	size_t widths[64];		/* widest column widths printed */
	int following;			/* follow mode, past the backlog */

	/* --summary: counted on the fly */
	struct sum_ent *sum;
	size_t nsum, capsum;

	/* follow mode: one table reused per event */
	struct libscols_table *ftb;
};

struct src_req {
	enum { REQ_KMSG, REQ_KMSG_FILE, REQ_JOURNAL, REQ_FILE } kind;
	const char *path;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* ------------------------------------------------------------------ */
/* event helpers */

static int ev_num(const struct oomkit_event *ev, enum oomkit_event_num item,
		  long long *v)
{
	return oomkit_event_num(ev, item, v);
}

static int want(struct ctl *ctl, const struct oomkit_event *ev)
{
	struct filters *f = &ctl->f;
	long long v;

	if (f->have_time) {
		if (ev_num(ev, OOMKIT_EV_REALTIME_US, &v) < 0) {
			f->no_time++;
			return 0;
		}
		if ((f->since >= 0 && v < f->since) || (f->until >= 0 && v > f->until))
			return 0;
	}
	if (f->npids) {
		size_t i;

		if (ev_num(ev, OOMKIT_EV_PID, &v) < 0)
			return 0;
		for (i = 0; i < f->npids; i++)
			if (f->pids[i] == v)
				break;
		if (i == f->npids)
			return 0;
	}
	if (f->have_comm) {
		const char *c = oomkit_event_str(ev, OOMKIT_EV_COMM);

		if (!c || regexec(&f->comm_re, c, 0, NULL, 0) != 0)
			return 0;
	}
	if (f->memcg &&
	    !oomkit_memcg_path_within(oomkit_event_str(ev, OOMKIT_EV_TASK_MEMCG), f->memcg) &&
	    !oomkit_memcg_path_within(oomkit_event_str(ev, OOMKIT_EV_OOM_MEMCG), f->memcg))
		return 0;
	if (f->constraint != OOMKIT_CONSTRAINT_UNKNOWN &&
	    oomkit_event_constraint(ev) != f->constraint)
		return 0;
	return 1;
}

/* ------------------------------------------------------------------ */
/* formatting */

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

__attribute__((format(printf, 1, 2)))
static char *xasprintf_ll(const char *fmt, ...)
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

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		err(CLI_EXIT_USAGE, "cannot allocate memory");
	return d;
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
	return xstrdup(buf);
}

static char *time_str(struct ctl *ctl, long long rt_us, int iso)
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
		return xstrdup(buf);
	}
	n = strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	if (us)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, ".%06lld", us);
	strftime(zone, sizeof(zone), "%z", &tm);	/* +0100 -> +01:00 */
	if (strlen(zone) == 5)
		snprintf(buf + n, sizeof(buf) - n, "%.3s:%.2s", zone, zone + 3);
	(void)ctl;
	return xstrdup(buf);
}

/*
 * Kernel strings are hostile. For JSON, bytes that are not UTF-8 become
 * U+FFFD and libsmartcols escapes the control characters. For tables,
 * libsmartcols itself writes every unprintable byte or invalid sequence
 * as \xHH (mbs_safe_encode, and \x20 for spaces in raw mode);
 * pre-escaping with cli_escape() would make it escape our backslashes a
 * second time ("\x5cx1b"), so the raw bytes are passed.
 */
static char *str_cell(struct ctl *ctl, const char *s)
{
	if (!s)
		return NULL;
	return ctl->json ? utf8_sanitize(s) : xstrdup(s);
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

static char *cell(struct ctl *ctl, const struct oomkit_event *ev, int col)
{
	long long v;
	const char *s;

	switch (col) {
	case COL_TIME:
		if (ev_num(ev, OOMKIT_EV_REALTIME_US, &v) == 0)
			return time_str(ctl, v, ctl->json);
		if (!ctl->json && ev_num(ev, OOMKIT_EV_BOOT_US, &v) == 0) {
			char buf[40];

			snprintf(buf, sizeof(buf), "[%lld.%06lld]", v / 1000000, v % 1000000);
			return xstrdup(buf);
		}
		return NULL;
	case COL_BOOT_S:
		if (ev_num(ev, OOMKIT_EV_BOOT_US, &v) < 0)
			return NULL;
		{
			char buf[40];

			snprintf(buf, sizeof(buf), "%lld.%06lld", v / 1000000, v % 1000000);
			return xstrdup(buf);
		}
	case COL_HOST:
		return str_cell(ctl, oomkit_event_str(ev, OOMKIT_EV_HOST));
	case COL_PID:
		return num_cell(ev, OOMKIT_EV_PID);
	case COL_COMM:
		return str_cell(ctl, oomkit_event_str(ev, OOMKIT_EV_COMM));
	case COL_UID:
		return num_cell(ev, OOMKIT_EV_UID);
	case COL_OUTCOME:
		if (ev_num(ev, OOMKIT_EV_OUTCOME, &v) < 0 ||
		    !(s = oomkit_outcome_name((enum oomkit_event_outcome)v)))
			return NULL;
		return xstrdup(s);
	case COL_KILLER:
		if (ev_num(ev, OOMKIT_EV_KILLER, &v) < 0 ||
		    !(s = oomkit_killer_name((enum oomkit_event_killer)v)))
			return NULL;
		return xstrdup(s);
	case COL_CONSTRAINT:
		if (ctl->json)
			return str_cell(ctl, oomkit_event_str(ev, OOMKIT_EV_CONSTRAINT));
		{
			int k = oomkit_event_constraint(ev);

			return k == OOMKIT_CONSTRAINT_UNKNOWN ? NULL
							      : xstrdup(oomkit_constraint_name(k));
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
		return xstrdup(v ? (ctl->json ? "true" : "yes") : (ctl->json ? "false" : "no"));
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* output */

static struct libscols_table *new_table(struct ctl *ctl, const char *name)
{
	struct libscols_table *tb = scols_new_table();

	if (!tb)
		err(CLI_EXIT_USAGE, "cannot allocate memory");
	scols_table_enable_json(tb, ctl->json);
	scols_table_enable_raw(tb, ctl->raw);
	scols_table_enable_noheadings(tb, ctl->noheadings);
	if (ctl->json)
		scols_table_set_name(tb, name);
	return tb;
}

static struct libscols_table *events_table(struct ctl *ctl, int with_key)
{
	struct libscols_table *tb = new_table(ctl, "events");
	size_t i;

	for (i = 0; i < ctl->ncols; i++) {
		const struct cli_colinfo *ci = &infos[ctl->cols[i]];
		struct libscols_column *cl;
		int flags = ci->flags;

		if (ctl->json)
			flags &= ~SCOLS_FL_TRUNC;
		cl = scols_table_new_column(tb, ctl->json ? json_keys[ctl->cols[i]] : ci->name,
					    ci->whint, flags);
		if (!cl)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		if (ctl->json)
			scols_column_set_json_type(cl, ci->json_type);
	}
	if (with_key) {
		/* not printed (not even in JSON); only for sorting */
		ctl->keycol = scols_table_new_column(tb, "SORTKEY", 1, SCOLS_FL_HIDDEN);
		if (!ctl->keycol)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		scols_column_set_cmpfunc(ctl->keycol, scols_cmpstr_cells, NULL);
	}
	return tb;
}

static struct libscols_line *add_row(struct ctl *ctl, struct libscols_table *tb,
				     const struct oomkit_event *ev, int with_key)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	size_t i;
	long long t;

	if (!ln)
		err(CLI_EXIT_USAGE, "cannot allocate memory");
	ctl->batch_bytes += ROW_COST + CELL_COST * (ctl->ncols + 1);
	for (i = 0; i < ctl->ncols; i++) {
		char *data = cell(ctl, ev, ctl->cols[i]);

		if (data && scols_line_refer_data(ln, i, data) != 0)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		if (data)
			ctl->batch_bytes += strlen(data) + 1;
	}
	if (!with_key)
		return ln;
	if (oomkit_event_num(ev, OOMKIT_EV_REALTIME_US, &t) < 0 || t < 0) {
		ctl->all_timed = 0;
		return ln;
	}
	if (t < ctl->last_t)
		ctl->out_of_order = 1;
	ctl->last_t = t;
	/* fixed width: string order = time order, then arrival order */
	if (scols_line_refer_data(ln, ctl->ncols,
				  xasprintf_ll("%020lld%012zu", t, ctl->printed)) != 0)
		err(CLI_EXIT_USAGE, "cannot allocate memory");
	return ln;
}

/*
 * After a table's first rows are out and dropped, later rows must keep
 * the columns' widths: each column's widest width so far is remembered,
 * and the emptied table gets a first line that is never printed (the
 * "spacer") with a cell of that width in every column. libsmartcols
 * counts it when it computes the widths, and printing from the line
 * after it leaves the header out. Rows line up as long as their values
 * fit, as in follow mode.
 */
static void keep_widths(struct ctl *ctl, struct libscols_table *tb)
{
	struct libscols_line *ln;
	size_t i;

	for (i = 0; i < ctl->ncols; i++) {
		struct libscols_column *cl = scols_table_get_column(tb, i);
		size_t w = cl ? scols_column_get_width(cl) : 0;

		if (w > ctl->widths[i])
			ctl->widths[i] = w;
		/* a column with values is at least as wide as its hint, an
		 * empty one only as its header: the width is the hint now */
		if (cl)
			scols_column_set_whint(cl, (double)ctl->widths[i]);
	}
	scols_table_remove_lines(tb);
	ln = scols_table_new_line(tb, NULL);
	if (!ln)
		err(CLI_EXIT_USAGE, "cannot allocate memory");
	for (i = 0; i < ctl->ncols; i++) {
		char *w;

		if (!ctl->widths[i])
			continue;	/* -n and never a value: stays empty */
		w = malloc(ctl->widths[i] + 1);
		if (!w)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		memset(w, 'x', ctl->widths[i]);
		w[ctl->widths[i]] = '\0';
		if (scols_line_refer_data(ln, i, w) != 0)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
	}
	/* the sort key sorts it first: every real key is 32 digits */
	if (tb == ctl->tb && scols_line_set_data(ln, ctl->ncols, "") != 0)
		err(CLI_EXIT_USAGE, "cannot allocate memory");
	ctl->spaced = 1;
}

/* Print the rows of a table (not JSON), without the spacer if any. */
static void print_rows(struct ctl *ctl, struct libscols_table *tb)
{
	if (!ctl->spaced) {
		scols_print_table(tb);
		return;
	}
	if (scols_table_get_nlines(tb) < 2)
		return;
	scols_table_print_range(tb, scols_table_get_line(tb, 1), NULL);
	fputc('\n', stdout);
}

/*
 * JSON of one batch: libsmartcols writes a whole document per table, so
 * the batches' rows are spliced into one document: the head and the
 * first batch's rows, then ',' and each further batch's rows, then the
 * tail. A single batch is printed as libsmartcols wrote it.
 */
static void print_json_batch(struct ctl *ctl, int last)
{
	static const char head[] = "{\n   \"events\": [\n";
	static const char tail[] = "\n   ]\n}\n";
	size_t hl = sizeof(head) - 1, tl = sizeof(tail) - 1, n;
	char *s = NULL;
	const char *body;

	if (scols_print_table_to_string(ctl->tb, &s) != 0 || !s)
		err(CLI_EXIT_USAGE, "cannot allocate memory");
	n = strlen(s);
	if (ctl->batches == 0 && last) {
		fputs(s, stdout);
		free(s);
		return;
	}
	if (n < hl + tl || strncmp(s, head, hl) != 0 || strcmp(s + n - tl, tail) != 0)
		errx(CLI_EXIT_USAGE, "unexpected JSON from libsmartcols");
	if (ctl->batches == 0)
		fputs(head, stdout);
	body = s + hl;
	n -= hl + tl;
	if (n > 0 && ctl->json_rows_out) {
		/* libsmartcols joins rows as "},{": no indent before '{' */
		while (n > 0 && *body == ' ') {
			body++;
			n--;
		}
		fputc(',', stdout);
	}
	if (n > 0) {
		fwrite(body, 1, n, stdout);
		ctl->json_rows_out = 1;
	}
	if (last)
		fputs(tail, stdout);
	free(s);
}

static int cmp_key(const void *a, const void *b, void *keycol)
{
	struct libscols_line *const *x = a, *const *y = b;
	const char *kx = scols_cell_get_data(scols_line_get_column_cell(*x, keycol));
	const char *ky = scols_cell_get_data(scols_line_get_column_cell(*y, keycol));

	return strcmp(kx ? kx : "", ky ? ky : "");
}

/*
 * Sort the batch's lines by their key (time, then arrival; the spacer's
 * empty key first): taken out and added back in order.
 */
static void sort_batch(struct ctl *ctl)
{
	size_t n = scols_table_get_nlines(ctl->tb), i;
	struct libscols_line **v = calloc(n ? n : 1, sizeof(*v)), *ln;
	struct libscols_iter *itr = scols_new_iter(SCOLS_ITER_FORWARD);

	if (!v || !itr)
		err(CLI_EXIT_USAGE, "cannot allocate memory");
	for (i = 0; i < n && scols_table_next_line(ctl->tb, itr, &ln) == 0; i++) {
		v[i] = ln;
		scols_ref_line(ln);
	}
	n = i;
	scols_free_iter(itr);
	scols_table_remove_lines(ctl->tb);
	qsort_r(v, n, sizeof(*v), cmp_key, ctl->keycol);
	for (i = 0; i < n; i++) {
		if (scols_table_add_line(ctl->tb, v[i]) != 0)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		scols_unref_line(v[i]);
	}
	free(v);
}

/*
 * Print the rows of the batch and drop them (@last: the input is done).
 * A batch is sorted by wall clock when every row has a time and they
 * came out of order (several files, rotated logs given newest first);
 * events with only a time since boot cannot be placed against others,
 * so then the input order stays. Rows in different batches are not
 * sorted against each other.
 */
static void print_batch(struct ctl *ctl, int last)
{
	if (!ctl->tb)
		ctl->tb = events_table(ctl, 1);
	if (ctl->all_timed && ctl->out_of_order)
		sort_batch(ctl);
	if (ctl->json)
		print_json_batch(ctl, last);
	else if (scols_table_get_nlines(ctl->tb) > 0)
		print_rows(ctl, ctl->tb);
	if (last) {
		scols_unref_table(ctl->tb);
		ctl->tb = NULL;
		return;
	}
	/* stop at the first failed write, not after the whole input */
	cli_flush_stdout_or_exit();
	if (ctl->merge && !ctl->split_warned) {
		warnx("more events from several sources than oomlog keeps (%u MiB): they are sorted by time in parts, not as a whole",
		      BATCH_BYTES >> 20);
		ctl->split_warned = 1;
	}
	if (!ctl->json)
		keep_widths(ctl, ctl->tb);
	else
		scols_table_remove_lines(ctl->tb);
	ctl->batches++;
	ctl->batch_bytes = 0;
	ctl->all_timed = 1;
	ctl->out_of_order = 0;
	ctl->last_t = 0;
}

static void print_events(struct ctl *ctl)
{
	print_batch(ctl, 1);
}

/*
 * follow mode, JSON: each new event is a JSON document of its own.
 * Tables: every row stays in one table and only the new row is printed
 * (scols_table_print_range), so the columns keep one width as long as
 * values fit; the header comes with the first row.
 */
static void follow_row(struct ctl *ctl, const struct oomkit_event *ev)
{
	struct libscols_line *ln;

	if (ctl->json) {
		if (!ctl->ftb)
			ctl->ftb = events_table(ctl, 0);
		add_row(ctl, ctl->ftb, ev, 0);
		scols_print_table(ctl->ftb);
		scols_table_remove_lines(ctl->ftb);
		cli_flush_stdout_or_exit();
		return;
	}
	if (!ctl->ftb)
		ctl->ftb = events_table(ctl, 0);
	ln = add_row(ctl, ctl->ftb, ev, 0);
	if (ctl->following) {
		scols_table_print_range(ctl->ftb, ln, ln);
		fputc('\n', stdout);
		cli_flush_stdout_or_exit();
	}
	/* rows printed or a full backlog batch: out, then dropped */
	if (scols_table_get_nlines(ctl->ftb) >= BATCH_ROWS) {
		if (!ctl->following) {
			print_rows(ctl, ctl->ftb);
			cli_flush_stdout_or_exit();
		}
		keep_widths(ctl, ctl->ftb);
	}
}

struct sum_ent {
	int kind;			/* 0 comm, 1 memcg */
	char *name;			/* NULL: unknown */
	long long kills;
	long long first, last;		/* realtime us, -1 */
};

static struct sum_ent *sum_find(struct ctl *ctl, int kind, const char *name)
{
	size_t i;

	for (i = 0; i < ctl->nsum; i++) {
		struct sum_ent *e = &ctl->sum[i];

		if (e->kind == kind && ((!name && !e->name) ||
					(name && e->name && strcmp(name, e->name) == 0)))
			return e;
	}
	if (ctl->nsum == ctl->capsum) {
		struct sum_ent *nv;

		ctl->capsum = ctl->capsum ? ctl->capsum * 2 : 32;
		nv = realloc(ctl->sum, ctl->capsum * sizeof(*nv));
		if (!nv)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		ctl->sum = nv;
	}
	ctl->sum[ctl->nsum] = (struct sum_ent){ kind, name ? xstrdup(name) : NULL, 0, -1, -1 };
	return &ctl->sum[ctl->nsum++];
}

static void sum_add(struct ctl *ctl, const struct oomkit_event *ev)
{
	long long o, rt = -1;
	int k;

	if (ev_num(ev, OOMKIT_EV_OUTCOME, &o) < 0 || o != OOMKIT_OUTCOME_KILLED)
		return;
	if (ev_num(ev, OOMKIT_EV_REALTIME_US, &rt) < 0)
		rt = -1;
	for (k = 0; k < 2; k++) {
		struct sum_ent *e = sum_find(ctl, k, k == 0 ? oomkit_event_str(ev, OOMKIT_EV_COMM)
							     : oomkit_event_memcg(ev));

		e->kills++;
		if (rt >= 0 && (e->first < 0 || rt < e->first))
			e->first = rt;
		if (rt >= 0 && rt > e->last)
			e->last = rt;
	}
}

static int cmp_sum(const void *a, const void *b)
{
	const struct sum_ent *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind - y->kind;
	if (x->kills != y->kills)
		return x->kills > y->kills ? -1 : 1;
	if (!x->name || !y->name)
		return !x->name - !y->name;
	return strcmp(x->name, y->name);
}

static void print_summary(struct ctl *ctl)
{
	struct libscols_table *tb;
	static const char *const hdr[] = { "KIND", "NAME", "KILLS", "FIRST", "LAST" };
	static const char *const keys[] = { "kind", "name", "kills", "first", "last" };
	static const int types[] = { SCOLS_JSON_STRING, SCOLS_JSON_STRING,
				     SCOLS_JSON_NUMBER, SCOLS_JSON_STRING,
				     SCOLS_JSON_STRING };
	static const double whint[] = { 5, 0.3, 5, 19, 19 };
	size_t i;

	if (ctl->nsum)
		qsort(ctl->sum, ctl->nsum, sizeof(*ctl->sum), cmp_sum);
	tb = new_table(ctl, "summary");
	for (i = 0; i < ARRAY_LEN(hdr); i++) {
		struct libscols_column *cl = scols_table_new_column(tb,
				ctl->json ? keys[i] : hdr[i], whint[i],
				i == 2 ? SCOLS_FL_RIGHT : 0);

		if (!cl)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		if (ctl->json)
			scols_column_set_json_type(cl, types[i]);
	}
	for (i = 0; i < ctl->nsum; i++) {
		const struct sum_ent *e = &ctl->sum[i];
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		scols_line_set_data(ln, 0, e->kind ? "memcg" : "comm");
		if (e->name)
			scols_line_refer_data(ln, 1, str_cell(ctl, e->name));
		scols_line_refer_data(ln, 2, xasprintf_ll("%lld", e->kills));
		if (e->first >= 0)
			scols_line_refer_data(ln, 3, time_str(ctl, e->first, ctl->json));
		if (e->last >= 0)
			scols_line_refer_data(ln, 4, time_str(ctl, e->last, ctl->json));
	}
	scols_print_table(tb);
	scols_unref_table(tb);
}

static void free_summary(struct ctl *ctl)
{
	size_t i;

	for (i = 0; i < ctl->nsum; i++)
		free(ctl->sum[i].name);
	free(ctl->sum);
}

/* ------------------------------------------------------------------ */
/* reading */

static void take_events(struct ctl *ctl, struct oomkit_report_parser *rp)
{
	struct oomkit_event *ev;

	while (oomkit_report_next(rp, &ev) == 0) {
		if (want(ctl, ev)) {
			ctl->printed++;
			if (ctl->summary) {
				sum_add(ctl, ev);
			} else if (ctl->follow && (ctl->following || !ctl->json)) {
				follow_row(ctl, ev);
			} else {
				if (!ctl->tb)
					ctl->tb = events_table(ctl, 1);
				add_row(ctl, ctl->tb, ev, 1);
				if (ctl->merge ? ctl->batch_bytes >= BATCH_BYTES
					       : (scols_table_get_nlines(ctl->tb) >= BATCH_ROWS ||
						  ctl->batch_bytes >= BATCH_BYTES))
					print_batch(ctl, 0);
			}
		}
		oomkit_event_free(ev);
	}
}

static const char *src_label(struct oomkit_source *src)
{
	const char *n = oomkit_source_name(src);

	/* a file name the user gave: escaped like any argument */
	return n ? cli_arg(n) : "?";
}

static void read_error(struct oomkit_source *src, int r)
{
	const char *name = src_label(src);

	if (r == -EBADMSG)
		warnx("'%s': corrupt or truncated compressed data", name);
	else if (r == -OOMKIT_EMEMLIMIT)
		warnx("'%s': needs more than %u MiB of memory to decompress", name,
		      OOMKIT_SOURCE_DECODER_MEM_MAX >> 20);
	else if (r == -EPROTONOSUPPORT)
		warnx("'%s': compression format not supported by this build", name);
	else
		warnx("cannot read '%s': %s", name, oomkit_strerror(r));
}

/*
 * Open a kmsg capture or a text log. The library gives EINTR back (only -f
 * installs handlers, without SA_RESTART): go on unless told to stop.
 */
static int open_source(int kmsg, struct oomkit_source **src, const char *path)
{
	int r;

	do
		r = kmsg ? oomkit_source_open_kmsg(src, path) :
			   oomkit_source_open_file(src, path);
	while (r == -EINTR && !stop);
	return r;
}

/*
 * Read a source to its current end. Returns the number of lines/records
 * consumed (0: nothing new), or -1 on error (reported).
 */
static int drain(struct ctl *ctl, struct oomkit_source *src,
		 struct oomkit_report_parser *rp)
{
	long long lost = oomkit_source_stat(src, OOMKIT_SOURCE_LOST);
	int r, total = 0;

	for (;;) {
		r = oomkit_source_read(src, rp);
		if (r == -EINTR) {
			/* -f's handler interrupted a read: nothing was lost */
			if (stop) {
				r = 0;
				break;
			}
			continue;
		}
		if (r <= 0)
			break;
		take_events(ctl, rp);
		total = total > INT_MAX - r ? INT_MAX : total + r;
		if (stop)
			break;
	}
	take_events(ctl, rp);
	lost = oomkit_source_stat(src, OOMKIT_SOURCE_LOST) - lost;
	if (lost > 0)
		/* a kill may have been among them */
		warnx("%s: %lld message%s overwritten before they could be read",
		      src_label(src), lost, lost == 1 ? " was" : "s were");
	if (r < 0) {
		read_error(src, r);
		return -1;
	}
	return total;
}

static void verbose_stats(struct ctl *ctl, struct oomkit_source *src)
{
	if (!ctl->verbose)
		return;
	fprintf(stderr, "%s: read %s: %lld lines/records", cli_prog(),
		src_label(src), oomkit_source_stat(src, OOMKIT_SOURCE_LINES));
	if (oomkit_source_stat(src, OOMKIT_SOURCE_LOST))
		fprintf(stderr, ", %lld overwritten before they were read",
			oomkit_source_stat(src, OOMKIT_SOURCE_LOST));
	if (oomkit_source_stat(src, OOMKIT_SOURCE_CUT))
		fprintf(stderr, ", %lld long lines cut",
			oomkit_source_stat(src, OOMKIT_SOURCE_CUT));
	if (oomkit_source_stat(src, OOMKIT_SOURCE_SKIPPED))
		fprintf(stderr, ", %lld skipped",
			oomkit_source_stat(src, OOMKIT_SOURCE_SKIPPED));
	fputc('\n', stderr);
}

static void kmsg_error(const char *path, int r)
{
	if (r == -EPERM || r == -EACCES)
		warnx("cannot read %s: %s (run as root or with CAP_SYSLOG, or set kernel.dmesg_restrict=0)",
		      path, strerror(-r));
	else
		warnx("cannot read %s: %s", cli_arg(path), oomkit_strerror(r));
}

static void journal_error(const char *path, int r)
{
	if (r == -EOPNOTSUPP)
		warnx("cannot read the journal: oomlog was built without libsystemd");
	else if (!path && (r == -EACCES || r == -EPERM))
		warnx("cannot open the journal: %s (run as root, or join the systemd-journal or adm group)",
		      strerror(-r));
	else
		warnx("cannot open the journal%s%s%s: %s", path ? " '" : "",
		      path ? cli_arg(path) : "", path ? "'" : "", oomkit_strerror(r));
}

static int open_journal(struct ctl *ctl, const char *path, const char *boot,
			struct oomkit_source **src)
{
	int r = oomkit_source_open_journal(src, path);

	if (r < 0) {
		journal_error(path, r);
		return -1;
	}
	if (boot) {
		r = oomkit_source_journal_set_boot(*src, boot);
		if (r == -ESRCH || r == -EINVAL) {
			warnx("no boot '%s' in the journal", cli_arg(boot));
			oomkit_source_free(*src);
			*src = NULL;
			return -1;
		}
		if (r < 0) {
			warnx("cannot select boot '%s': %s", cli_arg(boot), oomkit_strerror(r));
			oomkit_source_free(*src);
			*src = NULL;
			return -1;
		}
	}
	if (ctl->f.since >= 0)
		oomkit_source_set_since(*src, ctl->f.since);
	return 0;
}

/* follow: poll the followable sources until SIGINT/SIGTERM */
static int follow(struct ctl *ctl, struct oomkit_source **srcs, size_t nsrcs,
		  struct oomkit_report_parser *rp)
{
	struct pollfd *pfd = calloc(nsrcs, sizeof(*pfd));
	struct oomkit_source **fsrc = calloc(nsrcs, sizeof(*fsrc));
	size_t n = 0, i;
	sigset_t mask, old;
	int fed_since_settle = 0, have_journal = 0, rc = 0;

	if (!pfd || !fsrc)
		err(CLI_EXIT_USAGE, "cannot allocate memory");
	for (i = 0; i < nsrcs; i++) {
		short events = 0;
		int fd = oomkit_source_get_fd(srcs[i], &events);

		if (fd < 0)
			continue;
		pfd[n].fd = fd;
		pfd[n].events = events;
		fsrc[n++] = srcs[i];
		if (oomkit_source_kind(srcs[i]) == OOMKIT_SOURCE_JOURNAL)
			have_journal = 1;
	}
	if (n == 0) {
		warnx("nothing to follow");
		free(pfd);
		free(fsrc);
		return -1;
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, &old);
	while (!stop) {
		/*
		 * The parser holds a finished event back for a few lines in
		 * case an oom_reaper line (up to 2 s later) or a unit message
		 * belongs to it; after 3 s of quiet it can go out. A journal
		 * is also looked at every few seconds even without a wake-up
		 * (sd-journal falls back to polling where inotify cannot
		 * watch, and files get rotated).
		 */
		struct timespec ts = { 3, 0 };
		int r = ppoll(pfd, n, fed_since_settle || have_journal ? &ts : NULL, &old);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			warn("poll");
			rc = -1;
			break;
		}
		for (i = 0; i < n; i++) {
			int got;

			if (!pfd[i].revents &&
			    !(r == 0 && oomkit_source_kind(fsrc[i]) == OOMKIT_SOURCE_JOURNAL))
				continue;
			/* /dev/kmsg wakes with POLLERR|POLLPRI when records
			 * were overwritten: the read counts them and goes on */
			oomkit_source_process(fsrc[i]);
			got = drain(ctl, fsrc[i], rp);
			if (got < 0) {
				rc = -1;
				goto out;
			}
			if (got > 0)
				fed_since_settle = 1;
		}
		if (r == 0 && fed_since_settle) {
			/* release finished events held back for late lines;
			 * reports still open stay open */
			oomkit_report_settle(rp);
			take_events(ctl, rp);
			fed_since_settle = 0;
		}
	}
out:
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(pfd);
	free(fsrc);
	return rc;
}

/* ------------------------------------------------------------------ */

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;

	fputs("\nUsage:\n", out);
	fprintf(out, " %s [options] [<file>...]\n", cli_prog());
	fputs("\nList the processes the OOM killer killed, from the kernel log, the\n"
	      "systemd journal or log files (dmesg, kern.log, journalctl output;\n"
	      "gzip, xz and zstd are read transparently; '-' is standard input).\n", out);
	fputs("\nSources (default: the journal, then /dev/kmsg; each kill once):\n", out);
	fputs(" -k, --kmsg                read /dev/kmsg (the running kernel)\n", out);
	fputs(" -K, --kmsg-file <file>    read a saved copy of /dev/kmsg\n", out);
	fputs(" -j, --journal             read the systemd journal\n", out);
	fputs(" -b, --boot[=<id|offset>]  only this boot of the journal (0 current, -1 ...)\n", out);
	fputs("     --journal-file <path> read a journal file or directory\n", out);
	fputs(" -f, --follow              wait for and print new kills until interrupted\n", out);
	fputs("\nFilters:\n", out);
	fputs(" -S, --since <time>        kills at or after this time\n", out);
	fputs(" -U, --until <time>        kills at or before this time\n", out);
	fputs(" -p, --pid <pid>[,...]     kills of these processes\n", out);
	fputs(" -c, --comm <regex>        kills of commands matching this extended regex\n", out);
	fputs("     --memcg <path>        kills in this memory cgroup or below it\n", out);
	fputs("     --constraint <kind>   global, memcg, cpuset or mempolicy\n", out);
	fputs("\nOutput:\n", out);
	fputs(" -o, --output <list>       columns to show (+list adds to the default)\n", out);
	fputs(" -H, --list-columns        list the available columns\n", out);
	fputs(" -J, --json                JSON output\n", out);
	fputs(" -r, --raw                 raw output\n", out);
	fputs(" -n, --noheadings          no header line\n", out);
	fputs("     --bytes               sizes in bytes instead of 64M style\n", out);
	fputs("     --summary             count kills per command and per memory cgroup\n", out);
	fputs(" -v, --verbose             say on stderr which sources were read\n", out);
	fputs("\n -h, --help                display this help\n", out);
	fputs(" -V, --version             display version\n", out);
	fputs("\nTimes: \"2026-11-21 14:00\", \"today\", \"yesterday\", \"-1h\", \"2 hours ago\",\n"
	      "\"@1763733600\" (as journalctl --since).\n", out);
	fprintf(out, "\nFor more details see %s(1).\n", cli_prog());
	exit(CLI_EXIT_OK);
}

enum {
	OPT_JOURNAL_FILE = CHAR_MAX + 1,
	OPT_MEMCG,
	OPT_CONSTRAINT,
	OPT_BYTES,
	OPT_SUMMARY,
};

static void add_pids(struct filters *f, const char *arg)
{
	char *copy = xstrdup(arg), *tok = copy, *comma;

	do {
		pid_t *nv = realloc(f->pids, (f->npids + 1) * sizeof(*nv));

		comma = strchr(tok, ',');
		if (comma)
			*comma = '\0';
		if (!nv)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		f->pids = nv;
		f->pids[f->npids++] = (pid_t)cli_strtoll(tok, "pid", 1, INT_MAX);
		tok = comma + 1;
	} while (comma);
	free(copy);
}

/*
 * Syslog clocks ("Nov 21 21:15:46") have no year. Take the year the file
 * was last written (a rotated kern.log.3.gz from last year gets last
 * year), or this year for stdin and the live sources. A file spanning
 * New Year gets its December lines dated a year late: see NOTES in
 * oomlog(1).
 */
static int log_year(struct oomkit_source *src)
{
	const char *name = oomkit_source_name(src);
	struct stat st;
	struct tm tm;
	time_t t = time(NULL);

	if (oomkit_source_kind(src) != OOMKIT_SOURCE_JOURNAL && name &&
	    strcmp(name, "-") != 0 && strcmp(name, "/dev/kmsg") != 0 &&
	    stat(name, &st) == 0)
		t = st.st_mtime;
	if (!localtime_r(&t, &tm))
		return 0;
	return tm.tm_year + 1900;
}

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "kmsg", no_argument, NULL, 'k' },
		{ "kmsg-file", required_argument, NULL, 'K' },
		{ "journal", no_argument, NULL, 'j' },
		{ "boot", optional_argument, NULL, 'b' },
		{ "journal-file", required_argument, NULL, OPT_JOURNAL_FILE },
		{ "follow", no_argument, NULL, 'f' },
		{ "since", required_argument, NULL, 'S' },
		{ "until", required_argument, NULL, 'U' },
		{ "pid", required_argument, NULL, 'p' },
		{ "comm", required_argument, NULL, 'c' },
		{ "memcg", required_argument, NULL, OPT_MEMCG },
		{ "constraint", required_argument, NULL, OPT_CONSTRAINT },
		{ "output", required_argument, NULL, 'o' },
		{ "list-columns", no_argument, NULL, 'H' },
		{ "json", no_argument, NULL, 'J' },
		{ "raw", no_argument, NULL, 'r' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "bytes", no_argument, NULL, OPT_BYTES },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl ctl = { 0 };
	struct src_req reqs[64];
	size_t nreqs = 0, i, nsrcs = 0;
	/* every request, plus the system journal and /dev/kmsg */
	struct oomkit_source *srcs[ARRAY_LEN(reqs) + 2];
	struct oomkit_report_parser *rp;
	const char *outarg = NULL, *boot = NULL, *comm = NULL;
	int c, want_kmsg = 0, want_journal = 0, errors = 0, r, dflt = 0;
	struct sigaction sa;

	cli_init(argc, argv);
	/* 1 means "no event found": a failed write must not look like it */
	cli_set_write_error_status(CLI_EXIT_USAGE);
	ctl.f.since = ctl.f.until = -1;
	ctl.all_timed = 1;

	while ((c = getopt_long(argc, argv, "kK:jb::fS:U:p:c:o:HJrnvhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			want_kmsg = 1;
			break;
		case 'K':
			if (nreqs == ARRAY_LEN(reqs))
				cli_usage_error("too many sources");
			reqs[nreqs++] = (struct src_req){ REQ_KMSG_FILE, optarg };
			break;
		case 'j':
			want_journal = 1;
			break;
		case 'b':
			/* -b -1 / --boot -1: take a following offset or id */
			if (!optarg && optind < argc && argv[optind][0] &&
			    (strcmp(argv[optind], "all") == 0 ||
			     ((argv[optind][0] != '-' ||
			       (argv[optind][1] >= '0' && argv[optind][1] <= '9')) &&
			      strspn(argv[optind], "+-0123456789abcdefABCDEF") ==
				      strlen(argv[optind]))))
				optarg = argv[optind++];
			boot = optarg ? optarg : "0";
			break;
		case OPT_JOURNAL_FILE:
			if (nreqs == ARRAY_LEN(reqs))
				cli_usage_error("too many sources");
			reqs[nreqs++] = (struct src_req){ REQ_JOURNAL, optarg };
			break;
		case 'f':
			ctl.follow = 1;
			break;
		case 'S':
		case 'U': {
			long long t;

			if (parse_timestamp(optarg, now_us(), &t) < 0)
				cli_usage_error("invalid time '%s'", cli_arg(optarg));
			if (c == 'S')
				ctl.f.since = t;
			else
				ctl.f.until = t;
			ctl.f.have_time = 1;
			break;
		}
		case 'p':
			add_pids(&ctl.f, optarg);
			break;
		case 'c':
			comm = optarg;
			break;
		case OPT_MEMCG:
			if (optarg[0] != '/')
				cli_usage_error("invalid memory cgroup '%s': must start with '/'",
						cli_arg(optarg));
			ctl.f.memcg = optarg;
			break;
		case OPT_CONSTRAINT:
			ctl.f.constraint = oomkit_constraint_from_name(optarg);
			if (ctl.f.constraint < 0)
				cli_usage_error("invalid constraint '%s': must be global, memcg, cpuset or mempolicy",
						cli_arg(optarg));
			break;
		case 'o':
			outarg = optarg;
			break;
		case 'H':
			cli_list_columns(infos, NINFOS);
		case 'J':
			ctl.json = 1;
			break;
		case 'r':
			ctl.raw = 1;
			break;
		case 'n':
			ctl.noheadings = 1;
			break;
		case OPT_BYTES:
			ctl.bytes = 1;
			break;
		case OPT_SUMMARY:
			ctl.summary = 1;
			break;
		case 'v':
			ctl.verbose = 1;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", cli_prog());
			exit(CLI_EXIT_USAGE);
		}
	}
	for (; optind < argc; optind++) {
		if (nreqs == ARRAY_LEN(reqs))
			cli_usage_error("too many sources");
		reqs[nreqs++] = (struct src_req){ REQ_FILE, argv[optind] };
	}

	if (boot) {
		/* -b selects boots of the journal files given, else of the
		 * system journal */
		for (i = 0; i < nreqs; i++)
			if (reqs[i].kind == REQ_JOURNAL)
				break;
		if (i == nreqs)
			want_journal = 1;
	}

	/* mutually exclusive options, in one place */
	if (ctl.json && ctl.raw)
		cli_usage_error("--json and --raw are mutually exclusive");
	if (ctl.summary && ctl.follow)
		cli_usage_error("--summary and --follow are mutually exclusive");
	if (ctl.summary && outarg)
		cli_usage_error("--summary and --output are mutually exclusive");
	if (ctl.follow) {
		for (i = 0; i < nreqs; i++)
			if (reqs[i].kind == REQ_FILE || reqs[i].kind == REQ_KMSG_FILE)
				cli_usage_error("--follow works with /dev/kmsg and the journal, not with files");
	}
	if (ctl.f.since >= 0 && ctl.f.until >= 0 && ctl.f.since > ctl.f.until)
		cli_usage_error("--since is later than --until");
	if (comm) {
		r = regcomp(&ctl.f.comm_re, comm, REG_EXTENDED | REG_NOSUB);
		if (r != 0) {
			char msg[128];

			regerror(r, &ctl.f.comm_re, msg, sizeof(msg));
			cli_usage_error("invalid regular expression '%s': %s", cli_arg(comm), msg);
		}
		ctl.f.have_comm = 1;
	}

	if (ctl.json) {	/* -J -o +COL adds to the JSON keys */
		memcpy(ctl.cols, default_json_cols, sizeof(default_json_cols));
		ctl.ncols = ARRAY_LEN(default_json_cols);
	} else {
		memcpy(ctl.cols, default_cols, sizeof(default_cols));
		ctl.ncols = ARRAY_LEN(default_cols);
	}
	if (outarg)
		ctl.ncols = cli_parse_columns(outarg, infos, NINFOS, ctl.cols,
					      ctl.ncols, ARRAY_LEN(ctl.cols));

	r = oomkit_report_parser_new(&rp);
	if (r < 0)
		errx(CLI_EXIT_USAGE, "cannot create the report parser: %s", oomkit_strerror(r));

	/*
	 * SIGINT and SIGTERM end a run at once, as they end cat or grep
	 * (default action). Only -f, which they end normally (exit 0),
	 * catches them: without SA_RESTART, a wait in the library comes
	 * back with EINTR and `stop` is checked.
	 */
	if (ctl.follow) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		setvbuf(stdout, NULL, _IOLBF, 0);
	}

	dflt = nreqs == 0 && !want_kmsg && !want_journal;
	if (dflt) {
		/*
		 * The running system: the journal's history up to where
		 * /dev/kmsg begins, then /dev/kmsg. Quiet about what is not
		 * there unless -v, unless nothing at all can be read.
		 */
		struct oomkit_system_sources sys;
		int none = oomkit_sources_open_system(&sys, ctl.f.since) < 0;

		if (sys.journal_err == -ENOENT && ctl.verbose)
			warnx("journal: no journal files in /var/log/journal or /run/log/journal");
		else if (sys.journal_err < 0 && (ctl.verbose || none))
			journal_error(NULL, sys.journal_err);
		if (sys.kmsg_err < 0 && (ctl.verbose || none))
			kmsg_error("/dev/kmsg", sys.kmsg_err);
		if (none)
			errors++;	/* nothing at all can be read */
		if (sys.journal)
			srcs[nsrcs++] = sys.journal;
		if (sys.kmsg)
			srcs[nsrcs++] = sys.kmsg;
	} else {
		if (want_journal) {
			struct oomkit_source *j;

			if (open_journal(&ctl, NULL, boot, &j) < 0)
				errors++;
			else
				srcs[nsrcs++] = j;
		}
		for (i = 0; i < nreqs; i++) {
			struct oomkit_source *s = NULL;

			switch (reqs[i].kind) {
			case REQ_JOURNAL:
				if (open_journal(&ctl, reqs[i].path, boot, &s) < 0)
					errors++;
				break;
			case REQ_KMSG_FILE:
				r = open_source(1, &s, reqs[i].path);
				if (r < 0) {
					warnx("cannot open '%s': %s", cli_arg(reqs[i].path),
					      oomkit_strerror(r));
					errors++;
				}
				break;
			case REQ_FILE:
				r = open_source(0, &s, reqs[i].path);
				if (r < 0) {
					warnx("cannot open '%s': %s", cli_arg(reqs[i].path),
					      oomkit_strerror(r));
					errors++;
				}
				break;
			default:
				break;
			}
			if (s)
				srcs[nsrcs++] = s;
		}
		if (want_kmsg) {
			struct oomkit_source *k;

			r = open_source(1, &k, NULL);
			if (r < 0) {
				kmsg_error("/dev/kmsg", r);
				errors++;
			} else {
				srcs[nsrcs++] = k;
			}
		}
	}

	/* explicit sources too: a journal copy and /dev/kmsg overlap */
	oomkit_sources_remove_overlap(srcs, nsrcs);

	/* test seam: pin the kmsg wall clock (microseconds since the epoch) */
	{
		const char *bt = getenv("OOMLOG_TEST_BOOT_TIME");
		long long v;
		char *end;

		if (bt && *bt) {
			errno = 0;
			v = strtoll(bt, &end, 10);
			if (!errno && !*end)
				for (i = 0; i < nsrcs; i++)
					oomkit_source_set_boot_time(srcs[i], v);
		}
	}

	/*
	 * One source, or the journal's history followed by /dev/kmsg, is in
	 * time order: its rows go out in small batches. Files and journal
	 * copies given together may come in any order (kern.log* globs give
	 * the newest first): their rows are sorted in batches as large as
	 * BATCH_BYTES allows.
	 */
	ctl.merge = nsrcs > 1 && nreqs > 0 && !ctl.follow;

	for (i = 0; i < nsrcs && !stop; i++) {
		oomkit_report_set_year(rp, log_year(srcs[i]));
		if (drain(&ctl, srcs[i], rp) < 0)
			errors++;
		else if (oomkit_source_kind(srcs[i]) == OOMKIT_SOURCE_KMSG &&
			 oomkit_source_stat(srcs[i], OOMKIT_SOURCE_LINES) == 0 &&
			 oomkit_source_stat(srcs[i], OOMKIT_SOURCE_SKIPPED) > 0 &&
			 strcmp(src_label(srcs[i]), "/dev/kmsg") != 0)
			/* -K on dmesg text, say: probably the wrong option */
			warnx("'%s': no kernel records in /dev/kmsg format", src_label(srcs[i]));
		verbose_stats(&ctl, srcs[i]);
	}
	if (!ctl.follow || nsrcs == 0) {
		oomkit_report_flush(rp);
	} else {
		/* the backlog's finished events now; a report still being
		 * written stays open for what follows */
		oomkit_report_settle(rp);
	}
	take_events(&ctl, rp);

	if (nsrcs == 0 && errors) {
		/* nothing could be read: no empty table or JSON either */
	} else if (ctl.follow && nsrcs > 0) {
		/* what is already there first, then what comes */
		if (ctl.tb)
			print_events(&ctl);
		if (ctl.ftb && scols_table_get_nlines(ctl.ftb) > 0) {
			if (ctl.spaced) {
				print_rows(&ctl, ctl.ftb);
			} else {
				scols_table_print_range(ctl.ftb, NULL, NULL);
				fputc('\n', stdout);
			}
		}
		ctl.following = 1;
		cli_flush_stdout_or_exit();
		if (follow(&ctl, srcs, nsrcs, rp) < 0)
			errors++;
	} else if (ctl.summary) {
		print_summary(&ctl);
	} else if (ctl.tb || ctl.json) {
		print_events(&ctl);
	}

	if (ctl.f.no_time > 0)
		warnx("%lld event%s without a wall-clock time left out by --since/--until",
		      ctl.f.no_time, ctl.f.no_time == 1 ? "" : "s");

	free_summary(&ctl);
	for (i = 0; i < nsrcs; i++)
		oomkit_source_free(srcs[i]);
	if (ctl.ftb)
		scols_unref_table(ctl.ftb);
	oomkit_report_parser_free(rp);
	if (ctl.f.have_comm)
		regfree(&ctl.f.comm_re);
	free(ctl.f.pids);

	if (errors)
		return CLI_EXIT_USAGE;
	if (ctl.follow)
		return CLI_EXIT_OK;
	return ctl.printed > 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}
