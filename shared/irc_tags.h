/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* IRCv3 message tags: lookup with unescaping, and server-time stamps. */
#ifndef IRC_TAGS_H
#define IRC_TAGS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct timeval;

/*
 * Find key in a raw tag section ("a=b;+c;d=e\sf") and copy its unescaped
 * value into buf (size bytes). Returns true if the key is present (a tag
 * without value yields ""). Does not modify tags.
 */
bool	irc_tags_get(const char *tags, const char *key, char *buf,
	    size_t size);

/*
 * Escape value for a tag (';' -> \:, ' ' -> \s, '\' -> \\, CR -> \r,
 * LF -> \n) into buf. Returns the length or -1 if it does not fit.
 */
int	irc_tags_escape(const char *value, char *buf, size_t size);

/* Whether a raw tag section is well-formed (keys valid, UTF-8 values). */
bool	irc_tags_valid(const char *tags);

/*
 * Keep only the well-formed client-only tags ('+' prefixed) of a raw
 * section, for relaying (message-tags). Writes into buf; returns length (0
 * if none) or -1.
 */
int	irc_tags_client_only(const char *tags, char *buf, size_t size);

/* Format tv as server-time "2026-11-23T01:02:03.456Z" (25 bytes + NUL). */
#define IRC_TIME_LEN 32
void	irc_time_format(const struct timeval *tv, char buf[IRC_TIME_LEN]);

/* Parse a server-time value; returns 0 and fills tv or -1. */
int	irc_time_parse(const char *s, struct timeval *tv);

#endif
