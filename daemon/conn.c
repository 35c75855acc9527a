/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Client connections. Output is appended to a bounded outbuf and
 * written once per loop turn for every conn that got something (one
 * send each, a write event only when the socket is full); closing is
 * deferred to the end of the turn so nothing is freed mid-iteration. */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "xmalloc.h"
#include "irc_msg.h"
#include "irc_numeric.h"
#include "log.h"
#include "daemon.h"
#include "settings.h"
#include "conn.h"
#include "label.h"
#include "line.h"
#include "linger.h"
#include "table.h"
#include "tls.h"
#include "user.h"

#define CONN_LINES_PER_TURN	128	/* then others get a turn */
#define CONN_READ_MAX		16384	/* bytes per read(2) */
#define CONN_FLUSH_EARLY	(4 * 1024 * 1024) /* queued bytes: flush now */
#define CONN_BURST		(4 * 1024 * 1024) /* bytes in one burst */
#define CONN_MORE_LOW		8192	/* queue left when more is asked for */
#define CONN_LINGER_OUT		65536	/* output a closed conn may keep */
/*
 * How conn_read_cb is run again for lines already read: reading then would
 * find nothing but leave an empty chain reserved in the input buffer,
 * kilobytes held by every idle client.
 */
#define CONN_EV_AGAIN		EV_TIMEOUT

/* How many conns share one address (max_per_ip). */
struct conn_addr {
	struct table_node	node;
	unsigned int		count;
	char			key[USER_HOST_MAX + 1];
};

TAILQ_HEAD(conn_list, conn);

static struct event_base	*conn_base;
static const struct conn_events	*conn_events;	/* the layer above */
static struct conn_list		 conn_all = TAILQ_HEAD_INITIALIZER(conn_all);
static struct conn_list		 conn_flushq =
				     TAILQ_HEAD_INITIALIZER(conn_flushq);
static struct conn_list		 conn_closeq =
				     TAILQ_HEAD_INITIALIZER(conn_closeq);
static conn_sink_fn		*conn_sink;	/* fed conns' output */
static struct event		*conn_flush_ev;
static struct event		*conn_reap_ev;
static bool			 conn_flush_armed;
static bool			 conn_reap_armed;
static bool			 conn_stopping;
static size_t			 conn_flush_bytes;	/* queued this turn */
static size_t			 conn_burst_bytes;	/* since the last trim */
static unsigned int		 conn_total;
static unsigned int		 conn_registered_total;
static struct table		 conn_addrs;
static const struct timeval	*conn_tv_reg;
static const struct timeval	*conn_tv_ping;
static const struct timeval	*conn_tv_pong;
static char			 conn_line[IRC_FRAME_MAX + 1];

static int	conn_read(struct conn *);
static void	conn_read_cb(evutil_socket_t, short, void *);
static void	conn_write_cb(evutil_socket_t, short, void *);
static void	conn_timer_cb(evutil_socket_t, short, void *);
static void	conn_timer_rearm(struct conn *, time_t);
static void	conn_flush_cb(evutil_socket_t, short, void *);
static void	conn_reap_cb(evutil_socket_t, short, void *);
static void	conn_lines(struct conn *);
static void	conn_lines_run(struct conn *);
static bool	conn_flood_take(struct conn *);
static void	conn_write(struct conn *);
static void	conn_free(struct conn *);
static void	conn_host(const struct sockaddr *, char *, size_t);
static struct conn_addr *conn_addr_get(const char *);
static void	conn_refuse(int, const char *, const char *);
static struct conn *conn_make(int, const struct sockaddr *, socklen_t, bool);
static void	conn_read_on(struct conn *);
static void	conn_read_off(struct conn *);
static ssize_t	conn_write_tls(struct conn *);
static ssize_t	conn_write_sink(struct conn *);
static void	conn_tls_read_cb(struct bufferevent *, void *);
static void	conn_tls_write_cb(struct bufferevent *, void *);
static void	conn_tls_event_cb(struct bufferevent *, short, void *);

/* Set up the shared events and the timeouts every conn uses. */
void
conn_init(struct event_base *base, const struct conn_events *events)
{
	struct timeval	tv;

	conn_base = base;
	conn_events = events;
	linger_init(base);
	conn_flush_ev = event_new(base, -1, 0, conn_flush_cb, NULL);
	conn_reap_ev = event_new(base, -1, 0, conn_reap_cb, NULL);
	if (conn_flush_ev == NULL || conn_reap_ev == NULL)
		fatalx("event_new failed");
	table_init(&conn_addrs);
	/* Common timeouts: O(1) to add, thousands of conns share each. */
	tv.tv_usec = 0;
	tv.tv_sec = cfg.reg_timeout;
	conn_tv_reg = event_base_init_common_timeout(base, &tv);
	tv.tv_sec = cfg.ping_interval;
	conn_tv_ping = event_base_init_common_timeout(base, &tv);
	tv.tv_sec = cfg.ping_timeout;
	conn_tv_pong = event_base_init_common_timeout(base, &tv);
	if (conn_tv_reg == NULL || conn_tv_ping == NULL || conn_tv_pong == NULL)
		fatalx("event_base_init_common_timeout failed");
}

/* Close every conn with reason (ERROR goes out), now. */
void
conn_shutdown(const char *reason)
{
	struct conn	*c, *next;

	conn_stopping = true;
	TAILQ_FOREACH_SAFE(c, &conn_all, entry, next)
		conn_close(c, reason);
	conn_reap_cb(-1, 0, NULL);
	conn_flush_cb(-1, 0, NULL);
	linger_shutdown();
	outbuf_free_spares();
	event_free(conn_flush_ev);
	event_free(conn_reap_ev);
	table_free(&conn_addrs);
}

/* The address as text; "::1" becomes "0::1" so it is a valid parameter. */
static void
conn_host(const struct sockaddr *sa, char *buf, size_t size)
{
	const struct sockaddr_in6	*sin6;
	const struct sockaddr_in	*sin;
	struct in_addr			 a4;
	char				 tmp[INET6_ADDRSTRLEN];

	strlcpy(tmp, "unknown", sizeof tmp);
	if (sa->sa_family == AF_INET) {
		sin = (const struct sockaddr_in *)(const void *)sa;
		inet_ntop(AF_INET, &sin->sin_addr, tmp, sizeof tmp);
	} else if (sa->sa_family == AF_INET6) {
		sin6 = (const struct sockaddr_in6 *)(const void *)sa;
		if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
			memcpy(&a4, &sin6->sin6_addr.s6_addr[12], sizeof a4);
			inet_ntop(AF_INET, &a4, tmp, sizeof tmp);
		} else
			inet_ntop(AF_INET6, &sin6->sin6_addr, tmp, sizeof tmp);
	}
	snprintf(buf, size, "%s%s", tmp[0] == ':' ? "0" : "", tmp);
}

/* The per-address counter, created at zero when new. */
static struct conn_addr *
conn_addr_get(const char *host)
{
	struct table_node	*n;
	struct conn_addr	*a;
	unsigned int		 h = table_hash(host);

	if ((n = table_find(&conn_addrs, host, h)) != NULL)
		return (TABLE_ENTRY(n, struct conn_addr, node));
	a = xcalloc(1, sizeof *a);
	strlcpy(a->key, host, sizeof a->key);
	a->node.key = a->key;
	a->node.hash = h;
	table_insert(&conn_addrs, &a->node);
	return (a);
}

/* Say why in one ERROR line, best effort, and close fd; a TLS client
 * (why NULL) cannot read plain text and is just closed. */
static void
conn_refuse(int fd, const char *host, const char *why)
{
	char	buf[256];
	int	n;

	if (fd == -1)
		return;		/* a fed conn: nobody to tell */
	if (why == NULL) {
		linger_start(fd, NULL, true);
		return;
	}
	n = snprintf(buf, sizeof buf, "ERROR :Closing Link: %s (%s)\r\n",
	    host, why);
	if (n > 0 && write(fd, buf, n) == -1)
		log_debug("refusing %s: %s", host, strerror(errno));
	linger_start(fd, NULL, conn_stopping);
}

/* A new client on an accepted, non-blocking socket. */
struct conn *
conn_new(int fd, const struct sockaddr *sa, socklen_t salen)
{
	return (conn_make(fd, sa, salen, false));
}

/* A new TLS client: the handshake runs within reg_timeout. */
struct conn *
conn_new_tls(int fd, const struct sockaddr *sa, socklen_t salen)
{
	return (conn_make(fd, sa, salen, true));
}

/* Where every fed conn's output goes (NULL: nowhere). */
void
conn_set_sink(conn_sink_fn *fn)
{
	conn_sink = fn;
}

/* A client without a socket: conn_feed is its input. */
struct conn *
conn_new_fed(const struct sockaddr *sa, socklen_t salen)
{
	return (conn_make(-1, sa, salen, false));
}

/* Bytes from a fed conn's peer (NULL: it closed), handled as a read. */
void
conn_feed(struct conn *c, const char *buf, size_t len)
{
	if (c->flags & (CONN_CLOSING | CONN_EOF))
		return;
	if (buf == NULL) {
		c->flags |= CONN_EOF;
		conn_read_off(c);
	} else {
		if (evbuffer_add(c->in, buf, len) != 0)
			fatalx("evbuffer_add failed");
		c->last_read = time(NULL);
		c->flags &= ~CONN_PINGED;
	}
	conn_read_cb(-1, CONN_EV_AGAIN, c);
}

/*
 * A TLS conn reads and writes through an OpenSSL bufferevent, and its
 * input buffer is the bufferevent's: framing reads the decrypted bytes in
 * place. A plain conn keeps its own events and recvmsg/send.
 */
static struct conn *
conn_make(int fd, const struct sockaddr *sa, socklen_t salen, bool tls)
{
	struct conn		*c;
	struct conn_addr	*a;
	struct bufferevent	*bev = NULL;
	char			 host[USER_HOST_MAX + 1];

	conn_host(sa, host, sizeof host);
	if (cfg.max_clients != 0 && conn_total >= cfg.max_clients) {
		conn_refuse(fd, host, tls ? NULL : "Too many clients");
		return (NULL);
	}
	a = conn_addr_get(host);
	if (cfg.max_per_ip != 0 && a->count >= cfg.max_per_ip) {
		if (a->count == 0) {
			table_remove(&conn_addrs, &a->node);
			free(a);
		}
		conn_refuse(fd, host, tls ? NULL :
		    "Too many connections from your address");
		return (NULL);
	}
	if (tls && (bev = tls_accept(fd)) == NULL) {
		log_warnx("TLS session for %s: cannot set up", host);
		if (a->count == 0) {
			table_remove(&conn_addrs, &a->node);
			free(a);
		}
		conn_refuse(fd, host, NULL);
		return (NULL);
	}
	c = xcalloc(1, sizeof *c);
	c->fd = fd;
	c->addr = a;
	a->count++;
	if (bev != NULL) {
		c->tls = bev;
		c->in = bufferevent_get_input(bev);
		bufferevent_setcb(bev, conn_tls_read_cb, conn_tls_write_cb,
		    conn_tls_event_cb, c);
		/* Bounded like a plain read: framing drains it. */
		bufferevent_setwatermark(bev, EV_READ, 0, CONN_READ_MAX);
	} else if ((c->in = evbuffer_new()) == NULL)
		fatalx("evbuffer_new failed");
	irc_frame_init(&c->frame);
	c->user = conn_events->accepted(c, host);
	c->tokens = cfg.flood_burst;
	event_base_gettimeofday_cached(conn_base, &c->refill);
	c->created = c->last_read = c->refill.tv_sec;
	/* A TLS conn's events are its bufferevent's; ev_read only runs
	 * conn_read_cb again for lines already read (event_active). */
	event_assign(&c->ev_read, conn_base, bev != NULL ? -1 : fd,
	    EV_READ | EV_PERSIST, conn_read_cb, c);
	event_assign(&c->ev_write, conn_base, fd, EV_WRITE | EV_PERSIST,
	    conn_write_cb, c);
	evtimer_assign(&c->ev_timer, conn_base, conn_timer_cb, c);
	conn_read_on(c);
	event_add(&c->ev_timer, conn_tv_reg);
	TAILQ_INSERT_TAIL(&conn_all, c, entry);
	conn_total++;
	return (c);
}

/*
 * One recvmsg(2) of up to CONN_READ_MAX bytes into c's input buffer.
 * evbuffer_read would stop at 4096 bytes (EVBUFFER_MAX_READ): a sender
 * with a full window would then be read in several turns, and every
 * turn costs each of its rooms' members one more write.
 */
static int
conn_read(struct conn *c)
{
	struct evbuffer_iovec	v[2];
	struct msghdr		msg;
	ssize_t			n;
	int			nv;

	if ((nv = evbuffer_reserve_space(c->in, CONN_READ_MAX, v, 2)) < 1)
		fatalx("evbuffer_reserve_space failed");
	memset(&msg, 0, sizeof msg);
	msg.msg_iov = (struct iovec *)v;	/* the same layout */
	msg.msg_iovlen = nv;
	n = recvmsg(c->fd, &msg, 0);
	if (n <= 0) {
		evbuffer_commit_space(c->in, v, 0);
		return ((int)n);
	}
	if (v[0].iov_len >= (size_t)n || nv == 1) {
		v[0].iov_len = (size_t)n;
		nv = 1;
	} else
		v[1].iov_len = (size_t)n - v[0].iov_len;
	if (evbuffer_commit_space(c->in, v, nv) != 0)
		fatalx("evbuffer_commit_space failed");
	return ((int)n);
}

/* Input: read once, then handle the complete lines. */
static void
conn_read_cb(evutil_socket_t fd, short events, void *arg)
{
	struct conn	*c = arg;
	int		 n = 1, error = 0;

	if (c->flags & CONN_CLOSING)
		return;
	if ((events & EV_READ) && (c->flags & (CONN_EOF | CONN_PACED)) == 0 &&
	    evbuffer_get_length(c->in) < CONN_READ_MAX) {
		n = conn_read(c);
		if (n == -1 && errno != EAGAIN && errno != EINTR)
			error = errno;
		if (n > 0) {
			c->last_read = time(NULL);
			c->flags &= ~CONN_PINGED;
		}
		if (n == 0) {
			/* What it sent before closing still counts. */
			c->flags |= CONN_EOF;
			conn_read_off(c);
		}
	}
	conn_lines(c);
	if (c->flags & CONN_CLOSING)
		return;
	if (error != 0) {
		snprintf(conn_line, sizeof conn_line, "Read error: %s",
		    strerror(error));
		conn_close(c, conn_line);
	}
}

/* Spend a flood token; out of them, pause reading until one is back. */
static bool
conn_flood_take(struct conn *c)
{
	struct timeval	now, wait;
	double		elapsed;

	if (cfg.flood_limit == 0)
		return (true);
	event_base_gettimeofday_cached(conn_base, &now);
	elapsed = (now.tv_sec - c->refill.tv_sec) +
	    (now.tv_usec - c->refill.tv_usec) / 1e6;
	c->refill = now;
	if (elapsed > 0)
		c->tokens += elapsed * cfg.flood_limit;
	if (c->tokens > cfg.flood_burst)
		c->tokens = cfg.flood_burst;
	c->tokens -= 1;
	if (c->tokens >= 0)
		return (true);
	elapsed = -c->tokens / cfg.flood_limit;
	wait.tv_sec = (time_t)elapsed;
	wait.tv_usec = (suseconds_t)((elapsed - wait.tv_sec) * 1e6) + 1;
	conn_read_off(c);
	c->flags |= CONN_THROTTLED;
	event_add(&c->ev_timer, &wait);
	return (false);
}

/* Handle the lines that are in; STATS l counts the bytes framing took
 * (read plain, or decrypted by TLS). c is freed only later. */
static void
conn_lines(struct conn *c)
{
	size_t	avail = evbuffer_get_length(c->in);

	conn_lines_run(c);
	c->recv_bytes += avail - evbuffer_get_length(c->in);
}

/* Handle up to CONN_LINES_PER_TURN lines; the rest after the others. */
static void
conn_lines_run(struct conn *c)
{
	enum irc_frame_result	r;
	size_t			len, max;
	int			i;

	max = IRC_TAGS_MAX + cfg.line_length;
	for (i = 0; i < CONN_LINES_PER_TURN; i++) {
		if (c->flags & (CONN_CLOSING | CONN_THROTTLED | CONN_PACED |
		    CONN_HELD))
			return;
		r = irc_frame_next(&c->frame, c->in, conn_line, max, &len);
		if (r == IRC_FRAME_AGAIN) {
			if (c->flags & CONN_EOF)
				conn_close(c, "Remote host closed the connection");
			return;
		}
		c->recv_msgs++;
		if (r == IRC_FRAME_TOO_LONG)
			conn_events->too_long(c);
		else
			conn_events->line(c, conn_line, len);
		/* Big fan-outs (a JOIN storm) are written before the heap
		 * grows with them; normally one flush per turn batches. The
		 * bound is above what one sender's full read fans out to a
		 * room of a hundred (~1.4 MB), so each member still gets that
		 * as one send. */
		if (conn_flush_bytes >= CONN_FLUSH_EARLY)
			conn_flush_cb(-1, 0, NULL);
		if ((c->flags & CONN_CLOSING) || !conn_flood_take(c))
			return;
	}
	event_active(&c->ev_read, CONN_EV_AGAIN, 0);
}

/* Queue bytes for c; a labeled command's reply goes through label.c. */
void
conn_send(struct conn *c, const char *buf, size_t len)
{
	if (c != NULL && c->label != NULL && label_send(c, buf, len))
		return;
	conn_queue(c, buf, len);
}

/* Queue bytes for c, or drop c when its sendq would overflow. */
void
conn_queue(struct conn *c, const char *buf, size_t len)
{
	if (c == NULL || (c->flags & (CONN_CLOSING | CONN_REMOTE)))
		return;
	if (outbuf_length(&c->out) + len > cfg.sendq) {
		/* It is not reading: what is queued would never arrive. */
		outbuf_clear(&c->out);
		conn_close(c, "SendQ exceeded");
		return;
	}
	outbuf_add(&c->out, buf, len);
	c->sent_msgs++;
	conn_flush_bytes += len;
	if ((c->flags & (CONN_FLUSH | CONN_WRITING)) == 0) {
		c->flags |= CONN_FLUSH;
		TAILQ_INSERT_TAIL(&conn_flushq, c, flush_entry);
		if (!conn_flush_armed) {
			conn_flush_armed = true;
			event_active(conn_flush_ev, EV_WRITE, 0);
		}
	}
}

/* Send the variant of l that fits c's capabilities. */
void
conn_send_line(struct conn *c, struct line *l)
{
	const char	*buf;
	size_t		 len;

	if (c == NULL || (c->flags & (CONN_CLOSING | CONN_REMOTE)))
		return;
	if ((buf = line_get(l, c->caps, &len)) != NULL)
		conn_send(c, buf, len);
}

/* Write what the socket takes; wait for EV_WRITE only for the rest. */
static void
conn_write(struct conn *c)
{
	ssize_t	n;

	if (c->tls != NULL)
		n = conn_write_tls(c);
	else if (c->fd == -1)
		n = conn_write_sink(c);
	else
		n = outbuf_write(&c->out, c->fd);
	if (n == -1 && errno != EAGAIN && errno != EINTR) {
		outbuf_clear(&c->out);
		snprintf(conn_line, sizeof conn_line, "Write error: %s",
		    strerror(errno));
		conn_close(c, conn_line);
		return;
	}
	if (n > 0)
		c->sent_bytes += (size_t)n;
	if (c->flags & CONN_CLOSING)
		return;
	if (n > 0 && (c->flags & CONN_PACED)) {
		/* It reads a long reply, so it is alive though input waits. */
		c->last_read = time(NULL);
		c->flags &= ~CONN_PINGED;
	}
	/* TLS: CONN_WRITING waits for the bufferevent's write callback. */
	if (outbuf_length(&c->out) != 0) {
		if ((c->flags & CONN_WRITING) == 0) {
			if (c->tls == NULL)
				event_add(&c->ev_write, NULL);
			c->flags |= CONN_WRITING;
		}
	} else if (c->flags & CONN_WRITING) {
		if (c->tls == NULL)
			event_del(&c->ev_write);
		c->flags &= ~CONN_WRITING;
	}
	if (c->more != NULL && outbuf_length(&c->out) < CONN_MORE_LOW) {
		label_more(c, true);
		c->more(c, c->more_arg);
		label_more(c, false);
	}
}

/* Start, or with fn NULL end, a paced reply. */
void
conn_set_more(struct conn *c, conn_more_fn *fn, void *arg,
    void (*fn_free)(void *))
{
	if (c->more_free != NULL)
		c->more_free(c->more_arg);
	c->more = fn;
	c->more_arg = arg;
	c->more_free = fn_free;
	if (fn == NULL) {
		label_more_done(c);
		/* Its next command waited for the reply to end: go on. */
		c->flags &= ~CONN_PACED;
		if ((c->flags & (CONN_CLOSING | CONN_THROTTLED | CONN_EOF |
		    CONN_READING)) == 0)
			conn_read_on(c);
		if ((c->flags & CONN_CLOSING) == 0)
			event_active(&c->ev_read, CONN_EV_AGAIN, 0);
		return;
	}
	/* Replies to later commands must not overtake this one. */
	c->flags |= CONN_PACED;
	if (c->flags & CONN_READING)
		conn_read_off(c);
	fn(c, arg);	/* it sends what fits now (conn_has_room) */
}

/* Room for n more bytes while staying well inside the sendq. */
bool
conn_has_room(const struct conn *c, size_t n)
{
	return ((c->flags & CONN_CLOSING) == 0 &&
	    outbuf_length(&c->out) + n <= cfg.sendq / 2);
}

/* Whether a paced reply may add a line now: with room for it, or to an
 * empty queue (a tiny sendq slows a reply, never stops it). */
bool
conn_may_add(const struct conn *c)
{
	return ((c->flags & CONN_CLOSING) == 0 &&
	    (outbuf_length(&c->out) == 0 ||
	    conn_has_room(c, 2 * IRC_LINE_MAX)));
}

static void
conn_write_cb(evutil_socket_t fd, short events, void *arg)
{
	conn_write(arg);
}

/* Wait for input: the socket's read event, or the TLS bufferevent's. */
static void
conn_read_on(struct conn *c)
{
	if (c->tls != NULL)
		bufferevent_enable(c->tls, EV_READ);
	else if (c->fd != -1)
		event_add(&c->ev_read, NULL);
	c->flags |= CONN_READING;
}

/* Stop reading (and forget a pending run for lines already read). */
static void
conn_read_off(struct conn *c)
{
	if (c->tls != NULL)
		bufferevent_disable(c->tls, EV_READ);
	event_del(&c->ev_read);
	c->flags &= ~CONN_READING;
}

/* Hand the queue to the TLS session once it has sent the last batch;
 * until then the bytes wait here, counted against the sendq. */
static ssize_t
conn_write_tls(struct conn *c)
{
	struct evbuffer	*out = bufferevent_get_output(c->tls);

	if (evbuffer_get_length(out) != 0)
		return (0);
	return (outbuf_write_evbuffer(&c->out, out));
}

/* A fed conn writes everything queued to the sink at once. */
static ssize_t
conn_write_sink(struct conn *c)
{
	size_t	n = outbuf_length(&c->out);

	if (n != 0 && conn_sink != NULL)
		conn_sink(c, c->out.buf + c->out.off, n);
	outbuf_clear(&c->out);
	return ((ssize_t)n);
}

/* Decrypted input is in c->in: handle it as a read. */
static void
conn_tls_read_cb(struct bufferevent *bev, void *arg)
{
	struct conn	*c = arg;

	if (c->flags & CONN_CLOSING)
		return;
	c->last_read = time(NULL);
	c->flags &= ~CONN_PINGED;
	conn_read_cb(-1, CONN_EV_AGAIN, c);
}

/* The TLS session sent everything it had: the next batch. */
static void
conn_tls_write_cb(struct bufferevent *bev, void *arg)
{
	struct conn	*c = arg;

	if ((c->flags & CONN_CLOSING) == 0)
		conn_write(c);
}

/* Handshake done (note a client certificate), EOF, or a TLS error. */
static void
conn_tls_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct conn	*c = arg;

	if (c->flags & CONN_CLOSING)
		return;
	if (what & BEV_EVENT_CONNECTED) {
		free(c->certfp);
		c->certfp = tls_peer_fp(bev);
		return;
	}
	if (what & BEV_EVENT_EOF) {
		/* What it sent before closing still counts. */
		c->flags |= CONN_EOF;
		conn_read_off(c);
		conn_lines(c);
		return;
	}
	tls_error(bev, conn_line, sizeof conn_line);
	conn_close(c, conn_line);
}

/* End of the turn's work: one write for each conn that got output. */
static void
conn_flush_cb(evutil_socket_t fd, short events, void *arg)
{
	struct conn	*c;

	conn_flush_armed = false;
	conn_burst_bytes += conn_flush_bytes;
	conn_flush_bytes = 0;
	while ((c = TAILQ_FIRST(&conn_flushq)) != NULL) {
		TAILQ_REMOVE(&conn_flushq, c, flush_entry);
		c->flags &= ~CONN_FLUSH;
		conn_write(c);
	}
}

/* After a flood pause: ping as usual, or what is left of reg_timeout
 * (a pause must not give an unregistered client more time). */
static void
conn_timer_rearm(struct conn *c, time_t now)
{
	struct timeval	tv = { 0, 0 };

	if (c->flags & CONN_REGISTERED) {
		event_add(&c->ev_timer, conn_tv_ping);
		return;
	}
	if (now - c->created < (time_t)cfg.reg_timeout)
		tv.tv_sec = cfg.reg_timeout - (now - c->created);
	event_add(&c->ev_timer, &tv);
}

/* Registration timeout, ping and pong, or the end of a flood pause. */
static void
conn_timer_cb(evutil_socket_t fd, short events, void *arg)
{
	struct conn	*c = arg;
	char		 buf[64];
	time_t		 now = time(NULL);

	if (c->flags & CONN_THROTTLED) {
		c->flags &= ~CONN_THROTTLED;
		if ((c->flags & (CONN_EOF | CONN_PACED)) == 0)
			conn_read_on(c);
		conn_timer_rearm(c, now);
		conn_lines(c);
		return;
	}
	if ((c->flags & CONN_REGISTERED) == 0) {
		conn_close(c, "Registration timed out");
		return;
	}
	if (c->flags & CONN_PINGED) {
		snprintf(buf, sizeof buf, "Ping timeout: %lld seconds",
		    (long long)(now - c->last_read));
		conn_close(c, buf);
		return;
	}
	if (now - c->last_read < (time_t)cfg.ping_interval) {
		event_add(&c->ev_timer, conn_tv_ping);
		return;
	}
	conn_events->idle(c);
	c->flags |= CONN_PINGED;
	event_add(&c->ev_timer, conn_tv_pong);
}

/* Registration is complete. */
void
conn_registered(struct conn *c)
{
	c->flags |= CONN_REGISTERED;
	conn_registered_total++;
	event_del(&c->ev_timer);
	event_add(&c->ev_timer, conn_tv_ping);
}

/* A stand-in for a user of another cluster node: nothing is sent to it. */
struct conn *
conn_new_remote(void)
{
	struct conn	*c;

	c = xcalloc(1, sizeof *c);
	c->fd = -1;
	c->flags = CONN_REGISTERED | CONN_REMOTE;
	c->created = c->last_read = time(NULL);
	return (c);
}

/* Free a stand-in (its user is the caller's). */
void
conn_free_remote(struct conn *c)
{
	free(c);
}

/* Hold c's input, or let it go on (in the next loop turn). */
void
conn_hold(struct conn *c, bool hold)
{
	if (hold) {
		c->flags |= CONN_HELD;
		return;
	}
	c->flags &= ~CONN_HELD;
	if ((c->flags & (CONN_CLOSING | CONN_REMOTE)) == 0)
		event_active(&c->ev_read, CONN_EV_AGAIN, 0);
}

/* ERROR to the client; the rest happens at the end of the turn. */
void
conn_close(struct conn *c, const char *reason)
{
	char	buf[IRC_LINE_MAX];
	int	n;

	if (c->flags & (CONN_CLOSING | CONN_REMOTE))
		return;
	c->flags |= CONN_CLOSING;
	c->reason = xstrdup(reason);
	if (c->flags & CONN_FLUSH)
		TAILQ_REMOVE(&conn_flushq, c, flush_entry);
	c->flags &= ~CONN_FLUSH;
	conn_read_off(c);
	event_del(&c->ev_timer);
	/* Lingering sockets are many: each keeps only a little output. */
	if (outbuf_length(&c->out) > CONN_LINGER_OUT)
		outbuf_clear(&c->out);
	/* Reasons are short (a QUIT text is cut at KICKLEN): this fits. */
	n = snprintf(buf, sizeof buf, "ERROR :Closing Link: %s (%s)\r\n",
	    c->user->host, reason);
	if (n > 0 && (size_t)n < sizeof buf)
		outbuf_add(&c->out, buf, (size_t)n);
	TAILQ_INSERT_TAIL(&conn_closeq, c, flush_entry);
	if (!conn_reap_armed) {
		conn_reap_armed = true;
		event_active(conn_reap_ev, EV_WRITE, 0);
	}
}

/* Free every conn closed during this turn. */
static void
conn_reap_cb(evutil_socket_t fd, short events, void *arg)
{
	struct conn	*c;

	conn_reap_armed = false;
	while ((c = TAILQ_FIRST(&conn_closeq)) != NULL) {
		TAILQ_REMOVE(&conn_closeq, c, flush_entry);
		conn_free(c);
	}
}

/* Tell the rooms, leave them, give the socket its last bytes, free. */
static void
conn_free(struct conn *c)
{
	conn_events->closed(c, (c->flags & CONN_REGISTERED) && !conn_stopping);
	c->user = NULL;
	if (c->more_free != NULL)
		c->more_free(c->more_arg);
	event_del(&c->ev_read);
	event_del(&c->ev_write);
	/* The lingerer owns the socket (or the TLS session) now. */
	if (c->tls != NULL)
		linger_start_tls(c->tls, &c->out, conn_stopping);
	else if (c->fd == -1) {
		conn_write_sink(c);	/* its last bytes, ERROR included */
		evbuffer_free(c->in);
	} else {
		linger_start(c->fd, &c->out, conn_stopping);
		evbuffer_free(c->in);
	}
	if (--c->addr->count == 0) {
		table_remove(&conn_addrs, &c->addr->node);
		free(c->addr);
	}
	if (c->flags & CONN_REGISTERED)
		conn_registered_total--;
	conn_total--;
	TAILQ_REMOVE(&conn_all, c, entry);
	free(c->reason);
	free(c->certfp);
	label_free(c);
	free(c);
}

/*
 * Called a few times a second: true once output calms down after a burst
 * (a JOIN storm in a big room), when the heap holds freed buffers worth
 * giving back; not during sustained traffic, which would reuse them.
 */
bool
conn_burst_done(void)
{
	static bool	burst;
	size_t		bytes = conn_burst_bytes;

	conn_burst_bytes = 0;
	if (bytes >= CONN_BURST) {
		burst = true;
		return (false);
	}
	if (!burst || bytes >= CONN_BURST / 16)
		return (false);
	burst = false;
	return (true);
}

/* The capabilities c enabled (0 for NULL). */
unsigned int
conn_caps(const struct conn *c)
{
	return (c == NULL ? 0 : c->caps);
}

/* Open connections. */
unsigned int
conn_count(void)
{
	return (conn_total);
}

/* Connections that have not finished registering. */
unsigned int
conn_count_unregistered(void)
{
	return (conn_total - conn_registered_total);
}

/* Call fn for every connection, closing ones included. */
void
conn_foreach(void (*fn)(struct conn *, void *), void *arg)
{
	struct conn	*c;

	TAILQ_FOREACH(c, &conn_all, entry)
		fn(c, arg);
}
