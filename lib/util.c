/*
 * util.c - whole-file reads and strict number parsing for kernel text.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oomkit/memcg.h"
#include "oomkit/common.h"
#include "util-private.h"

static int open_at(int dirfd, const char *name)
{
	int fd;

	do
		fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	while (fd < 0 && errno == EINTR);
	return fd < 0 ? -errno : fd;
}

/* oomkit__read_at(); @short_eof: a read short of the buffer ends the file. */
static ssize_t read_at(int dirfd, const char *name, char *buf, size_t size, int short_eof)
{
	size_t len = 0;
	int fd;

	if (!buf || size == 0)
		return -EINVAL;
	fd = open_at(dirfd, name);
	if (fd < 0)
		return fd;
	for (;;) {
		ssize_t n;

		if (len == size - 1) {
			char extra;

			/* Full: is there more? */
			do
				n = read(fd, &extra, 1);
			while (n < 0 && errno == EINTR);
			buf[len] = '\0';
			close(fd);
			if (n < 0)
				return -errno;
			return n == 0 ? (ssize_t)len : -EFBIG;
		}
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			close(fd);
			return -e;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (short_eof && len < size - 1)
			break;
	}
	close(fd);
	buf[len] = '\0';
	return (ssize_t)len;
}

ssize_t oomkit__read_at(int dirfd, const char *name, char *buf, size_t size)
{
	return read_at(dirfd, name, buf, size, 0);
}

ssize_t oomkit__read_proc_at(int dirfd, const char *name, char *buf, size_t size)
{
	return read_at(dirfd, name, buf, size, 1);
}

ssize_t oomkit__read_alloc_at(int dirfd, const char *name, char **out)
{
	size_t cap = 4096, len = 0;
	char *buf;
	int fd;

	*out = NULL;
	fd = open_at(dirfd, name);
	if (fd < 0)
		return fd;
	buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t n;

		if (cap - len < 2) {
			char *nb;

			if (cap > (size_t)64 << 20) { /* 64 MiB: not kernel text */
				free(buf);
				close(fd);
				return -EFBIG;
			}
			nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				close(fd);
				return -ENOMEM;
			}
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - 1 - len);
		if (n < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			free(buf);
			close(fd);
			return -e;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	*out = buf;
	return (ssize_t)len;
}

int oomkit__parse_ll(const char **s, long long *v)
{
	const char *p = *s;
	unsigned long long acc = 0;
	int neg = 0, any = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '-' || *p == '+') {
		neg = *p == '-';
		p++;
	}
	while (*p >= '0' && *p <= '9') {
		unsigned d = (unsigned)(*p - '0');

		if (acc > (ULLONG_MAX - d) / 10)
			return -ERANGE;
		acc = acc * 10 + d;
		any = 1;
		p++;
	}
	if (!any)
		return -EINVAL;
	if (neg) {
		if (acc > (unsigned long long)LLONG_MAX + 1)
			return -ERANGE;
		*v = acc == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)acc;
	} else {
		if (acc > (unsigned long long)LLONG_MAX)
			return -ERANGE;
		*v = (long long)acc;
	}
	*s = p;
	return 0;
}

int oomkit__parse_kb(const char **s, long long *v)
{
	const char *p = *s;
	long long x;
	int rc = oomkit__parse_ll(&p, &x);

	if (rc < 0)
		return rc;
	if (x < 0 || x > OOMKIT__KB_MAX)
		return -ERANGE;
	*s = p;
	*v = x;
	return 0;
}

int oomkit__parse_ll_full(const char *s, long long *v)
{
	int rc = oomkit__parse_ll(&s, v);

	if (rc < 0)
		return rc;
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	return *s ? -EINVAL : 0;
}

const char *oomkit__find_key(const char *text, const char *key, char sep)
{
	size_t klen = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (strncmp(p, key, klen) == 0 && p[klen] == sep)
			return p + klen + 1;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

char *oomkit__strdup(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		errno = ENOMEM;
	return d;
}

int oomkit__read_ll_at(int dirfd, const char *name, long long *v)
{
	char buf[64];
	ssize_t n = oomkit__read_at(dirfd, name, buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	if (strncmp(buf, "max", 3) == 0 && (buf[3] == '\n' || buf[3] == '\0')) {
		*v = OOMKIT_UNLIMITED;
		return 0;
	}
	return oomkit__parse_ll_full(buf, v) < 0 ? -OOMKIT_EPARSE : 0;
}

/*
 * "1.23" -> 123 (hundredths). The kernel prints "%lu.%02lu" and clamps
 * each sample to its period, so an average is 0.00..100.00; a sign, a
 * larger value or trailing garbage is not the kernel's.
 */
static int parse_centi(const char *p, long long *v)
{
	long long ip = 0, frac = 0;
	int digits = 0;

	if (!isdigit((unsigned char)*p))
		return -OOMKIT_EPARSE;
	for (; isdigit((unsigned char)*p); p++) {
		ip = ip * 10 + (*p - '0');
		if (ip > 100)
			return -OOMKIT_EPARSE;
	}
	if (*p == '.') {
		p++;
		for (; isdigit((unsigned char)*p); p++, digits++)
			if (digits < 2)
				frac = frac * 10 + (*p - '0');
		if (digits == 1)
			frac *= 10;
	}
	if (*p && *p != ' ' && *p != '\n')
		return -OOMKIT_EPARSE;
	if (ip == 100 && frac > 0)
		return -OOMKIT_EPARSE;
	*v = ip * 100 + frac;
	return 0;
}

/* The value of "@key" (e.g. "avg10=") on the line [@line, @eol), or NULL. */
static const char *psi_field(const char *line, const char *eol, const char *key)
{
	const char *p = line;

	while ((p = strstr(p, key)) && p < eol) {
		if (p == line || p[-1] == ' ')
			return p + strlen(key);
		p++;
	}
	return NULL;
}

int oomkit__parse_psi(const char *text, long long vals[8])
{
	static const char *const kinds[2] = { "some", "full" };
	static const char *const avgs[3] = { "avg10=", "avg60=", "avg300=" };
	int k, i, found = 0;

	for (k = 0; k < 8; k++)
		vals[k] = -1;
	for (k = 0; k < 2; k++) {
		const char *line = oomkit__find_key(text, kinds[k], ' ');
		const char *eol, *p;

		if (!line)
			continue;
		/* every value is looked for on this line only */
		eol = line + strcspn(line, "\n");
		for (i = 0; i < 3; i++)
			if ((p = psi_field(line, eol, avgs[i])))
				parse_centi(p, &vals[k * 4 + i]);
		/* a microsecond count, "%llu" */
		if ((p = psi_field(line, eol, "total=")) && isdigit((unsigned char)*p))
			oomkit__parse_ll(&p, &vals[k * 4 + 3]);
		found++;
	}
	return found ? 0 : -OOMKIT_EPARSE;
}
