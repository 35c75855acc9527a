/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* A sorted table of commands (catgirl's command.c), each with its usage
 * line; arity is checked once, in command_input. */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "command.h"
#include "compat.h"
#include "files.h"
#include "ignore.h"
#include "irc_case.h"
#include "irc_fmt.h"
#include "irc_msg.h"
#include "logfile.h"
#include "nicklist.h"
#include "prefs.h"
#include "scrollback.h"
#include "search.h"
#include "session.h"
#include "url.h"
#include "window.h"
#include "xmalloc.h"

static struct command_hooks	command_hooks;
static struct prefs		*command_prefs;

static command_fn cmd_away, cmd_clear, cmd_close, cmd_connect, cmd_disconnect,
    cmd_discover, cmd_help, cmd_ignore, cmd_invite, cmd_join, cmd_kick,
    cmd_list, cmd_log, cmd_me, cmd_mode, cmd_msg, cmd_names, cmd_nick,
    cmd_nicklist, cmd_notice, cmd_part, cmd_query, cmd_quit, cmd_quote,
    cmd_search, cmd_set, cmd_topic, cmd_unignore, cmd_url, cmd_who, cmd_whois,
    cmd_win, cmd_oper, cmd_register, cmd_files, cmd_get, cmd_put;
static command_fn cmd_server;

static const char	*command_room(struct window *, const char *);

/* Sorted by name: command_find uses bsearch. */
static const struct command command_list[] = {
	{ "away", cmd_away, 0, 1, "/away [MESSAGE]",
	    "mark yourself away (no message: back)" },
	{ "clear", cmd_clear, 0, 0, "/clear", "clear this window" },
	{ "close", cmd_close, 0, 0, "/close",
	    "close this window (leaves its room; a server's: forgets it)" },
	{ "connect", cmd_connect, 0, 1, "/connect [[ircs://]HOST[:PORT]]",
	    "add a server (no HOST: reconnect this window's)" },
	{ "disconnect", cmd_disconnect, 0, 0, "/disconnect",
	    "leave this window's server (the others stay)" },
	{ "discover", cmd_discover, 0, 0, "/discover",
	    "look for servers on the LAN" },
	{ "files", cmd_files, 0, 1, "/files [ROOM]",
	    "list the files shared in a room" },
	{ "get", cmd_get, 1, 2, "/get NAME|URL [DIR]",
	    "download a file (resumes; default: the download directory)" },
	{ "help", cmd_help, 0, 1, "/help [COMMAND]", "list the commands" },
	{ "ignore", cmd_ignore, 0, 2, "/ignore [NICK|MASK [TIME]]",
	    "hide someone's messages (for ever, or 30s, 10m, 2h, 1d, 1w)" },
	{ "invite", cmd_invite, 1, 2, "/invite NICK [ROOM]",
	    "invite someone to a room" },
	{ "join", cmd_join, 1, 2, "/join ROOM [KEY]", "join a room" },
	{ "kick", cmd_kick, 1, 2, "/kick NICK [REASON]",
	    "remove someone from this room" },
	{ "list", cmd_list, 0, 1, "/list [ROOMS]", "list the rooms" },
	{ "log", cmd_log, 0, 1, "/log [on|off]",
	    "log this window to a file, or stop (on by default)" },
	{ "me", cmd_me, 1, 1, "/me ACTION", "describe what you do" },
	{ "mode", cmd_mode, 0, COMMAND_ARGS_MAX, "/mode [TARGET] [MODES [ARGS]]",
	    "show or change modes" },
	{ "msg", cmd_msg, 2, 2, "/msg NICK|ROOM TEXT", "send a message" },
	{ "names", cmd_names, 0, 1, "/names [ROOM]", "who is in a room" },
	{ "nick", cmd_nick, 1, 1, "/nick NICK", "change your nick" },
	{ "nicklist", cmd_nicklist, 0, 1, "/nicklist [on|off]",
	    "show or hide the members beside a room (Alt-Shift-N)" },
	{ "notice", cmd_notice, 2, 2, "/notice NICK|ROOM TEXT",
	    "send a notice" },
	{ "oper", cmd_oper, 2, 2, "/oper NAME PASSWORD",
	    "become an IRC operator" },
	{ "part", cmd_part, 0, 2, "/part [ROOM] [REASON]", "leave a room" },
	{ "put", cmd_put, 1, 1, "/put PATH",
	    "upload a file to this room and post its link" },
	{ "query", cmd_query, 1, 2, "/query NICK [TEXT]",
	    "open a private conversation" },
	{ "quit", cmd_quit, 0, 1, "/quit [REASON]", "leave tui-chat" },
	{ "quote", cmd_quote, 1, 1, "/quote RAW IRC LINE",
	    "send a line to the server as it is" },
	{ "register", cmd_register, 2, 3, "/register ACCOUNT [EMAIL] PASSWORD",
	    "create an account on the server (ACCOUNT * is your nick)" },
	{ "search", cmd_search, 0, 1, "/search [TEXT]",
	    "find TEXT in this window (Ctrl-F: older), no TEXT: stop" },
	{ "server", cmd_server, 0, 1, "/server [N|HOST:PORT]",
	    "list the servers, or go to one's server window" },
	{ "set", cmd_set, 0, 2, "/set [KEY [VALUE]]",
	    "show the settings, or change one and save it" },
	{ "topic", cmd_topic, 0, 1, "/topic [TEXT]",
	    "show or set the topic of this room" },
	{ "unignore", cmd_unignore, 1, 1, "/unignore NICK|MASK",
	    "show someone's messages again" },
	{ "url", cmd_url, 0, 1, "/url [N]",
	    "list the last N (10) URLs of this window" },
	{ "who", cmd_who, 0, 1, "/who [MASK]", "list users" },
	{ "whois", cmd_whois, 1, 1, "/whois NICK", "about a user" },
	{ "win", cmd_win, 1, 1, "/win NUMBER", "go to window NUMBER" },
};

void
command_set_hooks(const struct command_hooks *h)
{
	command_hooks = *h;
}

void
command_set_prefs(struct prefs *cfg)
{
	command_prefs = cfg;
}

const struct command *
command_table(size_t *n)
{
	*n = nitems(command_list);
	return (command_list);
}

static int
command_cmp(const void *key, const void *elem)
{
	return (strcasecmp(key, ((const struct command *)elem)->name));
}

const struct command *
command_find(const char *name)
{
	return (bsearch(name, command_list, nitems(command_list),
	    sizeof *command_list, command_cmp));
}

void
command_args_free(struct command_args *a)
{
	free(a->copy);
	a->copy = NULL;
	a->argc = 0;
}

int
command_split(const struct command *cmd, const char *args,
    struct command_args *a)
{
	char	*p;

	memset(a, 0, sizeof *a);
	p = a->copy = xstrdup(args);
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		if (a->argc == cmd->max || a->argc == COMMAND_ARGS_MAX)
			goto fail;
		a->argv[a->argc++] = p;
		if (a->argc == cmd->max)	/* the rest of the line */
			break;
		p += strcspn(p, " ");
		if (*p != '\0')
			*p++ = '\0';
	}
	if (a->argc < cmd->min)
		goto fail;
	return (0);
fail:
	command_args_free(a);
	return (-1);
}

int
command_hostport(const char *s, char *host, size_t size, int *port)
{
	const char	*colon, *end;
	char		*ep;
	long		 n;

	*port = 6667;
	if (*s == '[') {
		if ((end = strchr(s, ']')) == NULL)
			return (-1);
		colon = end[1] == ':' ? end + 1 : NULL;
		if (end[1] != '\0' && colon == NULL)
			return (-1);
		s++;
	} else if ((colon = strchr(s, ':')) != NULL && strchr(colon + 1, ':'))
		colon = NULL, end = s + strlen(s);	/* a bare IPv6 address */
	else
		end = colon != NULL ? colon : s + strlen(s);
	if (end == s || (size_t)(end - s) >= size)
		return (-1);
	memcpy(host, s, end - s);
	host[end - s] = '\0';
	if (colon != NULL) {
		n = strtol(colon + 1, &ep, 10);
		if (*ep != '\0' || n < 1 || n > 65535)
			return (-1);
		*port = (int)n;
	}
	return (0);
}

void
command_input(const char *line)
{
	const struct command	*cmd;
	struct command_args	 a;
	struct window		*w = window_current();
	char			 name[32];
	size_t			 n;

	if (*line == '\0')
		return;
	if (line[0] != '/' || line[1] == '/') {
		if (line[0] == '/')
			line++;
		if (w->type == WINDOW_STATUS) {
			window_print(w, true, "This is the status window: "
			    "/join ROOM or /msg NICK TEXT");
			return;
		}
		session_say(w->name, line, SESSION_SAY_MSG);
		return;
	}
	n = strcspn(line + 1, " ");
	if (n == 0 || n >= sizeof name) {
		window_print(w, true, "Unknown command: %.*s (see /help)",
		    (int)(n + 1 > 40 ? 40 : n + 1), line);
		return;
	}
	memcpy(name, line + 1, n);
	name[n] = '\0';
	if ((cmd = command_find(name)) == NULL) {
		window_print(w, true, "Unknown command: /%s (see /help)", name);
		return;
	}
	if (command_split(cmd, line + 1 + n, &a) == -1) {
		window_print(w, true, "usage: %s", cmd->usage);
		return;
	}
	cmd->fn(w, &a);
	command_args_free(&a);
}

/* The room a command is about: arg if given, else this window's room. */
static const char *
command_room(struct window *w, const char *arg)
{
	if (arg != NULL)
		return (arg);
	if (w->type == WINDOW_ROOM)
		return (w->name);
	window_print(w, true, "Not in a room: name one");
	return (NULL);
}

static void
cmd_away(struct window *w, struct command_args *a)
{
	if (a->argc == 0)
		session_send("AWAY", NULL);
	else
		session_send("AWAY", a->argv[0], NULL);
}

static void
cmd_clear(struct window *w, struct command_args *a)
{
	scrollback_clear(w->sb);
	w->scroll = 0;
}

static void
cmd_close(struct window *w, struct command_args *a)
{
	if (w->type == WINDOW_STATUS) {
		/* A server window goes with its server, once it is left. */
		if (session_remove() == -1)
			window_print(w, true, session_count() > 1 ?
			    "/disconnect first" :
			    "The status window stays open");
		return;
	}
	if (w->type == WINDOW_ROOM && w->joined &&
	    session_state() == SESSION_READY)
		session_send("PART", w->name, NULL);
	window_close(w);
}

bool
command_has_port(const char *s)
{
	const char	*colon;

	if (*s == '[')
		return (strstr(s, "]:") != NULL);
	return ((colon = strchr(s, ':')) != NULL && strchr(colon + 1, ':') ==
	    NULL);
}

/* /connect [ircs://]HOST[:PORT]: ircs:// turns TLS on (port 6697). */
static void
cmd_connect(struct window *w, struct command_args *a)
{
	char	host[256];
	int	port;
	bool	tls = false;

	if (a->argc > 0 && strncasecmp(a->argv[0], "ircs://", 7) == 0) {
		tls = true;
		a->argv[0] += 7;
	}
	if (a->argc == 0) {
		if (*session_server() == '\0') {
			window_print(w, true, "usage: /connect HOST[:PORT]");
			return;
		}
		if (command_hostport(session_server(), host, sizeof host,
		    &port) == -1)
			return;
	} else if (command_hostport(a->argv[0], host, sizeof host,
	    &port) == -1) {
		window_print(w, true, "Bad address: %s (HOST[:PORT])",
		    a->argv[0]);
		return;
	}
	if (tls && !command_has_port(a->argv[0]))
		port = 6697;
	if (a->argc == 0) {	/* this window's server, again */
		session_disconnect();
		session_connect(host, port);
	} else if (session_add(host, port, tls, NULL) == -1)
		window_print(NULL, true, "Already connected to %s (/disconnect "
		    "first)", a->argv[0]);
}

static void
cmd_disconnect(struct window *w, struct command_args *a)
{
	if (session_state() == SESSION_IDLE) {
		window_print(w, true, "Not connected");
		return;
	}
	session_quit("disconnecting");
}

static void
cmd_discover(struct window *w, struct command_args *a)
{
	if (command_hooks.discover == NULL) {
		window_print(w, true, "Discovery is not available here");
		return;
	}
	command_hooks.discover();
}

static void
cmd_help(struct window *w, struct command_args *a)
{
	const struct command	*cmd;
	size_t			 i;

	if (a->argc == 1) {
		if ((cmd = command_find(a->argv[0] + (*a->argv[0] == '/'))) ==
		    NULL) {
			window_print(w, true, "Unknown command: %s",
			    a->argv[0]);
			return;
		}
		window_print(w, false, "%s: %s", cmd->usage, cmd->help);
		return;
	}
	window_print(w, false, "Commands (Alt-1..9 or Ctrl-N/P switch "
	    "windows, PageUp/PageDown scroll, Tab completes):");
	for (i = 0; i < nitems(command_list); i++) {
		window_print(w, false, "  %-30s %s", command_list[i].usage,
		    command_list[i].help);
	}
}

static void
cmd_invite(struct window *w, struct command_args *a)
{
	const char	*room = command_room(w, a->argc > 1 ? a->argv[1] : NULL);

	if (room != NULL)
		session_send("INVITE", a->argv[0], room, NULL);
}

static void
cmd_join(struct window *w, struct command_args *a)
{
	char		 room[IRC_ROOM_MAX + 2];
	struct window	*rw;
	int		 r;

	if (irc_is_room(a->argv[0]))
		strlcpy(room, a->argv[0], sizeof room);
	else
		snprintf(room, sizeof room, "#%s", a->argv[0]);
	if (!irc_room_valid(room, IRC_ROOM_MAX)) {
		window_print(w, true, "Not a valid room name: %s", a->argv[0]);
		return;
	}
	if (session_state() == SESSION_READY) {
		if (a->argc > 1)
			r = session_send("JOIN", room, a->argv[1], NULL);
		else
			r = session_send("JOIN", room, NULL);
		if (r == -1)
			return;
	} else if (session_state() == SESSION_IDLE) {
		window_print(w, true, "Not connected (/connect HOST[:PORT])");
		return;
	}
	/* The window opens now, so text typed next goes to the room; when
	 * not yet registered, registration joins it. */
	rw = window_open(WINDOW_ROOM, room);
	rw->joined = true;
	window_select(rw);
}

static void
cmd_kick(struct window *w, struct command_args *a)
{
	const char	*room = command_room(w, NULL);

	if (room == NULL)
		return;
	if (a->argc > 1)
		session_send("KICK", room, a->argv[0], a->argv[1], NULL);
	else
		session_send("KICK", room, a->argv[0], NULL);
}

static void
cmd_list(struct window *w, struct command_args *a)
{
	if (a->argc > 0)
		session_send("LIST", a->argv[0], NULL);
	else
		session_send("LIST", NULL);
}

static void
cmd_me(struct window *w, struct command_args *a)
{
	if (w->type == WINDOW_STATUS) {
		window_print(w, true, "/me needs a room or a query window");
		return;
	}
	session_say(w->name, a->argv[0], SESSION_SAY_ACTION);
}

static void
cmd_mode(struct window *w, struct command_args *a)
{
	const char	*p[IRC_PARAMS_MAX];
	const char	*target = NULL;
	int		 i = 0, n = 0;

	if (a->argc > 0 && (irc_is_room(a->argv[0]) ||
	    irc_casecmp(IRC_CASE_RFC1459, a->argv[0], session_nick()) == 0))
		target = a->argv[i++];
	else if (w->type == WINDOW_ROOM)
		target = w->name;
	else
		target = session_nick();
	p[n++] = target;
	for (; i < a->argc && n < IRC_PARAMS_MAX; i++)
		p[n++] = a->argv[i];
	session_sendv("MODE", n, p);
}

static void
cmd_msg(struct window *w, struct command_args *a)
{
	session_say(a->argv[0], a->argv[1], SESSION_SAY_MSG);
}

static void
cmd_notice(struct window *w, struct command_args *a)
{
	session_say(a->argv[0], a->argv[1], SESSION_SAY_NOTICE);
}

static void
cmd_names(struct window *w, struct command_args *a)
{
	const char	*room = command_room(w, a->argc > 0 ? a->argv[0] : NULL);

	if (room != NULL)
		session_send("NAMES", room, NULL);
}

static void
cmd_nick(struct window *w, struct command_args *a)
{
	if (!irc_nick_valid(a->argv[0], IRC_NICK_MAX)) {
		window_print(w, true, "Not a valid nick: %s", a->argv[0]);
		return;
	}
	session_send("NICK", a->argv[0], NULL);
}

/* key = value in w (the password hidden). */
static void
cmd_set_show(struct window *w, const char *key)
{
	char	*value = prefs_get(command_prefs, key);

	if (value == NULL) {
		window_print(w, true, "Unknown setting: %s (/set lists them)",
		    key);
		return;
	}
	window_print(w, false, "%s = %s", key, strcmp(key, "password") == 0 &&
	    *value != '\0' ? "********" : value);
	free(value);
}

/* /set lists; /set KEY shows; /set KEY VALUE changes now and saves. */
static void
cmd_set(struct window *w, struct command_args *a)
{
	const char	*key;
	char		*cause = NULL;
	size_t		 i;

	if (command_prefs == NULL) {
		window_print(w, true, "No settings here");
		return;
	}
	if (a->argc == 0) {
		for (i = 0; (key = prefs_key(i)) != NULL; i++)
			cmd_set_show(w, key);
		return;
	}
	if (a->argc == 1) {
		cmd_set_show(w, a->argv[0]);
		return;
	}
	if (prefs_set_key(command_prefs, a->argv[0], a->argv[1],
	    &cause) == -1 || prefs_save(command_prefs, a->argv[0], a->argv[1],
	    &cause) == -1) {
		window_print(w, true, "%s", cause);
		free(cause);
		return;
	}
	if (command_hooks.prefs_changed != NULL)
		command_hooks.prefs_changed(a->argv[0]);
	window_print(w, false, "%s = %s (saved in %s)", a->argv[0],
	    strcmp(a->argv[0], "password") == 0 ? "********" : a->argv[1],
	    command_prefs->path);
}

/* /search TEXT: highlight it and show the newest line with it. */
static void
cmd_search(struct window *w, struct command_args *a)
{
	size_t	n;

	if (a->argc == 0) {
		search_start(w, NULL);
		window_scroll(w, -(long)w->scroll);
		return;
	}
	n = search_start(w, a->argv[0]);
	window_print(w, n == 0, "Search: %zu line%s (Ctrl-F: older, /search: "
	    "stop)", n, n == 1 ? "" : "s");
}

/* The ignore list changed: keep it for the next run. */
static void
cmd_ignore_save(struct window *w)
{
	char	*cause = NULL;

	if (ignore_save(time(NULL), &cause) == -1) {
		window_print(w, true, "Cannot save the ignore list: %s", cause);
		free(cause);
	}
}

/* /ignore lists; /ignore MASK [TIME] adds. */
static void
cmd_ignore(struct window *w, struct command_args *a)
{
	const char	*mask;
	char		*cause = NULL, when[64];
	time_t		 now = time(NULL), until = 0;
	struct tm	 tm;
	long		 secs = 0;
	size_t		 i;

	if (a->argc == 0) {
		for (i = 0; (mask = ignore_get(i, now, &until)) != NULL; i++) {
			if (until == 0 || localtime_r(&until, &tm) == NULL ||
			    strftime(when, sizeof when, " until %Y-%m-%d %H:%M",
			    &tm) == 0)
				when[0] = '\0';
			window_print(w, false, "Ignoring %s%s", mask, when);
		}
		if (i == 0)
			window_print(w, false, "Nobody is ignored");
		return;
	}
	if (a->argc > 1 && (secs = ignore_duration(a->argv[1])) == -1) {
		window_print(w, true, "Not a time: %s (30s, 10m, 2h, 1d, 1w)",
		    a->argv[1]);
		return;
	}
	/* time(2) drops the fraction of the current second, so one more
	 * second makes the ignore last at least the time asked for. */
	if (a->argc > 1)
		until = now + secs + 1;
	if (ignore_add(a->argv[0], until, &cause) == -1) {
		window_print(w, true, "Cannot ignore: %s", cause);
		free(cause);
		return;
	}
	window_print(w, false, "Ignoring %s%s%s", a->argv[0],
	    a->argc > 1 ? " for " : "", a->argc > 1 ? a->argv[1] : "");
	cmd_ignore_save(w);
}

static void
cmd_unignore(struct window *w, struct command_args *a)
{
	if (ignore_del(a->argv[0]) == -1)
		window_print(w, true, "%s is not ignored", a->argv[0]);
	else {
		window_print(w, false, "No longer ignoring %s", a->argv[0]);
		cmd_ignore_save(w);
	}
}

/* /log on|off for this window; without argument: where it goes. */
static void
cmd_log(struct window *w, struct command_args *a)
{
	const char	*server = window_group_label(w->group);
	char		*path;

	if (w->type == WINDOW_STATUS) {
		window_print(w, true, "Only rooms and queries are logged");
		return;
	}
	if (a->argc > 0 && strcasecmp(a->argv[0], "on") == 0)
		logfile_enable(server, w->name, true);
	else if (a->argc > 0 && strcasecmp(a->argv[0], "off") == 0)
		logfile_enable(server, w->name, false);
	else if (a->argc > 0) {
		window_print(w, true, "Usage: /log [on|off]");
		return;
	}
	path = logfile_path(server, w->name);
	if (path == NULL)
		window_print(w, false, "Logging is off (log = no)");
	else
		window_print(w, false, "Logging %s %s",
		    logfile_enabled(server, w->name) ? "to" :
		    "is off for this window, else to", path);
	free(path);
}

/* /nicklist toggles the pane; on or off says which. */
static void
cmd_nicklist(struct window *w, struct command_args *a)
{
	if (a->argc == 0)
		nicklist_set_shown(!nicklist_shown());
	else if (strcasecmp(a->argv[0], "on") == 0)
		nicklist_set_shown(true);
	else if (strcasecmp(a->argv[0], "off") == 0)
		nicklist_set_shown(false);
	else
		window_print(w, true, "Usage: /nicklist [on|off]");
}

/* /url [N]: the window's last URLs, newest first. */
static void
cmd_url(struct window *w, struct command_args *a)
{
	const char	*u;
	char		*ep;
	long		 n = 10, i;

	if (a->argc > 0) {
		n = strtol(a->argv[0], &ep, 10);
		if (*ep != '\0' || n < 1 || n > URL_KEEP) {
			window_print(w, true, "Usage: /url [N] (1 to %d)",
			    URL_KEEP);
			return;
		}
	}
	if (url_get(w->group, w->name, 0) == NULL) {
		window_print(w, false, "No URLs in %s yet", w->name);
		return;
	}
	for (i = 0; i < n &&
	    (u = url_get(w->group, w->name, (size_t)i)) != NULL; i++)
		window_print(w, false, "%ld: %s", i + 1, u);
}

static void
cmd_part(struct window *w, struct command_args *a)
{
	const char	*room = NULL, *reason = NULL;
	struct window	*rw;

	if (a->argc > 0 && irc_is_room(a->argv[0])) {
		room = a->argv[0];
		reason = a->argc > 1 ? a->argv[1] : NULL;
	} else if (a->argc > 0) {
		/* "/part bye now": all of it is the reason */
		reason = a->argv[0];
		if (a->argc > 1)
			a->argv[0][strlen(a->argv[0])] = ' ';
	}
	if ((room = command_room(w, room)) == NULL)
		return;
	if (reason != NULL)
		session_send("PART", room, reason, NULL);
	else
		session_send("PART", room, NULL);
	if ((rw = window_find(room)) != NULL && rw->type == WINDOW_ROOM)
		window_close(rw);
}

static void
cmd_query(struct window *w, struct command_args *a)
{
	struct window	*qw;

	if (irc_is_room(a->argv[0]) ||
	    !irc_nick_valid(a->argv[0], IRC_NICK_MAX)) {
		window_print(w, true, "Not a nick: %s", a->argv[0]);
		return;
	}
	qw = window_open(WINDOW_QUERY, a->argv[0]);
	window_select(qw);
	if (a->argc > 1)
		session_say(a->argv[0], a->argv[1], SESSION_SAY_MSG);
}

static void
cmd_quit(struct window *w, struct command_args *a)
{
	const char	*reason = a->argc > 0 ? a->argv[0] : NULL;

	if (command_hooks.quit != NULL)
		command_hooks.quit(reason);
	else
		session_quit(reason);
}

/* OPER name password */
static void
cmd_oper(struct window *w, struct command_args *a)
{
	session_send("OPER", a->argv[0], a->argv[1], NULL);
}

/*
 * REGISTER account {email | *} password (IRCv3 account-registration).
 * The middle word is an email only when it has an '@' (or is "*");
 * otherwise the password has a space in it.
 */
static void
cmd_register(struct window *w, struct command_args *a)
{
	char	*pass = NULL;

	if (a->argc == 3 && (strchr(a->argv[1], '@') != NULL ||
	    strcmp(a->argv[1], "*") == 0)) {
		session_send("REGISTER", a->argv[0], a->argv[1], a->argv[2],
		    NULL);
		return;
	}
	if (a->argc == 3)
		xasprintf(&pass, "%s %s", a->argv[1], a->argv[2]);
	session_send("REGISTER", a->argv[0], "*", pass != NULL ? pass :
	    a->argv[1], NULL);
	if (pass != NULL) {
		explicit_bzero(pass, strlen(pass));
		free(pass);
	}
}

/* Whether an input line carries a password (kept out of the history). */
bool
command_secret(const char *line)
{
	static const char *const secret[] = { "/oper ", "/register ",
	    "/quote pass ", "/quote oper ", "/quote authenticate ",
	    "/quote register " };
	size_t	i;

	for (i = 0; i < nitems(secret); i++) {
		if (strncasecmp(line, secret[i], strlen(secret[i])) == 0)
			return (true);
	}
	return (false);
}

static void
cmd_quote(struct window *w, struct command_args *a)
{
	struct irc_msg	 msg;
	char		 line[IRC_LINE_MAX + 1];
	size_t		 len = strlen(a->argv[0]);

	if (len > IRC_LINE_MAX - 2 || !irc_param_safe(a->argv[0])) {
		window_print(w, true, "Line too long or not printable");
		return;
	}
	memcpy(line, a->argv[0], len + 1);
	if (irc_msg_parse(&msg, line, len) != IRC_PARSE_OK) {
		window_print(w, true, "Not an IRC line: %s", a->argv[0]);
		return;
	}
	session_sendv(msg.verb, msg.nparams, msg.params);
}

static void
cmd_topic(struct window *w, struct command_args *a)
{
	const char	*room = command_room(w, NULL);

	if (room == NULL)
		return;
	if (a->argc > 0)
		session_send("TOPIC", room, a->argv[0], NULL);
	else
		session_send("TOPIC", room, NULL);
}

static void
cmd_who(struct window *w, struct command_args *a)
{
	const char	*mask = command_room(w, a->argc > 0 ? a->argv[0] : NULL);

	if (mask != NULL)
		session_send("WHO", mask, NULL);
}

static void
cmd_whois(struct window *w, struct command_args *a)
{
	session_send("WHOIS", a->argv[0], NULL);
}

/* /server: the servers with their states; /server N or HOST:PORT: go
 * to that server's window (commands then act on it). */
static void
cmd_server(struct window *w, struct command_args *a)
{
	const char	*name, *state, *errstr;
	size_t		 i;
	long long	 n;

	for (i = 0; (name = session_nth(i, &state)) != NULL; i++) {
		if (a->argc == 0)
			window_print(w, false, "%zu: %s (%s)", i + 1,
			    *name != '\0' ? name : "no server yet", state);
		else if (strcasecmp(name, a->argv[0]) == 0) {
			session_select(i);
			return;
		}
	}
	if (a->argc == 0)
		return;
	n = strtonum(a->argv[0], 1, (long long)session_count(), &errstr);
	if (errstr != NULL || session_select((size_t)n - 1) == -1)
		window_print(w, true, "No server %s (/server lists them)",
		    a->argv[0]);
}

static void
cmd_win(struct window *w, struct command_args *a)
{
	struct window	*to;
	char		*ep;
	long		 n = strtol(a->argv[0], &ep, 10);

	if (*ep != '\0' || n < 1 || (to = window_by_number((int)n)) == NULL) {
		window_print(w, true, "No window %s (there are %zu)",
		    a->argv[0], window_count());
		return;
	}
	window_select(to);
}

static void
cmd_files(struct window *w, struct command_args *a)
{
	const char	*room = command_room(w, a->argc > 0 ? a->argv[0] : NULL);

	if (room != NULL)
		files_list(room);
}

static void
cmd_get(struct window *w, struct command_args *a)
{
	files_get(w->type == WINDOW_ROOM ? w->name : NULL, a->argv[0],
	    a->argc > 1 ? a->argv[1] : NULL);
}

/* "~/x" is $HOME/x, as a shell would have it. */
static void
cmd_put(struct window *w, struct command_args *a)
{
	const char	*home = getenv("HOME");
	char		*path;

	if (strncmp(a->argv[0], "~/", 2) == 0 && home != NULL)
		xasprintf(&path, "%s/%s", home, a->argv[0] + 2);
	else
		path = xstrdup(a->argv[0]);
	files_put(w->type == WINDOW_ROOM ? w->name : NULL, path);
	free(path);
}
