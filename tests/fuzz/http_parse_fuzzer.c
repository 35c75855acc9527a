/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * Fuzz what the file host parses from requests (shared/http_parse.c):
 * Range, uploaded file names, Content-Disposition, percent-encoding and
 * content types. The first 8 bytes of the input are the file size Range
 * applies to; the rest, as a string, goes to every parser. What they give
 * back must be safe: a range inside the file, a name with nothing a path,
 * URL, header or terminal would act on (and the same when sanitised
 * again), a header value without controls that reads back, a decoding
 * that encodes and decodes to itself, never HTML or SVG to serve.
 */

#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "http_parse.h"
#include "utf8.h"
#include "xmalloc.h"

#define FUZZ_OUT	4096

/* Sanitised names: short, harmless, valid UTF-8, a fixed point. */
static void
fuzz_name(const char *in)
{
	char		out[HTTP_NAME_MAX + 1], again[HTTP_NAME_MAX + 1];
	size_t		i, len;
	uint32_t	cp;
	int		n;

	http_name_sanitize(in, out);
	len = strlen(out);
	FUZZ_CHECK(len > 0 && len <= HTTP_NAME_MAX);
	FUZZ_CHECK(out[0] != '.');
	FUZZ_CHECK(strpbrk(out, "/\\\"") == NULL);
	for (i = 0; i < len; i += (size_t)n) {
		n = utf8_decode(out + i, len - i, &cp);
		FUZZ_CHECK(n > 0);
		FUZZ_CHECK(cp >= 0x20 && cp != 0x7f && (cp < 0x80 || cp >= 0xa0));
	}
	http_name_sanitize(out, again);
	FUZZ_CHECK(strcmp(out, again) == 0);
}

/* A Content-Disposition made for a name: no controls, and it reads back. */
static void
fuzz_disposition(const char *in)
{
	char	name[HTTP_NAME_MAX + 1], hdr[FUZZ_OUT], back[FUZZ_OUT];
	size_t	i;
	int	inl;

	if (http_disposition_name(in, back, sizeof back) == 0)
		FUZZ_CHECK(strlen(back) < sizeof back);
	http_name_sanitize(in, name);
	http_content_type(name, &inl);
	http_disposition_make(name, inl, hdr, sizeof hdr);
	for (i = 0; hdr[i] != '\0'; i++)
		FUZZ_CHECK((unsigned char)hdr[i] >= 0x20 && hdr[i] != 0x7f);
	FUZZ_CHECK(http_disposition_name(hdr, back, sizeof back) == 0);
}

/* Percent-decoding, then encoding and decoding again: the same bytes. */
static void
fuzz_pct(const char *in)
{
	char	*s = xstrdup(in), *enc;
	size_t	 size;

	if (http_pct_decode(s) == 0) {
		size = strlen(s) * 3 + 1;
		enc = xmalloc(size);
		FUZZ_CHECK(http_pct_encode(s, enc, size) == 0);
		FUZZ_CHECK(http_pct_decode(enc) == 0);
		FUZZ_CHECK(strcmp(enc, s) == 0);
		free(enc);
	}
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum http_range	 r;
	const char	*type;
	uint64_t	 fsize = 0, start, end;
	char		*s;
	size_t		 i;
	int		 inl;

	for (i = 0; i < 8 && i < size; i++)
		fsize = fsize << 8 | data[i];
	s = xmalloc(size - i + 1);
	memcpy(s, data + i, size - i);
	s[size - i] = '\0';
	r = http_range_parse(s, fsize, &start, &end);
	if (r == HTTP_RANGE_OK)
		FUZZ_CHECK(start <= end && end < fsize);
	fuzz_name(s);
	fuzz_disposition(s);
	fuzz_pct(s);
	type = http_content_type(s, &inl);
	FUZZ_CHECK(type != NULL && strstr(type, "html") == NULL &&
	    strstr(type, "svg") == NULL);
	free(s);
	return (0);
}
