/*
 * oomwhy.h - what the files of oomwhy share.
 *
 * main.c     options, sources, which events are explained
 * render.c   the text, markdown and JSON renderers of an explanation
 */
#ifndef OOMWHY_H
#define OOMWHY_H

#include <stddef.h>

#include "oomkit/oomkit.h"

enum { FMT_TEXT, FMT_MARKDOWN, FMT_JSON };

struct why {
	int format;
	int relative;			/* --relative-time */
	long long now_us;		/* for --relative-time */
	size_t index, total;		/* "event N of M" as oomlog numbers them */
};

/* begin/end of the whole output (JSON's outer object) */
void render_begin(const struct why *w);
void render_end(const struct why *w);

/*
 * render - one explanation; @first: the first one written (separators).
 */
void render(const struct why *w, const struct oomkit_explain *ex, int first);

#endif
