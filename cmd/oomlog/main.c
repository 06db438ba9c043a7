/*
 * oomlog - list the OOM kills the kernel (and userspace OOM killers)
 * reported: from /dev/kmsg, the systemd journal, or log files.
 *
 * Options -> sources (liboomkit source.h; cmd/common/logsrc.c) -> report parser
 * (report.h) -> filters (cmd/common/evfilter.c) -> libsmartcols table / JSON
 * (columns.c, output.c, follow.c, summary.c). This file only parses the
 * options and wires them (see oomlog.h); no file here parses kernel text.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oomlog.h"
#include "timespec.h"

volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* ------------------------------------------------------------------ */

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;

	fputs("\nUsage:\n", out);
	fprintf(out, " %s [options] [<file>...]\n", cli_prog());
	fputs("\nList the processes the OOM killer killed, from the kernel log, the\n"
	      "systemd journal or log files (dmesg, kern.log, journalctl output;\n"
	      "gzip, xz and zstd are read transparently; '-' is standard input).\n",
	      out);
	fputs("\nSources (default: the journal, then /dev/kmsg; each kill once):\n", out);
	fputs(" -k, --kmsg                read /dev/kmsg (the running kernel)\n", out);
	fputs(" -K, --kmsg-file <file>    read a saved copy of /dev/kmsg\n", out);
	fputs(" -j, --journal             read the systemd journal\n", out);
	fputs(" -b, --boot[=<id|offset>]  only this boot of the journal (0 current, -1 ...)\n",
	      out);
	fputs("     --journal-file <path> read a journal file or directory\n", out);
	fputs(" -f, --follow              wait for and print new kills until interrupted\n", out);
	fputs("\nFilters:\n", out);
	fputs(" -S, --since <time>        kills at or after this time\n", out);
	fputs(" -U, --until <time>        kills at or before this time\n", out);
	fputs(" -p, --pid <pid>[,...]     kills of these processes\n", out);
	fputs(" -c, --comm <regex>        kills of commands matching this extended regex\n", out);
	fputs("     --memcg <path>        kills in this memory cgroup or below it\n", out);
	fputs("     --constraint <kind>   global, memcg, cpuset or mempolicy\n", out);
	fputs("\nOutput:\n", out);
	fputs(" -o, --output <list>       columns to show (+list adds to the default)\n", out);
	fputs(" -H, --list-columns        list the available columns\n", out);
	fputs(" -J, --json                JSON output (with --follow: JSON Lines)\n", out);
	fputs(" -r, --raw                 raw output: no padding, a space in a value as \\x20\n",
	      out);
	fputs(" -n, --noheadings          do not print the header line\n", out);
	fputs("     --bytes               sizes in bytes, not in 25.6M style\n", out);
	fputs("     --summary             count kills per command and per memory cgroup\n", out);
	fputs("     --prometheus          kill counters as Prometheus metrics (default\n"
	      "                             sources: this boot only)\n",
	      out);
	fputs("     --output-file <path>  with --prometheus: replace <path> atomically\n", out);
	fputs(" -v, --verbose             say on stderr which sources were read\n", out);
	fputs("\n -h, --help                display this help\n", out);
	fputs(" -V, --version             display version\n", out);
	fputs("\nTimes: \"2026-11-21 14:00\", \"today\", \"yesterday\", \"-1h\", \"2 hours ago\",\n"
	      "\"@1763733600\" (as journalctl --since).\n",
	      out);
	fprintf(out, "\nFor more details see %s(1).\n", cli_prog());
	exit(CLI_EXIT_OK);
}

enum {
	OPT_JOURNAL_FILE = CHAR_MAX + 1,
	OPT_MEMCG,
	OPT_CONSTRAINT,
	OPT_BYTES,
	OPT_SUMMARY,
	OPT_PROMETHEUS,
	OPT_OUTPUT_FILE,
};

/* the wall-clock time of boot (/proc/stat btime) in microseconds, or -1 */
static long long proc_boot_time_us(const char *root)
{
	struct oomkit_ctx *cx;
	long long v = -1;

	if (oomkit_ctx_new(&cx) < 0)
		return -1;
	if (!root || oomkit_ctx_set_proc_root(cx, root) == 0)
		oomkit_ctx_boot_time(cx, &v);
	oomkit_ctx_free(cx);
	return v;
}

/*
 * Say what could not be seen: kills the kernel counted since boot
 * (/proc/vmstat oom_kill, 4.13+) that are no longer in the journal or
 * /dev/kmsg (the ring buffer wrapped, no persistent journal).
 */
static void unseen_kills(struct ctl *ctl, const char *root)
{
	struct oomkit_ctx *cx;
	struct oomkit_sysmem *m;
	long long k;

	if (ctl->evs.boot_rt_us < 0 || oomkit_ctx_new(&cx) < 0)
		return;
	if ((!root || oomkit_ctx_set_proc_root(cx, root) == 0) && oomkit_sysmem_read(cx, &m) == 0) {
		if (oomkit_sysmem_get(m, OOMKIT_MEM_VMSTAT_OOM_KILL, &k) == 0)
			ctl->kernel_kills = k;
		if (ctl->kernel_kills > ctl->evs.boot_kills)
			warnx("%lld of the %lld OOM kills since boot (/proc/vmstat oom_kill) "
			      "are in neither the journal nor /dev/kmsg",
			      k - ctl->evs.boot_kills, k);
		oomkit_sysmem_free(m);
	}
	oomkit_ctx_free(cx);
}

/* Wall-clock time of boot, in microseconds since the epoch (suspended
 * time included, so that it is never after a record of this boot). */
static long long boot_time_us(void)
{
	struct timespec bt;

	clock_gettime(CLOCK_BOOTTIME, &bt);
	return realtime_now_us() - ((long long)bt.tv_sec * 1000000LL + bt.tv_nsec / 1000);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "kmsg", no_argument, NULL, 'k' },
		{ "kmsg-file", required_argument, NULL, 'K' },
		{ "journal", no_argument, NULL, 'j' },
		{ "boot", optional_argument, NULL, 'b' },
		{ "journal-file", required_argument, NULL, OPT_JOURNAL_FILE },
		{ "follow", no_argument, NULL, 'f' },
		{ "since", required_argument, NULL, 'S' },
		{ "until", required_argument, NULL, 'U' },
		{ "pid", required_argument, NULL, 'p' },
		{ "comm", required_argument, NULL, 'c' },
		{ "memcg", required_argument, NULL, OPT_MEMCG },
		{ "constraint", required_argument, NULL, OPT_CONSTRAINT },
		{ "output", required_argument, NULL, 'o' },
		{ "list-columns", no_argument, NULL, 'H' },
		{ "json", no_argument, NULL, 'J' },
		{ "raw", no_argument, NULL, 'r' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "bytes", no_argument, NULL, OPT_BYTES },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ "prometheus", no_argument, NULL, OPT_PROMETHEUS },
		{ "output-file", required_argument, NULL, OPT_OUTPUT_FILE },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl ctl = { 0 };
	const char *proc_root;
	struct src_req reqs[64];
	size_t nreqs = 0, i, nsrcs = 0;
	/* every request, plus the system journal and /dev/kmsg */
	struct oomkit_source *srcs[ARRAY_LEN(reqs) + 2];
	struct oomkit_report_parser *rp;
	const char *outarg = NULL, *boot = NULL, *comm = NULL;
	int c, want_kmsg = 0, want_journal = 0, errors = 0, r;
	struct sigaction sa;

	cli_init(argc, argv);
	/* 1 means "no event found": a failed write must not look like it */
	cli_set_write_error_status(CLI_EXIT_USAGE);
	ctl.f.since = ctl.f.until = -1;

	while ((c = getopt_long(argc, argv, "kK:jb::fS:U:p:c:o:HJrnvhV", longopts, NULL)) != -1) {
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
		case 'f':
			ctl.follow = 1;
			break;
		case 'S':
		case 'U':
			evf_set_time(&ctl.f, c == 'S', optarg);
			break;
		case 'p':
			evf_add_pids(&ctl.f, optarg);
			break;
		case 'c':
			comm = optarg;
			break;
		case OPT_MEMCG:
			evf_set_memcg(&ctl.f, optarg);
			break;
		case OPT_CONSTRAINT:
			ctl.f.constraint = oomkit_constraint_from_name(optarg);
			if (ctl.f.constraint < 0)
				cli_usage_error("invalid constraint '%s': "
						"must be global, memcg, cpuset or mempolicy",
						cli_arg(optarg));
			break;
		case 'o':
			outarg = optarg;
			break;
		case 'H':
			cli_list_columns(infos, NINFOS);
		case 'J':
			ctl.json = 1;
			break;
		case 'r':
			ctl.raw = 1;
			break;
		case 'n':
			ctl.noheadings = 1;
			break;
		case OPT_BYTES:
			ctl.bytes = 1;
			break;
		case OPT_SUMMARY:
			ctl.summary = 1;
			break;
		case OPT_PROMETHEUS:
			ctl.prometheus = 1;
			break;
		case OPT_OUTPUT_FILE:
			ctl.output_file = optarg;
			break;
		case 'v':
			ctl.verbose = 1;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_errtryhelp();
		}
	}
	for (; optind < argc; optind++) {
		if (nreqs == ARRAY_LEN(reqs))
			cli_usage_error("too many sources");
		reqs[nreqs++] = (struct src_req){ REQ_FILE, argv[optind] };
	}

	if (boot) {
		/* -b selects boots of the journal files given, else of the
		 * system journal */
		for (i = 0; i < nreqs; i++)
			if (reqs[i].kind == REQ_JOURNAL)
				break;
		if (i == nreqs)
			want_journal = 1;
	}

	/* mutually exclusive options, in one place */
	if (ctl.json && ctl.raw)
		cli_usage_error("--json and --raw are mutually exclusive");
	if (ctl.summary && ctl.follow)
		cli_usage_error("--summary and --follow are mutually exclusive");
	if (ctl.summary && outarg)
		cli_usage_error("--summary and --output are mutually exclusive");
	if (ctl.prometheus) {
		static const char *const opts[] = {
			"--json",   "--raw",    "--noheadings", "--summary",
			"--follow", "--output", "--bytes",
		};
		const int given[] = { ctl.json,   ctl.raw,        ctl.noheadings, ctl.summary,
				      ctl.follow, outarg != NULL, ctl.bytes };

		for (i = 0; i < ARRAY_LEN(opts); i++)
			if (given[i])
				cli_usage_error("--prometheus and %s are mutually exclusive",
						opts[i]);
		/* counters of the running system restart at boot: count this
		 * boot's kills, not the journal's whole history */
		if (nreqs == 0 && !want_kmsg && !want_journal && ctl.f.since < 0) {
			ctl.f.since = boot_time_us();
			ctl.f.have_time = 1;
		}
	} else if (ctl.output_file) {
		cli_usage_error("--output-file needs --prometheus");
	}
	if (ctl.follow) {
		for (i = 0; i < nreqs; i++)
			if (reqs[i].kind == REQ_FILE || reqs[i].kind == REQ_KMSG_FILE)
				cli_usage_error("--follow works with /dev/kmsg and the journal, "
						"not with files");
	}
	if (ctl.f.since >= 0 && ctl.f.until >= 0 && ctl.f.since > ctl.f.until)
		cli_usage_error("--since is later than --until");
	if (comm)
		evf_set_comm(&ctl.f, comm);

	/* --follow -J: a stream of events, JSON Lines */
	out_init(&ctl.o, ctl.json, ctl.raw, ctl.noheadings, ctl.bytes, ctl.follow);
	set_default_columns(&ctl);
	if (outarg)
		ctl.ncols = cli_parse_columns(outarg, infos, NINFOS, ctl.cols, ctl.ncols,
					      ARRAY_LEN(ctl.cols));

	r = oomkit_report_parser_new(&rp);
	if (r < 0)
		errx(CLI_EXIT_USAGE, "cannot create the report parser: %s", oomkit_strerror(r));

	/*
	 * SIGINT and SIGTERM end a run at once, as they end cat or grep
	 * (default action). Only -f, which they end normally (exit 0),
	 * catches them: without SA_RESTART, a wait in the library comes
	 * back with EINTR and `stop` is checked.
	 */
	if (ctl.follow) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		setvbuf(stdout, NULL, _IOLBF, 0);
	}

	errors += open_sources(ctl.f.since, ctl.verbose, reqs, nreqs, want_kmsg, want_journal, boot,
			       srcs, &nsrcs);
	/* the running system's logs: compared with the kernel's count */
	proc_root = getenv("OOMKIT_PROC_ROOT"); /* tests */
	if (proc_root && !*proc_root)
		proc_root = NULL;
	ctl.kernel_kills = -1;

	/* the events in the order oomwhy numbers them (evstream.h) */
	evs_init(&ctl.evs, nsrcs, nreqs, ctl.follow, take_event, take_batch, &ctl);
	ctl.evs.boot_rt_us = nreqs == 0 && !want_kmsg && !want_journal && !ctl.follow ?
				     proc_boot_time_us(proc_root) :
				     -1;
	errors += evs_read(&ctl.evs, srcs, nsrcs, rp, ctl.verbose);
	/* -f: the backlog's finished events now; a report still being
	 * written stays open for what follows */
	evs_end(&ctl.evs, rp, ctl.follow && nsrcs > 0);
	unseen_kills(&ctl, proc_root);

	if (nsrcs == 0 && errors) {
		/* nothing could be read: no empty table or JSON either */
	} else if (ctl.follow && nsrcs > 0) {
		/* what is already there first, then what comes */
		if (ctl.tb)
			print_events(&ctl);
		if (ctl.ftb && ctl.o.mode == OUT_TABLE && scols_table_get_nlines(ctl.ftb) > 0)
			print_rows(&ctl, ctl.ftb);
		ctl.following = 1;
		cli_flush_stdout_or_exit();
		if (follow(&ctl, srcs, nsrcs, rp) < 0)
			errors++;
	} else if (ctl.prometheus) {
		if (write_prometheus(&ctl) < 0)
			errors++;
	} else if (ctl.summary) {
		print_summary(&ctl);
	} else if (ctl.tb || ctl.json) {
		print_events(&ctl);
	}

	if (ctl.f.no_time > 0)
		warnx("%lld event%s without a wall-clock time left out by --since/--until",
		      ctl.f.no_time, ctl.f.no_time == 1 ? "" : "s");

	free_summary(&ctl);
	evs_free(&ctl.evs);
	for (i = 0; i < nsrcs; i++)
		oomkit_source_free(srcs[i]);
	if (ctl.ftb)
		scols_unref_table(ctl.ftb);
	oomkit_report_parser_free(rp);
	evf_free(&ctl.f);

	if (errors)
		return CLI_EXIT_USAGE;
	if (ctl.follow || ctl.prometheus)
		return CLI_EXIT_OK; /* no kill is a fine count too */
	return ctl.printed > 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}
