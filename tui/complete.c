/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* What Tab can complete, from the window model and the command table. */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "command.h"
#include "complete.h"
#include "window.h"
#include "xmalloc.h"

struct complete_set {
	char	**v;
	size_t	  n;
};

static void	complete_add(struct complete_set *, const char *, const char *,
		    const char *);
static int	complete_cmp(const void *, const void *);

/* Add word+suffix if word starts with prefix and is not there yet. */
static void
complete_add(struct complete_set *set, const char *prefix, const char *word,
    const char *suffix)
{
	char	*s;
	size_t	 i;

	if (strncasecmp(word, prefix, strlen(prefix)) != 0)
		return;
	xasprintf(&s, "%s%s", word, suffix);
	for (i = 0; i < set->n; i++) {
		if (strcmp(set->v[i], s) == 0) {
			free(s);
			return;
		}
	}
	set->v = xreallocarray(set->v, set->n + 2, sizeof *set->v);
	set->v[set->n++] = s;
	set->v[set->n] = NULL;
}

static int
complete_cmp(const void *a, const void *b)
{
	return (strcasecmp(*(char *const *)a, *(char *const *)b));
}

char **
complete_list(const char *prefix, bool line_start, size_t *n)
{
	struct complete_set	 set = { NULL, 0 };
	const struct command	*table;
	struct window		*w, *cur = window_current();
	size_t			 i, ncmd;
	char			 name[64];

	if (line_start && prefix[0] == '/') {
		table = command_table(&ncmd);
		for (i = 0; i < ncmd; i++) {
			snprintf(name, sizeof name, "/%s", table[i].name);
			complete_add(&set, prefix, name, "");
		}
	} else if (prefix[0] == '#' || prefix[0] == '&') {
		TAILQ_FOREACH(w, window_list(), entry) {
			/* the rooms of this window's server */
			if (w->type == WINDOW_ROOM && window_in_group(w))
				complete_add(&set, prefix, w->name, "");
		}
	} else if (cur != NULL) {
		for (i = 0; i < cur->nnicks; i++)
			complete_add(&set, prefix, cur->nicks[i],
			    line_start ? ":" : "");
		if (cur->type == WINDOW_QUERY)
			complete_add(&set, prefix, cur->name,
			    line_start ? ":" : "");
	}
	if (set.n > 1)
		qsort(set.v, set.n, sizeof *set.v, complete_cmp);
	*n = set.n;
	if (set.v == NULL)
		set.v = xcalloc(1, sizeof *set.v);
	return (set.v);
}

void
complete_free(char **v)
{
	size_t	i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}
