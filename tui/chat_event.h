/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The JSON form of a chat event (headless mode); the events themselves are
 * the model's (event.h). */
#ifndef CHAT_EVENT_H
#define CHAT_EVENT_H

#include "event.h"

/* The event's type as headless JSON spells it. */
const char	*chat_event_name(enum chat_event_type);

/* Where JSON lines are built: kept by the caller from line to line, so
 * that a line costs no allocation once the buffer is large enough. */
struct chat_json {
	char	*p;
	size_t	 len, cap;
};

/* The event as one JSON object without newline, in j (zeroed at first);
 * valid until j's next use. */
const char	*chat_event_json(const struct chat_event *, struct chat_json *j);
void		 chat_json_free(struct chat_json *);

#endif
