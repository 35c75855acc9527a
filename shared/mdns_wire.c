/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* DNS message decoding and encoding (RFC 1035 §4, RFC 6762): every read is
 * bounds-checked, every name is bounded, every compression pointer must
 * point strictly backwards, so malformed input ends in -1, never a crash. */

#include <stdio.h>
#include <string.h>

#include "mdns_wire.h"
#include "utf8.h"

#define MDNS_HEADER_LEN	12

static int	mdns_u16(const uint8_t *, size_t, size_t *, uint16_t *);
static int	mdns_u32(const uint8_t *, size_t, size_t *, uint32_t *);
static int	mdns_parse_question(const uint8_t *, size_t, size_t *,
		    struct mdns_packet *);
static int	mdns_parse_rr(const uint8_t *, size_t, size_t *,
		    struct mdns_rr *);
static int	mdns_parse_rdata(const uint8_t *, size_t, size_t,
		    struct mdns_rr *);
static int	mdns_rdata_canon(const struct mdns_rr *, uint8_t *, size_t);
static int	mdns_bytes_compare(const uint8_t *, size_t, const uint8_t *,
		    size_t);
static void	mdns_put(struct mdns_writer *, const void *, size_t);
static void	mdns_put16(struct mdns_writer *, uint16_t);
static void	mdns_put32(struct mdns_writer *, uint32_t);
static void	mdns_put_name(struct mdns_writer *, const struct mdns_name *);
static void	mdns_put_rdata(struct mdns_writer *, const struct mdns_rr *);
static bool	mdns_suffix_at(struct mdns_writer *, uint16_t, const uint8_t *,
		    size_t);

/* Read a 16-bit big-endian value at *off. */
static int
mdns_u16(const uint8_t *p, size_t len, size_t *off, uint16_t *v)
{
	if (len < 2 || *off > len - 2)
		return -1;
	*v = (uint16_t)((p[*off] << 8) | p[*off + 1]);
	*off += 2;
	return 0;
}

/* Read a 32-bit big-endian value at *off. */
static int
mdns_u32(const uint8_t *p, size_t len, size_t *off, uint32_t *v)
{
	if (len < 4 || *off > len - 4)
		return -1;
	*v = ((uint32_t)p[*off] << 24) | ((uint32_t)p[*off + 1] << 16) |
	    ((uint32_t)p[*off + 2] << 8) | p[*off + 3];
	*off += 4;
	return 0;
}

/*
 * Read a name at *off. Each pointer must point before the label that holds
 * it, so no loop is possible and the walk ends after at most len steps;
 * the result is limited to 255 bytes like any DNS name.
 */
int
mdns_name_read(const uint8_t *pkt, size_t len, size_t *off,
    struct mdns_name *name)
{
	size_t	pos = *off, end = 0, limit = *off;
	bool	jumped = false;
	uint8_t	l;

	name->len = 0;
	for (;;) {
		if (pos >= len)
			return -1;
		l = pkt[pos];
		if ((l & 0xc0) == 0xc0) {
			if (pos + 1 >= len)
				return -1;
			if (!jumped)
				end = pos + 2;
			jumped = true;
			pos = ((size_t)(l & 0x3f) << 8) | pkt[pos + 1];
			if (pos >= limit)
				return -1;	/* forward or self: a loop */
			limit = pos;
			continue;
		}
		if ((l & 0xc0) != 0)
			return -1;		/* 0x40/0x80: reserved types */
		if (l > len - pos - 1)
			return -1;
		if ((size_t)name->len + l + 1 > MDNS_NAME_MAX)
			return -1;
		memcpy(name->data + name->len, pkt + pos, (size_t)l + 1);
		name->len += l + 1;
		pos += (size_t)l + 1;
		if (l == 0)
			break;
	}
	*off = jumped ? end : pos;
	return 0;
}

/* Decode one question; beyond MDNS_MAX_QUESTIONS it is read and dropped. */
static int
mdns_parse_question(const uint8_t *pkt, size_t len, size_t *off,
    struct mdns_packet *out)
{
	struct mdns_question	 scratch, *q = &scratch;
	uint16_t		 qclass;

	if (out->nquestions < MDNS_MAX_QUESTIONS)
		q = &out->questions[out->nquestions];
	if (mdns_name_read(pkt, len, off, &q->name) != 0 ||
	    mdns_u16(pkt, len, off, &q->type) != 0 ||
	    mdns_u16(pkt, len, off, &qclass) != 0)
		return -1;
	q->unicast = (qclass & MDNS_CLASS_TOP) != 0;
	q->qclass = qclass & ~MDNS_CLASS_TOP;
	if (q == &scratch)
		out->skipped = true;
	else
		out->nquestions++;
	return 0;
}

/* Decode the type-specific part of rr from rdlen bytes at off. */
static int
mdns_parse_rdata(const uint8_t *pkt, size_t off, size_t rdlen,
    struct mdns_rr *rr)
{
	size_t	end = off + rdlen, pos = off;

	rr->rdata = pkt + off;
	rr->rdlen = rdlen;
	switch (rr->type) {
	case MDNS_TYPE_A:
		if (rdlen != 4)
			return -1;
		memcpy(rr->addr, pkt + off, 4);
		return 0;
	case MDNS_TYPE_AAAA:
		if (rdlen != 16)
			return -1;
		memcpy(rr->addr, pkt + off, 16);
		return 0;
	case MDNS_TYPE_PTR:
		/* Names may point anywhere earlier but must end inside rdata. */
		if (mdns_name_read(pkt, end, &pos, &rr->target) != 0)
			return -1;
		return pos == end ? 0 : -1;
	case MDNS_TYPE_SRV:
		if (mdns_u16(pkt, end, &pos, &rr->priority) != 0 ||
		    mdns_u16(pkt, end, &pos, &rr->weight) != 0 ||
		    mdns_u16(pkt, end, &pos, &rr->port) != 0 ||
		    mdns_name_read(pkt, end, &pos, &rr->target) != 0)
			return -1;
		return pos == end ? 0 : -1;
	default:
		return 0;
	}
}

/* Decode one record at *off into rr. */
static int
mdns_parse_rr(const uint8_t *pkt, size_t len, size_t *off, struct mdns_rr *rr)
{
	uint16_t	rclass, rdlen;

	memset(rr, 0, sizeof *rr);
	if (mdns_name_read(pkt, len, off, &rr->name) != 0 ||
	    mdns_u16(pkt, len, off, &rr->type) != 0 ||
	    mdns_u16(pkt, len, off, &rclass) != 0 ||
	    mdns_u32(pkt, len, off, &rr->ttl) != 0 ||
	    mdns_u16(pkt, len, off, &rdlen) != 0)
		return -1;
	if (rdlen > len - *off)
		return -1;
	rr->cache_flush = (rclass & MDNS_CLASS_TOP) != 0;
	rr->rclass = rclass & ~MDNS_CLASS_TOP;
	if (mdns_parse_rdata(pkt, *off, rdlen, rr) != 0)
		return -1;
	*off += rdlen;
	return 0;
}

/* Decode a whole packet; see mdns_wire.h. */
int
mdns_parse(const uint8_t *pkt, size_t len, struct mdns_packet *out)
{
	struct mdns_rr	 scratch, *rr;
	uint16_t	 counts[4];
	size_t		 off = 0, i;
	int		 s;

	out->nquestions = out->nrecords = 0;
	out->skipped = false;
	if (len < MDNS_HEADER_LEN || len > MDNS_PKT_MAX)
		return -1;
	if (mdns_u16(pkt, len, &off, &out->id) != 0 ||
	    mdns_u16(pkt, len, &off, &out->flags) != 0)
		return -1;
	for (i = 0; i < 4; i++) {
		if (mdns_u16(pkt, len, &off, &counts[i]) != 0)
			return -1;
	}
	for (i = 0; i < counts[0]; i++) {
		if (mdns_parse_question(pkt, len, &off, out) != 0)
			return -1;
	}
	for (s = 0; s < 3; s++) {
		for (i = 0; i < counts[s + 1]; i++) {
			rr = &scratch;
			if (out->nrecords < MDNS_MAX_RECORDS)
				rr = &out->records[out->nrecords];
			if (mdns_parse_rr(pkt, len, &off, rr) != 0)
				return -1;
			rr->section = (enum mdns_section)s;
			if (rr == &scratch)
				out->skipped = true;
			else
				out->nrecords++;
		}
	}
	return 0;
}

/* Build a name from C-string labels. */
int
mdns_name_make(struct mdns_name *name, const char *const *labels, size_t n)
{
	size_t	i, l;

	name->len = 0;
	for (i = 0; i < n; i++) {
		l = strlen(labels[i]);
		if (l == 0 || l > MDNS_LABEL_MAX ||
		    name->len + l + 2 > MDNS_NAME_MAX)
			return -1;
		name->data[name->len] = (uint8_t)l;
		memcpy(name->data + name->len + 1, labels[i], l);
		name->len += l + 1;
	}
	name->data[name->len++] = 0;
	return 0;
}

/* Prepend one label. */
int
mdns_name_prepend(struct mdns_name *name, const char *label)
{
	size_t	l = strlen(label);

	if (l == 0 || l > MDNS_LABEL_MAX || name->len + l + 1 > MDNS_NAME_MAX)
		return -1;
	memmove(name->data + l + 1, name->data, name->len);
	name->data[0] = (uint8_t)l;
	memcpy(name->data + 1, label, l);
	name->len += l + 1;
	return 0;
}

/* Fold ASCII upper case only: DNS names compare that way (RFC 4343). */
static uint8_t
mdns_fold(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* Compare n bytes of two wire names ignoring ASCII case. Length bytes are
 * below 64, so folding never changes them. */
static bool
mdns_bytes_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (mdns_fold(a[i]) != mdns_fold(b[i]))
			return false;
	}
	return true;
}

/* Whether two names are equal ignoring ASCII case. */
bool
mdns_name_equal(const struct mdns_name *a, const struct mdns_name *b)
{
	return a->len == b->len && mdns_bytes_equal(a->data, b->data, a->len);
}

/* Whether name is one label followed by parent. */
bool
mdns_name_is_child(const struct mdns_name *name,
    const struct mdns_name *parent)
{
	size_t	first;

	if (name->len < 2 || name->data[0] == 0)
		return false;
	first = (size_t)name->data[0] + 1;
	return name->len == first + parent->len &&
	    mdns_bytes_equal(name->data + first, parent->data, parent->len);
}

/* Copy untrusted bytes as printable UTF-8. */
void
mdns_text_clean(const uint8_t *src, size_t len, char *buf, size_t size)
{
	size_t		i = 0, o = 0;
	uint32_t	cp;
	int		n;

	if (size == 0)
		return;
	while (i < len) {
		n = utf8_decode((const char *)src + i, len - i, &cp);
		if (n < 0 || cp < 0x20 || cp == 0x7f ||
		    (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029) {
			if (o + 1 >= size)
				break;
			buf[o++] = '?';
			i += n < 0 ? 1 : (size_t)n;
			continue;
		}
		if (o + (size_t)n >= size)
			break;
		memcpy(buf + o, src + i, n);
		o += n;
		i += n;
	}
	buf[o] = '\0';
}

/* First label, sanitised. */
void
mdns_name_first_label(const struct mdns_name *name, char *buf, size_t size)
{
	if (name->len < 1) {
		if (size > 0)
			buf[0] = '\0';
		return;
	}
	mdns_text_clean(name->data + 1, name->data[0], buf, size);
}

/* Dotted text, sanitised, for logs. */
void
mdns_name_text(const struct mdns_name *name, char *buf, size_t size)
{
	char	label[MDNS_LABEL_MAX * 4 + 1];
	size_t	pos = 0, o = 0;
	int	n;

	if (size == 0)
		return;
	buf[0] = '\0';
	while (pos < name->len && name->data[pos] != 0) {
		mdns_text_clean(name->data + pos + 1, name->data[pos], label,
		    sizeof label);
		n = snprintf(buf + o, size - o, "%s.", label);
		if (n < 0 || (size_t)n >= size - o)
			return;
		o += n;
		pos += (size_t)name->data[pos] + 1;
	}
}

/* Find key in TXT rdata (keys compare case-insensitively, RFC 6763 §6.4). */
int
mdns_txt_get(const uint8_t *rdata, size_t rdlen, const char *key,
    char *value, size_t size)
{
	size_t		 pos = 0, klen = strlen(key), l, vlen;
	const uint8_t	*s;

	while (pos < rdlen) {
		l = rdata[pos];
		s = rdata + pos + 1;
		if (l > rdlen - pos - 1)
			return -1;
		pos += l + 1;
		if (l < klen || !mdns_bytes_equal(s, (const uint8_t *)key, klen))
			continue;
		if (l == klen) {
			if (size > 0)
				value[0] = '\0';
			return 0;
		}
		if (s[klen] != '=')
			continue;
		vlen = l - klen - 1;
		if (size > 0) {
			l = vlen < size - 1 ? vlen : size - 1;
			memcpy(value, s + klen + 1, l);
			value[l] = '\0';
		}
		return (int)vlen;
	}
	return -1;
}

/* Append one "key=value" string to TXT rdata. */
int
mdns_txt_add(uint8_t *rdata, size_t size, size_t *len, const char *key,
    const char *value)
{
	size_t	k = strlen(key), v = strlen(value);

	if (k + v + 1 > 255 || *len + k + v + 2 > size)
		return -1;
	rdata[*len] = (uint8_t)(k + v + 1);
	memcpy(rdata + *len + 1, key, k);
	rdata[*len + 1 + k] = '=';
	memcpy(rdata + *len + 2 + k, value, v);
	*len += k + v + 2;
	return 0;
}

/* Canonical rdata of the types that hold names (uncompressed) or fixed
 * fields into buf (at least 6 + 255 bytes); its length, or -1 for others. */
static int
mdns_rdata_canon(const struct mdns_rr *rr, uint8_t *buf, size_t size)
{
	if (size < 6 + MDNS_NAME_MAX)
		return -1;
	switch (rr->type) {
	case MDNS_TYPE_A:
		memcpy(buf, rr->addr, 4);
		return 4;
	case MDNS_TYPE_AAAA:
		memcpy(buf, rr->addr, 16);
		return 16;
	case MDNS_TYPE_PTR:
		memcpy(buf, rr->target.data, rr->target.len);
		return rr->target.len;
	case MDNS_TYPE_SRV:
		buf[0] = rr->priority >> 8;
		buf[1] = rr->priority & 0xff;
		buf[2] = rr->weight >> 8;
		buf[3] = rr->weight & 0xff;
		buf[4] = rr->port >> 8;
		buf[5] = rr->port & 0xff;
		memcpy(buf + 6, rr->target.data, rr->target.len);
		return 6 + rr->target.len;
	default:
		return -1;
	}
}

/* Compare two byte strings, a shorter prefix first. */
static int
mdns_bytes_compare(const uint8_t *a, size_t la, const uint8_t *b, size_t lb)
{
	int	c = 0;

	if (la > 0 && lb > 0)
		c = memcmp(a, b, la < lb ? la : lb);
	if (c != 0)
		return c < 0 ? -1 : 1;
	return la < lb ? -1 : (la > lb);
}

/* Whether two records carry the same rdata. */
bool
mdns_rr_same_rdata(const struct mdns_rr *a, const struct mdns_rr *b)
{
	return a->type == b->type && mdns_rr_compare(a, b) == 0;
}

/* Order by class, type, then rdata bytes (RFC 6762 §8.2.1). */
int
mdns_rr_compare(const struct mdns_rr *a, const struct mdns_rr *b)
{
	uint8_t	ba[6 + MDNS_NAME_MAX], bb[6 + MDNS_NAME_MAX];
	int	la, lb;

	if (a->rclass != b->rclass)
		return a->rclass < b->rclass ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	la = mdns_rdata_canon(a, ba, sizeof ba);
	lb = mdns_rdata_canon(b, bb, sizeof bb);
	if (la < 0 || lb < 0)
		return mdns_bytes_compare(a->rdata, a->rdlen, b->rdata, b->rdlen);
	return mdns_bytes_compare(ba, la, bb, lb);
}

/* Start a packet in buf. */
void
mdns_writer_init(struct mdns_writer *w, uint8_t *buf, size_t size,
    uint16_t id, uint16_t flags)
{
	memset(w, 0, sizeof *w);
	w->buf = buf;
	w->size = size;
	if (size < MDNS_HEADER_LEN) {
		w->overflow = true;
		return;
	}
	memset(buf, 0, MDNS_HEADER_LEN);
	buf[0] = id >> 8;
	buf[1] = id & 0xff;
	buf[2] = flags >> 8;
	buf[3] = flags & 0xff;
	w->len = MDNS_HEADER_LEN;
}

/* Append bytes, or mark overflow. */
static void
mdns_put(struct mdns_writer *w, const void *p, size_t n)
{
	if (w->overflow || n > w->size - w->len) {
		w->overflow = true;
		return;
	}
	memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static void
mdns_put16(struct mdns_writer *w, uint16_t v)
{
	uint8_t	b[2] = { v >> 8, v & 0xff };

	mdns_put(w, b, sizeof b);
}

static void
mdns_put32(struct mdns_writer *w, uint32_t v)
{
	uint8_t	b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };

	mdns_put(w, b, sizeof b);
}

/* Whether the name written at offset off equals the n-byte suffix s. */
static bool
mdns_suffix_at(struct mdns_writer *w, uint16_t off, const uint8_t *s, size_t n)
{
	struct mdns_name	name;
	size_t			pos = off;

	if (mdns_name_read(w->buf, w->len, &pos, &name) != 0)
		return false;
	/* Exact bytes: a pointer must not change the case a peer shows. */
	return name.len == n && memcmp(name.data, s, n) == 0;
}

/* Write a name, pointing at the longest suffix already in the packet. */
static void
mdns_put_name(struct mdns_writer *w, const struct mdns_name *name)
{
	size_t	pos = 0, i;
	uint8_t	l;

	while (pos < name->len && name->data[pos] != 0) {
		for (i = 0; i < w->nnames; i++) {
			if (mdns_suffix_at(w, w->names[i], name->data + pos,
			    name->len - pos)) {
				mdns_put16(w, 0xc000 | w->names[i]);
				return;
			}
		}
		if (w->len < 0x3fff && w->nnames < sizeof w->names / sizeof w->names[0])
			w->names[w->nnames++] = (uint16_t)w->len;
		l = name->data[pos];
		mdns_put(w, name->data + pos, (size_t)l + 1);
		pos += (size_t)l + 1;
	}
	mdns_put(w, "", 1);
}

/* Append a question; -1 (and nothing written) if it does not fit. */
int
mdns_writer_question(struct mdns_writer *w, const struct mdns_name *name,
    uint16_t type, bool unicast)
{
	size_t	len = w->len, nnames = w->nnames;

	if (w->overflow || w->counts[1] + w->counts[2] + w->counts[3] != 0)
		return -1;
	mdns_put_name(w, name);
	mdns_put16(w, type);
	mdns_put16(w, MDNS_CLASS_IN | (unicast ? MDNS_CLASS_TOP : 0));
	if (w->overflow) {
		w->overflow = false;
		w->len = len;
		w->nnames = nnames;
		return -1;
	}
	w->counts[0]++;
	return 0;
}

/* Write rdata of rr with its length in front. */
static void
mdns_put_rdata(struct mdns_writer *w, const struct mdns_rr *rr)
{
	size_t	at = w->len, n;

	mdns_put16(w, 0);
	switch (rr->type) {
	case MDNS_TYPE_A:
		mdns_put(w, rr->addr, 4);
		break;
	case MDNS_TYPE_AAAA:
		mdns_put(w, rr->addr, 16);
		break;
	case MDNS_TYPE_PTR:
		mdns_put_name(w, &rr->target);
		break;
	case MDNS_TYPE_SRV:
		mdns_put16(w, rr->priority);
		mdns_put16(w, rr->weight);
		mdns_put16(w, rr->port);
		/* RFC 2782 forbids compressing the target; RFC 6762 §18.14
		 * allows it, and every mDNS stack reads it. */
		mdns_put_name(w, &rr->target);
		break;
	default:
		if (rr->rdlen > 0)
			mdns_put(w, rr->rdata, rr->rdlen);
		break;
	}
	if (w->overflow)
		return;
	n = w->len - at - 2;
	w->buf[at] = n >> 8;
	w->buf[at + 1] = n & 0xff;
}

/* Append a record to its section; -1 (nothing written) if it does not fit
 * or a later section was already started. */
int
mdns_writer_rr(struct mdns_writer *w, const struct mdns_rr *rr)
{
	size_t	len = w->len, nnames = w->nnames, s = (size_t)rr->section + 1;
	size_t	i;

	if (w->overflow || s > 3)
		return -1;
	for (i = s + 1; i < 4; i++) {
		if (w->counts[i] != 0)
			return -1;
	}
	mdns_put_name(w, &rr->name);
	mdns_put16(w, rr->type);
	mdns_put16(w, rr->rclass | (rr->cache_flush ? MDNS_CLASS_TOP : 0));
	mdns_put32(w, rr->ttl);
	mdns_put_rdata(w, rr);
	if (w->overflow) {
		w->overflow = false;
		w->len = len;
		w->nnames = nnames;
		return -1;
	}
	w->counts[s]++;
	return 0;
}

/* Patch the four counts into the header. */
int
mdns_writer_finish(struct mdns_writer *w)
{
	size_t	i;

	if (w->overflow || w->len < MDNS_HEADER_LEN)
		return -1;
	for (i = 0; i < 4; i++) {
		w->buf[4 + 2 * i] = w->counts[i] >> 8;
		w->buf[5 + 2 * i] = w->counts[i] & 0xff;
	}
	return (int)w->len;
}
