/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Headless mode's JSON: event names and one object per event. */

#include <stdint.h>
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
static size_t	 chat_json_plain_run(const char *, size_t);
static char	*chat_event_str(char *, const char *prefix, size_t,
		    const char *value, size_t);

/* A literal's bytes, without strlen(3) each time. */
#define CHAT_JSON_LIT(o, s)	chat_json_put((o), (s), sizeof(s) - 1)
/* ,"key":"value" for a key that is a literal and the event's i-th string,
 * if it is not NULL. */
#define CHAT_JSON_STR(o, key, i)					\
	chat_event_str((o), ",\"" key "\":\"", sizeof(",\"" key "\":\"") - 1, \
	    strs[(i)], lens[(i)])

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

/* Bytes a JSON string cannot hold as they are: controls, quote and
 * backslash. */
static const unsigned char chat_json_escaped[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1
};

/*
 * The length of the run at s that a JSON string holds as it is: no
 * control (below 0x20), quote or backslash. Eight bytes at a time, as
 * utf8_ascii_run: a byte below 0x20 borrows into its top bit when 0x20 is
 * taken from it, and a byte equal to c is zero after an XOR with c.
 */
static size_t
chat_json_plain_run(const char *s, size_t len)
{
	const uint64_t	ones = 0x0101010101010101ULL;
	const uint64_t	high = 0x8080808080808080ULL;
	uint64_t	w, q, b;
	size_t		i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		q = w ^ ('"' * ones);
		b = w ^ ('\\' * ones);
		if ((((w - 0x20 * ones) & ~w) | ((q - ones) & ~q) |
		    ((b - ones) & ~b)) & high)
			break;
	}
	while (i < len && !chat_json_escaped[(unsigned char)s[i]])
		i++;
	return (i);
}

/* Write prefix (,"key":") and the len bytes of value with JSON escapes
 * (the value is valid UTF-8), then the closing quote: runs of bytes that
 * need no escape are copied whole. */
static char *
chat_event_str(char *o, const char *prefix, size_t plen, const char *value,
    size_t len)
{
	static const char	 hex[] = "0123456789abcdef";
	const char		*p = value, *end;
	size_t			 run;

	if (value == NULL)
		return (o);
	end = value + len;
	o = chat_json_put(o, prefix, plen);
	for (;;) {
		run = chat_json_plain_run(p, (size_t)(end - p));
		o = chat_json_put(o, p, run);
		p += run;
		if (p == end)
			break;
		*o++ = '\\';
		if (*p == '"' || *p == '\\')
			*o++ = *p;
		else {	/* \u00XX */
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			*o++ = hex[(unsigned char)*p >> 4];
			*o++ = hex[*p & 0xf];
		}
		p++;
	}
	*o++ = '"';
	return (o);
}

/* The event's strings, in the order chat_event_json reads them. */
enum chat_json_field {
	CHAT_F_ROOM, CHAT_F_FROM, CHAT_F_TARGET, CHAT_F_TEXT, CHAT_F_NAME,
	CHAT_F_URL, CHAT_F_PATH, CHAT_F_MSGID, CHAT_F_SERVER, CHAT_F_N
};

const char *
chat_event_json(const struct chat_event *ev, struct chat_json *j)
{
	const char	*strs[CHAT_F_N] = { ev->room, ev->from, ev->target,
			    ev->text, ev->name, ev->url, ev->path, ev->msgid,
			    ev->server };
	const char	*name = chat_event_name(ev->type);
	char		 ts[IRC_TIME_LEN], *o;
	size_t		 lens[CHAT_F_N], i, need = CHAT_JSON_FIXED;

	for (i = 0; i < CHAT_F_N; i++) {
		lens[i] = strs[i] != NULL ? strlen(strs[i]) : 0;
		need += lens[i] * CHAT_JSON_ESC_MAX;
	}
	if (j->cap < need) {
		j->cap = need;
		j->p = xrealloc(j->p, j->cap);
	}
	irc_time_format(&ev->tv, ts);
	o = CHAT_JSON_LIT(j->p, "{\"type\":\"");
	o = chat_json_put(o, name, strlen(name));
	*o++ = '"';
	o = CHAT_JSON_STR(o, "room", CHAT_F_ROOM);
	o = CHAT_JSON_STR(o, "from", CHAT_F_FROM);
	if (ev->type == CHAT_NICK || ev->type == CHAT_KICK)
		o = CHAT_JSON_STR(o, "nick", CHAT_F_TARGET);
	else if (ev->type == CHAT_LOGIN)
		o = CHAT_JSON_STR(o, "account", CHAT_F_TARGET);
	else
		o = CHAT_JSON_STR(o, "to", CHAT_F_TARGET);
	o = CHAT_JSON_STR(o, "text", CHAT_F_TEXT);
	o = CHAT_JSON_STR(o, "name", CHAT_F_NAME);
	o = CHAT_JSON_STR(o, "url", CHAT_F_URL);
	o = CHAT_JSON_STR(o, "path", CHAT_F_PATH);
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
	o = CHAT_JSON_STR(o, "msgid", CHAT_F_MSGID);
	o = CHAT_JSON_STR(o, "server", CHAT_F_SERVER);
	o = CHAT_JSON_LIT(o, ",\"ts\":\"");
	o = chat_json_put(o, ts, strlen(ts));
	o = CHAT_JSON_LIT(o, "\"}");
	*o = '\0';
	j->len = (size_t)(o - j->p);
	return (j->p);
}
