/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * The Redis history backend, for a cluster: every node files and reads
 * the same history, so any node answers CHATHISTORY for any room.
 *
 * Two streams per target: tuichat:hist:<target> for its messages and
 * tuichat:hist:ev:<target> for its events (a busy door pushes no
 * conversation out), each trimmed with MAXLEN ~ history_max_lines, and
 * queries show exactly the newest history_max_lines; an entry's id is derived from its msgid (the msgid's
 * ms, then its node and sequence bits), so a msgid is found without an
 * index: XRANGE id id. A line that arrives after a newer one (another
 * node's clock, a resend) goes after the stream's top with the same ms,
 * and is found by a bounded scan from its msgid's ms. A line already
 * there (another node filed it, or it was resent after a reconnect) is
 * not filed twice. Age: XTRIM MINID on every append, PEXPIRE of the
 * stream, and queries skip what is older than history_max_age.
 * tuichat:targets is one sorted set, target -> time of its latest
 * message, for CHATHISTORY TARGETS; tuichat:roomstate:<room> a hash of
 * the room's topic and modes. An append is a plain XADD (and ZADD),
 * pipelined; a Redis function library (FUNCTION LOAD on every connect,
 * Redis 7) files the lines XADD refuses and answers every query in one
 * round trip.
 *
 * The connection is hiredis's own, asynchronous, on the daemon's loop.
 * Writes are kept until Redis has answered them: while Redis is away,
 * appends wait in memory (up to RS_QUEUE_MAX bytes; later lines are
 * dropped and counted) and are sent again on reconnect; queries fail at
 * once. A Redis that stops answering is dropped after RS_TIMEOUT_MS;
 * reconnects back off from RS_BACKOFF_MIN_MS to RS_BACKOFF_MAX_MS.
 */

#include <sys/queue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <hiredis/hiredis.h>
#include <hiredis/async.h>
#include <hiredis/adapters/libevent.h>

#include "xmalloc.h"
#include "irc_case.h"
#include "log.h"
#include "msgid.h"
#include "settings.h"
#include "store.h"
#include "store_redis.h"
#include "redis_reader.h"
#include "table.h"
#include "user.h"

#define RS_QUEUE_MAX		(16U << 20)	/* bytes kept while away */
#define RS_BACKOFF_MIN_MS	100
#define RS_BACKOFF_MAX_MS	5000
#define RS_TIMEOUT_MS		3000		/* no answer: reconnect */
#define RS_WATCH_MS		500
#define RS_ARGS_MAX		20
#define RS_ID_MAX		48
#define RS_HIST			"tuichat:hist:"
#define RS_EVENTS		"tuichat:hist:ev:"	/* targets start # & ^A */
#define RS_TARGETS		"tuichat:targets"
#define RS_ROOM			"tuichat:roomstate:"
#define RS_LIB			"tuichat_hist_1"
#define RS_ADD			RS_LIB "_add"
#define RS_QUERY		RS_LIB "_query"
#define RS_ROOMFN		RS_LIB "_room"

/*
 * The function library. add: file one line (keys: its stream, the
 * targets set). query: lines of a target between two references,
 * ascending, filtered by kind and age (keys: the messages' and the
 * events' streams); each stream shows only its newest maxlen entries
 * (MAXLEN ~ keeps up to a node more). room: replace a room's hash.
 * A reference is "" (open), T<ms> or M<stream id>:<msgid>.
 */
static const char rs_library[] =
"#!lua name=" RS_LIB "\n"
"local MAXSEQ = '18446744073709551615'\n"
"local function add(keys, a)\n"
"  local s, id = keys[1], a[4]\n"
"  local cmd = {'XADD', s}\n"
"  if a[1] ~= '0' then\n"
"    cmd[3] = 'MAXLEN'; cmd[4] = '~'; cmd[5] = a[1]\n"
"  end\n"
"  local n = #cmd + 1\n"
"  cmd[n] = id\n"
"  local f = {'m', a[5], 't', a[6], 'k', a[7], 'l', a[10]}\n"
"  if a[8] ~= '' then f[#f + 1] = 'a'; f[#f + 1] = a[8] end\n"
"  if a[9] ~= '' then f[#f + 1] = 'c'; f[#f + 1] = a[9] end\n"
"  for i = 1, #f do cmd[n + i] = f[i] end\n"
"  local r = redis.pcall(unpack(cmd))\n"
"  if type(r) == 'table' and r.err then\n"
"    if id == '*' then return r end\n"
"    if #redis.call('XRANGE', s, id, id) > 0 then return 0 end\n"
"    local top = redis.call('XREVRANGE', s, '+', '-', 'COUNT', 1)\n"
"    if #top == 0 then return r end\n"
"    cmd[n] = string.match(top[1][1], '^%d+') .. '-*'\n"
"    redis.call(unpack(cmd))\n"
"  end\n"
"  local minid = tonumber(a[2])\n"
"  if minid > 0 then redis.call('XTRIM', s, 'MINID', minid) end\n"
"  if a[3] ~= '0' then redis.call('PEXPIRE', s, a[3]) end\n"
"  if a[12] == '1' then\n"
"    redis.call('ZADD', keys[2], 'GT', a[6], a[11])\n"
"    if minid > 0 then\n"
"      redis.call('ZREMRANGEBYSCORE', keys[2], '-inf', '(' .. minid)\n"
"    end\n"
"  end\n"
"  return 1\n"
"end\n"
"local function field(f, name)\n"
"  for j = 1, #f, 2 do if f[j] == name then return f[j + 1] end end\n"
"end\n"
"local function split(x)\n"
"  local m, q = string.match(x, '^(%d+)-(%d+)$')\n"
"  return tonumber(m), tonumber(q)\n"
"end\n"
"local function older(x, y)\n"
"  local xm, xs = split(x)\n"
"  local ym, ys = split(y)\n"
"  return xm < ym or (xm == ym and xs < ys)\n"
"end\n"
"local function find(keys, id, msgid)\n"
"  for k = 1, 2 do\n"
"    if #redis.call('XRANGE', keys[k], id, id) > 0 then return id end\n"
"  end\n"
"  for k = 1, 2 do\n"
"    local e = redis.call('XRANGE', keys[k], string.match(id, '^%d+'),\n"
"      '+', 'COUNT', 1000)\n"
"    for i = 1, #e do\n"
"      if field(e[i][2], 'm') == msgid then return e[i][1] end\n"
"    end\n"
"  end\n"
"  return id\n"
"end\n"
"local function point(keys, r, hi)\n"
"  if string.sub(r, 1, 1) == 'T' then\n"
"    return string.sub(r, 2) .. (hi and '-0' or '-' .. MAXSEQ)\n"
"  end\n"
"  local id, m = string.match(r, '^M([^:]+):(.*)$')\n"
"  return find(keys, id, m)\n"
"end\n"
"local function lo(keys, r) if r == '' then return '-' end\n"
"  return '(' .. point(keys, r, false) end\n"
"local function hi(keys, r) if r == '' then return '+' end\n"
"  return '(' .. point(keys, r, true) end\n"
"local function cutoff(s, maxlen)\n"
"  local over = maxlen > 0 and redis.call('XLEN', s) - maxlen or 0\n"
"  if over <= 0 then return nil end\n"
"  local e = redis.call('XRANGE', s, '-', '+', 'COUNT', over)\n"
"  return e[#e][1]\n"
"end\n"
"local function keep(e, q, cut)\n"
"  local f = e[2]\n"
"  local k, t = tonumber(field(f, 'k')), tonumber(field(f, 't'))\n"
"  if k == nil or t == nil or t < q.floor then return false end\n"
"  if cut ~= nil and not older(cut, e[1]) then return false end\n"
"  return q.ev or k <= 1\n"
"end\n"
"local function scan1(s, a, b, desc, limit, q, out)\n"
"  local got, batch, cut = 0, limit < 100 and 100 or limit, q.cut[s]\n"
"  while got < limit do\n"
"    local e\n"
"    if desc then e = redis.call('XREVRANGE', s, b, a, 'COUNT', batch)\n"
"    else e = redis.call('XRANGE', s, a, b, 'COUNT', batch) end\n"
"    for i = 1, #e do\n"
"      if got < limit and keep(e[i], q, cut) then\n"
"        out[#out + 1] = e[i]; got = got + 1\n"
"      end\n"
"    end\n"
"    if #e < batch then break end\n"
"    if desc then b = '(' .. e[#e][1] else a = '(' .. e[#e][1] end\n"
"  end\n"
"end\n"
"local function scan(q, a, b, desc, limit, out)\n"
"  local m, v = {}, {}\n"
"  if limit <= 0 then return end\n"
"  scan1(q.keys[1], a, b, desc, limit, q, m)\n"
"  if q.ev then scan1(q.keys[2], a, b, desc, limit, q, v) end\n"
"  local i, j = 1, 1\n"
"  while limit > 0 and (i <= #m or j <= #v) do\n"
"    local x\n"
"    if j > #v or (i <= #m and older(m[i][1], v[j][1]) ~= desc) then\n"
"      x = m[i]; i = i + 1\n"
"    else x = v[j]; j = j + 1 end\n"
"    out[#out + 1] = x; limit = limit - 1\n"
"  end\n"
"end\n"
"local function flip(t)\n"
"  local i, j = 1, #t\n"
"  while i < j do t[i], t[j] = t[j], t[i]; i = i + 1; j = j - 1 end\n"
"end\n"
"local function query(keys, a)\n"
"  local limit, maxlen = tonumber(a[4]), tonumber(a[7])\n"
"  local q = {keys = keys, ev = a[5] == '1', floor = tonumber(a[6]),\n"
"    cut = {}}\n"
"  q.cut[keys[1]] = cutoff(keys[1], maxlen)\n"
"  if q.ev then q.cut[keys[2]] = cutoff(keys[2], maxlen) end\n"
"  local mode, out = a[1], {}\n"
"  if mode == 'latest' then\n"
"    scan(q, lo(keys, a[2]), '+', true, limit, out); flip(out)\n"
"  elseif mode == 'before' then\n"
"    scan(q, '-', hi(keys, a[2]), true, limit, out); flip(out)\n"
"  elseif mode == 'after' then\n"
"    scan(q, lo(keys, a[2]), '+', false, limit, out)\n"
"  elseif mode == 'around' then\n"
"    local p, after = point(keys, a[2], true), {}\n"
"    scan(q, '-', '(' .. p, true, math.floor(limit / 2), out); flip(out)\n"
"    scan(q, p, '+', false, limit - #out, after)\n"
"    for i = 1, #after do out[#out + 1] = after[i] end\n"
"  elseif not older(point(keys, a[3], true), point(keys, a[2], true)) then\n"
"    scan(q, lo(keys, a[2]), hi(keys, a[3]), false, limit, out)\n"
"  else\n"
"    scan(q, lo(keys, a[3]), hi(keys, a[2]), true, limit, out); flip(out)\n"
"  end\n"
"  return out\n"
"end\n"
"local function room(keys, a)\n"
"  redis.call('DEL', keys[1])\n"
"  return redis.call('HSET', keys[1], unpack(a))\n"
"end\n"
"redis.register_function('" RS_ADD "', add)\n"
"redis.register_function{function_name = '" RS_QUERY "', callback = query,\n"
"  flags = {'no-writes'}}\n"
"redis.register_function('" RS_ROOMFN "', room)\n";

/* A formatted write (append or room save) kept until Redis answers;
 * alt, when set, is sent instead if Redis refuses buf. */
struct rs_cmd {
	TAILQ_ENTRY(rs_cmd)	 entry;
	char			*buf, *alt;
	size_t			 len, alt_len;
};

/* A command's arguments, being built. */
struct rs_argv {
	const char	*v[RS_ARGS_MAX];
	size_t		 len[RS_ARGS_MAX];
	int		 n;
};
TAILQ_HEAD(rs_cmd_list, rs_cmd);

struct store_redis;

/* This node's copy of a room's state (saved here, or read from Redis). */
struct rs_room {
	struct table_node	 node;
	char			*fold;
	char			*name, *topic, *topic_who, *modes, *key;
	int64_t			 topic_time, created;
	unsigned int		 limit;
	unsigned int		 gen;		/* saves by this node */
};

/* A query or load in flight. */
struct rs_ask {
	struct store_redis	*s;
	char			 target[STORE_TARGET_MAX + 1];	/* or room */
	unsigned int		 gen;		/* the room's, when sent */
	store_line_fn		*each;
	store_target_fn		*each_target;
	store_room_fn		*each_room;
	store_done_fn		*done;
	void			*arg;
	/* TARGETS: the keys asked about and how to answer. */
	char			**keys;
	size_t			 nkeys;
	int64_t			 from_ms, to_ms;
	unsigned int		 limit;
};

struct store_redis {
	struct store		 base;
	store_failed_fn		*failed;
	void			*failed_arg;
	struct event_base	*evbase;
	char			*host;
	int			 port, db;
	unsigned int		 max_age, max_lines;

	redisAsyncContext	*ac;
	int			 up;		/* connected and set up */
	int			 closing;
	int			 warned;	/* "unreachable" logged */
	int			 refused;	/* a write's error logged */
	unsigned int		 backoff_ms;
	struct event		*ev_retry, *ev_watch;
	struct timespec		 progress;	/* last answer or start */
	unsigned int		 asks;		/* queries in flight */

	struct rs_cmd_list	 pending;	/* not yet sent */
	struct rs_cmd_list	 inflight;	/* sent, not answered */
	size_t			 queued;	/* bytes in both */
	uint64_t		 dropped;	/* since the last report */
	time_t			 targets_pruned;	/* last ZREMRANGEBYSCORE */
	struct table		 rooms;		/* struct rs_room */
};

static int	rs_open(struct store **, const struct settings *,
		    struct event_base *, store_failed_fn *, void *, char **);
static int	rs_append(struct store *, const struct store_line *);
static int	rs_query(struct store *, const struct store_query *,
		    store_line_fn *, store_done_fn *, void *);
static int	rs_targets(struct store *, const char *const *, size_t,
		    int64_t, int64_t, unsigned int, store_target_fn *,
		    store_done_fn *, void *);
static int	rs_room_save(struct store *, const struct store_room *);
static int	rs_room_load(struct store *, const char *, store_room_fn *,
		    store_done_fn *, void *);
static void	rs_flush(struct store *);
static void	rs_close(struct store *);
static const char *rs_failure(struct store *);
static void	rs_connect(struct store_redis *);
static void	rs_scan(struct store_redis *, const char *);

const struct store_ops store_redis_ops = {
	.name = "redis",
	.open = rs_open,
	.append = rs_append,
	.query = rs_query,
	.targets = rs_targets,
	.room_save = rs_room_save,
	.room_load = rs_room_load,
	.flush = rs_flush,
	.close = rs_close,
	.failure = rs_failure,
};

/* ---------------------------------------------------------- connection */

/* Note that Redis answered (or that waiting starts now). */
static void
rs_progress(struct store_redis *s)
{
	clock_gettime(CLOCK_MONOTONIC, &s->progress);
}

/* Send one kept write; it waits in inflight for its answer. */
static void rs_write_cb(redisAsyncContext *, void *, void *);
static void
rs_send(struct store_redis *s, struct rs_cmd *c)
{
	if (TAILQ_EMPTY(&s->inflight) && s->asks == 0)
		rs_progress(s);
	TAILQ_INSERT_TAIL(&s->inflight, c, entry);
	if (redisAsyncFormattedCommand(s->ac, rs_write_cb, NULL, c->buf,
	    c->len) != REDIS_OK)
		log_warnx("history: cannot send to Redis");
}

/* Send everything that waited. */
static void
rs_send_pending(struct store_redis *s)
{
	struct rs_cmd	*c;

	while ((c = TAILQ_FIRST(&s->pending)) != NULL) {
		TAILQ_REMOVE(&s->pending, c, entry);
		rs_send(s, c);
	}
}

/* Free one kept write. */
static void
rs_cmd_free(struct store_redis *s, struct rs_cmd *c)
{
	s->queued -= c->len + c->alt_len;
	redisFreeCommand(c->buf);
	redisFreeCommand(c->alt);
	free(c);
}

/*
 * An answer to a write: it is done (an error is logged, not retried),
 * unless it has an alternative: XADD refused a msgid's id at or below
 * the stream's top (another node's clock, a resend), and the function
 * files the line after the top, or finds it there already.
 */
static void
rs_write_cb(redisAsyncContext *ac, void *r, void *priv)
{
	struct store_redis	*s = ac->data;
	redisReply		*reply = r;
	struct rs_cmd		*c;

	if (reply == NULL || s == NULL)
		return;		/* the connection went: kept for a resend */
	rs_progress(s);
	if ((c = TAILQ_FIRST(&s->inflight)) != NULL) {
		TAILQ_REMOVE(&s->inflight, c, entry);
		if (reply->type == REDIS_REPLY_ERROR && c->alt != NULL) {
			s->queued -= c->len;
			redisFreeCommand(c->buf);
			c->buf = c->alt;
			c->len = c->alt_len;
			c->alt = NULL;
			c->alt_len = 0;
			rs_send(s, c);
			return;
		}
		rs_cmd_free(s, c);
	}
	if (reply->type != REDIS_REPLY_ERROR)
		s->refused = 0;
	else if (!s->refused) {
		log_warnx("history: Redis refuses a line: %s", reply->str);
		s->refused = 1;
	}
}

/* The answer to the set-up (SELECT, FUNCTION LOAD). */
static void
rs_setup_cb(redisAsyncContext *ac, void *r, void *priv)
{
	struct store_redis	*s = ac->data;
	redisReply		*reply = r;

	if (reply == NULL || s == NULL)
		return;
	rs_progress(s);
	if (reply->type == REDIS_REPLY_ERROR)
		log_warnx("history: Redis %s:%d: %s (Redis 7 or later is "
		    "needed)", s->host, s->port, reply->str);
}

/* Writes that were sent but not answered go back first in line. */
static void
rs_requeue(struct store_redis *s)
{
	struct rs_cmd	*c;

	while ((c = TAILQ_LAST(&s->inflight, rs_cmd_list)) != NULL) {
		TAILQ_REMOVE(&s->inflight, c, entry);
		TAILQ_INSERT_HEAD(&s->pending, c, entry);
	}
}

/* The connection is gone (or never came): try again later. */
static void
rs_lost(struct store_redis *s, const char *why)
{
	struct timeval	 tv;
	char		*text;

	s->ac = NULL;
	s->up = 0;
	rs_requeue(s);
	if (s->closing)
		return;
	if (!s->warned) {
		log_warnx("history: Redis %s:%d unreachable (%s); %zu bytes of "
		    "history kept for it", s->host, s->port, why, s->queued);
		xasprintf(&text, "Redis at %s:%d is unreachable (new lines "
		    "wait in memory until it is back)", s->host, s->port);
		if (s->failed != NULL)
			s->failed(text, s->failed_arg);
		free(text);
		s->warned = 1;
	}
	tv.tv_sec = s->backoff_ms / 1000;
	tv.tv_usec = (s->backoff_ms % 1000) * 1000;
	evtimer_add(s->ev_retry, &tv);
	s->backoff_ms *= 2;
	if (s->backoff_ms > RS_BACKOFF_MAX_MS)
		s->backoff_ms = RS_BACKOFF_MAX_MS;
}

/* Connected, or not. */
static void
rs_connect_cb(const redisAsyncContext *ac, int status)
{
	struct store_redis	*s = ac->data;

	if (s == NULL)
		return;
	if (status != REDIS_OK) {
		rs_lost(s, ac->errstr);
		return;
	}
	s->up = 1;
	s->backoff_ms = RS_BACKOFF_MIN_MS;
	rs_progress(s);
	if (s->warned || s->dropped != 0)
		log_info("history: Redis %s:%d is back%s", s->host, s->port,
		    s->dropped != 0 ? "; lines were lost while it was away" :
		    "");
	if (s->dropped != 0)
		log_warnx("history: %llu lines not kept (over %u bytes)",
		    (unsigned long long)s->dropped, RS_QUEUE_MAX);
	s->warned = 0;
	s->dropped = 0;
	rs_scan(s, "0");
}

/* The connection closed. */
static void
rs_disconnect_cb(const redisAsyncContext *ac, int status)
{
	struct store_redis	*s = ac->data;

	if (s != NULL)
		rs_lost(s, ac->errstr[0] != '\0' ? ac->errstr :
		    "connection closed");
}

/* Time to try again. */
static void
rs_retry_cb(evutil_socket_t fd, short events, void *arg)
{
	rs_connect(arg);
}

/* Ms since the last answer, when something waits for one. */
static long
rs_waiting_ms(struct store_redis *s)
{
	struct timespec	now;

	if (s->ac == NULL || (s->up && TAILQ_EMPTY(&s->inflight) &&
	    s->asks == 0))
		return (0);
	clock_gettime(CLOCK_MONOTONIC, &now);
	return ((now.tv_sec - s->progress.tv_sec) * 1000 +
	    (now.tv_nsec - s->progress.tv_nsec) / 1000000);
}

/* A Redis that does not answer (or connect) in time is dropped: queries
 * fail, writes wait for the next connection. */
static void
rs_watch_cb(evutil_socket_t fd, short events, void *arg)
{
	struct store_redis	*s = arg;
	redisAsyncContext	*ac = s->ac;

	if (ac == NULL || rs_waiting_ms(s) < RS_TIMEOUT_MS)
		return;
	ac->data = NULL;
	redisAsyncFree(ac);	/* queries' callbacks run with no reply */
	rs_lost(s, "no answer");
}

/* Start connecting; commands sent now go out once it is up. */
static void
rs_connect(struct store_redis *s)
{
	redisAsyncContext	*ac;
	char			 db[16];

	ac = redisAsyncConnect(s->host, s->port);
	if (ac == NULL || ac->err) {
		if (ac != NULL) {
			log_debug("history: Redis: %s", ac->errstr);
			redisAsyncFree(ac);
		}
		s->ac = NULL;
		rs_lost(s, "cannot connect");
		return;
	}
	redis_reader_bound(ac->c.reader);
	ac->data = s;
	s->ac = ac;
	rs_progress(s);
	if (redisLibeventAttach(ac, s->evbase) != REDIS_OK)
		fatalx("redisLibeventAttach failed");
	redisAsyncSetConnectCallback(ac, rs_connect_cb);
	redisAsyncSetDisconnectCallback(ac, rs_disconnect_cb);
	snprintf(db, sizeof db, "%d", s->db);
	if (s->db != 0)
		redisAsyncCommand(ac, rs_setup_cb, NULL, "SELECT %s", db);
	redisAsyncCommand(ac, rs_setup_cb, NULL, "FUNCTION LOAD REPLACE %b",
	    rs_library, sizeof rs_library - 1);
	rs_send_pending(s);
}

/* ----------------------------------------------------------- room cache */

/* This node's copy of a room's state. */
static struct rs_room *
rs_room_get(struct store_redis *s, const char *fold)
{
	struct table_node	*n;

	if ((n = table_find(&s->rooms, fold, table_hash(fold))) == NULL)
		return (NULL);
	return (TABLE_ENTRY(n, struct rs_room, node));
}

/* Free a cached room's strings. */
static void
rs_room_clear(struct rs_room *r)
{
	free(r->name);
	free(r->topic);
	free(r->topic_who);
	free(r->modes);
	free(r->key);
}

/* A copy of NULL or s. */
static char *
rs_strdup(const char *s)
{
	return (s == NULL ? NULL : xstrdup(s));
}

/* Remember a room's state; saved (by this node) moves its generation,
 * so a read sent before the save does not undo it. */
static struct rs_room *
rs_room_put(struct store_redis *s, const char *fold,
    const struct store_room *sr, int saved)
{
	struct rs_room	*r;

	if ((r = rs_room_get(s, fold)) == NULL) {
		r = xcalloc(1, sizeof *r);
		r->fold = xstrdup(fold);
		r->node.key = r->fold;
		r->node.hash = table_hash(fold);
		table_insert(&s->rooms, &r->node);
	} else
		rs_room_clear(r);
	r->name = xstrdup(sr->name);
	r->topic = rs_strdup(sr->topic);
	r->topic_who = rs_strdup(sr->topic_who);
	r->modes = xstrdup(sr->modes == NULL ? "" : sr->modes);
	r->key = rs_strdup(sr->key);
	r->topic_time = sr->topic_time;
	r->created = sr->created;
	r->limit = sr->limit;
	if (saved)
		r->gen++;
	return (r);
}

/* Answer a load from the cache. */
static void
rs_room_answer(const struct rs_room *r, store_room_fn *each, void *arg)
{
	struct store_room	sr;

	sr = (struct store_room){ r->name, r->topic, r->topic_who,
	    r->topic_time, r->modes, r->key, r->limit, r->created };
	each(&sr, arg);
}

/* Free one cached room. */
static void
rs_room_free_cb(struct table_node *n, void *arg)
{
	struct rs_room	*r = TABLE_ENTRY(n, struct rs_room, node);

	rs_room_clear(r);
	free(r->fold);
	free(r);
}

/* ---------------------------------------------------------------- writes */

/* A command's bytes (hiredis's format). */
static char *
rs_format(struct rs_argv *a, size_t *len)
{
	char	*buf;
	int	 n;

	if ((n = redisFormatCommandArgv(&buf, a->n, a->v, a->len)) < 0)
		fatalx("redisFormatCommandArgv failed");
	*len = (size_t)n;
	return (buf);
}

/* Keep a write (and its alternative) and send it if Redis is there; -1
 * when over the bound. */
static int
rs_write(struct store_redis *s, struct rs_argv *cmd, struct rs_argv *alt)
{
	struct rs_cmd	*c;

	if (s->queued > RS_QUEUE_MAX) {
		if (s->dropped++ == 0)
			log_warnx("history: Redis is away and %u bytes wait for "
			    "it: new lines are not kept", RS_QUEUE_MAX);
		return (-1);
	}
	c = xcalloc(1, sizeof *c);
	c->buf = rs_format(cmd, &c->len);
	if (alt != NULL)
		c->alt = rs_format(alt, &c->alt_len);
	s->queued += c->len + c->alt_len;
	if (s->ac != NULL)
		rs_send(s, c);
	else
		TAILQ_INSERT_TAIL(&s->pending, c, entry);
	return (0);
}

/* Argument i: a string (NULL as ""). */
static void
rs_arg(const char **argv, size_t *lens, int i, const char *v)
{
	argv[i] = v == NULL ? "" : v;
	lens[i] = strlen(argv[i]);
}

/* One more argument (NULL as ""). */
static void
rs_push(struct rs_argv *a, const char *v)
{
	rs_arg(a->v, a->len, a->n++, v);
}

/* The age bound in ms since the epoch (0: none). */
static int64_t
rs_floor(const struct store_redis *s)
{
	if (s->max_age == 0)
		return (0);
	return ((int64_t)time(NULL) * 1000 - (int64_t)s->max_age * 1000);
}

/* The numbers an append needs, as text. */
struct rs_nums {
	char	maxlen[16], floor[24], ttl[24], time[24], kind[8];
};

/* XADD key [MAXLEN ~ N] ID m MSGID t TIME k KIND l LINE [a ACCT] [c TAGS] */
static void
rs_append_xadd(const struct store_line *l, const char *key, const char *id,
    const struct rs_nums *n, struct rs_argv *a)
{
	a->n = 0;
	rs_push(a, "XADD");
	rs_push(a, key);
	if (strcmp(n->maxlen, "0") != 0) {
		rs_push(a, "MAXLEN");
		rs_push(a, "~");
		rs_push(a, n->maxlen);
	}
	rs_push(a, id);
	rs_push(a, "m");
	rs_push(a, l->msgid);
	rs_push(a, "t");
	rs_push(a, n->time);
	rs_push(a, "k");
	rs_push(a, n->kind);
	rs_push(a, "l");
	rs_push(a, l->line);
	if (l->account != NULL && *l->account != '\0') {
		rs_push(a, "a");
		rs_push(a, l->account);
	}
	if (l->ctags != NULL && *l->ctags != '\0') {
		rs_push(a, "c");
		rs_push(a, l->ctags);
	}
}

/* FCALL add, the library's way of filing the same line. */
static void
rs_append_fcall(const struct store_line *l, const char *key, const char *id,
    const struct rs_nums *n, struct rs_argv *a)
{
	const char	*args[] = { "FCALL", RS_ADD, "2", key, RS_TARGETS,
	    n->maxlen, n->floor, n->ttl, id, l->msgid, n->time, n->kind,
	    l->account, l->ctags, l->line, l->target,
	    l->kind <= STORE_TAGMSG ? "1" : "0" };
	size_t		 i;

	a->n = 0;
	for (i = 0; i < nitems(args); i++)
		rs_push(a, args[i]);
}

/* One small command of three to five words. */
static void
rs_small(struct store_redis *s, const char *w0, const char *w1,
    const char *w2, const char *w3, const char *w4)
{
	const char	*w[] = { w0, w1, w2, w3, w4 };
	struct rs_argv	 a;
	size_t		 i;

	a.n = 0;
	for (i = 0; i < nitems(w) && w[i] != NULL; i++)
		rs_push(&a, w[i]);
	rs_write(s, &a, NULL);
}

/* What follows a line: its target's latest time, the age bound. */
static void
rs_append_after(struct store_redis *s, const struct store_line *l,
    const char *key, const struct rs_nums *n)
{
	char	bound[32];

	if (l->kind <= STORE_TAGMSG)
		rs_small(s, "ZADD", RS_TARGETS, "GT", n->time, l->target);
	if (s->max_age == 0)
		return;
	rs_small(s, "XTRIM", key, "MINID", n->floor, NULL);
	rs_small(s, "PEXPIRE", key, n->ttl, NULL, NULL);
	if (s->targets_pruned == time(NULL))
		return;
	s->targets_pruned = time(NULL);
	snprintf(bound, sizeof bound, "(%s", n->floor);
	rs_small(s, "ZREMRANGEBYSCORE", RS_TARGETS, "-inf", bound, NULL);
}

/*
 * File one line: XADD with the id its msgid gives (plain commands,
 * pipelined, cost Redis a fifth of a function call), the function as
 * the alternative when XADD refuses the id.
 */
static int
rs_append(struct store *st, const struct store_line *l)
{
	struct store_redis	*s = (struct store_redis *)st;
	struct rs_argv		 cmd, alt;
	struct rs_nums		 n;
	char			 key[sizeof RS_EVENTS + STORE_TARGET_MAX];
	char			 id[RS_ID_MAX];
	bool			 ours = true;

	if (store_redis_stream_id(l->msgid, id, sizeof id) != 0) {
		strlcpy(id, "*", sizeof id);	/* not one of ours */
		ours = false;
	}
	snprintf(key, sizeof key, "%s%s", l->kind <= STORE_TAGMSG ? RS_HIST :
	    RS_EVENTS, l->target);
	snprintf(n.maxlen, sizeof n.maxlen, "%u", s->max_lines);
	snprintf(n.floor, sizeof n.floor, "%lld", (long long)rs_floor(s));
	snprintf(n.ttl, sizeof n.ttl, "%llu",
	    (unsigned long long)s->max_age * 1000);
	snprintf(n.time, sizeof n.time, "%lld", (long long)l->time_ms);
	snprintf(n.kind, sizeof n.kind, "%d", (int)l->kind);
	rs_append_xadd(l, key, id, &n, &cmd);
	rs_append_fcall(l, key, id, &n, &alt);
	if (rs_write(s, &cmd, ours ? &alt : NULL) != 0)
		return (-1);
	rs_append_after(s, l, key, &n);
	return (0);
}

/* FCALL room: replace a room's hash with its fields that are set. */
static int
rs_room_save(struct store *st, const struct store_room *r)
{
	struct store_redis	*s = (struct store_redis *)st;
	struct rs_argv		 a;
	char			 key[sizeof RS_ROOM + STORE_TARGET_MAX];
	char			 fold[STORE_TARGET_MAX], nums[3][32];
	const char		*fields[][2] = {
		{ "name", r->name }, { "topic", r->topic },
		{ "topic_who", r->topic_who }, { "topic_time", nums[0] },
		{ "modes", r->modes }, { "key", r->key },
		{ "limit", nums[1] }, { "created", nums[2] },
	};
	size_t			 i;

	irc_casefold(USER_CASEMAP, fold, r->name, sizeof fold);
	rs_room_put(s, fold, r, 1);
	snprintf(key, sizeof key, RS_ROOM "%s", fold);
	snprintf(nums[0], sizeof nums[0], "%lld", (long long)r->topic_time);
	snprintf(nums[1], sizeof nums[1], "%u", r->limit);
	snprintf(nums[2], sizeof nums[2], "%lld", (long long)r->created);
	a.n = 0;
	rs_push(&a, "FCALL");
	rs_push(&a, RS_ROOMFN);
	rs_push(&a, "1");
	rs_push(&a, key);
	for (i = 0; i < nitems(fields); i++) {
		if (fields[i][1] == NULL)
			continue;
		rs_push(&a, fields[i][0]);
		rs_push(&a, fields[i][1]);
	}
	return (rs_write(s, &a, NULL));
}

/* ---------------------------------------------------------------- reads */

/* A new read for the callbacks. */
static struct rs_ask *
rs_ask_new(struct store_redis *s, store_done_fn *done, void *arg)
{
	struct rs_ask	*a;

	a = xcalloc(1, sizeof *a);
	a->s = s;
	a->done = done;
	a->arg = arg;
	return (a);
}

/* Free a finished read. */
static void
rs_ask_free(struct rs_ask *a)
{
	size_t	i;

	for (i = 0; i < a->nkeys; i++)
		free(a->keys[i]);
	free(a->keys);
	free(a);
}

/* Whether a read's answer is one: counts it off and logs an error. */
static int
rs_ask_answered(struct rs_ask *a, const redisReply *reply)
{
	a->s->asks--;
	if (reply == NULL)
		return (-1);
	rs_progress(a->s);
	if (reply->type == REDIS_REPLY_ERROR) {
		log_warnx("history: Redis: %s", reply->str);
		return (-1);
	}
	return (0);
}

/* Send a read; when Redis is away it fails at once. */
static int
rs_ask_send(struct store_redis *s, struct rs_ask *a, redisCallbackFn *fn,
    int argc, const char **argv, const size_t *lens)
{
	if (s->ac == NULL) {
		a->done(-1, a->arg);
		rs_ask_free(a);
		return (0);
	}
	if (TAILQ_EMPTY(&s->inflight) && s->asks == 0)
		rs_progress(s);
	s->asks++;
	if (redisAsyncCommandArgv(s->ac, fn, a, argc, argv, lens) !=
	    REDIS_OK) {
		s->asks--;
		a->done(-1, a->arg);
		rs_ask_free(a);
	}
	return (0);
}

/* The lines of a query: each() for every one, then done(). */
static void
rs_query_cb(redisAsyncContext *ac, void *r, void *priv)
{
	struct rs_ask		*a = priv;
	redisReply		*reply = r;
	struct store_line	 l;
	size_t			 i;
	int			 error;

	if ((error = rs_ask_answered(a, reply)) == 0 &&
	    reply->type != REDIS_REPLY_ARRAY)
		error = -1;
	for (i = 0; error == 0 && i < reply->elements; i++) {
		if (store_redis_line(reply->element[i], &l) != 0)
			continue;	/* not one of ours */
		l.target = a->target;
		a->each(&l, a->arg);
	}
	a->done(error, a->arg);
	rs_ask_free(a);
}

/* A reference for the query function: "", T<ms> or M<id>:<msgid>;
 * -1 for a msgid that is not one of ours. */
static int
rs_ref(const struct store_ref *r, char *buf, size_t size)
{
	char	id[RS_ID_MAX];

	switch (r->type) {
	case STORE_REF_NONE:
		buf[0] = '\0';
		return (0);
	case STORE_REF_TIME:
		snprintf(buf, size, "T%lld", (long long)(r->time_ms < 1 ? 1 :
		    r->time_ms));
		return (0);
	case STORE_REF_MSGID:
		if (store_redis_stream_id(r->msgid, id, sizeof id) != 0)
			return (-1);
		snprintf(buf, size, "M%s:%s", id, r->msgid);
		return (0);
	}
	return (-1);
}

static const char *rs_modes[] = {
	[STORE_LATEST] = "latest",
	[STORE_BEFORE] = "before",
	[STORE_AFTER] = "after",
	[STORE_AROUND] = "around",
	[STORE_BETWEEN] = "between",
};

/* FCALL query: the whole query in one round trip. */
static int
rs_query(struct store *st, const struct store_query *q, store_line_fn *each,
    store_done_fn *done, void *arg)
{
	struct store_redis	*s = (struct store_redis *)st;
	struct rs_ask		*a;
	const char		*argv[12];
	size_t			 lens[12];
	char			 keys[2][sizeof RS_EVENTS + STORE_TARGET_MAX];
	char			 from[RS_ID_MAX + STORE_MSGID_MAX + 2];
	char			 to[sizeof from], nums[3][32];

	if (q->limit == 0 || rs_ref(&q->from, from, sizeof from) != 0 ||
	    rs_ref(&q->to, to, sizeof to) != 0) {
		done(0, arg);	/* nothing asked, or not our msgid */
		return (0);
	}
	if (q->type == STORE_AROUND && q->from.type == STORE_REF_NONE)
		strlcpy(from, "T1", sizeof from);
	a = rs_ask_new(s, done, arg);
	a->each = each;
	strlcpy(a->target, q->target, sizeof a->target);
	snprintf(keys[0], sizeof keys[0], RS_HIST "%s", q->target);
	snprintf(keys[1], sizeof keys[1], RS_EVENTS "%s", q->target);
	snprintf(nums[0], sizeof nums[0], "%u", q->limit);
	snprintf(nums[1], sizeof nums[1], "%lld", (long long)rs_floor(s));
	snprintf(nums[2], sizeof nums[2], "%u", s->max_lines);
	rs_arg(argv, lens, 0, "FCALL");
	rs_arg(argv, lens, 1, RS_QUERY);
	rs_arg(argv, lens, 2, "2");
	rs_arg(argv, lens, 3, keys[0]);
	rs_arg(argv, lens, 4, keys[1]);
	rs_arg(argv, lens, 5, rs_modes[q->type]);
	rs_arg(argv, lens, 6, from);
	rs_arg(argv, lens, 7, q->type == STORE_BETWEEN ? to : "T1");
	rs_arg(argv, lens, 8, nums[0]);
	rs_arg(argv, lens, 9, q->events ? "1" : "0");
	rs_arg(argv, lens, 10, nums[1]);
	rs_arg(argv, lens, 11, nums[2]);
	return (rs_ask_send(s, a, rs_query_cb, 12, argv, lens));
}

struct rs_tgt {
	size_t	 key;
	int64_t	 latest;
};

/* Targets by the time of their latest line. */
static int
rs_tgt_cmp(const void *x, const void *y)
{
	int64_t	a = ((const struct rs_tgt *)x)->latest;
	int64_t	b = ((const struct rs_tgt *)y)->latest;

	return (a < b ? -1 : a > b);
}

/* The scores of the keys: those strictly between the two times, in
 * BETWEEN's order, at most limit. */
static void
rs_targets_cb(redisAsyncContext *ac, void *r, void *priv)
{
	struct rs_ask	*a = priv;
	redisReply	*reply = r, *e;
	struct rs_tgt	*t;
	int64_t		 lo, hi, v, floor = rs_floor(a->s);
	size_t		 i, n = 0;
	int		 error;

	if ((error = rs_ask_answered(a, reply)) == 0 &&
	    (reply->type != REDIS_REPLY_ARRAY || reply->elements != a->nkeys))
		error = -1;
	lo = a->from_ms < a->to_ms ? a->from_ms : a->to_ms;
	hi = a->from_ms < a->to_ms ? a->to_ms : a->from_ms;
	t = xcalloc(a->nkeys + 1, sizeof *t);
	for (i = 0; error == 0 && i < a->nkeys; i++) {
		e = reply->element[i];
		if (e->type != REDIS_REPLY_STRING)
			continue;	/* nil: no lines */
		v = strtoll(e->str, NULL, 10);
		if (v > lo && v < hi && v >= floor) {
			t[n].key = i;
			t[n++].latest = v;
		}
	}
	qsort(t, n, sizeof *t, rs_tgt_cmp);
	for (i = 0; i < n && i < a->limit; i++) {
		if (a->from_ms <= a->to_ms)
			a->each_target(a->keys[t[i].key], t[i].latest, a->arg);
		else
			a->each_target(a->keys[t[n - 1 - i].key],
			    t[n - 1 - i].latest, a->arg);
	}
	free(t);
	a->done(error, a->arg);
	rs_ask_free(a);
}

/* ZMSCORE tuichat:targets keys... */
static int
rs_targets(struct store *st, const char *const *keys, size_t nkeys,
    int64_t from_ms, int64_t to_ms, unsigned int limit, store_target_fn *each,
    store_done_fn *done, void *arg)
{
	struct store_redis	*s = (struct store_redis *)st;
	struct rs_ask		*a;
	const char		**argv;
	size_t			*lens, i;
	int			 rc;

	if (nkeys == 0 || limit == 0) {
		done(0, arg);
		return (0);
	}
	a = rs_ask_new(s, done, arg);
	a->each_target = each;
	a->from_ms = from_ms;
	a->to_ms = to_ms;
	a->limit = limit;
	a->keys = xcalloc(nkeys, sizeof *a->keys);
	argv = xcalloc(nkeys + 2, sizeof *argv);
	lens = xcalloc(nkeys + 2, sizeof *lens);
	rs_arg(argv, lens, 0, "ZMSCORE");
	rs_arg(argv, lens, 1, RS_TARGETS);
	for (i = 0; i < nkeys; i++) {
		a->keys[i] = xstrdup(keys[i]);
		rs_arg(argv, lens, (int)i + 2, a->keys[i]);
	}
	a->nkeys = nkeys;
	rc = rs_ask_send(s, a, rs_targets_cb, (int)nkeys + 2, argv, lens);
	free(argv);
	free(lens);
	return (rc);
}

/* One field of a room's hash into r. */
static void
rs_room_field(struct store_room *r, const char *f, const char *v)
{
	if (strcmp(f, "name") == 0)
		r->name = v;
	else if (strcmp(f, "topic") == 0)
		r->topic = v;
	else if (strcmp(f, "topic_who") == 0)
		r->topic_who = v;
	else if (strcmp(f, "topic_time") == 0)
		r->topic_time = strtoll(v, NULL, 10);
	else if (strcmp(f, "modes") == 0)
		r->modes = v;
	else if (strcmp(f, "key") == 0)
		r->key = v;
	else if (strcmp(f, "limit") == 0)
		r->limit = (unsigned int)strtoul(v, NULL, 10);
	else if (strcmp(f, "created") == 0)
		r->created = strtoll(v, NULL, 10);
}

/* A room's hash (HGETALL) into sr; -1 when it is not one. */
static int
rs_room_parse(const redisReply *reply, struct store_room *sr)
{
	redisReply	**e;
	size_t		  i;

	memset(sr, 0, sizeof *sr);
	if (reply->type != REDIS_REPLY_ARRAY)
		return (-1);
	for (i = 0; i + 1 < reply->elements; i += 2) {
		e = &reply->element[i];
		if (e[0]->type == REDIS_REPLY_STRING &&
		    e[1]->type == REDIS_REPLY_STRING)
			rs_room_field(sr, e[0]->str, e[1]->str);
	}
	return (0);
}

/* A room's hash: the cache learns it (unless this node saved the room
 * since the read was sent), then the load is answered from the cache. */
static void
rs_room_cb(redisAsyncContext *ac, void *r, void *priv)
{
	struct rs_ask		*a = priv;
	redisReply		*reply = r;
	struct rs_room		*room;
	struct store_room	 sr;
	int			 error;

	if ((error = rs_ask_answered(a, reply)) == 0 &&
	    rs_room_parse(reply, &sr) != 0)
		error = -1;
	room = rs_room_get(a->s, a->target);
	if (error == 0 && sr.name != NULL && (room == NULL ?
	    a->gen == 0 : room->gen == a->gen))
		room = rs_room_put(a->s, a->target, &sr, 0);
	if (a->done != NULL) {
		if (error == 0 && room != NULL)
			rs_room_answer(room, a->each_room, a->arg);
		a->done(error, a->arg);
	}
	rs_ask_free(a);
}

/* HGETALL tuichat:roomstate:<fold>, for a load (done set) or to keep
 * the cache fresh. */
static int
rs_room_read(struct store_redis *s, const char *fold, store_room_fn *each,
    store_done_fn *done, void *arg)
{
	struct rs_ask	*a;
	struct rs_room	*room;
	const char	*argv[2];
	size_t		 lens[2];
	char		 key[sizeof RS_ROOM + STORE_TARGET_MAX];

	snprintf(key, sizeof key, RS_ROOM "%s", fold);
	a = rs_ask_new(s, done, arg);
	a->each_room = each;
	strlcpy(a->target, fold, sizeof a->target);
	if ((room = rs_room_get(s, fold)) != NULL)
		a->gen = room->gen;
	rs_arg(argv, lens, 0, "HGETALL");
	rs_arg(argv, lens, 1, key);
	return (rs_ask_send(s, a, rs_room_cb, 2, argv, lens));
}

/*
 * A room's state. JOIN checks a recreated room's key right after the
 * load, so a room this node knows is answered at once from the cache
 * (filled on connect, by saves and by reads), and read again for next
 * time; an unknown one waits for Redis.
 */
static int
rs_room_load(struct store *st, const char *name, store_room_fn *each,
    store_done_fn *done, void *arg)
{
	struct store_redis	*s = (struct store_redis *)st;
	struct rs_room		*room;
	char			 fold[STORE_TARGET_MAX];

	irc_casefold(USER_CASEMAP, fold, name, sizeof fold);
	if ((room = rs_room_get(s, fold)) == NULL)
		return (rs_room_read(s, fold, each, done, arg));
	rs_room_answer(room, each, arg);
	done(0, arg);
	if (s->ac != NULL)
		rs_room_read(s, fold, NULL, NULL, NULL);
	return (0);
}

/* One page of SCAN over the room hashes: read each, then the next page. */
static void
rs_scan_cb(redisAsyncContext *ac, void *r, void *priv)
{
	struct rs_ask	*a = priv;
	struct rs_room	*room;
	redisReply	*reply = r, *keys;
	const char	*fold;
	size_t		 i;

	if (rs_ask_answered(a, reply) != 0 || reply->type !=
	    REDIS_REPLY_ARRAY || reply->elements != 2 ||
	    reply->element[0]->type != REDIS_REPLY_STRING ||
	    (keys = reply->element[1])->type != REDIS_REPLY_ARRAY) {
		rs_ask_free(a);
		return;
	}
	for (i = 0; i < keys->elements; i++) {
		if (keys->element[i]->type != REDIS_REPLY_STRING ||
		    strlen(keys->element[i]->str) >= sizeof RS_ROOM +
		    STORE_TARGET_MAX)
			continue;
		fold = keys->element[i]->str + sizeof RS_ROOM - 1;
		if ((room = rs_room_get(a->s, fold)) == NULL)
			rs_room_read(a->s, fold, NULL, NULL, NULL);
	}
	if (strcmp(reply->element[0]->str, "0") != 0)
		rs_scan(a->s, reply->element[0]->str);
	rs_ask_free(a);
}

/* SCAN cursor MATCH tuichat:roomstate:* (the cache, on connect). */
static void
rs_scan(struct store_redis *s, const char *cursor)
{
	struct rs_ask	*a;
	const char	*argv[6];
	size_t		 lens[6];

	a = rs_ask_new(s, NULL, NULL);
	rs_arg(argv, lens, 0, "SCAN");
	rs_arg(argv, lens, 1, cursor);
	rs_arg(argv, lens, 2, "MATCH");
	rs_arg(argv, lens, 3, RS_ROOM "*");
	rs_arg(argv, lens, 4, "COUNT");
	rs_arg(argv, lens, 5, "1000");
	rs_ask_send(s, a, rs_scan_cb, 6, argv, lens);
}

/* ------------------------------------------------------- open and close */

/* Writes go out as soon as they are made: nothing waits in this process
 * while Redis is there. */
static void
rs_flush(struct store *st)
{
	struct store_redis	*s = (struct store_redis *)st;

	if (s->ac != NULL)
		rs_send_pending(s);
}

/* On the way out: what Redis has not answered, sent once more on a
 * blocking connection (a line it already has is not filed twice). */
static void
rs_flush_sync(struct store_redis *s)
{
	struct timeval	 tv = { 1, 0 };
	redisContext	*c;
	struct rs_cmd	*cmd;
	void		*reply;
	size_t		 n = 0;

	if (TAILQ_EMPTY(&s->pending))
		return;
	c = redisConnectWithTimeout(s->host, s->port, tv);
	if (c == NULL || c->err || redisSetTimeout(c, tv) != REDIS_OK)
		goto fail;
	redis_reader_bound(c->reader);
	if (s->db != 0)
		redisAppendCommand(c, "SELECT %d", s->db);
	redisAppendCommand(c, "FUNCTION LOAD REPLACE %b", rs_library,
	    sizeof rs_library - 1);
	TAILQ_FOREACH(cmd, &s->pending, entry)
		n++;
	TAILQ_FOREACH(cmd, &s->pending, entry) {
		/* No second try here: the function files or finds it. */
		if (cmd->alt != NULL)
			redisAppendFormattedCommand(c, cmd->alt, cmd->alt_len);
		else
			redisAppendFormattedCommand(c, cmd->buf, cmd->len);
	}
	n += s->db != 0 ? 2 : 1;
	while (n-- > 0) {
		if (redisGetReply(c, &reply) != REDIS_OK)
			goto fail;
		freeReplyObject(reply);
	}
	redisFree(c);
	return;
fail:
	log_warnx("history: %zu bytes of history not written to Redis",
	    s->queued);
	if (c != NULL)
		redisFree(c);
}

/* Free every kept write. */
static void
rs_cmds_free(struct store_redis *s, struct rs_cmd_list *l)
{
	struct rs_cmd	*c;

	while ((c = TAILQ_FIRST(l)) != NULL) {
		TAILQ_REMOVE(l, c, entry);
		rs_cmd_free(s, c);
	}
}

/* Release the handle (the connection is gone). */
static void
rs_free(struct store_redis *s)
{
	if (s->ev_retry != NULL)
		event_free(s->ev_retry);
	if (s->ev_watch != NULL)
		event_free(s->ev_watch);
	rs_cmds_free(s, &s->pending);
	rs_cmds_free(s, &s->inflight);
	table_foreach(&s->rooms, rs_room_free_cb, NULL);
	table_free(&s->rooms);
	free(s->host);
	free(s);
}

/* Close the connection (failing what is in flight), write what Redis has
 * not confirmed, release everything. */
static void
rs_close(struct store *st)
{
	struct store_redis	*s = (struct store_redis *)st;
	redisAsyncContext	*ac = s->ac;

	s->closing = 1;
	if (ac != NULL) {
		redisAsyncFree(ac);	/* rs_lost() keeps what was unanswered */
		s->ac = NULL;
	}
	rs_requeue(s);
	rs_flush_sync(s);
	rs_free(s);
}

/* FAIL CHATHISTORY's text: Redis is away, or it refused the query. */
static const char *
rs_failure(struct store *st)
{
	struct store_redis	*s = (struct store_redis *)st;

	if (!s->up)
		return ("History is unavailable: its Redis server cannot be "
		    "reached");
	return ("History is unavailable: its Redis server failed the query");
}

/* Parse the cluster URL and start connecting; Redis may come later. */
static int
rs_open(struct store **sp, const struct settings *set,
    struct event_base *base, store_failed_fn *failed, void *arg,
    char **cause)
{
	struct store_redis	*s;
	struct timeval		 tv = { 0, RS_WATCH_MS * 1000 };

	*cause = NULL;
	s = xcalloc(1, sizeof *s);
	s->base.ops = &store_redis_ops;
	s->failed = failed;
	s->failed_arg = arg;
	s->evbase = base;
	s->max_age = set->history_max_age;
	s->max_lines = set->history_max_lines;
	s->backoff_ms = RS_BACKOFF_MIN_MS;
	TAILQ_INIT(&s->pending);
	TAILQ_INIT(&s->inflight);
	table_init(&s->rooms);
	if (store_redis_url(set->cluster, &s->host, &s->port, &s->db,
	    cause) != 0) {
		table_free(&s->rooms);
		free(s);
		return (-1);
	}
	s->ev_retry = evtimer_new(base, rs_retry_cb, s);
	s->ev_watch = event_new(base, -1, EV_PERSIST, rs_watch_cb, s);
	if (s->ev_retry == NULL || s->ev_watch == NULL)
		fatalx("event_new failed");
	event_add(s->ev_watch, &tv);
	rs_connect(s);
	*sp = &s->base;
	return (0);
}
