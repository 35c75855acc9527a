/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* TLS for the daemon: the server context (TLS 1.2 and later, no
 * renegotiation, any client certificate welcome for its fingerprint),
 * the certificate given in the settings or a self-signed P-256 pair made
 * in state_dir on first start, reloaded on SIGHUP; and the OpenSSL
 * bufferevent that carries one accepted client. */

#include <sys/types.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "xmalloc.h"
#include "log.h"
#include "daemon.h"
#include "tls.h"

#define TLS_CERT_FILE	"tls-cert.pem"	/* made in state_dir */
#define TLS_KEY_FILE	"tls-key.pem"
#define TLS_LOCK_FILE	"tls.lock"
#define TLS_DAYS	3650		/* a self-signed pair lasts ten years */

static struct event_base	*tls_base;
static SSL_CTX			*tls_ctx;
static char			 tls_fp[TLS_FP_LEN + 1];

static int	tls_load(char **);
static int	tls_paths(char **, char **, char **);
static int	tls_ctx_new(const char *, const char *, SSL_CTX **, char **);
static int	tls_readable(const char *, const char *, char **);
static int	tls_make(const char *, const char *, const char *, char **);
static int	tls_generate(const char *, const char *, char **);
static X509	*tls_self_signed(EVP_PKEY *);
static int	tls_write_pem(const char *, mode_t, EVP_PKEY *, X509 *);
static int	tls_mkdirs(const char *, char **);
static int	tls_verify_cb(int, X509_STORE_CTX *);
static void	tls_hex(const unsigned char *, size_t, char *);
static void	tls_ossl_error(char *, size_t);

/* The first queued OpenSSL error as text (empty queue: "unknown"). */
static void
tls_ossl_error(char *buf, size_t size)
{
	unsigned long	e = ERR_get_error();

	if (e == 0)
		strlcpy(buf, "unknown error", size);
	else
		ERR_error_string_n(e, buf, size);
	ERR_clear_error();
}

/* Bytes as lowercase hex into out (2n + 1 bytes). */
static void
tls_hex(const unsigned char *p, size_t n, char *out)
{
	static const char	digits[] = "0123456789abcdef";
	size_t			i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0xf];
	}
	out[2 * n] = '\0';
}

/* SHA-256 of a certificate's DER form as hex; -1 on failure. */
static int
tls_x509_fp(X509 *x, char *out)
{
	unsigned char	md[EVP_MAX_MD_SIZE];
	unsigned int	n;

	if (X509_digest(x, EVP_sha256(), md, &n) != 1 || n != 32)
		return (-1);
	tls_hex(md, n, out);
	return (0);
}

/* Load the certificate and key; on later calls replace the context. */
int
tls_init(struct event_base *base, char **cause)
{
	tls_base = base;
	return (tls_load(cause));
}

/* Whether TLS is set up. */
bool
tls_enabled(void)
{
	return (tls_ctx != NULL);
}

/* Free the context (sessions still open keep their own reference). */
void
tls_free(void)
{
	SSL_CTX_free(tls_ctx);
	tls_ctx = NULL;
}

/* The server certificate's fingerprint. */
const char *
tls_fingerprint(void)
{
	return (tls_fp);
}

/* SIGHUP: a new context for new clients; the old one, while bad, stays. */
int
tls_reload(char **cause)
{
	char	old[TLS_FP_LEN + 1];

	if (tls_ctx == NULL)
		return (0);
	strlcpy(old, tls_fp, sizeof old);
	if (tls_load(cause) != 0)
		return (-1);
	if (strcmp(old, tls_fp) != 0)
		log_info("TLS certificate reloaded: sha256:%s", tls_fp);
	return (0);
}

/* Build a context from the configured or generated pair and install it. */
static int
tls_load(char **cause)
{
	SSL_CTX	*ctx = NULL;
	char	*cert = NULL, *key = NULL, *made = NULL;
	int	 rc = -1;

	if (tls_paths(&cert, &key, &made) != 0) {
		*cause = xstrdup("tls_key is set but tls_cert is not");
		return (-1);
	}
	if (made != NULL && tls_make(made, cert, key, cause) != 0)
		goto out;
	if (tls_ctx_new(cert, key, &ctx, cause) != 0)
		goto out;
	SSL_CTX_free(tls_ctx);
	tls_ctx = ctx;
	rc = 0;
out:
	free(cert);
	free(key);
	free(made);
	return (rc);
}

/*
 * Which files: tls_cert (and tls_key, else the key in the same file), or
 * the pair in state_dir, which *made then names (to be made if missing).
 */
static int
tls_paths(char **cert, char **key, char **made)
{
	*made = NULL;
	if (cfg.tls_cert != NULL) {
		*cert = xstrdup(cfg.tls_cert);
		*key = xstrdup(cfg.tls_key != NULL ? cfg.tls_key :
		    cfg.tls_cert);
		return (0);
	}
	if (cfg.tls_key != NULL)
		return (-1);
	*made = xstrdup(cfg.state_dir);
	xasprintf(cert, "%s/%s", cfg.state_dir, TLS_CERT_FILE);
	xasprintf(key, "%s/%s", cfg.state_dir, TLS_KEY_FILE);
	return (0);
}

/* A file OpenSSL will read must open, or the error names it and errno. */
static int
tls_readable(const char *what, const char *path, char **cause)
{
	FILE	*f;

	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "cannot read %s %s: %s", what, path,
		    strerror(errno));
		return (-1);
	}
	fclose(f);
	return (0);
}

/* Accept any client certificate: only its fingerprint is used. */
static int
tls_verify_cb(int ok, X509_STORE_CTX *store)
{
	return (1);
}

/* A server context with cert and key; -1 and *cause. */
static int
tls_ctx_new(const char *cert, const char *key, SSL_CTX **out, char **cause)
{
	SSL_CTX	*ctx;
	X509	*x;
	char	 why[256], fp[TLS_FP_LEN + 1];

	if (tls_readable("tls_cert", cert, cause) != 0 ||
	    tls_readable("tls_key", key, cause) != 0)
		return (-1);
	if ((ctx = SSL_CTX_new(TLS_server_method())) == NULL)
		fatalx("SSL_CTX_new failed");
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	/* A peer that closes without close_notify has just left: libevent
	 * 2.1 knows that only as OpenSSL 1.1 reported it. */
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION |
	    SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_IGNORE_UNEXPECTED_EOF);
	/* Idle clients are many: no read or write buffer while idle, and no
	 * session kept per client in a server-side cache (resumption uses
	 * stateless tickets). */
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, tls_verify_cb);
	if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
		tls_ossl_error(why, sizeof why);
		xasprintf(cause, "tls_cert %s: %s", cert, why);
		goto fail;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1) {
		tls_ossl_error(why, sizeof why);
		xasprintf(cause, "tls_key %s: %s", key, why);
		goto fail;
	}
	if ((x = SSL_CTX_get0_certificate(ctx)) == NULL ||
	    tls_x509_fp(x, fp) != 0) {
		xasprintf(cause, "tls_cert %s: no fingerprint", cert);
		goto fail;
	}
	strlcpy(tls_fp, fp, sizeof tls_fp);
	*out = ctx;
	return (0);
fail:
	SSL_CTX_free(ctx);
	return (-1);
}

/* mkdir -p with mode 0700 for what we create. */
static int
tls_mkdirs(const char *dir, char **cause)
{
	char	*p, *s = xstrdup(dir);
	bool	 last;

	for (p = s + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		last = *p == '\0';
		*p = '\0';
		if (mkdir(s, 0700) != 0 && errno != EEXIST) {
			xasprintf(cause, "cannot create %s: %s", s,
			    strerror(errno));
			free(s);
			return (-1);
		}
		if (last)
			break;
		*p = '/';
	}
	free(s);
	return (0);
}

/*
 * The pair in state_dir: made once, under a lock so two daemons that
 * start together with the same state_dir do not both make one.
 */
static int
tls_make(const char *dir, const char *cert, const char *key, char **cause)
{
	char	*lock;
	int	 fd, rc = 0;

	if (tls_mkdirs(dir, cause) != 0)
		return (-1);
	xasprintf(&lock, "%s/%s", dir, TLS_LOCK_FILE);
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1 || flock(fd, LOCK_EX) != 0) {
		xasprintf(cause, "%s: %s", lock, strerror(errno));
		free(lock);
		if (fd != -1)
			close(fd);
		return (-1);
	}
	free(lock);
	if (access(cert, F_OK) != 0 || access(key, F_OK) != 0) {
		rc = tls_generate(cert, key, cause);
		if (rc == 0)
			log_info("made a self-signed TLS certificate: %s", cert);
	}
	close(fd);
	return (rc);
}

/* A P-256 key and a certificate for it; key file 0600, both replaced
 * whole (written aside, then renamed). */
static int
tls_generate(const char *cert, const char *key, char **cause)
{
	EVP_PKEY	*pk;
	X509		*x = NULL;
	char		*tk, *tc, why[256];
	int		 rc = -1;

	xasprintf(&tk, "%s.new", key);
	xasprintf(&tc, "%s.new", cert);
	if ((pk = EVP_EC_gen("P-256")) == NULL ||
	    (x = tls_self_signed(pk)) == NULL) {
		tls_ossl_error(why, sizeof why);
		xasprintf(cause, "cannot make a TLS certificate: %s", why);
		goto out;
	}
	if (tls_write_pem(tk, 0600, pk, NULL) != 0 ||
	    tls_write_pem(tc, 0644, NULL, x) != 0 ||
	    rename(tk, key) != 0 || rename(tc, cert) != 0) {
		xasprintf(cause, "cannot write %s: %s", key, strerror(errno));
		unlink(tk);
		unlink(tc);
		goto out;
	}
	rc = 0;
out:
	X509_free(x);
	EVP_PKEY_free(pk);
	free(tk);
	free(tc);
	return (rc);
}

/* A certificate for pk signed by itself: CN and SAN are the server name. */
static X509 *
tls_self_signed(EVP_PKEY *pk)
{
	X509		*x;
	X509_NAME	*name;
	X509_EXTENSION	*ext;
	X509V3_CTX	 v3;
	unsigned char	 serial[16];
	BIGNUM		*bn = NULL;
	char		*san;

	if ((x = X509_new()) == NULL || RAND_bytes(serial, sizeof serial) != 1)
		goto fail;
	serial[0] &= 0x7f;	/* positive */
	if ((bn = BN_bin2bn(serial, sizeof serial, NULL)) == NULL ||
	    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) == NULL)
		goto fail;
	X509_set_version(x, 2);
	if (X509_gmtime_adj(X509_getm_notBefore(x), -3600) == NULL ||
	    X509_time_adj_ex(X509_getm_notAfter(x), TLS_DAYS, 0, NULL) == NULL ||
	    X509_set_pubkey(x, pk) != 1)
		goto fail;
	name = X509_get_subject_name(x);
	if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
	    (const unsigned char *)cfg.name, -1, -1, 0) != 1 ||
	    X509_set_issuer_name(x, name) != 1)
		goto fail;
	X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
	xasprintf(&san, "DNS:%s,DNS:%s.local,DNS:localhost", cfg.name, cfg.name);
	ext = X509V3_EXT_conf_nid(NULL, &v3, NID_subject_alt_name, san);
	free(san);
	if (ext == NULL || X509_add_ext(x, ext, -1) != 1) {
		X509_EXTENSION_free(ext);
		goto fail;
	}
	X509_EXTENSION_free(ext);
	if (X509_sign(x, pk, EVP_sha256()) == 0)
		goto fail;
	BN_free(bn);
	return (x);
fail:
	BN_free(bn);
	X509_free(x);
	return (NULL);
}

/* Write a key or a certificate as PEM into a new file of mode mode. */
static int
tls_write_pem(const char *path, mode_t mode, EVP_PKEY *pk, X509 *x)
{
	FILE	*f;
	int	 fd, ok;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd == -1)
		return (-1);
	if ((f = fdopen(fd, "w")) == NULL) {
		close(fd);
		return (-1);
	}
	if (pk != NULL)
		ok = PEM_write_PrivateKey(f, pk, NULL, NULL, 0, NULL, NULL);
	else
		ok = PEM_write_X509(f, x);
	if (fclose(f) != 0 || ok != 1) {
		errno = errno != 0 ? errno : EIO;
		return (-1);
	}
	return (0);
}

/* A bufferevent that handshakes as the server on fd. */
struct bufferevent *
tls_accept(int fd)
{
	struct bufferevent	*bev;
	SSL			*ssl;

	if (tls_ctx == NULL || (ssl = SSL_new(tls_ctx)) == NULL)
		return (NULL);
	bev = bufferevent_openssl_socket_new(tls_base, fd, ssl,
	    BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
	if (bev == NULL) {
		SSL_free(ssl);
		return (NULL);
	}
	/* A client that just closes the socket has quit, not failed. */
	bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
	return (bev);
}

/* The client certificate's fingerprint, if it showed one. */
char *
tls_peer_fp(struct bufferevent *bev)
{
	SSL	*ssl = bufferevent_openssl_get_ssl(bev);
	X509	*x;
	char	 fp[TLS_FP_LEN + 1];
	int	 rc;

	if (ssl == NULL || (x = SSL_get1_peer_certificate(ssl)) == NULL)
		return (NULL);
	rc = tls_x509_fp(x, fp);
	X509_free(x);
	return (rc == 0 ? xstrdup(fp) : NULL);
}

/* The reason a session failed: OpenSSL's, else the socket's. */
void
tls_error(struct bufferevent *bev, char *buf, size_t size)
{
	unsigned long	e;
	char		why[200];

	if ((e = bufferevent_get_openssl_error(bev)) != 0) {
		ERR_error_string_n(e, why, sizeof why);
		while (bufferevent_get_openssl_error(bev) != 0)
			;
		snprintf(buf, size, "TLS error: %s", why);
	} else if (errno != 0)
		snprintf(buf, size, "Read error: %s", strerror(errno));
	else
		strlcpy(buf, "TLS error", size);
}

/* Whether the handshake finished. */
bool
tls_ready(struct bufferevent *bev)
{
	SSL	*ssl = bufferevent_openssl_get_ssl(bev);

	return (ssl != NULL && SSL_is_init_finished(ssl));
}

/* close_notify, when the handshake finished and nothing failed. */
void
tls_notify(struct bufferevent *bev)
{
	SSL	*ssl = bufferevent_openssl_get_ssl(bev);

	if (ssl != NULL && SSL_is_init_finished(ssl) &&
	    (SSL_get_shutdown(ssl) & SSL_SENT_SHUTDOWN) == 0)
		(void)SSL_shutdown(ssl);
	ERR_clear_error();
}

/* At shutdown: one write of the last words, close_notify, free. */
void
tls_close_now(struct bufferevent *bev, const void *buf, size_t len)
{
	SSL	*ssl = bufferevent_openssl_get_ssl(bev);

	if (ssl != NULL && len > 0 && SSL_is_init_finished(ssl) &&
	    evbuffer_get_length(bufferevent_get_output(bev)) == 0)
		(void)SSL_write(ssl, buf, (int)len);
	tls_notify(bev);
	bufferevent_free(bev);
}
