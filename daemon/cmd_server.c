/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Queries about the server itself: TIME, INFO, ADMIN, STATS and LINKS. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "xmalloc.h"
#include "compat.h"
#include "irc_msg.h"
#include "irc_numeric.h"
#include "daemon.h"
#include "cmd.h"
#include "conn.h"
#include "dispatch.h"
#include "relay.h"
#include "reply.h"
#include "user.h"

#if defined(__clang__)
#define CMD_SERVER_CC	"clang " __clang_version__
#elif defined(__GNUC__)
#define CMD_SERVER_CC	"GCC " __VERSION__
#else
#define CMD_SERVER_CC	"a C11 compiler"
#endif

/* One connection's figures for STATS l, taken when it was asked. */
struct cmd_server_link {
	char			 name[IRC_NICK_MAX + USER_IDENT_MAX +
				     USER_HOST_MAX + 4];
	size_t			 sendq;
	unsigned long long	 sent_msgs, sent_bytes;
	unsigned long long	 recv_msgs, recv_bytes;
	long long		 open;
};

/* A STATS l still going out, paced like LIST. */
struct cmd_server_links {
	struct cmd_server_link	*links;
	size_t			 count;
	size_t			 next;
	char			 letter[2];
};

/* What one STATS letter answers, before its 219. */
struct cmd_server_stat {
	char	  letter;
	bool	  oper;		/* operators only (481 for others) */
	bool	  paced;	/* fn sends 219 itself, at the end */
	void	(*fn)(struct conn *, const char *);
};

/* LINKS: who asks, for which mask (the cluster's nodes). */
struct cmd_server_nodes {
	struct conn	*c;
	const char	*mask;
};

static void	cmd_server_node(const char *, void *);
static bool	cmd_server_here(struct conn *, const char *);
static void	cmd_server_uptime(char *, size_t, const char *);
static void	cmd_server_stats_u(struct conn *, const char *);
static void	cmd_server_stats_m(struct conn *, const char *);
static void	cmd_server_stats_m_one(const char *, unsigned long,
		    unsigned long, void *);
static void	cmd_server_stats_o(struct conn *, const char *);
static void	cmd_server_stats_o_one(const char *, void *);
static void	cmd_server_stats_l(struct conn *, const char *);
static void	cmd_server_stats_l_add(struct conn *, void *);
static void	cmd_server_stats_l_more(struct conn *, void *);
static void	cmd_server_stats_l_free(void *);

/* Sorted by letter; any other letter answers only 219. */
static const struct cmd_server_stat cmd_server_stats[] = {
	{ 'L', true, true, cmd_server_stats_l },
	{ 'l', true, true, cmd_server_stats_l },
	{ 'm', false, false, cmd_server_stats_m },
	{ 'o', false, false, cmd_server_stats_o },
	{ 'u', false, false, cmd_server_stats_u },
};

/* Whether target (NULL: none) names this server, or a user on it (all
 * are); replies 402 when not. */
static bool
cmd_server_here(struct conn *c, const char *target)
{
	struct user	*u;

	if (target == NULL || *target == '\0' ||
	    user_mask_match(target, cfg.name))
		return (true);
	u = user_find(target);
	if (u != NULL && (u->conn->flags & CONN_REGISTERED))
		return (true);
	reply_err(c, ERR_NOSUCHSERVER, target);
	return (false);
}

/* "<prefix> <days> days <h>:<mm>:<ss>" since the daemon started. */
static void
cmd_server_uptime(char *buf, size_t size, const char *prefix)
{
	long long	up = (long long)(time(NULL) - daemon_started);

	if (up < 0)
		up = 0;
	snprintf(buf, size, "%s %lld days %lld:%02lld:%02lld", prefix,
	    up / 86400, up / 3600 % 24, up / 60 % 60, up % 60);
}

/* TIME [server]: 391 with the local time in words. */
void
cmd_time(struct conn *c, struct irc_msg *msg)
{
	char		 text[128];
	time_t		 now = time(NULL);
	struct tm	 tm;

	if (!cmd_server_here(c, msg->nparams > 0 ? msg->params[0] : NULL))
		return;
	if (localtime_r(&now, &tm) == NULL ||
	    strftime(text, sizeof text, "%A %B %d %Y -- %H:%M:%S %z",
	    &tm) == 0)
		snprintf(text, sizeof text, "%lld", (long long)now);
	reply(c, RPL_TIME, cfg.name, text, NULL);
}

/* INFO [server]: 371 lines (version, build, licence, uptime), 374. */
void
cmd_info(struct conn *c, struct irc_msg *msg)
{
	char		 text[IRC_LINE_MAX];
	struct tm	 tm;
	size_t		 i;
	static const char *lines[] = {
		"A LAN chat daemon that speaks IRC and announces itself",
		"with multicast DNS (DNS-SD, _irc._tcp).",
		"Copyright (c) 2026 The tui-chat authors.",
		"Licence: GPL-3.0-or-later <https://gnu.org/licenses/gpl.html>",
		"This is free software: you are free to change and",
		"redistribute it. There is NO WARRANTY, to the extent",
		"permitted by law.",
	};

	if (!cmd_server_here(c, msg->nparams > 0 ? msg->params[0] : NULL))
		return;
	snprintf(text, sizeof text, "%s on %s", DAEMON_VERSION, cfg.name);
	reply(c, RPL_INFO, text, NULL);
	for (i = 0; i < nitems(lines); i++)
		reply(c, RPL_INFO, lines[i], NULL);
	snprintf(text, sizeof text, "Built with libevent %s (running %s) "
	    "and %s", LIBEVENT_VERSION, event_get_version(), CMD_SERVER_CC);
	reply(c, RPL_INFO, text, NULL);
	if (localtime_r(&daemon_started, &tm) != NULL &&
	    strftime(text, sizeof text, "Started %Y-%m-%d %H:%M:%S %z",
	    &tm) != 0)
		reply(c, RPL_INFO, text, NULL);
	cmd_server_uptime(text, sizeof text, "Up");
	reply(c, RPL_INFO, text, NULL);
	reply_err(c, RPL_ENDOFINFO, NULL);
}

/* ADMIN [target]: 256-259 from admin_location, admin_name and
 * admin_email, or 423 when none is set. */
void
cmd_admin(struct conn *c, struct irc_msg *msg)
{
	if (!cmd_server_here(c, msg->nparams > 0 ? msg->params[0] : NULL))
		return;
	if (cfg.admin_name == NULL && cfg.admin_email == NULL &&
	    cfg.admin_location == NULL) {
		reply_err(c, ERR_NOADMININFO, cfg.name);
		return;
	}
	reply_err(c, RPL_ADMINME, cfg.name);
	if (cfg.admin_location != NULL)
		reply(c, RPL_ADMINLOC1, cfg.admin_location, NULL);
	if (cfg.admin_name != NULL)
		reply(c, RPL_ADMINLOC2, cfg.admin_name, NULL);
	if (cfg.admin_email != NULL)
		reply(c, RPL_ADMINEMAIL, cfg.admin_email, NULL);
}

/* STATS u: 242, the time since the daemon started. */
static void
cmd_server_stats_u(struct conn *c, const char *letter)
{
	char	text[64];

	cmd_server_uptime(text, sizeof text, "Server Up");
	reply(c, RPL_STATSUPTIME, text, NULL);
}

/* One 212 line. */
static void
cmd_server_stats_m_one(const char *verb, unsigned long count,
    unsigned long bytes, void *arg)
{
	char	n[32], b[32];

	snprintf(n, sizeof n, "%lu", count);
	snprintf(b, sizeof b, "%lu", bytes);
	reply(arg, RPL_STATSCOMMANDS, verb, n, b, "0", NULL);
}

/* STATS m: 212 for each command used, with its count and bytes. */
static void
cmd_server_stats_m(struct conn *c, const char *letter)
{
	dispatch_stats(cmd_server_stats_m_one, c);
}

/* One 243 line: O <hostmask> * <name>; OPER takes any host. */
static void
cmd_server_stats_o_one(const char *name, void *arg)
{
	reply(arg, RPL_STATSOLINE, "O", "*", "*", name, NULL);
}

/* STATS o: the operators of opers_file. */
static void
cmd_server_stats_o(struct conn *c, const char *letter)
{
	cmd_oper_foreach(cmd_server_stats_o_one, c);
}

/* Take one connection's figures. */
static void
cmd_server_stats_l_add(struct conn *lc, void *arg)
{
	struct cmd_server_links	*s = arg;
	struct cmd_server_link	*l;
	struct user		*u = lc->user;

	if (lc->flags & CONN_CLOSING)
		return;
	s->links = xreallocarray(s->links, s->count + 1, sizeof *s->links);
	l = &s->links[s->count++];
	snprintf(l->name, sizeof l->name, "%s[%s@%s]", u->nick, u->ident,
	    u->host);
	l->sendq = outbuf_length(&lc->out);
	l->sent_msgs = lc->sent_msgs;
	l->sent_bytes = lc->sent_bytes;
	l->recv_msgs = lc->recv_msgs;
	l->recv_bytes = lc->recv_bytes;
	l->open = (long long)(time(NULL) - lc->created);
}

/* Free a STATS l in progress. */
static void
cmd_server_stats_l_free(void *arg)
{
	struct cmd_server_links	*s = arg;

	free(s->links);
	free(s);
}

/* As many 211 lines as the queue takes; 219 at the end. */
static void
cmd_server_stats_l_more(struct conn *c, void *arg)
{
	struct cmd_server_links	*s = arg;
	struct cmd_server_link	*l;
	char			 n[6][24];

	while (s->next < s->count && conn_may_add(c)) {
		l = &s->links[s->next++];
		snprintf(n[0], sizeof n[0], "%zu", l->sendq);
		snprintf(n[1], sizeof n[1], "%llu", l->sent_msgs);
		snprintf(n[2], sizeof n[2], "%llu", l->sent_bytes / 1024);
		snprintf(n[3], sizeof n[3], "%llu", l->recv_msgs);
		snprintf(n[4], sizeof n[4], "%llu", l->recv_bytes / 1024);
		snprintf(n[5], sizeof n[5], "%lld", l->open);
		reply(c, RPL_STATSLINKINFO, l->name, n[0], n[1], n[2], n[3],
		    n[4], n[5], NULL);
	}
	if (s->next == s->count) {
		reply_err(c, RPL_ENDOFSTATS, s->letter);
		conn_set_more(c, NULL, NULL, NULL);
	}
}

/* STATS l / L: 211 for every client connection (sendq, lines and
 * kilobytes each way, seconds open), paced; it ends with its own 219. */
static void
cmd_server_stats_l(struct conn *c, const char *letter)
{
	struct cmd_server_links	*s;

	s = xcalloc(1, sizeof *s);
	strlcpy(s->letter, letter, sizeof s->letter);
	conn_foreach(cmd_server_stats_l_add, s);
	conn_set_more(c, cmd_server_stats_l_more, s, cmd_server_stats_l_free);
}

/* STATS letter [server]: the letter's replies, then 219 for any letter. */
void
cmd_stats(struct conn *c, struct irc_msg *msg)
{
	const struct cmd_server_stat	*s = NULL;
	char				 letter[2] = { '*', '\0' };
	size_t				 i;

	if (!cmd_server_here(c, msg->nparams > 1 ? msg->params[1] : NULL))
		return;
	if (*msg->params[0] != '\0' && *msg->params[0] != ' ')
		letter[0] = *msg->params[0];
	for (i = 0; i < nitems(cmd_server_stats); i++) {
		if (cmd_server_stats[i].letter == letter[0])
			s = &cmd_server_stats[i];
	}
	if (s != NULL && s->oper && (c->user->modes & UMODE_OPER) == 0)
		reply_err(c, ERR_NOPRIVILEGES, NULL);
	else if (s != NULL) {
		s->fn(c, letter);
		if (s->paced)
			return;
	}
	reply_err(c, RPL_ENDOFSTATS, letter);
}

/* LINKS [[server] mask]: 364 for this server when it matches, 365. */
void
cmd_links(struct conn *c, struct irc_msg *msg)
{
	struct cmd_server_nodes	 l;
	const char		*mask = "*";
	char			 info[IRC_LINE_MAX];

	if (msg->nparams > 1 && !cmd_server_here(c, msg->params[0]))
		return;
	if (msg->nparams > 0 && *msg->params[msg->nparams - 1] != '\0')
		mask = msg->params[msg->nparams > 1 ? 1 : 0];
	if (user_mask_match(mask, cfg.name)) {
		snprintf(info, sizeof info, "0 %s (%s)", cfg.network,
		    DAEMON_VERSION);
		reply(c, RPL_LINKS, cfg.name, cfg.name, info, NULL);
	}
	if (relay != NULL) {
		l.c = c;
		l.mask = mask;
		relay->nodes(cmd_server_node, &l);
	}
	reply_err(c, RPL_ENDOFLINKS, mask);
}

/* A cluster node in LINKS: one hop away, through Redis. */
static void
cmd_server_node(const char *name, void *arg)
{
	struct cmd_server_nodes	*l = arg;
	char			 info[IRC_LINE_MAX];

	if (!user_mask_match(l->mask, name))
		return;
	snprintf(info, sizeof info, "1 %s cluster node", cfg.network);
	reply(l->c, RPL_LINKS, name, cfg.name, info, NULL);
}
