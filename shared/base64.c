/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * Base64, both ways. Written here rather than taken from libcrypto: it
 * is forty lines, the client does not link OpenSSL otherwise, and the
 * decoder must refuse what OpenSSL's EVP_DecodeBlock lets through
 * (missing padding, data after '=').
 */

#include <stdint.h>
#include <string.h>

#include "base64.h"

static const char base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int	base64_value(char);

/* Encode three bytes at a time, padding the last group with '='. */
size_t
base64_encode(const void *in, size_t n, char *out)
{
	const unsigned char	*p = in;
	size_t			 i, o = 0;
	uint32_t		 v;

	for (i = 0; i < n; i += 3) {
		v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		out[o++] = base64_alphabet[(v >> 18) & 63];
		out[o++] = base64_alphabet[(v >> 12) & 63];
		out[o++] = i + 1 < n ? base64_alphabet[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? base64_alphabet[v & 63] : '=';
	}
	out[o] = '\0';
	return (o);
}

/* The 6-bit value of a character, -1 if it is not in the alphabet. */
static int
base64_value(char ch)
{
	const char	*p;

	if (ch == '\0' || (p = strchr(base64_alphabet, ch)) == NULL)
		return (-1);
	return ((int)(p - base64_alphabet));
}

/* Four characters at a time; '=' only at the very end. */
int
base64_decode(const char *in, void *out, size_t size)
{
	unsigned char	*o = out;
	size_t		 len = strlen(in), i, n = 0;
	int		 v[4], k, pad;

	if (len % 4 != 0)
		return (-1);
	for (i = 0; i < len; i += 4) {
		pad = 0;
		for (k = 0; k < 4; k++) {
			if (in[i + k] == '=' && i + 4 == len && k >= 2 &&
			    (k == 3 || in[i + 3] == '=')) {
				v[k] = 0;
				pad++;
			} else if ((v[k] = base64_value(in[i + k])) == -1)
				return (-1);
		}
		if (n + 3 - pad > size)
			return (-1);
		o[n++] = (unsigned char)(v[0] << 2 | v[1] >> 4);
		if (pad < 2)
			o[n++] = (unsigned char)((v[1] & 15) << 4 | v[2] >> 2);
		if (pad < 1)
			o[n++] = (unsigned char)((v[2] & 3) << 6 | v[3]);
	}
	return ((int)n);
}
