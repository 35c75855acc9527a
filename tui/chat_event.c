/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Headless mode's JSON: event names and one object per event. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_event.h"
#include "compat.h"
#include "irc_tags.h"
#include "xmalloc.h"

static const char *chat_event_names[] = {
	[CHAT_CONNECTED] = "connected",
	[CHAT_REGISTERED] = "registered",
	[CHAT_DISCONNECTED] = "disconnected",
	[CHAT_JOIN] = "join",
	[CHAT_PART] = "part",
	[CHAT_QUIT] = "quit",
	[CHAT_KICK] = "kick",
	[CHAT_NICK] = "nick",
	[CHAT_MSG] = "msg",
	[CHAT_ACTION] = "action",
	[CHAT_NOTICE] = "notice",
	[CHAT_TOPIC] = "topic",
	[CHAT_NAMES] = "names",
	[CHAT_MODE] = "mode",
	[CHAT_INVITE] = "invite",
	[CHAT_AWAY] = "away",
	[CHAT_INFO] = "info",
	[CHAT_ERROR] = "error",
	[CHAT_LOGIN] = "login",
	[CHAT_LOGIN_FAILED] = "login_failed",
	[CHAT_TLS] = "tls",
	[CHAT_FILE] = "file",
	[CHAT_PROGRESS] = "progress",
	[CHAT_DONE] = "done",
};

/*
 * The line is built in a growing buffer the caller keeps: headless mode
 * writes one per event, and open_memstream(3) with stdio was most of that
 * cost (a zeroed 8 KB buffer per line, a call per character).
 */

static void	chat_json_reserve(struct chat_json *, size_t);
static void	chat_json_add(struct chat_json *, const char *, size_t);
static void	chat_json_lit(struct chat_json *, const char *);
static void	chat_json_int(struct chat_json *, const char *, long long);
static void	chat_event_str(struct chat_json *, const char *prefix,
		    size_t, const char *value);

/* A literal's bytes, without strlen(3) each time. */
#define CHAT_JSON_LIT(j, s)	chat_json_add((j), (s), sizeof(s) - 1)
/* ,"key":"value" for a key that is a literal, if value is not NULL. */
#define CHAT_JSON_STR(j, key, value)					\
	chat_event_str((j), ",\"" key "\":\"", sizeof(",\"" key "\":\"") - 1, \
	    (value))

const char *
chat_event_name(enum chat_event_type type)
{
	return (chat_event_names[type]);
}

void
chat_json_free(struct chat_json *j)
{
	free(j->p);
	j->p = NULL;
	j->len = j->cap = 0;
}

/* Room for n more bytes and a NUL. */
static void
chat_json_reserve(struct chat_json *j, size_t n)
{
	if (j->cap - j->len < n + 1) {
		while (j->cap - j->len < n + 1)
			j->cap = j->cap == 0 ? 256 : j->cap * 2;
		j->p = xrealloc(j->p, j->cap);
	}
}

static void
chat_json_add(struct chat_json *j, const char *s, size_t n)
{
	chat_json_reserve(j, n);
	memcpy(j->p + j->len, s, n);
	j->len += n;
	j->p[j->len] = '\0';
}

static void
chat_json_lit(struct chat_json *j, const char *s)
{
	chat_json_add(j, s, strlen(s));
}

/* ,"key":n */
static void
chat_json_int(struct chat_json *j, const char *key, long long n)
{
	char	buf[64];
	int	len;

	len = snprintf(buf, sizeof buf, ",\"%s\":%lld", key, n);
	if (len > 0 && (size_t)len < sizeof buf)
		chat_json_add(j, buf, (size_t)len);
}

/* Bytes a JSON string cannot hold as they are. */
static const char chat_json_special[] = "\"\\"
    "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
    "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f";

/* Write prefix (,"key":") and value with JSON escapes (the value is valid
 * UTF-8), then the closing quote: runs of bytes that need no escape are
 * copied whole. */
static void
chat_event_str(struct chat_json *j, const char *prefix, size_t plen,
    const char *value)
{
	const unsigned char	*p = (const unsigned char *)value;
	char			 esc[8];
	size_t			 run;

	if (value == NULL)
		return;
	chat_json_add(j, prefix, plen);
	for (;;) {
		run = strcspn((const char *)p, chat_json_special);
		chat_json_add(j, (const char *)p, run);
		p += run;
		if (*p == '\0')
			break;
		if (*p == '"' || *p == '\\') {
			esc[0] = '\\';
			esc[1] = (char)*p;
			chat_json_add(j, esc, 2);
		} else {
			snprintf(esc, sizeof esc, "\\u%04x", *p);
			chat_json_add(j, esc, 6);
		}
		p++;
	}
	CHAT_JSON_LIT(j, "\"");
}

const char *
chat_event_json(const struct chat_event *ev, struct chat_json *j)
{
	const char		*strs[] = { ev->room, ev->from, ev->target,
				    ev->text, ev->name, ev->url, ev->path,
				    ev->msgid, ev->server };
	char			 ts[IRC_TIME_LEN];
	size_t			 i, need = 256;

	/* Room for the usual line at once: growing it costs a copy. */
	for (i = 0; i < nitems(strs); i++)
		need += strs[i] != NULL ? strlen(strs[i]) + 16 : 0;
	j->len = 0;
	chat_json_reserve(j, need);
	irc_time_format(&ev->tv, ts);
	CHAT_JSON_LIT(j, "{\"type\":\"");
	chat_json_lit(j, chat_event_name(ev->type));
	CHAT_JSON_LIT(j, "\"");
	CHAT_JSON_STR(j, "room", ev->room);
	CHAT_JSON_STR(j, "from", ev->from);
	if (ev->type == CHAT_NICK || ev->type == CHAT_KICK)
		CHAT_JSON_STR(j, "nick", ev->target);
	else if (ev->type == CHAT_LOGIN)
		CHAT_JSON_STR(j, "account", ev->target);
	else
		CHAT_JSON_STR(j, "to", ev->target);
	CHAT_JSON_STR(j, "text", ev->text);
	CHAT_JSON_STR(j, "name", ev->name);
	CHAT_JSON_STR(j, "url", ev->url);
	CHAT_JSON_STR(j, "path", ev->path);
	if (ev->type == CHAT_FILE)
		chat_json_int(j, "size", ev->total);
	else if (ev->type == CHAT_PROGRESS || ev->type == CHAT_DONE) {
		chat_json_int(j, "bytes", ev->bytes);
		chat_json_int(j, "total", ev->total);
	}
	if (ev->code != 0)
		chat_json_int(j, "code", ev->code);
	if (ev->flags & CHAT_SELF)
		CHAT_JSON_LIT(j, ",\"self\":true");
	if (ev->flags & CHAT_PRIVATE)
		CHAT_JSON_LIT(j, ",\"private\":true");
	if (ev->flags & CHAT_MENTION)
		CHAT_JSON_LIT(j, ",\"mention\":true");
	if (ev->flags & CHAT_HISTORY)
		CHAT_JSON_LIT(j, ",\"history\":true");
	CHAT_JSON_STR(j, "msgid", ev->msgid);
	CHAT_JSON_STR(j, "server", ev->server);
	CHAT_JSON_LIT(j, ",\"ts\":\"");
	chat_json_lit(j, ts);
	CHAT_JSON_LIT(j, "\"}");
	return (j->p);
}
