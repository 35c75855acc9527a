#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Windows in tmux: unread and mention markers in the status line, Alt-N,
# Ctrl-N/Ctrl-P and /win N, a draft kept per window, a query window for
# a private message, /close, tab completion of nicks and commands.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/term/tui_lib.sh"

plan 15
server_daemon || exit 1
client_start peer peer
client_wait peer '"type":"registered"' >/dev/null
client_say peer "/join #a"
client_say peer "/join #b"
client_wait peer '"type":"join","room":"#b","from":"peer"' >/dev/null

term_start --nick tester --join '#a' --join '#b' "127.0.0.1:$SERVER_PORT"
term_wait "tester has joined #a" >/dev/null
term_keys /win Space 3 Enter
ok 'term_wait "[3:#b]"' "/win 3 shows #b"

client_say peer "/msg #a news in a"
client_say peer "/msg #a more news"
ok 'term_wait "2:#a(2)]"' "unread messages of #a are marked"
client_say peer "/msg #a tester: look here"
ok 'term_wait "2:#a(3)!]"' "a mention is marked with !"

term_type "draft for b"
term_keys M-2
ok 'term_wait "<peer> tester: look here" && [ "$(term_row 24)" = "[#a]" ]' \
    "Alt-2 shows #a with its own (empty) input"
ok 'term_wait_gone "#a("' "the markers are gone once seen"
term_keys C-n
ok 'term_wait "[#b] draft for b"' "Ctrl-N goes to #b and brings its draft back"
term_keys C-p C-p
ok 'term_wait "[1:status]"' "Ctrl-P twice goes to the status window"
term_keys M-3
term_keys C-u

client_say peer "/msg tester a private word"
ok 'term_wait "4:peer(1)!"' "a private message opens a marked query window"
term_keys M-4
ok 'term_wait "<peer> a private word" && term_row 23 | grep -qF "[4:peer]"' \
    "the query window shows it"
term_type "private reply"
term_keys Enter
ok 'client_wait peer "\"from\":\"tester\",\"to\":\"peer\",\"text\":\"private reply\""' \
    "typing in the query window answers privately"
term_keys /close Enter
ok 'term_wait "[3:#b]" && ! term_row 23 | grep -qF "peer]"' \
    "/close closes the query window"

term_type "pe"
term_keys Tab
ok 'term_wait "[#b] peer:" && [ "$(term_cursor)" = "11 23" ]' \
    "Tab completes a nick of the room"
term_keys C-u
term_type "/wh"
term_keys Tab Tab
ok 'term_wait "/who  /whois"' "Tab twice lists the matching commands"
term_keys C-u
term_type "/frob"
term_keys Enter
ok 'term_wait "Unknown command: /frob (see /help)"' "an unknown command is reported"
ok term_quit "/quit: exit 0, nothing on stderr"
done_testing
