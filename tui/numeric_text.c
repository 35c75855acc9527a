/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Numeric replies as sentences. A format names parameters by number: $1 is
 * the first after our nick, $- the last, $2+ the second to the last joined
 * by spaces, $T3 the third as a time (seconds since 1970). */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "numeric_text.h"
#include "xmalloc.h"

struct numeric_format {
	int		 num;
	const char	*fmt;
};

/* Sorted by number: numeric_text uses bsearch. */
static const struct numeric_format numeric_formats[] = {
	{ 2, "$-" },
	{ 3, "$-" },
	{ 4, "Server $1 runs $2 (user modes $3, room modes $4)" },
	{ 42, "Your unique ID is $1" },
	{ 221, "Your user modes: $1" },
	{ 250, "$-" },
	{ 251, "$-" },
	{ 252, "$1 $-" },
	{ 253, "$1 $-" },
	{ 254, "$1 $-" },
	{ 255, "$-" },
	{ 256, "$-" },
	{ 257, "$-" },
	{ 258, "$-" },
	{ 259, "$-" },
	{ 265, "$-" },
	{ 266, "$-" },
	{ 301, "$1 is away: $-" },
	{ 302, "$-" },
	{ 303, "Online: $-" },
	{ 305, "$-" },
	{ 306, "$-" },
	{ 311, "$1 is $2@$3 ($-)" },
	{ 312, "$1 is connected to $2 ($-)" },
	{ 313, "$1 $-" },
	{ 314, "$1 was $2@$3 ($-)" },
	{ 315, "End of WHO for $1" },
	{ 317, "$1 has been idle for $2 seconds, signed on $T3" },
	{ 318, "End of WHOIS for $1" },
	{ 319, "$1 is in $-" },
	{ 322, "$1 ($2 users): $-" },
	{ 323, "End of the room list" },
	{ 324, "Modes of $1: $2+" },
	{ 329, "$1 was created $T2" },
	{ 330, "$1 is logged in as $2" },
	{ 331, "$1 has no topic" },
	{ 335, "$1 is a bot" },
	{ 341, "Invited $1 to $2" },
	{ 346, "$1 invite exception: $2" },
	{ 347, "End of the invite exceptions of $1" },
	{ 348, "$1 ban exception: $2" },
	{ 349, "End of the ban exceptions of $1" },
	{ 351, "$2 runs $1 ($-)" },
	{ 352, "$1 $5 $6 $2@$3 ($-)" },
	{ 367, "$1 ban: $2" },
	{ 368, "End of the ban list of $1" },
	{ 369, "End of WHOWAS for $1" },
	{ 371, "$-" },
	{ 372, "$-" },
	{ 374, "$-" },
	{ 375, "$-" },
	{ 376, "$-" },
	{ 378, "$1 $-" },
	{ 379, "$1 $-" },
	{ 381, "$-" },
	{ 391, "Time on $1: $-" },
	{ 671, "$1 $-" },
};

static int
numeric_cmp(const void *key, const void *elem)
{
	int	num = *(const int *)key;

	return (num - ((const struct numeric_format *)elem)->num);
}

/* Append parameter i (or i to the end with rest, as a time with as_time)
 * to buf; -1 when it is missing. */
static int
numeric_param(int n, char *const *p, int i, bool rest, bool as_time,
    char *buf, size_t size)
{
	struct tm	 tm;
	char		 ts[64], *ep;
	time_t		 t;
	long long	 v;

	if (i >= n)
		return (-1);
	if (as_time) {
		v = strtoll(p[i], &ep, 10);
		t = (time_t)v;
		if (*p[i] == '\0' || *ep != '\0' || v < 0 ||
		    gmtime_r(&t, &tm) == NULL ||
		    strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
			return (-1);
		strlcat(buf, ts, size);
		return (0);
	}
	for (; i < n; i++) {
		strlcat(buf, p[i], size);
		if (!rest)
			break;
		if (i + 1 < n)
			strlcat(buf, " ", size);
	}
	return (0);
}

int
numeric_text(int num, int n, char *const *p, char *buf, size_t size)
{
	const struct numeric_format	*f;
	const char			*s;
	char				 lit[2] = "";
	size_t				 len;
	bool				 as_time;

	f = bsearch(&num, numeric_formats, nitems(numeric_formats),
	    sizeof *numeric_formats, numeric_cmp);
	if (f == NULL || size == 0)
		return (-1);
	*buf = '\0';
	for (s = f->fmt; *s != '\0'; s++) {
		if (*s != '$' || s[1] == '\0') {
			lit[0] = *s;
			strlcat(buf, lit, size);
			continue;
		}
		s++;
		if (*s == '-') {
			if (numeric_param(n, p, n - 1, false, false, buf,
			    size) == -1 || n < 2)
				return (-1);
			continue;
		}
		if ((as_time = *s == 'T'))
			s++;
		if (numeric_param(n, p, *s - '0', s[1] == '+', as_time, buf,
		    size) == -1)
			return (-1);
		if (s[1] == '+')
			s++;
	}
	len = strlen(buf);	/* "#r (1 users): " without a topic */
	if (len >= 2 && strcmp(buf + len - 2, ": ") == 0)
		buf[len - 2] = '\0';
	return (0);
}
