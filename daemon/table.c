/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The hash table behind the nick, room and address registries: O(1)
 * lookups, doubling when the load passes one node per bucket. */

#include <string.h>

#include "xmalloc.h"
#include "table.h"

#define TABLE_INITIAL	64

static void	table_grow(struct table *);

/* Start empty with a few buckets. */
void
table_init(struct table *t)
{
	t->buckets = xcalloc(TABLE_INITIAL, sizeof *t->buckets);
	t->mask = TABLE_INITIAL - 1;
	t->count = 0;
}

/* Free the bucket array; the nodes belong to their objects. */
void
table_free(struct table *t)
{
	free(t->buckets);
	t->buckets = NULL;
	t->mask = 0;
	t->count = 0;
}

/* FNV-1a of a key that is already folded. */
unsigned int
table_hash(const char *s)
{
	unsigned int	h = 2166136261u;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return (h);
}

/* The node with this key, or NULL. */
struct table_node *
table_find(const struct table *t, const char *key, unsigned int hash)
{
	struct table_node	*n;

	for (n = t->buckets[hash & t->mask]; n != NULL; n = n->next) {
		if (n->hash == hash && strcmp(n->key, key) == 0)
			return (n);
	}
	return (NULL);
}

/* Add n; the caller made sure its key is not present yet. */
void
table_insert(struct table *t, struct table_node *n)
{
	struct table_node	**b;

	if (t->count >= t->mask + 1)
		table_grow(t);
	b = &t->buckets[n->hash & t->mask];
	n->next = *b;
	*b = n;
	t->count++;
}

/* Remove n, which must be in t. */
void
table_remove(struct table *t, struct table_node *n)
{
	struct table_node	**p;

	for (p = &t->buckets[n->hash & t->mask]; *p != NULL; p = &(*p)->next) {
		if (*p == n) {
			*p = n->next;
			n->next = NULL;
			t->count--;
			return;
		}
	}
}

/* Call fn on every node. */
void
table_foreach(const struct table *t, void (*fn)(struct table_node *, void *),
    void *arg)
{
	struct table_node	*n, *next;
	unsigned int		 i;

	for (i = 0; i <= t->mask; i++) {
		for (n = t->buckets[i]; n != NULL; n = next) {
			next = n->next;
			fn(n, arg);
		}
	}
}

/* Double the buckets and rehash every node. */
static void
table_grow(struct table *t)
{
	struct table_node	**old = t->buckets, *n, *next;
	unsigned int		  i, oldsize = t->mask + 1;

	t->buckets = xcalloc(oldsize * 2, sizeof *t->buckets);
	t->mask = oldsize * 2 - 1;
	for (i = 0; i < oldsize; i++) {
		for (n = old[i]; n != NULL; n = next) {
			next = n->next;
			n->next = t->buckets[n->hash & t->mask];
			t->buckets[n->hash & t->mask] = n;
		}
	}
	free(old);
}
