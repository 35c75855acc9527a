/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* known_hosts: lookups, comments, the first line winning, appending. */

#include <sys/stat.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tls_pin.h"

#define FP_A	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define FP_B	"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static char	path[] = "/tmp/tui-chat-pin.XXXXXX";

static int
setup(void **state)
{
	int	fd = mkstemp(path);

	if (fd == -1)
		return (-1);
	close(fd);
	return (0);
}

static int
teardown(void **state)
{
	unlink(path);
	return (0);
}

/* Replace the file's contents. */
static void
write_file(const char *text)
{
	FILE	*f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
test_pin_lookup(void **state)
{
	char	old[80];
	int	line = 0;

	write_file("# pinned servers\n\nother:6697 sha256:" FP_B "\n"
	    "host:6697 SHA256:" FP_A "   # ok\n"
	    "host:6697 sha256:" FP_B "\n");
	assert_int_equal(tls_pin_check(path, "host:6697", FP_A, &line, old,
	    sizeof old), TLS_PIN_MATCH);
	assert_int_equal(tls_pin_check(path, "host:6697", FP_B, &line, old,
	    sizeof old), TLS_PIN_CHANGED);
	assert_int_equal(line, 4);
	assert_string_equal(old, FP_A);
	assert_int_equal(tls_pin_check(path, "host:6667", FP_A, &line, old,
	    sizeof old), TLS_PIN_UNKNOWN);
	assert_int_equal(tls_pin_check(path, "host", FP_A, &line, old,
	    sizeof old), TLS_PIN_UNKNOWN);
}

static void
test_pin_malformed(void **state)
{
	char	old[80];
	int	line = 0;

	write_file("host:6697\nhost:6697 md5:" FP_A "\n");
	assert_int_equal(tls_pin_check(path, "host:6697", FP_A, &line, old,
	    sizeof old), TLS_PIN_UNKNOWN);
	assert_int_equal(tls_pin_check("/nonexistent/known_hosts",
	    "host:6697", FP_A, &line, old, sizeof old), TLS_PIN_UNKNOWN);
}

static void
test_pin_add(void **state)
{
	struct stat	st;
	char		old[80];
	int		line = 0;

	unlink(path);
	assert_int_equal(tls_pin_add(path, "[::1]:6697", FP_A), 0);
	assert_int_equal(tls_pin_add(path, "h:1", FP_B), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(tls_pin_check(path, "[::1]:6697", FP_A, &line, old,
	    sizeof old), TLS_PIN_MATCH);
	assert_int_equal(tls_pin_check(path, "h:1", FP_A, &line, old,
	    sizeof old), TLS_PIN_CHANGED);
	assert_int_equal(line, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pin_lookup),
		cmocka_unit_test(test_pin_malformed),
		cmocka_unit_test(test_pin_add),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
