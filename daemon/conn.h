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
#include "cap.h"
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
#define CONN_CAP302	0x1000	/* CAP LS 302: cap-notify cannot be turned off */
#define CONN_REMOTE	0x2000	/* a cluster replica's stand-in: sends to it
				 * are dropped (its own node delivers) */
#define CONN_HELD	0x4000	/* input waits (a cluster nick claim) */

struct label;
struct line;
struct user;
struct conn_addr;
struct conn;

/*
 * What a conn reports to the layers above it. conn.c calls these and
 * nothing of dispatch, reply, room or user, which all call conn: the
 * dependency points one way (main.c hands dispatch's table to conn_init).
 */
struct conn_events {
	/* A new connection from host: the user it carries (owned by c). */
	struct user	*(*accepted)(struct conn *, const char *host);
	/* One complete line (len bytes, may be modified in place). */
	void		 (*line)(struct conn *, char *line, size_t len);
	/* A line over the length limit was dropped. */
	void		 (*too_long)(struct conn *);
	/* Quiet for ping_interval: ask for a PONG. */
	void		 (*idle)(struct conn *);
	/* The conn is being freed: take its user out of the rooms and free
	 * it; quit is false when the daemon is stopping (no QUIT fan-out). */
	void		 (*closed)(struct conn *, bool quit);
};

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
	unsigned long long	 sent_msgs;	/* STATS l: lines queued (next
						 * to out: one cache line) */
	struct irc_frame	 frame;
	struct event		 ev_read;
	struct event		 ev_write;
	struct event		 ev_timer;
	time_t			 created;
	time_t			 last_read;
	double			 tokens;	/* flood token bucket */
	struct timeval		 refill;
	char			*reason;	/* why it closes */
	void			*tls;		/* its OpenSSL bufferevent (tls.c
						 * made it; in is its input);
						 * NULL: plain */
	char			*certfp;	/* client cert SHA-256 (hex) */
	conn_more_fn		*more;		/* a reply still being sent */
	void			*more_arg;
	void			(*more_free)(void *);
	unsigned long long	 sent_bytes;	/* STATS l: bytes written, */
	unsigned long long	 recv_msgs;	/* lines read */
	unsigned long long	 recv_bytes;	/* and bytes read */
	struct label		*label;		/* a labeled reply (label.c) */
	TAILQ_ENTRY(conn)	 entry;		/* all conns */
	TAILQ_ENTRY(conn)	 flush_entry;	/* flush or close list */
};

void		 conn_init(struct event_base *, const struct conn_events *);
void		 conn_shutdown(const char *reason);

/* Take fd from accept; NULL (fd closed) when a limit refuses it. */
struct conn	*conn_new(int fd, const struct sockaddr *, socklen_t);
/* The same for a --listen-tls socket: a TLS server session on fd. */
struct conn	*conn_new_tls(int fd, const struct sockaddr *, socklen_t);

/*
 * A conn without a socket (the dispatch fuzzer): conn_feed hands it what
 * a peer would have sent, and every byte it would write goes to the sink
 * set with conn_set_sink instead. conn_feed(c, NULL, 0) is the peer
 * closing. Everything else (timers, flood control, close) is as usual.
 */
typedef void conn_sink_fn(struct conn *, const char *, size_t);
void		 conn_set_sink(conn_sink_fn *);
struct conn	*conn_new_fed(const struct sockaddr *, socklen_t);
void		 conn_feed(struct conn *, const char *, size_t);

/* Queue bytes; past the sendq limit the conn is closed instead. */
void		 conn_send(struct conn *, const char *, size_t);
void		 conn_send_line(struct conn *, struct line *);
/* conn_send() without the labeled-response detour (label.c). */
void		 conn_queue(struct conn *, const char *, size_t);

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

/* The stand-in conn of a user on another cluster node (fd -1, no
 * events, not counted, registered); freed with conn_free_remote. */
struct conn	*conn_new_remote(void);
void		 conn_free_remote(struct conn *);
/* Stop (true) or resume (false) handling c's input lines. */
void		 conn_hold(struct conn *, bool);

/* Registration finished: count it and start pinging. */
void		 conn_registered(struct conn *);
unsigned int	 conn_caps(const struct conn *);
bool		 conn_burst_done(void);
unsigned int	 conn_count(void);
unsigned int	 conn_count_unregistered(void);
/* Call fn for every open connection (STATS l). */
void		 conn_foreach(void (*fn)(struct conn *, void *), void *);

#endif
