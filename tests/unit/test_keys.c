/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The key layer: sequences whole, unknown ones swallowed, bracketed paste
 * collected even when its markers arrive in pieces. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "keys.h"

static struct keys	k;

static int
setup(void **state)
{
	keys_init(&k);
	return (0);
}

static int
teardown(void **state)
{
	keys_free(&k);
	return (0);
}

static void
feed(const char *s)
{
	keys_feed(&k, s, strlen(s));
}

static enum keys_type
next(void)
{
	struct key	key;

	assert_true(keys_next(&k, &key, false));
	return (key.type);
}

static void
test_bytes(void **state)
{
	struct key	key;

	feed("abc\033[Axy");
	assert_true(keys_next(&k, &key, false));
	assert_int_equal(key.type, KEYS_BYTES);
	assert_int_equal(key.len, 3);
	assert_memory_equal(key.data, "abc", 3);
	assert_int_equal(next(), KEYS_UP);
	assert_int_equal(next(), KEYS_BYTES);
	assert_false(keys_next(&k, &key, false));
}

static void
test_sequences(void **state)
{
	feed("\033[5~\033[6~\033OB\033[3~\033[1;5C\033[H\033[4~");
	assert_int_equal(next(), KEYS_PGUP);
	assert_int_equal(next(), KEYS_PGDN);
	assert_int_equal(next(), KEYS_DOWN);
	assert_int_equal(next(), KEYS_DELETE);
	assert_int_equal(next(), KEYS_WORD_RIGHT);
	assert_int_equal(next(), KEYS_HOME);
	assert_int_equal(next(), KEYS_END);
}

static void
test_unknown_swallowed(void **state)
{
	struct key	key;

	feed("\033[99;99X\033[15~\033[<0;1;2Mz");
	assert_int_equal(next(), KEYS_IGNORED);
	assert_int_equal(next(), KEYS_IGNORED);
	assert_int_equal(next(), KEYS_IGNORED);
	assert_true(keys_next(&k, &key, false));
	assert_int_equal(key.type, KEYS_BYTES);
	assert_int_equal(key.len, 1);
	assert_int_equal(key.data[0], 'z');
}

static void
test_alt_and_esc(void **state)
{
	struct key	key;

	feed("\0331");
	assert_true(keys_next(&k, &key, false));
	assert_int_equal(key.type, KEYS_ALT);
	assert_int_equal(key.byte, '1');
	feed("\033");
	assert_false(keys_next(&k, &key, false));
	assert_true(keys_pending(&k));
	assert_true(keys_next(&k, &key, true));
	assert_int_equal(key.type, KEYS_ESC);
	/* A sequence in two reads is still one key. */
	feed("\033[");
	assert_false(keys_next(&k, &key, false));
	feed("6~");
	assert_int_equal(next(), KEYS_PGDN);
	/* A broken one, given up after the wait, types nothing. */
	feed("\033[12");
	assert_true(keys_next(&k, &key, true));
	assert_int_equal(key.type, KEYS_IGNORED);
	assert_false(keys_pending(&k));
}

static void
test_paste(void **state)
{
	struct key	key;

	feed("\033[200~line1\nline2 \033[A\033[201~x");
	assert_true(keys_next(&k, &key, false));
	assert_int_equal(key.type, KEYS_PASTE);
	assert_int_equal(key.len, strlen("line1\nline2 \033[A"));
	assert_memory_equal(key.data, "line1\nline2 \033[A", key.len);
	assert_true(keys_next(&k, &key, false));
	assert_int_equal(key.type, KEYS_BYTES);
}

static void
test_paste_split_markers(void **state)
{
	struct key	key;

	feed("\033[20");
	assert_false(keys_next(&k, &key, false));
	feed("0~abc\033[2");
	assert_false(keys_next(&k, &key, false));
	feed("01");
	assert_false(keys_next(&k, &key, false));
	feed("~");
	assert_true(keys_next(&k, &key, false));
	assert_int_equal(key.type, KEYS_PASTE);
	assert_int_equal(key.len, 3);
	assert_memory_equal(key.data, "abc", 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sequences, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_swallowed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_alt_and_esc, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_paste, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paste_split_markers, setup,
		    teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
