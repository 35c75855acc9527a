/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * The cluster's side of the relay hooks: each change of a local user
 * becomes an event on the bus. Also the heartbeat (a PING event and the
 * lease every second; a node silent for CLUSTER_DEAD_MS is split off),
 * the resync after Redis comes back, and room messages still in flight
 * when Redis goes away (delivered locally then, never dropped).
 */

#include <sys/queue.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "xmalloc.h"
#include "irc_case.h"
#include "irc_numeric.h"
#include "log.h"
#include "daemon.h"
#include "settings.h"
#include "cmd.h"
#include "conn.h"
#include "label.h"
#include "line.h"
#include "relay.h"
#include "reply.h"
#include "room.h"
#include "user.h"
#include "cluster.h"

/* A room message of ours published and not yet back from the bus. */
struct cluster_pending {
	uint64_t			 seq;
	size_t				 len;
	char				*buf;
	TAILQ_ENTRY(cluster_pending)	 entry;
};
TAILQ_HEAD(cluster_pending_list, cluster_pending);

/* A NICK waiting for its claim. */
struct cluster_claiming {
	struct conn			*c;	/* NULL: it went away */
	char				 nick[IRC_NICK_MAX + 1];
	char				 fold[IRC_NICK_MAX + 1];
	bool				 labeled;	/* its reply is */
	LIST_ENTRY(cluster_claiming)	 entry;
};

static struct {
	struct event_base		*base;
	unsigned int			 self;
	uint64_t			 seq;
	unsigned long			 gen;
	struct event			*tick;
	struct event			*settle;
	struct cluster_pending_list	 pending;
	LIST_HEAD(, cluster_claiming)	 claims;
	char				 buf[CLUSTER_MSG_MAX];
	size_t				 len;
	int64_t				 last_tick;
} cl;

static bool	cluster_nick_claim(struct conn *, const char *);
static void	cluster_registered(struct user *);
static void	cluster_nick(struct user *, struct line *);
static void	cluster_quit(struct user *, const char *);
static void	cluster_away(struct user *);
static void	cluster_join(struct member *);
static void	cluster_part(struct room *, struct user *, struct line *);
static void	cluster_kick(struct room *, struct user *, struct user *,
		    struct line *);
static void	cluster_topic(struct room *, struct user *, struct line *);
static void	cluster_mode(struct room *, struct user *, struct line *);
static void	cluster_invite(struct room *, struct user *, struct user *,
		    struct line *);
static bool	cluster_room_msg(struct room *, struct user *, struct line *,
		    int, bool);
static void	cluster_dm(struct user *, struct user *, struct line *);
static void	cluster_kill(struct user *, const char *);
static const char *cluster_server(const struct user *);
static void	cluster_nodes(void (*)(const char *, void *), void *);
static void	cluster_nodes_cb(struct cluster_node *, void *);
static bool	cluster_event(struct cluster_msg *, char, struct user *,
		    struct line *);
static void	cluster_line(struct cluster_msg *, struct line *);
static void	cluster_claim_cb(void *, bool);
static void	cluster_reclaim_cb(void *, bool);
static void	cluster_claim_none(void *, bool);
static void	cluster_claim_reply(struct conn *, struct cluster_claiming *,
		    bool);
static void	cluster_tick_cb(evutil_socket_t, short, void *);
static void	cluster_settle_cb(evutil_socket_t, short, void *);
static void	cluster_check_node(struct cluster_node *, void *);
static void	cluster_seen_now(struct cluster_node *, void *);
static void	cluster_burst_user(struct user *, void *);
static void	cluster_user_publish(struct user *, struct line *);
static void	cluster_changed(struct user *, struct line *);
static void	cluster_burst_room(struct room *, void *);
static char	*cluster_burst_lists(struct room *);
static void	cluster_reclaim_user(struct user *, void *);
static void	cluster_notice_user(struct user *, void *);
static void	cluster_stop_split(void);
static bool	cluster_local(const struct user *);

static const struct relay_ops cluster_relay = {
	.nick_claim = cluster_nick_claim,
	.registered = cluster_registered,
	.nick = cluster_nick,
	.quit = cluster_quit,
	.away = cluster_away,
	.join = cluster_join,
	.part = cluster_part,
	.kick = cluster_kick,
	.topic = cluster_topic,
	.mode = cluster_mode,
	.invite = cluster_invite,
	.room_msg = cluster_room_msg,
	.dm = cluster_dm,
	.kill = cluster_kill,
	.server = cluster_server,
	.nodes = cluster_nodes,
	.changed = cluster_changed,
};

/* Milliseconds of the wall clock. */
int64_t
cluster_now_ms(void)
{
	struct timeval	tv;

	gettimeofday(&tv, NULL);
	return ((int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000);
}

/* This node's number (0 until Redis gave one). */
unsigned int
cluster_self(void)
{
	return (cl.self);
}

/* Our number, drawn at the first connection and kept. */
void
cluster_set_self(unsigned int n)
{
	cl.self = n;
	strlcpy(cluster_node_get(n)->name, cfg.name,
	    sizeof cluster_node_get(n)->name);
}

/* A node's server name as it announced itself. */
const char *
cluster_node_name(unsigned int node)
{
	struct cluster_node	*n = cluster_node_get(node);

	return (n != NULL ? n->name : "*");
}

/* Join the cluster at url: the hooks are live from now on. */
int
cluster_start(struct event_base *base, const char *url, char **cause)
{
	struct timeval	tv = { CLUSTER_PING_MS / 1000,
			    (CLUSTER_PING_MS % 1000) * 1000 };

	memset(&cl, 0, sizeof cl);
	cl.base = base;
	TAILQ_INIT(&cl.pending);
	LIST_INIT(&cl.claims);
	cluster_user_init();
	if ((cl.tick = event_new(base, -1, EV_PERSIST, cluster_tick_cb,
	    NULL)) == NULL || (cl.settle = evtimer_new(base,
	    cluster_settle_cb, NULL)) == NULL) {
		*cause = xstrdup("cluster: event_new failed");
		return (-1);
	}
	if (cluster_redis_start(base, url, cause) != 0)
		return (-1);
	event_add(cl.tick, &tv);
	cl.last_tick = cluster_now_ms();
	relay = &cluster_relay;
	return (0);
}

/* Leave: say so on the bus, drop the replicas, free everything. */
void
cluster_stop(void)
{
	struct cluster_pending	*p;
	struct cluster_claiming	*c;

	if (cl.tick == NULL)
		return;
	relay = NULL;
	cluster_stop_split();
	cluster_redis_stop(cl.buf, cl.len);
	cluster_user_drop_all();
	while ((p = TAILQ_FIRST(&cl.pending)) != NULL) {
		TAILQ_REMOVE(&cl.pending, p, entry);
		free(p->buf);
		free(p);
	}
	while ((c = LIST_FIRST(&cl.claims)) != NULL) {
		LIST_REMOVE(c, entry);
		free(c);
	}
	event_free(cl.tick);
	event_free(cl.settle);
	cl.tick = NULL;
	cluster_user_shutdown();
}

/* The SPLIT of ourselves that cluster_redis_stop() sends on its way out
 * (into cl.buf, cl.len; 0 when we were never on the bus). */
static void
cluster_stop_split(void)
{
	struct cluster_msg	m;
	char			id[16], why[160];

	cl.len = 0;
	if (cl.self == 0)
		return;
	snprintf(id, sizeof id, "%u", cl.self);
	snprintf(why, sizeof why, "%s %s", cfg.name, "*.split");
	cluster_msg_clear(&m);
	m.type = CLUSTER_SPLIT;
	m.node = cl.self;
	m.seq = ++cl.seq;
	m.arg[0] = id;
	m.arg[1] = why;
	cl.len = cluster_msg_encode(&m, cl.buf, sizeof cl.buf);
}

/* Whether u is a user of this node. */
static bool
cluster_local(const struct user *u)
{
	return ((u->conn->flags & CONN_REMOTE) == 0);
}

/* Fill l's part of m. */
static void
cluster_line(struct cluster_msg *m, struct line *l)
{
	int	i;

	m->has_line = true;
	m->line.tags = l->ctags != NULL ? l->ctags : "";
	m->line.source = l->source != NULL ? l->source : cfg.name;
	m->line.verb = l->verb;
	m->line.msgid = l->msgid;
	m->line.ms = (int64_t)l->tv.tv_sec * 1000 + l->tv.tv_usec / 1000;
	m->line.account = l->account != NULL ? l->account : "";
	m->line.nparams = l->nparams;
	for (i = 0; i < l->nparams && i < CLUSTER_MSG_PARAMS; i++)
		m->line.params[i] = l->params[i] != NULL ? l->params[i] : "";
	m->line.nparams = i;
	/* Only the last parameter may be empty: a NULL one ends the line. */
	while (m->line.nparams > 0 && l->params[m->line.nparams - 1] == NULL)
		m->line.nparams--;
}

/*
 * Start an event of type about local user u (with line l, or NULL);
 * false when there is no bus or u was never announced on it.
 */
static bool
cluster_event(struct cluster_msg *m, char type, struct user *u,
    struct line *l)
{
	struct cluster_user	*cu;

	if (!cluster_redis_up())
		return (false);
	cluster_msg_clear(m);
	m->type = (enum cluster_msg_type)type;
	if (u != NULL) {
		cu = u->cluster;
		if (cu == NULL || !cu->announced)
			return (false);
		m->uid = cu->uid;
	}
	if (l != NULL)
		cluster_line(m, l);
	return (true);
}

/* Number m and put it on the bus. */
void
cluster_publish(struct cluster_msg *m)
{
	size_t	len;

	m->node = cl.self;
	m->seq = ++cl.seq;
	if ((len = cluster_msg_encode(m, cl.buf, sizeof cl.buf)) == 0) {
		log_warnx("cluster: event %c too long, not sent", m->type);
		return;
	}
	cluster_redis_publish(cl.buf, len);
}

/* NICK: claim it in Redis first, the command goes on in the callback. */
static bool
cluster_nick_claim(struct conn *c, const char *nick)
{
	struct cluster_user	*cu;
	struct cluster_claiming	*k;
	char			 fold[IRC_NICK_MAX + 1];

	if (!cluster_redis_up())
		return (false);
	irc_casefold(USER_CASEMAP, fold, nick, sizeof fold);
	cu = cluster_user_local(c->user);
	if (cu->claimed != NULL && strcmp(cu->claimed, fold) == 0)
		return (false);
	k = xcalloc(1, sizeof *k);
	k->c = c;
	strlcpy(k->nick, nick, sizeof k->nick);
	strlcpy(k->fold, fold, sizeof k->fold);
	LIST_INSERT_HEAD(&cl.claims, k, entry);
	k->labeled = label_defer(c);
	conn_hold(c, true);
	cluster_redis_claim(fold, cu->claimed, cluster_claim_cb, k);
	return (true);
}

/* The claim's answer: take the nick, or 433. */
static void
cluster_claim_cb(void *arg, bool ok)
{
	struct cluster_claiming	*k = arg;
	struct conn		*c = k->c;
	struct user		*holder;

	LIST_REMOVE(k, entry);
	if (c == NULL) {
		holder = user_find(k->fold);
		if (ok && (holder == NULL || !cluster_local(holder)))
			cluster_redis_release(k->fold);
		free(k);
		return;
	}
	conn_hold(c, false);
	if (k->labeled)
		label_resume(c);
	cluster_claim_reply(c, k, ok);
	if (k->labeled)
		(void)label_resumed(c);
	free(k);
}

/* NICK goes on: 433, or the nick taken (given back when lost here). */
static void
cluster_claim_reply(struct conn *c, struct cluster_claiming *k, bool ok)
{
	struct cluster_user	*cu = cluster_user_local(c->user);
	struct user		*holder;

	if (!ok)
		reply_err(c, ERR_NICKNAMEINUSE, k->nick);
	else if (cmd_nick_claimed(c, k->nick)) {
		/* The claim gave the old nick up already. */
		free(cu->claimed);
		cu->claimed = xstrdup(k->fold);
	} else if (cu->claimed != NULL)
		/* Taken here after all: the old nick back, the new one out. */
		cluster_redis_claim(cu->claimed, k->fold, cluster_claim_none,
		    NULL);
	else if ((holder = user_find(k->fold)) == NULL ||
	    !cluster_local(holder))
		cluster_redis_release(k->fold);
}

/* A claim nobody waits for. */
static void
cluster_claim_none(void *arg, bool ok)
{
}

/* Registered: the others learn of u. */
static void
cluster_registered(struct user *u)
{
	if (!cluster_redis_up())
		return;
	cluster_user_local(u)->announced = true;
	cluster_burst_user(u, NULL);
}

/* A local user changed nick (the claim is in already). */
static void
cluster_nick(struct user *u, struct line *l)
{
	struct cluster_msg	m;

	if (!cluster_event(&m, CLUSTER_NICK, u, l))
		return;
	m.arg[0] = u->nick;
	cluster_publish(&m);
}

/* A local user leaves: QUIT on the bus, its nick given up. */
static void
cluster_quit(struct user *u, const char *reason)
{
	struct cluster_claiming	*k;
	struct cluster_user	*cu = u->cluster;
	struct cluster_msg	 m;
	struct line		 l;

	LIST_FOREACH(k, &cl.claims, entry) {
		if (k->c == u->conn)
			k->c = NULL;
	}
	if (cu == NULL)
		return;
	if (reason != NULL) {
		line_init(&l, user_tags(u), u->prefix, "QUIT", reason, NULL);
		l.account = u->account;
		if (cluster_event(&m, CLUSTER_QUIT, u, &l))
			cluster_publish(&m);
	}
	/* Stopping, the whole node's nicks go at once (cluster_stop). */
	if (cu->claimed != NULL && reason != NULL)
		cluster_redis_release(cu->claimed);
	cluster_user_forget(u);
}

/* AWAY, or back. */
static void
cluster_away(struct user *u)
{
	struct cluster_msg	m;
	struct line		l;

	line_init(&l, user_tags(u), u->prefix, "AWAY", u->away, NULL);
	l.account = u->account;
	if (!cluster_event(&m, CLUSTER_AWAY, u, &l))
		return;
	m.arg[0] = u->away != NULL ? u->away : "";
	cluster_publish(&m);
}

/* A local user joined. */
static void
cluster_join(struct member *mb)
{
	struct cluster_msg	m;
	char			modes[8];

	if (!cluster_event(&m, CLUSTER_JOIN, mb->user, NULL))
		return;
	snprintf(modes, sizeof modes, "%d", mb->modes);
	m.room = mb->room->name;
	m.arg[0] = modes;
	cluster_publish(&m);
}

/* A local user parted. */
static void
cluster_part(struct room *r, struct user *u, struct line *l)
{
	struct cluster_msg	m;

	if (!cluster_event(&m, CLUSTER_PART, u, l))
		return;
	m.room = r->name;
	cluster_publish(&m);
}

/* A local user kicked someone (of any node). */
static void
cluster_kick(struct room *r, struct user *by, struct user *t,
    struct line *l)
{
	struct cluster_msg	 m;
	struct cluster_user	*tu = t->cluster;

	if (tu == NULL || !cluster_event(&m, CLUSTER_KICK, by, l))
		return;
	m.room = r->name;
	m.target = tu->uid;
	cluster_publish(&m);
}

/* A local user set the topic. */
static void
cluster_topic(struct room *r, struct user *u, struct line *l)
{
	struct cluster_msg	m;
	char			when[24];

	if (!cluster_event(&m, CLUSTER_TOPIC, u, l))
		return;
	snprintf(when, sizeof when, "%lld", (long long)r->topic_time);
	m.room = r->name;
	m.arg[0] = r->topic != NULL ? r->topic : "";
	m.arg[1] = r->topic_who != NULL ? r->topic_who : "";
	m.arg[2] = when;
	cluster_publish(&m);
}

/* A local user changed a room's modes: the line and the result. */
static void
cluster_mode(struct room *r, struct user *u, struct line *l)
{
	struct cluster_msg	m;
	char			modes[16], limit[16];

	if (!cluster_event(&m, CLUSTER_MODE, u, l))
		return;
	snprintf(modes, sizeof modes, "%d", r->modes);
	snprintf(limit, sizeof limit, "%u", r->limit);
	m.room = r->name;
	m.arg[0] = modes;
	m.arg[1] = r->key != NULL ? r->key : "";
	m.arg[2] = limit;
	cluster_publish(&m);
}

/* A local user invited someone: every replica keeps the invitation. */
static void
cluster_invite(struct room *r, struct user *by, struct user *t,
    struct line *l)
{
	struct cluster_msg	 m;
	struct cluster_user	*tu = t->cluster;

	if (tu == NULL || !cluster_event(&m, CLUSTER_INVITE, by, l))
		return;
	m.room = r->name;
	m.target = tu->uid;
	cluster_publish(&m);
}

/* A room message goes round the bus; kept until it is back. */
static bool
cluster_room_msg(struct room *r, struct user *u, struct line *l, int need,
    bool echo)
{
	struct cluster_msg	 m;
	struct cluster_pending	*p;
	char			 status[8];
	size_t			 len;

	if (!cluster_event(&m, CLUSTER_MSG, u, l))
		return (false);
	snprintf(status, sizeof status, "%d", need);
	m.room = r->name;
	m.arg[0] = status;
	m.arg[1] = echo ? "1" : "";
	/* A labeled command's echo comes back later: the label waits for it,
	 * and so does the sender's input. */
	if (echo && label_defer(u->conn)) {
		m.arg[2] = "L";
		conn_hold(u->conn, true);
	}
	m.node = cl.self;
	m.seq = ++cl.seq;
	if ((len = cluster_msg_encode(&m, cl.buf, sizeof cl.buf)) == 0)
		return (false);
	p = xcalloc(1, sizeof *p);
	p->seq = m.seq;
	p->len = len;
	p->buf = xmalloc(len);
	memcpy(p->buf, cl.buf, len);
	TAILQ_INSERT_TAIL(&cl.pending, p, entry);
	cluster_redis_publish(cl.buf, len);
	return (true);
}

/* A message of ours came back (in order): forget it and any before. */
void
cluster_pending_done(uint64_t seq)
{
	struct cluster_pending	*p;

	while ((p = TAILQ_FIRST(&cl.pending)) != NULL && p->seq <= seq) {
		TAILQ_REMOVE(&cl.pending, p, entry);
		free(p->buf);
		free(p);
	}
}

/* A private message to a user of another node. */
static void
cluster_dm(struct user *from, struct user *to, struct line *l)
{
	struct cluster_msg	 m;
	struct cluster_user	*tu = to->cluster;
	char			 text[IRC_LINE_MAX];

	if (tu == NULL || !cluster_event(&m, CLUSTER_MSG, from, l)) {
		snprintf(text, sizeof text, "*** %s is on another node and "
		    "the cluster is unreachable: not delivered", to->nick);
		reply_send(from->conn, cfg.name, "NOTICE", from->nick, text,
		    NULL);
		return;
	}
	m.target = tu->uid;
	cluster_publish(&m);
}

/* KILL of a user of another node: its node closes the connection. */
static void
cluster_kill(struct user *t, const char *reason)
{
	struct cluster_msg	 m;
	struct cluster_user	*tu = t->cluster;

	if (tu == NULL || !cluster_event(&m, CLUSTER_KILL, NULL, NULL))
		return;
	m.target = tu->uid;
	m.arg[0] = reason;
	cluster_publish(&m);
}

/* The server name of u's node. */
static const char *
cluster_server(const struct user *u)
{
	const struct cluster_user	*cu = u->cluster;

	return (cu != NULL ? cluster_node_name(cu->home) : cfg.name);
}

struct cluster_nodes_walk {
	void	(*fn)(const char *, void *);
	void	*arg;
};

/* fn for each other node alive. */
static void
cluster_nodes(void (*fn)(const char *, void *), void *arg)
{
	struct cluster_nodes_walk	w = { fn, arg };

	cluster_node_foreach(cluster_nodes_cb, &w);
}

/* One node of cluster_nodes(). */
static void
cluster_nodes_cb(struct cluster_node *n, void *arg)
{
	struct cluster_nodes_walk	*w = arg;

	if (n->id != cl.self && n->alive)
		w->fn(n->name, w->arg);
}

/* Every second: heartbeat, lease, and a look for nodes gone silent. */
static void
cluster_tick_cb(evutil_socket_t fd, short events, void *arg)
{
	struct cluster_msg	m;
	int64_t			now = cluster_now_ms(), last = cl.last_tick;

	cl.last_tick = now;
	if (!cluster_redis_up())
		return;
	/* We were stopped ourselves (SIGSTOP, a long stall): what the others
	 * said meanwhile is still unread, so nobody is judged this time. */
	if (now - last > CLUSTER_DEAD_MS / 2)
		cluster_node_foreach(cluster_seen_now, &now);
	cluster_msg_clear(&m);
	m.type = CLUSTER_PING;
	m.arg[0] = cfg.name;
	cluster_publish(&m);
	cluster_redis_lease();
	cluster_node_foreach(cluster_check_node, &now);
}

/* Count a node as heard from now. */
static void
cluster_seen_now(struct cluster_node *n, void *arg)
{
	n->seen_ms = *(int64_t *)arg;
}

/* A node silent too long: split it off (every node may say so). */
static void
cluster_check_node(struct cluster_node *n, void *arg)
{
	struct cluster_msg	m;
	char			id[16], why[160];
	int64_t			now = *(int64_t *)arg;

	if (n->id == cl.self || !n->alive || now - n->seen_ms <
	    CLUSTER_DEAD_MS)
		return;
	n->alive = false;
	cluster_notice("node %u (%s) silent for %lld ms: split off", n->id,
	    n->name, (long long)(now - n->seen_ms));
	snprintf(id, sizeof id, "%u", n->id);
	snprintf(why, sizeof why, "%s %s", cfg.name, n->name);
	cluster_msg_clear(&m);
	m.type = CLUSTER_SPLIT;
	m.arg[0] = id;
	m.arg[1] = why;
	cluster_publish(&m);
	cluster_redis_reap(n->id);
}

/* Redis is back (or there for the first time): resync. */
void
cluster_up(void)
{
	struct timeval		tv = { CLUSTER_SETTLE_MS / 1000,
				    (CLUSTER_SETTLE_MS % 1000) * 1000 };
	struct cluster_msg	m;
	int64_t			now = cluster_now_ms();

	cluster_notice("connected to Redis as node %u: resync", cl.self);
	cluster_node_foreach(cluster_seen_now, &now);
	cl.gen++;
	/* HELLO, our users, END: the others drop what we no longer have. */
	cluster_msg_clear(&m);
	m.type = CLUSTER_HELLO;
	m.arg[0] = cfg.name;
	cluster_publish(&m);
	cluster_rejoin();
	cluster_msg_clear(&m);
	m.type = CLUSTER_END;
	cluster_publish(&m);
	evtimer_add(cl.settle, &tv);
}

/* Our users once more: nick claims again, then the burst. */
void
cluster_rejoin(void)
{
	user_foreach(cluster_reclaim_user, NULL);
	cluster_burst();
}

/* After a resync, replicas nobody confirmed are gone. */
static void
cluster_settle_cb(evutil_socket_t fd, short events, void *arg)
{
	cluster_apply_stale(cl.gen);
}

/* The generation of the last resync (replicas seen since are current). */
unsigned long
cluster_gen(void)
{
	return (cl.gen);
}

/* Claim a local user's nick again after a resync. */
static void
cluster_reclaim_user(struct user *u, void *arg)
{
	struct cluster_user	*cu;

	if (!cluster_local(u) || (u->conn->flags & CONN_REGISTERED) == 0 ||
	    (u->conn->flags & CONN_CLOSING))
		return;
	cu = cluster_user_local(u);
	cu->announced = true;
	free(cu->claimed);
	cu->claimed = xstrdup(u->fold);
	cluster_redis_claim(u->fold, NULL, cluster_reclaim_cb,
	    xstrdup(cu->uid));
}

/* A nick lost while we were away: the local holder gives way. */
static void
cluster_reclaim_cb(void *arg, bool ok)
{
	struct cluster_user	*cu = cluster_user_find(arg);

	free(arg);
	if (ok || cu == NULL || !cluster_local(cu->user))
		return;
	free(cu->claimed);
	cu->claimed = NULL;
	cluster_notice("nick %s was taken while the cluster was split",
	    cu->user->nick);
	conn_close(cu->user->conn, "Nick collision (cluster resync)");
}

/* Redis is gone: serve locally, hand our messages in flight over. */
void
cluster_down(const char *why)
{
	struct cluster_pending	*p;

	cluster_notice("lost Redis (%s): local delivery only, reconnecting",
	    why);
	while ((p = TAILQ_FIRST(&cl.pending)) != NULL) {
		TAILQ_REMOVE(&cl.pending, p, entry);
		cluster_apply(p->buf, p->len);
		free(p->buf);
		free(p);
	}
}

/* Publish every local user and the rooms they are in. */
void
cluster_burst(void)
{
	/* The subscription may be up before our number is: nothing yet. */
	if (!cluster_redis_up())
		return;
	user_foreach(cluster_burst_user, NULL);
	room_foreach(cluster_burst_room, NULL);
}

/* One local user and its memberships (for user_foreach). */
static void
cluster_burst_user(struct user *u, void *arg)
{
	cluster_user_publish(u, NULL);
}

/* A local user changed (host, real name, account, modes): its state
 * again, with the line that tells the others' members (or NULL). */
static void
cluster_changed(struct user *u, struct line *l)
{
	cluster_user_publish(u, l);
}

/* The USER event of a local user: its state and rooms, and l if any. */
static void
cluster_user_publish(struct user *u, struct line *l)
{
	struct cluster_msg	 m;
	struct cluster_user	*cu = u->cluster;
	struct member		*mb;
	char			 modes[16], signon[24];
	char			*rooms = NULL, *old;

	if (!cluster_local(u) || cu == NULL || !cu->announced ||
	    (u->conn->flags & CONN_REGISTERED) == 0 ||
	    !cluster_event(&m, CLUSTER_USER, u, l))
		return;
	TAILQ_FOREACH(mb, &u->rooms, user_entry) {
		old = rooms;
		xasprintf(&rooms, "%s%s%d%s", old != NULL ? old : "",
		    old != NULL ? " " : "", mb->modes, mb->room->name);
		free(old);
	}
	snprintf(modes, sizeof modes, "%d", u->modes);
	snprintf(signon, sizeof signon, "%lld", (long long)u->signon);
	m.arg[0] = u->nick;
	m.arg[1] = u->ident;
	m.arg[2] = u->host;
	m.arg[3] = u->realname != NULL ? u->realname : "";
	m.arg[4] = u->account != NULL ? u->account : "";
	m.arg[5] = u->away != NULL ? u->away : "";
	m.arg[6] = modes;
	m.arg[7] = signon;
	m.arg[8] = rooms != NULL ? rooms : "";
	m.arg[9] = cfg.name;
	cluster_publish(&m);
	free(rooms);
}

/* The state of a room with local members. */
static void
cluster_burst_room(struct room *r, void *arg)
{
	struct cluster_msg	 m;
	struct member		*mb;
	char			 modes[16], limit[16], created[24], when[24];
	char			*lists;

	TAILQ_FOREACH(mb, &r->members, room_entry) {
		if (cluster_local(mb->user))
			break;
	}
	if (mb == NULL)
		return;
	cluster_msg_clear(&m);
	m.type = CLUSTER_ROOM;
	snprintf(modes, sizeof modes, "%d", r->modes);
	snprintf(limit, sizeof limit, "%u", r->limit);
	snprintf(created, sizeof created, "%lld", (long long)r->created);
	snprintf(when, sizeof when, "%lld", (long long)r->topic_time);
	m.room = r->name;
	m.arg[0] = modes;
	m.arg[1] = r->key != NULL ? r->key : "";
	m.arg[2] = limit;
	m.arg[3] = created;
	m.arg[4] = r->topic != NULL ? r->topic : "";
	m.arg[5] = r->topic_who != NULL ? r->topic_who : "";
	m.arg[6] = when;
	m.arg[7] = lists = cluster_burst_lists(r);
	cluster_publish(&m);
	free(lists);
}

/* A room's ban, exception and invite-exception lists: "bMASK eMASK". */
static char *
cluster_burst_lists(struct room *r)
{
	static const char	 modes[] = "beI";
	struct room_mask_list	*list;
	struct room_mask	*rm;
	unsigned int		*count;
	char			*out = xstrdup(""), *old;
	size_t			 i;

	for (i = 0; i < sizeof modes - 1; i++) {
		list = room_list(r, modes[i], &count);
		TAILQ_FOREACH(rm, list, entry) {
			old = out;
			xasprintf(&out, "%s%s%c%s", old, *old != '\0' ? " " : "",
			    modes[i], rm->mask);
			free(old);
		}
	}
	return (out);
}

/* NOTICE to the local operators, and the log. */
void
cluster_notice(const char *fmt, ...)
{
	va_list	ap;
	char	text[256], line[IRC_LINE_MAX];

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	log_info("cluster: %s", text);
	snprintf(line, sizeof line, "*** Cluster: %s", text);
	user_foreach(cluster_notice_user, line);
}

/* One local operator. */
static void
cluster_notice_user(struct user *u, void *arg)
{
	if (cluster_local(u) && (u->modes & UMODE_OPER))
		reply_send(u->conn, cfg.name, "NOTICE", u->nick, arg, NULL);
}
