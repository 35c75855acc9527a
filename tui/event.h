/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The model's vocabulary: one chat event, as the session hands it to the
 * window model (window_post) and the model to its observer. */
#ifndef TUI_EVENT_H
#define TUI_EVENT_H

#include <sys/time.h>

enum chat_event_type {
	CHAT_CONNECTED,
	CHAT_REGISTERED,
	CHAT_DISCONNECTED,
	CHAT_JOIN,
	CHAT_PART,
	CHAT_QUIT,
	CHAT_KICK,
	CHAT_NICK,
	CHAT_MSG,
	CHAT_ACTION,
	CHAT_NOTICE,
	CHAT_TOPIC,
	CHAT_NAMES,
	CHAT_MODE,
	CHAT_INVITE,
	CHAT_AWAY,
	CHAT_INFO,
	CHAT_ERROR,
	CHAT_LOGIN,		/* logged in to an account (SASL, REGISTER) */
	CHAT_LOGIN_FAILED,	/* SASL refused, or not offered */
	CHAT_TLS,		/* how the server was trusted, or not */
	CHAT_FILE,		/* one file of a room's list */
	CHAT_PROGRESS,		/* a transfer moved: bytes of total */
	CHAT_DONE		/* a transfer finished: url, path */
};

#define CHAT_SELF	0x1	/* we are the actor */
#define CHAT_MENTION	0x2	/* the text names us */
#define CHAT_PRIVATE	0x4	/* a message to or from one nick */
#define CHAT_HERE	0x8	/* show in the current window (replies) */
#define CHAT_HISTORY	0x10	/* played back from the server's history */

/*
 * Every string is borrowed, sanitised text (the session owns it for the
 * duration of the call). room: the room the event belongs to; from: the
 * acting nick; target: the other nick (KICK victim, NICK new name, the
 * peer of a private message); text: the message, reason or reply;
 * msgid: the server's id of the message (IRCv3 message-ids), or NULL.
 */
struct chat_event {
	enum chat_event_type	 type;
	struct timeval		 tv;
	int			 flags;
	int			 code;	/* the numeric, for INFO/ERROR */
	const char		*room;
	const char		*from;
	const char		*target;
	const char		*text;
	const char		*msgid;
	const char		*server;	/* its server's label, when there
						 * are several; NULL: one */
	/* file, progress, done */
	const char		*name;
	const char		*url;
	const char		*path;
	long long		 bytes;
	long long		 total;
};

#endif
