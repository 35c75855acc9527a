# SPDX-License-Identifier: GPL-3.0-or-later
# tui-chat, the terminal client. Everything but main.c and the discovery
# picker goes into libtui.a so the unit tests link the same objects.
noinst_LIBRARIES += tui/libtui.a
tui_libtui_a_SOURCES = \
	tui/batch.c tui/batch.h \
	tui/command.c tui/command.h \
	tui/complete.c tui/complete.h \
	tui/prefs.c tui/prefs.h \
	tui/chat_event.c tui/chat_event.h \
	tui/files.c tui/files.h \
	tui/headless.c tui/headless.h \
	tui/highlight.c tui/highlight.h \
	tui/history.c tui/history.h \
	tui/ignore.c tui/ignore.h \
	tui/http_client.c tui/http_client.h \
	tui/keys.c tui/keys.h \
	tui/lastseen.c tui/lastseen.h \
	tui/logfile.c tui/logfile.h \
	tui/net.c tui/net.h \
	tui/sasl.c tui/sasl.h \
	tui/nicklist.c tui/nicklist.h \
	tui/numeric_text.c tui/numeric_text.h \
	tui/scrollback.c tui/scrollback.h \
	tui/url.c tui/url.h \
	tui/search.c tui/search.h \
	tui/session.c tui/session.h \
	tui/smartfilter.c tui/smartfilter.h \
	tui/tls_pin.c tui/tls_pin.h \
	tui/ui_input.c tui/ui_input.h \
	tui/ui_render.c tui/ui_render.h \
	tui/ui_screen.c tui/ui_screen.h \
	tui/event.h \
	tui/window.c tui/window.h \
	tui/wrap.c tui/wrap.h
tui_libtui_a_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSESW_CFLAGS) $(READLINE_CFLAGS) \
	$(OPENSSL_CFLAGS) \
	$(INIH_CFLAGS) $(JANSSON_CFLAGS)

bin_PROGRAMS += tui-chat
tui_chat_SOURCES = tui/main.c tui/picker.c tui/picker.h
tui_chat_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSESW_CFLAGS) $(READLINE_CFLAGS)
tui_chat_LDADD = tui/libtui.a shared/libshared.a $(OPENSSL_LIBS) \
	$(LIBEVENT_LIBS) \
	$(NCURSESW_LIBS) $(READLINE_LIBS) $(INIH_LIBS) $(LIBBSD_LIBS) \
	$(JANSSON_LIBS)
dist_man_MANS += tui/tui-chat.1
