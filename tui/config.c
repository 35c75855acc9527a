/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Settings from ~/.config/tui-chat/config, read with inih. */

#include <sys/stat.h>

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stddef.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config.h"
#include "irc_case.h"
#include "xmalloc.h"

struct config_ctx {
	struct config	*cfg;
	const char	*path;
	char		*cause;
};

static int	config_line(void *, const char *, const char *, const char *);
static int	config_int(const char *, long, long, long *);
static int	config_bool(const char *, bool *);
static char	*config_home(const char *env, const char *fallback);
static void	config_mkdirs(char *);

void
config_defaults(struct config *cfg)
{
	const char	*user = getenv("USER");
	char		 nick[IRC_NICK_MAX + 1];

	memset(cfg, 0, sizeof *cfg);
	if (user == NULL || !irc_nick_valid(user, IRC_NICK_MAX))
		user = "guest";
	strlcpy(nick, user, sizeof nick);
	cfg->nick = xstrdup(nick);
	cfg->user = xstrdup(nick);
	cfg->realname = xstrdup("tui-chat user");
	cfg->scrollback = 2000;
	cfg->ping_interval = 30;
	cfg->colours = true;
	cfg->colour_mention = 4;	/* red */
	cfg->colour_status = 2;		/* navy blue */
	cfg->time_format = xstrdup("%H:%M");
}

void
config_free(struct config *cfg)
{
	size_t	i;

	free(cfg->nick);
	free(cfg->user);
	free(cfg->realname);
	free(cfg->password);
	free(cfg->server);
	for (i = 0; i < cfg->njoin; i++)
		free(cfg->join[i]);
	free(cfg->join);
	free(cfg->time_format);
	memset(cfg, 0, sizeof *cfg);
}

void
config_add_join(struct config *cfg, const char *room)
{
	cfg->join = xreallocarray(cfg->join, cfg->njoin + 1, sizeof *cfg->join);
	cfg->join[cfg->njoin++] = xstrdup(room);
}

static int
config_int(const char *s, long min, long max, long *out)
{
	char	*ep;
	long	 n;

	errno = 0;
	n = strtol(s, &ep, 10);
	if (*s == '\0' || *ep != '\0' || errno != 0 || n < min || n > max)
		return (-1);
	*out = n;
	return (0);
}

static int
config_bool(const char *s, bool *out)
{
	if (strcasecmp(s, "yes") == 0 || strcasecmp(s, "on") == 0 ||
	    strcmp(s, "1") == 0 || strcasecmp(s, "true") == 0)
		*out = true;
	else if (strcasecmp(s, "no") == 0 || strcasecmp(s, "off") == 0 ||
	    strcmp(s, "0") == 0 || strcasecmp(s, "false") == 0)
		*out = false;
	else
		return (-1);
	return (0);
}

/* Replace *field by a copy of value. */
static void
config_set(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

enum config_type { CONFIG_STR, CONFIG_NICK, CONFIG_INT, CONFIG_SIZE,
    CONFIG_BOOL, CONFIG_JOIN };

/* Every key once: where it goes and what it accepts. */
static const struct config_key {
	const char		*key;
	enum config_type	 type;
	size_t			 off;
	long			 min, max;
} config_keys[] = {
	{ "colors", CONFIG_BOOL, offsetof(struct config, colours), 0, 0 },
	{ "colour_mention", CONFIG_INT,
	    offsetof(struct config, colour_mention), 0, 15 },
	{ "colour_status", CONFIG_INT,
	    offsetof(struct config, colour_status), 0, 15 },
	{ "colours", CONFIG_BOOL, offsetof(struct config, colours), 0, 0 },
	{ "join", CONFIG_JOIN, 0, 0, 0 },
	{ "nick", CONFIG_NICK, offsetof(struct config, nick), 0, 0 },
	{ "password", CONFIG_STR, offsetof(struct config, password), 0, 0 },
	{ "ping_interval", CONFIG_INT,
	    offsetof(struct config, ping_interval), 5, 3600 },
	{ "realname", CONFIG_STR, offsetof(struct config, realname), 0, 0 },
	{ "scrollback", CONFIG_SIZE, offsetof(struct config, scrollback),
	    10, 1000000 },
	{ "server", CONFIG_STR, offsetof(struct config, server), 0, 0 },
	{ "time_format", CONFIG_STR, offsetof(struct config, time_format),
	    0, 0 },
	{ "user", CONFIG_STR, offsetof(struct config, user), 0, 0 },
};

/* "#a, #b" -> two rooms to join. */
static int
config_join(struct config *cfg, const char *value)
{
	char	*copy, *p, *room;
	int	 r = 0;

	p = copy = xstrdup(value);
	while ((room = strsep(&p, ", ")) != NULL) {
		if (*room == '\0')
			continue;
		if (!irc_room_valid(room, IRC_ROOM_MAX))
			r = -1;
		else
			config_add_join(cfg, room);
	}
	free(copy);
	return (r);
}

/* Store value for k in cfg; -1 if the value is not acceptable. */
static int
config_apply(struct config *cfg, const struct config_key *k,
    const char *value)
{
	char	*field = (char *)cfg + k->off;
	long	 n;

	switch (k->type) {
	case CONFIG_NICK:
		if (!irc_nick_valid(value, IRC_NICK_MAX))
			return (-1);
		/* FALLTHROUGH */
	case CONFIG_STR:
		config_set((char **)field, value);
		return (0);
	case CONFIG_INT:
	case CONFIG_SIZE:
		if (config_int(value, k->min, k->max, &n) == -1)
			return (-1);
		if (k->type == CONFIG_INT)
			*(int *)field = (int)n;
		else
			*(size_t *)field = (size_t)n;
		return (0);
	case CONFIG_BOOL:
		return (config_bool(value, (bool *)field));
	case CONFIG_JOIN:
		return (config_join(cfg, value));
	}
	return (-1);
}

static int
config_key_cmp(const void *key, const void *elem)
{
	return (strcmp(key, ((const struct config_key *)elem)->key));
}

/*
 * inih calls this per key; returning 0 marks the line as an error and
 * ini_parse() returns the first such line's number. Debian builds inih
 * without INI_HANDLER_LINENO, so the line is added after the parse.
 */
static int
config_line(void *arg, const char *section, const char *key,
    const char *value)
{
	struct config_ctx	*ctx = arg;
	const struct config_key	*k;

	k = bsearch(key, config_keys, nitems(config_keys), sizeof *config_keys,
	    config_key_cmp);
	if (k == NULL) {
		if (ctx->cause == NULL)
			xasprintf(&ctx->cause, "unknown key %s", key);
		return (0);
	}
	if (config_apply(ctx->cfg, k, value) == -1) {
		if (ctx->cause == NULL)
			xasprintf(&ctx->cause, "bad value for %s: %s", key,
			    value);
		return (0);
	}
	return (1);
}

/* $env, or ~/fallback. The caller frees it. */
static char *
config_home(const char *env, const char *fallback)
{
	const char	*v = getenv(env), *home = getenv("HOME");
	struct passwd	*pw;
	char		*out;

	if (v != NULL && *v == '/')
		return (xstrdup(v));
	if (home == NULL && (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	xasprintf(&out, "%s/%s", home != NULL ? home : "/tmp", fallback);
	return (out);
}

int
config_load(struct config *cfg, const char *path, char **cause)
{
	struct config_ctx	 ctx = { cfg, path, NULL };
	char			*dir = NULL, *def = NULL;
	int			 r;

	if (path == NULL) {
		dir = config_home("XDG_CONFIG_HOME", ".config");
		xasprintf(&def, "%s/tui-chat/config", dir);
		free(dir);
		ctx.path = def;
		if (access(def, F_OK) == -1) {
			free(def);
			return (0);
		}
	}
	r = ini_parse(ctx.path, config_line, &ctx);
	if (r == -1)
		xasprintf(cause, "%s: %s", ctx.path, strerror(errno));
	else if (r != 0)
		xasprintf(cause, "%s:%d: %s", ctx.path, r,
		    ctx.cause != NULL ? ctx.cause : "syntax error");
	free(ctx.cause);
	free(def);
	return (r == 0 ? 0 : -1);
}

/* mkdir -p for the directory part of path (path is restored). */
static void
config_mkdirs(char *path)
{
	char	*p;

	for (p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) == -1 && errno != EEXIST) {
			*p = '/';
			return;
		}
		*p = '/';
	}
}

char *
config_state_path(const char *name)
{
	char	*dir, *path;

	dir = config_home("XDG_STATE_HOME", ".local/state");
	xasprintf(&path, "%s/tui-chat/%s", dir, name);
	free(dir);
	config_mkdirs(path);
	return (path);
}
