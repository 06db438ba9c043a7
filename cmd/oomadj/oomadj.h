/*
 * oomadj - what its files share: the control and target structures, and
 * the functions one file calls in another.
 *
 *   main.c     options and wiring
 *   target.c   the target list, failures and notes
 *   select.c   PID arguments, -N/-u/--memcg selection, --tree
 *   action.c   show or set one target, explanations, the exec form
 *   persist.c  --persist drop-ins
 *   output.c   the show table, raw table and JSON; set mode text and JSON
 */
#ifndef OOMADJ_H
#define OOMADJ_H

#include <regex.h>
#include <stdarg.h>
#include <sys/types.h>

#include "oomkit/oomkit.h"
#include "cli.h"
#include "output.h"

#define EXIT_CANNOT_EXEC 126
#define EXIT_NOT_FOUND 127

/* Where --persist writes drop-ins, and how we tell systemd is running. */
#define SYSTEMD_ETC_DIR "/etc/systemd/system"
#define SYSTEMD_RUN_DIR "/run/systemd/system"
#define DROPIN_NAME "50-oomadj.conf"

enum status {
	ST_PENDING = 0,
	ST_SHOWN,
	ST_CHANGED,
	ST_UNCHANGED,
	ST_WOULD_CHANGE,
	ST_FAILED,
	ST_GONE, /* selected, but exited before it was done */
};

struct target {
	pid_t pid;                /* the process (thread group id) */
	pid_t asked;              /* what was named, maybe a thread id */
	unsigned long long start; /* start time seen at selection; 0 */
	unsigned long long inode; /* pidfs inode from PID:INODE; 0 */
	int has_inode;
	int selected; /* by -N, -u, --memcg or --tree, not named */

	/* results */
	enum status status;
	char *comm; /* escaped */
	int old, new;
	int have_old, have_new;
	long long score; /* kernel oom_score, -1 unknown */
	long long badness;
	int eligible;                 /* badness is valid */
	unsigned long long pidfs_ino; /* 0 when unknown */
	char unit[256];
	int unit_user;
	char *error; /* message, without "oomadj: " */
	char *notes; /* '\n'-separated */
};

struct control {
	struct oomkit_ctx *ctx;

	/* what to do */
	int set;         /* -n or --add given */
	int relative;    /* --add */
	long long value; /* -n VALUE or --add DELTA */
	int dry_run;
	int quiet;
	int json;
	int raw;
	int persist;
	int noheadings;

	/* selection */
	const char *name_re;
	regex_t re;
	int full;
	int have_user;
	uid_t user;
	const char *memcg;
	char *memcg_norm;
	int tree;

	/* show columns */
	int cols[16];
	size_t ncols;

	struct target *targets;
	size_t ntargets, alloc;

	struct oomkit_proc_table *tab; /* read on demand */
	unsigned long long totalpages;
};

enum {
	COL_PID,
	COL_COMM,
	COL_ADJ,
	COL_SCORE,
	COL_BADNESS,
	COL_INODE,
	COL_UNIT,
	COL_TARGET,
	/* JSON members only */
	COL_OLD,
	COL_NEW,
	COL_STATUS,
	COL_ERROR,
	COL_NOTES,
};

/* output.c */
extern const struct cli_colinfo infos[];
extern const size_t ninfos;
void print_targets(struct control *ctl);
void print_set_text(struct control *ctl);

/* target.c */
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
void target_fail(struct control *ctl, struct target *t, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void target_note(struct target *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
struct target *add_target(struct control *ctl, pid_t pid, pid_t asked, unsigned long long start);
const char *comm_or(const struct target *t);

/* select.c */
int parse_pidspec(const char *s, pid_t *pid, unsigned long long *ino, int *has_ino);
int pid_shaped(const char *s);
void check_pidspec(const char *s);
void prepare_memcg(struct control *ctl);
int have_selectors(const struct control *ctl);
void select_processes(struct control *ctl);
void add_descendants(struct control *ctl);
void add_named(struct control *ctl, pid_t asked, unsigned long long ino, int has_ino);
void test_pause(const char *where);

/* action.c */
void do_target(struct control *ctl, struct target *t);
void __attribute__((noreturn)) run_command(struct control *ctl, char **argv);

/* persist.c */
void persist(struct control *ctl, struct target *t);

#endif /* OOMADJ_H */
