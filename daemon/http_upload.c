/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* POST /upload: who may, into which room, the body streamed to disk,
 * 201 with the file's URL, and the NOTICE in the room. The body is the
 * file itself (raw, as FILEHOST clients send it); multipart/form-data
 * is not parsed and refused with 415. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/buffer.h>

#include "compat.h"
#include "http_parse.h"
#include "irc_case.h"
#include "log.h"
#include "xmalloc.h"
#include "daemon.h"
#include "account.h"
#include "cmd_account.h"
#include "http_files.h"
#include "http_host.h"
#include "line.h"
#include "room.h"
#include "user.h"

/* A request waiting for its account check; r NULL once it is gone. */
struct http_upload_wait {
	struct http_req		*r;
	char			 name[64];	/* throttle keys */
	char			 peer[64];
};

struct http_upload_job {
	struct http_upload	*up;
	char			 name[HTTP_NAME_MAX + 1];
	char			 room[IRC_ROOM_MAX + 1];	/* "" for none */
	char			 nick[IRC_NICK_MAX + 1];
};

static bool	http_upload_basic_ok(void);
static void	http_upload_denied(struct http_req *);
static void	http_upload_basic(struct http_req *);
static void	http_upload_gone(void *);
static void	http_upload_verified(int, const char *, void *);
static void	http_upload_as(struct http_req *, const struct http_who *);
static int	http_upload_body(struct http_req *, struct evbuffer *, size_t,
		    void *);
static void	http_upload_done(struct http_req *, void *);
static void	http_upload_abort(void *);
static int	http_upload_room(struct http_req *, const struct http_who *,
		    char *, bool *);
static void	http_upload_name(struct http_req *, char *);
static bool	http_upload_announce(const struct http_upload_job *,
		    const char *, uint64_t);
static void	http_upload_size(uint64_t, char *, size_t);

/* OPTIONS /upload, as the FILEHOST spec asks. */
void
http_upload_options(struct http_req *r)
{
	http_req_add_header(r, "Allow", "OPTIONS, POST");
	http_req_add_header(r, "Accept-Post", "*/*");
	http_req_add_header(r, "Access-Control-Allow-Methods", "OPTIONS, POST");
	http_req_add_header(r, "Access-Control-Allow-Headers",
	    "Authorization, Content-Type, Content-Disposition");
	http_reply(r, 204, NULL, NULL, 0);
}

/* The name from Content-Disposition, else ?name=, sanitised. */
static void
http_upload_name(struct http_req *r, char *name)
{
	char		 raw[1024];
	const char	*v;

	v = http_req_header(r, "Content-Disposition");
	if (http_disposition_name(v, raw, sizeof raw) != 0 &&
	    http_req_query(r, "name", raw, sizeof raw) == NULL)
		raw[0] = '\0';
	http_name_sanitize(raw, name);
}

/* ?room= or X-Room: the uploader must be in it. 0, or an HTTP status. */
static int
http_upload_room(struct http_req *r, const struct http_who *w, char *room,
    bool *private)
{
	char		 buf[IRC_ROOM_MAX + 8];
	const char	*v;
	struct room	*rm;
	struct user	*u;

	room[0] = '\0';
	*private = false;
	if ((v = http_req_query(r, "room", buf, sizeof buf)) == NULL)
		v = http_req_header(r, "X-Room");
	if (v == NULL || *v == '\0')
		return (0);
	if (!irc_room_valid(v, IRC_ROOM_MAX))
		return (400);
	if (!w->known)
		return (401);
	if ((rm = room_find(v)) == NULL)
		return (404);
	if ((u = user_find(w->claims.sub)) == NULL ||
	    room_member(rm, u) == NULL)
		return (403);
	strlcpy(room, rm->name, IRC_ROOM_MAX + 1);
	*private = http_room_private(rm);
	return (0);
}

/* Check everything the head tells, then take the body. */
/* Who is asking: a token, an account (checked later), or anonymous. */
void
http_upload(struct http_req *r)
{
	struct http_who	 w;

	if (http_who(r, &w) != 0 || (w.basic && !http_upload_basic_ok()) ||
	    (!w.known && !w.basic && !cfg.upload_anonymous)) {
		http_upload_denied(r);
		return;
	}
	if (w.basic)
		http_upload_basic(r);
	else
		http_upload_as(r, &w);
}

/* A password over this plain-HTTP host: only as SASL PLAIN is allowed
 * without TLS (sasl_plaintext), and only once accounts are there. */
static bool
http_upload_basic_ok(void)
{
	return (http_basic_verify() != NULL && cfg.sasl_plaintext);
}

/* 401 with the schemes we take. */
static void
http_upload_denied(struct http_req *r)
{
	http_req_add_header(r, "WWW-Authenticate",
	    "Bearer realm=\"tui-chatd\"");
	if (http_upload_basic_ok())
		http_req_add_header(r, "WWW-Authenticate",
		    "Basic realm=\"tui-chatd\", charset=\"UTF-8\"");
	http_reply_error(r, 401, "a token from EXTJWT (or an account) is "
	    "needed");
}

/* HTTP Basic: the account check runs off the loop; the request waits. */
static void
http_upload_basic(struct http_req *r)
{
	struct http_upload_wait	*wait;
	char			 name[64], pass[320];

	if (http_basic(r, name, sizeof name, pass, sizeof pass) != 0 ||
	    *name == '\0' || strlen(name) > ACCOUNT_NAME_MAX ||
	    strlen(pass) > ACCOUNT_PASS_MAX) {
		cmd_throttle_fail("a", r->peer);
		explicit_bzero(pass, sizeof pass);
		http_upload_denied(r);
		return;
	}
	/* Failed logins are throttled as SASL's are, by address and name. */
	if (cmd_throttled("a", r->peer) || cmd_throttled("n", name)) {
		log_info("files: %s: login to %s throttled", r->peer, name);
		cmd_throttle_fail("a", r->peer);
		cmd_throttle_fail("n", name);
		explicit_bzero(pass, sizeof pass);
		http_upload_denied(r);
		return;
	}
	wait = xcalloc(1, sizeof *wait);
	wait->r = r;
	strlcpy(wait->name, name, sizeof wait->name);
	strlcpy(wait->peer, r->peer, sizeof wait->peer);
	http_req_wait(r, http_upload_gone, wait);
	http_basic_verify()(name, pass, http_upload_verified, wait);
	explicit_bzero(pass, sizeof pass);
}

/* The connection went while the account was checked. */
static void
http_upload_gone(void *arg)
{
	struct http_upload_wait	*wait = arg;

	wait->r = NULL;		/* http_upload_verified frees it */
}

/* The account check is back: go on as that account, or 401. */
static void
http_upload_verified(int ok, const char *account, void *arg)
{
	struct http_upload_wait	*wait = arg;
	struct http_req		*r = wait->r;
	struct http_who		 w;

	if (!ok || account == NULL) {
		cmd_throttle_fail("a", wait->peer);
		cmd_throttle_fail("n", wait->name);
	} else {
		cmd_throttle_ok("a", wait->peer);
		cmd_throttle_ok("n", account);
	}
	free(wait);
	if (r == NULL)
		return;
	if (!ok || account == NULL) {
		http_upload_denied(r);
		return;
	}
	memset(&w, 0, sizeof w);
	w.known = true;
	strlcpy(w.name, account, sizeof w.name);
	strlcpy(w.claims.sub, account, sizeof w.claims.sub);
	strlcpy(w.claims.account, account, sizeof w.claims.account);
	http_upload_as(r, &w);
}

/* The checks the head allows, then the body. */
static void
http_upload_as(struct http_req *r, const struct http_who *w)
{
	struct http_upload_job	*j;
	const char		*ct = http_req_header(r, "Content-Type");
	bool			 private;
	int			 status;

	if (r->chunked || !r->has_length) {
		http_reply_error(r, 411, "Content-Length is needed");
		return;
	}
	if (ct != NULL && strncasecmp(ct, "multipart/", 10) == 0) {
		http_reply_error(r, 415, "send the file as the body");
		return;
	}
	j = xcalloc(1, sizeof *j);
	if ((status = http_upload_room(r, w, j->room, &private)) != 0) {
		free(j);
		http_reply_error(r, status, "not a room you are in");
		return;
	}
	http_upload_name(r, j->name);
	strlcpy(j->nick, w->known ? w->claims.sub : "anonymous",
	    sizeof j->nick);
	j->up = http_files_begin(j->name, j->room[0] != '\0' ? j->room : NULL,
	    w->name, private, r->length, &status);
	if (j->up == NULL) {
		free(j);
		http_reply_error(r, status, status == 413 ?
		    "over the size limit or the quota" : "no space left");
		return;
	}
	http_req_read_body(r, http_upload_body, http_upload_done,
	    http_upload_abort, j);
}

/* More of the file: to disk; a full disk is 507 and nothing kept. */
static int
http_upload_body(struct http_req *r, struct evbuffer *in, size_t n,
    void *arg)
{
	struct http_upload_job	*j = arg;
	int			 error;

	if (http_files_write(j->up, in, n) == 0)
		return (0);
	error = errno;
	log_warnx("files: upload of %s failed: %s", j->name,
	    strerror(error));
	http_upload_abort(j);
	if (error == ENOSPC || error == EDQUOT)
		http_reply_error(r, 507, "no space left");
	else
		http_reply_error(r, 500, "cannot store the file");
	return (-1);
}

static void
http_upload_abort(void *arg)
{
	struct http_upload_job	*j = arg;

	http_files_abort(j->up);
	free(j);
}

/* The whole file is there: rename it into place, 201, announce. */
static void
http_upload_done(struct http_req *r, void *arg)
{
	struct http_upload_job	*j = arg;
	const struct http_file	*f;
	char			 base[256], enc[HTTP_NAME_MAX * 3 + 1];
	char			 url[600], body[640];
	int			 n;

	if ((f = http_files_commit(j->up)) == NULL) {
		free(j);
		http_reply_error(r, 507, "cannot store the file");
		return;
	}
	http_base_url(r, base, sizeof base);
	if (http_pct_encode(f->name, enc, sizeof enc) != 0)
		strlcpy(enc, "file", sizeof enc);
	snprintf(url, sizeof url, "%s/f/%s/%s", base, f->id, enc);
	log_info("files: %s stored %s (%llu bytes) as %s", j->nick, f->name,
	    (unsigned long long)f->size, f->id);
	if (j->room[0] != '\0' && http_upload_announce(j, url, f->size))
		http_req_add_header(r, "X-Room-Notice", j->room);
	http_req_add_header(r, "Location", url);
	n = snprintf(body, sizeof body, "%s\n", url);
	http_reply(r, 201, "text/plain; charset=utf-8", body, (size_t)n);
	free(j);
}

/* "12.3 MB" and the like. */
static void
http_upload_size(uint64_t n, char *buf, size_t size)
{
	static const char	*units[] = { "B", "KB", "MB", "GB", "TB" };
	double			 v = (double)n;
	size_t			 u = 0;

	while (v >= 1024 && u + 1 < nitems(units)) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%llu B", (unsigned long long)n);
	else
		snprintf(buf, size, "%.1f %s", v, units[u]);
}

/* NOTICE #room :nick shared NAME (SIZE): URL, from the server; false
 * when the room is gone. */
static bool
http_upload_announce(const struct http_upload_job *j, const char *url,
    uint64_t size)
{
	struct room	*rm = room_find(j->room);
	struct line	 l;
	char		 text[900], sz[32];

	if (rm == NULL)
		return (false);
	http_upload_size(size, sz, sizeof sz);
	snprintf(text, sizeof text, "%s shared %s (%s): %s", j->nick, j->name,
	    sz, url);
	line_init(&l, NULL, cfg.name, "NOTICE", rm->name, text, NULL);
	room_send(rm, NULL, &l);
	return (true);
}
