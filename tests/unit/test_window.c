/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The window model: routing of events, unread counts, bounded scrollback,
 * members, drafts, numbering and case mapping; windows grouped per
 * server. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "event.h"
#include "scrollback.h"
#include "utf8.h"
#include "window.h"

static int	observed;
static struct window *switched_from, *switched_to;

static void
observe(const struct chat_event *ev, struct window *w, void *arg)
{
	observed++;
}

static void
on_switch(struct window *from, struct window *to, void *arg)
{
	switched_from = from;
	switched_to = to;
}

static int
setup(void **state)
{
	window_init(5);
	window_set_self("me");
	window_set_casemap(IRC_CASE_RFC1459);
	window_set_observer(observe, NULL);
	window_set_switch(on_switch, NULL);
	observed = 0;
	return (0);
}

static int
teardown(void **state)
{
	window_free_all();
	return (0);
}

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
	window_post(&ev);
}

static void
test_status_first(void **state)
{
	assert_non_null(window_status());
	assert_ptr_equal(window_current(), window_status());
	assert_int_equal(window_number(window_status()), 1);
	window_close(window_status());		/* refused */
	assert_int_equal(window_count(), 1);
}

static void
test_join_and_unread(void **state)
{
	struct window	*a;

	post(CHAT_JOIN, CHAT_SELF, "#a", "me", NULL, NULL);
	a = window_find("#A");
	assert_non_null(a);
	assert_true(a->joined);
	assert_ptr_equal(window_by_number(2), a);
	assert_ptr_equal(window_current(), window_status());
	post(CHAT_JOIN, 0, "#a", "bob", NULL, NULL);
	assert_true(window_has_nick(a, "BOB"));
	post(CHAT_MSG, 0, "#a", "bob", NULL, "hi");
	post(CHAT_MSG, CHAT_MENTION, "#a", "bob", NULL, "me: hi");
	assert_int_equal(a->unread, 2);
	assert_true(a->mention);
	assert_int_equal(observed, 4);
	window_select(a);
	assert_ptr_equal(switched_from, window_status());
	assert_ptr_equal(switched_to, a);
	assert_int_equal(a->unread, 0);
	assert_false(a->mention);
	post(CHAT_MSG, 0, "#a", "bob", NULL, "seen");
	assert_int_equal(a->unread, 0);
}

/*
 * The ring grows from a few slots to its cap as lines come: lines put in
 * front (history played back above) and behind keep their order across
 * each growth, every line keeps its nick, text and msgid, a long text is
 * cut with a mark, and past the cap the oldest go.
 */
static void
test_scrollback_grows(void **state)
{
	struct scrollback	*sb = scrollback_new(100);
	struct sb_line		 l = { .kind = SB_MSG };
	const struct sb_line	*got;
	char			 text[16], id[16], odd[] = "odd", *big;
	int			 i;

	for (i = 0; i < 10; i++) {	/* m50..m59 */
		snprintf(text, sizeof text, "m%d", 50 + i);
		scrollback_add(sb, 0, SB_MSG, 0, "bob", text);
	}
	for (i = 49; i >= 0; i--) {	/* m0..m49, each above the rest */
		snprintf(text, sizeof text, "m%d", i);
		snprintf(id, sizeof id, "id%d", i);
		l.text = text;
		l.msgid = id;
		l.nick = i % 2 ? odd : NULL;
		assert_int_equal(scrollback_insert(sb, 0, &l), 0);
	}
	for (i = 60; i < 100; i++) {
		snprintf(text, sizeof text, "m%d", i);
		scrollback_add(sb, 0, SB_MSG, 0, "bob", text);
	}
	assert_int_equal(scrollback_len(sb), 100);
	assert_int_equal(scrollback_room(sb), 0);
	assert_int_equal(scrollback_insert(sb, 0, &l), -1);
	for (i = 0; i < 100; i++) {
		got = scrollback_get(sb, (size_t)i);
		snprintf(text, sizeof text, "m%d", i);
		assert_string_equal(got->text, text);
		if (i < 50) {
			snprintf(id, sizeof id, "id%d", i);
			assert_string_equal(got->msgid, id);
			if (i % 2)
				assert_string_equal(got->nick, "odd");
			else
				assert_null(got->nick);
		} else {
			assert_null(got->msgid);
			assert_string_equal(got->nick, "bob");
		}
	}
	assert_true(scrollback_has_id(sb, "id7"));
	assert_false(scrollback_has_id(sb, "id50"));
	big = malloc(9000);
	assert_non_null(big);
	memset(big, 'x', 8999);
	big[8999] = '\0';
	scrollback_add(sb, 0, SB_INFO, 0, NULL, big);
	free(big);
	assert_int_equal(scrollback_len(sb), 100);
	assert_string_equal(scrollback_get(sb, 0)->text, "m1");
	got = scrollback_get(sb, 99);
	assert_int_equal(strlen(got->text), 8192 + strlen(" [...]"));
	assert_string_equal(got->text + 8192, " [...]");
	assert_null(got->nick);
	scrollback_free(sb);
}

static void
test_scrollback_bounded(void **state)
{
	struct window	*a;
	char		 text[16];
	int		 i;

	post(CHAT_JOIN, CHAT_SELF, "#a", "me", NULL, NULL);
	a = window_find("#a");
	for (i = 0; i < 20; i++) {
		snprintf(text, sizeof text, "m%d", i);
		post(CHAT_MSG, 0, "#a", "bob", NULL, text);
	}
	assert_int_equal(scrollback_len(a->sb), 5);
	assert_string_equal(scrollback_get(a->sb, 0)->text, "m15");
	assert_string_equal(scrollback_get(a->sb, 4)->text, "m19");
	window_scroll(a, 100);
	assert_int_equal(a->scroll, 4);
	window_scroll(a, -100);
	assert_int_equal(a->scroll, 0);
}

static void
test_long_line_cut(void **state)
{
	struct window	*a;
	char		*big;
	const char	*kept;
	size_t		 i;

	big = malloc(100000 + 1);
	assert_non_null(big);
	for (i = 0; i + 3 <= 100000; i += 3)
		memcpy(big + i, "\xe4\xb8\xad", 3);	/* 中 */
	big[i] = '\0';
	post(CHAT_MSG, 0, "#a", "bob", NULL, big);
	a = window_find("#a");
	kept = scrollback_get(a->sb, 0)->text;
	assert_true(strlen(kept) <= 8192 + 8);
	assert_int_equal(strcmp(kept + strlen(kept) - 6, " [...]"), 0);
	assert_true(utf8_valid(kept, strlen(kept)));
	free(big);
}

/* Away changes (away-notify) make lines only in a query with the person. */
static void
test_away(void **state)
{
	struct window	*a, *q;
	size_t		 n;

	post(CHAT_JOIN, CHAT_SELF, "#a", "me", NULL, NULL);
	post(CHAT_JOIN, 0, "#a", "bob", NULL, NULL);
	a = window_find("#a");
	window_select(a);
	n = scrollback_len(a->sb);
	post(CHAT_AWAY, 0, NULL, "bob", NULL, "lunch");
	post(CHAT_AWAY, 0, NULL, "bob", NULL, "");
	assert_int_equal(scrollback_len(a->sb), n);
	assert_int_equal(scrollback_len(window_status()->sb), 0);
	post(CHAT_MSG, CHAT_PRIVATE, NULL, "bob", "me", "psst");
	q = window_find("bob");
	assert_non_null(q);
	post(CHAT_AWAY, 0, NULL, "Bob", NULL, "lunch");
	assert_string_equal(scrollback_get(q->sb, 1)->text,
	    "Bob is away: lunch");
	post(CHAT_AWAY, 0, NULL, "bob", NULL, NULL);
	assert_string_equal(scrollback_get(q->sb, 2)->text, "bob is back");
	assert_int_equal(scrollback_len(a->sb), n);
}

static void
test_private_and_nick(void **state)
{
	struct window	*q, *a;

	post(CHAT_JOIN, CHAT_SELF, "#a", "me", NULL, NULL);
	post(CHAT_JOIN, 0, "#a", "bob", NULL, NULL);
	post(CHAT_MSG, CHAT_PRIVATE, NULL, "bob", "me", "psst");
	q = window_find("bob");
	assert_non_null(q);
	assert_int_equal(q->type, WINDOW_QUERY);
	assert_true(q->mention);	/* a private message counts as one */
	post(CHAT_MSG, CHAT_PRIVATE | CHAT_SELF, NULL, "me", "bob", "yes");
	assert_int_equal(scrollback_len(q->sb), 2);
	post(CHAT_NICK, 0, NULL, "bob", "robert", NULL);
	assert_string_equal(q->name, "robert");
	a = window_find("#a");
	assert_true(window_has_nick(a, "robert"));
	assert_false(window_has_nick(a, "bob"));
	post(CHAT_QUIT, 0, NULL, "robert", NULL, "bye");
	assert_false(window_has_nick(a, "robert"));
	assert_string_equal(scrollback_get(a->sb,
	    scrollback_len(a->sb) - 1)->text, "robert has quit (bye)");
}

static void
test_names_and_part(void **state)
{
	struct window	*a;

	post(CHAT_JOIN, CHAT_SELF, "#a", "me", NULL, NULL);
	post(CHAT_NAMES, 0, "#a", NULL, NULL, "@me +bob carol!c@h");
	a = window_find("#a");
	assert_int_equal(a->nnicks, 3);
	assert_true(window_has_nick(a, "carol"));
	post(CHAT_PART, 0, "#a", "carol", NULL, "later");
	assert_false(window_has_nick(a, "carol"));
	post(CHAT_KICK, 0, "#a", "me", "bob", NULL);
	assert_false(window_has_nick(a, "bob"));
	post(CHAT_TOPIC, 0, "#a", NULL, NULL, "the topic");
	assert_string_equal(a->topic, "the topic");
}

static void
test_numbers_and_close(void **state)
{
	struct window	*a, *b;

	a = window_open(WINDOW_ROOM, "#a");
	b = window_open(WINDOW_ROOM, "#b");
	assert_int_equal(window_number(b), 3);
	window_select(b);
	window_next();
	assert_ptr_equal(window_current(), window_status());	/* wraps */
	window_prev();
	assert_ptr_equal(window_current(), b);
	window_close(b);
	assert_ptr_equal(window_current(), a);
	assert_null(window_by_number(3));
	assert_int_equal(window_count(), 2);
}

static void
test_drafts(void **state)
{
	struct window	*a = window_open(WINDOW_ROOM, "#a");

	window_set_draft(a, "half typed", 4);
	assert_string_equal(a->draft, "half typed");
	assert_int_equal(a->draft_point, 4);
	window_set_draft(a, "", 0);
	assert_null(a->draft);
}

static void
test_casemap(void **state)
{
	window_open(WINDOW_ROOM, "#a[x]");
	assert_non_null(window_find("#A{X}"));
	window_set_casemap(IRC_CASE_ASCII);
	assert_null(window_find("#A{X}"));
	assert_non_null(window_find("#A[X]"));
}

static void
test_mentions(void **state)
{
	assert_true(window_mentions("hi me!", "me"));
	assert_true(window_mentions("ME: look", "me"));
	assert_false(window_mentions("meet", "me"));
	assert_false(window_mentions("some", "me"));
	assert_false(window_mentions("", "me"));
	assert_true(window_mentions("x (me) y", "me"));
	assert_false(window_mentions("x [me] y", "me"));	/* [ is a nick char */
}

/* The number of lines w holds. */
static size_t
lines(struct window *w)
{
	return (scrollback_len(w->sb));
}

/* Two servers: each one's windows together, its status window first;
 * names, routing and QUIT stay within a server. */
static void
test_groups_numbering(void **state)
{
	struct window	*a1, *c1, *x2, *a2, *s2;

	window_set_group(1);
	post(CHAT_JOIN, CHAT_SELF, "#a", "me", NULL, NULL);
	window_group_add(2, "b:6667");
	window_set_group(2);
	window_set_self("me2");
	post(CHAT_JOIN, CHAT_SELF, "#x", "me2", NULL, NULL);
	window_set_group(1);
	post(CHAT_JOIN, CHAT_SELF, "#c", "me", NULL, NULL);
	window_set_group(2);
	post(CHAT_JOIN, CHAT_SELF, "#a", "me2", NULL, NULL);
	s2 = window_status();
	x2 = window_find("#x");
	a2 = window_find("#a");
	window_set_group(1);
	a1 = window_find("#a");
	c1 = window_find("#c");
	assert_non_null(a1);
	assert_non_null(a2);
	assert_ptr_not_equal(a1, a2);
	assert_null(window_find("#x"));
	/* 1 status, 2 #a, 3 #c | 4 status, 5 #x, 6 #a */
	assert_int_equal(window_count(), 6);
	assert_ptr_equal(window_by_number(1), window_status());
	assert_ptr_equal(window_by_number(2), a1);
	assert_ptr_equal(window_by_number(3), c1);
	assert_ptr_equal(window_by_number(4), s2);
	assert_ptr_equal(window_by_number(5), x2);
	assert_ptr_equal(window_by_number(6), a2);
	assert_int_equal(window_group_count(), 2);
	assert_string_equal(window_group_label(2), "b:6667");
	assert_string_equal(window_group_label(1), "");
	assert_string_equal(window_self(), "me");

	/* A message to #a of server 2 goes to its #a only. */
	window_set_group(2);
	assert_string_equal(window_self(), "me2");
	post(CHAT_JOIN, 0, "#a", "bob", NULL, NULL);
	post(CHAT_MSG, 0, "#a", "bob", NULL, "hi");
	assert_int_equal(a2->unread, 1);
	assert_int_equal(a1->unread, 0);
	window_set_group(1);
	post(CHAT_JOIN, 0, "#a", "bob", NULL, NULL);
	/* bob quits server 2: server 1's #a keeps him. */
	window_set_group(2);
	post(CHAT_QUIT, 0, NULL, "bob", NULL, "bye");
	assert_false(window_has_nick(a2, "bob"));
	assert_true(window_has_nick(a1, "bob"));

	/* Unset, the active group is the current window's. */
	window_set_group(0);
	assert_int_equal(window_group(), 1);
	window_select(x2);
	assert_int_equal(window_group(), 2);
	assert_ptr_equal(window_status(), s2);
	assert_ptr_equal(window_find("#a"), a2);
}

/* A reply of a server whose windows are not in view goes to its own
 * status window, not to the window of another server in view. */
static void
test_groups_here(void **state)
{
	struct window	*a1, *s2;
	size_t		 n;

	post(CHAT_JOIN, CHAT_SELF, "#a", "me", NULL, NULL);
	a1 = window_find("#a");
	window_select(a1);
	window_group_add(2, "b:6667");
	window_set_group(2);
	s2 = window_status();
	n = lines(a1);
	post(CHAT_INFO, CHAT_HERE, NULL, NULL, NULL, "a reply");
	post(CHAT_ERROR, 0, NULL, NULL, NULL, "an error");
	post(CHAT_DISCONNECTED, 0, NULL, NULL, NULL, "lost");
	window_print(NULL, true, "not connected");
	assert_int_equal(lines(a1), n);
	assert_int_equal(lines(s2), 4);
	window_set_group(1);
	post(CHAT_INFO, CHAT_HERE, NULL, NULL, NULL, "a reply");
	assert_int_equal(lines(a1), n + 1);
}

/* Removing a server closes its windows; the view moves to another. */
static void
test_groups_remove(void **state)
{
	struct window	*x2;

	window_group_add(2, "b:6667");
	window_set_group(2);
	window_set_self("me");
	post(CHAT_JOIN, CHAT_SELF, "#x", "me", NULL, NULL);
	x2 = window_find("#x");
	window_set_group(0);
	window_select(x2);
	assert_int_equal(window_count(), 3);
	window_group_remove(2);
	assert_int_equal(window_count(), 1);
	assert_int_equal(window_group_count(), 1);
	assert_ptr_equal(window_current(), window_status());
	assert_int_equal(window_group(), 1);
	window_group_remove(1);		/* the last one stays */
	assert_int_equal(window_count(), 1);
}

/* window_reset leaves what window_init made: one server, its status
 * window current and empty, no other window, no nick of ours; a room
 * opened after it starts fresh too. The status window is the same one. */
static void
test_reset(void **state)
{
	struct window	*status = window_status();

	post(CHAT_INFO, 0, NULL, NULL, NULL, "hello");
	post(CHAT_JOIN, CHAT_SELF, "#a", "me", NULL, NULL);
	post(CHAT_TOPIC, 0, "#a", NULL, NULL, "the topic");
	post(CHAT_NAMES, 0, "#a", NULL, NULL, "@me bob");
	window_select(window_find("#a"));
	window_group_add(2, "b:6667");
	window_set_group(2);
	window_set_self("other");
	post(CHAT_JOIN, CHAT_SELF, "#b", "other", NULL, NULL);
	window_set_group(0);
	window_select(status);
	post(CHAT_MSG, 0, "#a", "bob", NULL, "unread here");
	assert_true(window_find("#a")->unread > 0);
	assert_int_equal(window_count(), 4);

	window_reset();
	assert_int_equal(window_count(), 1);
	assert_int_equal(window_group_count(), 1);
	assert_int_equal(window_group(), 1);
	assert_ptr_equal(window_status(), status);
	assert_ptr_equal(window_current(), status);
	assert_int_equal(scrollback_len(status->sb), 0);
	assert_int_equal(status->unread, 0);
	assert_false(status->activity);
	assert_null(status->topic);
	assert_int_equal(status->nnicks, 0);
	assert_string_equal(window_self(), "");
	assert_string_equal(window_group_label(1), "");
	assert_null(window_find("#a"));

	window_set_self("me");
	post(CHAT_JOIN, CHAT_SELF, "#a", "me", NULL, NULL);
	assert_int_equal(window_count(), 2);
	assert_null(window_find("#a")->topic);
	assert_int_equal(window_find("#a")->nnicks, 1);
	assert_int_equal(window_number(window_find("#a")), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_status_first, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_join_and_unread, setup,
		    teardown),
		cmocka_unit_test(test_scrollback_grows),
		cmocka_unit_test_setup_teardown(test_scrollback_bounded, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_long_line_cut, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_away, setup, teardown),
		cmocka_unit_test_setup_teardown(test_private_and_nick, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_names_and_part, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_numbers_and_close, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_drafts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_casemap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mentions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_groups_numbering, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_groups_here, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_groups_remove, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reset, setup, teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
