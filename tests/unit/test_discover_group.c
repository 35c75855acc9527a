/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The picker's rows: a cluster's nodes under one row for the cluster
 * (where its first node was found), which connects to its least-loaded
 * node; lone servers as they were; the --discover line unchanged. */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "discover.h"

/* A server named name in cluster (or "" for none). */
static struct discover_server
server(const char *name, const char *cluster, int users)
{
	struct discover_server	s;

	memset(&s, 0, sizeof s);
	snprintf(s.name, sizeof s.name, "%s", name);
	snprintf(s.host, sizeof s.host, "192.0.2.%d", users + 1);
	s.port = 6667;
	s.users = users;
	s.rooms = 1;
	snprintf(s.cluster, sizeof s.cluster, "%s", cluster);
	return (s);
}

/* Two clusters interleaved with lone servers. */
static void
test_group(void **state)
{
	struct discover_server	s[6];
	struct discover_row	rows[12];
	char			buf[256];
	size_t			n;

	s[0] = server("lone", "", 3);
	s[1] = server("a1", "alpha", 9);
	s[2] = server("b1", "beta", 1);
	s[3] = server("a2", "alpha", 2);
	s[4] = server("other", "", 0);
	s[5] = server("a3", "alpha", 5);
	n = discover_group(s, 6, rows);
	assert_int_equal(n, 8);
	/* lone | alpha: a1 a2 a3 | beta: b1 | other */
	assert_int_equal(rows[0].server, 0);
	assert_int_equal(rows[0].nodes, 0);
	assert_false(rows[0].member);
	assert_int_equal(rows[1].nodes, 3);
	assert_int_equal(rows[1].server, 3);	/* a2: 2 users */
	assert_int_equal(rows[2].server, 1);
	assert_true(rows[2].member);
	assert_int_equal(rows[3].server, 3);
	assert_int_equal(rows[4].server, 5);
	assert_int_equal(rows[5].nodes, 1);
	assert_int_equal(rows[5].server, 2);
	assert_int_equal(rows[6].server, 2);
	assert_true(rows[6].member);
	assert_int_equal(rows[7].server, 4);
	assert_false(rows[7].member);
	assert_int_equal(rows[7].nodes, 0);
	discover_row_text(s, &rows[1], buf, sizeof buf);
	assert_non_null(strstr(buf, "alpha"));
	assert_non_null(strstr(buf, "3 nodes"));
	assert_non_null(strstr(buf, "users=16"));
	discover_row_text(s, &rows[2], buf, sizeof buf);
	assert_int_equal(strncmp(buf, "  a1 ", 5), 0);
	discover_row_text(s, &rows[0], buf, sizeof buf);
	assert_int_equal(strncmp(buf, "lone ", 5), 0);
	discover_row_text(s, &rows[5], buf, sizeof buf);
	assert_non_null(strstr(buf, "1 node "));
}

/* Unknown user counts are chosen last; no servers, no rows. */
static void
test_unknown_load(void **state)
{
	struct discover_server	s[2];
	struct discover_row	rows[4];

	s[0] = server("x1", "c", 0);
	s[0].users = -1;
	s[1] = server("x2", "c", 40);
	assert_int_equal(discover_group(s, 2, rows), 3);
	assert_int_equal(rows[0].server, 1);
	assert_int_equal(discover_group(s, 0, rows), 0);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_group),
		cmocka_unit_test(test_unknown_load),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
