/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Highlights: configured words besides the own nick, and the terminal
 * sequences that announce them (desktop notification, window title), built
 * so that nothing a peer sent can end or add a sequence. No curses. */
#ifndef HIGHLIGHT_H
#define HIGHLIGHT_H

#include <stdbool.h>
#include <stddef.h>

enum highlight_notify {
	HIGHLIGHT_NOTIFY_OFF,
	HIGHLIGHT_NOTIFY_OSC777,	/* VTE, foot, urxvt: title and body */
	HIGHLIGHT_NOTIFY_OSC9		/* iTerm2, kitty, WezTerm: body */
};

/* Words that count as mentions: "word, other words" (NULL: none). */
void	highlight_set_words(const char *list);
void	highlight_free(void);
/* Whether text names one of the words (whole words, casemapped). */
bool	highlight_match(const char *text);

/* "auto", "osc777", "osc9" or "off"; -1 for anything else. auto looks at
 * the environment for a terminal known to show them. */
int	highlight_notify_kind(const char *, enum highlight_notify *);

/*
 * Copy text into out (size bytes) as one field of an escape sequence:
 * control characters (C0, DEL, C1), mIRC formatting and ';' are dropped or
 * replaced, the cut falls between characters. Returns out.
 */
char	*highlight_safe(const char *text, char *out, size_t size);

/* The notification sequence for a message from `from` in room `where`
 * (NULL: a private message); "" when kind is off. */
void	highlight_notification(enum highlight_notify, const char *from,
	    const char *where, const char *text, char *out, size_t size);
/* The window title sequence: "tui-chat", and how many windows hold unread
 * mentions ("tui-chat (2 mentions)"). No peer text goes into it at all. */
void	highlight_title(size_t nmention, char *out, size_t size);

#endif
