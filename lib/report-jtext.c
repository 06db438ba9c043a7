/*
 * report-jtext.c - journal records pasted as text: "journalctl -o json"
 * (one JSON object a line) and "journalctl -o export" (one FIELD=value a
 * line, a blank line after each record). Their MESSAGE, clocks, host and
 * sender are read as a structured record, not as a line that has
 * "MESSAGE=" in it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report-private.h"

/* decimal digits of [s, e) as a number, or -1 */
static long long digits(const char *s, const char *e)
{
	long long v = 0;
	int n = 0;

	while (s < e && isdig(*s) && n < 19) {
		v = v * 10 + (*s++ - '0');
		n++;
	}
	return n && s == e ? v : -1;
}

static size_t put_utf8(char *o, unsigned c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xc0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	o[0] = (char)(0xe0 | (c >> 12));
	o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
	o[2] = (char)(0x80 | (c & 0x3f));
	return 3;
}

/*
 * The value of "KEY": in a JSON object [s, e), decoded into out (size
 * osz): a string with its escapes, or the journal's array of byte values
 * for a field that is not UTF-8. Returns its length, or -1 when absent.
 */
static long json_field(const char *s, const char *e, const char *key, char *out, size_t osz)
{
	size_t kl = strlen(key), o = 0;
	const char *q = find(s, (size_t)(e - s), key, kl);

	if (!q)
		return -1;
	q += kl;
	while (q < e && (*q == ' ' || *q == ':'))
		q++;
	if (q < e && *q == '[') { /* [72,101,...] */
		for (q++; q < e && *q != ']' && o + 1 < osz;) {
			long long v;
			const char *z = num(q, e, &v);

			if (!z || v < 0 || v > 255)
				return -1;
			out[o++] = (char)v;
			q = z;
			while (q < e && (*q == ',' || *q == ' '))
				q++;
		}
		out[o] = '\0';
		return (long)o;
	}
	if (q >= e || *q != '"')
		return -1;
	for (q++; q < e && *q != '"' && o + 4 < osz; q++) {
		if (*q != '\\' || q + 1 >= e) {
			out[o++] = *q;
			continue;
		}
		switch (*++q) {
		case 'n':
			out[o++] = '\n';
			break;
		case 't':
			out[o++] = '\t';
			break;
		case 'r':
			out[o++] = '\r';
			break;
		case 'b':
		case 'f':
			break;
		case 'u': {
			unsigned c = 0;
			int i;

			for (i = 1; i <= 4 && q + i < e; i++) {
				int d = q[i];

				c = c * 16 + (unsigned)(d >= '0' && d <= '9' ?
								d - '0' :
							(d | 0x20) >= 'a' && (d | 0x20) <= 'f' ?
								(d | 0x20) - 'a' + 10 :
								0);
			}
			q += 4;
			o += put_utf8(out + o, c);
			break;
		}
		default:
			out[o++] = *q;
			break;
		}
	}
	out[o] = '\0';
	return (long)o;
}

/*
 * Is the record the kernel's? SYSLOG_IDENTIFIER and SYSLOG_FACILITY are
 * the sender's to choose (logger -t kernel, systemd-cat -t kernel);
 * _TRANSPORT is journald's own: "kernel" only for what it read from
 * /dev/kmsg. Without a transport, a facility other than kern (0) is a
 * userspace sender's; without either, the identifier decides.
 */
static int jrec_kernel(const struct oomkit__jrec *j)
{
	if (j->transport[0])
		return !strcmp(j->transport, "kernel");
	if (j->facility[0])
		return !strcmp(j->facility, "0");
	return !j->ident[0] || !strcmp(j->ident, "kernel");
}

/* the record held from "-o export" lines, fed when it is complete */
static int export_flush(struct oomkit_report_parser *rp)
{
	struct oomkit__jrec *j = &rp->jrec;
	int kernel = jrec_kernel(j);
	int rc = 0;

	/*
	 * Userspace records are read for their sender (the userspace
	 * killers); one calling itself "kernel", or nothing, is none of them.
	 */
	if (j->has_msg && (kernel || (j->ident[0] && strcmp(j->ident, "kernel"))))
		rc = oomkit_report_feed_record(rp, j->msg, j->msg_len, j->boot_us, j->realtime_us,
					       j->host[0] ? j->host : NULL,
					       kernel ? NULL : j->ident,
					       j->origin[0] ? j->origin : NULL);
	j->has_msg = 0;
	j->msg_len = 0;
	j->boot_us = j->realtime_us = -1;
	j->host[0] = j->ident[0] = j->transport[0] = j->facility[0] = '\0';
	return rc;
}

static int json_line(struct oomkit_report_parser *rp, const char *s, size_t n, const char *origin)
{
	struct oomkit__jrec *j = &rp->jrec;
	const char *e = s + n;
	char v[32];
	long l;

	if (export_flush(rp) < 0)
		return -ENOMEM;
	l = json_field(s, e, "\"MESSAGE\"", j->msg, sizeof(j->msg));
	if (l < 0)
		return 0;
	j->msg_len = (size_t)l;
	j->has_msg = 1;
	if (json_field(s, e, "\"__REALTIME_TIMESTAMP\"", v, sizeof(v)) > 0)
		j->realtime_us = digits(v, v + strlen(v));
	if (json_field(s, e, "\"_SOURCE_MONOTONIC_TIMESTAMP\"", v, sizeof(v)) > 0)
		j->boot_us = digits(v, v + strlen(v));
	json_field(s, e, "\"_HOSTNAME\"", j->host, sizeof(j->host));
	json_field(s, e, "\"SYSLOG_IDENTIFIER\"", j->ident, sizeof(j->ident));
	json_field(s, e, "\"_TRANSPORT\"", j->transport, sizeof(j->transport));
	json_field(s, e, "\"SYSLOG_FACILITY\"", j->facility, sizeof(j->facility));
	cpy(j->origin, sizeof(j->origin), origin ? origin : "", origin ? strlen(origin) : 0);
	return export_flush(rp) < 0 ? -ENOMEM : 1;
}

/* "KEY=value" of "-o export": the fields read; 1 when the line is one */
static int export_line(struct oomkit_report_parser *rp, const char *s, size_t n, const char *origin)
{
	struct oomkit__jrec *j = &rp->jrec;
	const char *e = s + n, *eq = memchr(s, '=', n < 64 ? n : 64), *q;

	if (!eq || eq == s)
		return 0;
	for (q = s; q < eq; q++)
		if (!((*q >= 'A' && *q <= 'Z') || isdig(*q) || *q == '_'))
			return 0;
	q = eq + 1;
#define KEY(k) ((size_t)(eq - s) == sizeof(k) - 1 && !memcmp(s, k, sizeof(k) - 1))
	if (KEY("__CURSOR") || KEY("__REALTIME_TIMESTAMP")) {
		if (j->has_msg && export_flush(rp) < 0)
			return -ENOMEM;
		rp->jrec_on = 1;
		if (KEY("__REALTIME_TIMESTAMP"))
			j->realtime_us = digits(q, e);
	} else if (!rp->jrec_on) {
		return 0;
	} else if (KEY("_SOURCE_MONOTONIC_TIMESTAMP")) {
		j->boot_us = digits(q, e);
	} else if (KEY("_HOSTNAME")) {
		cpy(j->host, sizeof(j->host), q, (size_t)(e - q));
	} else if (KEY("SYSLOG_IDENTIFIER")) {
		cpy(j->ident, sizeof(j->ident), q, (size_t)(e - q));
	} else if (KEY("_TRANSPORT")) {
		cpy(j->transport, sizeof(j->transport), q, (size_t)(e - q));
	} else if (KEY("SYSLOG_FACILITY")) {
		cpy(j->facility, sizeof(j->facility), q, (size_t)(e - q));
	} else if (KEY("MESSAGE")) {
		j->msg_len = (size_t)(e - q) < sizeof(j->msg) ? (size_t)(e - q) :
								sizeof(j->msg) - 1;
		memcpy(j->msg, q, j->msg_len);
		j->has_msg = 1;
		cpy(j->origin, sizeof(j->origin), origin ? origin : "",
		    origin ? strlen(origin) : 0);
	}
#undef KEY
	return 1;
}

int oomkit__report_jtext(struct oomkit_report_parser *rp, const char *line, size_t len,
			 const char *origin)
{
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (!len)
		return rp->jrec_on ? (export_flush(rp) < 0 ? -ENOMEM : 1) : 0;
	if (line[0] == '{')
		return json_line(rp, line, len, origin);
	if (line[0] == '_' || (rp->jrec_on && line[0] >= 'A' && line[0] <= 'Z'))
		return export_line(rp, line, len, origin);
	return 0;
}

int oomkit__report_jtext_end(struct oomkit_report_parser *rp)
{
	int rc = export_flush(rp);

	rp->jrec_on = 0;
	return rc;
}
