/*
 * cpu.c - the CPU%, NICE and AGE columns: each process's CPU use between
 * two readings (utime + stime tick deltas, as top(1) computes %CPU), its
 * nice value and age, from procps-ng's libproc2 pids stack (one stat read
 * per process). Only these come from libproc2: every number that decides
 * a victim is read by liboomkit's pinned reader.
 */
#include <stdlib.h>
#include <unistd.h>

#include <libproc2/pids.h>

#include "oomtop.h"

struct oomtop_cpu_reader {
	struct pids_info *info;
	double last;		/* monotonic time of the previous reading */
	long hz;
};

static enum pids_item items[] = {
	PIDS_ID_PID, PIDS_TICS_ALL_DELTA, PIDS_TICS_BEGAN, PIDS_NICE, PIDS_TIME_ELAPSED,
};
/* tasks only: the pid is the process id; PIDS_ID_TGID would read status too */
enum { I_PID, I_DELTA, I_BEGAN, I_NICE, I_ELAPSED };

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

/*
 * cpu_read - every process's CPU use since the previous call, at @now
 * (monotonic seconds), with its nice value, start time and age. Returns
 * a table the caller frees with free() (CPU use -1 on the first call: no
 * interval yet), or NULL on failure.
 */
struct oomtop_cpu *cpu_read(struct oomtop_cpu_reader *rd, double now)
{
	struct pids_fetch *f = procps_pids_reap(rd->info, PIDS_FETCH_TASKS_ONLY);
	struct oomtop_cpu *c;
	double dt = now - rd->last;
	int i, n, first = rd->last == 0;

	rd->last = now;
	if (!f)
		return NULL;
	n = f->counts->total;
	c = malloc(sizeof(*c) + (size_t)(n > 0 ? n : 0) * sizeof(c->v[0]));
	if (!c)
		return NULL;
	c->n = 0;
	for (i = 0; i < n; i++) {
		struct pids_stack *st = f->stacks[i];
		double ticks = PIDS_VAL(I_DELTA, u_int, st, rd->info);

		c->v[c->n].pid = PIDS_VAL(I_PID, s_int, st, rd->info);
		c->v[c->n].cpu10 = first || dt <= 0 ? -1 :
				   (int)(ticks * 1000.0 / ((double)rd->hz * dt) + 0.5);
		c->v[c->n].start = PIDS_VAL(I_BEGAN, ull_int, st, rd->info);
		c->v[c->n].nice = PIDS_VAL(I_NICE, s_int, st, rd->info);
		c->v[c->n].age = PIDS_VAL(I_ELAPSED, real, st, rd->info);
		c->n++;
	}
	qsort(c->v, c->n, sizeof(c->v[0]), cmp_pid);
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
	free(rd);
}
