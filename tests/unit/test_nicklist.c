/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The nick list model: NAMES with prefixes, sorting by rank then name,
 * modes with and without parameters, nick changes, quits, away, PREFIX. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "chat_event.h"
#include "nicklist.h"

static unsigned int	group = 1;	/* the server events come from */

static void
post(enum chat_event_type type, int flags, const char *room,
    const char *from, const char *target, const char *text)
{
	struct chat_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.type = type;
	ev.flags = flags;
	ev.room = room;
	ev.from = from;
	ev.target = target;
	ev.text = text;
	nicklist_post(group, &ev);
}

/* The list of room as "@a +b c" (prefix or nothing, then the nick). */
static const char *
list(const char *room)
{
	static char			 buf[1024];
	const struct nicklist_member	*m;
	size_t				 i, n;

	buf[0] = '\0';
	m = nicklist_get(group, room, &n);
	for (i = 0; i < n; i++) {
		if (i > 0)
			strlcat(buf, " ", sizeof buf);
		strlcat(buf, m[i].prefix, sizeof buf);
		strlcat(buf, m[i].nick, sizeof buf);
		if (m[i].away)
			strlcat(buf, "(away)", sizeof buf);
	}
	return (buf);
}

static int	nchanged;

static void
changed(void)
{
	nchanged++;
}

static int
teardown(void **state)
{
	nicklist_free_all();
	return (0);
}

static void
test_names_sorted(void **state)
{
	post(CHAT_JOIN, CHAT_SELF, "#r", "me", NULL, NULL);
	post(CHAT_NAMES, 0, "#r", NULL, NULL,
	    "zed +@bob me carol!c@host +amy carol @Al");
	assert_string_equal(list("#R"), "@Al @+bob +amy carol me zed");
	post(CHAT_JOIN, 0, "#r", "bea", NULL, NULL);
	post(CHAT_JOIN, 0, "#r", "BEA", NULL, NULL);	/* once */
	assert_string_equal(list("#r"), "@Al @+bob +amy bea carol me zed");
	assert_null(nicklist_get(1, "#other", &(size_t){ 1 }));
}

static void
test_modes(void **state)
{
	post(CHAT_NAMES, 0, "#r", NULL, NULL, "a b c");
	post(CHAT_MODE, 0, "#r", "a", NULL, "+ko+lv secret b 10 c");
	assert_string_equal(list("#r"), "@b +c a");
	post(CHAT_MODE, 0, "#r", "a", NULL, "-o+v-l b b");
	assert_string_equal(list("#r"), "+b +c a");
	post(CHAT_MODE, 0, "#r", "a", NULL, "+o");	/* no parameter */
	assert_string_equal(list("#r"), "+b +c a");
}

static void
test_people(void **state)
{
	post(CHAT_NAMES, 0, "#r", NULL, NULL, "@a b c");
	post(CHAT_NAMES, 0, "#s", NULL, NULL, "b d");
	post(CHAT_NICK, 0, NULL, "b", "aa", NULL);
	assert_string_equal(list("#r"), "@a aa c");
	assert_string_equal(list("#s"), "aa d");
	post(CHAT_AWAY, 0, NULL, "aa", NULL, "lunch");
	assert_string_equal(list("#s"), "aa(away) d");
	post(CHAT_AWAY, 0, NULL, "aa", NULL, "");
	assert_string_equal(list("#s"), "aa d");
	nicklist_set_observer(changed);
	nicklist_set_away(1, "#s", "D", true);	/* a WHO reply */
	nicklist_set_away(1, "#s", "d", true);	/* no change */
	nicklist_set_away(1, "#x", "d", false);	/* no such room */
	assert_string_equal(list("#s"), "aa d(away)");
	assert_int_equal(nchanged, 1);
	nicklist_set_observer(NULL);
	post(CHAT_QUIT, 0, NULL, "aa", NULL, "bye");
	assert_string_equal(list("#r"), "@a c");
	assert_string_equal(list("#s"), "d(away)");
	post(CHAT_PART, 0, "#r", "c", NULL, NULL);
	post(CHAT_KICK, 0, "#s", "x", "d", NULL);
	assert_string_equal(list("#r"), "@a");
	assert_string_equal(list("#s"), "");
	post(CHAT_PART, CHAT_SELF, "#r", "me", NULL, NULL);
	assert_null(nicklist_get(1, "#r", &(size_t){ 1 }));
	post(CHAT_NAMES, 0, "#t", NULL, NULL, "x");
	post(CHAT_DISCONNECTED, 0, NULL, NULL, NULL, "gone");
	assert_null(nicklist_get(1, "#t", &(size_t){ 1 }));
}

static void
test_isupport(void **state)
{
	nicklist_isupport(1, "PREFIX=(qaohv)~&@%+");
	nicklist_isupport(1, "CHANMODES=beI,k,lj,imnst");
	nicklist_isupport(1, "PREFIX=(ov)@");	/* malformed: ignored */
	post(CHAT_NAMES, 0, "#r", NULL, NULL, "d %c ~a &b +e");
	assert_string_equal(list("#r"), "~a &b %c +e d");
	post(CHAT_MODE, 0, "#r", NULL, NULL, "+jh 5:2 d");
	assert_string_equal(list("#r"), "~a &b %c %d +e");
	post(CHAT_MODE, 0, "#r", NULL, NULL, "+qo e e");
	assert_string_equal(list("#r"), "~a ~@+e &b %c %d");
}

/* Two servers with a room of the same name: two lists; one server lost
 * empties its own rooms only. */
static void
test_servers(void **state)
{
	post(CHAT_NAMES, 0, "#r", NULL, NULL, "@a b");
	group = 2;
	nicklist_isupport(2, "PREFIX=(qov)~@+");	/* server 2's own */
	post(CHAT_NAMES, 0, "#q", NULL, NULL, "b c");
	post(CHAT_MODE, 0, "#q", NULL, NULL, "+q c");
	assert_string_equal(list("#q"), "~c b");
	post(CHAT_NAMES, 0, "#r", NULL, NULL, "x y");
	post(CHAT_QUIT, 0, NULL, "b", NULL, "bye");	/* not server 1's b */
	assert_string_equal(list("#r"), "x y");
	nicklist_set_away(2, "#r", "x", true);
	post(CHAT_DISCONNECTED, 0, NULL, NULL, NULL, "gone");
	assert_null(nicklist_get(2, "#r", &(size_t){ 1 }));
	group = 1;
	assert_string_equal(list("#r"), "@a b");
	post(CHAT_NAMES, 0, "#q", NULL, NULL, "b c");
	post(CHAT_MODE, 0, "#q", NULL, NULL, "+q c");	/* no +q here */
	assert_string_equal(list("#q"), "b c");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_names_sorted, teardown),
		cmocka_unit_test_teardown(test_modes, teardown),
		cmocka_unit_test_teardown(test_people, teardown),
		cmocka_unit_test_teardown(test_isupport, teardown),
		cmocka_unit_test_teardown(test_servers, teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
