/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Client side of the IRC protocol: registration, CAP, PING, nick clashes,
 * reconnection; incoming lines become chat events for the window model.
 * It holds a list of servers, each with its own connection, state and
 * window group; the functions below without a server act on the server
 * of the current window (or, inside one server's callbacks, on that one). */
#ifndef SESSION_H
#define SESSION_H

#include <stdbool.h>
#include <stddef.h>

struct event_base;
struct net_tls;

enum session_state {
	SESSION_IDLE,		/* not connected, not trying */
	SESSION_CONNECTING,	/* resolving or connecting */
	SESSION_REGISTERING,	/* connected, waiting for 001 */
	SESSION_READY,		/* registered */
	SESSION_WAITING		/* lost, reconnecting after a delay */
};

struct session_options {
	const char	*nick;
	const char	*user;
	const char	*realname;
	const char	*password;	/* NULL: no PASS */
	bool		 reconnect;	/* headless mode does not */
	int		 ping_interval;	/* seconds */
	const char	*sasl_mech;	/* "PLAIN", "EXTERNAL" or NULL */
	const char	*sasl_account;
	const char	*sasl_password;	/* PLAIN's; wiped at session_free */
	const char	*lastseen;	/* the last-seen file, or NULL */
};

void		 session_init(struct event_base *, const struct session_options *);
void		 session_free(void);
/* Add a room for the first server to join after every registration
 * (--join). */
void		 session_autojoin(const char *room);

/* Connect the current server to host:port (its address from now on). */
void		 session_connect(const char *host, int port);
/*
 * /connect HOST: connect the current window's server to host:port when
 * it is not connected (offline, waiting to retry, or never connected),
 * else add a server and make its status window current; host:port
 * already in the list is that server, reconnected. tls: use TLS with pin
 * (hex, or NULL). -1 when host:port is another server, connected.
 */
int		 session_add(const char *host, int port, bool tls,
		    const char *pin);
size_t		 session_count(void);
/* The state name of window group group's server unless it is connected
 * (NULL then, or when there is no such server). */
const char	*session_group_down(unsigned int group);
/* The i-th server's "host:port" and state name; NULL past the end. */
const char	*session_nth(size_t i, const char **state);
/* Make the i-th server's status window current; -1 if none. */
int		 session_select(size_t i);
/* Forget the current server and close its windows: only when it is
 * offline and not the last one (-1 otherwise). */
int		 session_remove(void);
/* /quit: QUIT to every server; whether none is connected any more. */
void		 session_quit_all(const char *reason);
bool		 session_all_idle(void);
/* TLS for the servers (the command line's, copied; the ones added later
 * take it without --insecure); -1 and *cause as net_set_tls. */
int		 session_set_tls(const struct net_tls *, char **cause);
/* "TLS", "TLS insecure" or NULL, for the current server. */
const char	*session_tls_label(void);
/* Send QUIT and close; no reconnection afterwards. */
void		 session_quit(const char *reason);
/* Drop the connection now; no reconnection. */
void		 session_disconnect(void);

enum session_state session_state(void);
const char	*session_state_name(void);
const char	*session_nick(void);
const char	*session_server(void);	/* "host:port" or "" */
long		 session_lag_ms(void);	/* -1 when unknown */
/* The account we are logged in to, or NULL; whether a login failed. */
const char	*session_account(void);
bool		 session_login_failed(void);
size_t		 session_line_max(void);

/*
 * Send VERB p1 ... NULL. Parameters are checked (no CR, LF, NUL; fits the
 * line). Returns 0, or -1 after printing why in the current window.
 */
int		 session_send(const char *verb, ...)
		    __attribute__((__sentinel__));
int		 session_sendv(const char *verb, int n,
		    const char *const *params);
/* Send text to target as PRIVMSG (or an ACTION, or a NOTICE), split at
 * UTF-8 boundaries into lines the server accepts; echoes it locally
 * unless the server does (echo-message). */
#define SESSION_SAY_MSG		0
#define SESSION_SAY_ACTION	1
#define SESSION_SAY_NOTICE	2
int		 session_say(const char *target, const char *text, int how);

/* The file host's upload URL from 005 (draft/FILEHOST or
 * soju.im/FILEHOST), or NULL. */
const char	*session_filehost(void);
/* Who hears EXTJWT replies: fn(target, token, NULL), the pieces joined;
 * fn(target or NULL for any, NULL, reason) when the server refused (403,
 * 442, FAIL EXTJWT) or does not know EXTJWT (421). */
typedef void	 session_extjwt_fn(const char *target, const char *token,
		    const char *error);
void		 session_on_extjwt(session_extjwt_fn *);

struct bufferevent;
/* The current server's connection is bev, already up (net_adopt: the
 * client fuzzer's bufferevent pair); registration starts. */
void		 session_adopt(struct bufferevent *);
/* What net.c reports for the current server (tests call these). */
void		 session_net_connected(void);
void		 session_net_line(char *line, size_t len);
/* A server line was dropped: tell the user why. */
void		 session_unreadable(const char *why);
void		 session_net_closed(const char *why, bool error);
/* TLS is up: how the server was trusted. */
void		 session_net_tls(const char *text, bool insecure);

#endif
