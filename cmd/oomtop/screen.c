/*
 * screen.c - oomtop's interactive screen: the terminal, the refresh loop,
 * the keys and the actions (oom_score_adj, signals). Drawing is in
 * screen-views.c; the data is read by a reader thread (snapshot.c), so a
 * /proc read that hangs never stops the keys, q in particular.
 */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <malloc.h>
#include <langinfo.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "screen.h"

/* Processes whose display-only figures are read: a few pages around the
 * shown rows, the victim and runner-up, the selection (libproc2 selects
 * at most 255 at once). */
#define SHOWN_MAX 250

/* The reader thread: reads a snapshot when asked, hands it over. */
struct reader {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct oomtop *t; /* t->ctx is the reader's alone */
	struct oomtop_cpu_reader *cpu;
	struct oomtop_lastkill *kills; /* /dev/kmsg, for the header */
	int want, quit;
	int want_cpu;     /* the CPU% column is shown */
	int want_cmdline; /* CMDLINE shown, or a name filter */
	/* what is only displayed is read for the processes the screen can show
	 * (see shown_pids()): oom_score and CPU%; all when sorted by them */
	pid_t shown[SHOWN_MAX];
	size_t nshown;
	int score_all, cpu_all;
	pid_t shown_copy[SHOWN_MAX];   /* the reader's copy while it reads */
	pid_t detail_pid;              /* read this process with its cmdline */
	struct oomtop_snapshot *ready; /* handed over, not yet taken */
	struct oomkit_proc *ready_detail;
	char err[512];
	int wake[2]; /* a byte here: something is ready */
};

static double now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *reader_main(void *arg)
{
	struct reader *rd = arg;

	pthread_mutex_lock(&rd->mu);
	for (;;) {
		struct oomtop_snapshot *s;
		struct oomkit_proc *det = NULL;
		pid_t dpid;
		char err[512] = "";
		size_t nshown;
		int rc, cpu_all;

		while (!rd->want && !rd->quit)
			pthread_cond_wait(&rd->cv, &rd->mu);
		if (rd->quit)
			break;
		rd->want = 0;
		dpid = rd->detail_pid;
		rd->t->cmdline_needed = rd->want_cmdline;
		memcpy(rd->shown_copy, rd->shown, rd->nshown * sizeof(rd->shown[0]));
		nshown = rd->nshown;
		rd->t->score_pids = rd->score_all ? NULL : rd->shown_copy;
		rd->t->nscore_pids = nshown;
		cpu_all = rd->cpu_all;
		/* libproc2 reads every stat file: only while CPU% is shown */
		if (rd->want_cpu && !rd->cpu && cpu_reader_new(&rd->cpu) < 0)
			rd->cpu = NULL;
		if (!rd->want_cpu && rd->cpu) {
			cpu_reader_free(rd->cpu);
			rd->cpu = NULL;
		}
		pthread_mutex_unlock(&rd->mu);

		s = calloc(1, sizeof(*s));
		rd->t->errbuf = err;
		rd->t->errsize = sizeof(err);
		rc = s ? oomtop_snapshot_read(rd->t, s) : -1;
		if (rc == 0 && rd->cpu)
			s->cpu =
				cpu_read(rd->cpu, s->mono, cpu_all ? NULL : rd->shown_copy, nshown);
		if (rc == 0) {
			lastkill_poll(rd->kills);
			s->kill_err = lastkill_get(rd->kills, &s->kill);
		}
		if (rc < 0) {
			free(s);
			s = NULL;
		}
		if (dpid > 0 &&
		    oomkit_proc_read(rd->t->ctx, dpid,
				     OOMKIT_PROC_CMDLINE | OOMKIT_PROC_USER | OOMKIT_PROC_START,
				     &det) < 0)
			det = NULL;

		pthread_mutex_lock(&rd->mu);
		if (rd->ready) { /* not taken: the newer one wins */
			oomtop_snapshot_free(rd->ready);
			free(rd->ready);
		}
		rd->ready = s;
		oomkit_proc_free(rd->ready_detail);
		rd->ready_detail = det;
		snprintf(rd->err, sizeof(rd->err), "%s", err);
		if (write(rd->wake[1], "", 1) < 0) {
			/* full pipe: a wake-up is pending anyway */
		}
	}
	pthread_mutex_unlock(&rd->mu);
	return NULL;
}

static void shown_add(struct reader *rd, pid_t pid)
{
	if (pid > 0 && rd->nshown < SHOWN_MAX)
		rd->shown[rd->nshown++] = pid;
}

/*
 * The processes the screen may show at the next refresh, as the shown
 * reading has them: the rows a page above and below the shown ones (so
 * scrolling by a line or a page finds their figures), the shown domain's
 * victim and runner-up, the selected process. Before the first reading:
 * none, and everything is read.
 */
static void shown_pids(struct reader *rd, const struct screen *sc)
{
	const struct oomkit_domain *d = sc->s ? view_domain(sc) : NULL;
	int page = LINES > 0 ? LINES : 24, i, k, from, to;

	rd->nshown = 0;
	shown_add(rd, sc->sel_pid);
	if (d) {
		shown_add(rd, (pid_t)oomkit_proc_pid(oomkit_domain_rank(d, 0, NULL)));
		shown_add(rd, (pid_t)oomkit_proc_pid(oomkit_domain_rank(d, 1, NULL)));
	}
	/* the shown rows first, then the page below, then the one above: on
	 * a terminal too tall for SHOWN_MAX the shown rows come first */
	for (k = 0; k < 3; k++) {
		from = k == 2 ? sc->top - page : sc->top + k * page;
		to = from + page;
		if (from < 0)
			from = 0;
		for (i = from; i < to && i < (int)sc->rows.n; i++)
			shown_add(rd, (pid_t)oomkit_proc_pid(sc->rows.v[i].p));
	}
}

static void reader_ask(struct reader *rd, const struct screen *sc)
{
	pthread_mutex_lock(&rd->mu);
	shown_pids(rd, sc);
	/* sorted by a display-only figure, every process needs it */
	rd->score_all = !sc->s || sc->sort_col == COL_SCORE;
	rd->cpu_all = !sc->s || sc->sort_col == COL_CPU || sc->sort_col == COL_NICE ||
		      sc->sort_col == COL_AGE;
	rd->want = 1;
	rd->detail_pid = sc->view == V_DETAIL ? sc->sel_pid : 0;
	rd->want_cpu = sc->cpu_ok &&
		       (columns_have(sc->t, COL_CPU) || columns_have(sc->t, COL_NICE) ||
			columns_have(sc->t, COL_AGE));
	/* command lines cost a read each and may wait on a busy process:
	 * only when shown or searched (the name filter looks at them too) */
	rd->want_cmdline = columns_have(sc->t, COL_CMDLINE) || sc->fname[0];
	pthread_cond_signal(&rd->cv);
	pthread_mutex_unlock(&rd->mu);
}

/* Take what the reader handed over: 1 when a new snapshot came. */
static int reader_take(struct reader *rd, struct screen *sc)
{
	struct oomtop_snapshot *s;
	struct oomkit_proc *det;
	char buf[64];
	int got;

	while (read(rd->wake[0], buf, sizeof(buf)) > 0)
		;
	pthread_mutex_lock(&rd->mu);
	s = rd->ready;
	det = rd->ready_detail;
	rd->ready = NULL;
	rd->ready_detail = NULL;
	if (rd->err[0]) {
		status_set(sc, 1, "%s", rd->err);
		rd->err[0] = '\0';
	}
	pthread_mutex_unlock(&rd->mu);
	got = s != NULL;
	if (det) {
		oomkit_proc_free(sc->detail);
		sc->detail = det;
	}
	if (!s)
		return 0;
	if (sc->s) {
		oomtop_snapshot_free(sc->s);
		free(sc->s);
	}
	sc->s = s;
	growth_update(&sc->g, s->tab, s->mono);
	dom_hist_prune(sc);
	/* give freed pages back: a spike of processes must not stay in RSS */
	if (++sc->refreshes % 16 == 0)
		malloc_trim(0);
	return got;
}

void status_set(struct screen *sc, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sc->status, sizeof(sc->status), fmt, ap);
	va_end(ap);
	sc->status_err = err;
}

/* Rebuild the shown rows from the snapshot: domain, focus, sort. */
static void rows_refresh(struct screen *sc)
{
	const struct oomkit_domain *d = view_domain(sc);
	int i;

	sc->rows.n = 0;
	if (!d)
		return;
	if (rows_build(&sc->rows, sc->s, d, sc->all, oomkit_ctx_page_size(sc->actx),
		       kver_of(sc->actx), &sc->g) < 0) {
		status_set(sc, 1, "out of memory");
		return;
	}
	sc->focus.name = sc->fname;
	sc->focus.user = sc->fuser;
	sc->focus.memcg = sc->fmemcg;
	rows_focus(&sc->rows, &sc->focus);
	rows_sort(&sc->rows, sc->sort_col, sc->sort_asc);
	/* the selection stays on its process; followed, it is scrolled to */
	i = sc->sel_pid ? rows_find(&sc->rows, sc->sel_pid) : -1;
	if (i >= 0) {
		sc->sel = i;
	} else {
		if (sc->follow && sc->sel_pid)
			status_set(sc, 1, "followed process %d is gone", (int)sc->sel_pid);
		sc->follow = 0;
		if (sc->sel >= (int)sc->rows.n)
			sc->sel = sc->rows.n ? (int)sc->rows.n - 1 : 0;
		sc->sel_pid = sc->rows.n ? (pid_t)oomkit_proc_pid(sc->rows.v[sc->sel].p) : 0;
	}
}

static void view_push(struct screen *sc, enum view v)
{
	if (sc->view == v)
		return;
	if (sc->nback < (int)(sizeof(sc->back) / sizeof(sc->back[0])))
		sc->back[sc->nback++] = sc->view;
	sc->view = v;
}

static void view_back(struct screen *sc)
{
	if (sc->nback)
		sc->view = sc->back[--sc->nback];
	else if (strcmp(sc->domain, "global") != 0)
		snprintf(sc->domain, sizeof(sc->domain), "global");
}

static void select_row(struct screen *sc, int i)
{
	if (i >= (int)sc->rows.n)
		i = (int)sc->rows.n - 1;
	if (i < 0)
		i = 0;
	sc->sel = i;
	sc->sel_pid = sc->rows.n ? (pid_t)oomkit_proc_pid(sc->rows.v[i].p) : 0;
}

/* Say why the action on @pid stops: @what is what is then not done. */
static void action_failed(struct screen *sc, pid_t pid, int rc, const char *what)
{
	char why[512];

	if (action_gone(rc)) {
		status_set(sc, 1, "pid %d is no longer the process you chose (it exited); %s",
			   (int)pid, what);
		return;
	}
	oomkit_adj_explain(NULL, rc, 0, cli_prog(), why, sizeof(why));
	status_set(sc, 1, "cannot open process %d: %s", (int)pid, why);
}

/*
 * Pin the process of the selected row, @pid, as the shown reading has it:
 * when the action starts (k, =, [ or ]), not when it is confirmed, for the
 * pid may have another process by then. NULL (said on the status line)
 * when it is gone already.
 */
static struct oomkit_adj_target *pin(struct screen *sc, pid_t pid, const char *what)
{
	struct oomkit_adj_target *at;
	int rc;

	if (!sc->s) {
		status_set(sc, 1, "no reading yet; %s", what);
		return NULL;
	}
	rc = action_pin(sc->actx, sc->s, pid, &at);
	if (rc < 0) {
		action_failed(sc, pid, rc, what);
		return NULL;
	}
	return at;
}

/* The pinned target of the open prompt is released with it. */
static void pin_drop(struct screen *sc)
{
	oomkit_adj_close(sc->pin);
	sc->pin = NULL;
}

/* Set oom_score_adj of the pinned process through the routine oomadj uses. */
static void act_adj(struct screen *sc, struct oomkit_adj_target *at, long long value)
{
	pid_t pid = oomkit_adj_pid(at);
	char why[1024];
	int v, clamped, old = 0, now = 0, rc;

	v = oomkit_adj_clamp(value, &clamped);
	if (clamped) {
		status_set(sc, 1, "oom_score_adj %lld is outside -1000..1000", value);
		return;
	}
	rc = oomkit_adj_write(at, v, &old, &now);
	if (action_gone(rc)) {
		action_failed(sc, pid, rc, "oom_score_adj not changed");
	} else if (rc < 0) {
		oomkit_adj_explain(at, rc, v, cli_prog(), why, sizeof(why));
		status_set(sc, 1, "cannot set oom_score_adj of pid %d to %d: %s", (int)pid, v, why);
	} else {
		status_set(sc, 0, "pid %d: oom_score_adj %d -> %d", (int)pid, old, now);
	}
}

static int parse_signal(const char *s)
{
	static const struct {
		const char *name;
		int sig;
	} sigs[] = {
		{ "HUP", SIGHUP },   { "INT", SIGINT },   { "QUIT", SIGQUIT },
		{ "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 },
		{ "TERM", SIGTERM }, { "CONT", SIGCONT }, { "STOP", SIGSTOP },
	};
	char *end;
	long n;
	size_t i;

	if (!*s)
		return SIGTERM;
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (strcasecmp(s, sigs[i].name) == 0)
			return sigs[i].sig;
	n = strtol(s, &end, 10);
	return (*end || n <= 0 || n >= NSIG) ? -1 : (int)n;
}

/*
 * Send @sig to the pinned process: through its pidfd, which names that
 * process whatever has its pid now, after checking that it is still the
 * one pinned (without a pidfd, before 5.3, that check is all there is).
 */
static void act_signal(struct screen *sc, struct oomkit_adj_target *at, int sig)
{
	pid_t pid = oomkit_adj_pid(at);
	int fd = oomkit_adj_pidfd(at), rc = oomkit_adj_check(at);

	if (rc == 0 && fd >= 0)
		rc = syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0) < 0 ? -errno : 0;
	else if (rc == 0)
		rc = kill(pid, sig) < 0 ? -errno : 0;
	if (action_gone(rc))
		action_failed(sc, pid, rc, "no signal sent");
	else if (rc < 0)
		status_set(sc, 1, "cannot send signal %d to pid %d: %s", sig, (int)pid,
			   oomkit_strerror(rc));
	else
		status_set(sc, 0, "sent signal %d (%s) to pid %d", sig,
			   sigabbrev_np(sig) ? sigabbrev_np(sig) : "?", (int)pid);
}

static pid_t selected_pid(const struct screen *sc)
{
	if (sc->view == V_DETAIL || sc->view == V_PROCS)
		return sc->sel_pid;
	return 0;
}

static void prompt_start(struct screen *sc, int kind, const char *init)
{
	sc->prompt = kind;
	snprintf(sc->pbuf, sizeof(sc->pbuf), "%s", init ? init : "");
	sc->plen = strlen(sc->pbuf);
}

/* Open a prompt for an action on the selected process, pinned now. */
static void prompt_action(struct screen *sc, int kind, const char *what)
{
	pid_t pid = selected_pid(sc);

	if (!pid)
		return;
	pin_drop(sc);
	sc->pin = pin(sc, pid, what);
	if (!sc->pin)
		return;
	sc->ppid = pid;
	prompt_start(sc, kind, NULL);
}

/* A prompt's line is done (Enter): act on it. */
static void prompt_done(struct screen *sc)
{
	int kind = sc->prompt;
	char err[256];

	sc->prompt = PROMPT_NONE;
	switch (kind) {
	case PROMPT_ADJ: {
		char *end;
		long long v = strtoll(sc->pbuf, &end, 10);

		if (!sc->pbuf[0] || *end)
			status_set(sc, 1, "not a number: %s", sc->pbuf);
		else
			act_adj(sc, sc->pin, v);
		break;
	}
	case PROMPT_SIGNAL:
		sc->psig = parse_signal(sc->pbuf);
		if (sc->psig < 0) {
			status_set(sc, 1, "unknown signal: %s", sc->pbuf);
			break;
		}
		prompt_start(sc, PROMPT_CONFIRM, NULL); /* the same pinned process */
		break;
	case PROMPT_CONFIRM:
		break;
	case PROMPT_DELAY: {
		char *end;
		double d = strtod(sc->pbuf, &end);

		if (!sc->pbuf[0] || *end || !(d >= 0.1 && d <= 86400))
			status_set(sc, 1, "delay must be 0.1 to 86400 seconds");
		else
			sc->delay = d;
		break;
	}
	case PROMPT_COLUMNS:
		if (columns_parse(sc->pbuf, pcols, NPCOLS, sc->t->cols, &sc->t->ncols, err,
				  sizeof(err)) < 0)
			status_set(sc, 1, "%s", err);
		break;
	case PROMPT_SORT: {
		int c = column_by_name(pcols, NPCOLS, sc->pbuf, strlen(sc->pbuf));

		if (!strcasecmp(sc->pbuf, "RANK") || !sc->pbuf[0])
			sc->sort_col = -1;
		else if (c < 0)
			status_set(sc, 1, "unknown column: %s", sc->pbuf);
		else
			sc->sort_col = c;
		break;
	}
	}
}

/* The text a prompt edits live (filters apply while typed). */
static char *prompt_target(struct screen *sc, size_t *size)
{
	switch (sc->prompt) {
	case PROMPT_FNAME:
		*size = sizeof(sc->fname);
		return sc->fname;
	case PROMPT_FUSER:
		*size = sizeof(sc->fuser);
		return sc->fuser;
	case PROMPT_FMEMCG:
		*size = sizeof(sc->fmemcg);
		return sc->fmemcg;
	}
	return NULL;
}

/* A key while a prompt is open. */
static void prompt_edit(struct screen *sc, int ch)
{
	size_t size;
	char *live = prompt_target(sc, &size);

	if (sc->prompt == PROMPT_CONFIRM) {
		int kind = sc->prompt;

		sc->prompt = PROMPT_NONE;
		if ((ch == 'y' || ch == 'Y') && kind == PROMPT_CONFIRM)
			act_signal(sc, sc->pin, sc->psig);
		else
			status_set(sc, 0, "no signal sent");
		return;
	}
	if (ch == 27) { /* Escape: cancel (a filter is cleared) */
		if (live)
			live[0] = '\0';
		sc->prompt = PROMPT_NONE;
		return;
	}
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		if (live)
			sc->prompt = PROMPT_NONE;
		else
			prompt_done(sc);
		return;
	}
	if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (sc->plen)
			sc->pbuf[--sc->plen] = '\0';
	} else if (ch >= 0x20 && ch < 0x100 && ch != 0x7f && sc->plen + 1 < sizeof(sc->pbuf)) {
		sc->pbuf[sc->plen++] = (char)ch;
		sc->pbuf[sc->plen] = '\0';
	}
	if (live)
		snprintf(live, size, "%s", sc->pbuf);
}

/* A key while a prompt is open: the pinned process goes with the prompt. */
static void prompt_key(struct screen *sc, int ch)
{
	prompt_edit(sc, ch);
	if (!sc->prompt)
		pin_drop(sc);
}

/* Move the sort to the shown column before or after the current one. */
static void sort_step(struct screen *sc, int dir)
{
	size_t i, n = sc->t->ncols;
	int cur = -1;

	for (i = 0; i < n; i++)
		if (sc->t->cols[i] == sc->sort_col)
			cur = (int)i;
	if (cur < 0)
		cur = dir > 0 ? -1 : (int)n;
	cur += dir;
	if (cur < 0 || cur >= (int)n)
		sc->sort_col = -1;
	else
		sc->sort_col = sc->t->cols[cur];
}

/* One key outside prompts. Returns 1 to quit. */
static int key(struct screen *sc, int ch, int *refresh)
{
	int page = LINES > 10 ? LINES - 8 : 1;

	if (sc->view == V_HELP && ch != 'q' && ch != 'Q') {
		view_back(sc);
		return 0;
	}
	switch (ch) {
	case 'q':
	case 'Q':
		return 1;
	case 27:
		view_back(sc);
		break;
	case 'h':
	case '?':
		view_push(sc, V_HELP);
		break;
	case '\t':
		sc->view = sc->view == V_PROCS   ? V_DOMAINS :
			   sc->view == V_DOMAINS ? V_DETAIL :
						   V_PROCS;
		sc->nback = 0;
		*refresh = sc->view == V_DETAIL;
		break;
	case 'D':
		view_push(sc, V_DOMAINS);
		break;
	case 'P':
		sc->view = V_PROCS;
		sc->nback = 0;
		break;
	case ' ':
		sc->paused = !sc->paused;
		break;
	case 'F':
		sc->follow = !sc->follow;
		status_set(sc, 0, sc->follow ? "following pid %d" : "not following (pid %d)",
			   (int)sc->sel_pid);
		break;
	case 'a':
		sc->all = !sc->all;
		break;
	case '<':
		sort_step(sc, -1);
		break;
	case '>':
		sort_step(sc, 1);
		break;
	case 'I':
		sc->sort_asc = !sc->sort_asc;
		break;
	case 'R':
		sc->sort_col = -1;
		sc->sort_asc = 0;
		break;
	case 's':
		prompt_start(sc, PROMPT_SORT, NULL);
		break;
	case 'o':
		prompt_start(sc, PROMPT_COLUMNS, NULL);
		break;
	case '/':
	case '\\':
		prompt_start(sc, PROMPT_FNAME, sc->fname);
		break;
	case 'u':
		prompt_start(sc, PROMPT_FUSER, sc->fuser);
		break;
	case 'g':
		prompt_start(sc, PROMPT_FMEMCG, sc->fmemcg);
		break;
	case 'd':
		prompt_start(sc, PROMPT_DELAY, NULL);
		break;
	case 'l':
	case 12:
		clearok(curscr, TRUE);
		*refresh = 1;
		break;
	case '=':
		prompt_action(sc, PROMPT_ADJ, "oom_score_adj not changed");
		break;
	case ']':
	case '[':
		if (selected_pid(sc) && sc->s) {
			const struct oomkit_proc *p =
				oomkit_proc_table_find(sc->s->tab, sc->sel_pid);
			long long adj = p ? pget(p, OOMKIT_PROC_OOM_SCORE_ADJ) : 0;
			struct oomkit_adj_target *at =
				pin(sc, sc->sel_pid, "oom_score_adj not changed");

			if (at)
				act_adj(sc, at, adj + (ch == ']' ? 100 : -100));
			oomkit_adj_close(at);
			*refresh = 1;
		}
		break;
	case 'k':
		prompt_action(sc, PROMPT_SIGNAL, "no signal sent");
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (sc->view == V_DOMAINS && sc->s && sc->dsel < oomkit_domains_count(sc->s->set)) {
			snprintf(sc->domain, sizeof(sc->domain), "%s",
				 oomkit_domain_name(oomkit_domains_get(sc->s->set, sc->dsel)));
			view_push(sc, V_PROCS);
			sc->sel = 0;
			sc->sel_pid = 0;
		} else if (sc->view == V_PROCS && sc->sel_pid) {
			view_push(sc, V_DETAIL);
			*refresh = 1;
		}
		break;
	case KEY_UP:
		if (sc->view == V_DOMAINS) {
			if (sc->dsel)
				sc->dsel--;
		} else {
			select_row(sc, sc->sel - 1);
		}
		break;
	case KEY_DOWN:
	case 'j':
	case 'J':
		if (sc->view == V_DOMAINS)
			sc->dsel++;
		else
			select_row(sc, sc->sel + 1);
		break;
	case KEY_PPAGE:
		select_row(sc, sc->sel - page);
		break;
	case KEY_NPAGE:
		select_row(sc, sc->sel + page);
		break;
	case KEY_HOME:
		select_row(sc, 0);
		break;
	case KEY_END:
		select_row(sc, (int)sc->rows.n - 1);
		break;
	case KEY_RESIZE:
		break;
	}
	return 0;
}

/* Leave the terminal as it was, whatever ends the program. */
static void restore_terminal(void)
{
	if (!isendwin())
		endwin();
}

static void on_fatal(int sig)
{
	restore_terminal();
	signal(sig, SIG_DFL);
	raise(sig);
}

static int setup_reader(struct reader *rd, struct oomtop *t)
{
	memset(rd, 0, sizeof(*rd));
	rd->t = t;
	if (pipe2(rd->wake, O_NONBLOCK | O_CLOEXEC) < 0)
		return -1;
	pthread_mutex_init(&rd->mu, NULL);
	pthread_cond_init(&rd->cv, NULL);
	/* a fixture root has no kernel log of its own */
	rd->kills = lastkill_open(strcmp(oomkit_ctx_get_proc_root(t->ctx), "/proc") == 0 ?
					  getenv("OOMTOP_KMSG") :
					  "/dev/null");
	if (pthread_create(&rd->th, NULL, reader_main, rd) != 0)
		return -1;
	return 0;
}

/*
 * oomtop_screen_run - the interactive screen, until q. Returns the exit
 * status.
 */
int oomtop_screen_run(struct oomtop *t)
{
	static struct reader rd;
	struct screen sc;
	double next = 0;
	int quit = 0, ready = 0;
	const char *cs;

	memset(&sc, 0, sizeof(sc));
	sc.t = t;
	sc.delay = t->delay;
	sc.sort_col = t->sort_col;
	sc.sort_asc = t->sort_asc;
	sc.all = t->all;
	sc.sel_pid = t->focus.pid;
	sc.follow = t->focus.pid != 0;
	snprintf(sc.domain, sizeof(sc.domain), "%s", t->domain ? t->domain : "global");
	if (t->focus.user)
		snprintf(sc.fuser, sizeof(sc.fuser), "%s", t->focus.user);
	if (t->focus.memcg)
		snprintf(sc.fmemcg, sizeof(sc.fmemcg), "%s", t->focus.memcg);
	if (oomkit_ctx_new(&sc.actx) < 0 ||
	    oomkit_ctx_set_proc_root(sc.actx, oomkit_ctx_get_proc_root(t->ctx)) < 0) {
		fprintf(stderr, "%s: cannot allocate context\n", cli_prog());
		return CLI_EXIT_FAILURE;
	}
	/* test seam: the header's "last kill Ns ago" from a fixed now, so a
	 * kernel log capture gives the same age on any machine */
	cs = getenv("OOMTOP_TEST_UPTIME");
	if (cs)
		sc.test_uptime = cli_strtod_secs(cs, "OOMTOP_TEST_UPTIME", 1e12);
	/* the screen ranks one domain but lists every one */
	t->all_domains = 1;
	t->domain = NULL;
	/* libproc2 reads /proc itself: no CPU% for a fixture root */
	sc.cpu_ok = strcmp(oomkit_ctx_get_proc_root(t->ctx), "/proc") == 0;
	if (setup_reader(&rd, t) < 0) {
		fprintf(stderr, "%s: cannot start the reader thread\n", cli_prog());
		oomkit_ctx_free(sc.actx);
		return CLI_EXIT_FAILURE;
	}

	setlocale(LC_ALL, "");
	cs = nl_langinfo(CODESET);
	sc.utf8 = cs && strcmp(cs, "UTF-8") == 0;
	atexit(restore_terminal);
	signal(SIGTERM, on_fatal);
	signal(SIGHUP, on_fatal);
	signal(SIGSEGV, on_fatal);
	if (!initscr()) {
		fprintf(stderr, "%s: cannot initialise the terminal\n", cli_prog());
		return CLI_EXIT_FAILURE;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(50);
	nodelay(stdscr, TRUE);
	sc.color = has_colors() && !getenv("NO_COLOR");
	if (sc.color) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_RED, -1);
		init_pair(2, COLOR_YELLOW, -1);
		init_pair(3, COLOR_CYAN, -1);
	}
	reader_ask(&rd, &sc);
	view_draw(&sc);
	while (!quit) {
		struct pollfd pf[2] = { { STDIN_FILENO, POLLIN, 0 }, { rd.wake[0], POLLIN, 0 } };
		double now = now_mono();
		int timeout = next > now ? (int)((next - now) * 1000) + 1 : 0, ch, redraw = 0;

		if (!next || sc.paused)
			timeout = -1;
		if (ready && !sc.paused && now >= next) {
			reader_ask(&rd, &sc);
			ready = 0;
			next = 0;
			timeout = -1;
		}
		/* paused: a reading in flight waits until resumed, unseen */
		if (sc.paused)
			pf[1].fd = -1;
		if (poll(pf, 2, timeout) < 0 && errno != EINTR)
			break;
		if (pf[1].revents & POLLIN) {
			/* the rows point into the snapshot: rebuild them before
			 * any key uses them */
			if (reader_take(&rd, &sc))
				rows_refresh(&sc);
			redraw = 1;
			ready = 1;
			next = now_mono() + sc.delay;
		}
		while ((ch = getch()) != ERR) {
			int refresh_now = 0, was_paused = sc.paused;

			redraw = 1;
			if (sc.prompt)
				prompt_key(&sc, ch);
			else if (key(&sc, ch, &refresh_now))
				quit = 1;
			if (quit)
				break;
			/* the next key acts on what this one changed (a filter
			 * typed, then k: the signal goes to the row now shown) */
			if (sc.s)
				rows_refresh(&sc);
			if ((refresh_now || (was_paused && !sc.paused)) && ready) {
				next = now_mono();
				ready = 1;
			}
		}
		if (sc.paused && ready)
			next = now_mono() + sc.delay;
		if (redraw && !quit) {
			if (sc.s)
				rows_refresh(&sc);
			view_draw(&sc);
		}
		if (ready && next == 0)
			next = now_mono() + sc.delay;
	}
	restore_terminal();
	pin_drop(&sc);
	pthread_mutex_lock(&rd.mu);
	rd.quit = 1;
	pthread_cond_signal(&rd.cv);
	pthread_mutex_unlock(&rd.mu);
	{
		struct timespec ts;

		/* the reader may be stuck in a /proc read: do not wait for it */
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		if (pthread_timedjoin_np(rd.th, NULL, &ts) != 0) {
			fflush(stdout);
			_exit(CLI_EXIT_OK);
		}
	}
	cpu_reader_free(rd.cpu);
	lastkill_free(rd.kills);
	if (rd.ready) {
		oomtop_snapshot_free(rd.ready);
		free(rd.ready);
	}
	oomkit_proc_free(rd.ready_detail);
	if (sc.s) {
		oomtop_snapshot_free(sc.s);
		free(sc.s);
	}
	rows_free(&sc.rows);
	growth_free(&sc.g);
	dom_hist_free(&sc);
	oomkit_proc_free(sc.detail);
	oomkit_ctx_free(sc.actx);
	return CLI_EXIT_OK;
}
