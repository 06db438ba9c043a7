/*
 * example.c - a first liboomkit program: the library's version, the
 * system's memory as the OOM killer counts it, and the processes killed
 * in a kernel log.
 *
 *	cc example.c $(pkg-config --cflags --libs oomkit) -o example
 *	./example                  # version and memory only
 *	dmesg | ./example -        # ... and the kills in dmesg's output
 *	./example /var/log/kern.log
 *
 * Exit status: 0, or 1 with one line on stderr when something failed.
 */
#define _POSIX_C_SOURCE 200809L /* getline */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <oomkit/oomkit.h>

/* one event of the report parser: who was killed, by whom, at which line */
static void print_event(const struct oomkit_event *ev)
{
	const char *comm = oomkit_event_str(ev, OOMKIT_EV_COMM);
	const char *origin = oomkit_event_str(ev, OOMKIT_EV_SOURCE);
	long long pid, outcome = -1, killer = -1;
	char *safe = comm ? oomkit_escape(comm) : NULL; /* a comm is hostile text */

	oomkit_event_num(ev, OOMKIT_EV_OUTCOME, &outcome);
	oomkit_event_num(ev, OOMKIT_EV_KILLER, &killer);
	printf("%s:",
	       outcome >= 0 ? oomkit_outcome_name((enum oomkit_event_outcome)outcome) : "unknown");
	if (oomkit_event_num(ev, OOMKIT_EV_PID, &pid) == 0)
		printf(" pid %lld", pid);
	if (safe)
		printf(" (%s)", safe);
	if (killer >= 0)
		printf(" by %s", oomkit_killer_name((enum oomkit_event_killer)killer));
	printf(" at %s\n", origin ? origin : "?");
	free(safe);
}

static int drain(struct oomkit_report_parser *rp)
{
	struct oomkit_event *ev;
	int n = 0;

	while (oomkit_report_next(rp, &ev) == 0) {
		print_event(ev);
		oomkit_event_free(ev);
		n++;
	}
	return n;
}

static int read_log(const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	struct oomkit_report_parser *rp;
	char *line = NULL, origin[256];
	const char *name = f == stdin ? "stdin" : path;
	size_t cap = 0, lineno = 0;
	ssize_t len;
	int rc, events = 0;

	if (!f) {
		perror(path);
		return -1;
	}
	rc = oomkit_report_parser_new(&rp);
	if (rc < 0) {
		fprintf(stderr, "example: %s\n", oomkit_strerror(rc));
		return -1;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		snprintf(origin, sizeof(origin), "%s:%zu", name, ++lineno);
		rc = oomkit_report_feed_line(rp, line, (size_t)len, origin);
		if (rc < 0)
			break;
		events += drain(rp);
	}
	if (rc >= 0)
		rc = oomkit_report_flush(rp);
	events += drain(rp);
	printf("%d OOM event(s) in %zu line(s)\n", events, lineno);
	oomkit_report_parser_free(rp);
	free(line);
	if (f != stdin)
		fclose(f);
	if (rc < 0) {
		fprintf(stderr, "example: %s: %s\n", path, oomkit_strerror(rc));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct oomkit_ctx *ctx;
	struct oomkit_sysmem *mem;
	long long total = 0, avail;
	int rc;

	printf("liboomkit %s (headers %s)\n", oomkit_version(), OOMKIT_VERSION_STRING);

	rc = oomkit_ctx_new(&ctx);
	if (rc < 0) {
		fprintf(stderr, "example: %s\n", oomkit_strerror(rc));
		return 1;
	}
	rc = oomkit_sysmem_read(ctx, &mem);
	if (rc < 0) {
		fprintf(stderr, "example: cannot read memory state: %s\n", oomkit_strerror(rc));
		oomkit_ctx_free(ctx);
		return 1;
	}
	oomkit_sysmem_get(mem, OOMKIT_MEM_TOTAL_KB, &total); /* always known */
	printf("MemTotal %lld kB, totalpages %llu\n", total,
	       oomkit_sysmem_totalpages(mem, oomkit_ctx_page_size(ctx)));
	/* unknown is not zero: MemAvailable is missing before 3.14 */
	if (oomkit_sysmem_get(mem, OOMKIT_MEM_AVAILABLE_KB, &avail) == 0)
		printf("MemAvailable %lld kB\n", avail);
	else
		printf("MemAvailable unknown\n");
	oomkit_sysmem_free(mem);
	oomkit_ctx_free(ctx);

	if (argc > 1 && read_log(argv[1]) < 0)
		return 1;
	return 0;
}
