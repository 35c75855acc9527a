# SPDX-License-Identifier: GPL-3.0-or-later
# The hostile-server suite: tui-chat (headless, and on a terminal in tmux)
# against a fake server that sends escape sequences in every field, 10 MB
# NAMES replies, lines without CRLF, closes mid-line and floods.
TESTS += tests/hostile/headless.py tests/hostile/term.py
EXTRA_DIST += tests/hostile/headless.py tests/hostile/term.py \
	tests/hostile/harness.py tests/hostile/hostile_server.py
