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
 * The line is built in a buffer the caller keeps: headless mode writes one
 * per event, and open_memstream(3) with stdio was most of that cost (a
 * zeroed 8 KB buffer per line, a call per character). Room for the worst
 * case is made first (every byte of a string a six-byte escape), so the
 * writing itself checks nothing.
 */
#define CHAT_JSON_ESC_MAX	6	/* \u00XX */
#define CHAT_JSON_FIXED		512	/* keys, numbers, the time */

static char	*chat_json_put(char *, const char *, size_t);
static char	*chat_json_int(char *, const char *, long long);
static char	*chat_event_str(char *, const char *prefix, size_t,
		    const char *value);

/* A literal's bytes, without strlen(3) each time. */
#define CHAT_JSON_LIT(o, s)	chat_json_put((o), (s), sizeof(s) - 1)
/* ,"key":"value" for a key that is a literal, if value is not NULL. */
#define CHAT_JSON_STR(o, key, value)					\
	chat_event_str((o), ",\"" key "\":\"", sizeof(",\"" key "\":\"") - 1, \
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

static char *
chat_json_put(char *o, const char *s, size_t n)
{
	memcpy(o, s, n);
	return (o + n);
}

/* ,"key":n (the key is short: CHAT_JSON_FIXED has room). */
static char *
chat_json_int(char *o, const char *key, long long n)
{
	int	len;

	len = snprintf(o, 64, ",\"%s\":%lld", key, n);
	return (len > 0 && len < 64 ? o + len : o);
}

/* Bytes a JSON string cannot hold as they are. */
static const char chat_json_special[] = "\"\\"
    "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
    "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f";

/* Write prefix (,"key":") and value with JSON escapes (the value is valid
 * UTF-8), then the closing quote: runs of bytes that need no escape are
 * copied whole. */
static char *
chat_event_str(char *o, const char *prefix, size_t plen, const char *value)
{
	const char	*p = value;
	size_t		 run;

	if (value == NULL)
		return (o);
	o = chat_json_put(o, prefix, plen);
	for (;;) {
		run = strcspn(p, chat_json_special);
		o = chat_json_put(o, p, run);
		p += run;
		if (*p == '\0')
			break;
		if (*p == '"' || *p == '\\') {
			*o++ = '\\';
			*o++ = *p;
		} else {
			snprintf(o, CHAT_JSON_ESC_MAX + 1, "\\u%04x",
			    (unsigned char)*p);
			o += CHAT_JSON_ESC_MAX;
		}
		p++;
	}
	*o++ = '"';
	return (o);
}

const char *
chat_event_json(const struct chat_event *ev, struct chat_json *j)
{
	const char	*strs[] = { ev->room, ev->from, ev->target, ev->text,
			    ev->name, ev->url, ev->path, ev->msgid,
			    ev->server };
	const char	*name = chat_event_name(ev->type);
	char		 ts[IRC_TIME_LEN], *o;
	size_t		 i, need = CHAT_JSON_FIXED;

	for (i = 0; i < nitems(strs); i++) {
		if (strs[i] != NULL)
			need += strlen(strs[i]) * CHAT_JSON_ESC_MAX;
	}
	if (j->cap < need) {
		j->cap = need;
		j->p = xrealloc(j->p, j->cap);
	}
	irc_time_format(&ev->tv, ts);
	o = CHAT_JSON_LIT(j->p, "{\"type\":\"");
	o = chat_json_put(o, name, strlen(name));
	*o++ = '"';
	o = CHAT_JSON_STR(o, "room", ev->room);
	o = CHAT_JSON_STR(o, "from", ev->from);
	if (ev->type == CHAT_NICK || ev->type == CHAT_KICK)
		o = CHAT_JSON_STR(o, "nick", ev->target);
	else if (ev->type == CHAT_LOGIN)
		o = CHAT_JSON_STR(o, "account", ev->target);
	else
		o = CHAT_JSON_STR(o, "to", ev->target);
	o = CHAT_JSON_STR(o, "text", ev->text);
	o = CHAT_JSON_STR(o, "name", ev->name);
	o = CHAT_JSON_STR(o, "url", ev->url);
	o = CHAT_JSON_STR(o, "path", ev->path);
	if (ev->type == CHAT_FILE)
		o = chat_json_int(o, "size", ev->total);
	else if (ev->type == CHAT_PROGRESS || ev->type == CHAT_DONE) {
		o = chat_json_int(o, "bytes", ev->bytes);
		o = chat_json_int(o, "total", ev->total);
	}
	if (ev->code != 0)
		o = chat_json_int(o, "code", ev->code);
	if (ev->flags & CHAT_SELF)
		o = CHAT_JSON_LIT(o, ",\"self\":true");
	if (ev->flags & CHAT_PRIVATE)
		o = CHAT_JSON_LIT(o, ",\"private\":true");
	if (ev->flags & CHAT_MENTION)
		o = CHAT_JSON_LIT(o, ",\"mention\":true");
	if (ev->flags & CHAT_HISTORY)
		o = CHAT_JSON_LIT(o, ",\"history\":true");
	o = CHAT_JSON_STR(o, "msgid", ev->msgid);
	o = CHAT_JSON_STR(o, "server", ev->server);
	o = CHAT_JSON_LIT(o, ",\"ts\":\"");
	o = chat_json_put(o, ts, strlen(ts));
	o = CHAT_JSON_LIT(o, "\"}");
	*o = '\0';
	j->len = (size_t)(o - j->p);
	return (j->p);
}
