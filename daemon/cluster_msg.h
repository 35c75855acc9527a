/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * One cluster event as the bytes published on the Redis bus: encode and
 * decode, no I/O. An event is a row of NUL-terminated fields: "tc1", the
 * type, the origin node, its sequence number, the subject user, the room,
 * the target user, CLUSTER_MSG_ARGS type-specific strings and an optional
 * IRC line (tags, source, verb, msgid, time in ms, account, parameters).
 * No field holds a NUL (IRC forbids it), so a field is a C string.
 */
#ifndef CLUSTER_MSG_H
#define CLUSTER_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLUSTER_MSG_ARGS	10
#define CLUSTER_MSG_PARAMS	8	/* LINE_PARAMS */
#define CLUSTER_MSG_MAX		65536	/* longest event (bytes) */
#define CLUSTER_UID_MAX		24	/* "node.serial" */
#define CLUSTER_NODE_MAX	1023	/* MSGID_NODE_MAX */

/* The types; cluster_msg_need[] says which fields each requires. */
enum cluster_msg_type {
	CLUSTER_HELLO = 'H',	/* a node (re)joins: bursts wanted */
	CLUSTER_END = 'E',	/* its burst is over: replicas of it not in
				 * the burst are gone */
	CLUSTER_PING = 'P',	/* a node is alive */
	CLUSTER_SPLIT = 'S',	/* arg0 (a node) is gone, arg1 why */
	CLUSTER_USER = 'U',	/* a user: arg0 nick, 1 ident, 2 host, 3 real
				 * name, 4 account, 5 away, 6 modes, 7 signon,
				 * 8 its rooms ("3#a 0#b": member modes and
				 * name), 9 its node's name */
	CLUSTER_NICK = 'N',	/* arg0: the new nick */
	CLUSTER_QUIT = 'Q',
	CLUSTER_JOIN = 'J',	/* arg0: member modes */
	CLUSTER_PART = 'L',
	CLUSTER_KICK = 'K',	/* uid kicks target */
	CLUSTER_TOPIC = 'T',	/* arg0 topic, arg1 by, arg2 time */
	CLUSTER_ROOM = 'R',	/* a room: arg0 modes, 1 key, 2 limit, 3 created,
				 * 4 topic, 5 by, 6 time, 7 list masks
				 * ("b*!*@h e... I...") */
	CLUSTER_MODE = 'M',	/* the same, after a MODE line */
	CLUSTER_MSG = 'X',	/* to a room (arg0: status) or target */
	CLUSTER_AWAY = 'A',	/* arg0: the away text, "" back */
	CLUSTER_INVITE = 'I',	/* uid invites target to room */
	CLUSTER_KILL = 'C'	/* target's node closes it, arg0 why */
};

struct cluster_line {
	const char	*tags;		/* "" none */
	const char	*source;
	const char	*verb;
	const char	*msgid;		/* "" none */
	int64_t		 ms;		/* server-time */
	const char	*account;	/* "" none */
	int		 nparams;
	const char	*params[CLUSTER_MSG_PARAMS];
};

struct cluster_msg {
	enum cluster_msg_type	 type;
	unsigned int		 node;
	uint64_t		 seq;
	const char		*uid;		/* "" none */
	const char		*room;		/* "" none */
	const char		*target;	/* "" none */
	const char		*arg[CLUSTER_MSG_ARGS];	/* never NULL */
	bool			 has_line;
	struct cluster_line	 line;
};

/* Set every field of m empty (type and node are the caller's). */
void	cluster_msg_clear(struct cluster_msg *);
/* The bytes of m into buf; the length, or 0 when it does not fit. */
size_t	cluster_msg_encode(const struct cluster_msg *, char *buf,
	    size_t size);
/*
 * Parse len bytes: m's strings point into copy (len + 1 bytes, the
 * caller's). False, and m unusable, for anything but a well-formed
 * event of a known type with the fields that type needs.
 */
bool	cluster_msg_decode(struct cluster_msg *, const char *buf, size_t len,
	    char *copy);
/* Whether s is a user id "node.serial". */
bool	cluster_msg_uid_valid(const char *);

#endif
