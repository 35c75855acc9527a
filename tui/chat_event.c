/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Headless mode's JSON: event names and one object per event. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_event.h"
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

static void	chat_event_str(FILE *, const char *key, const char *value);

const char *
chat_event_name(enum chat_event_type type)
{
	return (chat_event_names[type]);
}

/* Write ,"key":"value" with JSON escapes (the value is valid UTF-8). */
static void
chat_event_str(FILE *f, const char *key, const char *value)
{
	const unsigned char	*p;

	if (value == NULL)
		return;
	fprintf(f, ",\"%s\":\"", key);
	for (p = (const unsigned char *)value; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

char *
chat_event_json(const struct chat_event *ev)
{
	char	 ts[IRC_TIME_LEN], *out = NULL;
	size_t	 size = 0;
	FILE	*f;

	f = open_memstream(&out, &size);
	if (f == NULL)
		return (xstrdup("{\"type\":\"error\",\"text\":\"out of memory\"}"));
	irc_time_format(&ev->tv, ts);
	fprintf(f, "{\"type\":\"%s\"", chat_event_name(ev->type));
	chat_event_str(f, "room", ev->room);
	chat_event_str(f, "from", ev->from);
	if (ev->type == CHAT_NICK)
		chat_event_str(f, "nick", ev->target);
	else if (ev->type == CHAT_KICK)
		chat_event_str(f, "nick", ev->target);
	else if (ev->type == CHAT_LOGIN)
		chat_event_str(f, "account", ev->target);
	else
		chat_event_str(f, "to", ev->target);
	chat_event_str(f, "text", ev->text);
	chat_event_str(f, "name", ev->name);
	chat_event_str(f, "url", ev->url);
	chat_event_str(f, "path", ev->path);
	if (ev->type == CHAT_FILE)
		fprintf(f, ",\"size\":%lld", ev->total);
	else if (ev->type == CHAT_PROGRESS || ev->type == CHAT_DONE)
		fprintf(f, ",\"bytes\":%lld,\"total\":%lld", ev->bytes,
		    ev->total);
	if (ev->code != 0)
		fprintf(f, ",\"code\":%d", ev->code);
	if (ev->flags & CHAT_SELF)
		fputs(",\"self\":true", f);
	if (ev->flags & CHAT_PRIVATE)
		fputs(",\"private\":true", f);
	if (ev->flags & CHAT_MENTION)
		fputs(",\"mention\":true", f);
	if (ev->flags & CHAT_HISTORY)
		fputs(",\"history\":true", f);
	chat_event_str(f, "msgid", ev->msgid);
	chat_event_str(f, "server", ev->server);
	fprintf(f, ",\"ts\":\"%s\"}", ts);
	if (fclose(f) != 0) {
		free(out);
		return (xstrdup("{\"type\":\"error\",\"text\":\"out of memory\"}"));
	}
	return (out);
}
