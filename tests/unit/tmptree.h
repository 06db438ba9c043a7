/*
 * tmptree.h - throwaway fixture trees for the unit tests: a fresh
 * directory from mkdtemp(3), files written into it by relative path
 * (parents made as needed), and a recursive removal at the end.
 *
 * Header-only (static inline functions) because each test is its own program.
 * Failures abort the test through cmocka's assertions.
 */
#ifndef OOMKIT_TESTS_TMPTREE_H
#define OOMKIT_TESTS_TMPTREE_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * A template for mkdtemp(3)/mkstemp(3) in $TMPDIR (else /tmp): the test
 * suite points TMPDIR at a directory of its own, which must be empty
 * when the suite ends (tests/lib/leftovers.sh). @buf has PATH_MAX bytes.
 */
static inline char *tt_template(char *buf, const char *name)
{
	const char *tmp = getenv("TMPDIR");
	int n;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	n = snprintf(buf, PATH_MAX, "%s/%s.XXXXXX", tmp, name);
	assert_true(n > 0 && n < PATH_MAX);
	return buf;
}

/* Make a new empty directory; its path goes to @root (PATH_MAX bytes). */
static inline void tt_make(char *root)
{
	assert_non_null(mkdtemp(tt_template(root, "oomkit-unit")));
}

/* mkdir -p of the directory part of @root/@rel. */
static inline void tt_parents(const char *root, const char *rel)
{
	char path[PATH_MAX], *s;
	int n = snprintf(path, sizeof(path), "%s/%s", root, rel);

	assert_true(n > 0 && (size_t)n < sizeof(path));
	for (s = path + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
		*s = '/';
	}
}

/* Write @len bytes of @data to @root/@rel (replacing it). */
static inline void tt_write_n(const char *root, const char *rel, const void *data, size_t len)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s/%s", root, rel);
	int fd;

	assert_true(n > 0 && (size_t)n < sizeof(path));
	tt_parents(root, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_true(write(fd, data, len) == (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

static inline void tt_write(const char *root, const char *rel, const char *text)
{
	tt_write_n(root, rel, text, strlen(text));
}

/* Remove @root/@rel if it exists. */
static inline void tt_unlink(const char *root, const char *rel)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s/%s", root, rel);

	assert_true(n > 0 && (size_t)n < sizeof(path));
	assert_true(unlink(path) == 0 || errno == ENOENT);
}

/* Make the directory @root/@rel (and its parents). */
static inline void tt_mkdir(const char *root, const char *rel)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s/%s/", root, rel);

	assert_true(n > 0 && (size_t)n < sizeof(path));
	tt_parents(root, path + strlen(root) + 1);
}

static inline int tt_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

/* rm -r @root; a no-op for an empty string. */
static inline void tt_remove(const char *root)
{
	if (root && *root)
		assert_int_equal(nftw(root, tt_rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
}

/* A cmocka teardown's body: remove the tree and forget its name. */
static inline int tt_teardown(char *root)
{
	tt_remove(root);
	root[0] = '\0';
	return 0;
}

#endif
