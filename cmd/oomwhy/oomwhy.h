/*
 * oomwhy.h - what the files of oomwhy share.
 *
 * main.c     options, sources, which events are explained
 * render.c   the text, markdown and JSON renderers of an explanation
 * after.c    what happened after: the victim's systemd unit now
 */
#ifndef OOMWHY_H
#define OOMWHY_H

#include <stddef.h>

#include "oomkit/oomkit.h"

enum { FMT_TEXT, FMT_MARKDOWN, FMT_JSON };

struct why {
	int format;
	int relative;        /* --relative-time */
	int full;            /* --full: every ranking row */
	long long now_us;    /* for --relative-time */
	size_t index, total; /* "event N of M" as oomlog numbers them */
};

/* the victim's systemd unit now (after.c); have = 0: nothing to say */
struct after {
	int have;
	char *unit, *active, *sub, *result;
	long long restarts; /* -1 unknown */
};

void after_lookup(const struct oomkit_event *ev, struct after *a);
void after_free(struct after *a);

/* begin/end of the whole output (JSON's outer object) */
void render_begin(const struct why *w);
void render_end(const struct why *w);

/*
 * render - one explanation; @first: the first one written (separators).
 */
void render(const struct why *w, const struct oomkit_explain *ex, int first);

#endif
