/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* How a server's numeric reply reads to a person ("0 operator(s) online",
 * "bob is bob@host (Bob)"): a table of formats, one per common numeric. */
#ifndef NUMERIC_TEXT_H
#define NUMERIC_TEXT_H

#include <stddef.h>

/*
 * Write numeric num with parameters p[0..n-1] (p[0] is our nick) as text
 * into buf. Returns 0, or -1 when the table has no format for num or the
 * reply lacks a parameter the format needs (the caller then shows the
 * parameters as they are).
 */
int	numeric_text(int num, int n, char *const *p, char *buf, size_t size);

#endif
