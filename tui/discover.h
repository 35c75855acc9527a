/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Browse the LAN for _irc._tcp servers with mDNS/DNS-SD. */
#ifndef DISCOVER_H
#define DISCOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event_base;
struct discover;

/* One server found; strings are already sanitised for display. */
struct discover_server {
	char		name[256];	/* instance name */
	char		host[64];	/* address text: 192.0.2.1 or 2001:db8::1 */
	uint16_t	port;
	int		users;		/* -1 if the TXT did not say */
	int		rooms;		/* -1 if the TXT did not say */
	bool		tls;
	uint16_t	tls_port;	/* TXT tlsport=, 0 if absent */
	char		fp[65];		/* TXT fp=sha256:HEX, "" if absent */
	bool		ipv6;		/* host is an IPv6 address */
	char		cluster[128];	/* TXT cluster=, "" if not in one */
};

/* Called once per server when it is complete (name, address, port known),
 * and again if it changes; removed is true when it said goodbye. */
typedef void discover_cb(const struct discover_server *, bool removed,
    void *arg);

/* Start browsing (queries at once from 5353 and an ephemeral port). NULL
 * and *cause (the caller frees it) when no socket could be opened. */
struct discover	*discover_start(struct event_base *, discover_cb *, void *arg,
		    char **cause);
void		 discover_stop(struct discover *);

/* "NAME\tHOST:PORT\tusers=N\trooms=N" (IPv6 host in brackets) into buf,
 * then "\ttls=1\ttlsport=N\tfp=sha256:HEX" for a TLS server. */
void		 discover_format(const struct discover_server *, char *buf,
		    size_t size);

/*
 * The picker's rows (discover_group.c): a cluster (servers announcing
 * the same TXT cluster=) is one row where its first node was, choosing
 * its least-loaded node, followed by its nodes, indented; a lone server
 * is one row. rows has room for 2 * n.
 */
struct discover_row {
	size_t		server;		/* the server Enter connects to */
	unsigned int	nodes;		/* a cluster's row: its node count */
	bool		member;		/* a node under its cluster's row */
};
size_t		 discover_group(const struct discover_server *, size_t n,
		    struct discover_row *rows);
/* A row's menu text into buf. */
void		 discover_row_text(const struct discover_server *,
		    const struct discover_row *, char *buf, size_t size);

#endif
