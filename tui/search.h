/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Search in a window's scrollback: the text looked for (the renderer
 * highlights it) and moving the view to the next older matching line.
 * No curses. */
#ifndef SEARCH_H
#define SEARCH_H

#include <stdbool.h>
#include <stddef.h>

struct window;

/* Search w for text (NULL or "": stop); scrolls to the newest match and
 * returns how many lines match. */
size_t		 search_start(struct window *w, const char *text);
/* The text searched for in w, or NULL. */
const char	*search_text(const struct window *w);
/* Scroll w up to the next older matching line; false when none is left. */
bool		 search_next(struct window *w);
/* Whether the last search_next found nothing older. */
bool		 search_exhausted(void);
/* The next match of the search in text at or after from: its offset and
 * length; false if none. */
bool		 search_find(const char *pattern, const char *text, size_t from,
		    size_t *off, size_t *len);
void		 search_free(void);

#endif
