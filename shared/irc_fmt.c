/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Build outgoing lines. The one place that decides where ':' goes and that
 * refuses anything which would let a parameter start a new line. */

#include <stdarg.h>
#include <string.h>

#include "irc_fmt.h"
#include "utf8.h"

/* A small append buffer that remembers overflow. */
struct irc_out {
	char	*buf;
	size_t	 size;
	size_t	 len;
	bool	 overflow;
};

/* Append n bytes of s. */
static void
irc_out_add(struct irc_out *o, const char *s, size_t n)
{
	if (o->overflow || o->len + n >= o->size) {
		o->overflow = true;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

/* Append a string. */
static void
irc_out_str(struct irc_out *o, const char *s)
{
	irc_out_add(o, s, strlen(s));
}

/* Whether s is usable as a parameter (no NUL can occur in a C string). */
bool
irc_param_safe(const char *s)
{
	return strpbrk(s, "\r\n") == NULL;
}

/* Why params cannot be formatted, or NULL when they can. */
static const char *
irc_fmt_check(const char *verb, int nparams, const char *const *params)
{
	int	i;

	if (verb == NULL || *verb == '\0' || strpbrk(verb, " \r\n:") != NULL)
		return "bad command";
	if (nparams < 0 || nparams > IRC_PARAMS_MAX)
		return "too many parameters";
	for (i = 0; i < nparams; i++) {
		if (!irc_param_safe(params[i]))
			return "CR or LF in parameter";
		if (i == nparams - 1)
			break;
		if (!irc_param_middle(params[i]))
			return "middle parameter needs a colon";
	}
	return NULL;
}

bool
irc_param_middle(const char *s)
{
	return s[0] != '\0' && s[0] != ':' && strchr(s, ' ') == NULL;
}

/* "@tags " when there are tags; why it cannot be done, or NULL. */
static const char *
irc_fmt_tags(struct irc_out *o, const char *tags)
{
	if (tags == NULL || *tags == '\0')
		return NULL;
	irc_out_add(o, "@", 1);
	irc_out_str(o, tags);
	irc_out_add(o, " ", 1);
	return o->len > IRC_TAGS_MAX ? "tags too long" : NULL;
}

/* The last parameter, cut at a character boundary if it must and may be,
 * so that the body (from offset body) keeps within IRC_LINE_MAX - 2. */
static const char *
irc_fmt_last(struct irc_out *o, size_t body, int flags, const char *last)
{
	size_t	room = IRC_LINE_MAX - 2, len = strlen(last), used;
	bool	colon = !irc_param_middle(last);

	irc_out_add(o, " :", colon ? 2 : 1);	/* " :" or just " " */
	used = o->len - body;
	if (used + len > room) {
		if (!(flags & IRC_FMT_TRUNCATE) || used >= room)
			return "line too long";
		len = utf8_boundary(last, len, room - used);
	}
	irc_out_add(o, last, len);
	return NULL;
}

/* "[:source ]VERB params"; why it cannot be done, or NULL. */
static const char *
irc_fmt_body(struct irc_out *o, int flags, const char *source,
    const char *verb, int nparams, const char *const *params)
{
	size_t	body = o->len;
	int	i;

	if (source != NULL && *source != '\0') {
		irc_out_add(o, ":", 1);
		irc_out_str(o, source);
		irc_out_add(o, " ", 1);
	}
	irc_out_str(o, verb);
	for (i = 0; i < nparams - 1; i++) {
		irc_out_add(o, " ", 1);
		irc_out_str(o, params[i]);
	}
	if (nparams > 0 &&
	    irc_fmt_last(o, body, flags, params[nparams - 1]) != NULL)
		return "line too long";
	return o->len - body > IRC_LINE_MAX - 2 ? "line too long" : NULL;
}

/* Format a line; see irc_fmt.h. */
int
irc_fmt(char *buf, size_t size, int flags, const char *tags,
    const char *source, const char *verb, int nparams,
    const char *const *params, const char **cause)
{
	struct irc_out	 o = { buf, size, 0, false };
	const char	*why;

	if ((why = irc_fmt_check(verb, nparams, params)) != NULL ||
	    (why = irc_fmt_tags(&o, tags)) != NULL ||
	    (why = irc_fmt_body(&o, flags, source, verb, nparams, params)) !=
	    NULL)
		goto fail;
	if (!(flags & IRC_FMT_NO_CRLF))
		irc_out_add(&o, "\r\n", 2);
	if (o.overflow) {
		why = "buffer too small";
		goto fail;
	}
	buf[o.len] = '\0';
	return (int)o.len;

fail:
	if (cause != NULL)
		*cause = why;
	if (size > 0)
		buf[0] = '\0';
	return -1;
}

/* irc_fmt with a NULL-terminated argument list of parameters. */
int
irc_fmtl(char *buf, size_t size, int flags, const char *tags,
    const char *source, const char *verb, ...)
{
	const char	*params[IRC_PARAMS_MAX + 1];
	const char	*p;
	va_list		 ap;
	int		 n = 0;

	va_start(ap, verb);
	while ((p = va_arg(ap, const char *)) != NULL) {
		if (n == IRC_PARAMS_MAX + 1)
			break;
		params[n++] = p;
	}
	va_end(ap);
	return irc_fmt(buf, size, flags, tags, source, verb, n, params, NULL);
}

/* Longest prefix of at most max bytes that ends on a character boundary,
 * ending after a space if there is one in the last quarter. */
size_t
irc_text_split(const char *text, size_t len, size_t max)
{
	size_t	cut, i;

	if (len <= max)
		return len;
	cut = utf8_boundary(text, len, max);
	for (i = cut; i > max - max / 4 && i > 0; i--) {
		if (text[i - 1] == ' ')
			return i;
	}
	return cut == 0 ? max : cut;
}
