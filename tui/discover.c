/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The DNS-SD browser for _irc._tcp: queries from port 5353 and from an
 * ephemeral port at once, collects PTR/SRV/TXT/A/AAAA from answers and
 * additional records, asks for what is missing, reports complete servers. */

#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "discover.h"
#include "log.h"
#include "mdns_sock.h"
#include "mdns_wire.h"
#include "sanitize.h"
#include "utf8.h"
#include "xmalloc.h"

#define DISCOVER_INST_MAX	64	/* servers remembered at once */
#define DISCOVER_HOST_MAX	64
#define DISCOVER_QUERY_FIRST_MS	1000	/* then doubling (RFC 6762 §5.2) */
#define DISCOVER_QUERY_MAX_MS	60000
#define DISCOVER_FOLLOW_MS	1000	/* one follow-up per server per s */
#define DISCOVER_SWEEP_MS	250
#define DISCOVER_LEGACY_TTL	120	/* see discover_ttl() */

struct discover_host {
	bool			used;
	struct mdns_name	name;
	bool			has4, has6;
	uint8_t			addr4[4];
	uint8_t			addr6[16];
	unsigned int		ifindex;	/* for a link-local scope */
};

struct discover_inst {
	bool			used;
	struct mdns_name	name;		/* NAME._irc._tcp.local */
	bool			ptr, srv, txt;
	uint64_t		expire;		/* of the PTR, ms */
	uint32_t		ttl;		/* the PTR's TTL when received */
	struct mdns_name	target;
	uint16_t		port;
	int			users, rooms;
	bool			tls;
	int			tls_port;
	char			fp[65];
	char			cluster[128];	/* raw TXT cluster= */
	uint64_t		asked;		/* last follow-up query */
	bool			asked_addr;	/* ... was for the addresses */
	bool			reported;
	struct discover_server	last;
};

struct discover {
	struct event_base	*base;
	discover_cb		*cb;
	void			*arg;
	struct mdns_sock	*shared;	/* port 5353, multicast answers */
	struct mdns_sock	*oneshot;	/* ephemeral port, unicast ones */
	struct event		*query_timer, *sweep_timer, *follow_timer;
	unsigned int		 interval;
	struct mdns_name	 svc;
	struct discover_inst	 insts[DISCOVER_INST_MAX];
	struct discover_host	 hosts[DISCOVER_HOST_MAX];
	struct mdns_packet	 pkt;
};

static void	discover_recv_cb(const uint8_t *, size_t,
		    const struct mdns_from *, void *);
static void	discover_query_cb(evutil_socket_t, short, void *);
static void	discover_sweep_cb(evutil_socket_t, short, void *);
static bool	discover_fill(struct discover *, const struct discover_inst *,
		    struct discover_server *);
static void	discover_follow_cb(evutil_socket_t, short, void *);
static void	discover_query(struct discover *, struct mdns_sock *,
		    struct discover_inst *const *, size_t);

/* Milliseconds on a clock that does not jump. */
static uint64_t
discover_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Arm a one-shot timer ms from now. */
static void
discover_later(struct event *ev, unsigned int ms)
{
	struct timeval	tv = { ms / 1000, (ms % 1000) * 1000 };

	if (evtimer_add(ev, &tv) != 0)
		log_warnx("mdns: cannot arm a timer");
}

/* Start browsing; see discover.h. */
struct discover *
discover_start(struct event_base *base, discover_cb *cb, void *arg,
    char **cause)
{
	static const char *const svc[] = { "_irc", "_tcp", "local" };
	struct discover	*d;
	char		*cause1 = NULL, *cause2 = NULL;

	d = xcalloc(1, sizeof *d);
	d->base = base;
	d->cb = cb;
	d->arg = arg;
	if (mdns_name_make(&d->svc, svc, nitems(svc)) != 0)
		fatalx("mdns: service name");
	/* Port 5353 may be taken by a responder that does not share it;
	 * the ephemeral socket still gets legacy unicast answers. */
	d->shared = mdns_sock_open(base, MDNS_SOCK_SHARED, discover_recv_cb,
	    NULL, d, &cause1);
	d->oneshot = mdns_sock_open(base, MDNS_SOCK_ONESHOT, discover_recv_cb,
	    NULL, d, &cause2);
	if (d->shared == NULL && d->oneshot == NULL) {
		xasprintf(cause, "%s", cause1);
		goto fail;
	}
	d->query_timer = evtimer_new(base, discover_query_cb, d);
	d->sweep_timer = evtimer_new(base, discover_sweep_cb, d);
	d->follow_timer = evtimer_new(base, discover_follow_cb, d);
	if (d->query_timer == NULL || d->sweep_timer == NULL ||
	    d->follow_timer == NULL) {
		xasprintf(cause, "mDNS: cannot create timers");
		goto fail;
	}
	free(cause1);
	free(cause2);
	discover_query(d, d->oneshot, NULL, 0);
	discover_query(d, d->shared, NULL, 0);
	d->interval = DISCOVER_QUERY_FIRST_MS;
	discover_later(d->query_timer, d->interval);
	discover_later(d->sweep_timer, DISCOVER_SWEEP_MS);
	return d;
fail:
	free(cause1);
	free(cause2);
	discover_stop(d);
	return NULL;
}

/* Stop browsing and free everything. */
void
discover_stop(struct discover *d)
{
	if (d == NULL)
		return;
	if (d->query_timer != NULL)
		event_free(d->query_timer);
	if (d->sweep_timer != NULL)
		event_free(d->sweep_timer);
	if (d->follow_timer != NULL)
		event_free(d->follow_timer);
	mdns_sock_close(d->shared);
	mdns_sock_close(d->oneshot);
	free(d);
}

/*
 * "NAME\tHOST:PORT\tusers=N\trooms=N"; unknown counts print as "?".
 * Exactly these four fields: DESIGN.md's --discover contract, which
 * scripts split on tabs. TLS details stay in struct discover_server.
 */
void
discover_format(const struct discover_server *s, char *buf, size_t size)
{
	char	users[16] = "?", rooms[16] = "?";

	if (s->users >= 0)
		snprintf(users, sizeof users, "%d", s->users);
	if (s->rooms >= 0)
		snprintf(rooms, sizeof rooms, "%d", s->rooms);
	snprintf(buf, size, "%s\t%s%s%s:%u\tusers=%s\trooms=%s", s->name,
	    s->ipv6 ? "[" : "", s->host, s->ipv6 ? "]" : "",
	    (unsigned int)s->port, users, rooms);
}

/* Known answers (§7.1): our PTRs with more than half their TTL left, so
 * that responders whose answers we hold stay quiet. */
static void
discover_known(struct discover *d, struct mdns_writer *w)
{
	struct discover_inst	*in;
	struct mdns_rr		 rr;
	uint64_t		 now = discover_now();
	size_t			 i;

	for (i = 0; i < nitems(d->insts); i++) {
		in = &d->insts[i];
		if (!in->used || !in->ptr || in->expire < now ||
		    in->expire - now <= (uint64_t)in->ttl * 500)
			continue;
		memset(&rr, 0, sizeof rr);
		rr.name = d->svc;
		rr.type = MDNS_TYPE_PTR;
		rr.rclass = MDNS_CLASS_IN;
		rr.ttl = (uint32_t)((in->expire - now) / 1000);
		rr.section = MDNS_ANSWER;
		rr.target = in->name;
		if (mdns_writer_rr(w, &rr) != 0)
			return;
	}
}

/* Questions for what a server still misses: its SRV, its TXT, and once
 * the SRV names a target without a known address, A and AAAA for it. */
static void
discover_missing(struct discover *d, struct mdns_writer *w,
    const struct discover_inst *in)
{
	struct discover_server	s;

	if (!in->srv)
		(void)mdns_writer_question(w, &in->name, MDNS_TYPE_SRV, false);
	if (!in->txt)
		(void)mdns_writer_question(w, &in->name, MDNS_TYPE_TXT, false);
	if (!in->srv || discover_fill(d, in, &s))
		return;
	(void)mdns_writer_question(w, &in->target, MDNS_TYPE_A, false);
	(void)mdns_writer_question(w, &in->target, MDNS_TYPE_AAAA, false);
}

/*
 * Send one query on every link of sock: the browse question (PTR for the
 * service type), or with follow set the missing records of the servers in
 * list. The one-shot socket uses a random ID, as a legacy resolver does.
 */
static void
discover_query(struct discover *d, struct mdns_sock *sock,
    struct discover_inst *const *list, size_t n)
{
	struct mdns_writer	w;
	uint8_t			buf[MDNS_SEND_MAX];
	size_t			i;
	int			len;
	uint16_t		id = 0;

	if (sock == NULL)
		return;
	if (sock == d->oneshot)
		id = (uint16_t)arc4random_uniform(65536);
	mdns_writer_init(&w, buf, sizeof buf, id, 0);
	if (list == NULL && mdns_writer_question(&w, &d->svc, MDNS_TYPE_PTR,
	    false) != 0)
		return;
	for (i = 0; list != NULL && i < n; i++)
		discover_missing(d, &w, list[i]);
	if (w.counts[0] == 0)
		return;
	if (list == NULL && sock == d->shared)
		discover_known(d, &w);
	if ((len = mdns_writer_finish(&w)) < 0)
		return;
	mdns_sock_send_all(sock, buf, (size_t)len);
}

/* Repeat the browse query at growing intervals (RFC 6762 §5.2). */
static void
discover_query_cb(evutil_socket_t fd, short events, void *arg)
{
	struct discover	*d = arg;

	discover_query(d, d->shared != NULL ? d->shared : d->oneshot, NULL, 0);
	if (d->interval < DISCOVER_QUERY_MAX_MS)
		d->interval *= 2;
	discover_later(d->query_timer, d->interval);
}

/* Ask for what known servers still miss, on both sockets. */
static void
discover_follow_cb(evutil_socket_t fd, short events, void *arg)
{
	struct discover		*d = arg;
	struct discover_inst	*in, *list[DISCOVER_INST_MAX];
	struct discover_server	 s;
	uint64_t		 now = discover_now();
	size_t			 i, n = 0;
	bool			 addr;

	for (i = 0; i < nitems(d->insts); i++) {
		in = &d->insts[i];
		if (!in->used || !in->ptr || (in->txt && discover_fill(d, in,
		    &s)))
			continue;
		/* Once per second for the same records; at once when the
		 * SRV arrived and the addresses are next. */
		addr = in->srv;
		if (in->asked != 0 && now - in->asked < DISCOVER_FOLLOW_MS &&
		    in->asked_addr == addr)
			continue;
		in->asked = now;
		in->asked_addr = addr;
		list[n++] = in;
	}
	if (n == 0)
		return;
	discover_query(d, d->oneshot, list, n);
	discover_query(d, d->shared, list, n);
}

/* The server with this instance name (created if create is set). */
static struct discover_inst *
discover_inst(struct discover *d, const struct mdns_name *name, bool create)
{
	struct discover_inst	*in, *slot = NULL;
	size_t			 i;

	for (i = 0; i < nitems(d->insts); i++) {
		in = &d->insts[i];
		if (in->used && mdns_name_equal(&in->name, name))
			return in;
		if (!in->used && slot == NULL)
			slot = in;
	}
	if (!create || slot == NULL)
		return NULL;	/* full: the LAN has more servers than we show */
	memset(slot, 0, sizeof *slot);
	slot->used = true;
	slot->name = *name;
	slot->users = slot->rooms = -1;
	/* Until a PTR lists it, a stray SRV or TXT is kept only briefly. */
	slot->expire = discover_now() + 10000;
	return slot;
}

/* The host with this name (created if create is set). */
static struct discover_host *
discover_host(struct discover *d, const struct mdns_name *name, bool create)
{
	struct discover_host	*h, *slot = NULL;
	size_t			 i;

	for (i = 0; i < nitems(d->hosts); i++) {
		h = &d->hosts[i];
		if (h->used && mdns_name_equal(&h->name, name))
			return h;
		if (!h->used && slot == NULL)
			slot = h;
	}
	if (!create)
		return NULL;
	if (slot == NULL)
		slot = &d->hosts[arc4random_uniform(nitems(d->hosts))];
	memset(slot, 0, sizeof *slot);
	slot->used = true;
	slot->name = *name;
	return slot;
}

/*
 * The lifetime to keep a record for. A legacy unicast answer (to the
 * ephemeral port) carries at most 10 s by rule (§6.7), not the record's
 * real lifetime, so it counts as DISCOVER_LEGACY_TTL; the repeated
 * queries refresh it well before that.
 */
static uint32_t
discover_ttl(const struct discover *d, const struct mdns_from *from,
    uint32_t ttl)
{
	if (from->port != MDNS_PORT && ttl != 0 && ttl < DISCOVER_LEGACY_TTL)
		return DISCOVER_LEGACY_TTL;
	return ttl;
}

/* A PTR for the service type: a server appears, or says goodbye. */
static void
discover_rr_ptr(struct discover *d, const struct mdns_rr *rr, uint32_t ttl)
{
	struct discover_inst	*in;
	uint64_t		 now = discover_now();

	if (!mdns_name_equal(&rr->name, &d->svc) ||
	    !mdns_name_is_child(&rr->target, &d->svc))
		return;
	if ((in = discover_inst(d, &rr->target, ttl != 0)) == NULL)
		return;
	if (ttl == 0) {
		/* §10.1: a goodbye removes the record one second later. */
		if (in->ptr && in->expire > now + 1000)
			in->expire = now + 1000;
		return;
	}
	in->ptr = true;
	in->ttl = ttl;
	in->expire = now + (uint64_t)ttl * 1000;
}

/* Read the counts from TXT rdata; -1 where absent or not a number. */
static int
discover_txt_int(const struct mdns_rr *rr, const char *key)
{
	char	 value[16], *end;
	long	 v;

	if (mdns_txt_get(rr->rdata, rr->rdlen, key, value, sizeof value) <= 0)
		return -1;
	if (value[0] < '0' || value[0] > '9')
		return -1;
	errno = 0;
	v = strtol(value, &end, 10);
	if (*end != '\0' || errno != 0 || v > 1000000000)
		return -1;
	return (int)v;
}

static void	discover_txt_fp(const struct mdns_rr *, char *, size_t);

/* SRV or TXT of an instance of our service type. */
static void
discover_rr_instance(struct discover *d, const struct mdns_rr *rr)
{
	struct discover_inst	*in;

	if (!mdns_name_is_child(&rr->name, &d->svc) ||
	    (in = discover_inst(d, &rr->name, true)) == NULL)
		return;
	if (rr->type == MDNS_TYPE_SRV) {
		in->srv = true;
		in->target = rr->target;
		in->port = rr->port;
		return;
	}
	in->txt = true;
	in->users = discover_txt_int(rr, "users");
	in->rooms = discover_txt_int(rr, "rooms");
	in->tls = discover_txt_int(rr, "tls") == 1;
	in->tls_port = discover_txt_int(rr, "tlsport");
	discover_txt_fp(rr, in->fp, sizeof in->fp);
	if (mdns_txt_get(rr->rdata, rr->rdlen, "cluster", in->cluster,
	    sizeof in->cluster) <= 0)
		in->cluster[0] = '\0';
}

/* TXT fp=sha256:HEX as lowercase hex; "" when absent or malformed. */
static void
discover_txt_fp(const struct mdns_rr *rr, char *fp, size_t size)
{
	char	value[80];
	size_t	i;

	fp[0] = '\0';
	if (mdns_txt_get(rr->rdata, rr->rdlen, "fp", value, sizeof value) <= 0 ||
	    strncmp(value, "sha256:", 7) != 0 || strlen(value + 7) != 64 ||
	    size < 65)
		return;
	for (i = 0; i < 64; i++) {
		if (!isxdigit((unsigned char)value[7 + i]))
			return;
		fp[i] = (char)tolower((unsigned char)value[7 + i]);
	}
	fp[64] = '\0';
}

/* An address for a host name that one of our servers points at. */
static void
discover_rr_addr(struct discover *d, const struct mdns_rr *rr,
    const struct mdns_from *from)
{
	struct discover_host	*h;
	bool			 linklocal;

	if ((h = discover_host(d, &rr->name, true)) == NULL)
		return;
	if (rr->type == MDNS_TYPE_A) {
		memcpy(h->addr4, rr->addr, 4);
		h->has4 = true;
		return;
	}
	/* Keep a routable IPv6 address over a link-local one. */
	linklocal = rr->addr[0] == 0xfe && (rr->addr[1] & 0xc0) == 0x80;
	if (h->has6 && linklocal && !(h->addr6[0] == 0xfe &&
	    (h->addr6[1] & 0xc0) == 0x80))
		return;
	memcpy(h->addr6, rr->addr, 16);
	h->has6 = true;
	h->ifindex = from->ifindex;
}

/* Fill s from a server whose SRV target has an address; false if not. */
static bool
discover_fill(struct discover *d, const struct discover_inst *in,
    struct discover_server *s)
{
	struct discover_host	*h;
	char			 label[MDNS_LABEL_MAX + 1], ifname[IF_NAMESIZE];
	char			*clean;
	size_t			 n;

	if (!in->ptr || !in->srv ||
	    (h = discover_host(d, &in->target, false)) == NULL ||
	    (!h->has4 && !h->has6))
		return false;
	memset(s, 0, sizeof *s);
	/* The label is raw bytes from the network: sanitise for display. */
	n = in->name.data[0];
	memcpy(label, in->name.data + 1, n);
	label[n] = '\0';
	clean = sanitize(label, n, 0);
	strlcpy(s->name, clean, utf8_boundary(clean, strlen(clean),
	    sizeof s->name - 1) + 1);
	free(clean);
	s->port = in->port;
	s->users = in->users;
	s->rooms = in->rooms;
	s->tls = in->tls;
	s->tls_port = in->tls_port > 0 && in->tls_port < 65536 ?
	    (uint16_t)in->tls_port : 0;
	strlcpy(s->fp, in->fp, sizeof s->fp);
	clean = sanitize(in->cluster, strlen(in->cluster), 0);
	strlcpy(s->cluster, clean, utf8_boundary(clean, strlen(clean),
	    sizeof s->cluster - 1) + 1);
	free(clean);
	if (h->has4) {
		inet_ntop(AF_INET, h->addr4, s->host, sizeof s->host);
		return true;
	}
	s->ipv6 = true;
	inet_ntop(AF_INET6, h->addr6, s->host, sizeof s->host);
	if (h->addr6[0] == 0xfe && (h->addr6[1] & 0xc0) == 0x80 &&
	    if_indextoname(h->ifindex, ifname) != NULL) {
		strlcat(s->host, "%", sizeof s->host);
		strlcat(s->host, ifname, sizeof s->host);
	}
	return true;
}

/* Whether two reports say the same (field by field: padding differs). */
static bool
discover_same(const struct discover_server *a, const struct discover_server *b)
{
	return strcmp(a->name, b->name) == 0 && strcmp(a->host, b->host) == 0 &&
	    a->port == b->port && a->users == b->users &&
	    a->rooms == b->rooms && a->tls == b->tls && a->ipv6 == b->ipv6 &&
	    a->tls_port == b->tls_port && strcmp(a->fp, b->fp) == 0;
}

/* Report servers that became complete or changed; ask for the rest. */
static void
discover_update(struct discover *d)
{
	struct discover_inst	*in;
	struct discover_server	 s;
	bool			 missing = false;
	size_t			 i;

	for (i = 0; i < nitems(d->insts); i++) {
		in = &d->insts[i];
		if (!in->used || !in->ptr)
			continue;
		if (!discover_fill(d, in, &s)) {
			missing = true;
			continue;
		}
		if (!in->txt)
			missing = true;
		if (in->reported && discover_same(&s, &in->last))
			continue;
		in->last = s;
		in->reported = true;
		d->cb(&in->last, false, d->arg);
	}
	/* A short pause lets the answers to our own query arrive first. */
	if (missing && !evtimer_pending(d->follow_timer, NULL))
		discover_later(d->follow_timer, 50);
}

/* A response from either socket: answers and additional records alike. */
static void
discover_recv_cb(const uint8_t *buf, size_t len, const struct mdns_from *from,
    void *arg)
{
	struct discover		*d = arg;
	const struct mdns_rr	*rr;
	size_t			 i;

	/* RFC 6762 §11: only from the local link; only responses. */
	if (!from->on_link || mdns_parse(buf, len, &d->pkt) != 0 ||
	    (d->pkt.flags & MDNS_FLAG_QR) == 0 ||
	    (d->pkt.flags & (MDNS_FLAG_OPCODE | 0x000f)) != 0)
		return;
	for (i = 0; i < d->pkt.nrecords; i++) {
		rr = &d->pkt.records[i];
		if (rr->rclass != MDNS_CLASS_IN)
			continue;
		switch (rr->type) {
		case MDNS_TYPE_PTR:
			discover_rr_ptr(d, rr, discover_ttl(d, from, rr->ttl));
			break;
		case MDNS_TYPE_SRV:
		case MDNS_TYPE_TXT:
			if (rr->ttl != 0)
				discover_rr_instance(d, rr);
			break;
		case MDNS_TYPE_A:
		case MDNS_TYPE_AAAA:
			if (rr->ttl != 0)
				discover_rr_addr(d, rr, from);
			break;
		}
	}
	discover_update(d);
}

/* Drop servers whose PTR expired (or said goodbye a second ago). */
static void
discover_sweep_cb(evutil_socket_t fd, short events, void *arg)
{
	struct discover		*d = arg;
	struct discover_inst	*in;
	uint64_t		 now = discover_now();
	size_t			 i;

	for (i = 0; i < nitems(d->insts); i++) {
		in = &d->insts[i];
		if (!in->used || in->expire > now)
			continue;
		in->used = false;
		if (in->reported)
			d->cb(&in->last, true, d->arg);
	}
	discover_later(d->sweep_timer, DISCOVER_SWEEP_MS);
}
