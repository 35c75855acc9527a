#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Input in tmux: a bracketed paste of several lines is sent only after
# confirmation (and can be cancelled), a one-line paste is only inserted;
# history with Up and Ctrl-R, kept across runs.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/term/tui_lib.sh"

plan 10
server_daemon || exit 1
client_start peer peer --join '#a'
client_wait peer '"type":"join","room":"#a","from":"peer"' >/dev/null

term_start --nick tester --join '#a' "127.0.0.1:$SERVER_PORT"
term_wait "tester has joined #a" >/dev/null

paste() {
	"$TMUX_BIN" -L "$TERM_SOCK" set-buffer -- "$1"
	"$TMUX_BIN" -L "$TERM_SOCK" paste-buffer -p -d -t t
}

paste "$(printf 'paste one\npaste two\npaste three')"
ok 'term_wait "Send 3 pasted lines to #a? (y/n)"' "a multi-line paste asks first"
ok '! client_has peer "paste one"' "nothing was sent before the answer"
term_keys y
ok 'client_wait peer "\"text\":\"paste three\"" &&
    [ "$(grep -o "\"text\":\"paste [a-z]*\"" "$TEST_TMP/peer.out" |
    tr "\n" " ")" = "\"text\":\"paste one\" \"text\":\"paste two\" \"text\":\"paste three\" " ]' \
    "after y the lines are sent in order"

paste "$(printf 'never one\nnever two')"
term_wait "Send 2 pasted lines" >/dev/null
term_keys n
ok 'term_wait "Paste cancelled"' "another key cancels"
paste "single pasted line"
ok 'term_wait "[#a] single pasted line"' "a one-line paste goes into the input line"
term_keys Enter
ok 'client_wait peer "\"text\":\"single pasted line\"" && ! client_has peer "never one"' \
    "it is sent with Enter, the cancelled paste never"

term_type "history entry one"
term_keys Enter
term_type "/help"
term_keys Enter
term_keys C-r
term_type "entry"
ok 'term_wait "(reverse-i-search)\`entry'"'"': history entry one"' \
    "Ctrl-R searches the history"
term_keys C-g C-u Up Up
ok 'term_wait "[#a] history entry one"' "Up walks back through the history"
term_keys C-g
ok 'term_quit' "it quits cleanly"

# A second run in the same home finds the history again.
"$TMUX_BIN" -L "$TERM_SOCK" kill-server 2>/dev/null
rm -f "$TEST_TMP/term.status"
term_start --nick tester2 "127.0.0.1:$SERVER_PORT"
term_wait "Registered as tester2" >/dev/null
term_keys Up Up Up
ok 'term_wait "[status] history entry one"' "the history survives a restart"
done_testing
