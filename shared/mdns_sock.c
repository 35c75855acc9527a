/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The UDP sockets of mDNS: one per family, bound to 5353 with address and
 * port reuse (avahi-daemon may hold 5353 too: multicast reaches every
 * socket, unicast only one) or to an ephemeral port, joined to the group on
 * every multicast link, re-joined when links or addresses change. */

#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <string.h>
#include <unistd.h>

#ifdef __linux__
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#endif

#include <event2/event.h>

#include "log.h"
#include "mdns_sock.h"
#include "mdns_wire.h"
#include "xmalloc.h"

#define MDNS_RESCAN_DELAY_MS	200	/* netlink bursts come in groups */
#define MDNS_RESCAN_POLL_S	30	/* without netlink, look now and then */

struct mdns_sock {
	struct event_base	*base;
	enum mdns_sock_mode	 mode;
	int			 fd4, fd6, fdnl;
	struct event		*ev4, *ev6, *evnl, *rescan;
	struct mdns_if		 ifs[MDNS_IF_MAX];
	size_t			 nifs;
	mdns_sock_recv_cb	*recv_cb;
	mdns_sock_change_cb	*change_cb;
	void			*arg;
};

static int	mdns_sock_open4(struct mdns_sock *);
static int	mdns_sock_open6(struct mdns_sock *);
static int	mdns_sock_open_nl(struct mdns_sock *);
static void	mdns_sock_read_cb(evutil_socket_t, short, void *);
static void	mdns_sock_nl_cb(evutil_socket_t, short, void *);
static void	mdns_sock_rescan_cb(evutil_socket_t, short, void *);
static bool	mdns_sock_scan(struct mdns_sock *);
static void	mdns_sock_join(struct mdns_sock *, unsigned int, bool);
static bool	mdns_sock_on_link(const struct mdns_if *,
		    const struct mdns_from *);

static const uint8_t mdns_group6[16] = {
	0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xfb
};

/* Set an int socket option; log and return -1 on failure. */
static int
mdns_sock_opt(int fd, int level, int name, int value, const char *what)
{
	if (setsockopt(fd, level, name, &value, sizeof value) != 0) {
		log_debug("mdns: %s", what);
		return -1;
	}
	return 0;
}

/* A non-blocking UDP socket of family with address reuse when shared. */
static int
mdns_sock_new(struct mdns_sock *s, int family)
{
	int	fd;

	fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return -1;
	if (s->mode == MDNS_SOCK_SHARED) {
		if (mdns_sock_opt(fd, SOL_SOCKET, SO_REUSEADDR, 1,
		    "SO_REUSEADDR") != 0)
			goto fail;
#ifdef SO_REUSEPORT
		/* avahi-daemon sets it too; without it Linux still shares
		 * the port through SO_REUSEADDR alone. */
		(void)mdns_sock_opt(fd, SOL_SOCKET, SO_REUSEPORT, 1,
		    "SO_REUSEPORT");
#endif
	}
	return fd;
fail:
	close(fd);
	return -1;
}

/* The IPv4 socket: TTL 255 both ways (RFC 6762 §11), interface info. */
static int
mdns_sock_open4(struct mdns_sock *s)
{
	struct sockaddr_in	sin;
	int			fd;

	if ((fd = mdns_sock_new(s, AF_INET)) == -1)
		return -1;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_ANY);
	if (s->mode == MDNS_SOCK_SHARED)
		sin.sin_port = htons(MDNS_PORT);
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) != 0 ||
	    mdns_sock_opt(fd, IPPROTO_IP, IP_PKTINFO, 1, "IP_PKTINFO") != 0 ||
	    mdns_sock_opt(fd, IPPROTO_IP, IP_MULTICAST_TTL, 255, "TTL") != 0 ||
	    mdns_sock_opt(fd, IPPROTO_IP, IP_TTL, 255, "IP_TTL") != 0 ||
	    mdns_sock_opt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, 1, "LOOP") != 0)
		goto fail;
	s->fd4 = fd;
	return 0;
fail:
	close(fd);
	return -1;
}

/* The IPv6 socket: IPv6 only, hop limit 255, interface info. */
static int
mdns_sock_open6(struct mdns_sock *s)
{
	struct sockaddr_in6	sin6;
	int			fd;

	if ((fd = mdns_sock_new(s, AF_INET6)) == -1)
		return -1;
	memset(&sin6, 0, sizeof sin6);
	sin6.sin6_family = AF_INET6;
	sin6.sin6_addr = in6addr_any;
	if (s->mode == MDNS_SOCK_SHARED)
		sin6.sin6_port = htons(MDNS_PORT);
	if (mdns_sock_opt(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1, "V6ONLY") != 0 ||
	    bind(fd, (struct sockaddr *)&sin6, sizeof sin6) != 0 ||
	    mdns_sock_opt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, "PKTINFO") ||
	    mdns_sock_opt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 255, "HOPS") ||
	    mdns_sock_opt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 255, "HOPS") ||
	    mdns_sock_opt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 1, "LOOP"))
		goto fail;
	s->fd6 = fd;
	return 0;
fail:
	close(fd);
	return -1;
}

/* Listen to link and address changes (Linux netlink); elsewhere poll. */
static int
mdns_sock_open_nl(struct mdns_sock *s)
{
#ifdef __linux__
	struct sockaddr_nl	snl;
	int			fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    NETLINK_ROUTE);
	if (fd == -1)
		return -1;
	memset(&snl, 0, sizeof snl);
	snl.nl_family = AF_NETLINK;
	snl.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR;
	if (bind(fd, (struct sockaddr *)&snl, sizeof snl) != 0) {
		close(fd);
		return -1;
	}
	s->fdnl = fd;
	s->evnl = event_new(s->base, fd, EV_READ | EV_PERSIST,
	    mdns_sock_nl_cb, s);
	if (s->evnl == NULL || event_add(s->evnl, NULL) != 0)
		return -1;
	return 0;
#else
	return -1;
#endif
}

/* Open everything; see mdns_sock.h. */
struct mdns_sock *
mdns_sock_open(struct event_base *base, enum mdns_sock_mode mode,
    mdns_sock_recv_cb *recv_cb, mdns_sock_change_cb *change_cb, void *arg,
    char **cause)
{
	struct mdns_sock	*s;
	struct timeval		 tv = { MDNS_RESCAN_POLL_S, 0 };
	int			 err4 = 0, err6 = 0;

	s = xcalloc(1, sizeof *s);
	s->base = base;
	s->mode = mode;
	s->fd4 = s->fd6 = s->fdnl = -1;
	s->recv_cb = recv_cb;
	s->change_cb = change_cb;
	s->arg = arg;
	if (mdns_sock_open4(s) != 0)
		err4 = errno;
	if (mdns_sock_open6(s) != 0)
		err6 = errno;
	if (s->fd4 == -1 && s->fd6 == -1) {
		xasprintf(cause, "mDNS sockets: IPv4: %s; IPv6: %s",
		    strerror(err4), strerror(err6));
		goto fail;
	}
	if (s->fd4 != -1) {
		s->ev4 = event_new(base, s->fd4, EV_READ | EV_PERSIST,
		    mdns_sock_read_cb, s);
		if (s->ev4 == NULL || event_add(s->ev4, NULL) != 0)
			goto fail_event;
	}
	if (s->fd6 != -1) {
		s->ev6 = event_new(base, s->fd6, EV_READ | EV_PERSIST,
		    mdns_sock_read_cb, s);
		if (s->ev6 == NULL || event_add(s->ev6, NULL) != 0)
			goto fail_event;
	}
	s->rescan = evtimer_new(base, mdns_sock_rescan_cb, s);
	if (s->rescan == NULL)
		goto fail_event;
	if (mdns_sock_open_nl(s) != 0 && evtimer_add(s->rescan, &tv) != 0)
		goto fail_event;
	mdns_sock_scan(s);
	return s;
fail_event:
	xasprintf(cause, "mDNS sockets: cannot add events");
fail:
	mdns_sock_close(s);
	return NULL;
}

/* Close the sockets (group memberships go with them). */
void
mdns_sock_close(struct mdns_sock *s)
{
	if (s == NULL)
		return;
	if (s->ev4 != NULL)
		event_free(s->ev4);
	if (s->ev6 != NULL)
		event_free(s->ev6);
	if (s->evnl != NULL)
		event_free(s->evnl);
	if (s->rescan != NULL)
		event_free(s->rescan);
	if (s->fd4 != -1)
		close(s->fd4);
	if (s->fd6 != -1)
		close(s->fd6);
	if (s->fdnl != -1)
		close(s->fdnl);
	free(s);
}

/* Find (or add) the interface with index in list. */
static struct mdns_if *
mdns_sock_if_get(struct mdns_if *list, size_t *n, unsigned int index,
    const char *name)
{
	size_t	i;

	for (i = 0; i < *n; i++) {
		if (list[i].index == index)
			return &list[i];
	}
	if (*n == MDNS_IF_MAX)
		return NULL;
	memset(&list[*n], 0, sizeof list[*n]);
	list[*n].index = index;
	strlcpy(list[*n].name, name, sizeof list[*n].name);
	return &list[(*n)++];
}

/* Prefix length of an IPv6 netmask. */
static uint8_t
mdns_sock_plen6(const struct in6_addr *mask)
{
	uint8_t	n = 0;
	int	i, b;

	for (i = 0; i < 16; i++) {
		for (b = 7; b >= 0; b--) {
			if ((mask->s6_addr[i] & (1 << b)) == 0)
				return n;
			n++;
		}
	}
	return n;
}

/* Record one getifaddrs entry into list if it is a multicast link. */
static void
mdns_sock_scan_one(struct mdns_if *list, size_t *n, const struct ifaddrs *ifa)
{
	struct mdns_if		*mi;
	unsigned int		 index;
	int			 family;

	if (ifa->ifa_addr == NULL || (ifa->ifa_flags & IFF_UP) == 0 ||
	    (ifa->ifa_flags & IFF_MULTICAST) == 0 ||
	    (ifa->ifa_flags & IFF_LOOPBACK) != 0)
		return;
	family = ifa->ifa_addr->sa_family;
	if (family != AF_INET && family != AF_INET6)
		return;
	if ((index = if_nametoindex(ifa->ifa_name)) == 0)
		return;
	if ((mi = mdns_sock_if_get(list, n, index, ifa->ifa_name)) == NULL)
		return;
	if (family == AF_INET && mi->n4 < MDNS_ADDR_MAX) {
		mi->addr4[mi->n4] =
		    ((const struct sockaddr_in *)ifa->ifa_addr)->sin_addr;
		mi->mask4[mi->n4].s_addr = ifa->ifa_netmask == NULL ?
		    htonl(0xffffff00) :
		    ((const struct sockaddr_in *)ifa->ifa_netmask)->sin_addr.s_addr;
		mi->n4++;
	} else if (family == AF_INET6 && mi->n6 < MDNS_ADDR_MAX) {
		mi->addr6[mi->n6] =
		    ((const struct sockaddr_in6 *)ifa->ifa_addr)->sin6_addr;
		mi->plen6[mi->n6] = ifa->ifa_netmask == NULL ? 64 :
		    mdns_sock_plen6(&((const struct sockaddr_in6 *)
		    ifa->ifa_netmask)->sin6_addr);
		mi->n6++;
	}
}

/* Re-read the links, join new ones; true if anything changed. */
static bool
mdns_sock_scan(struct mdns_sock *s)
{
	struct ifaddrs	*ifap, *ifa;
	struct mdns_if	 list[MDNS_IF_MAX];
	size_t		 n = 0, i, j;
	bool		 changed;

	if (getifaddrs(&ifap) != 0) {
		log_warn("mdns: getifaddrs");
		return false;
	}
	for (ifa = ifap; ifa != NULL; ifa = ifa->ifa_next)
		mdns_sock_scan_one(list, &n, ifa);
	freeifaddrs(ifap);

	changed = n != s->nifs ||
	    memcmp(list, s->ifs, n * sizeof list[0]) != 0;
	for (i = 0; i < n; i++) {
		for (j = 0; j < s->nifs; j++) {
			if (s->ifs[j].index == list[i].index)
				break;
		}
		/* Join again when addresses change: the kernel may have
		 * dropped the membership with the last address. */
		if (j == s->nifs || memcmp(&s->ifs[j], &list[i],
		    sizeof list[i]) != 0)
			mdns_sock_join(s, list[i].index, true);
	}
	/* Leave links that went down or lost multicast (gone ones left the
	 * groups with their interface; the kernel refuses those quietly). */
	for (j = 0; j < s->nifs; j++) {
		for (i = 0; i < n; i++) {
			if (list[i].index == s->ifs[j].index)
				break;
		}
		if (i == n)
			mdns_sock_join(s, s->ifs[j].index, false);
	}
	memcpy(s->ifs, list, n * sizeof list[0]);
	s->nifs = n;
	return changed;
}

/* Join (or leave) the mDNS groups on one link; already joined is fine. */
static void
mdns_sock_join(struct mdns_sock *s, unsigned int index, bool join)
{
	struct ip_mreqn		mr;
	struct ipv6_mreq	mr6;

	if (s->mode != MDNS_SOCK_SHARED)
		return;
	if (s->fd4 != -1) {
		memset(&mr, 0, sizeof mr);
		mr.imr_multiaddr.s_addr = inet_addr("224.0.0.251");
		mr.imr_ifindex = (int)index;
		if (setsockopt(s->fd4, IPPROTO_IP, join ? IP_ADD_MEMBERSHIP :
		    IP_DROP_MEMBERSHIP, &mr, sizeof mr) != 0 &&
		    errno != EADDRINUSE && join)
			log_debug("mdns: join 224.0.0.251 on %u: %s", index,
			    strerror(errno));
	}
	if (s->fd6 != -1) {
		memset(&mr6, 0, sizeof mr6);
		memcpy(&mr6.ipv6mr_multiaddr, mdns_group6, 16);
		mr6.ipv6mr_interface = index;
		if (setsockopt(s->fd6, IPPROTO_IPV6, join ? IPV6_JOIN_GROUP :
		    IPV6_LEAVE_GROUP, &mr6, sizeof mr6) != 0 &&
		    errno != EADDRINUSE && join)
			log_debug("mdns: join ff02::fb on %u: %s", index,
			    strerror(errno));
	}
}

/* Netlink said something changed: drain it, look again shortly. */
static void
mdns_sock_nl_cb(evutil_socket_t fd, short events, void *arg)
{
	struct mdns_sock	*s = arg;
	struct timeval		 tv = { 0, MDNS_RESCAN_DELAY_MS * 1000 };
	char			 buf[8192];
	int			 i;

	for (i = 0; i < 64; i++) {
		if (recv(fd, buf, sizeof buf, 0) <= 0)
			break;
	}
	if (!evtimer_pending(s->rescan, NULL))
		evtimer_add(s->rescan, &tv);
}

/* Look at the links again and tell the owner about changes. */
static void
mdns_sock_rescan_cb(evutil_socket_t fd, short events, void *arg)
{
	struct mdns_sock	*s = arg;
	struct timeval		 tv = { MDNS_RESCAN_POLL_S, 0 };

	if (s->fdnl == -1)
		evtimer_add(s->rescan, &tv);
	if (mdns_sock_scan(s) && s->change_cb != NULL)
		s->change_cb(s->arg);
}

/* Whether addr lies in a v4 subnet or is link-local. */
static bool
mdns_sock_on_link4(const struct mdns_if *mi, const struct sockaddr_in *sin)
{
	uint32_t	a = ntohl(sin->sin_addr.s_addr);
	size_t		i;

	if ((a & 0xffff0000) == 0xa9fe0000)
		return true;	/* 169.254/16 */
	for (i = 0; i < mi->n4; i++) {
		if (((sin->sin_addr.s_addr ^ mi->addr4[i].s_addr) &
		    mi->mask4[i].s_addr) == 0)
			return true;
	}
	return false;
}

/* Whether addr is link-local or inside one of the link's v6 prefixes. */
static bool
mdns_sock_on_link6(const struct mdns_if *mi, const struct sockaddr_in6 *sin6)
{
	const uint8_t	*a = sin6->sin6_addr.s6_addr, *b;
	size_t		 i;
	uint8_t		 bits, full, rest;

	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return true;
	for (i = 0; i < mi->n6; i++) {
		b = mi->addr6[i].s6_addr;
		bits = mi->plen6[i];
		full = bits / 8;
		rest = bits % 8;
		if (memcmp(a, b, full) != 0)
			continue;
		if (rest == 0 || ((a[full] ^ b[full]) &
		    (uint8_t)(0xff << (8 - rest))) == 0)
			return true;
	}
	return false;
}

/* Whether the source lies on the link the packet came in on (§11). */
static bool
mdns_sock_on_link(const struct mdns_if *mi, const struct mdns_from *from)
{
	if (mi == NULL)
		return false;
	if (from->family == AF_INET)
		return mdns_sock_on_link4(mi,
		    (const struct sockaddr_in *)&from->addr);
	return mdns_sock_on_link6(mi, (const struct sockaddr_in6 *)&from->addr);
}

/* Fill from's interface index from the control messages of msg. */
static void
mdns_sock_pktinfo(struct msghdr *msg, struct mdns_from *from)
{
	struct cmsghdr		*cm;
	struct in_pktinfo	 pi;
	struct in6_pktinfo	 pi6;

	for (cm = CMSG_FIRSTHDR(msg); cm != NULL; cm = CMSG_NXTHDR(msg, cm)) {
		if (cm->cmsg_level == IPPROTO_IP &&
		    cm->cmsg_type == IP_PKTINFO) {
			memcpy(&pi, CMSG_DATA(cm), sizeof pi);
			from->ifindex = (unsigned int)pi.ipi_ifindex;
		} else if (cm->cmsg_level == IPPROTO_IPV6 &&
		    cm->cmsg_type == IPV6_PKTINFO) {
			memcpy(&pi6, CMSG_DATA(cm), sizeof pi6);
			from->ifindex = pi6.ipi6_ifindex;
		}
	}
}

/* Read up to a few datagrams, hand each to the owner. */
static void
mdns_sock_read_cb(evutil_socket_t fd, short events, void *arg)
{
	struct mdns_sock	*s = arg;
	static uint8_t		 buf[MDNS_PKT_MAX];
	union {
		struct cmsghdr	hdr;
		char		buf[256];
	}			 cbuf;
	struct mdns_from	 from;
	struct iovec		 iov;
	struct msghdr		 msg;
	ssize_t			 n;
	int			 i;

	for (i = 0; i < 16; i++) {
		memset(&from, 0, sizeof from);
		memset(&msg, 0, sizeof msg);
		iov.iov_base = buf;
		iov.iov_len = sizeof buf;
		msg.msg_name = &from.addr;
		msg.msg_namelen = sizeof from.addr;
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = cbuf.buf;
		msg.msg_controllen = sizeof cbuf.buf;
		if ((n = recvmsg(fd, &msg, 0)) < 0)
			return;
		if ((msg.msg_flags & MSG_TRUNC) != 0)
			continue;	/* over 9000 bytes: not mDNS */
		from.addrlen = msg.msg_namelen;
		from.family = from.addr.ss_family;
		if (from.family == AF_INET)
			from.port = ntohs(((struct sockaddr_in *)&from.addr)->
			    sin_port);
		else if (from.family == AF_INET6)
			from.port = ntohs(((struct sockaddr_in6 *)&from.addr)->
			    sin6_port);
		else
			continue;
		mdns_sock_pktinfo(&msg, &from);
		from.on_link = mdns_sock_on_link(mdns_sock_if(s, from.ifindex),
		    &from);
		s->recv_cb(buf, (size_t)n, &from, s->arg);
	}
}

/* The current links. */
size_t
mdns_sock_ifs(const struct mdns_sock *s, const struct mdns_if **ifs)
{
	*ifs = s->ifs;
	return s->nifs;
}

/* The link with this index, or NULL. */
const struct mdns_if *
mdns_sock_if(const struct mdns_sock *s, unsigned int ifindex)
{
	size_t	i;

	for (i = 0; i < s->nifs; i++) {
		if (s->ifs[i].index == ifindex)
			return &s->ifs[i];
	}
	return NULL;
}

/* Whether the family's socket is open. */
bool
mdns_sock_has(const struct mdns_sock *s, int family)
{
	return (family == AF_INET ? s->fd4 : s->fd6) != -1;
}

/* Multicast on one link. */
int
mdns_sock_send(struct mdns_sock *s, int family, unsigned int ifindex,
    const void *buf, size_t len)
{
	struct sockaddr_in	sin;
	struct sockaddr_in6	sin6;
	struct ip_mreqn		mr;
	int			idx = (int)ifindex;

	if (family == AF_INET && s->fd4 != -1) {
		memset(&mr, 0, sizeof mr);
		mr.imr_ifindex = idx;
		memset(&sin, 0, sizeof sin);
		sin.sin_family = AF_INET;
		sin.sin_port = htons(MDNS_PORT);
		sin.sin_addr.s_addr = inet_addr("224.0.0.251");
		if (setsockopt(s->fd4, IPPROTO_IP, IP_MULTICAST_IF, &mr,
		    sizeof mr) != 0 || sendto(s->fd4, buf, len, 0,
		    (struct sockaddr *)&sin, sizeof sin) < 0)
			return -1;
		return 0;
	}
	if (family == AF_INET6 && s->fd6 != -1) {
		memset(&sin6, 0, sizeof sin6);
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons(MDNS_PORT);
		memcpy(&sin6.sin6_addr, mdns_group6, 16);
		sin6.sin6_scope_id = ifindex;
		if (setsockopt(s->fd6, IPPROTO_IPV6, IPV6_MULTICAST_IF, &idx,
		    sizeof idx) != 0 || sendto(s->fd6, buf, len, 0,
		    (struct sockaddr *)&sin6, sizeof sin6) < 0)
			return -1;
		return 0;
	}
	return -1;
}

/* Multicast on every link that has an address of the family. */
void
mdns_sock_send_all(struct mdns_sock *s, const void *buf, size_t len)
{
	size_t	i;

	for (i = 0; i < s->nifs; i++) {
		if (s->ifs[i].n4 > 0 &&
		    mdns_sock_send(s, AF_INET, s->ifs[i].index, buf, len) != 0)
			log_debug("mdns: send on %s: %s", s->ifs[i].name,
			    strerror(errno));
		if (s->ifs[i].n6 > 0 &&
		    mdns_sock_send(s, AF_INET6, s->ifs[i].index, buf, len) != 0)
			log_debug("mdns: send6 on %s: %s", s->ifs[i].name,
			    strerror(errno));
	}
}

/* Unicast back to a source. */
int
mdns_sock_reply(struct mdns_sock *s, const struct mdns_from *to,
    const void *buf, size_t len)
{
	int	fd = to->family == AF_INET ? s->fd4 : s->fd6;

	if (fd == -1)
		return -1;
	if (sendto(fd, buf, len, 0, (const struct sockaddr *)&to->addr,
	    to->addrlen) < 0)
		return -1;
	return 0;
}
