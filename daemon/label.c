/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* labeled-response: holding, tagging and batching one command's reply. */

#include <stdio.h>
#include <string.h>

#include "xmalloc.h"
#include "irc_msg.h"
#include "irc_tags.h"
#include "daemon.h"
#include "conn.h"
#include "label.h"

enum label_state { LABEL_HOLD, LABEL_BATCH, LABEL_TAKEN };

struct label {
	enum label_state	 state;
	bool			 active;	/* lines pass through the label */
	bool			 paced;		/* a paced reply holds the batch */
	int			 deferred;	/* replies still to come (a
						 * cluster's echo or nick claim) */
	char			 tag[LABEL_MAX * 2 + 8];	/* "label=..." */
	char			 ref[16];
	int			 nheld;
	size_t			 heldlen;
	char			 held[IRC_FRAME_MAX + 3];
};

static void	label_emit(struct conn *, const char *, const char *, size_t);
static void	label_open(struct conn *, struct label *);

/* Queue line with one more tag in front of the tags it has. */
static void
label_emit(struct conn *c, const char *tag, const char *line, size_t len)
{
	char	buf[IRC_FRAME_MAX + sizeof ((struct label *)0)->tag + 8];
	size_t	n = strlen(tag);

	if (len + n + 2 > sizeof buf)
		return;
	buf[0] = '@';
	memcpy(buf + 1, tag, n);
	if (len > 0 && line[0] == '@') {
		buf[n + 1] = ';';
		memcpy(buf + n + 2, line + 1, len - 1);
		n += len + 1;
	} else {
		buf[n + 1] = ' ';
		memcpy(buf + n + 2, line, len);
		n += len + 2;
	}
	conn_queue(c, buf, n);
}

/* Start the labeled-response batch, with the held line in it. */
static void
label_open(struct conn *c, struct label *l)
{
	static unsigned int	serial;
	char			line[IRC_LINE_MAX], btag[32];
	int			n;

	snprintf(l->ref, sizeof l->ref, "lr%u", ++serial);
	n = snprintf(line, sizeof line, ":%s BATCH +%s labeled-response\r\n",
	    cfg.name, l->ref);
	label_emit(c, l->tag, line, (size_t)n);
	snprintf(btag, sizeof btag, "batch=%s", l->ref);
	if (l->nheld != 0)
		label_emit(c, btag, l->held, l->heldlen);
	l->nheld = 0;
	l->state = LABEL_BATCH;
}

/* Hold the command's first line; from the second on it is a batch. */
bool
label_send(struct conn *c, const char *buf, size_t len)
{
	struct label	*l = c->label;
	char		 btag[32];

	if (!l->active || l->state == LABEL_TAKEN)
		return (false);
	if (l->state == LABEL_HOLD && l->nheld == 0 &&
	    len <= sizeof l->held) {
		memcpy(l->held, buf, len);
		l->heldlen = len;
		l->nheld = 1;
		return (true);
	}
	if (l->state == LABEL_HOLD)
		label_open(c, l);
	snprintf(btag, sizeof btag, "batch=%s", l->ref);
	label_emit(c, btag, buf, len);
	return (true);
}

/* Labeled command begins (a paced reply still open keeps its own). */
void
label_begin(struct conn *c, const char *value)
{
	struct label	*l;

	if (c->label != NULL)
		return;
	l = xcalloc(1, sizeof *l);
	memcpy(l->tag, "label=", 6);
	if (irc_tags_escape(value, l->tag + 6, sizeof l->tag - 6) < 0) {
		free(l);
		return;
	}
	l->active = true;
	c->label = l;
}

/* The command is done: ACK, one labeled line, or the batch's end. */
void
label_end(struct conn *c)
{
	struct label	*l = c->label;
	char		 line[IRC_LINE_MAX];
	int		 n;

	if (l == NULL || l->paced)
		return;
	if ((c->flags & CONN_CLOSING) || l->state == LABEL_TAKEN) {
		label_free(c);
		return;
	}
	l->active = false;
	if (l->deferred > 0)
		return;			/* label_resumed() ends it */
	if (c->more != NULL) {
		if (l->state == LABEL_HOLD)
			label_open(c, l);
		l->paced = true;
		return;
	}
	if (l->state == LABEL_BATCH) {
		n = snprintf(line, sizeof line, ":%s BATCH -%s\r\n", cfg.name,
		    l->ref);
		conn_queue(c, line, (size_t)n);
	} else if (l->nheld == 0) {
		n = snprintf(line, sizeof line, ":%s ACK\r\n", cfg.name);
		label_emit(c, l->tag, line, (size_t)n);
	} else
		label_emit(c, l->tag, l->held, l->heldlen);
	label_free(c);
}

/* One more part of the reply comes after the command returned. */
bool
label_defer(struct conn *c)
{
	if (c->label == NULL || !c->label->active || c->label->paced)
		return (false);
	c->label->deferred++;
	return (true);
}

/* A deferred part is being sent: its lines join the reply. */
void
label_resume(struct conn *c)
{
	if (c->label != NULL && c->label->deferred > 0)
		c->label->active = true;
}

/* That part is sent; after the last one the reply ends as label_end
 * (true then). */
bool
label_resumed(struct conn *c)
{
	if (c->label == NULL || c->label->deferred == 0)
		return (true);
	if (--c->label->deferred > 0) {
		c->label->active = false;
		return (false);
	}
	label_end(c);
	return (true);
}

/* Hand the label to a reply that carries it on its own batch. */
char *
label_take(struct conn *c)
{
	struct label	*l = c->label;

	if (l == NULL || l->state != LABEL_HOLD || l->nheld != 0 ||
	    !l->active)
		return (NULL);
	l->state = LABEL_TAKEN;
	return (xstrdup(l->tag + 6));
}

/* Lines of a paced reply's producer join the open batch. */
void
label_more(struct conn *c, bool on)
{
	if (c->label != NULL && c->label->paced)
		c->label->active = on;
}

/* The paced reply is over: end its batch. */
void
label_more_done(struct conn *c)
{
	char	line[IRC_LINE_MAX];
	int	n;

	if (c->label == NULL || !c->label->paced)
		return;
	c->label->active = false;
	n = snprintf(line, sizeof line, ":%s BATCH -%s\r\n", cfg.name,
	    c->label->ref);
	conn_queue(c, line, (size_t)n);
	label_free(c);
}

/* Drop the label state (the reply is out, or the conn is gone). */
void
label_free(struct conn *c)
{
	free(c->label);
	c->label = NULL;
}
