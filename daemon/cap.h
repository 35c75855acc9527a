/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The IRCv3 capabilities a connection may enable, one bit each. The
 * names and values a client sees are in cmd_reg.c's CAP table. */
#ifndef CAP_H
#define CAP_H

#define CAP_SERVER_TIME		0x1
#define CAP_MESSAGE_TAGS	0x2
#define CAP_ECHO_MESSAGE	0x4
#define CAP_MULTI_PREFIX	0x8
#define CAP_USERHOST_IN_NAMES	0x10
#define CAP_AWAY_NOTIFY		0x20
/* history */
#define CAP_BATCH		0x40
#define CAP_LABELED_RESPONSE	0x80
#define CAP_CHATHISTORY		0x100	/* draft/chathistory */
#define CAP_EVENT_PLAYBACK	0x200	/* draft/event-playback */
/* accounts */
#define CAP_SASL		0x400
#define CAP_ACCOUNT_TAG		0x800
#define CAP_ACCOUNT_NOTIFY	0x1000
#define CAP_EXTENDED_JOIN	0x2000
#define CAP_ACCOUNT_REGISTRATION 0x4000	/* draft/account-registration */
/* the rest of the IRCv3 surface */
#define CAP_INVITE_NOTIFY	0x8000
#define CAP_SETNAME		0x10000
#define CAP_CHGHOST		0x20000
#define CAP_CAP_NOTIFY		0x40000
#define CAP_EXTENDED_MONITOR	0x80000
#define CAP_STANDARD_REPLIES	0x100000

#endif
