/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Lazily built tag variants of one outgoing message. */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "irc_fmt.h"
#include "irc_tags.h"
#include "utf8.h"
#include "log.h"
#include "cap.h"
#include "line.h"

static bool	line_put(char *, size_t, size_t *, const char *, size_t);
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
	l->account = NULL;
	va_start(ap, verb);
	while ((p = va_arg(ap, const char *)) != NULL &&
	    l->nparams < LINE_PARAMS)
		l->params[l->nparams++] = p;
	va_end(ap);
	l->msgid[0] = '\0';
	gettimeofday(&l->tv, NULL);
	memset(l->len, 0, sizeof l->len);
}

/* Set the msgid; every variant is built again with it. */
void
line_set_msgid(struct line *l, const char *msgid)
{
	strlcpy(l->msgid, msgid, sizeof l->msgid);
	memset(l->len, 0, sizeof l->len);
}

/* Append s (n bytes) to the variant being built, if it fits. */
static bool
line_put(char *buf, size_t size, size_t *len, const char *s, size_t n)
{
	if (*len + n >= size)
		return (false);
	memcpy(buf + *len, s, n);
	*len += n;
	return (true);
}

/*
 * Format variant v: bit 0 adds server-time, bit 1 the msgid and the
 * client tags, bit 2 the sender's account. The
 * parameters come from parsed lines or from the server, so they hold no
 * CR, LF or NUL. The part after the tags keeps to 512 bytes with CRLF:
 * the last parameter is cut at a UTF-8 boundary when the source prefix
 * makes a relayed text too long.
 */
static int
line_build(struct line *l, int v)
{
	char		*buf = l->buf[v], tbuf[IRC_TIME_LEN];
	char		 abuf[2 * 64 + 1];
	size_t		 size = sizeof l->buf[v] - 2, len = 0, body, n;
	const char	*p;
	bool		 ok = true, tags = false;
	int		 i;

	if (v & 1) {
		irc_time_format(&l->tv, tbuf);
		ok = line_put(buf, size, &len, "@time=", 6) &&
		    line_put(buf, size, &len, tbuf, strlen(tbuf));
		tags = true;
	}
	if ((v & 2) && l->msgid[0] != '\0') {
		ok = ok && line_put(buf, size, &len, tags ? ";msgid=" :
		    "@msgid=", 7) &&
		    line_put(buf, size, &len, l->msgid, strlen(l->msgid));
		tags = true;
	}
	if ((v & 4) && l->account != NULL &&
	    irc_tags_escape(l->account, abuf, sizeof abuf) >= 0) {
		ok = ok && line_put(buf, size, &len, tags ? ";" : "@", 1) &&
		    line_put(buf, size, &len, "account=", 8) &&
		    line_put(buf, size, &len, abuf, strlen(abuf));
		tags = true;
	}
	if ((v & 2) && l->ctags != NULL) {
		ok = ok && line_put(buf, size, &len, tags ? ";" : "@", 1) &&
		    line_put(buf, size, &len, l->ctags, strlen(l->ctags));
		tags = true;
	}
	if (tags)
		ok = ok && line_put(buf, size, &len, " ", 1);
	body = len;
	if (l->source != NULL)
		ok = ok && line_put(buf, size, &len, ":", 1) &&
		    line_put(buf, size, &len, l->source, strlen(l->source)) &&
		    line_put(buf, size, &len, " ", 1);
	ok = ok && line_put(buf, size, &len, l->verb, strlen(l->verb));
	for (i = 0; ok && i < l->nparams; i++) {
		p = l->params[i];
		n = strlen(p);
		ok = line_put(buf, size, &len, " ", 1);
		if (i == l->nparams - 1 && !irc_param_middle(p))
			ok = ok && line_put(buf, size, &len, ":", 1);
		if (ok && i == l->nparams - 1 && len + n > body +
		    IRC_LINE_MAX - 2)
			n = len > body + IRC_LINE_MAX - 2 ? 0 :
			    utf8_boundary(p, n, body + IRC_LINE_MAX - 2 - len);
		ok = ok && line_put(buf, size, &len, p, n);
	}
	if (!ok || len - body > IRC_LINE_MAX - 2) {
		log_debug("cannot format %s: too long", l->verb);
		return (-1);
	}
	memcpy(buf + len, "\r\n", 3);
	return ((int)len + 2);
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
	if ((caps & CAP_MESSAGE_TAGS) && (l->ctags != NULL ||
	    l->msgid[0] != '\0'))
		v |= 2;
	if ((caps & CAP_ACCOUNT_TAG) && l->account != NULL)
		v |= 4;
	if (l->len[v] == 0)
		l->len[v] = line_build(l, v);
	if (l->len[v] < 0)
		return (NULL);
	*len = l->len[v];
	return (l->buf[v]);
}

/* Variant 0 without its CRLF, built on first use even for TAGMSG. */
const char *
line_plain(struct line *l, size_t *len)
{
	if (l->len[0] == 0)
		l->len[0] = line_build(l, 0);
	if (l->len[0] < 2)
		return (NULL);
	*len = l->len[0] - 2;
	return (l->buf[0]);
}
