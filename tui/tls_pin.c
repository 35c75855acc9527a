/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The known_hosts file: one "HOST:PORT sha256:HEX" per line; '#' starts a
 * comment. The first line for a server is the one that counts. */

#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "prefs.h"
#include "tls_pin.h"
#include "xmalloc.h"

#define TLS_PIN_PREFIX	"sha256:"

char *
tls_pin_path(void)
{
	return (prefs_data_path("known_hosts"));
}

/* Split a line into its server and fingerprint; -1 when it has none. */
static int
tls_pin_split(char *s, char **server, char **fp)
{
	char	*p;

	if ((p = strchr(s, '#')) != NULL)
		*p = '\0';
	*server = strtok_r(s, " \t\r\n", &p);
	*fp = strtok_r(NULL, " \t\r\n", &p);
	if (*server == NULL || *fp == NULL || strncasecmp(*fp, TLS_PIN_PREFIX,
	    strlen(TLS_PIN_PREFIX)) != 0)
		return (-1);
	*fp += strlen(TLS_PIN_PREFIX);
	return (0);
}

enum tls_pin_result
tls_pin_check(const char *path, const char *server, const char *fp,
    int *line, char *old, size_t size)
{
	FILE			*f;
	char			*buf = NULL, *s, *p;
	size_t			 bufsize = 0;
	int			 n = 0;
	enum tls_pin_result	 r = TLS_PIN_UNKNOWN;

	if ((f = fopen(path, "r")) == NULL)
		return (TLS_PIN_UNKNOWN);
	while (getline(&buf, &bufsize, f) != -1) {
		n++;
		if (tls_pin_split(buf, &s, &p) != 0 || strcmp(s, server) != 0)
			continue;
		if (strcasecmp(p, fp) == 0)
			r = TLS_PIN_MATCH;
		else {
			r = TLS_PIN_CHANGED;
			*line = n;
			strlcpy(old, p, size);
		}
		break;
	}
	free(buf);
	fclose(f);
	return (r);
}

int
tls_pin_add(const char *path, const char *server, const char *fp)
{
	FILE	*f;
	int	 fd, r;

	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1)
		return (-1);
	if ((f = fdopen(fd, "a")) == NULL) {
		close(fd);
		return (-1);
	}
	r = fprintf(f, "%s %s%s\n", server, TLS_PIN_PREFIX, fp);
	if (fclose(f) != 0 || r < 0)
		return (-1);
	return (0);
}
