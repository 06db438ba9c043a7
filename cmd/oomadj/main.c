/*
 * oomadj - show and change oom_score_adj, safely and scriptably.
 *
 *   oomadj [options] [PID[:INODE]...]           show
 *   oomadj [options] -n VALUE|--add DELTA PID... set
 *   oomadj [options] -n VALUE [--] COMMAND ...  run a command with a value
 *
 * Every target is pinned (pidfd + /proc/<pid> dirfd) and re-checked before
 * the write by liboomkit's adj module, which also words the errors and
 * the consequences. This file parses the options and wires the other
 * files together (see oomadj.h for which file does what).
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pwd.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oomadj.h"

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;

	fputs("Usage:\n", out);
	fprintf(out, " %s [options] [<pid>[:<inode>]...]\n", cli_prog());
	fprintf(out, " %s [options] {-n <value>|--add <delta>} <pid>[:<inode>]...\n", cli_prog());
	fprintf(out,
		" %s [options] {-n <value>|--add <delta>} [--] <command> "
		"[<arg>...]\n",
		cli_prog());
	fputs("\nShow or change the OOM killer's oom_score_adj of processes, safely.\n", out);
	fputs("With no process, show the calling process (the parent of oomadj).\n", out);
	fputs("\nOptions:\n", out);
	fputs(" -n, --adjust <value>   set oom_score_adj to <value> (-1000..1000)\n", out);
	fputs("     --add <delta>      change oom_score_adj by <delta> (negative lowers),\n"
	      "                          clamped to -1000..1000 with a warning\n",
	      out);
	fputs(" -p, --pid <pid>        a process to act on (as choom; may repeat)\n", out);
	fputs("\nSelection (combined with AND; pids given are added):\n", out);
	fputs(" -N, --name <regex>     processes whose name (comm) matches <regex>\n", out);
	fputs(" -f, --full             match <regex> against the whole command line\n", out);
	fputs(" -u, --user <user>      processes whose effective user is <user>\n", out);
	fputs("     --memcg <path>     processes in memory cgroup <path> or below it\n", out);
	fputs("     --tree             add every descendant of each selected process\n", out);
	fputs("\nOutput:\n", out);
	fputs("     --dry-run          show what would change, change nothing\n", out);
	fputs(" -q, --quiet            print nothing but errors and warnings\n", out);
	fputs(" -J, --json             JSON output, one object per target\n", out);
	fputs(" -r, --raw              raw output: no padding, a space in a value as \\x20\n", out);
	fputs(" -o, --output <list>    columns to show (show mode; see --list-columns)\n", out);
	fputs("     --noheadings       do not print the header line\n", out);
	fputs(" -H, --list-columns     list the columns and exit\n", out);
	fputs("     --persist          also write an OOMScoreAdjust= drop-in for the\n"
	      "                          systemd service of each process\n",
	      out);
	fputs("\n -h, --help             display this help\n", out);
	fputs(" -V, --version          display version\n", out);
	fputs("\nExit status: 0 all done, 1 a target failed or nothing matched,\n"
	      "2 usage error, 126 command cannot run, 127 command not found.\n",
	      out);
	fprintf(out, "\nFor more details see %s(1).\n", cli_prog());
	exit(CLI_EXIT_OK);
}

static int parse_value(const char *s, const char *opt)
{
	char *end;
	long long v;

	if (*s == '+')
		cli_usage_error("invalid value '%s': %s takes an absolute value; use --add %s for "
				"a relative change",
				cli_arg(s), opt, cli_arg(s + 1));
	errno = 0;
	v = strtoll(s, &end, 10);
	/* strtoll skips any leading white space (newline, CR, VT, FF too) */
	if (!*s || end == s || *end || isspace((unsigned char)*s))
		cli_usage_error("invalid value '%s': must be an integer from %d to %d", cli_arg(s),
				OOMKIT_ADJ_MIN, OOMKIT_ADJ_MAX);
	if (errno == ERANGE || v < OOMKIT_ADJ_MIN || v > OOMKIT_ADJ_MAX)
		cli_usage_error("value %s is out of range: must be from %d to %d", cli_arg(s),
				OOMKIT_ADJ_MIN, OOMKIT_ADJ_MAX);
	return (int)v;
}

static uid_t parse_user(const char *s)
{
	struct passwd *pw;
	char *end;
	unsigned long v;

	pw = getpwnam(s);
	if (pw)
		return pw->pw_uid;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*s >= '0' && *s <= '9' && !*end && !errno && v < (unsigned long)(uid_t)-1)
		return (uid_t)v;
	cli_usage_error("unknown user '%s'", cli_arg(s));
}

int main(int argc, char **argv)
{
	enum {
		OPT_ADD = CHAR_MAX + 1,
		OPT_MEMCG,
		OPT_TREE,
		OPT_DRY_RUN,
		OPT_PERSIST,
		OPT_NOHEADINGS,
	};
	static const struct option longopts[] = { { "adjust", required_argument, NULL, 'n' },
						  { "add", required_argument, NULL, OPT_ADD },
						  { "pid", required_argument, NULL, 'p' },
						  { "name", required_argument, NULL, 'N' },
						  { "full", no_argument, NULL, 'f' },
						  { "user", required_argument, NULL, 'u' },
						  { "memcg", required_argument, NULL, OPT_MEMCG },
						  { "tree", no_argument, NULL, OPT_TREE },
						  { "dry-run", no_argument, NULL, OPT_DRY_RUN },
						  { "quiet", no_argument, NULL, 'q' },
						  { "json", no_argument, NULL, 'J' },
						  { "raw", no_argument, NULL, 'r' },
						  { "output", required_argument, NULL, 'o' },
						  { "list-columns", no_argument, NULL, 'H' },
						  { "noheadings", no_argument, NULL,
						    OPT_NOHEADINGS },
						  { "persist", no_argument, NULL, OPT_PERSIST },
						  { "help", no_argument, NULL, 'h' },
						  { "version", no_argument, NULL, 'V' },
						  { NULL, 0, NULL, 0 } };
	struct control ctl = { 0 };
	const char *outarg = NULL;
	char **pidargs, **command = NULL;
	size_t npidargs = 0, i, gone;
	int c, rc, have_n = 0, have_add = 0, failed = 0;

	cli_init(argc, argv);
	/* getopt's own messages use argv[0]: make them "oomadj: ..." */
	if (argc > 0)
		argv[0] = (char *)cli_prog();
	pidargs = calloc((size_t)argc + 1, sizeof(*pidargs));
	if (!pidargs)
		err(CLI_EXIT_FAILURE, "cannot allocate memory");

	/*
	 * '+': stop at the first non-option, so that "oomadj -n 5 cmd -x"
	 * leaves -x to cmd. A pid there is collected and option parsing
	 * resumes, so "oomadj 123 -n 5" works too.
	 */
	for (;;) {
		c = getopt_long(argc, argv, "+n:p:N:fu:qJro:HhV", longopts, NULL);
		if (c == -1) {
			if (optind >= argc)
				break;
			if (strcmp(argv[optind - 1], "--") == 0 && optind > 1) {
				command = &argv[optind];
				break;
			}
			if (!pid_shaped(argv[optind])) {
				if (npidargs)
					cli_usage_error("invalid process '%s': must be PID or "
							"PID:INODE",
							cli_arg(argv[optind]));
				command = &argv[optind];
				break;
			}
			check_pidspec(argv[optind]);
			pidargs[npidargs++] = argv[optind++];
			continue;
		}
		switch (c) {
		case 'n':
			ctl.value = parse_value(optarg, "-n");
			have_n = 1;
			break;
		case OPT_ADD:
			ctl.value = cli_strtoll(optarg, "delta", -2000, 2000);
			have_add = 1;
			break;
		case 'p':
			check_pidspec(optarg);
			pidargs[npidargs++] = optarg;
			break;
		case 'N':
			ctl.name_re = optarg;
			break;
		case 'f':
			ctl.full = 1;
			break;
		case 'u':
			ctl.user = parse_user(optarg);
			ctl.have_user = 1;
			break;
		case OPT_MEMCG:
			ctl.memcg = optarg;
			break;
		case OPT_TREE:
			ctl.tree = 1;
			break;
		case OPT_DRY_RUN:
			ctl.dry_run = 1;
			break;
		case 'q':
			ctl.quiet = 1;
			break;
		case 'J':
			ctl.json = 1;
			break;
		case 'r':
			ctl.raw = 1;
			break;
		case 'o':
			outarg = optarg;
			break;
		case 'H':
			cli_list_columns(infos, ninfos);
		case OPT_PERSIST:
			ctl.persist = 1;
			break;
		case OPT_NOHEADINGS:
			ctl.noheadings = 1;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_errtryhelp();
		}
	}

	/* option conflicts, in one place */
	{
		const struct {
			int bad;
			const char *msg;
		} rules[] = {
			{ have_n && have_add, "-n and --add cannot be combined: -n sets an "
					      "absolute value, --add a relative one" },
			{ ctl.full && !ctl.name_re, "--full needs -N/--name" },
			{ command && (npidargs || have_selectors(&ctl) || ctl.tree),
			  "a COMMAND cannot be combined with process selection" },
			{ command && !have_n && !have_add, "running a COMMAND needs -n VALUE or "
							   "--add DELTA" },
			{ command && ctl.dry_run, "--dry-run cannot be used with a COMMAND" },
			{ command && ctl.persist, "--persist cannot be used with a COMMAND" },
			{ command && ctl.json, "--json cannot be used with a COMMAND" },
			{ ctl.persist && !have_n && !have_add, "--persist needs -n VALUE or --add "
							       "DELTA" },
			{ outarg && (have_n || have_add), "-o/--output is for showing; it cannot "
							  "be used with -n or --add" },
			{ ctl.raw && (have_n || have_add), "-r/--raw is for showing; it cannot "
							   "be used with -n or --add" },
			{ ctl.json && ctl.raw, "--json and --raw are mutually exclusive" },
			{ (have_n || have_add) && !command && !npidargs && !have_selectors(&ctl),
			  "no process given: name a PID, select with -N, -u or --memcg, or give a "
			  "COMMAND to run" },
		};
		for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
			if (rules[i].bad)
				cli_usage_error("%s", rules[i].msg);
	}
	ctl.set = have_n || have_add;
	ctl.relative = have_add;

	if (ctl.name_re) {
		rc = regcomp(&ctl.re, ctl.name_re, REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			char msg[256];

			regerror(rc, &ctl.re, msg, sizeof(msg));
			cli_usage_error("invalid regular expression '%s': %s", cli_arg(ctl.name_re),
					msg);
		}
	}
	ctl.cols[0] = COL_PID;
	ctl.cols[1] = COL_COMM;
	ctl.cols[2] = COL_ADJ;
	ctl.cols[3] = COL_SCORE;
	ctl.cols[4] = COL_BADNESS;
	ctl.ncols = 5;
	if (outarg)
		ctl.ncols = cli_parse_columns(outarg, infos, ninfos, ctl.cols, ctl.ncols,
					      sizeof(ctl.cols) / sizeof(ctl.cols[0]));

	rc = oomkit_ctx_new(&ctl.ctx);
	if (rc < 0)
		errx(CLI_EXIT_FAILURE, "cannot create context: %s", oomkit_strerror(rc));
	/* a /proc of another pid namespace names other processes: refuse
	 * once here (the library refuses each open and write too) */
	rc = oomkit_adj_check_procfs(ctl.ctx);
	if (rc < 0) {
		char why[512];

		oomkit_adj_explain(NULL, rc, 0, cli_prog(), why, sizeof(why));
		errx(CLI_EXIT_FAILURE, "cannot use %s: %s", oomkit_ctx_get_proc_root(ctl.ctx), why);
	}

	if (command)
		run_command(&ctl, command);

	if (ctl.memcg)
		prepare_memcg(&ctl);

	/* the targets: named pids first, then selections, then trees */
	for (i = 0; i < npidargs; i++) {
		pid_t pid = 0;
		unsigned long long ino = 0;
		int has_ino = 0;

		parse_pidspec(pidargs[i], &pid, &ino, &has_ino);
		add_named(&ctl, pid, ino, has_ino);
	}
	if (have_selectors(&ctl))
		select_processes(&ctl);
	if (!npidargs && !have_selectors(&ctl))
		add_named(&ctl, getppid(), 0, 0);
	if (ctl.tree)
		add_descendants(&ctl);
	if (ctl.ntargets == 0) {
		if (ctl.json)
			print_targets(&ctl);
		warnx("no process matched");
		failed = 1;
		goto done;
	}
	if (!ctl.set) {
		struct oomkit_sysmem *mem = NULL;

		if (oomkit_sysmem_read(ctl.ctx, &mem) == 0)
			ctl.totalpages =
				oomkit_sysmem_totalpages(mem, oomkit_ctx_page_size(ctl.ctx));
		oomkit_sysmem_free(mem);
	}

	test_pause("select");
	for (i = 0; i < ctl.ntargets; i++)
		do_target(&ctl, &ctl.targets[i]);

	if (!ctl.set || ctl.json)
		print_targets(&ctl);
	else
		print_set_text(&ctl);
	for (i = 0, gone = 0; i < ctl.ntargets; i++) {
		if (ctl.targets[i].status == ST_FAILED)
			failed = 1;
		if (ctl.targets[i].status == ST_GONE)
			gone++;
	}
	if (gone == ctl.ntargets) { /* every match exited */
		warnx("no process matched");
		failed = 1;
	}
done:
	for (i = 0; i < ctl.ntargets; i++) {
		free(ctl.targets[i].comm);
		free(ctl.targets[i].error);
		free(ctl.targets[i].notes);
	}
	free(ctl.targets);
	free(pidargs);
	free(ctl.memcg_norm);
	if (ctl.name_re)
		regfree(&ctl.re);
	oomkit_proc_table_free(ctl.tab);
	oomkit_ctx_free(ctl.ctx);
	return failed ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
}
