/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* One outgoing message, formatted at most once per tag variant and then
 * copied as the same bytes to every recipient of that variant. */
#ifndef LINE_H
#define LINE_H

#include <sys/time.h>
#include <stdbool.h>
#include <stddef.h>

#include "irc_msg.h"
#include "store.h"

#define LINE_PARAMS	8
#define LINE_VARIANTS	8	/* server-time x message-tags (msgid, tags) x
				   account-tag */

struct line {
	const char	*source;
	const char	*verb;
	const char	*ctags;		/* client-only tags to relay, or NULL */
	char		 msgid[STORE_MSGID_MAX + 1];	/* "" = none */
	int		 nparams;
	const char	*params[LINE_PARAMS];
	bool		 tags_only;	/* TAGMSG: only for message-tags */
	const char	*account;	/* the sender's account (account-tag);
					 * set after line_init, NULL: none */
	struct timeval	 tv;
	int		 len[LINE_VARIANTS];	/* 0 = not built, -1 = failed */
	char		 buf[LINE_VARIANTS][IRC_FRAME_MAX + 3];
};

/* Set up l with params ending in NULL; nothing is formatted yet. */
void	line_init(struct line *, const char *ctags, const char *source,
	    const char *verb, ...) __attribute__((__sentinel__));

/* Give l a msgid (msgid.c), sent with message-tags; variants reset. */
void	line_set_msgid(struct line *, const char *);

/* The untagged bytes without CRLF, whatever l is (what history stores). */
const char *line_plain(struct line *, size_t *len);

/* The bytes for a recipient with these CAP_* bits, or NULL: none for it. */
const char *line_get(struct line *, unsigned int caps, size_t *len);

#endif
