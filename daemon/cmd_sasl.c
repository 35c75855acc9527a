/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * SASL (IRCv3 sasl-3.1/3.2): AUTHENTICATE with PLAIN, only over TLS
 * unless sasl_plaintext is on, and EXTERNAL, the client certificate's
 * fingerprint. The payload comes in 400-byte base64 chunks; passwords
 * are checked on the account worker, and failures are throttled by
 * address and by account.
 */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xmalloc.h"
#include "base64.h"
#include "irc_msg.h"
#include "irc_numeric.h"
#include "log.h"
#include "daemon.h"
#include "account.h"
#include "cmd.h"
#include "cmd_account.h"
#include "conn.h"
#include "reply.h"
#include "user.h"

#define CMD_SASL_MECHS	"PLAIN,EXTERNAL"

static void	cmd_sasl_reset(struct cmd_acct *);
static void	cmd_sasl_fail(struct conn *, int);
static void	cmd_sasl_start(struct conn *, struct cmd_acct *, const char *);
static void	cmd_sasl_data(struct conn *, struct cmd_acct *, const char *);
static void	cmd_sasl_finish(struct conn *, struct cmd_acct *);
static void	cmd_sasl_plain(struct conn *, char *, size_t);
static void	cmd_sasl_external(struct conn *, const char *, size_t);
static void	cmd_sasl_done(int, const char *, void *);

/* Forget the exchange, wiping what it held. */
static void
cmd_sasl_reset(struct cmd_acct *a)
{
	if (a->buf != NULL) {
		explicit_bzero(a->buf, a->len);
		free(a->buf);
	}
	a->buf = NULL;
	a->len = 0;
	a->mech = 0;
}

/* End the exchange with a failure numeric (904, 905, 906). */
static void
cmd_sasl_fail(struct conn *c, int code)
{
	cmd_sasl_reset(cmd_acct_get(c));
	reply_err(c, code, NULL);
}

/* AUTHENTICATE MECH: the first line of an exchange. */
static void
cmd_sasl_start(struct conn *c, struct cmd_acct *a, const char *mech)
{
	if (strcasecmp(mech, "PLAIN") == 0) {
		if (c->tls == NULL && !cfg.sasl_plaintext) {
			reply_send(c, NULL, "NOTICE", reply_target(c),
			    "SASL PLAIN needs TLS on this server", NULL);
			cmd_sasl_fail(c, ERR_SASLFAIL);
			return;
		}
		a->mech = 'P';
	} else if (strcasecmp(mech, "EXTERNAL") == 0) {
		if (c->certfp == NULL) {
			reply_send(c, NULL, "NOTICE", reply_target(c),
			    "SASL EXTERNAL needs a TLS client certificate",
			    NULL);
			cmd_sasl_fail(c, ERR_SASLFAIL);
			return;
		}
		a->mech = 'E';
	} else {
		reply_err(c, RPL_SASLMECHS, CMD_SASL_MECHS);
		cmd_sasl_fail(c, ERR_SASLFAIL);
		return;
	}
	reply_send(c, NULL, "AUTHENTICATE", "+", NULL);
}

/* One chunk: "+" or a chunk under 400 bytes ends the payload. */
static void
cmd_sasl_data(struct conn *c, struct cmd_acct *a, const char *chunk)
{
	size_t	n = strlen(chunk);

	if (n > CMD_SASL_CHUNK || a->len + n > CMD_SASL_MAX) {
		cmd_sasl_fail(c, ERR_SASLTOOLONG);
		return;
	}
	if (strcmp(chunk, "+") != 0) {
		a->buf = xrealloc(a->buf, a->len + n + 1);
		memcpy(a->buf + a->len, chunk, n + 1);
		a->len += n;
	}
	if (n == CMD_SASL_CHUNK)
		return;
	cmd_sasl_finish(c, a);
}

/* The whole payload is in: decode it and run the mechanism. */
static void
cmd_sasl_finish(struct conn *c, struct cmd_acct *a)
{
	char	out[CMD_SASL_MAX];
	int	n = 0;

	if (a->len != 0 && (n = base64_decode(a->buf, out, sizeof out - 1)) < 0) {
		cmd_sasl_fail(c, ERR_SASLFAIL);
		return;
	}
	out[n] = '\0';
	if (a->mech == 'P')
		cmd_sasl_plain(c, out, (size_t)n);
	else
		cmd_sasl_external(c, out, (size_t)n);
	explicit_bzero(out, sizeof out);
	cmd_sasl_reset(a);
}

/* PLAIN: authzid NUL authcid NUL password; the authzid empty or equal. */
static void
cmd_sasl_plain(struct conn *c, char *p, size_t n)
{
	const char	*authz = p, *authc, *pass;
	struct cmd_acct	*a = cmd_acct_get(c);
	char		 akey[ACCOUNT_NAME_MAX + 1];

	pass = NULL;
	if ((authc = memchr(p, '\0', n)) != NULL) {
		authc++;
		if ((pass = memchr(authc, '\0', p + n - authc)) != NULL)
			pass++;
	}
	if (pass == NULL || memchr(pass, '\0', p + n - pass) != NULL) {
		cmd_sasl_fail(c, ERR_SASLFAIL);
		return;
	}
	if ((*authz != '\0' && strcasecmp(authz, authc) != 0) ||
	    strlen(pass) > ACCOUNT_PASS_MAX ||
	    strlen(authc) > ACCOUNT_NAME_MAX || *authc == '\0') {
		cmd_throttle_fail("a", c->user->ip);
		cmd_sasl_fail(c, ERR_SASLFAIL);
		return;
	}
	strlcpy(akey, authc, sizeof akey);
	if (cmd_throttled("a", c->user->ip) || cmd_throttled("n", akey)) {
		log_info("%s: login to %s throttled", c->user->ip, akey);
		cmd_throttle_fail("a", c->user->ip);
		cmd_throttle_fail("n", akey);
		reply_send(c, NULL, "NOTICE", reply_target(c),
		    "Too many failed logins: wait before trying again", NULL);
		cmd_sasl_fail(c, ERR_SASLFAIL);
		return;
	}
	a->busy = true;
	strlcpy(a->name, akey, sizeof a->name);
	account_verify(authc, pass, cmd_sasl_done, c);
}

/* The worker's answer for PLAIN, a turn or more later. */
static void
cmd_sasl_done(int ok, const char *account, void *arg)
{
	struct conn	*c = arg;
	struct cmd_acct	*a = cmd_acct_get(c);

	a->busy = false;
	if (!ok) {
		log_info("%s: SASL PLAIN login failed", c->user->ip);
		cmd_throttle_fail("a", c->user->ip);
		cmd_throttle_fail("n", a->name);
		reply_err(c, ERR_SASLFAIL, NULL);
		return;
	}
	cmd_throttle_ok("a", c->user->ip);
	cmd_throttle_ok("n", account);
	cmd_account_login(c, account);
	reply_err(c, RPL_SASLSUCCESS, NULL);
}

/* EXTERNAL: the certificate's account; an authzid must name it. */
static void
cmd_sasl_external(struct conn *c, const char *authz, size_t n)
{
	const char	*account = account_by_certfp(c->certfp);

	if (account == NULL || strlen(authz) != n ||
	    (*authz != '\0' && strcasecmp(authz, account) != 0)) {
		log_info("%s: SASL EXTERNAL login failed", c->user->ip);
		cmd_sasl_fail(c, ERR_SASLFAIL);
		return;
	}
	cmd_account_login(c, account);
	reply_err(c, RPL_SASLSUCCESS, NULL);
}

/* AUTHENTICATE MECH | chunk | + | * */
void
cmd_authenticate(struct conn *c, struct irc_msg *msg)
{
	struct cmd_acct	*a = cmd_acct_get(c);
	const char	*arg = msg->params[0];

	if ((c->caps & CAP_SASL) == 0) {
		reply_send(c, NULL, "NOTICE", reply_target(c),
		    "Request the sasl capability (CAP REQ :sasl) first", NULL);
		reply_err(c, ERR_SASLFAIL, NULL);
		return;
	}
	if (c->user->account != NULL) {
		reply_err(c, ERR_SASLALREADY, NULL);
		return;
	}
	if (a->busy)
		return;		/* the answer to the last payload is coming */
	if (strcmp(arg, "*") == 0) {
		if (a->mech != 0)
			cmd_sasl_fail(c, ERR_SASLABORTED);
		else
			reply_err(c, ERR_SASLFAIL, NULL);
		return;
	}
	if (a->mech == 0)
		cmd_sasl_start(c, a, arg);
	else
		cmd_sasl_data(c, a, arg);
}

/* CAP END in the middle of an exchange aborts it. */
void
cmd_sasl_cap_end(struct conn *c)
{
	struct user	*u = c->user;

	if (u->acct != NULL && ((struct cmd_acct *)u->acct)->mech != 0)
		cmd_sasl_fail(c, ERR_SASLABORTED);
}
