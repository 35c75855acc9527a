/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Accounts: the database, the password rules, base64, and checks that
 * finish on a later loop turn from the worker thread. */

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

#include "base64.h"
#include "account.h"

static char			 dir[] = "/tmp/tui-chat-account.XXXXXX";
static struct event_base	*base;

struct result {
	int	 calls;
	int	 ok;
	char	 account[64];
};

static int
setup(void **state)
{
	char	*cause = NULL;

	assert_non_null(mkdtemp(dir));
	assert_non_null(base = event_base_new());
	assert_int_equal(account_open(dir, base, &cause), 0);
	return (0);
}

static int
teardown(void **state)
{
	char	cmd[128];

	account_close();
	event_base_free(base);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	return (0);
}

static void
done_cb(int ok, const char *account, void *arg)
{
	struct result	*r = arg;

	r->calls++;
	r->ok = ok;
	snprintf(r->account, sizeof r->account, "%s", account != NULL ?
	    account : "");
}

static void
guard_cb(evutil_socket_t fd, short events, void *arg)
{
}

/* Run the loop until r has its answer (bounded by a 20 s timer). */
static void
wait_for(struct result *r)
{
	struct timeval	 tv = { 20, 0 };
	struct event	*guard;

	guard = evtimer_new(base, guard_cb, NULL);
	evtimer_add(guard, &tv);
	while (r->calls == 0)
		if (event_base_loop(base, EVLOOP_ONCE) != 0 ||
		    !evtimer_pending(guard, NULL))
			break;
	event_free(guard);
}

static void
test_base64(void **state)
{
	char	out[64];
	int	n;

	assert_int_equal(base64_encode("\0alice\0pw", 9, out), 12);
	assert_string_equal(out, "AGFsaWNlAHB3");
	assert_int_equal(base64_encode("ab", 2, out), 4);
	assert_string_equal(out, "YWI=");
	assert_int_equal(base64_decode("YWI=", out, sizeof out), 2);
	assert_memory_equal(out, "ab", 2);
	n = base64_decode("AGFsaWNlAHB3", out, sizeof out);
	assert_int_equal(n, 9);
	assert_memory_equal(out, "\0alice\0pw", 9);
	assert_int_equal(base64_decode("", out, sizeof out), 0);
	assert_int_equal(base64_decode("YWI", out, sizeof out), -1);
	assert_int_equal(base64_decode("Y=I=", out, sizeof out), -1);
	assert_int_equal(base64_decode("YW!=", out, sizeof out), -1);
	assert_int_equal(base64_decode("YWI=YWI=", out, sizeof out), -1);
	assert_int_equal(base64_decode("YWJj", out, 2), -1);
}

static void
test_rules(void **state)
{
	assert_null(account_check("alice", "correct horse"));
	assert_string_equal(account_check("alice", "short"), "WEAK_PASSWORD");
	assert_string_equal(account_check("alice", "aaaaaaaaaaaa"),
	    "WEAK_PASSWORD");
	assert_string_equal(account_check("alice", "xxALICExx1"),
	    "WEAK_PASSWORD");
	assert_string_equal(account_check("alice", "password1"),
	    "WEAK_PASSWORD");
	assert_string_equal(account_check("9lives", "correct horse"),
	    "BAD_ACCOUNT_NAME");
	assert_string_equal(account_check("alice", "tab\there ok"),
	    "UNACCEPTABLE_PASSWORD");
}

static void
count_cb(const char *name, time_t created, void *arg)
{
	(*(int *)arg)++;
}

static void
test_add_find_del(void **state)
{
	char	*cause = NULL;
	int	 n = 0;

	assert_int_equal(account_add("Bob", "correct horse", &cause), 0);
	assert_string_equal(account_find("bob"), "Bob");
	assert_string_equal(account_find("BOB"), "Bob");
	assert_int_equal(account_add("bob", "correct horse", &cause), -1);
	free(cause);
	account_list(count_cb, &n);
	assert_int_equal(n, 1);
	assert_int_equal(account_certfp_add("bob", "AB:cd" "0123456789abcdef"
	    "0123456789abcdef0123456789abcdef0123456789ab", &cause), 0);
	assert_string_equal(account_by_certfp("abcd0123456789abcdef0123456789"
	    "abcdef0123456789abcdef0123456789ab"), "Bob");
	assert_int_equal(account_certfp_add("bob", "xyz", &cause), -1);
	free(cause);
	assert_int_equal(account_del("bob", &cause), 0);
	assert_null(account_find("bob"));
	assert_null(account_by_certfp("abcd0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789ab"));
	assert_int_equal(account_del("bob", &cause), -1);
	free(cause);
}

/* The answer never comes inside the call: only from the loop. */
static void
test_async(void **state)
{
	struct result	 r;
	char		*cause = NULL, *hash;

	assert_int_equal(account_add("carol", "correct horse", &cause), 0);
	memset(&r, 0, sizeof r);
	account_verify("CAROL", "correct horse", done_cb, &r);
	assert_int_equal(r.calls, 0);
	wait_for(&r);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.ok, 1);
	assert_string_equal(r.account, "carol");

	memset(&r, 0, sizeof r);
	account_verify("carol", "wrong horse", done_cb, &r);
	wait_for(&r);
	assert_int_equal(r.ok, 0);
	memset(&r, 0, sizeof r);
	account_verify("nobody", "correct horse", done_cb, &r);
	wait_for(&r);
	assert_int_equal(r.ok, 0);

	memset(&r, 0, sizeof r);
	account_register("dave", "another good one", done_cb, &r);
	assert_int_equal(r.calls, 0);
	wait_for(&r);
	assert_int_equal(r.ok, 1);
	assert_string_equal(account_find("dave"), "dave");
	memset(&r, 0, sizeof r);
	account_register("Dave", "another good one", done_cb, &r);
	wait_for(&r);
	assert_int_equal(r.ok, 0);

	hash = account_hash_password("oper secret", &cause);
	assert_non_null(hash);
	assert_true(account_hash_check(hash, "oper secret"));
	assert_false(account_hash_check(hash, "oper secreT"));
	memset(&r, 0, sizeof r);
	account_verify_hash("root", hash, "oper secret", done_cb, &r);
	wait_for(&r);
	assert_int_equal(r.ok, 1);
	assert_string_equal(r.account, "root");
	free(hash);
}

/* A cancelled check never calls back. */
static void
test_cancel(void **state)
{
	struct result	 r, other;

	memset(&r, 0, sizeof r);
	memset(&other, 0, sizeof other);
	account_verify("carol", "correct horse", done_cb, &r);
	account_verify("carol", "correct horse", done_cb, &other);
	account_cancel(&r);
	wait_for(&other);
	assert_int_equal(other.calls, 1);
	assert_int_equal(r.calls, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_add_find_del),
		cmocka_unit_test(test_async),
		cmocka_unit_test(test_cancel),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
