/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Socket side of the client: a bufferevent (OpenSSL's for TLS), IRC
 * framing into the session; TLS trust: the system CAs, else the pin. */

#include <sys/socket.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/dns.h>
#include <event2/event.h>
#include <event2/util.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "irc_frame.h"
#include "irc_msg.h"
#include "log.h"
#include "net.h"
#include "tls_pin.h"
#include "xmalloc.h"

#define NET_LINES_PER_TURN	64	/* then let keys and redraws in */

/* One server connection and how it uses TLS. */
struct net {
	const struct net_events	*events;
	void			*arg;
	struct bufferevent	*bev;
	struct irc_frame	 frame;
	bool			 up;
	bool			 closing;
	SSL_CTX			*ssl_ctx;	/* NULL: plain */
	bool			 insecure;
	char			*pin;		/* from mDNS, hex */
	char			*cert;		/* client certificate file */
	char			*key;
	char			 server[300];	/* HOST:PORT */
	const char		*label;		/* "TLS", ... */
};

static struct event_base	*net_base;
static struct evdns_base	*net_dns;

static void	net_read_cb(struct bufferevent *, void *);
static void	net_write_cb(struct bufferevent *, void *);
static void	net_event_cb(struct bufferevent *, short, void *);
static void	net_lost(struct net *, const char *);
static struct bufferevent *net_bev_new(struct net *, const char *);
static int	net_trust(struct net *, struct bufferevent *, char *,
		    size_t);
static int	net_trust_pin(struct net *, const char *, char *, size_t);
static void	net_tls_note(struct net *, const char *, bool);
static void	net_shutdown(struct net *, struct bufferevent *);
static void	net_log_sent(const char *, size_t);

void
net_init(struct event_base *base, struct evdns_base *dns)
{
	net_base = base;
	net_dns = dns;
}

/* A connection that reports to events with arg; not connected yet. */
struct net *
net_new(const struct net_events *events, void *arg)
{
	struct net	*n = xcalloc(1, sizeof *n);

	n->events = events;
	n->arg = arg;
	return (n);
}

void
net_free(struct net *n)
{
	if (n == NULL)
		return;
	net_close(n);
	SSL_CTX_free(n->ssl_ctx);
	n->ssl_ctx = NULL;
	free(n->pin);
	free(n->cert);
	free(n->key);
	free(n);
}

/* Accept any server certificate during the handshake: net_trust()
 * decides once it is done, with the verification result in hand. */
static int
net_verify_cb(int ok, X509_STORE_CTX *store)
{
	return (1);
}

int
net_set_tls(struct net *n, const struct net_tls *t, char **cause)
{
	SSL_CTX		*ctx;
	unsigned long	 e;
	char		 why[256], *cert, *key;

	SSL_CTX_free(n->ssl_ctx);
	n->ssl_ctx = NULL;
	free(n->pin);
	n->pin = t->pin != NULL ? xstrdup(t->pin) : NULL;
	n->insecure = t->insecure;
	cert = t->cert != NULL ? xstrdup(t->cert) : NULL;	/* t may be ours */
	key = t->key != NULL ? xstrdup(t->key) : NULL;
	free(n->cert);
	free(n->key);
	n->cert = cert;
	n->key = key;
	if (!t->on)
		return (0);
	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL)
		fatalx("SSL_CTX_new failed");
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	/* A server that closes without close_notify has closed (libevent
	 * 2.1 knows that only as OpenSSL 1.1 reported it). */
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION |
	    SSL_OP_IGNORE_UNEXPECTED_EOF);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, net_verify_cb);
	if (SSL_CTX_set_default_verify_paths(ctx) != 1)
		log_debug("no system CA certificates");
	if (t->cert != NULL && (SSL_CTX_use_certificate_chain_file(ctx,
	    t->cert) != 1 || SSL_CTX_use_PrivateKey_file(ctx, t->key != NULL ?
	    t->key : t->cert, SSL_FILETYPE_PEM) != 1)) {
		e = ERR_get_error();
		ERR_error_string_n(e, why, sizeof why);
		ERR_clear_error();
		xasprintf(cause, "client certificate %s: %s", t->cert,
		    ERR_GET_REASON(e) == ERR_R_SYS_LIB ? strerror(errno) : why);
		SSL_CTX_free(ctx);
		return (-1);
	}
	n->ssl_ctx = ctx;
	return (0);
}

void
net_use_tls(struct net *n, const char *pin)
{
	struct net_tls	 t;
	char		*cause = NULL;

	memset(&t, 0, sizeof t);
	t.on = true;
	t.insecure = n->insecure;
	t.cert = n->cert;
	t.key = n->key;
	t.pin = pin;
	if (net_set_tls(n, &t, &cause) != 0) {
		log_warnx("%s", cause);
		free(cause);
	}
}

const char *
net_tls_label(const struct net *n)
{
	return (n->up ? n->label : NULL);
}

/* A plain bufferevent, or a TLS one that will verify the name host. */
static struct bufferevent *
net_bev_new(struct net *n, const char *host)
{
	struct bufferevent	*bev;
	struct in6_addr		 a;
	SSL			*ssl;
	int			 opts = BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS;

	if (n->ssl_ctx == NULL)
		return (bufferevent_socket_new(net_base, -1, opts));
	if ((ssl = SSL_new(n->ssl_ctx)) == NULL)
		return (NULL);
	if (inet_pton(AF_INET, host, &a) == 1 ||
	    inet_pton(AF_INET6, host, &a) == 1)
		X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host);
	else {
		SSL_set_tlsext_host_name(ssl, host);
		SSL_set1_host(ssl, host);
	}
	bev = bufferevent_openssl_socket_new(net_base, -1, ssl,
	    BUFFEREVENT_SSL_CONNECTING, opts);
	if (bev == NULL) {
		SSL_free(ssl);
		return (NULL);
	}
	bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
	return (bev);
}

void
net_connect(struct net *n, const char *host, int port)
{
	net_close(n);
	irc_frame_init(&n->frame);
	snprintf(n->server, sizeof n->server, "%s%s%s:%d",
	    strchr(host, ':') != NULL ? "[" : "", host,
	    strchr(host, ':') != NULL ? "]" : "", port);
	n->bev = net_bev_new(n, host);
	if (n->bev == NULL) {
		n->events->closed(n->arg, "cannot create a socket", true);
		return;
	}
	bufferevent_setcb(n->bev, net_read_cb, net_write_cb, net_event_cb,
	    n);
	/* Reading bounded: at most a few frames are buffered from the kernel. */
	bufferevent_setwatermark(n->bev, EV_READ, 0, 4 * IRC_FRAME_MAX);
	if (bufferevent_enable(n->bev, EV_READ | EV_WRITE) == -1 ||
	    bufferevent_socket_connect_hostname(n->bev, net_dns, AF_UNSPEC,
	    host, port) == -1) {
		net_lost(n, "cannot start connecting");
		return;
	}
}

/* A connection made elsewhere: from now on as if net_connect made it. */
void
net_adopt(struct net *n, struct bufferevent *bev)
{
	net_close(n);
	irc_frame_init(&n->frame);
	n->bev = bev;
	bufferevent_setcb(n->bev, net_read_cb, net_write_cb, net_event_cb, n);
	if (bufferevent_enable(n->bev, EV_READ | EV_WRITE) == -1)
		fatalx("bufferevent_enable failed");
	n->up = true;
	n->events->connected(n->arg);
}

void
net_close(struct net *n)
{
	if (n->bev != NULL)
		bufferevent_free(n->bev);
	n->bev = NULL;
	n->up = n->closing = false;
	n->label = NULL;
}

void
net_close_flush(struct net *n)
{
	if (n->bev == NULL)
		return;
	n->closing = true;
	if (evbuffer_get_length(bufferevent_get_output(n->bev)) == 0)
		net_shutdown(n, n->bev);
}

/* Half-close after the last bytes (close_notify first over TLS). */
static void
net_shutdown(struct net *n, struct bufferevent *bev)
{
	SSL	*ssl;

	if (n->ssl_ctx != NULL &&
	    (ssl = bufferevent_openssl_get_ssl(bev)) != NULL &&
	    SSL_is_init_finished(ssl)) {
		(void)SSL_shutdown(ssl);
		ERR_clear_error();
	}
	shutdown(bufferevent_getfd(bev), SHUT_WR);
}

bool
net_connected(const struct net *n)
{
	return (n->up);
}

int
net_send(struct net *n, const char *line, size_t len)
{
	if (!n->up || n->closing)
		return (-1);
	net_log_sent(line, len);
	return (bufferevent_write(n->bev, line, len));
}

/* A line sent, in the debug log if there is one (only then is it looked
 * at: every line sent went through the four comparisons). Secrets never
 * reach the log. */
static void
net_log_sent(const char *line, size_t len)
{
	if (!log_debugging())
		return;
	if (strncasecmp(line, "AUTHENTICATE ", 13) == 0 ||
	    strncasecmp(line, "PASS ", 5) == 0 ||
	    strncasecmp(line, "OPER ", 5) == 0 ||
	    strncasecmp(line, "REGISTER ", 9) == 0)
		log_debug("> %.*s (the rest hidden)", (int)strcspn(line, " "),
		    line);
	else
		log_debug("> %.*s", (int)(len > 2 ? len - 2 : len), line);
}

/* The connection is gone: free it, then tell the session why. */
static void
net_lost(struct net *n, const char *why)
{
	net_close(n);
	n->events->closed(n->arg, why, true);
}

/* Hand complete lines to the session; yield after a batch. */
static void
net_read_cb(struct bufferevent *bev, void *arg)
{
	struct net		*n = arg;
	char			line[IRC_FRAME_MAX + 1];
	size_t			len;
	int			i;
	enum irc_frame_result	r;

	for (i = 0; i < NET_LINES_PER_TURN; i++) {
		r = irc_frame_next(&n->frame, bufferevent_get_input(bev),
		    line, IRC_FRAME_MAX, &len);
		if (r == IRC_FRAME_AGAIN)
			return;
		if (r == IRC_FRAME_TOO_LONG) {
			/* Dropped; the next one may be fine. */
			n->events->unreadable(n->arg, "line too long");
			continue;
		}
		n->events->line(n->arg, line, len);
		if (n->bev != bev)
			return;	/* the session closed or reconnected */
	}
	bufferevent_trigger(bev, EV_READ, BEV_TRIG_DEFER_CALLBACKS);
}

/* Everything written: finish a graceful close. */
static void
net_write_cb(struct bufferevent *bev, void *arg)
{
	struct net	*n = arg;

	if (n->closing)
		net_shutdown(n, bev);
}

static void
net_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct net	*n = arg;
	char		 why[1024], ossl[256];
	unsigned long	 e;
	int		 err;

	if (what & BEV_EVENT_CONNECTED) {
		if (n->ssl_ctx != NULL &&
		    net_trust(n, bev, why, sizeof why) != 0) {
			net_lost(n, why);
			return;
		}
		n->up = true;
		n->events->connected(n->arg);
		return;
	}
	if (what & BEV_EVENT_EOF) {
		/* Lines still buffered (a final ERROR) come first. */
		net_read_cb(bev, arg);
		if (n->bev != bev)
			return;
		net_lost(n, "connection closed by the server");
		return;
	}
	if (what & BEV_EVENT_ERROR) {
		err = bufferevent_socket_get_dns_error(bev);
		if (err != 0)
			snprintf(why, sizeof why, "cannot resolve: %s",
			    evutil_gai_strerror(err));
		else if (n->ssl_ctx != NULL &&
		    (e = bufferevent_get_openssl_error(bev)) != 0) {
			ERR_error_string_n(e, ossl, sizeof ossl);
			snprintf(why, sizeof why, "TLS handshake failed: %s",
			    ossl);
		} else
			snprintf(why, sizeof why, "%s", evutil_socket_error_to_string(
			    EVUTIL_SOCKET_ERROR()));
		net_lost(n, why);
	}
}

/* Tell the session how the server came to be trusted. */
static void
net_tls_note(struct net *n, const char *text, bool insecure)
{
	log_debug("%s", text);
	if (n->events->tls != NULL)
		n->events->tls(n->arg, text, insecure);
}

/*
 * The handshake is done: trust a certificate the system CAs vouch for
 * (name included), or one pinned for this server; pin an unknown one (the
 * LAN's announced fingerprint, if any, must match). -1 and why: refuse.
 */
static int
net_trust(struct net *n, struct bufferevent *bev, char *why,
    size_t size)
{
	SSL		*ssl = bufferevent_openssl_get_ssl(bev);
	X509		*x;
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 len, i;
	char		 fp[2 * EVP_MAX_MD_SIZE + 1], text[512];

	if (n->insecure) {
		n->label = "TLS insecure";
		net_tls_note(n, "TLS without verification (--insecure): the "
		    "server is not authenticated", true);
		return (0);
	}
	if (ssl == NULL || (x = SSL_get0_peer_certificate(ssl)) == NULL) {
		snprintf(why, size, "the server showed no TLS certificate");
		return (-1);
	}
	if (X509_digest(x, EVP_sha256(), md, &len) != 1) {
		snprintf(why, size, "cannot hash the server's certificate");
		return (-1);
	}
	for (i = 0; i < len; i++)
		snprintf(fp + 2 * i, 3, "%02x", md[i]);
	n->label = "TLS";
	if (SSL_get_verify_result(ssl) == X509_V_OK) {
		snprintf(text, sizeof text, "TLS: %s has a certificate "
		    "verified by the system's CAs (sha256:%s)", n->server, fp);
		net_tls_note(n, text, false);
		return (0);
	}
	return (net_trust_pin(n, fp, why, size));
}

/* Trust on first use: known_hosts has the last word, then the LAN's. */
static int
net_trust_pin(struct net *n, const char *fp, char *why, size_t size)
{
	char	*path = tls_pin_path(), old[256], text[1024];
	int	 line = 0, rc = 0;

	switch (tls_pin_check(path, n->server, fp, &line, old, sizeof old)) {
	case TLS_PIN_MATCH:
		snprintf(text, sizeof text, "TLS: %s certificate sha256:%s "
		    "matches the one pinned in %s", n->server, fp, path);
		net_tls_note(n, text, false);
		break;
	case TLS_PIN_CHANGED:
		snprintf(why, size, "TLS certificate of %s has CHANGED: it is "
		    "sha256:%s, but %s line %d pins sha256:%s. Someone may be "
		    "intercepting the connection; if the server really has a "
		    "new certificate, delete line %d of %s", n->server, fp,
		    path, line, old, line, path);
		rc = -1;
		break;
	case TLS_PIN_UNKNOWN:
		if (n->pin != NULL && strcasecmp(n->pin, fp) != 0) {
			snprintf(why, size, "TLS certificate of %s is sha256:%s "
			    "but the LAN announced sha256:%s: refusing",
			    n->server, fp, n->pin);
			rc = -1;
			break;
		}
		if (tls_pin_add(path, n->server, fp) != 0)
			log_warn("%s", path);
		snprintf(text, sizeof text, "TLS: %s has a self-signed "
		    "certificate sha256:%s%s; pinned in %s (trusted on first "
		    "use)", n->server, fp, n->pin != NULL ? ", as announced "
		    "on the LAN" : "", path);
		net_tls_note(n, text, false);
		break;
	}
	free(path);
	return (rc);
}
