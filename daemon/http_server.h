/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * A small HTTP/1.1 server on bufferevents in the daemon's loop: request
 * head parsing, routing by a table, request bodies streamed to the
 * handler as they arrive (never held whole), replies from memory or from
 * a file (sendfile through evbuffer_add_file), keep-alive.
 *
 * Why not evhttp: libevent 2.1's evhttp reads the whole request body
 * into memory before the handler runs (its evhttp_set_newreqcb, which
 * would allow streaming, only arrived in 2.2), and a 1 GB upload must
 * not cost 1 GB of memory.
 */
#ifndef HTTP_SERVER_H
#define HTTP_SERVER_H

#include <sys/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_HEADERS_MAX	48
#define HTTP_HEAD_MAX		16384	/* request line and headers */

struct bufferevent;
struct event_base;
struct evbuffer;
struct sockaddr;
struct http_conn;
struct listen_spec;

struct http_header {
	char	*name;
	char	*value;
};

struct http_req {
	struct http_conn	*conn;
	char			*method;
	char			*path;		/* percent-decoded, no query */
	char			*query;		/* raw, or NULL */
	struct http_header	 headers[HTTP_HEADERS_MAX];
	int			 nheaders;
	uint64_t		 length;	/* Content-Length, 0 if none */
	bool			 has_length;
	bool			 chunked;	/* Transfer-Encoding present */
	bool			 keep_alive;
	bool			 head;		/* HEAD: headers only */
	char			 peer[64];	/* the client's address */
	struct evbuffer		*out_headers;	/* extra response headers */
};

/* A request body arriving: consume exactly n bytes of in; -1 aborts
 * (the handler has replied, or the connection just closes). */
typedef int	http_body_fn(struct http_req *, struct evbuffer *in, size_t n,
		    void *arg);
/* The whole body has arrived: reply now. */
typedef void	http_done_fn(struct http_req *, void *arg);
/* The connection went away before done: clean up arg. */
typedef void	http_abort_fn(void *arg);

typedef void	http_handler_fn(struct http_req *);

struct http_route {
	const char	*method;	/* "GET" also serves HEAD */
	const char	*prefix;	/* path prefix */
	bool		 exact;		/* the whole path, not a prefix */
	http_handler_fn	*fn;
};

/* Listen on spec (NULL: no listener); requests go to the first matching
 * route. */
int		 http_server_start(struct event_base *,
		     const struct listen_spec *, const struct http_route *,
		     size_t nroutes, char **cause);
void		 http_server_stop(void);
/* The port actually bound (for PORT 0). */
int		 http_server_port(void);
/* Serve a connection on bev (freed with it) as if accepted from sa: the
 * listener's sockets, and the fuzzer's bufferevent pairs. */
void		 http_server_adopt(struct bufferevent *, const struct sockaddr *);
/* Connections open now. */
size_t		 http_server_conns(void);

const char	*http_req_header(const struct http_req *, const char *name);
/* The decoded value of key in the query string into buf; NULL if none. */
const char	*http_req_query(const struct http_req *, const char *key,
		     char *buf, size_t size);

/* Add "name: value" to the reply about to be sent. */
void		 http_req_add_header(struct http_req *, const char *name,
		     const char *value);
/* Status line, headers and len bytes of body (HEAD: no body). */
void		 http_reply(struct http_req *, int status, const char *type,
		     const void *body, size_t len);
/* The same with an evbuffer body, which is drained. */
void		 http_reply_buffer(struct http_req *, int status,
		     const char *type, struct evbuffer *);
/* A short text/plain error page; the connection closes after it when
 * the request body was not read. */
void		 http_reply_error(struct http_req *, int status,
		     const char *text);
/* len bytes of fd from offset, sent with sendfile; fd is taken over. */
void		 http_reply_file(struct http_req *, int status,
		     const char *type, int fd, off_t offset, off_t len);

/* The handler answers later (an account check runs): abort(arg) runs if
 * the connection goes first. Replying or reading the body ends it. */
void		 http_req_wait(struct http_req *, http_abort_fn *, void *arg);

/* Receive the body: body() for each piece, then done() or abort(). */
void		 http_req_read_body(struct http_req *, http_body_fn *,
		     http_done_fn *, http_abort_fn *, void *arg);

#endif
