/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* One IRC line parsed in place into tags, source, verb and parameters. */
#ifndef IRC_MSG_H
#define IRC_MSG_H

#include <stdbool.h>
#include <stddef.h>

#define IRC_LINE_MAX	512	/* bytes without tags, CRLF included */
#define IRC_TAGS_MAX	8191	/* the tags section, '@' and space included */
#define IRC_TAG_DATA_MAX 4094	/* tag data one side (client or server) adds */
#define IRC_FRAME_MAX	(IRC_TAGS_MAX + IRC_LINE_MAX) /* a whole framed line */
#define IRC_PARAMS_MAX	15

/*
 * A parsed line. Every pointer points into the line that was parsed, which
 * the parse modified (NULs between fields); it lives as long as that line.
 * tags is the raw tag section without '@' (see irc_tags.h), or NULL; its
 * content is not validated here (irc_tags_valid() does that).
 * source is without ':' or NULL. verb is upper-cased in place.
 * trailing is true when the last parameter was introduced by ':'.
 */
struct irc_msg {
	char		*tags;
	const char	*source;
	const char	*verb;
	int		 nparams;
	const char	*params[IRC_PARAMS_MAX];
	bool		 trailing;
};

enum irc_parse_error {
	IRC_PARSE_OK = 0,
	IRC_PARSE_EMPTY,	/* nothing but spaces */
	IRC_PARSE_TOO_LONG,	/* over IRC_LINE_MAX after the tags */
	IRC_PARSE_TAGS_TOO_LONG,/* tag section over IRC_TAGS_MAX */
	IRC_PARSE_NUL,		/* a NUL byte inside the line */
	IRC_PARSE_CRLF,		/* a CR or LF inside the line */
	IRC_PARSE_BAD_TAGS,	/* '@' without any tags */
	IRC_PARSE_BAD_SOURCE,	/* ':' without a source */
	IRC_PARSE_NO_VERB,	/* tags or source but no command */
	IRC_PARSE_BAD_VERB,	/* command neither letters nor 3 digits */
	IRC_PARSE_TOO_MANY_PARAMS, /* more than IRC_PARAMS_MAX */
};

/*
 * Parse len bytes of line (CR/LF already removed by the framing, line[len]
 * must be writable and is set to NUL). Never allocates, never reads past
 * line + len. Returns IRC_PARSE_OK or the reason the line is malformed;
 * irc_parse_strerror() gives it as text.
 */
enum irc_parse_error irc_msg_parse(struct irc_msg *, char *line, size_t len);
const char	*irc_parse_strerror(enum irc_parse_error);

/* The last parameter, or "" when there is none: a convenience for texts. */
const char	*irc_msg_last(const struct irc_msg *);

/* Whether the verb is a three-digit numeric; returns it or -1. */
int		 irc_msg_numeric(const struct irc_msg *);

/*
 * Split "nick!user@host" source into its nick (copied into buf, at most size
 * bytes with NUL). Returns buf. A source without '!' is copied whole.
 */
char		*irc_source_nick(const char *source, char *buf, size_t size);

#endif
