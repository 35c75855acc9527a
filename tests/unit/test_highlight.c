/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Highlight words, and the notification and title sequences: nothing from
 * a peer can end them or start another one. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "highlight.h"
#include "window.h"

static void
test_words(void **state)
{
	highlight_set_words(" deploy , pager,,");
	assert_true(highlight_match("the DEPLOY broke"));
	assert_true(highlight_match("pager!"));
	assert_false(highlight_match("redeploy it"));
	assert_false(highlight_match("nothing"));
	highlight_set_words(NULL);
	assert_false(highlight_match("deploy"));
	highlight_free();
}

static void
test_safe(void **state)
{
	char	out[64];

	assert_string_equal(highlight_safe("a\033]2;x\007b\r\nc", out,
	    sizeof out), "a]2,xbc");
	assert_string_equal(highlight_safe("\002bold\002 \00304red", out,
	    sizeof out), "bold red");
	assert_string_equal(highlight_safe("c1 \xc2\x9b" "31m", out,
	    sizeof out), "c1 31m");
	assert_string_equal(highlight_safe("bad \xff utf", out, sizeof out),
	    "bad  utf");
	assert_string_equal(highlight_safe("ab\xe4\xbd\xa0", out, 4), "ab");
	assert_string_equal(highlight_safe(NULL, out, sizeof out), "");
}

static void
test_sequences(void **state)
{
	char	out[512];

	highlight_notification(HIGHLIGHT_NOTIFY_OSC777, "bob", "#a",
	    "hi\033\\;x", out, sizeof out);
	assert_string_equal(out, "\033]777;notify;bob in #a;hi\\,x\033\\");
	highlight_notification(HIGHLIGHT_NOTIFY_OSC9, "bob", "#a", "hi",
	    out, sizeof out);
	assert_string_equal(out, "\033]9;bob in #a: hi\033\\");
	/* A private message: not "bob in bob". */
	highlight_notification(HIGHLIGHT_NOTIFY_OSC777, "bob", NULL, "psst",
	    out, sizeof out);
	assert_string_equal(out, "\033]777;notify;bob (private);psst\033\\");
	highlight_notification(HIGHLIGHT_NOTIFY_OSC9, "bob", NULL, "psst",
	    out, sizeof out);
	assert_string_equal(out, "\033]9;bob (private): psst\033\\");
	highlight_notification(HIGHLIGHT_NOTIFY_OFF, "bob", "#a", "hi",
	    out, sizeof out);
	assert_string_equal(out, "");
	highlight_title(0, out, sizeof out);
	assert_string_equal(out, "\033]2;tui-chat\033\\");
	highlight_title(1, out, sizeof out);
	assert_string_equal(out, "\033]2;tui-chat (1 mention)\033\\");
	highlight_title(3, out, sizeof out);
	assert_string_equal(out, "\033]2;tui-chat (3 mentions)\033\\");
}

static void
test_kind(void **state)
{
	enum highlight_notify	k;

	assert_int_equal(highlight_notify_kind("osc9", &k), 0);
	assert_int_equal(k, HIGHLIGHT_NOTIFY_OSC9);
	assert_int_equal(highlight_notify_kind("OSC777", &k), 0);
	assert_int_equal(k, HIGHLIGHT_NOTIFY_OSC777);
	assert_int_equal(highlight_notify_kind("off", &k), 0);
	assert_int_equal(k, HIGHLIGHT_NOTIFY_OFF);
	assert_int_equal(highlight_notify_kind("loud", &k), -1);
	setenv("TMUX", "/tmp/x", 1);
	setenv("VTE_VERSION", "7000", 1);
	assert_int_equal(highlight_notify_kind("auto", &k), 0);
	assert_int_equal(k, HIGHLIGHT_NOTIFY_OFF);
	unsetenv("TMUX");
	unsetenv("STY");
	assert_int_equal(highlight_notify_kind("auto", &k), 0);
	assert_int_equal(k, HIGHLIGHT_NOTIFY_OSC777);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_safe),
		cmocka_unit_test(test_sequences),
		cmocka_unit_test(test_kind),
	};

	window_set_casemap(IRC_CASE_RFC1459);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
