/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The history store through store.h with the SQLite backend on a file
 * database in a temporary state directory: the group commit, queries
 * that wait for it, every query type, targets, room state across a
 * reopen, retention, bad databases; msgids and DM keys; chunks (queries
 * and retention across their edges, late lines, the codec) and the
 * migration from the row-per-line schema. (No in-memory case: the
 * writer thread and the loop's reader share the WAL file.) */

#include <sys/stat.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <event2/event.h>
#include <sqlite3.h>

#include "xmalloc.h"
#include "msgid.h"
#include "settings.h"
#include "store.h"
#include "store_chunk.h"

struct fixture {
	struct event_base	*base;
	struct settings		 set;
	struct store		*store;
	char			 dir[64];
	char			 ids[2001][STORE_MSGID_MAX + 1];
};

struct result {
	char	lines[64][64];
	int	n;
	int	done;
	int	error;
};

/* Collect a query's lines. */
static void
each_line(const struct store_line *l, void *arg)
{
	struct result	*r = arg;

	if (r->n < 64)
		strlcpy(r->lines[r->n++], l->line, sizeof r->lines[0]);
}

/* Collect TARGETS keys. */
static void
each_target(const char *key, int64_t ms, void *arg)
{
	struct result	*r = arg;

	if (r->n < 64)
		strlcpy(r->lines[r->n++], key, sizeof r->lines[0]);
}

/* Collect a room state as one string. */
static void
each_room(const struct store_room *sr, void *arg)
{
	struct result	*r = arg;

	snprintf(r->lines[r->n++], sizeof r->lines[0], "%s|%s|%s|%s|%u",
	    sr->name, sr->topic ? sr->topic : "-", sr->modes,
	    sr->key ? sr->key : "-", sr->limit);
}

/* Note that the store is done, and how. */
static void
done(int error, void *arg)
{
	struct result	*r = arg;

	r->done = 1;
	r->error = error;
}

/* Open the fixture's store; it must work. */
static void
open_store(struct fixture *f)
{
	char	*cause = NULL;

	assert_int_equal(store_open(&f->store, &f->set, f->base, NULL, NULL,
	    &cause), 0);
	assert_null(cause);
}

/* A store in a fresh temporary state directory. */
static int
setup(void **state)
{
	struct fixture	*f = xcalloc(1, sizeof *f);

	strlcpy(f->dir, "/tmp/test_store.XXXXXX", sizeof f->dir);
	assert_non_null(mkdtemp(f->dir));
	f->base = event_base_new();
	f->set.history = true;
	f->set.state_dir = xstrdup(f->dir);
	f->set.history_sync_ms = 10;
	f->set.history_max_lines = 0;
	open_store(f);
	*state = f;
	return (0);
}

/* Close it and remove the directory. */
static int
teardown(void **state)
{
	struct fixture	*f = *state;
	char		 cmd[128];

	store_close(f->store);
	free(f->set.state_dir);
	event_base_free(f->base);
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return (0);
}

#define BASE_MS	1700000000000LL

/* Remove the fixture's database (the store is closed). */
static void
unlink_db(struct fixture *f)
{
	const char	*sfx[] = { "", "-wal", "-shm" };
	char		 path[128];
	size_t		 i;

	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/history.db%s", f->dir, sfx[i]);
		unlink(path);
	}
}

/* Append lines first .. first + n - 1, "#r line i" at times ms + i. */
static void
append_at(struct fixture *f, const char *target, int first, int n,
    int64_t ms)
{
	struct store_line	l;
	char			text[64];
	int			i;

	for (i = first; i < first + n; i++) {
		memset(&l, 0, sizeof l);
		l.time_ms = ms + i;
		msgid_next(f->ids[i], l.time_ms);
		memcpy(l.msgid, f->ids[i], sizeof l.msgid);
		l.kind = STORE_PRIVMSG;
		l.target = target;
		snprintf(text, sizeof text, ":a!a@h PRIVMSG %s :%d", target, i);
		l.line = text;
		assert_int_equal(store_append(f->store, &l), 0);
	}
}

/* Append n lines "#r line i" at times BASE_MS + i. */
static void
append(struct fixture *f, const char *target, int n)
{
	append_at(f, target, 0, n, BASE_MS);
}

/* Run a query and the loop until it is done (bounded). */
static void
query(struct fixture *f, enum store_query_type type, const char *from,
    const char *to, unsigned int limit, struct result *r)
{
	struct store_query	q;
	int			i;

	memset(&q, 0, sizeof q);
	memset(r, 0, sizeof *r);
	q.type = type;
	q.target = "#r";
	q.limit = limit;
	if (from != NULL) {
		q.from.type = STORE_REF_MSGID;
		strlcpy(q.from.msgid, from, sizeof q.from.msgid);
	}
	if (to != NULL) {
		q.to.type = STORE_REF_MSGID;
		strlcpy(q.to.msgid, to, sizeof q.to.msgid);
	}
	assert_int_equal(store_query(f->store, &q, each_line, done, r), 0);
	for (i = 0; i < 1000 && !r->done; i++)
		event_base_loop(f->base, EVLOOP_ONCE);
	assert_true(r->done);
	assert_int_equal(r->error, 0);
}

/* The result is lines first .. first + n - 1, in order. */
static void
assert_lines(struct result *r, int first, int n)
{
	char	want[64];
	int	i;

	assert_int_equal(r->n, n);
	for (i = 0; i < n; i++) {
		snprintf(want, sizeof want, ":a!a@h PRIVMSG #r :%d", first + i);
		assert_string_equal(r->lines[i], want);
	}
}

/* A query right after appends waits for their commit, then sees them. */
static void
test_query_waits_for_commit(void **state)
{
	struct fixture	*f = *state;
	struct result	 r;

	append(f, "#r", 20);
	query(f, STORE_LATEST, NULL, NULL, 5, &r);
	assert_lines(&r, 15, 5);
}

/* Every query type, with msgid references. */
static void
test_query_types(void **state)
{
	struct fixture	*f = *state;
	struct result	 r;

	append(f, "#r", 20);
	store_flush(f->store);
	query(f, STORE_BEFORE, f->ids[10], NULL, 3, &r);
	assert_lines(&r, 7, 3);
	query(f, STORE_AFTER, f->ids[10], NULL, 3, &r);
	assert_lines(&r, 11, 3);
	query(f, STORE_LATEST, f->ids[17], NULL, 10, &r);
	assert_lines(&r, 18, 2);
	query(f, STORE_AROUND, f->ids[10], NULL, 4, &r);
	assert_lines(&r, 8, 4);
	query(f, STORE_BETWEEN, f->ids[2], f->ids[6], 10, &r);
	assert_lines(&r, 3, 3);
	query(f, STORE_BETWEEN, f->ids[6], f->ids[2], 2, &r);
	assert_lines(&r, 4, 2);
	query(f, STORE_BEFORE, "nosuchid", NULL, 3, &r);
	assert_int_equal(r.n, 0);
}

/* TARGETS: only keys with lines, oldest latest line first. */
static void
test_targets(void **state)
{
	struct fixture	*f = *state;
	struct result	 r;
	const char	*keys[] = { "#r", "#s", "#none" };

	append(f, "#r", 3);
	append(f, "#s", 5);
	store_flush(f->store);
	memset(&r, 0, sizeof r);
	store_targets(f->store, keys, 3, BASE_MS - 1, BASE_MS + 5000, 10,
	    each_target, done, &r);
	assert_true(r.done);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.lines[0], "#r");
	assert_string_equal(r.lines[1], "#s");
}

/* Room state: seen before its commit, and after a reopen. */
static void
test_rooms_survive_reopen(void **state)
{
	struct fixture		*f = *state;
	struct result		 r;
	struct store_room	 sr = { "#Room", "hello", "op", 5, "nt", "key",
	    7, 3 };

	assert_int_equal(store_room_save(f->store, &sr), 0);
	memset(&r, 0, sizeof r);
	store_room_load(f->store, "#ROOM", each_room, done, &r);
	assert_true(r.done);
	assert_string_equal(r.lines[0], "#Room|hello|nt|key|7");
	append(f, "#r", 4);
	store_close(f->store);
	open_store(f);
	memset(&r, 0, sizeof r);
	store_room_load(f->store, "#room", each_room, done, &r);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.lines[0], "#Room|hello|nt|key|7");
	query(f, STORE_LATEST, NULL, NULL, 10, &r);
	assert_lines(&r, 0, 4);
}

/* history_max_lines: the writer trims in the background. */
static void
test_retention_lines(void **state)
{
	struct fixture	*f = *state;
	struct result	 r;
	int		 i;

	store_close(f->store);
	f->set.history_max_lines = 3;
	open_store(f);
	append(f, "#r", 10);
	for (i = 0; i < 400; i++) {
		query(f, STORE_LATEST, NULL, NULL, 20, &r);
		if (r.n == 3)
			break;
		usleep(10000);
		event_base_loop(f->base, EVLOOP_NONBLOCK);
	}
	assert_lines(&r, 7, 3);
}

/* A newer schema and a file that is no database refuse to open. */
static void
test_bad_databases(void **state)
{
	struct fixture	*f = *state;
	struct store	*s;
	sqlite3		*db;
	char		 path[128], *cause = NULL;
	FILE		*fp;

	store_close(f->store);
	snprintf(path, sizeof path, "%s/history.db", f->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL,
	    NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(&s, &f->set, f->base, NULL, NULL, &cause),
	    -1);
	assert_non_null(strstr(cause, "newer"));
	free(cause);
	cause = NULL;
	unlink(path);
	assert_non_null(fp = fopen(path, "w"));
	fputs("garbage garbage garbage garbage garbage garbage", fp);
	fclose(fp);
	assert_int_equal(store_open(&s, &f->set, f->base, NULL, NULL, &cause),
	    -1);
	assert_non_null(strstr(cause, "history.db"));
	free(cause);
	unlink(path);
	open_store(f);
}

/* Ids grow, decode, carry their time, survive a clock going back. */
static void
test_msgids_unique(void **state)
{
	static char	ids[20000][STORE_MSGID_MAX + 1];
	uint64_t	id;
	int		i;

	msgid_init(5);
	for (i = 0; i < 20000; i++) {
		/* 20000 in one ms: past 4096 they take the next ms. */
		msgid_next(ids[i], BASE_MS + 100000);
		assert_true(strlen(ids[i]) <= STORE_MSGID_MAX);
		if (i > 0)
			assert_true(strcmp(ids[i], ids[i - 1]) > 0);
		assert_true(msgid_decode(ids[i], &id));
		assert_true(msgid_time(id) >= BASE_MS + 100000);
	}
	assert_true(msgid_decode(ids[0], &id));
	assert_int_equal(msgid_time(id), BASE_MS + 100000);
	msgid_next(ids[0], BASE_MS - 5000);	/* the clock went back */
	assert_true(strcmp(ids[0], ids[19999]) > 0);
	assert_false(msgid_decode("nosuchid", &id));
	assert_false(msgid_decode("zzzzzzzzzzzzz", &id));
	qsort(ids, 20000, sizeof ids[0],
	    (int (*)(const void *, const void *))strcmp);
	for (i = 1; i < 20000; i++)
		assert_string_not_equal(ids[i], ids[i - 1]);
}

/* A conversation has one key, whoever asks. */
static void
test_dm_key(void **state)
{
	char	a[STORE_TARGET_MAX], b[STORE_TARGET_MAX];

	store_dm_key(a, sizeof a, "Alice", "bob");
	store_dm_key(b, sizeof b, "BOB", "alice");
	assert_string_equal(a, b);
	assert_string_equal(a, "\001alice\001bob");
}

/* One number of the fixture's database (the first column of sql). */
static int64_t
db_int(struct fixture *f, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	char		 path[128];
	int64_t		 v;

	snprintf(path, sizeof path, "%s/history.db", f->dir);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return (v);
}

/* Run a query by time (BEFORE or AFTER ms) until it is done. */
static void
query_time(struct fixture *f, enum store_query_type type, int64_t ms,
    unsigned int limit, struct result *r)
{
	struct store_query	q;
	int			i;

	memset(&q, 0, sizeof q);
	memset(r, 0, sizeof *r);
	q.type = type;
	q.target = "#r";
	q.limit = limit;
	q.from.type = STORE_REF_TIME;
	q.from.time_ms = ms;
	assert_int_equal(store_query(f->store, &q, each_line, done, r), 0);
	for (i = 0; i < 1000 && !r->done; i++)
		event_base_loop(f->base, EVLOOP_ONCE);
	assert_true(r->done);
	assert_int_equal(r->error, 0);
}

/* Append one line with the id `id` and text `text`. */
static void
append_id(struct fixture *f, uint64_t id, const char *text)
{
	struct store_line	l;

	memset(&l, 0, sizeof l);
	msgid_encode(l.msgid, id);
	l.time_ms = msgid_time(id);
	l.kind = STORE_PRIVMSG;
	l.target = "#r";
	l.line = text;
	assert_int_equal(store_append(f->store, &l), 0);
}

/* Three commits of 200 lines, three chunks (each past STORE_CHUNK_SMALL):
 * queries that start, end and turn inside them, and reach across their
 * edges; a late line lands in the middle one. (Lines a ms apart: later
 * than the ids the cases before made.) */
#define EDGE_MS	(BASE_MS + 1000000000LL)
static void
test_chunk_edges(void **state)
{
	struct fixture	*f = *state;
	struct result	 r;
	uint64_t	 id;
	int		 i;

	for (i = 0; i < 3; i++) {
		append_at(f, "#r", i * 200, 200, EDGE_MS);
		store_flush(f->store);
	}
	assert_int_equal(db_int(f, "SELECT count(*) FROM chunks"), 3);
	query(f, STORE_BEFORE, f->ids[205], NULL, 8, &r);
	assert_lines(&r, 197, 8);
	query(f, STORE_AFTER, f->ids[195], NULL, 22, &r);
	assert_lines(&r, 196, 22);
	query(f, STORE_AROUND, f->ids[200], NULL, 6, &r);
	assert_lines(&r, 197, 6);
	query(f, STORE_AROUND, f->ids[399], NULL, 4, &r);
	assert_lines(&r, 397, 4);
	query(f, STORE_BETWEEN, f->ids[198], f->ids[401], 60, &r);
	assert_lines(&r, 199, 60);
	query(f, STORE_BETWEEN, f->ids[401], f->ids[198], 3, &r);
	assert_lines(&r, 398, 3);
	query(f, STORE_LATEST, NULL, NULL, 5, &r);
	assert_lines(&r, 595, 5);
	query(f, STORE_LATEST, f->ids[589], NULL, 30, &r);
	assert_lines(&r, 590, 10);
	query(f, STORE_AFTER, f->ids[599], NULL, 5, &r);
	assert_int_equal(r.n, 0);
	query(f, STORE_BEFORE, f->ids[0], NULL, 5, &r);
	assert_int_equal(r.n, 0);
	query_time(f, STORE_BEFORE, EDGE_MS + 200, 2, &r);
	assert_lines(&r, 198, 2);
	query_time(f, STORE_AFTER, EDGE_MS + 399, 2, &r);
	assert_lines(&r, 400, 2);

	assert_true(msgid_decode(f->ids[250], &id));
	append_id(f, id + 1, "late");
	query(f, STORE_AFTER, f->ids[249], NULL, 3, &r);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.lines[0], ":a!a@h PRIVMSG #r :250");
	assert_string_equal(r.lines[1], "late");
	assert_string_equal(r.lines[2], ":a!a@h PRIVMSG #r :251");
	assert_int_equal(db_int(f, "SELECT count(*) FROM chunks"), 3);
	assert_int_equal(db_int(f, "SELECT count(*) FROM chunks a JOIN chunks "
	    "b ON a.first < b.first AND a.last >= b.first"), 0);
}

/* One commit bigger than a chunk is filed as several; queries cross
 * from one to the next. */
static void
test_chunk_split(void **state)
{
	struct fixture	*f = *state;
	struct result	 r;

	append_at(f, "#r", 0, 1500, EDGE_MS + 200000);
	store_flush(f->store);
	assert_true(db_int(f, "SELECT count(*) FROM chunks") >= 2);
	assert_true(db_int(f, "SELECT max(length(data)) FROM chunks") <
	    STORE_CHUNK_MAX + 100);
	assert_int_equal(db_int(f, "SELECT sum(msgs) FROM chunks"), 1500);
	assert_int_equal(db_int(f, "SELECT count(*) FROM chunks a JOIN chunks "
	    "b ON a.first < b.first AND a.last >= b.first"), 0);
	query(f, STORE_BEFORE, f->ids[1000], NULL, 60, &r);
	assert_lines(&r, 940, 60);
	query(f, STORE_AFTER, f->ids[600], NULL, 60, &r);
	assert_lines(&r, 601, 60);
	query(f, STORE_LATEST, NULL, NULL, 7, &r);
	assert_lines(&r, 1493, 7);
}

/* A line whose msgid is older than lines already committed joins the
 * chunk it belongs in; a msgid seen twice is kept once. A small newest
 * chunk takes the next commit's lines (one row for both here). */
static void
test_chunk_late_lines(void **state)
{
	struct fixture	*f = *state;
	struct result	 r;
	uint64_t	 id0, id4;

	append_at(f, "#r", 0, 10, EDGE_MS + 100000);
	store_flush(f->store);
	append_at(f, "#r", 10, 10, EDGE_MS + 100000);
	store_flush(f->store);
	assert_true(msgid_decode(f->ids[0], &id0));
	assert_true(msgid_decode(f->ids[4], &id4));
	append_id(f, id4 + 1, "late");
	append_id(f, id0 - 1, "early");
	append_id(f, id4, "twice");
	query(f, STORE_LATEST, NULL, NULL, 30, &r);
	assert_int_equal(r.n, 22);
	assert_string_equal(r.lines[0], "early");
	assert_string_equal(r.lines[1], ":a!a@h PRIVMSG #r :0");
	assert_string_equal(r.lines[5], ":a!a@h PRIVMSG #r :4");
	assert_string_equal(r.lines[6], "late");
	assert_string_equal(r.lines[7], ":a!a@h PRIVMSG #r :5");
	assert_string_equal(r.lines[21], ":a!a@h PRIVMSG #r :19");
	query(f, STORE_AROUND, f->ids[4], NULL, 3, &r);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.lines[2], "late");
	assert_int_equal(db_int(f, "SELECT count(*) FROM chunks"), 1);
	assert_int_equal(db_int(f, "SELECT lines FROM targets"), 22);
}

/* Wait (bounded) until the oldest line LATEST sees is line `first`. */
static void
wait_pruned(struct fixture *f, int first, int n)
{
	struct result	r;
	char		want[64];
	int		i;

	snprintf(want, sizeof want, ":a!a@h PRIVMSG #r :%d", first);
	for (i = 0; i < 400; i++) {
		query(f, STORE_LATEST, NULL, NULL, 60, &r);
		if (r.n > 0 && strcmp(r.lines[0], want) == 0)
			break;
		usleep(10000);
		event_base_loop(f->base, EVLOOP_NONBLOCK);
	}
	assert_lines(&r, first, n);
}

/* max_lines cuts inside the oldest chunk and keeps its events (they
 * are counted apart); max_age cuts a chunk at its time. */
static void
test_chunk_prune(void **state)
{
	struct fixture		*f = *state;
	struct store_line	 l;
	char			 id[STORE_MSGID_MAX + 1];
	int64_t			 now = (int64_t)time(NULL) * 1000;
	int			 i;

	store_close(f->store);
	f->set.history_max_lines = 25;
	open_store(f);
	memset(&l, 0, sizeof l);
	l.kind = STORE_JOIN;
	l.target = "#r";
	l.line = ":a!a@h JOIN #r";
	for (i = 0; i < 2; i++) {
		l.time_ms = BASE_MS - 10 + i;
		msgid_next(id, l.time_ms);
		memcpy(l.msgid, id, sizeof l.msgid);
		assert_int_equal(store_append(f->store, &l), 0);
	}
	for (i = 0; i < 3; i++) {
		append_at(f, "#r", i * 10, 10, BASE_MS);
		store_flush(f->store);
	}
	wait_pruned(f, 5, 25);
	assert_int_equal(db_int(f, "SELECT sum(msgs) FROM chunks"), 25);
	assert_int_equal(db_int(f, "SELECT sum(events) FROM chunks"), 2);
	assert_int_equal(db_int(f, "SELECT lines + events FROM targets"), 27);

	store_close(f->store);
	f->set.history_max_lines = 0;
	f->set.history_max_age = 1000;
	unlink_db(f);
	open_store(f);
	append_at(f, "#r", 0, 5, now - 2000 * 1000);
	append_at(f, "#r", 5, 10, now);
	store_flush(f->store);
	assert_int_equal(db_int(f, "SELECT count(*) FROM chunks"), 1);
	wait_pruned(f, 5, 10);
	assert_int_equal(db_int(f, "SELECT lines FROM targets"), 10);
}

/* The codec: NULL and empty strings, big steps, a broken blob. */
static void
test_chunk_codec(void **state)
{
	struct store_chunk	 c = { 0 };
	struct store_chunk_rec	*recs = NULL;
	size_t			 cap = 0, n;

	store_chunk_add(&c, 5, STORE_PRIVMSG, NULL, "", "hello");
	store_chunk_add(&c, UINT64_C(1) << 62, STORE_QUIT, "acct", "+a=b",
	    NULL);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.msgs, 1);
	assert_int_equal(c.events, 1);
	assert_int_equal(store_chunk_decode(c.data, c.len, &recs, &cap, &n),
	    0);
	assert_int_equal(n, 2);
	assert_int_equal(recs[0].id, 5);
	assert_null(recs[0].str[0]);
	assert_non_null(recs[0].str[1]);
	assert_int_equal(recs[0].len[1], 0);
	assert_memory_equal(recs[0].str[2], "hello", 5);
	assert_int_equal(recs[1].id, UINT64_C(1) << 62);
	assert_int_equal(recs[1].kind, STORE_QUIT);
	assert_memory_equal(recs[1].str[1], "+a=b", 4);
	assert_int_equal(recs[1].len[2], 0);
	assert_int_equal(store_chunk_decode(c.data, c.len - 1, &recs, &cap,
	    &n), -1);
	free(recs);
	store_chunk_free(&c);
}

/* Every record decoded from buf[0..len) lies inside it. */
static void
assert_inside(const unsigned char *buf, size_t len,
    struct store_chunk_rec **recs, size_t *cap)
{
	size_t	n, i;
	int	j;

	if (store_chunk_decode(buf, len, recs, cap, &n) != 0)
		return;
	for (i = 0; i < n; i++) {
		for (j = 0; j < 3; j++) {
			if ((*recs)[i].str[j] == NULL)
				continue;
			assert_true((const unsigned char *)(*recs)[i].str[j] >=
			    buf);
			assert_true((const unsigned char *)(*recs)[i].str[j] +
			    (*recs)[i].len[j] <= buf + len);
		}
	}
}

/* A damaged blob (a corrupt database): every cut and 5000 random
 * changes decode to an error or to records inside the blob, never past
 * it (ASan watches the copies in the sanitizer build). */
static void
test_chunk_damaged(void **state)
{
	struct store_chunk	 c = { 0 };
	struct store_chunk_rec	*recs = NULL;
	unsigned char		*buf;
	size_t			 cap = 0, len, i;

	store_chunk_add(&c, 77, STORE_PRIVMSG, "acct", NULL, ":a PRIVMSG #r");
	store_chunk_add(&c, 90, STORE_JOIN, NULL, "+t", ":a JOIN #r");
	store_chunk_add(&c, UINT64_C(1) << 60, STORE_NOTICE, "", "", "");
	for (len = 0; len <= c.len; len++) {
		buf = xmalloc(len + 1);
		memcpy(buf, c.data, len);
		assert_inside(buf, len, &recs, &cap);
		free(buf);
	}
	srandom(12);
	buf = xmalloc(c.len);
	for (i = 0; i < 5000; i++) {
		memcpy(buf, c.data, c.len);
		buf[random() % c.len] = (unsigned char)random();
		buf[random() % c.len] = (unsigned char)random();
		assert_inside(buf, c.len, &recs, &cap);
	}
	free(buf);
	free(recs);
	store_chunk_free(&c);
}

/* The schema of version 1, as the daemon made it. */
static const char v1_schema[] =
	"CREATE TABLE targets(id INTEGER PRIMARY KEY, name TEXT NOT NULL "
	"UNIQUE, lines INTEGER NOT NULL DEFAULT 0, events INTEGER NOT NULL "
	"DEFAULT 0, latest INTEGER NOT NULL DEFAULT 0, last INTEGER NOT NULL "
	"DEFAULT 0);"
	"CREATE TABLE msg(target INTEGER NOT NULL, id INTEGER NOT NULL, "
	"kind INTEGER NOT NULL, account TEXT, ctags TEXT, line TEXT NOT NULL, "
	"PRIMARY KEY(target, id)) WITHOUT ROWID;"
	"CREATE TABLE rooms(fold TEXT PRIMARY KEY, name TEXT NOT NULL, "
	"topic TEXT, topic_who TEXT, topic_time INTEGER, modes TEXT, "
	"key TEXT, lim INTEGER, created INTEGER) WITHOUT ROWID;"
	"PRAGMA user_version = 1;";

/* A database of version 1 with 2000 lines of #r and one of #s: after
 * the migration every line is there, in chunks, and msg is gone. */
static void
test_migrate_v1(void **state)
{
	struct fixture	*f = *state;
	struct result	 r;
	sqlite3		*db;
	sqlite3_stmt	*st;
	char		 path[128], text[64];
	int		 i;

	store_close(f->store);
	unlink_db(f);
	snprintf(path, sizeof path, "%s/history.db", f->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, v1_schema, NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN; INSERT INTO targets VALUES "
	    "(1, '#r', 2000, 0, 0, 0), (2, '#s', 1, 0, 0, 0)", NULL, NULL,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO msg VALUES (?, "
	    "?, 0, ?, NULL, ?)", -1, &st, NULL), SQLITE_OK);
	for (i = 0; i < 2001; i++) {
		if (i < 2000)
			msgid_encode(f->ids[i], msgid_at(BASE_MS + i));
		snprintf(text, sizeof text, ":a!a@h PRIVMSG %s :%d",
		    i < 2000 ? "#r" : "#s", i);
		sqlite3_bind_int(st, 1, i < 2000 ? 1 : 2);
		sqlite3_bind_int64(st, 2, (int64_t)msgid_at(BASE_MS + i));
		sqlite3_bind_text(st, 3, i % 2 ? "acct" : NULL, -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(st, 4, text, -1, SQLITE_TRANSIENT);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_exec(db, "UPDATE targets SET latest = (SELECT"
	    " max(id) FROM msg WHERE target = targets.id), last = (SELECT "
	    "max(id) FROM msg WHERE target = targets.id); COMMIT", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);

	open_store(f);
	assert_int_equal(db_int(f, "PRAGMA user_version"), 2);
	assert_int_equal(db_int(f, "SELECT count(*) FROM sqlite_schema WHERE "
	    "name = 'msg'"), 0);
	assert_true(db_int(f, "SELECT count(*) FROM chunks") > 2);
	assert_int_equal(db_int(f, "SELECT sum(msgs) FROM chunks"), 2001);
	query(f, STORE_LATEST, NULL, NULL, 50, &r);
	assert_lines(&r, 1950, 50);
	query(f, STORE_BEFORE, f->ids[1000], NULL, 60, &r);
	assert_lines(&r, 940, 60);
	query(f, STORE_AROUND, f->ids[3], NULL, 10, &r);
	assert_lines(&r, 0, 10);
	/* New lines go after the migrated ones. */
	append_at(f, "#r", 2000, 1, BASE_MS - 100000);
	query(f, STORE_LATEST, NULL, NULL, 2, &r);
	assert_lines(&r, 1999, 2);
}

/* The cases, each on a fresh store; in this order, as msgids only grow
 * in a process and the chunk cases give their lines times after it. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_query_waits_for_commit,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_query_types, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_targets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rooms_survive_reopen,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_retention_lines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad_databases, setup,
		    teardown),
		cmocka_unit_test(test_msgids_unique),
		cmocka_unit_test(test_dm_key),
		cmocka_unit_test_setup_teardown(test_chunk_edges, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_chunk_late_lines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_chunk_split, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_chunk_prune, setup,
		    teardown),
		cmocka_unit_test(test_chunk_codec),
		cmocka_unit_test(test_chunk_damaged),
		cmocka_unit_test_setup_teardown(test_migrate_v1, setup,
		    teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
