/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* MODE: room modes (+i +m +n +p +s +t +R +C +k +l +o +v, the lists +b +e
 * +I and their queries) and user modes (+B, +i, +x). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "irc_case.h"
#include "irc_fmt.h"
#include "irc_msg.h"
#include "irc_numeric.h"
#include "cmd.h"
#include "conn.h"
#include "history.h"
#include "line.h"
#include "relay.h"
#include "reply.h"
#include "room.h"
#include "user.h"

#define CMD_MODE_PARAMS	4	/* MODES= in 005 */
#define CMD_MODE_MASK	100

/* The changes a MODE command made, echoed to the room. */
struct cmd_mode_change {
	char		 modes[64];
	size_t		 len;
	char		 dir;		/* last sign written */
	int		 nargs;
	const char	*args[CMD_MODE_PARAMS];
	char		 argbuf[CMD_MODE_PARAMS][CMD_MODE_MASK + 1];
};

static void	cmd_mode_umode_string(int, char *);
static void	cmd_mode_umode_diff(int, int, char *);
static int	cmd_mode_umode_find(char);
static void	cmd_mode_user(struct conn *, struct irc_msg *);
static void	cmd_mode_cloak(struct user *);
static void	cmd_mode_room(struct conn *, struct irc_msg *);
static void	cmd_mode_show(struct conn *, struct room *);
static void	cmd_mode_bans(struct conn *, struct room *, char);
static void	cmd_mode_add(struct cmd_mode_change *, char, char,
		    const char *);
static void	cmd_mode_mask(const char *, char *, size_t);
static bool	cmd_mode_key_valid(const char *);
static void	cmd_mode_member(struct conn *, struct room *, char, char,
		    const char *, struct cmd_mode_change *);
static bool	cmd_mode_takes(char, char);
static bool	cmd_mode_flag(struct room *, char, char,
		    struct cmd_mode_change *);
static void	cmd_mode_key(struct conn *, struct room *, char, const char *,
		    struct cmd_mode_change *);
static void	cmd_mode_limit(struct conn *, struct room *, char,
		    const char *, struct cmd_mode_change *);
static void	cmd_mode_ban(struct conn *, struct room *, char, char,
		    const char *, struct cmd_mode_change *);
static void	cmd_mode_one(struct conn *, struct room *, char, char,
		    const char *, struct cmd_mode_change *);

/* MODE target ... */
void
cmd_mode(struct conn *c, struct irc_msg *msg)
{
	if (irc_is_room(msg->params[0]))
		cmd_mode_room(c, msg);
	else
		cmd_mode_user(c, msg);
}

/* The user modes, and whether a user may set and unset each itself. */
static const struct {
	char	mode;
	int	flag;
	bool	set;
	bool	unset;
} cmd_mode_umodes[] = {
	{ 'B', UMODE_BOT, true, true },
	{ 'i', UMODE_INVISIBLE, true, true },
	{ 'o', UMODE_OPER, false, true },	/* OPER sets it */
	{ 'r', UMODE_REGISTERED, false, false },	/* a login sets it */
	{ 'w', UMODE_WALLOPS, true, true },
	{ 'x', UMODE_CLOAK, true, true },
};

/* "+Bi" for the modes in flags. */
static void
cmd_mode_umode_string(int flags, char *buf)
{
	size_t	i, n = 0;

	buf[n++] = '+';
	for (i = 0; i < nitems(cmd_mode_umodes); i++) {
		if (flags & cmd_mode_umodes[i].flag)
			buf[n++] = cmd_mode_umodes[i].mode;
	}
	buf[n] = '\0';
}

/* "+B-i": what changed from old to new. */
static void
cmd_mode_umode_diff(int old, int new, char *buf)
{
	size_t	i, n = 0;
	char	dir = '\0', want;

	for (i = 0; i < nitems(cmd_mode_umodes); i++) {
		if ((old ^ new) & cmd_mode_umodes[i].flag) {
			want = (new & cmd_mode_umodes[i].flag) ? '+' : '-';
			if (dir != want)
				buf[n++] = dir = want;
			buf[n++] = cmd_mode_umodes[i].mode;
		}
	}
	buf[n] = '\0';
}

/* The index of a user mode letter, -1 if none. */
static int
cmd_mode_umode_find(char mode)
{
	size_t	i;

	for (i = 0; i < nitems(cmd_mode_umodes); i++) {
		if (cmd_mode_umodes[i].mode == mode)
			return ((int)i);
	}
	return (-1);
}

/* User modes: only one's own; +B, +i, +w, +x; -o; +r by logging in. */
static void
cmd_mode_user(struct conn *c, struct irc_msg *msg)
{
	struct user	*u = c->user, *t;
	const char	*p;
	int		 modes = u->modes, old, bad = 0, i;
	char		 dir = '+', buf[2 * nitems(cmd_mode_umodes) + 2];

	if ((t = user_find(msg->params[0])) == NULL) {
		reply_err(c, ERR_NOSUCHNICK, msg->params[0]);
		return;
	}
	if (t != u) {
		reply_err(c, ERR_USERSDONTMATCH, NULL);
		return;
	}
	if (msg->nparams < 2) {
		cmd_mode_umode_string(u->modes, buf);
		reply(c, RPL_UMODEIS, buf, NULL);
		return;
	}
	for (p = msg->params[1]; *p != '\0'; p++) {
		if (*p == '+' || *p == '-') {
			dir = *p;
			continue;
		}
		if ((i = cmd_mode_umode_find(*p)) == -1)
			bad = 1;
		else if (dir == '+' && cmd_mode_umodes[i].set)
			modes |= cmd_mode_umodes[i].flag;
		else if (dir == '-' && cmd_mode_umodes[i].unset)
			modes &= ~cmd_mode_umodes[i].flag;
	}
	if (bad)
		reply_err(c, ERR_UMODEUNKNOWNFLAG, NULL);
	if (modes != u->modes) {
		cmd_mode_umode_diff(u->modes, modes, buf);
		old = u->modes;
		user_set_modes(u, modes);
		reply_send(c, u->prefix, "MODE", u->nick, buf, NULL);
		if ((old ^ modes) & UMODE_CLOAK)
			cmd_mode_cloak(u);
		if ((old & UMODE_OPER) && (modes & UMODE_OPER) == 0)
			cmd_oper_gone();
		if (relay != NULL)
			relay->changed(u, NULL);
	}
}

/* +x puts the cloak in place of the address, -x the address back. */
static void
cmd_mode_cloak(struct user *u)
{
	char	host[USER_HOST_MAX + 1];

	if (u->modes & UMODE_CLOAK)
		cmd_ident_cloak(u, host, sizeof host);
	else
		strlcpy(host, u->ip, sizeof host);
	cmd_ident_chghost(u, u->ident, host);
}

/* 324 and 329; the key only to members. */
static void
cmd_mode_show(struct conn *c, struct room *r)
{
	char		 modes[16], limit[16], when[32];
	const char	*args[2];
	size_t		 n = 0;
	int		 nargs = 0;

	modes[n++] = '+';
	if (r->modes & RMODE_NOCTCP)
		modes[n++] = 'C';
	if (r->modes & RMODE_INVITE)
		modes[n++] = 'i';
	if (r->key != NULL) {
		modes[n++] = 'k';
		args[nargs++] = room_member(r, c->user) != NULL ? r->key : "*";
	}
	if (r->limit != 0) {
		modes[n++] = 'l';
		snprintf(limit, sizeof limit, "%u", r->limit);
		args[nargs++] = limit;
	}
	if (r->modes & RMODE_MODERATED)
		modes[n++] = 'm';
	if (r->modes & RMODE_NOEXTERNAL)
		modes[n++] = 'n';
	if (r->modes & RMODE_PRIVATE)
		modes[n++] = 'p';
	if (r->modes & RMODE_SECRET)
		modes[n++] = 's';
	if (r->modes & RMODE_TOPIC)
		modes[n++] = 't';
	if (r->modes & RMODE_REGONLY)
		modes[n++] = 'R';
	modes[n] = '\0';
	if (nargs == 2)
		reply(c, RPL_CHANNELMODEIS, r->name, modes, args[0], args[1],
		    NULL);
	else if (nargs == 1)
		reply(c, RPL_CHANNELMODEIS, r->name, modes, args[0], NULL);
	else
		reply(c, RPL_CHANNELMODEIS, r->name, modes, NULL);
	snprintf(when, sizeof when, "%lld", (long long)r->created);
	reply(c, RPL_CREATIONTIME, r->name, when, NULL);
}

/* A list mode's entries: 367/368 (+b), 348/349 (+e), 346/347 (+I). */
static void
cmd_mode_bans(struct conn *c, struct room *r, char mode)
{
	struct room_mask_list	*list;
	struct room_mask	*b;
	unsigned int		*count;
	char			 when[32];
	int			 each = RPL_BANLIST, end = RPL_ENDOFBANLIST;

	if (mode == 'e') {
		each = RPL_EXCEPTLIST;
		end = RPL_ENDOFEXCEPTLIST;
	} else if (mode == 'I') {
		each = RPL_INVEXLIST;
		end = RPL_ENDOFINVEXLIST;
	}
	list = room_list(r, mode, &count);
	if (list != NULL && !room_hidden(r, c->user)) {
		TAILQ_FOREACH(b, list, entry) {
			snprintf(when, sizeof when, "%lld",
			    (long long)b->when);
			reply(c, each, r->name, b->mask, b->who, when, NULL);
		}
	}
	reply_err(c, end, r->name);
}

/* Record one applied change. */
static void
cmd_mode_add(struct cmd_mode_change *ch, char dir, char mode,
    const char *arg)
{
	if (ch->len + 3 >= sizeof ch->modes)
		return;
	if (ch->dir != dir)
		ch->modes[ch->len++] = ch->dir = dir;
	ch->modes[ch->len++] = mode;
	ch->modes[ch->len] = '\0';
	if (arg != NULL && ch->nargs < CMD_MODE_PARAMS) {
		strlcpy(ch->argbuf[ch->nargs], arg, sizeof ch->argbuf[0]);
		ch->args[ch->nargs] = ch->argbuf[ch->nargs];
		ch->nargs++;
	}
}

/* Complete a ban mask to nick!user@host form. */
static void
cmd_mode_mask(const char *in, char *out, size_t size)
{
	const char	*bang = strchr(in, '!'), *at = strchr(in, '@');

	if (bang != NULL && at != NULL)
		snprintf(out, size, "%s", in);
	else if (bang != NULL)
		snprintf(out, size, "%s@*", in);
	else if (at != NULL)
		snprintf(out, size, "*!%s", in);
	else
		snprintf(out, size, "%s!*@*", in);
}

/* A key: 1-23 visible bytes, no comma, not starting with ':'. */
static bool
cmd_mode_key_valid(const char *key)
{
	const char	*p;

	if (*key == '\0' || *key == ':' || strlen(key) > ROOM_KEY_MAX)
		return (false);
	for (p = key; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ' || *p == ',' || *p == 0x7f)
			return (false);
	}
	return (true);
}

/* +o/+v nick */
static void
cmd_mode_member(struct conn *c, struct room *r, char dir, char mode,
    const char *nick, struct cmd_mode_change *ch)
{
	struct user	*t;
	struct member	*tm;
	int		 bit = mode == 'o' ? MEMBER_OP : MEMBER_VOICE;

	if ((t = user_find(nick)) == NULL) {
		reply_err(c, ERR_NOSUCHNICK, nick);
		return;
	}
	if ((tm = room_member(r, t)) == NULL) {
		reply(c, ERR_USERNOTINCHANNEL, t->nick, r->name,
		    irc_numeric_text(ERR_USERNOTINCHANNEL), NULL);
		return;
	}
	if (dir == '+' && (tm->modes & bit) == 0)
		tm->modes |= bit;
	else if (dir == '-' && (tm->modes & bit))
		tm->modes &= ~bit;
	else
		return;
	cmd_mode_add(ch, dir, mode, t->nick);
}

/* +i +m +n +p +R +s +t: a flag; true when mode was one of them. */
static bool
cmd_mode_flag(struct room *r, char dir, char mode,
    struct cmd_mode_change *ch)
{
	static const struct {
		char	mode;
		int	flag;
	} flags[] = {
		{ 'i', RMODE_INVITE }, { 'm', RMODE_MODERATED },
		{ 'n', RMODE_NOEXTERNAL }, { 'p', RMODE_PRIVATE },
		{ 'R', RMODE_REGONLY }, { 's', RMODE_SECRET },
		{ 't', RMODE_TOPIC }, { 'C', RMODE_NOCTCP },
	};
	size_t	i;

	for (i = 0; i < nitems(flags); i++) {
		if (flags[i].mode != mode)
			continue;
		if (dir == '+' && (r->modes & flags[i].flag) == 0) {
			r->modes |= flags[i].flag;
			cmd_mode_add(ch, dir, mode, NULL);
		} else if (dir == '-' && (r->modes & flags[i].flag)) {
			r->modes &= ~flags[i].flag;
			cmd_mode_add(ch, dir, mode, NULL);
		}
		return (true);
	}
	return (false);
}

/* +k key / -k */
static void
cmd_mode_key(struct conn *c, struct room *r, char dir, const char *arg,
    struct cmd_mode_change *ch)
{
	if (dir == '-') {
		if (r->key != NULL)
			cmd_mode_add(ch, dir, 'k', "*");
		room_set_key(r, NULL);
	} else if (!cmd_mode_key_valid(arg))
		reply(c, ERR_INVALIDKEY, r->name,
		    irc_numeric_text(ERR_INVALIDKEY), NULL);
	else {
		room_set_key(r, arg);
		cmd_mode_add(ch, dir, 'k', r->key);
	}
}

/* +l count / -l */
static void
cmd_mode_limit(struct conn *c, struct room *r, char dir, const char *arg,
    struct cmd_mode_change *ch)
{
	char	 buf[16];
	char	*end;
	long	 limit;

	if (dir == '-') {
		if (r->limit != 0)
			cmd_mode_add(ch, dir, 'l', NULL);
		r->limit = 0;
		return;
	}
	limit = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || limit <= 0 || limit > 1000000) {
		reply(c, ERR_INVALIDMODEPARAM, r->name, "l", arg,
		    "Invalid limit", NULL);
		return;
	}
	r->limit = (unsigned int)limit;
	snprintf(buf, sizeof buf, "%ld", limit);
	cmd_mode_add(ch, dir, 'l', buf);
}

/* +b/+e/+I mask, -b/-e/-I mask */
static void
cmd_mode_ban(struct conn *c, struct room *r, char dir, char mode,
    const char *arg, struct cmd_mode_change *ch)
{
	struct room_mask_list	*list;
	unsigned int		*count;
	char			 mask[CMD_MODE_MASK + 1];
	char			 letter[2] = { mode, '\0' };

	if (!irc_param_middle(arg) || strlen(arg) > CMD_MODE_MASK - 4) {
		reply(c, ERR_INVALIDMODEPARAM, r->name, letter, arg,
		    "Invalid mask", NULL);
		return;
	}
	cmd_mode_mask(arg, mask, sizeof mask);
	list = room_list(r, mode, &count);
	if (dir == '+' && list != NULL && *count >= ROOM_BANS_MAX)
		reply(c, ERR_BANLISTFULL, r->name, letter,
		    irc_numeric_text(ERR_BANLISTFULL), NULL);
	else if (dir == '+' &&
	    room_list_add(r, mode, mask, c->user->prefix) == 0)
		cmd_mode_add(ch, dir, mode, mask);
	else if (dir == '-' && room_list_del(r, mode, mask) == 0)
		cmd_mode_add(ch, dir, mode, mask);
}

/* Apply one mode letter; arg is its parameter when it takes one. */
static void
cmd_mode_one(struct conn *c, struct room *r, char dir, char mode,
    const char *arg, struct cmd_mode_change *ch)
{
	char	letter[2] = { mode, '\0' };

	if (cmd_mode_flag(r, dir, mode, ch))
		return;
	switch (mode) {
	case 'o':
	case 'v':
		cmd_mode_member(c, r, dir, mode, arg, ch);
		break;
	case 'k':
		cmd_mode_key(c, r, dir, arg, ch);
		break;
	case 'l':
		cmd_mode_limit(c, r, dir, arg, ch);
		break;
	case 'b':
	case 'e':
	case 'I':
		cmd_mode_ban(c, r, dir, mode, arg, ch);
		break;
	default:
		reply(c, ERR_UNKNOWNMODE, letter,
		    irc_numeric_text(ERR_UNKNOWNMODE), NULL);
		break;
	}
}

/* Whether a mode letter takes a parameter in this direction. */
static bool
cmd_mode_takes(char dir, char mode)
{
	return (mode == 'o' || mode == 'v' || mode == 'b' || mode == 'e' ||
	    mode == 'I' ||
	    (dir == '+' && (mode == 'k' || mode == 'l')));
}

/* MODE #r [modes [args...]] */
static void
cmd_mode_room(struct conn *c, struct irc_msg *msg)
{
	struct cmd_mode_change	 ch;
	struct room		*r;
	struct member		*m;
	struct line		 l;
	const char		*p, *arg;
	int			 next = 2, used = 0;
	char			 listed[4] = "";	/* lists shown */
	char			 dir = '+';
	bool			 override = false;

	if ((r = room_find(msg->params[0])) == NULL) {
		reply_err(c, ERR_NOSUCHCHANNEL, msg->params[0]);
		return;
	}
	if (msg->nparams < 2) {
		cmd_mode_show(c, r);
		return;
	}
	m = room_member(r, c->user);
	memset(&ch, 0, sizeof ch);
	for (p = msg->params[1]; *p != '\0'; p++) {
		if (*p == '+' || *p == '-') {
			dir = *p;
			continue;
		}
		arg = NULL;
		if (cmd_mode_takes(dir, *p)) {
			if (next >= msg->nparams || used >= CMD_MODE_PARAMS) {
				if (strchr("beI", *p) != NULL &&
				    strchr(listed, *p) == NULL) {
					listed[strlen(listed)] = *p;
					cmd_mode_bans(c, r, *p);
				}
				continue;
			}
			arg = msg->params[next++];
			used++;
		} else if (*p == 'k' && next < msg->nparams)
			next++;		/* -k takes the old key; ignore it */
		if ((m == NULL || (m->modes & MEMBER_OP) == 0) &&
		    !override && !(override = cmd_oper_override(c, r,
		    "MODE"))) {
			reply_err(c, m == NULL ? ERR_NOTONCHANNEL :
			    ERR_CHANOPRIVSNEEDED, r->name);
			return;
		}
		cmd_mode_one(c, r, dir, *p, arg, &ch);
	}
	if (ch.len == 0)
		return;
	line_init(&l, user_tags(c->user), c->user->prefix, "MODE", r->name,
	    ch.modes, ch.nargs > 0 ? ch.args[0] : NULL,
	    ch.nargs > 1 ? ch.args[1] : NULL, ch.nargs > 2 ? ch.args[2] : NULL,
	    ch.nargs > 3 ? ch.args[3] : NULL, NULL);
	l.account = c->user->account;
	room_send(r, NULL, &l);
	history_event(r, STORE_MODE, &l);
	history_room_save(r);
	if (relay != NULL)
		relay->mode(r, c->user, &l);
	if (m == NULL)
		conn_send_line(c, &l);	/* an operator's override */
}
