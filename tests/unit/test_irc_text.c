/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Case mapping, name validity, tags, server-time and strict UTF-8. */

#include <sys/time.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "irc_case.h"
#include "irc_numeric.h"
#include "irc_tags.h"
#include "utf8.h"

/* The order irc_casecmp gives, worked out plainly: fold both whole, then
 * compare. */
static int
casecmp_plain(enum irc_casemap map, const char *a, const char *b)
{
	char	fa[16], fb[16];

	irc_casefold(map, fa, a, sizeof fa);
	irc_casefold(map, fb, b, sizeof fb);
	return strcmp(fa, fb);
}

/* Every pair of short names over letters that fold and letters that do
 * not, in each mapping: the same order (sign) as folding first. Sorting
 * the nick list depends on the sign, not only on equality. */
static void
test_casecmp_order(void **state)
{
	static const char	alpha[] = "aA[{\\|~^z";
	static const enum irc_casemap maps[] = { IRC_CASE_RFC1459,
				    IRC_CASE_STRICT_RFC1459, IRC_CASE_ASCII };
	char			names[1 + 10 + 100 + 1000][4];
	size_t			n = 0, i, k, m;
	int			got, want;

	names[n++][0] = '\0';
	for (i = 0; i < 10; i++, n++)
		snprintf(names[n], sizeof names[n], "%c", alpha[i]);
	for (i = 0; i < 100; i++, n++)
		snprintf(names[n], sizeof names[n], "%c%c", alpha[i / 10],
		    alpha[i % 10]);
	for (i = 0; i < 1000; i++, n++)
		snprintf(names[n], sizeof names[n], "%c%c%c",
		    alpha[i / 100], alpha[i / 10 % 10], alpha[i % 10]);
	for (m = 0; m < sizeof maps / sizeof maps[0]; m++) {
		for (i = 0; i < n; i += 7) {
			for (k = 0; k < n; k++) {
				got = irc_casecmp(maps[m], names[i], names[k]);
				want = casecmp_plain(maps[m], names[i],
				    names[k]);
				assert_true((got < 0) == (want < 0) &&
				    (got > 0) == (want > 0));
			}
		}
	}
}

static void
test_casemapping(void **state)
{
	char	buf[32];

	assert_int_equal(irc_casecmp(IRC_CASE_RFC1459, "Nick[a]~", "nick{A}^"),
	    0);
	assert_int_not_equal(irc_casecmp(IRC_CASE_ASCII, "Nick[a]", "nick{a}"),
	    0);
	assert_int_not_equal(irc_casecmp(IRC_CASE_STRICT_RFC1459, "a~", "a^"),
	    0);
	assert_int_equal(irc_casecmp(IRC_CASE_STRICT_RFC1459, "A\\", "a|"), 0);
	assert_string_equal(irc_casefold(IRC_CASE_RFC1459, buf, "#Room[1]",
	    sizeof buf), "#room{1}");
	assert_string_equal(irc_casefold(IRC_CASE_ASCII, buf, "ABCDEF", 4),
	    "abc");
	assert_int_equal(irc_casehash(IRC_CASE_RFC1459, "FOO[]"),
	    irc_casehash(IRC_CASE_RFC1459, "foo{}"));
	assert_int_equal(irc_casemap_from_name("ascii"), IRC_CASE_ASCII);
	assert_int_equal(irc_casemap_from_name("strict-rfc1459"),
	    IRC_CASE_STRICT_RFC1459);
	assert_int_equal(irc_casemap_from_name("bogus"), IRC_CASE_RFC1459);
	assert_string_equal(irc_casemap_name(IRC_CASE_RFC1459), "rfc1459");
}

static void
test_nick_valid(void **state)
{
	assert_true(irc_nick_valid("alice", 30));
	assert_true(irc_nick_valid("[x]_`^{|}-9", 30));
	assert_false(irc_nick_valid("", 30));
	assert_false(irc_nick_valid("9lives", 30));
	assert_false(irc_nick_valid("-dash", 30));
	assert_false(irc_nick_valid("a b", 30));
	assert_false(irc_nick_valid("a:b", 30));
	assert_false(irc_nick_valid("a\x1b", 30));
	assert_false(irc_nick_valid("\xc3\xa9t\xc3\xa9", 30));
	assert_true(irc_nick_valid("abcdefghijabcdefghijabcdefghij", 30));
	assert_false(irc_nick_valid("abcdefghijabcdefghijabcdefghijk", 30));
}

static void
test_room_valid(void **state)
{
	char	name[64];

	assert_true(irc_room_valid("#chat", 50));
	assert_true(irc_room_valid("&local", 50));
	assert_true(irc_room_valid("#\xe4\xbd\xa0\xe5\xa5\xbd", 50));
	assert_false(irc_room_valid("#", 50));
	assert_false(irc_room_valid("chat", 50));
	assert_false(irc_room_valid("#a b", 50));
	assert_false(irc_room_valid("#a,b", 50));
	assert_false(irc_room_valid("#a\x07", 50));
	assert_false(irc_room_valid("#a\xff", 50));
	memset(name, 'r', sizeof name);
	name[0] = '#';
	name[50] = '\0';
	assert_true(irc_room_valid(name, 50));
	name[50] = 'r';
	name[51] = '\0';
	assert_false(irc_room_valid(name, 50));
	assert_true(irc_is_room("#x"));
	assert_false(irc_is_room("x"));
}

static void
test_tags(void **state)
{
	char	buf[64];

	assert_true(irc_tags_get("a=1;+b;c=x\\sy\\:z\\\\", "c", buf,
	    sizeof buf));
	assert_string_equal(buf, "x y;z\\");
	assert_true(irc_tags_get("a=1;+b;c=2", "+b", buf, sizeof buf));
	assert_string_equal(buf, "");
	assert_false(irc_tags_get("a=1;ab=2", "b", buf, sizeof buf));
	assert_true(irc_tags_get("aa=1;a=2", "a", buf, sizeof buf));
	assert_string_equal(buf, "2");
	assert_false(irc_tags_get(NULL, "a", buf, sizeof buf));
	/* Truncates into small buffers. */
	assert_true(irc_tags_get("k=abcdef", "k", buf, 4));
	assert_string_equal(buf, "abc");
	assert_int_equal(irc_tags_escape("a b;c\\\r\n", buf, sizeof buf), 13);
	assert_string_equal(buf, "a\\sb\\:c\\\\\\r\\n");
	assert_int_equal(irc_tags_escape("abcdef", buf, 4), -1);
	assert_true(irc_tags_valid("a;b=;+example.com/c=d"));
	assert_false(irc_tags_valid(""));
	assert_false(irc_tags_valid("=x"));
	assert_false(irc_tags_valid("vendor/=x"));
	assert_int_equal(irc_tags_client_only("time=1;+a=b;msgid=3;+c", buf,
	    sizeof buf), 7);
	assert_string_equal(buf, "+a=b;+c");
	assert_int_equal(irc_tags_client_only("time=1", buf, sizeof buf), 0);
	/* Malformed client tags are not relayed. */
	assert_int_equal(irc_tags_client_only("+a!b=1;+ok=\xff;+c=d", buf,
	    sizeof buf), 4);
	assert_string_equal(buf, "+c=d");
}

static void
test_server_time(void **state)
{
	struct timeval	tv = { 1795395723, 456789 }, back;
	char		buf[IRC_TIME_LEN];

	irc_time_format(&tv, buf);
	assert_string_equal(buf, "2026-11-23T01:02:03.456Z");
	assert_int_equal(irc_time_parse(buf, &back), 0);
	assert_int_equal(back.tv_sec, tv.tv_sec);
	assert_int_equal(back.tv_usec, 456000);
	assert_int_equal(irc_time_parse("2026-11-23T01:02:03Z", &back), 0);
	assert_int_equal(irc_time_parse("2026-13-23T01:02:03Z", &back), -1);
	assert_int_equal(irc_time_parse("2026-11-23T01:02:03", &back), -1);
	assert_int_equal(irc_time_parse("garbage", &back), -1);
	assert_int_equal(irc_time_parse("2026-1-23T01:02:03.000Z", &back), -1);
	assert_int_equal(irc_time_parse("2026-11-23T01:02:0xZ", &back), -1);
	assert_int_equal(irc_time_parse("2026-11-23T01:02:03.5Zx", &back),
	    -1);
	/* Years before 1000 keep four digits, so they read back (found by
	 * the history fuzzer: strftime's %Y wrote "820-01-01..."). */
	assert_int_equal(irc_time_parse("0820-01-01T00:00:00Z", &back), 0);
	irc_time_format(&back, buf);
	assert_string_equal(buf, "0820-01-01T00:00:00.000Z");
	assert_int_equal(irc_time_parse("0000-01-01T00:00:00Z", &back), 0);
	irc_time_format(&back, buf);
	assert_string_equal(buf, "0000-01-01T00:00:00.000Z");
}

/* The hand-written digits say what printf's would, across the range
 * (years past 9999 keep printf's longer form). */
static void
test_server_time_digits(void **state)
{
	static const time_t	secs[] = { 0, 1, 59, 951782400, 1795395723,
				    -62167219200LL, 253402300799LL,
				    253402300800LL, 4102444799LL };
	static const long	usecs[] = { 0, 999, 1000, 456789, 999999 };
	struct timeval		tv;
	struct tm		tm;
	char			buf[IRC_TIME_LEN], want[96];
	size_t			i, k;
	time_t			t;

	for (i = 0; i < sizeof secs / sizeof secs[0]; i++) {
		for (k = 0; k < sizeof usecs / sizeof usecs[0]; k++) {
			tv.tv_sec = secs[i];
			tv.tv_usec = usecs[k];
			assert_non_null(gmtime_r(&secs[i], &tm));
			snprintf(want, sizeof want,
			    "%04d-%02d-%02dT%02d:%02d:%02d.%03uZ",
			    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			    tm.tm_hour, tm.tm_min, tm.tm_sec,
			    (unsigned int)(usecs[k] / 1000));
			irc_time_format(&tv, buf);
			assert_string_equal(buf, want);
		}
	}
	/* Every year from 0 to 9999, at a day and second that move on each
	 * step (13 days and 3607 s), against gmtime_r. */
	for (t = -62167219200LL; t <= 253402300799LL; t += 13 * 86400 + 3607) {
		tv.tv_sec = t;
		tv.tv_usec = 0;
		assert_non_null(gmtime_r(&t, &tm));
		snprintf(want, sizeof want,
		    "%04d-%02d-%02dT%02d:%02d:%02d.000Z", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
		    tm.tm_sec);
		irc_time_format(&tv, buf);
		assert_string_equal(buf, want);
	}
}

/* The date arithmetic agrees with timegm() across leap days and eras. */
static void
test_server_time_dates(void **state)
{
	static const int	dates[][3] = { { 1970, 1, 1 }, { 1969, 12, 31 },
				    { 1900, 3, 1 }, { 2000, 2, 29 },
				    { 2000, 3, 1 }, { 2024, 12, 31 },
				    { 2038, 1, 19 }, { 2100, 2, 28 },
				    { 2100, 3, 1 }, { 2400, 2, 29 } };
	struct timeval		back;
	struct tm		tm;
	char			buf[64];
	size_t			i;

	for (i = 0; i < sizeof dates / sizeof dates[0]; i++) {
		snprintf(buf, sizeof buf, "%04d-%02d-%02dT23:59:60.1Z",
		    dates[i][0], dates[i][1], dates[i][2]);
		memset(&tm, 0, sizeof tm);
		tm.tm_year = dates[i][0] - 1900;
		tm.tm_mon = dates[i][1] - 1;
		tm.tm_mday = dates[i][2];
		tm.tm_hour = 23;
		tm.tm_min = 59;
		tm.tm_sec = 60;
		assert_int_equal(irc_time_parse(buf, &back), 0);
		assert_int_equal(back.tv_sec, timegm(&tm));
		assert_int_equal(back.tv_usec, 100000);
	}
}

static void
test_utf8(void **state)
{
	uint32_t	cp;
	char		buf[4];

	assert_int_equal(utf8_decode("\xe4\xbd\xa0", 3, &cp), 3);
	assert_int_equal(cp, 0x4f60);
	assert_int_equal(utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1f600);
	assert_int_equal(utf8_decode("\xc0\xaf", 2, &cp), -1);	/* overlong */
	assert_int_equal(utf8_decode("\xed\xa0\x80", 3, &cp), -1); /* surrogate */
	assert_int_equal(utf8_decode("\xf4\x90\x80\x80", 4, &cp), -1);
	assert_int_equal(utf8_decode("\xe4\xbd", 2, &cp), -1);	/* truncated */
	assert_int_equal(utf8_decode("\x80", 1, &cp), -1);
	assert_true(utf8_valid("plain \xc3\xa9", 8));
	assert_false(utf8_valid("bad \xff", 5));
	assert_int_equal(utf8_encode(0x20ac, buf), 3);
	assert_memory_equal(buf, "\xe2\x82\xac", 3);
	assert_int_equal(utf8_encode(0xd800, buf), 0);
	assert_int_equal(utf8_boundary("a\xe4\xbd\xa0", 4, 2), 1);
	assert_int_equal(utf8_boundary("a\xe4\xbd\xa0", 4, 4), 4);
}

/* The word-at-a-time ASCII run stops where a byte loop would: every
 * byte value, at every place in a word and in the tail. */
static void
test_utf8_ascii_run(void **state)
{
	char	buf[40];
	size_t	at, want;
	int	b;

	memset(buf, 'a', sizeof buf);
	assert_int_equal(utf8_ascii_run(buf, sizeof buf), sizeof buf);
	assert_int_equal(utf8_ascii_run(buf, 0), 0);
	for (b = 0; b < 256; b++) {
		for (at = 0; at < 20; at++) {
			memset(buf, 'a', sizeof buf);
			buf[at] = (char)b;
			buf[at + 1] = b == ' ' ? '~' : '}';
			want = b >= 0x20 && b < 0x7f ? 20 : at;
			assert_int_equal(utf8_ascii_run(buf, 20), want);
		}
	}
	/* Neighbours that borrow or carry do not hide a bad byte. */
	assert_int_equal(utf8_ascii_run("\x20\x1f\x20\x20\x20\x20\x20\x20", 8),
	    1);
	assert_int_equal(utf8_ascii_run("~~~~~~~\x7f", 8), 7);
	assert_int_equal(utf8_ascii_run("\xff~~~~~~~", 8), 0);
	assert_false(utf8_valid("12345678\xff", 9));
	assert_true(utf8_valid("1234567\x01\x7f", 9));
}

static void
test_numerics(void **state)
{
	assert_string_equal(irc_numeric_text(ERR_NOSUCHNICK),
	    "No such nick/channel");
	assert_string_equal(irc_numeric_name(417), "ERR_INPUTTOOLONG");
	assert_null(irc_numeric_name(999));
	assert_string_equal(irc_numeric_text(999), "");
	assert_null(irc_numeric_name(0));
	assert_null(irc_numeric_name(-1));
	/* Every row is found by its code: the table is sorted (bsearch). */
#define NUMERIC_FOUND(code, name, text)					\
	assert_string_equal(irc_numeric_name(code), #name);		\
	assert_string_equal(irc_numeric_text(code), text);
	IRC_NUMERICS(NUMERIC_FOUND)
#undef NUMERIC_FOUND
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_casemapping),
		cmocka_unit_test(test_casecmp_order),
		cmocka_unit_test(test_nick_valid),
		cmocka_unit_test(test_room_valid),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_server_time),
		cmocka_unit_test(test_server_time_digits),
		cmocka_unit_test(test_server_time_dates),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_utf8_ascii_run),
		cmocka_unit_test(test_numerics),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
