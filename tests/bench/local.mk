# SPDX-License-Identifier: GPL-3.0-or-later
# tests/bench: our IRC/Redis load generator, the side-by-side benchmark
# (`make bench`, not part of `make check`) and a correctness-only smoke run.
noinst_PROGRAMS += tests/bench/loadgen
tests_bench_loadgen_SOURCES = \
	tests/bench/loadgen.c \
	tests/bench/lg.h \
	tests/bench/lg_conn.c \
	tests/bench/lg_stat.c \
	tests/bench/lg_tls.c \
	tests/bench/lg_traffic.c
tests_bench_loadgen_CPPFLAGS = $(AM_CPPFLAGS) $(OPENSSL_CFLAGS)
tests_bench_loadgen_LDADD = shared/libshared.a $(OPENSSL_LIBS) \
	$(LIBEVENT_LIBS) $(LIBBSD_LIBS)

EXTRA_DIST += tests/bench/run.sh tests/bench/table.py tests/bench/client.sh \
	tests/bench/keyecho.py tests/bench/history.sh tests/bench/cluster.sh tests/bench/histq.py \
	tests/bench/files.sh
TESTS += tests/bench/smoke.sh
EXTRA_DIST += tests/bench/smoke.sh tests/bench/faulty_server.py

# The whole comparison; BENCH_ARGS passes options to run.sh, for example
# make bench BENCH_ARGS='--only fanout --duration 2'.
bench: tests/bench/loadgen$(EXEEXT) tui-chatd$(EXEEXT) tui-chat$(EXEEXT)
	top_builddir='$(abs_top_builddir)' top_srcdir='$(abs_top_srcdir)' \
	    $(SHELL) $(top_srcdir)/tests/bench/run.sh $(BENCH_ARGS)
	top_builddir='$(abs_top_builddir)' top_srcdir='$(abs_top_srcdir)' \
	    $(SHELL) $(top_srcdir)/tests/bench/files.sh $(BENCH_FILES_ARGS)
# The file host next to nginx alone: make bench-files BENCH_FILES_ARGS=...
bench-files: tui-chatd$(EXEEXT)
	top_builddir='$(abs_top_builddir)' top_srcdir='$(abs_top_srcdir)' \
	    $(SHELL) $(top_srcdir)/tests/bench/files.sh $(BENCH_FILES_ARGS)
.PHONY: bench bench-files
