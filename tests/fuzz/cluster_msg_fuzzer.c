/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Fuzz cluster_msg_decode() (the bytes a node takes from Redis): whatever
 * it accepts is well formed, and encodes back to the very same bytes. */

#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "irc_case.h"
#include "xmalloc.h"
#include "cluster_msg.h"

static void	fuzz_valid(const struct cluster_msg *);
static void	fuzz_clean(const char *);

/* No line breaks anywhere: a field may reach a client's line. */
static void
fuzz_clean(const char *s)
{
	FUZZ_CHECK(s != NULL);
	FUZZ_CHECK(strchr(s, '\r') == NULL && strchr(s, '\n') == NULL);
}

/* What the decoder promises of an accepted event. */
static void
fuzz_valid(const struct cluster_msg *m)
{
	int	i;

	FUZZ_CHECK(m->node <= CLUSTER_NODE_MAX);
	FUZZ_CHECK(*m->uid == '\0' || cluster_msg_uid_valid(m->uid));
	FUZZ_CHECK(*m->target == '\0' || cluster_msg_uid_valid(m->target));
	FUZZ_CHECK(*m->room == '\0' || irc_room_valid(m->room, IRC_ROOM_MAX));
	for (i = 0; i < CLUSTER_MSG_ARGS; i++)
		fuzz_clean(m->arg[i]);
	if (!m->has_line)
		return;
	FUZZ_CHECK(m->line.nparams >= 0 &&
	    m->line.nparams <= CLUSTER_MSG_PARAMS);
	FUZZ_CHECK(*m->line.source != '\0' && *m->line.verb != '\0');
	FUZZ_CHECK(strchr(m->line.source, ' ') == NULL);
	for (i = 0; i < m->line.nparams; i++) {
		fuzz_clean(m->line.params[i]);
		if (i + 1 < m->line.nparams)
			FUZZ_CHECK(*m->line.params[i] != '\0' &&
			    strchr(m->line.params[i], ' ') == NULL);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cluster_msg	 m;
	char			*copy, *out;
	size_t			 len;

	if (size > CLUSTER_MSG_MAX)
		return (0);
	copy = xmalloc(size + 1);
	out = xmalloc(CLUSTER_MSG_MAX);
	if (cluster_msg_decode(&m, (const char *)data, size, copy)) {
		fuzz_valid(&m);
		len = cluster_msg_encode(&m, out, CLUSTER_MSG_MAX);
		FUZZ_CHECK(len == size);
		FUZZ_CHECK(memcmp(out, data, size) == 0);
	}
	free(out);
	free(copy);
	return (0);
}
