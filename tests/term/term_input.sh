#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The input line in tmux: Up recalls the current window's own lines first,
# then the others; Down comes back to the line being typed; Alt-Enter
# starts a new line, and several lines are sent one message each after
# the paste question.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/term/tui_lib.sh"

plan 10
server_daemon || exit 1
client_start peer peer --join '#a' --join '#b'
client_wait peer '"type":"join","room":"#b","from":"peer"' >/dev/null

term_start --nick tester --join '#a' --join '#b' "127.0.0.1:$SERVER_PORT"
term_wait "tester has joined #b" >/dev/null
term_keys M-2
term_type "said in a"
term_keys Enter
term_keys M-3
term_type "said in b"
term_keys Enter
term_type "first b"
term_keys Enter
client_wait peer '"text":"first b"' >/dev/null
term_keys M-2
term_type "half"
term_keys Up
ok 'term_wait "[#a] said in a"' "Up in #a recalls what was typed in #a"
term_keys Up
ok 'term_wait "[#a] first b"' "then the lines of the other windows"
term_keys Up
ok 'term_wait "[#a] said in b"' "older ones next"
term_keys Down Down Down
ok 'term_wait "[#a] half"' "Down comes back to the line being typed"
term_keys C-u M-3 Up
ok 'term_wait "[#b] first b"' "Up in #b starts with #b's own newest line"
term_keys C-u M-2

term_type "line one"
term_keys M-Enter
term_type "line two"
ok 'term_wait "[#a] line one␊line two"' "Alt-Enter starts a new line in the input"
term_keys Enter
ok 'term_wait "Send 2 pasted lines to #a? (y/n)"' "Enter asks before sending several lines"
term_keys y
ok 'client_wait peer "\"room\":\"#a\",\"from\":\"tester\",\"text\":\"line one\"" &&
    client_wait peer "\"room\":\"#a\",\"from\":\"tester\",\"text\":\"line two\""' \
    "after y each line is one message"

# Ctrl-F: on an empty line it starts a /search, in a typed one it moves.
term_keys C-f
ok 'term_wait "[#a] /search"' "Ctrl-F on an empty line starts a /search"
term_keys C-u
term_type "abc"
term_keys C-a C-f
term_type "X"
ok 'term_wait "[#a] aXbc"' "Ctrl-F in a typed line moves one character on"
term_keys C-e C-u
term_quit >/dev/null
done_testing
