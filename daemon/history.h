/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* What the handlers file in the history store, and room state kept
 * across restarts; everything is a no-op with history = off. */
#ifndef HISTORY_H
#define HISTORY_H

#include <stdint.h>

#include "store.h"

#define HISTORY_QUERY_MAX	1000	/* CHATHISTORY=, lines per query */

struct event_base;
struct line;
struct room;
struct user;

/* Open the store unless history is off; -1 and *cause when it cannot. */
int		 history_open(struct event_base *, store_failed_fn *, void *,
		     char **cause);
/* Commit everything and close (SIGTERM loses nothing). */
void		 history_close(void);
/* The store, or NULL when history is off or failed to start. */
struct store	*history_store(void);

/* A room message (PRIVMSG, NOTICE, TAGMSG with client tags) from u. */
void		 history_msg(struct room *, enum store_kind, struct line *,
		     const struct user *from);
/* A private message: stored only when both sides have an account. */
void		 history_dm(const struct user *from, const struct user *to,
		     enum store_kind, struct line *);
/* A room event for draft/event-playback (JOIN, PART, KICK, ...). */
void		 history_event(struct room *, enum store_kind, struct line *);

/* Saved topic and modes onto a room that was just created. A +i room
 * comes back sealed: its old history stays with its old members. */
void		 history_room_restore(struct room *);
/* Keep a room's topic and modes (after TOPIC or MODE). */
void		 history_room_save(const struct room *);

/* The line's time in ms since the epoch. */
int64_t		 history_line_ms(const struct line *);

#endif
