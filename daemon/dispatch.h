/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* One framed line -> parsed message -> the command's handler. */
#ifndef DISPATCH_H
#define DISPATCH_H

#include <stdbool.h>
#include <stddef.h>

struct conn;
struct conn_events;

/* What conn.c reports, handled by the commands' layer (main.c passes it
 * to conn_init). */
extern const struct conn_events dispatch_conn_events;

/* Parse line (len bytes, modified in place) and run its command. */
void	dispatch_line(struct conn *, char *line, size_t len);

/* The verb of the i-th command (sorted), NULL past the last (HELP). */
const char	*dispatch_verb(size_t i);
/* Whether verb (upper case) is a command. */
bool		 dispatch_has(const char *verb);

/* STATS m: a command's uses and the bytes of its lines. */
typedef void	dispatch_stats_fn(const char *verb, unsigned long count,
		    unsigned long bytes, void *arg);
void		 dispatch_stats(dispatch_stats_fn *, void *);

#endif
