/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Unit tests of the mDNS packet code: round trips, name compression,
 * pointer loops, truncation, oversize labels, counts that lie. */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mdns_wire.h"

static struct mdns_packet	pkt;	/* large: not on the stack */

/* name from dotted labels (no escapes: tests only). */
static void
make_name(struct mdns_name *n, const char *dotted)
{
	const char	*labels[16];
	char		 buf[256], *p, *dot;
	size_t		 k = 0;

	strlcpy(buf, dotted, sizeof buf);
	for (p = buf; p != NULL && k < 16; p = dot) {
		labels[k++] = p;
		if ((dot = strchr(p, '.')) != NULL)
			*dot++ = '\0';
	}
	assert_int_equal(mdns_name_make(n, labels, k), 0);
}

/* A response like ours: PTR, SRV, TXT, A, AAAA. Returns its length. */
static int
build_response(uint8_t *buf, size_t size)
{
	struct mdns_writer	w;
	struct mdns_rr		rr;
	uint8_t			txt[64];
	size_t			txtlen = 0;

	assert_int_equal(mdns_txt_add(txt, sizeof txt, &txtlen, "v", "1"), 0);
	assert_int_equal(mdns_txt_add(txt, sizeof txt, &txtlen, "users", "7"),
	    0);
	mdns_writer_init(&w, buf, size, 0, MDNS_FLAG_QR | MDNS_FLAG_AA);
	memset(&rr, 0, sizeof rr);
	rr.rclass = MDNS_CLASS_IN;
	rr.ttl = 4500;
	make_name(&rr.name, "_irc._tcp.local");
	make_name(&rr.target, "My Chat._irc._tcp.local");
	rr.type = MDNS_TYPE_PTR;
	assert_int_equal(mdns_writer_rr(&w, &rr), 0);
	rr.section = MDNS_ADDITIONAL;
	rr.cache_flush = true;
	rr.name = rr.target;
	rr.type = MDNS_TYPE_SRV;
	rr.port = 6667;
	make_name(&rr.target, "host.local");
	assert_int_equal(mdns_writer_rr(&w, &rr), 0);
	rr.type = MDNS_TYPE_TXT;
	rr.rdata = txt;
	rr.rdlen = (uint16_t)txtlen;
	assert_int_equal(mdns_writer_rr(&w, &rr), 0);
	make_name(&rr.name, "host.local");
	rr.type = MDNS_TYPE_A;
	memcpy(rr.addr, "\x0a\x00\x00\x01", 4);
	assert_int_equal(mdns_writer_rr(&w, &rr), 0);
	rr.type = MDNS_TYPE_AAAA;
	memcpy(rr.addr, "\xfe\x80\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
	assert_int_equal(mdns_writer_rr(&w, &rr), 0);
	return mdns_writer_finish(&w);
}

/* Encode, decode: every field survives. */
static void
test_round_trip(void **state)
{
	uint8_t			buf[MDNS_SEND_MAX];
	struct mdns_name	svc, inst;
	char			value[16];
	int			len;

	len = build_response(buf, sizeof buf);
	assert_true(len > 12);
	assert_int_equal(mdns_parse(buf, (size_t)len, &pkt), 0);
	assert_int_equal(pkt.flags, MDNS_FLAG_QR | MDNS_FLAG_AA);
	assert_int_equal(pkt.nquestions, 0);
	assert_int_equal(pkt.nrecords, 5);
	make_name(&svc, "_irc._tcp.local");
	make_name(&inst, "my chat._IRC._tcp.LOCAL");
	assert_true(mdns_name_equal(&pkt.records[0].name, &svc));
	assert_true(mdns_name_equal(&pkt.records[0].target, &inst));
	assert_true(mdns_name_is_child(&pkt.records[0].target, &svc));
	assert_false(mdns_name_is_child(&svc, &svc));
	assert_int_equal(pkt.records[0].section, MDNS_ANSWER);
	assert_false(pkt.records[0].cache_flush);
	assert_int_equal(pkt.records[1].type, MDNS_TYPE_SRV);
	assert_int_equal(pkt.records[1].port, 6667);
	assert_true(pkt.records[1].cache_flush);
	assert_int_equal(pkt.records[1].section, MDNS_ADDITIONAL);
	assert_int_equal(mdns_txt_get(pkt.records[2].rdata,
	    pkt.records[2].rdlen, "USERS", value, sizeof value), 1);
	assert_string_equal(value, "7");
	assert_memory_equal(pkt.records[3].addr, "\x0a\x00\x00\x01", 4);
	assert_int_equal(pkt.records[4].addr[0], 0xfe);
	assert_int_equal(pkt.records[4].ttl, 4500);
}

/* Repeated suffixes become pointers: the packet is smaller than the sum
 * of its names, and the first label keeps its case. */
static void
test_compression(void **state)
{
	struct mdns_writer	w;
	struct mdns_name	a, b;
	uint8_t			buf[512];
	char			text[64];
	int			len;

	make_name(&a, "One._irc._tcp.local");
	make_name(&b, "Two._irc._tcp.local");
	mdns_writer_init(&w, buf, sizeof buf, 0, 0);
	assert_int_equal(mdns_writer_question(&w, &a, MDNS_TYPE_SRV, true), 0);
	assert_int_equal(mdns_writer_question(&w, &b, MDNS_TYPE_TXT, false),
	    0);
	assert_int_equal(mdns_writer_question(&w, &a, MDNS_TYPE_TXT, false),
	    0);
	len = mdns_writer_finish(&w);
	/* 12 header + (21 + 4) + (4 + 2 + 4) + (2 + 4). */
	assert_int_equal(len, 12 + 25 + 10 + 6);
	assert_int_equal(buf[12 + 25 + 4], 0xc0);	/* "Two" then pointer */
	assert_int_equal(mdns_parse(buf, (size_t)len, &pkt), 0);
	assert_int_equal(pkt.nquestions, 3);
	assert_true(pkt.questions[0].unicast);
	assert_false(pkt.questions[1].unicast);
	assert_true(mdns_name_equal(&pkt.questions[1].name, &b));
	assert_true(mdns_name_equal(&pkt.questions[2].name, &a));
	mdns_name_first_label(&pkt.questions[1].name, text, sizeof text);
	assert_string_equal(text, "Two");
	mdns_name_text(&pkt.questions[2].name, text, sizeof text);
	assert_string_equal(text, "One._irc._tcp.local.");
}

/* A header with qdcount 1 followed by name bytes. */
static size_t
raw_query(uint8_t *buf, const uint8_t *name, size_t n)
{
	static const uint8_t	hdr[12] = { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
	    0, 0 };

	memcpy(buf, hdr, 12);
	memcpy(buf + 12, name, n);
	memcpy(buf + 12 + n, "\x00\x0c\x00\x01", 4);
	return 12 + n + 4;
}

/* Pointers to themselves, forwards, or in a cycle are refused. */
static void
test_pointer_loops(void **state)
{
	uint8_t			buf[64];
	static const uint8_t	self[] = { 0xc0, 12 };
	static const uint8_t	fwd[] = { 0xc0, 14, 0 };
	static const uint8_t	cycle[] = { 1, 'a', 0xc0, 16, 1, 'b', 0xc0,
	    12 };
	static const uint8_t	back[] = { 1, 'a', 0, 1, 'b', 0xc0, 12 };
	static const uint8_t	reserved[] = { 0x40, 0 };
	static const uint8_t	past[] = { 0xc0, 60 };

	assert_int_equal(mdns_parse(buf, raw_query(buf, self, sizeof self),
	    &pkt), -1);
	assert_int_equal(mdns_parse(buf, raw_query(buf, fwd, sizeof fwd),
	    &pkt), -1);
	assert_int_equal(mdns_parse(buf, raw_query(buf, cycle, sizeof cycle),
	    &pkt), -1);
	assert_int_equal(mdns_parse(buf, raw_query(buf, reserved,
	    sizeof reserved), &pkt), -1);
	assert_int_equal(mdns_parse(buf, raw_query(buf, past, sizeof past),
	    &pkt), -1);
	/* A second question pointing back at the first is fine. */
	memcpy(buf, "\0\0\0\0\0\2\0\0\0\0\0\0", 12);
	memcpy(buf + 12, back, 3);
	memcpy(buf + 15, "\x00\x0c\x00\x01", 4);
	memcpy(buf + 19, back + 3, 4);
	memcpy(buf + 23, "\x00\x0c\x00\x01", 4);
	assert_int_equal(mdns_parse(buf, 27, &pkt), 0);
	assert_int_equal(pkt.nquestions, 2);
	assert_int_equal(pkt.questions[1].name.len, 5);
}

/* Every proper prefix of a valid packet is malformed. */
static void
test_truncated(void **state)
{
	uint8_t	buf[MDNS_SEND_MAX];
	int	len;
	size_t	i;

	len = build_response(buf, sizeof buf);
	assert_int_equal(mdns_parse(buf, (size_t)len, &pkt), 0);
	for (i = 0; i < (size_t)len; i++)
		assert_int_equal(mdns_parse(buf, i, &pkt), -1);
}

/* Labels over 63 bytes and names over 255 bytes are refused. */
static void
test_oversize(void **state)
{
	struct mdns_name	n;
	static uint8_t		buf[MDNS_PKT_MAX];
	uint8_t			nm[300];
	const char		*labels[1];
	char			label[65];
	size_t			len = 0, i;

	memset(label, 'x', 64);
	label[64] = '\0';
	labels[0] = label;
	assert_int_equal(mdns_name_make(&n, labels, 1), -1);
	label[63] = '\0';
	assert_int_equal(mdns_name_make(&n, labels, 1), 0);
	assert_int_equal(mdns_name_prepend(&n, label), 0);
	assert_int_equal(mdns_name_prepend(&n, label), 0);
	assert_int_equal(n.len, 3 * 64 + 1);
	assert_int_equal(mdns_name_prepend(&n, label), -1);	/* 257 */
	assert_int_equal(n.len, 3 * 64 + 1);
	/* On the wire: 130 one-byte labels make a 261-byte name. */
	for (i = 0; i < 130; i++) {
		nm[len++] = 1;
		nm[len++] = 'a';
	}
	nm[len++] = 0;
	assert_int_equal(mdns_parse(buf, raw_query(buf, nm, len), &pkt), -1);
	/* 127 labels (255 bytes) is the limit and fits. */
	assert_int_equal(mdns_parse(buf, raw_query(buf, nm + 6, len - 6),
	    &pkt), 0);
	assert_int_equal(pkt.questions[0].name.len, 255);
	/* A label length byte of 64 has the reserved 0x40 bit. */
	nm[0] = 64;
	memset(nm + 1, 'x', 64);
	nm[65] = 0;
	assert_int_equal(mdns_parse(buf, raw_query(buf, nm, 66), &pkt), -1);
}

/* Counts larger than the data, rdata of the wrong size. */
static void
test_counts_lie(void **state)
{
	uint8_t	buf[MDNS_SEND_MAX];
	int	len;

	len = build_response(buf, sizeof buf);
	buf[7] = 6;			/* six answers, five present */
	assert_int_equal(mdns_parse(buf, (size_t)len, &pkt), -1);
	buf[7] = 1;
	buf[5] = 1;			/* a question that is not there */
	assert_int_equal(mdns_parse(buf, (size_t)len, &pkt), -1);
	buf[5] = 0;
	buf[4] = buf[5] = 0xff;
	assert_int_equal(mdns_parse(buf, (size_t)len, &pkt), -1);
	memcpy(buf, "\0\0\x84\0\0\0\0\x01\0\0\0\0", 12);
	memcpy(buf + 12, "\x01" "a\0\x00\x01\x00\x01\0\0\0\x0a\x00\x05"
	    "\x0a\0\0\x01\x01", 18);	/* an A record of five bytes */
	assert_int_equal(mdns_parse(buf, 30, &pkt), -1);
	buf[12 + 12] = 4;
	assert_int_equal(mdns_parse(buf, 29, &pkt), 0);
	assert_int_equal(pkt.nrecords, 1);
	/* An SRV whose target runs past its rdata. */
	memcpy(buf + 12, "\x01" "a\0\x00\x21\x00\x01\0\0\0\x0a\x00\x08"
	    "\0\0\0\0\x1a\x0b\x01" "b\0", 22);
	assert_int_equal(mdns_parse(buf, 34, &pkt), -1);
	buf[12 + 12] = 9;
	assert_int_equal(mdns_parse(buf, 34, &pkt), 0);
	assert_int_equal(pkt.records[0].port, 0x1a0b);
}

/* More records than we keep: parsed, counted as skipped, not stored. */
static void
test_many_records(void **state)
{
	struct mdns_writer	w;
	struct mdns_rr		rr;
	static uint8_t		buf[MDNS_PKT_MAX];
	int			i, len;

	mdns_writer_init(&w, buf, sizeof buf, 0, MDNS_FLAG_QR);
	memset(&rr, 0, sizeof rr);
	make_name(&rr.name, "h.local");
	rr.type = MDNS_TYPE_A;
	rr.rclass = MDNS_CLASS_IN;
	for (i = 0; i < MDNS_MAX_RECORDS + 10; i++) {
		rr.addr[3] = (uint8_t)i;
		assert_int_equal(mdns_writer_rr(&w, &rr), 0);
	}
	len = mdns_writer_finish(&w);
	assert_int_equal(mdns_parse(buf, (size_t)len, &pkt), 0);
	assert_int_equal(pkt.nrecords, MDNS_MAX_RECORDS);
	assert_true(pkt.skipped);
}

/* A full buffer refuses the record whole and the packet stays valid. */
static void
test_writer_overflow(void **state)
{
	struct mdns_writer	w;
	struct mdns_rr		rr;
	uint8_t			buf[40];
	size_t			before;
	int			len;

	mdns_writer_init(&w, buf, sizeof buf, 7, MDNS_FLAG_QR);
	memset(&rr, 0, sizeof rr);
	make_name(&rr.name, "h.local");
	rr.type = MDNS_TYPE_A;
	rr.rclass = MDNS_CLASS_IN;
	assert_int_equal(mdns_writer_rr(&w, &rr), 0);	/* 12 + 23 */
	before = w.len;
	assert_int_equal(mdns_writer_rr(&w, &rr), -1);
	assert_int_equal(w.len, before);
	rr.section = MDNS_ANSWER;
	len = mdns_writer_finish(&w);
	assert_int_equal(len, (int)before);
	assert_int_equal(mdns_parse(buf, (size_t)len, &pkt), 0);
	assert_int_equal(pkt.id, 7);
	assert_int_equal(pkt.nrecords, 1);
	/* Sections out of order are refused. */
	mdns_writer_init(&w, buf, sizeof buf, 0, 0);
	rr.section = MDNS_ADDITIONAL;
	assert_int_equal(mdns_writer_rr(&w, &rr), 0);
	rr.section = MDNS_ANSWER;
	assert_int_equal(mdns_writer_rr(&w, &rr), -1);
}

/* TXT strings: lookup by key, missing keys, keys without a value. */
static void
test_txt(void **state)
{
	uint8_t	txt[32];
	size_t	len = 0;
	char	v[8];
	static const uint8_t bad[] = { 5, 'a', '=', '1' };

	assert_int_equal(mdns_txt_add(txt, sizeof txt, &len, "rooms", "12"),
	    0);
	txt[len++] = 3;
	memcpy(txt + len, "tls", 3);
	len += 3;
	assert_int_equal(mdns_txt_get(txt, len, "rooms", v, sizeof v), 2);
	assert_string_equal(v, "12");
	assert_int_equal(mdns_txt_get(txt, len, "tls", v, sizeof v), 0);
	assert_string_equal(v, "");
	assert_int_equal(mdns_txt_get(txt, len, "room", v, sizeof v), -1);
	assert_int_equal(mdns_txt_get(bad, sizeof bad, "a", v, sizeof v), -1);
	assert_int_equal(mdns_txt_add(txt, sizeof txt, &len, "k",
	    "a value much too long for this"), -1);
}

/* Untrusted text: controls, escapes and bad UTF-8 never pass. */
static void
test_text_clean(void **state)
{
	char	out[32];

	mdns_text_clean((const uint8_t *)"a\x1b[2Jb\tc\x7f\xc2\x9b\xff"
	    "\xc3\xa9", 14, out, sizeof out);
	assert_string_equal(out, "a?[2Jb?c???\xc3\xa9");
	mdns_text_clean((const uint8_t *)"abcdef", 6, out, 4);
	assert_string_equal(out, "abc");
}

/* Tie-breaking order: class, type, then rdata bytes. */
static void
test_compare(void **state)
{
	struct mdns_rr	a, b;

	memset(&a, 0, sizeof a);
	a.rclass = MDNS_CLASS_IN;
	a.type = MDNS_TYPE_A;
	memcpy(a.addr, "\x0a\0\0\x01", 4);
	b = a;
	assert_int_equal(mdns_rr_compare(&a, &b), 0);
	assert_true(mdns_rr_same_rdata(&a, &b));
	b.addr[3] = 3;
	assert_true(mdns_rr_compare(&a, &b) < 0);
	assert_true(mdns_rr_compare(&b, &a) > 0);
	b.type = MDNS_TYPE_AAAA;
	assert_true(mdns_rr_compare(&a, &b) < 0);
	assert_false(mdns_rr_same_rdata(&a, &b));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_compression),
		cmocka_unit_test(test_pointer_loops),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_oversize),
		cmocka_unit_test(test_counts_lie),
		cmocka_unit_test(test_many_records),
		cmocka_unit_test(test_writer_overflow),
		cmocka_unit_test(test_txt),
		cmocka_unit_test(test_text_clean),
		cmocka_unit_test(test_compare),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
