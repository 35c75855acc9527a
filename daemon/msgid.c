/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Message ids: a per-start prefix and a counter, cheap to make. */

#include <sys/random.h>
#include <sys/time.h>
#include <stdint.h>
#include <string.h>

#include "msgid.h"

static const char	msgid_digits[] = "0123456789abcdefghijklmnopqrstuv";
static char		msgid_prefix[16];
static size_t		msgid_prefix_len;
static uint64_t		msgid_counter;

static size_t	msgid_b32(char *, uint64_t, int);

/* Write v in base 32, exactly width digits (width 0: as many as needed). */
static size_t
msgid_b32(char *out, uint64_t v, int width)
{
	char	tmp[16];
	int	n = 0, i;

	do {
		tmp[n++] = msgid_digits[v & 31];
		v >>= 5;
	} while ((width == 0 && v != 0) || (width != 0 && n < width));
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return ((size_t)n);
}

/* The prefix: 9 digits of start time in ms, 2 random, 2 of node. */
void
msgid_init(unsigned int node)
{
	struct timeval	tv;
	uint16_t	rnd = 0;
	uint64_t	ms;
	size_t		n;

	gettimeofday(&tv, NULL);
	ms = (uint64_t)tv.tv_sec * 1000 + (uint64_t)tv.tv_usec / 1000;
	if (getrandom(&rnd, sizeof rnd, GRND_NONBLOCK) != sizeof rnd)
		rnd = (uint16_t)(tv.tv_usec ^ (tv.tv_usec >> 10));
	n = msgid_b32(msgid_prefix, ms & ((1ULL << 45) - 1), 9);
	n += msgid_b32(msgid_prefix + n, rnd & 1023, 2);
	n += msgid_b32(msgid_prefix + n, node & MSGID_NODE_MAX, 2);
	msgid_prefix_len = n;
	msgid_counter = 0;
}

/* Prefix and counter. */
void
msgid_next(char buf[STORE_MSGID_MAX + 1])
{
	size_t	n;

	if (msgid_prefix_len == 0)
		msgid_init(0);
	memcpy(buf, msgid_prefix, msgid_prefix_len);
	n = msgid_prefix_len + msgid_b32(buf + msgid_prefix_len,
	    msgid_counter++, 0);
	buf[n] = '\0';
}
