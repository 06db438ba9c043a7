/*
 * report-prefix.c - recognise and strip the prefixes in front of kernel
 * log lines: decorations added by people (mail quoting, line numbers,
 * grep file names), the kernel's own (priority, [seconds.usec], printk
 * caller id) and the loggers' (dmesg -T, syslog, RFC 3339, journalctl
 * short, short-iso, short-precise, short-full, short-monotonic).
 *
 * Everything works on (pointer, length) without allocating: this runs on
 * every line of a possibly huge log.
 */
#include <string.h>
#include <time.h>

#include "report-private.h"

static inline int isalph(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int isblank_(int c)
{
	return c == ' ' || c == '\t';
}

static const char *skip_blanks(const char *s, const char *e)
{
	while (s < e && isblank_(*s))
		s++;
	return s;
}

/* Read 1..max digits; returns the end or NULL. */
static const char *read_num(const char *s, const char *e, int max, long *v)
{
	const char *b = s;
	long n = 0;

	while (s < e && isdig(*s) && s - b < max)
		n = n * 10 + (*s++ - '0');
	if (s == b)
		return NULL;
	*v = n;
	return s;
}

/* "HH:MM:SS" (hour 1-2 digits); returns the end or NULL. */
static const char *read_hms(const char *s, const char *e, struct oomkit__pfx *p)
{
	long h, m, sec;

	s = read_num(s, e, 2, &h);
	if (!s || s >= e || *s != ':')
		return NULL;
	if (e - s < 3 || !isdig(s[1]) || !isdig(s[2]))
		return NULL;
	s = read_num(s + 1, e, 2, &m);
	if (!s || s >= e || *s != ':')
		return NULL;
	if (e - s < 3 || !isdig(s[1]) || !isdig(s[2]))
		return NULL;
	s = read_num(s + 1, e, 2, &sec);
	if (!s || h > 23 || m > 59 || sec > 60)
		return NULL;
	p->hour = (int)h;
	p->min = (int)m;
	p->sec = (int)sec;
	p->has_clock = 1;
	return s;
}

/* Optional ".123456" or ",123456" after a clock. */
static const char *read_frac(const char *s, const char *e, long *usec)
{
	long v = 0;
	int n = 0;

	if (s + 1 >= e || (*s != '.' && *s != ',') || !isdig(s[1]))
		return s;
	s++;
	while (s < e && isdig(*s)) {
		if (n < 6) {
			v = v * 10 + (*s - '0');
			n++;
		}
		s++;
	}
	while (n++ < 6)
		v *= 10;
	*usec = v;
	return s;
}

#define M_(s, m)                    \
	{                           \
		s, sizeof(s) - 1, m \
	}
static const struct {
	const char *name;
	unsigned char len;
	unsigned char mon;
} months[] = {
	M_("jan", 1),
	M_("feb", 2),
	M_("mar", 3),
	M_("apr", 4),
	M_("may", 5),
	M_("jun", 6),
	M_("jul", 7),
	M_("aug", 8),
	M_("sep", 9),
	M_("oct", 10),
	M_("nov", 11),
	M_("dec", 12),
	M_("m\xc3\xa4r", 3),
	M_("mai", 5),
	M_("okt", 10),
	M_("dez", 12),
	M_("janv", 1),
	M_("f\xc3\xa9v", 2),
	M_("fev", 2),
	M_("avr", 4),
	M_("juin", 6),
	M_("juil", 7),
	M_("ao\xc3\xbb", 8),
	M_("d\xc3\xa9"
	   "c",
	   12),
	M_("ene", 1),
	M_("abr", 4),
	M_("ago", 8),
	M_("dic", 12),
	M_("gen", 1),
	M_("mag", 5),
	M_("giu", 6),
	M_("lug", 7),
	M_("set", 9),
	M_("ott", 10),
	M_("out", 10),
	M_("mrt", 3),
	M_("mei", 5),
	M_("maj", 5), /* Polish, Swedish, Danish */
	M_("sty", 1), /* Polish */
	M_("lut", 2),
	M_("kwi", 4),
	M_("cze", 6),
	M_("lip", 7),
	M_("sie", 8),
	M_("wrz", 9),
	M_("lis", 11),
	M_("gru", 12),
	M_("j\xc3\xa4n", 1), /* Austrian German */
	/* Russian (lower case: the upper case is folded to it) */
	M_("\xd1\x8f\xd0\xbd\xd0\xb2", 1),
	M_("\xd1\x84\xd0\xb5\xd0\xb2", 2),
	M_("\xd0\xbc\xd0\xb0\xd1\x80", 3),
	M_("\xd0\xb0\xd0\xbf\xd1\x80", 4),
	M_("\xd0\xbc\xd0\xb0\xd0\xb9", 5),
	M_("\xd0\xbc\xd0\xb0\xd1\x8f", 5),
	M_("\xd0\xb8\xd1\x8e\xd0\xbd", 6),
	M_("\xd0\xb8\xd1\x8e\xd0\xbb", 7),
	M_("\xd0\xb0\xd0\xb2\xd0\xb3", 8),
	M_("\xd1\x81\xd0\xb5\xd0\xbd", 9),
	M_("\xd0\xbe\xd0\xba\xd1\x82", 10),
	M_("\xd0\xbd\xd0\xbe\xd1\x8f", 11),
	M_("\xd0\xb4\xd0\xb5\xd0\xba", 12),
};
#undef M_

/* "3月", " 11月", "3월" (Japanese, Chinese, Korean): the month, else 0 */
static int cjk_month(const char *s, const char *e)
{
	long v = 0;
	const char *q = s;

	while (q < e && isdig(*q) && q - s < 2)
		v = v * 10 + (*q++ - '0');
	if (q == s || v < 1 || v > 12 || e - q < 3)
		return 0;
	if (!memcmp(q, "\xe6\x9c\x88", 3) || !memcmp(q, "\xec\x9b\x94", 3))
		return (int)v;
	return 0;
}

/* lower case of ASCII and of the Cyrillic capitals (2-byte UTF-8) */
static size_t fold(const unsigned char *c, size_t n, unsigned char out[2])
{
	if (n >= 2 && c[0] == 0xd0 && c[1] >= 0x90 && c[1] <= 0x9f) {
		out[0] = 0xd0;
		out[1] = (unsigned char)(c[1] + 0x20);
		return 2;
	}
	if (n >= 2 && c[0] == 0xd0 && c[1] >= 0xa0 && c[1] <= 0xaf) {
		out[0] = 0xd1;
		out[1] = (unsigned char)(c[1] - 0x20);
		return 2;
	}
	out[0] = c[0] >= 'A' && c[0] <= 'Z' ? (unsigned char)(c[0] + 0x20) : c[0];
	return 1;
}

int oomkit__month_from_name(const char *s, size_t n)
{
	unsigned char low[16];
	size_t i, k, l = 0, best = 0;
	int mon = 0;

	if (!n)
		return 0;
	if (isdig(*s))
		return cjk_month(s, s + n);
	/* fold() writes as many bytes as it reads */
	for (k = 0; k < n && k + 2 <= sizeof(low);)
		k += fold((const unsigned char *)s + k, n - k, low + k);
	l = k;
	for (i = 0; i < sizeof(months) / sizeof(months[0]); i++) {
		const char *m = months[i].name;
		size_t ml = months[i].len;

		if (ml > l || ml <= best || memcmp(low, m, ml))
			continue;
		best = ml;
		mon = months[i].mon;
	}
	return mon;
}

/* A token "name[digits]:" or "kernel:"; sets the ident. */
static int is_tag(const char *s, const char *te, int strict, struct oomkit__pfx *p)
{
	const char *br;

	if (te - s < 2 || te[-1] != ':')
		return 0;
	if (te - s == 7 && !memcmp(s, "kernel:", 7)) {
		p->ident = s;
		p->ident_len = 6;
		return 1;
	}
	br = memchr(s, '[', (size_t)(te - s));
	if (br && br > s && te - br >= 4 && te[-2] == ']') {
		const char *d;

		for (d = br + 1; d < te - 2; d++)
			if (!isdig(*d))
				return 0;
		p->ident = s;
		p->ident_len = (size_t)(br - s);
		return 1;
	}
	if (strict)
		return 0;
	p->ident = s;
	p->ident_len = (size_t)(te - s - 1);
	return 1;
}

static const char *token_end(const char *s, const char *e)
{
	while (s < e && !isblank_(*s))
		s++;
	return s;
}

/* syslog's facility names, by number (kern is 0: the kernel's own) */
static const char *const fac[] = { "kern",     "user",   "mail",   "daemon", "auth",
				   "syslog",   "lpr",    "news",   "uucp",   "cron",
				   "authpriv", "ftp",    "local0", "local1", "local2",
				   "local3",   "local4", "local5", "local6", "local7" };

/* the number of facility @s (@l bytes), or -1 */
static int facility(const char *s, size_t l)
{
	size_t i;

	for (i = 0; i < sizeof(fac) / sizeof(fac[0]); i++)
		if (strlen(fac[i]) == l && !memcmp(fac[i], s, l))
			return (int)i;
	return -1;
}

/*
 * busybox syslogd's and OpenWrt logread's "facility.level" between host
 * and tag: "kern.warn". A known facility other than kern marks the line
 * as userspace's (@p->not_kern).
 */
static int is_fac_level(const char *s, const char *te, struct oomkit__pfx *p)
{
	const char *dot = memchr(s, '.', (size_t)(te - s));
	const char *q;

	if (!dot || dot == s || dot + 1 >= te || te - s > 24)
		return 0;
	for (q = s; q < te; q++)
		if (q != dot && !isalph(*q) && !isdig(*q))
			return 0;
	if (facility(s, (size_t)(dot - s)) > 0)
		p->not_kern = 1;
	return 1;
}

/*
 * After a time stamp: "host tag: ", "tag: " or nothing.
 *
 * @strict (after a kernel time stamp: dmesg's brackets or its ISO 8601
 * stamp, where any "word:" could be the message): only "kernel:" and
 * "name[pid]:" count as tags, and no tag means the kernel's own text.
 *
 * Otherwise (a syslog or journal time stamp) the line is written by a
 * logger: "[host] tag: message", where the tag is the sender's and only
 * "kernel:" is the kernel's. Any word ending with ':' is a tag, busybox's
 * "facility.level" in front of it is skipped, and a line whose tag cannot
 * be found at all (a tag with a blank in it, a bare message) is given an
 * empty tag: it is userspace's, whatever its text, so that nobody can put
 * a kernel line after a tag of their choosing.
 *
 * Returns the new position and extends the time text when a tag was found.
 */
static const char *host_and_tag(const char *s, const char *e, int strict, struct oomkit__pfx *p)
{
	const char *t1, *t1e, *t2, *t2e, *t3, *t3e;

	t1 = skip_blanks(s, e);
	if (t1 == s || t1 >= e)
		return s;
	t1e = token_end(t1, e);
	if (t1e - t1 > 255)
		goto untagged;
	if (is_tag(t1, t1e, strict, p)) {
		p->time_len = (size_t)(t1e - p->time_text);
		return t1e;
	}
	t2 = skip_blanks(t1e, e);
	if (t2 == t1e || t2 >= e)
		goto untagged;
	t2e = token_end(t2, e);
	if (t2e - t2 > 255)
		goto untagged;
	if (is_tag(t2, t2e, strict, p)) {
		p->host = t1;
		p->host_len = (size_t)(t1e - t1);
		p->time_len = (size_t)(t2e - p->time_text);
		return t2e;
	}
	if (strict)
		return s;
	/* busybox: "host kern.warn kernel:" */
	t3 = skip_blanks(t2e, e);
	t3e = token_end(t3, e);
	if (is_fac_level(t2, t2e, p) && t3 > t2e && t3e - t3 <= 255 && is_tag(t3, t3e, 0, p)) {
		p->host = t1;
		p->host_len = (size_t)(t1e - t1);
		p->time_len = (size_t)(t3e - p->time_text);
		return t3e;
	}
untagged:
	if (!strict) {
		p->ident = s;
		p->ident_len = 0;
	}
	return s;
}

/* "[  123.456789]" */
static const char *boot_bracket(const char *s, const char *e, struct oomkit__pfx *p)
{
	const char *q = s + 1;
	long long sec = 0;
	long usec = 0;
	int nd = 0;

	q = skip_blanks(q, e);
	while (q < e && isdig(*q)) {
		if (nd++ < 12)
			sec = sec * 10 + (*q - '0');
		q++;
	}
	if (!nd || q >= e || *q != '.')
		return NULL;
	q = read_frac(q, e, &usec);
	q = skip_blanks(q, e);
	if (q < e && *q == '<') { /* dmesg -d: "<    0.003839>" */
		const char *g = memchr(q, '>', (size_t)(e - q) < 24 ? (size_t)(e - q) : 24);

		if (!g)
			return NULL;
		q = skip_blanks(g + 1, e);
	}
	if (q >= e || *q != ']')
		return NULL;
	p->boot_us = sec * 1000000LL + usec;
	return q + 1;
}

/*
 * dmesg --time-format=reltime / delta: "[  +0.000123]", "[Mar19 03:42]":
 * a time stamp, but neither since boot nor a full wall clock.
 */
static const char *rel_bracket(const char *s, const char *e)
{
	const char *q = skip_blanks(s + 1, e), *end;
	size_t n;

	end = memchr(q, ']', (size_t)(e - q) < 24 ? (size_t)(e - q) : 24);
	if (!end || end == q)
		return NULL;
	n = (size_t)(end - q);
	if (*q == '+') {
		for (q++; q < end; q++)
			if (!isdig(*q) && *q != '.')
				return NULL;
		return end + 1;
	}
	if (!isalph(*q) || n < 9)
		return NULL;
	/* "Mar19 03:42" */
	if (!isdig(end[-1]) || !isdig(end[-2]) || end[-3] != ':' || !isdig(end[-4]))
		return NULL;
	return end + 1;
}

/* journalctl -o short-unix: "1647661331.123456 " */
static const char *unix_stamp(const char *s, const char *e, struct oomkit__pfx *p)
{
	const char *q = s;
	long long sec = 0;
	long usec = 0;

	while (q < e && isdig(*q) && q - s < 12)
		sec = sec * 10 + (*q++ - '0');
	if (q - s < 9 || q >= e || *q != '.' || q + 1 >= e || !isdig(q[1]))
		return NULL;
	q = read_frac(q, e, &usec);
	if (q < e && *q != ' ')
		return NULL;
	p->realtime_us = sec * 1000000LL + usec;
	return q;
}

/* dmesg -x: "kern  :err   : " */
static const char *decode_prefix(const char *s, const char *e, struct oomkit__pfx *p)
{
	static const char *const lvl[] = { "emerg", "alert",  "crit", "err",
					   "warn",  "notice", "info", "debug" };
	const char *t = s, *q;
	size_t i, l;
	int f;

	for (q = t; q < e && isalph(*q); q++)
		;
	while (q < e && (isdig(*q)) && q - t < 8)
		q++;
	l = (size_t)(q - t);
	if ((f = facility(t, l)) < 0)
		return NULL;
	q = skip_blanks(q, e);
	if (q >= e || *q != ':')
		return NULL;
	t = ++q;
	while (q < e && isalph(*q))
		q++;
	l = (size_t)(q - t);
	for (i = 0; i < sizeof(lvl) / sizeof(lvl[0]); i++)
		if (strlen(lvl[i]) == l && !memcmp(lvl[i], t, l))
			break;
	if (i == sizeof(lvl) / sizeof(lvl[0]))
		return NULL;
	q = skip_blanks(q, e);
	if (q >= e || *q != ':')
		return NULL;
	if (f > 0)
		p->not_kern = 1;
	return skip_blanks(q + 1, e);
}

/*
 * MediaTek's printk prefix "(cpu)[pid:comm]", glued to the message
 * ("(1)[1203:osmcore_L]osmcore_L invoked oom-killer: ..."): its end, or
 * @s. The comm is at most 15 bytes (TASK_COMM_LEN 16).
 */
static const char *mtk_prefix(const char *s, const char *e)
{
	const char *q = s + 1, *c;

	if (s >= e || *s != '(' || q >= e || !isdig(*q))
		return s;
	while (q < e && isdig(*q) && q - s < 5)
		q++;
	if (e - q < 4 || q[0] != ')' || q[1] != '[' || !isdig(q[2]))
		return s;
	q += 2;
	while (q < e && isdig(*q) && q - s < 16)
		q++;
	if (q >= e || *q != ':')
		return s;
	c = memchr(q + 1, ']', (size_t)(e - q - 1));
	if (!c || c - q - 1 < 1 || c - q - 1 > 15)
		return s;
	return c + 1;
}

/*
 * printk caller id "[T1234]" / "[    C0]" right after the time stamp;
 * Samsung's "[c1] " (the CPU) and MediaTek's "(1)[1203:comm]" there are
 * skipped, so the message (and a trigger's comm) starts after them.
 */
static const char *caller_bracket(const char *s, const char *e, struct oomkit__pfx *p)
{
	const char *q = skip_blanks(s, e), *id;

	if (q < e && *q == '(') {
		const char *r = mtk_prefix(q, e);

		return r == q ? s : r;
	}
	if (e - q > 4 && q[0] == '[' && q[1] == 'c' && isdig(q[2])) {
		const char *r = q + 2;

		while (r < e && isdig(*r) && r - q < 6)
			r++;
		return r + 1 < e && r[0] == ']' && r[1] == ' ' ? r + 1 : s;
	}
	if (s >= e || *s != '[')
		return s;
	q = skip_blanks(s + 1, e);
	if (q >= e || (*q != 'T' && *q != 'C'))
		return s;
	id = q++;
	if (q >= e || !isdig(*q))
		return s;
	while (q < e && isdig(*q))
		q++;
	if (q >= e || *q != ']' || q - id > 12)
		return s;
	p->caller = id;
	p->caller_len = (size_t)(q - id);
	return q + 1;
}

/* "YYYY-MM-DD" */
static const char *read_ymd(const char *s, const char *e, struct oomkit__pfx *p)
{
	long y, m, d;

	if (e - s < 10 || s[4] != '-' || s[7] != '-')
		return NULL;
	if (!read_num(s, s + 4, 4, &y) || !read_num(s + 5, s + 7, 2, &m) ||
	    !read_num(s + 8, s + 10, 2, &d))
		return NULL;
	if (!isdig(s[3]) || !isdig(s[6]) || !isdig(s[9]))
		return NULL;
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return NULL;
	p->year = (int)y;
	p->mon = (int)m;
	p->mday = (int)d;
	return s + 10;
}

/* Time zone: Z, +HH:MM, +HHMM, -HH */
static const char *read_tz(const char *s, const char *e, struct oomkit__pfx *p)
{
	long h = 0, m = 0;
	int sign;

	if (s < e && *s == 'Z') {
		p->tz_known = 1;
		p->tzoff_min = 0;
		return s + 1;
	}
	if (s + 3 > e || (*s != '+' && *s != '-') || !isdig(s[1]) || !isdig(s[2]))
		return s;
	sign = *s == '-' ? -1 : 1;
	read_num(s + 1, s + 3, 2, &h);
	s += 3;
	if (s < e && *s == ':')
		s++;
	if (s + 2 <= e && isdig(s[0]) && isdig(s[1])) {
		read_num(s, s + 2, 2, &m);
		s += 2;
	}
	p->tz_known = 1;
	p->tzoff_min = sign * (int)(h * 60 + m);
	return s;
}

/* RFC 3339 / short-iso: 2024-03-19T03:42:11.123456+00:00 */
static const char *iso_stamp(const char *s, const char *e, struct oomkit__pfx *p)
{
	const char *q = read_ymd(s, e, p);

	if (!q || q >= e || (*q != 'T' && *q != ' '))
		return NULL;
	q = read_hms(q + 1, e, p);
	if (!q)
		return NULL;
	q = read_frac(q, e, &p->usec);
	return read_tz(q, e, p);
}

/*
 * dmesg -T "[Sat Mar 19 03:42:11 2022]" in any locale: recognised by the
 * clock inside the brackets, the date parsed when the month is known.
 */
static const char *clock_bracket(const char *s, const char *e, struct oomkit__pfx *p)
{
	const char *q = s + 1, *end, *t, *te;
	int have_hms = 0, mon = 0;
	long v;

	end = memchr(q, ']', (size_t)(e - q) < 80 ? (size_t)(e - q) : 80);
	if (!end || end - q < 8)
		return NULL;
	for (t = q; t < end; t = te) {
		t = skip_blanks(t, end);
		te = token_end(t, end);
		if (t >= end)
			break;
		if (memchr(t, '[', (size_t)(te - t)))
			return NULL;
		if (!have_hms && memchr(t, ':', (size_t)(te - t)) && read_hms(t, te, p)) {
			const char *f = read_hms(t, te, p);

			f = read_frac(f, te, &p->usec);
			read_tz(f, te, p);
			have_hms = 1;
		} else if (te - t >= 10 && read_ymd(t, te, p)) {
			const char *f = read_ymd(t, te, p);

			if (f < te && *f == 'T' && read_hms(f + 1, te, p)) {
				f = read_frac(read_hms(f + 1, te, p), te, &p->usec);
				read_tz(f, te, p);
				have_hms = 1;
			}
			mon = p->mon;
		} else if (te - t == 4 && read_num(t, te, 4, &v) == te) {
			p->year = (int)v;
		} else if (te - t <= 2 && read_num(t, te, 2, &v) == te) {
			p->mday = (int)v;
		} else if (!isdig(*t) || cjk_month(t, te)) {
			/*
			 * The last name is the month (weekdays come first);
			 * a month name not known leaves the month unknown,
			 * even when the weekday looked like one ("mar.").
			 */
			mon = oomkit__month_from_name(t, (size_t)(te - t));
		}
	}
	if (!have_hms)
		return NULL;
	p->mon = mon;
	return end + 1;
}

/*
 * journalctl -o short-full writes the zone's abbreviation of the machine
 * that wrote the journal ("Sat 2022-03-19 03:42:11 CET"). The names below
 * mean one offset wherever they are used; any other name is checked
 * against this machine's zone when the time is computed (IST, CST and BST
 * each name zones hours apart).
 */
static void zone_name(const char *s, const char *e, struct oomkit__pfx *p)
{
	static const struct {
		char name[5];
		short min;
	} zones[] = {
		{ "UTC", 0 },    { "GMT", 0 },    { "UT", 0 },      { "WET", 0 },
		{ "WEST", 60 },  { "CET", 60 },   { "CEST", 120 },  { "MET", 60 },
		{ "MEST", 120 }, { "EET", 120 },  { "EEST", 180 },  { "MSK", 180 },
		{ "EST", -300 }, { "EDT", -240 }, { "MST", -420 },  { "MDT", -360 },
		{ "PST", -480 }, { "PDT", -420 }, { "AKST", -540 }, { "AKDT", -480 },
		{ "HST", -600 }, { "JST", 540 },  { "KST", 540 },   { "HKT", 480 },
		{ "SGT", 480 },  { "AWST", 480 }, { "ACST", 570 },  { "AEST", 600 },
		{ "AEDT", 660 }, { "NZST", 720 }, { "NZDT", 780 },
	};
	size_t i, n = (size_t)(e - s);

	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		if (strlen(zones[i].name) == n && !memcmp(zones[i].name, s, n)) {
			p->tz_known = 1;
			p->tzoff_min = zones[i].min;
			return;
		}
	}
	p->zone_tok = s;
	p->zone_len = n;
}

/* syslog "Mar 19 03:42:11[.123456] " (month in any language) */
static const char *syslog_stamp(const char *s, const char *e, struct oomkit__pfx *p)
{
	const char *t = s, *te = token_end(s, e), *q;
	long d;

	if (te - t < 2 || te - t > 12 || memchr(t, ':', (size_t)(te - t)) ||
	    memchr(t, '[', (size_t)(te - t)))
		return NULL;
	q = skip_blanks(te, e);
	if (q == te)
		return NULL;
	/* journalctl -o short-full: "Sat 2022-03-19 03:42:11 UTC" */
	if (e - q >= 10 && q[4] == '-' && read_ymd(q, e, p)) {
		q += 10;
		if (q >= e || *q != ' ')
			return NULL;
		q = read_hms(q + 1, e, p);
		if (!q)
			return NULL;
		q = read_frac(q, e, &p->usec);
		if (q < e && *q == ' ' && q + 1 < e && (q[1] == '+' || q[1] == '-'))
			q = read_tz(q + 1, e, p);
		else if (q < e && *q == ' ') {
			const char *z = token_end(q + 1, e);

			if (z - q - 1 >= 2 && z - q - 1 <= 6 && isalph(q[1])) {
				zone_name(q + 1, z, p);
				q = z;
			}
		}
		return q;
	}
	q = read_num(q, e, 2, &d);
	if (!q || q >= e || *q != ' ' || d < 1 || d > 31)
		return NULL;
	q = skip_blanks(q, e);
	q = read_hms(q, e, p);
	if (!q)
		return NULL;
	p->mday = (int)d;
	p->mon = -1; /* looked up only when the time is needed */
	p->mon_tok = t;
	p->mon_len = (size_t)(te - t);
	return read_frac(q, e, &p->usec);
}

/*
 * OpenWrt's logread: "Sat Mar 19 03:42:11 2022 kern.warn kernel: ". The
 * weekday, a syslog clock, the year, and the facility.level, which is
 * skipped so that the tag comes next.
 */
static const char *logread_stamp(const char *s, const char *e, struct oomkit__pfx *p)
{
	const char *te = token_end(s, e), *q;
	long y;

	if (te - s < 2 || te - s > 12 || memchr(s, ':', (size_t)(te - s)))
		return NULL;
	q = skip_blanks(te, e);
	if (q == te || q >= e || !(isalph(*q) || (unsigned char)*q >= 0x80))
		return NULL;
	q = syslog_stamp(q, e, p);
	if (!q || e - q < 6 || *q != ' ' || read_num(q + 1, q + 5, 4, &y) != q + 5 || q[5] != ' ')
		return NULL;
	p->year = (int)y;
	q += 5;
	te = token_end(skip_blanks(q, e), e);
	if (is_fac_level(skip_blanks(q, e), te, p))
		q = te;
	return q;
}

/*
 * A dmesg time stamp that lost its '[' in a paste: "41066.536886] ".
 * Only with the six digits dmesg prints after the point.
 */
static const char *lost_bracket(const char *s, const char *e, struct oomkit__pfx *p)
{
	const char *q = s;
	long long sec = 0;
	long usec = 0;

	while (q < e && isdig(*q) && q - s < 12)
		sec = sec * 10 + (*q++ - '0');
	if (q >= e || *q != '.' || e - q < 8)
		return NULL;
	if (read_frac(q, e, &usec) != q + 7 || q[7] != ']')
		return NULL;
	p->boot_us = sec * 1000000LL + usec;
	return q + 8;
}

/*
 * A /dev/kmsg record as "cat /dev/kmsg" prints it:
 * "6,1093,4102012345,-;message" (priority, sequence, microseconds since
 * boot, flags). The time text is the record's prefix.
 */
static const char *kmsg_record(const char *s, const char *e, struct oomkit__pfx *p)
{
	const char *q = s, *f[3];
	long long us = 0, pri = 0;
	int i;

	for (i = 0; i < 3; i++) {
		f[i] = q;
		while (q < e && isdig(*q) && q - f[i] < 20)
			q++;
		if (q == f[i] || q >= e || *q != ',')
			return NULL;
		q++;
	}
	for (; q < e && *q != ';' && *q != ',' && q - s < 64; q++)
		if (*q == ' ')
			return NULL;
	if (q >= e || (*q != ';' && *q != ','))
		return NULL;
	if (*q == ',') { /* newer kernels: more fields before ';' */
		q = memchr(q, ';', (size_t)(e - q) < 64 ? (size_t)(e - q) : 64);
		if (!q)
			return NULL;
	}
	for (i = 0; isdig(f[2][i]) && i < 18; i++)
		us = us * 10 + (f[2][i] - '0');
	p->boot_us = us;
	/* the priority is facility x 8 + level: from 8 on, a userspace write */
	for (i = 0; isdig(f[0][i]) && i < 18; i++)
		pri = pri * 10 + (f[0][i] - '0');
	p->not_kern = pri >= 8;
	p->time_text = s;
	p->time_len = (size_t)(q - s);
	return q + 1;
}

/* RFC 5424 header field: a token of 1..@max printable characters */
static const char *r5424_field(const char *s, const char *e, size_t max)
{
	const char *te;

	if (s >= e || *s != ' ')
		return NULL;
	s++;
	te = token_end(s, e);
	if (te == s || (size_t)(te - s) > max)
		return NULL;
	return te;
}

/*
 * The rest of an RFC 5424 header after "<PRI>": "1 TIMESTAMP HOSTNAME
 * APP-NAME PROCID MSGID STRUCTURED-DATA". The app name is the tag: only
 * "kernel" is the kernel's, "-" (none) is an empty tag. Returns the
 * message start, or NULL when this is not such a header.
 */
static const char *rfc5424_header(const char *s, const char *e, struct oomkit__pfx *p)
{
	struct oomkit__pfx t;
	const char *ts, *q, *host, *hoste, *app, *appe, *sd;

	if (e - s < 4 || s[0] != '1' || s[1] != ' ')
		return NULL;
	t = *p;
	ts = s + 2;
	if (*ts == '-' && (ts + 1 == e || ts[1] == ' '))
		q = ts + 1;
	else
		q = iso_stamp(ts, e, &t);
	if (!q)
		return NULL;
	host = q + 1;
	if (!(hoste = r5424_field(q, e, 255)))
		return NULL;
	app = hoste + 1;
	if (!(appe = r5424_field(hoste, e, 48)))
		return NULL;
	if (!(q = r5424_field(appe, e, 128))) /* PROCID */
		return NULL;
	if (!(q = r5424_field(q, e, 32))) /* MSGID */
		return NULL;
	if (q >= e || *q != ' ' || q + 1 >= e)
		return NULL;
	sd = q + 1;
	if (*sd == '-') {
		q = sd + 1;
	} else if (*sd == '[') {
		/* SD-ELEMENTs: "[id name=\"va\\]lue\"]...", quotes escaped */
		int inq = 0;

		for (q = sd; q < e; q++) {
			if (inq && *q == '\\' && q + 1 < e)
				q++;
			else if (*q == '"')
				inq = !inq;
			else if (!inq && *q == ']' && (q + 1 == e || q[1] != '['))
				break;
		}
		if (q >= e)
			return NULL;
		q++;
	} else {
		return NULL;
	}
	if (q < e && *q != ' ')
		return NULL;
	*p = t;
	if (ts[0] != '-') {
		p->time_text = ts;
		p->time_len = (size_t)(appe - ts);
	}
	if (!(hoste - host == 1 && *host == '-')) {
		p->host = host;
		p->host_len = (size_t)(hoste - host);
	}
	p->ident = app;
	p->ident_len = appe - app == 1 && *app == '-' ? 0 : (size_t)(appe - app);
	/* UTF-8 byte order mark in front of the message */
	if (e - q >= 4 && q[1] == '\xef' && q[2] == '\xbb' && q[3] == '\xbf')
		q += 3;
	return q;
}

/* Does this look like the start of a time stamp or a kernel line prefix? */
static int stamp_ahead(const char *s, const char *e)
{
	if (s >= e)
		return 0;
	if (*s == '[' || *s == '<')
		return 1;
	if (e - s >= 10 && isdig(s[0]) && s[4] == '-' && s[7] == '-')
		return 1;
	if (isalph(*s) || (unsigned char)*s >= 0x80)
		return 1;
	return 0;
}

/* grep -r / -n file name prefix: "/var/log/kern.log:", "kern.log.1:12:" */
static const char *grep_prefix(const char *s, const char *e)
{
	const char *q, *lim = e - s > 512 ? s + 512 : e;
	int slash = 0, dot = 0;

	for (q = s; q < lim && *q != ':'; q++) {
		if (isblank_(*q) || *q == '[' || *q == '(' || *q == '=')
			return NULL;
		if (*q == '/')
			slash = 1;
		else if (*q == '.')
			dot = 1;
	}
	if (q >= lim || q == s || (!slash && !dot))
		return NULL;
	q++;
	/* grep -n: "file:123:" */
	if (q < e && isdig(*q)) {
		const char *d = q;

		while (d < e && isdig(*d))
			d++;
		if (d < e && (*d == ':' || *d == '-'))
			q = d + 1;
	}
	if (*s != '/' && !(s[0] == '.' && s + 1 < e && s[1] == '/') && !stamp_ahead(q, e))
		return NULL;
	if (*s != '/' && q < e && *q == ' ')
		return NULL; /* "foo.service: message" */
	return q;
}

const char *oomkit__report_strip(const char *line, size_t len, struct oomkit__pfx *p,
				 int keep_numbers, size_t *mlen)
{
	const char *s = line, *e = line + len, *q;
	int i;

	memset(p, 0, sizeof(*p));
	p->boot_us = -1;
	p->realtime_us = -1;

	while (e > s &&
	       (e[-1] == '\n' || e[-1] == '\r' || isblank_(e[-1]) || e[-1] == '\0' || e[-1] == '`'))
		e--;

	/* RFC 5424 without its priority (rsyslog's RSYSLOG_SyslogProtocol23 file) */
	if (s < e && *s == '1' && (q = rfc5424_header(s, e, p)) != NULL) {
		s = q;
		goto tagged;
	}

	/* decorations added by people: quoting, line numbers, file names */
	for (i = 0; i < 8; i++) {
		s = skip_blanks(s, e);
		if (s >= e)
			break;
		if (*s == '>' || *s == '`') { /* quoting, code fences */
			s++;
			p->decorated = 1;
			continue;
		}
		if (*s == '#' && s + 1 < e && isdig(s[1])) {
			q = s + 1;
			while (q < e && isdig(*q))
				q++;
			if (q < e && (*q == ' ' || *q == ':')) {
				s = q + 1;
				p->decorated = 1;
				continue;
			}
			break;
		}
		if (isdig(*s) && !keep_numbers) {
			q = s;
			while (q < e && isdig(*q) && q - s < 12)
				q++;
			if (q < e && *q == ':' &&
			    (q + 1 >= e || q[1] == ' ' || stamp_ahead(q + 1, e))) {
				s = q + 1;
				p->decorated = 1;
				continue;
			}
			if (q < e && isblank_(*q)) {
				const char *r = skip_blanks(q, e);

				if (stamp_ahead(r, e)) {
					s = r;
					p->decorated = 1;
					continue;
				}
			}
			break;
		}
		if (*s == '/' || *s == '.' || isalph(*s)) {
			q = grep_prefix(s, e);
			if (q) {
				s = q;
				p->decorated = 1;
				continue;
			}
		}
		break;
	}

	/* dmesg -x facility and level */
	if (s < e &&
	    (*s == 'k' || *s == 'u' || *s == 'd' || *s == 'a' || *s == 's' || *s == 'l' ||
	     *s == 'm' || *s == 'n' || *s == 'c' || *s == 'f') &&
	    (q = decode_prefix(s, e, p)))
		s = q;

	/* <4> priority: facility x 8 + level, the kernel's facility is 0 */
	if (s + 2 < e && *s == '<' && isdig(s[1])) {
		long pri = 0;

		q = s + 1;
		while (q < e && isdig(*q) && q - s < 5)
			pri = pri * 10 + (*q++ - '0');
		if (q < e && *q == '>') {
			s = q + 1;
			if (pri >= 8)
				p->not_kern = 1;
			/* RFC 5424: "<13>1 2024-03-19T03:42:11Z host app ..." */
			if ((q = rfc5424_header(s, e, p)) != NULL) {
				s = q;
				goto tagged;
			}
		}
	}

	if (s < e && *s == '[') {
		q = boot_bracket(s, e, p);
		if (!q)
			q = clock_bracket(s, e, p);
		if (!q && (q = rel_bracket(s, e)) != NULL)
			p->has_clock = -1; /* "some time", kept as text */
		if (q) {
			p->time_text = s;
			q = caller_bracket(q, e, p);
			p->time_len = (size_t)(q - s);
			/* journalctl -o short-monotonic: "[ 1.2] host kernel:" */
			s = host_and_tag(q, e, 1, p);
		}
	} else if (s < e && isdig(*s) && (q = kmsg_record(s, e, p)) != NULL) {
		s = q;
	} else if (s < e && isdig(*s) && (q = lost_bracket(s, e, p)) != NULL) {
		p->time_text = s;
		p->time_len = (size_t)(q - s);
		s = q;
	} else if (s < e && isdig(*s) && cjk_month(s, e) && (q = syslog_stamp(s, e, p)) != NULL) {
		/* journalctl short in Japanese, Chinese, Korean: "3月 19 ..." */
		p->time_text = s;
		p->time_len = (size_t)(q - s);
		s = host_and_tag(q, e, 0, p);
	} else if (s < e && isdig(*s)) {
		q = iso_stamp(s, e, p);
		if (!q)
			q = unix_stamp(s, e, p);
		if (q) {
			/*
			 * dmesg --time-format=iso writes a decimal comma and
			 * no host or tag; RFC 3339 (rsyslog, syslog-ng),
			 * journalctl -o short-iso[-precise] and short-unix
			 * write a syslog header.
			 */
			int dmesg_iso = memchr(s, ',', (size_t)(q - s)) != NULL;

			p->time_text = s;
			p->time_len = (size_t)(q - s);
			s = host_and_tag(q, e, dmesg_iso, p);
		}
	} else if (s < e && (isalph(*s) || (unsigned char)*s >= 0x80)) {
		if (e - s >= 7 && !memcmp(s, "kernel:", 7)) {
			p->ident = s;
			p->ident_len = 6;
			s += 7;
		} else if ((q = logread_stamp(s, e, p)) != NULL) {
			p->time_text = s;
			p->time_len = (size_t)(q - s);
			s = host_and_tag(q, e, 0, p);
		} else if ((q = syslog_stamp(s, e, p)) != NULL) {
			const char *r;

			p->time_text = s;
			p->time_len = (size_t)(q - s);
			r = host_and_tag(q, e, 0, p);
			/* "Jun 12 06:39:16: msg": a wrapper's stamp, no host */
			if (r == q && e - q >= 2 && q[0] == ':' && q[1] == ' ')
				r = q + 2;
			s = r;
		}
	}
tagged:
	/* "kernel: [ 123.456]" after a syslog prefix */
	if (p->ident && p->ident_len == 6 && !memcmp(p->ident, "kernel", 6) && p->boot_us < 0) {
		q = skip_blanks(s, e);
		if (q < e && *q == '[' && (q = boot_bracket(q, e, p)) != NULL) {
			q = caller_bracket(q, e, p);
			if (!p->time_text)
				p->time_text = skip_blanks(s, e);
			p->time_len = (size_t)(q - p->time_text);
			s = q;
		}
	}
	if (!p->has_clock && p->boot_us < 0 && p->realtime_us < 0) {
		p->time_text = NULL;
		p->time_len = 0;
	}
	if (p->has_clock < 0)
		p->has_clock = 0;
	s = skip_blanks(s, e);
	*mlen = (size_t)(e - s);
	return s;
}

/* days since 1970-01-01 of a proleptic Gregorian date */
static long long days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long long oomkit__pfx_realtime(const struct oomkit__pfx *p, int assume_year)
{
	int year = p->year ? p->year : assume_year;
	int mon = p->mon;
	long long t;

	if (p->realtime_us >= 0)
		return p->realtime_us;
	if (mon < 0)
		mon = p->mon_tok ? oomkit__month_from_name(p->mon_tok, p->mon_len) : 0;
	if (!p->has_clock || mon <= 0 || !p->mday || year < 1970 || year > 9999)
		return -1;
	if (p->tz_known) {
		t = days_from_civil(year, mon, p->mday) * 86400LL + p->hour * 3600LL +
		    p->min * 60LL + p->sec - p->tzoff_min * 60LL;
	} else {
		struct tm tm;
		time_t tt;

		memset(&tm, 0, sizeof(tm));
		tm.tm_year = year - 1900;
		tm.tm_mon = mon - 1;
		tm.tm_mday = p->mday;
		tm.tm_hour = p->hour;
		tm.tm_min = p->min;
		tm.tm_sec = p->sec;
		tm.tm_isdst = -1;
		tt = mktime(&tm);
		if (tt == (time_t)-1)
			return -1;
		if (p->zone_tok && (!tm.tm_zone || strlen(tm.tm_zone) != p->zone_len ||
				    memcmp(tm.tm_zone, p->zone_tok, p->zone_len)))
			return -1; /* another zone's name: its offset is not known */
		t = (long long)tt;
	}
	return t * 1000000LL + p->usec;
}
