/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Log lines to stderr: "tui-chatd: message". Fatal errors exit 1. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

static const char	*log_name = "tui-chat";
static int		 log_verbosity;
static bool		 log_quiet;

static void	log_vwrite(const char *, va_list, int) PRINTFLIKE(1, 0);

/* Set the name that prefixes every line and how chatty debug output is. */
void
log_init(const char *progname, int verbosity)
{
	log_name = progname;
	log_verbosity = verbosity;
}

/* Suppress everything but fatal errors (the screen owns the terminal). */
void
log_set_quiet(bool quiet)
{
	log_quiet = quiet;
}

/* Whether debug lines are written: a caller can skip preparing them. */
bool
log_debugging(void)
{
	return (!log_quiet && log_verbosity >= 1);
}

/* Write one line; errnum, if not 0, adds its description. */
static void
log_vwrite(const char *fmt, va_list ap, int errnum)
{
	char	buf[1024];

	vsnprintf(buf, sizeof buf, fmt, ap);
	if (errnum != 0)
		fprintf(stderr, "%s: %s: %s\n", log_name, buf,
		    strerror(errnum));
	else
		fprintf(stderr, "%s: %s\n", log_name, buf);
}

/* Log unless quiet (or, for debug, unless verbose enough). */
#define LOG_BODY(fmt, errnum, debug) do {				\
	va_list	ap;							\
	int	saved = errno;						\
									\
	if (log_quiet || ((debug) && log_verbosity < 1))		\
		return;							\
	va_start(ap, fmt);						\
	log_vwrite(fmt, ap, (errnum) ? saved : 0);			\
	va_end(ap);							\
	errno = saved;							\
} while (0)

/* Log an ordinary event. */
void
log_info(const char *fmt, ...)
{
	LOG_BODY(fmt, false, false);
}

/* Log detail that is only wanted with -v. */
void
log_debug(const char *fmt, ...)
{
	LOG_BODY(fmt, false, true);
}

/* Log a system error with errno's description. */
void
log_warn(const char *fmt, ...)
{
	LOG_BODY(fmt, true, false);
}

/* Log a problem that has no errno. */
void
log_warnx(const char *fmt, ...)
{
	LOG_BODY(fmt, false, false);
}

/* Log a system error and exit 1. */
void
fatal(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	log_vwrite(fmt, ap, saved);
	va_end(ap);
	exit(1);
}

/* Log an error and exit 1. */
void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(fmt, ap, 0);
	va_end(ap);
	exit(1);
}
