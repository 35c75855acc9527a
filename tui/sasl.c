/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * SASL pieces the session uses: PLAIN's payload in chunks, and the
 * password, from a file or a prompt without echo, never from the
 * command line.
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "base64.h"
#include "log.h"
#include "sasl.h"
#include "xmalloc.h"

#define SASL_PASS_MAX	300

/* NUL authcid NUL password (no authzid), base64, in chunks. */
void
sasl_plain(const char *account, const char *password,
    void (*each)(const char *, void *), void *arg)
{
	char	 raw[64 + SASL_PASS_MAX + 2], *b64, chunk[SASL_CHUNK + 1];
	size_t	 alen = strlen(account), plen = strlen(password), n, i;

	if (alen > 64)
		alen = 64;
	if (plen > SASL_PASS_MAX)
		plen = SASL_PASS_MAX;
	raw[0] = '\0';		/* no authzid: the account itself */
	memcpy(raw + 1, account, alen);
	raw[alen + 1] = '\0';
	memcpy(raw + alen + 2, password, plen);
	n = alen + 2 + plen;
	b64 = xmalloc(BASE64_ENCODED(n));
	n = base64_encode(raw, n, b64);
	for (i = 0; i < n; i += SASL_CHUNK) {
		strlcpy(chunk, b64 + i, sizeof chunk);
		each(chunk, arg);
	}
	if (n % SASL_CHUNK == 0)
		each("+", arg);
	explicit_bzero(raw, sizeof raw);
	explicit_bzero(chunk, sizeof chunk);
	explicit_bzero(b64, n);
	free(b64);
}

/* Read the first line of path; warn when others may read the file. */
char *
sasl_password_file(const char *path, char **cause)
{
	struct stat	 st;
	FILE		*f;
	char		*line = NULL;
	size_t		 size = 0;
	ssize_t		 n;

	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077) != 0)
		log_warnx("%s: readable by others (chmod 600 it)", path);
	n = getline(&line, &size, f);
	fclose(f);
	if (n > 0)
		line[strcspn(line, "\r\n")] = '\0';
	if (n <= 0 || *line == '\0') {
		free(line);
		xasprintf(cause, "%s: no password in it", path);
		return (NULL);
	}
	return (line);
}

/* Prompt on /dev/tty with echo off. */
char *
sasl_password_prompt(const char *prompt, char **cause)
{
	struct termios	 old, quiet;
	FILE		*tty;
	char		*line = NULL;
	size_t		 size = 0;
	ssize_t		 n;

	if ((tty = fopen("/dev/tty", "r+")) == NULL) {
		xasprintf(cause, "no terminal to ask for the password on "
		    "(set sasl_password_file)");
		return (NULL);
	}
	fprintf(tty, "%s", prompt);
	fflush(tty);
	if (tcgetattr(fileno(tty), &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(ECHO | ECHONL);
		tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	}
	n = getline(&line, &size, tty);
	tcsetattr(fileno(tty), TCSAFLUSH, &old);
	fputc('\n', tty);
	fclose(tty);
	if (n > 0)
		line[strcspn(line, "\r\n")] = '\0';
	if (n <= 0 || *line == '\0') {
		free(line);
		xasprintf(cause, "no password given");
		return (NULL);
	}
	return (line);
}

/* Wipe, then free. */
void
sasl_password_free(char *p)
{
	if (p == NULL)
		return;
	explicit_bzero(p, strlen(p));
	free(p);
}
