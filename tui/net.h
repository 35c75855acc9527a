/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The client's one server connection: resolve, connect, frame, queue. */
#ifndef NET_H
#define NET_H

#include <stdbool.h>
#include <stddef.h>

struct event_base;
struct evdns_base;

void	net_init(struct event_base *, struct evdns_base *);
void	net_free(void);

/*
 * Start connecting to host (a name, IPv4 or IPv6 address) and port without
 * blocking: name lookup goes through evdns. The session hears the outcome
 * (session_net_connected / session_net_closed). Closes any old connection.
 */
void	net_connect(const char *host, int port);
/* Drop the connection at once, without telling the session. */
void	net_close(void);
/* Close once everything queued has been written. */
void	net_close_flush(void);
bool	net_connected(void);
/* Queue one complete line (CRLF included). -1 if not connected. */
int	net_send(const char *line, size_t len);

#endif
