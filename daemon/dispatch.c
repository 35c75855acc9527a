/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The command table: registration and arity are checked here, once. */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "irc_msg.h"
#include "irc_numeric.h"
#include "irc_tags.h"
#include "utf8.h"
#include "log.h"
#include "daemon.h"
#include "cmd.h"
#include "conn.h"
#include "dispatch.h"
#include "history.h"
#include "label.h"
#include "line.h"
#include "relay.h"
#include "reply.h"
#include "room.h"
#include "user.h"

#define CMD_PREREG	0x1	/* allowed before registration */
#define CMD_ACTIVE	0x2	/* resets the idle time (WHOIS 317) */

struct dispatch_entry {
	const char	*verb;
	cmd_fn		*fn;
	int		 min;	/* parameters needed, else 461 */
	int		 flags;
};

/* Sorted by verb for bsearch. */
static const struct dispatch_entry dispatch_table[] = {
	{ "ADMIN", cmd_admin, 0, 0 },
	{ "AUTHENTICATE", cmd_authenticate, 1, CMD_PREREG },
	{ "AWAY", cmd_away, 0, 0 },
	{ "CAP", cmd_cap, 1, CMD_PREREG },
	{ "CHATHISTORY", cmd_chathistory, 0, 0 },
	{ "EXTJWT", cmd_extjwt, 1, 0 },
	{ "HELP", cmd_help, 0, 0 },
	{ "HELPOP", cmd_help, 0, 0 },
	{ "INFO", cmd_info, 0, 0 },
	{ "INVITE", cmd_invite, 0, 0 },
	{ "ISON", cmd_ison, 1, 0 },
	{ "JOIN", cmd_join, 1, CMD_ACTIVE },
	{ "KICK", cmd_kick, 2, 0 },
	{ "KILL", cmd_kill, 1, 0 },
	{ "LINKS", cmd_links, 0, 0 },
	{ "LIST", cmd_list, 0, 0 },
	{ "LUSERS", cmd_lusers, 0, 0 },
	{ "MODE", cmd_mode, 1, 0 },
	{ "MONITOR", cmd_monitor, 1, 0 },
	{ "MOTD", cmd_motd, 0, 0 },
	{ "NAMES", cmd_names, 0, 0 },
	{ "NICK", cmd_nick, 0, CMD_PREREG },
	{ "NOTICE", cmd_notice, 0, CMD_ACTIVE },
	{ "OPER", cmd_oper, 2, 0 },
	{ "PART", cmd_part, 1, 0 },
	{ "PASS", cmd_pass, 1, CMD_PREREG },
	{ "PING", cmd_ping, 0, CMD_PREREG },
	{ "PONG", cmd_pong, 0, CMD_PREREG },
	{ "PRIVMSG", cmd_privmsg, 0, CMD_ACTIVE },
	{ "QUIT", cmd_quit, 0, CMD_PREREG },
	{ "REGISTER", cmd_register, 3, CMD_PREREG },
	{ "REHASH", cmd_rehash, 0, 0 },
	{ "SETNAME", cmd_setname, 1, 0 },
	{ "STATS", cmd_stats, 1, 0 },
	{ "TAGMSG", cmd_tagmsg, 1, 0 },
	{ "TIME", cmd_time, 0, 0 },
	{ "TOPIC", cmd_topic, 1, 0 },
	{ "USER", cmd_user, 4, CMD_PREREG },
	{ "USERHOST", cmd_userhost, 1, 0 },
	{ "VERSION", cmd_version, 0, 0 },
	{ "WALLOPS", cmd_wallops, 1, 0 },
	{ "WHO", cmd_who, 0, 0 },
	{ "WHOIS", cmd_whois, 1, 0 },
	{ "WHOWAS", cmd_whowas, 1, 0 },
};

/* STATS m: uses and bytes of each command, by its index in the table. */
static struct dispatch_count {
	unsigned long	 count;
	unsigned long	 bytes;
} dispatch_counts[nitems(dispatch_table)];

static struct user *dispatch_accepted(struct conn *, const char *);
static void	dispatch_too_long(struct conn *);
static void	dispatch_idle(struct conn *);
static void	dispatch_closed(struct conn *, bool);
static int	dispatch_cmp(const void *, const void *);
static size_t	dispatch_untagged(const char *, size_t);
static bool	dispatch_utf8(const struct irc_msg *);
static void	dispatch_run(struct conn *, struct irc_msg *, size_t);

const struct conn_events dispatch_conn_events = {
	.accepted = dispatch_accepted,
	.line = dispatch_line,
	.too_long = dispatch_too_long,
	.idle = dispatch_idle,
	.closed = dispatch_closed,
};

/* A new connection carries a user that is not registered yet. */
static struct user *
dispatch_accepted(struct conn *c, const char *host)
{
	return (user_new(c, host));
}

static void
dispatch_too_long(struct conn *c)
{
	reply_err(c, ERR_INPUTTOOLONG, NULL);
}

/* The client has been quiet: a PING it must answer. */
static void
dispatch_idle(struct conn *c)
{
	reply_send(c, NULL, "PING", cfg.name, NULL);
}

/* The user leaves every room (with a QUIT unless the daemon is stopping). */
static void
dispatch_closed(struct conn *c, bool quit)
{
	struct user	*u = c->user;
	struct member	*m;
	struct line	 l;

	if (quit) {
		line_init(&l, user_tags(u), u->prefix, "QUIT", c->reason, NULL);
		l.account = u->account;
		room_send_common(u, &l, false, 0);
		TAILQ_FOREACH(m, &u->rooms, user_entry)
			history_event(m->room, STORE_QUIT, &l);
		cmd_monitor_offline(u);
	}
	if (relay != NULL)
		relay->quit(u, quit ? c->reason : NULL);
	cmd_whowas_add(u);
	cmd_monitor_forget(u);
	room_part_all(u);
	cmd_account_closed(c);
	user_free(u);
}

static int
dispatch_cmp(const void *key, const void *entry)
{
	return (strcmp(key, ((const struct dispatch_entry *)entry)->verb));
}

/* Bytes of the line after its tag section (what line_length limits). */
static size_t
dispatch_untagged(const char *line, size_t len)
{
	const char	*sp;

	if (len == 0 || line[0] != '@')
		return (len);
	if ((sp = memchr(line, ' ', len)) == NULL)
		return (0);
	return (len - (size_t)(sp + 1 - line));
}

/* Whether every parameter is valid UTF-8 (005 announces UTF8ONLY). */
static bool
dispatch_utf8(const struct irc_msg *msg)
{
	int	i;

	for (i = 0; i < msg->nparams; i++) {
		if (!utf8_valid(msg->params[i], strlen(msg->params[i])))
			return (false);
	}
	return (true);
}

/* Parse, check and run one line. */
void
dispatch_line(struct conn *c, char *line, size_t len)
{
	struct irc_msg			 msg;
	enum irc_parse_error		 error;
	char				 label[LABEL_MAX + 1];

	if (dispatch_untagged(line, len) + 2 > cfg.line_length) {
		reply_err(c, ERR_INPUTTOOLONG, NULL);
		return;
	}
	error = irc_msg_parse(&msg, line, len);
	if (error == IRC_PARSE_TOO_LONG || error == IRC_PARSE_TAGS_TOO_LONG) {
		reply_err(c, ERR_INPUTTOOLONG, NULL);
		return;
	}
	if (error == IRC_PARSE_EMPTY)
		return;		/* a keep-alive some clients send */
	if (error != IRC_PARSE_OK) {
		/* IRCv3 standard replies: the sender learns why its line was
		 * refused; nothing of it is acted on. */
		log_debug("%s: %s", c->user->host, irc_parse_strerror(error));
		reply_fail(c, REPLY_FAIL_SPEC, "*", "INVALID_MESSAGE",
		    irc_parse_strerror(error), NULL);
		return;
	}
	if (msg.tags != NULL && strlen(msg.tags) > IRC_TAG_DATA_MAX) {
		/* message-tags: a client sends at most 4094 bytes of tag
		 * data; longer lines are refused whole, never truncated. */
		reply_err(c, ERR_INPUTTOOLONG, NULL);
		return;
	}
	if (irc_msg_numeric(&msg) != -1)
		return;		/* numerics from clients mean nothing */
	if ((c->caps & (CAP_LABELED_RESPONSE | CAP_BATCH)) ==
	    (CAP_LABELED_RESPONSE | CAP_BATCH) && msg.tags != NULL &&
	    irc_tags_get(msg.tags, "label", label, sizeof label) &&
	    label[0] != '\0')
		label_begin(c, label);
	dispatch_run(c, &msg, len);
	label_end(c);
}

/* Check and run a parsed command (len bytes long, for STATS m). */
static void
dispatch_run(struct conn *c, struct irc_msg *msg, size_t len)
{
	const struct dispatch_entry	*e;

	if (!dispatch_utf8(msg)) {
		/* IRCv3 UTF8ONLY: refuse, never relay, invalid UTF-8. */
		reply_fail(c, REPLY_FAIL_SPEC, msg->verb, "INVALID_UTF8",
		    "Message rejected, your IRC software MUST use UTF-8", NULL);
		return;
	}
	e = bsearch(msg->verb, dispatch_table, nitems(dispatch_table),
	    sizeof *e, dispatch_cmp);
	if (e == NULL) {
		reply_err(c, ERR_UNKNOWNCOMMAND, msg->verb);
		return;
	}
	if ((e->flags & CMD_PREREG) == 0 && (c->flags & CONN_REGISTERED) == 0) {
		reply_err(c, ERR_NOTREGISTERED, NULL);
		return;
	}
	if (msg->nparams < e->min) {
		reply_err(c, ERR_NEEDMOREPARAMS, e->verb);
		return;
	}
	if (e->flags & CMD_ACTIVE)
		c->user->active = time(NULL);
	dispatch_counts[e - dispatch_table].count++;
	dispatch_counts[e - dispatch_table].bytes += len;
	e->fn(c, msg);
}

/* The verb of the i-th command of the table, or NULL past its end. */
const char *
dispatch_verb(size_t i)
{
	return (i < nitems(dispatch_table) ? dispatch_table[i].verb : NULL);
}

/* Whether verb is a command of the table. */
bool
dispatch_has(const char *verb)
{
	return (bsearch(verb, dispatch_table, nitems(dispatch_table),
	    sizeof dispatch_table[0], dispatch_cmp) != NULL);
}

/* Call fn for every command used at least once, in the table's order. */
void
dispatch_stats(dispatch_stats_fn *fn, void *arg)
{
	size_t	i;

	for (i = 0; i < nitems(dispatch_table); i++) {
		if (dispatch_counts[i].count != 0)
			fn(dispatch_table[i].verb, dispatch_counts[i].count,
			    dispatch_counts[i].bytes, arg);
	}
}
