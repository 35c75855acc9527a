# SPDX-License-Identifier: GPL-3.0-or-later
# Unit tests of the mDNS packet code.
check_PROGRAMS += tests/unit/test_mdns_wire
TESTS += tests/unit/test_mdns_wire
tests_unit_test_mdns_wire_SOURCES = tests/unit/test_mdns_wire.c
tests_unit_test_mdns_wire_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_mdns_wire_LDADD = shared/libshared.a $(CMOCKA_LIBS) \
	$(LIBEVENT_LIBS) $(LIBBSD_LIBS)
