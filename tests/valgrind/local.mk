# SPDX-License-Identifier: GPL-3.0-or-later
# tui-chatd under valgrind memcheck during integration traffic. Not part of
# make check (it takes minutes, and sanitizer builds cannot run it): run
# `make check-valgrind` in a build without --enable-sanitizers.
EXTRA_DIST += tests/valgrind/memcheck.sh tests/valgrind/traffic.py

.PHONY: check-valgrind
check-valgrind: tui-chatd
	@top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	    PYTHON3='$(PYTHON3)' $(SHELL) $(top_srcdir)/tests/valgrind/memcheck.sh
