/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Playing back history: the batch table, the last-seen file, insertion
 * into the scrollback and the window model, and the session reading a
 * chathistory batch and asking for more (outgoing lines are captured with
 * -Wl,--wrap=net_send). */

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

#include <event2/event.h>

#include "batch.h"
#include "event.h"
#include "history.h"
#include "irc_msg.h"
#include "lastseen.h"
#include "scrollback.h"
#include "session.h"
#include "window.h"

static char	sent[64][IRC_LINE_MAX];
static int	nsent;
static char	dir[] = "/tmp/tui-chat-test-history.XXXXXX";
static char	path[256];

struct net;
int	__wrap_net_send(struct net *, const char *, size_t);

/* Record one outgoing line without its CRLF. */
int
__wrap_net_send(struct net *n, const char *line, size_t len)
{
	assert_true(len >= 2 && len <= IRC_LINE_MAX);
	if (nsent < 64) {
		memcpy(sent[nsent], line, len - 2);
		sent[nsent++][len - 2] = '\0';
	}
	return (0);
}

/* A line from the server. */
static void
server(const char *s)
{
	char	buf[IRC_FRAME_MAX + 1];

	snprintf(buf, sizeof buf, "%s", s);
	session_net_line(buf, strlen(buf));
}

static int
setup_dir(void **state)
{
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/lastseen", dir);
	return (0);
}

static int
teardown_dir(void **state)
{
	unlink(path);
	rmdir(dir);
	return (0);
}

static void
test_batch_table(void **state)
{
	struct batches	bs;
	struct batch	b;
	char		ref[16];
	int		i;

	batch_clear(&bs);
	assert_non_null(batch_start(&bs, "a", "chathistory", "#r", NULL));
	assert_null(batch_start(&bs, "a", "chathistory", "#r", NULL));
	assert_null(batch_start(&bs, "", "chathistory", NULL, NULL));
	assert_null(batch_start(&bs, "b c", "x", NULL, NULL));
	assert_null(batch_start(&bs, "b", "x", NULL, "nope"));
	assert_non_null(batch_start(&bs, "b", "netsplit", NULL, "a"));
	assert_non_null(batch_start(&bs, "c", "other", NULL, "b"));
	/* A line in c is inside a's chathistory batch, two levels up. */
	assert_string_equal(batch_within(&bs, "c", "chathistory")->ref, "a");
	assert_null(batch_within(&bs, "c", "labeled-response"));
	assert_null(batch_within(&bs, "zz", "chathistory"));
	/* Ending a closes what was inside it. */
	assert_int_equal(batch_end(&bs, "a", &b), 0);
	assert_string_equal(b.target, "#r");
	assert_int_equal(bs.n, 0);
	assert_int_equal(batch_end(&bs, "a", NULL), -1);
	/* The table is bounded. */
	for (i = 0; i < BATCH_OPEN_MAX; i++) {
		snprintf(ref, sizeof ref, "r%d", i);
		assert_non_null(batch_start(&bs, ref, "t", NULL, NULL));
	}
	assert_null(batch_start(&bs, "more", "t", NULL, NULL));
	assert_true(batch_ref_valid("abc", 3));
	assert_false(batch_ref_valid("abcd", 3));
	assert_false(batch_ref_valid("a\001", 3));
}

static void
test_lastseen_file(void **state)
{
	struct lastseen	 ls;
	struct timeval	 t1 = { 1000, 5000 }, t0 = { 10, 0 };
	char		*cause = NULL, buf[512];
	FILE		*f;

	assert_int_equal(lastseen_open(path, &cause), 0);	/* no file */
	assert_false(lastseen_get("h:1", "#r", &ls));
	lastseen_set("h:1", "#r", "m1", &t1);
	lastseen_set("h:1", "#r", "m0", &t0);	/* older: ignored */
	lastseen_set("h:1", "#bad room", "m", &t1);
	lastseen_set("h:1", "#q", NULL, &t1);
	assert_int_equal(lastseen_save(&cause), 0);
	assert_false(lastseen_dirty());
	lastseen_close();

	f = fopen(path, "a");
	assert_non_null(f);
	fputs("junk\nh:1 #x not-a-time m\nh:1 #y 2026-01-01T00:00:00.000Z "
	    "m extra\n\n", f);
	fclose(f);
	assert_int_equal(lastseen_open(path, &cause), 0);
	assert_true(lastseen_get("h:1", "#R", &ls));
	assert_string_equal(ls.msgid, "m1");
	assert_int_equal(ls.tv.tv_sec, 1000);
	assert_int_equal(ls.tv.tv_usec, 5000);
	assert_true(lastseen_get("h:1", "#q", &ls));
	assert_null(ls.msgid);
	assert_false(lastseen_get("h:1", "#x", &ls));
	assert_false(lastseen_get("h:1", "#y", &ls));
	assert_false(lastseen_get("h:2", "#r", &ls));
	lastseen_close();

	/* Written whole, through a rename: nothing else is left behind. */
	snprintf(buf, sizeof buf, "ls %s | wc -l", dir);
	f = popen(buf, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof buf, f));
	pclose(f);
	assert_int_equal(atoi(buf), 1);
}

static void
test_lastseen_bounded(void **state)
{
	struct lastseen	 ls;
	struct timeval	 tv = { 0, 0 };
	char		 room[32], *cause = NULL;
	int		 i;

	unlink(path);
	assert_int_equal(lastseen_open(path, &cause), 0);
	for (i = 0; i <= LASTSEEN_MAX; i++) {
		snprintf(room, sizeof room, "#r%d", i);
		tv.tv_sec = 100 + i;
		lastseen_set("h:1", room, "m", &tv);
	}
	assert_false(lastseen_get("h:1", "#r0", &ls));	/* the stalest */
	assert_true(lastseen_get("h:1", "#r1", &ls));
	assert_true(lastseen_get("h:1", room, &ls));
	lastseen_close();
	unlink(path);
}

static void
test_lastseen_unwritable(void **state)
{
	struct timeval	 tv = { 1, 0 };
	char		*cause = NULL;

	assert_int_equal(lastseen_open("/nonexistent/dir/lastseen", &cause),
	    0);
	lastseen_set("h:1", "#r", "m", &tv);
	assert_int_equal(lastseen_save(&cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "/nonexistent/dir/lastseen"));
	free(cause);
	lastseen_close();
}

static void
test_scrollback_insert(void **state)
{
	struct scrollback	*sb = scrollback_new(4);
	struct sb_line		 l;

	memset(&l, 0, sizeof l);
	scrollback_add(sb, 1, SB_MSG, 0, "a", "three");
	scrollback_add(sb, 1, SB_MSG, 0, "a", "four");
	l.kind = SB_MSG;
	l.text = (char *)"one";
	l.msgid = (char *)"id1";
	assert_int_equal(scrollback_insert(sb, 0, &l), 0);
	l.text = (char *)"two";
	l.msgid = (char *)"id2";
	assert_int_equal(scrollback_insert(sb, 1, &l), 0);
	assert_int_equal(scrollback_len(sb), 4);
	assert_string_equal(scrollback_get(sb, 0)->text, "one");
	assert_string_equal(scrollback_get(sb, 1)->text, "two");
	assert_string_equal(scrollback_get(sb, 2)->text, "three");
	assert_string_equal(scrollback_get(sb, 3)->text, "four");
	assert_true(scrollback_has_id(sb, "id2"));
	assert_false(scrollback_has_id(sb, "id3"));
	assert_int_equal(scrollback_room(sb), 0);
	assert_int_equal(scrollback_insert(sb, 0, &l), -1);	/* full */
	scrollback_free(sb);
}

/* A history message in room from nick with msgid. */
static void
post_history(const char *room, const char *text, const char *msgid)
{
	struct chat_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.type = CHAT_MSG;
	ev.flags = CHAT_HISTORY;
	ev.tv.tv_sec = 1000;
	ev.room = room;
	ev.from = "old";
	ev.text = text;
	ev.msgid = msgid;
	window_post(&ev);
}

static void
test_window_history(void **state)
{
	struct window		*w;
	const struct sb_line	*l;
	size_t			 n;

	window_init(100);
	w = window_open(WINDOW_ROOM, "#r");
	window_print(w, false, "joined");
	window_history_begin(w, false);
	post_history("#r", "h1", "m1");
	post_history("#r", "h2", "m2");
	post_history("#r", "h2 again", "m2");	/* a duplicate */
	window_history_end(w);
	n = scrollback_len(w->sb);
	assert_int_equal(n, 4);
	l = scrollback_get(w->sb, 1);
	assert_string_equal(l->text, "h1");
	assert_true(l->flags & SB_HISTORY);
	assert_string_equal(l->msgid, "m1");
	assert_int_equal(scrollback_get(w->sb, 3)->kind, SB_MARK);
	assert_int_equal(w->unread, 0);	/* old news */
	assert_string_equal(window_history_oldest(w)->msgid, "m1");

	/* Older lines go above, in order, and the view does not move. */
	w->scroll = 2;
	window_history_begin(w, true);
	post_history("#r", "o1", "m-2");
	post_history("#r", "o2", "m-1");
	window_history_end(w);
	assert_int_equal(scrollback_len(w->sb), 6);
	assert_string_equal(scrollback_get(w->sb, 0)->text, "o1");
	assert_string_equal(scrollback_get(w->sb, 1)->text, "o2");
	assert_string_equal(scrollback_get(w->sb, 2)->text, "joined");
	assert_int_equal(w->scroll, 2);
	assert_false(w->hist_done);
	/* An empty answer: nothing older is left. */
	window_history_begin(w, true);
	window_history_end(w);
	assert_true(w->hist_done);
	assert_int_equal(scrollback_len(w->sb), 6);	/* and no marker */
	window_free_all();
}

static int
setup_session(void **state)
{
	struct session_options	 so = { .nick = "me", .user = "me",
				    .realname = "Me", .ping_interval = 30 };
	struct event_base	*base = event_base_new();

	*state = base;
	window_init(100);
	session_init(base, &so);
	server(":srv CAP me ACK :batch message-tags draft/chathistory");
	server(":srv 001 me :Welcome");
	server(":srv 005 me CHATHISTORY=40 MSGREFTYPES=msgid,timestamp :ok");
	nsent = 0;
	return (0);
}

static int
teardown_session(void **state)
{
	session_free();
	window_free_all();
	event_base_free(*state);
	return (0);
}

static void
test_session_playback(void **state)
{
	struct window	*w;
	size_t		 n;

	w = window_open(WINDOW_ROOM, "#r");
	w->joined = true;
	/* PageUp in a room with no message yet: the latest lines, above. */
	assert_true(history_more(w));
	assert_string_equal(sent[0], "CHATHISTORY LATEST #r * 40");
	server(":srv BATCH +b0 chathistory #r");
	server(":srv BATCH -b0");
	assert_true(w->hist_done);
	nsent = 0;
	server(":me!u@h JOIN #r");
	assert_int_equal(nsent, 2);	/* and the nick list's WHO */
	assert_string_equal(sent[0], "CHATHISTORY LATEST #r * 40");
	assert_string_equal(sent[1], "WHO #r");
	assert_true(w->hist_pending);
	server(":srv BATCH +b1 chathistory #r");
	server("@batch=b1;time=2026-01-01T00:00:00.000Z;msgid=m1 "
	    ":a!u@h PRIVMSG #r :old \033[2Jtext");
	server("@batch=b1;msgid=m2 :a!u@h JOIN #r");	/* not asked for */
	server(":srv BATCH -b1");
	server("@msgid=m3 :a!u@h PRIVMSG #r :new");
	n = scrollback_len(w->sb);
	assert_string_equal(scrollback_get(w->sb, n - 1)->text, "new");
	assert_int_equal(scrollback_get(w->sb, n - 2)->kind, SB_MARK);
	assert_string_equal(scrollback_get(w->sb, n - 3)->text,
	    "old \xe2\x90\x9b[2Jtext");
	assert_true(scrollback_get(w->sb, n - 3)->flags & SB_HISTORY);
	assert_int_equal(scrollback_get(w->sb, n - 3)->time, 1767225600);
	assert_false(w->hist_pending);

	/* PageUp at the top: the page before the oldest message. */
	assert_true(history_more(w));
	assert_string_equal(sent[2], "CHATHISTORY BEFORE #r msgid=m1 40");
	assert_false(history_more(w));	/* one request at a time */
	server(":srv BATCH +b2 chathistory #r");
	server("@batch=b2;msgid=m0 :a!u@h PRIVMSG #r :older");
	server(":srv BATCH -b2");
	assert_string_equal(scrollback_get(w->sb, 0)->text, "older");
	/* A refusal ends the wait without more asking. */
	assert_true(history_more(w));
	server("FAIL CHATHISTORY MESSAGE_ERROR BEFORE #r :no");
	assert_false(w->hist_pending);
	assert_false(history_more(w));
}

/* The caps of history are asked for when the server plays it back,
 * whichever line of a multi-line CAP LS names them; else none of them. */
static void
test_session_caps(void **state)
{
	struct session_options	 so = { .nick = "me", .user = "me",
				    .realname = "Me", .ping_interval = 30 };
	struct event_base	*base = event_base_new();

	window_init(100);
	session_init(base, &so);
	session_net_connected();
	nsent = 0;
	server(":srv CAP * LS * :draft/chathistory sasl");
	assert_int_equal(nsent, 0);
	server(":srv CAP * LS :batch message-tags=x server-time");
	assert_int_equal(nsent, 1);
	assert_string_equal(sent[0], "CAP REQ :batch draft/chathistory "
	    "message-tags server-time");
	session_free();

	session_init(base, &so);
	session_net_connected();
	nsent = 0;
	server(":srv CAP * LS :batch message-tags server-time multi-prefix");
	assert_string_equal(sent[0], "CAP REQ :multi-prefix server-time");
	server(":srv CAP * ACK :multi-prefix server-time");
	assert_false(history_enabled());
	session_free();
	window_free_all();
	event_base_free(base);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batch_table),
		cmocka_unit_test(test_lastseen_file),
		cmocka_unit_test(test_lastseen_bounded),
		cmocka_unit_test(test_lastseen_unwritable),
		cmocka_unit_test(test_scrollback_insert),
		cmocka_unit_test(test_window_history),
		cmocka_unit_test_setup_teardown(test_session_playback,
		    setup_session, teardown_session),
		cmocka_unit_test(test_session_caps),
	};

	return (cmocka_run_group_tests(tests, setup_dir, teardown_dir));
}
