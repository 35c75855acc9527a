/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The renderer of headless mode: the same session and window model as the
 * screen, with events printed as JSON and input read from stdin. */

#include <sys/stat.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>

#include "chat_event.h"
#include "command.h"
#include "files.h"
#include "headless.h"
#include "log.h"
#include "session.h"
#include "window.h"
#include "xmalloc.h"

#define HEADLESS_QUIT_WAIT	5	/* seconds for the server to close */

static struct event_base	*h_base;
static struct event		*h_stdin_ev;
static struct event		*h_quit_ev;
static struct event		*h_next_ev;	/* resume after a transfer */
static struct evbuffer		*h_in;
static bool			 h_eof;
static bool			 h_quitting;
static bool			 h_ready;
static int			 h_status = 1;
static struct chat_json		 h_json;	/* the event's line */

static void	headless_observe(const struct chat_event *, struct window *,
		    void *);
static void	headless_read_cb(int, short, void *);
static void	headless_run(void);
static bool	headless_connecting(void);
static void	headless_exit(int);
static void	headless_timeout_cb(int, short, void *);
static void	headless_next_cb(int, short, void *);

int
headless_start(struct event_base *base, char **cause)
{
	struct stat	sb;

	h_base = base;
	h_in = evbuffer_new();
	h_quit_ev = evtimer_new(base, headless_timeout_cb, NULL);
	h_next_ev = evtimer_new(base, headless_next_cb, NULL);
	if (h_in == NULL || h_quit_ev == NULL || h_next_ev == NULL)
		fatalx("out of memory");
	window_set_observer(headless_observe, NULL);
	if (fstat(STDIN_FILENO, &sb) == -1) {
		xasprintf(cause, "stdin: %s", strerror(errno));
		return (-1);
	}
	h_stdin_ev = event_new(base, STDIN_FILENO, EV_READ | EV_PERSIST,
	    headless_read_cb, NULL);
	if (h_stdin_ev == NULL)
		fatalx("out of memory");
	/* epoll cannot watch a file or /dev/null: it is all there already. */
	if (S_ISREG(sb.st_mode) || (S_ISCHR(sb.st_mode) &&
	    !isatty(STDIN_FILENO)) || event_add(h_stdin_ev, NULL) == -1) {
		while (evbuffer_read(h_in, STDIN_FILENO, 65536) > 0)
			;
		h_eof = true;
	}
	return (0);
}

void
headless_stop(void)
{
	if (h_stdin_ev != NULL)
		event_free(h_stdin_ev);
	if (h_quit_ev != NULL)
		event_free(h_quit_ev);
	if (h_next_ev != NULL)
		event_free(h_next_ev);
	h_next_ev = NULL;
	evbuffer_free(h_in);
	h_stdin_ev = h_quit_ev = NULL;
	h_in = NULL;
	chat_json_free(&h_json);
}

int
headless_status(void)
{
	return (h_status);
}

static void
headless_exit(int status)
{
	h_status = status;
	event_base_loopexit(h_base, NULL);
}

void
headless_quit(const char *reason)
{
	struct timeval	tv = { HEADLESS_QUIT_WAIT, 0 };

	if (h_quitting)
		return;
	h_quitting = true;
	if (h_stdin_ev != NULL)
		event_del(h_stdin_ev);
	session_quit_all(reason);
	if (session_all_idle()) {
		headless_exit(0);
		return;
	}
	evtimer_add(h_quit_ev, &tv);
}

/* The server did not close after QUIT: we are done anyway. */
static void
headless_timeout_cb(int fd, short what, void *arg)
{
	headless_exit(0);
}

/* A transfer has ended, or a server registered: the next lines of the
 * script may run. */
static void
headless_next_cb(int fd, short what, void *arg)
{
	headless_run();
}

/* Whether the current window's server is on its way (a /connect). */
static bool
headless_connecting(void)
{
	return (session_state() == SESSION_CONNECTING ||
	    session_state() == SESSION_REGISTERING);
}

/* Run the complete lines read so far (once registered), then quit at EOF. */
static void
headless_run(void)
{
	char	*line;
	size_t	 len;

	if (!h_ready)
		return;
	/* A script's next line waits for its transfer (/put, then /files),
	 * and, after /connect, for that server's registration. */
	while (!h_quitting && !files_busy() && !headless_connecting() &&
	    (line = evbuffer_readln(h_in, &len, EVBUFFER_EOL_LF)) != NULL) {
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		command_input(line);
		free(line);
	}
	if (!h_eof || h_quitting || files_busy() || headless_connecting())
		return;
	len = evbuffer_get_length(h_in);
	if (len > 0) {	/* a last line without LF */
		line = xmalloc(len + 1);
		evbuffer_remove(h_in, line, len);
		line[len] = '\0';
		command_input(line);
		free(line);
	}
	headless_quit(NULL);
}

static void
headless_read_cb(int fd, short what, void *arg)
{
	int	n;

	n = evbuffer_read(h_in, fd, 65536);
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		h_eof = true;
		event_del(h_stdin_ev);
	}
	headless_run();
}

/* One JSON line per event; the connection's end decides the exit. */
static void
headless_observe(const struct chat_event *ev, struct window *w, void *arg)
{
	printf("%s\n", chat_event_json(ev, &h_json));
	fflush(stdout);
	if (ev->type == CHAT_REGISTERED) {
		/* The script goes on from the event loop, not inside this
		 * server's callback: its commands act on the current
		 * window's server (a /connect's, say). */
		h_ready = true;
		event_active(h_next_ev, EV_TIMEOUT, 0);
	} else if (ev->type == CHAT_DONE || (ev->type == CHAT_ERROR &&
	    ev->name != NULL) || (ev->type == CHAT_INFO && ev->name != NULL)) {
		event_active(h_next_ev, EV_TIMEOUT, 0);	/* a transfer ended */
	} else if (ev->type == CHAT_DISCONNECTED) {
		if (h_quitting) {
			if (session_all_idle())
				headless_exit(0);
			return;
		}
		fprintf(stderr, "tui-chat: %s\n", ev->text);
		/* One server of several lost: the others go on (and so does
		 * a script that waited for it). */
		if (session_all_idle())
			headless_exit(1);
		else
			event_active(h_next_ev, EV_TIMEOUT, 0);
	}
}
