#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Highlights in tmux, read from the raw bytes tui-chat writes (pipe-pane):
# a mention and a configured word ring up a desktop notification (OSC 777)
# and are counted in the title; a hostile nick and text full of
# escape sequences (OSC 2, OSC 777, OSC 8, C1 CSI) reach neither the
# title, nor a notification, nor the terminal.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/term/tui_lib.sh"

plan 12
FEED=$TEST_TMP/feed
SERVER_PORT=$(free_port)
"$PYTHON3" "$top_srcdir/tests/term/feedserver.py" "$SERVER_PORT" "$FEED" \
    "$TEST_TMP/server.log" &
at_exit "kill $! 2>/dev/null"
wait_port "$SERVER_PORT" 10 || exit 1

mkdir -p "$TEST_TMP/home/.config/tui-chat"
printf 'notify = osc777\nhighlight = deploy, pager\n' \
    >"$TEST_TMP/home/.config/tui-chat/config"
term_start --nick tester "127.0.0.1:$SERVER_PORT"
term_wait "Welcome" >/dev/null
"$TMUX_BIN" -L "$TERM_SOCK" pipe-pane -O -t t "cat >'$TEST_TMP/raw'"
printf ':tester!u@h JOIN #a\r\n:tester!u@h JOIN #b\r\n' >>"$FEED"
term_wait "tester has joined #b" >/dev/null

# feed LINE: the server sends LINE (printf escapes allowed).
feed() {
	printf "$1\r\n" >>"$FEED"
}
# raw_has TEXT: the bytes tui-chat wrote contain TEXT (printf escapes).
raw_has() {
	_i=0
	_want=$(printf "$1")
	while [ $_i -lt 200 ]; do
		grep -qaF -- "$_want" "$TEST_TMP/raw" 2>/dev/null && return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	diag "not written: $1"
	return 1
}
title() {
	"$TMUX_BIN" -L "$TERM_SOCK" display-message -p -t t '#{pane_title}'
}
title_is() {
	_i=0
	while [ $_i -lt 200 ]; do
		[ "$(title)" = "$1" ] && return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	diag "the title is $(title), not $1"
	return 1
}

feed ':bob!u@h PRIVMSG #a :tester: the build is red'
ok 'raw_has "\033]777;notify;bob in #a;tester: the build is red\033\\\\"' \
    "a mention sends a desktop notification (OSC 777)"
feed ':carol!u@h PRIVMSG #b :is the Deploy done?'
ok 'raw_has "\033]777;notify;carol in #b;is the Deploy done?\033\\\\"' \
    "so does a configured highlight word"
ok 'term_wait "2:#a(1)!,3:#b(1)!"' "both windows are marked as mentions"
ok 'title_is "tui-chat (2 mentions)"' "the title counts the windows with mentions"

feed ':ev\033]2;pwned\007il!u@h PRIVMSG tester :x \033]777;notify;fake;y\007 \033]8;;http://evil/\033\\\\click\033]8;;\033\\\\ \302\233' \
    '31m \033P+q\033\\\\ \033[2J;end'
feed ':ev\033]2;pwned\007il!u@h PRIVMSG tester :\302\2332;9t ;end2'
ok 'raw_has "\033]777;notify;ev" && raw_has "il (private);" &&
    term_wait "4:ev␛]2;pwned␇il(2)!"' \
    "the hostile private message is shown and notified"
ok 'title_is "tui-chat (3 mentions)"' \
    "the hostile query counts, its name stays out of the title"
term_keys M-2
term_keys M-3
term_keys M-4
term_keys M-1
ok 'title_is "tui-chat"' "read windows leave the title"
# URLs: OSC 8 links around the very cells, /url lists them.
feed ':bob!u@h PRIVMSG #a :see https://example.org/a?b=1&c=(2). and http://x.test/'
feed ':bob!u@h PRIVMSG #a :evil https://evil.test/\033]2;x\007y'
term_keys M-2
ok 'raw_has "\033]8;;https://example.org/a?b=1&c=(2)\033\\\\\033[0mhttps://example.org/a?b=1&c=(2)\033]8;;\033\\\\" &&
    raw_has "\033]8;;http://x.test/\033\\\\"' \
    "URLs become OSC 8 hyperlinks, trailing punctuation left out"
ok 'raw_has "\033]8;;https://evil.test/\033\\\\"' \
    "a URL ends where an escape sequence would begin"
term_keys /url Enter
ok 'term_wait "1: https://evil.test/" && term_wait "2: http://x.test/" &&
    term_wait "3: https://example.org/a?b=1&c=(2)"' "/url lists the last URLs"
ok '"$PYTHON3" - "$TEST_TMP/raw" <<"PYEOF"
import re, sys
raw = open(sys.argv[1], "rb").read()
bad = []
for m in re.finditer(rb"\x1b\](.*?)(\x07|\x1b\\)", raw, re.S):
    body = m.group(1)
    if body.startswith(b"8;;"):
        if not re.fullmatch(rb"8;;[\x21-\x7e]*", body):
            bad.append(body)
    elif not (body.startswith(b"777;notify;") or body.startswith(b"2;tui-chat")):
        bad.append(body)
    if re.search(rb"[\x00-\x1f\x7f]|\xc2[\x80-\x9f]", body):
        bad.append(body)
assert not bad, bad
assert b"\x1b]2;pwned" not in raw and b"\x1b]777;notify;fake" not in raw
assert b"\xc2\x9b" not in raw and b"\x1bP" not in raw
assert b"\x1b]8;;http://evil/" not in raw
PYEOF' "no peer byte ends, adds or smuggles a sequence (OSC, DCS, C1 CSI)"
ok term_quit "/quit: exit 0, nothing on stderr"
done_testing
