#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tui-chat in tmux at 80x24: the split layout, typing while another client
# floods the room (the half-typed line survives, then is sent), a Chinese
# message aligned, wide input with the right cursor column, and an escape
# sequence shown harmlessly.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/term/tui_lib.sh"

plan 17
server_daemon || exit 1
client_start peer peer --join '#a'
client_wait peer '"type":"join","room":"#a","from":"peer"' >/dev/null

term_start --nick tester --join '#a' "127.0.0.1:$SERVER_PORT"
ok 'term_wait "tester has joined #a"' "the client joins #a"
ok 'term_row 23 | grep -q "^\[[0-9:]*\] \[tester\] \[2:#a\]"' \
    "the status line is the second-last row"
ok 'term_row 24 | grep -q "^\[#a\]"' "the input line is the last row"
client_say peer "hello tester"
ok 'term_wait "<peer> hello tester" && term_row 22 | grep -qF "<peer> hello tester"' \
    "a message appears at the bottom of the scrollback"

# Type half a line, let the peer flood, then finish it.
term_type "half typed"
term_wait "[#a] half typed" >/dev/null
i=1
while [ $i -le 150 ]; do
	client_say peer "flood line $i"
	i=$((i + 1))
done
ok 'term_wait "flood line 150" 20' "the flood is shown"
ok '[ "$(term_row 24)" = "[#a] half typed" ]' "the half-typed input is intact"
ok '[ "$(term_cursor)" = "15 23" ]' "the cursor stays at the end of the input"
term_type " and finished"
term_keys Enter
ok 'client_wait peer "\"from\":\"tester\",\"text\":\"half typed and finished\""' \
    "the line is sent whole after the flood"
ok 'term_wait "<tester> half typed and finished" && [ "$(term_row 24)" = "[#a]" ]' \
    "the input line is empty again"

# Wide characters: aligned in the scrollback, right cursor column.
client_say peer "你好世界 wide"
ok 'term_wait "<peer> 你好世界 wide"' "a Chinese message is shown whole"
term_type "中文"
ok '[ "$(term_cursor)" = "9 23" ]' "the cursor after two wide characters"
term_keys C-u

# An escape sequence from a peer is shown, not obeyed.
esc=$(printf '\033')
client_say peer "${esc}[2J${esc}[H${esc}]2;pwned$(printf '\007')${esc}[31m red"
ok 'term_wait "␛[2J␛[H␛]2;pwned␇␛[31m red"' "the escape sequence is visible"
ok 'term_screen | grep -qF "<peer> 你好世界 wide" &&
    [ "$("$TMUX_BIN" -L "$TERM_SOCK" display-message -p -t t "#{pane_title}")" != pwned ]' \
    "the screen was not cleared and the title not changed"
# mIRC formatting is drawn as attributes, the codes themselves unseen.
client_say peer "$(printf 'fmt \002bold\002 \00304red\017 plain')"
ok 'term_wait "<peer> fmt bold red plain"' "mIRC codes are not shown as text"
ok '"$TMUX_BIN" -L "$TERM_SOCK" capture-pane -e -p -t t |
    grep "fmt " | grep -q "$(printf "\033")\[[0-9;]*1[;m]bold"' \
    "bold is drawn bold"

# Keys nothing is bound to (F5, F12, Ctrl-Alt-x, a mouse report) type
# nothing into the input line.
term_type "keys"
term_keys F5 F12 C-M-x Home End
term_type "$(printf '\033[<0;5;5M')"
term_type "!"
ok 'term_wait "[#a] keys!" && [ "$(term_row 24)" = "[#a] keys!" ]' \
    "unbound keys and sequences insert nothing"
term_keys C-u

ok term_quit "/quit: exit 0, nothing on stderr"
done_testing
