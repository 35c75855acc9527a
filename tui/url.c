/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Finding URLs, and a bounded ring of the last ones per window. */

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chat_event.h"
#include "url.h"
#include "xmalloc.h"

struct url_ring {
	unsigned int	 group;		/* its server's window group */
	char	*window;
	char	*v[URL_KEEP];
	size_t	 next;		/* where the next one goes */
	size_t	 n;
};

static struct url_ring	*url_rings;
static size_t		 url_nrings;

static const char *const url_schemes[] = {
	"ftp://", "http://", "https://", "irc://", "ircs://",
};

/* Characters RFC 3986 allows in a URL, except the space and quotes. */
static bool
url_char(unsigned char c)
{
	return (c > 0x20 && c < 0x7f && strchr("<>\"{}|\\^`", c) == NULL);
}

/* The length of a URL starting at p (a scheme matched), trailing
 * punctuation left out; 0 if there is nothing after the scheme. */
static size_t
url_length(const char *p, size_t scheme)
{
	size_t	n = scheme, open = 0, close = 0, i;

	while (url_char((unsigned char)p[n]))
		n++;
	for (i = 0; i < n; i++) {
		open += p[i] == '(';
		close += p[i] == ')';
	}
	while (n > scheme && (strchr(".,;:!?'", p[n - 1]) != NULL ||
	    (p[n - 1] == ')' && close > open))) {
		close -= p[n - 1] == ')';
		n--;
	}
	return (n > scheme && n <= URL_MAX ? n : 0);
}

size_t
url_find(const char *text, struct url_span *spans, size_t max)
{
	const char	*p = text;
	size_t		 n = 0, i, len, slen;

	while (n < max && (p = strstr(p, "://")) != NULL) {
		len = 0;
		for (i = 0; i < nitems(url_schemes); i++) {
			slen = strlen(url_schemes[i]) - 3;
			if ((size_t)(p - text) < slen ||
			    strncasecmp(p - slen, url_schemes[i],
			    slen + 3) != 0)
				continue;
			/* a word of its own: "xhttp://" is not one */
			if (p - slen > text && url_char((unsigned char)
			    p[-(long)slen - 1]) && p[-(long)slen - 1] != '(')
				continue;
			len = url_length(p - slen, slen + 3);
			if (len > 0) {
				spans[n].off = (size_t)(p - slen - text);
				spans[n++].len = len;
				p = p - slen + len;
			}
			break;
		}
		if (len == 0)
			p += 3;
	}
	return (n);
}

/* The ring of window name of group's server; made when create is set. */
static struct url_ring *
url_ring(unsigned int group, const char *window, bool create)
{
	struct url_ring	*r;
	size_t		 i;

	for (i = 0; i < url_nrings; i++) {
		if (url_rings[i].group == group &&
		    strcasecmp(url_rings[i].window, window) == 0)
			return (&url_rings[i]);
	}
	if (!create)
		return (NULL);
	url_rings = xreallocarray(url_rings, url_nrings + 1,
	    sizeof *url_rings);
	r = &url_rings[url_nrings++];
	memset(r, 0, sizeof *r);
	r->group = group;
	r->window = xstrdup(window);
	return (r);
}

void
url_post(unsigned int group, const struct chat_event *ev)
{
	struct url_span	 spans[8];
	struct url_ring	*r;
	const char	*window;
	size_t		 i, n;

	if ((ev->type != CHAT_MSG && ev->type != CHAT_ACTION &&
	    ev->type != CHAT_NOTICE) || ev->text == NULL)
		return;
	window = ev->room != NULL ? ev->room :
	    (ev->flags & CHAT_SELF) ? ev->target : ev->from;
	if (window == NULL ||
	    (n = url_find(ev->text, spans, nitems(spans))) == 0)
		return;
	r = url_ring(group, window, true);
	for (i = 0; i < n; i++) {
		free(r->v[r->next]);
		r->v[r->next] = xstrndup(ev->text + spans[i].off, spans[i].len);
		r->next = (r->next + 1) % URL_KEEP;
		if (r->n < URL_KEEP)
			r->n++;
	}
}

const char *
url_get(unsigned int group, const char *window, size_t i)
{
	struct url_ring	*r = url_ring(group, window, false);

	if (r == NULL || i >= r->n)
		return (NULL);
	return (r->v[(r->next + URL_KEEP - 1 - i) % URL_KEEP]);
}

void
url_free_all(void)
{
	size_t	i, k;

	for (i = 0; i < url_nrings; i++) {
		for (k = 0; k < URL_KEEP; k++)
			free(url_rings[i].v[k]);
		free(url_rings[i].window);
	}
	free(url_rings);
	url_rings = NULL;
	url_nrings = 0;
}
