/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * Fuzz the client's incoming path: lines from a server (the input, split on
 * LF) go through the session into the window model, and every window is
 * laid out on grids of several sizes. Whatever the server sends, no event
 * string, headless JSON line or screen cell may carry a byte a terminal
 * would act on: C0 (mIRC formatting codes aside, in event text only), DEL,
 * C1, ESC, bidi and zero-width format characters, or invalid UTF-8.
 */

#include <stdbool.h>
#include <string.h>

#include <event2/event.h>

#include "fuzz.h"
#include "chat_event.h"
#include "log.h"
#include "net.h"
#include "sanitize.h"
#include "session.h"
#include "ui_render.h"
#include "utf8.h"
#include "width.h"
#include "window.h"
#include "xmalloc.h"

#define FUZZ_ALLOW_FORMAT	0x1	/* mIRC codes are fine here */

static struct event_base	*fuzz_base;

static void	fuzz_setup(void);
static void	fuzz_safe(const char *, size_t, int);
static void	fuzz_observe(const struct chat_event *, struct window *,
		    void *);
static void	fuzz_render(int, int);
static bool	fuzz_hidden(uint32_t);

/* Once per process. */
static void
fuzz_setup(void)
{
	log_init("client_fuzzer", 0);
	log_set_quiet(true);
	if (width_init() != 0)
		fatalx("no UTF-8 locale");
	if ((fuzz_base = event_base_new()) == NULL)
		fatalx("event_base_new failed");
	net_init(fuzz_base, NULL);
}

/* Characters that reorder or hide text. */
static bool
fuzz_hidden(uint32_t cp)
{
	return (cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x200b && cp <= 0x200d) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff);
}

/* len bytes of s are valid UTF-8 with nothing a terminal acts on. */
static void
fuzz_safe(const char *s, size_t len, int flags)
{
	size_t		i = 0;
	uint32_t	cp;
	int		n;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		FUZZ_CHECK(n > 0);
		i += (size_t)n;
		if (cp < 0x20)
			FUZZ_CHECK((flags & FUZZ_ALLOW_FORMAT) &&
			    sanitize_is_format(cp));
		FUZZ_CHECK(cp != 0x7f && (cp < 0x80 || cp >= 0xa0));
		FUZZ_CHECK(!fuzz_hidden(cp));
	}
}

/* Every event the model stores, and its headless JSON line. */
static void
fuzz_observe(const struct chat_event *ev, struct window *w, void *arg)
{
	const char	*names[] = { ev->room, ev->from, ev->target };
	char		*json;
	size_t		 i, len;

	/* A name that was a trailing parameter keeps mIRC codes too (see
	 * /work/notes/fuzz-findings.md); the cell check below is what keeps
	 * them off the terminal. */
	for (i = 0; i < nitems(names); i++) {
		if (names[i] != NULL)
			fuzz_safe(names[i], strlen(names[i]),
			    FUZZ_ALLOW_FORMAT);
	}
	if (ev->text != NULL)
		fuzz_safe(ev->text, strlen(ev->text), FUZZ_ALLOW_FORMAT);
	json = chat_event_json(ev);
	len = strlen(json);
	FUZZ_CHECK(len >= 2 && json[0] == '{' && json[len - 1] == '}');
	/* JSON escapes every control: the raw line holds none. */
	fuzz_safe(json, len, 0);
	free(json);
}

/* Lay out every window at w x h; every cell must be harmless text. */
static void
fuzz_render(int w, int h)
{
	struct grid	 g;
	struct ui_view	 v;
	struct window	*win;
	struct cell	*c;
	int		 x, y;

	memset(&g, 0, sizeof g);
	memset(&v, 0, sizeof v);
	v.time_format = "%H:%M";
	v.input = "";
	v.colours = true;
	grid_resize(&g, w, h);
	TAILQ_FOREACH(win, window_list(), entry) {
		window_select(win);
		ui_render(&g, &v);
		for (y = 0; y < h; y++) {
			for (x = 0; x < w; x++) {
				c = grid_cell(&g, x, y);
				FUZZ_CHECK(c->width <= 2);
				fuzz_safe(c->s, strlen(c->s), 0);
			}
		}
		FUZZ_CHECK(g.cx >= 0 && g.cx < w && g.cy >= 0 && g.cy < h);
	}
	grid_free(&g);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session_options	 opt = { .nick = "me", .user = "me",
				    .realname = "Fuzz", .ping_interval = 30 };
	const uint8_t		*p = data, *end = data + size, *lf;
	char			*line;
	size_t			 n;

	if (size > 256 * 1024)
		return (0);
	if (fuzz_base == NULL)
		fuzz_setup();
	window_init(64);
	window_set_observer(fuzz_observe, NULL);
	session_init(fuzz_base, &opt);
	session_net_connected();
	while (p < end) {
		lf = memchr(p, '\n', (size_t)(end - p));
		n = lf == NULL ? (size_t)(end - p) : (size_t)(lf - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		/* Exactly n + 1 bytes: the parse writes line[n]. */
		line = xmalloc(n + 1);
		memcpy(line, p, n);
		session_net_line(line, n);
		free(line);
		p = lf == NULL ? end : lf + 1;
	}
	fuzz_render(80, 24);
	fuzz_render(7, 3);
	session_free();
	window_free_all();
	return (0);
}
