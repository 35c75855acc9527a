/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The history store through store.h with the SQLite backend on a file
 * database in a temporary state directory: the group commit, queries
 * that wait for it, every query type, targets, room state across a
 * reopen, retention, bad databases; msgids and DM keys. (No in-memory
 * case: the writer thread and the loop's reader share the WAL file.) */

#include <sys/stat.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <event2/event.h>
#include <sqlite3.h>

#include "xmalloc.h"
#include "msgid.h"
#include "settings.h"
#include "store.h"

struct fixture {
	struct event_base	*base;
	struct settings		 set;
	struct store		*store;
	char			 dir[64];
	char			 ids[100][STORE_MSGID_MAX + 1];
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

/* Append n lines "#r line i" at times BASE_MS + i. */
static void
append(struct fixture *f, const char *target, int n)
{
	struct store_line	l;
	char			text[64];
	int			i;

	for (i = 0; i < n; i++) {
		memset(&l, 0, sizeof l);
		l.time_ms = BASE_MS + i;
		msgid_next(f->ids[i], l.time_ms);
		memcpy(l.msgid, f->ids[i], sizeof l.msgid);
		l.kind = STORE_PRIVMSG;
		l.target = target;
		snprintf(text, sizeof text, ":a!a@h PRIVMSG %s :%d", target, i);
		l.line = text;
		assert_int_equal(store_append(f->store, &l), 0);
	}
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

/* The cases, each on a fresh store. */
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
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
