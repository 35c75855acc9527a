/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The only file that draws with curses: it copies the cells of the grid
 * ui_render.c laid out that differ from what stdscr holds, at most
 * every UI_FRAME_MS for the model (UI_FLOOD_MS in a flood), at once for a
 * key. */

#include <sys/ioctl.h>

#include <curses.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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
#define UI_FRAME_MS	16	/* at most ~60 model frames a second */
#define UI_FLOOD_MS	33	/* ~30 while most rows change every frame */

static struct event_base	*ui_base;
static struct event		*ui_render_ev;	/* a frame on this turn */
static struct event		*ui_frame_ev;	/* a frame when one is due */
static struct event		*ui_winch_ev;
static struct event		*ui_term_ev;
static struct event		*ui_hup_ev;
static struct event		*ui_int_ev;
static struct event		*ui_clock_ev;
static struct grid		 ui_grid;
static struct grid		 ui_shown;	/* what stdscr holds */
static bool			 ui_shown_valid;
static bool			 ui_scheduled;	/* ui_render_ev is active */
static bool			 ui_timed;	/* ui_frame_ev is pending */
static bool			 ui_full;	/* the model changed */
static bool			 ui_keyed;	/* the input line changed */
static struct timespec		 ui_frame_last;	/* the last whole frame */
static long			 ui_frame_ms = UI_FRAME_MS;	/* till the next */
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
static void	ui_dirty_input(void);
static void	ui_schedule(void);
static long	ui_frame_wait(void);
static void	ui_view_fill(struct ui_view *);
static int	ui_copy(int, int);
static void	ui_update(void);
static short	ui_pair(int, int);
static int	ui_colour(int);
static void	ui_resize(void);
static void	ui_note(const struct chat_event *, struct window *);
static void	ui_send_title(void);
static void	ui_links(void);

/* What ui_input.c reports up to the screen. */
static const struct ui_input_events ui_screen_input_events = {
	ui_dirty_input, ui_redraw_all, ui_text_rows, ui_quit, ui_menu_active,
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
	ui_frame_ev = evtimer_new(base, ui_render_cb, &ui_timed);
	ui_winch_ev = evsignal_new(base, SIGWINCH, ui_winch_cb, NULL);
	ui_term_ev = evsignal_new(base, SIGTERM, ui_term_cb, NULL);
	ui_hup_ev = evsignal_new(base, SIGHUP, ui_term_cb, NULL);
	ui_int_ev = evsignal_new(base, SIGINT, ui_term_cb, NULL);
	ui_clock_ev = event_new(base, -1, EV_PERSIST, ui_clock_cb, NULL);
	if (ui_render_ev == NULL || ui_frame_ev == NULL || ui_winch_ev == NULL ||
	    ui_term_ev == NULL || ui_hup_ev == NULL || ui_int_ev == NULL || ui_clock_ev == NULL ||
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
	grid_resize(&ui_shown, COLS, LINES);
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
	event_free(ui_frame_ev);
	event_free(ui_winch_ev);
	event_free(ui_term_ev);
	event_free(ui_hup_ev);
	event_free(ui_int_ev);
	event_free(ui_clock_ev);
	grid_free(&ui_grid);
	grid_free(&ui_shown);
	ui_shown_valid = false;
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
	if (!ui_running)
		return;
	ui_full = true;
	ui_schedule();
}

/* A key changed the input line: it is drawn on this turn, the rest of
 * the screen (a window switch, a scroll) with the next frame. */
static void
ui_dirty_input(void)
{
	if (!ui_running)
		return;
	ui_keyed = true;
	ui_full = true;
	if (!ui_scheduled) {
		ui_scheduled = true;
		event_active(ui_render_ev, EV_TIMEOUT, 1);
	}
}

/* Milliseconds until the next whole frame may be drawn (0: now). */
static long
ui_frame_wait(void)
{
	struct timespec	now;
	long		ms;

	if (clock_gettime(CLOCK_MONOTONIC, &now) == -1)
		return (0);
	ms = (now.tv_sec - ui_frame_last.tv_sec) * 1000 +
	    (now.tv_nsec - ui_frame_last.tv_nsec) / 1000000;
	return (ms >= 0 && ms < ui_frame_ms ? ui_frame_ms - ms : 0);
}

/* Draw the model's changes on this turn, or when the frame is due: a
 * flood of lines costs one frame per UI_FRAME_MS, not one per line. */
static void
ui_schedule(void)
{
	struct timeval	tv = { 0, 0 };
	long		ms;

	if (ui_scheduled || ui_timed)
		return;
	if ((ms = ui_frame_wait()) == 0) {
		ui_scheduled = true;
		event_active(ui_render_ev, EV_TIMEOUT, 1);
		return;
	}
	tv.tv_usec = ms * 1000;
	if (evtimer_add(ui_frame_ev, &tv) == -1) {
		ui_scheduled = true;
		event_active(ui_render_ev, EV_TIMEOUT, 1);
		return;
	}
	ui_timed = true;
}

void
ui_redraw_all(void)
{
	clearok(curscr, TRUE);
	ui_shown_valid = false;
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
	highlight_notification(ui_notify, ev->from,
	    w->type == WINDOW_QUERY ? NULL : w->name, ev->text, seq,
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

/* Whether two cells look the same (links are drawn apart, ui_links). */
static bool
ui_cell_same(const struct cell *a, const struct cell *b)
{
	return (a->width == b->width && a->style.fg == b->style.fg &&
	    a->style.bg == b->style.bg && a->style.attr == b->style.attr &&
	    strcmp(a->s, b->s) == 0);
}

/* curses attributes for our style bits. */
static attr_t
ui_attr(uint8_t attr)
{
	attr_t	a = A_NORMAL;

	if (attr & STYLE_BOLD)
		a |= A_BOLD;
	if (attr & STYLE_UNDERLINE)
		a |= A_UNDERLINE;
	if (attr & STYLE_REVERSE)
		a |= A_REVERSE;
	if (attr & STYLE_ITALIC)
		a |= A_ITALIC;
	if (attr & STYLE_DIM)
		a |= A_DIM;
	return (a);
}

/* A cell's text as wide characters (a blank for none). */
static void
ui_cell_wide(const struct cell *c, wchar_t *wc)
{
	uint32_t	cp;
	size_t		i;
	int		n, k = 0;

	if ((unsigned char)c->s[0] < 0x80 && c->s[0] != '\0' &&
	    c->s[1] == '\0') {
		wc[0] = (wchar_t)c->s[0];	/* ASCII: most cells */
		wc[1] = L'\0';
		return;
	}
	for (i = 0; c->s[i] != '\0' && k < GLYPH_MAX; i += n) {
		n = utf8_decode(c->s + i, strlen(c->s + i), &cp);
		if (n <= 0)
			break;
		wc[k++] = (wchar_t)cp;
	}
	if (k == 0)
		wc[k++] = L' ';
	wc[k] = L'\0';
}

/* Copy rows y0 to y1 (not included) of the grid into curses' stdscr: only
 * the cells that differ from what it holds, so a frame costs what changed.
 * Returns the number of rows that changed. */
static int
ui_copy(int y0, int y1)
{
	struct cell	*c, *old;
	struct style	 last = { -2, -2, 0 };
	cchar_t		 cc;
	wchar_t		 wc[GLYPH_MAX + 1];
	attr_t		 a = A_NORMAL;
	short		 pair = 0;
	int		 x, y, rows = 0;
	bool		 changed;

	if (ui_shown.w != ui_grid.w || ui_shown.h != ui_grid.h) {
		grid_resize(&ui_shown, ui_grid.w, ui_grid.h);
		ui_shown_valid = false;
	}
	for (y = y0; y < y1 && y < ui_grid.h && y < LINES; y++) {
		changed = false;
		for (x = 0; x < ui_grid.w && x < COLS; x++) {
			c = grid_cell(&ui_grid, x, y);
			old = grid_cell(&ui_shown, x, y);
			if (ui_shown_valid && ui_cell_same(c, old))
				continue;
			*old = *c;
			changed = true;
			if (c->width == 0)
				continue;	/* right half of a wide one */
			if (memcmp(&c->style, &last, sizeof last) != 0) {
				last = c->style;
				a = ui_attr(c->style.attr);
				pair = ui_pair(c->style.fg, c->style.bg);
			}
			ui_cell_wide(c, wc);
			setcchar(&cc, wc, a, pair, NULL);
			mvadd_wch(y, x, &cc);
		}
		rows += changed;
	}
	move(ui_grid.cy, ui_grid.cx);
	return (rows);
}

/* What the renderer needs besides the model. */
static void
ui_view_fill(struct ui_view *v)
{
	memset(v, 0, sizeof *v);
	ui_input_view(v);
	v->time_format = ui_cfg->time_format;
	v->colours = ui_cfg->colours;
	v->colour_mention = ui_cfg->colour_mention;
	v->colour_status = ui_cfg->colour_status;
	v->nicklist_width = nicklist_shown() ? ui_cfg->nicklist_width : 0;
	if (ui_menu_title != NULL) {
		v->menu_title = ui_menu_title;
		v->menu = ui_menu_items;
		v->nmenu = ui_menu_n;
		v->menu_sel = ui_menu_sel;
	}
}

/* One doupdate(), then what curses cannot say: links, title, notes. */
static void
ui_update(void)
{
	wnoutrefresh(stdscr);
	doupdate();
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

/* A key's echo first (the input line alone, at once), then a whole frame
 * when the model changed and one is due: lay out, copy the changes, one
 * doupdate(). */
static void
ui_render_cb(int fd, short what, void *arg)
{
	struct ui_view	v;

	if (arg == NULL)
		ui_scheduled = false;
	else
		ui_timed = false;
	ui_view_fill(&v);
	if (ui_keyed && ui_grid.h > 0) {
		ui_keyed = false;
		ui_render_input(&ui_grid, &v);
		ui_copy(ui_grid.h - 1, ui_grid.h);
		ui_update();
	}
	if (!ui_full)
		return;
	if (ui_frame_wait() > 0) {
		ui_schedule();
		return;
	}
	ui_full = false;
	clock_gettime(CLOCK_MONOTONIC, &ui_frame_last);
	ui_render(&ui_grid, &v);
	/* A flood rewrites most rows: fewer frames then, fewer bytes for
	 * the terminal to parse, the same lines to read. */
	ui_frame_ms = ui_copy(0, ui_grid.h) > ui_grid.h / 2 ? UI_FLOOD_MS :
	    UI_FRAME_MS;
	ui_shown_valid = true;
	ui_update();
	logfile_flush();
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
	ui_shown_valid = false;
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
