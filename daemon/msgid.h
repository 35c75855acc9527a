/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * Message ids (IRCv3 message-ids): unique across restarts and, through
 * the node number, across the daemons of a future cluster. An id is a
 * start prefix (start time in ms and 10 random bits), two characters of
 * node number, then a counter, all in lower-case base 32: 13 characters
 * plus at most 13 for the counter, inside STORE_MSGID_MAX.
 */
#ifndef MSGID_H
#define MSGID_H

#include "store.h"

#define MSGID_NODE_MAX	1023	/* two base-32 characters */

/* Choose the prefix for this run; node is 0 for a lone daemon. */
void	msgid_init(unsigned int node);
/* The next id into buf (NUL-terminated). */
void	msgid_next(char buf[STORE_MSGID_MAX + 1]);

#endif
