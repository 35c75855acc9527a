/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Closed clients' sockets: the last output written, then a half-close
 * and reading until the peer closes too or a short deadline passes. */

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/event_struct.h>

#include "xmalloc.h"
#include "linger.h"
#include "outbuf.h"
#include "tls.h"

#define LINGER_DRAIN_MAX	16	/* reads to empty a socket closed now */
#define LINGER_MAX		1024	/* sockets lingering at once */
#define LINGER_SECS		2

/* One closed client's socket and what it still has to write. */
struct linger_sock {
	int			  fd;
	time_t			  deadline;
	struct outbuf		  out;		/* still to write */
	struct event		  ev;
	struct bufferevent	 *bev;		/* TLS: the session, fd inside */
	TAILQ_ENTRY(linger_sock)  entry;
};
TAILQ_HEAD(linger_list, linger_sock);

static struct event_base	*linger_base;
static struct linger_list	 linger_all = TAILQ_HEAD_INITIALIZER(linger_all);
static unsigned int		 linger_count;

static void	linger_cb(evutil_socket_t, short, void *);
static void	linger_end(struct linger_sock *);
static void	linger_tls_read_cb(struct bufferevent *, void *);
static void	linger_tls_write_cb(struct bufferevent *, void *);
static void	linger_tls_event_cb(struct bufferevent *, short, void *);

/* Remember the event base. */
void
linger_init(struct event_base *base)
{
	linger_base = base;
}

/* Close every lingering socket (shutdown). */
void
linger_shutdown(void)
{
	while (!TAILQ_EMPTY(&linger_all))
		linger_end(TAILQ_FIRST(&linger_all));
}

/* Take fd and out over: write, half-close, drain, close (now: at once). */
void
linger_start(int fd, struct outbuf *out, bool now)
{
	struct linger_sock	*lg;
	struct timeval		 tv = { LINGER_SECS, 0 };
	char			 buf[4096];
	int			 i;

	if (out != NULL && outbuf_write(out, fd) == -1)
		outbuf_clear(out);
	if (now || linger_count >= LINGER_MAX) {
		for (i = 0; i < LINGER_DRAIN_MAX; i++) {
			if (recv(fd, buf, sizeof buf, MSG_DONTWAIT) <= 0)
				break;
		}
		if (out != NULL)
			outbuf_clear(out);
		close(fd);
		return;
	}
	lg = xcalloc(1, sizeof *lg);
	lg->fd = fd;
	lg->deadline = time(NULL) + LINGER_SECS;
	if (out != NULL) {
		lg->out = *out;		/* the buffer is ours now */
		memset(out, 0, sizeof *out);
	}
	if (outbuf_length(&lg->out) == 0)
		shutdown(fd, SHUT_WR);
	event_assign(&lg->ev, linger_base, fd, EV_READ | EV_PERSIST |
	    (outbuf_length(&lg->out) != 0 ? EV_WRITE : 0), linger_cb, lg);
	event_add(&lg->ev, &tv);
	TAILQ_INSERT_TAIL(&linger_all, lg, entry);
	linger_count++;
}

/* Finish writing, discard input; EOF, an error or the deadline ends it. */
static void
linger_cb(evutil_socket_t fd, short events, void *arg)
{
	struct linger_sock	*lg = arg;
	struct timeval		 tv = { 1, 0 };
	char			 buf[4096];
	ssize_t			 n;

	if (time(NULL) >= lg->deadline || (events & EV_TIMEOUT)) {
		linger_end(lg);
		return;
	}
	if ((events & EV_WRITE) && outbuf_length(&lg->out) != 0) {
		if (outbuf_write(&lg->out, fd) == -1 && errno != EAGAIN &&
		    errno != EINTR) {
			linger_end(lg);
			return;
		}
		if (outbuf_length(&lg->out) == 0) {
			shutdown(fd, SHUT_WR);
			event_del(&lg->ev);
			event_assign(&lg->ev, linger_base, fd, EV_READ |
			    EV_PERSIST, linger_cb, lg);
			event_add(&lg->ev, &tv);
		}
	}
	if (events & EV_READ) {
		n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
		if (n == 0 || (n == -1 && errno != EAGAIN && errno != EINTR))
			linger_end(lg);
	}
}

/*
 * A TLS client: its last bytes go through the session, then close_notify
 * and a half-close; the socket is read until EOF, an error or 2 s. One
 * whose handshake never finished has nothing to say and goes at once.
 */
void
linger_start_tls(struct bufferevent *bev, struct outbuf *out, bool now)
{
	struct linger_sock	*lg;
	struct timeval		 tv = { LINGER_SECS, 0 };

	if (now || linger_count >= LINGER_MAX || !tls_ready(bev)) {
		tls_close_now(bev, out->buf + out->off, outbuf_length(out));
		outbuf_clear(out);
		return;
	}
	lg = xcalloc(1, sizeof *lg);
	lg->fd = -1;
	lg->bev = bev;
	lg->deadline = time(NULL) + LINGER_SECS;
	outbuf_write_evbuffer(out, bufferevent_get_output(bev));
	bufferevent_setcb(bev, linger_tls_read_cb, linger_tls_write_cb,
	    linger_tls_event_cb, lg);
	bufferevent_set_timeouts(bev, &tv, &tv);
	bufferevent_enable(bev, EV_READ | EV_WRITE);
	TAILQ_INSERT_TAIL(&linger_all, lg, entry);
	linger_count++;
	if (evbuffer_get_length(bufferevent_get_output(bev)) == 0)
		linger_tls_write_cb(bev, lg);
}

/* Discard what a closed TLS client still sends. */
static void
linger_tls_read_cb(struct bufferevent *bev, void *arg)
{
	struct linger_sock	*lg = arg;
	struct evbuffer		*in = bufferevent_get_input(bev);

	evbuffer_drain(in, evbuffer_get_length(in));
	if (time(NULL) >= lg->deadline)
		linger_end(lg);
}

/* The last bytes went out: close_notify, then wait for the peer's EOF. */
static void
linger_tls_write_cb(struct bufferevent *bev, void *arg)
{
	tls_notify(bev);
	shutdown(bufferevent_getfd(bev), SHUT_WR);
	bufferevent_setcb(bev, linger_tls_read_cb, NULL, linger_tls_event_cb,
	    arg);
}

/* EOF, an error or the deadline: close. */
static void
linger_tls_event_cb(struct bufferevent *bev, short what, void *arg)
{
	linger_end(arg);
}

/* Close a lingering socket. */
static void
linger_end(struct linger_sock *lg)
{
	if (lg->bev != NULL)
		bufferevent_free(lg->bev);	/* and its socket */
	else {
		event_del(&lg->ev);
		close(lg->fd);
	}
	outbuf_clear(&lg->out);
	TAILQ_REMOVE(&linger_all, lg, entry);
	linger_count--;
	free(lg);
}
