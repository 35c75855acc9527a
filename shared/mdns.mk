# SPDX-License-Identifier: GPL-3.0-or-later
# mDNS/DNS-SD: packet code (pure, fuzzed) and multicast sockets.
shared_libshared_a_SOURCES += \
	shared/mdns_wire.c shared/mdns_wire.h \
	shared/mdns_sock.c shared/mdns_sock.h
