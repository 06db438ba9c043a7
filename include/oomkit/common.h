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
# define OOMKIT_EXPORT __attribute__((visibility("default")))
#else
# define OOMKIT_EXPORT
#endif

#define OOMKIT_WUR __attribute__((warn_unused_result))

/*
 * oomkit-specific error codes (returned negated, like -errno). They live
 * above the errno range. Append only: never renumber or remove.
 */
enum oomkit_error {
	OOMKIT_EPARSE = 4096,	/* kernel text did not have the expected form */
	OOMKIT_ENOMEMCG,	/* no memory cgroup controller is mounted */
	OOMKIT_EUNSUPPORTED,	/* the running kernel lacks the interface */
	OOMKIT_ERACE,		/* the process changed identity (pid reused) */
	OOMKIT_EMEMLIMIT,	/* compressed data needs more decoder memory
				 * than the fixed budget allows */
	OOMKIT_ENOJOURNAL,	/* a directory without a readable journal file */
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
 * \xHH, a backslash becomes \\, invalid UTF-8 bytes become \xHH; valid
 * multibyte UTF-8 is kept.
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
