/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Range, file names, Content-Disposition and content types, as text. */

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compat.h"
#include "utf8.h"
#include "http_parse.h"

struct http_type {
	const char	*ext;
	const char	*type;
	int		 inline_ok;
};

/* Sorted by extension. Nothing a browser would run (HTML, SVG, XML). */
static const struct http_type http_types[] = {
	{ "avif", "image/avif", 1 },
	{ "flac", "audio/flac", 1 },
	{ "gif", "image/gif", 1 },
	{ "gz", "application/gzip", 0 },
	{ "jpeg", "image/jpeg", 1 },
	{ "jpg", "image/jpeg", 1 },
	{ "json", "application/json", 0 },
	{ "log", "text/plain; charset=utf-8", 1 },
	{ "md", "text/plain; charset=utf-8", 1 },
	{ "mp3", "audio/mpeg", 1 },
	{ "mp4", "video/mp4", 1 },
	{ "ogg", "audio/ogg", 1 },
	{ "pdf", "application/pdf", 0 },
	{ "png", "image/png", 1 },
	{ "tar", "application/x-tar", 0 },
	{ "txt", "text/plain; charset=utf-8", 1 },
	{ "webm", "video/webm", 1 },
	{ "webp", "image/webp", 1 },
	{ "zip", "application/zip", 0 },
};

static int	http_type_cmp(const void *, const void *);
static int	http_hex(int);
static int	http_uint(const char **, uint64_t *);
static int	http_disposition_value(const char *, char *, size_t);
static const char *http_disposition_param(const char *, const char *);

/* Read decimal digits at *p into *v; -1 when none or on overflow. */
static int
http_uint(const char **p, uint64_t *v)
{
	const char	*s = *p;
	uint64_t	 n = 0;

	if (!isdigit((unsigned char)*s))
		return (-1);
	for (; isdigit((unsigned char)*s); s++) {
		if (n > (UINT64_MAX - 9) / 10)
			return (-1);
		n = n * 10 + (uint64_t)(*s - '0');
	}
	*p = s;
	*v = n;
	return (0);
}

/* One byte range of a size-byte file; anything but one range is NONE. */
enum http_range
http_range_parse(const char *value, uint64_t size, uint64_t *start,
    uint64_t *end)
{
	const char	*p = value;
	uint64_t	 a, b;

	if (value == NULL || strncasecmp(p, "bytes=", 6) != 0)
		return (HTTP_RANGE_NONE);
	p += 6;
	while (*p == ' ')
		p++;
	if (*p == '-') {
		p++;
		if (http_uint(&p, &b) != 0 || *p != '\0')
			return (HTTP_RANGE_NONE);
		if (b == 0 || size == 0)
			return (HTTP_RANGE_BAD);
		*start = b >= size ? 0 : size - b;
		*end = size - 1;
		return (HTTP_RANGE_OK);
	}
	if (http_uint(&p, &a) != 0 || *p++ != '-')
		return (HTTP_RANGE_NONE);
	b = UINT64_MAX;
	if (*p != '\0' && http_uint(&p, &b) != 0)
		return (HTTP_RANGE_NONE);
	if (*p != '\0' || b < a)
		return (HTTP_RANGE_NONE);
	if (a >= size)
		return (HTTP_RANGE_BAD);
	*start = a;
	*end = b >= size ? size - 1 : b;
	return (HTTP_RANGE_OK);
}

/* Keep the last path component's safe, valid UTF-8 characters. */
void
http_name_sanitize(const char *in, char *out)
{
	const char	*base = in, *p;
	size_t		 len, lead, o = 0;
	uint32_t	 cp;
	int		 n;

	for (p = in; *p != '\0'; p++) {
		if (*p == '/' || *p == '\\')
			base = p + 1;
	}
	len = strlen(base);
	while (*base == '.' || *base == ' ') {
		base++;
		len--;
	}
	for (p = base; len > 0; p += n, len -= n) {
		n = utf8_decode(p, len, &cp);
		if (n < 0) {
			n = 1;
			continue;
		}
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
		    cp == '"' || cp == '%' || cp == 0x2028 || cp == 0x2029 ||
		    (cp >= 0x202a && cp <= 0x202e) || cp == 0xfeff)
			continue;
		if (o + (size_t)n > HTTP_NAME_MAX)
			break;
		memcpy(out + o, p, (size_t)n);
		o += (size_t)n;
	}
	while (o > 0 && (out[o - 1] == ' ' || out[o - 1] == '.'))
		o--;
	out[o] = '\0';
	/* A dropped character may have hidden a leading dot ("\x01.x"). */
	lead = strspn(out, ". ");
	memmove(out, out + lead, o - lead + 1);
	o -= lead;
	if (o == 0)
		strlcpy(out, "file", HTTP_NAME_MAX + 1);
}

/* The value of one hex digit, or -1. */
static int
http_hex(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

/* Percent-decode s in place. */
int
http_pct_decode(char *s)
{
	char	*o = s;
	int	 hi, lo;

	for (; *s != '\0'; s++) {
		if (*s != '%') {
			*o++ = *s;
			continue;
		}
		if ((hi = http_hex(s[1])) < 0 || (lo = http_hex(s[2])) < 0)
			return (-1);
		if (hi == 0 && lo == 0)
			return (-1);
		*o++ = (char)(hi << 4 | lo);
		s += 2;
	}
	*o = '\0';
	return (0);
}

/* Percent-encode all but ALPHA DIGIT - . _ ~ into out. */
int
http_pct_encode(const char *in, char *out, size_t size)
{
	static const char	 hex[] = "0123456789ABCDEF";
	size_t			 o = 0;
	unsigned char		 c;

	for (; *in != '\0'; in++) {
		c = (unsigned char)*in;
		if (isalnum(c) || c == '-' || c == '.' || c == '_' ||
		    c == '~') {
			if (o + 1 >= size)
				return (-1);
			out[o++] = (char)c;
			continue;
		}
		if (o + 3 >= size)
			return (-1);
		out[o++] = '%';
		out[o++] = hex[c >> 4];
		out[o++] = hex[c & 15];
	}
	if (o >= size)
		return (-1);
	out[o] = '\0';
	return (0);
}

/* Copy a token or quoted-string at p into out (size bytes). */
static int
http_disposition_value(const char *p, char *out, size_t size)
{
	size_t	o = 0;

	if (*p == '"') {
		for (p++; *p != '\0' && *p != '"'; p++) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			if (o + 1 >= size)
				return (-1);
			out[o++] = *p;
		}
		if (*p != '"')
			return (-1);
	} else {
		for (; *p != '\0' && *p != ';' && *p != ' '; p++) {
			if (o + 1 >= size)
				return (-1);
			out[o++] = *p;
		}
	}
	out[o] = '\0';
	return (o == 0 ? -1 : 0);
}

/* Find "param=" at a parameter boundary of value; its value or NULL. */
static const char *
http_disposition_param(const char *value, const char *param)
{
	const char	*p = value;
	size_t		 len = strlen(param);

	while ((p = strchr(p, ';')) != NULL) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, param, len) == 0 && p[len] == '=')
			return (p + len + 1);
	}
	return (NULL);
}

/* filename*=UTF-8''... wins over filename="..."; out is not sanitised. */
int
http_disposition_name(const char *value, char *out, size_t size)
{
	const char	*p;

	if (value == NULL)
		return (-1);
	if ((p = http_disposition_param(value, "filename*")) != NULL &&
	    strncasecmp(p, "UTF-8''", 7) == 0) {
		if (http_disposition_value(p + 7, out, size) == 0 &&
		    http_pct_decode(out) == 0)
			return (0);
	}
	if ((p = http_disposition_param(value, "filename")) != NULL)
		return (http_disposition_value(p, out, size));
	return (-1);
}

/* An ASCII fallback name plus the exact UTF-8 one (RFC 6266). */
void
http_disposition_make(const char *name, int inline_ok, char *out,
    size_t size)
{
	char	ascii[HTTP_NAME_MAX + 1], enc[HTTP_NAME_MAX * 3 + 1];
	size_t	i;

	for (i = 0; name[i] != '\0' && i < HTTP_NAME_MAX; i++) {
		ascii[i] = (unsigned char)name[i] < 0x80 && name[i] != '"' &&
		    name[i] != '\\' ? name[i] : '_';
	}
	ascii[i] = '\0';
	if (http_pct_encode(name, enc, sizeof enc) != 0)
		strlcpy(enc, "file", sizeof enc);
	snprintf(out, size, "%s; filename=\"%s\"; filename*=UTF-8''%s",
	    inline_ok ? "inline" : "attachment", ascii, enc);
}

static int
http_type_cmp(const void *key, const void *entry)
{
	return (strcasecmp(key, ((const struct http_type *)entry)->ext));
}

/* By extension from a fixed list; anything else is octet-stream. */
const char *
http_content_type(const char *name, int *inline_ok)
{
	const char		*dot = strrchr(name, '.');
	const struct http_type	*t = NULL;

	if (dot != NULL)
		t = bsearch(dot + 1, http_types, nitems(http_types),
		    sizeof *t, http_type_cmp);
	*inline_ok = t != NULL ? t->inline_ok : 0;
	return (t != NULL ? t->type : "application/octet-stream");
}
