/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Replies to one client: numerics (from shared/irc_numeric.h) and lines. */
#ifndef REPLY_H
#define REPLY_H

struct conn;

/* The nick numerics are addressed to: the nick, or "*" before NICK. */
const char	*reply_target(const struct conn *);

/* ":server NNN target p1 ... pn" with the parameters ending in NULL. */
void	reply(struct conn *, int code, ...) __attribute__((__sentinel__));

/* ":server NNN target [arg] :default text" of an error numeric. */
void	reply_err(struct conn *, int code, const char *arg);

/*
 * An IRCv3 standard reply "FAIL command code [context...] :description"
 * (parameters end in NULL, the last is the description). With
 * REPLY_FAIL_SPEC a specification requires the FAIL whatever the
 * client negotiated; without it, a client lacking standard-replies gets
 * the description as a server NOTICE instead.
 */
#define REPLY_FAIL_SPEC	0x1
void	reply_fail(struct conn *, int flags, const char *command,
	    const char *code, ...) __attribute__((__sentinel__));

/* "[:source] VERB p1 ... pn" to one client; source NULL is the server. */
void	reply_send(struct conn *, const char *source, const char *verb, ...)
	    __attribute__((__sentinel__));

#endif
