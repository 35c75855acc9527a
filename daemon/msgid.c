/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Message ids: time, node and sequence in one number, cheap to make. */

#include <stdint.h>
#include <string.h>

#include "msgid.h"

#define MSGID_SEQ_BITS	12
#define MSGID_NODE_BITS	10
#define MSGID_TIME_SHIFT (MSGID_SEQ_BITS + MSGID_NODE_BITS)
#define MSGID_SEQ_MAX	((1U << MSGID_SEQ_BITS) - 1)

static const char	msgid_digits[] = "0123456789abcdefghijklmnopqrstuv";
static unsigned int	msgid_node;
static int64_t		msgid_last_ms = -1;	/* since MSGID_EPOCH_MS */
static unsigned int	msgid_seq;

/* Choose the node. */
void
msgid_init(unsigned int node)
{
	msgid_node = node & MSGID_NODE_MAX;
}

/* Continue after id: its ms, and a sequence past it. */
void
msgid_floor(uint64_t id)
{
	int64_t	ms = (int64_t)(id >> MSGID_TIME_SHIFT);

	if (ms > msgid_last_ms) {
		msgid_last_ms = ms;
		msgid_seq = MSGID_SEQ_MAX;	/* the next id takes ms + 1 */
	}
}

/* Thirteen base-32 digits, most significant first. */
void
msgid_encode(char buf[STORE_MSGID_MAX + 1], uint64_t id)
{
	int	i;

	for (i = MSGID_LEN - 1; i >= 0; i--) {
		buf[i] = msgid_digits[id & 31];
		id >>= 5;
	}
	buf[MSGID_LEN] = '\0';
}

/* The number of an id made by msgid_encode. */
bool
msgid_decode(const char *s, uint64_t *id)
{
	uint64_t	 v = 0;
	int		 i, d;

	if (strlen(s) != MSGID_LEN || s[0] > '7')
		return (false);		/* 65 bits would not fit */
	for (i = 0; i < MSGID_LEN; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'v')
			d = s[i] - 'a' + 10;
		else
			return (false);
		v = v << 5 | (uint64_t)d;
	}
	*id = v;
	return (true);
}

/* The ms an id was made for, since the Unix epoch. */
int64_t
msgid_time(uint64_t id)
{
	return ((int64_t)(id >> MSGID_TIME_SHIFT) + MSGID_EPOCH_MS);
}

/* The smallest id of time ms. */
uint64_t
msgid_at(int64_t ms)
{
	if (ms < MSGID_EPOCH_MS)
		return (0);
	if (ms - MSGID_EPOCH_MS >= (INT64_C(1) << (63 - MSGID_TIME_SHIFT)))
		return (INT64_MAX);	/* past 2089: after every id */
	return ((uint64_t)(ms - MSGID_EPOCH_MS) << MSGID_TIME_SHIFT);
}

/* The next id: time now_ms unless it went back or its 4096 ids of that
 * ms are used up; then the ms after the last id's. */
void
msgid_next(char buf[STORE_MSGID_MAX + 1], int64_t now_ms)
{
	int64_t	ms = now_ms - MSGID_EPOCH_MS;

	if (ms < 0)
		ms = 0;
	if (ms <= msgid_last_ms) {
		if (msgid_seq < MSGID_SEQ_MAX)
			msgid_seq++;
		else {
			msgid_last_ms++;
			msgid_seq = 0;
		}
	} else {
		msgid_last_ms = ms;
		msgid_seq = 0;
	}
	msgid_encode(buf, (uint64_t)msgid_last_ms << MSGID_TIME_SHIFT |
	    (uint64_t)msgid_node << MSGID_SEQ_BITS | msgid_seq);
}
