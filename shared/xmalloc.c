/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Allocation wrappers that die on exhaustion instead of returning NULL. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xmalloc.h"

/* Allocate size bytes (at least one). */
void *
xmalloc(size_t size)
{
	void	*p;

	if ((p = malloc(size == 0 ? 1 : size)) == NULL)
		fatalx("xmalloc: out of memory allocating %zu bytes", size);
	return p;
}

/* Allocate a zeroed array of n elements of size bytes. */
void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size == 0)
		n = size = 1;
	if ((p = calloc(n, size)) == NULL)
		fatalx("xcalloc: out of memory allocating %zu * %zu", n, size);
	return p;
}

/* Resize p to size bytes. */
void *
xrealloc(void *p, size_t size)
{
	return xreallocarray(p, 1, size);
}

/* Resize p to n elements of size bytes, refusing overflow. */
void *
xreallocarray(void *p, size_t n, size_t size)
{
	void	*q;

	if (n == 0 || size == 0)
		n = size = 1;
	if ((q = reallocarray(p, n, size)) == NULL)
		fatalx("xreallocarray: out of memory allocating %zu * %zu", n,
		    size);
	return q;
}

/* Copy a string. */
char *
xstrdup(const char *s)
{
	char	*p;

	if ((p = strdup(s)) == NULL)
		fatalx("xstrdup: out of memory");
	return p;
}

/* Copy at most n bytes of a string and terminate it. */
char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	if ((p = strndup(s, n)) == NULL)
		fatalx("xstrndup: out of memory");
	return p;
}

/* Format into a new string; the caller frees it. Returns its length. */
int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = xvasprintf(ret, fmt, ap);
	va_end(ap);
	return n;
}

/* As xasprintf, with a va_list. */
int
xvasprintf(char **ret, const char *fmt, va_list ap)
{
	int	 n;

	if ((n = vasprintf(ret, fmt, ap)) == -1)
		fatalx("xvasprintf: out of memory");
	return n;
}
