/*
 * escape.c - make hostile bytes (comm, cmdline, kernel text) printable.
 *
 * Any process may name itself with spaces, ')', newlines, escape
 * sequences or bytes that are not UTF-8. Printing them raw lets a process
 * forge table rows or drive the terminal, so every string from the kernel
 * goes through oomkit_escape() before it reaches a screen or a log.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "oomkit/proc.h"

/*
 * Characters that are valid UTF-8 but as dangerous as control bytes: the
 * Unicode format characters (General_Category Cf, as of Unicode 15.1) and
 * the line and paragraph separators (Zl, Zp). Bidi overrides, embeddings
 * and isolates (U+202A-U+202E, U+2066-U+2069) and marks (U+200E, U+200F,
 * U+061C) reorder the rest of the line around them (a comm that starts
 * with U+202E reverses a pasted sentence), zero-width characters (U+200B,
 * U+2060, U+FEFF, the tags) hide text or make two names look alike,
 * U+2028 and U+2029 break a line where \n would be escaped. Each of their
 * bytes is written \xHH, as a control byte's.
 */
static const struct {
	unsigned long lo, hi;
} hidden[] = {
	{ 0x00ad, 0x00ad },   /* soft hyphen */
	{ 0x0600, 0x0605 },   /* Arabic number signs */
	{ 0x061c, 0x061c },   /* Arabic letter mark */
	{ 0x06dd, 0x06dd },   /* Arabic end of ayah */
	{ 0x070f, 0x070f },   /* Syriac abbreviation mark */
	{ 0x0890, 0x0891 },   /* Arabic pound and piastre marks above */
	{ 0x08e2, 0x08e2 },   /* Arabic disputed end of ayah */
	{ 0x180e, 0x180e },   /* Mongolian vowel separator */
	{ 0x200b, 0x200f },   /* zero width space, (non-)joiner, LRM, RLM */
	{ 0x2028, 0x202e },   /* line and paragraph separators (Zl, Zp);
			       * LRE, RLE, PDF, LRO, RLO */
	{ 0x2060, 0x2064 },   /* word joiner, invisible operators */
	{ 0x2066, 0x206f },   /* LRI, RLI, FSI, PDI; deprecated format */
	{ 0xfeff, 0xfeff },   /* zero width no-break space (BOM) */
	{ 0xfff9, 0xfffb },   /* interlinear annotation */
	{ 0x110bd, 0x110bd }, /* Kaithi number sign */
	{ 0x110cd, 0x110cd }, /* Kaithi number sign above */
	{ 0x13430, 0x1343f }, /* Egyptian hieroglyph format controls */
	{ 0x1bca0, 0x1bca3 }, /* shorthand format controls */
	{ 0x1d173, 0x1d17a }, /* musical symbol format controls */
	{ 0xe0001, 0xe0001 }, /* language tag */
	{ 0xe0020, 0xe007f }, /* tag characters */
};

static int is_hidden(unsigned long cp)
{
	size_t i;

	for (i = 0; i < sizeof(hidden) / sizeof(hidden[0]) && hidden[i].lo <= cp; i++)
		if (cp <= hidden[i].hi)
			return 1;
	return 0;
}

/*
 * Length of a valid UTF-8 sequence at s (1..4) that may be shown as it
 * is, or 0 when invalid or a character to escape.
 */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char c = s[0];
	size_t n, i;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || (cp >= 0xd800 && cp <= 0xdfff) ||
	    cp > 0x10ffff)
		return 0;
	/* C1 controls (U+0080..U+009F) are as dangerous as C0 ones */
	if ((cp >= 0x80 && cp <= 0x9f) || is_hidden(cp))
		return 0;
	return n;
}

char *oomkit_escape(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t len = strlen((const char *)p);
	char *out, *w;

	/* worst case: every byte becomes \xHH */
	out = malloc(len * 4 + 1);
	if (!out) {
		errno = ENOMEM;
		return NULL;
	}
	w = out;
	while (*p) {
		size_t n = utf8_len(p);

		if (n == 1 && *p >= 0x20 && *p != 0x7f && *p != '\\') {
			*w++ = (char)*p++;
		} else if (n > 1) {
			memcpy(w, p, n);
			w += n;
			p += n;
		} else if (*p == '\\') {
			*w++ = '\\';
			*w++ = '\\';
			p++;
		} else if (*p == '\n') {
			*w++ = '\\';
			*w++ = 'n';
			p++;
		} else if (*p == '\t') {
			*w++ = '\\';
			*w++ = 't';
			p++;
		} else {
			*w++ = '\\';
			*w++ = 'x';
			*w++ = hex[*p >> 4];
			*w++ = hex[*p & 0xf];
			p++;
		}
	}
	*w = '\0';
	return out;
}
