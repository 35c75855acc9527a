/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * The stored files of the file host, in state_dir/files: ID (the bytes)
 * and ID.meta (name, room, uploader, time, type) for each; uploads go to
 * a temporary file that is renamed only when complete. Quotas per user
 * and in total, counting uploads still in progress; retention.
 */
#ifndef HTTP_FILES_H
#define HTTP_FILES_H

#include <sys/queue.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define HTTP_FILES_ID_LEN	32	/* hex digits of 128 random bits */

struct evbuffer;
struct http_upload;

struct http_file {
	TAILQ_ENTRY(http_file)	 entry;
	char			 id[HTTP_FILES_ID_LEN + 1];
	char			*name;
	char			*room;		/* NULL: in no room */
	char			*uploader;
	const char		*type;		/* static, from http_parse */
	uint64_t		 size;
	time_t			 time;
	bool			 private;	/* the room was +k or +i */
};

/* Create state_dir/files, drop leftovers of a crash, read the index. */
int		 http_files_open(const char *state_dir, char **cause);
void		 http_files_close(void);

struct http_file *http_files_find(const char *id);
/* Each file of room (casefolded match), oldest first. */
void		 http_files_foreach_room(const char *room,
		     void (*)(const struct http_file *, void *), void *);
/* An open descriptor on the file's bytes, or -1. */
int		 http_files_fd(const struct http_file *);

/*
 * Start an upload of len bytes: NULL and *status 413 (over upload_max
 * or a quota) or 507 (no disk space) or 500 when refused.
 */
struct http_upload *http_files_begin(const char *name, const char *room,
		     const char *uploader, bool private, uint64_t len,
		     int *status);
/* Write n bytes of in; -1 (errno set, ENOSPC for a full disk). */
int		 http_files_write(struct http_upload *, struct evbuffer *in,
		     size_t n);
/* Rename into place: the new file, or NULL (and nothing left behind). */
const struct http_file *http_files_commit(struct http_upload *);
/* Throw an unfinished upload away. */
void		 http_files_abort(struct http_upload *);

/* Delete files older than files_max_age; returns how many. */
unsigned int	 http_files_prune(time_t now);
uint64_t	 http_files_used(const char *uploader);

#endif
