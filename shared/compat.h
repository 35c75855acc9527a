/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* What glibc lacks: libbsd-overlay (from pkg-config) supplies <sys/queue.h>
 * with the _SAFE macros, <sys/tree.h> and strlcpy/strlcat/reallocarray. */
#ifndef COMPAT_H
#define COMPAT_H

#include <sys/queue.h>
#include <sys/tree.h>
#include <string.h>
#include <stdlib.h>

#ifndef nitems
#define nitems(a) (sizeof(a) / sizeof((a)[0]))
#endif

#ifndef __dead
#define __dead __attribute__((__noreturn__))
#endif

#define PRINTFLIKE(f, a) __attribute__((__format__(__printf__, f, a)))

#endif
