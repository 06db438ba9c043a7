/*
 * logsrc.c - the log sources oomlog and oomwhy read: opening the ones
 * asked for (or the running system's), reading them to their end, and
 * the messages that say why one cannot be read.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "logsrc.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void src_add(struct src_req *reqs, size_t *nreqs, size_t max, int kind, const char *path)
{
	if (*nreqs == max)
		cli_usage_error("too many sources");
	reqs[(*nreqs)++] = (struct src_req){ kind, path };
}

const char *src_boot_arg(const char *arg, int argc, char **argv)
{
	/* -b -1 / --boot -1: getopt leaves an optional argument's separate
	 * word alone; take it when it is an offset or an id */
	if (!arg && optind < argc && argv[optind][0] &&
	    (strcmp(argv[optind], "all") == 0 ||
	     ((argv[optind][0] != '-' || (argv[optind][1] >= '0' && argv[optind][1] <= '9')) &&
	      strspn(argv[optind], "+-0123456789abcdefABCDEF") == strlen(argv[optind]))))
		arg = argv[optind++];
	return arg ? arg : "0";
}

const char *src_label(struct oomkit_source *src)
{
	const char *n = oomkit_source_name(src);

	/* a file name the user gave: escaped like any argument */
	return n ? cli_arg(n) : "?";
}

/* Counter @item of @src (every counter of a source is known: 0 is a count). */
long long src_count(const struct oomkit_source *src, enum oomkit_source_stat item)
{
	long long n = 0;

	oomkit_source_stat(src, item, &n);
	return n;
}

static void read_error(struct oomkit_source *src, int r)
{
	const char *name = src_label(src);

	if (r == -EBADMSG)
		warnx("'%s': corrupt or truncated compressed data", name);
	else if (r == -OOMKIT_EMEMLIMIT)
		warnx("'%s': needs more than %u MiB of memory to decompress", name,
		      OOMKIT_SOURCE_DECODER_MEM_MAX >> 20);
	else if (r == -EPROTONOSUPPORT)
		warnx("'%s': compression format not supported by this build", name);
	else
		warnx("cannot read '%s': %s", name, oomkit_strerror(r));
}

/*
 * Open a kmsg capture or a text log. The library gives EINTR back (only -f
 * installs handlers, without SA_RESTART): go on unless told to stop.
 */
static int open_source(int kmsg, struct oomkit_source **src, const char *path)
{
	int r;

	do
		r = kmsg ? oomkit_source_open_kmsg(src, path) : oomkit_source_open_file(src, path);
	while (r == -EINTR && !stop);
	return r;
}

/*
 * Read a source to its current end. Returns the number of lines/records
 * consumed (0: nothing new), or -1 on error (reported).
 */
int drain(struct oomkit_source *src, struct oomkit_report_parser *rp, take_fn take, void *arg)
{
	long long lost = src_count(src, OOMKIT_SOURCE_LOST);
	int r, total = 0;

	for (;;) {
		r = oomkit_source_read(src, rp);
		if (r == -EINTR) {
			/* -f's handler interrupted a read: nothing was lost */
			if (stop) {
				r = 0;
				break;
			}
			continue;
		}
		if (r <= 0)
			break;
		take(arg, rp);
		total = total > INT_MAX - r ? INT_MAX : total + r;
		if (stop)
			break;
	}
	take(arg, rp);
	lost = src_count(src, OOMKIT_SOURCE_LOST) - lost;
	if (lost > 0)
		/* a kill may have been among them */
		warnx("%s: %lld message%s overwritten before they could be read", src_label(src),
		      lost, lost == 1 ? " was" : "s were");
	if (r < 0) {
		read_error(src, r);
		return -1;
	}
	return total;
}

/* "YYYY-MM-DD HH:MM:SS" local time of @us (microseconds since the epoch) */
static const char *stamp(long long us, char *buf, size_t size)
{
	time_t t = (time_t)(us / 1000000);
	struct tm tm;

	if (!localtime_r(&t, &tm) || !strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(buf, size, "@%lld", us / 1000000);
	return buf;
}

/*
 * What time a source covers, for -v: a system source (the journal, the
 * kmsg buffer) from its oldest entry on; a file up to its last write; the
 * syslog files read for what the system sources no longer hold, up to
 * where those begin.
 */
static const char *coverage(struct oomkit_source *src)
{
	static char out[160];
	const char *name = oomkit_source_name(src);
	char a[40], b[40];
	long long first;
	struct stat st;

	out[0] = '\0';
	if (oomkit_source_first_time(src, &first) == 0) {
		snprintf(out, sizeof(out), "; covers %s to now", stamp(first, a, sizeof(a)));
	} else if (name && stat(name, &st) == 0 && S_ISREG(st.st_mode)) {
		snprintf(out, sizeof(out), "; last written %s",
			 stamp((long long)st.st_mtime * 1000000LL, a, sizeof(a)));
		if (syslog_fallback.prefix[0] && syslog_fallback.cut_us < LLONG_MAX &&
		    strncmp(name, syslog_fallback.prefix, strlen(syslog_fallback.prefix)) == 0)
			snprintf(out + strlen(out), sizeof(out) - strlen(out),
				 "; kills before %s taken from it",
				 stamp(syslog_fallback.cut_us, b, sizeof(b)));
	}
	return out;
}

void verbose_stats(int verbose, struct oomkit_source *src)
{
	if (!verbose)
		return;
	fprintf(stderr, "%s: read %s: %lld lines/records", cli_prog(), src_label(src),
		src_count(src, OOMKIT_SOURCE_LINES));
	if (src_count(src, OOMKIT_SOURCE_LOST))
		fprintf(stderr, ", %lld overwritten before they were read",
			src_count(src, OOMKIT_SOURCE_LOST));
	if (src_count(src, OOMKIT_SOURCE_CUT))
		fprintf(stderr, ", %lld long lines cut", src_count(src, OOMKIT_SOURCE_CUT));
	if (src_count(src, OOMKIT_SOURCE_SKIPPED))
		fprintf(stderr, ", %lld skipped", src_count(src, OOMKIT_SOURCE_SKIPPED));
	fputs(coverage(src), stderr);
	fputc('\n', stderr);
}

static void kmsg_error(const char *path, int r)
{
	if (r == -EPERM || r == -EACCES)
		warnx("cannot read %s: %s "
		      "(run as root or with CAP_SYSLOG, or set kernel.dmesg_restrict=0)",
		      path, strerror(-r));
	else
		warnx("cannot read %s: %s", cli_arg(path), oomkit_strerror(r));
}

static void journal_error(const char *path, int r)
{
	if (r == -EOPNOTSUPP)
		warnx("cannot read the journal: %s was built without libsystemd", cli_prog());
	else if (!path && (r == -EACCES || r == -EPERM))
		warnx("cannot open the journal: %s "
		      "(run as root, or join the systemd-journal or adm group)",
		      strerror(-r));
	else
		warnx("cannot open the journal%s%s%s: %s", path ? " '" : "",
		      path ? cli_arg(path) : "", path ? "'" : "", oomkit_strerror(r));
}

static int open_journal(long long since, const char *path, const char *boot,
			struct oomkit_source **src)
{
	int r = oomkit_source_open_journal(src, path);

	if (r < 0) {
		journal_error(path, r);
		return -1;
	}
	/* -j or -b on a system without journal files: say so */
	if (!path && oomkit_source_journal_has_data() == 0) {
		warnx("journal: no journal files in /var/log/journal or /run/log/journal");
		if (boot) {
			oomkit_source_free(*src);
			*src = NULL;
			return -1;
		}
	}
	if (boot) {
		r = oomkit_source_journal_set_boot(*src, boot);
		if (r == -ESRCH || r == -EINVAL) {
			warnx("no boot '%s' in the journal", cli_arg(boot));
			oomkit_source_free(*src);
			*src = NULL;
			return -1;
		}
		if (r < 0) {
			warnx("cannot select boot '%s': %s", cli_arg(boot), oomkit_strerror(r));
			oomkit_source_free(*src);
			*src = NULL;
			return -1;
		}
	}
	if (since >= 0)
		oomkit_source_set_since(*src, since);
	return 0;
}

/*
 * A rotated log's name: @len is set to the length of its base ("kern.log"
 * of "/var/log/kern.log.2.gz"), and the return value ranks it among its
 * rotations, oldest first: "kern.log.3" < "kern.log.2" < "kern.log.1" <
 * "kern.log"; "messages-20240101" < "messages-20240108" < "messages".
 */
static long long rotation_rank(const char *path, size_t *len)
{
	static const char *const zext[] = { ".gz", ".xz", ".bz2", ".zst", ".lz4" };
	size_t n = strlen(path), i, d;

	for (i = 0; i < ARRAY_LEN(zext); i++) {
		size_t l = strlen(zext[i]);

		if (n > l && !strcmp(path + n - l, zext[i])) {
			n -= l;
			break;
		}
	}
	for (d = n; d > 0 && path[d - 1] >= '0' && path[d - 1] <= '9'; d--)
		;
	*len = n;
	if (d == n || d < 2 || n - d > 9)
		return 0;
	if (path[d - 1] == '.') {
		*len = d - 1;
		return -atoll(path + d); /* kern.log.N */
	}
	if (path[d - 1] == '-' && n - d == 8) {
		*len = d - 1;
		return atoll(path + d) - 100000000LL; /* messages-YYYYMMDD */
	}
	return 0;
}

/*
 * The order to open the requests in: rotations of one log oldest first,
 * whatever order the shell's glob gave them in ("kern.log*" lists the
 * newest first), so that a report that straddles a rotation is read in
 * one piece. Each log keeps the places its files had among the others.
 */
static void rotation_order(const struct src_req *reqs, size_t n, size_t *ord)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		ord[i] = i;
	for (i = 0; i < n; i++) {
		size_t li, lj, best = i;
		long long ri, rb;

		if (reqs[ord[i]].kind != REQ_FILE)
			continue;
		rb = rotation_rank(reqs[ord[i]].path, &li);
		/* the oldest rotation of the same log at or after place i */
		for (j = i + 1; j < n; j++) {
			if (reqs[ord[j]].kind != REQ_FILE)
				continue;
			ri = rotation_rank(reqs[ord[j]].path, &lj);
			if (lj == li && !memcmp(reqs[ord[j]].path, reqs[ord[i]].path, li) &&
			    ri < rb) {
				best = j;
				rb = ri;
			}
		}
		if (best != i) {
			size_t t = ord[i];

			ord[i] = ord[best];
			ord[best] = t;
		}
	}
}

struct syslog_fallback syslog_fallback;

/*
 * The running system's syslog files, for what the journal and /dev/kmsg
 * no longer hold (no persistent journal, a wrapped ring buffer): the
 * rotations of kern.log, else of syslog, else of messages, oldest first,
 * into @srcs (at most @max), to be read before @journal and @kmsg. Their
 * kills from the time the journal or /dev/kmsg begins on are left to
 * those (see take_events), so that no kill is listed twice. Returns the
 * number opened.
 */
static size_t syslog_files(int verbose, struct oomkit_source *journal, struct oomkit_source *kmsg,
			   struct oomkit_source **srcs, size_t max)
{
	struct oomkit_source *sys[2] = { journal, kmsg };
	static const char *const bases[] = { "kern.log", "syslog", "messages" };
	const char *dir = getenv("OOMLOG_TEST_SYSLOG_DIR"); /* tests */
	struct src_req reqs[64];
	size_t ord[64], i, k, nf = 0, added = 0;
	long long first, cut = LLONG_MAX;
	glob_t g;

	for (i = 0; i < 2; i++)
		if (sys[i] && oomkit_source_first_time(sys[i], &first) == 0 && first < cut)
			cut = first;
	syslog_fallback.cut_us = cut;
	for (i = 0; i < ARRAY_LEN(bases) && !nf; i++) {
		char pat[4096];

		snprintf(pat, sizeof(pat), "%s/%s*", dir && *dir ? dir : "/var/log", bases[i]);
		if (glob(pat, 0, NULL, &g) != 0)
			continue;
		for (k = 0; k < g.gl_pathc && nf < ARRAY_LEN(reqs) && nf < max; k++) {
			size_t l;

			/* the log and its rotations, not kern.log-old or the like */
			rotation_rank(g.gl_pathv[k], &l);
			if (l == strlen(pat) - 1)
				reqs[nf++] =
					(struct src_req){ REQ_FILE, cli_xstrdup(g.gl_pathv[k]) };
		}
		globfree(&g);
		if (nf) {
			snprintf(syslog_fallback.prefix, sizeof(syslog_fallback.prefix), "%.*s",
				 (int)(strlen(pat) - 1), pat);
		}
	}
	rotation_order(reqs, nf, ord);
	for (i = 0; i < nf; i++) {
		struct oomkit_source *s;
		int r = open_source(0, &s, reqs[ord[i]].path);

		if (r == 0)
			srcs[added++] = s;
		else if (verbose)
			warnx("cannot open '%s': %s", cli_arg(reqs[ord[i]].path),
			      oomkit_strerror(r));
	}
	for (i = 0; i < nf; i++)
		free((char *)reqs[i].path);
	return added;
}

/*
 * Open the sources asked for (@reqs, -k, -j, -b; none: the running
 * system) into @srcs, which has room for every request plus the system
 * journal and /dev/kmsg. Says why a source cannot be opened. Returns the
 * number of errors; *@nsrcs is the number of sources opened.
 */
int open_sources(long long since, int verbose, const struct src_req *reqs, size_t nreqs,
		 int want_kmsg, int want_journal, const char *boot, struct oomkit_source **srcs,
		 size_t *nsrcs)
{
	size_t i, n = 0;
	int errors = 0, r;

	int dflt = nreqs == 0 && !want_kmsg && !want_journal;
	if (dflt) {
		/*
		 * The running system: the journal's history up to where
		 * /dev/kmsg begins, then /dev/kmsg. Quiet about what is not
		 * there unless -v, unless nothing at all can be read.
		 */
		struct oomkit_system_sources sys;
		int none = oomkit_sources_open_system(&sys, since) < 0;

		if (sys.journal_err == -ENOENT && verbose)
			warnx("journal: no journal files in /var/log/journal or /run/log/journal");
		else if (sys.journal_err < 0 && (verbose || none))
			journal_error(NULL, sys.journal_err);
		if (sys.kmsg_err < 0 && (verbose || none))
			kmsg_error("/dev/kmsg", sys.kmsg_err);
		n = syslog_files(verbose, sys.journal, sys.kmsg, srcs, 60);
		if (sys.journal)
			srcs[n++] = sys.journal;
		if (sys.kmsg)
			srcs[n++] = sys.kmsg;
		if (none && n == 0)
			errors++; /* nothing at all can be read */
	} else {
		if (want_journal) {
			struct oomkit_source *j;

			if (open_journal(since, NULL, boot, &j) < 0)
				errors++;
			else
				srcs[n++] = j;
		}
		size_t ord[64];

		rotation_order(reqs, nreqs, ord);
		for (size_t o = 0; o < nreqs; o++) {
			struct oomkit_source *s = NULL;

			i = ord[o];
			switch (reqs[i].kind) {
			case REQ_JOURNAL:
				if (open_journal(since, reqs[i].path, boot, &s) < 0)
					errors++;
				break;
			case REQ_KMSG_FILE:
			case REQ_FILE:
				r = open_source(reqs[i].kind == REQ_KMSG_FILE, &s, reqs[i].path);
				if (r < 0) {
					warnx("cannot open '%s': %s", cli_arg(reqs[i].path),
					      oomkit_strerror(r));
					errors++;
				}
				break;
			default:
				break;
			}
			if (s)
				srcs[n++] = s;
		}
		if (want_kmsg) {
			struct oomkit_source *k;

			r = open_source(1, &k, NULL);
			if (r < 0) {
				kmsg_error("/dev/kmsg", r);
				errors++;
			} else {
				srcs[n++] = k;
			}
		}
	}

	/* explicit sources too: a journal copy and /dev/kmsg overlap */
	oomkit_sources_remove_overlap(srcs, n);

	/* test seam: pin the kmsg wall clock (microseconds since the epoch) */
	{
		const char *bt = getenv("OOMLOG_TEST_BOOT_TIME");
		long long v;
		char *end;

		if (bt && *bt) {
			errno = 0;
			v = strtoll(bt, &end, 10);
			if (!errno && !*end)
				for (i = 0; i < n; i++)
					oomkit_source_set_boot_time(srcs[i], v);
		}
	}

	*nsrcs = n;
	return errors;
}
