/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * Fuzz the client's incoming path: the input is what a server sends, in
 * one piece, through net's framing (a bufferevent pair: no socket) into the
 * session and the window model, and the windows are laid out. What the
 * client sends back must be whole lines within 512 bytes. Whatever the
 * server sends, no event string, headless JSON line or screen cell may
 * carry a byte a terminal would act on: C0 (mIRC formatting codes aside,
 * in event text only), DEL, C1, ESC, bidi and zero-width format
 * characters, or invalid UTF-8.
 *
 * Only the window that got the input's last event is laid out, on one grid
 * of three picked by the input's length: laying out windows was most of
 * an input's cost (every window twice at first, then every window that
 * got an event: 37 % of the time). Another input ends in the others. The
 * wide grid has the nick list pane; the narrow ones wrap everything.
 *
 * The session and its window list are made once per process. An input is
 * one connection: it ends as /disconnect ends one, and the window model is
 * reset (window_reset), which leaves the session as session_init made it
 * (what a connection changes, registration resets or the close drops). The
 * corpus replay runs every input twice and checks that both runs made
 * the same events and sent the same bytes: state one input left behind
 * would show there.
 */

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "fuzz.h"
#include "irc_msg.h"
#include "chat_event.h"
#include "log.h"
#include "net.h"
#include "session.h"
#include "ui_render.h"
#include "width.h"
#include "window.h"
#include "xmalloc.h"

#define FUZZ_ALLOW_FORMAT	0x1	/* mIRC codes are fine here */
#define FUZZ_GRIDS		3
#define FUZZ_NICKLIST		12	/* the wide grid's nick list */

static struct event_base	*fuzz_base;
static struct grid		 fuzz_grid[FUZZ_GRIDS];	/* kept */
static const struct window	*fuzz_last;	/* the last event's */
static bool			 fuzz_live;	/* the input's lines run */
static uint64_t			 fuzz_digest;	/* of what an input made */
static uint32_t			 fuzz_random;	/* arc4random's stand-in */
static struct chat_json		 fuzz_json;	/* kept, as headless does */

static void	fuzz_setup(void);
static int	fuzz_utf8(const char *, size_t, uint32_t *);
static bool	fuzz_format(uint32_t);
static void	fuzz_safe(const char *, size_t, int);
static void	fuzz_observe(const struct chat_event *, struct window *,
		    void *);
static void	fuzz_render(struct grid *, int);
static bool	fuzz_hidden(uint32_t);
static void	fuzz_sent(struct evbuffer *);
static void	fuzz_digest_add(const void *, size_t);
static void	fuzz_one(const uint8_t *, size_t);

/* Once per process: the event base, the session, its windows. */
static void
fuzz_setup(void)
{
	struct session_options	opt = { .nick = "me", .user = "me",
				    .realname = "Fuzz", .ping_interval = 30 };

	log_init("client_fuzzer", 0);
	log_set_quiet(true);
	if (width_init() != 0)
		fatalx("no UTF-8 locale");
	if ((fuzz_base = event_base_new()) == NULL)
		fatalx("event_base_new failed");
	net_init(fuzz_base, NULL);
	window_init(64);
	window_set_observer(fuzz_observe, NULL);
	session_init(fuzz_base, &opt);
	/* Every cell is checked: few rows keep that cheap. */
	grid_resize(&fuzz_grid[0], 64, 6);	/* with the nick list */
	grid_resize(&fuzz_grid[1], 7, 3);	/* wraps everything */
	grid_resize(&fuzz_grid[2], 24, 4);
}

/*
 * The client's random choices (the nick it retries with when the server
 * refuses one) made from a sequence that starts over with each input: the
 * same input must do the same, for the replay's check and for a finding
 * to reproduce. This definition takes the place of libbsd's.
 */
FUZZ_HARNESS uint32_t
arc4random_uniform(uint32_t bound)
{
	fuzz_random = fuzz_random * 1103515245u + 12345u;
	return (bound == 0 ? 0 : (fuzz_random >> 8) % bound);
}

/* FNV-1a: enough to tell two runs of one input apart. Only the corpus
 * replay compares runs: fuzzing has no use for it. */
FUZZ_HARNESS static void
fuzz_digest_add(const void *p, size_t len)
{
#ifdef FUZZ_CORPUS
	const unsigned char	*s = p;
	size_t			 i;

	for (i = 0; i < len; i++)
		fuzz_digest = (fuzz_digest ^ s[i]) * 0x100000001b3ULL;
#endif
}

/* Characters that reorder or hide text. */
FUZZ_HARNESS static bool
fuzz_hidden(uint32_t cp)
{
	return (cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x200b && cp <= 0x200d) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff);
}

/*
 * The checks' own UTF-8 decoder and list of mIRC codes, not the client's
 * (utf8_decode, sanitize_is_format): a mistake there would otherwise pass
 * its own check, and the check costs no coverage hooks. Strict as RFC 3629
 * is: no overlong forms, surrogates or code points past U+10FFFF. Returns
 * the length, or -1.
 */
FUZZ_HARNESS static int
fuzz_utf8(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char	*u = (const unsigned char *)s;
	int			 n, i;

	if (u[0] < 0x80) {
		*cp = u[0];
		return (1);
	}
	n = u[0] >= 0xf0 ? 4 : u[0] >= 0xe0 ? 3 : u[0] >= 0xc0 ? 2 : -1;
	if (n == -1 || (size_t)n > len || u[0] > 0xf4)
		return (-1);
	*cp = u[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return (-1);
		*cp = (*cp << 6) | (u[i] & 0x3f);
	}
	if (*cp < (n == 2 ? 0x80u : n == 3 ? 0x800u : 0x10000u) ||
	    *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return (-1);
	return (n);
}

/* The mIRC formatting codes a text may keep (^B ^C ^O ^V ^] ^_ ^^ ^Q). */
FUZZ_HARNESS static bool
fuzz_format(uint32_t cp)
{
	return (cp == 0x02 || cp == 0x03 || cp == 0x0f || cp == 0x16 ||
	    cp == 0x1d || cp == 0x1f || cp == 0x1e || cp == 0x11);
}

/* len bytes of s are valid UTF-8 with nothing a terminal acts on. */
FUZZ_HARNESS static void
fuzz_safe(const char *s, size_t len, int flags)
{
	size_t		i = 0;
	uint32_t	cp;
	int		n;

	while (i < len) {
		/* Printable ASCII, the most of it, needs no decoding. */
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f) {
			i++;
			continue;
		}
		n = fuzz_utf8(s + i, len - i, &cp);
		FUZZ_CHECK(n > 0);
		i += (size_t)n;
		if (cp < 0x20)
			FUZZ_CHECK((flags & FUZZ_ALLOW_FORMAT) &&
			    fuzz_format(cp));
		FUZZ_CHECK(cp != 0x7f && (cp < 0x80 || cp >= 0xa0));
		FUZZ_CHECK(!fuzz_hidden(cp));
	}
}

/* What the client sent: whole CRLF lines, no NUL, within 512 bytes.
 * Into the digest goes all but the lag probe sent at registration, whose
 * token is the time in seconds (two runs can fall on either side of one). */
FUZZ_HARNESS static void
fuzz_sent(struct evbuffer *evb)
{
	const char	*p, *end, *lf;
	size_t		 len = evbuffer_get_length(evb);

	if (len == 0)
		return;
	p = (const char *)evbuffer_pullup(evb, -1);
	end = p + len;
	while (p < end) {
		lf = memchr(p, '\n', (size_t)(end - p));
		FUZZ_CHECK(lf != NULL && lf > p && lf[-1] == '\r');
		FUZZ_CHECK(memchr(p, '\0', (size_t)(lf - p)) == NULL);
		FUZZ_CHECK(memchr(p, '\r', (size_t)(lf - p) - 1) == NULL);
		FUZZ_CHECK((size_t)(lf + 1 - p) <= IRC_LINE_MAX);
		if (strncmp(p, "PING tui-chat-", 14) != 0)
			fuzz_digest_add(p, (size_t)(lf + 1 - p));
		p = lf + 1;
	}
	evbuffer_drain(evb, len);
}

/* Every event the model stores, and its headless JSON line. */
FUZZ_HARNESS static void
fuzz_observe(const struct chat_event *ev, struct window *w, void *arg)
{
	const char	*names[] = { ev->room, ev->from, ev->target };
	const char	*json, *ts;
	size_t		 i, len;

	if (fuzz_live)
		fuzz_last = w;
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
	json = chat_event_json(ev, &fuzz_json);
	len = strlen(json);
	FUZZ_CHECK(len >= 2 && json[0] == '{' && json[len - 1] == '}');
	/* JSON escapes every control: the raw line holds none. */
	fuzz_safe(json, len, 0);
	/* The time is the last key, its value has no quote: the digest
	 * takes all but the time it was made at. */
	ts = json + len - 2;	/* the value's closing quote */
	while (ts > json && *--ts != '"')
		continue;
	FUZZ_CHECK(ts - json >= 6 && memcmp(ts - 6, ",\"ts\":", 6) == 0);
	fuzz_digest_add(json, (size_t)(ts - 6 - json));
}

/* Lay out the last event's window on g (if it is still open: only its
 * address is kept); every cell must be harmless text. */
FUZZ_HARNESS static void
fuzz_render(struct grid *g, int nicklist)
{
	struct ui_view	 v;
	struct window	*win;
	struct cell	*c;
	int		 x, y;

	memset(&v, 0, sizeof v);
	v.time_format = "%H:%M";
	v.input = "";
	v.colours = true;
	v.nicklist_width = nicklist;
	TAILQ_FOREACH(win, window_list(), entry) {
		if (win != fuzz_last)
			continue;
		window_select(win);
		ui_render(g, &v);
		for (y = 0; y < g->h; y++) {
			c = grid_cell(g, 0, y);
			for (x = 0; x < g->w; x++, c++) {
				FUZZ_CHECK(c->width <= 2);
				/* Most cells: one printable ASCII byte. */
				if ((unsigned char)c->s[0] >= 0x20 &&
				    (unsigned char)c->s[0] < 0x7f &&
				    c->s[1] == '\0')
					continue;
				fuzz_safe(c->s, strlen(c->s), 0);
			}
		}
		FUZZ_CHECK(g->cx >= 0 && g->cx < g->w && g->cy >= 0 &&
		    g->cy < g->h);
	}
	/* The frame's URLs would live until the next one: free them now,
	 * or libFuzzer sees more mallocs than frees and runs the input
	 * again to look for a leak. */
	grid_links_clear(g);
}

/* One connection that gets data, laid out and checked; then closed, and
 * the window model reset. Harness code too: the compiler inlines the checks
 * into it, where they would get the coverage hooks FUZZ_HARNESS keeps off
 * them (the cell checks were a sixteenth of every input's work). */
FUZZ_HARNESS static void
fuzz_one(const uint8_t *data, size_t size)
{
	struct bufferevent	*pair[2];
	struct evbuffer		*in;
	int			 turns;

	fuzz_digest = 0xcbf29ce484222325ULL;
	fuzz_random = 1;
	if (bufferevent_pair_new(fuzz_base, 0, pair) != 0)
		fatalx("bufferevent_pair_new failed");
	session_adopt(pair[0]);	/* the session registers */
	in = bufferevent_get_input(pair[1]);
	fuzz_sent(in);
	fuzz_live = true;
	fuzz_last = NULL;
	if (bufferevent_enable(pair[1], EV_READ | EV_WRITE) != 0 ||
	    bufferevent_write(pair[1], data, size) != 0)
		fatalx("bufferevent_write failed");
	/* net reads 64 lines a turn; a close ends it early. */
	for (turns = 0; (session_state() == SESSION_REGISTERING ||
	    session_state() == SESSION_READY) && turns <= (int)(size / 64) + 1;
	    turns++) {
		FUZZ_CHECK(event_base_loop(fuzz_base, EVLOOP_NONBLOCK) != -1);
		fuzz_sent(in);
	}
	fuzz_sent(in);
	fuzz_render(&fuzz_grid[size % FUZZ_GRIDS],
	    size % FUZZ_GRIDS == 0 ? FUZZ_NICKLIST : 0);
	fuzz_live = false;
	session_disconnect();	/* frees pair[0], if the input did not */
	bufferevent_free(pair[1]);
	window_reset();
}

FUZZ_HARNESS int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
#ifdef FUZZ_CORPUS
	uint64_t	first;
#endif

	if (size > 256 * 1024)
		return (0);
	if (fuzz_base == NULL)
		fuzz_setup();
	fuzz_one(data, size);
#ifdef FUZZ_CORPUS
	/* The replay: the same input again must do the same. */
	first = fuzz_digest;
	fuzz_one(data, size);
	FUZZ_CHECK(fuzz_digest == first);
#endif
	return (0);
}
