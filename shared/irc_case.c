/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Case mapping of nicks and room names, and what makes a name valid. */

#include <string.h>

#include "irc_case.h"
#include "utf8.h"

/* The mapping for a 005 CASEMAPPING value. */
enum irc_casemap
irc_casemap_from_name(const char *name)
{
	if (name == NULL)
		return IRC_CASE_RFC1459;
	if (strcmp(name, "ascii") == 0)
		return IRC_CASE_ASCII;
	if (strcmp(name, "strict-rfc1459") == 0)
		return IRC_CASE_STRICT_RFC1459;
	return IRC_CASE_RFC1459;
}

/* The 005 name of a mapping. */
const char *
irc_casemap_name(enum irc_casemap map)
{
	switch (map) {
	case IRC_CASE_ASCII:
		return "ascii";
	case IRC_CASE_STRICT_RFC1459:
		return "strict-rfc1459";
	case IRC_CASE_RFC1459:
		break;
	}
	return "rfc1459";
}

/* Lower one byte: A-Z always, []\ (and ~) for the RFC 1459 mappings. */
unsigned char
irc_tolower(enum irc_casemap map, unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c + ('a' - 'A');
	if (map == IRC_CASE_ASCII)
		return c;
	if (c == '[' || c == ']' || c == '\\')
		return c + ('{' - '[');
	if (c == '~' && map == IRC_CASE_RFC1459)
		return '^';
	return c;
}

/*
 * Compare ignoring case under map. Most names compared are the same bytes
 * (a window found by its own name): strcmp(3) says so at once, and only
 * bytes that differ need folding.
 */
int
irc_casecmp(enum irc_casemap map, const char *a, const char *b)
{
	unsigned char	ca, cb;

	if (strcmp(a, b) == 0)
		return 0;
	for (;; a++, b++) {
		if (*a == *b) {
			if (*a == '\0')
				return 0;
			continue;
		}
		/* Only NUL folds to NUL: one string ending is a difference. */
		ca = irc_tolower(map, (unsigned char)*a);
		cb = irc_tolower(map, (unsigned char)*b);
		if (ca != cb)
			return (int)ca - (int)cb;
	}
}

/* Fold src into dst, at most size bytes with the NUL. */
char *
irc_casefold(enum irc_casemap map, char *dst, const char *src, size_t size)
{
	size_t	i;

	if (size == 0)
		return dst;
	for (i = 0; i + 1 < size && src[i] != '\0'; i++)
		dst[i] = irc_tolower(map, (unsigned char)src[i]);
	dst[i] = '\0';
	return dst;
}

/* FNV-1a over the folded bytes. */
unsigned int
irc_casehash(enum irc_casemap map, const char *s)
{
	unsigned int	h = 2166136261u;

	for (; *s != '\0'; s++) {
		h ^= irc_tolower(map, (unsigned char)*s);
		h *= 16777619u;
	}
	return h;
}

/* Letters and the RFC 2812 "special" characters. */
static bool
irc_nick_first(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    strchr("[]\\`_^{|}", c) != NULL;
}

/* Whether nick is a valid nickname of at most max bytes. */
bool
irc_nick_valid(const char *nick, size_t max)
{
	size_t		i;
	unsigned char	c;

	if (nick[0] == '\0' || !irc_nick_first((unsigned char)nick[0]))
		return false;
	for (i = 1; nick[i] != '\0'; i++) {
		if (i >= max)
			return false;
		c = (unsigned char)nick[i];
		if (!irc_nick_first(c) && !(c >= '0' && c <= '9') && c != '-')
			return false;
	}
	return true;
}

/* Whether the string names a room. */
bool
irc_is_room(const char *s)
{
	return s[0] == '#' || s[0] == '&';
}

/* Whether name is a valid room name of at most max bytes. */
bool
irc_room_valid(const char *name, size_t max)
{
	size_t		len, i;
	unsigned char	c;

	if (!irc_is_room(name))
		return false;
	len = strlen(name);
	if (len < 2 || len > max)
		return false;
	for (i = 1; i < len; i++) {
		c = (unsigned char)name[i];
		if (c <= ' ' || c == ',' || c == ':' || c == 0x7f)
			return false;
	}
	return utf8_valid(name, len);
}
