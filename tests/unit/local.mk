# SPDX-License-Identifier: GPL-3.0-or-later
# Unit tests of the shared protocol core (cmocka, TAP through the driver).
UNIT_LDADD = shared/libshared.a $(CMOCKA_LIBS) $(LIBEVENT_LIBS) $(LIBBSD_LIBS)
UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)

shared_unit_tests = tests/unit/test_irc_msg tests/unit/test_irc_fmt \
	tests/unit/test_irc_frame tests/unit/test_irc_text \
	tests/unit/test_http_parse
check_PROGRAMS += $(shared_unit_tests)
TESTS += $(shared_unit_tests)

tests_unit_test_irc_msg_SOURCES = tests/unit/test_irc_msg.c
tests_unit_test_irc_msg_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_irc_msg_LDADD = $(UNIT_LDADD)
tests_unit_test_irc_fmt_SOURCES = tests/unit/test_irc_fmt.c
tests_unit_test_irc_fmt_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_irc_fmt_LDADD = $(UNIT_LDADD)
tests_unit_test_irc_frame_SOURCES = tests/unit/test_irc_frame.c
tests_unit_test_irc_frame_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_irc_frame_LDADD = $(UNIT_LDADD)
tests_unit_test_irc_text_SOURCES = tests/unit/test_irc_text.c
tests_unit_test_irc_text_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_irc_text_LDADD = $(UNIT_LDADD)
tests_unit_test_http_parse_SOURCES = tests/unit/test_http_parse.c
tests_unit_test_http_parse_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_http_parse_LDADD = $(UNIT_LDADD)
