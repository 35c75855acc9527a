/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Numerics and single-recipient lines, formatted by shared/irc_fmt. */

#include <stdarg.h>
#include <stdio.h>

#include "irc_fmt.h"
#include "irc_msg.h"
#include "irc_numeric.h"
#include "log.h"
#include "daemon.h"
#include "conn.h"
#include "reply.h"
#include "user.h"

static void	reply_params(struct conn *, const char *, const char *, int,
		    const char **);

/* Whom numerics address. */
const char *
reply_target(const struct conn *c)
{
	return (c->user->nick);
}

/* Format and queue one line. */
static void
reply_params(struct conn *c, const char *source, const char *verb,
    int nparams, const char **params)
{
	char		 buf[IRC_LINE_MAX + 1];
	const char	*cause;
	int		 len;

	len = irc_fmt(buf, sizeof buf, IRC_FMT_TRUNCATE, NULL, source, verb,
	    nparams, params, &cause);
	if (len < 0) {
		log_debug("cannot format %s: %s", verb, cause);
		return;
	}
	conn_send(c, buf, len);
}

/* A numeric with the parameters after the target. */
void
reply(struct conn *c, int code, ...)
{
	const char	*params[IRC_PARAMS_MAX];
	const char	*p;
	char		 verb[8];
	int		 n = 0;
	va_list		 ap;

	snprintf(verb, sizeof verb, "%03d", code);
	params[n++] = reply_target(c);
	va_start(ap, code);
	while ((p = va_arg(ap, const char *)) != NULL && n < IRC_PARAMS_MAX)
		params[n++] = p;
	va_end(ap);
	reply_params(c, cfg.name, verb, n, params);
}

/* An error numeric with its standard text. */
void
reply_err(struct conn *c, int code, const char *arg)
{
	if (arg != NULL)
		reply(c, code, arg, irc_numeric_text(code), NULL);
	else
		reply(c, code, irc_numeric_text(code), NULL);
}

/* FAIL, or a NOTICE for clients without standard-replies. */
void
reply_fail(struct conn *c, int flags, const char *command, const char *code,
    ...)
{
	const char	*params[IRC_PARAMS_MAX];
	const char	*p;
	int		 n = 2;
	va_list		 ap;

	params[0] = command;
	params[1] = code;
	va_start(ap, code);
	while ((p = va_arg(ap, const char *)) != NULL && n < IRC_PARAMS_MAX)
		params[n++] = p;
	va_end(ap);
	if ((flags & REPLY_FAIL_SPEC) || (c->caps & CAP_STANDARD_REPLIES))
		reply_params(c, cfg.name, "FAIL", n, params);
	else {
		params[0] = reply_target(c);
		params[1] = params[n - 1];
		reply_params(c, cfg.name, "NOTICE", 2, params);
	}
}

/* Any line to one client. */
void
reply_send(struct conn *c, const char *source, const char *verb, ...)
{
	const char	*params[IRC_PARAMS_MAX];
	const char	*p;
	int		 n = 0;
	va_list		 ap;

	va_start(ap, verb);
	while ((p = va_arg(ap, const char *)) != NULL && n < IRC_PARAMS_MAX)
		params[n++] = p;
	va_end(ap);
	reply_params(c, source == NULL ? cfg.name : source, verb, n, params);
}
