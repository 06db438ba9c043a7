/*
 * util-private.h - helpers shared by liboomkit's modules. Not installed.
 */
#ifndef OOMKIT_UTIL_PRIVATE_H
#define OOMKIT_UTIL_PRIVATE_H

#include <stddef.h>
#include <sys/types.h>

#define OOMKIT_HIDDEN __attribute__((visibility("hidden")))

/*
 * Read the whole file @name relative to @dirfd (AT_FDCWD for a path) into
 * @buf (@size bytes), NUL-terminated. Loops until EOF and retries EINTR.
 * Returns the length, -EFBIG when the file does not fit (the buffer then
 * holds a truncated, NUL-terminated prefix), or -errno.
 */
OOMKIT_HIDDEN ssize_t oomkit__read_at(int dirfd, const char *name, char *buf, size_t size);

/*
 * oomkit__read_at() for a file the kernel prints whole in one read (a
 * /proc/<pid> file made by seq_file's single_open, or oom_score_adj): a
 * read that returns less than the room left is the end of the file, so
 * the read that would return 0 is saved (a quarter of the system calls of
 * a process table read). Also right for a regular file (a fixture tree),
 * which returns less only at its end. Returns as oomkit__read_at().
 */
OOMKIT_HIDDEN ssize_t oomkit__read_proc_at(int dirfd, const char *name, char *buf, size_t size);

/*
 * Read the whole file into a malloc'ed buffer (*out, NUL-terminated, the
 * caller frees). Returns the length or -errno.
 */
OOMKIT_HIDDEN ssize_t oomkit__read_alloc_at(int dirfd, const char *name, char **out);

/*
 * Parse a decimal integer at *s (leading blanks allowed, optional sign).
 * On success advances *s past the digits, sets *v and returns 0;
 * returns -EINVAL when there are no digits, -ERANGE on overflow.
 */
OOMKIT_HIDDEN int oomkit__parse_ll(const char **s, long long *v);

/*
 * The largest size in kB oomkit takes from the kernel: 2^50 kB (1 EiB),
 * far beyond any address space Linux supports (2^57 bytes with 5-level
 * paging). A negative or larger value is not the kernel's (a fixture, a
 * corrupt file): it reads as unknown, so that no sum or product of such
 * sizes can overflow.
 */
#define OOMKIT__KB_MAX (1LL << 50)

/*
 * The ns/pid link of the initial pid namespace, whose pid 1 is the host's
 * init: its inode is fixed by the kernel (PROC_PID_INIT_INO,
 * include/linux/proc_ns.h, since 3.8).
 */
#define OOMKIT__PIDNS_INIT_LINK "pid:[4026531836]"

/*
 * oomkit__parse_kb - oomkit__parse_ll() for a size in kB: also returns
 * -ERANGE for a value below 0 or above OOMKIT__KB_MAX (and leaves *v alone).
 */
OOMKIT_HIDDEN int oomkit__parse_kb(const char **s, long long *v);

/* Parse a whole string (surrounding blanks/newline allowed) as an integer. */
OOMKIT_HIDDEN int oomkit__parse_ll_full(const char *s, long long *v);

/*
 * Find "key" at the start of a line in @text followed by @sep (e.g. ':' or
 * ' '), and return a pointer just past the separator, or NULL.
 */
OOMKIT_HIDDEN const char *oomkit__find_key(const char *text, const char *key, char sep);

/* strdup that returns NULL with errno ENOMEM. */
OOMKIT_HIDDEN char *oomkit__strdup(const char *s);

/* Read a small integer file (a sysctl, a cgroup value). "max" gives
 * OOMKIT_UNLIMITED. Returns 0 or -errno / -OOMKIT_EPARSE. */
OOMKIT_HIDDEN int oomkit__read_ll_at(int dirfd, const char *name, long long *v);

/* Parse a PSI file's text; vals[0..3] = some avg10, avg60, avg300 (in
 * hundredths), total (us); vals[4..7] the same for full. -1 for a value
 * absent from its line or not the kernel's (signed, an average above
 * 100.00, trailing garbage, overflow). */
OOMKIT_HIDDEN int oomkit__parse_psi(const char *text, long long vals[8]);

#endif
