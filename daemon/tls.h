/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The daemon's TLS: the certificate (given or made on first start), the
 * server context, reloads, and OpenSSL bufferevents for accepted sockets. */
#ifndef TLS_H
#define TLS_H

#include <stdbool.h>
#include <stddef.h>

struct event_base;
struct bufferevent;

#define TLS_FP_LEN	64	/* SHA-256 as lowercase hex */

/*
 * Load tls_cert/tls_key, or the pair in state_dir (made when missing);
 * -1 and *cause (caller frees).
 */
int		 tls_init(struct event_base *, char **cause);
/* The same again for new clients (a daemon_reload hook); on error the
 * certificate in use stays. */
int		 tls_reload(char **cause);
void		 tls_free(void);
bool		 tls_enabled(void);

/* The server certificate's SHA-256, lowercase hex. */
const char	*tls_fingerprint(void);

/* A server-side OpenSSL bufferevent on fd (closed with it), handshaking;
 * NULL (fd still open) when none can be made. */
struct bufferevent *tls_accept(int fd);

/* The client certificate's SHA-256 as lowercase hex, NULL: none. The
 * caller frees it. */
char		*tls_peer_fp(struct bufferevent *);

/* Why the session failed, as one short line, into buf. */
void		 tls_error(struct bufferevent *, char *buf, size_t size);

/* Write what is left now, without waiting, say close_notify, and free bev
 * (and its socket). */
void		 tls_close_now(struct bufferevent *, const void *, size_t);

/* Whether the handshake is done (so bytes can be written). */
bool		 tls_ready(struct bufferevent *);

/* Say close_notify (best effort, no wait). */
void		 tls_notify(struct bufferevent *);

#endif
