/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * Fuzz CHATHISTORY's parameters: the input is the rest of a CHATHISTORY
 * line, parsed as the daemon parses it, and every parameter goes through
 * the reference and limit parsers (cmd_history_ref, cmd_history_limit)
 * and the msgid decoder. What they accept must mean what it says: a
 * timestamp formats back to the same millisecond, a msgid reference is the
 * text after "msgid=" within STORE_MSGID_MAX bytes, an id that decodes
 * encodes back to the same text, a limit is 1 to HISTORY_QUERY_MAX.
 */

#include <sys/time.h>

#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "irc_msg.h"
#include "irc_tags.h"
#include "cmd.h"
#include "history.h"
#include "msgid.h"
#include "store.h"
#include "xmalloc.h"

#define FUZZ_VERB	"CHATHISTORY "

/* Check one reference the way CHATHISTORY reads it. */
static void
fuzz_ref(const char *s, bool star)
{
	struct store_ref	r, again;
	struct timeval		tv;
	char			buf[IRC_TIME_LEN], ref[IRC_TIME_LEN + 16];

	if (cmd_history_ref(s, &r, star) != 0)
		return;
	switch (r.type) {
	case STORE_REF_NONE:
		FUZZ_CHECK(star && strcmp(s, "*") == 0);
		break;
	case STORE_REF_TIME:
		FUZZ_CHECK(strncmp(s, "timestamp=", 10) == 0);
		tv.tv_sec = (time_t)(r.time_ms / 1000);
		tv.tv_usec = (suseconds_t)(r.time_ms % 1000) * 1000;
		if (tv.tv_usec < 0) {
			tv.tv_sec--;
			tv.tv_usec += 1000000;
		}
		irc_time_format(&tv, buf);
		snprintf(ref, sizeof ref, "timestamp=%s", buf);
		FUZZ_CHECK(cmd_history_ref(ref, &again, false) == 0);
		FUZZ_CHECK(again.type == STORE_REF_TIME);
		FUZZ_CHECK(again.time_ms == r.time_ms);
		break;
	case STORE_REF_MSGID:
		FUZZ_CHECK(strncmp(s, "msgid=", 6) == 0);
		FUZZ_CHECK(strlen(r.msgid) <= STORE_MSGID_MAX);
		FUZZ_CHECK(strcmp(r.msgid, s + 6) == 0);
		break;
	default:
		FUZZ_CHECK(!"unknown reference type");
	}
}

/* A msgid the store would look up: what decodes encodes back the same. */
static void
fuzz_msgid(const char *s)
{
	char		buf[STORE_MSGID_MAX + 1];
	uint64_t	id;

	if (!msgid_decode(s, &id))
		return;
	msgid_encode(buf, id);
	FUZZ_CHECK(strcmp(buf, s) == 0);
}

/* A limit: digits only, 1 to HISTORY_QUERY_MAX. */
static void
fuzz_limit(const char *s)
{
	unsigned int	limit;

	if (cmd_history_limit(s, &limit) != 0)
		return;
	FUZZ_CHECK(strspn(s, "0123456789") == strlen(s));
	FUZZ_CHECK(limit >= 1 && limit <= HISTORY_QUERY_MAX);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct irc_msg	 msg;
	char		*line;
	size_t		 len;
	int		 i;

	if (size > IRC_FRAME_MAX)
		return (0);
	len = sizeof FUZZ_VERB - 1 + size;
	line = xmalloc(len + 1);
	memcpy(line, FUZZ_VERB, sizeof FUZZ_VERB - 1);
	memcpy(line + sizeof FUZZ_VERB - 1, data, size);
	if (irc_msg_parse(&msg, line, len) == IRC_PARSE_OK) {
		for (i = 0; i < msg.nparams; i++) {
			fuzz_ref(msg.params[i], true);
			fuzz_ref(msg.params[i], false);
			if (strncmp(msg.params[i], "msgid=", 6) == 0)
				fuzz_msgid(msg.params[i] + 6);
			fuzz_msgid(msg.params[i]);
			fuzz_limit(msg.params[i]);
		}
	}
	free(line);
	return (0);
}
