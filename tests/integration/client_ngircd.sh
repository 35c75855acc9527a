#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The same client suite as client_rooms.sh, against Debian's ngIRCd: the
# client works with ordinary IRC servers, not only with tui-chatd.
TUI_TEST_NGIRCD=1
. "${top_srcdir:-.}/tests/integration/client_rooms.sh"
