/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * Fuzz the file host's request handling through its own connection code
 * (daemon/http_server.c and the handlers): request lines and headers,
 * Content-Length, pipelining, keep-alive and close, routing, tokens,
 * GET and HEAD with Range, uploads streamed to disk, early replies and
 * lingering. Each input is what one client sends on one connection (a
 * bufferevent pair, no socket). Two stand-ins reach past the checks a
 * mutation rarely passes: "$T" becomes a valid upload token for "up", who
 * is in #files, and "$F" the path of a stored file ("/f/ID/seed.txt").
 *
 * The daemon is the one of the dispatch target (fuzz_daemon.c), with the
 * file host started without a listener on a temporary state directory.
 * What comes back must start with a well-formed response head. After the
 * input the client hangs up: every connection must then be gone, and the
 * directory must hold the seed file alone, or nothing once the files are
 * pruned after an upload (no temporary file of an unfinished upload is
 * ever left behind). The seed file is then stored again.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "fuzz.h"
#include "fuzz_daemon.h"
#include "log.h"
#include "xmalloc.h"
#include "settings.h"
#include "conn.h"
#include "daemon.h"
#include "dispatch.h"
#include "http.h"
#include "http_files.h"
#include "http_server.h"
#include "http_token.h"
#include "user.h"

#define FUZZ_TURNS	32	/* loop turns for one input */
#define FUZZ_SUBST_MAX	8	/* stand-ins replaced per input */
#define FUZZ_ROOM	"#files"
#define FUZZ_SEED	"hello, file host\n"

static bool		 fuzz_ready;
static char		 fuzz_state[64];	/* the temporary state_dir */
static char		 fuzz_token[HTTP_TOKEN_MAX];
static char		 fuzz_file[96];	/* "/f/ID/seed.txt" */

static void	fuzz_setup(void);
static void	fuzz_cleanup(void);
static void	fuzz_seed(void);
static size_t	fuzz_files_left(void);
static char	*fuzz_expand(const uint8_t *, size_t, size_t *);
static void	fuzz_response(struct evbuffer *);

/* Once per process: the daemon, "up" in #files, the file host. */
static void
fuzz_setup(void)
{
	const char	 reg[] = "NICK up\r\nUSER up 0 * :Up\r\nJOIN "
			    FUZZ_ROOM "\r\n";
	struct http_claims claims;
	struct conn	*c;
	char		*cause;

	fuzz_daemon_setup("http_server_fuzzer", &dispatch_conn_events);
	strlcpy(fuzz_state, fuzz_daemon_state_dir("http"), sizeof fuzz_state);
	atexit(fuzz_cleanup);
	if (settings_set_arg(&cfg, "http_url=http://files.fuzz:8080",
	    &cause) != 0)
		fatalx("%s", cause);
	c = fuzz_daemon_connect(40200);
	conn_feed(c, reg, sizeof reg - 1);
	fuzz_daemon_turn();
	FUZZ_CHECK(c->user != NULL && c->user->listed);
	if (http_start(fuzz_daemon_base(), NULL, &cause) != 0)
		fatalx("%s", cause);
	memset(&claims, 0, sizeof claims);
	strlcpy(claims.sub, "up", sizeof claims.sub);
	strlcpy(claims.channel, FUZZ_ROOM, sizeof claims.channel);
	claims.exp = time(NULL) + (time_t)100 * 365 * 86400;
	FUZZ_CHECK(http_token_make(&claims, fuzz_token,
	    sizeof fuzz_token) == 0);
	fuzz_seed();
	fuzz_ready = true;
}

/* At exit: the files and the temporary directories go. */
static void
fuzz_cleanup(void)
{
	char	*p;

	http_files_prune(time(NULL) + (time_t)cfg.files_max_age + 1);
	http_stop();
	xasprintf(&p, "%s/files", fuzz_state);
	rmdir(p);
	free(p);
	rmdir(fuzz_state);
}

/* Store the file "$F" names, as an upload of "up" to #files would. */
static void
fuzz_seed(void)
{
	struct evbuffer		*evb = evbuffer_new();
	struct http_upload	*up;
	const struct http_file	*f;
	int			 status;

	FUZZ_CHECK(evb != NULL);
	up = http_files_begin("seed.txt", FUZZ_ROOM, "up", false,
	    sizeof FUZZ_SEED - 1, &status);
	FUZZ_CHECK(up != NULL);
	evbuffer_add(evb, FUZZ_SEED, sizeof FUZZ_SEED - 1);
	FUZZ_CHECK(http_files_write(up, evb, sizeof FUZZ_SEED - 1) == 0);
	FUZZ_CHECK((f = http_files_commit(up)) != NULL);
	snprintf(fuzz_file, sizeof fuzz_file, "/f/%s/seed.txt", f->id);
	evbuffer_free(evb);
}

/* Entries in state_dir/files but . and .. */
static size_t
fuzz_files_left(void)
{
	DIR		*d;
	struct dirent	*de;
	char		*p;
	size_t		 n = 0;

	xasprintf(&p, "%s/files", fuzz_state);
	d = opendir(p);
	free(p);
	FUZZ_CHECK(d != NULL);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	}
	closedir(d);
	return (n);
}

/* The input with "$T" and "$F" replaced; *len is the new length. */
static char *
fuzz_expand(const uint8_t *data, size_t size, size_t *len)
{
	const size_t	 tlen = strlen(fuzz_token), flen = strlen(fuzz_file);
	char		*out = xmalloc(size + FUZZ_SUBST_MAX * (tlen + flen) + 1);
	size_t		 i, n = 0, subst = 0;

	for (i = 0; i < size; i++) {
		if (data[i] == '$' && i + 1 < size && subst < FUZZ_SUBST_MAX &&
		    (data[i + 1] == 'T' || data[i + 1] == 'F')) {
			memcpy(out + n, data[i + 1] == 'T' ? fuzz_token :
			    fuzz_file, data[i + 1] == 'T' ? tlen : flen);
			n += data[i + 1] == 'T' ? tlen : flen;
			subst++;
			i++;
			continue;
		}
		out[n++] = (char)data[i];
	}
	*len = n;
	return (out);
}

/*
 * The first response: "HTTP/1.1 NNN reason", then header lines of
 * printable text with a colon, each ending in CRLF, then an empty line;
 * a Content-Length of digits only. A reply may be cut short only by the
 * turns running out, never by a bad byte.
 */
static void
fuzz_response(struct evbuffer *evb)
{
	struct evbuffer_ptr	 end;
	const char		*p, *line, *eol, *q;
	size_t			 len;

	if (evbuffer_get_length(evb) == 0)
		return;
	end = evbuffer_search(evb, "\r\n\r\n", 4, NULL);
	FUZZ_CHECK(end.pos != -1);
	len = (size_t)end.pos + 2;
	p = (const char *)evbuffer_pullup(evb, (ssize_t)len);
	FUZZ_CHECK(len > 13 && memcmp(p, "HTTP/1.1 ", 9) == 0);
	FUZZ_CHECK(p[9] >= '1' && p[9] <= '5' && p[10] >= '0' &&
	    p[10] <= '9' && p[11] >= '0' && p[11] <= '9' && p[12] == ' ');
	for (line = p; line < p + len; line = eol + 2) {
		eol = memchr(line, '\r', (size_t)(p + len - line));
		FUZZ_CHECK(eol != NULL && eol[1] == '\n');
		for (q = line; q < eol; q++)
			FUZZ_CHECK((unsigned char)*q >= 0x20 &&
			    (unsigned char)*q != 0x7f);
		if (line == p)
			continue;
		FUZZ_CHECK(memchr(line, ':', (size_t)(eol - line)) != NULL);
		if (strncasecmp(line, "Content-Length:", 15) == 0)
			FUZZ_CHECK(strspn(line + 16, "0123456789") ==
			    (size_t)(eol - line - 16) && eol > line + 16);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_in	 sin;
	struct bufferevent	*pair[2];
	struct evbuffer		*out;
	char			*in;
	size_t			 len, seen;
	int			 t;

	if (!fuzz_ready)
		fuzz_setup();
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(40201);
	if (bufferevent_pair_new(fuzz_daemon_base(), 0, pair) != 0)
		fatalx("bufferevent_pair_new failed");
	http_server_adopt(pair[0], (struct sockaddr *)&sin);
	out = bufferevent_get_input(pair[1]);
	in = fuzz_expand(data, size, &len);
	if (bufferevent_enable(pair[1], EV_READ | EV_WRITE) != 0 ||
	    bufferevent_write(pair[1], in, len) != 0)
		fatalx("bufferevent_write failed");
	free(in);
	/* Until nothing more comes back. */
	for (t = 0, seen = 0; t < FUZZ_TURNS; t++) {
		fuzz_daemon_turn();
		if (t > 2 && evbuffer_get_length(out) == seen)
			break;
		seen = evbuffer_get_length(out);
	}
	fuzz_response(out);
	/* The client hangs up (EOF on the server's side). */
	bufferevent_flush(pair[1], EV_WRITE, BEV_FINISHED);
	for (t = 0; t < FUZZ_TURNS && http_server_conns() != 0; t++)
		fuzz_daemon_turn();
	FUZZ_CHECK(http_server_conns() == 0);
	bufferevent_free(pair[1]);
	fuzz_daemon_turn();
	/* Only the seed and its .meta, unless an upload was stored. */
	if (fuzz_files_left() != 2 ||
	    http_files_used("up") != sizeof FUZZ_SEED - 1) {
		http_files_prune(time(NULL) + (time_t)cfg.files_max_age + 1);
		FUZZ_CHECK(fuzz_files_left() == 0);
		fuzz_seed();
	}
	fuzz_daemon_forget();
	return (0);
}
