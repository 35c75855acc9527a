/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * The cluster: several tui-chatd sharing rooms, users and nicks through
 * one Redis (--cluster redis://HOST:PORT[/DB]). Every node keeps a
 * replica of the whole chat (users of other nodes are struct users with
 * a CONN_REMOTE stand-in conn) and publishes each change of its own users
 * as an event (cluster_msg.h) on one pub/sub channel; every node applies
 * the events in the one order Redis gives that channel. Room messages are
 * delivered only when they come back from the channel, so every member
 * sees one order. See tui-chatd(8), CLUSTER.
 *
 * cluster.c: the relay hooks, bursts, timers; cluster_redis.c: the two
 * Redis connections; cluster_apply.c: events to the replica;
 * cluster_user.c: user ids and nodes; cluster_msg.c: the wire format.
 */
#ifndef CLUSTER_H
#define CLUSTER_H

#include <stdbool.h>
#include <stdint.h>

#include <event2/event.h>

#include "table.h"
#include "cluster_msg.h"

#define CLUSTER_CHANNEL		"tuichat:bus"
#define CLUSTER_PING_MS		1000	/* heartbeat and lease renewal */
#define CLUSTER_DEAD_MS		5000	/* silent this long: split */
#define CLUSTER_LEASE_S		10	/* tuichat:node:N expires */
#define CLUSTER_SETTLE_MS	3000	/* after a resync: stale replicas go */
#define CLUSTER_BACKOFF_MIN_MS	250
#define CLUSTER_BACKOFF_MAX_MS	8000
#define CLUSTER_SPLIT_REASON	"*.net *.split"

struct conn;
struct user;

/* What the cluster knows of one user (u->cluster). */
struct cluster_user {
	struct table_node	 node;		/* by uid */
	char			 uid[CLUSTER_UID_MAX + 1];
	unsigned int		 home;		/* its node */
	struct user		*user;
	char			*claimed;	/* folded nick held in Redis */
	bool			 announced;	/* USER published */
	unsigned long		 gen;		/* burst generation seen */
	bool			 stale;		/* its node rejoined, and it was
						 * not in the burst yet */
};

/* Another node, as heard on the bus. */
struct cluster_node {
	unsigned int		 id;
	char			 name[64];
	int64_t			 seen_ms;
	bool			 alive;
};

/* cluster.c */
int	 cluster_start(struct event_base *, const char *url, char **cause);
void	 cluster_stop(void);
unsigned int cluster_self(void);		/* this node's number */
void	 cluster_set_self(unsigned int);
unsigned long cluster_gen(void);		/* resyncs so far */
const char *cluster_node_name(unsigned int node);	/* a node's server name */
int64_t	 cluster_now_ms(void);
/* Redis came up (resync) or went down (degraded, local delivery). */
void	 cluster_up(void);
void	 cluster_down(const char *why);
/* Publish an event from this node. */
void	 cluster_publish(struct cluster_msg *);
/* Tell operators (snotice) and the log. */
void	 cluster_notice(const char *fmt, ...)
	    __attribute__((__format__(__printf__, 1, 2)));
/* A HELLO from another node: it wants our users. */
void	 cluster_burst(void);
/* One of our room messages came back (seq): it is no longer pending. */
void	 cluster_pending_done(uint64_t seq);
/* A split named this node: publish ourselves again. */
void	 cluster_rejoin(void);

/* cluster_redis.c */
int	 cluster_redis_start(struct event_base *, const char *url,
	    char **cause);
/* Close; first (blocking, briefly) publish buf (our SPLIT) and free our
 * nicks and lease, so the others need not wait for the timeout. */
void	 cluster_redis_stop(const char *buf, size_t len);
bool	 cluster_redis_up(void);
void	 cluster_redis_publish(const char *, size_t);
/* Claim nick (folded) for this node, and on success give old (folded,
 * or NULL) up: cb(arg, ok) later. */
void	 cluster_redis_claim(const char *fold, const char *old,
	    void (*)(void *, bool), void *);
void	 cluster_redis_release(const char *fold);
/* Renew this node's lease; free the nicks of a node gone. */
void	 cluster_redis_lease(void);
void	 cluster_redis_reap(unsigned int node);

/* cluster_apply.c */
void	 cluster_apply(const char *buf, size_t len);
/* Every user of node leaves with reason (a split). */
void	 cluster_apply_split(unsigned int node, const char *reason);
/* Remote users not heard of since generation gen leave. */
void	 cluster_apply_stale(unsigned long gen);

/* cluster_user.c */
void	 cluster_user_init(void);
void	 cluster_user_shutdown(void);
struct cluster_user *cluster_user_local(struct user *);
struct cluster_user *cluster_user_find(const char *uid);
/* A replica for uid (home node); its user is new and unlisted. */
struct cluster_user *cluster_user_remote(const char *uid, unsigned int home);
/* Drop a replica: out of every room (no lines), freed. */
void	 cluster_user_drop(struct cluster_user *);
/* Drop every replica (at exit: no lines). */
void	 cluster_user_drop_all(void);
/* Forget a local user's record (the user is freed by its conn). */
void	 cluster_user_forget(struct user *);
void	 cluster_user_foreach(void (*)(struct cluster_user *, void *),
	    void *);
struct cluster_node *cluster_node_get(unsigned int id);
void	 cluster_node_foreach(void (*)(struct cluster_node *, void *),
	    void *);

#endif
