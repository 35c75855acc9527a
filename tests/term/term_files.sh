#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Files in tmux: /put a file into the room (the link is announced), /files
# lists it in the window, /get saves it to the download directory
# ($HOME/Downloads here) with its progress in the status line, and the
# screen stays usable while a transfer runs.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/term/tui_lib.sh"

plan 6
HTTP_PORT=$(free_port)
server_daemon --listen-http "127.0.0.1:$HTTP_PORT" \
    --state-dir "$TEST_TMP/state" || exit 1
head -c 300000 /dev/urandom >"$TEST_TMP/photo.png"

TERM_W=120
term_start --nick tester --join '#pics' "127.0.0.1:$SERVER_PORT"
term_wait "tester has joined #pics" >/dev/null
term_keys "/put $TEST_TMP/photo.png" Enter
ok 'term_wait "Uploaded photo.png: http://"' "/put uploads and shows the link"
ok 'term_wait "test.server- tester shared photo.png (293.0 KB):"' \
    "the daemon announces it in the room"
term_keys "/files" Enter
ok 'term_wait "photo.png  300000 bytes  by tester" && term_wait "1 file in #pics"' \
    "/files lists the room's files in the window"
term_keys "/get photo.png" Enter
ok 'term_wait "Saved $TEST_TMP/home/Downloads/photo.png (300000 bytes)"' \
    "/get saves to the download directory"
ok 'cmp -s "$TEST_TMP/photo.png" "$TEST_TMP/home/Downloads/photo.png"' \
    "the saved file is the same"
term_type "still typing"
ok 'term_wait "[#pics] still typing"' "the input line still works"
done_testing
