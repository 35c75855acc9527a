/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * Short-lived tokens for the file host, in the IRCv3 EXTJWT draft's form:
 * a JWT (HS256, signed with a key made at start) that names the nick,
 * the account and optionally a room the nick is in. A client asks for
 * one with EXTJWT and shows it as "Authorization: Bearer TOKEN" (or
 * ?token= in a link) to upload, or to list a +k/+i room it is in.
 */
#ifndef HTTP_TOKEN_H
#define HTTP_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "irc_case.h"

#define HTTP_TOKEN_TTL	120	/* seconds a token is good for */
#define HTTP_TOKEN_MAX	1024	/* bytes of a token */

struct http_claims {
	char	sub[IRC_NICK_MAX + 1];		/* the nick */
	char	account[IRC_NICK_MAX + 1];	/* "" when none */
	char	channel[IRC_ROOM_MAX + 1];	/* "" for "*" */
	time_t	exp;
};

/* Make the signing key (random, for this run of the daemon). */
void	http_token_init(void);
/* A token for these claims into out; -1 if it does not fit. */
int	http_token_make(const struct http_claims *, char *out, size_t size);
/* Check signature and expiry at now and fill *c; -1 when invalid. */
int	http_token_verify(const char *token, time_t now,
	    struct http_claims *c);

#endif
