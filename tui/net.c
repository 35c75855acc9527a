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

static struct event_base	*net_base;
static struct evdns_base	*net_dns;
static const struct net_events	*net_events;
static struct bufferevent	*net_bev;
static struct irc_frame		 net_frame;
static bool			 net_up;
static bool			 net_closing;
static SSL_CTX			*net_ssl_ctx;	/* NULL: plain */
static bool			 net_insecure;
static char			*net_pin;	/* from mDNS, hex */
static char			*net_cert;	/* client certificate file */
static char			*net_key;
static char			 net_server[300];	/* HOST:PORT */
static const char		*net_label;	/* "TLS", ... */

static void	net_read_cb(struct bufferevent *, void *);
static void	net_write_cb(struct bufferevent *, void *);
static void	net_event_cb(struct bufferevent *, short, void *);
static void	net_lost(const char *);
static struct bufferevent *net_bev_new(const char *);
static int	net_trust(struct bufferevent *, char *, size_t);
static int	net_trust_pin(const char *, char *, size_t);
static void	net_tls_note(const char *, bool);
static void	net_shutdown(struct bufferevent *);

void
net_init(struct event_base *base, struct evdns_base *dns,
    const struct net_events *events)
{
	net_base = base;
	net_dns = dns;
	net_events = events;
}

void
net_free(void)
{
	net_close();
	SSL_CTX_free(net_ssl_ctx);
	net_ssl_ctx = NULL;
	free(net_pin);
	free(net_cert);
	free(net_key);
	net_pin = net_cert = net_key = NULL;
}

/* Accept any server certificate during the handshake: net_trust()
 * decides once it is done, with the verification result in hand. */
static int
net_verify_cb(int ok, X509_STORE_CTX *store)
{
	return (1);
}

int
net_set_tls(const struct net_tls *t, char **cause)
{
	SSL_CTX		*ctx;
	unsigned long	 e;
	char		 why[256], *cert, *key;

	SSL_CTX_free(net_ssl_ctx);
	net_ssl_ctx = NULL;
	free(net_pin);
	net_pin = t->pin != NULL ? xstrdup(t->pin) : NULL;
	net_insecure = t->insecure;
	cert = t->cert != NULL ? xstrdup(t->cert) : NULL;	/* t may be ours */
	key = t->key != NULL ? xstrdup(t->key) : NULL;
	free(net_cert);
	free(net_key);
	net_cert = cert;
	net_key = key;
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
	net_ssl_ctx = ctx;
	return (0);
}

void
net_use_tls(const char *pin)
{
	struct net_tls	 t;
	char		*cause = NULL;

	memset(&t, 0, sizeof t);
	t.on = true;
	t.insecure = net_insecure;
	t.cert = net_cert;
	t.key = net_key;
	t.pin = pin;
	if (net_set_tls(&t, &cause) != 0) {
		log_warnx("%s", cause);
		free(cause);
	}
}

const char *
net_tls_label(void)
{
	return (net_up ? net_label : NULL);
}

/* A plain bufferevent, or a TLS one that will verify the name host. */
static struct bufferevent *
net_bev_new(const char *host)
{
	struct bufferevent	*bev;
	struct in6_addr		 a;
	SSL			*ssl;
	int			 opts = BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS;

	if (net_ssl_ctx == NULL)
		return (bufferevent_socket_new(net_base, -1, opts));
	if ((ssl = SSL_new(net_ssl_ctx)) == NULL)
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
net_connect(const char *host, int port)
{
	net_close();
	irc_frame_init(&net_frame);
	snprintf(net_server, sizeof net_server, "%s%s%s:%d",
	    strchr(host, ':') != NULL ? "[" : "", host,
	    strchr(host, ':') != NULL ? "]" : "", port);
	net_bev = net_bev_new(host);
	if (net_bev == NULL) {
		net_events->closed("cannot create a socket", true);
		return;
	}
	bufferevent_setcb(net_bev, net_read_cb, net_write_cb, net_event_cb,
	    NULL);
	/* Reading bounded: at most a few frames are buffered from the kernel. */
	bufferevent_setwatermark(net_bev, EV_READ, 0, 4 * IRC_FRAME_MAX);
	if (bufferevent_enable(net_bev, EV_READ | EV_WRITE) == -1 ||
	    bufferevent_socket_connect_hostname(net_bev, net_dns, AF_UNSPEC,
	    host, port) == -1) {
		net_lost("cannot start connecting");
		return;
	}
}

/* A connection made elsewhere: from now on as if net_connect made it. */
void
net_adopt(struct bufferevent *bev)
{
	net_close();
	irc_frame_init(&net_frame);
	net_bev = bev;
	bufferevent_setcb(net_bev, net_read_cb, net_write_cb, net_event_cb,
	    NULL);
	if (bufferevent_enable(net_bev, EV_READ | EV_WRITE) == -1)
		fatalx("bufferevent_enable failed");
	net_up = true;
	net_events->connected();
}

void
net_close(void)
{
	if (net_bev != NULL)
		bufferevent_free(net_bev);
	net_bev = NULL;
	net_up = net_closing = false;
	net_label = NULL;
}

void
net_close_flush(void)
{
	if (net_bev == NULL)
		return;
	net_closing = true;
	if (evbuffer_get_length(bufferevent_get_output(net_bev)) == 0)
		net_shutdown(net_bev);
}

/* Half-close after the last bytes (close_notify first over TLS). */
static void
net_shutdown(struct bufferevent *bev)
{
	SSL	*ssl;

	if (net_ssl_ctx != NULL &&
	    (ssl = bufferevent_openssl_get_ssl(bev)) != NULL &&
	    SSL_is_init_finished(ssl)) {
		(void)SSL_shutdown(ssl);
		ERR_clear_error();
	}
	shutdown(bufferevent_getfd(bev), SHUT_WR);
}

bool
net_connected(void)
{
	return (net_up);
}

int
net_send(const char *line, size_t len)
{
	if (!net_up || net_closing)
		return (-1);
	/* Secrets never reach the debug log. */
	if (strncasecmp(line, "AUTHENTICATE ", 13) == 0 ||
	    strncasecmp(line, "PASS ", 5) == 0 ||
	    strncasecmp(line, "OPER ", 5) == 0 ||
	    strncasecmp(line, "REGISTER ", 9) == 0)
		log_debug("> %.*s (the rest hidden)", (int)strcspn(line, " "),
		    line);
	else
		log_debug("> %.*s", (int)(len > 2 ? len - 2 : len), line);
	return (bufferevent_write(net_bev, line, len));
}

/* The connection is gone: free it, then tell the session why. */
static void
net_lost(const char *why)
{
	net_close();
	net_events->closed(why, true);
}

/* Hand complete lines to the session; yield after a batch. */
static void
net_read_cb(struct bufferevent *bev, void *arg)
{
	char			line[IRC_FRAME_MAX + 1];
	size_t			len;
	int			i;
	enum irc_frame_result	r;

	for (i = 0; i < NET_LINES_PER_TURN; i++) {
		r = irc_frame_next(&net_frame, bufferevent_get_input(bev),
		    line, IRC_FRAME_MAX, &len);
		if (r == IRC_FRAME_AGAIN)
			return;
		if (r == IRC_FRAME_TOO_LONG) {
			/* Dropped; the next one may be fine. */
			net_events->unreadable("line too long");
			continue;
		}
		net_events->line(line, len);
		if (net_bev != bev)
			return;	/* the session closed or reconnected */
	}
	bufferevent_trigger(bev, EV_READ, BEV_TRIG_DEFER_CALLBACKS);
}

/* Everything written: finish a graceful close. */
static void
net_write_cb(struct bufferevent *bev, void *arg)
{
	if (net_closing)
		net_shutdown(bev);
}

static void
net_event_cb(struct bufferevent *bev, short what, void *arg)
{
	char		 why[1024], ossl[256];
	unsigned long	 e;
	int		 err;

	if (what & BEV_EVENT_CONNECTED) {
		if (net_ssl_ctx != NULL && net_trust(bev, why, sizeof why) != 0) {
			net_lost(why);
			return;
		}
		net_up = true;
		net_events->connected();
		return;
	}
	if (what & BEV_EVENT_EOF) {
		/* Lines still buffered (a final ERROR) come first. */
		net_read_cb(bev, arg);
		if (net_bev != bev)
			return;
		net_lost("connection closed by the server");
		return;
	}
	if (what & BEV_EVENT_ERROR) {
		err = bufferevent_socket_get_dns_error(bev);
		if (err != 0)
			snprintf(why, sizeof why, "cannot resolve: %s",
			    evutil_gai_strerror(err));
		else if (net_ssl_ctx != NULL &&
		    (e = bufferevent_get_openssl_error(bev)) != 0) {
			ERR_error_string_n(e, ossl, sizeof ossl);
			snprintf(why, sizeof why, "TLS handshake failed: %s",
			    ossl);
		} else
			snprintf(why, sizeof why, "%s", evutil_socket_error_to_string(
			    EVUTIL_SOCKET_ERROR()));
		net_lost(why);
	}
}

/* Tell the session how the server came to be trusted. */
static void
net_tls_note(const char *text, bool insecure)
{
	log_debug("%s", text);
	if (net_events->tls != NULL)
		net_events->tls(text, insecure);
}

/*
 * The handshake is done: trust a certificate the system CAs vouch for
 * (name included), or one pinned for this server; pin an unknown one (the
 * LAN's announced fingerprint, if any, must match). -1 and why: refuse.
 */
static int
net_trust(struct bufferevent *bev, char *why, size_t size)
{
	SSL		*ssl = bufferevent_openssl_get_ssl(bev);
	X509		*x;
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 n, i;
	char		 fp[2 * EVP_MAX_MD_SIZE + 1], text[512];

	if (net_insecure) {
		net_label = "TLS insecure";
		net_tls_note("TLS without verification (--insecure): the "
		    "server is not authenticated", true);
		return (0);
	}
	if (ssl == NULL || (x = SSL_get0_peer_certificate(ssl)) == NULL) {
		snprintf(why, size, "the server showed no TLS certificate");
		return (-1);
	}
	if (X509_digest(x, EVP_sha256(), md, &n) != 1) {
		snprintf(why, size, "cannot hash the server's certificate");
		return (-1);
	}
	for (i = 0; i < n; i++)
		snprintf(fp + 2 * i, 3, "%02x", md[i]);
	net_label = "TLS";
	if (SSL_get_verify_result(ssl) == X509_V_OK) {
		snprintf(text, sizeof text, "TLS: %s has a certificate "
		    "verified by the system's CAs (sha256:%s)", net_server, fp);
		net_tls_note(text, false);
		return (0);
	}
	return (net_trust_pin(fp, why, size));
}

/* Trust on first use: known_hosts has the last word, then the LAN's. */
static int
net_trust_pin(const char *fp, char *why, size_t size)
{
	char	*path = tls_pin_path(), old[256], text[1024];
	int	 line = 0, rc = 0;

	switch (tls_pin_check(path, net_server, fp, &line, old, sizeof old)) {
	case TLS_PIN_MATCH:
		snprintf(text, sizeof text, "TLS: %s certificate sha256:%s "
		    "matches the one pinned in %s", net_server, fp, path);
		net_tls_note(text, false);
		break;
	case TLS_PIN_CHANGED:
		snprintf(why, size, "TLS certificate of %s has CHANGED: it is "
		    "sha256:%s, but %s line %d pins sha256:%s. Someone may be "
		    "intercepting the connection; if the server really has a "
		    "new certificate, delete line %d of %s", net_server, fp,
		    path, line, old, line, path);
		rc = -1;
		break;
	case TLS_PIN_UNKNOWN:
		if (net_pin != NULL && strcasecmp(net_pin, fp) != 0) {
			snprintf(why, size, "TLS certificate of %s is sha256:%s "
			    "but the LAN announced sha256:%s: refusing",
			    net_server, fp, net_pin);
			rc = -1;
			break;
		}
		if (tls_pin_add(path, net_server, fp) != 0)
			log_warn("%s", path);
		snprintf(text, sizeof text, "TLS: %s has a self-signed "
		    "certificate sha256:%s%s; pinned in %s (trusted on first "
		    "use)", net_server, fp, net_pin != NULL ? ", as announced "
		    "on the LAN" : "", path);
		net_tls_note(text, false);
		break;
	}
	free(path);
	return (rc);
}
