/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The IRC line parser: the grammar, and hostile input it must refuse. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "irc_msg.h"

/* Parse a copy of s in a heap buffer of exactly len + 1 bytes, so that ASan
 * catches any read or write past the end. The copy is kept in *keep. */
static enum irc_parse_error
parse(struct irc_msg *m, const char *s, size_t len, char **keep)
{
	char	*line = malloc(len + 1);

	assert_non_null(line);
	memcpy(line, s, len);
	line[len] = 'X';	/* must be overwritten, never read as data */
	*keep = line;
	return irc_msg_parse(m, line, len);
}

#define PARSE(m, lit, keep) parse(m, lit, sizeof(lit) - 1, keep)

static void
test_full_line(void **state)
{
	struct irc_msg	 m;
	char		*l;

	assert_int_equal(PARSE(&m,
	    "@time=2026-01-01T00:00:00.000Z;+x :nick!u@h privmsg #room :hi there",
	    &l), IRC_PARSE_OK);
	assert_string_equal(m.tags, "time=2026-01-01T00:00:00.000Z;+x");
	assert_string_equal(m.source, "nick!u@h");
	assert_string_equal(m.verb, "PRIVMSG");
	assert_int_equal(m.nparams, 2);
	assert_string_equal(m.params[0], "#room");
	assert_string_equal(m.params[1], "hi there");
	assert_true(m.trailing);
	free(l);
}

static void
test_no_params_and_middle_only(void **state)
{
	struct irc_msg	 m;
	char		*l;

	assert_int_equal(PARSE(&m, "QUIT", &l), IRC_PARSE_OK);
	assert_string_equal(m.verb, "QUIT");
	assert_int_equal(m.nparams, 0);
	assert_string_equal(irc_msg_last(&m), "");
	free(l);
	assert_int_equal(PARSE(&m, "JOIN   #a,#b   key1,key2  ", &l),
	    IRC_PARSE_OK);
	assert_int_equal(m.nparams, 2);
	assert_string_equal(m.params[0], "#a,#b");
	assert_string_equal(m.params[1], "key1,key2");
	assert_false(m.trailing);
	free(l);
}

static void
test_empty_trailing_and_colons(void **state)
{
	struct irc_msg	 m;
	char		*l;

	assert_int_equal(PARSE(&m, "TOPIC #r :", &l), IRC_PARSE_OK);
	assert_int_equal(m.nparams, 2);
	assert_string_equal(m.params[1], "");
	assert_true(m.trailing);
	free(l);
	assert_int_equal(PARSE(&m, "PRIVMSG #r ::-) a:b", &l), IRC_PARSE_OK);
	assert_string_equal(m.params[1], ":-) a:b");
	free(l);
	assert_int_equal(PARSE(&m, "PRIVMSG #r a:b", &l), IRC_PARSE_OK);
	assert_string_equal(m.params[1], "a:b");
	free(l);
}

static void
test_numeric(void **state)
{
	struct irc_msg	 m;
	char		*l;

	assert_int_equal(PARSE(&m, ":srv 001 me :Welcome", &l), IRC_PARSE_OK);
	assert_int_equal(irc_msg_numeric(&m), 1);
	free(l);
	assert_int_equal(PARSE(&m, ":srv 4333 me", &l), IRC_PARSE_BAD_VERB);
	free(l);
	assert_int_equal(PARSE(&m, ":srv 12 me", &l), IRC_PARSE_BAD_VERB);
	free(l);
	assert_int_equal(PARSE(&m, "PRIV1MSG x", &l), IRC_PARSE_BAD_VERB);
	free(l);
	assert_int_equal(PARSE(&m, "ping x", &l), IRC_PARSE_OK);
	assert_int_equal(irc_msg_numeric(&m), -1);
	free(l);
}

static void
test_empty_lines(void **state)
{
	struct irc_msg	 m;
	char		*l;

	assert_int_equal(PARSE(&m, "", &l), IRC_PARSE_EMPTY);
	free(l);
	assert_int_equal(PARSE(&m, "     ", &l), IRC_PARSE_EMPTY);
	free(l);
}

static void
test_bare_cr_lf_nul(void **state)
{
	struct irc_msg	 m;
	char		*l;

	assert_int_equal(PARSE(&m, "PRIVMSG #a :x\ry", &l), IRC_PARSE_CRLF);
	free(l);
	assert_int_equal(PARSE(&m, "PRIVMSG #a :x\ny", &l), IRC_PARSE_CRLF);
	free(l);
	assert_int_equal(PARSE(&m, "\r", &l), IRC_PARSE_CRLF);
	free(l);
	assert_int_equal(PARSE(&m, "PRIVMSG #a :x\0QUIT", &l), IRC_PARSE_NUL);
	free(l);
	assert_int_equal(PARSE(&m, "\0", &l), IRC_PARSE_NUL);
	free(l);
}

static void
test_length_limit(void **state)
{
	struct irc_msg	 m;
	char		 buf[2048], *l;
	size_t		 n;

	/* 510 bytes + CRLF = 512: the most a line may have. */
	memset(buf, 'a', sizeof buf);
	memcpy(buf, "PRIVMSG #r :", 12);
	assert_int_equal(parse(&m, buf, 510, &l), IRC_PARSE_OK);
	assert_int_equal(strlen(m.params[1]), 510 - 12);
	free(l);
	assert_int_equal(parse(&m, buf, 511, &l), IRC_PARSE_TOO_LONG);
	free(l);
	assert_int_equal(parse(&m, buf, 2048, &l), IRC_PARSE_TOO_LONG);
	free(l);
	/* Tags do not count against the 512 bytes. */
	n = 0;
	buf[n++] = '@';
	memset(buf + n, 'k', 1000);
	n += 1000;
	buf[n++] = ' ';
	memcpy(buf + n, "PRIVMSG #r :", 12);
	memset(buf + n + 12, 'b', 510 - 12);
	assert_int_equal(parse(&m, buf, n + 510, &l), IRC_PARSE_OK);
	free(l);
}

static void
test_too_many_params(void **state)
{
	struct irc_msg	 m;
	char		*l;

	assert_int_equal(PARSE(&m, "X 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15",
	    &l), IRC_PARSE_OK);
	assert_int_equal(m.nparams, 15);
	assert_string_equal(m.params[14], "15");
	free(l);
	assert_int_equal(PARSE(&m, "X 1 2 3 4 5 6 7 8 9 10 11 12 13 14 :15 x",
	    &l), IRC_PARSE_OK);
	assert_string_equal(m.params[14], "15 x");
	free(l);
	assert_int_equal(PARSE(&m, "X 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16",
	    &l), IRC_PARSE_TOO_MANY_PARAMS);
	free(l);
	assert_int_equal(PARSE(&m, "X 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 :16",
	    &l), IRC_PARSE_TOO_MANY_PARAMS);
	free(l);
}

static void
test_tags(void **state)
{
	struct irc_msg	 m;
	char		*l;

	assert_int_equal(PARSE(&m, "@a;b=;c=d TAGMSG #r", &l), IRC_PARSE_OK);
	assert_string_equal(m.tags, "a;b=;c=d");
	assert_string_equal(m.verb, "TAGMSG");
	free(l);
	assert_int_equal(PARSE(&m, "@ PRIVMSG #r :x", &l), IRC_PARSE_BAD_TAGS);
	free(l);
	assert_int_equal(PARSE(&m, "@a=b", &l), IRC_PARSE_NO_VERB);
	free(l);
	/* Malformed tags are kept raw, and the message with them. */
	assert_int_equal(PARSE(&m, "@=b PING x", &l), IRC_PARSE_OK);
	assert_string_equal(m.tags, "=b");
	assert_string_equal(m.params[0], "x");
	free(l);
	assert_int_equal(PARSE(&m, "@a!b=c PING x", &l), IRC_PARSE_OK);
	free(l);
	assert_int_equal(PARSE(&m, "@a=\xff\xfe PING x", &l), IRC_PARSE_OK);
	free(l);
}

static void
test_tags_too_long(void **state)
{
	struct irc_msg	 m;
	char		*buf, *l;
	size_t		 n = IRC_TAGS_MAX + 100;

	buf = malloc(n);
	assert_non_null(buf);
	memset(buf, 'k', n);
	buf[0] = '@';
	memcpy(buf + n - 6, " PING", 5);
	buf[n - 1] = 'x';
	assert_int_equal(parse(&m, buf, n, &l), IRC_PARSE_TAGS_TOO_LONG);
	free(l);
	free(buf);
}

static void
test_source(void **state)
{
	struct irc_msg	 m;
	char		*l, nick[8];

	assert_int_equal(PARSE(&m, ":", &l), IRC_PARSE_BAD_SOURCE);
	free(l);
	assert_int_equal(PARSE(&m, ": PRIVMSG #a :x", &l),
	    IRC_PARSE_BAD_SOURCE);
	free(l);
	assert_int_equal(PARSE(&m, ":nick", &l), IRC_PARSE_NO_VERB);
	free(l);
	assert_int_equal(PARSE(&m, ":nick   ", &l), IRC_PARSE_NO_VERB);
	free(l);
	assert_string_equal(irc_source_nick("alice!a@h", nick, sizeof nick),
	    "alice");
	assert_string_equal(irc_source_nick("irc.example", nick, sizeof nick),
	    "irc.exa");
	assert_string_equal(irc_source_nick(NULL, nick, sizeof nick), "");
}

static void
test_lone_colon_param_and_invalid_utf8(void **state)
{
	struct irc_msg	 m;
	char		*l;

	/* Parameters are bytes: invalid UTF-8 passes the parser; the
	 * receivers' sanitiser deals with display. */
	assert_int_equal(PARSE(&m, "PRIVMSG #r :\xc3\x28 \xff", &l),
	    IRC_PARSE_OK);
	assert_string_equal(m.params[1], "\xc3\x28 \xff");
	free(l);
	assert_int_equal(PARSE(&m, "NICK :", &l), IRC_PARSE_OK);
	assert_int_equal(m.nparams, 1);
	assert_string_equal(m.params[0], "");
	free(l);
	assert_string_equal(irc_parse_strerror(IRC_PARSE_TOO_LONG),
	    "line too long");
	assert_string_equal(irc_parse_strerror(99), "unknown error");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_line),
		cmocka_unit_test(test_no_params_and_middle_only),
		cmocka_unit_test(test_empty_trailing_and_colons),
		cmocka_unit_test(test_numeric),
		cmocka_unit_test(test_empty_lines),
		cmocka_unit_test(test_bare_cr_lf_nul),
		cmocka_unit_test(test_length_limit),
		cmocka_unit_test(test_too_many_params),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_tags_too_long),
		cmocka_unit_test(test_source),
		cmocka_unit_test(test_lone_colon_param_and_invalid_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
