/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Queries (WHOIS, ISON, USERHOST, LUSERS, MOTD, VERSION, 005) and AWAY
 * with away-notify; WHO is in cmd_who.c. */

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
#include "history.h"
#include "line.h"
#include "http.h"
#include "relay.h"
#include "reply.h"
#include "room.h"
#include "user.h"

static void	cmd_info_whois_rooms(struct conn *, struct user *);

/* 005: what this server supports, at most 13 tokens a line. */
void
cmd_info_isupport(struct conn *c)
{
	char		 chanlimit[32], network[64], monitor[32], history[32];
	char		 url[256], soju[300], draft[300];
	static const char targmax[] = "TARGMAX=JOIN:,KICK:1,MONITOR:,NAMES:,"
	    "NOTICE:4,PART:,PRIVMSG:4,TAGMSG:4,USERHOST:5,WHOIS:1,WHOWAS:1";
	const char	*t[32] = { "AWAYLEN=200", "BOT=B",
	    "CASEMAPPING=rfc1459", chanlimit, "CHANMODES=beI,k,l,imnpstCR",
	    "CHANNELLEN=50", "CHANTYPES=#&", "ELIST=CMNTU", "EXCEPTS",
	    "HOSTLEN=64", "INVEX", "KICKLEN=255", "LINELEN=512",
	    "MAXLIST=b:100,e:100,I:100", "MODES=4" };
	const char	*text = irc_numeric_text(RPL_ISUPPORT), *p[14];
	size_t		 n = 15, i, k;

	if (cfg.max_joins != 0)
		snprintf(chanlimit, sizeof chanlimit, "CHANLIMIT=#&:%u",
		    cfg.max_joins);
	else
		strlcpy(chanlimit, "CHANLIMIT=#&:", sizeof chanlimit);
	if (cfg.monitor_max != 0) {
		snprintf(monitor, sizeof monitor, "MONITOR=%u",
		    cfg.monitor_max);
		t[n++] = monitor;
	}
	if (history_store() != NULL) {
		snprintf(history, sizeof history, "CHATHISTORY=%u",
		    HISTORY_QUERY_MAX);
		t[n++] = history;
		t[n++] = "MSGREFTYPES=timestamp,msgid";
	}
	t[n++] = "NAMELEN=100";		/* USER_REAL_MAX, for SETNAME */
	snprintf(network, sizeof network, "NETWORK=%s", cfg.network);
	t[n++] = network;
	t[n++] = "NICKLEN=30";
	t[n++] = "PREFIX=(ov)@+";
	t[n++] = "SAFELIST";
	t[n++] = "STATUSMSG=@+";
	t[n++] = targmax;
	t[n++] = "TOPICLEN=390";
	t[n++] = "USERLEN=10";
	t[n++] = "UTF8ONLY";
	t[n++] = "WHOX";
	if (http_enabled()) {	/* the file host and its tokens */
		http_upload_url(c, url, sizeof url);
		snprintf(soju, sizeof soju, "soju.im/FILEHOST=%s", url);
		snprintf(draft, sizeof draft, "draft/FILEHOST=%s", url);
		t[n++] = "EXTJWT=1";
		t[n++] = draft;
		t[n++] = soju;
	}
	for (i = 0; i < n; i += k) {
		memset(p, 0, sizeof p);
		for (k = 0; k < 13 && i + k < n; k++)
			p[k] = t[i + k];
		p[k] = text;
		reply(c, RPL_ISUPPORT, p[0], p[1], p[2], p[3], p[4], p[5],
		    p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], NULL);
	}
}

/* 251 to 255, 265 and 266: 251 counts visible and invisible users apart,
 * 252 the operators, 253 the connections still registering. */
void
cmd_info_lusers(struct conn *c)
{
	char		 text[128], n[16];
	unsigned int	 users = conn_count() - conn_count_unregistered();
	unsigned int	 invisible = user_count_mode(UMODE_INVISIBLE);

	if (invisible > users)
		invisible = users;
	snprintf(text, sizeof text, "There are %u users and %u invisible on "
	    "1 servers", users - invisible, invisible);
	reply(c, RPL_LUSERCLIENT, text, NULL);
	snprintf(n, sizeof n, "%u", user_count_mode(UMODE_OPER));
	reply(c, RPL_LUSEROP, n, irc_numeric_text(RPL_LUSEROP), NULL);
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
	reply(c, RPL_WHOISSERVER, u->nick, (u->conn->flags & CONN_REMOTE) ?
	    relay->server(u) : cfg.name, cfg.network, NULL);
	if (u->away != NULL)
		reply(c, RPL_AWAY, u->nick, u->away, NULL);
	if (u->modes & UMODE_OPER)
		reply_err(c, RPL_WHOISOPERATOR, u->nick);
	if (u->account != NULL)
		reply(c, RPL_WHOISACCOUNT, u->nick, u->account,
		    irc_numeric_text(RPL_WHOISACCOUNT), NULL);
	if (u->modes & UMODE_BOT)
		reply(c, RPL_WHOISBOT, u->nick, irc_numeric_text(RPL_WHOISBOT),
		    NULL);
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
	line_init(&l, user_tags(u), u->prefix, "AWAY", u->away, NULL);
	l.account = u->account;
	room_send_common(u, &l, false, CAP_AWAY_NOTIFY);
	cmd_monitor_send(u, &l, CAP_AWAY_NOTIFY);
	if (relay != NULL)
		relay->away(u);
}
