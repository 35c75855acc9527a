/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Line framing over an evbuffer: LF ends a line, a CR before it is dropped.
 * A line over the limit is reported once and its bytes thrown away as they
 * come, so a peer cannot make us hold more than one limit's worth. */

#include <event2/buffer.h>

#include <stdbool.h>

#include "irc_frame.h"

/* Reset framing state (a new connection). */
void
irc_frame_init(struct irc_frame *f)
{
	f->scanned = 0;
	f->discarding = false;
}

/* Offset of the first LF at or after f->scanned, or -1. */
static ssize_t
irc_frame_find_lf(struct irc_frame *f, struct evbuffer *in)
{
	struct evbuffer_ptr	p;

	if (f->scanned >= evbuffer_get_length(in))
		return -1;
	if (evbuffer_ptr_set(in, &p, f->scanned, EVBUFFER_PTR_SET) == -1)
		return -1;
	p = evbuffer_search(in, "\n", 1, &p);
	return p.pos;
}

/* Drop bytes of an oversize line; true when its end has been reached. */
static bool
irc_frame_discard(struct irc_frame *f, struct evbuffer *in)
{
	ssize_t	lf = irc_frame_find_lf(f, in);

	if (lf == -1) {
		evbuffer_drain(in, evbuffer_get_length(in));
		f->scanned = 0;
		return false;
	}
	evbuffer_drain(in, (size_t)lf + 1);
	f->scanned = 0;
	f->discarding = false;
	return true;
}

/* Whether the byte at offset off of in is a CR. */
static bool
irc_frame_is_cr(struct evbuffer *in, size_t off)
{
	struct evbuffer_ptr	p;
	char			c;

	if (evbuffer_ptr_set(in, &p, off, EVBUFFER_PTR_SET) == -1)
		return false;
	if (evbuffer_copyout_from(in, &p, &c, 1) != 1)
		return false;
	return c == '\r';
}

/* Take the next line; see irc_frame.h. */
enum irc_frame_result
irc_frame_next(struct irc_frame *f, struct evbuffer *in, char *buf,
    size_t max, size_t *len)
{
	ssize_t	lf;
	size_t	n;

	if (f->discarding && !irc_frame_discard(f, in))
		return IRC_FRAME_AGAIN;
	if ((lf = irc_frame_find_lf(f, in)) == -1) {
		f->scanned = evbuffer_get_length(in);
		/* max bytes and a CR may still become a valid line. */
		if (f->scanned > max + 1) {
			f->discarding = true;
			irc_frame_discard(f, in);
			return IRC_FRAME_TOO_LONG;
		}
		return IRC_FRAME_AGAIN;
	}
	f->scanned = 0;
	n = (size_t)lf;
	if (n > 0 && irc_frame_is_cr(in, n - 1))
		n--;
	if (n > max) {
		evbuffer_drain(in, (size_t)lf + 1);
		return IRC_FRAME_TOO_LONG;
	}
	if (evbuffer_remove(in, buf, n) != (int)n)
		return IRC_FRAME_AGAIN;
	evbuffer_drain(in, (size_t)lf + 1 - n);
	buf[n] = '\0';
	*len = n;
	return IRC_FRAME_LINE;
}
