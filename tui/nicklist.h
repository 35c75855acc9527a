/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Who is in each room, with their prefixes (@ %+) and away state, kept
 * from chat events; sorted by prefix then name when asked. No curses. */
#ifndef NICKLIST_H
#define NICKLIST_H

#include <stdbool.h>
#include <stddef.h>

struct chat_event;

#define NICKLIST_PREFIX_MAX	8

struct nicklist_member {
	char	*nick;
	char	 prefix[NICKLIST_PREFIX_MAX + 1];	/* highest first */
	bool	 away;
};

/* Follow one event (joins, parts, quits, nicks, modes, NAMES, AWAY) of
 * the server whose window group is group (rooms are per server). */
void	nicklist_post(unsigned int group, const struct chat_event *);
/* One 005 token of group's server: PREFIX=(ov)@+, CHANMODES=...,
 * CASEMAPPING=... */
void	nicklist_isupport(unsigned int group, const char *token);
/* Called when a change comes from outside the chat events (WHO). */
void	nicklist_set_observer(void (*)(void));
/* nick is away (or back) as a WHO reply says. */
void	nicklist_set_away(unsigned int group, const char *room,
	    const char *nick, bool away);
/* Forget every room and go back to the default prefixes. */
void	nicklist_free_all(void);

/* The members of room, sorted by prefix rank then name (valid until the
 * next event); NULL and *n = 0 when the room is unknown. */
const struct nicklist_member *nicklist_get(unsigned int group,
	    const char *room, size_t *n);

/* Whether the pane is wanted (the renderer still hides it when narrow). */
bool	nicklist_shown(void);
void	nicklist_set_shown(bool);

#endif
