/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The room registry, memberships indexed from both sides (a disconnect
 * costs O(own rooms)), modes and lists, and the room fan-out. */

#include <assert.h>
#include <string.h>
#include <time.h>

#include "xmalloc.h"
#include "irc_case.h"
#include "utf8.h"
#include "conn.h"
#include "line.h"
#include "room.h"

static struct table	room_table;

static void	room_free(struct room *);
static void	room_masks_free(struct room_mask_list *);
static void	room_foreach_cb(struct table_node *, void *);
static bool	room_masks_match(const struct room_mask_list *,
		    const struct user *);

/* Create the empty registry. */
void
room_init(void)
{
	table_init(&room_table);
}

/* Free the registry; every room is gone once every user parted. */
void
room_shutdown(void)
{
	table_free(&room_table);
}

/* The room called name, or NULL. */
struct room *
room_find(const char *name)
{
	struct table_node	*n;
	char			 fold[IRC_ROOM_MAX + 1];

	if (strlen(name) > IRC_ROOM_MAX)
		return (NULL);
	irc_casefold(USER_CASEMAP, fold, name, sizeof fold);
	n = table_find(&room_table, fold, table_hash(fold));
	return (n == NULL ? NULL : TABLE_ENTRY(n, struct room, node));
}

/* A new empty room with the usual +nt. */
struct room *
room_new(const char *name)
{
	struct room	*r;

	r = xcalloc(1, sizeof *r);
	strlcpy(r->name, name, sizeof r->name);
	irc_casefold(USER_CASEMAP, r->fold, r->name, sizeof r->fold);
	r->node.key = r->fold;
	r->node.hash = table_hash(r->fold);
	r->created = time(NULL);
	r->modes = RMODE_NOEXTERNAL | RMODE_TOPIC;
	TAILQ_INIT(&r->members);
	TAILQ_INIT(&r->bans);
	TAILQ_INIT(&r->invites);
	TAILQ_INIT(&r->excepts);
	TAILQ_INIT(&r->invexes);
	table_insert(&room_table, &r->node);
	return (r);
}

static void
room_masks_free(struct room_mask_list *list)
{
	struct room_mask	*m;

	while ((m = TAILQ_FIRST(list)) != NULL) {
		TAILQ_REMOVE(list, m, entry);
		free(m->mask);
		free(m->who);
		free(m);
	}
}

/* Unregister and free an empty room. */
static void
room_free(struct room *r)
{
	assert(r->nmembers == 0);
	table_remove(&room_table, &r->node);
	room_masks_free(&r->bans);
	room_masks_free(&r->invites);
	room_masks_free(&r->excepts);
	room_masks_free(&r->invexes);
	free(r->topic);
	free(r->topic_who);
	free(r->key);
	free(r);
}

/* A room that never got a member goes again. */
void
room_discard(struct room *r)
{
	room_free(r);
}

/* How many rooms exist. */
unsigned int
room_count(void)
{
	return (room_table.count);
}

struct room_foreach_arg {
	void	(*fn)(struct room *, void *);
	void	 *arg;
};

static void
room_foreach_cb(struct table_node *n, void *arg)
{
	struct room_foreach_arg	*a = arg;

	a->fn(TABLE_ENTRY(n, struct room, node), a->arg);
}

/* Call fn for every room (LIST). */
void
room_foreach(void (*fn)(struct room *, void *), void *arg)
{
	struct room_foreach_arg	a = { fn, arg };

	table_foreach(&room_table, room_foreach_cb, &a);
}

/* Add u to r; the first member becomes operator. */
struct member *
room_join(struct room *r, struct user *u)
{
	struct member	*m;

	m = xcalloc(1, sizeof *m);
	m->room = r;
	m->user = u;
	if (r->nmembers == 0)
		m->modes = MEMBER_OP;
	TAILQ_INSERT_TAIL(&r->members, m, room_entry);
	TAILQ_INSERT_TAIL(&u->rooms, m, user_entry);
	r->nmembers++;
	u->nrooms++;
	room_invite_take(r, u);
	return (m);
}

/* Unlink m from both sides; free the room when it empties. */
bool
room_part(struct member *m)
{
	struct room	*r = m->room;
	struct user	*u = m->user;

	TAILQ_REMOVE(&r->members, m, room_entry);
	TAILQ_REMOVE(&u->rooms, m, user_entry);
	assert(r->nmembers > 0 && u->nrooms > 0);
	r->nmembers--;
	u->nrooms--;
	free(m);
	if (r->nmembers != 0)
		return (false);
	room_free(r);
	return (true);
}

/* Leave every room (quit, JOIN 0 sends its own PARTs first). */
void
room_part_all(struct user *u)
{
	struct member	*m;

	while ((m = TAILQ_FIRST(&u->rooms)) != NULL)
		room_part(m);
}

/* u's membership of r, walking the shorter of the two lists. */
struct member *
room_member(const struct room *r, const struct user *u)
{
	struct member	*m;

	if (u->nrooms <= r->nmembers) {
		TAILQ_FOREACH(m, &u->rooms, user_entry) {
			if (m->room == r)
				return (m);
		}
		return (NULL);
	}
	TAILQ_FOREACH(m, &r->members, room_entry) {
		if (m->user == u)
			return (m);
	}
	return (NULL);
}

/* +s, +p, +i and +k rooms show nothing of themselves to non-members. */
bool
room_hidden(const struct room *r, const struct user *u)
{
	if ((r->modes & (RMODE_INVITE | RMODE_SECRET | RMODE_PRIVATE)) == 0 &&
	    r->key == NULL)
		return (false);
	return (u == NULL || room_member(r, u) == NULL);
}

/* RFC 2812 353: "@" secret, "*" private, "=" the others. */
const char *
room_symbol(const struct room *r)
{
	if (r->modes & RMODE_SECRET)
		return ("@");
	if (r->modes & RMODE_PRIVATE)
		return ("*");
	return ("=");
}

/* Whether a mask of list matches u. */
static bool
room_masks_match(const struct room_mask_list *list, const struct user *u)
{
	struct room_mask	*b;

	TAILQ_FOREACH(b, list, entry) {
		if (user_match(u, b->mask))
			return (true);
	}
	return (false);
}

/* Whether a ban mask matches u and no exception (+e) mask does. */
bool
room_banned(const struct room *r, const struct user *u)
{
	if (!room_masks_match(&r->bans, u))
		return (false);
	return (r->nexcepts == 0 || !room_masks_match(&r->excepts, u));
}

/* Whether an invite exception (+I) mask matches u. */
bool
room_invex(const struct room *r, const struct user *u)
{
	return (r->ninvexes != 0 && room_masks_match(&r->invexes, u));
}

/* A member's ban check, redone only after its nick or the bans changed
 * (masks are globs: speaking in a room with many bans stays cheap). */
bool
room_member_banned(struct member *m)
{
	if (m->ban_gen != m->room->ban_gen + 1 ||
	    m->nick_gen != m->user->nick_gen) {
		m->banned = room_banned(m->room, m->user);
		m->ban_gen = m->room->ban_gen + 1;
		m->nick_gen = m->user->nick_gen;
	}
	return (m->banned);
}

/* Set (or with text NULL or "" clear) the topic. */
void
room_set_topic(struct room *r, const char *text, const char *who)
{
	free(r->topic);
	free(r->topic_who);
	r->topic = r->topic_who = NULL;
	r->topic_time = time(NULL);
	if (text == NULL || *text == '\0')
		return;
	r->topic = xstrndup(text, utf8_boundary(text, strlen(text),
	    ROOM_TOPIC_MAX));
	r->topic_who = xstrdup(who);
}

/* Set (or with NULL clear) the key. */
void
room_set_key(struct room *r, const char *key)
{
	free(r->key);
	r->key = key == NULL ? NULL : xstrndup(key, ROOM_KEY_MAX);
}

/* Add a ban; -1 when present already or the list is full. */
int
room_ban_add(struct room *r, const char *mask, const char *who)
{
	return (room_list_add(r, 'b', mask, who));
}

/* Remove a ban; -1 when there was none. */
int
room_ban_del(struct room *r, const char *mask)
{
	return (room_list_del(r, 'b', mask));
}

/* The list behind a list mode letter, with its count. */
struct room_mask_list *
room_list(struct room *r, char mode, unsigned int **count)
{
	switch (mode) {
	case 'b':
		*count = &r->nbans;
		return (&r->bans);
	case 'e':
		*count = &r->nexcepts;
		return (&r->excepts);
	case 'I':
		*count = &r->ninvexes;
		return (&r->invexes);
	}
	return (NULL);
}

/* Add mask to a list mode; -1 when present already or the list is full. */
int
room_list_add(struct room *r, char mode, const char *mask, const char *who)
{
	struct room_mask_list	*list;
	struct room_mask	*b;
	unsigned int		*count;

	if ((list = room_list(r, mode, &count)) == NULL ||
	    *count >= ROOM_BANS_MAX)
		return (-1);
	TAILQ_FOREACH(b, list, entry) {
		if (irc_casecmp(USER_CASEMAP, b->mask, mask) == 0)
			return (-1);
	}
	b = xcalloc(1, sizeof *b);
	b->mask = xstrdup(mask);
	b->who = xstrdup(who);
	b->when = time(NULL);
	TAILQ_INSERT_TAIL(list, b, entry);
	(*count)++;
	r->ban_gen++;
	return (0);
}

/* Remove mask from a list mode; -1 when it was not there. */
int
room_list_del(struct room *r, char mode, const char *mask)
{
	struct room_mask_list	*list;
	struct room_mask	*b;
	unsigned int		*count;

	if ((list = room_list(r, mode, &count)) == NULL)
		return (-1);
	TAILQ_FOREACH(b, list, entry) {
		if (irc_casecmp(USER_CASEMAP, b->mask, mask) == 0)
			break;
	}
	if (b == NULL)
		return (-1);
	TAILQ_REMOVE(list, b, entry);
	(*count)--;
	r->ban_gen++;
	free(b->mask);
	free(b->who);
	free(b);
	return (0);
}

/* Remember an invitation for u's nick; the oldest goes when full. */
void
room_invite_add(struct room *r, const struct user *u)
{
	struct room_mask	*i;

	if (room_invite_take(r, u) || r->ninvites < ROOM_INVITES_MAX)
		r->ninvites++;
	else {
		i = TAILQ_FIRST(&r->invites);
		TAILQ_REMOVE(&r->invites, i, entry);
		free(i->mask);
		free(i);
	}
	i = xcalloc(1, sizeof *i);
	i->mask = xstrdup(u->fold);
	TAILQ_INSERT_TAIL(&r->invites, i, entry);
}

/* Use up u's invitation; false when there was none. */
bool
room_invite_take(struct room *r, const struct user *u)
{
	struct room_mask	*i;

	TAILQ_FOREACH(i, &r->invites, entry) {
		if (strcmp(i->mask, u->fold) == 0)
			break;
	}
	if (i == NULL)
		return (false);
	TAILQ_REMOVE(&r->invites, i, entry);
	r->ninvites--;
	free(i->mask);
	free(i);
	return (true);
}

/* Whether u holds an invitation to r. */
bool
room_invited(const struct room *r, const struct user *u)
{
	const struct room_mask	*i;

	TAILQ_FOREACH(i, &r->invites, entry) {
		if (strcmp(i->mask, u->fold) == 0)
			return (true);
	}
	return (false);
}

/* The status prefix: "@+" with multi-prefix, else the highest only. */
const char *
room_member_prefix(const struct member *m, bool all)
{
	if ((m->modes & (MEMBER_OP | MEMBER_VOICE)) ==
	    (MEMBER_OP | MEMBER_VOICE))
		return (all ? "@+" : "@");
	if (m->modes & MEMBER_OP)
		return ("@");
	if (m->modes & MEMBER_VOICE)
		return ("+");
	return ("");
}

/* The fan-out: the bytes were formatted once, each member gets a copy. */
void
room_send(struct room *r, const struct user *except, struct line *l)
{
	struct member	*m;

	TAILQ_FOREACH(m, &r->members, room_entry) {
		if (m->user != except)
			conn_send_line(m->user->conn, l);
	}
}

/* STATUSMSG fan-out: "@#r" reaches the operators, "+#r" voice too. */
void
room_send_status(struct room *r, const struct user *except, struct line *l,
    int modes)
{
	struct member	*m;

	TAILQ_FOREACH(m, &r->members, room_entry) {
		if (m->user != except && (m->modes & modes))
			conn_send_line(m->user->conn, l);
	}
}

/* Once to each user sharing a room with u, marked by a fresh serial. */
void
room_send_common(struct user *u, struct line *l, bool self,
    unsigned int caps)
{
	struct member	*um, *m;
	unsigned long	 mark = user_mark_next();

	u->mark = mark;
	if (self && (conn_caps(u->conn) & caps) == caps)
		conn_send_line(u->conn, l);
	TAILQ_FOREACH(um, &u->rooms, user_entry) {
		TAILQ_FOREACH(m, &um->room->members, room_entry) {
			if (m->user->mark == mark)
				continue;
			m->user->mark = mark;
			if ((conn_caps(m->user->conn) & caps) == caps)
				conn_send_line(m->user->conn, l);
		}
	}
}

/* Once to each co-member of u that lacks some bit of caps. */
void
room_send_common_lacking(struct user *u, struct line *l, unsigned int caps)
{
	struct member	*um, *m;
	unsigned long	 mark = user_mark_next();

	u->mark = mark;
	TAILQ_FOREACH(um, &u->rooms, user_entry) {
		TAILQ_FOREACH(m, &um->room->members, room_entry) {
			if (m->user->mark == mark)
				continue;
			m->user->mark = mark;
			if ((conn_caps(m->user->conn) & caps) != caps)
				conn_send_line(m->user->conn, l);
		}
	}
}
