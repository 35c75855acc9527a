/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* A flat output queue per connection. Emptied buffers go back to a few
 * spares for the next connection that needs one: under fan-out every
 * member empties and refills its buffer once per loop turn, and malloc
 * was splitting and coalescing the same chunks each time. */

#include <sys/types.h>
#include <sys/socket.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>

#include "xmalloc.h"
#include "log.h"
#include "outbuf.h"

#define OUTBUF_MIN	2048
#define OUTBUF_HINT_MAX	(64 * 1024)	/* above that, grow as needed */
#define OUTBUF_SPARES	32		/* kept for reuse, at most... */
#define OUTBUF_SPARE_MAX (16 * 1024)	/* ...of this size: 512 KB */

struct outbuf_spare {
	char	*buf;
	size_t	 cap;
};

static struct outbuf_spare	outbuf_spares[OUTBUF_SPARES];
static int			outbuf_nspares;

static void	outbuf_make_room(struct outbuf *, size_t);

/*
 * Room for n more bytes: slide the unwritten part to the front when
 * that makes enough room, else grow by doubling. An empty queue takes
 * the last spare, or starts at the size the last buffer carried, so a
 * member that gets a batch every turn does not grow step by step.
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
	if (ob->buf == NULL && outbuf_nspares != 0) {
		outbuf_nspares--;
		ob->buf = outbuf_spares[outbuf_nspares].buf;
		ob->cap = outbuf_spares[outbuf_nspares].cap;
		ob->off = ob->len = 0;
		if (n <= ob->cap)
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

/* One send(2) of everything queued; an emptied buffer is released, so
 * an idle connection holds no output memory. */
ssize_t
outbuf_write(struct outbuf *ob, int fd)
{
	ssize_t	n;

	if (ob->len == ob->off)
		return (0);
	/* send(2), not write(2): the socket path skips the VFS checks and
	 * file notifications, a few percent of a fan-out. */
	n = send(fd, ob->buf + ob->off, ob->len - ob->off, MSG_NOSIGNAL);
	if (n <= 0)
		return (n);
	ob->off += (size_t)n;
	if (ob->off == ob->len) {
		ob->hint = ob->len < OUTBUF_HINT_MAX ? ob->len : OUTBUF_HINT_MAX;
		outbuf_clear(ob);
	}
	return (n);
}

/* Everything queued into evb, in one copy; the buffer is released. */
ssize_t
outbuf_write_evbuffer(struct outbuf *ob, struct evbuffer *evb)
{
	size_t	n = ob->len - ob->off;

	if (n == 0)
		return (0);
	if (evbuffer_add(evb, ob->buf + ob->off, n) != 0)
		fatalx("evbuffer_add failed");
	ob->hint = ob->len < OUTBUF_HINT_MAX ? ob->len : OUTBUF_HINT_MAX;
	outbuf_clear(ob);
	return ((ssize_t)n);
}

/* Forget what is queued: the buffer goes to the spares, or back to
 * malloc. */
void
outbuf_clear(struct outbuf *ob)
{
	if (ob->buf != NULL && ob->cap <= OUTBUF_SPARE_MAX &&
	    outbuf_nspares < OUTBUF_SPARES) {
		outbuf_spares[outbuf_nspares].buf = ob->buf;
		outbuf_spares[outbuf_nspares].cap = ob->cap;
		outbuf_nspares++;
	} else
		free(ob->buf);
	ob->buf = NULL;
	ob->off = ob->len = ob->cap = 0;
}

/* Free the spares (at exit, or to give memory back after a burst). */
void
outbuf_free_spares(void)
{
	while (outbuf_nspares > 0) {
		outbuf_nspares--;
		free(outbuf_spares[outbuf_nspares].buf);
	}
}
