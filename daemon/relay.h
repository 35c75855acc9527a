/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * What the commands tell a cluster (cluster.c) about local users: the
 * hooks are called after the command changed the local state, except
 * nick_claim and room_msg, which may take the command over. relay is NULL
 * without --cluster, so the commands pay one test of a pointer; the
 * cluster sets it (the commands never include a cluster header: the
 * dependency points one way, as with conn_events).
 */
#ifndef RELAY_H
#define RELAY_H

#include <stdbool.h>

struct conn;
struct line;
struct member;
struct room;
struct user;

struct relay_ops {
	/* c wants nick: true when the cluster claims it first and then
	 * calls cmd_nick_claimed() (c's input waits meanwhile). */
	bool	(*nick_claim)(struct conn *, const char *nick);
	void	(*registered)(struct user *);
	void	(*nick)(struct user *, struct line *);	/* after NICK */
	/* u is leaving (before it parts its rooms); reason NULL: the
	 * daemon is stopping. */
	void	(*quit)(struct user *, const char *reason);
	void	(*away)(struct user *);
	void	(*join)(struct member *);
	void	(*part)(struct room *, struct user *, struct line *);
	void	(*kick)(struct room *, struct user *by, struct user *target,
		    struct line *);
	void	(*topic)(struct room *, struct user *, struct line *);
	void	(*mode)(struct room *, struct user *, struct line *);
	void	(*invite)(struct room *, struct user *by, struct user *target,
		    struct line *);
	/* A message to a room: true when the cluster delivers it (also to
	 * this node's members, in the cluster's order); need as STATUSMSG.
	 * echo: the sender has echo-message. */
	bool	(*room_msg)(struct room *, struct user *, struct line *,
		    int need, bool echo);
	/* A message to a user of another node. */
	void	(*dm)(struct user *from, struct user *to, struct line *);
	/* An operator's KILL of a user of another node. */
	void	(*kill)(struct user *target, const char *reason);
	/* The server name of a user of another node (WHOIS 312). */
	const char *(*server)(const struct user *);
	/* u's host, real name, account or modes changed; l (CHGHOST,
	 * SETNAME, ACCOUNT) tells co-members, or NULL. */
	void	(*changed)(struct user *, struct line *);
	/* fn(name, arg) for each other node alive (LINKS). */
	void	(*nodes)(void (*fn)(const char *, void *), void *);
};

extern const struct relay_ops *relay;

/* Whether u is a replica of a user on another node. */
#define RELAY_REMOTE(u)	((u)->conn->flags & CONN_REMOTE)

#endif
