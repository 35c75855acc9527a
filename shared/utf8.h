/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Strict UTF-8 decoding, used by the parser, the splitter and sanitizer. */
#ifndef UTF8_H
#define UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Decode one character from s (len > 0 bytes available). Returns the number
 * of bytes used (1-4) and the code point in *cp, or -1 for an invalid,
 * overlong, surrogate or truncated sequence (then one byte should be
 * skipped). Never reads past s + len.
 */
int	utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encode cp into buf (at least 4 bytes); returns bytes written, 0 if bad. */
int	utf8_encode(uint32_t cp, char *buf);

/* How many of the first len bytes of s are printable ASCII (0x20-0x7e):
 * text most often is, and such a run needs no decoding. */
size_t	utf8_ascii_run(const char *s, size_t len);

/* Whether byte c is printable ASCII (0x20-0x7e), as one compare: asked
 * per byte or per cell on the hottest paths. */
static inline bool
utf8_is_print_ascii(unsigned char c)
{
	return ((unsigned char)(c - 0x20) < 0x5f);
}

/* Whether len bytes of s are valid UTF-8. */
bool	utf8_valid(const char *s, size_t len);

/* The largest n <= max such that s[0..n) does not split a character. */
size_t	utf8_boundary(const char *s, size_t len, size_t max);

#endif
