#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A seconds-long run of every bench scenario against tui-chatd, asserting
# correctness only: every client registered and joined, every message
# delivered once, in order, to every other member. No timing is checked.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"

LOADGEN="$top_builddir/tests/bench/loadgen"

plan 11

# run_lg NAME ARGS...: run loadgen, keep its output, succeed if it did.
run_lg() {
	_name=$1
	shift
	"$LOADGEN" --port "$DAEMON_PORT" --server-pid "$DAEMON_PID" \
	    --timeout 30 "$@" >"$TEST_TMP/$_name.out" 2>"$TEST_TMP/$_name.err"
	_st=$?
	diag "$_name: $(cat "$TEST_TMP/$_name.out" "$TEST_TMP/$_name.err")"
	return $_st
}

# field NAME KEY: one key=value figure from loadgen's report line.
field() {
	tr ' ' '\n' <"$TEST_TMP/$1.out" | sed -n "s/^$2=//p"
}

TLS_PORT=$(free_port)
if ! start_daemon --set flood_limit=0 --set max_per_ip=0 \
    --listen-tls "127.0.0.1:$TLS_PORT" --state-dir "$TEST_TMP/state"; then
	fail "tui-chatd starts"
	exit 1
fi

ok 'run_lg fanout --scenario fanout --clients 60 --rooms 3 --window 16 \
    --warmup 0.2 --duration 0.5' \
    "fan-out: 3 senders, 57 receivers, no loss, duplicate or reordering"
ok '[ "$(field fanout deliveries)" -gt 0 ] &&
    [ "$(field fanout deliveries)" -eq $(( $(field fanout sent) * 19 )) ]' \
    "fan-out: every message reached all 19 other members of its room"
ok 'run_lg latency --scenario latency --clients 20 --rooms 1 --rate 200 \
    --warmup 0.1 --duration 0.5' \
    "paced sender: every delivery checked"
ok 'run_lg idle --scenario idle --clients 100 --conc 50 --settle 0.1' \
    "100 clients register and join one room"
ok 'run_lg connect --scenario connect --clients 300 --conc 300 --settle 0' \
    "300 clients register at once"
ok 'run_lg tlsfan --tls --port "$TLS_PORT" --scenario fanout --clients 40 \
    --rooms 2 --window 16 --warmup 0.2 --duration 0.5' \
    "fan-out over TLS: no loss, duplicate or reordering"
ok 'run_lg tlsidle --tls --port "$TLS_PORT" --scenario idle --clients 50 \
    --conc 10 --settle 0.1' \
    "50 TLS clients register and join one room"

# The check itself: against a relay that is broken on purpose, loadgen
# must fail and name the fault; against the same relay unbroken, pass.
# fault_run FAULT: run a small fan-out against faulty_server.py.
fault_run() {
	_port=$(free_port)
	"$PYTHON3" "$top_srcdir/tests/bench/faulty_server.py" "$_port" "$1" &
	_pid=$!
	at_exit "stop_daemon $_pid"
	wait_port "$_port" 10 || return 2
	"$LOADGEN" --port "$_port" --scenario fanout --clients 12 --rooms 2 \
	    --window 8 --warmup 0.1 --duration 0.5 --timeout 5 \
	    >"$TEST_TMP/fault-$1.out" 2>"$TEST_TMP/fault-$1.err"
	_st=$?
	stop_daemon $_pid
	diag "fault $1: $(cat "$TEST_TMP/fault-$1.out")"
	return $_st
}

ok 'fault_run none' "loadgen passes an unbroken relay"
ok '! fault_run drop && [ "$(field fault-drop lost)" -gt 0 ]' \
    "loadgen catches a dropped message"
ok '! fault_run dup && [ "$(field fault-dup dup)" -gt 0 ]' \
    "loadgen catches a duplicated message"
ok '! fault_run swap && [ "$(field fault-swap lost)" -gt 0 ] &&
    [ "$(field fault-swap dup)" -gt 0 ]' \
    "loadgen catches two messages swapped"

done_testing
