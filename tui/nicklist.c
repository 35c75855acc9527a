/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Room membership for the nick list pane: members with their prefixes and
 * away flags, updated from chat events, sorted lazily (only when a change
 * happened since the last look), so a flood of messages costs nothing. */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chat_event.h"
#include "irc_case.h"
#include "nicklist.h"
#include "xmalloc.h"

#define NICKLIST_MODES_MAX	64

struct nicklist_room {
	unsigned int		 group;		/* its server's window group */
	char			*name;
	struct nicklist_member	*v;
	size_t			 n, cap;
	bool			 sorted;
};

/* What one server's 005 says about names and modes. */
struct nicklist_server {
	unsigned int		 group;
	enum irc_casemap	 casemap;
	char			 modes[NICKLIST_PREFIX_MAX + 1];
	char			 prefixes[NICKLIST_PREFIX_MAX + 1];
	/* CHANMODES: A (list) and B (always a parameter), C (one when
	 * set). */
	char			 param_always[NICKLIST_MODES_MAX];
	char			 param_set[NICKLIST_MODES_MAX];
};

static struct nicklist_room	*nl_rooms;
static size_t			 nl_nrooms;
static struct nicklist_server	*nl_servers;
static size_t			 nl_nservers;
static struct nicklist_server	*nl;	/* the server being worked on */
static bool			 nl_shown = true;
static void			(*nl_observer)(void);

static struct nicklist_room *nicklist_room(unsigned int, const char *,
		    bool);
static void	nicklist_use(unsigned int);
static void	nicklist_room_free(struct nicklist_room *);
static struct nicklist_member *nicklist_find(struct nicklist_room *,
		    const char *);
static void	nicklist_add(struct nicklist_room *, const char *, bool);
static void	nicklist_del(struct nicklist_room *, const char *);
static void	nicklist_names(struct nicklist_room *, const char *);
static void	nicklist_mode(struct nicklist_room *, const char *);
static void	nicklist_each(unsigned int, const struct chat_event *);
static void	nicklist_prefix(struct nicklist_member *, char, bool);

/* Work on group's server from now on (made with the defaults if new). */
static void
nicklist_use(unsigned int group)
{
	size_t	i;

	for (i = 0; i < nl_nservers; i++) {
		if (nl_servers[i].group == group) {
			nl = &nl_servers[i];
			return;
		}
	}
	nl_servers = xreallocarray(nl_servers, nl_nservers + 1,
	    sizeof *nl_servers);
	nl = &nl_servers[nl_nservers++];
	memset(nl, 0, sizeof *nl);
	nl->group = group;
	nl->casemap = IRC_CASE_RFC1459;
	strlcpy(nl->modes, "ov", sizeof nl->modes);
	strlcpy(nl->prefixes, "@+", sizeof nl->prefixes);
	strlcpy(nl->param_always, "beIk", sizeof nl->param_always);
	strlcpy(nl->param_set, "l", sizeof nl->param_set);
}

/* The room called name of group's server; made when create is set, else
 * NULL if unknown. */
static struct nicklist_room *
nicklist_room(unsigned int group, const char *name, bool create)
{
	struct nicklist_room	*r;
	size_t			 i;

	if (name == NULL)
		return (NULL);
	for (i = 0; i < nl_nrooms; i++) {
		if (nl_rooms[i].group == group &&
		    irc_casecmp(nl->casemap, nl_rooms[i].name, name) == 0)
			return (&nl_rooms[i]);
	}
	if (!create)
		return (NULL);
	nl_rooms = xreallocarray(nl_rooms, nl_nrooms + 1, sizeof *nl_rooms);
	r = &nl_rooms[nl_nrooms++];
	memset(r, 0, sizeof *r);
	r->group = group;
	r->name = xstrdup(name);
	return (r);
}

/* Empty r (the room itself stays). */
static void
nicklist_room_free(struct nicklist_room *r)
{
	size_t	i;

	for (i = 0; i < r->n; i++)
		free(r->v[i].nick);
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
	r->sorted = true;
}

/* Forget room r entirely. */
static void
nicklist_room_drop(struct nicklist_room *r)
{
	nicklist_room_free(r);
	free(r->name);
	*r = nl_rooms[--nl_nrooms];
}

void
nicklist_free_all(void)
{
	while (nl_nrooms > 0)
		nicklist_room_drop(&nl_rooms[0]);
	free(nl_rooms);
	nl_rooms = NULL;
	free(nl_servers);
	nl_servers = NULL;
	nl_nservers = 0;
	nl = NULL;
}

static struct nicklist_member *
nicklist_find(struct nicklist_room *r, const char *nick)
{
	size_t	i;

	for (i = 0; i < r->n; i++) {
		if (irc_casecmp(nl->casemap, r->v[i].nick, nick) == 0)
			return (&r->v[i]);
	}
	return (NULL);
}

/* Add a NAMES entry ("@+nick!user@host" or "nick") to r; once when
 * check is set (NAMES drops repeats after sorting instead). */
static void
nicklist_add(struct nicklist_room *r, const char *entry, bool check)
{
	struct nicklist_member	*m;
	size_t			 np, nn;

	np = strspn(entry, nl->prefixes);
	nn = strcspn(entry + np, "!");
	if (nn == 0 || nn > 255)
		return;
	if (r->n == r->cap) {
		r->cap = r->cap == 0 ? 16 : r->cap * 2;
		r->v = xreallocarray(r->v, r->cap, sizeof *r->v);
	}
	m = &r->v[r->n];
	memset(m, 0, sizeof *m);
	m->nick = xstrndup(entry + np, nn);
	while (np-- > 0)	/* in rank order whatever the server's */
		nicklist_prefix(m, entry[np], true);
	if (check && nicklist_find(r, m->nick) != NULL) {
		free(m->nick);
		return;
	}
	r->n++;
	r->sorted = false;
}

static void
nicklist_del(struct nicklist_room *r, const char *nick)
{
	struct nicklist_member	*m = nicklist_find(r, nick);

	if (m == NULL)
		return;
	free(m->nick);
	*m = r->v[--r->n];
	r->sorted = false;
}

/* Order by name alone (qsort). */
static int
nicklist_name_cmp(const void *a, const void *b)
{
	const struct nicklist_member	*ma = a, *mb = b;

	return (irc_casecmp(nl->casemap, ma->nick, mb->nick));
}

/* Replace r's members by a space-separated NAMES list. */
static void
nicklist_names(struct nicklist_room *r, const char *list)
{
	char	*copy, *p, *word;
	size_t	 i, n;

	nicklist_room_free(r);
	p = copy = xstrdup(list);
	while ((word = strsep(&p, " ")) != NULL)
		nicklist_add(r, word, false);
	free(copy);
	/* Sorted by name, repeats are neighbours: a huge NAMES reply stays
	 * O(n log n) (tests/hostile sends 10 MB of it). */
	if (r->n == 0)
		return;
	qsort(r->v, r->n, sizeof *r->v, nicklist_name_cmp);
	for (i = 1, n = 1; i < r->n; i++) {
		if (nicklist_name_cmp(&r->v[n - 1], &r->v[i]) == 0)
			free(r->v[i].nick);
		else
			r->v[n++] = r->v[i];
	}
	r->n = n;
}

/* The rank of a prefix character: 0 is the highest, "" the lowest. */
static size_t
nicklist_rank(char c)
{
	const char	*p = c != '\0' ? strchr(nl->prefixes, c) : NULL;

	return (p != NULL ? (size_t)(p - nl->prefixes) : strlen(nl->prefixes));
}

/* Give m prefix c (on) or take it away, keeping the highest first. */
static void
nicklist_prefix(struct nicklist_member *m, char c, bool on)
{
	char	out[NICKLIST_PREFIX_MAX + 1];
	size_t	i, n = 0;

	for (i = 0; nl->prefixes[i] != '\0'; i++) {
		if (nl->prefixes[i] == c ? on :
		    strchr(m->prefix, nl->prefixes[i]) != NULL)
			out[n++] = nl->prefixes[i];
	}
	out[n] = '\0';
	memcpy(m->prefix, out, n + 1);
}

/* "+o-v bob carol": prefix changes; other modes only use up parameters. */
static void
nicklist_mode(struct nicklist_room *r, const char *text)
{
	struct nicklist_member	*m;
	char			*copy, *p, *modes, *arg;
	const char		*c, *pm;
	bool			 on = true;

	p = copy = xstrdup(text);
	modes = strsep(&p, " ");
	for (c = modes; *c != '\0'; c++) {
		if (*c == '+' || *c == '-') {
			on = *c == '+';
			continue;
		}
		pm = strchr(nl->modes, *c);
		if (pm == NULL && strchr(nl->param_always, *c) == NULL &&
		    !(on && strchr(nl->param_set, *c) != NULL))
			continue;
		while ((arg = strsep(&p, " ")) != NULL && *arg == '\0')
			continue;
		if (arg == NULL)
			break;
		if (pm == NULL || (m = nicklist_find(r, arg)) == NULL)
			continue;
		nicklist_prefix(m, nl->prefixes[pm - nl->modes], on);
		r->sorted = false;
	}
	free(copy);
}

/* QUIT, NICK and AWAY concern every room the nick is in. */
static void
nicklist_each(unsigned int group, const struct chat_event *ev)
{
	struct nicklist_member	*m;
	size_t			 i;

	for (i = 0; i < nl_nrooms; i++) {
		if (nl_rooms[i].group != group ||
		    (m = nicklist_find(&nl_rooms[i], ev->from)) == NULL)
			continue;
		if (ev->type == CHAT_QUIT)
			nicklist_del(&nl_rooms[i], ev->from);
		else if (ev->type == CHAT_AWAY)
			m->away = ev->text != NULL && *ev->text != '\0';
		else if (ev->target != NULL && *ev->target != '\0') {
			free(m->nick);
			m->nick = xstrdup(ev->target);
			nl_rooms[i].sorted = false;
		}
	}
}

void
nicklist_post(unsigned int group, const struct chat_event *ev)
{
	struct nicklist_room	*r = NULL;
	size_t			 i;

	if (ev->type == CHAT_MSG || ev->type == CHAT_ACTION ||
	    ev->type == CHAT_NOTICE)
		return;		/* the common case costs nothing */
	nicklist_use(group);
	if (ev->type == CHAT_NAMES || ev->type == CHAT_JOIN ||
	    ev->type == CHAT_PART || ev->type == CHAT_KICK ||
	    ev->type == CHAT_MODE)
		r = nicklist_room(group, ev->room, ev->type == CHAT_NAMES ||
		    (ev->type == CHAT_JOIN && (ev->flags & CHAT_SELF)));
	switch (ev->type) {
	case CHAT_NAMES:
		nicklist_names(r, ev->text != NULL ? ev->text : "");
		break;
	case CHAT_JOIN:
		if (r != NULL && (ev->flags & CHAT_SELF))
			nicklist_room_free(r);
		if (r != NULL && ev->from != NULL)
			nicklist_add(r, ev->from, true);
		break;
	case CHAT_PART:
		if (r != NULL && (ev->flags & CHAT_SELF))
			nicklist_room_drop(r);
		else if (r != NULL && ev->from != NULL)
			nicklist_del(r, ev->from);
		break;
	case CHAT_KICK:
		if (r != NULL && (ev->flags & CHAT_MENTION))
			nicklist_room_drop(r);
		else if (r != NULL && ev->target != NULL)
			nicklist_del(r, ev->target);
		break;
	case CHAT_MODE:
		if (r != NULL && ev->text != NULL)
			nicklist_mode(r, ev->text);
		break;
	case CHAT_QUIT:
	case CHAT_NICK:
	case CHAT_AWAY:
		if (ev->from != NULL)
			nicklist_each(group, ev);
		break;
	case CHAT_DISCONNECTED:	/* that server's rooms only */
		for (i = nl_nrooms; i > 0; i--) {
			if (nl_rooms[i - 1].group == group)
				nicklist_room_drop(&nl_rooms[i - 1]);
		}
		break;
	default:
		break;
	}
}

void
nicklist_set_observer(void (*fn)(void))
{
	nl_observer = fn;
}

void
nicklist_set_away(unsigned int group, const char *room, const char *nick,
    bool away)
{
	struct nicklist_room	*r;
	struct nicklist_member	*m;

	nicklist_use(group);
	r = nicklist_room(group, room, false);
	if (r == NULL || (m = nicklist_find(r, nick)) == NULL ||
	    m->away == away)
		return;
	m->away = away;
	if (nl_observer != NULL)
		nl_observer();
}

void
nicklist_isupport(unsigned int group, const char *token)
{
	const char	*close, *comma, *c2, *c3;
	size_t		 n;

	nicklist_use(group);
	if (strncasecmp(token, "CASEMAPPING=", 12) == 0)
		nl->casemap = irc_casemap_from_name(token + 12);
	else if (strncasecmp(token, "PREFIX=(", 8) == 0 &&
	    (close = strchr(token + 8, ')')) != NULL) {
		n = (size_t)(close - (token + 8));
		if (n == 0 || n > NICKLIST_PREFIX_MAX || strlen(close + 1) != n)
			return;
		memcpy(nl->modes, token + 8, n);
		nl->modes[n] = '\0';
		memcpy(nl->prefixes, close + 1, n + 1);
	} else if (strncasecmp(token, "CHANMODES=", 10) == 0 &&
	    (comma = strchr(token + 10, ',')) != NULL &&
	    (c2 = strchr(comma + 1, ',')) != NULL &&
	    (c3 = strchr(c2 + 1, ',')) != NULL &&
	    (size_t)(c2 - (token + 10)) < sizeof nl->param_always &&
	    (size_t)(c3 - (c2 + 1)) < sizeof nl->param_set) {
		n = (size_t)(c2 - (token + 10));
		memcpy(nl->param_always, token + 10, n);
		nl->param_always[n] = '\0';
		n = (size_t)(c3 - (c2 + 1));
		memcpy(nl->param_set, c2 + 1, n);
		nl->param_set[n] = '\0';
	}
}

/* Prefix rank, then name (qsort). */
static int
nicklist_cmp(const void *a, const void *b)
{
	const struct nicklist_member	*ma = a, *mb = b;
	size_t				 ra, rb;

	ra = nicklist_rank(ma->prefix[0]);
	rb = nicklist_rank(mb->prefix[0]);
	if (ra != rb)
		return (ra < rb ? -1 : 1);
	return (irc_casecmp(nl->casemap, ma->nick, mb->nick));
}

const struct nicklist_member *
nicklist_get(unsigned int group, const char *room, size_t *n)
{
	struct nicklist_room	*r;

	nicklist_use(group);
	r = nicklist_room(group, room, false);
	*n = 0;
	if (r == NULL)
		return (NULL);
	if (!r->sorted) {
		qsort(r->v, r->n, sizeof *r->v, nicklist_cmp);
		r->sorted = true;
	}
	*n = r->n;
	return (r->v);
}

bool
nicklist_shown(void)
{
	return (nl_shown);
}

void
nicklist_set_shown(bool on)
{
	nl_shown = on;
}
