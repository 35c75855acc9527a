/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * A connection's output queue: one contiguous buffer, appended to with
 * memcpy and written with one send(2), released as soon as it is empty.
 * For many small lines to many sockets this beats an evbuffer, whose
 * chains are allocated, gathered into an iovec and freed per write.
 */
#ifndef OUTBUF_H
#define OUTBUF_H

#include <sys/types.h>
#include <stddef.h>

struct outbuf {
	char	*buf;		/* NULL while empty */
	size_t	 off;		/* written already */
	size_t	 len;		/* bytes in buf, written or not */
	size_t	 cap;
	size_t	 hint;		/* bytes the last buffer carried */
};

/* Bytes still to write. */
static inline size_t
outbuf_length(const struct outbuf *ob)
{
	return (ob->len - ob->off);
}

struct evbuffer;

void	outbuf_add(struct outbuf *, const void *, size_t);
/* Move everything queued to an evbuffer (a TLS bufferevent's output):
 * bytes moved, 0 when empty. */
ssize_t	outbuf_write_evbuffer(struct outbuf *, struct evbuffer *);
/* One send(2): bytes written, 0 when empty, -1 with errno. */
ssize_t	outbuf_write(struct outbuf *, int fd);
/* Drop what is queued and release the buffer. */
void	outbuf_clear(struct outbuf *);
/* Free the buffers kept for reuse (at exit, or before malloc_trim). */
void	outbuf_free_spares(void);

#endif
