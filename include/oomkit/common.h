/*
 * oomkit/common.h - conventions shared by every liboomkit header.
 *
 * Return convention (one rule, everywhere):
 *  - functions returning int return 0 (or a count) on success and a
 *    negative error code on failure: either -errno (-ENOENT, -EACCES, ...)
 *    or one of the oomkit-specific OOMKIT_E* codes below;
 *  - functions returning a pointer return NULL and set errno;
 *  - values that may legitimately be negative (oom_score_adj, badness) are
 *    returned through out-parameters.
 *
 * "Unknown" (one rule, everywhere): a value the kernel did not give (a
 * file that could not be read, a line an older kernel does not print, a
 * field out of range, an item the caller did not ask to read) is never
 * given as 0, -1 or "":
 *  - numbers come from getters of the form
 *	int oomkit_X_get(const struct oomkit_X *obj, enum item, long long *val)
 *    (or a named getter with the same shape, such as oomkit_event_num()),
 *    which return 0 and set *val, or -ENODATA when the value is unknown,
 *    or -EINVAL for a NULL object or an item out of range. @val may be
 *    NULL (to ask whether a value is known) and is never changed on error,
 *    so a caller may preset it with the default it wants;
 *  - strings are returned as const char * owned by the object, NULL when
 *    unknown; "" is a known empty string (the cmdline of a kernel thread);
 *  - counts and sizes that are always known (table sizes, a source's
 *    counters, a domain's members) are plain return values, and an enum
 *    with an explicit ..._UNKNOWN member (oomkit_event_constraint()) says
 *    unknown by that member;
 *  - names of enum values (oomkit_outcome_name(), oomkit_killer_name(),
 *    oomkit_constraint_name()) are static strings, never NULL;
 *  - a file descriptor a handle does not have is -1, as everywhere in
 *    POSIX (oomkit_adj_pidfd() without a pidfd).
 * Inputs follow the same idea: a time the caller does not know is -1, a
 * string it does not have is NULL, as each function documents.
 *
 * Lifecycle (one vocabulary): an object is created by oomkit_X_new() when
 * it starts empty (a parser, a context), or by a verb that says where its
 * contents come from: oomkit_X_read() (a snapshot of kernel files),
 * oomkit_domains_rank()/_build() (computed from snapshots),
 * oomkit_source_open_*() (a log opened for reading); every such object is
 * released by oomkit_X_free(), which accepts NULL. Only a handle that pins
 * a live kernel object for its lifetime (struct oomkit_adj_target: a
 * pidfd and a /proc/<pid> directory) is oomkit_X_open()ed and
 * oomkit_X_close()d. Objects returned by an accessor (a record of a
 * table, a domain of a set) are owned by their container and live as
 * long as it does.
 *
 * Results that must not be ignored (a write, a check, a constructor whose
 * out-parameter is unset on failure) are marked OOMKIT_WUR.
 *
 * The library never prints, never exits and keeps no hidden global state:
 * everything lives in a struct oomkit_ctx or in objects the caller owns.
 * Unless a function says otherwise, objects are not thread-safe; distinct
 * objects may be used from distinct threads.
 */
#ifndef OOMKIT_COMMON_H
#define OOMKIT_COMMON_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(OOMKIT_BUILDING_LIB) && !defined(OOMKIT_STATIC)
#define OOMKIT_EXPORT __attribute__((visibility("default")))
#else
#define OOMKIT_EXPORT
#endif

/* The caller must look at the result (see the lifecycle rule above). */
#define OOMKIT_WUR __attribute__((warn_unused_result))

/*
 * oomkit-specific error codes (returned negated, like -errno). They live
 * above the errno range. Append only: never renumber or remove.
 */
enum oomkit_error {
	OOMKIT_EPARSE = 4096, /* kernel text did not have the expected form */
	OOMKIT_ENOMEMCG,      /* no memory cgroup controller is mounted */
	OOMKIT_EUNSUPPORTED,  /* the running kernel lacks the interface */
	OOMKIT_ERACE,         /* the process changed identity (pid reused) */
	OOMKIT_EMEMLIMIT,     /* compressed data needs more decoder memory
			       * than the fixed budget allows */
	OOMKIT_ENOJOURNAL,    /* a directory without a readable journal file */
};

/*
 * oomkit_strerror - text for an error code returned by liboomkit.
 * @err: a negative (or positive) errno value or OOMKIT_E* code.
 *
 * Returns a static string; never NULL.
 */
OOMKIT_EXPORT const char *oomkit_strerror(int err);

/* Helpers every module uses. */

/*
 * oomkit_escape - make hostile bytes (a comm, a cmdline) safe for a
 * terminal, a table cell or a log line: control bytes become \n, \t or
 * \xHH, a backslash becomes \\, invalid UTF-8 bytes become \xHH; so do
 * the bytes of C1 controls, of Unicode format characters (category Cf:
 * bidi overrides, isolates and marks, zero-width characters, the BOM,
 * tags) and of U+2028 and U+2029, which reorder, hide or break the text
 * around them; other valid multibyte UTF-8 is kept.
 * @s:   the input, NUL-terminated.
 * Returns a new string the caller frees with free(), or NULL (ENOMEM).
 */
OOMKIT_EXPORT char *oomkit_escape(const char *s);

/* oomkit_strv_free - free a NULL-terminated array of strings. */
OOMKIT_EXPORT void oomkit_strv_free(char **strv);

#ifdef __cplusplus
}
#endif
#endif
