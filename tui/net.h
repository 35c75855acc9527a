/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The client's one server connection: resolve, connect, frame, queue. */
#ifndef NET_H
#define NET_H

#include <stdbool.h>
#include <stddef.h>

struct event_base;
struct evdns_base;

/*
 * What the connection reports to its user (the session). net.c calls
 * these and nothing above it; the session calls net.
 */
struct net_events {
	void	(*connected)(void);
	/* One server line, len bytes, NUL-terminated, may be modified. */
	void	(*line)(char *line, size_t len);
	/* A server line was dropped (too long, say): why, for the user. */
	void	(*unreadable)(const char *why);
	/* The connection is gone; error: it failed rather than ended. */
	void	(*closed)(const char *why, bool error);
};

void	net_init(struct event_base *, struct evdns_base *,
	    const struct net_events *);
void	net_free(void);

/*
 * Start connecting to host (a name, IPv4 or IPv6 address) and port without
 * blocking: name lookup goes through evdns. The outcome is reported
 * through the net_events (connected or closed). Closes any old connection.
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
