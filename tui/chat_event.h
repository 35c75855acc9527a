/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The JSON form of a chat event (headless mode); the events themselves are
 * the model's (event.h). */
#ifndef CHAT_EVENT_H
#define CHAT_EVENT_H

#include "event.h"

/* The event's type as headless JSON spells it. */
const char	*chat_event_name(enum chat_event_type);

/* The event as one JSON object without newline; the caller frees it. */
char		*chat_event_json(const struct chat_event *);

#endif
