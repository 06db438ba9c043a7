/*
 * cli.c - shared command-line helpers (see cli.h).
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <langinfo.h>
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
static int write_error_status = CLI_EXIT_FAILURE;
/* errno of the first failed flush, kept for the message at exit */
static int write_errno;

void cli_set_write_error_status(int status)
{
	write_error_status = status;
}

/*
 * Report a failed write to stdout once: EPIPE quietly (the reader has
 * gone, as with SIGPIPE), anything else as "write error: REASON".
 */
static void write_failed(int e)
{
	if (e == EPIPE)
		return;
	if (e) {
		errno = e;
		warn("write error");
	} else {
		warnx("write error");
	}
}

static void close_stdout(void)
{
	int ferr = ferror(stdout);

	errno = 0;
	if (fclose(stdout) != 0 || ferr) {
		write_failed(errno ? errno : write_errno);
		_exit(write_error_status);
	}
	if (fclose(stderr) != 0)
		_exit(write_error_status);
}

int cli_failure_status(void)
{
	return write_error_status;
}

int cli_flush_stdout(void)
{
	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	write_errno = errno;
	return -1;
}

void cli_flush_stdout_or_exit(void)
{
	if (cli_flush_stdout() == 0)
		return;
	write_failed(write_errno);
	_exit(write_error_status);
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
	fputc('\n', stderr);
	cli_errtryhelp();
}

void cli_errtryhelp(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	exit(CLI_EXIT_USAGE);
}

char *cli_xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		err(CLI_EXIT_FAILURE, "cannot allocate memory");
	return d;
}

void cli_print_version(void)
{
	printf("%s from oomkit %s\n", prog, OOMKIT_VERSION_STRING);
	exit(CLI_EXIT_OK);
}

int cli_parse_ll(const char *s, long long min, long long max, long long *out)
{
	char *end;
	long long v;

	if (!s || !*s)
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	/* strtoll skips every isspace() byte; a number here has none */
	if (end == s || *end || isspace((unsigned char)s[0]))
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

long long cli_strtoll(const char *s, const char *what, long long min, long long max)
{
	long long v = 0;
	int rc = cli_parse_ll(s, min, max, &v);

	if (rc == -EINVAL)
		cli_usage_error("invalid %s '%s': must be an integer from %lld to %lld", what,
				cli_arg(s ? s : ""), min, max);
	if (rc < 0)
		cli_usage_error("%s '%s' is out of range: must be from %lld to %lld", what,
				cli_arg(s), min, max);
	return v;
}

int cli_parse_secs(const char *s, double max, double *out)
{
	char *end;
	double v;

	if (!s || !*s || isspace((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (*end || errno || !isfinite(v))
		return -EINVAL;
	if (v <= 0 || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

double cli_strtod_secs(const char *s, const char *what, double max)
{
	double v = 0;
	int rc = cli_parse_secs(s, max, &v);

	if (rc == -EINVAL)
		cli_usage_error("invalid %s '%s': must be a number of seconds", what,
				cli_arg(s ? s : ""));
	if (rc < 0)
		cli_usage_error("%s '%s' is out of range: must be more than 0 and at most %g", what,
				cli_arg(s), max);
	return v;
}

size_t cli_parse_columns(const char *list, const struct cli_colinfo *infos, size_t ninfos,
			 int *cols, size_t ncols, size_t max)
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
			if (strlen(infos[i].name) == len && strncasecmp(infos[i].name, p, len) == 0)
				break;
		if (i == ninfos) {
			char name[256];

			snprintf(name, sizeof(name), "%.*s", (int)len, p);
			cli_usage_error("unknown column: %s", cli_arg(name));
		}
		if (ncols >= max)
			cli_usage_error("too many columns");
		cols[ncols++] = (int)i;
		if (!end)
			break;
		p = end + 1;
	}
	if (ncols == 0)
		cli_usage_error("no columns in '%s'", cli_arg(list));
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

/*
 * oomkit_escape(), and in a locale whose character set is not UTF-8 (C,
 * POSIX) every byte >= 0x80 as \xHH too: valid UTF-8 kept as text would
 * not print as such there, and libsmartcols cannot measure its width (in
 * 2.38 it loops forever on it). NULL when out of memory.
 */
static char *escape(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	char *e = oomkit_escape(s ? s : ""), *out, *w;
	const unsigned char *p;
	size_t high = 0;

	if (!e || strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return e;
	for (p = (const unsigned char *)e; *p; p++)
		high += *p >= 0x80;
	if (!high)
		return e;
	out = malloc(strlen(e) + high * 3 + 1);
	if (out) {
		for (p = (const unsigned char *)e, w = out; *p; p++) {
			if (*p < 0x80) {
				*w++ = (char)*p;
				continue;
			}
			*w++ = '\\';
			*w++ = 'x';
			*w++ = hex[*p >> 4];
			*w++ = hex[*p & 0xf];
		}
		*w = '\0';
	}
	free(e);
	return out;
}

char *cli_escape(const char *s)
{
	char *e = escape(s);

	if (!e)
		err(cli_failure_status(), "cannot allocate memory");
	return e;
}

/* Ring of escaped arguments, so that a message can quote a few at once. */
#define CLI_ARG_RING 4
static char *arg_ring[CLI_ARG_RING];
static unsigned arg_next;

const char *cli_arg(const char *s)
{
	unsigned i = arg_next++ % CLI_ARG_RING;

	free(arg_ring[i]);
	arg_ring[i] = escape(s);
	/* out of memory: still say something, never the raw bytes */
	return arg_ring[i] ? arg_ring[i] : "?";
}
