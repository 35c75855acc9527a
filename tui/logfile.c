/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Room and query logs. File names come from peers' names, so they are
 * made safe (no '/', no leading dot, only name characters); the texts are
 * sanitised already and lose their mIRC codes here. Files stay open
 * (at most LOGFILE_OPEN_MAX) and are flushed once per loop turn. */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "log.h"
#include "logfile.h"
#include "sanitize.h"
#include "xmalloc.h"

#define LOGFILE_OPEN_MAX	32

struct logfile {
	char	*network;	/* the folder: the server's host */
	char	*window;
	FILE	*f;
	bool	 off;
	bool	 dirty;
};

static char		*lf_dir;
static struct logfile	*lf_files;
static size_t		 lf_n;

/* Close and forget every file (the off switches stay). */
static void
logfile_close_all(void)
{
	size_t	i;

	for (i = 0; i < lf_n; i++) {
		if (lf_files[i].f != NULL)
			fclose(lf_files[i].f);
		lf_files[i].f = NULL;
		lf_files[i].dirty = false;
	}
}

void
logfile_init(const char *dir)
{
	size_t	i;

	logfile_close_all();
	free(lf_dir);
	lf_dir = dir != NULL ? xstrdup(dir) : NULL;
	if (dir != NULL)
		return;
	for (i = 0; i < lf_n; i++) {
		free(lf_files[i].network);
		free(lf_files[i].window);
	}
	free(lf_files);
	lf_files = NULL;
	lf_n = 0;
}

/* name as a file name: name characters kept, anything else '_'. */
static void
logfile_safe(const char *name, char *out, size_t size)
{
	size_t	i, o = 0;

	for (i = 0; name[i] != '\0' && o + 1 < size; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c >= 0x80 || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || strchr("#&+-_.[]{}^`|", c))
			out[o++] = (char)c;
		else if (c >= 'A' && c <= 'Z')
			out[o++] = (char)(c - 'A' + 'a');
		else
			out[o++] = '_';
	}
	out[o] = '\0';
	if (out[0] == '.' || out[0] == '\0')
		out[0] = '_';
}

/* The folder of server "host:port" (the host; "[v6]:port" whole), as a
 * file name; "_" for none. */
static void
logfile_network(const char *server, char *out, size_t size)
{
	char	host[256];

	strlcpy(host, server != NULL ? server : "", sizeof host);
	if (strrchr(host, ':') != NULL && strchr(host, ']') == NULL)
		*strrchr(host, ':') = '\0';
	logfile_safe(host, out, size);
}

static struct logfile *
logfile_find(const char *server, const char *window, bool create)
{
	char	net[256];
	size_t	i;

	logfile_network(server, net, sizeof net);
	for (i = 0; i < lf_n; i++) {
		if (strcmp(lf_files[i].network, net) == 0 &&
		    strcasecmp(lf_files[i].window, window) == 0)
			return (&lf_files[i]);
	}
	if (!create)
		return (NULL);
	lf_files = xreallocarray(lf_files, lf_n + 1, sizeof *lf_files);
	memset(&lf_files[lf_n], 0, sizeof *lf_files);
	lf_files[lf_n].network = xstrdup(net);
	lf_files[lf_n].window = xstrdup(window);
	return (&lf_files[lf_n++]);
}

/* lf's file name under lf_dir (the caller frees it). */
static char *
logfile_file(const char *network, const char *window)
{
	char	 safe[256], *path;

	logfile_safe(window, safe, sizeof safe);
	xasprintf(&path, "%s/%s/%s.log", lf_dir, network, safe);
	return (path);
}

char *
logfile_path(const char *server, const char *window)
{
	char	net[256];

	if (lf_dir == NULL)
		return (NULL);
	logfile_network(server, net, sizeof net);
	return (logfile_file(net, window));
}

/* Open window's file for appending, closing others past the limit. */
static FILE *
logfile_open(struct logfile *lf)
{
	char	*path, *dir;
	size_t	 i, nopen = 0;
	int	 fd = -1;

	for (i = 0; i < lf_n; i++)
		nopen += lf_files[i].f != NULL;
	if (nopen >= LOGFILE_OPEN_MAX)
		logfile_close_all();
	path = logfile_file(lf->network, lf->window);
	xasprintf(&dir, "%s/%s", lf_dir, lf->network);
	if ((mkdir(lf_dir, 0700) == -1 && errno != EEXIST) ||
	    (mkdir(dir, 0700) == -1 && errno != EEXIST))
		goto fail;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd == -1 || (lf->f = fdopen(fd, "a")) == NULL)
		goto fail;
	free(dir);
	free(path);
	return (lf->f);
fail:
	if (fd != -1)
		close(fd);
	log_warn("cannot log to %s", path);
	lf->off = true;		/* say it once, not per line */
	free(dir);
	free(path);
	return (NULL);
}

void
logfile_line(const char *server, const char *window, time_t t,
    enum sb_kind kind, const char *nick, const char *text)
{
	struct logfile	*lf;
	struct tm	 tm;
	char		 ts[32], *plain;

	if (lf_dir == NULL || window == NULL)
		return;
	lf = logfile_find(server, window, true);
	if (lf->off || (lf->f == NULL && logfile_open(lf) == NULL))
		return;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		ts[0] = '\0';
	plain = xstrdup(text != NULL ? text : "");
	sanitize_strip_format(plain);
	plain[strcspn(plain, "\r\n")] = '\0';	/* one line, always */
	switch (kind) {
	case SB_MSG:
		fprintf(lf->f, "%s <%s> %s\n", ts, nick, plain);
		break;
	case SB_ACTION:
		fprintf(lf->f, "%s * %s %s\n", ts, nick, plain);
		break;
	case SB_NOTICE:
		fprintf(lf->f, "%s -%s- %s\n", ts, nick != NULL ? nick : "",
		    plain);
		break;
	default:
		fprintf(lf->f, "%s -- %s\n", ts, plain);
		break;
	}
	lf->dirty = true;
	free(plain);
}

bool
logfile_enabled(const char *server, const char *window)
{
	struct logfile	*lf = logfile_find(server, window, false);

	return (lf_dir != NULL && (lf == NULL || !lf->off));
}

void
logfile_enable(const char *server, const char *window, bool on)
{
	struct logfile	*lf = logfile_find(server, window, true);

	lf->off = !on;
	if (!on && lf->f != NULL) {
		fclose(lf->f);
		lf->f = NULL;
		lf->dirty = false;
	}
}

void
logfile_flush(void)
{
	size_t	i;

	for (i = 0; i < lf_n; i++) {
		if (!lf_files[i].dirty)
			continue;
		lf_files[i].dirty = false;
		if (fflush(lf_files[i].f) == EOF)
			log_warn("cannot write the log of %s",
			    lf_files[i].window);
	}
}
