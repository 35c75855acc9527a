/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* An intrusive chained hash table keyed by (already folded) strings. */
#ifndef TABLE_H
#define TABLE_H

#include <stddef.h>

/* Embed one in each object; key and hash are set by the owner. */
struct table_node {
	struct table_node	*next;
	const char		*key;
	unsigned int		 hash;
};

struct table {
	struct table_node	**buckets;
	unsigned int		  mask;		/* number of buckets - 1 */
	unsigned int		  count;
};

/* The object that holds node n as member field of type t. */
#define TABLE_ENTRY(n, t, field) \
	((t *)(void *)((char *)(n) - offsetof(t, field)))

void	table_init(struct table *);
void	table_free(struct table *);	/* the buckets; nodes are not owned */
unsigned int table_hash(const char *);
struct table_node *table_find(const struct table *, const char *key,
	    unsigned int hash);
void	table_insert(struct table *, struct table_node *);
void	table_remove(struct table *, struct table_node *);

/* Call fn on every node; fn must not insert or remove. */
void	table_foreach(const struct table *, void (*fn)(struct table_node *,
	    void *), void *);

#endif
