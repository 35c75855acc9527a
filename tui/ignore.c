/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The ignore list: a few masks, matched with fnmatch(3) ignoring case;
 * expired entries are dropped whenever the list is looked at. */

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ignore.h"
#include "xmalloc.h"

struct ignore {
	char	*mask;
	time_t	 until;
};

static struct ignore	*ig_v;
static size_t		 ig_n;

/* Drop the entries whose time is over. */
static void
ignore_expire(time_t now)
{
	size_t	i = 0;

	while (i < ig_n) {
		if (ig_v[i].until != 0 && ig_v[i].until <= now) {
			free(ig_v[i].mask);
			ig_v[i] = ig_v[--ig_n];
		} else
			i++;
	}
}

/* mask in full form (nick!user@host); the caller frees it. */
static char *
ignore_full(const char *mask)
{
	char	*full;

	if (strchr(mask, '!') != NULL)
		return (xstrdup(mask));
	if (strchr(mask, '@') != NULL)
		xasprintf(&full, "*!%s", mask);
	else
		xasprintf(&full, "%s!*@*", mask);
	return (full);
}

int
ignore_add(const char *mask, time_t until, char **cause)
{
	char	*full;
	size_t	 i;

	if (*mask == '\0' || strpbrk(mask, " ,") != NULL ||
	    strchr(mask, '!') != strrchr(mask, '!')) {
		xasprintf(cause, "not a nick or nick!user@host mask: %s", mask);
		return (-1);
	}
	full = ignore_full(mask);
	for (i = 0; i < ig_n; i++) {
		if (strcasecmp(ig_v[i].mask, full) == 0) {
			ig_v[i].until = until;
			free(full);
			return (0);
		}
	}
	ig_v = xreallocarray(ig_v, ig_n + 1, sizeof *ig_v);
	ig_v[ig_n].mask = full;
	ig_v[ig_n++].until = until;
	return (0);
}

int
ignore_del(const char *mask)
{
	char	*full = ignore_full(mask);
	size_t	 i;

	for (i = 0; i < ig_n; i++) {
		if (strcasecmp(ig_v[i].mask, full) != 0)
			continue;
		free(ig_v[i].mask);
		ig_v[i] = ig_v[--ig_n];
		free(full);
		return (0);
	}
	free(full);
	return (-1);
}

bool
ignore_match(const char *source, time_t now)
{
	char	*full = NULL;
	size_t	 i;
	bool	 hit = false;

	if (ig_n == 0 || source == NULL)
		return (false);
	ignore_expire(now);
	if (strchr(source, '!') == NULL)
		xasprintf(&full, "%s!@", source);
	for (i = 0; i < ig_n && !hit; i++)
		hit = fnmatch(ig_v[i].mask, full != NULL ? full : source,
		    FNM_CASEFOLD) == 0;
	free(full);
	return (hit);
}

const char *
ignore_get(size_t i, time_t now, time_t *until)
{
	ignore_expire(now);
	if (i >= ig_n)
		return (NULL);
	*until = ig_v[i].until;
	return (ig_v[i].mask);
}

void
ignore_free_all(void)
{
	size_t	i;

	for (i = 0; i < ig_n; i++)
		free(ig_v[i].mask);
	free(ig_v);
	ig_v = NULL;
	ig_n = 0;
}

long
ignore_duration(const char *s)
{
	static const struct {
		char	unit;
		long	seconds;
	} units[] = {
		{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 },
		{ 'w', 604800 },
	};
	char	*ep;
	long	 n;
	size_t	 i;

	n = strtol(s, &ep, 10);
	if (ep == s || n <= 0 || n > 10000000)
		return (-1);
	if (*ep == '\0')
		return (n);
	for (i = 0; i < nitems(units); i++) {
		if (ep[0] == units[i].unit && ep[1] == '\0')
			return (n * units[i].seconds);
	}
	return (-1);
}
