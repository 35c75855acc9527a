/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * A chunk: the lines of one target from one group commit (or part of
 * one), packed into one blob, so the SQLite writer does one b-tree
 * insert per target per commit instead of one per line. Pure code, no
 * SQLite: store_sqlite.c files the blobs and unit tests read them.
 *
 * Layout, one record per line in ascending id order: the id as a
 * varint (the first record's whole id, later ones the step from the
 * previous id), the kind as one byte, then account, ctags and line, each
 * a varint of length + 1 (0 for NULL) and that many bytes, no NUL.
 */
#ifndef STORE_CHUNK_H
#define STORE_CHUNK_H

#include <stddef.h>
#include <stdint.h>

#define STORE_CHUNK_MAX		16384	/* bytes: a full chunk is filed */
#define STORE_CHUNK_SMALL	4096	/* bytes: a newest chunk this small
					   takes the next commit's lines */
#define STORE_CHUNK_IS_MSG(kind) ((kind) <= 2)	/* counted as a message */

/* One line of a decoded chunk; the strings point into the blob. */
struct store_chunk_rec {
	uint64_t	 id;
	int		 kind;		/* enum store_kind */
	const char	*str[3];	/* account, ctags, line; NULL: none */
	size_t		 len[3];
};

/* A chunk being packed. */
struct store_chunk {
	unsigned char	*data;
	size_t		 len, size;
	size_t		 n;		/* lines */
	uint64_t	 first, last;	/* ids */
	int64_t		 msgs, events;	/* lines by STORE_CHUNK_IS_MSG */
};

/* Empty c for the next chunk (its buffer is kept). */
void	store_chunk_reset(struct store_chunk *c);
void	store_chunk_free(struct store_chunk *c);
/* Start c as a copy of a filed chunk, to add lines after its last. */
void	store_chunk_resume(struct store_chunk *c, const void *data,
	    size_t len, uint64_t first, uint64_t last, int64_t msgs,
	    int64_t events);
/* Add one line; ids must ascend. */
void	store_chunk_add(struct store_chunk *c, uint64_t id, int kind,
	    const char *account, const char *ctags, const char *line);
void	store_chunk_add_rec(struct store_chunk *c,
	    const struct store_chunk_rec *r);
/* The records of a blob into *recs (grown as needed, *cap its size)
 * and their number into *n; 0, or -1 when the blob is malformed. */
int	store_chunk_decode(const void *data, size_t len,
	    struct store_chunk_rec **recs, size_t *cap, size_t *n);

#endif
