/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Base64 (RFC 4648, standard alphabet, padded) for SASL's AUTHENTICATE. */
#ifndef BASE64_H
#define BASE64_H

#include <stddef.h>

/* Bytes base64_encode writes for n input bytes, NUL included. */
#define BASE64_ENCODED(n)	(((n) + 2) / 3 * 4 + 1)

/* Encode n bytes into out (BASE64_ENCODED(n) bytes); returns the length. */
size_t	base64_encode(const void *in, size_t n, char *out);
/* Decode a NUL-terminated string into out (size bytes); the number of
 * bytes, or -1 for bad input or when it does not fit. */
int	base64_decode(const char *in, void *out, size_t size);

#endif
