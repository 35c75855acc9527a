/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Our own input layer below readline: readline only ever sees keys it
 * knows, and bracketed paste never reaches it (readline 8.2 reads past a
 * buffer when the end marker comes late). */

#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "xmalloc.h"

#define KEYS_SEQ_MAX	32	/* longer "sequences" are noise */
#define PASTE_END	"\033[201~"
#define PASTE_END_LEN	6

static bool	keys_csi(struct keys *, const char *, size_t, struct key *,
		    bool);
static bool	keys_paste(struct keys *, struct key *);
static void	keys_take(struct keys *, size_t);

void
keys_init(struct keys *k)
{
	memset(k, 0, sizeof *k);
}

void
keys_free(struct keys *k)
{
	free(k->buf);
	free(k->paste);
	keys_init(k);
}

void
keys_feed(struct keys *k, const char *data, size_t len)
{
	if (k->off > 0) {	/* drop what was consumed */
		memmove(k->buf, k->buf + k->off, k->len - k->off);
		k->len -= k->off;
		k->off = 0;
	}
	if (k->len + len > k->cap) {
		k->cap = k->len + len + 256;
		k->buf = xrealloc(k->buf, k->cap);
	}
	memcpy(k->buf + k->len, data, len);
	k->len += len;
}

bool
keys_pending(const struct keys *k)
{
	return (k->len > k->off);
}

/* Consume n bytes. */
static void
keys_take(struct keys *k, size_t n)
{
	k->off += n;
}

/* Inside a paste: collect up to the end marker. */
static bool
keys_paste(struct keys *k, struct key *key)
{
	const char	*p = k->buf + k->off, *end;
	size_t		 avail = k->len - k->off, n, copy;

	end = memmem(p, avail, PASTE_END, PASTE_END_LEN);
	n = end != NULL ? (size_t)(end - p) : avail;
	if (end == NULL && n >= PASTE_END_LEN - 1)
		n -= PASTE_END_LEN - 1;	/* may be the start of the marker */
	else if (end == NULL)
		n = 0;
	copy = n < KEYS_PASTE_MAX - k->plen ? n : KEYS_PASTE_MAX - k->plen;
	if (k->plen + copy > k->pcap) {
		k->pcap = k->plen + copy + 1024;
		k->paste = xrealloc(k->paste, k->pcap);
	}
	memcpy(k->paste + k->plen, p, copy);	/* past the limit: dropped */
	k->plen += copy;
	keys_take(k, n);
	if (end == NULL)
		return (false);
	keys_take(k, PASTE_END_LEN);
	k->pasting = false;
	key->type = KEYS_PASTE;
	key->data = k->paste;
	key->len = k->plen;
	k->plen = 0;
	return (true);
}

/* ESC [ params final, or ESC O x: what key it is. */
static bool
keys_csi(struct keys *k, const char *p, size_t avail, struct key *key,
    bool flush)
{
	static const struct {
		const char	*seq;
		enum keys_type	 type;
	} known[] = {
		{ "[A", KEYS_UP }, { "[B", KEYS_DOWN }, { "[C", KEYS_RIGHT },
		{ "[D", KEYS_LEFT }, { "[H", KEYS_HOME }, { "[F", KEYS_END },
		{ "OA", KEYS_UP }, { "OB", KEYS_DOWN }, { "OC", KEYS_RIGHT },
		{ "OD", KEYS_LEFT }, { "OH", KEYS_HOME }, { "OF", KEYS_END },
		{ "[1~", KEYS_HOME }, { "[7~", KEYS_HOME }, { "[4~", KEYS_END },
		{ "[8~", KEYS_END }, { "[3~", KEYS_DELETE },
		{ "[5~", KEYS_PGUP }, { "[6~", KEYS_PGDN },
		{ "[1;5D", KEYS_WORD_LEFT }, { "[1;5C", KEYS_WORD_RIGHT },
		{ "[1;3D", KEYS_WORD_LEFT }, { "[1;3C", KEYS_WORD_RIGHT },
	};
	size_t	i, n;

	if (p[1] == 'O') {
		if (avail < 3) {
			if (!flush)
				return (false);
			n = avail;
		} else
			n = 3;
	} else {
		for (n = 2; n < avail && n < KEYS_SEQ_MAX; n++) {
			if ((unsigned char)p[n] >= 0x40 &&
			    (unsigned char)p[n] <= 0x7e)
				break;
		}
		if (n == avail && !flush)
			return (false);
		n = n < avail ? n + 1 : avail;
	}
	keys_take(k, n);
	key->type = KEYS_IGNORED;
	if (n == 6 && memcmp(p + 1, "[200~", 5) == 0) {
		k->pasting = true;
		k->plen = 0;
		return (true);
	}
	for (i = 0; i < sizeof known / sizeof known[0]; i++) {
		if (strlen(known[i].seq) == n - 1 &&
		    memcmp(known[i].seq, p + 1, n - 1) == 0)
			key->type = known[i].type;
	}
	return (true);
}

bool
keys_next(struct keys *k, struct key *key, bool flush)
{
	const char	*p, *esc;
	size_t		 avail;

	memset(key, 0, sizeof *key);
	for (;;) {
		if (k->pasting) {
			if (!keys_paste(k, key))
				return (false);
			return (true);
		}
		p = k->buf + k->off;
		avail = k->len - k->off;
		if (avail == 0)
			return (false);
		if (*p != '\033') {
			esc = memchr(p, '\033', avail);
			key->type = KEYS_BYTES;
			key->data = p;
			key->len = esc != NULL ? (size_t)(esc - p) : avail;
			keys_take(k, key->len);
			return (true);
		}
		if (avail == 1) {
			if (!flush)
				return (false);
			keys_take(k, 1);
			key->type = KEYS_ESC;
			return (true);
		}
		if (p[1] == '[' || p[1] == 'O') {
			if (!keys_csi(k, p, avail, key, flush))
				return (false);
			if (k->pasting)
				continue;
			return (true);
		}
		if (p[1] == '\033') {
			keys_take(k, 1);
			key->type = KEYS_ESC;
			return (true);
		}
		keys_take(k, 2);
		key->type = KEYS_ALT;
		key->byte = (unsigned char)p[1];
		return (true);
	}
}
