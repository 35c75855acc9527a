/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* File transfers: a token by EXTJWT, then the HTTP request; the room
 * list is JSON (jansson); downloads go to NAME.part and are renamed. */

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <jansson.h>

#include "chat_event.h"
#include "http_client.h"
#include "http_parse.h"
#include "irc_case.h"
#include "sanitize.h"
#include "session.h"
#include "window.h"
#include "compat.h"
#include "xmalloc.h"
#include "files.h"

#define FILES_PROGRESS_MS	500	/* between progress events */

enum files_kind { FILES_PUT, FILES_LIST, FILES_GET };

struct files_op {
	enum files_kind		 kind;
	char			*room;		/* NULL: none */
	char			*arg;		/* path, or name or URL */
	char			*dir;		/* downloads */
	char			*name;		/* shown in events */
	char			*part;		/* NAME.part being written */
	char			*url;
	bool			 token_wait;	/* EXTJWT asked, no reply yet */
	char			*token_for;	/* "*" or the room */
	struct http_call	*call;
	struct timeval		 last;		/* last progress event */
	unsigned int		 group;		/* the server's window group */
	TAILQ_ENTRY(files_op)	 entry;
};
TAILQ_HEAD(files_ops, files_op);

static struct event_base	*files_base;
static struct files_ops		 files_ops = TAILQ_HEAD_INITIALIZER(files_ops);

static void	files_op_start(struct files_op *);
static void	files_op_end(struct files_op *);
static void	files_token_cb(const char *, const char *, const char *);
static void	files_event(struct files_op *, enum chat_event_type,
		    const char *, const char *, long long, long long,
		    const char *);
static void	files_fail(struct files_op *, const char *, ...)
		    __attribute__((__format__(__printf__, 2, 3)));
static bool	files_base_url(char *, size_t);
static void	files_put_send(struct files_op *, const char *);
static void	files_put_done(struct http_call *, void *);
static void	files_list_send(struct files_op *, const char *);
static void	files_list_done(struct http_call *, void *);
static const char *files_list_entries(struct files_op *, json_t *);
static void	files_get_send(struct files_op *, const char *);
static void	files_get_done(struct http_call *, void *);
static void	files_progress(struct http_call *, void *);
static char	*files_download_dir(void);
static const char *files_body(struct http_call *);
static int	files_final_path(struct files_op *, char **);

void
files_init(struct event_base *base)
{
	files_base = base;
	session_on_extjwt(files_token_cb);
}

/* Drop every transfer (the program is ending). */
void
files_free(void)
{
	struct files_op	*op;

	while ((op = TAILQ_FIRST(&files_ops)) != NULL) {
		TAILQ_REMOVE(&files_ops, op, entry);
		http_call_free(op->call);
		op->call = NULL;
		op->kind = FILES_LIST;	/* no .part to keep or remove */
		files_op_end(op);
	}
}

bool
files_busy(void)
{
	return (!TAILQ_EMPTY(&files_ops));
}

/* The first transfer with a size: its name and how far it is. */
void
files_status(char *buf, size_t size)
{
	struct files_op	*op;
	const char	*verb;

	*buf = '\0';
	TAILQ_FOREACH(op, &files_ops, entry) {
		if (op->call == NULL || op->call->total == 0)
			continue;
		verb = op->kind == FILES_PUT ? "put" : "get";
		snprintf(buf, size, " [%s %s %d%%]", verb, op->name,
		    (int)(op->call->moved * 100 / op->call->total));
		return;
	}
}

/* One file event for the model: text for the screen, fields for JSON. */
static void
files_event(struct files_op *op, enum chat_event_type type,
    const char *from, const char *url, long long bytes, long long total,
    const char *text)
{
	struct chat_event	 ev;
	char			*s[4];
	const char		*in[4] = { from, url, op->name, text };
	size_t			 i;
	unsigned int		 was;

	/* What the server said is shown only once made harmless. */
	for (i = 0; i < nitems(s); i++)
		s[i] = in[i] != NULL ? sanitize(in[i], strlen(in[i]), 0) : NULL;
	memset(&ev, 0, sizeof ev);
	gettimeofday(&ev.tv, NULL);
	ev.type = type;
	ev.flags = CHAT_HERE;
	ev.room = op->room;
	ev.from = s[0];
	ev.url = s[1];
	ev.name = s[2];
	ev.path = type == CHAT_DONE && op->kind == FILES_GET ? op->part :
	    NULL;
	ev.bytes = bytes;
	ev.total = total;
	ev.text = s[3];
	was = window_set_group(op->group);	/* its server's windows */
	window_post(&ev);
	window_set_group(was);
	for (i = 0; i < nitems(s); i++)
		free(s[i]);
}

/* The reply body as text (NUL-terminated, last newline cut). */
static const char *
files_body(struct http_call *c)
{
	char	*s;
	size_t	 len;

	if (c->status == 0)
		return (c->error != NULL ? c->error : "failed");
	evbuffer_add(c->body, "", 1);
	s = (char *)evbuffer_pullup(c->body, -1);
	len = strlen(s);
	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		s[--len] = '\0';
	if (len == 0)
		return ("no reason given");
	return (s);
}

/* An error event, and the end of op. */
static void
files_fail(struct files_op *op, const char *fmt, ...)
{
	va_list	 ap;
	char	 text[600];

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	files_event(op, CHAT_ERROR, NULL, NULL, 0, 0, text);
	files_op_end(op);
}

/* Free op (off the list); an unfinished download keeps its .part. */
static void
files_op_end(struct files_op *op)
{
	struct files_op	*o;

	TAILQ_FOREACH(o, &files_ops, entry) {
		if (o == op) {
			TAILQ_REMOVE(&files_ops, op, entry);
			break;
		}
	}
	if (op->call != NULL)
		http_call_free_later(op->call);
	free(op->room);
	free(op->arg);
	free(op->dir);
	free(op->name);
	free(op->part);
	free(op->url);
	free(op->token_for);
	free(op);
}

/* The server's FILEHOST URL without "/upload": our host's base. */
static bool
files_base_url(char *buf, size_t size)
{
	const char	*u = session_filehost();
	size_t		 len;

	if (u == NULL)
		return (false);
	strlcpy(buf, u, size);
	len = strlen(buf);
	if (len > 7 && strcmp(buf + len - 7, "/upload") == 0)
		buf[len - 7] = '\0';
	return (true);
}

/* Queue op and ask for its token: "EXTJWT *" or "EXTJWT #room". */
static void
files_op_start(struct files_op *op)
{
	op->group = window_group();	/* the current window's server */
	TAILQ_INSERT_TAIL(&files_ops, op, entry);
	if (op->kind == FILES_GET && strncmp(op->arg, "http://", 7) == 0) {
		files_get_send(op, NULL);
		return;
	}
	op->token_for = xstrdup(op->room != NULL ? op->room : "*");
	op->token_wait = true;
	if (session_send("EXTJWT", op->token_for, NULL) != 0)
		files_fail(op, "Not connected");
}

/* EXTJWT target * TOKEN: the oldest operation waiting for it goes on. */
static void
files_token_cb(const char *target, const char *token, const char *error)
{
	struct files_op	*op;

	TAILQ_FOREACH(op, &files_ops, entry) {
		if (!op->token_wait || (target != NULL && irc_casecmp(
		    IRC_CASE_RFC1459, op->token_for, target) != 0))
			continue;
		op->token_wait = false;
		if (error != NULL && target != NULL) {
			files_fail(op, "No token for %s: %s", target, error);
			return;
		}
		/* Asked after the 005 lines: FILEHOST is known by now. */
		if (error != NULL || session_filehost() == NULL) {
			files_fail(op, "This server has no file host%s%s",
			    error != NULL ? ": " : " (no FILEHOST in 005)",
			    error != NULL ? error : "");
			return;
		}
		if (op->kind == FILES_PUT)
			files_put_send(op, token);
		else if (op->kind == FILES_LIST)
			files_list_send(op, token);
		else
			files_list_send(op, token);	/* find NAME first */
		return;
	}
}

void
files_put(const char *room, const char *path)
{
	struct files_op	*op = xcalloc(1, sizeof *op);
	char		 name[HTTP_NAME_MAX + 1];

	op->kind = FILES_PUT;
	op->room = room != NULL ? xstrdup(room) : NULL;
	op->arg = xstrdup(path);
	http_name_sanitize(path, name);
	op->name = xstrdup(name);
	files_op_start(op);
}

void
files_list(const char *room)
{
	struct files_op	*op = xcalloc(1, sizeof *op);

	op->kind = FILES_LIST;
	op->room = xstrdup(room);
	op->name = xstrdup(room);
	files_op_start(op);
}

void
files_get(const char *room, const char *what, const char *dir)
{
	struct files_op	*op = xcalloc(1, sizeof *op);
	char		 name[HTTP_NAME_MAX + 1];

	op->kind = FILES_GET;
	op->room = room != NULL ? xstrdup(room) : NULL;
	op->arg = xstrdup(what);
	op->dir = dir != NULL ? xstrdup(dir) : files_download_dir();
	http_name_sanitize(what, name);
	op->name = xstrdup(name);
	if (strncmp(what, "http://", 7) != 0 && room == NULL) {
		TAILQ_INSERT_TAIL(&files_ops, op, entry);
		files_fail(op, "/get NAME works in a room; or give a URL");
		return;
	}
	files_op_start(op);
}

/* POST the file with the token; the room in the query. */
static void
files_put_send(struct files_op *op, const char *token)
{
	struct http_call_spec	 s;
	struct stat		 st;
	char			 base[512], url[1024], enc[256], disp[512];
	char			*cause;
	int			 fd;

	if ((fd = open(op->arg, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd != -1)
			close(fd);
		files_fail(op, "Cannot read %s: %s", op->arg, fd == -1 ?
		    strerror(errno) : "not a regular file");
		return;
	}
	files_base_url(base, sizeof base);
	snprintf(url, sizeof url, "%s", session_filehost());
	if (op->room != NULL && http_pct_encode(op->room, enc,
	    sizeof enc) == 0 && strlen(base) + 0 < sizeof url) {
		strlcat(url, "?room=", sizeof url);
		strlcat(url, enc, sizeof url);
	}
	http_disposition_make(op->name, 0, disp, sizeof disp);
	memset(&s, 0, sizeof s);
	s.method = "POST";
	s.url = url;
	s.bearer = token;
	s.disposition = disp;
	s.body_fd = fd;
	s.body_len = (uint64_t)st.st_size;
	s.sink_fd = -1;
	s.progress = files_progress;
	s.done = files_put_done;
	s.arg = op;
	if ((op->call = http_call_start(files_base, &s, &cause)) == NULL) {
		files_fail(op, "%s", cause);
		free(cause);
	}
}

/* 201: the link; post it in the room unless the server announced it. */
static void
files_put_done(struct http_call *c, void *arg)
{
	struct files_op	*op = arg;
	char		 text[1200];
	unsigned int	 was;

	if (c->status != 201 || c->location == NULL) {
		files_fail(op, "Upload of %s failed: %s", op->name,
		    files_body(c));
		return;
	}
	snprintf(text, sizeof text, "Uploaded %s: %s", op->name, c->location);
	files_event(op, CHAT_DONE, NULL, c->location, (long long)c->total,
	    (long long)c->total, text);
	if (op->room != NULL && c->notice == NULL) {
		was = window_set_group(op->group);	/* its server */
		session_say(op->room, c->location, SESSION_SAY_MSG);
		window_set_group(was);
	}
	files_op_end(op);
}

/* A progress event at most every FILES_PROGRESS_MS, and at the end. */
static void
files_progress(struct http_call *c, void *arg)
{
	struct files_op	*op = arg;
	struct timeval	 now, d;
	char		 text[300];

	gettimeofday(&now, NULL);
	timersub(&now, &op->last, &d);
	if (c->moved != c->total && d.tv_sec == 0 &&
	    d.tv_usec < FILES_PROGRESS_MS * 1000)
		return;
	op->last = now;
	snprintf(text, sizeof text, "%s %s: %" PRIu64 " of %" PRIu64
	    " bytes", op->kind == FILES_PUT ? "Uploading" : "Downloading",
	    op->name, c->moved, c->total);
	files_event(op, CHAT_PROGRESS, NULL, NULL, (long long)c->moved,
	    (long long)c->total, text);
}

/* GET the room's list as JSON, with the room token. */
static void
files_list_send(struct files_op *op, const char *token)
{
	struct http_call_spec	 s;
	char			 base[512], url[1200], enc[256];
	char			*cause;

	files_base_url(base, sizeof base);
	if (http_pct_encode(op->room, enc, sizeof enc) != 0) {
		files_fail(op, "Bad room name");
		return;
	}
	snprintf(url, sizeof url, "%s/rooms/%s/files.json", base, enc);
	memset(&s, 0, sizeof s);
	s.method = "GET";
	s.url = url;
	s.bearer = token;
	s.body_fd = s.sink_fd = -1;
	s.done = files_list_done;
	s.arg = op;
	if ((op->call = http_call_start(files_base, &s, &cause)) == NULL) {
		files_fail(op, "%s", cause);
		free(cause);
	}
}

/* One "file" event per entry; for /get NAME, the URL of the newest of
 * that name (it points into files). */
static const char *
files_list_entries(struct files_op *op, json_t *files)
{
	json_t		*f;
	const char	*name, *who, *url, *when, *found = NULL;
	json_int_t	 size;
	size_t		 i;
	char		 text[1200];

	json_array_foreach(files, i, f) {
		if (json_unpack(f, "{s:s, s:I, s:s, s:s, s:s}", "name", &name,
		    "size", &size, "uploader", &who, "time", &when, "url",
		    &url) != 0)
			continue;
		if (op->kind == FILES_GET) {
			if (strcmp(name, op->arg) == 0)
				found = url;
			continue;
		}
		snprintf(text, sizeof text, "%s  %lld bytes  by %s  %s  %s",
		    name, (long long)size, who, when, url);
		free(op->name);
		op->name = xstrdup(name);
		files_event(op, CHAT_FILE, who, url, (long long)size,
		    (long long)size, text);
	}
	return (found);
}

/* The list is here: show it, or go on to the download. */
static void
files_list_done(struct http_call *c, void *arg)
{
	struct files_op	*op = arg;
	json_t		*root, *files;
	json_error_t	 jerr;
	const char	*found;
	char		 text[300];

	if (c->status != 200) {
		files_fail(op, "Cannot list %s: %s", op->room, files_body(c));
		return;
	}
	root = json_loadb((const char *)evbuffer_pullup(c->body, -1),
	    evbuffer_get_length(c->body), 0, &jerr);
	files = root != NULL ? json_object_get(root, "files") : NULL;
	if (!json_is_array(files)) {
		json_decref(root);
		files_fail(op, "The file host sent a list I cannot read");
		return;
	}
	found = files_list_entries(op, files);
	if (op->kind == FILES_GET) {
		if (found == NULL)
			files_fail(op, "No file called %s in %s", op->arg,
			    op->room);
		else {
			http_call_free_later(op->call);
			op->call = NULL;
			files_get_send(op, found);
		}
	} else {
		snprintf(text, sizeof text, "%zu file%s in %s",
		    json_array_size(files), json_array_size(files) == 1 ? "" :
		    "s", op->room);
		free(op->name);
		op->name = xstrdup(op->room);
		files_event(op, CHAT_INFO, NULL, NULL, 0, 0, text);
		files_op_end(op);
	}
	json_decref(root);
}

/* xdg-user-dir DOWNLOAD, else $HOME/Downloads; caller frees. */
static char *
files_download_dir(void)
{
	const char	*home = getenv("HOME");
	char		 buf[1024], *dir;
	FILE		*p;

	if ((p = popen("xdg-user-dir DOWNLOAD 2>/dev/null", "r")) != NULL) {
		if (fgets(buf, sizeof buf, p) != NULL) {
			buf[strcspn(buf, "\n")] = '\0';
			if (*buf == '/' && (home == NULL ||
			    strcmp(buf, home) != 0)) {
				pclose(p);
				return (xstrdup(buf));
			}
		}
		pclose(p);
	}
	xasprintf(&dir, "%s/Downloads", home != NULL ? home : ".");
	return (dir);
}

/* DIR/NAME, or DIR/NAME.1 ... when taken; -1 when none is free. */
static int
files_final_path(struct files_op *op, char **path)
{
	struct stat	st;
	int		i;

	xasprintf(path, "%s/%s", op->dir, op->name);
	for (i = 1; stat(*path, &st) == 0; i++) {
		free(*path);
		if (i == 100)
			return (-1);
		xasprintf(path, "%s/%s.%d", op->dir, op->name, i);
	}
	return (0);
}

/* GET into DIR/NAME.part, from where a partial one stopped. */
static void
files_get_send(struct files_op *op, const char *url)
{
	struct http_call_spec	 s;
	struct stat		 st;
	char			 name[HTTP_NAME_MAX + 1], *cause, *slash;
	int			 fd;

	op->url = xstrdup(url != NULL ? url : op->arg);
	if ((slash = strrchr(op->url, '/')) != NULL) {
		strlcpy(name, slash + 1, sizeof name);
		name[strcspn(name, "?#")] = '\0';
		if (http_pct_decode(name) != 0)
			name[0] = '\0';
		http_name_sanitize(name, name);
		free(op->name);
		op->name = xstrdup(name);
	}
	if (mkdir(op->dir, 0755) != 0 && errno != EEXIST) {
		files_fail(op, "Cannot make %s: %s", op->dir, strerror(errno));
		return;
	}
	xasprintf(&op->part, "%s/%s.part", op->dir, op->name);
	if ((fd = open(op->part, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
	    0644)) == -1 || fstat(fd, &st) != 0) {
		if (fd != -1)
			close(fd);
		files_fail(op, "Cannot write %s: %s", op->part,
		    strerror(errno));
		return;
	}
	memset(&s, 0, sizeof s);
	s.method = "GET";
	s.url = op->url;
	s.offset = (uint64_t)st.st_size;
	s.body_fd = -1;
	s.sink_fd = fd;
	s.progress = files_progress;
	s.done = files_get_done;
	s.arg = op;
	if ((op->call = http_call_start(files_base, &s, &cause)) == NULL) {
		close(fd);
		files_fail(op, "%s", cause);
		free(cause);
	}
}

/* All there: rename NAME.part to NAME; a 200 after a Range restarts. */
static void
files_get_done(struct http_call *c, void *arg)
{
	struct files_op	*op = arg;
	char		*path, text[1200];

	close(c->spec.sink_fd);
	if (c->status == 416 && c->total == c->spec.offset && c->total > 0)
		c->moved = c->total;	/* the .part was complete already */
	else if (c->status != 200 && c->status != 206) {
		files_fail(op, "Download of %s failed: %s", op->name,
		    files_body(c));
		return;
	}
	if (c->total != 0 && c->moved != c->total) {
		files_fail(op, "Download of %s stopped at %" PRIu64 " of %"
		    PRIu64 " bytes: /get it again to resume", op->name,
		    c->moved, c->total);
		return;
	}
	if (files_final_path(op, &path) != 0 || rename(op->part, path) != 0) {
		files_fail(op, "Cannot rename %s: %s", op->part,
		    strerror(errno));
		free(path);
		return;
	}
	free(op->part);
	op->part = path;
	snprintf(text, sizeof text, "Saved %s (%" PRIu64 " bytes)", path,
	    c->moved);
	files_event(op, CHAT_DONE, NULL, op->url, (long long)c->moved,
	    (long long)c->total, text);
	files_op_end(op);
}
