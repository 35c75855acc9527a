/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Fuzz irc_msg_parse() and the irc_fmt() round trip: a parsed line, formatted
 * again, must parse back to the same fields. */

#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "irc_case.h"
#include "irc_fmt.h"
#include "irc_msg.h"
#include "irc_tags.h"
#include "utf8.h"
#include "xmalloc.h"

static void	fuzz_fields(const struct irc_msg *, const char *, size_t);
static size_t	fuzz_fmt_len(const struct irc_msg *);
static void	fuzz_round_trip(const struct irc_msg *);
static void	fuzz_same(const struct irc_msg *, const struct irc_msg *);
static bool	fuzz_streq(const char *, const char *);

/* Whether two optional strings are both absent or equal. */
static bool
fuzz_streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (strcmp(a, b) == 0);
}

/* Every field lies inside the parsed line and holds no framing bytes. */
static void
fuzz_fields(const struct irc_msg *m, const char *line, size_t len)
{
	int	i;

	FUZZ_CHECK(m->verb != NULL && *m->verb != '\0');
	FUZZ_CHECK(m->verb >= line && m->verb < line + len);
	FUZZ_CHECK(m->nparams >= 0 && m->nparams <= IRC_PARAMS_MAX);
	FUZZ_CHECK(m->source == NULL ||
	    (m->source >= line && m->source <= line + len));
	FUZZ_CHECK(m->tags == NULL ||
	    (m->tags >= line && m->tags <= line + len));
	for (i = 0; i < m->nparams; i++) {
		FUZZ_CHECK(m->params[i] >= line && m->params[i] <= line + len);
		FUZZ_CHECK(irc_param_safe(m->params[i]));
		/* Only the last parameter may be empty or contain a space. */
		if (i < m->nparams - 1)
			FUZZ_CHECK(*m->params[i] != '\0' &&
			    *m->params[i] != ':' &&
			    strchr(m->params[i], ' ') == NULL);
	}
	FUZZ_CHECK(*irc_msg_last(m) == '\0' || m->nparams > 0);
}

/* The length irc_fmt needs for m after the tags, CRLF included. */
static size_t
fuzz_fmt_len(const struct irc_msg *m)
{
	const char	*last;
	size_t		 n;
	int		 i;

	n = strlen(m->verb) + 2;
	if (m->source != NULL)
		n += strlen(m->source) + 2;
	for (i = 0; i < m->nparams; i++)
		n += strlen(m->params[i]) + 1;
	if (m->nparams > 0) {
		last = m->params[m->nparams - 1];
		if (*last == '\0' || *last == ':' || strchr(last, ' ') != NULL)
			n++;
	}
	return (n);
}

/* Both parses give the same tags, source, verb and parameters. */
static void
fuzz_same(const struct irc_msg *a, const struct irc_msg *b)
{
	int	i;

	FUZZ_CHECK(fuzz_streq(a->tags, b->tags));
	FUZZ_CHECK(fuzz_streq(a->source, b->source));
	FUZZ_CHECK(strcmp(a->verb, b->verb) == 0);
	FUZZ_CHECK(a->nparams == b->nparams);
	for (i = 0; i < a->nparams; i++)
		FUZZ_CHECK(strcmp(a->params[i], b->params[i]) == 0);
}

/* Format m and parse the result: the fields must survive unchanged. */
static void
fuzz_round_trip(const struct irc_msg *m)
{
	char		 buf[IRC_FRAME_MAX + 8];
	struct irc_msg	 again;
	const char	*cause = NULL;
	int		 n;

	n = irc_fmt(buf, sizeof buf, 0, m->tags, m->source, m->verb,
	    m->nparams, m->params, &cause);
	if (n == -1) {
		/* Refusing is right only when the line would not fit. */
		FUZZ_CHECK(cause != NULL);
		FUZZ_CHECK(fuzz_fmt_len(m) > IRC_LINE_MAX);
		return;
	}
	FUZZ_CHECK(n >= 2 && (size_t)n < sizeof buf);
	FUZZ_CHECK(buf[n - 2] == '\r' && buf[n - 1] == '\n');
	FUZZ_CHECK(memchr(buf, '\n', (size_t)n - 1) == NULL);
	FUZZ_CHECK(irc_msg_parse(&again, buf, (size_t)n - 2) == IRC_PARSE_OK);
	fuzz_same(m, &again);
}

/* Exercise the helpers a handler calls on a parsed message. */
static void
fuzz_helpers(const struct irc_msg *m)
{
	char	nick[64], fold[IRC_LINE_MAX + 1], value[IRC_TAGS_MAX + 1];
	size_t	len;

	if (m->source != NULL)
		FUZZ_CHECK(strlen(irc_source_nick(m->source, nick,
		    sizeof nick)) < sizeof nick);
	if (m->tags != NULL) {
		(void)irc_tags_valid(m->tags);
		(void)irc_tags_get(m->tags, "time", value, sizeof value);
		FUZZ_CHECK(irc_tags_client_only(m->tags, value,
		    sizeof value) >= -1);
	}
	FUZZ_CHECK(irc_msg_numeric(m) >= -1 && irc_msg_numeric(m) <= 999);
	if (m->nparams == 0)
		return;
	len = strlen(m->params[0]);
	irc_casefold(IRC_CASE_RFC1459, fold, m->params[0], sizeof fold);
	FUZZ_CHECK(strlen(fold) == len || len >= sizeof fold);
	if (irc_nick_valid(m->params[0], IRC_NICK_MAX))
		FUZZ_CHECK(len <= IRC_NICK_MAX);
	if (irc_room_valid(m->params[0], IRC_ROOM_MAX))
		FUZZ_CHECK(len <= IRC_ROOM_MAX && irc_is_room(m->params[0]) &&
		    utf8_valid(m->params[0], len));
	len = strlen(irc_msg_last(m));
	if (len >= 4)
		FUZZ_CHECK(irc_text_split(irc_msg_last(m), len, 4 + len / 2) <=
		    4 + len / 2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct irc_msg	 m;
	char		*line;

	if (size > IRC_FRAME_MAX + 16)
		return (0);
	/* Exactly size + 1 bytes, so ASan sees any read past the line. */
	line = xmalloc(size + 1);
	memcpy(line, data, size);
	if (irc_msg_parse(&m, line, size) == IRC_PARSE_OK) {
		fuzz_fields(&m, line, size);
		fuzz_helpers(&m);
		fuzz_round_trip(&m);
	}
	free(line);
	return (0);
}
