/*
 * markdown.c - text that a markdown renderer shows as text (markdown.h).
 */
#include <string.h>
#include <strings.h>

#include "markdown.h"

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void put_code(FILE *out, const char *s, size_t n, int flags)
{
	size_t i, run = 0, longest = 0, k, spaces = 0;
	int pad;

	if (!n)
		return;
	for (i = 0; i < n; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
		spaces += s[i] == ' ';
	}
	pad = s[0] == '`' || s[n - 1] == '`' || (s[0] == ' ' && s[n - 1] == ' ' && spaces < n);
	for (k = 0; k <= longest; k++)
		putc('`', out);
	if (pad)
		putc(' ', out);
	for (i = 0; i < n; i++) {
		if (s[i] == '|' && (flags & MD_TABLE))
			putc('\\', out);
		putc(s[i], out);
	}
	if (pad)
		putc(' ', out);
	for (k = 0; k <= longest; k++)
		putc('`', out);
}

void md_code(FILE *out, const char *s, int flags)
{
	put_code(out, s, strlen(s), flags);
}

static int has(const char *w, size_t n, const char *needle)
{
	size_t i, k = strlen(needle);

	for (i = 0; i + k <= n; i++)
		if (strncasecmp(w + i, needle, k) == 0)
			return 1;
	return 0;
}

/*
 * Whether word @w (@n bytes) could be more than text to a markdown renderer
 * or the filters GitHub and GitLab run on the rendered text; @first: it
 * starts a line.
 */
static int risky(const char *w, size_t n, int first)
{
	const unsigned char *u = (const unsigned char *)w;
	size_t i, k;

	for (i = 0; i < n; i++) {
		unsigned char c = u[i], next = i + 1 < n ? u[i + 1] : 0;

		if (!is_alnum(c) && c < 0x80 && !strchr(".,;:()'\"/-+=?%", c))
			return 1;
		/* GitLab's %milestone, %"milestone", %123 */
		if (c == '%' && next && (is_alnum(next) || next == '"' || next == '\''))
			return 1;
		/* "x:" ends a clause, 14:00:03 is a clock; :smile:, :100:, mailto:x are not */
		if (c == ':' && next) {
			for (k = i + 1; k < n && is_digit(u[k]); k++)
				;
			if (k == i + 1 || k - i - 1 > 2 ||
			    (k < n && (is_alnum(u[k]) || u[k] == '-' || u[k] == '+')))
				return 1;
		}
		/* GH-123: GitHub's issue reference */
		if ((c == 'g' || c == 'G') && (next == 'h' || next == 'H') && i + 3 < n &&
		    u[i + 2] == '-' && is_digit(u[i + 3]))
			return 1;
	}
	if (has(w, n, "www.") || has(w, n, "://"))
		return 1;
	if (!first)
		return 0;
	/* a bullet (- +), a setext underline (=), an ordered list (1. 1)) */
	if (strchr("-+=", w[0]))
		return 1;
	for (i = 0; i < n && is_digit(u[i]); i++)
		;
	return i > 0 && i + 1 == n && (w[i] == '.' || w[i] == ')');
}

/* whether a ')' after @w (@n bytes) would close no '(' of it */
static int unopened(const char *w, size_t n)
{
	size_t i;
	long depth = 0;

	for (i = 0; i < n; i++) {
		if (w[i] == '(')
			depth++;
		else if (w[i] == ')' && depth > 0)
			depth--;
	}
	return depth == 0;
}

void md_text(FILE *out, const char *s, int flags)
{
	int first = (flags & MD_LINE_START) != 0;
	const char *p = s;

	/* spaces that start a line would be dropped, or make indented code */
	if (first && *p == ' ') {
		size_t n = strspn(p, " ");

		n += strcspn(p + n, " ");
		put_code(out, p, n, flags);
		p += n;
		first = 0;
	}
	while (*p) {
		size_t sp = strspn(p, " "), n, lead = 0, trail = 0;

		fwrite(p, 1, sp, out);
		p += sp;
		n = strcspn(p, " ");
		if (!n)
			break;
		if (!risky(p, n, first)) {
			fwrite(p, 1, n, out);
		} else {
			/* "(word)." reads better as (`word`). and is as safe */
			while (lead + 1 < n && p[lead] == '(')
				lead++;
			while (trail + lead + 1 < n && strchr(".,;:)", p[n - trail - 1])) {
				/* a ')' that closes a '(' of the word stays with it */
				size_t core = n - lead - trail - 1;

				if (p[n - trail - 1] == ')' && !unopened(p + lead, core))
					break;
				/* and so does the ':' that closes :emoji: */
				if (p[n - trail - 1] == ':' && memchr(p + lead, ':', core))
					break;
				trail++;
			}
			fwrite(p, 1, lead, out);
			put_code(out, p + lead, n - lead - trail, flags);
			fwrite(p + n - trail, 1, trail, out);
		}
		p += n;
		first = 0;
	}
}
