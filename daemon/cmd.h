/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Command handlers, by family; dispatch.c has checked registration and
 * the minimum number of parameters before any of them runs. */
#ifndef CMD_H
#define CMD_H

#include <stdbool.h>
#include <stddef.h>

struct conn;
struct irc_msg;
struct line;
struct room;
struct store_ref;
struct user;

typedef void cmd_fn(struct conn *, struct irc_msg *);

/* cmd_reg.c: registration and connection upkeep */
cmd_fn	cmd_cap, cmd_pass, cmd_nick, cmd_user, cmd_ping, cmd_pong, cmd_quit;
/* The rest of NICK once a cluster claimed the nick (false: 433 sent). */
bool	cmd_nick_claimed(struct conn *, const char *nick);
/* Note what is offered and register the reload hook (cap-notify). */
void	cmd_cap_init(void);

/* cmd_room.c: membership and room state */
cmd_fn	cmd_join, cmd_part, cmd_topic, cmd_names, cmd_list, cmd_kick,
	cmd_invite;

/* cmd_msg.c: messages */
cmd_fn	cmd_privmsg, cmd_notice, cmd_tagmsg;

/* cmd_history.c: CHATHISTORY */
cmd_fn	cmd_chathistory;
/* Its parameters (pure, for the history fuzzer too): a reference ("*"
 * when star, timestamp=... or msgid=...) and a limit; -1 when malformed. */
int	cmd_history_ref(const char *, struct store_ref *, bool star);
int	cmd_history_limit(const char *, unsigned int *);

/* cmd_mode.c: room and user modes */
cmd_fn	cmd_mode;

/* cmd_monitor.c: MONITOR, and what it hears of users coming and going */
cmd_fn	cmd_monitor;
void	cmd_monitor_online(struct user *);	/* registered, or new nick */
void	cmd_monitor_offline(struct user *);	/* quits, or leaves its nick */
void	cmd_monitor_forget(struct user *);	/* frees what u watches */
/* extended-monitor: l to u's watchers with these caps, right after
 * room_send_common(u, ...) (co-members it reached are skipped). */
void	cmd_monitor_send(struct user *, struct line *, unsigned int caps);

/* cmd_whowas.c: nicks given up, for WHOWAS */
cmd_fn	cmd_whowas;
void	cmd_whowas_add(const struct user *);	/* before QUIT or NICK */
void	cmd_whowas_free(void);
void	cmd_whowas_clear(void);

/* cmd_ident.c: a user's realname and host (SETNAME, +x, CHGHOST) */
cmd_fn	cmd_setname;
/* Tell co-members and watchers that u's user@host became ident@host. */
void	cmd_ident_chghost(struct user *, const char *ident, const char *host);
/* The +x host of u: a keyed hash of its address. */
void	cmd_ident_cloak(const struct user *, char *buf, size_t size);

/* cmd_info.c: queries and away */
cmd_fn	cmd_whois, cmd_ison, cmd_userhost, cmd_lusers, cmd_motd,
	cmd_version, cmd_away;

/* cmd_server.c: the server itself (TIME, INFO, ADMIN, STATS, LINKS) */
cmd_fn	cmd_time, cmd_info, cmd_admin, cmd_stats, cmd_links;

/* cmd_help.c: HELP and HELPOP, with a text for every command */
cmd_fn	cmd_help;
/* cmd_who.c: WHO and WHOX */
cmd_fn	cmd_who;

/* cmd_sasl.c, cmd_account.c, cmd_oper.c: accounts and operators */
cmd_fn	cmd_authenticate, cmd_register, cmd_oper, cmd_kill, cmd_wallops,
	cmd_rehash;
/* CAP END: an unfinished SASL exchange is aborted (906). */
void	cmd_sasl_cap_end(struct conn *);
/* The nick is checked against the accounts: after the welcome, after a
 * nick change, after a login (grace period, then a guest nick). */
void	cmd_account_check_nick(struct conn *);
/* The conn is closing: forget pending checks, free the login state. */
void	cmd_account_closed(struct conn *);
/* Operators: load opers_file at start (and on every reload). */
int	cmd_oper_init(char **cause);
void	cmd_oper_free(void);
/* Operators online (LUSERS 252); one of them gave up +o or left. */
unsigned int cmd_oper_count(void);
void	cmd_oper_gone(void);
/* fn(name, arg) for each operator of opers_file (STATS o). */
void	cmd_oper_foreach(void (*fn)(const char *, void *), void *);
/* Whether c may act as a room operator in a room it has no +o in (an
 * IRC operator's override; logged). */
bool	cmd_oper_override(struct conn *, struct room *, const char *what);

/* cmd_file.c: tokens for the file host */
cmd_fn	cmd_extjwt;

/* Pieces of the welcome burst, also used by their commands. */
void	cmd_info_isupport(struct conn *);
void	cmd_info_lusers(struct conn *);
void	cmd_info_motd(struct conn *);
/* 353 lines and 366 for one room. */
void	cmd_room_names(struct conn *, struct room *);

#endif
