# SPDX-License-Identifier: GPL-3.0-or-later
# Unit tests of the client (cmocka): they link the same libtui.a objects.
TUI_UNIT_LDADD = tui/libtui.a shared/libshared.a $(CMOCKA_LIBS) $(OPENSSL_LIBS) \
	$(LIBEVENT_LIBS) $(NCURSESW_LIBS) $(READLINE_LIBS) $(INIH_LIBS) \
	$(LIBBSD_LIBS) $(JANSSON_LIBS)
TUI_UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
TUI_UNIT_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tui

tui_unit_tests = tests/unit/test_sanitize tests/unit/test_width \
	tests/unit/test_wrap tests/unit/test_window tests/unit/test_keys \
	tests/unit/test_command tests/unit/test_render tests/unit/test_history \
	tests/unit/test_nicklist tests/unit/test_numeric_text \
	tests/unit/test_highlight tests/unit/test_url tests/unit/test_noise \
	tests/unit/test_prefs_set \
	tests/unit/test_tls_pin tests/unit/test_chat_event
check_PROGRAMS += $(tui_unit_tests)
TESTS += $(tui_unit_tests)

tests_unit_test_sanitize_SOURCES = tests/unit/test_sanitize.c
tests_unit_test_sanitize_CFLAGS = $(TUI_UNIT_CFLAGS)
tests_unit_test_sanitize_CPPFLAGS = $(TUI_UNIT_CPPFLAGS)
tests_unit_test_sanitize_LDADD = $(TUI_UNIT_LDADD)
tests_unit_test_width_SOURCES = tests/unit/test_width.c
tests_unit_test_width_CFLAGS = $(TUI_UNIT_CFLAGS)
tests_unit_test_width_CPPFLAGS = $(TUI_UNIT_CPPFLAGS)
tests_unit_test_width_LDADD = $(TUI_UNIT_LDADD)
tests_unit_test_wrap_SOURCES = tests/unit/test_wrap.c
tests_unit_test_wrap_CFLAGS = $(TUI_UNIT_CFLAGS)
tests_unit_test_wrap_CPPFLAGS = $(TUI_UNIT_CPPFLAGS)
tests_unit_test_wrap_LDADD = $(TUI_UNIT_LDADD)
tests_unit_test_tls_pin_SOURCES = tests/unit/test_tls_pin.c
tests_unit_test_tls_pin_CFLAGS = $(TUI_UNIT_CFLAGS)
tests_unit_test_tls_pin_CPPFLAGS = $(TUI_UNIT_CPPFLAGS)
tests_unit_test_tls_pin_LDADD = $(TUI_UNIT_LDADD)
tests_unit_test_window_SOURCES = tests/unit/test_window.c
tests_unit_test_window_CFLAGS = $(TUI_UNIT_CFLAGS)
tests_unit_test_window_CPPFLAGS = $(TUI_UNIT_CPPFLAGS)
tests_unit_test_window_LDADD = $(TUI_UNIT_LDADD)
tests_unit_test_keys_SOURCES = tests/unit/test_keys.c
tests_unit_test_keys_CFLAGS = $(TUI_UNIT_CFLAGS)
tests_unit_test_keys_CPPFLAGS = $(TUI_UNIT_CPPFLAGS)
tests_unit_test_keys_LDADD = $(TUI_UNIT_LDADD)
tests_unit_test_command_SOURCES = tests/unit/test_command.c
tests_unit_test_command_CFLAGS = $(TUI_UNIT_CFLAGS)
tests_unit_test_command_CPPFLAGS = $(TUI_UNIT_CPPFLAGS)
tests_unit_test_command_LDADD = $(TUI_UNIT_LDADD)
tests_unit_test_command_LDFLAGS = $(AM_LDFLAGS) -Wl,--wrap=net_send
tests_unit_test_render_SOURCES = tests/unit/test_render.c
tests_unit_test_render_CFLAGS = $(TUI_UNIT_CFLAGS)
tests_unit_test_render_CPPFLAGS = $(TUI_UNIT_CPPFLAGS)
tests_unit_test_render_LDADD = $(TUI_UNIT_LDADD)
tests_unit_test_history_SOURCES = tests/unit/test_history.c
tests_unit_test_history_CFLAGS = $(TUI_UNIT_CFLAGS)
tests_unit_test_history_CPPFLAGS = $(TUI_UNIT_CPPFLAGS)
tests_unit_test_history_LDADD = $(TUI_UNIT_LDADD)
tests_unit_test_history_LDFLAGS = $(AM_LDFLAGS) -Wl,--wrap=net_send
tests_unit_test_nicklist_SOURCES = tests/unit/test_nicklist.c
tests_unit_test_nicklist_CFLAGS = $(TUI_UNIT_CFLAGS)
tests_unit_test_nicklist_CPPFLAGS = $(TUI_UNIT_CPPFLAGS)
tests_unit_test_nicklist_LDADD = $(TUI_UNIT_LDADD)
tests_unit_test_numeric_text_SOURCES = tests/unit/test_numeric_text.c
tests_unit_test_numeric_text_CFLAGS = $(TUI_UNIT_CFLAGS)
tests_unit_test_numeric_text_CPPFLAGS = $(TUI_UNIT_CPPFLAGS)
tests_unit_test_numeric_text_LDADD = $(TUI_UNIT_LDADD)
tests_unit_test_highlight_SOURCES = tests/unit/test_highlight.c
tests_unit_test_highlight_CFLAGS = $(TUI_UNIT_CFLAGS)
tests_unit_test_highlight_CPPFLAGS = $(TUI_UNIT_CPPFLAGS)
tests_unit_test_highlight_LDADD = $(TUI_UNIT_LDADD)
tests_unit_test_chat_event_SOURCES = tests/unit/test_chat_event.c
tests_unit_test_chat_event_CFLAGS = $(TUI_UNIT_CFLAGS)
tests_unit_test_chat_event_CPPFLAGS = $(TUI_UNIT_CPPFLAGS)
tests_unit_test_chat_event_LDADD = $(TUI_UNIT_LDADD)
tests_unit_test_url_SOURCES = tests/unit/test_url.c
tests_unit_test_url_CFLAGS = $(TUI_UNIT_CFLAGS)
tests_unit_test_url_CPPFLAGS = $(TUI_UNIT_CPPFLAGS)
tests_unit_test_url_LDADD = $(TUI_UNIT_LDADD)
tests_unit_test_noise_SOURCES = tests/unit/test_noise.c
tests_unit_test_noise_CFLAGS = $(TUI_UNIT_CFLAGS)
tests_unit_test_noise_CPPFLAGS = $(TUI_UNIT_CPPFLAGS)
tests_unit_test_noise_LDADD = $(TUI_UNIT_LDADD)
tests_unit_test_prefs_set_SOURCES = tests/unit/test_prefs_set.c
tests_unit_test_prefs_set_CFLAGS = $(TUI_UNIT_CFLAGS)
tests_unit_test_prefs_set_CPPFLAGS = $(TUI_UNIT_CPPFLAGS)
tests_unit_test_prefs_set_LDADD = $(TUI_UNIT_LDADD)
