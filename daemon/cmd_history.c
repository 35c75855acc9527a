/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * CHATHISTORY (IRCv3 draft/chathistory): LATEST, BEFORE, AFTER, AROUND,
 * BETWEEN and TARGETS, answered from the history store in a chathistory
 * batch. A room's history goes only to its members. The store may answer
 * on a later loop turn: the reply is a paced one (conn_set_more), so the
 * client's later commands wait for it and a reply larger than the sendq
 * goes out as the client reads.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include "log.h"
#include "xmalloc.h"
#include "irc_case.h"
#include "irc_fmt.h"
#include "irc_msg.h"
#include "irc_numeric.h"
#include "irc_tags.h"
#include "daemon.h"
#include "cmd.h"
#include "conn.h"
#include "history.h"
#include "label.h"
#include "reply.h"
#include "room.h"
#include "store.h"
#include "user.h"

#define CMD_HISTORY_TAGS	(IRC_TAGS_MAX + 160)

/* The subcommands: parameters after the subcommand, and the query. */
static const struct cmd_history_sub {
	const char		*name;
	int			 nparams;
	enum store_query_type	 type;
} cmd_history_subs[] = {
	{ "AFTER", 3, STORE_AFTER },
	{ "AROUND", 3, STORE_AROUND },
	{ "BEFORE", 3, STORE_BEFORE },
	{ "BETWEEN", 4, STORE_BETWEEN },
	{ "LATEST", 3, STORE_LATEST },
	{ "TARGETS", 3, STORE_LATEST },
};

struct cmd_history_row {
	int64_t		 time_ms;
	enum store_kind	 kind;
	char		 msgid[STORE_MSGID_MAX + 1];
	char		*ctags;
	char		*line;		/* TARGETS: the target's name */
};

/* One reply in progress; lives until the store is done and the conn
 * has it all (or is gone). */
struct cmd_history_req {
	struct conn		*c;		/* NULL: the conn went away */
	bool			 done;
	bool			 targets;	/* TARGETS, not lines */
	int			 error;
	bool			 started;
	char			*label;		/* escaped, or NULL */
	char			 sub[16];
	char			 name[STORE_TARGET_MAX];	/* batch parameter */
	char			 ref[16];
	int64_t			 from_ms;	/* sealed before this */
	struct cmd_history_row	*rows;
	size_t			 n, size, next;
	char			**keys;		/* TARGETS */
	char			**names;
	size_t			 nkeys;
};

static void	cmd_history_fail(struct conn *, const char *, const char *,
		    const char *, const char *, const char *);
static void	cmd_history_start(struct conn *, struct cmd_history_req *);
static void	cmd_history_more(struct conn *, void *);
static void	cmd_history_detach(void *);
static void	cmd_history_free(struct cmd_history_req *);
static void	cmd_history_line(const struct store_line *, void *);
static void	cmd_history_target(const char *, int64_t, void *);
static void	cmd_history_done(int, void *);
static void	cmd_history_emit(struct conn *, struct cmd_history_req *,
		    const struct cmd_history_row *);
static void	cmd_history_send(struct conn *, const char *, const char *);
static int	cmd_history_key(struct conn *, const char *, char *, size_t,
		    struct cmd_history_req *);
static void	cmd_history_lines(struct conn *, struct irc_msg *,
		    const struct cmd_history_sub *, char *);
static void	cmd_history_targets(struct conn *, struct irc_msg *, char *);
static void	cmd_history_add_key(struct cmd_history_req *, const char *,
		    const char *);
static void	cmd_history_dm_cb(struct user *, void *);

#define CMD_HISTORY_DM_MAX	1000	/* conversations TARGETS looks at */

struct cmd_history_dm {
	struct cmd_history_req	*req;
	const struct user	*me;
	size_t			 first;		/* where the DM keys start */
};

/* Queue "@tags line\r\n" (tags may be empty). */
static void
cmd_history_send(struct conn *c, const char *tags, const char *line)
{
	char	buf[CMD_HISTORY_TAGS + IRC_FRAME_MAX + 4];
	int	n;

	if (*tags != '\0')
		n = snprintf(buf, sizeof buf, "@%s %s\r\n", tags, line);
	else
		n = snprintf(buf, sizeof buf, "%s\r\n", line);
	if (n > 0 && (size_t)n < sizeof buf)
		conn_send(c, buf, (size_t)n);
}

/* A client's parameter echoed as a FAIL's context: "*" when it could not
 * be a middle parameter (it came as a trailing one: empty, a space, a
 * leading colon), which would split it into others. */
static const char *
cmd_history_context(const char *s)
{
	return (irc_param_middle(s) ? s : "*");
}

/* FAIL CHATHISTORY code [sub [arg]] :text, with the label if taken. */
static void
cmd_history_fail(struct conn *c, const char *label, const char *code,
    const char *sub, const char *arg, const char *text)
{
	const char	*params[5], *cause;
	char		 line[IRC_LINE_MAX + 1], tags[CMD_HISTORY_TAGS];
	int		 n = 0;

	params[n++] = "CHATHISTORY";
	params[n++] = code;
	if (sub != NULL)
		params[n++] = cmd_history_context(sub);
	if (arg != NULL)
		params[n++] = cmd_history_context(arg);
	params[n++] = text;
	if (irc_fmt(line, sizeof line, IRC_FMT_TRUNCATE | IRC_FMT_NO_CRLF,
	    NULL, cfg.name, "FAIL", n, params, &cause) < 0) {
		log_debug("cannot format FAIL CHATHISTORY: %s", cause);
		return;
	}
	if (label != NULL)
		snprintf(tags, sizeof tags, "label=%s", label);
	else
		tags[0] = '\0';
	cmd_history_send(c, tags, line);
}

/* "*" (when star), timestamp=... or msgid=...; -1 when malformed. */
int
cmd_history_ref(const char *s, struct store_ref *r, bool star)
{
	struct timeval	tv;

	memset(r, 0, sizeof *r);
	if (star && strcmp(s, "*") == 0) {
		r->type = STORE_REF_NONE;
		return (0);
	}
	if (strncmp(s, "timestamp=", 10) == 0) {
		if (irc_time_parse(s + 10, &tv) != 0)
			return (-1);
		r->type = STORE_REF_TIME;
		r->time_ms = (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
		return (0);
	}
	if (strncmp(s, "msgid=", 6) == 0 && s[6] != '\0' &&
	    strlen(s + 6) <= STORE_MSGID_MAX) {
		r->type = STORE_REF_MSGID;
		strlcpy(r->msgid, s + 6, sizeof r->msgid);
		return (0);
	}
	return (-1);
}

/* A limit: a positive number, capped at HISTORY_QUERY_MAX. */
int
cmd_history_limit(const char *s, unsigned int *limit)
{
	char		*end;
	unsigned long	 n;

	if (*s < '0' || *s > '9')
		return (-1);
	n = strtoul(s, &end, 10);
	if (*end != '\0' || n == 0)
		return (-1);
	*limit = n > HISTORY_QUERY_MAX ? HISTORY_QUERY_MAX : (unsigned int)n;
	return (0);
}

/* Free a request and what it copied. */
static void
cmd_history_free(struct cmd_history_req *req)
{
	size_t	i;

	for (i = 0; i < req->n; i++) {
		free(req->rows[i].ctags);
		free(req->rows[i].line);
	}
	for (i = 0; i < req->nkeys; i++) {
		free(req->keys[i]);
		free(req->names[i]);
	}
	free(req->keys);
	free(req->names);
	free(req->rows);
	free(req->label);
	free(req);
}

/* The conn lets go (the reply ended, or the conn closed). */
static void
cmd_history_detach(void *arg)
{
	struct cmd_history_req	*req = arg;

	req->c = NULL;
	if (req->done)
		cmd_history_free(req);
}

/* A row for the reply, copied. */
static struct cmd_history_row *
cmd_history_row(struct cmd_history_req *req)
{
	if (req->n == req->size) {
		req->size = req->size == 0 ? 64 : req->size * 2;
		req->rows = xreallocarray(req->rows, req->size,
		    sizeof *req->rows);
	}
	memset(&req->rows[req->n], 0, sizeof *req->rows);
	return (&req->rows[req->n++]);
}

/* One stored line; a sealed room's old lines are left out. */
static void
cmd_history_line(const struct store_line *l, void *arg)
{
	struct cmd_history_req	*req = arg;
	struct cmd_history_row	*row;

	if (l->time_ms < req->from_ms)
		return;
	row = cmd_history_row(req);
	row->time_ms = l->time_ms;
	row->kind = l->kind;
	strlcpy(row->msgid, l->msgid, sizeof row->msgid);
	row->ctags = l->ctags != NULL ? xstrdup(l->ctags) : NULL;
	row->line = xstrdup(l->line);
}

/* One TARGETS entry: the key back to the name the client knows. */
static void
cmd_history_target(const char *key, int64_t latest_ms, void *arg)
{
	struct cmd_history_req	*req = arg;
	struct cmd_history_row	*row;
	size_t			 i;

	for (i = 0; i < req->nkeys; i++) {
		if (strcmp(req->keys[i], key) == 0)
			break;
	}
	if (i == req->nkeys)
		return;
	row = cmd_history_row(req);
	row->time_ms = latest_ms;
	row->line = xstrdup(req->names[i]);
}

/* The store is done: send, unless the conn is gone. */
static void
cmd_history_done(int error, void *arg)
{
	struct cmd_history_req	*req = arg;

	req->done = true;
	req->error = error;
	if (req->c == NULL) {
		cmd_history_free(req);
		return;
	}
	cmd_history_more(req->c, req);
}

/* The BATCH start, or the FAIL when the store failed. */
static void
cmd_history_start(struct conn *c, struct cmd_history_req *req)
{
	static unsigned int	 serial;
	char			 line[IRC_LINE_MAX], tags[CMD_HISTORY_TAGS];
	const char		*why;

	req->started = true;
	if (req->error != 0) {
		why = store_failure(history_store());
		cmd_history_fail(c, req->label, "MESSAGE_ERROR", req->sub,
		    req->name, why != NULL ? why :
		    "Messages could not be retrieved");
		return;
	}
	if ((c->caps & CAP_BATCH) == 0)
		return;
	snprintf(req->ref, sizeof req->ref, "ch%u", ++serial);
	snprintf(line, sizeof line, ":%s BATCH +%s %s%s%s", cfg.name, req->ref,
	    req->targets ? "draft/chathistory-targets" : "chathistory",
	    req->targets ? "" : " ", req->targets ? "" : req->name);
	if (req->label != NULL)
		snprintf(tags, sizeof tags, "label=%s", req->label);
	else
		tags[0] = '\0';
	cmd_history_send(c, tags, line);
}

/* One row with the tags the client asked for. */
static void
cmd_history_emit(struct conn *c, struct cmd_history_req *req,
    const struct cmd_history_row *row)
{
	char		tags[CMD_HISTORY_TAGS], t[IRC_TIME_LEN];
	char		line[IRC_LINE_MAX + 64];
	struct timeval	tv;
	size_t		n = 0;

	tags[0] = '\0';
	if (row->kind == STORE_TAGMSG && !req->targets &&
	    (c->caps & CAP_MESSAGE_TAGS) == 0)
		return;
	tv.tv_sec = (time_t)(row->time_ms / 1000);
	tv.tv_usec = (suseconds_t)(row->time_ms % 1000) * 1000;
	irc_time_format(&tv, t);
	if (c->caps & CAP_BATCH)
		n += snprintf(tags + n, sizeof tags - n, "batch=%s;", req->ref);
	if (req->targets) {
		tags[n > 0 ? n - 1 : 0] = '\0';
		snprintf(line, sizeof line, ":%s CHATHISTORY TARGETS %s %s",
		    cfg.name, row->line, t);
		cmd_history_send(c, tags, line);
		return;
	}
	if (c->caps & CAP_SERVER_TIME)
		n += snprintf(tags + n, sizeof tags - n, "time=%s;", t);
	if ((c->caps & CAP_MESSAGE_TAGS) && n < sizeof tags)
		n += snprintf(tags + n, sizeof tags - n, "msgid=%s;%s%s",
		    row->msgid, row->ctags != NULL ? row->ctags : "",
		    row->ctags != NULL ? ";" : "");
	if (n > 0 && n < sizeof tags)
		tags[n - 1] = '\0';
	cmd_history_send(c, tags, row->line);
}

/* Send what fits now; the rest when the client has read it. */
static void
cmd_history_more(struct conn *c, void *arg)
{
	struct cmd_history_req	*req = arg;
	char			 line[IRC_LINE_MAX];

	if (!req->done || (c->flags & CONN_CLOSING))
		return;
	if (!req->started)
		cmd_history_start(c, req);
	while (req->error == 0 && req->next < req->n && conn_may_add(c))
		cmd_history_emit(c, req, &req->rows[req->next++]);
	if (req->error == 0 && req->next < req->n)
		return;
	if (req->error == 0 && (c->caps & CAP_BATCH)) {
		snprintf(line, sizeof line, ":%s BATCH -%s", cfg.name,
		    req->ref);
		cmd_history_send(c, "", line);
	}
	conn_set_more(c, NULL, NULL, NULL);	/* frees req */
}

/*
 * The filing key for a target the caller may read: a room it is in, or
 * a nick when both have accounts. 0, or -1 after the FAIL.
 */
static int
cmd_history_key(struct conn *c, const char *target, char *key, size_t size,
    struct cmd_history_req *req)
{
	struct user	*u = c->user, *t;
	struct room	*r;

	if (irc_is_room(target)) {
		if ((r = room_find(target)) == NULL || room_member(r, u) ==
		    NULL)
			return (-1);
		strlcpy(key, r->fold, size);
		strlcpy(req->name, r->name, sizeof req->name);
		req->from_ms = r->history_from;
		return (0);
	}
	if ((t = user_find(target)) == NULL || u->account == NULL ||
	    t->account == NULL)
		return (-1);
	store_dm_key(key, size, u->account, t->account);
	strlcpy(req->name, t->nick, sizeof req->name);
	return (0);
}

/* LATEST, BEFORE, AFTER, AROUND, BETWEEN. */
static void
cmd_history_lines(struct conn *c, struct irc_msg *msg,
    const struct cmd_history_sub *sub, char *label)
{
	struct cmd_history_req	*req;
	struct store_query	 q;
	char			 key[STORE_TARGET_MAX];
	const char		*bad = NULL;

	memset(&q, 0, sizeof q);
	q.type = sub->type;
	if (cmd_history_ref(msg->params[2], &q.from, q.type ==
	    STORE_LATEST) != 0)
		bad = msg->params[2];
	else if (q.type == STORE_BETWEEN && cmd_history_ref(msg->params[3],
	    &q.to, false) != 0)
		bad = msg->params[3];
	else if (cmd_history_limit(msg->params[sub->nparams], &q.limit) != 0)
		bad = msg->params[sub->nparams];
	if (bad != NULL) {
		cmd_history_fail(c, label, "INVALID_PARAMS", sub->name, bad,
		    "Invalid parameters");
		free(label);
		return;
	}
	req = xcalloc(1, sizeof *req);
	req->c = c;
	req->label = label;
	strlcpy(req->sub, sub->name, sizeof req->sub);
	if (cmd_history_key(c, msg->params[1], key, sizeof key, req) != 0) {
		cmd_history_fail(c, label, "INVALID_TARGET", sub->name,
		    msg->params[1], "Messages could not be retrieved");
		cmd_history_free(req);
		return;
	}
	q.target = key;
	q.events = (c->caps & CAP_EVENT_PLAYBACK) != 0;
	conn_set_more(c, cmd_history_more, req, cmd_history_detach);
	store_query(history_store(), &q, cmd_history_line, cmd_history_done,
	    req);
}

/* One more key TARGETS asks about, and the name it answers with. */
static void
cmd_history_add_key(struct cmd_history_req *req, const char *key,
    const char *name)
{
	req->keys = xreallocarray(req->keys, req->nkeys + 1, sizeof (char *));
	req->names = xreallocarray(req->names, req->nkeys + 1,
	    sizeof (char *));
	req->keys[req->nkeys] = xstrdup(key);
	req->names[req->nkeys++] = xstrdup(name);
}

/* The conversation with u, when both have accounts (once per account). */
static void
cmd_history_dm_cb(struct user *u, void *arg)
{
	struct cmd_history_dm	*dm = arg;
	char			 key[STORE_TARGET_MAX];
	size_t			 i;

	if (u->account == NULL || u == dm->me ||
	    dm->req->nkeys - dm->first >= CMD_HISTORY_DM_MAX)
		return;
	store_dm_key(key, sizeof key, dm->me->account, u->account);
	for (i = dm->first; i < dm->req->nkeys; i++) {
		if (strcmp(dm->req->keys[i], key) == 0)
			return;
	}
	cmd_history_add_key(dm->req, key, u->nick);
}

/* TARGETS: the caller's rooms, and its conversations with account
 * holders online now, that have lines between the two times. */
static void
cmd_history_targets(struct conn *c, struct irc_msg *msg, char *label)
{
	struct cmd_history_req	*req;
	struct cmd_history_dm	 dm;
	struct store_ref	 from, to;
	struct member		*m;
	unsigned int		 limit = 0;
	const char		*bad = NULL;

	if (cmd_history_ref(msg->params[1], &from, false) != 0 ||
	    from.type != STORE_REF_TIME)
		bad = msg->params[1];
	else if (cmd_history_ref(msg->params[2], &to, false) != 0 ||
	    to.type != STORE_REF_TIME)
		bad = msg->params[2];
	else if (cmd_history_limit(msg->params[3], &limit) != 0)
		bad = msg->params[3];
	if (bad != NULL) {
		cmd_history_fail(c, label, "INVALID_PARAMS", "TARGETS", bad,
		    "Invalid parameters");
		free(label);
		return;
	}
	req = xcalloc(1, sizeof *req);
	req->c = c;
	req->label = label;
	req->targets = true;
	strlcpy(req->sub, "TARGETS", sizeof req->sub);
	TAILQ_FOREACH(m, &c->user->rooms, user_entry)
		cmd_history_add_key(req, m->room->fold, m->room->name);
	if (c->user->account != NULL) {
		dm.req = req;
		dm.me = c->user;
		dm.first = req->nkeys;
		user_foreach(cmd_history_dm_cb, &dm);
	}
	conn_set_more(c, cmd_history_more, req, cmd_history_detach);
	store_targets(history_store(), (const char *const *)req->keys,
	    req->nkeys, from.time_ms, to.time_ms, limit, cmd_history_target,
	    cmd_history_done, req);
}

/* bsearch: a subcommand name, any case. */
static int
cmd_history_cmp(const void *key, const void *entry)
{
	return (strcasecmp(key,
	    ((const struct cmd_history_sub *)entry)->name));
}

/* CHATHISTORY subcommand target|timestamp ... limit */
void
cmd_chathistory(struct conn *c, struct irc_msg *msg)
{
	const struct cmd_history_sub	*sub;
	char				*label;

	if (history_store() == NULL) {
		reply_err(c, ERR_UNKNOWNCOMMAND, "CHATHISTORY");
		return;
	}
	label = label_take(c);
	if (msg->nparams < 1) {
		cmd_history_fail(c, label, "NEED_MORE_PARAMS", NULL, NULL,
		    "Insufficient parameters");
		free(label);
		return;
	}
	sub = bsearch(msg->params[0], cmd_history_subs,
	    nitems(cmd_history_subs), sizeof *sub, cmd_history_cmp);
	if (sub == NULL || msg->nparams != sub->nparams + 1) {
		cmd_history_fail(c, label, "INVALID_PARAMS", msg->params[0],
		    NULL, sub == NULL ? "Unknown command" : msg->nparams <
		    sub->nparams + 1 ? "Insufficient parameters" :
		    "Too many parameters");
		free(label);
		return;
	}
	if (strcasecmp(sub->name, "TARGETS") == 0)
		cmd_history_targets(c, msg, label);
	else
		cmd_history_lines(c, msg, sub, label);
}
