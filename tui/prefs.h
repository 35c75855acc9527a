/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The client's settings: defaults, then the XDG config file. */
#ifndef PREFS_H
#define PREFS_H

#include <stdbool.h>
#include <stddef.h>

struct prefs {
	char	*path;			/* the config file (/set writes it) */
	char	*nick;
	char	*user;
	char	*realname;
	char	*password;
	char	*server;		/* HOST[:PORT] when none is named */
	char	**join;			/* rooms to join */
	size_t	 njoin;
	size_t	 scrollback;		/* lines per window */
	int	 ping_interval;		/* seconds */
	bool	 colours;		/* nick colours and mIRC colours */
	int	 colour_mention;	/* mIRC palette 0-15 */
	int	 colour_status;		/* status line background, mIRC 0-15 */
	char	*time_format;		/* strftime, for timestamps */
	bool	 sasl;			/* log in with SASL */
	char	*sasl_account;		/* NULL: the nick */
	char	*sasl_mechanism;	/* PLAIN (default) or EXTERNAL */
	char	*sasl_password_file;	/* PLAIN's password; else a prompt */
	bool	 nicklist;		/* the member pane beside rooms */
	int	 nicklist_width;	/* its columns */
	char	*highlight;		/* more words that mention us */
	char	*notify;		/* auto, osc777, osc9 or off */
	bool	 title;			/* mentions in the window title */
	bool	 hyperlinks;		/* URLs as OSC 8 links */
	bool	 log;			/* log rooms and queries */
	bool	 smart_filter;		/* hide joins etc. of the silent */
	int	 smart_filter_delay;	/* minutes a message counts */
	bool	 tls;			/* connect with TLS */
	char	*tls_cert;		/* client certificate (PEM) */
	char	*tls_key;		/* its key; NULL: in tls_cert */
};

/* Fill in the defaults. */
void	prefs_defaults(struct prefs *);
/*
 * Read key = value lines from path (NULL: $XDG_CONFIG_HOME/tui-chat/config,
 * a missing default file is fine). An unknown key or a bad value gives -1
 * and *cause "FILE:LINE: ..." (the caller frees it).
 */
int	prefs_load(struct prefs *, const char *path, char **cause);
void	prefs_free(struct prefs *);
/* $XDG_STATE_HOME/tui-chat/NAME (created dirs); the caller frees it. */
char	*prefs_state_path(const char *name);
/* $XDG_DATA_HOME/tui-chat/NAME (created dirs); the caller frees it. */
char	*prefs_data_path(const char *name);
void	prefs_add_join(struct prefs *, const char *room);

/* The i-th key in the table (sorted), NULL past the last. */
const char *prefs_key(size_t i);
/* key's value as the config file writes it; the caller frees it. NULL for
 * an unknown key. */
char	*prefs_get(const struct prefs *, const char *key);
/* Set key at run time (join replaces the list); -1 and *cause if the key
 * is unknown or the value bad. */
int	prefs_set_key(struct prefs *, const char *key, const char *value,
	    char **cause);
/* Write key = value into the config file (replacing the key's line, else
 * appending), atomically; -1 and *cause on failure. */
int	prefs_save(const struct prefs *, const char *key, const char *value,
	    char **cause);

#endif
