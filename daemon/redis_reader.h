/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * A bound on what a Redis reply may make hiredis allocate. hiredis 0.14
 * callocs an array reply's element table as soon as it reads the count,
 * so "*844190392\r\n" alone asks for 6.7 GB (found by the store_redis
 * fuzzer); 1.0's maxelements is not in Debian 12. Every reader the daemon
 * opens (cluster bus, history store) goes through redis_reader_bound().
 */
#ifndef REDIS_READER_H
#define REDIS_READER_H

#include <hiredis/hiredis.h>

/* More elements than any reply the daemon asks for (a query's 1000 stream
 * entries, a burst's members) and a table of 8 MB at most. */
#define REDIS_READER_ELEMENTS_MAX	(1 << 20)

/* Make rd refuse (as out of memory: the connection fails, the caller's
 * reconnect path runs) an array of more than REDIS_READER_ELEMENTS_MAX. */
void	redis_reader_bound(redisReader *rd);

#endif
