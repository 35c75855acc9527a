/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The HTTP file host as the rest of the daemon sees it: start, stop, and
 * the upload URL that 005 (soju.im/FILEHOST, draft/FILEHOST) announces. */
#ifndef HTTP_H
#define HTTP_H

#include <stdbool.h>
#include <stddef.h>

struct conn;
struct event_base;
struct listen_spec;

/* Open the store in state_dir/files and listen (spec NULL: no listener,
 * connections come through http_server_adopt); -1 and *cause. */
int	http_start(struct event_base *, const struct listen_spec *,
	    char **cause);
void	http_stop(void);
bool	http_enabled(void);
/*
 * HTTP Basic for uploads (account name and password, as FILEHOST clients
 * send their SASL PLAIN credentials): fn checks them without blocking and
 * calls done(ok, account, arg) on a later loop turn -- the shape of
 * account.h's account_verify, which main.c hands over once accounts
 * exist. Until then (fn NULL) Basic is refused with 401.
 */
typedef void	http_verify_done_fn(int ok, const char *account, void *arg);
typedef void	http_verify_fn(const char *name, const char *password,
		    http_verify_done_fn *done, void *arg);
void	http_set_basic_verify(http_verify_fn *fn);

/* "http://ADDR:PORT/upload" as seen from c's side of the IRC link. */
void	http_upload_url(const struct conn *, char *buf, size_t size);

#endif
