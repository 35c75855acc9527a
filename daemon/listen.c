/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Listening sockets. libevent's listener accepts in a loop until EAGAIN;
 * when the process runs out of descriptors, accepting pauses a second
 * instead of spinning on the ready socket. */

#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/listener.h>

#include "xmalloc.h"
#include "log.h"
#include "conn.h"
#include "listen.h"

#define LISTEN_BACKLOG	4096	/* at least 1024; the kernel may cap it */
#define LISTEN_MAX	16

static struct evconnlistener	*listen_all[LISTEN_MAX];
static int			 listen_count;
static uint16_t			 listen_first_port;
static uint16_t			 listen_first_tls_port;
static struct event		*listen_pause_ev;

static void	listen_accept_cb(struct evconnlistener *, evutil_socket_t,
		    struct sockaddr *, int, void *);
static void	listen_accept_tls_cb(struct evconnlistener *, evutil_socket_t,
		    struct sockaddr *, int, void *);
static void	listen_error_cb(struct evconnlistener *, void *);
static void	listen_resume_cb(evutil_socket_t, short, void *);

/* Split ADDR:PORT and resolve ADDR as a numeric address or a name. */
int
listen_parse(const char *arg, struct listen_spec *ls, char **cause)
{
	struct addrinfo	 hints, *res;
	char		 host[128];
	const char	*port, *end;
	int		 error;
	long		 n;
	char		*ep;

	memset(ls, 0, sizeof *ls);
	strlcpy(ls->text, arg, sizeof ls->text);
	if (arg[0] == '[') {
		if ((end = strchr(arg, ']')) == NULL || end[1] != ':')
			goto bad;
		snprintf(host, sizeof host, "%.*s", (int)(end - arg - 1),
		    arg + 1);
		port = end + 2;
	} else {
		if ((end = strrchr(arg, ':')) == NULL ||
		    strchr(arg, ':') != end)
			goto bad;
		snprintf(host, sizeof host, "%.*s", (int)(end - arg), arg);
		port = end + 1;
	}
	n = strtol(port, &ep, 10);
	if (*port == '\0' || *ep != '\0' || n < 1 || n > 65535)
		goto bad;
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if (strcmp(host, "*") == 0 || host[0] == '\0')
		strlcpy(host, "0.0.0.0", sizeof host);
	if ((error = getaddrinfo(host, port, &hints, &res)) != 0) {
		xasprintf(cause, "bad --listen address %s: %s", arg,
		    gai_strerror(error));
		return (-1);
	}
	memcpy(&ls->ss, res->ai_addr, res->ai_addrlen);
	ls->len = res->ai_addrlen;
	freeaddrinfo(res);
	return (0);
bad:
	xasprintf(cause, "bad --listen address %s (want ADDR:PORT or "
	    "[ADDR]:PORT)", arg);
	return (-1);
}

/* A non-blocking socket bound to the address, IPv6 sockets v6-only. */
int
listen_add(struct event_base *base, const struct listen_spec *ls,
    char **cause)
{
	struct evconnlistener	*l;
	struct sockaddr_storage	 ss;
	socklen_t		 sslen = sizeof ss;
	uint16_t		 port;
	int			 fd, one = 1;

	if (listen_count == LISTEN_MAX) {
		xasprintf(cause, "too many --listen addresses");
		return (-1);
	}
	fd = socket(ls->ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (fd == -1)
		goto fail;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0)
		goto fail;
	/* Accepted sockets inherit it: no setsockopt per connection. */
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0)
		goto fail;
	if (ls->ss.ss_family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6,
	    IPV6_V6ONLY, &one, sizeof one) != 0)
		goto fail;
	if (bind(fd, (const struct sockaddr *)&ls->ss, ls->len) != 0)
		goto fail;
	l = evconnlistener_new(base, ls->tls ? listen_accept_tls_cb :
	    listen_accept_cb, NULL, LEV_OPT_CLOSE_ON_FREE, LISTEN_BACKLOG, fd);
	if (l == NULL)
		goto fail;
	evconnlistener_set_error_cb(l, listen_error_cb);
	if (getsockname(fd, (struct sockaddr *)&ss, &sslen) == 0) {
		port = ntohs(ss.ss_family == AF_INET6 ?
		    ((struct sockaddr_in6 *)&ss)->sin6_port :
		    ((struct sockaddr_in *)&ss)->sin_port);
		if (ls->tls && listen_first_tls_port == 0)
			listen_first_tls_port = port;
		if (!ls->tls && listen_first_port == 0)
			listen_first_port = port;
	}
	listen_all[listen_count++] = l;
	return (0);
fail:
	xasprintf(cause, "cannot listen on %s: %s", ls->text, strerror(errno));
	if (fd != -1)
		close(fd);
	return (-1);
}

/* The first plain listener's port, else the first TLS one's. */
uint16_t
listen_port(void)
{
	return (listen_first_port != 0 ? listen_first_port :
	    listen_first_tls_port);
}

/* The first TLS listener's port. */
uint16_t
listen_tls_port(void)
{
	return (listen_first_tls_port);
}

/* A new client. */
static void
listen_accept_cb(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	conn_new(fd, sa, (socklen_t)salen);
}

/* A new TLS client. */
static void
listen_accept_tls_cb(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	conn_new_tls(fd, sa, (socklen_t)salen);
}

/* accept(2) failed: out of descriptors pauses every listener a second. */
static void
listen_error_cb(struct evconnlistener *l, void *arg)
{
	struct timeval	tv = { 1, 0 };
	int		i;

	log_warn("accept");
	if (errno != EMFILE && errno != ENFILE && errno != ENOBUFS &&
	    errno != ENOMEM)
		return;
	if (listen_pause_ev == NULL) {
		listen_pause_ev = evtimer_new(evconnlistener_get_base(l),
		    listen_resume_cb, NULL);
		if (listen_pause_ev == NULL)
			return;
	}
	for (i = 0; i < listen_count; i++)
		evconnlistener_disable(listen_all[i]);
	evtimer_add(listen_pause_ev, &tv);
}

/* Accept again after a pause. */
static void
listen_resume_cb(evutil_socket_t fd, short events, void *arg)
{
	int	i;

	for (i = 0; i < listen_count; i++)
		evconnlistener_enable(listen_all[i]);
}

/* Use every descriptor the hard limit allows. */
void
listen_raise_nofile(void)
{
	struct rlimit	rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	if (rl.rlim_cur >= rl.rlim_max)
		return;
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
		log_warn("setrlimit RLIMIT_NOFILE");
}

/* Close every listening socket. */
void
listen_free_all(void)
{
	int	i;

	for (i = 0; i < listen_count; i++)
		evconnlistener_free(listen_all[i]);
	listen_count = 0;
	if (listen_pause_ev != NULL)
		event_free(listen_pause_ev);
	listen_pause_ev = NULL;
}
