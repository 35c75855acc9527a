/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Lays the visible screen out as a grid of cells, without curses: the
 * scrollback of the current window, the status line and the input line.
 * Only visible lines are laid out, so the cost does not grow with history. */
#ifndef UI_RENDER_H
#define UI_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "wrap.h"

struct cell {
	char		s[GLYPH_MAX + 1];	/* "" for the right half of a
						 * wide character */
	uint8_t		width;
	struct style	style;
	uint16_t	link;	/* 1 + index in grid links, 0 for none */
};

struct grid {
	int		 w, h;
	struct cell	*cells;
	int		 cx, cy;	/* where the cursor goes */
	char		**links;	/* this frame's URLs (OSC 8) */
	size_t		 nlinks;
	/* Kept from frame to frame, not to allocate for every piece of
	 * text: the glyphs of the one being laid out, and where its rows
	 * start. */
	struct glyphs	 scratch;
	size_t		*starts;
	size_t		 nstarts;
};

/* What the renderer needs besides the model. */
struct ui_view {
	const char	*prompt;	/* readline's prompt (search, ...) */
	const char	*input;		/* the line being edited */
	size_t		 point;		/* cursor, a byte offset in input */
	const char	*question;	/* replaces the input line if set */
	const char	*menu_title;	/* a list to pick from, or NULL */
	char		**menu;
	size_t		 nmenu;
	size_t		 menu_sel;
	const char	*time_format;
	bool		 colours;
	int		 colour_mention;
	int		 colour_status;	/* status line background */
	int		 nicklist_width;	/* 0: no nick list pane */
};

void		 grid_resize(struct grid *, int w, int h);
void		 grid_free(struct grid *);
/* Forget the frame's URLs (each frame starts so). */
void		 grid_links_clear(struct grid *);
/* The cell at x, y (inside the grid): inline, as it is used for every
 * cell of every frame. */
static inline struct cell *
grid_cell(struct grid *g, int x, int y)
{
	return (&g->cells[(size_t)y * g->w + x]);
}
/* The text of row y without trailing blanks (for tests); caller frees. */
char		*grid_row_text(const struct grid *, int y);

/* Lay out the whole screen for the current window. */
void		 ui_render(struct grid *, const struct ui_view *);
/* Lay out the input line only (the rest of the grid is kept). */
void		 ui_render_input(struct grid *, const struct ui_view *);
/* Rows the scrollback area has at this size (PageUp moves by this). */
int		 ui_render_text_rows(int h);
/* The stable colour (mIRC palette) of a nick. */
int		 ui_render_nick_colour(const char *);

#endif
