/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The cell-grid renderer, without curses: layout, wide characters,
 * harmless control pictures, scroll marker, tiny sizes. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "event.h"
#include "sanitize.h"
#include "ui_render.h"
#include "width.h"
#include "window.h"

static struct grid	g;
static struct ui_view	v;

static int
setup(void **state)
{
	if (width_init() == -1)
		return (-1);
	window_init(1000);
	window_set_self("me");
	memset(&g, 0, sizeof g);
	memset(&v, 0, sizeof v);
	v.time_format = "";
	v.input = "";
	return (0);
}

static int
teardown(void **state)
{
	grid_free(&g);
	window_free_all();
	return (0);
}

static void
say(const char *room, const char *from, const char *raw)
{
	struct chat_event	ev;
	char			*text = sanitize(raw, strlen(raw),
				    SANITIZE_KEEP_FORMAT);

	memset(&ev, 0, sizeof ev);
	ev.type = CHAT_MSG;
	ev.room = room;
	ev.from = from;
	ev.text = text;
	window_post(&ev);
	free(text);
}

static char *
row(int y)
{
	return (grid_row_text(&g, y));
}

/* Assert row y reads want (and free it). */
static void
check_row(int y, const char *want)
{
	char	*s = row(y);

	assert_string_equal(s, want);
	free(s);
}

static void
test_layout(void **state)
{
	char	*s;

	window_select(window_open(WINDOW_ROOM, "#a"));
	say("#a", "bob", "hello");
	v.input = "typing";
	v.point = 6;
	grid_resize(&g, 40, 6);
	ui_render(&g, &v);
	check_row(3, "<bob> hello");
	s = row(4);
	assert_non_null(strstr(s, "[2:#a]"));
	free(s);
	check_row(5, "[#a] typing");
	assert_int_equal(g.cy, 5);
	assert_int_equal(g.cx, 11);
}

static void
test_wide_and_wrap(void **state)
{
	struct cell	*c;

	window_select(window_open(WINDOW_ROOM, "#a"));
	/* <bob> is 6 columns; 8 wide characters need 16 more. */
	say("#a", "bob", "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87"
	    "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87");
	grid_resize(&g, 16, 5);
	ui_render(&g, &v);
	/* 10 columns left on row one: five characters; the rest indented. */
	check_row(1, "<bob> \xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87"
	    "\xe4\xb8\xad");
	check_row(2, "      \xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87");
	c = grid_cell(&g, 6, 1);
	assert_int_equal(c->width, 2);
	assert_int_equal(grid_cell(&g, 7, 1)->width, 0);
	/* the cursor after two wide characters typed is at column 4+5 */
	v.input = "\xe4\xb8\xad\xe6\x96\x87";
	v.point = 6;
	ui_render(&g, &v);
	assert_int_equal(g.cx, 9);
}

static void
test_controls_harmless(void **state)
{
	int	x, y;

	window_select(window_open(WINDOW_ROOM, "#a"));
	say("#a", "eve", "\033[2J\033]0;owned\007\r\b");
	v.input = "in\033put";	/* typed with C-v ESC */
	v.point = 0;
	grid_resize(&g, 60, 4);
	ui_render(&g, &v);
	check_row(1, "<eve> \xe2\x90\x9b[2J\xe2\x90\x9b]0;owned\xe2\x90\x87"
	    "\xe2\x90\x8d\xe2\x90\x88");
	check_row(3, "[#a] in\xe2\x90\x9bput");
	for (y = 0; y < g.h; y++)
		for (x = 0; x < g.w; x++)
			for (const char *p = grid_cell(&g, x, y)->s; *p; p++)
				assert_false((unsigned char)*p < 0x20 ||
				    *p == 0x7f);
}

static void
test_scroll_marker(void **state)
{
	struct window	*a = window_open(WINDOW_ROOM, "#a");
	char		 text[16];
	int		 i;

	window_select(a);
	for (i = 0; i < 50; i++) {
		snprintf(text, sizeof text, "line %d", i);
		say("#a", "bob", text);
	}
	grid_resize(&g, 40, 8);
	ui_render(&g, &v);
	check_row(5, "<bob> line 49");
	window_scroll(a, 10);
	ui_render(&g, &v);
	check_row(4, "<bob> line 39");
	check_row(5, "-- more below: 10 lines (PageDown) --");
	say("#a", "bob", "new");	/* the view stays where it is */
	ui_render(&g, &v);
	check_row(4, "<bob> line 39");
}

/* History lines are dimmed and dated; the marker follows them. */
static void
test_history_dimmed(void **state)
{
	struct window		*a = window_open(WINDOW_ROOM, "#a");
	struct chat_event	 ev;

	window_select(a);
	window_history_begin(a, false);
	memset(&ev, 0, sizeof ev);
	ev.type = CHAT_MSG;
	ev.flags = CHAT_HISTORY;
	ev.tv.tv_sec = 129600;	/* noon, 2 January 1970: another day */
	ev.room = "#a";
	ev.from = "bob";
	ev.text = "old";
	ev.msgid = "m1";
	window_post(&ev);
	window_history_end(a);
	say("#a", "bob", "new");
	grid_resize(&g, 60, 6);
	ui_render(&g, &v);
	check_row(1, "1970-01-02 <bob> old");
	check_row(2, "--- new since you left ---");
	check_row(3, "<bob> new");
	assert_true(grid_cell(&g, 17, 1)->style.attr & STYLE_DIM);
	assert_false(grid_cell(&g, 6, 3)->style.attr & STYLE_DIM);
}

static void
test_unread_in_status(void **state)
{
	char	*s;

	window_open(WINDOW_ROOM, "#a");
	window_open(WINDOW_ROOM, "#b");
	say("#b", "bob", "one");
	say("#b", "bob", "two");
	grid_resize(&g, 80, 3);
	ui_render(&g, &v);
	s = row(1);
	assert_non_null(strstr(s, "[1:status]"));
	assert_non_null(strstr(s, "[Act: 3:#b(2)]"));
	free(s);
}

static void
test_tiny(void **state)
{
	int	w, h;

	say("#a", "bob", "text that is longer than the screen is wide");
	v.input = "some input that is long too";
	v.point = strlen(v.input);
	for (w = 0; w <= 6; w++) {
		for (h = 0; h <= 4; h++) {
			grid_resize(&g, w, h);
			ui_render(&g, &v);
			if (w > 0 && h > 0) {
				assert_true(g.cx >= 0 && g.cx < w);
				assert_true(g.cy >= 0 && g.cy < h);
			}
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wide_and_wrap, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_controls_harmless, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_scroll_marker, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_history_dimmed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unread_in_status, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_tiny, setup, teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
