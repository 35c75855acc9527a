/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Trust on first use for self-signed servers: a known_hosts file of
 * "HOST:PORT sha256:HEX" lines, like ssh's. */
#ifndef TLS_PIN_H
#define TLS_PIN_H

#include <stddef.h>

enum tls_pin_result {
	TLS_PIN_UNKNOWN,	/* no line for this server */
	TLS_PIN_MATCH,		/* its line has this fingerprint */
	TLS_PIN_CHANGED		/* its line has another: *line says which */
};

/* $XDG_DATA_HOME/tui-chat/known_hosts; the caller frees it. */
char			*tls_pin_path(void);

/*
 * Look server ("HOST:PORT") up in path; fp is lowercase hex. A missing
 * file knows nothing. On TLS_PIN_CHANGED, *line is the line number and
 * old (size bytes) the fingerprint it holds.
 */
enum tls_pin_result	 tls_pin_check(const char *path, const char *server,
			    const char *fp, int *line, char *old, size_t size);

/* Append "server sha256:fp" (directories made, mode 0600); -1 and errno. */
int			 tls_pin_add(const char *path, const char *server,
			    const char *fp);

#endif
