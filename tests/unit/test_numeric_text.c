/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Numerics as sentences: LUSERS, WHOIS, LIST, times; unknown numerics and
 * replies missing a parameter are left to the caller. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <cmocka.h>

#include "numeric_text.h"

/* numeric_text on a NULL-terminated list; "" on -1. */
static const char *
text(int num, ...)
{
	static char	 buf[512];
	char		*p[16];
	int		 n = 0;
	va_list		 ap;

	va_start(ap, num);
	while (n < 16 && (p[n] = va_arg(ap, char *)) != NULL)
		n++;
	va_end(ap);
	if (numeric_text(num, n, p, buf, sizeof buf) == -1)
		return ("");
	return (buf);
}

static void
test_lusers(void **state)
{
	assert_string_equal(text(252, "me", "0", "operator(s) online", NULL),
	    "0 operator(s) online");
	assert_string_equal(text(254, "me", "2", "channels formed", NULL),
	    "2 channels formed");
	assert_string_equal(text(265, "me", "3", "3",
	    "Current local users 3, max 3", NULL),
	    "Current local users 3, max 3");
	assert_string_equal(text(251, "me",
	    "There are 3 users and 0 invisible on 1 servers", NULL),
	    "There are 3 users and 0 invisible on 1 servers");
}

static void
test_whois(void **state)
{
	assert_string_equal(text(311, "me", "bob", "~b", "host.lan", "*",
	    "Bob Smith", NULL), "bob is ~b@host.lan (Bob Smith)");
	assert_string_equal(text(317, "me", "bob", "42", "0",
	    "seconds idle, signon time", NULL),
	    "bob has been idle for 42 seconds, signed on 1970-01-01 "
	    "00:00:00 UTC");
	assert_string_equal(text(318, "me", "bob", "End of WHOIS", NULL),
	    "End of WHOIS for bob");
	assert_string_equal(text(301, "me", "bob", "lunch", NULL),
	    "bob is away: lunch");
	assert_string_equal(text(324, "me", "#r", "+kl", "key", "10", NULL),
	    "Modes of #r: +kl key 10");
	assert_string_equal(text(322, "me", "#r", "5", "chat here", NULL),
	    "#r (5 users): chat here");
}

static void
test_fallback(void **state)
{
	assert_string_equal(text(999, "me", "x", "y", NULL), "");
	assert_string_equal(text(311, "me", "bob", NULL), "");
	assert_string_equal(text(252, "me", NULL), "");
	assert_string_equal(text(329, "me", "#r", "soon", NULL), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lusers),
		cmocka_unit_test(test_whois),
		cmocka_unit_test(test_fallback),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
