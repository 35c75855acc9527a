/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Text -> styled glyphs (mIRC codes interpreted) -> rows of a given width. */
#ifndef WRAP_H
#define WRAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STYLE_BOLD	0x01
#define STYLE_UNDERLINE	0x02
#define STYLE_REVERSE	0x04
#define STYLE_ITALIC	0x08
#define STYLE_DIM	0x10

#define GLYPH_MAX	24	/* bytes: a base character and its marks */

struct style {
	int8_t	fg;	/* 0-15 (mIRC palette), -1 default */
	int8_t	bg;
	uint8_t	attr;	/* STYLE_* */
};

/* One terminal cell's worth of text: a character and its combining marks. */
struct glyph {
	const char	*s;	/* points into the text given to wrap_append */
	uint8_t		 len;
	uint8_t		 width;	/* 0 only for a lone mark at the start */
	struct style	 style;
};

struct glyphs {
	struct glyph	*v;
	size_t		 n;
	size_t		 cap;
};

void	wrap_init(struct glyphs *);
void	wrap_free(struct glyphs *);
void	wrap_reset(struct glyphs *);

/*
 * Append text (which must outlive gs) as glyphs in style base. With format,
 * mIRC codes change the style and take no cell; otherwise they are text.
 * Combining marks join the previous glyph (extra ones past GLYPH_MAX bytes
 * are dropped, so a mark flood cannot grow a cell).
 */
void	wrap_append(struct glyphs *, const char *text, struct style base,
	    bool format);
/* The same, stopping once the glyphs appended fill cols columns (the
 * marks on the last one still join it): a line that shows only so much
 * need not be laid out further. */
void	wrap_append_cols(struct glyphs *, const char *text,
	    struct style base, bool format, int cols);

/* Total columns of the glyphs. */
int	wrap_width(const struct glyphs *);

/*
 * Break glyphs into rows: the first width columns wide, the others indented
 * by indent (ignored when it leaves under 8 columns). Prefers to break after
 * a space; spaces at a break are dropped. Fills starts[] (room for n + 1)
 * with each row's first glyph and returns the number of rows (>= 1).
 */
int	wrap_rows(const struct glyphs *, int width, int indent, size_t *starts);

/* The effective indent wrap_rows uses for this width. */
int	wrap_indent(int width, int indent);

#endif
