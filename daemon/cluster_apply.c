/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * Events from the bus applied to the replica, in the bus's order, with
 * the lines this node's members must see. Our own events changed the
 * local state already when they were made; of them only room messages
 * (delivered here, in the bus order) and absolute room state (topic,
 * modes: the bus order decides between nodes) are applied again. Nothing
 * here writes history: the node where a line was made did.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"
#include "irc_case.h"
#include "log.h"
#include "daemon.h"
#include "settings.h"
#include "cap.h"
#include "cmd.h"
#include "conn.h"
#include "label.h"
#include "line.h"
#include "room.h"
#include "user.h"
#include "cluster.h"

typedef void cluster_apply_fn(struct cluster_msg *, bool own);

static cluster_apply_fn cluster_apply_hello, cluster_apply_ping,
    cluster_apply_splitmsg, cluster_apply_user, cluster_apply_nick,
    cluster_apply_quit, cluster_apply_join, cluster_apply_part,
    cluster_apply_kick, cluster_apply_topic, cluster_apply_room,
    cluster_apply_mode, cluster_apply_msg, cluster_apply_away,
    cluster_apply_invite, cluster_apply_kill, cluster_apply_end;

/* By type letter; own: whether it runs for our own events too. */
static const struct cluster_apply_entry {
	char			 type;
	cluster_apply_fn	*fn;
	bool			 own;
} cluster_apply_table[] = {
	{ CLUSTER_AWAY, cluster_apply_away, false },
	{ CLUSTER_END, cluster_apply_end, false },
	{ CLUSTER_KILL, cluster_apply_kill, false },
	{ CLUSTER_HELLO, cluster_apply_hello, false },
	{ CLUSTER_INVITE, cluster_apply_invite, false },
	{ CLUSTER_JOIN, cluster_apply_join, false },
	{ CLUSTER_KICK, cluster_apply_kick, false },
	{ CLUSTER_PART, cluster_apply_part, false },
	{ CLUSTER_MODE, cluster_apply_mode, true },
	{ CLUSTER_NICK, cluster_apply_nick, false },
	{ CLUSTER_PING, cluster_apply_ping, false },
	{ CLUSTER_QUIT, cluster_apply_quit, false },
	{ CLUSTER_ROOM, cluster_apply_room, false },
	{ CLUSTER_SPLIT, cluster_apply_splitmsg, true },
	{ CLUSTER_TOPIC, cluster_apply_topic, true },
	{ CLUSTER_USER, cluster_apply_user, false },
	{ CLUSTER_MSG, cluster_apply_msg, true },
};

struct cluster_apply_set {
	struct cluster_user	**all;
	size_t			  n;
	unsigned int		  node;		/* or CLUSTER_NODE_MAX + 1 */
	unsigned long		  gen;
	bool			  stale;	/* only the stale of node */
};

static struct line	cluster_apply_l;	/* big: not on the stack */
static char		cluster_apply_copy[CLUSTER_MSG_MAX + 1];

static struct line *cluster_apply_line(const struct cluster_msg *);
static struct cluster_user *cluster_apply_remote(const char *);
static void	cluster_apply_join_send(struct room *, struct user *);
static void	cluster_apply_rooms(struct cluster_user *, const char *);
static void	cluster_apply_gone(struct cluster_user *, const char *);
static void	cluster_apply_lists(struct room *, const struct cluster_line *);
static void	cluster_apply_collect(struct cluster_user *, void *);
static void	cluster_apply_mark(struct cluster_user *, void *);
static long long cluster_apply_num(const char *);
static void	cluster_apply_masks(struct room *, const char *);
static void	cluster_apply_changed(struct user *, const struct cluster_msg *);
static void	cluster_apply_echo(struct user *, struct room *, struct line *,
		    int);

/* A decimal field (checked digits only by the decoder where it matters). */
static long long
cluster_apply_num(const char *s)
{
	return (strtoll(s, NULL, 10));
}

/* One event as it came from Redis. */
void
cluster_apply(const char *buf, size_t len)
{
	struct cluster_msg			 m;
	const struct cluster_apply_entry	*e;
	struct cluster_node			*n;
	size_t					 i;
	bool					 own;

	if (!cluster_msg_decode(&m, buf, len, cluster_apply_copy)) {
		log_debug("cluster: an event of %zu bytes refused", len);
		return;
	}
	own = m.node == cluster_self();
	if (!own && (n = cluster_node_get(m.node)) != NULL) {
		n->seen_ms = cluster_now_ms();
		n->alive = true;
	}
	for (i = 0; i < sizeof cluster_apply_table /
	    sizeof cluster_apply_table[0]; i++) {
		e = &cluster_apply_table[i];
		if (e->type == (char)m.type && (!own || e->own)) {
			e->fn(&m, own);
			break;
		}
	}
}

/* The event's line as a struct line (valid until the next event). */
static struct line *
cluster_apply_line(const struct cluster_msg *m)
{
	struct line		*l = &cluster_apply_l;
	const struct cluster_line *cl = &m->line;
	int			 i;

	memset(l->len, 0, sizeof l->len);
	l->source = cl->source;
	l->verb = cl->verb;
	l->ctags = *cl->tags != '\0' ? cl->tags : NULL;
	l->tags_only = strcmp(cl->verb, "TAGMSG") == 0;
	l->account = *cl->account != '\0' ? cl->account : NULL;
	strlcpy(l->msgid, cl->msgid, sizeof l->msgid);
	l->tv.tv_sec = (time_t)(cl->ms / 1000);
	l->tv.tv_usec = (suseconds_t)(cl->ms % 1000) * 1000;
	l->nparams = cl->nparams;
	for (i = 0; i < cl->nparams; i++)
		l->params[i] = cl->params[i];
	return (l);
}

/* The replica of uid (a user of another node), or NULL. */
static struct cluster_user *
cluster_apply_remote(const char *uid)
{
	struct cluster_user	*cu = cluster_user_find(uid);

	if (cu == NULL || (cu->user->conn->flags & CONN_REMOTE) == 0)
		return (NULL);
	return (cu);
}

/* Another node (re)joined: its replicas wait for its burst, and it
 * wants our users. */
static void
cluster_apply_hello(struct cluster_msg *m, bool own)
{
	struct cluster_node	*n = cluster_node_get(m->node);
	unsigned int		 node = m->node;

	cluster_user_foreach(cluster_apply_mark, &node);
	strlcpy(n->name, m->arg[0], sizeof n->name);
	cluster_notice("node %u (%s) joined", m->node, n->name);
	cluster_burst();
}

/* Marks a replica of the node in arg as waiting for its burst. */
static void
cluster_apply_mark(struct cluster_user *cu, void *arg)
{
	if (cu->home == *(unsigned int *)arg &&
	    (cu->user->conn->flags & CONN_REMOTE))
		cu->stale = true;
}

/* A node's burst is over: its replicas it did not name are gone. */
static void
cluster_apply_end(struct cluster_msg *m, bool own)
{
	struct cluster_apply_set	s = { NULL, 0, m->node, 0, true };

	s.all = xcalloc(user_count() + 1, sizeof *s.all);
	cluster_user_foreach(cluster_apply_collect, &s);
	while (s.n > 0)
		cluster_apply_gone(s.all[--s.n], CLUSTER_SPLIT_REASON);
	free(s.all);
}

/* A heartbeat (the node was marked seen already). */
static void
cluster_apply_ping(struct cluster_msg *m, bool own)
{
	strlcpy(cluster_node_get(m->node)->name, m->arg[0],
	    sizeof cluster_node_get(m->node)->name);
}

/* A node was split off; if it is us, we come back. */
static void
cluster_apply_splitmsg(struct cluster_msg *m, bool own)
{
	unsigned int	node = (unsigned int)cluster_apply_num(m->arg[0]);

	if (node > CLUSTER_NODE_MAX)
		return;
	if (node == cluster_self()) {
		if (!own) {
			cluster_notice("the others split us off: rejoining");
			cluster_rejoin();
		}
		return;
	}
	cluster_node_get(node)->alive = false;
	cluster_apply_split(node, *m->arg[1] != '\0' ? m->arg[1] :
	    CLUSTER_SPLIT_REASON);
}

/* QUIT lines for u to the local co-members, then the replica goes. */
static void
cluster_apply_gone(struct cluster_user *cu, const char *reason)
{
	struct user	*u = cu->user;
	struct line	 l;

	if (u->listed) {
		line_init(&l, user_tags(u), u->prefix, "QUIT", reason, NULL);
		l.account = u->account;
		room_send_common(u, &l, false, 0);
		cmd_monitor_offline(u);
	}
	cluster_user_drop(cu);
}

/* Collects the replicas of a node, or those older than a generation. */
static void
cluster_apply_collect(struct cluster_user *cu, void *arg)
{
	struct cluster_apply_set	*s = arg;

	if ((cu->user->conn->flags & CONN_REMOTE) == 0)
		return;
	if (s->node <= CLUSTER_NODE_MAX ? cu->home == s->node &&
	    (!s->stale || cu->stale) : cu->gen < s->gen)
		s->all[s->n++] = cu;
}

/* Every user of node quits with reason. */
void
cluster_apply_split(unsigned int node, const char *reason)
{
	struct cluster_apply_set	s = { NULL, 0, node, 0, false };
	char				why[160];

	strlcpy(why, reason, sizeof why);
	s.all = xcalloc(user_count() + 1, sizeof *s.all);
	cluster_user_foreach(cluster_apply_collect, &s);
	while (s.n > 0)
		cluster_apply_gone(s.all[--s.n], why);
	free(s.all);
}

/* Replicas nobody has confirmed since generation gen quit. */
void
cluster_apply_stale(unsigned long gen)
{
	struct cluster_apply_set	s = { NULL, 0, CLUSTER_NODE_MAX + 1,
					    gen, false };

	s.all = xcalloc(user_count() + 1, sizeof *s.all);
	cluster_user_foreach(cluster_apply_collect, &s);
	while (s.n > 0)
		cluster_apply_gone(s.all[--s.n], CLUSTER_SPLIT_REASON);
	free(s.all);
}

/* A user of another node, new or again (a burst): the replica follows. */
static void
cluster_apply_user(struct cluster_msg *m, bool own)
{
	struct cluster_user	*cu = cluster_user_find(m->uid);
	struct user		*u, *other;

	if (cu != NULL && (cu->user->conn->flags & CONN_REMOTE) == 0)
		return;
	other = user_find(m->arg[0]);
	if (other != NULL && (cu == NULL || other != cu->user)) {
		if ((other->conn->flags & CONN_REMOTE) == 0 ||
		    other->cluster == NULL) {
			log_warnx("cluster: %s of node %u collides here",
			    m->arg[0], m->node);
			return;
		}
		cluster_apply_gone(other->cluster, CLUSTER_SPLIT_REASON);
	}
	if (cu == NULL)
		cu = cluster_user_remote(m->uid, m->node);
	u = cu->user;
	cu->gen = cluster_gen();
	cu->stale = false;
	strlcpy(cluster_node_get(m->node)->name, m->arg[9],
	    sizeof cluster_node_get(m->node)->name);
	user_set_host(u, m->arg[1], m->arg[2]);
	strlcpy(u->ip, m->arg[2], sizeof u->ip);
	free(u->realname);
	u->realname = xstrdup(m->arg[3]);
	free(u->account);
	u->account = *m->arg[4] != '\0' ? xstrdup(m->arg[4]) : NULL;
	user_set_away(u, *m->arg[5] != '\0' ? m->arg[5] : NULL);
	user_set_modes(u, (int)cluster_apply_num(m->arg[6]));
	u->signon = (time_t)cluster_apply_num(m->arg[7]);
	if (strcmp(u->nick, m->arg[0]) != 0) {
		if (user_set_nick(u, m->arg[0]) != 0)
			return;
		cmd_monitor_online(u);
	}
	cluster_apply_rooms(cu, m->arg[8]);
	if (m->has_line)
		cluster_apply_changed(u, m);
}

/* The line of a change (CHGHOST, SETNAME, ACCOUNT) to the local
 * co-members and watchers with the capability it needs. */
static void
cluster_apply_changed(struct user *u, const struct cluster_msg *m)
{
	static const struct {
		const char	*verb;
		unsigned int	 cap;
	} caps[] = {
		{ "ACCOUNT", CAP_ACCOUNT_NOTIFY },
		{ "CHGHOST", CAP_CHGHOST },
		{ "SETNAME", CAP_SETNAME },
	};
	struct line	*l;
	size_t		 i;

	for (i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		if (strcmp(m->line.verb, caps[i].verb) == 0)
			break;
	}
	if (i == sizeof caps / sizeof caps[0])
		return;
	l = cluster_apply_line(m);
	room_send_common(u, l, false, caps[i].cap);
	cmd_monitor_send(u, l, caps[i].cap);
}

/* Make u's memberships those of list ("3#a 0#b"), with the lines. */
static void
cluster_apply_rooms(struct cluster_user *cu, const char *list)
{
	struct user	*u = cu->user;
	struct member	*mb, *next;
	struct room	*r;
	char		*copy, *p, *word, *name, line[IRC_LINE_MAX];
	struct line	 l;

	copy = xstrdup(list);
	p = copy;
	/* Rooms left meanwhile: a PART each. */
	for (mb = TAILQ_FIRST(&u->rooms); mb != NULL; mb = next) {
		next = TAILQ_NEXT(mb, user_entry);
		snprintf(line, sizeof line, " %s ", list);
		if ((name = strstr(line, mb->room->name)) != NULL &&
		    name[strlen(mb->room->name)] == ' ')
			continue;
		line_init(&l, user_tags(u), u->prefix, "PART",
		    mb->room->name, NULL);
		room_send(mb->room, NULL, &l);
		room_part(mb);
	}
	while ((word = strsep(&p, " ")) != NULL) {
		name = word + strspn(word, "0123456789");
		if (!irc_room_valid(name, IRC_ROOM_MAX))
			continue;
		if ((r = room_find(name)) == NULL)
			r = room_new(name);
		if ((mb = room_member(r, u)) == NULL) {
			mb = room_join(r, u);
			cluster_apply_join_send(r, u);
		}
		mb->modes = atoi(word);
	}
	free(copy);
}

/* A remote user's new nick. */
static void
cluster_apply_nick(struct cluster_msg *m, bool own)
{
	struct cluster_user	*cu = cluster_apply_remote(m->uid);
	struct user		*u, *other;
	struct line		*l;

	if (cu == NULL || !m->has_line)
		return;
	u = cu->user;
	other = user_find(m->arg[0]);
	if (other != NULL && other != u) {
		log_warnx("cluster: nick %s of node %u collides here",
		    m->arg[0], m->node);
		return;
	}
	l = cluster_apply_line(m);
	if (other == NULL)
		cmd_monitor_offline(u);
	cmd_whowas_add(u);
	room_send_common(u, l, false, 0);
	if (user_set_nick(u, m->arg[0]) == 0 && other == NULL)
		cmd_monitor_online(u);
}

/* A remote user quit. */
static void
cluster_apply_quit(struct cluster_msg *m, bool own)
{
	struct cluster_user	*cu = cluster_apply_remote(m->uid);
	const char		*reason;

	if (cu == NULL)
		return;
	reason = m->line.nparams > 0 ? m->line.params[0] : "";
	cluster_apply_gone(cu, reason);
}

/* The JOIN line to the local members (extended-join as they asked). */
static void
cluster_apply_join_send(struct room *r, struct user *u)
{
	static struct line	 plain, ext;
	struct member		*mb;

	line_init(&plain, user_tags(u), u->prefix, "JOIN", r->name, NULL);
	line_init(&ext, user_tags(u), u->prefix, "JOIN", r->name,
	    u->account != NULL ? u->account : "*",
	    u->realname != NULL ? u->realname : "", NULL);
	plain.account = ext.account = u->account;
	TAILQ_FOREACH(mb, &r->members, room_entry) {
		conn_send_line(mb->user->conn,
		    (conn_caps(mb->user->conn) & CAP_EXTENDED_JOIN) ? &ext :
		    &plain);
	}
}

/* A remote user joined (the room is made when new here). */
static void
cluster_apply_join(struct cluster_msg *m, bool own)
{
	struct cluster_user	*cu = cluster_apply_remote(m->uid);
	struct room		*r;
	struct member		*mb;

	if (cu == NULL)
		return;
	if ((r = room_find(m->room)) == NULL)
		r = room_new(m->room);
	if ((mb = room_member(r, cu->user)) == NULL) {
		mb = room_join(r, cu->user);
		cluster_apply_join_send(r, cu->user);
	}
	mb->modes = atoi(m->arg[0]);
}

/* A remote user parted. */
static void
cluster_apply_part(struct cluster_msg *m, bool own)
{
	struct cluster_user	*cu = cluster_apply_remote(m->uid);
	struct room		*r = room_find(m->room);
	struct member		*mb;

	if (cu == NULL || r == NULL ||
	    (mb = room_member(r, cu->user)) == NULL)
		return;
	room_send(r, NULL, cluster_apply_line(m));
	room_part(mb);
}

/* Someone of another node kicked someone (maybe one of ours). */
static void
cluster_apply_kick(struct cluster_msg *m, bool own)
{
	struct cluster_user	*tu = cluster_user_find(m->target);
	struct room		*r = room_find(m->room);
	struct member		*mb;

	if (tu == NULL || r == NULL || (mb = room_member(r, tu->user)) == NULL)
		return;
	room_send(r, NULL, cluster_apply_line(m));
	room_part(mb);
}

/* A topic; ours again only when another node's came between. */
static void
cluster_apply_topic(struct cluster_msg *m, bool own)
{
	struct room	*r = room_find(m->room);
	const char	*now;

	if (r == NULL)
		return;
	now = r->topic != NULL ? r->topic : "";
	if (own && strcmp(now, m->arg[0]) == 0)
		return;
	room_set_topic(r, m->arg[0], m->arg[1]);
	r->topic_time = (time_t)cluster_apply_num(m->arg[2]);
	if (m->has_line)
		room_send(r, NULL, cluster_apply_line(m));
}

/* A room's state in a burst: modes, key, limit, the older creation. */
static void
cluster_apply_room(struct cluster_msg *m, bool own)
{
	struct room	*r = room_find(m->room);
	time_t		 created;

	if (r == NULL)
		return;
	r->modes = (int)cluster_apply_num(m->arg[0]);
	room_set_key(r, *m->arg[1] != '\0' ? m->arg[1] : NULL);
	r->limit = (unsigned int)cluster_apply_num(m->arg[2]);
	created = (time_t)cluster_apply_num(m->arg[3]);
	if (created != 0 && created < r->created)
		r->created = created;
	if (*m->arg[4] != '\0' && (r->topic == NULL ||
	    strcmp(r->topic, m->arg[4]) != 0)) {
		room_set_topic(r, m->arg[4], m->arg[5]);
		r->topic_time = (time_t)cluster_apply_num(m->arg[6]);
	}
	cluster_apply_masks(r, m->arg[7]);
}

/* The list masks of a burst ("bMASK eMASK IMASK"), added when new. */
static void
cluster_apply_masks(struct room *r, const char *lists)
{
	char	*copy, *p, *word;

	copy = p = xstrdup(lists);
	while ((word = strsep(&p, " ")) != NULL) {
		if (word[0] != '\0' && strchr("beI", word[0]) != NULL &&
		    word[1] != '\0')
			(void)room_list_add(r, word[0], word + 1, cfg.name);
	}
	free(copy);
}

/* Member and list modes of a MODE line ("+ob-k nick mask *"). */
static void
cluster_apply_lists(struct room *r, const struct cluster_line *l)
{
	struct user	*u;
	struct member	*mb;
	const char	*p, *arg;
	char		 dir = '+';
	int		 next = 2, bit;

	if (l->nparams < 2)
		return;
	for (p = l->params[1]; *p != '\0'; p++) {
		if (*p == '+' || *p == '-') {
			dir = *p;
			continue;
		}
		if (strchr("ovbeIk", *p) == NULL && !(*p == 'l' && dir == '+'))
			continue;
		if (next >= l->nparams)
			return;
		arg = l->params[next++];
		if (*p == 'o' || *p == 'v') {
			bit = *p == 'o' ? MEMBER_OP : MEMBER_VOICE;
			if ((u = user_find(arg)) == NULL ||
			    (mb = room_member(r, u)) == NULL)
				continue;
			mb->modes = dir == '+' ? mb->modes | bit :
			    mb->modes & ~bit;
		} else if (*p == 'b' || *p == 'e' || *p == 'I') {
			if (dir == '+')
				room_list_add(r, *p, arg, l->source);
			else
				room_list_del(r, *p, arg);
		}
	}
}

/* Modes: the absolute ones, then member and list changes. */
static void
cluster_apply_mode(struct cluster_msg *m, bool own)
{
	struct room	*r = room_find(m->room);
	int		 modes = (int)cluster_apply_num(m->arg[0]);
	unsigned int	 limit = (unsigned int)cluster_apply_num(m->arg[2]);
	const char	*key = *m->arg[1] != '\0' ? m->arg[1] : NULL;
	bool		 same;

	if (r == NULL)
		return;
	same = r->modes == modes && r->limit == limit &&
	    ((r->key == NULL && key == NULL) ||
	    (r->key != NULL && key != NULL && strcmp(r->key, key) == 0));
	if (own && same)
		return;
	r->modes = modes;
	r->limit = limit;
	room_set_key(r, key);
	if (!own)
		cluster_apply_lists(r, &m->line);
	room_send(r, NULL, cluster_apply_line(m));
}

/* A message: to a room (every node's members, in the bus's order), or
 * to one local user. */
static void
cluster_apply_msg(struct cluster_msg *m, bool own)
{
	struct cluster_user	*cu = cluster_user_find(m->uid);
	struct cluster_user	*tu;
	struct user		*except = NULL;
	struct room		*r;
	struct line		*l;
	int			 need = atoi(m->arg[0]);

	if (own)
		cluster_pending_done(m->seq);
	if (*m->target != '\0') {
		tu = cluster_user_find(m->target);
		if (!own && tu != NULL &&
		    (tu->user->conn->flags & CONN_REMOTE) == 0)
			conn_send_line(tu->user->conn, cluster_apply_line(m));
		return;
	}
	r = room_find(m->room);
	if (own && cu != NULL && (*m->arg[1] == '\0' || *m->arg[2] == 'L'))
		except = cu->user;
	l = cluster_apply_line(m);
	if (r != NULL && need != 0)
		room_send_status(r, except, l, need);
	else if (r != NULL)
		room_send(r, except, l);
	if (except != NULL && *m->arg[2] == 'L')
		cluster_apply_echo(except, r, l, need);
}

/* The echo of a labeled message, in its label; the sender's input goes
 * on once the last one is out. */
static void
cluster_apply_echo(struct user *u, struct room *r, struct line *l, int need)
{
	struct member	*mb;

	label_resume(u->conn);
	mb = r != NULL ? room_member(r, u) : NULL;
	if (r != NULL && (need == 0 || (mb != NULL && (mb->modes & need))))
		conn_send_line(u->conn, l);
	if (label_resumed(u->conn))
		conn_hold(u->conn, false);
}

/* AWAY of a remote user: away-notify to the local co-members. */
static void
cluster_apply_away(struct cluster_msg *m, bool own)
{
	struct cluster_user	*cu = cluster_apply_remote(m->uid);
	struct line		*l;

	if (cu == NULL || !m->has_line)
		return;
	user_set_away(cu->user, *m->arg[0] != '\0' ? m->arg[0] : NULL);
	l = cluster_apply_line(m);
	room_send_common(cu->user, l, false, CAP_AWAY_NOTIFY);
	cmd_monitor_send(cu->user, l, CAP_AWAY_NOTIFY);
}

/* An invitation: kept everywhere, the line to the invitee's node. */
static void
cluster_apply_invite(struct cluster_msg *m, bool own)
{
	struct cluster_user	*tu = cluster_user_find(m->target);
	struct room		*r = room_find(m->room);

	if (tu == NULL || r == NULL)
		return;
	room_invite_add(r, tu->user);
	if ((tu->user->conn->flags & CONN_REMOTE) == 0)
		conn_send_line(tu->user->conn, cluster_apply_line(m));
}

/* An operator of another node killed one of our users. */
static void
cluster_apply_kill(struct cluster_msg *m, bool own)
{
	struct cluster_user	*tu = cluster_user_find(m->target);

	if (tu != NULL && (tu->user->conn->flags & CONN_REMOTE) == 0)
		conn_close(tu->user->conn, m->arg[0]);
}
