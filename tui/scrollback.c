/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Per-window history: a ring that grows up to its cap, so memory stays
 * bounded by what is kept. */

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

/* The ring starts this small and doubles up to its cap: most windows
 * (a query, a quiet room) never hold the thousands of lines allowed. */
#define SB_FIRST_ALLOC	16

struct scrollback {
	struct sb_line	*lines;
	size_t		 cap;	/* lines kept at most */
	size_t		 alloc;	/* slots in lines (<= cap) */
	size_t		 start;	/* index of the oldest line */
	size_t		 len;
};

static void	scrollback_line_free(struct sb_line *);
static void	scrollback_copy(struct sb_line *, const struct sb_line *);
static void	scrollback_grow(struct scrollback *);

struct scrollback *
scrollback_new(size_t cap)
{
	struct scrollback	*sb;

	if (cap < 1)
		cap = 1;
	sb = xcalloc(1, sizeof *sb);
	sb->cap = cap;
	sb->alloc = cap < SB_FIRST_ALLOC ? cap : SB_FIRST_ALLOC;
	sb->lines = xcalloc(sb->alloc, sizeof *sb->lines);
	return (sb);
}

/* Room for one more line below the cap: twice the slots, the ring
 * unrolled into them oldest first. */
static void
scrollback_grow(struct scrollback *sb)
{
	struct sb_line	*lines;
	size_t		 alloc, i;

	alloc = sb->alloc * 2 < sb->cap ? sb->alloc * 2 : sb->cap;
	lines = xcalloc(alloc, sizeof *lines);
	for (i = 0; i < sb->len; i++)
		lines[i] = sb->lines[(sb->start + i) % sb->alloc];
	free(sb->lines);
	sb->lines = lines;
	sb->alloc = alloc;
	sb->start = 0;
}

/* Free what one line owns: its strings are one block, text first. */
static void
scrollback_line_free(struct sb_line *l)
{
	free(l->text);
	l->nick = l->text = l->msgid = NULL;
}

/*
 * Fill the empty slot to with copies of what from holds, in one block:
 * text (cut at a character boundary past SB_TEXT_MAX bytes), then nick
 * and msgid. Every event makes a line, and three allocations each were
 * a good part of what a line cost.
 */
static void
scrollback_copy(struct sb_line *to, const struct sb_line *from)
{
	size_t	tlen = strlen(from->text), cut = tlen, nlen = 0, mlen = 0;
	size_t	mark = 0;
	char	*p;

	if (tlen > SB_TEXT_MAX) {
		cut = utf8_boundary(from->text, tlen, SB_TEXT_MAX);
		mark = sizeof SB_CUT_MARK - 1;
	}
	if (from->nick != NULL)
		nlen = strlen(from->nick) + 1;
	if (from->msgid != NULL)
		mlen = strlen(from->msgid) + 1;
	p = xmalloc(cut + mark + 1 + nlen + mlen);
	to->time = from->time;
	to->msec = from->msec;
	to->kind = from->kind;
	to->flags = from->flags;
	to->text = p;
	memcpy(p, from->text, cut);
	memcpy(p + cut, SB_CUT_MARK, mark);
	p[cut + mark] = '\0';
	p += cut + mark + 1;
	to->nick = from->nick != NULL ? memcpy(p, from->nick, nlen) : NULL;
	p += nlen;
	to->msgid = from->msgid != NULL ? memcpy(p, from->msgid, mlen) : NULL;
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
		sb->start = (sb->start + 1) % sb->alloc;
		sb->len--;
	} else if (sb->len == sb->alloc)
		scrollback_grow(sb);
	scrollback_copy(&sb->lines[(sb->start + sb->len) % sb->alloc], from);
	sb->len++;
}

int
scrollback_insert(struct scrollback *sb, size_t at, const struct sb_line *from)
{
	size_t	i;

	if (sb->len == sb->cap)
		return (-1);
	if (sb->len == sb->alloc)
		scrollback_grow(sb);
	if (at > sb->len)
		at = sb->len;
	/* Open a slot in front of the ring, then move the first at lines
	 * down into it: the lines below at do not move. */
	sb->start = (sb->start + sb->alloc - 1) % sb->alloc;
	sb->len++;
	for (i = 0; i < at; i++)
		sb->lines[(sb->start + i) % sb->alloc] =
		    sb->lines[(sb->start + i + 1) % sb->alloc];
	scrollback_copy(&sb->lines[(sb->start + at) % sb->alloc], from);
	return (0);
}

bool
scrollback_has_id(const struct scrollback *sb, const char *msgid)
{
	const struct sb_line	*l;
	size_t			 i;

	for (i = sb->len; i > 0; i--) {
		l = &sb->lines[(sb->start + i - 1) % sb->alloc];
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
	return (&sb->lines[(sb->start + i) % sb->alloc]);
}

void
scrollback_clear(struct scrollback *sb)
{
	size_t	i;

	for (i = 0; i < sb->len; i++)
		scrollback_line_free(&sb->lines[(sb->start + i) % sb->alloc]);
	sb->start = sb->len = 0;
}
