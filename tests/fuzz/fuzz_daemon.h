/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The daemon as the daemon targets run it: one per process, clients are
 * conns without sockets, and every line the daemon writes is checked. */
#ifndef FUZZ_DAEMON_H
#define FUZZ_DAEMON_H

#include <stdbool.h>

struct conn;
struct event_base;
struct conn_events;

/* Settings for fuzzing (no flood control, no limits, SASL PLAIN without
 * TLS, no timeouts), the registries, the event base; conn events go to
 * events (dispatch's, or a copy that wraps some). */
void	fuzz_daemon_setup(const char *name, const struct conn_events *events);
/* A new empty directory under $TMPDIR (or /tmp) as the daemon's
 * state_dir, for targets with a store; its path. The target removes it. */
const char *fuzz_daemon_state_dir(const char *name);
/* The daemon's event base (for bufferevent pairs). */
struct event_base *fuzz_daemon_base(void);
/* A client without a socket, as if accepted from 127.0.0.1:port. */
struct conn *fuzz_daemon_connect(int port);
/* fn sees every line the daemon writes to a client, CRLF included,
 * after the checks (NULL: none). */
typedef void	fuzz_daemon_watch_fn(struct conn *, const char *, size_t);
void	fuzz_daemon_watch(fuzz_daemon_watch_fn *fn);
/* One loop turn: output to the checks, closes, paced replies. */
void	fuzz_daemon_turn(void);
/* Forget what earlier inputs left behind: WHOWAS, login throttles. */
void	fuzz_daemon_forget(void);

#endif
