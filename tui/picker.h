/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Servers found on the LAN: --discover's list, /discover and the start-up
 * picker (arrow keys + Enter, or type an address). */
#ifndef PICKER_H
#define PICKER_H

struct event_base;

/* --discover: browse about a second, print a line per server. Returns the
 * exit status: 0 if any was found, 1 if none (or no socket). */
int	picker_print(struct event_base *);
/* Browse and offer what is found in a menu; Enter connects. */
void	picker_start(struct event_base *);
void	picker_stop(void);
/* Browse about a second, then list the servers in the current window
 * (/discover without a screen: they become headless events). */
void	picker_report(struct event_base *);

#endif
