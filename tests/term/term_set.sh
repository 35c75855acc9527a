#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# /set in tmux: list the settings, change one at run time (seen at once),
# refuse unknown keys and bad values, save into the config file (comments
# and other keys kept), and find it there after a restart.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/term/tui_lib.sh"

plan 11
server_daemon || exit 1
client_start peer peer --join '#a'
client_wait peer '"type":"join","room":"#a","from":"peer"' >/dev/null

CONF=$TEST_TMP/home/.config/tui-chat/config
mkdir -p "$TEST_TMP/home/.config/tui-chat"
printf '# my settings\nrealname = Test User\npassword = s3cret\n' >"$CONF"
TERM_W=100
TERM_H=40
term_start --nick tester --join '#a' "127.0.0.1:$SERVER_PORT"
term_wait "tester has joined #a" >/dev/null
term_keys M-2
term_keys /set Enter
ok 'term_wait "nicklist_width = 16" && term_wait "realname = Test User" &&
    term_wait "password = ********" && ! term_screen | grep -q s3cret' \
    "/set lists the settings, the password hidden"
term_keys C-l
term_keys "/set nicklist_width 24" Enter
ok 'term_wait "nicklist_width = 24 (saved in"' "/set KEY VALUE says it is saved"
ok 'term_wait "│@peer" && term_screen | grep -q "^.\{75\}│@peer"' \
    "the nick list is 24 columns wide at once"
term_keys "/set time_format [%H:%M:%S]" Enter
client_say peer "tick"
ok 'term_wait "<peer> tick" && term_screen | grep -q "^\[[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\] <peer> tick"' \
    "a new time format is used at once"
term_keys "/set highlight tick" Enter
term_keys M-1
client_say peer "another tick"
ok 'term_wait "2:#a(1)!"' "new highlight words count at once"
term_keys "/set colour_mention 99" Enter
ok 'term_wait "bad value for colour_mention: 99"' "a bad value is refused"
term_keys "/set frobnicate 1" Enter
ok 'term_wait "unknown setting frobnicate"' "an unknown key is refused"
ok term_quit "/quit: exit 0, nothing on stderr"

ok 'grep -qx "nicklist_width = 24" "$CONF" && grep -qx "highlight = tick" "$CONF" &&
    grep -qx "time_format = \[%H:%M:%S\]" "$CONF" &&
    ! grep -q "frobnicate\|colour_mention" "$CONF"' \
    "the config file has the new values, not the refused ones"
ok 'head -1 "$CONF" | grep -qx "# my settings" && grep -qx "password = s3cret" "$CONF" &&
    [ "$(stat -c %a "$CONF")" = 600 ]' \
    "comments and other keys are kept, the file is private"

"$TMUX_BIN" -L "$TERM_SOCK" kill-server 2>/dev/null
rm -f "$TEST_TMP/term.status"
term_start --nick tester --join '#a' "127.0.0.1:$SERVER_PORT"
term_wait "tester has joined #a" >/dev/null
term_keys M-2
ok 'term_wait "│@peer" && term_screen | grep -q "^.\{75\}│@peer"' \
    "after a restart the saved width is used"
term_quit >/dev/null
done_testing
