/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Fuzz the mDNS/DNS packet decoder: any packet decodes or is refused without
 * reading past it, and what decodes, encoded again with compression, decodes
 * to the same questions and records. */

#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "mdns_wire.h"
#include "xmalloc.h"

/* Room for the kept records re-encoded: names expand when compression
 * differs, so more than MDNS_PKT_MAX. */
#define FUZZ_MDNS_OUT	(64 * 1024)

static void	fuzz_texts(const struct mdns_packet *);
static void	fuzz_reencode(const struct mdns_packet *);
static void	fuzz_same_rr(const struct mdns_rr *, const struct mdns_rr *);

/* The helpers a browser calls on what it received. */
static void
fuzz_texts(const struct mdns_packet *p)
{
	char	text[4 * MDNS_NAME_MAX + 1], value[256];
	size_t	i;
	int	n;

	for (i = 0; i < p->nrecords; i++) {
		mdns_name_text(&p->records[i].name, text, sizeof text);
		FUZZ_CHECK(strlen(text) < sizeof text);
		mdns_name_first_label(&p->records[i].target, text, sizeof text);
		FUZZ_CHECK(strlen(text) < sizeof text);
		if (p->records[i].type != MDNS_TYPE_TXT)
			continue;
		n = mdns_txt_get(p->records[i].rdata, p->records[i].rdlen,
		    "users", value, sizeof value);
		FUZZ_CHECK(n >= -1 && n <= (int)p->records[i].rdlen);
		mdns_text_clean(p->records[i].rdata, p->records[i].rdlen,
		    value, sizeof value);
		FUZZ_CHECK(strlen(value) < sizeof value);
	}
}

/* Two records, one decoded and one decoded after re-encoding, agree. */
static void
fuzz_same_rr(const struct mdns_rr *a, const struct mdns_rr *b)
{
	FUZZ_CHECK(mdns_name_equal(&a->name, &b->name));
	FUZZ_CHECK(a->type == b->type && a->rclass == b->rclass);
	FUZZ_CHECK(a->cache_flush == b->cache_flush && a->ttl == b->ttl);
	FUZZ_CHECK(a->section == b->section);
	FUZZ_CHECK(mdns_rr_same_rdata(a, b));
	FUZZ_CHECK(mdns_rr_compare(a, b) == 0);
}

/* Encode what was decoded and decode it again. */
static void
fuzz_reencode(const struct mdns_packet *p)
{
	struct mdns_writer	 w;
	struct mdns_packet	*again;
	uint8_t			*buf;
	size_t			 i;
	int			 len;

	buf = xmalloc(FUZZ_MDNS_OUT);
	again = xmalloc(sizeof *again);
	mdns_writer_init(&w, buf, FUZZ_MDNS_OUT, p->id, p->flags);
	for (i = 0; i < p->nquestions; i++)
		FUZZ_CHECK(mdns_writer_question(&w, &p->questions[i].name,
		    p->questions[i].type, p->questions[i].unicast) == 0);
	for (i = 0; i < p->nrecords; i++)
		FUZZ_CHECK(mdns_writer_rr(&w, &p->records[i]) == 0);
	len = mdns_writer_finish(&w);
	FUZZ_CHECK(len >= 12 && len <= FUZZ_MDNS_OUT);
	FUZZ_CHECK(mdns_parse(buf, (size_t)len, again) == 0);
	FUZZ_CHECK(again->id == p->id && again->flags == p->flags);
	FUZZ_CHECK(again->nquestions == p->nquestions);
	FUZZ_CHECK(again->nrecords == p->nrecords);
	for (i = 0; i < p->nquestions; i++) {
		FUZZ_CHECK(mdns_name_equal(&again->questions[i].name,
		    &p->questions[i].name));
		FUZZ_CHECK(again->questions[i].type == p->questions[i].type);
		FUZZ_CHECK(again->questions[i].unicast ==
		    p->questions[i].unicast);
	}
	for (i = 0; i < p->nrecords; i++)
		fuzz_same_rr(&p->records[i], &again->records[i]);
	free(again);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mdns_packet	*p;
	uint8_t			*pkt;
	size_t			 i;

	if (size > MDNS_PKT_MAX)
		return (0);
	/* An exact-size copy: ASan catches any read past the packet. */
	pkt = xmalloc(size == 0 ? 1 : size);
	memcpy(pkt, data, size);
	p = xmalloc(sizeof *p);
	if (mdns_parse(pkt, size, p) == 0) {
		FUZZ_CHECK(p->nquestions <= MDNS_MAX_QUESTIONS);
		FUZZ_CHECK(p->nrecords <= MDNS_MAX_RECORDS);
		for (i = 0; i < p->nrecords; i++) {
			FUZZ_CHECK(p->records[i].name.len <= MDNS_NAME_MAX);
			FUZZ_CHECK(p->records[i].rdlen == 0 ||
			    (p->records[i].rdata >= pkt &&
			    p->records[i].rdata + p->records[i].rdlen <=
			    pkt + size));
		}
		fuzz_texts(p);
		fuzz_reencode(p);
	}
	free(p);
	free(pkt);
	return (0);
}
