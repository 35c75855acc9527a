/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* What the file host's request handlers share: who is asking, URLs, the
 * room rules. The handlers are in http_upload.c, http_get.c, http_list.c. */
#ifndef HTTP_HOST_H
#define HTTP_HOST_H

#include <stdbool.h>
#include <stddef.h>

#include "http.h"
#include "http_server.h"
#include "http_token.h"

struct room;

struct http_who {
	bool			 known;		/* a valid token */
	bool			 basic;		/* HTTP Basic, not checked yet */
	char			 name[64];	/* uploader: account, nick or
						 * "anonymous" */
	struct http_claims	 claims;
};

/* Read a Bearer token (header or ?token=); -1 when one is bad. */
int	http_who(struct http_req *, struct http_who *);
/* The name and password of "Authorization: Basic"; -1 if malformed. */
int	http_basic(const struct http_req *, char *name, size_t, char *pass,
	    size_t);
/* The account check for Basic, or NULL while there are no accounts. */
http_verify_fn *http_basic_verify(void);
/* "http://host:port" for links in replies to r. */
void	http_base_url(const struct http_req *, char *buf, size_t size);
/* Whether the room's files are for members only (+k or +i now). */
bool	http_room_private(const struct room *);
/* Whether who's token is for room. */
bool	http_who_in(const struct http_who *, const char *room);

http_handler_fn	http_upload, http_upload_options, http_get, http_list;

#endif
