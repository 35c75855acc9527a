#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A seconds-long run of every bench scenario against tui-chatd, asserting
# correctness only: every client registered and joined, every message
# delivered once, in order, to every other member. No timing is checked.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"

LOADGEN="$top_builddir/tests/bench/loadgen"

plan 5

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

if ! start_daemon --set flood_limit=0 --set max_per_ip=0; then
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

done_testing
