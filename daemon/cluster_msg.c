/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Cluster events to bytes and back (pure: no I/O, no daemon state). */

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irc_case.h"
#include "cluster_msg.h"

#define CLUSTER_MSG_MAGIC	"tc1"

#define NEED_UID	0x1
#define NEED_ROOM	0x2
#define NEED_TARGET	0x4
#define NEED_LINE	0x8
#define NEED_ARG0	0x10
#define NEED_ROOM_OR_TARGET 0x20

/* What each type must carry, by type letter. */
static const struct cluster_msg_need {
	char	type;
	int	need;
} cluster_msg_needs[] = {
	{ CLUSTER_AWAY, NEED_UID },
	{ CLUSTER_KILL, NEED_TARGET | NEED_ARG0 },
	{ CLUSTER_END, 0 },
	{ CLUSTER_HELLO, NEED_ARG0 },
	{ CLUSTER_INVITE, NEED_UID | NEED_ROOM | NEED_TARGET | NEED_LINE },
	{ CLUSTER_JOIN, NEED_UID | NEED_ROOM },
	{ CLUSTER_KICK, NEED_UID | NEED_ROOM | NEED_TARGET | NEED_LINE },
	{ CLUSTER_PART, NEED_UID | NEED_ROOM | NEED_LINE },
	{ CLUSTER_MODE, NEED_ROOM | NEED_LINE },
	{ CLUSTER_NICK, NEED_UID | NEED_ARG0 },
	{ CLUSTER_PING, NEED_ARG0 },
	{ CLUSTER_QUIT, NEED_UID | NEED_LINE },
	{ CLUSTER_ROOM, NEED_ROOM },
	{ CLUSTER_SPLIT, NEED_ARG0 },
	{ CLUSTER_TOPIC, NEED_UID | NEED_ROOM },
	{ CLUSTER_USER, NEED_UID | NEED_ARG0 },
	{ CLUSTER_MSG, NEED_UID | NEED_LINE | NEED_ROOM_OR_TARGET },
};

struct cluster_msg_out {
	char	*buf;
	size_t	 size;
	size_t	 len;
	bool	 full;
};

struct cluster_msg_in {
	char	*p;
	char	*end;
};

static int	cluster_msg_need(char);
static void	cluster_msg_put(struct cluster_msg_out *, const char *);
static void	cluster_msg_putn(struct cluster_msg_out *, uint64_t);
static const char *cluster_msg_take(struct cluster_msg_in *);
static bool	cluster_msg_number(const char *, uint64_t, uint64_t *);
static bool	cluster_msg_clean(const char *);
static bool	cluster_msg_line_valid(const struct cluster_line *);
static bool	cluster_msg_take_line(struct cluster_msg_in *,
		    struct cluster_line *);
static bool	cluster_msg_take_fields(struct cluster_msg_in *,
		    struct cluster_msg *);
static bool	cluster_msg_valid(const struct cluster_msg *, int);

/* The needs of a type letter; -1 for an unknown type. */
static int
cluster_msg_need(char type)
{
	size_t	i;

	for (i = 0; i < sizeof cluster_msg_needs / sizeof
	    cluster_msg_needs[0]; i++) {
		if (cluster_msg_needs[i].type == type)
			return (cluster_msg_needs[i].need);
	}
	return (-1);
}

/* Empty strings everywhere, no line. */
void
cluster_msg_clear(struct cluster_msg *m)
{
	int	i;

	memset(m, 0, sizeof *m);
	m->uid = m->room = m->target = "";
	for (i = 0; i < CLUSTER_MSG_ARGS; i++)
		m->arg[i] = "";
	m->line.tags = m->line.source = m->line.verb = "";
	m->line.msgid = m->line.account = "";
}

/* Append one field and its NUL. */
static void
cluster_msg_put(struct cluster_msg_out *o, const char *s)
{
	size_t	n = strlen(s) + 1;

	if (o->full || o->len + n > o->size) {
		o->full = true;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

/* Append a number as a decimal field. */
static void
cluster_msg_putn(struct cluster_msg_out *o, uint64_t n)
{
	char	num[24];

	snprintf(num, sizeof num, "%" PRIu64, n);
	cluster_msg_put(o, num);
}

/* The bytes of m; 0 when they exceed size. */
size_t
cluster_msg_encode(const struct cluster_msg *m, char *buf, size_t size)
{
	struct cluster_msg_out	 o = { buf, size, 0, false };
	char			 type[2] = { (char)m->type, '\0' };
	int			 i;

	cluster_msg_put(&o, CLUSTER_MSG_MAGIC);
	cluster_msg_put(&o, type);
	cluster_msg_putn(&o, m->node);
	cluster_msg_putn(&o, m->seq);
	cluster_msg_put(&o, m->uid);
	cluster_msg_put(&o, m->room);
	cluster_msg_put(&o, m->target);
	for (i = 0; i < CLUSTER_MSG_ARGS; i++)
		cluster_msg_put(&o, m->arg[i]);
	cluster_msg_put(&o, m->has_line ? "L" : "-");
	if (m->has_line) {
		cluster_msg_put(&o, m->line.tags);
		cluster_msg_put(&o, m->line.source);
		cluster_msg_put(&o, m->line.verb);
		cluster_msg_put(&o, m->line.msgid);
		cluster_msg_putn(&o, (uint64_t)m->line.ms);
		cluster_msg_put(&o, m->line.account);
		cluster_msg_putn(&o, (uint64_t)m->line.nparams);
		for (i = 0; i < m->line.nparams; i++)
			cluster_msg_put(&o, m->line.params[i]);
	}
	return (o.full ? 0 : o.len);
}

/* The next field, or NULL past the end. */
static const char *
cluster_msg_take(struct cluster_msg_in *in)
{
	char	*s = in->p, *nul;

	if (in->p >= in->end)
		return (NULL);
	if ((nul = memchr(in->p, '\0', (size_t)(in->end - in->p))) == NULL)
		return (NULL);
	in->p = nul + 1;
	return (s);
}

/* A decimal number of at most max; no sign, no leading junk. */
static bool
cluster_msg_number(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t	n = 0;

	/* One spelling per number: encoding it again gives the same bytes. */
	if (s == NULL || *s == '\0' || strlen(s) > 19 ||
	    (s[0] == '0' && s[1] != '\0'))
		return (false);
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s))
			return (false);
		n = n * 10 + (uint64_t)(*s - '0');
	}
	if (n > max)
		return (false);
	*out = n;
	return (true);
}

/* No line breaks: a field may end up in a line to a client. */
static bool
cluster_msg_clean(const char *s)
{
	return (s != NULL && strpbrk(s, "\r\n") == NULL);
}

/* Whether s is "node.serial". */
bool
cluster_msg_uid_valid(const char *s)
{
	const char	*dot;
	char		 node[8];
	uint64_t	 n;

	if (s == NULL || strlen(s) > CLUSTER_UID_MAX ||
	    (dot = strchr(s, '.')) == NULL || dot == s ||
	    (size_t)(dot - s) >= sizeof node)
		return (false);
	memcpy(node, s, (size_t)(dot - s));
	node[dot - s] = '\0';
	return (cluster_msg_number(node, CLUSTER_NODE_MAX, &n) &&
	    cluster_msg_number(dot + 1, UINT64_MAX, &n));
}

/* The line would format as one valid IRC line. */
static bool
cluster_msg_line_valid(const struct cluster_line *l)
{
	int	i;

	if (*l->source == '\0' || *l->verb == '\0' ||
	    strchr(l->source, ' ') != NULL || strchr(l->tags, ' ') != NULL ||
	    strchr(l->msgid, ' ') != NULL || strchr(l->msgid, ';') != NULL ||
	    strpbrk(l->account, " ;") != NULL)
		return (false);
	for (i = 0; l->verb[i] != '\0'; i++) {
		if (!isalnum((unsigned char)l->verb[i]))
			return (false);
	}
	/* Only the last parameter may be empty, hold spaces or a colon. */
	for (i = 0; i + 1 < l->nparams; i++) {
		if (*l->params[i] == '\0' || *l->params[i] == ':' ||
		    strchr(l->params[i], ' ') != NULL)
			return (false);
	}
	return (true);
}

/* The line part of an event. */
static bool
cluster_msg_take_line(struct cluster_msg_in *in, struct cluster_line *l)
{
	const char	*ms, *np;
	uint64_t	 n;
	int		 i;

	if ((l->tags = cluster_msg_take(in)) == NULL ||
	    (l->source = cluster_msg_take(in)) == NULL ||
	    (l->verb = cluster_msg_take(in)) == NULL ||
	    (l->msgid = cluster_msg_take(in)) == NULL ||
	    (ms = cluster_msg_take(in)) == NULL ||
	    (l->account = cluster_msg_take(in)) == NULL ||
	    (np = cluster_msg_take(in)) == NULL)
		return (false);
	if (!cluster_msg_number(ms, INT64_MAX, &n))
		return (false);
	l->ms = (int64_t)n;
	if (!cluster_msg_number(np, CLUSTER_MSG_PARAMS, &n))
		return (false);
	l->nparams = (int)n;
	for (i = 0; i < l->nparams; i++) {
		if ((l->params[i] = cluster_msg_take(in)) == NULL ||
		    !cluster_msg_clean(l->params[i]))
			return (false);
	}
	return (cluster_msg_clean(l->tags) && cluster_msg_clean(l->source) &&
	    cluster_msg_clean(l->verb) && cluster_msg_clean(l->msgid) &&
	    cluster_msg_clean(l->account) && cluster_msg_line_valid(l));
}

/* The users, the room and the args. */
static bool
cluster_msg_take_fields(struct cluster_msg_in *in, struct cluster_msg *m)
{
	int	i;

	if ((m->uid = cluster_msg_take(in)) == NULL ||
	    (m->room = cluster_msg_take(in)) == NULL ||
	    (m->target = cluster_msg_take(in)) == NULL)
		return (false);
	for (i = 0; i < CLUSTER_MSG_ARGS; i++) {
		if ((m->arg[i] = cluster_msg_take(in)) == NULL)
			return (false);
	}
	return (true);
}

/* The fields the type needs are there and well formed. */
static bool
cluster_msg_valid(const struct cluster_msg *m, int need)
{
	int	i;

	if (*m->uid != '\0' && !cluster_msg_uid_valid(m->uid))
		return (false);
	if (*m->target != '\0' && !cluster_msg_uid_valid(m->target))
		return (false);
	if (*m->room != '\0' && !irc_room_valid(m->room, IRC_ROOM_MAX))
		return (false);
	for (i = 0; i < CLUSTER_MSG_ARGS; i++) {
		if (!cluster_msg_clean(m->arg[i]))
			return (false);
	}
	if (((need & NEED_UID) && *m->uid == '\0') ||
	    ((need & NEED_ROOM) && *m->room == '\0') ||
	    ((need & NEED_TARGET) && *m->target == '\0') ||
	    ((need & NEED_LINE) && !m->has_line) ||
	    ((need & NEED_ARG0) && *m->arg[0] == '\0'))
		return (false);
	if ((need & NEED_ROOM_OR_TARGET) &&
	    (*m->room == '\0') == (*m->target == '\0'))
		return (false);
	if ((m->type == CLUSTER_NICK || m->type == CLUSTER_USER) &&
	    !irc_nick_valid(m->arg[0], IRC_NICK_MAX))
		return (false);
	return (true);
}

/* Parse one event of len bytes (copied to copy first). */
bool
cluster_msg_decode(struct cluster_msg *m, const char *buf, size_t len,
    char *copy)
{
	struct cluster_msg_in	 in;
	const char		*magic, *type, *node, *seq, *mark;
	uint64_t		 n;
	int			 need;

	if (len == 0 || len > CLUSTER_MSG_MAX || buf[len - 1] != '\0')
		return (false);
	memcpy(copy, buf, len);
	copy[len] = '\0';
	in.p = copy;
	in.end = copy + len;
	cluster_msg_clear(m);
	if ((magic = cluster_msg_take(&in)) == NULL ||
	    strcmp(magic, CLUSTER_MSG_MAGIC) != 0 ||
	    (type = cluster_msg_take(&in)) == NULL || strlen(type) != 1 ||
	    (need = cluster_msg_need(type[0])) == -1 ||
	    (node = cluster_msg_take(&in)) == NULL ||
	    !cluster_msg_number(node, CLUSTER_NODE_MAX, &n))
		return (false);
	m->type = (enum cluster_msg_type)type[0];
	m->node = (unsigned int)n;
	if ((seq = cluster_msg_take(&in)) == NULL ||
	    !cluster_msg_number(seq, UINT64_MAX, &m->seq) ||
	    !cluster_msg_take_fields(&in, m) ||
	    (mark = cluster_msg_take(&in)) == NULL ||
	    (strcmp(mark, "L") != 0 && strcmp(mark, "-") != 0))
		return (false);
	m->has_line = mark[0] == 'L';
	if (m->has_line && !cluster_msg_take_line(&in, &m->line))
		return (false);
	if (in.p != in.end)
		return (false);
	return (cluster_msg_valid(m, need));
}
