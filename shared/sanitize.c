/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The one place where text from the network is made harmless. */

#include <ctype.h>
#include <string.h>

#include "sanitize.h"
#include "utf8.h"
#include "xmalloc.h"

static bool	sanitize_drop(uint32_t);
static size_t	sanitize_put(char *, uint32_t);

/* Whether cp is one of the mIRC formatting codes. */
bool
sanitize_is_format(uint32_t cp)
{
	switch (cp) {
	case 0x02:	/* bold */
	case 0x03:	/* colour */
	case 0x0f:	/* reset */
	case 0x11:	/* monospace */
	case 0x16:	/* reverse */
	case 0x1d:	/* italic */
	case 0x1e:	/* strike-through */
	case 0x1f:	/* underline */
		return (true);
	}
	return (false);
}

/* Bidi controls and invisible format characters: they could reorder or hide
 * what the user sees, so they are removed. */
static bool
sanitize_drop(uint32_t cp)
{
	if (cp == 0x061c || cp == 0x200e || cp == 0x200f || cp == 0x00ad)
		return (true);
	if (cp >= 0x200b && cp <= 0x200d)	/* ZWSP, ZWNJ, ZWJ */
		return (true);
	if (cp >= 0x202a && cp <= 0x202e)	/* embeddings, overrides */
		return (true);
	if (cp >= 0x2060 && cp <= 0x206f)	/* word joiner, isolates, ... */
		return (true);
	if (cp == 0xfeff || cp == 0x180e)
		return (true);
	if (cp >= 0xfff9 && cp <= 0xfffb)	/* interlinear annotations */
		return (true);
	return (false);
}

/* Encode cp at out; returns the bytes written. */
static size_t
sanitize_put(char *out, uint32_t cp)
{
	return ((size_t)utf8_encode(cp, out));
}

char *
sanitize(const char *s, size_t len, int flags)
{
	char	*out;

	/* Each input byte yields at most 3 output bytes (U+FFFD, U+24xx). */
	out = xmalloc(SANITIZE_SIZE(len));
	sanitize_into(out, s, len, flags);
	return (out);
}

size_t
sanitize_into(char *out, const char *s, size_t len, int flags)
{
	char		*p = out;
	size_t		 i = 0, run;
	uint32_t	 cp;
	int		 n;

	while (i < len) {
		/* Printable ASCII, most of any text, stays as it is. */
		run = utf8_ascii_run(s + i, len - i);
		memcpy(p, s + i, run);
		p += run;
		if ((i += run) == len)
			break;
		n = utf8_decode(s + i, len - i, &cp);
		if (n <= 0) {
			p += sanitize_put(p, 0xfffd);
			i++;
			continue;
		}
		i += n;
		if (cp < 0x20 && (flags & SANITIZE_KEEP_FORMAT) &&
		    sanitize_is_format(cp))
			*p++ = (char)cp;
		else if (cp == '\t')
			*p++ = ' ';
		else if (cp < 0x20)
			p += sanitize_put(p, 0x2400 + cp);
		else if (cp == 0x7f)
			p += sanitize_put(p, 0x2421);
		else if (cp >= 0x80 && cp < 0xa0)
			p += sanitize_put(p, 0xfffd);
		else if (cp == 0x2028 || cp == 0x2029)
			*p++ = ' ';
		else if (sanitize_drop(cp))
			continue;
		else {
			memcpy(p, s + i - n, n);
			p += n;
		}
	}
	*p = '\0';
	return ((size_t)(p - out));
}

void
sanitize_strip_format(char *s)
{
	char	*r = s, *w = s;
	int	 i;

	while (*r != '\0') {
		if (!sanitize_is_format((unsigned char)*r)) {
			*w++ = *r++;
			continue;
		}
		if (*r++ != 0x03)
			continue;
		/* ^C takes up to two digits, then optionally ,NN. */
		for (i = 0; i < 2 && isdigit((unsigned char)*r); i++)
			r++;
		if (i > 0 && r[0] == ',' && isdigit((unsigned char)r[1])) {
			r++;
			for (i = 0; i < 2 && isdigit((unsigned char)*r); i++)
				r++;
		}
	}
	*w = '\0';
}
