/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The element bound on hiredis readers (see redis_reader.h). */

#include "redis_reader.h"

/* hiredis's own reply functions, which the bounded ones call through;
 * the same table for every reader, so one copy serves them all. */
static const redisReplyObjectFunctions *redis_reader_orig;

/* An array reply, unless its count is out of bounds. */
static void *
redis_reader_array(const redisReadTask *task, int elements)
{
	if (elements < 0 || elements > REDIS_READER_ELEMENTS_MAX)
		return (NULL);
	return (redis_reader_orig->createArray(task, elements));
}

/* The others go straight to hiredis's. */
static void *
redis_reader_string(const redisReadTask *task, char *s, size_t len)
{
	return (redis_reader_orig->createString(task, s, len));
}

/* An integer reply. */
static void *
redis_reader_integer(const redisReadTask *task, long long v)
{
	return (redis_reader_orig->createInteger(task, v));
}

/* A nil reply. */
static void *
redis_reader_nil(const redisReadTask *task)
{
	return (redis_reader_orig->createNil(task));
}

/* Free a reply. */
static void
redis_reader_free(void *reply)
{
	redis_reader_orig->freeObject(reply);
}

static redisReplyObjectFunctions redis_reader_fns = {	/* hiredis: not const */
	redis_reader_string,
	redis_reader_array,
	redis_reader_integer,
	redis_reader_nil,
	redis_reader_free,
};

void
redis_reader_bound(redisReader *rd)
{
	if (rd == NULL || rd->fn == NULL || rd->fn == &redis_reader_fns)
		return;
	redis_reader_orig = rd->fn;
	rd->fn = &redis_reader_fns;
}
