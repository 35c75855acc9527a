#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Noise control in tmux: /ignore by nick and by mask, with expiry; the
# smart filter hides joins and parts of people who have not spoken; the
# unread line marks where you left a window; /search highlights matches
# and Ctrl-F goes to older ones. The ignore list outlives a restart.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/term/tui_lib.sh"

plan 16
server_daemon || exit 1
client_start talker talker --join '#a'
client_wait talker '"type":"join","room":"#a","from":"talker"' >/dev/null

TERM_W=100
term_start --nick tester --join '#a' "127.0.0.1:$SERVER_PORT"
term_wait "tester has joined #a" >/dev/null
term_keys M-2
term_keys /nicklist Space off Enter

# Smart filter: a lurker's join and part are hidden, a talker's are not.
client_start lurker lurker --join '#a'
client_wait lurker '"type":"join","room":"#a","from":"lurker"' >/dev/null
client_say talker "hello all"
term_wait "<talker> hello all" >/dev/null
client_say lurker "/part #a"
client_say talker "/part #a"
ok 'term_wait "talker has left #a"' "someone who spoke: the part is shown"
ok '! term_screen | grep -q "lurker has"' \
    "someone silent: join and part are hidden"

# /ignore by nick, by mask, with an expiry.
client_say talker "/join #a"
client_start spam spammer --join '#a'
client_wait spam '"type":"join","room":"#a","from":"spammer"' >/dev/null
term_keys /ignore Space spammer Enter
ok 'term_wait "Ignoring spammer"' "/ignore NICK"
client_say spam "buy now"
client_say talker "marker one"
term_wait "<talker> marker one" >/dev/null
ok '! term_screen | grep -q "buy now"' "the ignored nick's message is not shown"
term_keys /unignore Space spammer Enter
# 3 s: long enough for the two lines below on a loaded machine (under
# the sanitizers); the ignore lasts at least that, and at most 1 s more.
term_keys '/ignore sp*!*@127.0.0.1 3s' Enter
ok 'term_wait "Ignoring sp*!*@127.0.0.1 for 3s"' "/ignore MASK TIME"
client_say spam "masked out"
client_say talker "marker two"
term_wait "<talker> marker two" >/dev/null
ok '! term_screen | grep -q "masked out"' "the mask hides it too"
sleep 4.1
client_say spam "back again"
ok 'term_wait "<spammer> back again"' "after its time the ignore ends"

# The unread line: where we left the window.
term_keys M-1
client_say talker "while away"
client_wait talker '"text":"while away"' >/dev/null
sleep 0.2
term_keys M-2
ok 'term_wait "-- unread ---" &&
    term_screen | grep -A1 -- "-- unread ---" | tail -1 | grep -q "<talker> while away"' \
    "the unread line sits above the first line since we left"

# Search.
i=1
while [ $i -le 40 ]; do
	client_say talker "filler $i"
	i=$((i + 1))
done
term_wait "filler 40" >/dev/null
term_keys "/search marker" Enter
ok 'term_wait "search: marker (Ctrl-F: older, /search ends)" &&
    term_wait "<talker> marker two"' "/search shows the newest match, scrolled back"
ok '"$TMUX_BIN" -L "$TERM_SOCK" capture-pane -e -p -t t |
    grep "<talker>" | grep -q "\[[0-9;]*7[;0-9]*m[^ ]*marker"' \
    "the match is highlighted"
term_keys C-f
ok 'term_wait "<talker> marker one" && ! term_screen | grep -q "filler 40"' \
    "Ctrl-F goes to the older match"
term_keys C-f
ok 'term_wait "search: marker (no older match, /search ends)" &&
    term_screen | grep -q "<talker> marker one"' "and says when there is none"
term_keys /search Enter
ok 'term_wait "filler 40" && term_wait_gone "-- more below"' \
    "/search alone ends it and goes back to the bottom"

# The ignore list is kept for the next run, each entry with its end.
term_keys '/ignore spammer 1w' Enter
term_keys '/ignore *!*@bad.example' Enter
term_wait "Ignoring *!*@bad.example" >/dev/null
ok term_quit "/quit: exit 0, nothing on stderr"
ok 'grep -q "^[1-9][0-9]* spammer!\*@\*$" "$TEST_TMP/home/.state/tui-chat/ignore" &&
    grep -q "^0 \*!\*@bad.example$" "$TEST_TMP/home/.state/tui-chat/ignore"' \
    "the ignore list is saved in the state dir, with its ends"
"$TMUX_BIN" -L "$TERM_SOCK" kill-server 2>/dev/null
rm -f "$TEST_TMP/term.status"
term_start --nick tester --join '#a' "127.0.0.1:$SERVER_PORT"
term_wait "tester has joined #a" >/dev/null
term_keys M-2 /ignore Enter
ok 'term_wait "Ignoring spammer!*@* until" && term_wait "Ignoring *!*@bad.example" &&
    client_say spam "still here" && client_say talker "marker three" &&
    term_wait "<talker> marker three" && ! term_screen | grep -q "still here"' \
    "after a restart the same people are ignored"
term_quit >/dev/null
done_testing
