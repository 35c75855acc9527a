/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * One HTTP request in the client's event loop (libevent's evhttp): an
 * optional file as the body (sent by sendfile), the reply streamed to a
 * file descriptor or kept in memory, progress as it goes. Nothing here
 * blocks the screen.
 */
#ifndef HTTP_CLIENT_H
#define HTTP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event_base;
struct evbuffer;
struct http_call;

/* progress: bytes moved so far; done: once, status 0 = no answer. */
typedef void	http_call_fn(struct http_call *, void *arg);

struct http_call_spec {
	const char	*method;	/* "GET" or "POST" */
	const char	*url;
	const char	*bearer;	/* Authorization: Bearer, or NULL */
	const char	*disposition;	/* Content-Disposition, or NULL */
	uint64_t	 offset;	/* Range: bytes=OFFSET- when > 0 */
	int		 body_fd;	/* -1: no body; else taken over */
	uint64_t	 body_len;
	int		 sink_fd;	/* -1: keep the reply in memory */
	http_call_fn	*progress;
	http_call_fn	*done;
	void		*arg;
};

struct http_call {
	int		 status;	/* the reply's code, 0 if none */
	uint64_t	 moved;		/* body bytes sent or received */
	uint64_t	 total;		/* what will have moved at the end */
	uint64_t	 start;		/* where a 206 reply starts */
	char		*location;	/* Location header */
	char		*notice;	/* X-Room-Notice header */
	char		*error;		/* why it failed, when status is 0 */
	struct evbuffer	*body;		/* reply in memory (sink_fd -1) */
	/* private */
	struct http_call_spec	 spec;
	struct event_base	*base;
	struct evhttp_connection *evcon;
	struct event		*timer;
	bool			 finished;
	bool			 write_failed;
};

/* Start it; NULL and *cause (caller frees) for a bad URL. */
struct http_call *http_call_start(struct event_base *,
		     const struct http_call_spec *, char **cause);
/* Free it (not from inside its own callbacks: use http_call_free_later). */
void		 http_call_free(struct http_call *);
void		 http_call_free_later(struct http_call *);

#endif
