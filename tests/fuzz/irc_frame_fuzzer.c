/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Fuzz irc_frame_next(): bytes fed to an evbuffer in chunks of random size
 * must give exactly the lines a plain split on LF gives, whatever the
 * chunking, and an oversize line never stays in the buffer. */

#include <stdbool.h>
#include <string.h>

#include <event2/buffer.h>

#include "fuzz.h"
#include "irc_frame.h"
#include "irc_msg.h"
#include "xmalloc.h"

/* The input: a header choosing the limit and chunk sizes, then the bytes. */
struct fuzz_input {
	const uint8_t	*bytes;
	size_t		 len;
	const uint8_t	*chunks;	/* chunk sizes, used in a cycle */
	size_t		 nchunks;
	size_t		 max;
};

/* The reference: the next expected line of the whole input, from *off. */
struct fuzz_expect {
	const uint8_t	*bytes;
	size_t		 len;
	size_t		 off;
};

static bool	fuzz_expect_next(struct fuzz_expect *, size_t, bool,
		    const uint8_t **, size_t *, bool *);
static void	fuzz_drain(struct irc_frame *, struct evbuffer *,
		    struct fuzz_expect *, const struct fuzz_input *, char *);

/*
 * Split the next line (up to LF, one CR before it removed) off the
 * reference input. Empty lines are skipped: the framing may drop them.
 * With partial, a last line without LF counts too (an oversize line is
 * reported before its end arrives). Returns false when no line is left.
 */
static bool
fuzz_expect_next(struct fuzz_expect *e, size_t max, bool partial,
    const uint8_t **line, size_t *len, bool *too_long)
{
	const uint8_t	*lf;
	size_t		 n;

	for (;;) {
		if (e->off >= e->len)
			return (false);
		*line = e->bytes + e->off;
		lf = memchr(*line, '\n', e->len - e->off);
		if (lf == NULL && !partial)
			return (false);
		n = lf == NULL ? e->len - e->off : (size_t)(lf - *line);
		e->off += n + 1;
		if (lf != NULL && n > 0 && (*line)[n - 1] == '\r')
			n--;
		if (n == 0)
			continue;
		*len = n;
		*too_long = n > max;
		return (true);
	}
}

/* Take every line the framing has now and compare it with the reference. */
static void
fuzz_drain(struct irc_frame *f, struct evbuffer *in, struct fuzz_expect *e,
    const struct fuzz_input *fi, char *buf)
{
	enum irc_frame_result	 r;
	const uint8_t		*want;
	size_t			 len, wlen;
	bool			 too_long;

	for (;;) {
		len = (size_t)-1;
		r = irc_frame_next(f, in, buf, fi->max, &len);
		if (r == IRC_FRAME_AGAIN)
			break;
		if (r == IRC_FRAME_LINE) {
			FUZZ_CHECK(len <= fi->max && buf[len] == '\0');
			if (len == 0)
				continue;
		}
		FUZZ_CHECK(fuzz_expect_next(e, fi->max,
		    r == IRC_FRAME_TOO_LONG, &want, &wlen, &too_long));
		if (r == IRC_FRAME_TOO_LONG) {
			FUZZ_CHECK(too_long);
			continue;
		}
		FUZZ_CHECK(r == IRC_FRAME_LINE && !too_long);
		FUZZ_CHECK(len == wlen && memcmp(buf, want, len) == 0);
	}
	/* What is left is part of one line, never more than max + 1 bytes. */
	FUZZ_CHECK(evbuffer_get_length(in) <= fi->max + 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input	 fi;
	struct fuzz_expect	 e;
	struct irc_frame	 f;
	struct evbuffer		*in;
	char			*buf;
	const uint8_t		*want;
	size_t			 off, n, i, wlen;
	bool			 too_long;

	if (size < 2 || size > 256 * 1024)
		return (0);
	/* Byte 0: the limit (small ones reach the oversize path quickly, 0
	 * means the real one); byte 1: how many chunk sizes follow. */
	fi.max = data[0] == 0 ? IRC_FRAME_MAX : data[0];
	fi.nchunks = data[1] % 16;
	if (size < 2 + fi.nchunks)
		return (0);
	fi.chunks = data + 2;
	fi.bytes = data + 2 + fi.nchunks;
	fi.len = size - 2 - fi.nchunks;

	e.bytes = fi.bytes;
	e.len = fi.len;
	e.off = 0;
	irc_frame_init(&f);
	buf = xmalloc(fi.max + 1);
	if ((in = evbuffer_new()) == NULL)
		abort();
	for (off = 0, i = 0; off < fi.len; off += n, i++) {
		n = fi.nchunks == 0 ? fi.len :
		    1 + (size_t)fi.chunks[i % fi.nchunks];
		if (n > fi.len - off)
			n = fi.len - off;
		if (evbuffer_add(in, fi.bytes + off, n) != 0)
			abort();
		fuzz_drain(&f, in, &e, &fi, buf);
	}
	/* Nothing complete may be left unreported. */
	FUZZ_CHECK(!fuzz_expect_next(&e, fi.max, false, &want, &wlen,
	    &too_long));
	evbuffer_free(in);
	free(buf);
	return (0);
}
