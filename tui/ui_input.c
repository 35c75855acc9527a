/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Keys -> readline (callback mode, from the libevent loop) -> commands.
 * readline never touches the terminal: no prep/deprep, no signals, its
 * output goes to /dev/null and its input comes from our key layer. */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include <event2/event.h>

#include "command.h"
#include "complete.h"
#include "history.h"
#include "keys.h"
#include "log.h"
#include "nicklist.h"
#include "search.h"
#include "scrollback.h"
#include "session.h"
#include "ui_input.h"
#include "ui_render.h"
#include "window.h"
#include "xmalloc.h"

#define UI_INPUT_QUEUE		4096
#define UI_INPUT_ESC_USEC	50000	/* a lone ESC after this long */
#define UI_INPUT_HISTORY	1000
#define UI_INPUT_OWN		100	/* lines kept per window for Up */

/* The lines typed in one window, oldest first. */
struct ui_input_own {
	char	*window;
	char	*lines[UI_INPUT_OWN];
	size_t	 n;
};

static struct event	*in_ev;
static struct event	*in_esc_ev;
static struct keys	 in_keys;
static unsigned char	 in_queue[UI_INPUT_QUEUE];
static size_t		 in_head, in_tail;
static bool		 in_handler;	/* inside the line callback */
static bool		 in_load_draft;
static char		*in_history;
static FILE		*in_null_out;
static FILE		*in_null_in;
static char		**in_paste;	/* pasted lines awaiting y/n */
static size_t		 in_npaste;
static char		 in_question[256];
static char		**in_matches;
static struct ui_input_own *in_own;	/* per window */
static size_t		 in_nown;
static size_t		 in_hpos;	/* Ups since the last line */
static char		*in_hdraft;	/* the line before the first Up */
static const struct ui_input_events *in_up;	/* the screen above */

static int	ui_input_getc(FILE *);
static int	ui_input_available(void);
static void	ui_input_redisplay(void);
static void	ui_input_line(char *);
static void	ui_input_feed(const char *, size_t);
static void	ui_input_key(const struct key *);
static void	ui_input_alt(unsigned char);
static void	ui_input_read_cb(int, short, void *);
static void	ui_input_esc_cb(int, short, void *);
static void	ui_input_switch(struct window *, struct window *, void *);
static void	ui_input_apply_draft(void);
static void	ui_input_paste(const char *, size_t);
static void	ui_input_answer(unsigned char);
static void	ui_input_drain(void);
static char   **ui_input_complete(const char *, int, int);
static char	*ui_input_complete_next(const char *, int);
static void	ui_input_show_matches(char **, int, int);
static int	ui_input_next_window(int, int);
static int	ui_input_prev_window(int, int);
static int	ui_input_redraw(int, int);
static int	ui_input_cancel(int, int);
static int	ui_input_search(int, int);
static void	ui_input_history(int);
static void	ui_input_remember(const char *);
static void	ui_input_history_reset(void);

void
ui_input_init(struct event_base *base, const char *history_path,
    const struct ui_input_events *up)
{
	in_up = up;
	keys_init(&in_keys);
	in_null_out = fopen("/dev/null", "w");
	in_null_in = fopen("/dev/null", "r");
	if (in_null_out == NULL || in_null_in == NULL)
		fatal("/dev/null");
	rl_readline_name = "tui-chat";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_prep_term_function = NULL;
	rl_deprep_term_function = NULL;
	rl_instream = in_null_in;
	rl_outstream = in_null_out;
	rl_getc_function = ui_input_getc;
	rl_input_available_hook = ui_input_available;
	rl_redisplay_function = ui_input_redisplay;
	rl_attempted_completion_function = ui_input_complete;
	rl_completion_display_matches_hook = ui_input_show_matches;
	rl_basic_word_break_characters = " ";
	rl_completer_word_break_characters = " ";
	rl_callback_handler_install("", ui_input_line);
	/* After the install, which ran rl_initialize and read ~/.inputrc. */
	rl_variable_bind("enable-bracketed-paste", "off");
	rl_variable_bind("show-all-if-ambiguous", "on");
	rl_bind_key(CTRL('N'), ui_input_next_window);
	rl_bind_key(CTRL('P'), ui_input_prev_window);
	rl_bind_key(CTRL('L'), ui_input_redraw);
	rl_bind_key(CTRL('C'), ui_input_cancel);
	rl_bind_key(CTRL('F'), ui_input_search);
	stifle_history(UI_INPUT_HISTORY);
	in_history = history_path != NULL ? xstrdup(history_path) : NULL;
	if (in_history != NULL)
		read_history(in_history);
	using_history();	/* after reading: Up starts at the newest */
	window_set_switch(ui_input_switch, NULL);
	in_ev = event_new(base, STDIN_FILENO, EV_READ | EV_PERSIST,
	    ui_input_read_cb, NULL);
	in_esc_ev = evtimer_new(base, ui_input_esc_cb, NULL);
	if (in_ev == NULL || in_esc_ev == NULL || event_add(in_ev, NULL) == -1)
		fatalx("cannot watch the terminal");
}

void
ui_input_free(void)
{
	size_t	i;

	if (in_ev == NULL)
		return;
	if (in_history != NULL && write_history(in_history) != 0)
		log_warnx("cannot write history %s", in_history);
	free(in_history);
	rl_callback_handler_remove();
	event_free(in_ev);
	event_free(in_esc_ev);
	in_ev = in_esc_ev = NULL;
	keys_free(&in_keys);
	for (i = 0; i < in_npaste; i++)
		free(in_paste[i]);
	free(in_paste);
	complete_free(in_matches);
	ui_input_history_reset();
	for (i = 0; i < in_nown; i++) {
		while (in_own[i].n > 0)
			free(in_own[i].lines[--in_own[i].n]);
		free(in_own[i].window);
	}
	free(in_own);
	in_own = NULL;
	in_nown = 0;
	fclose(in_null_out);
	fclose(in_null_in);
}

void
ui_input_view(struct ui_view *v)
{
	v->prompt = rl_display_prompt;
	v->input = rl_line_buffer;
	v->point = rl_point > 0 ? (size_t)rl_point : 0;
	v->question = in_npaste > 0 ? in_question : NULL;
}

/* readline reads its keys from our queue, never from the terminal. */
static int
ui_input_getc(FILE *f)
{
	int	c;

	if (in_head == in_tail)
		return (EOF);
	c = in_queue[in_head];
	in_head = (in_head + 1) % UI_INPUT_QUEUE;
	return (c);
}

static int
ui_input_available(void)
{
	return (in_head != in_tail);
}

/* readline wants the line shown: the renderer draws it on its turn. */
static void
ui_input_redisplay(void)
{
	in_up->dirty();
}

/* A complete line: history, then the command layer. */
static void
ui_input_line(char *line)
{
	if (line == NULL)	/* Ctrl-D on an empty line: nothing to do */
		return;
	if (*line != '\0' && !command_secret(line)) {
		add_history(line);
		ui_input_remember(line);
	}
	ui_input_history_reset();
	in_handler = true;
	if (strchr(line, '\n') != NULL)	/* Alt-Enter: ask, like a paste */
		ui_input_paste(line, strlen(line));
	else
		command_input(line);
	in_handler = false;
	free(line);
	in_up->dirty();
}

/* Give bytes to readline, a key at a time. */
static void
ui_input_feed(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		if ((in_tail + 1) % UI_INPUT_QUEUE == in_head)
			ui_input_drain();
		in_queue[in_tail] = (unsigned char)s[i];
		in_tail = (in_tail + 1) % UI_INPUT_QUEUE;
	}
	ui_input_drain();
}

static void
ui_input_drain(void)
{
	while (in_head != in_tail) {
		rl_callback_read_char();
		ui_input_apply_draft();
	}
}

/* Before a window change: keep the draft; after it: load the new one. */
static void
ui_input_switch(struct window *from, struct window *to, void *arg)
{
	if (from != NULL && !in_handler)
		window_set_draft(from, rl_line_buffer, rl_point);
	else if (from != NULL)
		window_set_draft(from, NULL, 0);
	in_load_draft = true;
	ui_input_history_reset();
	if (!RL_ISSTATE(RL_STATE_DISPATCHING) && !in_handler)
		ui_input_apply_draft();
	in_up->dirty();
}

/* Outside readline's own bookkeeping: put the draft in the line. */
static void
ui_input_apply_draft(void)
{
	struct window	*w = window_current();

	if (!in_load_draft || in_handler)
		return;
	in_load_draft = false;
	rl_replace_line(w->draft != NULL ? w->draft : "", 0);
	rl_point = w->draft_point <= rl_end ? w->draft_point : rl_end;
	window_set_draft(w, NULL, 0);
	in_up->dirty();
}

static int
ui_input_next_window(int count, int key)
{
	window_next();
	return (0);
}

static int
ui_input_prev_window(int count, int key)
{
	window_prev();
	return (0);
}

static int
ui_input_redraw(int count, int key)
{
	in_up->redraw_all();
	return (0);
}

/* Ctrl-C: drop the line being typed (the terminal is raw, no SIGINT). */
static int
ui_input_cancel(int count, int key)
{
	rl_replace_line("", 0);
	rl_point = 0;
	in_up->dirty();
	return (0);
}

/* The lines typed in window w, made on first use. */
static struct ui_input_own *
ui_input_own(const struct window *w)
{
	struct ui_input_own	*o;
	size_t			 i;

	for (i = 0; i < in_nown; i++) {
		if (strcmp(in_own[i].window, w->name) == 0)
			return (&in_own[i]);
	}
	in_own = xreallocarray(in_own, in_nown + 1, sizeof *in_own);
	o = &in_own[in_nown++];
	memset(o, 0, sizeof *o);
	o->window = xstrdup(w->name);
	return (o);
}

/* A line typed in the current window, for its own Up history. */
static void
ui_input_remember(const char *line)
{
	struct ui_input_own	*o = ui_input_own(window_current());

	if (o->n > 0 && strcmp(o->lines[o->n - 1], line) == 0)
		return;
	if (o->n == UI_INPUT_OWN) {
		free(o->lines[0]);
		memmove(o->lines, o->lines + 1, --o->n * sizeof *o->lines);
	}
	o->lines[o->n++] = xstrdup(line);
}

static void
ui_input_history_reset(void)
{
	free(in_hdraft);
	in_hdraft = NULL;
	in_hpos = 0;
}

/* Whether line is one of o's (the global history repeats them). */
static bool
ui_input_own_has(const struct ui_input_own *o, const char *line)
{
	size_t	i;

	for (i = 0; i < o->n; i++) {
		if (strcmp(o->lines[i], line) == 0)
			return (true);
	}
	return (false);
}

/* Entry pos (1 the newest) of this window's lines, then of the history
 * of every window and earlier runs; NULL past the oldest. */
static const char *
ui_input_history_get(const struct ui_input_own *o, size_t pos)
{
	HIST_ENTRY	*h;
	size_t		 k = o->n;
	int		 j;

	if (pos <= o->n)
		return (o->lines[o->n - pos]);
	for (j = history_length; j > 0; j--) {
		h = history_get(history_base + j - 1);
		if (h == NULL || ui_input_own_has(o, h->line))
			continue;
		if (++k == pos)
			return (h->line);
	}
	return (NULL);
}

/* Up (+1) and Down (-1): this window's lines first, then all the others;
 * below the newest, the line that was being typed. */
static void
ui_input_history(int d)
{
	struct ui_input_own	*o = ui_input_own(window_current());
	const char		*line;

	if (d > 0) {
		if ((line = ui_input_history_get(o, in_hpos + 1)) == NULL)
			return;
		if (in_hpos == 0) {
			free(in_hdraft);
			in_hdraft = xstrdup(rl_line_buffer);
		}
		in_hpos++;
	} else {
		if (in_hpos == 0)
			return;
		in_hpos--;
		line = in_hpos > 0 ? ui_input_history_get(o, in_hpos) :
		    (in_hdraft != NULL ? in_hdraft : "");
	}
	rl_replace_line(line, 0);
	rl_point = rl_end;
	in_up->dirty();
}

/* Ctrl-F: the next older match, or start typing a /search; in a typed
 * line, one character forward as usual. */
static int
ui_input_search(int count, int key)
{
	struct window	*w = window_current();

	if (search_text(w) != NULL)
		search_next(w);	/* the scroll line says if none */
	else if (rl_end == 0) {
		rl_replace_line("/search ", 0);
		rl_point = rl_end;
	} else
		return (rl_forward_char(count, key));	/* readline's own */
	in_up->dirty();
	return (0);
}

/* y sends the pasted lines, anything else drops them. */
static void
ui_input_answer(unsigned char c)
{
	struct window	*w = window_current();
	size_t		 i;

	if ((c == 'y' || c == 'Y') && w->type != WINDOW_STATUS) {
		for (i = 0; i < in_npaste; i++)
			session_say(w->name, in_paste[i], SESSION_SAY_MSG);
	} else if (c == 'y' || c == 'Y')
		window_print(w, true, "Pasted lines need a room or a query");
	else
		window_print(w, false, "Paste cancelled");
	for (i = 0; i < in_npaste; i++)
		free(in_paste[i]);
	free(in_paste);
	in_paste = NULL;
	in_npaste = 0;
	in_up->dirty();
}

/* One line: into the input line. Several: ask first. */
static void
ui_input_paste(const char *data, size_t len)
{
	struct window	*w = window_current();
	char		*text, *p, *line;
	size_t		 i;

	text = xstrndup(data != NULL ? data : "", len);
	for (i = 0; text[i] != '\0'; i++) {
		if (text[i] == '\r')
			text[i] = text[i + 1] == '\n' ? ' ' : '\n';
		else if (text[i] == '\t' || ((unsigned char)text[i] < 0x20 &&
		    text[i] != '\n'))
			text[i] = ' ';
	}
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
		text[--len] = '\0';
	if (strchr(text, '\n') == NULL) {
		rl_insert_text(text);
		free(text);
		in_up->dirty();
		return;
	}
	p = text;
	while ((line = strsep(&p, "\n")) != NULL) {
		if (*line == '\0')
			continue;
		in_paste = xreallocarray(in_paste, in_npaste + 1,
		    sizeof *in_paste);
		in_paste[in_npaste++] = xstrdup(line);
	}
	free(text);
	snprintf(in_question, sizeof in_question, "Send %zu pasted lines to "
	    "%s? (y/n) ", in_npaste, w->name);
	in_up->dirty();
}

/* Alt-digit picks a window, Alt-Shift-N toggles the nick list (as in
 * WeeChat); other Alt keys are readline's (M-f, M-b). */
static void
ui_input_alt(unsigned char c)
{
	char	alt[2] = { '\033', (char)c };
	int	n;

	if (c == 'N') {
		nicklist_set_shown(!nicklist_shown());
		in_up->dirty();
		return;
	}
	if (c == '\r' || c == '\n') {	/* Alt-Enter: a new line */
		rl_insert_text("\n");
		in_up->dirty();
		return;
	}
	if (c >= '0' && c <= '9') {
		n = c == '0' ? 10 : c - '0';
		if (window_by_number(n) != NULL)
			window_select(window_by_number(n));
		return;
	}
	ui_input_feed(alt, 2);
}

/* Keys readline should see are fed as the ANSI sequences it binds. */
static void
ui_input_key(const struct key *k)
{
	static const char *const seqs[] = {
		[KEYS_UP] = "\033[A", [KEYS_DOWN] = "\033[B",
		[KEYS_RIGHT] = "\033[C", [KEYS_LEFT] = "\033[D",
		[KEYS_HOME] = "\033[H", [KEYS_END] = "\033[F",
		[KEYS_DELETE] = "\033[3~", [KEYS_WORD_LEFT] = "\033b",
		[KEYS_WORD_RIGHT] = "\033f",
	};
	struct window	*w;
	int		 n;

	if (in_npaste > 0 && k->type != KEYS_PASTE && k->type != KEYS_IGNORED) {
		ui_input_answer(k->type == KEYS_BYTES ? k->data[0] : 0);
		if (k->type == KEYS_BYTES && k->len > 1)
			ui_input_feed(k->data + 1, k->len - 1);
		return;
	}
	switch (k->type) {
	case KEYS_BYTES:
		if (in_up->menu_active() && rl_end == 0 && k->data[0] == '\r') {
			in_up->menu_choose();
			ui_input_feed(k->data + 1, k->len - 1);
			return;
		}
		ui_input_feed(k->data, k->len);
		break;
	case KEYS_UP:
	case KEYS_DOWN:
		if (in_up->menu_active() && rl_end == 0)
			in_up->menu_move(k->type == KEYS_UP ? -1 : 1);
		else
			ui_input_history(k->type == KEYS_UP ? 1 : -1);
		break;
	case KEYS_LEFT: case KEYS_RIGHT: case KEYS_HOME: case KEYS_END:
	case KEYS_DELETE: case KEYS_WORD_LEFT: case KEYS_WORD_RIGHT:
		ui_input_feed(seqs[k->type], strlen(seqs[k->type]));
		break;
	case KEYS_ALT:
		ui_input_alt(k->byte);
		break;
	case KEYS_PGUP:
	case KEYS_PGDN:
		/* a page less one line, so the reader keeps context */
		n = in_up->text_rows() > 2 ? in_up->text_rows() - 1 : 1;
		w = window_current();
		window_scroll(w, k->type == KEYS_PGUP ? n : -n);
		/* The oldest line in view: the server may have older ones. */
		if (k->type == KEYS_PGUP &&
		    w->scroll + (size_t)in_up->text_rows() >=
		    scrollback_len(w->sb))
			history_more(w);
		in_up->dirty();
		break;
	case KEYS_PASTE:
		ui_input_paste(k->data, k->len);
		break;
	case KEYS_ESC:
		if (in_up->menu_active())
			in_up->menu_close();
		break;
	case KEYS_IGNORED:
		break;
	}
}

static void
ui_input_read_cb(int fd, short what, void *arg)
{
	struct timeval	 tv = { 0, UI_INPUT_ESC_USEC };
	struct key	 k;
	char		 buf[4096];
	ssize_t		 n;

	n = read(fd, buf, sizeof buf);
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {	/* the terminal is gone */
		event_del(in_ev);
		in_up->quit("terminal closed");
		return;
	}
	evtimer_del(in_esc_ev);
	keys_feed(&in_keys, buf, (size_t)n);
	while (keys_next(&in_keys, &k, false))
		ui_input_key(&k);
	if (keys_pending(&in_keys))
		evtimer_add(in_esc_ev, &tv);
}

/* Nothing more came: what waits is a lone ESC or a broken sequence. */
static void
ui_input_esc_cb(int fd, short what, void *arg)
{
	struct key	k;

	while (keys_next(&in_keys, &k, true))
		ui_input_key(&k);
}

static char **
ui_input_complete(const char *text, int start, int end)
{
	size_t	n;

	rl_attempted_completion_over = 1;
	complete_free(in_matches);
	in_matches = complete_list(text, start == 0, &n);
	if (n == 0)
		return (NULL);
	return (rl_completion_matches(text, ui_input_complete_next));
}

static char *
ui_input_complete_next(const char *text, int state)
{
	static size_t	i;

	if (state == 0)
		i = 0;
	if (in_matches == NULL || in_matches[i] == NULL)
		return (NULL);
	return (xstrdup(in_matches[i++]));
}

/* Several candidates: list them in the window instead of the terminal. */
static void
ui_input_show_matches(char **matches, int num, int max)
{
	char	buf[1024] = "";
	int	i;

	for (i = 1; i <= num; i++) {
		if (strlen(buf) + strlen(matches[i]) + 3 >= sizeof buf)
			break;
		strlcat(buf, matches[i], sizeof buf);
		strlcat(buf, "  ", sizeof buf);
	}
	window_print(NULL, false, "%s", buf);
}
