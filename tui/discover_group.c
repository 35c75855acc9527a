/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The picker's rows: the nodes of one cluster shown together, under one
 * row for the cluster. Pure: no sockets, no screen. */

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "discover.h"

/* Whether server i is the first of its cluster in the list. */
static bool
discover_group_first(const struct discover_server *s, size_t i)
{
	size_t	j;

	for (j = 0; j < i; j++) {
		if (strcmp(s[j].cluster, s[i].cluster) == 0)
			return (false);
	}
	return (true);
}

/* Users of a node for choosing the least loaded (unknown counts last). */
static long
discover_group_load(const struct discover_server *s)
{
	return (s->users < 0 ? 0x7fffffffL : s->users);
}

/* The row of the cluster of server i, then a row per node of it. */
static size_t
discover_group_cluster(const struct discover_server *s, size_t n, size_t i,
    struct discover_row *rows)
{
	struct discover_row	*head = rows;
	size_t			 j, k = 1;

	head->server = i;
	head->nodes = 0;
	head->member = false;
	for (j = i; j < n; j++) {
		if (strcmp(s[j].cluster, s[i].cluster) != 0)
			continue;
		head->nodes++;
		if (discover_group_load(&s[j]) <
		    discover_group_load(&s[head->server]))
			head->server = j;
		rows[k].server = j;
		rows[k].nodes = 0;
		rows[k++].member = true;
	}
	return (k);
}

/* Rows for the servers found so far; see discover.h. */
size_t
discover_group(const struct discover_server *s, size_t n,
    struct discover_row *rows)
{
	size_t	i, k = 0;

	for (i = 0; i < n; i++) {
		if (s[i].cluster[0] == '\0') {
			rows[k].server = i;
			rows[k].nodes = 0;
			rows[k++].member = false;
		} else if (discover_group_first(s, i))
			k += discover_group_cluster(s, n, i, rows + k);
	}
	return (k);
}

/* "cluster NAME  3 nodes, users=N" or a server's line (indented under
 * its cluster). */
void
discover_row_text(const struct discover_server *s,
    const struct discover_row *row, char *buf, size_t size)
{
	const struct discover_server	*v = &s[row->server];
	const struct discover_server	*node;
	int				 users = 0;
	size_t				 i, seen = 0;

	if (row->nodes != 0) {
		for (i = 0; seen < row->nodes; i++) {
			node = &s[i];
			if (strcmp(node->cluster, v->cluster) != 0)
				continue;
			seen++;
			users += node->users > 0 ? node->users : 0;
		}
		snprintf(buf, size, "cluster %-16s %u node%s  users=%d%s",
		    v->cluster, row->nodes, row->nodes == 1 ? "" : "s", users,
		    v->tls ? "  TLS" : "");
		return;
	}
	snprintf(buf, size, "%s%-24s %s%s%s:%u  users=%d rooms=%d%s",
	    row->member ? "  " : "", v->name, v->ipv6 ? "[" : "", v->host,
	    v->ipv6 ? "]" : "", v->port, v->users, v->rooms,
	    v->tls ? "  TLS" : "");
}
