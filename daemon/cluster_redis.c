/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * The cluster's two Redis connections (libhiredis on our libevent loop):
 * one for commands (the node's number and lease, nick claims, PUBLISH),
 * one subscribed to the bus. Either failing drops both; they come back
 * with an exponential backoff, and cluster_up() resyncs.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hiredis/hiredis.h>
#include <hiredis/async.h>
#include <hiredis/adapters/libevent.h>

#include "xmalloc.h"
#include "log.h"
#include "daemon.h"
#include "settings.h"
#include "msgid.h"
#include "cluster.h"
#include "redis_reader.h"

/* Take the node number if free or ours (ARGV 1 our token, 2 the TTL). */
static const char cluster_lua_lease[] =
    "local v = redis.call('GET', KEYS[1]) "
    "if v == false or v == ARGV[1] then "
    "redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) return 1 end "
    "return 0";
/* Claim a nick for node ARGV[1] (KEYS: the nick, the node's nick set,
 * the nick given up on success, or the same nick again). */
static const char cluster_lua_claim[] =
    "local v = redis.call('GET', KEYS[1]) "
    "if v and v ~= ARGV[1] then return 0 end "
    "redis.call('SET', KEYS[1], ARGV[1]) "
    "redis.call('SADD', KEYS[2], KEYS[1]) "
    "if KEYS[3] ~= KEYS[1] and redis.call('GET', KEYS[3]) == ARGV[1] then "
    "redis.call('DEL', KEYS[3]) redis.call('SREM', KEYS[2], KEYS[3]) end "
    "return 1";
/* Give a nick up if node ARGV[1] holds it. */
static const char cluster_lua_release[] =
    "if redis.call('GET', KEYS[1]) == ARGV[1] then "
    "redis.call('DEL', KEYS[1]) end "
    "redis.call('SREM', KEYS[2], KEYS[1]) return 1";
/* Free every nick node ARGV[1] held (KEYS[1]: its set). */
static const char cluster_lua_reap[] =
    "for _, k in ipairs(redis.call('SMEMBERS', KEYS[1])) do "
    "if redis.call('GET', k) == ARGV[1] then redis.call('DEL', k) end "
    "end redis.call('DEL', KEYS[1]) return 1";

static struct {
	struct event_base	*base;
	char			 host[256];
	int			 port;
	int			 db;
	char			 channel[48];
	char			 token[128];	/* our lease's value */
	char			 name[64];	/* CLIENT SETNAME */
	redisAsyncContext	*cmd;
	redisAsyncContext	*sub;
	bool			 registered;	/* node number leased */
	bool			 subscribed;
	bool			 up;
	int			 tries;		/* INCRs for a free number */
	int			 backoff_ms;
	struct event		*retry;
	bool			 stopping;
} cr;

struct cluster_claim {
	void	(*cb)(void *, bool);
	void	*arg;
};

static int	cluster_redis_url(const char *, char **);
static void	cluster_redis_connect(void);
static void	cluster_redis_retry_cb(evutil_socket_t, short, void *);
static void	cluster_redis_connected(const redisAsyncContext *, int);
static void	cluster_redis_disconnected(const redisAsyncContext *, int);
static void	cluster_redis_fail(const char *);
static void	cluster_redis_number(void);
static void	cluster_redis_number_cb(redisAsyncContext *, void *, void *);
static void	cluster_redis_lease_cb(redisAsyncContext *, void *, void *);
static void	cluster_redis_message(redisAsyncContext *, void *, void *);
static void	cluster_redis_claim_cb(redisAsyncContext *, void *, void *);
static void	cluster_redis_check(void);

/* redis://HOST:PORT[/DB] into cr; -1 and a cause when it is not one. */
static int
cluster_redis_url(const char *url, char **cause)
{
	const char	*p, *colon, *slash;
	char		*end;
	long		 n;

	if (strncmp(url, "redis://", 8) != 0)
		goto fail;
	p = url + 8;
	slash = strchr(p, '/');
	colon = strrchr(p, ':');
	if (colon == NULL || (slash != NULL && colon > slash) || colon == p ||
	    (size_t)(colon - p) >= sizeof cr.host)
		goto fail;
	memcpy(cr.host, p, (size_t)(colon - p));
	cr.host[colon - p] = '\0';
	n = strtol(colon + 1, &end, 10);
	if (end == colon + 1 || n < 1 || n > 65535 ||
	    (*end != '\0' && *end != '/'))
		goto fail;
	cr.port = (int)n;
	cr.db = 0;
	if (*end == '/' && end[1] != '\0') {
		n = strtol(end + 1, &end, 10);
		if (*end != '\0' || n < 0 || n > 1000)
			goto fail;
		cr.db = (int)n;
	}
	return (0);
fail:
	xasprintf(cause, "cluster: %s: not redis://HOST:PORT[/DB]", url);
	return (-1);
}

/* Parse the URL and start connecting (failures retry, never stop us). */
int
cluster_redis_start(struct event_base *base, const char *url, char **cause)
{
	memset(&cr, 0, sizeof cr);
	if (cluster_redis_url(url, cause) != 0)
		return (-1);
	cr.base = base;
	/* Pub/sub ignores the database: the channel names it instead. */
	if (cr.db == 0)
		strlcpy(cr.channel, CLUSTER_CHANNEL, sizeof cr.channel);
	else
		snprintf(cr.channel, sizeof cr.channel, "%s:%d",
		    CLUSTER_CHANNEL, cr.db);
	strlcpy(cr.name, cfg.name, sizeof cr.name);
	cr.name[strcspn(cr.name, " \t\r\n")] = '\0';
	snprintf(cr.token, sizeof cr.token, "%s %ld %lld", cfg.name,
	    (long)getpid(), (long long)cluster_now_ms());
	cr.retry = evtimer_new(base, cluster_redis_retry_cb, NULL);
	if (cr.retry == NULL) {
		*cause = xstrdup("cluster: evtimer_new failed");
		return (-1);
	}
	cluster_redis_connect();
	return (0);
}

/* Close both connections (at exit: no retry); say goodbye first. */
void
cluster_redis_stop(const char *buf, size_t len)
{
	struct timeval	 tv = { 1, 0 };
	redisContext	*rc;
	redisReply	*reply;

	if (cr.up && len != 0 &&
	    (rc = redisConnectWithTimeout(cr.host, cr.port, tv)) != NULL) {
		redis_reader_bound(rc->reader);
		if (rc->err == 0 && redisSetTimeout(rc, tv) == REDIS_OK) {
			if (cr.db != 0 && (reply = redisCommand(rc,
			    "SELECT %d", cr.db)) != NULL)
				freeReplyObject(reply);
			if ((reply = redisCommand(rc, "PUBLISH %s %b",
			    cr.channel, buf, len)) != NULL)
				freeReplyObject(reply);
			if ((reply = redisCommand(rc, "EVAL %s 1 "
			    "tuichat:node:%u:nicks %u", cluster_lua_reap,
			    cluster_self(), cluster_self())) != NULL)
				freeReplyObject(reply);
			if ((reply = redisCommand(rc, "DEL tuichat:node:%u",
			    cluster_self())) != NULL)
				freeReplyObject(reply);
		}
		redisFree(rc);
	}
	cr.stopping = true;
	if (cr.cmd != NULL)
		redisAsyncFree(cr.cmd);
	if (cr.sub != NULL)
		redisAsyncFree(cr.sub);
	cr.cmd = cr.sub = NULL;
	if (cr.retry != NULL)
		event_free(cr.retry);
	cr.retry = NULL;
}

/* Whether the bus is usable. */
bool
cluster_redis_up(void)
{
	return (cr.up);
}

/* Open a connection: async, attached to our loop, or NULL. */
static redisAsyncContext *
cluster_redis_open(void)
{
	redisAsyncContext	*ac;

	if ((ac = redisAsyncConnect(cr.host, cr.port)) == NULL)
		return (NULL);
	redis_reader_bound(ac->c.reader);
	if (ac->err != 0 || redisLibeventAttach(ac, cr.base) != REDIS_OK) {
		log_warnx("cluster: %s:%d: %s", cr.host, cr.port, ac->errstr);
		redisAsyncFree(ac);
		return (NULL);
	}
	redisAsyncSetConnectCallback(ac, cluster_redis_connected);
	redisAsyncSetDisconnectCallback(ac, cluster_redis_disconnected);
	if (cr.db != 0)
		redisAsyncCommand(ac, NULL, NULL, "SELECT %d", cr.db);
	/* CLIENT LIST shows whose connection it is. */
	redisAsyncCommand(ac, NULL, NULL, "CLIENT SETNAME tui-chatd:%s",
	    cr.name);
	return (ac);
}

/* Both connections, then the node number and the subscription. */
static void
cluster_redis_connect(void)
{
	cr.registered = cr.subscribed = false;
	if ((cr.cmd = cluster_redis_open()) == NULL ||
	    (cr.sub = cluster_redis_open()) == NULL) {
		cluster_redis_fail("cannot connect");
		return;
	}
	cr.tries = 0;
	cluster_redis_number();
	redisAsyncCommand(cr.sub, cluster_redis_message, NULL,
	    "SUBSCRIBE %s", cr.channel);
}

/* The backoff ran out: try again. */
static void
cluster_redis_retry_cb(evutil_socket_t fd, short events, void *arg)
{
	cluster_redis_connect();
}

/* A connection attempt finished; a failure drops everything. */
static void
cluster_redis_connected(const redisAsyncContext *ac, int status)
{
	if (status == REDIS_OK)
		return;
	if (ac == cr.cmd)
		cr.cmd = NULL;
	else if (ac == cr.sub)
		cr.sub = NULL;
	else
		return;
	cluster_redis_fail(ac->errstr);
}

/* A connection closed (Redis gone, or it dropped a slow subscriber). */
static void
cluster_redis_disconnected(const redisAsyncContext *ac, int status)
{
	if (ac == cr.cmd)
		cr.cmd = NULL;
	else if (ac == cr.sub)
		cr.sub = NULL;
	else
		return;		/* one we dropped ourselves */
	if (!cr.stopping)
		cluster_redis_fail(status == REDIS_OK ? "connection closed" :
		    ac->errstr);
}

/* Drop both connections, go degraded, retry after the backoff. */
static void
cluster_redis_fail(const char *why)
{
	struct timeval		 tv;
	redisAsyncContext	*ac;
	bool			 was = cr.up;

	if (cr.stopping)
		return;
	cr.up = cr.registered = cr.subscribed = false;
	if ((ac = cr.cmd) != NULL) {
		cr.cmd = NULL;
		redisAsyncFree(ac);
	}
	if ((ac = cr.sub) != NULL) {
		cr.sub = NULL;
		redisAsyncFree(ac);
	}
	if (evtimer_pending(cr.retry, NULL))
		return;
	if (was)
		cluster_down(why);
	else
		log_debug("cluster: Redis %s:%d: %s", cr.host, cr.port, why);
	cr.backoff_ms = cr.backoff_ms == 0 ? CLUSTER_BACKOFF_MIN_MS :
	    cr.backoff_ms * 2;
	if (cr.backoff_ms > CLUSTER_BACKOFF_MAX_MS)
		cr.backoff_ms = CLUSTER_BACKOFF_MAX_MS;
	tv.tv_sec = cr.backoff_ms / 1000;
	tv.tv_usec = (cr.backoff_ms % 1000) * 1000;
	evtimer_add(cr.retry, &tv);
}

/* Keep our number, or draw a new one (INCR) until a free one. */
static void
cluster_redis_number(void)
{
	if (cluster_self() != 0 && cr.tries == 0) {
		cr.tries++;
		redisAsyncCommand(cr.cmd, cluster_redis_lease_cb, NULL,
		    "EVAL %s 1 tuichat:node:%u %s %d", cluster_lua_lease,
		    cluster_self(), cr.token, CLUSTER_LEASE_S);
		return;
	}
	if (cr.tries++ > CLUSTER_NODE_MAX) {
		cluster_redis_fail("no free node number");
		return;
	}
	redisAsyncCommand(cr.cmd, cluster_redis_number_cb, NULL,
	    "INCR tuichat:nodes");
}

/* A number drawn: lease it. */
static void
cluster_redis_number_cb(redisAsyncContext *ac, void *r, void *arg)
{
	redisReply	*reply = r;
	unsigned int	 n;

	if (reply == NULL || reply->type != REDIS_REPLY_INTEGER)
		return;		/* the disconnect follows */
	n = (unsigned int)((reply->integer - 1) % CLUSTER_NODE_MAX) + 1;
	redisAsyncCommand(ac, cluster_redis_lease_cb, (void *)(uintptr_t)n,
	    "EVAL %s 1 tuichat:node:%u %s %d", cluster_lua_lease, n,
	    cr.token, CLUSTER_LEASE_S);
}

/* The lease: taken (registered), or someone else's (draw again). */
static void
cluster_redis_lease_cb(redisAsyncContext *ac, void *r, void *arg)
{
	redisReply	*reply = r;
	unsigned int	 n = (unsigned int)(uintptr_t)arg;

	if (reply == NULL || cr.registered)
		return;
	if (reply->type != REDIS_REPLY_INTEGER) {
		log_warnx("cluster: lease: %s", reply->type ==
		    REDIS_REPLY_ERROR ? reply->str : "bad reply");
		return;
	}
	if (reply->integer != 1) {
		cluster_redis_number();
		return;
	}
	if (n != 0 && n != cluster_self()) {
		cluster_node_get(n);
		msgid_init(n);
		cluster_set_self(n);
	}
	cr.registered = true;
	cluster_redis_check();
}

/* Both halves ready: the bus is up. */
static void
cluster_redis_check(void)
{
	if (!cr.registered || !cr.subscribed || cr.up)
		return;
	cr.up = true;
	cr.backoff_ms = 0;
	cluster_up();
}

/* Renew our lease (every CLUSTER_PING_MS). */
void
cluster_redis_lease(void)
{
	if (!cr.up)
		return;
	redisAsyncCommand(cr.cmd, NULL, NULL, "EXPIRE tuichat:node:%u %d",
	    cluster_self(), CLUSTER_LEASE_S);
}

/* Free the nicks of a node gone (any node may do it, once is enough). */
void
cluster_redis_reap(unsigned int node)
{
	if (!cr.up)
		return;
	redisAsyncCommand(cr.cmd, NULL, NULL, "EVAL %s 1 tuichat:node:%u:nicks"
	    " %u", cluster_lua_reap, node, node);
}

/* A subscription reply: the confirmation, then one event per message. */
static void
cluster_redis_message(redisAsyncContext *ac, void *r, void *arg)
{
	redisReply	*reply = r, *kind, *data;

	if (reply == NULL || reply->type != REDIS_REPLY_ARRAY ||
	    reply->elements < 3)
		return;
	kind = reply->element[0];
	data = reply->element[2];
	if (kind->type != REDIS_REPLY_STRING)
		return;
	if (strcmp(kind->str, "subscribe") == 0) {
		cr.subscribed = true;
		cluster_redis_check();
	} else if (strcmp(kind->str, "message") == 0 &&
	    data->type == REDIS_REPLY_STRING)
		cluster_apply(data->str, data->len);
}

/* PUBLISH one event (dropped when down: the caller knows). */
void
cluster_redis_publish(const char *buf, size_t len)
{
	if (!cr.up)
		return;
	redisAsyncCommand(cr.cmd, NULL, NULL, "PUBLISH %s %b", cr.channel,
	    buf, len);
}

/* The claim's answer; no answer (Redis went away) lets the nick be. */
static void
cluster_redis_claim_cb(redisAsyncContext *ac, void *r, void *arg)
{
	struct cluster_claim	*cl = arg;
	redisReply		*reply = r;
	bool			 ok = true;

	if (reply != NULL && reply->type == REDIS_REPLY_INTEGER)
		ok = reply->integer == 1;
	cl->cb(cl->arg, ok);
	free(cl);
}

/* Claim a folded nick for this node, giving old up if it is taken. */
void
cluster_redis_claim(const char *fold, const char *old,
    void (*cb)(void *, bool), void *arg)
{
	struct cluster_claim	*cl;

	if (!cr.up) {
		cb(arg, true);
		return;
	}
	cl = xcalloc(1, sizeof *cl);
	cl->cb = cb;
	cl->arg = arg;
	redisAsyncCommand(cr.cmd, cluster_redis_claim_cb, cl,
	    "EVAL %s 3 tuichat:nick:%s tuichat:node:%u:nicks tuichat:nick:%s "
	    "%u", cluster_lua_claim, fold, cluster_self(),
	    old != NULL ? old : fold, cluster_self());
}

/* Give a folded nick up. */
void
cluster_redis_release(const char *fold)
{
	if (!cr.up)
		return;
	redisAsyncCommand(cr.cmd, NULL, NULL,
	    "EVAL %s 2 tuichat:nick:%s tuichat:node:%u:nicks %u",
	    cluster_lua_release, fold, cluster_self(), cluster_self());
}
