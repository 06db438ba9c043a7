/*
 * killers-private.h - the userspace OOM killers oomkit recognises, in one
 * table: the report parser dispatches on it, the journal source builds
 * its SYSLOG_IDENTIFIER matches from it, and oomkit_killer_name() names
 * them from it. Adding a killer is one row here (and its handler in
 * report-userspace.c).
 */
#ifndef OOMKIT_KILLERS_PRIVATE_H
#define OOMKIT_KILLERS_PRIVATE_H

#include <stddef.h>

#include "oomkit/report.h"
#include "util-private.h"

struct oomkit__killer {
	enum oomkit_event_killer killer;
	const char *ident; /* its syslog tag and journal SYSLOG_IDENTIFIER */
};

/* every userspace killer; the kernel is not among them */
extern OOMKIT_HIDDEN const struct oomkit__killer oomkit__killers[];
extern OOMKIT_HIDDEN const size_t oomkit__nkillers;

#endif
