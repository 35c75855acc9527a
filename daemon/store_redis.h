/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * The Redis history backend's pure parts (store_redis_line.c): the
 * cluster URL and the decoding of stream entries into history lines.
 * No connection and no event loop here, so unit tests and fuzzers link
 * them alone.
 */
#ifndef STORE_REDIS_H
#define STORE_REDIS_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

struct redisReply;

/* redis://HOST[:PORT][/DB] split up; host is allocated (IPv6 without its
 * brackets). -1 and *cause when the URL is not one. */
int	store_redis_url(const char *url, char **host, int *port, int *db,
	    char **cause);

/*
 * One stream entry, as XRANGE gives it ([id, [field, value, ...]]), into
 * l: the strings point into the reply, l->target is left alone. Fields:
 * m msgid, t time (ms), k kind, l the line, a account and c client tags
 * (both optional). -1 when the entry is not one we wrote.
 */
int	store_redis_line(const struct redisReply *entry, struct store_line *l);

/* A msgid's stream id, "MS-SEQ" (the id's time, then node and sequence),
 * into buf; -1 when the msgid is not one of ours. */
int	store_redis_stream_id(const char *msgid, char *buf, size_t size);

#endif
