/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* loadgen: one client socket: connect, register, join, read lines, write. */

#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "lg.h"
#include "xmalloc.h"

static bool	lg_conn_established(int);
static void	lg_conn_read_cb(evutil_socket_t, short, void *);
static void	lg_conn_write_cb(evutil_socket_t, short, void *);
static int	lg_conn_source(struct lg_conn *);
static void	lg_conn_connected(struct lg_conn *);
static void	lg_conn_lines(struct lg_conn *, char *, size_t, uint64_t);
static void	lg_conn_line(struct lg_conn *, char *, size_t, uint64_t);
static void	lg_conn_irc(struct lg_conn *, char *, size_t, uint64_t);
static void	lg_conn_resp(struct lg_conn *, char *, size_t, uint64_t);
static void	lg_conn_fail(struct lg_conn *, const char *);
static void	lg_conn_keep(struct lg_conn *, const char *, size_t);
static void	lg_conn_handshake(struct lg_conn *);
static ssize_t	lg_conn_write(struct lg_conn *, const void *, size_t);
static ssize_t	lg_conn_read(struct lg_conn *, void *, size_t);

static char	lg_rbuf[LG_RBUF_SIZE];
static const struct linger lg_linger = { 1, 0 };

/* Open a non-blocking socket and start connecting. */
void
lg_conn_start(struct lg_conn *c)
{
	struct lg		*lg = c->lg;
	struct sockaddr_in	 sin;
	int			 one = 1;

	c->t_start = lg_now();
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (c->fd == -1) {
		lg_conn_fail(c, "socket failed");
		return;
	}
	/* Senders must not wait for Nagle; nobody else writes much (and a
	 * syscall per connection is a tenth of a registration here). */
	if (c->sender >= 0)
		setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (lg->o.sources > 0 && lg_conn_source(c) == -1) {
		lg_conn_fail(c, strerror(errno));
		return;
	}
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)lg->o.ports[c->idx % lg->o.nports]);
	if (inet_pton(AF_INET, lg->o.host, &sin.sin_addr) != 1) {
		lg_conn_fail(c, "bad host address");
		return;
	}
	c->ev_r = event_new(lg->base, c->fd, EV_READ | EV_PERSIST,
	    lg_conn_read_cb, c);
	c->ev_w = event_new(lg->base, c->fd, EV_WRITE, lg_conn_write_cb, c);
	if (c->ev_r == NULL || c->ev_w == NULL) {
		lg_conn_fail(c, "event_new failed");
		return;
	}
	c->state = LG_S_CONNECTING;
	if (connect(c->fd, (struct sockaddr *)&sin, sizeof sin) == 0) {
		lg_conn_connected(c);
		return;
	}
	if (errno != EINPROGRESS) {
		lg_conn_fail(c, strerror(errno));
		return;
	}
	if (lg_conn_established(c->fd)) {
		lg_conn_connected(c);
		return;
	}
	if (event_add(c->ev_w, NULL) == -1)
		lg_conn_fail(c, "event_add failed");
}

/*
 * On loopback the handshake has usually finished by the time connect(2)
 * returns EINPROGRESS: one getsockopt then spares waiting for EV_WRITE
 * (two epoll_ctl calls, a loop turn and SO_ERROR), which made the load
 * generator, not the server, the limit on registrations per second.
 */
static bool
lg_conn_established(int fd)
{
	struct tcp_info	ti;
	socklen_t	len = sizeof ti;

	return (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) == 0 &&
	    ti.tcpi_state == TCP_ESTABLISHED);
}

/* Connect from 127.0.0.(2 + idx % sources): each source address has its
 * own ephemeral ports, so the kernel's port search stays short even when
 * other programs hold tens of thousands of ports on 127.0.0.1. */
static int
lg_conn_source(struct lg_conn *c)
{
	struct sockaddr_in	sin;
	int			one = 1;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(0x7f000002U +
	    (uint32_t)(c->idx % c->lg->o.sources));
	/* The port is chosen at connect(), for the whole 4-tuple. */
	if (setsockopt(c->fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one,
	    sizeof one) == -1)
		return -1;
	return bind(c->fd, (struct sockaddr *)&sin, sizeof sin);
}

/* write(2), or SSL_write with --tls. */
static ssize_t
lg_conn_write(struct lg_conn *c, const void *p, size_t len)
{
	return (c->ssl != NULL ? lg_tls_write(c, p, len) :
	    write(c->fd, p, len));
}

/* read(2), or SSL_read with --tls. */
static ssize_t
lg_conn_read(struct lg_conn *c, void *p, size_t len)
{
	return (c->ssl != NULL ? lg_tls_read(c, p, len) : read(c->fd, p, len));
}

/* --tls: go on with the handshake; registration starts when it is done. */
static void
lg_conn_handshake(struct lg_conn *c)
{
	switch (lg_tls_handshake(c)) {
	case 1:
		c->handshaking = false;
		lg_conn_connected(c);
		break;
	case -1:
		lg_conn_fail(c, "TLS handshake failed");
		break;
	}
}

/* The TCP handshake is done: start reading and say who we are. */
static void
lg_conn_connected(struct lg_conn *c)
{
	struct lg	*lg = c->lg;
	uint64_t	 took = lg_now() - c->t_start;
	char		 buf[128];
	int		 n;

	if (lg->o.tls && c->ssl == NULL) {
		/* A second or more means a SYN was dropped and sent again. */
		lg_hist_add(&lg->tcp, took / 1000);
		if (took >= 1000000000ULL)
			lg->tcp_slow++;
		if (event_add(c->ev_r, NULL) == -1) {
			lg_conn_fail(c, "event_add failed");
			return;
		}
		c->handshaking = true;
		lg_conn_handshake(c);
		return;
	}
	if (!lg->o.tls) {
		lg_hist_add(&lg->tcp, took / 1000);
		if (took >= 1000000000ULL)
			lg->tcp_slow++;
		if (event_add(c->ev_r, NULL) == -1) {
			lg_conn_fail(c, "event_add failed");
			return;
		}
	}
	if (c->lg->o.proto == LG_RESP) {
		/* Redis has no registration: connected is registered. */
		c->state = LG_S_REGISTERED;
		lg_registered(c->lg, c);
		return;
	}
	c->state = LG_S_REGISTERING;
	n = snprintf(buf, sizeof buf, "NICK u%d\r\nUSER lg 0 * :lg\r\n",
	    c->idx);
	lg_conn_send(c, buf, (size_t)n);
}

/* Join the connection's room; a Redis publisher has nothing to do. */
void
lg_conn_join(struct lg_conn *c)
{
	char	buf[128];
	int	n;

	if (c->room < 0 || (c->lg->o.proto == LG_RESP && c->sender >= 0)) {
		c->state = LG_S_READY;
		lg_joined(c->lg, c);
		return;
	}
	c->state = LG_S_JOINING;
	if (c->lg->o.proto == LG_IRC)
		n = snprintf(buf, sizeof buf, "JOIN #r%d\r\n", c->room);
	else
		n = snprintf(buf, sizeof buf, "SUBSCRIBE r%d\r\n", c->room);
	lg_conn_send(c, buf, (size_t)n);
}

/* Queue bytes: write now if nothing is pending, keep the rest. */
void
lg_conn_send(struct lg_conn *c, const void *data, size_t len)
{
	ssize_t	n = 0;

	if (c->state == LG_S_DEAD)
		return;
	if (c->out_len == 0) {
		n = lg_conn_write(c, data, len);
		if (n == -1) {
			if (errno != EAGAIN && errno != EINTR) {
				lg_conn_fail(c, strerror(errno));
				return;
			}
			n = 0;
		}
		if ((size_t)n == len)
			return;
	}
	len -= (size_t)n;
	if (c->out_len + len > c->out_cap) {
		c->out_cap = (c->out_len + len) * 2;
		c->out = xrealloc(c->out, c->out_cap);
	}
	memcpy(c->out + c->out_len, (const char *)data + n, len);
	c->out_len += len;
	if (event_add(c->ev_w, NULL) == -1)
		lg_conn_fail(c, "event_add failed");
}

/* Writable: finish connecting, or flush what is pending. */
static void
lg_conn_write_cb(evutil_socket_t fd, short what, void *arg)
{
	struct lg_conn	*c = arg;
	ssize_t		 n;
	int		 err = 0;
	socklen_t	 len = sizeof err;

	if (c->handshaking) {
		lg_conn_handshake(c);
		return;
	}
	if (c->state == LG_S_CONNECTING) {
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
			err = errno;
		if (err != 0)
			lg_conn_fail(c, strerror(err));
		else
			lg_conn_connected(c);
		return;
	}
	n = lg_conn_write(c, c->out, c->out_len);
	if (n == -1) {
		if (errno != EAGAIN && errno != EINTR)
			lg_conn_fail(c, strerror(errno));
		else if (event_add(c->ev_w, NULL) == -1)
			lg_conn_fail(c, "event_add failed");
		return;
	}
	memmove(c->out, c->out + n, c->out_len - (size_t)n);
	c->out_len -= (size_t)n;
	if (c->out_len != 0) {
		if (event_add(c->ev_w, NULL) == -1)
			lg_conn_fail(c, "event_add failed");
		return;
	}
	if (c->sender >= 0)
		lg_traffic_fill(&c->lg->senders[c->sender], lg_now());
}

/* Readable: one read into the shared buffer after the kept partial line. */
static void
lg_conn_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct lg_conn	*c = arg;
	ssize_t		 n;
	size_t		 have;

	if (c->handshaking) {
		lg_conn_handshake(c);
		return;
	}
	/* Plain: one read. TLS: until OpenSSL holds nothing more. */
	do {
		if ((have = c->rest_len) != 0)
			memcpy(lg_rbuf, c->rest, have);
		n = lg_conn_read(c, lg_rbuf + have, sizeof lg_rbuf - have);
		if (n == 0) {
			lg_conn_fail(c, "connection closed by server");
			return;
		}
		if (n == -1) {
			if (errno != EAGAIN && errno != EINTR)
				lg_conn_fail(c, strerror(errno));
			break;
		}
		c->rest_len = 0;
		lg_conn_lines(c, lg_rbuf, have + (size_t)n, lg_now());
	} while (c->ssl != NULL && c->state != LG_S_DEAD);
	if (c->state == LG_S_DEAD)
		return;
	/* What this receiver saw may have opened its sender's window. */
	if (c->room >= 0 && c->room < c->lg->nsenders)
		lg_traffic_fill(&c->lg->senders[c->room], lg_now());
}

/* Cut complete lines; keep the incomplete tail for the next read. */
static void
lg_conn_lines(struct lg_conn *c, char *p, size_t len, uint64_t now)
{
	char	*nl, *end = p + len;
	size_t	 n;

	while (p < end && c->state != LG_S_DEAD) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL) {
			lg_conn_keep(c, p, (size_t)(end - p));
			return;
		}
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		lg_conn_line(c, p, n, now);
		p = nl + 1;
	}
}

/* Keep a partial line; a line longer than LG_REST_MAX is an error. */
static void
lg_conn_keep(struct lg_conn *c, const char *p, size_t len)
{
	if (len > LG_REST_MAX) {
		lg_conn_fail(c, "line too long");
		return;
	}
	if (c->rest == NULL)
		c->rest = xmalloc(LG_REST_MAX);
	memcpy(c->rest, p, len);
	c->rest_len = len;
}

/* One line, without its CRLF. */
static void
lg_conn_line(struct lg_conn *c, char *line, size_t len, uint64_t now)
{
	if (c->lg->o.proto == LG_IRC)
		lg_conn_irc(c, line, len, now);
	else
		lg_conn_resp(c, line, len, now);
}

/* IRC: deliveries, PING, the 001 and 366 we wait for, ERROR. */
static void
lg_conn_irc(struct lg_conn *c, char *line, size_t len, uint64_t now)
{
	char	*sp, *verb, *text, buf[600];
	size_t	 vlen;
	int	 n;

	if (len > 0 && line[0] == ':') {
		if ((sp = memchr(line, ' ', len)) == NULL)
			return;
		verb = sp + 1;
	} else
		verb = line;
	vlen = len - (size_t)(verb - line);
	if (vlen > 8 && memcmp(verb, "PRIVMSG ", 8) == 0) {
		/* The text follows the target; its ':' is optional when it
		 * has no space (ours never has). */
		text = memchr(verb + 8, ' ', vlen - 8);
		if (text == NULL)
			return;
		text++;
		if (text < line + len && *text == ':')
			text++;
		lg_traffic_deliver(c, text, len - (size_t)(text - line), now);
		return;
	}
	if (vlen > 4 && memcmp(verb, "001 ", 4) == 0 &&
	    c->state == LG_S_REGISTERING) {
		c->state = LG_S_REGISTERED;
		lg_hist_add(&c->lg->reg, (now - c->t_start) / 1000);
		lg_registered(c->lg, c);
	} else if (vlen > 4 && memcmp(verb, "366 ", 4) == 0 &&
	    c->state == LG_S_JOINING) {
		c->state = LG_S_READY;
		lg_joined(c->lg, c);
	} else if (vlen >= 4 && memcmp(verb, "PING", 4) == 0) {
		n = snprintf(buf, sizeof buf, "PONG%.*s\r\n", (int)(vlen - 4),
		    verb + 4);
		if (n > 0 && (size_t)n < sizeof buf)
			lg_conn_send(c, buf, (size_t)n);
	} else if (vlen >= 5 && memcmp(verb, "ERROR", 5) == 0) {
		snprintf(buf, sizeof buf, "server: %.*s", (int)vlen, verb);
		lg_conn_fail(c, buf);
	} else if (vlen > 4 && verb[0] >= '4' && verb[0] <= '5' &&
	    verb[3] == ' ' && memcmp(verb, "422", 3) != 0) {
		/* We send nothing that deserves an error (422 "no MOTD" is
		 * part of registration): fail loudly. */
		snprintf(buf, sizeof buf, "server: %.*s", (int)vlen, verb);
		lg_conn_fail(c, buf);
	}
}

/* RESP: a bulk string of the payload's length starting "LG" is a delivery;
 * the subscriber count (":N") confirms SUBSCRIBE; "-ERR" is fatal. */
static void
lg_conn_resp(struct lg_conn *c, char *line, size_t len, uint64_t now)
{
	char	buf[300];

	if (len == (size_t)c->lg->o.msglen && line[0] == 'L' &&
	    line[1] == 'G') {
		lg_traffic_deliver(c, line, len, now);
		return;
	}
	if (len > 0 && line[0] == ':' && c->state == LG_S_JOINING) {
		c->state = LG_S_READY;
		lg_joined(c->lg, c);
	} else if (len > 0 && line[0] == '-') {
		snprintf(buf, sizeof buf, "server: %.*s", (int)len, line);
		lg_conn_fail(c, buf);
	}
}

/* The connection is lost or refused; report it once and close. */
static void
lg_conn_fail(struct lg_conn *c, const char *why)
{
	if (c->state == LG_S_DEAD)
		return;
	if (c->lg->o.verbose)
		fprintf(stderr, "loadgen: conn %d: %s\n", c->idx, why);
	lg_failed(c->lg, c, why);
	c->state = LG_S_DEAD;
	lg_conn_free(c);
}

/* Release the socket, events and buffers (the struct is in an array). */
void
lg_conn_free(struct lg_conn *c)
{
	if (c->ev_r != NULL)
		event_free(c->ev_r);
	if (c->ev_w != NULL)
		event_free(c->ev_w);
	c->ev_r = c->ev_w = NULL;
	if (c->fd != -1) {
		/* Reset, not FIN: 20k sockets left in TIME_WAIT here would make
		 * the kernel's port search slow down the next run's connects. */
		setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lg_linger,
		    sizeof lg_linger);
		if (c->ssl != NULL)
			lg_tls_close(c);
		close(c->fd);
	}
	c->fd = -1;
	free(c->rest);
	free(c->out);
	c->rest = c->out = NULL;
	c->rest_len = c->out_len = c->out_cap = 0;
}
