/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* GET /f/ID/NAME: a stored file, whole or one Range, by sendfile, with
 * a safe Content-Type and Content-Disposition. The 128-bit random ID is
 * the capability: whoever was given the link may fetch the file. */

#include <sys/types.h>
#include <sys/stat.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "http_parse.h"
#include "http_files.h"
#include "http_host.h"

static void	http_get_send(struct http_req *, const struct http_file *, int,
		    uint64_t);

void
http_get(struct http_req *r)
{
	char			 id[HTTP_FILES_ID_LEN + 1];
	const char		*p = r->path + 3, *slash;
	const struct http_file	*f;
	struct stat		 st;
	int			 fd;

	slash = strchr(p, '/');
	if (slash == NULL || slash - p != HTTP_FILES_ID_LEN ||
	    strchr(slash + 1, '/') != NULL) {
		http_reply_error(r, 404, "no such file");
		return;
	}
	memcpy(id, p, HTTP_FILES_ID_LEN);
	id[HTTP_FILES_ID_LEN] = '\0';
	if ((f = http_files_find(id)) == NULL ||
	    (fd = http_files_fd(f)) == -1) {
		http_reply_error(r, 404, "no such file");
		return;
	}
	if (fstat(fd, &st) != 0) {
		close(fd);
		http_reply_error(r, 500, "cannot read the file");
		return;
	}
	http_get_send(r, f, fd, (uint64_t)st.st_size);
}

/* The headers, then all of it (200) or the range asked for (206). */
static void
http_get_send(struct http_req *r, const struct http_file *f, int fd,
    uint64_t size)
{
	char		 disp[512], range[96], etag[40];
	const char	*type;
	uint64_t	 start = 0, end = size - 1;
	int		 inline_ok, status = 200;

	type = http_content_type(f->name, &inline_ok);
	http_disposition_make(f->name, inline_ok, disp, sizeof disp);
	snprintf(etag, sizeof etag, "\"%s\"", f->id);
	http_req_add_header(r, "Content-Disposition", disp);
	http_req_add_header(r, "Accept-Ranges", "bytes");
	http_req_add_header(r, "ETag", etag);
	http_req_add_header(r, "Cache-Control", "private, max-age=86400");
	http_req_add_header(r, "Content-Security-Policy",
	    "default-src 'none'; sandbox");
	switch (http_range_parse(http_req_header(r, "Range"), size, &start,
	    &end)) {
	case HTTP_RANGE_BAD:
		close(fd);
		snprintf(range, sizeof range, "bytes */%llu",
		    (unsigned long long)size);
		http_req_add_header(r, "Content-Range", range);
		http_reply_error(r, 416, "range not satisfiable");
		return;
	case HTTP_RANGE_OK:
		status = 206;
		snprintf(range, sizeof range, "bytes %llu-%llu/%llu",
		    (unsigned long long)start, (unsigned long long)end,
		    (unsigned long long)size);
		http_req_add_header(r, "Content-Range", range);
		break;
	case HTTP_RANGE_NONE:
		start = 0;
		break;
	}
	http_reply_file(r, status, type, fd, (off_t)start,
	    size == 0 ? 0 : (off_t)(end - start + 1));
}
