/*
 * oomkit/source.h - kernel log sources that feed the OOM report parser.
 *
 * A source reads kernel messages from one place and feeds them, in log
 * order, to an oomkit_report_parser (oomkit/report.h):
 *
 *  - /dev/kmsg (the running kernel's ring buffer): records
 *    "prio,seq,usec,flags;message" read non-blocking to the end. Only
 *    facility 0 (kernel) records are fed; records written from userspace
 *    are skipped. The kernel escapes unprintable bytes and '\' in record
 *    text as \xHH; the source decodes them back to raw bytes (as dmesg and
 *    journald do), so a comm reads the same from kmsg, dmesg text and the
 *    journal. \x00 is left escaped. The printk caller id ("caller=T123",
 *    CONFIG_PRINTK_CALLER) goes to the parser with each record. Origins
 *    are "kmsg:<seq>" (for a saved capture "<name>:<line>").
 *  - the systemd journal (when liboomkit was built with libsystemd):
 *    kernel messages (_TRANSPORT=kernel) plus the messages of userspace
 *    OOM killers (SYSLOG_IDENTIFIER earlyoom, systemd-oomd, oomd) and
 *    systemd's "killed by the OOM killer" unit messages, across boots.
 *    Origins are "journal:<cursor>".
 *  - text files and standard input: dmesg / dmesg -T output, syslog
 *    files (kern.log, messages), journalctl output, and captures of
 *    /dev/kmsg (recognised from the first line). gzip, xz and zstd are
 *    decompressed transparently (recognised by magic bytes; xz and zstd
 *    when liboomkit was built with liblzma / libzstd). Lines are cut at
 *    OOMKIT_SOURCE_LINE_MAX bytes, so memory stays bounded whatever the
 *    input. The decompressor gets a fixed budget too,
 *    OOMKIT_SOURCE_DECODER_MEM_MAX bytes (whatever a file's header asks
 *    for): enough for every xz preset (-9 and -9e need 65 MiB) and for
 *    every zstd file the zstd tool decodes without --memory (a window of
 *    up to 2^27 bytes: --long, --ultra -22); a file that needs more is
 *    refused with -OOMKIT_EMEMLIMIT. Origins are "<name>:<line>".
 *
 * Wall-clock time of kmsg records: the kernel stamps records with
 * local_clock(), which like CLOCK_MONOTONIC does not advance during
 * suspend. The source converts with the current offset between
 * CLOCK_REALTIME and CLOCK_MONOTONIC (as journald does): exact for records
 * since the last resume, early by the time spent suspended for older
 * ones. (dmesg -T subtracts CLOCK_BOOTTIME instead and errs the other
 * way.) Tests pin the offset with oomkit_source_set_boot_time().
 *
 * Typical use:
 *	struct oomkit_source *src;
 *	if (oomkit_source_open_file(&src, "kern.log.1.gz") < 0) ...
 *	while ((n = oomkit_source_read(src, rp)) > 0)
 *		... take events with oomkit_report_next() ...
 *	oomkit_source_free(src);
 *
 * Sources are not thread-safe; distinct sources may be used from
 * distinct threads.
 */
#ifndef OOMKIT_SOURCE_H
#define OOMKIT_SOURCE_H

#include <oomkit/common.h>
#include <oomkit/report.h>

#ifdef __cplusplus
extern "C" {
#endif

struct oomkit_source;

/* Longest text line fed to the parser; longer lines are cut. */
#define OOMKIT_SOURCE_LINE_MAX 8192

/*
 * Most memory the decompressor of an xz or zstd file may use (128 MiB,
 * the zstd tool's own default limit, 2^27): a larger claim in the file's
 * header is refused (-OOMKIT_EMEMLIMIT), not allocated.
 */
#define OOMKIT_SOURCE_DECODER_MEM_MAX (128u << 20)
#define OOMKIT_SOURCE_ZSTD_WINDOWLOG_MAX 27

enum oomkit_source_kind {
	OOMKIT_SOURCE_KMSG,    /* /dev/kmsg or a capture of it */
	OOMKIT_SOURCE_JOURNAL, /* systemd journal */
	OOMKIT_SOURCE_TEXT,    /* text file or stdin */
};

/* Counters of a source (oomkit_source_stat()). */
enum oomkit_source_stat {
	OOMKIT_SOURCE_LINES,   /* lines or records fed to the parser */
	OOMKIT_SOURCE_LOST,    /* kmsg records overwritten before we read
				* them (EPIPE); 0 for other sources */
	OOMKIT_SOURCE_CUT,     /* lines longer than OOMKIT_SOURCE_LINE_MAX */
	OOMKIT_SOURCE_SKIPPED, /* records not fed: userspace kmsg records,
				* journal entries left to another source */
	OOMKIT_SOURCE_STAT_COUNT_
};

/*
 * oomkit_source_open_kmsg - open the kernel ring buffer.
 * @src:  receives the source; free it with oomkit_source_free().
 * @path: NULL for "/dev/kmsg"; a character device is read as kmsg, a
 *        regular file (or "-" for stdin) as a saved capture of it.
 *
 * Returns 0, -ENOMEM, or -errno from open(): -EPERM / -EACCES when
 * kernel.dmesg_restrict forbids it (needs CAP_SYSLOG), -ENOENT; -EINTR
 * when a signal handler installed without SA_RESTART interrupted the
 * open (the library does not retry: check your stop flag, then call
 * again).
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_source_open_kmsg(struct oomkit_source **src, const char *path);

/*
 * oomkit_source_open_file - open a text log.
 * @path: a file name, or "-" for standard input (not closed by
 *        oomkit_source_free()).
 *
 * The compression format is recognised when data is first read.
 * Returns 0, -ENOMEM, -EISDIR, or -errno from open(): -EINTR when a
 * signal handler installed without SA_RESTART interrupted the open (of a
 * FIFO without a writer, say): check your stop flag, then call again.
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_source_open_file(struct oomkit_source **src, const char *path);

/*
 * oomkit_source_open_journal - open the systemd journal.
 * @path: NULL for the local system's journal (/var/log/journal and
 *        /run/log/journal), a directory of journal files, or one
 *        journal file.
 *
 * Returns 0, -ENOMEM, -EOPNOTSUPP when liboomkit was built without
 * libsystemd, or the negative errno from sd_journal_open*() (-ENOENT for
 * a missing path, -EACCES), -OOMKIT_ENOJOURNAL for a directory with no
 * journal file that can be read (none, or all truncated, corrupt or not
 * permitted: sd-journal would skip them all silently). For the local
 * journal, -EACCES also when
 * journal files exist but none may be read (not in the systemd-journal
 * or adm group).
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_source_open_journal(struct oomkit_source **src,
							const char *path);

/*
 * oomkit_source_journal_has_data - whether the local system journal has
 * any files, i.e. whether it is worth opening (no open, no allocation).
 * Returns 1, 0, or -EOPNOTSUPP without libsystemd.
 */
OOMKIT_EXPORT int oomkit_source_journal_has_data(void);

/*
 * oomkit_source_journal_set_boot - read one boot only, as journalctl -b.
 * @boot: a 32-hex-digit boot id (dashes allowed), or an offset: "0" or
 *        "" for the current boot when reading the local journal and the
 *        last boot in the files otherwise, "-1" the one before, "1" the
 *        first boot in the journal; "all" for every boot (the default).
 *
 * Call before the first oomkit_source_read().
 * Returns 0, -EINVAL for a malformed @boot, -ESRCH when the journal has
 * no such boot, -EOPNOTSUPP for a source that is not a journal.
 */
OOMKIT_EXPORT int oomkit_source_journal_set_boot(struct oomkit_source *src, const char *boot);

/*
 * oomkit_source_journal_leave_boot - do not feed kernel entries of boot
 * @boot_id (32 hex digits) whose monotonic time is at or after @from_us:
 * another source (/dev/kmsg) covers them. Userspace killers' entries are
 * still fed. Used so the same kill is not
 * listed twice when both kmsg and the journal are read.
 * Returns 0, -EINVAL, -EOPNOTSUPP for a source that is not a journal.
 */
OOMKIT_EXPORT int oomkit_source_journal_leave_boot(struct oomkit_source *src, const char *boot_id,
						   long long from_us);

/*
 * oomkit_source_set_since - a hint that entries before @realtime_us
 * (microseconds since the epoch) are not wanted: the journal seeks there.
 * Other sources ignore it; events still need filtering by the caller.
 * Returns 0.
 */
OOMKIT_EXPORT int oomkit_source_set_since(struct oomkit_source *src, long long realtime_us);

/*
 * oomkit_source_set_boot_time - wall-clock time of boot in microseconds
 * since the epoch, used to give kmsg records a wall-clock time (see
 * above). Overrides the computed value; for tests and for captures of
 * /dev/kmsg taken on another machine. -1 means unknown: records then get
 * no wall-clock time. Returns 0.
 */
OOMKIT_EXPORT int oomkit_source_set_boot_time(struct oomkit_source *src, long long realtime_us);

/*
 * oomkit_source_kmsg_first - the time since boot (microseconds) of the
 * oldest record still in the kmsg buffer, without consuming it.
 * Returns 0, -ENODATA when the buffer is empty, -EOPNOTSUPP for a source
 * that is not the kmsg device, or -errno.
 */
OOMKIT_EXPORT int oomkit_source_kmsg_first(struct oomkit_source *src, long long *boot_us);

/*
 * oomkit_source_first_time - the wall-clock time (microseconds since the
 * epoch) of the oldest entry a system source still holds: the journal's
 * first entry, or the oldest record in the kmsg buffer. What is older is
 * only in syslog files, if anywhere.
 * Returns 0, -ENODATA when the source holds nothing or its clock is
 * unknown, -EOPNOTSUPP for a source that is neither.
 */
OOMKIT_EXPORT int oomkit_source_first_time(struct oomkit_source *src, long long *realtime_us);

/*
 * oomkit_current_boot_id - the running kernel's boot id
 * (/proc/sys/kernel/random/boot_id) as 32 lower-case hex digits.
 * @buf: at least 33 bytes. Returns 0 or -errno.
 */
OOMKIT_EXPORT int oomkit_current_boot_id(char *buf, size_t size);

/*
 * oomkit_source_read - feed the next batch of lines/records to @rp.
 *
 * A batch is bounded (about 256 KiB of text, or 1024 records or journal
 * entries), so the caller can take finished events out of the parser
 * between calls and memory stays flat. Call until it returns 0: the
 * current end (end of file, end of the kmsg buffer, end of the journal).
 * For the journal, a change of boot between two entries flushes the
 * parser (a report cannot span a reboot). After 0, a followable source
 * may have more once oomkit_source_get_fd()'s fd is ready.
 * Returns the number of lines/records consumed (fed or skipped; > 0
 * until the end), 0 at the end, or a negative error: -errno from read(),
 * -EBADMSG for corrupt or truncated compressed data (what came before it
 * was fed), -OOMKIT_EMEMLIMIT for an xz or zstd file whose header asks
 * for more decoder memory than OOMKIT_SOURCE_DECODER_MEM_MAX, -ENOMEM.
 * -EINTR when a signal handler installed without
 * SA_RESTART interrupted a blocking read: nothing was lost, and the next
 * call goes on where this one stopped (the library never retries by
 * itself, so a caller can check its stop flag).
 */
OOMKIT_EXPORT int oomkit_source_read(struct oomkit_source *src, struct oomkit_report_parser *rp);

/*
 * oomkit_source_get_fd - a file descriptor to poll() for new data, and
 * the poll events to wait for (follow mode).
 * Returns the fd, or -EOPNOTSUPP for sources that cannot be followed
 * (files, stdin).
 */
OOMKIT_EXPORT int oomkit_source_get_fd(struct oomkit_source *src, short *events);

/*
 * oomkit_source_process - after poll() said the fd is ready: acknowledge
 * the wake-up (the journal needs sd_journal_process()).
 * Returns 0 or -errno.
 */
OOMKIT_EXPORT int oomkit_source_process(struct oomkit_source *src);

/* oomkit_source_kind - what kind of source this is (@src must not be NULL). */
OOMKIT_EXPORT enum oomkit_source_kind oomkit_source_kind(const struct oomkit_source *src);

/* oomkit_source_name - "/dev/kmsg", "journal", the path or "-"; owned by @src. */
OOMKIT_EXPORT const char *oomkit_source_name(const struct oomkit_source *src);

/*
 * oomkit_source_year - the year to assume for @src's clocks that have none
 * (syslog "Nov 21 21:15:46"), for oomkit_report_set_year(): the year, in
 * local time, the file was last written, so that a rotated
 * kern.log.3.gz from last year gets last year; the current year for
 * standard input ("-"), /dev/kmsg, the journal and a file that cannot be
 * stat()ed. A file spanning New Year gets its December lines a year late.
 * @year: receives the year (may be NULL); left unchanged on error.
 * Returns 0; -ENODATA when the local time cannot be computed (times then
 * stay unknown); -EINVAL for a NULL @src.
 */
OOMKIT_EXPORT int oomkit_source_year(const struct oomkit_source *src, int *year);

/*
 * oomkit_source_stat - counter @item of @src (every counter is known: 0 is
 * a count, "nothing of that kind").
 * @val: receives the count (may be NULL); left unchanged on error.
 * Returns 0, or -EINVAL for a NULL @src or an unknown item.
 */
OOMKIT_EXPORT int oomkit_source_stat(const struct oomkit_source *src, enum oomkit_source_stat item,
				     long long *val);

/* oomkit_source_free - close and free; NULL is accepted. */
OOMKIT_EXPORT void oomkit_source_free(struct oomkit_source *src);

/*
 * The running system's kernel log, as every front end reads it by
 * default: the journal's history (earlier boots, and this boot up to the
 * oldest record still in the kmsg buffer), then /dev/kmsg. Both may be
 * missing; the reasons are kept so the caller can say what it read.
 */
struct oomkit_system_sources {
	struct oomkit_source *journal; /* NULL when not opened */
	struct oomkit_source *kmsg;    /* NULL when not opened */
	int journal_err;               /* 0; -ENOENT: no journal files on this system;
					* -EOPNOTSUPP: built without libsystemd; else
					* oomkit_source_open_journal()'s error */
	int kmsg_err;                  /* 0, or oomkit_source_open_kmsg()'s error */
};

/*
 * oomkit_sources_open_system - open the running system's kernel log.
 * @since_us: oomkit_source_set_since() for the journal, or -1.
 * Fills @sys (read the journal first, then kmsg) and removes their
 * overlap with oomkit_sources_remove_overlap(). The caller frees both
 * sources with oomkit_source_free().
 * Returns 0 when at least one source is open, else sys->kmsg_err (the
 * journal's reason stays in sys->journal_err).
 */
OOMKIT_EXPORT OOMKIT_WUR int oomkit_sources_open_system(struct oomkit_system_sources *sys,
							long long since_us);

/*
 * oomkit_sources_remove_overlap - a journal (the system's or a copy) and
 * /dev/kmsg overlap on the current boot: kmsg holds it from its oldest
 * record on. Every journal in @srcs leaves this boot's kernel entries
 * from there to the kmsg device in @srcs, so no kill is read twice.
 * Nothing happens without a kmsg device among @srcs, or when its buffer
 * is empty. Read the journals before kmsg (their history is older).
 */
OOMKIT_EXPORT void oomkit_sources_remove_overlap(struct oomkit_source *const *srcs, size_t n);

#ifdef __cplusplus
}
#endif
#endif
