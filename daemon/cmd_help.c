/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* HELP and HELPOP (704-706, 524): a text for every command of dispatch.c's
 * table. The index is that table itself, so a command added there without
 * a text here answers 524, which tests/integration/cmds_help.py catches.
 * A text whose command is not in the table is never shown. */

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "irc_fmt.h"
#include "irc_msg.h"
#include "irc_numeric.h"
#include "cmd.h"
#include "conn.h"
#include "dispatch.h"
#include "reply.h"

#define CMD_HELP_WIDTH	60	/* bytes of verbs per index line */

struct cmd_help {
	const char	*verb;
	const char	*syntax;
	const char	*text;		/* lines separated by '\n' */
};

static const struct cmd_help *cmd_help_find(const char *);
static void	cmd_help_index(struct conn *);
static void	cmd_help_topic(struct conn *, const struct cmd_help *);

/* One per command of dispatch.c, by verb (HELP is rare: a linear search). */
static const struct cmd_help cmd_help_table[] = {
	{ "ADMIN", "ADMIN [<server>]",
	  "Shows who runs this server: the location (257), the name (258)\n"
	  "and the e-mail address (259) from the admin_* settings." },
	{ "AUTHENTICATE", "AUTHENTICATE <mechanism> | <data> | + | *",
	  "SASL login while registering (CAP REQ sasl first): PLAIN or\n"
	  "EXTERNAL, then the data in base64; * aborts." },
	{ "AWAY", "AWAY [<text>]",
	  "Marks you away with text, or back without it. Members of your\n"
	  "rooms with the away-notify capability are told." },
	{ "CAP", "CAP LS [302] | LIST | REQ :<caps> | END",
	  "Negotiates IRCv3 capabilities. CAP LS before NICK and USER\n"
	  "holds registration until CAP END." },
	{ "CHATHISTORY", "CHATHISTORY <subcommand> <target> ... <limit>",
	  "Fetches stored messages (IRCv3 chathistory): LATEST, BEFORE,\n"
	  "AFTER, AROUND, BETWEEN and TARGETS, by timestamp or msgid." },
	{ "EXTJWT", "EXTJWT <* | #room> [<service>]",
	  "Asks for a signed token (IRCv3 extjwt) that proves who you are,\n"
	  "and what you are in a room, to another service." },
	{ "HELP", "HELP [<subject>]",
	  "Shows help on one command, or without a subject the list of\n"
	  "commands. HELPOP does the same." },
	{ "HELPOP", "HELPOP [<subject>]",
	  "The same as HELP." },
	{ "INFO", "INFO [<server>]",
	  "Shows the server's version, build, licence and uptime." },
	{ "INVITE", "INVITE [<nick> <#room>]",
	  "Invites nick to a room you are in; a +i room needs operator\n"
	  "status. Without parameters: the rooms you are invited to\n"
	  "(336, 337)." },
	{ "ISON", "ISON <nick> [<nick>...]",
	  "Tells which of the nicks are online (303)." },
	{ "JOIN", "JOIN <#room>{,<#room>} [<key>{,<key>}] | JOIN 0",
	  "Joins rooms; a new room is created with you as its operator.\n"
	  "JOIN 0 leaves every room." },
	{ "KICK", "KICK <#room> <nick>{,<nick>} [<reason>]",
	  "Removes members from a room; needs operator status there." },
	{ "KILL", "KILL <nick> [<reason>]",
	  "Disconnects a user; operators only." },
	{ "LINKS", "LINKS [[<server>] <mask>]",
	  "Lists the servers whose names match mask (364, 365)." },
	{ "LIST", "LIST [<#room|mask|condition>{,...}]",
	  "Lists rooms with their user counts and topics. Filters\n"
	  "(ELIST=CMNTU): a mask such as *chat*, !mask to leave rooms\n"
	  "out, >n or <n users, C>n or C<n for rooms created more or\n"
	  "less than n minutes ago, T>n or T<n for topics set more or\n"
	  "less than n minutes ago. All conditions must hold." },
	{ "LUSERS", "LUSERS",
	  "Counts users (visible and invisible), operators, connections\n"
	  "still registering and rooms." },
	{ "MODE", "MODE <#room|nick> [<modes> [<args>...]]",
	  "Shows or changes room modes: +i invite only, +m moderated,\n"
	  "+n no outside messages, +t topic by operators, +C no CTCP but\n"
	  "ACTION, +k key, +l limit, +o/+v member status, and the lists\n"
	  "+b bans, +e ban exceptions, +I invite exceptions (a list mode\n"
	  "without a mask shows the list). On your nick: +i invisible." },
	{ "MONITOR", "MONITOR + <nicks> | - <nicks> | C | L | S",
	  "Watches nicks: you are told when they come online (730) and\n"
	  "go offline (731). + and - add and remove, C clears, L lists,\n"
	  "S shows the state of every one." },
	{ "MOTD", "MOTD [<server>]",
	  "Shows the message of the day." },
	{ "NAMES", "NAMES <#room>{,<#room>}",
	  "Lists the members of rooms (353, 366). Without a room only\n"
	  "366 with * comes back: name the rooms you want." },
	{ "NICK", "NICK <nick>",
	  "Sets or changes your nick (at most 30 characters)." },
	{ "NOTICE", "NOTICE <target>{,<target>} <text>",
	  "Like PRIVMSG, but never answered automatically, not even with\n"
	  "an error." },
	{ "OPER", "OPER <name> <password>",
	  "Makes you an IRC operator (+o) with a name and password from\n"
	  "the server's opers_file." },
	{ "PART", "PART <#room>{,<#room>} [<reason>]",
	  "Leaves rooms." },
	{ "PASS", "PASS <password>",
	  "Gives the server password, before NICK and USER." },
	{ "PING", "PING <token>",
	  "Asks the server for a PONG with the same token." },
	{ "PONG", "PONG <token>",
	  "Answers the server's PING." },
	{ "PRIVMSG", "PRIVMSG <target>{,<target>} <text>",
	  "Sends text to rooms or nicks, at most four targets at once." },
	{ "QUIT", "QUIT [<reason>]",
	  "Disconnects; the members of your rooms see the reason." },
	{ "REGISTER", "REGISTER <account | *> <email | *> <password>",
	  "Creates an account (* for your nick as its name) and logs you\n"
	  "in; the e-mail address is not kept." },
	{ "REHASH", "REHASH",
	  "Reloads the server's configuration, as SIGHUP does; operators\n"
	  "only." },
	{ "SETNAME", "SETNAME <realname>",
	  "Changes your real name (IRCv3 setname)." },
	{ "STATS", "STATS <letter> [<server>]",
	  "Server statistics: u uptime (242), m command counts (212),\n"
	  "o the operators of opers_file (243), l or L connections with\n"
	  "sendq and traffic (211, operators only). 219 ends every\n"
	  "letter, known or not." },
	{ "TAGMSG", "TAGMSG <target>",
	  "Sends message tags only (typing notices and the like) to\n"
	  "clients with the message-tags capability." },
	{ "TIME", "TIME [<server>]",
	  "Shows the server's local time (391)." },
	{ "TOPIC", "TOPIC <#room> [<text>]",
	  "Shows or sets a room's topic (+t: operators only); an empty\n"
	  "text clears it." },
	{ "USER", "USER <user> <mode> <unused> <realname>",
	  "Gives your user name and real name while registering." },
	{ "USERHOST", "USERHOST <nick> [<nick>...]",
	  "Shows nick=+user@host of up to five users (302)." },
	{ "VERSION", "VERSION [<server>]",
	  "Shows the server's version (351) and what it supports (005)." },
	{ "WALLOPS", "WALLOPS <text>",
	  "Sends text to every user with user mode +w; operators only." },
	{ "WHO", "WHO <mask|#room>",
	  "Lists the users matching mask, or a room's members (352, 315)." },
	{ "WHOIS", "WHOIS [<server>] <nick>",
	  "Shows who a nick is: user, host, rooms and idle time." },
	{ "WHOWAS", "WHOWAS <nick> [<count>]",
	  "Shows who used a nick that is gone, newest first (314, 369)." },
};

/* The text for verb, or NULL. */
static const struct cmd_help *
cmd_help_find(const char *verb)
{
	size_t	i;

	for (i = 0; i < nitems(cmd_help_table); i++) {
		if (strcmp(cmd_help_table[i].verb, verb) == 0)
			return (&cmd_help_table[i]);
	}
	return (NULL);
}

/* The list of commands, packed several to a line. */
static void
cmd_help_index(struct conn *c)
{
	char		 buf[CMD_HELP_WIDTH + 32];
	const char	*verb;
	size_t		 i, len = 0;

	reply(c, RPL_HELPSTART, "*", "** tui-chatd help **", NULL);
	reply(c, RPL_HELPTXT, "*", "", NULL);
	reply(c, RPL_HELPTXT, "*", "HELP <command> explains one of these:",
	    NULL);
	for (i = 0; (verb = dispatch_verb(i)) != NULL; i++) {
		if (len != 0 && len + 1 + strlen(verb) > CMD_HELP_WIDTH) {
			reply(c, RPL_HELPTXT, "*", buf, NULL);
			len = 0;
		}
		len += snprintf(buf + len, sizeof buf - len, "%s%s",
		    len != 0 ? " " : "", verb);
	}
	if (len != 0)
		reply(c, RPL_HELPTXT, "*", buf, NULL);
	reply(c, RPL_ENDOFHELP, "*", "End of /HELP", NULL);
}

/* 704 with the syntax, an empty 705, a 705 per line of text, 706. */
static void
cmd_help_topic(struct conn *c, const struct cmd_help *h)
{
	char		 line[IRC_LINE_MAX];
	const char	*p = h->text, *nl;

	reply(c, RPL_HELPSTART, h->verb, h->syntax, NULL);
	reply(c, RPL_HELPTXT, h->verb, "", NULL);
	while (*p != '\0') {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		snprintf(line, sizeof line, "%.*s", (int)(nl - p), p);
		reply(c, RPL_HELPTXT, h->verb, line, NULL);
		p = *nl == '\n' ? nl + 1 : nl;
	}
	reply(c, RPL_ENDOFHELP, h->verb, "End of /HELP", NULL);
}

/* HELP [subject] | HELPOP [subject] */
void
cmd_help(struct conn *c, struct irc_msg *msg)
{
	const struct cmd_help	*h = NULL;
	char			 verb[32];
	size_t			 i;
	const char		*subject;

	if (msg->nparams == 0 || *msg->params[0] == '\0') {
		cmd_help_index(c);
		return;
	}
	subject = msg->params[0];
	for (i = 0; subject[i] != '\0' && i < sizeof verb - 1; i++)
		verb[i] = (char)toupper((unsigned char)subject[i]);
	verb[i] = '\0';
	if (subject[i] == '\0' && dispatch_has(verb))
		h = cmd_help_find(verb);
	if (h != NULL) {
		cmd_help_topic(c, h);
		return;
	}
	/* The subject goes back unless it could not be one parameter. */
	if (!irc_param_middle(subject) || strlen(subject) > 64)
		subject = "*";
	reply_err(c, ERR_HELPNOTFOUND, subject);
}
