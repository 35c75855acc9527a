# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by tests/*/*.sh: TAP output, a free loopback port, and a real
# tui-chatd started and stopped around a test. Everything talks only to
# 127.0.0.1; every wait is bounded.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
: "${PYTHON3:=/usr/bin/python3}"
TUI_CHATD="$top_builddir/tui-chatd"
TUI_CHAT="$top_builddir/tui-chat"

tap_n=0
tap_failed=0
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/tui-chat-test.XXXXXX")
# History is on by default: no daemon or client of a test writes to $HOME.
XDG_STATE_HOME="$TEST_TMP/state"
export XDG_STATE_HOME
_cleanups=""

# plan N: print the TAP plan.
plan() { echo "1..$1"; }

# ok COND DESCRIPTION: COND is a command; its status decides.
ok() {
	_desc=$2
	tap_n=$((tap_n + 1))
	if eval "$1"; then
		echo "ok $tap_n - $_desc"
	else
		echo "not ok $tap_n - $_desc"
		tap_failed=$((tap_failed + 1))
	fi
}

# pass/fail DESCRIPTION: record an outcome decided by the caller.
pass() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
fail() {
	tap_n=$((tap_n + 1)); echo "not ok $tap_n - $1"
	tap_failed=$((tap_failed + 1))
	[ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/# /'
	return 0
}

# diag TEXT: a TAP comment.
diag() { printf '%s\n' "$*" | sed 's/^/# /'; }

# at_exit CMD: run CMD when the test ends (last registered runs first).
at_exit() { _cleanups="$1; $_cleanups"; }
_run_cleanups() {
	eval "$_cleanups"
	rm -rf "$TEST_TMP"
}
trap '_run_cleanups' EXIT
trap 'exit 130' INT TERM

# free_port: print a TCP port that is free on 127.0.0.1 right now.
free_port() {
	"$PYTHON3" -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_port PORT [SECONDS]: wait until something listens on 127.0.0.1:PORT.
wait_port() {
	_i=0
	_limit=$(( ${2:-10} * 20 ))
	while [ $_i -lt $_limit ]; do
		"$PYTHON3" -c 'import socket,sys
s = socket.socket()
try:
    s.connect(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)' "$1" 2>/dev/null && return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	return 1
}

# start_daemon [ARGS...]: start tui-chatd on a free port with discovery off;
# sets DAEMON_PORT, DAEMON_PID, DAEMON_LOG. Extra args go to tui-chatd.
start_daemon() {
	DAEMON_PORT=$(free_port)
	DAEMON_LOG="$TEST_TMP/daemon.$DAEMON_PORT.log"
	"$TUI_CHATD" --listen "127.0.0.1:$DAEMON_PORT" --no-discovery \
	    --name test.server --state-dir "$TEST_TMP/state.$DAEMON_PORT" \
	    "$@" 2>"$DAEMON_LOG" &
	DAEMON_PID=$!
	at_exit "stop_daemon $DAEMON_PID"
	if ! wait_port "$DAEMON_PORT" 10; then
		diag "tui-chatd did not start:"
		diag "$(cat "$DAEMON_LOG")"
		return 1
	fi
}

# stop_daemon PID: SIGTERM, wait (bounded), then SIGKILL.
stop_daemon() {
	kill -TERM "$1" 2>/dev/null || return 0
	_i=0
	while kill -0 "$1" 2>/dev/null && [ $_i -lt 100 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# done_testing: exit non-zero if any case failed.
done_testing() {
	[ "$tap_failed" -eq 0 ]
}
