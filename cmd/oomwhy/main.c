/*
 * oomwhy - explain an OOM kill for an incident ticket: what died, why
 * that process and not another, where the memory went, what to change.
 *
 * Options -> sources (cmd/common/logsrc.c) -> report parser -> the event
 * stream oomlog lists (cmd/common/evstream.c) -> filters
 * (cmd/common/evfilter.c, as oomlog selects) -> one liboomkit explanation
 * per event, fed from an index of every event (explain.h) -> renderers
 * (render.c). No file here parses kernel text or decides a kernel rule.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "evfilter.h"
#include "evstream.h"
#include "logsrc.h"
#include "oomwhy.h"
#include "timespec.h"

volatile sig_atomic_t stop;

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* every event of the sources, in the order oomlog lists them */
struct evlist {
	struct oomkit_event **v;
	size_t n, cap;
};

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;

	fputs("\nUsage:\n", out);
	fprintf(out, " %s [options] [<file>...]\n", cli_prog());
	fputs("\nExplain an OOM kill: what died, why that process, where the memory\n"
	      "was and what to change, from the kernel's report (default: the most\n"
	      "recent OOM event in the journal and /dev/kmsg, as oomlog reads them).\n",
	      out);
	fputs("\nSources (as oomlog; '-' is standard input, compressed logs too):\n", out);
	fputs(" -k, --kmsg                read /dev/kmsg (the running kernel)\n", out);
	fputs(" -K, --kmsg-file <file>    read a saved copy of /dev/kmsg\n", out);
	fputs(" -j, --journal             read the systemd journal\n", out);
	fputs(" -b, --boot[=<id|offset>]  only this boot of the journal\n", out);
	fputs("     --journal-file <path> read a journal file or directory\n", out);
	fputs("\nWhich event (default: the most recent one selected):\n", out);
	fputs(" -S, --since <time>        events at or after this time\n", out);
	fputs(" -U, --until <time>        events at or before this time\n", out);
	fputs(" -p, --pid <pid>[,...]     events that killed these processes\n", out);
	fputs(" -c, --comm <regex>        events that killed matching commands\n", out);
	fputs("     --memcg <path>        events in this memory cgroup or below it\n", out);
	fputs(" -e, --event <n>           the n-th selected event as oomlog lists them\n"
	      "                           (1 the first, -1 the last)\n",
	      out);
	fputs(" -a, --all                 explain every selected event in turn\n", out);
	fputs("\nOutput:\n", out);
	fputs("     --format <fmt>        text (default), markdown or json\n", out);
	fputs(" -J, --json                same as --format=json\n", out);
	fputs("     --relative-time       also say how long ago each event was\n", out);
	fputs("     --full                every row of the rebuilt ranking (text, markdown)\n",
	      out);
	fputs(" -v, --verbose             say on stderr which sources were read\n", out);
	fputs("\n -h, --help                display this help\n", out);
	fputs(" -V, --version             display version\n", out);
	fputs("\nExit status: 0 explained, 1 no OOM event found, 2 usage or read error.\n", out);
	fprintf(out, "\nFor more details see %s(1).\n", cli_prog());
	exit(CLI_EXIT_OK);
}

enum {
	OPT_JOURNAL_FILE = CHAR_MAX + 1,
	OPT_MEMCG,
	OPT_FORMAT,
	OPT_RELATIVE,
	OPT_FULL,
};

/* the stream's events (evstream.h make()): every one is kept */
static void *keep(void *arg, struct oomkit_event *ev)
{
	(void)arg;
	return ev;
}

/* a batch of the stream (evstream.h out()): appended in its order */
static void append(void *arg, void **items, size_t n, int sorted, int last)
{
	struct evlist *l = arg;
	size_t i;

	(void)sorted;
	(void)last;
	if (l->n + n > l->cap) {
		size_t cap = l->cap ? l->cap : 64;
		struct oomkit_event **nv;

		while (cap < l->n + n)
			cap *= 2;
		nv = realloc(l->v, cap * sizeof(*nv));
		if (!nv)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		l->v = nv;
		l->cap = cap;
	}
	for (i = 0; i < n; i++)
		l->v[l->n++] = items[i];
}

/* every event of the sources, indexed once for the peers and histories */
static struct oomkit_explain_index *index_events(const struct evlist *all)
{
	struct oomkit_explain_index *ix;
	size_t i;
	int r = oomkit_explain_index_new(&ix);

	for (i = 0; r == 0 && i < all->n; i++)
		r = oomkit_explain_index_add(ix, all->v[i]);
	if (r < 0)
		errx(CLI_EXIT_USAGE, "cannot index the events: %s", oomkit_strerror(r));
	return ix;
}

static void explain_one(const struct why *w, struct oomkit_explain_index *ix,
			struct oomkit_event *ev, int first)
{
	struct oomkit_explain *ex;
	int r;

	r = oomkit_explain_new(&ex, ev);
	if (r == 0)
		r = oomkit_explain_add_index(ex, ix);
	if (r == 0)
		r = oomkit_explain_run(ex);
	if (r < 0)
		errx(CLI_EXIT_USAGE, "cannot explain the event: %s", oomkit_strerror(r));
	render(w, ex, first);
	oomkit_explain_free(ex);
	/* the first failed write ends the run, not the last event: one
	 * message (none for a reader gone), exit 2 */
	cli_flush_stdout_or_exit();
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "kmsg", no_argument, NULL, 'k' },
		{ "kmsg-file", required_argument, NULL, 'K' },
		{ "journal", no_argument, NULL, 'j' },
		{ "boot", optional_argument, NULL, 'b' },
		{ "journal-file", required_argument, NULL, OPT_JOURNAL_FILE },
		{ "since", required_argument, NULL, 'S' },
		{ "until", required_argument, NULL, 'U' },
		{ "pid", required_argument, NULL, 'p' },
		{ "comm", required_argument, NULL, 'c' },
		{ "memcg", required_argument, NULL, OPT_MEMCG },
		{ "event", required_argument, NULL, 'e' },
		{ "all", no_argument, NULL, 'a' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "json", no_argument, NULL, 'J' },
		{ "relative-time", no_argument, NULL, OPT_RELATIVE },
		{ "full", no_argument, NULL, OPT_FULL },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct ev_filters f = { .since = -1, .until = -1 };
	struct why w = { .format = FMT_TEXT };
	struct src_req reqs[64];
	struct oomkit_source *srcs[ARRAY_LEN(reqs) + 2];
	struct oomkit_report_parser *rp;
	struct evstream evs;
	struct oomkit_explain_index *ix;
	struct evlist all = { 0 };
	struct oomkit_event **sel;
	const char *boot = NULL, *comm = NULL;
	size_t nreqs = 0, nsrcs = 0, nsel = 0, i;
	long long nth = 0;
	int c, want_kmsg = 0, want_journal = 0, errors = 0, all_events = 0, verbose = 0;
	int first = 1, format_set = 0;

	cli_init(argc, argv);
	/* 1 means "no event found": a failed write must not look like it */
	cli_set_write_error_status(CLI_EXIT_USAGE);

	while ((c = getopt_long(argc, argv, "kK:jb::S:U:p:c:e:aJvhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			want_kmsg = 1;
			break;
		case 'K':
			src_add(reqs, &nreqs, ARRAY_LEN(reqs), REQ_KMSG_FILE, optarg);
			break;
		case 'j':
			want_journal = 1;
			break;
		case 'b':
			boot = src_boot_arg(optarg, argc, argv);
			break;
		case OPT_JOURNAL_FILE:
			src_add(reqs, &nreqs, ARRAY_LEN(reqs), REQ_JOURNAL, optarg);
			break;
		case 'S':
		case 'U':
			evf_set_time(&f, c == 'S', optarg);
			break;
		case 'p':
			evf_add_pids(&f, optarg);
			break;
		case 'c':
			comm = optarg;
			break;
		case OPT_MEMCG:
			evf_set_memcg(&f, optarg);
			break;
		case 'e':
			nth = cli_strtoll(optarg, "event number", -1000000000LL, 1000000000LL);
			if (nth == 0)
				cli_usage_error("invalid event number '0': events count from 1 "
						"(-1 is the last)");
			break;
		case 'a':
			all_events = 1;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				w.format = FMT_TEXT;
			else if (strcmp(optarg, "markdown") == 0 || strcmp(optarg, "md") == 0)
				w.format = FMT_MARKDOWN;
			else if (strcmp(optarg, "json") == 0)
				w.format = FMT_JSON;
			else
				cli_usage_error("invalid format '%s': "
						"must be text, markdown or json",
						cli_arg(optarg));
			format_set = 1;
			break;
		case 'J':
			if (format_set && w.format != FMT_JSON)
				cli_usage_error("--json and --format=%s are mutually exclusive",
						w.format == FMT_TEXT ? "text" : "markdown");
			w.format = FMT_JSON;
			break;
		case OPT_FULL:
			w.full = 1;
			break;
		case OPT_RELATIVE:
			w.relative = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", cli_prog());
			exit(CLI_EXIT_USAGE);
		}
	}
	for (; optind < argc; optind++) {
		if (nreqs == ARRAY_LEN(reqs))
			cli_usage_error("too many sources");
		reqs[nreqs++] = (struct src_req){ REQ_FILE, argv[optind] };
	}
	if (boot) {
		for (i = 0; i < nreqs; i++)
			if (reqs[i].kind == REQ_JOURNAL)
				break;
		if (i == nreqs)
			want_journal = 1;
	}
	if (all_events && nth)
		cli_usage_error("--all and --event are mutually exclusive");
	if (f.since >= 0 && f.until >= 0 && f.since > f.until)
		cli_usage_error("--since is later than --until");
	if (comm)
		evf_set_comm(&f, comm);
	w.now_us = realtime_now_us();

	if (oomkit_report_parser_new(&rp) < 0)
		errx(CLI_EXIT_USAGE, "cannot allocate memory");
	errors += open_sources(f.since, verbose, reqs, nreqs, want_kmsg, want_journal, boot, srcs,
			       &nsrcs);
	/* the events as oomlog lists them */
	evs_init(&evs, nsrcs, nreqs, 0, keep, append, &all);
	errors += evs_read(&evs, srcs, nsrcs, rp, verbose);
	evs_end(&evs, rp, 0);
	evs_free(&evs);

	sel = calloc(all.n ? all.n : 1, sizeof(*sel));
	if (!sel)
		err(CLI_EXIT_USAGE, "cannot allocate memory");
	for (i = 0; i < all.n; i++)
		if (evf_want(&f, all.v[i]))
			sel[nsel++] = all.v[i];

	if (errors && (nsrcs == 0 || nsel == 0)) {
		/* a read error and nothing to explain: the error was said */
		c = CLI_EXIT_USAGE;
	} else if (nsel == 0) {
		char what[512] = "";
		size_t o = 0;

		for (i = 0; i < nsrcs && o < sizeof(what) - 80; i++) {
			int n = snprintf(what + o, sizeof(what) - o, "%s%s", i ? ", " : "",
					 src_label(srcs[i]));

			if (n > 0)
				o += (size_t)n;
		}
		warnx("no OOM event found%s in %s (%lld line%s read)",
		      all.n ? " that matches the filters" : "", nsrcs ? what : "no source",
		      evs.lines, evs.lines == 1 ? "" : "s");
		c = CLI_EXIT_FAILURE;
	} else {
		size_t from, to;

		if (all_events) {
			from = 0;
			to = nsel;
		} else if (nth) {
			long long k = nth > 0 ? nth - 1 : (long long)nsel + nth;

			if (k < 0 || k >= (long long)nsel) {
				warnx("no event %lld: %zu event%s selected", nth, nsel,
				      nsel == 1 ? "" : "s");
				from = to = 0;
				c = CLI_EXIT_FAILURE;
			} else {
				from = (size_t)k;
				to = from + 1;
			}
		} else {
			from = nsel - 1;
			to = nsel;
		}
		w.total = nsel;
		if (from == to)
			goto out;
		ix = index_events(&all);
		render_begin(&w);
		/* each event its own explanation, numbered as oomlog lists it */
		for (i = from; i < to; i++) {
			w.index = i + 1;
			explain_one(&w, ix, sel[i], first);
			first = 0;
		}
		render_end(&w);
		oomkit_explain_index_free(ix);
		c = CLI_EXIT_OK;
	}
out:

	for (i = 0; i < all.n; i++)
		oomkit_event_free(all.v[i]);
	free(all.v);
	free(sel);
	for (i = 0; i < nsrcs; i++)
		oomkit_source_free(srcs[i]);
	oomkit_report_parser_free(rp);
	evf_free(&f);
	if (f.no_time > 0)
		warnx("%lld event%s without a wall-clock time left out by --since/--until",
		      f.no_time, f.no_time == 1 ? "" : "s");
	return errors && c == CLI_EXIT_OK ? CLI_EXIT_USAGE : c;
}
