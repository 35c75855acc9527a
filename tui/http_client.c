/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* HTTP requests through evhttp: file bodies, streamed replies, progress. */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "log.h"
#include "xmalloc.h"
#include "http_client.h"

#define HTTP_CALL_TIMEOUT	60	/* seconds without progress */
#define HTTP_CALL_TICK_MS	200	/* upload progress polling */
#define HTTP_CALL_BODY_MAX	(4 * 1024 * 1024)	/* a reply in memory */

static void	http_call_done_cb(struct evhttp_request *, void *);
static int	http_call_head_cb(struct evhttp_request *, void *);
static void	http_call_chunk_cb(struct evhttp_request *, void *);
static void	http_call_tick_cb(evutil_socket_t, short, void *);
static void	http_call_free_cb(evutil_socket_t, short, void *);
static void	http_call_headers(struct http_call *,
		    struct evhttp_request *, const struct evhttp_uri *);

/* Host, Authorization, Range, Content-Disposition. */
static void
http_call_headers(struct http_call *c, struct evhttp_request *req,
    const struct evhttp_uri *u)
{
	struct evkeyvalq	*h = evhttp_request_get_output_headers(req);
	char			 buf[2048];
	int			 port = evhttp_uri_get_port(u);

	if (port > 0)
		snprintf(buf, sizeof buf, "%s:%d", evhttp_uri_get_host(u),
		    port);
	else
		snprintf(buf, sizeof buf, "%s", evhttp_uri_get_host(u));
	evhttp_add_header(h, "Host", buf);
	evhttp_add_header(h, "User-Agent", "tui-chat/" PACKAGE_VERSION);
	if (c->spec.bearer != NULL) {
		snprintf(buf, sizeof buf, "Bearer %s", c->spec.bearer);
		evhttp_add_header(h, "Authorization", buf);
	}
	if (c->spec.offset > 0) {
		snprintf(buf, sizeof buf, "bytes=%" PRIu64 "-",
		    c->spec.offset);
		evhttp_add_header(h, "Range", buf);
	}
	if (c->spec.disposition != NULL)
		evhttp_add_header(h, "Content-Disposition",
		    c->spec.disposition);
	if (c->spec.body_fd != -1)
		evhttp_add_header(h, "Content-Type",
		    "application/octet-stream");
}

struct http_call *
http_call_start(struct event_base *base, const struct http_call_spec *spec,
    char **cause)
{
	struct http_call	*c;
	struct evhttp_uri	*u;
	struct evhttp_request	*req;
	struct timeval		 tick = { 0, HTTP_CALL_TICK_MS * 1000 };
	const char		*host, *path, *query;
	char			*target;
	int			 port;

	if ((u = evhttp_uri_parse(spec->url)) == NULL ||
	    (host = evhttp_uri_get_host(u)) == NULL ||
	    evhttp_uri_get_scheme(u) == NULL ||
	    strcmp(evhttp_uri_get_scheme(u), "http") != 0) {
		xasprintf(cause, "not an http:// URL: %s", spec->url);
		goto fail;
	}
	port = evhttp_uri_get_port(u) > 0 ? evhttp_uri_get_port(u) : 80;
	c = xcalloc(1, sizeof *c);
	c->spec = *spec;
	c->base = base;
	c->body = evbuffer_new();
	c->evcon = evhttp_connection_base_new(base, NULL, host,
	    (unsigned short)port);
	if (c->evcon == NULL)
		fatalx("evhttp_connection_base_new");
	evhttp_connection_set_timeout(c->evcon, HTTP_CALL_TIMEOUT);
	req = evhttp_request_new(http_call_done_cb, c);
	evhttp_request_set_header_cb(req, http_call_head_cb);
	evhttp_request_set_chunked_cb(req, http_call_chunk_cb);
	http_call_headers(c, req, u);
	if (spec->body_fd != -1) {
		if (evbuffer_add_file(evhttp_request_get_output_buffer(req),
		    spec->body_fd, 0, (ev_off_t)spec->body_len) != 0)
			fatalx("evbuffer_add_file");
		c->spec.body_fd = -1;	/* the buffer owns it now */
		c->total = spec->body_len;
	}
	path = evhttp_uri_get_path(u);
	query = evhttp_uri_get_query(u);
	xasprintf(&target, "%s%s%s", path != NULL && *path != '\0' ? path :
	    "/", query != NULL ? "?" : "", query != NULL ? query : "");
	evhttp_make_request(c->evcon, req, strcmp(spec->method, "POST") == 0 ?
	    EVHTTP_REQ_POST : EVHTTP_REQ_GET, target);
	free(target);
	evhttp_uri_free(u);
	c->timer = event_new(base, -1, EV_PERSIST, http_call_tick_cb, c);
	if (c->timer == NULL)
		fatalx("event_new");
	if (spec->body_fd != -1 && spec->progress != NULL)
		event_add(c->timer, &tick);
	return (c);
fail:
	if (u != NULL)
		evhttp_uri_free(u);
	if (spec->body_fd != -1)
		close(spec->body_fd);
	return (NULL);
}

/* Upload progress: what has left the connection's output buffer. */
static void
http_call_tick_cb(evutil_socket_t fd, short events, void *arg)
{
	struct http_call	*c = arg;
	struct bufferevent	*bev;
	size_t			 left;

	if (c->finished || c->status != 0)
		return;
	bev = evhttp_connection_get_bufferevent(c->evcon);
	left = evbuffer_get_length(bufferevent_get_output(bev));
	if (left > c->total)
		return;		/* not handed over yet */
	if (c->total - left != c->moved) {
		c->moved = c->total - left;
		c->spec.progress(c, c->spec.arg);
	}
}

/* The reply's head: status, Location, the size to expect. */
static int
http_call_head_cb(struct evhttp_request *req, void *arg)
{
	struct http_call	*c = arg;
	struct evkeyvalq	*h = evhttp_request_get_input_headers(req);
	const char		*v;
	uint64_t		 a, b, size;

	c->status = evhttp_request_get_response_code(req);
	if ((v = evhttp_find_header(h, "Location")) != NULL)
		c->location = xstrdup(v);
	if ((v = evhttp_find_header(h, "X-Room-Notice")) != NULL)
		c->notice = xstrdup(v);
	if (c->spec.body_fd == -1 && c->total != 0)
		c->moved = c->total;	/* an upload has been sent */
	if (c->spec.sink_fd == -1)
		return (0);
	c->moved = 0;
	if (c->status == 416 && (v = evhttp_find_header(h,
	    "Content-Range")) != NULL && sscanf(v, "bytes */%" SCNu64,
	    &size) == 1)
		c->total = size;
	if (c->status == 200 && c->spec.offset > 0 &&
	    ftruncate(c->spec.sink_fd, 0) != 0)
		c->write_failed = true;	/* a whole reply: start over */
	if (c->status == 206 && (v = evhttp_find_header(h,
	    "Content-Range")) != NULL && sscanf(v, "bytes %" SCNu64 "-%"
	    SCNu64 "/%" SCNu64, &a, &b, &size) == 3) {
		c->start = a;
		c->total = size;
		c->moved = a;
	} else if ((v = evhttp_find_header(h, "Content-Length")) != NULL)
		c->total = strtoull(v, NULL, 10);
	return (0);
}

/* A piece of the reply: to the file (a good status) or to memory. */
static void
http_call_chunk_cb(struct evhttp_request *req, void *arg)
{
	struct http_call	*c = arg;
	struct evbuffer		*in = evhttp_request_get_input_buffer(req);
	int			 n;

	if (c->spec.sink_fd == -1 || (c->status != 200 && c->status != 206)) {
		if (evbuffer_get_length(c->body) < HTTP_CALL_BODY_MAX)
			evbuffer_add_buffer(c->body, in);
		else
			evbuffer_drain(in, evbuffer_get_length(in));
		return;
	}
	while (evbuffer_get_length(in) > 0 && !c->write_failed) {
		n = evbuffer_write(in, c->spec.sink_fd);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			c->write_failed = true;
			break;
		}
		c->moved += (uint64_t)n;
	}
	evbuffer_drain(in, evbuffer_get_length(in));
	if (c->spec.progress != NULL && !c->write_failed)
		c->spec.progress(c, c->spec.arg);
}

/* The end: a reply, or a failure. */
static void
http_call_done_cb(struct evhttp_request *req, void *arg)
{
	struct http_call	*c = arg;

	c->finished = true;
	event_del(c->timer);
	if (req == NULL || evhttp_request_get_response_code(req) == 0) {
		c->status = 0;
		c->error = xstrdup("no answer from the file host");
	} else {
		c->status = evhttp_request_get_response_code(req);
		if (evbuffer_get_length(evhttp_request_get_input_buffer(
		    req)) > 0)
			http_call_chunk_cb(req, c);
		if (c->write_failed) {
			c->status = 0;
			xasprintf(&c->error, "cannot write: %s",
			    strerror(errno));
		}
	}
	c->spec.done(c, c->spec.arg);
}

void
http_call_free(struct http_call *c)
{
	if (c == NULL)
		return;
	if (c->timer != NULL)
		event_free(c->timer);
	evhttp_connection_free(c->evcon);
	evbuffer_free(c->body);
	free(c->location);
	free(c->notice);
	free(c->error);
	free(c);
}

static void
http_call_free_cb(evutil_socket_t fd, short events, void *arg)
{
	http_call_free(arg);
}

/* evhttp is still inside its callback: free on the next loop turn. */
void
http_call_free_later(struct http_call *c)
{
	event_base_once(c->base, -1, EV_TIMEOUT, http_call_free_cb, c, NULL);
}
