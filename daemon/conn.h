/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* A client connection: reading and framing, the bounded send queue,
 * timers (registration, ping, flood) and the deferred close. */
#ifndef CONN_H
#define CONN_H

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/queue.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <event2/event.h>
#include <event2/event_struct.h>

#include "irc_frame.h"
#include "outbuf.h"

#define CONN_CLOSING	0x1	/* closed: no more input or output */
#define CONN_REGISTERED	0x2	/* 001 sent */
#define CONN_CAP	0x4	/* CAP negotiation holds registration */
#define CONN_PASS	0x8	/* a correct PASS was given */
#define CONN_USER	0x10	/* USER was given */
#define CONN_PINGED	0x20	/* our PING is unanswered */
#define CONN_THROTTLED	0x40	/* out of flood tokens, reading paused */
#define CONN_FLUSH	0x80	/* on the flush list */
#define CONN_WRITING	0x100	/* write event pending */
#define CONN_READING	0x200	/* read event pending */
#define CONN_EOF	0x400	/* the peer closed: finish its lines, then close */
#define CONN_PACED	0x800	/* a long reply is going out: input waits */

#define CAP_SERVER_TIME		0x1
#define CAP_MESSAGE_TAGS	0x2
#define CAP_ECHO_MESSAGE	0x4
#define CAP_MULTI_PREFIX	0x8
#define CAP_USERHOST_IN_NAMES	0x10
#define CAP_AWAY_NOTIFY		0x20

struct line;
struct user;
struct conn_addr;
struct conn;

/* Produces more of a long reply (LIST) as the client reads the last. */
typedef void conn_more_fn(struct conn *, void *);

struct conn {
	int			 fd;
	int			 flags;
	unsigned int		 caps;
	struct user		*user;		/* owned */
	struct conn_addr	*addr;		/* per-address count */
	struct evbuffer		*in;
	struct outbuf		 out;		/* the sendq */
	struct irc_frame	 frame;
	struct event		 ev_read;
	struct event		 ev_write;
	struct event		 ev_timer;
	time_t			 created;
	time_t			 last_read;
	double			 tokens;	/* flood token bucket */
	struct timeval		 refill;
	char			*reason;	/* why it closes */
	conn_more_fn		*more;		/* a reply still being sent */
	void			*more_arg;
	void			(*more_free)(void *);
	TAILQ_ENTRY(conn)	 entry;		/* all conns */
	TAILQ_ENTRY(conn)	 flush_entry;	/* flush or close list */
};

void		 conn_init(struct event_base *);
void		 conn_shutdown(const char *reason);

/* Take fd from accept; NULL (fd closed) when a limit refuses it. */
struct conn	*conn_new(int fd, const struct sockaddr *, socklen_t);

/* Queue bytes; past the sendq limit the conn is closed instead. */
void		 conn_send(struct conn *, const char *, size_t);
void		 conn_send_line(struct conn *, struct line *);

/* ERROR to the client, then free it after this loop turn. */
void		 conn_close(struct conn *, const char *reason);

/*
 * Let fn(c, arg) add to a long reply whenever c's queue runs low, until
 * conn_set_more(c, NULL, ...) ends it; free(arg) runs then or at close.
 */
void		 conn_set_more(struct conn *, conn_more_fn *, void *arg,
		     void (*free)(void *));
/* Whether c's queue has room for n more bytes, well inside the sendq. */
bool		 conn_has_room(const struct conn *, size_t n);
/* Whether a paced reply may add its next line or two now. */
bool		 conn_may_add(const struct conn *);

/* Registration finished: count it and start pinging. */
void		 conn_registered(struct conn *);
unsigned int	 conn_caps(const struct conn *);
bool		 conn_burst_done(void);
unsigned int	 conn_count(void);
unsigned int	 conn_count_unregistered(void);

#endif
