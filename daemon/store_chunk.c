/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Chunks of stored lines: packing them into a blob and reading them
 * back (the layout is in store_chunk.h). */

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"
#include "store_chunk.h"

/* Room for n more bytes in c. */
static void
store_chunk_grow(struct store_chunk *c, size_t n)
{
	if (c->len + n <= c->size)
		return;
	if (c->size == 0)
		c->size = STORE_CHUNK_MAX * 2;
	while (c->len + n > c->size)
		c->size *= 2;
	c->data = xrealloc(c->data, c->size);
}

/* Append v as a varint (7 bits a byte, low bits first). */
static void
store_chunk_varint(struct store_chunk *c, uint64_t v)
{
	store_chunk_grow(c, 10);
	while (v >= 0x80) {
		c->data[c->len++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	c->data[c->len++] = (unsigned char)v;
}

/* Append a string of n bytes, or NULL. */
static void
store_chunk_str(struct store_chunk *c, const char *s, size_t n)
{
	if (s == NULL) {
		store_chunk_varint(c, 0);
		return;
	}
	store_chunk_varint(c, (uint64_t)n + 1);
	store_chunk_grow(c, n);
	memcpy(c->data + c->len, s, n);
	c->len += n;
}

/* Empty c, keeping its buffer. */
void
store_chunk_reset(struct store_chunk *c)
{
	c->len = c->n = 0;
	c->first = c->last = 0;
	c->msgs = c->events = 0;
}

/* Start c as a copy of a filed chunk. */
void
store_chunk_resume(struct store_chunk *c, const void *data, size_t len,
    uint64_t first, uint64_t last, int64_t msgs, int64_t events)
{
	store_chunk_reset(c);
	store_chunk_grow(c, len);
	memcpy(c->data, data, len);
	c->len = len;
	c->n = (size_t)(msgs + events);
	c->first = first;
	c->last = last;
	c->msgs = msgs;
	c->events = events;
}

/* Release c's buffer. */
void
store_chunk_free(struct store_chunk *c)
{
	free(c->data);
	memset(c, 0, sizeof *c);
}

/* Add one decoded record (ids ascending). */
void
store_chunk_add_rec(struct store_chunk *c, const struct store_chunk_rec *r)
{
	int	i;

	store_chunk_varint(c, c->n == 0 ? r->id : r->id - c->last);
	store_chunk_grow(c, 1);
	c->data[c->len++] = (unsigned char)r->kind;
	for (i = 0; i < 3; i++)
		store_chunk_str(c, r->str[i], r->len[i]);
	if (c->n++ == 0)
		c->first = r->id;
	c->last = r->id;
	if (STORE_CHUNK_IS_MSG(r->kind))
		c->msgs++;
	else
		c->events++;
}

/* Add one line (ids ascending). */
void
store_chunk_add(struct store_chunk *c, uint64_t id, int kind,
    const char *account, const char *ctags, const char *line)
{
	struct store_chunk_rec	r;
	int			i;

	r.id = id;
	r.kind = kind;
	r.str[0] = account;
	r.str[1] = ctags;
	r.str[2] = line == NULL ? "" : line;
	for (i = 0; i < 3; i++)
		r.len[i] = r.str[i] == NULL ? 0 : strlen(r.str[i]);
	store_chunk_add_rec(c, &r);
}

/* Read a varint at *p (before end); false when it runs off. */
static bool
store_chunk_get(const unsigned char **p, const unsigned char *end,
    uint64_t *v)
{
	unsigned int	shift = 0;

	*v = 0;
	while (*p < end && shift < 64) {
		*v |= (uint64_t)(**p & 0x7f) << shift;
		if ((*(*p)++ & 0x80) == 0)
			return (true);
		shift += 7;
	}
	return (false);
}

/* Decode one record at *p into r, its id a step from prev. */
static bool
store_chunk_rec(const unsigned char **p, const unsigned char *end,
    uint64_t prev, struct store_chunk_rec *r)
{
	uint64_t	v;
	int		i;

	if (!store_chunk_get(p, end, &v) || *p >= end)
		return (false);
	r->id = prev + v;
	r->kind = *(*p)++;
	for (i = 0; i < 3; i++) {
		if (!store_chunk_get(p, end, &v) ||
		    v > (uint64_t)(end - *p) + 1)
			return (false);
		r->str[i] = v == 0 ? NULL : (const char *)*p;
		r->len[i] = v == 0 ? 0 : (size_t)(v - 1);
		*p += r->len[i];
	}
	return (true);
}

/* Every record of a blob, in order. */
int
store_chunk_decode(const void *data, size_t len,
    struct store_chunk_rec **recs, size_t *cap, size_t *n)
{
	const unsigned char	*p = data, *end = p + len;
	uint64_t		 prev = 0;

	*n = 0;
	while (p < end) {
		if (*n == *cap) {
			*cap = *cap == 0 ? 256 : *cap * 2;
			*recs = xreallocarray(*recs, *cap, sizeof **recs);
		}
		if (!store_chunk_rec(&p, end, prev, &(*recs)[*n]))
			return (-1);
		prev = (*recs)[(*n)++].id;
	}
	return (0);
}
