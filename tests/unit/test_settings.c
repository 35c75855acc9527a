/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The config parser: keys, bounds, FILE:LINE errors, --set, the MOTD. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "settings.h"

static char	path[64];

/* Write text to a fresh temporary file; its name goes to path. */
static void
write_file(const char *text)
{
	int	fd;

	strcpy(path, "/tmp/test_config.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd != -1);
	assert_int_equal(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
}

static void
test_defaults(void **state)
{
	struct settings	cfg;

	settings_init(&cfg);
	assert_non_null(cfg.name);
	assert_string_equal(cfg.network, "tui-chat");
	assert_int_equal(cfg.line_length, 512);
	assert_true(cfg.sendq > 0);
	assert_true(cfg.flood_limit > 0);
	assert_null(cfg.password);
	settings_free(&cfg);
}

/* The second version's value types: on/off, sizes, ages; state_dir. */
static void
test_typed_values(void **state)
{
	struct settings	 cfg;
	char		*cause = NULL;

	settings_init(&cfg);
	assert_true(cfg.history);
	assert_int_equal(settings_set(&cfg, "history", "off", &cause), 0);
	assert_false(cfg.history);
	assert_int_equal(settings_set(&cfg, "history", "YES", &cause), 0);
	assert_true(cfg.history);
	assert_int_equal(settings_set(&cfg, "history", "maybe", &cause), -1);
	assert_string_equal(cause, "bad value for history: \"maybe\" (on or off)");
	free(cause);

	assert_int_equal(settings_set(&cfg, "upload_max", "2G", &cause), 0);
	assert_true(cfg.upload_max == 2ULL << 30);
	assert_int_equal(settings_set(&cfg, "upload_max", "512k", &cause), 0);
	assert_true(cfg.upload_max == 512ULL << 10);
	assert_int_equal(settings_set(&cfg, "upload_max", "77", &cause), 0);
	assert_true(cfg.upload_max == 77);
	assert_int_equal(settings_set(&cfg, "upload_max", "1T", &cause), -1);
	free(cause);
	assert_int_equal(settings_set(&cfg, "upload_max", "2GB", &cause), -1);
	free(cause);
	assert_int_equal(settings_set(&cfg, "upload_max", "0", &cause), -1);
	free(cause);
	assert_int_equal(settings_set(&cfg, "upload_max",
	    "99999999999G", &cause), -1);
	free(cause);

	assert_int_equal(settings_set(&cfg, "history_max_age", "7d", &cause),
	    0);
	assert_int_equal(cfg.history_max_age, 7 * 86400);
	assert_int_equal(settings_set(&cfg, "history_max_age", "90", &cause),
	    0);
	assert_int_equal(cfg.history_max_age, 90);
	assert_int_equal(settings_set(&cfg, "files_max_age", "2w", &cause), 0);
	assert_int_equal(cfg.files_max_age, 14 * 86400);
	assert_int_equal(settings_set(&cfg, "files_max_age", "3y", &cause), -1);
	free(cause);
	assert_int_equal(settings_set(&cfg, "history_sync_ms", "0", &cause),
	    -1);
	free(cause);

	assert_null(cfg.state_dir);
	setenv("XDG_STATE_HOME", "/srv/state", 1);
	assert_int_equal(settings_finish(&cfg, &cause), 0);
	assert_string_equal(cfg.state_dir, "/srv/state/tui-chatd");
	settings_free(&cfg);

	settings_init(&cfg);
	assert_int_equal(settings_set(&cfg, "state_dir", "/var/lib/x", &cause),
	    0);
	assert_int_equal(settings_finish(&cfg, &cause), 0);
	assert_string_equal(cfg.state_dir, "/var/lib/x");
	settings_free(&cfg);
}

static void
test_set(void **state)
{
	struct settings	 cfg;
	char		*cause = NULL;

	settings_init(&cfg);
	assert_int_equal(settings_set(&cfg, "flood_limit", "0", &cause), 0);
	assert_int_equal(cfg.flood_limit, 0);
	assert_int_equal(settings_set_arg(&cfg, "sendq=65536", &cause), 0);
	assert_int_equal(cfg.sendq, 65536);
	assert_int_equal(settings_set_arg(&cfg, "password=a b=c", &cause), 0);
	assert_string_equal(cfg.password, "a b=c");

	assert_int_equal(settings_set(&cfg, "nosuchkey", "1", &cause), -1);
	assert_string_equal(cause, "unknown key: nosuchkey");
	free(cause);
	assert_int_equal(settings_set(&cfg, "max_clients", "-1", &cause), -1);
	free(cause);
	assert_int_equal(settings_set(&cfg, "max_clients", "12x", &cause), -1);
	free(cause);
	assert_int_equal(settings_set(&cfg, "ping_interval", "0", &cause), -1);
	free(cause);
	assert_int_equal(settings_set(&cfg, "line_length", "513", &cause), -1);
	free(cause);
	assert_int_equal(settings_set(&cfg, "max_clients",
	    "99999999999999999999", &cause), -1);
	free(cause);
	assert_int_equal(settings_set_arg(&cfg, "novalue", &cause), -1);
	free(cause);
	assert_int_equal(settings_set_arg(&cfg, "=x", &cause), -1);
	free(cause);
	assert_int_equal(settings_set(&cfg, "name", "", &cause), -1);
	free(cause);
	settings_free(&cfg);
}

static void
test_load(void **state)
{
	struct settings	 cfg;
	char		*cause = NULL;

	write_file("# a comment\n"
	    "name = lan.server\n"
	    "\n"
	    "max_per_ip = 3\n"
	    "   flood_limit=0\n"
	    "motd = one\\ntwo\n");
	settings_init(&cfg);
	assert_int_equal(settings_load(&cfg, path, &cause), 0);
	assert_string_equal(cfg.name, "lan.server");
	assert_int_equal(cfg.max_per_ip, 3);
	assert_int_equal(cfg.flood_limit, 0);
	assert_int_equal(settings_finish(&cfg, &cause), 0);
	assert_int_equal(cfg.motd_count, 2);
	assert_string_equal(cfg.motd_lines[0], "one");
	assert_string_equal(cfg.motd_lines[1], "two");
	settings_free(&cfg);
	unlink(path);
}

static void
test_errors_have_lines(void **state)
{
	struct settings	 cfg;
	char		*cause = NULL, want[128];

	write_file("name = x\n# fine\nbogus = 1\nsendq = 2\n");
	settings_init(&cfg);
	assert_int_equal(settings_load(&cfg, path, &cause), -1);
	snprintf(want, sizeof want, "%s:3: unknown key: bogus", path);
	assert_string_equal(cause, want);
	free(cause);
	settings_free(&cfg);
	unlink(path);

	write_file("name = x\nreg_timeout = soon\n");
	settings_init(&cfg);
	assert_int_equal(settings_load(&cfg, path, &cause), -1);
	snprintf(want, sizeof want, "%s:2: bad value", path);
	assert_true(strncmp(cause, want, strlen(want)) == 0);
	free(cause);
	settings_free(&cfg);
	unlink(path);

	write_file("name = x\n\njust some words\n");
	settings_init(&cfg);
	assert_int_equal(settings_load(&cfg, path, &cause), -1);
	snprintf(want, sizeof want, "%s:3: syntax error", path);
	assert_true(strncmp(cause, want, strlen(want)) == 0);
	free(cause);
	settings_free(&cfg);
	unlink(path);

	settings_init(&cfg);
	assert_int_equal(settings_load(&cfg, "/nonexistent/tui-chatd.conf",
	    &cause), -1);
	assert_non_null(strstr(cause, "/nonexistent/tui-chatd.conf: "));
	free(cause);
	settings_free(&cfg);
}

static void
test_motd_file(void **state)
{
	struct settings	 cfg;
	char		*cause = NULL;

	write_file("first line\r\nsecond\n\nlast");
	settings_init(&cfg);
	assert_int_equal(settings_set(&cfg, "motd_file", path, &cause), 0);
	assert_int_equal(settings_finish(&cfg, &cause), 0);
	assert_int_equal(cfg.motd_count, 4);
	assert_string_equal(cfg.motd_lines[0], "first line");
	assert_string_equal(cfg.motd_lines[2], "");
	assert_string_equal(cfg.motd_lines[3], "last");
	settings_free(&cfg);
	unlink(path);

	settings_init(&cfg);
	assert_int_equal(settings_set(&cfg, "motd_file", "/nonexistent/motd",
	    &cause), 0);
	assert_int_equal(settings_finish(&cfg, &cause), -1);
	free(cause);
	settings_free(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_typed_values),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_errors_have_lines),
		cmocka_unit_test(test_motd_file),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
