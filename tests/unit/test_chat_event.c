/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Headless mode's JSON lines: every field in its place, every byte JSON
 * must escape escaped, lines far longer than the first buffer whole. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "chat_event.h"

static void
test_fields(void **state)
{
	struct chat_event	 ev;
	const char		*json;
	struct chat_json	 j = { NULL, 0, 0 };

	memset(&ev, 0, sizeof ev);
	ev.type = CHAT_MSG;
	ev.tv.tv_sec = 1700000000;
	ev.tv.tv_usec = 123000;
	ev.room = "#a";
	ev.from = "bob";
	ev.text = "hi";
	ev.flags = CHAT_SELF | CHAT_MENTION;
	ev.msgid = "m1";
	json = chat_event_json(&ev, &j);
	assert_string_equal(json, "{\"type\":\"msg\",\"room\":\"#a\","
	    "\"from\":\"bob\",\"text\":\"hi\",\"self\":true,"
	    "\"mention\":true,\"msgid\":\"m1\","
	    "\"ts\":\"2023-11-14T22:13:20.123Z\"}");

	memset(&ev, 0, sizeof ev);
	ev.type = CHAT_KICK;
	ev.target = "eve";
	ev.code = 404;
	json = chat_event_json(&ev, &j);
	assert_string_equal(json, "{\"type\":\"kick\",\"nick\":\"eve\","
	    "\"code\":404,\"ts\":\"1970-01-01T00:00:00.000Z\"}");

	memset(&ev, 0, sizeof ev);
	ev.type = CHAT_PROGRESS;
	ev.name = "f.txt";
	ev.bytes = 5;
	ev.total = 5000000000LL;
	ev.flags = CHAT_PRIVATE | CHAT_HISTORY;
	ev.server = "s";
	json = chat_event_json(&ev, &j);
	assert_string_equal(json, "{\"type\":\"progress\",\"name\":\"f.txt\","
	    "\"bytes\":5,\"total\":5000000000,\"private\":true,"
	    "\"history\":true,\"server\":\"s\","
	    "\"ts\":\"1970-01-01T00:00:00.000Z\"}");
	chat_json_free(&j);
}

static void
test_escapes(void **state)
{
	struct chat_event	 ev;
	const char		*json;
	struct chat_json	 j = { NULL, 0, 0 };

	memset(&ev, 0, sizeof ev);
	ev.type = CHAT_INFO;
	ev.text = "a\"b\\c\x01\x1f" "d\x02\xc3\xa9";
	json = chat_event_json(&ev, &j);
	assert_string_equal(json, "{\"type\":\"info\","
	    "\"text\":\"a\\\"b\\\\c\\u0001\\u001fd\\u0002\xc3\xa9\","
	    "\"ts\":\"1970-01-01T00:00:00.000Z\"}");
	ev.text = "\"";
	json = chat_event_json(&ev, &j);
	assert_non_null(strstr(json, "\"text\":\"\\\"\","));
	chat_json_free(&j);
}

/* What the writer must make of one byte, written plainly. */
static char *
expect_escape(char *o, unsigned char c)
{
	if (c == '"' || c == '\\') {
		*o++ = '\\';
		*o++ = (char)c;
	} else if (c < 0x20)
		o += sprintf(o, "\\u%04x", c);
	else
		*o++ = (char)c;
	return (o);
}

/* Every byte value at every place of the words the writer reads eight at
 * a time, and in the tail it reads a byte at a time, against the plain
 * rule. */
static void
test_escape_every_byte(void **state)
{
	struct chat_event	 ev;
	struct chat_json	 j = { NULL, 0, 0 };
	char			 text[20], want[256], *o;
	const char		*json, *p;
	size_t			 at, k;
	int			 c;

	memset(&ev, 0, sizeof ev);
	ev.type = CHAT_INFO;
	for (c = 1; c < 256; c++) {
		for (at = 0; at < sizeof text - 1; at++) {
			memset(text, 'x', sizeof text - 1);
			text[sizeof text - 1] = '\0';
			text[at] = (char)c;
			ev.text = text;
			o = want;
			for (k = 0; k < sizeof text - 1; k++)
				o = expect_escape(o, (unsigned char)text[k]);
			*o = '\0';
			json = chat_event_json(&ev, &j);
			p = strstr(json, "\"text\":\"");
			assert_non_null(p);
			p += 8;
			assert_int_equal(strncmp(p, want, strlen(want)), 0);
			assert_string_equal(p + strlen(want),
			    "\",\"ts\":\"1970-01-01T00:00:00.000Z\"}");
		}
	}
	chat_json_free(&j);
}

/* Escapes make the line far longer than the buffer first taken for it:
 * it grows, several times; a short line after it in the same buffer is
 * only itself. */
static void
test_long(void **state)
{
	struct chat_event	 ev;
	struct chat_json	 j = { NULL, 0, 0 };
	const char		*json, *p;
	char			*text;
	size_t			 i, n = 20000;

	text = malloc(n + 1);
	assert_non_null(text);
	for (i = 0; i < n; i++)
		text[i] = i % 100 == 0 ? '"' : i % 2 == 0 ? '\x01' : 'x';
	text[n] = '\0';
	memset(&ev, 0, sizeof ev);
	ev.type = CHAT_MSG;
	ev.text = text;
	json = chat_event_json(&ev, &j);
	p = strstr(json, "\"text\":\"");
	assert_non_null(p);
	p += 8;
	for (i = 0; i < n; i++) {
		if (i % 100 == 0) {
			assert_int_equal(*p++, '\\');
			assert_int_equal(*p++, '"');
		} else if (i % 2 == 0) {
			assert_int_equal(strncmp(p, "\\u0001", 6), 0);
			p += 6;
		} else
			assert_int_equal(*p++, 'x');
	}
	assert_string_equal(p, "\",\"ts\":\"1970-01-01T00:00:00.000Z\"}");
	free(text);
	ev.text = "x";
	assert_string_equal(chat_event_json(&ev, &j), "{\"type\":\"msg\","
	    "\"text\":\"x\",\"ts\":\"1970-01-01T00:00:00.000Z\"}");
	chat_json_free(&j);
	assert_null(j.p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_escape_every_byte),
		cmocka_unit_test(test_long),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
