#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Scrolling and resizing in tmux: PageUp shows older lines with a marker,
# PageDown returns; the terminal resized (SIGWINCH) is redrawn with the
# status and input lines at the new bottom; a tiny terminal survives;
# long lines wrap with an indent.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/term/tui_lib.sh"

plan 11
server_daemon || exit 1
client_start peer peer --join '#a'
client_wait peer '"type":"join","room":"#a","from":"peer"' >/dev/null

term_start --nick tester --join '#a' "127.0.0.1:$SERVER_PORT"
term_wait "tester has joined #a" >/dev/null
term_keys /nicklist Space off Enter	# the lines below use the full width
i=1
while [ $i -le 60 ]; do
	client_say peer "numbered $i"
	i=$((i + 1))
done
term_wait "<peer> numbered 60" >/dev/null
term_type "kept"
term_keys PageUp
ok 'term_wait "-- more below:" && term_wait_gone "numbered 60"' \
    "PageUp scrolls back with a marker"
ok 'term_screen | grep -q "<peer> numbered 3[0-9]$"' "older lines are shown"
ok '[ "$(term_row 24)" = "[#a] kept" ]' "the input line is untouched"
client_say peer "numbered 61"
client_wait peer '"text":"numbered 61"' >/dev/null
ok 'term_wait "-- more below:" && ! term_screen | grep -q "numbered 61"' \
    "new lines do not move a scrolled view"
term_keys PageDown PageDown PageDown
ok 'term_wait "numbered 61" && term_wait_gone "-- more below"' \
    "PageDown returns to the bottom"

term_resize 50 15
ok 'term_wait "[#a] kept" && term_row 15 | grep -qF "[#a] kept" &&
    term_row 14 | grep -qF "[tester] [2:#a]"' \
    "after a resize the status and input lines are at the new bottom"
ok 'term_row 13 | grep -qF "<peer> numbered 61"' "the scrollback is redrawn"
term_resize 8 3
sleep 0.3
term_resize 3 1
sleep 0.3
term_resize 80 24
ok 'term_wait "<peer> numbered 61" && [ ! -s "$TEST_TMP/term.status" ]' \
    "a tiny terminal does not crash it"

long="start"
i=1
while [ $i -le 20 ]; do
	long="$long word$i"
	i=$((i + 1))
done
client_say peer "$long end"
ok 'term_wait "word20 end"' "a long line is shown"
ok 'term_screen | grep -q "^[0-9:]* <peer> start word1 .*word10$" &&
    term_screen | grep -q "^             word11 word12 " &&
    term_screen | grep -q "^             word20 end$"' \
    "it wraps at a word with the continuation indented under the text"
ok 'term_quit' "/quit leaves with status 0"
done_testing
