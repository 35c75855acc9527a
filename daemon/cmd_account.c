/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * Accounts on the wire: REGISTER (IRCv3 draft/account-registration),
 * logging in (900, +r, account-notify), the reserved nick of an account
 * with its grace period and guest rename, and the throttle of failed
 * logins shared with SASL and OPER.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <event2/event.h>

#include "xmalloc.h"
#include "irc_case.h"
#include "irc_msg.h"
#include "irc_numeric.h"
#include "log.h"
#include "daemon.h"
#include "account.h"
#include "cmd.h"
#include "cmd_account.h"
#include "conn.h"
#include "line.h"
#include "relay.h"
#include "reply.h"
#include "room.h"
#include "table.h"
#include "user.h"

#define CMD_THROTTLE_KEY	(USER_HOST_MAX + 4)
#define CMD_THROTTLE_FORGET	3600	/* seconds without a failure */

/* Failures of one address or one account. */
struct cmd_throttle {
	struct table_node	 node;
	char			 key[CMD_THROTTLE_KEY];
	unsigned int		 fails;
	time_t			 until;		/* no attempt before */
	time_t			 last;
};

static struct table	 cmd_throttles;
static bool		 cmd_throttles_ready;

static struct cmd_throttle *cmd_throttle_find(const char *, const char *,
		    bool);
static void	cmd_throttle_sweep(void);
static void	cmd_throttle_sweep_cb(struct table_node *, void *);
static void	cmd_register_done(int, const char *, void *);
static void	cmd_register_fail(struct conn *, const char *, const char *,
		    const char *);
static void	cmd_account_grace_cb(evutil_socket_t, short, void *);
static void	cmd_account_rename(struct conn *);
static bool	cmd_account_foreign(struct user *);

/* c's login state, made on first use. */
struct cmd_acct *
cmd_acct_get(struct conn *c)
{
	if (c->user->acct == NULL)
		c->user->acct = xcalloc(1, sizeof(struct cmd_acct));
	return (c->user->acct);
}

/* The entry of kind:key, made when create. */
static struct cmd_throttle *
cmd_throttle_find(const char *kind, const char *key, bool create)
{
	struct cmd_throttle	*t;
	struct table_node	*n;
	char			 k[CMD_THROTTLE_KEY], fold[CMD_THROTTLE_KEY];

	if (!cmd_throttles_ready) {
		table_init(&cmd_throttles);
		cmd_throttles_ready = true;
	}
	snprintf(k, sizeof k, "%s:%s", kind, key);
	irc_casefold(IRC_CASE_RFC1459, fold, k, sizeof fold);
	if ((n = table_find(&cmd_throttles, fold, table_hash(fold))) != NULL)
		return (TABLE_ENTRY(n, struct cmd_throttle, node));
	if (!create)
		return (NULL);
	cmd_throttle_sweep();
	t = xcalloc(1, sizeof *t);
	strlcpy(t->key, fold, sizeof t->key);
	t->node.key = t->key;
	t->node.hash = table_hash(t->key);
	table_insert(&cmd_throttles, &t->node);
	return (t);
}

/* Collect the entries to forget (none may go while the table walks). */
static void
cmd_throttle_sweep_cb(struct table_node *n, void *arg)
{
	struct cmd_throttle	 *t = TABLE_ENTRY(n, struct cmd_throttle, node);
	struct cmd_throttle	***list = arg;

	if (t->last + CMD_THROTTLE_FORGET < time(NULL))
		*(*list)++ = t;
}

/* Forget entries quiet for an hour, now and then. */
static void
cmd_throttle_sweep(void)
{
	static time_t		  swept;
	struct cmd_throttle	**old, **p, **q;
	time_t			  now = time(NULL);

	if (now - swept < 60 || cmd_throttles.count == 0)
		return;
	swept = now;
	old = p = xreallocarray(NULL, cmd_throttles.count, sizeof *old);
	table_foreach(&cmd_throttles, cmd_throttle_sweep_cb, &p);
	for (q = old; q < p; q++) {
		table_remove(&cmd_throttles, &(*q)->node);
		free(*q);
	}
	free(old);
}

/* table_foreach: every entry. */
static void
cmd_throttle_all_cb(struct table_node *n, void *arg)
{
	struct cmd_throttle	***list = arg;

	*(*list)++ = TABLE_ENTRY(n, struct cmd_throttle, node);
}

/* Forget every failure (the fuzzers, between inputs). */
void
cmd_throttle_clear(void)
{
	struct cmd_throttle	**all, **p, **q;

	if (!cmd_throttles_ready || cmd_throttles.count == 0)
		return;
	all = p = xreallocarray(NULL, cmd_throttles.count, sizeof *all);
	table_foreach(&cmd_throttles, cmd_throttle_all_cb, &p);
	for (q = all; q < p; q++) {
		table_remove(&cmd_throttles, &(*q)->node);
		free(*q);
	}
	free(all);
}

/* Whether kind:key must wait before its next attempt. */
bool
cmd_throttled(const char *kind, const char *key)
{
	struct cmd_throttle	*t = cmd_throttle_find(kind, key, false);

	return (t != NULL && t->until > time(NULL));
}

/* One more failure: past the free ones, the wait doubles. */
void
cmd_throttle_fail(const char *kind, const char *key)
{
	struct cmd_throttle	*t = cmd_throttle_find(kind, key, true);
	unsigned int		 n;
	time_t			 wait = CMD_THROTTLE_MAX;

	t->fails++;
	t->last = time(NULL);
	if (t->fails < CMD_THROTTLE_FREE)
		return;
	n = t->fails - CMD_THROTTLE_FREE;
	if (n < 8)
		wait = (time_t)4 << n;
	if (wait > CMD_THROTTLE_MAX)
		wait = CMD_THROTTLE_MAX;
	t->until = t->last + wait;
}

/* A success clears the failures of kind:key. */
void
cmd_throttle_ok(const char *kind, const char *key)
{
	struct cmd_throttle	*t = cmd_throttle_find(kind, key, false);

	if (t == NULL)
		return;
	table_remove(&cmd_throttles, &t->node);
	free(t);
}

/* Log c in: 900, then +r and ACCOUNT for those who asked. */
void
cmd_account_login(struct conn *c, const char *account)
{
	struct user	*u = c->user;
	struct line	*l;

	free(u->account);
	u->account = xstrdup(account);
	user_set_modes(u, u->modes | UMODE_REGISTERED);
	reply(c, RPL_LOGGEDIN, u->prefix, u->account, "You are now logged in "
	    "as", NULL);
	log_info("%s (%s) logged in as %s", u->nick, u->ip, u->account);
	if ((c->flags & CONN_REGISTERED) == 0)
		return;
	reply_send(c, u->prefix, "MODE", u->nick, "+r", NULL);
	l = xmalloc(sizeof *l);
	line_init(l, NULL, u->prefix, "ACCOUNT", u->account, NULL);
	l->account = u->account;
	room_send_common(u, l, false, CAP_ACCOUNT_NOTIFY);
	if (relay != NULL)
		relay->changed(u, l);
	free(l);
	cmd_account_check_nick(c);
}

/* "FAIL REGISTER CODE account :text" */
static void
cmd_register_fail(struct conn *c, const char *code, const char *account,
    const char *text)
{
	reply_send(c, NULL, "FAIL", "REGISTER", code, account, text, NULL);
}

/* REGISTER account {email | *} password (email is not kept). */
void
cmd_register(struct conn *c, struct irc_msg *msg)
{
	struct cmd_acct	*a = cmd_acct_get(c);
	const char	*name = msg->params[0], *why;

	if (strcmp(name, "*") == 0)
		name = c->user->nick;
	if (strcmp(name, "*") == 0) {
		cmd_register_fail(c, "NEED_NICK", "*", "Choose a nick first");
		return;
	}
	if (c->user->account != NULL) {
		cmd_register_fail(c, "ALREADY_AUTHENTICATED", name,
		    "You are already logged in");
		return;
	}
	if (a->registering || cmd_throttled("r", c->user->ip)) {
		cmd_register_fail(c, "TEMPORARILY_UNAVAILABLE", name,
		    "Wait a moment before registering again");
		return;
	}
	if ((why = account_check(name, msg->params[2])) != NULL) {
		cmd_register_fail(c, why, name, strcmp(why,
		    "BAD_ACCOUNT_NAME") == 0 ? "Not a valid account name" :
		    "Choose a longer, less guessable password");
		return;
	}
	if (account_find(name) != NULL) {
		cmd_register_fail(c, "ACCOUNT_EXISTS", name,
		    "Account already exists");
		return;
	}
	a->registering = true;
	account_register(name, msg->params[2], cmd_register_done, c);
}

/* The worker hashed and the account was stored (or taken meanwhile). */
static void
cmd_register_done(int ok, const char *account, void *arg)
{
	struct conn	*c = arg;

	cmd_acct_get(c)->registering = false;
	if (!ok) {
		cmd_register_fail(c, "ACCOUNT_EXISTS", c->user->nick,
		    "Account already exists");
		return;
	}
	/* Registrations from one address: a few, then slower. */
	cmd_throttle_fail("r", c->user->ip);
	reply_send(c, NULL, "REGISTER", "SUCCESS", account,
	    "Account created", NULL);
	cmd_account_login(c, account);
}

/* Whether u's nick belongs to an account u is not logged in to. */
static bool
cmd_account_foreign(struct user *u)
{
	const char	*owner = account_find(u->nick);

	return (owner != NULL && (u->account == NULL ||
	    irc_casecmp(IRC_CASE_RFC1459, owner, u->account) != 0));
}

/* Start or stop the grace period of c's nick. */
void
cmd_account_check_nick(struct conn *c)
{
	struct cmd_acct	*a;
	struct timeval	 tv = { 0, 0 };
	char		 text[IRC_LINE_MAX];

	if ((c->flags & CONN_REGISTERED) == 0 ||
	    !cmd_account_foreign(c->user)) {
		a = c->user->acct;
		if (a != NULL && a->grace != NULL)
			event_del(a->grace);
		return;
	}
	a = cmd_acct_get(c);
	if (a->grace == NULL)
		a->grace = evtimer_new(event_get_base(&c->ev_timer),
		    cmd_account_grace_cb, c);
	if (a->grace == NULL || evtimer_pending(a->grace, NULL))
		return;
	tv.tv_sec = cfg.nick_grace;
	evtimer_add(a->grace, &tv);
	snprintf(text, sizeof text, "The nick %s belongs to an account: log "
	    "in to it within %u seconds or you will be renamed",
	    c->user->nick, cfg.nick_grace);
	reply_send(c, NULL, "NOTICE", c->user->nick, text, NULL);
}

/* Grace over: still not logged in, so take a guest nick. */
static void
cmd_account_grace_cb(evutil_socket_t fd, short events, void *arg)
{
	struct conn	*c = arg;

	if ((c->flags & CONN_CLOSING) || !cmd_account_foreign(c->user))
		return;
	cmd_account_rename(c);
}

/* Rename c's user to a free GuestNNNNN; seen by it and its rooms. */
static void
cmd_account_rename(struct conn *c)
{
	struct user	*u = c->user;
	struct line	*l;
	char		 nick[IRC_NICK_MAX + 1], *old;
	int		 i;

	for (i = 0; i < 100; i++) {
		snprintf(nick, sizeof nick, "Guest%05u",
		    (unsigned int)arc4random_uniform(100000));
		if (user_find(nick) == NULL && account_find(nick) == NULL)
			break;
	}
	old = xstrdup(u->prefix);
	if (i == 100 || user_set_nick(u, nick) != 0) {
		free(old);
		conn_close(c, "Nick reserved for an account");
		return;
	}
	log_info("%s renamed to %s: nick reserved", old, u->nick);
	l = xmalloc(sizeof *l);
	line_init(l, NULL, old, "NICK", u->nick, NULL);
	l->account = u->account;
	room_send_common(u, l, true, 0);
	free(l);
	free(old);
	reply_send(c, NULL, "NOTICE", u->nick, "You were renamed: that nick "
	    "belongs to an account", NULL);
}

/* The conn is going: no callbacks for it, no timer, no state. */
void
cmd_account_closed(struct conn *c)
{
	struct cmd_acct	*a = c->user->acct;

	account_cancel(c);
	if (c->user->modes & UMODE_OPER)
		cmd_oper_gone();
	if (a == NULL)
		return;
	if (a->grace != NULL)
		event_free(a->grace);
	if (a->buf != NULL) {
		explicit_bzero(a->buf, a->len);
		free(a->buf);
	}
	free(a);
	c->user->acct = NULL;
}
