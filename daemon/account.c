/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * Accounts in state_dir/accounts.db (SQLite), passwords as Argon2id
 * encoded hashes (libargon2). The loop never hashes: account_verify and
 * account_register queue a job for one worker thread, which hashes and
 * writes a byte to a pipe; the loop's read event on the pipe runs the
 * callbacks, a turn or more later.
 */

#include <sys/queue.h>
#include <sys/random.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <argon2.h>
#include <event2/event.h>
#include <sqlite3.h>

#include "xmalloc.h"
#include "irc_case.h"
#include "log.h"
#include "account.h"

/*
 * Argon2id cost: RFC 9106's second recommended option is t=3 with 64 MiB;
 * OWASP's floor is t=2 with 19 MiB. t=3, 32 MiB, one lane takes about
 * 50 ms on the machines this runs on and keeps one worker's memory small.
 */
#define ACCOUNT_T_COST	3
#define ACCOUNT_M_COST	(32 * 1024)	/* KiB */
#define ACCOUNT_LANES	1
#define ACCOUNT_SALT	16
#define ACCOUNT_HASHLEN	32
#define ACCOUNT_QUEUE_MAX 64		/* jobs waiting; more are refused */

enum account_kind { ACCOUNT_VERIFY, ACCOUNT_REGISTER, ACCOUNT_HASH };

struct account_job {
	enum account_kind	 kind;
	char			 name[ACCOUNT_NAME_MAX + 1];
	char			*password;	/* wiped before free */
	char			*hash;		/* stored, or made */
	int			 ok;
	bool			 cancelled;
	account_done_fn		*done;
	void			*arg;
	TAILQ_ENTRY(account_job) entry;
};
TAILQ_HEAD(account_jobs, account_job);

static sqlite3			*account_db;
static struct event		*account_ev;
static int			 account_pipe[2] = { -1, -1 };
static pthread_t		 account_thread;
static bool			 account_running;
static bool			 account_stop;
static pthread_mutex_t		 account_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t		 account_cond = PTHREAD_COND_INITIALIZER;
static struct account_jobs	 account_queue =
    TAILQ_HEAD_INITIALIZER(account_queue);
static struct account_jobs	 account_done =
    TAILQ_HEAD_INITIALIZER(account_done);
static struct account_job	*account_busy;	/* the worker's job */
static char			 account_found[ACCOUNT_NAME_MAX + 1];

static const char account_schema[] =
    "PRAGMA journal_mode=WAL;"
    "CREATE TABLE IF NOT EXISTS accounts ("
    " fold TEXT PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL,"
    " created INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS certfps ("
    " fp TEXT PRIMARY KEY, fold TEXT NOT NULL"
    " REFERENCES accounts(fold) ON DELETE CASCADE);";

/* Passwords everyone tries first; refused whatever their length. */
static const char *const account_common[] = {
	"password", "password1", "12345678", "123456789", "1234567890",
	"qwertyui", "qwertyuiop", "iloveyou", "11111111", "00000000",
	"abcdefgh", "abcd1234", "letmein1", "passw0rd", "trustno1",
	"sunshine", "football", "baseball", "welcome1", "changeme",
};

static int	account_mkdir(const char *, char **);
static void	account_fold(const char *, char *);
static void	account_job_free(struct account_job *);
static void	*account_worker(void *);
static void	account_work(struct account_job *);
static void	account_pipe_cb(evutil_socket_t, short, void *);
static void	account_finish(struct account_job *);
static char	*account_hash(const char *, char **);
static char	*account_stored(const char *);
static int	account_insert(const char *, const char *, char **);
static void	account_submit(struct account_job *);
static const char *account_lookup(const char *, const char *);
static struct account_job *account_job_new(enum account_kind, const char *,
		    const char *, account_done_fn *, void *);

/* Create dir (and its parents) private to us. */
static int
account_mkdir(const char *dir, char **cause)
{
	char	*p, *copy = xstrdup(dir);

	for (p = copy + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) != 0 && errno != EEXIST)
			goto fail;
		*p = '/';
	}
	if (mkdir(copy, 0700) != 0 && errno != EEXIST)
		goto fail;
	free(copy);
	return (0);
fail:
	xasprintf(cause, "%s: %s", copy, strerror(errno));
	free(copy);
	return (-1);
}

/* The registry's key for a name. */
static void
account_fold(const char *name, char *fold)
{
	irc_casefold(IRC_CASE_RFC1459, fold, name, ACCOUNT_NAME_MAX + 1);
}

/* Open the database, and with a base, start the worker. */
int
account_open(const char *state_dir, struct event_base *base, char **cause)
{
	char	*path = NULL, *err = NULL;

	if (account_mkdir(state_dir, cause) != 0)
		return (-1);
	xasprintf(&path, "%s/accounts.db", state_dir);
	if (sqlite3_open_v2(path, &account_db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		xasprintf(cause, "%s: %s", path, account_db != NULL ?
		    sqlite3_errmsg(account_db) : "cannot open");
		goto fail;
	}
	chmod(path, 0600);
	sqlite3_busy_timeout(account_db, 2000);
	if (sqlite3_exec(account_db, account_schema, NULL, NULL, &err) !=
	    SQLITE_OK ||
	    sqlite3_exec(account_db, "PRAGMA foreign_keys=ON;", NULL, NULL,
	    &err) != SQLITE_OK) {
		xasprintf(cause, "%s: %s", path, err != NULL ? err : "schema");
		sqlite3_free(err);
		goto fail;
	}
	free(path);
	path = NULL;
	if (base == NULL)
		return (0);
	if (pipe2(account_pipe, O_NONBLOCK | O_CLOEXEC) != 0) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		goto fail;
	}
	account_ev = event_new(base, account_pipe[0], EV_READ | EV_PERSIST,
	    account_pipe_cb, NULL);
	if (account_ev == NULL || event_add(account_ev, NULL) != 0) {
		xasprintf(cause, "cannot watch the account worker");
		goto fail;
	}
	account_stop = false;
	if ((errno = pthread_create(&account_thread, NULL, account_worker,
	    NULL)) != 0) {
		xasprintf(cause, "pthread_create: %s", strerror(errno));
		goto fail;
	}
	account_running = true;
	return (0);
fail:
	free(path);
	account_close();
	return (-1);
}

/* Stop the worker, drop unfinished jobs (no callbacks), close the db. */
void
account_close(void)
{
	struct account_job	*j;

	if (account_running) {
		pthread_mutex_lock(&account_lock);
		account_stop = true;
		pthread_cond_signal(&account_cond);
		pthread_mutex_unlock(&account_lock);
		pthread_join(account_thread, NULL);
		account_running = false;
	}
	while ((j = TAILQ_FIRST(&account_queue)) != NULL) {
		TAILQ_REMOVE(&account_queue, j, entry);
		account_job_free(j);
	}
	while ((j = TAILQ_FIRST(&account_done)) != NULL) {
		TAILQ_REMOVE(&account_done, j, entry);
		account_job_free(j);
	}
	if (account_ev != NULL)
		event_free(account_ev);
	account_ev = NULL;
	if (account_pipe[0] != -1) {
		close(account_pipe[0]);
		close(account_pipe[1]);
	}
	account_pipe[0] = account_pipe[1] = -1;
	if (account_db != NULL)
		sqlite3_close(account_db);
	account_db = NULL;
}

/* Free a job, wiping the password. */
static void
account_job_free(struct account_job *j)
{
	if (j->password != NULL) {
		explicit_bzero(j->password, strlen(j->password));
		free(j->password);
	}
	free(j->hash);
	free(j);
}

/* The worker: take a job, hash without the lock, hand it back. */
static void *
account_worker(void *arg)
{
	struct account_job	*j;
	char			 byte = 'x';

	pthread_mutex_lock(&account_lock);
	for (;;) {
		while (!account_stop && TAILQ_EMPTY(&account_queue))
			pthread_cond_wait(&account_cond, &account_lock);
		if (account_stop)
			break;
		j = TAILQ_FIRST(&account_queue);
		TAILQ_REMOVE(&account_queue, j, entry);
		account_busy = j;
		pthread_mutex_unlock(&account_lock);
		account_work(j);
		pthread_mutex_lock(&account_lock);
		account_busy = NULL;
		TAILQ_INSERT_TAIL(&account_done, j, entry);
		/* A full pipe already holds a wake-up: nothing lost. */
		if (write(account_pipe[1], &byte, 1) == -1 && errno != EAGAIN)
			log_warn("account worker");
	}
	pthread_mutex_unlock(&account_lock);
	return (NULL);
}

/*
 * One job, on the worker. An unknown account is hashed all the same, so
 * that a wrong name costs what a wrong password costs.
 */
static void
account_work(struct account_job *j)
{
	char	*cause = NULL, *h;

	if (j->kind != ACCOUNT_REGISTER && j->hash != NULL) {
		j->ok = account_hash_check(j->hash, j->password);
		return;
	}
	h = account_hash(j->password, &cause);
	if (h == NULL) {
		log_warnx("account: %s", cause);
		free(cause);
		j->ok = 0;
		return;
	}
	if (j->kind == ACCOUNT_REGISTER) {
		j->hash = h;
		j->ok = 1;
	} else {
		free(h);
		j->ok = 0;
	}
}

/* Pipe readable: run the callbacks of finished jobs. */
static void
account_pipe_cb(evutil_socket_t fd, short events, void *arg)
{
	struct account_jobs	 done = TAILQ_HEAD_INITIALIZER(done);
	struct account_job	*j;
	char			 buf[64];

	while (read(fd, buf, sizeof buf) > 0)
		continue;
	pthread_mutex_lock(&account_lock);
	TAILQ_CONCAT(&done, &account_done, entry);
	pthread_mutex_unlock(&account_lock);
	while ((j = TAILQ_FIRST(&done)) != NULL) {
		TAILQ_REMOVE(&done, j, entry);
		account_finish(j);
		account_job_free(j);
	}
}

/* Store a registration, then tell the caller (unless it went away). */
static void
account_finish(struct account_job *j)
{
	char	*cause = NULL;
	int	 ok = j->ok;

	if (ok && j->kind == ACCOUNT_REGISTER &&
	    account_insert(j->name, j->hash, &cause) != 0) {
		log_info("account %s not registered: %s", j->name, cause);
		free(cause);
		ok = 0;
	}
	if (ok && j->kind == ACCOUNT_REGISTER)
		log_info("account %s registered", j->name);
	pthread_mutex_lock(&account_lock);
	if (j->cancelled) {
		pthread_mutex_unlock(&account_lock);
		return;
	}
	pthread_mutex_unlock(&account_lock);
	if (j->kind == ACCOUNT_HASH)
		j->done(ok, j->name, j->arg);
	else if (ok && account_find(j->name) != NULL)
		j->done(1, account_found, j->arg);
	else
		j->done(0, NULL, j->arg);
}

/* Queue a job for the worker; a full queue fails it on a later turn. */
static void
account_submit(struct account_job *j)
{
	struct account_job	*k;
	unsigned int		 n = 0;
	char			 byte = 'x';

	if (!account_running) {
		/* No worker (no database open): nothing can match. */
		if (j->kind == ACCOUNT_HASH)
			j->done(0, j->name, j->arg);
		else
			j->done(0, NULL, j->arg);
		account_job_free(j);
		return;
	}
	pthread_mutex_lock(&account_lock);
	TAILQ_FOREACH(k, &account_queue, entry)
		n++;
	if (n >= ACCOUNT_QUEUE_MAX) {
		j->ok = 0;
		if (j->kind == ACCOUNT_REGISTER)
			j->kind = ACCOUNT_VERIFY;
		TAILQ_INSERT_TAIL(&account_done, j, entry);
		if (write(account_pipe[1], &byte, 1) == -1 && errno != EAGAIN)
			log_warn("account queue");
	} else {
		TAILQ_INSERT_TAIL(&account_queue, j, entry);
		pthread_cond_signal(&account_cond);
	}
	pthread_mutex_unlock(&account_lock);
}

/* A new job for name and password. */
static struct account_job *
account_job_new(enum account_kind kind, const char *name,
    const char *password, account_done_fn *done, void *arg)
{
	struct account_job	*j;

	j = xcalloc(1, sizeof *j);
	j->kind = kind;
	strlcpy(j->name, name, sizeof j->name);
	j->password = xstrdup(password);
	j->done = done;
	j->arg = arg;
	return (j);
}

/* Check name and password on the worker; done() on a later turn. */
void
account_verify(const char *name, const char *password, account_done_fn *done,
    void *arg)
{
	struct account_job	*j;

	j = account_job_new(ACCOUNT_VERIFY, name, password, done, arg);
	if (strlen(name) <= ACCOUNT_NAME_MAX)
		j->hash = account_stored(name);
	account_submit(j);
}

/* Hash on the worker, then insert; done(0) when refused or taken. */
void
account_register(const char *name, const char *password,
    account_done_fn *done, void *arg)
{
	struct account_job	*j;

	j = account_job_new(ACCOUNT_REGISTER, name, password, done, arg);
	if (account_check(name, password) != NULL)
		j->kind = ACCOUNT_VERIFY;	/* hashes, fails */
	account_submit(j);
}

/* Check password against an Argon2 hash on the worker: done(ok, name). */
void
account_verify_hash(const char *name, const char *hash, const char *password,
    account_done_fn *done, void *arg)
{
	struct account_job	*j;

	j = account_job_new(ACCOUNT_HASH, name, password, done, arg);
	j->hash = xstrdup(hash);
	account_submit(j);
}

/* Forget the callbacks of every job for arg (its conn is going). */
void
account_cancel(void *arg)
{
	struct account_job	*j;

	pthread_mutex_lock(&account_lock);
	TAILQ_FOREACH(j, &account_queue, entry) {
		if (j->arg == arg)
			j->cancelled = true;
	}
	TAILQ_FOREACH(j, &account_done, entry) {
		if (j->arg == arg)
			j->cancelled = true;
	}
	if (account_busy != NULL && account_busy->arg == arg)
		account_busy->cancelled = true;
	pthread_mutex_unlock(&account_lock);
}

/* An Argon2id encoded hash of password with a fresh salt (caller frees). */
static char *
account_hash(const char *password, char **cause)
{
	unsigned char	 salt[ACCOUNT_SALT];
	char		*out;
	size_t		 len;
	int		 rc;

	if (getrandom(salt, sizeof salt, 0) != (ssize_t)sizeof salt) {
		xasprintf(cause, "getrandom: %s", strerror(errno));
		return (NULL);
	}
	len = argon2_encodedlen(ACCOUNT_T_COST, ACCOUNT_M_COST, ACCOUNT_LANES,
	    sizeof salt, ACCOUNT_HASHLEN, Argon2_id);
	out = xmalloc(len);
	rc = argon2id_hash_encoded(ACCOUNT_T_COST, ACCOUNT_M_COST,
	    ACCOUNT_LANES, password, strlen(password), salt, sizeof salt,
	    ACCOUNT_HASHLEN, out, len);
	if (rc != ARGON2_OK) {
		xasprintf(cause, "argon2: %s", argon2_error_message(rc));
		free(out);
		return (NULL);
	}
	return (out);
}

/* For operator passwords and --hash-password: hash now, blocking. */
char *
account_hash_password(const char *password, char **cause)
{
	return (account_hash(password, cause));
}

/* Whether password matches an encoded Argon2 hash (blocking). */
bool
account_hash_check(const char *hash, const char *password)
{
	argon2_type	type;

	if (strncmp(hash, "$argon2id$", 10) == 0)
		type = Argon2_id;
	else if (strncmp(hash, "$argon2i$", 9) == 0)
		type = Argon2_i;
	else if (strncmp(hash, "$argon2d$", 9) == 0)
		type = Argon2_d;
	else
		return (false);
	return (argon2_verify(hash, password, strlen(password), type) ==
	    ARGON2_OK);
}

/* Why name and password cannot make an account, or NULL when they can. */
const char *
account_check(const char *name, const char *password)
{
	char	fold[ACCOUNT_NAME_MAX + 1], pfold[ACCOUNT_PASS_MAX + 1];
	size_t	i, len = strlen(password), distinct = 0;
	bool	seen[256] = { false };

	if (!irc_nick_valid(name, ACCOUNT_NAME_MAX))
		return ("BAD_ACCOUNT_NAME");
	if (len < ACCOUNT_PASS_MIN || len > ACCOUNT_PASS_MAX)
		return ("WEAK_PASSWORD");
	for (i = 0; i < len; i++) {
		if (!seen[(unsigned char)password[i]]) {
			seen[(unsigned char)password[i]] = true;
			distinct++;
		}
		if ((unsigned char)password[i] < 0x20)
			return ("UNACCEPTABLE_PASSWORD");
	}
	if (distinct < 5)
		return ("WEAK_PASSWORD");
	account_fold(name, fold);
	irc_casefold(IRC_CASE_RFC1459, pfold, password, sizeof pfold);
	if (strstr(pfold, fold) != NULL)
		return ("WEAK_PASSWORD");
	for (i = 0; i < nitems(account_common); i++) {
		if (strcmp(pfold, account_common[i]) == 0)
			return ("WEAK_PASSWORD");
	}
	return (NULL);
}

/* The stored hash of an account (caller frees), or NULL. */
static char *
account_stored(const char *name)
{
	sqlite3_stmt	*st;
	char		 fold[ACCOUNT_NAME_MAX + 1], *hash = NULL;

	account_fold(name, fold);
	if (sqlite3_prepare_v2(account_db,
	    "SELECT hash FROM accounts WHERE fold = ?", -1, &st, NULL) !=
	    SQLITE_OK)
		return (NULL);
	sqlite3_bind_text(st, 1, fold, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		hash = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return (hash);
}

/* Insert an account row; -1 when the name is taken. */
static int
account_insert(const char *name, const char *hash, char **cause)
{
	sqlite3_stmt	*st;
	char		 fold[ACCOUNT_NAME_MAX + 1];
	int		 rc;

	account_fold(name, fold);
	if (sqlite3_prepare_v2(account_db, "INSERT INTO accounts "
	    "(fold, name, hash, created) VALUES (?, ?, ?, ?)", -1, &st,
	    NULL) != SQLITE_OK) {
		xasprintf(cause, "%s", sqlite3_errmsg(account_db));
		return (-1);
	}
	sqlite3_bind_text(st, 1, fold, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)time(NULL));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_CONSTRAINT) {
		xasprintf(cause, "account %s exists", name);
		return (-1);
	}
	if (rc != SQLITE_DONE) {
		xasprintf(cause, "%s", sqlite3_errmsg(account_db));
		return (-1);
	}
	return (0);
}

/* Add an account now (the command line): hashes on this thread. */
int
account_add(const char *name, const char *password, char **cause)
{
	const char	*why;
	char		*hash;
	int		 rc;

	if ((why = account_check(name, password)) != NULL) {
		if (strcmp(why, "BAD_ACCOUNT_NAME") == 0)
			xasprintf(cause, "%s: not a valid account name "
			    "(a nick of at most %d characters)", name,
			    ACCOUNT_NAME_MAX);
		else
			xasprintf(cause, "password too weak (at least %d "
			    "characters, 5 different, not the name, not a "
			    "common one)", ACCOUNT_PASS_MIN);
		return (-1);
	}
	if (account_find(name) != NULL) {
		xasprintf(cause, "account %s exists", name);
		return (-1);
	}
	if ((hash = account_hash(password, cause)) == NULL)
		return (-1);
	rc = account_insert(name, hash, cause);
	free(hash);
	return (rc);
}

/* Delete an account and its certificate fingerprints. */
int
account_del(const char *name, char **cause)
{
	sqlite3_stmt	*st;
	char		 fold[ACCOUNT_NAME_MAX + 1];
	int		 rc;

	if (strlen(name) > ACCOUNT_NAME_MAX || account_find(name) == NULL) {
		xasprintf(cause, "no account %s", name);
		return (-1);
	}
	account_fold(name, fold);
	if (sqlite3_prepare_v2(account_db,
	    "DELETE FROM accounts WHERE fold = ?", -1, &st, NULL) !=
	    SQLITE_OK) {
		xasprintf(cause, "%s", sqlite3_errmsg(account_db));
		return (-1);
	}
	sqlite3_bind_text(st, 1, fold, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		xasprintf(cause, "%s", sqlite3_errmsg(account_db));
		return (-1);
	}
	return (0);
}

/* Every account, by name. */
void
account_list(void (*each)(const char *, time_t, void *), void *arg)
{
	sqlite3_stmt	*st;

	if (sqlite3_prepare_v2(account_db,
	    "SELECT name, created FROM accounts ORDER BY fold", -1, &st,
	    NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(st) == SQLITE_ROW)
		each((const char *)sqlite3_column_text(st, 0),
		    (time_t)sqlite3_column_int64(st, 1), arg);
	sqlite3_finalize(st);
}

/* The account name a one-parameter query finds, in account_found, or NULL. */
static const char *
account_lookup(const char *sql, const char *arg)
{
	sqlite3_stmt	*st;
	const char	*found = NULL;

	if (sqlite3_prepare_v2(account_db, sql, -1, &st, NULL) != SQLITE_OK)
		return (NULL);
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		strlcpy(account_found, (const char *)sqlite3_column_text(st, 0),
		    sizeof account_found);
		found = account_found;
	}
	sqlite3_finalize(st);
	return (found);
}

/* The canonical name of the account name belongs to (valid until the
 * next call), or NULL. */
const char *
account_find(const char *name)
{
	char	fold[ACCOUNT_NAME_MAX + 1];

	if (account_db == NULL || strlen(name) > ACCOUNT_NAME_MAX)
		return (NULL);
	account_fold(name, fold);
	return (account_lookup("SELECT name FROM accounts WHERE fold = ?",
	    fold));
}

/* The account a certificate fingerprint (hex, any case) logs in to. */
const char *
account_by_certfp(const char *fp)
{
	if (account_db == NULL || fp == NULL)
		return (NULL);
	return (account_lookup("SELECT a.name FROM certfps c JOIN accounts a "
	    "ON a.fold = c.fold WHERE c.fp = lower(?)", fp));
}

/* Let a certificate (SHA-256, 64 hex digits, colons allowed) log in. */
int
account_certfp_add(const char *name, const char *fp, char **cause)
{
	sqlite3_stmt	*st;
	char		 fold[ACCOUNT_NAME_MAX + 1], hex[65];
	size_t		 n = 0;
	int		 rc;

	for (; *fp != '\0' && n < sizeof hex - 1; fp++) {
		if (*fp == ':')
			continue;
		if (strchr("0123456789abcdefABCDEF", *fp) == NULL)
			break;
		hex[n++] = *fp | 0x20;
	}
	hex[n] = '\0';
	if (*fp != '\0' || n != 64) {
		xasprintf(cause, "not a SHA-256 fingerprint (64 hex digits)");
		return (-1);
	}
	if (account_find(name) == NULL) {
		xasprintf(cause, "no account %s", name);
		return (-1);
	}
	account_fold(name, fold);
	if (sqlite3_prepare_v2(account_db, "INSERT OR REPLACE INTO certfps "
	    "(fp, fold) VALUES (?, ?)", -1, &st, NULL) != SQLITE_OK) {
		xasprintf(cause, "%s", sqlite3_errmsg(account_db));
		return (-1);
	}
	sqlite3_bind_text(st, 1, hex, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, fold, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		xasprintf(cause, "%s", sqlite3_errmsg(account_db));
		return (-1);
	}
	return (0);
}
