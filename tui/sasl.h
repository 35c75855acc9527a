/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* SASL for the client: the password's source and the AUTHENTICATE
 * payload, cut into the 400-byte chunks the IRCv3 sasl spec wants. */
#ifndef SASL_H
#define SASL_H

#include <stddef.h>

#define SASL_CHUNK	400

/* PLAIN's payload for account and password, as AUTHENTICATE lines:
 * each(chunk, arg) per line, "+" last when the size is a multiple of
 * 400. The buffers are wiped before return. */
void	sasl_plain(const char *account, const char *password,
	    void (*each)(const char *chunk, void *), void *arg);

/* The first line of a password file (caller wipes and frees), NULL and
 * *cause when it cannot be read or is empty. */
char	*sasl_password_file(const char *path, char **cause);
/* Ask on the terminal without echo (before the screen starts). */
char	*sasl_password_prompt(const char *prompt, char **cause);
/* Wipe and free a password. */
void	sasl_password_free(char *);

#endif
