/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The daemon's settings: defaults, the config file and --set overrides. */
#ifndef SETTINGS_H
#define SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct settings {
	char		*name;		/* server name (IRC and mDNS) */
	char		*network;	/* NETWORK= in 005 */
	char		*motd;		/* MOTD text, "\n" separates lines */
	char		*motd_file;	/* or a file that holds it */
	char		*password;	/* PASS needed when set */
	unsigned int	 max_clients;	/* 0 = no limit */
	unsigned int	 max_per_ip;	/* 0 = no limit */
	unsigned int	 max_joins;	/* rooms per user, 0 = no limit */
	unsigned int	 reg_timeout;	/* seconds to finish registering */
	unsigned int	 ping_interval;	/* idle seconds before PING */
	unsigned int	 ping_timeout;	/* seconds to answer it */
	unsigned int	 flood_limit;	/* lines per second, 0 = off */
	unsigned int	 flood_burst;	/* lines allowed at once */
	unsigned int	 sendq;		/* output bytes queued per client */
	unsigned int	 line_length;	/* input line bytes, tags excluded */
	unsigned int	 monitor_max;	/* MONITOR list size, 0 = no MONITOR */

	/* Admin contact for ADMIN (256-259). */
	char		*admin_name;
	char		*admin_email;
	char		*admin_location;

	/* State: history, accounts, the generated TLS key. */
	char		*state_dir;	/* NULL until settings_finish() */
	bool		 history;	/* store room messages */
	unsigned int	 history_max_age;	/* seconds, 0 = no limit */
	unsigned int	 history_max_lines;	/* per target, 0 = no limit */
	unsigned int	 history_sync_ms;	/* group commit interval */

	/* TLS: both NULL means a self-signed pair in state_dir. */
	char		*tls_cert;
	char		*tls_key;

	/* The HTTP file host. */
	uint64_t	 upload_max;	/* bytes per file */
	unsigned int	 files_max_age;	/* seconds, 0 = keep */
	bool		 upload_anonymous;
	uint64_t	 upload_quota_user;	/* bytes per uploader, 0 = none */
	uint64_t	 upload_quota_total;	/* bytes stored, 0 = none */
	char		*http_url;	/* public base URL, NULL: derived */

	char		*cluster;	/* redis://HOST:PORT[/DB] or NULL */
	char		*cluster_name;	/* mDNS TXT cluster=; from the URL */

	/* Accounts and operators. */
	unsigned int	 nick_grace;	/* seconds before a guest nick */
	bool		 sasl_plaintext; /* SASL PLAIN without TLS */
	char		*opers_file;	/* "NAME ARGON2-HASH" lines */

	char		**motd_lines;	/* built by settings_finish() */
	size_t		  motd_count;
};

void	settings_init(struct settings *);
void	settings_free(struct settings *);

/* Set key to value; -1 and *cause (caller frees) for a bad key or value. */
int	settings_set(struct settings *, const char *key, const char *value,
	    char **cause);

/* "KEY=VALUE" as given to --set. */
int	settings_set_arg(struct settings *, const char *arg, char **cause);

/* Read a file of "key = value" lines; *cause is "FILE:LINE: reason". */
int	settings_load(struct settings *, const char *path, char **cause);

/*
 * After all settings: load the MOTD and fill in the default state_dir
 * ($XDG_STATE_HOME/tui-chatd, else ~/.local/state/tui-chatd; the
 * directory is not created here). -1 and *cause when it fails.
 */
int	settings_finish(struct settings *, char **cause);

#endif
