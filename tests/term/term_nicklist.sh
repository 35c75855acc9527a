#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The nick list pane in tmux: members sorted by prefix then name, joins,
# parts, nick changes, voice, away members dimmed, /nicklist and
# Alt-Shift-N, hidden in a narrow terminal and back when it widens.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/term/tui_lib.sh"

# nicklist: the pane's entries, top down (what follows the rule).
nicklist() {
	term_screen | sed -n 's/^.*│//p' | sed 's/ *$//'
}

# nicklist_is LIST...: the pane shows exactly these entries, in order.
nicklist_is() {
	_want=$(printf '%s\n' "$@")
	_i=0
	while [ $_i -lt 200 ]; do
		[ "$(nicklist | sed '/^$/d')" = "$_want" ] && return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	diag "the nick list is not: $*"
	diag "$(term_screen)"
	return 1
}

plan 14
server_daemon || exit 1
client_start bob bob --join '#r'
client_wait bob '"type":"join","room":"#r","from":"bob"' >/dev/null
client_start carol carol --join '#r'
client_wait carol '"type":"join","room":"#r","from":"carol"' >/dev/null
client_start erin erin --join '#r'
client_wait erin '"type":"join","room":"#r","from":"erin"' >/dev/null
client_say erin "/away already gone"
client_wait erin '"text":"You have been marked as being away"' >/dev/null ||
    sleep 0.5

TERM_W=100
term_start --nick tester --join '#r' "127.0.0.1:$SERVER_PORT"
term_wait "tester has joined #r" >/dev/null
ok 'nicklist_is "@bob" " carol" " erin" " tester"' \
    "the members are listed beside the room, the operator first"
ok 'i=0; while [ $i -lt 100 ]; do
	"$TMUX_BIN" -L "$TERM_SOCK" capture-pane -e -p -t t |
	    grep -q "\[[0-9;]*2[;m][^│]*erin" && break
	sleep 0.05; i=$((i + 1)); done; [ $i -lt 100 ]' \
    "someone away before we joined is dimmed (WHO on join)"
ok '! term_screen | grep -q "erin H\|erin G\|End of WHO"' \
    "the WHO replies behind it are not shown"
client_say erin "/part #r"
ok 'term_screen | grep -q "^.\{83\}│@bob"' \
    "the pane is 16 columns wide at the right edge"

client_start dave dave --join '#r'
ok 'nicklist_is "@bob" " carol" " dave" " tester"' "a join adds a member in order"
client_say carol "/part #r"
ok 'nicklist_is "@bob" " dave" " tester"' "a part removes one"
client_say bob "/nick aaron"
ok 'nicklist_is "@aaron" " dave" " tester"' "a nick change renames one"
client_say bob "/mode #r +v dave"
ok 'nicklist_is "@aaron" "+dave" " tester"' "voice moves a member up"

client_say dave "/away lunch"
ok 'i=0; while [ $i -lt 100 ]; do
	"$TMUX_BIN" -L "$TERM_SOCK" capture-pane -e -p -t t |
	    grep -q "\[[0-9;]*2[;m][^│]*dave" && break
	sleep 0.05; i=$((i + 1)); done; [ $i -lt 100 ]' \
    "an away member is dimmed"

term_keys /nicklist Enter
ok 'term_wait_gone "│@aaron"' "/nicklist hides the pane"
term_keys M-N
ok 'term_wait "│@aaron"' "Alt-Shift-N shows it again"

term_resize 50 24
ok 'term_wait_gone "│@aaron" && term_wait "tester has joined #r"' \
    "a narrow terminal hides the pane and keeps the scrollback"
term_resize 100 24
ok 'term_wait "│@aaron"' "widening shows it again"
term_resize 100 24
ok term_quit "/quit: exit 0, nothing on stderr"
done_testing
