/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Fuzz sanitize(): whatever a peer sends, the result is valid UTF-8 with no
 * control character a terminal would act on, and sanitising twice changes
 * nothing more. */

#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "sanitize.h"
#include "utf8.h"
#include "width.h"

static void	fuzz_safe(const char *, int);
static bool	fuzz_hidden(uint32_t);

/* Code points that reorder or hide text: they must never come out. */
static bool
fuzz_hidden(uint32_t cp)
{
	return (cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x200b && cp <= 0x200d) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff);
}

/* s is valid UTF-8 without C0 (except kept format codes), DEL or C1. */
static void
fuzz_safe(const char *s, int flags)
{
	size_t		len = strlen(s), i = 0;
	uint32_t	cp;
	int		n;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		FUZZ_CHECK(n > 0);
		i += (size_t)n;
		if (cp < 0x20)
			FUZZ_CHECK((flags & SANITIZE_KEEP_FORMAT) &&
			    sanitize_is_format(cp));
		FUZZ_CHECK(cp != 0x1b && cp != 0x7f);
		FUZZ_CHECK(cp < 0x80 || cp >= 0xa0);
		FUZZ_CHECK(!fuzz_hidden(cp));
	}
	FUZZ_CHECK(width_str(s, len) >= 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*plain, *kept, *again;
	int	 flags;

	if (size > 64 * 1024)
		return (0);
	plain = sanitize((const char *)data, size, 0);
	fuzz_safe(plain, 0);
	again = sanitize(plain, strlen(plain), 0);
	FUZZ_CHECK(strcmp(plain, again) == 0);
	free(again);

	flags = SANITIZE_KEEP_FORMAT;
	kept = sanitize((const char *)data, size, flags);
	fuzz_safe(kept, flags);
	again = sanitize(kept, strlen(kept), flags);
	FUZZ_CHECK(strcmp(kept, again) == 0);
	free(again);
	/* Without its formatting codes it is the plain result's safe kind. */
	sanitize_strip_format(kept);
	fuzz_safe(kept, 0);

	free(kept);
	free(plain);
	return (0);
}
