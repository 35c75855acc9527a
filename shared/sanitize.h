/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Peer text -> text that is safe to show, log or print as JSON. */
#ifndef SANITIZE_H
#define SANITIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SANITIZE_KEEP_FORMAT 0x1	/* keep mIRC codes (^B ^C ^O ^V ^] ^_ ^^ ^Q) */

/*
 * Copy len bytes of s into a new NUL-terminated string (the caller frees
 * it) in which: invalid UTF-8 becomes U+FFFD; C0 controls and DEL become
 * their visible control pictures (ESC -> U+241B), TAB a space; C1 controls
 * become U+FFFD; bidi overrides/isolates/marks and zero-width format
 * characters are dropped. With SANITIZE_KEEP_FORMAT the mIRC formatting
 * bytes survive (the renderer interprets them, never the terminal).
 */
char	*sanitize(const char *s, size_t len, int flags);

/* The same into out, which has room for SANITIZE_SIZE(len) bytes;
 * returns the length written (the NUL not counted). */
#define SANITIZE_SIZE(len) ((len) * 3 + 1)
size_t	 sanitize_into(char *out, const char *s, size_t len, int flags);

/* Whether a code point is an IRC formatting code kept by the flag above. */
bool	 sanitize_is_format(uint32_t cp);

/* Remove mIRC formatting codes (and colour numbers) in place. */
void	 sanitize_strip_format(char *s);

#endif
