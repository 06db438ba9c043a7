/*
 * oomadj - --persist: OOMScoreAdjust= drop-ins for systemd services.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oomadj.h"

/* @buf = "@dir/@name@suffix"; -1 when it does not fit. */
static int path_join(char *buf, size_t size, const char *dir, const char *name, const char *suffix)
{
	size_t dl = strlen(dir), nl = strlen(name), sl = strlen(suffix);

	if (dl + 1 + nl + sl + 1 > size)
		return -1;
	memcpy(buf, dir, dl);
	buf[dl] = '/';
	memcpy(buf + dl + 1, name, nl);
	memcpy(buf + dl + 1 + nl, suffix, sl + 1);
	return 0;
}

/* Write the OOMScoreAdjust= drop-in for @t's unit. */
void persist(struct control *ctl, struct target *t)
{
	const char *dir = getenv("OOMADJ_SYSTEMD_DIR");
	char ddir[PATH_MAX], path[PATH_MAX], tmp[PATH_MAX];
	struct target *o;
	size_t i;
	FILE *f;
	int fd, ok;

	if (!t->unit[0]) {
		target_fail(ctl, t,
			    "cannot persist pid %d (%s): it does not belong to a systemd "
			    "service",
			    (int)t->pid, comm_or(t));
		return;
	}
	if (t->unit_user) {
		target_fail(ctl, t,
			    "cannot persist pid %d (%s): %s is a user service; set "
			    "OOMScoreAdjust=%d in ~/.config/systemd/user/%s.d/ instead",
			    (int)t->pid, comm_or(t), t->unit, t->new, t->unit);
		return;
	}
	if (!dir || !*dir) {
		if (access(SYSTEMD_RUN_DIR, F_OK) < 0) {
			target_fail(ctl, t,
				    "cannot persist pid %d (%s): systemd is not running on "
				    "this system (no %s)",
				    (int)t->pid, comm_or(t), SYSTEMD_RUN_DIR);
			return;
		}
		dir = SYSTEMD_ETC_DIR;
	}
	/* two targets in the same unit must agree */
	for (o = ctl->targets; o < t; o++) {
		if (strcmp(o->unit, t->unit) != 0 || o->status == ST_FAILED || o->status == ST_GONE)
			continue;
		if (o->new != t->new) {
			target_fail(ctl, t,
				    "cannot persist pid %d: %s already gets "
				    "OOMScoreAdjust=%d from pid %d",
				    (int)t->pid, t->unit, o->new, (int)o->pid);
			return;
		}
		target_note(t, "%s: drop-in already written for pid %d", t->unit, (int)o->pid);
		return;
	}
	if (path_join(ddir, sizeof(ddir), dir, t->unit, ".d") < 0 ||
	    path_join(path, sizeof(path), ddir, DROPIN_NAME, "") < 0) {
		target_fail(ctl, t, "cannot persist pid %d: path too long", (int)t->pid);
		return;
	}
	if (ctl->dry_run) {
		target_note(t, "would write %s with OOMScoreAdjust=%d", path, t->new);
		return;
	}
	if (mkdir(ddir, 0755) < 0 && errno != EEXIST) {
		target_fail(ctl, t, "cannot create %s: %s", ddir, strerror(errno));
		return;
	}
	i = (size_t)snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", ddir, DROPIN_NAME);
	if (i >= sizeof(tmp) || (fd = mkstemp(tmp)) < 0) {
		target_fail(ctl, t, "cannot write %s: %s", path, strerror(errno));
		return;
	}
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
		target_fail(ctl, t, "cannot write %s: %s", path, strerror(errno));
		return;
	}
	fprintf(f, "# Written by oomadj --persist (oomadj(1)).\n[Service]\nOOMScoreAdjust=%d\n",
		t->new);
	ok = fflush(f) == 0 && fchmod(fd, 0644) == 0 && fsync(fd) == 0;
	if (fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) < 0) {
		target_fail(ctl, t, "cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		return;
	}
	target_note(t,
		    "wrote %s (OOMScoreAdjust=%d); run 'systemctl daemon-reload' so that "
		    "systemd applies it at the next start of %s",
		    path, t->new, t->unit);
}
