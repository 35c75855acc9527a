/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The client side of IRCv3 chathistory: what to ask for on join (since the
 * last message seen there, or the latest page) and on PageUp (the page
 * before), where each line of a chathistory batch goes, and the last-seen
 * bookkeeping. The session feeds it sanitised names and tags. */
#ifndef HISTORY_H
#define HISTORY_H

#include <stdbool.h>
#include <sys/time.h>

struct window;

#define HISTORY_PAGE		50	/* lines asked for at a time */
#define HISTORY_BATCH_MAX	500	/* lines taken from one batch */

/* How the session sends a line (session_sendv). */
typedef int history_send_fn(const char *verb, int n,
    const char *const *params);

/* The history state of the server being worked on (session.c keeps one
 * per server). */
struct history_conn;
typedef struct history_conn *history_conn_fn(void);

enum history_route {
	HISTORY_LIVE,	/* not history: handle it as usual */
	HISTORY_LINE,	/* a history line for a window */
	HISTORY_DROP	/* inside a batch we ignore, or past the limits */
};

/* lastseen: the last-seen file (NULL: none kept). */
void		 history_init(history_send_fn *, history_conn_fn *,
		    const char *lastseen);
struct history_conn *history_conn_new(void);
void		 history_conn_free(struct history_conn *);
/* Save the last-seen file and forget everything. */
void		 history_free(void);
/* A new connection: no capabilities, no open batches, no requests out. */
void		 history_reset(void);
/* The server acknowledged capability cap. */
void		 history_cap_ack(const char *cap);
/* A 005 token: CHATHISTORY=N, MSGREFTYPES=a,b. */
void		 history_isupport(const char *token);
/* Whether the server plays history back to us. */
bool		 history_enabled(void);

/* We joined room on server: ask for what we missed. */
void		 history_joined(const char *server, const char *room);
/* The view of w reached its top: ask for older lines; true if asked. */
bool		 history_more(struct window *);
/* FAIL CHATHISTORY: no answer is coming for target (NULL: any). */
void		 history_failed(const char *target);

/* BATCH +ref type [target] (parent: the enclosing batch, or NULL). */
void		 history_batch_start(const char *ref, const char *type,
		    const char *target, const char *parent);
/* BATCH -ref. */
void		 history_batch_end(const char *ref);
/* Where a line tagged batch=ref, addressed to target, goes. */
enum history_route history_route(const char *ref, const char *target);

/* A room message was shown: remember it as seen (msgid may be NULL). */
void		 history_seen(const char *server, const char *room,
		    const char *msgid, const struct timeval *);
/* Write the last-seen file if it changed (errors go to the log). */
void		 history_flush(void);

#endif
