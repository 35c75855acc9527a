/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * What cmd_sasl.c, cmd_account.c and cmd_oper.c share: a connection's
 * login state (hung on its user, freed when the conn closes) and the
 * throttle of failed logins by address and by account.
 */
#ifndef CMD_ACCOUNT_H
#define CMD_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>

#include "account.h"

#define CMD_SASL_CHUNK		400	/* AUTHENTICATE payload per line */
#define CMD_SASL_MAX		1200	/* a whole base64 payload */

struct conn;
struct event;

/* A user's login state (user->acct). */
struct cmd_acct {
	char		 mech;		/* 'P' PLAIN, 'E' EXTERNAL, 0 none */
	char		*buf;		/* base64 so far */
	size_t		 len;
	bool		 busy;		/* a hash is being checked */
	char		 name[ACCOUNT_NAME_MAX + 1];	/* being checked */
	bool		 registering;	/* REGISTER in flight */
	struct event	*grace;		/* nick grace period */
};

/* The state of c's user, made on first use. */
struct cmd_acct	*cmd_acct_get(struct conn *);

/*
 * Failed logins: after CMD_THROTTLE_FREE failures from one address or
 * against one account, the next attempts wait 4, 8, 16 ... seconds (at
 * most CMD_THROTTLE_MAX); an attempt while waiting counts as a failure. Keys are "a:ADDRESS", "n:ACCOUNT", "o:...".
 */
#define CMD_THROTTLE_FREE	3
#define CMD_THROTTLE_MAX	300
bool	cmd_throttled(const char *kind, const char *key);
void	cmd_throttle_fail(const char *kind, const char *key);
void	cmd_throttle_ok(const char *kind, const char *key);
/* Forget every failure (the fuzzers, between inputs). */
void	cmd_throttle_clear(void);

/* Log u in as account: 900, +r, ACCOUNT to account-notify peers. */
void	cmd_account_login(struct conn *, const char *account);

#endif
