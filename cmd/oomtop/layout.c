/*
 * layout.c - the screen's geometry without a terminal: which process
 * columns fit in a width and how wide each is, and text cut to a number of
 * terminal cells. Unit-tested (tests/screen/).
 */
#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include <libsmartcols.h>

#include "oomtop.h"

/* Columns that take what is left of a line (at least their hint). */
static int is_flex(int col)
{
	return col == COL_COMM || col == COL_CMDLINE || col == COL_MEMCG;
}

/* layout_width - the screen width of a fixed column (its heading or the
 * widest value it shows, whichever is wider); the minimum of a flex one. */
int layout_width(int col)
{
	static const struct {
		int col, w;
	} w[] = {
		{ COL_PID, 7 },
		{ COL_PPID, 7 },
		{ COL_USER, 8 },
		{ COL_BADNESS, 8 },
		/*
		 * sizes by out_human_kb(): "234.4M" (6); GROWTH "+234.4M/s" (9).
		 * Only 1000 to 1023.9 of a unit ("1000.5M") is one cell wider.
		 */
		{ COL_SHARE, 5 },
		{ COL_RSS, 6 },
		{ COL_ANON, 6 },
		{ COL_FILE, 6 },
		{ COL_SHMEM, 6 },
		{ COL_SWAP, 6 },
		{ COL_PTE, 6 },
		{ COL_ELIGIBLE, 11 },
		{ COL_GROWTH, 9 },
		{ COL_CPU, 5 },
		{ COL_AGE, 6 },
		{ COL_MEMCG, 10 },
		{ COL_COMM, 12 },
		{ COL_CMDLINE, 16 },
	};
	size_t i;
	int h = (int)strlen(pcols[col].name);

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (w[i].col == col)
			return w[i].w > h ? w[i].w : h;
	return (int)pcols[col].whint > h ? (int)pcols[col].whint : h;
}

/*
 * layout_columns - fit columns @cols (@n of them) in @width cells, one
 * space between columns. When they do not fit, the columns least needed
 * to see OOM risk go first (CPU%, MEMCG, CMDLINE, then from the right),
 * the last column always stays. Each kept column gets its width in
 * @widths (0 for a dropped one); the flex columns (COMM, CMDLINE,
 * MEMCG) share what is left, the last of them taking the rest.
 * Returns the number of columns shown.
 */
int layout_columns(const int *cols, size_t n, int width, int *widths)
{
	static const int drop_first[] = { COL_CPU, COL_MEMCG, COL_CMDLINE };
	int total = 0, shown = 0, lastflex = -1;
	size_t i, k;

	for (i = 0; i < n; i++) {
		widths[i] = layout_width(cols[i]);
		total += widths[i] + (i ? 1 : 0);
	}
	for (k = 0; total > width && k < sizeof(drop_first) / sizeof(drop_first[0]); k++)
		for (i = 0; i + 1 < n && total > width; i++)
			if (cols[i] == drop_first[k] && widths[i]) {
				total -= widths[i] + 1;
				widths[i] = 0;
			}
	for (i = n - 1; i-- > 0 && total > width;)
		if (widths[i]) {
			total -= widths[i] + 1;
			widths[i] = 0;
		}
	if (n && total > width)
		widths[n - 1] = width > 0 ? width : 0; /* the last alone, cut */
	for (i = 0; i < n; i++) {
		if (!widths[i])
			continue;
		shown++;
		if (is_flex(cols[i]))
			lastflex = (int)i;
	}
	if (total < width) {
		int spare = width - total;

		/* a MEMCG before the last flex column grows to 24 at most */
		for (i = 0; i < n && spare > 0; i++)
			if (widths[i] && cols[i] == COL_MEMCG && (int)i != lastflex) {
				int add = 24 - widths[i];

				if (add > spare)
					add = spare;
				if (add > 0) {
					widths[i] += add;
					spare -= add;
				}
			}
		if (lastflex >= 0)
			widths[lastflex] += spare;
	}
	return shown;
}

/*
 * text_fit - copy @src into @dst (@size bytes) cut to @width terminal
 * cells. With @utf8, valid UTF-8 is kept and measured with wcwidth();
 * otherwise (or for bytes that are no valid character, or not printable)
 * every byte outside printable ASCII becomes "\xHH", so that a C-locale
 * terminal shows names unambiguously and aligned. Sets *cells to the
 * cells used (may be NULL). Returns @dst.
 */
char *text_fit(char *dst, size_t size, const char *src, int width, int utf8, int *cells)
{
	size_t o = 0;
	int used = 0;
	mbstate_t st;

	memset(&st, 0, sizeof(st));
	while (*src && o + 1 < size) {
		unsigned char c = (unsigned char)*src;
		wchar_t wc;
		size_t len = 1;
		int w = 1;

		if (c >= 0x20 && c < 0x7f) {
			if (used + 1 > width)
				break;
			dst[o++] = (char)c;
			used++;
			src++;
			continue;
		}
		if (utf8 && c >= 0x80) {
			len = mbrtowc(&wc, src, MB_CUR_MAX, &st);
			w = (len != (size_t)-1 && len != (size_t)-2 && len) ? wcwidth(wc) : -1;
			if (w < 0)
				memset(&st, 0, sizeof(st));
		} else {
			w = -1;
		}
		if (w >= 0) {
			if (used + w > width || o + len >= size)
				break;
			memcpy(dst + o, src, len);
			o += len;
			used += w;
			src += len;
			continue;
		}
		if (used + 4 > width || o + 4 >= size)
			break;
		snprintf(dst + o, size - o, "\\x%02x", c);
		o += 4;
		used += 4;
		src++;
	}
	dst[o] = '\0';
	if (cells)
		*cells = used;
	return dst;
}
