/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * The SQLite history backend. Appends are copied into an in-memory queue
 * (two flat buffers reused turn after turn); every history_sync_ms the
 * queue is handed to a writer thread that commits it in one transaction,
 * so no handler and no loop turn waits on the disk. The database is in
 * WAL mode with synchronous=NORMAL: a commit is in the WAL file as soon
 * as it returns, so a killed daemon loses only what was still queued.
 * Queries run on the loop's own read-only connection once everything
 * appended before them is committed. Retention is pruned by the writer
 * in small batches, once a second.
 *
 * Lines are filed in chunks (store_chunk.h): each commit packs a
 * target's lines into blobs of up to STORE_CHUNK_MAX bytes, one row
 * each, keyed by (target, first msgid number) in a table without rowid.
 * A target's chunks never overlap (a late line is merged into the chunk
 * it belongs to), so they lie in time order (msgid.h) and a msgid or a
 * time is found by one seek and a look inside one blob: a commit costs
 * one b-tree insert per target and 16 KB, not one per line. Queries and
 * retention unpack the blobs; both are exact to the line.
 */

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/queue.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <sqlite3.h>

#include "xmalloc.h"
#include "irc_case.h"
#include "log.h"
#include "msgid.h"
#include "settings.h"
#include "store.h"
#include "store_chunk.h"
#include "table.h"
#include "user.h"

#define SQ_VERSION	2		/* PRAGMA user_version of the schema */
#define SQ_QUEUE_MAX	(64U << 20)	/* queued bytes before lines drop */
#define SQ_PRUNE_MS	1000		/* retention runs this often */
#define SQ_PRUNE_BATCH	1000		/* rows deleted per step */
#define SQ_PRUNE_TARGETS 16		/* targets trimmed per step */
#define SQ_PRUNE_CHUNKS	8		/* chunks read per trimming round */
#define SQ_CACHE_MAX	65536		/* target ids the writer remembers */
#define SQ_ROOM		(-1)		/* an item that saves a room */
#define SQ_NULL		UINT32_MAX	/* a string that is NULL */
#define SQ_STRINGS	5
#define SQ_CHUNK_PUT	"INSERT INTO chunks(target, first, last, msgs, " \
	"events, data) VALUES (?, ?, ?, ?, ?, ?)"
#define SQ_BUSY_MS	5000		/* wait for another daemon's lock */

/* One queued write; strings are offsets into the queue's arena. */
struct sq_item {
	int		 kind;		/* enum store_kind or SQ_ROOM */
	int64_t		 time_ms;	/* rooms: topic time */
	int64_t		 n1, n2;	/* rooms: limit, created */
	uint32_t	 s[SQ_STRINGS];
	char		 msgid[STORE_MSGID_MAX + 1];
};

struct sq_queue {
	struct sq_item	*items;
	size_t		 n, cap;
	char		*arena;
	size_t		 len, size;
	uint64_t	 seq;		/* append number of the last item */
};

/* The writer's cache of target ids, and what a batch adds to each:
 * messages (PRIVMSG, NOTICE, TAGMSG) and events are counted apart, so a
 * busy door (JOIN, QUIT) never pushes the conversation out. */
#define SQ_IS_MSG(kind)	STORE_CHUNK_IS_MSG(kind)
struct sq_pend {
	uint64_t		 id;
	const struct sq_item	*it;
};
struct sq_target {
	struct table_node	 node;
	char			*name;
	int64_t			 id;
	int64_t			 add;
	int64_t			 add_events;
	int64_t			 latest;	/* newest message's id */
	int64_t			 last;		/* newest line's id */
	int64_t			 top;		/* newest id in its chunks */
	int64_t			 tail;		/* newest chunk's first id */
	size_t			 tail_len;	/* and its bytes; 0: none */
	struct sq_pend		*pend;		/* this batch's lines */
	size_t			 npend, cappend;
	struct sq_target	*next;		/* touched in this batch */
	int			 touched;
};

/* What a retention step cuts from one target: lines with ids below
 * bound (cls -1), or the n oldest of a class (1 messages, 0 events). */
struct sq_cut {
	int64_t		 bound;
	int		 cls;
	int64_t		 n;
	int64_t		 gone[2];	/* cut: messages, events */
	int		 budget;	/* lines this step may still cut */
	int64_t		 cursor;	/* the last id looked at */
};

/* A query waiting for the commit of what was appended before it. */
struct sq_wait {
	TAILQ_ENTRY(sq_wait)	 entry;
	uint64_t		 seq;
	struct store_query	 q;
	char			 target[STORE_TARGET_MAX + 1];
	store_line_fn		*each;
	store_done_fn		*done;
	void			*arg;
};
TAILQ_HEAD(sq_wait_list, sq_wait);

/* A room's state saved during this run (newer than the database). */
struct sq_room {
	struct table_node	 node;
	char			*fold;
	char			*name, *topic, *topic_who, *modes, *key;
	int64_t			 topic_time, created;
	unsigned int		 limit;
};

/* One row of a query's result, copied. */
struct sq_row {
	struct store_line	 l;
	char			*strs[3];
};

struct store_sqlite {
	struct store		 base;
	store_failed_fn		*failed;
	void			*failed_arg;
	char			*path;
	unsigned int		 max_age, max_lines;
	struct timeval		 sync_tv;
	sqlite3			*wdb, *rdb;

	/* The loop's side. */
	struct sq_queue		 queues[2];
	struct sq_queue		*qmain;
	uint64_t		 appended, committed;
	struct event		*ev_sync, *ev_prune, *ev_notify;
	int			 armed, dropping, dead;
	int			 pipe[2];
	struct sq_wait_list	 waits;
	struct table		 rooms;
	sqlite3_stmt		*st_asc, *st_desc, *st_tid, *st_tinfo,
				*st_room;
	struct store_chunk_rec	*recs;		/* a decoded chunk */
	size_t			 caprecs;

	/* Shared with the writer, under mu. */
	pthread_t		 thread;
	int			 started;
	int			 repacked;	/* lines moved by a migration */
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv_work, cv_idle;
	struct sq_queue		*qwrite;
	int			 writing, stop, prune;
	uint64_t		 done_seq;
	char			*error;

	/* The writer's own. */
	int			 wdead;
	int64_t			 prune_cursor;	/* next target to age */
	struct table		 targets;
	struct sq_target	*touched;
	struct store_chunk	 chunk;		/* being packed */
	struct store_chunk_rec	*wrecs;		/* a decoded chunk */
	size_t			 capwrecs;
	sqlite3_stmt		*st_insert, *st_tadd, *st_tget, *st_tupd,
				*st_rsave, *st_ttail, *st_tload;
};

static int	sq_migrate_v2(struct store_sqlite *);
static void	sq_uncount(struct sq_target *, int);
static int	sq_tail(struct store_sqlite *, struct sq_target *);

/* The schema, a step per version: SQL, then code to move the data. */
static const struct {
	const char	*sql;
	int		(*fn)(struct store_sqlite *);
} sq_schema[] = {
	/* version 1: a row per line */
	{ "CREATE TABLE targets(id INTEGER PRIMARY KEY, name TEXT NOT NULL "
	"UNIQUE, lines INTEGER NOT NULL DEFAULT 0, events INTEGER NOT NULL "
	"DEFAULT 0, latest INTEGER NOT NULL DEFAULT 0, last INTEGER NOT NULL "
	"DEFAULT 0);"
	"CREATE TABLE msg(target INTEGER NOT NULL, id INTEGER NOT NULL, "
	"kind INTEGER NOT NULL, account TEXT, ctags TEXT, line TEXT NOT NULL, "
	"PRIMARY KEY(target, id)) WITHOUT ROWID;"
	"CREATE TABLE rooms(fold TEXT PRIMARY KEY, name TEXT NOT NULL, "
	"topic TEXT, topic_who TEXT, topic_time INTEGER, modes TEXT, "
	"key TEXT, lim INTEGER, created INTEGER) WITHOUT ROWID;", NULL },
	/* version 2: a row per chunk of lines (store_chunk.h) */
	{ "CREATE TABLE chunks(target INTEGER NOT NULL, first INTEGER NOT NULL,"
	" last INTEGER NOT NULL, msgs INTEGER NOT NULL, events INTEGER NOT "
	"NULL, data BLOB NOT NULL, PRIMARY KEY(target, first)) WITHOUT ROWID;",
	sq_migrate_v2 },
};

static int	sq_open(struct store **, const struct settings *,
		    struct event_base *, store_failed_fn *, void *, char **);
static int	sq_append(struct store *, const struct store_line *);
static int	sq_query(struct store *, const struct store_query *,
		    store_line_fn *, store_done_fn *, void *);
static int	sq_targets(struct store *, const char *const *, size_t,
		    int64_t, int64_t, unsigned int, store_target_fn *,
		    store_done_fn *, void *);
static int	sq_room_save(struct store *, const struct store_room *);
static int	sq_room_load(struct store *, const char *, store_room_fn *,
		    store_done_fn *, void *);
static void	sq_flush(struct store *);
static void	sq_close(struct store *);

const struct store_ops store_sqlite_ops = {
	.name = "sqlite",
	.open = sq_open,
	.append = sq_append,
	.query = sq_query,
	.targets = sq_targets,
	.room_save = sq_room_save,
	.room_load = sq_room_load,
	.flush = sq_flush,
	.close = sq_close,
};

/* ---------------------------------------------------------------- queue */

/* Copy s into q's arena; its offset, or SQ_NULL for NULL. */
static uint32_t
sq_put(struct sq_queue *q, const char *s)
{
	size_t	n, off;

	if (s == NULL)
		return (SQ_NULL);
	n = strlen(s) + 1;
	if (q->len + n > q->size) {
		q->size = q->size == 0 ? 65536 : q->size;
		while (q->len + n > q->size)
			q->size *= 2;
		q->arena = xrealloc(q->arena, q->size);
	}
	off = q->len;
	memcpy(q->arena + off, s, n);
	q->len += n;
	return ((uint32_t)off);
}

/* A new zeroed item at the end of q. */
static struct sq_item *
sq_item_new(struct sq_queue *q)
{
	struct sq_item	*it;

	if (q->n == q->cap) {
		q->cap = q->cap == 0 ? 1024 : q->cap * 2;
		q->items = xreallocarray(q->items, q->cap, sizeof *q->items);
	}
	it = &q->items[q->n++];
	memset(it, 0, sizeof *it);
	return (it);
}

/* String i of an item (NULL when none). */
static const char *
sq_str(const struct sq_queue *q, const struct sq_item *it, int i)
{
	return (it->s[i] == SQ_NULL ? NULL : q->arena + it->s[i]);
}

/* --------------------------------------------------------- the writer */

/* Remember why writing failed; the loop tells the operators. */
static void
sq_writer_fail(struct store_sqlite *s, const char *what)
{
	pthread_mutex_lock(&s->mu);
	if (s->error == NULL)
		xasprintf(&s->error, "%s: %s: %s", s->path, what,
		    sqlite3_errmsg(s->wdb));
	pthread_mutex_unlock(&s->mu);
	s->wdead = 1;
}

/* Step a statement that returns no rows, then reset it. */
static int
sq_step_done(sqlite3_stmt *st)
{
	int	rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/* Note where t's newest chunk begins, and its size; its newest id. */
static int
sq_tail(struct store_sqlite *s, struct sq_target *t)
{
	sqlite3_stmt	*st = s->st_ttail;
	int		 rc;

	t->tail_len = 0;
	sqlite3_bind_int64(st, 1, t->id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		t->tail = sqlite3_column_int64(st, 0);
		if (sqlite3_column_int64(st, 1) > t->top)
			t->top = sqlite3_column_int64(st, 1);
		t->tail_len = (size_t)sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return (rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1);
}

/* The id of target name, made when new; cached in the writer with the
 * newest id its chunks hold (what new chunks must start after). */
static struct sq_target *
sq_target(struct store_sqlite *s, const char *name)
{
	struct table_node	*n;
	struct sq_target	*t;
	unsigned int		 h = table_hash(name);

	if ((n = table_find(&s->targets, name, h)) != NULL)
		return (TABLE_ENTRY(n, struct sq_target, node));
	sqlite3_bind_text(s->st_tadd, 1, name, -1, SQLITE_STATIC);
	if (sq_step_done(s->st_tadd) != 0)
		return (NULL);
	sqlite3_bind_text(s->st_tget, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(s->st_tget) != SQLITE_ROW) {
		sqlite3_reset(s->st_tget);
		return (NULL);
	}
	t = xcalloc(1, sizeof *t);
	t->id = sqlite3_column_int64(s->st_tget, 0);
	t->top = sqlite3_column_int64(s->st_tget, 1);
	sqlite3_reset(s->st_tget);
	if (sq_tail(s, t) != 0) {
		free(t);
		return (NULL);
	}
	t->name = xstrdup(name);
	t->node.key = t->name;
	t->node.hash = h;
	table_insert(&s->targets, &t->node);
	return (t);
}

/* Free one cached target id. */
static void
sq_target_free_cb(struct table_node *n, void *arg)
{
	struct sq_target	*t = TABLE_ENTRY(n, struct sq_target, node);

	free(t->pend);
	free(t->name);
	free(t);
}

/* Forget every cached target id. */
static void
sq_targets_clear(struct store_sqlite *s)
{
	table_foreach(&s->targets, sq_target_free_cb, NULL);
	table_free(&s->targets);
	table_init(&s->targets);
}

/* Note one line under its target; filed by sq_write_chunks(). */
static int
sq_write_line(struct store_sqlite *s, const struct sq_queue *q,
    const struct sq_item *it)
{
	struct sq_target	*t;
	uint64_t		 id;

	if (!msgid_decode(it->msgid, &id))
		return (0);	/* not one of ours: nothing to file it by */
	if ((t = sq_target(s, sq_str(q, it, 0))) == NULL)
		return (-1);
	if (t->npend == t->cappend) {
		t->cappend = t->cappend == 0 ? 64 : t->cappend * 2;
		t->pend = xreallocarray(t->pend, t->cappend, sizeof *t->pend);
	}
	t->pend[t->npend].id = id;
	t->pend[t->npend++].it = it;
	if (SQ_IS_MSG(it->kind)) {
		t->add++;
		if ((int64_t)id > t->latest)
			t->latest = (int64_t)id;
	} else
		t->add_events++;
	if ((int64_t)id > t->last)
		t->last = (int64_t)id;
	if (!t->touched) {
		t->touched = 1;
		t->next = s->touched;
		s->touched = t;
	}
	return (0);
}

/* File chunk c of target tid with st (an INSERT into chunks). */
static int
sq_chunk_put(sqlite3_stmt *st, int64_t tid, const struct store_chunk *c)
{
	sqlite3_bind_int64(st, 1, tid);
	sqlite3_bind_int64(st, 2, (int64_t)c->first);
	sqlite3_bind_int64(st, 3, (int64_t)c->last);
	sqlite3_bind_int64(st, 4, c->msgs);
	sqlite3_bind_int64(st, 5, c->events);
	sqlite3_bind_blob(st, 6, c->data, (int)c->len, SQLITE_STATIC);
	return (sq_step_done(st));
}

/* Replace the chunk of tid that began at first by c (none when empty). */
static int
sq_chunk_replace(struct store_sqlite *s, int64_t tid, int64_t first,
    const struct store_chunk *c)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(s->wdb, "DELETE FROM chunks WHERE target = ? "
	    "AND first = ?", -1, &st, NULL) != SQLITE_OK)
		return (-1);
	sqlite3_bind_int64(st, 1, tid);
	sqlite3_bind_int64(st, 2, first);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return (-1);
	return (c->n == 0 ? 0 : sq_chunk_put(s->st_insert, tid, c));
}

/* The chunk of tid a late line with this id belongs in: the last one
 * that begins at or before it, else the first; 0 when there is none.
 * Its blob is copied into *data. */
static int
sq_chunk_for(struct store_sqlite *s, int64_t tid, int64_t id, int64_t *first,
    void **data, size_t *len)
{
	static const char	*sql[] = {
	    "SELECT first, data FROM chunks WHERE target = ?1 AND first <= ?2 "
	    "ORDER BY first DESC LIMIT 1",
	    "SELECT first, data FROM chunks WHERE target = ?1 ORDER BY first "
	    "LIMIT 1" };
	sqlite3_stmt		*st;
	size_t			 i;
	int			 rc = SQLITE_DONE;

	for (i = 0; i < nitems(sql) && rc == SQLITE_DONE; i++) {
		if (sqlite3_prepare_v2(s->wdb, sql[i], -1, &st, NULL) !=
		    SQLITE_OK)
			return (-1);
		sqlite3_bind_int64(st, 1, tid);
		sqlite3_bind_int64(st, 2, id);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			*first = sqlite3_column_int64(st, 0);
			*len = (size_t)sqlite3_column_bytes(st, 1);
			*data = xmalloc(*len + 1);
			memcpy(*data, sqlite3_column_blob(st, 1), *len);
		}
		sqlite3_finalize(st);
	}
	if (rc == SQLITE_ROW)
		return (1);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/* A line older than the target's newest filed one (its msgid was made
 * before another line's that was queued first): merged into its chunk,
 * so that chunks never overlap. A msgid already there is dropped, and
 * no longer counted. */
static int
sq_merge_line(struct store_sqlite *s, struct sq_target *t,
    const struct sq_queue *q, const struct sq_pend *p)
{
	struct store_chunk	 c = { 0 };
	void			*data = NULL;
	size_t			 len, n, i;
	int64_t			 first;
	int			 rc, added = 0;

	if ((rc = sq_chunk_for(s, t->id, (int64_t)p->id, &first, &data,
	    &len)) <= 0) {
		if (rc == 0) {
			store_chunk_add(&c, p->id, p->it->kind, sq_str(q, p->it,
			    1), sq_str(q, p->it, 2), sq_str(q, p->it, 3));
			rc = sq_chunk_put(s->st_insert, t->id, &c);
		}
		goto out;
	}
	rc = -1;
	if (store_chunk_decode(data, len, &s->wrecs, &s->capwrecs, &n) != 0)
		goto out;
	for (i = 0; i <= n; i++) {
		if (!added && (i == n || s->wrecs[i].id >= p->id)) {
			added = 1;
			if (i < n && s->wrecs[i].id == p->id)
				sq_uncount(t, p->it->kind);	/* twice */
			else
				store_chunk_add(&c, p->id, p->it->kind,
				    sq_str(q, p->it, 1), sq_str(q, p->it, 2),
				    sq_str(q, p->it, 3));
		}
		if (i < n)
			store_chunk_add_rec(&c, &s->wrecs[i]);
	}
	rc = sq_chunk_replace(s, t->id, first, &c);
out:
	free(data);
	store_chunk_free(&c);
	return (rc == 0 ? sq_tail(s, t) : rc);
}

/* Take a line that was not filed off the batch's counts. */
static void
sq_uncount(struct sq_target *t, int kind)
{
	if (SQ_IS_MSG(kind))
		t->add--;
	else
		t->add_events--;
}

/* Pending lines by id. */
static int
sq_pend_cmp(const void *a, const void *b)
{
	uint64_t	x = ((const struct sq_pend *)a)->id;
	uint64_t	y = ((const struct sq_pend *)b)->id;

	return (x < y ? -1 : x > y);
}

/* Start c with t's newest chunk when it is small (a quiet room's commits
 * of a line or two would each be a row): 1 when it did, its row to be
 * replaced; 0 when c starts empty. */
static int
sq_resume(struct store_sqlite *s, struct sq_target *t, struct store_chunk *c)
{
	sqlite3_stmt	*st = s->st_tload;
	int64_t		 msgs, events;
	int		 rc, resumed = 0;

	store_chunk_reset(c);
	if (t->tail_len == 0 || t->tail_len >= STORE_CHUNK_SMALL)
		return (0);
	sqlite3_bind_int64(st, 1, t->id);
	sqlite3_bind_int64(st, 2, t->tail);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		msgs = sqlite3_column_int64(st, 1);
		events = sqlite3_column_int64(st, 2);
		if (msgs + events > 0 && sqlite3_column_bytes(st, 3) > 0) {
			store_chunk_resume(c, sqlite3_column_blob(st, 3),
			    (size_t)sqlite3_column_bytes(st, 3),
			    (uint64_t)t->tail,
			    (uint64_t)sqlite3_column_int64(st, 0), msgs,
			    events);
			resumed = 1;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (-1);
	return (resumed);
}

/* File chunk c of t: a new row, or the resumed one replaced. */
static int
sq_file(struct store_sqlite *s, struct sq_target *t, struct store_chunk *c,
    int *resumed)
{
	int	rc;

	if (*resumed)
		rc = sq_chunk_replace(s, t->id, t->tail, c);
	else
		rc = sq_chunk_put(s->st_insert, t->id, c);
	*resumed = 0;
	t->tail = (int64_t)c->first;
	t->tail_len = c->len;
	store_chunk_reset(c);
	return (rc);
}

/* File one target's lines of the batch: in id order, chunks of up to
 * STORE_CHUNK_MAX bytes after its newest (which they may fill up when
 * it is small); older lines merged. */
static int
sq_write_target(struct store_sqlite *s, struct sq_target *t,
    const struct sq_queue *q)
{
	struct store_chunk	*c = &s->chunk;
	const struct sq_pend	*p;
	size_t			 i;
	int			 resumed = -1;

	for (i = 1; i < t->npend; i++) {
		if (t->pend[i].id < t->pend[i - 1].id) {
			qsort(t->pend, t->npend, sizeof *t->pend, sq_pend_cmp);
			break;
		}
	}
	store_chunk_reset(c);
	for (i = 0; i < t->npend; i++) {
		p = &t->pend[i];
		if (i > 0 && p->id == t->pend[i - 1].id) {
			sq_uncount(t, p->it->kind);	/* seen twice */
			continue;
		}
		if ((int64_t)p->id <= t->top) {
			if (sq_merge_line(s, t, q, p) != 0)
				return (-1);
			continue;
		}
		if (resumed == -1 && (resumed = sq_resume(s, t, c)) == -1)
			return (-1);
		store_chunk_add(c, p->id, p->it->kind, sq_str(q, p->it, 1),
		    sq_str(q, p->it, 2), sq_str(q, p->it, 3));
		t->top = (int64_t)p->id;
		if (c->len >= STORE_CHUNK_MAX &&
		    sq_file(s, t, c, &resumed) != 0)
			return (-1);
	}
	if (c->n != 0 && sq_file(s, t, c, &resumed) != 0)
		return (-1);
	return (0);
}

/* File the batch's lines of every touched target. */
static int
sq_write_chunks(struct store_sqlite *s, const struct sq_queue *q)
{
	struct sq_target	*t;

	for (t = s->touched; t != NULL; t = t->next) {
		if (sq_write_target(s, t, q) != 0)
			return (-1);
	}
	return (0);
}

/* Insert or replace one room's state. */
static int
sq_write_room(struct store_sqlite *s, const struct sq_queue *q,
    const struct sq_item *it)
{
	sqlite3_stmt	*st = s->st_rsave;
	char		 fold[STORE_TARGET_MAX];
	int		 i;

	irc_casefold(USER_CASEMAP, fold, sq_str(q, it, 0), sizeof fold);
	sqlite3_bind_text(st, 1, fold, -1, SQLITE_TRANSIENT);
	for (i = 0; i < SQ_STRINGS; i++)
		sqlite3_bind_text(st, 2 + i, sq_str(q, it, i), -1,
		    SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, it->time_ms);
	sqlite3_bind_int64(st, 8, it->n1);
	sqlite3_bind_int64(st, 9, it->n2);
	return (sq_step_done(st));
}

/* Add the batch's counts to the touched targets. */
static int
sq_write_counts(struct store_sqlite *s)
{
	struct sq_target	*t;
	int			 rc = 0;

	while ((t = s->touched) != NULL) {
		s->touched = t->next;
		t->touched = 0;
		t->npend = 0;
		if (rc == 0) {
			sqlite3_bind_int64(s->st_tupd, 1, t->add);
			sqlite3_bind_int64(s->st_tupd, 2, t->add_events);
			sqlite3_bind_int64(s->st_tupd, 3, t->latest);
			sqlite3_bind_int64(s->st_tupd, 4, t->last);
			sqlite3_bind_int64(s->st_tupd, 5, t->id);
			rc = sq_step_done(s->st_tupd);
		}
		t->add = t->add_events = 0;
	}
	return (rc);
}

/* The group commit: the whole batch in one transaction. */
static void
sq_write_batch(struct store_sqlite *s, const struct sq_queue *q)
{
	size_t	i;
	int	rc = 0;

	if (q->n == 0)
		return;
	if (s->targets.count > SQ_CACHE_MAX)
		sq_targets_clear(s);
	if (sqlite3_exec(s->wdb, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		sq_writer_fail(s, "cannot begin");
		return;
	}
	for (i = 0; rc == 0 && i < q->n; i++) {
		if (q->items[i].kind == SQ_ROOM)
			rc = sq_write_room(s, q, &q->items[i]);
		else
			rc = sq_write_line(s, q, &q->items[i]);
	}
	if (rc == 0)
		rc = sq_write_chunks(s, q);
	if (rc != 0)
		sq_writer_fail(s, "cannot write history");	/* its errmsg */
	if (sq_write_counts(s) != 0 && rc == 0) {
		sq_writer_fail(s, "cannot write history");
		rc = -1;
	}
	if (rc == 0 && sqlite3_exec(s->wdb, "COMMIT", NULL, NULL, NULL) ==
	    SQLITE_OK)
		return;
	sq_writer_fail(s, "cannot write history");
	sqlite3_exec(s->wdb, "ROLLBACK", NULL, NULL, NULL);
	sq_targets_clear(s);
}

/* Take lines off a target's counts (after a delete). */
static void
sq_prune_count(struct store_sqlite *s, int64_t target, int64_t msgs,
    int64_t events)
{
	sqlite3_bind_int64(s->st_tupd, 1, -msgs);
	sqlite3_bind_int64(s->st_tupd, 2, -events);
	sqlite3_bind_int64(s->st_tupd, 3, 0);
	sqlite3_bind_int64(s->st_tupd, 4, 0);
	sqlite3_bind_int64(s->st_tupd, 5, target);
	sq_step_done(s->st_tupd);
}

/* Whether the cut takes record r (and count it when it does). */
static int
sq_cut_rec(struct sq_cut *k, const struct store_chunk_rec *r)
{
	int	msg = SQ_IS_MSG(r->kind) ? 1 : 0;

	if (k->budget <= 0)
		return (0);
	if (k->cls == -1 ? (int64_t)r->id >= k->bound :
	    (msg != k->cls || k->n <= 0))
		return (0);
	if (k->cls != -1)
		k->n--;
	k->gone[msg ? 0 : 1]++;
	k->budget--;
	return (1);
}

/* Cut from one chunk (first, its blob): rewritten without the lines cut,
 * or deleted. 1 when the cut goes on into the next chunk. */
static int
sq_cut_chunk(struct store_sqlite *s, int64_t tid, struct sq_cut *k,
    int64_t first, const void *data, size_t len)
{
	struct store_chunk	 c = { 0 };
	size_t			 n, i;
	int			 rc;

	if (store_chunk_decode(data, len, &s->wrecs, &s->capwrecs, &n) != 0)
		return (-1);
	k->cursor = n == 0 ? first : (int64_t)s->wrecs[n - 1].id;
	for (i = 0; i < n; i++) {
		if (!sq_cut_rec(k, &s->wrecs[i]))
			store_chunk_add_rec(&c, &s->wrecs[i]);
	}
	rc = c.n == n ? 0 : sq_chunk_replace(s, tid, first, &c);
	store_chunk_free(&c);
	if (rc != 0)
		return (-1);
	if (k->budget <= 0 || (k->cls != -1 && k->n <= 0))
		return (0);
	return (k->cls == -1 && n != 0 &&
	    (int64_t)s->wrecs[n - 1].id >= k->bound ? 0 : 1);
}

/* Cut from the oldest chunks of a target, a few chunks a round (the
 * cursor steps past those left as they were). */
static int
sq_cut(struct store_sqlite *s, int64_t tid, struct sq_cut *k)
{
	sqlite3_stmt	*st;
	void		*data[SQ_PRUNE_CHUNKS];
	size_t		 len[SQ_PRUNE_CHUNKS];
	int64_t		 first[SQ_PRUNE_CHUNKS];
	int		 n, i, rc = 1;

	while (rc == 1) {
		if (sqlite3_prepare_v2(s->wdb, "SELECT first, data FROM chunks "
		    "WHERE target = ? AND first > ? ORDER BY first LIMIT ?", -1,
		    &st, NULL) != SQLITE_OK)
			return (-1);
		sqlite3_bind_int64(st, 1, tid);
		sqlite3_bind_int64(st, 2, k->cursor);
		sqlite3_bind_int(st, 3, SQ_PRUNE_CHUNKS);
		for (n = 0; sqlite3_step(st) == SQLITE_ROW; n++) {
			first[n] = sqlite3_column_int64(st, 0);
			len[n] = (size_t)sqlite3_column_bytes(st, 1);
			data[n] = xmalloc(len[n] + 1);
			memcpy(data[n], sqlite3_column_blob(st, 1), len[n]);
		}
		sqlite3_finalize(st);
		rc = n == 0 ? 0 : 1;
		for (i = 0; i < n; i++) {
			if (rc == 1)
				rc = sq_cut_chunk(s, tid, k, first[i], data[i],
				    len[i]);
			free(data[i]);
		}
	}
	if (k->gone[0] + k->gone[1] != 0)
		sq_prune_count(s, tid, k->gone[0], k->gone[1]);
	return (rc);
}

/* Lines of one target older than the id bound, up to n: deleted. */
static int
sq_prune_age_target(struct store_sqlite *s, int64_t target, int64_t bound,
    int n, int *deleted)
{
	struct sq_cut	k = { bound, -1, 0, { 0, 0 }, n, -1 };

	if (sq_cut(s, target, &k) != 0)
		return (-1);
	*deleted += (int)(k.gone[0] + k.gone[1]);
	return (0);
}

/* Lines older than max_age: a few targets a step, SQ_PRUNE_BATCH lines
 * at most, going round the targets from step to step. */
static int
sq_prune_age(struct store_sqlite *s)
{
	sqlite3_stmt	*st;
	int64_t		 ids[SQ_PRUNE_TARGETS], bound;
	int		 n = 0, i, deleted = 0;

	bound = (int64_t)msgid_at((int64_t)time(NULL) * 1000 -
	    (int64_t)s->max_age * 1000);
	if (sqlite3_prepare_v2(s->wdb, "SELECT id FROM targets WHERE id > ? "
	    "ORDER BY id LIMIT ?", -1, &st, NULL) != SQLITE_OK)
		return (-1);
	sqlite3_bind_int64(st, 1, s->prune_cursor);
	sqlite3_bind_int(st, 2, SQ_PRUNE_TARGETS);
	while (sqlite3_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	s->prune_cursor = n < SQ_PRUNE_TARGETS ? 0 : ids[n - 1];
	for (i = 0; i < n && deleted < SQ_PRUNE_BATCH; i++) {
		if (sq_prune_age_target(s, ids[i], bound, SQ_PRUNE_BATCH -
		    deleted, &deleted) != 0)
			return (-1);
	}
	return (0);
}

/* Delete the n oldest messages (msgs 1) or events (msgs 0) of a target:
 * its counts are exact, so what is over max_lines is known without
 * counting down from the newest line. */
static int
sq_prune_target(struct store_sqlite *s, int64_t target, int msgs, int64_t n)
{
	struct sq_cut	k = { 0, msgs, n, { 0, 0 }, SQ_PRUNE_BATCH, -1 };

	if (n <= 0)
		return (0);
	return (sq_cut(s, target, &k));
}

/* Targets over max_lines messages or events, a few per step. */
static int
sq_prune_lines(struct store_sqlite *s)
{
	sqlite3_stmt	*st;
	int64_t		 ids[SQ_PRUNE_TARGETS], over[SQ_PRUNE_TARGETS][2];
	int		 n = 0, i;

	if (sqlite3_prepare_v2(s->wdb, "SELECT id, lines - ?1, events - ?1 "
	    "FROM targets WHERE lines > ?1 OR events > ?1 LIMIT ?2", -1, &st,
	    NULL) != SQLITE_OK)
		return (-1);
	sqlite3_bind_int64(st, 1, s->max_lines);
	sqlite3_bind_int(st, 2, SQ_PRUNE_TARGETS);
	while (sqlite3_step(st) == SQLITE_ROW) {
		ids[n] = sqlite3_column_int64(st, 0);
		over[n][0] = sqlite3_column_int64(st, 1);
		over[n++][1] = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	for (i = 0; i < n; i++) {
		if (sq_prune_target(s, ids[i], 1, over[i][0]) != 0 ||
		    sq_prune_target(s, ids[i], 0, over[i][1]) != 0)
			return (-1);
	}
	return (0);
}

/* One retention step in its own small transaction. */
static void
sq_prune(struct store_sqlite *s)
{
	int	rc = 0;

	if (sqlite3_exec(s->wdb, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		sq_writer_fail(s, "cannot begin");
		return;
	}
	if (s->max_age != 0)
		rc = sq_prune_age(s);
	if (rc == 0 && s->max_lines != 0)
		rc = sq_prune_lines(s);
	if (rc == 0 && sqlite3_exec(s->wdb, "COMMIT", NULL, NULL, NULL) ==
	    SQLITE_OK)
		return;
	sq_writer_fail(s, "cannot prune history");
	sqlite3_exec(s->wdb, "ROLLBACK", NULL, NULL, NULL);
}

/* The writer thread: commit each handed-over batch, prune when asked. */
static void *
sq_writer(void *arg)
{
	struct store_sqlite	*s = arg;
	struct sq_queue		*q;
	int			 prune;
	char			 c = 'w';

	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (!s->writing && !s->stop)
			pthread_cond_wait(&s->cv_work, &s->mu);
		if (!s->writing)
			break;
		q = s->qwrite;
		prune = s->prune;
		s->prune = 0;
		pthread_mutex_unlock(&s->mu);
		if (!s->wdead)
			sq_write_batch(s, q);
		if (prune && !s->wdead)
			sq_prune(s);
		pthread_mutex_lock(&s->mu);
		if (q->seq > s->done_seq)
			s->done_seq = q->seq;
		q->n = 0;
		q->len = 0;
		s->writing = 0;
		pthread_cond_signal(&s->cv_idle);
		if (write(s->pipe[1], &c, 1) == -1 && errno != EAGAIN)
			s->wdead = 1;	/* cannot happen: the loop owns [0] */
	}
	pthread_mutex_unlock(&s->mu);
	return (NULL);
}

/* ------------------------------------------------------ the loop's side */

/* Give the queue to the writer if it is idle; called with mu held. */
static void
sq_handover_locked(struct store_sqlite *s)
{
	struct sq_queue	*q;

	if (s->writing || (s->qmain->n == 0 && !s->prune))
		return;
	s->qmain->seq = s->appended;
	q = s->qwrite;
	s->qwrite = s->qmain;
	s->qmain = q;
	s->writing = 1;
	pthread_cond_signal(&s->cv_work);
}

/* Commit soon: hand the queue over now, or at the next tick. */
static void
sq_kick(struct store_sqlite *s)
{
	int	busy;

	pthread_mutex_lock(&s->mu);
	sq_handover_locked(s);
	busy = s->writing && s->qmain->n != 0;
	pthread_mutex_unlock(&s->mu);
	if (busy && !s->armed) {
		s->armed = 1;
		evtimer_add(s->ev_sync, &s->sync_tv);
	}
}

/* The group commit timer. */
static void
sq_sync_cb(evutil_socket_t fd, short events, void *arg)
{
	struct store_sqlite	*s = arg;

	s->armed = 0;
	sq_kick(s);
}

/* Once a second: a retention step. */
static void
sq_prune_cb(evutil_socket_t fd, short events, void *arg)
{
	struct store_sqlite	*s = arg;

	pthread_mutex_lock(&s->mu);
	s->prune = 1;
	pthread_mutex_unlock(&s->mu);
	sq_kick(s);
}

static void	sq_run(struct store_sqlite *, const struct store_query *,
		    store_line_fn *, store_done_fn *, void *);

/* Run the waiting queries whose lines are all committed. */
static void
sq_run_waits(struct store_sqlite *s)
{
	struct sq_wait	*w;

	while ((w = TAILQ_FIRST(&s->waits)) != NULL &&
	    (w->seq <= s->committed || s->dead)) {
		TAILQ_REMOVE(&s->waits, w, entry);
		w->q.target = w->target;
		sq_run(s, &w->q, w->each, w->done, w->arg);
		free(w);
	}
}

/* The writer finished a batch: note it, report a failure, run queries. */
static void
sq_notify_cb(evutil_socket_t fd, short events, void *arg)
{
	struct store_sqlite	*s = arg;
	char			 buf[64], *error;

	while (read(s->pipe[0], buf, sizeof buf) > 0)
		;
	pthread_mutex_lock(&s->mu);
	s->committed = s->done_seq;
	error = s->error;
	s->error = NULL;
	pthread_mutex_unlock(&s->mu);
	if (error != NULL && !s->dead) {
		s->dead = 1;
		log_warnx("history stopped: %s", error);
		if (s->failed != NULL)
			s->failed(error, s->failed_arg);
	}
	free(error);
	sq_run_waits(s);
	if (!TAILQ_EMPTY(&s->waits))
		sq_kick(s);
}

/* Queue one line (a copy); O(1), no allocation once the queue is warm. */
static int
sq_append(struct store *st, const struct store_line *l)
{
	struct store_sqlite	*s = (struct store_sqlite *)st;
	struct sq_queue		*q = s->qmain;
	struct sq_item		*it;

	if (s->dead)
		return (-1);
	if (q->len > SQ_QUEUE_MAX) {
		if (!s->dropping)
			log_warnx("history: the disk is not keeping up, "
			    "lines are dropped");
		s->dropping = 1;
		return (-1);
	}
	s->dropping = 0;
	it = sq_item_new(q);
	it->kind = l->kind;
	it->time_ms = l->time_ms;
	memcpy(it->msgid, l->msgid, sizeof it->msgid);
	it->s[0] = sq_put(q, l->target);
	it->s[1] = sq_put(q, l->account);
	it->s[2] = sq_put(q, l->ctags);
	it->s[3] = sq_put(q, l->line);
	it->s[4] = SQ_NULL;
	q->seq = ++s->appended;
	if (!s->armed) {
		s->armed = 1;
		evtimer_add(s->ev_sync, &s->sync_tv);
	}
	return (0);
}

/* Free a room cache entry's strings. */
static void
sq_room_clear(struct sq_room *r)
{
	free(r->name);
	free(r->topic);
	free(r->topic_who);
	free(r->modes);
	free(r->key);
}

/* Queue a room save, and remember it for loads before it is committed. */
static int
sq_room_save(struct store *st, const struct store_room *sr)
{
	struct store_sqlite	*s = (struct store_sqlite *)st;
	struct sq_item		*it;
	struct sq_room		*r;
	struct table_node	*n;
	char			 fold[STORE_TARGET_MAX];

	irc_casefold(USER_CASEMAP, fold, sr->name, sizeof fold);
	if ((n = table_find(&s->rooms, fold, table_hash(fold))) == NULL) {
		r = xcalloc(1, sizeof *r);
		r->fold = xstrdup(fold);
		r->node.key = r->fold;
		r->node.hash = table_hash(fold);
		table_insert(&s->rooms, &r->node);
	} else {
		r = TABLE_ENTRY(n, struct sq_room, node);
		sq_room_clear(r);
	}
	r->name = xstrdup(sr->name);
	r->topic = sr->topic == NULL ? NULL : xstrdup(sr->topic);
	r->topic_who = sr->topic_who == NULL ? NULL : xstrdup(sr->topic_who);
	r->modes = xstrdup(sr->modes == NULL ? "" : sr->modes);
	r->key = sr->key == NULL ? NULL : xstrdup(sr->key);
	r->topic_time = sr->topic_time;
	r->created = sr->created;
	r->limit = sr->limit;
	if (s->dead)
		return (-1);
	it = sq_item_new(s->qmain);
	it->kind = SQ_ROOM;
	it->time_ms = sr->topic_time;
	it->n1 = sr->limit;
	it->n2 = sr->created;
	it->s[0] = sq_put(s->qmain, r->name);
	it->s[1] = sq_put(s->qmain, r->topic);
	it->s[2] = sq_put(s->qmain, r->topic_who);
	it->s[3] = sq_put(s->qmain, r->modes);
	it->s[4] = sq_put(s->qmain, r->key);
	s->qmain->seq = ++s->appended;
	if (!s->armed) {
		s->armed = 1;
		evtimer_add(s->ev_sync, &s->sync_tv);
	}
	return (0);
}

/* A room's state: saved this run, else from the database. */
static int
sq_room_load(struct store *st, const char *name, store_room_fn *each,
    store_done_fn *done, void *arg)
{
	struct store_sqlite	*s = (struct store_sqlite *)st;
	struct table_node	*n;
	struct sq_room		*r;
	struct store_room	 sr;
	sqlite3_stmt		*q = s->st_room;
	char			 fold[STORE_TARGET_MAX];
	int			 rc;

	irc_casefold(USER_CASEMAP, fold, name, sizeof fold);
	if ((n = table_find(&s->rooms, fold, table_hash(fold))) != NULL) {
		r = TABLE_ENTRY(n, struct sq_room, node);
		sr = (struct store_room){ r->name, r->topic, r->topic_who,
		    r->topic_time, r->modes, r->key, r->limit, r->created };
		each(&sr, arg);
		done(0, arg);
		return (0);
	}
	sqlite3_bind_text(q, 1, fold, -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sr.name = (const char *)sqlite3_column_text(q, 0);
		sr.topic = (const char *)sqlite3_column_text(q, 1);
		sr.topic_who = (const char *)sqlite3_column_text(q, 2);
		sr.topic_time = sqlite3_column_int64(q, 3);
		sr.modes = (const char *)sqlite3_column_text(q, 4);
		sr.key = (const char *)sqlite3_column_text(q, 5);
		sr.limit = (unsigned int)sqlite3_column_int64(q, 6);
		sr.created = sqlite3_column_int64(q, 7);
		if (sr.name != NULL)
			each(&sr, arg);
	}
	sqlite3_reset(q);
	done(rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1, arg);
	return (0);
}

/* ------------------------------------------------------------- queries */

/* A target's id; 0 when it has no lines, -1 on error. */
static int
sq_target_id(struct store_sqlite *s, const char *name, int64_t *id)
{
	int	rc;

	sqlite3_bind_text(s->st_tid, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s->st_tid);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s->st_tid, 0);
	sqlite3_reset(s->st_tid);
	if (rc == SQLITE_ROW)
		return (1);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/* Where a reference points: its msgid's number, or the first id of its
 * time; -1 for a msgid that is not one of ours. */
static int64_t
sq_point(const struct store_ref *r)
{
	uint64_t	id;

	if (r->type == STORE_REF_MSGID)
		return (msgid_decode(r->msgid, &id) ? (int64_t)id : -1);
	return ((int64_t)msgid_at(r->time_ms));
}

/*
 * A reference as an exclusive bound on ids, upper (hi) or lower: a msgid
 * bounds at itself, a timestamp takes in or leaves out its whole ms.
 * 0, or 1 when the msgid is not one of ours.
 */
static int
sq_bound(const struct store_ref *r, int hi, int64_t *b)
{
	if (r->type == STORE_REF_MSGID)
		return ((*b = sq_point(r)) == -1 ? 1 : 0);
	*b = (int64_t)msgid_at(r->time_ms + (hi ? 0 : 1)) - (hi ? 0 : 1);
	return (0);
}

/* Copy record c of a chunk into r. */
static void
sq_row_copy(const struct store_chunk_rec *c, struct sq_row *r,
    const char *target)
{
	int	i;

	memset(r, 0, sizeof *r);
	msgid_encode(r->l.msgid, c->id);
	r->l.time_ms = msgid_time(c->id);
	r->l.kind = (enum store_kind)c->kind;
	for (i = 0; i < 3; i++) {
		if (c->str[i] != NULL)
			r->strs[i] = xstrndup(c->str[i], c->len[i]);
	}
	r->l.target = target;
	r->l.account = r->strs[0];
	r->l.ctags = r->strs[1];
	r->l.line = r->strs[2] == NULL ? "" : r->strs[2];
}

/* Take the lines of the current chunk of st that the select wants, from
 * its low end (or with desc its high end); 1 when the select is over. */
static int
sq_select_chunk(struct store_sqlite *s, sqlite3_stmt *st,
    const struct store_query *q, int64_t lo, int64_t hi, int desc,
    unsigned int limit, struct sq_row *rows, size_t *nrows, size_t start)
{
	const struct store_chunk_rec	*c;
	size_t				 n, i;

	if (desc ? sqlite3_column_int64(st, 1) <= lo :
	    sqlite3_column_int64(st, 0) >= hi)
		return (1);	/* past the range */
	if (store_chunk_decode(sqlite3_column_blob(st, 2),
	    (size_t)sqlite3_column_bytes(st, 2), &s->recs, &s->caprecs,
	    &n) != 0)
		return (-1);
	for (i = 0; i < n && *nrows - start < limit; i++) {
		c = &s->recs[desc ? n - 1 - i : i];
		if ((int64_t)c->id <= lo || (int64_t)c->id >= hi ||
		    (!q->events && c->kind > STORE_NOTICE))
			continue;
		sq_row_copy(c, &rows[(*nrows)++], q->target);
	}
	return (*nrows - start < limit ? 0 : 1);
}

/* Lines of tid with ids strictly between lo and hi, limit of them from
 * the low end (or with desc the high end): the chunks from the one that
 * holds the bound on, each looked into. */
static int
sq_select(struct store_sqlite *s, int64_t tid, const struct store_query *q,
    int64_t lo, int64_t hi, int desc, unsigned int limit,
    struct sq_row *rows, size_t *nrows)
{
	sqlite3_stmt	*st = desc ? s->st_desc : s->st_asc;
	size_t		 start = *nrows;
	int		 rc = SQLITE_DONE, over = limit == 0;

	sqlite3_bind_int64(st, 1, tid);
	sqlite3_bind_int64(st, 2, desc ? hi : lo);
	while (!over && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((over = sq_select_chunk(s, st, q, lo, hi, desc, limit,
		    rows, nrows, start)) == -1)
			break;
	}
	sqlite3_reset(st);
	if (over)
		return (over == -1 ? -1 : 0);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/* Reverse rows[from..n) (a descending select, shown ascending). */
static void
sq_reverse(struct sq_row *rows, size_t from, size_t n)
{
	struct sq_row	tmp;
	size_t		i, j;

	for (i = from, j = n; i + 1 < j; i++, j--) {
		tmp = rows[i];
		rows[i] = rows[j - 1];
		rows[j - 1] = tmp;
	}
}

/* BETWEEN: forwards or backwards, counted from `from`. */
static int
sq_between(struct store_sqlite *s, int64_t tid, const struct store_query *q,
    struct sq_row *rows, size_t *n)
{
	int64_t	lo, hi;
	int	rc;

	if (sq_point(&q->from) == -1 || sq_point(&q->to) == -1)
		return (0);
	if (sq_point(&q->from) <= sq_point(&q->to)) {
		sq_bound(&q->from, 0, &lo);
		sq_bound(&q->to, 1, &hi);
		return (sq_select(s, tid, q, lo, hi, 0, q->limit, rows, n));
	}
	sq_bound(&q->from, 1, &hi);
	sq_bound(&q->to, 0, &lo);
	rc = sq_select(s, tid, q, lo, hi, 1, q->limit, rows, n);
	sq_reverse(rows, 0, *n);
	return (rc);
}

/* Select what the query type asks for into rows (ascending). */
static int
sq_collect(struct store_sqlite *s, int64_t tid, const struct store_query *q,
    struct sq_row *rows, size_t *n)
{
	int64_t	lo = -1, hi = INT64_MAX, a;
	int	rc = 0;

	switch (q->type) {
	case STORE_LATEST:
		if (q->from.type != STORE_REF_NONE)
			rc = sq_bound(&q->from, 0, &lo);
		if (rc == 0)
			rc = sq_select(s, tid, q, lo, hi, 1, q->limit, rows, n);
		sq_reverse(rows, 0, *n);
		break;
	case STORE_BEFORE:
		if ((rc = sq_bound(&q->from, 1, &hi)) == 0)
			rc = sq_select(s, tid, q, lo, hi, 1, q->limit, rows, n);
		sq_reverse(rows, 0, *n);
		break;
	case STORE_AFTER:
		if ((rc = sq_bound(&q->from, 0, &lo)) == 0)
			rc = sq_select(s, tid, q, lo, hi, 0, q->limit, rows, n);
		break;
	case STORE_AROUND:
		if ((rc = sq_bound(&q->from, 1, &a)) != 0)
			break;
		rc = sq_select(s, tid, q, lo, a, 1, q->limit / 2, rows, n);
		sq_reverse(rows, 0, *n);
		/* The line itself and what follows it. */
		if (rc == 0)
			rc = sq_select(s, tid, q, a - 1, hi, 0, q->limit - *n,
			    rows, n);
		break;
	case STORE_BETWEEN:
		rc = sq_between(s, tid, q, rows, n);
		break;
	}
	return (rc == 1 ? 0 : rc);
}

/* Run a query now on the read connection. */
static void
sq_run(struct store_sqlite *s, const struct store_query *q,
    store_line_fn *each, store_done_fn *done, void *arg)
{
	struct sq_row	*rows;
	size_t		 n = 0, i;
	int64_t		 tid;
	int		 rc, j;

	if ((rc = sq_target_id(s, q->target, &tid)) != 1) {
		done(rc, arg);
		return;
	}
	rows = xcalloc(q->limit + 1, sizeof *rows);
	rc = sq_collect(s, tid, q, rows, &n);
	for (i = 0; i < n; i++) {
		if (rc == 0)
			each(&rows[i].l, arg);
		for (j = 0; j < 3; j++)
			free(rows[i].strs[j]);
	}
	free(rows);
	done(rc, arg);
}

/* A query sees every line appended before it: run it now when all of
 * them are committed, else once the writer has them. */
static int
sq_query(struct store *st, const struct store_query *q, store_line_fn *each,
    store_done_fn *done, void *arg)
{
	struct store_sqlite	*s = (struct store_sqlite *)st;
	struct sq_wait		*w;

	if (q->limit == 0) {
		done(0, arg);
		return (0);
	}
	if (s->committed >= s->appended || s->dead) {
		sq_run(s, q, each, done, arg);
		return (0);
	}
	w = xcalloc(1, sizeof *w);
	w->seq = s->appended;
	w->q = *q;
	strlcpy(w->target, q->target, sizeof w->target);
	w->each = each;
	w->done = done;
	w->arg = arg;
	TAILQ_INSERT_TAIL(&s->waits, w, entry);
	sq_kick(s);
	return (0);
}

struct sq_tgt {
	const char	*key;
	int64_t		 latest;
};

/* Targets by the time of their latest line. */
static int
sq_tgt_cmp(const void *a, const void *b)
{
	int64_t	x = ((const struct sq_tgt *)a)->latest;
	int64_t	y = ((const struct sq_tgt *)b)->latest;

	return (x < y ? -1 : x > y);
}

/* Which keys have their latest line strictly between the two times,
 * counted from `from` (BETWEEN's order); answered from committed lines. */
static int
sq_targets(struct store *st, const char *const *keys, size_t nkeys,
    int64_t from_ms, int64_t to_ms, unsigned int limit, store_target_fn *each,
    store_done_fn *done, void *arg)
{
	struct store_sqlite	*s = (struct store_sqlite *)st;
	struct sq_tgt		*t;
	size_t			 n = 0, i;
	int64_t			 lo = from_ms < to_ms ? from_ms : to_ms;
	int64_t			 hi = from_ms < to_ms ? to_ms : from_ms;
	int64_t			 latest;
	int			 rc = SQLITE_DONE;

	t = xcalloc(nkeys + 1, sizeof *t);
	for (i = 0; i < nkeys && rc != SQLITE_ERROR; i++) {
		sqlite3_bind_text(s->st_tinfo, 1, keys[i], -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(s->st_tinfo)) == SQLITE_ROW &&
		    sqlite3_column_int64(s->st_tinfo, 1) > 0) {
			latest = msgid_time((uint64_t)
			    sqlite3_column_int64(s->st_tinfo, 0));
			if (latest > lo && latest < hi) {
				t[n].key = keys[i];
				t[n++].latest = latest;
			}
		}
		sqlite3_reset(s->st_tinfo);
	}
	qsort(t, n, sizeof *t, sq_tgt_cmp);
	for (i = 0; i < n && i < limit; i++) {
		if (from_ms <= to_ms)
			each(t[i].key, t[i].latest, arg);
		else
			each(t[n - 1 - i].key, t[n - 1 - i].latest, arg);
	}
	free(t);
	done(rc == SQLITE_ERROR ? -1 : 0, arg);
	return (0);
}

/* Commit what is queued now and wait for it (SIGHUP, tests). */
static void
sq_flush(struct store *st)
{
	struct store_sqlite	*s = (struct store_sqlite *)st;

	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (s->writing)
			pthread_cond_wait(&s->cv_idle, &s->mu);
		if (s->qmain->n == 0)
			break;
		sq_handover_locked(s);
	}
	pthread_mutex_unlock(&s->mu);
	sq_notify_cb(-1, 0, s);
}

/* ---------------------------------------------------------- open, close */

/* mkdir -p with mode 0700 for what it creates. */
static int
sq_mkdir(const char *dir, char **cause)
{
	char	*p, *path = xstrdup(dir);

	for (p = path + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (*p == '/')
			*p = '\0';
		if (mkdir(path, 0700) == -1 && errno != EEXIST) {
			xasprintf(cause, "cannot create state directory %s: %s",
			    path, strerror(errno));
			free(path);
			return (-1);
		}
		if (p[0] == '\0' && strlen(path) == strlen(dir))
			break;
		*p = '/';
	}
	free(path);
	if (access(dir, W_OK | X_OK) == -1) {
		xasprintf(cause, "state directory %s is not writable: %s", dir,
		    strerror(errno));
		return (-1);
	}
	return (0);
}

/* The value of a one-row pragma, into buf. */
static int
sq_pragma(sqlite3 *db, const char *sql, char *buf, size_t size)
{
	sqlite3_stmt	*st;
	const char	*p;
	int		 rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return (-1);
	rc = sqlite3_step(st);
	p = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "";
	strlcpy(buf, p == NULL ? "" : p, size);
	sqlite3_finalize(st);
	return (rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1);
}

/* The schema one step up, when it is below SQ_VERSION: 1 when it is
 * up to date, 0 after a step, -1 on error. The write lock is taken
 * first (BEGIN IMMEDIATE), so another daemon starting on the same state
 * directory waits, then finds the work done. */
static int
sq_migrate_step(struct store_sqlite *s, char **cause)
{
	char	buf[32], sql[64];
	int	v;

	if (sqlite3_exec(s->wdb, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return (-1);
	if (sq_pragma(s->wdb, "PRAGMA user_version", buf, sizeof buf) != 0)
		goto fail;
	if ((v = atoi(buf)) > SQ_VERSION) {
		xasprintf(cause, "%s: schema version %d is newer than this "
		    "tui-chatd knows (%d)", s->path, v, SQ_VERSION);
		sqlite3_exec(s->wdb, "ROLLBACK", NULL, NULL, NULL);
		return (-1);
	}
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
	if (v < SQ_VERSION && (sqlite3_exec(s->wdb, sq_schema[v].sql, NULL,
	    NULL, NULL) != SQLITE_OK || (sq_schema[v].fn != NULL &&
	    sq_schema[v].fn(s) != 0) || sqlite3_exec(s->wdb, sql, NULL, NULL,
	    NULL) != SQLITE_OK))
		goto fail;
	if (sqlite3_exec(s->wdb, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	return (v == SQ_VERSION ? 1 : 0);
fail:
	sqlite3_exec(s->wdb, "ROLLBACK", NULL, NULL, NULL);
	return (-1);
}

/* Version 1 to 2: the rows of msg, a target at a time in id order,
 * packed into chunks; then msg goes. */
static int
sq_migrate_v2(struct store_sqlite *s)
{
	sqlite3_stmt		*get = NULL, *put = NULL;
	struct store_chunk	 c = { 0 };
	int64_t			 tid = -1;
	int			 rc = -1;

	if (sqlite3_prepare_v2(s->wdb, "SELECT target, id, kind, account, "
	    "ctags, line FROM msg ORDER BY target, id", -1, &get, NULL) !=
	    SQLITE_OK || sqlite3_prepare_v2(s->wdb, SQ_CHUNK_PUT, -1, &put,
	    NULL) != SQLITE_OK)
		goto out;
	while ((rc = sqlite3_step(get)) == SQLITE_ROW) {
		if ((sqlite3_column_int64(get, 0) != tid ||
		    c.len >= STORE_CHUNK_MAX) && c.n != 0) {
			if (sq_chunk_put(put, tid, &c) != 0)
				break;
			store_chunk_reset(&c);
		}
		tid = sqlite3_column_int64(get, 0);
		s->repacked = 1;
		store_chunk_add(&c, (uint64_t)sqlite3_column_int64(get, 1),
		    sqlite3_column_int(get, 2),
		    (const char *)sqlite3_column_text(get, 3),
		    (const char *)sqlite3_column_text(get, 4),
		    (const char *)sqlite3_column_text(get, 5));
	}
	if (rc == SQLITE_DONE && (c.n == 0 || sq_chunk_put(put, tid, &c) == 0))
		rc = sqlite3_exec(s->wdb, "DROP TABLE msg", NULL, NULL, NULL);
	rc = rc == SQLITE_OK ? 0 : -1;
out:
	sqlite3_finalize(get);
	sqlite3_finalize(put);
	store_chunk_free(&c);
	return (rc);
}

/* Bring the schema up to SQ_VERSION, one version per transaction. */
static int
sq_migrate(struct store_sqlite *s, char **cause)
{
	int	rc;

	while ((rc = sq_migrate_step(s, cause)) == 0)
		;
	/* The old rows' pages are free now: give them back to the disk. */
	if (rc == 1 && s->repacked && sqlite3_exec(s->wdb, "VACUUM", NULL,
	    NULL, NULL) != SQLITE_OK)
		rc = -1;
	if (rc == 1)
		return (0);
	if (*cause == NULL)
		xasprintf(cause, "%s: %s", s->path, sqlite3_errmsg(s->wdb));
	return (-1);
}

/* Prepare one statement or say why not. */
static int
sq_prepare(struct store_sqlite *s, sqlite3 *db, sqlite3_stmt **st,
    const char *sql, char **cause)
{
	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
	    NULL) == SQLITE_OK)
		return (0);
	xasprintf(cause, "%s: %s", s->path, sqlite3_errmsg(db));
	return (-1);
}

/* A target's chunks up from the one that holds ?2, or down from ?2. */
#define SQ_ASC "SELECT first, last, data FROM chunks WHERE target = ?1 " \
	"AND first >= coalesce((SELECT first FROM chunks WHERE target = ?1 " \
	"AND first <= ?2 ORDER BY first DESC LIMIT 1), 0) ORDER BY first"
#define SQ_DESC "SELECT first, last, data FROM chunks WHERE target = ?1 " \
	"AND first < ?2 ORDER BY first DESC"

/* The writer's and the reader's statements. */
static int
sq_prepare_all(struct store_sqlite *s, char **cause)
{
	return (sq_prepare(s, s->wdb, &s->st_insert, SQ_CHUNK_PUT, cause) ||
	    sq_prepare(s, s->wdb, &s->st_tadd, "INSERT INTO targets(name) "
	    "VALUES (?) ON CONFLICT(name) DO NOTHING", cause) ||
	    sq_prepare(s, s->wdb, &s->st_tget, "SELECT id, last FROM targets "
	    "WHERE name = ?", cause) ||
	    sq_prepare(s, s->wdb, &s->st_ttail, "SELECT first, last, "
	    "length(data) FROM chunks WHERE target = ? ORDER BY first DESC "
	    "LIMIT 1", cause) ||
	    sq_prepare(s, s->wdb, &s->st_tload, "SELECT last, msgs, events, "
	    "data FROM chunks WHERE target = ? AND first = ?", cause) ||
	    sq_prepare(s, s->wdb, &s->st_tupd, "UPDATE targets SET lines = "
	    "lines + ?1, events = events + ?2, latest = max(latest, ?3), "
	    "last = max(last, ?4) WHERE id = ?5", cause) ||
	    sq_prepare(s, s->wdb, &s->st_rsave, "INSERT OR REPLACE INTO "
	    "rooms(fold, name, topic, topic_who, modes, key, topic_time, lim, "
	    "created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", cause) ||
	    sq_prepare(s, s->rdb, &s->st_asc, SQ_ASC, cause) ||
	    sq_prepare(s, s->rdb, &s->st_desc, SQ_DESC, cause) ||
	    sq_prepare(s, s->rdb, &s->st_tid, "SELECT id FROM targets WHERE "
	    "name = ?", cause) ||
	    sq_prepare(s, s->rdb, &s->st_tinfo, "SELECT latest, lines FROM "
	    "targets WHERE name = ?", cause) ||
	    sq_prepare(s, s->rdb, &s->st_room, "SELECT name, topic, topic_who,"
	    " topic_time, modes, key, lim, created FROM rooms WHERE fold = ?",
	    cause) ? -1 : 0);
}

/* Open the writer's connection: WAL, the schema, the test page limit. */
static int
sq_open_db(struct store_sqlite *s, char **cause)
{
	char		 buf[32], sql[64];
	const char	*pages;

	if (sqlite3_open_v2(s->path, &s->wdb, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_extended_result_codes(s->wdb, 1);
	/* Another daemon on the same state directory may hold the lock for
	 * a moment (its start-up, a commit): wait for it, in the writer. */
	sqlite3_busy_timeout(s->wdb, SQ_BUSY_MS);
	if (sq_pragma(s->wdb, "PRAGMA journal_mode = WAL", buf,
	    sizeof buf) != 0)
		goto fail;
	if (strcmp(buf, "wal") != 0) {
		xasprintf(cause, "%s: cannot use WAL mode", s->path);
		return (-1);
	}
	if (sqlite3_exec(s->wdb, "PRAGMA synchronous = NORMAL", NULL, NULL,
	    NULL) != SQLITE_OK)
		goto fail;
	/* Tests fill the "disk" by capping the database's pages. */
	if ((pages = getenv("TUI_CHATD_HISTORY_MAX_PAGES")) != NULL) {
		snprintf(sql, sizeof sql, "PRAGMA max_page_count = %d",
		    atoi(pages));
		sq_pragma(s->wdb, sql, buf, sizeof buf);
	}
	if (sq_migrate(s, cause) != 0)
		return (-1);
	/* New msgids follow the stored ones, whatever the clock says. */
	if (sq_pragma(s->wdb, "SELECT max(last) FROM targets", buf,
	    sizeof buf) != 0)
		goto fail;
	msgid_floor(strtoull(buf, NULL, 10));
	if (sqlite3_open_v2(s->path, &s->rdb, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		xasprintf(cause, "%s: %s", s->path, sqlite3_errmsg(s->rdb));
		return (-1);
	}
	sqlite3_busy_timeout(s->rdb, SQ_BUSY_MS);
	return (sq_prepare_all(s, cause));
fail:
	xasprintf(cause, "%s: %s", s->path, s->wdb != NULL ?
	    sqlite3_errmsg(s->wdb) : "out of memory");
	return (-1);
}

/* The events and the writer thread. */
static int
sq_start(struct store_sqlite *s, struct event_base *base, char **cause)
{
	struct timeval	prune = { SQ_PRUNE_MS / 1000, 0 };

	if (pipe2(s->pipe, O_NONBLOCK | O_CLOEXEC) == -1) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		return (-1);
	}
	s->ev_sync = evtimer_new(base, sq_sync_cb, s);
	s->ev_prune = event_new(base, -1, EV_PERSIST, sq_prune_cb, s);
	s->ev_notify = event_new(base, s->pipe[0], EV_READ | EV_PERSIST,
	    sq_notify_cb, s);
	if (s->ev_sync == NULL || s->ev_prune == NULL || s->ev_notify == NULL)
		fatalx("event_new failed");
	event_add(s->ev_notify, NULL);
	if (s->max_age != 0 || s->max_lines != 0)
		event_add(s->ev_prune, &prune);
	if (pthread_create(&s->thread, NULL, sq_writer, s) != 0) {
		xasprintf(cause, "cannot start the history writer");
		return (-1);
	}
	s->started = 1;
	return (0);
}

/* Free one remembered room state. */
static void
sq_room_free_cb(struct table_node *n, void *arg)
{
	struct sq_room	*r = TABLE_ENTRY(n, struct sq_room, node);

	sq_room_clear(r);
	free(r->fold);
	free(r);
}

/* Release everything (after the writer stopped). */
static void
sq_free(struct store_sqlite *s)
{
	sqlite3_stmt	**sts[] = { &s->st_asc, &s->st_desc,
	    &s->st_tid, &s->st_tinfo, &s->st_room, &s->st_insert, &s->st_tadd,
	    &s->st_tget, &s->st_tupd, &s->st_rsave, &s->st_ttail,
	    &s->st_tload };
	size_t		 i;

	for (i = 0; i < nitems(sts); i++)
		sqlite3_finalize(*sts[i]);
	sqlite3_close(s->rdb);
	sqlite3_close(s->wdb);	/* the last one: checkpoints the WAL */
	if (s->ev_sync != NULL)
		event_free(s->ev_sync);
	if (s->ev_prune != NULL)
		event_free(s->ev_prune);
	if (s->ev_notify != NULL)
		event_free(s->ev_notify);
	if (s->pipe[0] != -1) {
		close(s->pipe[0]);
		close(s->pipe[1]);
	}
	for (i = 0; i < 2; i++) {
		free(s->queues[i].items);
		free(s->queues[i].arena);
	}
	store_chunk_free(&s->chunk);
	free(s->recs);
	free(s->wrecs);
	sq_targets_clear(s);
	table_free(&s->targets);
	table_foreach(&s->rooms, sq_room_free_cb, NULL);
	table_free(&s->rooms);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv_work);
	pthread_cond_destroy(&s->cv_idle);
	free(s->error);
	free(s->path);
	free(s);
}

/* Open (creating) STATE_DIR/history.db and start the writer. */
static int
sq_open(struct store **sp, const struct settings *set,
    struct event_base *base, store_failed_fn *failed, void *arg,
    char **cause)
{
	struct store_sqlite	*s;

	*cause = NULL;
	s = xcalloc(1, sizeof *s);
	s->base.ops = &store_sqlite_ops;
	s->failed = failed;
	s->failed_arg = arg;
	s->max_age = set->history_max_age;
	s->max_lines = set->history_max_lines;
	s->sync_tv.tv_sec = set->history_sync_ms / 1000;
	s->sync_tv.tv_usec = (set->history_sync_ms % 1000) * 1000;
	s->qmain = &s->queues[0];
	s->qwrite = &s->queues[1];
	s->pipe[0] = s->pipe[1] = -1;
	TAILQ_INIT(&s->waits);
	table_init(&s->targets);
	table_init(&s->rooms);
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv_work, NULL);
	pthread_cond_init(&s->cv_idle, NULL);
	xasprintf(&s->path, "%s/history.db", set->state_dir);
	if (sq_mkdir(set->state_dir, cause) != 0 || sq_open_db(s, cause) != 0 ||
	    sq_start(s, base, cause) != 0) {
		sq_free(s);
		return (-1);
	}
	*sp = &s->base;
	return (0);
}

/* Commit everything queued, stop the writer, answer what still waits,
 * close the database. */
static void
sq_close(struct store *st)
{
	struct store_sqlite	*s = (struct store_sqlite *)st;

	pthread_mutex_lock(&s->mu);
	while (s->writing)
		pthread_cond_wait(&s->cv_idle, &s->mu);
	sq_handover_locked(s);
	s->stop = 1;
	pthread_cond_signal(&s->cv_work);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->thread, NULL);
	sq_notify_cb(-1, 0, s);
	s->dead = 1;
	sq_run_waits(s);
	sq_free(s);
}
