/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The line formatter and the message splitter. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "irc_fmt.h"
#include "irc_msg.h"
#include "utf8.h"

static void
test_basic(void **state)
{
	char	buf[1024];

	assert_int_equal(irc_fmtl(buf, sizeof buf, 0, NULL, "n!u@h", "PRIVMSG",
	    "#r", "hello world", NULL), 32);
	assert_string_equal(buf, ":n!u@h PRIVMSG #r :hello world\r\n");
	assert_int_equal(irc_fmtl(buf, sizeof buf, 0, NULL, NULL, "JOIN", "#r",
	    NULL), 9);
	assert_string_equal(buf, "JOIN #r\r\n");
	irc_fmtl(buf, sizeof buf, 0, NULL, NULL, "TOPIC", "#r", "", NULL);
	assert_string_equal(buf, "TOPIC #r :\r\n");
	irc_fmtl(buf, sizeof buf, 0, NULL, NULL, "PRIVMSG", "#r", ":)", NULL);
	assert_string_equal(buf, "PRIVMSG #r ::)\r\n");
	irc_fmtl(buf, sizeof buf, IRC_FMT_NO_CRLF, "time=x", "s", "PING", "a",
	    NULL);
	assert_string_equal(buf, "@time=x :s PING a");
}

static void
test_refuses_injection(void **state)
{
	char		 buf[1024];
	const char	*cause = NULL;
	const char	*p1[] = { "#r", "hi\r\nQUIT :pwned" };
	const char	*p2[] = { "#a b", "x" };
	const char	*p3[] = { "", "x" };

	assert_int_equal(irc_fmt(buf, sizeof buf, 0, NULL, NULL, "PRIVMSG", 2,
	    p1, &cause), -1);
	assert_string_equal(cause, "CR or LF in parameter");
	assert_string_equal(buf, "");
	assert_int_equal(irc_fmt(buf, sizeof buf, 0, NULL, NULL, "PRIVMSG", 2,
	    p2, &cause), -1);
	assert_int_equal(irc_fmt(buf, sizeof buf, 0, NULL, NULL, "PRIVMSG", 2,
	    p3, &cause), -1);
	assert_int_equal(irc_fmt(buf, sizeof buf, 0, NULL, NULL, "PRIV MSG", 0,
	    NULL, &cause), -1);
	assert_false(irc_param_safe("a\nb"));
	assert_true(irc_param_safe("a b"));
	assert_true(irc_param_middle("#a"));
	assert_true(irc_param_middle("a:b"));
	assert_false(irc_param_middle(""));
	assert_false(irc_param_middle(":a"));
	assert_false(irc_param_middle("a b"));
}

static void
test_length_and_truncation(void **state)
{
	char		 buf[2048], text[600];
	const char	*cause;
	const char	*p[] = { "#r", text };
	int		 n;

	/* "PRIVMSG #r " is 11 bytes (no space in the text, so no ':');
	 * 499 of text + CRLF = 512. */
	memset(text, 'a', 499);
	text[499] = '\0';
	assert_int_equal(irc_fmt(buf, sizeof buf, 0, NULL, NULL, "PRIVMSG", 2,
	    p, &cause), 512);
	text[499] = 'a';
	text[500] = '\0';
	assert_int_equal(irc_fmt(buf, sizeof buf, 0, NULL, NULL, "PRIVMSG", 2,
	    p, &cause), -1);
	assert_string_equal(cause, "line too long");
	/* Truncation never splits a character: 2-byte chars, odd room. */
	memset(text, 0, sizeof text);
	for (n = 0; n < 290; n++)
		memcpy(text + 2 * n, "\xc3\xa9", 2);
	p[0] = "#rr";
	n = irc_fmt(buf, sizeof buf, IRC_FMT_TRUNCATE, NULL, NULL, "PRIVMSG",
	    2, p, &cause);
	assert_true(n > 0 && n <= 512);
	assert_true(utf8_valid(buf, (size_t)n - 2));
	/* A too-small buffer is an error, not an overflow. */
	assert_int_equal(irc_fmtl(buf, 8, 0, NULL, NULL, "PRIVMSG", "#r", "x",
	    NULL), -1);
}

static void
test_roundtrip(void **state)
{
	char		 buf[1024];
	struct irc_msg	 m;
	int		 n;

	n = irc_fmtl(buf, sizeof buf, IRC_FMT_NO_CRLF, "+a=b", "srv", "NOTICE",
	    "*", ":: spaced :", NULL);
	assert_true(n > 0);
	assert_int_equal(irc_msg_parse(&m, buf, (size_t)n), IRC_PARSE_OK);
	assert_string_equal(m.tags, "+a=b");
	assert_string_equal(m.source, "srv");
	assert_string_equal(m.params[0], "*");
	assert_string_equal(m.params[1], ":: spaced :");
}

static void
test_split(void **state)
{
	const char	*ascii = "hello brave new world";
	const char	*cjk = "\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xb8\x96\xe7\x95\x8c";
	size_t		 n;

	assert_int_equal(irc_text_split(ascii, strlen(ascii), 100),
	    strlen(ascii));
	/* Prefers the space inside the last quarter. */
	n = irc_text_split(ascii, strlen(ascii), 16);
	assert_int_equal(n, 16);	/* "hello brave new " */
	assert_memory_equal(ascii, "hello brave new ", n);
	/* Never cuts inside a 3-byte character. */
	for (size_t max = 4; max < 12; max++) {
		n = irc_text_split(cjk, strlen(cjk), max);
		assert_int_equal(n % 3, 0);
		assert_true(n <= max);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_refuses_injection),
		cmocka_unit_test(test_length_and_truncation),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
