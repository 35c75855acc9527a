/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The Redis history backend's pure parts: stream entries (as RESP bytes
 * through hiredis's own reader) into history lines, hostile entries
 * refused, msgids into stream ids, cluster URLs. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hiredis/hiredis.h>

#include "msgid.h"
#include "store.h"
#include "store_redis.h"
#include "redis_reader.h"

/* The reply hiredis makes of resp. */
static redisReply *
parse(const char *resp)
{
	redisReader	*r = redisReaderCreate();
	void		*reply = NULL;

	assert_non_null(r);
	assert_int_equal(redisReaderFeed(r, resp, strlen(resp)), REDIS_OK);
	assert_int_equal(redisReaderGetReply(r, &reply), REDIS_OK);
	assert_non_null(reply);
	redisReaderFree(r);
	return (reply);
}

#define ENTRY(fields, body) "*2\r\n$15\r\n1796544190392-5\r\n*" fields "\r\n" \
	body
#define F(k, v) "$" #k "\r\n" v "\r\n"

/* Every field: the line as stored. */
static void
test_line_full(void **state)
{
	struct store_line	 l;
	redisReply		*r;

	r = parse(ENTRY("12", "$1\r\nm\r\n$13\r\n0penuffn00001\r\n"
	    "$1\r\nt\r\n$13\r\n1796544190392\r\n$1\r\nk\r\n$1\r\n1\r\n"
	    "$1\r\na\r\n$5\r\nalice\r\n$1\r\nc\r\n$5\r\n+a=bc\r\n"
	    "$1\r\nl\r\n$27\r\n:a!a@h NOTICE #r :hi there!\r\n"));
	assert_int_equal(store_redis_line(r, &l), 0);
	assert_string_equal(l.msgid, "0penuffn00001");
	assert_int_equal(l.time_ms, 1796544190392LL);
	assert_int_equal(l.kind, STORE_NOTICE);
	assert_string_equal(l.account, "alice");
	assert_string_equal(l.ctags, "+a=bc");
	assert_string_equal(l.line, ":a!a@h NOTICE #r :hi there!");
	freeReplyObject(r);
}

/* Account and tags are optional; unknown fields are skipped. */
static void
test_line_minimal(void **state)
{
	struct store_line	 l;
	redisReply		*r;

	r = parse(ENTRY("10", "$1\r\nm\r\n$3\r\nabc\r\n$1\r\nt\r\n$1\r\n5\r\n"
	    "$1\r\nk\r\n$1\r\n3\r\n$2\r\nzz\r\n$1\r\nq\r\n"
	    "$1\r\nl\r\n$4\r\nJOIN\r\n"));
	assert_int_equal(store_redis_line(r, &l), 0);
	assert_null(l.account);
	assert_null(l.ctags);
	assert_int_equal(l.kind, STORE_JOIN);
	freeReplyObject(r);
}

/* Entries we did not write are refused, not half read. */
static void
test_line_hostile(void **state)
{
	static const char	*bad[] = {
		"$2\r\nhi\r\n",
		"*1\r\n$1\r\nx\r\n",
		"*2\r\n$1\r\nx\r\n$1\r\ny\r\n",
		ENTRY("1", "$1\r\nm\r\n"),
		/* no line */
		ENTRY("6", "$1\r\nm\r\n$1\r\nx\r\n$1\r\nt\r\n$1\r\n5\r\n"
		    "$1\r\nk\r\n$1\r\n1\r\n"),
		/* a kind out of range, a time that is not a number */
		ENTRY("8", "$1\r\nm\r\n$1\r\nx\r\n$1\r\nt\r\n$1\r\n5\r\n"
		    "$1\r\nk\r\n$2\r\n99\r\n$1\r\nl\r\n$1\r\nx\r\n"),
		ENTRY("8", "$1\r\nm\r\n$1\r\nx\r\n$1\r\nt\r\n$2\r\n5x\r\n"
		    "$1\r\nk\r\n$1\r\n1\r\n$1\r\nl\r\n$1\r\nx\r\n"),
		/* a msgid over STORE_MSGID_MAX, a field that is a number */
		ENTRY("8", "$1\r\nm\r\n$33\r\n123456789012345678901234567890123"
		    "\r\n$1\r\nt\r\n$1\r\n5\r\n$1\r\nk\r\n$1\r\n1\r\n$1\r\nl\r\n"
		    "$1\r\nx\r\n"),
		ENTRY("2", ":1\r\n$1\r\nx\r\n"),
	};
	struct store_line	 l;
	redisReply		*r;
	size_t			 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		r = parse(bad[i]);
		assert_int_equal(store_redis_line(r, &l), -1);
		freeReplyObject(r);
	}
}

/* A msgid's stream id is its time, then node and sequence; ours only. */
static void
test_stream_id(void **state)
{
	char		 msgid[STORE_MSGID_MAX + 1], buf[48];
	uint64_t	 id;

	msgid_init(3);
	msgid_next(msgid, 1796544190392LL);
	assert_true(msgid_decode(msgid, &id));
	assert_int_equal(store_redis_stream_id(msgid, buf, sizeof buf), 0);
	assert_string_equal(buf, "1796544190392-12288");	/* 3 << 12 */
	assert_int_equal(store_redis_stream_id("nope", buf, sizeof buf), -1);
	assert_int_equal(store_redis_stream_id(msgid, buf, 4), -1);
}

/* redis://HOST[:PORT][/DB], v6 in brackets; anything else refused. */
/* A bounded reader refuses a huge array count before allocating for it,
 * and still reads ordinary replies. */
static void
test_reader_bound(void **state)
{
	static const char	huge[] = "*844190392\r\n";
	static const char	ok[] = "*2\r\n$1\r\na\r\n:7\r\n";
	redisReader		*rd;
	void			*reply = NULL;

	(void)state;
	rd = redisReaderCreate();
	assert_non_null(rd);
	redis_reader_bound(rd);
	assert_int_equal(redisReaderFeed(rd, ok, sizeof ok - 1), REDIS_OK);
	assert_int_equal(redisReaderGetReply(rd, &reply), REDIS_OK);
	assert_non_null(reply);
	assert_int_equal(((redisReply *)reply)->elements, 2);
	freeReplyObject(reply);
	assert_int_equal(redisReaderFeed(rd, huge, sizeof huge - 1), REDIS_OK);
	assert_int_equal(redisReaderGetReply(rd, &reply), REDIS_ERR);
	redisReaderFree(rd);
}

static void
test_url(void **state)
{
	static const char	*bad[] = { "http://h:1", "redis://", "redis://:1",
	    "redis://h:0", "redis://h:70000", "redis://h:x", "redis://h/x",
	    "redis://[::1", "redis://h:1/", "redis://h:1/2x" };
	char			*host, *cause;
	int			 port, db;
	size_t			 i;

	assert_int_equal(store_redis_url("redis://127.0.0.1:7000/2", &host,
	    &port, &db, &cause), 0);
	assert_string_equal(host, "127.0.0.1");
	assert_int_equal(port, 7000);
	assert_int_equal(db, 2);
	free(host);
	assert_int_equal(store_redis_url("redis://[::1]", &host, &port, &db,
	    &cause), 0);
	assert_string_equal(host, "::1");
	assert_int_equal(port, 6379);
	assert_int_equal(db, 0);
	free(host);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = NULL;
		assert_int_equal(store_redis_url(bad[i], &host, &port, &db,
		    &cause), -1);
		assert_non_null(cause);
		free(cause);
	}
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_line_full),
		cmocka_unit_test(test_line_minimal),
		cmocka_unit_test(test_line_hostile),
		cmocka_unit_test(test_stream_id),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_reader_bound),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
