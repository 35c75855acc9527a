/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Cut an evbuffer's bytes into lines ending in CRLF or bare LF. */
#ifndef IRC_FRAME_H
#define IRC_FRAME_H

#include <stdbool.h>
#include <stddef.h>

struct evbuffer;

/* Per-connection framing state. Zero it (or irc_frame_init) before use. */
struct irc_frame {
	size_t	scanned;	/* bytes already searched for LF */
	bool	discarding;	/* dropping the rest of an oversize line */
};

enum irc_frame_result {
	IRC_FRAME_AGAIN = 0,	/* no complete line yet */
	IRC_FRAME_LINE,		/* a line is in buf, *len bytes, NUL-ended */
	IRC_FRAME_TOO_LONG,	/* a line over max was dropped (reported once) */
};

void	irc_frame_init(struct irc_frame *);

/*
 * Take the next line from in into buf (max bytes of line, buf holds max + 1),
 * without its CRLF/LF. A line longer than max is reported once as
 * IRC_FRAME_TOO_LONG and then skipped up to its LF, however much later that
 * arrives; the buffer never holds more than max + 1 bytes of one line.
 * Searching is incremental, so a byte-at-a-time sender costs O(n).
 */
enum irc_frame_result irc_frame_next(struct irc_frame *, struct evbuffer *in,
	    char *buf, size_t max, size_t *len);

#endif
