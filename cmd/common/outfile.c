/*
 * outfile.c - replace a file atomically (see outfile.h).
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "outfile.h"

int outfile_open(struct outfile *o, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	int dirlen = slash ? (int)(slash - path) + 1 : 0;
	size_t size = strlen(path) + sizeof(".XXXXXX") + 1;
	int fd, e;

	memset(o, 0, sizeof(*o));
	if (!*base)
		return -EISDIR;
	o->path = path;
	o->tmp = malloc(size);
	if (!o->tmp)
		return -ENOMEM;
	snprintf(o->tmp, size, "%.*s.%s.XXXXXX", dirlen, path, base);
	fd = mkostemp(o->tmp, O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		free(o->tmp);
		o->tmp = NULL;
		return -e;
	}
	o->f = fdopen(fd, "w");
	if (!o->f) {
		e = errno;
		close(fd);
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		return -e;
	}
	return 0;
}

void outfile_abort(struct outfile *o)
{
	if (o->f)
		fclose(o->f);
	if (o->tmp) {
		unlink(o->tmp);
		free(o->tmp);
	}
	o->f = NULL;
	o->tmp = NULL;
}

int outfile_commit(struct outfile *o)
{
	mode_t mask = umask(0);
	int fd = fileno(o->f), e = 0;

	umask(mask);
	errno = 0;
	if (fflush(o->f) != 0 || ferror(o->f))
		e = errno ? errno : EIO;
	else if (fchmod(fd, 0666 & ~mask) < 0 || fsync(fd) < 0)
		e = errno;
	if (fclose(o->f) != 0 && !e)
		e = errno;
	o->f = NULL;
	if (!e && rename(o->tmp, o->path) < 0)
		e = errno;
	if (e)
		unlink(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
	return -e;
}

int outfile_write(const char *path, void (*fill)(FILE *out, void *arg), void *arg)
{
	struct outfile o;
	int r = outfile_open(&o, path);

	if (r == 0) {
		fill(o.f, arg);
		r = outfile_commit(&o);
	}
	if (r < 0)
		warnx("cannot write '%s': %s", cli_arg(path), strerror(-r));
	return r;
}
