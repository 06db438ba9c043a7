/*
 * cli.c - shared command-line helpers (see cli.h).
 */
#include <err.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libsmartcols.h>

#include "oomkit/oomkit.h"
#include "cli.h"

static const char *prog = "oomkit";

static void close_stdout(void)
{
	int ferr = ferror(stdout);

	errno = 0;
	if (fclose(stdout) != 0 || ferr) {
		if (errno == EPIPE)
			_exit(CLI_EXIT_FAILURE);
		if (errno)
			warn("write error");
		else
			warnx("write error");
		_exit(CLI_EXIT_FAILURE);
	}
	if (fclose(stderr) != 0)
		_exit(CLI_EXIT_FAILURE);
}

void cli_init(int argc, char **argv)
{
	const char *slash;

	setlocale(LC_ALL, "");
	if (argc > 0 && argv[0] && *argv[0]) {
		slash = strrchr(argv[0], '/');
		prog = slash ? slash + 1 : argv[0];
	}
	atexit(close_stdout);
}

const char *cli_prog(void)
{
	return prog;
}

void cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", prog);
	exit(CLI_EXIT_USAGE);
}

void cli_print_version(void)
{
	printf("%s from oomkit %s\n", prog, OOMKIT_VERSION_STRING);
	exit(CLI_EXIT_OK);
}

long long cli_strtoll(const char *s, const char *what, long long min,
		      long long max)
{
	char *end;
	long long v;

	if (!s || !*s)
		cli_usage_error("invalid %s '': must be an integer from %lld to %lld",
				what, min, max);
	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || *end || (s[0] == ' ' || s[0] == '\t'))
		cli_usage_error("invalid %s '%s': must be an integer from %lld to %lld",
				what, s, min, max);
	if (errno == ERANGE || v < min || v > max)
		cli_usage_error("%s '%s' is out of range: must be from %lld to %lld",
				what, s, min, max);
	return v;
}

double cli_strtod_secs(const char *s, const char *what, double max)
{
	char *end;
	double v;

	errno = 0;
	v = s && *s ? strtod(s, &end) : NAN;
	if (!s || !*s || *end || errno || !isfinite(v))
		cli_usage_error("invalid %s '%s': must be a number of seconds",
				what, s ? s : "");
	if (v <= 0 || v > max)
		cli_usage_error("%s '%s' is out of range: must be more than 0 and at most %g",
				what, s, max);
	return v;
}

size_t cli_parse_columns(const char *list, const struct cli_colinfo *infos,
			 size_t ninfos, int *cols, size_t ncols, size_t max)
{
	const char *p = list;

	if (*p == '+')
		p++;
	else
		ncols = 0;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p), i;

		for (i = 0; i < ninfos; i++)
			if (strlen(infos[i].name) == len &&
			    strncasecmp(infos[i].name, p, len) == 0)
				break;
		if (i == ninfos)
			cli_usage_error("unknown column: %.*s", (int)len, p);
		if (ncols >= max)
			cli_usage_error("too many columns");
		cols[ncols++] = (int)i;
		if (!end)
			break;
		p = end + 1;
	}
	if (ncols == 0)
		cli_usage_error("no columns in '%s'", list);
	return ncols;
}

void cli_list_columns(const struct cli_colinfo *infos, size_t ninfos)
{
	size_t i;

	printf("Available output columns:\n");
	for (i = 0; i < ninfos; i++)
		printf(" %12s  %s\n", infos[i].name, infos[i].help);
	exit(CLI_EXIT_OK);
}

char *cli_escape(const char *s)
{
	char *e = oomkit_escape(s ? s : "");

	if (!e)
		err(CLI_EXIT_FAILURE, "cannot allocate memory");
	return e;
}
