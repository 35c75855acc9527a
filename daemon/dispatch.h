/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* One framed line -> parsed message -> the command's handler. */
#ifndef DISPATCH_H
#define DISPATCH_H

#include <stddef.h>

struct conn;

/* Parse line (len bytes, modified in place) and run its command. */
void	dispatch_line(struct conn *, char *line, size_t len);

#endif
