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
#include <string.h>
#include <unistd.h>

#include "oomtop.h"

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;

	fputs("Usage:\n", out);
	fprintf(out, " %s [options]\n", cli_prog());
	fprintf(out, " %s -b [options]\n", cli_prog());
	fputs("\nShow who the OOM killer would kill next, per OOM domain, and why:\n"
	      "an interactive screen, or snapshots with -b.\n",
	      out);
	fputs("\nOptions:\n", out);
	fputs(" -b, --batch               batch mode: print snapshots, no screen\n", out);
	fputs(" -n, --iterations <count>  number of snapshots (default: until interrupted)\n", out);
	fputs(" -d, --delay <seconds>     time between snapshots/refreshes (default 3)\n", out);
	fputs(" -p, --pid <pid>           only this process (screen: select and follow it)\n", out);
	fputs(" -u, --user <user>         only processes of this user (name or uid)\n", out);
	fputs("     --memcg <path>        only processes in this memory cgroup and below\n", out);
	fputs(" -s, --sort <column>       sort by this column, descending (default: rank)\n", out);
	fputs("     --sort-asc            sort ascending\n", out);
	fputs("     --domains             one row per OOM domain (host and limited memcgs)\n", out);
	fputs("     --domain <name>       rank the processes of one domain\n", out);
	fputs("                             (\"global\" or a memory cgroup path)\n", out);
	fputs(" -a, --all                 also list processes the kernel cannot pick\n", out);
	fputs(" -l, --limit <rows>        show only the first <rows> processes\n", out);
	fputs(" -o, --output <list>       columns to show (see --list-columns; +list adds)\n", out);
	fputs(" -H, --list-columns        list the available columns\n", out);
	fputs(" -J, --json                JSON Lines: one document per snapshot\n", out);
	fputs(" -r, --raw                 raw output: no padding, a space in a value as \\x20\n",
	      out);
	fputs("     --noheadings          do not print the header line\n", out);
	fputs("     --bytes               sizes in bytes, not in 25.6M style\n", out);
	fputs("     --prometheus          Prometheus metrics of every domain and the host\n", out);
	fputs("     --output-file <path>  with --prometheus: replace <path> atomically\n", out);
	fputs(" -h, --help                display this help\n", out);
	fputs(" -V, --version             display version\n", out);
	fputs("\nOn the screen, press h or ? for the keys; q quits.\n", out);
	fputs("\nBADNESS is the kernel's oom_badness() in pages for the shown domain:\n"
	      "rss + swap + page tables + oom_score_adj * (totalpages / 1000).\n"
	      "The highest BADNESS in a domain is killed when that domain runs out.\n",
	      out);
	fprintf(out, "\nFor more details see %s(1).\n", cli_prog());
	exit(CLI_EXIT_OK);
}

int main(int argc, char **argv)
{
	enum {
		OPT_DOMAINS = CHAR_MAX + 1,
		OPT_DOMAIN,
		OPT_NOHEADINGS,
		OPT_MEMCG,
		OPT_SORT_ASC,
		OPT_PROMETHEUS,
		OPT_OUTPUT_FILE,
		OPT_BYTES,
	};
	static const struct option longopts[] = {
		{ "batch", no_argument, NULL, 'b' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "delay", required_argument, NULL, 'd' },
		{ "domains", no_argument, NULL, OPT_DOMAINS },
		{ "domain", required_argument, NULL, OPT_DOMAIN },
		{ "all", no_argument, NULL, 'a' },
		{ "pid", required_argument, NULL, 'p' },
		{ "user", required_argument, NULL, 'u' },
		{ "memcg", required_argument, NULL, OPT_MEMCG },
		{ "sort", required_argument, NULL, 's' },
		{ "sort-asc", no_argument, NULL, OPT_SORT_ASC },
		{ "limit", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ "list-columns", no_argument, NULL, 'H' },
		{ "json", no_argument, NULL, 'J' },
		{ "raw", no_argument, NULL, 'r' },
		{ "noheadings", no_argument, NULL, OPT_NOHEADINGS },
		{ "prometheus", no_argument, NULL, OPT_PROMETHEUS },
		{ "output-file", required_argument, NULL, OPT_OUTPUT_FILE },
		{ "bytes", no_argument, NULL, OPT_BYTES },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct oomtop t = { .iterations = -1, .delay = 3.0, .sort_col = -1 };
	const char *outarg = NULL, *sortarg = NULL, *memcgarg = NULL;
	char *memcg = NULL;
	int c, batch = 0, list_columns = 0, rc = 0;

	cli_init(argc, argv);
	while ((c = getopt_long(argc, argv, "bn:d:al:o:HJrhVp:u:s:", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			batch = 1;
			break;
		case 'n':
			t.iterations = (long)cli_strtoll(optarg, "iteration count", 1, LONG_MAX);
			break;
		case 'd':
			t.delay = cli_strtod_secs(optarg, "delay", 86400);
			break;
		case OPT_DOMAINS:
			t.domains = 1;
			break;
		case OPT_DOMAIN:
			t.domain = optarg;
			break;
		case 'a':
			t.all = 1;
			break;
		case 'p':
			t.focus.pid = (pid_t)cli_strtoll(optarg, "pid", 1, INT_MAX);
			break;
		case 'u':
			t.focus.user = optarg;
			break;
		case OPT_MEMCG:
			memcgarg = optarg;
			break;
		case 's':
			sortarg = optarg;
			break;
		case OPT_SORT_ASC:
			t.sort_asc = 1;
			break;
		case 'l':
			t.limit = (long)cli_strtoll(optarg, "row limit", 1, LONG_MAX);
			break;
		case 'o':
			outarg = optarg;
			break;
		case 'H':
			list_columns = 1;
			break;
		case 'J':
			t.json = 1;
			break;
		case 'r':
			t.raw = 1;
			break;
		case OPT_NOHEADINGS:
			t.noheadings = 1;
			break;
		case OPT_PROMETHEUS:
			t.prometheus = 1;
			break;
		case OPT_OUTPUT_FILE:
			t.output_file = optarg;
			break;
		case OPT_BYTES:
			t.bytes = 1;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
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
	if (t.prometheus && !batch)
		cli_usage_error("--prometheus needs -b (batch mode)");
	if (t.prometheus) {
		/* every domain, every metric: nothing to choose */
		static const char *const opts[] = {
			"--json",   "--raw", "--output", "--noheadings",
			"--domain", "--all", "--limit",
		};
		const int given[] = { t.json,           t.raw, outarg != NULL, t.noheadings,
				      t.domain != NULL, t.all, t.limit != 0 };
		size_t k;

		for (k = 0; k < sizeof(opts) / sizeof(opts[0]); k++)
			if (given[k])
				cli_usage_error("--prometheus and %s are mutually exclusive",
						opts[k]);
		t.domains = 1;
	} else if (t.output_file) {
		cli_usage_error("--output-file needs --prometheus");
	}
	if (sortarg) {
		t.sort_col = column_by_name(pcols, NPCOLS, sortarg, strlen(sortarg));
		if (t.sort_col < 0)
			cli_usage_error("unknown sort column: %s", cli_arg(sortarg));
		if (t.sort_col == COL_RANK)
			t.sort_col = -1; /* the kernel's order, whatever the direction */
	}
	if (!batch && !list_columns &&
	    (t.json || t.raw || t.noheadings || t.domains || t.iterations >= 0))
		cli_usage_error("-J, -r, --noheadings, --domains and -n need -b (batch mode)");
	t.screen = !batch && !list_columns;
	oomtop_columns_init(&t, outarg, list_columns);
	if (!batch && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		errx(CLI_EXIT_FAILURE, "the screen needs a terminal: use -b for batch mode");
	if (oomkit_ctx_new(&t.ctx) < 0)
		err(CLI_EXIT_FAILURE, "cannot allocate context");
	{
		const char *root = getenv("OOMKIT_PROC_ROOT"); /* tests */
		const char *cg = getenv("OOMKIT_MEMCG_ROOT");  /* tests: a v2 tree */

		if (root && *root && oomkit_ctx_set_proc_root(t.ctx, root) < 0)
			errx(CLI_EXIT_FAILURE, "invalid OOMKIT_PROC_ROOT '%s'", cli_arg(root));
		if (cg && *cg && oomkit_ctx_set_memcg_root(t.ctx, OOMKIT_CGROUP_V2, cg) < 0)
			errx(CLI_EXIT_FAILURE, "invalid OOMKIT_MEMCG_ROOT '%s'", cli_arg(cg));
	}
	if (memcgarg) {
		int r = oomkit_memcg_path_from_user(t.ctx, memcgarg, &memcg);

		if (r < 0)
			errx(CLI_EXIT_FAILURE, "invalid memory cgroup '%s': %s", cli_arg(memcgarg),
			     oomkit_strerror(r));
		t.focus.memcg = memcg;
	}
	/* libproc2 reads /proc itself (no fixture roots); CPU% needs two
	 * readings, so one snapshot reads stat only for NICE or AGE */
	t.want_cpu = strcmp(oomkit_ctx_get_proc_root(t.ctx), "/proc") == 0 &&
		     ((columns_have(&t, COL_CPU) && t.iterations != 1) ||
		      columns_have(&t, COL_NICE) || columns_have(&t, COL_AGE));
	rc = batch ? oomtop_batch_run(&t) : oomtop_screen_run(&t);
	free(memcg);
	oomkit_ctx_free(t.ctx);
	return rc;
}
