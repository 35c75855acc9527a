#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Logs: every room and query is written to $XDG_DATA_HOME/tui-chat/logs/
# HOST/NAME.log, one line per message with an ISO 8601 time, sanitised
# (no escape byte, no mIRC code), private to the user; /log off stops one
# window's log.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/term/tui_lib.sh"

plan 9
server_daemon || exit 1
client_start peer peer --join '#a' --join '#b'
client_wait peer '"type":"join","room":"#b","from":"peer"' >/dev/null

TERM_W=200
term_start --nick tester --join '#a' --join '#b' "127.0.0.1:$SERVER_PORT"
term_wait "tester has joined #b" >/dev/null
LOGS=$TEST_TMP/home/.local/share/tui-chat/logs/127.0.0.1
esc=$(printf '\033')
bold=$(printf '\002')
client_say peer "/msg #a hello ${esc}[31mred${esc}[0m ${bold}bold${bold} ${esc}]2;t${esc}\\"
client_say peer "/me waves at #a"
client_say peer "/msg tester a private word"
term_wait "4:peer" >/dev/null
term_keys M-3
term_keys /log Enter
ok 'term_wait "Logging to $LOGS/#b.log"' "/log says where the window is logged"
term_keys /log Space off Enter
ok 'term_wait "Logging is off for this window"' "/log off stops it"
client_say peer "/msg #b not for the log"
client_say peer "/msg #a after"
term_wait "not for the log" >/dev/null
term_keys M-2
term_wait "<peer> after" >/dev/null
ok term_quit "/quit: exit 0, nothing on stderr"

ok '[ -f "$LOGS/#a.log" ] && [ -f "$LOGS/#b.log" ] && [ -f "$LOGS/peer.log" ]' \
    "rooms and the query have their own files"
ok 'grep -q "^[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z <peer> hello ␛\[31mred␛\[0m bold ␛\]2;t␛\\\\$" "$LOGS/#a.log"' \
    "a message is one line with an ISO time, escapes made visible"
ok '! grep -q "$(printf "[\001-\010\013-\037\177]")" "$LOGS/#a.log" "$LOGS/#b.log" "$LOGS/peer.log"' \
    "no control byte reaches a log"
ok 'grep -q "Z \* peer waves at #a$" "$LOGS/#a.log" &&
    grep -q "Z -- tester has joined #a$" "$LOGS/#a.log" &&
    grep -q "Z <peer> after$" "$LOGS/#a.log" &&
    grep -q "Z <peer> a private word$" "$LOGS/peer.log"' \
    "actions, joins and private messages are logged"
ok 'grep -q "tester has joined #b" "$LOGS/#b.log" &&
    ! grep -q "not for the log" "$LOGS/#b.log"' \
    "after /log off nothing more is written for that window"
ok '[ "$(stat -c %a "$LOGS/#a.log")" = 600 ] && [ "$(stat -c %a "$LOGS")" = 700 ]' \
    "the logs are private to the user"
done_testing
