/*
 * oomadj - the target list: adding targets, and recording failures and
 * notes on them.
 */
#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oomadj.h"

char *xvasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		err(CLI_EXIT_FAILURE, "cannot allocate memory");
	return s;
}

/* Record a failure: print it now (unless JSON) and keep it for JSON. */
void __attribute__((format(printf, 3, 4)))
target_fail(struct control *ctl, struct target *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	free(t->error);
	t->error = xvasprintf(fmt, ap);
	va_end(ap);
	t->status = ST_FAILED;
	if (!ctl->json)
		warnx("%s", t->error);
}

void __attribute__((format(printf, 2, 3))) target_note(struct target *t, const char *fmt, ...)
{
	va_list ap;
	char *s, *n;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	if (t->notes) {
		if (asprintf(&n, "%s\n%s", t->notes, s) < 0)
			err(CLI_EXIT_FAILURE, "cannot allocate memory");
		free(t->notes);
		free(s);
		t->notes = n;
	} else {
		t->notes = s;
	}
}

struct target *add_target(struct control *ctl, pid_t pid, pid_t asked, unsigned long long start)
{
	struct target *t;
	size_t i;

	for (i = 0; i < ctl->ntargets; i++)
		if (ctl->targets[i].pid == pid && pid > 0)
			return NULL; /* already a target */
	if (ctl->ntargets == ctl->alloc) {
		size_t n = ctl->alloc ? ctl->alloc * 2 : 16;
		struct target *p = reallocarray(ctl->targets, n, sizeof(*p));

		if (!p)
			err(CLI_EXIT_FAILURE, "cannot allocate memory");
		ctl->targets = p;
		ctl->alloc = n;
	}
	t = &ctl->targets[ctl->ntargets++];
	memset(t, 0, sizeof(*t));
	t->pid = pid;
	t->asked = asked;
	t->start = start;
	t->score = -1;
	return t;
}

const char *comm_or(const struct target *t)
{
	return t->comm ? t->comm : "?";
}
