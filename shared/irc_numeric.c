/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Look up numerics' names and default texts from the X-macro table. */

#include <stddef.h>

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

/* Find code's row (the table is short and sorted; a scan is fine). */
static const struct irc_numeric_entry *
irc_numeric_find(int code)
{
	size_t	i;

	for (i = 0; i < sizeof irc_numeric_table / sizeof irc_numeric_table[0];
	    i++) {
		if (irc_numeric_table[i].code == code)
			return &irc_numeric_table[i];
	}
	return NULL;
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
