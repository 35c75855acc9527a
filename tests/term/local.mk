# SPDX-License-Identifier: GPL-3.0-or-later
# The client's tests that run the real tui-chat: headless integration
# suites (tests/integration/client_*.sh) and terminal tests in a private
# tmux server (tests/term/*.sh). tui_lib.sh holds their helpers.
CLIENT_TESTS = \
	tests/integration/client_rooms.sh \
	tests/integration/client_headless.sh \
	tests/integration/client_ngircd.sh \
	tests/integration/client_servers.sh \
	tests/integration/client_crnul.py \
	tests/integration/client_badlines.py \
	tests/integration/client_nickretry.py \
	tests/integration/client_names.py \
	tests/integration/client_deadlink.py \
	tests/integration/client_history.py \
	tests/integration/client_history_daemon.py \
	tests/integration/client_numerics.sh \
	tests/integration/client_files.py
TERM_TESTS = \
	tests/term/term_layout.sh \
	tests/term/term_windows.sh \
	tests/term/term_scroll.sh \
	tests/term/term_paste.sh \
	tests/term/term_reconnect.sh \
	tests/term/term_history.py \
	tests/term/term_account.sh \
	tests/term/term_nicklist.sh \
	tests/term/term_notify.sh \
	tests/term/term_log.sh \
	tests/term/term_noise.sh \
	tests/term/term_set.sh \
	tests/term/term_input.sh \
	tests/term/term_files.sh \
	tests/term/term_servers.sh
TESTS += $(CLIENT_TESTS) $(TERM_TESTS)
EXTRA_DIST += $(CLIENT_TESTS) $(TERM_TESTS) tests/term/tui_lib.sh \
	tests/term/feedserver.py \
	tests/lib/fakeserver.py
