/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * IRCv3 labeled-response: while a labeled command runs, the lines queued
 * for its sender are held back and go out as one labeled line, an ACK,
 * or a labeled-response batch. Part of conn: conn_send() detours here
 * only while c->label is set, so fan-out to everyone else never does.
 */
#ifndef LABEL_H
#define LABEL_H

#include <stdbool.h>
#include <stddef.h>

#define LABEL_MAX	64	/* bytes of a label value */

struct conn;

/* A command tagged label=value starts (value as unescaped). */
void	label_begin(struct conn *, const char *value);
/* It returned: send what it produced, labeled; a paced reply (LIST)
 * keeps its batch open until conn_set_more() ends it. */
void	label_end(struct conn *);
/* For a reply that is one batch of its own (chathistory): the escaped
 * label for its BATCH line, or NULL; nothing else is labeled then.
 * The caller frees it. */
char	*label_take(struct conn *);
/*
 * A part of the reply comes after the command returned (a cluster's
 * echo, a nick claimed in Redis): label_defer() while the command runs
 * keeps the label past label_end(); label_resume() before that part is
 * sent, label_resumed() after it, and the last one ends the reply. The
 * caller holds c's input meanwhile (a new label would have to wait).
 */
bool	label_defer(struct conn *);		/* false: not labeled */
void	label_resume(struct conn *);
bool	label_resumed(struct conn *);		/* true: the reply ended */
/* conn_send()'s detour: true when the label took the line. */
bool	label_send(struct conn *, const char *, size_t);
/* A paced reply's producer runs (on) or stopped (off). */
void	label_more(struct conn *, bool on);
/* The paced reply ended: close its batch. */
void	label_more_done(struct conn *);
void	label_free(struct conn *);

#endif
