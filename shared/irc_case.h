/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Case mapping (as announced in 005 CASEMAPPING) and name validity. */
#ifndef IRC_CASE_H
#define IRC_CASE_H

#include <stdbool.h>
#include <stddef.h>

enum irc_casemap {
	IRC_CASE_ASCII,		/* A-Z only */
	IRC_CASE_RFC1459,	/* also []\~ -> {}|^ */
	IRC_CASE_STRICT_RFC1459	/* also []\ -> {}|, not ~ */
};

#define IRC_NICK_MAX	30	/* NICKLEN we announce */
#define IRC_ROOM_MAX	50	/* CHANNELLEN we announce */

/* The mapping named by a 005 CASEMAPPING value; unknown gives rfc1459. */
enum irc_casemap irc_casemap_from_name(const char *);
const char	*irc_casemap_name(enum irc_casemap);

/* Fold one byte to lower case under the mapping. */
unsigned char	 irc_tolower(enum irc_casemap, unsigned char);

/* Compare a and b ignoring case; <0, 0, >0 like strcmp. */
int	irc_casecmp(enum irc_casemap, const char *a, const char *b);

/* Fold src into dst (size bytes, truncating). Returns dst. */
char	*irc_casefold(enum irc_casemap, char *dst, const char *src,
	    size_t size);

/* A hash of the folded name (FNV-1a), for registries. */
unsigned int irc_casehash(enum irc_casemap, const char *);

/*
 * Whether nick is a valid nickname of at most max bytes: a letter or one of
 * []\`_^{|} first, then also digits and '-'.
 */
bool	irc_nick_valid(const char *nick, size_t max);

/*
 * Whether name is a valid room name of at most max bytes: starts with '#'
 * (or '&'), no space, comma, BEL, ':' or control byte, and valid UTF-8.
 */
bool	irc_room_valid(const char *name, size_t max);

/* Whether the string names a room (begins with a room prefix). */
bool	irc_is_room(const char *);

#endif
