/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Allocation that cannot fail: out of memory is fatal (tmux xmalloc.c).
 * Callers never check for NULL. free(NULL) is fine, so is x_free(NULL). */
#ifndef XMALLOC_H
#define XMALLOC_H

#include <stddef.h>
#include <stdarg.h>

#include "compat.h"

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...) PRINTFLIKE(2, 3);
int	 xvasprintf(char **, const char *, va_list) PRINTFLIKE(2, 0);

#endif
