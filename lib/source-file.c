/*
 * source-file.c - text logs: plain, gzip, xz or zstd files and stdin.
 *
 * The format is recognised from the first bytes (magic numbers), never
 * from the file name, so stdin and renamed rotations work. Every format
 * goes through the same streaming decoder loop into one fixed buffer, and
 * lines are cut at OOMKIT_SOURCE_LINE_MAX; the xz and zstd decoders get
 * a fixed budget (OOMKIT_SOURCE_DECODER_MEM_MAX): memory use does not
 * depend on the input.
 *
 * A file whose first line is a /dev/kmsg record ("6,1234,5678,-;text")
 * is a capture of /dev/kmsg (cat /dev/kmsg > file): its records are fed
 * with their own timestamps and continuation lines (" KEY=value") are
 * skipped.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>
#ifdef HAVE_LZMA
#include <lzma.h>
#endif
#ifdef HAVE_ZSTD
#include <zstd.h>
#include <zstd_errors.h>
#endif

#include "oomkit/source.h"
#include "report-private.h"
#include "source-private.h"

#define IN_SIZE (128 * 1024)
#define BUF_SIZE (256 * 1024) /* > 2 * OOMKIT_SOURCE_LINE_MAX */

enum fmt { FMT_UNKNOWN, FMT_PLAIN, FMT_GZIP, FMT_XZ, FMT_ZSTD };

struct text {
	int fd;
	int own_fd;
	enum fmt fmt;
	int kmsg;       /* -1 detect from the first line, 0 no, 1 yes */
	int in_eof;     /* read() returned 0 */
	int out_eof;    /* decoder has no more output */
	int stream_end; /* decoder finished its last frame */
	int skipping;   /* discarding the rest of a cut line */

	unsigned char *in; /* compressed input */
	size_t in_len, in_pos;

	char *buf; /* decoded text */
	size_t len, start;

	z_stream zs;
	int zs_init;
#ifdef HAVE_LZMA
	lzma_stream ls;
	int ls_init;
#endif
#ifdef HAVE_ZSTD
	ZSTD_DStream *zds;
#endif

	char *origin;       /* "<name>:<line>" updated in place */
	size_t digits_at;   /* offset of the line number in origin */
	char *scratch;      /* kmsg unescape space */
	long long mtime_us; /* a file's modification time, 0: none */
};

/* Increment the decimal line number at the end of t->origin. */
static void next_line_number(struct text *t)
{
	char *d = t->origin + t->digits_at;
	size_t n = strlen(d), i = n;

	while (i > 0) {
		if (d[i - 1] != '9') {
			d[i - 1]++;
			return;
		}
		d[i - 1] = '0';
		i--;
	}
	/* all nines: one more digit (the buffer has room for 20) */
	memmove(d + 1, d, n + 1);
	d[0] = '1';
}

static ssize_t read_raw(struct text *t, void *dst, size_t cap)
{
	ssize_t n;

	/*
	 * EINTR is not retried: a signal handler installed without
	 * SA_RESTART wants its caller back (oomlog -f checks its stop
	 * flag); nothing is lost, the next read goes on.
	 */
	n = read(t->fd, dst, cap);
	if (n < 0)
		return -errno;
	if (n == 0)
		t->in_eof = 1;
	return n;
}

static int fill_input(struct text *t)
{
	ssize_t n;

	if (t->in_pos < t->in_len || t->in_eof)
		return 0;
	n = read_raw(t, t->in, IN_SIZE);
	if (n < 0)
		return (int)n;
	t->in_pos = 0;
	t->in_len = (size_t)n;
	return 0;
}

static int detect(struct text *t)
{
	static const unsigned char xz[] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
	static const unsigned char zst[] = { 0x28, 0xb5, 0x2f, 0xfd };
	int r;

	/* up to 6 bytes of magic: read until we have them or EOF */
	while (t->in_len < sizeof(xz) && !t->in_eof) {
		ssize_t n = read_raw(t, t->in + t->in_len, IN_SIZE - t->in_len);

		if (n < 0)
			return (int)n;
		t->in_len += (size_t)n;
	}
	if (t->in_len >= 2 && t->in[0] == 0x1f && t->in[1] == 0x8b) {
		t->fmt = FMT_GZIP;
		/* 15 window bits + 16: gzip wrapper only */
		r = inflateInit2(&t->zs, 15 + 16);
		if (r != Z_OK)
			return -ENOMEM;
		t->zs_init = 1;
	} else if (t->in_len >= sizeof(xz) && memcmp(t->in, xz, sizeof(xz)) == 0) {
#ifdef HAVE_LZMA
		lzma_stream init = LZMA_STREAM_INIT;

		t->ls = init;
		/* the header's dictionary size is checked, not allocated */
		if (lzma_stream_decoder(&t->ls, OOMKIT_SOURCE_DECODER_MEM_MAX, LZMA_CONCATENATED) !=
		    LZMA_OK)
			return -ENOMEM;
		t->ls_init = 1;
		t->fmt = FMT_XZ;
#else
		return -EPROTONOSUPPORT;
#endif
	} else if (t->in_len >= sizeof(zst) && memcmp(t->in, zst, sizeof(zst)) == 0) {
#ifdef HAVE_ZSTD
		t->zds = ZSTD_createDStream();
		if (!t->zds || ZSTD_isError(ZSTD_initDStream(t->zds)) ||
		    ZSTD_isError(ZSTD_DCtx_setParameter(t->zds, ZSTD_d_windowLogMax,
							OOMKIT_SOURCE_ZSTD_WINDOWLOG_MAX)))
			return -ENOMEM;
		t->fmt = FMT_ZSTD;
#else
		return -EPROTONOSUPPORT;
#endif
	} else {
		t->fmt = FMT_PLAIN;
	}
	return 0;
}

/* Plain text: what is left of the magic bytes read, then straight reads. */
static ssize_t decode_plain(struct text *t, char *dst, size_t cap)
{
	ssize_t n;

	if (t->in_pos < t->in_len) {
		size_t k = t->in_len - t->in_pos;

		if (k > cap)
			k = cap;
		memcpy(dst, t->in + t->in_pos, k);
		t->in_pos += k;
		return (ssize_t)k;
	}
	if (t->in_eof) {
		t->out_eof = 1;
		return 0;
	}
	n = read_raw(t, dst, cap);
	if (n == 0)
		t->out_eof = 1;
	return n;
}

/*
 * One step of a decompressor: decode what t->in holds into @dst (up to
 * @cap bytes, the count in *@produced, which may be 0 when it needs more
 * input). Returns 0 to go on, 1 at the clean end of the data, or a
 * negative errno (-EBADMSG corrupt or truncated, -OOMKIT_EMEMLIMIT).
 */
static int step_gzip(struct text *t, char *dst, size_t cap, size_t *produced)
{
	int r;

	if (t->stream_end) {
		/* another gzip member follows, or the end */
		if (t->in_pos >= t->in_len)
			return t->in_eof ? 1 : 0;
		if (t->in[t->in_pos] != 0x1f)
			return 1; /* trailing garbage (zero padding): gzip ignores it too */
		inflateReset(&t->zs);
		t->stream_end = 0;
	}
	t->zs.next_in = t->in + t->in_pos;
	t->zs.avail_in = (uInt)(t->in_len - t->in_pos);
	t->zs.next_out = (Bytef *)dst;
	t->zs.avail_out = (uInt)cap;
	r = inflate(&t->zs, Z_NO_FLUSH);
	t->in_pos = t->in_len - t->zs.avail_in;
	*produced = cap - t->zs.avail_out;
	if (r == Z_STREAM_END)
		t->stream_end = 1;
	else if (r == Z_BUF_ERROR)
		return t->in_eof && *produced == 0 ? -EBADMSG : 0; /* truncated */
	else if (r != Z_OK)
		return r == Z_MEM_ERROR ? -ENOMEM : -EBADMSG;
	return 0;
}

#ifdef HAVE_LZMA
static int step_xz(struct text *t, char *dst, size_t cap, size_t *produced)
{
	lzma_ret lr;

	if (t->stream_end)
		return 1;
	t->ls.next_in = t->in + t->in_pos;
	t->ls.avail_in = t->in_len - t->in_pos;
	t->ls.next_out = (uint8_t *)dst;
	t->ls.avail_out = cap;
	lr = lzma_code(&t->ls, t->in_eof ? LZMA_FINISH : LZMA_RUN);
	t->in_pos = t->in_len - t->ls.avail_in;
	*produced = cap - t->ls.avail_out;
	switch (lr) {
	case LZMA_STREAM_END:
		/* LZMA_CONCATENATED: the end of the last stream */
		t->stream_end = 1;
		return *produced == 0;
	case LZMA_OK:
		return 0;
	case LZMA_MEM_ERROR:
		return -ENOMEM;
	case LZMA_MEMLIMIT_ERROR:
		return -OOMKIT_EMEMLIMIT;
	case LZMA_BUF_ERROR:
		return t->in_eof && *produced == 0 ? -EBADMSG : 0;
	default:
		return -EBADMSG;
	}
}
#endif

#ifdef HAVE_ZSTD
static int step_zstd(struct text *t, char *dst, size_t cap, size_t *produced)
{
	ZSTD_inBuffer zin = { t->in + t->in_pos, t->in_len - t->in_pos, 0 };
	ZSTD_outBuffer zout = { dst, cap, 0 };
	size_t zr;

	/* also with no input left: output may be pending */
	zr = ZSTD_decompressStream(t->zds, &zout, &zin);
	if (ZSTD_isError(zr))
		return ZSTD_getErrorCode(zr) == ZSTD_error_frameParameter_windowTooLarge ?
			       -OOMKIT_EMEMLIMIT :
			       -EBADMSG;
	t->in_pos += zin.pos;
	*produced = zout.pos;
	/* without progress zr is the next frame's size hint */
	if (zin.pos > 0 || zout.pos > 0)
		t->stream_end = zr == 0;
	if (zout.pos == 0 && t->in_pos >= t->in_len && t->in_eof)
		return t->stream_end ? 1 : -EBADMSG; /* clean only right after a frame */
	return 0;
}
#endif

/* Decode up to @cap bytes into @dst. Returns the count, 0 at the end. */
static ssize_t decode(struct text *t, char *dst, size_t cap)
{
	int (*step)(struct text *, char *, size_t, size_t *) = NULL;

	if (t->out_eof)
		return 0;
	switch (t->fmt) {
	case FMT_GZIP:
		step = step_gzip;
		break;
#ifdef HAVE_LZMA
	case FMT_XZ:
		step = step_xz;
		break;
#endif
#ifdef HAVE_ZSTD
	case FMT_ZSTD:
		step = step_zstd;
		break;
#endif
	default:
		return decode_plain(t, dst, cap);
	}
	for (;;) {
		size_t produced = 0;
		int r = fill_input(t);

		if (r == 0)
			r = step(t, dst, cap, &produced);
		if (r < 0)
			return r;
		if (r > 0) {
			t->out_eof = 1;
			return 0;
		}
		if (produced > 0)
			return (ssize_t)produced;
	}
}

static int feed_line(struct oomkit_source *src, struct oomkit_report_parser *rp, struct text *t,
		     const char *line, size_t len)
{
	struct oomkit__kmsg_rec rec;
	int r;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (t->kmsg < 0) {
		if (len == 0)
			return 0;
		t->kmsg = oomkit__kmsg_parse(line, len, &rec) == 0;
	}
	if (t->kmsg) {
		/* continuation lines " KEY=value" and garbage are skipped */
		if (oomkit__kmsg_parse(line, len, &rec) < 0) {
			src->stat[OOMKIT_SOURCE_SKIPPED]++;
			return 0;
		}
		if (!t->scratch) {
			t->scratch = malloc(OOMKIT__KMSG_MAX + 1);
			if (!t->scratch)
				return -ENOMEM;
		}
		r = oomkit__kmsg_feed(src, rp, &rec, t->scratch, t->origin);
		return r < 0 ? r : 0;
	}
	/* a syslog clock's year is inferred: never after the file's time */
	oomkit__report_set_ref(rp, t->mtime_us);
	r = oomkit_report_feed_line(rp, line, len, t->origin);
	if (r < 0)
		return r;
	src->stat[OOMKIT_SOURCE_LINES]++;
	return 0;
}

static int text_read(struct oomkit_source *src, struct oomkit_report_parser *rp)
{
	struct text *t = src->priv;
	int done = 0, r;
	ssize_t n;

	if (t->fmt == FMT_UNKNOWN) {
		r = detect(t);
		if (r < 0)
			return r;
	}
	for (;;) {
		char *p = t->buf + t->start, *end = t->buf + t->len, *nl;

		/* complete lines in the buffer */
		while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
			size_t len = (size_t)(nl - p);

			done++;
			if (t->skipping) {
				t->skipping = 0;
			} else {
				if (len > OOMKIT_SOURCE_LINE_MAX) {
					len = OOMKIT_SOURCE_LINE_MAX;
					src->stat[OOMKIT_SOURCE_CUT]++;
				}
				r = feed_line(src, rp, t, p, len);
				if (r < 0) {
					t->start = (size_t)(nl + 1 - t->buf);
					next_line_number(t);
					return r;
				}
			}
			next_line_number(t);
			p = nl + 1;
		}
		t->start = (size_t)(p - t->buf);
		if (done > 0)
			return done; /* a batch: let the caller drain events */

		/* no newline left: make room and read more */
		if (t->len - t->start > OOMKIT_SOURCE_LINE_MAX) {
			/* a line too long: feed its head, drop the rest */
			if (!t->skipping) {
				src->stat[OOMKIT_SOURCE_CUT]++;
				r = feed_line(src, rp, t, t->buf + t->start,
					      OOMKIT_SOURCE_LINE_MAX);
				if (r < 0)
					return r;
				t->skipping = 1;
				done++;
			}
			t->start = t->len = 0;
		} else if (t->start > 0) {
			memmove(t->buf, t->buf + t->start, t->len - t->start);
			t->len -= t->start;
			t->start = 0;
		}
		n = decode(t, t->buf + t->len, BUF_SIZE - t->len);
		if (n == -EINTR)
			return done > 0 ? done : -EINTR; /* call again */
		if (n < 0) {
			/* feed what we have before reporting the error */
			if (t->len > t->start && !t->skipping)
				(void)feed_line(src, rp, t, t->buf + t->start, t->len - t->start);
			t->start = t->len = 0;
			t->out_eof = 1;
			return (int)n;
		}
		if (n == 0) {
			/* the end: a last line without newline */
			if (t->len > t->start) {
				if (!t->skipping) {
					r = feed_line(src, rp, t, t->buf + t->start,
						      t->len - t->start);
					if (r < 0)
						return r;
				}
				t->start = t->len = 0;
				t->skipping = 0;
				done++;
			}
			return done;
		}
		t->len += (size_t)n;
		if (done > 0)
			return done;
	}
}

static void text_close(struct oomkit_source *src)
{
	struct text *t = src->priv;

	if (!t)
		return;
	if (t->zs_init)
		inflateEnd(&t->zs);
#ifdef HAVE_LZMA
	if (t->ls_init)
		lzma_end(&t->ls);
#endif
#ifdef HAVE_ZSTD
	if (t->zds)
		ZSTD_freeDStream(t->zds);
#endif
	if (t->own_fd && t->fd >= 0)
		close(t->fd);
	free(t->in);
	free(t->buf);
	free(t->origin);
	free(t->scratch);
	free(t);
}

static const struct oomkit__source_ops text_ops = {
	.read = text_read,
	.close = text_close,
};

int oomkit__source_text_fd(struct oomkit_source **srcp, int fd, const char *name, int kmsg_text)
{
	struct oomkit_source *src;
	struct text *t;
	size_t nlen = strlen(name);

	t = calloc(1, sizeof(*t));
	src = t ? oomkit__source_new(kmsg_text ? OOMKIT_SOURCE_KMSG : OOMKIT_SOURCE_TEXT, &text_ops,
				     name) :
		  NULL;
	if (!src) {
		free(t);
		goto nomem;
	}
	src->priv = t;
	t->fd = fd;
	t->own_fd = fd != STDIN_FILENO;
	t->kmsg = kmsg_text ? 1 : -1;
	{
		struct stat st;

		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
			t->mtime_us = (long long)st.st_mtime * 1000000LL;
	}
	t->in = malloc(IN_SIZE);
	t->buf = malloc(BUF_SIZE);
	/* name ':' up to 20 digits NUL */
	t->origin = malloc(nlen + 1 + 21 + 1);
	if (!t->in || !t->buf || !t->origin) {
		oomkit_source_free(src);
		return -ENOMEM;
	}
	memcpy(t->origin, name, nlen);
	t->origin[nlen] = ':';
	t->origin[nlen + 1] = '1';
	t->origin[nlen + 2] = '\0';
	t->digits_at = nlen + 1;
	*srcp = src;
	return 0;
nomem:
	if (fd != STDIN_FILENO)
		close(fd);
	return -ENOMEM;
}

int oomkit_source_open_file(struct oomkit_source **srcp, const char *path)
{
	struct stat st;
	int fd;

	if (!srcp || !path)
		return -EINVAL;
	*srcp = NULL;
	if (strcmp(path, "-") == 0)
		return oomkit__source_text_fd(srcp, STDIN_FILENO, "-", 0);
	fd = oomkit__source_open_path(path, 0, &st);
	if (fd < 0)
		return fd;
	return oomkit__source_text_fd(srcp, fd, path, 0);
}

int oomkit__source_open_path(const char *path, int flags, struct stat *st)
{
	int fd;

	/* EINTR (a FIFO without a writer, say) goes back to the caller */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | flags);
	if (fd < 0)
		return -errno;
	if (fstat(fd, st) < 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	if (S_ISDIR(st->st_mode)) {
		close(fd);
		return -EISDIR;
	}
	return fd;
}
