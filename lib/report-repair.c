/*
 * report-repair.c - damage done to log lines on their way to us: a kill or
 * trigger line wrapped over several physical lines (mail, terminals), and
 * the colour escapes of a pasted "dmesg --color=always".
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "report-private.h"

#define WRAP_JOINS 6 /* physical lines joined at most */

/*
 * A kill or trigger line whose end is on the next physical line: 2 when
 * surely cut (ends with a comma, no pid or comm yet), 1 when maybe (a kill
 * line that stops after the comm: old kernels print nothing more, a
 * wrapped one goes on with "total-vm:" on the next line).
 */
/* "oom-kill:...,uid=N" ends with the uid */
static int summary_done(const char *m, size_t n)
{
	const char *e = m + n, *d = e;

	while (d > m && isdig(d[-1]))
		d--;
	return d < e && d - m >= 5 && !memcmp(d - 5, ",uid=", 5);
}

/*
 * A line that holds a memcg path or the summary, wrapped by a person or a
 * mail client (anywhere, even inside a path): 2 when surely cut, 1 when
 * maybe (the path at the end of "Task in ... limit of /B" may go on).
 * *glue: the pieces join without a blank.
 */
static int path_cut(const char *m, size_t n, int *glue)
{
	*glue = 1;
	if (STARTS(m, n, "oom-kill:"))
		return summary_done(m, n) ? 0 : 2;
	if (STARTS(m, n, "Memory cgroup stats for "))
		return m[n - 1] == ':' || FIND(m, n, ": ") ? 0 : 2;
	if (STARTS(m, n, "Task in ")) {
		if (!FIND(m, n, " killed as a result of limit of "))
			return 2;
		return m[n - 1] == '/' ? 2 : 1;
	}
	if (STARTS(m, n, "Tasks in "))
		return FIND(m, n, " are going to be killed") ? 0 : 2;
	*glue = 0;
	return 0;
}

static int looks_cut(const char *m, size_t n, int *glue)
{
	const char *k, *e = m + n;
	int c;

	*glue = 0;
	if (!n)
		return 0;
	/* a shell-style continuation: "...,\" */
	if (m[n - 1] == '\\') {
		path_cut(m, n, glue);
		return 2;
	}
	if ((c = path_cut(m, n, glue)) != 0)
		return c;
	k = FIND(m, n, "Killed process");
	if (!k)
		k = FIND(m, n, " invoked oom-killer:");
	if (!k)
		return 0;
	if (m[n - 1] == ',' || (k[0] == ' ' && m[n - 1] == ':'))
		return 2;
	if (k[0] == 'K') {
		const char *s = k + 14;
		long long v;

		while (s < e && *s == ' ')
			s++;
		if (s == e)
			return 2;
		s = num(s, e, &v);
		if (s && s == e)
			return 2;
		if (s && s < e && !memchr(s, ')', (size_t)(e - s)))
			return 2;
		if ((m[n - 1] == ')' || (n > 1 && m[n - 2] == ')' && m[n - 1] == '.')) &&
		    !FIND(k, (size_t)(e - k), "total-vm:") && !FIND(k, (size_t)(e - k), "vsz:"))
			return 1;
	}
	return 0;
}

/* the rest of a kill line: "total-vm:...", "anon-rss:...", ... */
static int kill_rest(const char *m, size_t n)
{
	return STARTS(m, n, "total-vm:") || STARTS(m, n, "vsz:") || STARTS(m, n, "anon-rss:") ||
	       STARTS(m, n, "file-rss:") || STARTS(m, n, "shmem-rss:") || STARTS(m, n, "UID") ||
	       STARTS(m, n, "pgtables:") || STARTS(m, n, "oom_score_adj:");
}

static void keep(char *dst, size_t dsz, const char **p, size_t *l)
{
	size_t n = *l < dsz - 1 ? *l : dsz - 1;

	if (*p)
		memcpy(dst, *p, n);
	dst[n] = '\0';
	*p = *p ? dst : NULL;
	*l = *p ? n : 0;
}

static void wrap_hold(struct oomkit_report_parser *rp, const char *m, size_t n,
		      const struct oomkit__pfx *p, const char *origin)
{
	n = n < WRAP_MAX ? n : WRAP_MAX;
	memcpy(rp->wrap, m, n);
	rp->wrap_len = n;
	rp->wrap_joins = 0;
	rp->wrap_pfx = *p;
	if (p->mon < 0) {
		rp->wrap_pfx.mon = oomkit__month_from_name(p->mon_tok, p->mon_len);
		rp->wrap_pfx.mon_tok = NULL;
	}
	keep(rp->wrap_time, sizeof(rp->wrap_time), &rp->wrap_pfx.time_text, &rp->wrap_pfx.time_len);
	keep(rp->wrap_host, sizeof(rp->wrap_host), &rp->wrap_pfx.host, &rp->wrap_pfx.host_len);
	keep(rp->wrap_ident, sizeof(rp->wrap_ident), &rp->wrap_pfx.ident, &rp->wrap_pfx.ident_len);
	keep(rp->wrap_caller, sizeof(rp->wrap_caller), &rp->wrap_pfx.caller,
	     &rp->wrap_pfx.caller_len);
	cpy(rp->wrap_origin, sizeof(rp->wrap_origin), origin ? origin : "",
	    origin ? strlen(origin) : 0);
}

int oomkit__report_wrap_finish(struct oomkit_report_parser *rp)
{
	size_t n = rp->wrap_len;

	if (!n)
		return 0;
	rp->wrap_len = 0;
	return oomkit__report_kernel_line(rp, rp->wrap, n, &rp->wrap_pfx,
					  rp->wrap_origin[0] ? rp->wrap_origin : NULL, -1);
}

/* copy without ESC sequences (CSI "ESC [ ... final", or ESC + one byte) */
static size_t strip_ansi(const char *in, size_t n, char *out, size_t osz)
{
	size_t i = 0, o = 0;

	while (i < n && o < osz) {
		if (in[i] != '\x1b') {
			out[o++] = in[i++];
			continue;
		}
		i++;
		if (i < n && in[i] == '[') {
			i++;
			while (i < n && (unsigned char)in[i] >= 0x20 &&
			       (unsigned char)in[i] <= 0x3f)
				i++;
			if (i < n)
				i++; /* the final byte */
		} else if (i < n) {
			i++;
		}
	}
	return o;
}

static int colour_start(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && i < 16 && (s[i] == ' ' || s[i] == '>' || s[i] == '\t'))
		i++;
	return i + 1 < n && s[i] == '\x1b' && s[i + 1] == '[';
}

static int is_start(const char *m, size_t n)
{
	return STARTS(m, n, "Killed process") || STARTS(m, n, "Out of") ||
	       STARTS(m, n, "Memory cgroup") || STARTS(m, n, "oom-kill:") ||
	       STARTS(m, n, "oom_reaper:") || STARTS(m, n, "oomd") || STARTS(m, n, "Kill") ||
	       FIND(m, n, " invoked oom-killer");
}

/* the rest of a path: one word, no blank, not a line of its own */
static int path_rest(const char *m, size_t n)
{
	return !memchr(m, ' ', n) && !memchr(m, '=', n) &&
	       !(m[n - 1] == ':' && memchr(m, ':', n) != m + n - 1);
}

/* drop a trailing shell continuation "\" (and the blanks before it) */
static size_t unslash(const char *m, size_t n)
{
	if (n && m[n - 1] == '\\') {
		n--;
		while (n && (m[n - 1] == ' ' || m[n - 1] == '\t'))
			n--;
	}
	return n;
}

int oomkit__report_wrap_start(struct oomkit_report_parser *rp, const char *m, size_t n,
			      const struct oomkit__pfx *p, const char *origin)
{
	int glue, cut = looks_cut(m, n, &glue);

	if (!cut)
		return 0;
	wrap_hold(rp, m, unslash(m, n), p, origin);
	rp->wrap_cut = cut;
	rp->wrap_glue = glue;
	return 1;
}

int oomkit__report_wrap_join(struct oomkit_report_parser *rp, const char *line, size_t len)
{
	struct oomkit__pfx p;
	const char *m;
	size_t n;
	int rc;

	m = oomkit__report_strip(line, len, &p, 1, &n);
	if (!n)
		return 1; /* blank (double-spaced paste) */
	if (!p.time_text && !p.ident && !p.not_kern && !is_start(m, n) &&
	    (rp->wrap_cut == 2 || (rp->wrap_glue ? path_rest(m, n) : kill_rest(m, n))) &&
	    rp->wrap_joins < WRAP_JOINS && rp->wrap_len + 1 + n <= WRAP_MAX) {
		int glue, slash = m[n - 1] == '\\';

		n = unslash(m, n);
		if (!rp->wrap_glue)
			rp->wrap[rp->wrap_len++] = ' ';
		memcpy(rp->wrap + rp->wrap_len, m, n);
		rp->wrap_len += n;
		rp->wrap_joins++;
		rp->wrap_cut = slash ? 2 : looks_cut(rp->wrap, rp->wrap_len, &glue);
		if (rp->wrap_cut && rp->wrap_joins < WRAP_JOINS)
			return 1;
		rc = oomkit__report_wrap_finish(rp);
		return rc < 0 ? rc : 1;
	}
	rc = oomkit__report_wrap_finish(rp);
	return rc < 0 ? rc : 0;
}

void oomkit__report_decolour(struct oomkit_report_parser *rp, const char **line, size_t *len)
{
	/*
	 * dmesg --color=always, pasted: the line starts with an escape (the
	 * time stamp is coloured first); drop the escape sequences. Only
	 * then: elsewhere an escape may be part of a hostile comm, kept as
	 * logged.
	 */
	if (*len && colour_start(*line, *len)) {
		*len = strip_ansi(*line, *len, rp->scratch, sizeof(rp->scratch));
		*line = rp->scratch;
	}
}

/* ------------------------------------------------------------------ */
/* forum markup, quoted-printable mail, records glued on one line       */

/* "[b]", "[/color]", "[SIZE=2]", "[color="red"]": its length, else 0 */
static size_t bbcode_len(const char *s, const char *e)
{
	static const char *const tags[] = { "b",     "i",     "u",       "s",      "color",
					    "size",  "font",  "code",    "quote",  "highlight",
					    "pre",   "tt",    "spoiler", "indent", "center",
					    "left",  "right", "icode",   "php",    "noparse",
					    "sub",   "sup",   "mono",    "url",    "hr",
					    "strike" };
	const char *q = s + 1, *name;
	size_t nl, i, k;

	if (q < e && *q == '/')
		q++;
	name = q;
	while (q < e && q - name < 10 && ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z'))
		q++;
	nl = (size_t)(q - name);
	if (!nl || q >= e || (*q != ']' && *q != '='))
		return 0;
	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		if (strlen(tags[i]) != nl)
			continue;
		for (k = 0; k < nl; k++)
			if ((name[k] | 0x20) != tags[i][k])
				break;
		if (k == nl)
			break;
	}
	if (i == sizeof(tags) / sizeof(tags[0]))
		return 0;
	if (*q == '=') {
		const char *lim = e - q > 64 ? q + 64 : e;

		while (q < lim && *q != ']' && *q != '[')
			q++;
		if (q >= lim || *q != ']')
			return 0;
	}
	return (size_t)(q + 1 - s);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Quoted-printable text encodes every '=' as "=3D": a line with "=3D"
 * switches the decoding on, a line with an '=' that is not "=XX" (a kernel
 * "pid=12," is "pid=3D12," there) switches it off.
 */
static void qp_mode(struct oomkit_report_parser *rp, const char *s, size_t n)
{
	const char *e = s + n, *q = s;

	if (FIND(s, n, "=3D")) {
		rp->qp = 1;
		return;
	}
	while (rp->qp && (q = memchr(q, '=', (size_t)(e - q))) != NULL) {
		if (q + 1 < e && !(q + 2 < e && hexval(q[1]) >= 0 && hexval(q[2]) >= 0))
			rp->qp = 0;
		q++;
	}
}

int oomkit__report_unmangle(struct oomkit_report_parser *rp, const char **line, size_t *len)
{
	const char *s = *line, *e = s + *len, *q;
	size_t o = 0, cap = sizeof(rp->clean) - 1;
	int markup = 0, soft = 0, nbsp;

	while (e > s && (e[-1] == '\n' || e[-1] == '\r'))
		e--;
	if (memchr(s, '=', (size_t)(e - s)))
		qp_mode(rp, s, (size_t)(e - s));
	for (q = memchr(s, '[', *len); q && !markup; q = memchr(q + 1, '[', (size_t)(e - q - 1)))
		if (bbcode_len(q, e))
			markup = 1;
	/* a web page's no-break spaces (U+00A0) */
	for (q = memchr(s, '\xc2', (size_t)(e - s)), nbsp = 0; q && !nbsp;
	     q = memchr(q + 1, '\xc2', (size_t)(e - q - 1)))
		nbsp = q + 1 < e && q[1] == '\xa0';
	if (!markup && !rp->qp && !nbsp)
		return 0;
	if (rp->qp && e > s && e[-1] == '=') {
		soft = 1;
		e--;
	}
	for (q = s; q < e && o < cap;) {
		size_t l;

		if (*q == '[' && (l = bbcode_len(q, e)) != 0) {
			q += l;
			continue;
		}
		if (rp->qp && *q == '=' && q + 2 < e && hexval(q[1]) >= 0 && hexval(q[2]) >= 0) {
			rp->clean[o++] = (char)(hexval(q[1]) * 16 + hexval(q[2]));
			q += 3;
			continue;
		}
		if (nbsp && *q == '\xc2' && q + 1 < e && q[1] == '\xa0') {
			rp->clean[o++] = ' ';
			q += 2;
			continue;
		}
		rp->clean[o++] = *q++;
	}
	rp->clean[o] = '\0';
	*line = rp->clean;
	*len = o;
	return soft;
}

size_t oomkit__report_stamp_len(const char *s, size_t n)
{
	const char *e = s + n, *q = s + 1;
	int nd = 0;

	if (!n || *s != '[')
		return 0;
	while (q < e && *q == ' ')
		q++;
	while (q < e && isdig(*q) && nd < 12) {
		q++;
		nd++;
	}
	if (!nd || q >= e || *q != '.')
		return 0;
	q++;
	nd = 0;
	while (q < e && isdig(*q) && nd < 9) {
		q++;
		nd++;
	}
	if (!nd || q >= e || *q != ']')
		return 0;
	return (size_t)(q + 1 - s);
}

/* is @q inside a "(comm" that opened at most a comm's length before? */
static int in_comm(const char *m, const char *q)
{
	const char *o = q;

	while (o > m && q - o <= COMMLEN && o[-1] != '(' && o[-1] != ')')
		o--;
	return o > m && o[-1] == '(';
}

size_t oomkit__report_glued(const char *m, size_t n)
{
	const char *q = m, *e = m + n;

	/* not in a comm: "Killed process 5 (a[ 1.000000]b)" is one record */
	while (q + 1 < e && (q = memchr(q + 1, '[', (size_t)(e - q - 1))) != NULL)
		if (oomkit__report_stamp_len(q, (size_t)(e - q)) && !in_comm(m, q))
			return (size_t)(q - m);
	return n;
}
