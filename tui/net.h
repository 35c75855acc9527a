/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The client's server connections (one struct net per server): resolve,
 * connect, frame, queue. */
#ifndef NET_H
#define NET_H

#include <stdbool.h>
#include <stddef.h>

struct event_base;
struct evdns_base;
struct net;

/*
 * What the connection reports to its user (the session). net.c calls
 * these and nothing above it; the session calls net. arg: the one given
 * to net_new (the session's server).
 */
struct net_events {
	void	(*connected)(void *arg);
	/* One server line, len bytes, NUL-terminated, may be modified. */
	void	(*line)(void *arg, char *line, size_t len);
	/* A server line was dropped (too long, say): why, for the user. */
	void	(*unreadable)(void *arg, const char *why);
	/* The connection is gone; error: it failed rather than ended. */
	void	(*closed)(void *arg, const char *why, bool error);
	/* TLS is up: how the server was trusted (insecure: not at all). */
	void	(*tls)(void *arg, const char *text, bool insecure);
};

/* How the next connections use TLS (net_set_tls copies it). */
struct net_tls {
	bool		 on;
	bool		 insecure;	/* no verification at all */
	const char	*cert;		/* client certificate (PEM); NULL: none */
	const char	*key;		/* its key; NULL: in cert */
	const char	*pin;		/* fingerprint (hex) the LAN announced:
					 * it counts as the first use */
};

void	net_init(struct event_base *, struct evdns_base *);
/* A connection of its own, reporting to events with arg. */
struct net *net_new(const struct net_events *, void *arg);
void	net_free(struct net *);

/*
 * Start connecting to host (a name, IPv4 or IPv6 address) and port without
 * blocking: name lookup goes through evdns. The outcome is reported
 * through the net_events (connected or closed). Closes any old connection.
 */
void	net_connect(struct net *, const char *host, int port);
struct bufferevent;
/*
 * Take bev, already connected, as the server connection (the client
 * fuzzer's end of a bufferevent pair: no socket, no name lookup); the
 * session hears connected at once. Closes any old connection; net owns
 * bev from now on.
 */
void	net_adopt(struct net *, struct bufferevent *);
/* Drop the connection at once, without telling the session. */
void	net_close(struct net *);
/* Close once everything queued has been written. */
void	net_close_flush(struct net *);
bool	net_connected(const struct net *);

/*
 * Use TLS (or not) from the next net_connect on. A CA-verified server is
 * trusted; another is pinned in known_hosts on first use, and a changed
 * certificate refuses the connection. -1 and *cause (the caller frees
 * it) when the client certificate cannot be loaded.
 */
int	net_set_tls(struct net *, const struct net_tls *, char **cause);
/* Discovery said TLS: use it from the next connection, with pin (hex, or
 * NULL) as the announced fingerprint; the client certificate stays. */
void	net_use_tls(struct net *, const char *pin);
/* "TLS", "TLS insecure", or NULL for a plain or no connection. */
const char *net_tls_label(const struct net *);
/* Queue one complete line (CRLF included). -1 if not connected. */
int	net_send(struct net *, const char *line, size_t len);

#endif
