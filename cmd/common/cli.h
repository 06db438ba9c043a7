/*
 * cli.h - small helpers shared by the oomkit commands: strict number
 * parsing, usage errors, stdout close check and libsmartcols columns.
 * Not part of liboomkit: the library never prints or exits; these do.
 */
#ifndef OOMKIT_CLI_H
#define OOMKIT_CLI_H

#include <stddef.h>
#include <stdio.h>

/* Exit codes shared by all commands (each man page documents its own). */
#define CLI_EXIT_OK 0
#define CLI_EXIT_FAILURE 1
#define CLI_EXIT_USAGE 2

/*
 * cli_init - call first in main(): sets the locale, remembers the program
 * name for messages and registers the stdout close check (a write error
 * such as ENOSPC becomes a message and exit 1; EPIPE stays quiet).
 */
void cli_init(int argc, char **argv);

/*
 * cli_set_write_error_status - the exit status used when writing to
 * stdout fails (default 1; oomlog uses 2 because its 1 means "nothing
 * found").
 */
void cli_set_write_error_status(int status);

/*
 * cli_failure_status - the status for a failure that is not the command's
 * own: out of memory in the output helpers, a write error (1, or what
 * cli_set_write_error_status() set).
 */
int cli_failure_status(void);

/*
 * cli_flush_stdout - fflush(stdout) and check its error flag.
 * Returns 0, or -1 when output failed; the errno is kept for the message
 * printed at exit. For loops that must stop at the first failed write.
 */
int cli_flush_stdout(void);

/*
 * cli_flush_stdout_or_exit - cli_flush_stdout(), and on failure print
 * "prog: write error: REASON" (nothing for EPIPE: the reader is gone) and
 * exit with the write-error status.
 */
void cli_flush_stdout_or_exit(void);

/* The program's short name ("oomtop"). */
const char *cli_prog(void);

/*
 * cli_usage_error - print "prog: <message>" and the --help hint on
 * stderr and exit 2.
 */
__attribute__((noreturn, format(printf, 1, 2))) void cli_usage_error(const char *fmt, ...);

/*
 * cli_errtryhelp - the --help hint alone on stderr, exit 2: for getopt's
 * '?', after getopt_long() has said what was wrong (util-linux errtryhelp).
 */
__attribute__((noreturn)) void cli_errtryhelp(void);

/* cli_xstrdup - strdup(3) that never fails: on ENOMEM a message, exit 1. */
char *cli_xstrdup(const char *s);

/* cli_print_version - "prog from oomkit x.y.z" on stdout, exit 0. */
__attribute__((noreturn)) void cli_print_version(void);

/*
 * cli_strtoll - parse all of @s as a decimal integer in [@min, @max].
 * On any problem prints "prog: invalid <what> 's': must be an integer from
 * min to max" (or the reason) plus the --help hint and exits 2.
 */
long long cli_strtoll(const char *s, const char *what, long long min, long long max);

/* The parse of cli_strtoll() alone: 0 and *@out set, -EINVAL when @s is
 * not a decimal integer, -ERANGE when it is out of [@min, @max]. */
int cli_parse_ll(const char *s, long long min, long long max, long long *out);

/*
 * cli_strtod_secs - parse a positive number of seconds (fractions
 * allowed, e.g. "0.5") in (0, @max]; exits 2 on error.
 */
double cli_strtod_secs(const char *s, const char *what, double max);

/* The parse of cli_strtod_secs() alone: 0 and *@out set, -EINVAL when @s
 * is not a finite number, -ERANGE when it is not in (0, @max]. */
int cli_parse_secs(const char *s, double max, double *out);

/* A column a listing command can show (the lslocks pattern). */
struct cli_colinfo {
	const char *name; /* -o name and header */
	double whint;     /* libsmartcols width hint */
	int flags;        /* SCOLS_FL_* */
	int json_type;    /* SCOLS_JSON_* */
	const char *help; /* one line for -H/--list-columns */
	const char *json; /* JSON key: the same for the same fact in every command */
};

/*
 * cli_parse_columns - parse a comma-separated column list (the argument of
 * -o). A leading '+' appends to the columns already in @cols.
 * Unknown names are a usage error (exit 2).
 * Returns the new number of columns.
 */
size_t cli_parse_columns(const char *list, const struct cli_colinfo *infos, size_t ninfos,
			 int *cols, size_t ncols, size_t max);

/* cli_list_columns - print the columns table for -H and exit 0. */
__attribute__((noreturn)) void cli_list_columns(const struct cli_colinfo *infos, size_t ninfos);

/*
 * cli_escape - oomkit_escape() that never fails: on ENOMEM it prints a
 * message and exits with cli_failure_status(). In a locale whose
 * character set is not UTF-8, bytes >= 0x80 become \xHH as well (UTF-8
 * would not print as text there). The caller frees the result.
 */
char *cli_escape(const char *s);

/*
 * cli_arg - @s escaped like a process name (cli_escape), for quoting a
 * user's argument in a message: control bytes in an argument must not
 * reach the terminal raw. The result stays valid for the next three
 * calls (a small ring owned by cli.c); never NULL.
 */
const char *cli_arg(const char *s);

#endif
