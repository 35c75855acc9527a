/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* A bounded ring of display lines for one window. No curses here. */
#ifndef SCROLLBACK_H
#define SCROLLBACK_H

#include <stddef.h>
#include <time.h>

enum sb_kind {
	SB_MSG,		/* <nick> text */
	SB_ACTION,	/* * nick text */
	SB_NOTICE,	/* -nick- text */
	SB_QUIET,	/* joins, parts, quits, nick changes */
	SB_INFO,	/* server and client information */
	SB_ERROR	/* errors */
};

#define SB_SELF		0x1	/* written by us */
#define SB_MENTION	0x2	/* mentions our nick */

struct sb_line {
	time_t		 time;
	enum sb_kind	 kind;
	int		 flags;
	char		*nick;	/* NULL for lines without a speaker */
	char		*text;	/* sanitised, may hold mIRC format codes */
};

struct scrollback;

/* A scrollback keeping the newest cap lines (cap >= 1). */
struct scrollback	*scrollback_new(size_t cap);
void			 scrollback_free(struct scrollback *);
/* Append a copy of nick (may be NULL) and text; drops the oldest when full. */
void			 scrollback_add(struct scrollback *, time_t,
			    enum sb_kind, int flags, const char *nick,
			    const char *text);
size_t			 scrollback_len(const struct scrollback *);
/* Line i, 0 being the oldest kept; i < scrollback_len(). */
const struct sb_line	*scrollback_get(const struct scrollback *, size_t i);
void			 scrollback_clear(struct scrollback *);

#endif
