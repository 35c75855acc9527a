/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* IRCv3 message tags ("key=value;+client;vendor/key=v") and server-time.
 * Tags stay raw in the message; lookups unescape into the caller's buffer. */

#include <sys/time.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "irc_tags.h"
#include "utf8.h"

/* Whether c may appear in a tag key's name or vendor part. */
static bool
irc_tag_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '/';
}

/* Validate one "key[=value]" of length len. */
static bool
irc_tag_valid(const char *t, size_t len)
{
	size_t	i = 0, key;

	if (i < len && t[i] == '+')
		i++;
	key = i;
	while (i < len && t[i] != '=') {
		if (!irc_tag_key_char(t[i]))
			return false;
		i++;
	}
	if (i == key || t[i - 1] == '/')
		return false;
	if (i == len)
		return true;
	i++;
	if (memchr(t + i, ' ', len - i) != NULL)
		return false;
	return utf8_valid(t + i, len - i);
}

/* Whether the whole tag section is well-formed. */
bool
irc_tags_valid(const char *tags)
{
	const char	*end;
	size_t		 len;

	if (*tags == '\0')
		return false;
	for (;;) {
		end = strchr(tags, ';');
		len = end == NULL ? strlen(tags) : (size_t)(end - tags);
		/* An empty tag between two ';' or a trailing ';' is allowed. */
		if (len != 0 && !irc_tag_valid(tags, len))
			return false;
		if (end == NULL)
			return true;
		tags = end + 1;
	}
}

/* Unescape a value of length len into buf (size > 0). */
static void
irc_tag_unescape(const char *v, size_t len, char *buf, size_t size)
{
	size_t	i, o = 0;
	char	c;

	for (i = 0; i < len && o + 1 < size; i++) {
		c = v[i];
		if (c == '\\') {
			if (++i == len)
				break;	/* a lone trailing backslash is dropped */
			switch (v[i]) {
			case ':': c = ';'; break;
			case 's': c = ' '; break;
			case 'r': c = '\r'; break;
			case 'n': c = '\n'; break;
			default: c = v[i]; break;
			}
		}
		buf[o++] = c;
	}
	buf[o] = '\0';
}

/* Find key and unescape its value into buf. */
bool
irc_tags_get(const char *tags, const char *key, char *buf, size_t size)
{
	size_t		 klen = strlen(key), len;
	const char	*end;

	if (tags == NULL)
		return false;
	for (;;) {
		end = strchr(tags, ';');
		len = end == NULL ? strlen(tags) : (size_t)(end - tags);
		if (len >= klen && strncmp(tags, key, klen) == 0 &&
		    (len == klen || tags[klen] == '=')) {
			if (size > 0) {
				buf[0] = '\0';
				if (len > klen)
					irc_tag_unescape(tags + klen + 1,
					    len - klen - 1, buf, size);
			}
			return true;
		}
		if (end == NULL)
			return false;
		tags = end + 1;
	}
}

/* Escape a value for a tag. */
int
irc_tags_escape(const char *value, char *buf, size_t size)
{
	size_t		 o = 0;
	const char	*esc;

	for (; *value != '\0'; value++) {
		switch (*value) {
		case ';': esc = "\\:"; break;
		case ' ': esc = "\\s"; break;
		case '\\': esc = "\\\\"; break;
		case '\r': esc = "\\r"; break;
		case '\n': esc = "\\n"; break;
		default: esc = NULL; break;
		}
		if (o + (esc != NULL ? 2 : 1) >= size)
			return -1;
		if (esc != NULL) {
			buf[o++] = esc[0];
			buf[o++] = esc[1];
		} else
			buf[o++] = *value;
	}
	if (o >= size)
		return -1;
	buf[o] = '\0';
	return (int)o;
}

/* Copy only the '+' tags of a section into buf. */
int
irc_tags_client_only(const char *tags, char *buf, size_t size)
{
	size_t		 o = 0, len;
	const char	*end;

	if (size == 0)
		return -1;
	buf[0] = '\0';
	if (tags == NULL)
		return 0;
	for (;;) {
		end = strchr(tags, ';');
		len = end == NULL ? strlen(tags) : (size_t)(end - tags);
		if (len > 1 && tags[0] == '+' && irc_tag_valid(tags, len)) {
			if (o + len + 2 > size)
				return -1;
			if (o > 0)
				buf[o++] = ';';
			memcpy(buf + o, tags, len);
			o += len;
			buf[o] = '\0';
		}
		if (end == NULL)
			return (int)o;
		tags = end + 1;
	}
}

/* Write n as width decimal digits at p (n fits them); returns the end. */
static char *
irc_time_put(char *p, unsigned int n, int width)
{
	int	i;

	for (i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + n % 10);
		n /= 10;
	}
	return (p + width);
}

/* The date of the day z days from 1970-01-01, proleptic Gregorian: the
 * inverse of irc_time_days (gmtime_r locks and reads the time zone state
 * for each call, and UTC needs neither). */
static void
irc_time_civil(long long z, int *y, unsigned int *m, unsigned int *d)
{
	long long	era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Years past 9999 or before 0: printf's digits, or the epoch if even
 * those do not fit. */
static void
irc_time_format_wide(const struct timeval *tv, char buf[IRC_TIME_LEN])
{
	struct tm	tm;
	time_t		t = tv->tv_sec;
	int		n = -1;

	if (gmtime_r(&t, &tm) != NULL)
		n = snprintf(buf, IRC_TIME_LEN,
		    "%04d-%02d-%02dT%02d:%02d:%02d.%03uZ", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
		    tm.tm_sec, (unsigned int)(tv->tv_usec / 1000) % 1000u);
	if (n < 0 || n >= IRC_TIME_LEN)
		snprintf(buf, IRC_TIME_LEN, "%s", "1970-01-01T00:00:00.000Z");
}

/*
 * Format tv as "YYYY-MM-DDThh:mm:ss.sssZ". The year has four digits even
 * before 1000 (strftime's %Y would write "820"), so that irc_time_parse,
 * which reads fixed positions, reads back every time it accepted. The
 * date and digits are worked out by hand: the daemon stamps every line it
 * sends and headless mode every event, and snprintf and gmtime_r were
 * most of that cost.
 */
void
irc_time_format(const struct timeval *tv, char buf[IRC_TIME_LEN])
{
	long long	sec = tv->tv_sec, days, sod;
	unsigned int	mon, mday;
	int		year;
	char		*p = buf;

	/* 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z. */
	if (sec < -62167219200LL || sec > 253402300799LL) {
		irc_time_format_wide(tv, buf);
		return;
	}
	days = (sec >= 0 ? sec : sec - 86399) / 86400;
	sod = sec - days * 86400;
	irc_time_civil(days, &year, &mon, &mday);
	p = irc_time_put(p, (unsigned int)year, 4);
	*p++ = '-';
	p = irc_time_put(p, mon, 2);
	*p++ = '-';
	p = irc_time_put(p, mday, 2);
	*p++ = 'T';
	p = irc_time_put(p, (unsigned int)(sod / 3600), 2);
	*p++ = ':';
	p = irc_time_put(p, (unsigned int)(sod / 60 % 60), 2);
	*p++ = ':';
	p = irc_time_put(p, (unsigned int)(sod % 60), 2);
	*p++ = '.';
	p = irc_time_put(p, (unsigned int)(tv->tv_usec / 1000) % 1000u, 3);
	*p++ = 'Z';
	*p = '\0';
}

/* The number in the n digits at s, or -1 if one is not a digit. */
static int
irc_time_digits(const char *s, int n)
{
	int	v = 0;

	for (; n > 0; n--, s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* Days from 1970-01-01 to y-m-d, proleptic Gregorian (as timegm, without
 * the time zone machinery: this runs for every line that has a tag). */
static long long
irc_time_days(int y, int m, int d)
{
	long long	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153LL * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Parse "YYYY-MM-DDThh:mm:ss[.fff]Z" (fixed places, digits only). */
int
irc_time_parse(const char *s, struct timeval *tv)
{
	static const char	sep[] = "----T::";
	int			y, mo, d, h, mi, sec, ms = 0, digits;
	const char		*p;

	if (strlen(s) < 20 || s[4] != sep[0] || s[7] != sep[1] ||
	    s[10] != sep[4] || s[13] != sep[5] || s[16] != sep[6])
		return -1;
	y = irc_time_digits(s, 4);
	mo = irc_time_digits(s + 5, 2);
	d = irc_time_digits(s + 8, 2);
	h = irc_time_digits(s + 11, 2);
	mi = irc_time_digits(s + 14, 2);
	sec = irc_time_digits(s + 17, 2);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 ||
	    h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60)
		return -1;
	p = s + 19;
	if (*p == '.') {
		for (p++, digits = 0; *p >= '0' && *p <= '9'; p++, digits++) {
			if (digits < 3)
				ms = ms * 10 + (*p - '0');
		}
		for (; digits < 3; digits++)
			ms *= 10;
	}
	if (*p != 'Z' || p[1] != '\0')
		return -1;
	tv->tv_sec = (time_t)(irc_time_days(y, mo, d) * 86400 + h * 3600 +
	    mi * 60 + sec);
	tv->tv_usec = ms * 1000;
	return 0;
}
