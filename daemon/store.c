/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The history store's dispatcher: picks the backend once, then every
 * call goes through its table of operations. */

#include <stdio.h>
#include <string.h>

#include "irc_case.h"
#include "settings.h"
#include "store.h"
#include "user.h"

extern const struct store_ops	store_sqlite_ops;
extern const struct store_ops	store_redis_ops;

/* The backend for these settings: Redis in a cluster (--cluster), else
 * SQLite in the state directory. */
int
store_open(struct store **sp, const struct settings *s,
    struct event_base *base, store_failed_fn *failed, void *arg,
    char **cause)
{
	if (s->cluster != NULL && *s->cluster != '\0')
		return (store_redis_ops.open(sp, s, base, failed, arg, cause));
	return (store_sqlite_ops.open(sp, s, base, failed, arg, cause));
}

/* Queue one line for the next group commit. */
int
store_append(struct store *s, const struct store_line *l)
{
	return (s->ops->append(s, l));
}

/* Lines of one target; results through each() and done(). */
int
store_query(struct store *s, const struct store_query *q,
    store_line_fn *each, store_done_fn *done, void *arg)
{
	return (s->ops->query(s, q, each, done, arg));
}

/* Which of keys have lines between two times (CHATHISTORY TARGETS). */
int
store_targets(struct store *s, const char *const *keys, size_t nkeys,
    int64_t from_ms, int64_t to_ms, unsigned int limit, store_target_fn *each,
    store_done_fn *done, void *arg)
{
	return (s->ops->targets(s, keys, nkeys, from_ms, to_ms, limit, each,
	    done, arg));
}

/* Keep a room's topic and modes. */
int
store_room_save(struct store *s, const struct store_room *r)
{
	return (s->ops->room_save(s, r));
}

/* A room's kept state, if any. */
int
store_room_load(struct store *s, const char *name, store_room_fn *each,
    store_done_fn *done, void *arg)
{
	return (s->ops->room_load(s, name, each, done, arg));
}

/* Commit what is queued, now. */
void
store_flush(struct store *s)
{
	s->ops->flush(s);
}

/* Commit everything and release the store. */
void
store_close(struct store *s)
{
	if (s != NULL)
		s->ops->close(s);
}

/* Why queries fail now, or NULL. */
const char *
store_failure(struct store *s)
{
	return (s->ops->failure != NULL ? s->ops->failure(s) : NULL);
}

/* "\x01a\x01b" with a and b the casefolded account names, a first. */
void
store_dm_key(char *buf, size_t size, const char *account_a,
    const char *account_b)
{
	char	a[STORE_TARGET_MAX], b[STORE_TARGET_MAX];

	irc_casefold(USER_CASEMAP, a, account_a, sizeof a);
	irc_casefold(USER_CASEMAP, b, account_b, sizeof b);
	if (strcmp(a, b) <= 0)
		snprintf(buf, size, "\x01%s\x01%s", a, b);
	else
		snprintf(buf, size, "\x01%s\x01%s", b, a);
}
