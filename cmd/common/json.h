/*
 * json.h - a tiny streaming JSON writer for the commands' -J output.
 * Strings are escaped for JSON; callers pass text already made safe by
 * oomkit_escape() when it comes from the kernel, so the decoded JSON value
 * equals what the table shows (\xHH for bytes that are not UTF-8).
 */
#ifndef OOMKIT_JSON_H
#define OOMKIT_JSON_H

#include <stdio.h>

struct json {
	FILE *out;
	int depth;
	int first[32];		/* no comma needed before the next member */
};

void json_init(struct json *j, FILE *out);
void json_open(struct json *j, const char *key, char bracket);	/* '{' or '[' */
void json_close(struct json *j, char bracket);
void json_str(struct json *j, const char *key, const char *val);	/* NULL -> null */
void json_num(struct json *j, const char *key, long long val);
void json_null(struct json *j, const char *key);
void json_bool(struct json *j, const char *key, int val);
void json_double(struct json *j, const char *key, double val, int decimals);

#endif
