# SPDX-License-Identifier: GPL-3.0-or-later
# Fuzz targets (libFuzzer; ./configure --enable-fuzzing CC=clang) and the
# corpus replay that every make check runs, fuzzing build or not.
#
# Each target T has tests/fuzz/T_fuzzer.c defining LLVMFuzzerTestOneInput and
# a seed corpus in tests/fuzz/corpus/T/ (crash reproducers included: every
# finding stays there as a regression input). tests/fuzz/replay_T is the
# same code with a plain main() that runs the corpus (TAP, one line per
# file). `make fuzz` runs each target for FUZZ_SECONDS; new inputs go to
# fuzz-work/T, crashes to fuzz-work/T-crash-*. `make fuzz-merge` minimises
# fuzz-work/T into the source corpus. tests/fuzz/ci.sh is the CI run.

FUZZ_TARGETS = irc_msg irc_frame sanitize mdns_wire dispatch client sasl \
	history http_parse cluster_msg
FUZZ_SECONDS = 60
FUZZ_COMMON = tests/fuzz/fuzz.h
FUZZ_LIBS = shared/libshared.a $(LIBEVENT_LIBS) $(LIBBSD_LIBS)
FUZZ_REPLAY = tests/fuzz/replay_irc_msg tests/fuzz/replay_irc_frame \
	tests/fuzz/replay_sanitize tests/fuzz/replay_mdns_wire \
	tests/fuzz/replay_dispatch tests/fuzz/replay_client \
	tests/fuzz/replay_sasl tests/fuzz/replay_history \
	tests/fuzz/replay_http_parse tests/fuzz/replay_cluster_msg
check_PROGRAMS += $(FUZZ_REPLAY)
TESTS += $(FUZZ_REPLAY)
EXTRA_DIST += tests/fuzz/corpus tests/fuzz/dict tests/fuzz/run.sh tests/fuzz/ci.sh \
	tests/fuzz/seed/record.py tests/fuzz/seed/mdns_seeds.py \
	tests/fuzz/seed/text_seeds.py tests/fuzz/seed/hostile_seeds.py \
	tests/fuzz/seed/cluster_seeds.py

tests_fuzz_replay_irc_msg_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/irc_msg_fuzzer.c $(FUZZ_COMMON)
tests_fuzz_replay_irc_msg_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFUZZ_CORPUS='"tests/fuzz/corpus/irc_msg"'
tests_fuzz_replay_irc_msg_LDADD = $(FUZZ_LIBS)

tests_fuzz_replay_irc_frame_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/irc_frame_fuzzer.c $(FUZZ_COMMON)
tests_fuzz_replay_irc_frame_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFUZZ_CORPUS='"tests/fuzz/corpus/irc_frame"'
tests_fuzz_replay_irc_frame_LDADD = $(FUZZ_LIBS)

tests_fuzz_replay_sanitize_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/sanitize_fuzzer.c $(FUZZ_COMMON)
tests_fuzz_replay_sanitize_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFUZZ_CORPUS='"tests/fuzz/corpus/sanitize"'
tests_fuzz_replay_sanitize_LDADD = $(FUZZ_LIBS)

tests_fuzz_replay_mdns_wire_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/mdns_wire_fuzzer.c $(FUZZ_COMMON)
tests_fuzz_replay_mdns_wire_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFUZZ_CORPUS='"tests/fuzz/corpus/mdns_wire"'
tests_fuzz_replay_mdns_wire_LDADD = $(FUZZ_LIBS)

tests_fuzz_replay_cluster_msg_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/cluster_msg_fuzzer.c $(FUZZ_COMMON) daemon/cluster_msg.c
tests_fuzz_replay_cluster_msg_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/daemon -DFUZZ_CORPUS='"tests/fuzz/corpus/cluster_msg"'
tests_fuzz_replay_cluster_msg_LDADD = $(FUZZ_LIBS)

# The daemon without main.c (fuzz_daemon.c defines cfg and
# daemon_started): keep in step with tui_chatd_SOURCES in daemon/local.mk.
FUZZ_DAEMON_HARNESS = tests/fuzz/fuzz_daemon.c tests/fuzz/fuzz_daemon.h
FUZZ_DAEMON = daemon/settings.c daemon/listen.c daemon/conn.c \
	daemon/dispatch.c daemon/line.c daemon/linger.c daemon/outbuf.c \
	daemon/table.c daemon/tls.c \
	daemon/cmd_reg.c \
	daemon/cmd_room.c daemon/cmd_msg.c daemon/cmd_mode.c \
	daemon/cmd_info.c daemon/user.c daemon/room.c daemon/reply.c \
	daemon/cmd_server.c daemon/cmd_help.c \
	daemon/cmd_ident.c daemon/cmd_monitor.c daemon/cmd_who.c \
	daemon/cmd_whowas.c \
	daemon/cmd_history.c daemon/history.c daemon/label.c daemon/msgid.c \
	daemon/store.c daemon/store_sqlite.c daemon/store_chunk.c \
	daemon/store_redis.c daemon/store_redis_line.c daemon/redis_reader.c \
	$(DAEMON_HTTP_SOURCES)
FUZZ_DAEMON += daemon/account.c daemon/cmd_sasl.c daemon/cmd_account.c \
	daemon/cmd_oper.c
FUZZ_DAEMON += daemon/relay.c daemon/cluster.c daemon/cluster_apply.c \
	daemon/cluster_msg.c daemon/cluster_redis.c daemon/cluster_user.c
FUZZ_DAEMON_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon $(INIH_CFLAGS) \
	$(OPENSSL_CFLAGS) $(SQLITE_CFLAGS) $(HIREDIS_CFLAGS)
FUZZ_DAEMON_LIBS = $(OPENSSL_LIBS) $(FUZZ_LIBS) $(INIH_LIBS) \
	$(SQLITE_LIBS) $(ARGON2_LIBS) $(HIREDIS_LIBS) -lpthread

tests_fuzz_replay_dispatch_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/dispatch_fuzzer.c $(FUZZ_COMMON) $(FUZZ_DAEMON_HARNESS) \
	$(FUZZ_DAEMON)
tests_fuzz_replay_dispatch_CPPFLAGS = $(FUZZ_DAEMON_CPPFLAGS) \
	-DFUZZ_CORPUS='"tests/fuzz/corpus/dispatch"'
tests_fuzz_replay_dispatch_LDADD = $(FUZZ_DAEMON_LIBS)

tests_fuzz_replay_sasl_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/sasl_fuzzer.c $(FUZZ_COMMON) $(FUZZ_DAEMON_HARNESS) \
	$(FUZZ_DAEMON)
tests_fuzz_replay_sasl_CPPFLAGS = $(FUZZ_DAEMON_CPPFLAGS) \
	-DFUZZ_CORPUS='"tests/fuzz/corpus/sasl"'
tests_fuzz_replay_sasl_LDADD = $(FUZZ_DAEMON_LIBS)

tests_fuzz_replay_history_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/history_fuzzer.c $(FUZZ_COMMON) $(FUZZ_DAEMON_HARNESS) \
	$(FUZZ_DAEMON)
tests_fuzz_replay_history_CPPFLAGS = $(FUZZ_DAEMON_CPPFLAGS) \
	-DFUZZ_CORPUS='"tests/fuzz/corpus/history"'
tests_fuzz_replay_history_LDADD = $(FUZZ_DAEMON_LIBS)

tests_fuzz_replay_http_parse_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/http_parse_fuzzer.c $(FUZZ_COMMON)
tests_fuzz_replay_http_parse_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFUZZ_CORPUS='"tests/fuzz/corpus/http_parse"'
tests_fuzz_replay_http_parse_LDADD = $(FUZZ_LIBS)

# The client: libtui.a, as the client's unit tests link it.
FUZZ_CLIENT_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tui
FUZZ_CLIENT_LIBS = tui/libtui.a $(OPENSSL_LIBS) $(FUZZ_LIBS) $(NCURSESW_LIBS) \
	$(READLINE_LIBS) $(INIH_LIBS) $(JANSSON_LIBS)

tests_fuzz_replay_client_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/client_fuzzer.c $(FUZZ_COMMON)
tests_fuzz_replay_client_CPPFLAGS = $(FUZZ_CLIENT_CPPFLAGS) \
	-DFUZZ_CORPUS='"tests/fuzz/corpus/client"'
tests_fuzz_replay_client_LDADD = $(FUZZ_CLIENT_LIBS)

if FUZZING
# Coverage feedback for everything (the shared library and the daemon too);
# only the fuzzer binaries link libFuzzer's main. UB must crash, not warn.
# UBSan without its alignment and pointer-overflow checks, as OSS-Fuzz
# builds: each is a 64-bit compare on a pointer, which clang 14's trace-cmp
# hooks as if it were the program's (2,190 of client_fuzzer's 2,496 such
# hooks, most of the fifth of its time they took; libFuzzer learns nothing
# from them). The sanitizer build (--enable-sanitizers) keeps every check
# and replays every corpus and crash input in make check.
FUZZ_SAN = -fsanitize=address,undefined \
	-fno-sanitize=alignment,pointer-overflow -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -g
AM_CFLAGS += -fsanitize=fuzzer-no-link $(FUZZ_SAN)
AM_LDFLAGS += $(FUZZ_SAN)
FUZZ_LINK = $(AM_LDFLAGS) -fsanitize=fuzzer
FUZZ_PROGS = tests/fuzz/irc_msg_fuzzer tests/fuzz/irc_frame_fuzzer \
	tests/fuzz/sanitize_fuzzer tests/fuzz/mdns_wire_fuzzer \
	tests/fuzz/dispatch_fuzzer tests/fuzz/client_fuzzer \
	tests/fuzz/sasl_fuzzer tests/fuzz/history_fuzzer \
	tests/fuzz/http_parse_fuzzer tests/fuzz/cluster_msg_fuzzer
noinst_PROGRAMS += $(FUZZ_PROGS)

tests_fuzz_irc_msg_fuzzer_SOURCES = tests/fuzz/irc_msg_fuzzer.c $(FUZZ_COMMON)
tests_fuzz_irc_msg_fuzzer_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_irc_msg_fuzzer_LDADD = $(FUZZ_LIBS)

tests_fuzz_irc_frame_fuzzer_SOURCES = tests/fuzz/irc_frame_fuzzer.c \
	$(FUZZ_COMMON)
tests_fuzz_irc_frame_fuzzer_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_irc_frame_fuzzer_LDADD = $(FUZZ_LIBS)

tests_fuzz_sanitize_fuzzer_SOURCES = tests/fuzz/sanitize_fuzzer.c \
	$(FUZZ_COMMON)
tests_fuzz_sanitize_fuzzer_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_sanitize_fuzzer_LDADD = $(FUZZ_LIBS)

tests_fuzz_mdns_wire_fuzzer_SOURCES = tests/fuzz/mdns_wire_fuzzer.c \
	$(FUZZ_COMMON)
tests_fuzz_mdns_wire_fuzzer_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_mdns_wire_fuzzer_LDADD = $(FUZZ_LIBS)

tests_fuzz_dispatch_fuzzer_SOURCES = tests/fuzz/dispatch_fuzzer.c \
	$(FUZZ_COMMON) $(FUZZ_DAEMON_HARNESS) $(FUZZ_DAEMON)
tests_fuzz_dispatch_fuzzer_CPPFLAGS = $(FUZZ_DAEMON_CPPFLAGS)
tests_fuzz_dispatch_fuzzer_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_dispatch_fuzzer_LDADD = $(FUZZ_DAEMON_LIBS)

tests_fuzz_sasl_fuzzer_SOURCES = tests/fuzz/sasl_fuzzer.c \
	$(FUZZ_COMMON) $(FUZZ_DAEMON_HARNESS) $(FUZZ_DAEMON)
tests_fuzz_sasl_fuzzer_CPPFLAGS = $(FUZZ_DAEMON_CPPFLAGS)
tests_fuzz_sasl_fuzzer_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_sasl_fuzzer_LDADD = $(FUZZ_DAEMON_LIBS)

tests_fuzz_history_fuzzer_SOURCES = tests/fuzz/history_fuzzer.c \
	$(FUZZ_COMMON) $(FUZZ_DAEMON_HARNESS) $(FUZZ_DAEMON)
tests_fuzz_history_fuzzer_CPPFLAGS = $(FUZZ_DAEMON_CPPFLAGS)
tests_fuzz_history_fuzzer_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_history_fuzzer_LDADD = $(FUZZ_DAEMON_LIBS)

tests_fuzz_http_parse_fuzzer_SOURCES = tests/fuzz/http_parse_fuzzer.c \
	$(FUZZ_COMMON)
tests_fuzz_http_parse_fuzzer_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_http_parse_fuzzer_LDADD = $(FUZZ_LIBS)

tests_fuzz_client_fuzzer_SOURCES = tests/fuzz/client_fuzzer.c $(FUZZ_COMMON)
tests_fuzz_client_fuzzer_CPPFLAGS = $(FUZZ_CLIENT_CPPFLAGS)
tests_fuzz_client_fuzzer_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_client_fuzzer_LDADD = $(FUZZ_CLIENT_LIBS)

tests_fuzz_cluster_msg_fuzzer_SOURCES = tests/fuzz/cluster_msg_fuzzer.c \
	$(FUZZ_COMMON) daemon/cluster_msg.c
tests_fuzz_cluster_msg_fuzzer_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
tests_fuzz_cluster_msg_fuzzer_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_cluster_msg_fuzzer_LDADD = $(FUZZ_LIBS)
else
FUZZ_PROGS =
endif

.PHONY: fuzz fuzz-merge fuzz-long
# The long run: FUZZ_SECONDS per target (an hour unless given on the
# command line) with FUZZ_JOBS libFuzzer -fork workers; for example
# make fuzz-long FUZZ_SECONDS=600 FUZZ_JOBS=2 FUZZ_TARGETS='dispatch client'
# FUZZ_RUNS=N (with FUZZ_JOBS=1) stops each target after N executions:
# make fuzz-long FUZZ_JOBS=1 FUZZ_RUNS=10000000 FUZZ_SECONDS=7200
FUZZ_LONG_SECONDS = $(if $(filter command line environment,\
	$(origin FUZZ_SECONDS)),$(FUZZ_SECONDS),3600)
FUZZ_JOBS = 2
FUZZ_RUNS =
fuzz-long: $(FUZZ_PROGS)
	@FUZZ_JOBS=$(FUZZ_JOBS) FUZZ_RUNS=$(FUZZ_RUNS) $(SHELL) $(top_srcdir)/tests/fuzz/run.sh long \
	    $(FUZZ_LONG_SECONDS) $(top_srcdir)/tests/fuzz $(FUZZ_TARGETS)
fuzz: $(FUZZ_PROGS)
	@$(SHELL) $(top_srcdir)/tests/fuzz/run.sh run $(FUZZ_SECONDS) \
	    $(top_srcdir)/tests/fuzz $(FUZZ_TARGETS)
fuzz-merge: $(FUZZ_PROGS)
	@$(SHELL) $(top_srcdir)/tests/fuzz/run.sh merge 0 \
	    $(top_srcdir)/tests/fuzz $(FUZZ_TARGETS)

# The Redis history backend's stream entries (daemon/store_redis_line.c).
FUZZ_TARGETS += store_redis
check_PROGRAMS += tests/fuzz/replay_store_redis
TESTS += tests/fuzz/replay_store_redis
FUZZ_STORE_REDIS = tests/fuzz/store_redis_fuzzer.c $(FUZZ_COMMON) \
	daemon/store_redis_line.c daemon/redis_reader.c daemon/msgid.c
tests_fuzz_replay_store_redis_SOURCES = tests/fuzz/replay.c \
	$(FUZZ_STORE_REDIS)
tests_fuzz_replay_store_redis_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/daemon $(HIREDIS_CFLAGS) \
	-DFUZZ_CORPUS='"tests/fuzz/corpus/store_redis"'
tests_fuzz_replay_store_redis_LDADD = $(FUZZ_LIBS) $(HIREDIS_LIBS)
if FUZZING
FUZZ_PROGS += tests/fuzz/store_redis_fuzzer
noinst_PROGRAMS += tests/fuzz/store_redis_fuzzer
tests_fuzz_store_redis_fuzzer_SOURCES = $(FUZZ_STORE_REDIS)
tests_fuzz_store_redis_fuzzer_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/daemon $(HIREDIS_CFLAGS)
tests_fuzz_store_redis_fuzzer_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_store_redis_fuzzer_LDADD = $(FUZZ_LIBS) $(HIREDIS_LIBS)
endif

# The file host's request handling through its connection code
# (daemon/http_server.c and the handlers), on the dispatch target's daemon.
FUZZ_TARGETS += http_server
check_PROGRAMS += tests/fuzz/replay_http_server
TESTS += tests/fuzz/replay_http_server
tests_fuzz_replay_http_server_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/http_server_fuzzer.c $(FUZZ_COMMON) $(FUZZ_DAEMON_HARNESS) \
	$(FUZZ_DAEMON)
tests_fuzz_replay_http_server_CPPFLAGS = $(FUZZ_DAEMON_CPPFLAGS) \
	-DFUZZ_CORPUS='"tests/fuzz/corpus/http_server"'
tests_fuzz_replay_http_server_LDADD = $(FUZZ_DAEMON_LIBS)
if FUZZING
FUZZ_PROGS += tests/fuzz/http_server_fuzzer
noinst_PROGRAMS += tests/fuzz/http_server_fuzzer
tests_fuzz_http_server_fuzzer_SOURCES = tests/fuzz/http_server_fuzzer.c \
	$(FUZZ_COMMON) $(FUZZ_DAEMON_HARNESS) $(FUZZ_DAEMON)
tests_fuzz_http_server_fuzzer_CPPFLAGS = $(FUZZ_DAEMON_CPPFLAGS)
tests_fuzz_http_server_fuzzer_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_http_server_fuzzer_LDADD = $(FUZZ_DAEMON_LIBS)
endif

# CHATHISTORY against the real SQLite store, on the dispatch target's
# daemon with a history made before the first input.
FUZZ_TARGETS += chathistory
check_PROGRAMS += tests/fuzz/replay_chathistory
TESTS += tests/fuzz/replay_chathistory
tests_fuzz_replay_chathistory_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/chathistory_fuzzer.c $(FUZZ_COMMON) $(FUZZ_DAEMON_HARNESS) \
	$(FUZZ_DAEMON)
tests_fuzz_replay_chathistory_CPPFLAGS = $(FUZZ_DAEMON_CPPFLAGS) \
	-DFUZZ_CORPUS='"tests/fuzz/corpus/chathistory"'
tests_fuzz_replay_chathistory_LDADD = $(FUZZ_DAEMON_LIBS)
if FUZZING
FUZZ_PROGS += tests/fuzz/chathistory_fuzzer
noinst_PROGRAMS += tests/fuzz/chathistory_fuzzer
tests_fuzz_chathistory_fuzzer_SOURCES = tests/fuzz/chathistory_fuzzer.c \
	$(FUZZ_COMMON) $(FUZZ_DAEMON_HARNESS) $(FUZZ_DAEMON)
tests_fuzz_chathistory_fuzzer_CPPFLAGS = $(FUZZ_DAEMON_CPPFLAGS)
tests_fuzz_chathistory_fuzzer_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_chathistory_fuzzer_LDADD = $(FUZZ_DAEMON_LIBS)
endif
