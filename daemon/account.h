/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * Accounts: names, passwords hashed with Argon2id (libargon2), and the
 * client-certificate fingerprints that log in by SASL EXTERNAL. Kept in
 * the state directory (state_dir/accounts.db, SQLite). What SASL,
 * REGISTER, nick ownership, private history and the file host check a
 * user against; none of them sees a hash or a password after the call.
 *
 * Hashing is slow on purpose, so it never runs on the event loop: the
 * checks that hash report through a callback from a worker thread's
 * completion, on a later loop turn.
 */
#ifndef ACCOUNT_H
#define ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define ACCOUNT_NAME_MAX	30	/* as NICKLEN: an account is a nick */
#define ACCOUNT_PASS_MIN	8
#define ACCOUNT_PASS_MAX	300

struct event_base;

/* Open (creating) state_dir/accounts.db; -1 and *cause when it cannot. */
int	account_open(const char *state_dir, struct event_base *,
	    char **cause);
void	account_close(void);

/* Admin and REGISTER: -1 and *cause (caller frees) when refused (exists,
 * bad name, weak password). These hash: account_add blocks, for the
 * command line; account_register is the loop's asynchronous form. */
int	account_add(const char *name, const char *password, char **cause);
int	account_del(const char *name, char **cause);
void	account_list(void (*each)(const char *name, time_t created, void *),
	    void *);

typedef void	account_done_fn(int ok, const char *account, void *arg);

/* Check name and password without blocking; done(1, canonical name) or
 * done(0, NULL) runs on a later loop turn. Failed checks are throttled
 * per address and per account by the caller (SASL). */
void	account_verify(const char *name, const char *password,
	    account_done_fn *done, void *arg);
void	account_register(const char *name, const char *password,
	    account_done_fn *done, void *arg);

/* The account a name belongs to (casefolded match), or NULL. */
const char *account_find(const char *name);
/* The account that owns a SHA-256 certificate fingerprint (hex), or NULL. */
const char *account_by_certfp(const char *fp);
int	account_certfp_add(const char *name, const char *fp, char **cause);

/*
 * Added with the implementation (acct): the callbacks of a caller that
 * goes away must not run, a handler needs the reason REGISTER is
 * refused before it hashes, and operators' passwords are Argon2 hashes
 * in the config.
 */
/* Check password against an encoded Argon2 hash (an operator's) on the
 * worker: done(ok, name, arg) on a later turn. */
void	account_verify_hash(const char *name, const char *hash,
	    const char *password, account_done_fn *done, void *arg);
/* Forget the pending callbacks whose arg is arg (a closing conn). */
void	account_cancel(void *arg);
/* Why name and password cannot make an account (an IRCv3 FAIL code:
 * BAD_ACCOUNT_NAME, WEAK_PASSWORD, UNACCEPTABLE_PASSWORD), or NULL. */
const char *account_check(const char *name, const char *password);
/* An Argon2id encoded hash (caller frees), NULL and *cause on error;
 * blocking: for the command line and tests. */
char	*account_hash_password(const char *password, char **cause);
/* Whether password matches an encoded Argon2 hash; blocking. */
bool	account_hash_check(const char *hash, const char *password);

#endif
