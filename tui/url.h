/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* URLs in message texts: where they are (for OSC 8 hyperlinks) and the
 * last ones of each window (/url). A URL is printable ASCII only, so it can
 * never carry an escape sequence. No curses. */
#ifndef URL_H
#define URL_H

#include <stddef.h>

struct chat_event;

#define URL_MAX		2000	/* longer ones are not linked */
#define URL_KEEP	50	/* remembered per window */

struct url_span {
	size_t	off;	/* byte offset in the text */
	size_t	len;
};

/* Find up to max URLs in text; returns how many. */
size_t		 url_find(const char *text, struct url_span *, size_t max);
/* Remember the URLs of a message under its window (room or peer) of the
 * server whose window group is group. */
void		 url_post(unsigned int group, const struct chat_event *);
/* The window's i-th newest URL (0 is the newest), or NULL. */
const char	*url_get(unsigned int group, const char *window, size_t i);
void		 url_free_all(void);

#endif
