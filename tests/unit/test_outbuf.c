/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The daemon's flat output queue: order kept across partial writes,
 * compaction, growth, and no memory held once everything is written. */

#include <sys/socket.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "outbuf.h"

/* A non-blocking socket pair with a small send buffer, so that writes
 * can be partial. */
static void
pair(int sv[2])
{
	int	size = 4096;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &size,
	    sizeof size), 0);
	assert_int_equal(fcntl(sv[0], F_SETFL, O_NONBLOCK), 0);
	assert_int_equal(fcntl(sv[1], F_SETFL, O_NONBLOCK), 0);
}

/* Read everything the peer has now, appending to got at *len. */
static void
drain(int fd, char *got, size_t size, size_t *len)
{
	ssize_t	n;

	while ((n = read(fd, got + *len, size - *len)) > 0)
		*len += (size_t)n;
	assert_true(n == -1 && errno == EAGAIN);
}

static void
test_empty(void **state)
{
	struct outbuf	ob = { 0 };
	int		sv[2];

	pair(sv);
	assert_int_equal(outbuf_length(&ob), 0);
	assert_int_equal(outbuf_write(&ob, sv[0]), 0);
	outbuf_add(&ob, "", 0);
	assert_null(ob.buf);
	close(sv[0]);
	close(sv[1]);
}

static void
test_written_then_freed(void **state)
{
	struct outbuf	ob = { 0 };
	char		got[64];
	size_t		len = 0;
	int		sv[2];

	pair(sv);
	outbuf_add(&ob, "PING a\r\n", 8);
	outbuf_add(&ob, "PING b\r\n", 8);
	assert_int_equal(outbuf_length(&ob), 16);
	assert_int_equal(outbuf_write(&ob, sv[0]), 16);
	assert_int_equal(outbuf_length(&ob), 0);
	assert_null(ob.buf);		/* an idle connection holds nothing */
	assert_int_equal(ob.hint, 16);
	drain(sv[1], got, sizeof got, &len);
	assert_int_equal(len, 16);
	assert_memory_equal(got, "PING a\r\nPING b\r\n", 16);
	close(sv[0]);
	close(sv[1]);
}

/* Many partial writes with adds in between: the peer reads every byte
 * once, in order, and the buffer never grows past what is unwritten
 * plus one add (the written front is reused). */
static void
test_partial_writes_keep_order(void **state)
{
	struct outbuf	 ob = { 0 };
	char		*want, *got, line[100];
	size_t		 wlen = 0, glen = 0, size = 1 << 20;
	int		 sv[2], i;
	ssize_t		 n;

	pair(sv);
	want = malloc(size);
	got = malloc(size);
	assert_non_null(want);
	assert_non_null(got);
	for (i = 0; i < 5000; i++) {
		n = snprintf(line, sizeof line, ":n!u@h PRIVMSG #r :%d\r\n", i);
		outbuf_add(&ob, line, (size_t)n);
		memcpy(want + wlen, line, (size_t)n);
		wlen += (size_t)n;
		if (i % 7 == 0) {
			n = outbuf_write(&ob, sv[0]);
			assert_true(n > 0 || (n == -1 && errno == EAGAIN));
		}
		if (i % 50 == 0)
			drain(sv[1], got, size, &glen);
		assert_true(ob.cap <= 2 * (outbuf_length(&ob) + 2048));
	}
	while (outbuf_length(&ob) != 0) {
		n = outbuf_write(&ob, sv[0]);
		assert_true(n > 0 || (n == -1 && errno == EAGAIN));
		drain(sv[1], got, size, &glen);
	}
	drain(sv[1], got, size, &glen);
	assert_int_equal(glen, wlen);
	assert_memory_equal(got, want, wlen);
	assert_null(ob.buf);
	free(want);
	free(got);
	close(sv[0]);
	close(sv[1]);
}

/* A write to a closed peer fails with errno; clearing frees. */
static void
test_error_and_clear(void **state)
{
	struct outbuf	ob = { 0 };
	int		sv[2];

	pair(sv);
	close(sv[1]);
	outbuf_add(&ob, "x\r\n", 3);
	assert_int_equal(outbuf_write(&ob, sv[0]), -1);
	assert_int_equal(errno, EPIPE);
	assert_int_equal(outbuf_length(&ob), 3);
	outbuf_clear(&ob);
	assert_int_equal(outbuf_length(&ob), 0);
	assert_null(ob.buf);
	close(sv[0]);
}

/* A big first add is taken whole; the next buffer starts near the size
 * the last one carried, within a bound. */
static void
test_growth_and_hint(void **state)
{
	struct outbuf	 ob = { 0 };
	char		*big;
	int		 sv[2];

	pair(sv);
	outbuf_free_spares();	/* a spare would be taken instead */
	big = calloc(1, 300000);
	assert_non_null(big);
	outbuf_add(&ob, big, 300000);
	assert_int_equal(outbuf_length(&ob), 300000);
	assert_true(ob.cap >= 300000);
	outbuf_clear(&ob);
	ob.hint = 12000;
	outbuf_add(&ob, "x", 1);
	assert_true(ob.cap >= 12000 && ob.cap < 65536);
	outbuf_clear(&ob);
	free(big);
	close(sv[0]);
	close(sv[1]);
}

/* An emptied buffer is kept and handed to the next queue that needs
 * one; a buffer too big to keep is not. */
static void
test_spares_reused(void **state)
{
	struct outbuf	 a = { 0 }, b = { 0 };
	char		*kept;
	int		 sv[2];

	pair(sv);
	outbuf_free_spares();
	outbuf_add(&a, "x\r\n", 3);
	kept = a.buf;
	outbuf_clear(&a);
	outbuf_add(&b, "y\r\n", 3);
	assert_ptr_equal(b.buf, kept);
	assert_int_equal(outbuf_write(&b, sv[0]), 3);
	assert_null(b.buf);
	outbuf_free_spares();
	close(sv[0]);
	close(sv[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_written_then_freed),
		cmocka_unit_test(test_partial_writes_keep_order),
		cmocka_unit_test(test_error_and_clear),
		cmocka_unit_test(test_growth_and_hint),
		cmocka_unit_test(test_spares_reused),
	};

	signal(SIGPIPE, SIG_IGN);	/* as the daemon does */
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
