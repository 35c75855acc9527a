/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The nick registry: casemapped O(1) lookup, renames, masks. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "user.h"

static int
setup(void **state)
{
	user_init();
	return (0);
}

static int
teardown(void **state)
{
	user_shutdown();
	return (0);
}

static void
test_find_casemapped(void **state)
{
	struct user	*u = user_new(NULL, "127.0.0.1");

	assert_null(user_find("Alice"));
	assert_int_equal(user_set_nick(u, "Al[ice]"), 0);
	assert_ptr_equal(user_find("Al[ice]"), u);
	assert_ptr_equal(user_find("al{ICE}"), u);	/* rfc1459: [] = {} */
	assert_ptr_equal(user_find("AL[ICE}"), u);
	assert_null(user_find("Alice"));
	assert_string_equal(u->nick, "Al[ice]");
	assert_string_equal(u->prefix, "Al[ice]!*@127.0.0.1");
	assert_int_equal(user_count(), 1);
	user_free(u);
	assert_null(user_find("al{ice}"));
	assert_int_equal(user_count(), 0);
}

static void
test_collision_and_rename(void **state)
{
	struct user	*a = user_new(NULL, "10.0.0.1");
	struct user	*b = user_new(NULL, "10.0.0.2");

	assert_int_equal(user_set_nick(a, "bob"), 0);
	assert_int_equal(user_set_nick(b, "BOB"), -1);
	assert_false(b->listed);
	assert_int_equal(user_set_nick(b, "carol"), 0);
	/* A case change of one's own nick is allowed. */
	assert_int_equal(user_set_nick(a, "Bob"), 0);
	assert_ptr_equal(user_find("bob"), a);
	/* Renaming frees the old nick for others. */
	assert_int_equal(user_set_nick(a, "dave"), 0);
	assert_null(user_find("bob"));
	assert_int_equal(user_set_nick(b, "bob"), 0);
	assert_ptr_equal(user_find("BOB"), b);
	assert_null(user_find("carol"));
	assert_int_equal(user_count(), 2);
	user_free(a);
	user_free(b);
}

static void
test_many(void **state)
{
	struct user	*u[5000];
	char		 nick[32];
	int		 i;

	for (i = 0; i < 5000; i++) {
		u[i] = user_new(NULL, "::1");
		snprintf(nick, sizeof nick, "user%d", i);
		assert_int_equal(user_set_nick(u[i], nick), 0);
	}
	assert_int_equal(user_count(), 5000);
	for (i = 0; i < 5000; i++) {
		snprintf(nick, sizeof nick, "USER%d", i);
		assert_ptr_equal(user_find(nick), u[i]);
	}
	for (i = 0; i < 5000; i += 2)
		user_free(u[i]);
	for (i = 0; i < 5000; i++) {
		snprintf(nick, sizeof nick, "user%d", i);
		if (i % 2 == 0)
			assert_null(user_find(nick));
		else
			assert_ptr_equal(user_find(nick), u[i]);
	}
	for (i = 1; i < 5000; i += 2)
		user_free(u[i]);
	assert_int_equal(user_count(), 0);
}

static void
test_ident_and_away(void **state)
{
	struct user	*u = user_new(NULL, "h");

	user_set_ident(u, "a:b@c!d,e f");
	assert_string_equal(u->ident, "abcdef");
	user_set_ident(u, "averyveryverylongident");
	assert_int_equal(strlen(u->ident), USER_IDENT_MAX);
	user_set_ident(u, "::");
	assert_string_equal(u->ident, "u");
	user_set_away(u, "lunch");
	assert_string_equal(u->away, "lunch");
	user_set_away(u, "");
	assert_null(u->away);
	user_free(u);
}

static void
test_mode_counts(void **state)
{
	struct user	*a = user_new(NULL, "h"), *b = user_new(NULL, "h");

	assert_int_equal(user_count_mode(UMODE_OPER), 0);
	user_set_modes(a, UMODE_INVISIBLE);
	user_set_modes(b, UMODE_INVISIBLE | UMODE_OPER);
	assert_int_equal(user_count_mode(UMODE_INVISIBLE), 2);
	assert_int_equal(user_count_mode(UMODE_OPER), 1);
	user_set_modes(b, b->modes & ~UMODE_INVISIBLE);
	assert_int_equal(user_count_mode(UMODE_INVISIBLE), 1);
	user_set_modes(a, a->modes);		/* no change, no count */
	assert_int_equal(user_count_mode(UMODE_INVISIBLE), 1);
	a->modes |= UMODE_OPER;			/* not through the setter */
	user_free(a);
	assert_int_equal(user_count_mode(UMODE_INVISIBLE), 0);
	assert_int_equal(user_count_mode(UMODE_OPER), 1);
	user_free(b);
	assert_int_equal(user_count_mode(UMODE_OPER), 0);
}

static void
test_masks(void **state)
{
	struct user	*u = user_new(NULL, "192.168.1.5");

	user_set_nick(u, "Nick");
	user_set_ident(u, "id");
	assert_true(user_match(u, "*!*@*"));
	assert_true(user_match(u, "nick!*@*"));
	assert_true(user_match(u, "NICK!id@192.168.1.?"));
	assert_true(user_match(u, "*@192.168.*"));
	assert_false(user_match(u, "other!*@*"));
	assert_false(user_match(u, "nick!*@10.*"));
	assert_true(user_mask_match("a*b*c", "axxbyyc"));
	assert_false(user_mask_match("a*b*c", "axxbyy"));
	assert_true(user_mask_match("*", ""));
	assert_false(user_mask_match("?", ""));
	user_free(u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_find_casemapped, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_collision_and_rename, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ident_and_away, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_mode_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_masks, setup, teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
