/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The smart filter (as WeeChat's): joins, parts, quits and nick changes of
 * people who have not spoken in the room lately are not shown. No curses. */
#ifndef SMARTFILTER_H
#define SMARTFILTER_H

#include <stdbool.h>

struct chat_event;

/* On or off, and how long (seconds) a message keeps someone "talking". */
void	smartfilter_set(bool on, long delay);
/* Remember who speaks where; follow nick changes (group: the server's
 * window group; rooms and nicks are per server). */
void	smartfilter_post(unsigned int group, const struct chat_event *);
/* Whether ev's line in room should be hidden. */
bool	smartfilter_hide(unsigned int group, const char *room,
	    const struct chat_event *);
void	smartfilter_free_all(void);

#endif
