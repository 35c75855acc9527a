#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Generate configure and Makefile.in from configure.ac and Makefile.am.
set -e
cd "$(dirname "$0")"
autoreconf --install --force >/dev/null
