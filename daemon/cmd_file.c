/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * EXTJWT (IRCv3 draft): a short-lived token for the file host. "EXTJWT *"
 * names the user; "EXTJWT #room" also names a room the user is in, which
 * lists that room's files when it is +k or +i. The reply is
 * "EXTJWT target * TOKEN", split with a "*" continuation when long.
 */

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "compat.h"
#include "irc_msg.h"
#include "irc_numeric.h"
#include "cmd.h"
#include "conn.h"
#include "http.h"
#include "http_token.h"
#include "reply.h"
#include "room.h"
#include "user.h"

#define CMD_FILE_CHUNK	300	/* token bytes per EXTJWT line */

static void	cmd_file_send(struct conn *, const char *, const char *);

/* One line per piece; all but the last carry "*". */
static void
cmd_file_send(struct conn *c, const char *target, const char *token)
{
	char	piece[CMD_FILE_CHUNK + 1];
	size_t	len = strlen(token);

	while (len > CMD_FILE_CHUNK) {
		memcpy(piece, token, CMD_FILE_CHUNK);
		piece[CMD_FILE_CHUNK] = '\0';
		reply_send(c, NULL, "EXTJWT", target, "*", "*", piece, NULL);
		token += CMD_FILE_CHUNK;
		len -= CMD_FILE_CHUNK;
	}
	reply_send(c, NULL, "EXTJWT", target, "*", token, NULL);
}

/* EXTJWT <* | #room> [service] */
void
cmd_extjwt(struct conn *c, struct irc_msg *msg)
{
	struct http_claims	 cl;
	struct user		*u = c->user;
	struct room		*rm = NULL;
	const char		*target = msg->params[0];
	char			 token[HTTP_TOKEN_MAX];

	if (!http_enabled()) {
		reply_send(c, NULL, "FAIL", "EXTJWT", "UNKNOWN_ERROR",
		    "The file host is off", NULL);
		return;
	}
	if (msg->nparams > 1 && strcmp(msg->params[1], "*") != 0) {
		reply_send(c, NULL, "FAIL", "EXTJWT", "NO_SUCH_SERVICE",
		    "No such service", NULL);
		return;
	}
	memset(&cl, 0, sizeof cl);
	if (strcmp(target, "*") != 0) {
		if ((rm = room_find(target)) == NULL) {
			reply_err(c, ERR_NOSUCHCHANNEL, target);
			return;
		}
		if (room_member(rm, u) == NULL) {
			reply_err(c, ERR_NOTONCHANNEL, rm->name);
			return;
		}
		strlcpy(cl.channel, rm->name, sizeof cl.channel);
	}
	strlcpy(cl.sub, u->nick, sizeof cl.sub);
	if (u->account != NULL)
		strlcpy(cl.account, u->account, sizeof cl.account);
	cl.exp = time(NULL) + HTTP_TOKEN_TTL;
	if (http_token_make(&cl, token, sizeof token) != 0) {
		reply_send(c, NULL, "FAIL", "EXTJWT", "UNKNOWN_ERROR",
		    "Cannot make a token", NULL);
		return;
	}
	cmd_file_send(c, rm != NULL ? rm->name : "*", token);
}
