/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Line framing over evbuffers: CRLF and LF, partial and oversize lines. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <event2/buffer.h>

#include "irc_frame.h"

#define MAX 16

struct fixture {
	struct evbuffer		*in;
	struct irc_frame	 f;
	char			 buf[MAX + 1];
	size_t			 len;
};

static int
setup(void **state)
{
	struct fixture	*fx = calloc(1, sizeof *fx);

	if (fx == NULL || (fx->in = evbuffer_new()) == NULL)
		return -1;
	irc_frame_init(&fx->f);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*fx = *state;

	evbuffer_free(fx->in);
	free(fx);
	return 0;
}

static int
next(struct fixture *fx)
{
	return irc_frame_next(&fx->f, fx->in, fx->buf, MAX, &fx->len);
}

static void
test_crlf_and_lf(void **state)
{
	struct fixture	*fx = *state;

	evbuffer_add_printf(fx->in, "PING a\r\nPING b\n\r\nlast");
	assert_int_equal(next(fx), IRC_FRAME_LINE);
	assert_string_equal(fx->buf, "PING a");
	assert_int_equal(next(fx), IRC_FRAME_LINE);
	assert_string_equal(fx->buf, "PING b");
	assert_int_equal(next(fx), IRC_FRAME_LINE);
	assert_int_equal(fx->len, 0);
	assert_int_equal(next(fx), IRC_FRAME_AGAIN);
	evbuffer_add_printf(fx->in, "\n");
	assert_int_equal(next(fx), IRC_FRAME_LINE);
	assert_string_equal(fx->buf, "last");
}

static void
test_byte_at_a_time(void **state)
{
	struct fixture	*fx = *state;
	const char	*s = "NICK slowloris\r\n";
	size_t		 i;

	for (i = 0; s[i + 1] != '\0'; i++) {
		evbuffer_add(fx->in, s + i, 1);
		assert_int_equal(next(fx), IRC_FRAME_AGAIN);
	}
	evbuffer_add(fx->in, s + i, 1);
	assert_int_equal(next(fx), IRC_FRAME_LINE);
	assert_string_equal(fx->buf, "NICK slowloris");
}

static void
test_exact_limit(void **state)
{
	struct fixture	*fx = *state;

	/* MAX bytes plus CRLF is fine; MAX + 1 is too long. */
	evbuffer_add_printf(fx->in, "%.*s\r\n", MAX, "aaaaaaaaaaaaaaaaaaaaaaaa");
	assert_int_equal(next(fx), IRC_FRAME_LINE);
	assert_int_equal(fx->len, MAX);
	evbuffer_add_printf(fx->in, "%.*s\r\nok\n", MAX + 1,
	    "aaaaaaaaaaaaaaaaaaaaaaaa");
	assert_int_equal(next(fx), IRC_FRAME_TOO_LONG);
	assert_int_equal(next(fx), IRC_FRAME_LINE);
	assert_string_equal(fx->buf, "ok");
}

static void
test_oversize_without_newline(void **state)
{
	struct fixture	*fx = *state;
	char		 junk[1000];
	int		 i;

	memset(junk, 'x', sizeof junk);
	evbuffer_add(fx->in, junk, sizeof junk);
	assert_int_equal(next(fx), IRC_FRAME_TOO_LONG);
	/* The junk is dropped as it arrives, never kept. */
	assert_true(evbuffer_get_length(fx->in) <= MAX + 1);
	for (i = 0; i < 100; i++) {
		evbuffer_add(fx->in, junk, sizeof junk);
		assert_int_equal(next(fx), IRC_FRAME_AGAIN);
		assert_int_equal(evbuffer_get_length(fx->in), 0);
	}
	evbuffer_add_printf(fx->in, "tail\nPING x\r\n");
	assert_int_equal(next(fx), IRC_FRAME_LINE);
	assert_string_equal(fx->buf, "PING x");
}

static void
test_nul_passes_to_parser(void **state)
{
	struct fixture	*fx = *state;

	/* Framing keeps NUL bytes so that the parser can refuse the line. */
	evbuffer_add(fx->in, "A\0B\n", 4);
	assert_int_equal(next(fx), IRC_FRAME_LINE);
	assert_int_equal(fx->len, 3);
	assert_memory_equal(fx->buf, "A\0B", 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_crlf_and_lf, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_byte_at_a_time, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_exact_limit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_oversize_without_newline,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_passes_to_parser,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
