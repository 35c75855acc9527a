/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The file host's HTTP/1.1 connections: heads, routing, streamed bodies,
 * replies from memory or by sendfile, keep-alive. */

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "compat.h"
#include "log.h"
#include "xmalloc.h"
#include "http_parse.h"
#include "listen.h"
#include "http_server.h"

#define HTTP_CONN_MAX		1024
#define HTTP_READ_HIGH		(256 * 1024)	/* bytes buffered per read */
#define HTTP_WRITE_STEP		(8 * 1024 * 1024)	/* bytes per write or sendfile */
#define HTTP_TIMEOUT		60		/* seconds of silence */
#define HTTP_LINGER_TIME	2		/* seconds to drain after */
#define HTTP_LINGER_MAX		(1024 * 1024)	/* bytes to drain at most */

enum http_state {
	HTTP_HEAD,	/* reading the request line and headers */
	HTTP_HANDLE,	/* the handler has the request, no reply yet */
	HTTP_BODY,	/* streaming the body to the handler */
	HTTP_WRITE,	/* the reply is going out */
	HTTP_LINGER,	/* replied early: read and drop the rest a while */
};

struct http_conn {
	struct bufferevent	*bev;
	enum http_state		 state;
	struct http_req		 req;
	char			*head;		/* the request's head text */
	size_t			 headlen;
	bool			 body_read;	/* the body is consumed */
	bool			 close;		/* close after the reply */
	uint64_t		 left;		/* body bytes still to come */
	http_body_fn		*body_fn;
	http_done_fn		*done_fn;
	http_abort_fn		*abort_fn;
	void			*body_arg;
	char			 peer[64];
	size_t			 drained;	/* bytes dropped lingering */
	TAILQ_ENTRY(http_conn)	 entry;
};
TAILQ_HEAD(http_conns, http_conn);

static struct evconnlistener	*http_listener;
static const struct http_route	*http_routes;
static size_t			 http_nroutes;
static unsigned int		 http_nconns;
static struct http_conns	 http_conns = TAILQ_HEAD_INITIALIZER(http_conns);

static void	http_accept_cb(struct evconnlistener *, evutil_socket_t,
		    struct sockaddr *, int, void *);
static void	http_read_cb(struct bufferevent *, void *);
static void	http_write_cb(struct bufferevent *, void *);
static void	http_event_cb(struct bufferevent *, short, void *);
static void	http_conn_free(struct http_conn *);
static void	http_linger(struct http_conn *);
static void	http_req_reset(struct http_conn *);
static int	http_head_read(struct http_conn *);
static int	http_head_parse(struct http_conn *);
static int	http_head_line(struct http_req *, char *);
static void	http_route(struct http_conn *);
static void	http_body(struct http_conn *);
static void	http_head_out(struct http_req *, int, const char *, uint64_t);
static const char *http_status_text(int);

struct http_status {
	int		 code;
	const char	*text;
};

static const struct http_status http_statuses[] = {
	{ 100, "Continue" }, { 200, "OK" }, { 201, "Created" },
	{ 204, "No Content" }, { 206, "Partial Content" },
	{ 400, "Bad Request" }, { 401, "Unauthorized" }, { 403, "Forbidden" },
	{ 404, "Not Found" }, { 405, "Method Not Allowed" },
	{ 411, "Length Required" }, { 413, "Content Too Large" },
	{ 415, "Unsupported Media Type" },
	{ 416, "Range Not Satisfiable" }, { 431, "Request Header Fields Too "
	"Large" }, { 500, "Internal Server Error" }, { 501, "Not Implemented" },
	{ 503, "Service Unavailable" }, { 507, "Insufficient Storage" },
};

/* The reason phrase of a status code. */
static const char *
http_status_text(int code)
{
	size_t	i;

	for (i = 0; i < nitems(http_statuses); i++) {
		if (http_statuses[i].code == code)
			return (http_statuses[i].text);
	}
	return ("Unknown");
}

/* Bind the listener (none if spec is NULL: connections come only through
 * http_server_adopt); the routes table must outlive the server. */
int
http_server_start(struct event_base *base, const struct listen_spec *spec,
    const struct http_route *routes, size_t nroutes, char **cause)
{
	http_routes = routes;
	http_nroutes = nroutes;
	if (spec == NULL)
		return (0);
	http_listener = evconnlistener_new_bind(base, http_accept_cb, base,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC,
	    128, (const struct sockaddr *)&spec->ss, (int)spec->len);
	if (http_listener == NULL) {
		xasprintf(cause, "--listen-http %s: %s", spec->text,
		    strerror(errno));
		return (-1);
	}
	return (0);
}

void
http_server_stop(void)
{
	struct http_conn	*hc;

	while ((hc = TAILQ_FIRST(&http_conns)) != NULL)
		http_conn_free(hc);
	if (http_listener != NULL)
		evconnlistener_free(http_listener);
	http_listener = NULL;
}

/* The bound port, from the socket itself. */
int
http_server_port(void)
{
	struct sockaddr_storage	ss;
	socklen_t		len = sizeof ss;
	evutil_socket_t		fd;

	if (http_listener == NULL)
		return (0);
	fd = evconnlistener_get_fd(http_listener);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return (0);
	if (ss.ss_family == AF_INET6)
		return (ntohs(((struct sockaddr_in6 *)&ss)->sin6_port));
	return (ntohs(((struct sockaddr_in *)&ss)->sin_port));
}

/* A new connection from the listener. */
static void
http_accept_cb(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct event_base	*base = arg;
	struct bufferevent	*bev;

	if (http_nconns >= HTTP_CONN_MAX) {
		close(fd);
		return;
	}
	bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (bev == NULL) {
		close(fd);
		return;
	}
	http_server_adopt(bev, sa);
}

/* A bufferevent reading heads, bounded in size (http_server.h). */
void
http_server_adopt(struct bufferevent *bev, const struct sockaddr *sa)
{
	struct http_conn	*hc;
	struct timeval		 tv = { HTTP_TIMEOUT, 0 };
	const void		*addr;

	hc = xcalloc(1, sizeof *hc);
	hc->bev = bev;
	addr = sa->sa_family == AF_INET6 ?
	    (const void *)&((const struct sockaddr_in6 *)sa)->sin6_addr :
	    (const void *)&((const struct sockaddr_in *)sa)->sin_addr;
	if (inet_ntop(sa->sa_family, addr, hc->peer, sizeof hc->peer) == NULL)
		strlcpy(hc->peer, "?", sizeof hc->peer);
	http_nconns++;
	TAILQ_INSERT_TAIL(&http_conns, hc, entry);
	http_req_reset(hc);
	bufferevent_setcb(hc->bev, http_read_cb, http_write_cb, http_event_cb,
	    hc);
	bufferevent_setwatermark(hc->bev, EV_READ, 0, HTTP_READ_HIGH);
	/* libevent moves 16 KB per syscall by default: bodies and sendfile
	 * go faster in bigger steps. */
	bufferevent_set_max_single_read(hc->bev, HTTP_READ_HIGH);
	bufferevent_set_max_single_write(hc->bev, HTTP_WRITE_STEP);
	bufferevent_set_timeouts(hc->bev, &tv, &tv);
	bufferevent_enable(hc->bev, EV_READ | EV_WRITE);
}

size_t
http_server_conns(void)
{
	return (http_nconns);
}

/* Forget the last request: ready for the next head. */
static void
http_req_reset(struct http_conn *hc)
{
	struct http_req	*r = &hc->req;

	free(hc->head);
	if (r->out_headers != NULL)
		evbuffer_free(r->out_headers);
	memset(r, 0, sizeof *r);
	r->conn = hc;
	r->out_headers = evbuffer_new();
	strlcpy(r->peer, hc->peer, sizeof r->peer);
	hc->head = NULL;
	hc->headlen = 0;
	hc->state = HTTP_HEAD;
	hc->body_read = false;
	hc->left = 0;
	hc->body_fn = NULL;
	hc->done_fn = NULL;
	hc->abort_fn = NULL;
	hc->body_arg = NULL;
}

/* Close: an unfinished body tells its handler first. */
static void
http_conn_free(struct http_conn *hc)
{
	if (hc->abort_fn != NULL)
		hc->abort_fn(hc->body_arg);
	hc->abort_fn = NULL;
	bufferevent_free(hc->bev);
	free(hc->head);
	if (hc->req.out_headers != NULL)
		evbuffer_free(hc->req.out_headers);
	TAILQ_REMOVE(&http_conns, hc, entry);
	free(hc);
	http_nconns--;
}

/* The peer closed, failed or timed out. */
static void
http_event_cb(struct bufferevent *bev, short what, void *arg)
{
	http_conn_free(arg);
}

/* Input: a head, or more of a body. */
static void
http_read_cb(struct bufferevent *bev, void *arg)
{
	struct http_conn	*hc = arg;

	switch (hc->state) {
	case HTTP_HEAD:
		if (http_head_read(hc) != 0) {
			http_conn_free(hc);
			return;
		}
		if (hc->state != HTTP_HANDLE)
			return;	/* no whole head yet, or a 400 is going out */
		http_route(hc);
		break;
	case HTTP_BODY:
		http_body(hc);
		break;
	case HTTP_LINGER:
		hc->drained += evbuffer_get_length(bufferevent_get_input(bev));
		evbuffer_drain(bufferevent_get_input(bev),
		    evbuffer_get_length(bufferevent_get_input(bev)));
		if (hc->drained > HTTP_LINGER_MAX)
			http_conn_free(hc);
		break;
	case HTTP_HANDLE:
	case HTTP_WRITE:
		/* pipelined input waits for the reply to finish */
		bufferevent_disable(bev, EV_READ);
		break;
	}
}

/* The reply is out: the next request, or close. */
static void
http_write_cb(struct bufferevent *bev, void *arg)
{
	struct http_conn	*hc = arg;

	if (hc->state != HTTP_WRITE ||
	    evbuffer_get_length(bufferevent_get_output(bev)) != 0)
		return;
	if (!hc->body_read) {
		http_linger(hc);
		return;
	}
	if (hc->close) {
		http_conn_free(hc);
		return;
	}
	http_req_reset(hc);
	bufferevent_enable(bev, EV_READ);
	if (evbuffer_get_length(bufferevent_get_input(bev)) != 0)
		http_read_cb(bev, hc);
}

/*
 * A reply went out before the body was read (413, 401): stop sending,
 * and read and drop what the client still sends for a moment, so that
 * closing does not reset the connection before it has read the reply.
 */
static void
http_linger(struct http_conn *hc)
{
	struct timeval	tv = { HTTP_LINGER_TIME, 0 };

	hc->state = HTTP_LINGER;
	shutdown(bufferevent_getfd(hc->bev), SHUT_WR);
	bufferevent_set_timeouts(hc->bev, &tv, NULL);
	bufferevent_disable(hc->bev, EV_WRITE);
	bufferevent_enable(hc->bev, EV_READ);
}

/* Collect the head up to its empty line; -1 drops the connection. */
static int
http_head_read(struct http_conn *hc)
{
	struct evbuffer		*in = bufferevent_get_input(hc->bev);
	struct evbuffer_ptr	 end;
	size_t			 len;

	end = evbuffer_search(in, "\r\n\r\n", 4, NULL);
	if (end.pos == -1) {
		if (evbuffer_get_length(in) > HTTP_HEAD_MAX)
			return (-1);
		return (0);
	}
	len = (size_t)end.pos + 4;
	if (len > HTTP_HEAD_MAX)
		return (-1);
	hc->head = xmalloc(len + 1);
	evbuffer_remove(in, hc->head, len);
	hc->head[len] = '\0';
	hc->headlen = len;
	if (http_head_parse(hc) != 0) {
		hc->state = HTTP_HANDLE;
		hc->close = true;
		http_reply_error(&hc->req, 400, "Bad request");
		return (0);
	}
	hc->state = HTTP_HANDLE;
	return (0);
}

/* Split the head in place: request line, then one header a line. */
static int
http_head_parse(struct http_conn *hc)
{
	struct http_req	*r = &hc->req;
	char		*line, *next, *sp, *target, *version, *q;
	const char	*v;

	line = hc->head;
	if ((next = strstr(line, "\r\n")) == NULL)
		return (-1);
	*next = '\0';
	if ((sp = strchr(line, ' ')) == NULL)
		return (-1);
	*sp = '\0';
	r->method = line;
	target = sp + 1;
	if ((version = strchr(target, ' ')) == NULL)
		return (-1);
	*version++ = '\0';
	if (strncmp(version, "HTTP/1.", 7) != 0 || *target != '/')
		return (-1);
	r->keep_alive = strcmp(version, "HTTP/1.1") == 0;
	if ((q = strchr(target, '?')) != NULL) {
		*q++ = '\0';
		r->query = q;
	}
	if (http_pct_decode(target) != 0)
		return (-1);
	r->path = target;
	r->head = strcmp(r->method, "HEAD") == 0;
	for (line = next + 2; *line != '\0'; line = next + 2) {
		if ((next = strstr(line, "\r\n")) == NULL)
			return (-1);
		*next = '\0';
		if (*line != '\0' && http_head_line(r, line) != 0)
			return (-1);
	}
	if ((v = http_req_header(r, "Connection")) != NULL) {
		if (strcasestr(v, "close") != NULL)
			r->keep_alive = false;
		else if (strcasestr(v, "keep-alive") != NULL)
			r->keep_alive = true;
	}
	r->chunked = http_req_header(r, "Transfer-Encoding") != NULL;
	return (0);
}

/* One "Name: value" line. */
static int
http_head_line(struct http_req *r, char *line)
{
	char		*colon, *v, *end;
	uint64_t	 n;

	if (r->nheaders == HTTP_HEADERS_MAX ||
	    (colon = strchr(line, ':')) == NULL || colon == line)
		return (-1);
	*colon = '\0';
	for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
		;
	end = v + strlen(v);
	while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	r->headers[r->nheaders].name = line;
	r->headers[r->nheaders++].value = v;
	if (strcasecmp(line, "Content-Length") == 0) {
		if (*v < '0' || *v > '9' || r->has_length)
			return (-1);
		errno = 0;
		n = strtoull(v, &end, 10);
		if (errno != 0 || *end != '\0')
			return (-1);
		r->length = n;
		r->has_length = true;
	}
	return (0);
}

/* The first route that matches method and path. */
static void
http_route(struct http_conn *hc)
{
	struct http_req		*r = &hc->req;
	const struct http_route	*rt;
	const char		*m;
	size_t			 i;
	bool			 path_seen = false;

	if (!r->has_length && !r->chunked)
		hc->body_read = true;
	m = r->head ? "GET" : r->method;
	for (i = 0; i < http_nroutes; i++) {
		rt = &http_routes[i];
		if (rt->exact ? strcmp(r->path, rt->prefix) != 0 :
		    strncmp(r->path, rt->prefix, strlen(rt->prefix)) != 0)
			continue;
		path_seen = true;
		if (strcmp(rt->method, m) != 0)
			continue;
		rt->fn(r);
		return;
	}
	if (path_seen)
		http_reply_error(r, 405, "Method not allowed");
	else
		http_reply_error(r, 404, "Not found");
}

/* Look a request header up by name (case-insensitive). */
const char *
http_req_header(const struct http_req *r, const char *name)
{
	int	i;

	for (i = 0; i < r->nheaders; i++) {
		if (strcasecmp(r->headers[i].name, name) == 0)
			return (r->headers[i].value);
	}
	return (NULL);
}

/* key=value&... : the decoded value of key. */
const char *
http_req_query(const struct http_req *r, const char *key, char *buf,
    size_t size)
{
	const char	*p = r->query, *end;
	size_t		 klen = strlen(key), len;

	while (p != NULL && *p != '\0') {
		end = strchr(p, '&');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (len > klen && strncmp(p, key, klen) == 0 &&
		    p[klen] == '=') {
			if (len - klen - 1 >= size)
				return (NULL);
			memcpy(buf, p + klen + 1, len - klen - 1);
			buf[len - klen - 1] = '\0';
			if (http_pct_decode(buf) != 0)
				return (NULL);
			return (buf);
		}
		p = end != NULL ? end + 1 : NULL;
	}
	return (NULL);
}

void
http_req_add_header(struct http_req *r, const char *name, const char *value)
{
	evbuffer_add_printf(r->out_headers, "%s: %s\r\n", name, value);
}

/* Status line and the headers every reply has. */
static void
http_head_out(struct http_req *r, int status, const char *type,
    uint64_t len)
{
	struct http_conn	*hc = r->conn;
	struct evbuffer		*out = bufferevent_get_output(hc->bev);

	if (!hc->body_read)
		hc->close = true;
	if (!r->keep_alive)
		hc->close = true;
	evbuffer_add_printf(out, "HTTP/1.1 %d %s\r\nServer: tui-chatd\r\n"
	    "Content-Length: %llu\r\nX-Content-Type-Options: nosniff\r\n"
	    "Access-Control-Allow-Origin: *\r\n"
	    "Access-Control-Expose-Headers: Location, Content-Disposition\r\n",
	    status, http_status_text(status), (unsigned long long)len);
	if (type != NULL)
		evbuffer_add_printf(out, "Content-Type: %s\r\n", type);
	if (hc->close)
		evbuffer_add(out, "Connection: close\r\n", 19);
	evbuffer_add_buffer(out, r->out_headers);
	evbuffer_add(out, "\r\n", 2);
	hc->state = HTTP_WRITE;
	hc->body_fn = NULL;
	hc->done_fn = NULL;
	hc->abort_fn = NULL;
}

void
http_reply(struct http_req *r, int status, const char *type,
    const void *body, size_t len)
{
	struct evbuffer	*out = bufferevent_get_output(r->conn->bev);

	http_head_out(r, status, type, len);
	if (!r->head && len > 0)
		evbuffer_add(out, body, len);
	http_write_cb(r->conn->bev, r->conn);
}

void
http_reply_buffer(struct http_req *r, int status, const char *type,
    struct evbuffer *body)
{
	struct evbuffer	*out = bufferevent_get_output(r->conn->bev);

	http_head_out(r, status, type, evbuffer_get_length(body));
	if (!r->head)
		evbuffer_add_buffer(out, body);
	evbuffer_drain(body, evbuffer_get_length(body));
	http_write_cb(r->conn->bev, r->conn);
}

void
http_reply_error(struct http_req *r, int status, const char *text)
{
	char	buf[256];
	int	n;

	n = snprintf(buf, sizeof buf, "%d %s: %s\n", status,
	    http_status_text(status), text);
	http_reply(r, status, "text/plain; charset=utf-8", buf, (size_t)n);
}

void
http_reply_file(struct http_req *r, int status, const char *type, int fd,
    off_t offset, off_t len)
{
	struct evbuffer	*out = bufferevent_get_output(r->conn->bev);

	http_head_out(r, status, type, (uint64_t)len);
	if (r->head || len == 0 || evbuffer_add_file(out, fd, offset, len) != 0)
		close(fd);
	http_write_cb(r->conn->bev, r->conn);
}

void
http_req_wait(struct http_req *r, http_abort_fn *abort_fn, void *arg)
{
	r->conn->abort_fn = abort_fn;
	r->conn->body_arg = arg;
}

/* Start taking the body; 100 Continue if the client waits for it. */
void
http_req_read_body(struct http_req *r, http_body_fn *body,
    http_done_fn *done, http_abort_fn *abort_fn, void *arg)
{
	struct http_conn	*hc = r->conn;
	const char		*expect = http_req_header(r, "Expect");

	hc->body_fn = body;
	hc->done_fn = done;
	hc->abort_fn = abort_fn;
	hc->body_arg = arg;
	hc->left = r->length;
	hc->state = HTTP_BODY;
	if (expect != NULL && strcasecmp(expect, "100-continue") == 0)
		evbuffer_add(bufferevent_get_output(hc->bev),
		    "HTTP/1.1 100 Continue\r\n\r\n", 25);
	bufferevent_enable(hc->bev, EV_READ);
	http_body(hc);
}

/* Hand what has arrived of the body to the handler. */
static void
http_body(struct http_conn *hc)
{
	struct evbuffer	*in = bufferevent_get_input(hc->bev);
	size_t		 n = evbuffer_get_length(in);
	http_done_fn	*done;

	if ((uint64_t)n > hc->left)
		n = (size_t)hc->left;
	if (n > 0) {
		if (hc->body_fn(&hc->req, in, n, hc->body_arg) != 0) {
			hc->abort_fn = NULL;	/* body_fn let go of its arg */
			if (hc->state != HTTP_WRITE)
				http_conn_free(hc);
			return;
		}
		hc->left -= n;
	}
	if (hc->left != 0)
		return;
	hc->body_read = true;
	done = hc->done_fn;
	hc->abort_fn = NULL;
	hc->state = HTTP_HANDLE;
	done(&hc->req, hc->body_arg);
}
