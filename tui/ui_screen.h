/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* curses owns the terminal: start/stop, resize, and copying the rendered
 * grid to the screen at most once per event loop turn. */
#ifndef UI_SCREEN_H
#define UI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

struct prefs;
struct event_base;

typedef void ui_menu_fn(size_t index, void *arg);

void	ui_start(struct event_base *, const struct prefs *);
void	ui_stop(void);
/* A setting changed (/set key), or NULL at start: apply what it affects. */
void	ui_prefs_changed(const char *key);
/* The model changed: redraw on this turn of the loop. */
void	ui_dirty(void);
/* Forget what the terminal shows and draw everything (Ctrl-L). */
void	ui_redraw_all(void);
int	ui_text_rows(void);
/* Leave: QUIT, then end the loop when the server closes (or soon). */
void	ui_quit(const char *reason);

/* A list to pick from with Up/Down/Enter (items are copied); n may be 0. */
void	ui_menu_set(const char *title, char *const *items, size_t n,
	    ui_menu_fn *, void *arg);
void	ui_menu_close(void);
bool	ui_menu_active(void);
void	ui_menu_move(int);
void	ui_menu_choose(void);

#endif
