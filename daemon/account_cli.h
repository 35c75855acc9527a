/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* tui-chatd --account and --hash-password. */
#ifndef ACCOUNT_CLI_H
#define ACCOUNT_CLI_H

/* --account ACTION ARGS...: 0, or exits 2 (usage) or 1 (failure). */
int	account_cli(const char *state_dir, const char *action, int argc,
	    char **argv);
/* --hash-password: reads a password, prints its Argon2id hash. */
int	account_cli_hash(void);

#endif
