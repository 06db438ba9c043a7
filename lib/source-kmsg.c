/*
 * source-kmsg.c - the kernel ring buffer through /dev/kmsg.
 *
 * Each read() returns exactly one record (Documentation/ABI/testing/
 * dev-kmsg). The kernel formats at most PRINTK_MESSAGE_MAX (2048) bytes of
 * text plus the header and dictionary; escaping can make the text up to
 * four times longer, so the buffer is OOMKIT__KMSG_MAX (16 KiB): a record
 * never fails with EINVAL for being too long.
 *
 * The fd is non-blocking: EAGAIN means we are at the end. EPIPE means the
 * record we were about to read was overwritten; the next read() continues
 * with the oldest record still there, so we count the loss and go on.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oomkit/source.h"
#include "source-private.h"

struct kmsg {
	int fd;
	unsigned long long next_seq; /* expected next seq, to count gaps */
	int have_seq;
	char buf[OOMKIT__KMSG_MAX + 1];
	char scratch[OOMKIT__KMSG_MAX + 1];
};

static ssize_t read_record(struct kmsg *k)
{
	ssize_t n;

	n = read(k->fd, k->buf, sizeof(k->buf) - 1); /* EINTR: see text */
	if (n < 0)
		return -errno;
	k->buf[n] = '\0';
	return n;
}

static int kmsg_read(struct oomkit_source *src, struct oomkit_report_parser *rp)
{
	struct kmsg *k = src->priv;
	int done = 0;

	while (done < 1024) {
		struct oomkit__kmsg_rec rec;
		ssize_t n = read_record(k);
		int r;

		if (n == -EAGAIN || n == 0)
			break;
		if (n == -EPIPE) {
			/* overwritten before we got there; the gap is
			 * counted from the sequence numbers below */
			continue;
		}
		if (n == -EINTR)
			return done > 0 ? done : -EINTR; /* call again */
		if (n < 0)
			return (int)n;
		done++;
		if (oomkit__kmsg_parse(k->buf, (size_t)n, &rec) < 0)
			continue;
		if (k->have_seq && rec.seq > k->next_seq)
			src->stat[OOMKIT_SOURCE_LOST] += (long long)(rec.seq - k->next_seq);
		k->next_seq = rec.seq + 1;
		k->have_seq = 1;
		r = oomkit__kmsg_feed(src, rp, &rec, k->scratch, NULL);
		if (r < 0)
			return r;
	}
	return done;
}

static int kmsg_get_fd(struct oomkit_source *src, short *events)
{
	struct kmsg *k = src->priv;

	if (events)
		*events = POLLIN;
	return k->fd;
}

static void kmsg_close(struct oomkit_source *src)
{
	struct kmsg *k = src->priv;

	if (k) {
		if (k->fd >= 0)
			close(k->fd);
		free(k);
	}
}

static const struct oomkit__source_ops kmsg_ops = {
	.read = kmsg_read,
	.get_fd = kmsg_get_fd,
	.close = kmsg_close,
};

int oomkit_source_open_kmsg(struct oomkit_source **srcp, const char *path)
{
	struct oomkit_source *src;
	struct stat st;
	struct kmsg *k;
	int fd;

	if (!srcp)
		return -EINVAL;
	*srcp = NULL;
	if (!path)
		path = "/dev/kmsg";
	if (strcmp(path, "-") == 0)
		return oomkit__source_text_fd(srcp, STDIN_FILENO, "-", 1);
	fd = oomkit__source_open_path(path, O_NONBLOCK, &st);
	if (fd < 0)
		return fd;
	if (!S_ISCHR(st.st_mode)) {
		/* a saved capture: read it as text in kmsg format */
		int fl = fcntl(fd, F_GETFL);

		if (fl >= 0)
			(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
		return oomkit__source_text_fd(srcp, fd, path, 1);
	}
	k = calloc(1, sizeof(*k));
	src = k ? oomkit__source_new(OOMKIT_SOURCE_KMSG, &kmsg_ops, path) : NULL;
	if (!src) {
		free(k);
		close(fd);
		return -ENOMEM;
	}
	k->fd = fd;
	src->priv = k;
	src->boot_time_us = oomkit__boot_time_us();
	*srcp = src;
	return 0;
}

int oomkit_source_kmsg_first(struct oomkit_source *src, long long *boot_us)
{
	struct oomkit__kmsg_rec rec;
	struct kmsg *k;
	off_t pos;
	int r = -ENODATA;

	if (!src || !boot_us)
		return -EINVAL;
	if (src->kind != OOMKIT_SOURCE_KMSG || src->ops != &kmsg_ops)
		return -EOPNOTSUPP;
	k = src->priv;
	/* SEEK_SET on /dev/kmsg goes to the oldest record in the buffer */
	pos = lseek(k->fd, 0, SEEK_SET);
	if (pos < 0)
		return -errno;
	for (;;) {
		ssize_t n = read_record(k);

		if (n == -EPIPE)
			continue;
		if (n == -EAGAIN || n == 0)
			break;
		if (n < 0) {
			r = (int)n;
			break;
		}
		if (oomkit__kmsg_parse(k->buf, (size_t)n, &rec) == 0) {
			*boot_us = rec.usec;
			r = 0;
			break;
		}
	}
	if (lseek(k->fd, 0, SEEK_SET) < 0 && r == 0)
		r = -errno;
	return r;
}
