/*
 * outfile.h - write a file so that readers never see half of it: the
 * text goes to a temporary file in the same directory, which then
 * replaces the file with rename(2) (atomic within one file system).
 * node_exporter's textfile collector reads only "*.prom" files; the
 * temporary name (".NAME.XXXXXX") never matches that.
 */
#ifndef OOMKIT_OUTFILE_H
#define OOMKIT_OUTFILE_H

#include <stdio.h>

struct outfile {
	const char *path; /* the file to replace (the caller's string) */
	char *tmp;        /* the temporary file, while open */
	FILE *f;          /* write here */
};

/*
 * outfile_open - create the temporary file for @path.
 * Returns 0, or -errno (the directory is missing or not writable...).
 */
int outfile_open(struct outfile *o, const char *path);

/*
 * outfile_commit - flush, sync, give the file the mode a new file gets
 * (0666 less the umask: the collector runs as another user), and rename
 * it over the path. On failure the temporary file is removed.
 * Returns 0 or -errno.
 */
int outfile_commit(struct outfile *o);

/* outfile_abort - close and remove the temporary file. */
void outfile_abort(struct outfile *o);

/*
 * outfile_write - replace @path with what @fill writes to the FILE it is
 * given (open, fill, commit). On failure prints "prog: cannot write
 * 'path': reason" and returns -errno; else 0.
 */
int outfile_write(const char *path, void (*fill)(FILE *out, void *arg), void *arg);

#endif
