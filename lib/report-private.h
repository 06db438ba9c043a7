/*
 * report-private.h - internals of the kernel OOM report parser. Not
 * installed; unit tests (linked with oomkit_static) use it directly.
 */
#ifndef OOMKIT_REPORT_PRIVATE_H
#define OOMKIT_REPORT_PRIVATE_H

#include <stddef.h>
#include "util-private.h"

/*
 * What oomkit__report_strip() found in front of a message. Pointers point
 * into the line given to it; lengths are 0 / pointers NULL when absent.
 */
struct oomkit__pfx {
	long long boot_us;		/* [sec.usec], or -1 */
	long long realtime_us;		/* given by a structured source, or -1 */
	/* wall clock as written; year 0 = not written (syslog) */
	int year, mon, mday, hour, min, sec;	/* mon 1..12, 0 = unknown,
						 * -1 = see mon_tok */
	const char *mon_tok;		/* month name not looked up yet */
	size_t mon_len;
	long usec;
	int has_clock;			/* hour/min/sec are valid */
	int tz_known;			/* tzoff_min is valid (ISO 8601) */
	int tzoff_min;
	const char *time_text;		/* the prefix as written */
	size_t time_len;
	const char *host;
	size_t host_len;
	const char *ident;		/* syslog tag without "[pid]" */
	size_t ident_len;
	const char *caller;		/* printk caller id, "T123" / "C0" */
	size_t caller_len;
	int decorated;			/* quote/number/grep prefix removed */
};

/*
 * Strip decorations (mail quoting, line numbers, grep file names), the
 * priority, the time stamp, the syslog/journal host and tag and the printk
 * caller id from @line (@len bytes, need not be NUL-terminated; trailing
 * newline and blanks are ignored). Fills @p and returns the message start;
 * *mlen is its length. @keep_numbers: do not treat a leading number as a
 * line number (used for the continuation of a wrapped line).
 */
OOMKIT_HIDDEN const char *oomkit__report_strip(const char *line, size_t len,
					       struct oomkit__pfx *p,
					       int keep_numbers, size_t *mlen);

/*
 * Wall-clock time of @p in microseconds since the epoch, or -1 when it is
 * unknown. A clock without a year uses @assume_year (0 = unknown). Times
 * without a zone are local time of this machine (TZ).
 */
OOMKIT_HIDDEN long long oomkit__pfx_realtime(const struct oomkit__pfx *p,
					     int assume_year);

/* Month number 1..12 from a (possibly localised) abbreviation, or 0. */
OOMKIT_HIDDEN int oomkit__month_from_name(const char *s, size_t n);

#endif
