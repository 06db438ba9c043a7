/*
 * source-private.h - what the log source modules share. Not installed.
 *
 * source.c        common object, dispatch, kmsg record parsing
 * source-kmsg.c   /dev/kmsg
 * source-file.c   text files, stdin, decompression
 * source-journal.c sd-journal (empty without HAVE_SYSTEMD)
 */
#ifndef OOMKIT_SOURCE_PRIVATE_H
#define OOMKIT_SOURCE_PRIVATE_H

#include <stddef.h>
#include <sys/stat.h>

#include "oomkit/source.h"
#include "util-private.h"

struct oomkit_source;

struct oomkit__source_ops {
	int (*read)(struct oomkit_source *src, struct oomkit_report_parser *rp);
	int (*get_fd)(struct oomkit_source *src, short *events);
	int (*process)(struct oomkit_source *src);
	void (*close)(struct oomkit_source *src);
};

struct oomkit_source {
	enum oomkit_source_kind kind;
	const struct oomkit__source_ops *ops;
	char *name;
	long long stat[OOMKIT_SOURCE_STAT_COUNT_];
	long long boot_time_us; /* wall clock at boot, -1 unknown */
	int boot_time_set;      /* set by the caller, not computed */
	long long since_us;     /* -1: none */
	void *priv;             /* the module's state */
};

/* A parsed kmsg record header. */
struct oomkit__kmsg_rec {
	int facility;
	int level;
	unsigned long long seq;
	long long usec;
	const char *msg; /* the text after ';', up to the newline */
	size_t msg_len;
	char caller[16]; /* "T1234" / "C0" (CONFIG_PRINTK_CALLER) or "" */
};

/*
 * Parse "prio,seq,usec,flags[,more];message" (the kmsg record format,
 * Documentation/ABI/testing/dev-kmsg). @len excludes nothing; the message
 * ends at the first newline or at @len. Returns 0 or -OOMKIT_EPARSE.
 */
OOMKIT_HIDDEN int oomkit__kmsg_parse(const char *buf, size_t len, struct oomkit__kmsg_rec *rec);

/*
 * Decode the kernel's \xHH escapes of @in (@len bytes) into @out (at least
 * @len + 1 bytes), NUL-terminated. \x00 stays escaped. Returns the
 * decoded length.
 */
OOMKIT_HIDDEN size_t oomkit__kmsg_unescape(const char *in, size_t len, char *out);

/*
 * Feed one kmsg record (already parsed) to @rp with the source's boot
 * time: skips userspace facilities, decodes escapes.
 * @origin: NULL for "kmsg:<seq>".
 * @scratch must hold OOMKIT__KMSG_MAX + 1 bytes. Returns 1 fed, 0
 * skipped, or a negative error from the parser.
 */
#define OOMKIT__KMSG_MAX 16384
OOMKIT_HIDDEN int oomkit__kmsg_feed(struct oomkit_source *src, struct oomkit_report_parser *rp,
				    const struct oomkit__kmsg_rec *rec, char *scratch,
				    const char *origin);

/* Allocate the common part; name is copied. NULL + errno on failure. */
OOMKIT_HIDDEN struct oomkit_source *oomkit__source_new(enum oomkit_source_kind kind,
						       const struct oomkit__source_ops *ops,
						       const char *name);

/* Compute the wall clock at boot from CLOCK_REALTIME - CLOCK_MONOTONIC. */
OOMKIT_HIDDEN long long oomkit__boot_time_us(void);

/* the first entry of the local journal (µs since the epoch), or -errno */
OOMKIT_HIDDEN long long oomkit__journal_first_us(void);

/*
 * Open a text source on an open fd (taken over; -1 never). @kmsg_text
 * forces the kmsg capture format; otherwise it is detected from the
 * first line. Sets *src. Returns 0 or -ENOMEM (fd closed unless stdin).
 */
OOMKIT_HIDDEN int oomkit__source_text_fd(struct oomkit_source **src, int fd, const char *name,
					 int kmsg_text);

/*
 * Open @path for reading with @flags (O_RDONLY | O_CLOEXEC | O_NOCTTY are
 * added), retrying EINTR, and fstat it into @st. A directory is refused.
 * Returns the fd, or -errno (-EISDIR for a directory).
 */
OOMKIT_HIDDEN int oomkit__source_open_path(const char *path, int flags, struct stat *st);

#endif
