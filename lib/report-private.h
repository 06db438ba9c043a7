/*
 * report-private.h - internals of the kernel OOM report parser. Not
 * installed; unit tests (linked with oomkit_static) use it directly.
 */
#ifndef OOMKIT_REPORT_PRIVATE_H
#define OOMKIT_REPORT_PRIVATE_H

#include <limits.h>
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>

#include "oomkit/report.h"
#include "util-private.h"

/*
 * What oomkit__report_strip() found in front of a message. Pointers point
 * into the line given to it; lengths are 0 / pointers NULL when absent.
 */
struct oomkit__pfx {
	long long boot_us;     /* [sec.usec], or -1 */
	long long realtime_us; /* given by a structured source, or -1 */
	/* wall clock as written; year 0 = not written (syslog) */
	int year, mon, mday, hour, min, sec; /* mon 1..12, 0 = unknown,
					      * -1 = see mon_tok */
	const char *mon_tok;                 /* month name not looked up yet */
	size_t mon_len;
	long usec;
	int has_clock; /* hour/min/sec are valid */
	int tz_known;  /* tzoff_min is valid (ISO 8601) */
	int tzoff_min;
	const char *zone_tok; /* a zone name to check against TZ's ("CET") */
	size_t zone_len;
	const char *time_text; /* the prefix as written */
	size_t time_len;
	const char *host;
	size_t host_len;
	const char *ident; /* syslog tag without "[pid]" */
	size_t ident_len;
	const char *caller; /* printk caller id, "T123" / "C0" */
	size_t caller_len;
	int decorated; /* quote/number/grep prefix removed */
	int cut;       /* ended with a pager's ellipsis */
	int not_kern;  /* the line's own facility (<PRI>, "user.notice",
			* dmesg -x "user  :", a /dev/kmsg record's "14,")
			* is not kern (0): a userspace program wrote it,
			* whatever its tag says */
};

/*
 * Strip decorations (mail quoting, line numbers, grep file names), the
 * priority, the time stamp, the syslog/journal host and tag and the printk
 * caller id from @line (@len bytes, need not be NUL-terminated; trailing
 * newline and blanks are ignored). Fills @p and returns the message start;
 * *mlen is its length. @keep_numbers: do not treat a leading number as a
 * line number (used for the continuation of a wrapped line).
 */
OOMKIT_HIDDEN const char *oomkit__report_strip(const char *line, size_t len, struct oomkit__pfx *p,
					       int keep_numbers, size_t *mlen);

/*
 * Wall-clock time of @p in microseconds since the epoch, or -1 when it is
 * unknown. A clock without a year uses @assume_year (0 = unknown). Times
 * without a zone are local time of this machine (TZ); so are times with a
 * zone name that is TZ's at that time, and other zone names not known to
 * one offset leave the time unknown.
 */
OOMKIT_HIDDEN long long oomkit__pfx_realtime(const struct oomkit__pfx *p, int assume_year);

/*
 * The time a syslog clock without a year must not be after: the file's
 * modification time (a December line in a file written in January is
 * from the year before). 0: now.
 */
OOMKIT_HIDDEN void oomkit__report_set_ref(struct oomkit_report_parser *rp, long long ref_us);

/* Month number 1..12 from a (possibly localised) abbreviation, or 0. */
OOMKIT_HIDDEN int oomkit__month_from_name(const char *s, size_t n);

/* ------------------------------------------------------------------ */
/* the parser's state, shared by report*.c                              */

#define NONE LLONG_MIN /* a number not given */
#define MAX_REPORTS 8  /* reports open at once (callers) */
#define MAX_KILLS 64   /* kill lines remembered per report */
#define HOLD_LINES 64  /* lines an event waits for late news */
#define WRAP_MAX 1024  /* a wrapped line, joined */
#define PATHLEN 1024
#define COMMLEN 64
#define NOTES 4 /* systemd unit notes remembered */

struct row {
	long long v[OOMKIT_TASK_NUM_COUNT_];
	char name[COMMLEN];
};

struct tasktab {
	atomic_int refs;
	int frozen; /* an event holds it: no more rows */
	size_t n, cap;
	struct row *rows;
};

struct tsnap { /* when, where and how a line was logged */
	int valid;
	int year_inferred;
	long long boot_us, realtime_us;
	char text[96];
	char host[64];
	char origin[128];
};

struct report {
	int used;
	unsigned long long id;
	unsigned long long touched;
	char caller[16];

	int has_trigger;
	struct tsnap trig_at;
	char trig_comm[COMMLEN];
	long long trig_pid, trig_adj, trig_oom_adj, order, gfp;
	char gfp_text[128];
	char nodemask[128];
	char cpuset[256];
	char mems[64];
	char constraint[40];
	char oom_memcg[PATHLEN];
	char task_memcg[PATHLEN];
	char stats_memcg[PATHLEN];
	char group_memcg[PATHLEN];
	int memcg_oom; /* -1 unknown */
	long long usage, limit, failcnt, swusage, swlimit, freeswap, totalswap;
	/* where the memory was: OOMKIT_EV_RAM_PAGES.. in event order */
	long long mem[OOMKIT_EV_NUM_COUNT_ - OOMKIT_EV_RAM_PAGES];
	int mem_part;                 /* 1 in Mem-Info's summary, 2 in memcg stats */
	int huge_bad;                 /* hugepages sum overflowed: unknown */
	int stat_lines;               /* old one-line memcg stats lines read */
	unsigned stat_seen, stat_bad; /* their keys (bit: item - MEMCG_ANON_KB);
				       * a key missing from one line: unknown */
	char kver[64];

	int has_summary;
	struct tsnap sum_at;
	char sum_task[COMMLEN];
	long long sum_pid, sum_uid;

	int has_sel;
	struct tsnap sel_at;
	char sel_comm[COMMLEN];
	char sel_prefix[64];
	long long sel_pid, sel_score;

	struct tasktab *tab;
	int cols[OOMKIT_TASK_NUM_COUNT_];
	int ncols;
	int cols_unknown; /* a header with columns no upstream kernel prints */
	long long rows_total;

	int nkills;
	long long kills[MAX_KILLS];
	int outcome_done; /* no killable / panic / exiting emitted */
};

struct oomkit_event {
	long long num[OOMKIT_EV_NUM_COUNT_];
	char *str[OOMKIT_EV_STR_COUNT_];
	struct tasktab *tab;
	unsigned long long report_id;
	unsigned long long seal_line;
	int sealed;
};

struct unit_note {
	unsigned long long line;
	char unit[256];
};

/* a journal record pasted as text (report-jtext.c) */
struct oomkit__jrec {
	int has_msg;
	long long boot_us, realtime_us;
	char host[64], ident[64], transport[16], facility[8];
	char origin[128];
	size_t msg_len;
	char msg[WRAP_MAX];
};

struct oomkit_report_parser {
	unsigned long long lineno;
	unsigned long long next_id;
	int year;
	struct report rep[MAX_REPORTS];
	int nopen;

	/* finished events, oldest first */
	struct oomkit_event **q;
	size_t qhead, qn, qcap;

	struct unit_note notes[NOTES];
	int nextnote;

	/* a kill/trigger line wrapped over several physical lines */
	size_t wrap_len;
	int wrap_joins;
	int wrap_cut;  /* looks_cut() of the text held */
	int wrap_glue; /* join without a blank (paths, summary) */
	char wrap[WRAP_MAX];
	struct oomkit__pfx wrap_pfx;
	char wrap_time[96], wrap_host[64], wrap_ident[32], wrap_caller[16];
	char wrap_origin[128];

	char scratch[16384]; /* a line without its colour escapes */
	char clean[16384];   /* a line without forum markup, QP decoded */

	/* quoted-printable mail: seen "=3D"; a soft line break held */
	int qp;
	size_t qp_len;
	char qp_buf[WRAP_MAX];

	/* the line of the last "SysRq : Manual OOM execution"; 0 none */
	unsigned long long sysrq_line;
	/* the panic line being read says "compulsory panic_on_oom" */
	int compulsory;
	/* the outcome line being read has the memcg OOM's prefix */
	int outcome_memcg;

	/* "journalctl -o export" seen: its FIELD=value lines are read */
	int jrec_on;
	struct oomkit__jrec jrec;

	/* what a year inferred for a syslog clock must not go past (µs
	 * since the epoch; 0: now) */
	long long ref_us;

	/* the last line's clocks and file, to see time jump back */
	long long last_boot_us, last_wall;
	size_t last_file_len; /* 0: none */
	char last_file[PATH_MAX];
	int split_depth;
};

/* ------------------------------------------------------------------ */
/* small string helpers on (pointer, length)                           */

static inline int isdig(int c)
{
	return c >= '0' && c <= '9';
}

static inline int starts(const char *s, size_t n, const char *lit, size_t ln)
{
	return n >= ln && !memcmp(s, lit, ln);
}
#define STARTS(s, n, lit) starts((s), (n), (lit), sizeof(lit) - 1)

/*
 * @lit in [s, s+n), or NULL. Lines and literals are short: glibc's memmem()
 * sets up a shift table on every call, which costs more than the search.
 * Look for the literal's first byte that is not a space (spaces are
 * common), then compare the whole literal there.
 */
static inline const char *find(const char *s, size_t n, const char *lit, size_t ln)
{
	const char *p, *end;
	size_t a = 0;

	if (n < ln)
		return NULL;
	if (ln == 0)
		return s;
	while (a + 1 < ln && lit[a] == ' ')
		a++;
	p = s + a;
	end = s + (n - ln) + a + 1; /* the anchor's last possible place, + 1 */
	while (p < end && (p = memchr(p, lit[a], (size_t)(end - p)))) {
		if (memcmp(p - a, lit, ln) == 0)
			return p - a;
		p++;
	}
	return NULL;
}
#define FIND(s, n, lit) find((s), (n), (lit), sizeof(lit) - 1)

/* copy [s, s+n) into dst (size dsz), stopping at a NUL, trimming blanks */
static inline void cpy(char *dst, size_t dsz, const char *s, size_t n)
{
	const char *z = memchr(s, '\0', n);

	if (z)
		n = (size_t)(z - s);
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= dsz)
		n = dsz - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* signed decimal at s; returns the end or NULL */
static inline const char *num(const char *s, const char *e, long long *v)
{
	int neg = 0, nd = 0;
	unsigned long long x = 0;

	while (s < e && *s == ' ')
		s++;
	if (s < e && (*s == '-' || *s == '+'))
		neg = *s++ == '-';
	while (s < e && isdig(*s)) {
		if (x > (ULLONG_MAX - 9) / 10)
			return NULL;
		x = x * 10 + (unsigned)(*s++ - '0');
		nd++;
	}
	if (!nd || x > (unsigned long long)LLONG_MAX)
		return NULL;
	*v = neg ? -(long long)x : (long long)x;
	return s;
}

/* the number after "key" somewhere in [s, e), or NONE */
static inline long long keyed(const char *s, const char *e, const char *key)
{
	size_t kl = strlen(key);
	const char *k = find(s, (size_t)(e - s), key, kl);
	long long v;

	if (!k || !num(k + kl, e, &v))
		return NONE;
	return v;
}

/*
 * @path, or NULL when the person who pasted it left a part out or put a
 * placeholder in ("/lxc.payload....-lxc/a.slice", "pod…", "pod****",
 * "<container-id>", a pager's ">" at a cut): such a path names no real
 * cgroup (systemd and container runtimes never make these names).
 */
static inline const char *oomkit__memcg_path(const char *path)
{
	if (!path || strstr(path, "...") || strstr(path, "\xe2\x80\xa6") || strstr(path, "**") ||
	    strchr(path, '<') || strchr(path, '>'))
		return NULL;
	return path;
}

/* two strings that may be NULL (unknown): equal, or both unknown */
static inline int streq_opt(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : !a && !b;
}

static inline int idis(const char *id, size_t idl, const char *lit)
{
	return strlen(lit) == idl && !memcmp(id, lit, idl);
}

/* ------------------------------------------------------------------ */
/* report.c: the queue of finished events                               */

/* Append @ev (the queue owns it, also on failure). 0 or -ENOMEM. */
OOMKIT_HIDDEN int oomkit__report_push(struct oomkit_report_parser *rp, struct oomkit_event *ev);

/* The @i-th newest event still held back (0 = newest), or NULL. */
OOMKIT_HIDDEN struct oomkit_event *oomkit__report_held(struct oomkit_report_parser *rp, size_t i);

/* ------------------------------------------------------------------ */
/* report-tasks.c: task tables                                          */

OOMKIT_HIDDEN void oomkit__report_tab_put(struct tasktab *t);
/* a new reference; the table takes no more rows */
OOMKIT_HIDDEN struct tasktab *oomkit__report_tab_get(struct tasktab *t);

/*
 * "[ pid ]   uid  tgid total_vm ... name": returns 1 and fills cols; -1
 * for a header that names a column no upstream kernel prints; 0 not a
 * header.
 */
OOMKIT_HIDDEN int oomkit__report_parse_header(const char *m, size_t n, int *cols, int *ncols);

/*
 * A cheap look for a task table row ("[ 1807]  1000  1807 ...") somewhere
 * in a raw line, before its prefix is taken off: a report's table whose
 * header is outside the excerpt (the lines before a kill pasted alone).
 */
OOMKIT_HIDDEN int oomkit__report_maybe_row(const char *line, size_t len);

/* a task table row as no header named its columns: 1 when it is one */
OOMKIT_HIDDEN int oomkit__report_is_row(const char *m, size_t n);

/* a task table row into @r's table: 1 used, 0 not a row, -ENOMEM */
OOMKIT_HIDDEN int oomkit__report_parse_row(struct report *r, const char *m, size_t n);

/* the newest row of @pid in @r's table, or NULL */
OOMKIT_HIDDEN const struct row *oomkit__report_find_row(const struct report *r, long long pid);

/* ------------------------------------------------------------------ */
/* report-state.c: events and per-caller reports                        */

OOMKIT_HIDDEN struct oomkit_event *oomkit__ev_new(int killer, int outcome);
/* set a string item unless it is set; 0 or -ENOMEM */
OOMKIT_HIDDEN int oomkit__ev_set_str(struct oomkit_event *ev, int item, const char *s);
/* set a number item unless it is set or @v is NONE */
OOMKIT_HIDDEN void oomkit__ev_set_num(struct oomkit_event *ev, int item, long long v);
/* when, where and how the line of @p was logged */
OOMKIT_HIDDEN void oomkit__report_snap(struct oomkit_report_parser *rp, struct tsnap *t,
				       const struct oomkit__pfx *p, const char *origin);
OOMKIT_HIDDEN int oomkit__ev_time(struct oomkit_event *ev, const struct tsnap *t);
/* fill an event from what its report said; 0 or -ENOMEM */
OOMKIT_HIDDEN int oomkit__ev_from_report(struct oomkit_event *ev, struct report *r);

/* the open report of @p's caller (or the newest one), or NULL */
OOMKIT_HIDDEN struct report *oomkit__rep_find(struct oomkit_report_parser *rp,
					      const struct oomkit__pfx *p);
/* emit the event @r stands for when nothing else did, and drop it */
OOMKIT_HIDDEN int oomkit__rep_close(struct oomkit_report_parser *rp, struct report *r);
/* a new report for @p's caller (closing the oldest when all are used) */
OOMKIT_HIDDEN int oomkit__rep_open(struct oomkit_report_parser *rp, const struct oomkit__pfx *p,
				   struct report **out);
/*
 * The report a line of @p goes to: *@r while it can take the line, else
 * (@done: it already has what the line would add) close it and open a
 * new one. Returns 0 or -ENOMEM.
 */
OOMKIT_HIDDEN int oomkit__rep_continue(struct oomkit_report_parser *rp, const struct oomkit__pfx *p,
				       struct report **r, int done);
/* the report a body line belongs to, opened headerless when needed */
OOMKIT_HIDDEN int oomkit__rep_for(struct oomkit_report_parser *rp, const struct oomkit__pfx *p,
				  struct report **out);
/* close reports nothing was added to for a long time */
OOMKIT_HIDDEN int oomkit__rep_expire(struct oomkit_report_parser *rp);

/* ------------------------------------------------------------------ */
/* report-kernel.c: kernel line handlers                                */

/* a handler of a kernel line: @k is where the shape's literal is in it */
typedef int oomkit__shape_fn(struct oomkit_report_parser *rp, const char *m, size_t n,
			     const char *k, const struct oomkit__pfx *p, const char *origin);

enum oomkit__shape_how {
	OOMKIT__SHAPE_ANY,     /* lit anywhere in the message */
	OOMKIT__SHAPE_START,   /* lit starts the message */
	OOMKIT__SHAPE_AFTER_K, /* lit anywhere, right after 'K' or 'k';
				* the handler gets the 'K' */
	OOMKIT__SHAPE_ERA,     /* the row above's line in other kernels */
	OOMKIT__SHAPE_BODY,    /* a body line, read by on_body & co. */
};

/* one line shape of a kernel OOM report (the table in report-kernel.c) */
struct oomkit__shape {
	enum oomkit__shape_how how;
	const char *lit; /* the fixed text that identifies the line */
	size_t litlen;
	const char *also;     /* must be in the line as well, or NULL */
	oomkit__shape_fn *fn; /* NULL for ERA and BODY rows */
	const char *reader;   /* the function that reads the line */
	const char *kernels;  /* the kernels that print it */
	const char *printer;  /* the kernel function that prints it */
	const char *example;
};

OOMKIT_HIDDEN extern const struct oomkit__shape oomkit__report_shapes[];
OOMKIT_HIDDEN extern const size_t oomkit__report_nshapes;

OOMKIT_HIDDEN void oomkit__report_on_reaper(struct oomkit_report_parser *rp, const char *m,
					    size_t n);
/* lines of an open report's body; 1 when used, 0 not, -ENOMEM */
OOMKIT_HIDDEN int oomkit__report_on_body(struct oomkit_report_parser *rp, struct report *r,
					 const char *m, size_t n);

/* ------------------------------------------------------------------ */
/* report-dispatch.c                                                    */

/*
 * The SHAPE row of oomkit__report_shapes[] that the message @m (@n bytes,
 * no prefix) dispatches to, and in *@k where its literal is; -1 for none.
 */
OOMKIT_HIDDEN int oomkit__report_match(const char *m, size_t n, const char **k);
/* does the line hold a word an OOM line holds (the fast filter)? */
OOMKIT_HIDDEN int oomkit__report_hot(const char *s, size_t n);
/* tests: set to use the SSE2 code on a CPU with AVX2 (x86-64 only) */
OOMKIT_HIDDEN extern int oomkit__report_hot_no_avx2;
/*
 * A kernel message without its prefix (@m, @n bytes, not empty after the
 * caller strips it). @ishot: oomkit__report_hot(m, n) when known, else -1.
 */
OOMKIT_HIDDEN int oomkit__report_kernel_line(struct oomkit_report_parser *rp, const char *m,
					     size_t n, const struct oomkit__pfx *p,
					     const char *origin, int ishot);

/* ------------------------------------------------------------------ */
/* report-userspace.c                                                   */

/* a message of userspace program @id (@idl bytes): earlyoom, oomd, ... */
OOMKIT_HIDDEN int oomkit__report_userspace_msg(struct oomkit_report_parser *rp, const char *id,
					       size_t idl, const char *m, size_t n,
					       const struct oomkit__pfx *p, const char *origin);
/* name the unit of @ev from a recent systemd unit message */
OOMKIT_HIDDEN void oomkit__report_apply_notes(struct oomkit_report_parser *rp,
					      struct oomkit_event *ev);

/* ------------------------------------------------------------------ */
/* report-jtext.c                                                       */

/*
 * A line of "journalctl -o json" or "-o export" text: 1 when it was read
 * as such (a record fed when complete), 0 when it is not one, -ENOMEM.
 */
OOMKIT_HIDDEN int oomkit__report_jtext(struct oomkit_report_parser *rp, const char *line,
				       size_t len, const char *origin);
/* feed the export record still held (at the end of the input) */
OOMKIT_HIDDEN int oomkit__report_jtext_end(struct oomkit_report_parser *rp);

/* ------------------------------------------------------------------ */
/* report-repair.c                                                      */

/*
 * A line while a wrapped line is held: join it when it is the wrapped
 * line's rest (then 1, or -ENOMEM), else emit the held line and return 0
 * (or -ENOMEM): the caller then reads the line as usual.
 */
OOMKIT_HIDDEN int oomkit__report_wrap_join(struct oomkit_report_parser *rp, const char *line,
					   size_t len);
/* hold a kill or trigger line that looks cut (1), or not (0) */
OOMKIT_HIDDEN int oomkit__report_wrap_start(struct oomkit_report_parser *rp, const char *m,
					    size_t n, const struct oomkit__pfx *p,
					    const char *origin);
/* emit the held wrapped line, if any */
OOMKIT_HIDDEN int oomkit__report_wrap_finish(struct oomkit_report_parser *rp);
/*
 * A pasted "dmesg --color=always" line: *@line without its escape
 * sequences (in rp->scratch). Other lines are left alone: elsewhere an
 * escape may be part of a hostile comm, kept as logged.
 */
OOMKIT_HIDDEN void oomkit__report_decolour(struct oomkit_report_parser *rp, const char **line,
					   size_t *len);
/*
 * Forum markup ("[COLOR=red]", "[/B]") removed, no-break spaces made
 * blanks and quoted-printable mail ("=3D", "=20") decoded: *@line
 * rewritten into rp->clean when needed.
 * Returns 1 when the line ends with a quoted-printable soft line break
 * (the caller holds it and joins the next line to it).
 */
OOMKIT_HIDDEN int oomkit__report_unmangle(struct oomkit_report_parser *rp, const char **line,
					  size_t *len);
/*
 * Where a second kernel record starts in the message @m (a "[ 12.345]"
 * time stamp glued to the first one), or @n when there is none.
 */
OOMKIT_HIDDEN size_t oomkit__report_glued(const char *m, size_t n);
/* is there a "[ 12.345678]" time stamp at @s? its length, else 0 */
OOMKIT_HIDDEN size_t oomkit__report_stamp_len(const char *s, size_t n);

#endif
