# SPDX-License-Identifier: GPL-3.0-or-later
# LAN discovery on a simulated LAN of network namespaces (root only; a TAP
# skip otherwise), and the discovery timing bench (`make bench-discovery`,
# not part of `make check`: it prints figures and asserts nothing).
TESTS += tests/discovery/lan.sh tests/discovery/responder.sh \
	tests/discovery/browser.sh tests/discovery/picker.sh \
	tests/discovery/tls.sh
TESTS += tests/discovery/cluster.sh
EXTRA_DIST += tests/discovery/cluster.sh
EXTRA_DIST += tests/discovery/lan.sh tests/discovery/responder.sh \
	tests/discovery/browser.sh tests/discovery/picker.sh \
	tests/discovery/tls.sh \
	tests/discovery/fake_responder.py \
	tests/discovery/netns.sh tests/discovery/packet_rules.py \
	tests/discovery/zeroconf_browse.py tests/bench/discovery_time.sh

bench-discovery: tui-chatd$(EXEEXT) tui-chat$(EXEEXT)
	top_builddir='$(abs_top_builddir)' top_srcdir='$(abs_top_srcdir)' \
	    $(SHELL) $(top_srcdir)/tests/bench/discovery_time.sh
.PHONY: bench-discovery
