# SPDX-License-Identifier: GPL-3.0-or-later
# libshared.a: protocol core, discovery packets, utilities. No curses here.
noinst_LIBRARIES += shared/libshared.a
shared_libshared_a_SOURCES = \
	shared/compat.h \
	shared/base64.c shared/base64.h \
	shared/irc_case.c shared/irc_case.h \
	shared/irc_fmt.c shared/irc_fmt.h \
	shared/irc_frame.c shared/irc_frame.h \
	shared/irc_msg.c shared/irc_msg.h \
	shared/irc_numeric.c shared/irc_numeric.h \
	shared/irc_tags.c shared/irc_tags.h \
	shared/http_parse.c shared/http_parse.h \
	shared/log.c shared/log.h \
	shared/sanitize.c shared/sanitize.h shared/width.c shared/width.h \
	shared/utf8.c shared/utf8.h \
	shared/xmalloc.c shared/xmalloc.h
