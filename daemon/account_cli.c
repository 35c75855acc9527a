/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * The administrator's side of accounts: tui-chatd --account
 * add|del|list|certfp and --hash-password. A password comes from
 * standard input (one line) when that is not a terminal, else from a
 * prompt on the terminal without echo; never from the command line.
 */

#include <err.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "xmalloc.h"
#include "account.h"
#include "account_cli.h"

static char	*account_cli_password(const char *);
static void	account_cli_print(const char *, time_t, void *);

/* Read one password; exit 1 when there is none. Caller wipes and frees. */
static char *
account_cli_password(const char *prompt)
{
	struct termios	 old, quiet;
	char		*line = NULL;
	size_t		 size = 0;
	ssize_t		 n;
	bool		 tty = isatty(STDIN_FILENO);

	if (tty) {
		fprintf(stderr, "%s", prompt);
		if (tcgetattr(STDIN_FILENO, &old) != 0)
			err(1, "tcgetattr");
		quiet = old;
		quiet.c_lflag &= ~(ECHO | ECHONL);
		if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
			err(1, "tcsetattr");
	}
	n = getline(&line, &size, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (n <= 0) {
		free(line);
		errx(1, "no password given");
	}
	line[strcspn(line, "\r\n")] = '\0';
	return (line);
}

/* One account per line: name, then the date it was made. */
static void
account_cli_print(const char *name, time_t created, void *arg)
{
	struct tm	tm;
	char		date[32];

	gmtime_r(&created, &tm);
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
	printf("%s\t%s\n", name, date);
}

/* --hash-password: print an Argon2id hash for opers_file. */
int
account_cli_hash(void)
{
	char	*pass, *hash, *cause;

	pass = account_cli_password("Password: ");
	hash = account_hash_password(pass, &cause);
	explicit_bzero(pass, strlen(pass));
	free(pass);
	if (hash == NULL)
		errx(1, "%s", cause);
	printf("%s\n", hash);
	free(hash);
	return (0);
}

/* --account ACTION ARGS... against state_dir; the exit status. */
int
account_cli(const char *state_dir, const char *action, int argc,
    char **argv)
{
	char	*cause = NULL, *pass;
	int	 rc = 0;

	if (strcmp(action, "list") == 0 ? argc != 0 :
	    strcmp(action, "certfp") == 0 ? argc != 2 :
	    (strcmp(action, "add") != 0 && strcmp(action, "del") != 0) ||
	    argc != 1)
		errx(2, "usage: --account add|del NAME, --account list, "
		    "--account certfp NAME SHA256");
	if (account_open(state_dir, NULL, &cause) != 0)
		errx(1, "%s", cause);
	if (strcmp(action, "list") == 0)
		account_list(account_cli_print, NULL);
	else if (strcmp(action, "del") == 0)
		rc = account_del(argv[0], &cause);
	else if (strcmp(action, "certfp") == 0)
		rc = account_certfp_add(argv[0], argv[1], &cause);
	else {
		pass = account_cli_password("Password: ");
		rc = account_add(argv[0], pass, &cause);
		explicit_bzero(pass, strlen(pass));
		free(pass);
	}
	account_close();
	if (rc != 0)
		errx(1, "%s", cause);
	return (0);
}
