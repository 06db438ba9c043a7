/*
 * oomtop - who the OOM killer would pick next, per OOM domain, and why.
 *
 * This file parses the options and wires the parts (see oomtop.h). The
 * ranking itself is liboomkit's (oomkit_domains_build): the kernel's
 * oom_badness() per domain.
 */
#include <err.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "oomtop.h"

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;

	fputs("Usage:\n", out);
	fprintf(out, " %s -b [options]\n", cli_prog());
	fputs("\nShow who the OOM killer would kill next, per OOM domain, and why.\n", out);
	fputs("\nOptions:\n", out);
	fputs(" -b, --batch               batch mode: print snapshots, no screen\n", out);
	fputs(" -n, --iterations <count>  number of snapshots (default: until interrupted)\n", out);
	fputs(" -d, --delay <seconds>     time between snapshots (default 3)\n", out);
	fputs("     --domains             one row per OOM domain (host and limited memcgs)\n", out);
	fputs("     --domain <name>       rank the processes of one domain\n", out);
	fputs("                             (\"global\" or a memory cgroup path)\n", out);
	fputs(" -a, --all                 also list processes the kernel cannot pick\n", out);
	fputs(" -l, --limit <rows>        show only the first <rows> processes\n", out);
	fputs(" -o, --output <list>       columns to show (see --list-columns; +list adds)\n", out);
	fputs(" -H, --list-columns        list the available columns\n", out);
	fputs(" -J, --json                JSON output\n", out);
	fputs(" -r, --raw                 raw table output\n", out);
	fputs("     --noheadings          do not print headings\n", out);
	fputs(" -h, --help                display this help\n", out);
	fputs(" -V, --version             display version\n", out);
	fputs("\nBADNESS is the kernel's oom_badness() in pages for the shown domain:\n"
	      "rss + swap + page tables + oom_score_adj * (totalpages / 1000).\n"
	      "The highest BADNESS in a domain is killed when that domain runs out.\n", out);
	fprintf(out, "\nFor more details see %s(1).\n", cli_prog());
	exit(CLI_EXIT_OK);
}

int main(int argc, char **argv)
{
	enum { OPT_DOMAINS = CHAR_MAX + 1, OPT_DOMAIN, OPT_NOHEADINGS };
	static const struct option longopts[] = {
		{ "batch", no_argument, NULL, 'b' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "delay", required_argument, NULL, 'd' },
		{ "domains", no_argument, NULL, OPT_DOMAINS },
		{ "domain", required_argument, NULL, OPT_DOMAIN },
		{ "all", no_argument, NULL, 'a' },
		{ "limit", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ "list-columns", no_argument, NULL, 'H' },
		{ "json", no_argument, NULL, 'J' },
		{ "raw", no_argument, NULL, 'r' },
		{ "noheadings", no_argument, NULL, OPT_NOHEADINGS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct oomtop t = { .iterations = -1, .delay = 3.0 };
	const char *outarg = NULL;
	int c, batch = 0, list_columns = 0, rc = 0;

	cli_init(argc, argv);
	while ((c = getopt_long(argc, argv, "bn:d:al:o:HJrhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': batch = 1; break;
		case 'n':
			t.iterations = (long)cli_strtoll(optarg, "iteration count", 1, LONG_MAX);
			break;
		case 'd': t.delay = cli_strtod_secs(optarg, "delay", 86400); break;
		case OPT_DOMAINS: t.domains = 1; break;
		case OPT_DOMAIN: t.domain = optarg; break;
		case 'a': t.all = 1; break;
		case 'l': t.limit = (long)cli_strtoll(optarg, "row limit", 1, LONG_MAX); break;
		case 'o': outarg = optarg; break;
		case 'H': list_columns = 1; break;
		case 'J': t.json = 1; break;
		case 'r': t.raw = 1; break;
		case OPT_NOHEADINGS: t.noheadings = 1; break;
		case 'h': usage();
		case 'V': cli_print_version();
		default:
			cli_errtryhelp();
		}
	}
	if (optind < argc)
		cli_usage_error("unexpected argument '%s'", cli_arg(argv[optind]));
	if (t.domains && t.domain)
		cli_usage_error("--domains and --domain are mutually exclusive");
	if (t.json && t.raw)
		cli_usage_error("--json and --raw are mutually exclusive");
	oomtop_columns_init(&t, outarg, list_columns);
	if (!batch) {
		/* FIXME: the interactive ncurses screen is a separate issue;
		 * until it lands, show one batch snapshot. */
		if (isatty(STDOUT_FILENO))
			warnx("the interactive screen is not available yet: "
			      "showing one snapshot (use -b for batch mode)");
		if (t.iterations < 0)
			t.iterations = 1;
	}
	if (oomkit_ctx_new(&t.ctx) < 0)
		err(CLI_EXIT_FAILURE, "cannot allocate context");
	{
		const char *root = getenv("OOMKIT_PROC_ROOT");	/* tests */

		if (root && *root && oomkit_ctx_set_proc_root(t.ctx, root) < 0)
			errx(CLI_EXIT_FAILURE, "invalid OOMKIT_PROC_ROOT '%s'", cli_arg(root));
	}
	rc = oomtop_batch_run(&t);
	oomkit_ctx_free(t.ctx);
	return rc;
}
