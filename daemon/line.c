/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Lazily built tag variants of one outgoing message. */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "irc_fmt.h"
#include "irc_tags.h"
#include "log.h"
#include "conn.h"
#include "line.h"

static int	line_build(struct line *, int);

/* Record the parts; the text is formatted when a recipient needs it. */
void
line_init(struct line *l, const char *ctags, const char *source,
    const char *verb, ...)
{
	va_list		 ap;
	const char	*p;

	l->source = source;
	l->verb = verb;
	l->ctags = ctags != NULL && *ctags != '\0' ? ctags : NULL;
	l->nparams = 0;
	l->tags_only = strcmp(verb, "TAGMSG") == 0;
	va_start(ap, verb);
	while ((p = va_arg(ap, const char *)) != NULL &&
	    l->nparams < LINE_PARAMS)
		l->params[l->nparams++] = p;
	va_end(ap);
	gettimeofday(&l->tv, NULL);
	memset(l->len, 0, sizeof l->len);
}

/* Format variant v: bit 0 adds server-time, bit 1 the client tags. */
static int
line_build(struct line *l, int v)
{
	char		 tags[IRC_TAGS_MAX], tbuf[IRC_TIME_LEN];
	const char	*cause;
	int		 n = 0, len;

	tags[0] = '\0';
	if (v & 1) {
		irc_time_format(&l->tv, tbuf);
		n = snprintf(tags, sizeof tags, "time=%s", tbuf);
	}
	if ((v & 2) && l->ctags != NULL)
		snprintf(tags + n, sizeof tags - n, "%s%s", n > 0 ? ";" : "",
		    l->ctags);
	len = irc_fmt(l->buf[v], sizeof l->buf[v], IRC_FMT_TRUNCATE,
	    tags[0] != '\0' ? tags : NULL, l->source, l->verb, l->nparams,
	    l->params, &cause);
	if (len < 0)
		log_debug("cannot format %s: %s", l->verb, cause);
	return (len < 0 ? -1 : len);
}

/* The variant for caps, built on first use. */
const char *
line_get(struct line *l, unsigned int caps, size_t *len)
{
	int	v = 0;

	if (l->tags_only && (caps & CAP_MESSAGE_TAGS) == 0)
		return (NULL);
	if (caps & CAP_SERVER_TIME)
		v |= 1;
	if ((caps & CAP_MESSAGE_TAGS) && l->ctags != NULL)
		v |= 2;
	if (l->len[v] == 0)
		l->len[v] = line_build(l, v);
	if (l->len[v] < 0)
		return (NULL);
	*len = l->len[v];
	return (l->buf[v]);
}
