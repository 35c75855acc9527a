/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The mDNS/DNS-SD responder: announces _irc._tcp on every multicast link. */
#ifndef ANNOUNCE_H
#define ANNOUNCE_H

#include <stdbool.h>
#include <stdint.h>

struct event_base;
struct announce;

/*
 * Start probing for and then announcing instance name (the --name) on port.
 * Returns NULL and sets *cause (the caller frees it) when no multicast
 * socket could be opened at all; the daemon logs that and serves on.
 */
struct announce	*announce_start(struct event_base *, const char *name,
		    uint16_t port, bool tls, char **cause);

/* New user and room counts for the TXT record; sent at most every few s. */
void		 announce_set_counts(struct announce *, unsigned int users,
		    unsigned int rooms);

/* TLS is on: TXT tls=1 tlsport=PORT fp=sha256:HEX (fp: lowercase hex). */
void		 announce_set_tls(struct announce *, uint16_t port,
		    const char *fp);

/* Cluster mode: TXT cluster=NAME, the same on every node of it. */
void		 announce_set_cluster(struct announce *, const char *name);

/* The name in use (it may have become "NAME (2)" after a conflict). */
const char	*announce_name(const struct announce *);

/* Send goodbye packets (TTL 0) now, synchronously, and free everything. */
void		 announce_stop(struct announce *);

#endif
