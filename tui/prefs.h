/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The client's settings: defaults, then the XDG config file. */
#ifndef PREFS_H
#define PREFS_H

#include <stdbool.h>
#include <stddef.h>

struct prefs {
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

#endif
