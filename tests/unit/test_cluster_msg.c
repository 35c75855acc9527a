/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Cluster events (daemon/cluster_msg.c): round trips of every type, and
 * the bytes a hostile or broken Redis could hand over, refused. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cluster_msg.h"

static char	buf[CLUSTER_MSG_MAX];
static char	copy[CLUSTER_MSG_MAX + 1];

/* A room message with a line of three parameters. */
static void
msg_fill(struct cluster_msg *m)
{
	cluster_msg_clear(m);
	m->type = CLUSTER_MSG;
	m->node = 7;
	m->seq = 123456789012ULL;
	m->uid = "7.42";
	m->room = "#room";
	m->arg[0] = "0";
	m->arg[1] = "1";
	m->has_line = true;
	m->line.tags = "+draft/reply=abc";
	m->line.source = "alice!a@host";
	m->line.verb = "PRIVMSG";
	m->line.msgid = "01hq3v8k2m001";
	m->line.ms = 1796544632279LL;
	m->line.account = "alice";
	m->line.nparams = 2;
	m->line.params[0] = "#room";
	m->line.params[1] = "hello: a text with spaces";
}

static void
test_round_trip(void **state)
{
	struct cluster_msg	m, d;
	size_t			len;

	msg_fill(&m);
	len = cluster_msg_encode(&m, buf, sizeof buf);
	assert_true(len > 0);
	assert_true(cluster_msg_decode(&d, buf, len, copy));
	assert_int_equal(d.type, CLUSTER_MSG);
	assert_int_equal(d.node, 7);
	assert_true(d.seq == 123456789012ULL);
	assert_string_equal(d.uid, "7.42");
	assert_string_equal(d.room, "#room");
	assert_string_equal(d.target, "");
	assert_string_equal(d.arg[1], "1");
	assert_string_equal(d.arg[9], "");
	assert_true(d.has_line);
	assert_string_equal(d.line.tags, "+draft/reply=abc");
	assert_string_equal(d.line.source, "alice!a@host");
	assert_string_equal(d.line.msgid, "01hq3v8k2m001");
	assert_true(d.line.ms == 1796544632279LL);
	assert_string_equal(d.line.account, "alice");
	assert_int_equal(d.line.nparams, 2);
	assert_string_equal(d.line.params[1], "hello: a text with spaces");
}

static void
test_types(void **state)
{
	struct cluster_msg	m, d;
	size_t			len;

	cluster_msg_clear(&m);
	m.type = CLUSTER_USER;
	m.node = 1023;
	m.uid = "1023.1";
	m.arg[0] = "nick";
	m.arg[8] = "3#a 0#b";
	len = cluster_msg_encode(&m, buf, sizeof buf);
	assert_true(cluster_msg_decode(&d, buf, len, copy));
	assert_string_equal(d.arg[8], "3#a 0#b");
	assert_false(d.has_line);

	m.arg[0] = "bad nick";
	len = cluster_msg_encode(&m, buf, sizeof buf);
	assert_false(cluster_msg_decode(&d, buf, len, copy));

	cluster_msg_clear(&m);
	m.type = CLUSTER_JOIN;
	m.node = 1;
	m.uid = "1.1";
	len = cluster_msg_encode(&m, buf, sizeof buf);
	assert_false(cluster_msg_decode(&d, buf, len, copy));	/* no room */
	m.room = "#a";
	len = cluster_msg_encode(&m, buf, sizeof buf);
	assert_true(cluster_msg_decode(&d, buf, len, copy));

	/* A message goes to a room or a user, not both, not neither. */
	msg_fill(&m);
	m.target = "2.2";
	len = cluster_msg_encode(&m, buf, sizeof buf);
	assert_false(cluster_msg_decode(&d, buf, len, copy));
	m.room = "";
	len = cluster_msg_encode(&m, buf, sizeof buf);
	assert_true(cluster_msg_decode(&d, buf, len, copy));
}

static void
test_hostile(void **state)
{
	struct cluster_msg	m, d;
	size_t			len;

	msg_fill(&m);
	m.line.params[1] = "hi\r\nQUIT :injected";
	len = cluster_msg_encode(&m, buf, sizeof buf);
	assert_false(cluster_msg_decode(&d, buf, len, copy));

	msg_fill(&m);
	m.line.params[0] = "#room x";	/* a space before the last */
	len = cluster_msg_encode(&m, buf, sizeof buf);
	assert_false(cluster_msg_decode(&d, buf, len, copy));

	msg_fill(&m);
	m.uid = "7.x";
	len = cluster_msg_encode(&m, buf, sizeof buf);
	assert_false(cluster_msg_decode(&d, buf, len, copy));

	msg_fill(&m);
	m.node = 1024;
	len = cluster_msg_encode(&m, buf, sizeof buf);
	assert_false(cluster_msg_decode(&d, buf, len, copy));

	msg_fill(&m);
	len = cluster_msg_encode(&m, buf, sizeof buf);
	assert_false(cluster_msg_decode(&d, buf, len - 1, copy));
	assert_false(cluster_msg_decode(&d, buf, 0, copy));
	buf[len] = 'x';
	buf[len + 1] = '\0';
	assert_false(cluster_msg_decode(&d, buf, len + 2, copy));
	memcpy(buf, "tc2", 3);
	assert_false(cluster_msg_decode(&d, buf, len, copy));
	/* "07" is not the spelling of 7: it would not encode back. */
	assert_false(cluster_msg_decode(&d, "tc1\0P\0" "07\0" "1\0",
	    12, copy));
}

static void
test_too_long(void **state)
{
	struct cluster_msg	m;
	char			small[16];

	msg_fill(&m);
	assert_int_equal(cluster_msg_encode(&m, small, sizeof small), 0);
}

static void
test_uid(void **state)
{
	assert_true(cluster_msg_uid_valid("1.1"));
	assert_true(cluster_msg_uid_valid("1023.1844674407370955161"));
	assert_false(cluster_msg_uid_valid("1024.1"));
	assert_false(cluster_msg_uid_valid(".1"));
	assert_false(cluster_msg_uid_valid("1."));
	assert_false(cluster_msg_uid_valid("1"));
	assert_false(cluster_msg_uid_valid("01.1"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_uid),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
