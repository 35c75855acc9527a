/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The file host: its routes, the start and stop order, retention, the
 * URLs it gives out, and who a request comes from. */

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <event2/event.h>
#include <openssl/evp.h>

#include "compat.h"
#include "irc_case.h"
#include "log.h"
#include "xmalloc.h"
#include "conn.h"
#include "daemon.h"
#include "http.h"
#include "http_files.h"
#include "http_host.h"
#include "listen.h"
#include "room.h"

#define HTTP_PRUNE_MAX	60	/* seconds between retention checks */

static const struct http_route http_routes[] = {
	{ "POST", "/upload", true, http_upload },
	{ "OPTIONS", "/upload", true, http_upload_options },
	{ "GET", "/f/", false, http_get },
	{ "GET", "/rooms/", false, http_list },
};

static bool			 http_on;
static struct listen_spec	 http_spec;
static struct event		*http_prune_ev;
static http_verify_fn		*http_verify;

static void	http_prune_cb(evutil_socket_t, short, void *);
static bool	http_host_ok(const char *);

/* Delete expired files, now and every little while. */
static void
http_prune_cb(evutil_socket_t fd, short events, void *arg)
{
	unsigned int	n = http_files_prune(time(NULL));

	if (n > 0)
		log_info("files: %u expired", n);
}

int
http_start(struct event_base *base, const struct listen_spec *spec,
    char **cause)
{
	struct timeval	tv = { HTTP_PRUNE_MAX, 0 };

	if (http_files_open(cfg.state_dir, cause) != 0)
		return (-1);
	if (http_server_start(base, spec, http_routes, nitems(http_routes),
	    cause) != 0) {
		http_files_close();
		return (-1);
	}
	http_token_init();
	if (spec != NULL)
		http_spec = *spec;
	http_on = true;
	if (cfg.files_max_age != 0 && cfg.files_max_age / 4 < tv.tv_sec)
		tv.tv_sec = cfg.files_max_age / 4 > 0 ? cfg.files_max_age / 4 : 1;
	http_prune_ev = event_new(base, -1, EV_PERSIST, http_prune_cb, NULL);
	if (http_prune_ev == NULL)
		fatalx("event_new");
	event_add(http_prune_ev, &tv);
	http_prune_cb(-1, 0, NULL);
	return (0);
}

void
http_stop(void)
{
	if (!http_on)
		return;
	event_free(http_prune_ev);
	http_server_stop();
	http_files_close();
	http_on = false;
}

bool
http_enabled(void)
{
	return (http_on);
}

/* The IRC connection's local address and the HTTP port, unless the
 * listener names one address or http_url says otherwise. */
void
http_upload_url(const struct conn *c, char *buf, size_t size)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len = sizeof ss;
	char			 host[INET6_ADDRSTRLEN];
	const void		*a;
	int			 port = http_server_port();

	if (cfg.http_url != NULL) {
		snprintf(buf, size, "%s/upload", cfg.http_url);
		return;
	}
	ss = http_spec.ss;
	if (!((ss.ss_family == AF_INET &&
	    ((struct sockaddr_in *)&ss)->sin_addr.s_addr != INADDR_ANY) ||
	    (ss.ss_family == AF_INET6 && !IN6_IS_ADDR_UNSPECIFIED(
	    &((struct sockaddr_in6 *)&ss)->sin6_addr))) &&
	    getsockname(c->fd, (struct sockaddr *)&ss, &len) != 0)
		ss = http_spec.ss;
	a = ss.ss_family == AF_INET6 ?
	    (const void *)&((struct sockaddr_in6 *)&ss)->sin6_addr :
	    (const void *)&((struct sockaddr_in *)&ss)->sin_addr;
	if (inet_ntop(ss.ss_family, a, host, sizeof host) == NULL)
		strlcpy(host, "127.0.0.1", sizeof host);
	snprintf(buf, size, ss.ss_family == AF_INET6 ?
	    "http://[%s]:%d/upload" : "http://%s:%d/upload", host, port);
}

/* A Host header of letters, digits and . - : [ ] only. */
static bool
http_host_ok(const char *h)
{
	size_t	n = strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"
	    "TUVWXYZ0123456789.-:[]");

	return (n > 0 && h[n] == '\0' && n < 200);
}

void
http_base_url(const struct http_req *r, char *buf, size_t size)
{
	const char	*host = http_req_header(r, "Host");

	if (cfg.http_url != NULL)
		strlcpy(buf, cfg.http_url, size);
	else if (host != NULL && http_host_ok(host))
		snprintf(buf, size, "http://%s", host);
	else
		snprintf(buf, size, "http://%s", http_spec.text);
}

bool
http_room_private(const struct room *rm)
{
	return (rm != NULL && (rm->key != NULL ||
	    (rm->modes & RMODE_INVITE) != 0));
}

bool
http_who_in(const struct http_who *w, const char *room)
{
	return (w->known && w->claims.channel[0] != '\0' &&
	    irc_casecmp(IRC_CASE_RFC1459, w->claims.channel, room) == 0);
}

void
http_set_basic_verify(http_verify_fn *fn)
{
	http_verify = fn;
}

http_verify_fn *
http_basic_verify(void)
{
	return (http_verify);
}

/* base64 "name:password" of a Basic Authorization header. */
int
http_basic(const struct http_req *r, char *name, size_t nsize, char *pass,
    size_t psize)
{
	const char	*auth = http_req_header(r, "Authorization");
	unsigned char	 buf[512];
	char		*colon;
	size_t		 len;
	int		 n;

	if (auth == NULL || strncasecmp(auth, "Basic ", 6) != 0 ||
	    (len = strlen(auth + 6)) == 0 || len % 4 != 0 ||
	    len / 4 * 3 >= sizeof buf)
		return (-1);
	if ((n = EVP_DecodeBlock(buf, (const unsigned char *)auth + 6,
	    (int)len)) < 0)
		return (-1);
	while (len > 0 && auth[6 + len - 1] == '=') {
		n--;
		len--;
	}
	buf[n] = '\0';
	if (strlen((char *)buf) != (size_t)n ||
	    (colon = strchr((char *)buf, ':')) == NULL)
		return (-1);
	*colon = '\0';
	if (strlcpy(name, (char *)buf, nsize) >= nsize ||
	    strlcpy(pass, colon + 1, psize) >= psize)
		return (-1);
	return (0);
}

/*
 * "Authorization: Bearer T" or ?token=T, T from EXTJWT. "Basic" is only
 * noted here: the upload handler checks it (asynchronously).
 */
int
http_who(struct http_req *r, struct http_who *w)
{
	const char	*auth = http_req_header(r, "Authorization");
	char		 tok[HTTP_TOKEN_MAX];
	const char	*t = NULL;

	memset(w, 0, sizeof *w);
	strlcpy(w->name, "anonymous", sizeof w->name);
	if (auth != NULL && strncasecmp(auth, "Bearer ", 7) == 0)
		t = auth + 7;
	else if (auth != NULL && strncasecmp(auth, "Basic ", 6) == 0) {
		w->basic = true;
		return (0);
	} else if (auth != NULL)
		return (-1);
	else
		t = http_req_query(r, "token", tok, sizeof tok);
	if (t == NULL)
		return (0);
	if (http_token_verify(t, time(NULL), &w->claims) != 0)
		return (-1);
	w->known = true;
	strlcpy(w->name, w->claims.account[0] != '\0' ? w->claims.account :
	    w->claims.sub, sizeof w->name);
	return (0);
}
