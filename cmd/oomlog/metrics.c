/*
 * metrics.c - oomlog --prometheus: the kills of the sources read, counted
 * as Prometheus metrics for node_exporter's textfile collector (see
 * prom.h and oomlog(1)).
 *
 * Label cardinality is bounded whatever the log holds: kills are counted
 * per memory cgroup (the victim's, else the one whose limit was hit), per
 * command within it, per constraint (5 values) and per killer (4). Only
 * the PROM_TOP_MEMCGS memcgs with the most kills keep their name, the
 * others are summed as PROM_OTHER_MEMCGS; within each memcg only the
 * PROM_TOP_COMMS commands with the most kills keep theirs, the others are
 * summed as PROM_OTHER_COMMS. Neither stand-in can be a real value: a
 * memcg path starts with '/' and a comm has at most 15 bytes. Memory is
 * bounded too: past PROM_TRACK_MEMCGS memcgs (PROM_TRACK_COMMS commands
 * in one memcg) a new name is counted in the "other" entry directly.
 *
 * With --output-file, the counters never drop within a boot: the file
 * starts with "# oomkit boot_id <id>", and when the file being replaced
 * has the same line, a counter series below its value there keeps that
 * value (prom_counters_never_drop()). /dev/kmsg is a ring buffer: a kill
 * that leaves it would otherwise lower a count, which Prometheus takes
 * for a counter reset, and increase() would count every kill again.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oomlog.h"
#include "oomkit/event.h"
#include "outfile.h"
#include "prom.h"

#define PROM_TOP_MEMCGS 20
#define PROM_TOP_COMMS 5
#define PROM_TRACK_MEMCGS 512
#define PROM_TRACK_COMMS 64
#define PROM_OTHER_MEMCGS "[other memory cgroups]"
#define PROM_OTHER_COMMS "[other commands]"
#define STR_(x) #x
#define STR(x) STR_(x)

#define NCONSTRAINTS (OOMKIT_CONSTRAINT_MEMCG + 1)
#define NKILLERS (OOMKIT_KILLER_OOMD + 1)
#define NOUTCOMES (OOMKIT_OUTCOME_VICTIM_EXITING + 1)

struct comm_ent {
	char *comm; /* NULL: PROM_OTHER_COMMS */
	long long kills[NCONSTRAINTS][NKILLERS];
	long long total;
};

struct memcg_ent {
	char *memcg; /* "" unknown; NULL: PROM_OTHER_MEMCGS */
	struct comm_ent *comms;
	size_t ncomms, cap;
	long long total;
	long long last_us; /* latest kill's wall clock, -1 */
};

struct prom_counts {
	struct memcg_ent *memcgs;
	size_t nmemcgs, cap;
	long long outcomes[NOUTCOMES];
};

static void *grow(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 8;
	v = realloc(v, *cap * size);
	if (!v)
		err(CLI_EXIT_USAGE, "cannot allocate memory");
	return v;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The entry of @name (NULL: the "other" entry), made when missing; past
 * the tracking limit @max, a new name is the "other" entry. */
static struct memcg_ent *memcg_ent(struct prom_counts *pc, const char *name)
{
	struct memcg_ent *e;
	size_t i;

	for (i = 0; i < pc->nmemcgs; i++)
		if (same(pc->memcgs[i].memcg, name))
			return &pc->memcgs[i];
	if (name && pc->nmemcgs >= PROM_TRACK_MEMCGS)
		return memcg_ent(pc, NULL);
	pc->memcgs = grow(pc->memcgs, &pc->cap, pc->nmemcgs, sizeof(*pc->memcgs));
	e = &pc->memcgs[pc->nmemcgs++];
	memset(e, 0, sizeof(*e));
	e->memcg = name ? cli_xstrdup(name) : NULL;
	e->last_us = -1;
	return e;
}

static struct comm_ent *comm_ent(struct memcg_ent *m, const char *name)
{
	struct comm_ent *e;
	size_t i;

	for (i = 0; i < m->ncomms; i++)
		if (same(m->comms[i].comm, name))
			return &m->comms[i];
	if (name && m->ncomms >= PROM_TRACK_COMMS)
		return comm_ent(m, NULL);
	m->comms = grow(m->comms, &m->cap, m->ncomms, sizeof(*m->comms));
	e = &m->comms[m->ncomms++];
	memset(e, 0, sizeof(*e));
	e->comm = name ? cli_xstrdup(name) : NULL;
	return e;
}

/* prom_add - count event @ev (one that passed the filters). */
void prom_add(struct ctl *ctl, const struct oomkit_event *ev)
{
	struct prom_counts *pc = ctl->prom;
	long long o, k, rt;
	struct memcg_ent *m;
	struct comm_ent *c;
	const char *memcg, *comm;
	int con;

	if (!pc) {
		pc = ctl->prom = calloc(1, sizeof(*pc));
		if (!pc)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
	}
	if (ev_num(ev, OOMKIT_EV_OUTCOME, &o) < 0 || o < 0 || o >= NOUTCOMES)
		return;
	pc->outcomes[o]++;
	if (o != OOMKIT_OUTCOME_KILLED)
		return;
	if (ev_num(ev, OOMKIT_EV_KILLER, &k) < 0 || k < 0 || k >= NKILLERS)
		k = OOMKIT_KILLER_KERNEL;
	con = oomkit_event_constraint(ev);
	if (con < 0 || con >= NCONSTRAINTS)
		con = OOMKIT_CONSTRAINT_UNKNOWN;
	memcg = oomkit_event_memcg(ev);
	comm = oomkit_event_str(ev, OOMKIT_EV_COMM);
	m = memcg_ent(pc, memcg ? memcg : "");
	c = comm_ent(m, comm ? comm : "");
	c->kills[con][k]++;
	c->total++;
	m->total++;
	if (ev_num(ev, OOMKIT_EV_REALTIME_US, &rt) == 0 && rt > m->last_us)
		m->last_us = rt;
}

/* most kills first, then by name; the "other" entry last */
static int cmp_memcg(const void *a, const void *b)
{
	const struct memcg_ent *x = a, *y = b;

	if (!x->memcg || !y->memcg)
		return !x->memcg - !y->memcg;
	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return strcmp(x->memcg, y->memcg);
}

static int cmp_comm(const void *a, const void *b)
{
	const struct comm_ent *x = a, *y = b;

	if (!x->comm || !y->comm)
		return !x->comm - !y->comm;
	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return strcmp(x->comm, y->comm);
}

/* Add the counts of @from into @to. */
static void comm_merge(struct comm_ent *to, const struct comm_ent *from)
{
	size_t i, j;

	for (i = 0; i < NCONSTRAINTS; i++)
		for (j = 0; j < NKILLERS; j++)
			to->kills[i][j] += from->kills[i][j];
	to->total += from->total;
}

/* Fold memcg @m's commands past the top PROM_TOP_COMMS into its "other". */
static void fold_comms(struct memcg_ent *m)
{
	size_t i, keep = 0;
	struct comm_ent other = { 0 };

	if (m->ncomms)
		qsort(m->comms, m->ncomms, sizeof(*m->comms), cmp_comm);
	for (i = 0; i < m->ncomms; i++) {
		if (m->comms[i].comm && keep < PROM_TOP_COMMS) {
			m->comms[keep++] = m->comms[i];
			continue;
		}
		comm_merge(&other, &m->comms[i]);
		free(m->comms[i].comm);
	}
	m->ncomms = keep;
	if (other.total)
		m->comms[m->ncomms++] = other; /* fits: it replaced >= 1 entry */
}

/* Fold the memcgs past the top PROM_TOP_MEMCGS into the "other" memcg. */
static void fold_memcgs(struct prom_counts *pc)
{
	struct memcg_ent other = { .last_us = -1 };
	size_t i, j, keep = 0;

	if (pc->nmemcgs)
		qsort(pc->memcgs, pc->nmemcgs, sizeof(*pc->memcgs), cmp_memcg);
	for (i = 0; i < pc->nmemcgs; i++) {
		struct memcg_ent *m = &pc->memcgs[i];

		if (m->memcg && keep < PROM_TOP_MEMCGS) {
			pc->memcgs[keep++] = *m;
			continue;
		}
		for (j = 0; j < m->ncomms; j++)
			comm_merge(comm_ent(&other, m->comms[j].comm), &m->comms[j]);
		other.total += m->total;
		if (m->last_us > other.last_us)
			other.last_us = m->last_us;
		for (j = 0; j < m->ncomms; j++)
			free(m->comms[j].comm);
		free(m->comms);
		free(m->memcg);
	}
	pc->nmemcgs = keep;
	if (other.total)
		pc->memcgs[pc->nmemcgs++] = other;
	for (i = 0; i < pc->nmemcgs; i++)
		fold_comms(&pc->memcgs[i]);
}

static const char *constraint_label(int c)
{
	const char *s = oomkit_constraint_name(c);

	return *s ? s : "unknown";
}

/* print_prometheus - the counts as metrics on @out; frees them. */
void print_prometheus(struct ctl *ctl, FILE *out)
{
	static struct prom_counts none;
	struct prom_counts *pc = ctl->prom ? ctl->prom : &none;
	struct prom p;
	size_t i, j;
	int c, k, o;

	fold_memcgs(pc);
	prom_init(&p, out);
	prom_family(&p, "oomkit_log_oom_events_total", "counter",
		    "OOM events in the logs read, by outcome (killed, no-killable, panic, "
		    "incomplete, victim-exiting); kills by userspace OOM killers included.");
	for (o = 0; o < NOUTCOMES; o++)
		prom_sample(&p, pc->outcomes[o], "outcome",
			    oomkit_outcome_name((enum oomkit_event_outcome)o), NULL);
	prom_family(&p, "oomkit_log_kills_total", "counter",
		    "Processes killed by an OOM killer in the logs read, by memory cgroup, "
		    "command (the top " STR(PROM_TOP_COMMS) " per memory cgroup), constraint and "
							    "killer.");
	for (i = 0; i < pc->nmemcgs; i++) {
		const struct memcg_ent *m = &pc->memcgs[i];

		for (j = 0; j < m->ncomms; j++) {
			const struct comm_ent *e = &m->comms[j];

			for (c = 0; c < NCONSTRAINTS; c++)
				for (k = 0; k < NKILLERS; k++)
					if (e->kills[c][k])
						prom_sample(&p, e->kills[c][k], "memcg",
							    m->memcg ? m->memcg : PROM_OTHER_MEMCGS,
							    "comm",
							    e->comm ? e->comm : PROM_OTHER_COMMS,
							    "constraint", constraint_label(c),
							    "killer",
							    oomkit_killer_name(
								    (enum oomkit_event_killer)k),
							    NULL);
		}
	}
	prom_family(&p, "oomkit_log_last_kill_timestamp_seconds", "gauge",
		    "Wall-clock time of the latest OOM kill in the memory cgroup, in seconds "
		    "since the epoch.");
	for (i = 0; i < pc->nmemcgs; i++) {
		const struct memcg_ent *m = &pc->memcgs[i];

		if (m->last_us >= 0)
			prom_sample_f(&p, (double)m->last_us / 1e6, "memcg",
				      m->memcg ? m->memcg : PROM_OTHER_MEMCGS, NULL);
	}
	for (i = 0; i < pc->nmemcgs; i++) {
		for (j = 0; j < pc->memcgs[i].ncomms; j++)
			free(pc->memcgs[i].comms[j].comm);
		free(pc->memcgs[i].comms);
		free(pc->memcgs[i].memcg);
	}
	free(pc->memcgs);
	if (pc != &none)
		free(pc);
	ctl->prom = NULL;
}

/*
 * The file being replaced, if it is one of ours (at most 16 MiB). Only a
 * regular file is read: the path may be in a directory others can write
 * to, and a FIFO there would block open() and read(), a device or a
 * symlink would be read through. Neither is followed nor waited for; the
 * new file replaces it all the same (outfile.c renames over the name).
 */
static char *read_previous(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	size_t size = 0, n;
	char *buf = NULL;
	struct stat st;
	FILE *f;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || !(f = fdopen(fd, "re"))) {
		close(fd);
		return NULL;
	}
	for (;;) {
		char *nb = realloc(buf, size + 65536 + 1);

		if (!nb)
			err(CLI_EXIT_USAGE, "cannot allocate memory");
		buf = nb;
		n = fread(buf + size, 1, 65536, f);
		size += n;
		if (n < 65536 || size > (16u << 20))
			break;
	}
	buf[size] = '\0';
	if (ferror(f) || size > (16u << 20)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

struct merged {
	const char *text, *prev;
};

static void fill_merged(FILE *out, void *arg)
{
	const struct merged *m = arg;

	prom_counters_never_drop(m->text, m->prev, out);
}

/* write_prometheus - the counts to stdout, or replacing --output-file
 * (counters kept from the file it replaces, see the top). Returns 0 or
 * -1 after a message. */
int write_prometheus(struct ctl *ctl)
{
	char id[64], marker[128], *text = NULL, *prev;
	size_t size = 0;
	struct merged m;
	FILE *mem;
	int r;

	if (!ctl->output_file) {
		print_prometheus(ctl, stdout);
		return 0;
	}
	mem = open_memstream(&text, &size);
	if (!mem)
		err(CLI_EXIT_USAGE, "cannot allocate memory");
	marker[0] = '\0';
	if (oomkit_current_boot_id(id, sizeof(id)) == 0)
		snprintf(marker, sizeof(marker), "# oomkit boot_id %s\n", id);
	fputs(marker, mem);
	print_prometheus(ctl, mem);
	if (fclose(mem) != 0)
		err(CLI_EXIT_USAGE, "cannot allocate memory");
	prev = *marker ? read_previous(ctl->output_file) : NULL;
	m.text = text;
	m.prev = prev && strncmp(prev, marker, strlen(marker)) == 0 ? prev : NULL;
	r = outfile_write(ctl->output_file, fill_merged, &m);
	free(prev);
	free(text);
	return r < 0 ? -1 : 0;
}
