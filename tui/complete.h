/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Tab completion candidates: /commands, room names, nicks of this room. */
#ifndef COMPLETE_H
#define COMPLETE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Words that complete prefix: "/..." at the start of the line gives
 * commands, "#..." rooms (open windows), anything else the nicks of the
 * current window (with ": " appended at the start of the line). Sorted,
 * NULL-terminated; the caller frees the strings and the array.
 */
char	**complete_list(const char *prefix, bool line_start, size_t *n);
void	  complete_free(char **);

#endif
