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

#define WRAP_JOINS	4	/* physical lines joined at most */

/*
 * A kill or trigger line whose end is on the next physical line: 2 when
 * surely cut (ends with a comma, no pid or comm yet), 1 when maybe (a kill
 * line that stops after the comm: old kernels print nothing more, a
 * wrapped one goes on with "total-vm:" on the next line).
 */
static int looks_cut(const char *m, size_t n)
{
	const char *k, *e = m + n;

	if (!n)
		return 0;
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
		if ((m[n - 1] == ')' || (n > 1 && m[n - 2] == ')' &&
					 m[n - 1] == '.')) &&
		    !FIND(k, (size_t)(e - k), "total-vm:") &&
		    !FIND(k, (size_t)(e - k), "vsz:"))
			return 1;
	}
	return 0;
}

/* the rest of a kill line: "total-vm:...", "anon-rss:...", ... */
static int kill_rest(const char *m, size_t n)
{
	return STARTS(m, n, "total-vm:") || STARTS(m, n, "vsz:") ||
	       STARTS(m, n, "anon-rss:") || STARTS(m, n, "file-rss:") ||
	       STARTS(m, n, "shmem-rss:") || STARTS(m, n, "UID") ||
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

static void wrap_hold(struct oomkit_report_parser *rp, const char *m,
		      size_t n, const struct oomkit__pfx *p, const char *origin)
{
	n = n < WRAP_MAX ? n : WRAP_MAX;
	memcpy(rp->wrap, m, n);
	rp->wrap_len = n;
	rp->wrap_joins = 0;
	rp->wrap_pfx = *p;
	if (p->mon < 0) {
		rp->wrap_pfx.mon = oomkit__month_from_name(p->mon_tok,
							   p->mon_len);
		rp->wrap_pfx.mon_tok = NULL;
	}
	keep(rp->wrap_time, sizeof(rp->wrap_time), &rp->wrap_pfx.time_text,
	     &rp->wrap_pfx.time_len);
	keep(rp->wrap_host, sizeof(rp->wrap_host), &rp->wrap_pfx.host,
	     &rp->wrap_pfx.host_len);
	keep(rp->wrap_ident, sizeof(rp->wrap_ident), &rp->wrap_pfx.ident,
	     &rp->wrap_pfx.ident_len);
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
					  rp->wrap_origin[0] ? rp->wrap_origin :
							       NULL, -1);
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
				i++;	/* the final byte */
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
	       STARTS(m, n, "Memory cgroup") || STARTS(m, n, "oom") ||
	       STARTS(m, n, "Kill") || FIND(m, n, " invoked oom-killer");
}

int oomkit__report_wrap_start(struct oomkit_report_parser *rp, const char *m,
			      size_t n, const struct oomkit__pfx *p,
			      const char *origin)
{
	int cut = looks_cut(m, n);

	if (!cut)
		return 0;
	wrap_hold(rp, m, n, p, origin);
	rp->wrap_cut = cut;
	return 1;
}

int oomkit__report_wrap_join(struct oomkit_report_parser *rp,
			     const char *line, size_t len)
{
	struct oomkit__pfx p;
	const char *m;
	size_t n;
	int rc;

	m = oomkit__report_strip(line, len, &p, 1, &n);
	if (!n)
		return 1;	/* blank (double-spaced paste) */
	if (!p.time_text && !p.ident && !is_start(m, n) &&
	    (rp->wrap_cut == 2 || kill_rest(m, n)) &&
	    rp->wrap_joins < WRAP_JOINS &&
	    rp->wrap_len + 1 + n <= WRAP_MAX) {
		rp->wrap[rp->wrap_len++] = ' ';
		memcpy(rp->wrap + rp->wrap_len, m, n);
		rp->wrap_len += n;
		rp->wrap_joins++;
		rp->wrap_cut = looks_cut(rp->wrap, rp->wrap_len);
		if (rp->wrap_cut && rp->wrap_joins < WRAP_JOINS)
			return 1;
		rc = oomkit__report_wrap_finish(rp);
		return rc < 0 ? rc : 1;
	}
	rc = oomkit__report_wrap_finish(rp);
	return rc < 0 ? rc : 0;
}

void oomkit__report_decolour(struct oomkit_report_parser *rp,
			     const char **line, size_t *len)
{
	/*
	 * dmesg --color=always, pasted: the line starts with an escape (the
	 * time stamp is coloured first); drop the escape sequences. Only
	 * then: elsewhere an escape may be part of a hostile comm, kept as
	 * logged.
	 */
	if (*len && colour_start(*line, *len)) {
		*len = strip_ansi(*line, *len, rp->scratch,
				  sizeof(rp->scratch));
		*line = rp->scratch;
	}
}
