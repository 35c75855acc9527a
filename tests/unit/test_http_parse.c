/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The file host's text helpers: Range, names, Content-Disposition. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http_parse.h"

/* range(value, size) gives kind and, when OK, [a, b]. */
static void
range(const char *v, uint64_t size, enum http_range kind, uint64_t a,
    uint64_t b)
{
	uint64_t	s = 77, e = 77;

	assert_int_equal(http_range_parse(v, size, &s, &e), kind);
	if (kind == HTTP_RANGE_OK) {
		assert_int_equal(s, a);
		assert_int_equal(e, b);
	}
}

static void
test_range(void **state)
{
	range(NULL, 100, HTTP_RANGE_NONE, 0, 0);
	range("bytes=0-9", 100, HTTP_RANGE_OK, 0, 9);
	range("bytes=10-", 100, HTTP_RANGE_OK, 10, 99);
	range("bytes=90-500", 100, HTTP_RANGE_OK, 90, 99);
	range("bytes=-10", 100, HTTP_RANGE_OK, 90, 99);
	range("bytes=-1000", 100, HTTP_RANGE_OK, 0, 99);
	range("bytes=100-", 100, HTTP_RANGE_BAD, 0, 0);
	range("bytes=-0", 100, HTTP_RANGE_BAD, 0, 0);
	range("bytes=0-", 0, HTTP_RANGE_BAD, 0, 0);
	range("bytes=5-4", 100, HTTP_RANGE_NONE, 0, 0);
	range("bytes=0-1,5-6", 100, HTTP_RANGE_NONE, 0, 0);
	range("items=0-1", 100, HTTP_RANGE_NONE, 0, 0);
	range("bytes=abc", 100, HTTP_RANGE_NONE, 0, 0);
	range("bytes=99999999999999999999999-", 100, HTTP_RANGE_NONE, 0, 0);
}

/* The sanitised form of in. */
static void
name(const char *in, const char *want)
{
	char	out[HTTP_NAME_MAX + 1];

	http_name_sanitize(in, out);
	assert_string_equal(out, want);
}

static void
test_names(void **state)
{
	char	 longname[400];

	name("report.pdf", "report.pdf");
	name("../../etc/passwd", "passwd");
	name("..\\..\\boot.ini", "boot.ini");
	name("/abs/path/x.txt", "x.txt");
	name("..", "file");
	name("", "file");
	name(".hidden", "hidden");
	name("a\r\nb\x1b[31m.txt", "ab[31m.txt");
	name("quote\"d%2F.txt", "quoted2F.txt");
	name("bad\xff\xfe" "utf8", "badutf8");
	name("\xe2\x80\xae" "evil.txt", "evil.txt");		/* RLO */
	name("caf\xc3\xa9" ".txt", "caf\xc3\xa9" ".txt");
	name("dir/", "file");
	/* a dropped character never uncovers a leading dot (fuzz finding) */
	name("\x01.bashrc", "bashrc");
	name("\xff\xff.png", "png");
	name("\xe2\x80\xae . .x", "x");
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	http_name_sanitize(longname, longname);
	assert_int_equal(strlen(longname), HTTP_NAME_MAX);
	/* a cut never splits a character */
	memset(longname, 0, sizeof longname);
	memcpy(longname, "a", 1);
	for (int i = 0; i < 60; i++)
		strcat(longname, "\xc3\xa9");
	http_name_sanitize(longname, longname);
	assert_int_equal(strlen(longname), 99);
}

static void
test_disposition(void **state)
{
	char	out[256];

	assert_int_equal(http_disposition_name("attachment; filename=\"a b.txt\"",
	    out, sizeof out), 0);
	assert_string_equal(out, "a b.txt");
	assert_int_equal(http_disposition_name("inline; filename=plain.bin",
	    out, sizeof out), 0);
	assert_string_equal(out, "plain.bin");
	assert_int_equal(http_disposition_name("attachment; filename=\"x\"; "
	    "filename*=UTF-8''caf%C3%A9.txt", out, sizeof out), 0);
	assert_string_equal(out, "caf\xc3\xa9" ".txt");
	assert_int_equal(http_disposition_name("attachment; "
	    "filename*=UTF-8''bad%0", out, sizeof out), -1);
	assert_int_equal(http_disposition_name("attachment", out, sizeof out),
	    -1);
	assert_int_equal(http_disposition_name(NULL, out, sizeof out), -1);
	http_disposition_make("caf\xc3\xa9" " \"x\".txt", 0, out, sizeof out);
	assert_string_equal(out, "attachment; filename=\"caf__ _x_.txt\"; "
	    "filename*=UTF-8''caf%C3%A9%20%22x%22.txt");
}

static void
test_pct_and_types(void **state)
{
	char	s[64];
	int	inl;

	strcpy(s, "%23lobby%2fx+y");
	assert_int_equal(http_pct_decode(s), 0);
	assert_string_equal(s, "#lobby/x+y");
	strcpy(s, "nul%00");
	assert_int_equal(http_pct_decode(s), -1);
	strcpy(s, "bad%zz");
	assert_int_equal(http_pct_decode(s), -1);
	assert_int_equal(http_pct_encode("#a b", s, sizeof s), 0);
	assert_string_equal(s, "%23a%20b");
	assert_int_equal(http_pct_encode("#a b", s, 5), -1);
	assert_string_equal(http_content_type("x.PNG", &inl), "image/png");
	assert_int_equal(inl, 1);
	assert_string_equal(http_content_type("x.html", &inl),
	    "application/octet-stream");
	assert_int_equal(inl, 0);
	assert_string_equal(http_content_type("x.svg", &inl),
	    "application/octet-stream");
	assert_string_equal(http_content_type("noext", &inl),
	    "application/octet-stream");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_disposition),
		cmocka_unit_test(test_pct_and_types),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
