/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Cluster user ids ("node.serial", one table for local and remote users)
 * and the nodes heard on the bus. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"
#include "cmd.h"
#include "conn.h"
#include "room.h"
#include "user.h"
#include "cluster.h"

static struct table		 cluster_users;
static struct cluster_node	*cluster_nodes[CLUSTER_NODE_MAX + 1];
static unsigned long		 cluster_serial;

static void	cluster_user_foreach_cb(struct table_node *, void *);
static void	cluster_user_collect(struct cluster_user *, void *);

struct cluster_user_walk {
	void	(*fn)(struct cluster_user *, void *);
	void	*arg;
};

/* The empty table. */
void
cluster_user_init(void)
{
	table_init(&cluster_users);
}

/* Free the nodes and the table (the records went with their users). */
void
cluster_user_shutdown(void)
{
	unsigned int	i;

	for (i = 0; i <= CLUSTER_NODE_MAX; i++) {
		free(cluster_nodes[i]);
		cluster_nodes[i] = NULL;
	}
	table_free(&cluster_users);
}

/* A local user's record, made (with a fresh id) on first use. */
struct cluster_user *
cluster_user_local(struct user *u)
{
	struct cluster_user	*cu = u->cluster;

	if (cu != NULL)
		return (cu);
	cu = xcalloc(1, sizeof *cu);
	cu->user = u;
	cu->home = cluster_self();
	snprintf(cu->uid, sizeof cu->uid, "%u.%lu", cu->home,
	    ++cluster_serial);
	cu->node.key = cu->uid;
	cu->node.hash = table_hash(cu->uid);
	table_insert(&cluster_users, &cu->node);
	u->cluster = cu;
	return (cu);
}

/* The record of uid, or NULL. */
struct cluster_user *
cluster_user_find(const char *uid)
{
	struct table_node	*n;

	n = table_find(&cluster_users, uid, table_hash(uid));
	return (n == NULL ? NULL : TABLE_ENTRY(n, struct cluster_user, node));
}

/* A new replica of a user of node home; the caller names it. */
struct cluster_user *
cluster_user_remote(const char *uid, unsigned int home)
{
	struct cluster_user	*cu;
	struct user		*u;

	u = user_new(conn_new_remote(), "*");
	u->conn->user = u;
	cu = xcalloc(1, sizeof *cu);
	cu->user = u;
	cu->home = home;
	strlcpy(cu->uid, uid, sizeof cu->uid);
	cu->node.key = cu->uid;
	cu->node.hash = table_hash(cu->uid);
	table_insert(&cluster_users, &cu->node);
	u->cluster = cu;
	return (cu);
}

/* Free a replica; the lines about it were sent by the caller. */
void
cluster_user_drop(struct cluster_user *cu)
{
	struct user	*u = cu->user;
	struct conn	*c = u->conn;

	if (u->listed)
		cmd_whowas_add(u);
	cmd_monitor_forget(u);
	room_part_all(u);
	table_remove(&cluster_users, &cu->node);
	free(cu->claimed);
	free(cu);
	user_free(u);
	conn_free_remote(c);
}

/* Collects the replicas (a table walk must not remove). */
static void
cluster_user_collect(struct cluster_user *cu, void *arg)
{
	struct cluster_user	***p = arg;

	if (cu->user->conn->flags & CONN_REMOTE)
		*(*p)++ = cu;
}

/* Drop every replica. */
void
cluster_user_drop_all(void)
{
	struct cluster_user	**all, **p;

	all = xcalloc(cluster_users.count + 1, sizeof *all);
	p = all;
	cluster_user_foreach(cluster_user_collect, &p);
	while (p > all)
		cluster_user_drop(*--p);
	free(all);
}

/* A local user is going: forget its record. */
void
cluster_user_forget(struct user *u)
{
	struct cluster_user	*cu = u->cluster;

	if (cu == NULL)
		return;
	table_remove(&cluster_users, &cu->node);
	free(cu->claimed);
	free(cu);
	u->cluster = NULL;
}

/* Adapts table_foreach to records. */
static void
cluster_user_foreach_cb(struct table_node *n, void *arg)
{
	struct cluster_user_walk	*w = arg;

	w->fn(TABLE_ENTRY(n, struct cluster_user, node), w->arg);
}

/* fn for every record (fn must not add or remove any). */
void
cluster_user_foreach(void (*fn)(struct cluster_user *, void *), void *arg)
{
	struct cluster_user_walk	w = { fn, arg };

	table_foreach(&cluster_users, cluster_user_foreach_cb, &w);
}

/* Node id's entry, made on first use. */
struct cluster_node *
cluster_node_get(unsigned int id)
{
	if (id > CLUSTER_NODE_MAX)
		return (NULL);
	if (cluster_nodes[id] == NULL) {
		cluster_nodes[id] = xcalloc(1, sizeof *cluster_nodes[id]);
		cluster_nodes[id]->id = id;
		snprintf(cluster_nodes[id]->name, sizeof
		    cluster_nodes[id]->name, "node%u", id);
	}
	return (cluster_nodes[id]);
}

/* fn for each node heard of. */
void
cluster_node_foreach(void (*fn)(struct cluster_node *, void *), void *arg)
{
	unsigned int	i;

	for (i = 0; i <= CLUSTER_NODE_MAX; i++) {
		if (cluster_nodes[i] != NULL)
			fn(cluster_nodes[i], arg);
	}
}
