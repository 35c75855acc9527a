/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* tui-chat: options, then the screen, --headless or --discover. */

#include <err.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <event2/dns.h>
#include <event2/event.h>

#include "command.h"
#include "prefs.h"
#include "files.h"
#include "headless.h"
#include "irc_case.h"
#include "log.h"
#include "net.h"
#include "picker.h"
#include "sasl.h"
#include "session.h"
#include "ui_screen.h"
#include "width.h"
#include "window.h"
#include "xmalloc.h"

/* What the command line asked for. */
struct main_opts {
	const char	*config;
	const char	*nick;
	const char	**joins;
	size_t		 njoins;
	const char	*server;
	int		 headless;
	int		 discover;
	int		 debug;
	int		 sasl;
	const char	*sasl_account;
	int		 tls;
	int		 insecure;
	const char	*cert;
};

#define MAIN_TLS_PORT	6697	/* ircs:// and --tls without a port */

static struct event_base	*main_base;

static __dead void	usage(int);
static void		main_discover(void);
static void		main_quit_screen(const char *);
static void		main_discover_report(void);
static void		main_options(int, char **, struct main_opts *);
static void		main_config(const struct main_opts *, struct prefs *);
static void		main_session(const struct prefs *, bool);
static void		main_sasl(const struct prefs *, bool,
			    struct session_options *);
static int		main_headless(const char *, int);
static void		main_screen(struct prefs *, const char *, int);
static const char	*main_url(const char *, struct main_opts *);
static void		 main_tls(const struct main_opts *, const struct prefs *);

/* The synopsis: on stdout for --help (exit 0), else a usage error. */
static __dead void
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr, "usage: tui-chat [--nick NICK] "
	    "[--join ROOM]... [--config FILE] [--headless]\n"
	    "                [--sasl[=ACCOUNT]] [--tls] [--insecure] "
	    "[--cert FILE]\n"
	    "                [HOST[:PORT] | ircs://HOST[:PORT]]\n"
	    "       tui-chat --discover\n");
	exit(status);
}

/* /discover on the screen: the picker menu. */
static void
main_discover(void)
{
	picker_start(main_base);
}

/* /discover in headless mode: the servers as events. */
static void
main_discover_report(void)
{
	picker_report(main_base);
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

/* Parse the command line into o; usage errors exit 2. */
static void
main_options(int argc, char **argv, struct main_opts *o)
{
	static const struct option	 longopts[] = {
		{ "nick", required_argument, NULL, 'n' },
		{ "join", required_argument, NULL, 'j' },
		{ "config", required_argument, NULL, 'c' },
		{ "headless", no_argument, NULL, 'H' },
		{ "discover", no_argument, NULL, 'D' },
		{ "debug", no_argument, NULL, 'd' },
		{ "sasl", optional_argument, NULL, 'S' },
		{ "tls", no_argument, NULL, 'T' },
		{ "insecure", no_argument, NULL, 'k' },
		{ "cert", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int				 ch;

	memset(o, 0, sizeof *o);
	while ((ch = getopt_long(argc, argv, "n:j:c:HDdhVTkC:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'n': o->nick = optarg; break;
		case 'c': o->config = optarg; break;
		case 'H': o->headless = 1; break;
		case 'D': o->discover = 1; break;
		case 'd': o->debug++; break;
		case 'S':
			o->sasl = 1;
			o->sasl_account = optarg;
			break;
		case 'T': o->tls = 1; break;
		case 'k': o->insecure = 1; break;
		case 'C': o->cert = optarg; break;
		case 'j':
			o->joins = xreallocarray(o->joins, o->njoins + 1,
			    sizeof *o->joins);
			o->joins[o->njoins++] = optarg;
			break;
		case 'V':
			printf("tui-chat %s\n", PACKAGE_VERSION);
			exit(0);
		case 'h':
			usage(0);
		default:
			usage(2);
		}
	}
	if (argc - optind > 1 || (o->headless && o->discover))
		usage(2);
	if (argc - optind == 1)
		o->server = argv[optind];
}

/* Defaults, then the config file, then the command line. */
static void
main_config(const struct main_opts *o, struct prefs *cfg)
{
	char	*cause = NULL;
	size_t	 i;

	prefs_defaults(cfg);
	if (prefs_load(cfg, o->config, &cause) == -1)
		errx(2, "%s", cause);
	if (o->nick != NULL) {
		if (!irc_nick_valid(o->nick, IRC_NICK_MAX))
			errx(2, "not a valid nick: %s", o->nick);
		free(cfg->nick);
		cfg->nick = xstrdup(o->nick);
	}
	if (o->sasl)
		cfg->sasl = true;
	if (o->sasl_account != NULL) {
		if (!irc_nick_valid(o->sasl_account, IRC_NICK_MAX))
			errx(2, "not a valid account name: %s", o->sasl_account);
		free(cfg->sasl_account);
		cfg->sasl_account = xstrdup(o->sasl_account);
	}
	for (i = 0; i < o->njoins; i++) {
		if (!irc_room_valid(o->joins[i], IRC_ROOM_MAX))
			errx(2, "not a valid room: %s", o->joins[i]);
		prefs_add_join(cfg, o->joins[i]);
	}
}

/*
 * SASL's mechanism, account and, for PLAIN, the password: from
 * sasl_password_file, else asked on the terminal before the screen
 * starts (headless mode has no terminal to ask on: a usage error).
 */
static void
main_sasl(const struct prefs *cfg, bool headless, struct session_options *so)
{
	char	*cause = NULL, *pass = NULL, prompt[128];

	so->sasl_mech = cfg->sasl_mechanism != NULL ? cfg->sasl_mechanism :
	    "PLAIN";
	so->sasl_account = cfg->sasl_account != NULL ? cfg->sasl_account :
	    cfg->nick;
	if (strcasecmp(so->sasl_mech, "PLAIN") != 0)
		return;
	if (cfg->sasl_password_file != NULL)
		pass = sasl_password_file(cfg->sasl_password_file, &cause);
	else if (headless)
		errx(2, "--sasl with --headless needs sasl_password_file in "
		    "the config");
	else {
		snprintf(prompt, sizeof prompt, "Password for %s: ",
		    so->sasl_account);
		pass = sasl_password_prompt(prompt, &cause);
	}
	if (pass == NULL)
		errx(1, "%s", cause);
	so->sasl_password = pass;
}

/* ircs://HOST[:PORT] means TLS, irc:// does not; a trailing / goes. */
static const char *
main_url(const char *s, struct main_opts *o)
{
	static char	buf[300];
	size_t		len;

	if (strncasecmp(s, "ircs://", 7) == 0) {
		o->tls = 1;
		s += 7;
	} else if (strncasecmp(s, "irc://", 6) == 0)
		s += 6;
	strlcpy(buf, s, sizeof buf);
	if ((len = strlen(buf)) > 0 && buf[len - 1] == '/')
		buf[len - 1] = '\0';
	return (buf);
}

/* TLS from --tls, ircs:// or the config; a bad --cert is exit 2. */
static void
main_tls(const struct main_opts *o, const struct prefs *cfg)
{
	struct net_tls	 t;
	char		*cause = NULL;

	memset(&t, 0, sizeof t);
	t.on = o->tls || cfg->tls;
	t.insecure = o->insecure;
	t.cert = o->cert != NULL ? o->cert : cfg->tls_cert;
	t.key = o->cert != NULL ? NULL : cfg->tls_key;
	if (t.insecure && !t.on)
		errx(2, "--insecure needs --tls (or ircs://)");
	if (session_set_tls(&t, &cause) != 0)
		errx(2, "%s", cause);
	if (t.insecure)
		warnx("--insecure: the server's TLS certificate is not "
		    "verified");
}

/* The model and the protocol: the same for the screen and headless. */
static void
main_session(const struct prefs *cfg, bool headless)
{
	struct session_options	so;
	char			*lastseen;
	size_t			i;

	window_init(cfg->scrollback);
	memset(&so, 0, sizeof so);
	so.nick = cfg->nick;
	so.user = cfg->user;
	so.realname = cfg->realname;
	so.password = cfg->password;
	so.reconnect = !headless;
	so.ping_interval = cfg->ping_interval;
	so.lastseen = lastseen = prefs_state_path("lastseen");
	if (cfg->sasl)
		main_sasl(cfg, headless, &so);
	session_init(main_base, &so);
	files_init(main_base);
	sasl_password_free((char *)so.sasl_password);
	free(lastseen);
	for (i = 0; i < cfg->njoin; i++)
		session_autojoin(cfg->join[i]);
}

/* --headless: stdin in, JSON out; returns the exit status. */
static int
main_headless(const char *host, int port)
{
	struct command_hooks	 hooks = { headless_quit, main_discover_report,
				    NULL };
	char			*cause = NULL;
	int			 status;

	command_set_hooks(&hooks);
	if (headless_start(main_base, &cause) == -1)
		errx(1, "%s", cause);
	session_connect(host, port);
	event_base_dispatch(main_base);
	status = headless_status();
	picker_stop();
	headless_stop();
	return (status);
}

/* The split screen; host NULL offers the servers found on the LAN. */
static void
main_screen(struct prefs *cfg, const char *host, int port)
{
	struct command_hooks	hooks = { main_quit_screen, main_discover,
				    ui_prefs_changed };

	command_set_hooks(&hooks);
	ui_start(main_base, cfg);
	window_print(window_status(), false, "tui-chat %s: /help lists the "
	    "commands", PACKAGE_VERSION);
	if (host != NULL)
		session_connect(host, port);
	else
		picker_start(main_base);
	event_base_dispatch(main_base);
	picker_stop();
	ui_stop();
}

int
main(int argc, char **argv)
{
	struct main_opts	 o;
	struct prefs		 cfg;
	struct evdns_base	*dns;
	const char		*server;
	char			 host[256];
	int			 port, status = 0;

	setlocale(LC_ALL, "");
	if (width_init() == -1)
		warnx("no UTF-8 locale: wide characters may look wrong");
	main_options(argc, argv, &o);
	log_init("tui-chat", o.debug);
	signal(SIGPIPE, SIG_IGN);
	main_config(&o, &cfg);
	free(o.joins);
	server = o.server != NULL ? o.server : cfg.server;
	if (server != NULL)
		server = main_url(server, &o);
	if (server != NULL && command_hostport(server, host, sizeof host,
	    &port) == -1)
		errx(2, "bad server address: %s (HOST[:PORT])", server);
	if (server != NULL && (o.tls || cfg.tls) && !command_has_port(server))
		port = MAIN_TLS_PORT;
	if (o.headless && server == NULL)
		errx(2, "--headless needs a server: tui-chat --headless "
		    "HOST[:PORT]");
	if (!o.headless && !o.discover && (!isatty(STDIN_FILENO) ||
	    !isatty(STDOUT_FILENO)))
		errx(2, "the screen needs a terminal (or use --headless)");
	if ((main_base = event_base_new()) == NULL)
		errx(1, "cannot create the event loop");
	if (o.discover) {
		status = picker_print(main_base);
		event_base_free(main_base);
		prefs_free(&cfg);
		return (status);
	}
	dns = main_dns(main_base);
	net_init(main_base, dns);
	main_session(&cfg, o.headless);
	main_tls(&o, &cfg);
	command_set_prefs(&cfg);
	if (o.headless)
		status = main_headless(host, port);
	else
		main_screen(&cfg, server != NULL ? host : NULL, port);
	files_free();
	session_free();
	window_free_all();
	evdns_base_free(dns, 0);
	event_base_free(main_base);
	prefs_free(&cfg);
	return (status);
}
