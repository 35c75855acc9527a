/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Pure HTTP helpers for the file host and its client: Range, file names,
 * Content-Disposition, percent-encoding and content types. No I/O. */
#ifndef HTTP_PARSE_H
#define HTTP_PARSE_H

#include <stddef.h>
#include <stdint.h>

#define HTTP_NAME_MAX	100	/* bytes of a sanitised file name */

/* What http_range_parse() found. */
enum http_range {
	HTTP_RANGE_NONE,	/* absent or not understood: send it all */
	HTTP_RANGE_OK,		/* [*start, *end] inclusive: 206 */
	HTTP_RANGE_BAD		/* unsatisfiable: 416 */
};

/* One "bytes=A-B", "bytes=A-" or "bytes=-N" range of a size-byte file. */
enum http_range	 http_range_parse(const char *value, uint64_t size,
		     uint64_t *start, uint64_t *end);

/*
 * A name safe on disk, in a URL path segment and in a header: the last
 * path component, no control characters, quotes or backslashes, no
 * leading dot, valid UTF-8, at most HTTP_NAME_MAX bytes; "file" when
 * nothing is left. out has HTTP_NAME_MAX + 1 bytes.
 */
void		 http_name_sanitize(const char *in, char *out);

/* The filename (filename* first) of a Content-Disposition value, raw;
 * -1 when there is none. out has size bytes. */
int		 http_disposition_name(const char *value, char *out,
		     size_t size);

/* "inline|attachment; filename=...; filename*=UTF-8''..." for name. */
void		 http_disposition_make(const char *name, int inline_ok,
		     char *out, size_t size);

/* Percent-decode in place; -1 on a bad escape or a decoded NUL. */
int		 http_pct_decode(char *s);
/* Percent-encode everything but unreserved characters; -1 if too long. */
int		 http_pct_encode(const char *in, char *out, size_t size);

/* A Content-Type that is safe to serve for name (never HTML or SVG),
 * and whether a browser may show it inline. */
const char	*http_content_type(const char *name, int *inline_ok);

#endif
