/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * Fuzz the daemon with whole sessions: up to four clients driven through
 * the daemon's own input path (framing, parse, dispatch, every command
 * handler, fan-out, sendq, close). Input is lines; the first byte of a line
 * picks the client ('0'-'3', others by their value mod 4) and the rest, LF
 * included, is what that client sends. A first byte of '!' hangs up the
 * client chosen by the next byte (mid-line if it had sent half a line) and
 * connects a new one in its place.
 *
 * One daemon per process (fuzz_daemon.c), kept between inputs: its event
 * base, registries, two registered bystanders in #fuzz ("watcher" with
 * every capability, "plain" with none) who see the fan-out, and the four
 * fuzzed clients, registered as f0 to f3 and in no room when an input
 * starts (a client hung up with '!' comes back unregistered, so
 * registration is fuzzed too). All are conns without sockets
 * (conn_new_fed): input goes in with conn_feed, and what the daemon writes
 * is checked to be whole lines within the limits.
 *
 * After the input each fuzzed client leaves its rooms (JOIN 0) if nothing
 * else about it changed, and hangs up and registers again otherwise; if
 * the bystanders or #fuzz were disturbed, everything starts again. Every
 * room the input made is gone then: each input starts from the same state.
 */

#include <string.h>

#include <event2/buffer.h>

#include "fuzz.h"
#include "fuzz_daemon.h"
#include "conn.h"
#include "dispatch.h"
#include "room.h"
#include "user.h"
#include "xmalloc.h"

#define FUZZ_CLIENTS	4
#define FUZZ_WATCHERS	2
#define FUZZ_TURNS	64	/* loop turns allowed to wind everything down */
#define FUZZ_ROOM	"#fuzz"

/* The bystanders: registered once, then left alone unless disturbed. */
static const char *const fuzz_watcher_lines[FUZZ_WATCHERS] = {
	"CAP LS 302\r\nCAP REQ :account-notify account-tag away-notify "
	"batch cap-notify chghost echo-message extended-join "
	"invite-notify labeled-response message-tags multi-prefix "
	"server-time setname standard-replies userhost-in-names\r\n"
	"NICK watcher\r\nUSER w 0 * :Watcher\r\nCAP END\r\n"
	"JOIN " FUZZ_ROOM "\r\n",
	"NICK plain\r\nUSER p 0 * :Plain\r\nJOIN " FUZZ_ROOM "\r\n"
};

static const char *const fuzz_reg[FUZZ_CLIENTS] = {
	"NICK f0\r\nUSER f0 0 * :Fuzz\r\n", "NICK f1\r\nUSER f1 0 * :Fuzz\r\n",
	"NICK f2\r\nUSER f2 0 * :Fuzz\r\n", "NICK f3\r\nUSER f3 0 * :Fuzz\r\n"
};

static bool			 fuzz_ready;	/* set up */
static struct conn_events	 fuzz_events;	/* dispatch's, closed wrapped */
static struct conn		*fuzz_conn[FUZZ_CLIENTS];	/* NULL: gone */
static struct conn		*fuzz_watcher[FUZZ_WATCHERS];
static int			 fuzz_watcher_modes[FUZZ_WATCHERS];
static int			 fuzz_room_modes;
static char			*fuzz_prefix[FUZZ_CLIENTS];	/* as registered */
static int			 fuzz_modes[FUZZ_CLIENTS];

static void	fuzz_setup(void);
static void	fuzz_closed(struct conn *, bool);
static void	fuzz_settle(void);
static bool	fuzz_room_clean(void);
static void	fuzz_watchers(void);
static bool	fuzz_register(int);
static bool	fuzz_clean(int);
static void	fuzz_tidy(int);
static void	fuzz_reset(void);
static void	fuzz_restart(void);

/* Once per process: the daemon, the bystanders, the clients. */
static void
fuzz_setup(void)
{
	int	i;

	fuzz_events = dispatch_conn_events;
	fuzz_events.closed = fuzz_closed;
	fuzz_daemon_setup("dispatch_fuzzer", &fuzz_events);
	fuzz_watchers();
	for (i = 0; i < FUZZ_CLIENTS; i++)
		FUZZ_CHECK(fuzz_register(i));
	fuzz_ready = true;
}

/* A conn is being freed: forget it, then what dispatch does. */
static void
fuzz_closed(struct conn *c, bool quit)
{
	int	i;

	for (i = 0; i < FUZZ_CLIENTS; i++) {
		if (fuzz_conn[i] == c)
			fuzz_conn[i] = NULL;
	}
	for (i = 0; i < FUZZ_WATCHERS; i++) {
		if (fuzz_watcher[i] == c)
			fuzz_watcher[i] = NULL;
	}
	dispatch_conn_events.closed(c, quit);
}

/* Run turns until every closing conn is gone (one replaced by '!' too). */
static void
fuzz_settle(void)
{
	unsigned int	live;
	int		i, t;

	for (t = 0; t < FUZZ_TURNS; t++) {
		fuzz_daemon_turn();
		for (i = 0, live = 0; i < FUZZ_WATCHERS; i++)
			live += fuzz_watcher[i] != NULL;
		for (i = 0; i < FUZZ_CLIENTS; i++)
			live += fuzz_conn[i] != NULL;
		if (conn_count() == live)
			break;
	}
	FUZZ_CHECK(conn_count() == live);
}

/* #fuzz is as the bystanders made it: both in it, nothing else set. */
static bool
fuzz_room_clean(void)
{
	struct room	*r;

	if ((r = room_find(FUZZ_ROOM)) == NULL)
		return (false);
	return (r->nmembers == FUZZ_WATCHERS && r->topic == NULL &&
	    r->key == NULL && r->limit == 0 && r->nbans == 0 &&
	    r->ninvites == 0 && r->nexcepts == 0 && r->ninvexes == 0);
}

/* (Re)connect and register the bystanders, who join #fuzz. */
static void
fuzz_watchers(void)
{
	int	i;

	for (i = 0; i < FUZZ_WATCHERS; i++) {
		fuzz_watcher[i] = fuzz_daemon_connect(40010 + i);
		conn_feed(fuzz_watcher[i], fuzz_watcher_lines[i],
		    strlen(fuzz_watcher_lines[i]));
		fuzz_daemon_turn();
		FUZZ_CHECK(fuzz_watcher[i] != NULL &&
		    fuzz_watcher[i]->user->listed);
		fuzz_watcher_modes[i] = fuzz_watcher[i]->user->modes;
	}
	FUZZ_CHECK(conn_count() == FUZZ_WATCHERS);
	FUZZ_CHECK(fuzz_room_clean());
	fuzz_room_modes = room_find(FUZZ_ROOM)->modes;
}

/* Client i connects and registers as fi; false if the nick was taken
 * (by a client that kept another's nick: fuzz_restart sorts that out). */
static bool
fuzz_register(int i)
{
	struct user	*u;

	fuzz_conn[i] = fuzz_daemon_connect(40000 + i);
	conn_feed(fuzz_conn[i], fuzz_reg[i], strlen(fuzz_reg[i]));
	fuzz_daemon_turn();
	FUZZ_CHECK(fuzz_conn[i] != NULL);
	u = fuzz_conn[i]->user;
	if (!u->listed)
		return (false);
	free(fuzz_prefix[i]);
	fuzz_prefix[i] = xstrdup(u->prefix);
	fuzz_modes[i] = u->modes;
	return (true);
}

/* Whether client i is as registration left it, its rooms, nick and away
 * aside (fuzz_reset puts those back). */
static bool
fuzz_clean(int i)
{
	const struct conn	*c = fuzz_conn[i];
	const struct user	*u;
	const int		 flags = CONN_REGISTERED | CONN_USER |
				    CONN_READING;

	if (c == NULL)
		return (false);
	u = c->user;
	return ((c->flags & ~(CONN_FLUSH | CONN_WRITING)) == flags &&
	    c->caps == 0 && c->label == NULL && c->more == NULL &&
	    c->certfp == NULL && evbuffer_get_length(c->in) == 0 &&
	    !c->frame.discarding && u->listed &&
	    strcmp(u->realname, "Fuzz") == 0 && u->modes == fuzz_modes[i] &&
	    u->account == NULL && u->acct == NULL && u->monitor == NULL);
}

/* Client i leaves its rooms, comes back, takes its nick back. */
static void
fuzz_tidy(int i)
{
	struct user	*u = fuzz_conn[i]->user;

	if (u->nrooms != 0)
		conn_feed(fuzz_conn[i], "JOIN 0\r\n", 8);
	if (u->away != NULL)
		conn_feed(fuzz_conn[i], "AWAY\r\n", 6);
	if (strcmp(u->prefix, fuzz_prefix[i]) != 0)
		conn_feed(fuzz_conn[i], fuzz_reg[i], 9);	/* "NICK fi\r\n" */
}

/* Back to the state every input starts from. */
static void
fuzz_reset(void)
{
	struct conn	*c;
	struct user	*u;
	struct room	*r;
	int		 i;
	bool		 same;

	/* A last line without its LF is sent whole. */
	for (i = 0; i < FUZZ_CLIENTS; i++) {
		if (fuzz_conn[i] != NULL &&
		    evbuffer_get_length(fuzz_conn[i]->in) != 0)
			conn_feed(fuzz_conn[i], "\n", 1);
	}
	fuzz_daemon_turn();
	for (i = 0; i < FUZZ_CLIENTS; i++) {
		if (fuzz_clean(i))
			fuzz_tidy(i);
		else if (fuzz_conn[i] != NULL)
			conn_feed(fuzz_conn[i], NULL, 0);
	}
	fuzz_settle();
	fuzz_daemon_forget();
	same = true;
	for (i = 0; i < FUZZ_CLIENTS; i++) {
		if (fuzz_conn[i] == NULL)
			same = fuzz_register(i) && same;
	}
	same = same && conn_count() == FUZZ_WATCHERS + FUZZ_CLIENTS &&
	    user_count() == FUZZ_WATCHERS + FUZZ_CLIENTS &&
	    room_count() == 1 && fuzz_room_clean() &&
	    (r = room_find(FUZZ_ROOM)) != NULL && r->modes == fuzz_room_modes;
	for (i = 0; i < FUZZ_WATCHERS && same; i++) {
		c = fuzz_watcher[i];
		same = c != NULL && c->user->away == NULL &&
		    c->user->modes == fuzz_watcher_modes[i] &&
		    (c->flags & CONN_CLOSING) == 0;
	}
	for (i = 0; i < FUZZ_CLIENTS && same; i++) {
		u = fuzz_conn[i]->user;
		same = fuzz_clean(i) && u->nrooms == 0 && u->away == NULL &&
		    strcmp(u->prefix, fuzz_prefix[i]) == 0;
	}
	if (!same)
		fuzz_restart();
}

/* Disturbed (rare: nobody else can op in #fuzz): everyone hangs up, and
 * the bystanders and clients come back. */
static void
fuzz_restart(void)
{
	int	i;

	for (i = 0; i < FUZZ_CLIENTS; i++) {
		if (fuzz_conn[i] != NULL)
			conn_feed(fuzz_conn[i], NULL, 0);
	}
	for (i = 0; i < FUZZ_WATCHERS; i++) {
		if (fuzz_watcher[i] != NULL)
			conn_feed(fuzz_watcher[i], NULL, 0);
	}
	for (i = 0; i < FUZZ_TURNS && conn_count() != 0; i++)
		fuzz_daemon_turn();
	fuzz_daemon_forget();
	FUZZ_CHECK(conn_count() == 0);
	FUZZ_CHECK(user_count() == 0);
	FUZZ_CHECK(room_count() == 0);
	fuzz_watchers();
	for (i = 0; i < FUZZ_CLIENTS; i++)
		FUZZ_CHECK(fuzz_register(i));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t	*p = data, *end = data + size, *lf;
	size_t		 n;
	int		 i;

	if (!fuzz_ready)
		fuzz_setup();
	while (p < end) {
		lf = memchr(p, '\n', (size_t)(end - p));
		n = lf == NULL ? (size_t)(end - p) : (size_t)(lf - p) + 1;
		i = (p[0] >= '0' && p[0] <= '3' ? p[0] - '0' : p[0]) %
		    FUZZ_CLIENTS;
		if (p[0] == '!' && n > 1) {
			i = p[1] % FUZZ_CLIENTS;
			if (fuzz_conn[i] != NULL)
				conn_feed(fuzz_conn[i], NULL, 0);
			fuzz_daemon_turn();
			/* Its close is this turn's: a new one takes the slot. */
			fuzz_conn[i] = fuzz_daemon_connect(40000 + i);
		} else if (n > 1 && fuzz_conn[i] != NULL)
			conn_feed(fuzz_conn[i], (const char *)p + 1, n - 1);
		fuzz_daemon_turn();
		p += n;
	}
	fuzz_reset();
	return (0);
}
