/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Queries (WHO, WHOIS, ISON, USERHOST, LUSERS, MOTD, VERSION, 005) and
 * AWAY with away-notify. */

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "xmalloc.h"
#include "irc_case.h"
#include "irc_msg.h"
#include "irc_numeric.h"
#include "daemon.h"
#include "cmd.h"
#include "conn.h"
#include "line.h"
#include "http.h"
#include "reply.h"
#include "room.h"
#include "user.h"

#define CMD_INFO_WHO_MAX	500	/* replies to a WHO mask */

struct cmd_info_who {
	struct conn	*c;
	const char	*mask;
	unsigned int	 left;
};

static void	cmd_info_who_reply(struct conn *, const char *,
		    const struct member *, const struct user *);
static void	cmd_info_who_mask(struct user *, void *);
static bool	cmd_info_shares(const struct user *, const struct user *);
static void	cmd_info_whois_rooms(struct conn *, struct user *);
static void	cmd_info_who_free(void *);
static void	cmd_info_who_more(struct conn *, void *);
static void	cmd_info_who_room(struct conn *, const char *);
static void	cmd_info_filehost(struct conn *, const char *);

/* 005 for the file host: its upload URL and EXTJWT for the token. */
static void
cmd_info_filehost(struct conn *c, const char *text)
{
	char	url[256], soju[300], draft[300];

	http_upload_url(c, url, sizeof url);
	snprintf(soju, sizeof soju, "soju.im/FILEHOST=%s", url);
	snprintf(draft, sizeof draft, "draft/FILEHOST=%s", url);
	reply(c, RPL_ISUPPORT, soju, draft, "EXTJWT=1", text, NULL);
}

/* 005: what this server supports, at most 13 tokens a line. */
void
cmd_info_isupport(struct conn *c)
{
	char		 chanlimit[32], network[64];
	const char	*t1[] = { "AWAYLEN=200", "CASEMAPPING=rfc1459",
	    chanlimit, "CHANMODES=b,k,l,imnt", "CHANNELLEN=50",
	    "CHANTYPES=#&", "ELIST=", "HOSTLEN=64", "KICKLEN=255",
	    "LINELEN=512", "MAXLIST=b:100", "MODES=4", network };
	static const char targmax[] = "TARGMAX=JOIN:,KICK:1,NAMES:,PART:,"
	    "PRIVMSG:4,NOTICE:4,TAGMSG:4,WHOIS:1,USERHOST:5";
	const char	*t2[] = { "NICKLEN=30", "PREFIX=(ov)@+", "SAFELIST",
	    targmax, "TOPICLEN=390", "USERLEN=10", "UTF8ONLY" };
	const char	*text = irc_numeric_text(RPL_ISUPPORT);

	if (cfg.max_joins != 0)
		snprintf(chanlimit, sizeof chanlimit, "CHANLIMIT=#&:%u",
		    cfg.max_joins);
	else
		strlcpy(chanlimit, "CHANLIMIT=#&:", sizeof chanlimit);
	snprintf(network, sizeof network, "NETWORK=%s", cfg.network);
	reply(c, RPL_ISUPPORT, t1[0], t1[1], t1[2], t1[3], t1[4], t1[5],
	    t1[6], t1[7], t1[8], t1[9], t1[10], t1[11], t1[12], text, NULL);
	reply(c, RPL_ISUPPORT, t2[0], t2[1], t2[2], t2[3], t2[4], t2[5],
	    t2[6], text, NULL);
	if (http_enabled())
		cmd_info_filehost(c, text);
}

/* 251 to 255, 265 and 266. */
void
cmd_info_lusers(struct conn *c)
{
	char		 text[128], n[16];
	unsigned int	 users = conn_count() - conn_count_unregistered();

	snprintf(text, sizeof text, "There are %u users and 0 invisible on "
	    "1 servers", users);
	reply(c, RPL_LUSERCLIENT, text, NULL);
	reply(c, RPL_LUSEROP, "0", irc_numeric_text(RPL_LUSEROP), NULL);
	if (conn_count_unregistered() != 0) {
		snprintf(n, sizeof n, "%u", conn_count_unregistered());
		reply(c, RPL_LUSERUNKNOWN, n,
		    irc_numeric_text(RPL_LUSERUNKNOWN), NULL);
	}
	snprintf(n, sizeof n, "%u", room_count());
	reply(c, RPL_LUSERCHANNELS, n, irc_numeric_text(RPL_LUSERCHANNELS),
	    NULL);
	snprintf(text, sizeof text, "I have %u clients and 0 servers", users);
	reply(c, RPL_LUSERME, text, NULL);
	snprintf(n, sizeof n, "%u", users);
	snprintf(text, sizeof text, "Current local users %u, max %u", users,
	    users);
	reply(c, RPL_LOCALUSERS, n, n, text, NULL);
	snprintf(text, sizeof text, "Current global users %u, max %u", users,
	    users);
	reply(c, RPL_GLOBALUSERS, n, n, text, NULL);
}

/* 375, 372 per line, 376; or 422. */
void
cmd_info_motd(struct conn *c)
{
	char	text[IRC_LINE_MAX];
	size_t	i;

	if (cfg.motd_count == 0) {
		reply_err(c, ERR_NOMOTD, NULL);
		return;
	}
	snprintf(text, sizeof text, "- %s Message of the day - ", cfg.name);
	reply(c, RPL_MOTDSTART, text, NULL);
	for (i = 0; i < cfg.motd_count; i++) {
		snprintf(text, sizeof text, "- %s", cfg.motd_lines[i]);
		reply(c, RPL_MOTD, text, NULL);
	}
	reply_err(c, RPL_ENDOFMOTD, NULL);
}

/* LUSERS */
void
cmd_lusers(struct conn *c, struct irc_msg *msg)
{
	cmd_info_lusers(c);
}

/* MOTD */
void
cmd_motd(struct conn *c, struct irc_msg *msg)
{
	cmd_info_motd(c);
}

/* VERSION: 351 and the 005 lines. */
void
cmd_version(struct conn *c, struct irc_msg *msg)
{
	reply(c, RPL_VERSION, DAEMON_VERSION, cfg.name, "libevent IRC daemon",
	    NULL);
	cmd_info_isupport(c);
}

/* Whether a and b share a room. */
static bool
cmd_info_shares(const struct user *a, const struct user *b)
{
	const struct member	*m;

	TAILQ_FOREACH(m, &a->rooms, user_entry) {
		if (room_member(m->room, b) != NULL)
			return (true);
	}
	return (false);
}

/* One 352 line. */
static void
cmd_info_who_reply(struct conn *c, const char *room, const struct member *m,
    const struct user *u)
{
	char	flags[8], real[IRC_LINE_MAX];

	snprintf(flags, sizeof flags, "%s%s", u->away != NULL ? "G" : "H",
	    m != NULL ? room_member_prefix(m, c->caps & CAP_MULTI_PREFIX) :
	    "");
	snprintf(real, sizeof real, "0 %s", u->realname != NULL ?
	    u->realname : "");
	reply(c, RPL_WHOREPLY, room, u->ident, u->host, cfg.name, u->nick,
	    flags, real, NULL);
}

/* A WHO mask against every user: invisible ones only when shared. */
static void
cmd_info_who_mask(struct user *u, void *arg)
{
	struct cmd_info_who	*w = arg;

	if ((u->conn->flags & CONN_REGISTERED) == 0 || w->left == 0)
		return;
	if ((u->modes & UMODE_INVISIBLE) && u != w->c->user &&
	    !cmd_info_shares(u, w->c->user))
		return;
	if (user_mask_match(w->mask, u->nick) || user_match(u, w->mask)) {
		cmd_info_who_reply(w->c, "*", NULL, u);
		w->left--;
	}
}

/* A WHO #room still going out: the room and the nicks left to show. */
struct cmd_info_who_room {
	char	  room[IRC_ROOM_MAX + 1];
	char	**nicks;
	size_t	  count;
	size_t	  next;
};

/* Free a WHO in progress. */
static void
cmd_info_who_free(void *arg)
{
	struct cmd_info_who_room	*w = arg;
	size_t				 i;

	for (i = 0; i < w->count; i++)
		free(w->nicks[i]);
	free(w->nicks);
	free(w);
}

/* As many 352 lines as the queue takes; 315 at the end. */
static void
cmd_info_who_more(struct conn *c, void *arg)
{
	struct cmd_info_who_room	*w = arg;
	struct room			*r = room_find(w->room);
	struct user			*u;
	struct member			*m;

	while (r != NULL && w->next < w->count &&
	    conn_may_add(c)) {
		u = user_find(w->nicks[w->next++]);
		if (u != NULL && (m = room_member(r, u)) != NULL)
			cmd_info_who_reply(c, r->name, m, u);
	}
	if (r == NULL || w->next == w->count) {
		reply_err(c, RPL_ENDOFWHO, w->room);
		conn_set_more(c, NULL, NULL, NULL);
	}
}

/* WHO #room, paced like LIST: a big room's reply exceeds a sendq. */
static void
cmd_info_who_room(struct conn *c, const char *name)
{
	struct cmd_info_who_room	*w;
	struct room			*r = room_find(name);
	struct member			*m;
	bool				 member;

	/* Usually it all fits: no copy of the nicks is needed. */
	if (c->more == NULL && (r == NULL || room_hidden(r, c->user) ||
	    conn_has_room(c, r->nmembers * (IRC_LINE_MAX / 4)))) {
		if (r != NULL && !room_hidden(r, c->user)) {
			member = room_member(r, c->user) != NULL;
			TAILQ_FOREACH(m, &r->members, room_entry) {
				if (member ||
				    (m->user->modes & UMODE_INVISIBLE) == 0)
					cmd_info_who_reply(c, r->name, m,
					    m->user);
			}
		}
		reply_err(c, RPL_ENDOFWHO, name);
		return;
	}
	w = xcalloc(1, sizeof *w);
	strlcpy(w->room, name, sizeof w->room);
	if (r != NULL && !room_hidden(r, c->user)) {
		member = room_member(r, c->user) != NULL;
		w->nicks = xreallocarray(NULL, r->nmembers, sizeof *w->nicks);
		TAILQ_FOREACH(m, &r->members, room_entry) {
			if (member || (m->user->modes & UMODE_INVISIBLE) == 0)
				w->nicks[w->count++] = xstrdup(m->user->nick);
		}
	}
	conn_set_more(c, cmd_info_who_more, w, cmd_info_who_free);
}

/* WHO #room | WHO mask */
void
cmd_who(struct conn *c, struct irc_msg *msg)
{
	struct cmd_info_who	 w;
	const char		*mask = msg->nparams > 0 ? msg->params[0] : "*";

	if (irc_is_room(mask) && strlen(mask) <= IRC_ROOM_MAX) {
		cmd_info_who_room(c, mask);
		return;
	}
	w.c = c;
	w.mask = strcmp(mask, "0") == 0 ? "*" : mask;
	w.left = CMD_INFO_WHO_MAX;
	user_foreach(cmd_info_who_mask, &w);
	reply_err(c, RPL_ENDOFWHO, mask);
}

/* 319: the rooms of u the asker may see. */
static void
cmd_info_whois_rooms(struct conn *c, struct user *u)
{
	struct member	*m;
	char		 buf[IRC_LINE_MAX];
	size_t		 len = 0, avail;

	avail = IRC_LINE_MAX - 2 - strlen(cfg.name) - 2 * IRC_NICK_MAX - 16;
	buf[0] = '\0';
	TAILQ_FOREACH(m, &u->rooms, user_entry) {
		if (room_hidden(m->room, c->user))
			continue;
		if (len != 0 && len + 2 + strlen(m->room->name) > avail) {
			reply(c, RPL_WHOISCHANNELS, u->nick, buf, NULL);
			len = 0;
		}
		len += snprintf(buf + len, sizeof buf - len, "%s%s%s",
		    len != 0 ? " " : "", room_member_prefix(m, false),
		    m->room->name);
	}
	if (len != 0)
		reply(c, RPL_WHOISCHANNELS, u->nick, buf, NULL);
}

/* WHOIS [server] nick */
void
cmd_whois(struct conn *c, struct irc_msg *msg)
{
	const char	*nick = msg->params[msg->nparams > 1 ? 1 : 0];
	struct user	*u = user_find(nick);
	char		 idle[32], signon[32];

	if (u == NULL || (u->conn->flags & CONN_REGISTERED) == 0) {
		reply_err(c, ERR_NOSUCHNICK, nick);
		reply_err(c, RPL_ENDOFWHOIS, nick);
		return;
	}
	reply(c, RPL_WHOISUSER, u->nick, u->ident, u->host, "*",
	    u->realname != NULL ? u->realname : "", NULL);
	cmd_info_whois_rooms(c, u);
	reply(c, RPL_WHOISSERVER, u->nick, cfg.name, cfg.network, NULL);
	if (u->away != NULL)
		reply(c, RPL_AWAY, u->nick, u->away, NULL);
	snprintf(idle, sizeof idle, "%lld", (long long)(time(NULL) -
	    u->active));
	snprintf(signon, sizeof signon, "%lld", (long long)u->signon);
	reply(c, RPL_WHOISIDLE, u->nick, idle, signon,
	    irc_numeric_text(RPL_WHOISIDLE), NULL);
	reply_err(c, RPL_ENDOFWHOIS, u->nick);
}

/* ISON nick... -> 303 with those online. */
void
cmd_ison(struct conn *c, struct irc_msg *msg)
{
	char		 buf[IRC_LINE_MAX], list[IRC_LINE_MAX];
	char		*lp, *nick;
	struct user	*u;
	size_t		 len = 0;
	int		 i;

	buf[0] = '\0';
	for (i = 0; i < msg->nparams; i++) {
		strlcpy(list, msg->params[i], sizeof list);
		lp = list;
		while ((nick = strsep(&lp, " ")) != NULL) {
			u = *nick != '\0' ? user_find(nick) : NULL;
			if (u == NULL || (u->conn->flags & CONN_REGISTERED) == 0)
				continue;
			if (len + strlen(u->nick) + 2 > 400)
				break;
			len += snprintf(buf + len, sizeof buf - len, "%s%s",
			    len != 0 ? " " : "", u->nick);
		}
	}
	reply(c, RPL_ISON, buf, NULL);
}

/* USERHOST nick... (at most 5) -> 302 nick=+ident@host */
void
cmd_userhost(struct conn *c, struct irc_msg *msg)
{
	char		 buf[IRC_LINE_MAX];
	struct user	*u;
	size_t		 len = 0;
	int		 i;

	buf[0] = '\0';
	for (i = 0; i < msg->nparams && i < 5; i++) {
		u = user_find(msg->params[i]);
		if (u == NULL || (u->conn->flags & CONN_REGISTERED) == 0)
			continue;
		len += snprintf(buf + len, sizeof buf - len, "%s%s=%c%s@%s",
		    len != 0 ? " " : "", u->nick, u->away != NULL ? '-' : '+',
		    u->ident, u->host);
	}
	reply(c, RPL_USERHOST, buf, NULL);
}

/* AWAY [:text]; co-members with away-notify hear of it. */
void
cmd_away(struct conn *c, struct irc_msg *msg)
{
	struct user	*u = c->user;
	struct line	 l;
	const char	*text = msg->nparams > 0 ? msg->params[0] : NULL;

	user_set_away(u, text);
	if (u->away != NULL)
		reply_err(c, RPL_NOWAWAY, NULL);
	else
		reply_err(c, RPL_UNAWAY, NULL);
	line_init(&l, NULL, u->prefix, "AWAY", u->away, NULL);
	room_send_common(u, &l, false, CAP_AWAY_NOTIFY);
}
