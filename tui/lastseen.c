/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The last-seen file: "SERVER ROOM TIME MSGID" lines (MSGID "*" if none),
 * TIME in server-time form; read once, rewritten whole through a rename. */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "compat.h"
#include "irc_tags.h"
#include "lastseen.h"
#include "xmalloc.h"

struct lastseen_entry {
	char		*server;
	char		*room;
	char		*msgid;	/* NULL if none */
	struct timeval	 tv;
};

static struct lastseen_entry	*ls_v;
static size_t			 ls_n;
static char			*ls_path;
static bool			 ls_dirty;

static bool	lastseen_field_ok(const char *);
static void	lastseen_line(char *);
static struct lastseen_entry *lastseen_find(const char *, const char *);
static struct lastseen_entry *lastseen_new(void);
static void	lastseen_entry_free(struct lastseen_entry *);
static int	lastseen_write(FILE *);

/* Whether s can be stored as one field: no spaces or control bytes. */
static bool
lastseen_field_ok(const char *s)
{
	size_t	i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i >= LASTSEEN_FIELD_MAX || (unsigned char)s[i] <= ' ' ||
		    s[i] == 0x7f)
			return (false);
	}
	return (i > 0);
}

static struct lastseen_entry *
lastseen_find(const char *server, const char *room)
{
	size_t	i;

	for (i = 0; i < ls_n; i++) {
		if (strcmp(ls_v[i].server, server) == 0 &&
		    strcasecmp(ls_v[i].room, room) == 0)
			return (&ls_v[i]);
	}
	return (NULL);
}

static void
lastseen_entry_free(struct lastseen_entry *e)
{
	free(e->server);
	free(e->room);
	free(e->msgid);
	memset(e, 0, sizeof *e);
}

/* An empty entry: a new slot, or the stalest one when the table is full. */
static struct lastseen_entry *
lastseen_new(void)
{
	size_t	i, old = 0;

	if (ls_n < LASTSEEN_MAX) {
		ls_v = xreallocarray(ls_v, ls_n + 1, sizeof *ls_v);
		memset(&ls_v[ls_n], 0, sizeof *ls_v);
		return (&ls_v[ls_n++]);
	}
	for (i = 1; i < ls_n; i++) {
		if (timercmp(&ls_v[i].tv, &ls_v[old].tv, <))
			old = i;
	}
	lastseen_entry_free(&ls_v[old]);
	return (&ls_v[old]);
}

/* One line of the file, in place. */
static void
lastseen_line(char *line)
{
	char		*f[4], *p = line;
	struct timeval	 tv;
	int		 n;

	line[strcspn(line, "\r\n")] = '\0';
	for (n = 0; n < 4; n++) {
		if ((f[n] = strsep(&p, " ")) == NULL || !lastseen_field_ok(f[n]))
			return;
	}
	if (p != NULL || irc_time_parse(f[2], &tv) == -1)
		return;
	lastseen_set(f[0], f[1], strcmp(f[3], "*") == 0 ? NULL : f[3], &tv);
}

int
lastseen_open(const char *path, char **cause)
{
	FILE	*f;
	char	*line = NULL;
	size_t	 size = 0;

	lastseen_close();
	ls_path = xstrdup(path);
	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return (0);
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	while (getline(&line, &size, f) != -1)
		lastseen_line(line);
	free(line);
	fclose(f);
	ls_dirty = false;
	return (0);
}

void
lastseen_close(void)
{
	size_t	i;

	for (i = 0; i < ls_n; i++)
		lastseen_entry_free(&ls_v[i]);
	free(ls_v);
	free(ls_path);
	ls_v = NULL;
	ls_path = NULL;
	ls_n = 0;
	ls_dirty = false;
}

bool
lastseen_dirty(void)
{
	return (ls_dirty);
}

bool
lastseen_get(const char *server, const char *room, struct lastseen *out)
{
	struct lastseen_entry	*e = lastseen_find(server, room);

	if (e == NULL)
		return (false);
	out->tv = e->tv;
	out->msgid = e->msgid;
	return (true);
}

void
lastseen_set(const char *server, const char *room, const char *msgid,
    const struct timeval *tv)
{
	struct lastseen_entry	*e;

	if (!lastseen_field_ok(server) || !lastseen_field_ok(room) ||
	    (msgid != NULL && !lastseen_field_ok(msgid)))
		return;
	if ((e = lastseen_find(server, room)) != NULL) {
		if (timercmp(tv, &e->tv, <))
			return;	/* older lines (scrolling back) */
		free(e->msgid);
	} else {
		e = lastseen_new();
		e->server = xstrdup(server);
		e->room = xstrdup(room);
	}
	e->msgid = msgid != NULL ? xstrdup(msgid) : NULL;
	e->tv = *tv;
	ls_dirty = true;
}

/* Every entry as a line. */
static int
lastseen_write(FILE *f)
{
	char	ts[IRC_TIME_LEN];
	size_t	i;

	for (i = 0; i < ls_n; i++) {
		irc_time_format(&ls_v[i].tv, ts);
		if (fprintf(f, "%s %s %s %s\n", ls_v[i].server, ls_v[i].room,
		    ts, ls_v[i].msgid != NULL ? ls_v[i].msgid : "*") < 0)
			return (-1);
	}
	return (fflush(f) == 0 && fsync(fileno(f)) == 0 ? 0 : -1);
}

int
lastseen_save(char **cause)
{
	char	*tmp;
	FILE	*f = NULL;
	int	 fd, saved;

	if (!ls_dirty || ls_path == NULL)
		return (0);
	xasprintf(&tmp, "%s.XXXXXX", ls_path);
	if ((fd = mkstemp(tmp)) == -1) {
		saved = errno;
		free(tmp);
		xasprintf(cause, "%s: %s", ls_path, strerror(saved));
		return (-1);
	}
	if ((f = fdopen(fd, "w")) == NULL || lastseen_write(f) == -1)
		goto fail;
	if (fclose(f) != 0) {
		f = NULL;
		fd = -1;	/* closed all the same */
		goto fail;
	}
	f = NULL;
	fd = -1;
	if (rename(tmp, ls_path) == -1)
		goto fail;
	free(tmp);
	ls_dirty = false;
	return (0);
fail:
	saved = errno;
	if (f != NULL)
		fclose(f);
	else if (fd != -1)
		close(fd);
	unlink(tmp);
	free(tmp);
	xasprintf(cause, "%s: %s", ls_path, strerror(saved));
	return (-1);
}
