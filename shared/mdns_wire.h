/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* DNS packets for mDNS/DNS-SD: bounded decoding and encoding, no I/O. */
#ifndef MDNS_WIRE_H
#define MDNS_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MDNS_PORT		5353
#define MDNS_PKT_MAX		9000	/* RFC 6762 §17: never larger */
#define MDNS_SEND_MAX		1440	/* what we build: fits one Ethernet frame */
#define MDNS_NAME_MAX		255	/* wire form, terminating zero included */
#define MDNS_LABEL_MAX		63
#define MDNS_MAX_QUESTIONS	32	/* kept per packet; the rest is skipped */
#define MDNS_MAX_RECORDS	64

#define MDNS_TYPE_A		1
#define MDNS_TYPE_PTR		12
#define MDNS_TYPE_TXT		16
#define MDNS_TYPE_AAAA		28
#define MDNS_TYPE_SRV		33
#define MDNS_TYPE_NSEC		47
#define MDNS_TYPE_ANY		255
#define MDNS_CLASS_IN		1
#define MDNS_CLASS_ANY		255
#define MDNS_CLASS_TOP		0x8000	/* QU in questions, cache-flush in records */

#define MDNS_FLAG_QR		0x8000	/* a response */
#define MDNS_FLAG_AA		0x0400
#define MDNS_FLAG_TC		0x0200
#define MDNS_FLAG_OPCODE	0x7800

enum mdns_section {
	MDNS_ANSWER,
	MDNS_AUTHORITY,
	MDNS_ADDITIONAL
};

/* A domain name in uncompressed wire form: labels, then a zero byte. */
struct mdns_name {
	uint8_t		len;			/* bytes used, zero included */
	uint8_t		data[MDNS_NAME_MAX];
};

struct mdns_question {
	struct mdns_name name;
	uint16_t	type;
	uint16_t	qclass;			/* without the QU bit */
	bool		unicast;		/* the QU bit */
};

/* One record. rdata points into the packet (decode) or the caller's memory
 * (encode); PTR/SRV targets are decoded into target. */
struct mdns_rr {
	struct mdns_name name;
	uint16_t	type;
	uint16_t	rclass;			/* without the cache-flush bit */
	bool		cache_flush;
	uint32_t	ttl;
	enum mdns_section section;
	struct mdns_name target;		/* PTR, SRV */
	uint16_t	priority, weight, port;	/* SRV */
	uint8_t		addr[16];		/* A (4 bytes), AAAA (16) */
	const uint8_t	*rdata;			/* TXT and others, raw */
	uint16_t	rdlen;
};

struct mdns_packet {
	uint16_t	id;
	uint16_t	flags;
	size_t		nquestions;
	size_t		nrecords;		/* all three sections */
	bool		skipped;		/* more than we keep were present */
	struct mdns_question questions[MDNS_MAX_QUESTIONS];
	struct mdns_rr	records[MDNS_MAX_RECORDS];
};

/*
 * Decode len bytes of pkt into *out. Returns 0, or -1 for a malformed
 * packet: truncated anywhere, a count larger than the data, a compression
 * pointer that does not point backwards, a name over 255 bytes, an rdata
 * that does not match its type. out->records[].rdata points into pkt.
 */
int	mdns_parse(const uint8_t *pkt, size_t len, struct mdns_packet *out);

/* Read a possibly compressed name at *off into name; advance *off. */
int	mdns_name_read(const uint8_t *pkt, size_t len, size_t *off,
	    struct mdns_name *name);

/* Build a name from labels (each a C string, non-empty, <= 63 bytes). */
int	mdns_name_make(struct mdns_name *, const char *const *labels,
	    size_t n);
/* Prepend one label to a name; -1 if it does not fit. */
int	mdns_name_prepend(struct mdns_name *, const char *label);
/* Case-insensitive (ASCII) equality of two names. */
bool	mdns_name_equal(const struct mdns_name *, const struct mdns_name *);
/* Whether name is exactly one label followed by parent. */
bool	mdns_name_is_child(const struct mdns_name *name,
	    const struct mdns_name *parent);
/* Copy the first label, sanitised, as a C string (see mdns_text_clean). */
void	mdns_name_first_label(const struct mdns_name *, char *buf,
	    size_t size);
/* The name as dotted text, sanitised, for logs. */
void	mdns_name_text(const struct mdns_name *, char *buf, size_t size);

/*
 * Copy untrusted bytes to buf as printable UTF-8: control characters
 * (C0, DEL, C1) and invalid sequences become '?'. Always terminates.
 */
void	mdns_text_clean(const uint8_t *src, size_t len, char *buf,
	    size_t size);

/* Find key in TXT rdata; copies its value (raw) and returns its length,
 * or -1 if absent. A key without '=' gives 0. */
int	mdns_txt_get(const uint8_t *rdata, size_t rdlen, const char *key,
	    char *value, size_t size);
/* Append "key=value" as one TXT string; -1 if it does not fit. */
int	mdns_txt_add(uint8_t *rdata, size_t size, size_t *len,
	    const char *key, const char *value);

/* Whether two records carry the same rdata (names compared uncompressed). */
bool	mdns_rr_same_rdata(const struct mdns_rr *, const struct mdns_rr *);
/* Order two records' (class, type, rdata) as RFC 6762 §8.2 tie-breaking. */
int	mdns_rr_compare(const struct mdns_rr *, const struct mdns_rr *);

/* Packet builder with name compression; sections must come in order. */
struct mdns_writer {
	uint8_t		*buf;
	size_t		 size;
	size_t		 len;
	bool		 overflow;
	uint16_t	 counts[4];		/* questions, then the sections */
	size_t		 nnames;
	uint16_t	 names[64];		/* offsets of names written */
};

void	mdns_writer_init(struct mdns_writer *, uint8_t *buf, size_t size,
	    uint16_t id, uint16_t flags);
int	mdns_writer_question(struct mdns_writer *, const struct mdns_name *,
	    uint16_t type, bool unicast);
int	mdns_writer_rr(struct mdns_writer *, const struct mdns_rr *);
/* Patch the counts; returns the length, or -1 if anything overflowed. */
int	mdns_writer_finish(struct mdns_writer *);

#endif
