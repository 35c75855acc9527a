/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Glyphs (mIRC codes, combining marks, wide characters) and wrapping. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "width.h"
#include "wrap.h"

static const struct style plain = { -1, -1, 0 };

static int
setup(void **state)
{
	return (width_init());
}

static void
test_glyphs_marks(void **state)
{
	struct glyphs	gs;

	wrap_init(&gs);
	wrap_append(&gs, "e\xcc\x81x", plain, true);
	assert_int_equal(gs.n, 2);
	assert_int_equal(gs.v[0].len, 3);
	assert_int_equal(gs.v[0].width, 1);
	assert_int_equal(wrap_width(&gs), 2);
	wrap_free(&gs);
}

/* Only as many columns as asked: the marks on the last glyph still join
 * it, a wide glyph that crosses the edge is kept whole, and what follows
 * is not laid out. */
static void
test_glyphs_cols(void **state)
{
	struct glyphs	gs;

	wrap_init(&gs);
	wrap_append_cols(&gs, "abc\xcc\x81" "def", plain, false, 3);
	assert_int_equal(gs.n, 3);
	assert_int_equal(gs.v[2].len, 3);	/* c and its accent */
	wrap_reset(&gs);
	wrap_append_cols(&gs, "a\xe4\xbd\xa0" "bc", plain, false, 2);
	assert_int_equal(gs.n, 2);
	assert_int_equal(wrap_width(&gs), 3);
	wrap_reset(&gs);
	wrap_append_cols(&gs, "\x02" "bold\x02" " plain", plain, true, 6);
	assert_int_equal(gs.n, 6);
	assert_true(gs.v[0].style.attr & STYLE_BOLD);
	assert_false(gs.v[4].style.attr & STYLE_BOLD);
	wrap_reset(&gs);
	wrap_append_cols(&gs, "abc", plain, false, 0);
	assert_int_equal(gs.n, 0);
	wrap_free(&gs);
}

static void
test_glyphs_mark_flood(void **state)
{
	struct glyphs	 gs;
	char		 s[1 + 100 * 2 + 1];
	int		 i;

	s[0] = 'a';
	for (i = 0; i < 100; i++)
		memcpy(s + 1 + 2 * i, "\xcc\x81", 2);
	s[sizeof s - 1] = '\0';
	wrap_init(&gs);
	wrap_append(&gs, s, plain, true);
	assert_int_equal(gs.n, 1);
	assert_true(gs.v[0].len <= GLYPH_MAX);
	wrap_free(&gs);
}

static void
test_glyphs_format(void **state)
{
	struct glyphs	gs;

	wrap_init(&gs);
	wrap_append(&gs, "\002b\002n\00304,02c\017d\037u", plain, true);
	assert_int_equal(gs.n, 5);
	assert_true(gs.v[0].style.attr & STYLE_BOLD);
	assert_false(gs.v[1].style.attr & STYLE_BOLD);
	assert_int_equal(gs.v[2].style.fg, 4);
	assert_int_equal(gs.v[2].style.bg, 2);
	assert_int_equal(gs.v[3].style.fg, -1);
	assert_true(gs.v[4].style.attr & STYLE_UNDERLINE);
	wrap_reset(&gs);
	wrap_append(&gs, "\002b", plain, false);	/* not interpreted */
	assert_int_equal(gs.n, 2);
	wrap_free(&gs);
}

static void
test_wrap_words(void **state)
{
	struct glyphs	gs;
	size_t		starts[64];

	wrap_init(&gs);
	wrap_append(&gs, "hello world foo", plain, false);
	assert_int_equal(wrap_rows(&gs, 11, 0, starts), 2);
	assert_int_equal(starts[0], 0);
	assert_int_equal(starts[1], 12);	/* "foo", the space dropped */
	assert_int_equal(wrap_rows(&gs, 80, 0, starts), 1);
	wrap_free(&gs);
}

static void
test_wrap_indent(void **state)
{
	struct glyphs	gs;
	size_t		starts[64];

	wrap_init(&gs);
	wrap_append(&gs, "aaaaaaaaaaaaaaaaaaaa", plain, false);	/* 20 */
	assert_int_equal(wrap_rows(&gs, 10, 2, starts), 3);	/* 10+8+2 */
	assert_int_equal(starts[1], 10);
	assert_int_equal(starts[2], 18);
	/* An indent leaving under 8 columns is not used. */
	assert_int_equal(wrap_indent(10, 4), 0);
	assert_int_equal(wrap_rows(&gs, 10, 4, starts), 2);
	wrap_free(&gs);
}

static void
test_wrap_cjk(void **state)
{
	struct glyphs	gs;
	size_t		starts[64];

	wrap_init(&gs);
	/* five wide characters in five columns: two per row */
	wrap_append(&gs, "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad"
	    "\xe4\xb8\xad", plain, false);
	assert_int_equal(wrap_width(&gs), 10);
	assert_int_equal(wrap_rows(&gs, 5, 0, starts), 3);
	assert_int_equal(starts[1], 2);
	assert_int_equal(starts[2], 4);
	/* one column: a wide glyph still gets a row, nothing loops */
	assert_int_equal(wrap_rows(&gs, 1, 0, starts), 5);
	wrap_free(&gs);
}

static void
test_wrap_empty(void **state)
{
	struct glyphs	gs;
	size_t		starts[4];

	wrap_init(&gs);
	assert_int_equal(wrap_rows(&gs, 10, 0, starts), 1);
	assert_int_equal(wrap_rows(&gs, 0, 0, starts), 1);
	wrap_free(&gs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_glyphs_marks),
		cmocka_unit_test(test_glyphs_cols),
		cmocka_unit_test(test_glyphs_mark_flood),
		cmocka_unit_test(test_glyphs_format),
		cmocka_unit_test(test_wrap_words),
		cmocka_unit_test(test_wrap_indent),
		cmocka_unit_test(test_wrap_cjk),
		cmocka_unit_test(test_wrap_empty),
	};

	return (cmocka_run_group_tests(tests, setup, NULL));
}
