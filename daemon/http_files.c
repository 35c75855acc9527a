/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The file host's store: files and their .meta on disk, the index in
 * memory, uploads through temporary files, quotas and retention. */

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>

#include "compat.h"
#include "http_parse.h"
#include "irc_case.h"
#include "log.h"
#include "xmalloc.h"
#include "daemon.h"
#include "http_files.h"

#define HTTP_FILES_TMP	".upload-"	/* prefix of temporary files */

struct http_upload {
	int		 fd;
	char		*tmp;		/* path of the temporary file */
	char		*name;
	char		*room;
	char		*uploader;
	bool		 private;
	uint64_t	 len;		/* announced and reserved */
	uint64_t	 written;
};

TAILQ_HEAD(http_file_list, http_file);
static struct http_file_list	 http_files = TAILQ_HEAD_INITIALIZER(
				     http_files);
static char			*http_files_dir;
static uint64_t			 http_files_total;	/* stored bytes */
static uint64_t			 http_files_reserved;	/* uploads running */

static void	 http_files_free(struct http_file *);
static char	*http_files_path(const char *id, const char *suffix);
static int	 http_files_load(const char *id);
static void	 http_files_scan(DIR *);
static int	 http_files_meta(const struct http_upload *, const char *,
		     time_t);
static bool	 http_files_is_id(const char *);
static uint64_t	 http_files_reserved_by(const char *);
static void	 http_files_release(struct http_upload *);
static void	 http_files_new_id(char *);

/* Uploads in flight, for per-user quota checks: few at a time. */
static struct http_upload	*http_uploads[64];

/* dir/id or dir/id.meta; caller frees. */
static char *
http_files_path(const char *id, const char *suffix)
{
	char	*p;

	xasprintf(&p, "%s/%s%s", http_files_dir, id, suffix);
	return (p);
}

/* Whether s is 32 lower-case hex digits. */
static bool
http_files_is_id(const char *s)
{
	size_t	i;

	for (i = 0; i < HTTP_FILES_ID_LEN; i++) {
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' &&
		    s[i] <= 'f')))
			return (false);
	}
	return (s[i] == '\0');
}

/* Create the directory and read what is there. */
int
http_files_open(const char *state_dir, char **cause)
{
	DIR	*d;

	if (mkdir(state_dir, 0700) != 0 && errno != EEXIST) {
		xasprintf(cause, "%s: %s", state_dir, strerror(errno));
		return (-1);
	}
	xasprintf(&http_files_dir, "%s/files", state_dir);
	if (mkdir(http_files_dir, 0700) != 0 && errno != EEXIST)
		goto fail;
	if ((d = opendir(http_files_dir)) == NULL)
		goto fail;
	http_files_scan(d);
	closedir(d);
	return (0);
fail:
	xasprintf(cause, "%s: %s", http_files_dir, strerror(errno));
	free(http_files_dir);
	http_files_dir = NULL;
	return (-1);
}

/* Index each ID with its .meta; remove temporary files and orphans. */
static void
http_files_scan(DIR *d)
{
	struct dirent	*de;
	char		*p, id[HTTP_FILES_ID_LEN + 1];

	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, HTTP_FILES_TMP,
		    strlen(HTTP_FILES_TMP)) == 0) {
			p = http_files_path(de->d_name, "");
			unlink(p);
			free(p);
			continue;
		}
		if (strlen(de->d_name) != HTTP_FILES_ID_LEN + 5 ||
		    strcmp(de->d_name + HTTP_FILES_ID_LEN, ".meta") != 0)
			continue;
		strlcpy(id, de->d_name, sizeof id);
		if (http_files_is_id(id) && http_files_load(id) != 0) {
			log_warnx("files: dropping broken entry %s", id);
			p = http_files_path(id, ".meta");
			unlink(p);
			free(p);
		}
	}
}

/* Read ID.meta ("key=value" lines) and stat ID into the index. */
static int
http_files_load(const char *id)
{
	struct http_file	*f;
	struct stat		 st;
	char			*p, line[512], *v;
	FILE			*fp;
	int			 dummy;

	p = http_files_path(id, "");
	if (stat(p, &st) != 0) {
		free(p);
		return (-1);
	}
	free(p);
	p = http_files_path(id, ".meta");
	fp = fopen(p, "r");
	free(p);
	if (fp == NULL)
		return (-1);
	f = xcalloc(1, sizeof *f);
	strlcpy(f->id, id, sizeof f->id);
	f->size = (uint64_t)st.st_size;
	while (fgets(line, sizeof line, fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if ((v = strchr(line, '=')) == NULL)
			continue;
		*v++ = '\0';
		if (strcmp(line, "name") == 0 && f->name == NULL)
			f->name = xstrdup(v);
		else if (strcmp(line, "room") == 0 && f->room == NULL)
			f->room = xstrdup(v);
		else if (strcmp(line, "uploader") == 0 && f->uploader == NULL)
			f->uploader = xstrdup(v);
		else if (strcmp(line, "time") == 0)
			f->time = (time_t)strtoll(v, NULL, 10);
		else if (strcmp(line, "private") == 0)
			f->private = strcmp(v, "1") == 0;
	}
	fclose(fp);
	if (f->name == NULL || f->uploader == NULL) {
		http_files_free(f);
		return (-1);
	}
	f->type = http_content_type(f->name, &dummy);
	TAILQ_INSERT_TAIL(&http_files, f, entry);
	http_files_total += f->size;
	return (0);
}

static void
http_files_free(struct http_file *f)
{
	free(f->name);
	free(f->room);
	free(f->uploader);
	free(f);
}

/* Forget the index (the files stay on disk). */
void
http_files_close(void)
{
	struct http_file	*f;

	while ((f = TAILQ_FIRST(&http_files)) != NULL) {
		TAILQ_REMOVE(&http_files, f, entry);
		http_files_free(f);
	}
	free(http_files_dir);
	http_files_dir = NULL;
	http_files_total = 0;
}

struct http_file *
http_files_find(const char *id)
{
	struct http_file	*f;

	TAILQ_FOREACH(f, &http_files, entry) {
		if (strcmp(f->id, id) == 0)
			return (f);
	}
	return (NULL);
}

void
http_files_foreach_room(const char *room,
    void (*fn)(const struct http_file *, void *), void *arg)
{
	struct http_file	*f;

	TAILQ_FOREACH(f, &http_files, entry) {
		if (f->room != NULL &&
		    irc_casecmp(IRC_CASE_RFC1459, f->room, room) == 0)
			fn(f, arg);
	}
}

int
http_files_fd(const struct http_file *f)
{
	char	*p = http_files_path(f->id, "");
	int	 fd;

	fd = open(p, O_RDONLY | O_CLOEXEC);
	free(p);
	return (fd);
}

/* Bytes stored by uploader. */
uint64_t
http_files_used(const char *uploader)
{
	struct http_file	*f;
	uint64_t		 n = 0;

	TAILQ_FOREACH(f, &http_files, entry) {
		if (strcmp(f->uploader, uploader) == 0)
			n += f->size;
	}
	return (n);
}

/* Bytes reserved by uploader's running uploads. */
static uint64_t
http_files_reserved_by(const char *uploader)
{
	uint64_t	n = 0;
	size_t		i;

	for (i = 0; i < nitems(http_uploads); i++) {
		if (http_uploads[i] != NULL &&
		    strcmp(http_uploads[i]->uploader, uploader) == 0)
			n += http_uploads[i]->len;
	}
	return (n);
}

/* Check the limits, reserve the space, open a temporary file. */
struct http_upload *
http_files_begin(const char *name, const char *room, const char *uploader,
    bool private, uint64_t len, int *status)
{
	struct http_upload	*u;
	struct statvfs		 sv;
	size_t			 slot;

	*status = 413;
	if (len > cfg.upload_max || (cfg.upload_quota_total != 0 &&
	    http_files_total + http_files_reserved + len >
	    cfg.upload_quota_total) || (cfg.upload_quota_user != 0 &&
	    http_files_used(uploader) + http_files_reserved_by(uploader) +
	    len > cfg.upload_quota_user))
		return (NULL);
	*status = 503;
	for (slot = 0; slot < nitems(http_uploads); slot++) {
		if (http_uploads[slot] == NULL)
			break;
	}
	if (slot == nitems(http_uploads))
		return (NULL);
	*status = 507;
	if (statvfs(http_files_dir, &sv) == 0 &&
	    (uint64_t)sv.f_bavail * sv.f_frsize < len)
		return (NULL);
	u = xcalloc(1, sizeof *u);
	xasprintf(&u->tmp, "%s/%sXXXXXX", http_files_dir, HTTP_FILES_TMP);
	if ((u->fd = mkostemp(u->tmp, O_CLOEXEC)) == -1) {
		log_warn("files: %s", u->tmp);
		free(u->tmp);
		free(u);
		*status = 500;
		return (NULL);
	}
	u->name = xstrdup(name);
	u->room = room != NULL ? xstrdup(room) : NULL;
	u->uploader = xstrdup(uploader);
	u->private = private;
	u->len = len;
	http_uploads[slot] = u;
	http_files_reserved += len;
	return (u);
}

/* Straight from the socket's buffer to the file. */
int
http_files_write(struct http_upload *u, struct evbuffer *in, size_t n)
{
	int	w;

	while (n > 0) {
		w = evbuffer_write_atmost(in, u->fd, (ev_ssize_t)n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		if (w == 0) {
			errno = ENOSPC;
			return (-1);
		}
		n -= (size_t)w;
		u->written += (uint64_t)w;
	}
	return (0);
}

/* Release the reservation and free u (the temp file is gone by now). */
static void
http_files_release(struct http_upload *u)
{
	size_t	i;

	for (i = 0; i < nitems(http_uploads); i++) {
		if (http_uploads[i] == u)
			http_uploads[i] = NULL;
	}
	http_files_reserved -= u->len;
	if (u->fd != -1)
		close(u->fd);
	free(u->tmp);
	free(u->name);
	free(u->room);
	free(u->uploader);
	free(u);
}

void
http_files_abort(struct http_upload *u)
{
	unlink(u->tmp);
	http_files_release(u);
}

/* Write ID.meta through its own temporary file. */
static int
http_files_meta(const struct http_upload *u, const char *id, time_t now)
{
	char	*tmp, *path;
	FILE	*fp;
	int	 fd, rc = -1;

	xasprintf(&tmp, "%s/%sXXXXXX", http_files_dir, HTTP_FILES_TMP);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		free(tmp);
		return (-1);
	}
	if ((fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		goto out;
	}
	fprintf(fp, "name=%s\nroom=%s\nuploader=%s\ntime=%lld\nprivate=%d\n",
	    u->name, u->room != NULL ? u->room : "", u->uploader,
	    (long long)now, u->private ? 1 : 0);
	if (fclose(fp) != 0)
		goto out;
	path = http_files_path(id, ".meta");
	rc = rename(tmp, path);
	free(path);
out:
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return (rc);
}

/* A fresh random ID that is not in use. */
static void
http_files_new_id(char *id)
{
	static const char	 hex[] = "0123456789abcdef";
	unsigned char		 b[HTTP_FILES_ID_LEN / 2];
	size_t			 i;

	do {
		arc4random_buf(b, sizeof b);
		for (i = 0; i < sizeof b; i++) {
			id[2 * i] = hex[b[i] >> 4];
			id[2 * i + 1] = hex[b[i] & 15];
		}
		id[HTTP_FILES_ID_LEN] = '\0';
	} while (http_files_find(id) != NULL);
}

/* The bytes and the meta into place, then into the index. */
const struct http_file *
http_files_commit(struct http_upload *u)
{
	struct http_file	*f = NULL;
	char			 id[HTTP_FILES_ID_LEN + 1], *path;
	time_t			 now = time(NULL);

	http_files_new_id(id);
	/* No fsync: it would stall the loop (and every chat) for as long as
	 * the disk takes; like nginx, the rename alone marks it complete. */
	if (u->written != u->len || http_files_meta(u, id, now) != 0) {
		http_files_abort(u);
		return (NULL);
	}
	path = http_files_path(id, "");
	if (rename(u->tmp, path) != 0) {
		free(path);
		path = http_files_path(id, ".meta");
		unlink(path);
		free(path);
		http_files_abort(u);
		return (NULL);
	}
	free(path);
	f = xcalloc(1, sizeof *f);
	strlcpy(f->id, id, sizeof f->id);
	f->name = u->name;
	f->room = u->room;
	f->uploader = u->uploader;
	u->name = u->room = u->uploader = NULL;
	f->private = u->private;
	f->size = u->len;
	f->time = now;
	f->type = http_content_type(f->name, &(int){ 0 });
	TAILQ_INSERT_TAIL(&http_files, f, entry);
	http_files_total += f->size;
	http_files_release(u);
	return (f);
}

/* Delete the files past files_max_age. */
unsigned int
http_files_prune(time_t now)
{
	struct http_file	*f, *next;
	unsigned int		 n = 0;
	char			*p;

	if (cfg.files_max_age == 0)
		return (0);
	TAILQ_FOREACH_SAFE(f, &http_files, entry, next) {
		if (now - f->time < (time_t)cfg.files_max_age)
			continue;
		p = http_files_path(f->id, "");
		unlink(p);
		free(p);
		p = http_files_path(f->id, ".meta");
		unlink(p);
		free(p);
		TAILQ_REMOVE(&http_files, f, entry);
		http_files_total -= f->size;
		http_files_free(f);
		n++;
	}
	return (n);
}
