/*
 * output.h - the one output dialect of the oomkit commands: a table, a
 * raw table or JSON, from the same rows.
 *
 * Rows are libsmartcols lines whose cells hold text made by the helpers
 * below (or NULL: unknown). The rules, the same in every command:
 *
 *  - Hostile text (comm, cmdline, memcg paths, kernel strings) goes
 *    through out_text(): oomkit_escape(), so a control byte becomes \n,
 *    \t or \xHH, a byte that is not UTF-8 becomes \xHH, a backslash
 *    becomes \\, each byte of a Unicode format character (bidi
 *    controls, zero-width characters) or of U+2028/U+2029 becomes \xHH,
 *    and other valid UTF-8 stays (in a UTF-8 locale; elsewhere its bytes
 *    are \xHH too: cli_escape()). Every byte can be recovered and
 *    the decoding is unambiguous.
 *  - Table (the default): libsmartcols aligns the columns; cells are not
 *    encoded again. Unknown values print as "-".
 *  - Raw (-r): the same cells, one space between columns, no padding; a
 *    space inside a cell is written \x20, so the fields split on spaces.
 *    The header line is kept unless --noheadings.
 *  - JSON (-J): one key per column (cli_colinfo.json); a string is the
 *    cell's escaped text (so it decodes to what the table shows), unknown
 *    is null, sizes are KiB numbers. A document is pretty-printed, in the
 *    layout of libsmartcols (util-linux); a stream of documents (oomtop
 *    -b, oomlog --follow) is JSON Lines: one compact document per line.
 *  - Sizes: out_size(): KiB as "1023K", "25.6M", "3.1G" (one decimal,
 *    left out when it is 0, as lsblk), bytes with --bytes, KiB in JSON.
 *
 * Raw and JSON text goes through one write buffer that each call below
 * empties into stdout before it returns: the module is for one thread.
 */
#ifndef OOMKIT_OUTPUT_H
#define OOMKIT_OUTPUT_H

#include <stddef.h>

#include <libsmartcols.h>

#include "cli.h"

enum out_mode { OUT_TABLE, OUT_RAW, OUT_JSON };

struct out {
	enum out_mode mode;
	int noheadings; /* tables: no header line */
	int bytes;      /* tables: sizes in bytes */
	int lines;      /* JSON: compact, one document per line */

	/* the columns, set by out_table() */
	const struct cli_colinfo *infos;
	const int *cols;
	size_t ncols;
	/* JSON: each column's '"key": ' (keyoff[i] into keys; all 0 if they did not fit) */
	char keys[1024];
	unsigned short keyoff[65];

	/* printing state */
	int header_done; /* raw: the header line is out */
	int in_doc;      /* JSON: a document is open */
	int in_array;    /* JSON: its row array is open */
	size_t members;  /* JSON: members written in the document */
	size_t rows;     /* JSON: rows written in the array */
};

/*
 * out_init - set the mode from the -J and -r flags. @json_lines: -J
 * prints a stream of documents (JSON Lines).
 */
void out_init(struct out *o, int json, int raw, int noheadings, int bytes, int json_lines);

/*
 * out_table - a new libsmartcols table with the columns @cols (indexes
 * into @infos); @cols must stay valid as long as @o prints.
 * The helpers here exit with cli_failure_status() when out of memory.
 */
struct libscols_table *out_table(struct out *o, const struct cli_colinfo *infos, const int *cols,
				 size_t ncols);

/* out_line - a new row of @tb. */
struct libscols_line *out_line(struct libscols_table *tb);

/*
 * out_set - give cell @i of @ln the text @text (made by the helpers
 * below, or any malloc()ed text that needs no escaping; NULL: unknown).
 * Takes ownership of @text.
 */
void out_set(const struct out *o, struct libscols_line *ln, size_t i, char *text);

/* out_text - hostile text, escaped (see above); NULL stays NULL. */
char *out_text(const char *s);

/* out_num - a decimal integer. */
char *out_num(long long v);

/* out_fmt - printf-formatted text. */
char *out_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* out_bool - true/false in JSON, @yes or @no in tables. */
char *out_bool(const struct out *o, int v, const char *yes, const char *no);

/*
 * out_size - a size of @kb KiB for a cell: see above. Negative (unknown)
 * and sizes whose bytes do not fit in 64 bits give NULL.
 */
char *out_size(const struct out *o, long long kb);

/* out_human_kb - @kb KiB as "25.6M" into @buf ("-" when negative). */
void out_human_kb(char *buf, size_t size, long long kb);

/*
 * JSON documents. out_doc_open() starts one; out_doc_str() adds a string
 * member (hostile text, escaped here); out_doc_rows() opens the array
 * @name that the rows go into; out_doc_close() ends it. Tables ignore
 * them. Rows printed with no open document are documents of their own
 * (JSON Lines; oomlog --follow).
 */
void out_doc_open(struct out *o);
void out_doc_str(struct out *o, const char *key, const char *s);
void out_doc_rows(struct out *o, const char *name);

/*
 * out_doc_object - a member @key of the open document that is an object
 * of @n members: @keys[i] with the value @vals[i] (a cell's text as
 * above, NULL: null) of JSON type @types[i] (SCOLS_JSON_*). After
 * out_doc_rows(), it ends the rows' array first: no rows may follow.
 */
void out_doc_object(struct out *o, const char *key, const char *const *keys,
		    const char *const *vals, const int *types, size_t n);
void out_doc_close(struct out *o);

/*
 * out_rows - print the rows of @tb from @first (NULL: all of them, with
 * the header unless --noheadings). A table is drawn by libsmartcols; raw
 * and JSON rows are written here, so that rows printed in several calls
 * (oomlog's batches) make one output.
 */
void out_rows(struct out *o, struct libscols_table *tb, struct libscols_line *first);

/*
 * out_row - raw and JSON only: print one row at once, from @cells (one
 * text per column of out_table(), made as for out_set(); NULL: unknown),
 * with no libsmartcols line: a long stream of rows (oomtop -b with
 * thousands of processes) costs no table. Frees the texts and sets them
 * to NULL. Tables need every row before the widths are known: use
 * out_set() and out_rows() there.
 */
void out_row(struct out *o, char **cells);

/*
 * A nested JSON document (oomwhy), written as it goes: the same string
 * rule and layout as the documents above. Strings are escaped for JSON
 * only: pass kernel text through oomkit_escape() (cli_escape()) first, so
 * the decoded value is what a table shows (\xHH for bytes that are not
 * UTF-8). json_open() starts an object ('{') or array ('['), @key NULL
 * inside arrays and at the top; json_close() ends it (a newline after
 * the outermost). A NULL string value is null.
 */
struct json {
	FILE *out;
	int depth;
	int first[32]; /* no comma needed before the next member */
};

void json_init(struct json *j, FILE *out);
void json_open(struct json *j, const char *key, char bracket);
void json_close(struct json *j, char bracket);
void json_str(struct json *j, const char *key, const char *val);
void json_num(struct json *j, const char *key, long long val);
void json_null(struct json *j, const char *key);
void json_bool(struct json *j, const char *key, int val);
void json_double(struct json *j, const char *key, double val, int decimals);
/* json_number_text - a number already formatted (@text: "904.330495") */
void json_number_text(struct json *j, const char *key, const char *text);

#endif
