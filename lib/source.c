/*
 * source.c - log sources: the common object and the kmsg record format
 * shared by /dev/kmsg and text captures of it.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "oomkit/source.h"
#include "source-private.h"

struct oomkit_source *oomkit__source_new(enum oomkit_source_kind kind,
					 const struct oomkit__source_ops *ops, const char *name)
{
	struct oomkit_source *src = calloc(1, sizeof(*src));

	if (!src) {
		errno = ENOMEM;
		return NULL;
	}
	src->name = oomkit__strdup(name);
	if (!src->name) {
		free(src);
		errno = ENOMEM;
		return NULL;
	}
	src->kind = kind;
	src->ops = ops;
	src->boot_time_us = -1;
	src->since_us = -1;
	return src;
}

long long oomkit__boot_time_us(void)
{
	struct timespec rt, mono;

	if (clock_gettime(CLOCK_REALTIME, &rt) < 0 || clock_gettime(CLOCK_MONOTONIC, &mono) < 0)
		return -1;
	return ((long long)rt.tv_sec - (long long)mono.tv_sec) * 1000000LL +
	       ((long long)rt.tv_nsec - (long long)mono.tv_nsec) / 1000;
}

static int parse_ull(const char **p, const char *end, unsigned long long *v)
{
	unsigned long long n = 0;
	const char *s = *p;

	if (s >= end || !isdigit((unsigned char)*s))
		return -1;
	while (s < end && isdigit((unsigned char)*s)) {
		unsigned d = (unsigned)(*s - '0');

		if (n > (~0ULL - d) / 10)
			return -1;
		n = n * 10 + d;
		s++;
	}
	*p = s;
	*v = n;
	return 0;
}

int oomkit__kmsg_parse(const char *buf, size_t len, struct oomkit__kmsg_rec *rec)
{
	const char *p = buf, *end = buf + len, *semi, *nl;
	unsigned long long prio, seq, usec;

	if (parse_ull(&p, end, &prio) < 0 || p >= end || *p++ != ',')
		return -OOMKIT_EPARSE;
	if (parse_ull(&p, end, &seq) < 0 || p >= end || *p++ != ',')
		return -OOMKIT_EPARSE;
	if (parse_ull(&p, end, &usec) < 0 || p >= end || (*p != ',' && *p != ';'))
		return -OOMKIT_EPARSE;
	/* flags and any fields added later, up to ';' */
	semi = memchr(p, ';', (size_t)(end - p));
	if (!semi)
		return -OOMKIT_EPARSE;
	nl = memchr(p, '\n', (size_t)(semi - p));
	if (nl || prio > 0x7ffff || usec > (unsigned long long)1 << 62)
		return -OOMKIT_EPARSE;
	/* ",flags[,caller=T1234]": the printk caller id keeps reports that
	 * two CPUs print at once apart */
	rec->caller[0] = '\0';
	{
		const char *c = memmem(p, (size_t)(semi - p), ",caller=", 8);

		if (c) {
			size_t n = 0;

			c += 8;
			while (c + n < semi && c[n] != ',' && n < sizeof(rec->caller) - 1)
				n++;
			memcpy(rec->caller, c, n);
			rec->caller[n] = '\0';
		}
	}
	rec->facility = (int)(prio >> 3);
	rec->level = (int)(prio & 7);
	rec->seq = seq;
	rec->usec = (long long)usec;
	rec->msg = semi + 1;
	nl = memchr(rec->msg, '\n', (size_t)(end - rec->msg));
	rec->msg_len = (size_t)((nl ? nl : end) - rec->msg);
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t oomkit__kmsg_unescape(const char *in, size_t len, char *out)
{
	size_t i = 0, n = 0;

	while (i < len) {
		const char *bs = memchr(in + i, '\\', len - i);
		size_t run = bs ? (size_t)(bs - (in + i)) : len - i;
		int hi, lo;

		memcpy(out + n, in + i, run);
		n += run;
		i += run;
		if (i >= len)
			break;
		/* in[i] == '\\' */
		if (i + 3 < len && in[i + 1] == 'x' && (hi = hexval(in[i + 2])) >= 0 &&
		    (lo = hexval(in[i + 3])) >= 0 && (hi | lo) != 0) {
			out[n++] = (char)(hi << 4 | lo);
			i += 4;
		} else {
			out[n++] = in[i++];
		}
	}
	out[n] = '\0';
	return n;
}

int oomkit__kmsg_feed(struct oomkit_source *src, struct oomkit_report_parser *rp,
		      const struct oomkit__kmsg_rec *rec, char *scratch, const char *origin)
{
	char seqorigin[32];
	size_t len = rec->msg_len;
	long long rt;
	int r;

	/*
	 * Facility 0 is the kernel. Anything else was written to /dev/kmsg
	 * by a userspace program (systemd in early boot, anyone with root)
	 * and must not pass for a kernel OOM report.
	 */
	if (rec->facility != 0) {
		src->stat[OOMKIT_SOURCE_SKIPPED]++;
		return 0;
	}
	if (len > OOMKIT__KMSG_MAX) {
		len = OOMKIT__KMSG_MAX;
		src->stat[OOMKIT_SOURCE_CUT]++;
	}
	len = oomkit__kmsg_unescape(rec->msg, len, scratch);
	if (!origin) {
		snprintf(seqorigin, sizeof(seqorigin), "kmsg:%llu", rec->seq);
		origin = seqorigin;
	}
	rt = src->boot_time_us >= 0 ? src->boot_time_us + rec->usec : -1;
	r = oomkit_report_feed_kmsg(rp, scratch, len, rec->usec, rt,
				    rec->caller[0] ? rec->caller : NULL, origin);
	if (r < 0)
		return r;
	src->stat[OOMKIT_SOURCE_LINES]++;
	return 1;
}

int oomkit_current_boot_id(char *buf, size_t size)
{
	char raw[64];
	ssize_t n;
	size_t i, o = 0;

	if (!buf || size < 33)
		return -EINVAL;
	n = oomkit__read_at(AT_FDCWD, "/proc/sys/kernel/random/boot_id", raw, sizeof(raw));
	if (n < 0)
		return (int)n;
	for (i = 0; i < (size_t)n && o < 32; i++) {
		if (raw[i] == '-')
			continue;
		if (hexval(raw[i]) < 0)
			break;
		buf[o++] = (char)tolower((unsigned char)raw[i]);
	}
	if (o != 32)
		return -OOMKIT_EPARSE;
	buf[32] = '\0';
	return 0;
}

int oomkit_source_read(struct oomkit_source *src, struct oomkit_report_parser *rp)
{
	if (!src || !rp)
		return -EINVAL;
	return src->ops->read(src, rp);
}

int oomkit_source_get_fd(struct oomkit_source *src, short *events)
{
	if (!src)
		return -EINVAL;
	if (!src->ops->get_fd)
		return -EOPNOTSUPP;
	return src->ops->get_fd(src, events);
}

int oomkit_source_process(struct oomkit_source *src)
{
	if (!src)
		return -EINVAL;
	return src->ops->process ? src->ops->process(src) : 0;
}

int oomkit_source_set_since(struct oomkit_source *src, long long realtime_us)
{
	if (src)
		src->since_us = realtime_us;
	return 0;
}

int oomkit_source_set_boot_time(struct oomkit_source *src, long long realtime_us)
{
	if (src) {
		src->boot_time_us = realtime_us;
		src->boot_time_set = 1;
	}
	return 0;
}

enum oomkit_source_kind oomkit_source_kind(const struct oomkit_source *src)
{
	return src->kind;
}

const char *oomkit_source_name(const struct oomkit_source *src)
{
	return src ? src->name : NULL;
}

int oomkit_source_year(const struct oomkit_source *src, int *year)
{
	const char *name = oomkit_source_name(src);
	struct stat st;
	struct tm tm;
	time_t t = time(NULL);

	if (!src)
		return -EINVAL;
	if (src->kind != OOMKIT_SOURCE_JOURNAL && name && strcmp(name, "-") != 0 &&
	    strcmp(name, "/dev/kmsg") != 0 && stat(name, &st) == 0)
		t = st.st_mtime;
	if (!localtime_r(&t, &tm))
		return -ENODATA;
	if (year)
		*year = tm.tm_year + 1900;
	return 0;
}

int oomkit_source_stat(const struct oomkit_source *src, enum oomkit_source_stat item,
		       long long *val)
{
	if (!src || (unsigned)item >= OOMKIT_SOURCE_STAT_COUNT_)
		return -EINVAL;
	if (val)
		*val = src->stat[item];
	return 0;
}

void oomkit_source_free(struct oomkit_source *src)
{
	if (!src)
		return;
	if (src->ops && src->ops->close)
		src->ops->close(src);
	free(src->name);
	free(src);
}

int oomkit_source_first_time(struct oomkit_source *src, long long *realtime_us)
{
	long long v;
	int r;

	if (!src || !realtime_us)
		return -EINVAL;
	if (src->kind == OOMKIT_SOURCE_JOURNAL) {
		v = oomkit__journal_first_us();
		if (v < 0)
			return (int)v;
	} else {
		r = oomkit_source_kmsg_first(src, &v);
		if (r < 0)
			return r;
		if (src->boot_time_us < 0)
			return -ENODATA;
		v += src->boot_time_us;
	}
	*realtime_us = v;
	return 0;
}

void oomkit_sources_remove_overlap(struct oomkit_source *const *srcs, size_t n)
{
	char id[33];
	long long first;
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (!srcs[i] || oomkit_source_kmsg_first(srcs[i], &first) < 0 ||
		    oomkit_current_boot_id(id, sizeof(id)) < 0)
			continue;
		for (j = 0; j < n; j++)
			if (srcs[j] && oomkit_source_kind(srcs[j]) == OOMKIT_SOURCE_JOURNAL)
				oomkit_source_journal_leave_boot(srcs[j], id, first);
	}
}

int oomkit_sources_open_system(struct oomkit_system_sources *sys, long long since_us)
{
	struct oomkit_source *both[2];
	int has;

	if (!sys)
		return -EINVAL;
	memset(sys, 0, sizeof(*sys));
	sys->kmsg_err = oomkit_source_open_kmsg(&sys->kmsg, NULL);
	if (sys->kmsg_err < 0)
		sys->kmsg = NULL;
	has = oomkit_source_journal_has_data();
	if (has > 0) {
		sys->journal_err = oomkit_source_open_journal(&sys->journal, NULL);
		if (sys->journal_err < 0)
			sys->journal = NULL;
	} else {
		sys->journal_err = has == 0 ? -ENOENT : has;
	}
	if (sys->journal && since_us >= 0)
		oomkit_source_set_since(sys->journal, since_us);
	both[0] = sys->journal;
	both[1] = sys->kmsg;
	oomkit_sources_remove_overlap(both, 2);
	if (!sys->journal && !sys->kmsg)
		return sys->kmsg_err;
	return 0;
}
