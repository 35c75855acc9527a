/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Noise control models: the ignore list (masks, expiry, durations), the
 * smart filter (who spoke lately, nick changes), scrollback search. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "chat_event.h"
#include "ignore.h"
#include "scrollback.h"
#include "search.h"
#include "smartfilter.h"
#include "window.h"

static void
test_ignore(void **state)
{
	char	*cause = NULL;
	time_t	 until;

	assert_int_equal(ignore_add("Bob", 0, &cause), 0);
	assert_int_equal(ignore_add("*!*@evil.host", 100, &cause), 0);
	assert_int_equal(ignore_add("a b", 0, &cause), -1);
	assert_non_null(cause);
	free(cause);
	assert_true(ignore_match("bob!u@h", 50));
	assert_true(ignore_match("BOB", 50));
	assert_false(ignore_match("bobby!u@h", 50));
	assert_true(ignore_match("x!y@EVIL.host", 99));
	assert_string_equal(ignore_get(0, 99, &until), "Bob!*@*");
	assert_false(ignore_match("x!y@evil.host", 100));	/* expired */
	assert_null(ignore_get(1, 100, &until));
	assert_int_equal(ignore_del("bob"), 0);
	assert_int_equal(ignore_del("bob"), -1);
	assert_false(ignore_match("bob!u@h", 100));
	assert_false(ignore_match(NULL, 100));
	assert_int_equal(ignore_duration("90"), 90);
	assert_int_equal(ignore_duration("10m"), 600);
	assert_int_equal(ignore_duration("2h"), 7200);
	assert_int_equal(ignore_duration("1w"), 604800);
	assert_int_equal(ignore_duration("1x"), -1);
	assert_int_equal(ignore_duration("-1s"), -1);
	assert_int_equal(ignore_duration("m"), -1);
	ignore_free_all();
}

static void
post(enum chat_event_type type, const char *room, const char *from,
    const char *target, time_t t)
{
	struct chat_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.type = type;
	ev.room = room;
	ev.from = from;
	ev.target = target;
	ev.tv.tv_sec = t;
	smartfilter_post(1, &ev);
}

static bool
hidden(enum chat_event_type type, const char *room, const char *from,
    time_t t)
{
	struct chat_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.type = type;
	ev.room = room;
	ev.from = from;
	ev.tv.tv_sec = t;
	return (smartfilter_hide(1, room, &ev));
}

static void
test_smartfilter(void **state)
{
	window_set_self("me");
	assert_false(hidden(CHAT_JOIN, "#a", "x", 0));	/* off */
	smartfilter_set(true, 300);
	assert_true(hidden(CHAT_JOIN, "#a", "x", 0));
	assert_false(hidden(CHAT_JOIN, "#a", "ME", 0));
	post(CHAT_MSG, "#a", "x", NULL, 1000);
	assert_false(hidden(CHAT_PART, "#A", "X", 1200));
	assert_true(hidden(CHAT_PART, "#b", "x", 1200));
	assert_true(hidden(CHAT_QUIT, "#a", "x", 1400));	/* too long */
	assert_false(hidden(CHAT_KICK, "#a", "y", 1400));
	post(CHAT_NICK, NULL, "x", "z", 1250);
	assert_false(hidden(CHAT_PART, "#a", "z", 1260));
	assert_true(hidden(CHAT_PART, "#a", "x", 1260));
	smartfilter_free_all();
	assert_false(hidden(CHAT_JOIN, "#a", "x", 0));
	window_free_all();
}

static void
test_search(void **state)
{
	struct window	*w;
	char		 text[32];
	size_t		 off, len, i;

	assert_true(search_find("ab", "xxAbyab", 0, &off, &len));
	assert_int_equal(off, 2);
	assert_true(search_find("ab", "xxAbyab", 3, &off, &len));
	assert_int_equal(off, 5);
	assert_false(search_find("ab", "xxAbyab", 6, &off, &len));
	assert_false(search_find("", "x", 0, &off, &len));
	window_init(100);
	w = window_status();
	for (i = 0; i < 20; i++) {
		snprintf(text, sizeof text, "%s %zu", i % 5 == 0 ? "Needle" :
		    "hay", i);
		scrollback_add(w->sb, 0, SB_INFO, 0, NULL, text);
	}
	assert_int_equal(search_start(w, "needle"), 4);
	assert_string_equal(search_text(w), "needle");
	assert_int_equal(w->scroll, 4);	/* "Needle 15" at the bottom */
	assert_true(search_next(w));
	assert_int_equal(w->scroll, 9);
	assert_true(search_next(w));
	assert_true(search_next(w));
	assert_int_equal(w->scroll, 19);
	assert_false(search_next(w));
	assert_true(search_exhausted());
	search_start(w, NULL);
	assert_null(search_text(w));
	window_free_all();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ignore),
		cmocka_unit_test(test_smartfilter),
		cmocka_unit_test(test_search),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
