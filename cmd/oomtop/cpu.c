/*
 * cpu.c - the CPU%, NICE and AGE columns: each process's CPU use between
 * two readings (utime + stime tick deltas, as top(1) computes %CPU), its
 * nice value and age, from procps-ng's libproc2 pids stack (one stat read
 * per process). Only these come from libproc2: every number that decides
 * a victim is read by liboomkit's pinned reader.
 *
 * The screen reads only the processes it can show (a few pages around the
 * shown rows) unless it sorts by one of these columns: the tick history is
 * ours, kept per process (pid and start time) from the reading it was last
 * in, so a process read in two readings in a row has its CPU use from the
 * second on, whatever was read in between for others.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libproc2/pids.h>

#include "oomtop.h"

/* One process's CPU ticks at the reading it was last in. */
struct cpu_hist {
	pid_t pid;
	unsigned long long start, ticks;
	double when;
};

struct oomtop_cpu_reader {
	struct pids_info *info;
	long hz;
	struct cpu_hist *h, *next; /* by pid: the last readings; being made */
	size_t nh, caph, capnext;
};

static enum pids_item items[] = {
	PIDS_ID_PID, PIDS_TICS_ALL, PIDS_TICS_BEGAN, PIDS_NICE, PIDS_TIME_ELAPSED,
};
/* tasks only: the pid is the process id; PIDS_ID_TGID would read status too */
enum { I_PID, I_TICS, I_BEGAN, I_NICE, I_ELAPSED };

/* libproc2 selects at most this many pids at once (its FILL_ID_MAX) */
#define CPU_SELECT_MAX 255

/* cpu_reader_new - a reader; its first cpu_read() is the baseline. */
int cpu_reader_new(struct oomtop_cpu_reader **out)
{
	struct oomtop_cpu_reader *rd = calloc(1, sizeof(*rd));

	if (!rd)
		return -1;
	if (procps_pids_new(&rd->info, items, sizeof(items) / sizeof(items[0])) < 0) {
		free(rd);
		return -1;
	}
	rd->hz = sysconf(_SC_CLK_TCK);
	if (rd->hz <= 0)
		rd->hz = 100;
	*out = rd;
	return 0;
}

static int cmp_pid(const void *a, const void *b)
{
	const struct cpu_val *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

static int cmp_hist(const void *a, const void *b)
{
	const struct cpu_hist *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* The history of @pid started at @start, or NULL (new, or the pid reused). */
static const struct cpu_hist *hist_find(const struct oomtop_cpu_reader *rd, pid_t pid,
					unsigned long long start)
{
	struct cpu_hist key = { .pid = pid };
	const struct cpu_hist *h = rd->nh ? bsearch(&key, rd->h, rd->nh, sizeof(*rd->h), cmp_hist) :
					    NULL;

	return h && h->start == start ? h : NULL;
}

/*
 * cpu_read - CPU use since each process's previous reading, at @now
 * (monotonic seconds), with its nice value, start time and age: of every
 * process when @pids is NULL, else of the @npids processes in @pids (more
 * than libproc2 selects at once: every process). Returns a table the
 * caller frees with free() (CPU use -1 for a process not read the time
 * before: no interval yet), or NULL on failure.
 */
struct oomtop_cpu *cpu_read(struct oomtop_cpu_reader *rd, double now, const pid_t *pids,
			    size_t npids)
{
	unsigned sel[CPU_SELECT_MAX];
	struct pids_fetch *f;
	struct oomtop_cpu *c;
	struct cpu_hist *t;
	size_t k;
	int i, n;

	if (pids && npids && npids <= CPU_SELECT_MAX) {
		for (k = 0; k < npids; k++)
			sel[k] = (unsigned)pids[k];
		f = procps_pids_select(rd->info, sel, (int)npids, PIDS_SELECT_PID);
	} else if (pids && !npids) {
		f = NULL;
	} else {
		f = procps_pids_reap(rd->info, PIDS_FETCH_TASKS_ONLY);
	}
	n = f ? f->counts->total : 0;
	if (n < 0)
		n = 0;
	c = malloc(sizeof(*c) + (size_t)n * sizeof(c->v[0]));
	if (!c)
		return NULL;
	if ((size_t)n > rd->capnext) {
		t = realloc(rd->next, (size_t)n * sizeof(*t));
		if (!t) {
			free(c);
			return NULL;
		}
		rd->next = t;
		rd->capnext = (size_t)n;
	}
	c->n = 0;
	for (i = 0; i < n; i++) {
		struct pids_stack *st = f->stacks[i];
		struct cpu_val *v = &c->v[c->n];
		const struct cpu_hist *h;
		unsigned long long ticks = PIDS_VAL(I_TICS, ull_int, st, rd->info);

		v->pid = PIDS_VAL(I_PID, s_int, st, rd->info);
		v->start = PIDS_VAL(I_BEGAN, ull_int, st, rd->info);
		v->nice = PIDS_VAL(I_NICE, s_int, st, rd->info);
		v->age = PIDS_VAL(I_ELAPSED, real, st, rd->info);
		h = hist_find(rd, v->pid, v->start);
		v->cpu10 = !h || now <= h->when || ticks < h->ticks ?
				   -1 :
				   (int)((double)(ticks - h->ticks) * 1000.0 /
						 ((double)rd->hz * (now - h->when)) +
					 0.5);
		rd->next[c->n] = (struct cpu_hist){ v->pid, v->start, ticks, now };
		c->n++;
	}
	qsort(c->v, c->n, sizeof(c->v[0]), cmp_pid);
	qsort(rd->next, c->n, sizeof(rd->next[0]), cmp_hist);
	/* the next reading's history: this one's (swap the two arrays) */
	t = rd->h;
	rd->h = rd->next;
	rd->next = t;
	k = rd->caph;
	rd->caph = rd->capnext;
	rd->capnext = k;
	rd->nh = c->n;
	return c;
}

/* cpu_find - libproc2's reading of @pid, or NULL. */
const struct cpu_val *cpu_find(const struct oomtop_cpu *c, pid_t pid)
{
	size_t lo = 0, hi = c ? c->n : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->v[mid].pid == pid)
			return &c->v[mid];
		if (c->v[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* cpu_start - the start time of @pid as libproc2 read it, or 0 unknown. */
unsigned long long cpu_start(const struct oomtop_cpu *c, pid_t pid)
{
	const struct cpu_val *v = cpu_find(c, pid);

	return v ? v->start : 0;
}

void cpu_reader_free(struct oomtop_cpu_reader *rd)
{
	if (!rd)
		return;
	procps_pids_unref(&rd->info);
	free(rd->h);
	free(rd->next);
	free(rd);
}
