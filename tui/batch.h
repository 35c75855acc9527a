/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The server's open IRCv3 batches (BATCH +ref type ... / BATCH -ref): a
 * small fixed table, so a server that opens batches and never closes them
 * costs a bounded amount of memory. No I/O here. */
#ifndef BATCH_H
#define BATCH_H

#include <stdbool.h>
#include <stddef.h>

#define BATCH_OPEN_MAX	16	/* batches open at once */
#define BATCH_REF_MAX	64	/* bytes of a reference tag */
#define BATCH_TYPE_MAX	64	/* bytes of a type */
#define BATCH_TARGET_MAX 64	/* bytes of the first parameter */

struct batch {
	char		ref[BATCH_REF_MAX + 1];
	char		type[BATCH_TYPE_MAX + 1];
	char		target[BATCH_TARGET_MAX + 1];	/* "" if none */
	char		parent[BATCH_REF_MAX + 1];	/* "" at the top */
	unsigned int	lines;		/* lines counted in it so far */
};

struct batches {
	struct batch	v[BATCH_OPEN_MAX];
	size_t		n;
};

/* Whether s can be a reference (or msgid): 1..max printable ASCII bytes
 * without spaces, so it can be sent back as one parameter. */
bool		 batch_ref_valid(const char *s, size_t max);

void		 batch_clear(struct batches *);
/*
 * Open batch ref of type (target may be NULL, parent the enclosing batch's
 * reference or NULL). Returns the batch, or NULL when it is refused: a bad
 * or duplicate reference, a type or target too long, an unknown parent, or
 * the table full.
 */
struct batch	*batch_start(struct batches *, const char *ref,
		    const char *type, const char *target, const char *parent);
/* Close ref and every batch inside it; copies ref's batch into out (may be
 * NULL). Returns -1 if ref is not open. */
int		 batch_end(struct batches *, const char *ref, struct batch *out);
struct batch	*batch_find(struct batches *, const char *ref);
/* The batch of type enclosing ref (ref's own batch included), or NULL. */
struct batch	*batch_within(struct batches *, const char *ref,
		    const char *type);

#endif
