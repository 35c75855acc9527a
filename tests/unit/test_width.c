/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Display widths: ASCII, CJK, emoji, combining marks. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "width.h"

static int
setup(void **state)
{
	return (width_init());
}

static void
test_code_points(void **state)
{
	assert_int_equal(width_cp('a'), 1);
	assert_int_equal(width_cp(0x4e2d), 2);		/* 中 */
	assert_int_equal(width_cp(0xac00), 2);		/* 가 */
	assert_int_equal(width_cp(0xff21), 2);		/* fullwidth A */
	assert_int_equal(width_cp(0x1f600), 2);		/* 😀 */
	assert_int_equal(width_cp(0x0301), 0);		/* combining acute */
	assert_int_equal(width_cp(0xfe0f), 0);		/* variation sel. */
	assert_int_equal(width_cp(0x00e9), 1);		/* é */
	assert_int_equal(width_cp(0x10ffff), 1);	/* unknown: one */
}

static void
test_strings(void **state)
{
	assert_int_equal(width_str("abc", 3), 3);
	assert_int_equal(width_str("\xe4\xb8\xad\xe6\x96\x87" "ab", 8), 6);
	assert_int_equal(width_str("e\xcc\x81", 3), 1);
	assert_int_equal(width_str("\xf0\x9f\x98\x80!", 5), 3);
	assert_int_equal(width_str("\xff", 1), 1);
	assert_int_equal(width_str("", 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code_points),
		cmocka_unit_test(test_strings),
	};

	return (cmocka_run_group_tests(tests, setup, NULL));
}
