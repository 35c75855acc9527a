/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* One search at a time, tied to the window (by name) it was started in.
 * Matching ignores ASCII case. */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scrollback.h"
#include "search.h"
#include "window.h"
#include "xmalloc.h"

static char	*search_window;
static char	*search_pattern;
static bool	 search_end;	/* no older match */

void
search_free(void)
{
	free(search_window);
	free(search_pattern);
	search_window = search_pattern = NULL;
	search_end = false;
}

bool
search_exhausted(void)
{
	return (search_end);
}

bool
search_find(const char *pattern, const char *text, size_t from, size_t *off,
    size_t *len)
{
	size_t	n = strlen(pattern), i, tl = strlen(text);

	if (n == 0 || from > tl)
		return (false);
	for (i = from; i + n <= tl; i++) {
		if (strncasecmp(text + i, pattern, n) == 0) {
			*off = i;
			*len = n;
			return (true);
		}
	}
	return (false);
}

/* Whether line l matches the search. */
static bool
search_line(const struct sb_line *l)
{
	size_t	off, len;

	return (search_find(search_pattern, l->text, 0, &off, &len) ||
	    (l->nick != NULL &&
	    search_find(search_pattern, l->nick, 0, &off, &len)));
}

/* Scroll w so that the newest matching line below index top is at the
 * bottom; false if there is none. */
static bool
search_from(struct window *w, size_t top)
{
	size_t	n = scrollback_len(w->sb), i;

	for (i = top < n ? top : n; i > 0; i--) {
		if (search_line(scrollback_get(w->sb, i - 1))) {
			w->scroll = n - i;
			return (true);
		}
	}
	return (false);
}

size_t
search_start(struct window *w, const char *text)
{
	size_t	n, i, count = 0;

	search_free();
	if (text == NULL || *text == '\0')
		return (0);
	search_window = xstrdup(w->name);
	search_pattern = xstrdup(text);
	n = scrollback_len(w->sb);
	for (i = 0; i < n; i++)
		count += search_line(scrollback_get(w->sb, i));
	search_from(w, n);
	return (count);
}

const char *
search_text(const struct window *w)
{
	if (search_pattern == NULL || w == NULL ||
	    strcmp(w->name, search_window) != 0)
		return (NULL);
	return (search_pattern);
}

bool
search_next(struct window *w)
{
	size_t	n = scrollback_len(w->sb);

	if (search_text(w) == NULL || w->scroll >= n)
		return (false);
	search_end = !search_from(w, n - w->scroll - 1);
	return (!search_end);
}
