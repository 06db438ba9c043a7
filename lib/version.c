/*
 * version.c - the library's own version, from project(VERSION) through
 * the generated <oomkit/version.h>.
 */
#include <oomkit/version.h>

const char *oomkit_version(void)
{
	return OOMKIT_VERSION_STRING;
}
