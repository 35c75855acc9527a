# SPDX-License-Identifier: GPL-3.0-or-later
# Unit tests of the mDNS packet code.
check_PROGRAMS += tests/unit/test_mdns_wire
TESTS += tests/unit/test_mdns_wire
tests_unit_test_mdns_wire_SOURCES = tests/unit/test_mdns_wire.c
tests_unit_test_mdns_wire_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_mdns_wire_LDADD = shared/libshared.a $(CMOCKA_LIBS) \
	$(LIBEVENT_LIBS) $(LIBBSD_LIBS)
# The picker's grouping of a cluster's nodes (tui/discover_group.c).
check_PROGRAMS += tests/unit/test_discover_group
TESTS += tests/unit/test_discover_group
tests_unit_test_discover_group_SOURCES = tests/unit/test_discover_group.c \
	tui/discover_group.c
tests_unit_test_discover_group_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tui
tests_unit_test_discover_group_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_discover_group_LDADD = shared/libshared.a $(CMOCKA_LIBS) \
	$(LIBBSD_LIBS)
