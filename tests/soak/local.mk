# SPDX-License-Identifier: GPL-3.0-or-later
# The soak run: not in make check.  `make soak` runs the default 10,000
# clients for 10 minutes; `make soak SOAK_ARGS='--duration 60'` is shorter.
EXTRA_DIST += tests/soak/soak.sh tests/soak/soak.py

soak: $(sbin_PROGRAMS)
	top_builddir='$(abs_top_builddir)' PYTHON3='$(PYTHON3)' \
	    SOAK_ARGS='$(SOAK_ARGS)' $(SHELL) $(top_srcdir)/tests/soak/soak.sh
.PHONY: soak
