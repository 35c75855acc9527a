/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Terminal bytes -> keys: escape sequences recognised whole (unknown ones
 * dropped, never typed), bracketed paste collected. No curses, no readline. */
#ifndef KEYS_H
#define KEYS_H

#include <stdbool.h>
#include <stddef.h>

#define KEYS_PASTE_MAX	(1024 * 1024)	/* a longer paste is cut here */

enum keys_type {
	KEYS_BYTES,	/* ordinary bytes: data, len */
	KEYS_ALT,	/* ESC + byte (Alt-x): byte */
	KEYS_UP,
	KEYS_DOWN,
	KEYS_LEFT,
	KEYS_RIGHT,
	KEYS_HOME,
	KEYS_END,
	KEYS_DELETE,
	KEYS_PGUP,
	KEYS_PGDN,
	KEYS_WORD_LEFT,	/* Ctrl-Left */
	KEYS_WORD_RIGHT,
	KEYS_ESC,	/* a lone Escape */
	KEYS_PASTE,	/* a bracketed paste: data, len */
	KEYS_IGNORED	/* a sequence we do not use: swallowed */
};

struct key {
	enum keys_type	 type;
	const char	*data;	/* valid until the next keys_feed */
	size_t		 len;
	unsigned char	 byte;
};

struct keys {
	char	*buf;
	size_t	 off;	/* consumed bytes at the front */
	size_t	 len;	/* bytes held, consumed ones included */
	size_t	 cap;
	bool	 pasting;
	char	*paste;
	size_t	 plen;
	size_t	 pcap;
};

void	keys_init(struct keys *);
void	keys_free(struct keys *);
void	keys_feed(struct keys *, const char *, size_t);
/*
 * The next key, or false when none is complete. With flush (after a short
 * wait), an incomplete escape sequence is given up: a lone ESC becomes
 * KEYS_ESC and a broken sequence is ignored.
 */
bool	keys_next(struct keys *, struct key *, bool flush);
/* Whether bytes wait for the rest of a sequence. */
bool	keys_pending(const struct keys *);

#endif
