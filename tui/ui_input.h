/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The input line: our key layer in front of GNU readline's callback
 * interface. The only file that includes readline. */
#ifndef UI_INPUT_H
#define UI_INPUT_H

struct event_base;
struct ui_view;

/* Start reading keys from stdin; history comes from history_path. */
void	ui_input_init(struct event_base *, const char *history_path);
void	ui_input_free(void);
/* Fill in the input part of the view (prompt, line, cursor, question). */
void	ui_input_view(struct ui_view *);

#endif
