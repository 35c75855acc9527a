/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Rooms: the registry, two-way membership, modes, bans, fan-out. */
#ifndef ROOM_H
#define ROOM_H

#include <sys/queue.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "irc_case.h"
#include "table.h"
#include "user.h"

#define ROOM_TOPIC_MAX	390	/* TOPICLEN */
#define ROOM_KICK_MAX	255	/* KICKLEN */
#define ROOM_KEY_MAX	23
#define ROOM_BANS_MAX	100	/* MAXLIST=b, and e and I each */
#define ROOM_INVITES_MAX 64

#define MEMBER_OP	0x1
#define MEMBER_VOICE	0x2

#define RMODE_INVITE	0x1	/* +i */
#define RMODE_MODERATED	0x2	/* +m */
#define RMODE_NOEXTERNAL 0x4	/* +n */
#define RMODE_TOPIC	0x8	/* +t */
#define RMODE_NOCTCP	0x400	/* +C: no CTCP but ACTION (issue 18) */
#define RMODE_SECRET	0x10	/* +s: hidden, "@" in 353 */
#define RMODE_PRIVATE	0x20	/* +p: hidden, "*" in 353 */
#define RMODE_REGONLY	0x40	/* +R: only users logged in may join */

struct line;
struct room;

/* One user in one room, linked from both sides. */
struct member {
	struct room		*room;
	struct user		*user;
	int			 modes;
	unsigned int		 ban_gen;	/* room and nick gens of... */
	unsigned int		 nick_gen;
	bool			 banned;	/* ...this cached ban check */
	TAILQ_ENTRY(member)	 room_entry;	/* in room->members */
	TAILQ_ENTRY(member)	 user_entry;	/* in user->rooms */
};

struct room_mask {
	TAILQ_ENTRY(room_mask)	 entry;
	char			*mask;
	char			*who;
	time_t			 when;
};
TAILQ_HEAD(room_mask_list, room_mask);

struct room {
	struct table_node	 node;
	char			 name[IRC_ROOM_MAX + 1];
	char			 fold[IRC_ROOM_MAX + 1];
	char			*topic;
	char			*topic_who;
	time_t			 topic_time;
	time_t			 created;
	int			 modes;
	char			*key;
	unsigned int		 limit;		/* 0 = none */
	unsigned int		 nmembers;
	struct member_list	 members;
	unsigned int		 nbans;
	unsigned int		 ban_gen;	/* changes with the ban list */
	struct room_mask_list	 bans;
	unsigned int		 ninvites;
	struct room_mask_list	 invites;	/* folded nicks */
	unsigned int		 nexcepts;	/* +e: ban exceptions */
	struct room_mask_list	 excepts;
	unsigned int		 ninvexes;	/* +I: invite exceptions */
	struct room_mask_list	 invexes;
	int64_t			 history_from;	/* ms; older lines sealed */
};

void		 room_init(void);
void		 room_shutdown(void);
struct room	*room_find(const char *name);
struct room	*room_new(const char *name);	/* +nt, registered */
unsigned int	 room_count(void);
/* Free a new room nobody could join (a restored key refused). */
void		 room_discard(struct room *);
void		 room_foreach(void (*)(struct room *, void *), void *);

/* Add u; the first member becomes operator. */
struct member	*room_join(struct room *, struct user *);
/* Remove a member; an empty room is freed (returns true then). */
bool		 room_part(struct member *);
void		 room_part_all(struct user *);
struct member	*room_member(const struct room *, const struct user *);

/* Whether the room is hidden from u (+s, +p, +i or +k and u not a
 * member). */
bool		 room_hidden(const struct room *, const struct user *);
/* Whether a ban matches u and no ban exception (+e) does. */
/* The 353 channel type: "@" secret, "*" private, "=" public. */
const char	*room_symbol(const struct room *);
bool		 room_banned(const struct room *, const struct user *);
/* Whether an invite exception (+I) lets u into a +i room. */
bool		 room_invex(const struct room *, const struct user *);
/* The same for a member, cached until its nick or the bans change. */
bool		 room_member_banned(struct member *);

void		 room_set_topic(struct room *, const char *, const char *who);
void		 room_set_key(struct room *, const char *);
int		 room_ban_add(struct room *, const char *mask, const char *who);
int		 room_ban_del(struct room *, const char *mask);
/*
 * The list of a list mode ('b', 'e' or 'I') and its count, or NULL; add
 * or remove a mask there (-1: present already / absent, or the list is
 * full). Changes to the bans and exceptions renew the cached ban checks.
 */
struct room_mask_list *room_list(struct room *, char mode,
		     unsigned int **count);
int		 room_list_add(struct room *, char mode, const char *mask,
		     const char *who);
int		 room_list_del(struct room *, char mode, const char *mask);
void		 room_invite_add(struct room *, const struct user *);
bool		 room_invite_take(struct room *, const struct user *);
bool		 room_invited(const struct room *, const struct user *);

/* "@+" style prefix of a member; all of them or the highest. */
const char	*room_member_prefix(const struct member *, bool all);

/* Send l to every member but except (NULL: everyone). */
void		 room_send(struct room *, const struct user *except,
		     struct line *);
/* The same, only to members with any of the MEMBER_* bits in modes. */
void		 room_send_status(struct room *, const struct user *except,
		     struct line *, int modes);

/*
 * Send l once to every user sharing a room with u (and to u itself when
 * self), only to those with all of the CAP_* bits in caps.
 */
void		 room_send_common(struct user *u, struct line *, bool self,
		     unsigned int caps);
/* The same, once to each co-member lacking any of the bits in caps
 * (fallbacks for clients without a capability); u itself never. */
void		 room_send_common_lacking(struct user *u, struct line *,
		     unsigned int caps);

#endif
