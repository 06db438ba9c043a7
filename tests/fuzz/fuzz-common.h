/*
 * fuzz-common.h - what the parser fuzz targets share: the input as a
 * NUL-terminated string (kernel files never hold a NUL; one in the input
 * ends the text, as it would end the C string a reader passes on), and a
 * scratch directory for the targets whose parser reads files by name.
 */
#ifndef OOMKIT_FUZZ_COMMON_H
#define OOMKIT_FUZZ_COMMON_H

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* a malloc'ed copy of @data with a NUL after it (abort when out of memory) */
static inline char *fz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* write @len bytes to @dir/@name (made anew); abort on an I/O error, as
 * that is the harness failing, not the parser */
static inline void fz_write(const char *dir, const char *name, const char *buf, size_t len)
{
	char path[4096];
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		abort();
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || (len && write(fd, buf, len) != (ssize_t)len) || close(fd) < 0)
		abort();
}

static inline void fz_unlink(const char *dir, const char *name)
{
	char path[4096];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		abort();
	unlink(path);
}

/* A directory under $TMPDIR for this run (run-fuzz.sh points TMPDIR at
 * its own scratch directory and removes it afterwards). */
static inline const char *fz_tmpdir(void)
{
	static char dir[4096];

	if (!dir[0]) {
		const char *t = getenv("TMPDIR");

		if ((size_t)snprintf(dir, sizeof(dir), "%s/oomkit-fuzz-XXXXXX",
				     t && *t ? t : "/tmp") >= sizeof(dir) ||
		    !mkdtemp(dir))
			abort();
	}
	return dir;
}

#endif
