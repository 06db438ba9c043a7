/*
 * snapshot.c - one reading of the system for oomtop: memory state,
 * process table and OOM domains (ranked by liboomkit), which batch mode
 * prints and a screen would draw.
 */
#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oomtop.h"

/* Say what failed: on stderr, or (screen) into t->errbuf for the status line. */
static void __attribute__((format(printf, 2, 3))) snap_warn(struct oomtop *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (t->errbuf)
		vsnprintf(t->errbuf, t->errsize, fmt, ap);
	else
		vwarnx(fmt, ap);
	va_end(ap);
}

/*
 * oomtop_snapshot_read - read memory, processes and domains into @s, and
 * find the domain to rank (--domain, "global" by default) unless
 * --domains lists them all. Warns about what fails, once about processes
 * that could not be read. Returns 0, or -1 with @s empty.
 */
int oomtop_snapshot_read(struct oomtop *t, struct oomtop_snapshot *s)
{
	unsigned flags = OOMKIT_PROC_USER;
	unsigned dflags = 0;
	int rc;

	memset(s, 0, sizeof(*s));
	clock_gettime(CLOCK_REALTIME, &s->when);
	{
		struct timespec m;

		clock_gettime(CLOCK_MONOTONIC, &m);
		s->mono = (double)m.tv_sec + (double)m.tv_nsec / 1e9;
	}
	if (t->cmdline_needed || (t->focus.name && *t->focus.name))
		flags |= OOMKIT_PROC_CMDLINE;
	rc = oomkit_sysmem_read(t->ctx, &s->mem);
	if (rc < 0) {
		snap_warn(t, "cannot read %s/meminfo: %s", oomkit_ctx_get_proc_root(t->ctx),
			  oomkit_strerror(rc));
		return -1;
	}
	if (t->score_pids)
		rc = oomkit_proc_table_read_scores(t->ctx, flags, t->score_pids, t->nscore_pids,
						   &s->tab);
	else
		rc = oomkit_proc_table_read(t->ctx, flags, &s->tab);
	if (rc < 0) {
		snap_warn(t, "cannot read processes from %s: %s", oomkit_ctx_get_proc_root(t->ctx),
			  oomkit_strerror(rc));
		oomtop_snapshot_free(s);
		return -1;
	}
	if (oomkit_proc_table_denied(s->tab) && !t->denied_warned) {
		snap_warn(t,
			  "%u processes could not be read (hidepid or permissions): "
			  "run as root to see them",
			  oomkit_proc_table_denied(s->tab));
		t->denied_warned = 1;
	}
	if (!t->domains && !t->all_domains && (!t->domain || strcmp(t->domain, "global") == 0))
		dflags |= OOMKIT_DOMAINS_GLOBAL_ONLY;
	rc = oomkit_domains_build(t->ctx, s->tab, s->mem, dflags, &s->set);
	if (rc < 0) {
		snap_warn(t, "cannot build OOM domains: %s", oomkit_strerror(rc));
		oomtop_snapshot_free(s);
		return -1;
	}
	if (t->domains)
		return 0;
	s->dom = oomkit_domains_find(s->set, t->domain ? t->domain : "global");
	if (!s->dom) {
		snap_warn(t, "no OOM domain '%s': not a memory cgroup with a limit (see --domains)",
			  cli_arg(t->domain));
		oomtop_snapshot_free(s);
		return -1;
	}
	return 0;
}

/* oomtop_snapshot_free - release what @s holds and empty it. */
void oomtop_snapshot_free(struct oomtop_snapshot *s)
{
	free(s->cpu);
	oomkit_domains_free(s->set);
	oomkit_proc_table_free(s->tab);
	oomkit_sysmem_free(s->mem);
	memset(s, 0, sizeof(*s));
}
