/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Settings: a table of keys with their type and bounds, read by libinih. */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "xmalloc.h"
#include "settings.h"

/*
 * NUMBER: a decimal unsigned int. BOOL: on/off (yes/no, true/false, 1/0).
 * SIZE: bytes with an optional K, M or G suffix (powers of 1024), kept in
 * a uint64_t. AGE: seconds with an optional s, m, h, d or w suffix.
 */
enum settings_type {
	SETTINGS_STRING, SETTINGS_NUMBER, SETTINGS_BOOL, SETTINGS_SIZE,
	SETTINGS_AGE
};

struct settings_key {
	const char		*name;
	enum settings_type	 type;
	size_t			 offset;
	uint64_t		 min;
	uint64_t		 max;
};

#define SETTINGS_S(n) { #n, SETTINGS_STRING, offsetof(struct settings, n), 0, 0 }
#define SETTINGS_N(n, lo, hi) \
	{ #n, SETTINGS_NUMBER, offsetof(struct settings, n), lo, hi }
#define SETTINGS_B(n) { #n, SETTINGS_BOOL, offsetof(struct settings, n), 0, 1 }
#define SETTINGS_Z(n, lo, hi) \
	{ #n, SETTINGS_SIZE, offsetof(struct settings, n), lo, hi }
#define SETTINGS_A(n, hi) \
	{ #n, SETTINGS_AGE, offsetof(struct settings, n), 0, hi }

/* Sorted by name for bsearch. */
static const struct settings_key settings_keys[] = {
	SETTINGS_S(admin_email),
	SETTINGS_S(admin_location),
	SETTINGS_S(admin_name),
	SETTINGS_S(cluster),
	SETTINGS_S(cluster_name),
	SETTINGS_A(files_max_age, 100U * 365 * 86400),
	SETTINGS_N(flood_burst, 1, 100000),
	SETTINGS_N(flood_limit, 0, 1000000),
	SETTINGS_B(history),
	SETTINGS_A(history_max_age, 100U * 365 * 86400),
	SETTINGS_N(history_max_lines, 0, 1000000000),
	SETTINGS_N(history_sync_ms, 1, 60000),
	SETTINGS_S(http_url),
	SETTINGS_N(line_length, 64, 512),
	SETTINGS_N(max_clients, 0, 10000000),
	SETTINGS_N(max_joins, 0, 100000),
	SETTINGS_N(max_per_ip, 0, 10000000),
	SETTINGS_N(monitor_max, 0, 100000),
	SETTINGS_S(motd),
	SETTINGS_S(motd_file),
	SETTINGS_S(name),
	SETTINGS_S(network),
	SETTINGS_A(nick_grace, 86400),
	SETTINGS_S(opers_file),
	SETTINGS_S(password),
	SETTINGS_N(ping_interval, 1, 86400),
	SETTINGS_N(ping_timeout, 1, 86400),
	SETTINGS_N(reg_timeout, 1, 86400),
	SETTINGS_B(sasl_plaintext),
	SETTINGS_N(sendq, 1024, 1073741824),
	SETTINGS_S(state_dir),
	SETTINGS_S(tls_cert),
	SETTINGS_S(tls_key),
	SETTINGS_B(upload_anonymous),
	SETTINGS_Z(upload_max, 1, 1ULL << 40),
	SETTINGS_Z(upload_quota_total, 0, 1ULL << 50),
	SETTINGS_Z(upload_quota_user, 0, 1ULL << 50),
};

/* What the ini callbacks share: the line being read and the first error. */
struct settings_parse {
	struct settings	*cfg;
	FILE		*f;
	int		 line;
	int		 error_line;
	char		*error;
};

static int	settings_key_cmp(const void *, const void *);
struct settings_unit;
static int	settings_number(const char *, uint64_t, uint64_t,
		    const struct settings_unit *, uint64_t *);
static int	settings_bool(const char *, bool *);
static int	settings_set_number(const struct settings_key *, void *,
		    const char *);
static void	settings_bad_value(const struct settings_key *, const char *,
		    char **);
static int	settings_state_dir(struct settings *, char **);
static char	*settings_reader(char *, int, void *);
static int	settings_handler(void *, const char *, const char *,
		    const char *);
static void	settings_add_motd(struct settings *, const char *, size_t);

/* The defaults: generous for a LAN, safe against a single bad peer. */
void
settings_init(struct settings *cfg)
{
	char	host[256];

	memset(cfg, 0, sizeof *cfg);
	if (gethostname(host, sizeof host) != 0 || host[0] == '\0')
		strlcpy(host, "tui-chatd", sizeof host);
	host[sizeof host - 1] = '\0';
	cfg->name = xstrdup(host);
	cfg->network = xstrdup("tui-chat");
	cfg->max_clients = 100000;
	cfg->max_per_ip = 0;
	cfg->max_joins = 100;
	cfg->reg_timeout = 30;
	cfg->ping_interval = 120;
	cfg->ping_timeout = 60;
	cfg->flood_limit = 20;
	cfg->flood_burst = 100;
	cfg->sendq = 1048576;
	cfg->line_length = 512;
	cfg->monitor_max = 100;
	cfg->history = true;
	cfg->history_max_age = 0;
	cfg->history_max_lines = 100000;
	cfg->history_sync_ms = 100;
	cfg->upload_max = 100ULL * 1024 * 1024;
	cfg->files_max_age = 30 * 86400;
	cfg->upload_anonymous = false;
	cfg->nick_grace = 30;
}

/* Free every string. */
void
settings_free(struct settings *cfg)
{
	size_t	i;

	free(cfg->name);
	free(cfg->network);
	free(cfg->motd);
	free(cfg->motd_file);
	free(cfg->password);
	free(cfg->admin_name);
	free(cfg->admin_email);
	free(cfg->admin_location);
	free(cfg->state_dir);
	free(cfg->tls_cert);
	free(cfg->tls_key);
	free(cfg->cluster);
	free(cfg->cluster_name);
	free(cfg->http_url);
	free(cfg->opers_file);
	for (i = 0; i < cfg->motd_count; i++)
		free(cfg->motd_lines[i]);
	free(cfg->motd_lines);
	memset(cfg, 0, sizeof *cfg);
}

static int
settings_key_cmp(const void *key, const void *entry)
{
	return (strcmp(key, ((const struct settings_key *)entry)->name));
}

/* One suffix letter and what it multiplies by. */
struct settings_unit {
	char		letter;
	uint64_t	factor;
};

static const struct settings_unit settings_size_units[] = {
	{ 'K', 1024ULL }, { 'M', 1024ULL * 1024 },
	{ 'G', 1024ULL * 1024 * 1024 }, { '\0', 0 }
};
static const struct settings_unit settings_age_units[] = {
	{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 },
	{ 'w', 7 * 86400 }, { '\0', 0 }
};

/*
 * A decimal number within [min, max], optionally followed by one suffix
 * from units (case-insensitive), nothing else on the line.
 */
static int
settings_number(const char *s, uint64_t min, uint64_t max,
    const struct settings_unit *units, uint64_t *out)
{
	unsigned long long	 v;
	uint64_t		 factor = 1;
	char			*end;

	if (*s < '0' || *s > '9')
		return (-1);
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return (-1);
	if (*end != '\0' && units != NULL && end[1] == '\0') {
		for (; units->letter != '\0'; units++) {
			if (units->letter == *end ||
			    units->letter == (*end ^ 0x20))
				break;
		}
		if (units->letter == '\0')
			return (-1);
		factor = units->factor;
		end++;
	}
	if (*end != '\0' || v > UINT64_MAX / factor)
		return (-1);
	v *= factor;
	if (v < min || v > max)
		return (-1);
	*out = v;
	return (0);
}

/* on/off and its usual spellings. */
static int
settings_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "on", "yes", "true", "1" };
	static const char *const no[] = { "off", "no", "false", "0" };
	size_t	i;

	for (i = 0; i < nitems(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return (0);
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return (0);
		}
	}
	return (-1);
}

/* Store a number-like value of k's type at p; -1 when it does not parse. */
static int
settings_set_number(const struct settings_key *k, void *p, const char *value)
{
	uint64_t	v;

	switch (k->type) {
	case SETTINGS_BOOL:
		return (settings_bool(value, p));
	case SETTINGS_SIZE:
		return (settings_number(value, k->min, k->max,
		    settings_size_units, p));
	case SETTINGS_AGE:
		if (settings_number(value, k->min, k->max, settings_age_units,
		    &v) != 0)
			return (-1);
		*(unsigned int *)p = (unsigned int)v;
		return (0);
	default:
		if (settings_number(value, k->min, k->max, NULL, &v) != 0)
			return (-1);
		*(unsigned int *)p = (unsigned int)v;
		return (0);
	}
}

/* What a key of this type accepts, for the error message. */
static void
settings_bad_value(const struct settings_key *k, const char *value,
    char **cause)
{
	switch (k->type) {
	case SETTINGS_BOOL:
		xasprintf(cause, "bad value for %s: \"%s\" (on or off)",
		    k->name, value);
		break;
	case SETTINGS_SIZE:
		xasprintf(cause, "bad value for %s: \"%s\" (bytes from %llu "
		    "to %llu, K/M/G suffix allowed)", k->name, value,
		    (unsigned long long)k->min, (unsigned long long)k->max);
		break;
	case SETTINGS_AGE:
		xasprintf(cause, "bad value for %s: \"%s\" (seconds up to "
		    "%llu, s/m/h/d/w suffix allowed, 0 = no limit)", k->name,
		    value, (unsigned long long)k->max);
		break;
	default:
		xasprintf(cause, "bad value for %s: \"%s\" (a number from "
		    "%llu to %llu)", k->name, value,
		    (unsigned long long)k->min, (unsigned long long)k->max);
		break;
	}
}

/* Set one key. */
int
settings_set(struct settings *cfg, const char *key, const char *value,
    char **cause)
{
	const struct settings_key	*k;
	char				**sp;
	void				*p;

	k = bsearch(key, settings_keys, nitems(settings_keys), sizeof *k,
	    settings_key_cmp);
	if (k == NULL) {
		xasprintf(cause, "unknown key: %s", key);
		return (-1);
	}
	p = (char *)cfg + k->offset;
	if (k->type == SETTINGS_STRING) {
		if (strcmp(key, "name") == 0 && *value == '\0') {
			xasprintf(cause, "name must not be empty");
			return (-1);
		}
		sp = p;
		free(*sp);
		*sp = *value == '\0' ? NULL : xstrdup(value);
		return (0);
	}
	if (settings_set_number(k, p, value) != 0) {
		settings_bad_value(k, value, cause);
		return (-1);
	}
	return (0);
}

/* Split "KEY=VALUE" and set it. */
int
settings_set_arg(struct settings *cfg, const char *arg, char **cause)
{
	const char	*eq = strchr(arg, '=');
	char		*key;
	int		 rc;

	if (eq == NULL || eq == arg) {
		xasprintf(cause, "--set needs KEY=VALUE: %s", arg);
		return (-1);
	}
	key = xstrndup(arg, eq - arg);
	rc = settings_set(cfg, key, eq + 1, cause);
	free(key);
	return (rc);
}

/* fgets for inih that counts lines, so errors know where they are. */
static char *
settings_reader(char *str, int num, void *arg)
{
	struct settings_parse	*p = arg;
	char			*s;

	size_t			 skip;

	if ((s = fgets(str, num, p->f)) == NULL)
		return (NULL);
	if (strchr(s, '\n') != NULL || feof(p->f))
		p->line++;
	/* Indented lines are plain lines, not inih's continuations. */
	if ((skip = strspn(s, " \t")) != 0)
		memmove(s, s + skip, strlen(s + skip) + 1);
	return (s);
}

/* One key = value from inih; keeps the first error. */
static int
settings_handler(void *arg, const char *section, const char *key,
    const char *value)
{
	struct settings_parse	*p = arg;
	char			*cause = NULL;

	if (section[0] != '\0')
		xasprintf(&cause, "sections are not used: [%s]", section);
	else if (value == NULL)
		xasprintf(&cause, "%s needs a value", key);
	else if (settings_set(p->cfg, key, value, &cause) == 0)
		return (1);
	if (p->error == NULL) {
		p->error = cause;
		p->error_line = p->line;
	} else
		free(cause);
	return (0);
}

/* Read path; the first problem is reported with its line. */
int
settings_load(struct settings *cfg, const char *path, char **cause)
{
	struct settings_parse	p;
	int			rc;

	memset(&p, 0, sizeof p);
	p.cfg = cfg;
	if ((p.f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	rc = ini_parse_stream(settings_reader, &p, settings_handler, &p);
	fclose(p.f);
	if (rc == 0)
		return (0);
	if (p.error != NULL && (rc < 0 || p.error_line <= rc))
		xasprintf(cause, "%s:%d: %s", path, p.error_line, p.error);
	else if (rc > 0)
		xasprintf(cause, "%s:%d: syntax error (expected key = value)",
		    path, rc);
	else
		xasprintf(cause, "%s: cannot parse", path);
	free(p.error);
	return (-1);
}

/* Keep one line of MOTD. */
static void
settings_add_motd(struct settings *cfg, const char *s, size_t len)
{
	if (len > 0 && s[len - 1] == '\r')
		len--;
	cfg->motd_lines = xreallocarray(cfg->motd_lines, cfg->motd_count + 1,
	    sizeof *cfg->motd_lines);
	cfg->motd_lines[cfg->motd_count++] = xstrndup(s, len);
}

/* The default state directory, as the XDG base directory spec puts it. */
static int
settings_state_dir(struct settings *cfg, char **cause)
{
	const char	*xdg = getenv("XDG_STATE_HOME"), *home;

	if (cfg->state_dir != NULL)
		return (0);
	if (xdg != NULL && xdg[0] == '/') {
		xasprintf(&cfg->state_dir, "%s/tui-chatd", xdg);
		return (0);
	}
	if ((home = getenv("HOME")) == NULL || home[0] != '/') {
		xasprintf(cause, "no state directory: set state_dir, "
		    "XDG_STATE_HOME or HOME");
		return (-1);
	}
	xasprintf(&cfg->state_dir, "%s/.local/state/tui-chatd", home);
	return (0);
}

/* In a cluster without a cluster_name: the URL without its scheme and
 * database 0, "HOST:PORT" (what every node of it was started with). */
static void
settings_cluster_name(struct settings *cfg)
{
	const char	*url = cfg->cluster;
	size_t		 n;

	if (url == NULL || *url == '\0' || cfg->cluster_name != NULL)
		return;
	if (strncmp(url, "redis://", 8) == 0)
		url += 8;
	n = strlen(url);
	if (n >= 2 && strcmp(url + n - 2, "/0") == 0)
		n -= 2;
	cfg->cluster_name = xstrndup(url, n);
}

/* Build the MOTD lines from motd_file or the motd text ("\n" splits). */
int
settings_finish(struct settings *cfg, char **cause)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 size = 0;
	ssize_t	 n;
	const char *s, *nl;

	if (settings_state_dir(cfg, cause) != 0)
		return (-1);
	settings_cluster_name(cfg);
	if (cfg->motd_file != NULL) {
		if ((f = fopen(cfg->motd_file, "r")) == NULL) {
			xasprintf(cause, "%s: %s", cfg->motd_file,
			    strerror(errno));
			return (-1);
		}
		while ((n = getline(&buf, &size, f)) != -1 &&
		    cfg->motd_count < 1000) {
			if (n > 0 && buf[n - 1] == '\n')
				n--;
			settings_add_motd(cfg, buf, n);
		}
		free(buf);
		fclose(f);
		return (0);
	}
	if (cfg->motd == NULL)
		return (0);
	for (s = cfg->motd; (nl = strstr(s, "\\n")) != NULL; s = nl + 2)
		settings_add_motd(cfg, s, nl - s);
	settings_add_motd(cfg, s, strlen(s));
	return (0);
}
