/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* /ignore: nick or nick!user@host masks (with * and ?), each for ever or
 * until a time. Messages, notices, actions, CTCPs and invitations from a
 * matching source are dropped before the model. No curses. */
#ifndef IGNORE_H
#define IGNORE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Ignore mask ("nick" means "nick!*@*") until `until` (0: for ever);
 * -1 with *cause for a mask that cannot match a source. */
int		 ignore_add(const char *mask, time_t until, char **cause);
/* Stop ignoring mask; -1 if it was not ignored. */
int		 ignore_del(const char *mask);
/* Whether source (nick!user@host, or a bare nick) is ignored at now. */
bool		 ignore_match(const char *source, time_t now);
/* The i-th mask still in force at now, and its end; NULL past the last. */
const char	*ignore_get(size_t i, time_t now, time_t *until);
/* Forget the list (and the file it is saved to). */
void		 ignore_free_all(void);
/*
 * Read the list saved in path (a missing file is an empty list), entries
 * over at now left out, and save there from now on. -1 and *cause if the
 * file cannot be read. Lines are "UNTIL MASK", UNTIL in seconds since the
 * epoch, 0 for ever.
 */
int		 ignore_load(const char *path, time_t now, char **cause);
/* Write the list (what is in force at now) to the file ignore_load()
 * named, atomically; 0 without one, -1 and *cause on failure. */
int		 ignore_save(time_t now, char **cause);
/* "90", "30s", "10m", "2h", "1d", "1w" -> seconds; -1 if malformed. */
long		 ignore_duration(const char *);

#endif
