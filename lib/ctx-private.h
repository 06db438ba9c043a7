/*
 * ctx-private.h - the context's fields, for liboomkit's modules only.
 */
#ifndef OOMKIT_CTX_PRIVATE_H
#define OOMKIT_CTX_PRIVATE_H

#include "oomkit/ctx.h"

struct oomkit_ctx {
	char *proc_root; /* "/proc" by default */
	long page_size;
	unsigned kver; /* OOMKIT_KVER(), 0 = not read yet */
	int kver_read;
	int memcg_done;     /* discovery ran (or root was set) */
	int memcg_explicit; /* set by oomkit_ctx_set_memcg_root() */
	int memcg_err;      /* its result, 0 or -errno */
	enum oomkit_cgroup_mode memcg_mode;
	char *memcg_root; /* mount point of the memory hierarchy */
	int pidns_done;   /* pidns_child was worked out */
	int pidns_child;  /* the procfs numbers a pid namespace other
			   * than the initial one (see proc.c) */
};

#endif
