/*
 * error.c - text for liboomkit's error codes.
 */
#include <limits.h>
#include <string.h>

#include "oomkit/common.h"

const char *oomkit_strerror(int err)
{
	/* -INT_MIN is not an int: no errno or oomkit code is that large */
	if (err == INT_MIN)
		return "Unknown oomkit error";
	if (err < 0)
		err = -err;
	switch (err) {
	case 0:
		return "Success";
	case OOMKIT_EPARSE:
		return "Unexpected format in kernel text";
	case OOMKIT_ENOMEMCG:
		return "No memory cgroup controller is mounted";
	case OOMKIT_EUNSUPPORTED:
		return "Not supported by this kernel";
	case OOMKIT_ERACE:
		return "Process changed identity (pid reused)";
	case OOMKIT_EMEMLIMIT:
		return "Compressed data needs more decoder memory than allowed";
	case OOMKIT_ENOJOURNAL:
		return "No readable journal file (all missing, truncated or corrupt)";
	default:
		if (err < OOMKIT_EPARSE)
			return strerror(err);
		return "Unknown oomkit error";
	}
}
