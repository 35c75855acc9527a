/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* What every part of the daemon shares: the settings and start time. */
#ifndef DAEMON_H
#define DAEMON_H

#include <time.h>

#include "settings.h"

#define DAEMON_VERSION	"tui-chatd-" PACKAGE_VERSION

extern struct settings	cfg;
extern time_t		daemon_started;

/* Reload the settings (SIGHUP, REHASH); -1 and *cause (caller frees). */
typedef int	daemon_reload_fn(char **cause);
int		daemon_reload(char **cause);
/* Also run fn on every reload (certificates, operator list). */
void		daemon_on_reload(daemon_reload_fn *fn);

#endif
