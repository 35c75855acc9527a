/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The input line: our key layer in front of GNU readline's callback
 * interface. The only file that includes readline. */
#ifndef UI_INPUT_H
#define UI_INPUT_H

#include <stdbool.h>

struct event_base;
struct ui_view;

/*
 * What the input line needs from the screen above it: ui_input.c reports
 * up through this table and never includes ui_screen.h (ui_screen.c passes
 * ui_screen_input_events).
 */
struct ui_input_events {
	void	(*dirty)(void);		/* the line changed: redraw */
	void	(*redraw_all)(void);	/* Ctrl-L */
	int	(*text_rows)(void);	/* rows a page scrolls */
	void	(*quit)(const char *);	/* the terminal is gone */
	bool	(*menu_active)(void);	/* a list to pick from is shown */
	void	(*menu_move)(int);
	void	(*menu_choose)(void);
	void	(*menu_close)(void);
};

/* Start reading keys from stdin; history comes from history_path. */
void	ui_input_init(struct event_base *, const char *history_path,
	    const struct ui_input_events *);
void	ui_input_free(void);
/* Fill in the input part of the view (prompt, line, cursor, question). */
void	ui_input_view(struct ui_view *);

#endif
