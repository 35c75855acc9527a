/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * IRC operators: the opers_file ("NAME ARGON2-HASH" lines, read at start
 * and on every reload), OPER (checked on the account worker, throttled
 * like SASL), KILL, WALLOPS, REHASH, and the room-operator override.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"
#include "irc_msg.h"
#include "irc_numeric.h"
#include "utf8.h"
#include "log.h"
#include "daemon.h"
#include "account.h"
#include "cmd.h"
#include "cmd_account.h"
#include "conn.h"
#include "relay.h"
#include "reply.h"
#include "room.h"
#include "user.h"

#define CMD_OPER_MAX	64	/* operators in the file */
#define CMD_OPER_NAME	32

struct cmd_oper_entry {
	char	 name[CMD_OPER_NAME + 1];
	char	*hash;
};

static struct cmd_oper_entry	cmd_opers[CMD_OPER_MAX];
static size_t			cmd_nopers;
static unsigned int		cmd_oper_online;

static int	cmd_oper_load(const char *, struct cmd_oper_entry *, size_t *,
		    char **);
static int	cmd_oper_line(char *, struct cmd_oper_entry *, char **);
static void	cmd_oper_clear(struct cmd_oper_entry *, size_t *);
static int	cmd_oper_reload(char **);
static void	cmd_oper_done(int, const char *, void *);
static bool	cmd_oper_need(struct conn *);
static void	cmd_oper_wallops_cb(struct user *, void *);

/* Free a list of operators. */
static void
cmd_oper_clear(struct cmd_oper_entry *list, size_t *n)
{
	size_t	i;

	for (i = 0; i < *n; i++)
		free(list[i].hash);
	*n = 0;
}

/* One "NAME HASH" line into e; -1 and *cause when malformed. */
static int
cmd_oper_line(char *line, struct cmd_oper_entry *e, char **cause)
{
	char	*name, *hash, *rest;

	name = strtok_r(line, " \t\r\n", &rest);
	hash = strtok_r(NULL, " \t\r\n", &rest);
	if (name == NULL || hash == NULL ||
	    strtok_r(NULL, " \t\r\n", &rest) != NULL) {
		xasprintf(cause, "expected NAME ARGON2-HASH");
		return (-1);
	}
	if (strlen(name) > CMD_OPER_NAME || strncmp(hash, "$argon2", 7) != 0) {
		xasprintf(cause, "%s: the hash must come from tui-chatd "
		    "--hash-password", name);
		return (-1);
	}
	strlcpy(e->name, name, sizeof e->name);
	e->hash = xstrdup(hash);
	return (0);
}

/* Read the file into list; nothing is kept when a line is bad. */
static int
cmd_oper_load(const char *path, struct cmd_oper_entry *list, size_t *n,
    char **cause)
{
	FILE	*f;
	char	*line = NULL, *why, *p;
	size_t	 size = 0;
	int	 lineno = 0, rc = 0;

	*n = 0;
	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	while (getline(&line, &size, f) != -1) {
		lineno++;
		p = line + strspn(line, " \t");
		if (*p == '#' || *p == '\n' || *p == '\0')
			continue;
		if (*n == CMD_OPER_MAX) {
			xasprintf(cause, "%s:%d: too many operators", path,
			    lineno);
			rc = -1;
			break;
		}
		if (cmd_oper_line(p, &list[*n], &why) != 0) {
			xasprintf(cause, "%s:%d: %s", path, lineno, why);
			free(why);
			rc = -1;
			break;
		}
		(*n)++;
	}
	free(line);
	fclose(f);
	if (rc != 0)
		cmd_oper_clear(list, n);
	return (rc);
}

/* The reload hook: a new list replaces the old only when it reads. */
static int
cmd_oper_reload(char **cause)
{
	struct cmd_oper_entry	list[CMD_OPER_MAX];
	size_t			n = 0;

	if (cfg.opers_file != NULL &&
	    cmd_oper_load(cfg.opers_file, list, &n, cause) != 0)
		return (-1);
	cmd_oper_clear(cmd_opers, &cmd_nopers);
	memcpy(cmd_opers, list, n * sizeof *list);
	cmd_nopers = n;
	return (0);
}

/* At start: read the operators, register for reloads. */
int
cmd_oper_init(char **cause)
{
	if (cmd_oper_reload(cause) != 0)
		return (-1);
	daemon_on_reload(cmd_oper_reload);
	return (0);
}

/* At exit. */
void
cmd_oper_free(void)
{
	cmd_oper_clear(cmd_opers, &cmd_nopers);
}

/* OPER name password */
void
cmd_oper(struct conn *c, struct irc_msg *msg)
{
	struct cmd_acct	*a = cmd_acct_get(c);
	size_t		 i;

	if (c->user->modes & UMODE_OPER) {
		reply_err(c, RPL_YOUREOPER, NULL);
		return;
	}
	if (a->busy)
		return;
	if (cmd_throttled("o", c->user->ip)) {
		cmd_throttle_fail("o", c->user->ip);
		reply_err(c, ERR_PASSWDMISMATCH, NULL);
		return;
	}
	for (i = 0; i < cmd_nopers; i++) {
		if (strcmp(cmd_opers[i].name, msg->params[0]) == 0)
			break;
	}
	if (i == cmd_nopers) {
		log_info("%s: OPER %s: no such operator", c->user->prefix,
		    msg->params[0]);
		cmd_throttle_fail("o", c->user->ip);
		reply_err(c, ERR_NOOPERHOST, NULL);
		return;
	}
	a->busy = true;
	account_verify_hash(cmd_opers[i].name, cmd_opers[i].hash,
	    msg->params[1], cmd_oper_done, c);
}

/* The worker checked the operator's password. */
static void
cmd_oper_done(int ok, const char *name, void *arg)
{
	struct conn	*c = arg;
	struct user	*u = c->user;

	cmd_acct_get(c)->busy = false;
	if (!ok) {
		log_info("%s: OPER %s: wrong password", u->prefix, name);
		cmd_throttle_fail("o", u->ip);
		reply_err(c, ERR_PASSWDMISMATCH, NULL);
		return;
	}
	cmd_throttle_ok("o", u->ip);
	user_set_modes(u, u->modes | UMODE_OPER);
	cmd_oper_online++;
	log_info("%s is now an operator (%s)", u->prefix, name);
	reply_err(c, RPL_YOUREOPER, NULL);
	reply_send(c, u->prefix, "MODE", u->nick, "+o", NULL);
	if (relay != NULL)
		relay->changed(u, NULL);
}

/* Operators online. */
unsigned int
cmd_oper_count(void)
{
	return (cmd_oper_online);
}

/* An operator set -o or left. */
void
cmd_oper_gone(void)
{
	if (cmd_oper_online > 0)
		cmd_oper_online--;
}

/* Call fn with the name of every configured operator. */
void
cmd_oper_foreach(void (*fn)(const char *, void *), void *arg)
{
	size_t	i;

	for (i = 0; i < cmd_nopers; i++)
		fn(cmd_opers[i].name, arg);
}

/* 481 unless c is an operator. */
static bool
cmd_oper_need(struct conn *c)
{
	if (c->user->modes & UMODE_OPER)
		return (true);
	reply_err(c, ERR_NOPRIVILEGES, NULL);
	return (false);
}

/* KILL nick [:reason] */
void
cmd_kill(struct conn *c, struct irc_msg *msg)
{
	struct user	*t;
	char		 reason[IRC_LINE_MAX];
	const char	*text;

	if (!cmd_oper_need(c))
		return;
	t = user_find(msg->params[0]);
	if (t == NULL || (t->conn->flags & CONN_REGISTERED) == 0) {
		reply_err(c, ERR_NOSUCHNICK, msg->params[0]);
		return;
	}
	text = msg->nparams > 1 && *msg->params[1] != '\0' ? msg->params[1] :
	    "no reason";
	snprintf(reason, sizeof reason, "Killed (%s (%.*s))", c->user->nick,
	    (int)utf8_boundary(text, strlen(text), ROOM_KICK_MAX), text);
	log_info("%s killed %s: %s", c->user->prefix, t->prefix, text);
	if (t->conn->flags & CONN_REMOTE)
		relay->kill(t, reason);		/* its own node closes it */
	else
		conn_close(t->conn, reason);
}

/* Send to one user with +w. */
static void
cmd_oper_wallops_cb(struct user *u, void *arg)
{
	const char	**p = arg;

	if ((u->modes & UMODE_WALLOPS) &&
	    (u->conn->flags & (CONN_REGISTERED | CONN_CLOSING)) ==
	    CONN_REGISTERED)
		reply_send(u->conn, p[0], "WALLOPS", p[1], NULL);
}

/* WALLOPS :text, to every user with +w */
void
cmd_wallops(struct conn *c, struct irc_msg *msg)
{
	const char	*p[2] = { c->user->prefix, msg->params[0] };

	if (!cmd_oper_need(c))
		return;
	user_foreach(cmd_oper_wallops_cb, p);
}

/* REHASH: what SIGHUP does. */
void
cmd_rehash(struct conn *c, struct irc_msg *msg)
{
	char	*cause = NULL;

	if (!cmd_oper_need(c))
		return;
	reply(c, RPL_REHASHING, "tui-chatd.conf",
	    irc_numeric_text(RPL_REHASHING), NULL);
	log_info("%s: REHASH", c->user->prefix);
	if (daemon_reload(&cause) != 0) {
		log_warnx("reload failed, settings unchanged: %s", cause);
		reply_send(c, NULL, "NOTICE", c->user->nick, "Reload failed, "
		    "settings unchanged (see the server log)", NULL);
		free(cause);
		return;
	}
	reply_send(c, NULL, "NOTICE", c->user->nick, "Settings reloaded",
	    NULL);
}

/* An operator may act as room operator anywhere; it is logged. */
bool
cmd_oper_override(struct conn *c, struct room *r, const char *what)
{
	if ((c->user->modes & UMODE_OPER) == 0)
		return (false);
	log_info("%s: operator override in %s (%s)", c->user->prefix,
	    r->name, what);
	return (true);
}
