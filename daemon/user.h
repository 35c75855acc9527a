/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Users: the nick registry (casemapped, O(1) lookup) and per-user state. */
#ifndef USER_H
#define USER_H

#include <sys/queue.h>
#include <stdbool.h>
#include <time.h>

#include "irc_case.h"
#include "table.h"

#define USER_CASEMAP	IRC_CASE_RFC1459
#define USER_IDENT_MAX	10	/* USERLEN */
#define USER_HOST_MAX	64	/* an address as text */
#define USER_AWAY_MAX	200	/* AWAYLEN */
#define USER_REAL_MAX	100

#define UMODE_INVISIBLE	0x1
#define UMODE_OPER	0x2	/* an IRC operator (OPER) */
#define UMODE_WALLOPS	0x4	/* receives WALLOPS */
#define UMODE_BOT	0x8	/* +B, the bot tag */
#define UMODE_REGISTERED 0x10	/* +r, logged in to an account */
#define UMODE_CLOAK	0x20	/* +x, the address hidden behind a hash */

struct conn;
struct member;
struct monitor_list;
TAILQ_HEAD(member_list, member);

struct user {
	struct table_node	 node;		/* in the nick registry */
	struct conn		*conn;		/* the owner */
	char			 nick[IRC_NICK_MAX + 1];
	char			 fold[IRC_NICK_MAX + 1];
	char			 ident[USER_IDENT_MAX + 1];
	char			 host[USER_HOST_MAX + 1];
	char			*prefix;	/* "nick!ident@host" */
	char			*realname;
	char			*away;
	char			*account;	/* logged in as, or NULL */
	void			*acct;		/* cmd_account.h's login state,
						 * freed by cmd_account_closed */
	char			 ip[USER_HOST_MAX + 1];	/* host may change */
	struct monitor_list	*monitor;	/* cmd_monitor.c's: watched */
	int			 modes;		/* set through user_set_modes() */
	int			 counted;	/* modes in the LUSERS counts */
	bool			 listed;	/* nick is in the registry */
	unsigned int		 nrooms;
	struct member_list	 rooms;
	unsigned long		 mark;		/* last user_mark_next() seen */
	unsigned int		 nick_gen;	/* changes with the nick */
	time_t			 signon;
	time_t			 active;	/* last message sent, for idle */
	void			*cluster;	/* cluster_user.c's: its id and
						 * node; NULL without --cluster */
};

void		 user_init(void);
void		 user_shutdown(void);
struct user	*user_new(struct conn *, const char *host);
void		 user_free(struct user *);	/* out of all rooms first */
struct user	*user_find(const char *nick);

/* Take nick (valid already); -1 if another user holds it. */
int		 user_set_nick(struct user *, const char *nick);
void		 user_set_ident(struct user *, const char *ident);
void		 user_set_away(struct user *, const char *text);
/* A new user@host (CHGHOST); bans are checked again. */
void		 user_set_host(struct user *, const char *ident,
		     const char *host);
unsigned int	 user_count(void);	/* nicks in the registry */

/*
 * Set u's user modes. Use this, not u->modes directly, for UMODE_OPER and
 * UMODE_INVISIBLE: it keeps the counts LUSERS shows (252, 251) in step.
 */
void		 user_set_modes(struct user *, int modes);
/* Users holding mode (UMODE_OPER or UMODE_INVISIBLE), kept as counts. */
unsigned int	 user_count_mode(int mode);

/* A fresh serial: users compare their mark to send a notice only once. */
unsigned long	 user_mark_next(void);

/* Whether the user's nick!ident@host matches a glob mask (* and ?). */
bool		 user_match(const struct user *, const char *mask);
bool		 user_mask_match(const char *mask, const char *string);

void		 user_foreach(void (*)(struct user *, void *), void *);

/* The server tags of lines u causes ("bot" for +B), or NULL. */
const char	*user_tags(const struct user *);

#endif
