/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * Message ids (IRCv3 message-ids). An id is a 63-bit number: the
 * message's time in ms since 2020 (41 bits), the node (10 bits: 0 for a
 * lone daemon, a cluster member's number later) and a sequence within
 * the ms (12 bits); shown as 13 characters of lower-case base 32, so
 * that ids sort as they were made. Ids only grow, across restarts too
 * (msgid_floor), so the store can file lines by id and find a msgid
 * without an index of its own.
 */
#ifndef MSGID_H
#define MSGID_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"

#define MSGID_LEN	13		/* characters of an id */
#define MSGID_NODE_MAX	1023
#define MSGID_EPOCH_MS	1577836800000LL	/* 2020-01-01T00:00:00Z */

/* The node number this daemon puts in its ids. */
void	msgid_init(unsigned int node);
/* Make every later id greater than id (the newest stored one). */
void	msgid_floor(uint64_t id);
/* The next id for a message of time now_ms, into buf. */
void	msgid_next(char buf[STORE_MSGID_MAX + 1], int64_t now_ms);

/* Text and number both ways; false when s is not one of our ids. */
void	msgid_encode(char buf[STORE_MSGID_MAX + 1], uint64_t id);
bool	msgid_decode(const char *s, uint64_t *id);
/* The time an id carries, ms since the epoch; and the first id of a
 * time (every id of time ms is >= msgid_at(ms)). */
int64_t	msgid_time(uint64_t id);
uint64_t msgid_at(int64_t ms);

#endif
