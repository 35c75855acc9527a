#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Headless with two servers: /connect adds the second, events carry the
# server they belong to ("server", only once there are several), /server
# says which one the next commands go to, and losing one server leaves
# the other running.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/term/tui_lib.sh"

plan 11

server_daemon || exit 1
aport=$SERVER_PORT apid=$DAEMON_PID
server_daemon || exit 1
bport=$SERVER_PORT bpid=$DAEMON_PID
a="127.0.0.1:$aport"
b="127.0.0.1:$bport"

SERVER_PORT=$bport
client_start bea bea --join '#b'
client_wait bea '"type":"join"' || exit 1
SERVER_PORT=$aport
client_start al al --join '#a'
client_wait al '"type":"join"' || exit 1

client_start me me --join '#a'
ok 'client_wait me "\"type\":\"join\",\"room\":\"#a\",\"from\":\"me\""' \
    "one server: joined #a"
ok '! grep -q "\"server\"" "$TEST_TMP/me.out"' \
    "with one server the events are as before (no \"server\")"
client_say me "/connect $b"
ok 'client_wait_count me "\"type\":\"registered\"" 2 &&
    client_wait me "\"server\":\"$b\""' \
    "/connect adds a second server; its events say so"
client_say me "/join #b"
ok 'client_wait me "\"type\":\"join\",\"room\":\"#b\",\"from\":\"me\""' \
    "/join goes to the new server"
client_say bea "from b"
client_say al "from a"
ok 'client_wait me "\"text\":\"from b\"" && client_wait me "\"text\":\"from a\""' \
    "messages from both servers arrive"
"$PYTHON3" - "$TEST_TMP/me.out" "$a" "$b" >"$TEST_TMP/check.out" 2>&1 <<'PY'
import json, sys
path, a, b = sys.argv[1:]
lines = [json.loads(l) for l in open(path, encoding="utf-8")]
msgs = {e["text"]: e for e in lines if e["type"] == "msg"}
assert msgs["from b"]["room"] == "#b" and msgs["from b"]["server"] == b, msgs
assert msgs["from a"]["room"] == "#a" and msgs["from a"]["server"] == a, msgs
first = next(i for i, e in enumerate(lines) if "server" in e)
assert all("server" in e for e in lines[first:]), lines[first:]
PY
st=$?
diag "$(cat "$TEST_TMP/check.out")"
ok '[ $st -eq 0 ]' "each event names its own server, every one from then on"
client_say me "/server 1"
client_say me "/msg #a to a"
ok 'client_wait al "\"text\":\"to a\""' "/server 1: commands go to the first"
client_say me "/server $b"
client_say me "/msg #b to b"
ok 'client_wait bea "\"text\":\"to b\""' "/server HOST:PORT: to the second"
# A script: the line after /connect waits for that server.
printf '/connect %s\n/join #b\npiped b\n/server 1\n/msg #a piped a\n' "$b" |
    "$TUI_CHAT" --headless --nick piper --join "#a" "$a" \
    >"$TEST_TMP/piper.out" \
    2>"$TEST_TMP/piper.err"
st=$?
ok '[ $st -eq 0 ] && client_wait bea "\"text\":\"piped b\"" &&
    client_wait al "\"text\":\"piped a\""' \
    "a piped script: /connect, then lines for each server (exit $st)"
stop_daemon "$bpid"
client_say al "after b"
ok 'client_wait me "\"type\":\"disconnected\"" &&
    client_wait me "\"text\":\"after b\""' \
    "the second server gone, the first goes on"
client_end me
ok '[ "$CLIENT_STATUS" -eq 0 ]' "end of input: exit 0"
done_testing
