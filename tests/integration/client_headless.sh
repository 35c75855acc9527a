#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The headless contract of DESIGN.md: usage errors, connection failures
# (stderr, non-zero exit), end of input (queued lines sent, QUIT, exit 0),
# stdin from a file, and --join.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/term/tui_lib.sh"

plan 14

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

# The config file under XDG_CONFIG_HOME: default nick and rooms.
mkdir -p "$TEST_TMP/xdg/tui-chat"
printf '# test config\nnick = confignick\njoin = #q\nscrollback = 100\n' \
    >"$TEST_TMP/xdg/tui-chat/config"
printf 'configured hello\n' | XDG_CONFIG_HOME="$TEST_TMP/xdg" \
    "$TUI_CHAT" --headless "127.0.0.1:$SERVER_PORT" >"$TEST_TMP/cfg.out" 2>&1
ok 'client_wait watcher "\"from\":\"confignick\",\"text\":\"configured hello\""' \
    "the config file gives the nick and the room"
printf 'nick = x\nbogus_key = 1\n' >"$TEST_TMP/bad.conf"
"$TUI_CHAT" --headless --config "$TEST_TMP/bad.conf" "127.0.0.1:$SERVER_PORT" \
    </dev/null >/dev/null 2>"$TEST_TMP/bad.err"
st=$?
ok '[ $st -eq 2 ] && grep -q "bad.conf:2: unknown key bogus_key" "$TEST_TMP/bad.err"' \
    "an unknown key: exit 2 with file and line"
printf 'scrollback = lots\n' >"$TEST_TMP/bad2.conf"
"$TUI_CHAT" --headless --config "$TEST_TMP/bad2.conf" "127.0.0.1:$SERVER_PORT" \
    </dev/null >/dev/null 2>"$TEST_TMP/bad2.err"
st=$?
ok '[ $st -eq 2 ] && grep -q "bad2.conf:1: bad value for scrollback" "$TEST_TMP/bad2.err"' \
    "a bad value: exit 2 with file and line"

# The server going away: a message on stderr and a non-zero exit.
stop_daemon "$DAEMON_PID"
client_end watcher
ok '[ "$CLIENT_STATUS" -ne 0 ] && [ -s "$TEST_TMP/watcher.err" ]' \
    "a lost connection: stderr and non-zero exit"
done_testing
