/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Glue between the mDNS browser (discover.c) and the program's faces. */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "discover.h"
#include "picker.h"
#include "session.h"
#include "ui_screen.h"
#include "window.h"
#include "xmalloc.h"

#define PICKER_BROWSE_SEC	1	/* --discover's browsing time */
#define PICKER_TITLE	"Servers on the LAN (Up/Down, Enter to connect; " \
			"or type /connect HOST[:PORT]):"

static struct discover_server	*p_servers;
static size_t			 p_n;
static struct discover_row	*p_rows;	/* the menu's, grouped */
static size_t			 p_nrows;
static struct discover		*p_disc;

static void	picker_found(const struct discover_server *, bool, void *);
static void	picker_done_cb(int, short, void *);
static void	picker_menu(void);
static void	picker_choose(size_t, void *);
static void	picker_report_cb(int, short, void *);

/* Keep the list current: add, update or remove one server. */
static void
picker_found(const struct discover_server *s, bool removed, void *arg)
{
	size_t	i;

	for (i = 0; i < p_n; i++) {
		if (strcmp(p_servers[i].name, s->name) == 0)
			break;
	}
	if (removed) {
		if (i < p_n)
			p_servers[i] = p_servers[--p_n];
	} else if (i < p_n)
		p_servers[i] = *s;
	else {
		p_servers = xreallocarray(p_servers, p_n + 1,
		    sizeof *p_servers);
		p_servers[p_n++] = *s;
	}
	/* The menu shows while nothing else is going on, or was asked for. */
	if (arg != NULL && (ui_menu_active() || session_state() == SESSION_IDLE))
		picker_menu();
}

static void
picker_done_cb(int fd, short what, void *arg)
{
	event_base_loopexit(arg, NULL);
}

int
picker_print(struct event_base *base)
{
	struct timeval	 tv = { PICKER_BROWSE_SEC, 0 };
	struct event	*ev;
	char		*cause = NULL, line[512];
	size_t		 i;

	p_disc = discover_start(base, picker_found, NULL, &cause);
	if (p_disc == NULL) {
		fprintf(stderr, "tui-chat: %s\n", cause);
		free(cause);
		return (1);
	}
	ev = evtimer_new(base, picker_done_cb, base);
	if (ev == NULL || evtimer_add(ev, &tv) == -1) {
		fprintf(stderr, "tui-chat: cannot start a timer\n");
		return (1);
	}
	event_base_dispatch(base);
	event_free(ev);
	discover_stop(p_disc);
	p_disc = NULL;
	for (i = 0; i < p_n; i++) {
		discover_format(&p_servers[i], line, sizeof line);
		printf("%s\n", line);
	}
	free(p_servers);
	return (p_n > 0 ? 0 : 1);
}

/* Show the current list (an empty one says it is still looking): one
 * row per cluster, its nodes under it, and the lone servers. */
static void
picker_menu(void)
{
	char	**items, line[512];
	size_t	  i;

	p_rows = xreallocarray(p_rows, 2 * p_n + 1, sizeof *p_rows);
	p_nrows = discover_group(p_servers, p_n, p_rows);
	items = xcalloc(p_nrows + 1, sizeof *items);
	for (i = 0; i < p_nrows; i++) {
		discover_row_text(p_servers, &p_rows[i], line, sizeof line);
		items[i] = xstrdup(line);
	}
	ui_menu_set(p_n > 0 ? PICKER_TITLE : "Looking for servers on the "
	    "LAN... (or type /connect HOST[:PORT])", items, p_nrows,
	    picker_choose, NULL);
	for (i = 0; i < p_nrows; i++)
		free(items[i]);
	free(items);
}

/* Enter on a row: its server (a cluster's least-loaded node). */
static void
picker_choose(size_t row, void *arg)
{
	char	host[64], fp[sizeof p_servers->fp];
	int	port;
	size_t	i;
	bool	tls;

	if (row >= p_nrows || (i = p_rows[row].server) >= p_n)
		return;
	strlcpy(host, p_servers[i].host, sizeof host);
	strlcpy(fp, p_servers[i].fp, sizeof fp);
	port = p_servers[i].port;
	/* Announced with TLS: its port, its fingerprint as the pin. */
	if ((tls = p_servers[i].tls) && p_servers[i].tls_port != 0)
		port = p_servers[i].tls_port;
	picker_stop();
	session_add(host, port, tls, fp[0] != '\0' ? fp : NULL);
}

void
picker_start(struct event_base *base)
{
	char	*cause = NULL;

	picker_stop();
	p_disc = discover_start(base, picker_found, base, &cause);
	if (p_disc == NULL) {
		window_print(window_status(), true, "Cannot browse the LAN: %s",
		    cause);
		free(cause);
		return;
	}
	picker_menu();
}

void
picker_stop(void)
{
	if (p_disc != NULL)
		discover_stop(p_disc);
	p_disc = NULL;
	free(p_servers);
	p_servers = NULL;
	p_n = 0;
	free(p_rows);
	p_rows = NULL;
	p_nrows = 0;
	ui_menu_close();
}

/* The browse for picker_report is over: one line per server found. */
static void
picker_report_cb(int fd, short what, void *arg)
{
	char	line[512];
	size_t	i;

	for (i = 0; i < p_n; i++) {
		discover_format(&p_servers[i], line, sizeof line);
		if (p_servers[i].tls && p_servers[i].tls_port != 0)
			window_print(NULL, false, "server %s\tTLS port %u%s%s",
			    line, (unsigned int)p_servers[i].tls_port,
			    p_servers[i].cluster[0] != '\0' ? "\tcluster " : "",
			    p_servers[i].cluster);
		else
			window_print(NULL, false, "server %s%s%s", line,
			    p_servers[i].cluster[0] != '\0' ? "\tcluster " : "",
			    p_servers[i].cluster);
	}
	if (p_n == 0)
		window_print(NULL, false, "No servers found on the LAN");
	picker_stop();
}

void
picker_report(struct event_base *base)
{
	struct timeval	 tv = { PICKER_BROWSE_SEC, 0 };
	char		*cause = NULL;

	if (p_disc != NULL)
		return;		/* one browse at a time */
	p_disc = discover_start(base, picker_found, NULL, &cause);
	if (p_disc == NULL) {
		window_print(NULL, true, "Cannot browse the LAN: %s", cause);
		free(cause);
		return;
	}
	window_print(NULL, false, "Looking for servers on the LAN...");
	if (event_base_once(base, -1, EV_TIMEOUT, picker_report_cb, NULL,
	    &tv) == -1)
		picker_report_cb(-1, 0, NULL);
}
