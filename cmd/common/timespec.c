/*
 * timespec.c - parse --since/--until the way journalctl does
 * (systemd.time(7)): absolute dates, "today", relative spans, "@epoch".
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "timespec.h"

#define USEC 1000000LL

static const struct {
	const char *name;
	long long usec;
} units[] = {
	{ "usec", 1 },
	{ "us", 1 },
	{ "µs", 1 },
	{ "msec", 1000 },
	{ "ms", 1000 },
	{ "seconds", USEC },
	{ "second", USEC },
	{ "sec", USEC },
	{ "s", USEC },
	{ "minutes", 60 * USEC },
	{ "minute", 60 * USEC },
	{ "min", 60 * USEC },
	{ "months", 2629800 * USEC },
	{ "month", 2629800 * USEC },
	{ "M", 2629800 * USEC },
	{ "m", 60 * USEC },
	{ "hours", 3600 * USEC },
	{ "hour", 3600 * USEC },
	{ "hr", 3600 * USEC },
	{ "h", 3600 * USEC },
	{ "days", 86400 * USEC },
	{ "day", 86400 * USEC },
	{ "d", 86400 * USEC },
	{ "weeks", 604800 * USEC },
	{ "week", 604800 * USEC },
	{ "w", 604800 * USEC },
	{ "years", 31557600 * USEC },
	{ "year", 31557600 * USEC },
	{ "y", 31557600 * USEC },
};

/* the longest span taken (about 31,700 years): a sum that stays far
 * from LLONG_MAX, and a double that converts to long long */
#define SPAN_MAX_US 1000000000000000000LL

/* @total + @v units of @usec, or -ERANGE past SPAN_MAX_US */
static int add_span(long long *total, double v, long long usec)
{
	double d = v * (double)usec;

	if (!(d <= (double)(SPAN_MAX_US - *total)))
		return -ERANGE;
	*total += (long long)d;
	return 0;
}

int parse_timespan(const char *s, long long *out)
{
	long long total = 0;
	int any = 0;

	while (*s) {
		char *end;
		double v;
		size_t i, best = 0, bestlen = 0;

		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		if (!isdigit((unsigned char)*s) && *s != '.')
			return -EINVAL;
		errno = 0;
		v = strtod(s, &end);
		if (errno || end == s || v < 0 || v > 1e12)
			return -EINVAL;
		s = end;
		while (*s == ' ')
			s++;
		/* the longest unit name that matches and ends the word */
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			size_t n = strlen(units[i].name);

			if (strncmp(s, units[i].name, n) == 0 && !isalpha((unsigned char)s[n]) &&
			    n > bestlen) {
				best = i;
				bestlen = n;
			}
		}
		if (bestlen) {
			if (add_span(&total, v, units[best].usec) < 0)
				return -ERANGE;
			s += bestlen;
		} else if (!*s || isspace((unsigned char)*s)) {
			if (add_span(&total, v, USEC) < 0) /* seconds */
				return -ERANGE;
		} else {
			return -EINVAL;
		}
		any = 1;
	}
	if (!any)
		return -EINVAL;
	*out = total;
	return 0;
}

static long long local_midnight(long long now_us, int day_offset)
{
	time_t t = (time_t)(now_us / USEC);
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_mday += day_offset;
	tm.tm_isdst = -1;
	return (long long)mktime(&tm) * USEC;
}

/* Parse up to @n digits into *v; returns the pointer after them or NULL. */
static const char *digits(const char *s, int min, int max, int *v)
{
	int n = 0, val = 0;

	while (n < max && isdigit((unsigned char)s[n])) {
		val = val * 10 + (s[n] - '0');
		n++;
	}
	if (n < min)
		return NULL;
	*v = val;
	return s + n;
}

static int parse_absolute(const char *s, long long now_us, long long *out)
{
	struct tm tm;
	time_t t = (time_t)(now_us / USEC);
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0, utc = 0, have_date = 0;
	long long frac = 0;
	time_t res;

	localtime_r(&t, &tm);
	/* YYYY-MM-DD */
	if ((p = digits(s, 4, 4, &y)) && *p == '-' && (p = digits(p + 1, 1, 2, &mo)) && *p == '-' &&
	    (p = digits(p + 1, 1, 2, &d))) {
		have_date = 1;
		if (*p == ' ' || *p == 'T')
			p++;
	} else {
		p = s;
		y = tm.tm_year + 1900;
		mo = tm.tm_mon + 1;
		d = tm.tm_mday;
	}
	/* HH:MM[:SS[.frac]] */
	if (isdigit((unsigned char)*p)) {
		const char *q;

		if (!(q = digits(p, 1, 2, &h)) || *q != ':' || !(q = digits(q + 1, 2, 2, &mi)))
			return -EINVAL;
		if (*q == ':') {
			if (!(q = digits(q + 1, 2, 2, &sec)))
				return -EINVAL;
			if (*q == '.') {
				long long scale = 100000;

				q++;
				if (!isdigit((unsigned char)*q))
					return -EINVAL;
				while (isdigit((unsigned char)*q)) {
					frac += (*q - '0') * scale;
					scale /= 10;
					q++;
				}
			}
		}
		p = q;
	} else if (!have_date) {
		return -EINVAL;
	}
	while (*p == ' ')
		p++;
	if (strcasecmp(p, "UTC") == 0 || strcmp(p, "Z") == 0) {
		utc = 1;
		p += strlen(p);
	}
	if (*p)
		return -EINVAL;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -EINVAL;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	res = utc ? timegm(&tm) : mktime(&tm);
	if (res == (time_t)-1)
		return -EINVAL;
	*out = (long long)res * USEC + frac;
	return 0;
}

int parse_timestamp(const char *s, long long now_us, long long *out)
{
	size_t n;
	long long span;

	if (!s)
		return -EINVAL;
	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0)
		return -EINVAL;
	if (strncmp(s, "now", n) == 0 && n == 3) {
		*out = now_us;
		return 0;
	}
	if (n == 5 && strncmp(s, "today", 5) == 0) {
		*out = local_midnight(now_us, 0);
		return 0;
	}
	if (n == 9 && strncmp(s, "yesterday", 9) == 0) {
		*out = local_midnight(now_us, -1);
		return 0;
	}
	if (n == 8 && strncmp(s, "tomorrow", 8) == 0) {
		*out = local_midnight(now_us, 1);
		return 0;
	}
	{
		char buf[128];

		if (n >= sizeof(buf))
			return -EINVAL;
		memcpy(buf, s, n);
		buf[n] = '\0';
		if (buf[0] == '@') {
			char *end;
			double v;

			errno = 0;
			v = strtod(buf + 1, &end);
			if (errno || end == buf + 1 || *end || v < 0 || v > 1e11)
				return -EINVAL;
			*out = (long long)(v * (double)USEC);
			return 0;
		}
		if (buf[0] == '-' || buf[0] == '+') {
			if (parse_timespan(buf + 1, &span) < 0)
				return -EINVAL;
			if (buf[0] == '-' ? __builtin_sub_overflow(now_us, span, out) :
					    __builtin_add_overflow(now_us, span, out))
				return -ERANGE;
			return 0;
		}
		if (n > 4 && strcmp(buf + n - 4, " ago") == 0) {
			buf[n - 4] = '\0';
			if (parse_timespan(buf, &span) < 0)
				return -EINVAL;
			if (__builtin_sub_overflow(now_us, span, out))
				return -ERANGE;
			return 0;
		}
		if (n > 5 && strcmp(buf + n - 5, " left") == 0) {
			buf[n - 5] = '\0';
			if (parse_timespan(buf, &span) < 0)
				return -EINVAL;
			if (__builtin_add_overflow(now_us, span, out))
				return -ERANGE;
			return 0;
		}
		return parse_absolute(buf, now_us, out);
	}
}

long long realtime_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}
