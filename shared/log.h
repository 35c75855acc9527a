/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Logging to stderr with the program's name, and fatal exits. */
#ifndef LOG_H
#define LOG_H

#include <stdarg.h>
#include <stdbool.h>

#include "compat.h"

void	log_init(const char *progname, int verbosity);
void	log_set_quiet(bool);	/* the screen client owns stderr's terminal */
void	log_info(const char *, ...) PRINTFLIKE(1, 2);
void	log_debug(const char *, ...) PRINTFLIKE(1, 2);
bool	log_debugging(void);	/* whether log_debug writes anything */
void	log_warn(const char *, ...) PRINTFLIKE(1, 2);	/* appends strerror */
void	log_warnx(const char *, ...) PRINTFLIKE(1, 2);
__dead void fatal(const char *, ...) PRINTFLIKE(1, 2);	/* appends strerror */
__dead void fatalx(const char *, ...) PRINTFLIKE(1, 2);

#endif
