# SPDX-License-Identifier: GPL-3.0-or-later
# tui-chatd: the daemon. daemon/announce.mk appends the mDNS responder.
sbin_PROGRAMS += tui-chatd
tui_chatd_SOURCES = \
	daemon/main.c \
	daemon/daemon.h \
	daemon/settings.c daemon/settings.h \
	daemon/listen.c daemon/listen.h \
	daemon/conn.c daemon/conn.h \
	daemon/dispatch.c daemon/dispatch.h \
	daemon/cmd.h \
	daemon/cap.h \
	daemon/line.c daemon/line.h \
	daemon/linger.c daemon/linger.h \
	daemon/outbuf.c daemon/outbuf.h \
	daemon/table.c daemon/table.h \
	daemon/tls.c daemon/tls.h \
	daemon/cmd_reg.c \
	daemon/cmd_room.c \
	daemon/cmd_msg.c \
	daemon/cmd_mode.c \
	daemon/cmd_info.c \
	daemon/cmd_server.c \
	daemon/cmd_help.c \
	daemon/cmd_history.c \
	daemon/history.c daemon/history.h \
	daemon/label.c daemon/label.h \
	daemon/msgid.c daemon/msgid.h \
	daemon/store.c daemon/store.h \
	daemon/store_sqlite.c daemon/store_chunk.c daemon/store_chunk.h \
	daemon/cmd_ident.c \
	daemon/cmd_monitor.c \
	daemon/cmd_who.c \
	daemon/cmd_whowas.c \
	daemon/user.c daemon/user.h \
	daemon/room.c daemon/room.h \
	daemon/reply.c daemon/reply.h
# the cluster (issue 15): relay.c is the hooks the commands call
DAEMON_CLUSTER_SOURCES = \
	daemon/relay.c daemon/relay.h \
	daemon/cluster.c daemon/cluster.h \
	daemon/cluster_apply.c \
	daemon/cluster_msg.c daemon/cluster_msg.h \
	daemon/cluster_redis.c \
	daemon/cluster_user.c
tui_chatd_SOURCES += $(DAEMON_CLUSTER_SOURCES)
# accounts, SASL, REGISTER, nick ownership and operators
tui_chatd_SOURCES += \
	daemon/account.c daemon/account.h \
	daemon/account_cli.c daemon/account_cli.h \
	daemon/cmd_account.h \
	daemon/cmd_sasl.c \
	daemon/cmd_account.c \
	daemon/cmd_oper.c
# the HTTP file host (also linked by the dispatch fuzzer)
DAEMON_HTTP_SOURCES = \
	daemon/cmd_file.c \
	daemon/http.c daemon/http.h daemon/http_host.h \
	daemon/http_server.c daemon/http_server.h \
	daemon/http_files.c daemon/http_files.h \
	daemon/http_token.c daemon/http_token.h \
	daemon/http_upload.c daemon/http_get.c daemon/http_list.c
tui_chatd_SOURCES += $(DAEMON_HTTP_SOURCES)
tui_chatd_CPPFLAGS = $(AM_CPPFLAGS) $(INIH_CFLAGS) $(OPENSSL_CFLAGS)
tui_chatd_CPPFLAGS += $(SQLITE_CFLAGS) $(ARGON2_CFLAGS) $(HIREDIS_CFLAGS)
tui_chatd_LDADD = shared/libshared.a $(OPENSSL_LIBS) $(LIBEVENT_LIBS) \
	$(LIBBSD_LIBS) $(INIH_LIBS)
tui_chatd_LDADD += $(SQLITE_LIBS) $(ARGON2_LIBS) $(HIREDIS_LIBS) -lpthread

dist_man_MANS += daemon/tui-chatd.8
EXTRA_DIST += daemon/tui-chatd.service daemon/tui-chatd.conf
# the Redis history backend (cluster mode)
tui_chatd_SOURCES += daemon/store_redis.c daemon/store_redis.h \
	daemon/store_redis_line.c daemon/redis_reader.c daemon/redis_reader.h
tui_chatd_CPPFLAGS += $(HIREDIS_CFLAGS)
tui_chatd_LDADD += $(HIREDIS_LIBS)
