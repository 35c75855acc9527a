/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* MONITOR (IRCv3 monitor, 730-734): who watches which nick, indexed both
 * ways like room memberships, and the online/offline notices; with
 * extended-monitor, watchers also hear AWAY, SETNAME and CHGHOST. */

#include <stdio.h>
#include <string.h>

#include "xmalloc.h"
#include "irc_case.h"
#include "irc_msg.h"
#include "irc_numeric.h"
#include "daemon.h"
#include "cmd.h"
#include "conn.h"
#include "line.h"
#include "reply.h"
#include "table.h"
#include "user.h"

#define CMD_MONITOR_TEXT	400	/* bytes of targets in one numeric */

/* A nick someone watches, and who (registered or not, it may be unused). */
struct monitor_target {
	struct table_node	  node;
	char			  fold[IRC_NICK_MAX + 1];
	char			  nick[IRC_NICK_MAX + 1];	/* as added first */
	struct user		**watchers;
	size_t			  nwatchers;
};

/* What one user watches (struct user's monitor). */
struct monitor_list {
	struct monitor_target	**targets;
	size_t			  count;
};

/* Targets collected into as few numerics as fit. */
struct monitor_out {
	struct conn	*c;
	int		 code;
	char		 buf[IRC_LINE_MAX];
	size_t		 len;
};

static struct table	monitor_table;
static bool		monitor_ready;

static struct monitor_target *cmd_monitor_find(const char *);
static struct monitor_target *cmd_monitor_get(const char *);
static bool	cmd_monitor_listed(const struct monitor_list *,
		    const struct monitor_target *);
static bool	cmd_monitor_online_user(const struct user *);
static void	cmd_monitor_add(struct conn *, char *);
static void	cmd_monitor_del(struct user *, char *);
static void	cmd_monitor_drop(struct user *, struct monitor_target *);
static void	cmd_monitor_status(struct conn *, bool);
static void	cmd_monitor_put(struct monitor_out *, const char *);
static void	cmd_monitor_flush(struct monitor_out *);
static void	cmd_monitor_tell(struct user *, int);

/* The target for nick, or NULL. */
static struct monitor_target *
cmd_monitor_find(const char *nick)
{
	struct table_node	*n;
	char			 fold[IRC_NICK_MAX + 1];

	if (!monitor_ready || strlen(nick) > IRC_NICK_MAX)
		return (NULL);
	irc_casefold(USER_CASEMAP, fold, nick, sizeof fold);
	n = table_find(&monitor_table, fold, table_hash(fold));
	return (n == NULL ? NULL : TABLE_ENTRY(n, struct monitor_target, node));
}

/* Add one target to o, sending the line first when it would overflow. */
static void
cmd_monitor_put(struct monitor_out *o, const char *target)
{
	size_t	n = strlen(target);

	if (o->len != 0 && o->len + 1 + n > CMD_MONITOR_TEXT)
		cmd_monitor_flush(o);
	if (o->len != 0)
		o->buf[o->len++] = ',';
	memcpy(o->buf + o->len, target, n + 1);
	o->len += n;
}

/* Send what o holds. */
static void
cmd_monitor_flush(struct monitor_out *o)
{
	if (o->len == 0)
		return;
	reply(o->c, o->code, o->buf, NULL);
	o->len = 0;
}

/* Whether u is online, as MONITOR counts it: registered. */
static bool
cmd_monitor_online_user(const struct user *u)
{
	return (u != NULL && (u->conn->flags & CONN_REGISTERED));
}

/* Whether mt (may be NULL) is in ml already. */
static bool
cmd_monitor_listed(const struct monitor_list *ml,
    const struct monitor_target *mt)
{
	size_t	i;

	for (i = 0; mt != NULL && i < ml->count; i++) {
		if (ml->targets[i] == mt)
			return (true);
	}
	return (false);
}

/* The target for nick, created (and the registry with it) when new. */
static struct monitor_target *
cmd_monitor_get(const char *nick)
{
	struct monitor_target	*mt;

	if ((mt = cmd_monitor_find(nick)) != NULL)
		return (mt);
	if (!monitor_ready) {
		table_init(&monitor_table);
		monitor_ready = true;
	}
	mt = xcalloc(1, sizeof *mt);
	strlcpy(mt->nick, nick, sizeof mt->nick);
	irc_casefold(USER_CASEMAP, mt->fold, nick, sizeof mt->fold);
	mt->node.key = mt->fold;
	mt->node.hash = table_hash(mt->fold);
	table_insert(&monitor_table, &mt->node);
	return (mt);
}

/* MONITOR + a,b: watch them; 730/731 for each, 734 past the limit. */
static void
cmd_monitor_add(struct conn *c, char *list)
{
	struct user		*u = c->user, *t;
	struct monitor_list	*ml;
	struct monitor_target	*mt;
	struct monitor_out	 on = { c, RPL_MONONLINE, "", 0 };
	struct monitor_out	 off = { c, RPL_MONOFFLINE, "", 0 };
	char			*nick, limit[16];

	if (u->monitor == NULL)
		u->monitor = xcalloc(1, sizeof *u->monitor);
	ml = u->monitor;
	while ((nick = strsep(&list, ",")) != NULL) {
		if (!irc_nick_valid(nick, IRC_NICK_MAX) ||
		    cmd_monitor_listed(ml, cmd_monitor_find(nick)))
			continue;	/* never twice */
		if (ml->count >= cfg.monitor_max) {
			snprintf(limit, sizeof limit, "%u", cfg.monitor_max);
			if (list != NULL)
				list[-1] = ',';	/* the rest, as sent */
			reply(c, ERR_MONLISTFULL, limit, nick,
			    irc_numeric_text(ERR_MONLISTFULL), NULL);
			break;
		}
		mt = cmd_monitor_get(nick);
		mt->watchers = xreallocarray(mt->watchers, mt->nwatchers + 1,
		    sizeof *mt->watchers);
		mt->watchers[mt->nwatchers++] = u;
		ml->targets = xreallocarray(ml->targets, ml->count + 1,
		    sizeof *ml->targets);
		ml->targets[ml->count++] = mt;
		t = user_find(nick);
		if (cmd_monitor_online_user(t))
			cmd_monitor_put(&on, t->prefix);
		else
			cmd_monitor_put(&off, nick);
	}
	cmd_monitor_flush(&on);
	cmd_monitor_flush(&off);
}

/* Take u off mt's watchers; the target goes when nobody watches. */
static void
cmd_monitor_drop(struct user *u, struct monitor_target *mt)
{
	size_t	i;

	for (i = 0; i < mt->nwatchers; i++) {
		if (mt->watchers[i] == u) {
			mt->watchers[i] = mt->watchers[--mt->nwatchers];
			break;
		}
	}
	if (mt->nwatchers != 0)
		return;
	table_remove(&monitor_table, &mt->node);
	free(mt->watchers);
	free(mt);
	if (monitor_table.count == 0) {
		table_free(&monitor_table);
		monitor_ready = false;
	}
}

/* MONITOR - a,b: stop watching them, silently. */
static void
cmd_monitor_del(struct user *u, char *list)
{
	struct monitor_list	*ml = u->monitor;
	struct monitor_target	*mt;
	char			*nick;
	size_t			 i;

	while (ml != NULL && (nick = strsep(&list, ",")) != NULL) {
		if ((mt = cmd_monitor_find(nick)) == NULL)
			continue;
		for (i = 0; i < ml->count; i++) {
			if (ml->targets[i] == mt) {
				ml->targets[i] = ml->targets[--ml->count];
				cmd_monitor_drop(u, mt);
				break;
			}
		}
	}
}

/* MONITOR L (732s and 733) or S (730s and 731s). */
static void
cmd_monitor_status(struct conn *c, bool list)
{
	struct monitor_list	*ml = c->user->monitor;
	struct monitor_out	 on = { c, list ? RPL_MONLIST : RPL_MONONLINE,
				     "", 0 };
	struct monitor_out	 off = { c, RPL_MONOFFLINE, "", 0 };
	struct user		*t;
	size_t			 i;

	for (i = 0; ml != NULL && i < ml->count; i++) {
		t = user_find(ml->targets[i]->nick);
		if (list)
			cmd_monitor_put(&on, cmd_monitor_online_user(t) ?
			    t->nick : ml->targets[i]->nick);
		else if (cmd_monitor_online_user(t))
			cmd_monitor_put(&on, t->prefix);
		else
			cmd_monitor_put(&off, ml->targets[i]->nick);
	}
	cmd_monitor_flush(&on);
	cmd_monitor_flush(&off);
	if (list)
		reply_err(c, RPL_ENDOFMONLIST, NULL);
}

/* MONITOR +|- targets | C | L | S */
void
cmd_monitor(struct conn *c, struct irc_msg *msg)
{
	char	list[IRC_LINE_MAX];
	char	op = msg->params[0][0];

	if (cfg.monitor_max == 0) {
		reply_err(c, ERR_UNKNOWNCOMMAND, "MONITOR");
		return;
	}
	if (msg->params[0][1] != '\0')
		op = '?';	/* one letter only */
	if ((op == '+' || op == '-') && msg->nparams < 2) {
		reply_err(c, ERR_NEEDMOREPARAMS, "MONITOR");
		return;
	}
	if (op == '+' || op == '-')
		strlcpy(list, msg->params[1], sizeof list);
	switch (op) {
	case '+':
		cmd_monitor_add(c, list);
		break;
	case '-':
		cmd_monitor_del(c->user, list);
		break;
	case 'C':
	case 'c':
		cmd_monitor_forget(c->user);
		break;
	case 'L':
	case 'l':
	case 'S':
	case 's':
		cmd_monitor_status(c, op == 'L' || op == 'l');
		break;
	default:
		reply_fail(c, 0, "MONITOR", "INVALID_PARAMS", msg->params[0],
		    "Unknown MONITOR modifier (use +, -, C, L or S)", NULL);
		break;
	}
}

/* 730 (code RPL_MONONLINE) or 731 about u to everyone watching its nick. */
static void
cmd_monitor_tell(struct user *u, int code)
{
	struct monitor_target	*mt = cmd_monitor_find(u->nick);
	struct conn		*c;
	size_t			 i;

	for (i = 0; mt != NULL && i < mt->nwatchers; i++) {
		c = mt->watchers[i]->conn;
		if ((c->flags & (CONN_REGISTERED | CONN_CLOSING)) ==
		    CONN_REGISTERED)
			reply(c, code, code == RPL_MONONLINE ? u->prefix :
			    u->nick, NULL);
	}
}

/* u has just registered or taken its nick: 730 to its watchers. */
void
cmd_monitor_online(struct user *u)
{
	cmd_monitor_tell(u, RPL_MONONLINE);
}

/* u is about to quit or leave its nick: 731 to its watchers. */
void
cmd_monitor_offline(struct user *u)
{
	if (u->conn->flags & CONN_REGISTERED)
		cmd_monitor_tell(u, RPL_MONOFFLINE);
}

/* MONITOR C, and at quit: u watches nothing any more. */
void
cmd_monitor_forget(struct user *u)
{
	struct monitor_list	*ml = u->monitor;
	size_t			 i;

	if (ml == NULL)
		return;
	for (i = 0; i < ml->count; i++)
		cmd_monitor_drop(u, ml->targets[i]);
	free(ml->targets);
	free(ml);
	u->monitor = NULL;
}

/*
 * extended-monitor: l (about u) to watchers of u with extended-monitor
 * and every cap in caps, except those room_send_common just reached
 * (their user mark equals u's).
 */
void
cmd_monitor_send(struct user *u, struct line *l, unsigned int caps)
{
	struct monitor_target	*mt = cmd_monitor_find(u->nick);
	struct user		*w;
	size_t			 i;

	caps |= CAP_EXTENDED_MONITOR;
	for (i = 0; mt != NULL && i < mt->nwatchers; i++) {
		w = mt->watchers[i];
		if (w == u || w->mark == u->mark)
			continue;
		if ((conn_caps(w->conn) & caps) == caps &&
		    (w->conn->flags & CONN_REGISTERED))
			conn_send_line(w->conn, l);
	}
}
