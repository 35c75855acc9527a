/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* loadgen: senders' messages and the check of every delivery: per-sender
 * sequence numbers (no loss, no duplicate, no reordering), latency, and a
 * window of messages in flight that closes when all receivers saw them. */

#include <stdio.h>
#include <string.h>

#include "lg.h"
#include "xmalloc.h"

static size_t	lg_traffic_format(struct lg_sender *, char *, uint64_t);
static uint64_t	lg_traffic_num(const char *, int, int);
static void	lg_traffic_complete(struct lg_sender *, uint64_t, int);

/* Write one message for s at the end of buf; return its length. */
static size_t
lg_traffic_format(struct lg_sender *s, char *buf, uint64_t now)
{
	struct lg	*lg = s->c->lg;
	char		 payload[1024], room[32];
	int		 n, rl, len = lg->o.msglen;

	n = snprintf(payload, sizeof payload, "LG%05d%012llu%016llx",
	    (int)(s - lg->senders), (unsigned long long)s->sent,
	    (unsigned long long)now);
	memset(payload + n, 'x', (size_t)(len - n));
	if (lg->o.proto == LG_IRC)
		return (size_t)sprintf(buf, "PRIVMSG #r%d :%.*s\r\n", s->room,
		    len, payload);
	rl = snprintf(room, sizeof room, "r%d", s->room);
	return (size_t)sprintf(buf,
	    "*3\r\n$7\r\nPUBLISH\r\n$%d\r\n%s\r\n$%d\r\n%.*s\r\n", rl, room,
	    len, len, payload);
}

/* Send what the window (and in the latency scenario the rate) allows, in
 * one write. Nothing while earlier bytes are still pending. */
void
lg_traffic_fill(struct lg_sender *s, uint64_t now)
{
	struct lg	*lg = s->c->lg;
	char		*buf, *p;
	uint64_t	 room, due;

	if (lg->phase != LG_P_WARMUP && lg->phase != LG_P_RUN)
		return;
	if (s->c->state != LG_S_READY || s->c->out_len != 0)
		return;
	room = (uint64_t)lg->o.window - (s->sent - s->low);
	if (lg->o.scenario == LG_LATENCY) {
		due = (uint64_t)(lg->o.rate * (double)(now - lg->t_traffic) /
		    1e9) + 1;
		due = due > s->sent ? due - s->sent : 0;
		if (due < room)
			room = due;
	}
	if (room == 0)
		return;
	buf = p = xmalloc(room * ((size_t)lg->o.msglen + 64));
	while (room-- > 0) {
		p += lg_traffic_format(s, p, now);
		if (s->nrecv == 0)
			s->low++;
		s->sent++;
	}
	lg_conn_send(s->c, buf, (size_t)(p - buf));
	free(buf);
}

/* The latency scenario's pacer: every sender sends what is due. */
void
lg_traffic_pace(struct lg *lg, uint64_t now)
{
	int	i;

	for (i = 0; i < lg->nsenders; i++)
		lg_traffic_fill(&lg->senders[i], now);
}

/* Parse len decimal (base 10) or hex (base 16) digits; -1 if not digits. */
static uint64_t
lg_traffic_num(const char *p, int len, int base)
{
	uint64_t	v = 0;
	int		i, d;

	for (i = 0; i < len; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			d = p[i] - '0';
		else if (base == 16 && p[i] >= 'a' && p[i] <= 'f')
			d = p[i] - 'a' + 10;
		else
			return UINT64_MAX;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	return v;
}

/* One receiver saw seq: close the window up to the first message that
 * some receiver has not seen yet. */
static void
lg_traffic_complete(struct lg_sender *s, uint64_t seq, int window)
{
	if (++s->ring[seq % (uint64_t)window] < s->nrecv)
		return;
	while (s->low < s->sent &&
	    s->ring[s->low % (uint64_t)window] >= s->nrecv) {
		s->ring[s->low % (uint64_t)window] = 0;
		s->low++;
	}
}

/* A message text arrived at c: check sender, order and count it. */
void
lg_traffic_deliver(struct lg_conn *c, const char *text, size_t len,
    uint64_t now)
{
	struct lg		*lg = c->lg;
	struct lg_sender	*s;
	uint64_t		 idx, seq, ts;

	if (len != (size_t)lg->o.msglen || text[0] != 'L' || text[1] != 'G') {
		lg->foreign++;
		return;
	}
	idx = lg_traffic_num(text + 2, 5, 10);
	seq = lg_traffic_num(text + 7, 12, 10);
	ts = lg_traffic_num(text + 19, 16, 16);
	if (idx >= (uint64_t)lg->nsenders || seq == UINT64_MAX ||
	    ts == UINT64_MAX || (int)idx == c->sender ||
	    lg->senders[idx].room != c->room) {
		lg->foreign++;
		return;
	}
	s = &lg->senders[idx];
	if (seq < c->expect || seq >= s->sent) {
		lg->dup++;
		return;
	}
	if (seq > c->expect)
		lg->lost += seq - c->expect;
	c->expect = seq + 1;
	lg->deliveries++;
	if (lg->phase == LG_P_RUN && now > ts)
		lg_hist_add(&lg->lat, (now - ts) / 1000);
	lg_traffic_complete(s, seq, lg->o.window);
}

/* Every sender's messages were seen by all its receivers. */
bool
lg_traffic_drained(struct lg *lg)
{
	int	i;

	for (i = 0; i < lg->nsenders; i++) {
		if (lg->senders[i].c->state == LG_S_DEAD)
			continue;
		if (lg->senders[i].low != lg->senders[i].sent)
			return false;
	}
	return true;
}

/* At the end: every live receiver must have had every message sent. */
void
lg_traffic_verify(struct lg *lg)
{
	struct lg_conn		*c;
	struct lg_sender	*s;
	int			 i;

	for (i = 0; i < lg->o.clients; i++) {
		c = &lg->conns[i];
		if (c->state == LG_S_DEAD || c->room < 0 || c->sender >= 0 ||
		    c->room >= lg->nsenders)
			continue;
		s = &lg->senders[c->room];
		if (c->expect < s->sent)
			lg->lost += s->sent - c->expect;
	}
}
