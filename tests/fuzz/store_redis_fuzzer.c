/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Fuzz the Redis history backend's decoding: RESP bytes through hiredis's
 * reader, then every reply (and every element of an array reply, as a
 * query's answer is) through store_redis_line(); a decoded line must hold
 * a bounded msgid, a known kind and strings inside the reply. */

#include <stdbool.h>
#include <string.h>

#include <hiredis/hiredis.h>

#include "fuzz.h"
#include "store.h"
#include "store_redis.h"
#include "redis_reader.h"

/* A decoded line is whole and within bounds. */
static void
fuzz_line(const redisReply *r)
{
	struct store_line	l;

	if (store_redis_line(r, &l) != 0)
		return;
	FUZZ_CHECK(l.msgid[0] != '\0');
	FUZZ_CHECK(strlen(l.msgid) <= STORE_MSGID_MAX);
	FUZZ_CHECK(l.kind >= STORE_PRIVMSG && l.kind <= STORE_NICK);
	FUZZ_CHECK(l.time_ms >= 0);
	FUZZ_CHECK(l.line != NULL);
	(void)strlen(l.line);
	if (l.account != NULL)
		(void)strlen(l.account);
	if (l.ctags != NULL)
		(void)strlen(l.ctags);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	redisReader	*rd;
	redisReply	*r;
	void		*reply;
	size_t		 i;
	int		 n = 0;

	if ((rd = redisReaderCreate()) == NULL)
		return (0);
	redis_reader_bound(rd);	/* as the daemon's readers */
	if (redisReaderFeed(rd, (const char *)data, size) == REDIS_OK) {
		while (n++ < 64 && redisReaderGetReply(rd, &reply) ==
		    REDIS_OK && reply != NULL) {
			r = reply;
			fuzz_line(r);
			for (i = 0; r->type == REDIS_REPLY_ARRAY &&
			    i < r->elements; i++)
				fuzz_line(r->element[i]);
			freeReplyObject(r);
		}
	}
	redisReaderFree(rd);
	return (0);
}
