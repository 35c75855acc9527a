/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* tui-chatd: options, settings, signals, and the start and stop order. */

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "xmalloc.h"
#include "irc_msg.h"
#include "log.h"
#include "account.h"
#include "account_cli.h"
#include "announce.h"
#include "cmd.h"
#include "daemon.h"
#include "settings.h"
#include "cmd.h"
#include "conn.h"
#include "dispatch.h"
#include "history.h"
#include "http.h"
#include "listen.h"
#include "msgid.h"
#include "reply.h"
#include "room.h"
#include "tls.h"
#include "user.h"

#define MAIN_LISTEN_MAX	16
#define MAIN_NAME_MAX	63	/* bytes of the IRC server name */
#define MAIN_TRIM_LEFT	256	/* departures that make a trim worth it */
#define MAIN_TLS_PORT	"6697"	/* --listen-tls ADDR without a port */

struct settings	cfg;
time_t		daemon_started;

/* What the command line asked for, applied after the config file. */
struct main_options {
	const char		*config;
	const char		*sets[64];	/* "KEY=VALUE", in order */
	int			 nsets;
	struct listen_spec	 listens[MAIN_LISTEN_MAX];
	int			 nlistens;
	struct listen_spec	 http;		/* --listen-http */
	bool			 has_http;
	bool			 discovery;
	int			 verbose;
	const char		*account;	/* --account ACTION */
	bool			 hash_password;
	char			**args;		/* after the options */
	int			 nargs;
};

static struct event_base	*main_base;
static struct event		*main_ev[5];	/* TERM, INT, counts, trim, HUP */
static struct main_options	 main_opts;
static daemon_reload_fn		*main_reload[8];
static size_t			 main_nreload;
static struct announce		*main_announce;
static unsigned int		 main_users = ~0U, main_rooms = ~0U;

static __dead void	main_usage(int);
static void		main_option_set(struct main_options *, int, const char *);
static void		main_options(int, char **, struct main_options *);
static void		main_settings(struct main_options *);
static void		main_irc_name(void);
static void		main_listen(struct main_options *);
static void		main_http(struct main_options *);
static void		main_signal_cb(evutil_socket_t, short, void *);
static void		main_hup_cb(evutil_socket_t, short, void *);
static int		main_read_settings(struct settings *,
			    const struct main_options *, char **);
static void		main_counts_cb(evutil_socket_t, short, void *);
static void		main_trim_cb(evutil_socket_t, short, void *);
static void		main_events(struct main_options *, const char *);
static void		main_events_free(void);
static void		main_store_failed(const char *, void *);
static void		main_oper_notice(struct user *, void *);
static void		main_accounts(void);
static void		main_listen_tls_arg(struct main_options *, const char *);
static int		main_tls(const struct main_options *, bool);
static int		main_tls_reload(char **);

static const struct option main_longopts[] = {
	{ "listen", required_argument, NULL, 'l' },
	{ "listen-tls", required_argument, NULL, 'L' },
	{ "name", required_argument, NULL, 'n' },
	{ "no-discovery", no_argument, NULL, 'D' },
	{ "config", required_argument, NULL, 'c' },
	{ "set", required_argument, NULL, 's' },
	{ "state-dir", required_argument, NULL, 'S' },
	{ "cluster", required_argument, NULL, 'C' },
	{ "account", required_argument, NULL, 'A' },
	{ "hash-password", no_argument, NULL, 'H' },
	{ "listen-http", required_argument, NULL, 'F' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* Usage on stdout for --help (exit 0). */
static __dead void
main_usage(int status)
{
	printf("usage: tui-chatd [--listen ADDR:PORT]... [--name NAME] "
	    "[--no-discovery]\n"
	    "                 [--config FILE] [--set KEY=VALUE]... "
	    "[--verbose]\n"
	    "  --listen ADDR:PORT  listen here (repeatable; [::1]:PORT for "
	    "IPv6;\n"
	    "                      default 0.0.0.0:6667 and [::]:6667)\n"
	    "  --listen-tls ADDR[:PORT]  listen with TLS (repeatable; port "
	    "6697;\n"
	    "                      default, with no --listen either: "
	    "0.0.0.0:6697\n"
	    "                      and [::]:6697)\n"
	    "  --name NAME         server name (default: the host name)\n"
	    "  --no-discovery      do not announce on the LAN (mDNS)\n"
	    "  --config FILE       read key = value settings\n"
	    "  --set KEY=VALUE     override one setting\n"
	    "  --state-dir DIR     history, accounts and the TLS key (default\n"
	    "                      $XDG_STATE_HOME/tui-chatd)\n"
	    "  --cluster URL       join a cluster: redis://HOST:PORT[/DB]\n"
	    "  --listen-http ADDR:PORT  the HTTP file host (off unless set)\n"
	    "  --account add|del NAME, --account list, --account certfp NAME "
	    "SHA256\n"
	    "                      manage accounts (a password is read from "
	    "stdin)\n"
	    "  --hash-password     read a password, print its hash for "
	    "opers_file\n"
	    "  --verbose           log more (twice: debug)\n"
	    "  --version           print the version\n");
	exit(status);
}

/* --name, --state-dir and --cluster are --set KEY=VALUE by another name. */
static void
main_option_set(struct main_options *o, int ch, const char *arg)
{
	const char	*key;

	if (o->nsets == (int)nitems(o->sets))
		errx(2, "too many --set options");
	switch (ch) {
	case 'n':
		key = "name";
		break;
	case 'S':
		key = "state_dir";
		break;
	case 'C':
		key = "cluster";
		break;
	default:
		o->sets[o->nsets++] = xstrdup(arg);
		return;
	}
	xasprintf((char **)&o->sets[o->nsets++], "%s=%s", key, arg);
}

/* Read the command line; anything wrong is one line and exit 2. */
static void
main_options(int argc, char **argv, struct main_options *o)
{
	char	*cause;
	int	 ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":l:L:n:Dc:s:S:C:A:HF:vhV",
	    main_longopts, NULL)) != -1) {
		switch (ch) {
		case 'l':
			if (o->nlistens == MAIN_LISTEN_MAX)
				errx(2, "too many --listen options");
			if (listen_parse(optarg, &o->listens[o->nlistens++],
			    &cause) != 0)
				errx(2, "%s", cause);
			break;
		case 'L':
			main_listen_tls_arg(o, optarg);
			break;
		case 'F':
			if (listen_parse(optarg, &o->http, &cause) != 0)
				errx(2, "--listen-http: %s", cause);
			o->has_http = true;
			break;
		case 'n':
		case 's':
		case 'S':
		case 'C':
			main_option_set(o, ch, optarg);
			break;
		case 'D':
			o->discovery = false;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'A':
			o->account = optarg;
			break;
		case 'H':
			o->hash_password = true;
			break;
		case 'v':
			o->verbose++;
			break;
		case 'h':
			main_usage(0);
		case 'V':
			printf("tui-chatd %s\n", PACKAGE_VERSION);
			exit(0);
		case ':':
			errx(2, "option %s needs an argument",
			    argv[optind - 1]);
		default:
			errx(2, "unknown option %s (see --help)",
			    argv[optind - 1]);
		}
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
	if (o->account == NULL && optind != argc)
		errx(2, "unexpected argument %s (see --help)", argv[optind]);
}

/* Defaults, then the file, then --name/--set in command-line order. */
static int
main_read_settings(struct settings *s, const struct main_options *o,
    char **cause)
{
	char	*why;
	int	 i;

	settings_init(s);
	if (o->config != NULL && settings_load(s, o->config, cause) != 0)
		goto fail;
	for (i = 0; i < o->nsets; i++) {
		if (settings_set_arg(s, o->sets[i], &why) != 0) {
			xasprintf(cause, "--set %s", why);
			free(why);
			goto fail;
		}
	}
	if (settings_finish(s, cause) != 0)
		goto fail;
	return (0);
fail:
	settings_free(s);
	return (-1);
}

/* The settings at start: anything wrong is one line and exit 2. */
static void
main_settings(struct main_options *o)
{
	char	*cause;

	if (main_read_settings(&cfg, o, &cause) != 0)
		errx(2, "%s", cause);
}

/* Run fn at every reload, after the settings are replaced. */
void
daemon_on_reload(daemon_reload_fn *fn)
{
	if (main_nreload == nitems(main_reload))
		fatalx("too many reload hooks");
	main_reload[main_nreload++] = fn;
}

/*
 * SIGHUP and REHASH: read the config file and --set options again and
 * replace the settings, then let each module reload (certificates). The
 * server name, state_dir and cluster stay as started. On error nothing
 * changes and *cause says why.
 */
int
daemon_reload(char **cause)
{
	struct settings	 s;
	size_t		 i;
	int		 rc = 0;
	char		*why;

	if (main_read_settings(&s, &main_opts, cause) != 0)
		return (-1);
	free(s.name);
	free(s.state_dir);
	free(s.cluster);
	s.name = cfg.name;
	s.state_dir = cfg.state_dir;
	s.cluster = cfg.cluster;
	cfg.name = cfg.state_dir = cfg.cluster = NULL;
	settings_free(&cfg);
	cfg = s;
	for (i = 0; i < main_nreload; i++) {
		if (main_reload[i](&why) != 0) {
			if (rc == 0)
				*cause = why;
			else
				free(why);
			rc = -1;
		}
	}
	return (rc);
}

/* The IRC server name must be one short word: other bytes become '-'. */
static void
main_irc_name(void)
{
	char	*p;

	for (p = cfg.name; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
		    *p == '_'))
			*p = '-';
	}
	if (cfg.name[0] == '-')
		cfg.name[0] = 's';
	if (strlen(cfg.name) > MAIN_NAME_MAX)
		cfg.name[MAIN_NAME_MAX] = '\0';	/* HOSTLEN in 005 */
}

/* --listen-tls ADDR[:PORT]: without a port, 6697. */
static void
main_listen_tls_arg(struct main_options *o, const char *arg)
{
	struct listen_spec	*ls;
	char			*cause, *full = NULL;
	size_t			 len = strlen(arg);

	if (o->nlistens == MAIN_LISTEN_MAX)
		errx(2, "too many --listen options");
	if (strchr(arg, ':') == NULL || (arg[0] == '[' && len > 0 &&
	    arg[len - 1] == ']'))
		xasprintf(&full, "%s:%s", arg, MAIN_TLS_PORT);
	ls = &o->listens[o->nlistens++];
	if (listen_parse(full != NULL ? full : arg, ls, &cause) != 0)
		errx(2, "%s", cause);
	ls->tls = true;
	free(full);
}

/*
 * The certificate, before any socket is open: a bad one is exit 1. Only
 * the default listeners, with no certificate configured, go on without
 * TLS when the pair cannot be made (an unwritable state_dir): -1 then.
 */
static int
main_tls(const struct main_options *o, bool dflt)
{
	char	*cause;
	int	 i;

	for (i = 0; i < o->nlistens; i++) {
		if (o->listens[i].tls)
			break;
	}
	if (i == o->nlistens)
		return (0);
	if (tls_init(main_base, &cause) != 0) {
		if (!dflt || cfg.tls_cert != NULL || cfg.tls_key != NULL)
			errx(1, "%s", cause);
		log_warnx("no TLS: %s", cause);
		free(cause);
		return (-1);
	}
	daemon_on_reload(tls_reload);
	log_info("TLS certificate sha256:%s", tls_fingerprint());
	return (0);
}

/* After a reload the announcement carries the new fingerprint. */
static int
main_tls_reload(char **cause)
{
	announce_set_tls(main_announce, listen_tls_port(), tls_fingerprint());
	return (0);
}

/* Open every listener; the default IPv6 ones may be missing. */
static void
main_listen(struct main_options *o)
{
	static const char	*dflts[] = { "0.0.0.0:6667", "[::]:6667",
				    "0.0.0.0:" MAIN_TLS_PORT,
				    "[::]:" MAIN_TLS_PORT };
	char			*cause;
	int			 i;
	bool			 dflt = o->nlistens == 0, up[MAIN_LISTEN_MAX];

	if (dflt) {
		for (i = 0; i < (int)nitems(dflts); i++) {
			if (listen_parse(dflts[i], &o->listens[i], &cause) != 0)
				errx(1, "%s", cause);
			o->listens[i].tls = i >= 2;
		}
		o->nlistens = nitems(dflts);
	}
	if (main_tls(o, dflt) != 0)
		o->nlistens = 2;	/* the plain ones */
	for (i = 0; i < o->nlistens; i++) {
		up[i] = listen_add(main_base, &o->listens[i], &cause) == 0;
		if (up[i])
			continue;
		if (dflt && (i == 1 || i == 3) && (errno == EAFNOSUPPORT ||
		    errno == EADDRNOTAVAIL)) {
			log_warnx("%s", cause);
			free(cause);
			continue;
		}
		errx(1, "%s", cause);
	}
	/* Only once all are up: a failure above is the only line. */
	for (i = 0; i < o->nlistens; i++) {
		if (up[i])
			log_info("listening on %s%s", o->listens[i].text,
			    o->listens[i].tls ? " (TLS)" : "");
	}
}

/* The file host, when --listen-http is given. */
static void
main_http(struct main_options *o)
{
	char	*cause;

	if (!o->has_http)
		return;
	if (http_start(main_base, &o->http, &cause) != 0)
		errx(1, "%s", cause);
	/* HTTP Basic for uploads: the account's name and password. */
	http_set_basic_verify(account_verify);
	log_info("file host on http://%s", o->http.text);
}

/* SIGHUP: reload the settings; a bad file keeps the old ones. */
static void
main_hup_cb(evutil_socket_t sig, short events, void *arg)
{
	char	*cause = NULL;

	if (daemon_reload(&cause) != 0) {
		log_warnx("reload failed, settings unchanged: %s", cause);
		free(cause);
		return;
	}
	log_info("signal %d: settings reloaded", (int)sig);
}

/* SIGTERM, SIGINT: every client gets ERROR, goodbye on mDNS, exit 0. */
static void
main_signal_cb(evutil_socket_t sig, short events, void *arg)
{
	log_info("signal %d: shutting down", (int)sig);
	conn_shutdown("Server shutting down");
	if (main_announce != NULL)
		announce_stop(main_announce);
	main_announce = NULL;
	event_base_loopbreak(main_base);
}

/*
 * After a burst of output (a JOIN storm in a big room), or once most of the
 * connections seen since the last trim have gone, the freed memory stays in
 * malloc's arena; give whole free pages back to the system.
 */
static void
main_trim_cb(evutil_socket_t fd, short events, void *arg)
{
	static unsigned int	high;
	unsigned int		now = conn_count();
	bool			left;

	if (now > high)
		high = now;
	left = high - now >= MAIN_TRIM_LEFT && now <= high / 2;
	if (conn_burst_done() || left) {
		outbuf_free_spares();
		malloc_trim(0);
		high = now;
	}
}

/* Tell the announcer the user and room counts when they change. */
static void
main_counts_cb(evutil_socket_t fd, short events, void *arg)
{
	unsigned int	users = conn_count() - conn_count_unregistered();
	unsigned int	rooms = room_count();

	if (main_announce == NULL || (users == main_users &&
	    rooms == main_rooms))
		return;
	main_users = users;
	main_rooms = rooms;
	announce_set_counts(main_announce, users, rooms);
}

/* A NOTICE to an operator. */
static void
main_oper_notice(struct user *u, void *arg)
{
	if ((u->modes & UMODE_OPER) && u->conn != NULL)
		reply_send(u->conn, NULL, "NOTICE", u->nick, arg, NULL);
}

/* History could not be written (disk full, I/O error): chat goes on;
 * the log and every operator say why. */
static void
main_store_failed(const char *why, void *arg)
{
	char	text[IRC_LINE_MAX];

	snprintf(text, sizeof text, "*** History is off: %s", why);
	user_foreach(main_oper_notice, text);
}

/* Signals, housekeeping timers and the mDNS announcer. */
static void
main_events(struct main_options *o, const char *announce_as)
{
	struct timeval	 second = { 1, 0 }, trim = { 0, 250000 };
	char		*cause = NULL;
	size_t		 i;

	main_ev[0] = evsignal_new(main_base, SIGTERM, main_signal_cb, NULL);
	main_ev[1] = evsignal_new(main_base, SIGINT, main_signal_cb, NULL);
	main_ev[2] = event_new(main_base, -1, EV_PERSIST, main_counts_cb,
	    NULL);
	main_ev[3] = event_new(main_base, -1, EV_PERSIST, main_trim_cb, NULL);
	main_ev[4] = evsignal_new(main_base, SIGHUP, main_hup_cb, NULL);
	for (i = 0; i < nitems(main_ev); i++) {
		if (main_ev[i] == NULL)
			errx(1, "cannot set up events");
	}
	evsignal_add(main_ev[0], NULL);
	evsignal_add(main_ev[1], NULL);
	evsignal_add(main_ev[4], NULL);
	event_add(main_ev[3], &trim);
	if (!o->discovery)
		return;
	main_announce = announce_start(main_base, announce_as, listen_port(),
	    tls_enabled(), &cause);
	if (main_announce == NULL) {
		log_warnx("discovery disabled: %s", cause != NULL ? cause :
		    "no multicast socket");
		free(cause);
		return;
	}
	if (cfg.cluster != NULL && *cfg.cluster != '\0')
		announce_set_cluster(main_announce, cfg.cluster_name);
	if (tls_enabled()) {
		announce_set_tls(main_announce, listen_tls_port(),
		    tls_fingerprint());
		daemon_on_reload(main_tls_reload);
	}
	event_add(main_ev[2], &second);
}

/* The accounts database and the operators; a failure stops the start. */
static void
main_accounts(void)
{
	char	*cause;

	if (account_open(cfg.state_dir, main_base, &cause) != 0)
		errx(1, "accounts: %s", cause);
	if (cmd_oper_init(&cause) != 0)
		errx(1, "operators: %s", cause);
}

/* Free what main_events() made. */
static void
main_events_free(void)
{
	size_t	i;

	for (i = 0; i < nitems(main_ev); i++)
		event_free(main_ev[i]);
}

int
main(int argc, char **argv)
{
	struct main_options	*o = &main_opts;
	char			*announce_as, *cause;
	int			 i;

	o->discovery = true;
	main_options(argc, argv, o);
	if (o->hash_password)
		return (account_cli_hash());
	main_settings(o);
	if (o->account != NULL)
		return (account_cli(cfg.state_dir, o->account, o->nargs,
		    o->args));
	log_init("tui-chatd", o->verbose);
	announce_as = xstrdup(cfg.name);
	main_irc_name();
	signal(SIGPIPE, SIG_IGN);
	/* Output buffers come and go every turn: keep freed memory instead
	 * of returning it with brk(2) each time; main_trim_cb gives it back
	 * once a burst is over. */
	mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
	mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
	daemon_started = time(NULL);
	listen_raise_nofile();

	if ((main_base = event_base_new()) == NULL)
		errx(1, "event_base_new failed");
	msgid_init(0);
	if (history_open(main_base, main_store_failed, NULL, &cause) != 0)
		errx(1, "%s", cause);
	user_init();
	room_init();
	cmd_cap_init();
	conn_init(main_base, &dispatch_conn_events);
	main_accounts();
	main_listen(o);
	main_http(o);

	main_events(o, announce_as);
	log_info("%s serving as %s", DAEMON_VERSION, cfg.name);

	event_base_dispatch(main_base);

	main_events_free();
	http_stop();
	history_close();
	listen_free_all();
	account_close();
	cmd_oper_free();
	tls_free();
	room_shutdown();
	user_shutdown();
	cmd_whowas_free();
	event_base_free(main_base);
	free(announce_as);
	settings_free(&cfg);
	for (i = 0; i < o->nsets; i++)
		free((char *)o->sets[i]);
	return (0);
}
