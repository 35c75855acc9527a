#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The headless contract of DESIGN.md: usage errors, connection failures
# (stderr, non-zero exit), end of input (queued lines sent, QUIT, exit 0),
# stdin from a file, and --join.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/term/tui_lib.sh"

plan 11

"$TUI_CHAT" --headless </dev/null >/dev/null 2>"$TEST_TMP/e1"
st=$?
ok '[ $st -eq 2 ] && [ -s "$TEST_TMP/e1" ]' "no server named: usage error, exit 2"
"$TUI_CHAT" --bogus-option </dev/null >/dev/null 2>&1
st=$?
ok '[ $st -eq 2 ]' "an unknown option: exit 2"
"$TUI_CHAT" --headless --nick '9bad' 127.0.0.1:1 </dev/null >/dev/null 2>&1
st=$?
ok '[ $st -eq 2 ]' "an invalid nick: exit 2"

closed=$(free_port)
"$TUI_CHAT" --headless "127.0.0.1:$closed" </dev/null \
    >"$TEST_TMP/fail.out" 2>"$TEST_TMP/fail.err"
st=$?
ok '[ $st -ne 0 ]' "connection refused: non-zero exit ($st)"
ok 'grep -q "refused" "$TEST_TMP/fail.err"' "the reason is on stderr"

server_daemon || exit 1
client_start watcher watcher --join '#q'
ok 'client_wait watcher "\"type\":\"join\",\"room\":\"#q\",\"from\":\"watcher\""' \
    "--join joins the room after registration"

# Everything typed before end of input is sent before QUIT.
printf '/join #q\nfirst\nsecond\n/msg watcher private last\n' |
    "$TUI_CHAT" --headless --nick sender "127.0.0.1:$SERVER_PORT" \
    >"$TEST_TMP/sender.out" 2>"$TEST_TMP/sender.err"
st=$?
ok '[ $st -eq 0 ]' "end of input: exit 0"
ok 'client_wait watcher "\"from\":\"sender\",\"text\":\"second\"" &&
    client_wait watcher "\"text\":\"private last\""' \
    "queued lines were sent before QUIT"
ok 'client_wait watcher "\"type\":\"quit\",\"from\":\"sender\""' \
    "then the client quit"

# stdin may be a regular file too.
printf '/join #q\nfrom a file\n' >"$TEST_TMP/input.txt"
"$TUI_CHAT" --headless --nick filer "127.0.0.1:$SERVER_PORT" \
    <"$TEST_TMP/input.txt" >"$TEST_TMP/filer.out" 2>&1
ok 'client_wait watcher "\"from\":\"filer\",\"text\":\"from a file\""' \
    "stdin from a regular file"

# The server going away: a message on stderr and a non-zero exit.
stop_daemon "$DAEMON_PID"
client_end watcher
ok '[ "$CLIENT_STATUS" -ne 0 ] && [ -s "$TEST_TMP/watcher.err" ]' \
    "a lost connection: stderr and non-zero exit"
done_testing
