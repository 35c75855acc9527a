/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The command parser and what commands send: net_send is wrapped
 * (-Wl,--wrap=net_send), so the real session and command code run and
 * the test reads the lines that would go to the server. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <event2/event.h>

#include "event.h"
#include "command.h"
#include "irc_msg.h"
#include "net.h"
#include "scrollback.h"
#include "session.h"
#include "utf8.h"
#include "window.h"

struct net;
int	__wrap_net_send(struct net *, const char *, size_t);

static char		 sent[64][IRC_LINE_MAX + 1];
static const struct net	*sent_net[64];	/* which server's connection */
static int		 nsent;
static struct event_base *base;

/* Record one outgoing line (CRLF checked and removed). */
int
__wrap_net_send(struct net *n, const char *line, size_t len)
{
	assert_true(len >= 2 && len <= IRC_LINE_MAX);
	assert_memory_equal(line + len - 2, "\r\n", 2);
	assert_null(memchr(line, '\0', len));
	assert_null(memchr(line, '\n', len - 1));
	assert_null(memchr(line, '\r', len - 2));
	if (nsent < 64) {
		memcpy(sent[nsent], line, len - 2);
		sent_net[nsent] = n;
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

static const char *
last_line(struct window *w)
{
	size_t	n = scrollback_len(w->sb);

	return (n > 0 ? scrollback_get(w->sb, n - 1)->text : "");
}

static int
setup(void **state)
{
	struct session_options	so = { .nick = "me", .user = "me",
				    .realname = "Me", .ping_interval = 30 };

	base = event_base_new();
	window_init(100);
	session_init(base, &so);
	server(":srv 001 me :Welcome");
	nsent = 0;
	return (0);
}

static int
teardown(void **state)
{
	session_free();
	window_free_all();
	event_base_free(base);
	return (0);
}

static void
test_table(void **state)
{
	const struct command	*t;
	size_t			 n, i;

	t = command_table(&n);
	for (i = 1; i < n; i++)
		assert_true(strcmp(t[i - 1].name, t[i].name) < 0);
	assert_non_null(command_find("join"));
	assert_non_null(command_find("JOIN"));
	assert_null(command_find("frob"));
	for (i = 0; i < n; i++)
		assert_true(strncmp(t[i].usage, "/", 1) == 0);
}

static void
test_split(void **state)
{
	struct command_args	a;

	assert_int_equal(command_split(command_find("msg"), " bob  hello  "
	    "world", &a), 0);
	assert_int_equal(a.argc, 2);
	assert_string_equal(a.argv[0], "bob");
	assert_string_equal(a.argv[1], "hello  world");
	command_args_free(&a);
	assert_int_equal(command_split(command_find("msg"), " bob", &a), -1);
	assert_int_equal(command_split(command_find("clear"), " x", &a), -1);
	assert_int_equal(command_split(command_find("join"), "", &a), -1);
	assert_int_equal(command_split(command_find("part"), "", &a), 0);
	assert_int_equal(a.argc, 0);
	command_args_free(&a);
}

static void
test_hostport(void **state)
{
	char	host[64];
	int	port;

	assert_int_equal(command_hostport("example.org", host, sizeof host,
	    &port), 0);
	assert_string_equal(host, "example.org");
	assert_int_equal(port, 6667);
	assert_int_equal(command_hostport("10.0.0.1:7000", host, sizeof host,
	    &port), 0);
	assert_string_equal(host, "10.0.0.1");
	assert_int_equal(port, 7000);
	assert_int_equal(command_hostport("[::1]:7001", host, sizeof host,
	    &port), 0);
	assert_string_equal(host, "::1");
	assert_int_equal(port, 7001);
	assert_int_equal(command_hostport("::1", host, sizeof host, &port), 0);
	assert_string_equal(host, "::1");
	assert_int_equal(port, 6667);
	assert_int_equal(command_hostport("h:0", host, sizeof host, &port), -1);
	assert_int_equal(command_hostport("h:x", host, sizeof host, &port), -1);
	assert_int_equal(command_hostport("[::1", host, sizeof host, &port),
	    -1);
	assert_int_equal(command_hostport(":1", host, sizeof host, &port), -1);
}

static void
test_commands_send(void **state)
{
	command_input("/join #r");
	assert_string_equal(sent[0], "JOIN #r");
	assert_string_equal(window_current()->name, "#r");
	command_input("hello there");
	assert_string_equal(sent[1], "PRIVMSG #r :hello there");
	command_input("/me waves");
	assert_string_equal(sent[2], "PRIVMSG #r :\001ACTION waves\001");
	command_input("/msg bob hi bob");
	assert_string_equal(sent[3], "PRIVMSG bob :hi bob");
	command_input("//slash");
	assert_string_equal(sent[4], "PRIVMSG #r /slash");
	command_input("/topic new topic");
	assert_string_equal(sent[5], "TOPIC #r :new topic");
	command_input("/kick bob go away");
	assert_string_equal(sent[6], "KICK #r bob :go away");
	command_input("/mode +o bob");
	assert_string_equal(sent[7], "MODE #r +o bob");
	command_input("/quote PRIVMSG x :raw");
	assert_string_equal(sent[8], "PRIVMSG x raw");
	command_input("/part bye all");
	assert_string_equal(sent[9], "PART #r :bye all");
	assert_ptr_equal(window_current(), window_status());
	assert_int_equal(nsent, 10);
}

/* /connect adds a server; commands go to the current window's server,
 * and each server's lines land in its own windows. */
static void
test_two_servers(void **state)
{
	struct window		*a1, *a2;
	const struct net	*n1, *n2;

	command_input("/join #a");
	n1 = sent_net[0];
	a1 = window_current();
	net_init(base, NULL);
	command_input("/connect 127.0.0.1:1");	/* nothing listens: fine */
	assert_int_equal(session_count(), 2);
	assert_int_equal(window_current()->type, WINDOW_STATUS);
	assert_int_equal(window_number(window_current()), 3);
	session_net_connected();	/* the new one registers */
	n2 = sent_net[nsent - 1];
	assert_ptr_not_equal(n1, n2);
	server(":srv2 001 me :Welcome");
	nsent = 0;
	command_input("/join #a");
	assert_string_equal(sent[0], "JOIN #a");
	assert_ptr_equal(sent_net[0], n2);
	a2 = window_current();
	assert_ptr_not_equal(a1, a2);
	assert_int_equal(window_number(a2), 4);
	server(":bob!b@h PRIVMSG #a :on two");
	assert_string_equal(last_line(a2), "on two");
	assert_int_equal(a1->unread, 0);
	window_select(a1);
	command_input("hi one");
	assert_string_equal(sent[1], "PRIVMSG #a :hi one");
	assert_ptr_equal(sent_net[1], n1);
	command_input("/server 2");
	assert_ptr_equal(window_current(), window_by_number(3));
	command_input("/close");		/* connected: it stays */
	assert_int_equal(session_count(), 2);
	assert_string_equal(last_line(window_current()), "/disconnect first");
}

static void
test_usage_and_errors(void **state)
{
	struct window	*st = window_status();

	command_input("/kick");
	assert_string_equal(last_line(st), "usage: /kick NICK [REASON]");
	command_input("/frobnicate now");
	assert_string_equal(last_line(st),
	    "Unknown command: /frobnicate (see /help)");
	command_input("plain text");
	assert_non_null(strstr(last_line(st), "status window"));
	command_input("/join bad,room");
	assert_non_null(strstr(last_line(st), "Not a valid room"));
	command_input("/nick 9lives");
	assert_non_null(strstr(last_line(st), "Not a valid nick"));
	command_input("/win 7");
	assert_non_null(strstr(last_line(st), "No window 7"));
	assert_int_equal(nsent, 0);
}

/* Long text: several lines, each within the limit, none splitting a
 * UTF-8 character, and together the whole text. */
static void
test_split_long(void **state)
{
	char	text[3001], joined[4000] = "";
	int	i;

	for (i = 0; i < 1000; i++)
		memcpy(text + 3 * i, "\xe4\xb8\xad", 3);
	text[3000] = '\0';
	command_input("/join #r");
	nsent = 0;
	command_input(text);
	assert_true(nsent >= 7);
	for (i = 0; i < nsent; i++) {
		/* no space in the text: irc_fmt needs no ':' */
		assert_int_equal(strncmp(sent[i], "PRIVMSG #r ", 11), 0);
		assert_true(utf8_valid(sent[i] + 11, strlen(sent[i] + 11)));
		strcat(joined, sent[i] + 11);
	}
	assert_string_equal(joined, text);
}

/* What the server sends is sanitised once, before the model. */
static void
test_incoming_sanitised(void **state)
{
	struct window	*r;

	command_input("/join #r");
	server(":bob!b@h PRIVMSG #r :\033[31mred\033]0;title\007");
	r = window_find("#r");
	assert_string_equal(last_line(r),
	    "\xe2\x90\x9b[31mred\xe2\x90\x9b]0;title\xe2\x90\x87");
	server(":bob!b@h PRIVMSG #r :\001ACTION dances\001");
	assert_int_equal(scrollback_get(r->sb, scrollback_len(r->sb) - 1)->kind,
	    SB_ACTION);
	assert_string_equal(last_line(r), "dances");
	server(":bob!b@h PRIVMSG #r :hey me, look");
	assert_true(scrollback_get(r->sb, scrollback_len(r->sb) - 1)->flags &
	    SB_MENTION);
}

static void
test_casemapping_005(void **state)
{
	command_input("/join #a[b]");
	assert_non_null(window_find("#A{B}"));
	server(":srv 005 me CASEMAPPING=ascii :are supported by this server");
	assert_null(window_find("#A{B}"));
	assert_non_null(window_find("#A[B]"));
}

static void
test_ping_pong(void **state)
{
	server("PING :token123");
	assert_string_equal(sent[0], "PONG token123");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_split, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostport, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_servers, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_commands_send, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_usage_and_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_split_long, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_incoming_sanitised, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_casemapping_005, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ping_pong, setup,
		    teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
