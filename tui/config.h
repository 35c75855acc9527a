/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The client's settings: defaults, then the XDG config file. */
#ifndef CONFIG_H
#define CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct config {
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
};

/* Fill in the defaults. */
void	config_defaults(struct config *);
/*
 * Read key = value lines from path (NULL: $XDG_CONFIG_HOME/tui-chat/config,
 * a missing default file is fine). An unknown key or a bad value gives -1
 * and *cause "FILE:LINE: ..." (the caller frees it).
 */
int	config_load(struct config *, const char *path, char **cause);
void	config_free(struct config *);
/* $XDG_STATE_HOME/tui-chat/NAME (created dirs); the caller frees it. */
char	*config_state_path(const char *name);
void	config_add_join(struct config *, const char *room);

#endif
