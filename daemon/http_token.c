/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* EXTJWT-style tokens: HS256 JWTs made and checked with OpenSSL's HMAC. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "compat.h"
#include "daemon.h"
#include "http_token.h"

#define HTTP_TOKEN_KEY	32

static unsigned char	http_token_key[HTTP_TOKEN_KEY];

/* {"alg":"HS256","typ":"JWT"} */
static const char	http_token_head[] = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

static int	http_token_b64(const unsigned char *, size_t, char *, size_t);
static int	http_token_unb64(const char *, size_t, char *, size_t);
static void	http_token_json(const char *, char *, size_t);
static int	http_token_field(const char *, const char *, char *, size_t);
static int	http_token_sign(const char *, size_t, char *, size_t);

void
http_token_init(void)
{
	arc4random_buf(http_token_key, sizeof http_token_key);
}

/* base64url without padding; -1 if it does not fit. */
static int
http_token_b64(const unsigned char *in, size_t len, char *out, size_t size)
{
	size_t	n, i;

	if (4 * ((len + 2) / 3) + 1 > size)
		return (-1);
	n = (size_t)EVP_EncodeBlock((unsigned char *)out, in, (int)len);
	while (n > 0 && out[n - 1] == '=')
		n--;
	out[n] = '\0';
	for (i = 0; i < n; i++) {
		if (out[i] == '+')
			out[i] = '-';
		else if (out[i] == '/')
			out[i] = '_';
	}
	return ((int)n);
}

/* Decode len base64url characters; the text, NUL-terminated, in out. */
static int
http_token_unb64(const char *in, size_t len, char *out, size_t size)
{
	char	buf[HTTP_TOKEN_MAX + 4];
	size_t	i, pad = (4 - len % 4) % 4;
	int	n;

	if (len + pad >= sizeof buf || 3 * (len + pad) / 4 + 1 > size ||
	    pad == 3)
		return (-1);
	for (i = 0; i < len; i++) {
		buf[i] = in[i] == '-' ? '+' : in[i] == '_' ? '/' : in[i];
		if (buf[i] == '+' && in[i] == '+')
			return (-1);
	}
	memset(buf + len, '=', pad);
	n = EVP_DecodeBlock((unsigned char *)out, (unsigned char *)buf,
	    (int)(len + pad));
	if (n < 0)
		return (-1);
	out[n - (int)pad] = '\0';
	return (0);
}

/* s as a JSON string body (quotes and backslashes escaped). */
static void
http_token_json(const char *s, char *out, size_t size)
{
	size_t	o = 0;

	for (; *s != '\0' && o + 3 < size; s++) {
		if (*s == '"' || *s == '\\')
			out[o++] = '\\';
		out[o++] = *s;
	}
	out[o] = '\0';
}

/* The signature of len bytes of text, base64url, into out. */
static int
http_token_sign(const char *text, size_t len, char *out, size_t size)
{
	unsigned char	mac[EVP_MAX_MD_SIZE];
	unsigned int	maclen = 0;

	if (HMAC(EVP_sha256(), http_token_key, sizeof http_token_key,
	    (const unsigned char *)text, len, mac, &maclen) == NULL)
		return (-1);
	return (http_token_b64(mac, maclen, out, size));
}

/* header.payload.signature for c. */
int
http_token_make(const struct http_claims *c, char *out, size_t size)
{
	char	json[512], sub[64], acct[64], chan[104], iss[160];
	int	n, len;

	http_token_json(c->sub, sub, sizeof sub);
	http_token_json(c->account, acct, sizeof acct);
	http_token_json(c->channel, chan, sizeof chan);
	http_token_json(cfg.name, iss, sizeof iss);
	n = snprintf(json, sizeof json, "{\"exp\":%lld,\"iss\":\"%s\","
	    "\"sub\":\"%s\",\"account\":\"%s\",\"channel\":\"%s\","
	    "\"joined\":%d}", (long long)c->exp, iss, sub, acct, chan,
	    c->channel[0] != '\0');
	if (n < 0 || (size_t)n >= sizeof json)
		return (-1);
	len = snprintf(out, size, "%s.", http_token_head);
	if (len < 0 || (size_t)len >= size)
		return (-1);
	n = http_token_b64((unsigned char *)json, (size_t)n, out + len,
	    size - (size_t)len);
	if (n < 0 || (size_t)(len + n + 1) >= size)
		return (-1);
	len += n;
	out[len++] = '.';
	if (http_token_sign(out, (size_t)len - 1, out + len,
	    size - (size_t)len) < 0)
		return (-1);
	return (0);
}

/* The string value of "name":"..." in our own payload, unescaped. */
static int
http_token_field(const char *json, const char *name, char *out,
    size_t size)
{
	char		 key[32];
	const char	*p;
	size_t		 o = 0;

	snprintf(key, sizeof key, "\"%s\":\"", name);
	if ((p = strstr(json, key)) == NULL)
		return (-1);
	for (p += strlen(key); *p != '\0' && *p != '"'; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		if (o + 1 >= size)
			return (-1);
		out[o++] = *p;
	}
	out[o] = '\0';
	return (*p == '"' ? 0 : -1);
}

/* Our header, a matching signature, not expired: the claims. */
int
http_token_verify(const char *token, time_t now, struct http_claims *c)
{
	char		 sig[128], json[HTTP_TOKEN_MAX];
	const char	*dot1, *dot2, *p;
	size_t		 hlen = sizeof http_token_head - 1;

	if (token == NULL || strlen(token) >= HTTP_TOKEN_MAX ||
	    strncmp(token, http_token_head, hlen) != 0 || token[hlen] != '.')
		return (-1);
	dot1 = token + hlen;
	if ((dot2 = strchr(dot1 + 1, '.')) == NULL)
		return (-1);
	if (http_token_sign(token, (size_t)(dot2 - token), sig,
	    sizeof sig) < 0 || strlen(dot2 + 1) != strlen(sig) ||
	    CRYPTO_memcmp(sig, dot2 + 1, strlen(sig)) != 0)
		return (-1);
	if (http_token_unb64(dot1 + 1, (size_t)(dot2 - dot1 - 1), json,
	    sizeof json) != 0)
		return (-1);
	if (strncmp(json, "{\"exp\":", 7) != 0)
		return (-1);
	c->exp = (time_t)strtoll(json + 7, NULL, 10);
	if (c->exp < now)
		return (-1);
	if (http_token_field(json, "sub", c->sub, sizeof c->sub) != 0 ||
	    http_token_field(json, "account", c->account,
	    sizeof c->account) != 0 ||
	    http_token_field(json, "channel", c->channel,
	    sizeof c->channel) != 0)
		return (-1);
	p = strstr(json, "\"joined\":");
	return (p != NULL ? 0 : -1);
}
