/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The room registry: two-way membership, modes and lists, and the fan-out
 * (one formatting, the same bytes for every member). conn_send_line() and
 * conn_caps() are replaced here by a recorder. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "conn.h"
#include "line.h"
#include "room.h"
#include "user.h"

#define SENT_MAX	64

struct sent {
	struct conn	*conn;
	const char	*buf;		/* the bytes handed over */
	char		 copy[IRC_FRAME_MAX + 3];
};
static struct sent	sent[SENT_MAX];
static int		nsent;

/* The recorder standing in for conn.c. */
void
conn_send_line(struct conn *c, struct line *l)
{
	const char	*buf;
	size_t		 len;

	if ((buf = line_get(l, c->caps, &len)) == NULL)
		return;
	assert_true(nsent < SENT_MAX);
	sent[nsent].conn = c;
	sent[nsent].buf = buf;
	memcpy(sent[nsent].copy, buf, len);
	sent[nsent].copy[len] = '\0';
	nsent++;
}

unsigned int
conn_caps(const struct conn *c)
{
	return (c == NULL ? 0 : c->caps);
}

static struct conn	conns[8];
static struct user	*users[8];

static int
setup(void **state)
{
	char	nick[16];
	int	i;

	user_init();
	room_init();
	nsent = 0;
	memset(conns, 0, sizeof conns);
	for (i = 0; i < 8; i++) {
		users[i] = user_new(&conns[i], "127.0.0.1");
		conns[i].user = users[i];
		snprintf(nick, sizeof nick, "u%d", i);
		assert_int_equal(user_set_nick(users[i], nick), 0);
	}
	return (0);
}

static int
teardown(void **state)
{
	int	i;

	for (i = 0; i < 8; i++) {
		room_part_all(users[i]);
		user_free(users[i]);
	}
	assert_int_equal(room_count(), 0);
	room_shutdown();
	user_shutdown();
	return (0);
}

static void
test_create_join_part(void **state)
{
	struct room	*r = room_new("#Room[1]");
	struct member	*m0, *m1;

	assert_ptr_equal(room_find("#room{1}"), r);
	assert_ptr_equal(room_find("#ROOM[1]"), r);
	assert_null(room_find("#room2"));
	assert_int_equal(room_count(), 1);
	m0 = room_join(r, users[0]);
	m1 = room_join(r, users[1]);
	assert_true(m0->modes & MEMBER_OP);	/* the creator is operator */
	assert_false(m1->modes & MEMBER_OP);
	assert_int_equal(r->nmembers, 2);
	assert_ptr_equal(room_member(r, users[0]), m0);
	assert_ptr_equal(room_member(r, users[1]), m1);
	assert_null(room_member(r, users[2]));
	assert_int_equal(users[0]->nrooms, 1);
	assert_false(room_part(m0));
	assert_null(room_member(r, users[0]));
	assert_int_equal(users[0]->nrooms, 0);
	assert_true(room_part(m1));		/* empty: gone */
	assert_null(room_find("#room[1]"));
	assert_int_equal(room_count(), 0);
}

static void
test_member_index_both_ways(void **state)
{
	struct room	*r[20];
	char		 name[16];
	int		 i, n;

	for (i = 0; i < 20; i++) {
		snprintf(name, sizeof name, "#r%d", i);
		r[i] = room_new(name);
		room_join(r[i], users[i % 3]);
		room_join(r[i], users[7]);
	}
	assert_int_equal(users[7]->nrooms, 20);
	for (i = 0; i < 20; i++) {
		assert_non_null(room_member(r[i], users[7]));
		assert_non_null(room_member(r[i], users[i % 3]));
		assert_null(room_member(r[i], users[(i + 1) % 3]));
	}
	/* Leaving everything costs the user's own rooms; rooms stay. */
	room_part_all(users[7]);
	assert_int_equal(users[7]->nrooms, 0);
	assert_int_equal(room_count(), 20);
	n = 0;
	for (i = 0; i < 3; i++)
		n += users[i]->nrooms;
	assert_int_equal(n, 20);
}

static void
test_fanout_same_bytes(void **state)
{
	struct room	*r = room_new("#f");
	struct line	 l;
	int		 i;

	for (i = 0; i < 5; i++)
		room_join(r, users[i]);
	line_init(&l, NULL, users[0]->prefix, "PRIVMSG", r->name, "hi there",
	    NULL);
	room_send(r, users[0], &l);
	assert_int_equal(nsent, 4);
	for (i = 0; i < 4; i++) {
		assert_ptr_equal(sent[i].conn, &conns[i + 1]);
		/* Formatted once: every member got the very same buffer. */
		assert_ptr_equal(sent[i].buf, sent[0].buf);
		assert_string_equal(sent[i].copy,
		    ":u0!*@127.0.0.1 PRIVMSG #f :hi there\r\n");
	}
}

static void
test_fanout_variants(void **state)
{
	struct room	*r = room_new("#v");
	struct line	 l;

	room_join(r, users[0]);
	room_join(r, users[1]);
	room_join(r, users[2]);
	conns[1].caps = CAP_SERVER_TIME;
	conns[2].caps = CAP_MESSAGE_TAGS;
	line_init(&l, "+typing=active", users[0]->prefix, "PRIVMSG", r->name,
	    "x", NULL);
	room_send(r, NULL, &l);
	assert_int_equal(nsent, 3);
	assert_string_equal(sent[0].copy, ":u0!*@127.0.0.1 PRIVMSG #v x\r\n");
	assert_true(strncmp(sent[1].copy, "@time=", 6) == 0);
	assert_non_null(strstr(sent[1].copy, "Z :u0!*@127.0.0.1 PRIVMSG"));
	assert_string_equal(sent[2].copy,
	    "@+typing=active :u0!*@127.0.0.1 PRIVMSG #v x\r\n");
	/* TAGMSG only reaches message-tags clients. */
	nsent = 0;
	line_init(&l, "+typing=active", users[0]->prefix, "TAGMSG", r->name,
	    NULL);
	room_send(r, NULL, &l);
	assert_int_equal(nsent, 1);
	assert_ptr_equal(sent[0].conn, &conns[2]);
}

static void
test_send_common_once(void **state)
{
	struct room	*a = room_new("#a"), *b = room_new("#b");
	struct line	 l;
	int		 i, seen[8] = { 0 };

	room_join(a, users[0]);
	room_join(b, users[0]);
	room_join(a, users[1]);
	room_join(b, users[1]);		/* shares both rooms */
	room_join(b, users[2]);
	room_join(room_new("#c"), users[3]);	/* shares nothing */
	line_init(&l, NULL, users[0]->prefix, "NICK", "newnick", NULL);
	room_send_common(users[0], &l, true, 0);
	for (i = 0; i < nsent; i++)
		seen[sent[i].conn - conns]++;
	assert_int_equal(seen[0], 1);
	assert_int_equal(seen[1], 1);
	assert_int_equal(seen[2], 1);
	assert_int_equal(seen[3], 0);
	assert_int_equal(nsent, 3);
	/* Only those with the capability (away-notify), not oneself. */
	nsent = 0;
	conns[2].caps = CAP_AWAY_NOTIFY;
	line_init(&l, NULL, users[0]->prefix, "AWAY", "gone", NULL);
	room_send_common(users[0], &l, false, CAP_AWAY_NOTIFY);
	assert_int_equal(nsent, 1);
	assert_ptr_equal(sent[0].conn, &conns[2]);
}

static void
test_bans_invites_hidden(void **state)
{
	struct room	*r = room_new("#b");

	room_join(r, users[0]);
	user_set_ident(users[1], "bad");
	assert_false(room_banned(r, users[1]));
	assert_int_equal(room_ban_add(r, "*!bad@*", "u0"), 0);
	assert_int_equal(room_ban_add(r, "*!BAD@*", "u0"), -1);
	assert_true(room_banned(r, users[1]));
	assert_false(room_banned(r, users[2]));
	assert_int_equal(room_ban_del(r, "*!bad@*"), 0);
	assert_int_equal(room_ban_del(r, "*!bad@*"), -1);
	assert_false(room_banned(r, users[1]));

	assert_false(room_hidden(r, users[1]));
	r->modes |= RMODE_INVITE;
	assert_true(room_hidden(r, users[1]));
	assert_false(room_hidden(r, users[0]));
	room_invite_add(r, users[1]);
	assert_true(room_invited(r, users[1]));
	room_join(r, users[1]);			/* joining uses it up */
	assert_false(room_invited(r, users[1]));
	r->modes &= ~RMODE_INVITE;
	room_set_key(r, "sekrit");
	assert_true(room_hidden(r, users[2]));
	assert_false(room_hidden(r, users[1]));
	room_set_key(r, NULL);
	assert_false(room_hidden(r, users[2]));
}

static void
test_ban_cache(void **state)
{
	struct room	*r = room_new("#c");
	struct member	*m;

	room_join(r, users[0]);
	m = room_join(r, users[1]);
	assert_false(room_member_banned(m));
	assert_int_equal(room_ban_add(r, "u1!*@*", "u0"), 0);
	assert_true(room_member_banned(m));	/* the ban list changed */
	assert_int_equal(user_set_nick(users[1], "other"), 0);
	assert_false(room_member_banned(m));	/* the nick changed */
	assert_int_equal(user_set_nick(users[1], "u1"), 0);
	assert_true(room_member_banned(m));
	assert_int_equal(room_ban_del(r, "u1!*@*"), 0);
	assert_false(room_member_banned(m));
}

static void
test_exceptions(void **state)
{
	struct room	*r = room_new("#e");
	struct member	*m;

	room_join(r, users[0]);
	m = room_join(r, users[1]);
	assert_int_equal(room_ban_add(r, "*!*@*", "u0"), 0);
	assert_true(room_banned(r, users[2]));
	assert_true(room_member_banned(m));
	assert_int_equal(room_list_add(r, 'e', "u1!*@*", "u0"), 0);
	assert_int_equal(room_list_add(r, 'e', "U1!*@*", "u0"), -1);
	assert_int_equal(r->nexcepts, 1);
	assert_false(room_member_banned(m));	/* the exceptions changed */
	assert_true(room_banned(r, users[2]));
	assert_int_equal(room_list_del(r, 'e', "u1!*@*"), 0);
	assert_int_equal(room_list_del(r, 'e', "u1!*@*"), -1);
	assert_true(room_member_banned(m));

	assert_false(room_invex(r, users[3]));
	assert_int_equal(room_list_add(r, 'I', "u3!*@*", "u0"), 0);
	assert_true(room_invex(r, users[3]));
	assert_false(room_invex(r, users[4]));
	assert_int_equal(room_list_add(r, 'x', "u3!*@*", "u0"), -1);
	assert_int_equal(room_list_del(r, 'I', "u3!*@*"), 0);
	assert_false(room_invex(r, users[3]));
	/* What is left is freed with the room. */
	assert_int_equal(room_list_add(r, 'e', "a!*@*", "u0"), 0);
	assert_int_equal(room_list_add(r, 'I', "b!*@*", "u0"), 0);
}

static void
test_topic_and_prefix(void **state)
{
	struct room	*r = room_new("#t");
	struct member	*m;
	char		 big[600];

	m = room_join(r, users[0]);
	assert_string_equal(room_member_prefix(m, false), "@");
	m->modes |= MEMBER_VOICE;
	assert_string_equal(room_member_prefix(m, false), "@");
	assert_string_equal(room_member_prefix(m, true), "@+");
	m->modes = MEMBER_VOICE;
	assert_string_equal(room_member_prefix(m, false), "+");
	room_set_topic(r, "hello", "u0");
	assert_string_equal(r->topic, "hello");
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	room_set_topic(r, big, "u0");
	assert_int_equal(strlen(r->topic), ROOM_TOPIC_MAX);
	room_set_topic(r, "", "u0");
	assert_null(r->topic);
}

static void
test_line_fits_512(void **state)
{
	struct line	 l;
	char		 text[600];
	const char	*buf;
	size_t		 len, i;

	/* 508 bytes of text: "é" (2 bytes) repeated, then the prefix. */
	for (i = 0; i + 2 <= 508; i += 2)
		memcpy(text + i, "\xc3\xa9", 2);
	text[i] = '\0';
	line_init(&l, NULL, "somebody!ident@192.168.100.200", "PRIVMSG",
	    "#room", text, NULL);
	buf = line_get(&l, 0, &len);
	assert_non_null(buf);
	assert_true(len <= IRC_LINE_MAX);
	assert_memory_equal(buf + len - 2, "\r\n", 2);
	/* Cut on a character boundary: the text (one word, so no ':')
	 * holds whole "é"s only. */
	assert_int_equal(len, IRC_LINE_MAX);
	assert_int_equal((len - 2 - strlen(":somebody!ident@192.168.100.200 "
	    "PRIVMSG #room ")) % 2, 0);
	/* The tags come on top of the 512 bytes. */
	buf = line_get(&l, CAP_SERVER_TIME, &len);
	assert_true(len > IRC_LINE_MAX);
	assert_true(strncmp(buf, "@time=", 6) == 0);
	assert_true(strlen(strchr(buf, ' ') + 1) <= IRC_LINE_MAX);
	/* The last parameter gets ':' only when it needs one. */
	line_init(&l, NULL, "n!u@h", "JOIN", "#r", NULL);
	buf = line_get(&l, 0, &len);
	assert_string_equal(buf, ":n!u@h JOIN #r\r\n");
	line_init(&l, NULL, "n!u@h", "TOPIC", "#r", "", NULL);
	buf = line_get(&l, 0, &len);
	assert_string_equal(buf, ":n!u@h TOPIC #r :\r\n");
	line_init(&l, NULL, "n!u@h", "PRIVMSG", "#r", ":)", NULL);
	buf = line_get(&l, 0, &len);
	assert_string_equal(buf, ":n!u@h PRIVMSG #r ::)\r\n");
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_create_join_part),
		T(test_member_index_both_ways),
		T(test_fanout_same_bytes),
		T(test_fanout_variants),
		T(test_send_common_once),
		T(test_bans_invites_hidden),
		T(test_ban_cache),
		T(test_exceptions),
		T(test_topic_and_prefix),
		T(test_line_fits_512),
	};
#undef T

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
