/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Parse one IRC line in place: "[@tags ][:source ]VERB [params] [:last]".
 * The parse only writes NULs into the line and upper-cases the verb; it
 * never allocates and never looks past the length it was given. */

#include <string.h>

#include "irc_msg.h"

static const char *const irc_parse_errors[] = {
	[IRC_PARSE_OK] = "ok",
	[IRC_PARSE_EMPTY] = "empty line",
	[IRC_PARSE_TOO_LONG] = "line too long",
	[IRC_PARSE_TAGS_TOO_LONG] = "tags too long",
	[IRC_PARSE_NUL] = "NUL byte in line",
	[IRC_PARSE_CRLF] = "CR or LF inside line",
	[IRC_PARSE_BAD_TAGS] = "malformed tags",
	[IRC_PARSE_BAD_SOURCE] = "malformed source",
	[IRC_PARSE_NO_VERB] = "no command",
	[IRC_PARSE_BAD_VERB] = "malformed command",
	[IRC_PARSE_TOO_MANY_PARAMS] = "too many parameters",
};

/* The reason for a parse error, as text. */
const char *
irc_parse_strerror(enum irc_parse_error e)
{
	if ((size_t)e >= sizeof irc_parse_errors / sizeof irc_parse_errors[0])
		return "unknown error";
	return irc_parse_errors[e];
}

/* Index of the first space at or after i, or len. */
static size_t
irc_skip_word(const char *line, size_t i, size_t len)
{
	while (i < len && line[i] != ' ')
		i++;
	return i;
}

/* Index of the first non-space at or after i, or len. */
static size_t
irc_skip_spaces(const char *line, size_t i, size_t len)
{
	while (i < len && line[i] == ' ')
		i++;
	return i;
}

/* Reject NUL, CR and LF anywhere in the line. */
static enum irc_parse_error
irc_check_bytes(const char *line, size_t len)
{
	if (memchr(line, '\0', len) != NULL)
		return IRC_PARSE_NUL;
	if (memchr(line, '\r', len) != NULL || memchr(line, '\n', len) != NULL)
		return IRC_PARSE_CRLF;
	return IRC_PARSE_OK;
}

/* Take "@tags " at *i if present. */
static enum irc_parse_error
irc_parse_tags(struct irc_msg *m, char *line, size_t len, size_t *i)
{
	size_t	end;

	if (line[*i] != '@')
		return IRC_PARSE_OK;
	end = irc_skip_word(line, *i, len);
	if (end + 1 > IRC_TAGS_MAX)
		return IRC_PARSE_TAGS_TOO_LONG;
	if (end == *i + 1)
		return IRC_PARSE_BAD_TAGS;
	if (end == len)
		return IRC_PARSE_NO_VERB;
	line[end] = '\0';
	/* Malformed tags do not cost the message (IRCv3 message-tags): tag
	 * readers skip what they cannot use, and relaying keeps only valid
	 * client tags (irc_tags_client_only). */
	m->tags = line + *i + 1;
	*i = irc_skip_spaces(line, end + 1, len);
	return IRC_PARSE_OK;
}

/* Take ":source " at *i if present. */
static enum irc_parse_error
irc_parse_source(struct irc_msg *m, char *line, size_t len, size_t *i)
{
	size_t	end;

	if (line[*i] != ':')
		return IRC_PARSE_OK;
	end = irc_skip_word(line, *i, len);
	if (end == *i + 1)
		return IRC_PARSE_BAD_SOURCE;
	if (end == len)
		return IRC_PARSE_NO_VERB;
	line[end] = '\0';
	m->source = line + *i + 1;
	*i = irc_skip_spaces(line, end + 1, len);
	return IRC_PARSE_OK;
}

/* Take the command: letters, or exactly three digits; upper-case it. */
static enum irc_parse_error
irc_parse_verb(struct irc_msg *m, char *line, size_t len, size_t *i)
{
	size_t	end, j;
	bool	digits;

	if (*i == len)
		return IRC_PARSE_NO_VERB;
	end = irc_skip_word(line, *i, len);
	digits = line[*i] >= '0' && line[*i] <= '9';
	for (j = *i; j < end; j++) {
		char	c = line[j];

		if (digits ? !(c >= '0' && c <= '9') :
		    !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
			return IRC_PARSE_BAD_VERB;
		if (c >= 'a' && c <= 'z')
			line[j] = c - ('a' - 'A');
	}
	if (digits && end - *i != 3)
		return IRC_PARSE_BAD_VERB;
	m->verb = line + *i;
	if (end < len)
		line[end++] = '\0';
	*i = end;
	return IRC_PARSE_OK;
}

/* Take the parameters; a ':' starts the last one, which may hold spaces. */
static enum irc_parse_error
irc_parse_params(struct irc_msg *m, char *line, size_t len, size_t i)
{
	size_t	end;

	for (;;) {
		i = irc_skip_spaces(line, i, len);
		if (i == len)
			return IRC_PARSE_OK;
		if (m->nparams == IRC_PARAMS_MAX)
			return IRC_PARSE_TOO_MANY_PARAMS;
		if (line[i] == ':') {
			m->params[m->nparams++] = line + i + 1;
			m->trailing = true;
			return IRC_PARSE_OK;
		}
		end = irc_skip_word(line, i, len);
		m->params[m->nparams++] = line + i;
		if (end == len)
			return IRC_PARSE_OK;
		line[end] = '\0';
		i = end + 1;
	}
}

/* Parse len bytes of line in place; see irc_msg.h. */
enum irc_parse_error
irc_msg_parse(struct irc_msg *m, char *line, size_t len)
{
	enum irc_parse_error	e;
	size_t			i;

	memset(m, 0, sizeof *m);
	if ((e = irc_check_bytes(line, len)) != IRC_PARSE_OK)
		return e;
	line[len] = '\0';
	i = irc_skip_spaces(line, 0, len);
	if (i == len)
		return IRC_PARSE_EMPTY;
	if ((e = irc_parse_tags(m, line, len, &i)) != IRC_PARSE_OK)
		return e;
	if (len - i + 2 > IRC_LINE_MAX)
		return IRC_PARSE_TOO_LONG;
	if ((e = irc_parse_source(m, line, len, &i)) != IRC_PARSE_OK)
		return e;
	if ((e = irc_parse_verb(m, line, len, &i)) != IRC_PARSE_OK)
		return e;
	return irc_parse_params(m, line, len, i);
}

/* The last parameter or "". */
const char *
irc_msg_last(const struct irc_msg *m)
{
	return m->nparams == 0 ? "" : m->params[m->nparams - 1];
}

/* The verb as a numeric, or -1. */
int
irc_msg_numeric(const struct irc_msg *m)
{
	const char	*v = m->verb;

	if (v == NULL || !(v[0] >= '0' && v[0] <= '9'))
		return -1;
	return (v[0] - '0') * 100 + (v[1] - '0') * 10 + (v[2] - '0');
}

/* Copy the nick part of "nick!user@host" into buf. */
char *
irc_source_nick(const char *source, char *buf, size_t size)
{
	size_t	n;

	if (size == 0)
		return buf;
	if (source == NULL)
		source = "";
	n = strcspn(source, "!@");
	if (n >= size)
		n = size - 1;
	memcpy(buf, source, n);
	buf[n] = '\0';
	return buf;
}
