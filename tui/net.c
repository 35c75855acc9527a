/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Socket side of the client: a bufferevent, IRC framing into the session. */

#include <sys/socket.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/dns.h>
#include <event2/event.h>
#include <event2/util.h>

#include "irc_frame.h"
#include "irc_msg.h"
#include "log.h"
#include "net.h"

#define NET_LINES_PER_TURN	64	/* then let keys and redraws in */

static struct event_base	*net_base;
static struct evdns_base	*net_dns;
static const struct net_events	*net_events;
static struct bufferevent	*net_bev;
static struct irc_frame		 net_frame;
static bool			 net_up;
static bool			 net_closing;

static void	net_read_cb(struct bufferevent *, void *);
static void	net_write_cb(struct bufferevent *, void *);
static void	net_event_cb(struct bufferevent *, short, void *);
static void	net_lost(const char *);

void
net_init(struct event_base *base, struct evdns_base *dns,
    const struct net_events *events)
{
	net_base = base;
	net_dns = dns;
	net_events = events;
}

void
net_free(void)
{
	net_close();
}

void
net_connect(const char *host, int port)
{
	net_close();
	irc_frame_init(&net_frame);
	net_bev = bufferevent_socket_new(net_base, -1,
	    BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS);
	if (net_bev == NULL) {
		net_events->closed("cannot create a socket", true);
		return;
	}
	bufferevent_setcb(net_bev, net_read_cb, net_write_cb, net_event_cb,
	    NULL);
	/* Reading bounded: at most a few frames are buffered from the kernel. */
	bufferevent_setwatermark(net_bev, EV_READ, 0, 4 * IRC_FRAME_MAX);
	if (bufferevent_enable(net_bev, EV_READ | EV_WRITE) == -1 ||
	    bufferevent_socket_connect_hostname(net_bev, net_dns, AF_UNSPEC,
	    host, port) == -1) {
		net_lost("cannot start connecting");
		return;
	}
}

void
net_close(void)
{
	if (net_bev != NULL)
		bufferevent_free(net_bev);
	net_bev = NULL;
	net_up = net_closing = false;
}

void
net_close_flush(void)
{
	if (net_bev == NULL)
		return;
	net_closing = true;
	if (evbuffer_get_length(bufferevent_get_output(net_bev)) == 0)
		shutdown(bufferevent_getfd(net_bev), SHUT_WR);
}

bool
net_connected(void)
{
	return (net_up);
}

int
net_send(const char *line, size_t len)
{
	if (!net_up || net_closing)
		return (-1);
	/* Secrets never reach the debug log. */
	if (strncasecmp(line, "AUTHENTICATE ", 13) == 0 ||
	    strncasecmp(line, "PASS ", 5) == 0 ||
	    strncasecmp(line, "OPER ", 5) == 0 ||
	    strncasecmp(line, "REGISTER ", 9) == 0)
		log_debug("> %.*s (the rest hidden)", (int)strcspn(line, " "),
		    line);
	else
		log_debug("> %.*s", (int)(len > 2 ? len - 2 : len), line);
	return (bufferevent_write(net_bev, line, len));
}

/* The connection is gone: free it, then tell the session why. */
static void
net_lost(const char *why)
{
	net_close();
	net_events->closed(why, true);
}

/* Hand complete lines to the session; yield after a batch. */
static void
net_read_cb(struct bufferevent *bev, void *arg)
{
	char			line[IRC_FRAME_MAX + 1];
	size_t			len;
	int			i;
	enum irc_frame_result	r;

	for (i = 0; i < NET_LINES_PER_TURN; i++) {
		r = irc_frame_next(&net_frame, bufferevent_get_input(bev),
		    line, IRC_FRAME_MAX, &len);
		if (r == IRC_FRAME_AGAIN)
			return;
		if (r == IRC_FRAME_TOO_LONG) {
			/* Dropped; the next one may be fine. */
			net_events->unreadable("line too long");
			continue;
		}
		net_events->line(line, len);
		if (net_bev != bev)
			return;	/* the session closed or reconnected */
	}
	bufferevent_trigger(bev, EV_READ, BEV_TRIG_DEFER_CALLBACKS);
}

/* Everything written: finish a graceful close. */
static void
net_write_cb(struct bufferevent *bev, void *arg)
{
	if (net_closing)
		shutdown(bufferevent_getfd(bev), SHUT_WR);
}

static void
net_event_cb(struct bufferevent *bev, short what, void *arg)
{
	char	 why[256];
	int	 err;

	if (what & BEV_EVENT_CONNECTED) {
		net_up = true;
		net_events->connected();
		return;
	}
	if (what & BEV_EVENT_EOF) {
		/* Lines still buffered (a final ERROR) come first. */
		net_read_cb(bev, arg);
		if (net_bev != bev)
			return;
		net_lost("connection closed by the server");
		return;
	}
	if (what & BEV_EVENT_ERROR) {
		err = bufferevent_socket_get_dns_error(bev);
		if (err != 0)
			snprintf(why, sizeof why, "cannot resolve: %s",
			    evutil_gai_strerror(err));
		else
			snprintf(why, sizeof why, "%s", evutil_socket_error_to_string(
			    EVUTIL_SOCKET_ERROR()));
		net_lost(why);
	}
}
