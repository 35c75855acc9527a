/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* PRIVMSG, NOTICE and TAGMSG to rooms and nicks, with +n, +m and +b. */

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "irc_case.h"
#include "irc_msg.h"
#include "irc_numeric.h"
#include "irc_tags.h"
#include "cmd.h"
#include "conn.h"
#include "history.h"
#include "line.h"
#include "msgid.h"
#include "relay.h"
#include "reply.h"
#include "room.h"
#include "user.h"

#define CMD_MSG_TARGETS	4	/* TARGMAX for PRIVMSG and NOTICE */
#define ERR_TOOMANYTARGETS 407	/* RFC 2812; not in irc_numeric.h */

enum cmd_msg_kind { CMD_MSG_PRIVMSG, CMD_MSG_NOTICE, CMD_MSG_TAGMSG };
static const enum store_kind cmd_msg_kinds[] = { STORE_PRIVMSG, STORE_NOTICE,
    STORE_TAGMSG };

static bool	cmd_msg_allowed(const struct room *, const struct user *);
static bool	cmd_msg_ctcp(const char *);
static int	cmd_msg_status(const char **);
static void	cmd_msg_room(struct conn *, enum cmd_msg_kind, const char *,
		    struct line *);
static void	cmd_msg_user(struct conn *, enum cmd_msg_kind, const char *,
		    struct line *);
static void	cmd_msg(struct conn *, struct irc_msg *, enum cmd_msg_kind);

/* Whether u may speak in r: +n keeps outsiders out, +m and bans need
 * voice or operator. */
static bool
cmd_msg_allowed(const struct room *r, const struct user *u)
{
	struct member	*m = room_member(r, u);

	if (m != NULL && (m->modes & (MEMBER_OP | MEMBER_VOICE)))
		return (true);
	if (m == NULL && (r->modes & RMODE_NOEXTERNAL))
		return (false);
	if (r->modes & RMODE_MODERATED)
		return (false);
	if (r->nbans == 0)
		return (true);
	return (m != NULL ? !room_member_banned(m) : !room_banned(r, u));
}

/* Whether text is a CTCP other than ACTION (what +C refuses). */
static bool
cmd_msg_ctcp(const char *text)
{
	if (text == NULL || text[0] != '\001')
		return (false);
	if (strncmp(text + 1, "ACTION", 6) != 0)
		return (true);
	return (text[7] != ' ' && text[7] != '\001' && text[7] != '\0');
}

/* STATUSMSG: the member modes "@#r" or "+#r" address (0 for "#r"). */
static int
cmd_msg_status(const char **name)
{
	int	need = 0;

	for (; **name == '@' || **name == '+'; (*name)++)
		need |= **name == '@' ? MEMBER_OP : MEMBER_OP | MEMBER_VOICE;
	return (need);
}

/* Fan a message out to a room (and back to the sender with echo); with a
 * STATUSMSG prefix, only to the members of that status or higher. */
static void
cmd_msg_room(struct conn *c, enum cmd_msg_kind kind, const char *target,
    struct line *l)
{
	struct room	*r;
	const char	*name = target;
	char		 buf[IRC_ROOM_MAX + 3];
	int		 need = cmd_msg_status(&name);

	if ((r = room_find(name)) == NULL) {
		if (kind != CMD_MSG_NOTICE)
			reply_err(c, ERR_NOSUCHNICK, target);
		return;
	}
	if (!cmd_msg_allowed(r, c->user)) {
		if (kind != CMD_MSG_NOTICE)
			reply_err(c, ERR_CANNOTSENDTOCHAN, r->name);
		return;
	}
	/* TAGMSG has no text: its line has no params[1]. */
	if ((r->modes & RMODE_NOCTCP) &&
	    cmd_msg_ctcp(l->nparams > 1 ? l->params[1] : NULL)) {
		if (kind != CMD_MSG_NOTICE)
			reply(c, ERR_CANNOTSENDTOCHAN, r->name,
			    "Cannot send CTCP to channel (+C)", NULL);
		return;
	}
	if (need != 0) {
		snprintf(buf, sizeof buf, "%s%s", (need & MEMBER_VOICE) ?
		    "+" : "@", r->name);
		l->params[0] = buf;
		if (relay == NULL || !relay->room_msg(r, c->user, l, need,
		    (c->caps & CAP_ECHO_MESSAGE) != 0))
			room_send_status(r, (c->caps & CAP_ECHO_MESSAGE) ?
			    NULL : c->user, l, need);
		return;
	}
	l->params[0] = r->name;
	/* In a cluster the message comes back from the bus, in its order. */
	if (relay == NULL || !relay->room_msg(r, c->user, l, 0,
	    (c->caps & CAP_ECHO_MESSAGE) != 0))
		room_send(r, (c->caps & CAP_ECHO_MESSAGE) ? NULL : c->user, l);
	history_msg(r, cmd_msg_kinds[kind], l, c->user);
}

/* A private message; PRIVMSG to someone away gets 301 back. */
static void
cmd_msg_user(struct conn *c, enum cmd_msg_kind kind, const char *nick,
    struct line *l)
{
	struct user	*t;

	t = user_find(nick);
	if (t == NULL || (t->conn->flags & CONN_REGISTERED) == 0) {
		if (kind != CMD_MSG_NOTICE)
			reply_err(c, ERR_NOSUCHNICK, nick);
		return;
	}
	l->params[0] = t->nick;
	conn_send_line(t->conn, l);
	if (t->conn->flags & CONN_REMOTE)
		relay->dm(c->user, t, l);
	if ((c->caps & CAP_ECHO_MESSAGE) && t != c->user)
		conn_send_line(c, l);
	if (kind == CMD_MSG_PRIVMSG && t->away != NULL)
		reply(c, RPL_AWAY, t->nick, t->away, NULL);
	history_dm(c->user, t, cmd_msg_kinds[kind], l);
}

/* The shared body of the three commands. */
static void
cmd_msg(struct conn *c, struct irc_msg *msg, enum cmd_msg_kind kind)
{
	static const char *verbs[] = { "PRIVMSG", "NOTICE", "TAGMSG" };
	char		 targets[IRC_LINE_MAX], ctags[IRC_TAGS_MAX];
	char		*tp = targets, *t;
	const char	*text = NULL, *tags = user_tags(c->user);
	size_t		 off = 0;
	struct line	 l;
	int		 n = 0;

	if (msg->nparams < 1 || *msg->params[0] == '\0') {
		if (kind != CMD_MSG_NOTICE)
			reply(c, ERR_NORECIPIENT, "No recipient given (PRIVMSG)",
			    NULL);
		return;
	}
	if (kind != CMD_MSG_TAGMSG) {
		if (msg->nparams < 2 || *msg->params[1] == '\0') {
			if (kind != CMD_MSG_NOTICE)
				reply_err(c, ERR_NOTEXTTOSEND, NULL);
			return;
		}
		text = msg->params[1];
	}
	/* Server tags (bot) go before the client-only ones, which come
	 * only from a client that negotiated message-tags (at most 4094
	 * bytes of them: dispatch refused longer). */
	if (tags != NULL)
		off = strlcpy(ctags, tags, sizeof ctags);
	if ((c->caps & CAP_MESSAGE_TAGS) && msg->tags != NULL &&
	    irc_tags_client_only(msg->tags, ctags + off + (off != 0),
	    sizeof ctags - off - 1) > 0) {
		if (off != 0)
			ctags[off] = ';';
		tags = ctags;
	}
	line_init(&l, tags, c->user->prefix, verbs[kind], "*", text, NULL);
	l.account = c->user->account;
	strlcpy(targets, msg->params[0], sizeof targets);
	while ((t = strsep(&tp, ",")) != NULL) {
		if (*t == '\0' || (c->flags & CONN_CLOSING))
			continue;
		if (n++ == CMD_MSG_TARGETS) {
			if (kind != CMD_MSG_NOTICE)
				reply(c, ERR_TOOMANYTARGETS, t,
				    "Too many recipients", NULL);
			break;
		}
		/* Each target gets its own msgid and formatting. */
		msgid_next(l.msgid, history_line_ms(&l));
		memset(l.len, 0, sizeof l.len);
		if (irc_is_room(t + strspn(t, "@+")))
			cmd_msg_room(c, kind, t, &l);
		else
			cmd_msg_user(c, kind, t, &l);
	}
}

/* PRIVMSG target[,target] :text */
void
cmd_privmsg(struct conn *c, struct irc_msg *msg)
{
	cmd_msg(c, msg, CMD_MSG_PRIVMSG);
}

/* NOTICE target[,target] :text (never an error reply) */
void
cmd_notice(struct conn *c, struct irc_msg *msg)
{
	cmd_msg(c, msg, CMD_MSG_NOTICE);
}

/* TAGMSG target: tags only, for clients with message-tags. */
void
cmd_tagmsg(struct conn *c, struct irc_msg *msg)
{
	cmd_msg(c, msg, CMD_MSG_TAGMSG);
}
