/*
 * after.c - what happened after the kill, when the event is from the
 * running boot and systemd runs: the state of the victim's systemd unit
 * now (systemctl show: ActiveState, SubState, Result, NRestarts). Nothing
 * is said when systemd does not run, the event is from another boot or a
 * file, or the unit is a user manager's (systemctl --user of someone
 * else): never a guess.
 *
 * Test seam: OOMWHY_TEST_SYSTEMCTL names a program to run instead of
 * systemctl, and then every event counts as the running boot's.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "oomwhy.h"

extern char **environ;

/* is @ev from the boot that runs now? kmsg records and journal entries tell */
static int running_boot(const struct oomkit_event *ev)
{
	const char *o = oomkit_event_str(ev, OOMKIT_EV_SOURCE), *b;
	char id[40];

	if (!o)
		return 0;
	if (strncmp(o, "kmsg:", 5) == 0)
		return 1; /* /dev/kmsg itself; a saved copy is "<file>:<line>" */
	if (strncmp(o, "journal:", 8) != 0 || oomkit_current_boot_id(id, sizeof(id)) < 0)
		return 0;
	/* a journal cursor holds ";b=<boot id>;" */
	b = strstr(o, ";b=");
	return b && strncmp(b + 3, id, 32) == 0 && (b[35] == ';' || b[35] == '\0');
}

/* run systemctl show for @unit; 0 and @a filled, or -1 */
static int show(const char *prog, const char *unit, struct after *a)
{
	char *argv[] = { (char *)prog, "show",
			 "--no-pager", "--property=ActiveState,SubState,Result,NRestarts",
			 "--",         (char *)unit,
			 NULL };
	posix_spawn_file_actions_t fa;
	char buf[4096], *line, *save = NULL;
	size_t n = 0;
	ssize_t r;
	int pfd[2], status;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], STDOUT_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	r = posix_spawnp(&pid, prog, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (r != 0) {
		close(pfd[0]);
		return -1;
	}
	while (n < sizeof(buf) - 1 && (r = read(pfd[0], buf + n, sizeof(buf) - 1 - n)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		n += (size_t)r;
	}
	buf[n] = '\0';
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *v = strchr(line, '=');
		char **slot = NULL;

		if (!v)
			continue;
		*v++ = '\0';
		if (strcmp(line, "ActiveState") == 0)
			slot = &a->active;
		else if (strcmp(line, "SubState") == 0)
			slot = &a->sub;
		else if (strcmp(line, "Result") == 0)
			slot = &a->result;
		else if (strcmp(line, "NRestarts") == 0)
			a->restarts = strtoll(v, NULL, 10);
		if (slot && *v) {
			free(*slot);
			*slot = strdup(v);
		}
	}
	/* a unit systemd does not know reads "inactive (dead)": say nothing */
	if (!a->active || (strcmp(a->active, "inactive") == 0 && a->result &&
			   strcmp(a->result, "success") == 0 && a->restarts <= 0))
		return -1;
	return 0;
}

void after_lookup(const struct oomkit_event *ev, struct after *a)
{
	const char *prog = getenv("OOMWHY_TEST_SYSTEMCTL"), *unit;
	struct oomkit_context *ctx;

	memset(a, 0, sizeof(*a));
	a->restarts = -1;
	if (prog && !*prog)
		prog = NULL;
	if (!prog) {
		/* sd_booted(): systemd runs as init */
		if (access("/run/systemd/system", F_OK) != 0 || !running_boot(ev))
			return;
		prog = "systemctl";
	}
	if (oomkit_context_parse(oomkit_event_memcg(ev), &ctx) < 0)
		return;
	unit = oomkit_context_get(ctx, OOMKIT_CONTEXT_UNIT_NAME);
	if (!unit)
		unit = oomkit_event_str(ev, OOMKIT_EV_UNIT);
	/* a unit of a user manager is not the system manager's to show */
	if (unit && !strstr(oomkit_event_memcg(ev) ? oomkit_event_memcg(ev) : "", "/user@") &&
	    strspn(unit, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:-_.\\@") ==
		    strlen(unit)) {
		a->unit = strdup(unit);
		if (a->unit && show(prog, a->unit, a) == 0)
			a->have = 1;
	}
	oomkit_context_free(ctx);
}

void after_free(struct after *a)
{
	free(a->unit);
	free(a->active);
	free(a->sub);
	free(a->result);
	memset(a, 0, sizeof(*a));
}
