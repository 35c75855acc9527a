/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The client's protocol state machine. Every string from the server is
 * sanitised here, once, before the window model sees it. */

#include <sys/queue.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/event.h>

#include "batch.h"
#include "event.h"
#include "history.h"
#include "irc_case.h"
#include "irc_fmt.h"
#include "irc_msg.h"
#include "irc_numeric.h"
#include "highlight.h"
#include "ignore.h"
#include "irc_tags.h"
#include "lastseen.h"
#include "log.h"
#include "net.h"
#include "nicklist.h"
#include "numeric_text.h"
#include "sanitize.h"
#include "sasl.h"
#include "session.h"
#include "utf8.h"
#include "window.h"
#include "xmalloc.h"

#define SESSION_BACKOFF_MAX	60	/* seconds between reconnections */
#define SESSION_NAMES_MAX	(1024 * 1024)	/* bytes of one NAMES reply */
#define SESSION_WHO_MAX	64	/* WHOs on join in flight */
/* What the server prepends when relaying: ":nick!user@host " at most. */
#define SESSION_SOURCE_MAX(nick) (strlen(nick) + 1 + 1 + 10 + 1 + 63 + 1)

/* One incoming line after sanitising: params are ours to free. */
struct session_msg {
	struct timeval	 tv;
	char		*nick;	/* the source's nick, NULL if no source */
	const char	*source;	/* nick!user@host as sent (/ignore) */
	bool		 server;	/* the source is a server (or absent) */
	const char	*verb;
	int		 n;
	char		*p[IRC_PARAMS_MAX];
	int		 ctcp;	/* SESSION_CTCP_* */
	char		*msgid;	/* the msgid tag, checked; NULL if none */
	char		*batch;	/* the batch tag, checked; NULL if none */
	bool		 history;	/* a line of a chathistory batch */
	char		*buf;	/* holds nick and p[] if the space was short */
};
/* A line's nick and parameters, sanitised: three bytes out for each byte
 * in, and a NUL for each, of the 510 bytes a line has for them. */
#define SESSION_MSG_SPACE	2048
#define SESSION_CTCP_NONE	0
#define SESSION_CTCP_ACTION	1
#define SESSION_CTCP_OTHER	2

typedef void session_fn(struct session_msg *);

struct session_handler {
	const char	*verb;
	session_fn	*fn;
	int		 min;	/* parameters needed */
	unsigned int	 names;	/* bit i: parameter i is a name, not text */
};

/* One server: its connection, registration and what it told us. */
struct server {
	TAILQ_ENTRY(server)	 entry;
	unsigned int		 id;		/* its window group's */
	struct net		*net;
	struct history_conn	*hist;
	const char		*sasl_mech;	/* s_opt's: first server */
	const char		*password;	/* likewise */
	enum session_state	 state;
	char			*host;
	int			 port;
	char			 server[300];
	char			*nick;
	char			**autojoin;
	size_t			 nautojoin;
	bool			 quitting;
	int			 backoff;
	struct event		*reconnect_ev;
	struct event		*ping_ev;
	struct timeval		 ping_sent;
	bool			 ping_out;
	long			 lag;
	bool			 cap_echo;
	bool			 sasl;		/* an exchange is running */
	char			*account;	/* logged in as */
	bool			 login_failed;
	char			*names_room;
	char			*names;
	size_t			 names_len, names_size;
	enum irc_casemap	 casemap;
	char			*filehost;	/* 005 FILEHOST URL */
	char			 extjwt[2048];	/* a token in pieces */
	unsigned int		 caps_offered;	/* bit i: session_caps[i] */
	char			**who;		/* rooms of our WHO on join */
	size_t			 nwho;
};
TAILQ_HEAD(servers, server);

static struct event_base	*s_base;
static struct session_options	 s_opt;
static struct net_tls		 s_tls;		/* for new servers */
static struct servers		 s_servers =
				    TAILQ_HEAD_INITIALIZER(s_servers);
static unsigned int		 s_next_id;
static struct server		*sv;		/* the one being worked on */
static session_extjwt_fn	*s_extjwt_fn;

/* What the getters show before session_init (the renderer's tests). */
static const struct server	 s_none = {
	.state = SESSION_IDLE, .lag = -1
};

/* By enum session_state. */
static const char *session_state_names[] = { "offline", "connecting",
    "registering", "connected", "waiting" };

static void	session_emit(struct session_msg *, enum chat_event_type, int,
		    const char *, const char *, const char *, const char *);
static void	session_register(void);
static struct server *session_server_new(void);
static struct server *session_cur(void);
static unsigned int session_enter(struct server *);
static void	session_leave(unsigned int);
static struct history_conn *session_hist(void);
static const struct server *session_peek(void);
static bool	session_connected(const struct server *);
static void	session_select_server(struct server *);
static const struct net_events session_net_events;
static void	session_reconnect_cb(int, short, void *);
static void	session_ping_cb(int, short, void *);
static void	session_set_nick(const char *);
static bool	session_is_self(const char *);
static void	session_rejoin(void);
static void	session_names_flush(struct session_msg *);
static void	session_names_drop(void);
static int	session_msg_load(struct session_msg *, struct irc_msg *,
		    char *, size_t, unsigned int);
static void	session_msg_free(struct session_msg *);
static void	session_line_blank(char *, size_t);
static void	session_numeric(struct session_msg *, int);
static bool	session_who_reply(struct session_msg *, int);
static void	session_who_start(const char *);
static void	session_who_clear(void);
static void	session_join_text(struct session_msg *, int, char *, size_t);
static char	*session_tag(const char *, const char *);
static void	session_cap_offered(const char *);
static void	session_cap_request(void);
static void	session_dispatch(struct session_msg *,
		    const struct session_handler *, int);

static session_fn on_batch, on_fail;
static session_fn on_cap, on_error, on_invite, on_join, on_kick, on_mode,
    on_nick, on_part, on_ping, on_pong, on_privmsg, on_quit, on_topic, on_away,
    on_extjwt, on_authenticate, on_register;
static bool	session_sasl_offered(const char *);
static void	session_sasl_chunk(const char *, void *);
static bool	session_sasl_numeric(struct session_msg *, int);
static void	session_login_failed_note(struct session_msg *, const char *);

#define SESSION_CAP_HISTORY		1	/* the server plays history */
#define SESSION_CAP_NEEDS_HISTORY	2	/* only useful with it */

/*
 * The capabilities we use. Those of history (batch, message-tags) are
 * asked for only when the server plays history back too: against any
 * other server the client stays as it was.
 */
static const struct {
	const char	*name;
	int		 history;	/* SESSION_CAP_* */
} session_caps[] = {
	{ "away-notify", 0 },
	{ "batch", SESSION_CAP_NEEDS_HISTORY },
	{ "draft/chathistory", SESSION_CAP_HISTORY },
	{ "echo-message", 0 },
	{ "message-tags", SESSION_CAP_NEEDS_HISTORY },
	{ "multi-prefix", 0 },
	{ "server-time", 0 },
};

/* Sorted by verb for bsearch. */
static const struct session_handler session_handlers[] = {
	{ "AUTHENTICATE", on_authenticate, 1, 0 },
	{ "AWAY", on_away, 0, 0 },
	{ "BATCH", on_batch, 1, 0 },
	{ "CAP", on_cap, 2, 0 },
	{ "ERROR", on_error, 0, 0 },
	{ "EXTJWT", on_extjwt, 3, 0x3 },
	{ "FAIL", on_fail, 2, 0 },
	{ "INVITE", on_invite, 2, 0x3 },
	{ "JOIN", on_join, 1, 0x1 },
	{ "KICK", on_kick, 2, 0x3 },
	{ "MODE", on_mode, 2, ~0u },
	{ "NICK", on_nick, 1, 0x1 },
	{ "NOTICE", on_privmsg, 2, 0x1 },
	{ "PART", on_part, 1, 0x1 },
	{ "PING", on_ping, 0, 0 },
	{ "PONG", on_pong, 0, 0 },
	{ "PRIVMSG", on_privmsg, 2, 0x1 },
	{ "QUIT", on_quit, 0, 0 },
	{ "REGISTER", on_register, 2, 0 },
	{ "TOPIC", on_topic, 1, 0x1 },
};

void
session_init(struct event_base *base, const struct session_options *opt)
{
	struct server	*v;

	s_base = base;
	s_opt = *opt;
	s_opt.nick = xstrdup(opt->nick);
	s_opt.user = xstrdup(opt->user);
	s_opt.realname = xstrdup(opt->realname);
	s_opt.password = opt->password != NULL ? xstrdup(opt->password) : NULL;
	s_opt.sasl_mech = opt->sasl_mech != NULL ? xstrdup(opt->sasl_mech) :
	    NULL;
	s_opt.sasl_account = xstrdup(opt->sasl_account != NULL ?
	    opt->sasl_account : opt->nick);
	s_opt.sasl_password = opt->sasl_password != NULL ?
	    xstrdup(opt->sasl_password) : NULL;
	if (s_opt.ping_interval <= 0)
		s_opt.ping_interval = 30;
	history_init(session_sendv, session_hist, opt->lastseen);
	v = session_server_new();	/* the first: window group 1 */
	/* The credentials of the command line and the config go to the
	 * first server only, never to one added with /connect. */
	v->sasl_mech = s_opt.sasl_mech;
	v->password = s_opt.password;
}

/* A server of the list, not connected yet, with its window group. */
static struct server *
session_server_new(void)
{
	struct server	*v = xcalloc(1, sizeof *v);
	struct net_tls	 t;
	char		*cause = NULL;
	unsigned int	 was;

	v->id = ++s_next_id;
	v->backoff = 1;
	v->lag = -1;
	v->casemap = IRC_CASE_RFC1459;
	v->net = net_new(&session_net_events, v);
	t = s_tls;
	t.insecure = false;	/* --insecure was said of the first one */
	if (t.on && net_set_tls(v->net, &t, &cause) != 0) {
		log_warnx("%s", cause);
		free(cause);
	}
	v->hist = history_conn_new();
	v->reconnect_ev = evtimer_new(s_base, session_reconnect_cb, v);
	v->ping_ev = event_new(s_base, -1, EV_PERSIST, session_ping_cb, v);
	if (v->reconnect_ev == NULL || v->ping_ev == NULL)
		fatalx("cannot create session timers");
	TAILQ_INSERT_TAIL(&s_servers, v, entry);
	window_group_add(v->id, NULL);
	was = session_enter(v);
	session_set_nick(s_opt.nick);
	session_leave(was);
	return (v);
}

/* Free v, which is no longer in the list. */
static void
session_server_free(struct server *v)
{
	size_t	i;

	net_free(v->net);
	history_conn_free(v->hist);
	while (v->nwho > 0)
		free(v->who[--v->nwho]);
	free(v->who);
	event_free(v->reconnect_ev);
	event_free(v->ping_ev);
	free(v->filehost);
	for (i = 0; i < v->nautojoin; i++)
		free(v->autojoin[i]);
	free(v->autojoin);
	free(v->account);
	free(v->host);
	free(v->nick);
	free(v->names);
	free(v->names_room);
	free(v);
}

void
session_free(void)
{
	struct server	*v;

	history_free();
	ignore_free_all();
	while ((v = TAILQ_FIRST(&s_servers)) != NULL) {
		TAILQ_REMOVE(&s_servers, v, entry);
		session_server_free(v);
	}
	sv = NULL;
	s_next_id = 0;	/* the next session_init's first one is 1 again */
	free((char *)s_opt.nick);
	free((char *)s_opt.user);
	free((char *)s_opt.realname);
	free((char *)s_opt.password);
	free((char *)s_opt.sasl_mech);
	free((char *)s_opt.sasl_account);
	sasl_password_free((char *)s_opt.sasl_password);
	free((char *)s_tls.cert);
	free((char *)s_tls.key);
	free((char *)s_tls.pin);
	memset(&s_tls, 0, sizeof s_tls);
}

/*
 * Work on server v (its windows, its history) until session_leave with
 * what this returns; callbacks of one server begin so.
 */
static unsigned int
session_enter(struct server *v)
{
	sv = v;
	return (window_set_group(v->id));
}

/* Back to what was worked on before session_enter. */
static void
session_leave(unsigned int was)
{
	window_set_group(was);
	session_cur();
}

/* The server commands act on: inside a server's callbacks that one,
 * else the current window's. */
static struct server *
session_cur(void)
{
	struct server	*v;
	unsigned int	 id = window_group();

	TAILQ_FOREACH(v, &s_servers, entry) {
		if (v->id == id)
			return (sv = v);
	}
	return (sv = TAILQ_FIRST(&s_servers));
}

/* The server to describe: the current one, or s_none if there is none. */
static const struct server *
session_peek(void)
{
	const struct server	*v = session_cur();

	return (v != NULL ? v : &s_none);
}

/* The history state of the server being worked on (history.c asks). */
static struct history_conn *
session_hist(void)
{
	return (session_cur()->hist);
}

int
session_set_tls(const struct net_tls *t, char **cause)
{
	struct server	*v;

	free((char *)s_tls.cert);
	free((char *)s_tls.key);
	free((char *)s_tls.pin);
	s_tls = *t;
	s_tls.cert = t->cert != NULL ? xstrdup(t->cert) : NULL;
	s_tls.key = t->key != NULL ? xstrdup(t->key) : NULL;
	s_tls.pin = t->pin != NULL ? xstrdup(t->pin) : NULL;
	TAILQ_FOREACH(v, &s_servers, entry) {
		if (net_set_tls(v->net, &s_tls, cause) != 0)
			return (-1);
	}
	return (0);
}

const char *
session_tls_label(void)
{
	const struct server	*v = session_peek();

	return (v->net != NULL ? net_tls_label(v->net) : NULL);
}

void
session_autojoin(const char *room)
{
	struct server	*v = TAILQ_FIRST(&s_servers);

	v->autojoin = xreallocarray(v->autojoin, v->nautojoin + 1,
	    sizeof *v->autojoin);
	v->autojoin[v->nautojoin++] = xstrdup(room);
}

/* Our nick changed (or was chosen): the model needs it for mentions. */
static void
session_set_nick(const char *nick)
{
	char	*copy = xstrdup(nick);	/* nick may be sv->nick */

	free(sv->nick);
	sv->nick = copy;
	window_set_self(copy);
}

static bool
session_is_self(const char *nick)
{
	return (nick != NULL && irc_casecmp(sv->casemap, nick, sv->nick) == 0);
}

const char *
session_nick(void)
{
	const struct server	*v = session_peek();

	return (v->nick != NULL ? v->nick : "");
}

const char *
session_server(void)
{
	return (session_peek()->server);
}

enum session_state
session_state(void)
{
	return (session_peek()->state);
}

const char *
session_state_name(void)
{
	return (session_state_names[session_peek()->state]);
}

long
session_lag_ms(void)
{
	return (session_peek()->lag);
}

void
session_connect(const char *host, int port)
{
	session_cur();
	if (host != sv->host) {
		free(sv->host);
		sv->host = xstrdup(host);
	}
	sv->port = port;
	if (strchr(host, ':') != NULL)
		snprintf(sv->server, sizeof sv->server, "[%s]:%d", host, port);
	else
		snprintf(sv->server, sizeof sv->server, "%s:%d", host, port);
	window_group_set_label(sv->id, sv->server);
	evtimer_del(sv->reconnect_ev);
	event_del(sv->ping_ev);
	sv->quitting = false;
	sv->state = SESSION_CONNECTING;
	window_print(window_status(), false, "Connecting to %s ...",
	    sv->server);
	net_connect(sv->net, sv->host, port);
}

/* The server called host:port, or NULL. */
static struct server *
session_server_find(const char *host, int port)
{
	struct server	*v;

	TAILQ_FOREACH(v, &s_servers, entry) {
		if (v->host != NULL && v->port == port &&
		    strcasecmp(v->host, host) == 0)
			return (v);
	}
	return (NULL);
}

int
session_add(const char *host, int port, bool tls, const char *pin)
{
	struct server	*cur = session_cur();
	struct server	*v = session_server_find(host, port);
	unsigned int	 was;

	if (v != NULL && v != cur && session_connected(v)) {
		session_select_server(v);
		return (-1);	/* already there */
	}
	if (v == NULL && !session_connected(cur))
		v = cur;	/* this window's server is free: use it */
	else if (v == NULL) {
		v = session_server_new();
		session_select_server(v);
	} else if (v != cur)
		session_select_server(v);
	was = session_enter(v);
	session_disconnect();
	if (tls)
		net_use_tls(v->net, pin);
	session_connect(host, port);
	session_leave(was);
	return (0);
}

/* Whether v is connected (or registering): not free for another host. */
static bool
session_connected(const struct server *v)
{
	return (v->state == SESSION_REGISTERING || v->state == SESSION_READY);
}

/* Show v's status window: commands act on v from now on. */
static void
session_select_server(struct server *v)
{
	unsigned int	was = session_enter(v);

	window_select(window_status());
	session_leave(was);
}

const char *
session_group_down(unsigned int group)
{
	struct server	*v;

	TAILQ_FOREACH(v, &s_servers, entry) {
		if (v->id == group)
			return (v->state == SESSION_READY ? NULL :
			    session_state_names[v->state]);
	}
	return (NULL);
}

size_t
session_count(void)
{
	struct server	*v;
	size_t		 n = 0;

	TAILQ_FOREACH(v, &s_servers, entry)
		n++;
	return (n);
}

const char *
session_nth(size_t i, const char **state)
{
	struct server	*v;

	TAILQ_FOREACH(v, &s_servers, entry) {
		if (i-- == 0) {
			*state = session_state_names[v->state];
			return (v->host != NULL ? v->server : "");
		}
	}
	return (NULL);
}

int
session_select(size_t i)
{
	struct server	*v;

	TAILQ_FOREACH(v, &s_servers, entry) {
		if (i-- == 0) {
			session_select_server(v);
			return (0);
		}
	}
	return (-1);
}

int
session_remove(void)
{
	struct server	*v = session_cur();

	if (v->state != SESSION_IDLE || TAILQ_NEXT(TAILQ_FIRST(&s_servers),
	    entry) == NULL)
		return (-1);
	TAILQ_REMOVE(&s_servers, v, entry);
	window_group_remove(v->id);
	session_server_free(v);
	session_cur();
	return (0);
}

void
session_quit_all(const char *reason)
{
	struct server	*v;
	unsigned int	 was;

	TAILQ_FOREACH(v, &s_servers, entry) {
		was = session_enter(v);
		session_quit(reason);
		session_leave(was);
	}
}

bool
session_all_idle(void)
{
	struct server	*v;

	TAILQ_FOREACH(v, &s_servers, entry) {
		if (v->state != SESSION_IDLE)
			return (false);
	}
	return (true);
}

void
session_quit(const char *reason)
{
	session_cur();
	sv->quitting = true;
	evtimer_del(sv->reconnect_ev);
	event_del(sv->ping_ev);
	if (!net_connected(sv->net)) {
		net_close(sv->net);
		sv->state = SESSION_IDLE;
		return;
	}
	sv->quitting = false;
	session_send("QUIT", reason != NULL && *reason != '\0' ? reason :
	    "tui-chat", NULL);
	sv->quitting = true;
	net_close_flush(sv->net);
}

void
session_disconnect(void)
{
	bool	was;

	session_cur();
	was = net_connected(sv->net) || sv->state == SESSION_CONNECTING;

	sv->quitting = true;
	evtimer_del(sv->reconnect_ev);
	event_del(sv->ping_ev);
	net_close(sv->net);
	sv->state = SESSION_IDLE;
	if (was)
		session_net_closed("disconnected", false);
}

int
session_send(const char *verb, ...)
{
	const char	*params[IRC_PARAMS_MAX], *p;
	va_list		 ap;
	int		 n = 0;

	va_start(ap, verb);
	while ((p = va_arg(ap, const char *)) != NULL && n < IRC_PARAMS_MAX)
		params[n++] = p;
	va_end(ap);
	return (session_sendv(verb, n, params));
}

int
session_sendv(const char *verb, int n, const char *const *params)
{
	const char	*cause = NULL;
	char		 buf[IRC_LINE_MAX + 1];
	int		 len;

	session_cur();
	if (sv->quitting && net_connected(sv->net))
		return (-1);	/* after our QUIT: nothing more goes out */
	len = irc_fmt(buf, sizeof buf, 0, NULL, NULL, verb, n, params, &cause);
	if (len == -1) {
		window_print(NULL, true, "Cannot send %s: %s", verb,
		    cause != NULL ? cause : "bad parameters");
		return (-1);
	}
	if (net_send(sv->net, buf, len) == -1) {
		window_print(NULL, true, "Not connected (/connect HOST[:PORT])");
		return (-1);
	}
	return (0);
}

size_t
session_line_max(void)
{
	return (IRC_LINE_MAX - 2);
}

int
session_say(const char *target, const char *text, int how)
{
	struct chat_event	 ev;
	const char		*verb = how == SESSION_SAY_NOTICE ? "NOTICE" :
				    "PRIVMSG";
	char			 chunk[IRC_LINE_MAX], wrapped[IRC_LINE_MAX + 16];
	size_t			 len = strlen(text), max, n;
	long			 room;

	session_cur();

	room = (long)IRC_LINE_MAX - 2 - (long)strlen(verb) - 3 -
	    (long)strlen(target) - (long)SESSION_SOURCE_MAX(sv->nick) -
	    (how == SESSION_SAY_ACTION ? 9 : 0);
	max = room < 32 ? 32 : (size_t)room;
	while (len > 0) {
		n = irc_text_split(text, len, max);
		if (n == 0)
			n = len < max ? len : max;
		memcpy(chunk, text, n);
		chunk[n] = '\0';
		if (how == SESSION_SAY_ACTION) {
			snprintf(wrapped, sizeof wrapped, "\001ACTION %s\001",
			    chunk);
			if (session_send(verb, target, wrapped, NULL) == -1)
				return (-1);
		} else if (session_send(verb, target, chunk, NULL) == -1)
			return (-1);
		if (!sv->cap_echo) {
			memset(&ev, 0, sizeof ev);
			ev.type = how == SESSION_SAY_ACTION ? CHAT_ACTION :
			    how == SESSION_SAY_NOTICE ? CHAT_NOTICE : CHAT_MSG;
			gettimeofday(&ev.tv, NULL);
			ev.flags = CHAT_SELF;
			ev.from = sv->nick;
			if (irc_is_room(target))
				ev.room = target;
			else {
				ev.target = target;
				ev.flags |= CHAT_PRIVATE;
			}
			ev.text = chunk;
			if (TAILQ_NEXT(TAILQ_FIRST(&s_servers), entry) != NULL)
				ev.server = sv->server;
			window_post(&ev);
		}
		text += n;
		len -= n;
	}
	return (0);
}

/* Tell the model: one event with the message's time. */
static void
session_emit(struct session_msg *m, enum chat_event_type type, int flags,
    const char *room, const char *from, const char *target, const char *text)
{
	struct chat_event	ev;
	char			*cut = NULL;
	size_t			 len, n;
	uint32_t		 cp;
	int			 step;

	/* Texts built in fixed buffers may end in a cut character (found by
	 * tests/fuzz/client_fuzzer): keep the whole characters before it. */
	if (text != NULL && !utf8_valid(text, (len = strlen(text)))) {
		for (n = 0; n < len; n += (size_t)step) {
			if ((step = utf8_decode(text + n, len - n, &cp)) <= 0)
				break;
		}
		text = cut = xstrndup(text, n);
	}
	memset(&ev, 0, sizeof ev);
	ev.type = type;
	ev.tv = m->tv;
	ev.flags = flags;
	ev.room = room;
	ev.from = from;
	ev.target = target;
	ev.text = text;
	ev.msgid = m->msgid;
	if (TAILQ_NEXT(TAILQ_FIRST(&s_servers), entry) != NULL)
		ev.server = sv->server;	/* several: say whose it is */
	window_post(&ev);
	free(cut);
}

/* Post a connection-level event with the current time. */
static void
session_note(enum chat_event_type type, const char *text)
{
	struct session_msg	m;

	memset(&m, 0, sizeof m);
	gettimeofday(&m.tv, NULL);
	session_emit(&m, type, 0, NULL, NULL, NULL, text);
}

/* The current server takes bev as its connection (the client fuzzer):
 * a new connection, as session_connect starts one. */
void
session_adopt(struct bufferevent *bev)
{
	session_cur();
	evtimer_del(sv->reconnect_ev);
	event_del(sv->ping_ev);
	sv->quitting = false;
	net_adopt(sv->net, bev);
}

void
session_net_connected(void)
{
	char	buf[400];

	session_cur();
	sv->state = SESSION_REGISTERING;
	snprintf(buf, sizeof buf, "Connected to %s", sv->server);
	session_note(CHAT_CONNECTED, buf);
	session_register();
}

/* CAP LS first, so the server holds registration until CAP END. */
static void
session_register(void)
{
	sv->cap_echo = false;
	sv->caps_offered = 0;
	history_reset();
	sv->sasl = false;
	free(sv->account);
	sv->account = NULL;
	sv->login_failed = false;
	sv->casemap = IRC_CASE_RFC1459;
	window_set_casemap(sv->casemap);
	free(sv->filehost);
	sv->filehost = NULL;
	session_set_nick(s_opt.nick);
	session_send("CAP", "LS", "302", NULL);
	if (sv->password != NULL)
		session_send("PASS", sv->password, NULL);
	session_send("NICK", sv->nick, NULL);
	session_send("USER", s_opt.user, "0", "*", s_opt.realname, NULL);
}

/* What one server's connection reports: the same, on that server. */
static void
session_ev_connected(void *arg)
{
	unsigned int	was = session_enter(arg);

	session_net_connected();
	session_leave(was);
}

static void
session_ev_line(void *arg, char *line, size_t len)
{
	unsigned int	was = session_enter(arg);

	session_net_line(line, len);
	session_leave(was);
}

static void
session_ev_unreadable(void *arg, const char *why)
{
	unsigned int	was = session_enter(arg);

	session_unreadable(why);
	session_leave(was);
}

static void
session_ev_closed(void *arg, const char *why, bool error)
{
	unsigned int	was = session_enter(arg);

	session_net_closed(why, error);
	session_leave(was);
}

static void
session_ev_tls(void *arg, const char *text, bool insecure)
{
	unsigned int	was = session_enter(arg);

	session_net_tls(text, insecure);
	session_leave(was);
}

static const struct net_events session_net_events = {
	.connected = session_ev_connected,
	.line = session_ev_line,
	.unreadable = session_ev_unreadable,
	.closed = session_ev_closed,
	.tls = session_ev_tls,
};

/* A "tls" event says how the server was trusted, or that it was not. */
void
session_net_tls(const char *text, bool insecure)
{
	struct session_msg	m;

	session_cur();
	memset(&m, 0, sizeof m);
	gettimeofday(&m.tv, NULL);
	session_emit(&m, CHAT_TLS, insecure ? CHAT_HERE : 0, NULL, NULL, NULL,
	    text);
}

/* The connection is gone: say why, and reconnect unless we are leaving. */
void
session_net_closed(const char *why, bool error)
{
	struct timeval	tv = { 0, 0 };
	char		buf[512];

	session_cur();
	event_del(sv->ping_ev);
	sv->ping_out = false;
	sv->lag = -1;
	history_flush();
	session_who_clear();
	/* A NAMES reply or EXTJWT token in pieces cannot be finished by the
	 * next connection. */
	session_names_drop();
	sv->extjwt[0] = '\0';
	if (sv->quitting || !s_opt.reconnect) {
		sv->state = SESSION_IDLE;
		snprintf(buf, sizeof buf, "Disconnected from %s: %s",
		    sv->server, why);
		session_note(CHAT_DISCONNECTED, buf);
		return;
	}
	sv->state = SESSION_WAITING;
	tv.tv_sec = sv->backoff;
	snprintf(buf, sizeof buf, "Disconnected from %s: %s; reconnecting "
	    "in %d s", sv->server, why, sv->backoff);
	session_note(CHAT_DISCONNECTED, buf);
	evtimer_add(sv->reconnect_ev, &tv);
	sv->backoff = sv->backoff * 2 > SESSION_BACKOFF_MAX ?
	    SESSION_BACKOFF_MAX : sv->backoff * 2;
}

static void
session_reconnect_cb(int fd, short what, void *arg)
{
	struct server	*v = arg;
	unsigned int	 was = session_enter(v);

	if (v->host != NULL)
		session_connect(v->host, v->port);
	session_leave(was);
}

/* Measure lag, and notice a dead link: no PONG for two intervals. */
static void
session_ping_cb(int fd, short what, void *arg)
{
	struct server	*v = arg;
	struct timeval	 now;
	char		 token[64];
	unsigned int	 was = session_enter(v);

	history_flush();	/* the last-seen file, now and then */
	gettimeofday(&now, NULL);
	if (v->ping_out && now.tv_sec - v->ping_sent.tv_sec >=
	    2 * s_opt.ping_interval) {
		net_close(v->net);
		session_net_closed("ping timeout", true);
	} else if (!v->ping_out) {
		v->ping_sent = now;
		v->ping_out = true;
		snprintf(token, sizeof token, "tui-chat-%lld",
		    (long long)now.tv_sec);
		session_send("PING", token, NULL);
	}
	session_leave(was);
}

/* Join the rooms we were in and the --join ones, a line per room. */
static void
session_rejoin(void)
{
	struct window	*w;
	size_t		 i;

	for (i = 0; i < sv->nautojoin; i++) {
		if (window_find(sv->autojoin[i]) != NULL)
			continue;
		/* Opened now so that text typed next goes to the room. */
		w = window_open(WINDOW_ROOM, sv->autojoin[i]);
		w->joined = true;
		if (i == 0)
			window_select(w);
	}
	TAILQ_FOREACH(w, window_list(), entry) {
		if (window_in_group(w) && w->type == WINDOW_ROOM && w->joined)
			session_send("JOIN", w->name, NULL);
	}
}

/* The value of tag key, sanitised, if it is a usable reference (printable
 * ASCII, no spaces, short: we may send it back), else NULL; the caller
 * frees it. */
static char *
session_tag(const char *tags, const char *key)
{
	char	buf[LASTSEEN_REF_MAX + 2], *value;

	if (tags == NULL || !irc_tags_get(tags, key, buf, sizeof buf))
		return (NULL);
	value = sanitize(buf, strlen(buf), 0);
	if (!batch_ref_valid(value, LASTSEEN_REF_MAX)) {
		free(value);
		return (NULL);
	}
	return (value);
}

/* Parse into m, sanitising every parameter (format codes kept only in the
 * last, which is the text) and taking CTCP apart first. The strings go in
 * space if they fit (they always should: a malloc per line was a good part
 * of reading one), else in m->buf. */
static int
session_msg_load(struct session_msg *m, struct irc_msg *msg, char *space,
    size_t spacelen, unsigned int names)
{
	char		 nick[256], tbuf[64], *out;
	const char	*p;
	size_t		 len, size;
	int		 i;

	memset(m, 0, sizeof *m);
	if (msg->tags == NULL || !irc_tags_get(msg->tags, "time", tbuf,
	    sizeof tbuf) || irc_time_parse(tbuf, &m->tv) == -1)
		gettimeofday(&m->tv, NULL);
	m->msgid = session_tag(msg->tags, "msgid");
	m->batch = session_tag(msg->tags, "batch");
	m->server = true;
	/* The sanitised nick and parameters share one buffer. */
	if (msg->source != NULL)
		irc_source_nick(msg->source, nick, sizeof nick);
	size = msg->source != NULL ? SANITIZE_SIZE(strlen(nick)) : 0;
	for (i = 0; i < msg->nparams; i++)
		size += SANITIZE_SIZE(strlen(msg->params[i]));
	out = size <= spacelen ? space : (m->buf = xmalloc(size));
	if (msg->source != NULL) {
		m->nick = out;
		out += sanitize_into(out, nick, strlen(nick), 0) + 1;
		m->server = strchr(msg->source, '!') == NULL &&
		    strchr(msg->source, '.') != NULL;
		m->source = msg->source;
	}
	m->verb = msg->verb;
	m->n = msg->nparams;
	for (i = 0; i < m->n; i++) {
		p = msg->params[i];
		len = strlen(p);
		if (i == m->n - 1 && len >= 2 && p[0] == '\001') {
			p++;
			len--;
			if (p[len - 1] == '\001')
				len--;
			if (len >= 7 && strncmp(p, "ACTION ", 7) == 0) {
				m->ctcp = SESSION_CTCP_ACTION;
				p += 7;
				len -= 7;
			} else
				m->ctcp = SESSION_CTCP_OTHER;
		}
		/* Formatting codes survive only in a text: a name keeps
		 * one spelling (one window), last parameter or not. */
		m->p[i] = out;
		out += sanitize_into(out, p, len, i == m->n - 1 &&
		    !(names & (1u << i)) ? SANITIZE_KEEP_FORMAT : 0) + 1;
	}
	return (0);
}

static void
session_msg_free(struct session_msg *m)
{
	free(m->msgid);
	free(m->batch);
	free(m->buf);
}

static int
session_handler_cmp(const void *key, const void *elem)
{
	return (strcmp(key, ((const struct session_handler *)elem)->verb));
}

/*
 * A bare CR or a NUL inside a line makes irc_msg_parse refuse all of it;
 * as spaces they cost nothing but themselves (the sanitizer deals with
 * every other control byte once the message is parsed).
 */
static void
session_line_blank(char *line, size_t len)
{
	char	*p, *end = line + len;

	/* memchr(3): most lines have neither, and a loop over every byte
	 * was a good part of reading one. */
	for (p = line; (p = memchr(p, '\r', (size_t)(end - p))) != NULL; p++)
		*p = ' ';
	for (p = line; (p = memchr(p, '\0', (size_t)(end - p))) != NULL; p++)
		*p = ' ';
}

/*
 * A server line we cannot read is dropped, but not silently: the user
 * sees why (an empty line is no message at all, and is only ignored).
 */
void
session_unreadable(const char *why)
{
	char	buf[256];

	session_cur();
	snprintf(buf, sizeof buf, "ignored a line from the server: %s", why);
	session_note(CHAT_ERROR, buf);
}

void
session_net_line(char *line, size_t len)
{
	struct irc_msg			 msg;
	struct session_msg		 m;
	char				 space[SESSION_MSG_SPACE];
	const struct session_handler	*h = NULL;
	enum irc_parse_error		 err;
	int				 num;
	unsigned int			 names = 0;

	session_cur();
	log_debug("< %.*s", (int)len, line);
	session_line_blank(line, len);
	if ((err = irc_msg_parse(&msg, line, len)) != IRC_PARSE_OK) {
		if (err != IRC_PARSE_EMPTY)
			session_unreadable(irc_parse_strerror(err));
		return;
	}
	if ((num = irc_msg_numeric(&msg)) == -1) {
		h = bsearch(msg.verb, session_handlers,
		    nitems(session_handlers), sizeof *session_handlers,
		    session_handler_cmp);
		names = h != NULL ? h->names : 0;
	} else if (num == RPL_NAMREPLY)
		names = 1u << 3;
	session_msg_load(&m, &msg, space, sizeof space, names);
	session_dispatch(&m, h, num);
	session_msg_free(&m);
}

/*
 * Hand m to its handler. A line inside a chathistory batch is history:
 * messages are shown as such, anything else in it is dropped. Lines of
 * other batches are handled as if unbatched (the batch spec's advice for
 * types a client does not know).
 */
static void
session_dispatch(struct session_msg *m, const struct session_handler *h,
    int num)
{
	enum history_route	route = HISTORY_LIVE;

	if (m->batch != NULL && (h == NULL || h->fn != on_batch))
		route = history_route(m->batch, m->n >= 1 ? m->p[0] : "");
	if (route == HISTORY_DROP)
		return;
	if (route == HISTORY_LINE) {
		if (h != NULL && h->fn == on_privmsg && m->n >= 2 &&
		    m->nick != NULL) {
			m->history = true;
			on_privmsg(m);
		}
		return;
	}
	if (num != -1) {
		if (m->n >= 1)
			session_numeric(m, num);
	} else if (h != NULL && m->n >= h->min)
		h->fn(m);
}

static void
on_ping(struct session_msg *m)
{
	session_send("PONG", m->n > 0 ? m->p[m->n - 1] : "tui-chat", NULL);
}

static void
on_pong(struct session_msg *m)
{
	struct timeval	now;

	if (!sv->ping_out || m->n == 0 ||
	    strncmp(m->p[m->n - 1], "tui-chat-", 9) != 0)
		return;
	gettimeofday(&now, NULL);
	sv->lag = (now.tv_sec - sv->ping_sent.tv_sec) * 1000 +
	    (now.tv_usec - sv->ping_sent.tv_usec) / 1000;
	sv->ping_out = false;
}

/* One name of a CAP LS reply (all its lines count). */
static void
session_cap_offered(const char *cap)
{
	size_t	i;

	for (i = 0; i < nitems(session_caps); i++) {
		if (strcmp(cap, session_caps[i].name) == 0)
			sv->caps_offered |= 1u << i;
	}
}

/* After the last line of CAP LS: CAP REQ what we use, or CAP END. */
static void
session_cap_request(void)
{
	char	want[256] = "";
	bool	history = false;
	size_t	i;

	for (i = 0; i < nitems(session_caps); i++) {
		if ((sv->caps_offered & (1u << i)) &&
		    session_caps[i].history == SESSION_CAP_HISTORY)
			history = true;
	}
	if (sv->sasl)
		strlcpy(want, "sasl", sizeof want);
	for (i = 0; i < nitems(session_caps); i++) {
		if (!(sv->caps_offered & (1u << i)) || (!history &&
		    session_caps[i].history == SESSION_CAP_NEEDS_HISTORY))
			continue;
		if (*want != '\0')
			strlcat(want, " ", sizeof want);
		strlcat(want, session_caps[i].name, sizeof want);
	}
	sv->caps_offered = 0;
	if (sv->state != SESSION_REGISTERING)
		return;
	if (*want != '\0')
		session_send("CAP", "REQ", want, NULL);
	else
		session_send("CAP", "END", NULL);
}

/* Whether a CAP LS entry ("sasl" or "sasl=A,B") offers our mechanism. */
static bool
session_sasl_offered(const char *cap)
{
	const char	*v;
	char		 list[128], *p, *mech;

	if (sv->sasl_mech == NULL || strncmp(cap, "sasl", 4) != 0 ||
	    (cap[4] != '\0' && cap[4] != '='))
		return (false);
	if (cap[4] == '\0' || *(v = cap + 5) == '\0')
		return (true);
	strlcpy(list, v, sizeof list);
	p = list;
	while ((mech = strsep(&p, ",")) != NULL) {
		if (strcasecmp(mech, sv->sasl_mech) == 0)
			return (true);
	}
	return (false);
}

/* Ask for what we can use from the server's CAP LS; END otherwise. */
static void
on_cap(struct session_msg *m)
{
	char	 *list, *p, *cap;
	bool	  sasl = false;

	if (strcasecmp(m->p[1], "LS") == 0 && m->n >= 3) {
		p = list = xstrdup(m->p[m->n - 1]);
		while ((cap = strsep(&p, " ")) != NULL) {
			if (session_sasl_offered(cap))
				sv->sasl = true;
			cap[strcspn(cap, "=")] = '\0';
			session_cap_offered(cap);
		}
		free(list);
		if (m->n >= 4 && strcmp(m->p[2], "*") == 0)
			return;	/* more to come; ask after the last line */
		if (sv->sasl_mech != NULL && !sv->sasl &&
		    sv->state == SESSION_REGISTERING)
			session_login_failed_note(m, "the server does not offer "
			    "SASL with this mechanism");
		session_cap_request();
	} else if (strcasecmp(m->p[1], "ACK") == 0) {
		p = list = xstrdup(m->p[m->n - 1]);
		while ((cap = strsep(&p, " ")) != NULL) {
			if (strcasecmp(cap, "echo-message") == 0)
				sv->cap_echo = true;
			sasl = sasl || strcmp(cap, "sasl") == 0;
			history_cap_ack(cap);
		}
		free(list);
		if (sasl && sv->sasl && sv->sasl_mech != NULL)
			session_send("AUTHENTICATE", sv->sasl_mech, NULL);
		else if (sv->state == SESSION_REGISTERING && !sv->sasl)
			session_send("CAP", "END", NULL);
	} else if (strcasecmp(m->p[1], "NAK") == 0 &&
	    sv->state == SESSION_REGISTERING) {
		if (sv->sasl)
			session_login_failed_note(m, "the server refused SASL");
		sv->sasl = false;
		session_send("CAP", "END", NULL);
	}
}

/* A failed login: an event, and registration goes on without it. */
static void
session_login_failed_note(struct session_msg *m, const char *why)
{
	char	text[IRC_LINE_MAX];

	sv->login_failed = true;
	snprintf(text, sizeof text, "Login failed: %s", why);
	session_emit(m, CHAT_LOGIN_FAILED, 0, NULL, NULL, NULL, text);
}

/* Send one AUTHENTICATE chunk. */
static void
session_sasl_chunk(const char *chunk, void *arg)
{
	session_send("AUTHENTICATE", chunk, NULL);
}

/* "AUTHENTICATE +": the server waits for our payload. */
static void
on_authenticate(struct session_msg *m)
{
	if (!sv->sasl || strcmp(m->p[0], "+") != 0)
		return;
	if (strcasecmp(sv->sasl_mech, "PLAIN") == 0 &&
	    s_opt.sasl_password != NULL)
		sasl_plain(s_opt.sasl_account, s_opt.sasl_password,
		    session_sasl_chunk, NULL);
	else if (strcasecmp(sv->sasl_mech, "EXTERNAL") == 0)
		session_send("AUTHENTICATE", "+", NULL);
	else
		session_send("AUTHENTICATE", "*", NULL);
}

/* 900-908: logged in or not; registration goes on either way. */
static bool
session_sasl_numeric(struct session_msg *m, int num)
{
	char	text[IRC_LINE_MAX];

	switch (num) {
	case RPL_LOGGEDIN:
		if (m->n < 3)
			return (true);
		free(sv->account);
		sv->account = xstrdup(m->p[2]);
		sv->login_failed = false;
		snprintf(text, sizeof text, "Logged in as %s", sv->account);
		session_emit(m, CHAT_LOGIN, 0, NULL, sv->nick, sv->account,
		    text);
		return (true);
	case RPL_LOGGEDOUT:
		free(sv->account);
		sv->account = NULL;
		return (false);
	case RPL_SASLSUCCESS:
		break;
	case ERR_NICKLOCKED:
	case ERR_SASLFAIL:
	case ERR_SASLTOOLONG:
	case ERR_SASLABORTED:
		session_login_failed_note(m, m->p[m->n - 1]);
		break;
	case ERR_SASLALREADY:
	case RPL_SASLMECHS:
		return (false);
	default:
		return (false);
	}
	if (sv->sasl && sv->state == SESSION_REGISTERING)
		session_send("CAP", "END", NULL);
	sv->sasl = false;
	return (true);
}

/* REGISTER SUCCESS|VERIFICATION_REQUIRED account :text */
static void
on_register(struct session_msg *m)
{
	char	text[IRC_LINE_MAX];

	snprintf(text, sizeof text, "Account %s: %s", m->p[1],
	    m->p[m->n - 1]);
	session_emit(m, CHAT_INFO, CHAT_HERE, NULL, NULL, NULL, text);
}

/* The account we are logged in to, or NULL. */
const char *
session_account(void)
{
	return (session_peek()->account);
}

/* Whether the last login was refused. */
bool
session_login_failed(void)
{
	return (session_peek()->login_failed);
}

/* BATCH +ref type [params] / BATCH -ref; a nested one names its parent
 * in its own batch tag. */
static void
on_batch(struct session_msg *m)
{
	const char	*ref = m->p[0];

	if (*ref == '+' && m->n >= 2)
		history_batch_start(ref + 1, m->p[1], m->n >= 3 ? m->p[2] :
		    NULL, m->batch);
	else if (*ref == '-')
		history_batch_end(ref + 1);
}

/* FAIL command code [context...] :description (standard replies). */
static void
on_fail(struct session_msg *m)
{
	char		 text[IRC_LINE_MAX * 2];
	const char	*target = NULL;
	int		 i;

	/* FAIL EXTJWT: no token will come for the file transfer. */
	if (strcmp(m->p[0], "EXTJWT") == 0 && s_extjwt_fn != NULL) {
		s_extjwt_fn(NULL, NULL, m->p[m->n - 1]);
		return;
	}
	if (strcasecmp(m->p[0], "CHATHISTORY") == 0) {
		for (i = 2; i < m->n - 1 && target == NULL; i++) {
			if (window_find(m->p[i]) != NULL)
				target = m->p[i];
		}
		history_failed(target);
	}
	snprintf(text, sizeof text, "%s failed: %s (%s)", m->p[0],
	    m->p[m->n - 1], m->p[1]);
	session_emit(m, CHAT_ERROR, 0, NULL, NULL, NULL, text);
}

static void
on_error(struct session_msg *m)
{
	/* After our own QUIT the server's ERROR is the expected goodbye,
	 * not something a script should count as an error. */
	session_emit(m, sv->quitting ? CHAT_INFO : CHAT_ERROR, 0, NULL, NULL,
	    NULL, m->n > 0 ? m->p[0] : "closing link");
}

static void
on_join(struct session_msg *m)
{
	int	flags = session_is_self(m->nick) ? CHAT_SELF : 0;

	if (m->nick == NULL)
		return;
	session_emit(m, CHAT_JOIN, flags, m->p[0], m->nick, NULL, NULL);
	if (flags & CHAT_SELF) {
		history_joined(sv->server, m->p[0]);
		session_who_start(m->p[0]);	/* who is away: the nick list */
	}
}

static void
on_part(struct session_msg *m)
{
	int	flags = session_is_self(m->nick) ? CHAT_SELF : 0;

	if (m->nick == NULL)
		return;
	session_emit(m, CHAT_PART, flags, m->p[0], m->nick, NULL,
	    m->n > 1 ? m->p[1] : NULL);
}

static void
on_quit(struct session_msg *m)
{
	if (m->nick == NULL)
		return;
	session_emit(m, CHAT_QUIT, session_is_self(m->nick) ? CHAT_SELF : 0,
	    NULL, m->nick, NULL, m->n > 0 ? m->p[0] : NULL);
}

static void
on_kick(struct session_msg *m)
{
	int	flags = session_is_self(m->p[1]) ? CHAT_MENTION : 0;

	session_emit(m, CHAT_KICK, flags, m->p[0], m->nick, m->p[1],
	    m->n > 2 ? m->p[2] : NULL);
}

static void
on_nick(struct session_msg *m)
{
	bool	self = session_is_self(m->nick);

	if (m->nick == NULL)
		return;
	session_emit(m, CHAT_NICK, self ? CHAT_SELF : 0, NULL, m->nick,
	    m->p[0], NULL);
	if (self)
		session_set_nick(m->p[0]);
}

static void
on_privmsg(struct session_msg *m)
{
	enum chat_event_type	 type = CHAT_MSG;
	const char		*target = m->p[0], *text = m->p[1];
	int			 flags = 0;
	char			 buf[IRC_LINE_MAX];

	if (!m->server && ignore_match(m->source, time(NULL)))
		return;
	if (*m->verb == 'N')
		type = CHAT_NOTICE;
	if (m->history) {	/* no CTCP replies to the past */
		if (m->ctcp == SESSION_CTCP_OTHER || !irc_is_room(target))
			return;
		flags |= CHAT_HISTORY;
	}
	if (m->ctcp == SESSION_CTCP_ACTION)
		type = CHAT_ACTION;
	else if (m->ctcp == SESSION_CTCP_OTHER) {
		if (type == CHAT_MSG && strncmp(text, "VERSION", 7) == 0 &&
		    m->nick != NULL)
			session_send("NOTICE", m->nick,
			    "\001VERSION tui-chat " PACKAGE_VERSION "\001", NULL);
		snprintf(buf, sizeof buf, "CTCP %s from %s", text,
		    m->nick != NULL ? m->nick : "server");
		session_emit(m, CHAT_INFO, 0, NULL, NULL, NULL, buf);
		return;
	}
	/* A server's notice to a room (a shared file) belongs in the room. */
	if (((m->server && !irc_is_room(target)) ||
	    sv->state != SESSION_READY) && !m->history) {
		session_emit(m, type == CHAT_MSG ? CHAT_MSG : CHAT_NOTICE, 0,
		    NULL, m->nick, NULL, text);
		return;
	}
	if (session_is_self(m->nick))
		flags |= CHAT_SELF;
	else if (window_mentions(text, sv->nick) || highlight_match(text))
		flags |= CHAT_MENTION;
	if (irc_is_room(target)) {
		session_emit(m, type, flags, target, m->nick, NULL, text);
		history_seen(sv->server, target, m->msgid, &m->tv);
	} else
		session_emit(m, type, flags | CHAT_PRIVATE, NULL, m->nick,
		    (flags & CHAT_SELF) ? target : sv->nick, text);
}

static void
on_topic(struct session_msg *m)
{
	session_emit(m, CHAT_TOPIC, session_is_self(m->nick) ? CHAT_SELF : 0,
	    m->p[0], m->nick, NULL, m->n > 1 ? m->p[1] : "");
}

static void
on_mode(struct session_msg *m)
{
	char	text[IRC_LINE_MAX];

	session_join_text(m, 1, text, sizeof text);
	session_emit(m, CHAT_MODE, 0, m->p[0], m->nick, NULL, text);
}

static void
on_invite(struct session_msg *m)
{
	if (ignore_match(m->source, time(NULL)))
		return;
	session_emit(m, CHAT_INVITE, CHAT_MENTION, m->p[1], m->nick, m->p[0],
	    NULL);
}

/* EXTJWT target service [*] token: pieces until one without "*". */
static void
on_extjwt(struct session_msg *m)
{
	bool	more = m->n >= 4 && strcmp(m->p[2], "*") == 0;

	strlcat(sv->extjwt, m->p[more ? 3 : 2], sizeof sv->extjwt);
	if (more)
		return;
	if (s_extjwt_fn != NULL)
		s_extjwt_fn(m->p[0], sv->extjwt, NULL);
	sv->extjwt[0] = '\0';
}

void
session_on_extjwt(session_extjwt_fn *fn)
{
	s_extjwt_fn = fn;
}

const char *
session_filehost(void)
{
	return (session_peek()->filehost);
}

static void
on_away(struct session_msg *m)
{
	session_emit(m, CHAT_AWAY, 0, NULL, m->nick, NULL,
	    m->n > 0 ? m->p[0] : "");
}

/* Parameters from index first on, joined by spaces, into buf. */
static void
session_join_text(struct session_msg *m, int first, char *buf, size_t size)
{
	int	i;

	*buf = '\0';
	for (i = first; i < m->n; i++) {
		if (i > first)
			strlcat(buf, " ", size);
		strlcat(buf, m->p[i], size);
	}
}

/* NAMES replies come in pieces; one event per room, when 366 arrives. */
static void
session_names_flush(struct session_msg *m)
{
	if (sv->names_room == NULL)
		return;
	session_emit(m, CHAT_NAMES, 0, sv->names_room, NULL, NULL,
	    sv->names != NULL ? sv->names : "");
	session_names_drop();
}

/* Forget the NAMES reply being gathered. */
static void
session_names_drop(void)
{
	free(sv->names_room);
	free(sv->names);
	sv->names_room = sv->names = NULL;
	sv->names_len = sv->names_size = 0;
}

/* 353: "me = #room :a @b +c". */
static void
session_names_add(struct session_msg *m)
{
	size_t	len;

	if (m->n < 4)
		return;
	if (sv->names_room != NULL &&
	    irc_casecmp(sv->casemap, sv->names_room, m->p[2]) != 0)
		session_names_flush(m);
	if (sv->names_room == NULL)
		sv->names_room = xstrdup(m->p[2]);
	/* Appending in place keeps a long reply linear; past the limit a
	 * hostile server's endless reply is dropped (tests/hostile). */
	len = strlen(m->p[3]);
	if (sv->names_len + len + 2 > SESSION_NAMES_MAX)
		return;
	if (sv->names_len + len + 2 > sv->names_size) {
		sv->names_size = sv->names_len + len + 2 > sv->names_size * 2 ?
		    sv->names_len + len + 2 : sv->names_size * 2;
		sv->names = xrealloc(sv->names, sv->names_size);
	}
	if (sv->names_len != 0)
		sv->names[sv->names_len++] = ' ';
	memcpy(sv->names + sv->names_len, m->p[3], len + 1);
	sv->names_len += len;
}

/* 005: the casemapping decides how names compare from now on. */
static void
session_isupport(struct session_msg *m)
{
	int	i;

	for (i = 1; i < m->n - 1; i++) {
		nicklist_isupport(sv->id, m->p[i]);
		if (strncasecmp(m->p[i], "CASEMAPPING=", 12) == 0) {
			sv->casemap = irc_casemap_from_name(m->p[i] + 12);
			window_set_casemap(sv->casemap);
		} else if (strncmp(m->p[i], "draft/FILEHOST=", 15) == 0 ||
		    (strncmp(m->p[i], "soju.im/FILEHOST=", 17) == 0 &&
		    sv->filehost == NULL)) {
			free(sv->filehost);
			sv->filehost = xstrdup(strchr(m->p[i], '=') + 1);
		} else
			history_isupport(m->p[i]);
	}
}

/* 001: registered; rejoin, start pinging. */
static void
session_welcome(struct session_msg *m)
{
	struct timeval	tv = { s_opt.ping_interval, 0 };
	char		buf[512];

	sv->state = SESSION_READY;
	sv->backoff = 1;
	session_set_nick(m->p[0]);
	session_rejoin();
	snprintf(buf, sizeof buf, "Registered as %s on %s", sv->nick,
	    sv->server);
	session_emit(m, CHAT_REGISTERED, 0, NULL, sv->nick, NULL, buf);
	event_add(sv->ping_ev, &tv);
	session_ping_cb(-1, 0, sv);
}

/* 433/432 while registering: try another nick ourselves. */
static bool
session_nick_retry(struct session_msg *m, int num)
{
	char	nick[IRC_NICK_MAX + 1];
	size_t	len;

	if (sv->state != SESSION_REGISTERING)
		return (false);
	if (num == 433) {
		/* Whole characters only: a nick cut inside one, or with a
		 * digit in place of its last byte, is not UTF-8 (found by
		 * tests/fuzz/client_fuzzer). */
		len = utf8_boundary(sv->nick, strlen(sv->nick), IRC_NICK_MAX);
		memcpy(nick, sv->nick, len);
		if (len < IRC_NICK_MAX && len < 16)
			nick[len++] = '_';
		else {
			len = utf8_boundary(nick, len, len - 1);
			nick[len++] = '0' + arc4random_uniform(10);
		}
		nick[len] = '\0';
	} else
		snprintf(nick, sizeof nick, "guest%u",
		    arc4random_uniform(100000));
	session_set_nick(nick);
	session_send("NICK", nick, NULL);
	return (true);
}

/* A numeric the table does not know: "p1 p2: text". */
static void
session_numeric_plain(struct session_msg *m, char *text, size_t size)
{
	if (m->n >= 3) {
		session_join_text(m, 1, text, size);
		/* "p1 p2: text" reads better than "p1 p2 text" */
		if (strlen(text) > strlen(m->p[m->n - 1]) + 1) {
			text[strlen(text) - strlen(m->p[m->n - 1]) - 1] = '\0';
			strlcat(text, ": ", size);
			strlcat(text, m->p[m->n - 1], size);
		}
	} else
		strlcpy(text, m->p[m->n - 1], size);
}

/* Forget the WHOs in flight (the connection is gone). */
static void
session_who_clear(void)
{
	while (sv->nwho > 0)
		free(sv->who[--sv->nwho]);
	free(sv->who);
	sv->who = NULL;
}

/* Ask who is in room and away; the replies are not shown. */
static void
session_who_start(const char *room)
{
	if (sv->nwho >= SESSION_WHO_MAX ||
	    session_send("WHO", room, NULL) == -1)
		return;
	sv->who = xreallocarray(sv->who, sv->nwho + 1, sizeof *sv->who);
	sv->who[sv->nwho++] = xstrdup(room);
}

/* 352 and 315 of a WHO we sent on joining: away flags for the nick list,
 * then forget the room. False for replies the user asked for. */
static bool
session_who_reply(struct session_msg *m, int num)
{
	size_t	i;

	for (i = 0; i < sv->nwho; i++) {
		if (m->n >= 2 &&
		    irc_casecmp(sv->casemap, sv->who[i], m->p[1]) == 0)
			break;
	}
	if (i == sv->nwho)
		return (false);
	if (num == 352 && m->n >= 7)
		nicklist_set_away(sv->id, m->p[1], m->p[5],
		    m->p[6][0] == 'G');
	else if (num == 315) {
		free(sv->who[i]);
		sv->who[i] = sv->who[--sv->nwho];
	}
	return (true);
}

static void
session_numeric(struct session_msg *m, int num)
{
	char		text[IRC_LINE_MAX * 2];
	const char	*room = NULL;

	if (num >= 900 && num <= 908 && session_sasl_numeric(m, num))
		return;
	switch (num) {
	case 1:
		session_welcome(m);
		return;
	case 5:
		session_isupport(m);
		return;
	case 332:
		if (m->n >= 3)
			session_emit(m, CHAT_TOPIC, 0, m->p[1], NULL, NULL,
			    m->p[2]);
		return;
	case 321: case 333:
		return;
	case 353:
		session_names_add(m);
		return;
	case 315: case 352:
		if (session_who_reply(m, num))
			return;
		break;
	case 366:
		session_names_flush(m);
		return;
	case 421:	/* no EXTJWT here: no token will come */
		if (m->n >= 3 && strcasecmp(m->p[1], "EXTJWT") == 0 &&
		    s_extjwt_fn != NULL) {
			s_extjwt_fn(NULL, NULL, "The server has no EXTJWT");
			return;
		}
		break;
	case 403: case 442:	/* perhaps the answer to EXTJWT #room */
		if (m->n >= 3 && s_extjwt_fn != NULL)
			s_extjwt_fn(m->p[1], NULL, m->p[m->n - 1]);
		break;
	case 431: case 432: case 433:
		if (session_nick_retry(m, num))
			return;
		break;
	}
	if (m->n >= 3 && irc_is_room(m->p[1]))
		room = m->p[1];
	if (numeric_text(num, m->n, m->p, text, sizeof text) == -1)
		session_numeric_plain(m, text, sizeof text);
	/* Replies to a command belong where it was typed; the greeting and
	 * the MOTD belong in the status window. */
	if (num == 422)		/* no MOTD: not worth an error */
		session_emit(m, CHAT_INFO, 0, NULL, NULL, NULL, text);
	else if (num >= 400 && num < 600)
		session_emit(m, CHAT_ERROR, 0, room, NULL, NULL, text);
	else if (num >= 300 && num < 400 && (num < 372 || num > 376) &&
	    sv->state == SESSION_READY)
		session_emit(m, CHAT_INFO, CHAT_HERE, room, NULL, NULL, text);
	else
		session_emit(m, CHAT_INFO, 0, room, NULL, NULL, text);
}
