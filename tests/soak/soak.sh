#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Soak tui-chatd (not part of make check): 10,000 clients for 10 minutes
# by default.  Options go to soak.py (--clients N --duration SECONDS
# --rooms N --rate MSGS_PER_MIN ...); SOAK_ARGS in the environment too.
# Runs in the build directory: top_builddir/tui-chatd is the daemon.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${top_builddir:=$(pwd)}"
export top_builddir
# Every client is a socket here and in the daemon: raise the open-file
# limit to the hard limit for both.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 2>/dev/null
echo "soak: open-file limit $(ulimit -n)"
# shellcheck disable=SC2086
exec "${PYTHON3:-/usr/bin/python3}" "$here/soak.py" ${SOAK_ARGS:-} "$@"
