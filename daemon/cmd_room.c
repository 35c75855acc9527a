/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Membership and room state: JOIN, PART, TOPIC, NAMES, LIST (with the
 * ELIST=CMNTU filters), KICK, INVITE (and its list). */

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xmalloc.h"
#include "irc_case.h"
#include "irc_msg.h"
#include "irc_numeric.h"
#include "utf8.h"
#include "daemon.h"
#include "cmd.h"
#include "conn.h"
#include "history.h"
#include "line.h"
#include "relay.h"
#include "reply.h"
#include "room.h"
#include "user.h"

#define CMD_ROOM_LIST_TERMS	16	/* masks and conditions per LIST */

struct cmd_room_names;
struct cmd_room_list;

/* What LIST asked for: masks (a room matches one), !masks (it matches
 * none) and conditions ("<5", "C>60": all must hold). */
struct cmd_room_filter {
	const char	*masks[CMD_ROOM_LIST_TERMS];
	size_t		 nmasks;
	bool		 globs;		/* a mask has * or ? */
	const char	*nots[CMD_ROOM_LIST_TERMS];
	size_t		 nnots;
	struct cmd_room_cond {
		char	 what;		/* 'U' users, 'C' created, 'T' topic */
		char	 op;		/* '<' or '>' */
		long	 val;		/* users, or minutes */
	}		 conds[CMD_ROOM_LIST_TERMS];
	size_t		 nconds;
	time_t		 now;
	struct cmd_room_list *list;
};

static void	cmd_room_join(struct conn *, const char *, const char *);
static void	cmd_room_away(struct room *, struct user *);
static int	cmd_room_admit(struct conn *, struct room *, const char *);
static void	cmd_room_part_all(struct conn *);
static void	cmd_room_topic_reply(struct conn *, struct room *);
static void	cmd_room_list_one(struct room *, void *);
static void	cmd_room_names_free(void *);
static void	cmd_room_names_add(struct cmd_room_names *, char *);
static void	cmd_room_names_now(struct conn *, struct room *);
static void	cmd_room_names_more(struct conn *, void *);
static void	cmd_room_names_queue(struct conn *, struct room *,
		    const char *);
static void	cmd_room_list_free(void *);
static void	cmd_room_list_add(struct room *, void *);
static void	cmd_room_list_more(struct conn *, void *);
static bool	cmd_room_list_cond(struct cmd_room_filter *, const char *);
static void	cmd_room_list_term(struct cmd_room_filter *, char *);
static long long cmd_room_list_secs(long long);
static bool	cmd_room_list_test(const struct cmd_room_cond *,
		    const struct room *, time_t);
static bool	cmd_room_list_match(const struct cmd_room_filter *,
		    const struct room *);
static void	cmd_room_list_filter(struct room *, void *);
static void	cmd_room_invite_list(struct room *, void *);
static void	cmd_room_kick(struct conn *, struct room *, const char *,
		    const char *);
static void	cmd_room_join_send(struct room *, struct user *);
static void	cmd_room_invite_notify(struct room *, struct user *,
		    struct line *);

/* Whether the join may go ahead; replies with the reason when not. */
static int
cmd_room_admit(struct conn *c, struct room *r, const char *key)
{
	struct user	*u = c->user;
	bool		 invited = room_invited(r, u);

	if (r->key != NULL && (key == NULL || strcmp(key, r->key) != 0)) {
		reply_err(c, ERR_BADCHANNELKEY, r->name);
		return (-1);
	}
	if ((r->modes & RMODE_INVITE) && !invited && !room_invex(r, u)) {
		reply_err(c, ERR_INVITEONLYCHAN, r->name);
		return (-1);
	}
	if (r->limit != 0 && r->nmembers >= r->limit) {
		reply_err(c, ERR_CHANNELISFULL, r->name);
		return (-1);
	}
	if (!invited && room_banned(r, u)) {
		reply_err(c, ERR_BANNEDFROMCHAN, r->name);
		return (-1);
	}
	if ((r->modes & RMODE_REGONLY) && u->account == NULL) {
		reply_err(c, ERR_NEEDREGGEDNICK, r->name);
		return (-1);
	}
	return (0);
}

/* away-notify: members with the capability learn a joiner is away. */
static void
cmd_room_away(struct room *r, struct user *u)
{
	struct member	*m;
	struct line	 l;

	line_init(&l, user_tags(u), u->prefix, "AWAY", u->away, NULL);
	l.account = u->account;
	TAILQ_FOREACH(m, &r->members, room_entry) {
		if (m->user != u &&
		    (conn_caps(m->user->conn) & CAP_AWAY_NOTIFY))
			conn_send_line(m->user->conn, &l);
	}
}

/*
 * The JOIN line to every member: with extended-join it carries the
 * account ("*": none) and the real name; with account-tag, the account.
 */
static void
cmd_room_join_send(struct room *r, struct user *u)
{
	static struct line	 plain, ext;	/* big: not on the stack */
	struct line		*l = &plain, *lx = &ext;
	struct member		*m;

	line_init(l, user_tags(u), u->prefix, "JOIN", r->name, NULL);
	line_init(lx, user_tags(u), u->prefix, "JOIN", r->name,
	    u->account != NULL ? u->account : "*",
	    u->realname != NULL ? u->realname : "", NULL);
	l->account = lx->account = u->account;
	TAILQ_FOREACH(m, &r->members, room_entry) {
		conn_send_line(m->user->conn,
		    (conn_caps(m->user->conn) & CAP_EXTENDED_JOIN) ? lx : l);
	}
	history_event(r, STORE_JOIN, l);
}

/* Join one room, creating it when new; JOIN, topic and names follow. */
static void
cmd_room_join(struct conn *c, const char *name, const char *key)
{
	struct user	*u = c->user;
	struct room	*r;
	struct member	*m;
	int		 inv;
	bool		 refused;

	if (!irc_room_valid(name, IRC_ROOM_MAX)) {
		reply_err(c, ERR_NOSUCHCHANNEL, name);
		return;
	}
	r = room_find(name);
	if (r != NULL && room_member(r, u) != NULL)
		return;
	if (cfg.max_joins != 0 && u->nrooms >= cfg.max_joins) {
		reply_err(c, ERR_TOOMANYCHANNELS, name);
		return;
	}
	if (r != NULL && cmd_room_admit(c, r, key) != 0)
		return;
	if (r == NULL) {
		r = room_new(name);
		history_room_restore(r);
		/* A kept key or +R still guards the room and its history; a
		 * kept +i seals the old history instead (no one could invite). */
		inv = r->modes & RMODE_INVITE;
		r->modes &= ~RMODE_INVITE;
		refused = cmd_room_admit(c, r, key) != 0;
		r->modes |= inv;
		if (refused) {
			room_discard(r);
			return;
		}
	}
	m = room_join(r, u);
	cmd_room_join_send(r, u);
	if (relay != NULL)
		relay->join(m);
	if (u->away != NULL)
		cmd_room_away(r, u);
	if (r->topic != NULL)
		cmd_room_topic_reply(c, r);
	cmd_room_names(c, r);
}

/* JOIN 0: leave every room, each with a PART. */
static void
cmd_room_part_all(struct conn *c)
{
	struct user	*u = c->user;
	struct member	*m;
	struct line	 l;

	while ((m = TAILQ_FIRST(&u->rooms)) != NULL) {
		line_init(&l, user_tags(u), u->prefix, "PART", m->room->name,
		    NULL);
		l.account = u->account;
		room_send(m->room, NULL, &l);
		history_event(m->room, STORE_PART, &l);
		if (relay != NULL)
			relay->part(m->room, u, &l);
		room_part(m);
	}
}

/* JOIN #a,#b [keya,keyb] | JOIN 0 */
void
cmd_join(struct conn *c, struct irc_msg *msg)
{
	char	names[IRC_LINE_MAX], keys[IRC_LINE_MAX];
	char	*np = names, *kp = keys, *name, *key;

	if (strcmp(msg->params[0], "0") == 0) {
		cmd_room_part_all(c);
		return;
	}
	strlcpy(names, msg->params[0], sizeof names);
	strlcpy(keys, msg->nparams > 1 ? msg->params[1] : "", sizeof keys);
	if (msg->nparams < 2)
		kp = NULL;
	while ((name = strsep(&np, ",")) != NULL &&
	    (c->flags & CONN_CLOSING) == 0) {
		key = kp != NULL ? strsep(&kp, ",") : NULL;
		if (*name != '\0')
			cmd_room_join(c, name, key);
	}
}

/* PART #a,#b [:reason] */
void
cmd_part(struct conn *c, struct irc_msg *msg)
{
	struct user	*u = c->user;
	struct room	*r;
	struct member	*m;
	struct line	 l;
	char		 names[IRC_LINE_MAX], *np = names, *name;
	const char	*reason = msg->nparams > 1 ? msg->params[1] : NULL;

	strlcpy(names, msg->params[0], sizeof names);
	while ((name = strsep(&np, ",")) != NULL) {
		if ((r = room_find(name)) == NULL)
			reply_err(c, ERR_NOSUCHCHANNEL, name);
		else if ((m = room_member(r, u)) == NULL)
			reply_err(c, ERR_NOTONCHANNEL, r->name);
		else {
			line_init(&l, user_tags(u), u->prefix, "PART",
			    r->name, reason, NULL);
			l.account = u->account;
			room_send(r, NULL, &l);
			history_event(r, STORE_PART, &l);
			if (relay != NULL)
				relay->part(r, u, &l);
			room_part(m);
		}
	}
}

/* 332 and 333 for a room with a topic. */
static void
cmd_room_topic_reply(struct conn *c, struct room *r)
{
	char	when[32];

	reply(c, RPL_TOPIC, r->name, r->topic, NULL);
	snprintf(when, sizeof when, "%lld", (long long)r->topic_time);
	reply(c, RPL_TOPICWHOTIME, r->name, r->topic_who, when, NULL);
}

/* TOPIC #r [:text] */
void
cmd_topic(struct conn *c, struct irc_msg *msg)
{
	struct user	*u = c->user;
	struct room	*r;
	struct member	*m;
	struct line	 l;

	r = room_find(msg->params[0]);
	m = r != NULL ? room_member(r, u) : NULL;
	/* RFC 2812: a secret room does not exist for outsiders. */
	if (r == NULL || (m == NULL && (r->modes & RMODE_SECRET))) {
		reply_err(c, ERR_NOSUCHCHANNEL, msg->params[0]);
		return;
	}
	if (msg->nparams < 2) {
		if (m == NULL && room_hidden(r, u))
			reply_err(c, ERR_NOTONCHANNEL, r->name);
		else if (r->topic == NULL)
			reply_err(c, RPL_NOTOPIC, r->name);
		else
			cmd_room_topic_reply(c, r);
		return;
	}
	if (m == NULL) {
		reply_err(c, ERR_NOTONCHANNEL, r->name);
		return;
	}
	if ((r->modes & RMODE_TOPIC) && (m->modes & MEMBER_OP) == 0 &&
	    !cmd_oper_override(c, r, "TOPIC")) {
		reply_err(c, ERR_CHANOPRIVSNEEDED, r->name);
		return;
	}
	room_set_topic(r, msg->params[1], u->nick);
	line_init(&l, user_tags(u), u->prefix, "TOPIC", r->name,
	    r->topic != NULL ? r->topic : "", NULL);
	l.account = u->account;
	room_send(r, NULL, &l);
	history_event(r, STORE_TOPIC, &l);
	history_room_save(r);
	if (relay != NULL)
		relay->topic(r, u, &l);
}

/* NAMES replies still going out: the entries as they were at the command
 * (a big room's names exceed a small sendq), room by room; an entry of
 * NULL ends a room with its 366. */
struct cmd_room_names {
	char		**rooms;
	size_t		  nrooms;
	struct cmd_room_names_item {
		size_t	  room;
		char	 *entry;
	}		 *items;
	size_t		  count;
	size_t		  next;
};

/* Free a NAMES in progress. */
static void
cmd_room_names_free(void *arg)
{
	struct cmd_room_names	*n = arg;
	size_t			 i;

	for (i = 0; i < n->nrooms; i++)
		free(n->rooms[i]);
	for (i = 0; i < n->count; i++)
		free(n->items[i].entry);
	free(n->rooms);
	free(n->items);
	free(n);
}

/* Queue one entry (NULL: the end of the last room). */
static void
cmd_room_names_add(struct cmd_room_names *n, char *entry)
{
	n->items = xreallocarray(n->items, n->count + 1, sizeof *n->items);
	n->items[n->count].room = n->nrooms - 1;
	n->items[n->count++].entry = entry;
}

/* 353 lines packed as full as a line allows, and 366s, while they fit. */
static void
cmd_room_names_more(struct conn *c, void *arg)
{
	struct cmd_room_names		*n = arg;
	struct cmd_room_names_item	*it = NULL;
	char				 buf[IRC_LINE_MAX], sym[2] = "=";
	const char			*room;
	size_t				 len = 0, avail;

	while (n->next < n->count && conn_may_add(c)) {
		it = &n->items[n->next++];
		room = n->rooms[it->room] + 1;
		sym[0] = n->rooms[it->room][0];
		if (it->entry == NULL) {
			if (len != 0)
				reply(c, RPL_NAMREPLY, sym, room, buf, NULL);
			len = 0;
			reply_err(c, RPL_ENDOFNAMES, room);
			continue;
		}
		avail = IRC_LINE_MAX - 2 - strlen(cfg.name) -
		    strlen(c->user->nick) - strlen(room) - 16;
		if (len != 0 && len + 1 + strlen(it->entry) > avail) {
			reply(c, RPL_NAMREPLY, sym, room, buf, NULL);
			len = 0;
		}
		if (len != 0)
			buf[len++] = ' ';
		len += strlcpy(buf + len, it->entry, sizeof buf - len);
	}
	if (len != 0)
		reply(c, RPL_NAMREPLY, sym, n->rooms[it->room] + 1, buf, NULL);
	if (n->next == n->count)
		conn_set_more(c, NULL, NULL, NULL);
}

/* All of r's 353 lines and its 366 at once. */
static void
cmd_room_names_now(struct conn *c, struct room *r)
{
	struct member	*m;
	char		 buf[IRC_LINE_MAX];
	const char	*p, *name;
	size_t		 len = 0, avail, plen, nlen;
	bool		 member = room_member(r, c->user) != NULL;
	bool		 all = c->caps & CAP_MULTI_PREFIX;
	bool		 uh = c->caps & CAP_USERHOST_IN_NAMES;

	/* Joining a big room costs this loop: copies, no printf. */
	avail = IRC_LINE_MAX - 2 - strlen(cfg.name) - strlen(c->user->nick) -
	    strlen(r->name) - 16;
	TAILQ_FOREACH(m, &r->members, room_entry) {
		if (!member && (m->user->modes & UMODE_INVISIBLE))
			continue;
		p = room_member_prefix(m, all);
		plen = strlen(p);
		name = uh ? m->user->prefix : m->user->nick;
		nlen = strlen(name);
		if (len != 0 && len + 1 + plen + nlen > avail) {
			buf[len] = '\0';
			reply(c, RPL_NAMREPLY, room_symbol(r), r->name, buf, NULL);
			len = 0;
		}
		if (len + 1 + plen + nlen >= sizeof buf)
			continue;	/* cannot happen: names are short */
		if (len != 0)
			buf[len++] = ' ';
		memcpy(buf + len, p, plen);
		memcpy(buf + len + plen, name, nlen);
		len += plen + nlen;
	}
	buf[len] = '\0';
	if (len != 0)
		reply(c, RPL_NAMREPLY, room_symbol(r), r->name, buf, NULL);
	reply_err(c, RPL_ENDOFNAMES, r->name);
}

/* Queue the names of r (NULL: none, only 366 for name) for c. */
static void
cmd_room_names_queue(struct conn *c, struct room *r, const char *name)
{
	struct cmd_room_names	*n = NULL;
	struct member		*m;
	char			*entry;
	bool			 member, all = c->caps & CAP_MULTI_PREFIX;
	size_t			 each = (c->caps & CAP_USERHOST_IN_NAMES) ?
				     USER_HOST_MAX + 2 * IRC_NICK_MAX : 40;

	/* Usually it all fits: no copy of the names is needed. */
	if (c->more == NULL && (r == NULL ||
	    conn_has_room(c, r->nmembers * each + IRC_LINE_MAX))) {
		if (r != NULL)
			cmd_room_names_now(c, r);
		else
			reply_err(c, RPL_ENDOFNAMES, name);
		return;
	}
	/* JOIN #a,#b: the second room joins the first's reply. */
	if (c->more == cmd_room_names_more)
		n = c->more_arg;
	else
		n = xcalloc(1, sizeof *n);
	n->rooms = xreallocarray(n->rooms, n->nrooms + 1, sizeof *n->rooms);
	/* The channel type of 353 goes first: "=#room". */
	xasprintf(&n->rooms[n->nrooms++], "%s%s", r != NULL ? room_symbol(r) :
	    "=", r != NULL ? r->name : name);
	if (r != NULL) {
		member = room_member(r, c->user) != NULL;
		TAILQ_FOREACH(m, &r->members, room_entry) {
			if (!member && (m->user->modes & UMODE_INVISIBLE))
				continue;
			xasprintf(&entry, "%s%s", room_member_prefix(m, all),
			    (c->caps & CAP_USERHOST_IN_NAMES) ?
			    m->user->prefix : m->user->nick);
			cmd_room_names_add(n, entry);
		}
	}
	cmd_room_names_add(n, NULL);
	if (c->more != cmd_room_names_more)
		conn_set_more(c, cmd_room_names_more, n, cmd_room_names_free);
}

/* 353 lines for r, then 366, paced to the client's reading. */
void
cmd_room_names(struct conn *c, struct room *r)
{
	cmd_room_names_queue(c, r, r->name);
}

/* NAMES [#a,#b]: hidden rooms and unknown names give only 366. */
void
cmd_names(struct conn *c, struct irc_msg *msg)
{
	struct room	*r;
	char		 names[IRC_LINE_MAX], *np = names, *name;

	if (msg->nparams == 0) {
		reply_err(c, RPL_ENDOFNAMES, "*");
		return;
	}
	strlcpy(names, msg->params[0], sizeof names);
	while ((name = strsep(&np, ",")) != NULL) {
		r = room_find(name);
		if (r != NULL && room_hidden(r, c->user))
			r = NULL;
		cmd_room_names_queue(c, r, name);
	}
}

/* One 322 line, unless the room is hidden from the asker. */
static void
cmd_room_list_one(struct room *r, void *arg)
{
	struct conn	*c = arg;
	char		 count[16];

	if (room_hidden(r, c->user))
		return;
	snprintf(count, sizeof count, "%u", r->nmembers);
	reply(c, RPL_LIST, r->name, count, r->topic != NULL ? r->topic : "",
	    NULL);
}

/* The rooms a LIST still has to show, by name: rooms may come and go
 * while the client reads. */
struct cmd_room_list {
	char	**names;
	size_t	  count;
	size_t	  next;
};

/* Free a LIST in progress. */
static void
cmd_room_list_free(void *arg)
{
	struct cmd_room_list	*l = arg;
	size_t			 i;

	for (i = 0; i < l->count; i++)
		free(l->names[i]);
	free(l->names);
	free(l);
}

/* Remember one room's name. */
static void
cmd_room_list_add(struct room *r, void *arg)
{
	struct cmd_room_list	*l = arg;

	l->names = xreallocarray(l->names, l->count + 1, sizeof *l->names);
	l->names[l->count++] = xstrdup(r->name);
}

/* As many 322 lines as the queue takes, then (at the end) 323. */
static void
cmd_room_list_more(struct conn *c, void *arg)
{
	struct cmd_room_list	*l = arg;
	struct room		*r;

	while (l->next < l->count && conn_may_add(c)) {
		if ((r = room_find(l->names[l->next++])) != NULL)
			cmd_room_list_one(r, c);
	}
	if (l->next == l->count) {
		reply_err(c, RPL_LISTEND, NULL);
		conn_set_more(c, NULL, NULL, NULL);
	}
}

/* Parse "<n", ">n", "C<n", "C>n", "T<n" or "T>n"; false when term is
 * none of them. */
static bool
cmd_room_list_cond(struct cmd_room_filter *f, const char *term)
{
	struct cmd_room_cond	 k;
	char			*end;

	k.what = 'U';
	if ((*term == 'C' || *term == 'c' || *term == 'T' || *term == 't') &&
	    (term[1] == '<' || term[1] == '>'))
		k.what = (char)toupper((unsigned char)*term++);
	if (*term != '<' && *term != '>')
		return (false);
	k.op = *term++;
	if (!isdigit((unsigned char)*term))
		return (true);		/* a malformed condition: ignored */
	k.val = strtol(term, &end, 10);
	if (*end != '\0' || f->nconds == CMD_ROOM_LIST_TERMS)
		return (true);
	f->conds[f->nconds++] = k;
	return (true);
}

/* Sort one comma-separated term of LIST into the filter. */
static void
cmd_room_list_term(struct cmd_room_filter *f, char *term)
{
	if (*term == '\0' || cmd_room_list_cond(f, term))
		return;
	if (*term == '!') {
		if (term[1] != '\0' && f->nnots < CMD_ROOM_LIST_TERMS)
			f->nots[f->nnots++] = term + 1;
		return;
	}
	if (f->nmasks == CMD_ROOM_LIST_TERMS)
		return;
	f->masks[f->nmasks++] = term;
	if (strpbrk(term, "*?") != NULL)
		f->globs = true;
}

/* Minutes as seconds; more minutes than that can hold mean "forever"
 * ("LIST C<99999999999999999999": strtol gives LONG_MAX). */
static long long
cmd_room_list_secs(long long minutes)
{
	return (minutes > LLONG_MAX / 60 ? LLONG_MAX : minutes * 60);
}

/* Whether one condition holds for r; ages are compared in seconds. */
static bool
cmd_room_list_test(const struct cmd_room_cond *k, const struct room *r,
    time_t now)
{
	long long	v, want = k->val;

	switch (k->what) {
	case 'C':
		v = (long long)(now - r->created);
		want = cmd_room_list_secs(want);
		break;
	case 'T':
		if (r->topic == NULL)
			return (false);	/* no topic: no topic time */
		v = (long long)(now - r->topic_time);
		want = cmd_room_list_secs(want);
		break;
	default:
		v = r->nmembers;
		break;
	}
	return (k->op == '<' ? v < want : v > want);
}

/* Whether r passes every part of the filter. */
static bool
cmd_room_list_match(const struct cmd_room_filter *f, const struct room *r)
{
	size_t	i;

	for (i = 0; i < f->nconds; i++) {
		if (!cmd_room_list_test(&f->conds[i], r, f->now))
			return (false);
	}
	for (i = 0; i < f->nnots; i++) {
		if (user_mask_match(f->nots[i], r->name))
			return (false);
	}
	for (i = 0; i < f->nmasks; i++) {
		if (user_mask_match(f->masks[i], r->name))
			return (true);
	}
	return (f->nmasks == 0);
}

/* Remember r when it passes the filter. */
static void
cmd_room_list_filter(struct room *r, void *arg)
{
	struct cmd_room_filter	*f = arg;

	if (cmd_room_list_match(f, r))
		cmd_room_list_add(r, f->list);
}

/* LIST [#a,#b|masks|conditions] [conditions]: rooms are chosen now and
 * shown paced to the client's reading (005 SAFELIST, ELIST=CMNTU). */
void
cmd_list(struct conn *c, struct irc_msg *msg)
{
	struct cmd_room_filter	 f;
	struct room		*r;
	char			 terms[2][IRC_LINE_MAX], *tp, *term;
	size_t			 i;
	int			 p;

	reply(c, RPL_LISTSTART, "Channel", irc_numeric_text(RPL_LISTSTART),
	    NULL);
	memset(&f, 0, sizeof f);
	f.now = time(NULL);
	f.list = xcalloc(1, sizeof *f.list);
	for (p = 0; p < msg->nparams && p < 2; p++) {
		strlcpy(terms[p], msg->params[p], sizeof terms[p]);
		tp = terms[p];
		while ((term = strsep(&tp, ",")) != NULL)
			cmd_room_list_term(&f, term);
	}
	if (f.nmasks != 0 && !f.globs) {
		/* Room names: found directly, not by walking every room. */
		for (i = 0; i < f.nmasks; i++) {
			r = room_find(f.masks[i]);
			if (r != NULL && cmd_room_list_match(&f, r))
				cmd_room_list_add(r, f.list);
		}
	} else
		room_foreach(cmd_room_list_filter, &f);
	conn_set_more(c, cmd_room_list_more, f.list, cmd_room_list_free);
}

/* Remove one target from r. */
static void
cmd_room_kick(struct conn *c, struct room *r, const char *nick,
    const char *reason)
{
	struct user	*t;
	struct member	*tm;
	struct line	 l;

	if ((t = user_find(nick)) == NULL || (t->conn->flags & CONN_REGISTERED)
	    == 0) {
		reply_err(c, ERR_NOSUCHNICK, nick);
		return;
	}
	if ((tm = room_member(r, t)) == NULL) {
		reply(c, ERR_USERNOTINCHANNEL, t->nick, r->name,
		    irc_numeric_text(ERR_USERNOTINCHANNEL), NULL);
		return;
	}
	line_init(&l, user_tags(c->user), c->user->prefix, "KICK", r->name,
	    t->nick, reason, NULL);
	l.account = c->user->account;
	room_send(r, NULL, &l);
	history_event(r, STORE_KICK, &l);
	if (room_member(r, c->user) == NULL)
		conn_send_line(c, &l);	/* an operator's override */
	if (relay != NULL)
		relay->kick(r, c->user, t, &l);
	room_part(tm);
}

/* KICK #r nick[,nick] [:reason] */
void
cmd_kick(struct conn *c, struct irc_msg *msg)
{
	struct room	*r;
	struct member	*m;
	char		 nicks[IRC_LINE_MAX], reason[ROOM_KICK_MAX + 1];
	char		*np = nicks, *nick;
	const char	*text;
	bool		 self;

	if ((r = room_find(msg->params[0])) == NULL) {
		reply_err(c, ERR_NOSUCHCHANNEL, msg->params[0]);
		return;
	}
	m = room_member(r, c->user);
	if ((m == NULL || (m->modes & MEMBER_OP) == 0) &&
	    !cmd_oper_override(c, r, "KICK")) {
		reply_err(c, m == NULL ? ERR_NOTONCHANNEL :
		    ERR_CHANOPRIVSNEEDED, r->name);
		return;
	}
	text = msg->nparams > 2 && *msg->params[2] != '\0' ? msg->params[2] :
	    c->user->nick;
	snprintf(reason, sizeof reason, "%.*s", (int)utf8_boundary(text,
	    strlen(text), ROOM_KICK_MAX), text);
	strlcpy(nicks, msg->params[1], sizeof nicks);
	while ((nick = strsep(&np, ",")) != NULL) {
		/* Kicking oneself may free the room: stop there. */
		self = user_find(nick) == c->user;
		cmd_room_kick(c, r, nick, reason);
		if (self)
			break;
	}
}

/* 336 when the asker holds an invitation to r. */
static void
cmd_room_invite_list(struct room *r, void *arg)
{
	struct conn	*c = arg;

	if (room_invited(r, c->user))
		reply(c, RPL_INVITELIST, r->name, NULL);
}

/* INVITE nick #r | INVITE (the rooms one is invited to: 336s, 337) */
void
cmd_invite(struct conn *c, struct irc_msg *msg)
{
	struct user	*u = c->user, *t;
	struct room	*r;
	struct member	*m;
	struct line	 l;

	if (msg->nparams == 0) {
		room_foreach(cmd_room_invite_list, c);
		reply_err(c, RPL_ENDOFINVITELIST, NULL);
		return;
	}
	if (msg->nparams < 2) {
		reply_err(c, ERR_NEEDMOREPARAMS, "INVITE");
		return;
	}

	t = user_find(msg->params[0]);
	if (t == NULL || (t->conn->flags & CONN_REGISTERED) == 0) {
		reply_err(c, ERR_NOSUCHNICK, msg->params[0]);
		return;
	}
	if ((r = room_find(msg->params[1])) == NULL) {
		reply_err(c, ERR_NOSUCHCHANNEL, msg->params[1]);
		return;
	}
	if ((m = room_member(r, u)) == NULL) {
		reply_err(c, ERR_NOTONCHANNEL, r->name);
		return;
	}
	if ((r->modes & RMODE_INVITE) && (m->modes & MEMBER_OP) == 0) {
		reply_err(c, ERR_CHANOPRIVSNEEDED, r->name);
		return;
	}
	if (room_member(r, t) != NULL) {
		reply(c, ERR_USERONCHANNEL, t->nick, r->name,
		    irc_numeric_text(ERR_USERONCHANNEL), NULL);
		return;
	}
	room_invite_add(r, t);
	reply(c, RPL_INVITING, t->nick, r->name, NULL);
	if (t->away != NULL)
		reply(c, RPL_AWAY, t->nick, t->away, NULL);
	line_init(&l, user_tags(u), u->prefix, "INVITE", t->nick, r->name,
	    NULL);
	conn_send_line(t->conn, &l);
	if (relay != NULL)
		relay->invite(r, u, t, &l);
	cmd_room_invite_notify(r, u, &l);
}

/*
 * invite-notify: the members who could invite too (all of them, or the
 * operators of a +i room) and have the capability hear of it.
 */
static void
cmd_room_invite_notify(struct room *r, struct user *u, struct line *l)
{
	struct member	*m;

	TAILQ_FOREACH(m, &r->members, room_entry) {
		if (m->user == u || ((r->modes & RMODE_INVITE) &&
		    (m->modes & MEMBER_OP) == 0))
			continue;
		if (conn_caps(m->user->conn) & CAP_INVITE_NOTIFY)
			conn_send_line(m->user->conn, l);
	}
}
