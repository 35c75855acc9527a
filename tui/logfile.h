/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Plain-text logs of rooms and queries, one line per message with an ISO
 * 8601 time, under DIR/NETWORK/NAME.log; written once per loop turn. */
#ifndef LOGFILE_H
#define LOGFILE_H

#include <stdbool.h>
#include <time.h>

#include "scrollback.h"

/* Start logging under dir (NULL: stop and close everything). */
void	logfile_init(const char *dir);
/*
 * server: "host:port" of the window's server; the logs go into a folder
 * named after the host ("_" when NULL), one file per window.
 * One displayed line of window name (text sanitised, may hold mIRC codes).
 */
void	logfile_line(const char *server, const char *window, time_t,
	    enum sb_kind, const char *nick, const char *text);
/* Whether window is logged; /log on|off. */
bool	logfile_enabled(const char *server, const char *window);
void	logfile_enable(const char *server, const char *window, bool);
/* Where window's log is (the caller frees it), NULL when not logging. */
char	*logfile_path(const char *server, const char *window);
/* Write what is buffered (once per loop turn). */
void	logfile_flush(void);

#endif
