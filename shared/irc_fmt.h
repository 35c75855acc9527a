/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Build outgoing IRC lines, refusing what would break the framing. */
#ifndef IRC_FMT_H
#define IRC_FMT_H

#include <stdbool.h>
#include <stddef.h>

#include "irc_msg.h"

/* Flags for irc_fmt(). */
#define IRC_FMT_TRUNCATE 0x1	/* shorten the last param to fit, at a
				 * UTF-8 boundary, instead of failing */
#define IRC_FMT_NO_CRLF	 0x2	/* leave off the final CRLF */

/*
 * Format "[@tags ][:source ]VERB p1 p2 :last\r\n" into buf (size bytes).
 * tags (without '@') and source may be NULL. The last parameter gets ':'
 * when it is empty, has a space or starts with ':'; a middle parameter that
 * would need one is an error. Parameters must not hold CR, LF or NUL.
 * The part after the tags must fit IRC_LINE_MAX bytes with CRLF.
 * Returns the length written (buf is NUL-terminated too), or -1 with *cause
 * (a static string) set when cause is not NULL.
 */
int	irc_fmt(char *buf, size_t size, int flags, const char *tags,
	    const char *source, const char *verb, int nparams,
	    const char *const *params, const char **cause);

/* irc_fmt with the parameters as arguments, ending in NULL. */
int	irc_fmtl(char *buf, size_t size, int flags, const char *tags,
	    const char *source, const char *verb, ...)
	    __attribute__((__sentinel__));

/* Whether s is usable as a parameter: no NUL, CR or LF in it. */
bool	irc_param_safe(const char *s);

/* Whether s can be a middle parameter, one that needs no ':': not empty,
 * no space, not starting with ':'. */
bool	irc_param_middle(const char *s);

/*
 * How many bytes of text (at most max, max >= 4) make the longest prefix
 * that ends on a UTF-8 character boundary, preferring to end after a space
 * when one lies in the last quarter. Used to split long messages.
 */
size_t	irc_text_split(const char *text, size_t len, size_t max);

#endif
