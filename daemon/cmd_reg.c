/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Registration (CAP, PASS, NICK, USER, the welcome burst) and upkeep
 * (PING, PONG, QUIT); NICK changes once registered. */

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "xmalloc.h"
#include "irc_case.h"
#include "irc_msg.h"
#include "irc_numeric.h"
#include "utf8.h"
#include "daemon.h"
#include "cmd.h"
#include "conn.h"
#include "history.h"
#include "line.h"
#include "reply.h"
#include "room.h"
#include "user.h"

struct cmd_cap_entry {
	const char	*name;
	unsigned int	 flag;
};

static const struct cmd_cap_entry cmd_caps[] = {
	{ "away-notify", CAP_AWAY_NOTIFY },
	{ "batch", CAP_BATCH },
	{ "draft/chathistory", CAP_CHATHISTORY },
	{ "draft/event-playback", CAP_EVENT_PLAYBACK },
	{ "echo-message", CAP_ECHO_MESSAGE },
	{ "labeled-response", CAP_LABELED_RESPONSE },
	{ "message-tags", CAP_MESSAGE_TAGS },
	{ "multi-prefix", CAP_MULTI_PREFIX },
	{ "server-time", CAP_SERVER_TIME },
	{ "userhost-in-names", CAP_USERHOST_IN_NAMES },
};

#define ERR_BANNICKCHANGE 435	/* not in irc_numeric.h: ircd usage */

static void	cmd_reg_try(struct conn *);
static bool	cmd_reg_banned(struct conn *, const char *);
static void	cmd_reg_welcome(struct conn *);
static unsigned int cmd_cap_flag(const char *, size_t);
static void	cmd_cap_list(struct conn *, const char *, unsigned int);
static void	cmd_cap_req(struct conn *, const char *);
static unsigned int cmd_cap_off(void);

/* Capabilities not offered now: history's when it is off. */
static unsigned int
cmd_cap_off(void)
{
	return (history_store() == NULL ? CAP_CHATHISTORY |
	    CAP_EVENT_PLAYBACK : 0);
}

/* The flag of a capability name (len bytes), 0 if unknown. */
static unsigned int
cmd_cap_flag(const char *name, size_t len)
{
	size_t	i;

	for (i = 0; i < nitems(cmd_caps); i++) {
		if (strlen(cmd_caps[i].name) == len &&
		    strncmp(cmd_caps[i].name, name, len) == 0)
			return (cmd_caps[i].flag);
	}
	return (0);
}

/* "CAP target SUB :names" for the capabilities in mask. */
static void
cmd_cap_list(struct conn *c, const char *sub, unsigned int mask)
{
	char	buf[256];
	size_t	i;

	buf[0] = '\0';
	for (i = 0; i < nitems(cmd_caps); i++) {
		if ((mask & cmd_caps[i].flag) == 0)
			continue;
		if (buf[0] != '\0')
			strlcat(buf, " ", sizeof buf);
		strlcat(buf, cmd_caps[i].name, sizeof buf);
	}
	reply_send(c, NULL, "CAP", reply_target(c), sub, buf, NULL);
}

/* All or nothing: ACK the whole list or NAK it. */
static void
cmd_cap_req(struct conn *c, const char *list)
{
	const char	*p = list, *end;
	unsigned int	 add = 0, del = 0, flag;
	bool		 minus;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		minus = *p == '-';
		if (minus)
			p++;
		end = p + strcspn(p, " ");
		if ((flag = cmd_cap_flag(p, end - p) & ~cmd_cap_off()) == 0) {
			reply_send(c, NULL, "CAP", reply_target(c), "NAK", list,
			    NULL);
			return;
		}
		if (minus)
			del |= flag;
		else
			add |= flag;
		p = end;
	}
	c->caps = (c->caps | add) & ~del;
	reply_send(c, NULL, "CAP", reply_target(c), "ACK", list, NULL);
}

/* CAP LS/LIST/REQ/END; negotiating holds registration back. */
void
cmd_cap(struct conn *c, struct irc_msg *msg)
{
	const char	*sub = msg->params[0];
	unsigned int	 all = 0;
	size_t		 i;

	for (i = 0; i < nitems(cmd_caps); i++)
		all |= cmd_caps[i].flag;
	all &= ~cmd_cap_off();
	if (strcasecmp(sub, "LS") == 0 || strcasecmp(sub, "REQ") == 0) {
		if ((c->flags & CONN_REGISTERED) == 0)
			c->flags |= CONN_CAP;
	}
	if (strcasecmp(sub, "LS") == 0)
		cmd_cap_list(c, "LS", all);
	else if (strcasecmp(sub, "LIST") == 0)
		cmd_cap_list(c, "LIST", c->caps);
	else if (strcasecmp(sub, "REQ") == 0) {
		if (msg->nparams < 2)
			reply_err(c, ERR_NEEDMOREPARAMS, "CAP");
		else
			cmd_cap_req(c, msg->params[1]);
	} else if (strcasecmp(sub, "END") == 0) {
		c->flags &= ~CONN_CAP;
		cmd_reg_try(c);
	} else
		reply(c, 410, sub, "Invalid CAP command", NULL);
}

/* PASS before registration; checked when registration completes. */
void
cmd_pass(struct conn *c, struct irc_msg *msg)
{
	if (c->flags & CONN_REGISTERED) {
		reply_err(c, ERR_ALREADYREGISTERED, NULL);
		return;
	}
	if (cfg.password != NULL && strcmp(msg->params[0], cfg.password) == 0)
		c->flags |= CONN_PASS;
	else
		c->flags &= ~CONN_PASS;
}

/* A new nick would shake off a ban: refuse it (435) while banned. */
static bool
cmd_reg_banned(struct conn *c, const char *nick)
{
	struct member	*m;

	TAILQ_FOREACH(m, &c->user->rooms, user_entry) {
		if ((m->modes & (MEMBER_OP | MEMBER_VOICE)) == 0 &&
		    m->room->nbans != 0 && room_member_banned(m)) {
			reply(c, ERR_BANNICKCHANGE, nick, m->room->name,
			    "Cannot change nickname while banned on channel",
			    NULL);
			return (true);
		}
	}
	return (false);
}

/* NICK: choose a nick, or change it (seen once by every co-member). */
void
cmd_nick(struct conn *c, struct irc_msg *msg)
{
	struct user	*u = c->user;
	struct member	*m;
	struct line	 l;
	const char	*nick;
	char		*old;

	if (msg->nparams < 1 || *msg->params[0] == '\0') {
		reply_err(c, ERR_NONICKNAMEGIVEN, NULL);
		return;
	}
	nick = msg->params[0];
	if (!irc_nick_valid(nick, IRC_NICK_MAX)) {
		reply_err(c, ERR_ERRONEUSNICKNAME, nick);
		return;
	}
	if (strcmp(nick, u->nick) == 0)
		return;
	if ((c->flags & CONN_REGISTERED) && cmd_reg_banned(c, nick))
		return;
	old = xstrdup(u->prefix);
	if (user_set_nick(u, nick) != 0) {
		reply_err(c, ERR_NICKNAMEINUSE, nick);
		free(old);
		return;
	}
	if (c->flags & CONN_REGISTERED) {
		line_init(&l, NULL, old, "NICK", u->nick, NULL);
		room_send_common(u, &l, true, 0);
		TAILQ_FOREACH(m, &u->rooms, user_entry)
			history_event(m->room, STORE_NICK, &l);
	} else
		cmd_reg_try(c);
	free(old);
}

/* USER ident mode unused :realname */
void
cmd_user(struct conn *c, struct irc_msg *msg)
{
	struct user	*u = c->user;

	if (c->flags & (CONN_REGISTERED | CONN_USER)) {
		reply_err(c, ERR_ALREADYREGISTERED, NULL);
		return;
	}
	user_set_ident(u, msg->params[0]);
	free(u->realname);
	u->realname = xstrndup(msg->params[3], utf8_boundary(msg->params[3],
	    strlen(msg->params[3]), USER_REAL_MAX));
	c->flags |= CONN_USER;
	cmd_reg_try(c);
}

/* Finish registration once NICK, USER and CAP END have all arrived. */
static void
cmd_reg_try(struct conn *c)
{
	if (c->flags & (CONN_REGISTERED | CONN_CAP))
		return;
	if (!c->user->listed || (c->flags & CONN_USER) == 0)
		return;
	if (cfg.password != NULL && (c->flags & CONN_PASS) == 0) {
		reply_err(c, ERR_PASSWDMISMATCH, NULL);
		conn_close(c, "Bad password");
		return;
	}
	conn_registered(c);
	cmd_reg_welcome(c);
}

/* 001 to 005, LUSERS and the MOTD. */
static void
cmd_reg_welcome(struct conn *c)
{
	char		text[IRC_LINE_MAX], date[64];
	struct tm	tm;

	snprintf(text, sizeof text, "Welcome to the %s Network, %s",
	    cfg.network, c->user->prefix);
	reply(c, RPL_WELCOME, text, NULL);
	snprintf(text, sizeof text, "Your host is %s, running version %s",
	    cfg.name, DAEMON_VERSION);
	reply(c, RPL_YOURHOST, text, NULL);
	gmtime_r(&daemon_started, &tm);
	strftime(date, sizeof date, "%a %b %d %Y at %H:%M:%S UTC", &tm);
	snprintf(text, sizeof text, "This server was created %s", date);
	reply(c, RPL_CREATED, text, NULL);
	reply(c, RPL_MYINFO, cfg.name, DAEMON_VERSION, "i", "biklmnotv",
	    "bklov", NULL);
	cmd_info_isupport(c);
	cmd_info_lusers(c);
	cmd_info_motd(c);
}

/* PING token -> PONG server token. */
void
cmd_ping(struct conn *c, struct irc_msg *msg)
{
	if (msg->nparams < 1 || *msg->params[0] == '\0') {
		reply_err(c, ERR_NOORIGIN, NULL);
		return;
	}
	reply_send(c, NULL, "PONG", cfg.name, msg->params[0], NULL);
}

/* Any input already proved the client alive; nothing else to do. */
void
cmd_pong(struct conn *c, struct irc_msg *msg)
{
}

/* QUIT [:reason] */
void
cmd_quit(struct conn *c, struct irc_msg *msg)
{
	char	reason[IRC_LINE_MAX];

	if (msg->nparams > 0 && *msg->params[0] != '\0')
		snprintf(reason, sizeof reason, "Quit: %.*s",
		    (int)utf8_boundary(msg->params[0], strlen(msg->params[0]),
		    ROOM_KICK_MAX), msg->params[0]);
	else
		strlcpy(reason, "Client Quit", sizeof reason);
	conn_close(c, reason);
}
