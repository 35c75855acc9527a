/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* WHO: 352 lines (RFC 2812), or with "%fields[,token]" the 354 lines of
 * WHOX (IRCv3 whox); a room's reply paced to the client's reading. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xmalloc.h"
#include "irc_case.h"
#include "irc_msg.h"
#include "irc_numeric.h"
#include "daemon.h"
#include "cmd.h"
#include "conn.h"
#include "reply.h"
#include "room.h"
#include "user.h"

#define CMD_WHO_MAX	500	/* replies to a WHO mask */
#define CMD_WHO_FIELDS	"tcuihsnfdlaor"	/* WHOX fields, in reply order */

/* How to answer: classic 352, or 354 with these fields. */
struct cmd_who_fmt {
	bool		 whox;
	bool		 opers;		/* "o" flag: operators only */
	unsigned int	 fields;	/* bit i: CMD_WHO_FIELDS[i] */
	char		 token[4];
};

struct cmd_who_mask {
	struct conn			*c;
	const char			*mask;
	const struct cmd_who_fmt	*fmt;
	unsigned int			 left;
};

/* A WHO #room still going out: the room and the nicks left to show. */
struct cmd_who_room {
	char			  room[IRC_ROOM_MAX + 1];
	struct cmd_who_fmt	  fmt;
	char			**nicks;
	size_t			  count;
	size_t			  next;
};

static void	cmd_who_parse(const char *, struct cmd_who_fmt *);
static bool	cmd_who_shares(const struct user *, const struct user *);
static const char *cmd_who_room_of(const struct conn *, const struct user *);
static void	cmd_who_flags(const struct conn *, const struct member *,
		    const struct user *, char *, size_t);
static void	cmd_who_whox(struct conn *, const struct cmd_who_fmt *,
		    const char *, const struct member *, const struct user *);
static void	cmd_who_reply(struct conn *, const struct cmd_who_fmt *,
		    const char *, const struct member *, const struct user *);
static void	cmd_who_mask(struct user *, void *);
static void	cmd_who_free(void *);
static void	cmd_who_more(struct conn *, void *);
static void	cmd_who_room(struct conn *, const char *,
		    const struct cmd_who_fmt *);

/* "[flags]%fields[,token]": flags before '%' ("o"), WHOX after it. */
static void
cmd_who_parse(const char *arg, struct cmd_who_fmt *fmt)
{
	const char	*p, *f;

	memset(fmt, 0, sizeof *fmt);
	for (p = arg; *p != '\0' && *p != '%'; p++) {
		if (*p == 'o')
			fmt->opers = true;
	}
	if (*p != '%')
		return;
	fmt->whox = true;
	for (p++; *p != '\0' && *p != ','; p++) {
		if ((f = strchr(CMD_WHO_FIELDS, *p)) != NULL)
			fmt->fields |= 1U << (f - CMD_WHO_FIELDS);
	}
	/* A token is 1 to 3 digits; "t" without one gives "0". */
	if (*p == ',' && strlen(p + 1) >= 1 && strlen(p + 1) <= 3 &&
	    strspn(p + 1, "0123456789") == strlen(p + 1))
		strlcpy(fmt->token, p + 1, sizeof fmt->token);
	else
		strlcpy(fmt->token, "0", sizeof fmt->token);
}

/* Whether a and b share a room. */
static bool
cmd_who_shares(const struct user *a, const struct user *b)
{
	const struct member	*m;

	TAILQ_FOREACH(m, &a->rooms, user_entry) {
		if (room_member(m->room, b) != NULL)
			return (true);
	}
	return (false);
}

/* WHOX "c" for a mask: a room of u that c may see, or "*". */
static const char *
cmd_who_room_of(const struct conn *c, const struct user *u)
{
	const struct member	*m;

	TAILQ_FOREACH(m, &u->rooms, user_entry) {
		if (!room_hidden(m->room, c->user))
			return (m->room->name);
	}
	return ("*");
}

/* H or G, "*" for an operator, the member prefix, the BOT=B flag. */
static void
cmd_who_flags(const struct conn *c, const struct member *m,
    const struct user *u, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s%s", u->away != NULL ? "G" : "H",
	    (u->modes & UMODE_OPER) ? "*" : "",
	    m != NULL ? room_member_prefix(m, c->caps & CAP_MULTI_PREFIX) : "",
	    (u->modes & UMODE_BOT) ? "B" : "");
}

/* One 354: exactly the fields asked for, in the WHOX order. */
static void
cmd_who_whox(struct conn *c, const struct cmd_who_fmt *fmt, const char *room,
    const struct member *m, const struct user *u)
{
	const char	*p[IRC_PARAMS_MAX] = { NULL };
	char		 flags[16], idle[24];
	int		 n = 0;
	unsigned int	 f = fmt->fields;

	if (f & (1U << 0))
		p[n++] = fmt->token;
	if (f & (1U << 1))
		p[n++] = room != NULL ? room : cmd_who_room_of(c, u);
	if (f & (1U << 2))
		p[n++] = u->ident;
	if (f & (1U << 3))	/* the address: to oneself and operators */
		p[n++] = (u == c->user || (c->user->modes & UMODE_OPER)) ?
		    u->ip : "255.255.255.255";
	if (f & (1U << 4))
		p[n++] = u->host;
	if (f & (1U << 5))
		p[n++] = cfg.name;
	if (f & (1U << 6))
		p[n++] = u->nick;
	if (f & (1U << 7)) {
		cmd_who_flags(c, m, u, flags, sizeof flags);
		p[n++] = flags;
	}
	if (f & (1U << 8))
		p[n++] = "0";	/* hops: one server */
	if (f & (1U << 9)) {
		snprintf(idle, sizeof idle, "%lld",
		    (long long)(time(NULL) - u->active));
		p[n++] = idle;
	}
	if (f & (1U << 10))
		p[n++] = u->account != NULL ? u->account : "0";
	if (f & (1U << 11))
		p[n++] = "n/a";	/* op level: not used here */
	if (f & (1U << 12))
		p[n++] = u->realname != NULL ? u->realname : "";
	/* reply() takes a NULL-ended list: at most 13 fields. */
	reply(c, RPL_WHOSPCRPL, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7],
	    p[8], p[9], p[10], p[11], p[12], NULL);
}

/* One 352 line, or 354 for WHOX. */
static void
cmd_who_reply(struct conn *c, const struct cmd_who_fmt *fmt, const char *room,
    const struct member *m, const struct user *u)
{
	char	flags[16], real[IRC_LINE_MAX];

	if (fmt->opers && (u->modes & UMODE_OPER) == 0)
		return;
	if (fmt->whox) {
		cmd_who_whox(c, fmt, room, m, u);
		return;
	}
	cmd_who_flags(c, m, u, flags, sizeof flags);
	snprintf(real, sizeof real, "0 %s", u->realname != NULL ?
	    u->realname : "");
	reply(c, RPL_WHOREPLY, room != NULL ? room : "*", u->ident, u->host,
	    cfg.name, u->nick, flags, real, NULL);
}

/* A WHO mask against every user: invisible ones only when shared. */
static void
cmd_who_mask(struct user *u, void *arg)
{
	struct cmd_who_mask	*w = arg;

	if ((u->conn->flags & CONN_REGISTERED) == 0 || w->left == 0)
		return;
	if ((u->modes & UMODE_INVISIBLE) && u != w->c->user &&
	    !cmd_who_shares(u, w->c->user))
		return;
	if (user_mask_match(w->mask, u->nick) || user_match(u, w->mask)) {
		cmd_who_reply(w->c, w->fmt, NULL, NULL, u);
		w->left--;
	}
}

/* Free a WHO in progress. */
static void
cmd_who_free(void *arg)
{
	struct cmd_who_room	*w = arg;
	size_t			 i;

	for (i = 0; i < w->count; i++)
		free(w->nicks[i]);
	free(w->nicks);
	free(w);
}

/* As many replies as the queue takes; 315 at the end. */
static void
cmd_who_more(struct conn *c, void *arg)
{
	struct cmd_who_room	*w = arg;
	struct room		*r = room_find(w->room);
	struct user		*u;
	struct member		*m;

	while (r != NULL && w->next < w->count && conn_may_add(c)) {
		u = user_find(w->nicks[w->next++]);
		if (u != NULL && (m = room_member(r, u)) != NULL)
			cmd_who_reply(c, &w->fmt, r->name, m, u);
	}
	if (r == NULL || w->next == w->count) {
		reply_err(c, RPL_ENDOFWHO, w->room);
		conn_set_more(c, NULL, NULL, NULL);
	}
}

/* WHO #room, paced like LIST: a big room's reply exceeds a sendq. */
static void
cmd_who_room(struct conn *c, const char *name, const struct cmd_who_fmt *fmt)
{
	struct cmd_who_room	*w;
	struct room		*r = room_find(name);
	struct member		*m;
	bool			 member;

	/* Usually it all fits: no copy of the nicks is needed. */
	if (c->more == NULL && (r == NULL || room_hidden(r, c->user) ||
	    conn_has_room(c, r->nmembers * (IRC_LINE_MAX / 4)))) {
		if (r != NULL && !room_hidden(r, c->user)) {
			member = room_member(r, c->user) != NULL;
			TAILQ_FOREACH(m, &r->members, room_entry) {
				if (member ||
				    (m->user->modes & UMODE_INVISIBLE) == 0)
					cmd_who_reply(c, fmt, r->name, m,
					    m->user);
			}
		}
		reply_err(c, RPL_ENDOFWHO, name);
		return;
	}
	w = xcalloc(1, sizeof *w);
	strlcpy(w->room, name, sizeof w->room);
	w->fmt = *fmt;
	if (r != NULL && !room_hidden(r, c->user)) {
		member = room_member(r, c->user) != NULL;
		w->nicks = xreallocarray(NULL, r->nmembers, sizeof *w->nicks);
		TAILQ_FOREACH(m, &r->members, room_entry) {
			if (member || (m->user->modes & UMODE_INVISIBLE) == 0)
				w->nicks[w->count++] = xstrdup(m->user->nick);
		}
	}
	conn_set_more(c, cmd_who_more, w, cmd_who_free);
}

/* WHO #room|mask [o][%fields[,token]] */
void
cmd_who(struct conn *c, struct irc_msg *msg)
{
	struct cmd_who_mask	 w;
	struct cmd_who_fmt	 fmt;
	const char		*mask = msg->nparams > 0 ? msg->params[0] : "*";

	cmd_who_parse(msg->nparams > 1 ? msg->params[1] : "", &fmt);
	if (irc_is_room(mask) && strlen(mask) <= IRC_ROOM_MAX) {
		cmd_who_room(c, mask, &fmt);
		return;
	}
	w.c = c;
	w.mask = strcmp(mask, "0") == 0 ? "*" : mask;
	w.fmt = &fmt;
	w.left = CMD_WHO_MAX;
	user_foreach(cmd_who_mask, &w);
	reply_err(c, RPL_ENDOFWHO, mask);
}
