/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Windows, what each holds (lines, members, draft), unread counts, and
 * where each chat event goes. No curses here. */

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "event.h"
#include "logfile.h"
#include "nicklist.h"
#include "scrollback.h"
#include "search.h"
#include "smartfilter.h"
#include "url.h"
#include "window.h"
#include "xmalloc.h"

#define WINDOW_MARK_TEXT	"--- new since you left ---"

/* The windows of one server: its status window first, then the rest. */
struct window_group {
	unsigned int		 id;
	char			*label;		/* "host:port", or NULL */
	enum irc_casemap	 casemap;
	char			*nick;		/* our nick there */
	struct window		*status;
};

static struct windows		 windows = TAILQ_HEAD_INITIALIZER(windows);
static struct window		*window_cur;
static struct window_group	*window_groups;
static size_t			 window_ngroups;
static unsigned int		 window_active;	/* 0: window_cur's group */
static size_t			 window_lines = 1000;
static window_observer_fn	*window_observer;
static void			*window_observer_arg;
static window_switch_fn		*window_switcher;
static void			*window_switcher_arg;

static void	window_free(struct window *);
static void	window_empty(struct window *);
static void	window_group_clear(struct window_group *);
static void	window_side_free(void);
static void	window_add(struct window *, const struct chat_event *,
		    enum sb_kind, const char *nick, const char *text);
static bool	window_nick_name(const char *, char *, size_t);
static void	window_nick_add(struct window *, const char *);
static int	window_nick_cmp(const void *, const void *);
static void	window_nick_del(struct window *, const char *);
static void	window_nicks_set(struct window *, const char *);
static void	window_post_all(const struct chat_event *, const char *);
static void	window_post_msg(const struct chat_event *);
static void	window_post_room(const struct chat_event *);
static bool	window_is_self(const char *);
static bool	window_prefix_eq(const char *, const char *, size_t);
static struct window *window_target(const struct chat_event *);
static void	window_post_info(const struct chat_event *);
static void	window_post_away(const struct chat_event *);
static void	window_post_user(const struct chat_event *);
static void	window_add_mark(struct window *, const struct chat_event *);
static struct window_group *window_grp(void);
static struct window_group *window_group_find(unsigned int);
static struct window *window_here(void);

void
window_init(size_t lines)
{
	window_lines = lines > 0 ? lines : 1;
	if (window_ngroups == 0)
		window_group_add(1, NULL);
	if (window_cur == NULL)
		window_cur = window_groups[0].status;
}

/* The group with id, or NULL. */
static struct window_group *
window_group_find(unsigned int id)
{
	size_t	i;

	for (i = 0; i < window_ngroups; i++) {
		if (window_groups[i].id == id)
			return (&window_groups[i]);
	}
	return (NULL);
}

/* The group being worked on: the active one, else the current window's. */
static struct window_group *
window_grp(void)
{
	struct window_group	*g;

	if (window_ngroups == 1)	/* one server: it is that one */
		return (&window_groups[0]);
	if (window_ngroups == 0)	/* used before window_init */
		window_group_add(1, NULL);
	if ((g = window_group_find(window_active != 0 ? window_active :
	    window_cur != NULL ? window_cur->group : 1)) == NULL)
		g = &window_groups[0];
	return (g);
}

void
window_group_add(unsigned int id, const char *label)
{
	struct window_group	*g;
	unsigned int		 was = window_active;

	if (window_group_find(id) != NULL)
		return;
	window_groups = xreallocarray(window_groups, window_ngroups + 1,
	    sizeof *window_groups);
	g = &window_groups[window_ngroups++];
	memset(g, 0, sizeof *g);
	g->id = id;
	g->label = label != NULL ? xstrdup(label) : NULL;
	g->casemap = IRC_CASE_RFC1459;
	window_active = id;
	g->status = window_open(WINDOW_STATUS, "status");
	window_active = was;
}

void
window_group_remove(unsigned int id)
{
	struct window_group	*g = window_group_find(id);
	struct window		*w, *next;

	if (g == NULL || window_ngroups == 1)
		return;
	if (window_cur != NULL && window_cur->group == id) {
		TAILQ_FOREACH(w, &windows, entry) {
			if (w->group != id)
				break;
		}
		window_select(w);
	}
	for (w = TAILQ_FIRST(&windows); w != NULL; w = next) {
		next = TAILQ_NEXT(w, entry);
		if (w->group != id)
			continue;
		TAILQ_REMOVE(&windows, w, entry);
		window_free(w);
	}
	window_group_clear(g);
	*g = window_groups[--window_ngroups];
	if (window_active == id)
		window_active = 0;
}

void
window_group_set_label(unsigned int id, const char *label)
{
	struct window_group	*g = window_group_find(id);

	if (g == NULL)
		return;
	free(g->label);
	g->label = label != NULL ? xstrdup(label) : NULL;
}

const char *
window_group_label(unsigned int id)
{
	struct window_group	*g = window_group_find(id);

	return (g != NULL && g->label != NULL ? g->label : "");
}

size_t
window_group_count(void)
{
	return (window_ngroups);
}

unsigned int
window_set_group(unsigned int id)
{
	unsigned int	was = window_active;

	window_active = id;
	return (was);
}

unsigned int
window_group(void)
{
	return (window_grp()->id);
}

bool
window_in_group(const struct window *w)
{
	return (w->group == window_grp()->id);
}

/* Where a reply goes: the current window if it is of the group being
 * worked on, else the group's status window (not to disturb another). */
static struct window *
window_here(void)
{
	if (window_cur != NULL && window_in_group(window_cur))
		return (window_cur);
	return (window_grp()->status);
}

void
window_free_all(void)
{
	struct window	*w;

	while ((w = TAILQ_FIRST(&windows)) != NULL) {
		TAILQ_REMOVE(&windows, w, entry);
		window_free(w);
	}
	window_cur = NULL;
	while (window_ngroups > 0)
		window_group_clear(&window_groups[--window_ngroups]);
	free(window_groups);
	window_groups = NULL;
	window_active = 0;
	window_side_free();
}

/* Free a group's label and our nick there. */
static void
window_group_clear(struct window_group *g)
{
	free(g->label);
	free(g->nick);
	g->label = g->nick = NULL;
}

/* What is kept beside the windows: members, URLs, noise filter, search. */
static void
window_side_free(void)
{
	nicklist_free_all();
	url_free_all();
	smartfilter_free_all();
	search_free();
}

/* Free what w holds but its lines' store, and blank the rest. */
static void
window_empty(struct window *w)
{
	size_t	i;

	scrollback_clear(w->sb);
	for (i = 0; i < w->nnicks; i++)
		free(w->nicks[i]);
	free(w->nicks);
	free(w->draft);
	free(w->topic);
	w->nicks = NULL;
	w->nnicks = 0;
	w->draft = w->topic = NULL;
	w->draft_point = 0;
	w->unread = 0;
	w->mention = w->activity = w->joined = false;
	w->scroll = 0;
	w->marked = false;
	w->marker = 0;
	w->hist_pending = w->hist_older = w->hist_done = false;
	w->hist_at = w->hist_added = 0;
}

/*
 * Back to what window_init made, keeping the first server's status window
 * and its store (emptied): every other window and server goes, with the
 * members, URLs, noise filter and search they had. The fuzzer resets so
 * between inputs; freeing and making it all again was a tenth of its
 * allocations.
 */
void
window_reset(void)
{
	struct window_group	*g;
	struct window		*w, *next;

	if (window_ngroups == 0)
		return;
	g = &window_groups[0];
	for (w = TAILQ_FIRST(&windows); w != NULL; w = next) {
		next = TAILQ_NEXT(w, entry);
		if (w == g->status)
			continue;
		TAILQ_REMOVE(&windows, w, entry);
		window_free(w);
	}
	while (window_ngroups > 1)
		window_group_clear(&window_groups[--window_ngroups]);
	window_group_clear(g);
	g->id = g->status->group = 1;
	g->casemap = IRC_CASE_RFC1459;
	window_empty(g->status);
	window_cur = g->status;
	window_active = 0;
	window_side_free();
}

void
window_set_observer(window_observer_fn *fn, void *arg)
{
	window_observer = fn;
	window_observer_arg = arg;
}

void
window_set_switch(window_switch_fn *fn, void *arg)
{
	window_switcher = fn;
	window_switcher_arg = arg;
}

void
window_set_casemap(enum irc_casemap map)
{
	window_grp()->casemap = map;
}

void
window_set_self(const char *nick)
{
	struct window_group	*g = window_grp();

	free(g->nick);
	g->nick = xstrdup(nick);
}

const char *
window_self(void)
{
	struct window_group	*g = window_grp();

	return (g->nick != NULL ? g->nick : "");
}

struct windows *
window_list(void)
{
	return (&windows);
}

struct window *
window_status(void)
{
	return (window_grp()->status);
}

struct window *
window_current(void)
{
	return (window_cur);
}

struct window *
window_find(const char *name)
{
	struct window	*w;

	struct window_group	*g = window_grp();

	TAILQ_FOREACH(w, &windows, entry) {
		if (w->group == g->id &&
		    irc_casecmp(g->casemap, w->name, name) == 0)
			return (w);
	}
	return (NULL);
}

/* Find or create the window called name. */
struct window *
window_open(enum window_type type, const char *name)
{
	struct window	*w, *last = NULL, *v;
	unsigned int	 group = window_grp()->id;

	if ((w = window_find(name)) != NULL)
		return (w);
	w = xcalloc(1, sizeof *w);
	w->type = type;
	w->group = group;
	w->name = xstrdup(name);
	w->sb = scrollback_new(window_lines);
	/* At the end of its group: Alt-N numbers go server by server. */
	TAILQ_FOREACH(v, &windows, entry) {
		if (v->group == group)
			last = v;
	}
	if (last != NULL)
		TAILQ_INSERT_AFTER(&windows, last, w, entry);
	else
		TAILQ_INSERT_TAIL(&windows, w, entry);
	return (w);
}

/* Free a window that is no longer in the list. */
static void
window_free(struct window *w)
{
	window_empty(w);
	free(w->name);
	scrollback_free(w->sb);
	free(w);
}

/* Close w (never a status window); the previous window becomes current. */
void
window_close(struct window *w)
{
	struct window	*to;

	if (w->type == WINDOW_STATUS)
		return;
	if (w == window_cur) {
		to = TAILQ_PREV(w, windows, entry);
		window_select(to != NULL ? to : window_grp()->status);
	}
	TAILQ_REMOVE(&windows, w, entry);
	window_free(w);
}

void
window_select(struct window *w)
{
	struct window	*from = window_cur;

	if (w == NULL || w == from)
		return;
	window_cur = w;
	if (from != NULL) {	/* the unread line goes where we left */
		from->marked = true;
		from->marker = 0;
	}
	w->unread = 0;
	w->mention = w->activity = false;
	if (window_switcher != NULL)
		window_switcher(from, w, window_switcher_arg);
}

struct window *
window_by_number(int n)
{
	struct window	*w;

	TAILQ_FOREACH(w, &windows, entry) {
		if (--n == 0)
			return (w);
	}
	return (NULL);
}

int
window_number(const struct window *w)
{
	const struct window	*v;
	int			 n = 0;

	TAILQ_FOREACH(v, &windows, entry) {
		n++;
		if (v == w)
			return (n);
	}
	return (0);
}

void
window_next(void)
{
	struct window	*w = TAILQ_NEXT(window_cur, entry);

	window_select(w != NULL ? w : TAILQ_FIRST(&windows));
}

void
window_prev(void)
{
	struct window	*w = TAILQ_PREV(window_cur, windows, entry);

	window_select(w != NULL ? w : TAILQ_LAST(&windows, windows));
}

size_t
window_count(void)
{
	struct window	*w;
	size_t		 n = 0;

	TAILQ_FOREACH(w, &windows, entry)
		n++;
	return (n);
}

/* Store one line in w and count it as unread when w is not in view.
 * A history line goes where the playback puts it, and counts as activity
 * only: it is old news. */
static void
window_add(struct window *w, const struct chat_event *ev, enum sb_kind kind,
    const char *nick, const char *text)
{
	struct sb_line	l;

	if (kind == SB_QUIET && w->type == WINDOW_ROOM &&
	    smartfilter_hide(w->group, w->name, ev))
		return;
	memset(&l, 0, sizeof l);
	l.time = ev->tv.tv_sec;
	l.msec = (int)(ev->tv.tv_usec / 1000);
	l.kind = kind;
	if (ev->flags & CHAT_SELF)
		l.flags |= SB_SELF;
	if (ev->flags & CHAT_MENTION)
		l.flags |= SB_MENTION;
	l.nick = (char *)nick;
	l.text = (char *)text;
	l.msgid = (char *)ev->msgid;
	if (ev->flags & CHAT_HISTORY) {
		/* Old news: not counted as unread, not logged a second time. */
		l.flags |= SB_HISTORY;
		if (w->hist_older) {
			if (scrollback_insert(w->sb, w->hist_at, &l) == 0) {
				w->hist_at++;
				w->hist_added++;
			}
			return;	/* above the view: it does not move */
		}
		w->hist_added++;
	}
	scrollback_add_line(w->sb, &l);
	if (w->marked)
		w->marker++;
	if (w->type != WINDOW_STATUS && kind <= SB_QUIET &&
	    !(ev->flags & CHAT_HISTORY))
		logfile_line(window_group_label(w->group), w->name,
		    ev->tv.tv_sec, kind, nick, text);
	if (w->scroll > 0)
		w->scroll++;	/* keep the view still while scrolled up */
	if (w == window_cur)
		return;
	if ((kind == SB_MSG || kind == SB_ACTION || kind == SB_NOTICE) &&
	    !(ev->flags & CHAT_HISTORY)) {
		if (!(ev->flags & CHAT_SELF))
			w->unread++;
		if ((ev->flags & (CHAT_MENTION | CHAT_PRIVATE)) &&
		    !(ev->flags & CHAT_SELF))
			w->mention = true;
	} else
		w->activity = true;
}

void
window_history_begin(struct window *w, bool older)
{
	w->hist_older = older;
	w->hist_at = 0;
	w->hist_added = 0;
}

void
window_history_end(struct window *w)
{
	struct chat_event	ev;

	w->hist_pending = false;
	if (w->hist_older) {
		if (w->hist_added == 0)
			w->hist_done = true;	/* the server has no more */
		w->hist_older = false;
		return;
	}
	if (w->hist_added == 0)
		return;
	w->hist_added = 0;
	memset(&ev, 0, sizeof ev);
	ev.type = CHAT_INFO;
	ev.flags = CHAT_HISTORY;
	gettimeofday(&ev.tv, NULL);
	ev.room = w->type != WINDOW_STATUS ? w->name : NULL;
	ev.text = WINDOW_MARK_TEXT;
	window_add_mark(w, &ev);
	if (window_observer != NULL)
		window_observer(&ev, w, window_observer_arg);
}

/* The marker line: live traffic starts below it. */
static void
window_add_mark(struct window *w, const struct chat_event *ev)
{
	struct sb_line	l;

	memset(&l, 0, sizeof l);
	l.time = ev->tv.tv_sec;
	l.kind = SB_MARK;
	l.text = (char *)ev->text;
	scrollback_add_line(w->sb, &l);
	if (w->scroll > 0)
		w->scroll++;
}

const struct sb_line *
window_history_oldest(const struct window *w)
{
	const struct sb_line	*l, *msg = NULL;
	size_t			 i, n = scrollback_len(w->sb);

	for (i = 0; i < n; i++) {
		l = scrollback_get(w->sb, i);
		if (l->msgid != NULL || (l->flags & SB_HISTORY))
			return (l);
		if (msg == NULL && (l->kind == SB_MSG ||
		    l->kind == SB_ACTION || l->kind == SB_NOTICE))
			msg = l;
	}
	return (msg);
}

void
window_print(struct window *w, bool error, const char *fmt, ...)
{
	struct chat_event	 ev;
	va_list			 ap;
	char			*text;

	va_start(ap, fmt);
	if (xvasprintf(&text, fmt, ap) == -1)
		text = NULL;
	va_end(ap);
	if (text == NULL)
		return;
	memset(&ev, 0, sizeof ev);
	ev.type = error ? CHAT_ERROR : CHAT_INFO;
	gettimeofday(&ev.tv, NULL);
	ev.text = text;
	if (w == NULL)
		w = window_here();
	ev.room = w != NULL && w->type != WINDOW_STATUS ? w->name : NULL;
	if (w != NULL && window_ngroups > 1)
		ev.server = window_group_label(w->group);
	if (w != NULL)
		window_add(w, &ev, error ? SB_ERROR : SB_INFO, NULL, text);
	if (window_observer != NULL)
		window_observer(&ev, w, window_observer_arg);
	free(text);
}

/* Whether nick is our own. */
static bool
window_is_self(const char *nick)
{
	struct window_group	*g = window_grp();

	return (nick != NULL && g->nick != NULL &&
	    irc_casecmp(g->casemap, nick, g->nick) == 0);
}

bool
window_has_nick(const struct window *w, const char *nick)
{
	size_t	i;

	for (i = 0; i < w->nnicks; i++) {
		if (irc_casecmp(window_grp()->casemap, w->nicks[i], nick) == 0)
			return (true);
	}
	return (false);
}

/* The bare nick of a NAMES entry (prefixes and user@host removed) into
 * buf; false if there is none or it does not fit. */
static bool
window_nick_name(const char *nick, char *buf, size_t size)
{
	size_t	n;

	nick += strspn(nick, "~&@%+");
	n = strcspn(nick, "!");
	if (n == 0 || n >= size)
		return (false);
	memcpy(buf, nick, n);
	buf[n] = '\0';
	return (true);
}

/* Add nick (a NAMES entry may carry prefixes and user@host) to w. */
static void
window_nick_add(struct window *w, const char *nick)
{
	char	 buf[256];

	if (!window_nick_name(nick, buf, sizeof buf) ||
	    window_has_nick(w, buf))
		return;
	w->nicks = xreallocarray(w->nicks, w->nnicks + 1, sizeof *w->nicks);
	w->nicks[w->nnicks++] = xstrdup(buf);
}

/* Order two nicks under the current casemapping (qsort). */
static int
window_nick_cmp(const void *a, const void *b)
{
	return (irc_casecmp(window_grp()->casemap, *(char *const *)a,
	    *(char *const *)b));
}

static void
window_nick_del(struct window *w, const char *nick)
{
	size_t	i;

	for (i = 0; i < w->nnicks; i++) {
		if (irc_casecmp(window_grp()->casemap, w->nicks[i], nick) != 0)
			continue;
		free(w->nicks[i]);
		w->nicks[i] = w->nicks[--w->nnicks];
		return;
	}
}

/* Replace the member list by a space-separated NAMES list. */
static void
window_nicks_set(struct window *w, const char *list)
{
	char		 buf[256], *copy, *p, *word;
	const char	*c;
	size_t		 i, n;

	for (i = 0; i < w->nnicks; i++)
		free(w->nicks[i]);
	w->nnicks = 0;
	/* One allocation for the whole list: growing it by one per nick
	 * copies it each time under ASan (tests/hostile, 10 MB NAMES). */
	for (c = list, n = 1; *c != '\0'; c++)
		n += *c == ' ';
	w->nicks = xreallocarray(w->nicks, n, sizeof *w->nicks);
	p = copy = xstrdup(list);
	while ((word = strsep(&p, " ")) != NULL) {
		if (window_nick_name(word, buf, sizeof buf))
			w->nicks[w->nnicks++] = xstrdup(buf);
	}
	free(copy);
	/* Sort, then drop repeats: a huge NAMES reply stays O(n log n)
	 * (checking each nick against the list was quadratic). */
	if (w->nnicks == 0)
		return;
	qsort(w->nicks, w->nnicks, sizeof *w->nicks, window_nick_cmp);
	for (i = 1, n = 1; i < w->nnicks; i++) {
		if (window_nick_cmp(&w->nicks[n - 1], &w->nicks[i]) == 0)
			free(w->nicks[i]);
		else
			w->nicks[n++] = w->nicks[i];
	}
	w->nnicks = n;
}

void
window_set_draft(struct window *w, const char *text, int point)
{
	free(w->draft);
	w->draft = text != NULL && *text != '\0' ? xstrdup(text) : NULL;
	w->draft_point = w->draft != NULL ? point : 0;
}

void
window_scroll(struct window *w, long lines)
{
	long	 max = (long)scrollback_len(w->sb) - 1;
	long	 s = (long)w->scroll + lines;

	if (s > max)
		s = max;
	if (s < 0)
		s = 0;
	w->scroll = (size_t)s;
}

/* Whether the first n bytes of a and b match under the casemapping. */
static bool
window_prefix_eq(const char *a, const char *b, size_t n)
{
	enum irc_casemap	map = window_grp()->casemap;
	size_t			i;

	for (i = 0; i < n; i++) {
		if (irc_tolower(map, a[i]) != irc_tolower(map, b[i]))
			return (false);
	}
	return (true);
}

bool
window_mentions(const char *text, const char *nick)
{
	size_t		 n = strlen(nick), left = strlen(text);
	const char	*p;

	if (n == 0)
		return (false);
	for (p = text; *p != '\0'; p++, left--) {
		if (p != text && (isalnum((unsigned char)p[-1]) ||
		    strchr("[]\\`_^{|}-", p[-1]) != NULL))
			continue;
		if (left < n)
			return (false);
		if (!window_prefix_eq(p, nick, n))
			continue;
		if (isalnum((unsigned char)p[n]) ||
		    (p[n] != '\0' && strchr("[]\\`_^{|}-", p[n]) != NULL))
			continue;
		return (true);
	}
	return (false);
}

/* A message, action or notice: to a room, or a private one (a query). */
static void
window_post_msg(const struct chat_event *ev)
{
	struct window	*w;
	enum sb_kind	 kind = SB_MSG;
	const char	*peer;

	if (ev->type == CHAT_ACTION)
		kind = SB_ACTION;
	else if (ev->type == CHAT_NOTICE)
		kind = SB_NOTICE;
	if (ev->room != NULL)
		w = window_open(WINDOW_ROOM, ev->room);
	else {
		peer = (ev->flags & CHAT_SELF) ? ev->target : ev->from;
		if (peer == NULL || strchr(peer, '.') != NULL)
			w = window_grp()->status;	/* a server notice */
		else if (kind == SB_NOTICE && window_find(peer) == NULL)
			w = window_here();
		else
			w = window_open(WINDOW_QUERY, peer);
	}
	/* A message shown once: history overlapping what came live. */
	if ((ev->flags & CHAT_HISTORY) && ev->msgid != NULL &&
	    scrollback_has_id(w->sb, ev->msgid))
		return;
	window_add(w, ev, kind, ev->from, ev->text != NULL ? ev->text : "");
	if (window_observer != NULL)
		window_observer(ev, w, window_observer_arg);
}

/* A line in every window that has nick as member or peer (QUIT, NICK). */
static void
window_post_all(const struct chat_event *ev, const char *line)
{
	struct window	*w;

	TAILQ_FOREACH(w, &windows, entry) {
		if (!window_in_group(w))
			continue;
		if (window_is_self(ev->from) && w->type != WINDOW_QUERY) {
			window_add(w, ev, SB_QUIET, NULL, line);
			continue;
		}
		if (w->type == WINDOW_ROOM && window_has_nick(w, ev->from))
			window_add(w, ev, SB_QUIET, NULL, line);
		else if (w->type == WINDOW_QUERY &&
		    irc_casecmp(window_grp()->casemap, w->name, ev->from) == 0)
			window_add(w, ev, SB_QUIET, NULL, line);
		if (ev->type == CHAT_QUIT && w->type == WINDOW_ROOM)
			window_nick_del(w, ev->from);
	}
	if (ev->type != CHAT_NICK)
		return;
	TAILQ_FOREACH(w, &windows, entry) {
		if (!window_in_group(w))
			continue;
		if (w->type == WINDOW_ROOM && window_has_nick(w, ev->from)) {
			window_nick_del(w, ev->from);
			window_nick_add(w, ev->target);
		} else if (w->type == WINDOW_QUERY &&
		    irc_casecmp(window_grp()->casemap, w->name,
		    ev->from) == 0 &&
		    window_find(ev->target) == NULL) {
			free(w->name);
			w->name = xstrdup(ev->target);
		}
	}
}

/* Events about one room: join, part, kick, topic, names, mode. */
static void
window_post_room(const struct chat_event *ev)
{
	struct window	*w;
	char		*line = NULL;
	const char	*why = ev->text != NULL && *ev->text != '\0' ?
			    ev->text : NULL;
	bool		 self = window_is_self(ev->from);
	int		 r = 0;

	w = window_find(ev->room);
	if (w == NULL && (ev->type == CHAT_JOIN && self))
		w = window_open(WINDOW_ROOM, ev->room);
	if (w == NULL)
		w = window_grp()->status;
	switch (ev->type) {
	case CHAT_JOIN:
		if (self)
			w->joined = true;
		window_nick_add(w, ev->from);
		r = xasprintf(&line, "%s has joined %s", ev->from, ev->room);
		break;
	case CHAT_PART:
		if (self)
			w->joined = false;
		window_nick_del(w, ev->from);
		r = xasprintf(&line, "%s has left %s%s%s%s", ev->from, ev->room,
		    why ? " (" : "", why ? why : "", why ? ")" : "");
		break;
	case CHAT_KICK:
		if (window_is_self(ev->target))
			w->joined = false;
		window_nick_del(w, ev->target);
		r = xasprintf(&line, "%s was kicked by %s%s%s%s", ev->target,
		    ev->from, why ? " (" : "", why ? why : "", why ? ")" : "");
		break;
	case CHAT_TOPIC:
		free(w->topic);
		w->topic = xstrdup(ev->text != NULL ? ev->text : "");
		if (ev->from != NULL)
			r = xasprintf(&line, "%s changed the topic to: %s",
			    ev->from, w->topic);
		else
			r = xasprintf(&line, "Topic: %s", w->topic);
		break;
	case CHAT_NAMES:
		window_nicks_set(w, ev->text != NULL ? ev->text : "");
		r = xasprintf(&line, "Users in %s: %s", ev->room,
		    ev->text != NULL ? ev->text : "");
		break;
	default:	/* CHAT_MODE */
		r = xasprintf(&line, "%s sets mode %s", ev->from != NULL ?
		    ev->from : "server", ev->text != NULL ? ev->text : "");
		break;
	}
	if (r != -1) {
		window_add(w, ev, SB_QUIET, NULL, line);
		free(line);
	}
	if (window_observer != NULL)
		window_observer(ev, w, window_observer_arg);
}

/*
 * Someone went away or came back (away-notify, for everyone in our rooms):
 * the nick list dims them; a line only in a query with them, not in
 * whatever window is shown ("is away: " when someone came back, before).
 */
static void
window_post_away(const struct chat_event *ev)
{
	struct window	*w;
	char		*line;

	w = ev->from != NULL ? window_find(ev->from) : NULL;
	if (w != NULL && w->type == WINDOW_QUERY) {
		if (ev->text != NULL && *ev->text != '\0')
			xasprintf(&line, "%s is away: %s", ev->from, ev->text);
		else
			xasprintf(&line, "%s is back", ev->from);
		window_add(w, ev, SB_QUIET, NULL, line);
		free(line);
	} else
		w = window_here();
	if (window_observer != NULL)
		window_observer(ev, w, window_observer_arg);
}

/* Where a line that belongs to no room member goes. */
static struct window *
window_target(const struct chat_event *ev)
{
	struct window	*w = NULL;

	if (ev->type == CHAT_INVITE || (ev->flags & CHAT_HERE))
		return (window_here());
	if (ev->room != NULL)
		w = window_find(ev->room);
	if (w == NULL)
		w = ev->type == CHAT_ERROR ? window_here() :
		    window_grp()->status;
	return (w);
}

/* Server and client information, errors, invitations, user modes. */
static void
window_post_info(const struct chat_event *ev)
{
	struct window	*w = window_target(ev);
	char		*line = NULL;
	const char	*why = ev->text != NULL ? ev->text : "", *text = why;
	int		 r = 0;

	/* Losing the server matters wherever one is looking. */
	if (ev->type == CHAT_DISCONNECTED && window_cur != NULL &&
	    window_cur->type != WINDOW_STATUS && window_in_group(window_cur))
		scrollback_add(window_cur->sb, ev->tv.tv_sec, SB_ERROR, 0, NULL,
		    why);
	if (ev->type == CHAT_INVITE)
		r = xasprintf(&line, "%s invites you to %s", ev->from, ev->room);
	else if (ev->type == CHAT_MODE)
		r = xasprintf(&line, "%s sets mode %s", ev->from != NULL ?
		    ev->from : "server", why);
	if (line != NULL)
		text = line;
	/* Progress shows in the status line, not as lines. */
	if (r != -1 && ev->type != CHAT_PROGRESS)
		window_add(w, ev, ev->type == CHAT_ERROR ||
		    ev->type == CHAT_LOGIN_FAILED ||
		    ev->type == CHAT_DISCONNECTED ? SB_ERROR : SB_INFO, NULL,
		    text);
	free(line);
	if (window_observer != NULL)
		window_observer(ev, w, window_observer_arg);
}

/* QUIT and NICK: a line in every window the nick is in. */
static void
window_post_user(const struct chat_event *ev)
{
	char		*line = NULL;
	const char	*why = ev->text != NULL && *ev->text != '\0' ?
			    ev->text : NULL;
	int		 r;

	if (ev->type == CHAT_QUIT)
		r = xasprintf(&line, "%s has quit%s%s%s", ev->from,
		    why ? " (" : "", why ? why : "", why ? ")" : "");
	else
		r = xasprintf(&line, "%s is now known as %s", ev->from,
		    ev->target);
	if (r != -1) {
		window_post_all(ev, line);
		free(line);
	}
	if (window_observer != NULL)
		window_observer(ev, window_cur, window_observer_arg);
}

void
window_post(const struct chat_event *ev)
{
	nicklist_post(window_group(), ev);
	url_post(window_group(), ev);
	smartfilter_post(window_group(), ev);
	switch (ev->type) {
	case CHAT_MSG:
	case CHAT_ACTION:
	case CHAT_NOTICE:
		window_post_msg(ev);
		break;
	case CHAT_JOIN:
	case CHAT_PART:
	case CHAT_KICK:
	case CHAT_TOPIC:
	case CHAT_NAMES:
		window_post_room(ev);
		break;
	case CHAT_MODE:
		if (ev->room != NULL && irc_is_room(ev->room))
			window_post_room(ev);
		else
			window_post_info(ev);
		break;
	case CHAT_QUIT:
	case CHAT_NICK:
		if (ev->from != NULL)
			window_post_user(ev);
		break;
	case CHAT_AWAY:
		window_post_away(ev);
		break;
	default:
		window_post_info(ev);
		break;
	}
}
