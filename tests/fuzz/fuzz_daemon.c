/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The daemon's harness for the dispatch and sasl targets (fuzz_daemon.h). */

#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "fuzz.h"
#include "fuzz_daemon.h"
#include "irc_msg.h"
#include "log.h"
#include "xmalloc.h"
#include "settings.h"
#include "cmd.h"
#include "cmd_account.h"
#include "conn.h"
#include "daemon.h"
#include "room.h"
#include "user.h"

/* What daemon/main.c defines; main.c itself is not linked here. */
struct settings	cfg;
time_t		daemon_started;

static struct event_base	*fuzz_base;
static fuzz_daemon_watch_fn	*fuzz_watch;

static void	fuzz_daemon_sink(struct conn *, const char *, size_t);

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

/* Once per process. */
void
fuzz_daemon_setup(const char *name, const struct conn_events *events)
{
	const char	*sets[] = { "flood_limit=0", "max_per_ip=0",
			    "max_clients=0", "name=fuzz.server", "motd=hi",
			    "sasl_plaintext=on", "ping_interval=86400",
			    "ping_timeout=86400", "reg_timeout=86400" };
	char		*cause;
	size_t		 i;

	settings_init(&cfg);
	for (i = 0; i < nitems(sets); i++) {
		if (settings_set_arg(&cfg, sets[i], &cause) != 0)
			fatalx("%s", cause);
	}
	if (settings_finish(&cfg, &cause) != 0)
		fatalx("%s", cause);
	log_init(name, 0);
	log_set_quiet(true);
	signal(SIGPIPE, SIG_IGN);
	daemon_started = time(NULL);
	if ((fuzz_base = event_base_new()) == NULL)
		fatalx("event_base_new failed");
	user_init();
	room_init();
	conn_init(fuzz_base, events);
	conn_set_sink(fuzz_daemon_sink);
}

/*
 * Everything the daemon writes: whole lines, CRLF at the end and nowhere
 * else, no NUL, the text after the tags within 512 bytes.
 */
static void
fuzz_daemon_sink(struct conn *c, const char *buf, size_t len)
{
	const char	*p = buf, *end = buf + len, *lf, *sp;
	size_t		 n;

	while (p < end) {
		lf = memchr(p, '\n', (size_t)(end - p));
		FUZZ_CHECK(lf != NULL && lf > p && lf[-1] == '\r');
		n = (size_t)(lf - p) + 1;
		FUZZ_CHECK(memchr(p, '\0', n) == NULL);
		FUZZ_CHECK(memchr(p, '\r', n - 2) == NULL);
		sp = p;
		if (*p == '@') {
			sp = memchr(p, ' ', n);
			FUZZ_CHECK(sp != NULL && (size_t)(sp - p) < IRC_TAGS_MAX);
			sp++;
		}
		FUZZ_CHECK((size_t)(lf + 1 - sp) <= IRC_LINE_MAX);
		if (fuzz_watch != NULL)
			fuzz_watch(c, p, n);
		p = lf + 1;
	}
}

const char *
fuzz_daemon_state_dir(const char *name)
{
	static char	 dir[64];
	const char	*tmp = getenv("TMPDIR");
	char		*arg, *cause;

	if (tmp == NULL || *tmp == '\0' || strlen(tmp) > 24)
		tmp = "/tmp";
	snprintf(dir, sizeof dir, "%s/tui-chat-fuzz-%s.XXXXXX", tmp, name);
	if (mkdtemp(dir) == NULL)
		fatal("mkdtemp %s", dir);
	xasprintf(&arg, "state_dir=%s", dir);
	if (settings_set_arg(&cfg, arg, &cause) != 0)
		fatalx("%s", cause);
	free(arg);
	return (dir);
}

void
fuzz_daemon_watch(fuzz_daemon_watch_fn *fn)
{
	fuzz_watch = fn;
}

struct event_base *
fuzz_daemon_base(void)
{
	return (fuzz_base);
}

/* A new client, as if accepted from 127.0.0.1:port. */
struct conn *
fuzz_daemon_connect(int port)
{
	struct sockaddr_in	 sin;
	struct conn		*c;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons((uint16_t)port);
	c = conn_new_fed((struct sockaddr *)&sin, sizeof sin);
	FUZZ_CHECK(c != NULL);
	return (c);
}

/* Let the daemon run what is ready. */
void
fuzz_daemon_turn(void)
{
	FUZZ_CHECK(event_base_loop(fuzz_base, EVLOOP_NONBLOCK) != -1);
}

/* State that outlives clients, which would make inputs depend on earlier
 * ones (a throttled login after a few failed ones). */
void
fuzz_daemon_forget(void)
{
	cmd_whowas_clear();
	cmd_throttle_clear();
}
