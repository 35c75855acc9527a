# SPDX-License-Identifier: GPL-3.0-or-later
# Integration tests against the real tui-chatd: protocol, access control,
# hostile peers and third-party clients.  Each test starts its own daemon
# on a free loopback port (tests/lib/ircclient.py or common.sh).
INTEGRATION_TESTS = \
	tests/integration/proto_register.py \
	tests/integration/proto_rooms.py \
	tests/integration/proto_limits.py \
	tests/integration/proto_lifecycle.py \
	tests/integration/proto_edge.py \
	tests/integration/proto_modes.py \
	tests/integration/proto_monitor.py \
	tests/integration/proto_who.py \
	tests/integration/proto_ircv3.py \
	tests/integration/access.py \
	tests/integration/files.py \
	tests/integration/history.py \
	tests/integration/history_store.py \
	tests/integration/hostile_input.py \
	tests/integration/hostile_load.py \
	tests/integration/thirdparty_pyirc.py \
	tests/integration/thirdparty_irssi.py \
	tests/integration/thirdparty_weechat.py \
	tests/integration/accounts.py \
	tests/integration/operators.py \
	tests/integration/client_sasl.py \
	tests/integration/thirdparty_pyirc_sasl.py \
	tests/integration/sasl_external.py \
	tests/integration/tls_daemon.py \
	tests/integration/tls_client.py \
	tests/integration/tls_interop.py \
	tests/integration/cmds_server.py \
	tests/integration/cmds_help.py \
	tests/integration/cmds_rooms.py \
	tests/integration/thirdparty_irssi_server.py \
	tests/integration/cmds_oper.py
TESTS += $(INTEGRATION_TESTS)
EXTRA_DIST += $(INTEGRATION_TESTS) tests/lib/ircclient.py
# History in Redis (--cluster): the history suites again, and across nodes.
HISTORY_REDIS_TESTS = \
	tests/integration/history_redis.py \
	tests/integration/history_redis_store.py \
	tests/integration/client_history_daemon_redis.py \
	tests/integration/history_cluster.py
TESTS += $(HISTORY_REDIS_TESTS)
EXTRA_DIST += $(HISTORY_REDIS_TESTS)
