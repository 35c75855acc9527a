/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* tui-chat: options, then the screen, --headless or --discover. */

#include <err.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/dns.h>
#include <event2/event.h>

#include "command.h"
#include "config.h"
#include "headless.h"
#include "irc_case.h"
#include "log.h"
#include "net.h"
#include "picker.h"
#include "session.h"
#include "ui_screen.h"
#include "width.h"
#include "window.h"
#include "xmalloc.h"

static struct event_base	*main_base;

static __dead void	usage(void);
static void		main_discover(void);
static void		main_quit_screen(const char *);

static __dead void
usage(void)
{
	fprintf(stderr, "usage: tui-chat [--nick NICK] [--join ROOM]... "
	    "[--config FILE] [--headless] [HOST[:PORT]]\n"
	    "       tui-chat --discover\n");
	exit(2);
}

/* /discover on the screen: the picker menu. */
static void
main_discover(void)
{
	picker_start(main_base);
}

static void
main_quit_screen(const char *reason)
{
	ui_quit(reason);
}

/* The evdns base: the system resolver's servers and /etc/hosts. */
static struct evdns_base *
main_dns(struct event_base *base)
{
	struct evdns_base	*dns;

	dns = evdns_base_new(base, EVDNS_BASE_INITIALIZE_NAMESERVERS |
	    EVDNS_BASE_DISABLE_WHEN_INACTIVE);
	if (dns == NULL) {
		dns = evdns_base_new(base, EVDNS_BASE_DISABLE_WHEN_INACTIVE);
		if (dns == NULL)
			errx(1, "cannot set up name resolution");
		evdns_base_load_hosts(dns, NULL);
	}
	return (dns);
}

int
main(int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "nick", required_argument, NULL, 'n' },
		{ "join", required_argument, NULL, 'j' },
		{ "config", required_argument, NULL, 'c' },
		{ "headless", no_argument, NULL, 'H' },
		{ "discover", no_argument, NULL, 'D' },
		{ "debug", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct config		 cfg;
	struct session_options	 so;
	struct command_hooks	 hooks = { NULL, NULL };
	struct evdns_base	*dns;
	const char		*config_path = NULL, *nick = NULL, *server;
	char			*cause = NULL, host[256];
	char			**joins = NULL;
	size_t			 njoins = 0, i;
	int			 ch, headless = 0, discover = 0, debug = 0;
	int			 port, status = 0;

	setlocale(LC_ALL, "");
	if (width_init() == -1)
		warnx("no UTF-8 locale: wide characters may look wrong");
	while ((ch = getopt_long(argc, argv, "n:j:c:HDdhV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'n':
			nick = optarg;
			break;
		case 'j':
			joins = xreallocarray(joins, njoins + 1, sizeof *joins);
			joins[njoins++] = optarg;
			break;
		case 'c':
			config_path = optarg;
			break;
		case 'H':
			headless = 1;
			break;
		case 'D':
			discover = 1;
			break;
		case 'd':
			debug++;
			break;
		case 'V':
			printf("tui-chat %s\n", PACKAGE_VERSION);
			return (0);
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1 || (headless && discover))
		usage();
	log_init("tui-chat", debug);
	signal(SIGPIPE, SIG_IGN);

	config_defaults(&cfg);
	if (config_load(&cfg, config_path, &cause) == -1)
		errx(2, "%s", cause);
	if (nick != NULL) {
		if (!irc_nick_valid(nick, IRC_NICK_MAX))
			errx(2, "not a valid nick: %s", nick);
		free(cfg.nick);
		cfg.nick = xstrdup(nick);
	}
	for (i = 0; i < njoins; i++) {
		if (!irc_room_valid(joins[i], IRC_ROOM_MAX))
			errx(2, "not a valid room: %s", joins[i]);
		config_add_join(&cfg, joins[i]);
	}
	free(joins);
	server = argc == 1 ? argv[0] : cfg.server;
	if (server != NULL && command_hostport(server, host, sizeof host,
	    &port) == -1)
		errx(2, "bad server address: %s (HOST[:PORT])", server);
	if (headless && server == NULL)
		errx(2, "--headless needs a server: tui-chat --headless "
		    "HOST[:PORT]");

	if (!headless && !discover && (!isatty(STDIN_FILENO) ||
	    !isatty(STDOUT_FILENO)))
		errx(2, "the screen needs a terminal (or use --headless)");
	if ((main_base = event_base_new()) == NULL)
		errx(1, "cannot create the event loop");
	if (discover) {
		status = picker_print(main_base);
		event_base_free(main_base);
		config_free(&cfg);
		return (status);
	}
	dns = main_dns(main_base);
	window_init(cfg.scrollback);
	net_init(main_base, dns);
	memset(&so, 0, sizeof so);
	so.nick = cfg.nick;
	so.user = cfg.user;
	so.realname = cfg.realname;
	so.password = cfg.password;
	so.reconnect = !headless;
	so.ping_interval = cfg.ping_interval;
	session_init(main_base, &so);
	for (i = 0; i < cfg.njoin; i++)
		session_autojoin(cfg.join[i]);

	if (headless) {
		hooks.quit = headless_quit;
		command_set_hooks(&hooks);
		if (headless_start(main_base, &cause) == -1)
			errx(1, "%s", cause);
		session_connect(host, port);
		event_base_dispatch(main_base);
		status = headless_status();
		headless_stop();
	} else {
		hooks.quit = main_quit_screen;
		hooks.discover = main_discover;
		command_set_hooks(&hooks);
		ui_start(main_base, &cfg);
		window_print(window_status(), false, "tui-chat %s: /help lists "
		    "the commands", PACKAGE_VERSION);
		if (server != NULL)
			session_connect(host, port);
		else
			picker_start(main_base);
		event_base_dispatch(main_base);
		picker_stop();
		ui_stop();
	}
	session_free();
	net_free();
	window_free_all();
	evdns_base_free(dns, 0);
	event_base_free(main_base);
	config_free(&cfg);
	return (status);
}
