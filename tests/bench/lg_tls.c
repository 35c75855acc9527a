/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* loadgen: TLS on a connection's non-blocking socket, OpenSSL used
 * directly (no verification: the figures are the server's cost). */

#include <errno.h>
#include <stdio.h>

#include <event2/event.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "lg.h"

static SSL_CTX	*lg_tls_ctx;

/* One client context for every connection. */
void
lg_tls_init(void)
{
	if ((lg_tls_ctx = SSL_CTX_new(TLS_client_method())) == NULL) {
		fprintf(stderr, "loadgen: SSL_CTX_new failed\n");
		exit(1);
	}
	SSL_CTX_set_min_proto_version(lg_tls_ctx, TLS1_2_VERSION);
	SSL_CTX_set_verify(lg_tls_ctx, SSL_VERIFY_NONE, NULL);
	SSL_CTX_set_mode(lg_tls_ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
	    SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
}

/* Release the context. */
void
lg_tls_free(void)
{
	SSL_CTX_free(lg_tls_ctx);
}

/* Map an OpenSSL result: want read/write is EAGAIN (and the write event
 * is armed for a want-write), anything else an error. */
static int
lg_tls_result(struct lg_conn *c, int r)
{
	switch (SSL_get_error(c->ssl, r)) {
	case SSL_ERROR_WANT_WRITE:
		event_add(c->ev_w, NULL);
		/* FALLTHROUGH */
	case SSL_ERROR_WANT_READ:
		errno = EAGAIN;
		return (-1);
	case SSL_ERROR_ZERO_RETURN:
		return (0);
	default:
		ERR_clear_error();
		errno = EPROTO;
		return (-1);
	}
}

/* Drive the handshake: 1 done, 0 waiting (events armed), -1 failed. */
int
lg_tls_handshake(struct lg_conn *c)
{
	int	r;

	if (c->ssl == NULL) {
		if ((c->ssl = SSL_new(lg_tls_ctx)) == NULL ||
		    SSL_set_fd(c->ssl, c->fd) != 1)
			return (-1);
		SSL_set_connect_state(c->ssl);
	}
	if ((r = SSL_do_handshake(c->ssl)) == 1)
		return (1);
	if (lg_tls_result(c, r) == -1 && errno == EAGAIN)
		return (0);
	return (-1);
}

/* read(2) over TLS. */
ssize_t
lg_tls_read(struct lg_conn *c, void *buf, size_t len)
{
	int	r;

	if ((r = SSL_read(c->ssl, buf, (int)len)) > 0)
		return (r);
	return (lg_tls_result(c, r));
}

/* write(2) over TLS. */
ssize_t
lg_tls_write(struct lg_conn *c, const void *buf, size_t len)
{
	int	r;

	if (len == 0)
		return (0);
	if ((r = SSL_write(c->ssl, buf, (int)len)) > 0)
		return (r);
	r = (int)lg_tls_result(c, r);
	return (r == 0 ? -1 : r);
}

/* Free the session (the socket is the caller's). */
void
lg_tls_close(struct lg_conn *c)
{
	SSL_free(c->ssl);
	c->ssl = NULL;
}
