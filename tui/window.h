/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The window model: status, one window per room and per private talk. */
#ifndef WINDOW_H
#define WINDOW_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/queue.h>

#include "irc_case.h"

struct chat_event;
struct sb_line;
struct scrollback;

enum window_type {
	WINDOW_STATUS,
	WINDOW_ROOM,
	WINDOW_QUERY
};

struct window {
	TAILQ_ENTRY(window)	 entry;
	enum window_type	 type;
	unsigned int		 group;		/* the server's (window_group_add) */
	char			*name;		/* "status", "#room" or a nick */
	struct scrollback	*sb;
	unsigned int		 unread;	/* messages since last seen */
	bool			 mention;	/* one of them names us */
	bool			 activity;	/* quiet lines since last seen */
	bool			 joined;	/* rooms: we are a member */
	char			*draft;		/* unsent input, NULL if none */
	int			 draft_point;
	size_t			 scroll;	/* lines above the bottom */
	char			*topic;
	char			**nicks;	/* members without prefixes */
	size_t			 nnicks;
	bool			 marked;	/* left once: the unread line */
	size_t			 marker;	/* lines added since */
	/* Playing back the server's history (chathistory). */
	bool			 hist_pending;	/* a request is out */
	bool			 hist_older;	/* it is for lines above */
	bool			 hist_done;	/* nothing older is left */
	size_t			 hist_at;	/* where the next older goes */
	size_t			 hist_added;	/* lines this playback added */
};
TAILQ_HEAD(windows, window);

/* Called after every event is stored (the renderer, or headless JSON). */
typedef void window_observer_fn(const struct chat_event *, struct window *,
    void *);
/* Called around a change of the current window (to save/load drafts). */
typedef void window_switch_fn(struct window *from, struct window *to,
    void *);

void		 window_init(size_t scrollback_lines);
void		 window_free_all(void);
/* As window_init left it: one server, its status window, no lines. */
void		 window_reset(void);
void		 window_set_observer(window_observer_fn *, void *);
void		 window_set_switch(window_switch_fn *, void *);
/*
 * Windows come in groups, one per server (id > 0), each with its status
 * window first; group 1 exists from window_init. The functions below that
 * find, open or post work on the active group (window_set_group; 0: the
 * current window's), and so do the casemapping and our nick.
 */
void		 window_group_add(unsigned int id, const char *label);
/* Close every window of group id (not the last group). */
void		 window_group_remove(unsigned int id);
void		 window_group_set_label(unsigned int id, const char *label);
const char	*window_group_label(unsigned int id);	/* "" if none */
size_t		 window_group_count(void);
/* Returns the one before, to put back. */
unsigned int	 window_set_group(unsigned int id);
unsigned int	 window_group(void);	/* the active group's id */
bool		 window_in_group(const struct window *);

void		 window_set_casemap(enum irc_casemap);
void		 window_set_self(const char *nick);
const char	*window_self(void);

struct windows	*window_list(void);
struct window	*window_status(void);	/* the active group's */
struct window	*window_current(void);
struct window	*window_find(const char *name);
struct window	*window_open(enum window_type, const char *name);
void		 window_close(struct window *);
void		 window_select(struct window *);
struct window	*window_by_number(int n);	/* 1 is the status window */
int		 window_number(const struct window *);
void		 window_next(void);
void		 window_prev(void);
size_t		 window_count(void);

/* Store an event in the window(s) it belongs to, then tell the observer. */
void		 window_post(const struct chat_event *);
/* A client-side line (usage, errors) in w, or the current window. */
void		 window_print(struct window *, bool error, const char *, ...)
		    __attribute__((__format__(__printf__, 3, 4)));

/*
 * History playback for w begins: its lines (events flagged CHAT_HISTORY)
 * go above everything w holds when older, else below. At its end, lines
 * added below are followed by the "new since you left" marker.
 */
void		 window_history_begin(struct window *, bool older);
void		 window_history_end(struct window *);
/* The oldest line of w a server can find older lines from: one with a
 * msgid or played back, else the oldest message; NULL if w has none. */
const struct sb_line *window_history_oldest(const struct window *);

void		 window_scroll(struct window *, long lines);
bool		 window_has_nick(const struct window *, const char *nick);
void		 window_set_draft(struct window *, const char *, int point);

/* Whether text mentions nick as a word (casemapped). */
bool		 window_mentions(const char *text, const char *nick);

#endif
