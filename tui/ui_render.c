/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The screen as cells: shared by the curses copy and the tests. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "irc_case.h"
#include "nicklist.h"
#include "scrollback.h"
#include "files.h"
#include "search.h"
#include "session.h"
#include "url.h"
#include "ui_render.h"
#include "utf8.h"
#include "width.h"
#include "window.h"
#include "xmalloc.h"

#define COLOUR_GREY	14
#define COLOUR_RED	4
#define RENDER_TEXT_MIN	40	/* below this, the nick list hides */
#define RENDER_LINKS_MAX	512	/* URLs linked in one frame */
#define RENDER_LINE_URLS	16	/* URLs linked in one line */

static void	render_clear_row(struct grid *, int, struct style);
static int	render_put(struct grid *, int, int, int, const struct glyph *);
static int	render_text(struct grid *, int, int, int, const char *,
		    struct style);
static void	render_date(time_t, char *, size_t);
static void	render_speaker(const struct ui_view *, const struct sb_line *,
		    char *, size_t, struct style *, struct style *);
static void	render_line(int, const struct ui_view *,
		    const struct sb_line *, struct glyphs *, char *, size_t,
		    char *, size_t, int *);
static void	render_scrollback(struct grid *, const struct ui_view *, int,
		    int);
static int	render_text_width(const struct grid *, const struct ui_view *,
		    const struct window *);
static void	render_nicklist(struct grid *, const struct ui_view *, int,
		    int);
static void	render_status(struct grid *, const struct ui_view *, int);
static void	render_input(struct grid *, const struct ui_view *, int);
static void	render_menu(struct grid *, const struct ui_view *, int);

void
grid_resize(struct grid *g, int w, int h)
{
	if (w < 0)
		w = 0;
	if (h < 0)
		h = 0;
	free(g->cells);
	g->w = w;
	g->h = h;
	g->cells = xcalloc((size_t)w * h + 1, sizeof *g->cells);
	g->cx = g->cy = 0;
}

void
grid_links_clear(struct grid *g)
{
	size_t	i;

	for (i = 0; i < g->nlinks; i++)
		free(g->links[i]);
	free(g->links);
	g->links = NULL;
	g->nlinks = 0;
}

void
grid_free(struct grid *g)
{
	grid_links_clear(g);
	free(g->cells);
	g->cells = NULL;
	g->w = g->h = 0;
	wrap_free(&g->scratch);
	free(g->starts);
	g->starts = NULL;
	g->nstarts = 0;
}

char *
grid_row_text(const struct grid *g, int y)
{
	char	*out, *p;
	int	 x;

	p = out = xmalloc((size_t)g->w * (GLYPH_MAX + 1) + 1);
	for (x = 0; x < g->w; x++) {
		const struct cell *c = &g->cells[(size_t)y * g->w + x];

		strcpy(p, c->s);
		p += strlen(c->s);
	}
	while (p > out && p[-1] == ' ')
		p--;
	*p = '\0';
	return (out);
}

int
ui_render_text_rows(int h)
{
	return (h >= 3 ? h - 2 : 0);
}

int
ui_render_nick_colour(const char *nick)
{
	static const int	palette[] = { 2, 3, 4, 5, 6, 7, 9, 10, 11, 12,
				    13 };
	unsigned int		h = irc_casehash(IRC_CASE_RFC1459, nick);

	return (palette[h % nitems(palette)]);
}

/* Blank row y in style st. */
static void
render_clear_row(struct grid *g, int y, struct style st)
{
	struct cell	*c = grid_cell(g, 0, y);
	int		 x;

	for (x = 0; x < g->w; x++, c++) {
		c->s[0] = ' ';
		c->s[1] = '\0';
		c->width = 1;
		c->style = st;
		c->link = 0;
	}
}

/*
 * Put glyph gl at x on row y (not past max); returns the next column.
 * Control characters (only possible in our own input) show as pictures:
 * the grid never holds a byte that moves a terminal's cursor.
 */
static int
render_put(struct grid *g, int x, int y, int max, const struct glyph *gl)
{
	struct cell	*c;
	uint32_t	 cp = 0;
	int		 n;

	if (x + gl->width > max)
		return (max);
	c = grid_cell(g, x, y);
	/* Printable ASCII, most cells: one byte, one column (wrap.c makes
	 * no other glyph of one such byte). */
	if (utf8_is_print_ascii((unsigned char)gl->s[0]) && gl->len == 1) {
		c->s[0] = gl->s[0];
		c->s[1] = '\0';
		c->width = 1;
		c->style = gl->style;
		c->link = 0;
		return (x + 1);
	}
	utf8_decode(gl->s, gl->len, &cp);
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
		n = utf8_encode(cp == 0x7f ? 0x2421 : cp < 0x20 ? 0x2400 + cp :
		    0xfffd, c->s);
		c->s[n] = '\0';
	} else {
		memcpy(c->s, gl->s, gl->len);
		c->s[gl->len] = '\0';
	}
	c->width = gl->width;
	c->style = gl->style;
	c->link = 0;
	if (gl->width == 2 && x + 1 < g->w) {
		c = grid_cell(g, x + 1, y);
		c->s[0] = '\0';
		c->width = 0;
		c->style = gl->style;
		c->link = 0;
	}
	return (x + gl->width);
}

/* Put plain text at x on row y, up to column max; returns the column. */
static int
render_text(struct grid *g, int x, int y, int max, const char *text,
    struct style st)
{
	struct glyphs	*gs = &g->scratch;
	size_t		 i;

	if (x >= max)	/* the status line often runs past the edge */
		return (x);
	wrap_reset(gs);
	wrap_append_cols(gs, text, st, false, max - x);
	for (i = 0; i < gs->n && x < max; i++)
		x = render_put(g, x, y, max, &gs->v[i]);
	return (x);
}

/* A history line from another day: its date goes before its time. */
static void
render_date(time_t t, char *ts, size_t tsz)
{
	struct tm	tm, now_tm;
	time_t		now = time(NULL);
	char		buf[64];

	if (localtime_r(&t, &tm) == NULL ||
	    localtime_r(&now, &now_tm) == NULL ||
	    (tm.tm_yday == now_tm.tm_yday && tm.tm_year == now_tm.tm_year) ||
	    strftime(buf, sizeof buf, "%Y-%m-%d ", &tm) == 0)
		return;
	strlcat(buf, ts, sizeof buf);
	strlcpy(ts, buf, tsz);
}

/* "<nick> ", "* nick ", "-nick- " or "-- ", and the styles for a kind. */
static void
render_speaker(const struct ui_view *v, const struct sb_line *l, char *who,
    size_t wsz, struct style *nick, struct style *text)
{
	struct style	plain = { -1, -1, 0 }, dim = { COLOUR_GREY, -1, 0 };

	switch (l->kind) {
	case SB_MSG:
		snprintf(who, wsz, "<%s> ", l->nick);
		break;
	case SB_ACTION:
		snprintf(who, wsz, "* %s ", l->nick);
		text->attr |= STYLE_ITALIC;
		break;
	case SB_NOTICE:
		snprintf(who, wsz, "-%s- ", l->nick != NULL ? l->nick : "");
		break;
	case SB_QUIET:
		snprintf(who, wsz, "-- ");
		*nick = *text = dim;
		break;
	case SB_INFO:
		snprintf(who, wsz, "-- ");
		*nick = dim;
		break;
	case SB_MARK:
		who[0] = '\0';
		*nick = *text = plain;
		nick->attr = text->attr = STYLE_BOLD;
		break;
	case SB_ERROR:
		snprintf(who, wsz, "!! ");
		*nick = *text = plain;
		nick->attr = text->attr = STYLE_BOLD;
		if (v->colours)
			nick->fg = text->fg = COLOUR_RED;
		break;
	}
}

/* Glyphs from first on that show a match of pattern in text stand out. */
static void
render_search_mark(const struct ui_view *v, struct glyphs *gs, size_t first,
    const char *text, const char *pattern)
{
	size_t	k, off, len, at, from = 0;

	if (!search_find(pattern, text, from, &off, &len))
		return;
	for (k = first; k < gs->n; k++) {
		at = (size_t)(gs->v[k].s - text);
		while (at >= off + len) {
			from = off + len;
			if (!search_find(pattern, text, from, &off, &len))
				return;
		}
		if (at < off)
			continue;
		gs->v[k].style.attr |= STYLE_REVERSE | STYLE_BOLD;
		if (v->colours) {
			gs->v[k].style.fg = 1;	/* black on yellow */
			gs->v[k].style.bg = 8;
		}
	}
}

/* The glyphs of one scrollback line (tw columns wide): time, speaker,
 * text; sets *indent. */
static void
render_line(int tw, const struct ui_view *v, const struct sb_line *l,
    struct glyphs *gs, char *ts, size_t tsz, char *who, size_t wsz,
    int *indent)
{
	struct style	 plain = { -1, -1, 0 }, dim = { COLOUR_GREY, -1, 0 };
	struct style	 nick = plain, text = plain;
	struct tm	 tm;
	const char	*pattern;
	size_t		 first;

	wrap_reset(gs);
	/* The time format is the user's own setting, and strftime cannot
	 * read arguments the way printf can. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (localtime_r(&l->time, &tm) == NULL ||
	    strftime(ts, tsz, v->time_format, &tm) == 0)
		ts[0] = '\0';
	else
		strlcat(ts, " ", tsz);
#pragma GCC diagnostic pop
	if (l->flags & SB_HISTORY)
		render_date(l->time, ts, tsz);
	wrap_append(gs, ts, dim, false);
	if (l->nick != NULL && v->colours)
		nick.fg = ui_render_nick_colour(l->nick);
	if (l->flags & SB_SELF)
		nick.attr |= STYLE_BOLD;
	if (l->flags & SB_MENTION) {
		nick.attr |= STYLE_REVERSE | STYLE_BOLD;
		if (v->colours)
			nick.fg = v->colour_mention;
	}
	render_speaker(v, l, who, wsz, &nick, &text);
	if (l->flags & SB_HISTORY) {	/* played back: dimmed */
		nick.attr |= STYLE_DIM;
		text.attr |= STYLE_DIM;
		text.fg = COLOUR_GREY;
	}
	if (!v->colours)
		text.fg = -1;
	wrap_append(gs, who, nick, false);
	*indent = wrap_width(gs);
	if (*indent > tw / 2)
		*indent = 2;
	first = gs->n;
	wrap_append(gs, l->text, text, true);
	if ((pattern = search_text(window_current())) != NULL)
		render_search_mark(v, gs, first, l->text, pattern);
}

/* The unread line: where the reader left the window. */
static void
render_marker(struct grid *g, const struct ui_view *v, int y, int tw)
{
	struct style	st = { -1, -1, STYLE_DIM };
	int		x;

	if (v->colours)
		st.fg = COLOUR_RED;
	x = render_text(g, 0, y, tw, "-- unread ", st);
	while (x < tw)
		x = render_text(g, x, y, tw, "-", st);
}

/* Where the URLs of one line are, and their link numbers in the grid. */
struct render_urls {
	const char	*text;
	size_t		 len;
	struct url_span	 spans[RENDER_LINE_URLS];
	uint16_t	 ids[RENDER_LINE_URLS];
	size_t		 n;
};

/* Find the URLs of text and give each a link in this frame's grid. */
static void
render_urls_find(struct grid *g, struct render_urls *u, const char *text)
{
	size_t	i;

	u->text = text;
	u->len = strlen(text);
	u->n = url_find(text, u->spans, nitems(u->spans));
	for (i = 0; i < u->n; i++) {
		if (g->nlinks >= RENDER_LINKS_MAX) {
			u->n = i;
			break;
		}
		g->links = xreallocarray(g->links, g->nlinks + 1,
		    sizeof *g->links);
		g->links[g->nlinks++] = xstrndup(text + u->spans[i].off,
		    u->spans[i].len);
		u->ids[i] = (uint16_t)g->nlinks;
	}
}

/* The cell at x, y shows glyph gl: link it when gl is inside a URL. */
static void
render_urls_mark(struct grid *g, const struct render_urls *u,
    const struct glyph *gl, int x, int y)
{
	size_t	i, off;

	if (gl->s < u->text || gl->s >= u->text + u->len)
		return;
	off = (size_t)(gl->s - u->text);
	for (i = 0; i < u->n; i++) {
		if (off >= u->spans[i].off &&
		    off < u->spans[i].off + u->spans[i].len) {
			grid_cell(g, x, y)->link = u->ids[i];
			if (gl->width == 2 && x + 1 < g->w)
				grid_cell(g, x + 1, y)->link = u->ids[i];
			return;
		}
	}
}

/* The current window's lines, bottom up, as many as fit in tw columns. */
static void
render_scrollback(struct grid *g, const struct ui_view *v, int rows, int tw)
{
	struct window		*w = window_current();
	struct glyphs		*gs = &g->scratch;
	struct style		 plain = { -1, -1, 0 };
	struct style		 mark = { -1, -1, STYLE_REVERSE };
	const struct sb_line	*l;
	char			 ts[64], who[300], buf[256];
	struct render_urls	 urls;
	size_t			 i, k, end, nlines, marker;
	int			 y, r, nrows, indent, x, x0;
	int			 bottom = rows - 1;

	for (y = 0; y < rows; y++)
		render_clear_row(g, y, plain);
	if (w == NULL || rows <= 0)
		return;
	nlines = scrollback_len(w->sb);
	if (w->scroll > 0 && nlines > 0) {
		snprintf(buf, sizeof buf, "-- more below: %zu line%s "
		    "(PageDown) --", w->scroll, w->scroll == 1 ? "" : "s");
		if (search_text(w) != NULL)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
			    " search: %.40s (%s, /search ends) --",
			    search_text(w), search_exhausted() ?
			    "no older match" : "Ctrl-F: older");
		render_clear_row(g, bottom, mark);
		render_text(g, 0, bottom, tw, buf, mark);
		bottom--;
	}
	marker = w->marked && w->marker > 0 && w->marker < nlines ?
	    nlines - w->marker : SIZE_MAX;
	y = bottom;
	for (i = nlines - (w->scroll < nlines ? w->scroll : nlines);
	    i > 0 && y >= 0; i--) {
		/* (The marker's text is laid out in the scratch glyphs too:
		 * the last line's are done with.) */
		if (i == marker) {	/* above the first new line */
			render_marker(g, v, y--, tw);
			if (y < 0)
				break;
		}
		l = scrollback_get(w->sb, i - 1);
		render_line(tw, v, l, gs, ts, sizeof ts, who, sizeof who,
		    &indent);
		render_urls_find(g, &urls, l->text);
		if (g->nstarts < gs->n + 2) {
			g->nstarts = gs->n + 2;
			g->starts = xreallocarray(g->starts, g->nstarts,
			    sizeof *g->starts);
		}
		nrows = wrap_rows(gs, tw, indent, g->starts);
		indent = wrap_indent(tw, indent);
		for (r = nrows - 1; r >= 0 && y >= 0; r--, y--) {
			end = r + 1 < nrows ? g->starts[r + 1] : gs->n;
			x = r == 0 ? 0 : indent;
			for (k = g->starts[r]; k < end && x < tw; k++) {
				x0 = x;
				x = render_put(g, x, y, tw, &gs->v[k]);
				if (urls.n > 0 && x > x0)
					render_urls_mark(g, &urls, &gs->v[k],
					    x0, y);
			}
		}
	}
}

/* Columns the scrollback of w keeps beside the nick list (all of them
 * when the list is off, the window no room, or the terminal narrow). */
static int
render_text_width(const struct grid *g, const struct ui_view *v,
    const struct window *w)
{
	if (v->nicklist_width <= 0 || w == NULL || w->type != WINDOW_ROOM ||
	    g->w - v->nicklist_width - 1 < RENDER_TEXT_MIN)
		return (g->w);
	return (g->w - v->nicklist_width - 1);
}

/* The members of the current room right of column x: a rule, then one
 * per row by prefix and name, away ones dimmed; only what fits is drawn. */
static void
render_nicklist(struct grid *g, const struct ui_view *v, int rows, int x)
{
	const struct nicklist_member	*m;
	struct window			*w = window_current();
	struct style			 rule = { COLOUR_GREY, -1, 0 };
	struct style			 st;
	char				 buf[300];
	size_t				 i, n;
	int				 y;

	m = nicklist_get(w->group, w->name, &n);
	if (!v->colours)
		rule.fg = -1;
	for (y = 0; y < rows; y++) {
		render_text(g, x, y, g->w, "\xe2\x94\x82", rule);
		i = (size_t)y;
		if (i >= n)
			continue;
		st = (struct style){ -1, -1, 0 };
		if (v->colours)
			st.fg = ui_render_nick_colour(m[i].nick);
		if (m[i].away) {
			st.attr |= STYLE_DIM;
			if (v->colours)
				st.fg = COLOUR_GREY;
		}
		if (y == rows - 1 && n > (size_t)rows)
			snprintf(buf, sizeof buf, "+%zu more", n - i);
		else
			snprintf(buf, sizeof buf, "%c%s",
			    m[i].prefix[0] != '\0' ? m[i].prefix[0] : ' ',
			    m[i].nick);
		render_text(g, x + 1, y, g->w, buf, st);
	}
}

/* A list to choose from (the server picker) over the scrollback area. */
static void
render_menu(struct grid *g, const struct ui_view *v, int rows)
{
	struct style	plain = { -1, -1, 0 }, sel = { -1, -1, STYLE_REVERSE };
	struct style	title = { -1, -1, STYLE_BOLD };
	size_t		i, first = 0;
	int		y = 0;

	if (rows <= 0)
		return;
	render_clear_row(g, y, title);
	render_text(g, 0, y++, g->w, v->menu_title, title);
	if (v->menu_sel >= (size_t)rows - 1)
		first = v->menu_sel - (rows - 2);
	for (i = first; i < v->nmenu && y < rows; i++, y++) {
		render_clear_row(g, y, i == v->menu_sel ? sel : plain);
		render_text(g, 0, y, g->w, i == v->menu_sel ? "> " : "  ",
		    i == v->menu_sel ? sel : plain);
		render_text(g, 2, y, g->w, v->menu[i],
		    i == v->menu_sel ? sel : plain);
	}
}

/* [time] [nick] [N:window] [Act: 3,4!(2)] [state, lag] [account A];
 * with several servers [N:server/window] and [Act: server 3 | other
 * (waiting) 5]. */
static void
render_status(struct grid *g, const struct ui_view *v, int y)
{
	struct style	 st = { -1, -1, STYLE_REVERSE };
	struct style	 hot = { -1, -1, STYLE_REVERSE | STYLE_BOLD };
	struct window	*w, *cur = window_current();
	char		 buf[512], ts[32], sep[320];
	time_t		 now = time(NULL);
	struct tm	 tm;
	const char	*tls, *down;
	int		 x, n = 0;
	bool		 first = true, several = window_group_count() > 1;
	unsigned int	 group = 0;

	if (v->colours) {	/* white on the configured colour */
		st.fg = hot.fg = 0;
		st.bg = hot.bg = v->colour_status;
		st.attr = 0;
		hot.attr = STYLE_BOLD;
	}
	render_clear_row(g, y, st);
	if (localtime_r(&now, &tm) == NULL ||
	    strftime(ts, sizeof ts, "%H:%M", &tm) == 0)
		ts[0] = '\0';
	snprintf(buf, sizeof buf, "[%s] [%s] [%d:%s%s%s]", ts, session_nick(),
	    window_number(cur), several && cur != NULL ?
	    window_group_label(cur->group) : "", several ? "/" : "",
	    cur != NULL ? cur->name : "");
	x = render_text(g, 0, y, g->w, buf, st);
	TAILQ_FOREACH(w, window_list(), entry) {
		n++;
		if (x >= g->w)	/* full: the rest would not show */
			return;
		if (w == cur || (w->unread == 0 && !w->activity))
			continue;
		/* Several servers: each one's windows after its name. */
		if (several && w->group != group) {
			down = session_group_down(w->group);
			snprintf(sep, sizeof sep, "%s%s%s%s%s ", first ?
			    " [Act: " : " | ", window_group_label(w->group),
			    down != NULL ? " (" : "", down != NULL ? down : "",
			    down != NULL ? ")" : "");
		}
		else
			strlcpy(sep, first ? " [Act: " : ",", sizeof sep);
		group = w->group;
		if (w->unread > 0)
			snprintf(buf, sizeof buf, "%s%d:%s(%u)%s", sep, n,
			    w->name, w->unread, w->mention ? "!" : "");
		else
			snprintf(buf, sizeof buf, "%s%d", sep, n);
		x = render_text(g, x, y, g->w, buf, w->mention ? hot : st);
		first = false;
	}
	if (!first)
		x = render_text(g, x, y, g->w, "]", st);
	if (session_lag_ms() >= 0 && session_state() == SESSION_READY)
		snprintf(buf, sizeof buf, " [%s, lag %ldms]",
		    session_state_name(), session_lag_ms());
	else
		snprintf(buf, sizeof buf, " [%s]", session_state_name());
	x = render_text(g, x, y, g->w, buf, st);
	if (session_account() != NULL) {
		snprintf(buf, sizeof buf, " [account %s]", session_account());
		x = render_text(g, x, y, g->w, buf, st);
	} else if (session_login_failed())
		x = render_text(g, x, y, g->w, " [login failed]", hot);
	if ((tls = session_tls_label()) != NULL) {
		snprintf(buf, sizeof buf, " [%s]", tls);
		x = render_text(g, x, y, g->w, buf, strcmp(tls, "TLS") == 0 ?
		    st : hot);
	}
	files_status(buf, sizeof buf);
	x = render_text(g, x, y, g->w, buf, st);
	if (cur != NULL && cur->topic != NULL && *cur->topic != '\0') {
		x = render_text(g, x, y, g->w, " ", st);
		render_text(g, x, y, g->w, cur->topic, st);
	}
}

/* "[#room] " and the line, scrolled sideways to keep the cursor in view. */
static void
render_input(struct grid *g, const struct ui_view *v, int y)
{
	struct style	 plain = { -1, -1, 0 }, bold = { -1, -1, STYLE_BOLD };
	struct glyphs	*gs = &g->scratch;
	struct window	*cur = window_current();
	char		 prompt[128];
	size_t		 i, ncur;
	int		 col = 0, ccol = 0, off = 0, x;

	render_clear_row(g, y, plain);
	g->cy = y;
	wrap_reset(gs);
	if (v->question != NULL) {
		wrap_append(gs, v->question, bold, false);
		ncur = gs->n;
	} else {
		snprintf(prompt, sizeof prompt, "[%s] ",
		    cur != NULL ? cur->name : "");
		wrap_append(gs, prompt, bold, false);
		if (v->prompt != NULL)
			wrap_append(gs, v->prompt, plain, false);
		ncur = gs->n;
		if (v->input != NULL) {
			wrap_append(gs, v->input, plain, false);
			/* the glyphs before the cursor's byte offset */
			while (ncur < gs->n &&
			    (size_t)(gs->v[ncur].s - v->input) < v->point)
				ncur++;
		}
	}
	for (i = 0; i < ncur; i++)
		ccol += gs->v[i].width;
	if (ccol >= g->w)
		off = ccol - g->w + 1;
	for (i = 0, x = 0; i < gs->n; i++) {
		if (col >= off)
			x = render_put(g, col - off, y, g->w, &gs->v[i]);
		col += gs->v[i].width;
		if (x >= g->w)
			break;
	}
	g->cx = ccol - off < g->w ? ccol - off : g->w - 1;
}

void
ui_render(struct grid *g, const struct ui_view *v)
{
	int	rows = ui_render_text_rows(g->h), tw;

	grid_links_clear(g);
	if (g->w <= 0 || g->h <= 0)
		return;
	if (v->menu_title != NULL)
		render_menu(g, v, rows);
	else {
		tw = render_text_width(g, v, window_current());
		render_scrollback(g, v, rows, tw);
		if (tw < g->w)
			render_nicklist(g, v, rows, tw);
	}
	if (g->h >= 2)
		render_status(g, v, g->h - 2);
	render_input(g, v, g->h - 1);
}

void
ui_render_input(struct grid *g, const struct ui_view *v)
{
	if (g->w > 0 && g->h > 0)
		render_input(g, v, g->h - 1);
}
