/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The sanitizer: nothing a peer sends reaches the terminal as a control. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sanitize.h"
#include "utf8.h"

/* sanitize() of a C string, compared with want, freed. */
static void
check(const char *in, int flags, const char *want)
{
	char	*out = sanitize(in, strlen(in), flags);

	assert_string_equal(out, want);
	free(out);
}

static void
test_c0_controls(void **state)
{
	check("a\033[2Jb", 0, "a\xe2\x90\x9b[2Jb");		/* ␛ */
	check("bell\a", 0, "bell\xe2\x90\x87");			/* ␇ */
	check("x\ry\bz", 0, "x\xe2\x90\x8dy\xe2\x90\x88z");	/* ␍ ␈ */
	check("nl\n", 0, "nl\xe2\x90\x8a");			/* ␊ */
	check("tab\there", 0, "tab here");
	check("del\x7f", 0, "del\xe2\x90\xa1");			/* ␡ */
}

static void
test_c1_and_invalid(void **state)
{
	check("csi\xc2\x9b" "31m", 0, "csi\xef\xbf\xbd" "31m");	/* U+009B */
	check("raw\x9b" "31m", 0, "raw\xef\xbf\xbd" "31m");	/* bare byte */
	check("\xff\xfe", 0, "\xef\xbf\xbd\xef\xbf\xbd");
	check("over\xc0\xaf", 0, "over\xef\xbf\xbd\xef\xbf\xbd");
	check("surrogate\xed\xa0\x80", 0,
	    "surrogate\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	check("cut\xe4\xb8", 0, "cut\xef\xbf\xbd\xef\xbf\xbd");
}

static void
test_bidi_and_invisible(void **state)
{
	check("a\xe2\x80\xae" "evil", 0, "aevil");		/* RLO */
	check("b\xe2\x81\xa6x\xe2\x81\xa9", 0, "bx");		/* isolates */
	check("z\xe2\x80\x8bw", 0, "zw");			/* ZWSP */
	check("\xef\xbb\xbf" "bom", 0, "bom");			/* BOM */
	check("lrm\xe2\x80\x8e", 0, "lrm");
	check("ls\xe2\x80\xa8ps", 0, "ls ps");			/* U+2028 */
}

static void
test_format_codes(void **state)
{
	check("\002bold\002", SANITIZE_KEEP_FORMAT, "\002bold\002");
	check("\00304,12red\017", SANITIZE_KEEP_FORMAT, "\00304,12red\017");
	check("\002bold", 0, "\xe2\x90\x82" "bold");
	check("\033", SANITIZE_KEEP_FORMAT, "\xe2\x90\x9b");
}

static void
test_text_unchanged(void **state)
{
	check("plain text", 0, "plain text");
	check("\xe4\xbd\xa0\xe5\xa5\xbd", 0, "\xe4\xbd\xa0\xe5\xa5\xbd");
	check("\xf0\x9f\x98\x80 e\xcc\x81", 0, "\xf0\x9f\x98\x80 e\xcc\x81");
	check("", 0, "");
}

static void
test_strip_format(void **state)
{
	char	s[] = "\00304,12red\017 \002b\002 \0037x\003 \00399,99y";

	sanitize_strip_format(s);
	assert_string_equal(s, "red b x y");
}

/* Random bytes: the output is valid UTF-8 without a single control byte
 * (a deterministic generator, so a failure repeats). */
static void
test_random_input(void **state)
{
	char		in[256], buf[SANITIZE_SIZE(256)], *out;
	uint32_t	seed = 12345;
	size_t		i, n;
	int		round;

	for (round = 0; round < 2000; round++) {
		n = seed % sizeof in;
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245 + 12345;
			in[i] = (char)(seed >> 16);
		}
		out = sanitize(in, n, 0);
		assert_true(utf8_valid(out, strlen(out)));
		for (i = 0; out[i] != '\0'; i++)
			assert_false((unsigned char)out[i] < 0x20 ||
			    (unsigned char)out[i] == 0x7f);
		assert_null(strstr(out, "\xc2\x9b"));
		/* Into a buffer of the size promised, the same text, its
		 * length returned; the worst case fills it. */
		memset(buf, 'x', sizeof buf);
		assert_int_equal(sanitize_into(buf, in, n, 0), strlen(out));
		assert_string_equal(buf, out);
		free(out);
	}
	memset(in, '\x80', sizeof in);
	assert_int_equal(sanitize_into(buf, in, sizeof in, 0),
	    SANITIZE_SIZE(sizeof in) - 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_c0_controls),
		cmocka_unit_test(test_c1_and_invalid),
		cmocka_unit_test(test_bidi_and_invisible),
		cmocka_unit_test(test_format_codes),
		cmocka_unit_test(test_text_unchanged),
		cmocka_unit_test(test_strip_format),
		cmocka_unit_test(test_random_input),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
