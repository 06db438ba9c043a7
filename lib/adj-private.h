/*
 * adj-private.h - adj.c's pure parsers, for liboomkit and its unit tests
 * (the static test library reaches hidden symbols; the shared library
 * does not export them).
 */
#ifndef OOMKIT_ADJ_PRIVATE_H
#define OOMKIT_ADJ_PRIVATE_H

#include <stddef.h>

#include "util-private.h"

/*
 * oomkit__adj_parse_unit - the pure parser behind oomkit_adj_systemd_unit():
 * @text is the content of a /proc/<pid>/cgroup file.
 * Returns as oomkit_adj_systemd_unit().
 */
OOMKIT_HIDDEN int oomkit__adj_parse_unit(const char *text, char *buf, size_t size, int *user);

#endif
