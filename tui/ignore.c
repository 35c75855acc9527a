/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The ignore list: a few masks, matched with fnmatch(3) ignoring case;
 * expired entries are dropped whenever the list is looked at. It is kept
 * in a state file ($XDG_STATE_HOME/tui-chat/ignore) across runs. */

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "ignore.h"
#include "xmalloc.h"

struct ignore {
	char	*mask;
	time_t	 until;
};

static struct ignore	*ig_v;
static size_t		 ig_n;
static char		*ig_path;	/* where the list is saved */

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
	free(ig_path);
	ig_path = NULL;
}

/* One saved line, "UNTIL MASK": added unless malformed or over at now. */
static void
ignore_load_line(char *line, time_t now)
{
	char		*mask, *ep, *cause = NULL;
	long long	 until;

	line[strcspn(line, "\r\n")] = '\0';
	if (*line == '#' || (mask = strchr(line, ' ')) == NULL)
		return;
	*mask++ = '\0';
	errno = 0;
	until = strtoll(line, &ep, 10);
	if (*line == '\0' || *ep != '\0' || errno != 0 || until < 0 ||
	    (until != 0 && until <= now))
		return;
	if (ignore_add(mask, (time_t)until, &cause) == -1)
		free(cause);
}

int
ignore_load(const char *path, time_t now, char **cause)
{
	FILE	*f;
	char	*line = NULL;
	size_t	 size = 0;

	free(ig_path);
	ig_path = xstrdup(path);
	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return (0);
		xasprintf(cause, "cannot read %s: %s", path, strerror(errno));
		return (-1);
	}
	while (getline(&line, &size, f) != -1)
		ignore_load_line(line, now);
	free(line);
	fclose(f);
	return (0);
}

int
ignore_save(time_t now, char **cause)
{
	FILE	*f = NULL;
	char	*tmp;
	size_t	 i;
	int	 fd;

	if (ig_path == NULL)
		return (0);
	ignore_expire(now);
	xasprintf(&tmp, "%s.tmp", ig_path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1 || (f = fdopen(fd, "w")) == NULL) {
		if (fd != -1)
			close(fd);
		goto fail;
	}
	fputs("# tui-chat /ignore: UNTIL (seconds since 1970, 0: for ever) "
	    "MASK\n", f);
	for (i = 0; i < ig_n; i++)
		fprintf(f, "%" PRIdMAX " %s\n", (intmax_t)ig_v[i].until,
		    ig_v[i].mask);
	if (fclose(f) == EOF) {
		f = NULL;
		goto fail;
	}
	f = NULL;
	if (rename(tmp, ig_path) == -1)
		goto fail;
	free(tmp);
	return (0);
fail:
	xasprintf(cause, "cannot write %s: %s", ig_path, strerror(errno));
	if (f != NULL)
		fclose(f);
	unlink(tmp);
	free(tmp);
	return (-1);
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
