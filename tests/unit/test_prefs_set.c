/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* /set's half of the client settings: get and set by key, and saving one
 * key into the config file with everything else kept. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "prefs.h"

static char	dir[] = "/tmp/test_prefs_set.XXXXXX";
static char	path[256];

static char *
slurp(void)
{
	static char	buf[4096];
	FILE		*f = fopen(path, "r");
	size_t		 n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return (buf);
}

static void
test_get_set(void **state)
{
	struct prefs	 cfg;
	char		*cause = NULL, *v;

	prefs_defaults(&cfg);
	assert_int_equal(prefs_set_key(&cfg, "nicklist_width", "30", &cause),
	    0);
	assert_int_equal(cfg.nicklist_width, 30);
	v = prefs_get(&cfg, "nicklist_width");
	assert_string_equal(v, "30");
	free(v);
	assert_int_equal(prefs_set_key(&cfg, "nicklist", "off", &cause), 0);
	v = prefs_get(&cfg, "nicklist");
	assert_string_equal(v, "no");
	free(v);
	prefs_add_join(&cfg, "#old");
	assert_int_equal(prefs_set_key(&cfg, "join", "#a, #b", &cause), 0);
	v = prefs_get(&cfg, "join");
	assert_string_equal(v, "#a,#b");
	free(v);
	assert_int_equal(prefs_set_key(&cfg, "join", "#a, bad", &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(cfg.njoin, 2);
	assert_int_equal(prefs_set_key(&cfg, "nope", "1", &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(prefs_set_key(&cfg, "realname", "a ; b", &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(prefs_set_key(&cfg, "notify", "loud", &cause), -1);
	free(cause);
	assert_null(prefs_get(&cfg, "nope"));
	assert_string_equal(prefs_key(0), "colors");
	prefs_free(&cfg);
}

static void
test_save(void **state)
{
	struct prefs	 cfg;
	char		*cause = NULL;
	FILE		*f;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/sub/config", dir);
	prefs_defaults(&cfg);
	cfg.path = strdup(path);
	assert_int_equal(prefs_save(&cfg, "nick", "ann", &cause), 0);
	assert_string_equal(slurp(), "nick = ann\n");
	f = fopen(path, "w");
	fputs("# mine\nnick=bob\n[x]\n nick : carol\ntime_format = %H", f);
	fclose(f);
	assert_int_equal(prefs_save(&cfg, "nick", "dan", &cause), 0);
	assert_string_equal(slurp(), "# mine\nnick = dan\n[x]\n"
	    "time_format = %H");
	assert_int_equal(prefs_save(&cfg, "log", "no", &cause), 0);
	assert_string_equal(slurp(), "# mine\nnick = dan\n[x]\n"
	    "time_format = %H\nlog = no\n");
	prefs_free(&cfg);
	prefs_defaults(&cfg);
	assert_int_equal(prefs_load(&cfg, path, &cause), 0);
	assert_string_equal(cfg.nick, "dan");
	assert_false(cfg.log);
	prefs_free(&cfg);
	unlink(path);
	snprintf(path, sizeof path, "%s/sub", dir);
	rmdir(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_set),
		cmocka_unit_test(test_save),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
