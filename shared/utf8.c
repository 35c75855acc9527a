/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Strict UTF-8: rejects overlong forms, surrogates and code points past
 * U+10FFFF, so that what passes is what every terminal agrees on. */

#include <string.h>

#include "utf8.h"

/* Decode one character; see utf8.h. */
int
utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint32_t		 c, min;
	int			 n, i;

	if (len == 0)
		return -1;
	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		return -1;
	if ((size_t)n > len)
		return -1;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*cp = c;
	return n;
}

/* Encode one code point; see utf8.h. */
int
utf8_encode(uint32_t cp, char *buf)
{
	unsigned char	*u = (unsigned char *)buf;

	if (cp < 0x80) {
		u[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = 0xc0 | (cp >> 6);
		u[1] = 0x80 | (cp & 0x3f);
		return 2;
	}
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	if (cp < 0x10000) {
		u[0] = 0xe0 | (cp >> 12);
		u[1] = 0x80 | ((cp >> 6) & 0x3f);
		u[2] = 0x80 | (cp & 0x3f);
		return 3;
	}
	if (cp > 0x10ffff)
		return 0;
	u[0] = 0xf0 | (cp >> 18);
	u[1] = 0x80 | ((cp >> 12) & 0x3f);
	u[2] = 0x80 | ((cp >> 6) & 0x3f);
	u[3] = 0x80 | (cp & 0x3f);
	return 4;
}

/*
 * Eight bytes at a time: a byte below 0x20 borrows into its top bit when
 * 0x20 is taken from it, one of 0x7f or more has its top bit set after
 * adding 1. The words are copied out (no unaligned reads), and the tail
 * is done a byte at a time.
 */
size_t
utf8_ascii_run(const char *s, size_t len)
{
	const uint64_t	ones = 0x0101010101010101ULL;
	const uint64_t	high = 0x8080808080808080ULL;
	uint64_t	w;
	size_t		i = 0;

	/* Text that is not ASCII asks at every character: answer at once. */
	if (len == 0 || !utf8_is_print_ascii((unsigned char)s[0]))
		return (0);
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		if ((((w - 0x20 * ones) | (w + ones) | w) & high) != 0)
			break;
	}
	while (i < len && utf8_is_print_ascii((unsigned char)s[i]))
		i++;
	return (i);
}

/* Whether the whole of s is valid UTF-8. */
bool
utf8_valid(const char *s, size_t len)
{
	uint32_t	cp;
	size_t		i = 0;
	int		n;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i += 1 + utf8_ascii_run(s + i + 1, len - i - 1);
			continue;
		}
		if ((n = utf8_decode(s + i, len - i, &cp)) == -1)
			return false;
		i += n;
	}
	return true;
}

/*
 * The largest cut at or below max that does not split a character: step
 * back over continuation bytes (at most three, so invalid input cannot make
 * this loop long).
 */
size_t
utf8_boundary(const char *s, size_t len, size_t max)
{
	size_t	n, back;

	if (max >= len)
		return len;
	n = max;
	for (back = 0; back < 3 && n > 0; back++) {
		if (((unsigned char)s[n] & 0xc0) != 0x80)
			break;
		n--;
	}
	if (((unsigned char)s[n] & 0xc0) == 0x80)
		return max;	/* not UTF-8 at all: any cut is as good */
	return n;
}
