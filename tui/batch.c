/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The table of open batches: start, end (with the batches nested inside),
 * lookup, and the walk up to an enclosing batch of a type. */

#include <string.h>

#include "batch.h"
#include "compat.h"

static void	batch_remove(struct batches *, size_t);

bool
batch_ref_valid(const char *s, size_t max)
{
	size_t	i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i >= max || s[i] <= ' ' || s[i] > '~')
			return (false);
	}
	return (i > 0);
}

/* No batch open. The table's entries past n are never read, and
 * batch_start blanks one before it fills it: zeroing all 4 KB of them,
 * twice for every connection, was a tenth of a connection's instructions
 * in the client fuzzer (callgrind). */
void
batch_clear(struct batches *bs)
{
	bs->n = 0;
}

struct batch *
batch_find(struct batches *bs, const char *ref)
{
	size_t	i;

	for (i = 0; i < bs->n; i++) {
		if (strcmp(bs->v[i].ref, ref) == 0)
			return (&bs->v[i]);
	}
	return (NULL);
}

struct batch *
batch_start(struct batches *bs, const char *ref, const char *type,
    const char *target, const char *parent)
{
	struct batch	*b;

	if (!batch_ref_valid(ref, BATCH_REF_MAX) ||
	    !batch_ref_valid(type, BATCH_TYPE_MAX) ||
	    (target != NULL && strlen(target) > BATCH_TARGET_MAX) ||
	    (parent != NULL && batch_find(bs, parent) == NULL) ||
	    batch_find(bs, ref) != NULL || bs->n == BATCH_OPEN_MAX)
		return (NULL);
	b = &bs->v[bs->n++];
	memset(b, 0, sizeof *b);
	strlcpy(b->ref, ref, sizeof b->ref);
	strlcpy(b->type, type, sizeof b->type);
	if (target != NULL)
		strlcpy(b->target, target, sizeof b->target);
	if (parent != NULL)
		strlcpy(b->parent, parent, sizeof b->parent);
	return (b);
}

/* Drop entry i, keeping the others in order. */
static void
batch_remove(struct batches *bs, size_t i)
{
	memmove(&bs->v[i], &bs->v[i + 1], (bs->n - i - 1) * sizeof *bs->v);
	bs->n--;
}

int
batch_end(struct batches *bs, const char *ref, struct batch *out)
{
	struct batch	*b;
	size_t		 i;

	if ((b = batch_find(bs, ref)) == NULL)
		return (-1);
	if (out != NULL)
		*out = *b;
	batch_remove(bs, (size_t)(b - bs->v));
	/* A child cannot outlive its parent: close what was inside, to any
	 * depth (a parent always opened before its children, so one pass
	 * in order finds grandchildren after their parents are gone). */
	for (i = 0; i < bs->n;) {
		if (bs->v[i].parent[0] != '\0' &&
		    batch_find(bs, bs->v[i].parent) == NULL)
			batch_remove(bs, i);
		else
			i++;
	}
	return (0);
}

struct batch *
batch_within(struct batches *bs, const char *ref, const char *type)
{
	struct batch	*b = batch_find(bs, ref);
	size_t		 depth;

	for (depth = 0; b != NULL && depth < BATCH_OPEN_MAX; depth++) {
		if (strcmp(b->type, type) == 0)
			return (b);
		if (b->parent[0] == '\0')
			return (NULL);
		b = batch_find(bs, b->parent);
	}
	return (NULL);
}
