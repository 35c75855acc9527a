/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Registration (CAP, PASS, NICK, USER, the welcome burst) and upkeep
 * (PING, PONG, QUIT); NICK changes once registered. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "xmalloc.h"
#include "irc_case.h"
#include "irc_msg.h"
#include "irc_numeric.h"
#include "utf8.h"
#include "log.h"
#include "daemon.h"
#include "cmd.h"
#include "conn.h"
#include "history.h"
#include "line.h"
#include "relay.h"
#include "reply.h"
#include "room.h"
#include "user.h"

struct cmd_cap_entry {
	const char	*name;
	unsigned int	 flag;
	bool		(*offered)(void);	/* NULL: always offered */
	const char	*value;		/* shown to CAP LS 302, or NULL */
};

static bool	cmd_cap_monitor(void);
static bool	cmd_cap_history(void);

static const struct cmd_cap_entry cmd_caps[] = {
	{ "account-notify", CAP_ACCOUNT_NOTIFY, NULL, NULL },
	{ "account-tag", CAP_ACCOUNT_TAG, NULL, NULL },
	{ "away-notify", CAP_AWAY_NOTIFY, NULL, NULL },
	{ "batch", CAP_BATCH, NULL, NULL },
	{ "cap-notify", CAP_CAP_NOTIFY, NULL, NULL },
	{ "chghost", CAP_CHGHOST, NULL, NULL },
	{ "draft/account-registration", CAP_ACCOUNT_REGISTRATION, NULL,
	    "before-connect,custom-account-name" },
	{ "draft/chathistory", CAP_CHATHISTORY, cmd_cap_history, NULL },
	{ "draft/event-playback", CAP_EVENT_PLAYBACK, cmd_cap_history, NULL },
	{ "echo-message", CAP_ECHO_MESSAGE, NULL, NULL },
	{ "extended-join", CAP_EXTENDED_JOIN, NULL, NULL },
	{ "extended-monitor", CAP_EXTENDED_MONITOR, cmd_cap_monitor, NULL },
	{ "invite-notify", CAP_INVITE_NOTIFY, NULL, NULL },
	{ "labeled-response", CAP_LABELED_RESPONSE, NULL, NULL },
	{ "message-tags", CAP_MESSAGE_TAGS, NULL, NULL },
	{ "multi-prefix", CAP_MULTI_PREFIX, NULL, NULL },
	{ "sasl", CAP_SASL, NULL, "PLAIN,EXTERNAL" },
	{ "server-time", CAP_SERVER_TIME, NULL, NULL },
	{ "setname", CAP_SETNAME, NULL, NULL },
	{ "standard-replies", CAP_STANDARD_REPLIES, NULL, NULL },
	{ "userhost-in-names", CAP_USERHOST_IN_NAMES, NULL, NULL },
};

#define CMD_CAP_LS_MAX	400	/* bytes of names in one CAP line */

static unsigned int	cmd_cap_was;	/* offered before the last reload */

#define ERR_BANNICKCHANGE 435	/* not in irc_numeric.h: ircd usage */

static void	cmd_reg_try(struct conn *);
static bool	cmd_reg_banned(struct conn *, const char *);
static void	cmd_reg_welcome(struct conn *);
static unsigned int cmd_cap_flag(const char *, size_t);
static unsigned int cmd_cap_offered(void);
static void	cmd_cap_list(struct conn *, const char *, unsigned int);
static void	cmd_cap_req(struct conn *, const char *);
static int	cmd_cap_reload(char **);
static void	cmd_cap_notify(struct user *, void *);

/* draft/chathistory and draft/event-playback: only with history on. */
static bool
cmd_cap_history(void)
{
	return (history_store() != NULL);
}

/* extended-monitor goes with MONITOR, which monitor_max = 0 turns off. */
static bool
cmd_cap_monitor(void)
{
	return (cfg.monitor_max != 0);
}

/* The flag of an offered capability name (len bytes), 0 if none. */
static unsigned int
cmd_cap_flag(const char *name, size_t len)
{
	size_t	i;

	for (i = 0; i < nitems(cmd_caps); i++) {
		if (strlen(cmd_caps[i].name) == len &&
		    strncmp(cmd_caps[i].name, name, len) == 0)
			return (cmd_caps[i].flag & cmd_cap_offered());
	}
	return (0);
}

/* The capabilities offered now. */
static unsigned int
cmd_cap_offered(void)
{
	unsigned int	all = 0;
	size_t		i;

	for (i = 0; i < nitems(cmd_caps); i++) {
		if (cmd_caps[i].offered == NULL || cmd_caps[i].offered())
			all |= cmd_caps[i].flag;
	}
	return (all);
}

/*
 * "CAP target SUB :names" for the capabilities in mask; for a CAP LS 302
 * client, a list too long for one line goes out as "CAP target SUB *
 * :names" lines before the last (capability negotiation 3.2); older
 * clients get one line, as long as a line allows. A CAP LS 302 client
 * sees the values ("sasl=PLAIN,EXTERNAL") in LS and NEW.
 */
static void
cmd_cap_list(struct conn *c, const char *sub, unsigned int mask)
{
	char		 buf[IRC_LINE_MAX], item[128];
	size_t		 i, len = 0, max;
	bool		 values;

	max = (c->flags & CONN_CAP302) ? CMD_CAP_LS_MAX : IRC_LINE_MAX - 64;
	values = (c->flags & CONN_CAP302) && (strcmp(sub, "LS") == 0 ||
	    strcmp(sub, "NEW") == 0);
	buf[0] = '\0';
	for (i = 0; i < nitems(cmd_caps); i++) {
		if ((mask & cmd_caps[i].flag) == 0)
			continue;
		snprintf(item, sizeof item, "%s%s%s", cmd_caps[i].name,
		    values && cmd_caps[i].value != NULL ? "=" : "",
		    values && cmd_caps[i].value != NULL ? cmd_caps[i].value :
		    "");
		if (len != 0 && len + 1 + strlen(item) > max) {
			reply_send(c, NULL, "CAP", reply_target(c), sub, "*",
			    buf, NULL);
			len = 0;
		}
		len += snprintf(buf + len, sizeof buf - len, "%s%s",
		    len != 0 ? " " : "", item);
	}
	reply_send(c, NULL, "CAP", reply_target(c), sub, buf, NULL);
}

/* Remember what is offered; reloads compare with it (cap-notify). */
void
cmd_cap_init(void)
{
	cmd_cap_was = cmd_cap_offered();
	daemon_on_reload(cmd_cap_reload);
}

/* cap-notify: tell one client what came and went. */
static void
cmd_cap_notify(struct user *u, void *arg)
{
	unsigned int	*change = arg, gone;
	struct conn	*c = u->conn;

	if ((c->caps & CAP_CAP_NOTIFY) == 0 || (c->flags & CONN_CLOSING))
		return;
	if (change[0] != 0)
		cmd_cap_list(c, "NEW", change[0]);
	if ((gone = change[1]) != 0) {
		cmd_cap_list(c, "DEL", gone);
		c->caps &= ~gone;	/* cancelled once DEL is sent */
	}
}

/* After a reload: CAP NEW and CAP DEL to clients with cap-notify. */
static int
cmd_cap_reload(char **cause)
{
	unsigned int	now = cmd_cap_offered(), change[2];

	change[0] = now & ~cmd_cap_was;
	change[1] = cmd_cap_was & ~now;
	cmd_cap_was = now;
	if (change[0] != 0 || change[1] != 0)
		user_foreach(cmd_cap_notify, change);
	return (0);
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
		flag = cmd_cap_flag(p, end - p);
		/* cap-notify cannot be turned off after CAP LS 302: NAK. */
		if (flag == 0 || (minus && flag == CAP_CAP_NOTIFY &&
		    (c->flags & CONN_CAP302))) {
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

	if (strcasecmp(sub, "LS") == 0 || strcasecmp(sub, "REQ") == 0) {
		if ((c->flags & CONN_REGISTERED) == 0)
			c->flags |= CONN_CAP;
	}
	/* CAP LS 302 turns cap-notify on for good (cap-notify). */
	if (strcasecmp(sub, "LS") == 0 && msg->nparams > 1 &&
	    strtol(msg->params[1], NULL, 10) >= 302) {
		c->flags |= CONN_CAP302;
		c->caps |= CAP_CAP_NOTIFY;
	}
	if (strcasecmp(sub, "LS") == 0)
		cmd_cap_list(c, "LS", cmd_cap_offered());
	else if (strcasecmp(sub, "LIST") == 0)
		cmd_cap_list(c, "LIST", c->caps);
	else if (strcasecmp(sub, "REQ") == 0) {
		if (msg->nparams < 2)
			reply_err(c, ERR_NEEDMOREPARAMS, "CAP");
		else
			cmd_cap_req(c, msg->params[1]);
	} else if (strcasecmp(sub, "END") == 0) {
		cmd_sasl_cap_end(c);
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
	struct user	*u = c->user, *other;
	const char	*nick;

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
	other = user_find(nick);
	if (other != NULL && other != u) {
		reply_err(c, ERR_NICKNAMEINUSE, nick);
		return;
	}
	if (relay != NULL && relay->nick_claim(c, nick))
		return;
	cmd_nick_claimed(c, nick);
}

/* Take nick (a cluster has claimed it): false when it was taken since. */
bool
cmd_nick_claimed(struct conn *c, const char *nick)
{
	struct user	*u = c->user, *other;
	struct member	*m;
	struct line	 l;
	char		*old;

	other = user_find(nick);
	if (other != NULL && other != u) {
		reply_err(c, ERR_NICKNAMEINUSE, nick);
		return (false);
	}
	/* MONITOR: the old nick goes offline, the new one comes online;
	 * a change of case only is the same nick. */
	if (other == NULL)
		cmd_monitor_offline(u);
	if (c->flags & CONN_REGISTERED)
		cmd_whowas_add(u);
	old = xstrdup(u->prefix);
	if (user_set_nick(u, nick) != 0)
		fatalx("nick %s taken after all", nick);
	if (c->flags & CONN_REGISTERED) {
		line_init(&l, user_tags(u), old, "NICK", u->nick, NULL);
		l.account = u->account;
		room_send_common(u, &l, true, 0);
		TAILQ_FOREACH(m, &u->rooms, user_entry)
			history_event(m->room, STORE_NICK, &l);
		if (relay != NULL)
			relay->nick(u, &l);
		cmd_account_check_nick(c);
		if (other == NULL)
			cmd_monitor_online(u);
	} else
		cmd_reg_try(c);
	free(old);
	return (true);
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
	/* Modern IRC: an empty username or realname is too few. */
	if (*msg->params[0] == '\0' || *msg->params[3] == '\0') {
		reply_err(c, ERR_NEEDMOREPARAMS, "USER");
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
	cmd_monitor_online(c->user);
	if (relay != NULL)
		relay->registered(c->user);
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
	reply(c, RPL_MYINFO, cfg.name, DAEMON_VERSION, "Biorwx",
	    "beiklmnopstvCIR", "beklovI", NULL);
	cmd_info_isupport(c);
	cmd_info_lusers(c);
	cmd_info_motd(c);
	if (c->user->account != NULL)
		reply_send(c, c->user->prefix, "MODE", c->user->nick, "+r",
		    NULL);
	cmd_account_check_nick(c);
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
