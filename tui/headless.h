/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* --headless: stdin lines in as typed input, one JSON event per line out. */
#ifndef HEADLESS_H
#define HEADLESS_H

struct event_base;

/* Read stdin and print events; the caller then connects and runs the loop.
 * Returns -1 with *cause (the caller frees it) if stdin cannot be used. */
int	headless_start(struct event_base *, char **cause);
void	headless_stop(void);
/* The exit status once the loop has ended. */
int	headless_status(void);
/* /quit typed (or read): quit and exit 0 when the server lets us go. */
void	headless_quit(const char *reason);

#endif
