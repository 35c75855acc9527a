# SPDX-License-Identifier: GPL-3.0-or-later
# Unit tests of the daemon's registries and config parser (cmocka).
daemon_unit_tests = tests/unit/test_room tests/unit/test_user \
	tests/unit/test_settings tests/unit/test_outbuf tests/unit/test_store
daemon_unit_tests += tests/unit/test_account
daemon_unit_tests += tests/unit/test_cluster_msg
daemon_unit_tests += tests/unit/test_store_redis
check_PROGRAMS += $(daemon_unit_tests)
TESTS += $(daemon_unit_tests)

DAEMON_UNIT_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon

tests_unit_test_room_SOURCES = tests/unit/test_room.c daemon/room.c \
	daemon/user.c daemon/table.c daemon/line.c
tests_unit_test_room_CPPFLAGS = $(DAEMON_UNIT_CPPFLAGS)
tests_unit_test_room_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_room_LDADD = $(UNIT_LDADD)

tests_unit_test_user_SOURCES = tests/unit/test_user.c daemon/user.c \
	daemon/table.c
tests_unit_test_user_CPPFLAGS = $(DAEMON_UNIT_CPPFLAGS)
tests_unit_test_user_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_user_LDADD = $(UNIT_LDADD)

tests_unit_test_outbuf_SOURCES = tests/unit/test_outbuf.c daemon/outbuf.c
tests_unit_test_outbuf_CPPFLAGS = $(DAEMON_UNIT_CPPFLAGS)
tests_unit_test_outbuf_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_outbuf_LDADD = $(UNIT_LDADD)

tests_unit_test_store_SOURCES = tests/unit/test_store.c daemon/store.c \
	daemon/store_sqlite.c daemon/store_chunk.c daemon/table.c daemon/msgid.c
tests_unit_test_store_SOURCES += daemon/store_redis.c \
	daemon/store_redis_line.c daemon/redis_reader.c
tests_unit_test_store_CPPFLAGS = $(DAEMON_UNIT_CPPFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_store_CPPFLAGS += $(HIREDIS_CFLAGS)
tests_unit_test_store_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_store_LDADD = $(UNIT_LDADD) $(SQLITE_LIBS) -lpthread
tests_unit_test_store_LDADD += $(HIREDIS_LIBS)

tests_unit_test_settings_SOURCES = tests/unit/test_settings.c daemon/settings.c
tests_unit_test_settings_CPPFLAGS = $(DAEMON_UNIT_CPPFLAGS) $(INIH_CFLAGS)
tests_unit_test_settings_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_settings_LDADD = $(UNIT_LDADD) $(INIH_LIBS)

tests_unit_test_account_SOURCES = tests/unit/test_account.c \
	daemon/account.c
tests_unit_test_account_CPPFLAGS = $(DAEMON_UNIT_CPPFLAGS) $(SQLITE_CFLAGS) \
	$(ARGON2_CFLAGS)
tests_unit_test_account_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_account_LDADD = $(UNIT_LDADD) $(SQLITE_LIBS) $(ARGON2_LIBS) \
	-lpthread

# The daemon's own smoke test (the protocol suites are in local.mk there).
TESTS += tests/integration/daemon_basic.sh
EXTRA_DIST += tests/integration/daemon_basic.sh

tests_unit_test_cluster_msg_SOURCES = tests/unit/test_cluster_msg.c \
	daemon/cluster_msg.c
tests_unit_test_cluster_msg_CPPFLAGS = $(DAEMON_UNIT_CPPFLAGS)
tests_unit_test_cluster_msg_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_cluster_msg_LDADD = $(UNIT_LDADD)

tests_unit_test_store_redis_SOURCES = tests/unit/test_store_redis.c \
	daemon/store_redis_line.c daemon/redis_reader.c daemon/msgid.c
tests_unit_test_store_redis_CPPFLAGS = $(DAEMON_UNIT_CPPFLAGS) $(HIREDIS_CFLAGS)
tests_unit_test_store_redis_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_store_redis_LDADD = $(UNIT_LDADD) $(HIREDIS_LIBS)
