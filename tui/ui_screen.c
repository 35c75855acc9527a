/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The only file that draws with curses: it copies the cell grid that
 * ui_render.c laid out, and leaves diffing to curses' doupdate(). */

#include <sys/ioctl.h>

#include <curses.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include <event2/event.h>

#include "event.h"
#include "prefs.h"
#include "highlight.h"
#include "log.h"
#include "logfile.h"
#include "nicklist.h"
#include "session.h"
#include "smartfilter.h"
#include "ui_input.h"
#include "ui_render.h"
#include "ui_screen.h"
#include "utf8.h"
#include "window.h"
#include "xmalloc.h"

#define UI_QUIT_WAIT	2	/* seconds the server gets to close */

static struct event_base	*ui_base;
static struct event		*ui_render_ev;
static struct event		*ui_winch_ev;
static struct event		*ui_term_ev;
static struct event		*ui_hup_ev;
static struct event		*ui_int_ev;
static struct event		*ui_clock_ev;
static struct grid		 ui_grid;
static bool			 ui_scheduled;
static bool			 ui_running;
static bool			 ui_quitting;
static const struct prefs	*ui_cfg;
static short			 ui_pairs[17][17];
static short			 ui_next_pair = 1;
static char			*ui_menu_title;
static char			**ui_menu_items;
static size_t			 ui_menu_n;
static size_t			 ui_menu_sel;
static ui_menu_fn		*ui_menu_cb;
static void			*ui_menu_arg;
static enum highlight_notify	 ui_notify;
static char			 ui_title[512];	/* the last title sent */
static char			 ui_notes[4096];	/* sequences to send */
static bool			 ui_hyperlinks;
static uint64_t			*ui_link_sig;	/* per row: links shown */
static int			 ui_link_rows;

static void	ui_render_cb(int, short, void *);
static void	ui_winch_cb(int, short, void *);
static void	ui_term_cb(int, short, void *);
static void	ui_clock_cb(int, short, void *);
static void	ui_observe(const struct chat_event *, struct window *, void *);
static void	ui_copy(void);
static short	ui_pair(int, int);
static int	ui_colour(int);
static void	ui_resize(void);
static void	ui_note(const struct chat_event *, struct window *);
static void	ui_send_title(void);
static void	ui_links(void);

/* What ui_input.c reports up to the screen. */
static const struct ui_input_events ui_screen_input_events = {
	ui_dirty, ui_redraw_all, ui_text_rows, ui_quit, ui_menu_active,
	ui_menu_move, ui_menu_choose, ui_menu_close
};

void
ui_start(struct event_base *base, const struct prefs *cfg)
{
	struct timeval	 tv = { 20, 0 };
	char		*history;

	ui_base = base;
	ui_cfg = cfg;
	if (initscr() == NULL)
		fatalx("cannot start curses (is TERM set?)");
	raw();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, FALSE);
	if (has_colors()) {
		start_color();
		use_default_colors();
	}
	log_set_quiet(true);
	ui_prefs_changed(NULL);
	/* Bracketed paste, parsed by keys.c; keep the terminal's title. */
	fputs("\033[?2004h", stdout);
	if (cfg->title)
		fputs("\033[22;0t", stdout);
	fflush(stdout);
	ui_render_ev = event_new(base, -1, 0, ui_render_cb, NULL);
	ui_winch_ev = evsignal_new(base, SIGWINCH, ui_winch_cb, NULL);
	ui_term_ev = evsignal_new(base, SIGTERM, ui_term_cb, NULL);
	ui_hup_ev = evsignal_new(base, SIGHUP, ui_term_cb, NULL);
	ui_int_ev = evsignal_new(base, SIGINT, ui_term_cb, NULL);
	ui_clock_ev = event_new(base, -1, EV_PERSIST, ui_clock_cb, NULL);
	if (ui_render_ev == NULL || ui_winch_ev == NULL || ui_term_ev == NULL ||
	    ui_hup_ev == NULL || ui_int_ev == NULL || ui_clock_ev == NULL ||
	    evsignal_add(ui_winch_ev, NULL) == -1 ||
	    evsignal_add(ui_term_ev, NULL) == -1 ||
	    evsignal_add(ui_hup_ev, NULL) == -1 ||
	    evsignal_add(ui_int_ev, NULL) == -1 ||
	    event_add(ui_clock_ev, &tv) == -1)
		fatalx("cannot set up the screen's events");
	ui_running = true;
	nicklist_set_shown(cfg->nicklist);
	nicklist_set_observer(ui_dirty);
	grid_resize(&ui_grid, COLS, LINES);
	window_set_observer(ui_observe, NULL);
	history = prefs_state_path("history");
	ui_input_init(base, history, &ui_screen_input_events);
	free(history);
	ui_dirty();
}

void
ui_prefs_changed(const char *key)
{
	char	*logs;

	if (key == NULL || strcmp(key, "log") == 0) {
		logs = ui_cfg->log ? prefs_data_path("logs") : NULL;
		logfile_init(logs);
		free(logs);
	}
	if (key != NULL && strcmp(key, "nicklist") == 0)
		nicklist_set_shown(ui_cfg->nicklist);
	if (key != NULL && strcmp(key, "scrollback") == 0)
		window_init(ui_cfg->scrollback);	/* for new windows */
	smartfilter_set(ui_cfg->smart_filter, ui_cfg->smart_filter_delay * 60L);
	highlight_set_words(ui_cfg->highlight);
	ui_hyperlinks = ui_cfg->hyperlinks && (getenv("TERM") == NULL ||
	    strcmp(getenv("TERM"), "linux") != 0);
	ui_link_rows = 0;
	if (highlight_notify_kind(ui_cfg->notify, &ui_notify) == -1)
		ui_notify = HIGHLIGHT_NOTIFY_OFF;
	ui_redraw_all();
}

void
ui_stop(void)
{
	if (!ui_running)
		return;
	ui_running = false;
	nicklist_set_observer(NULL);
	ui_input_free();
	ui_menu_close();
	event_free(ui_render_ev);
	event_free(ui_winch_ev);
	event_free(ui_term_ev);
	event_free(ui_hup_ev);
	event_free(ui_int_ev);
	event_free(ui_clock_ev);
	grid_free(&ui_grid);
	free(ui_link_sig);
	ui_link_sig = NULL;
	ui_link_rows = 0;
	fputs("\033[?2004l", stdout);
	if (ui_cfg->title)
		fputs("\033[23;0t", stdout);
	fflush(stdout);
	endwin();
	highlight_free();
	logfile_init(NULL);
	log_set_quiet(false);
}

void
ui_dirty(void)
{
	if (!ui_running || ui_scheduled)
		return;
	ui_scheduled = true;
	event_active(ui_render_ev, EV_TIMEOUT, 1);
}

void
ui_redraw_all(void)
{
	clearok(curscr, TRUE);
	ui_link_rows = 0;	/* links are drawn again too */
	ui_dirty();
}

int
ui_text_rows(void)
{
	return (ui_render_text_rows(ui_grid.h));
}

void
ui_quit(const char *reason)
{
	struct timeval	tv = { UI_QUIT_WAIT, 0 };

	ui_quitting = true;
	session_quit_all(reason);
	if (session_all_idle())
		event_base_loopexit(ui_base, NULL);
	else
		event_base_loopexit(ui_base, &tv);
}

/* Every stored event: redraw; leave once the server let us go. */
static void
ui_observe(const struct chat_event *ev, struct window *w, void *arg)
{
	ui_dirty();
	if (ev->type == CHAT_CONNECTED)
		ui_menu_close();	/* the picker did its job */
	if (ev->type == CHAT_DISCONNECTED && ui_quitting && session_all_idle())
		event_base_loopexit(ui_base, NULL);
	if ((ev->flags & (CHAT_MENTION | CHAT_PRIVATE)) &&
	    !(ev->flags & (CHAT_SELF | CHAT_HISTORY)) && w != window_current())
		beep();
	ui_note(ev, w);
}

/* A mention or a private message: a desktop notification, sent after
 * the next screen update (bounded: a flood of them is cut). */
static void
ui_note(const struct chat_event *ev, struct window *w)
{
	char	seq[512];

	if (ui_notify == HIGHLIGHT_NOTIFY_OFF || w == NULL ||
	    !(ev->flags & (CHAT_MENTION | CHAT_PRIVATE)) ||
	    (ev->flags & CHAT_SELF) || (ev->type != CHAT_MSG &&
	    ev->type != CHAT_ACTION && ev->type != CHAT_NOTICE))
		return;
	highlight_notification(ui_notify, ev->from, w->name, ev->text, seq,
	    sizeof seq);
	if (strlen(ui_notes) + strlen(seq) < sizeof ui_notes)
		strlcat(ui_notes, seq, sizeof ui_notes);
	ui_dirty();
}

/* The title counts the windows with unread mentions; sent when it changes. */
static void
ui_send_title(void)
{
	struct window	*w;
	char		 title[sizeof ui_title];
	size_t		 nmention = 0;

	TAILQ_FOREACH(w, window_list(), entry)
		nmention += w->mention;
	highlight_title(nmention, title, sizeof title);
	if (strcmp(title, ui_title) == 0)
		return;
	strlcpy(ui_title, title, sizeof ui_title);
	fputs(title, stdout);
}

/* mIRC colour number -> curses colour. */
static int
ui_colour(int c)
{
	static const int	c16[16] = { 15, 0, 4, 2, 9, 1, 5, 3, 11, 10,
				    6, 14, 12, 13, 8, 7 };
	static const int	c8[16] = { 7, 0, 4, 2, 1, 1, 5, 3, 3, 2, 6,
				    6, 4, 5, 7, 7 };

	if (c < 0 || c > 15)
		return (-1);
	return (COLORS >= 16 ? c16[c] : c8[c]);
}

/* A colour pair for fg/bg, made on first use. */
static short
ui_pair(int fg, int bg)
{
	short	*p;

	if (!has_colors() || !ui_cfg->colours || (fg < 0 && bg < 0))
		return (0);
	p = &ui_pairs[fg + 1][bg + 1];
	if (*p == 0 && ui_next_pair < COLOR_PAIRS) {
		if (init_pair(ui_next_pair, ui_colour(fg), ui_colour(bg)) == OK)
			*p = ui_next_pair++;
	}
	return (*p);
}

/* Copy the grid into curses' stdscr. */
static void
ui_copy(void)
{
	struct cell	*c;
	cchar_t		 cc;
	wchar_t		 wc[GLYPH_MAX + 1];
	attr_t		 a;
	uint32_t	 cp;
	int		 x, y, n, k;
	size_t		 i;

	for (y = 0; y < ui_grid.h && y < LINES; y++) {
		for (x = 0; x < ui_grid.w && x < COLS; x++) {
			c = grid_cell(&ui_grid, x, y);
			if (c->width == 0)
				continue;	/* right half of a wide one */
			for (i = 0, k = 0; c->s[i] != '\0' && k < GLYPH_MAX;
			    i += n) {
				n = utf8_decode(c->s + i, strlen(c->s + i), &cp);
				if (n <= 0)
					break;
				wc[k++] = (wchar_t)cp;
			}
			wc[k] = L'\0';
			if (k == 0) {
				wc[k++] = L' ';
				wc[k] = L'\0';
			}
			a = A_NORMAL;
			if (c->style.attr & STYLE_BOLD)
				a |= A_BOLD;
			if (c->style.attr & STYLE_UNDERLINE)
				a |= A_UNDERLINE;
			if (c->style.attr & STYLE_REVERSE)
				a |= A_REVERSE;
			if (c->style.attr & STYLE_ITALIC)
				a |= A_ITALIC;
			if (c->style.attr & STYLE_DIM)
				a |= A_DIM;
			setcchar(&cc, wc, a, ui_pair(c->style.fg, c->style.bg),
			    NULL);
			mvadd_wch(y, x, &cc);
		}
	}
	move(ui_grid.cy, ui_grid.cx);
}

/* At most once per loop turn: lay out, copy, one doupdate(). */
static void
ui_render_cb(int fd, short what, void *arg)
{
	struct ui_view	v;

	ui_scheduled = false;
	memset(&v, 0, sizeof v);
	ui_input_view(&v);
	v.time_format = ui_cfg->time_format;
	v.colours = ui_cfg->colours;
	v.colour_mention = ui_cfg->colour_mention;
	v.colour_status = ui_cfg->colour_status;
	v.nicklist_width = nicklist_shown() ? ui_cfg->nicklist_width : 0;
	if (ui_menu_title != NULL) {
		v.menu_title = ui_menu_title;
		v.menu = ui_menu_items;
		v.nmenu = ui_menu_n;
		v.menu_sel = ui_menu_sel;
	}
	ui_render(&ui_grid, &v);
	ui_copy();
	wnoutrefresh(stdscr);
	doupdate();
	logfile_flush();
	if (ui_hyperlinks)
		ui_links();
	if (ui_cfg->title)
		ui_send_title();
	if (ui_cfg->title || ui_hyperlinks || ui_notes[0] != '\0') {
		fputs(ui_notes, stdout);
		ui_notes[0] = '\0';
		fflush(stdout);
	}
}

/* SGR for a cell's style, as curses would draw it. */
static void
ui_link_sgr(const struct style *st)
{
	int	fg = ui_cfg->colours ? ui_colour(st->fg) : -1;
	int	bg = ui_cfg->colours ? ui_colour(st->bg) : -1;

	printf("\033[0%s%s%s%s%s", (st->attr & STYLE_BOLD) ? ";1" : "",
	    (st->attr & STYLE_DIM) ? ";2" : "",
	    (st->attr & STYLE_ITALIC) ? ";3" : "",
	    (st->attr & STYLE_UNDERLINE) ? ";4" : "",
	    (st->attr & STYLE_REVERSE) ? ";7" : "");
	if (fg >= 0)
		printf(";%d", fg < 8 ? 30 + fg : 90 + fg - 8);
	if (bg >= 0)
		printf(";%d", bg < 8 ? 40 + bg : 100 + bg - 8);
	putchar('m');
}

/* A row's links as a number: its linked cells, their places and URLs. */
static uint64_t
ui_link_hash(int y)
{
	struct cell	*c;
	uint64_t	 h = 0;
	const char	*s;
	int		 x;

	for (x = 0; x < ui_grid.w; x++) {
		c = grid_cell(&ui_grid, x, y);
		if (c->link == 0)
			continue;
		h = (h ^ (uint64_t)x) * 1099511628211u;
		for (s = ui_grid.links[c->link - 1]; *s != '\0'; s++)
			h = (h ^ (unsigned char)*s) * 1099511628211u;
		for (s = c->s; *s != '\0'; s++)
			h = (h ^ (unsigned char)*s) * 1099511628211u;
		h |= 1;		/* never 0 once a link is seen */
	}
	return (h);
}

/* Draw row y's linked cells again inside OSC 8 (curses knows nothing of
 * hyperlinks); the URLs hold printable ASCII only (url.c). */
static void
ui_link_row(int y)
{
	struct cell	*c;
	struct style	 last = { -2, -2, 0 };
	int		 x, id = 0;

	for (x = 0; x < ui_grid.w && x < COLS; x++) {
		c = grid_cell(&ui_grid, x, y);
		if (c->link != id && id != 0)
			fputs("\033]8;;\033\\", stdout);
		if (c->link != id)
			last.fg = -2;	/* moved: say the style again */
		if (c->link != id && c->link != 0)
			printf("\033[%d;%dH\033]8;;%s\033\\", y + 1, x + 1,
			    ui_grid.links[c->link - 1]);
		id = c->link;
		if (id == 0 || c->width == 0)
			continue;
		if (memcmp(&c->style, &last, sizeof last) != 0)
			ui_link_sgr(&c->style);
		last = c->style;
		fputs(c->s[0] != '\0' ? c->s : " ", stdout);
	}
	if (id != 0)
		fputs("\033]8;;\033\\", stdout);
}

/* After doupdate(): rows whose links changed get them drawn again, between
 * a cursor save and restore (which also restores curses' attributes). */
static void
ui_links(void)
{
	uint64_t	h;
	bool		saved = false;
	int		y;

	if (ui_link_rows != ui_grid.h) {
		ui_link_sig = xreallocarray(ui_link_sig, ui_grid.h + 1,
		    sizeof *ui_link_sig);
		memset(ui_link_sig, 0, (ui_grid.h + 1) * sizeof *ui_link_sig);
		ui_link_rows = ui_grid.h;
	}
	for (y = 0; y < ui_grid.h && y < LINES; y++) {
		h = ui_grid.nlinks > 0 ? ui_link_hash(y) : 0;
		if (h == ui_link_sig[y])
			continue;
		ui_link_sig[y] = h;
		if (h == 0)
			continue;
		if (!saved)
			fputs("\0337", stdout);
		saved = true;
		ui_link_row(y);
	}
	if (saved)
		fputs("\0338", stdout);
}

/* The terminal's new size, from the tty itself. */
static void
ui_resize(void)
{
	struct winsize	ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 &&
	    ws.ws_row > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	grid_resize(&ui_grid, COLS, LINES);
	clear();
	ui_link_rows = 0;
	ui_dirty();
}

static void
ui_winch_cb(int sig, short what, void *arg)
{
	ui_resize();
}

static void
ui_term_cb(int sig, short what, void *arg)
{
	ui_quit(sig == SIGHUP ? "terminal closed" : "terminated");
}

/* The clock in the status line. */
static void
ui_clock_cb(int fd, short what, void *arg)
{
	ui_dirty();
}

void
ui_menu_set(const char *title, char *const *items, size_t n, ui_menu_fn *cb,
    void *arg)
{
	size_t	i, sel = ui_menu_sel;

	ui_menu_close();
	ui_menu_title = xstrdup(title);
	ui_menu_items = xcalloc(n + 1, sizeof *ui_menu_items);
	for (i = 0; i < n; i++)
		ui_menu_items[i] = xstrdup(items[i]);
	ui_menu_n = n;
	ui_menu_sel = sel < n ? sel : 0;
	ui_menu_cb = cb;
	ui_menu_arg = arg;
	ui_dirty();
}

void
ui_menu_close(void)
{
	size_t	i;

	if (ui_menu_title == NULL)
		return;
	for (i = 0; i < ui_menu_n; i++)
		free(ui_menu_items[i]);
	free(ui_menu_items);
	free(ui_menu_title);
	ui_menu_items = NULL;
	ui_menu_title = NULL;
	ui_menu_n = 0;
	ui_dirty();
}

bool
ui_menu_active(void)
{
	return (ui_menu_title != NULL);
}

void
ui_menu_move(int d)
{
	if (ui_menu_n == 0)
		return;
	if (d < 0 && ui_menu_sel > 0)
		ui_menu_sel--;
	else if (d > 0 && ui_menu_sel + 1 < ui_menu_n)
		ui_menu_sel++;
	ui_dirty();
}

void
ui_menu_choose(void)
{
	ui_menu_fn	*cb = ui_menu_cb;
	void		*arg = ui_menu_arg;
	size_t		 sel = ui_menu_sel;

	if (ui_menu_n == 0)
		return;
	ui_menu_close();
	if (cb != NULL)
		cb(sel, arg);
}
