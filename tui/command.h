/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The input line's commands: "/join #r" -> IRC lines or local actions. */
#ifndef COMMAND_H
#define COMMAND_H

#include <stdbool.h>
#include <stddef.h>

struct prefs;
struct window;

#define COMMAND_ARGS_MAX	16

struct command_args {
	int	 argc;
	char	*argv[COMMAND_ARGS_MAX];
	char	*copy;		/* argv points into it */
};

typedef void command_fn(struct window *, struct command_args *);

struct command {
	const char	*name;
	command_fn	*fn;
	int		 min;	/* arguments needed */
	int		 max;	/* the last one takes the rest of the line */
	const char	*usage;
	const char	*help;
};

/* What only the program around the model can do. */
struct command_hooks {
	void	(*quit)(const char *reason);
	void	(*discover)(void);
	void	(*prefs_changed)(const char *key);	/* after /set; or NULL */
};

void		 command_set_hooks(const struct command_hooks *);
/* The settings /set shows, changes and saves. */
void		 command_set_prefs(struct prefs *);

/* Run one line of input typed in the current window (a command, "//x" to
 * send "/x", or text for the window's room or peer). */
void		 command_input(const char *line);

/* The command called name (case-insensitive, without '/'), or NULL. */
const struct command *command_find(const char *name);
/* The table, in order, for /help and completion. */
const struct command *command_table(size_t *n);

/* Split args for cmd into a; -1 when the count is outside [min, max]
 * (a->copy is freed then). command_args_free frees a successful split. */
int		 command_split(const struct command *, const char *args,
		    struct command_args *);
void		 command_args_free(struct command_args *);
/* Whether a typed line holds a password (/oper, /register): such lines
 * stay out of the input history. */
bool		 command_secret(const char *line);

/* Parse "host", "host:port", "[v6]:port" or "v6"; -1 if malformed. */
int		 command_hostport(const char *, char *host, size_t size,
		    int *port);
/* Whether HOST:PORT or [V6]:PORT names a port (a bare IPv6 does not). */
bool	command_has_port(const char *);

#endif
