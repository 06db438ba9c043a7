/*
 * markdown.h - text for markdown renderers (GitHub, GitLab, cmark-gfm)
 * that cannot become markup, a link or a mention.
 *
 * Escaping markdown's special characters with a backslash is not enough:
 * GitHub and GitLab look for mentions (@name), references (#12, ~label,
 * %milestone), bare URLs and emoji in the *rendered* text, where a
 * backslash escape is already gone, and cmark-gfm autolinks an e-mail
 * address whatever is escaped in it. Both leave the text of code spans
 * alone. So:
 *
 *  - md_code() writes a value as one code span: a fence one backtick
 *    longer than the longest run of backticks in it, and a space on each
 *    side when it starts or ends with a backtick, or starts and ends with
 *    a space (CommonMark strips one space from each side then).
 *  - md_text() writes a sentence (the project's prose with escaped names
 *    and paths inside, whose places it cannot know) word by word: a word
 *    (bytes between spaces) stays plain text only when every byte is an
 *    ASCII letter or digit, a byte >= 0x80 (valid UTF-8, from
 *    oomkit_escape()) or one of . , ; : ( ) ' " / - + = ? % and it holds
 *    no "www.", no "://", no "GH-<digits>" (GitHub's issue reference), no
 *    ':' before a letter (emoji, schemes; a clock's 14:00:03 is fine) and
 *    no '%' before a name (GitLab's milestone reference). Any other word
 *    goes in a code span, its opening '(' and closing . , ; : ) left
 *    outside. At the start of a line a word that would open a block (a
 *    list, a heading, a quote, indented code) is a code span too.
 *
 * The text must have gone through oomkit_escape() (cli_escape()) first:
 * no control byte, no newline. With MD_TABLE the text is a table cell and
 * '|' is written \| (GFM reads it back as '|', in a code span too).
 */
#ifndef OOMKIT_MARKDOWN_H
#define OOMKIT_MARKDOWN_H

#include <stdio.h>

enum {
	MD_TABLE = 1 << 0,      /* inside a GFM table cell */
	MD_LINE_START = 1 << 1, /* md_text(): the text starts a line */
};

/* md_code - @s (escaped text) as one code span; nothing for "" */
void md_code(FILE *out, const char *s, int flags);

/* md_text - @s (escaped text) as plain words and code spans, see above */
void md_text(FILE *out, const char *s, int flags);

#endif
