/*
 * logsrc.h - the log sources oomlog and oomwhy read, opened and drained
 * the same way (the running system by default: the journal's history,
 * then /dev/kmsg, overlap removed; or the files, -k, -j, -b asked for).
 */
#ifndef OOMKIT_LOGSRC_H
#define OOMKIT_LOGSRC_H

#include <signal.h>
#include <stddef.h>

#include "oomkit/report.h"
#include "oomkit/source.h"

struct src_req {
	enum { REQ_KMSG, REQ_KMSG_FILE, REQ_JOURNAL, REQ_FILE } kind;
	const char *path;
};

/* set by the command's SIGINT/SIGTERM handler (it defines it) */
extern volatile sig_atomic_t stop;

/* called with the parser whenever events may be ready */
typedef void (*take_fn)(void *arg, struct oomkit_report_parser *rp);

/*
 * The default sources' syslog files (see open_sources): their kills at or
 * after cut_us (where the journal or /dev/kmsg begins) are also in those
 * and are dropped by the command, so that none is listed twice.
 */
struct syslog_fallback {
	char prefix[4096]; /* "/var/log/kern.log", "" for none */
	long long cut_us;
};
extern struct syslog_fallback syslog_fallback;

/*
 * src_add - append the source request (@kind, @path) to @reqs (room for
 * @max); "too many sources" is a usage error (exit 2).
 */
void src_add(struct src_req *reqs, size_t *nreqs, size_t max, int kind, const char *path);

/*
 * src_boot_arg - the boot of -b/--boot: @arg (getopt's optarg), else a following word that
 * is an offset or id ("-1", "all", hex; taken from argv, optind moves past
 * it), else "0" (this boot).
 */
const char *src_boot_arg(const char *arg, int argc, char **argv);

/* src_label - the source's name, escaped for a message. */
const char *src_label(struct oomkit_source *src);

/* src_count - counter @item of @src (every counter of a source is known). */
long long src_count(const struct oomkit_source *src, enum oomkit_source_stat item);

/*
 * drain - read @src to its current end into @rp, calling @take as events
 * may be ready. Returns the lines/records consumed, or -1 on error
 * (reported on stderr).
 */
int drain(struct oomkit_source *src, struct oomkit_report_parser *rp, take_fn take, void *arg);

/* verbose_stats - with @verbose, one line on stderr: what @src gave. */
void verbose_stats(int verbose, struct oomkit_source *src);

/*
 * open_sources - open the sources asked for (@reqs, -k, -j, -b; none: the
 * running system) into @srcs, which has room for every request plus the
 * system journal and /dev/kmsg. @since (-1: none) lets the journal seek.
 * Says why a source cannot be opened. Returns the number of errors;
 * *@nsrcs is the number of sources opened.
 */
int open_sources(long long since, int verbose, const struct src_req *reqs, size_t nreqs,
		 int want_kmsg, int want_journal, const char *boot, struct oomkit_source **srcs,
		 size_t *nsrcs);

#endif
