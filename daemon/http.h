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

/* Open the store in state_dir/files and listen; -1 and *cause. */
int	http_start(struct event_base *, const struct listen_spec *,
	    char **cause);
void	http_stop(void);
bool	http_enabled(void);
/* "http://ADDR:PORT/upload" as seen from c's side of the IRC link. */
void	http_upload_url(const struct conn *, char *buf, size_t size);

#endif
