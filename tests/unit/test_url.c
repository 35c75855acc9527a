/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* URLs: found whole, trailing punctuation and parentheses handled, never
 * anything but printable ASCII; the last ones kept per window. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "chat_event.h"
#include "url.h"

/* The URLs of text joined by '|'. */
static const char *
found(const char *text)
{
	static char	buf[1024];
	struct url_span	s[8];
	size_t		i, n;

	buf[0] = '\0';
	n = url_find(text, s, 8);
	for (i = 0; i < n; i++) {
		if (i > 0)
			strlcat(buf, "|", sizeof buf);
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%.*s",
		    (int)s[i].len, text + s[i].off);
	}
	return (buf);
}

static void
test_find(void **state)
{
	assert_string_equal(found("see https://a.org/x?y=1, ok"),
	    "https://a.org/x?y=1");
	assert_string_equal(found("(http://w.org/wiki/C_(lang)) and "
	    "HTTPS://B.ORG."), "http://w.org/wiki/C_(lang)|HTTPS://B.ORG");
	assert_string_equal(found("ircs://irc.lan:6697/#room"),
	    "ircs://irc.lan:6697/#room");
	assert_string_equal(found("https://e.test/\xe2\x90\x9b]2;x"),
	    "https://e.test/");
	assert_string_equal(found("https://e.test/\033]2;x"),
	    "https://e.test/");
	assert_string_equal(found("nope: xhttp://a.b mailto:x ://a "
	    "javascript://x https://"), "");
	assert_string_equal(found("<https://a.b/>\"https://c.d\""),
	    "https://a.b/|https://c.d");
}

static void
test_ring(void **state)
{
	struct chat_event	ev;
	char			text[64];
	int			i;

	memset(&ev, 0, sizeof ev);
	ev.type = CHAT_MSG;
	ev.room = "#a";
	ev.from = "bob";
	for (i = 0; i < URL_KEEP + 5; i++) {
		snprintf(text, sizeof text, "u http://h/%d and http://k/%d", i,
		    i);
		ev.text = text;
		url_post(1, &ev);
	}
	assert_string_equal(url_get(1, "#A", 0), "http://k/54");
	assert_string_equal(url_get(1, "#a", 1), "http://h/54");
	assert_string_equal(url_get(1, "#a", URL_KEEP - 1), "http://h/30");
	assert_null(url_get(1, "#a", URL_KEEP));
	assert_null(url_get(1, "#b", 0));
	assert_null(url_get(2, "#a", 0));	/* another server's #a */
	ev.room = NULL;
	ev.flags = CHAT_SELF;
	ev.target = "carol";
	ev.text = "http://q/";
	url_post(1, &ev);
	assert_string_equal(url_get(1, "carol", 0), "http://q/");
	ev.type = CHAT_TOPIC;
	ev.room = "#c";
	url_post(1, &ev);
	assert_null(url_get(1, "#c", 0));
	url_free_all();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_ring),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
