/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Where the user left each room: the newest message seen, per server and
 * room, kept across runs in one small file (written whole, atomically). */
#ifndef LASTSEEN_H
#define LASTSEEN_H

#include <stdbool.h>
#include <sys/time.h>

#define LASTSEEN_MAX	1000	/* rooms remembered; the stalest go first */
#define LASTSEEN_FIELD_MAX 200	/* bytes of a server, room or msgid */
#define LASTSEEN_REF_MAX 128	/* bytes of a msgid we keep and send back */

struct lastseen {
	struct timeval	 tv;
	const char	*msgid;	/* NULL if the server gave none */
};

/* Read path (a missing file is an empty one). Lines that do not parse
 * are skipped. Returns -1 with *cause (the caller frees) if unreadable. */
int	lastseen_open(const char *path, char **cause);
/* Write the table to path if it changed (a temporary file, fsync, rename);
 * returns -1 with *cause on failure. */
int	lastseen_save(char **cause);
/* Forget the table (without saving). */
void	lastseen_close(void);

/* What was last seen in room on server; the strings live until the next
 * change. */
bool	lastseen_get(const char *server, const char *room, struct lastseen *);
/* A message was seen: remember it unless an entry as new is there. */
void	lastseen_set(const char *server, const char *room, const char *msgid,
	    const struct timeval *);
bool	lastseen_dirty(void);

#endif
