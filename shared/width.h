/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Terminal display width of characters and strings (wcwidth based). */
#ifndef WIDTH_H
#define WIDTH_H

#include <stddef.h>
#include <stdint.h>

/* Make sure wcwidth() sees UTF-8: keeps the locale if it is UTF-8, else
 * switches LC_CTYPE to C.UTF-8. Returns 0, or -1 if none is available. */
int	width_init(void);

/* Columns of one code point: 0 (combining, format), 1 or 2 (CJK, emoji).
 * A code point wcwidth() does not know counts 1, so nothing is ever lost. */
int	width_cp(uint32_t cp);

/* Columns of len bytes of UTF-8 (invalid bytes count 1 each). */
int	width_str(const char *s, size_t len);

#endif
