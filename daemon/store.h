/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * The history store: what the command handlers see of it. One opaque
 * handle and a table of operations per backend (store_sqlite.c for one
 * daemon, store_redis.c for a cluster), chosen once at start from the
 * settings. Handlers call store_*() below, never a backend, and nothing
 * here is SQLite- or Redis-shaped.
 *
 * Writes are queued and committed in groups (one transaction per
 * history_sync_ms or per loop turn), never inside a handler; queries
 * may finish on a later loop turn (a Redis round trip), so they report
 * through callbacks.
 */
#ifndef STORE_H
#define STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORE_MSGID_MAX		32	/* bytes of a msgid, NUL excluded */
#define STORE_TARGET_MAX	128	/* bytes of a target key */

struct event_base;
struct settings;
struct store;

/* What a stored line is; the events are replayed only to clients with
 * draft/event-playback. */
enum store_kind {
	STORE_PRIVMSG,
	STORE_NOTICE,
	STORE_TAGMSG,		/* stored only when it carries client tags */
	STORE_JOIN,
	STORE_PART,
	STORE_QUIT,
	STORE_KICK,
	STORE_TOPIC,
	STORE_MODE,
	STORE_NICK
};
#define STORE_IS_EVENT(k)	((k) >= STORE_JOIN)

/*
 * One stored line. The strings are borrowed: for the call (append) or
 * for the callback (query); copy what you keep.
 */
struct store_line {
	char		 msgid[STORE_MSGID_MAX + 1];
	int64_t		 time_ms;	/* server time, ms since the epoch */
	enum store_kind	 kind;
	/* The key the line is filed under: a room's casefolded name, or for
	 * private messages store_dm_key() of the two accounts. */
	const char	*target;
	const char	*account;	/* the sender's account, or NULL */
	const char	*ctags;		/* client-only tags, "+a=b;+c", or NULL */
	/* The line as it was relayed, without tags and CRLF:
	 * ":nick!ident@host PRIVMSG #room :text". */
	const char	*line;
};

/* A CHATHISTORY reference: "*", timestamp=... or msgid=... */
enum store_ref_type { STORE_REF_NONE, STORE_REF_TIME, STORE_REF_MSGID };
struct store_ref {
	enum store_ref_type	 type;
	int64_t			 time_ms;
	char			 msgid[STORE_MSGID_MAX + 1];
};

enum store_query_type {
	STORE_LATEST,		/* newest, after `from` when it is set */
	STORE_BEFORE,		/* strictly before `from` */
	STORE_AFTER,		/* strictly after `from` */
	STORE_AROUND,		/* about limit/2 either side of `from` */
	STORE_BETWEEN		/* strictly between `from` and `to` */
};

struct store_query {
	enum store_query_type	 type;
	const char		*target;	/* as in store_line */
	struct store_ref	 from;
	struct store_ref	 to;		/* BETWEEN only */
	unsigned int		 limit;
	/* Include TAGMSG and the STORE_IS_EVENT kinds (draft/event-playback);
	 * false: PRIVMSG and NOTICE only. (hist-d: TAGMSG added here.) */
	bool			 events;
};

/* A room's state kept across restarts (topic and modes). */
struct store_room {
	const char	*name;		/* as first created */
	const char	*topic;		/* NULL: none */
	const char	*topic_who;
	int64_t		 topic_time;	/* seconds */
	const char	*modes;		/* "+ntk" letters, without arguments */
	const char	*key;		/* +k, or NULL */
	unsigned int	 limit;		/* +l, 0 = none */
	int64_t		 created;	/* seconds */
};

/*
 * Results: each() for every line in ascending time order, then done()
 * exactly once (error 0, or -1 when the backend failed). Both may run
 * before the query function returns or on a later loop turn: the caller
 * assumes neither, and keeps arg valid until done() has run (a handler
 * that outlives its conn looks the conn up again by an id).
 */
typedef void	store_line_fn(const struct store_line *, void *arg);
typedef void	store_target_fn(const char *target, int64_t latest_ms,
		    void *arg);
typedef void	store_room_fn(const struct store_room *, void *arg);
typedef void	store_done_fn(int error, void *arg);

/* Called when writing fails at run time (disk full, I/O error): chat goes
 * on without history, and the daemon tells the operators why. */
typedef void	store_failed_fn(const char *why, void *arg);

struct store_ops {
	const char	*name;
	int	(*open)(struct store **, const struct settings *,
		    struct event_base *, store_failed_fn *, void *,
		    char **cause);
	/* Queue one line; committed by the backend's group commit. */
	int	(*append)(struct store *, const struct store_line *);
	int	(*query)(struct store *, const struct store_query *,
		    store_line_fn *, store_done_fn *, void *);
	/* CHATHISTORY TARGETS: of the given keys, those whose latest
	 * message lies strictly between from and to (times), at most limit,
	 * counted from `from` as BETWEEN does: oldest first when from < to,
	 * newest first otherwise. (hist-d: the order was "newest first".) */
	int	(*targets)(struct store *, const char *const *keys,
		    size_t nkeys, int64_t from_ms, int64_t to_ms,
		    unsigned int limit, store_target_fn *, store_done_fn *,
		    void *);
	/* Room state: saved on change, loaded when the room is created
	 * again; each() runs at most once. */
	int	(*room_save)(struct store *, const struct store_room *);
	int	(*room_load)(struct store *, const char *name, store_room_fn *,
		    store_done_fn *, void *);
	/* Commit what is queued now (SIGTERM, SIGHUP, tests). */
	void	(*flush)(struct store *);
	/* Flush, then release everything. */
	void	(*close)(struct store *);
	/* Why queries fail now, for FAIL CHATHISTORY's text ("Redis cannot
	 * be reached"); may be NULL, as may what it returns: the generic
	 * text then. (credis: added for the Redis backend.) */
	const char *(*failure)(struct store *);
};

/* The head of every backend's handle: store.c calls through it. */
struct store {
	const struct store_ops	*ops;
};

/* The backend for these settings; -1 and *cause when it cannot start
 * (a corrupt or unwritable database: the caller exits 1). */
int	store_open(struct store **, const struct settings *,
	    struct event_base *, store_failed_fn *, void *, char **cause);
int	store_append(struct store *, const struct store_line *);
int	store_query(struct store *, const struct store_query *,
	    store_line_fn *, store_done_fn *, void *);
int	store_targets(struct store *, const char *const *, size_t, int64_t,
	    int64_t, unsigned int, store_target_fn *, store_done_fn *, void *);
int	store_room_save(struct store *, const struct store_room *);
int	store_room_load(struct store *, const char *, store_room_fn *,
	    store_done_fn *, void *);
void	store_flush(struct store *);
void	store_close(struct store *);
const char *store_failure(struct store *);

/* The filing key of a private conversation between two accounts, the
 * same whichever side asks: "\x01" and the two casefolded names in order. */
void	store_dm_key(char *buf, size_t size, const char *account_a,
	    const char *account_b);

#endif
