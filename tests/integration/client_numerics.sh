#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Numeric replies read as sentences (tui/numeric_text.c), through the real
# daemon and headless tui-chat: LUSERS, WHOIS, channel modes, LIST.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/term/tui_lib.sh"

plan 6
server_daemon || exit 1
client_start me tester --join '#r'
client_wait me '"type":"join","room":"#r","from":"tester"' >/dev/null
client_say me "/quote LUSERS"
ok 'client_wait me "\"text\":\"0 operator(s) online\""' \
    "LUSERS: 0 operator(s) online (not 0: operator(s) online)"
ok 'client_wait me "\"text\":\"Current local users 1, max 1\""' \
    "LUSERS: the local users sentence without its numbers in front"
client_say me "/whois tester"
ok 'client_wait me "\"text\":\"tester is in @#r\"" &&
    client_wait me "\"text\":\"End of WHOIS for tester\""' "WHOIS reads as sentences"
ok 'client_wait me "has been idle for "' "the idle time and sign-on time are spelled out"
client_say me "/mode #r"
ok 'client_wait me "\"text\":\"Modes of #r: +nt\""' "channel modes"
client_say me "/list"
ok 'client_wait me "\"text\":\"#r (1 users)\""' "LIST without a topic"
done_testing
