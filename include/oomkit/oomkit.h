/*
 * oomkit/oomkit.h - everything in liboomkit. Link with
 * `pkg-config --cflags --libs oomkit`.
 */
#ifndef OOMKIT_OOMKIT_H
#define OOMKIT_OOMKIT_H

#include <oomkit/version.h>
#include <oomkit/common.h>
#include <oomkit/ctx.h>
#include <oomkit/proc.h>
#include <oomkit/sysmem.h>
#include <oomkit/memcg.h>
#include <oomkit/domain.h>
#include <oomkit/source.h>
#include <oomkit/report.h>
#include <oomkit/event.h>
#include <oomkit/adj.h>
#include <oomkit/context.h>
#include <oomkit/explain.h>

#endif
