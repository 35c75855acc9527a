#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Connection handling in tmux: the server goes away, the screen says so
# and keeps working; when the server is back the client reconnects by
# itself (backoff) and rejoins its rooms. Also /disconnect and /connect,
# and a refused connection reported without freezing.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/term/tui_lib.sh"

plan 9
port=$(free_port)
restart_daemon() {
	"$TUI_CHATD" --listen "127.0.0.1:$port" --no-discovery --name test.server \
	    2>>"$TEST_TMP/daemon.log" &
	dpid=$!
	at_exit "stop_daemon $dpid"
	wait_port "$port" 10
}
restart_daemon || exit 1
SERVER_PORT=$port

term_start --nick tester --join '#a' --join '#b' "localhost:$port"
ok 'term_wait "tester has joined #a"' "connects by host name and joins"
stop_daemon "$dpid"
ok 'term_wait "reconnecting in 1 s"' "a lost connection is reported"
term_type "still typing"
ok 'term_wait "[#a] still typing"' "the screen keeps working meanwhile"
restart_daemon || exit 1
ok 'term_wait_count "tester has joined #a" 2 30' "it reconnects and rejoins #a"
ok 'term_wait "[connected" && [ "$(term_row 24)" = "[#a] still typing" ]' \
    "connected again, the input line intact"
term_keys C-u /disconnect Enter
ok 'term_wait "[offline]"' "/disconnect goes offline"
term_keys /connect Space "127.0.0.1:$(free_port)" Enter
ok 'term_wait "Connection refused"' "a refused connection is reported"
term_keys /connect Space "127.0.0.1:$port" Enter
ok 'term_wait_count "tester has joined #a" 3 30' \
    "/connect HOST:PORT connects again and rejoins"
ok term_quit "/quit: exit 0, nothing on stderr"
done_testing
