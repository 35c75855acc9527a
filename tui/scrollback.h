/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* A bounded ring of display lines for one window. No curses here. */
#ifndef SCROLLBACK_H
#define SCROLLBACK_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

enum sb_kind {
	SB_MSG,		/* <nick> text */
	SB_ACTION,	/* * nick text */
	SB_NOTICE,	/* -nick- text */
	SB_QUIET,	/* joins, parts, quits, nick changes */
	SB_INFO,	/* server and client information */
	SB_ERROR,	/* errors */
	SB_MARK		/* "new since you left", between history and live */
};

#define SB_SELF		0x1	/* written by us */
#define SB_MENTION	0x2	/* mentions our nick */
#define SB_HISTORY	0x4	/* played back from the server's history */

struct sb_line {
	time_t		 time;
	enum sb_kind	 kind;
	int		 flags;
	char		*nick;	/* NULL for lines without a speaker */
	char		*text;	/* sanitised, may hold mIRC format codes */
	char		*msgid;	/* the server's id of the message, or NULL */
	int		 msec;	/* milliseconds of the server time */
};

struct scrollback;

/* A scrollback keeping the newest cap lines (cap >= 1). */
struct scrollback	*scrollback_new(size_t cap);
void			 scrollback_free(struct scrollback *);
/* Append a copy of nick (may be NULL) and text; drops the oldest when full. */
void			 scrollback_add(struct scrollback *, time_t,
			    enum sb_kind, int flags, const char *nick,
			    const char *text);
/* Append a copy of l (nick, text, msgid copied). */
void			 scrollback_add_line(struct scrollback *,
			    const struct sb_line *);
/* Insert a copy of l before line at (0: above all); -1 when full. */
int			 scrollback_insert(struct scrollback *, size_t at,
			    const struct sb_line *);
/* Whether a kept line carries msgid. */
bool			 scrollback_has_id(const struct scrollback *,
			    const char *msgid);
/* Lines that can still be added before the oldest are dropped. */
size_t			 scrollback_room(const struct scrollback *);
size_t			 scrollback_len(const struct scrollback *);
/* Line i, 0 being the oldest kept; i < scrollback_len(). */
const struct sb_line	*scrollback_get(const struct scrollback *, size_t i);
void			 scrollback_clear(struct scrollback *);

#endif
