/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Multicast DNS sockets (IPv4 and IPv6) on every multicast-capable link,
 * following interface and address changes, inside a libevent loop. */
#ifndef MDNS_SOCK_H
#define MDNS_SOCK_H

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MDNS_IF_MAX	32
#define MDNS_ADDR_MAX	8	/* addresses kept per interface and family */

struct event_base;
struct mdns_sock;

/* Where a packet came from. */
struct mdns_from {
	struct sockaddr_storage	addr;
	socklen_t		addrlen;
	int			family;		/* AF_INET or AF_INET6 */
	uint16_t		port;
	unsigned int		ifindex;	/* the link it arrived on */
	bool			on_link;	/* source is on that link */
};

/* One multicast-capable interface and its addresses. */
struct mdns_if {
	unsigned int	index;
	char		name[16];
	size_t		n4, n6;
	struct in_addr	addr4[MDNS_ADDR_MAX];
	struct in_addr	mask4[MDNS_ADDR_MAX];
	struct in6_addr	addr6[MDNS_ADDR_MAX];
	uint8_t		plen6[MDNS_ADDR_MAX];
};

typedef void mdns_sock_recv_cb(const uint8_t *, size_t,
    const struct mdns_from *, void *);
typedef void mdns_sock_change_cb(void *);

enum mdns_sock_mode {
	MDNS_SOCK_SHARED,	/* bound to 5353, member of the groups */
	MDNS_SOCK_ONESHOT	/* an ephemeral port: legacy unicast queries */
};

/*
 * Open the sockets of the given mode and join every link. recv is called
 * for each packet, change after the set of links or addresses changed.
 * NULL and *cause (the caller frees it) if neither IPv4 nor IPv6 works.
 */
struct mdns_sock	*mdns_sock_open(struct event_base *, enum mdns_sock_mode,
			    mdns_sock_recv_cb *, mdns_sock_change_cb *, void *,
			    char **cause);
void			 mdns_sock_close(struct mdns_sock *);

/* The current links; valid until the next event loop turn. */
size_t			 mdns_sock_ifs(const struct mdns_sock *,
			    const struct mdns_if **);
const struct mdns_if	*mdns_sock_if(const struct mdns_sock *,
			    unsigned int ifindex);
/* Whether the family's socket is open. */
bool			 mdns_sock_has(const struct mdns_sock *, int family);

/* Multicast buf to 224.0.0.251 or ff02::fb on one link; 0 or -1. */
int			 mdns_sock_send(struct mdns_sock *, int family,
			    unsigned int ifindex, const void *, size_t);
/* Multicast buf on every link and both families. */
void			 mdns_sock_send_all(struct mdns_sock *, const void *,
			    size_t);
/* Unicast buf back to a source; 0 or -1. */
int			 mdns_sock_reply(struct mdns_sock *,
			    const struct mdns_from *, const void *, size_t);

#endif
