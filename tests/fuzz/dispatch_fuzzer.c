/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * Fuzz the daemon with whole sessions: up to four clients, each a real
 * conn on a socketpair, driven through the daemon's own read path (framing,
 * parse, dispatch, every command handler, fan-out, sendq, close). Input is
 * lines; the first byte of a line picks the client ('0'-'3', others by
 * their value mod 4) and the rest, LF included, is what that client sends.
 * A first byte of '!' hangs up the client chosen by the next byte (mid-line
 * if it had sent half a line) and connects a new one in its place.
 * After the input every client hangs up: no conn, user or room may remain.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "fuzz.h"
#include "log.h"
#include "settings.h"
#include "conn.h"
#include "dispatch.h"
#include "daemon.h"
#include "room.h"
#include "user.h"

#define FUZZ_CLIENTS	4
#define FUZZ_TURNS	64	/* loop turns allowed to wind everything down */

/* What daemon/main.c defines; main.c itself is not linked here. */
struct settings	cfg;
time_t		daemon_started;

/* REHASH from a fuzzed operator: nothing to reload here. */
int
daemon_reload(char **cause)
{
	return (0);
}

/* Nothing reloads in the fuzzer: the hooks are not kept. */
void
daemon_on_reload(daemon_reload_fn *fn)
{
}

static struct event_base	*fuzz_base;
static int			 fuzz_peer[FUZZ_CLIENTS];

static void	fuzz_setup(void);
static void	fuzz_connect(int);
static void	fuzz_hangup(int);
static void	fuzz_turn(void);

/* Once per process: settings without flood control or limits, registries. */
static void
fuzz_setup(void)
{
	const char	*sets[] = { "flood_limit=0", "max_per_ip=0",
			    "max_clients=0", "name=fuzz.server", "motd=hi",
			    "sasl_plaintext=on" };
	char		*cause;
	size_t		 i;

	settings_init(&cfg);
	for (i = 0; i < nitems(sets); i++) {
		if (settings_set_arg(&cfg, sets[i], &cause) != 0)
			fatalx("%s", cause);
	}
	if (settings_finish(&cfg, &cause) != 0)
		fatalx("%s", cause);
	log_init("dispatch_fuzzer", 0);
	log_set_quiet(true);
	signal(SIGPIPE, SIG_IGN);
	daemon_started = time(NULL);
	if ((fuzz_base = event_base_new()) == NULL)
		fatalx("event_base_new failed");
	user_init();
	room_init();
	conn_init(fuzz_base, &dispatch_conn_events);
	for (i = 0; i < FUZZ_CLIENTS; i++)
		fuzz_peer[i] = -1;
}

/* A new client in slot i: the daemon gets one end as if accepted. */
static void
fuzz_connect(int i)
{
	struct sockaddr_in	sin;
	int			sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) != 0)
		fatal("socketpair");
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons((uint16_t)(40000 + i));
	fuzz_peer[i] = sv[1];
	FUZZ_CHECK(conn_new(sv[0], (struct sockaddr *)&sin, sizeof sin) !=
	    NULL);
}

/* The client in slot i goes away. */
static void
fuzz_hangup(int i)
{
	if (fuzz_peer[i] != -1)
		close(fuzz_peer[i]);
	fuzz_peer[i] = -1;
}

/* Let the daemon run what is ready, and read what it sent (discarded). */
static void
fuzz_turn(void)
{
	char	buf[65536];
	int	i;

	FUZZ_CHECK(event_base_loop(fuzz_base, EVLOOP_NONBLOCK) != -1);
	for (i = 0; i < FUZZ_CLIENTS; i++) {
		if (fuzz_peer[i] == -1)
			continue;
		while (read(fuzz_peer[i], buf, sizeof buf) > 0)
			/* discard */;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t	*p = data, *end = data + size, *lf;
	size_t		 n;
	int		 i;

	if (fuzz_base == NULL)
		fuzz_setup();
	for (i = 0; i < FUZZ_CLIENTS; i++)
		fuzz_connect(i);
	while (p < end) {
		lf = memchr(p, '\n', (size_t)(end - p));
		n = lf == NULL ? (size_t)(end - p) : (size_t)(lf - p) + 1;
		i = (p[0] >= '0' && p[0] <= '3' ? p[0] - '0' : p[0]) %
		    FUZZ_CLIENTS;
		if (p[0] == '!' && n > 1) {
			i = p[1] % FUZZ_CLIENTS;
			fuzz_hangup(i);
			fuzz_turn();
			fuzz_connect(i);
		} else if (n > 1 && fuzz_peer[i] != -1) {
			/* A full socket buffer is a client that stops sending. */
			if (write(fuzz_peer[i], p + 1, n - 1) == -1 &&
			    errno != EAGAIN)
				fuzz_hangup(i);
		}
		fuzz_turn();
		p += n;
	}
	for (i = 0; i < FUZZ_CLIENTS; i++)
		fuzz_hangup(i);
	for (i = 0; i < FUZZ_TURNS && conn_count() != 0; i++)
		fuzz_turn();
	/* Everyone left: every conn, nick and room is gone with them. */
	FUZZ_CHECK(conn_count() == 0);
	FUZZ_CHECK(user_count() == 0);
	FUZZ_CHECK(room_count() == 0);
	return (0);
}
