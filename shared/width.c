/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Display widths: the renderer and the input line agree through this file. */

#include <langinfo.h>
#include <locale.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "utf8.h"
#include "width.h"

int
width_init(void)
{
	const char	*cs = nl_langinfo(CODESET);

	if (cs != NULL && (strcasecmp(cs, "UTF-8") == 0 ||
	    strcasecmp(cs, "utf8") == 0))
		return (0);
	if (setlocale(LC_CTYPE, "C.UTF-8") != NULL)
		return (0);
	if (setlocale(LC_CTYPE, "en_US.UTF-8") != NULL)
		return (0);
	return (-1);
}

int
width_cp(uint32_t cp)
{
	int	w;

	if (cp >= 0x20 && cp < 0x7f)	/* most text: no table to look up */
		return (1);
	if (cp == 0)
		return (0);
	/* Hangul jamo medial/final and variation selectors join the base. */
	if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef))
		return (0);
	w = wcwidth((wchar_t)cp);
	if (w < 0)
		return (1);
	return (w > 2 ? 2 : w);
}

int
width_str(const char *s, size_t len)
{
	size_t		i = 0;
	uint32_t	cp;
	int		n, w = 0;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (n <= 0) {
			w++;
			i++;
			continue;
		}
		w += width_cp(cp);
		i += n;
	}
	return (w);
}
