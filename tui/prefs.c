/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Settings from ~/.config/tui-chat/config, read with inih. */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <limits.h>
#include <stddef.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "prefs.h"
#include "highlight.h"
#include "irc_case.h"
#include "xmalloc.h"

struct prefs_ctx {
	struct prefs	*cfg;
	const char	*path;
	char		*cause;
};

static int	prefs_line(void *, const char *, const char *, const char *);
static int	prefs_int(const char *, long, long, long *);
static int	prefs_bool(const char *, bool *);
static char	*prefs_home(const char *env, const char *fallback);
static void	prefs_mkdirs(char *);

void
prefs_defaults(struct prefs *cfg)
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
	cfg->nicklist = true;
	cfg->nicklist_width = 16;
	cfg->notify = xstrdup("auto");
	cfg->title = true;
	cfg->hyperlinks = true;
	cfg->log = true;
	cfg->smart_filter = true;
	cfg->smart_filter_delay = 5;
}

void
prefs_free(struct prefs *cfg)
{
	size_t	i;

	free(cfg->path);
	free(cfg->nick);
	free(cfg->user);
	free(cfg->realname);
	free(cfg->password);
	free(cfg->sasl_account);
	free(cfg->sasl_mechanism);
	free(cfg->sasl_password_file);
	free(cfg->server);
	for (i = 0; i < cfg->njoin; i++)
		free(cfg->join[i]);
	free(cfg->join);
	free(cfg->time_format);
	free(cfg->highlight);
	free(cfg->notify);
	free(cfg->tls_cert);
	free(cfg->tls_key);
	memset(cfg, 0, sizeof *cfg);
}

void
prefs_add_join(struct prefs *cfg, const char *room)
{
	cfg->join = xreallocarray(cfg->join, cfg->njoin + 1, sizeof *cfg->join);
	cfg->join[cfg->njoin++] = xstrdup(room);
}

static int
prefs_int(const char *s, long min, long max, long *out)
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
prefs_bool(const char *s, bool *out)
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
prefs_set(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

enum prefs_type { PREFS_STR, PREFS_NICK, PREFS_INT, PREFS_SIZE,
    PREFS_BOOL, PREFS_JOIN, PREFS_MECH, PREFS_NOTIFY };

/* Every key once: where it goes and what it accepts. */
static const struct prefs_key {
	const char		*key;
	enum prefs_type	 type;
	size_t			 off;
	long			 min, max;
} prefs_keys[] = {
	{ "colors", PREFS_BOOL, offsetof(struct prefs, colours), 0, 0 },
	{ "colour_mention", PREFS_INT,
	    offsetof(struct prefs, colour_mention), 0, 15 },
	{ "colour_status", PREFS_INT,
	    offsetof(struct prefs, colour_status), 0, 15 },
	{ "colours", PREFS_BOOL, offsetof(struct prefs, colours), 0, 0 },
	{ "highlight", PREFS_STR, offsetof(struct prefs, highlight), 0, 0 },
	{ "hyperlinks", PREFS_BOOL, offsetof(struct prefs, hyperlinks), 0, 0 },
	{ "join", PREFS_JOIN, 0, 0, 0 },
	{ "log", PREFS_BOOL, offsetof(struct prefs, log), 0, 0 },
	{ "nick", PREFS_NICK, offsetof(struct prefs, nick), 0, 0 },
	{ "nicklist", PREFS_BOOL, offsetof(struct prefs, nicklist), 0, 0 },
	{ "nicklist_width", PREFS_INT,
	    offsetof(struct prefs, nicklist_width), 6, 60 },
	{ "notify", PREFS_NOTIFY, offsetof(struct prefs, notify), 0, 0 },
	{ "password", PREFS_STR, offsetof(struct prefs, password), 0, 0 },
	{ "ping_interval", PREFS_INT,
	    offsetof(struct prefs, ping_interval), 5, 3600 },
	{ "realname", PREFS_STR, offsetof(struct prefs, realname), 0, 0 },
	{ "sasl", PREFS_BOOL, offsetof(struct prefs, sasl), 0, 0 },
	{ "sasl_account", PREFS_STR, offsetof(struct prefs, sasl_account),
	    0, 0 },
	{ "sasl_mechanism", PREFS_MECH,
	    offsetof(struct prefs, sasl_mechanism), 0, 0 },
	{ "sasl_password_file", PREFS_STR,
	    offsetof(struct prefs, sasl_password_file), 0, 0 },
	{ "scrollback", PREFS_SIZE, offsetof(struct prefs, scrollback),
	    10, 1000000 },
	{ "server", PREFS_STR, offsetof(struct prefs, server), 0, 0 },
	{ "smart_filter", PREFS_BOOL, offsetof(struct prefs, smart_filter),
	    0, 0 },
	{ "smart_filter_delay", PREFS_INT,
	    offsetof(struct prefs, smart_filter_delay), 1, 1440 },
	{ "time_format", PREFS_STR, offsetof(struct prefs, time_format),
	    0, 0 },
	{ "title", PREFS_BOOL, offsetof(struct prefs, title), 0, 0 },
	{ "tls", PREFS_BOOL, offsetof(struct prefs, tls), 0, 0 },
	{ "tls_cert", PREFS_STR, offsetof(struct prefs, tls_cert), 0, 0 },
	{ "tls_key", PREFS_STR, offsetof(struct prefs, tls_key), 0, 0 },
	{ "user", PREFS_STR, offsetof(struct prefs, user), 0, 0 },
};

/* "#a, #b" -> two rooms to join. */
static int
prefs_join(struct prefs *cfg, const char *value)
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
			prefs_add_join(cfg, room);
	}
	free(copy);
	return (r);
}

/* Store value for k in cfg; -1 if the value is not acceptable. */
static int
prefs_apply(struct prefs *cfg, const struct prefs_key *k,
    const char *value)
{
	char	*field = (char *)cfg + k->off;
	long	 n;

	switch (k->type) {
	case PREFS_NICK:
		if (!irc_nick_valid(value, IRC_NICK_MAX))
			return (-1);
		/* FALLTHROUGH */
	case PREFS_STR:
		prefs_set((char **)field, value);
		return (0);
	case PREFS_INT:
	case PREFS_SIZE:
		if (prefs_int(value, k->min, k->max, &n) == -1)
			return (-1);
		if (k->type == PREFS_INT)
			*(int *)field = (int)n;
		else
			*(size_t *)field = (size_t)n;
		return (0);
	case PREFS_BOOL:
		return (prefs_bool(value, (bool *)field));
	case PREFS_JOIN:
		return (prefs_join(cfg, value));
	case PREFS_MECH:
		if (strcasecmp(value, "PLAIN") != 0 &&
		    strcasecmp(value, "EXTERNAL") != 0)
			return (-1);
		prefs_set((char **)field, value);
		return (0);
	case PREFS_NOTIFY:
		if (highlight_notify_kind(value, &(enum highlight_notify){ 0 })
		    == -1)
			return (-1);
		prefs_set((char **)field, value);
		return (0);
	}
	return (-1);
}

static int
prefs_key_cmp(const void *key, const void *elem)
{
	return (strcmp(key, ((const struct prefs_key *)elem)->key));
}

/*
 * inih calls this per key; returning 0 marks the line as an error and
 * ini_parse() returns the first such line's number. Debian builds inih
 * without INI_HANDLER_LINENO, so the line is added after the parse.
 */
static int
prefs_line(void *arg, const char *section, const char *key,
    const char *value)
{
	struct prefs_ctx	*ctx = arg;
	const struct prefs_key	*k;

	k = bsearch(key, prefs_keys, nitems(prefs_keys), sizeof *prefs_keys,
	    prefs_key_cmp);
	if (k == NULL) {
		if (ctx->cause == NULL)
			xasprintf(&ctx->cause, "unknown key %s", key);
		return (0);
	}
	if (prefs_apply(ctx->cfg, k, value) == -1) {
		if (ctx->cause == NULL)
			xasprintf(&ctx->cause, "bad value for %s: %s", key,
			    value);
		return (0);
	}
	return (1);
}

/* $env, or ~/fallback. The caller frees it. */
static char *
prefs_home(const char *env, const char *fallback)
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
prefs_load(struct prefs *cfg, const char *path, char **cause)
{
	struct prefs_ctx	 ctx = { cfg, path, NULL };
	char			*dir = NULL, *def = NULL;
	int			 r;

	if (path == NULL) {
		dir = prefs_home("XDG_CONFIG_HOME", ".config");
		xasprintf(&def, "%s/tui-chat/config", dir);
		free(dir);
		ctx.path = def;
	}
	free(cfg->path);
	cfg->path = xstrdup(ctx.path);
	if (path == NULL && access(def, F_OK) == -1) {
		free(def);
		return (0);
	}
	r = ini_parse(ctx.path, prefs_line, &ctx);
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
prefs_mkdirs(char *path)
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
prefs_data_path(const char *name)
{
	char	*dir, *path;

	dir = prefs_home("XDG_DATA_HOME", ".local/share");
	xasprintf(&path, "%s/tui-chat/%s", dir, name);
	free(dir);
	prefs_mkdirs(path);
	return (path);
}

char *
prefs_state_path(const char *name)
{
	char	*dir, *path;

	dir = prefs_home("XDG_STATE_HOME", ".local/state");
	xasprintf(&path, "%s/tui-chat/%s", dir, name);
	free(dir);
	prefs_mkdirs(path);
	return (path);
}

const char *
prefs_key(size_t i)
{
	return (i < nitems(prefs_keys) ? prefs_keys[i].key : NULL);
}

static const struct prefs_key *
prefs_find(const char *key)
{
	return (bsearch(key, prefs_keys, nitems(prefs_keys),
	    sizeof *prefs_keys, prefs_key_cmp));
}

char *
prefs_get(const struct prefs *cfg, const char *key)
{
	const struct prefs_key	*k = prefs_find(key);
	const char		*field;
	char			*out = NULL, *s;
	size_t			 i;

	if (k == NULL)
		return (NULL);
	field = (const char *)cfg + k->off;
	switch (k->type) {
	case PREFS_STR:
	case PREFS_NICK:
	case PREFS_NOTIFY:
	case PREFS_MECH:
		s = *(char *const *)field;
		return (xstrdup(s != NULL ? s : ""));
	case PREFS_INT:
		xasprintf(&out, "%d", *(const int *)field);
		return (out);
	case PREFS_SIZE:
		xasprintf(&out, "%zu", *(const size_t *)field);
		return (out);
	case PREFS_BOOL:
		return (xstrdup(*(const bool *)field ? "yes" : "no"));
	case PREFS_JOIN:
		out = xstrdup("");
		for (i = 0; i < cfg->njoin; i++) {
			xasprintf(&s, "%s%s%s", out, i > 0 ? "," : "",
			    cfg->join[i]);
			free(out);
			out = s;
		}
		return (out);
	}
	return (NULL);
}

int
prefs_set_key(struct prefs *cfg, const char *key, const char *value,
    char **cause)
{
	const struct prefs_key	*k = prefs_find(key);
	struct prefs		 tmp;
	size_t			 i;

	if (k == NULL) {
		xasprintf(cause, "unknown setting %s", key);
		return (-1);
	}
	/* ';' after a blank starts a comment when the file is read again */
	if (*value == ';' || strstr(value, " ;") != NULL ||
	    strstr(value, "\t;") != NULL) {
		xasprintf(cause, "a value cannot hold a comment: %s", value);
		return (-1);
	}
	if (k->type == PREFS_JOIN) {
		memset(&tmp, 0, sizeof tmp);
		if (prefs_join(&tmp, value) == -1)
			goto bad;
		for (i = 0; i < cfg->njoin; i++)
			free(cfg->join[i]);
		free(cfg->join);
		cfg->join = tmp.join;
		cfg->njoin = tmp.njoin;
		return (0);
	}
	if (prefs_apply(cfg, k, value) == 0)
		return (0);
bad:
	if (k->type == PREFS_JOIN) {
		for (i = 0; i < tmp.njoin; i++)
			free(tmp.join[i]);
		free(tmp.join);
	}
	xasprintf(cause, "bad value for %s: %s", key, value);
	return (-1);
}

/* Whether line sets key (inih: "key = value" or "key: value"). */
static bool
prefs_line_is(const char *line, const char *key)
{
	size_t	n = strlen(key);

	line += strspn(line, " \t");
	if (strncmp(line, key, n) != 0)
		return (false);
	line += n;
	line += strspn(line, " \t");
	return (*line == '=' || *line == ':');
}

int
prefs_save(const struct prefs *cfg, const char *key, const char *value,
    char **cause)
{
	FILE	*in, *out = NULL;
	char	*tmp = NULL, *line = NULL;
	size_t	 size = 0;
	bool	 done = false, nl = true;
	int	 fd;

	xasprintf(&tmp, "%s.tmp", cfg->path);
	prefs_mkdirs(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1 || (out = fdopen(fd, "w")) == NULL) {
		if (fd != -1)
			close(fd);
		goto fail;
	}
	if ((in = fopen(cfg->path, "r")) != NULL) {
		while (getline(&line, &size, in) != -1) {
			if (!prefs_line_is(line, key)) {
				fputs(line, out);
				nl = line[strlen(line) - 1] == '\n';
			} else if (!done)
				fprintf(out, "%s = %s\n", key, value);
			done = done || prefs_line_is(line, key);
		}
		free(line);
		fclose(in);
	}
	if (!done)
		fprintf(out, "%s%s = %s\n", nl ? "" : "\n", key, value);
	if (fclose(out) == EOF || rename(tmp, cfg->path) == -1) {
		out = NULL;
		goto fail;
	}
	free(tmp);
	return (0);
fail:
	xasprintf(cause, "cannot write %s: %s", cfg->path, strerror(errno));
	if (out != NULL)
		fclose(out);
	unlink(tmp);
	free(tmp);
	return (-1);
}
