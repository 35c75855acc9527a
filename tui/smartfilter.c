/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Who spoke where and when: a small hash table of (room, nick) -> time,
 * pruned of entries older than the delay when it grows, so a message costs
 * one lookup whatever the room's size. */

#include <stdlib.h>
#include <string.h>

#include "chat_event.h"
#include "irc_case.h"
#include "smartfilter.h"
#include "window.h"
#include "xmalloc.h"

#define SF_BUCKETS	1024
#define SF_PRUNE_AT	4096	/* entries before old ones are dropped */

struct sf_entry {
	unsigned int	 group;		/* the server's window group */
	char		*room;
	char		*nick;
	time_t		 t;
	struct sf_entry	*next;
};

static struct sf_entry	*sf_table[SF_BUCKETS];
static size_t		 sf_n;
static bool		 sf_on;
static long		 sf_delay = 300;

static unsigned int
sf_hash(unsigned int group, const char *room, const char *nick)
{
	return (((irc_casehash(IRC_CASE_RFC1459, room) * 31 +
	    irc_casehash(IRC_CASE_RFC1459, nick)) * 7 + group) % SF_BUCKETS);
}

static struct sf_entry *
sf_find(unsigned int group, const char *room, const char *nick,
    struct sf_entry ***where)
{
	struct sf_entry	**pe;

	for (pe = &sf_table[sf_hash(group, room, nick)]; *pe != NULL;
	    pe = &(*pe)->next) {
		if ((*pe)->group == group &&
		    irc_casecmp(IRC_CASE_RFC1459, (*pe)->nick, nick) == 0 &&
		    irc_casecmp(IRC_CASE_RFC1459, (*pe)->room, room) == 0)
			break;
	}
	if (where != NULL)
		*where = pe;
	return (*pe);
}

/* Unlink and free *pe. */
static void
sf_remove(struct sf_entry **pe)
{
	struct sf_entry	*e = *pe;

	*pe = e->next;
	free(e->room);
	free(e->nick);
	free(e);
	sf_n--;
}

/* Drop entries older than the delay before t (all of them with t 0). */
static void
sf_prune(time_t t)
{
	struct sf_entry	**pe;
	size_t		  i;

	/* An empty table (every session's end, most often) is not walked. */
	for (i = 0; i < SF_BUCKETS && sf_n > 0; i++) {
		pe = &sf_table[i];
		while (*pe != NULL) {
			if (t == 0 || (*pe)->t + sf_delay < t)
				sf_remove(pe);
			else
				pe = &(*pe)->next;
		}
	}
}

void
smartfilter_set(bool on, long delay)
{
	sf_on = on;
	sf_delay = delay > 0 ? delay : 1;
}

void
smartfilter_free_all(void)
{
	sf_prune(0);
	sf_on = false;
}

/* nick spoke in room of group's server at t. */
static void
sf_spoke(unsigned int group, const char *room, const char *nick, time_t t)
{
	struct sf_entry	**pe, *e;

	if ((e = sf_find(group, room, nick, &pe)) != NULL) {
		if (t > e->t)
			e->t = t;
		return;
	}
	e = xcalloc(1, sizeof *e);
	e->group = group;
	e->room = xstrdup(room);
	e->nick = xstrdup(nick);
	e->t = t;
	*pe = e;
	if (++sf_n > SF_PRUNE_AT)
		sf_prune(t);
}

/* from is now called to on group's server: carry what it said over. */
static void
sf_rename(unsigned int group, const char *from, const char *to)
{
	struct sf_entry	**pe, *moved = NULL, *e;
	size_t		  i;

	for (i = 0; i < SF_BUCKETS; i++) {
		pe = &sf_table[i];
		while ((e = *pe) != NULL) {
			if (e->group != group ||
			    irc_casecmp(IRC_CASE_RFC1459, e->nick, from) != 0) {
				pe = &e->next;
				continue;
			}
			*pe = e->next;
			e->next = moved;
			moved = e;
			sf_n--;
		}
	}
	while ((e = moved) != NULL) {
		moved = e->next;
		sf_spoke(group, e->room, to, e->t);
		free(e->room);
		free(e->nick);
		free(e);
	}
}

void
smartfilter_post(unsigned int group, const struct chat_event *ev)
{
	if (!sf_on || ev->from == NULL)
		return;
	if ((ev->type == CHAT_MSG || ev->type == CHAT_ACTION ||
	    ev->type == CHAT_NOTICE) && ev->room != NULL)
		sf_spoke(group, ev->room, ev->from, ev->tv.tv_sec);
	else if (ev->type == CHAT_NICK && ev->target != NULL)
		sf_rename(group, ev->from, ev->target);
}

bool
smartfilter_hide(unsigned int group, const char *room,
    const struct chat_event *ev)
{
	struct sf_entry	*e;
	const char	*self = window_self();

	if (!sf_on || ev->from == NULL || (ev->flags & CHAT_SELF) ||
	    (self != NULL && irc_casecmp(IRC_CASE_RFC1459, ev->from,
	    self) == 0))
		return (false);
	if (ev->type != CHAT_JOIN && ev->type != CHAT_PART &&
	    ev->type != CHAT_QUIT && ev->type != CHAT_NICK)
		return (false);
	e = sf_find(group, room, ev->from, NULL);
	return (e == NULL || e->t + sf_delay < ev->tv.tv_sec);
}
