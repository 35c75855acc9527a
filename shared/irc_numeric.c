/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Look up numerics' names and default texts from the X-macro table. */

#include <stddef.h>
#include <stdlib.h>

#include "irc_numeric.h"

struct irc_numeric_entry {
	int		 code;
	const char	*name;
	const char	*text;
};

static const struct irc_numeric_entry irc_numeric_table[] = {
#define IRC_NUMERIC_ROW(code, name, text) { code, #name, text },
	IRC_NUMERICS(IRC_NUMERIC_ROW)
#undef IRC_NUMERIC_ROW
};

/* Order rows by code, for bsearch. */
static int
irc_numeric_cmp(const void *key, const void *row)
{
	int	code = *(const int *)key;
	int	other = ((const struct irc_numeric_entry *)row)->code;

	return (code > other) - (code < other);
}

/* Find code's row. Every reply the daemon sends and every line the
 * client reads looks one up: a binary search of the sorted table (the
 * unit tests find every row, which they could not if it were unsorted). */
static const struct irc_numeric_entry *
irc_numeric_find(int code)
{
	return bsearch(&code, irc_numeric_table,
	    sizeof irc_numeric_table / sizeof irc_numeric_table[0],
	    sizeof irc_numeric_table[0], irc_numeric_cmp);
}

/* The default trailing text of a numeric, "" when it has none. */
const char *
irc_numeric_text(int code)
{
	const struct irc_numeric_entry	*e = irc_numeric_find(code);

	return e == NULL ? "" : e->text;
}

/* The numeric's symbolic name, or NULL. */
const char *
irc_numeric_name(int code)
{
	const struct irc_numeric_entry	*e = irc_numeric_find(code);

	return e == NULL ? NULL : e->name;
}
