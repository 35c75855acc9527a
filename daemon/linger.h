/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Closing sockets gracefully: closing with unread input sends RST, and
 * the client could lose the ERROR that says why. */
#ifndef LINGER_H
#define LINGER_H

#include <stdbool.h>

struct event_base;
struct outbuf;
struct bufferevent;

void	linger_init(struct event_base *);
void	linger_shutdown(void);

/*
 * Take over fd and what out holds (out is left empty): write it, half-close,
 * read until EOF or a 2 s deadline, close. With now (or too many
 * lingering) it gets one write and one drain and is closed at once.
 */
void	linger_start(int fd, struct outbuf *out, bool now);
/* The same for a TLS client's bufferevent (freed with its socket at the
 * end), with close_notify after the last bytes. */
void	linger_start_tls(struct bufferevent *, struct outbuf *out, bool now);

#endif
