#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tui-chat --sasl in tmux: the password is asked for on the terminal
# without echo before the screen starts, the status line then shows the
# account, a wrong password shows [login failed], and /register lines stay
# out of the input history.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/term/tui_lib.sh"

plan 8
server_daemon --set sasl_plaintext=on || exit 1
printf 'term account pw 3\n' | "$TUI_CHATD" --state-dir \
    "$TEST_TMP/state.$SERVER_PORT" --account add termy 2>/dev/null
ok '[ $? -eq 0 ]' "an account for the terminal client"

term_start --nick termy --sasl "127.0.0.1:$SERVER_PORT"
ok 'term_wait "Password for termy:"' "the password is asked for on the terminal"
term_type "term account pw 3"
ok '! term_screen | grep -qF "term account pw 3"' "without echo"
term_keys Enter
ok 'term_wait "[account termy]"' "the status line shows the account"
ok 'term_wait "Logged in as termy"' "and the status window says so"
term_type "/register other * a different password 4"
term_keys Enter
term_type "/quit"
term_keys Enter
i=0
while [ ! -s "$TEST_TMP/term.status" ] && [ $i -lt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
hist="$TEST_TMP/home/.state/tui-chat/history"
ok 'grep -q "^/quit" "$hist" && ! grep -q "different password" "$hist"' \
    "a /register line is not kept in the input history (/quit is)"
"$TMUX_BIN" -L "$TERM_SOCK" kill-server 2>/dev/null
rm -f "$TEST_TMP/term.status"

term_start --nick termy --sasl "127.0.0.1:$SERVER_PORT"
term_wait "Password for termy:" >/dev/null
term_type "not the password"
term_keys Enter
ok 'term_wait "[login failed]"' "a refused login shows [login failed]"
ok '! grep -q "term account pw 3\|not the password" "$DAEMON_LOG"' \
    "no password in the daemon's log"
