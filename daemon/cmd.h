/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Command handlers, by family; dispatch.c has checked registration and
 * the minimum number of parameters before any of them runs. */
#ifndef CMD_H
#define CMD_H

struct conn;
struct irc_msg;
struct room;

typedef void cmd_fn(struct conn *, struct irc_msg *);

/* cmd_reg.c: registration and connection upkeep */
cmd_fn	cmd_cap, cmd_pass, cmd_nick, cmd_user, cmd_ping, cmd_pong, cmd_quit;

/* cmd_room.c: membership and room state */
cmd_fn	cmd_join, cmd_part, cmd_topic, cmd_names, cmd_list, cmd_kick,
	cmd_invite;

/* cmd_msg.c: messages */
cmd_fn	cmd_privmsg, cmd_notice, cmd_tagmsg;

/* cmd_mode.c: room and user modes */
cmd_fn	cmd_mode;

/* cmd_info.c: queries and away */
cmd_fn	cmd_who, cmd_whois, cmd_ison, cmd_userhost, cmd_lusers, cmd_motd,
	cmd_version, cmd_away;

/* cmd_file.c: tokens for the file host */
cmd_fn	cmd_extjwt;

/* Pieces of the welcome burst, also used by their commands. */
void	cmd_info_isupport(struct conn *);
void	cmd_info_lusers(struct conn *);
void	cmd_info_motd(struct conn *);
/* 353 lines and 366 for one room. */
void	cmd_room_names(struct conn *, struct room *);

#endif
