/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* What others see of a user besides its nick: the realname (SETNAME,
 * IRCv3 setname) and user@host (IRCv3 chghost). Here the host changes
 * when a user sets +x, which puts a keyed hash in place of its address,
 * and back with -x; CHGHOST, or a QUIT and JOIN for clients without the
 * capability, tells the others. */

#include <sys/random.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "xmalloc.h"
#include "irc_msg.h"
#include "irc_numeric.h"
#include "log.h"
#include "utf8.h"
#include "daemon.h"
#include "cmd.h"
#include "conn.h"
#include "line.h"
#include "relay.h"
#include "reply.h"
#include "room.h"
#include "user.h"

static uint64_t	cmd_ident_siphash(const uint8_t *, size_t);
static void	cmd_ident_rejoin(struct user *);

static uint64_t	cmd_ident_key[2];
static bool	cmd_ident_keyed;

#define ROTL(x, b)	(uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND(v0, v1, v2, v3) do {					\
	v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);	\
	v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;				\
	v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;				\
	v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);	\
} while (0)

/*
 * SipHash-2-4 (Aumasson and Bernstein) of an address under a key drawn
 * at start: a pseudo-random function, so a cloak tells nothing of the
 * address, even to someone who knows their own. Written out here: the
 * daemon links no crypto library, and this is the whole of it.
 */
static uint64_t
cmd_ident_siphash(const uint8_t *in, size_t len)
{
	uint64_t	v0 = 0x736f6d6570736575ULL ^ cmd_ident_key[0];
	uint64_t	v1 = 0x646f72616e646f6dULL ^ cmd_ident_key[1];
	uint64_t	v2 = 0x6c7967656e657261ULL ^ cmd_ident_key[0];
	uint64_t	v3 = 0x7465646279746573ULL ^ cmd_ident_key[1];
	uint64_t	m, b = (uint64_t)len << 56;
	size_t		i, j;

	for (i = 0; i + 8 <= len; i += 8) {
		for (m = 0, j = 0; j < 8; j++)
			m |= (uint64_t)in[i + j] << (8 * j);
		v3 ^= m;
		SIPROUND(v0, v1, v2, v3);
		SIPROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	for (j = 0; i + j < len; j++)
		b |= (uint64_t)in[i + j] << (8 * j);
	v3 ^= b;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	v0 ^= b;
	v2 ^= 0xff;
	for (i = 0; i < 4; i++)
		SIPROUND(v0, v1, v2, v3);
	return (v0 ^ v1 ^ v2 ^ v3);
}

/* The cloak of u's address: stable while the daemon runs. */
void
cmd_ident_cloak(const struct user *u, char *buf, size_t size)
{
	uint64_t	h;

	if (!cmd_ident_keyed) {
		if (getrandom(cmd_ident_key, sizeof cmd_ident_key, 0) !=
		    (ssize_t)sizeof cmd_ident_key)
			fatal("getrandom");
		cmd_ident_keyed = true;
	}
	h = cmd_ident_siphash((const uint8_t *)u->ip, strlen(u->ip));
	snprintf(buf, size, "%08x.%08x.cloak", (unsigned int)(h >> 32),
	    (unsigned int)h);
}

/* The chghost fallback for one room: QUIT was sent, now JOIN and the
 * member's status again (chghost "Fallback"). */
static void
cmd_ident_rejoin(struct user *u)
{
	struct member	*m;
	struct member	*o;
	struct line	 join, mode;
	char		 modes[4];
	size_t		 n;

	TAILQ_FOREACH(m, &u->rooms, user_entry) {
		line_init(&join, user_tags(u), u->prefix, "JOIN", m->room->name,
		    NULL);
		n = 0;
		modes[n++] = '+';
		if (m->modes & MEMBER_OP)
			modes[n++] = 'o';
		if (m->modes & MEMBER_VOICE)
			modes[n++] = 'v';
		modes[n] = '\0';
		line_init(&mode, NULL, cfg.name, "MODE", m->room->name, modes,
		    u->nick, n == 3 ? u->nick : NULL, NULL);
		TAILQ_FOREACH(o, &m->room->members, room_entry) {
			if (o->user == u || (conn_caps(o->user->conn) &
			    CAP_CHGHOST))
				continue;
			conn_send_line(o->user->conn, &join);
			if (n > 1)
				conn_send_line(o->user->conn, &mode);
		}
	}
}

/* u's user@host becomes ident@host; everyone who can see u hears it. */
void
cmd_ident_chghost(struct user *u, const char *ident, const char *host)
{
	struct line	 chg, quit;
	char		*old = xstrdup(u->prefix);

	line_init(&chg, user_tags(u), old, "CHGHOST", ident, host, NULL);
	line_init(&quit, user_tags(u), old, "QUIT", "Changing hostname",
	    NULL);
	user_set_host(u, ident, host);
	room_send_common(u, &chg, true, CAP_CHGHOST);
	cmd_monitor_send(u, &chg, CAP_CHGHOST);
	/* Without the capability: a QUIT, then the rejoins. */
	room_send_common_lacking(u, &quit, CAP_CHGHOST);
	cmd_ident_rejoin(u);
	if (relay != NULL && (u->conn->flags & CONN_REMOTE) == 0)
		relay->changed(u, &chg);
	free(old);
}

/* SETNAME :realname (IRCv3 setname); NAMELEN in 005 is the limit. */
void
cmd_setname(struct conn *c, struct irc_msg *msg)
{
	struct user	*u = c->user;
	struct line	 l;
	const char	*real = msg->params[0];

	if (*real == '\0' || strlen(real) > USER_REAL_MAX) {
		reply_fail(c, REPLY_FAIL_SPEC, "SETNAME", "INVALID_REALNAME",
		    "Realname is not valid", NULL);
		return;
	}
	free(u->realname);
	u->realname = xstrdup(real);
	line_init(&l, user_tags(u), u->prefix, "SETNAME", u->realname, NULL);
	room_send_common(u, &l, true, CAP_SETNAME);
	cmd_monitor_send(u, &l, CAP_SETNAME);
	if (relay != NULL)
		relay->changed(u, &l);
}
