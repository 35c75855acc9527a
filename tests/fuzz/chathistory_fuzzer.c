/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/*
 * Fuzz CHATHISTORY against the real store: the daemon of the dispatch
 * target (fuzz_daemon.c) with its SQLite history in a temporary state
 * directory, where ann and bob said FUZZ_MSGS lines in #h (bob left and
 * came back once, and the topic changed: events too) before the first
 * input. Every input line becomes "CHATHISTORY <line>" from ann, who has
 * every capability CHATHISTORY's replies depend on; a line starting with
 * '@' keeps its tags in front ("@label=x CHATHISTORY ..."). Stand-ins
 * reach what a mutation cannot guess: "$A", "$M" and "$Z" become the
 * msgids of the first, middle and last line, "$a", "$m" and "$z" their
 * times ("timestamp=$m").
 *
 * The queries only read, and the store has committed everything before
 * they run, so each runs at once and every input meets the same history.
 * What ann gets must be whole lines (the daemon harness checks) with every
 * BATCH it opens closed again by the end of the input.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "fuzz_daemon.h"
#include "irc_msg.h"
#include "log.h"
#include "xmalloc.h"
#include "settings.h"
#include "conn.h"
#include "daemon.h"
#include "dispatch.h"
#include "history.h"
#include "store.h"
#include "user.h"

#define FUZZ_TURNS	16
#define FUZZ_MSGS	120
#define FUZZ_ROOM	"#h"
#define FUZZ_VERB	"CHATHISTORY "
#define FUZZ_REF_MAX	64		/* "timestamp=...Z" or a msgid */
#define FUZZ_SUBST_MAX	8

static bool		 fuzz_ready;
static char		 fuzz_state[64];
static struct conn	*fuzz_ann, *fuzz_bob;
static bool		 fuzz_capture;	/* setup: note bob's PRIVMSGs */
static char		 fuzz_ids[FUZZ_MSGS][FUZZ_REF_MAX];
static char		 fuzz_times[FUZZ_MSGS][FUZZ_REF_MAX];
static size_t		 fuzz_nmsgs;
static int		 fuzz_batches;	/* open at ann */

static void	fuzz_setup(void);
static void	fuzz_cleanup(void);
static void	fuzz_failed(const char *, void *);
static void	fuzz_watch(struct conn *, const char *, size_t);
static void	fuzz_tag(const char *, const char *, char *);
static struct conn *fuzz_client(int, const char *);
static void	fuzz_say(struct conn *, const char *);
static const char *fuzz_ref(char);
static void	fuzz_send(const uint8_t *, size_t);

/* The history store failed: a finding too. */
static void
fuzz_failed(const char *why, void *arg)
{
	fatalx("history failed: %s", why);
}

/* At exit: the database and the temporary directory go. */
static void
fuzz_cleanup(void)
{
	const char	*const files[] = { "history.db", "history.db-wal",
			    "history.db-shm", "history.db-journal" };
	char		 path[sizeof fuzz_state + 32];
	size_t		 i;

	history_close();
	for (i = 0; i < nitems(files); i++) {
		snprintf(path, sizeof path, "%s/%s", fuzz_state, files[i]);
		unlink(path);
	}
	if (rmdir(fuzz_state) != 0)
		log_warn("%s", fuzz_state);
}

/* The value of tag name in line's tags into out ("" if absent). */
static void
fuzz_tag(const char *line, const char *name, char *out)
{
	const char	*p, *end;
	size_t		 n = strlen(name);

	out[0] = '\0';
	if (line[0] != '@' || (end = strchr(line, ' ')) == NULL)
		return;
	for (p = line + 1; p < end; p++) {
		if ((p == line + 1 || p[-1] == ';') &&
		    strncmp(p, name, n) == 0 && p[n] == '=') {
			p += n + 1;
			n = strcspn(p, "; ");
			if (n < FUZZ_REF_MAX) {
				memcpy(out, p, n);
				out[n] = '\0';
			}
			return;
		}
	}
}

/* During setup, the msgid and time of each message bob sees; at ann,
 * the BATCH brackets. */
static void
fuzz_watch(struct conn *c, const char *line, size_t len)
{
	char		 buf[IRC_FRAME_MAX + 1];
	struct irc_msg	 m;

	if ((c != fuzz_bob && c != fuzz_ann) || len > IRC_FRAME_MAX)
		return;
	memcpy(buf, line, len - 2);	/* the sink saw the CRLF */
	buf[len - 2] = '\0';
	if (c == fuzz_bob && fuzz_capture && fuzz_nmsgs < FUZZ_MSGS &&
	    strstr(buf, " PRIVMSG " FUZZ_ROOM " :") != NULL) {
		fuzz_tag(buf, "msgid", fuzz_ids[fuzz_nmsgs]);
		fuzz_tag(buf, "time", fuzz_times[fuzz_nmsgs]);
		FUZZ_CHECK(fuzz_ids[fuzz_nmsgs][0] != '\0' &&
		    fuzz_times[fuzz_nmsgs][0] != '\0');
		fuzz_nmsgs++;
	}
	if (c != fuzz_ann)
		return;
	FUZZ_CHECK(irc_msg_parse(&m, buf, len - 2) == IRC_PARSE_OK);
	if (strcmp(m.verb, "BATCH") != 0 || m.nparams < 1)
		return;
	if (m.params[0][0] == '+')
		fuzz_batches++;
	else if (m.params[0][0] == '-')
		fuzz_batches--;
	FUZZ_CHECK(fuzz_batches >= 0);
}

/* A client registered as nick, in #h. */
static struct conn *
fuzz_client(int port, const char *nick)
{
	struct conn	*c;
	char		 reg[512];

	snprintf(reg, sizeof reg, "CAP LS 302\r\nCAP REQ :batch server-time "
	    "message-tags labeled-response echo-message draft/chathistory "
	    "draft/event-playback\r\nNICK %s\r\nUSER %s 0 * :Fuzz\r\n"
	    "CAP END\r\nJOIN " FUZZ_ROOM "\r\n", nick, nick);
	c = fuzz_daemon_connect(port);
	conn_feed(c, reg, strlen(reg));
	fuzz_daemon_turn();
	FUZZ_CHECK(c->user != NULL && c->user->listed);
	return (c);
}

/* c sends line (CRLF added), and the daemon runs it. */
static void
fuzz_say(struct conn *c, const char *line)
{
	char	buf[512];
	int	n = snprintf(buf, sizeof buf, "%s\r\n", line);

	FUZZ_CHECK(n > 0 && (size_t)n < sizeof buf);
	conn_feed(c, buf, (size_t)n);
	fuzz_daemon_turn();
}

/* Once per process: the daemon, the store, the history. */
static void
fuzz_setup(void)
{
	char		*cause, line[128];
	int		 i;

	fuzz_daemon_setup("chathistory_fuzzer", &dispatch_conn_events);
	strlcpy(fuzz_state, fuzz_daemon_state_dir("hist"), sizeof fuzz_state);
	if (history_open(fuzz_daemon_base(), fuzz_failed, NULL, &cause) != 0)
		fatalx("%s", cause);
	atexit(fuzz_cleanup);
	fuzz_daemon_watch(fuzz_watch);
	fuzz_ann = fuzz_client(40300, "ann");
	fuzz_bob = fuzz_client(40301, "bob");
	fuzz_capture = true;
	for (i = 0; i < FUZZ_MSGS; i++) {
		snprintf(line, sizeof line, "PRIVMSG " FUZZ_ROOM " :line %d", i);
		fuzz_say(i % 10 == 3 ? fuzz_bob : fuzz_ann, line);
		if (i == FUZZ_MSGS / 2)
			fuzz_say(fuzz_ann, "TOPIC " FUZZ_ROOM " :half way");
		if (i == FUZZ_MSGS / 3) {
			fuzz_say(fuzz_bob, "PART " FUZZ_ROOM " :brb");
			fuzz_say(fuzz_bob, "JOIN " FUZZ_ROOM);
		}
	}
	fuzz_capture = false;
	fuzz_say(fuzz_ann, "PRIVMSG bob :a private line");
	FUZZ_CHECK(fuzz_nmsgs == FUZZ_MSGS);
	store_flush(history_store());
	fuzz_daemon_turn();
	fuzz_ready = true;
}

/* What a stand-in means, or NULL. */
static const char *
fuzz_ref(char c)
{
	switch (c) {
	case 'A': return (fuzz_ids[0]);
	case 'M': return (fuzz_ids[FUZZ_MSGS / 2]);
	case 'Z': return (fuzz_ids[FUZZ_MSGS - 1]);
	case 'a': return (fuzz_times[0]);
	case 'm': return (fuzz_times[FUZZ_MSGS / 2]);
	case 'z': return (fuzz_times[FUZZ_MSGS - 1]);
	default: return (NULL);
	}
}

/* One input line as ann's CHATHISTORY, stand-ins replaced. */
static void
fuzz_send(const uint8_t *p, size_t n)
{
	char		 buf[IRC_FRAME_MAX + FUZZ_SUBST_MAX * FUZZ_REF_MAX + 32];
	const char	*ref;
	size_t		 len = 0, i = 0, subst = 0, tags;

	if (n > IRC_FRAME_MAX)
		n = IRC_FRAME_MAX;
	if (n > 0 && p[0] == '@') {	/* tags go first */
		tags = 0;
		while (tags < n && p[tags] != ' ')
			tags++;
		memcpy(buf, p, tags);
		len = tags;
		buf[len++] = ' ';
		i = tags < n ? tags + 1 : n;
	}
	memcpy(buf + len, FUZZ_VERB, sizeof FUZZ_VERB - 1);
	len += sizeof FUZZ_VERB - 1;
	for (; i < n; i++) {
		if (p[i] == '$' && i + 1 < n && subst < FUZZ_SUBST_MAX &&
		    (ref = fuzz_ref((char)p[i + 1])) != NULL) {
			memcpy(buf + len, ref, strlen(ref));
			len += strlen(ref);
			subst++;
			i++;
			continue;
		}
		buf[len++] = (char)p[i];
	}
	buf[len++] = '\r';
	buf[len++] = '\n';
	conn_feed(fuzz_ann, buf, len);
	fuzz_daemon_turn();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t	*p = data, *end = data + size, *lf;
	int		 t;

	if (!fuzz_ready)
		fuzz_setup();
	while (p < end) {
		lf = memchr(p, '\n', (size_t)(end - p));
		if (lf == NULL)
			lf = end;
		fuzz_send(p, (size_t)(lf - p));
		p = lf + 1;
	}
	for (t = 0; t < FUZZ_TURNS; t++)
		fuzz_daemon_turn();
	/* Every batch closed; ann and bob still there, in #h. */
	FUZZ_CHECK(fuzz_batches == 0);
	FUZZ_CHECK(conn_count() == 2 && fuzz_ann->user->nrooms == 1);
	fuzz_daemon_forget();
	return (0);
}
