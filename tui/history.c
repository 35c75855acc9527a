/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* chathistory requests, the batches that answer them, and the last-seen
 * file. A hostile server gets bounded tables (batch.c), a bounded number
 * of lines per batch, and its references checked before we send them. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "batch.h"
#include "compat.h"
#include "history.h"
#include "irc_tags.h"
#include "lastseen.h"
#include "log.h"
#include "scrollback.h"
#include "window.h"
#include "xmalloc.h"

#define HISTORY_REF_MSGID	0x1
#define HISTORY_REF_TIME	0x2

static history_send_fn	*h_send;
static bool		 h_file;
/* What one server offers and the batches it has open. */
struct history_conn {
	bool		 batch, chathistory;
	int		 max;		/* CHATHISTORY=N, 0: no limit */
	int		 reftypes;
	struct batches	 batches;
};

static history_conn_fn	*h_conn;	/* the server being worked on */

static int	history_limit(size_t);
static bool	history_ref(const char *, const struct timeval *, char *,
		    size_t);
static void	history_request(struct window *, const char *, const char *,
		    size_t);

void
history_init(history_send_fn *send, history_conn_fn *conn,
    const char *lastseen)
{
	char	*cause = NULL;

	h_send = send;
	h_conn = conn;
	h_file = false;
	if (lastseen == NULL)
		return;
	if (lastseen_open(lastseen, &cause) == -1) {
		log_warnx("%s", cause);
		free(cause);
		return;
	}
	h_file = true;
}

void
history_free(void)
{
	history_flush();
	lastseen_close();
	h_file = false;
}

/* The state of a new server: nothing offered yet. */
struct history_conn *
history_conn_new(void)
{
	struct history_conn	*h = xcalloc(1, sizeof *h);

	h->reftypes = HISTORY_REF_TIME;
	return (h);
}

void
history_conn_free(struct history_conn *h)
{
	if (h == NULL)
		return;
	batch_clear(&h->batches);
	free(h);
}

void
history_reset(void)
{
	struct window		*w;
	struct history_conn	*h = h_conn();

	h->batch = h->chathistory = false;
	h->max = 0;
	h->reftypes = HISTORY_REF_TIME;
	batch_clear(&h->batches);
	TAILQ_FOREACH(w, window_list(), entry) {
		if (!window_in_group(w))
			continue;
		w->hist_pending = w->hist_older = false;
		w->hist_done = false;
	}
}

void
history_cap_ack(const char *cap)
{
	if (strcasecmp(cap, "batch") == 0)
		h_conn()->batch = true;
	else if (strcasecmp(cap, "draft/chathistory") == 0 ||
	    strcasecmp(cap, "chathistory") == 0)	/* once ratified */
		h_conn()->chathistory = true;
}

void
history_isupport(const char *token)
{
	char		*list, *p, *word;
	const char	*errstr;

	if (strncasecmp(token, "CHATHISTORY=", 12) == 0) {
		h_conn()->max = (int)strtonum(token + 12, 0, 100000, &errstr);
		if (errstr != NULL)
			h_conn()->max = 0;
	} else if (strncasecmp(token, "MSGREFTYPES=", 12) == 0) {
		h_conn()->reftypes = 0;
		p = list = xstrdup(token + 12);
		while ((word = strsep(&p, ",")) != NULL) {
			if (strcmp(word, "msgid") == 0)
				h_conn()->reftypes |= HISTORY_REF_MSGID;
			else if (strcmp(word, "timestamp") == 0)
				h_conn()->reftypes |= HISTORY_REF_TIME;
		}
		free(list);
	}
}

bool
history_enabled(void)
{
	/* Without batch, history lines could not be told from live ones. */
	return (h_conn()->chathistory && h_conn()->batch);
}

/* How many lines to ask for: a page, within the server's and our room. */
static int
history_limit(size_t room)
{
	int	n = HISTORY_PAGE;

	if (h_conn()->max > 0 && h_conn()->max < n)
		n = h_conn()->max;
	if (room < (size_t)n)
		n = (int)room;
	return (n);
}

/* The reference "msgid=ID" or "timestamp=T" the server accepts into buf;
 * false if it accepts neither of what we have. */
static bool
history_ref(const char *msgid, const struct timeval *tv, char *buf,
    size_t size)
{
	char	ts[IRC_TIME_LEN];

	if (msgid != NULL && (h_conn()->reftypes & HISTORY_REF_MSGID) &&
	    batch_ref_valid(msgid, LASTSEEN_FIELD_MAX)) {
		snprintf(buf, size, "msgid=%s", msgid);
		return (true);
	}
	if (!(h_conn()->reftypes & HISTORY_REF_TIME))
		return (false);
	irc_time_format(tv, ts);
	snprintf(buf, size, "timestamp=%s", ts);
	return (true);
}

/* Send CHATHISTORY sub w->name ref limit and mark w as waiting. */
static void
history_request(struct window *w, const char *sub, const char *ref,
    size_t limit)
{
	const char	*params[4];
	char		 n[16];

	snprintf(n, sizeof n, "%zu", limit);
	params[0] = sub;
	params[1] = w->name;
	params[2] = ref;
	params[3] = n;
	if (h_send("CHATHISTORY", 4, params) == 0)
		w->hist_pending = true;
}

void
history_joined(const char *server, const char *room)
{
	struct window	*w;
	struct lastseen	 ls;
	char		 ref[LASTSEEN_FIELD_MAX + 16];
	int		 n;

	if (!history_enabled() || (w = window_find(room)) == NULL ||
	    w->hist_pending)
		return;
	w->hist_older = false;
	w->hist_done = false;
	n = history_limit(HISTORY_PAGE);
	if (!lastseen_get(server, room, &ls) ||
	    !history_ref(ls.msgid, &ls.tv, ref, sizeof ref))
		strlcpy(ref, "*", sizeof ref);
	history_request(w, "LATEST", ref, (size_t)n);
}

bool
history_more(struct window *w)
{
	const struct sb_line	*l;
	struct timeval		 tv;
	char			 ref[LASTSEEN_FIELD_MAX + 16];
	int			 n;

	if (!history_enabled() || w->type != WINDOW_ROOM || !w->joined ||
	    w->hist_pending || w->hist_done)
		return (false);
	if ((n = history_limit(scrollback_room(w->sb))) <= 0)
		return (false);	/* the scrollback is full */
	if ((l = window_history_oldest(w)) == NULL) {
		/* No message here yet (nothing new since we left): the
		 * latest lines are the ones before everything shown. */
		history_request(w, "LATEST", "*", (size_t)n);
	} else {
		tv.tv_sec = l->time;
		tv.tv_usec = (suseconds_t)l->msec * 1000;
		if (!history_ref(l->msgid, &tv, ref, sizeof ref))
			return (false);
		history_request(w, "BEFORE", ref, (size_t)n);
	}
	w->hist_older = true;
	return (w->hist_pending);
}

void
history_failed(const char *target)
{
	struct window	*w;

	TAILQ_FOREACH(w, window_list(), entry) {
		if (!window_in_group(w) || !w->hist_pending ||
		    (target != NULL && strcasecmp(target, w->name) != 0))
			continue;
		w->hist_pending = false;
		if (w->hist_older)
			w->hist_done = true;	/* do not ask again and again */
		w->hist_older = false;
	}
}

void
history_batch_start(const char *ref, const char *type, const char *target,
    const char *parent)
{
	struct batch	*b;
	struct window	*w;

	b = batch_start(&h_conn()->batches, ref, type, target, parent);
	if (b == NULL || strcasecmp(type, "chathistory") != 0 ||
	    target == NULL || (w = window_find(target)) == NULL)
		return;
	/* A batch nobody asked for (a bouncer's playback) goes below. */
	window_history_begin(w, w->hist_pending && w->hist_older);
}

void
history_batch_end(const char *ref)
{
	struct batch	 b;
	struct window	*w;
	bool		 context;

	if (batch_end(&h_conn()->batches, ref, &b) == -1)
		return;
	if (strcasecmp(b.type, "chathistory") == 0 && b.target[0] != '\0' &&
	    (w = window_find(b.target)) != NULL) {
		/* Nothing new since we left, in a window that shows no message
		 * yet (a fresh start): the lines before, as context above. */
		context = w->hist_pending && !w->hist_older &&
		    w->hist_added == 0 && window_history_oldest(w) == NULL;
		window_history_end(w);
		if (context)
			history_more(w);
	}
	history_flush();
}

enum history_route
history_route(const char *ref, const char *target)
{
	struct batch	*b;

	if ((b = batch_within(&h_conn()->batches, ref, "chathistory")) == NULL)
		return (HISTORY_LIVE);	/* unknown types: as if unbatched */
	/* Only the room asked about, and a bounded number of its lines. */
	if (b->target[0] == '\0' || strcasecmp(b->target, target) != 0 ||
	    window_find(b->target) == NULL || b->lines >= HISTORY_BATCH_MAX)
		return (HISTORY_DROP);
	b->lines++;
	return (HISTORY_LINE);
}

void
history_seen(const char *server, const char *room, const char *msgid,
    const struct timeval *tv)
{
	if (!history_enabled() || !h_file)
		return;
	if (msgid != NULL && !batch_ref_valid(msgid, LASTSEEN_FIELD_MAX))
		msgid = NULL;
	lastseen_set(server, room, msgid, tv);
}

void
history_flush(void)
{
	char	*cause = NULL;

	if (!h_file || !lastseen_dirty())
		return;
	if (lastseen_save(&cause) == -1) {
		log_warnx("%s", cause);
		free(cause);
	}
}
