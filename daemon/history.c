/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The handlers' side of the history store: what a relayed line becomes
 * in it, and rooms' topics and modes across restarts. */

#include <sys/time.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xmalloc.h"
#include "irc_msg.h"
#include "daemon.h"
#include "history.h"
#include "line.h"
#include "msgid.h"
#include "room.h"
#include "store.h"
#include "user.h"

static struct store	*history;

/* The room modes kept across restarts, as letters. */
static const struct {
	char	letter;
	int	mode;
} history_modes[] = {
	{ 'R', RMODE_REGONLY }, { 'i', RMODE_INVITE },
	{ 'm', RMODE_MODERATED }, { 'n', RMODE_NOEXTERNAL },
	{ 'p', RMODE_PRIVATE }, { 's', RMODE_SECRET }, { 't', RMODE_TOPIC }
};

static void	history_put(const char *, enum store_kind, struct line *,
		    const char *);
static bool	history_ctags(const struct line *);
static void	history_restore_cb(const struct store_room *, void *);
static void	history_restore_done(int, void *);

/* Open the store when history is on. */
int
history_open(struct event_base *base, store_failed_fn *failed, void *arg,
    char **cause)
{
	if (!cfg.history)
		return (0);
	return (store_open(&history, &cfg, base, failed, arg, cause));
}

/* Commit and close. */
void
history_close(void)
{
	store_close(history);
	history = NULL;
}

/* The store handlers query (CHATHISTORY), or NULL. */
struct store *
history_store(void)
{
	return (history);
}

/* The line's server time in ms. */
int64_t
history_line_ms(const struct line *l)
{
	return ((int64_t)l->tv.tv_sec * 1000 + l->tv.tv_usec / 1000);
}

/* File l under target; the line is stored as relayed, untagged. */
static void
history_put(const char *target, enum store_kind kind, struct line *l,
    const char *account)
{
	struct store_line	 sl;
	char			 buf[IRC_FRAME_MAX + 1];
	const char		*p;
	size_t			 len;

	if ((p = line_plain(l, &len)) == NULL || len >= sizeof buf)
		return;
	memcpy(buf, p, len);
	buf[len] = '\0';
	memcpy(sl.msgid, l->msgid, sizeof sl.msgid);
	sl.time_ms = history_line_ms(l);
	sl.kind = kind;
	sl.target = target;
	sl.account = account;
	sl.ctags = l->ctags;
	sl.line = buf;
	store_append(history, &sl);
}

/* Whether l carries client-only tags (a server tag such as bot is not
 * enough to keep a TAGMSG). */
static bool
history_ctags(const struct line *l)
{
	return (l->ctags != NULL && strchr(l->ctags, '+') != NULL);
}

/* A room message; a TAGMSG only when it carries client tags. */
void
history_msg(struct room *r, enum store_kind kind, struct line *l,
    const struct user *from)
{
	if (history == NULL || (kind == STORE_TAGMSG && !history_ctags(l)))
		return;
	history_put(r->fold, kind, l, from->account);
}

/* A private message between two accounts, filed once for both. */
void
history_dm(const struct user *from, const struct user *to,
    enum store_kind kind, struct line *l)
{
	char	key[STORE_TARGET_MAX];

	if (history == NULL || from->account == NULL || to->account == NULL ||
	    (kind == STORE_TAGMSG && !history_ctags(l)))
		return;
	store_dm_key(key, sizeof key, from->account, to->account);
	history_put(key, kind, l, from->account);
}

/* An event gets its own msgid for the store (live lines carry none). */
void
history_event(struct room *r, enum store_kind kind, struct line *l)
{
	if (history == NULL)
		return;
	if (l->msgid[0] == '\0')
		msgid_next(l->msgid, history_line_ms(l));
	history_put(r->fold, kind, l, NULL);
}

/* Apply a saved state to the room being restored. */
static void
history_restore_cb(const struct store_room *sr, void *arg)
{
	struct room	*r;
	struct timeval	 tv;
	size_t		 i;

	if ((r = room_find(arg)) == NULL)
		return;		/* gone while the store looked */

	if (sr->topic != NULL && *sr->topic != '\0') {
		room_set_topic(r, sr->topic, sr->topic_who != NULL ?
		    sr->topic_who : cfg.name);
		r->topic_time = (time_t)sr->topic_time;
	}
	r->modes = 0;
	for (i = 0; i < nitems(history_modes); i++) {
		if (sr->modes != NULL &&
		    strchr(sr->modes, history_modes[i].letter) != NULL)
			r->modes |= history_modes[i].mode;
	}
	room_set_key(r, sr->key);
	r->limit = sr->limit;
	if (sr->created != 0)
		r->created = (time_t)sr->created;
	if (r->modes & RMODE_INVITE) {
		/* Past the last line that may be stored before now. */
		gettimeofday(&tv, NULL);
		r->history_from = (int64_t)tv.tv_sec * 1000 +
		    tv.tv_usec / 1000 + 1;
	}
}

/* The load is over: free the name it looked up. */
static void
history_restore_done(int error, void *arg)
{
	free(arg);
}

/* Load what was saved for the room's name, if anything. */
void
history_room_restore(struct room *r)
{
	if (history != NULL)
		store_room_load(history, r->name, history_restore_cb,
		    history_restore_done, xstrdup(r->name));
}

/* Save topic and modes. */
void
history_room_save(const struct room *r)
{
	struct store_room	sr;
	char			modes[nitems(history_modes) + 1];
	size_t			i, n = 0;

	if (history == NULL)
		return;
	for (i = 0; i < nitems(history_modes); i++) {
		if (r->modes & history_modes[i].mode)
			modes[n++] = history_modes[i].letter;
	}
	modes[n] = '\0';
	sr.name = r->name;
	sr.topic = r->topic;
	sr.topic_who = r->topic_who;
	sr.topic_time = r->topic_time;
	sr.modes = modes;
	sr.key = r->key;
	sr.limit = r->limit;
	sr.created = r->created;
	store_room_save(history, &sr);
}
