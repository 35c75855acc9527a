/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Listening sockets: one evconnlistener per --listen address. */
#ifndef LISTEN_H
#define LISTEN_H

#include <sys/types.h>
#include <sys/socket.h>
#include <stdbool.h>
#include <stdint.h>

struct event_base;

struct listen_spec {
	struct sockaddr_storage	ss;
	socklen_t		len;
	char			text[128];	/* as the user wrote it */
	bool			tls;		/* --listen-tls */
};

/* Parse "ADDR:PORT" or "[V6]:PORT"; -1 and *cause when malformed. */
int	listen_parse(const char *, struct listen_spec *, char **cause);

/* Bind and listen; -1 and *cause when the address cannot be used. */
int	listen_add(struct event_base *, const struct listen_spec *,
	    char **cause);

/* The port of the first plain listener, else of the first TLS one (for
 * the mDNS announcement). */
uint16_t listen_port(void);
/* The port of the first TLS listener; 0: none. */
uint16_t listen_tls_port(void);

/* Raise RLIMIT_NOFILE to the hard limit: many clients need many fds. */
void	listen_raise_nofile(void);

void	listen_free_all(void);

#endif
