/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* WHOWAS: the last CMD_WHOWAS_MAX nicks given up (by QUIT or a NICK
 * change), newest first, in a ring that costs O(1) to add to. */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xmalloc.h"
#include "irc_case.h"
#include "irc_msg.h"
#include "irc_numeric.h"
#include "utf8.h"
#include "daemon.h"
#include "cmd.h"
#include "conn.h"
#include "reply.h"
#include "user.h"

#define CMD_WHOWAS_MAX	1024	/* nicks remembered */

/* One nick as it was when given up. */
struct whowas_entry {
	char	nick[IRC_NICK_MAX + 1];
	char	fold[IRC_NICK_MAX + 1];
	char	ident[USER_IDENT_MAX + 1];
	char	host[USER_HOST_MAX + 1];
	char	real[USER_REAL_MAX + 1];
	time_t	when;
};

static struct whowas_entry	*whowas_ring;	/* CMD_WHOWAS_MAX, lazily */
static size_t			 whowas_next;	/* the slot written next */
static size_t			 whowas_count;

/* Remember u as it is now (before it quits or changes nick). */
void
cmd_whowas_add(const struct user *u)
{
	struct whowas_entry	*e;

	if ((u->conn->flags & CONN_REGISTERED) == 0)
		return;
	if (whowas_ring == NULL)
		whowas_ring = xcalloc(CMD_WHOWAS_MAX, sizeof *whowas_ring);
	e = &whowas_ring[whowas_next];
	whowas_next = (whowas_next + 1) % CMD_WHOWAS_MAX;
	if (whowas_count < CMD_WHOWAS_MAX)
		whowas_count++;
	strlcpy(e->nick, u->nick, sizeof e->nick);
	strlcpy(e->fold, u->fold, sizeof e->fold);
	strlcpy(e->ident, u->ident, sizeof e->ident);
	strlcpy(e->host, u->host, sizeof e->host);
	strlcpy(e->real, u->realname != NULL ? u->realname : "",
	    sizeof e->real);
	e->when = time(NULL);
}

/* Forget every entry, keeping the ring (the fuzzer, between inputs). */
void
cmd_whowas_clear(void)
{
	whowas_next = whowas_count = 0;
}

/* Free the ring (daemon stop). */
void
cmd_whowas_free(void)
{
	free(whowas_ring);
	whowas_ring = NULL;
	whowas_next = whowas_count = 0;
}

/* WHOWAS nick [count]: 314 and 312 per entry, newest first; 406 if none;
 * 369 at the end. A count of 0 or less (or none) means all of them. */
void
cmd_whowas(struct conn *c, struct irc_msg *msg)
{
	const struct whowas_entry	*e;
	const char			*nick = msg->params[0];
	char				 fold[IRC_NICK_MAX + 1], when[64];
	long				 max = 0;
	size_t				 i, found = 0;
	struct tm			 tm;

	if (*nick == '\0') {
		reply_err(c, ERR_NONICKNAMEGIVEN, NULL);
		return;
	}
	if (msg->nparams > 1)
		max = strtol(msg->params[1], NULL, 10);
	irc_casefold(USER_CASEMAP, fold, nick, sizeof fold);
	for (i = 1; i <= whowas_count && (max <= 0 || (long)found < max);
	    i++) {
		e = &whowas_ring[(whowas_next + CMD_WHOWAS_MAX - i) %
		    CMD_WHOWAS_MAX];
		if (strlen(nick) > IRC_NICK_MAX || strcmp(e->fold, fold) != 0)
			continue;
		found++;
		reply(c, RPL_WHOWASUSER, e->nick, e->ident, e->host, "*",
		    e->real, NULL);
		gmtime_r(&e->when, &tm);
		strftime(when, sizeof when, "%a %b %d %H:%M:%S %Y UTC", &tm);
		reply(c, RPL_WHOISSERVER, e->nick, cfg.name, when, NULL);
	}
	if (found == 0)
		reply_err(c, ERR_WASNOSUCHNICK, nick);
	reply_err(c, RPL_ENDOFWHOWAS, nick);
}
