/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* A flat output queue per connection. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xmalloc.h"
#include "outbuf.h"

#define OUTBUF_MIN	2048
#define OUTBUF_HINT_MAX	(64 * 1024)	/* above that, grow as needed */

static void	outbuf_make_room(struct outbuf *, size_t);

/*
 * Room for n more bytes: slide the unwritten part to the front when
 * that makes enough room, else grow by doubling. A new buffer starts at
 * at the size the last one carried, so a member that gets a batch every
 * turn allocates once per turn instead of growing step by step.
 */
static void
outbuf_make_room(struct outbuf *ob, size_t n)
{
	size_t	left = ob->len - ob->off, cap;

	if (ob->len + n <= ob->cap)
		return;
	if (ob->off != 0 && left + n <= ob->cap) {
		memmove(ob->buf, ob->buf + ob->off, left);
		ob->off = 0;
		ob->len = left;
		return;
	}
	cap = ob->cap != 0 ? ob->cap : ob->hint;
	if (cap < OUTBUF_MIN)
		cap = OUTBUF_MIN;
	while (cap < left + n)
		cap *= 2;
	if (ob->off != 0) {
		memmove(ob->buf, ob->buf + ob->off, left);
		ob->off = 0;
		ob->len = left;
	}
	ob->buf = xrealloc(ob->buf, cap);
	ob->cap = cap;
}

/* Queue n bytes. */
void
outbuf_add(struct outbuf *ob, const void *p, size_t n)
{
	if (n == 0)
		return;
	outbuf_make_room(ob, n);
	memcpy(ob->buf + ob->len, p, n);
	ob->len += n;
}

/* One write(2) of everything queued; an emptied buffer is freed, so an
 * idle connection holds no output memory. */
ssize_t
outbuf_write(struct outbuf *ob, int fd)
{
	ssize_t	n;

	if (ob->len == ob->off)
		return (0);
	n = write(fd, ob->buf + ob->off, ob->len - ob->off);
	if (n <= 0)
		return (n);
	ob->off += (size_t)n;
	if (ob->off == ob->len) {
		ob->hint = ob->len < OUTBUF_HINT_MAX ? ob->len : OUTBUF_HINT_MAX;
		outbuf_clear(ob);
	}
	return (n);
}

/* Forget everything queued. */
void
outbuf_clear(struct outbuf *ob)
{
	free(ob->buf);
	ob->buf = NULL;
	ob->off = ob->len = ob->cap = 0;
}
