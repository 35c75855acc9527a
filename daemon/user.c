/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The nick registry and user state; a user belongs to its conn. */

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "xmalloc.h"
#include "irc_case.h"
#include "utf8.h"
#include "user.h"

static struct table	user_table;
static unsigned long	user_serial;
static unsigned int	user_nopers;		/* holding UMODE_OPER */
static unsigned int	user_ninvisible;	/* holding UMODE_INVISIBLE */

static void	user_prefix_update(struct user *);
static void	user_foreach_cb(struct table_node *, void *);
static void	user_count_adjust(int, int);

/* Create the empty registry. */
void
user_init(void)
{
	table_init(&user_table);
}

/* Free the registry itself (users belong to their conns). */
void
user_shutdown(void)
{
	table_free(&user_table);
}

/* A new user without a nick yet. */
struct user *
user_new(struct conn *c, const char *host)
{
	struct user	*u;

	u = xcalloc(1, sizeof *u);
	u->conn = c;
	strlcpy(u->nick, "*", sizeof u->nick);
	strlcpy(u->ident, "*", sizeof u->ident);
	strlcpy(u->host, host, sizeof u->host);
	strlcpy(u->ip, host, sizeof u->ip);
	TAILQ_INIT(&u->rooms);
	u->signon = u->active = time(NULL);
	user_prefix_update(u);
	return (u);
}

/* Drop u from the registry and free it; it must be in no room. */
void
user_free(struct user *u)
{
	if (u == NULL)
		return;
	if (u->listed)
		table_remove(&user_table, &u->node);
	user_count_adjust(u->counted, -1);
	free(u->prefix);
	free(u->realname);
	free(u->away);
	free(u->account);
	free(u);
}

/* Add (delta 1) or take away (-1) a user with modes from the counts. */
static void
user_count_adjust(int modes, int delta)
{
	if (modes & UMODE_OPER)
		user_nopers += delta;
	if (modes & UMODE_INVISIBLE)
		user_ninvisible += delta;
}

/* Set the modes; the counts follow what was counted before. */
void
user_set_modes(struct user *u, int modes)
{
	user_count_adjust(u->counted, -1);
	u->modes = modes;
	u->counted = modes & (UMODE_OPER | UMODE_INVISIBLE);
	user_count_adjust(u->counted, 1);
}

/* How many users hold mode. */
unsigned int
user_count_mode(int mode)
{
	if (mode == UMODE_OPER)
		return (user_nopers);
	if (mode == UMODE_INVISIBLE)
		return (user_ninvisible);
	return (0);
}

/* The user holding nick, or NULL. */
struct user *
user_find(const char *nick)
{
	struct table_node	*n;
	char			 fold[IRC_NICK_MAX + 1];

	if (strlen(nick) > IRC_NICK_MAX)
		return (NULL);
	irc_casefold(USER_CASEMAP, fold, nick, sizeof fold);
	n = table_find(&user_table, fold, table_hash(fold));
	return (n == NULL ? NULL : TABLE_ENTRY(n, struct user, node));
}

/* Rename u, keeping the registry in step. */
int
user_set_nick(struct user *u, const char *nick)
{
	struct user	*other;

	other = user_find(nick);
	if (other != NULL && other != u)
		return (-1);
	if (u->listed)
		table_remove(&user_table, &u->node);
	strlcpy(u->nick, nick, sizeof u->nick);
	irc_casefold(USER_CASEMAP, u->fold, u->nick, sizeof u->fold);
	u->node.key = u->fold;
	u->node.hash = table_hash(u->fold);
	table_insert(&user_table, &u->node);
	u->listed = true;
	u->nick_gen++;
	user_prefix_update(u);
	return (0);
}

/* Set the ident from USER, keeping only safe bytes. */
void
user_set_ident(struct user *u, const char *ident)
{
	size_t	i, n = 0;

	for (i = 0; ident[i] != '\0' && n < USER_IDENT_MAX; i++) {
		if (ident[i] > ' ' && ident[i] < 0x7f && ident[i] != '@' &&
		    ident[i] != '!' && ident[i] != ':' && ident[i] != ',')
			u->ident[n++] = ident[i];
	}
	if (n == 0)
		u->ident[n++] = 'u';
	u->ident[n] = '\0';
	u->nick_gen++;
	user_prefix_update(u);
}

/* Change user and host; the ban cache goes with the nick generation. */
void
user_set_host(struct user *u, const char *ident, const char *host)
{
	strlcpy(u->ident, ident, sizeof u->ident);
	strlcpy(u->host, host, sizeof u->host);
	u->nick_gen++;
	user_prefix_update(u);
}

/* Set or (text NULL or empty) clear the away message. */
void
user_set_away(struct user *u, const char *text)
{
	free(u->away);
	u->away = NULL;
	if (text != NULL && *text != '\0')
		u->away = xstrndup(text, utf8_boundary(text, strlen(text),
		    USER_AWAY_MAX));
}

/* How many nicks are taken. */
unsigned int
user_count(void)
{
	return (user_table.count);
}

/* A new serial for once-per-user notices. */
unsigned long
user_mark_next(void)
{
	return (++user_serial);
}

/* Rebuild the cached "nick!ident@host" used as the source of lines. */
static void
user_prefix_update(struct user *u)
{
	free(u->prefix);
	xasprintf(&u->prefix, "%s!%s@%s", u->nick, u->ident, u->host);
}

/* Glob match ignoring case: '*' any run, '?' one byte. */
bool
user_mask_match(const char *mask, const char *s)
{
	const char	*star = NULL, *retry = NULL;

	while (*s != '\0') {
		if (*mask == '*') {
			star = ++mask;
			retry = s;
			continue;
		}
		if (*mask != '\0' && (*mask == '?' ||
		    irc_tolower(USER_CASEMAP, *mask) ==
		    irc_tolower(USER_CASEMAP, *s))) {
			mask++;
			s++;
			continue;
		}
		if (star == NULL)
			return (false);
		mask = star;
		s = ++retry;
	}
	while (*mask == '*')
		mask++;
	return (*mask == '\0');
}

/* Whether u's prefix matches mask. */
bool
user_match(const struct user *u, const char *mask)
{
	return (user_mask_match(mask, u->prefix));
}

struct user_foreach_arg {
	void	(*fn)(struct user *, void *);
	void	 *arg;
};

static void
user_foreach_cb(struct table_node *n, void *arg)
{
	struct user_foreach_arg	*a = arg;

	a->fn(TABLE_ENTRY(n, struct user, node), a->arg);
}

/* Call fn for every user with a nick (WHO masks, shutdown). */
void
user_foreach(void (*fn)(struct user *, void *), void *arg)
{
	struct user_foreach_arg	a = { fn, arg };

	table_foreach(&user_table, user_foreach_cb, &a);
}

/* bot-mode: the server marks what a +B user sends. */
const char *
user_tags(const struct user *u)
{
	return ((u->modes & UMODE_BOT) ? "bot" : NULL);
}
