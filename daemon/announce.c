/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The mDNS/DNS-SD responder (RFC 6762, 6763): probes for its names,
 * renames on conflict, announces, answers queries and says goodbye. */

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "announce.h"
#include "log.h"
#include "mdns_sock.h"
#include "mdns_wire.h"
#include "utf8.h"
#include "xmalloc.h"

#define ANNOUNCE_TTL_HOST	120	/* RFC 6762 §10: host-name records */
#define ANNOUNCE_TTL_OTHER	4500	/* and everything else */
#define ANNOUNCE_TTL_LEGACY	10	/* §6.7: legacy unicast answers */
#define ANNOUNCE_PROBES		3
#define ANNOUNCE_PROBE_MS	250
#define ANNOUNCE_LOST_MS	1000	/* §8.2: lost a tie-break, wait 1 s */
#define ANNOUNCE_TXT_MS		5000	/* at most one TXT update per 5 s */
#define ANNOUNCE_RATE_MS	1000	/* §6: a record multicast once per s */
#define ANNOUNCE_PROBE_RATE_MS	250	/* ... or per 250 ms for probes */
#define ANNOUNCE_SRC_MAX	32	/* sources tracked for rate limiting */
#define ANNOUNCE_SRC_PER_S	20	/* queries answered per source per s */
#define ANNOUNCE_PENDING_MAX	16
#define ANNOUNCE_RR_MAX		(6 + 2 * MDNS_ADDR_MAX)
#define ANNOUNCE_CLUSTER_MAX	100	/* bytes of TXT cluster= */

/* Record kinds; a mask of them says what to send. */
enum {
	REC_PTR = 0x01,		/* _irc._tcp.local -> instance (shared) */
	REC_SRV = 0x02,		/* instance -> host:port */
	REC_TXT = 0x04,		/* instance -> v=1 users= rooms= tls= */
	REC_A = 0x08,		/* host -> IPv4 addresses of the link */
	REC_AAAA = 0x10,	/* host -> IPv6 addresses of the link */
	REC_ENUM = 0x20,	/* _services._dns-sd._udp.local -> type */
	REC_ALL = 0x3f,
	REC_SHARED = REC_PTR | REC_ENUM
};
#define REC_KINDS	6

enum announce_state {
	ANNOUNCE_PROBING,
	ANNOUNCE_ANNOUNCING,
	ANNOUNCE_DONE
};

/* An answer waiting for its random delay on one link and family. */
struct announce_pending {
	bool		used;
	unsigned int	ifindex;
	int		family;
	unsigned int	answers;
	uint64_t	due;
};

/* When each kind was last multicast on one link in one family (IPv4
 * and IPv6 caches are separate, so are their rate limits). */
struct announce_link {
	unsigned int	ifindex;
	int		family;
	uint64_t	last[REC_KINDS];
};

struct announce_src {
	uint8_t		addr[16];
	uint64_t	window;
	unsigned int	count;
};

struct announce {
	struct event_base	*base;
	struct mdns_sock	*sock;
	enum announce_state	 state;
	char			 base_name[MDNS_LABEL_MAX + 1];
	char			 name[MDNS_LABEL_MAX + 1];
	unsigned int		 name_n;		/* NAME (n) */
	char			 host_base[MDNS_LABEL_MAX + 1];
	char			 host[MDNS_LABEL_MAX + 1];
	unsigned int		 host_n;		/* host-n */
	uint16_t		 port;
	bool			 tls;
	uint16_t		 tls_port;		/* TXT tlsport= */
	char			 tls_fp[72];		/* TXT fp=sha256:HEX */
	char			 cluster[ANNOUNCE_CLUSTER_MAX + 1]; /* cluster= */
	unsigned int		 users, rooms;
	bool			 txt_dirty;
	uint64_t		 txt_last;
	struct mdns_name	 svc, inst, hostname, enumname;
	uint8_t			 txt[384];
	size_t			 txtlen;
	int			 probes, announces;
	bool			 deferred;	/* lost a tie-break, waiting */
	unsigned int		 conflicts;
	uint64_t		 conflict_window;
	struct event		*step_timer;	/* probes and announcements */
	struct event		*txt_timer;
	struct event		*reply_timer;
	struct announce_pending	 pending[ANNOUNCE_PENDING_MAX];
	struct announce_link	 links[2 * MDNS_IF_MAX];
	struct announce_src	 srcs[ANNOUNCE_SRC_MAX];
	struct mdns_packet	 pkt;		/* the packet being handled */
};

static void	announce_recv_cb(const uint8_t *, size_t,
		    const struct mdns_from *, void *);
static void	announce_change_cb(void *);
static void	announce_step_cb(evutil_socket_t, short, void *);
static void	announce_txt_cb(evutil_socket_t, short, void *);
static void	announce_reply_cb(evutil_socket_t, short, void *);
static void	announce_names(struct announce *);
static void	announce_txt_build(struct announce *);
static void	announce_txt_changed(struct announce *);
static void	announce_probe_start(struct announce *, unsigned int);
static void	announce_send_kinds(struct announce *, const struct mdns_if *,
		    int, unsigned int, uint32_t);
static void	announce_later(struct event *, unsigned int);

/* Milliseconds on a clock that does not jump. */
static uint64_t
announce_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Arm a one-shot timer ms from now. */
static void
announce_later(struct event *ev, unsigned int ms)
{
	struct timeval	tv = { ms / 1000, (ms % 1000) * 1000 };

	if (evtimer_add(ev, &tv) != 0)
		log_warnx("mdns: cannot arm a timer");
}

/* Copy s into a label buffer, cut at a UTF-8 boundary to fit max bytes. */
static void
announce_label_copy(char *dst, const char *s, size_t max)
{
	size_t	n = utf8_boundary(s, strlen(s), max);

	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* The host label: the system host name up to its first dot, letters,
 * digits and hyphens only, plus "-chat" so that it never competes with
 * the host name avahi-daemon may publish for the same machine. */
static void
announce_host_base(struct announce *a)
{
	char	h[256];
	size_t	i;

	if (gethostname(h, sizeof h) != 0 || h[0] == '\0')
		strlcpy(h, "tui-chatd", sizeof h);
	h[sizeof h - 1] = '\0';
	h[strcspn(h, ".")] = '\0';
	h[MDNS_LABEL_MAX - 5] = '\0';
	for (i = 0; h[i] != '\0'; i++) {
		if (!((h[i] >= 'a' && h[i] <= 'z') || (h[i] >= 'A' &&
		    h[i] <= 'Z') || (h[i] >= '0' && h[i] <= '9')))
			h[i] = '-';
	}
	strlcpy(a->host_base, h, sizeof a->host_base);
	strlcat(a->host_base, "-chat", sizeof a->host_base);
}

/* Start the responder; see announce.h. */
struct announce *
announce_start(struct event_base *base, const char *name, uint16_t port,
    bool tls, char **cause)
{
	struct announce	*a;
	char		 h[256];

	a = xcalloc(1, sizeof *a);
	a->base = base;
	a->port = port;
	a->tls = tls;
	if (name == NULL || *name == '\0') {
		if (gethostname(h, sizeof h) != 0 || h[0] == '\0')
			strlcpy(h, "tui-chatd", sizeof h);
		h[sizeof h - 1] = '\0';
		name = h;
	}
	announce_label_copy(a->base_name, name, MDNS_LABEL_MAX);
	announce_host_base(a);
	a->sock = mdns_sock_open(base, MDNS_SOCK_SHARED, announce_recv_cb,
	    announce_change_cb, a, cause);
	if (a->sock == NULL)
		goto fail;
	a->step_timer = evtimer_new(base, announce_step_cb, a);
	a->txt_timer = evtimer_new(base, announce_txt_cb, a);
	a->reply_timer = evtimer_new(base, announce_reply_cb, a);
	if (a->step_timer == NULL || a->txt_timer == NULL ||
	    a->reply_timer == NULL) {
		xasprintf(cause, "mDNS: cannot create timers");
		goto fail;
	}
	a->name_n = a->host_n = 1;
	announce_names(a);
	announce_txt_build(a);
	announce_probe_start(a, arc4random_uniform(ANNOUNCE_PROBE_MS));
	return a;
fail:
	announce_stop(a);
	return NULL;
}

/* Build the names from the base names and the conflict counters. */
static void
announce_names(struct announce *a)
{
	static const char *const svc[] = { "_irc", "_tcp", "local" };
	static const char *const en[] = { "_services", "_dns-sd", "_udp",
	    "local" };
	char	suffix[16], base[MDNS_LABEL_MAX + 1];
	const char *host[2];

	if (a->name_n == 1)
		strlcpy(a->name, a->base_name, sizeof a->name);
	else {
		snprintf(suffix, sizeof suffix, " (%u)", a->name_n);
		announce_label_copy(base, a->base_name,
		    MDNS_LABEL_MAX - strlen(suffix));
		strlcpy(a->name, base, sizeof a->name);
		strlcat(a->name, suffix, sizeof a->name);
	}
	if (a->host_n == 1)
		strlcpy(a->host, a->host_base, sizeof a->host);
	else {
		snprintf(suffix, sizeof suffix, "-%u", a->host_n);
		announce_label_copy(base, a->host_base,
		    MDNS_LABEL_MAX - strlen(suffix));
		strlcpy(a->host, base, sizeof a->host);
		strlcat(a->host, suffix, sizeof a->host);
	}
	/* All labels are non-empty and at most 63 bytes: these fit. */
	if (mdns_name_make(&a->svc, svc, nitems(svc)) != 0 ||
	    mdns_name_make(&a->enumname, en, nitems(en)) != 0)
		fatalx("mdns: service names");
	a->inst = a->svc;
	host[0] = a->host;
	host[1] = "local";
	if (mdns_name_prepend(&a->inst, a->name) != 0 ||
	    mdns_name_make(&a->hostname, host, 2) != 0)
		fatalx("mdns: instance name");
}

/* TXT rdata from the current counts (RFC 6763 §6: key=value strings). */
static void
announce_txt_build(struct announce *a)
{
	char	users[16], rooms[16];

	snprintf(users, sizeof users, "%u", a->users);
	snprintf(rooms, sizeof rooms, "%u", a->rooms);
	a->txtlen = 0;
	if (mdns_txt_add(a->txt, sizeof a->txt, &a->txtlen, "v", "1") != 0 ||
	    mdns_txt_add(a->txt, sizeof a->txt, &a->txtlen, "users",
	    users) != 0 ||
	    mdns_txt_add(a->txt, sizeof a->txt, &a->txtlen, "rooms",
	    rooms) != 0 ||
	    mdns_txt_add(a->txt, sizeof a->txt, &a->txtlen, "tls",
	    a->tls ? "1" : "0") != 0 || (a->cluster[0] != '\0' &&
	    mdns_txt_add(a->txt, sizeof a->txt, &a->txtlen, "cluster",
	    a->cluster) != 0))
		fatalx("mdns: TXT record");
	if (!a->tls || a->tls_port == 0)
		return;
	snprintf(users, sizeof users, "%u", a->tls_port);
	if (mdns_txt_add(a->txt, sizeof a->txt, &a->txtlen, "tlsport",
	    users) != 0 || (a->tls_fp[0] != '\0' && mdns_txt_add(a->txt,
	    sizeof a->txt, &a->txtlen, "fp", a->tls_fp) != 0))
		fatalx("mdns: TXT record");
}

/* The TXT update goes out now or when ANNOUNCE_TXT_MS has passed. */
static void
announce_txt_changed(struct announce *a)
{
	uint64_t	now = announce_now();

	announce_txt_build(a);
	if (a->state != ANNOUNCE_DONE)
		return;		/* the announcements carry the new TXT */
	a->txt_dirty = true;
	if (evtimer_pending(a->txt_timer, NULL))
		return;
	if (now - a->txt_last >= ANNOUNCE_TXT_MS)
		announce_later(a->txt_timer, 0);
	else
		announce_later(a->txt_timer,
		    (unsigned int)(a->txt_last + ANNOUNCE_TXT_MS - now));
}

/* The TLS port and certificate fingerprint (hex) for the TXT record. */
void
announce_set_tls(struct announce *a, uint16_t port, const char *fp)
{
	char	buf[sizeof a->tls_fp];

	if (a == NULL)
		return;
	snprintf(buf, sizeof buf, "sha256:%s", fp);
	if (a->tls && a->tls_port == port && strcmp(buf, a->tls_fp) == 0)
		return;
	a->tls = true;
	a->tls_port = port;
	strlcpy(a->tls_fp, buf, sizeof a->tls_fp);
	announce_txt_changed(a);
}

/* The cluster this node is one of (TXT cluster=NAME, cut to whole UTF-8
 * characters within ANNOUNCE_CLUSTER_MAX bytes). */
void
announce_set_cluster(struct announce *a, const char *name)
{
	size_t	n;

	if (a == NULL || name == NULL)
		return;
	n = utf8_boundary(name, strlen(name), ANNOUNCE_CLUSTER_MAX);
	memcpy(a->cluster, name, n);
	a->cluster[n] = '\0';
	announce_txt_changed(a);
}

/* New counts; the TXT goes out now or when ANNOUNCE_TXT_MS has passed. */
void
announce_set_counts(struct announce *a, unsigned int users,
    unsigned int rooms)
{
	if (a == NULL || (a->users == users && a->rooms == rooms))
		return;
	a->users = users;
	a->rooms = rooms;
	announce_txt_changed(a);
}

/* The name in use. */
const char *
announce_name(const struct announce *a)
{
	return a->name;
}

/* Goodbye (TTL 0) for everything announced, then free. */
void
announce_stop(struct announce *a)
{
	const struct mdns_if	*ifs;
	size_t			 n, i;

	if (a == NULL)
		return;
	if (a->sock != NULL && a->state != ANNOUNCE_PROBING) {
		n = mdns_sock_ifs(a->sock, &ifs);
		for (i = 0; i < n; i++) {
			announce_send_kinds(a, &ifs[i], AF_INET, REC_ALL, 0);
			announce_send_kinds(a, &ifs[i], AF_INET6, REC_ALL, 0);
		}
		log_info("mdns: goodbye sent for \"%s\"", a->name);
	}
	if (a->step_timer != NULL)
		event_free(a->step_timer);
	if (a->txt_timer != NULL)
		event_free(a->txt_timer);
	if (a->reply_timer != NULL)
		event_free(a->reply_timer);
	mdns_sock_close(a->sock);
	free(a);
}

/*
 * Fill out with the records of the given kinds as seen on link mi, in
 * section, with the usual TTLs and cache-flush on unique records.
 */
static size_t
announce_records(struct announce *a, const struct mdns_if *mi,
    unsigned int kinds, enum mdns_section section, struct mdns_rr *out,
    size_t max)
{
	struct mdns_rr	*rr;
	size_t		 n = 0, i;

#define ANNOUNCE_RR(nm, ty, ttl_, flush) do {				\
	if (n == max)							\
		return n;						\
	rr = &out[n++];							\
	memset(rr, 0, sizeof *rr);					\
	rr->name = (nm);						\
	rr->type = (ty);						\
	rr->rclass = MDNS_CLASS_IN;					\
	rr->ttl = (ttl_);						\
	rr->cache_flush = (flush);					\
	rr->section = section;						\
} while (0)
	if (kinds & REC_PTR) {
		ANNOUNCE_RR(a->svc, MDNS_TYPE_PTR, ANNOUNCE_TTL_OTHER, false);
		rr->target = a->inst;
	}
	if (kinds & REC_SRV) {
		ANNOUNCE_RR(a->inst, MDNS_TYPE_SRV, ANNOUNCE_TTL_HOST, true);
		rr->port = a->port;
		rr->target = a->hostname;
	}
	if (kinds & REC_TXT) {
		ANNOUNCE_RR(a->inst, MDNS_TYPE_TXT, ANNOUNCE_TTL_OTHER, true);
		rr->rdata = a->txt;
		rr->rdlen = (uint16_t)a->txtlen;
	}
	for (i = 0; mi != NULL && (kinds & REC_A) && i < mi->n4; i++) {
		ANNOUNCE_RR(a->hostname, MDNS_TYPE_A, ANNOUNCE_TTL_HOST, true);
		memcpy(rr->addr, &mi->addr4[i], 4);
	}
	for (i = 0; mi != NULL && (kinds & REC_AAAA) && i < mi->n6; i++) {
		ANNOUNCE_RR(a->hostname, MDNS_TYPE_AAAA, ANNOUNCE_TTL_HOST,
		    true);
		memcpy(rr->addr, &mi->addr6[i], 16);
	}
	if (kinds & REC_ENUM) {
		ANNOUNCE_RR(a->enumname, MDNS_TYPE_PTR, ANNOUNCE_TTL_OTHER,
		    false);
		rr->target = a->svc;
	}
#undef ANNOUNCE_RR
	return n;
}

/* The related records that go in the additional section (§12 of 6763). */
static unsigned int
announce_related(unsigned int answers)
{
	unsigned int	add = 0;

	if (answers & REC_PTR)
		add |= REC_SRV | REC_TXT | REC_A | REC_AAAA;
	if (answers & REC_SRV)
		add |= REC_A | REC_AAAA;
	if (answers & REC_A)
		add |= REC_AAAA;
	if (answers & REC_AAAA)
		add |= REC_A;
	return add & ~answers;
}

/* The index of a single kind bit. */
static int
announce_kind_index(unsigned int kind)
{
	int	i;

	for (i = 0; i < REC_KINDS; i++) {
		if (kind == (1U << i))
			return i;
	}
	return 0;
}

/* The multicast history of a link and family (created on first use). */
static struct announce_link *
announce_link(struct announce *a, unsigned int ifindex, int family)
{
	size_t	i, free_slot = nitems(a->links);

	for (i = 0; i < nitems(a->links); i++) {
		if (a->links[i].ifindex == ifindex &&
		    a->links[i].family == family)
			return &a->links[i];
		if (a->links[i].ifindex == 0 && free_slot == nitems(a->links))
			free_slot = i;
	}
	if (free_slot == nitems(a->links))
		free_slot = 0;	/* more links than slots: reuse one */
	memset(&a->links[free_slot], 0, sizeof a->links[free_slot]);
	a->links[free_slot].ifindex = ifindex;
	a->links[free_slot].family = family;
	return &a->links[free_slot];
}

/* Note that kinds were multicast on a link now. */
static void
announce_mark_sent(struct announce *a, unsigned int ifindex, int family,
    unsigned int kinds)
{
	struct announce_link	*l = announce_link(a, ifindex, family);
	uint64_t		 now = announce_now();
	int			 i;

	for (i = 0; i < REC_KINDS; i++) {
		if (kinds & (1U << i))
			l->last[i] = now;
	}
}

/* The kinds multicast on a link less than ms ago. */
static unsigned int
announce_recent(struct announce *a, unsigned int ifindex, int family,
    uint64_t ms)
{
	struct announce_link	*l = announce_link(a, ifindex, family);
	uint64_t		 now = announce_now();
	unsigned int		 kinds = 0;
	int			 i;

	for (i = 0; i < REC_KINDS; i++) {
		if (l->last[i] != 0 && now - l->last[i] < ms)
			kinds |= 1U << i;
	}
	return kinds;
}

/*
 * Multicast an unsolicited response: answers with the related records in
 * the additional section. ttl is UINT32_MAX for the normal TTLs, 0 for a
 * goodbye.
 */
static void
announce_send_kinds(struct announce *a, const struct mdns_if *mi, int family,
    unsigned int answers, uint32_t ttl)
{
	struct mdns_rr		rrs[ANNOUNCE_RR_MAX];
	struct mdns_writer	w;
	uint8_t			buf[MDNS_SEND_MAX];
	size_t			n, i;
	int			len;

	if ((family == AF_INET && mi->n4 == 0) ||
	    (family == AF_INET6 && mi->n6 == 0) ||
	    !mdns_sock_has(a->sock, family))
		return;
	n = announce_records(a, mi, answers, MDNS_ANSWER, rrs, nitems(rrs));
	if (ttl != UINT32_MAX)
		goto write;
	n += announce_records(a, mi, announce_related(answers),
	    MDNS_ADDITIONAL, rrs + n, nitems(rrs) - n);
write:
	mdns_writer_init(&w, buf, sizeof buf, 0, MDNS_FLAG_QR | MDNS_FLAG_AA);
	for (i = 0; i < n; i++) {
		if (ttl != UINT32_MAX)
			rrs[i].ttl = ttl;
		if (mdns_writer_rr(&w, &rrs[i]) != 0)
			break;	/* additional records are optional */
	}
	if ((len = mdns_writer_finish(&w)) < 0)
		return;
	if (mdns_sock_send(a->sock, family, mi->index, buf, (size_t)len) != 0)
		log_debug("mdns: send on %s: %s", mi->name, strerror(errno));
	else if (ttl != 0)
		announce_mark_sent(a, mi->index, family, answers);
}

/* Send kinds on every link and family. */
static void
announce_send_all(struct announce *a, unsigned int answers)
{
	const struct mdns_if	*ifs;
	size_t			 n, i;

	n = mdns_sock_ifs(a->sock, &ifs);
	for (i = 0; i < n; i++) {
		announce_send_kinds(a, &ifs[i], AF_INET, answers, UINT32_MAX);
		announce_send_kinds(a, &ifs[i], AF_INET6, answers, UINT32_MAX);
	}
}

/* Begin (or begin again) probing after delay ms. */
static void
announce_probe_start(struct announce *a, unsigned int delay)
{
	uint64_t	now = announce_now();

	/* §8.1: after 15 conflicts in 10 s, wait 5 s between attempts. */
	if (now - a->conflict_window > 10000) {
		a->conflict_window = now;
		a->conflicts = 0;
	}
	if (a->conflicts >= 15 && delay < 5000)
		delay = 5000;
	a->state = ANNOUNCE_PROBING;
	a->probes = 0;
	a->announces = 0;
	evtimer_del(a->step_timer);
	announce_later(a->step_timer, delay);
}

/* One probe on one link: QU questions for both names, our records in the
 * authority section for simultaneous-probe tie-breaking (§8.2). */
static void
announce_probe_send(struct announce *a, const struct mdns_if *mi, int family)
{
	struct mdns_rr		rrs[ANNOUNCE_RR_MAX];
	struct mdns_writer	w;
	uint8_t			buf[MDNS_SEND_MAX];
	size_t			n, i;
	int			len;

	if ((family == AF_INET && mi->n4 == 0) ||
	    (family == AF_INET6 && mi->n6 == 0))
		return;
	mdns_writer_init(&w, buf, sizeof buf, 0, 0);
	if (mdns_writer_question(&w, &a->inst, MDNS_TYPE_ANY, true) != 0 ||
	    mdns_writer_question(&w, &a->hostname, MDNS_TYPE_ANY, true) != 0)
		return;
	n = announce_records(a, mi, REC_SRV | REC_TXT | REC_A | REC_AAAA,
	    MDNS_AUTHORITY, rrs, nitems(rrs));
	for (i = 0; i < n; i++) {
		rrs[i].cache_flush = false;
		if (mdns_writer_rr(&w, &rrs[i]) != 0)
			return;
	}
	if ((len = mdns_writer_finish(&w)) < 0)
		return;
	if (mdns_sock_send(a->sock, family, mi->index, buf, (size_t)len) != 0)
		log_debug("mdns: probe on %s: %s", mi->name, strerror(errno));
}

/* The probe and announcement sequence, one step per timer. */
static void
announce_step_cb(evutil_socket_t fd, short events, void *arg)
{
	struct announce		*a = arg;
	const struct mdns_if	*ifs;
	size_t			 n, i;

	a->deferred = false;
	if (a->state == ANNOUNCE_PROBING && a->probes < ANNOUNCE_PROBES) {
		n = mdns_sock_ifs(a->sock, &ifs);
		for (i = 0; i < n; i++) {
			announce_probe_send(a, &ifs[i], AF_INET);
			announce_probe_send(a, &ifs[i], AF_INET6);
		}
		a->probes++;
		announce_later(a->step_timer, ANNOUNCE_PROBE_MS);
		return;
	}
	if (a->state == ANNOUNCE_PROBING) {
		a->state = ANNOUNCE_ANNOUNCING;
		log_info("mdns: announcing \"%s\" on %s.local port %u",
		    a->name, a->host, a->port);
	}
	announce_send_all(a, REC_ALL);
	a->txt_last = announce_now();
	/* §8.3: at least two announcements, one second apart. */
	if (++a->announces < 2)
		announce_later(a->step_timer, 1000);
	else
		a->state = ANNOUNCE_DONE;
}

/* Links or addresses changed: announce again where we are established. */
static void
announce_change_cb(void *arg)
{
	struct announce	*a = arg;

	if (a->state == ANNOUNCE_PROBING)
		return;		/* the next probe goes to the new links */
	log_debug("mdns: links or addresses changed, announcing again");
	a->state = ANNOUNCE_ANNOUNCING;
	a->announces = 0;
	evtimer_del(a->step_timer);
	announce_later(a->step_timer, 0);
}

/* The rate-limited TXT update. */
static void
announce_txt_cb(evutil_socket_t fd, short events, void *arg)
{
	struct announce	*a = arg;

	if (!a->txt_dirty || a->state != ANNOUNCE_DONE)
		return;
	a->txt_dirty = false;
	a->txt_last = announce_now();
	announce_send_all(a, REC_TXT);
}

/* Whether one more query from this source may be answered now. */
static bool
announce_src_allow(struct announce *a, const struct mdns_from *from)
{
	struct announce_src	*s, *oldest = &a->srcs[0];
	uint8_t			 key[16];
	uint64_t		 now = announce_now();
	size_t			 i;

	memset(key, 0, sizeof key);
	if (from->family == AF_INET)
		memcpy(key, &((const struct sockaddr_in *)&from->addr)->
		    sin_addr, 4);
	else
		memcpy(key, &((const struct sockaddr_in6 *)&from->addr)->
		    sin6_addr, 16);
	for (i = 0; i < nitems(a->srcs); i++) {
		s = &a->srcs[i];
		if (s->window != 0 && memcmp(s->addr, key, 16) == 0)
			break;
		if (s->window < oldest->window)
			oldest = s;
	}
	if (i == nitems(a->srcs)) {
		s = oldest;
		memcpy(s->addr, key, 16);
		s->window = now;
		s->count = 0;
	}
	if (now - s->window >= 1000) {
		s->window = now;
		s->count = 0;
	}
	return ++s->count <= ANNOUNCE_SRC_PER_S;
}

/* The kinds that answer question q. */
static unsigned int
announce_match(struct announce *a, const struct mdns_question *q)
{
	unsigned int	k = 0;
	bool		any = q->type == MDNS_TYPE_ANY;

	if (q->qclass != MDNS_CLASS_IN && q->qclass != MDNS_CLASS_ANY)
		return 0;
	if (mdns_name_equal(&q->name, &a->svc) &&
	    (any || q->type == MDNS_TYPE_PTR))
		k |= REC_PTR;
	if (mdns_name_equal(&q->name, &a->enumname) &&
	    (any || q->type == MDNS_TYPE_PTR))
		k |= REC_ENUM;
	if (mdns_name_equal(&q->name, &a->inst)) {
		if (any || q->type == MDNS_TYPE_SRV)
			k |= REC_SRV;
		if (any || q->type == MDNS_TYPE_TXT)
			k |= REC_TXT;
	}
	if (mdns_name_equal(&q->name, &a->hostname)) {
		if (any || q->type == MDNS_TYPE_A)
			k |= REC_A;
		if (any || q->type == MDNS_TYPE_AAAA)
			k |= REC_AAAA;
	}
	return k;
}

/* The kind of one of our records. */
static unsigned int
announce_rr_kind(struct announce *a, const struct mdns_rr *rr)
{
	switch (rr->type) {
	case MDNS_TYPE_PTR:
		return mdns_name_equal(&rr->name, &a->svc) ? REC_PTR : REC_ENUM;
	case MDNS_TYPE_SRV:
		return REC_SRV;
	case MDNS_TYPE_TXT:
		return REC_TXT;
	case MDNS_TYPE_A:
		return REC_A;
	default:
		return REC_AAAA;
	}
}

/* Whether rr (received) is one of ours with at least half our TTL left. */
static bool
announce_rr_known(const struct mdns_rr *ours, const struct mdns_rr *rr)
{
	return rr->type == ours->type && rr->ttl >= ours->ttl / 2 &&
	    mdns_name_equal(&rr->name, &ours->name) &&
	    mdns_rr_same_rdata(rr, ours);
}

/*
 * Remove from kinds those whose every record appears in the packet's
 * given section with at least half its TTL: known answers in a query
 * (§7.1) or the same answer from another responder (§7.4).
 */
static unsigned int
announce_suppress(struct announce *a, const struct mdns_if *mi,
    unsigned int kinds, enum mdns_section section)
{
	struct mdns_rr	 rrs[ANNOUNCE_RR_MAX];
	unsigned int	 total[REC_KINDS] = { 0 }, known[REC_KINDS] = { 0 };
	size_t		 n, i, j;
	int		 k;

	n = announce_records(a, mi, kinds, MDNS_ANSWER, rrs, nitems(rrs));
	for (i = 0; i < n; i++) {
		k = announce_kind_index(announce_rr_kind(a, &rrs[i]));
		total[k]++;
		for (j = 0; j < a->pkt.nrecords; j++) {
			if (a->pkt.records[j].section == section &&
			    announce_rr_known(&rrs[i], &a->pkt.records[j])) {
				known[k]++;
				break;
			}
		}
	}
	for (k = 0; k < REC_KINDS; k++) {
		if (total[k] > 0 && known[k] == total[k])
			kinds &= ~(1U << k);
	}
	return kinds;
}

/* Drop from the answers pending on link mi what the packet's answer
 * section already carries with at least half the TTL (§7.1, §7.4). */
static void
announce_suppress_pending(struct announce *a, const struct mdns_if *mi)
{
	struct announce_pending	*p;
	size_t			 i;

	for (i = 0; i < nitems(a->pending); i++) {
		p = &a->pending[i];
		if (p->used && p->ifindex == mi->index && p->answers != 0)
			p->answers = announce_suppress(a, mi, p->answers,
			    MDNS_ANSWER);
	}
}

/*
 * A reply straight to the querier. Legacy unicast (§6.7, legacy true): the
 * query's ID, its questions echoed, TTL <= 10 s, no cache-flush bit, to the
 * querier's own port. A QU question (§5.4): ID 0, no questions, records as
 * they are, to the querier's 5353.
 */
static void
announce_reply_direct(struct announce *a, const struct mdns_if *mi,
    const struct mdns_from *from, unsigned int answers, bool legacy)
{
	struct mdns_rr		rrs[ANNOUNCE_RR_MAX];
	struct mdns_writer	w;
	uint8_t			buf[MDNS_SEND_MAX];
	size_t			n, i;
	int			len;

	mdns_writer_init(&w, buf, sizeof buf, legacy ? a->pkt.id : 0,
	    MDNS_FLAG_QR | MDNS_FLAG_AA);
	for (i = 0; legacy && i < a->pkt.nquestions; i++) {
		if (mdns_writer_question(&w, &a->pkt.questions[i].name,
		    a->pkt.questions[i].type, false) != 0)
			return;
	}
	n = announce_records(a, mi, answers, MDNS_ANSWER, rrs, nitems(rrs));
	n += announce_records(a, mi, announce_related(answers),
	    MDNS_ADDITIONAL, rrs + n, nitems(rrs) - n);
	for (i = 0; i < n; i++) {
		if (legacy) {
			rrs[i].cache_flush = false;
			if (rrs[i].ttl > ANNOUNCE_TTL_LEGACY)
				rrs[i].ttl = ANNOUNCE_TTL_LEGACY;
		}
		if (mdns_writer_rr(&w, &rrs[i]) != 0)
			break;
	}
	if ((len = mdns_writer_finish(&w)) < 0)
		return;
	if (mdns_sock_reply(a->sock, from, buf, (size_t)len) != 0)
		log_debug("mdns: %s reply: %s", legacy ? "legacy" : "unicast",
		    strerror(errno));
}

/* Queue answers for a delayed multicast on one link and family. */
static void
announce_queue(struct announce *a, unsigned int ifindex, int family,
    unsigned int answers, unsigned int delay)
{
	struct announce_pending	*p, *slot = NULL;
	uint64_t		 now = announce_now(), next = UINT64_MAX;
	size_t			 i;

	for (i = 0; i < nitems(a->pending); i++) {
		p = &a->pending[i];
		if (p->used && p->ifindex == ifindex && p->family == family) {
			slot = p;
			break;
		}
		if (!p->used && slot == NULL)
			slot = p;
	}
	if (slot == NULL)
		return;		/* busy: the querier will ask again */
	if (!slot->used) {
		slot->used = true;
		slot->ifindex = ifindex;
		slot->family = family;
		slot->answers = 0;
		slot->due = now + delay;
	}
	slot->answers |= answers;
	for (i = 0; i < nitems(a->pending); i++) {
		if (a->pending[i].used && a->pending[i].due < next)
			next = a->pending[i].due;
	}
	evtimer_del(a->reply_timer);
	announce_later(a->reply_timer, next > now ? (unsigned int)(next - now) :
	    0);
}

/* Send the delayed answers that are due. */
static void
announce_reply_cb(evutil_socket_t fd, short events, void *arg)
{
	struct announce		*a = arg;
	struct announce_pending	*p;
	const struct mdns_if	*mi;
	uint64_t		 now = announce_now(), next = UINT64_MAX;
	size_t			 i;

	for (i = 0; i < nitems(a->pending); i++) {
		p = &a->pending[i];
		if (!p->used)
			continue;
		if (p->due > now) {
			if (p->due < next)
				next = p->due;
			continue;
		}
		p->used = false;
		mi = mdns_sock_if(a->sock, p->ifindex);
		if (mi != NULL && p->answers != 0 &&
		    a->state != ANNOUNCE_PROBING)
			announce_send_kinds(a, mi, p->family, p->answers,
			    UINT32_MAX);
	}
	if (next != UINT64_MAX)
		announce_later(a->reply_timer, (unsigned int)(next - now));
}

/* Answer a query that arrived on link mi. */
static void
announce_query(struct announce *a, const struct mdns_if *mi,
    const struct mdns_from *from)
{
	unsigned int	answers = 0, k;
	bool		unicast = true, probe = false;
	size_t		i;
	uint64_t	quarter;

	for (i = 0; i < a->pkt.nquestions; i++) {
		k = announce_match(a, &a->pkt.questions[i]);
		if (k != 0 && !a->pkt.questions[i].unicast)
			unicast = false;
		answers |= k;
	}
	for (i = 0; i < a->pkt.nrecords; i++) {
		if (a->pkt.records[i].section == MDNS_AUTHORITY)
			probe = true;
	}
	/* Known answers also apply to what is already pending: a truncated
	 * query's continuation packets carry only answers (§7.2). */
	if (a->pkt.nrecords > 0)
		announce_suppress_pending(a, mi);
	if (answers == 0)
		return;
	if (from->port != MDNS_PORT) {
		announce_reply_direct(a, mi, from, answers, true);
		return;
	}
	if ((answers = announce_suppress(a, mi, answers, MDNS_ANSWER)) == 0)
		return;
	/* QU: unicast if everyone saw these recently, else multicast to
	 * refresh all caches (§5.4). PTR/TXT live 4500 s, the rest 120 s. */
	quarter = (answers & (REC_PTR | REC_TXT | REC_ENUM)) ?
	    ANNOUNCE_TTL_OTHER * 250 : ANNOUNCE_TTL_HOST * 250;
	if (unicast && !probe &&
	    (announce_recent(a, mi->index, from->family, quarter) & answers) ==
	    answers) {
		announce_reply_direct(a, mi, from, answers, false);
		return;
	}
	answers &= ~announce_recent(a, mi->index, from->family,
	    probe ? ANNOUNCE_PROBE_RATE_MS : ANNOUNCE_RATE_MS);
	if (answers == 0)
		return;
	if ((a->pkt.flags & MDNS_FLAG_TC) != 0)
		announce_queue(a, mi->index, from->family, answers,
		    400 + arc4random_uniform(101));
	else if ((answers & REC_SHARED) != 0)
		announce_queue(a, mi->index, from->family, answers,
		    20 + arc4random_uniform(101));
	else
		announce_send_kinds(a, mi, from->family, answers, UINT32_MAX);
}

/* Sort n records by mdns_rr_compare (insertion sort: n is small). */
static void
announce_sort(struct mdns_rr **v, size_t n)
{
	struct mdns_rr	*t;
	size_t		 i, j;

	for (i = 1; i < n; i++) {
		for (j = i; j > 0 && mdns_rr_compare(v[j - 1], v[j]) > 0; j--) {
			t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	}
}

/* §8.2: compare their authority records for name with ours; > 0 if
 * theirs are greater (we lose), 0 if the same (our own probe). */
static int
announce_tiebreak_name(struct announce *a, const struct mdns_if *mi,
    const struct mdns_name *name, unsigned int kinds)
{
	struct mdns_rr	 rrs[ANNOUNCE_RR_MAX], *ours[ANNOUNCE_RR_MAX];
	struct mdns_rr	*theirs[MDNS_MAX_RECORDS];
	size_t		 no, nt = 0, i;
	int		 c;

	for (i = 0; i < a->pkt.nrecords; i++) {
		if (a->pkt.records[i].section == MDNS_AUTHORITY &&
		    mdns_name_equal(&a->pkt.records[i].name, name))
			theirs[nt++] = &a->pkt.records[i];
	}
	if (nt == 0)
		return 0;
	no = announce_records(a, mi, kinds, MDNS_AUTHORITY, rrs, nitems(rrs));
	for (i = 0; i < no; i++)
		ours[i] = &rrs[i];
	announce_sort(ours, no);
	announce_sort(theirs, nt);
	for (i = 0; i < no && i < nt; i++) {
		if ((c = mdns_rr_compare(theirs[i], ours[i])) != 0)
			return c;
	}
	return nt > no ? 1 : (nt < no ? -1 : 0);
}

/* While probing, another prober wants our names: the greater wins. */
static void
announce_tiebreak(struct announce *a, const struct mdns_if *mi)
{
	if (announce_tiebreak_name(a, mi, &a->inst, REC_SRV | REC_TXT) > 0 ||
	    announce_tiebreak_name(a, mi, &a->hostname,
	    REC_A | REC_AAAA) > 0) {
		if (!a->deferred)
			log_info("mdns: simultaneous probe for \"%s\" won by "
			    "a peer", a->name);
		announce_probe_start(a, ANNOUNCE_LOST_MS);
		a->deferred = true;
	}
}

/* Whether addr is one of our addresses on any link. */
static bool
announce_is_our_addr(struct announce *a, const struct mdns_rr *rr)
{
	const struct mdns_if	*ifs;
	size_t			 n, i, j;

	n = mdns_sock_ifs(a->sock, &ifs);
	for (i = 0; i < n; i++) {
		for (j = 0; rr->type == MDNS_TYPE_A && j < ifs[i].n4; j++) {
			if (memcmp(&ifs[i].addr4[j], rr->addr, 4) == 0)
				return true;
		}
		for (j = 0; rr->type == MDNS_TYPE_AAAA && j < ifs[i].n6; j++) {
			if (memcmp(&ifs[i].addr6[j], rr->addr, 16) == 0)
				return true;
		}
	}
	return false;
}

/* Which of our names a received record conflicts with (§9): 1 the
 * instance, 2 the host, 0 none. */
static int
announce_conflict_rr(struct announce *a, const struct mdns_if *mi,
    const struct mdns_rr *rr)
{
	struct mdns_rr	ours[2];
	size_t		n;

	if (rr->ttl == 0 || rr->rclass != MDNS_CLASS_IN)
		return 0;
	if (mdns_name_equal(&rr->name, &a->inst) &&
	    (rr->type == MDNS_TYPE_SRV || (rr->type == MDNS_TYPE_TXT &&
	    a->state == ANNOUNCE_PROBING))) {
		n = announce_records(a, mi, rr->type == MDNS_TYPE_SRV ?
		    REC_SRV : REC_TXT, MDNS_ANSWER, ours, nitems(ours));
		return n == 1 && mdns_rr_same_rdata(rr, &ours[0]) ? 0 : 1;
	}
	if (mdns_name_equal(&rr->name, &a->hostname) &&
	    (rr->type == MDNS_TYPE_A || rr->type == MDNS_TYPE_AAAA))
		return announce_is_our_addr(a, rr) ? 0 : 2;
	return 0;
}

/* A response from the link: conflicts, and duplicate answers that make
 * our pending ones unnecessary. */
static void
announce_response(struct announce *a, const struct mdns_if *mi,
    const struct mdns_from *from)
{
	int	which = 0;
	size_t	i;

	for (i = 0; i < a->pkt.nrecords && which == 0; i++)
		which = announce_conflict_rr(a, mi, &a->pkt.records[i]);
	if (which != 0) {
		a->conflicts++;
		if (a->state != ANNOUNCE_PROBING)
			log_info("mdns: conflicting records for \"%s\", "
			    "probing again", a->name);
		else if (which == 1)
			a->name_n++;
		else
			a->host_n++;
		announce_names(a);
		announce_probe_start(a, ANNOUNCE_PROBE_MS);
		return;
	}
	announce_suppress_pending(a, mi);
}

/* A packet from one of the sockets. */
static void
announce_recv_cb(const uint8_t *buf, size_t len, const struct mdns_from *from,
    void *arg)
{
	struct announce		*a = arg;
	const struct mdns_if	*mi;

	/* §11: only sources on the link the packet came in on. */
	if (!from->on_link || (mi = mdns_sock_if(a->sock, from->ifindex)) ==
	    NULL)
		return;
	if (mdns_parse(buf, len, &a->pkt) != 0)
		return;
	if ((a->pkt.flags & (MDNS_FLAG_OPCODE | 0x000f)) != 0)
		return;		/* §18.3, §18.11: opcode and rcode zero */
	if ((a->pkt.flags & MDNS_FLAG_QR) != 0) {
		if (from->port == MDNS_PORT)	/* §6: else not a response */
			announce_response(a, mi, from);
		return;
	}
	if (!announce_src_allow(a, from))
		return;
	if (a->state == ANNOUNCE_PROBING) {
		announce_tiebreak(a, mi);
		return;
	}
	announce_query(a, mi, from);
}
