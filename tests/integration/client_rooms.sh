#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Headless tui-chat clients against the real tui-chatd: three clients in
# two rooms, room and private messages, order, nick changes, errors, a
# hostile text, and the exit contract at end of input.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/term/tui_lib.sh"

if [ -n "${TUI_TEST_NGIRCD:-}" ]; then
	server_ngircd || { echo "1..0 # SKIP ngircd is not available"; exit 0; }
else
	server_daemon || { echo "1..0 # tui-chatd did not start"; exit 1; }
fi
plan 21

client_start alice alice
client_start bob bob
client_start carol carol
ok 'client_wait alice "\"type\":\"registered\"" &&
    client_wait bob "\"type\":\"registered\"" &&
    client_wait carol "\"type\":\"registered\""' "three clients register"

client_say alice "/join #a"
client_say carol "/join #b"
client_wait alice '"type":"join","room":"#a","from":"alice"' >/dev/null
client_say bob "/join #a"
ok 'client_wait alice "\"type\":\"join\",\"room\":\"#a\",\"from\":\"bob\""' \
    "alice sees bob join #a"
client_wait carol '"type":"join","room":"#b","from":"carol"' >/dev/null
client_say alice "/join #b"
ok 'client_wait alice "\"type\":\"join\",\"room\":\"#b\",\"from\":\"alice\""' \
    "alice joins #b"
ok 'client_wait carol "\"type\":\"join\",\"room\":\"#b\",\"from\":\"alice\""' \
    "carol sees alice join #b"

client_say bob "hello from bob"
ok 'client_wait alice "\"type\":\"msg\",\"room\":\"#a\",\"from\":\"bob\",\"text\":\"hello from bob\""' \
    "plain text goes to the current room"
client_say carol "only in b"
ok 'client_wait alice "\"room\":\"#b\",\"from\":\"carol\",\"text\":\"only in b\""' \
    "a message in the second room"

client_say bob "/msg alice a secret"
ok 'client_wait alice "\"type\":\"msg\",\"from\":\"bob\",\"to\":\"alice\",\"text\":\"a secret\""' \
    "a private message arrives with from and to"

for i in 1 2 3 4 5 6 7 8 9 10; do
	client_say bob "seq $i"
done
client_wait alice '"text":"seq 10"' >/dev/null
ok '[ "$(grep -o "\"text\":\"seq [0-9]*\"" "$TEST_TMP/alice.out" |
    tr -dc "0-9\n" | tr "\n" " ")" = "1 2 3 4 5 6 7 8 9 10 " ]' \
    "a sender's messages arrive in order"

client_say bob "/me waves"
ok 'client_wait alice "\"type\":\"action\",\"room\":\"#a\",\"from\":\"bob\",\"text\":\"waves\""' \
    "/me is an action"

esc=$(printf '\033')
client_say bob "${esc}[2J${esc}]0;pwned$(printf '\007') red"
ok 'client_wait alice "\"text\":\"␛[2J␛]0;pwned␇ red\""' \
    "escape sequences arrive as visible symbols"
ok '! grep -q "$esc" "$TEST_TMP/alice.out"' "no raw ESC in the output"

client_say bob "/nick robert"
ok 'client_wait alice "\"type\":\"nick\",\"from\":\"bob\",\"nick\":\"robert\""' \
    "alice sees the nick change"
client_say bob "now robert"
ok 'client_wait alice "\"from\":\"robert\",\"text\":\"now robert\""' \
    "messages come from the new nick"

client_say alice "/msg nosuchnick hello"
ok 'client_wait alice "No such nick"' "a server error is reported"
client_say alice "/frobnicate"
ok 'client_wait alice "\"type\":\"error\",\"room\":\"#b\",\"text\":\"Unknown command: /frobnicate (see /help)\""' \
    "an unknown command is a clear error"
client_say alice "/kick"
ok 'client_wait alice "usage: /kick NICK [REASON]"' "wrong arguments give the usage"
client_say carol "/nick robert"
ok 'client_wait carol "\"type\":\"error\"" && client_has carol "robert"' \
    "a nick in use is refused"

client_say carol "/part #b"
ok 'client_wait alice "\"type\":\"part\",\"room\":\"#b\",\"from\":\"carol\""' \
    "alice sees carol leave #b"

client_say carol "parting words"
client_end carol
ok '[ "$CLIENT_STATUS" -eq 0 ]' "end of input: exit status 0"
client_end bob
client_end alice
ok '! client_has alice "parting words" && ! client_has bob "only in b"' \
    "nothing leaks into rooms one is not in"
ok 'json_lines_ok "$TEST_TMP/alice.out" && json_lines_ok "$TEST_TMP/bob.out"' \
    "every output line is one JSON object with type and ts"
done_testing
