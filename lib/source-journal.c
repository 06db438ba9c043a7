/*
 * source-journal.c - the systemd journal through sd-journal.
 *
 * Which entries: kernel messages (_TRANSPORT=kernel), userspace OOM
 * killers (SYSLOG_IDENTIFIER earlyoom, systemd-oomd, oomd) and systemd's
 * "A process of this unit has been killed by the OOM killer" messages
 * (MESSAGE_ID SD_MESSAGE_UNIT_OUT_OF_MEMORY, from pid 1 or a user
 * manager). With a boot selected, the whole match is ANDed with _BOOT_ID,
 * as journalctl -b does.
 *
 * Times: kernel entries carry _SOURCE_MONOTONIC_TIMESTAMP, the record's
 * own kmsg time stamp; others use the entry's monotonic time (when
 * journald received it). Both are microseconds since that entry's boot.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "oomkit/source.h"
#include "killers-private.h"
#include "source-private.h"

#ifdef HAVE_SYSTEMD
#include <dirent.h>
#include <systemd/sd-id128.h>
#include <systemd/sd-journal.h>

/* SD_MESSAGE_UNIT_OUT_OF_MEMORY (systemd 243+) */
#define MSGID_UNIT_OOM "fe6faa94e7774663a0da52717891d8ef"

struct journal {
	sd_journal *j;
	int local; /* the system journal, not files */
	int matches_set;
	int started;
	char boot[33];       /* selected boot, "" for all */
	char leave_boot[33]; /* entries left to kmsg */
	long long leave_from_us;
	sd_id128_t last_boot;
	int have_last_boot;
};

static int add_matches(struct journal *jr)
{
	size_t k;
	int r;

	/*
	 * kernel messages, or a userspace killer's (one table of them), or
	 * systemd's "unit ... was killed by the OOM killer" message
	 */
	sd_journal_flush_matches(jr->j);
	r = sd_journal_add_match(jr->j, "_TRANSPORT=kernel", 0);
	if (r < 0 || (r = sd_journal_add_disjunction(jr->j)) < 0)
		return r;
	for (k = 0; k < oomkit__nkillers; k++) {
		char m[64];

		snprintf(m, sizeof(m), "SYSLOG_IDENTIFIER=%s", oomkit__killers[k].ident);
		r = sd_journal_add_match(jr->j, m, 0);
		if (r < 0)
			return r;
	}
	r = sd_journal_add_disjunction(jr->j);
	if (r < 0 || (r = sd_journal_add_match(jr->j, "MESSAGE_ID=" MSGID_UNIT_OOM, 0)) < 0)
		return r;
	if (jr->boot[0]) {
		char m[64];

		snprintf(m, sizeof(m), "_BOOT_ID=%s", jr->boot);
		r = sd_journal_add_conjunction(jr->j);
		if (r < 0)
			return r;
		r = sd_journal_add_match(jr->j, m, 0);
		if (r < 0)
			return r;
	}
	jr->matches_set = 1;
	return 0;
}

/* Get field @name as a NUL-terminated copy in @buf; 0 or -errno. */
static int get_field(sd_journal *j, const char *name, char *buf, size_t size)
{
	const void *data;
	size_t len, nlen = strlen(name);
	int r;

	r = sd_journal_get_data(j, name, &data, &len);
	if (r < 0)
		return r;
	if (len < nlen + 1)
		return -EBADMSG;
	len -= nlen + 1;
	if (len >= size)
		len = size - 1;
	memcpy(buf, (const char *)data + nlen + 1, len);
	buf[len] = '\0';
	return 0;
}

static long long parse_usec(const char *s)
{
	long long v;

	if (oomkit__parse_ll_full(s, &v) < 0 || v < 0)
		return -1;
	return v;
}

static int journal_read(struct oomkit_source *src, struct oomkit_report_parser *rp)
{
	struct journal *jr = src->priv;
	int done = 0, r;

	if (!jr->matches_set) {
		r = add_matches(jr);
		if (r < 0)
			return r;
	}
	if (!jr->started) {
		if (src->since_us > 0)
			r = sd_journal_seek_realtime_usec(jr->j, (uint64_t)src->since_us);
		else
			r = sd_journal_seek_head(jr->j);
		if (r < 0)
			return r;
		jr->started = 1;
	}
	while (done < 1024) {
		char host[256], ident[64], transport[32], num[48], bootstr[33];
		const void *data;
		size_t len;
		uint64_t mono = 0, rt = 0;
		long long boot_us, rt_us;
		sd_id128_t boot;
		char *cursor = NULL;
		const char *id = NULL;

		r = sd_journal_next(jr->j);
		if (r < 0)
			return r;
		if (r == 0)
			break;
		done++;
		if (sd_journal_get_monotonic_usec(jr->j, &mono, &boot) < 0) {
			mono = 0;
			boot = SD_ID128_NULL;
		}
		sd_id128_to_string(boot, bootstr);
		if (jr->have_last_boot && !sd_id128_equal(boot, jr->last_boot)) {
			/* a report cannot continue across a reboot */
			r = oomkit_report_flush(rp);
			if (r < 0)
				return r;
		}
		jr->last_boot = boot;
		jr->have_last_boot = 1;

		if (get_field(jr->j, "_TRANSPORT", transport, sizeof(transport)) < 0)
			transport[0] = '\0';
		boot_us = (long long)mono;
		if (strcmp(transport, "kernel") == 0) {
			if (get_field(jr->j, "_SOURCE_MONOTONIC_TIMESTAMP", num, sizeof(num)) ==
				    0 &&
			    parse_usec(num) >= 0)
				boot_us = parse_usec(num);
		} else {
			if (get_field(jr->j, "SYSLOG_IDENTIFIER", ident, sizeof(ident)) == 0)
				id = ident;
			else if (get_field(jr->j, "_COMM", ident, sizeof(ident)) == 0)
				id = ident;
			else
				id = "systemd";
			if (strcmp(transport, "kernel") != 0 &&
			    get_field(jr->j, "MESSAGE_ID", num, sizeof(num)) == 0 &&
			    strcmp(num, MSGID_UNIT_OOM) == 0)
				id = "systemd";
		}
		if (jr->leave_boot[0] && !id && strcmp(bootstr, jr->leave_boot) == 0 &&
		    boot_us >= jr->leave_from_us) {
			src->stat[OOMKIT_SOURCE_SKIPPED]++;
			continue;
		}
		rt_us = sd_journal_get_realtime_usec(jr->j, &rt) < 0 ? -1 : (long long)rt;
		if (get_field(jr->j, "_HOSTNAME", host, sizeof(host)) < 0)
			host[0] = '\0';
		r = sd_journal_get_data(jr->j, "MESSAGE", &data, &len);
		if (r < 0 || len < 8) {
			src->stat[OOMKIT_SOURCE_SKIPPED]++;
			continue;
		}
		data = (const char *)data + 8;
		len -= 8;
		if (len > OOMKIT__KMSG_MAX) {
			len = OOMKIT__KMSG_MAX;
			src->stat[OOMKIT_SOURCE_CUT]++;
		}
		if (sd_journal_get_cursor(jr->j, &cursor) < 0)
			cursor = NULL;
		{
			/* "journal:" + cursor */
			size_t clen = cursor ? strlen(cursor) : 0;
			char *origin = malloc(clen + 9);

			if (!origin) {
				free(cursor);
				return -ENOMEM;
			}
			memcpy(origin, "journal:", 8);
			if (cursor)
				memcpy(origin + 8, cursor, clen);
			origin[8 + clen] = '\0';
			r = oomkit_report_feed_record(rp, data, len, mono || boot_us ? boot_us : -1,
						      rt_us, host[0] ? host : NULL, id, origin);
			free(origin);
			free(cursor);
		}
		if (r < 0)
			return r;
		src->stat[OOMKIT_SOURCE_LINES]++;
	}
	return done;
}

static int journal_get_fd(struct oomkit_source *src, short *events)
{
	struct journal *jr = src->priv;
	int fd = sd_journal_get_fd(jr->j), ev;

	if (fd < 0)
		return fd;
	ev = sd_journal_get_events(jr->j);
	if (events)
		*events = (short)(ev < 0 ? 0x001 : ev);
	return fd;
}

static int journal_process(struct oomkit_source *src)
{
	struct journal *jr = src->priv;
	int r = sd_journal_process(jr->j);

	return r < 0 ? r : 0;
}

static void journal_close(struct oomkit_source *src)
{
	struct journal *jr = src->priv;

	if (jr) {
		if (jr->j)
			sd_journal_close(jr->j);
		free(jr);
	}
}

static const struct oomkit__source_ops journal_ops = {
	.read = journal_read,
	.get_fd = journal_get_fd,
	.process = journal_process,
	.close = journal_close,
};

static int is_journal_name(const char *name)
{
	size_t n = strlen(name);

	return (n > 8 && strcmp(name + n - 8, ".journal") == 0) ||
	       (n > 9 && strcmp(name + n - 9, ".journal~") == 0);
}

/*
 * Count the journal files in @dir (and its subdirectories down to @depth,
 * as sd_journal_open_directory() reads machine-id directories) that
 * sd-journal can open on their own: it skips the others silently.
 */
static int readable_journal_files(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char sub[4096];

		if (de->d_name[0] == '.' ||
		    (size_t)snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name) >= sizeof(sub))
			continue;
		if (is_journal_name(de->d_name)) {
			const char *paths[2] = { sub, NULL };
			sd_journal *j;

			if (sd_journal_open_files(&j, paths, 0) >= 0) {
				sd_journal_close(j);
				n++;
			}
		} else if (depth > 0 && (de->d_type == DT_DIR || de->d_type == DT_UNKNOWN)) {
			n += readable_journal_files(sub, depth - 1);
		}
	}
	closedir(d);
	return n;
}

int oomkit_source_open_journal(struct oomkit_source **srcp, const char *path)
{
	struct oomkit_source *src;
	struct journal *jr;
	struct stat st;
	int r;

	if (!srcp)
		return -EINVAL;
	*srcp = NULL;
	jr = calloc(1, sizeof(*jr));
	if (!jr)
		return -ENOMEM;
	if (!path) {
		r = sd_journal_open(&jr->j, SD_JOURNAL_LOCAL_ONLY);
		jr->local = 1;
	} else if (stat(path, &st) < 0) {
		r = -errno;
	} else if (S_ISDIR(st.st_mode)) {
		/* a directory of files that are all skipped is no journal */
		r = readable_journal_files(path, 1) > 0 ?
			    sd_journal_open_directory(&jr->j, path, 0) :
			    -OOMKIT_ENOJOURNAL;
	} else {
		const char *paths[2] = { path, NULL };

		r = sd_journal_open_files(&jr->j, paths, 0);
	}
	if (r < 0) {
		free(jr);
		return r;
	}
	/*
	 * sd_journal_open() skips the files it may not read. When the
	 * system has journal files and none could be opened, say so, as
	 * journalctl does ("insufficient permissions"), instead of showing
	 * an empty journal.
	 */
	if (!path && sd_journal_has_runtime_files(jr->j) <= 0 &&
	    sd_journal_has_persistent_files(jr->j) <= 0 && oomkit_source_journal_has_data() > 0) {
		sd_journal_close(jr->j);
		free(jr);
		return -EACCES;
	}
	src = oomkit__source_new(OOMKIT_SOURCE_JOURNAL, &journal_ops, path ? path : "journal");
	if (!src) {
		sd_journal_close(jr->j);
		free(jr);
		return -ENOMEM;
	}
	src->priv = jr;
	*srcp = src;
	return 0;
}

static int has_journal_files(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int found = 0;

	if (!d)
		return 0;
	while (!found && (de = readdir(d))) {
		size_t n = strlen(de->d_name);
		char sub[512];

		if (de->d_name[0] == '.')
			continue;
		if (n > 8 && (strcmp(de->d_name + n - 8, ".journal") == 0 ||
			      (n > 9 && strcmp(de->d_name + n - 9, ".journal~") == 0))) {
			found = 1;
			break;
		}
		if (depth > 0 && (de->d_type == DT_DIR || de->d_type == DT_UNKNOWN)) {
			if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name) <
			    sizeof(sub))
				found = has_journal_files(sub, depth - 1);
		}
	}
	closedir(d);
	return found;
}

int oomkit_source_journal_has_data(void)
{
	return has_journal_files("/var/log/journal", 1) || has_journal_files("/run/log/journal", 1);
}

struct boot_ent {
	char id[33];
	uint64_t first;
};

static int cmp_boot(const void *a, const void *b)
{
	const struct boot_ent *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

/* List the journal's boots, oldest first. Returns the count or -errno. */
static int list_boots(sd_journal *j, struct boot_ent **out)
{
	struct boot_ent *v = NULL;
	const void *data;
	size_t len, n = 0, cap = 0, i;
	int r;

	r = sd_journal_query_unique(j, "_BOOT_ID");
	if (r < 0)
		return r;
	SD_JOURNAL_FOREACH_UNIQUE(j, data, len)
	{
		if (len != 9 + 32)
			continue;
		if (n == cap) {
			struct boot_ent *nv;

			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				return -ENOMEM;
			}
			v = nv;
		}
		memcpy(v[n].id, (const char *)data + 9, 32);
		v[n].id[32] = '\0';
		v[n].first = 0;
		n++;
	}
	for (i = 0; i < n; i++) {
		char m[64];

		sd_journal_flush_matches(j);
		snprintf(m, sizeof(m), "_BOOT_ID=%s", v[i].id);
		if (sd_journal_add_match(j, m, 0) < 0)
			continue;
		if (sd_journal_seek_head(j) >= 0 && sd_journal_next(j) > 0)
			(void)sd_journal_get_realtime_usec(j, &v[i].first);
	}
	sd_journal_flush_matches(j);
	qsort(v, n, sizeof(*v), cmp_boot);
	*out = v;
	return (int)n;
}

static int normalize_id(const char *s, char *out)
{
	size_t o = 0;

	for (; *s; s++) {
		if (*s == '-')
			continue;
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') ||
		      (*s >= 'A' && *s <= 'F')) ||
		    o >= 32)
			return -EINVAL;
		out[o++] = (char)(*s >= 'A' && *s <= 'F' ? *s - 'A' + 'a' : *s);
	}
	if (o != 32)
		return -EINVAL;
	out[32] = '\0';
	return 0;
}

int oomkit_source_journal_set_boot(struct oomkit_source *src, const char *boot)
{
	struct journal *jr;
	struct boot_ent *v = NULL;
	long long off;
	int n, r;

	if (!src)
		return -EINVAL;
	if (src->ops != &journal_ops)
		return -EOPNOTSUPP;
	jr = src->priv;
	if (boot && strcmp(boot, "all") == 0) {
		jr->boot[0] = '\0';
		jr->matches_set = 0;
		return 0;
	}
	if (boot && strlen(boot) >= 32) {
		int i;

		if (normalize_id(boot, jr->boot) < 0)
			return -EINVAL;
		jr->matches_set = 0;
		/* as journalctl: a boot the journal does not have is an error */
		n = list_boots(jr->j, &v);
		if (n < 0)
			return n;
		for (i = 0; i < n; i++)
			if (strcmp(v[i].id, jr->boot) == 0)
				break;
		free(v);
		return i < n ? 0 : -ESRCH;
	}
	if (!boot || !*boot)
		off = 0;
	else if (oomkit__parse_ll_full(boot, &off) < 0 || boot[0] == ' ')
		return -EINVAL;
	if (off == 0 && jr->local) {
		r = oomkit_current_boot_id(jr->boot, sizeof(jr->boot));
		if (r < 0)
			return r;
		jr->matches_set = 0;
		return 0;
	}
	n = list_boots(jr->j, &v);
	if (n < 0)
		return n;
	r = -ESRCH;
	if (off <= 0 && -off < n) {
		memcpy(jr->boot, v[n - 1 + off].id, 33);
		r = 0;
	} else if (off > 0 && off <= n) {
		memcpy(jr->boot, v[off - 1].id, 33);
		r = 0;
	}
	free(v);
	jr->matches_set = 0;
	return r;
}

int oomkit_source_journal_leave_boot(struct oomkit_source *src, const char *boot_id,
				     long long from_us)
{
	struct journal *jr;

	if (!src || !boot_id)
		return -EINVAL;
	if (src->ops != &journal_ops)
		return -EOPNOTSUPP;
	jr = src->priv;
	if (normalize_id(boot_id, jr->leave_boot) < 0)
		return -EINVAL;
	jr->leave_from_us = from_us;
	return 0;
}

long long oomkit__journal_first_us(void)
{
	sd_journal *j;
	uint64_t rt = 0;
	int r;

	r = sd_journal_open(&j, SD_JOURNAL_LOCAL_ONLY);
	if (r < 0)
		return r;
	r = sd_journal_seek_head(j);
	if (r >= 0)
		r = sd_journal_next(j);
	if (r > 0)
		r = sd_journal_get_realtime_usec(j, &rt);
	sd_journal_close(j);
	if (r < 0)
		return r;
	return rt > 0 && rt < (uint64_t)LLONG_MAX ? (long long)rt : -ENODATA;
}

#else /* !HAVE_SYSTEMD */

long long oomkit__journal_first_us(void)
{
	return -EOPNOTSUPP;
}

int oomkit_source_open_journal(struct oomkit_source **srcp, const char *path)
{
	if (srcp)
		*srcp = NULL;
	return -EOPNOTSUPP;
}

int oomkit_source_journal_has_data(void)
{
	return -EOPNOTSUPP;
}

int oomkit_source_journal_set_boot(struct oomkit_source *src, const char *boot)
{
	return -EOPNOTSUPP;
}

int oomkit_source_journal_leave_boot(struct oomkit_source *src, const char *boot_id,
				     long long from_us)
{
	return -EOPNOTSUPP;
}

#endif
