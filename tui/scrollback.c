/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Per-window history: a fixed-size ring, so memory stays bounded. */

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "scrollback.h"
#include "utf8.h"
#include "xmalloc.h"

/* A longer line is cut: more than a screen of wrapped rows is not worth
 * laying out on every redraw (a 1 MB NAMES line made each key slow). */
#define SB_TEXT_MAX	8192
#define SB_CUT_MARK	" [...]"

struct scrollback {
	struct sb_line	*lines;
	size_t		 cap;
	size_t		 start;	/* index of the oldest line */
	size_t		 len;
};

static void	scrollback_line_free(struct sb_line *);
static char	*scrollback_text(const char *);
static void	scrollback_copy(struct sb_line *, const struct sb_line *);

/* A copy of text, cut at a character boundary past SB_TEXT_MAX bytes. */
static char *
scrollback_text(const char *text)
{
	size_t	len = strlen(text), n;
	char	*out;

	if (len <= SB_TEXT_MAX)
		return (xstrdup(text));
	n = utf8_boundary(text, len, SB_TEXT_MAX);
	out = xmalloc(n + sizeof SB_CUT_MARK);
	memcpy(out, text, n);
	memcpy(out + n, SB_CUT_MARK, sizeof SB_CUT_MARK);
	return (out);
}

struct scrollback *
scrollback_new(size_t cap)
{
	struct scrollback	*sb;

	if (cap < 1)
		cap = 1;
	sb = xcalloc(1, sizeof *sb);
	sb->lines = xcalloc(cap, sizeof *sb->lines);
	sb->cap = cap;
	return (sb);
}

/* Free what one line owns. */
static void
scrollback_line_free(struct sb_line *l)
{
	free(l->nick);
	free(l->text);
	free(l->msgid);
	l->nick = l->text = l->msgid = NULL;
}

/* Fill the empty slot to with copies of what from holds. */
static void
scrollback_copy(struct sb_line *to, const struct sb_line *from)
{
	to->time = from->time;
	to->msec = from->msec;
	to->kind = from->kind;
	to->flags = from->flags;
	to->nick = from->nick != NULL ? xstrdup(from->nick) : NULL;
	to->text = scrollback_text(from->text);
	to->msgid = from->msgid != NULL ? xstrdup(from->msgid) : NULL;
}

void
scrollback_free(struct scrollback *sb)
{
	if (sb == NULL)
		return;
	scrollback_clear(sb);
	free(sb->lines);
	free(sb);
}

void
scrollback_add(struct scrollback *sb, time_t t, enum sb_kind kind, int flags,
    const char *nick, const char *text)
{
	struct sb_line	l;

	memset(&l, 0, sizeof l);
	l.time = t;
	l.kind = kind;
	l.flags = flags;
	l.nick = (char *)nick;
	l.text = (char *)text;
	scrollback_add_line(sb, &l);
}

void
scrollback_add_line(struct scrollback *sb, const struct sb_line *from)
{
	struct sb_line	*l;

	if (sb->len == sb->cap) {
		l = &sb->lines[sb->start];
		scrollback_line_free(l);
		sb->start = (sb->start + 1) % sb->cap;
		sb->len--;
	}
	scrollback_copy(&sb->lines[(sb->start + sb->len) % sb->cap], from);
	sb->len++;
}

int
scrollback_insert(struct scrollback *sb, size_t at, const struct sb_line *from)
{
	size_t	i;

	if (sb->len == sb->cap)
		return (-1);
	if (at > sb->len)
		at = sb->len;
	/* Open a slot in front of the ring, then move the first at lines
	 * down into it: the lines below at do not move. */
	sb->start = (sb->start + sb->cap - 1) % sb->cap;
	sb->len++;
	for (i = 0; i < at; i++)
		sb->lines[(sb->start + i) % sb->cap] =
		    sb->lines[(sb->start + i + 1) % sb->cap];
	scrollback_copy(&sb->lines[(sb->start + at) % sb->cap], from);
	return (0);
}

bool
scrollback_has_id(const struct scrollback *sb, const char *msgid)
{
	const struct sb_line	*l;
	size_t			 i;

	for (i = sb->len; i > 0; i--) {
		l = &sb->lines[(sb->start + i - 1) % sb->cap];
		if (l->msgid != NULL && strcmp(l->msgid, msgid) == 0)
			return (true);
	}
	return (false);
}

size_t
scrollback_room(const struct scrollback *sb)
{
	return (sb->cap - sb->len);
}

size_t
scrollback_len(const struct scrollback *sb)
{
	return (sb->len);
}

const struct sb_line *
scrollback_get(const struct scrollback *sb, size_t i)
{
	assert(i < sb->len);
	return (&sb->lines[(sb->start + i) % sb->cap]);
}

void
scrollback_clear(struct scrollback *sb)
{
	size_t	i;

	for (i = 0; i < sb->len; i++)
		scrollback_line_free(&sb->lines[(sb->start + i) % sb->cap]);
	sb->start = sb->len = 0;
}
