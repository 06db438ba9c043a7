/*
 * oomadj - acting on one target (show or set), explaining the outcome, and
 * the exec form.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oomadj.h"

static void read_comm(struct target *t, struct oomkit_adj_target *at)
{
	char buf[128];

	oomkit_adj_comm(at, buf, sizeof(buf)); /* "" when gone: the next step says so */
	free(t->comm);
	t->comm = cli_escape(buf);
}

/*
 * A selected process that exited (or whose pid now names a later process)
 * is dropped silently, as pgrep and ps drop it: it no longer exists to be
 * changed. Only a process the user named is an error when it is gone.
 */
static int dropped_as_gone(struct target *t, int rc)
{
	if (!t->selected || (rc != -ESRCH && rc != -OOMKIT_ERACE))
		return 0;
	t->status = ST_GONE;
	t->have_new = 0;
	return 1;
}

static void explain_open_error(struct control *ctl, struct target *t, int rc)
{
	if (dropped_as_gone(t, rc))
		return;
	if (rc == -ESRCH)
		target_fail(ctl, t,
			    !t->start ? "pid %d: no such process" :
			    ctl->set  ? "pid %d: the process exited before it could be changed" :
					"pid %d: the process exited before it could be read",
			    (int)t->pid);
	else if (rc == -OOMKIT_ERACE)
		target_fail(ctl, t,
			    "pid %d is no longer the process that was selected: it exited "
			    "and its pid was reused by another process (start time "
			    "changed); not touched",
			    (int)t->pid);
	else if (rc == -EINVAL)
		target_fail(ctl, t, "pid %d is not a process", (int)t->pid);
	else {
		char why[512];

		oomkit_adj_explain(NULL, rc, 0, cli_prog(), why, sizeof(why));
		target_fail(ctl, t, "cannot open process %d: %s", (int)t->pid, why);
	}
}

static void explain_write_error(struct control *ctl, struct target *t, struct oomkit_adj_target *at,
				int value, int rc)
{
	char why[1024];

	if (dropped_as_gone(t, rc))
		return;
	oomkit_adj_explain(at, rc, value, cli_prog(), why, sizeof(why));
	if (rc == -EACCES && oomkit_adj_denial(at) == OOMKIT_ADJ_DENIED_NOT_OWNER)
		target_fail(ctl, t, "%scannot write oom_score_adj of pid %d (%s): %s",
			    ctl->dry_run ? "would fail: " : "", (int)t->pid, comm_or(t), why);
	else if (rc == -EACCES)
		target_fail(ctl, t, "%scannot set oom_score_adj of pid %d (%s) to %d: %s",
			    ctl->dry_run ? "would fail: " : "", (int)t->pid, comm_or(t), value,
			    why);
	else if (rc == -ESRCH)
		target_fail(ctl, t, "pid %d (%s) exited before its value could be written",
			    (int)t->pid, comm_or(t));
	else if (rc == -EINVAL)
		target_fail(ctl, t, "%s", why);
	else
		target_fail(ctl, t, "cannot write oom_score_adj of pid %d (%s): %s", (int)t->pid,
			    comm_or(t), why);
}

/* The consequences of a change, in words. */
static void add_notes(struct control *ctl, struct target *t, struct oomkit_adj_target *at)
{
	struct oomkit_adj_change c = {
		.value = t->new,
		.dry_run = ctl->dry_run,
		.unit = t->unit[0] && !ctl->persist ? t->unit : NULL,
		.unit_user = t->unit_user,
	};
	char hint[sizeof(SYSTEMD_ETC_DIR) + sizeof(t->unit) + sizeof(DROPIN_NAME) + 64];
	char **notes = NULL;
	int n, i;

	snprintf(hint, sizeof(hint), "oomadj --persist writes %s/%s.d/%s", SYSTEMD_ETC_DIR, t->unit,
		 DROPIN_NAME);
	c.dropin_hint = hint;
	n = oomkit_adj_notes(ctl->ctx, at, &c, &notes);
	if (n < 0) {
		errno = -n;
		err(CLI_EXIT_FAILURE, "cannot allocate memory");
	}
	for (i = 0; i < n; i++)
		target_note(t, "%s", notes[i]);
	oomkit_strv_free(notes);
}

static void fill_show(struct control *ctl, struct target *t, struct oomkit_adj_target *at)
{
	struct oomkit_proc *rec = NULL;
	long long pts = 0;
	int rc;

	rc = oomkit_adj_read(at, &t->old);
	if (rc < 0) {
		explain_open_error(ctl, t, rc);
		return;
	}
	t->have_old = 1;
	if (oomkit_adj_read_score(at, &t->score) < 0)
		t->score = -1;
	if (ctl->totalpages && oomkit_proc_read_at(ctl->ctx, oomkit_adj_dirfd(at), 0, &rec) == 0) {
		if (oomkit_proc_badness(rec, oomkit_ctx_page_size(ctl->ctx), ctl->totalpages,
					&pts) == OOMKIT_ELIGIBLE) {
			t->badness = pts;
			t->eligible = 1;
		}
		oomkit_proc_free(rec);
	}
	/* everything above must describe the pinned process */
	rc = oomkit_adj_check(at);
	if (rc < 0) {
		explain_open_error(ctl, t, rc);
		return;
	}
	t->status = ST_SHOWN;
}

void do_target(struct control *ctl, struct target *t)
{
	struct oomkit_adj_target *at = NULL;
	int rc, clamped = 0, value;

	rc = oomkit_adj_open(ctl->ctx, t->pid, t->start, &at);
	if (rc < 0) {
		explain_open_error(ctl, t, rc);
		return;
	}
	read_comm(t, at);
	if (oomkit_adj_inode(at, &t->pidfs_ino) < 0)
		t->pidfs_ino = 0;
	if (t->has_inode == 2) {
		target_fail(ctl, t, "%d:%llu names a thread; PID:INODE needs a process id",
			    (int)t->asked, t->inode);
		goto out;
	}
	if (t->has_inode) {
		unsigned long long ino;

		rc = oomkit_adj_inode(at, &ino);
		if (rc == -OOMKIT_EUNSUPPORTED) {
			target_fail(ctl, t,
				    "pid %d: PID:INODE needs pidfs (Linux 6.9 or later); "
				    "this kernel cannot name a process by inode",
				    (int)t->pid);
			goto out;
		} else if (rc < 0) {
			target_fail(ctl, t, "pid %d: cannot read its pidfs inode: %s", (int)t->pid,
				    oomkit_strerror(rc));
			goto out;
		}
		if (ino != t->inode) {
			target_fail(ctl, t,
				    "pid %d is not the process with pidfs inode %llu (it "
				    "has inode %llu): the process exited and its pid was "
				    "reused; not touched",
				    (int)t->pid, t->inode, ino);
			goto out;
		}
	}
	if (oomkit_adj_systemd_unit(at, t->unit, sizeof(t->unit), &t->unit_user) < 0 ||
	    !oomkit_adj_unit_name_valid(t->unit))
		t->unit[0] = '\0';

	if (!ctl->set) {
		fill_show(ctl, t, at);
		goto out;
	}

	rc = oomkit_adj_read(at, &t->old);
	if (rc < 0) {
		explain_open_error(ctl, t, rc);
		goto out;
	}
	t->have_old = 1;
	if (ctl->relative) {
		value = oomkit_adj_clamp((long long)t->old + ctl->value, &clamped);
		if (clamped) {
			char why[128];

			oomkit_adj_explain_clamp(t->old, ctl->value, value, why, sizeof(why));
			if (!ctl->quiet && !ctl->json)
				warnx("pid %d: %s", (int)t->pid, why);
			target_note(t, "%s", why);
		}
	} else {
		value = (int)ctl->value;
	}
	t->new = value;

	if (ctl->dry_run) {
		rc = oomkit_adj_can_access(at, value);
		if (rc < 0) {
			explain_write_error(ctl, t, at, value, rc);
			goto out;
		}
		t->have_new = 1;
		t->status = value == t->old ? ST_UNCHANGED : ST_WOULD_CHANGE;
	} else {
		rc = oomkit_adj_write(at, value, &t->old, &t->new);
		if (rc < 0) {
			if (rc == -EIO)
				t->have_new = 1;
			explain_write_error(ctl, t, at, value, rc);
			goto out;
		}
		t->have_new = 1;
		t->status = t->new == t->old ? ST_UNCHANGED : ST_CHANGED;
	}
	add_notes(ctl, t, at);
	if (ctl->persist)
		persist(ctl, t);
out:
	oomkit_adj_close(at);
}

void __attribute__((noreturn)) run_command(struct control *ctl, char **argv)
{
	struct oomkit_adj_target *at;
	int rc, old, now, value, clamped = 0;

	rc = oomkit_adj_open(ctl->ctx, getpid(), 0, &at);
	if (rc < 0)
		errx(CLI_EXIT_FAILURE, "cannot open own process: %s", oomkit_strerror(rc));
	value = (int)ctl->value;
	if (ctl->relative) {
		rc = oomkit_adj_read(at, &old);
		if (rc < 0)
			errx(CLI_EXIT_FAILURE, "cannot read own oom_score_adj: %s",
			     oomkit_strerror(rc));
		value = oomkit_adj_clamp((long long)old + ctl->value, &clamped);
		if (clamped && !ctl->quiet) {
			char why[128];

			oomkit_adj_explain_clamp(old, ctl->value, value, why, sizeof(why));
			warnx("%s", why);
		}
	}
	rc = oomkit_adj_write(at, value, &old, &now);
	if (rc < 0) {
		struct target t;

		memset(&t, 0, sizeof(t));
		t.pid = getpid();
		t.comm = cli_xstrdup("oomadj");
		t.new = now;
		ctl->json = 0;
		explain_write_error(ctl, &t, at, value, rc);
		errx(CLI_EXIT_FAILURE, "%s not run", cli_arg(argv[0]));
	}
	oomkit_adj_close(at);
	oomkit_ctx_free(ctl->ctx);
	execvp(argv[0], argv);
	rc = errno;
	warn("failed to execute '%s'", cli_arg(argv[0]));
	exit(rc == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC);
}
