/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Highlight words and the notification and title sequences. Texts reach
 * here sanitised already; highlight_safe filters again for the one place
 * where a stray byte would matter most (inside an OSC string). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "highlight.h"
#include "sanitize.h"
#include "utf8.h"
#include "window.h"
#include "xmalloc.h"

static char	**hl_words;
static size_t	  hl_nwords;

void
highlight_free(void)
{
	size_t	i;

	for (i = 0; i < hl_nwords; i++)
		free(hl_words[i]);
	free(hl_words);
	hl_words = NULL;
	hl_nwords = 0;
}

void
highlight_set_words(const char *list)
{
	char	*copy, *p, *word;

	highlight_free();
	if (list == NULL)
		return;
	p = copy = xstrdup(list);
	while ((word = strsep(&p, ",")) != NULL) {
		word += strspn(word, " ");
		word[strcspn(word, " ")] = '\0';
		if (*word == '\0')
			continue;
		hl_words = xreallocarray(hl_words, hl_nwords + 1,
		    sizeof *hl_words);
		hl_words[hl_nwords++] = xstrdup(word);
	}
	free(copy);
}

bool
highlight_match(const char *text)
{
	size_t	i;

	for (i = 0; i < hl_nwords; i++) {
		if (window_mentions(text, hl_words[i]))
			return (true);
	}
	return (false);
}

int
highlight_notify_kind(const char *s, enum highlight_notify *kind)
{
	const char	*term = getenv("TERM");
	const char	*prog = getenv("TERM_PROGRAM");

	if (strcasecmp(s, "off") == 0)
		*kind = HIGHLIGHT_NOTIFY_OFF;
	else if (strcasecmp(s, "osc777") == 0)
		*kind = HIGHLIGHT_NOTIFY_OSC777;
	else if (strcasecmp(s, "osc9") == 0)
		*kind = HIGHLIGHT_NOTIFY_OSC9;
	else if (strcasecmp(s, "auto") != 0)
		return (-1);
	else if (getenv("TMUX") != NULL || getenv("STY") != NULL)
		*kind = HIGHLIGHT_NOTIFY_OFF;	/* tmux, screen eat them */
	else if (getenv("VTE_VERSION") != NULL || (term != NULL &&
	    (strncmp(term, "foot", 4) == 0 || strncmp(term, "rxvt", 4) == 0)))
		*kind = HIGHLIGHT_NOTIFY_OSC777;
	else if (getenv("KITTY_WINDOW_ID") != NULL || (prog != NULL &&
	    (strcmp(prog, "iTerm.app") == 0 || strcmp(prog, "WezTerm") == 0)))
		*kind = HIGHLIGHT_NOTIFY_OSC9;
	else
		*kind = HIGHLIGHT_NOTIFY_OFF;
	return (0);
}

char *
highlight_safe(const char *text, char *out, size_t size)
{
	char		*plain;
	size_t		 i, o = 0, len;
	uint32_t	 cp;
	int		 n;

	if (size == 0)
		return (out);
	plain = xstrdup(text != NULL ? text : "");
	sanitize_strip_format(plain);
	len = strlen(plain);
	for (i = 0; i < len; i += n) {
		if ((n = utf8_decode(plain + i, len - i, &cp)) <= 0) {
			n = 1;		/* not UTF-8: never copied */
			continue;
		}
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			continue;
		if (o + (size_t)n >= size)
			break;
		if (cp == ';')
			out[o++] = ',';
		else {
			memcpy(out + o, plain + i, (size_t)n);
			o += (size_t)n;
		}
	}
	out[o] = '\0';
	free(plain);
	return (out);
}

void
highlight_notification(enum highlight_notify kind, const char *from,
    const char *where, const char *text, char *out, size_t size)
{
	char	f[64], w[64], t[256];

	char	who[160];

	highlight_safe(from, f, sizeof f);
	highlight_safe(where, w, sizeof w);
	highlight_safe(text, t, sizeof t);
	if (where != NULL)
		snprintf(who, sizeof who, "%s in %s", f, w);
	else
		snprintf(who, sizeof who, "%s (private)", f);
	switch (kind) {
	case HIGHLIGHT_NOTIFY_OSC777:
		snprintf(out, size, "\033]777;notify;%s;%s\033\\", who, t);
		break;
	case HIGHLIGHT_NOTIFY_OSC9:
		snprintf(out, size, "\033]9;%s: %s\033\\", who, t);
		break;
	default:
		if (size > 0)
			*out = '\0';
		break;
	}
}

void
highlight_title(size_t nmention, char *out, size_t size)
{
	if (nmention == 0)
		snprintf(out, size, "\033]2;tui-chat\033\\");
	else
		snprintf(out, size, "\033]2;tui-chat (%zu mention%s)\033\\",
		    nmention, nmention == 1 ? "" : "s");
}
