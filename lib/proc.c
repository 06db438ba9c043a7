/*
 * proc.c - the process table: /proc/<pid>/{status,oom_score,oom_score_adj,
 * cgroup} (and cmdline, stat on request), read through one directory fd
 * per process.
 *
 * Why our own reader and not libproc2's pids stack: libproc2 has no VmPTE
 * item (page tables are part of the kernel's badness), always reads the
 * real /proc (no fixture root), and reads by path, so a pid reused between
 * two of its reads mixes two processes. Reading status a second time for
 * VmPTE would also double the cost of the most expensive file. The live
 * tests use libproc2 as an independent reader to check this one.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include "oomkit/adj.h"
#include "oomkit/memcg.h"
#include "oomkit/proc.h"
#include "ctx-private.h"
#include "memcg-private.h"
#include "proc-private.h"

#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC 0x9fa0
#endif

struct user_cache {
	unsigned uid;
	char *name;
};

struct oomkit_proc_table {
	struct oomkit_proc *procs;
	size_t n, cap;
	unsigned denied;
	struct user_cache *users;
	size_t nusers, capusers;
};

/* Undo the kernel's escaping of Name: in status (\n, \\, and octal). */
static void unescape_name(const char *s, size_t len, char *out, size_t size)
{
	size_t i = 0, n = 0;

	while (i < len && n + 1 < size) {
		if (s[i] == '\\' && i + 1 < len) {
			char c = s[i + 1];

			if (c == 'n') {
				out[n++] = '\n';
				i += 2;
				continue;
			}
			if (c == 't') {
				out[n++] = '\t';
				i += 2;
				continue;
			}
			if (c == '\\') {
				out[n++] = '\\';
				i += 2;
				continue;
			}
			if (i + 3 < len && c >= '0' && c <= '3' && s[i + 2] >= '0' &&
			    s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
				out[n++] = (char)((c - '0') * 64 + (s[i + 2] - '0') * 8 +
						  (s[i + 3] - '0'));
				i += 4;
				continue;
			}
		}
		out[n++] = s[i++];
	}
	out[n] = '\0';
}

/* Set item @item of @p to @v and mark it known (oomkit_proc_get()). */
static void set_num(struct oomkit_proc *p, enum oomkit_proc_item item, long long v)
{
	p->num[item] = v;
	p->known |= 1u << item;
}

/* A size in kB; out of range (see OOMKIT__KB_MAX) leaves it unknown. */
static int kb_field(const char *v, struct oomkit_proc *p, enum oomkit_proc_item item)
{
	long long x;

	if (oomkit__parse_kb(&v, &x) < 0)
		return -OOMKIT_EPARSE;
	set_num(p, item, x);
	return 0;
}

/* A pid, a count or a flag: 0 to INT_MAX, else left unknown. */
static int int_field(const char *v, struct oomkit_proc *p, enum oomkit_proc_item item)
{
	long long x;

	if (oomkit__parse_ll(&v, &x) < 0 || x < 0 || x > INT_MAX)
		return -OOMKIT_EPARSE;
	set_num(p, item, x);
	return 0;
}

int oomkit__parse_status(const char *text, struct oomkit_proc *p)
{
	const char *line = text;
	int have_name = 0, have_tgid = 0;

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		const char *colon = memchr(line, ':', nl ? (size_t)(nl - line) : strlen(line));
		const char *v;
		size_t klen;

		if (!colon)
			goto next;
		klen = (size_t)(colon - line);
		v = colon + 1;
		while (*v == '\t' || *v == ' ')
			v++;
#define KEY(k) (klen == sizeof(k) - 1 && memcmp(line, k, klen) == 0)
		switch (line[0]) {
		case 'N':
			if (KEY("Name")) {
				size_t len = nl ? (size_t)(nl - v) : strlen(v);

				unescape_name(v, len, p->comm, sizeof(p->comm));
				have_name = 1;
			}
			break;
		case 'S':
			if (KEY("State") && *v && *v != '\n')
				set_num(p, OOMKIT_PROC_STATE, (unsigned char)*v);
			break;
		case 'T':
			if (KEY("Tgid")) {
				int_field(v, p, OOMKIT_PROC_PID);
				have_tgid = 1;
			} else if (KEY("Threads")) {
				int_field(v, p, OOMKIT_PROC_THREADS);
			}
			break;
		case 'P':
			if (KEY("PPid"))
				int_field(v, p, OOMKIT_PROC_PPID);
			break;
		case 'U':
			if (KEY("Uid")) {
				const char *q = v;
				long long uid, euid;

				if (oomkit__parse_ll(&q, &uid) == 0) {
					set_num(p, OOMKIT_PROC_UID, uid);
					if (oomkit__parse_ll(&q, &euid) == 0)
						set_num(p, OOMKIT_PROC_EUID, euid);
				}
			}
			break;
		case 'K':
			if (KEY("Kthread"))
				int_field(v, p, OOMKIT_PROC_KTHREAD);
			break;
		case 'R':
			if (KEY("RssAnon"))
				kb_field(v, p, OOMKIT_PROC_RSS_ANON_KB);
			else if (KEY("RssFile"))
				kb_field(v, p, OOMKIT_PROC_RSS_FILE_KB);
			else if (KEY("RssShmem"))
				kb_field(v, p, OOMKIT_PROC_RSS_SHMEM_KB);
			break;
		case 'V':
			if (KEY("VmRSS")) {
				kb_field(v, p, OOMKIT_PROC_RSS_KB);
				p->num[OOMKIT_PROC_HAS_MM] = 1;
			} else if (KEY("VmSwap")) {
				kb_field(v, p, OOMKIT_PROC_SWAP_KB);
			} else if (KEY("VmPTE")) {
				kb_field(v, p, OOMKIT_PROC_PTE_KB);
			} else if (KEY("VmSize")) {
				kb_field(v, p, OOMKIT_PROC_VSIZE_KB);
				p->num[OOMKIT_PROC_HAS_MM] = 1;
			}
			break;
		}
#undef KEY
next:
		line = nl ? nl + 1 : NULL;
	}
	if (!have_name || !have_tgid)
		return -OOMKIT_EPARSE;
	/* Kernel threads: "Kthread: 1" (6.x), else no mm and kthreadd's family */
	if (!p->num[OOMKIT_PROC_KTHREAD] && !p->num[OOMKIT_PROC_HAS_MM] &&
	    (p->num[OOMKIT_PROC_PID] == 2 || p->num[OOMKIT_PROC_PPID] == 2))
		p->num[OOMKIT_PROC_KTHREAD] = 1;
	return 0;
}

int oomkit__parse_stat_start(const char *text, unsigned long long *ticks)
{
	const char *p;
	long long v;
	int field;

	if (!text || !ticks)
		return -OOMKIT_EPARSE;
	/* comm may contain ')' and spaces: fields resume after the LAST ')' */
	p = strrchr(text, ')');
	if (!p || p[1] != ' ')
		return -OOMKIT_EPARSE;
	p += 2;
	for (field = 3; field < 22; field++) { /* p is at field 3, state */
		p = strchr(p, ' ');
		if (!p)
			return -OOMKIT_EPARSE;
		p++;
	}
	if (*p < '0' || *p > '9' || oomkit__parse_ll(&p, &v) < 0 || v < 0)
		return -OOMKIT_EPARSE;
	if (*p != ' ' && *p != '\n' && *p != '\0')
		return -OOMKIT_EPARSE;
	*ticks = (unsigned long long)v;
	return 0;
}

/* CLOCK_BOOTTIME in clock ticks (the unit of stat's starttime), or 0. */
static unsigned long long boot_ticks(void)
{
	struct timespec ts;
	long hz = sysconf(_SC_CLK_TCK);

	if (hz <= 0 || clock_gettime(CLOCK_BOOTTIME, &ts) < 0 || ts.tv_sec < 0)
		return 0;
	return (unsigned long long)ts.tv_sec * (unsigned long long)hz +
	       (unsigned long long)ts.tv_nsec / (1000000000ULL / (unsigned long long)hz);
}

/* The user name of @uid, or the number when it has none; malloc'ed. */
static char *uid_name(unsigned uid)
{
	struct passwd *pw = getpwuid(uid);
	char num[24];

	if (pw && pw->pw_name)
		return strdup(pw->pw_name);
	snprintf(num, sizeof(num), "%u", uid);
	return strdup(num);
}

static const char *cache_user(struct oomkit_proc_table *tab, unsigned uid)
{
	size_t i;
	char *name;

	for (i = 0; i < tab->nusers; i++)
		if (tab->users[i].uid == uid)
			return tab->users[i].name;
	if (tab->nusers == tab->capusers) {
		size_t cap = tab->capusers ? tab->capusers * 2 : 16;
		struct user_cache *nu = realloc(tab->users, cap * sizeof(*nu));

		if (!nu)
			return NULL;
		tab->users = nu;
		tab->capusers = cap;
	}
	name = uid_name(uid);
	if (!name)
		return NULL;
	tab->users[tab->nusers].uid = uid;
	tab->users[tab->nusers].name = name;
	return tab->users[tab->nusers++].name;
}

/* The items status gives only for a task with an mm (its Vm and Rss lines). */
static const enum oomkit_proc_item mm_items[] = {
	OOMKIT_PROC_RSS_ANON_KB,  /* RssAnon */
	OOMKIT_PROC_RSS_FILE_KB,  /* RssFile */
	OOMKIT_PROC_RSS_SHMEM_KB, /* RssShmem */
	OOMKIT_PROC_RSS_KB,       /* VmRSS */
	OOMKIT_PROC_SWAP_KB,      /* VmSwap */
	OOMKIT_PROC_PTE_KB,       /* VmPTE */
	OOMKIT_PROC_VSIZE_KB,     /* VmSize */
};

/* A zombie leader keeps running threads' memory out of its own status:
 * read the first thread that still has an mm, as find_lock_task_mm(). */
static void read_live_thread(int piddir, struct oomkit_proc *p)
{
	size_t i;
	int tfd = openat(piddir, "task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;
	struct dirent *de;
	char path[300], buf[8192];

	if (tfd < 0)
		return;
	d = fdopendir(tfd);
	if (!d) {
		close(tfd);
		return;
	}
	while ((de = readdir(d))) {
		struct oomkit_proc t;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "%s/status", de->d_name);
		if (oomkit__read_at(dirfd(d), path, buf, sizeof(buf)) < 0)
			continue;
		memset(&t, 0, sizeof(t));
		if (oomkit__parse_status(buf, &t) < 0 || !t.num[OOMKIT_PROC_HAS_MM])
			continue;
		p->num[OOMKIT_PROC_HAS_MM] = 1;
		for (i = 0; i < sizeof(mm_items) / sizeof(mm_items[0]); i++)
			if (t.known & (1u << mm_items[i]))
				set_num(p, mm_items[i], t.num[mm_items[i]]);
		break;
	}
	closedir(d);
}

static int gone(int err)
{
	return err == -ENOENT || err == -ESRCH;
}

/*
 * Read one process through its pinned directory fd. Returns 0, 1 when it
 * is a kernel thread to leave out, or -errno (-ESRCH when it vanished).
 */
/*
 * Does ctx's procfs number a pid namespace other than the initial one?
 * The kernel never chooses the host's init (is_global_init() in
 * oom_unkillable_task(): global pid 1), but pid 1 of a container's pid
 * namespace is an ordinary task to it. The procfs's namespace is that of
 * its pid 1 (reading that link needs ptrace access to it), else the
 * caller's own when "self" is the caller there. A fixture tree, or a
 * procfs where neither can be read, counts as the initial namespace: pid
 * 1 then stays unkillable, as the kernel has it for the host.
 */
static int pidns_child(struct oomkit_ctx *ctx)
{
	char path[PATH_MAX], link[64], self[32];
	ssize_t n = -1;
	int len;

	if (ctx->pidns_done)
		return ctx->pidns_child;
	ctx->pidns_done = 1;
	ctx->pidns_child = 0;
	len = snprintf(path, sizeof(path), "%s/1/ns/pid", ctx->proc_root);
	if (len > 0 && (size_t)len < sizeof(path))
		n = readlink(path, link, sizeof(link) - 1);
	if (n < 0) {
		len = snprintf(path, sizeof(path), "%s/self", ctx->proc_root);
		if (len <= 0 || (size_t)len >= sizeof(path))
			return 0;
		n = readlink(path, self, sizeof(self) - 1);
		if (n <= 0)
			return 0;
		self[n] = '\0';
		if (strtol(self, NULL, 10) != (long)getpid())
			return 0;
		len = snprintf(path, sizeof(path), "%s/self/ns/pid", ctx->proc_root);
		if (len <= 0 || (size_t)len >= sizeof(path))
			return 0;
		n = readlink(path, link, sizeof(link) - 1);
		if (n < 0)
			return 0;
	}
	link[n] = '\0';
	/* only a procfs has these links: "pid:[N]" */
	ctx->pidns_child = strncmp(link, "pid:[", 5) == 0 &&
			   strcmp(link, OOMKIT__PIDNS_INIT_LINK) != 0;
	return ctx->pidns_child;
}

static int read_one(struct oomkit_ctx *ctx, int piddir, unsigned flags, struct oomkit_proc *p)
{
	char buf[8192];
	ssize_t n;
	long long v;
	enum oomkit_cgroup_mode mode;
	int rc;

	memset(p, 0, sizeof(*p));
	p->num[OOMKIT_PROC_OOM_SCORE] = -1;
	p->num[OOMKIT_PROC_PIDNS_CHILD] = pidns_child(ctx);
	p->read_tick = boot_ticks();
	n = oomkit__read_proc_at(piddir, "status", buf, sizeof(buf));
	if (n == -EFBIG) {
		char *big = NULL;

		n = oomkit__read_alloc_at(piddir, "status", &big);
		if (n >= 0)
			rc = oomkit__parse_status(big, p);
		free(big);
		if (n < 0)
			return gone((int)n) ? -ESRCH : (int)n;
	} else if (n < 0) {
		return gone((int)n) ? -ESRCH : (int)n;
	} else {
		rc = oomkit__parse_status(buf, p);
	}
	if (rc < 0)
		return n == 0 ? -ESRCH : rc; /* empty: exiting */

	if (p->num[OOMKIT_PROC_KTHREAD] && !(flags & OOMKIT_PROC_KTHREADS))
		return 1;
	if (!p->num[OOMKIT_PROC_HAS_MM] && p->num[OOMKIT_PROC_THREADS] > 1)
		read_live_thread(piddir, p);

	n = oomkit__read_proc_at(piddir, "oom_score_adj", buf, 32);
	if (n >= 0 && oomkit__parse_ll_full(buf, &v) == 0 && v >= OOMKIT_ADJ_MIN &&
	    v <= OOMKIT_ADJ_MAX)
		set_num(p, OOMKIT_PROC_OOM_SCORE_ADJ, v);
	else if (n < 0 && gone((int)n))
		return -ESRCH;
	if (!(flags & OOMKIT_PROC_NO_OOM_SCORE) &&
	    oomkit__read_proc_at(piddir, "oom_score", buf, 32) >= 0 &&
	    oomkit__parse_ll_full(buf, &v) == 0)
		set_num(p, OOMKIT_PROC_OOM_SCORE, v);

	if (oomkit_ctx_memcg_root(ctx, &mode, NULL) == 0) {
		n = oomkit__read_proc_at(piddir, "cgroup", buf, sizeof(buf));
		if (n >= 0 || n == -EFBIG) {
			char path[4096];

			if (oomkit__memcg_parse_cgroup_file(buf, mode, path, sizeof(path)) == 0)
				p->memcg = strdup(path);
		}
	}
	if (flags & OOMKIT_PROC_CMDLINE) {
		char *cl = NULL;

		/* read but empty (a kernel thread, a zombie) is "", not unknown */
		n = oomkit__read_alloc_at(piddir, "cmdline", &cl);
		if (n >= 0 && cl) {
			ssize_t i;

			/* arguments are NUL-separated; trailing NULs dropped */
			while (n > 0 && cl[n - 1] == '\0')
				n--;
			for (i = 0; i < n; i++)
				if (cl[i] == '\0')
					cl[i] = ' ';
			cl[n] = '\0';
			p->cmdline = cl;
		} else {
			free(cl);
		}
	}
	if (flags & OOMKIT_PROC_START) {
		unsigned long long t;

		if (oomkit__read_at(piddir, "stat", buf, sizeof(buf)) >= 0 &&
		    oomkit__parse_stat_start(buf, &t) == 0) {
			set_num(p, OOMKIT_PROC_START_TICKS, (long long)t);
			p->start_read = 1;
		}
	}
	return 0;
}

static void proc_release(struct oomkit_proc *p)
{
	free(p->cmdline);
	free(p->memcg);
	if (p->owns_user)
		free((char *)p->user);
}

static int is_pid_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* Read every process; oom_score (if @flags leave it out) only of @score. */
static int table_read(struct oomkit_ctx *ctx, unsigned flags, const pid_t *score, size_t nscore,
		      struct oomkit_proc_table **out)
{
	struct oomkit_proc_table *tab;
	struct dirent *de;
	DIR *d;
	int rootfd;

	if (!ctx || !out)
		return -EINVAL;
	*out = NULL;
	rootfd = open(ctx->proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return -errno;
	d = fdopendir(rootfd);
	if (!d) {
		int e = -errno;

		close(rootfd);
		return e;
	}
	tab = calloc(1, sizeof(*tab));
	if (!tab) {
		closedir(d);
		return -ENOMEM;
	}
	while ((de = readdir(d))) {
		struct oomkit_proc *p;
		unsigned rf;
		int piddir, rc;

		if (!is_pid_name(de->d_name))
			continue;
		if (tab->n == tab->cap) {
			size_t cap = tab->cap ? tab->cap * 2 : 512;
			struct oomkit_proc *np = realloc(tab->procs, cap * sizeof(*np));

			if (!np) {
				closedir(d);
				oomkit_proc_table_free(tab);
				return -ENOMEM;
			}
			tab->procs = np;
			tab->cap = cap;
		}
		piddir = openat(rootfd, de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (piddir < 0) {
			if (errno == EACCES || errno == EPERM)
				tab->denied++;
			continue;
		}
		p = &tab->procs[tab->n];
		rf = flags;
		if (nscore) {
			pid_t pid = (pid_t)strtol(de->d_name, NULL, 10);

			if (bsearch(&pid, score, nscore, sizeof(*score), cmp_pid))
				rf &= ~(unsigned)OOMKIT_PROC_NO_OOM_SCORE;
		}
		rc = read_one(ctx, piddir, rf, p);
		close(piddir);
		if (rc != 0) {
			if (rc < 0)
				proc_release(p);
			if (rc == -EACCES || rc == -EPERM)
				tab->denied++;
			continue;
		}
		if (flags & OOMKIT_PROC_USER)
			p->user = cache_user(tab, (unsigned)p->num[OOMKIT_PROC_UID]);
		tab->n++;
	}
	closedir(d);
	*out = tab;
	return (int)tab->n;
}

int oomkit_proc_table_read(struct oomkit_ctx *ctx, unsigned flags, struct oomkit_proc_table **out)
{
	return table_read(ctx, flags, NULL, 0, out);
}

int oomkit_proc_table_read_scores(struct oomkit_ctx *ctx, unsigned flags, const pid_t *pids,
				  size_t npids, struct oomkit_proc_table **out)
{
	pid_t *sorted = NULL;
	int rc;

	if (!pids && npids)
		return -EINVAL;
	if (npids) {
		sorted = malloc(npids * sizeof(*sorted));
		if (!sorted)
			return -ENOMEM;
		memcpy(sorted, pids, npids * sizeof(*sorted));
		qsort(sorted, npids, sizeof(*sorted), cmp_pid);
	}
	rc = table_read(ctx, flags | OOMKIT_PROC_NO_OOM_SCORE, sorted, npids, out);
	free(sorted);
	return rc;
}

void oomkit_proc_table_free(struct oomkit_proc_table *tab)
{
	size_t i;

	if (!tab)
		return;
	for (i = 0; i < tab->n; i++)
		proc_release(&tab->procs[i]);
	for (i = 0; i < tab->nusers; i++)
		free(tab->users[i].name);
	free(tab->users);
	free(tab->procs);
	free(tab);
}

size_t oomkit_proc_table_count(const struct oomkit_proc_table *tab)
{
	return tab ? tab->n : 0;
}

const struct oomkit_proc *oomkit_proc_table_get(const struct oomkit_proc_table *tab, size_t i)
{
	if (!tab || i >= tab->n) {
		errno = ERANGE;
		return NULL;
	}
	return &tab->procs[i];
}

const struct oomkit_proc *oomkit_proc_table_find(const struct oomkit_proc_table *tab, pid_t pid)
{
	size_t i;

	/* readdir gives /proc in pid order, but do not rely on it */
	for (i = 0; tab && i < tab->n; i++)
		if (tab->procs[i].num[OOMKIT_PROC_PID] == pid)
			return &tab->procs[i];
	errno = ENOENT;
	return NULL;
}

unsigned oomkit_proc_table_denied(const struct oomkit_proc_table *tab)
{
	return tab ? tab->denied : 0;
}

int oomkit_proc_read_at(struct oomkit_ctx *ctx, int piddir, unsigned flags,
			struct oomkit_proc **out)
{
	struct oomkit_proc *p;
	int rc;

	if (!ctx || !out || piddir < 0)
		return -EINVAL;
	*out = NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	rc = read_one(ctx, piddir, flags | OOMKIT_PROC_KTHREADS, p);
	if (rc < 0) {
		proc_release(p);
		free(p);
		return rc;
	}
	if (flags & OOMKIT_PROC_USER) {
		p->user = uid_name((unsigned)p->num[OOMKIT_PROC_UID]);
		p->owns_user = 1;
	}
	*out = p;
	return 0;
}

int oomkit_proc_read(struct oomkit_ctx *ctx, pid_t pid, unsigned flags, struct oomkit_proc **out)
{
	char path[4096];
	int piddir, rc;

	if (!ctx || !out || pid <= 0)
		return -EINVAL;
	*out = NULL;
	snprintf(path, sizeof(path), "%s/%d", ctx->proc_root, (int)pid);
	piddir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (piddir < 0)
		return gone(-errno) ? -ESRCH : -errno;
	rc = oomkit_proc_read_at(ctx, piddir, flags, out);
	close(piddir);
	return rc;
}

void oomkit_proc_free(struct oomkit_proc *p)
{
	if (!p)
		return;
	proc_release(p);
	free(p);
}

/*
 * Is item @item of @p known? Facts the record cannot lack (the pid, and the
 * derived has-mm, kernel-thread and namespace flags) always are; the
 * memory items of a task without an mm are its true 0 (the kernel prints no
 * Vm or Rss line because there is no memory to count); the rest when read.
 */
static int proc_known(const struct oomkit_proc *p, enum oomkit_proc_item item)
{
	size_t i;

	switch (item) {
	case OOMKIT_PROC_PID:
	case OOMKIT_PROC_HAS_MM:
	case OOMKIT_PROC_KTHREAD:
	case OOMKIT_PROC_PIDNS_CHILD:
		return 1;
	default:
		break;
	}
	if (p->known & (1u << item))
		return 1;
	if (!p->num[OOMKIT_PROC_HAS_MM])
		for (i = 0; i < sizeof(mm_items) / sizeof(mm_items[0]); i++)
			if (mm_items[i] == item)
				return 1;
	return 0;
}

int oomkit_proc_get(const struct oomkit_proc *p, enum oomkit_proc_item item, long long *val)
{
	if (!p || (unsigned)item >= OOMKIT_PROC_ITEM_COUNT_)
		return -EINVAL;
	if (!proc_known(p, item))
		return -ENODATA;
	if (val)
		*val = p->num[item];
	return 0;
}

pid_t oomkit_proc_pid(const struct oomkit_proc *p)
{
	return p ? (pid_t)p->num[OOMKIT_PROC_PID] : 0;
}

const char *oomkit_proc_str(const struct oomkit_proc *p, enum oomkit_proc_str item)
{
	if (!p) {
		errno = EINVAL;
		return NULL;
	}
	switch (item) {
	case OOMKIT_PROC_COMM:
		return p->comm;
	case OOMKIT_PROC_CMDLINE_STR:
		return p->cmdline;
	case OOMKIT_PROC_USER_STR:
		return p->user;
	case OOMKIT_PROC_MEMCG:
		return p->memcg;
	}
	errno = EINVAL;
	return NULL;
}

int oomkit_proc_tgid(struct oomkit_ctx *ctx, pid_t tid, pid_t *tgid)
{
	char path[4096], buf[8192];
	struct oomkit_proc p;
	ssize_t n;

	if (!ctx || !tgid || tid <= 0)
		return -EINVAL;
	/* /proc/<tid> resolves for threads too, though readdir hides them */
	snprintf(path, sizeof(path), "%s/%d/status", ctx->proc_root, (int)tid);
	n = oomkit__read_at(AT_FDCWD, path, buf, sizeof(buf));
	if (n < 0 && n != -EFBIG)
		return gone((int)n) ? -ESRCH : (int)n;
	memset(&p, 0, sizeof(p));
	if (oomkit__parse_status(buf, &p) < 0)
		return -ESRCH;
	*tgid = (pid_t)p.num[OOMKIT_PROC_PID];
	return 0;
}

/*
 * Why a start time read now still belongs to @p: @p's status was read
 * through its pinned directory at read_tick, so @p held the pid then. A
 * process found at the pid now that started before read_tick also held
 * the pid at that moment, and a pid has one holder: it is @p. A process
 * that started later is a newcomer reusing the pid, and @p is gone. The
 * check is for a live procfs only: the clock says nothing about the start
 * times of a fixture tree or a captured dump, whose pids are never reused.
 */
int oomkit_proc_start(struct oomkit_ctx *ctx, const struct oomkit_proc *p,
		      unsigned long long *ticks)
{
	char path[4096], buf[2048]; /* stat: 52 numbers and a comm of <= 64 */
	unsigned long long t;
	struct statfs sfs;
	int piddir, n, live;
	ssize_t len;

	if (!p || !ticks)
		return -EINVAL;
	if (p->start_read) {
		*ticks = (unsigned long long)p->num[OOMKIT_PROC_START_TICKS];
		return 0;
	}
	if (!ctx || !p->read_tick || p->num[OOMKIT_PROC_PID] <= 0)
		return -ENODATA;
	n = snprintf(path, sizeof(path), "%s/%lld", ctx->proc_root, p->num[OOMKIT_PROC_PID]);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	piddir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (piddir < 0)
		return gone(-errno) ? -ESRCH : -errno;
	live = fstatfs(piddir, &sfs) == 0 && (unsigned long)sfs.f_type == PROC_SUPER_MAGIC;
	len = oomkit__read_at(piddir, "stat", buf, sizeof(buf));
	close(piddir);
	if (len < 0)
		return gone((int)len) ? -ESRCH : (int)len;
	if (oomkit__parse_stat_start(buf, &t) < 0)
		return -OOMKIT_EPARSE;
	if (live && t >= p->read_tick)
		return -ESRCH;
	*ticks = t;
	return 0;
}

size_t oomkit__proc_table_index(const struct oomkit_proc_table *tab, const struct oomkit_proc *p)
{
	return (size_t)(p - tab->procs);
}

struct oomkit_proc_table *oomkit__proc_table_new(void)
{
	return calloc(1, sizeof(struct oomkit_proc_table));
}

struct oomkit_proc *oomkit__proc_table_append(struct oomkit_proc_table *tab)
{
	struct oomkit_proc *p;

	if (!tab) {
		errno = EINVAL;
		return NULL;
	}
	if (tab->n == tab->cap) {
		size_t cap = tab->cap ? tab->cap * 2 : 16;
		struct oomkit_proc *np = realloc(tab->procs, cap * sizeof(*np));

		if (!np) {
			errno = ENOMEM;
			return NULL;
		}
		tab->procs = np;
		tab->cap = cap;
	}
	p = &tab->procs[tab->n++];
	memset(p, 0, sizeof(*p));
	p->num[OOMKIT_PROC_OOM_SCORE] = -1;
	return p;
}
