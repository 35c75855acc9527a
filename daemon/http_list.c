/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * GET /rooms/ROOM/files: the room's files as an HTML page, or as JSON
 * for /rooms/ROOM/files.json or "Accept: application/json". A +k or +i
 * room, and a file put there while it was one, is listed only with a
 * token from "EXTJWT #room" (members only).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>

#include "compat.h"
#include "http_parse.h"
#include "irc_case.h"
#include "xmalloc.h"
#include "http_files.h"
#include "http_host.h"
#include "room.h"

struct http_list {
	struct evbuffer	*out;
	bool		 json;
	bool		 member;	/* may see private files */
	unsigned int	 n;
	char		 base[256];
};

static void	http_list_json(const struct http_file *, void *);
static void	http_list_html(const struct http_file *, void *);
static void	http_list_str(struct evbuffer *, const char *, bool);
static int	http_list_room(struct http_req *, char *, bool *);

/* s escaped for JSON (json) or for HTML text and attributes. */
static void
http_list_str(struct evbuffer *out, const char *s, bool json)
{
	for (; *s != '\0'; s++) {
		if (json && (*s == '"' || *s == '\\'))
			evbuffer_add_printf(out, "\\%c", *s);
		else if (json && (unsigned char)*s < 0x20)
			evbuffer_add_printf(out, "\\u%04x", *s);
		else if (!json && *s == '<')
			evbuffer_add(out, "&lt;", 4);
		else if (!json && *s == '>')
			evbuffer_add(out, "&gt;", 4);
		else if (!json && *s == '&')
			evbuffer_add(out, "&amp;", 5);
		else if (!json && *s == '"')
			evbuffer_add(out, "&quot;", 6);
		else if (!json && *s == '\'')
			evbuffer_add(out, "&#39;", 5);
		else
			evbuffer_add(out, s, 1);
	}
}

/* One file as a JSON object. */
static void
http_list_json(const struct http_file *f, void *arg)
{
	struct http_list	*l = arg;
	char			 enc[HTTP_NAME_MAX * 3 + 1], when[32];

	if (f->private && !l->member)
		return;
	if (http_pct_encode(f->name, enc, sizeof enc) != 0)
		strlcpy(enc, "file", sizeof enc);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&f->time));
	evbuffer_add_printf(l->out, "%s\n  {\"name\": \"", l->n++ ? "," : "");
	http_list_str(l->out, f->name, true);
	evbuffer_add_printf(l->out, "\", \"size\": %llu, \"uploader\": \"",
	    (unsigned long long)f->size);
	http_list_str(l->out, f->uploader, true);
	evbuffer_add_printf(l->out, "\", \"time\": \"%s\", \"type\": \"%s\", "
	    "\"url\": \"", when, f->type);
	http_list_str(l->out, l->base, true);
	evbuffer_add_printf(l->out, "/f/%s/%s\"}", f->id, enc);
}

/* One file as a table row. */
static void
http_list_html(const struct http_file *f, void *arg)
{
	struct http_list	*l = arg;
	char			 enc[HTTP_NAME_MAX * 3 + 1], when[32];

	if (f->private && !l->member)
		return;
	l->n++;
	if (http_pct_encode(f->name, enc, sizeof enc) != 0)
		strlcpy(enc, "file", sizeof enc);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", gmtime(&f->time));
	evbuffer_add_printf(l->out, "<tr><td><a href=\"/f/%s/%s\">", f->id,
	    enc);
	http_list_str(l->out, f->name, false);
	evbuffer_add_printf(l->out, "</a></td><td>%llu</td><td>",
	    (unsigned long long)f->size);
	http_list_str(l->out, f->uploader, false);
	evbuffer_add_printf(l->out, "</td><td>%s</td></tr>\n", when);
}

/* ROOM out of /rooms/ROOM/files[.json]; 0 or an HTTP status. */
static int
http_list_room(struct http_req *r, char *room, bool *json)
{
	const char	*p = r->path + 7, *accept;
	size_t		 len = strlen(p);

	*json = false;
	if (len > 11 && strcmp(p + len - 11, "/files.json") == 0) {
		*json = true;
		len -= 11;
	} else if (len > 6 && strcmp(p + len - 6, "/files") == 0)
		len -= 6;
	else
		return (404);
	if (len > IRC_ROOM_MAX)
		return (404);
	memcpy(room, p, len);
	room[len] = '\0';
	if (!irc_room_valid(room, IRC_ROOM_MAX))
		return (404);
	accept = http_req_header(r, "Accept");
	if (accept != NULL && strstr(accept, "application/json") != NULL &&
	    strstr(accept, "text/html") == NULL)
		*json = true;
	return (0);
}

void
http_list(struct http_req *r)
{
	struct http_list	 l;
	struct http_who		 w;
	char			 room[IRC_ROOM_MAX + 1];
	struct room		*rm;
	int			 status;

	memset(&l, 0, sizeof l);
	if ((status = http_list_room(r, room, &l.json)) != 0) {
		http_reply_error(r, status, "no such room");
		return;
	}
	if (http_who(r, &w) != 0) {
		http_reply_error(r, 401, "bad or expired token");
		return;
	}
	rm = room_find(room);
	l.member = http_who_in(&w, room);
	if (http_room_private(rm) && !l.member) {
		http_reply_error(r, 403, "members only: use a token from "
		    "EXTJWT");
		return;
	}
	http_base_url(r, l.base, sizeof l.base);
	http_req_add_header(r, "Content-Security-Policy", "default-src 'none'");
	l.out = evbuffer_new();
	if (l.json) {
		evbuffer_add(l.out, "{\"room\": \"", 10);
		http_list_str(l.out, room, true);
		evbuffer_add(l.out, "\", \"files\": [", 13);
		http_files_foreach_room(room, http_list_json, &l);
		evbuffer_add(l.out, "\n]}\n", 4);
		http_reply_buffer(r, 200, "application/json", l.out);
	} else {
		evbuffer_add_printf(l.out, "<!DOCTYPE html>\n<html><head>"
		    "<meta charset=\"utf-8\"><title>Files of ");
		http_list_str(l.out, room, false);
		evbuffer_add_printf(l.out, "</title></head><body><h1>Files of ");
		http_list_str(l.out, room, false);
		evbuffer_add_printf(l.out, "</h1>\n<table><tr><th>name</th>"
		    "<th>bytes</th><th>uploader</th><th>time</th></tr>\n");
		http_files_foreach_room(room, http_list_html, &l);
		evbuffer_add_printf(l.out, "</table></body></html>\n");
		http_reply_buffer(r, 200, "text/html; charset=utf-8", l.out);
	}
	evbuffer_free(l.out);
}
