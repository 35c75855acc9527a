/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * /put, /files and /get: files through the server's FILEHOST (005
 * soju.im/FILEHOST or draft/FILEHOST), with EXTJWT tokens. Transfers run
 * in the event loop; they report as chat events (file, progress, done,
 * error) and as a short text for the status line.
 */
#ifndef FILES_H
#define FILES_H

#include <stdbool.h>
#include <stddef.h>

struct event_base;

void	files_init(struct event_base *);
void	files_free(void);

/* Upload path into room (NULL: into no room) and post its link. */
void	files_put(const char *room, const char *path);
/* List room's files in its window. */
void	files_list(const char *room);
/* Download a file of room by name, or any http:// URL, into dir (NULL:
 * the XDG download directory), resuming a partial download. */
void	files_get(const char *room, const char *what, const char *dir);

/* Whether a transfer or a token request is under way. */
bool	files_busy(void);
/* "[get x.bin 42%]" for the status line, or "" when idle. */
void	files_status(char *buf, size_t size);

#endif
