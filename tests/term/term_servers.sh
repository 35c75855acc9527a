#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Two servers at once in tmux, tui-chatd and ngIRCd: /connect adds the
# second, each has its own windows (numbered server by server, grouped in
# the status line), messages land in the right server's room, and when
# tui-chatd goes away and comes back the client reconnects to it on its
# own while the ngIRCd room keeps chatting.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/term/tui_lib.sh"

server_ngircd
case $? in
0) ;;
77) echo "1..0 # SKIP ngircd is not installed"; exit 0 ;;
*) exit 1 ;;
esac
ngport=$SERVER_PORT

plan 18
dport=$(free_port)
restart_daemon() {
	"$TUI_CHATD" --listen "127.0.0.1:$dport" --no-discovery \
	    --name test.server --state-dir "$TEST_TMP/dstate" \
	    2>>"$TEST_TMP/daemon.log" &
	dpid=$!
	at_exit "stop_daemon $dpid"
	wait_port "$dport" 10
}
restart_daemon || exit 1

# A peer in each room: bob on tui-chatd's #a, nina on ngIRCd's #n.
SERVER_PORT=$dport
client_start bob bob
client_say bob "/join #a"
SERVER_PORT=$ngport
client_start nina nina
client_say nina "/join #n"
client_wait bob '"type":"join"' || exit 1
client_wait nina '"type":"join"' || exit 1

d="127.0.0.1:$dport"
n="127.0.0.1:$ngport"
TERM_W=120
term_start --nick tester --join '#a' "$d"
ok 'term_wait "tester has joined #a"' "the first server from the command line"
term_keys /connect Space "$n" Enter
ok 'term_wait "[3:$n/status]"' \
    "/connect adds a second server: its window is 3, after #a"
ok 'term_wait "Registered as tester on $n" 30' "registered on ngIRCd"
term_keys /join Space '#n' Enter
ok 'term_wait "[4:$n/#n]" 30 && term_wait "tester has joined #n" 30' \
    "/join acts on the current window's server"
client_say nina "hello from ngircd"
ok 'term_wait "<nina> hello from ngircd" 30' "ngIRCd's message in #n"
client_say bob "hello from tui-chatd"
ok 'term_wait "[Act: $d 1,2:#a(1)]"' \
    "the status line groups the other windows under their server"
ok '! term_screen | grep -qF "hello from tui-chatd"' \
    "tui-chatd's message is not in the ngIRCd room"
term_keys M-2
ok 'term_wait "<bob> hello from tui-chatd" && term_wait "[2:$d/#a]"' \
    "Alt-2 is #a of tui-chatd, with its message"
term_type "hi bob"
term_keys Enter
ok 'client_wait bob "hi bob"' "typing in #a goes to tui-chatd"
term_keys /server Enter
ok 'term_wait "1: $d (connected)" && term_wait "2: $n (connected)"' \
    "/server lists both"

stop_daemon "$dpid"
term_keys M-4
client_say nina "still here"
ok 'term_wait "<nina> still here" 30' "ngIRCd keeps chatting meanwhile"
term_type "and me"
term_keys Enter
ok 'client_wait nina "and me"' "and typing in #n still reaches ngIRCd"
ok '! term_screen | grep -qF "Disconnected"' \
    "tui-chatd's loss does not disturb the ngIRCd room"
ok 'term_wait "[Act: $d (waiting) 1" 30' \
    "the status line says tui-chatd is down"
term_keys M-1
ok 'term_wait "Disconnected from $d" && term_wait "[1:$d/status]"' \
    "tui-chatd's own window says it is lost"
restart_daemon || exit 1
ok 'term_wait "connected, lag" 30' \
    "tui-chatd back: the client reconnects by itself"
SERVER_PORT=$dport
client_start carol carol
client_say carol "/join #a"
client_wait carol '"type":"join"' || exit 1
client_say carol "carol was here"
term_keys M-2
ok 'term_wait "<carol> carol was here" 30' "it rejoined #a"
ok term_quit "/quit leaves both servers: exit 0, nothing on stderr"
done_testing
