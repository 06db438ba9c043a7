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

/* Length of a valid UTF-8 sequence at s (1..4), or 0 when invalid. */
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
	if (cp >= 0x80 && cp <= 0x9f)
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
