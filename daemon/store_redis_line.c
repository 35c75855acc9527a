/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The Redis history backend's pure parts: the URL, stream entries in and
 * out of history lines. */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hiredis/hiredis.h>

#include "xmalloc.h"
#include "msgid.h"
#include "store.h"
#include "store_redis.h"

#define STORE_REDIS_PORT	6379
#define STORE_REDIS_SEQ_MASK	((UINT64_C(1) << 22) - 1)	/* node, seq */

/* A decimal number in [0, max] filling all of s. */
static int
store_redis_number(const char *s, long max, long *v)
{
	char	*end;

	if (*s < '0' || *s > '9')
		return (-1);
	*v = strtol(s, &end, 10);
	return (*end != '\0' || *v > max ? -1 : 0);
}

/* redis://HOST[:PORT][/DB]; HOST may be [v6]. */
int
store_redis_url(const char *url, char **host, int *port, int *db,
    char **cause)
{
	const char	*p, *end, *colon;
	char		*tail = NULL;
	long		 v = STORE_REDIS_PORT, d = 0;

	*host = NULL;
	if (strncmp(url, "redis://", 8) != 0)
		goto fail;
	p = url + 8;
	if (*p == '[') {
		if ((end = strchr(p, ']')) == NULL)
			goto fail;
		*host = xstrndup(p + 1, (size_t)(end - p - 1));
		p = end + 1;
	} else {
		end = p + strcspn(p, ":/");
		*host = xstrndup(p, (size_t)(end - p));
		p = end;
	}
	if (**host == '\0')
		goto fail;
	colon = *p == ':' ? p + 1 : NULL;
	end = p + strcspn(p, "/");
	if (colon != NULL) {
		tail = xstrndup(colon, (size_t)(end - colon));
		if (store_redis_number(tail, 65535, &v) != 0 || v == 0)
			goto fail;
	} else if (end != p)
		goto fail;
	if (*end == '/' && store_redis_number(end + 1, INT_MAX, &d) != 0)
		goto fail;
	free(tail);
	*port = (int)v;
	*db = (int)d;
	return (0);
fail:
	free(tail);
	free(*host);
	*host = NULL;
	xasprintf(cause, "bad cluster URL %s (redis://HOST:PORT[/DB])", url);
	return (-1);
}

/* The value of a string element, or NULL. */
static const char *
store_redis_str(const redisReply *r)
{
	if (r->type != REDIS_REPLY_STRING && r->type != REDIS_REPLY_STATUS)
		return (NULL);
	return (r->str);
}

/* A field value as a number. */
static int
store_redis_int(const char *s, int64_t *v)
{
	char	*end;

	if (*s == '\0')
		return (-1);
	*v = strtoll(s, &end, 10);
	return (*end == '\0' ? 0 : -1);
}

/* Put one field of an entry into l. */
static int
store_redis_field(struct store_line *l, const char *f, const char *v)
{
	int64_t	n;

	if (f[0] == '\0' || f[1] != '\0')
		return (0);	/* a field of a later version: skip it */
	switch (f[0]) {
	case 'm':
		if (strlen(v) > STORE_MSGID_MAX)
			return (-1);
		strlcpy(l->msgid, v, sizeof l->msgid);
		break;
	case 't':
		if (store_redis_int(v, &n) != 0)
			return (-1);
		l->time_ms = n;
		break;
	case 'k':
		if (store_redis_int(v, &n) != 0 || n < STORE_PRIVMSG ||
		    n > STORE_NICK)
			return (-1);
		l->kind = (enum store_kind)n;
		break;
	case 'l':
		l->line = v;
		break;
	case 'a':
		l->account = v;
		break;
	case 'c':
		l->ctags = v;
		break;
	}
	return (0);
}

/* [id, [field, value, ...]] into l; m, t, k and l are required. */
int
store_redis_line(const redisReply *entry, struct store_line *l)
{
	const redisReply	*f;
	const char		*k, *v;
	size_t			 i;

	l->msgid[0] = '\0';
	l->time_ms = -1;
	l->kind = (enum store_kind)-1;
	l->line = l->account = l->ctags = NULL;
	if (entry->type != REDIS_REPLY_ARRAY || entry->elements != 2 ||
	    store_redis_str(entry->element[0]) == NULL)
		return (-1);
	f = entry->element[1];
	if (f->type != REDIS_REPLY_ARRAY || f->elements % 2 != 0)
		return (-1);
	for (i = 0; i < f->elements; i += 2) {
		if ((k = store_redis_str(f->element[i])) == NULL ||
		    (v = store_redis_str(f->element[i + 1])) == NULL ||
		    store_redis_field(l, k, v) != 0)
			return (-1);
	}
	if (l->msgid[0] == '\0' || l->time_ms < 0 || l->line == NULL ||
	    (int)l->kind == -1)
		return (-1);
	return (0);
}

/* The stream id a msgid files under: its ms, then node and sequence. */
int
store_redis_stream_id(const char *msgid, char *buf, size_t size)
{
	uint64_t	id;
	int		n;

	if (!msgid_decode(msgid, &id))
		return (-1);
	n = snprintf(buf, size, "%lld-%llu", (long long)msgid_time(id),
	    (unsigned long long)(id & STORE_REDIS_SEQ_MASK));
	return (n < 0 || (size_t)n >= size ? -1 : 0);
}
