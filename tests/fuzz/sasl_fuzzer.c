/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * Fuzz SASL (cmd_sasl.c): AUTHENTICATE chunk reassembly (400-byte chunks,
 * "+", "*", the size cap), base64 and PLAIN decoding, EXTERNAL, CAP END
 * in mid-exchange, and the login throttle. Each input is one client that
 * has asked for the sasl capability; every input line (up to LF) becomes
 * "AUTHENTICATE <line>", or, when it starts with '/', is sent as it is
 * (CAP END, NICK, USER, a second CAP REQ, ...). There is no account
 * database: every login fails, but the whole decoding runs before that.
 * Afterwards the client hangs up and nothing of it may remain.
 */

#include <string.h>

#include "fuzz.h"
#include "fuzz_daemon.h"
#include "irc_msg.h"
#include "conn.h"
#include "dispatch.h"
#include "room.h"
#include "user.h"

#define FUZZ_TURNS	64
#define FUZZ_VERB	"AUTHENTICATE "

static bool	fuzz_ready;

/* One input line for c: an AUTHENTICATE argument, or '/' and a raw line. */
static void
fuzz_send(struct conn *c, const uint8_t *p, size_t n)
{
	char	buf[IRC_FRAME_MAX + sizeof FUZZ_VERB + 2];
	size_t	len = 0;

	if (n > IRC_FRAME_MAX)
		n = IRC_FRAME_MAX;
	if (n > 0 && p[0] == '/') {
		p++;
		n--;
	} else {
		memcpy(buf, FUZZ_VERB, sizeof FUZZ_VERB - 1);
		len = sizeof FUZZ_VERB - 1;
	}
	memcpy(buf + len, p, n);
	len += n;
	buf[len++] = '\r';
	buf[len++] = '\n';
	conn_feed(c, buf, len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	 hello[] = "CAP LS 302\r\nCAP REQ :sasl\r\n";
	const uint8_t	*p = data, *end = data + size, *lf;
	struct conn	*c;
	int		 i;

	if (!fuzz_ready) {
		fuzz_daemon_setup("sasl_fuzzer", &dispatch_conn_events);
		fuzz_ready = true;
	}
	c = fuzz_daemon_connect(40100);
	conn_feed(c, hello, sizeof hello - 1);
	while (p < end && conn_count() != 0) {
		lf = memchr(p, '\n', (size_t)(end - p));
		if (lf == NULL)
			lf = end;
		fuzz_send(c, p, (size_t)(lf - p));
		fuzz_daemon_turn();
		p = lf + 1;
	}
	if (conn_count() != 0)
		conn_feed(c, NULL, 0);
	for (i = 0; i < FUZZ_TURNS && conn_count() != 0; i++)
		fuzz_daemon_turn();
	/* The client, its nick and its exchange are gone. */
	FUZZ_CHECK(conn_count() == 0);
	FUZZ_CHECK(user_count() == 0);
	FUZZ_CHECK(room_count() == 0);
	fuzz_daemon_forget();
	return (0);
}
