/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Glyph runs and line wrapping, shared by the renderer and its tests. */

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "width.h"
#include "wrap.h"
#include "xmalloc.h"

static const char	*wrap_colour(const char *, struct style *);
static void		 wrap_reserve(struct glyphs *, size_t);
static struct glyph	*wrap_push(struct glyphs *);
static void		 wrap_ascii(struct glyphs *, const char *, size_t,
			    struct style);
static inline bool	 wrap_is_space(const struct glyph *);

void
wrap_init(struct glyphs *gs)
{
	gs->v = NULL;
	gs->n = gs->cap = 0;
}

void
wrap_free(struct glyphs *gs)
{
	free(gs->v);
	wrap_init(gs);
}

void
wrap_reset(struct glyphs *gs)
{
	gs->n = 0;
}

/* Room for n more glyphs. */
static void
wrap_reserve(struct glyphs *gs, size_t n)
{
	if (gs->cap - gs->n >= n)
		return;
	if (gs->cap == 0)
		gs->cap = 64;
	while (gs->cap - gs->n < n)
		gs->cap *= 2;
	gs->v = xreallocarray(gs->v, gs->cap, sizeof *gs->v);
}

/* Room for one more glyph. */
static struct glyph *
wrap_push(struct glyphs *gs)
{
	wrap_reserve(gs, 1);
	return (&gs->v[gs->n++]);
}

/* A run of printable ASCII: a glyph of one byte, one column, for each. */
static void
wrap_ascii(struct glyphs *gs, const char *p, size_t run, struct style st)
{
	struct glyph	*g;
	size_t		 k;

	wrap_reserve(gs, run);
	g = &gs->v[gs->n];
	for (k = 0; k < run; k++, g++) {
		g->s = p + k;
		g->len = 1;
		g->width = 1;
		g->style = st;
	}
	gs->n += run;
}

/* Read the digits after ^C into st; returns where the text goes on. */
static const char *
wrap_colour(const char *p, struct style *st)
{
	int	fg = 0, bg = 0, i;

	for (i = 0; i < 2 && isdigit((unsigned char)*p); i++)
		fg = fg * 10 + (*p++ - '0');
	if (i == 0) {
		st->fg = st->bg = -1;
		return (p);
	}
	st->fg = fg == 99 ? -1 : fg % 16;
	if (p[0] == ',' && isdigit((unsigned char)p[1])) {
		p++;
		for (i = 0; i < 2 && isdigit((unsigned char)*p); i++)
			bg = bg * 10 + (*p++ - '0');
		st->bg = bg == 99 ? -1 : bg % 16;
	}
	return (p);
}

void
wrap_append(struct glyphs *gs, const char *text, struct style base,
    bool format)
{
	wrap_append_cols(gs, text, base, format, INT_MAX);
}

void
wrap_append_cols(struct glyphs *gs, const char *text, struct style base,
    bool format, int cols)
{
	struct style	 st = base;
	struct glyph	*g;
	const char	*p = text, *end = text + strlen(text);
	uint32_t	 cp;
	size_t		 run;
	int		 n, w, used = 0;
	bool		 cluster = false;	/* marks may join the last glyph */

	while (*p != '\0') {
		if (format && *p < 0x20 && *p > 0) {
			switch (*p++) {
			case 0x02: st.attr ^= STYLE_BOLD; break;
			case 0x1f: st.attr ^= STYLE_UNDERLINE; break;
			case 0x16: st.attr ^= STYLE_REVERSE; break;
			case 0x1d: st.attr ^= STYLE_ITALIC; break;
			case 0x0f: st = base; break;
			case 0x03: p = wrap_colour(p, &st); break;
			}
			cluster = false;
			continue;
		}
		/* Printable ASCII: one byte, one column, nothing to join. */
		if ((run = utf8_ascii_run(p, (size_t)(end - p))) > 0) {
			if (used >= cols)
				return;
			if (run > (size_t)(cols - used))
				run = (size_t)(cols - used);
			wrap_ascii(gs, p, run, st);
			p += run;
			used += (int)run;
			cluster = true;
			continue;
		}
		/* Not strlen(p) here: that made a long line quadratic (a 1 MB
		 * NAMES line took seconds per redraw, tests/hostile). */
		n = utf8_decode(p, (size_t)(end - p), &cp);
		if (n <= 0) {	/* sanitised text has none; be safe anyway */
			n = 1;
			cp = '?';
		}
		w = width_cp(cp);
		if (w == 0 && cluster) {
			g = &gs->v[gs->n - 1];
			/* Only contiguous marks can join; past the limit they
			 * are dropped. */
			if (g->s + g->len == p && g->len + n <= GLYPH_MAX)
				g->len += n;
			p += n;
			continue;
		}
		if (used >= cols)
			return;
		cluster = true;
		g = wrap_push(gs);
		g->s = p;
		g->len = n;
		g->width = w == 0 ? 1 : w;	/* a lone mark gets a cell */
		g->style = st;
		used += g->width;
		p += n;
	}
}

int
wrap_width(const struct glyphs *gs)
{
	size_t	i;
	int	w = 0;

	for (i = 0; i < gs->n; i++)
		w += gs->v[i].width;
	return (w);
}

/* Whether the glyph is a plain space (the byte first: most glyphs are of
 * one byte, few are spaces). */
static inline bool
wrap_is_space(const struct glyph *g)
{
	return (g->s[0] == ' ' && g->len == 1);
}

int
wrap_indent(int width, int indent)
{
	if (indent < 0 || width - indent < 8)
		return (0);
	return (indent);
}

int
wrap_rows(const struct glyphs *gs, int width, int indent, size_t *starts)
{
	size_t	i = 0, j, brk;
	int	rows = 0, col, avail;
	bool	found;

	if (width < 1)
		width = 1;
	indent = wrap_indent(width, indent);
	do {
		avail = rows == 0 ? width : width - indent;
		starts[rows++] = i;
		col = 0;
		found = false;
		brk = i;
		for (j = i; j < gs->n; j++) {
			if (col + gs->v[j].width > avail)
				break;
			/* not inside the first row's prefix (time, nick) */
			if (wrap_is_space(&gs->v[j]) && j > i &&
			    (rows > 1 || col >= indent)) {
				brk = j;
				found = true;
			}
			col += gs->v[j].width;
		}
		if (j == gs->n)
			break;
		if (j == i)
			j = i + 1;	/* wider than the row: give it one */
		else if (found && !wrap_is_space(&gs->v[j]))
			j = brk + 1;
		while (j < gs->n && wrap_is_space(&gs->v[j]))
			j++;
		i = j;
	} while (i < gs->n);
	return (rows);
}
