/*
 * timespec.h - --since/--until parsing for oomlog (systemd.time(7) style).
 */
#ifndef OOMLOG_TIMESPEC_H
#define OOMLOG_TIMESPEC_H

/*
 * parse_timestamp - a point in time in microseconds since the epoch.
 * Accepts "now", "today", "yesterday", "tomorrow" (local midnight),
 * "@EPOCH[.frac]", "-SPAN"/"+SPAN" and "SPAN ago"/"SPAN left" relative to
 * @now_us, "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS[.frac]]" (also with 'T'),
 * "HH:MM[:SS]" (today), each optionally followed by " UTC" or "Z";
 * otherwise local time. Returns 0, -EINVAL, or -ERANGE when a span is
 * longer than parse_timespan() takes or the time is past what a long
 * long holds.
 */
int parse_timestamp(const char *s, long long now_us, long long *out);

/*
 * parse_timespan - "1h 30min", "2 hours", "90s", "1.5d" (a bare number is
 * seconds) in microseconds. Returns 0, -EINVAL, or -ERANGE for a span
 * of more than 10^18 us (about 31,700 years).
 */
int parse_timespan(const char *s, long long *out);

/* realtime_now_us - the wall clock (CLOCK_REALTIME) in microseconds. */
long long realtime_now_us(void);

#endif
